//! The test harness: start the app against a database of its own, visit it like a browser,
//! read the emails it sends.
//!
//! Most tests call the app's router in memory, and its outbox delivers into memory when they
//! read their emails. A test that needs a real server (a browser, a raw socket, SMTP, a
//! restart, requests truly in parallel) starts it on a port, as in production:
//! `TestApp::serve`, or `app: Tcp` in `both_backends!`.

#![allow(dead_code)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use essaim::Config;
use essaim_mail::{Delivery, Mailbag, OutboxWorker};
use essaim_store::Store;

pub mod database;
pub mod donations;
pub mod mail;
pub mod material;
pub mod programme;
pub mod visitor;

pub use mail::Mail;
pub use visitor::{Multipart, Response, Visitor};

use database::TestDatabase;
use visitor::Route;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// How a test reaches the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// Its router, called in memory; the outbox delivers into memory when emails are read.
    Memory,
    /// A server on a port, started as in production (its outbox worker writes the mbox file,
    /// or sends to the configured SMTP relay).
    Tcp,
}

/// Runs each test once per backend: `mod sqlite { … }` and `mod postgres { … }`.
macro_rules! both_backends {
    // Tests that start the app themselves (custom configuration) receive the backend.
    ($(async fn $name:ident(backend: $backend:ident) $body:block)*) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let $backend = $crate::support::Backend::Sqlite;
                    $body
                }
            )*
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let $backend = $crate::support::Backend::Postgres;
                    $body
                }
            )*
        }
    };
    // `app` reaches the app in memory; `app: Tcp` on a port.
    ($(async fn $name:ident($app:ident $(: $transport:ident)?) $body:block)*) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let transport = $crate::support::transport!($($transport)?);
                    let $app = $crate::support::TestApp::start($crate::support::Backend::Sqlite, transport, |_| {}).await.unwrap();
                    $body
                }
            )*
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let transport = $crate::support::transport!($($transport)?);
                    let Some($app) = $crate::support::TestApp::start($crate::support::Backend::Postgres, transport, |_| {}).await else {
                        return;
                    };
                    $body
                }
            )*
        }
    };
}
pub(crate) use both_backends;

macro_rules! transport {
    () => {
        $crate::support::Transport::Memory
    };
    ($transport:ident) => {
        $crate::support::Transport::$transport
    };
}
pub(crate) use transport;

pub struct TestApp {
    /// The site's address: where it listens, or (in memory) the address its links point to.
    pub base: String,
    /// The database the app uses, for running the `essaim` command against it.
    pub database_url: String,
    pub store: Store,
    pub secret: Vec<u8>,
    pub backend: Backend,
    /// A visitor with its own cookies.
    pub client: Visitor,
    site: Site,
    /// What the app was started with, to start it again (`restart`).
    config: Config,
    mail_dir: PathBuf,
    _database: TestDatabase,
    _dir: tempfile::TempDir,
}

enum Site {
    Memory {
        router: axum::Router,
        outbox: Box<OutboxWorker>,
        mailbag: Mailbag,
    },
    Tcp(Option<essaim::Running>),
}

impl Site {
    fn visitor(&self) -> Visitor {
        match self {
            Site::Memory { router, .. } => Visitor::new(Route::Memory(router.clone())),
            Site::Tcp(_) => Visitor::new(Route::tcp()),
        }
    }
}

impl TestApp {
    /// In memory. `None` when the backend is PostgreSQL and none is configured (and it is not
    /// required).
    pub async fn spawn(backend: Backend) -> Option<Self> {
        Self::start(backend, Transport::Memory, |_| {}).await
    }

    pub async fn spawn_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> Option<Self> {
        Self::start(backend, Transport::Memory, tweak).await
    }

    /// On a port.
    pub async fn serve(backend: Backend) -> Option<Self> {
        Self::start(backend, Transport::Tcp, |_| {}).await
    }

    pub async fn serve_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> Option<Self> {
        Self::start(backend, Transport::Tcp, tweak).await
    }

    pub async fn start(
        backend: Backend,
        transport: Transport,
        tweak: impl FnOnce(&mut Config),
    ) -> Option<Self> {
        let dir = tempfile::tempdir().expect("temporary folder");
        let database = TestDatabase::new(backend, dir.path()).await?;
        let mut config = Config {
            bind: "127.0.0.1:0".into(),
            database_url: database.url.clone(),
            counter_interval_ms: 50,
            ..Config::default()
        };
        config.mail.file_dir = dir.path().join("mail");
        config.limits.sign_per_minute = 10_000;
        config.limits.sign_per_hour = 10_000;
        config.limits.login_per_minute = 10_000;
        config.limits.login_per_hour = 10_000;
        tweak(&mut config);
        let (base, store, secret, site) = match transport {
            Transport::Memory => {
                let app = essaim::App::assemble(&config)
                    .await
                    .expect("the app starts");
                app.spawn_upkeep();
                let mailbag = Mailbag::default();
                let outbox = Box::new(app.outbox.delivering_to(Delivery::Memory(mailbag.clone())));
                let site = Site::Memory {
                    router: app.router,
                    outbox,
                    mailbag,
                };
                (app.base_url, app.store, app.secret, site)
            }
            Transport::Tcp => {
                let running = essaim::start(config.clone()).await.expect("the app starts");
                (
                    // Where it listens, even when the configured public address is another.
                    format!("http://{}", running.addr),
                    running.store.clone(),
                    running.secret.clone(),
                    Site::Tcp(Some(running)),
                )
            }
        };
        Some(Self {
            base,
            database_url: config.database_url.clone(),
            store,
            secret,
            backend,
            client: site.visitor(),
            site,
            mail_dir: config.mail.file_dir.clone(),
            config,
            _database: database,
            _dir: dir,
        })
    }

    /// Stops the app cleanly (as on SIGTERM) and starts it again on the same database; it
    /// listens on a new port.
    pub async fn restart(&mut self) {
        let Site::Tcp(running) = &mut self.site else {
            panic!("only an app on a port restarts");
        };
        if let Some(running) = running.take() {
            running.shutdown().await;
        }
        let started = essaim::start(self.config.clone())
            .await
            .expect("the app starts again");
        self.base = format!("http://{}", started.addr);
        self.store = started.store.clone();
        *running = Some(started);
    }

    /// A new visitor: its own cookie jar, redirects not followed (tests look at them).
    pub fn browser(&self) -> Visitor {
        self.site.visitor()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, client: &Visitor, path: &str) -> (u16, String) {
        let response = client.get(self.url(path)).send().await.expect("GET");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }

    /// Loads `page` to get the CSRF cookie and token, then posts `fields` to `action` with it.
    pub async fn submit(
        &self,
        client: &Visitor,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> (u16, String) {
        let (status, _, body) = self.post_form(client, page, action, fields).await;
        (status, body)
    }

    /// Loads `page` for its CSRF token, posts `fields` to `action`; returns the status, the
    /// redirect's location (or "") and the body.
    pub async fn post_form(
        &self,
        client: &Visitor,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> (u16, String, String) {
        let (_, html) = self.get(client, page).await;
        let token = csrf_token_in(&html);
        let mut form: Vec<(&str, &str)> = vec![("csrf", token.as_str())];
        form.extend_from_slice(fields);
        let response = client
            .post(self.url(action))
            .form(&form)
            .send()
            .await
            .expect("POST");
        answer_of(response).await
    }

    /// Logs `email` in through the magic link; returns the visitor.
    pub async fn logged_in(&self, email: &str) -> Visitor {
        let visitor = self.browser();
        let (status, _) = self
            .submit(&visitor, "/connexion", "/connexion", &[("email", email)])
            .await;
        assert_eq!(status, 200);
        let mail = self.wait_for_mail_with(email, "/connexion/lien").await;
        let link = mail.link_path("/connexion/lien");
        let (_, page) = self.get(&visitor, &link).await;
        let jeton = link.split("jeton=").nth(1).unwrap().to_string();
        let form = [("csrf", csrf_token_in(&page)), ("jeton", jeton)];
        let response = visitor
            .post(self.url("/connexion/lien"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 303);
        visitor
    }

    /// Signs from the home page with the given email and otherwise valid details.
    pub async fn sign(&self, client: &Visitor, email: &str) -> (u16, String) {
        self.submit(client, "/", "/signer", &valid_signature(email))
            .await
    }

    /// Signs and opens the confirmation link; returns the visitor, now logged in.
    pub async fn signed_and_confirmed(&self, email: &str) -> Visitor {
        self.signed_and_confirmed_at(email, "75018").await
    }

    /// The same, for someone living at `postal_code`.
    pub async fn signed_and_confirmed_at(&self, email: &str, postal_code: &str) -> Visitor {
        let client = self.browser();
        let mut fields = valid_signature(email);
        fields.retain(|(name, _)| *name != "postal_code");
        fields.push(("postal_code", postal_code));
        let (status, _) = self.submit(&client, "/", "/signer", &fields).await;
        assert_eq!(status, 200);
        let mail = self.wait_for_mail(email, 1).await.remove(0);
        let (status, page) = self.confirm(&client, &mail).await;
        assert_eq!(status, 200, "the confirmation link works");
        assert!(page.contains("Votre signature est confirmée"));
        client
    }

    /// Opens the confirmation link of `mail` and presses its button, as a person does; returns
    /// the page finally shown (the confirmed page, once the redirect is followed).
    pub async fn confirm(&self, client: &Visitor, mail: &Mail) -> (u16, String) {
        let (status, page) = self
            .get(client, &mail.link_path("/signature/confirmer"))
            .await;
        if !page.contains("action=\"/signature/confirmer\"") {
            return (status, page);
        }
        let jeton = field_value_in(&page, "jeton");
        let response = client
            .post(self.url("/signature/confirmer"))
            .form(&[("jeton", jeton)])
            .send()
            .await
            .expect("POST");
        let status = response.status().as_u16();
        let Some(location) = response.headers().get("location") else {
            return (status, response.text().await.expect("body"));
        };
        let location = location.to_str().unwrap().to_string();
        self.get(client, &location).await
    }

    /// The signature of the person who signed with `email`.
    pub async fn signature_of(&self, email: &str) -> essaim_store::people::OwnSignature {
        let person = self
            .store
            .find_person_by_email(email)
            .await
            .unwrap()
            .unwrap();
        self.store.signature_of(person.id).await.unwrap().unwrap()
    }

    /// The public counter once the batch that follows now has run.
    pub async fn settled_count(&self) -> i64 {
        let truth = self.store.public_counts().await.expect("counter").confirmed;
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let shown = self.api_count().await;
            if shown == truth || Instant::now() > deadline {
                return shown;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub async fn api_count(&self) -> i64 {
        self.counts_shown().await.0
    }

    /// `/api/compteur` as (signatures, hors_ligne).
    pub async fn counts_shown(&self) -> (i64, i64) {
        let json: serde_json::Value = self
            .client
            .get(self.url("/api/compteur"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        (
            json["signatures"].as_i64().expect("a number"),
            json["hors_ligne"].as_i64().expect("a number"),
        )
    }

    /// Waits until `n` emails addressed to `to` have been sent, and returns them, oldest first.
    pub async fn wait_for_mail(&self, to: &str, n: usize) -> Vec<Mail> {
        self.mail_once(to, |mails| {
            let found = mails.len();
            (found >= n)
                .then_some(mails)
                .ok_or_else(|| format!("expected {n} email(s) to {to}, found {found}"))
        })
        .await
    }

    /// The first email to `to` that contains `words`, once it has been sent.
    pub async fn wait_for_mail_with(&self, to: &str, words: &str) -> Mail {
        self.mail_once(to, |mails| {
            mails
                .into_iter()
                .find(|m| m.text.contains(words))
                .ok_or_else(|| format!("no email to {to} containing « {words} »"))
        })
        .await
    }

    /// Emails to `to` once the outbox is empty (to check that nothing more was sent).
    pub async fn mail_when_idle(&self, to: &str) -> Vec<Mail> {
        if let Site::Tcp(_) = self.site {
            let deadline = Instant::now() + Duration::from_secs(10);
            while self.store.unsent_email_count().await.unwrap() > 0 && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        self.mail_sent_to(to).await
    }

    /// Whether every email queued has been sent (in memory, the outbox first delivers what is
    /// due).
    pub async fn outbox_is_empty(&self) -> bool {
        if let Site::Memory { outbox, .. } = &self.site {
            outbox.deliver_due().await;
        }
        self.store.unsent_email_count().await.unwrap() == 0
    }

    /// What `found` makes of the emails sent to `to`, as soon as it makes something of them;
    /// its complaint after 10 s.
    async fn mail_once<T>(&self, to: &str, found: impl Fn(Vec<Mail>) -> Result<T, String>) -> T {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match found(self.mail_sent_to(to).await) {
                Ok(found) => return found,
                Err(complaint) if Instant::now() > deadline => panic!("{complaint}"),
                Err(_) => {}
            }
            match &self.site {
                // Woken when an email is queued; the short sleep in case one is queued without.
                Site::Memory { .. } => tokio::select! {
                    _ = self.store.outbox_signalled() => {}
                    _ = tokio::time::sleep(Duration::from_millis(20)) => {}
                },
                Site::Tcp(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    /// The emails sent to `to` so far, oldest first; in memory, the outbox first delivers what
    /// is due.
    async fn mail_sent_to(&self, to: &str) -> Vec<Mail> {
        match &self.site {
            Site::Memory {
                outbox, mailbag, ..
            } => {
                outbox.deliver_due().await;
                mail::in_bag(mailbag, to)
            }
            Site::Tcp(_) => mail::in_mbox(&self.mail_dir, to),
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Site::Tcp(Some(running)) = &self.site {
            running.abort();
        }
    }
}

/// A client for a server of the test's own (not a `TestApp`), following no redirect.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client")
}

/// The status of an answer, its redirect's location (or "") and its body.
pub async fn answer_of(response: Response) -> (u16, String, String) {
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, location, response.text().await.expect("body"))
}

/// The values given to the cookie `name` by the `Set-Cookie` headers of a response.
pub fn cookies_set(headers: &reqwest::header::HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok()?.strip_prefix(&format!("{name}=")))
        .map(|rest| rest.split(';').next().unwrap_or_default().to_string())
        .collect()
}

/// The id at the start of a redirect like `/groupes/12?info=…`, after `prefix` (`/groupes/`).
pub fn id_in(location: &str, prefix: &str) -> i64 {
    location
        .trim_start_matches(prefix)
        .split(['?', '/', '#'])
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("no id in {location}"))
}

/// The CSRF token of the first form in a page.
pub fn csrf_token_in(html: &str) -> String {
    field_value_in(html, "csrf")
}

/// The value of the first form field `name` in a page.
pub fn field_value_in(html: &str, name: &str) -> String {
    let before = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&before)
        .unwrap_or_else(|| panic!("no field {name} in:\n{html}"))
        + before.len();
    html[start..].split('"').next().unwrap().to_string()
}

/// Text of a page as a person reads it: the entities askama writes for `'`, `"`, `&`, `<`, `>`
/// (and `/` in attributes) turned back into characters.
pub fn unescape(html: &str) -> String {
    html.replace("&#x2f;", "/")
        .replace("&#47;", "/")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

pub fn valid_signature(email: &str) -> Vec<(&'static str, &str)> {
    vec![
        ("first_name", "Louise"),
        ("last_name", "Michel"),
        ("email", email),
        ("postal_code", "75018"),
        ("country", "FR"),
        ("phone", ""),
        ("news_optin", "1"),
    ]
}

//! The test harness: start the app against a fresh database, talk to it like a browser, read
//! the emails it writes to its mail folder.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use essaim::Config;
use essaim_store::Store;
use sqlx::Connection;

pub mod mail;
pub use mail::Mail;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
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
    ($(async fn $name:ident($app:ident) $body:block)*) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let $app = $crate::support::TestApp::spawn($crate::support::Backend::Sqlite).await.unwrap();
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
                    let Some($app) = $crate::support::TestApp::spawn($crate::support::Backend::Postgres).await else {
                        return;
                    };
                    $body
                }
            )*
        }
    };
}
pub(crate) use both_backends;

pub struct TestApp {
    pub base: String,
    /// The database the app uses, for running the `essaim` command against it.
    pub database_url: String,
    pub store: Store,
    pub secret: Vec<u8>,
    pub mail_dir: PathBuf,
    pub backend: Backend,
    /// A visitor with its own cookies.
    pub client: reqwest::Client,
    running: Option<essaim::Running>,
    /// What the app was started with, to start it again (`restart`).
    config: Config,
    postgres_schema: Option<(String, String)>,
    _dir: tempfile::TempDir,
}

/// Whether a PostgreSQL skip must fail the run (CI sets it).
fn postgres_required() -> bool {
    std::env::var("ESSAIM_REQUIRE_POSTGRES").is_ok_and(|v| !v.is_empty() && v != "0")
}

impl TestApp {
    /// `None` when the backend is PostgreSQL and none is configured (and it is not required).
    pub async fn spawn(backend: Backend) -> Option<Self> {
        Self::spawn_with(backend, |_| {}).await
    }

    pub async fn spawn_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> Option<Self> {
        let dir = tempfile::tempdir().expect("temporary folder");
        let (database_url, postgres_schema) = match backend {
            Backend::Sqlite => (
                format!("sqlite://{}", dir.path().join("essaim.db").display()),
                None,
            ),
            Backend::Postgres => {
                let (url, schema) = fresh_postgres_schema().await?;
                let separator = if url.contains('?') { '&' } else { '?' };
                // A test ends by aborting the app: a transaction it was in the middle of stays
                // open on a pooled connection and would block the schema's DROP for ever; the
                // server ends such a session after 10 s instead.
                (
                    format!(
                        "{url}{separator}options=-c%20search_path%3D{schema}%20-c%20idle_in_transaction_session_timeout%3D10000"
                    ),
                    Some((url, schema)),
                )
            }
        };
        let mut config = Config {
            bind: "127.0.0.1:0".into(),
            database_url,
            counter_interval_ms: 50,
            ..Config::default()
        };
        config.mail.file_dir = dir.path().join("mail");
        config.limits.sign_per_minute = 10_000;
        config.limits.sign_per_hour = 10_000;
        config.limits.login_per_minute = 10_000;
        config.limits.login_per_hour = 10_000;
        tweak(&mut config);
        let mail_dir = config.mail.file_dir.clone();
        let database_url = config.database_url.clone();
        let running = essaim::start(config.clone()).await.expect("the app starts");
        Some(Self {
            // Where it listens, even when the configured public address is another (https).
            base: format!("http://{}", running.addr),
            database_url,
            store: running.store.clone(),
            secret: running.secret.clone(),
            mail_dir,
            backend,
            client: Self::browser(),
            running: Some(running),
            config,
            postgres_schema,
            _dir: dir,
        })
    }

    /// Stops the app cleanly (as on SIGTERM) and starts it again on the same database; it
    /// listens on a new port.
    pub async fn restart(&mut self) {
        if let Some(running) = self.running.take() {
            running.shutdown().await;
        }
        let running = essaim::start(self.config.clone())
            .await
            .expect("the app starts again");
        self.base = format!("http://{}", running.addr);
        self.store = running.store.clone();
        self.running = Some(running);
    }

    /// A new visitor: its own cookie jar, redirects not followed (tests look at them).
    pub fn browser() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("HTTP client")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, client: &reqwest::Client, path: &str) -> (u16, String) {
        let response = client.get(self.url(path)).send().await.expect("GET");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }

    /// Loads `page` to get the CSRF cookie and token, then posts `fields` to `action` with it.
    pub async fn submit(
        &self,
        client: &reqwest::Client,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> (u16, String) {
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
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }

    /// Loads `page` for its CSRF token, posts `fields` to `action`; returns the status, the
    /// redirect's location (or "") and the body.
    pub async fn post_form(
        &self,
        client: &reqwest::Client,
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

    /// Signs from the home page with the given email and otherwise valid details.
    pub async fn sign(&self, client: &reqwest::Client, email: &str) -> (u16, String) {
        self.submit(client, "/", "/signer", &valid_signature(email))
            .await
    }

    /// Signs and opens the confirmation link; returns the visitor, now logged in.
    pub async fn signed_and_confirmed(&self, email: &str) -> reqwest::Client {
        self.signed_and_confirmed_at(email, "75018").await
    }

    /// The same, for someone living at `postal_code`.
    pub async fn signed_and_confirmed_at(&self, email: &str, postal_code: &str) -> reqwest::Client {
        let client = Self::browser();
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
    pub async fn confirm(&self, client: &reqwest::Client, mail: &Mail) -> (u16, String) {
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
        let json: serde_json::Value = self
            .client
            .get(self.url("/api/compteur"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        json["signatures"].as_i64().expect("a number")
    }

    /// Waits until `n` emails addressed to `to` have been written, and returns them, oldest first.
    pub async fn wait_for_mail(&self, to: &str, n: usize) -> Vec<Mail> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let mails = mail::read_all(&self.mail_dir, to);
            if mails.len() >= n || Instant::now() > deadline {
                assert!(
                    mails.len() >= n,
                    "expected {n} email(s) to {to}, found {}",
                    mails.len()
                );
                return mails;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Emails to `to` once the outbox is empty (to check that nothing more was sent).
    pub async fn mail_when_idle(&self, to: &str) -> Vec<Mail> {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.store.unsent_email_count().await.unwrap() > 0 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        mail::read_all(&self.mail_dir, to)
    }

    pub fn mail_dir(&self) -> &Path {
        &self.mail_dir
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(running) = &self.running {
            running.abort();
        }
        if let Some((url, schema)) = self.postgres_schema.take() {
            // Drop is synchronous: clean the schema up from a thread with its own runtime.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                runtime.block_on(async {
                    let mut conn = sqlx::AnyConnection::connect(&url).await.ok()?;
                    sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                        .execute(&mut conn)
                        .await
                        .ok()
                })
            })
            .join();
        }
    }
}

async fn fresh_postgres_schema() -> Option<(String, String)> {
    let Ok(url) = std::env::var("ESSAIM_TEST_POSTGRES_URL") else {
        assert!(
            !postgres_required(),
            "ESSAIM_REQUIRE_POSTGRES is set but ESSAIM_TEST_POSTGRES_URL is not: PostgreSQL tests cannot be skipped"
        );
        eprintln!("NOTICE: PostgreSQL test skipped (set ESSAIM_TEST_POSTGRES_URL to run it)");
        return None;
    };
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&url)
        .await
        .unwrap_or_else(|e| {
            panic!("ESSAIM_TEST_POSTGRES_URL is set but PostgreSQL is unreachable: {e}")
        });
    let schema = format!("essaim_test_{}_{}", std::process::id(), rand_suffix());
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut conn)
        .await
        .expect("create schema");
    Some((url, schema))
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("{}_{nanos}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The status of an answer, its redirect's location (or "") and its body.
pub async fn answer_of(response: reqwest::Response) -> (u16, String, String) {
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

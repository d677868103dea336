//! A real browser (headless Chromium, driven over WebDriver) goes through the signature:
//! sign → open the emailed link and press its button → the counter shows 1; then find a group by postal code, join
//! it and see it in "Mon espace"; answer the Agir questionnaire, see the recipes, register to an
//! event and get its .ics; give 20 € through the test-payment simulator and see the gift there;
//! order the starter kit and posters and see the order there; read an axis of the programme,
//! contribute past a similar contribution, support one and report another.

use std::net::TcpListener as StdListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

use essaim_store::events::NewEvent;
use essaim_store::groups::NewGroup;

use crate::support::{Backend, TestApp};

mod agir;
mod axe;
mod donations;
mod electoral;
mod forms;
mod groups;
mod mailings;
mod material;
mod programme;
mod signature;

pub use axe::assert_accessible;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The app on SQLite, on a port (the browser's way in), with map tiles asked of its own origin
/// (a 404 here): the journeys never reach out to the internet.
pub async fn spawn_app() -> TestApp {
    TestApp::serve_with(Backend::Sqlite, |config| {
        config.map_tiles_url = "/tuiles-de-test/{z}/{x}/{y}.png".into();
    })
    .await
    .unwrap()
}

/// A group that meets at the Croix-Rousse, in Lyon.
pub fn croix_rousse_group() -> NewGroup<'static> {
    NewGroup {
        name: "Groupe de la Croix-Rousse",
        description: "Nous nous retrouvons le mardi soir.",
        address: None,
        postal_code: "69004",
        commune: "Lyon 4e Arrondissement",
        departement: "69",
        point: essaim_geo::point_of_postal_code("69004").unwrap(),
        frequency: "hebdomadaire",
        public_contact: None,
    }
}

/// A watch party at the Croix-Rousse a week after `now`: 40 places, the exact address for the
/// people registered.
pub fn croix_rousse_watch_party(now: i64) -> NewEvent<'static> {
    NewEvent {
        group_id: None,
        kind: "ecoute",
        title: "Écoute collective à la Croix-Rousse",
        description: "Nous regardons le discours ensemble.",
        starts_at: now + 7 * 86400,
        ends_at: now + 7 * 86400 + 7200,
        timezone: "Europe/Paris",
        online_url: None,
        address: Some("5 place de la Croix-Rousse"),
        postal_code: Some("69004"),
        commune: Some("Lyon 4e Arrondissement"),
        departement: Some("69"),
        point: essaim_geo::point_of_postal_code("69004"),
        address_public: false,
        capacity: Some(40),
        accessibility: "accessible",
        accessibility_notes: None,
    }
}

/// Kills chromedriver (and with it the browser) when the test ends, even on panic.
pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn browser_required() -> bool {
    std::env::var("ESSAIM_REQUIRE_BROWSER").is_ok_and(|v| !v.is_empty() && v != "0")
}

pub async fn start_browser(profile: &Path) -> Option<(Driver, Client)> {
    if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
        assert!(
            !browser_required(),
            "ESSAIM_REQUIRE_BROWSER is set but {CHROMIUM} or {CHROMEDRIVER} is missing"
        );
        eprintln!("NOTICE: browser test skipped (install chromium and chromium-driver)");
        return None;
    }
    let port = StdListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let driver = Driver(
        Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not start listening"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=420,1200",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a WebDriver session with Chromium");
    Some((driver, client))
}

/// The text of the first element matching `css`, once there is one. A page being replaced (a
/// navigation finishing, a live update) can make the element stale between finding and reading
/// it: then look again.
pub async fn text_of(browser: &Client, css: &str) -> String {
    let mut attempts = 0;
    loop {
        let element = browser.wait().for_element(Locator::Css(css)).await.unwrap();
        match element.text().await {
            Ok(text) => return text,
            Err(_) if attempts < 20 => {
                attempts += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(error) => panic!("cannot read {css}: {error}"),
        }
    }
}

/// Waits until the page's h1 reads `expected` (after a click, the old page may still be shown).
pub async fn wait_for_heading(browser: &Client, expected: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let heading = text_of(browser, "h1").await;
        if heading == expected {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the page says {heading:?}, not {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Types into the signature form of the page on screen and sends it.
pub async fn sign_in_the_form(
    browser: &Client,
    first: &str,
    last: &str,
    email: &str,
    postal_code: &str,
) {
    for (field, value) in [
        ("first_name", first),
        ("last_name", last),
        ("email", email),
        ("postal_code", postal_code),
    ] {
        browser
            .wait()
            .for_element(Locator::Id(field))
            .await
            .unwrap()
            .send_keys(value)
            .await
            .unwrap();
    }
    browser
        .wait()
        .for_element(Locator::Css("form[action='/signer'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Opens, in the browser, the confirmation link emailed to `email` and presses its button
/// (which logs the person in); waits for the confirmed page.
pub async fn open_the_confirmation_link(browser: &Client, app: &TestApp, email: &str) {
    let mail = app.wait_for_mail(email, 1).await.remove(0);
    browser
        .goto(&app.url(&mail.link_path("/signature/confirmer")))
        .await
        .unwrap();
    assert_accessible(browser).await;
    press_the_confirmation_button(browser).await;
    wait_for_heading(browser, "Votre signature est confirmée").await;
    assert_accessible(browser).await;
}

/// Presses « Je confirme ma signature » on the page of a confirmation link.
pub async fn press_the_confirmation_button(browser: &Client) {
    browser
        .wait()
        .for_element(Locator::Css(
            "form[action='/signature/confirmer'] button[type=submit]",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Types `place` in the search form of the page on screen, sends it, and waits for the results
/// page (the page before may already list results, for the person's own postal code).
pub async fn search_near(browser: &Client, place: &str) {
    let search = browser.wait().for_element(Locator::Id("q")).await.unwrap();
    search.clear().await.unwrap();
    search.send_keys(place).await.unwrap();
    browser
        .wait()
        .for_element(Locator::Css("form[role=search] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !browser
        .current_url()
        .await
        .unwrap()
        .query()
        .unwrap_or_default()
        .contains(&format!("q={place}"))
    {
        assert!(
            Instant::now() < deadline,
            "the search for {place} never loaded"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_accessible(browser).await;
}

/// The Content-Security-Policy violations the page on screen has reported, those of its loading
/// included (the observer asks for buffered reports).
pub async fn csp_violations(browser: &Client) -> Vec<String> {
    let seen = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const seen = [];
             const keep = (reports) => reports.forEach((r) =>
               seen.push(r.body.effectiveDirective + ' ' + (r.body.blockedURL || '')));
             const observer = new ReportingObserver(keep, { types: ['csp-violation'], buffered: true });
             observer.observe();
             setTimeout(() => { keep(observer.takeRecords()); done(seen); }, 300);",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(seen).unwrap()
}

pub async fn counter_text(browser: &Client) -> String {
    text_of(browser, "#compteur").await
}

/// What the page says, with the non-breaking spaces of French amounts ("20 €", "7 480 €") made
/// plain, whether or not the WebDriver already does.
pub fn plain(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ")
}

/// Waits until the text of `css` holds `words` (after a click, the old page may still be shown).
pub async fn wait_for_text(browser: &Client, css: &str, words: &str) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let text = plain(&text_of(browser, css).await);
        if text.contains(words) {
            return text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{css} says {text:?}, not {words:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Replaces what a text field holds (a logged-in person finds some already filled in).
pub async fn type_in(browser: &Client, id: &str, value: &str) {
    let field = browser.wait().for_element(Locator::Id(id)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(value).await.unwrap();
}

pub async fn click(browser: &Client, css: &str) {
    browser
        .wait()
        .for_element(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Follows the link that reads `text`.
pub async fn click_link(browser: &Client, text: &str) {
    browser
        .wait()
        .for_element(Locator::LinkText(text))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

pub async fn value_of(browser: &Client, id: &str) -> String {
    browser
        .find(Locator::Id(id))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// The page on screen passes axe and needs no sideways scrolling in the test window (420 px
/// wide, a large phone): amounts, long notices, tables and banners wrap.
pub async fn assert_accessible_and_narrow(browser: &Client) {
    assert_accessible(browser).await;
    let overflow = browser
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        overflow,
        serde_json::json!(0),
        "{} scrolls sideways on a narrow screen",
        browser.current_url().await.unwrap()
    );
}

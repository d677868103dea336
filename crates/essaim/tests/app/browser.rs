//! A real browser (headless Chromium, driven over WebDriver) goes through the signature:
//! sign → open the emailed link → the counter shows 1.

use std::net::TcpListener as StdListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

use crate::support::{Backend, TestApp};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Kills chromedriver (and with it the browser) when the test ends, even on panic.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn browser_required() -> bool {
    std::env::var("ESSAIM_REQUIRE_BROWSER").is_ok_and(|v| !v.is_empty() && v != "0")
}

async fn start_browser(profile: &Path) -> Option<(Driver, Client)> {
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

async fn text_of(browser: &Client, css: &str) -> String {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn counter_text(browser: &Client) -> String {
    text_of(browser, "#compteur").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_confirming_and_seeing_the_counter_in_a_real_browser() {
    let profile = tempfile::tempdir().unwrap();
    let Some((_driver, browser)) = start_browser(profile.path()).await else {
        return;
    };
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();

    browser.goto(&app.url("/")).await.unwrap();
    assert_eq!(counter_text(&browser).await, "0");
    for (field, value) in [
        ("first_name", "Louise"),
        ("last_name", "Michel"),
        ("email", "navigateur@exemple.fr"),
        ("postal_code", "75018"),
    ] {
        browser
            .find(Locator::Id(field))
            .await
            .unwrap()
            .send_keys(value)
            .await
            .unwrap();
    }
    browser
        .find(Locator::Css("form[action='/signer'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(text_of(&browser, "h1").await, "Merci !");

    let mail = app
        .wait_for_mail("navigateur@exemple.fr", 1)
        .await
        .remove(0);
    browser
        .goto(&app.url(&mail.link_path("/signature/confirmer")))
        .await
        .unwrap();
    assert_eq!(
        text_of(&browser, "h1").await,
        "Votre signature est confirmée"
    );

    // The batch flush runs on a timer: reload until the page shows the new figure, then let
    // the page's own script refresh it and check it agrees.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        browser.goto(&app.url("/")).await.unwrap();
        if counter_text(&browser).await == "1" {
            break;
        }
        assert!(Instant::now() < deadline, "the counter never showed 1");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let polled = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/api/compteur').then(r => r.json()).then(d => done(d.signatures));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(polled, serde_json::json!(1));
    tokio::time::sleep(Duration::from_millis(3500)).await;
    assert_eq!(
        counter_text(&browser).await,
        "1",
        "after the live update the page still shows 1"
    );
    browser.close().await.unwrap();
}

//! A real browser (headless Chromium, driven over WebDriver) goes through the signature:
//! sign → open the emailed link → the counter shows 1; then find a group by postal code, join
//! it and see it in "Mon espace"; answer the Agir questionnaire, see the recipes, register to an
//! event and get its .ics.

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

/// The text of the first element matching `css`, once there is one. A page being replaced (a
/// navigation finishing, a live update) can make the element stale between finding and reading
/// it: then look again.
async fn text_of(browser: &Client, css: &str) -> String {
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

/// Types into the signature form of the page on screen and sends it.
async fn sign_in_the_form(
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

/// Opens, in the browser, the confirmation link emailed to `email` (which logs the person in).
async fn open_the_confirmation_link(browser: &Client, app: &TestApp, email: &str) {
    let mail = app.wait_for_mail(email, 1).await.remove(0);
    browser
        .goto(&app.url(&mail.link_path("/signature/confirmer")))
        .await
        .unwrap();
}

/// Types `place` in the search form of the page on screen, sends it, and waits for the results
/// page (the page before may already list results, for the person's own postal code).
async fn search_near(browser: &Client, place: &str) {
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
    sign_in_the_form(
        &browser,
        "Louise",
        "Michel",
        "navigateur@exemple.fr",
        "75018",
    )
    .await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finding_a_group_by_postal_code_joining_it_and_seeing_it_in_my_space() {
    let profile = tempfile::tempdir().unwrap();
    let Some((_driver, browser)) = start_browser(profile.path()).await else {
        return;
    };
    // Tiles from our own origin (a 404 here): the test never reaches out to the internet.
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.map_tiles_url = "/tuiles-de-test/{z}/{x}/{y}.png".into();
    })
    .await
    .unwrap();
    app.signed_and_confirmed("animatrice@exemple.fr").await;
    let creator = app
        .store
        .find_person_by_email("animatrice@exemple.fr")
        .await
        .unwrap()
        .unwrap();
    let group = essaim_store::groups::NewGroup {
        name: "Groupe de la Croix-Rousse",
        description: "Nous nous retrouvons le mardi soir.",
        address: None,
        postal_code: "69004",
        commune: "Lyon 4e Arrondissement",
        departement: "69",
        point: essaim_geo::point_of_postal_code("69004").unwrap(),
        frequency: "hebdomadaire",
        public_contact: None,
    };
    let group_id = app.store.create_group(&group, creator.id, 0).await.unwrap();

    // Log in as a new supporter: sign, then open the emailed link in the browser.
    browser.goto(&app.url("/")).await.unwrap();
    sign_in_the_form(&browser, "Rosa", "Luxemburg", "rosa@exemple.fr", "69001").await;
    open_the_confirmation_link(&browser, &app, "rosa@exemple.fr").await;

    // Find the group by postal code from the navigation.
    browser
        .wait()
        .for_element(Locator::LinkText("Groupes d'appui"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    search_near(&browser, "69001").await;
    let first = text_of(&browser, "#groupes-liste li").await;
    assert!(
        first.contains("Groupe de la Croix-Rousse")
            && first.contains(" à ")
            && first.contains(" m "),
        "{first}"
    );
    // With JavaScript on, the map shows the group as a keyboard-reachable marker.
    let marker = browser
        .wait()
        .for_element(Locator::Css(&format!(
            "#carte a[href='/groupes/{group_id}']"
        )))
        .await;
    assert!(marker.is_ok(), "the map draws a marker for the group");

    browser
        .wait()
        .for_element(Locator::LinkText("Groupe de la Croix-Rousse"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait()
        .for_element(Locator::Css(&format!(
            "form[action='/groupes/{group_id}/rejoindre'] button"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let status = text_of(&browser, "p[role=status]").await;
    assert!(status.contains("Bienvenue dans le groupe"), "{status}");

    browser.goto(&app.url("/mon-espace")).await.unwrap();
    let mine = text_of(&browser, "section[aria-labelledby=mes-groupes]").await;
    assert!(
        mine.contains("Groupe de la Croix-Rousse") && mine.contains("membre"),
        "{mine}"
    );
    browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answering_the_questionnaire_seeing_recipes_registering_and_getting_the_ics() {
    use essaim_domain::agir::profile::Interest;
    use essaim_domain::agir::recipe::{Place, RecipeDetails};

    let profile = tempfile::tempdir().unwrap();
    let Some((_driver, browser)) = start_browser(profile.path()).await else {
        return;
    };
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.map_tiles_url = "/tuiles-de-test/{z}/{x}/{y}.png".into();
    })
    .await
    .unwrap();
    let now = essaim_store::now();
    // Two recipes: the short online writing one fits an evening writer first.
    let recipe =
        |title: &str, minutes: u32, place: Place, interests: Vec<Interest>| RecipeDetails {
            title: title.into(),
            summary: format!("{title} : le résumé."),
            body: "1. Faire.\n2. Recommencer.".into(),
            material: None,
            duration_minutes: minutes,
            people_min: 1,
            people_max: 10,
            place,
            interests,
            skills: Vec::new(),
            published: true,
        };
    app.store
        .create_recipe(
            &recipe(
                "Tracter au marché",
                120,
                Place::Street,
                vec![Interest::TalkingToPeople],
            ),
            now,
        )
        .await
        .unwrap();
    app.store
        .create_recipe(
            &recipe(
                "Écrire au courrier des lecteurs",
                30,
                Place::Online,
                vec![Interest::Writing],
            ),
            now,
        )
        .await
        .unwrap();
    // A published watch party in Lyon.
    app.signed_and_confirmed("hote@exemple.fr").await;
    app.store.grant_staff("hote@exemple.fr").await.unwrap();
    let host = app
        .store
        .find_person_by_email("hote@exemple.fr")
        .await
        .unwrap()
        .unwrap();
    let event = essaim_store::events::NewEvent {
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
    };
    let (event_id, _) = app.store.create_event(&event, host.id, now).await.unwrap();

    browser.goto(&app.url("/")).await.unwrap();
    sign_in_the_form(
        &browser,
        "Olympe",
        "de Gouges",
        "olympe@exemple.fr",
        "69001",
    )
    .await;
    open_the_confirmation_link(&browser, &app, "olympe@exemple.fr").await;

    // The questionnaire, then the recipes that fit, best first, with the reasons.
    browser
        .wait()
        .for_element(Locator::LinkText("Agir"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    for checkbox in ["#dispo-soirees", "#gout-ecrire"] {
        browser
            .wait()
            .for_element(Locator::Css(checkbox))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }
    browser
        .wait()
        .for_element(Locator::Css("#questionnaire-envoyer"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let first = text_of(&browser, "ol#recettes li").await;
    assert!(first.contains("Écrire au courrier des lecteurs"), "{first}");
    let reasons = text_of(&browser, "ol#recettes li .raisons").await;
    assert!(
        reasons.contains("30 minutes") && reasons.contains("écrire"),
        "{reasons}"
    );

    // Find the watch party near home and register.
    browser
        .wait()
        .for_element(Locator::LinkText("Événements"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    search_near(&browser, "69001").await;
    browser
        .wait()
        .for_element(Locator::LinkText("Écoute collective à la Croix-Rousse"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(
        !browser
            .source()
            .await
            .unwrap()
            .contains("5 place de la Croix-Rousse"),
        "the address waits for the registration"
    );
    browser
        .wait()
        .for_element(Locator::Id("inscription"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let status = text_of(&browser, "p[role=status]").await;
    assert!(status.contains("Vous êtes inscrit"), "{status}");
    assert!(text_of(&browser, "#adresse")
        .await
        .contains("5 place de la Croix-Rousse"));

    // The .ics link of the page, fetched with the browser's own session, parses back.
    let ics = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(document.getElementById('ics').href).then(r => r.text()).then(done);",
            vec![],
        )
        .await
        .unwrap();
    let calendar: icalendar::Calendar = ics.as_str().unwrap().parse().expect("a valid .ics");
    use icalendar::{Component, EventLike};
    let parsed = calendar.components[0].as_event().expect("an event");
    assert_eq!(
        parsed.get_summary(),
        Some("Écoute collective à la Croix-Rousse")
    );
    assert!(parsed
        .get_location()
        .unwrap()
        .contains("5 place de la Croix-Rousse"));
    assert!(parsed
        .get_url()
        .is_some_and(|u| u.ends_with(&format!("/evenements/{event_id}"))));
    browser.close().await.unwrap();
}

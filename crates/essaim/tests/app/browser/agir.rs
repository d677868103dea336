//! Answer the Agir questionnaire, see the recipes that fit, find an event near home, register,
//! and get its .ics.

use fantoccini::Locator;

use super::{
    assert_accessible, croix_rousse_watch_party, open_the_confirmation_link, search_near,
    sign_in_the_form, spawn_app, start_browser, text_of,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answering_the_questionnaire_seeing_recipes_registering_and_getting_the_ics() {
    use essaim_domain::agir::profile::Interest;
    use essaim_domain::agir::recipe::{Place, RecipeDetails};

    let profile = tempfile::tempdir().unwrap();
    let Some((_driver, browser)) = start_browser(profile.path()).await else {
        return;
    };
    let app = spawn_app().await;
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
    app.store
        .grant_staff_role(
            "hote@exemple.fr",
            essaim_domain::staff::StaffRole::Admin,
            essaim_store::now(),
        )
        .await
        .unwrap();
    let host = app
        .store
        .find_person_by_email("hote@exemple.fr")
        .await
        .unwrap()
        .unwrap();
    let (event_id, _) = app
        .store
        .create_event(&croix_rousse_watch_party(now), host.id, now)
        .await
        .unwrap();

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
    assert_accessible(&browser).await;
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
    assert_accessible(&browser).await;

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
    let register = browser
        .wait()
        .for_element(Locator::Id("inscription"))
        .await
        .unwrap();
    assert_accessible(&browser).await;
    register.click().await.unwrap();
    let status = text_of(&browser, "p[role=status]").await;
    assert!(status.contains("Vous êtes inscrit"), "{status}");
    assert!(text_of(&browser, "#adresse")
        .await
        .contains("5 place de la Croix-Rousse"));
    assert_accessible(&browser).await;

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

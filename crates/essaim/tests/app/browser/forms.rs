//! Every form of the site, as first shown and as sent back with its error messages, and the
//! team's pages: axe-core finds no serious or critical accessibility violation on any of them.

use fantoccini::{Client, Locator};

use super::{
    assert_accessible, croix_rousse_group, croix_rousse_watch_party, open_the_confirmation_link,
    sign_in_the_form, spawn_app, start_browser,
};
use crate::support::TestApp;

/// Opens `path`, checks it, sends the form `form` as it stands and checks the page that comes
/// back, once it shows an error.
async fn check_page_and_its_errors(browser: &Client, app: &TestApp, path: &str, form: &str) {
    browser.goto(&app.url(path)).await.unwrap();
    assert_accessible(browser).await;
    send_and_check(browser, form).await;
}

async fn send_and_check(browser: &Client, form: &str) {
    browser
        .wait()
        .for_element(Locator::Css(&format!("{form} button[type=submit]")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait()
        .for_element(Locator::Css(".error"))
        .await
        .unwrap_or_else(|_| panic!("{form} sent as it stands comes back with an error"));
    assert_accessible(browser).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_form_and_its_error_messages_pass_axe() {
    let profile = tempfile::tempdir().unwrap();
    let Some((_driver, browser)) = start_browser(profile.path()).await else {
        return;
    };
    let app = spawn_app().await;

    // A visitor: the signature and login forms, sent empty.
    check_page_and_its_errors(&browser, &app, "/", "form[action='/signer']").await;
    check_page_and_its_errors(&browser, &app, "/connexion", "form[action='/connexion']").await;

    // A member of the team, who animates a group and hosts an event.
    browser.goto(&app.url("/")).await.unwrap();
    sign_in_the_form(&browser, "Lucie", "Aubrac", "lucie@exemple.fr", "69004").await;
    open_the_confirmation_link(&browser, &app, "lucie@exemple.fr").await;
    app.store
        .grant_staff_role(
            "lucie@exemple.fr",
            essaim_domain::staff::StaffRole::Admin,
            essaim_store::now(),
        )
        .await
        .unwrap();
    let me = app
        .store
        .find_person_by_email("lucie@exemple.fr")
        .await
        .unwrap()
        .unwrap();
    let now = essaim_store::now();
    let group_id = app
        .store
        .create_group(&croix_rousse_group(), me.id, now)
        .await
        .unwrap();
    let (event_id, _) = app
        .store
        .create_event(&croix_rousse_watch_party(now), me.id, now)
        .await
        .unwrap();
    let draft = essaim_domain::programme::contribution::parse_contribution(
        "Des cantines bio",
        "Des repas bio et locaux dans chaque cantine scolaire.",
        "69",
    )
    .unwrap();
    let essaim_store::programme::PublishOutcome::Published(contribution_id) = app
        .store
        .publish_contribution(
            me.id,
            Some("Lucie A."),
            essaim_domain::programme::AxisNumber::new(6).unwrap(),
            &draft,
            Some("consentement de test"),
            now,
        )
        .await
        .unwrap()
    else {
        panic!("the contribution is published");
    };

    // Mon espace, with the first name taken out.
    browser.goto(&app.url("/mon-espace")).await.unwrap();
    assert_accessible(&browser).await;
    let first_name = browser.find(Locator::Id("first_name")).await.unwrap();
    first_name.clear().await.unwrap();
    send_and_check(&browser, "form[action='/mon-espace']").await;

    // A ballot to come, for the procurations' forms.
    let mut first_round = essaim_domain::calendar::french_day(essaim_store::now())
        .checked_add(jiff::Span::new().days(60))
        .unwrap();
    while first_round.weekday() != jiff::civil::Weekday::Sunday {
        first_round = first_round.tomorrow().unwrap();
    }
    let draft = essaim_domain::electoral::ballot::parse_ballot(
        "Européennes",
        "europeennes",
        &first_round.to_string(),
        "",
        true,
    )
    .unwrap();
    app.store
        .create_ballot(&draft, essaim_store::now())
        .await
        .unwrap();

    for (path, form) in [
        (
            "/groupes/nouveau".to_string(),
            "form[action='/groupes/nouveau']".to_string(),
        ),
        (
            format!("/groupes/{group_id}"),
            format!("form[action='/groupes/{group_id}/message']"),
        ),
        (
            format!("/groupes/{group_id}/saisie"),
            format!("form[action='/groupes/{group_id}/saisie']"),
        ),
        (
            format!("/groupes/{group_id}/inscriptions"),
            format!("form[action='/groupes/{group_id}/inscriptions']"),
        ),
        (
            "/evenements/nouveau".to_string(),
            "form[action='/evenements/nouveau']".to_string(),
        ),
        (
            format!("/evenements/{event_id}"),
            format!("form[action='/evenements/{event_id}/message']"),
        ),
        (
            "/competences".to_string(),
            "form[action='/competences']".to_string(),
        ),
        ("/agir".to_string(), "#questionnaire".to_string()),
        (
            "/programme/axe/1/contribuer".to_string(),
            "form[action='/programme/axe/1/contribuer']".to_string(),
        ),
        (
            format!("/programme/contributions/{contribution_id}"),
            format!("form[action='/programme/contributions/{contribution_id}/commenter']"),
        ),
        ("/dons".to_string(), "form[action='/dons']".to_string()),
        (
            "/admin/scrutins".to_string(),
            "form[action='/admin/scrutins']".to_string(),
        ),
        (
            "/admin/jetons".to_string(),
            "form[action='/admin/jetons']".to_string(),
        ),
        (
            "/procurations".to_string(),
            "form[action='/procurations/demande']".to_string(),
        ),
        (
            "/procurations".to_string(),
            "form[action='/procurations/offre']".to_string(),
        ),
        (
            "/admin/recettes/nouvelle".to_string(),
            "#recette-formulaire".to_string(),
        ),
    ] {
        check_page_and_its_errors(&browser, &app, &path, &form).await;
    }
    // The programme's back-office, a coordinator's: a reported contribution in the queue, its
    // merge form, an axis's synthesis; and the public results.
    app.store
        .grant_role(
            "lucie@exemple.fr",
            essaim_store::programme::COORDINATION,
            now,
        )
        .await
        .unwrap();
    let draft = essaim_domain::programme::contribution::parse_contribution(
        "Référendum d'initiative citoyenne",
        "Un texte assez long pour être publié.",
        "69",
    )
    .unwrap();
    let axis = essaim_domain::programme::AxisNumber::new(1).unwrap();
    let published = app
        .store
        .publish_contribution(
            me.id,
            Some("Lucie A."),
            axis,
            &draft,
            Some("J'accepte."),
            now,
        )
        .await
        .unwrap();
    let essaim_store::programme::PublishOutcome::Published(contribution) = published else {
        panic!("published: {published:?}");
    };
    let report = essaim_domain::programme::report::Report {
        reason: essaim_domain::programme::report::ReportReason::OffTopic,
        detail: None,
    };
    let target = essaim_store::programme::ReportTarget::Contribution(contribution);
    app.store
        .report_programme(target, me.id, &report, now)
        .await
        .unwrap();
    for (path, form) in [
        (
            "/admin/programme".to_string(),
            format!("form[action='/admin/programme/contributions/{contribution}/masquer']"),
        ),
        (
            format!("/admin/programme?fusion={contribution}"),
            format!("form[action='/admin/programme/contributions/{contribution}/fusionner']"),
        ),
        (
            "/admin/programme/axes/1/synthese".to_string(),
            "form[action='/admin/programme/axes/1/synthese']".to_string(),
        ),
    ] {
        check_page_and_its_errors(&browser, &app, &path, &form).await;
    }

    for path in [
        "/admin/programme/axes/1",
        "/programme/resultats",
        "/groupes?q=69004",
        "/evenements?q=69004",
        "/competences/recherche?postal_code=69004",
        "/competences/recherche?postal_code=00",
        "/confidentialite",
        "/programme",
        "/programme/axe/6?ordre=hasard&departement=69",
        "/programme/recherche?q=cantines",
        "/listes-electorales",
        "/listes-electorales?repondu=1&demenage=1&ailleurs=1&code_postal=00000",
        "/mon-espace",
        "/admin",
        "/admin/inscriptions",
        "/admin/journal",
        "/admin/emails",
        "/admin/evenements",
        "/admin/recettes",
        "/admin/envois",
        "/desinscription?jeton=abime",
    ] {
        browser.goto(&app.url(path)).await.unwrap();
        assert_accessible(&browser).await;
    }
    browser.close().await.unwrap();
}

//! "Suis-je bien inscrit ?" in a real browser: a supporter who moved answers the questionnaire,
//! sees what to do and the next deadline with its countdown, then notes "à faire" in Mon
//! espace. Every page passes axe and fits a phone's width. (The proxies part of issue 12 is not
//! built yet.)

use essaim_domain::electoral::ballot::parse_ballot;
use essaim_domain::electoral::deadline::deadlines;
use jiff::civil::Weekday;
use jiff::ToSpan;

use super::{
    assert_accessible_and_narrow, click, open_the_confirmation_link, sign_in_the_form, spawn_app,
    start_browser, type_in, wait_for_heading, wait_for_text,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answering_the_questionnaire_seeing_the_deadline_and_noting_what_to_do() {
    let profile = tempfile::tempdir().unwrap();
    let Some((_driver, browser)) = start_browser(profile.path()).await else {
        return;
    };
    let app = spawn_app().await;
    let mut first_round = jiff::Zoned::now().date().checked_add(100.days()).unwrap();
    while first_round.weekday() != Weekday::Sunday {
        first_round = first_round.tomorrow().unwrap();
    }
    let draft = parse_ballot(
        "Présidentielle 2027",
        "presidentielle",
        &first_round.to_string(),
        "",
        true,
    )
    .unwrap();
    app.store
        .create_ballot(&draft, essaim_store::now())
        .await
        .unwrap();
    let online = deadlines(first_round).online;
    let days_left = (online - jiff::Zoned::now().date()).get_days();

    browser.goto(&app.url("/")).await.unwrap();
    sign_in_the_form(&browser, "Louise", "Michel", "louise@exemple.fr", "75018").await;
    open_the_confirmation_link(&browser, &app, "louise@exemple.fr").await;

    click(&browser, "header nav a[href='/listes-electorales']").await;
    wait_for_heading(
        &browser,
        "Suis-je bien inscrit·e sur les listes électorales ?",
    )
    .await;
    assert_accessible_and_narrow(&browser).await;
    click(&browser, "#demenage").await;
    type_in(&browser, "code_postal", "75018").await;
    click(
        &browser,
        "form[action='/listes-electorales'] button[type=submit]",
    )
    .await;
    let todo = wait_for_text(
        &browser,
        "section[aria-labelledby=a-faire]",
        "Vous devez vous inscrire",
    )
    .await;
    assert!(
        todo.contains("nouvelle commune")
            && todo.contains("moins de 3 mois")
            && todo.contains("mairie : Paris"),
        "{todo}"
    );
    let next = wait_for_text(
        &browser,
        "section[aria-labelledby=prochain]",
        "Présidentielle 2027",
    )
    .await;
    assert!(
        next.contains(&format!("J−{days_left}")),
        "the countdown: {next}"
    );
    assert!(
        next.contains(&essaim_domain::calendar::french_date(online)),
        "the online deadline: {next}"
    );
    assert_accessible_and_narrow(&browser).await;

    click(&browser, "a[href='/mon-espace#listes-electorales']").await;
    click(&browser, "#statut option[value='a_faire']").await;
    click(
        &browser,
        "form[action='/mon-espace/listes-electorales'] button[type=submit]",
    )
    .await;
    let noted = wait_for_text(
        &browser,
        "section[aria-labelledby=listes-electorales]",
        "Vous avez noté",
    )
    .await;
    assert!(noted.contains("inscription à faire"), "{noted}");
    assert_accessible_and_narrow(&browser).await;
    browser.close().await.unwrap();
}

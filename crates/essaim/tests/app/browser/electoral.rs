//! "Suis-je bien inscrit ?" in a real browser: a supporter who moved answers the questionnaire,
//! sees what to do and the next deadline with its countdown, then notes "à faire" in Mon
//! espace. Then, unable to vote on the day, she asks for a proxy holder, accepts the volunteer
//! proposed (who accepted too) and sees how to reach them. Every page passes axe and fits a
//! phone's width.

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
    let mut first_round = essaim_domain::calendar::french_day(essaim_store::now())
        .checked_add(100.days())
        .unwrap();
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
    let days_left = (online - essaim_domain::calendar::french_day(essaim_store::now())).get_days();

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

    // A volunteer of Paris 12e offers to carry a proxy (outside the browser).
    let volunteer = app
        .signed_and_confirmed_at("porteur@exemple.fr", "75012")
        .await;
    let ballot = app.store.ballots().await.unwrap()[0].id.to_string();
    let (status, _, _) = app
        .post_form(
            &volunteer,
            "/procurations",
            "/procurations/offre",
            &[
                ("scrutin", &ballot),
                ("code_postal", "75012"),
                ("tour_1", "1"),
                ("km", "10"),
                ("contact", "06 11 22 33 44"),
                ("accord", "1"),
            ],
        )
        .await;
    assert_eq!(status, 303);

    browser.goto(&app.url("/listes-electorales")).await.unwrap();
    click(&browser, "a[href='/procurations']").await;
    wait_for_heading(&browser, "Procurations : voter même absent·e").await;
    let warning = wait_for_text(&browser, "#confiance", "acte de confiance").await;
    assert!(warning.contains("Parlez-vous"), "{warning}");
    type_in(&browser, "demande_contact", "louise@exemple.fr").await;
    click(&browser, "#demande_accord").await;
    click(
        &browser,
        "form[action='/procurations/demande'] button[type=submit]",
    )
    .await;
    let mine = wait_for_text(
        &browser,
        "section[aria-labelledby=mes-procurations]",
        "Volontaire de Paris",
    )
    .await;
    assert!(
        !mine.contains("06 11 22 33 44"),
        "not before both accept: {mine}"
    );
    assert_accessible_and_narrow(&browser).await;

    let volunteer_id = app
        .store
        .find_person_by_email("porteur@exemple.fr")
        .await
        .unwrap()
        .unwrap()
        .id;
    let proposal = app.store.my_proxy_offers(volunteer_id).await.unwrap()[0].proposals[0].id;
    let (status, _, _) = app
        .post_form(
            &volunteer,
            "/procurations",
            &format!("/procurations/propositions/{proposal}/accepter"),
            &[],
        )
        .await;
    assert_eq!(status, 303);
    click(
        &browser,
        &format!("form[action='/procurations/propositions/{proposal}/accepter'] button"),
    )
    .await;
    let agreed = wait_for_text(
        &browser,
        &format!("#proposition-{proposal}"),
        "06 11 22 33 44",
    )
    .await;
    assert!(agreed.contains("d'accord tous les deux"), "{agreed}");
    assert_accessible_and_narrow(&browser).await;
    browser.close().await.unwrap();
}

//! A confirmed supporter takes part in the programme in a real browser: reads an axis, proposes
//! a contribution close to one already there (first sent empty: the messages next to the
//! fields), sees the similar-contribution step with that one first, publishes anyway, supports
//! another contribution and reports a third. Every page passes axe and fits a phone's width.

use fantoccini::Locator;

use essaim_domain::ids::ContributionId;
use essaim_domain::programme::contribution::parse_contribution;
use essaim_domain::programme::AxisNumber;
use essaim_store::programme::PublishOutcome;

use super::{
    assert_accessible, assert_accessible_and_narrow, click, open_the_confirmation_link,
    sign_in_the_form, spawn_app, start_browser, text_of, type_in, wait_for_heading, wait_for_text,
};
use crate::support::TestApp;

/// A contribution already on axis 3, by someone else.
async fn published(app: &TestApp, n: usize, title: &str, body: &str) -> ContributionId {
    let author = app.programme_person(n).await;
    let draft = parse_contribution(title, body, "").unwrap();
    let outcome = app
        .store
        .publish_contribution(
            author,
            Some("Rosa L."),
            AxisNumber::new(3).unwrap(),
            &draft,
            Some("consentement de test"),
            essaim_store::now(),
        )
        .await
        .unwrap();
    let PublishOutcome::Published(id) = outcome else {
        panic!("not published: {outcome:?}");
    };
    id
}

const AXIS_TITLE: &str = "Axe 3 : La planification écologique";
const CONTRIBUTE_BUTTON: &str = "form[action='/programme/axe/3/contribuer'] button[type=submit]";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_an_axis_contributing_past_a_similar_one_supporting_and_reporting() {
    let profile = tempfile::tempdir().unwrap();
    let Some((_driver, browser)) = start_browser(profile.path()).await else {
        return;
    };
    let app = spawn_app().await;
    let transports = published(
        &app,
        1,
        "Gratuité des transports en commun",
        "Rendre les bus, les trams et les métros gratuits dans toutes les villes.",
    )
    .await;
    let trains = published(
        &app,
        2,
        "Des trains de nuit",
        "Relancer les trains de nuit entre les grandes villes d'Europe.",
    )
    .await;
    let housing = published(
        &app,
        3,
        "Rénover les logements",
        "Isoler toutes les passoires thermiques en dix ans.",
    )
    .await;

    // A supporter who signed and confirmed, hence logged in.
    browser.goto(&app.url("/")).await.unwrap();
    sign_in_the_form(&browser, "Louise", "Michel", "louise@exemple.fr", "75018").await;
    open_the_confirmation_link(&browser, &app, "louise@exemple.fr").await;

    // The programme, then axis 3 and its contributions.
    click(&browser, "header nav a[href='/programme']").await;
    wait_for_heading(&browser, "Le programme").await;
    assert_accessible_and_narrow(&browser).await;
    click(&browser, "a[href='/programme/axe/3']").await;
    wait_for_heading(&browser, AXIS_TITLE).await;
    let list = wait_for_text(
        &browser,
        "section[aria-labelledby=contributions]",
        "3 contributions",
    )
    .await;
    assert!(
        list.contains("Des trains de nuit") && list.contains("Rosa L."),
        "{list}"
    );
    assert_accessible_and_narrow(&browser).await;
    click(&browser, "a[href='/programme/axe/3?ordre=recentes']").await;
    wait_for_text(&browser, ".orders a[aria-current]", "Les plus récentes").await;
    assert_accessible_and_narrow(&browser).await;

    // The form, first sent empty: each message next to its field.
    click(&browser, "a.contribute-link").await;
    wait_for_heading(
        &browser,
        "Contribuer à l'axe 3 : La planification écologique",
    )
    .await;
    assert_accessible_and_narrow(&browser).await;
    click(&browser, CONTRIBUTE_BUTTON).await;
    let missing = text_of(&browser, "#title-erreur").await;
    assert!(missing.contains("Indiquez le titre"), "{missing}");
    assert!(text_of(&browser, "#consent-erreur")
        .await
        .contains("cochez cette case"));
    assert_accessible_and_narrow(&browser).await;

    // A draft close to the transports one: that one is proposed first.
    type_in(&browser, "title", "Transports en commun gratuits").await;
    type_in(
        &browser,
        "body",
        "Les transports en commun gratuits partout : bus, trams, métros.",
    )
    .await;
    click(&browser, "#consent").await;
    click(&browser, CONTRIBUTE_BUTTON).await;
    wait_for_heading(&browser, "Des contributions semblables existent").await;
    let first = browser
        .find(Locator::Css(".similar article h3 a"))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap();
    assert_eq!(
        first.as_deref(),
        Some(format!("/programme/contributions/{transports}").as_str())
    );
    let marked = text_of(&browser, ".similar mark").await;
    assert!(!marked.is_empty(), "the draft's words are marked");
    assert_accessible_and_narrow(&browser).await;

    // Published anyway.
    click(&browser, "button[name=etape][value=publier]").await;
    wait_for_heading(&browser, "Transports en commun gratuits").await;
    let notice = text_of(&browser, "p[role=status]").await;
    assert!(
        notice.contains("Votre contribution est publiée"),
        "{notice}"
    );
    let signed = text_of(&browser, "main").await;
    assert!(signed.contains("Louise M."), "{signed}");
    assert_accessible_and_narrow(&browser).await;

    // Supporting the night trains.
    browser
        .goto(&app.url(&format!("/programme/contributions/{trains}")))
        .await
        .unwrap();
    wait_for_heading(&browser, "Des trains de nuit").await;
    assert_accessible_and_narrow(&browser).await;
    click(
        &browser,
        &format!("form[action='/programme/contributions/{trains}/soutenir'] button"),
    )
    .await;
    wait_for_text(&browser, "p[role=status]", "Votre soutien est compté").await;
    wait_for_text(&browser, "#soutiens", "1 soutien").await;
    assert_accessible_and_narrow(&browser).await;

    // Reporting the housing one: the form unfolds, a reason is chosen.
    browser
        .goto(&app.url(&format!("/programme/contributions/{housing}")))
        .await
        .unwrap();
    wait_for_heading(&browser, "Rénover les logements").await;
    click(&browser, "details.report-form summary").await;
    assert_accessible(&browser).await;
    browser
        .find(Locator::Id("signaler-raison"))
        .await
        .unwrap()
        .select_by_value("hors-sujet")
        .await
        .unwrap();
    click(
        &browser,
        &format!("form[action='/programme/contributions/{housing}/signaler'] button"),
    )
    .await;
    wait_for_text(&browser, "p[role=status]", "Merci pour votre signalement").await;
    assert_accessible_and_narrow(&browser).await;
    assert_eq!(app.supports_of(trains).await, 1);

    // The search finds the new contribution, its words marked.
    browser
        .goto(&app.url("/programme/recherche?q=transports+gratuits"))
        .await
        .unwrap();
    wait_for_text(&browser, "#resultats", "2 contributions trouvées").await;
    assert_accessible_and_narrow(&browser).await;
    browser.close().await.unwrap();
}

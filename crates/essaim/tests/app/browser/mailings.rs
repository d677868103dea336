//! A communication staff member writes to the supporters of one département in a real browser:
//! from the back-office's dashboard to the new mailing, the département typed and the live
//! count following it, nonsense sent first (the messages beside the fields, what was typed
//! kept), then a test to herself, which arrives, then the mailing sent and its figures. Every
//! page passes axe and fits a phone's width.

use fantoccini::Locator;

use essaim_domain::staff::StaffRole;

use super::{
    assert_accessible_and_narrow, click, click_link, open_the_confirmation_link, sign_in_the_form,
    spawn_app, start_browser, type_in, value_of, wait_for_heading, wait_for_text,
};
use crate::mailings::{a_group, insert_person, list_unsubscribe, Profile};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn building_a_segment_by_departement_counting_testing_and_sending() {
    let profile = tempfile::tempdir().unwrap();
    let Some((_driver, browser)) = start_browser(profile.path()).await else {
        return;
    };
    let app = spawn_app().await;
    let group = a_group(&app.store).await;
    let yes = Profile {
        news: true,
        confirmed: true,
        place: 0,
        group: 0,
        films: false,
        likes_filming: false,
        donor: false,
    };
    insert_person(&app.store, "montreuil@exemple.fr", yes, group).await;
    insert_person(&app.store, "bagnolet@exemple.fr", yes, group).await;
    insert_person(
        &app.store,
        "muette@exemple.fr",
        Profile { news: false, ..yes },
        group,
    )
    .await;
    insert_person(
        &app.store,
        "lyon@exemple.fr",
        Profile { place: 1, ..yes },
        group,
    )
    .await;

    browser.goto(&app.url("/")).await.unwrap();
    sign_in_the_form(&browser, "Rosa", "Parks", "rosa@exemple.fr", "75011").await;
    open_the_confirmation_link(&browser, &app, "rosa@exemple.fr").await;
    assert!(app
        .store
        .grant_staff_role(
            "rosa@exemple.fr",
            StaffRole::Communication,
            essaim_store::now()
        )
        .await
        .unwrap());

    // From the dashboard to a new mailing.
    browser.goto(&app.url("/admin")).await.unwrap();
    click_link(&browser, "Envois : écrire aux sympathisant·es, par segment").await;
    wait_for_heading(&browser, "Envois aux sympathisant·es").await;
    assert_accessible_and_narrow(&browser).await;
    click_link(&browser, "Nouvel envoi").await;
    wait_for_heading(&browser, "Nouvel envoi").await;
    // Everyone who accepted the news: the two in 93 and the one in Lyon (Rosa left the box
    // unticked when she signed).
    wait_for_text(&browser, "#compte", "3 personnes recevront ce message").await;
    assert_accessible_and_narrow(&browser).await;

    // The département typed: the count follows, without sending the form.
    type_in(&browser, "departements", "93").await;
    wait_for_text(&browser, "#compte", "2 personnes recevront ce message").await;

    // Sent with nonsense: the messages beside the fields, what was typed kept.
    type_in(&browser, "rayon", "900").await;
    type_in(
        &browser,
        "body",
        "Rendez-vous **samedi** à 10 h devant la mairie.",
    )
    .await;
    click(&browser, "button[value=envoyer]").await;
    wait_for_text(
        &browser,
        "#rayon-erreur",
        "La distance est un nombre de kilomètres",
    )
    .await;
    wait_for_text(&browser, "#subject-erreur", "Écrivez l'objet du message.").await;
    assert_eq!(value_of(&browser, "departements").await, "93");
    assert_eq!(
        value_of(&browser, "body").await,
        "Rendez-vous **samedi** à 10 h devant la mairie."
    );
    assert_accessible_and_narrow(&browser).await;
    assert!(app.store.mailings(5).await.unwrap().is_empty());

    // Corrected, then tried on herself.
    type_in(&browser, "rayon", "").await;
    type_in(&browser, "subject", "Samedi, tous à la mairie").await;
    click(&browser, "button[value=essai]").await;
    wait_for_text(
        &browser,
        "p.success",
        "Un essai est parti vers rosa@exemple.fr",
    )
    .await;
    wait_for_text(&browser, "#compte", "2 personnes recevront ce message").await;
    assert_accessible_and_narrow(&browser).await;
    let test = app
        .wait_for_mail_with("rosa@exemple.fr", "[Essai] Samedi, tous")
        .await;
    assert!(test.text.contains("<strong>samedi</strong>"));

    // Sent: its page and its figures.
    click(&browser, "button[value=envoyer]").await;
    wait_for_heading(&browser, "Samedi, tous à la mairie").await;
    wait_for_text(&browser, "p.success", "Envoi lancé : 2 destinataires").await;
    assert_accessible_and_narrow(&browser).await;
    for email in ["montreuil@exemple.fr", "bagnolet@exemple.fr"] {
        let mail = app.wait_for_mail_with(email, "Samedi, tous").await;
        assert!(mail.raw.contains("List-Unsubscribe: <"));
    }
    // The figures, once the worker has recorded both deliveries.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        browser.refresh().await.unwrap();
        if super::text_of(&browser, "#partis").await == "2" {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the page counts 2 emails sent"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(app.mail_when_idle("muette@exemple.fr").await.is_empty());
    assert!(app.mail_when_idle("lyon@exemple.fr").await.is_empty());

    // The list, then the unsubscribe page of one of the emails, logged out.
    click_link(&browser, "← Envois").await;
    wait_for_text(&browser, "table", "Samedi, tous à la mairie").await;
    assert_accessible_and_narrow(&browser).await;
    let mail = app
        .wait_for_mail_with("montreuil@exemple.fr", "Samedi, tous")
        .await;
    let link = list_unsubscribe(&mail);
    let path = &link[link.find("/desinscription").unwrap()..];
    browser.delete_all_cookies().await.unwrap();
    browser.goto(&app.url(path)).await.unwrap();
    wait_for_heading(&browser, "Ne plus recevoir les nouvelles de la campagne").await;
    assert_accessible_and_narrow(&browser).await;
    browser
        .find(Locator::Css("form button.primary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&browser, "p.success", "C'est fait").await;
    assert_accessible_and_narrow(&browser).await;
    let montreuil = app
        .store
        .find_person_by_email("montreuil@exemple.fr")
        .await
        .unwrap()
        .unwrap();
    assert!(!montreuil.news_optin);
    browser.close().await.unwrap();
}

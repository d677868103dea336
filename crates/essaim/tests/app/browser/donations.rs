//! A logged-in supporter gives 20 € in a real browser: the form (first refused without the sworn
//! statement, everything typed kept), the payment page, the test-payment simulator, the
//! thank-you page, and the gift in "Mon espace". Every page passes axe and fits a phone's width.

use fantoccini::{Client, Locator};

use super::{
    assert_accessible, assert_accessible_and_narrow, click, click_link, open_the_confirmation_link,
    plain, sign_in_the_form, spawn_app, start_browser, text_of, type_in, value_of,
    wait_for_heading,
};

async fn is_ticked(browser: &Client, id: &str) -> bool {
    browser
        .find(Locator::Id(id))
        .await
        .unwrap()
        .is_selected()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn giving_twenty_euros_through_the_test_payment_and_seeing_it_in_my_space() {
    let profile = tempfile::tempdir().unwrap();
    let Some((_driver, browser)) = start_browser(profile.path()).await else {
        return;
    };
    let app = spawn_app().await;

    // A supporter who signed and confirmed, hence logged in.
    browser.goto(&app.url("/")).await.unwrap();
    sign_in_the_form(
        &browser,
        "Olympe",
        "de Gouges",
        "olympe@exemple.fr",
        "75011",
    )
    .await;
    open_the_confirmation_link(&browser, &app, "olympe@exemple.fr").await;

    click_link(&browser, "Faire un don").await;
    wait_for_heading(&browser, "Faire un don").await;
    let banner = text_of(&browser, ".test-payment-banner").await;
    assert!(banner.contains("mode paiement de test"), "{banner}");
    let notice = text_of(&browser, ".legal-notice").await;
    assert!(notice.contains("L52-8"), "{notice}");
    assert_accessible_and_narrow(&browser).await;
    // On a wide screen the amounts are a row of buttons, the chosen one filled in: still
    // readable (axe checks the contrast of both states).
    browser.set_window_size(1200, 900).await.unwrap();
    let in_a_row = browser
        .execute(
            "const top = (id) => document.querySelector(`label[for=${id}]`).getBoundingClientRect().top;
             return top('amount-5') === top('amount-100');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(in_a_row, serde_json::json!(true), "the amounts make a row");
    assert_accessible(&browser).await;
    browser.set_window_size(420, 1200).await.unwrap();

    // The form, filled in without the sworn statement: refused on the same form.
    assert_eq!(
        plain(&text_of(&browser, "label[for=amount-20]").await),
        "20 €"
    );
    click(&browser, "label[for=amount-20]").await;
    click(&browser, "#civility-madame").await;
    for (field, value) in [
        ("first_name", "Olympe"),
        ("last_name", "de Gouges"),
        ("email", "olympe@exemple.fr"),
        ("address_line1", "12 rue de la Commune"),
        ("postal_code", "75011"),
        ("commune", "Paris"),
    ] {
        type_in(&browser, field, value).await;
    }
    click(&browser, "#nationality-francaise").await;
    click(&browser, "form[action='/dons'] button[type=submit]").await;
    let refusal = text_of(&browser, "#sworn-erreur").await;
    assert!(refusal.contains("attestation est exigée"), "{refusal}");
    assert_eq!(
        browser
            .find(Locator::Id("sworn"))
            .await
            .unwrap()
            .attr("aria-describedby")
            .await
            .unwrap()
            .as_deref(),
        Some("sworn-erreur"),
        "the box points to its message"
    );
    for (field, typed) in [
        ("first_name", "Olympe"),
        ("last_name", "de Gouges"),
        ("email", "olympe@exemple.fr"),
        ("address_line1", "12 rue de la Commune"),
        ("postal_code", "75011"),
        ("commune", "Paris"),
    ] {
        assert_eq!(value_of(&browser, field).await, typed, "{field} is kept");
    }
    for choice in ["amount-20", "civility-madame", "nationality-francaise"] {
        assert!(is_ticked(&browser, choice).await, "{choice} is kept");
    }
    assert_accessible_and_narrow(&browser).await;

    // Sworn, sent again: the payment page, then the simulator.
    click(&browser, "#sworn").await;
    click(&browser, "form[action='/dons'] button[type=submit]").await;
    wait_for_heading(&browser, "Paiement de votre don").await;
    assert!(text_of(&browser, ".legal-notice").await.contains("L52-8"));
    assert_accessible_and_narrow(&browser).await;
    let pay = browser
        .find(Locator::Css("main form button[type=submit]"))
        .await
        .unwrap();
    assert_eq!(plain(&pay.text().await.unwrap()), "Payer 20 €");
    pay.click().await.unwrap();

    wait_for_heading(&browser, "Paiement de test").await;
    assert_accessible_and_narrow(&browser).await;
    click(&browser, "button[name=decision][value=accepter]").await;

    // The simulator notified our route before sending the browser back: the gift is paid.
    wait_for_heading(&browser, "Merci pour votre don !").await;
    let thanks = plain(&text_of(&browser, "p[role=status]").await);
    assert!(thanks.contains("don de 20 € est bien reçu"), "{thanks}");
    assert_accessible_and_narrow(&browser).await;

    click_link(&browser, "Voir mes dons dans Mon espace").await;
    wait_for_heading(&browser, "Mon espace").await;
    let gifts = plain(&text_of(&browser, "section[aria-labelledby=dons]").await);
    assert!(
        gifts.contains("Mes dons") && gifts.contains("20 €") && gifts.contains("7 480 €"),
        "{gifts}"
    );
    assert_accessible_and_narrow(&browser).await;
    browser.close().await.unwrap();
}

//! Sign → open the emailed link and press its button → the counter shows 1, in a real browser.

use std::time::{Duration, Instant};

use super::{
    assert_accessible, counter_text, csp_violations, press_the_confirmation_button,
    sign_in_the_form, start_browser, text_of, wait_for_heading,
};
use crate::support::{Backend, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_confirming_and_seeing_the_counter_in_a_real_browser() {
    let profile = tempfile::tempdir().unwrap();
    let Some((_driver, browser)) = start_browser(profile.path()).await else {
        return;
    };
    let app = TestApp::serve(Backend::Sqlite).await.unwrap();

    browser.goto(&app.url("/")).await.unwrap();
    assert_eq!(counter_text(&browser).await, "0");
    assert_accessible(&browser).await;
    sign_in_the_form(
        &browser,
        "Louise",
        "Michel",
        "navigateur@exemple.fr",
        "75018",
    )
    .await;
    assert_eq!(text_of(&browser, "h1").await, "Merci !");
    assert_accessible(&browser).await;

    let mail = app
        .wait_for_mail("navigateur@exemple.fr", 1)
        .await
        .remove(0);
    browser
        .goto(&app.url(&mail.link_path("/signature/confirmer")))
        .await
        .unwrap();
    assert_eq!(text_of(&browser, "h1").await, "Confirmer ma signature");
    assert_accessible(&browser).await;
    press_the_confirmation_button(&browser).await;
    wait_for_heading(&browser, "Votre signature est confirmée").await;
    assert!(browser
        .current_url()
        .await
        .unwrap()
        .as_str()
        .ends_with("/signature/confirmee"));
    assert_accessible(&browser).await;

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
    assert_eq!(
        csp_violations(&browser).await,
        Vec::<String>::new(),
        "the page and its counter script live within the Content-Security-Policy"
    );
    // The policy is enforced (an inline style is refused and reported), so the empty list
    // above means something.
    browser
        .execute("document.body.setAttribute('style', 'color: red')", vec![])
        .await
        .unwrap();
    let refused = csp_violations(&browser).await;
    assert!(
        refused.iter().any(|v| v.starts_with("style-src")),
        "{refused:?}"
    );

    // The staff dashboard's chart is inline SVG: presentation attributes, no style.
    app.store
        .grant_staff_role(
            "navigateur@exemple.fr",
            essaim_domain::staff::StaffRole::Admin,
            essaim_store::now(),
        )
        .await
        .unwrap();
    browser.goto(&app.url("/admin")).await.unwrap();
    assert_eq!(text_of(&browser, "h1").await, "Administration");
    browser
        .wait()
        .for_element(fantoccini::Locator::Css("svg rect"))
        .await
        .unwrap();
    assert_eq!(csp_violations(&browser).await, Vec::<String>::new());
    assert_accessible(&browser).await;
    browser.close().await.unwrap();
}

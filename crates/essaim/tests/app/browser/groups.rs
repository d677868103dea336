//! Find a group by postal code (its marker on the map), join it, see it in "Mon espace".

use fantoccini::Locator;

use super::{
    assert_accessible, croix_rousse_group, csp_violations, open_the_confirmation_link, search_near,
    sign_in_the_form, spawn_app, start_browser, text_of,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finding_a_group_by_postal_code_joining_it_and_seeing_it_in_my_space() {
    let profile = tempfile::tempdir().unwrap();
    let Some((_driver, browser)) = start_browser(profile.path()).await else {
        return;
    };
    let app = spawn_app().await;
    app.signed_and_confirmed("animatrice@exemple.fr").await;
    let creator = app
        .store
        .find_person_by_email("animatrice@exemple.fr")
        .await
        .unwrap()
        .unwrap();
    let group_id = app
        .store
        .create_group(&croix_rousse_group(), creator.id, 0)
        .await
        .unwrap();

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
    assert_eq!(
        csp_violations(&browser).await,
        Vec::<String>::new(),
        "the map and position scripts live within the Content-Security-Policy"
    );

    browser
        .wait()
        .for_element(Locator::LinkText("Groupe de la Croix-Rousse"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The group's page, once it is on screen.
    let join = browser
        .wait()
        .for_element(Locator::Css(&format!(
            "form[action='/groupes/{group_id}/rejoindre'] button"
        )))
        .await
        .unwrap();
    assert_accessible(&browser).await;
    join.click().await.unwrap();
    let status = text_of(&browser, "p[role=status]").await;
    assert!(status.contains("Bienvenue dans le groupe"), "{status}");
    assert_accessible(&browser).await;

    browser.goto(&app.url("/mon-espace")).await.unwrap();
    let mine = text_of(&browser, "section[aria-labelledby=mes-groupes]").await;
    assert!(
        mine.contains("Groupe de la Croix-Rousse") && mine.contains("membre"),
        "{mine}"
    );
    assert_accessible(&browser).await;
    browser.close().await.unwrap();
}

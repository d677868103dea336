//! A confirmed supporter orders material in a real browser: the starter kit and two poster packs
//! put in the cart from the catalogue's forms, the address typed (first with a postal code that
//! does not exist: the message next to the field, everything typed kept), the order validated
//! at once (it is free), then found in "Mon espace". Every page passes axe and fits a phone's
//! width.

use essaim_domain::ids::ItemId;
use essaim_domain::material::ItemForm;

use super::{
    assert_accessible_and_narrow, click, click_link, open_the_confirmation_link, plain,
    sign_in_the_form, spawn_app, start_browser, text_of, type_in, value_of, wait_for_heading,
    wait_for_text,
};
use crate::support::TestApp;

/// The starter kit: 2 packs of leaflets, 1 of stickers and 1 poster pack.
async fn starter_kit(app: &TestApp, leaflets: ItemId, stickers: ItemId, posters: ItemId) -> ItemId {
    let draft = ItemForm {
        name: "Kit de démarrage".into(),
        description: "De quoi tenir un premier stand.".into(),
        unit: "kit".into(),
        per_order_max: "1".into(),
        stock: "100".into(),
        visible: true,
        ..Default::default()
    }
    .parse(true)
    .unwrap();
    let now = essaim_store::now();
    let kit = app
        .store
        .create_item(&draft, true, None, now)
        .await
        .unwrap()
        .unwrap();
    app.store
        .set_kit_contents(&[(leaflets, 2), (stickers, 1), (posters, 1)])
        .await
        .unwrap();
    kit
}

/// The submit button of the catalogue's form for `item`.
fn cart_button(item: ItemId) -> String {
    format!("article[aria-labelledby='article-{item}'] button[type=submit]")
}

const ORDER_BUTTON: &str = "form[action='/materiel/commande'] button[type=submit]";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ordering_the_starter_kit_and_posters_and_seeing_the_order_in_my_space() {
    let profile = tempfile::tempdir().unwrap();
    let Some((_driver, browser)) = start_browser(profile.path()).await else {
        return;
    };
    let app = spawn_app().await;
    let leaflets = app
        .free_item("Tracts « Le programme »", "lot de 100", "Tracts", "")
        .await;
    let stickers = app
        .free_item("Autocollants", "planche de 20", "Autocollants", "")
        .await;
    let posters = app
        .free_item("Affiches A2", "lot de 10", "Affiches", "50")
        .await;
    let kit = starter_kit(&app, leaflets, stickers, posters).await;

    // A supporter who signed and confirmed, hence logged in.
    browser.goto(&app.url("/")).await.unwrap();
    sign_in_the_form(&browser, "Louise", "Michel", "louise@exemple.fr", "75018").await;
    open_the_confirmation_link(&browser, &app, "louise@exemple.fr").await;

    // The catalogue: the kit, with what it holds, then two poster packs.
    browser.goto(&app.url("/materiel")).await.unwrap();
    wait_for_heading(&browser, "Matériel").await;
    let offer = text_of(&browser, "section[aria-labelledby=kit]").await;
    assert!(
        offer.contains("2 × Tracts « Le programme » (lot de 100)"),
        "{offer}"
    );
    assert_accessible_and_narrow(&browser).await;
    click(&browser, &cart_button(kit)).await;
    wait_for_text(&browser, &cart_button(kit), "Retirer le kit du panier").await;
    // Nine packs, more than an order takes: the message under the field, the nine kept.
    let quantity = format!("quantite-{posters}");
    type_in(&browser, &quantity, "9").await;
    click(&browser, &cart_button(posters)).await;
    let too_many = text_of(&browser, &format!("#{quantity}-erreur")).await;
    assert!(too_many.contains("de 0 à 5"), "{too_many}");
    assert_eq!(value_of(&browser, &quantity).await, "9");
    assert_accessible_and_narrow(&browser).await;
    type_in(&browser, &quantity, "2").await;
    click(&browser, &cart_button(posters)).await;
    let cart = wait_for_text(
        &browser,
        "section[aria-labelledby=panier]",
        "2 × Affiches A2",
    )
    .await;
    assert!(cart.contains("1 × Kit de démarrage (kit)"), "{cart}");
    assert!(cart.contains("Total : gratuit"), "{cart}");
    assert_accessible_and_narrow(&browser).await;

    // The order form, sent with a postal code that does not exist.
    click_link(&browser, "Passer commande").await;
    wait_for_heading(&browser, "Ma commande de matériel").await;
    assert_accessible_and_narrow(&browser).await;
    let typed = [
        ("name", "Louise Michel"),
        ("line1", "12 rue des Abbesses"),
        ("line2", "Bâtiment B"),
        ("postal_code", "99999"),
        ("commune", "Paris"),
        ("phone", "06 12 34 56 78"),
    ];
    for (field, value) in typed {
        type_in(&browser, field, value).await;
    }
    click(&browser, ORDER_BUTTON).await;
    let refusal = text_of(&browser, "#postal_code-erreur").await;
    assert!(refusal.contains("code postal"), "{refusal}");
    let next_to_it = browser
        .execute(
            "const field = document.getElementById('postal_code');
             return [field.getAttribute('aria-describedby'), field.nextElementSibling.id];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        next_to_it,
        serde_json::json!(["postal_code-erreur", "postal_code-erreur"]),
        "the message follows the field, which points to it"
    );
    for (field, value) in typed {
        assert_eq!(value_of(&browser, field).await, value, "{field} is kept");
    }
    assert_accessible_and_narrow(&browser).await;

    // Corrected and sent again: free, so validated at once.
    type_in(&browser, "postal_code", "75018").await;
    click(&browser, ORDER_BUTTON).await;
    let heading = wait_for_text(&browser, "h1", "Commande de matériel MAT-").await;
    let reference = heading
        .trim_start_matches("Commande de matériel ")
        .to_string();
    let order = plain(&text_of(&browser, "main").await);
    assert!(order.contains("Statut : validée"), "{order}");
    assert!(
        order.contains("1 × Kit de démarrage (kit)")
            && order.contains("2 × Affiches A2 (lot de 10)"),
        "{order}"
    );
    assert!(
        order.contains("12 rue des Abbesses") && order.contains("75018 Paris"),
        "{order}"
    );
    assert_accessible_and_narrow(&browser).await;
    // The two packs and the kit's one came out of the stock.
    assert_eq!(app.stock_of(posters).await, Some(47));

    // The order in Mon espace.
    click_link(&browser, "Toutes mes commandes").await;
    wait_for_heading(&browser, "Mon espace").await;
    let mine = plain(&text_of(&browser, "section[aria-labelledby=materiel]").await);
    assert!(
        mine.contains(&reference) && mine.contains("validée") && mine.contains("2 × Affiches A2"),
        "{mine}"
    );
    assert_accessible_and_narrow(&browser).await;
    browser.close().await.unwrap();
}

//! The stock of material under orders placed at the same moment, over HTTP: the last packs go
//! to as many orders as they cover and the others are refused with the page's message, and a
//! refused order leaves nothing behind (the other items' stock, the cart, no order).

use futures_util::future::join_all;

use essaim_domain::ids::ItemId;

use crate::support::{both_backends, csrf_token_in, TestApp, Visitor};

async fn put_in_cart(app: &TestApp, who: &Visitor, item: ItemId, quantity: i64) {
    let (status, location, _) = app
        .post_form(
            who,
            "/materiel",
            "/materiel/panier",
            &[
                ("item", &item.to_string()),
                ("quantity", &quantity.to_string()),
            ],
        )
        .await;
    assert_eq!((status, location.as_str()), (303, "/materiel#panier"));
}

/// Posts the order form of a person who loaded it with `token`; the status and the page.
async fn place_order(app: &TestApp, who: &Visitor, token: &str) -> (u16, String) {
    let response = who
        .post(app.url("/materiel/commande"))
        .form(&[
            ("csrf", token),
            ("pour", ""),
            ("name", "Louise Michel"),
            ("line1", "12 rue des Abbesses"),
            ("line2", ""),
            ("postal_code", "75018"),
            ("commune", "Paris"),
            ("phone", "06 12 34 56 78"),
        ])
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// The token of the order form, as the person's browser has it.
async fn order_form_token(app: &TestApp, who: &Visitor) -> String {
    let (status, page) = app.get(who, "/materiel/commande").await;
    assert_eq!(status, 200);
    csrf_token_in(&page)
}

both_backends! {
    async fn the_last_packs_go_to_as_many_orders_as_they_cover(app: Tcp) {
        let posters = app.free_item("Affiches A2", "lot de 10", "", "5").await;
        let mut people = Vec::new();
        for n in 0..12 {
            let who = app.signed_and_confirmed(&format!("affiche{n}@exemple.fr")).await;
            put_in_cart(&app, &who, posters, 1).await;
            let token = order_form_token(&app, &who).await;
            people.push((who, token));
        }

        let answers = join_all(people.iter().map(|(who, token)| place_order(&app, who, token))).await;

        let validated = answers.iter().filter(|(status, _)| *status == 303).count();
        let refused: Vec<&String> = answers.iter().filter(|(status, _)| *status == 422).map(|(_, page)| page).collect();
        assert_eq!((validated, refused.len()), (5, 7), "{answers:?}");
        for page in refused {
            assert!(page.contains("« Affiches A2 » vient d") && page.contains("être épuisé"), "{page}");
        }
        assert_eq!(app.stock_of(posters).await, 0);
    }

    async fn a_refused_order_leaves_the_stock_and_the_cart_as_they_were(app) {
        let posters = app.free_item("Affiches A2", "lot de 10", "", "1").await;
        let leaflets = app.free_item("Tracts", "lot de 10", "", "10").await;
        let louise = app.signed_and_confirmed("louise@exemple.fr").await;
        put_in_cart(&app, &louise, leaflets, 3).await;
        put_in_cart(&app, &louise, posters, 1).await;
        let token = order_form_token(&app, &louise).await;
        // Someone else takes the last poster pack while Louise types her address.
        let rosa = app.signed_and_confirmed("rosa@exemple.fr").await;
        put_in_cart(&app, &rosa, posters, 1).await;
        let rosa_token = order_form_token(&app, &rosa).await;
        assert_eq!(place_order(&app, &rosa, &rosa_token).await.0, 303);

        let (status, page) = place_order(&app, &louise, &token).await;

        assert_eq!(status, 422);
        assert!(page.contains("« Affiches A2 » vient d") && page.contains("qui est gardé"), "{page}");
        assert_eq!(app.stock_of(leaflets).await, 10, "the leaflets were given back");
        assert_eq!(app.stock_of(posters).await, 0);
        let person = app.store.find_person_by_email("louise@exemple.fr").await.unwrap().unwrap();
        let cart: Vec<(ItemId, i64)> = app.store.cart(person.id).await.unwrap().iter().map(|line| (line.item.id, line.quantity)).collect();
        assert_eq!(cart, vec![(posters, 1), (leaflets, 3)], "the cart is kept");
        assert!(app.store.orders_of(person.id).await.unwrap().is_empty(), "no order is left");
    }
}

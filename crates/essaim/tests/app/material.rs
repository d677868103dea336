//! Matériel over HTTP: the starter kit once per person, group and address; the last units
//! ordered by thirty people at once; the address checked on the same form; paid items validated
//! by their payment only; cancellations, unpaid orders, stock alerts, the person's data.

use essaim_payment::Decision;
use essaim_store::material::Actor;

use crate::groups::{create_group, create_group_at, press};
use crate::support::donations::hidden_fields;
use crate::support::material::shipping;
use crate::support::{answer_of, both_backends, csrf_token_in, id_in, TestApp, Visitor};

fn order_id_in(location: &str) -> essaim_domain::ids::OrderId {
    essaim_domain::ids::OrderId::new(id_in(location, "/materiel/commande/"))
}

/// Posts a provider's notification to the material route, as the provider does.
async fn notify_material(app: &TestApp, ipn: &[(String, String)]) -> (u16, String) {
    app.notify_at("/materiel/notification", ipn).await
}

async fn cart_page(app: &TestApp, who: &Visitor) -> String {
    app.get(who, "/materiel").await.1
}

both_backends! {
    async fn the_starter_kit_goes_once_per_person_once_per_group_and_once_per_address(app) {
        let (kit, leaflets) = app.starter_kit(Some(1000)).await;
        let poster = app.material_item("Affiche « Le peuple »", None, "").await;

        let alice = app.signed_and_confirmed("alice@exemple.fr").await;
        assert_eq!(app.add_to_cart(&alice, kit, "1").await.0, 303);
        let (status, location, page) = app.order(&alice, &shipping("Alice Martin", "12 rue de la Paix")).await;
        assert_eq!(status, 303, "the kit is ordered: {page}");
        let (_, order_page) = app.get(&alice, &location).await;
        assert!(order_page.contains("validée"), "{order_page}");
        assert_eq!(app.stock_of(leaflets).await, Some(800), "the kit's 200 leaflets are taken");
        app.wait_for_mail_with("alice@exemple.fr", "est validée").await;

        // The same person again: refused, with what else is in the cart kept.
        assert_eq!(app.add_to_cart(&alice, kit, "1").await.0, 303);
        assert_eq!(app.add_to_cart(&alice, poster, "3").await.0, 303);
        let (status, _, page) = app.order(&alice, &shipping("Alice Martin", "8 rue Ordener")).await;
        assert_eq!(status, 422);
        assert!(page.contains("déjà commandé votre kit"), "{page}");
        assert!(page.contains("value=\"8 rue Ordener\""), "the address typed is kept");
        assert!(cart_page(&app, &alice).await.contains("3 × Affiche"), "the cart is kept");

        // Another person at the same street and postal code, written differently: refused…
        let bruno = app.signed_and_confirmed("bruno@exemple.fr").await;
        assert_eq!(app.add_to_cart(&bruno, kit, "1").await.0, 303);
        let (status, _, page) = app.order(&bruno, &shipping("Bruno Martin", "12, Rue de la  PAIX")).await;
        assert_eq!(status, 422);
        assert!(page.contains("déjà été envoyé à cette adresse"), "{page}");
        // …until staff allow a second kit there, saying why.
        let staff = app.signed_and_confirmed("equipe@exemple.fr").await;
        assert!(app.store.grant_staff_role("equipe@exemple.fr", essaim_domain::staff::StaffRole::Admin, essaim_store::now()).await.unwrap());
        let staff_id = app.store.find_person_by_email("equipe@exemple.fr").await.unwrap().unwrap().id;
        drop(staff);
        assert!(app.store.allow_second_kit_at_address("bruno@exemple.fr", "colocation militante", staff_id, essaim_store::now()).await.unwrap());
        let (status, _, page) = app.order(&bruno, &shipping("Bruno Martin", "12, Rue de la  PAIX")).await;
        assert_eq!(status, 303, "{page}");

        // A group's kit, once: its animator orders it, then cannot order a second one.
        let carla = app.signed_and_confirmed("carla@exemple.fr").await;
        let group = create_group(&app, &carla, "Groupe de la Goutte d'Or", "75018").await;
        let group_id = group.to_string();
        assert_eq!(app.add_to_cart(&carla, kit, "1").await.0, 303);
        let mut fields = shipping("Groupe Goutte d'Or", "3 rue Polonceau");
        fields[0] = ("pour", &group_id);
        let (status, _, page) = app.order(&carla, &fields).await;
        assert_eq!(status, 303, "{page}");
        assert_eq!(app.add_to_cart(&carla, kit, "1").await.0, 303);
        let mut fields = shipping("Groupe Goutte d'Or", "40 rue Myrha");
        fields[0] = ("pour", &group_id);
        let (status, _, page) = app.order(&carla, &fields).await;
        assert_eq!(status, 422);
        assert!(page.contains("Ce groupe a déjà reçu son kit"), "{page}");
        // Her own kit is another one.
        let (status, _, page) = app.order(&carla, &shipping("Carla Diaz", "40 rue Myrha")).await;
        assert_eq!(status, 303, "{page}");
        // Someone who does not animate the group cannot order for it.
        assert_eq!(app.add_to_cart(&alice, poster, "1").await.0, 303);
        let mut fields = shipping("Alice Martin", "12 rue de la Paix");
        fields[0] = ("pour", &group_id);
        let (status, _, page) = app.order(&alice, &fields).await;
        assert_eq!(status, 422);
        assert!(page.contains("groupe que vous animez"), "{page}");

        // A signer who has not confirmed is asked to confirm first (a login confirms the
        // signature, so this is the store's rule, met by an order racing the confirmation)…
        let visitor = app.browser();
        assert_eq!(app.sign(&visitor, "diane@exemple.fr").await.0, 200);
        let diane = app.store.find_person_by_email("diane@exemple.fr").await.unwrap().unwrap();
        let address = essaim_domain::material::ShippingForm { name: "Diane".into(), line1: "9 rue Doudeauville".into(), postal_code: "75018".into(), commune: "Paris".into(), phone: "0611223344".into(), ..Default::default() }
            .parse(|code| essaim_geo::by_postal_code(code).into_iter().map(|c| essaim_domain::material::CommuneChoice { insee: c.insee.into(), name: c.name.into() }).collect())
            .unwrap();
        let refusal = app.store.place_order(&essaim_store::material::NewOrder { person: diane.id, email: &diane.email, group: None, address: &address, lines: &[(kit, 1)], now: essaim_store::now() }).await.unwrap();
        assert_eq!(refusal, Err(essaim_store::material::OrderRefusal::Kit(essaim_domain::material::KitRefusal::NotConfirmed)));
        // …and someone with an account but no signature (a donor) is asked to sign.
        app.paid_gift("eve@exemple.fr", "20").await;
        let eve = app.logged_in("eve@exemple.fr").await;
        let page = cart_page(&app, &eve).await;
        assert!(page.contains("appuyez-la") && page.contains("Appuyer la candidature"), "{page}");
        let (status, page) = app.add_to_cart(&eve, kit, "1").await;
        assert_eq!(status, 200);
        assert!(page.contains("appuyez-la"), "{page}");
        assert_eq!(app.orders_in("validated").await, 4);
    }

    async fn thirty_people_after_ten_units_make_ten_orders_and_twenty_clear_refusals(app: Tcp) {
        let item = app.material_item("Affiches grand format", Some(10), "").await;
        let other = app.material_item("Autocollants", None, "").await;
        let people: Vec<Visitor> = futures_util::future::join_all(
            (0..30).map(|n| {
                let app = &app;
                async move { app.signed_and_confirmed(&format!("personne{n}@exemple.fr")).await }
            }),
        )
        .await;
        let mut tokens = Vec::new();
        for person in &people {
            assert_eq!(app.add_to_cart(person, item, "1").await.0, 303);
            assert_eq!(app.add_to_cart(person, other, "2").await.0, 303);
            let (_, page) = app.get(person, "/materiel/commande").await;
            tokens.push(csrf_token_in(&page));
        }
        let answers = futures_util::future::join_all(people.iter().zip(&tokens).map(|(person, token)| {
            let mut form = vec![("csrf", token.as_str())];
            form.extend(shipping("Personne Pressée", "5 rue Custine"));
            let request = person.post(app.url("/materiel/commande")).form(&form);
            async move { answer_of(request.send().await.unwrap()).await }
        }))
        .await;
        let validated = answers.iter().filter(|(status, _, _)| *status == 303).count();
        let refused: Vec<_> = answers.iter().filter(|(status, _, _)| *status == 422).collect();
        assert_eq!(validated, 10, "exactly the stock");
        assert_eq!(refused.len(), 20);
        for (_, _, page) in &refused {
            assert!(page.contains("être épuisé"), "a clear refusal: {page}");
        }
        assert_eq!(app.stock_of(item).await, Some(0));
        assert_eq!(app.orders_in("validated").await, 10);
        let units: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM material_order_lines WHERE item_id = $1",
        )
        .bind(item.get())
        .fetch_one(app.store.pool())
        .await
        .unwrap();
        assert_eq!(units, 10, "nothing oversold");
        // Who was refused keeps the whole cart.
        let refused_person = people
            .iter()
            .zip(&answers)
            .find(|(_, (status, _, _))| *status == 422)
            .unwrap()
            .0;
        let page = cart_page(&app, refused_person).await;
        assert!(page.contains("2 × Autocollants") && page.contains("1 × Affiches grand format"), "{page}");
    }

    async fn a_wrong_address_is_shown_on_the_same_form_with_what_was_typed(app) {
        let item = app.material_item("Tracts", None, "").await;
        let alice = app.signed_and_confirmed("alice@exemple.fr").await;
        assert_eq!(app.add_to_cart(&alice, item, "2").await.0, 303);
        let long = "123 avenue de la République très longue"; // 39 characters
        assert_eq!(long.chars().count(), 39);
        let cases: [(&str, &str, &str, &str, &str); 4] = [
            ("name", "", "7501", "", "postal_code"),
            ("Alice", "1 rue Ordener", "99999", "Paris", "postal_code"),
            ("Alice", "1 rue Ordener", "75018", "Lyon", "commune"),
            ("Alice", long, "75018", "Paris", "line1"),
        ];
        for (name, line1, postal_code, commune, wrong) in cases {
            let name = if name == "name" { "" } else { name };
            let fields = [("pour", ""), ("name", name), ("line1", line1), ("line2", "Bâtiment B"), ("postal_code", postal_code), ("commune", commune), ("phone", "06 11 22 33 44")];
            let (status, _, page) = app.order(&alice, &fields).await;
            assert_eq!(status, 422, "{wrong}");
            assert!(page.contains(&format!("id=\"{wrong}-erreur\"")), "an error on {wrong}: {page}");
            assert!(page.contains("value=\"Bâtiment B\""), "input kept");
            assert!(page.contains(&format!("value=\"{postal_code}\"")), "postal code kept");
            if name.is_empty() {
                assert!(page.contains("id=\"name-erreur\""), "the empty name too: {page}");
            }
        }
        assert_eq!(app.orders_in("validated").await, 0, "nothing was ordered");
        let (status, _, _) = app.order(&alice, &shipping("Alice", "1 rue Ordener")).await;
        assert_eq!(status, 303, "the corrected address goes through");
    }

    async fn a_paid_order_is_validated_by_its_payment_and_never_exported_before(app) {
        let poster = app.material_item("Affiches sérigraphiées", Some(5), "2,50").await;
        let alice = app.signed_and_confirmed("alice@exemple.fr").await;
        let staff_id = app.store.find_person_by_email("alice@exemple.fr").await.unwrap().unwrap().id;
        assert_eq!(app.add_to_cart(&alice, poster, "2").await.0, 303);
        let (status, _, payment_page) = app.order(&alice, &shipping("Alice Martin", "1 rue Ordener")).await;
        assert_eq!(status, 200, "the payment page: {payment_page}");
        let total = essaim_domain::donations::Cents::new(500).to_string();
        assert!(payment_page.contains(&total), "the total: {payment_page}");
        assert!(payment_page.contains("pas un don"));
        assert_eq!(app.orders_in("awaiting_payment").await, 1);
        assert_eq!(app.stock_of(poster).await, Some(3), "held while paying");
        assert_eq!(app.store.export_batch(staff_id, essaim_store::now()).await.unwrap(), None, "an unpaid order is never exported");

        // Refused: the order is cancelled, the stock and the cart come back.
        let refused = app.provider_answer(&payment_page, Decision::Refuse);
        assert_eq!(notify_material(&app, &refused).await.0, 200);
        assert_eq!(app.orders_in("cancelled").await, 1);
        assert_eq!(app.stock_of(poster).await, Some(5));
        assert!(cart_page(&app, &alice).await.contains("2 × Affiches sérigraphiées"));

        // Accepted: validated, emailed, exported.
        let (status, location, payment_page) = app.order(&alice, &shipping("Alice Martin", "1 rue Ordener")).await;
        assert_eq!(status, 200, "{location}");
        let accepted = app.provider_answer(&payment_page, Decision::Accept);
        assert_eq!(notify_material(&app, &accepted).await, (200, "commande validée".into()));
        assert_eq!(notify_material(&app, &accepted).await, (200, "déjà reçue".into()), "a replay changes nothing");
        let mut forged = accepted.clone();
        forged.retain(|(name, _)| name != "signature");
        forged.push(("signature".into(), "AAAA".into()));
        assert_eq!(notify_material(&app, &forged).await.0, 400);
        assert_eq!(app.orders_in("validated").await, 1);
        app.wait_for_mail_with("alice@exemple.fr", "pas un don").await;
        let batch = app.store.export_batch(staff_id, essaim_store::now()).await.unwrap();
        assert!(batch.is_some());
        assert_eq!(app.orders_in("exported").await, 1);
        assert_eq!(app.orders_in("cancelled").await, 1, "the refused one stays out of it");
        assert!(app.store.payments_to_refund().await.unwrap().is_empty(), "a refused payment is nothing to refund");

        // Paid, then cancelled by the person: the payment is listed for a refund, and she is told.
        assert_eq!(app.add_to_cart(&alice, poster, "1").await.0, 303);
        let (_, _, payment_page) = app.order(&alice, &shipping("Alice Martin", "1 rue Ordener")).await;
        let accepted = app.provider_answer(&payment_page, Decision::Accept);
        assert_eq!(notify_material(&app, &accepted).await.0, 200);
        let order: i64 = sqlx::query_scalar("SELECT MAX(id) FROM material_orders").fetch_one(app.store.pool()).await.unwrap();
        let location = format!("/materiel/commande/{order}");
        assert_eq!(app.post_form(&alice, &location, &format!("{location}/annuler"), &[]).await.0, 303);
        let refunds = app.store.payments_to_refund().await.unwrap();
        assert_eq!(refunds.len(), 1);
        assert_eq!((refunds[0].order_id, refunds[0].amount_cents), (order, 250));
        app.wait_for_mail_with("alice@exemple.fr", "sera remboursé").await;
        let staff = app.signed_and_confirmed("equipe@exemple.fr").await;
        assert!(app.store.grant_staff_role("equipe@exemple.fr", essaim_domain::staff::StaffRole::Admin, essaim_store::now()).await.unwrap());
        let (_, back_office) = app.get(&staff, "/admin/materiel").await;
        assert!(back_office.contains("Paiements à rembourser") && back_office.contains(&format!("MAT-{order:06}")), "{back_office}");
    }

    async fn a_paid_order_goes_through_the_payment_simulator(app: Tcp) {
        let poster = app.material_item("Affiches", None, "4").await;
        let alice = app.signed_and_confirmed("alice@exemple.fr").await;
        assert_eq!(app.add_to_cart(&alice, poster, "1").await.0, 303);
        let (status, _, payment_page) = app.order(&alice, &shipping("Alice Martin", "1 rue Ordener")).await;
        assert_eq!(status, 200);
        let response = alice.post(app.url("/dons/simulateur")).form(&hidden_fields(&payment_page)).send().await.unwrap();
        let simulator = response.text().await.unwrap();
        assert!(simulator.contains("Commande de matériel"), "{simulator}");
        let mut form = vec![("csrf".to_string(), csrf_token_in(&simulator)), ("decision".to_string(), "accepter".to_string())];
        form.extend(hidden_fields(&simulator));
        let response = alice.post(app.url("/dons/simulateur/decision")).form(&form).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 303);
        let back = response.headers()["location"].to_str().unwrap().to_string();
        assert!(back.contains("/materiel/commande/"), "{back}");
        let (_, page) = app.get(&alice, &back.replace(&app.url(""), "")).await;
        assert!(page.contains("validée"), "{page}");
    }

    async fn a_cancelled_order_gives_its_stock_and_its_kit_back(app) {
        let (kit, leaflets) = app.starter_kit(Some(500)).await;
        let alice = app.signed_and_confirmed("alice@exemple.fr").await;
        assert_eq!(app.add_to_cart(&alice, kit, "1").await.0, 303);
        let (_, location, _) = app.order(&alice, &shipping("Alice Martin", "1 rue Ordener")).await;
        assert_eq!(app.stock_of(leaflets).await, Some(300));
        let order = order_id_in(&location);
        let (status, _, _) = app.post_form(&alice, &location, &format!("{location}/annuler"), &[]).await;
        assert_eq!(status, 303);
        assert_eq!(app.stock_of(leaflets).await, Some(500));
        app.wait_for_mail_with("alice@exemple.fr", "annulée").await;
        let history = app.store.order_history(order).await.unwrap();
        assert_eq!(history.iter().map(|change| change.status.as_str()).collect::<Vec<_>>(), ["validated", "cancelled"]);
        assert_eq!(history[1].actor, "personne");
        // The kit can be ordered again.
        assert_eq!(app.add_to_cart(&alice, kit, "1").await.0, 303);
        assert_eq!(app.order(&alice, &shipping("Alice Martin", "1 rue Ordener")).await.0, 303);
        // Someone else cannot cancel it.
        let order: i64 = sqlx::query_scalar("SELECT MAX(id) FROM material_orders").fetch_one(app.store.pool()).await.unwrap();
        let bruno = app.signed_and_confirmed("bruno@exemple.fr").await;
        let bruno_id = app.store.find_person_by_email("bruno@exemple.fr").await.unwrap().unwrap().id;
        drop(bruno);
        let outcome = app.store.cancel_order(essaim_domain::ids::OrderId::new(order), Actor::Person(bruno_id), None, essaim_store::now()).await.unwrap();
        assert_eq!(outcome, essaim_store::material::ChangeOutcome::NotAllowed);
    }

    async fn an_unpaid_order_gives_its_stock_back_after_its_time(app) {
        let poster = app.material_item("Affiches", Some(4), "3").await;
        let alice = app.signed_and_confirmed("alice@exemple.fr").await;
        assert_eq!(app.add_to_cart(&alice, poster, "4").await.0, 303);
        assert_eq!(app.order(&alice, &shipping("Alice Martin", "1 rue Ordener")).await.0, 200);
        assert_eq!(app.stock_of(poster).await, Some(0));
        let settings = essaim::material_config::MaterialSettings::default();
        essaim::maintenance::material_upkeep(&app.store, &settings, essaim_store::now()).await;
        assert_eq!(app.orders_in("awaiting_payment").await, 1, "not yet");
        essaim::maintenance::material_upkeep(&app.store, &settings, essaim_store::now() + 2 * 3600).await;
        assert_eq!(app.orders_in("cancelled").await, 1);
        assert_eq!(app.stock_of(poster).await, Some(4));
        assert!(cart_page(&app, &alice).await.contains("4 × Affiches"), "back in the cart");
    }

    async fn staff_are_emailed_once_when_an_item_runs_low(app) {
        let staff = app.signed_and_confirmed("equipe@exemple.fr").await;
        drop(staff);
        assert!(app.store.grant_staff_role("equipe@exemple.fr", essaim_domain::staff::StaffRole::Admin, essaim_store::now()).await.unwrap());
        let form = essaim_domain::material::ItemForm { name: "Autocollants".into(), unit: "planche".into(), per_order_max: "10".into(), stock: "12".into(), alert_below: "10".into(), visible: true, ..Default::default() };
        let item = app.store.create_item(&form.parse(false).unwrap(), false, None, essaim_store::now()).await.unwrap().unwrap();
        let alice = app.signed_and_confirmed("alice@exemple.fr").await;
        for address in ["1 rue Ordener", "2 rue Ordener"] {
            assert_eq!(app.add_to_cart(&alice, item, "2").await.0, 303);
            assert_eq!(app.order(&alice, &shipping("Alice", address)).await.0, 303);
        }
        let mail = app.wait_for_mail_with("equipe@exemple.fr", "Il ne reste que 8").await;
        assert!(mail.text.contains("Autocollants"));
        assert!(app.mail_when_idle("equipe@exemple.fr").await.iter().filter(|m| m.text.contains("Il ne reste que")).count() == 1, "once");
        let stats = app.store.material_stats().await.unwrap();
        assert_eq!(stats.low_stock.len(), 1);
        assert_eq!(stats.per_departement["75"].orders, 2);
        assert_eq!(stats.per_item, vec![("Autocollants".to_string(), 4)]);
    }

    async fn my_orders_are_in_my_data_and_addresses_go_after_delivery(app) {
        let item = app.material_item("Tracts", None, "").await;
        let alice = app.signed_and_confirmed("alice@exemple.fr").await;
        assert_eq!(app.add_to_cart(&alice, item, "3").await.0, 303);
        let (_, location, _) = app.order(&alice, &shipping("Alice Martin", "1 rue Ordener")).await;
        let order = order_id_in(&location);
        let (_, space) = app.get(&alice, "/mon-espace").await;
        assert!(space.contains("Mes commandes de matériel") && space.contains(&format!("MAT-{:06}", order.get())), "{space}");
        let (_, json) = app.get(&alice, "/mon-espace/donnees.json").await;
        let data: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(data["commandes_de_materiel"][0]["adresse"], "1 rue Ordener");
        assert_eq!(data["articles_commandes"][0]["article"], "Tracts");

        // Delivered long ago: the address goes, the export file too.
        let staff = app.store.find_person_by_email("alice@exemple.fr").await.unwrap().unwrap().id;
        let now = essaim_store::now();
        let batch = app.store.export_batch(staff, now).await.unwrap().unwrap();
        let row = essaim_domain::material::TrackingRow { line: 1, order_id: order.get(), tracking: "6A12345678901".into() };
        assert_eq!(app.store.record_tracking(&row, staff, now).await.unwrap(), essaim_store::material::TrackingOutcome::Shipped);
        assert_eq!(app.store.mark_delivered(order, staff, now).await.unwrap(), essaim_store::material::ChangeOutcome::Changed);
        // Another order given the same number by a slip in the carrier's file: refused.
        assert_eq!(app.add_to_cart(&alice, item, "1").await.0, 303);
        let (_, other, _) = app.order(&alice, &shipping("Alice Martin", "1 rue Ordener")).await;
        let other = order_id_in(&other);
        app.store.export_batch(staff, now).await.unwrap().unwrap();
        let slip = essaim_domain::material::TrackingRow { line: 1, order_id: other.get(), tracking: "6A12345678901".into() };
        assert_eq!(app.store.record_tracking(&slip, staff, now).await.unwrap(), essaim_store::material::TrackingOutcome::NumberOfAnotherOrder(order.get()));
        assert_eq!(app.store.order(other).await.unwrap().unwrap().order.tracking, None);
        // The retention rules (90 days by default) list it only once the days have passed; the
        // purge then takes exactly it (at these later dates, the other rules would also log
        // Alice out: the purge alone runs here).
        let policy = essaim::retention::RetentionPolicy::default();
        let listed = |days: i64| essaim::retention::dry_run(&app.store, &policy, now + days * 86_400);
        let addresses = essaim_store::retention::RetentionRule::OrderAddresses;
        assert_eq!(listed(30).await.unwrap().count(addresses), 0);
        assert_eq!(app.store.purge_order_addresses(90, now + 30 * 86_400).await.unwrap(), 0);
        assert!(app.store.batch_file(batch).await.unwrap().is_some(), "kept while a claim is possible");
        assert_eq!(listed(91).await.unwrap().count(addresses), 1);
        assert_eq!(app.store.purge_order_addresses(90, now + 91 * 86_400).await.unwrap(), 1);
        assert_eq!(listed(91).await.unwrap().count(addresses), 0);
        let kept = app.store.order(order).await.unwrap().unwrap();
        assert_eq!(kept.order.ship_line1, "");
        assert_eq!(kept.order.ship_phone, "");
        assert_eq!(kept.order.departement, "75", "the statistics keep the département");
        assert!(app.store.batch_file(batch).await.unwrap().is_none(), "the file that held it is gone");
        let (_, page) = app.get(&alice, &location).await;
        assert!(page.contains("adresse effacée"), "{page}");
        let (_, notice) = app.get(&alice, "/confidentialite").await;
        assert!(notice.contains("effacés 90 jours après la livraison"), "the privacy notice says so");
    }

    async fn deleting_my_account_erases_the_addresses_of_finished_orders(app) {
        let item = app.material_item("Tracts", None, "").await;
        let alice = app.signed_and_confirmed("alice@exemple.fr").await;
        let alice_id = app.store.find_person_by_email("alice@exemple.fr").await.unwrap().unwrap().id;
        let mut orders = Vec::new();
        for address in ["1 rue Ordener", "2 rue Ordener"] {
            assert_eq!(app.add_to_cart(&alice, item, "1").await.0, 303);
            let (_, location, _) = app.order(&alice, &shipping("Alice Martin", address)).await;
            orders.push(order_id_in(&location));
        }
        app.store.cancel_order(orders[0], Actor::Person(alice_id), None, essaim_store::now()).await.unwrap();
        assert_eq!(app.add_to_cart(&alice, item, "4").await.0, 303);
        let (status, _, _) = app.post_form(&alice, "/mon-espace", "/mon-espace/supprimer", &[("confirmer", "1")]).await;
        assert_eq!(status, 200, "the account is deleted");
        let finished = app.store.order(orders[0]).await.unwrap().unwrap().order;
        assert_eq!((finished.ship_name.as_str(), finished.ship_line1.as_str(), finished.email.as_str()), ("", "", ""));
        assert_eq!(finished.person_id, None);
        let on_its_way = app.store.order(orders[1]).await.unwrap().unwrap().order;
        assert_eq!(on_its_way.ship_line1, "2 rue Ordener", "still to be delivered");
        assert_eq!(on_its_way.person_id, None);
        let carts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM material_carts").fetch_one(app.store.pool()).await.unwrap();
        assert_eq!(carts, 0);
    }

    async fn a_member_has_the_order_delivered_to_the_groups_meeting_place(app) {
        let item = app.material_item("Affiches", None, "").await;
        let carla = app.signed_and_confirmed("carla@exemple.fr").await;
        let group = create_group_at(&app, &carla, "Goutte d'Or", "75018", "3 rue Polonceau").await;
        let bruno = app.signed_and_confirmed("bruno@exemple.fr").await;
        assert_eq!(press(&app, &bruno, group, "rejoindre", &[]).await.0, 303);
        let (_, page) = app.get(&bruno, "/materiel/commande").await;
        assert!(page.contains(&format!("/materiel/commande?groupe={group}")), "the meeting place is offered: {page}");
        assert!(!page.contains("name=\"pour\""), "a member does not order for the group");
        let (_, page) = app.get(&bruno, &format!("/materiel/commande?groupe={group}")).await;
        assert!(page.contains("value=\"3 rue Polonceau\""), "{page}");
        assert_eq!(app.add_to_cart(&bruno, item, "2").await.0, 303);
        let (status, location, page) = app.order(&bruno, &[("pour", ""), ("name", "Animation Goutte d'Or"), ("line1", "3 rue Polonceau"), ("line2", ""), ("postal_code", "75018"), ("commune", "Paris"), ("phone", "0611223344")]).await;
        assert_eq!(status, 303, "{page}");
        assert_eq!(app.store.order(order_id_in(&location)).await.unwrap().unwrap().order.group_id, None);
        // The animator's page chooses the group for her.
        let (_, page) = app.get(&carla, &format!("/materiel/commande?groupe={group}")).await;
        assert!(page.contains(&format!("<option value=\"{group}\" selected>")), "{page}");
    }

    async fn a_wrong_quantity_is_shown_under_its_item_and_changes_nothing(app) {
        let item = app.material_item("Affiches", Some(30), "").await;
        let alice = app.signed_and_confirmed("alice@exemple.fr").await;
        for (typed, says) in [("abc", "de 0 à 50"), ("51", "de 0 à 50"), ("31", "Il ne reste que 30")] {
            let (status, page) = app.add_to_cart(&alice, item, typed).await;
            assert_eq!(status, 200, "{typed}");
            assert!(page.contains(&format!("id=\"quantite-{item}-erreur\"")), "under its field: {page}");
            assert!(page.contains(says), "{typed}: {page}");
            assert!(page.contains("corrigez la quantité signalée"), "{page}");
        }
        assert!(cart_page(&app, &alice).await.contains("Votre panier est vide"));
        // Anonymous visitors see the catalogue and are asked to log in; their posts go nowhere.
        let visitor = app.browser();
        let (status, page) = app.get(&visitor, "/materiel").await;
        assert_eq!(status, 200);
        assert!(page.contains("Affiches") && page.contains("href=\"/connexion\""), "{page}");
        assert!(!page.contains("action=\"/materiel/panier\""));
    }

    async fn a_refused_order_leaves_the_stock_and_the_cart_as_they_were(app) {
        let posters = app.free_item("Affiches A2", "lot de 10", "", "1").await;
        let leaflets = app.free_item("Tracts", "lot de 10", "", "10").await;
        let louise = app.signed_and_confirmed("louise@exemple.fr").await;
        assert_eq!(app.add_to_cart(&louise, leaflets, "3").await.0, 303);
        assert_eq!(app.add_to_cart(&louise, posters, "1").await.0, 303);
        let (_, form) = app.get(&louise, "/materiel/commande").await;
        // Someone else takes the last poster pack while Louise types her address.
        let rosa = app.signed_and_confirmed("rosa@exemple.fr").await;
        assert_eq!(app.add_to_cart(&rosa, posters, "1").await.0, 303);
        assert_eq!(app.order(&rosa, &shipping("Rosa", "1 rue Ordener")).await.0, 303);

        let mut fields = vec![("csrf", csrf_token_in(&form))];
        fields.extend(shipping("Louise Michel", "12 rue des Abbesses").into_iter().map(|(k, v)| (k, v.to_string())));
        let (status, _, page) = answer_of(louise.post(app.url("/materiel/commande")).form(&fields).send().await.unwrap()).await;
        assert_eq!(status, 422);
        assert!(page.contains("« Affiches A2 » vient d") && page.contains("qui est gardé"), "{page}");
        assert_eq!(app.stock_of(leaflets).await, Some(10), "the leaflets were given back");
        assert_eq!(app.stock_of(posters).await, Some(0));
        let person = app.store.find_person_by_email("louise@exemple.fr").await.unwrap().unwrap();
        let cart: Vec<_> = app.store.cart(person.id).await.unwrap().iter().map(|line| (line.item.id, line.quantity)).collect();
        assert_eq!(cart, vec![(posters, 1), (leaflets, 3)], "the cart is kept");
        assert!(app.store.orders_of(person.id).await.unwrap().is_empty(), "no order is left");
    }

    async fn an_item_withdrawn_from_the_catalogue_is_left_out_and_a_short_kit_says_so(app) {
        let (kit, leaflets) = app.starter_kit(Some(250)).await;
        let posters = app.material_item("Affiches", None, "").await;
        let stickers = app.material_item("Autocollants", None, "").await;
        let alice = app.signed_and_confirmed("alice@exemple.fr").await;
        assert_eq!(app.add_to_cart(&alice, posters, "2").await.0, 303);
        assert_eq!(app.add_to_cart(&alice, stickers, "1").await.0, 303);
        // Hidden by staff meanwhile (a retired one leaves every cart).
        let hidden = essaim_domain::material::ItemForm { name: "Autocollants".into(), unit: "lot de 10".into(), per_order_max: "50".into(), visible: false, ..Default::default() };
        assert!(app.store.update_item(stickers, &hidden.parse(false).unwrap(), None, essaim_store::now()).await.unwrap());
        let page = cart_page(&app, &alice).await;
        assert!(page.contains("il ne sera pas commandé"), "{page}");
        let (status, location, page) = app.order(&alice, &shipping("Alice", "1 rue Ordener")).await;
        assert_eq!(status, 303, "{page}");
        let order = app.store.order(order_id_in(&location)).await.unwrap().unwrap();
        assert_eq!(order.lines.iter().map(|l| l.item_name.as_str()).collect::<Vec<_>>(), ["Affiches"]);

        // The kit's leaflets run short: the catalogue says so, and so does the refusal.
        let bruno = app.signed_and_confirmed("bruno@exemple.fr").await;
        assert_eq!(app.add_to_cart(&bruno, kit, "1").await.0, 303);
        assert_eq!(app.order(&bruno, &shipping("Bruno", "2 rue Ordener")).await.0, 303);
        assert_eq!(app.stock_of(leaflets).await, Some(50));
        assert!(cart_page(&app, &alice).await.contains("momentanément épuisé"));
        assert_eq!(app.add_to_cart(&alice, kit, "1").await.0, 303);
        let (status, _, page) = app.order(&alice, &shipping("Alice", "1 rue Ordener")).await;
        assert_eq!(status, 422);
        assert!(page.contains("Le kit de démarrage est momentanément épuisé") && page.contains("Tracts"), "{page}");
    }

    async fn nonsense_in_any_field_of_the_material_forms_never_makes_a_server_error(app) {
        let item = app.material_item("Affiches", Some(3), "2").await;
        app.starter_kit(Some(100)).await;
        let staff = app.signed_and_confirmed("equipe@exemple.fr").await;
        assert!(app.store.grant_staff_role("equipe@exemple.fr", essaim_domain::staff::StaffRole::Admin, essaim_store::now()).await.unwrap());
        assert_eq!(app.add_to_cart(&staff, item, "1").await.0, 303);
        let (_, location, _) = app.order(&staff, &shipping("Equipe", "1 rue Ordener")).await;
        let order = location.rsplit('/').next().unwrap_or("1").to_string();
        let long = "x".repeat(5_000);
        let awkward = ["", " ", "-1", "0", "99999999999999999999", "NaN", "1e9", "=cmd|' /C calc'!A0",
            "<script>alert(1)</script>", "\u{0}\u{7}\u{1b}", "\u{202e}évé\u{fe0f}😀", long.as_str(), "MAT-", "1,5", "2,50 €"];
        let item_id = item.to_string();
        let kit_field = format!("contenu-{item_id}");
        let forms: Vec<(String, Vec<(&str, &str)>)> = vec![
            ("/materiel/panier".into(), vec![("item", item_id.as_str()), ("quantity", "1"), ("retour", "")]),
            ("/materiel/commande".into(), shipping("Equipe", "1 rue Ordener")),
            ("/admin/materiel/kit".into(), vec![(kit_field.as_str(), "2")]),
            ("/admin/materiel/second-kit".into(), vec![("email", "equipe@exemple.fr"), ("reason", "Colocation militante")]),
            (format!("/admin/materiel/commandes/{order}/annuler"), vec![("reason", "Erreur de saisie")]),
            (format!("/admin/materiel/{item_id}/retirer"), vec![("confirmer", "")]),
        ];
        let mut sent = 0;
        for (path, fields) in &forms {
            for (n, _) in fields.iter().enumerate() {
                for value in awkward {
                    let mut changed = fields.clone();
                    changed[n].1 = value;
                    let (status, _, page) = app.post_form(&staff, "/materiel", path, &changed).await;
                    assert!(status < 500, "POST {path} with {}={value:?}: {status} {page}", changed[n].0);
                    sent += 1;
                }
            }
        }
        // The item form is multipart: every text field, and files that are not pictures.
        let names = ["name", "description", "unit", "theme", "per_order_max", "stock", "alert_below", "price", "visible", "is_kit"];
        for (n, name) in names.iter().enumerate() {
            for value in awkward {
                let (_, page) = app.get(&staff, "/admin/materiel/nouveau").await;
                let mut form = crate::support::Multipart::new().text("csrf", csrf_token_in(&page));
                for (m, other) in names.iter().enumerate() {
                    let typed = if m == n { value } else { match *other { "per_order_max" => "5", "is_kit" | "visible" | "stock" | "alert_below" | "price" | "description" | "theme" => "", _ => "Affiches" } };
                    form = form.text(other, typed);
                }
                form = form.file("photo", "photo.png", value.as_bytes());
                let response = staff.post(app.url("/admin/materiel/nouveau")).multipart(form).send().await.unwrap();
                assert!(response.status().as_u16() < 500, "{name}={value:?}");
                sent += 1;
            }
        }
        assert!(sent > 200, "{sent} forms sent");
    }
}

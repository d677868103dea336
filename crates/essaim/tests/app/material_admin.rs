//! Matériel in the back-office: the catalogue and its pictures, the starter kit, orders cancelled
//! and delivered by staff with their history, the batch files handed to the logistics provider
//! (each order once, the same bytes every time, no formula run by a spreadsheet), and the
//! carrier's tracking file with its bad rows reported line by line.

use std::io::Cursor;

use essaim_domain::ids::{ItemId, OrderId};
use essaim_domain::material::{ItemForm, OrderStatus, ShippingAddress};
use essaim_store::material::{NewOrder, NewPicture, Placed};
use essaim_store::now;

use crate::support::{
    answer_of, both_backends, csrf_token_in, id_in, unescape, Multipart, TestApp, Visitor,
};

const STAFF: &str = "logistique@exemple.fr";

/// A logged-in member of staff.
async fn staff(app: &TestApp) -> Visitor {
    let staff = app.signed_and_confirmed(STAFF).await;
    assert!(app
        .store
        .grant_staff_role(
            STAFF,
            essaim_domain::staff::StaffRole::Finance,
            essaim_store::now()
        )
        .await
        .unwrap());
    staff
}

/// A free item made through the store; `stock` None: unlimited.
async fn item(app: &TestApp, name: &str, stock: Option<i64>) -> ItemId {
    let draft = ItemForm {
        name: name.into(),
        unit: "lot de 100".into(),
        per_order_max: "10".into(),
        stock: stock.map(|n| n.to_string()).unwrap_or_default(),
        visible: true,
        ..ItemForm::default()
    }
    .parse(false)
    .unwrap();
    app.store
        .create_item(&draft, false, None, now())
        .await
        .unwrap()
        .unwrap()
}

/// The starter kit, free, without contents.
async fn kit(app: &TestApp) -> ItemId {
    let draft = ItemForm {
        name: "Kit de démarrage".into(),
        unit: "kit".into(),
        per_order_max: "1".into(),
        visible: true,
        ..ItemForm::default()
    }
    .parse(true)
    .unwrap();
    app.store
        .create_item(&draft, true, None, now())
        .await
        .unwrap()
        .unwrap()
}

/// The order form's shipping fields, for a recipient in Paris 18e.
fn shipping<'a>(name: &'a str, line1: &'a str, line2: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("pour", ""),
        ("name", name),
        ("line1", line1),
        ("line2", line2),
        ("postal_code", "75018"),
        ("commune", "Paris"),
        ("phone", "06 11 22 33 44"),
    ]
}

/// `who` puts `quantity` of `item` in the cart and orders it from the shop's pages.
async fn order(
    app: &TestApp,
    who: &Visitor,
    item: ItemId,
    quantity: i64,
    address: &[(&str, &str)],
) -> OrderId {
    let (status, page) = app.add_to_cart(who, item, &quantity.to_string()).await;
    assert_eq!(status, 303, "{page}");
    let (status, location, page) = app.order(who, address).await;
    assert_eq!(status, 303, "the order is placed: {}", unescape(&page));
    OrderId::new(id_in(&location, "/materiel/commande/"))
}

/// An order placed through the store, for an address no form would take (its complement line
/// a formula too).
async fn order_in_store(app: &TestApp, email: &str, item: ItemId, name: &str) -> OrderId {
    let person = app
        .store
        .find_person_by_email(email)
        .await
        .unwrap()
        .unwrap();
    let address = ShippingAddress {
        name: name.into(),
        line1: "1 place de la Mairie".into(),
        line2: Some("@SUM(1+1)".into()),
        postal_code: "75018".into(),
        commune: "Paris".into(),
        insee: "75118".into(),
        departement: "75".into(),
        phone: "+33611223344".into(),
    };
    let placed = app
        .store
        .place_order(&NewOrder {
            person: person.id,
            email: &person.email,
            group: None,
            address: &address,
            lines: &[(item, 1)],
            now: now(),
        })
        .await
        .unwrap();
    match placed {
        Ok(Placed::Validated(order)) => order,
        other => panic!("a free order is validated: {other:?}"),
    }
}

/// The item form's fields; `changes` replace some of them.
fn item_fields<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("name", "Affiches « Essaim »"),
        ("description", "Format A2."),
        ("unit", "affiche"),
        ("theme", "Affiches"),
        ("per_order_max", "5"),
        ("stock", ""),
        ("alert_below", ""),
        ("price", "2,50"),
        ("visible", "1"),
    ];
    for (name, value) in changes {
        fields.retain(|(field, _)| field != name);
        fields.push((name, value));
    }
    fields
}

/// Loads `page` for its token, then posts `fields` and the file `photo` (if any) as the
/// multipart form the page sends.
async fn upload(
    app: &TestApp,
    who: &Visitor,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> (u16, String, String) {
    let (_, html) = app.get(who, page).await;
    let mut form = Multipart::new().text("csrf", csrf_token_in(&html));
    for (name, value) in fields {
        form = form.text(name, value);
    }
    if let Some((name, bytes)) = file {
        form = form.file(name, "fichier", bytes);
    }
    let response = who
        .post(app.url(action))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let (status, location, body) = answer_of(response).await;
    (status, location, unescape(&body))
}

/// A PNG `width` × `height`, a gradient.
fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width) as u8, (y * 255 / height) as u8, 90])
    });
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .unwrap();
    bytes
}

/// A page's text, entities undone.
async fn read(app: &TestApp, who: &Visitor, path: &str) -> (u16, String) {
    let (status, html) = app.get(who, path).await;
    (status, unescape(&html))
}

/// Posts a form with the token of `page`; the status, redirect and text of the answer.
async fn post(
    app: &TestApp,
    who: &Visitor,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let (status, location, body) = app.post_form(who, page, action, fields).await;
    (status, location, unescape(&body))
}

/// The response to a GET: status, the headers named, the body.
async fn download(app: &TestApp, who: &Visitor, path: &str) -> (u16, [String; 3], Vec<u8>) {
    let response = who.get(app.url(path)).send().await.unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let headers = [
        header("content-type"),
        header("content-disposition"),
        header("cache-control"),
    ];
    let status = response.status().as_u16();
    (status, headers, response.bytes().await.unwrap().to_vec())
}

/// The records of a batch file as the provider's software reads it; checks the BOM first.
fn records(file: &[u8]) -> Vec<Vec<String>> {
    let body = file
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("the file starts with a UTF-8 BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|record| record.unwrap().iter().map(String::from).collect())
        .collect()
}

/// The order references of a batch file's lines.
fn references(file: &[u8]) -> Vec<String> {
    let mut refs: Vec<String> = records(file)[1..].iter().map(|r| r[1].clone()).collect();
    refs.sort();
    refs
}

fn reference(order: OrderId) -> String {
    format!("MAT-{:06}", order.get())
}

async fn status_of(app: &TestApp, order: OrderId) -> OrderStatus {
    app.store.order(order).await.unwrap().unwrap().order.status
}

async fn latest_batch(app: &TestApp) -> i64 {
    app.store.batches(1).await.unwrap()[0].id.get()
}

both_backends! {
    async fn an_item_is_created_with_its_picture_encoded_anew(app) {
        let staff = staff(&app).await;
        let (status, page) = read(&app, &staff, "/admin").await;
        assert_eq!(status, 200);
        assert!(page.contains("href=\"/admin/materiel\""), "the dashboard links to Matériel");
        let (status, page) = read(&app, &staff, "/admin/materiel/nouveau").await;
        assert_eq!(status, 200);
        assert!(page.contains("enctype=\"multipart/form-data\""));
        assert!(page.contains("<label for=\"photo\">"));

        let uploaded = png(1600, 900);
        let (status, location, page) = upload(&app, &staff, "/admin/materiel/nouveau", "/admin/materiel/nouveau", &item_fields(&[]), Some(("photo", &uploaded))).await;
        assert_eq!((status, location.as_str()), (303, "/admin/materiel"), "{page}");

        let items = app.store.all_items().await.unwrap();
        assert_eq!(items.len(), 1);
        let item = &items[0];
        assert_eq!((item.name.as_str(), item.price_cents, item.stock, item.per_order_max), ("Affiches « Essaim »", 250, None, 5));
        let picture = item.picture_id.expect("the picture is stored");
        let (status, [kind, _, _], bytes) = download(&app, &app.browser(), &format!("/materiel/images/{picture}")).await;
        assert_eq!(status, 200);
        assert!(kind.starts_with("image/"), "{kind}");
        assert_ne!(bytes, uploaded, "never the bytes as uploaded");
        let decoded = image::load_from_memory(&bytes).expect("an image that decodes");
        assert_eq!((decoded.width(), decoded.height()), (1200, 675), "scaled down");

        let (_, catalogue) = read(&app, &staff, "/admin/materiel").await;
        assert!(catalogue.contains(&format!("<a href=\"/admin/materiel/{}\">Affiches « Essaim »</a>", item.id)), "{catalogue}");
        assert!(catalogue.contains("2,50\u{a0}€") && catalogue.contains("illimité") && catalogue.contains("<td>visible</td>"));
        let (_, shop) = read(&app, &app.browser(), "/materiel").await;
        assert!(shop.contains(&format!("/materiel/images/{picture}")));
    }

    async fn a_file_that_is_not_an_image_is_refused_on_the_form_and_nothing_is_created(app) {
        let staff = staff(&app).await;
        let (status, _, page) = upload(&app, &staff, "/admin/materiel/nouveau", "/admin/materiel/nouveau", &item_fields(&[]), Some(("photo", b"<html><script>alert(1)</script></html>"))).await;
        assert_eq!(status, 422);
        assert!(page.contains("Ce fichier n'est pas une image lisible (JPEG, PNG ou WebP)."), "{page}");
        assert!(page.contains("aria-describedby=\"photo-erreur\""), "the message is tied to the file field");
        assert!(page.contains("value=\"Affiches « Essaim »\"") && page.contains("value=\"2,50\""), "the other values are kept");
        assert!(app.store.all_items().await.unwrap().is_empty());
    }

    async fn validation_errors_come_back_with_the_values_typed(app) {
        let staff = staff(&app).await;
        let fields = item_fields(&[("name", " "), ("price", "abc"), ("stock", "1 000")]);
        let (status, _, page) = upload(&app, &staff, "/admin/materiel/nouveau", "/admin/materiel/nouveau", &fields, Some(("photo", &png(40, 30)))).await;
        assert_eq!(status, 422);
        assert!(page.contains("Le formulaire contient des erreurs"));
        assert!(page.contains("id=\"name-erreur\">Indiquez le nom de l'article."), "{page}");
        assert!(page.contains("aria-describedby=\"price-erreur\""));
        for kept in ["value=\"abc\"", "value=\"1 000\"", "value=\"affiche\"", "Format A2.</textarea>"] {
            assert!(page.contains(kept), "{kept} is kept");
        }
        assert!(page.contains("choisissez-la à nouveau"), "the picture sent cannot be kept: the page says so");
        assert!(app.store.all_items().await.unwrap().is_empty());
    }

    async fn one_starter_kit_at_a_time_and_its_contents_are_typed_per_item(app) {
        let staff = staff(&app).await;
        let tracts = item(&app, "Tracts", None).await;
        let kit_fields = item_fields(&[("name", "Kit de démarrage"), ("unit", "kit"), ("price", ""), ("per_order_max", "1"), ("is_kit", "1")]);
        let (status, _, page) = upload(&app, &staff, "/admin/materiel/nouveau", "/admin/materiel/nouveau", &kit_fields, None).await;
        assert_eq!(status, 303, "{page}");
        let (status, _, page) = upload(&app, &staff, "/admin/materiel/nouveau", "/admin/materiel/nouveau", &kit_fields, None).await;
        assert_eq!(status, 422);
        assert!(page.contains("id=\"is_kit-erreur\">Un kit de démarrage existe déjà (« Kit de démarrage »)"), "{page}");
        assert_eq!(app.store.all_items().await.unwrap().iter().filter(|i| i.is_kit).count(), 1);

        let field = format!("contenu-{tracts}");
        let (status, _, page) = post(&app, &staff, "/admin/materiel", "/admin/materiel/kit", &[(&field, "deux cents")]).await;
        assert_eq!(status, 422);
        assert!(page.contains(&format!("aria-describedby=\"{field}-erreur\"")), "{page}");
        assert!(page.contains("value=\"deux cents\""));
        assert!(app.store.kit_contents().await.unwrap().is_empty());
        let (status, location, _) = post(&app, &staff, "/admin/materiel", "/admin/materiel/kit", &[(&field, "200")]).await;
        assert_eq!(status, 303);
        let contents: Vec<(ItemId, i64)> = app.store.kit_contents().await.unwrap().into_iter().map(|(i, q)| (i.id, q)).collect();
        assert_eq!(contents, [(tracts, 200)]);
        let (_, page) = read(&app, &staff, &location).await;
        assert!(page.contains("Le contenu du kit de démarrage est enregistré.") && page.contains("value=\"200\""));
        assert!(page.contains("kit de démarrage</strong>"), "the kit is marked in the catalogue");
    }

    async fn a_second_kit_at_one_address_is_allowed_for_a_known_person_with_a_reason(app) {
        let staff = staff(&app).await;
        let kit = kit(&app).await;
        let first = app.signed_and_confirmed("colocataire1@exemple.fr").await;
        let second = app.signed_and_confirmed("colocataire2@exemple.fr").await;
        let home = shipping("Rosa Luxemburg", "8 rue des Abbesses", "");
        order(&app, &first, kit, 1, &home).await;
        let fields = [("item", kit.to_string()), ("quantity", "1".to_string())];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        app.post_form(&second, "/materiel", "/materiel/panier", &fields).await;
        let (status, _, page) = post(&app, &second, "/materiel/commande", "/materiel/commande", &home).await;
        assert_eq!(status, 422);
        assert!(page.contains("déjà été envoyé à cette adresse"), "{page}");

        let (status, _, page) = post(&app, &staff, "/admin/materiel", "/admin/materiel/second-kit", &[("email", ""), ("reason", "ok")]).await;
        assert_eq!(status, 422);
        assert!(page.contains("id=\"email-erreur\"") && page.contains("id=\"reason-erreur\""), "{page}");
        assert!(page.contains("value=\"ok\""));
        let (status, _, page) = post(&app, &staff, "/admin/materiel", "/admin/materiel/second-kit", &[("email", "inconnu@exemple.fr"), ("reason", "Colocation militante")]).await;
        assert_eq!(status, 422);
        assert!(page.contains("Aucune personne n'a signé avec cette adresse email"));
        assert!(page.contains("value=\"Colocation militante\""));
        let (status, location, _) = post(&app, &staff, "/admin/materiel", "/admin/materiel/second-kit", &[("email", "Colocataire2@exemple.fr"), ("reason", "Colocation militante")]).await;
        assert_eq!(status, 303);
        let (_, page) = read(&app, &staff, &location).await;
        assert!(page.contains("Second kit autorisé"));

        let (status, _, page) = post(&app, &second, "/materiel/commande", "/materiel/commande", &home).await;
        assert_eq!(status, 303, "the second kit goes to the same address now: {page}");
    }

    async fn an_item_is_changed_then_retired_and_old_orders_keep_it(app) {
        let staff = staff(&app).await;
        let picture = png(30, 20);
        let draft = ItemForm { name: "Autocollants".into(), unit: "planche".into(), per_order_max: "10".into(), stock: "5".into(), visible: true, ..ItemForm::default() }.parse(false).unwrap();
        let sticker = app.store.create_item(&draft, false, Some(&NewPicture { content_type: "image/png", bytes: &picture }), now()).await.unwrap().unwrap();
        let picture_id = app.store.item(sticker).await.unwrap().unwrap().picture_id;
        let supporter = app.signed_and_confirmed("colleuse@exemple.fr").await;
        let placed = order(&app, &supporter, sticker, 2, &shipping("Olympe de Gouges", "5 rue Lepic", "")).await;

        let path = format!("/admin/materiel/{sticker}");
        let (status, page) = read(&app, &staff, &path).await;
        assert_eq!(status, 200);
        assert!(page.contains("value=\"Autocollants\"") && page.contains("value=\"3\""), "the stock left is shown: {page}");
        let fields = [("name", "Autocollants ronds"), ("unit", "planche"), ("per_order_max", "10"), ("stock", "20"), ("alert_below", "5"), ("price", "1"), ("visible", "1")];
        let (status, location, page) = upload(&app, &staff, &path, &path, &fields, Some(("photo", b""))).await;
        assert_eq!((status, location.as_str()), (303, "/admin/materiel"), "{page}");
        let changed = app.store.item(sticker).await.unwrap().unwrap();
        assert_eq!((changed.name.as_str(), changed.stock, changed.alert_below, changed.price_cents), ("Autocollants ronds", Some(20), Some(5), 100));
        assert_eq!(changed.picture_id, picture_id, "no new file: the picture stays");

        let retire = format!("/admin/materiel/{sticker}/retirer");
        let (status, _, page) = post(&app, &staff, &path, &retire, &[]).await;
        assert_eq!(status, 422);
        assert!(page.contains("id=\"confirmer-erreur\""), "{page}");
        let (status, location, _) = post(&app, &staff, &path, &retire, &[("confirmer", "1")]).await;
        assert_eq!((status, location.as_str()), (303, "/admin/materiel"));
        let (_, catalogue) = read(&app, &staff, "/admin/materiel").await;
        assert!(catalogue.contains("Autocollants ronds") && catalogue.contains("<td>retiré</td>"));
        let (_, page) = read(&app, &staff, &path).await;
        assert!(page.contains("retiré du catalogue le"));
        assert!(!page.contains("enctype"), "a retired item is not changed");
        let (_, shop) = read(&app, &app.browser(), "/materiel").await;
        assert!(!shop.contains("Autocollants"));
        let (_, page) = read(&app, &supporter, &format!("/materiel/commande/{placed}")).await;
        assert!(page.contains("2 × Autocollants (planche)"), "the order keeps the item as it was ordered");
    }

    async fn validated_orders_are_exported_once_and_the_file_is_kept_as_made(app) {
        let staff = staff(&app).await;
        let tracts = item(&app, "Tracts « Programme »", None).await;
        let zoe = app.signed_and_confirmed("zoe@exemple.fr").await;
        let bob = app.signed_and_confirmed("bob@exemple.fr").await;
        app.signed_and_confirmed("formule@exemple.fr").await;
        let first = order(&app, &zoe, tracts, 3, &shipping("Zoé Ærø-Çà", "12 rue \"du Port\"; bât. A", "Escalier « B », 2e étage")).await;
        let second = order(&app, &bob, tracts, 1, &shipping("Bob Marley", "3 rue Ordener", "")).await;
        // No field of the form may start with = + - or @: the store is the only way in, and
        // the export is the last guard.
        let third = order_in_store(&app, "formule@exemple.fr", tracts, "=cmd|' /C calc'!A0").await;

        let (status, location, page) = post(&app, &staff, "/admin/materiel/lots", "/admin/materiel/lots", &[]).await;
        assert_eq!((status, location.as_str()), (303, "/admin/materiel/lots"), "{page}");
        let batch = latest_batch(&app).await;
        let (_, page) = read(&app, &staff, "/admin/materiel/lots").await;
        assert!(page.contains(&format!("/admin/materiel/lots/{batch}/fichier.csv")), "{page}");
        for order in [first, second, third] {
            assert_eq!(status_of(&app, order).await, OrderStatus::Exported);
        }

        let path = format!("/admin/materiel/lots/{batch}/fichier.csv");
        let (status, [kind, disposition, cache], file) = download(&app, &staff, &path).await;
        assert_eq!(status, 200);
        assert_eq!(kind, "text/csv; charset=utf-8");
        assert_eq!(disposition, format!("attachment; filename=\"materiel-lot-{batch}.csv\""));
        assert_eq!(cache, "no-store", "addresses inside: never cached");
        let lines = records(&file);
        assert_eq!(lines[0][..4], ["lot", "commande", "date", "nom"]);
        assert_eq!(references(&file), [reference(first), reference(second), reference(third)], "each order once");
        let line_of = |order: OrderId| lines.iter().find(|r| r[1] == reference(order)).unwrap().clone();
        let zoe_line = line_of(first);
        assert_eq!(zoe_line[3], "Zoé Ærø-Çà");
        assert_eq!(zoe_line[4], "12 rue \"du Port\"; bât. A");
        assert_eq!(zoe_line[5], "Escalier « B », 2e étage");
        assert_eq!((zoe_line[8].as_str(), zoe_line[11].as_str(), zoe_line[13].as_str()), ("0611223344", "Tracts « Programme »", "3"));
        let formula = line_of(third);
        assert_eq!(formula[3], "'=cmd|' /C calc'!A0", "the formula cell starts with an apostrophe");
        assert_eq!(formula[5], "'@SUM(1+1)");
        assert!(lines.iter().all(|r| r.len() == 15));

        let (_, page) = read(&app, &staff, "/admin/materiel/commandes?statut=exported").await;
        assert!(page.contains(&reference(first)) && page.contains("Zoé Ærø-Çà") && page.contains("3 × Tracts « Programme » (lot de 100)"), "{page}");
        let (_, page) = read(&app, &staff, "/admin/materiel/commandes?statut=validated").await;
        assert!(!page.contains(&reference(first)));

        let (status, _, page) = post(&app, &staff, "/admin/materiel/lots", "/admin/materiel/lots", &[]).await;
        assert_eq!(status, 200);
        assert!(page.contains("Aucune commande validée à exporter"));
        assert_eq!(app.store.batches(10).await.unwrap().len(), 1);

        let later = order(&app, &bob, tracts, 2, &shipping("Bob Marley", "3 rue Ordener", "")).await;
        post(&app, &staff, "/admin/materiel/lots", "/admin/materiel/lots", &[]).await;
        let next = latest_batch(&app).await;
        assert_ne!(next, batch);
        let (_, _, second_file) = download(&app, &staff, &format!("/admin/materiel/lots/{next}/fichier.csv")).await;
        assert_eq!(references(&second_file), [reference(later)], "only the new order");

        // An order of the first batch cancelled since: the file stays what was handed over.
        let cancel = format!("/admin/materiel/commandes/{second}/annuler");
        let (status, _, _) = post(&app, &staff, &format!("/admin/materiel/commandes/{second}"), &cancel, &[("reason", "Doublon")]).await;
        assert_eq!(status, 303);
        let (_, _, again) = download(&app, &staff, &path).await;
        assert_eq!(again, file, "downloaded again: the same bytes");

        let (status, _, page) = download(&app, &staff, "/admin/materiel/lots/999/fichier.csv").await;
        assert_eq!(status, 404);
        assert!(String::from_utf8_lossy(&page).contains("Fichier introuvable"));
    }

    async fn a_carrier_file_with_bad_rows_applies_the_good_ones_and_reports_the_rest(app) {
        let staff = staff(&app).await;
        let tracts = item(&app, "Tracts", None).await;
        let louise = app.signed_and_confirmed("louise@exemple.fr").await;
        let jean = app.signed_and_confirmed("jean@exemple.fr").await;
        let paul = app.signed_and_confirmed("paul@exemple.fr").await;
        let a = order(&app, &louise, tracts, 1, &shipping("Louise Michel", "12 rue de la Paix", "")).await;
        let b = order(&app, &jean, tracts, 1, &shipping("Jean Jaurès", "4 rue Myrha", "")).await;
        let c = order(&app, &paul, tracts, 1, &shipping("Paul Lafargue", "9 rue Caulaincourt", "")).await;
        post(&app, &staff, "/admin/materiel/lots", "/admin/materiel/lots", &[]).await;
        let d = order(&app, &paul, tracts, 2, &shipping("Paul Lafargue", "9 rue Caulaincourt", "")).await;

        let (status, _, page) = upload(&app, &staff, "/admin/materiel/suivi", "/admin/materiel/suivi", &[], Some(("fichier", b""))).await;
        assert_eq!(status, 422);
        assert!(page.contains("id=\"fichier-erreur\">Choisissez le fichier du transporteur"), "{page}");

        let carrier = format!(
            "Commande;Numéro de suivi\r\n{};6A12345678901\r\n{};6a 1234 5678 902\r\nMAT-999999;6A12345678903\r\n{};abc\r\n{};6A12345678909\r\n{};6A12345678904\r\n",
            reference(a), b.get(), reference(c), reference(a), reference(d)
        );
        let (status, _, page) = upload(&app, &staff, "/admin/materiel/suivi", "/admin/materiel/suivi", &[], Some(("fichier", carrier.as_bytes()))).await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("<strong>2</strong> lignes appliquées, <strong>4</strong> en erreur"), "{page}");
        let row = |line: usize| {
            let start = page.find(&format!("<td>{line}</td>")).unwrap_or_else(|| panic!("line {line} reported: {page}"));
            page[start..].split("</tr>").next().unwrap().to_string()
        };
        assert!(row(2).contains("expédiée"), "{}", row(2));
        assert!(row(3).contains("expédiée"));
        assert!(row(4).contains("commande inconnue"));
        assert!(row(5).contains("Numéro de suivi invalide"), "{}", row(5));
        assert!(row(6).contains("figure déjà à la ligne 2"), "{}", row(6));
        assert!(row(7).contains("statut « validée » ne permet pas l'expédition"), "{}", row(7));

        for (order, tracking) in [(a, "6A12345678901"), (b, "6A12345678902")] {
            let shipped = app.store.order(order).await.unwrap().unwrap().order;
            assert_eq!((shipped.status, shipped.tracking.as_deref()), (OrderStatus::Shipped, Some(tracking)));
        }
        assert_eq!(status_of(&app, c).await, OrderStatus::Exported);
        assert_eq!(status_of(&app, d).await, OrderStatus::Validated);
        let mail = app.wait_for_mail_with("louise@exemple.fr", "6A12345678901").await;
        assert!(mail.text.contains(&reference(a)));
        app.wait_for_mail_with("jean@exemple.fr", "6A12345678902").await;
        let (_, space) = read(&app, &louise, "/mon-espace").await;
        assert!(space.contains("suivi 6A12345678901"), "{space}");
        let (_, page) = read(&app, &louise, &format!("/materiel/commande/{a}")).await;
        assert!(page.contains("Numéro de suivi : <strong>6A12345678901</strong>"));

        let (_, _, page) = upload(&app, &staff, "/admin/materiel/suivi", "/admin/materiel/suivi", &[], Some(("fichier", carrier.as_bytes()))).await;
        assert!(page.contains("<strong>0</strong> ligne appliquée") && page.contains("2 déjà enregistrées"), "the same file twice changes nothing: {page}");

        let detail = format!("/admin/materiel/commandes/{a}");
        let (status, location, _) = post(&app, &staff, &detail, &format!("{detail}/livree"), &[]).await;
        assert_eq!(status, 303);
        assert_eq!(status_of(&app, a).await, OrderStatus::Delivered);
        let (_, page) = read(&app, &staff, &location).await;
        assert!(page.contains("Commande marquée livrée."));
        assert!(page.contains("suivi 6A12345678901"), "the history notes the tracking number");
        let (status, _, page) = post(&app, &staff, &format!("/admin/materiel/commandes/{c}"), &format!("/admin/materiel/commandes/{c}/livree"), &[]).await;
        assert_eq!(status, 409, "only a shipped order is delivered: {page}");
    }

    async fn staff_cancel_gives_the_stock_back_and_the_history_says_who_did_what(app) {
        let staff = staff(&app).await;
        let posters = item(&app, "Affiches", Some(10)).await;
        let supporter = app.signed_and_confirmed("militante@exemple.fr").await;
        let placed = order(&app, &supporter, posters, 3, &shipping("Lucie Aubrac", "2 rue Custine", "")).await;
        assert_eq!(app.store.item(posters).await.unwrap().unwrap().stock, Some(7));
        post(&app, &staff, "/admin/materiel/lots", "/admin/materiel/lots", &[]).await;

        let detail = format!("/admin/materiel/commandes/{placed}");
        let cancel = format!("{detail}/annuler");
        let (status, _, page) = post(&app, &staff, &detail, &cancel, &[("reason", " ")]).await;
        assert_eq!(status, 422);
        assert!(page.contains("id=\"reason-erreur\""), "a reason is required: {page}");
        assert_eq!(status_of(&app, placed).await, OrderStatus::Exported);
        let (status, location, _) = post(&app, &staff, &detail, &cancel, &[("reason", "Rupture chez l'imprimeur")]).await;
        assert_eq!(status, 303);
        assert_eq!(status_of(&app, placed).await, OrderStatus::Cancelled);
        assert_eq!(app.store.item(posters).await.unwrap().unwrap().stock, Some(10), "the stock is given back");
        app.wait_for_mail_with("militante@exemple.fr", "a annulé votre commande").await;

        let (_, page) = read(&app, &staff, &location).await;
        assert!(page.contains("Commande annulée"));
        let history = page.split("id=\"historique\"").nth(1).unwrap();
        let rows: Vec<&str> = history.split("<tr>").skip(2).collect();
        assert_eq!(rows.len(), 3, "placed, exported, cancelled: {history}");
        assert!(rows[0].contains("<td>validée</td><td>le site</td>"), "{}", rows[0]);
        assert!(rows[1].contains(&format!("<td>exportée</td><td>{STAFF}</td>")), "{}", rows[1]);
        assert!(rows[2].contains(&format!("<td>annulée</td><td>{STAFF}</td><td>Rupture chez l'imprimeur</td>")), "{}", rows[2]);
        assert!(!page.contains(&cancel), "a cancelled order is not cancelled again");
        let (status, _, _) = post(&app, &staff, &detail, &cancel, &[("reason", "Encore")]).await;
        assert_eq!(status, 409);
    }

    async fn only_staff_reach_the_back_office_of_material(app) {
        let tracts = item(&app, "Tracts", None).await;
        let member = app.signed_and_confirmed("membre@exemple.fr").await;
        let placed = order(&app, &member, tracts, 1, &shipping("Louise Michel", "12 rue de la Paix", "")).await;
        let gets = [
            "/admin/materiel".to_string(),
            "/admin/materiel/nouveau".into(),
            format!("/admin/materiel/{tracts}"),
            "/admin/materiel/commandes".into(),
            format!("/admin/materiel/commandes/{placed}"),
            "/admin/materiel/lots".into(),
            "/admin/materiel/lots/1/fichier.csv".into(),
            "/admin/materiel/suivi".into(),
        ];
        let visitor = app.browser();
        for path in &gets {
            let (status, page) = read(&app, &member, path).await;
            assert_eq!(status, 403, "GET {path} as a member");
            assert!(page.contains("réservée à l'équipe"));
            let response = visitor.get(app.url(path)).send().await.unwrap();
            assert_eq!(response.status().as_u16(), 303, "GET {path} without logging in");
            assert_eq!(response.headers()["location"], "/connexion");
        }
        let posts = [
            ("/admin/materiel/lots".to_string(), vec![]),
            (format!("/admin/materiel/commandes/{placed}/annuler"), vec![("reason", "Pour voir")]),
            ("/admin/materiel/kit".into(), vec![]),
            ("/admin/materiel/second-kit".into(), vec![("email", "membre@exemple.fr"), ("reason", "Pour voir")]),
            (format!("/admin/materiel/{tracts}/retirer"), vec![("confirmer", "1")]),
        ];
        for (path, fields) in &posts {
            let (status, _, _) = post(&app, &member, "/materiel", path, fields).await;
            assert_eq!(status, 403, "POST {path} as a member");
        }
        assert!(app.store.batches(10).await.unwrap().is_empty());
        assert_eq!(status_of(&app, placed).await, OrderStatus::Validated);
        assert!(app.store.item(tracts).await.unwrap().unwrap().retired_at.is_none());
    }

    async fn staff_find_an_order_by_its_reference_or_the_persons_email(app) {
        let staff = staff(&app).await;
        let tracts = item(&app, "Tracts", None).await;
        let alice = app.signed_and_confirmed("alice@exemple.fr").await;
        let first = order(&app, &alice, tracts, 1, &shipping("Alice", "1 rue Ordener", "")).await;
        let second = order(&app, &alice, tracts, 2, &shipping("Alice", "1 rue Ordener", "")).await;
        let bruno = app.signed_and_confirmed("bruno@exemple.fr").await;
        let other = order(&app, &bruno, tracts, 1, &shipping("Bruno", "2 rue Ordener", "")).await;

        let response = staff.get(app.url(&format!("/admin/materiel/commandes?q=mat-{}", first.get()))).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(response.headers()["location"], format!("/admin/materiel/commandes/{first}").as_str());
        let (_, page) = read(&app, &staff, "/admin/materiel/commandes?q=MAT-009999").await;
        assert!(page.contains("Aucune commande MAT-009999"), "{page}");
        let (_, page) = read(&app, &staff, "/admin/materiel/commandes?q=Alice%40Exemple.fr").await;
        assert!(page.contains("2 commande(s)"), "{page}");
        assert!(page.contains(&reference(first)) && page.contains(&reference(second)) && !page.contains(&reference(other)), "{page}");
    }
}

//! Every POST route of the router, found by asking the router itself, is held to its CSRF
//! check: a form posted without a token, or with another visitor's, stores nothing; the same
//! form with the visitor's own token stores something, which proves the first two reached a
//! handler that would have stored it. A new POST route fails this test until it is walked.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use sqlx::any::AnyRow;
use sqlx::Row;

use crate::events::event_fields;
use crate::groups::{create_group, press};
use crate::support::donations::donation_fields;
use crate::support::{
    answer_of, both_backends, csrf_token_in, id_in, valid_signature, Backend, Multipart, Response,
    TestApp, Visitor,
};
use essaim_payment::Decision;

/// The one POST route without the double-submit token: its page sets no cookie (mail scanners
/// open it), so the origin of the request guards it instead (pages/confirm.rs).
const CONFIRM: &str = "/signature/confirmer";

/// The routes that answer POST: the router answers 405 to a POST on any other.
async fn post_routes(app: &TestApp) -> Vec<&'static str> {
    let client = app.browser();
    let mut routes = Vec::new();
    for route in essaim_web::route_paths() {
        let response = client.post(app.url(&fill(route, 1))).send().await.unwrap();
        if response.status().as_u16() != 405 {
            routes.push(route);
        }
    }
    routes
}

/// `route` with its `{parameter}` set to `id`.
fn fill(route: &str, id: impl std::fmt::Display) -> String {
    let id = id.to_string();
    route
        .split('/')
        .map(|part| {
            if part.starts_with('{') {
                id.as_str()
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Every row of every table, as text: two equal fingerprints mean nothing was stored.
type Fingerprint = BTreeMap<String, Vec<String>>;

async fn fingerprint(app: &TestApp) -> Fingerprint {
    let pool = app.store.pool();
    let tables = match app.backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name <> '_sqlx_migrations' ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = \
             current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_sqlx_migrations' \
             ORDER BY 1"
        }
    };
    let mut tables: Vec<String> = sqlx::query_scalar(tables).fetch_all(pool).await.unwrap();
    // Every staff request is written to the audit log, refused ones too (staff_roles.rs checks
    // it): that row is not something the form stored.
    tables.retain(|table| table != "audit_log");
    assert!(tables.len() > 10, "the tables are listed: {tables:?}");
    let mut fingerprint = Fingerprint::new();
    for table in tables {
        let columns = match app.backend {
            Backend::Sqlite => "*".to_string(),
            // sqlx's Any driver cannot read a tsvector (the programme's search column, computed
            // from the title and text, which are read).
            Backend::Postgres => {
                let names: Vec<String> = sqlx::query_scalar(
                    "SELECT column_name::text FROM information_schema.columns WHERE table_schema = \
                     current_schema() AND table_name = $1 AND data_type <> 'tsvector' ORDER BY ordinal_position",
                )
                .bind(&table)
                .fetch_all(pool)
                .await
                .unwrap();
                names.join(", ")
            }
        };
        let rows = sqlx::query(&format!("SELECT {columns} FROM {table}"))
            .fetch_all(pool)
            .await
            .unwrap();
        let mut lines: Vec<String> = rows
            .iter()
            .map(|row| {
                (0..row.len())
                    .map(|i| cell(&table, row, i))
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect();
        lines.sort();
        fingerprint.insert(table, lines);
    }
    fingerprint
}

fn cell(table: &str, row: &AnyRow, i: usize) -> String {
    if let Ok(value) = row.try_get::<Option<i64>, _>(i) {
        return format!("{value:?}");
    }
    if let Ok(value) = row.try_get::<Option<String>, _>(i) {
        return format!("{value:?}");
    }
    if let Ok(value) = row.try_get::<Option<f64>, _>(i) {
        return format!("{value:?}");
    }
    if let Ok(value) = row.try_get::<Option<i32>, _>(i) {
        return format!("{value:?}");
    }
    if let Ok(value) = row.try_get::<Option<bool>, _>(i) {
        return format!("{value:?}");
    }
    if let Ok(value) = row.try_get::<Option<Vec<u8>>, _>(i) {
        return format!("{value:?}");
    }
    panic!("column {i} of {table}: a type this fingerprint cannot read");
}

/// The fingerprint once the app is idle: emails sent, counter caught up (both write to the
/// database: they are brought to rest first, rather than waited for on their own timers).
async fn settled(app: &TestApp) -> Fingerprint {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut last = fingerprint(app).await;
    loop {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let sent = app.outbox_is_empty().await;
        app.store.flush_counter().await.unwrap();
        let now = fingerprint(app).await;
        if now == last && sent {
            return now;
        }
        assert!(Instant::now() < deadline, "the database does not settle");
        last = now;
    }
}

/// The tables whose rows differ.
fn changed(before: &Fingerprint, after: &Fingerprint) -> Vec<String> {
    after
        .iter()
        .filter(|(table, rows)| before.get(*table) != Some(rows))
        .map(|(table, _)| table.clone())
        .collect()
}

/// The token a visitor's pages carry in their forms.
async fn token_of(app: &TestApp, client: &Visitor) -> String {
    let (_, html) = app.get(client, "/").await;
    csrf_token_in(&html)
}

enum Token {
    Missing,
    Stranger,
    Own,
}

/// A form as the route's page would post it: url-encoded, or multipart when it carries a file
/// (the field `fichier`).
struct Posted {
    fields: Vec<(String, String)>,
    multipart: bool,
}

impl Posted {
    fn form(fields: &[(&str, &str)]) -> Self {
        Self {
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            multipart: false,
        }
    }

    fn upload(fields: &[(&str, &str)]) -> Self {
        Self {
            multipart: true,
            ..Self::form(fields)
        }
    }
}

struct Walk<'a> {
    app: &'a TestApp,
    /// A token the app signed for another visitor: well formed, but not this one's.
    stranger: String,
    walked: Vec<&'static str>,
}

impl<'a> Walk<'a> {
    async fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            stranger: token_of(app, &app.browser()).await,
            walked: Vec::new(),
        }
    }

    async fn send(&self, who: &Visitor, path: &str, posted: &Posted, token: Token) -> Response {
        let token = match token {
            Token::Missing => None,
            Token::Stranger => Some(self.stranger.clone()),
            Token::Own => Some(token_of(self.app, who).await),
        };
        let mut fields = posted.fields.clone();
        if let Some(token) = token {
            fields.insert(0, ("csrf".into(), token));
        }
        let request = who.post(self.app.url(path));
        let request = if posted.multipart {
            let form = fields
                .into_iter()
                .fold(Multipart::new(), |form, (name, value)| {
                    match name.as_str() {
                        "fichier" => form.file(&name, "liste.csv", value.as_bytes()),
                        _ => form.text(&name, value),
                    }
                });
            request.multipart(form)
        } else {
            request.form(&fields)
        };
        request.send().await.unwrap()
    }

    /// Posts `posted` to `route` (its `{parameter}` set to `id`) as `who`: without a token and
    /// with a stranger's, nothing may be stored; with `who`'s own token, something must be.
    /// Returns where the accepted form redirects (or "").
    async fn check(
        &mut self,
        who: &Visitor,
        route: &'static str,
        id: impl std::fmt::Display,
        posted: Posted,
    ) -> String {
        let path = fill(route, id);
        for (token, name) in [
            (Token::Missing, "no token"),
            (Token::Stranger, "another visitor's token"),
        ] {
            let before = settled(self.app).await;
            let response = self.send(who, &path, &posted, token).await;
            let status = response.status().as_u16();
            assert!(status < 500, "POST {path} with {name}: {status}");
            let after = fingerprint(self.app).await;
            assert!(
                after == before,
                "POST {path} with {name} ({status}) stored something in {:?}",
                changed(&before, &after)
            );
        }
        let before = settled(self.app).await;
        let (status, location, body) =
            answer_of(self.send(who, &path, &posted, Token::Own).await).await;
        assert!(
            fingerprint(self.app).await != before,
            "POST {path} with its token ({status}) must store something, or this walk proves nothing: {body}"
        );
        self.walked.push(route);
        location
    }
}

/// Posts a form with `who`'s token and expects a redirect; returns where to.
async fn post_ok(app: &TestApp, who: &Visitor, path: &str, fields: &[(&str, String)]) -> String {
    let mut form = vec![("csrf", token_of(app, who).await)];
    form.extend(fields.iter().cloned());
    let response = who.post(app.url(path)).form(&form).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 303, "POST {path}");
    response.headers()["location"].to_str().unwrap().to_string()
}

/// A free order of two of `item`, placed by `who` from the shop's pages; its id.
async fn material_order(app: &TestApp, who: &Visitor, item: essaim_domain::ids::ItemId) -> i64 {
    post_ok(
        app,
        who,
        "/materiel/panier",
        &[("item", item.to_string()), ("quantity", "2".into())],
    )
    .await;
    let address = [
        ("pour", ""),
        ("name", "Camille Membre"),
        ("line1", "3 rue du Marché"),
        ("line2", ""),
        ("postal_code", "75018"),
        ("commune", "Paris"),
        ("phone", "06 11 22 33 44"),
    ]
    .map(|(name, value)| (name, value.to_string()));
    id_in(
        &post_ok(app, who, "/materiel/commande", &address).await,
        "/materiel/commande/",
    )
}

both_backends! {
    async fn every_post_route_refuses_a_missing_or_wrong_token(app) {
        let routes = post_routes(&app).await;
        let staff = app.signed_and_confirmed("equipe@exemple.fr").await;
        assert!(app.store.grant_staff_role("equipe@exemple.fr", essaim_domain::staff::StaffRole::Admin, essaim_store::now()).await.unwrap());
        let member = app.signed_and_confirmed("membre@exemple.fr").await;
        let member_id = app.store.find_person_by_email("membre@exemple.fr").await.unwrap().unwrap().id.to_string();
        let leaving = app.signed_and_confirmed("partant@exemple.fr").await;
        let mut walk = Walk::new(&app).await;

        // The signature, and the one route guarded by the origin instead of the token.
        let newcomer = app.browser();
        walk.check(&newcomer, "/signer", "", Posted::form(&valid_signature("nouvelle@exemple.fr"))).await;
        let link = app.wait_for_mail("nouvelle@exemple.fr", 1).await.remove(0).link_path(CONFIRM);
        let jeton = link.split("jeton=").nth(1).unwrap().to_string();
        let before = settled(&app).await;
        let response = newcomer.post(app.url(CONFIRM)).header("sec-fetch-site", "cross-site").form(&[("jeton", &jeton)]).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 403);
        assert!(fingerprint(&app).await == before, "a confirmation posted from another site stores nothing");
        let response = newcomer.post(app.url(CONFIRM)).form(&[("jeton", &jeton)]).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 303, "the same from our page confirms");

        // Logging in, my space.
        let visitor = app.browser();
        walk.check(&visitor, "/connexion", "", Posted::form(&[("email", "membre@exemple.fr")])).await;
        let mails = app.wait_for_mail("membre@exemple.fr", 2).await;
        let link = mails.iter().find(|m| m.text.contains("/connexion/lien")).expect("a login email").link_path("/connexion/lien");
        let jeton = link.split("jeton=").nth(1).unwrap().to_string();
        walk.check(&visitor, "/connexion/lien", "", Posted::form(&[("jeton", &jeton)])).await;
        walk.check(&staff, "/mon-espace", "", Posted::form(&[("first_name", "Camille"), ("last_name", "Équipe"), ("postal_code", "75018"), ("country", "FR")])).await;

        // A group: its animator, a member, paper sign-ups.
        let group = create_group(&app, &staff, "Groupe du marché", "75018").await;
        walk.check(&staff, "/groupes/nouveau", "", Posted::form(&[("name", "Groupe des Lilas"), ("description", "Au marché."), ("postal_code", "93260"), ("commune", ""), ("address", ""), ("frequency", "mensuelle"), ("public_contact", "")])).await;
        walk.check(&staff, "/groupes/{id}/modifier", group, Posted::form(&[("name", "Groupe du grand marché"), ("description", "Au marché."), ("postal_code", "75018"), ("commune", ""), ("address", ""), ("frequency", "mensuelle"), ("public_contact", "")])).await;
        walk.check(&member, "/groupes/{id}/rejoindre", group, Posted::form(&[])).await;
        walk.check(&member, "/groupes/{id}/quitter", group, Posted::form(&[])).await;
        assert_eq!(press(&app, &member, group, "rejoindre", &[]).await.0, 303);
        walk.check(&staff, "/groupes/{id}/retirer", group, Posted::form(&[("person_id", &member_id)])).await;
        assert_eq!(press(&app, &member, group, "rejoindre", &[]).await.0, 303);
        walk.check(&staff, "/groupes/{id}/animation", group, Posted::form(&[("action", "partager"), ("person_id", &member_id)])).await;
        walk.check(&staff, "/groupes/{id}/message", group, Posted::form(&[("subject", "Réunion"), ("body", "Samedi à 10 h, au café.")])).await;
        let proposal = essaim_store::groups::SplitProposal { new_name: "Groupe du marché 2".into(), places: Vec::new() };
        app.store.save_split_proposal(group, &proposal, essaim_store::now()).await.unwrap();
        walk.check(&staff, "/groupes/{id}/division", group, Posted::form(&[("action", "renommer"), ("new_name", "Groupe du canal")])).await;
        // The app dates collections in UTC.
        let today = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date().to_string();
        walk.check(&staff, "/groupes/{id}/inscriptions", group, Posted::form(&[("held_on", &today), ("code_postal_1", "75018"), ("inscrits_1", "4"), ("adresses_1", "1")])).await;
        walk.check(&staff, "/groupes/{id}/saisie", group, Posted::form(&[("method", "papier"), ("date", &today), ("consent", "1"), ("prenom_0", "Paul"), ("nom_0", "Durand"), ("code_postal_0", "75018"), ("telephone_0", "06 11 22 33 44")])).await;
        let csv = "Prénom;Nom;Code postal;Email;Téléphone;Adresse\nRosa;Parks;75018;;0611111111;\n";
        walk.check(&staff, "/groupes/{id}/import", group, Posted::upload(&[("method", "papier"), ("date", &today), ("consent", "1"), ("fichier", csv)])).await;

        // An email given up on, sent again by staff.
        settled(&app).await;
        sqlx::query("UPDATE outbox SET sent_at = NULL, dead_at = 1 WHERE id = (SELECT MAX(id) FROM outbox)").execute(app.store.pool()).await.unwrap();
        walk.check(&staff, "/admin/emails/renvoyer", "", Posted::form(&[("id", "tous")])).await;

        // Recipes, and a supporter's profile.
        let recipe = [("title", "Courrier des lecteurs"), ("summary", "Écrire au journal."), ("body", "1. Écrire"), ("material", ""), ("duration_minutes", "30"), ("people_min", "1"), ("people_max", "4"), ("place", "domicile"), ("published", "1")];
        let location = walk.check(&staff, "/admin/recettes/nouvelle", "", Posted::form(&recipe)).await;
        let recipe_id = id_in(&location, "/agir/recettes/");
        let mut renamed = recipe.to_vec();
        renamed[0].1 = "Lettre au journal";
        walk.check(&staff, "/admin/recettes/{id}/modifier", recipe_id, Posted::form(&renamed)).await;
        walk.check(&member, "/agir/profil", "", Posted::form(&[("dispo", "week-ends"), ("gout", "ecrire")])).await;
        walk.check(&member, "/agir/recettes/{id}/fait", recipe_id, Posted::form(&[("quantite", "2")])).await;

        // Skills offered, a message relayed and answered, the offer withdrawn.
        walk.check(&member, "/competences", "", Posted::form(&[("skills", "graphisme"), ("skills", "ecriture"), ("other", ""), ("time_available", "heures-par-mois"), ("travel_km", "20"), ("postal_code", "75011"), ("consent", "1")])).await;
        walk.check(&staff, "/competences/{person_id}/contacter", &member_id, Posted::form(&[("message", "Pourriez-vous dessiner l'affiche ?"), ("skill", "graphisme"), ("postal_code", "75011"), ("km", "10")])).await;
        let contact: i64 = sqlx::query_scalar("SELECT MAX(id) FROM skill_contacts").fetch_one(app.store.pool()).await.unwrap();
        walk.check(&member, "/competences/contacts/{id}/repondre", contact, Posted::form(&[("answer", "Avec plaisir.")])).await;
        walk.check(&member, "/competences/retirer", "", Posted::form(&[])).await;

        // An event: hosted, registered to, messaged, cancelled; another one approved.
        let start = essaim_store::now() + 30 * 86_400;
        let fields = event_fields("Écoute du discours", start, "20");
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let location = walk.check(&staff, "/evenements/nouveau", "", Posted::form(&fields)).await;
        let event = id_in(&location, "/evenements/");
        let retitled = event_fields("Écoute et débat", start, "20");
        let retitled: Vec<(&str, &str)> = retitled.iter().map(|(k, v)| (*k, v.as_str())).collect();
        walk.check(&staff, "/evenements/{id}/modifier", event, Posted::form(&retitled)).await;
        walk.check(&member, "/evenements/{id}/inscription", event, Posted::form(&[])).await;
        walk.check(&staff, "/evenements/{id}/message", event, Posted::form(&[("subject", "Salle changée"), ("body", "Rendez-vous salle B.")])).await;
        walk.check(&member, "/evenements/{id}/desinscription", event, Posted::form(&[])).await;
        let pending = id_in(&post_ok(&app, &member, "/evenements/nouveau", &event_fields("Porte-à-porte", start, "20")).await, "/evenements/");
        walk.check(&staff, "/admin/evenements/{id}", pending, Posted::form(&[("decision", "publier")])).await;
        walk.check(&staff, "/evenements/{id}/annuler", event, Posted::form(&[("confirmer", "1")])).await;

        // Gifts: the form (a gift recorded, not yet paid), a monthly gift confirmed from its
        // email, and one stopped from Mon espace.
        let giver = app.browser();
        walk.check(&giver, "/dons", "", Posted::form(&donation_fields("donneuse@exemple.fr", "20", "ponctuel"))).await;
        walk.check(&giver, "/dons", "", Posted::form(&donation_fields("mensuel@exemple.fr", "10", "mensuel"))).await;
        let link = app.wait_for_mail_with("mensuel@exemple.fr", "/dons/confirmer").await.link_path("/dons/confirmer");
        let jeton = link.split("jeton=").nth(1).unwrap().to_string();
        walk.check(&giver, "/dons/confirmer", "", Posted::form(&[("jeton", &jeton)])).await;
        let (_, payment_page) = app.give(&member, &donation_fields("membre@exemple.fr", "10", "mensuel")).await;
        assert_eq!(app.notify(&app.provider_answer(&payment_page, Decision::Accept)).await.0, 200);
        let monthly: i64 = sqlx::query_scalar("SELECT MAX(id) FROM monthly_gifts").fetch_one(app.store.pool()).await.unwrap();
        walk.check(&member, "/mon-espace/don-mensuel/arreter", "", Posted::form(&[("id", &monthly.to_string())])).await;

        // A cheque entered by staff.
        walk.check(&staff, "/admin/dons/saisie", "", Posted::form(&[("civility", "monsieur"), ("first_name", "Jean"), ("last_name", "Dupont"), ("email", "cheque@exemple.fr"), ("address_line1", "3 place du Marché"), ("postal_code", "75018"), ("commune", "Paris"), ("country", "FR"), ("nationality", "francaise"), ("sworn", "1"), ("amount", "50"), ("method", "cheque"), ("received_on", "2025-03-09"), ("reference", "Chèque n° 42")])).await;

        // Material: an item in the cart, ordered (free), the order cancelled.
        let draft = essaim_domain::material::ItemForm { name: "Tracts".into(), unit: "lot de 100".into(), per_order_max: "10".into(), visible: true, ..Default::default() }.parse(false).unwrap();
        let item = app.store.create_item(&draft, false, None, essaim_store::now()).await.unwrap().unwrap();
        walk.check(&member, "/materiel/panier", "", Posted::form(&[("item", &item.to_string()), ("quantity", "2")])).await;
        walk.check(&member, "/materiel/commande", "", Posted::form(&[("pour", ""), ("name", "Camille Membre"), ("line1", "3 rue du Marché"), ("line2", ""), ("postal_code", "75018"), ("commune", "Paris"), ("phone", "06 11 22 33 44")])).await;
        let order: i64 = sqlx::query_scalar("SELECT MAX(id) FROM material_orders").fetch_one(app.store.pool()).await.unwrap();
        walk.check(&member, "/materiel/commande/{id}/annuler", order, Posted::form(&[])).await;

        // Material in the back-office: an item created (multipart) and changed, the kit filled,
        // a second kit allowed; an order exported, shipped from the carrier's file, delivered;
        // another cancelled by staff; an item retired.
        let fields = [("name", "Affiches"), ("unit", "affiche"), ("per_order_max", "5"), ("visible", "1")];
        let location = walk.check(&staff, "/admin/materiel/nouveau", "", Posted::upload(&fields)).await;
        assert_eq!(location, "/admin/materiel");
        let poster = app.store.all_items().await.unwrap().into_iter().find(|i| i.name == "Affiches").unwrap().id;
        let fields = [("name", "Grandes affiches"), ("unit", "affiche"), ("per_order_max", "5"), ("visible", "1")];
        walk.check(&staff, "/admin/materiel/{id}", poster, Posted::upload(&fields)).await;
        let in_kit = format!("contenu-{item}");
        walk.check(&staff, "/admin/materiel/kit", "", Posted::form(&[(in_kit.as_str(), "3")])).await;
        walk.check(&staff, "/admin/materiel/second-kit", "", Posted::form(&[("email", "membre@exemple.fr"), ("reason", "Colocation militante")])).await;
        let order = material_order(&app, &member, item).await;
        walk.check(&staff, "/admin/materiel/lots", "", Posted::form(&[])).await;
        let carrier_file = format!("MAT-{order:06};6A12345678901\n");
        walk.check(&staff, "/admin/materiel/suivi", "", Posted::upload(&[("fichier", &carrier_file)])).await;
        walk.check(&staff, "/admin/materiel/commandes/{id}/livree", order, Posted::form(&[])).await;
        let order = material_order(&app, &member, item).await;
        walk.check(&staff, "/admin/materiel/commandes/{id}/annuler", order, Posted::form(&[("reason", "Adresse incomplète")])).await;
        walk.check(&staff, "/admin/materiel/{id}/retirer", poster, Posted::form(&[("confirmer", "1")])).await;

        // The programme: a contribution proposed (the first, with the consent), edited,
        // supported and the support withdrawn, commented on (the comment reported, then deleted
        // by its author), completed, reported.
        let proposal = crate::support::programme::contribution_fields("Des transports gratuits", "Rendre les bus gratuits dans toutes les villes.");
        let location = walk.check(&member, "/programme/axe/{n}/contribuer", 1, Posted::form(&proposal)).await;
        let contribution = id_in(&location, "/programme/contributions/");
        walk.check(&member, "/programme/contributions/{id}/modifier", contribution, Posted::form(&[("title", "Des transports en commun gratuits"), ("body", "Rendre les bus et les trams gratuits."), ("departement", "")])).await;
        walk.check(&staff, "/programme/contributions/{id}/soutenir", contribution, Posted::form(&[])).await;
        walk.check(&staff, "/programme/contributions/{id}/retirer-soutien", contribution, Posted::form(&[])).await;
        walk.check(&staff, "/programme/contributions/{id}/commenter", contribution, Posted::form(&[("body", "Et les trains régionaux ?"), ("consent", "1")])).await;
        let comment: i64 = sqlx::query_scalar("SELECT MAX(id) FROM programme_comments").fetch_one(app.store.pool()).await.unwrap();
        walk.check(&member, "/programme/commentaires/{id}/signaler", comment, Posted::form(&[("reason", "hors-sujet"), ("detail", "")])).await;
        walk.check(&staff, "/programme/commentaires/{id}/supprimer", comment, Posted::form(&[])).await;
        walk.check(&member, "/programme/contributions/{id}/complement", contribution, Posted::form(&[("body", "Financés par le versement mobilité.")])).await;
        walk.check(&staff, "/programme/contributions/{id}/signaler", contribution, Posted::form(&[("reason", "doublon"), ("detail", "")])).await;

        // The programme in the back-office: a contribution hidden and restored, a comment too,
        // its author blocked and unblocked, a duplicate merged, an axis's text, a synthesis.
        let author = essaim_domain::ids::PersonId::new(member_id.parse().unwrap());
        let draft = essaim_domain::programme::contribution::parse_contribution("Référendum d'initiative citoyenne", "Un texte assez long pour être publié.", "").unwrap();
        let axis = essaim_domain::programme::AxisNumber::new(1).unwrap();
        let mut contributions = Vec::new();
        for _ in 0..2 {
            match app.store.publish_contribution(author, None, axis, &draft, Some("J'accepte."), essaim_store::now()).await.unwrap() {
                essaim_store::programme::PublishOutcome::Published(id) => contributions.push(id),
                other => panic!("published: {other:?}"),
            }
        }
        let (kept, duplicate) = (contributions[0], contributions[1]);
        walk.check(&staff, "/admin/programme/contributions/{id}/masquer", kept, Posted::form(&[("reason", "Hors sujet.")])).await;
        walk.check(&staff, "/admin/programme/contributions/{id}/retablir", kept, Posted::form(&[("reason", "Finalement dans le sujet.")])).await;
        let essaim_store::programme::CommentOutcome::Added(comment) = app.store.add_comment(&essaim_store::programme::NewComment { contribution: kept, parent: None, author, author_label: None, body: "Un commentaire.", consent_text: Some("J'accepte.") }, essaim_store::now()).await.unwrap() else { panic!("commented") };
        walk.check(&staff, "/admin/programme/commentaires/{id}/masquer", comment, Posted::form(&[("reason", "Injurieux.")])).await;
        walk.check(&staff, "/admin/programme/commentaires/{id}/retablir", comment, Posted::form(&[("reason", "Méprise.")])).await;
        walk.check(&staff, "/admin/programme/personnes/{id}/bloquer", &member_id, Posted::form(&[("reason", "Insultes.")])).await;
        walk.check(&staff, "/admin/programme/personnes/{id}/debloquer", &member_id, Posted::form(&[("reason", "Excuses.")])).await;
        let kept_number = kept.to_string();
        walk.check(&staff, "/admin/programme/contributions/{id}/fusionner", duplicate, Posted::form(&[("kept", &kept_number), ("reason", "Même idée.")])).await;
        walk.check(&staff, "/admin/programme/axes/{n}", 1, Posted::form(&[("title", "La 6e République"), ("introduction", "Une **nouvelle** Constitution.")])).await;
        assert!(app.store.grant_role("equipe@exemple.fr", essaim_store::programme::COORDINATION, essaim_store::now()).await.unwrap());
        walk.check(&staff, "/admin/programme/axes/{n}/synthese", 1, Posted::form(&[("body", "Nous retenons le référendum."), ("links", &kept_number)])).await;

        // Listes électorales: a status noted, a ballot entered then deleted.
        walk.check(&member, "/mon-espace/listes-electorales", "", Posted::form(&[("statut", "a_verifier")])).await;
        walk.check(&member, "/mon-espace/rappels-inscription", "", Posted::form(&[("rappels", "non")])).await;
        walk.check(&staff, "/admin/scrutins", "", Posted::form(&[("name", "Présidentielle 2027"), ("kind", "presidentielle"), ("first_round", "2027-04-11"), ("second_round", "2027-04-25"), ("samedi", "1")])).await;
        let ballot = app.store.ballots().await.unwrap()[0].id;
        walk.check(&staff, "/admin/scrutins/{id}/supprimer", ballot, Posted::form(&[])).await;
        // API tokens: one created, then revoked.
        walk.check(&staff, "/admin/jetons", "", Posted::form(&[("name", "CRM"), ("scope", "read")])).await;
        let token = app.store.api_tokens().await.unwrap()[0].id;
        walk.check(&staff, "/admin/jetons/{id}/revoquer", token, Posted::form(&[])).await;

        // Procurations: an offer, a request proposed it, accepted, withdrawn; then both withdrawn.
        let mut first_round = essaim_domain::calendar::french_day(essaim_store::now()).checked_add(jiff::Span::new().days(60)).unwrap();
        while first_round.weekday() != jiff::civil::Weekday::Sunday {
            first_round = first_round.tomorrow().unwrap();
        }
        let draft = essaim_domain::electoral::ballot::parse_ballot("Européennes", "europeennes", &first_round.to_string(), "", true).unwrap();
        let ballot = app.store.create_ballot(&draft, essaim_store::now()).await.unwrap().to_string();
        walk.check(&staff, "/procurations/offre", "", Posted::form(&[("scrutin", &ballot), ("code_postal", "75018"), ("tour_1", "1"), ("km", "10"), ("contact", "06 11 22 33 44"), ("accord", "1")])).await;
        walk.check(&member, "/procurations/demande", "", Posted::form(&[("scrutin", &ballot), ("code_postal", "75018"), ("tour_1", "1"), ("contact", "06 55 66 77 88"), ("accord", "1")])).await;
        let member_person = app.store.find_person_by_email("membre@exemple.fr").await.unwrap().unwrap().id;
        let staff_person = app.store.find_person_by_email("equipe@exemple.fr").await.unwrap().unwrap().id;
        let request = app.store.my_proxy_requests(member_person).await.unwrap().remove(0);
        let proposal = request.proposals[0].id;
        walk.check(&member, "/procurations/propositions/{id}/accepter", proposal, Posted::form(&[])).await;
        walk.check(&staff, "/procurations/propositions/{id}/retirer", proposal, Posted::form(&[])).await;
        walk.check(&member, "/procurations/demandes/{id}/retirer", request.id, Posted::form(&[])).await;
        let offer = app.store.my_proxy_offers(staff_person).await.unwrap().remove(0).id;
        walk.check(&staff, "/procurations/offres/{id}/retirer", offer, Posted::form(&[])).await;

        // A mailing sent to Paris, then cancelled.
        walk.check(&staff, "/admin/envois/nouveau", "", Posted::form(&[("departements", "75"), ("subject", "Réunion"), ("body", "Samedi."), ("action", "envoyer")])).await;
        let mailing = app.store.mailings(1).await.unwrap().remove(0).id;
        walk.check(&staff, "/admin/envois/{id}/annuler", mailing, Posted::form(&[])).await;

        // Last, leaving: an account deleted, a session closed.
        walk.check(&leaving, "/mon-espace/supprimer", "", Posted::form(&[("confirmer", "1")])).await;
        walk.check(&member, "/deconnexion", "", Posted::form(&[])).await;

        let mut walked = walk.walked.clone();
        walked.push(CONFIRM);
        // The payment provider's routes carry no token: the provider's signature guards them
        // (a bad one changes nothing: donations.rs). The simulator's decision carries one, but
        // notifies over a real port, so donations.rs walks it on one.
        walked.extend(["/dons/notification", "/dons/simulateur", "/dons/simulateur/decision", "/materiel/notification"]);
        // The OSDI API's helpers carry no cookie and no CSRF token: the OSDI-API-Token header
        // authenticates them, which a forged cross-site form cannot set (osdi.rs tests it).
        walked.extend(["/api/osdi/v1/people/person_signup_helper", "/api/osdi/v1/events/{id}/record_attendance_helper"]);
        // The one-click unsubscribe carries no token (a mail client posts it, RFC 8058): the
        // signed link in the email is the proof (mailings.rs tests it).
        walked.push("/desinscription");
        let unwalked: Vec<_> = routes.iter().filter(|route| !walked.contains(route)).collect();
        assert!(unwalked.is_empty(), "POST routes this test does not walk yet (add them): {unwalked:?}");
        let gone: Vec<_> = walked.iter().filter(|route| !routes.contains(route)).collect();
        assert!(gone.is_empty(), "walked, but not POST routes of the router: {gone:?}");
    }
}

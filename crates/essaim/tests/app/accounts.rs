//! "Mon espace": magic-link login, my details, my data, deleting my account.

use crate::support::{both_backends, cookies_set, csrf_token_in, TestApp};
use sqlx::{Column, Row};

both_backends! {
    async fn a_magic_link_opens_my_space_once(app) {
        app.signed_and_confirmed("lea@exemple.fr").await;
        let visitor = app.browser();
        let response = visitor.get(app.url("/mon-espace")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(response.headers()["location"], "/connexion");

        let (status, page) = app.submit(&visitor, "/connexion", "/connexion", &[("email", "LEA@exemple.fr")]).await;
        assert_eq!(status, 200);
        assert!(page.contains("Si un compte correspond à cette adresse"));
        let mails = app.wait_for_mail("lea@exemple.fr", 2).await;
        let login = mails.iter().find(|m| m.text.contains("/connexion/lien")).expect("a login email");
        let link = login.link_path("/connexion/lien");
        let (status, page) = app.get(&visitor, &link).await;
        assert_eq!(status, 200, "opening the link only shows a button: mail scanners do not use it up");
        let token = link.split("jeton=").nth(1).unwrap().to_string();
        let form = [("csrf", csrf_token_in(&page)), ("jeton", token.clone())];
        let response = visitor.post(app.url("/connexion/lien")).form(&form).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 303);
        let (status, space) = app.get(&visitor, "/mon-espace").await;
        assert_eq!(status, 200);
        assert!(space.contains("lea@exemple.fr"));
        assert!(space.contains("confirmée"));

        let other = app.browser();
        let (_, page) = app.get(&other, &link).await;
        let form = [("csrf", csrf_token_in(&page)), ("jeton", token)];
        let response = other.post(app.url("/connexion/lien")).form(&form).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 410, "a used link does not log in again");
    }

    async fn logging_in_gives_a_new_csrf_token(app) {
        app.signed_and_confirmed("jeton@exemple.fr").await;
        let visitor = app.browser();
        let response = visitor.get(app.url("/connexion")).send().await.unwrap();
        let before = cookies_set(response.headers(), "essaim_csrf").pop().expect("a first visit gets a token");
        app.submit(&visitor, "/connexion", "/connexion", &[("email", "jeton@exemple.fr")]).await;
        let mails = app.wait_for_mail("jeton@exemple.fr", 2).await;
        let link = mails.iter().find(|m| m.text.contains("/connexion/lien")).expect("a login email").link_path("/connexion/lien");
        let (_, page) = app.get(&visitor, &link).await;
        let form = [("csrf", csrf_token_in(&page)), ("jeton", link.split("jeton=").nth(1).unwrap().to_string())];
        let response = visitor.post(app.url("/connexion/lien")).form(&form).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 303);
        let after = cookies_set(response.headers(), "essaim_csrf");
        assert_eq!(after.len(), 1, "one new token, not two: {after:?}");
        assert_ne!(after[0], before);
        assert_eq!(cookies_set(response.headers(), "essaim_session").len(), 1);

        let fields = [("csrf", before.as_str()), ("first_name", "Ancien"), ("last_name", "Jeton"), ("postal_code", "75018"), ("country", "FR")];
        let response = visitor.post(app.url("/mon-espace")).form(&fields).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 422, "the token from before the login no longer works");
        let (status, _) = app.submit(&visitor, "/mon-espace", "/mon-espace", &fields[1..]).await;
        assert_eq!(status, 303, "the new one does");
    }

    async fn an_unknown_address_gets_the_same_answer_and_no_email(app) {
        let visitor = app.browser();
        app.signed_and_confirmed("connu@exemple.fr").await;
        let (_, known) = app.submit(&visitor, "/connexion", "/connexion", &[("email", "connu@exemple.fr")]).await;
        let (_, unknown) = app.submit(&visitor, "/connexion", "/connexion", &[("email", "inconnu@exemple.fr")]).await;
        let strip = |page: &str| page.replace("connu@exemple.fr", "").replace("inconnu@exemple.fr", "").replace("in", "");
        assert_eq!(strip(&known), strip(&unknown));
        assert!(app.mail_when_idle("inconnu@exemple.fr").await.is_empty());
        let (status, page) = app.submit(&visitor, "/connexion", "/connexion", &[("email", "n'importe quoi")]).await;
        assert_eq!(status, 422);
        assert!(page.contains("pas valide") && page.contains("n&#39;importe quoi"));
    }

    async fn login_emails_are_limited_per_address_and_the_page_says_so(app) {
        app.signed_and_confirmed("pressee@exemple.fr").await;
        let visitor = app.browser();
        let mut pages = Vec::new();
        for _ in 0..5 {
            pages.push(app.submit(&visitor, "/connexion", "/connexion", &[("email", "pressee@exemple.fr")]).await);
        }
        // One confirmation email, then three login emails at most per quarter of an hour.
        assert_eq!(app.mail_when_idle("pressee@exemple.fr").await.len(), 4);
        for (status, page) in &pages[..3] {
            assert_eq!(*status, 200);
            assert!(page.contains("un lien de connexion vient d'y être envoyé") && !page.contains("déjà demandé"));
        }
        for (status, page) in &pages[3..] {
            assert_eq!(*status, 429, "the fourth request is not answered with a link");
            assert!(page.contains("déjà demandé 3 liens de connexion pour cette adresse"), "{page}");
            assert!(!page.contains("vient d'y être envoyé"), "the page does not claim a link was sent");
        }
        // An address without an account gets exactly the same answers: nothing is revealed.
        let mut unknown = Vec::new();
        for _ in 0..5 {
            unknown.push(app.submit(&visitor, "/connexion", "/connexion", &[("email", "personne@exemple.fr")]).await);
        }
        let strip = |page: &str| page.replace("pressee@exemple.fr", "").replace("personne@exemple.fr", "");
        for (known, unknown) in pages.iter().zip(&unknown) {
            assert_eq!(known.0, unknown.0);
            assert_eq!(strip(&known.1), strip(&unknown.1));
        }
        assert!(app.mail_when_idle("personne@exemple.fr").await.is_empty());
    }

    async fn i_can_correct_my_details(app) {
        let me = app.signed_and_confirmed("moi@exemple.fr").await;
        let fields = [("first_name", "Camille"), ("last_name", "Martin"), ("postal_code", "1300"), ("country", "FR")];
        let (status, page) = app.submit(&me, "/mon-espace", "/mon-espace", &fields).await;
        assert_eq!(status, 422);
        assert!(page.contains("5 chiffres") && page.contains("value=\"Camille\"") && page.contains("value=\"1300\""));
        let fields = [("first_name", "Camille"), ("last_name", "Martin"), ("postal_code", "13001"), ("country", "FR")];
        let (status, _) = app.submit(&me, "/mon-espace", "/mon-espace", &fields).await;
        assert_eq!(status, 303);
        let (_, page) = app.get(&me, "/mon-espace?ok=1").await;
        assert!(page.contains("Vos informations sont enregistrées") && page.contains("value=\"Camille\""));
        let person = app.store.find_person_by_email("moi@exemple.fr").await.unwrap().unwrap();
        assert_eq!(person.postal_code.as_deref(), Some("13001"));
        assert!(!person.news_optin, "unticking the box withdraws consent to news");
        let signature = app.store.signature_of(person.id).await.unwrap().unwrap();
        assert_eq!(signature.departement, "13");
    }

    async fn an_error_in_my_details_is_tied_to_its_field(app) {
        let me = app.signed_and_confirmed("lecteur@exemple.fr").await;
        let fields = [("first_name", "=HYPERLINK(1)"), ("last_name", "Martin"), ("postal_code", "75018"), ("country", "FR")];
        let (status, page) = app.submit(&me, "/mon-espace", "/mon-espace", &fields).await;
        assert_eq!(status, 422);
        let first_name = tag(&page, "<input id=\"first_name\"");
        assert!(first_name.contains(" aria-invalid=\"true\" aria-describedby=\"first_name-erreur\""), "{first_name}");
        assert!(page.contains("<p class=\"error\" id=\"first_name-erreur\">"), "the message has the id the field points to");
        for untouched in ["<input id=\"last_name\"", "<input id=\"postal_code\"", "<select id=\"country\""] {
            assert!(!tag(&page, untouched).contains("aria-"), "{untouched} is not marked invalid");
        }

        let fields = [("first_name", "Camille"), ("last_name", ""), ("postal_code", "7501"), ("country", "FR")];
        let (_, page) = app.submit(&me, "/mon-espace", "/mon-espace", &fields).await;
        assert!(tag(&page, "<input id=\"last_name\"").contains("aria-describedby=\"last_name-erreur\""));
        assert!(tag(&page, "<input id=\"postal_code\"").contains("aria-describedby=\"postal_code-erreur\""));
        assert!(page.contains("id=\"last_name-erreur\"") && page.contains("id=\"postal_code-erreur\""));

        let fields = [("first_name", "Camille"), ("last_name", "Martin"), ("postal_code", ""), ("country", "ZZ")];
        let (_, page) = app.submit(&me, "/mon-espace", "/mon-espace", &fields).await;
        assert!(tag(&page, "<select id=\"country\"").contains("aria-invalid=\"true\" aria-describedby=\"postal_code-erreur\""), "an unknown country marks the list");
        assert!(!tag(&page, "<input id=\"postal_code\"").contains("aria-"));

        let (status, page) = app.submit(&me, "/mon-espace", "/mon-espace/supprimer", &[]).await;
        assert_eq!(status, 422);
        assert!(tag(&page, "<input id=\"confirmer\"").contains("aria-invalid=\"true\" aria-describedby=\"confirmer-erreur\""));
        assert!(page.contains("id=\"confirmer-erreur\">Cochez la case"));
    }

    async fn i_can_download_all_my_data(app) {
        let me = app.signed_and_confirmed("export@exemple.fr").await;
        let response = me.get(app.url("/mon-espace/donnees.json")).send().await.unwrap();
        assert!(response.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
        let data: serde_json::Value = response.json().await.unwrap();
        assert_eq!(data["personne"]["email"], "export@exemple.fr");
        assert_eq!(data["signature"]["status"], "confirmed");
        assert!(!data["emails"].as_array().unwrap().is_empty());
    }

    async fn signers_who_never_confirm_are_erased_after_the_retention_period(app) {
        app.signed_and_confirmed("confirme@exemple.fr").await;
        app.sign(&app.browser(), "jamais@exemple.fr").await;
        app.wait_for_mail("jamais@exemple.fr", 1).await;
        let retention = essaim_domain::signature::UNCONFIRMED_RETENTION_SECS;
        assert_eq!(app.store.purge_unconfirmed(essaim_store::now() - retention).await.unwrap(), 0, "too recent");
        assert_eq!(app.store.purge_unconfirmed(essaim_store::now() + 1).await.unwrap(), 1);
        assert!(app.store.find_person_by_email("jamais@exemple.fr").await.unwrap().is_none());
        assert!(app.store.find_person_by_email("confirme@exemple.fr").await.unwrap().is_some());
        assert_eq!(app.settled_count().await, 1);
    }

    async fn deleting_my_account_keeps_the_count_and_no_personal_data(app) {
        let me = app.signed_and_confirmed("efface@exemple.fr").await;
        let other = app.signed_and_confirmed("reste@exemple.fr").await;
        assert_eq!(app.settled_count().await, 2);
        // Leave traces everywhere: a group (with someone else), an offer of skills, an event
        // registration, an action profile.
        let group = crate::groups::create_group(&app, &other, "Groupe des deux", "75018").await;
        crate::groups::press(&app, &me, group, "rejoindre", &[]).await;
        let (status, _) = app.submit(&me, "/competences", "/competences", &[("skills", "video"), ("other", "savoir-faire-efface"), ("time_available", "ponctuellement"), ("travel_km", "10"), ("postal_code", "75018"), ("consent", "1")]).await;
        assert_eq!(status, 303, "the offer is saved");
        let (status, _) = app.submit(&me, "/agir", "/agir/profil", &[("dispo", "soirees"), ("gout", "ecrire")]).await;
        assert_eq!(status, 303, "the action profile is saved");
        let my_id = app.store.find_person_by_email("efface@exemple.fr").await.unwrap().unwrap().id;

        let (status, page) = app.submit(&me, "/mon-espace", "/mon-espace/supprimer", &[]).await;
        assert_eq!(status, 422, "the box must be ticked");
        assert!(page.contains("Cochez la case"));
        let (status, page) = app.submit(&me, "/mon-espace", "/mon-espace/supprimer", &[("confirmer", "1")]).await;
        assert_eq!(status, 200);
        assert!(page.contains("Votre compte est supprimé"));
        assert_eq!(me.get(app.url("/mon-espace")).send().await.unwrap().status().as_u16(), 303, "logged out");

        assert_eq!(app.settled_count().await, 2, "the signature stays counted");
        for table in [
            "people", "signatures", "outbox", "login_tokens", "sessions", "counters", "settings",
            "support_groups", "group_members", "group_requests", "offline_signups", "action_profiles",
            "recipe_done", "events", "event_registrations", "skill_offers", "skill_contacts",
        ] {
            let rows = sqlx::query(&format!("SELECT * FROM {table}")).fetch_all(&any_pool(&app).await).await.unwrap();
            for row in rows {
                for column in row.columns() {
                    let text: Option<String> = row.try_get(column.ordinal()).ok().flatten();
                    let text = text.unwrap_or_default();
                    assert!(!text.contains("efface@exemple.fr"), "{table}.{} still holds the email", column.name());
                    assert!(!text.contains("savoir-faire-efface"), "{table}.{} still holds the offer", column.name());
                    let number: Option<i64> = row.try_get(column.ordinal()).ok().flatten();
                    let refers_to_me = number == Some(my_id.get()) && column.name().ends_with("person_id");
                    assert!(!refers_to_me, "{table}.{} still points at the erased person", column.name());
                }
            }
        }
        assert_eq!(app.store.find_group(group).await.unwrap().unwrap().members, 1, "the group counts one member less");
        assert!(app.store.find_person_by_email("reste@exemple.fr").await.unwrap().is_some());
    }
}

async fn any_pool(app: &TestApp) -> sqlx::AnyPool {
    app.store.pool().clone()
}

/// The whole tag that starts with `start` in `page`.
fn tag<'a>(page: &'a str, start: &str) -> &'a str {
    let at = page
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in the page"));
    let end = page[at..].find('>').unwrap();
    &page[at..=at + end]
}

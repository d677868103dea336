//! The support signature, end to end.

use crate::support::{both_backends, valid_signature};

both_backends! {
    async fn signing_and_confirming_counts_one(app) {
        assert_eq!(app.settled_count().await, 0);
        let client = app.browser();
        let (status, page) = app.sign(&client, "louise@exemple.fr").await;
        assert_eq!(status, 200);
        assert!(page.contains("Ouvrez le lien reçu par email"));
        assert_eq!(app.settled_count().await, 0, "a pending signature does not count");

        let mail = app.wait_for_mail("louise@exemple.fr", 1).await.remove(0);
        assert!(mail.text.contains("Confirmez votre signature") || mail.text.contains("confirmez"));
        let (status, page) = app.confirm(&client, &mail).await;
        assert_eq!(status, 200);
        assert!(page.contains("Votre signature est confirmée"));
        assert_eq!(app.settled_count().await, 1);
        let (_, home) = app.get(&client, "/").await;
        assert!(home.contains(">1</strong>"), "the figure is in the HTML for visitors without JavaScript");
    }

    async fn signing_twice_counts_once(app) {
        let client = app.browser();
        let (_, first) = app.sign(&client, "paul@exemple.fr").await;
        let (_, second) = app.sign(&client, "paul@exemple.fr").await;
        assert_eq!(first, second, "a repeat gets exactly the same page");
        let mails = app.wait_for_mail("paul@exemple.fr", 2).await;
        assert_eq!(mails.iter().filter(|m| m.text.contains("Vous aviez déjà signé")).count(), 1);
        app.confirm(&client, &mails[0]).await;
        app.confirm(&client, &mails[1]).await;
        assert_eq!(app.settled_count().await, 1);

        app.sign(&client, "paul@exemple.fr").await;
        let mails = app.wait_for_mail("paul@exemple.fr", 3).await;
        assert!(mails.iter().any(|m| m.text.contains("votre signature est confirm")), "a confirmed signer is told so");
        assert_eq!(app.settled_count().await, 1);
    }

    // Over TCP: the twenty requests arrive truly at once, each on its own connection.
    async fn a_burst_of_the_same_signature_stores_one_person(app: Tcp) {
        let client = app.browser();
        app.get(&client, "/").await;
        let mut requests = Vec::new();
        for i in 0..20 {
            let (client, url) = (client.clone(), app.url("/"));
            let email = if i % 2 == 0 { "rafale@gmail.com" } else { "ra.fale+x@gmail.com" };
            requests.push(tokio::spawn(async move {
                let html = client.get(&url).send().await.unwrap().text().await.unwrap();
                let token = crate::support::csrf_token_in(&html);
                let mut form = valid_signature(email);
                form.push(("csrf", &token));
                client.post(format!("{url}signer")).form(&form).send().await.unwrap().status().as_u16()
            }));
        }
        for request in requests {
            assert_eq!(request.await.unwrap(), 200);
        }
        let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people").fetch_one(app.store.pool()).await.unwrap();
        assert_eq!(people, 1);
        assert_eq!(app.mail_when_idle("@gmail.com").await.len(), 5, "the email cap holds under concurrency");
    }

    async fn the_gmail_dot_variant_counts_once(app) {
        let client = app.browser();
        app.sign(&client, "jean.dupont@gmail.com").await;
        app.sign(&client, "JeanDupont+appui@googlemail.com").await;
        let confirm = app.wait_for_mail("jean.dupont@gmail.com", 1).await.remove(0);
        app.confirm(&client, &confirm).await;
        assert_eq!(app.settled_count().await, 1);
        assert!(app.mail_when_idle("JeanDupont+appui@googlemail.com").await.is_empty(),
            "mail goes to the address first given, not to whoever typed a variant");
    }

    async fn a_signature_sends_at_most_five_emails_ever(app) {
        let client = app.browser();
        for _ in 0..8 {
            app.sign(&client, "boite@exemple.fr").await;
        }
        assert_eq!(app.mail_when_idle("boite@exemple.fr").await.len(), 5);
    }

    async fn signatures_through_a_share_link_are_credited(app) {
        let sharer = app.signed_and_confirmed("sharer@exemple.fr").await;
        let person = app.store.find_person_by_email("sharer@exemple.fr").await.unwrap().unwrap();
        let (_, page) = app.get(&sharer, "/mon-espace").await;
        assert!(page.contains(&format!("/?r={}", person.referral_code)));

        let friend = app.browser();
        let (_, home) = app.get(&friend, &format!("/?r={}", person.referral_code)).await;
        assert!(home.contains(&format!("name=\"r\" value=\"{}\"", person.referral_code)));
        let mut fields = valid_signature("ami@exemple.fr");
        fields.push(("r", person.referral_code.as_str()));
        app.submit(&friend, &format!("/?r={}", person.referral_code), "/signer", &fields).await;
        let mail = app.wait_for_mail("ami@exemple.fr", 1).await.remove(0);
        app.confirm(&friend, &mail).await;
        assert_eq!(app.store.referral_count(person.id).await.unwrap(), 1);
        let (_, page) = app.get(&sharer, "/mon-espace").await;
        assert!(page.contains("<strong>1</strong> personne a signé"));
    }

    async fn every_bad_field_gets_its_message_and_keeps_the_input(app) {
        let client = app.browser();
        let cases: &[(&str, &str, &str)] = &[
            ("first_name", "", "Indiquez votre prénom"),
            ("first_name", "=HYPERLINK(1)", "ne peut pas commencer par"),
            ("first_name", &"a".repeat(81), "trop long"),
            ("last_name", "", "Indiquez votre nom"),
            ("last_name", "@moi", "ne peut pas commencer par"),
            ("email", "pas-un-email", "pas valide"),
            ("email", "", "Indiquez votre adresse email"),
            ("postal_code", "7501", "5 chiffres"),
            ("postal_code", "99999", "n&#39;existe pas"),
            ("phone", "abc", "numéro de téléphone"),
        ];
        for (field, value, message) in cases {
            let mut fields = valid_signature("garde@exemple.fr");
            fields.retain(|(name, _)| name != field);
            fields.push((field, value));
            let (status, page) = app.submit(&client, "/", "/signer", &fields).await;
            assert_eq!(status, 422, "{field}={value:?}");
            assert!(page.contains(message), "{field}={value:?} should say {message:?}");
            assert!(page.contains("value=\"garde@exemple.fr\"") || *field == "email", "the email typed is kept");
            assert!(page.contains("aria-invalid=\"true\""));
        }
        let mut abroad = valid_signature("loin@exemple.fr");
        abroad.retain(|(name, _)| *name != "postal_code" && *name != "country");
        abroad.push(("country", "ZZ"));
        let (status, page) = app.submit(&client, "/", "/signer", &abroad).await;
        assert_eq!(status, 422);
        assert!(page.contains("Choisissez votre pays"));
        assert!(page.contains("<select id=\"country\" name=\"country\" autocomplete=\"country\" aria-invalid=\"true\" aria-describedby=\"postal_code-erreur\">"), "the list is marked, not the postal code");
        assert!(app.mail_when_idle("garde@exemple.fr").await.is_empty(), "nothing was recorded");
    }

    async fn people_abroad_sign_with_a_country(app) {
        let client = app.browser();
        let mut fields = valid_signature("bruxelles@exemple.be");
        fields.retain(|(name, _)| *name != "postal_code" && *name != "country");
        fields.push(("country", "BE"));
        let (status, _) = app.submit(&client, "/", "/signer", &fields).await;
        assert_eq!(status, 200);
        let person = app.store.find_person_by_email("bruxelles@exemple.be").await.unwrap().unwrap();
        assert_eq!(person.country, "BE");
        assert_eq!(person.postal_code, None);
    }

    async fn a_form_without_a_valid_csrf_token_is_refused_and_kept(app) {
        let client = app.browser();
        app.get(&client, "/").await;
        let mut fields = valid_signature("csrf@exemple.fr");
        fields.push(("csrf", "forged.token"));
        let response = client.post(app.url("/signer")).form(&fields).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 403);
        let page = response.text().await.unwrap();
        assert!(page.contains("session a expiré"));
        assert!(page.contains("value=\"csrf@exemple.fr\""));
        assert!(app.mail_when_idle("csrf@exemple.fr").await.is_empty());
    }

    async fn garbage_requests_never_produce_a_server_error(app) {
        let client = app.browser();
        let bodies: &[&str] = &["", "%%%", "first_name=%FF%FE", "a=b&a=c", &"x".repeat(100_000)];
        for body in bodies {
            let response = client
                .post(app.url("/signer"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body.to_string())
                .send()
                .await
                .unwrap();
            assert!(response.status().as_u16() < 500, "{body:?} gave {}", response.status());
        }
        let response = client.post(app.url("/signer")).body("{}").header("content-type", "application/json").send().await.unwrap();
        assert_eq!(response.status().as_u16(), 400);
        assert_eq!(app.get(&client, "/nulle-part").await.0, 404);
    }

    async fn the_counter_api_is_json_with_a_short_cache(app) {
        let response = app.client.get(app.url("/api/compteur")).send().await.unwrap();
        let cache = response.headers()["cache-control"].to_str().unwrap().to_string();
        assert!(cache.contains("max-age=2"));
        let json: serde_json::Value = response.json().await.unwrap();
        assert_eq!(json["signatures"], 0);
    }
}

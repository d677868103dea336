//! The confirmation link: opening it changes nothing and sets no cookie (mail scanners open
//! links first); pressing its button confirms, once; another site cannot press it for you.

use essaim_domain::token::{self, Purpose};
use reqwest::header::SET_COOKIE;

use crate::support::{both_backends, cookies_set, field_value_in};

both_backends! {
    async fn opening_the_link_changes_nothing_until_the_button_is_pressed(app) {
        app.sign(&app.browser(), "bouton@exemple.fr").await;
        let link = app.wait_for_mail("bouton@exemple.fr", 1).await[0].link_path("/signature/confirmer");

        // A mail scanner: no cookie jar, no JavaScript, it only fetches.
        let scanner = app.browser().without_cookies();
        let response = scanner.get(app.url(&link)).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        let cookies: Vec<_> = response.headers().get_all(SET_COOKIE).iter().collect();
        assert!(cookies.is_empty(), "opening the link sets no cookie at all: {cookies:?}");
        let page = response.text().await.unwrap();
        assert!(page.contains("<form method=\"post\" action=\"/signature/confirmer\">"));
        assert!(page.contains(">Je confirme ma signature</button>"));
        assert!(!page.contains("<script"), "nothing presses the button in the person's place");
        assert_eq!(app.signature_of("bouton@exemple.fr").await.status, "pending");
        assert_eq!(app.settled_count().await, 0);

        let person = app.browser();
        let response = person.post(app.url("/signature/confirmer")).form(&[("jeton", field_value_in(&page, "jeton"))]).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(response.headers()["location"], "/signature/confirmee");
        assert_eq!(cookies_set(response.headers(), "essaim_session").len(), 1, "the button opens a session");
        assert_eq!(cookies_set(response.headers(), "essaim_csrf").len(), 1, "with a fresh CSRF token, set once");
        assert_eq!(app.signature_of("bouton@exemple.fr").await.status, "confirmed");

        let (status, page) = app.get(&person, "/signature/confirmee").await;
        assert_eq!(status, 200);
        assert!(page.contains("Votre signature est confirmée") && page.contains("Faites signer vos proches"));
        assert_eq!(app.settled_count().await, 1);
    }

    async fn a_used_link_says_thank_you_again(app) {
        let person = app.browser();
        app.sign(&person, "deux-fois@exemple.fr").await;
        let mail = app.wait_for_mail("deux-fois@exemple.fr", 1).await.remove(0);
        let link = mail.link_path("/signature/confirmer");
        let (_, button_page) = app.get(&app.browser(), &link).await;
        let jeton = field_value_in(&button_page, "jeton");
        assert!(app.confirm(&person, &mail).await.1.contains("Votre signature est confirmée"));

        // Someone else with the link (the email opened on another device): thanked, sent to login.
        let other = app.browser();
        let (status, page) = app.get(&other, &link).await;
        assert_eq!((status, page.contains("Votre signature est déjà confirmée, merci !")), (200, true));
        assert!(page.contains("href=\"/connexion\"") && !page.contains("Aller dans Mon espace"));
        let response = other.post(app.url("/signature/confirmer")).form(&[("jeton", &jeton)]).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert!(cookies_set(response.headers(), "essaim_session").is_empty(), "no second session");
        assert!(response.text().await.unwrap().contains("Votre signature est déjà confirmée, merci !"));

        // The person, logged in by the first press: sent to Mon espace.
        let (status, page) = app.get(&person, &link).await;
        assert_eq!((status, page.contains("déjà confirmée")), (200, true));
        assert!(page.contains("<a href=\"/mon-espace\">Aller dans Mon espace</a>"));
        let response = person.post(app.url("/signature/confirmer")).form(&[("jeton", &jeton)]).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert!(response.text().await.unwrap().contains("Aller dans Mon espace"));
        assert_eq!(app.settled_count().await, 1);
    }

    async fn a_confirmation_posted_from_another_site_is_refused(app) {
        app.sign(&app.browser(), "cible@exemple.fr").await;
        let link = app.wait_for_mail("cible@exemple.fr", 1).await[0].link_path("/signature/confirmer");
        let jeton = field_value_in(&app.get(&app.browser(), &link).await.1, "jeton");
        let foreign = [
            ("origin", "https://malveillant.example"),
            ("origin", "null"),
            ("sec-fetch-site", "cross-site"),
        ];
        for (header, value) in foreign {
            let victim = app.browser();
            let response = victim.post(app.url("/signature/confirmer")).header(header, value).form(&[("jeton", &jeton)]).send().await.unwrap();
            assert_eq!(response.status().as_u16(), 403, "{header}: {value}");
            assert!(cookies_set(response.headers(), "essaim_session").is_empty());
            assert!(response.text().await.unwrap().contains("Confirmation refusée"));
        }
        assert_eq!(app.signature_of("cible@exemple.fr").await.status, "pending", "nothing was confirmed");

        // Our own page posts with our origin.
        let response = app.browser().post(app.url("/signature/confirmer"))
            .header("origin", app.base.as_str()).header("sec-fetch-site", "same-origin")
            .form(&[("jeton", &jeton)]).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 303);
        assert_eq!(app.signature_of("cible@exemple.fr").await.status, "confirmed");
    }

    async fn an_expired_or_forged_link_does_nothing(app) {
        let client = app.browser();
        app.sign(&client, "marc@exemple.fr").await;
        app.wait_for_mail("marc@exemple.fr", 1).await;
        let signature_id = app.signature_of("marc@exemple.fr").await.id.get();
        let expired = token::issue(&app.secret, Purpose::ConfirmSignature, signature_id, 1_000);
        let (status, page) = app.get(&client, &format!("/signature/confirmer?jeton={expired}")).await;
        assert_eq!(status, 410);
        assert!(page.contains("expiré"));
        let forged = token::issue(b"not our secret", Purpose::ConfirmSignature, signature_id, i64::MAX);
        assert_eq!(app.get(&client, &format!("/signature/confirmer?jeton={forged}")).await.0, 400);
        assert_eq!(app.get(&client, "/signature/confirmer?jeton=%3Cscript%3E").await.0, 400);
        assert_eq!(app.get(&client, "/signature/confirmer").await.0, 400);
        for (jeton, status) in [(expired.as_str(), 410), (forged.as_str(), 400), ("", 400)] {
            let response = client.post(app.url("/signature/confirmer")).form(&[("jeton", jeton)]).send().await.unwrap();
            assert_eq!(response.status().as_u16(), status, "POST {jeton:?}");
        }
        assert_eq!(app.signature_of("marc@exemple.fr").await.status, "pending");
        assert_eq!(app.settled_count().await, 0);
    }

    async fn the_confirmed_page_is_for_the_person_who_confirmed(app) {
        let response = app.browser().get(app.url("/signature/confirmee")).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 303, "a visitor is sent to log in");
        assert_eq!(response.headers()["location"], "/connexion");
        let person = app.signed_and_confirmed("recharge@exemple.fr").await;
        let (first, second) = (app.get(&person, "/signature/confirmee").await, app.get(&person, "/signature/confirmee").await);
        assert_eq!(first, second, "reloading the page changes nothing");
        assert!(first.1.contains("Merci, Louise !"));
    }
}

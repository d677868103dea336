//! Rate limits and the honeypot: the abuser gets the normal page; nothing is ever counted.

use crate::support::{both_backends, valid_signature, TestApp};

both_backends! {
    async fn an_over_limit_client_gets_the_same_page_and_is_never_counted(backend: backend) {
        let Some(app) = TestApp::spawn_with(backend, |config| config.limits.sign_per_minute = 2).await else { return };
        let client = app.browser();
        let (_, first) = app.sign(&client, "un@exemple.fr").await;
        let (_, second) = app.sign(&client, "deux@exemple.fr").await;
        let (status, third) = app.sign(&client, "trois@exemple.fr").await;
        assert_eq!(status, 200);
        assert_eq!(first, second);
        assert_eq!(second, third, "the over-limit answer is indistinguishable");
        for email in ["un@exemple.fr", "deux@exemple.fr"] {
            let mail = app.wait_for_mail(email, 1).await.remove(0);
            app.confirm(&client, &mail).await;
        }
        assert!(app.mail_when_idle("trois@exemple.fr").await.is_empty(), "no email for a fraud-marked submission");
        assert!(app.store.find_person_by_email("trois@exemple.fr").await.unwrap().is_none(), "no personal data kept");
        assert_eq!(app.settled_count().await, 2);
        let stats = app.store.signature_stats(0).await.unwrap();
        assert_eq!(stats.fraud, 1);
    }

    async fn the_honeypot_is_answered_normally_and_never_counted(backend: backend) {
        let Some(app) = TestApp::spawn(backend).await else { return };
        let client = app.browser();
        let mut fields = valid_signature("robot@exemple.fr");
        fields.push(("site_web", "http://spam.example"));
        let (status, page) = app.submit(&client, "/", "/signer", &fields).await;
        assert_eq!(status, 200);
        assert!(page.contains("Ouvrez le lien reçu par email"));
        assert!(app.mail_when_idle("robot@exemple.fr").await.is_empty());
        assert_eq!(app.store.signature_stats(0).await.unwrap().fraud, 1);
        assert_eq!(app.settled_count().await, 0);
    }

    async fn behind_a_trusted_proxy_each_client_address_has_its_own_limit(backend: backend) {
        let Some(app) = TestApp::spawn_with(backend, |config| {
            config.limits.sign_per_minute = 1;
            config.trust_forwarded_for = true;
        })
        .await else { return };
        for (i, ip) in ["203.0.113.1", "203.0.113.2"].iter().enumerate() {
            let client = app.browser().with_header("x-forwarded-for", &format!("10.0.0.9, {ip}"));
            let email = format!("proxy{i}@exemple.fr");
            app.sign(&client, &email).await;
            app.wait_for_mail(&email, 1).await;
        }
        assert_eq!(app.store.signature_stats(0).await.unwrap().fraud, 0);
    }
}

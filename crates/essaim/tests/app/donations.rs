//! Dons over HTTP: a gift without an account through the simulator to Mon espace, the
//! provider's notifications (signature, replays, unknown orders, refunds, twenty at once), the
//! legal cap counted over every gift of a person, who may give, monthly gifts.

use essaim_payment::ipn::{refund_ipn, resent_ipn};
use essaim_payment::{CheckSource, Decision, Refund, TransId, SIMULATOR_SITE_ID};

use crate::support::donations::{donation_fields, hidden_fields};
use crate::support::{both_backends, csrf_token_in, TestApp, Visitor};

/// Follows the payment page to the simulator and presses its button; returns the redirect.
async fn pay_on_simulator(
    app: &TestApp,
    who: &Visitor,
    payment_page: &str,
    decision: &str,
) -> (u16, String) {
    assert!(
        payment_page.contains("action=\"http"),
        "the payment page posts to the provider"
    );
    let response = who
        .post(app.url("/dons/simulateur"))
        .form(&hidden_fields(payment_page))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let simulator = response.text().await.unwrap();
    assert!(simulator.contains("Paiement de test"));
    let mut form = vec![
        ("csrf".to_string(), csrf_token_in(&simulator)),
        ("decision".to_string(), decision.to_string()),
    ];
    form.extend(hidden_fields(&simulator));
    let response = who
        .post(app.url("/dons/simulateur/decision"))
        .form(&form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, location)
}

/// A cheque entered straight into the ledger, to put a person near the cap.
pub async fn cheque(app: &TestApp, email: &str, euros: &str, first_name: &str, postal_code: &str) {
    let donor = essaim_domain::donations::DonorForm {
        civility: "madame".into(),
        first_name: first_name.into(),
        last_name: "Michel".into(),
        email: email.into(),
        address_line1: "12 rue de la Commune".into(),
        postal_code: postal_code.into(),
        commune: "Paris".into(),
        country: "FR".into(),
        nationality: "francaise".into(),
        sworn: true,
        ..Default::default()
    };
    let today = essaim_web::french_day(essaim_store::now());
    let entry = essaim_domain::donations::StaffEntryForm {
        donor,
        amount: euros.into(),
        method: "cheque".into(),
        received_on: today.to_string(),
        reference: "Chèque 0001".into(),
    }
    .parse(essaim_domain::donations::Cents::euros(7_500), today)
    .unwrap();
    let staff = app
        .store
        .find_person_by_email("equipe@exemple.fr")
        .await
        .unwrap();
    let staff = match staff {
        Some(person) => person.id,
        None => {
            app.signed_and_confirmed("equipe@exemple.fr").await;
            app.store
                .find_person_by_email("equipe@exemple.fr")
                .await
                .unwrap()
                .unwrap()
                .id
        }
    };
    app.store
        .enter_staff_gift(&entry, staff, essaim_store::now())
        .await
        .unwrap();
}

/// Instalments of a monthly gift started today that fall in this calendar year.
fn instalments_left_this_year() -> i64 {
    let today = essaim_web::french_day(essaim_store::now());
    essaim_domain::donations::Regime::Party
        .period(today)
        .unwrap()
        .instalments_from(today)
}

both_backends! {
    async fn a_gift_without_an_account_goes_through_the_simulator_to_my_space(app: Tcp) {
        let visitor = app.browser();
        let (status, form) = app.get(&visitor, "/dons").await;
        assert_eq!(status, 200);
        assert!(form.contains("Mentions légales des dons") && form.contains("L52-8"), "the legal notice is on the form");
        assert!(form.contains("mode paiement de test"), "the test-payment banner is shown");
        let (status, payment_page) = app.give(&visitor, &donation_fields("donatrice@exemple.fr", "20", "ponctuel")).await;
        assert_eq!(status, 200, "{payment_page}");
        assert!(payment_page.contains("Mentions légales des dons"), "the legal notice is on the payment page");
        assert_eq!(app.ledger_lines().await, 0, "nothing is paid before the provider says so");

        let (status, back) = pay_on_simulator(&app, &visitor, &payment_page, "accepter").await;
        assert_eq!(status, 303);
        assert!(back.contains("/dons/merci?don="), "{back}");
        let (status, thanks) = app.get(&visitor, back.trim_start_matches(&app.base)).await;
        assert_eq!(status, 200);
        assert!(thanks.contains("Merci pour votre don"), "{thanks}");
        assert!(thanks.contains("Mentions légales des dons"), "the legal notice is on the thank-you page");
        assert_eq!(app.ledger_lines().await, 1);
        let mail = app.wait_for_mail_with("donatrice@exemple.fr", "Merci pour votre don").await;
        assert!(mail.text.contains("pas un reçu fiscal"));

        let space_visitor = app.logged_in("donatrice@exemple.fr").await;
        let (status, space) = app.get(&space_visitor, "/mon-espace").await;
        assert_eq!(status, 200);
        assert!(space.contains("Mes dons") && space.contains("20\u{a0}€"), "{space}");
        assert!(space.contains("Vous pouvez encore donner <strong>7\u{202f}480\u{a0}€</strong>"), "{space}");
    }

    async fn monthly_instalments_are_played_by_the_simulator_once_each(app: Tcp) {
        let visitor = app.signed_and_confirmed("chaque-mois@exemple.fr").await;
        let (_, payment_page) = app.give(&visitor, &donation_fields("chaque-mois@exemple.fr", "10", "mensuel")).await;
        let (status, _) = pay_on_simulator(&app, &visitor, &payment_page, "accepter").await;
        assert_eq!(status, 303);
        assert_eq!(app.ledger_lines().await, 1, "the first instalment, due today, is taken at once");
        // Two months later (the start moved back), the upkeep plays the two instalments due.
        let today = essaim_web::french_day(essaim_store::now());
        let started = today.checked_sub(jiff::Span::new().months(2)).unwrap();
        sqlx::query("UPDATE monthly_gifts SET starts_on = $1").bind(started.to_string()).execute(app.store.pool()).await.unwrap();
        let provider = essaim_payment::PaymentProvider::Simulator { key: app.simulator_key(), form_url: app.url("/dons/simulateur") };
        essaim::donation_upkeep::run_once(&app.store, &provider, &app.base).await;
        assert_eq!(app.ledger_lines().await, 3);
        essaim::donation_upkeep::run_once(&app.store, &provider, &app.base).await;
        assert_eq!(app.ledger_lines().await, 3, "each instalment once");
        // The card expires this month: one reminder, once.
        let month = today.strftime("%Y-%m").to_string();
        sqlx::query("UPDATE monthly_gifts SET card_expires = $1").bind(&month).execute(app.store.pool()).await.unwrap();
        essaim::donation_upkeep::run_once(&app.store, &provider, &app.base).await;
        essaim::donation_upkeep::run_once(&app.store, &provider, &app.base).await;
        let mails = app.mail_when_idle("chaque-mois@exemple.fr").await;
        assert_eq!(mails.iter().filter(|m| m.text.contains("expire fin ")).count(), 1);
        assert_eq!(mails.iter().filter(|m| m.text.contains("Nous avons bien reçu votre don mensuel")).count(), 3, "an acknowledgement per instalment");
    }

    async fn a_refused_payment_records_nothing_in_the_ledger(app: Tcp) {
        let visitor = app.browser();
        let (_, payment_page) = app.give(&visitor, &donation_fields("refus@exemple.fr", "50", "ponctuel")).await;
        let (status, back) = pay_on_simulator(&app, &visitor, &payment_page, "refuser").await;
        assert_eq!(status, 303);
        let (_, page) = app.get(&visitor, back.trim_start_matches(&app.base)).await;
        assert!(page.contains("Paiement non abouti"), "{page}");
        assert_eq!(app.ledger_lines().await, 0);
    }

    async fn the_simulator_decision_needs_the_visitor_token(app: Tcp) {
        let visitor = app.browser();
        let (_, payment_page) = app.give(&visitor, &donation_fields("jeton-don@exemple.fr", "10", "ponctuel")).await;
        let response = visitor.post(app.url("/dons/simulateur")).form(&hidden_fields(&payment_page)).send().await.unwrap();
        let simulator = response.text().await.unwrap();
        let mut fields = hidden_fields(&simulator);
        fields.push(("decision".into(), "accepter".into()));
        let response = visitor.post(app.url("/dons/simulateur/decision")).form(&fields).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 403, "no token, no decision");
        let stranger = app.browser();
        let (_, other) = app.get(&stranger, "/dons").await;
        let mut forged = fields.clone();
        forged.push(("csrf".into(), csrf_token_in(&other)));
        let response = visitor.post(app.url("/dons/simulateur/decision")).form(&forged).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 403, "another visitor's token, no decision");
        assert_eq!(app.ledger_lines().await, 0);
        let mut tampered = hidden_fields(&payment_page);
        for (name, value) in tampered.iter_mut() {
            if name == "vads_amount" {
                *value = "1".into();
            }
        }
        let response = visitor.post(app.url("/dons/simulateur")).form(&tampered).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 400, "a form whose signature does not hold is refused, as the provider would");
    }

    async fn notifications_are_checked_and_counted_once(app) {
        let visitor = app.browser();
        let (_, payment_page) = app.give(&visitor, &donation_fields("ipn@exemple.fr", "20", "ponctuel")).await;
        let ipn = app.provider_answer(&payment_page, Decision::Accept);

        let mut forged = ipn.clone();
        for (name, value) in forged.iter_mut() {
            if name == "vads_amount" || name == "vads_effective_amount" {
                *value = "200000".into();
            }
        }
        assert_eq!(app.notify(&forged).await.0, 400, "a bad signature is refused");
        assert_eq!(app.ledger_lines().await, 0, "and nothing is recorded");

        assert_eq!(app.notify(&ipn).await.0, 200);
        assert_eq!(app.ledger_lines().await, 1);
        assert_eq!(app.notify(&ipn).await.0, 200, "a replay is acknowledged");
        let retry = resent_ipn(&ipn, CheckSource::Retry, &app.simulator_key());
        assert_eq!(app.notify(&retry).await.0, 200, "the provider's retry too");
        assert_eq!(app.ledger_lines().await, 1, "and neither records a second payment");

        // The same transaction, other content, signed: refused and logged.
        let mut changed: Vec<(String, String)> = ipn.iter().filter(|(n, _)| n.starts_with("vads_")).cloned().collect();
        for (name, value) in changed.iter_mut() {
            if name == "vads_cust_email" {
                *value = "autre@exemple.fr".into();
            }
        }
        let signature = essaim_payment::signature::sign(changed.iter().map(|(n, v)| (n, v)), &app.simulator_key());
        changed.push(("signature".into(), signature));
        assert_eq!(app.notify(&changed).await.0, 409);
        assert_eq!(app.ledger_lines().await, 1);
        let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM provider_notification_log WHERE outcome = 'contenu_modifie'")
            .fetch_one(app.store.pool()).await.unwrap();
        assert_eq!(logged, 1, "the changed replay is logged for staff");

        // No card data is kept: not in the processed notification, not in the log.
        let stored: Vec<String> = sqlx::query_scalar("SELECT fields FROM provider_transactions UNION ALL SELECT fields FROM provider_notification_log")
            .fetch_all(app.store.pool()).await.unwrap();
        assert!(ipn.iter().any(|(n, _)| n == "vads_card_number"), "the notification carried card fields");
        for fields in stored {
            assert!(fields.contains("vads_trans_uuid"));
            for card in ["card", "expiry", "497010", "bank"] {
                assert!(!fields.contains(card), "{card} stored in {fields}");
            }
        }

        // An order we never made.
        let order = ipn.iter().find(|(n, _)| n == "vads_order_id").unwrap().1.clone();
        let mut unknown: Vec<(String, String)> = ipn.iter().filter(|(n, _)| n.starts_with("vads_")).cloned().collect();
        for (name, value) in unknown.iter_mut() {
            match name.as_str() {
                "vads_order_id" => *value = "999999".into(),
                "vads_trans_uuid" => *value = "0123456789abcdef0123456789abcdef".into(),
                _ => {}
            }
        }
        let signature = essaim_payment::signature::sign(unknown.iter().map(|(n, v)| (n, v)), &app.simulator_key());
        unknown.push(("signature".into(), signature));
        assert_eq!(app.notify(&unknown).await.0, 404);

        // Refunds: of more than was paid, of nothing, then of the payment.
        let refund = |order_id: &str, cents: i64, n: u64| refund_ipn(&Refund {
            site_id: SIMULATOR_SITE_ID.into(),
            order_id: order_id.into(),
            amount_cents: cents,
            trans_id: TransId::from_sequence(n),
            trans_date: time::OffsetDateTime::now_utc(),
        }, &app.simulator_key());
        assert_eq!(app.notify(&refund(&order, 2001, 1)).await.0, 422, "a refund of more than was paid");
        assert_eq!(app.notify(&refund("999998", 2000, 2)).await.0, 422, "a refund of an unknown order");
        assert_eq!(app.ledger_lines().await, 1);
        assert_eq!(app.notify(&refund(&order, 2000, 3)).await.0, 200);
        let lines: Vec<i64> = sqlx::query_scalar("SELECT amount_cents FROM payments ORDER BY id").fetch_all(app.store.pool()).await.unwrap();
        assert_eq!(lines, vec![2000, -2000], "the refund is a line of its own");
        let _ = app.wait_for_mail_with("ipn@exemple.fr", "Remboursement").await;
    }

    async fn twenty_notifications_at_once_make_one_payment(app: Tcp) {
        let visitor = app.browser();
        let (_, payment_page) = app.give(&visitor, &donation_fields("vingt@exemple.fr", "20", "ponctuel")).await;
        let ipn = app.provider_answer(&payment_page, Decision::Accept);
        let client = reqwest::Client::new();
        let sends = (0..20).map(|_| client.post(app.url("/dons/notification")).form(&ipn).send());
        for response in futures_util::future::join_all(sends).await {
            assert_eq!(response.unwrap().status().as_u16(), 200);
        }
        assert_eq!(app.ledger_lines().await, 1);
        let processed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM provider_transactions").fetch_one(app.store.pool()).await.unwrap();
        assert_eq!(processed, 1);
        let mails = app.mail_when_idle("vingt@exemple.fr").await;
        assert_eq!(mails.iter().filter(|m| m.subject_is_about("Merci pour votre don")).count(), 1, "one acknowledgement");
    }

    async fn a_person_at_7400_euros_this_year_cannot_give_200(app) {
        cheque(&app, "proche@exemple.fr", "7400", "Louise", "75011").await;
        let visitor = app.browser();
        let (status, page) = app.give(&visitor, &donation_fields("proche@exemple.fr", "200", "ponctuel")).await;
        assert_eq!(status, 422);
        assert!(page.contains("Il vous reste 100\u{a0}€ possibles"), "{page}");
        assert!(page.contains("value=\"12 rue de la Commune\""), "what was typed is kept");
        // The same name at the same postal code, with another address: the same person.
        let (status, page) = app.give(&visitor, &donation_fields("autre-adresse@exemple.fr", "200", "ponctuel")).await;
        assert_eq!(status, 422, "{page}");
        let (status, _) = app.give(&visitor, &donation_fields("proche@exemple.fr", "100", "ponctuel")).await;
        assert_eq!(status, 200, "what remains can be given");
        let refusals: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cap_refusals").fetch_one(app.store.pool()).await.unwrap();
        assert_eq!(refusals, 2, "staff see the attempts over the cap");
    }

    async fn monthly_instalments_still_to_come_count_against_the_cap(app) {
        let visitor = app.signed_and_confirmed("mensuelle@exemple.fr").await;
        cheque(&app, "mensuelle@exemple.fr", "6000", "Louise", "75011").await;
        let (status, payment_page) = app.give(&visitor, &donation_fields("mensuelle@exemple.fr", "50", "mensuel")).await;
        assert_eq!(status, 200, "{payment_page}");
        assert_eq!(app.notify(&app.provider_answer(&payment_page, Decision::Accept)).await.0, 200);
        let scheduled = 50 * instalments_left_this_year();
        let remaining = 1500 - scheduled;
        let (status, page) = app.give(&visitor, &donation_fields("mensuelle@exemple.fr", &(remaining + 1).to_string(), "ponctuel")).await;
        assert_eq!(status, 422, "the instalments of the year count: {page}");
        let (status, page) = app.give(&visitor, &donation_fields("mensuelle@exemple.fr", &remaining.to_string(), "ponctuel")).await;
        assert_eq!(status, 200, "{page}");
    }

    async fn who_may_give_is_checked_on_the_same_form(app) {
        let visitor = app.browser();
        let mut fields = donation_fields("etrangere@exemple.fr", "20", "ponctuel");
        fields.retain(|(n, _)| *n != "nationality" && *n != "sworn");
        fields.push(("nationality", "autre"));
        let (status, page) = app.give(&visitor, &fields).await;
        assert_eq!(status, 422);
        assert!(page.contains("résident fiscal en France"), "{page}");
        assert!(page.contains("Cette attestation est exigée par la loi"), "the sworn statement is required");
        assert!(page.contains("value=\"etrangere@exemple.fr\""), "what was typed is kept");
        fields.push(("fiscal_resident", "1"));
        fields.push(("sworn", "1"));
        fields.retain(|(n, _)| *n != "country" && *n != "postal_code");
        fields.extend([("country", "DE"), ("postal_code", "10115")]);
        let (status, page) = app.give(&visitor, &fields).await;
        assert_eq!(status, 422);
        assert!(page.contains("doit résider en France"), "{page}");
        fields.retain(|(n, _)| *n != "country" && *n != "postal_code");
        fields.extend([("country", "RE"), ("postal_code", "97400")]);
        let (status, page) = app.give(&visitor, &fields).await;
        assert_eq!(status, 200, "overseas is France: {page}");
        let mut french_abroad = donation_fields("expatriee@exemple.fr", "20", "ponctuel");
        french_abroad.retain(|(n, _)| *n != "country" && *n != "postal_code");
        french_abroad.extend([("country", "DE"), ("postal_code", "10115")]);
        assert_eq!(app.give(&visitor, &french_abroad).await.0, 200, "a French national may give from abroad");
        let (status, page) = app.give(&visitor, &donation_fields("moins@exemple.fr", "0,50", "ponctuel")).await;
        assert_eq!(status, 422);
        assert!(page.contains("Le don minimum est de 1\u{a0}€"), "{page}");
    }

    async fn a_monthly_gift_without_a_session_waits_for_the_email(app) {
        let visitor = app.browser();
        let (status, page) = app.give(&visitor, &donation_fields("par-mail@exemple.fr", "10", "mensuel")).await;
        assert_eq!(status, 200);
        assert!(page.contains("Confirmez votre don mensuel par email"), "{page}");
        assert!(!page.contains("vads_"), "no payment form before the email is confirmed");
        let mail = app.wait_for_mail_with("par-mail@exemple.fr", "/dons/confirmer").await;
        let link = mail.link_path("/dons/confirmer");
        let (status, page) = app.get(&visitor, &link).await;
        assert_eq!(status, 200);
        let jeton = link.split("jeton=").nth(1).unwrap().to_string();
        let form = [("csrf", csrf_token_in(&page)), ("jeton", jeton)];
        let response = visitor.post(app.url("/dons/confirmer")).form(&form).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        let payment_page = response.text().await.unwrap();
        assert!(payment_page.contains("REGISTER_SUBSCRIBE"), "{payment_page}");
        assert_eq!(app.notify(&app.provider_answer(&payment_page, Decision::Accept)).await.0, 200);
        let active: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM monthly_gifts WHERE status = 'active'").fetch_one(app.store.pool()).await.unwrap();
        assert_eq!(active, 1);
        let _ = app.wait_for_mail_with("par-mail@exemple.fr", "don mensuel de 10").await;
    }

    async fn one_monthly_gift_per_person_replaced_or_stopped_in_one_click(app) {
        let visitor = app.signed_and_confirmed("une-seule@exemple.fr").await;
        let (_, payment_page) = app.give(&visitor, &donation_fields("une-seule@exemple.fr", "10", "mensuel")).await;
        assert!(payment_page.contains("REGISTER_SUBSCRIBE"), "logged in with this address: straight to payment");
        assert_eq!(app.notify(&app.provider_answer(&payment_page, Decision::Accept)).await.0, 200);
        let (status, page) = app.give(&visitor, &donation_fields("une-seule@exemple.fr", "20", "mensuel")).await;
        assert_eq!(status, 422);
        assert!(page.contains("cochez la case pour le remplacer"), "{page}");
        let mut fields = donation_fields("une-seule@exemple.fr", "20", "mensuel");
        fields.push(("replace_monthly", "1"));
        let (status, payment_page) = app.give(&visitor, &fields).await;
        assert_eq!(status, 200, "{payment_page}");
        assert_eq!(app.notify(&app.provider_answer(&payment_page, Decision::Accept)).await.0, 200);
        let statuses: Vec<String> = sqlx::query_scalar("SELECT status FROM monthly_gifts ORDER BY id").fetch_all(app.store.pool()).await.unwrap();
        assert_eq!(statuses, vec!["replaced", "active"]);

        // An instalment refused by the bank: the donor is told, staff see it.
        let (subscription, token, gift): (String, String, i64) = sqlx::query_as("SELECT provider_subscription, provider_token, gift_id FROM monthly_gifts WHERE status = 'active'").fetch_one(app.store.pool()).await.unwrap();
        let refused = essaim_payment::ipn::instalment_ipn(&essaim_payment::Instalment {
            site_id: SIMULATOR_SITE_ID.into(),
            order_id: gift.to_string(),
            subscription,
            identifier: token,
            amount_cents: 2000,
            recurrence_number: 1,
            trans_id: TransId::from_sequence(7),
            trans_date: time::OffsetDateTime::now_utc(),
            decision: Decision::Refuse,
        }, &app.simulator_key());
        assert_eq!(app.notify(&refused).await.0, 200);
        assert_eq!(app.ledger_lines().await, 0, "a refused instalment is not a payment");
        let _ = app.wait_for_mail_with("une-seule@exemple.fr", "a été refusé par votre banque").await;
        let staff = app.signed_and_confirmed("equipe@exemple.fr").await;
        assert!(app.store.grant_staff_role("equipe@exemple.fr", essaim_domain::staff::StaffRole::Admin, essaim_store::now()).await.unwrap());
        let (_, ledger) = app.get(&staff, "/admin/dons").await;
        let failures = ledger.split("Mensualités refusées").nth(1).unwrap();
        assert!(failures.contains("une-seule@exemple.fr"), "{ledger}");

        let (_, space) = app.get(&visitor, "/mon-espace").await;
        assert!(space.contains("Don mensuel : <strong>20\u{a0}€</strong>"), "{space}");
        let id: i64 = sqlx::query_scalar("SELECT id FROM monthly_gifts WHERE status = 'active'").fetch_one(app.store.pool()).await.unwrap();
        let form = [("csrf", csrf_token_in(&space)), ("id", id.to_string())];
        let response = visitor.post(app.url("/mon-espace/don-mensuel/arreter")).form(&form).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 303);
        let back = response.headers()["location"].to_str().unwrap().to_string();
        let (_, space) = app.get(&visitor, &back).await;
        assert!(space.contains("Votre don mensuel est arrêté"), "{space}");
        assert!(!space.contains("Arrêter mon don mensuel"));
        let _ = app.wait_for_mail_with("une-seule@exemple.fr", "plus aucun prélèvement ne sera fait").await;
    }
}

/// The campaign regime, and the home page's total, need their own configuration.
mod configured {
    use super::*;

    both_backends! {
        async fn with_systempay_configured_the_payment_page_posts_to_it(backend: backend) {
            let Some(app) = TestApp::spawn_with(backend, |config| {
                config.donations.systempay = Some(essaim::donations_config::SystempaySettings {
                    site_id: "12345678".into(),
                    key: "0123456789ABCDEF".into(),
                    mode: "TEST".into(),
                    rest_password: String::new(),
                    form_url: None,
                    api_url: None,
                });
                config.donations.legal_notice = Some("Dons recueillis par Mme Jeanne Dupont, mandataire.\n\nSecond paragraphe des mentions.".into());
            }).await else { return };
            let visitor = app.browser();
            let response = visitor.get(app.url("/dons")).send().await.unwrap();
            let policy = response.headers()["content-security-policy"].to_str().unwrap().to_string();
            assert!(policy.contains("form-action 'self' https://paiement.systempay.fr"), "{policy}");
            let form = response.text().await.unwrap();
            assert!(!form.contains("mode paiement de test"), "no test banner with a real provider");
            assert!(form.contains("<p>Dons recueillis par Mme Jeanne Dupont, mandataire.</p>") && form.contains("<p>Second paragraphe des mentions.</p>"), "the configured legal notice, paragraph by paragraph: {form}");
            let (status, page) = app.give(&visitor, &donation_fields("vraie@exemple.fr", "20", "ponctuel")).await;
            assert_eq!(status, 200);
            assert!(page.contains("action=\"https://paiement.systempay.fr/vads-payment/\""), "{page}");
            let fields = hidden_fields(&page);
            let field = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone()).unwrap_or_default();
            assert_eq!(field("vads_site_id"), "12345678");
            assert_eq!(field("vads_ctx_mode"), "TEST");
            assert_eq!(field("vads_amount"), "2000");
            assert_eq!(field("vads_url_check"), app.url("/dons/notification").replace(&app.base, "http://essaim.localhost"));
            assert!(essaim_payment::signature::verify(fields.iter().filter(|(n, _)| n != "signature").map(|(n, v)| (n, v)), "0123456789ABCDEF", &field("signature")));
            let response = visitor.post(app.url("/dons/simulateur")).form(&fields).send().await.unwrap();
            assert_eq!(response.status().as_u16(), 404, "no simulator when a provider is configured");
            // Its notification, signed with the shop's key, is recorded.
            let ipn = essaim_payment::ipn::signed_ipn(&fields, Decision::Accept, "0123456789ABCDEF");
            assert_eq!(app.notify(&ipn).await.0, 200);
            assert_eq!(app.ledger_lines().await, 1);
        }

        async fn a_replaced_subscription_the_provider_did_not_cancel_is_shown_to_staff(backend: backend) {
            let Some(app) = TestApp::spawn_with(backend, |config| {
                config.donations.systempay = Some(essaim::donations_config::SystempaySettings {
                    site_id: "12345678".into(),
                    key: "0123456789ABCDEF".into(),
                    mode: "TEST".into(),
                    rest_password: "secret".into(),
                    form_url: None,
                    // Nobody listens there: the cancel call fails.
                    api_url: Some("http://127.0.0.1:9/api-payment/V4/".into()),
                });
            }).await else { return };
            let visitor = app.signed_and_confirmed("remplace@exemple.fr").await;
            let (_, first) = app.give(&visitor, &donation_fields("remplace@exemple.fr", "10", "mensuel")).await;
            let ipn = essaim_payment::ipn::signed_ipn(&hidden_fields(&first), Decision::Accept, "0123456789ABCDEF");
            assert_eq!(app.notify(&ipn).await.0, 200);
            let old: String = sqlx::query_scalar("SELECT provider_subscription FROM monthly_gifts").fetch_one(app.store.pool()).await.unwrap();
            let mut fields = donation_fields("remplace@exemple.fr", "20", "mensuel");
            fields.push(("replace_monthly", "1"));
            let (_, second) = app.give(&visitor, &fields).await;
            let ipn = essaim_payment::ipn::signed_ipn(&hidden_fields(&second), Decision::Accept, "0123456789ABCDEF");
            assert_eq!(app.notify(&ipn).await.0, 200, "the new monthly gift is recorded all the same");
            let staff = app.signed_and_confirmed("equipe@exemple.fr").await;
            assert!(app.store.grant_staff_role("equipe@exemple.fr", essaim_domain::staff::StaffRole::Admin, essaim_store::now()).await.unwrap());
            let (_, ledger) = app.get(&staff, "/admin/dons").await;
            let rejected = ledger.split("Notifications du prestataire non traitées").nth(1).unwrap();
            assert!(rejected.contains(&old) && rejected.contains("arrêtez-le dans son back-office"), "{rejected}");
        }

        async fn the_home_page_shows_the_total_raised_when_configured(backend: backend) {
            let Some(app) = TestApp::spawn_with(backend, |config| config.donations.show_total_on_home = true).await else { return };
            app.paid_gift("accueil@exemple.fr", "50").await;
            let visitor = app.browser();
            let started = std::time::Instant::now();
            loop {
                let (_, home) = app.get(&visitor, "/").await;
                if home.contains("50\u{a0}€ reçus en dons") {
                    break;
                }
                assert!(started.elapsed().as_secs() < 20, "the total is never shown: {home}");
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
            let Some(plain) = TestApp::spawn(backend).await else { return };
            let (_, home) = plain.get(&plain.browser(), "/").await;
            assert!(!home.contains("reçus en dons"), "not shown unless configured");
        }

        async fn campaign_gifts_are_capped_per_election_and_taken_inside_the_window(backend: backend) {
            let today = essaim_web::french_day(essaim_store::now());
            let election = today.checked_add(jiff::Span::new().months(3)).unwrap();
            let Some(app) = TestApp::spawn_with(backend, |config| {
                config.donations.regime = "campaign".into();
                config.donations.election = Some(election.to_string());
            }).await else { return };
            cheque(&app, "campagne@exemple.fr", "4500", "Louise", "75011").await;
            let visitor = app.browser();
            let (status, page) = app.give(&visitor, &donation_fields("campagne@exemple.fr", "200", "ponctuel")).await;
            assert_eq!(status, 422);
            assert!(page.contains("4\u{202f}600\u{a0}€ pour cette élection") && page.contains("Il vous reste 100\u{a0}€"), "{page}");

            let far = today.checked_add(jiff::Span::new().months(9)).unwrap();
            let Some(early) = TestApp::spawn_with(backend, |config| {
                config.donations.regime = "campaign".into();
                config.donations.election = Some(far.to_string());
            }).await else { return };
            let visitor = early.browser();
            let (_, form) = early.get(&visitor, "/dons").await;
            assert!(form.contains("seront reçus à partir du"), "the window is not open yet");
            let (status, page) = early.give(&visitor, &donation_fields("tot@exemple.fr", "20", "ponctuel")).await;
            assert_eq!(status, 422, "{page}");
            assert_eq!(early.ledger_lines().await, 0);
        }
    }
}

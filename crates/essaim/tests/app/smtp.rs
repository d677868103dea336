//! Delivery through SMTP, against the stand-in relay (`essaim-smtp-sink`): a real SMTP
//! conversation; a relay that refuses some messages, and a restart in the middle, which must
//! neither lose an email nor send one twice; a relay that is down; a recipient refused for
//! good, which becomes a dead letter staff can send again. The app is served on a port, as in
//! production: its own outbox worker delivers, and a restart stops and starts it.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use essaim_smtp_sink::{Sink, SinkConfig};
use sqlx::Row;

use crate::support::{both_backends, csrf_token_in, valid_signature, Mail, TestApp};

/// Waits until `done` holds, or fails with `what`.
async fn eventually(what: &str, seconds: u64, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while !done() {
        assert!(Instant::now() < deadline, "timed out: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Signs `emails` through the sign-up form, several at a time, and checks each was answered.
async fn sign_all(app: &TestApp, emails: &[String]) {
    let client = app.browser();
    let (_, home) = app.get(&client, "/").await;
    let token = csrf_token_in(&home);
    let mut tasks = Vec::new();
    for chunk in emails.chunks(emails.len().div_ceil(16)) {
        let (client, url, token, chunk) = (
            client.clone(),
            app.url("/signer"),
            token.clone(),
            chunk.to_vec(),
        );
        tasks.push(tokio::spawn(async move {
            for email in chunk {
                let mut form = valid_signature(&email);
                form.push(("csrf", &token));
                let response = client.post(&url).form(&form).send().await.unwrap();
                assert_eq!(response.status(), 200, "signature of {email}");
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
}

both_backends! {
async fn confirmation_emails_go_out_through_smtp(backend: backend) {
    let sink = Sink::start(SinkConfig { keep_text: true, ..SinkConfig::default() }).await.unwrap();
    let Some(app) = TestApp::serve_with(backend, |config| {
        config.mail.smtp_url = Some(sink.url());
    })
    .await else { return };
    let (status, _) = app.sign(&app.browser(), "smtp@exemple.fr").await;
    assert_eq!(status, 200);
    eventually("the email reaches the relay", 10, || sink.accepted_count() >= 1).await;
    let accepted = sink.accepted();
    assert_eq!(accepted.len(), 1, "one email delivered over SMTP");
    assert_eq!(accepted[0].recipients, ["smtp@exemple.fr"]);
    let text = accepted[0].text.clone().unwrap();
    assert!(text.contains("To: smtp@exemple.fr"));
    assert!(text.contains("Message-ID: <essaim."), "a stable message id");
    assert!(text.contains("/signature/confirmer?jeton=") || text.contains("/signature/confirme="));
    assert!(text.contains("text/html"), "an HTML part beside the text");
}

async fn five_hundred_emails_are_each_delivered_once_despite_refusals_and_a_restart(backend: backend) {
    // A slow relay (20 ms a message on 4 connections: at most 200 a second) that refuses one
    // message in ten with "try again later": the restart comes while most emails still wait.
    let sink = Sink::start(SinkConfig {
        refuse_every: Some(10),
        delay: Duration::from_millis(20),
        ..SinkConfig::default()
    })
    .await
    .unwrap();
    let Some(mut app) = TestApp::serve_with(backend, |config| {
        config.mail.smtp_url = Some(sink.url());
        config.mail.connections = 4;
        config.mail.batch = 50;
        config.mail.retry_base_secs = 1;
    })
    .await else { return };
    let emails: Vec<String> = (0..500).map(|i| format!("lot-{i}@exemple.fr")).collect();
    sign_all(&app, &emails).await;

    app.restart().await;
    let delivered_before_restart = sink.accepted_count();
    assert!(
        delivered_before_restart < 450,
        "the restart must come while emails still wait ({delivered_before_restart} delivered before it)"
    );

    eventually("every email delivered after the restart", 60, || sink.accepted_count() >= 500).await;
    // Anything sent twice would arrive now.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mut received: HashMap<String, usize> = HashMap::new();
    for accepted in sink.accepted() {
        for recipient in accepted.recipients {
            *received.entry(recipient).or_default() += 1;
        }
    }
    let twice: Vec<_> = received.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "emails delivered more than once: {twice:?}");
    let missing: Vec<_> = emails.iter().filter(|e| !received.contains_key(*e)).collect();
    assert!(missing.is_empty(), "emails never delivered: {missing:?}");
    assert_eq!(received.len(), 500);
    assert!(sink.refused_count() >= 50, "the relay refused one in ten: {}", sink.refused_count());
    let counts = app.store.outbox_counts().await.unwrap();
    assert_eq!((counts.queued, counts.dead), (0, 0), "nothing left waiting, nothing given up");
    eprintln!(
        "{delivered_before_restart} delivered before the restart, {} refused and tried again",
        sink.refused_count()
    );
}

async fn an_unreachable_relay_holds_emails_back_and_they_go_out_when_it_is_back(backend: backend) {
    // A port where nothing listens yet: the relay is down.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let Some(app) = TestApp::serve_with(backend, |config| {
        config.mail.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    })
    .await else { return };
    let (status, _) = app.sign(&app.browser(), "panne@exemple.fr").await;
    assert_eq!(status, 200);
    let person = app.store.find_person_by_email("panne@exemple.fr").await.unwrap().expect("signature kept");
    let outbox_row = || async {
        sqlx::query("SELECT attempts, next_attempt_at, sent_at, last_error, dead_at FROM outbox WHERE person_id = $1")
            .bind(person.id.get())
            .fetch_one(app.store.pool())
            .await
            .unwrap()
    };
    let mut row = None;
    for _ in 0..200 {
        let found = outbox_row().await;
        if found.try_get::<Option<String>, _>("last_error").unwrap().is_some() {
            row = Some(found);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let row = row.expect("the failure is recorded for staff");
    assert!(row.try_get::<String, _>("last_error").unwrap().contains("impossible"));
    assert_eq!(row.try_get::<i64, _>("attempts").unwrap(), 0, "a relay that is down spends no attempt of the email");
    assert_eq!(row.try_get::<Option<i64>, _>("sent_at").unwrap(), None, "not marked sent");
    assert_eq!(row.try_get::<Option<i64>, _>("dead_at").unwrap(), None, "not given up on");

    // The relay comes back: the email goes out after a short pause, not half a minute later.
    let sink = Sink::start_on(&format!("127.0.0.1:{port}"), SinkConfig::default(), None).await.unwrap();
    eventually("the email once the relay is back", 15, || sink.accepted_count() == 1).await;
    assert_eq!(sink.accepted()[0].recipients, ["panne@exemple.fr"]);
}

async fn a_recipient_refused_for_good_becomes_a_dead_letter_staff_can_send_again(backend: backend) {
    let sink = Sink::start(SinkConfig {
        unknown_recipients: vec!["inconnu@exemple.fr".into()],
        keep_text: true,
        ..SinkConfig::default()
    })
    .await
    .unwrap();
    let Some(app) = TestApp::serve_with(backend, |config| {
        config.mail.smtp_url = Some(sink.url());
    })
    .await else { return };
    let (status, _) = app.sign(&app.browser(), "inconnu@exemple.fr").await;
    assert_eq!(status, 200);
    let store = app.store.clone();
    let mut dead = Vec::new();
    for _ in 0..200 {
        dead = store.dead_letters(10).await.unwrap();
        if !dead.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(dead.len(), 1, "given up at once: a 5xx is not worth trying again");
    assert_eq!(dead[0].email, "inconnu@exemple.fr");
    assert_eq!(dead[0].attempts, 1);
    assert!(dead[0].last_error.as_deref().unwrap_or("").contains("550"), "{:?}", dead[0].last_error);

    // Staff see it and send it again.
    let staff = app.browser();
    app.sign(&staff, "equipe@exemple.fr").await;
    eventually("the staff member's email", 10, || sink.accepted_count() >= 1).await;
    let confirmation = Mail::from_raw(sink.accepted()[0].text.as_deref().unwrap());
    let (status, page) = app.confirm(&staff, &confirmation).await;
    assert_eq!(status, 200);
    assert!(page.contains("Votre signature est confirmée"));
    assert!(app.store.grant_staff_role("equipe@exemple.fr", essaim_domain::staff::StaffRole::Admin, essaim_store::now()).await.unwrap());
    let (status, page) = app.get(&staff, "/admin").await;
    assert_eq!(status, 200);
    assert!(page.contains("1</strong> email") && page.contains("/admin/emails"), "the dashboard counts dead letters");
    let (status, page) = app.get(&staff, "/admin/emails").await;
    assert_eq!(status, 200);
    assert!(page.contains("inconnu@exemple.fr") && page.contains("550"), "{page}");
    let id = dead[0].id.to_string();
    let (status, location, _) = app
        .post_form(&staff, "/admin/emails", "/admin/emails/renvoyer", &[("id", id.as_str())])
        .await;
    assert_eq!((status, location.as_str()), (303, "/admin/emails?renvoyes=1"));
    // Tried again (the relay still refuses it): attempted once more, dead again, its attempts
    // counted afresh.
    // (Not asserted at 1 first: the worker, woken by the retry, may already have tried.)
    eventually("the relay sees the address again", 10, || sink.unknown_recipient_count() == 2).await;
    let mut row = None;
    for _ in 0..200 {
        let found = sqlx::query("SELECT attempts, dead_at FROM outbox WHERE id = $1")
            .bind(dead[0].id.get())
            .fetch_one(store.pool())
            .await
            .unwrap();
        if found.try_get::<Option<i64>, _>("dead_at").unwrap().is_some() {
            row = Some(found);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let row = row.expect("a dead letter again");
    assert_eq!(row.try_get::<i64, _>("attempts").unwrap(), 1, "counted afresh after staff sent it again");
    assert!(sink.accepted().iter().all(|a| a.recipients != ["inconnu@exemple.fr"]));
}
}

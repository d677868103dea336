//! Delivery through SMTP: a real SMTP conversation with a minimal local server, and a server
//! that is down, which must delay emails, never lose signatures.

use std::sync::{Arc, Mutex};

use sqlx::Row;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use crate::support::{both_backends, TestApp};

/// Accepts every message and keeps its DATA; just enough SMTP for lettre to deliver.
async fn smtp_sink() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = Arc::new(Mutex::new(Vec::new()));
    let sink = received.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let sink = sink.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 test ESMTP\r\n").await.unwrap();
                let mut data: Option<String> = None;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(message) = data.as_mut() {
                        if line == "." {
                            sink.lock().unwrap().push(data.take().unwrap());
                            write.write_all(b"250 queued\r\n").await.unwrap();
                        } else {
                            message.push_str(&line);
                            message.push('\n');
                        }
                        continue;
                    }
                    let reply: &[u8] =
                        match line.get(..4).unwrap_or("").to_ascii_uppercase().as_str() {
                            "EHLO" => b"250-test\r\n250 8BITMIME\r\n",
                            "DATA" => {
                                data = Some(String::new());
                                b"354 go ahead\r\n"
                            }
                            "QUIT" => {
                                let _ = write.write_all(b"221 bye\r\n").await;
                                return;
                            }
                            _ => b"250 ok\r\n",
                        };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (port, received)
}

both_backends! {
async fn confirmation_emails_go_out_through_smtp(backend: backend) {
    let (port, received) = smtp_sink().await;
    let Some(app) = TestApp::spawn_with(backend, |config| {
        config.mail.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    })
    .await else { return };
    let (status, _) = app.sign(&TestApp::browser(), "smtp@exemple.fr").await;
    assert_eq!(status, 200);
    for _ in 0..200 {
        if !received.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let messages = received.lock().unwrap().clone();
    assert_eq!(messages.len(), 1, "one email delivered over SMTP");
    assert!(messages[0].contains("To: smtp@exemple.fr"));
    assert!(messages[0].contains("/signature/confirmer?jeton=") || messages[0].contains("/signature/confirme="));
    assert!(messages[0].contains("text/html"), "an HTML part beside the text");
}

async fn a_failed_delivery_keeps_the_signature_and_retries_later(backend: backend) {
    // Nothing listens on port 9 here: every delivery attempt is refused.
    let Some(app) = TestApp::spawn_with(backend, |config| {
        config.mail.smtp_url = Some("smtp://127.0.0.1:9".into());
    })
    .await else { return };
    let (status, _) = app.sign(&TestApp::browser(), "panne@exemple.fr").await;
    assert_eq!(status, 200);
    let person = app.store.find_person_by_email("panne@exemple.fr").await.unwrap().expect("signature kept");
    let mut row = None;
    for _ in 0..200 {
        let found = sqlx::query("SELECT attempts, next_attempt_at, sent_at, last_error FROM outbox WHERE person_id = $1")
            .bind(person.id)
            .fetch_one(app.store.pool())
            .await
            .unwrap();
        if found.try_get::<Option<String>, _>(3).unwrap().is_some() {
            row = Some(found);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let row = row.expect("the failure is recorded");
    assert_eq!(row.try_get::<i64, _>(0).unwrap(), 1);
    assert!(row.try_get::<i64, _>(1).unwrap() > essaim_store::now() + 10, "retried later, with backoff");
    assert_eq!(row.try_get::<Option<i64>, _>(2).unwrap(), None, "not marked sent");
}
}

//! `kill -9` in the middle of a burst of signatures: every signature that was answered 200 is
//! in the database afterwards. A 200 is sent only once the batch holding it has committed.

use std::net::TcpListener as StdListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use essaim_store::Store;

use crate::support::{both_backends, csrf_token_in, http_client, valid_signature, TestApp};

/// The server process; killed with SIGKILL by the test, and in any case when dropped.
pub(crate) struct Server(pub(crate) Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_server(database_url: &str, mail_dir: &std::path::Path) -> (Server, String) {
    start_server_with(database_url, mail_dir, &[])
}

/// The same, with more settings in the environment (`ESSAIM_MAIL__SMTP_URL`…).
pub(crate) fn start_server_with(
    database_url: &str,
    mail_dir: &std::path::Path,
    settings: &[(&str, &str)],
) -> (Server, String) {
    let port = StdListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_essaim"))
        .arg("serve")
        .env_remove("DATABASE_URL")
        .env("ESSAIM_BIND", format!("127.0.0.1:{port}"))
        .env("ESSAIM_DATABASE_URL", database_url)
        .env("ESSAIM_MAIL__FILE_DIR", mail_dir)
        .env("ESSAIM_LIMITS__SIGN_PER_MINUTE", "1000000")
        .env("ESSAIM_LIMITS__SIGN_PER_HOUR", "1000000")
        .env("RUST_LOG", "warn")
        .envs(settings.iter().copied())
        .stdout(Stdio::null())
        .spawn()
        .expect("the essaim binary starts");
    (Server(child), format!("http://127.0.0.1:{port}"))
}

both_backends! {
    async fn killing_the_server_mid_burst_loses_no_acknowledged_signature(backend: backend) {
        // The in-process app only provides a fresh, migrated database (and cleans it up); the
        // server is a process of its own, on a port, reached over TCP.
        let Some(app) = TestApp::spawn(backend).await else { return };
        let mail_dir = tempfile::tempdir().unwrap();
        let (mut server, base) = start_server(&app.database_url, mail_dir.path());

        let client = http_client();
        let deadline = Instant::now() + Duration::from_secs(30);
        let home = loop {
            if let Ok(response) = client.get(format!("{base}/")).send().await {
                break response.text().await.unwrap();
            }
            assert!(Instant::now() < deadline, "the server did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        let token = csrf_token_in(&home);

        let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
        let mut senders = Vec::new();
        for task in 0..32 {
            let (client, base, token, acknowledged) = (client.clone(), base.clone(), token.clone(), acknowledged.clone());
            senders.push(tokio::spawn(async move {
                for i in 0.. {
                    let email = format!("crash-{task}-{i}@exemple.fr");
                    let mut form = valid_signature(&email);
                    form.push(("csrf", &token));
                    match client.post(format!("{base}/signer")).form(&form).send().await {
                        Ok(response) if response.status() == 200 => acknowledged.lock().unwrap().push(email),
                        Ok(response) => panic!("unexpected status {}", response.status()),
                        // The server is gone: this request was never acknowledged.
                        Err(_) => return,
                    }
                }
            }));
        }
        tokio::time::sleep(Duration::from_millis(800)).await;
        server.0.kill().expect("SIGKILL");
        server.0.wait().unwrap();
        for sender in senders {
            sender.await.unwrap();
        }

        let acknowledged = acknowledged.lock().unwrap().clone();
        assert!(acknowledged.len() >= 50, "the burst was too small to prove anything: {}", acknowledged.len());
        let store = Store::connect(&app.database_url).await.unwrap();
        let mut lost = Vec::new();
        for email in &acknowledged {
            if store.find_person_by_email(email).await.unwrap().is_none() {
                lost.push(email.clone());
            }
        }
        eprintln!("{} acknowledged signatures before SIGKILL, {} lost", acknowledged.len(), lost.len());
        assert!(lost.is_empty(), "{} of {} acknowledged signatures lost: {lost:?}", lost.len(), acknowledged.len());
    }
}

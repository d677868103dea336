//! The SMTP senders: one task per connection to the relay, each sending one email at a time on
//! a connection it keeps open between emails (and closes after a quiet minute). With TCP_NODELAY
//! an email costs a few round trips, so a handful of connections keep up with the sign-ups.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::transport::smtp::client::AsyncSmtpConnection;
use tokio::sync::{mpsc, Mutex};
use tokio::task::JoinHandle;

use super::relay_health::RelayHealth;
use super::{Done, Job, Outcome};
use crate::message::to_wire;
use crate::smtp::{self, SmtpTarget};
use crate::DeliveryTuning;

/// A connection unused this long is closed (QUIT): relays drop idle clients anyway.
const IDLE_QUIT: Duration = Duration::from_secs(60);

pub(super) fn spawn(
    target: &SmtpTarget,
    from: &Mailbox,
    tuning: &DeliveryTuning,
    health: Arc<RelayHealth>,
    jobs: mpsc::Receiver<Job>,
    done: mpsc::UnboundedSender<Done>,
) -> Vec<JoinHandle<()>> {
    let jobs = Arc::new(Mutex::new(jobs));
    (0..tuning.connections.max(1))
        .map(|_| {
            let sender = Sender {
                target: target.clone(),
                from: from.clone(),
                timeout: tuning.timeout,
                health: health.clone(),
                connection: None,
            };
            tokio::spawn(sender.run(jobs.clone(), done.clone()))
        })
        .collect()
}

struct Sender {
    target: SmtpTarget,
    from: Mailbox,
    timeout: Duration,
    health: Arc<RelayHealth>,
    connection: Option<AsyncSmtpConnection>,
}

impl Sender {
    async fn run(
        mut self,
        jobs: Arc<Mutex<mpsc::Receiver<Job>>>,
        done: mpsc::UnboundedSender<Done>,
    ) {
        loop {
            let next = tokio::time::timeout(IDLE_QUIT, async { jobs.lock().await.recv().await });
            let job = match next.await {
                Ok(Some(job)) => job,
                // Closed: the worker is stopping and the queue is empty.
                Ok(None) => break,
                Err(_idle) => {
                    self.quit().await;
                    continue;
                }
            };
            let outcome = self.send(&job).await;
            let Job {
                id,
                attempts,
                permit,
                ..
            } = job;
            let _ = done.send(Done {
                id,
                attempts,
                outcome,
                permit,
            });
        }
        self.quit().await;
    }

    async fn send(&mut self, job: &Job) -> Outcome {
        // An address that cannot be written in a message will never be deliverable.
        let wire = match to_wire(&self.from, &job.email, job.message_id.clone()) {
            Ok(wire) => wire,
            Err(error) => {
                return Outcome::Failed {
                    error,
                    permanent: true,
                }
            }
        };
        if self.connection.as_ref().is_none_or(|c| c.has_broken()) {
            self.connection = None;
            // While the relay is known to be unreachable, the emails already handed to the
            // senders go back without knocking on its door again.
            if let Some(pause) = self.health.paused_for() {
                return Outcome::Unreachable {
                    error: "relais SMTP injoignable : envoi suspendu un moment".into(),
                    pause,
                };
            }
            match smtp::open(&self.target, self.timeout).await {
                Ok(connection) => self.connection = Some(connection),
                Err(error) => {
                    let pause = self.health.unreachable();
                    tracing::warn!(%error, ?pause, "the SMTP relay cannot be reached; delivery pauses");
                    return Outcome::Unreachable { error, pause };
                }
            }
        }
        let connection = self.connection.as_mut().expect("opened above");
        let sent =
            tokio::time::timeout(self.timeout, connection.send(&wire.envelope, &wire.bytes)).await;
        // Any answer, even a refusal of this email, proves the relay is there.
        if sent.is_ok() {
            self.health.reachable();
        }
        match sent {
            Ok(Ok(_)) => Outcome::Sent,
            Ok(Err(error)) => {
                if connection.has_broken() {
                    self.connection = None;
                }
                Outcome::Failed {
                    permanent: smtp::is_permanent_refusal(&error),
                    error: format!("le relais SMTP a refusé l'email : {error}"),
                }
            }
            Err(_) => {
                // Mid-conversation: the connection is unusable, drop it (closes the socket).
                self.connection = None;
                Outcome::Failed {
                    error: "le relais SMTP n'a pas répondu à temps".into(),
                    permanent: false,
                }
            }
        }
    }

    async fn quit(&mut self) {
        if let Some(mut connection) = self.connection.take() {
            let _ = tokio::time::timeout(Duration::from_secs(5), connection.quit()).await;
        }
    }
}

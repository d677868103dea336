//! The dispatcher: claims due emails as room frees up among the emails in flight, composes
//! them and hands them to the senders. Emails to a domain over its rate go back to the outbox,
//! due when the domain may take more.

use std::sync::Arc;
use std::time::Duration;

use essaim_domain::ids::EmailId;
use essaim_store::outbox::{EmailKind, PendingEmail};
use essaim_store::{now, Store};
use lettre::message::Mailbox;
use tokio::sync::{mpsc, watch, OwnedSemaphorePermit, Semaphore};

use super::letter::letter_for;
use super::relay_health::RelayHealth;
use super::throttle::{DomainThrottle, MailingPace};
use super::{Done, Job, Outcome, Until};
use crate::message::message_id;
use crate::Links;

pub(super) struct Dispatcher {
    pub store: Store,
    pub links: Links,
    pub from: Mailbox,
    pub throttle: DomainThrottle,
    pub mailing_pace: MailingPace,
    pub claimer: String,
    pub claim_lease_secs: i64,
    pub health: Arc<RelayHealth>,
    pub batch: usize,
    pub poll: Duration,
    pub until: Until,
    pub permits: Arc<Semaphore>,
    pub jobs: mpsc::Sender<Job>,
    pub done: mpsc::UnboundedSender<Done>,
}

/// Emails put back because their domain is over its rate, and when to try them again.
#[derive(Default)]
struct Deferred {
    ids: Vec<EmailId>,
    longest_wait: Duration,
}

impl Dispatcher {
    /// Runs until `stopped` turns true (or its sender is gone).
    pub async fn run(self, mut stopped: watch::Receiver<bool>) {
        // A claim is a write to the database: wait until a quarter of a batch can be taken
        // rather than claiming one email at a time as each one is delivered.
        let smallest_claim = (self.batch / 4).max(1) as u32;
        loop {
            if *stopped.borrow() {
                return;
            }
            if let Some(pause) = self.health.paused_for() {
                tokio::select! {
                    _ = tokio::time::sleep(pause) => {}
                    _ = stopped.changed() => return,
                }
                continue;
            }
            let mut room = tokio::select! {
                permits = self.permits.clone().acquire_many_owned(smallest_claim) => {
                    permits.expect("the semaphore is never closed")
                }
                _ = stopped.changed() => return,
            };
            let more = self
                .permits
                .available_permits()
                .min(self.batch.saturating_sub(room.num_permits()));
            if more > 0 {
                if let Ok(extra) = self.permits.clone().try_acquire_many_owned(more as u32) {
                    room.merge(extra);
                }
            }
            match self
                .store
                .claim_due_emails(
                    &self.claimer,
                    now(),
                    room.num_permits() as i64,
                    self.claim_lease_secs,
                )
                .await
            {
                Ok(claimed) if claimed.is_empty() => {
                    drop(room);
                    if self.until == Until::Idle {
                        return;
                    }
                    tokio::select! {
                        _ = self.store.outbox_signalled() => {}
                        _ = tokio::time::sleep(self.poll) => {}
                        _ = stopped.changed() => return,
                    }
                }
                Ok(claimed) => self.dispatch(claimed, room).await,
                Err(error) => {
                    tracing::error!(%error, "the outbox worker could not claim emails");
                    drop(room);
                    tokio::select! {
                        _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                        _ = stopped.changed() => return,
                    }
                }
            }
        }
    }

    async fn dispatch(&self, claimed: Vec<PendingEmail>, mut room: OwnedSemaphorePermit) {
        let mut deferred = Deferred::default();
        for pending in claimed {
            let permit = room
                .split(1)
                .expect("no more emails claimed than permits held");
            if pending.kind == EmailKind::Mailing {
                if let Err(wait) = self.mailing_pace.check() {
                    deferred.ids.push(pending.id);
                    deferred.longest_wait = deferred.longest_wait.max(wait);
                    continue;
                }
            }
            let letter = match letter_for(&self.store, &self.links, &pending).await {
                Ok(Some(email)) => email,
                // Nothing to say any more: done, as if sent.
                Ok(None) => {
                    self.finish(&pending, Outcome::Sent, permit);
                    continue;
                }
                Err(error) => {
                    let outcome = Outcome::Failed {
                        error: error.to_string(),
                        permanent: false,
                    };
                    self.finish(&pending, outcome, permit);
                    continue;
                }
            };
            if let Err(wait) = self.throttle.check(domain_of(&letter.to)) {
                deferred.ids.push(pending.id);
                deferred.longest_wait = deferred.longest_wait.max(wait);
                continue;
            }
            let job = Job {
                id: pending.id,
                attempts: pending.attempts,
                message_id: message_id(&self.from, pending.id, pending.created_at),
                email: letter,
                permit,
            };
            if self.jobs.send(job).await.is_err() {
                // The senders are gone (shutting down): what remains is handed back at the end.
                return;
            }
        }
        if !deferred.ids.is_empty() {
            let due = now() + deferred.longest_wait.as_secs().max(1) as i64;
            if let Err(error) = self.store.hold_back_emails(&deferred.ids, due, None).await {
                tracing::warn!(%error, "could not put back emails over their domain's rate; they go out when their lease ends");
            }
        }
    }

    fn finish(&self, pending: &PendingEmail, outcome: Outcome, permit: OwnedSemaphorePermit) {
        let _ = self.done.send(Done {
            id: pending.id,
            attempts: pending.attempts,
            outcome,
            permit,
        });
    }
}

/// The part after the last `@`, lower-cased by the throttle.
fn domain_of(address: &str) -> &str {
    address.rsplit_once('@').map_or("", |(_, domain)| domain)
}

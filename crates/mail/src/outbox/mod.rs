//! The outbox worker: claims due emails in batches, composes them from the person's current
//! data, delivers them over a pool of SMTP connections (or into the mbox file), and records
//! the outcomes in batches. Runs in every app instance; claims keep instances apart.
//!
//! The stages overlap, so that no one waits for another: the dispatcher claims the next batch
//! while the senders deliver the previous one, and the recorder marks what was delivered in
//! one statement per batch. A semaphore bounds the emails in flight (two batches), which is
//! also how far the dispatcher runs ahead of the senders.

mod dispatch;
mod letter;
mod local_sender;
mod recorder;
mod relay_health;
mod smtp_senders;
mod throttle;

use std::sync::Arc;

use essaim_domain::ids::EmailId;
use essaim_store::Store;
use lettre::message::Mailbox;
use tokio::sync::{mpsc, watch, OwnedSemaphorePermit, Semaphore};

use crate::compose::Email;
use crate::mbox::MboxFile;
use crate::smtp::SmtpTarget;
use crate::{DeliveryTuning, Links, MailConfig, Mailbag};

/// Where emails go.
#[derive(Debug, Clone)]
pub enum Delivery {
    Smtp(SmtpTarget),
    Mbox(MboxFile),
    /// Kept in memory (tests): never named by the configuration.
    Memory(Mailbag),
}

impl Delivery {
    /// The delivery and the sender's address named by the configuration.
    pub fn from_config(config: &MailConfig) -> Result<(Self, Mailbox), String> {
        let from: Mailbox = config
            .from
            .parse()
            .map_err(|e| format!("adresse d'expédition invalide « {} » : {e}", config.from))?;
        let delivery = match &config.smtp_url {
            Some(url) => Self::Smtp(SmtpTarget::parse(url)?),
            None => Self::Mbox(MboxFile::in_dir(&config.file_dir)?),
        };
        Ok((delivery, from))
    }
}

/// One email on its way to a sender, holding its place among the emails in flight.
struct Job {
    id: EmailId,
    /// Attempts so far, this one included.
    attempts: i64,
    email: Email,
    message_id: String,
    permit: OwnedSemaphorePermit,
}

/// What became of one claimed email.
struct Done {
    id: EmailId,
    /// Attempts so far, this one included.
    attempts: i64,
    outcome: Outcome,
    /// Released once the outcome is recorded.
    permit: OwnedSemaphorePermit,
}

enum Outcome {
    Sent,
    Failed {
        error: String,
        permanent: bool,
    },
    /// The relay could not be reached: not the email's fault, its attempt is not spent; it
    /// is held back until the pause ends.
    Unreachable {
        error: String,
        pause: std::time::Duration,
    },
}

#[derive(Clone)]
pub struct OutboxWorker {
    store: Store,
    delivery: Delivery,
    from: Mailbox,
    links: Links,
    tuning: DeliveryTuning,
}

/// The running worker; `shutdown` stops it cleanly.
pub struct OutboxHandle {
    stop: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl OutboxHandle {
    /// Stops at once, as a crash would: claimed emails go out when their lease ends.
    pub fn abort(&self) {
        self.task.abort();
    }

    /// Stops claiming, lets the senders finish what they hold, records every outcome and hands
    /// back anything claimed but not sent: after a clean stop no email is lost and none is sent
    /// twice by the next instance.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        if let Err(error) = self.task.await {
            tracing::error!(%error, "the outbox worker ended badly");
        }
    }
}

impl OutboxWorker {
    pub fn new(
        store: Store,
        delivery: Delivery,
        from: Mailbox,
        links: Links,
        tuning: DeliveryTuning,
    ) -> Self {
        Self {
            store,
            delivery,
            from,
            links,
            tuning,
        }
    }

    /// The same worker, delivering elsewhere.
    pub fn delivering_to(self, delivery: Delivery) -> Self {
        Self { delivery, ..self }
    }

    pub fn spawn(self) -> OutboxHandle {
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(self.run(stopped, Until::Stopped));
        OutboxHandle { stop, task }
    }

    /// Delivers the emails due now, through the whole pipeline (claim, compose, send, record),
    /// and returns once the outbox has no more due: what a running worker does, in the
    /// caller's time (tests read their emails right after).
    pub async fn deliver_due(&self) {
        let (_keep_running, running) = watch::channel(false);
        self.clone().run(running, Until::Idle).await;
    }

    async fn run(self, stopped: watch::Receiver<bool>, until: Until) {
        let batch = self.tuning.batch.max(1);
        let permits = Arc::new(Semaphore::new(2 * batch));
        let (jobs, jobs_received) = mpsc::channel::<Job>(2 * batch);
        let (done, done_received) = mpsc::unbounded_channel::<Done>();
        let health = Arc::new(relay_health::RelayHealth::new());
        let senders = match &self.delivery {
            Delivery::Smtp(target) => smtp_senders::spawn(
                target,
                &self.from,
                &self.tuning,
                health.clone(),
                jobs_received,
                done.clone(),
            ),
            Delivery::Mbox(file) => vec![local_sender::spawn(
                local_sender::Local::Mbox(file.clone()),
                self.from.clone(),
                jobs_received,
                done.clone(),
            )],
            Delivery::Memory(bag) => vec![local_sender::spawn(
                local_sender::Local::Bag(bag.clone()),
                self.from.clone(),
                jobs_received,
                done.clone(),
            )],
        };
        let recorder = tokio::spawn(recorder::run(
            self.store.clone(),
            self.tuning.retry,
            done_received,
        ));
        let claimer = claimer_name();
        dispatch::Dispatcher {
            store: self.store.clone(),
            links: self.links,
            from: self.from,
            throttle: throttle::DomainThrottle::new(
                self.tuning.domain_per_second,
                &self.tuning.domain_limits,
            ),
            mailing_pace: throttle::MailingPace::new(self.tuning.mailing_per_second),
            claimer: claimer.clone(),
            claim_lease_secs: self.tuning.claim_lease_secs,
            health,
            batch,
            poll: self.tuning.poll,
            until,
            permits,
            jobs,
            done,
        }
        .run(stopped)
        .await;
        // The dispatcher has dropped its ends: the senders finish the queue, then the recorder
        // records their last outcomes.
        for sender in senders {
            let _ = sender.await;
        }
        let _ = recorder.await;
        match self
            .store
            .release_claims(&claimer, essaim_store::now())
            .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(emails = n, "handed back unsent emails"),
            Err(error) => {
                tracing::warn!(%error, "could not hand back unsent emails; they go out when their lease ends")
            }
        }
    }
}

/// When the worker stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Until {
    /// On `shutdown`: it waits for emails meanwhile.
    Stopped,
    /// As soon as no email is due.
    Idle,
}

/// This instance among others: the host name, the process and a random part (a restarted
/// process must not take over the claims of the one before it).
fn claimer_name() -> String {
    let host = lettre::transport::smtp::extension::ClientId::default();
    format!(
        "{host}/{}/{:08x}",
        std::process::id(),
        rand::random::<u32>()
    )
}

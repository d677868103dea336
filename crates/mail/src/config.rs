//! What the mail adapter needs to know, filled in by the binary's configuration loader.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use essaim_domain::delivery::RetryPolicy;

#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `Essaim <ne-pas-repondre@exemple.fr>`
    pub from: String,
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://…:465`; None: the mbox file.
    pub smtp_url: Option<String>,
    /// Where the mbox file goes when there is no SMTP relay.
    pub file_dir: PathBuf,
    pub delivery: DeliveryTuning,
}

/// How hard the outbox pushes emails out.
#[derive(Debug, Clone)]
pub struct DeliveryTuning {
    /// SMTP connections used at once (each sends one email at a time).
    pub connections: usize,
    /// Emails claimed from the outbox at once; up to two batches are in flight.
    pub batch: usize,
    /// For connecting, and for sending one email.
    pub timeout: Duration,
    pub retry: RetryPolicy,
    /// Emails per second to one recipient domain, unless `domain_limits` names it; 0: no limit.
    pub domain_per_second: u32,
    /// Emails per second for named domains (`"gmail.com" = 50`).
    pub domain_limits: BTreeMap<String, u32>,
    /// How long an instance keeps the emails it claimed before another may send them (the
    /// instance died): long enough for a few batches and one send's timeout.
    pub claim_lease_secs: i64,
    /// Emails per second of mailings (all mailings together); 0: no limit.
    pub mailing_per_second: u32,
    /// How often the outbox is looked at when nothing wakes the worker (emails queued by another
    /// instance, retries coming due).
    pub poll: Duration,
}

impl Default for DeliveryTuning {
    fn default() -> Self {
        Self {
            connections: 16,
            batch: 200,
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            domain_per_second: 0,
            domain_limits: BTreeMap::new(),
            claim_lease_secs: essaim_store::outbox::CLAIM_LEASE_SECS,
            mailing_per_second: 50,
            poll: Duration::from_millis(250),
        }
    }
}

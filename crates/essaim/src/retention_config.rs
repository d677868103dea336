//! `[retention]` settings: how long we keep what we no longer need (privacy notice, issue 13).

use essaim_domain::signature::UNCONFIRMED_RETENTION_SECS;
use essaim_store::retention::RetentionCutoffs;
use serde::{Deserialize, Serialize};

const DAY: i64 = 86_400;

/// Login requests only count within a quarter of an hour; a day is plenty.
const LOGIN_REQUESTS_SECS: i64 = DAY;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct RetentionSettings {
    /// Days after which a signer who never confirmed their address is erased.
    pub unconfirmed_days: i64,
    /// Days an email (its body holds personal data) stays in the outbox after its delivery,
    /// or after we gave up on it.
    pub sent_email_days: i64,
    /// Days an entry of the staff's audit log is kept.
    pub audit_days: i64,
}

impl Default for RetentionSettings {
    fn default() -> Self {
        Self {
            unconfirmed_days: UNCONFIRMED_RETENTION_SECS / DAY,
            sent_email_days: 30,
            audit_days: 365,
        }
    }
}

impl RetentionSettings {
    /// The cut-offs at `now`. A setting below one day counts as one: a typo must not erase
    /// what was just written.
    pub fn cutoffs(&self, now: i64) -> RetentionCutoffs {
        let days_ago = |days: i64| now - days.max(1) * DAY;
        RetentionCutoffs {
            unconfirmed_before: days_ago(self.unconfirmed_days),
            expired_by: now,
            login_requests_before: now - LOGIN_REQUESTS_SECS,
            sent_emails_before: days_ago(self.sent_email_days),
            audit_before: days_ago(self.audit_days),
        }
    }
}

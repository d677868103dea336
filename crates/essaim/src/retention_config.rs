//! `[retention]` settings: how long we keep what we no longer need (privacy notice, issue 13).

use essaim_domain::signature::UNCONFIRMED_RETENTION_SECS;
use serde::{Deserialize, Serialize};

pub(crate) const DAY: i64 = 86_400;

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

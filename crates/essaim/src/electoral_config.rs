//! `[electoral]` settings: how long procuration requests and offers are kept after a ballot.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct ElectoralSettings {
    /// Days after a ballot's last round after which its procuration requests, offers and
    /// matches are deleted: they served that ballot only.
    pub proxy_retention_days: i64,
}

impl Default for ElectoralSettings {
    fn default() -> Self {
        Self {
            proxy_retention_days: 30,
        }
    }
}

//! The retention rules, applied (by the hourly maintenance and `essaim retention`) or only
//! counted (`essaim retention --dry-run`): both go through the store's rules, which hold each
//! condition once.

use essaim_domain::calendar::french_day;
use essaim_domain::donations::retention::ledger_kept_from;
use essaim_store::retention::{RetentionCutoffs, RetentionReport};
use essaim_store::{Store, StoreError};

use crate::donations_config::DonationSettings;
use crate::electoral_config::ElectoralSettings;
use crate::material_config::MaterialSettings;
use crate::retention_config::{RetentionSettings, DAY};
use crate::Config;

/// Login requests only count within a quarter of an hour; a day is plenty.
const LOGIN_REQUESTS_SECS: i64 = DAY;

/// Every setting a retention rule reads: `[retention]`, and the durations of the donations,
/// the material orders and the procurations, set beside the rest of their features.
#[derive(Debug, Clone, Default)]
pub struct RetentionPolicy {
    pub retention: RetentionSettings,
    pub donations: DonationSettings,
    pub material: MaterialSettings,
    pub electoral: ElectoralSettings,
}

impl RetentionPolicy {
    pub fn of(config: &Config) -> Self {
        Self {
            retention: config.retention.clone(),
            donations: config.donations.clone(),
            material: config.material.clone(),
            electoral: config.electoral.clone(),
        }
    }

    /// The cut-offs at `now`. A duration below one day counts as one: a typo must not erase
    /// what was just written.
    pub fn cutoffs(&self, now: i64) -> RetentionCutoffs {
        let days_ago = |days: i64| now - days.max(1) * DAY;
        let today = french_day(now);
        RetentionCutoffs {
            now,
            today,
            unconfirmed_before: days_ago(self.retention.unconfirmed_days),
            login_requests_before: now - LOGIN_REQUESTS_SECS,
            sent_emails_before: days_ago(self.retention.sent_email_days),
            audit_before: days_ago(self.retention.audit_days),
            unpaid_gifts_before: days_ago(self.donations.unpaid_days),
            ledger_kept_from: ledger_kept_from(today, self.donations.retention_years),
            order_address_days: self.material.address_retention_days.max(1),
            proxy_days: self.electoral.proxy_retention_days,
        }
    }
}

/// What the rules would delete at `now`; deletes nothing.
pub async fn dry_run(
    store: &Store,
    policy: &RetentionPolicy,
    now: i64,
) -> Result<RetentionReport, StoreError> {
    store.count_retention(&policy.cutoffs(now)).await
}

/// Deletes what the rules say at `now`; returns what went.
pub async fn apply(
    store: &Store,
    policy: &RetentionPolicy,
    now: i64,
) -> Result<RetentionReport, StoreError> {
    store.apply_retention(&policy.cutoffs(now)).await
}

/// One line per rule, as the command prints them.
pub fn describe(report: &RetentionReport, dry_run: bool) -> Vec<String> {
    let verb = if dry_run {
        "seraient effacé"
    } else {
        "effacé"
    };
    report
        .lines
        .iter()
        .map(|(rule, count)| format!("{count} {} {verb}{}", rule.label(), rule.agreement()))
        .collect()
}

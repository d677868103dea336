//! The retention rules, applied (by the hourly maintenance and `essaim retention`) or only
//! counted (`essaim retention --dry-run`): both go through the store's rules, which hold each
//! condition once.

use essaim_store::retention::RetentionReport;
use essaim_store::{Store, StoreError};

use crate::retention_config::RetentionSettings;

/// What the rules would delete at `now`; deletes nothing.
pub async fn dry_run(
    store: &Store,
    settings: &RetentionSettings,
    now: i64,
) -> Result<RetentionReport, StoreError> {
    store.count_retention(&settings.cutoffs(now)).await
}

/// Deletes what the rules say at `now`; returns what went.
pub async fn apply(
    store: &Store,
    settings: &RetentionSettings,
    now: i64,
) -> Result<RetentionReport, StoreError> {
    store.apply_retention(&settings.cutoffs(now)).await
}

/// One line per rule, as the command prints them.
pub fn describe(report: &RetentionReport, dry_run: bool) -> Vec<String> {
    let verb = if dry_run {
        "seraient effacé·es"
    } else {
        "effacé·es"
    };
    report
        .lines
        .iter()
        .map(|(rule, count)| format!("{count} {} {verb}", rule.label()))
        .collect()
}

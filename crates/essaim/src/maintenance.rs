//! Hourly housekeeping, in every instance (each step is idempotent): forget what we no longer
//! need to keep, remind people of the events they go to, and of the deadlines to register
//! to vote.

use std::time::Duration;

use essaim_domain::donations::retention::ledger_kept_from;
use essaim_store::{now, Store};

use crate::donations_config::DonationSettings;
use crate::electoral_config::ElectoralSettings;
use crate::material_config::MaterialSettings;
use crate::retention_config::RetentionSettings;

pub fn spawn(
    store: Store,
    donations: DonationSettings,
    material: MaterialSettings,
    electoral: ElectoralSettings,
    retention: RetentionSettings,
) {
    tokio::spawn(async move {
        loop {
            run_once(&store, &donations, &retention).await;
            material_upkeep(&store, &material, now()).await;
            electoral_upkeep(&store, &electoral, now()).await;
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    });
}

pub async fn run_once(store: &Store, donations: &DonationSettings, retention: &RetentionSettings) {
    let now = now();
    // The same rules, and the same code, as `essaim retention`.
    match crate::retention::apply(store, retention, now).await {
        Ok(report) => {
            for (rule, count) in report.lines.iter().filter(|(_, n)| *n > 0) {
                tracing::info!(
                    deleted = count,
                    rule = rule.label(),
                    "retention rule applied"
                );
            }
        }
        Err(error) => tracing::warn!(%error, "could not apply the retention rules"),
    }
    purge_gifts(store, donations, now).await;
    // "The day before": every registration to an event starting within a day, once.
    match store.send_event_reminders(now, EVENT_REMINDER_SECS).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(reminders = n, "queued event reminders"),
        Err(error) => tracing::warn!(%error, "could not queue event reminders"),
    }
}

/// Gifts never paid go after `unpaid_days`; ledger lines once `retention_years` have passed
/// since the end of the year they were received in (French days).
async fn purge_gifts(store: &Store, donations: &DonationSettings, now: i64) {
    match store
        .purge_unpaid_gifts(now - donations.unpaid_days.max(1) * 86400)
        .await
    {
        Ok(0) => {}
        Ok(n) => tracing::info!(gifts = n, "erased gifts never paid"),
        Err(error) => tracing::warn!(%error, "could not erase gifts never paid"),
    }
    let today = essaim_web::french_day(now);
    let kept_from = ledger_kept_from(today, donations.retention_years);
    match store.purge_ledger_before(kept_from).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(lines = n, %kept_from, "erased ledger lines past their retention"),
        Err(error) => tracing::warn!(%error, "could not erase old ledger lines"),
    }
}

/// Reminders go out for events starting within this delay (runs hourly, so 23 to 24 h ahead).
pub const EVENT_REMINDER_SECS: i64 = 24 * 3600;

/// Unpaid orders past their time give their stock back; shipping addresses go once the
/// delivery is old enough.
pub async fn material_upkeep(store: &Store, material: &MaterialSettings, now: i64) {
    match store
        .cancel_abandoned_orders(material.unpaid_minutes.max(1) * 60, now)
        .await
    {
        Ok(0) => {}
        Ok(n) => tracing::info!(orders = n, "cancelled material orders left unpaid"),
        Err(error) => tracing::warn!(%error, "could not cancel unpaid material orders"),
    }
    match store
        .purge_order_addresses(material.address_retention_days.max(1), now)
        .await
    {
        Ok(0) => {}
        Ok(n) => tracing::info!(orders = n, "erased shipping addresses past their retention"),
        Err(error) => tracing::warn!(%error, "could not erase old shipping addresses"),
    }
}

/// The reminders to register to vote due this evening, in each zone where it is evening; and
/// the procurations of ballots past their retention.
pub async fn electoral_upkeep(store: &Store, electoral: &ElectoralSettings, now: i64) {
    use essaim_domain::electoral::ballot::Zone;
    use essaim_domain::electoral::reminder::evening_day;
    let today = essaim_domain::calendar::french_day(now);
    match store
        .purge_past_proxies(today, electoral.proxy_retention_days)
        .await
    {
        Ok(0) => {}
        Ok(n) => tracing::info!(deleted = n, "purged the procurations of past ballots"),
        Err(error) => tracing::warn!(%error, "could not purge the procurations of past ballots"),
    }
    for zone in [Zone::Sunday, Zone::Saturday] {
        let Some(today) = evening_day(now, zone) else {
            continue;
        };
        match store.queue_electoral_reminders(zone, today, now).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(
                reminders = n,
                zone = zone.code(),
                "queued reminders to register to vote"
            ),
            Err(error) => {
                tracing::warn!(%error, "could not queue the reminders to register to vote")
            }
        }
    }
}

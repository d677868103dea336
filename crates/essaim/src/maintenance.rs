//! Hourly housekeeping, in every instance (each step is idempotent): forget what we no longer
//! need to keep, remind people of the events they go to, and of the deadlines to register
//! to vote.

use std::time::Duration;

use essaim_store::{now, Store};

use crate::material_config::MaterialSettings;
use crate::retention::RetentionPolicy;

pub fn spawn(store: Store, policy: RetentionPolicy) {
    tokio::spawn(async move {
        loop {
            run_once(&store, &policy).await;
            material_upkeep(&store, &policy.material, now()).await;
            electoral_upkeep(&store, now()).await;
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    });
}

pub async fn run_once(store: &Store, policy: &RetentionPolicy) {
    let now = now();
    // The same rules, and the same code, as `essaim retention`.
    match crate::retention::apply(store, policy, now).await {
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
    // "The day before": every registration to an event starting within a day, once.
    match store.send_event_reminders(now, EVENT_REMINDER_SECS).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(reminders = n, "queued event reminders"),
        Err(error) => tracing::warn!(%error, "could not queue event reminders"),
    }
}

/// Reminders go out for events starting within this delay (runs hourly, so 23 to 24 h ahead).
pub const EVENT_REMINDER_SECS: i64 = 24 * 3600;

/// Unpaid orders past their time give their stock back. (Their shipping addresses go by the
/// retention rules.)
pub async fn material_upkeep(store: &Store, material: &MaterialSettings, now: i64) {
    match store
        .cancel_abandoned_orders(material.unpaid_minutes.max(1) * 60, now)
        .await
    {
        Ok(0) => {}
        Ok(n) => tracing::info!(orders = n, "cancelled material orders left unpaid"),
        Err(error) => tracing::warn!(%error, "could not cancel unpaid material orders"),
    }
}

/// The reminders to register to vote due this evening, in each zone where it is evening. (The
/// procurations of past ballots go by the retention rules.)
pub async fn electoral_upkeep(store: &Store, now: i64) {
    use essaim_domain::electoral::ballot::Zone;
    use essaim_domain::electoral::reminder::evening_day;
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

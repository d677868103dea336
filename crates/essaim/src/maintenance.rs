//! Hourly housekeeping, in every instance (each step is idempotent): forget what we no longer
//! need to keep, and remind people of the events they go to.

use std::time::Duration;

use essaim_domain::signature::UNCONFIRMED_RETENTION_SECS;
use essaim_store::{now, Store};

pub fn spawn(store: Store) {
    tokio::spawn(async move {
        loop {
            run_once(&store).await;
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    });
}

pub async fn run_once(store: &Store) {
    let now = now();
    if let Err(error) = store.purge_sent_emails(now).await {
        tracing::warn!(%error, "could not purge sent emails");
    }
    // Login requests only count within a quarter of an hour; a day is plenty.
    if let Err(error) = store.purge_login_requests(now - 86400).await {
        tracing::warn!(%error, "could not purge old login requests");
    }
    if let Err(error) = store.purge_expired_sessions(now).await {
        tracing::warn!(%error, "could not purge expired sessions and login links");
    }
    match store
        .purge_unconfirmed(now - UNCONFIRMED_RETENTION_SECS)
        .await
    {
        Ok(0) => {}
        Ok(n) => tracing::info!(people = n, "erased never-confirmed signers"),
        Err(error) => tracing::warn!(%error, "could not erase never-confirmed signers"),
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

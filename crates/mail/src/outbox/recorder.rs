//! The recorder: writes the senders' outcomes to the outbox. Delivered emails are marked a
//! batch at a time (one statement, one commit for up to a few hundred); failures are recorded
//! one by one with their next attempt, or as dead letters.

use std::time::Duration;

use essaim_domain::delivery::{AfterFailure, RetryPolicy};
use essaim_domain::ids::EmailId;
use essaim_store::{now, Store};
use tokio::sync::{mpsc, OwnedSemaphorePermit};
use tokio::time::Instant;

use super::{Done, Outcome};

/// Delivered emails wait at most this long to be marked…
const MARK_WITHIN: Duration = Duration::from_millis(50);
/// …or until this many are waiting.
const MARK_AT_MOST: usize = 500;

pub(super) async fn run(
    store: Store,
    retry: RetryPolicy,
    mut outcomes: mpsc::UnboundedReceiver<Done>,
) {
    // The permits are held until the mark is written: the dispatcher cannot claim past
    // emails whose delivery is not yet on record.
    let mut delivered: Vec<(EmailId, OwnedSemaphorePermit)> = Vec::new();
    let mut mark_by = Instant::now();
    loop {
        let next = tokio::select! {
            next = outcomes.recv() => next,
            _ = tokio::time::sleep_until(mark_by), if !delivered.is_empty() => {
                mark(&store, &mut delivered).await;
                continue;
            }
        };
        let Some(done) = next else { break };
        match done.outcome {
            Outcome::Sent => {
                if delivered.is_empty() {
                    mark_by = Instant::now() + MARK_WITHIN;
                }
                delivered.push((done.id, done.permit));
                if delivered.len() >= MARK_AT_MOST {
                    mark(&store, &mut delivered).await;
                }
            }
            Outcome::Unreachable { error, pause } => {
                let due = now() + pause.as_secs_f64().ceil().max(1.0) as i64;
                if let Err(error) = store.hold_back_emails(&[done.id], due, Some(&error)).await {
                    tracing::error!(%error, id = done.id.get(), "could not hold back an email; it is tried again when its lease ends");
                }
            }
            Outcome::Failed { error, permanent } => {
                let now = now();
                let retry_at = match retry.after_failure(done.attempts, permanent, now) {
                    AfterFailure::RetryAt(at) => Some(at),
                    AfterFailure::GiveUp => None,
                };
                tracing::warn!(id = done.id.get(), attempts = done.attempts, permanent, %error, "email delivery failed");
                if let Err(error) = store
                    .record_email_failure(done.id, &error, retry_at, now)
                    .await
                {
                    tracing::error!(%error, id = done.id.get(), "could not record a failed delivery; it is tried again when its lease ends");
                }
            }
        }
    }
    mark(&store, &mut delivered).await;
}

/// Marks the delivered emails, insisting a while if the database is unavailable: an email
/// delivered but not marked would be sent again when its lease ends.
async fn mark(store: &Store, delivered: &mut Vec<(EmailId, OwnedSemaphorePermit)>) {
    if delivered.is_empty() {
        return;
    }
    let ids: Vec<EmailId> = delivered.iter().map(|(id, _)| *id).collect();
    for attempt in 1..=10 {
        match store.mark_emails_sent(&ids, now()).await {
            Ok(()) => break,
            Err(error) if attempt < 10 => {
                tracing::warn!(%error, attempt, "could not mark delivered emails, trying again");
                tokio::time::sleep(Duration::from_millis(200 * attempt)).await;
            }
            Err(error) => {
                tracing::error!(%error, emails = ids.len(), "could not mark delivered emails; they will be sent again when their lease ends");
            }
        }
    }
    delivered.clear();
}

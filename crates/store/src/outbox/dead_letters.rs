//! What staff see of the outbox: how much waits, since when, and the dead letters (emails we
//! gave up on), which they may send again once the cause is fixed. (The outbox is not an archive of
//! personal data: the retention rules, `retention.rs`, purge what was delivered or given up.)

use essaim_domain::ids::EmailId;

use crate::placeholders::placeholders;
use crate::{Store, StoreError};

#[derive(Debug, Clone, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct OutboxCounts {
    /// Not yet delivered, still being tried.
    pub queued: i64,
    /// Given up: waiting for staff.
    pub dead: i64,
    /// When the oldest queued email was caused, if any is queued.
    pub oldest_queued_at: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeadLetter {
    #[sqlx(try_from = "i64")]
    pub id: EmailId,
    pub kind: String,
    pub email: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub dead_at: i64,
}

impl Store {
    pub async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        Ok(sqlx::query_as(
            "SELECT COALESCE(SUM(CASE WHEN dead_at IS NULL THEN 1 ELSE 0 END), 0) AS queued, \
             COALESCE(SUM(CASE WHEN dead_at IS NULL THEN 0 ELSE 1 END), 0) AS dead, \
             MIN(CASE WHEN dead_at IS NULL THEN created_at END) AS oldest_queued_at \
             FROM outbox WHERE sent_at IS NULL",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    /// Emails not yet delivered nor given up (for tests and the admin page).
    pub async fn unsent_email_count(&self) -> Result<i64, StoreError> {
        Ok(self.outbox_counts().await?.queued)
    }

    /// The most recent dead letters, newest first.
    pub async fn dead_letters(&self, limit: i64) -> Result<Vec<DeadLetter>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT o.id, o.kind, p.email, o.attempts, o.last_error, o.created_at, o.dead_at \
             FROM outbox o JOIN people p ON p.id = o.person_id \
             WHERE o.sent_at IS NULL AND o.dead_at IS NOT NULL ORDER BY o.dead_at DESC, o.id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Sends these dead letters again from now, with a fresh count of attempts; `None`: all of
    /// them. Returns how many were brought back.
    pub async fn retry_dead_letters(
        &self,
        ids: Option<&[EmailId]>,
        now: i64,
    ) -> Result<u64, StoreError> {
        let base = "UPDATE outbox SET dead_at = NULL, attempts = 0, next_attempt_at = $1 \
                    WHERE sent_at IS NULL AND dead_at IS NOT NULL";
        let result = match ids {
            None => sqlx::query(base).bind(now).execute(&self.pool).await?,
            Some([]) => return Ok(0),
            Some(ids) => {
                let sql = format!("{base} AND id IN ({})", placeholders(2, ids.len()));
                let mut query = sqlx::query(&sql).bind(now);
                for id in ids {
                    query = query.bind(id.get());
                }
                query.execute(&self.pool).await?
            }
        };
        self.signal_outbox();
        Ok(result.rows_affected())
    }
}

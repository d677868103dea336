//! Requests for a login link, counted per address so that a flood of requests does not become a
//! flood of emails. Counted whether or not an account exists for the address: the page then
//! says the same thing to everyone, and reveals nothing about who has an account.

use crate::{Store, StoreError};

impl Store {
    /// Records a request for the address whose hash is `email_hash`, unless `max` were already
    /// recorded since `since`; returns whether this one was recorded (and may be answered).
    pub async fn record_login_request(
        &self,
        email_hash: &str,
        now: i64,
        since: i64,
        max: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let recent: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM login_requests WHERE email_hash = $1 AND requested_at >= $2",
        )
        .bind(email_hash)
        .bind(since)
        .fetch_one(&mut *tx)
        .await?;
        if recent >= max {
            return Ok(false);
        }
        sqlx::query("INSERT INTO login_requests (email_hash, requested_at) VALUES ($1, $2)")
            .bind(email_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }
}

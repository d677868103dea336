//! The public counter of confirmed signatures, maintained in batches.
//!
//! Confirming a signature does not touch the counter row (a hot row under load). Every second
//! or so, `flush_counter` moves the confirmed-but-not-yet-counted signatures into the total in
//! one transaction. It is exact with several app instances: a signature is flagged counted
//! and added to the total in the same transaction, and PostgreSQL re-checks `counted = 0`
//! after waiting on a row another instance was flushing.

use crate::{Store, StoreError};

impl Store {
    /// Adds newly confirmed signatures to the total and returns the total.
    pub async fn flush_counter(&self) -> Result<i64, StoreError> {
        // A read first: an idle site then costs no write transaction (and no fsync) per second.
        let waiting: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM signatures WHERE status = 'confirmed' AND counted = 0 LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        if waiting.is_none() {
            return Ok(sqlx::query_scalar(
                "SELECT value FROM counters WHERE name = 'confirmed_signatures'",
            )
            .fetch_one(&self.pool)
            .await?);
        }
        let mut tx = self.begin_write().await?;
        let added = sqlx::query(
            "UPDATE signatures SET counted = 1 WHERE status = 'confirmed' AND counted = 0",
        )
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if added > 0 {
            sqlx::query(
                "UPDATE counters SET value = value + $1 WHERE name = 'confirmed_signatures'",
            )
            .bind(added as i64)
            .execute(&mut *tx)
            .await?;
        }
        let total: i64 =
            sqlx::query_scalar("SELECT value FROM counters WHERE name = 'confirmed_signatures'")
                .fetch_one(&mut *tx)
                .await?;
        tx.commit().await?;
        Ok(total)
    }
}

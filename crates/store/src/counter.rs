//! The public counts: confirmed signatures, and signatures gathered off the internet.
//!
//! Confirming a signature does not touch the counter row (a hot row under load). The count
//! shown is read in one statement, one snapshot: the counter row plus the confirmed
//! signatures not yet folded into it, plus the offline count. A read never waits on a
//! writer (WAL on SQLite, MVCC on PostgreSQL), so the figure is exact at every refresh, even
//! while an account deletion or a sign-up burst holds locks.
//!
//! Now and then `flush_counter` folds the not-yet-counted signatures into the row, so that
//! the part counted at each read stays small. A signature is flagged counted and added in the
//! same transaction, so the sum read is the same before and after a flush, with any number of
//! app instances. On PostgreSQL the flush skips rows another transaction holds (they are
//! folded at the next flush) instead of waiting on them.

use crate::{Backend, Store, StoreError};

/// What the home page and `/api/compteur` show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct PublicCounts {
    pub confirmed: i64,
    /// Gathered on paper or by phone from people who gave no email.
    pub offline: i64,
}

impl Store {
    pub async fn public_counts(&self) -> Result<PublicCounts, StoreError> {
        Ok(sqlx::query_as(
            "SELECT (SELECT value FROM counters WHERE name = 'confirmed_signatures') \
                  + (SELECT COUNT(*) FROM signatures WHERE status = 'confirmed' AND counted = 0) AS confirmed, \
                    (SELECT COUNT(*) FROM offline_signups WHERE person_id IS NULL) AS offline",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    /// Folds newly confirmed signatures into the counter row; returns how many.
    pub async fn flush_counter(&self) -> Result<u64, StoreError> {
        // A read first: an idle site then costs no write transaction (and no fsync).
        let waiting: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM signatures WHERE status = 'confirmed' AND counted = 0 LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        if waiting.is_none() {
            return Ok(0);
        }
        let skip_locked = match self.backend() {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let mut tx = self.begin_bookkeeping().await?;
        let added = sqlx::query(&format!(
            "UPDATE signatures SET counted = 1 WHERE id IN \
             (SELECT id FROM signatures WHERE status = 'confirmed' AND counted = 0{skip_locked})"
        ))
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
        tx.commit().await?;
        Ok(added)
    }
}

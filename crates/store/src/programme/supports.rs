//! Supports: one per person per contribution (the primary key holds it whatever the races),
//! withdrawable; the count on the contribution moves in the same transaction. The first
//! support locks the text (addenda only).

use essaim_domain::ids::{ContributionId, PersonId};

use super::contributions::is_blocked;
use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupportOutcome {
    Supported,
    AlreadySupported,
    /// Hidden, merged or missing: it takes no new support.
    NotOpen,
    Blocked,
}

impl Store {
    pub async fn support_contribution(
        &self,
        id: ContributionId,
        person: PersonId,
        now: i64,
    ) -> Result<SupportOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        if is_blocked(&mut tx, person).await? {
            return Ok(SupportOutcome::Blocked);
        }
        let inserted = sqlx::query(
            "INSERT INTO programme_supports (contribution_id, person_id, created_at) \
             SELECT id, $2, $3 FROM programme_contributions WHERE id = $1 AND status = 'published' \
             ON CONFLICT DO NOTHING",
        )
        .bind(id.get())
        .bind(person.get())
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 1 {
            sqlx::query(
                "UPDATE programme_contributions SET supports = supports + 1, \
                 locked_at = COALESCE(locked_at, $2) WHERE id = $1",
            )
            .bind(id.get())
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            return Ok(SupportOutcome::Supported);
        }
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM programme_contributions WHERE id = $1 AND status = 'published'",
        )
        .bind(id.get())
        .fetch_one(&mut *tx)
        .await?;
        Ok(if open == 0 {
            SupportOutcome::NotOpen
        } else {
            SupportOutcome::AlreadySupported
        })
    }

    /// Withdraws the person's support, wherever the contribution stands now. False when there
    /// was none.
    pub async fn withdraw_support(
        &self,
        id: ContributionId,
        person: PersonId,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let removed = sqlx::query(
            "DELETE FROM programme_supports WHERE contribution_id = $1 AND person_id = $2",
        )
        .bind(id.get())
        .bind(person.get())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if removed == 1 {
            sqlx::query("UPDATE programme_contributions SET supports = supports - 1 WHERE id = $1")
                .bind(id.get())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(removed == 1)
    }

    pub async fn has_supported(
        &self,
        id: ContributionId,
        person: PersonId,
    ) -> Result<bool, StoreError> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM programme_supports WHERE contribution_id = $1 AND person_id = $2",
        )
        .bind(id.get())
        .bind(person.get())
        .fetch_one(&self.pool)
        .await?;
        Ok(count > 0)
    }

    /// Supports counted row by row: what the kept count must always equal.
    pub async fn counted_supports(&self, id: ContributionId) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM programme_supports WHERE contribution_id = $1",
            )
            .bind(id.get())
            .fetch_one(&self.pool)
            .await?,
        )
    }
}

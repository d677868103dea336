//! Confirming a signature from its emailed link: a one-way step, so a reused link does nothing.

use essaim_domain::ids::{PersonId, SignatureId};

use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmOutcome {
    /// The signature was pending and now counts; carries the person's id.
    Confirmed { person_id: PersonId },
    /// Already confirmed, fraud-marked, or erased: nothing changed.
    Unchanged,
}

impl Store {
    pub async fn confirm_signature(
        &self,
        signature_id: SignatureId,
        now: i64,
    ) -> Result<ConfirmOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        let person_id: Option<Option<i64>> = sqlx::query_scalar(
            "UPDATE signatures SET status = 'confirmed', confirmed_at = $1 \
             WHERE id = $2 AND status = 'pending' RETURNING person_id",
        )
        .bind(now)
        .bind(signature_id.get())
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(match person_id.flatten() {
            Some(person_id) => ConfirmOutcome::Confirmed {
                person_id: PersonId::new(person_id),
            },
            None => ConfirmOutcome::Unchanged,
        })
    }

    /// Where the signature stands (`pending`, `confirmed`, `fraud`), if it still exists: what
    /// the page of a confirmation link shows before anyone presses its button.
    pub async fn signature_status(
        &self,
        signature_id: SignatureId,
    ) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT status FROM signatures WHERE id = $1")
                .bind(signature_id.get())
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Opening a login link proves the mailbox is theirs, as a confirmation link does.
    pub async fn confirm_signature_of_person(
        &self,
        person_id: PersonId,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE signatures SET status = 'confirmed', confirmed_at = $1 \
             WHERE person_id = $2 AND status = 'pending'",
        )
        .bind(now)
        .bind(person_id.get())
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

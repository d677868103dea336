//! A mailing's figures outlive its outbox rows: the retention rule deletes delivered and
//! given-up emails after `sent_email_days`, and counts them first into the mailing's
//! `sent_earlier` / `failed_earlier`, in the same transaction, so that "sent" never falls.

use crate::{Store, StoreError};

impl Store {
    /// Deletes the outbox rows that `condition` (over `$1`, the cut-off) selects, after adding
    /// those of mailings to their mailing's figures. Returns how many rows were deleted.
    pub(crate) async fn purge_sent_emails(
        &self,
        condition: &str,
        cutoff: i64,
    ) -> Result<u64, StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(&format!(
            "UPDATE mailings SET \
             sent_earlier = sent_earlier + (SELECT COUNT(*) FROM outbox o \
               WHERE o.mailing_id = mailings.id AND o.sent_at IS NOT NULL AND ({condition})), \
             failed_earlier = failed_earlier + (SELECT COUNT(*) FROM outbox o \
               WHERE o.mailing_id = mailings.id AND o.sent_at IS NULL AND ({condition})) \
             WHERE id IN (SELECT mailing_id FROM outbox WHERE mailing_id IS NOT NULL AND ({condition}))"
        ))
        .bind(cutoff)
        .execute(&mut *tx)
        .await?;
        let deleted = sqlx::query(&format!("DELETE FROM outbox WHERE {condition}"))
            .bind(cutoff)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(deleted)
    }
}

//! Leaving the news, by the one-click link of a mailing (RFC 8058) or its page: no login, the
//! signed link is the proof. It takes effect at once: the person's mailings not yet sent leave
//! the outbox, and no later mailing finds them (segments require the news consent).

use essaim_domain::ids::PersonId;

use crate::{Store, StoreError};

impl Store {
    /// Withdraws `person`'s consent to the news; `mailing` is the one whose link was used (for
    /// its figures). Returns false if they had already left (a second click changes nothing).
    pub async fn unsubscribe_from_news(
        &self,
        person: PersonId,
        mailing: Option<i64>,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query(
            "UPDATE people SET news_optin = 0, updated_at = $2 WHERE id = $1 AND news_optin = 1",
        )
        .bind(person.get())
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Ok(false);
        }
        if let Some(mailing) = mailing {
            sqlx::query(
                "INSERT INTO mailing_unsubscribes (mailing_id, person_id, at) \
                 SELECT id, $2, $3 FROM mailings WHERE id = $1",
            )
            .bind(mailing)
            .bind(person.get())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "DELETE FROM outbox WHERE person_id = $1 AND mailing_id IS NOT NULL \
             AND sent_at IS NULL AND claimed_by IS NULL",
        )
        .bind(person.get())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}

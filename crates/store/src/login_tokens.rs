//! Single use of magic login links: the mail worker records each link's nonce when it sends
//! it, and opening the link consumes it.

use essaim_domain::ids::PersonId;

use crate::{Store, StoreError};

impl Store {
    pub async fn record_login_token(
        &self,
        nonce: &str,
        person_id: PersonId,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO login_tokens (nonce, person_id, expires_at) VALUES ($1, $2, $3)")
            .bind(nonce)
            .bind(person_id.get())
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The person the link logs in, if it is unused and unexpired; it is used from now on.
    pub async fn consume_login_token(
        &self,
        nonce: &str,
        now: i64,
    ) -> Result<Option<PersonId>, StoreError> {
        let person_id: Option<i64> = sqlx::query_scalar(
            "UPDATE login_tokens SET used_at = $1 WHERE nonce = $2 AND used_at IS NULL AND expires_at > $1 \
             RETURNING person_id",
        )
        .bind(now)
        .bind(nonce)
        .fetch_optional(&self.pool)
        .await?;
        Ok(person_id.map(PersonId::new))
    }
}

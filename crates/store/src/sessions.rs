//! Login sessions. The cookie holds a random id; we store only its hash, so a leaked
//! database does not hand out live sessions.

use essaim_domain::ids::PersonId;

use crate::{Store, StoreError};

impl Store {
    pub async fn create_session(
        &self,
        id_hash: &str,
        person_id: PersonId,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO sessions (id_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(id_hash)
            .bind(person_id.get())
            .bind(now)
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn session_person(
        &self,
        id_hash: &str,
        now: i64,
    ) -> Result<Option<PersonId>, StoreError> {
        let person_id: Option<i64> = sqlx::query_scalar(
            "SELECT person_id FROM sessions WHERE id_hash = $1 AND expires_at > $2",
        )
        .bind(id_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(person_id.map(PersonId::new))
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

//! The status a supporter records for their own registration, with their consent.

use essaim_domain::ids::PersonId;

use crate::{Store, StoreError};

/// What a person says of their registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElectoralStatus {
    Registered,
    ToCheck,
    ToDo,
    Moved,
}

impl ElectoralStatus {
    pub const ALL: [Self; 4] = [Self::Registered, Self::ToCheck, Self::ToDo, Self::Moved];

    pub fn code(self) -> &'static str {
        match self {
            Self::Registered => "inscrit",
            Self::ToCheck => "a_verifier",
            Self::ToDo => "a_faire",
            Self::Moved => "demenage",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Registered => "inscrit·e",
            Self::ToCheck => "à vérifier",
            Self::ToDo => "inscription à faire",
            Self::Moved => "a déménagé (à réinscrire)",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.code() == code)
    }
}

impl Store {
    /// Records the person's status; `consent_text` is kept from the first time.
    pub async fn set_electoral_status(
        &self,
        person: PersonId,
        status: ElectoralStatus,
        consent_text: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO electoral_statuses (person_id, status, consent_text, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (person_id) DO UPDATE SET \
             status = excluded.status, updated_at = excluded.updated_at",
        )
        .bind(person.get())
        .bind(status.code())
        .bind(consent_text)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn electoral_status(
        &self,
        person: PersonId,
    ) -> Result<Option<ElectoralStatus>, StoreError> {
        let code: Option<String> =
            sqlx::query_scalar("SELECT status FROM electoral_statuses WHERE person_id = $1")
                .bind(person.get())
                .fetch_optional(&self.pool)
                .await?;
        Ok(code.as_deref().and_then(ElectoralStatus::from_code))
    }

    /// Forgets the status (the person withdraws it).
    pub async fn clear_electoral_status(&self, person: PersonId) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM electoral_statuses WHERE person_id = $1")
            .bind(person.get())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

//! The audit log: every staff action on people's data (a list of members or a person's contact
//! details seen, an export, a grant, a moderation decision, a mailing, an API token used),
//! with who, when, what and from where. The application only appends (`audit`) and reads
//! (`audit_entries`); only the retention rule deletes, past its year (`purge_audit_before`).

use essaim_domain::ids::PersonId;

use crate::{Store, StoreError};

/// One action, as recorded.
#[derive(Debug, Clone, Copy)]
pub struct AuditEntry<'a> {
    /// The staff member, when it was one (None for an API token).
    pub actor_id: Option<PersonId>,
    /// Who it was, as it was then: their email, or "jeton API « nom »".
    pub actor: &'a str,
    /// What, in a few words ("GET /admin/dons", "export", "grant").
    pub action: &'a str,
    /// On what or whom ("/admin/dons.csv", "personne 42", "role communication to x@y").
    pub subject: &'a str,
    /// The client address.
    pub ip: Option<&'a str>,
}

/// An entry as the journal shows it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AuditRecord {
    pub id: i64,
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub ip: Option<String>,
}

impl Store {
    /// Appends an entry.
    pub async fn audit(&self, entry: &AuditEntry<'_>, now: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor_id, actor, action, subject, ip) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(now)
        .bind(entry.actor_id.map(PersonId::get))
        .bind(entry.actor)
        .bind(entry.action)
        .bind(entry.subject)
        .bind(entry.ip)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The latest entries first: `limit` of them, those older than entry `before` when given
    /// (the journal's next page).
    pub async fn audit_entries(
        &self,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, at, actor_id, actor, action, subject, ip FROM audit_log \
             WHERE id < $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// How many entries are older than `cutoff` (what the retention would delete).
    pub async fn count_audit_before(&self, cutoff: i64) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE at < $1")
                .bind(cutoff)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Deletes the entries older than `cutoff`; returns how many.
    pub async fn purge_audit_before(&self, cutoff: i64) -> Result<u64, StoreError> {
        Ok(sqlx::query("DELETE FROM audit_log WHERE at < $1")
            .bind(cutoff)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }
}

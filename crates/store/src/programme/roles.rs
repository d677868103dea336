//! Roles beyond "staff": a coordinator (`COORDINATION`) writes the axes' syntheses. A role is
//! granted to a person who signed, by their email, from the `essaim admin grant` command.

use essaim_domain::ids::PersonId;

use crate::{Store, StoreError};

/// Writes the syntheses of the programme's axes.
pub const COORDINATION: &str = "coordination";

impl Store {
    /// Gives `role` to the person who signed with `email_norm`. False when nobody did; granting
    /// a role held already changes nothing.
    pub async fn grant_role(
        &self,
        email_norm: &str,
        role: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let person: Option<i64> = sqlx::query_scalar("SELECT id FROM people WHERE email_norm = $1")
            .bind(email_norm)
            .fetch_optional(&self.pool)
            .await?;
        let Some(person) = person else {
            return Ok(false);
        };
        sqlx::query(
            "INSERT INTO staff_roles (person_id, role, granted_at) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(person)
        .bind(role)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(true)
    }

    /// Takes `role` from the person who signed with `email_norm`. False when they did not hold it.
    pub async fn revoke_role(&self, email_norm: &str, role: &str) -> Result<bool, StoreError> {
        let result = sqlx::query(
            "DELETE FROM staff_roles WHERE role = $2 \
             AND person_id = (SELECT id FROM people WHERE email_norm = $1)",
        )
        .bind(email_norm)
        .bind(role)
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() > 0)
    }

    pub async fn has_role(&self, person: PersonId, role: &str) -> Result<bool, StoreError> {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM staff_roles WHERE person_id = $1 AND role = $2",
        )
        .bind(person.get())
        .bind(role)
        .fetch_one(&self.pool)
        .await?;
        Ok(count > 0)
    }
}

//! Who is on the staff, with which roles (`essaim_domain::staff`): granted from the command
//! line by email, read by the back-office's gate on every page.

use essaim_domain::ids::PersonId;
use essaim_domain::staff::StaffRole;

use crate::{Store, StoreError};

impl Store {
    /// The roles the person holds (unknown codes left aside).
    pub async fn roles_of(&self, person: PersonId) -> Result<Vec<StaffRole>, StoreError> {
        let codes: Vec<String> =
            sqlx::query_scalar("SELECT role FROM staff_roles WHERE person_id = $1 ORDER BY role")
                .bind(person.get())
                .fetch_all(&self.pool)
                .await?;
        Ok(codes
            .iter()
            .filter_map(|code| StaffRole::from_code(code))
            .collect())
    }

    /// Puts the person who signed with `email_norm` on the staff with `role`. False when nobody
    /// signed with it; granting a role held already changes nothing.
    pub async fn grant_staff_role(
        &self,
        email_norm: &str,
        role: StaffRole,
        now: i64,
    ) -> Result<bool, StoreError> {
        Ok(self.grant_staff(email_norm).await?
            && self.grant_role(email_norm, role.code(), now).await?)
    }
}

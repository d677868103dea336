//! Sign-ups gathered on paper or by phone, with their consent basis (who collected them, how,
//! when). People who gave an email also get a signature through the usual writer; this table
//! then only records how they came. The others are "signatures hors ligne", counted apart.

use essaim_domain::ids::{GroupId, PersonId};

use crate::{Store, StoreError};

#[derive(Debug, Clone)]
pub struct OfflineEntry<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub postal_code: &'a str,
    pub departement: &'a str,
    pub phone: Option<&'a str>,
    pub postal_address: Option<&'a str>,
    /// Folded "first|last|postal code": the same person typed twice.
    pub name_key: &'a str,
    pub method: &'a str,
    pub collected_on: &'a str,
    pub collected_by: PersonId,
    pub group_id: Option<GroupId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfflineOutcome {
    /// A new offline signature (or, with `person_id`, the record of how a new signer came).
    Recorded,
    /// Someone already known: an online signer with this email or phone, or an earlier
    /// offline entry with this phone or name and postal code. Nothing new is counted.
    Merged,
}

impl Store {
    /// Records an entry. `person_id` is the signer the entry's email belongs to, if any.
    pub async fn record_offline_signup(
        &self,
        entry: &OfflineEntry<'_>,
        person_id: Option<PersonId>,
        already_known: bool,
        now: i64,
    ) -> Result<OfflineOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        let known = if already_known {
            true
        } else if person_id.is_some() {
            false
        } else {
            let by_phone: i64 = match entry.phone {
                Some(phone) => {
                    sqlx::query_scalar(
                        "SELECT (SELECT COUNT(*) FROM people WHERE phone = $1) + \
                     (SELECT COUNT(*) FROM offline_signups WHERE phone = $1)",
                    )
                    .bind(phone)
                    .fetch_one(&mut *tx)
                    .await?
                }
                None => 0,
            };
            let by_name: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM offline_signups WHERE name_key = $1")
                    .bind(entry.name_key)
                    .fetch_one(&mut *tx)
                    .await?;
            by_phone + by_name > 0
        };
        if !known {
            sqlx::query(
                "INSERT INTO offline_signups (person_id, first_name, last_name, postal_code, departement, phone, \
                 postal_address, name_key, method, collected_on, collected_by, group_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(person_id.map(PersonId::get))
            .bind(entry.first_name)
            .bind(entry.last_name)
            .bind(entry.postal_code)
            .bind(entry.departement)
            .bind(entry.phone)
            .bind(entry.postal_address)
            .bind(entry.name_key)
            .bind(entry.method)
            .bind(entry.collected_on)
            .bind(entry.collected_by.get())
            .bind(entry.group_id.map(GroupId::get))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(if known {
            OfflineOutcome::Merged
        } else {
            OfflineOutcome::Recorded
        })
    }

    /// Offline signatures of people who gave no email (the others sign like everyone).
    pub async fn offline_signature_count(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM offline_signups WHERE person_id IS NULL")
                .fetch_one(&self.pool)
                .await?,
        )
    }
}

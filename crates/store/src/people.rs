//! People: their details, their own signature, staff rights, and the GDPR rights
//! (access as a JSON export, erasure that keeps the signature counted).

use essaim_domain::ids::{PersonId, SignatureId};
use serde::Serialize;

use crate::programme::WrittenFate;
use crate::{Store, StoreError};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Person {
    #[sqlx(try_from = "i64")]
    pub id: PersonId,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub postal_code: Option<String>,
    pub country: String,
    pub phone: Option<String>,
    #[sqlx(try_from = "crate::rows::Flag")]
    pub news_optin: bool,
    pub referral_code: String,
    #[sqlx(try_from = "crate::rows::Flag")]
    pub is_staff: bool,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct OwnSignature {
    #[sqlx(try_from = "i64")]
    pub id: SignatureId,
    pub status: String,
    pub departement: String,
    pub created_at: i64,
    pub confirmed_at: Option<i64>,
}

/// The details a person may change about themselves.
#[derive(Debug, Clone)]
pub struct ProfileUpdate<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub postal_code: Option<&'a str>,
    pub country: &'a str,
    pub departement: &'a str,
    pub news_optin: bool,
}

const PERSON_COLUMNS: &str =
    "id, email, first_name, last_name, postal_code, country, phone, news_optin, \
                              referral_code, is_staff, created_at";

impl Store {
    pub async fn find_person(&self, id: PersonId) -> Result<Option<Person>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {PERSON_COLUMNS} FROM people WHERE id = $1"
        ))
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn find_person_by_email(
        &self,
        email_norm: &str,
    ) -> Result<Option<Person>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {PERSON_COLUMNS} FROM people WHERE email_norm = $1"
        ))
        .bind(email_norm)
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn signature_of(
        &self,
        person_id: PersonId,
    ) -> Result<Option<OwnSignature>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, status, departement, created_at, confirmed_at FROM signatures WHERE person_id = $1",
        )
        .bind(person_id.get())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Confirmed signatures that came through the person's share link.
    pub async fn referral_count(&self, person_id: PersonId) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM signatures WHERE referrer_id = $1 AND status = 'confirmed'",
        )
        .bind(person_id.get())
        .fetch_one(&self.pool)
        .await?)
    }

    pub async fn update_profile(
        &self,
        person_id: PersonId,
        update: &ProfileUpdate<'_>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE people SET first_name = $1, last_name = $2, postal_code = $3, country = $4, news_optin = $5, \
             updated_at = $7 WHERE id = $6",
        )
        .bind(update.first_name)
        .bind(update.last_name)
        .bind(update.postal_code)
        .bind(update.country)
        .bind(i64::from(update.news_optin))
        .bind(person_id.get())
        .bind(crate::now())
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE signatures SET departement = $1 WHERE person_id = $2")
            .bind(update.departement)
            .bind(person_id.get())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Makes the person with this (normalised) email staff. False when nobody has it.
    pub async fn grant_staff(&self, email_norm: &str) -> Result<bool, StoreError> {
        let result = sqlx::query("UPDATE people SET is_staff = 1 WHERE email_norm = $1")
            .bind(email_norm)
            .execute(&self.pool)
            .await?;
        Ok(result.rows_affected() == 1)
    }

    /// Erases the person. Their signature stays, anonymised, so the public count does not drop:
    /// it keeps its status and département, loses every link to the person.
    pub async fn delete_person(&self, person_id: PersonId) -> Result<(), StoreError> {
        self.delete_person_with(person_id, WrittenFate::Anonymised)
            .await
    }

    /// Deletes the account; what they wrote on the programme is anonymised or deleted, as they
    /// chose.
    pub async fn delete_person_with(
        &self,
        person_id: PersonId,
        programme: WrittenFate,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        crate::programme::forget_person(&mut tx, self.backend(), person_id.get(), programme)
            .await?;
        crate::electoral::withdraw_all_of(&mut tx, person_id, crate::now()).await?;
        let events: Vec<i64> = sqlx::query_scalar(
            "SELECT event_id FROM event_registrations WHERE person_id = $1 AND status = 'confirmed'",
        )
        .bind(person_id.get())
        .fetch_all(&mut *tx)
        .await?;
        let groups: Vec<i64> = sqlx::query_scalar(
            "SELECT group_id FROM group_members WHERE person_id = $1 \
             UNION SELECT group_id FROM group_requests WHERE person_id = $1",
        )
        .bind(person_id.get())
        .fetch_all(&mut *tx)
        .await?;
        // A finished material order loses its address now; one on its way keeps it until it
        // is delivered (then the retention erases it).
        sqlx::query(
            "UPDATE material_orders SET ship_name = '', ship_line1 = '', ship_line2 = NULL, \
             ship_phone = '', email = '', address_key = '', \
             address_purged_at = COALESCE(address_purged_at, $2) \
             WHERE person_id = $1 AND status IN ('delivered', 'cancelled')",
        )
        .bind(person_id.get())
        .bind(crate::now())
        .execute(&mut *tx)
        .await?;
        // Explicit rather than left to ON DELETE clauses, which SQLite only honours when the
        // connection enabled foreign keys.
        for statement in [
            "DELETE FROM group_members WHERE person_id = $1",
            "DELETE FROM group_requests WHERE person_id = $1",
            "DELETE FROM group_split_places WHERE person_id = $1",
            "DELETE FROM offline_signups WHERE person_id = $1",
            "UPDATE offline_signups SET collected_by = NULL WHERE collected_by = $1",
            "DELETE FROM action_profiles WHERE person_id = $1",
            "DELETE FROM event_registrations WHERE person_id = $1",
            "UPDATE recipe_done SET person_id = NULL WHERE person_id = $1",
            "DELETE FROM skill_contacts WHERE offer_person_id = $1 OR from_person_id = $1",
            "DELETE FROM skill_offers WHERE person_id = $1",
            "UPDATE events SET host_id = NULL WHERE host_id = $1",
            // The ledger is kept (the law wants it), detached from the account.
            "UPDATE gifts SET person_id = NULL WHERE person_id = $1",
            "UPDATE gifts SET entered_by = NULL WHERE entered_by = $1",
            "UPDATE signatures SET person_id = NULL, referrer_id = NULL WHERE person_id = $1",
            "UPDATE signatures SET referrer_id = NULL WHERE referrer_id = $1",
            // Material: the cart goes, orders and kits are detached from the account.
            "DELETE FROM material_carts WHERE person_id = $1",
            "DELETE FROM material_kit_overrides WHERE person_id = $1",
            "UPDATE material_kit_overrides SET granted_by = NULL WHERE granted_by = $1",
            "UPDATE material_kit_claims SET person_id = NULL WHERE person_id = $1",
            "UPDATE material_orders SET person_id = NULL WHERE person_id = $1",
            "UPDATE material_order_events SET actor_id = NULL WHERE actor_id = $1",
            "UPDATE material_export_batches SET created_by = NULL WHERE created_by = $1",
            "DELETE FROM electoral_statuses WHERE person_id = $1",
            "DELETE FROM electoral_reminders WHERE person_id = $1",
            "DELETE FROM electoral_reminder_optouts WHERE person_id = $1",
            "UPDATE registration_drives SET recorded_by = NULL WHERE recorded_by = $1",
            "DELETE FROM proxy_matches WHERE volunteer_id = $1 \
             OR request_id IN (SELECT id FROM proxy_requests WHERE person_id = $1) \
             OR offer_id IN (SELECT id FROM proxy_offers WHERE person_id = $1)",
            "DELETE FROM proxy_requests WHERE person_id = $1",
            "DELETE FROM proxy_offers WHERE person_id = $1",
            "UPDATE mailing_unsubscribes SET person_id = NULL WHERE person_id = $1",
            "UPDATE mailings SET author_id = NULL WHERE author_id = $1",
            "DELETE FROM outbox WHERE person_id = $1",
            "DELETE FROM login_tokens WHERE person_id = $1",
            "DELETE FROM sessions WHERE person_id = $1",
            "DELETE FROM people WHERE id = $1",
        ] {
            sqlx::query(statement)
                .bind(person_id.get())
                .execute(&mut *tx)
                .await?;
        }
        for group_id in groups {
            crate::groups::settle_after_departure(&mut tx, group_id.into(), crate::now()).await?;
        }
        // A freed place goes to the first person waiting.
        for event_id in events {
            crate::events::promote_waiting(
                &mut tx,
                essaim_domain::ids::EventId::new(event_id),
                crate::now(),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Erases people who signed but never confirmed, `before` a cut-off: we do not keep the
    /// data of someone who may not even have typed their own address.
    pub async fn purge_unconfirmed(&self, before: i64) -> Result<u64, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM people WHERE {}",
            crate::retention::UNCONFIRMED_PEOPLE
        ))
        .bind(before)
        .fetch_all(&self.pool)
        .await?;
        for id in &ids {
            self.delete_person(PersonId::new(*id)).await?;
        }
        Ok(ids.len() as u64)
    }
}

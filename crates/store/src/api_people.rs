//! People as the OSDI API sees them. Only confirmed signers are ever read: a pending signature
//! may carry an address someone else typed (double opt-in not done), a fraud-marked one has no
//! person, an erased account has no row. That is what "hidden" means for the API
//! (docs/decisions/0019-osdi-api.md).

use essaim_domain::ids::PersonId;
use essaim_domain::signature::{NewSignature, ReferralCode};

use crate::outbox::{enqueue, EmailKind};
use crate::{Store, StoreError};

/// A visible person with the dates OSDI wants.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiPerson {
    pub id: i64,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub postal_code: Option<String>,
    pub country: String,
    pub phone: Option<String>,
    #[sqlx(try_from = "crate::rows::Flag")]
    pub news_optin: bool,
    pub created_at: i64,
    pub modified_at: i64,
    pub consent_origin: Option<String>,
}

/// Where the consent of a person entered through the API comes from.
#[derive(Debug, Clone, Copy)]
pub enum ApiConsent<'a> {
    /// Not collected: the person gets the usual confirmation email and stays hidden until
    /// they confirm.
    ToConfirm,
    /// Collected elsewhere (a paper form, a stand), named: the signature counts at once.
    CollectedElsewhere { origin: &'a str },
}

/// What the signup helper did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiSignup {
    pub person_id: PersonId,
    /// False when the email matched someone already there (left as they were).
    pub created: bool,
}

/// modified_date is the later of the last change to the details (or the creation) and the
/// confirmation: a person confirming after a CRM's last sync must show up in its next one.
const MODIFIED: &str = "CASE WHEN s.confirmed_at IS NOT NULL \
     AND s.confirmed_at > COALESCE(p.updated_at, p.created_at) \
     THEN s.confirmed_at ELSE COALESCE(p.updated_at, p.created_at) END";

fn select() -> String {
    format!(
        "SELECT p.id, p.email, p.first_name, p.last_name, p.postal_code, p.country, p.phone, \
         p.news_optin, p.created_at, {MODIFIED} AS modified_at, p.consent_origin \
         FROM people p JOIN signatures s ON s.person_id = p.id AND s.status = 'confirmed'"
    )
}

impl Store {
    /// How many visible people were modified after `since` (all of them when None).
    pub async fn count_api_people(&self, since: Option<i64>) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(&format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM people p \
             JOIN signatures s ON s.person_id = p.id AND s.status = 'confirmed' \
             WHERE {MODIFIED} > $1"
        ))
        .bind(since.unwrap_or(i64::MIN))
        .fetch_one(&self.pool)
        .await?)
    }

    /// One page of visible people modified after `since`, in id order.
    pub async fn api_people(
        &self,
        since: Option<i64>,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<ApiPerson>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{} WHERE {MODIFIED} > $1 ORDER BY p.id LIMIT $2 OFFSET $3",
            select()
        ))
        .bind(since.unwrap_or(i64::MIN))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The person if visible.
    pub async fn api_person(&self, id: PersonId) -> Result<Option<ApiPerson>, StoreError> {
        Ok(sqlx::query_as(&format!("{} WHERE p.id = $1", select()))
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Finds the person by normalised email, or creates them with a signature: pending (and a
    /// confirmation email queued) unless the consent was collected elsewhere. Someone already
    /// there is left untouched, as when signing twice: a token cannot rewrite a record.
    pub async fn api_signup(
        &self,
        signature: &NewSignature,
        consent: ApiConsent<'_>,
        now: i64,
    ) -> Result<ApiSignup, StoreError> {
        let mut tx = self.begin_write().await?;
        let origin = match consent {
            ApiConsent::ToConfirm => None,
            ApiConsent::CollectedElsewhere { origin } => Some(origin),
        };
        for _ in 0..3 {
            let existing: Option<i64> =
                sqlx::query_scalar("SELECT id FROM people WHERE email_norm = $1")
                    .bind(signature.email.normalized())
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some(id) = existing {
                tx.commit().await?;
                return Ok(ApiSignup {
                    person_id: PersonId::new(id),
                    created: false,
                });
            }
            let code = ReferralCode::generate(&mut rand::thread_rng());
            // DO NOTHING: a concurrent insert of the same email or a referral-code collision;
            // the loop then finds the person or draws another code.
            let inserted: Option<i64> = sqlx::query_scalar(
                "INSERT INTO people (email, email_norm, first_name, last_name, postal_code, country, \
                 phone, news_optin, referral_code, created_at, consent_origin) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING id",
            )
            .bind(signature.email.as_str())
            .bind(signature.email.normalized())
            .bind(signature.first_name.as_str())
            .bind(signature.last_name.as_str())
            .bind(signature.location.postal_code())
            .bind(signature.location.country_code())
            .bind(signature.phone.as_ref().map(|p| p.as_str()))
            .bind(i64::from(signature.news_optin))
            .bind(code.as_str())
            .bind(now)
            .bind(origin)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(id) = inserted else { continue };
            let person_id = PersonId::new(id);
            let (status, confirmed_at, emails) = match origin {
                Some(_) => ("confirmed", Some(now), 0_i64),
                None => ("pending", None, 1),
            };
            sqlx::query(
                "INSERT INTO signatures (person_id, status, departement, emails_sent, created_at, confirmed_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(status)
            .bind(signature.location.departement())
            .bind(emails)
            .bind(now)
            .bind(confirmed_at)
            .execute(&mut *tx)
            .await?;
            if origin.is_none() {
                enqueue(&mut tx, person_id, EmailKind::ConfirmSignature, now).await?;
            }
            tx.commit().await?;
            self.signal_outbox();
            return Ok(ApiSignup {
                person_id,
                created: true,
            });
        }
        Err(StoreError::NoReferralCode)
    }
}

//! Donations as the OSDI API sees them: the money received, i.e. the ledger's payment lines
//! (a one-off gift paid, each instalment of a monthly gift, a cheque entered by staff), with
//! what was refunded since. A gift asked but not paid (pending, refused, to confirm) has no
//! line and is never listed. Nothing of the card, the bank or the payment's reference is read,
//! nor the donor's address: only the amount and dates, and the donor's id when they are a
//! person the people API shows (docs/decisions/0019-osdi-api.md).

use crate::{Store, StoreError};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiDonation {
    pub id: i64,
    pub amount_cents: i64,
    /// Refunded since, as a positive amount.
    pub refunded_cents: i64,
    /// The day the money was received, `YYYY-MM-DD`.
    pub paid_on: String,
    /// The donor, when a confirmed signer (else None: the API names no one it hides).
    pub donor_id: Option<i64>,
    pub created_at: i64,
    pub modified_at: i64,
}

/// A refund is a later line, negative, pointing at the payment: the last one dates the change.
const MODIFIED: &str = "COALESCE((SELECT MAX(r.created_at) FROM payments r \
     WHERE r.refunds_payment_id = p.id), p.created_at)";

fn select() -> String {
    format!(
        "SELECT p.id, p.amount_cents, \
         (SELECT CAST(COALESCE(SUM(-r.amount_cents), 0) AS BIGINT) FROM payments r \
          WHERE r.refunds_payment_id = p.id) AS refunded_cents, \
         p.paid_on, \
         CASE WHEN EXISTS (SELECT 1 FROM signatures s WHERE s.person_id = g.person_id \
          AND s.status = 'confirmed') THEN g.person_id ELSE NULL END AS donor_id, \
         p.created_at, {MODIFIED} AS modified_at \
         FROM payments p JOIN gifts g ON g.id = p.gift_id"
    )
}

/// Money received, not a refund line.
const RECEIVED: &str = "p.amount_cents > 0";

impl Store {
    /// How many donations were received or refunded after `since`.
    pub async fn count_api_donations(&self, since: Option<i64>) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(&format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM payments p WHERE {RECEIVED} AND {MODIFIED} > $1"
        ))
        .bind(since.unwrap_or(i64::MIN))
        .fetch_one(&self.pool)
        .await?)
    }

    /// One page of donations received or refunded after `since`, in id order.
    pub async fn api_donations(
        &self,
        since: Option<i64>,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<ApiDonation>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "{} WHERE {RECEIVED} AND {MODIFIED} > $1 ORDER BY p.id LIMIT $2 OFFSET $3",
            select()
        ))
        .bind(since.unwrap_or(i64::MIN))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn api_donation(&self, id: i64) -> Result<Option<ApiDonation>, StoreError> {
        Ok(
            sqlx::query_as(&format!("{} WHERE {RECEIVED} AND p.id = $1", select()))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}

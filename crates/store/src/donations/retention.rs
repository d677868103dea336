//! Forgetting gifts: a gift asked but never paid is erased after a few weeks (it is not in the
//! ledger, nothing obliges us to keep it); a ledger line is erased once the legal retention has
//! passed (see `essaim_domain::donations::retention`), with the gift and the provider's
//! records that only it needed.

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::{Store, StoreError};

/// Gifts with no ledger line and no monthly gift.
const WITHOUT_LINE: &str = "NOT EXISTS (SELECT 1 FROM payments p WHERE p.gift_id = gifts.id) \
    AND NOT EXISTS (SELECT 1 FROM monthly_gifts m WHERE m.gift_id = gifts.id)";

/// Paid gifts whose lines are all gone: a paid gift gets its line (or its monthly gift) in the
/// transaction that accepts it, so none is caught between the two.
const PAID_WITHOUT_LINE: &str = "gifts.status = 'accepted' AND NOT EXISTS \
    (SELECT 1 FROM payments p WHERE p.gift_id = gifts.id) AND NOT EXISTS \
    (SELECT 1 FROM monthly_gifts m WHERE m.gift_id = gifts.id)";

/// Gifts asked before `$1` and never paid: waiting for the email confirmation or the provider,
/// or refused.
fn unpaid_before() -> String {
    format!("gifts.status IN ('to_confirm', 'pending', 'refused') AND gifts.created_at < $1 AND {WITHOUT_LINE}")
}

/// Ledger lines received before `$1` (a day). A payment refunded on or after that day stays as
/// long as its refund does; a refund always goes with or before the payment it refunds.
const LINE_PAST: &str = "payments.paid_on < $1 AND NOT EXISTS \
    (SELECT 1 FROM payments r WHERE r.refunds_payment_id = payments.id AND r.paid_on >= $1)";

impl Store {
    /// How many gifts `purge_unpaid_gifts(before)` would erase.
    pub async fn count_unpaid_gifts(&self, before: i64) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM gifts WHERE {}",
            unpaid_before()
        ))
        .bind(before)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Erases the gifts asked before `before` (Unix seconds) and never paid. Returns how many.
    pub async fn purge_unpaid_gifts(&self, before: i64) -> Result<u64, StoreError> {
        let unpaid = unpaid_before();
        let mut tx = self.begin_write().await?;
        sqlx::query(&format!(
            "DELETE FROM provider_transactions WHERE gift_id IN (SELECT id FROM gifts WHERE {unpaid})"
        ))
        .bind(before)
        .execute(&mut *tx)
        .await?;
        let erased = sqlx::query(&format!("DELETE FROM gifts WHERE {unpaid}"))
            .bind(before)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(erased)
    }

    /// How many lines `purge_ledger_before(kept_from)` would erase.
    pub async fn count_ledger_before(&self, kept_from: Date) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM payments WHERE {LINE_PAST}"))
                .bind(kept_from.to_string())
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Erases the ledger lines received before `kept_from`, then what only they needed: the
    /// stopped monthly gifts and the gifts left without a line, the provider's records, the
    /// cap refusals and notification log of those years. Returns the lines erased.
    pub async fn purge_ledger_before(&self, kept_from: Date) -> Result<u64, StoreError> {
        let day = kept_from.to_string();
        let instant = kept_from
            .to_zoned(TimeZone::UTC)
            .map(|z| z.timestamp().as_second())
            .unwrap_or(i64::MIN);
        let mut tx = self.begin_write().await?;
        // Refunds first: they point at the payment they refund. Deleting them does not change
        // which payments the condition then selects (it looks only at later refunds).
        let refunds = sqlx::query(&format!(
            "DELETE FROM payments WHERE refunds_payment_id IS NOT NULL AND {LINE_PAST}"
        ))
        .bind(&day)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let payments = sqlx::query(&format!("DELETE FROM payments WHERE {LINE_PAST}"))
            .bind(&day)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query(
            "DELETE FROM monthly_gifts WHERE status <> 'active' AND created_at < $1 AND NOT EXISTS \
             (SELECT 1 FROM payments p WHERE p.monthly_gift_id = monthly_gifts.id)",
        )
        .bind(instant)
        .execute(&mut *tx)
        .await?;
        for statement in [
            format!(
                "DELETE FROM provider_transactions WHERE gift_id IN \
                 (SELECT id FROM gifts WHERE {PAID_WITHOUT_LINE})"
            ),
            format!("DELETE FROM gifts WHERE {PAID_WITHOUT_LINE}"),
        ] {
            sqlx::query(&statement).execute(&mut *tx).await?;
        }
        for statement in [
            "DELETE FROM provider_transactions WHERE received_at < $1",
            "DELETE FROM provider_notification_log WHERE received_at < $1",
            "DELETE FROM cap_refusals WHERE created_at < $1",
        ] {
            sqlx::query(statement)
                .bind(instant)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(refunds + payments)
    }
}

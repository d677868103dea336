//! What one person stands at against the cap: every payment of the period matched on their
//! email or on their name and postal code (the same person typing another address is still
//! the same person), and what their monthly gift will still take before the period ends.

use essaim_domain::donations::{CapCheck, Cents, Donor, OverCap, Period, Regime};
use jiff::civil::Date;

use super::MonthlyGift;
use crate::{Store, StoreError};

/// The two keys a donor is recognised by.
#[derive(Debug, Clone, Copy)]
pub struct DonorKeys<'a> {
    pub email_norm: &'a str,
    pub name_key: &'a str,
}

impl Store {
    /// The person's standing against the cap of `period` on `today`. `replacing` leaves out
    /// their current monthly gift, which the gift being asked will replace.
    pub async fn cap_check(
        &self,
        regime: &Regime,
        keys: DonorKeys<'_>,
        period: Period,
        today: Date,
        replacing: bool,
    ) -> Result<CapCheck, StoreError> {
        let given: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) FROM payments \
             WHERE (email_norm = $1 OR name_key = $2) AND paid_on >= $3 AND paid_on <= $4",
        )
        .bind(keys.email_norm)
        .bind(keys.name_key)
        .bind(period.starts.to_string())
        .bind(period.ends.to_string())
        .fetch_one(&self.pool)
        .await?;
        let scheduled = match self.active_monthly_gift(keys).await? {
            Some(monthly) if !replacing => self.still_scheduled(&monthly, period, today).await?,
            _ => Cents::ZERO,
        };
        Ok(CapCheck {
            cap: regime.cap(),
            given: Cents::new(given),
            scheduled,
        })
    }

    /// Instalments of `monthly` due in the period and not yet paid.
    async fn still_scheduled(
        &self,
        monthly: &MonthlyGift,
        period: Period,
        today: Date,
    ) -> Result<Cents, StoreError> {
        let Ok(starts) = monthly.starts_on.parse::<Date>() else {
            return Ok(Cents::ZERO);
        };
        let paid: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM payments WHERE monthly_gift_id = $1 AND amount_cents > 0 \
             AND paid_on >= $2 AND paid_on <= $3",
        )
        .bind(monthly.id.get())
        .bind(period.starts.to_string())
        .bind(period.ends.to_string())
        .fetch_one(&self.pool)
        .await?;
        // Due dates already past but unpaid (a failed instalment) are not counted again.
        let due_from_today = Period {
            starts: today.max(period.starts),
            ends: period.ends,
        };
        let to_come = due_from_today.instalments_from(starts);
        let counted = period.instalments_from(starts);
        let left = to_come.min(counted - paid).max(0);
        Ok(monthly.amount() * left)
    }

    /// Keeps the trace of a gift refused for the cap, for staff.
    pub async fn record_cap_refusal(
        &self,
        donor: &Donor,
        refused: OverCap,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO cap_refusals (email_norm, first_name, last_name, postal_code, asked_cents, \
             remaining_cents, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(donor.email.normalized())
        .bind(donor.first_name.as_str())
        .bind(donor.last_name.as_str())
        .bind(&donor.address.postal_code)
        .bind(refused.asked.get())
        .bind(refused.remaining.get())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

//! Monthly gifts (the provider's subscriptions): one active per donor, stopped in one click,
//! and the card-expiry reminder.

use essaim_domain::donations::Cents;
use essaim_domain::ids::{GiftId, MonthlyGiftId, PersonId};
use essaim_domain::news::{DonationNews, News};

use super::DonorKeys;
use crate::notice::enqueue_news;
use crate::{Store, StoreError};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MonthlyGift {
    #[sqlx(try_from = "i64")]
    pub id: MonthlyGiftId,
    #[sqlx(try_from = "i64")]
    pub gift_id: GiftId,
    pub email_norm: String,
    pub amount_cents: i64,
    /// `AAAA-MM-JJ`: the first instalment; the next ones fall on the same day of each month.
    pub starts_on: String,
    pub status: String,
    pub provider_subscription: String,
    pub provider_token: String,
    pub card_expires: Option<String>,
    pub instalments_paid: i64,
    pub failures: i64,
}

impl MonthlyGift {
    pub fn amount(&self) -> Cents {
        Cents::new(self.amount_cents)
    }
}

const MONTHLY_COLUMNS: &str = "m.id, m.gift_id, m.email_norm, m.amount_cents, m.starts_on, \
    m.status, m.provider_subscription, m.provider_token, m.card_expires, m.instalments_paid, m.failures";

impl Store {
    /// The donor's active monthly gift, matched on email or on name and postal code.
    pub async fn active_monthly_gift(
        &self,
        keys: DonorKeys<'_>,
    ) -> Result<Option<MonthlyGift>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {MONTHLY_COLUMNS} FROM monthly_gifts m \
             WHERE m.status = 'active' AND (m.email_norm = $1 OR m.name_key = $2) ORDER BY m.id LIMIT 1"
        ))
        .bind(keys.email_norm)
        .bind(keys.name_key)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The active monthly gift of a logged-in person (through the gifts of their account).
    pub async fn monthly_gift_of_person(
        &self,
        person_id: PersonId,
    ) -> Result<Option<MonthlyGift>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {MONTHLY_COLUMNS} FROM monthly_gifts m JOIN gifts g ON g.id = m.gift_id \
             WHERE m.status = 'active' AND g.person_id = $1 ORDER BY m.id LIMIT 1"
        ))
        .bind(person_id.get())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Every active monthly gift (the simulator plays their instalments; staff list them).
    pub async fn active_monthly_gifts(&self) -> Result<Vec<MonthlyGift>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {MONTHLY_COLUMNS} FROM monthly_gifts m WHERE m.status = 'active' ORDER BY m.id"
        ))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Stops the monthly gift `id` of `person_id`; None when it is not theirs or not active.
    /// The caller then cancels the subscription with the provider.
    pub async fn stop_monthly_gift(
        &self,
        id: MonthlyGiftId,
        person_id: PersonId,
        now: i64,
    ) -> Result<Option<MonthlyGift>, StoreError> {
        let mut tx = self.begin_write().await?;
        let monthly: Option<MonthlyGift> = sqlx::query_as(&format!(
            "SELECT {MONTHLY_COLUMNS} FROM monthly_gifts m JOIN gifts g ON g.id = m.gift_id \
             WHERE m.id = $1 AND g.person_id = $2 AND m.status = 'active'"
        ))
        .bind(id.get())
        .bind(person_id.get())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(monthly) = monthly else {
            return Ok(None);
        };
        sqlx::query("UPDATE monthly_gifts SET status = 'stopped', stopped_at = $2 WHERE id = $1")
            .bind(id.get())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        let news = News::Donation(DonationNews::MonthlyStopped {
            amount_cents: monthly.amount_cents,
        });
        enqueue_news(&mut tx, person_id, &news, now).await?;
        tx.commit().await?;
        Ok(Some(monthly))
    }

    /// Emails, once, the donors whose card expires in `month` (`AAAA-MM`): without a new card
    /// their monthly gift stops. Returns how many were told.
    pub async fn remind_expiring_cards(&self, month: &str, now: i64) -> Result<u64, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Expiring {
            id: i64,
            person_id: i64,
            amount_cents: i64,
        }
        let mut tx = self.begin_write().await?;
        let expiring: Vec<Expiring> = sqlx::query_as(
            "SELECT m.id, g.person_id, m.amount_cents FROM monthly_gifts m JOIN gifts g ON g.id = m.gift_id \
             WHERE m.status = 'active' AND m.card_expires = $1 AND m.expiry_reminded = 0 \
             AND g.person_id IS NOT NULL",
        )
        .bind(month)
        .fetch_all(&mut *tx)
        .await?;
        for card in &expiring {
            sqlx::query("UPDATE monthly_gifts SET expiry_reminded = 1 WHERE id = $1")
                .bind(card.id)
                .execute(&mut *tx)
                .await?;
            let news = News::Donation(DonationNews::CardExpiring {
                amount_cents: card.amount_cents,
                month: month.to_string(),
            });
            enqueue_news(&mut tx, PersonId::new(card.person_id), &news, now).await?;
        }
        tx.commit().await?;
        Ok(expiring.len() as u64)
    }
}

//! A gift as asked on the form, and the person it belongs to (found by email, or created
//! without a signature, so that the acknowledgement can be emailed and Mon espace shows it).

use essaim_domain::donations::{Cents, Donor, Frequency, PaymentMethod};
use essaim_domain::ids::{GiftId, PaymentId, PersonId};
use essaim_domain::signature::ReferralCode;
use sqlx::AnyConnection;

use crate::outbox::{enqueue_with_payload, EmailKind, MonthlyToConfirm};
use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GiftStatus {
    /// Monthly gift of a donor without a session: waits for the click in the email.
    ToConfirm,
    /// Sent to the provider, no notification yet.
    Pending,
    /// The provider took the payment (one-off) or created the subscription (monthly).
    Accepted,
    Refused,
}

impl GiftStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::ToConfirm => "to_confirm",
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Refused => "refused",
        }
    }

    pub fn parse(code: &str) -> Result<Self, String> {
        match code {
            "to_confirm" => Ok(Self::ToConfirm),
            "pending" => Ok(Self::Pending),
            "accepted" => Ok(Self::Accepted),
            "refused" => Ok(Self::Refused),
            other => Err(format!("unknown gift status {other:?}")),
        }
    }
}

impl TryFrom<String> for GiftStatus {
    type Error = String;
    fn try_from(code: String) -> Result<Self, String> {
        Self::parse(&code)
    }
}

/// What is recorded of a new gift.
pub struct NewGiftRecord<'a> {
    pub donor: &'a Donor,
    pub amount: Cents,
    pub frequency: Frequency,
    pub method: PaymentMethod,
    pub status: GiftStatus,
    /// The monthly gift asked replaces the donor's current one (they said so on the form).
    pub replaces_monthly: bool,
    /// Staff who entered a cheque or cash gift.
    pub entered_by: Option<PersonId>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Gift {
    #[sqlx(try_from = "i64")]
    pub id: GiftId,
    #[sqlx(try_from = "crate::rows::NullableId")]
    pub person_id: Option<PersonId>,
    pub email: String,
    pub email_norm: String,
    pub name_key: String,
    pub civility: String,
    pub first_name: String,
    pub last_name: String,
    pub postal_code: String,
    pub amount_cents: i64,
    pub frequency: String,
    #[sqlx(try_from = "String")]
    pub status: GiftStatus,
    #[sqlx(try_from = "crate::rows::Flag")]
    pub replaces_monthly: bool,
    pub created_at: i64,
}

impl Gift {
    pub fn amount(&self) -> Cents {
        Cents::new(self.amount_cents)
    }

    pub fn monthly(&self) -> bool {
        self.frequency == Frequency::Monthly.code()
    }
}

/// One line of a person's ledger, for Mon espace.
#[derive(Debug, Clone, serde::Serialize, sqlx::FromRow)]
pub struct PaymentLine {
    #[sqlx(try_from = "i64")]
    pub id: PaymentId,
    pub paid_on: String,
    pub amount_cents: i64,
    pub method: String,
    #[sqlx(try_from = "crate::rows::Flag")]
    pub monthly: bool,
}

pub(super) const GIFT_COLUMNS: &str =
    "id, person_id, email, email_norm, name_key, civility, first_name, \
    last_name, postal_code, amount_cents, frequency, status, replaces_monthly, created_at";

impl Store {
    /// Records the gift and returns it with its person (the one with this email, or a new one).
    pub async fn create_gift(
        &self,
        new: &NewGiftRecord<'_>,
        now: i64,
    ) -> Result<(GiftId, PersonId), StoreError> {
        let mut tx = self.begin_write().await?;
        let person_id = person_for(&mut tx, new.donor, now).await?;
        let gift_id = insert_gift(&mut tx, new, person_id, now).await?;
        if new.status == GiftStatus::ToConfirm {
            let payload = MonthlyToConfirm {
                gift_id,
                amount_cents: new.amount.get(),
            };
            let payload = serde_json::to_string(&payload).unwrap_or_default();
            enqueue_with_payload(
                &mut tx,
                person_id,
                EmailKind::ConfirmMonthlyGift,
                &payload,
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok((gift_id, person_id))
    }

    pub async fn gift(&self, id: GiftId) -> Result<Option<Gift>, StoreError> {
        Ok(
            sqlx::query_as(&format!("SELECT {GIFT_COLUMNS} FROM gifts WHERE id = $1"))
                .bind(id.get())
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The emailed link of a monthly gift was followed: it may now go to the provider.
    /// False when it was already confirmed (a second click) or is not a monthly gift to confirm.
    pub async fn confirm_monthly_gift(&self, id: GiftId) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE gifts SET status = 'pending' WHERE id = $1 AND status = 'to_confirm'",
        )
        .bind(id.get())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(done == 1)
    }

    /// Everything received, refunds deducted (the home page's total).
    pub async fn total_raised(&self) -> Result<Cents, StoreError> {
        let total: i64 = sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(amount_cents), 0) AS BIGINT) FROM payments",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(Cents::new(total))
    }

    /// The payments of a person's gifts, newest first (refunds as negative amounts).
    pub async fn payments_of_person(
        &self,
        person_id: PersonId,
    ) -> Result<Vec<PaymentLine>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT p.id, p.paid_on, p.amount_cents, p.method, \
             CASE WHEN p.monthly_gift_id IS NULL THEN 0 ELSE 1 END AS monthly \
             FROM payments p JOIN gifts g ON g.id = p.gift_id \
             WHERE g.person_id = $1 ORDER BY p.paid_on DESC, p.id DESC",
        )
        .bind(person_id.get())
        .fetch_all(&self.pool)
        .await?)
    }
}

/// The person with the donor's email, or a new one (no signature: giving is not signing).
pub(super) async fn person_for(
    conn: &mut AnyConnection,
    donor: &Donor,
    now: i64,
) -> Result<PersonId, StoreError> {
    let find = "SELECT id FROM people WHERE email_norm = $1";
    for _ in 0..3 {
        if let Some(id) = sqlx::query_scalar::<_, i64>(find)
            .bind(donor.email.normalized())
            .fetch_optional(&mut *conn)
            .await?
        {
            return Ok(PersonId::new(id));
        }
        let address = &donor.address;
        let code = ReferralCode::generate(&mut rand::thread_rng());
        // DO NOTHING: the same email inserted at the same instant, or a referral code drawn
        // twice; the loop then finds the person or draws again.
        let inserted: Option<i64> = sqlx::query_scalar(
            "INSERT INTO people (email, email_norm, first_name, last_name, postal_code, country, \
             phone, news_optin, referral_code, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9) \
             ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(donor.email.as_str())
        .bind(donor.email.normalized())
        .bind(donor.first_name.as_str())
        .bind(donor.last_name.as_str())
        .bind(address.in_france().then_some(address.postal_code.as_str()))
        .bind(address.country)
        .bind(donor.phone.as_ref().map(|p| p.as_str()))
        .bind(code.as_str())
        .bind(now)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some(id) = inserted {
            return Ok(PersonId::new(id));
        }
    }
    Err(StoreError::NoReferralCode)
}

pub(super) async fn insert_gift(
    conn: &mut AnyConnection,
    new: &NewGiftRecord<'_>,
    person_id: PersonId,
    now: i64,
) -> Result<GiftId, StoreError> {
    let donor = new.donor;
    let address = &donor.address;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO gifts (person_id, email, email_norm, name_key, civility, first_name, last_name, \
         address_line1, address_line2, postal_code, commune, country, phone, nationality, \
         fiscal_resident, sworn_at, amount_cents, frequency, method, status, replaces_monthly, \
         entered_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, \
         $14, $15, $16, $17, $18, $19, $20, $21, $22, $16) RETURNING id",
    )
    .bind(person_id.get())
    .bind(donor.email.as_str())
    .bind(donor.email.normalized())
    .bind(donor.name_key())
    .bind(donor.civility.code())
    .bind(donor.first_name.as_str())
    .bind(donor.last_name.as_str())
    .bind(&address.line1)
    .bind(address.line2.as_deref())
    .bind(&address.postal_code)
    .bind(&address.commune)
    .bind(address.country)
    .bind(donor.phone.as_ref().map(|p| p.as_str()))
    .bind(donor.nationality.code())
    .bind(i64::from(donor.fiscal_resident))
    .bind(now)
    .bind(new.amount.get())
    .bind(new.frequency.code())
    .bind(new.method.code())
    .bind(new.status.code())
    .bind(i64::from(new.replaces_monthly))
    .bind(new.entered_by.map(PersonId::get))
    .fetch_one(&mut *conn)
    .await?;
    Ok(GiftId::new(id))
}

impl Store {
    /// A cheque or cash gift entered by staff: the gift, its ledger line and the
    /// acknowledgement, at once (the money is already in hand).
    pub async fn enter_staff_gift(
        &self,
        entry: &essaim_domain::donations::StaffEntry,
        staff: PersonId,
        now: i64,
    ) -> Result<PaymentId, StoreError> {
        let mut tx = self.begin_write().await?;
        let person_id = person_for(&mut tx, &entry.donor, now).await?;
        let record = NewGiftRecord {
            donor: &entry.donor,
            amount: entry.amount,
            frequency: Frequency::Once,
            method: entry.method,
            status: GiftStatus::Accepted,
            replaces_monthly: false,
            entered_by: Some(staff),
        };
        let gift_id = insert_gift(&mut tx, &record, person_id, now).await?;
        let reference = entry
            .reference
            .clone()
            .unwrap_or_else(|| entry.method.label().to_string());
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO payments (gift_id, method, amount_cents, paid_on, reference, email_norm, \
             name_key, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(gift_id.get())
        .bind(entry.method.code())
        .bind(entry.amount.get())
        .bind(entry.received_on.to_string())
        .bind(reference)
        .bind(entry.donor.email.normalized())
        .bind(entry.donor.name_key())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let payment = PaymentId::new(id);
        super::notices::acknowledge_staff_entry(
            &mut tx,
            person_id,
            payment,
            entry.amount,
            entry.received_on,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(payment)
    }
}

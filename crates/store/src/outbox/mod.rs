//! The email outbox: emails are recorded in the same transaction as what caused them, then the
//! mail worker claims them in batches, delivers them and records the outcome. A failed delivery
//! is retried with backoff, never loses its cause, and ends as a dead letter staff can see.

mod claims;
mod dead_letters;

use essaim_domain::ids::PersonId;
use sqlx::AnyConnection;

use crate::{Store, StoreError};

pub use claims::{PendingEmail, CLAIM_LEASE_SECS};
pub use dead_letters::{DeadLetter, OutboxCounts};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailKind {
    ConfirmSignature,
    AlreadySigned,
    Login,
    /// News told to one person (payload: a `News`, worded by the mail crate; or, queued by an
    /// earlier version, the words themselves).
    Notice,
    /// The link that confirms a monthly gift asked without a session (payload: a
    /// `MonthlyToConfirm`).
    ConfirmMonthlyGift,
    /// A mailing from the back-office (the row's `mailing_id` says which).
    Mailing,
    /// A mailing's test, to the staff member writing it (payload: a `MailingLetter`).
    MailingTest,
}

/// The payload of a `ConfirmMonthlyGift` email.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct MonthlyToConfirm {
    pub gift_id: essaim_domain::ids::GiftId,
    pub amount_cents: i64,
}

impl EmailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ConfirmSignature => "confirm_signature",
            Self::AlreadySigned => "already_signed",
            Self::Login => "login",
            Self::Notice => "notice",
            Self::ConfirmMonthlyGift => "confirm_monthly_gift",
            Self::Mailing => "mailing",
            Self::MailingTest => "mailing_test",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            Self::ConfirmSignature,
            Self::AlreadySigned,
            Self::Login,
            Self::Notice,
            Self::ConfirmMonthlyGift,
            Self::Mailing,
            Self::MailingTest,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == raw)
    }
}

pub(crate) async fn enqueue(
    conn: &mut AnyConnection,
    person_id: PersonId,
    kind: EmailKind,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO outbox (person_id, kind, next_attempt_at, created_at) VALUES ($1, $2, $3, $3)",
    )
    .bind(person_id.get())
    .bind(kind.as_str())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn enqueue_with_payload(
    conn: &mut AnyConnection,
    person_id: PersonId,
    kind: EmailKind,
    payload: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO outbox (person_id, kind, payload, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(person_id.get())
    .bind(kind.as_str())
    .bind(payload)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    pub async fn enqueue_email(
        &self,
        person_id: PersonId,
        kind: EmailKind,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await?;
        enqueue(&mut conn, person_id, kind, now).await?;
        self.signal_outbox();
        Ok(())
    }

    /// Tells this instance's mail worker that emails were just queued, so that it claims them
    /// now rather than at its next poll (other instances find them when they poll).
    pub fn signal_outbox(&self) {
        self.outbox_signal.notify_one();
    }

    /// Resolves when `signal_outbox` is called (or was called since the last wait).
    pub async fn outbox_signalled(&self) {
        self.outbox_signal.notified().await;
    }
}

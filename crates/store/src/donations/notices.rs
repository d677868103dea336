//! What the payment provider notifies (already checked against its signature by the payment
//! adapter), processed once per provider transaction. The first notification of a
//! `trans_uuid` is recorded with the digest of its content, in the transaction that records
//! its effect: a replay (same digest) changes nothing, a changed replay is refused and logged.
//! Two notifications at the same instant cannot both pass: the transaction's key is a
//! primary key and the ledger's `transaction_key` is unique.

use essaim_domain::donations::export::LedgerLine;
use essaim_domain::donations::Cents;
use essaim_domain::ids::{GiftId, PaymentId, PersonId};
use essaim_domain::news::{DonationNews, News};
use jiff::civil::Date;
use sqlx::AnyConnection;

use super::gifts::GIFT_COLUMNS;
use super::{Gift, GiftStatus, MonthlyGift};
use crate::notice::enqueue_news;
use crate::{Store, StoreError};

/// A notification, as the store needs it.
#[derive(Debug, Clone)]
pub struct ProviderNotice {
    pub trans_uuid: String,
    /// Of the content, without the fields a re-send changes (see the payment adapter).
    pub digest: String,
    /// The notification as JSON, card fields removed.
    pub fields: String,
    pub received_at: i64,
    /// The day the payment counts on (Europe/Paris).
    pub paid_on: Date,
    pub kind: NoticeKind,
}

#[derive(Debug, Clone)]
pub enum NoticeKind {
    /// A one-off payment of the gift the provider calls the order.
    Payment {
        gift: GiftId,
        amount: Cents,
        accepted: bool,
    },
    /// The subscription of a monthly gift was created (or refused).
    Subscription {
        gift: GiftId,
        subscription: String,
        token: String,
        /// `AAAA-MM`.
        card_expires: Option<String>,
        starts_on: Date,
        accepted: bool,
    },
    /// An instalment of a subscription, paid or failed.
    Instalment {
        subscription: String,
        amount: Cents,
        accepted: bool,
    },
    /// A refund of a payment of the gift.
    Refund { gift: GiftId, amount: Cents },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeOutcome {
    /// Processed: a payment, a refusal, a subscription… `replaced` is the subscription the new
    /// monthly gift replaces, to cancel with the provider (subscription id, token).
    Recorded { replaced: Option<(String, String)> },
    /// The same notification again (a retry, a re-send from the back-office): nothing done.
    Replay,
    /// Same transaction, other content: refused, logged for staff.
    Changed,
    /// No gift or subscription of ours has this reference.
    UnknownOrder,
    /// A refund of nothing we received (or of more than we received).
    UnknownRefund,
    /// The amount paid is not the amount asked.
    AmountMismatch,
}

impl NoticeOutcome {
    fn log_code(&self) -> &'static str {
        match self {
            Self::Recorded { .. } => "enregistree",
            Self::Replay => "doublon",
            Self::Changed => "contenu_modifie",
            Self::UnknownOrder => "commande_inconnue",
            Self::UnknownRefund => "remboursement_inconnu",
            Self::AmountMismatch => "montant_different",
        }
    }
}

impl NoticeKind {
    fn operation(&self) -> &'static str {
        match self {
            Self::Payment { .. } => "payment",
            Self::Subscription { .. } => "subscription",
            Self::Instalment { .. } => "instalment",
            Self::Refund { .. } => "refund",
        }
    }
}

impl Store {
    pub async fn record_provider_notice(
        &self,
        notice: &ProviderNotice,
    ) -> Result<NoticeOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        let first = sqlx::query(
            "INSERT INTO provider_transactions (trans_uuid, digest, operation, outcome, fields, received_at) \
             VALUES ($1, $2, $3, 'processing', $4, $5) ON CONFLICT (trans_uuid) DO NOTHING",
        )
        .bind(&notice.trans_uuid)
        .bind(&notice.digest)
        .bind(notice.kind.operation())
        .bind(&notice.fields)
        .bind(notice.received_at)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        let outcome = if first {
            apply(&mut tx, notice).await?
        } else {
            let digest: String = sqlx::query_scalar(
                "SELECT digest FROM provider_transactions WHERE trans_uuid = $1",
            )
            .bind(&notice.trans_uuid)
            .fetch_one(&mut *tx)
            .await?;
            if digest == notice.digest {
                NoticeOutcome::Replay
            } else {
                NoticeOutcome::Changed
            }
        };
        match &outcome {
            NoticeOutcome::Recorded { .. } => {
                tx.commit().await?;
            }
            NoticeOutcome::Replay | NoticeOutcome::Changed => {
                log(&mut tx, notice, &outcome).await?;
                tx.commit().await?;
            }
            _ => {
                // Nothing of it is kept but the log line: a later, correct notification of
                // the same transaction is then processed normally.
                drop(tx);
                let mut tx = self.begin_write().await?;
                log(&mut tx, notice, &outcome).await?;
                tx.commit().await?;
            }
        }
        Ok(outcome)
    }
}

impl Store {
    /// A monthly gift replaced here whose old subscription the provider could not be made to
    /// cancel: staff must stop it from the provider's back-office, or it keeps being debited.
    /// Listed with the notifications not processed, under the subscription's reference.
    pub async fn record_cancel_failure(
        &self,
        subscription: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO provider_notification_log (trans_uuid, digest, outcome, fields, received_at) \
             VALUES ($1, '', 'annulation_a_faire', '{}', $2)",
        )
        .bind(subscription)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn log(
    conn: &mut AnyConnection,
    notice: &ProviderNotice,
    outcome: &NoticeOutcome,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO provider_notification_log (trans_uuid, digest, outcome, fields, received_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&notice.trans_uuid)
    .bind(&notice.digest)
    .bind(outcome.log_code())
    .bind(&notice.fields)
    .bind(notice.received_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn apply(
    conn: &mut AnyConnection,
    notice: &ProviderNotice,
) -> Result<NoticeOutcome, StoreError> {
    let (gift_id, outcome, result) = match &notice.kind {
        NoticeKind::Payment {
            gift,
            amount,
            accepted,
        } => {
            let Some(found) = gift_in(conn, *gift).await? else {
                return Ok(NoticeOutcome::UnknownOrder);
            };
            if found.monthly() || found.amount() != *amount {
                return Ok(NoticeOutcome::AmountMismatch);
            }
            if *accepted {
                let payment = insert_payment(conn, notice, &found, None, *amount).await?;
                settle(conn, found.id, GiftStatus::Accepted, notice.received_at).await?;
                acknowledge(conn, &found, payment, *amount, false, notice).await?;
                (
                    Some(found.id),
                    "paid",
                    NoticeOutcome::Recorded { replaced: None },
                )
            } else {
                settle(conn, found.id, GiftStatus::Refused, notice.received_at).await?;
                (
                    Some(found.id),
                    "refused",
                    NoticeOutcome::Recorded { replaced: None },
                )
            }
        }
        NoticeKind::Subscription {
            gift,
            subscription,
            token,
            card_expires,
            starts_on,
            accepted,
        } => {
            let Some(found) = gift_in(conn, *gift).await? else {
                return Ok(NoticeOutcome::UnknownOrder);
            };
            if !found.monthly() {
                return Ok(NoticeOutcome::AmountMismatch);
            }
            if !*accepted {
                settle(conn, found.id, GiftStatus::Refused, notice.received_at).await?;
                (
                    Some(found.id),
                    "refused",
                    NoticeOutcome::Recorded { replaced: None },
                )
            } else {
                let replaced = replace_active(conn, &found, notice.received_at).await?;
                sqlx::query(
                    "INSERT INTO monthly_gifts (gift_id, email_norm, name_key, amount_cents, starts_on, \
                     status, provider_subscription, provider_token, card_expires, created_at) \
                     VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $8, $9)",
                )
                .bind(found.id.get())
                .bind(&found.email_norm)
                .bind(&found.name_key)
                .bind(found.amount_cents)
                .bind(starts_on.to_string())
                .bind(subscription)
                .bind(token)
                .bind(card_expires.as_deref())
                .bind(notice.received_at)
                .execute(&mut *conn)
                .await?;
                settle(conn, found.id, GiftStatus::Accepted, notice.received_at).await?;
                if let Some(person) = found.person_id {
                    let news = News::Donation(DonationNews::MonthlyStarted {
                        amount_cents: found.amount_cents,
                        starts_on: starts_on.to_string(),
                    });
                    enqueue_news(conn, person, &news, notice.received_at).await?;
                }
                (
                    Some(found.id),
                    "subscribed",
                    NoticeOutcome::Recorded { replaced },
                )
            }
        }
        NoticeKind::Instalment {
            subscription,
            amount,
            accepted,
        } => {
            let Some(monthly) = monthly_by_subscription(conn, subscription).await? else {
                return Ok(NoticeOutcome::UnknownOrder);
            };
            let Some(found) = gift_in(conn, monthly.gift_id).await? else {
                return Ok(NoticeOutcome::UnknownOrder);
            };
            if *accepted {
                let payment = insert_payment(conn, notice, &found, Some(&monthly), *amount).await?;
                sqlx::query("UPDATE monthly_gifts SET instalments_paid = instalments_paid + 1 WHERE id = $1")
                    .bind(monthly.id.get())
                    .execute(&mut *conn)
                    .await?;
                acknowledge(conn, &found, payment, *amount, true, notice).await?;
                (
                    Some(found.id),
                    "paid",
                    NoticeOutcome::Recorded { replaced: None },
                )
            } else {
                sqlx::query("UPDATE monthly_gifts SET failures = failures + 1 WHERE id = $1")
                    .bind(monthly.id.get())
                    .execute(&mut *conn)
                    .await?;
                if let Some(person) = found.person_id {
                    let news = News::Donation(DonationNews::InstalmentFailed {
                        amount_cents: amount.get(),
                    });
                    enqueue_news(conn, person, &news, notice.received_at).await?;
                }
                (
                    Some(found.id),
                    "refused",
                    NoticeOutcome::Recorded { replaced: None },
                )
            }
        }
        NoticeKind::Refund { gift, amount } => {
            let Some(found) = gift_in(conn, *gift).await? else {
                return Ok(NoticeOutcome::UnknownRefund);
            };
            let Some(refunded) = refundable_payment(conn, found.id, *amount).await? else {
                return Ok(NoticeOutcome::UnknownRefund);
            };
            let line = insert_refund(conn, notice, refunded, *amount).await?;
            if let Some(person) = found.person_id {
                let news = News::Donation(DonationNews::Refunded {
                    amount_cents: amount.get(),
                    accounting_id: LedgerLine::accounting_id(line.get()),
                });
                enqueue_news(conn, person, &news, notice.received_at).await?;
            }
            (
                Some(found.id),
                "refunded",
                NoticeOutcome::Recorded { replaced: None },
            )
        }
    };
    sqlx::query(
        "UPDATE provider_transactions SET outcome = $2, gift_id = $3 WHERE trans_uuid = $1",
    )
    .bind(&notice.trans_uuid)
    .bind(outcome)
    .bind(gift_id.map(GiftId::get))
    .execute(&mut *conn)
    .await?;
    Ok(result)
}

async fn gift_in(conn: &mut AnyConnection, id: GiftId) -> Result<Option<Gift>, StoreError> {
    Ok(
        sqlx::query_as(&format!("SELECT {GIFT_COLUMNS} FROM gifts WHERE id = $1"))
            .bind(id.get())
            .fetch_optional(&mut *conn)
            .await?,
    )
}

async fn monthly_by_subscription(
    conn: &mut AnyConnection,
    subscription: &str,
) -> Result<Option<MonthlyGift>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT m.id, m.gift_id, m.email_norm, m.amount_cents, m.starts_on, m.status, \
         m.provider_subscription, m.provider_token, m.card_expires, m.instalments_paid, m.failures \
         FROM monthly_gifts m WHERE m.provider_subscription = $1 ORDER BY m.id DESC LIMIT 1",
    )
    .bind(subscription)
    .fetch_optional(&mut *conn)
    .await?)
}

async fn settle(
    conn: &mut AnyConnection,
    gift: GiftId,
    status: GiftStatus,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE gifts SET status = $2, settled_at = $3 WHERE id = $1")
        .bind(gift.get())
        .bind(status.code())
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The donor's current monthly gift steps aside for the new one (one active per donor).
async fn replace_active(
    conn: &mut AnyConnection,
    gift: &Gift,
    now: i64,
) -> Result<Option<(String, String)>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Active {
        id: i64,
        provider_subscription: String,
        provider_token: String,
    }
    let active: Option<Active> = sqlx::query_as(
        "SELECT id, provider_subscription, provider_token FROM monthly_gifts \
         WHERE status = 'active' AND email_norm = $1",
    )
    .bind(&gift.email_norm)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(active) = active else {
        return Ok(None);
    };
    sqlx::query("UPDATE monthly_gifts SET status = 'replaced', stopped_at = $2 WHERE id = $1")
        .bind(active.id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(Some((active.provider_subscription, active.provider_token)))
}

async fn insert_payment(
    conn: &mut AnyConnection,
    notice: &ProviderNotice,
    gift: &Gift,
    monthly: Option<&MonthlyGift>,
    amount: Cents,
) -> Result<PaymentId, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO payments (gift_id, monthly_gift_id, method, amount_cents, paid_on, \
         transaction_key, reference, email_norm, name_key, created_at) \
         VALUES ($1, $2, 'carte', $3, $4, $5, $5, $6, $7, $8) RETURNING id",
    )
    .bind(gift.id.get())
    .bind(monthly.map(|m| m.id.get()))
    .bind(amount.get())
    .bind(notice.paid_on.to_string())
    .bind(&notice.trans_uuid)
    .bind(&gift.email_norm)
    .bind(&gift.name_key)
    .bind(notice.received_at)
    .fetch_one(&mut *conn)
    .await?;
    Ok(PaymentId::new(id))
}

/// The latest card payment of the gift that still has at least `amount` not refunded.
async fn refundable_payment(
    conn: &mut AnyConnection,
    gift: GiftId,
    amount: Cents,
) -> Result<Option<PaymentId>, StoreError> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT p.id FROM payments p WHERE p.gift_id = $1 AND p.amount_cents > 0 AND p.method = 'carte' \
         AND p.amount_cents + COALESCE((SELECT SUM(r.amount_cents) FROM payments r \
         WHERE r.refunds_payment_id = p.id), 0) >= $2 ORDER BY p.id DESC LIMIT 1",
    )
    .bind(gift.get())
    .bind(amount.get())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(id.map(PaymentId::new))
}

async fn insert_refund(
    conn: &mut AnyConnection,
    notice: &ProviderNotice,
    refunded: PaymentId,
    amount: Cents,
) -> Result<PaymentId, StoreError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO payments (gift_id, monthly_gift_id, refunds_payment_id, method, amount_cents, \
         paid_on, transaction_key, reference, email_norm, name_key, created_at) \
         SELECT gift_id, monthly_gift_id, id, 'carte', $2, $3, $4, $4, email_norm, name_key, $5 \
         FROM payments WHERE id = $1 RETURNING id",
    )
    .bind(refunded.get())
    .bind(-amount.get())
    .bind(notice.paid_on.to_string())
    .bind(&notice.trans_uuid)
    .bind(notice.received_at)
    .fetch_one(&mut *conn)
    .await?;
    Ok(PaymentId::new(id))
}

async fn acknowledge(
    conn: &mut AnyConnection,
    gift: &Gift,
    payment: PaymentId,
    amount: Cents,
    monthly: bool,
    notice: &ProviderNotice,
) -> Result<(), StoreError> {
    let Some(person) = gift.person_id else {
        return Ok(());
    };
    let news = News::Donation(DonationNews::Received {
        amount_cents: amount.get(),
        paid_on: notice.paid_on.to_string(),
        accounting_id: LedgerLine::accounting_id(payment.get()),
        monthly,
    });
    enqueue_news(conn, person, &news, notice.received_at).await
}

/// Kept for the staff-entered gifts (cheque, cash), which queue the same acknowledgement.
pub(super) async fn acknowledge_staff_entry(
    conn: &mut AnyConnection,
    person: PersonId,
    payment: PaymentId,
    amount: Cents,
    paid_on: Date,
    now: i64,
) -> Result<(), StoreError> {
    let news = News::Donation(DonationNews::Received {
        amount_cents: amount.get(),
        paid_on: paid_on.to_string(),
        accounting_id: LedgerLine::accounting_id(payment.get()),
        monthly: false,
    });
    enqueue_news(conn, person, &news, now).await
}

//! The payment of a material order, as the provider notifies it (never the browser's return):
//! accepted → the order is validated; refused → it is cancelled and its stock given back. A
//! notification is processed once per provider transaction; a replay with the same content is
//! recognised, one with another content refused.

use essaim_domain::donations::Cents;
use essaim_domain::ids::OrderId;
use essaim_domain::material::OrderStatus;

use super::history::{cancel_in, move_to, status_in, Actor};
use super::orders::announce_validated;
use crate::{Store, StoreError};

pub struct OrderPayment<'a> {
    pub trans_uuid: &'a str,
    pub digest: &'a str,
    pub order: OrderId,
    pub amount: Cents,
    pub accepted: bool,
    pub received_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentOutcome {
    Validated,
    Cancelled,
    /// Paid, but the order had been cancelled meanwhile (by the person, or as abandoned): the
    /// payment is recorded for the treasurer to refund.
    PaidTooLate,
    Replay,
    Changed,
    UnknownOrder,
    AmountMismatch,
}

/// A payment received for an order that was then cancelled (by the person, by staff, or as
/// unpaid before the payment arrived): the treasurer refunds it from the provider's back-office.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PaymentToRefund {
    pub order_id: i64,
    pub email: String,
    pub amount_cents: i64,
    pub trans_uuid: String,
    pub received_at: i64,
}

impl Store {
    /// Accepted payments of cancelled orders, the latest first.
    pub async fn payments_to_refund(&self) -> Result<Vec<PaymentToRefund>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT p.order_id, o.email, p.amount_cents, p.trans_uuid, p.received_at \
             FROM material_payments p JOIN material_orders o ON o.id = p.order_id \
             WHERE p.accepted = 1 AND o.status = 'cancelled' ORDER BY p.received_at DESC",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn record_order_payment(
        &self,
        payment: &OrderPayment<'_>,
    ) -> Result<PaymentOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        let known: Option<String> =
            sqlx::query_scalar("SELECT digest FROM material_payments WHERE trans_uuid = $1")
                .bind(payment.trans_uuid)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(digest) = known {
            return Ok(if digest == payment.digest {
                PaymentOutcome::Replay
            } else {
                PaymentOutcome::Changed
            });
        }
        let row: Option<(String, i64)> =
            sqlx::query_as("SELECT status, total_cents FROM material_orders WHERE id = $1")
                .bind(payment.order.get())
                .fetch_optional(&mut *tx)
                .await?;
        let Some((status, total)) = row else {
            return Ok(PaymentOutcome::UnknownOrder);
        };
        if total != payment.amount.get() {
            return Ok(PaymentOutcome::AmountMismatch);
        }
        sqlx::query(
            "INSERT INTO material_payments (trans_uuid, order_id, digest, amount_cents, accepted, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(payment.trans_uuid)
        .bind(payment.order.get())
        .bind(payment.digest)
        .bind(payment.amount.get())
        .bind(i64::from(payment.accepted))
        .bind(payment.received_at)
        .execute(&mut *tx)
        .await?;
        let status = OrderStatus::parse(&status).unwrap_or(OrderStatus::Cancelled);
        let outcome = match (status, payment.accepted) {
            (OrderStatus::AwaitingPayment, true) => {
                move_to(
                    &mut tx,
                    payment.order,
                    status,
                    OrderStatus::Validated,
                    Some(Actor::PaymentProvider),
                    None,
                    payment.received_at,
                )
                .await?;
                announce_validated(&mut tx, payment.order, payment.received_at).await?;
                PaymentOutcome::Validated
            }
            (OrderStatus::AwaitingPayment, false) => {
                cancel_in(
                    &mut tx,
                    payment.order,
                    status,
                    Actor::PaymentProvider,
                    Some("paiement refusé"),
                    payment.received_at,
                )
                .await?;
                PaymentOutcome::Cancelled
            }
            (_, true) => PaymentOutcome::PaidTooLate,
            (_, false) => PaymentOutcome::Cancelled,
        };
        tx.commit().await?;
        Ok(outcome)
    }

    /// Orders left unpaid for longer than `max_age` seconds are cancelled: the stock they held
    /// goes back to the catalogue. Returns how many.
    pub async fn cancel_abandoned_orders(
        &self,
        max_age: i64,
        now: i64,
    ) -> Result<usize, StoreError> {
        let stale: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM material_orders WHERE status = 'awaiting_payment' AND created_at < $1",
        )
        .bind(now - max_age)
        .fetch_all(&self.pool)
        .await?;
        let mut cancelled = 0;
        for id in stale {
            let mut tx = self.begin_write().await?;
            let order = OrderId::new(id);
            if let Some((status, _)) = status_in(&mut tx, order).await? {
                if cancel_in(
                    &mut tx,
                    order,
                    status,
                    Actor::PaymentProvider,
                    Some("paiement non reçu"),
                    now,
                )
                .await?
                {
                    cancelled += 1;
                }
            }
            tx.commit().await?;
        }
        Ok(cancelled)
    }
}

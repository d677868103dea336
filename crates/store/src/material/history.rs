//! Every status change of an order, logged with who made it and when; cancelling gives the stock
//! back (exactly what was taken: the order's picks) and frees a kit claim.

use essaim_domain::ids::{OrderId, PersonId};
use essaim_domain::material::export::order_ref;
use essaim_domain::material::OrderStatus;
use essaim_domain::news::material::MaterialNews;
use essaim_domain::news::News;
use sqlx::AnyConnection;

use crate::notice::enqueue_news;
use crate::{Store, StoreError};

/// Who changed the status: staff (by id), or "the person", "the payment provider", "the site".
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StatusChange {
    pub status: String,
    #[sqlx(try_from = "crate::rows::NullableId")]
    pub actor_id: Option<PersonId>,
    /// `personne`, `equipe`, `paiement`, `transporteur`, `site`.
    pub actor: String,
    pub note: Option<String>,
    pub at: i64,
}

/// Who is asking for a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// The person who ordered (cancelling their own order).
    Person(PersonId),
    Staff(PersonId),
    PaymentProvider,
}

impl Actor {
    fn code(self) -> &'static str {
        match self {
            Self::Person(_) => "personne",
            Self::Staff(_) => "equipe",
            Self::PaymentProvider => "paiement",
        }
    }

    fn id(self) -> Option<PersonId> {
        match self {
            Self::Person(id) | Self::Staff(id) => Some(id),
            Self::PaymentProvider => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeOutcome {
    Changed,
    /// The order is not in a status that allows it (or not this person's).
    NotAllowed,
    Unknown,
}

pub(super) async fn log_status(
    conn: &mut AnyConnection,
    order: OrderId,
    status: OrderStatus,
    actor: Option<Actor>,
    note: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO material_order_events (order_id, status, actor_id, actor, note, at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(order.get())
    .bind(status.code())
    .bind(actor.and_then(Actor::id).map(PersonId::get))
    .bind(actor.map_or("site", Actor::code))
    .bind(note)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(super) async fn status_in(
    conn: &mut AnyConnection,
    order: OrderId,
) -> Result<Option<(OrderStatus, Option<i64>)>, StoreError> {
    let row: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT status, person_id FROM material_orders WHERE id = $1")
            .bind(order.get())
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.and_then(|(code, person)| OrderStatus::parse(&code).map(|s| (s, person))))
}

/// Moves the order to `next` if its status allows it; the caller's transaction.
pub(super) async fn move_to(
    conn: &mut AnyConnection,
    order: OrderId,
    from: OrderStatus,
    next: OrderStatus,
    actor: Option<Actor>,
    note: Option<&str>,
    now: i64,
) -> Result<bool, StoreError> {
    if !from.can_become(next) {
        return Ok(false);
    }
    // The status in the WHERE: of two staff members acting at once, one only moves it.
    let moved = sqlx::query(
        "UPDATE material_orders SET status = $1, \
         validated_at = CASE WHEN $1 = 'validated' THEN $2 ELSE validated_at END, \
         delivered_at = CASE WHEN $1 = 'delivered' THEN $2 ELSE delivered_at END \
         WHERE id = $3 AND status = $4",
    )
    .bind(next.code())
    .bind(now)
    .bind(order.get())
    .bind(from.code())
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if moved {
        log_status(conn, order, next, actor, note, now).await?;
    }
    Ok(moved)
}

/// Cancels in the caller's transaction: stock given back, kit claim freed, the person told.
pub(super) async fn cancel_in(
    conn: &mut AnyConnection,
    order: OrderId,
    from: OrderStatus,
    actor: Actor,
    note: Option<&str>,
    now: i64,
) -> Result<bool, StoreError> {
    if !move_to(
        conn,
        order,
        from,
        OrderStatus::Cancelled,
        Some(actor),
        note,
        now,
    )
    .await?
    {
        return Ok(false);
    }
    // One item at a time, in id order, as an order takes them: on PostgreSQL a cancellation and
    // an order on the same items then wait for each other instead of deadlocking.
    let taken: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT item_id, CAST(SUM(quantity) AS BIGINT) FROM material_order_picks \
         WHERE order_id = $1 GROUP BY item_id ORDER BY item_id",
    )
    .bind(order.get())
    .fetch_all(&mut *conn)
    .await?;
    for (item, quantity) in taken {
        sqlx::query(
            "UPDATE material_items SET stock = stock + $1 WHERE id = $2 AND stock IS NOT NULL",
        )
        .bind(quantity)
        .bind(item)
        .execute(&mut *conn)
        .await?;
    }
    if actor == Actor::PaymentProvider {
        // Not paid: what the person chose goes back to their cart (nothing they asked is lost).
        sqlx::query(
            "INSERT INTO material_carts (person_id, item_id, quantity) \
             SELECT o.person_id, l.item_id, l.quantity FROM material_order_lines l \
             JOIN material_orders o ON o.id = l.order_id \
             JOIN material_items i ON i.id = l.item_id \
             WHERE l.order_id = $1 AND o.person_id IS NOT NULL AND i.retired_at IS NULL \
             ON CONFLICT (person_id, item_id) DO NOTHING",
        )
        .bind(order.get())
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query("DELETE FROM material_kit_claims WHERE order_id = $1")
        .bind(order.get())
        .execute(&mut *conn)
        .await?;
    let (person, total, paid): (Option<i64>, i64, i64) = sqlx::query_as(
        "SELECT person_id, total_cents, (SELECT COUNT(*) FROM material_payments m \
         WHERE m.order_id = o.id AND m.accepted = 1) FROM material_orders o WHERE o.id = $1",
    )
    .bind(order.get())
    .fetch_one(&mut *conn)
    .await?;
    if let Some(person) = person {
        let news = News::Material(MaterialNews::Cancelled {
            order_ref: order_ref(order.get()),
            by_staff: matches!(actor, Actor::Staff(_)),
            refund_cents: if paid > 0 { total } else { 0 },
        });
        enqueue_news(conn, PersonId::new(person), &news, now).await?;
    }
    Ok(true)
}

impl Store {
    /// Cancels an order: by the person (their own, before export) or by staff (before shipping).
    pub async fn cancel_order(
        &self,
        order: OrderId,
        actor: Actor,
        note: Option<&str>,
        now: i64,
    ) -> Result<ChangeOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        let Some((status, owner)) = status_in(&mut tx, order).await? else {
            return Ok(ChangeOutcome::Unknown);
        };
        let allowed = match actor {
            Actor::Person(person) => owner == Some(person.get()) && status.cancellable_by_person(),
            Actor::Staff(_) | Actor::PaymentProvider => true,
        };
        if !allowed || !cancel_in(&mut tx, order, status, actor, note, now).await? {
            return Ok(ChangeOutcome::NotAllowed);
        }
        tx.commit().await?;
        Ok(ChangeOutcome::Changed)
    }

    /// Staff mark a shipped order delivered (the carrier's proof of delivery).
    pub async fn mark_delivered(
        &self,
        order: OrderId,
        staff: PersonId,
        now: i64,
    ) -> Result<ChangeOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        let Some((status, _)) = status_in(&mut tx, order).await? else {
            return Ok(ChangeOutcome::Unknown);
        };
        let moved = move_to(
            &mut tx,
            order,
            status,
            OrderStatus::Delivered,
            Some(Actor::Staff(staff)),
            None,
            now,
        )
        .await?;
        if !moved {
            return Ok(ChangeOutcome::NotAllowed);
        }
        tx.commit().await?;
        Ok(ChangeOutcome::Changed)
    }

    pub async fn order_history(&self, order: OrderId) -> Result<Vec<StatusChange>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT status, actor_id, actor, note, at FROM material_order_events \
             WHERE order_id = $1 ORDER BY id",
        )
        .bind(order.get())
        .fetch_all(&self.pool)
        .await?)
    }
}

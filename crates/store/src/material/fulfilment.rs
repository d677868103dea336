//! What goes to the logistics provider and comes back from the carrier. An export batch takes
//! every validated order not yet exported, once (the status moves in the same transaction), and
//! keeps its file, so that downloading it again gives the same bytes. A tracking number marks
//! an exported order shipped and tells the person.

use essaim_domain::calendar::french_day;
use essaim_domain::ids::{BatchId, OrderId, PersonId};
use essaim_domain::material::export::{batch_csv, order_ref, ExportLine};
use essaim_domain::material::tracking::TrackingRow;
use essaim_domain::material::OrderStatus;
use essaim_domain::news::material::MaterialNews;
use essaim_domain::news::News;

use super::history::{move_to, status_in, Actor};
use crate::notice::enqueue_news;
use crate::{Store, StoreError};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Batch {
    #[sqlx(try_from = "i64")]
    pub id: BatchId,
    pub created_at: i64,
    pub orders: i64,
    pub purged_at: Option<i64>,
}

/// What happened to one row of a carrier's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrackingOutcome {
    Shipped,
    /// The same tracking number was already recorded for this order: nothing to do.
    AlreadyRecorded,
    UnknownOrder,
    /// Not exported (still to export, cancelled, or shipped with another number).
    WrongStatus(OrderStatus),
    /// The number is already another order's: a slip in the carrier's file (two parcels never
    /// share a number), so nothing is recorded.
    NumberOfAnotherOrder(i64),
}

#[derive(sqlx::FromRow)]
struct PickRow {
    order_id: i64,
    created_at: i64,
    ship_name: String,
    ship_line1: String,
    ship_line2: Option<String>,
    ship_postal_code: String,
    ship_commune: String,
    ship_phone: String,
    email: String,
    item_id: i64,
    item_name: String,
    unit: String,
    quantity: i64,
    from_kit: i64,
}

impl Store {
    /// A new batch of every validated order not exported yet, or `None` when there is none.
    pub async fn export_batch(
        &self,
        staff: PersonId,
        now: i64,
    ) -> Result<Option<BatchId>, StoreError> {
        let mut tx = self.begin_write().await?;
        let orders: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM material_orders WHERE status = 'validated' AND export_batch_id IS NULL ORDER BY id",
        )
        .fetch_all(&mut *tx)
        .await?;
        if orders.is_empty() {
            return Ok(None);
        }
        let batch: i64 = sqlx::query_scalar(
            "INSERT INTO material_export_batches (created_by, created_at, orders) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(staff.get())
        .bind(now)
        .bind(i64::try_from(orders.len()).unwrap_or(i64::MAX))
        .fetch_one(&mut *tx)
        .await?;
        let mut exported = 0_i64;
        for id in &orders {
            // An order cancelled meanwhile (PostgreSQL: another transaction) does not move,
            // and stays out of the file.
            if move_to(
                &mut tx,
                OrderId::new(*id),
                OrderStatus::Validated,
                OrderStatus::Exported,
                Some(Actor::Staff(staff)),
                Some(&format!("lot {batch}")),
                now,
            )
            .await?
            {
                sqlx::query("UPDATE material_orders SET export_batch_id = $1 WHERE id = $2")
                    .bind(batch)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                exported += 1;
            }
        }
        if exported == 0 {
            return Ok(None);
        }
        sqlx::query("UPDATE material_export_batches SET orders = $1 WHERE id = $2")
            .bind(exported)
            .bind(batch)
            .execute(&mut *tx)
            .await?;
        let rows: Vec<PickRow> = sqlx::query_as(
            "SELECT o.id AS order_id, o.created_at, o.ship_name, o.ship_line1, o.ship_line2, \
             o.ship_postal_code, o.ship_commune, o.ship_phone, o.email, p.item_id, p.item_name, \
             p.unit, p.quantity, p.from_kit \
             FROM material_orders o JOIN material_order_picks p ON p.order_id = o.id \
             WHERE o.export_batch_id = $1 ORDER BY o.id, p.from_kit, p.item_id",
        )
        .bind(batch)
        .fetch_all(&mut *tx)
        .await?;
        let lines: Vec<ExportLine> = rows
            .into_iter()
            .map(|row| ExportLine {
                order_ref: order_ref(row.order_id),
                ordered_on: french_day(row.created_at).to_string(),
                name: row.ship_name,
                line1: row.ship_line1,
                line2: row.ship_line2.unwrap_or_default(),
                postal_code: row.ship_postal_code,
                commune: row.ship_commune,
                phone: row.ship_phone,
                email: row.email,
                item_code: format!("ART-{:04}", row.item_id),
                item_name: row.item_name,
                unit: row.unit,
                quantity: row.quantity,
                from_kit: row.from_kit != 0,
            })
            .collect();
        sqlx::query("UPDATE material_export_batches SET file = $1 WHERE id = $2")
            .bind(batch_csv(batch, &lines))
            .bind(batch)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(BatchId::new(batch)))
    }

    /// The batch's file as it was made; `None` once purged (or for an unknown batch).
    pub async fn batch_file(&self, batch: BatchId) -> Result<Option<Vec<u8>>, StoreError> {
        let file: Option<Option<Vec<u8>>> =
            sqlx::query_scalar("SELECT file FROM material_export_batches WHERE id = $1")
                .bind(batch.get())
                .fetch_optional(&self.pool)
                .await?;
        Ok(file.flatten())
    }

    /// The latest batches first.
    pub async fn batches(&self, limit: i64) -> Result<Vec<Batch>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, created_at, orders, purged_at FROM material_export_batches ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Applies one row of a carrier's file (each row its own transaction: a bad row does not
    /// hold back the good ones).
    pub async fn record_tracking(
        &self,
        row: &TrackingRow,
        staff: PersonId,
        now: i64,
    ) -> Result<TrackingOutcome, StoreError> {
        let order = OrderId::new(row.order_id);
        let mut tx = self.begin_write().await?;
        let Some((status, person)) = status_in(&mut tx, order).await? else {
            return Ok(TrackingOutcome::UnknownOrder);
        };
        if status == OrderStatus::Shipped || status == OrderStatus::Delivered {
            let tracking: Option<String> =
                sqlx::query_scalar("SELECT tracking FROM material_orders WHERE id = $1")
                    .bind(order.get())
                    .fetch_one(&mut *tx)
                    .await?;
            return Ok(if tracking.as_deref() == Some(row.tracking.as_str()) {
                TrackingOutcome::AlreadyRecorded
            } else {
                TrackingOutcome::WrongStatus(status)
            });
        }
        let owner: Option<i64> =
            sqlx::query_scalar("SELECT id FROM material_orders WHERE tracking = $1 AND id <> $2")
                .bind(&row.tracking)
                .bind(order.get())
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(other) = owner {
            return Ok(TrackingOutcome::NumberOfAnotherOrder(other));
        }
        let note = format!("suivi {}", row.tracking);
        if !move_to(
            &mut tx,
            order,
            status,
            OrderStatus::Shipped,
            Some(Actor::Staff(staff)),
            Some(&note),
            now,
        )
        .await?
        {
            return Ok(TrackingOutcome::WrongStatus(status));
        }
        sqlx::query("UPDATE material_orders SET tracking = $1 WHERE id = $2")
            .bind(&row.tracking)
            .bind(order.get())
            .execute(&mut *tx)
            .await?;
        if let Some(person) = person {
            let news = News::Material(MaterialNews::Shipped {
                order_ref: order_ref(order.get()),
                tracking: row.tracking.clone(),
            });
            enqueue_news(&mut tx, PersonId::new(person), &news, now).await?;
        }
        tx.commit().await?;
        Ok(TrackingOutcome::Shipped)
    }
}

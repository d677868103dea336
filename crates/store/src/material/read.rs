//! Orders as the person (Mon espace, the JSON export) and staff (the back-office) read them.

use std::collections::HashMap;

use essaim_domain::ids::{BatchId, GroupId, OrderId, PersonId};
use essaim_domain::material::OrderStatus;
use serde::Serialize;

use crate::{Store, StoreError};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Order {
    #[sqlx(try_from = "i64")]
    pub id: OrderId,
    #[sqlx(try_from = "crate::rows::NullableId")]
    pub person_id: Option<PersonId>,
    #[sqlx(try_from = "crate::rows::NullableId")]
    pub group_id: Option<GroupId>,
    #[serde(serialize_with = "status_code")]
    #[sqlx(try_from = "String")]
    pub status: OrderStatus,
    pub total_cents: i64,
    pub email: String,
    pub ship_name: String,
    pub ship_line1: String,
    pub ship_line2: Option<String>,
    pub ship_postal_code: String,
    pub ship_commune: String,
    pub ship_phone: String,
    pub departement: String,
    #[sqlx(try_from = "crate::rows::NullableId")]
    pub export_batch_id: Option<BatchId>,
    pub tracking: Option<String>,
    pub created_at: i64,
    pub validated_at: Option<i64>,
    pub delivered_at: Option<i64>,
    pub address_purged_at: Option<i64>,
}

fn status_code<S: serde::Serializer>(status: &OrderStatus, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(status.label())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct OrderLine {
    pub item_name: String,
    pub unit: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
}

#[derive(sqlx::FromRow)]
struct LineOf {
    order_id: i64,
    #[sqlx(flatten)]
    line: OrderLine,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrderWithLines {
    #[serde(flatten)]
    pub order: Order,
    pub lines: Vec<OrderLine>,
}

const ORDER_COLUMNS: &str = "id, person_id, group_id, status, total_cents, email, ship_name, \
     ship_line1, ship_line2, ship_postal_code, ship_commune, ship_phone, departement, \
     export_batch_id, tracking, created_at, validated_at, delivered_at, address_purged_at";

impl Store {
    pub async fn order(&self, id: OrderId) -> Result<Option<OrderWithLines>, StoreError> {
        let order: Option<Order> = sqlx::query_as(&format!(
            "SELECT {ORDER_COLUMNS} FROM material_orders WHERE id = $1"
        ))
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?;
        Ok(self
            .all_with_lines(order.into_iter().collect())
            .await?
            .pop())
    }

    /// The lines of all these orders in one query (a page of 50 orders is not 51 queries).
    async fn all_with_lines(&self, orders: Vec<Order>) -> Result<Vec<OrderWithLines>, StoreError> {
        if orders.is_empty() {
            return Ok(Vec::new());
        }
        // Ids are integers read from the database: written into the SQL, nothing typed by a
        // person is.
        let ids = orders
            .iter()
            .map(|order| order.id.get().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let mut lines: HashMap<i64, Vec<OrderLine>> = HashMap::new();
        let rows: Vec<LineOf> = sqlx::query_as(&format!(
            "SELECT order_id, item_name, unit, quantity, unit_price_cents FROM material_order_lines \
             WHERE order_id IN ({ids}) ORDER BY order_id, item_id"
        ))
        .fetch_all(&self.pool)
        .await?;
        for row in rows {
            lines.entry(row.order_id).or_default().push(row.line);
        }
        Ok(orders
            .into_iter()
            .map(|order| OrderWithLines {
                lines: lines.remove(&order.id.get()).unwrap_or_default(),
                order,
            })
            .collect())
    }

    /// A person's orders, newest first, with their lines.
    pub async fn orders_of(&self, person: PersonId) -> Result<Vec<OrderWithLines>, StoreError> {
        let orders: Vec<Order> = sqlx::query_as(&format!(
            "SELECT {ORDER_COLUMNS} FROM material_orders WHERE person_id = $1 ORDER BY id DESC"
        ))
        .bind(person.get())
        .fetch_all(&self.pool)
        .await?;
        self.all_with_lines(orders).await
    }

    /// Orders for staff, newest first, of one status or all, a page at a time.
    pub async fn orders_for_staff(
        &self,
        status: Option<OrderStatus>,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<OrderWithLines>, StoreError> {
        let orders: Vec<Order> = sqlx::query_as(&format!(
            "SELECT {ORDER_COLUMNS} FROM material_orders WHERE ($1 = '' OR status = $1) \
             ORDER BY id DESC LIMIT $2 OFFSET $3"
        ))
        .bind(status.map_or("", OrderStatus::code))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        self.all_with_lines(orders).await
    }

    /// The orders placed with this email (any case), newest first: staff finding the orders of
    /// someone who writes or calls.
    pub async fn orders_by_email(&self, email: &str) -> Result<Vec<OrderWithLines>, StoreError> {
        let orders: Vec<Order> = sqlx::query_as(&format!(
            "SELECT {ORDER_COLUMNS} FROM material_orders WHERE LOWER(email) = LOWER($1) \
             ORDER BY id DESC LIMIT 200"
        ))
        .bind(email.trim())
        .fetch_all(&self.pool)
        .await?;
        self.all_with_lines(orders).await
    }

    /// How many orders are in each status.
    pub async fn order_counts(&self) -> Result<Vec<(OrderStatus, i64)>, StoreError> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT status, COUNT(*) FROM material_orders GROUP BY status")
                .fetch_all(&self.pool)
                .await?;
        Ok(OrderStatus::ALL
            .into_iter()
            .map(|status| {
                let count = rows
                    .iter()
                    .find(|(code, _)| code == status.code())
                    .map_or(0, |(_, n)| *n);
                (status, count)
            })
            .collect())
    }

    /// Whether this person, or this group, has had its starter kit (a cancelled kit does not
    /// count: its claim was freed).
    pub async fn kit_claimed(
        &self,
        person: PersonId,
        group: Option<GroupId>,
    ) -> Result<bool, StoreError> {
        let n: i64 = match group {
            Some(group) => {
                sqlx::query_scalar("SELECT COUNT(*) FROM material_kit_claims WHERE group_id = $1")
                    .bind(group.get())
                    .fetch_one(&self.pool)
                    .await?
            }
            None => {
                sqlx::query_scalar("SELECT COUNT(*) FROM material_kit_claims WHERE person_id = $1")
                    .bind(person.get())
                    .fetch_one(&self.pool)
                    .await?
            }
        };
        Ok(n > 0)
    }

    /// Staff lift the one-kit-per-address rule for this person (several supporters under one
    /// roof), saying why. Returns false for an unknown email.
    pub async fn allow_second_kit_at_address(
        &self,
        email_norm: &str,
        reason: &str,
        staff: PersonId,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let person: Option<i64> = sqlx::query_scalar("SELECT id FROM people WHERE email_norm = $1")
            .bind(email_norm)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(person) = person else {
            return Ok(false);
        };
        sqlx::query(
            "INSERT INTO material_kit_overrides (person_id, reason, granted_by, granted_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (person_id) DO UPDATE SET reason = excluded.reason, \
             granted_by = excluded.granted_by, granted_at = excluded.granted_at",
        )
        .bind(person)
        .bind(reason)
        .bind(staff.get())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}

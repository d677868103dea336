//! Figures for staff: orders and items per day, per département, per item; kits given; items
//! whose stock fell below their alert threshold. Orders count once placed and not cancelled
//! (an unpaid order does not count until it is paid).

use std::collections::BTreeMap;

use essaim_domain::calendar::french_day;

use super::catalogue::{Item, ITEM_COLUMNS};
use crate::{Store, StoreError};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub orders: i64,
    pub items: i64,
}

#[derive(Debug, Clone, Default)]
pub struct MaterialStats {
    /// `AAAA-MM-JJ` → tally, in date order.
    pub per_day: BTreeMap<String, Tally>,
    pub per_departement: BTreeMap<String, Tally>,
    /// Item name → units ordered (kits opened into their contents are not counted twice:
    /// this is what people asked for).
    pub per_item: Vec<(String, i64)>,
    pub kits: i64,
    pub low_stock: Vec<Item>,
}

impl Store {
    pub async fn material_stats(&self) -> Result<MaterialStats, StoreError> {
        let orders: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT o.created_at, o.departement, \
             CAST(COALESCE(SUM(l.quantity), 0) AS BIGINT) FROM material_orders o \
             LEFT JOIN material_order_lines l ON l.order_id = o.id \
             WHERE o.status NOT IN ('cancelled', 'awaiting_payment') \
             GROUP BY o.id, o.created_at, o.departement",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut stats = MaterialStats::default();
        for (created_at, departement, items) in orders {
            for tally in [
                stats
                    .per_day
                    .entry(french_day(created_at).to_string())
                    .or_default(),
                stats.per_departement.entry(departement).or_default(),
            ] {
                tally.orders += 1;
                tally.items += items;
            }
        }
        stats.per_item = sqlx::query_as(
            "SELECT l.item_name, CAST(SUM(l.quantity) AS BIGINT) FROM material_order_lines l \
             JOIN material_orders o ON o.id = l.order_id \
             WHERE o.status NOT IN ('cancelled', 'awaiting_payment') \
             GROUP BY l.item_id, l.item_name ORDER BY 2 DESC, l.item_name",
        )
        .fetch_all(&self.pool)
        .await?;
        stats.kits = sqlx::query_scalar("SELECT COUNT(*) FROM material_kit_claims")
            .fetch_one(&self.pool)
            .await?;
        stats.low_stock = sqlx::query_as(&format!(
            "SELECT {ITEM_COLUMNS} FROM material_items WHERE retired_at IS NULL \
             AND stock IS NOT NULL AND alert_below IS NOT NULL AND stock < alert_below ORDER BY name"
        ))
        .fetch_all(&self.pool)
        .await?;
        Ok(stats)
    }
}

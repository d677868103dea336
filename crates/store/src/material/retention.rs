//! Addresses are kept only as long as the delivery needs them: `days` after delivery (or after
//! cancellation), the shipping address of an order is wiped (the département stays, for the
//! statistics), and the export files that held it are deleted.

use crate::{Store, StoreError};

/// Orders whose address is still there, delivered or cancelled before `$1`.
const ADDRESS_PAST: &str = "address_purged_at IS NULL AND ( \
    (status = 'delivered' AND delivered_at < $1) OR \
    (status = 'cancelled' AND created_at < $1))";

impl Store {
    /// How many orders `purge_order_addresses(days, now)` would purge.
    pub async fn count_order_addresses(&self, days: i64, now: i64) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM material_orders WHERE {ADDRESS_PAST}"
        ))
        .bind(now - days * 86_400)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Returns how many orders had their address purged.
    pub async fn purge_order_addresses(&self, days: i64, now: i64) -> Result<u64, StoreError> {
        let before = now - days * 86_400;
        let mut tx = self.begin_write().await?;
        let purged = sqlx::query(&format!(
            "UPDATE material_orders SET ship_name = '', ship_line1 = '', ship_line2 = NULL, \
             ship_phone = '', address_key = '', address_purged_at = $2 WHERE {ADDRESS_PAST}"
        ))
        .bind(before)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        // A batch file goes once every order in it is purged.
        sqlx::query(
            "UPDATE material_export_batches SET file = NULL, purged_at = $1 \
             WHERE purged_at IS NULL AND NOT EXISTS (SELECT 1 FROM material_orders o \
             WHERE o.export_batch_id = material_export_batches.id AND o.address_purged_at IS NULL)",
        )
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(purged)
    }
}

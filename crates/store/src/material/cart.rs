//! The cart of a logged-in person, kept on our side: it works without JavaScript, and what a
//! person chose is still there after a refusal (an item sold out, a kit already sent).

use essaim_domain::ids::{ItemId, PersonId};

use super::catalogue::{Item, ITEM_COLUMNS};
use crate::{Store, StoreError};

#[derive(Debug, Clone)]
pub struct CartLine {
    pub item: Item,
    pub quantity: i64,
}

impl Store {
    /// The person's cart, items that can no longer be ordered included (the page says so).
    pub async fn cart(&self, person: PersonId) -> Result<Vec<CartLine>, StoreError> {
        let columns = ITEM_COLUMNS
            .split(", ")
            .map(|column| format!("i.{column}"))
            .collect::<Vec<_>>()
            .join(", ");
        let rows: Vec<CartRow> = sqlx::query_as(&format!(
            "SELECT {columns}, c.quantity AS cart_quantity FROM material_carts c \
             JOIN material_items i ON i.id = c.item_id WHERE c.person_id = $1 \
             ORDER BY i.is_kit DESC, i.theme, i.name, i.id"
        ))
        .bind(person.get())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| CartLine {
                item: row.item,
                quantity: row.cart_quantity,
            })
            .collect())
    }

    /// Sets how many of `item` the cart holds; 0 takes it out.
    pub async fn set_cart_quantity(
        &self,
        person: PersonId,
        item: ItemId,
        quantity: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        if quantity <= 0 {
            sqlx::query("DELETE FROM material_carts WHERE person_id = $1 AND item_id = $2")
                .bind(person.get())
                .bind(item.get())
                .execute(&mut *tx)
                .await?;
        } else {
            sqlx::query(
                "INSERT INTO material_carts (person_id, item_id, quantity) VALUES ($1, $2, $3) \
                 ON CONFLICT (person_id, item_id) DO UPDATE SET quantity = excluded.quantity",
            )
            .bind(person.get())
            .bind(item.get())
            .bind(quantity)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

#[derive(sqlx::FromRow)]
struct CartRow {
    #[sqlx(flatten)]
    item: Item,
    cart_quantity: i64,
}

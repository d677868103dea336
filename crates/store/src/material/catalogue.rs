//! The catalogue: items staff create, change, hide or retire, their pictures (re-encoded bytes,
//! kept in the database so that every app instance serves them), and the starter kit's contents.

use essaim_domain::ids::{ItemId, PictureId};
use essaim_domain::material::ItemDraft;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, Row};

use crate::{Store, StoreError};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Item {
    #[sqlx(try_from = "i64")]
    pub id: ItemId,
    pub name: String,
    pub description: String,
    pub unit: String,
    pub theme: String,
    pub per_order_max: i64,
    pub stock: Option<i64>,
    pub alert_below: Option<i64>,
    pub price_cents: i64,
    #[sqlx(try_from = "crate::rows::Flag")]
    pub visible: bool,
    #[sqlx(try_from = "crate::rows::Flag")]
    pub is_kit: bool,
    #[sqlx(try_from = "crate::rows::NullableId")]
    pub picture_id: Option<PictureId>,
    pub retired_at: Option<i64>,
}

impl Item {
    /// In the catalogue (not hidden, not retired): a cart line of it is ordered.
    pub fn offered(&self) -> bool {
        self.visible && self.retired_at.is_none()
    }

    /// Can be put in a cart now.
    pub fn orderable(&self) -> bool {
        self.offered() && self.stock != Some(0)
    }
}

pub(crate) const ITEM_COLUMNS: &str = "id, name, description, unit, theme, per_order_max, stock, \
     alert_below, price_cents, visible, is_kit, picture_id, retired_at";

/// A picture as re-encoded by the web layer: never the uploaded bytes.
pub struct NewPicture<'a> {
    pub content_type: &'a str,
    pub bytes: &'a [u8],
}

/// Binds the draft's fields as `$1`…`$9`, in the order both statements below name them.
fn with_draft<'q>(
    query: Query<'q, Any, AnyArguments<'q>>,
    draft: &'q ItemDraft,
) -> Query<'q, Any, AnyArguments<'q>> {
    query
        .bind(&draft.name)
        .bind(&draft.description)
        .bind(&draft.unit)
        .bind(&draft.theme)
        .bind(draft.per_order_max)
        .bind(draft.stock)
        .bind(draft.alert_below)
        .bind(draft.price.get())
        .bind(i64::from(draft.visible))
}

impl Store {
    async fn insert_picture(
        &self,
        conn: &mut sqlx::AnyConnection,
        picture: &NewPicture<'_>,
        now: i64,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "INSERT INTO material_pictures (content_type, bytes, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(picture.content_type)
        .bind(picture.bytes.to_vec())
        .bind(now)
        .fetch_one(&mut *conn)
        .await?)
    }

    /// A new item. At most one starter kit exists at a time: `None` when one does already.
    pub async fn create_item(
        &self,
        draft: &ItemDraft,
        is_kit: bool,
        picture: Option<&NewPicture<'_>>,
        now: i64,
    ) -> Result<Option<ItemId>, StoreError> {
        let mut tx = self.begin_write().await?;
        let picture_id = match picture {
            Some(picture) => Some(self.insert_picture(&mut tx, picture, now).await?),
            None => None,
        };
        // A second kit meets the partial unique index `material_one_kit`: no row, no item.
        let inserted = with_draft(
            sqlx::query(
                "INSERT INTO material_items (name, description, unit, theme, per_order_max, stock, \
                 alert_below, price_cents, visible, is_kit, picture_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                 ON CONFLICT DO NOTHING RETURNING id",
            ),
            draft,
        )
        .bind(i64::from(is_kit))
        .bind(picture_id)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = inserted else {
            return Ok(None);
        };
        let id: i64 = row.try_get("id")?;
        tx.commit().await?;
        Ok(Some(ItemId::new(id)))
    }

    /// Changes an item. Orders already placed keep the name and price they were placed with.
    /// A new stock above the alert threshold re-arms the alert.
    pub async fn update_item(
        &self,
        id: ItemId,
        draft: &ItemDraft,
        picture: Option<&NewPicture<'_>>,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let picture_id = match picture {
            Some(picture) => Some(self.insert_picture(&mut tx, picture, now).await?),
            None => None,
        };
        let changed = with_draft(
            sqlx::query(
                "UPDATE material_items SET name = $1, description = $2, unit = $3, theme = $4, \
                 per_order_max = $5, stock = $6, alert_below = $7, price_cents = $8, visible = $9, \
                 picture_id = COALESCE($10, picture_id), \
                 alert_sent = CASE WHEN $6 IS NULL OR $7 IS NULL OR $6 >= $7 THEN 0 ELSE alert_sent END \
                 WHERE id = $11 AND retired_at IS NULL",
            ),
            draft,
        )
        .bind(picture_id)
        .bind(id.get())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        // Old pictures are left to no one: removed once no item points to them.
        sqlx::query(
            "DELETE FROM material_pictures WHERE id NOT IN \
             (SELECT picture_id FROM material_items WHERE picture_id IS NOT NULL)",
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// Retired: out of the catalogue and of every cart, kept for the orders that name it.
    pub async fn retire_item(&self, id: ItemId, now: i64) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let retired = sqlx::query(
            "UPDATE material_items SET retired_at = $1, visible = 0 WHERE id = $2 AND retired_at IS NULL",
        )
        .bind(now)
        .bind(id.get())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        sqlx::query("DELETE FROM material_carts WHERE item_id = $1")
            .bind(id.get())
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM material_kit_contents WHERE item_id = $1")
            .bind(id.get())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(retired)
    }

    pub async fn item(&self, id: ItemId) -> Result<Option<Item>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {ITEM_COLUMNS} FROM material_items WHERE id = $1"
        ))
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// The catalogue as people see it (visible, not retired), the kit first, then by theme.
    pub async fn catalogue(&self) -> Result<Vec<Item>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {ITEM_COLUMNS} FROM material_items WHERE visible = 1 AND retired_at IS NULL \
             ORDER BY is_kit DESC, theme, name, id"
        ))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Every item staff may manage, retired ones last.
    pub async fn all_items(&self) -> Result<Vec<Item>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {ITEM_COLUMNS} FROM material_items \
             ORDER BY CASE WHEN retired_at IS NULL THEN 0 ELSE 1 END, is_kit DESC, theme, name, id"
        ))
        .fetch_all(&self.pool)
        .await?)
    }

    /// The current starter kit, if staff defined one.
    pub async fn kit_item(&self) -> Result<Option<Item>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {ITEM_COLUMNS} FROM material_items WHERE is_kit = 1 AND retired_at IS NULL"
        ))
        .fetch_optional(&self.pool)
        .await?)
    }

    pub async fn picture(&self, id: PictureId) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        let row: Option<(String, Vec<u8>)> =
            sqlx::query_as("SELECT content_type, bytes FROM material_pictures WHERE id = $1")
                .bind(id.get())
                .fetch_optional(&self.pool)
                .await?;
        Ok(row)
    }

    /// What the kit holds: items and quantities.
    pub async fn kit_contents(&self) -> Result<Vec<(Item, i64)>, StoreError> {
        let rows: Vec<(i64, i64)> =
            sqlx::query_as("SELECT item_id, quantity FROM material_kit_contents ORDER BY item_id")
                .fetch_all(&self.pool)
                .await?;
        let mut contents = Vec::with_capacity(rows.len());
        for (item_id, quantity) in rows {
            if let Some(item) = self.item(ItemId::new(item_id)).await? {
                contents.push((item, quantity));
            }
        }
        Ok(contents)
    }

    /// Replaces what the kit holds (quantity 0: not in the kit).
    pub async fn set_kit_contents(&self, contents: &[(ItemId, i64)]) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM material_kit_contents")
            .execute(&mut *tx)
            .await?;
        for (item, quantity) in contents.iter().filter(|(_, q)| *q > 0) {
            sqlx::query(
                "INSERT INTO material_kit_contents (item_id, quantity) \
                 SELECT id, $2 FROM material_items WHERE id = $1 AND is_kit = 0 AND retired_at IS NULL",
            )
            .bind(item.get())
            .bind(quantity)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

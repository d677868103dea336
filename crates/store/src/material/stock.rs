//! Taking stock for one picked item, in the order's transaction: one `UPDATE … WHERE stock >= n`
//! (two orders after the last unit cannot both get it), and the one email to staff when the
//! stock falls below its alert threshold.

use essaim_domain::ids::{ItemId, PersonId};
use essaim_domain::news::material::MaterialNews;
use essaim_domain::news::News;
use sqlx::AnyConnection;

use super::orders::OrderRefusal;
use crate::notice::enqueue_news;
use crate::StoreError;

/// What a picked item holds of stock, when it is one that counts.
pub(super) struct Pick {
    pub item: ItemId,
    pub name: String,
    pub unit: String,
    pub quantity: i64,
    pub from_kit: bool,
}

/// Takes `pick.quantity` off the item's stock if there is that much (unlimited items have no
/// stock to take), and tells staff once when the stock falls below its alert threshold.
pub(super) async fn take_stock(
    conn: &mut AnyConnection,
    pick: &Pick,
    now: i64,
) -> Result<Option<OrderRefusal>, StoreError> {
    let taken = sqlx::query(
        "UPDATE material_items SET stock = stock - $1 \
         WHERE id = $2 AND stock IS NOT NULL AND stock >= $1",
    )
    .bind(pick.quantity)
    .bind(pick.item.get())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    let (stock, alert_below, alert_sent): (Option<i64>, Option<i64>, i64) =
        sqlx::query_as("SELECT stock, alert_below, alert_sent FROM material_items WHERE id = $1")
            .bind(pick.item.get())
            .fetch_one(&mut *conn)
            .await?;
    let Some(stock) = stock else {
        return Ok(None);
    };
    if taken == 0 {
        return Ok(Some(if pick.from_kit {
            OrderRefusal::KitOutOfStock {
                item: pick.name.clone(),
            }
        } else {
            OrderRefusal::OutOfStock {
                item: pick.name.clone(),
                left: stock,
            }
        }));
    }
    if let Some(threshold) = alert_below {
        if stock < threshold && alert_sent == 0 {
            sqlx::query("UPDATE material_items SET alert_sent = 1 WHERE id = $1")
                .bind(pick.item.get())
                .execute(&mut *conn)
                .await?;
            let news = News::Material(MaterialNews::StockLow {
                item: pick.name.clone(),
                stock,
                threshold,
            });
            let staff: Vec<i64> = sqlx::query_scalar("SELECT id FROM people WHERE is_staff = 1")
                .fetch_all(&mut *conn)
                .await?;
            for person in staff {
                enqueue_news(conn, PersonId::new(person), &news, now).await?;
            }
        }
    }
    Ok(None)
}

//! Placing an order, in one transaction: the kit claimed (unique indexes: once per person, once
//! per group), the address rule checked, the stock taken for every item picked (an `UPDATE …
//! WHERE stock >= n`, so that two people after the last unit cannot both get it), the order,
//! its lines and picks written, the cart emptied of what was ordered, the email queued. Any
//! refusal rolls the whole order back: the cart is untouched.

use essaim_domain::donations::Cents;
use essaim_domain::ids::{GroupId, ItemId, OrderId, PersonId};
use essaim_domain::material::address::ShippingAddress;
use essaim_domain::material::export::order_ref;
use essaim_domain::material::{KitRefusal, OrderStatus};
use essaim_domain::news::material::{MaterialNews, OrderedItem};
use essaim_domain::news::News;
use sqlx::AnyConnection;

use super::catalogue::{Item, ITEM_COLUMNS};
use super::kit_rule::kit_refusal;
use super::stock::{take_stock, Pick};
use crate::notice::enqueue_news;
use crate::{Store, StoreError};

pub struct NewOrder<'a> {
    pub person: PersonId,
    pub email: &'a str,
    /// Ordered by one of its animators for this group: the kit is then the group's.
    pub group: Option<GroupId>,
    pub address: &'a ShippingAddress,
    pub lines: &'a [(ItemId, i64)],
    pub now: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placed {
    /// Free: on its way to the logistics provider.
    Validated(OrderId),
    /// Paid items: the stock is held while the person pays.
    AwaitingPayment { order: OrderId, total: Cents },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderRefusal {
    Empty,
    Kit(KitRefusal),
    /// Sold out, or fewer left than asked.
    OutOfStock {
        item: String,
        left: i64,
    },
    /// An item inside the starter kit is sold out: the kit cannot be made up.
    KitOutOfStock {
        item: String,
    },
    OverLimit {
        item: String,
        max: i64,
    },
}

impl Store {
    pub async fn place_order(
        &self,
        order: &NewOrder<'_>,
    ) -> Result<Result<Placed, OrderRefusal>, StoreError> {
        let mut tx = self.begin_write().await?;
        let result = place(&mut tx, order).await?;
        if result.is_ok() {
            tx.commit().await?;
        }
        Ok(result)
    }
}

async fn item_in(conn: &mut AnyConnection, id: ItemId) -> Result<Option<Item>, StoreError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {ITEM_COLUMNS} FROM material_items WHERE id = $1"
    ))
    .bind(id.get())
    .fetch_optional(&mut *conn)
    .await?)
}

async fn place(
    conn: &mut AnyConnection,
    order: &NewOrder<'_>,
) -> Result<Result<Placed, OrderRefusal>, StoreError> {
    let mut lines: Vec<(Item, i64)> = Vec::new();
    for (id, quantity) in order.lines.iter().filter(|(_, q)| *q > 0) {
        let Some(item) = item_in(conn, *id).await? else {
            continue;
        };
        if !item.visible || item.retired_at.is_some() {
            // Hidden or retired since it was put in the cart: the cart says it will not be
            // ordered, and it is not.
            continue;
        }
        if *quantity > item.per_order_max {
            return Ok(Err(OrderRefusal::OverLimit {
                item: item.name,
                max: item.per_order_max,
            }));
        }
        lines.push((item, *quantity));
    }
    if lines.is_empty() {
        return Ok(Err(OrderRefusal::Empty));
    }
    let with_kit = lines.iter().any(|(item, _)| item.is_kit);
    if with_kit {
        if let Some(refusal) = kit_refusal(conn, order).await? {
            return Ok(Err(refusal));
        }
    }
    let total: Cents = lines
        .iter()
        .map(|(item, quantity)| Cents::new(item.price_cents) * *quantity)
        .sum();
    let status = if total == Cents::ZERO {
        OrderStatus::Validated
    } else {
        OrderStatus::AwaitingPayment
    };
    let address = order.address;
    let order_id: i64 = sqlx::query_scalar(
        "INSERT INTO material_orders (person_id, group_id, status, total_cents, email, ship_name, \
         ship_line1, ship_line2, ship_postal_code, ship_commune, ship_insee, ship_phone, \
         departement, address_key, created_at, validated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
    )
    .bind(order.person.get())
    .bind(order.group.map(GroupId::get))
    .bind(status.code())
    .bind(total.get())
    .bind(order.email)
    .bind(&address.name)
    .bind(&address.line1)
    .bind(address.line2.as_deref())
    .bind(&address.postal_code)
    .bind(&address.commune)
    .bind(&address.insee)
    .bind(&address.phone)
    .bind(&address.departement)
    .bind(address.key())
    .bind(order.now)
    .bind((status == OrderStatus::Validated).then_some(order.now))
    .fetch_one(&mut *conn)
    .await?;
    let id = OrderId::new(order_id);
    if with_kit {
        let claimed = sqlx::query(
            "INSERT INTO material_kit_claims (order_id, person_id, group_id, address_key, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(order_id)
        .bind(order.group.is_none().then_some(order.person.get()))
        .bind(order.group.map(GroupId::get))
        .bind(address.key())
        .bind(order.now)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if claimed == 0 {
            // Another tab or animator got it between our check and now.
            return Ok(Err(OrderRefusal::Kit(if order.group.is_some() {
                KitRefusal::AlreadyForGroup
            } else {
                KitRefusal::AlreadyForPerson
            })));
        }
    }
    let mut picks: Vec<Pick> = Vec::new();
    for (item, quantity) in &lines {
        sqlx::query(
            "INSERT INTO material_order_lines (order_id, item_id, item_name, unit, quantity, unit_price_cents) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(order_id)
        .bind(item.id.get())
        .bind(&item.name)
        .bind(&item.unit)
        .bind(quantity)
        .bind(item.price_cents)
        .execute(&mut *conn)
        .await?;
        picks.push(Pick {
            item: item.id,
            name: item.name.clone(),
            unit: item.unit.clone(),
            quantity: *quantity,
            from_kit: false,
        });
        if item.is_kit {
            let contents: Vec<(i64, String, String, i64)> = sqlx::query_as(
                "SELECT i.id, i.name, i.unit, k.quantity FROM material_kit_contents k \
                 JOIN material_items i ON i.id = k.item_id ORDER BY i.id",
            )
            .fetch_all(&mut *conn)
            .await?;
            for (content, name, unit, per_kit) in contents {
                picks.push(Pick {
                    item: ItemId::new(content),
                    name,
                    unit,
                    quantity: per_kit * quantity,
                    from_kit: true,
                });
            }
        }
    }
    for pick in &picks {
        sqlx::query(
            "INSERT INTO material_order_picks (order_id, item_id, item_name, unit, quantity, from_kit) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(order_id)
        .bind(pick.item.get())
        .bind(&pick.name)
        .bind(&pick.unit)
        .bind(pick.quantity)
        .bind(i64::from(pick.from_kit))
        .execute(&mut *conn)
        .await?;
    }
    let ordered: Vec<i64> = lines.iter().map(|(item, _)| item.id.get()).collect();
    for item in ordered {
        sqlx::query("DELETE FROM material_carts WHERE person_id = $1 AND item_id = $2")
            .bind(order.person.get())
            .bind(item)
            .execute(&mut *conn)
            .await?;
    }
    super::history::log_status(conn, id, status, None, None, order.now).await?;
    if status == OrderStatus::Validated {
        announce_validated(conn, id, order.now).await?;
    }
    // The stock last: on PostgreSQL an item's row stays locked from its UPDATE to the commit,
    // and everyone ordering the same poster waits for that lock, so the rest of the order is
    // written before it (a refusal rolls it all back). Items taken in id order: two orders
    // lock the rows in the same order, so they wait for each other instead of deadlocking.
    picks.sort_by_key(|pick| (pick.item.get(), pick.from_kit));
    for pick in &picks {
        if let Some(refusal) = take_stock(conn, pick, order.now).await? {
            return Ok(Err(refusal));
        }
    }
    Ok(Ok(if status == OrderStatus::Validated {
        Placed::Validated(id)
    } else {
        Placed::AwaitingPayment { order: id, total }
    }))
}

/// Queues the "commande validée" email, with the lines and the address as they will ship.
pub(super) async fn announce_validated(
    conn: &mut AnyConnection,
    order: OrderId,
    now: i64,
) -> Result<(), StoreError> {
    let row: (
        Option<i64>,
        i64,
        String,
        String,
        Option<String>,
        String,
        String,
    ) = sqlx::query_as(
        "SELECT person_id, total_cents, ship_name, ship_line1, ship_line2, ship_postal_code, \
         ship_commune FROM material_orders WHERE id = $1",
    )
    .bind(order.get())
    .fetch_one(&mut *conn)
    .await?;
    let (person, total_cents, name, line1, line2, postal_code, commune) = row;
    let Some(person) = person else {
        return Ok(());
    };
    let items: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT item_name, unit, quantity FROM material_order_lines WHERE order_id = $1 ORDER BY item_id",
    )
    .bind(order.get())
    .fetch_all(&mut *conn)
    .await?;
    let address = [
        Some(name),
        Some(line1),
        line2,
        Some(format!("{postal_code} {commune}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    let news = News::Material(MaterialNews::Validated {
        order_ref: order_ref(order.get()),
        items: items
            .into_iter()
            .map(|(name, unit, quantity)| OrderedItem {
                name,
                unit,
                quantity,
            })
            .collect(),
        total_cents,
        address,
    });
    enqueue_news(conn, PersonId::new(person), &news, now).await
}

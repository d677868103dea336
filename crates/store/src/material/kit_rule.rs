//! The starter kit's rule, checked in the order's transaction: a confirmed supporter's, once per
//! person and once per group, and once per street and postal code unless staff lifted it for
//! this person. The unique indexes of `material_kit_claims` catch what happens between this
//! check and the claim's insert.

use essaim_domain::material::KitRefusal;
use sqlx::AnyConnection;

use super::orders::{NewOrder, OrderRefusal};
use crate::StoreError;

/// Whether the kit can go to this person or group at this address; the unique indexes catch
/// what happens between this check and the insert.
pub(super) async fn kit_refusal(
    conn: &mut AnyConnection,
    order: &NewOrder<'_>,
) -> Result<Option<OrderRefusal>, StoreError> {
    let signature: Option<String> =
        sqlx::query_scalar("SELECT status FROM signatures WHERE person_id = $1")
            .bind(order.person.get())
            .fetch_optional(&mut *conn)
            .await?;
    match signature.as_deref() {
        Some("confirmed") => {}
        Some(_) => return Ok(Some(OrderRefusal::Kit(KitRefusal::NotConfirmed))),
        None => return Ok(Some(OrderRefusal::Kit(KitRefusal::NotSigned))),
    }
    let (claimed, refusal) = match order.group {
        Some(group) => (
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM material_kit_claims WHERE group_id = $1",
            )
            .bind(group.get())
            .fetch_one(&mut *conn)
            .await?,
            KitRefusal::AlreadyForGroup,
        ),
        None => (
            sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM material_kit_claims WHERE person_id = $1",
            )
            .bind(order.person.get())
            .fetch_one(&mut *conn)
            .await?,
            KitRefusal::AlreadyForPerson,
        ),
    };
    if claimed > 0 {
        return Ok(Some(OrderRefusal::Kit(refusal)));
    }
    let overridden: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM material_kit_overrides WHERE person_id = $1")
            .bind(order.person.get())
            .fetch_one(&mut *conn)
            .await?;
    if overridden == 0 {
        let at_address: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM material_kit_claims WHERE address_key = $1")
                .bind(order.address.key())
                .fetch_one(&mut *conn)
                .await?;
        if at_address > 0 {
            return Ok(Some(OrderRefusal::Kit(KitRefusal::AlreadyAtAddress)));
        }
    }
    Ok(None)
}

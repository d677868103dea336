//! Creating a group: its creator is its first animator.

use essaim_domain::ids::{GroupId, PersonId};
use essaim_geo::grid::cell_of;

use crate::{Store, StoreError};

/// A group ready to store: the web layer has checked the form and placed it on the map.
#[derive(Debug, Clone)]
pub struct NewGroup<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub address: Option<&'a str>,
    pub postal_code: &'a str,
    pub commune: &'a str,
    pub departement: &'a str,
    pub point: (f64, f64),
    pub frequency: &'a str,
    pub public_contact: Option<&'a str>,
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds what describes a group, in this order: name, description, address, postal code,
/// commune, département, lat, lon, cell, frequency, public contact.
fn bind_details<'q>(query: AnyQuery<'q>, group: &NewGroup<'q>) -> AnyQuery<'q> {
    query
        .bind(group.name)
        .bind(group.description)
        .bind(group.address)
        .bind(group.postal_code)
        .bind(group.commune)
        .bind(group.departement)
        .bind(group.point.0)
        .bind(group.point.1)
        .bind(cell_of(group.point))
        .bind(group.frequency)
        .bind(group.public_contact)
}

pub(crate) async fn insert_group(
    conn: &mut sqlx::AnyConnection,
    group: &NewGroup<'_>,
    parent_id: Option<GroupId>,
    now: i64,
) -> Result<GroupId, StoreError> {
    let query = sqlx::query(
        "INSERT INTO support_groups (name, description, address, postal_code, commune, departement, \
         lat, lon, cell, frequency, public_contact, parent_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    );
    let id: i64 = bind_details(query, group)
        .bind(parent_id.map(GroupId::get))
        .bind(now)
        .fetch_one(&mut *conn)
        .await
        .and_then(|row| sqlx::Row::try_get(&row, "id"))?;
    Ok(GroupId::new(id))
}

impl Store {
    pub async fn create_group(
        &self,
        group: &NewGroup<'_>,
        creator_id: PersonId,
        now: i64,
    ) -> Result<GroupId, StoreError> {
        let mut tx = self.begin_write().await?;
        let id = insert_group(&mut tx, group, None, now).await?;
        sqlx::query(
            "INSERT INTO group_members (group_id, person_id, is_animator, joined_at) VALUES ($1, $2, 1, $3)",
        )
        .bind(id.get())
        .bind(creator_id.get())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Animators change what the group says of itself; its place on the map follows.
    pub async fn update_group(&self, id: GroupId, group: &NewGroup<'_>) -> Result<(), StoreError> {
        let query = sqlx::query(
            "UPDATE support_groups SET name = $1, description = $2, address = $3, postal_code = $4, \
             commune = $5, departement = $6, lat = $7, lon = $8, cell = $9, frequency = $10, \
             public_contact = $11 WHERE id = $12",
        );
        bind_details(query, group)
            .bind(id.get())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

//! Reading groups: the public page, the members list (animators only), "my groups".

use essaim_domain::groups::Standing;
use essaim_domain::ids::{GroupId, PersonId};
use serde::Serialize;
use sqlx::FromRow;

use super::GROUP_COLUMNS;
use crate::rows::Flag;
use crate::{Store, StoreError};

/// What anyone may see of a group: no personal data.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Group {
    #[sqlx(try_from = "i64")]
    pub id: GroupId,
    pub name: String,
    pub description: String,
    pub address: Option<String>,
    pub postal_code: String,
    pub commune: String,
    pub departement: String,
    pub lat: f64,
    pub lon: f64,
    pub frequency: String,
    pub public_contact: Option<String>,
    pub created_at: i64,
    #[sqlx(try_from = "Flag")]
    pub closed: bool,
    pub members: i64,
    /// A split is in progress (the group was full and someone asked to join).
    #[sqlx(try_from = "Flag")]
    pub splitting: bool,
}

/// A member as animators see them.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct Member {
    #[sqlx(try_from = "i64")]
    pub person_id: PersonId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub postal_code: Option<String>,
    #[sqlx(try_from = "Flag")]
    pub is_animator: bool,
    pub joined_at: i64,
}

/// A group in "Mon espace": mine, or one I asked to join.
#[derive(Debug, Clone, Serialize, FromRow)]
pub struct MyGroup {
    #[sqlx(try_from = "i64")]
    pub id: GroupId,
    pub name: String,
    pub commune: String,
    /// Read from "animator", "member" or a join request's state; an unknown one fails the read.
    #[sqlx(try_from = "String")]
    pub role: Standing,
}

impl Store {
    pub async fn find_group(&self, id: GroupId) -> Result<Option<Group>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT {GROUP_COLUMNS} FROM support_groups g WHERE g.id = $1"
        ))
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Members, animators first, then by arrival.
    pub async fn group_members(&self, group_id: GroupId) -> Result<Vec<Member>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT p.id AS person_id, p.first_name, p.last_name, p.email, p.phone, p.postal_code, \
             m.is_animator, m.joined_at \
             FROM group_members m JOIN people p ON p.id = m.person_id WHERE m.group_id = $1 \
             ORDER BY m.is_animator DESC, m.joined_at, p.id",
        )
        .bind(group_id.get())
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn groups_of(&self, person_id: PersonId) -> Result<Vec<MyGroup>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT g.id, g.name, g.commune, \
             CASE WHEN m.is_animator = 1 THEN 'animator' ELSE 'member' END AS role, m.joined_at AS since \
             FROM group_members m JOIN support_groups g ON g.id = m.group_id WHERE m.person_id = $1 \
             UNION ALL \
             SELECT g.id, g.name, g.commune, r.state AS role, r.created_at AS since \
             FROM group_requests r JOIN support_groups g ON g.id = r.group_id WHERE r.person_id = $1 \
             ORDER BY since",
        )
        .bind(person_id.get())
        .fetch_all(&self.pool)
        .await?)
    }

    /// Groups with no member left are closed: kept for history, hidden from searches.
    pub async fn open_group_count(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM support_groups WHERE closed_at IS NULL")
                .fetch_one(&self.pool)
                .await?,
        )
    }
}

//! Reading groups: the public page, the members list (animators only), "my groups".

use essaim_domain::ids::{GroupId, PersonId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::FromRow;

use super::GROUP_COLUMNS;
use crate::{Store, StoreError};

/// What anyone may see of a group: no personal data.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
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
    pub closed: bool,
    pub members: i64,
    /// A split is in progress (the group was full and someone asked to join).
    pub splitting: bool,
}

/// The columns of `GROUP_COLUMNS`, by name.
#[derive(FromRow)]
struct GroupRow {
    #[sqlx(try_from = "i64")]
    id: GroupId,
    name: String,
    description: String,
    address: Option<String>,
    postal_code: String,
    commune: String,
    departement: String,
    lat: f64,
    lon: f64,
    frequency: String,
    public_contact: Option<String>,
    created_at: i64,
    closed_at: Option<i64>,
    members: i64,
    splits: i64,
}

pub(crate) fn group_from_row(row: &AnyRow) -> Result<Group, sqlx::Error> {
    let row = GroupRow::from_row(row)?;
    Ok(Group {
        id: row.id,
        name: row.name,
        description: row.description,
        address: row.address,
        postal_code: row.postal_code,
        commune: row.commune,
        departement: row.departement,
        lat: row.lat,
        lon: row.lon,
        frequency: row.frequency,
        public_contact: row.public_contact,
        created_at: row.created_at,
        closed: row.closed_at.is_some(),
        members: row.members,
        splitting: row.splits > 0,
    })
}

/// A member as animators see them.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub person_id: PersonId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub postal_code: Option<String>,
    pub is_animator: bool,
    pub joined_at: i64,
}

#[derive(FromRow)]
struct MemberRow {
    #[sqlx(try_from = "i64")]
    person_id: PersonId,
    first_name: String,
    last_name: String,
    email: String,
    phone: Option<String>,
    postal_code: Option<String>,
    is_animator: i64,
    joined_at: i64,
}

/// A group in "Mon espace": mine, or one I asked to join.
#[derive(Debug, Clone, Serialize)]
pub struct MyGroup {
    pub id: GroupId,
    pub name: String,
    pub commune: String,
    /// "animateur", "membre", "en attente de confirmation de votre email", "en attente de division".
    pub role: String,
}

#[derive(FromRow)]
struct MyGroupRow {
    #[sqlx(try_from = "i64")]
    id: GroupId,
    name: String,
    commune: String,
    role: String,
}

impl Store {
    pub async fn find_group(&self, id: GroupId) -> Result<Option<Group>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {GROUP_COLUMNS} FROM support_groups g WHERE g.id = $1"
        ))
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(group_from_row).transpose()?)
    }

    /// Members, animators first, then by arrival.
    pub async fn group_members(&self, group_id: GroupId) -> Result<Vec<Member>, StoreError> {
        let rows: Vec<MemberRow> = sqlx::query_as(
            "SELECT p.id AS person_id, p.first_name, p.last_name, p.email, p.phone, p.postal_code, \
             m.is_animator, m.joined_at \
             FROM group_members m JOIN people p ON p.id = m.person_id WHERE m.group_id = $1 \
             ORDER BY m.is_animator DESC, m.joined_at, p.id",
        )
        .bind(group_id.get())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| Member {
                person_id: row.person_id,
                first_name: row.first_name,
                last_name: row.last_name,
                email: row.email,
                phone: row.phone,
                postal_code: row.postal_code,
                is_animator: row.is_animator != 0,
                joined_at: row.joined_at,
            })
            .collect())
    }

    pub async fn groups_of(&self, person_id: PersonId) -> Result<Vec<MyGroup>, StoreError> {
        let rows: Vec<MyGroupRow> = sqlx::query_as(
            "SELECT g.id, g.name, g.commune, \
             CASE WHEN m.is_animator = 1 THEN 'animateur' ELSE 'membre' END AS role, m.joined_at AS since \
             FROM group_members m JOIN support_groups g ON g.id = m.group_id WHERE m.person_id = $1 \
             UNION ALL \
             SELECT g.id, g.name, g.commune, r.state, r.created_at \
             FROM group_requests r JOIN support_groups g ON g.id = r.group_id WHERE r.person_id = $1 \
             ORDER BY since",
        )
        .bind(person_id.get())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| MyGroup {
                id: row.id,
                name: row.name,
                commune: row.commune,
                role: match row.role.as_str() {
                    "awaiting_email" => "en attente de la confirmation de votre email".into(),
                    "awaiting_split" => "en attente : le groupe est complet et se divise".into(),
                    _ => row.role,
                },
            })
            .collect())
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

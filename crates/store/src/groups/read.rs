//! Reading groups: the public page, the members list (animators only), "my groups".

use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::GROUP_COLUMNS;
use crate::{Store, StoreError};

/// What anyone may see of a group: no personal data.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub id: i64,
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

pub(crate) fn group_from_row(row: &AnyRow) -> Result<Group, sqlx::Error> {
    Ok(Group {
        id: row.try_get(0)?,
        name: row.try_get(1)?,
        description: row.try_get(2)?,
        address: row.try_get(3)?,
        postal_code: row.try_get(4)?,
        commune: row.try_get(5)?,
        departement: row.try_get(6)?,
        lat: row.try_get(7)?,
        lon: row.try_get(8)?,
        frequency: row.try_get(9)?,
        public_contact: row.try_get(10)?,
        created_at: row.try_get(11)?,
        closed: row.try_get::<Option<i64>, _>(12)?.is_some(),
        members: row.try_get(13)?,
        splitting: row.try_get::<i64, _>(14)? > 0,
    })
}

/// A member as animators see them.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub person_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub postal_code: Option<String>,
    pub is_animator: bool,
    pub joined_at: i64,
}

/// A group in "Mon espace": mine, or one I asked to join.
#[derive(Debug, Clone, Serialize)]
pub struct MyGroup {
    pub id: i64,
    pub name: String,
    pub commune: String,
    /// "animateur", "membre", "en attente de confirmation de votre email", "en attente de division".
    pub role: String,
}

impl Store {
    pub async fn find_group(&self, id: i64) -> Result<Option<Group>, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {GROUP_COLUMNS} FROM support_groups g WHERE g.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(group_from_row).transpose()?)
    }

    /// Members, animators first, then by arrival.
    pub async fn group_members(&self, group_id: i64) -> Result<Vec<Member>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.id, p.first_name, p.last_name, p.email, p.phone, p.postal_code, m.is_animator, m.joined_at \
             FROM group_members m JOIN people p ON p.id = m.person_id WHERE m.group_id = $1 \
             ORDER BY m.is_animator DESC, m.joined_at, p.id",
        )
        .bind(group_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Member {
                    person_id: row.try_get(0)?,
                    first_name: row.try_get(1)?,
                    last_name: row.try_get(2)?,
                    email: row.try_get(3)?,
                    phone: row.try_get(4)?,
                    postal_code: row.try_get(5)?,
                    is_animator: row.try_get::<i64, _>(6)? != 0,
                    joined_at: row.try_get(7)?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    pub async fn groups_of(&self, person_id: i64) -> Result<Vec<MyGroup>, StoreError> {
        let rows = sqlx::query(
            "SELECT g.id, g.name, g.commune, CASE WHEN m.is_animator = 1 THEN 'animateur' ELSE 'membre' END, m.joined_at \
             FROM group_members m JOIN support_groups g ON g.id = m.group_id WHERE m.person_id = $1 \
             UNION ALL \
             SELECT g.id, g.name, g.commune, r.state, r.created_at \
             FROM group_requests r JOIN support_groups g ON g.id = r.group_id WHERE r.person_id = $1 \
             ORDER BY 5",
        )
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let role: String = row.try_get(3)?;
                Ok(MyGroup {
                    id: row.try_get(0)?,
                    name: row.try_get(1)?,
                    commune: row.try_get(2)?,
                    role: match role.as_str() {
                        "awaiting_email" => "en attente de la confirmation de votre email".into(),
                        "awaiting_split" => {
                            "en attente : le groupe est complet et se divise".into()
                        }
                        _ => role,
                    },
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
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

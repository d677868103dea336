//! A split in progress: the proposal (who goes to the new group, who animates each half), the
//! animators' changes to it, and its confirmation, which creates the new group and tells every
//! member by email which group is now theirs.

use serde::Serialize;
use sqlx::{AnyConnection, Row};

use essaim_domain::groups::{MAX_MEMBERS, MIN_MEMBERS};

use super::create::{insert_group, NewGroup};
use super::membership::{add_member, ensure_animator};
use crate::notice::{enqueue_notice, Notice};
use crate::placeholders::placeholders;
use crate::{Store, StoreError};

/// One person's place in a proposed split.
#[derive(Debug, Clone, Serialize)]
pub struct SplitPlace {
    pub person_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub postal_code: Option<String>,
    /// Goes to the new group.
    pub leaves: bool,
    /// Proposed animator of their half.
    pub animator: bool,
    /// Not yet a member: asked to join the full group.
    pub requester: bool,
    /// When they joined (or asked to), for proposing animators.
    pub since: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SplitProposal {
    pub new_name: String,
    pub places: Vec<SplitPlace>,
}

impl Store {
    /// Members and people waiting for the split, as the proposal needs them (places unset).
    pub async fn split_candidates(&self, group_id: i64) -> Result<Vec<SplitPlace>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.id, p.first_name, p.last_name, p.postal_code, 0, m.is_animator, 0, m.joined_at \
             FROM group_members m JOIN people p ON p.id = m.person_id WHERE m.group_id = $1 \
             UNION ALL \
             SELECT p.id, p.first_name, p.last_name, p.postal_code, 0, 0, 1, r.created_at \
             FROM group_requests r JOIN people p ON p.id = r.person_id \
             WHERE r.group_id = $1 AND r.state = 'awaiting_split' ORDER BY 1",
        )
        .bind(group_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(place_from_row)
            .collect::<Result<_, sqlx::Error>>()
            .map_err(Into::into)
    }

    /// Replaces the group's proposal (a new request re-proposes the whole split). The first
    /// proposal is announced to the animators by email: until they confirm, nobody new gets in.
    pub async fn save_split_proposal(
        &self,
        group_id: i64,
        new_name: &str,
        places: &[SplitPlace],
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM group_split_places WHERE group_id = $1")
            .bind(group_id)
            .execute(&mut *tx)
            .await?;
        let replaced = sqlx::query("DELETE FROM group_splits WHERE group_id = $1")
            .bind(group_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        if !replaced {
            let name: String = sqlx::query_scalar("SELECT name FROM support_groups WHERE id = $1")
                .bind(group_id)
                .fetch_one(&mut *tx)
                .await?;
            let animators: Vec<i64> = sqlx::query_scalar(
                "SELECT person_id FROM group_members WHERE group_id = $1 AND is_animator = 1",
            )
            .bind(group_id)
            .fetch_all(&mut *tx)
            .await?;
            let notice = Notice::new(format!("« {name} » est complet : confirmez sa division"))
                .paragraph(format!("Le groupe d'appui « {name} » que vous animez compte 12 membres, et une nouvelle personne demande à le rejoindre. Personne n'est refusé : le groupe va se diviser en deux groupes voisins."))
                .paragraph("Essaim propose une répartition, au plus près de chez chacun. Vérifiez-la, déplacez des personnes si besoin, puis confirmez. D'ici là, rien ne change pour les membres.")
                .link(format!("/groupes/{group_id}#division"), "Voir la proposition");
            for animator in animators {
                enqueue_notice(&mut tx, animator, &notice, now).await?;
            }
        }
        sqlx::query(
            "INSERT INTO group_splits (group_id, new_name, proposed_at) VALUES ($1, $2, $3)",
        )
        .bind(group_id)
        .bind(new_name)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for place in places {
            sqlx::query(
                "INSERT INTO group_split_places (group_id, person_id, leaves, animator) VALUES ($1, $2, $3, $4)",
            )
            .bind(group_id)
            .bind(place.person_id)
            .bind(i64::from(place.leaves))
            .bind(i64::from(place.animator))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn split_proposal(&self, group_id: i64) -> Result<Option<SplitProposal>, StoreError> {
        let new_name: Option<String> =
            sqlx::query_scalar("SELECT new_name FROM group_splits WHERE group_id = $1")
                .bind(group_id)
                .fetch_optional(&self.pool)
                .await?;
        let Some(new_name) = new_name else {
            return Ok(None);
        };
        let rows = sqlx::query(
            "SELECT p.id, p.first_name, p.last_name, p.postal_code, s.leaves, s.animator, \
             CASE WHEN m.person_id IS NULL THEN 1 ELSE 0 END, COALESCE(m.joined_at, 0) \
             FROM group_split_places s JOIN people p ON p.id = s.person_id \
             LEFT JOIN group_members m ON m.group_id = s.group_id AND m.person_id = s.person_id \
             WHERE s.group_id = $1 ORDER BY s.leaves, p.last_name, p.first_name, p.id",
        )
        .bind(group_id)
        .fetch_all(&self.pool)
        .await?;
        let places = rows
            .iter()
            .map(place_from_row)
            .collect::<Result<_, sqlx::Error>>()?;
        Ok(Some(SplitProposal { new_name, places }))
    }

    /// Animators move a person to the other half, or rename the new group.
    pub async fn move_in_split(&self, group_id: i64, person_id: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE group_split_places SET leaves = 1 - leaves, animator = 0 WHERE group_id = $1 AND person_id = $2",
        )
        .bind(group_id)
        .bind(person_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn rename_split(&self, group_id: i64, new_name: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE group_splits SET new_name = $1 WHERE group_id = $2")
            .bind(new_name)
            .bind(group_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Carries the split out. `Err(message)` (in French) when the halves are not both within
    /// 3..=12 members; nothing changes then.
    pub async fn confirm_split(
        &self,
        group_id: i64,
        now: i64,
    ) -> Result<Result<i64, String>, StoreError> {
        let Some(proposal) = self.split_proposal(group_id).await? else {
            return Ok(Err("Aucune division n'est en cours pour ce groupe.".into()));
        };
        let Some(group) = self.find_group(group_id).await? else {
            return Ok(Err("Ce groupe n'existe plus.".into()));
        };
        let leaving: Vec<&SplitPlace> = proposal.places.iter().filter(|p| p.leaves).collect();
        let staying = proposal.places.len() - leaving.len();
        let range = MIN_MEMBERS..=MAX_MEMBERS;
        if !range.contains(&leaving.len()) || !range.contains(&staying) {
            return Ok(Err(format!(
                "Chaque groupe doit compter de {MIN_MEMBERS} à {MAX_MEMBERS} personnes (ici {staying} et {}).",
                leaving.len()
            )));
        }
        let mut tx = self.begin_write().await?;
        let new_group = NewGroup {
            name: &proposal.new_name,
            description: &group.description,
            address: None,
            postal_code: &group.postal_code,
            commune: &group.commune,
            departement: &group.departement,
            point: (group.lat, group.lon),
            frequency: &group.frequency,
            public_contact: None,
        };
        let new_id = insert_group(&mut tx, &new_group, Some(group_id), now).await?;
        for place in &proposal.places {
            if place.requester {
                sqlx::query("DELETE FROM group_requests WHERE group_id = $1 AND person_id = $2")
                    .bind(group_id)
                    .bind(place.person_id)
                    .execute(&mut *tx)
                    .await?;
                let target = if place.leaves { new_id } else { group_id };
                add_member(&mut tx, target, place.person_id, false, now).await?;
            } else if place.leaves {
                sqlx::query(
                    "UPDATE group_members SET group_id = $1 WHERE group_id = $2 AND person_id = $3",
                )
                .bind(new_id)
                .bind(group_id)
                .bind(place.person_id)
                .execute(&mut *tx)
                .await?;
            }
        }
        set_animators(&mut tx, group_id, &proposal.places, false).await?;
        set_animators(&mut tx, new_id, &proposal.places, true).await?;
        for id in [group_id, new_id] {
            ensure_animator(&mut tx, id).await?;
        }
        // Requests that came after the proposal was made wait for the next split of whichever
        // half they asked to join: they keep their request on the original group.
        sqlx::query("DELETE FROM group_split_places WHERE group_id = $1")
            .bind(group_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM group_splits WHERE group_id = $1")
            .bind(group_id)
            .execute(&mut *tx)
            .await?;
        for place in &proposal.places {
            let (id, name) = if place.leaves {
                (new_id, proposal.new_name.as_str())
            } else {
                (group_id, group.name.as_str())
            };
            let notice = Notice::new(format!("Votre groupe d'appui est désormais « {name} »"))
                .paragraph(format!("Le groupe d'appui « {} » avait atteint 12 membres : pour que chacun garde sa place, il s'est divisé en deux groupes, chacun au plus près de chez ses membres.", group.name))
                .paragraph(format!("Votre groupe est désormais : « {name} ». Merci de faire vivre le mouvement dans votre quartier !"))
                .link(format!("/groupes/{id}"), "Voir mon groupe");
            enqueue_notice(&mut tx, place.person_id, &notice, now).await?;
        }
        tx.commit().await?;
        Ok(Ok(new_id))
    }
}

/// Columns: id, first name, last name, postal code, leaves, animator, requester, since.
fn place_from_row(row: &sqlx::any::AnyRow) -> Result<SplitPlace, sqlx::Error> {
    Ok(SplitPlace {
        person_id: row.try_get(0)?,
        first_name: row.try_get(1)?,
        last_name: row.try_get(2)?,
        postal_code: row.try_get(3)?,
        leaves: row.try_get::<i64, _>(4)? != 0,
        animator: row.try_get::<i64, _>(5)? != 0,
        requester: row.try_get::<i64, _>(6)? != 0,
        since: row.try_get(7)?,
    })
}

async fn set_animators(
    conn: &mut AnyConnection,
    group_id: i64,
    places: &[SplitPlace],
    leaves: bool,
) -> Result<(), StoreError> {
    let chosen: Vec<i64> = places
        .iter()
        .filter(|p| p.leaves == leaves && p.animator)
        .map(|p| p.person_id)
        .take(2)
        .collect();
    if chosen.is_empty() {
        // Animators keep their role in their half; ensure_animator fills an empty one.
        return Ok(());
    }
    sqlx::query("UPDATE group_members SET is_animator = 0 WHERE group_id = $1")
        .bind(group_id)
        .execute(&mut *conn)
        .await?;
    let sql = format!(
        "UPDATE group_members SET is_animator = 1 WHERE group_id = $1 AND person_id IN ({})",
        placeholders(2, chosen.len())
    );
    let mut query = sqlx::query(&sql).bind(group_id);
    for id in &chosen {
        query = query.bind(id);
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

//! A split in progress: the proposal (who goes to the new group, who animates each half), the
//! animators' changes to it, and its confirmation, which creates the new group and tells every
//! member by email which group is now theirs.

use sqlx::{AnyConnection, FromRow};

use essaim_domain::groups::{SplitPlace, SplitProposal, SplitRefusal, MAX_ANIMATORS};
use essaim_domain::ids::{GroupId, PersonId};
use essaim_domain::news::{GroupNews, News};

use super::create::{insert_group, NewGroup};
use super::membership::{add_member, ensure_animator};
use crate::notice::enqueue_news;
use crate::placeholders::placeholders;
use crate::rows::Flag;
use crate::{Store, StoreError};

/// What became of a confirmed split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitConfirmation {
    /// Carried out: the leaving half is now `new_group`.
    Done { new_group: GroupId },
    /// Not carried out; nothing changed.
    Refused(SplitRefusal),
}

/// A `SplitPlace` as stored (the domain's type knows nothing of rows).
#[derive(FromRow)]
struct PlaceRow {
    #[sqlx(try_from = "i64")]
    person_id: PersonId,
    first_name: String,
    last_name: String,
    postal_code: Option<String>,
    #[sqlx(try_from = "Flag")]
    leaves: bool,
    #[sqlx(try_from = "Flag")]
    animator: bool,
    #[sqlx(try_from = "Flag")]
    requester: bool,
    since: i64,
}

impl From<PlaceRow> for SplitPlace {
    fn from(row: PlaceRow) -> Self {
        Self {
            person_id: row.person_id,
            first_name: row.first_name,
            last_name: row.last_name,
            postal_code: row.postal_code,
            leaves: row.leaves,
            animator: row.animator,
            requester: row.requester,
            since: row.since,
        }
    }
}

impl Store {
    /// Members and people waiting for the split, as the proposal needs them (places unset).
    pub async fn split_candidates(&self, group_id: GroupId) -> Result<Vec<SplitPlace>, StoreError> {
        let rows: Vec<PlaceRow> = sqlx::query_as(
            "SELECT p.id AS person_id, p.first_name, p.last_name, p.postal_code, 0 AS leaves, \
             m.is_animator AS animator, 0 AS requester, m.joined_at AS since \
             FROM group_members m JOIN people p ON p.id = m.person_id WHERE m.group_id = $1 \
             UNION ALL \
             SELECT p.id, p.first_name, p.last_name, p.postal_code, 0, 0, 1, r.created_at \
             FROM group_requests r JOIN people p ON p.id = r.person_id \
             WHERE r.group_id = $1 AND r.state = 'awaiting_split' ORDER BY person_id",
        )
        .bind(group_id.get())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(SplitPlace::from).collect())
    }

    /// Replaces the group's proposal (a new request re-proposes the whole split). The first
    /// proposal is announced to the animators by email: until they confirm, nobody new gets in.
    pub async fn save_split_proposal(
        &self,
        group_id: GroupId,
        proposal: &SplitProposal,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM group_split_places WHERE group_id = $1")
            .bind(group_id.get())
            .execute(&mut *tx)
            .await?;
        let replaced = sqlx::query("DELETE FROM group_splits WHERE group_id = $1")
            .bind(group_id.get())
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        if !replaced {
            let name: String = sqlx::query_scalar("SELECT name FROM support_groups WHERE id = $1")
                .bind(group_id.get())
                .fetch_one(&mut *tx)
                .await?;
            let animators: Vec<i64> = sqlx::query_scalar(
                "SELECT person_id FROM group_members WHERE group_id = $1 AND is_animator = 1",
            )
            .bind(group_id.get())
            .fetch_all(&mut *tx)
            .await?;
            let news = News::Group(GroupNews::SplitToConfirm {
                group: group_id,
                name,
            });
            for animator in animators {
                enqueue_news(&mut tx, PersonId::new(animator), &news, now).await?;
            }
        }
        sqlx::query(
            "INSERT INTO group_splits (group_id, new_name, proposed_at) VALUES ($1, $2, $3)",
        )
        .bind(group_id.get())
        .bind(&proposal.new_name)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for place in &proposal.places {
            sqlx::query(
                "INSERT INTO group_split_places (group_id, person_id, leaves, animator) VALUES ($1, $2, $3, $4)",
            )
            .bind(group_id.get())
            .bind(place.person_id.get())
            .bind(i64::from(place.leaves))
            .bind(i64::from(place.animator))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn split_proposal(
        &self,
        group_id: GroupId,
    ) -> Result<Option<SplitProposal>, StoreError> {
        let new_name: Option<String> =
            sqlx::query_scalar("SELECT new_name FROM group_splits WHERE group_id = $1")
                .bind(group_id.get())
                .fetch_optional(&self.pool)
                .await?;
        let Some(new_name) = new_name else {
            return Ok(None);
        };
        let rows: Vec<PlaceRow> = sqlx::query_as(
            "SELECT p.id AS person_id, p.first_name, p.last_name, p.postal_code, s.leaves, s.animator, \
             CASE WHEN m.person_id IS NULL THEN 1 ELSE 0 END AS requester, \
             COALESCE(m.joined_at, 0) AS since \
             FROM group_split_places s JOIN people p ON p.id = s.person_id \
             LEFT JOIN group_members m ON m.group_id = s.group_id AND m.person_id = s.person_id \
             WHERE s.group_id = $1 ORDER BY s.leaves, p.last_name, p.first_name, p.id",
        )
        .bind(group_id.get())
        .fetch_all(&self.pool)
        .await?;
        let places = rows.into_iter().map(SplitPlace::from).collect();
        Ok(Some(SplitProposal { new_name, places }))
    }

    /// Animators move a person to the other half, or rename the new group.
    pub async fn move_in_split(
        &self,
        group_id: GroupId,
        person_id: PersonId,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE group_split_places SET leaves = 1 - leaves, animator = 0 WHERE group_id = $1 AND person_id = $2",
        )
        .bind(group_id.get())
        .bind(person_id.get())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn rename_split(&self, group_id: GroupId, new_name: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE group_splits SET new_name = $1 WHERE group_id = $2")
            .bind(new_name)
            .bind(group_id.get())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Carries the split out; refused, with nothing changed, when no split is in progress or
    /// the halves are not both within 3..=12 members.
    pub async fn confirm_split(
        &self,
        group_id: GroupId,
        now: i64,
    ) -> Result<SplitConfirmation, StoreError> {
        let refused = |refusal| Ok(SplitConfirmation::Refused(refusal));
        let Some(proposal) = self.split_proposal(group_id).await? else {
            return refused(SplitRefusal::NoneInProgress);
        };
        let Some(group) = self.find_group(group_id).await? else {
            return refused(SplitRefusal::GroupGone);
        };
        if let Err(refusal) = proposal.check_halves() {
            return refused(refusal);
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
                    .bind(group_id.get())
                    .bind(place.person_id.get())
                    .execute(&mut *tx)
                    .await?;
                let target = if place.leaves { new_id } else { group_id };
                add_member(&mut tx, target, place.person_id, false, now).await?;
            } else if place.leaves {
                sqlx::query(
                    "UPDATE group_members SET group_id = $1 WHERE group_id = $2 AND person_id = $3",
                )
                .bind(new_id.get())
                .bind(group_id.get())
                .bind(place.person_id.get())
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
            .bind(group_id.get())
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM group_splits WHERE group_id = $1")
            .bind(group_id.get())
            .execute(&mut *tx)
            .await?;
        for place in &proposal.places {
            let (id, name) = if place.leaves {
                (new_id, &proposal.new_name)
            } else {
                (group_id, &group.name)
            };
            let news = News::Group(GroupNews::SplitDone {
                former_name: group.name.clone(),
                group: id,
                name: name.clone(),
            });
            enqueue_news(&mut tx, place.person_id, &news, now).await?;
        }
        tx.commit().await?;
        Ok(SplitConfirmation::Done { new_group: new_id })
    }
}

async fn set_animators(
    conn: &mut AnyConnection,
    group_id: GroupId,
    places: &[SplitPlace],
    leaves: bool,
) -> Result<(), StoreError> {
    let chosen: Vec<i64> = places
        .iter()
        .filter(|p| p.leaves == leaves && p.animator)
        .map(|p| p.person_id.get())
        .take(MAX_ANIMATORS)
        .collect();
    if chosen.is_empty() {
        // Animators keep their role in their half; ensure_animator fills an empty one.
        return Ok(());
    }
    sqlx::query("UPDATE group_members SET is_animator = 0 WHERE group_id = $1")
        .bind(group_id.get())
        .execute(&mut *conn)
        .await?;
    let sql = format!(
        "UPDATE group_members SET is_animator = 1 WHERE group_id = $1 AND person_id IN ({})",
        placeholders(2, chosen.len())
    );
    let mut query = sqlx::query(&sql).bind(group_id.get());
    for id in &chosen {
        query = query.bind(id);
    }
    query.execute(&mut *conn).await?;
    Ok(())
}

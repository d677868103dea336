//! Joining and leaving, animators, and requests that wait (for an email confirmation, or for
//! a full group to divide). Each change is one write transaction, so two people taking the
//! last place at once cannot make a group of 13.

use sqlx::AnyConnection;

use essaim_domain::groups::{MAX_ANIMATORS, MAX_MEMBERS};
use essaim_domain::ids::{GroupId, PersonId};

use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Member,
    Animator,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinOutcome {
    Joined,
    AlreadyMember,
    /// The group is full: the request is kept and the group must divide (the caller proposes
    /// how).
    WaitingForSplit,
    /// The group was closed (everyone left).
    Closed,
}

/// A request to join that waits, as stored in `group_requests.state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinRequest {
    /// Asked while logged out: waits for the person to prove their email.
    AwaitingEmail,
    /// The group is full: waits for it to divide.
    AwaitingSplit,
}

impl JoinRequest {
    fn as_str(self) -> &'static str {
        match self {
            Self::AwaitingEmail => "awaiting_email",
            Self::AwaitingSplit => "awaiting_split",
        }
    }

    /// Only these two states are written; anything else waits for the split, as it always has.
    fn from_stored(state: &str) -> Self {
        if state == Self::AwaitingEmail.as_str() {
            Self::AwaitingEmail
        } else {
            Self::AwaitingSplit
        }
    }
}

pub(crate) async fn member_count(
    conn: &mut AnyConnection,
    group_id: GroupId,
) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM group_members WHERE group_id = $1")
            .bind(group_id.get())
            .fetch_one(&mut *conn)
            .await?,
    )
}

async fn is_member(
    conn: &mut AnyConnection,
    group_id: GroupId,
    person_id: PersonId,
) -> Result<bool, StoreError> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM group_members WHERE group_id = $1 AND person_id = $2",
    )
    .bind(group_id.get())
    .bind(person_id.get())
    .fetch_one(&mut *conn)
    .await?;
    Ok(count > 0)
}

/// After someone left: the longest-standing member becomes animator if none is left, people
/// waiting for a split take the freed places, and an empty group closes.
pub(crate) async fn settle_after_departure(
    conn: &mut AnyConnection,
    group_id: GroupId,
    now: i64,
) -> Result<(), StoreError> {
    let mut count = member_count(conn, group_id).await?;
    let waiting: Vec<i64> = sqlx::query_scalar(
        "SELECT person_id FROM group_requests WHERE group_id = $1 AND state = 'awaiting_split' \
         ORDER BY created_at, person_id",
    )
    .bind(group_id.get())
    .fetch_all(&mut *conn)
    .await?;
    let mut still_waiting = waiting.len();
    for person_id in waiting {
        if count >= MAX_MEMBERS as i64 {
            break;
        }
        add_member(conn, group_id, PersonId::new(person_id), false, now).await?;
        count += 1;
        still_waiting -= 1;
    }
    if still_waiting == 0 {
        // Everyone found a place: no need to divide any more.
        sqlx::query("DELETE FROM group_split_places WHERE group_id = $1")
            .bind(group_id.get())
            .execute(&mut *conn)
            .await?;
        sqlx::query("DELETE FROM group_splits WHERE group_id = $1")
            .bind(group_id.get())
            .execute(&mut *conn)
            .await?;
    }
    if count == 0 {
        sqlx::query("UPDATE support_groups SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL")
            .bind(now)
            .bind(group_id.get())
            .execute(&mut *conn)
            .await?;
        return Ok(());
    }
    ensure_animator(conn, group_id).await
}

/// A group with members always has an animator: the longest-standing member if none is left.
pub(crate) async fn ensure_animator(
    conn: &mut AnyConnection,
    group_id: GroupId,
) -> Result<(), StoreError> {
    let animators: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM group_members WHERE group_id = $1 AND is_animator = 1",
    )
    .bind(group_id.get())
    .fetch_one(&mut *conn)
    .await?;
    if animators == 0 {
        sqlx::query(
            "UPDATE group_members SET is_animator = 1 WHERE group_id = $1 AND person_id = \
             (SELECT person_id FROM group_members WHERE group_id = $1 ORDER BY joined_at, person_id LIMIT 1)",
        )
        .bind(group_id.get())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub(crate) async fn add_member(
    conn: &mut AnyConnection,
    group_id: GroupId,
    person_id: PersonId,
    animator: bool,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM group_requests WHERE group_id = $1 AND person_id = $2")
        .bind(group_id.get())
        .bind(person_id.get())
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO group_members (group_id, person_id, is_animator, joined_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(group_id.get())
    .bind(person_id.get())
    .bind(i64::from(animator))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

impl Store {
    pub async fn role_in_group(
        &self,
        group_id: GroupId,
        person_id: PersonId,
    ) -> Result<Option<Role>, StoreError> {
        let animator: Option<i64> = sqlx::query_scalar(
            "SELECT is_animator FROM group_members WHERE group_id = $1 AND person_id = $2",
        )
        .bind(group_id.get())
        .bind(person_id.get())
        .fetch_optional(&self.pool)
        .await?;
        Ok(animator.map(|a| if a != 0 { Role::Animator } else { Role::Member }))
    }

    /// The person's request to join, if one waits.
    pub async fn join_request_state(
        &self,
        group_id: GroupId,
        person_id: PersonId,
    ) -> Result<Option<JoinRequest>, StoreError> {
        let state: Option<String> = sqlx::query_scalar(
            "SELECT state FROM group_requests WHERE group_id = $1 AND person_id = $2",
        )
        .bind(group_id.get())
        .bind(person_id.get())
        .fetch_optional(&self.pool)
        .await?;
        Ok(state.as_deref().map(JoinRequest::from_stored))
    }

    /// A person whose email is proven joins (or waits for the split of a full group).
    pub async fn join_group(
        &self,
        group_id: GroupId,
        person_id: PersonId,
        now: i64,
    ) -> Result<JoinOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        let closed: Option<Option<i64>> =
            sqlx::query_scalar("SELECT closed_at FROM support_groups WHERE id = $1")
                .bind(group_id.get())
                .fetch_optional(&mut *tx)
                .await?;
        let outcome = match closed {
            None | Some(Some(_)) => JoinOutcome::Closed,
            Some(None) => {
                let count = member_count(&mut tx, group_id).await?;
                if is_member(&mut tx, group_id, person_id).await? {
                    JoinOutcome::AlreadyMember
                } else if count < MAX_MEMBERS as i64 {
                    add_member(&mut tx, group_id, person_id, count == 0, now).await?;
                    JoinOutcome::Joined
                } else {
                    upsert_request(
                        &mut tx,
                        group_id,
                        person_id,
                        JoinRequest::AwaitingSplit,
                        now,
                    )
                    .await?;
                    JoinOutcome::WaitingForSplit
                }
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

    /// Someone who is not logged in asked to join: the request waits until they confirm their
    /// email (by the signature link or a login link).
    pub async fn request_join_after_email(
        &self,
        group_id: GroupId,
        person_id: PersonId,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        if !is_member(&mut tx, group_id, person_id).await? {
            upsert_request(
                &mut tx,
                group_id,
                person_id,
                JoinRequest::AwaitingEmail,
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Groups the person asked to join before confirming their email.
    pub async fn groups_awaiting_email(
        &self,
        person_id: PersonId,
    ) -> Result<Vec<GroupId>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT group_id FROM group_requests WHERE person_id = $1 AND state = 'awaiting_email' ORDER BY created_at",
        )
        .bind(person_id.get())
        .fetch_all(&self.pool)
        .await?;
        Ok(ids.into_iter().map(GroupId::new).collect())
    }

    /// Leaving, or being removed by an animator. Returns false if the person was not a member.
    pub async fn leave_group(
        &self,
        group_id: GroupId,
        person_id: PersonId,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let left = sqlx::query("DELETE FROM group_members WHERE group_id = $1 AND person_id = $2")
            .bind(group_id.get())
            .bind(person_id.get())
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        // A request (waiting for the split or for an email) is withdrawn the same way.
        let withdrew =
            sqlx::query("DELETE FROM group_requests WHERE group_id = $1 AND person_id = $2")
                .bind(group_id.get())
                .bind(person_id.get())
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0;
        sqlx::query("DELETE FROM group_split_places WHERE group_id = $1 AND person_id = $2")
            .bind(group_id.get())
            .bind(person_id.get())
            .execute(&mut *tx)
            .await?;
        if left || withdrew {
            settle_after_departure(&mut tx, group_id, now).await?;
        }
        tx.commit().await?;
        Ok(left || withdrew)
    }

    /// An animator hands the role over (`keep` false) or shares it (`keep` true) with another
    /// member. False when the other person is not a member or the group has two animators.
    pub async fn give_animator_role(
        &self,
        group_id: GroupId,
        from_id: PersonId,
        to_id: PersonId,
        keep: bool,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let target: Option<i64> = sqlx::query_scalar(
            "SELECT is_animator FROM group_members WHERE group_id = $1 AND person_id = $2",
        )
        .bind(group_id.get())
        .bind(to_id.get())
        .fetch_optional(&mut *tx)
        .await?;
        let animators: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM group_members WHERE group_id = $1 AND is_animator = 1",
        )
        .bind(group_id.get())
        .fetch_one(&mut *tx)
        .await?;
        let allowed = match target {
            Some(0) => !keep || animators < MAX_ANIMATORS as i64,
            _ => false,
        };
        if allowed {
            sqlx::query(
                "UPDATE group_members SET is_animator = 1 WHERE group_id = $1 AND person_id = $2",
            )
            .bind(group_id.get())
            .bind(to_id.get())
            .execute(&mut *tx)
            .await?;
            if !keep {
                sqlx::query("UPDATE group_members SET is_animator = 0 WHERE group_id = $1 AND person_id = $2")
                    .bind(group_id.get())
                    .bind(from_id.get())
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(allowed)
    }
}

async fn upsert_request(
    conn: &mut AnyConnection,
    group_id: GroupId,
    person_id: PersonId,
    state: JoinRequest,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO group_requests (group_id, person_id, state, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (group_id, person_id) DO UPDATE SET state = excluded.state",
    )
    .bind(group_id.get())
    .bind(person_id.get())
    .bind(state.as_str())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

//! A person's programme data when their account is deleted. Their supports, reports and consent
//! go; their contributions and comments stay, anonymised, unless they asked for them to be
//! deleted too (the account deletion form offers both). Counts move with the supports removed.

use essaim_domain::ids::ContributionId;
use sqlx::AnyConnection;

use super::search::unindex;
use crate::{Backend, StoreError};

/// What becomes of what a person wrote on the programme when their account goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WrittenFate {
    /// Kept without their name or any link to them.
    #[default]
    Anonymised,
    /// Deleted: their contributions (with the comments and supports under them), and the text
    /// of their comments (replies of others stay readable).
    Deleted,
}

pub(crate) async fn forget_person(
    conn: &mut AnyConnection,
    backend: Backend,
    person: i64,
    fate: WrittenFate,
) -> Result<(), StoreError> {
    run(
        conn,
        person,
        &[
            "UPDATE programme_contributions SET supports = supports - 1 \
             WHERE id IN (SELECT contribution_id FROM programme_supports WHERE person_id = $1)",
            "DELETE FROM programme_supports WHERE person_id = $1",
            "DELETE FROM programme_reports WHERE reporter_id = $1",
            "DELETE FROM programme_consents WHERE person_id = $1",
            "DELETE FROM programme_blocks WHERE person_id = $1",
            "UPDATE programme_blocks SET moderator_id = NULL WHERE moderator_id = $1",
            "UPDATE programme_decisions SET moderator_id = NULL WHERE moderator_id = $1",
            "UPDATE programme_syntheses SET author_id = NULL WHERE author_id = $1",
            "DELETE FROM staff_roles WHERE person_id = $1",
        ],
    )
    .await?;
    if fate == WrittenFate::Deleted {
        let own: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM programme_contributions WHERE author_id = $1")
                .bind(person)
                .fetch_all(&mut *conn)
                .await?;
        for id in own {
            delete_contribution(conn, backend, ContributionId::new(id)).await?;
        }
        run(
            conn,
            person,
            &[
                "DELETE FROM programme_reports WHERE target_kind = 'comment' \
                 AND target_id IN (SELECT id FROM programme_comments WHERE author_id = $1)",
                "UPDATE programme_comments SET status = 'deleted', body = '' WHERE author_id = $1",
            ],
        )
        .await?;
    }
    run(
        conn,
        person,
        &[
            "UPDATE programme_contributions SET author_id = NULL, author_label = NULL \
             WHERE author_id = $1",
            "UPDATE programme_comments SET author_id = NULL, author_label = NULL WHERE author_id = $1",
        ],
    )
    .await
}

/// Deletes a contribution and what hangs on it, explicitly (SQLite honours ON DELETE clauses
/// only on connections that enabled foreign keys). Duplicates merged into it stand again.
async fn delete_contribution(
    conn: &mut AnyConnection,
    backend: Backend,
    id: ContributionId,
) -> Result<(), StoreError> {
    unindex(conn, backend, id).await?;
    run(
        conn,
        id.get(),
        &[
            "UPDATE programme_contributions SET status = 'published', merged_into = NULL \
             WHERE merged_into = $1",
            "DELETE FROM programme_reports WHERE target_kind = 'comment' \
             AND target_id IN (SELECT id FROM programme_comments WHERE contribution_id = $1)",
            "DELETE FROM programme_reports WHERE target_kind = 'contribution' AND target_id = $1",
            "DELETE FROM programme_comments WHERE contribution_id = $1 AND parent_id IS NOT NULL",
            "DELETE FROM programme_comments WHERE contribution_id = $1",
            "DELETE FROM programme_supports WHERE contribution_id = $1",
            "DELETE FROM programme_addenda WHERE contribution_id = $1",
            "DELETE FROM programme_synthesis_links WHERE contribution_id = $1",
            "DELETE FROM programme_contributions WHERE id = $1",
        ],
    )
    .await
}

async fn run(conn: &mut AnyConnection, id: i64, statements: &[&str]) -> Result<(), StoreError> {
    for statement in statements {
        sqlx::query(statement).bind(id).execute(&mut *conn).await?;
    }
    Ok(())
}

//! Moderation decisions: hiding and restoring a contribution or a comment (by a moderator, or
//! by the third report), each logged with who, when and why, and told to the author in the
//! same transaction.

use essaim_domain::ids::{ContributionId, PersonId};
use essaim_domain::news::{News, ProgrammeNews};
use essaim_domain::programme::moderation::Decision;
use sqlx::AnyConnection;

use super::ReportTarget;
use crate::notice::enqueue_news;
use crate::StoreError;

/// Hides (`Hidden`, `AutoHidden`) or restores (`Restored`, which also clears the reports so
/// far) `target`, logs the decision and tells the author. False when the target was not in
/// the state the decision changes (already hidden, already shown, missing): nothing is done.
pub(crate) async fn decide(
    conn: &mut AnyConnection,
    target: ReportTarget,
    decision: Decision,
    reason: &str,
    moderator: Option<PersonId>,
    now: i64,
) -> Result<bool, StoreError> {
    let (from, to) = match decision {
        Decision::Hidden | Decision::AutoHidden => ("published", "hidden"),
        Decision::Restored => ("hidden", "published"),
        _ => return Ok(false),
    };
    let changed = sqlx::query(&format!(
        "UPDATE {} SET status = $2 WHERE id = $1 AND status = $3",
        target.table()
    ))
    .bind(target.id())
    .bind(to)
    .bind(from)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if changed == 0 {
        return Ok(false);
    }
    if decision == Decision::Restored {
        sqlx::query(
            "UPDATE programme_reports SET cleared_at = $3 \
             WHERE target_kind = $1 AND target_id = $2 AND cleared_at IS NULL",
        )
        .bind(target.kind())
        .bind(target.id())
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    log_decision(
        conn,
        target.kind(),
        target.id(),
        decision,
        reason,
        moderator,
        now,
    )
    .await?;
    let (author, contribution_id, title): (Option<i64>, i64, String) = match target {
        ReportTarget::Contribution(id) => {
            sqlx::query_as("SELECT author_id, id, title FROM programme_contributions WHERE id = $1")
                .bind(id.get())
                .fetch_one(&mut *conn)
                .await?
        }
        ReportTarget::Comment(id) => {
            sqlx::query_as(
                "SELECT m.author_id, c.id, c.title FROM programme_comments m \
                 JOIN programme_contributions c ON c.id = m.contribution_id WHERE m.id = $1",
            )
            .bind(id.get())
            .fetch_one(&mut *conn)
            .await?
        }
    };
    if let Some(author) = author {
        let news = News::Programme(ProgrammeNews::Moderated {
            contribution_id: ContributionId::new(contribution_id),
            title,
            comment: matches!(target, ReportTarget::Comment(_)),
            decision,
            reason: reason.to_string(),
        });
        enqueue_news(conn, PersonId::new(author), &news, now).await?;
    }
    Ok(true)
}

/// Appends one decision to the log. `target_kind`: 'contribution', 'comment' or 'person'.
pub(crate) async fn log_decision(
    conn: &mut AnyConnection,
    target_kind: &str,
    target_id: i64,
    decision: Decision,
    reason: &str,
    moderator: Option<PersonId>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO programme_decisions (target_kind, target_id, decision, reason, moderator_id, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(target_kind)
    .bind(target_id)
    .bind(decision.code())
    .bind(reason)
    .bind(moderator.map(PersonId::get))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

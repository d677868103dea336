//! The moderators' side: hiding and restoring what was published (`decide`, in a transaction of
//! its own), blocking a person from the programme and unblocking them (logged, and told to the
//! person in the same transaction), the queue of what awaits a look, the log of decisions and
//! the people blocked.

use std::collections::HashMap;

use essaim_domain::ids::{CommentId, ContributionId, PersonId};
use essaim_domain::news::{News, ProgrammeNews};
use essaim_domain::programme::moderation::Decision;
use essaim_domain::programme::report::{Report, ReportReason};
use essaim_domain::text::excerpt;
use sqlx::AnyConnection;

use super::decisions::{decide, log_decision};
use super::ReportTarget;
use crate::notice::enqueue_news;
use crate::{Store, StoreError};

/// Items the queue shows at most (those awaiting a decision first).
pub const QUEUE_MAX: i64 = 200;

/// The characters of a text the queue quotes.
const EXCERPT_CHARS: usize = 300;

/// A contribution or a comment a moderator should look at: hidden (by three reports or by a
/// moderator), or still shown with reports standing.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueItem {
    pub target: ReportTarget,
    /// The contribution itself, or the one commented on.
    pub contribution_id: ContributionId,
    pub contribution_title: String,
    pub excerpt: String,
    pub author_label: Option<String>,
    /// None once the author left.
    pub author_id: Option<PersonId>,
    pub author_blocked: bool,
    /// Reports made since the last time it was restored.
    pub reports: i64,
    pub reasons: Vec<Report>,
    pub hidden: bool,
    /// No moderator decided on it yet: shown with reports standing, or hidden by the reports
    /// alone. Listed first; items a moderator already hid follow, to be restored if need be.
    pub awaiting: bool,
    pub created_at: i64,
}

/// What a decision of the log was about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionTarget {
    Contribution(ContributionId),
    Comment(CommentId),
    Person(PersonId),
}

/// One line of the moderation log.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionEntry {
    pub at: i64,
    /// The moderator's name; None for the reports' own hiding (`Decision::AutoHidden`), or a
    /// moderator who has since left.
    pub moderator: Option<String>,
    pub decision: Decision,
    pub target: DecisionTarget,
    /// The contribution decided on, or the one commented on, with its title.
    pub contribution: Option<(ContributionId, String)>,
    /// The name of the person blocked or unblocked, while they have an account.
    pub person: Option<String>,
    pub reason: String,
}

/// A person blocked from the programme.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockedPerson {
    pub person: PersonId,
    pub name: String,
    pub email: String,
    pub reason: String,
    pub moderator: Option<String>,
    pub since: i64,
}

#[derive(sqlx::FromRow)]
struct QueueRow {
    kind: String,
    target_id: i64,
    contribution_id: i64,
    title: String,
    text: String,
    author_label: Option<String>,
    #[sqlx(try_from = "crate::rows::NullableId")]
    author_id: Option<PersonId>,
    status: String,
    created_at: i64,
    reports: i64,
    author_blocked: i64,
    awaiting: i64,
}

#[derive(sqlx::FromRow)]
struct DecisionRow {
    target_kind: String,
    target_id: i64,
    decision: String,
    reason: String,
    created_at: i64,
    moderator_first_name: Option<String>,
    moderator_last_name: Option<String>,
    #[sqlx(try_from = "crate::rows::NullableId")]
    contribution_id: Option<ContributionId>,
    contribution_title: Option<String>,
    person_first_name: Option<String>,
    person_last_name: Option<String>,
}

#[derive(sqlx::FromRow)]
struct BlockedRow {
    #[sqlx(try_from = "i64")]
    person_id: PersonId,
    first_name: String,
    last_name: String,
    email: String,
    reason: String,
    created_at: i64,
    moderator_first_name: Option<String>,
    moderator_last_name: Option<String>,
}

fn full_name(first: Option<String>, last: Option<String>) -> Option<String> {
    match (first, last) {
        (Some(first), Some(last)) => Some(format!("{first} {last}")),
        _ => None,
    }
}

/// Standing reports on `<alias>` (a contribution or a comment) of kind `kind`.
fn standing_reports(kind: &str, alias: &str) -> String {
    format!(
        "(SELECT COUNT(*) FROM programme_reports r WHERE r.target_kind = '{kind}' \
         AND r.target_id = {alias}.id AND r.cleared_at IS NULL)"
    )
}

/// A block or an unblock, logged and told to the person, in the caller's transaction.
async fn logged_and_told(
    conn: &mut AnyConnection,
    person: PersonId,
    decision: Decision,
    reason: &str,
    moderator: PersonId,
    now: i64,
) -> Result<(), StoreError> {
    let reason = reason.to_string();
    let news = if decision == Decision::Blocked {
        ProgrammeNews::Blocked {
            reason: reason.clone(),
        }
    } else {
        ProgrammeNews::Unblocked {
            reason: reason.clone(),
        }
    };
    log_decision(
        conn,
        "person",
        person.get(),
        decision,
        &reason,
        Some(moderator),
        now,
    )
    .await?;
    enqueue_news(conn, person, &News::Programme(news), now).await
}

impl Store {
    /// A moderator hides (`Decision::Hidden`) or restores (`Decision::Restored`) a contribution
    /// or a comment, saying why: logged and told to the author. False when it was not in the
    /// state the decision changes (already hidden, already shown, merged, deleted, missing).
    pub async fn moderate_programme(
        &self,
        target: ReportTarget,
        decision: Decision,
        moderator: PersonId,
        reason: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        if !matches!(decision, Decision::Hidden | Decision::Restored) {
            return Ok(false);
        }
        let mut tx = self.begin_write().await?;
        let done = decide(&mut tx, target, decision, reason, Some(moderator), now).await?;
        if done {
            tx.commit().await?;
        }
        Ok(done)
    }

    /// Stops the person from contributing, commenting and supporting; logged and told to them.
    /// False when they were blocked already (or have no account).
    pub async fn block_from_programme(
        &self,
        person: PersonId,
        moderator: PersonId,
        reason: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO programme_blocks (person_id, reason, moderator_id, created_at) \
             SELECT id, $2, $3, $4 FROM people WHERE id = $1 ON CONFLICT DO NOTHING",
        )
        .bind(person.get())
        .bind(reason)
        .bind(moderator.get())
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            return Ok(false);
        }
        logged_and_told(&mut tx, person, Decision::Blocked, reason, moderator, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Lets a blocked person contribute again; logged and told to them. False when they were
    /// not blocked.
    pub async fn unblock_from_programme(
        &self,
        person: PersonId,
        moderator: PersonId,
        reason: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let removed = sqlx::query("DELETE FROM programme_blocks WHERE person_id = $1")
            .bind(person.get())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if removed == 0 {
            return Ok(false);
        }
        logged_and_told(&mut tx, person, Decision::Unblocked, reason, moderator, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The hidden contributions and comments, and the shown ones with reports standing: those
    /// awaiting a moderator's decision first, the most reported first, then the newest; at most
    /// `QUEUE_MAX`.
    pub async fn moderation_queue(&self) -> Result<Vec<QueueItem>, StoreError> {
        let on_contribution = standing_reports("contribution", "c");
        let on_comment = standing_reports("comment", "m");
        let awaiting = |kind: &str, alias: &str| {
            format!(
                "CASE WHEN {alias}.status = 'published' THEN 1 \
                 WHEN (SELECT d.decision FROM programme_decisions d WHERE d.target_kind = '{kind}' \
                       AND d.target_id = {alias}.id ORDER BY d.id DESC LIMIT 1) = 'auto_hidden' THEN 1 \
                 ELSE 0 END"
            )
        };
        let (contribution_awaits, comment_awaits) =
            (awaiting("contribution", "c"), awaiting("comment", "m"));
        let rows: Vec<QueueRow> = sqlx::query_as(&format!(
            "SELECT * FROM ( \
             SELECT 'contribution' AS kind, c.id AS target_id, c.id AS contribution_id, c.title, \
             c.body AS text, c.author_label, c.author_id, c.status, c.created_at, \
             {on_contribution} AS reports, {contribution_awaits} AS awaiting, \
             (SELECT COUNT(*) FROM programme_blocks b WHERE b.person_id = c.author_id) AS author_blocked \
             FROM programme_contributions c \
             WHERE c.status = 'hidden' OR (c.status = 'published' AND {on_contribution} > 0) \
             UNION ALL \
             SELECT 'comment' AS kind, m.id AS target_id, c.id AS contribution_id, c.title, \
             m.body AS text, m.author_label, m.author_id, m.status, m.created_at, \
             {on_comment} AS reports, {comment_awaits} AS awaiting, \
             (SELECT COUNT(*) FROM programme_blocks b WHERE b.person_id = m.author_id) AS author_blocked \
             FROM programme_comments m JOIN programme_contributions c ON c.id = m.contribution_id \
             WHERE m.status = 'hidden' OR (m.status = 'published' AND {on_comment} > 0) \
             ) queue ORDER BY awaiting DESC, reports DESC, created_at DESC, target_id DESC \
             LIMIT {QUEUE_MAX}"
        ))
        .fetch_all(&self.pool)
        .await?;
        let reasons: Vec<(String, i64, String, Option<String>)> = sqlx::query_as(
            "SELECT target_kind, target_id, reason, detail FROM programme_reports \
             WHERE cleared_at IS NULL ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut reasons_of: HashMap<(String, i64), Vec<Report>> = HashMap::new();
        for (kind, id, reason, detail) in reasons {
            reasons_of.entry((kind, id)).or_default().push(Report {
                reason: ReportReason::from_code(&reason).unwrap_or(ReportReason::Other),
                detail,
            });
        }
        Ok(rows
            .into_iter()
            .map(|row| {
                let target = if row.kind == "comment" {
                    ReportTarget::Comment(CommentId::new(row.target_id))
                } else {
                    ReportTarget::Contribution(ContributionId::new(row.target_id))
                };
                QueueItem {
                    reasons: reasons_of
                        .remove(&(row.kind, row.target_id))
                        .unwrap_or_default(),
                    target,
                    contribution_id: ContributionId::new(row.contribution_id),
                    contribution_title: row.title,
                    excerpt: excerpt(&row.text, EXCERPT_CHARS),
                    author_label: row.author_label,
                    author_id: row.author_id,
                    author_blocked: row.author_blocked > 0,
                    reports: row.reports,
                    hidden: row.status == "hidden",
                    awaiting: row.awaiting > 0,
                    created_at: row.created_at,
                }
            })
            .collect())
    }

    /// The latest `limit` decisions, newest first.
    pub async fn programme_decisions(&self, limit: i64) -> Result<Vec<DecisionEntry>, StoreError> {
        let rows: Vec<DecisionRow> = sqlx::query_as(
            "SELECT d.target_kind, d.target_id, d.decision, d.reason, d.created_at, \
             m.first_name AS moderator_first_name, m.last_name AS moderator_last_name, \
             c.id AS contribution_id, c.title AS contribution_title, \
             p.first_name AS person_first_name, p.last_name AS person_last_name \
             FROM (SELECT id, target_kind, target_id, decision, reason, moderator_id, created_at \
                   FROM programme_decisions ORDER BY id DESC LIMIT $1) d \
             LEFT JOIN people m ON m.id = d.moderator_id \
             LEFT JOIN programme_comments cm ON d.target_kind = 'comment' AND cm.id = d.target_id \
             LEFT JOIN programme_contributions c ON c.id = COALESCE(cm.contribution_id, \
                 CASE WHEN d.target_kind = 'contribution' THEN d.target_id END) \
             LEFT JOIN people p ON d.target_kind = 'person' AND p.id = d.target_id \
             ORDER BY d.id DESC",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                let target = match row.target_kind.as_str() {
                    "contribution" => {
                        DecisionTarget::Contribution(ContributionId::new(row.target_id))
                    }
                    "comment" => DecisionTarget::Comment(CommentId::new(row.target_id)),
                    _ => DecisionTarget::Person(PersonId::new(row.target_id)),
                };
                Some(DecisionEntry {
                    at: row.created_at,
                    moderator: full_name(row.moderator_first_name, row.moderator_last_name),
                    decision: Decision::from_code(&row.decision)?,
                    target,
                    contribution: row.contribution_id.zip(row.contribution_title),
                    person: full_name(row.person_first_name, row.person_last_name),
                    reason: row.reason,
                })
            })
            .collect())
    }

    /// The people blocked from the programme, the latest first.
    pub async fn programme_blocked_people(&self) -> Result<Vec<BlockedPerson>, StoreError> {
        let rows: Vec<BlockedRow> = sqlx::query_as(
            "SELECT b.person_id, p.first_name, p.last_name, p.email, b.reason, b.created_at, \
             m.first_name AS moderator_first_name, m.last_name AS moderator_last_name \
             FROM programme_blocks b JOIN people p ON p.id = b.person_id \
             LEFT JOIN people m ON m.id = b.moderator_id \
             ORDER BY b.created_at DESC, b.person_id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| BlockedPerson {
                person: row.person_id,
                name: format!("{} {}", row.first_name, row.last_name),
                email: row.email,
                reason: row.reason,
                moderator: full_name(row.moderator_first_name, row.moderator_last_name),
                since: row.created_at,
            })
            .collect())
    }
}

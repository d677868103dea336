//! Comments: flat, replies one level deep (a reply to a reply answers the same comment); the
//! author may delete their own (its text goes, its replies stay). The first comment locks the
//! contribution's text.

use essaim_domain::ids::{CommentId, ContributionId, PersonId};
use essaim_domain::programme::comment::PER_HOUR;

use super::contributions::{consented, is_blocked};
use super::{Comment, CommentStatus};
use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentOutcome {
    Added(CommentId),
    /// Hidden, merged or missing: it takes no new comment.
    NotOpen,
    Blocked,
    /// The comment answered is not under this contribution.
    NoSuchParent,
    /// Their first comment or contribution, and no consent given with it.
    ConsentMissing,
    /// `PER_HOUR` comments in the last hour already.
    TooMany,
}

/// A comment as its author posts it.
#[derive(Debug, Clone, Copy)]
pub struct NewComment<'a> {
    pub contribution: ContributionId,
    /// The comment answered, for a reply.
    pub parent: Option<CommentId>,
    pub author: PersonId,
    /// "Louise M.".
    pub author_label: Option<&'a str>,
    pub body: &'a str,
    /// The consent agreed to on this form, as for a first contribution.
    pub consent_text: Option<&'a str>,
}

/// A comment and its replies, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Thread {
    pub comment: Comment,
    pub replies: Vec<Comment>,
}

pub(crate) const COMMENT_COLUMNS: &str =
    "id, contribution_id, parent_id, author_id, author_label, body, status, created_at";

#[derive(sqlx::FromRow)]
pub(crate) struct CommentRow {
    #[sqlx(try_from = "i64")]
    id: CommentId,
    #[sqlx(try_from = "i64")]
    contribution_id: ContributionId,
    #[sqlx(try_from = "crate::rows::NullableId")]
    parent_id: Option<CommentId>,
    #[sqlx(try_from = "crate::rows::NullableId")]
    author_id: Option<PersonId>,
    author_label: Option<String>,
    body: String,
    status: String,
    created_at: i64,
}

impl From<CommentRow> for Comment {
    fn from(row: CommentRow) -> Self {
        Self {
            id: row.id,
            contribution_id: row.contribution_id,
            parent_id: row.parent_id,
            author_id: row.author_id,
            author_label: row.author_label,
            body: row.body,
            status: match row.status.as_str() {
                "hidden" => CommentStatus::Hidden,
                "deleted" => CommentStatus::Deleted,
                _ => CommentStatus::Published,
            },
            created_at: row.created_at,
        }
    }
}

impl Store {
    pub async fn add_comment(
        &self,
        comment: &NewComment<'_>,
        now: i64,
    ) -> Result<CommentOutcome, StoreError> {
        let NewComment {
            contribution,
            parent,
            author,
            author_label,
            body,
            consent_text,
        } = *comment;
        let mut tx = self.begin_write().await?;
        if is_blocked(&mut tx, author).await? {
            return Ok(CommentOutcome::Blocked);
        }
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM programme_contributions WHERE id = $1 AND status = 'published'",
        )
        .bind(contribution.get())
        .fetch_one(&mut *tx)
        .await?;
        if open == 0 {
            return Ok(CommentOutcome::NotOpen);
        }
        if !consented(&mut tx, author, consent_text, now).await? {
            return Ok(CommentOutcome::ConsentMissing);
        }
        let recent: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM programme_comments WHERE author_id = $1 AND created_at > $2",
        )
        .bind(author.get())
        .bind(now - 3_600)
        .fetch_one(&mut *tx)
        .await?;
        if recent >= PER_HOUR {
            return Ok(CommentOutcome::TooMany);
        }
        let parent = match parent {
            None => None,
            Some(parent) => {
                let found: Option<(i64, Option<i64>)> = sqlx::query_as(
                    "SELECT id, parent_id FROM programme_comments WHERE id = $1 AND contribution_id = $2",
                )
                .bind(parent.get())
                .bind(contribution.get())
                .fetch_optional(&mut *tx)
                .await?;
                match found {
                    None => return Ok(CommentOutcome::NoSuchParent),
                    // Replies stay one level deep: answering a reply answers its comment.
                    Some((id, grandparent)) => Some(grandparent.unwrap_or(id)),
                }
            }
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO programme_comments (contribution_id, parent_id, author_id, author_label, \
             body, status, created_at) VALUES ($1, $2, $3, $4, $5, 'published', $6) RETURNING id",
        )
        .bind(contribution.get())
        .bind(parent)
        .bind(author.get())
        .bind(author_label)
        .bind(body)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE programme_contributions SET locked_at = COALESCE(locked_at, $2) WHERE id = $1",
        )
        .bind(contribution.get())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(CommentOutcome::Added(CommentId::new(id)))
    }

    /// The author deletes their comment: its text is emptied, its replies stay. False when it
    /// is not theirs or already deleted.
    pub async fn delete_own_comment(
        &self,
        comment: CommentId,
        author: PersonId,
    ) -> Result<bool, StoreError> {
        let result = sqlx::query(
            "UPDATE programme_comments SET status = 'deleted', body = '' \
             WHERE id = $1 AND author_id = $2 AND status <> 'deleted'",
        )
        .bind(comment.get())
        .bind(author.get())
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    pub async fn comment(&self, id: CommentId) -> Result<Option<Comment>, StoreError> {
        let row: Option<CommentRow> = sqlx::query_as(&format!(
            "SELECT {COMMENT_COLUMNS} FROM programme_comments WHERE id = $1"
        ))
        .bind(id.get())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Comment::from))
    }

    /// Every comment under the contribution, whatever its status (the page shows a hidden or
    /// deleted one as such when it has replies), as threads.
    pub async fn comments_on(
        &self,
        contribution: ContributionId,
    ) -> Result<Vec<Thread>, StoreError> {
        let rows: Vec<CommentRow> = sqlx::query_as(&format!(
            "SELECT {COMMENT_COLUMNS} FROM programme_comments WHERE contribution_id = $1 ORDER BY id"
        ))
        .bind(contribution.get())
        .fetch_all(&self.pool)
        .await?;
        let mut threads: Vec<Thread> = Vec::new();
        for comment in rows.into_iter().map(Comment::from) {
            match comment.parent_id {
                None => threads.push(Thread {
                    comment,
                    replies: Vec::new(),
                }),
                Some(parent) => {
                    if let Some(thread) = threads.iter_mut().find(|t| t.comment.id == parent) {
                        thread.replies.push(comment);
                    }
                }
            }
        }
        Ok(threads)
    }
}

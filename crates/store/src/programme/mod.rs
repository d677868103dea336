//! Programme: the seven axes, contributions and their full-text search, supports, comments,
//! reports that hide after the third distinct person, moderators' decisions, coordinators'
//! syntheses, merges of duplicates, public results. Hidden and merged contributions are left
//! out of every list, search, result and export by the `LISTED` condition.

mod axes;
mod comments;
mod contributions;
mod decisions;
mod forget;
mod merge;
mod mine;
mod moderation;
mod personal_data;
mod reports;
mod results;
mod roles;
mod search;
mod supports;
mod syntheses;

use essaim_domain::ids::{CommentId, ContributionId, PersonId};
use essaim_domain::programme::AxisNumber;

pub use comments::{CommentOutcome, NewComment, Thread};
pub use contributions::{EditOutcome, PublishOutcome};
pub(crate) use forget::forget_person;
pub use forget::WrittenFate;
pub use merge::MergeOutcome;
pub use moderation::{BlockedPerson, DecisionEntry, DecisionTarget, QueueItem};
pub use reports::{ReportOutcome, ReportTarget, AUTO_HIDE_REASON};
pub use results::{AxisResults, OpenDataRow, TOP};
pub use roles::COORDINATION;
pub use supports::SupportOutcome;
pub use syntheses::Synthesis;

/// The condition, on `c` (programme_contributions), of a contribution anyone may see listed.
pub(crate) const LISTED: &str = "c.status = 'published'";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContributionStatus {
    Published,
    Hidden,
    Merged,
}

impl ContributionStatus {
    fn from_code(code: &str) -> Self {
        match code {
            "hidden" => Self::Hidden,
            "merged" => Self::Merged,
            _ => Self::Published,
        }
    }
}

/// An axis with its title, introduction (Markdown) and the number of contributions listed on it.
#[derive(Debug, Clone, PartialEq)]
pub struct AxisSummary {
    pub number: AxisNumber,
    pub title: String,
    pub introduction: String,
    pub contributions: i64,
}

/// A contribution as a list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ContributionCard {
    pub id: ContributionId,
    pub axis: AxisNumber,
    pub title: String,
    pub body: String,
    /// "Louise M.", or None when the author chose not to be named (or left).
    pub author_label: Option<String>,
    pub departement: Option<String>,
    pub supports: i64,
    pub comments: i64,
    pub in_synthesis: bool,
    pub created_at: i64,
}

/// Columns of `programme_contributions c` read into a `CardRow`.
pub(crate) const CARD_COLUMNS: &str = "c.id, c.axis, c.title, c.body, c.author_label, \
     c.departement, c.supports, c.created_at, \
     (SELECT COUNT(*) FROM programme_comments m \
      WHERE m.contribution_id = c.id AND m.status = 'published') AS comments, \
     (SELECT COUNT(*) FROM programme_synthesis_links l WHERE l.contribution_id = c.id) AS in_synthesis";

#[derive(sqlx::FromRow)]
pub(crate) struct CardRow {
    #[sqlx(try_from = "i64")]
    id: ContributionId,
    axis: i64,
    title: String,
    body: String,
    author_label: Option<String>,
    departement: Option<String>,
    supports: i64,
    comments: i64,
    created_at: i64,
    in_synthesis: i64,
}

impl From<CardRow> for ContributionCard {
    fn from(row: CardRow) -> Self {
        Self {
            id: row.id,
            axis: AxisNumber::new(row.axis).expect("the table's CHECK keeps axes 1 to 7"),
            title: row.title,
            body: row.body,
            author_label: row.author_label,
            departement: row.departement,
            supports: row.supports,
            comments: row.comments,
            in_synthesis: row.in_synthesis > 0,
            created_at: row.created_at,
        }
    }
}

/// A contribution's own page: its card, and what only the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    pub card: ContributionCard,
    pub status: ContributionStatus,
    pub author_id: Option<PersonId>,
    pub merged_into: Option<ContributionId>,
    /// Supported or commented on at least once: the author may only append addenda.
    pub locked: bool,
    pub addenda: Vec<Addendum>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Addendum {
    pub body: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentStatus {
    Published,
    Hidden,
    /// Deleted by its author: the text is gone, its replies stay.
    Deleted,
}

/// A comment under a contribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub id: CommentId,
    pub contribution_id: ContributionId,
    pub parent_id: Option<CommentId>,
    pub author_id: Option<PersonId>,
    pub author_label: Option<String>,
    pub body: String,
    pub status: CommentStatus,
    pub created_at: i64,
}

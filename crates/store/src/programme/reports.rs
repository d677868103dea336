//! Reports: a person's report counts once until a moderator restores the target; the third
//! distinct person's report hides it and puts it in the moderators' queue (Decidim's rule).

use essaim_domain::ids::{CommentId, ContributionId, PersonId};
use essaim_domain::programme::moderation::Decision;
use essaim_domain::programme::report::{Report, HIDE_AT};

use super::decisions::decide;
use crate::{Store, StoreError};

/// What is reported or moderated: a contribution or a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportTarget {
    Contribution(ContributionId),
    Comment(CommentId),
}

impl ReportTarget {
    /// The `target_kind` of reports and decisions.
    pub(crate) fn kind(self) -> &'static str {
        match self {
            Self::Contribution(_) => "contribution",
            Self::Comment(_) => "comment",
        }
    }

    pub(crate) fn id(self) -> i64 {
        match self {
            Self::Contribution(id) => id.get(),
            Self::Comment(id) => id.get(),
        }
    }

    pub(crate) fn table(self) -> &'static str {
        match self {
            Self::Contribution(_) => "programme_contributions",
            Self::Comment(_) => "programme_comments",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportOutcome {
    Counted,
    /// This person's report already counts.
    AlreadyReported,
    /// This report was the third: the target is hidden now.
    Hidden,
    /// Not shown to anyone (hidden already, deleted, merged, missing).
    NotFound,
}

/// The words logged for the reports' own decision.
pub const AUTO_HIDE_REASON: &str =
    "Signalé par trois personnes : masqué en attendant la modération.";

impl Store {
    pub async fn report_programme(
        &self,
        target: ReportTarget,
        reporter: PersonId,
        report: &Report,
        now: i64,
    ) -> Result<ReportOutcome, StoreError> {
        let mut tx = self.begin_write().await?;
        let shown: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM {} WHERE id = $1 AND status = 'published'",
            target.table()
        ))
        .bind(target.id())
        .fetch_one(&mut *tx)
        .await?;
        if shown == 0 {
            return Ok(ReportOutcome::NotFound);
        }
        let inserted = sqlx::query(
            "INSERT INTO programme_reports (target_kind, target_id, reporter_id, reason, detail, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(target.kind())
        .bind(target.id())
        .bind(reporter.get())
        .bind(report.reason.code())
        .bind(report.detail.as_deref())
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            return Ok(ReportOutcome::AlreadyReported);
        }
        let standing: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM programme_reports \
             WHERE target_kind = $1 AND target_id = $2 AND cleared_at IS NULL",
        )
        .bind(target.kind())
        .bind(target.id())
        .fetch_one(&mut *tx)
        .await?;
        let outcome = if standing >= HIDE_AT
            && decide(
                &mut tx,
                target,
                Decision::AutoHidden,
                AUTO_HIDE_REASON,
                None,
                now,
            )
            .await?
        {
            ReportOutcome::Hidden
        } else {
            ReportOutcome::Counted
        };
        tx.commit().await?;
        Ok(outcome)
    }
}

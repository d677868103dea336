//! Merging a duplicate into the contribution kept: the duplicate leaves the lists and points
//! to the one kept. Supports stay where people gave them (a support is a person's choice, not
//! the moderators'); each supporter of the duplicate who has not supported the one kept is
//! told, so they may. The synthesis links of the duplicate pass to the one kept.

use essaim_domain::ids::{ContributionId, PersonId};
use essaim_domain::news::{News, ProgrammeNews};
use essaim_domain::programme::moderation::Decision;

use super::decisions::log_decision;
use crate::notice::enqueue_news;
use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeOutcome {
    /// Done; `told` supporters of the duplicate were told.
    Merged {
        told: usize,
    },
    SameContribution,
    /// The one to keep is hidden, merged itself, or missing.
    KeptNotListed,
    /// The duplicate is hidden, merged already, or missing.
    MergedNotPublished,
}

impl Store {
    pub async fn merge_contributions(
        &self,
        merged: ContributionId,
        kept: ContributionId,
        moderator: PersonId,
        reason: &str,
        now: i64,
    ) -> Result<MergeOutcome, StoreError> {
        if merged == kept {
            return Ok(MergeOutcome::SameContribution);
        }
        let mut tx = self.begin_write().await?;
        let published =
            "SELECT title FROM programme_contributions WHERE id = $1 AND status = 'published'";
        let kept_title: Option<String> = sqlx::query_scalar(published)
            .bind(kept.get())
            .fetch_optional(&mut *tx)
            .await?;
        let Some(kept_title) = kept_title else {
            return Ok(MergeOutcome::KeptNotListed);
        };
        let merged_title: Option<String> = sqlx::query_scalar(published)
            .bind(merged.get())
            .fetch_optional(&mut *tx)
            .await?;
        let Some(merged_title) = merged_title else {
            return Ok(MergeOutcome::MergedNotPublished);
        };
        sqlx::query(
            "UPDATE programme_contributions SET status = 'merged', merged_into = $2 WHERE id = $1",
        )
        .bind(merged.get())
        .bind(kept.get())
        .execute(&mut *tx)
        .await?;
        log_decision(
            &mut tx,
            "contribution",
            merged.get(),
            Decision::Merged,
            reason,
            Some(moderator),
            now,
        )
        .await?;
        // Its author learns it from us, with the moderator's reason, not by finding it merged.
        let author: Option<i64> =
            sqlx::query_scalar("SELECT author_id FROM programme_contributions WHERE id = $1")
                .bind(merged.get())
                .fetch_one(&mut *tx)
                .await?;
        if let Some(author) = author {
            let news = News::Programme(ProgrammeNews::Moderated {
                contribution_id: merged,
                title: merged_title.clone(),
                comment: false,
                decision: Decision::Merged,
                reason: reason.to_string(),
            });
            enqueue_news(&mut tx, PersonId::new(author), &news, now).await?;
        }
        let supporters: Vec<i64> = sqlx::query_scalar(
            "SELECT s.person_id FROM programme_supports s WHERE s.contribution_id = $1 \
             AND NOT EXISTS (SELECT 1 FROM programme_supports k \
                             WHERE k.contribution_id = $2 AND k.person_id = s.person_id) \
             ORDER BY s.person_id",
        )
        .bind(merged.get())
        .bind(kept.get())
        .fetch_all(&mut *tx)
        .await?;
        let news = News::Programme(ProgrammeNews::Merged {
            merged_title,
            kept_id: kept,
            kept_title,
        });
        for supporter in &supporters {
            enqueue_news(&mut tx, PersonId::new(*supporter), &news, now).await?;
        }
        // A synthesis of the kept one's axis now draws on the kept one; a link from another
        // axis's synthesis goes (a synthesis draws only on its own axis).
        sqlx::query(
            "INSERT INTO programme_synthesis_links (axis, contribution_id) \
             SELECT l.axis, k.id FROM programme_synthesis_links l \
             JOIN programme_contributions k ON k.id = $2 AND k.axis = l.axis \
             WHERE l.contribution_id = $1 ON CONFLICT DO NOTHING",
        )
        .bind(merged.get())
        .bind(kept.get())
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM programme_synthesis_links WHERE contribution_id = $1")
            .bind(merged.get())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(MergeOutcome::Merged {
            told: supporters.len(),
        })
    }
}

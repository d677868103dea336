//! Syntheses: one per axis, written by a coordinator, with the contributions it drew on. Those
//! must be listed contributions of that axis: a number of another axis, hidden or merged, is
//! refused with the others, and nothing is saved.

use essaim_domain::ids::{ContributionId, PersonId};
use essaim_domain::programme::synthesis::SynthesisDraft;
use essaim_domain::programme::AxisNumber;

use super::{CardRow, ContributionCard, CARD_COLUMNS, LISTED};
use crate::placeholders::placeholders;
use crate::{Store, StoreError};

/// An axis's synthesis, and the listed contributions it drew on (the most supported first).
#[derive(Debug, Clone, PartialEq)]
pub struct Synthesis {
    pub axis: AxisNumber,
    /// Markdown.
    pub body: String,
    pub links: Vec<ContributionCard>,
    pub updated_at: i64,
}

impl Store {
    /// Writes the axis's synthesis (a new one, or over the last) and its links. The inner
    /// `Err` lists the numbers that are not listed contributions of this axis: nothing is saved.
    pub async fn save_synthesis(
        &self,
        axis: AxisNumber,
        author: PersonId,
        draft: &SynthesisDraft,
        now: i64,
    ) -> Result<Result<(), Vec<ContributionId>>, StoreError> {
        let mut tx = self.begin_write().await?;
        let ids: Vec<i64> = draft.contributions.iter().map(|id| id.get()).collect();
        let found: Vec<i64> = if ids.is_empty() {
            Vec::new()
        } else {
            let sql = format!(
                "SELECT c.id FROM programme_contributions c \
                 WHERE c.axis = $1 AND {LISTED} AND c.id IN ({})",
                placeholders(2, ids.len())
            );
            let mut query = sqlx::query_scalar(&sql).bind(axis.get());
            for id in &ids {
                query = query.bind(*id);
            }
            query.fetch_all(&mut *tx).await?
        };
        let refused: Vec<ContributionId> = draft
            .contributions
            .iter()
            .copied()
            .filter(|id| !found.contains(&id.get()))
            .collect();
        if !refused.is_empty() {
            return Ok(Err(refused));
        }
        sqlx::query(
            "INSERT INTO programme_syntheses (axis, body, author_id, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (axis) DO UPDATE SET body = excluded.body, \
             author_id = excluded.author_id, updated_at = excluded.updated_at",
        )
        .bind(axis.get())
        .bind(&draft.body)
        .bind(author.get())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM programme_synthesis_links WHERE axis = $1")
            .bind(axis.get())
            .execute(&mut *tx)
            .await?;
        for id in &ids {
            sqlx::query(
                "INSERT INTO programme_synthesis_links (axis, contribution_id) VALUES ($1, $2)",
            )
            .bind(axis.get())
            .bind(*id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// The axis's synthesis, if one was written; its links to listed contributions only.
    pub async fn programme_synthesis(
        &self,
        axis: AxisNumber,
    ) -> Result<Option<Synthesis>, StoreError> {
        let synthesis: Option<(String, i64)> =
            sqlx::query_as("SELECT body, updated_at FROM programme_syntheses WHERE axis = $1")
                .bind(axis.get())
                .fetch_optional(&self.pool)
                .await?;
        let Some((body, updated_at)) = synthesis else {
            return Ok(None);
        };
        let links: Vec<CardRow> = sqlx::query_as(&format!(
            "SELECT {CARD_COLUMNS} FROM programme_synthesis_links s \
             JOIN programme_contributions c ON c.id = s.contribution_id \
             WHERE s.axis = $1 AND {LISTED} ORDER BY c.supports DESC, c.id DESC"
        ))
        .bind(axis.get())
        .fetch_all(&self.pool)
        .await?;
        Ok(Some(Synthesis {
            axis,
            body,
            links: links.into_iter().map(ContributionCard::from).collect(),
            updated_at,
        }))
    }

    /// The axis's `limit` most supported listed contributions (the newest first among equals):
    /// the top of its results, and the list a coordinator picks from.
    pub async fn most_supported_on_axis(
        &self,
        axis: AxisNumber,
        limit: i64,
    ) -> Result<Vec<ContributionCard>, StoreError> {
        let rows: Vec<CardRow> = sqlx::query_as(&format!(
            "SELECT {CARD_COLUMNS} FROM programme_contributions c WHERE c.axis = $1 AND {LISTED} \
             ORDER BY c.supports DESC, c.id DESC LIMIT $2"
        ))
        .bind(axis.get())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(ContributionCard::from).collect())
    }
}

//! The programme's public results: per axis, what was contributed, by how many people, the most
//! supported and the synthesis; and every listed contribution as open data. Only listed
//! contributions count here (`LISTED`): nothing hidden or merged, and no personal data
//! beyond the name the author agreed to show.

use std::collections::HashMap;

use essaim_domain::ids::ContributionId;
use essaim_domain::programme::AxisNumber;

use super::syntheses::Synthesis;
use super::{CardRow, ContributionCard, CARD_COLUMNS, LISTED};
use crate::{Store, StoreError};

/// How many of an axis's most supported contributions its results show.
pub const TOP: i64 = 10;

#[derive(Debug, Clone, PartialEq)]
pub struct AxisResults {
    pub axis: AxisNumber,
    pub title: String,
    pub contributions: i64,
    /// Distinct authors; each contribution whose author left counts as one.
    pub contributors: i64,
    pub supports: i64,
    /// The `TOP` most supported.
    pub top: Vec<ContributionCard>,
    pub synthesis: Option<Synthesis>,
}

/// A listed contribution as the open data gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenDataRow {
    pub id: ContributionId,
    pub axis: AxisNumber,
    pub title: String,
    pub body: String,
    /// The addenda, oldest first, a blank line between them ("" when none).
    pub addenda: String,
    pub departement: Option<String>,
    /// None when the author did not agree to be named.
    pub author_label: Option<String>,
    pub supports: i64,
    /// Comments shown (neither hidden nor deleted).
    pub comments: i64,
    pub in_synthesis: bool,
    pub created_at: i64,
}

#[derive(sqlx::FromRow)]
struct CountsRow {
    number: i64,
    title: String,
    contributions: i64,
    contributors: i64,
    supports: i64,
}

impl Store {
    pub async fn programme_results(&self) -> Result<Vec<AxisResults>, StoreError> {
        // COUNT(c.id) - COUNT(c.author_id): the contributions whose author left, each one person.
        let counts: Vec<CountsRow> = sqlx::query_as(&format!(
            "SELECT a.number, a.title, COUNT(c.id) AS contributions, \
             COUNT(DISTINCT c.author_id) + COUNT(c.id) - COUNT(c.author_id) AS contributors, \
             CAST(COALESCE(SUM(c.supports), 0) AS BIGINT) AS supports \
             FROM programme_axes a \
             LEFT JOIN programme_contributions c ON c.axis = a.number AND {LISTED} \
             GROUP BY a.number, a.title ORDER BY a.number"
        ))
        .fetch_all(&self.pool)
        .await?;
        let mut results = Vec::with_capacity(counts.len());
        for row in counts {
            let axis = AxisNumber::new(row.number).expect("the table's CHECK keeps axes 1 to 7");
            results.push(AxisResults {
                axis,
                title: row.title,
                contributions: row.contributions,
                contributors: row.contributors,
                supports: row.supports,
                top: self.most_supported_on_axis(axis, TOP).await?,
                synthesis: self.programme_synthesis(axis).await?,
            });
        }
        Ok(results)
    }

    /// Every listed contribution, by number.
    pub async fn open_data_contributions(&self) -> Result<Vec<OpenDataRow>, StoreError> {
        let cards: Vec<CardRow> = sqlx::query_as(&format!(
            "SELECT {CARD_COLUMNS} FROM programme_contributions c WHERE {LISTED} ORDER BY c.id"
        ))
        .fetch_all(&self.pool)
        .await?;
        let addenda: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT a.contribution_id, a.body FROM programme_addenda a \
             JOIN programme_contributions c ON c.id = a.contribution_id \
             WHERE {LISTED} ORDER BY a.contribution_id, a.id"
        ))
        .fetch_all(&self.pool)
        .await?;
        let mut addenda_of: HashMap<i64, Vec<String>> = HashMap::new();
        for (id, body) in addenda {
            addenda_of.entry(id).or_default().push(body);
        }
        Ok(cards
            .into_iter()
            .map(ContributionCard::from)
            .map(|card| OpenDataRow {
                addenda: addenda_of
                    .remove(&card.id.get())
                    .map(|texts| texts.join("\n\n"))
                    .unwrap_or_default(),
                id: card.id,
                axis: card.axis,
                title: card.title,
                body: card.body,
                departement: card.departement,
                author_label: card.author_label,
                supports: card.supports,
                comments: card.comments,
                in_synthesis: card.in_synthesis,
                created_at: card.created_at,
            })
            .collect())
    }
}

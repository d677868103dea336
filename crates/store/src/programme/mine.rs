//! A person's own contributions, for Mon espace: where they find them again to complete them.

use essaim_domain::ids::PersonId;

use super::{CardRow, ContributionCard, ContributionStatus, CARD_COLUMNS};
use crate::{Store, StoreError};

#[derive(sqlx::FromRow)]
struct MineRow {
    #[sqlx(flatten)]
    card: CardRow,
    status: String,
}

impl Store {
    /// The person's contributions, newest first, whatever their status.
    pub async fn contributions_of(
        &self,
        person: PersonId,
    ) -> Result<Vec<(ContributionCard, ContributionStatus)>, StoreError> {
        let rows: Vec<MineRow> = sqlx::query_as(&format!(
            "SELECT {CARD_COLUMNS}, c.status FROM programme_contributions c \
             WHERE c.author_id = $1 ORDER BY c.id DESC"
        ))
        .bind(person.get())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| (row.card.into(), ContributionStatus::from_code(&row.status)))
            .collect())
    }
}

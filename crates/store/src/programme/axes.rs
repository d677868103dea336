//! The seven axes: their texts (edited by staff) and how many contributions each lists.

use essaim_domain::programme::axis::AxisText;
use essaim_domain::programme::AxisNumber;

use super::{AxisSummary, LISTED};
use crate::{Store, StoreError};

#[derive(sqlx::FromRow)]
struct AxisRow {
    number: i64,
    title: String,
    introduction: String,
    contributions: i64,
}

fn axis_query() -> String {
    format!(
        "SELECT a.number, a.title, a.introduction, \
         (SELECT COUNT(*) FROM programme_contributions c WHERE c.axis = a.number AND {LISTED}) \
         AS contributions FROM programme_axes a"
    )
}

impl From<AxisRow> for AxisSummary {
    fn from(row: AxisRow) -> Self {
        Self {
            number: AxisNumber::new(row.number).expect("the table's CHECK keeps axes 1 to 7"),
            title: row.title,
            introduction: row.introduction,
            contributions: row.contributions,
        }
    }
}

impl Store {
    pub async fn programme_axes(&self) -> Result<Vec<AxisSummary>, StoreError> {
        let rows: Vec<AxisRow> = sqlx::query_as(&format!("{} ORDER BY a.number", axis_query()))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(AxisSummary::from).collect())
    }

    pub async fn programme_axis(&self, axis: AxisNumber) -> Result<AxisSummary, StoreError> {
        let row: AxisRow = sqlx::query_as(&format!("{} WHERE a.number = $1", axis_query()))
            .bind(axis.get())
            .fetch_one(&self.pool)
            .await?;
        Ok(row.into())
    }

    pub async fn update_programme_axis(
        &self,
        axis: AxisNumber,
        text: &AxisText,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE programme_axes SET title = $2, introduction = $3, updated_at = $4 WHERE number = $1",
        )
        .bind(axis.get())
        .bind(&text.title)
        .bind(&text.introduction)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The départements named by the axis's listed contributions, with their counts: the
    /// choices of the axis page's filter.
    pub async fn programme_axis_departements(
        &self,
        axis: AxisNumber,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(sqlx::query_as(&format!(
            "SELECT c.departement, COUNT(*) FROM programme_contributions c \
             WHERE c.axis = $1 AND {LISTED} AND c.departement IS NOT NULL \
             GROUP BY c.departement ORDER BY c.departement"
        ))
        .bind(axis.get())
        .fetch_all(&self.pool)
        .await?)
    }
}

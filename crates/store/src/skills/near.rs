//! Offers near a place: the shared grid search (`crate::near`) over `skill_offers_by_cell`
//! gives the candidates, the exact distance keeps those inside the disc, and only those are
//! read in full.

use essaim_domain::agir::Skill;
use essaim_geo::distance_km;
use sqlx::FromRow;

use super::{OfferRow, OfferSummary, OFFER_COLUMNS};
use crate::placeholders::rows_with_ids;
use crate::{Store, StoreError};

/// Ids read per `IN (…)` statement.
const IDS_PER_STATEMENT: usize = 500;

impl Store {
    /// Standing offers within `radius_km` of `point` (with `skill`, when given), nearest first,
    /// ties by person id, each with its distance in km.
    pub async fn skill_offers_near(
        &self,
        point: (f64, f64),
        radius_km: f64,
        skill: Option<Skill>,
    ) -> Result<Vec<(OfferSummary, f64)>, StoreError> {
        let candidates = self.offer_ids_within(point, radius_km).await?;
        let mut found = Vec::new();
        let sql = format!(
            "SELECT {OFFER_COLUMNS} FROM skill_offers o JOIN people p ON p.id = o.person_id \
             WHERE o.withdrawn_at IS NULL AND o.person_id IN ({{ids}})"
        );
        for chunk in candidates.chunks(IDS_PER_STATEMENT) {
            for row in rows_with_ids(&self.pool, &sql, chunk).await? {
                let offer = OfferSummary::from(OfferRow::from_row(&row)?);
                // Checked again: the offer may have moved since the index was read.
                let distance = distance_km(point, (offer.lat, offer.lon));
                if distance <= radius_km && skill.is_none_or(|skill| offer.skills.contains(&skill))
                {
                    found.push((offer, distance));
                }
            }
        }
        found.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.person_id.cmp(&b.0.person_id)));
        Ok(found)
    }

    /// Person ids of standing offers within `radius_km`, from the index alone.
    async fn offer_ids_within(
        &self,
        point: (f64, f64),
        radius_km: f64,
    ) -> Result<Vec<i64>, StoreError> {
        Ok(
            crate::near::within(&self.pool, point, radius_km, &[], |lo, hi| {
                format!(
                    "SELECT person_id AS id, CAST(0 AS BIGINT) AS key, lat, lon FROM skill_offers \
                 WHERE withdrawn_at IS NULL AND cell BETWEEN ${lo} AND ${hi}"
                )
            })
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect(),
        )
    }
}

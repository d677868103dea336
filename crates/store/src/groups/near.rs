//! "Groups near me": the open groups nearest to a point, sorted by distance, a page at a time.
//!
//! The disc around the point is widened (aiming at the size the density found so far calls
//! for) until it holds enough groups for the page asked (plus
//! one, to know whether there is a next page). For each radius the candidates come from a few
//! range scans of the grid index (`support_groups_by_cell`, which holds the coordinates: the
//! table itself is not read), then the exact distance keeps those inside the disc. Every group
//! inside the disc is nearer than every group outside it, so the first page is exact.

use essaim_domain::ids::GroupId;
use sqlx::FromRow;

use super::{Group, GROUP_COLUMNS};
use crate::placeholders::rows_with_ids;
use crate::{Store, StoreError};

pub const NEAR_PAGE_SIZE: usize = 20;
/// The first disc: a city district. Each step widens it.
const FIRST_RADIUS_KM: f64 = 1.0;
/// Past this, a group is no longer "near": beyond it we stop looking.
pub const MAX_RADIUS_KM: f64 = 300.0;

#[derive(Debug, Clone)]
pub struct NearbyGroup {
    pub group: Group,
    pub distance_km: f64,
}

impl Store {
    /// Groups within `MAX_RADIUS_KM` of `point`, nearest first (ties by id), skipping `offset`.
    /// The flag says whether more groups follow.
    pub async fn groups_near(
        &self,
        point: (f64, f64),
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<NearbyGroup>, bool), StoreError> {
        let wanted = offset + limit + 1;
        let mut radius = FIRST_RADIUS_KM;
        let found = loop {
            let found = self.candidates_within(point, radius).await?;
            if found.len() >= wanted || radius >= MAX_RADIUS_KM {
                break found;
            }
            // Groups are spread about evenly at the scale of a few discs: aim straight for a
            // disc that should hold the page (area grows with the square of the radius).
            let growth = if found.is_empty() {
                4.0
            } else {
                (1.25 * (wanted as f64 / found.len() as f64).sqrt()).max(1.5)
            };
            radius = (radius * growth).min(MAX_RADIUS_KM);
        };
        let more = found.len() > offset + limit;
        let page: Vec<(i64, f64)> = found.into_iter().skip(offset).take(limit).collect();
        let ids: Vec<i64> = page.iter().map(|(id, _)| *id).collect();
        let sql = format!("SELECT {GROUP_COLUMNS} FROM support_groups g WHERE g.id IN ({{ids}})");
        let groups = rows_with_ids(&self.pool, &sql, &ids)
            .await?
            .iter()
            .map(Group::from_row)
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let nearby = page
            .into_iter()
            .filter_map(|(id, distance_km)| {
                let group = groups.iter().find(|g| g.id == GroupId::new(id))?.clone();
                Some(NearbyGroup { group, distance_km })
            })
            .collect();
        Ok((nearby, more))
    }

    /// (id, distance) of open groups within `radius_km`, sorted by distance then id.
    async fn candidates_within(
        &self,
        point: (f64, f64),
        radius_km: f64,
    ) -> Result<Vec<(i64, f64)>, StoreError> {
        let mut found: Vec<(i64, f64)> =
            crate::near::within(&self.pool, point, radius_km, &[], |lo, hi| {
                format!(
                    "SELECT id, CAST(0 AS BIGINT) AS key, lat, lon FROM support_groups \
                 WHERE closed_at IS NULL AND cell BETWEEN ${lo} AND ${hi}"
                )
            })
            .await?
            .into_iter()
            .map(|c| (c.id, c.distance_km))
            .collect();
        found.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        Ok(found)
    }
}

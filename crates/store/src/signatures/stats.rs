//! What staff see of the signatures: per day, per département, fraud.

use sqlx::Row;

use crate::{Store, StoreError};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayCount {
    /// Days since the Unix epoch (UTC).
    pub day: i64,
    pub confirmed: i64,
    pub pending: i64,
}

#[derive(Debug, Clone, Default)]
pub struct SignatureStats {
    pub per_day: Vec<DayCount>,
    pub per_departement: Vec<(String, i64)>,
    pub confirmed: i64,
    pub pending: i64,
    pub fraud: i64,
}

impl Store {
    /// `since` bounds the per-day series (Unix seconds).
    pub async fn signature_stats(&self, since: i64) -> Result<SignatureStats, StoreError> {
        let mut stats = SignatureStats::default();
        let rows = sqlx::query(
            "SELECT created_at / 86400 AS day, status, COUNT(*) FROM signatures \
             WHERE created_at >= $1 AND status IN ('confirmed', 'pending') GROUP BY day, status ORDER BY day",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        for row in rows {
            let (day, status, count): (i64, String, i64) =
                (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
            if stats.per_day.last().map(|d| d.day) != Some(day) {
                stats.per_day.push(DayCount {
                    day,
                    ..Default::default()
                });
            }
            let entry = stats.per_day.last_mut().expect("pushed above");
            match status.as_str() {
                "confirmed" => entry.confirmed = count,
                _ => entry.pending = count,
            }
        }
        let rows = sqlx::query(
            "SELECT departement, COUNT(*) AS n FROM signatures WHERE status = 'confirmed' \
             GROUP BY departement ORDER BY n DESC, departement",
        )
        .fetch_all(&self.pool)
        .await?;
        for row in rows {
            stats
                .per_departement
                .push((row.try_get(0)?, row.try_get(1)?));
        }
        let rows = sqlx::query("SELECT status, COUNT(*) FROM signatures GROUP BY status")
            .fetch_all(&self.pool)
            .await?;
        for row in rows {
            let (status, count): (String, i64) = (row.try_get(0)?, row.try_get(1)?);
            match status.as_str() {
                "confirmed" => stats.confirmed = count,
                "pending" => stats.pending = count,
                _ => stats.fraud += count,
            }
        }
        Ok(stats)
    }
}

//! What staff see of the signatures: per day, per département, fraud.

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

#[derive(sqlx::FromRow)]
struct DayStatusCount {
    day: i64,
    status: String,
    n: i64,
}

#[derive(sqlx::FromRow)]
struct StatusCount {
    status: String,
    n: i64,
}

#[derive(sqlx::FromRow)]
struct DepartementCount {
    departement: String,
    n: i64,
}

impl Store {
    /// `since` bounds the per-day series (Unix seconds).
    pub async fn signature_stats(&self, since: i64) -> Result<SignatureStats, StoreError> {
        let mut stats = SignatureStats::default();
        let rows: Vec<DayStatusCount> = sqlx::query_as(
            "SELECT created_at / 86400 AS day, status, COUNT(*) AS n FROM signatures \
             WHERE created_at >= $1 AND status IN ('confirmed', 'pending') GROUP BY day, status ORDER BY day",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        for DayStatusCount { day, status, n } in rows {
            if stats.per_day.last().map(|d| d.day) != Some(day) {
                stats.per_day.push(DayCount {
                    day,
                    ..Default::default()
                });
            }
            let entry = stats.per_day.last_mut().expect("pushed above");
            match status.as_str() {
                "confirmed" => entry.confirmed = n,
                _ => entry.pending = n,
            }
        }
        let rows: Vec<DepartementCount> = sqlx::query_as(
            "SELECT departement, COUNT(*) AS n FROM signatures WHERE status = 'confirmed' \
             GROUP BY departement ORDER BY n DESC, departement",
        )
        .fetch_all(&self.pool)
        .await?;
        stats.per_departement = rows.into_iter().map(|r| (r.departement, r.n)).collect();
        let rows: Vec<StatusCount> =
            sqlx::query_as("SELECT status, COUNT(*) AS n FROM signatures GROUP BY status")
                .fetch_all(&self.pool)
                .await?;
        for StatusCount { status, n } in rows {
            match status.as_str() {
                "confirmed" => stats.confirmed = n,
                "pending" => stats.pending = n,
                _ => stats.fraud += n,
            }
        }
        Ok(stats)
    }
}

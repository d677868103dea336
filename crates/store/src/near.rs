//! The grid search shared by groups, events and skills offers: the rows within a distance of a
//! point, from one range scan of a `cell` index per row of cells, then the exact distance.
//!
//! Why per row and `UNION ALL`: with `cell BETWEEN … OR cell BETWEEN …` SQLite scans the whole
//! index; each leg of a `UNION ALL` is a range search. A hundred legs to a statement, since
//! SQLite allows 500 terms in a compound SELECT. See docs/decisions/0005-near-me.md.

use essaim_geo::distance_km;
use essaim_geo::grid::cells_within;
use sqlx::AnyPool;

use crate::StoreError;

/// A value bound before the cell ranges (the legs' own conditions use `$1…$n`).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Bind<'a> {
    Int(i64),
    Text(&'a str),
}

impl<'a> Bind<'a> {
    pub(crate) fn bind_to(
        self,
        query: sqlx::query::Query<'a, sqlx::Any, sqlx::any::AnyArguments<'a>>,
    ) -> sqlx::query::Query<'a, sqlx::Any, sqlx::any::AnyArguments<'a>> {
        match self {
            Bind::Int(value) => query.bind(value),
            Bind::Text(value) => query.bind(value),
        }
    }

    /// The same, for a query whose rows are read into `O`.
    pub(crate) fn bind_as<O>(
        self,
        query: sqlx::query::QueryAs<'a, sqlx::Any, O, sqlx::any::AnyArguments<'a>>,
    ) -> sqlx::query::QueryAs<'a, sqlx::Any, O, sqlx::any::AnyArguments<'a>> {
        match self {
            Bind::Int(value) => query.bind(value),
            Bind::Text(value) => query.bind(value),
        }
    }
}

/// What each leg selects.
#[derive(sqlx::FromRow)]
struct Located {
    id: i64,
    key: i64,
    lat: f64,
    lon: f64,
}

/// One row inside the disc.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub id: i64,
    /// A second column the caller sorts by (an event's start), or 0.
    pub key: i64,
    pub distance_km: f64,
}

/// `leg(lo, hi)` writes one SELECT of `id, key, lat, lon` (all BIGINT but lat/lon, named so) whose
/// condition ends with `cell BETWEEN $lo AND $hi`; `fixed` are bound first, as `$1…`.
pub(crate) async fn within(
    pool: &AnyPool,
    point: (f64, f64),
    radius_km: f64,
    fixed: &[Bind<'_>],
    leg: impl Fn(usize, usize) -> String,
) -> Result<Vec<Candidate>, StoreError> {
    let mut found = Vec::new();
    for chunk in cells_within(point, radius_km).chunks(100) {
        let first = fixed.len() + 1;
        let sql = (0..chunk.len())
            .map(|i| leg(first + 2 * i, first + 2 * i + 1))
            .collect::<Vec<_>>()
            .join(" UNION ALL ");
        let mut query = sqlx::query_as::<_, Located>(&sql);
        for bind in fixed {
            query = bind.bind_as(query);
        }
        for (low, high) in chunk {
            query = query.bind(low).bind(high);
        }
        for Located { id, key, lat, lon } in query.fetch_all(pool).await? {
            let distance_km = distance_km(point, (lat, lon));
            if distance_km <= radius_km {
                found.push(Candidate {
                    id,
                    key,
                    distance_km,
                });
            }
        }
    }
    Ok(found)
}

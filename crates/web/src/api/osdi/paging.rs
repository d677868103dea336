//! OSDI collection paging (`page`, `per_page` capped at 100, `total_pages`, `_links.next/prev`)
//! and the one OData filter we understand, `modified_date gt '…'`: what a CRM needs to fetch
//! only what changed since its last sync.

use axum::extract::rejection::QueryRejection;
use axum::extract::Query;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::errors::OsdiError;
use super::hal::link;

pub const DEFAULT_PER_PAGE: i64 = 25;
pub const MAX_PER_PAGE: i64 = 100;

/// The query string as sent; numbers are parsed by `Paging::parse` so that a bad one gets an
/// OSDI error, not axum's plain-text rejection.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CollectionQuery {
    pub page: String,
    pub per_page: String,
    pub filter: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: i64,
    pub per_page: i64,
    /// Only resources modified strictly after this Unix time.
    pub modified_after: Option<i64>,
}

impl Paging {
    /// The paging and the filter as sent (kept to write the other pages' links).
    pub fn from_query(
        query: Result<Query<CollectionQuery>, QueryRejection>,
    ) -> Result<(Self, String), OsdiError> {
        let Query(query) =
            query.map_err(|_| OsdiError::BadRequest("Unreadable query string.".into()))?;
        Ok((Self::parse(&query)?, query.filter))
    }

    pub fn parse(query: &CollectionQuery) -> Result<Self, OsdiError> {
        let number = |raw: &str, default: i64, name: &str| -> Result<i64, OsdiError> {
            match raw.trim() {
                "" => Ok(default),
                raw => raw.parse::<i64>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                    OsdiError::BadRequest(format!("{name} must be a positive integer."))
                }),
            }
        };
        Ok(Self {
            page: number(&query.page, 1, "page")?,
            per_page: number(&query.per_page, DEFAULT_PER_PAGE, "per_page")?.min(MAX_PER_PAGE),
            modified_after: parse_filter(&query.filter)?,
        })
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1).saturating_mul(self.per_page)
    }

    /// At least one page, even empty, as OSDI collections always have a first page.
    pub fn total_pages(&self, total: i64) -> i64 {
        ((total + self.per_page - 1) / self.per_page).max(1)
    }

    /// The query string of another page of the same listing.
    pub fn query_for(&self, page: i64, filter: &str) -> String {
        let mut pairs = vec![
            ("page", page.to_string()),
            ("per_page", self.per_page.to_string()),
        ];
        if !filter.trim().is_empty() {
            pairs.push(("filter", filter.trim().to_string()));
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// One page of an OSDI collection at `url`: the totals, `self`, `next` (absent on the last
/// page), `prev` (absent on the first), the links to each resource under `relation`
/// (`osdi:people`…) and the resources themselves, embedded under the same name. Each document
/// carries its own `_links.self`.
pub fn collection(
    paging: &Paging,
    filter: &str,
    url: &str,
    total: i64,
    relation: &str,
    documents: Vec<Value>,
) -> Value {
    let total_pages = paging.total_pages(total);
    let page_link = |page: i64| link(format!("{url}?{}", paging.query_for(page, filter)));
    let mut links = Map::new();
    links.insert("self".into(), page_link(paging.page));
    if paging.page < total_pages {
        links.insert("next".into(), page_link(paging.page + 1));
    }
    if paging.page > 1 {
        links.insert("prev".into(), page_link((paging.page - 1).min(total_pages)));
    }
    links.insert(
        relation.into(),
        documents
            .iter()
            .map(|document| document["_links"]["self"].clone())
            .collect(),
    );
    json!({
        "total_pages": total_pages,
        "per_page": paging.per_page,
        "page": paging.page,
        "total_records": total,
        "_links": links,
        "_embedded": { relation: documents },
    })
}

/// `modified_date gt '2026-01-31T00:00:00Z'` (or a bare date, read as midnight UTC) into Unix
/// seconds; anything else is refused rather than ignored, so a client never mistakes a full
/// listing for a filtered one.
pub fn parse_filter(raw: &str) -> Result<Option<i64>, OsdiError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let refused = || {
        OsdiError::BadRequest(
            "Unsupported filter: only modified_date gt 'YYYY-MM-DDTHH:MM:SSZ' is understood."
                .into(),
        )
    };
    let mut words = raw.splitn(3, ' ');
    let (Some(field), Some(op), Some(value)) = (words.next(), words.next(), words.next()) else {
        return Err(refused());
    };
    if field != "modified_date" || !op.eq_ignore_ascii_case("gt") {
        return Err(refused());
    }
    let value = value
        .trim()
        .strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .ok_or_else(refused)?;
    if let Ok(timestamp) = value.parse::<jiff::Timestamp>() {
        return Ok(Some(timestamp.as_second()));
    }
    let day: jiff::civil::Date = value.parse().map_err(|_| refused())?;
    let midnight = day
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map_err(|_| refused())?;
    Ok(Some(midnight.timestamp().as_second()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_modified_date_filter_reads_as_unix_seconds() {
        assert_eq!(
            parse_filter("modified_date gt '2026-01-02T00:00:00Z'").unwrap(),
            Some(1_767_312_000)
        );
        assert_eq!(
            parse_filter("modified_date gt '2026-01-02'").unwrap(),
            Some(1_767_312_000)
        );
        assert_eq!(parse_filter("  ").unwrap(), None);
    }

    #[test]
    fn other_filters_are_refused_not_ignored() {
        for raw in [
            "modified_date lt '2026-01-02'",
            "email eq 'a@b.fr'",
            "modified_date gt 2026-01-02",
            "modified_date gt 'hier'",
        ] {
            assert!(parse_filter(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn per_page_is_capped_at_a_hundred() {
        let query = CollectionQuery {
            per_page: "500".into(),
            ..Default::default()
        };
        assert_eq!(Paging::parse(&query).unwrap().per_page, MAX_PER_PAGE);
    }

    #[test]
    fn total_pages_rounds_up_and_is_never_zero() {
        let paging = Paging {
            page: 1,
            per_page: 100,
            modified_after: None,
        };
        assert_eq!(paging.total_pages(1000), 10);
        assert_eq!(paging.total_pages(1001), 11);
        assert_eq!(paging.total_pages(0), 1);
    }
}

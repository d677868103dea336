//! `tags`: the closed lists people tick about themselves, as OSDI tags — the skills they offer
//! (`essaim:skill:<code>`) and what they like doing in action (`essaim:action:<code>`, the
//! action profile's interests). Fixed lists shipped with the code, not rows: their dates are
//! the day they were shipped (LISTS_SHIPPED_AT), to move when a list changes.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use essaim_domain::agir::profile::Interest;
use essaim_domain::agir::{Coded, Skill};
use serde_json::{json, Value};

use super::auth::ApiCaller;
use super::errors::OsdiError;
use super::hal::{link, named_resource, Hal};
use super::paging::{collection, CollectionQuery, Paging};
use crate::AppState;

/// 2026-11-26T00:00:00Z: the lists came with the Agir groundwork (migration 0003) that day.
/// Change it with a list, so that a `modified_date gt` sync picks the new list up.
pub const LISTS_SHIPPED_AT: i64 = 1_795_651_200;

/// (identifier after `essaim:`, name, description) of every tag, skills first.
fn all_tags() -> Vec<(String, &'static str, &'static str)> {
    let skills = Skill::ALL.iter().map(|s| {
        (
            format!("skill:{}", s.code()),
            s.label(),
            "Compétence offerte",
        )
    });
    let actions = Interest::ALL.iter().map(|i| {
        (
            format!("action:{}", i.code()),
            i.label(),
            "Ce que la personne aime faire pour agir",
        )
    });
    skills.chain(actions).collect()
}

fn tag_document(base: &str, (id, name, description): &(String, &str, &str)) -> Value {
    let mut fields = named_resource(id, LISTS_SHIPPED_AT, LISTS_SHIPPED_AT);
    fields.insert("name".into(), json!(name));
    fields.insert("description".into(), json!(description));
    fields.insert(
        "_links".into(),
        json!({ "self": link(format!("{base}/api/osdi/v1/tags/{id}")) }),
    );
    Value::Object(fields)
}

pub async fn list(
    State(state): State<AppState>,
    ApiCaller(_): ApiCaller,
    query: Result<Query<CollectionQuery>, QueryRejection>,
) -> Result<Hal, OsdiError> {
    let (paging, filter) = Paging::from_query(query)?;
    let base = state.links.base_url();
    // The whole list changed at LISTS_SHIPPED_AT: after it, nothing did.
    let tags = match paging.modified_after {
        Some(since) if since >= LISTS_SHIPPED_AT => Vec::new(),
        _ => all_tags(),
    };
    let total = i64::try_from(tags.len()).unwrap_or(i64::MAX);
    let page = tags
        .iter()
        .skip(usize::try_from(paging.offset()).unwrap_or(usize::MAX))
        .take(usize::try_from(paging.per_page).unwrap_or(0))
        .map(|tag| tag_document(base, tag))
        .collect();
    Ok(Hal::ok(collection(
        &paging,
        &filter,
        &format!("{base}/api/osdi/v1/tags"),
        total,
        "osdi:tags",
        page,
    )))
}

pub async fn show(
    State(state): State<AppState>,
    ApiCaller(_): ApiCaller,
    Path(id): Path<String>,
) -> Result<Hal, OsdiError> {
    let tag = all_tags()
        .into_iter()
        .find(|tag| tag.0 == id)
        .ok_or(OsdiError::NotFound)?;
    Ok(Hal::ok(tag_document(state.links.base_url(), &tag)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_date_is_the_day_they_shipped() {
        assert_eq!(
            super::super::hal::date(LISTS_SHIPPED_AT),
            "2026-11-26T00:00:00Z"
        );
    }

    #[test]
    fn tag_identifiers_are_unique() {
        let tags = all_tags();
        let mut ids: Vec<_> = tags.iter().map(|t| t.0.clone()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), tags.len());
    }
}

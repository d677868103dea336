//! `events`: the paged collection and one event, those the public can see (published or
//! cancelled; see store/src/api_events.rs).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use essaim_domain::ids::EventId;
use essaim_store::api_events::ApiEvent;
use serde_json::{json, Value};

use super::auth::ApiCaller;
use super::errors::OsdiError;
use super::hal::{date, link, resource, Hal};
use super::paging::{collection, CollectionQuery, Paging};
use crate::AppState;

pub fn event_url(base: &str, id: i64) -> String {
    format!("{base}/api/osdi/v1/events/{id}")
}

/// An event as OSDI writes one.
fn event_document(base: &str, event: &ApiEvent) -> Value {
    let mut fields = resource(event.id, event.created_at, event.modified_at);
    fields.insert("name".into(), json!(event.title));
    fields.insert("title".into(), json!(event.title));
    fields.insert("description".into(), json!(event.description));
    fields.insert(
        "browser_url".into(),
        json!(format!("{base}/evenements/{}", event.id)),
    );
    fields.insert("type".into(), json!("open"));
    fields.insert("visibility".into(), json!("public"));
    // OSDI's statuses: a published event is "confirmed"; nothing else is listed but cancelled.
    let status = if event.status == "cancelled" {
        "cancelled"
    } else {
        "confirmed"
    };
    fields.insert("status".into(), json!(status));
    fields.insert("start_date".into(), json!(date(event.starts_at)));
    fields.insert("end_date".into(), json!(date(event.ends_at)));
    fields.insert("total_accepted".into(), json!(event.confirmed));
    if let Some(capacity) = event.capacity {
        fields.insert("capacity".into(), json!(capacity));
    }
    if event.postal_code.is_some() || event.commune.is_some() {
        let mut location = serde_json::Map::new();
        if let Some(address) = &event.address {
            location.insert("address_lines".into(), json!([address]));
        }
        if let Some(commune) = &event.commune {
            location.insert("locality".into(), json!(commune));
        }
        if let Some(postal_code) = &event.postal_code {
            location.insert("postal_code".into(), json!(postal_code));
        }
        location.insert("country".into(), json!("FR"));
        fields.insert("location".into(), Value::Object(location));
    }
    if let Some(url) = &event.online_url {
        fields.insert("essaim:online_url".into(), json!(url));
    }
    let url = event_url(base, event.id);
    fields.insert(
        "_links".into(),
        json!({
            "self": link(url.clone()),
            "osdi:attendances": link(format!("{url}/attendances")),
            "osdi:record_attendance_helper": link(format!("{url}/record_attendance_helper")),
        }),
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
    let total = state.store.count_api_events(paging.modified_after).await?;
    let events = state
        .store
        .api_events(paging.modified_after, paging.offset(), paging.per_page)
        .await?;
    Ok(Hal::ok(collection(
        &paging,
        &filter,
        &format!("{base}/api/osdi/v1/events"),
        total,
        "osdi:events",
        events.iter().map(|e| event_document(base, e)).collect(),
    )))
}

/// The event if the public may see it; 404 otherwise, as for an unknown one.
pub async fn visible(state: &AppState, id: &str) -> Result<ApiEvent, OsdiError> {
    let id = id.parse::<i64>().map_err(|_| OsdiError::NotFound)?;
    state
        .store
        .api_event(EventId::new(id))
        .await?
        .ok_or(OsdiError::NotFound)
}

pub async fn show(
    State(state): State<AppState>,
    ApiCaller(_): ApiCaller,
    Path(id): Path<String>,
) -> Result<Hal, OsdiError> {
    let event = visible(&state, &id).await?;
    Ok(Hal::ok(event_document(state.links.base_url(), &event)))
}

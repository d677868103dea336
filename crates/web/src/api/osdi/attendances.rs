//! An event's `attendances` (paged, one) and its `record_attendance_helper`, which enters the
//! person as the signup helper does (same matching, same double opt-in) and registers them
//! through the events' own registration (capacity, waiting list, closed events).

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use essaim_domain::ids::EventId;
use essaim_store::api_events::ApiAttendance;
use essaim_store::events::RegistrationOutcome;
use essaim_store::now;
use serde_json::{json, Value};

use super::auth::{ApiCaller, ApiWriter};
use super::errors::OsdiError;
use super::events::{event_url, visible};
use super::hal::{date, link, resource, Hal};
use super::paging::{collection, CollectionQuery, Paging};
use super::people::person_url;
use super::signup::SignupRequest;
use crate::AppState;

/// An attendance as OSDI writes one. A registration has no later change than its creation
/// (a cancelled one is no longer listed), so both dates are its creation.
fn attendance_document(base: &str, attendance: &ApiAttendance) -> Value {
    let mut fields = resource(attendance.id, attendance.created_at, attendance.created_at);
    fields.insert("action_date".into(), json!(date(attendance.created_at)));
    // A place is "accepted"; the waiting list is "tentative" until a place frees up.
    let status = if attendance.status == "confirmed" {
        "accepted"
    } else {
        "tentative"
    };
    fields.insert("status".into(), json!(status));
    let event = event_url(base, attendance.event_id);
    fields.insert(
        "_links".into(),
        json!({
            "self": link(format!("{event}/attendances/{}", attendance.id)),
            "osdi:event": link(event),
            "osdi:person": link(person_url(base, attendance.person_id)),
        }),
    );
    Value::Object(fields)
}

pub async fn list(
    State(state): State<AppState>,
    ApiCaller(_): ApiCaller,
    Path(id): Path<String>,
    query: Result<Query<CollectionQuery>, QueryRejection>,
) -> Result<Hal, OsdiError> {
    let event = EventId::new(visible(&state, &id).await?.id);
    let (paging, filter) = Paging::from_query(query)?;
    let base = state.links.base_url();
    let total = state
        .store
        .count_api_attendances(event, paging.modified_after)
        .await?;
    let attendances = state
        .store
        .api_attendances(
            event,
            paging.modified_after,
            paging.offset(),
            paging.per_page,
        )
        .await?;
    Ok(Hal::ok(collection(
        &paging,
        &filter,
        &format!("{}/attendances", event_url(base, event.get())),
        total,
        "osdi:attendances",
        attendances
            .iter()
            .map(|a| attendance_document(base, a))
            .collect(),
    )))
}

pub async fn show(
    State(state): State<AppState>,
    ApiCaller(_): ApiCaller,
    Path((event_id, id)): Path<(String, String)>,
) -> Result<Hal, OsdiError> {
    let event = EventId::new(visible(&state, &event_id).await?.id);
    let id = id.parse::<i64>().map_err(|_| OsdiError::NotFound)?;
    let attendance = state
        .store
        .api_attendance(event, id)
        .await?
        .ok_or(OsdiError::NotFound)?;
    Ok(Hal::ok(attendance_document(
        state.links.base_url(),
        &attendance,
    )))
}

/// POST events/{id}/record_attendance_helper: the person matched or created, then registered;
/// twice is one registration (the events' rule: already registered stays as it is).
pub async fn record(
    State(state): State<AppState>,
    _writer: ApiWriter,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Hal, OsdiError> {
    let event = visible(&state, &id).await?;
    let request = SignupRequest::parse(&body)?;
    let signature = request.signature()?;
    let now = now();
    let closed =
        || OsdiError::BadRequest("This event takes no registrations: cancelled or over.".into());
    // Checked before entering the person, so that a refused call leaves no one behind.
    if event.status != "published" || event.ends_at <= now {
        return Err(closed());
    }
    let event = EventId::new(event.id);
    let signup = request.sign_up(&state.store, &signature, now).await?;
    if state
        .store
        .register_to_event(event, signup.person_id, now)
        .await?
        == RegistrationOutcome::Closed
    {
        return Err(closed());
    }
    let attendance = state
        .store
        .api_registration(event, signup.person_id)
        .await?
        .ok_or_else(closed)?;
    Ok(Hal::ok(attendance_document(
        state.links.base_url(),
        &attendance,
    )))
}

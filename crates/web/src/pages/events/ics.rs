//! GET /evenements/{id}/agenda.ics: the event for a calendar (RFC 5545, written by the
//! `icalendar` crate, which escapes and folds the text). The location follows the page's rule:
//! the exact address only for those who may see it.

use axum::extract::State;
use axum::response::Response;
use essaim_domain::ids::EventId;
use icalendar::{Calendar, Component, EventLike};
use jiff::Timestamp;

use super::show::{address_visible, visible_event};
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::session::MaybePerson;
use crate::AppState;

/// 1797103800 → "20261212T193000Z".
fn utc(instant: i64) -> String {
    Timestamp::from_second(instant)
        .map(|t| t.strftime("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_default()
}

pub async fn download(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    IdPath(id): IdPath<EventId>,
) -> Result<Response, AppError> {
    let (event, registration) = visible_event(&state, id, person.as_ref()).await?;
    let page = format!("{}/evenements/{}", state.config.base_url, event.id);
    let location = match &event.online_url {
        Some(_) => "En ligne".to_string(),
        None => {
            let mut parts = Vec::new();
            if address_visible(&event, person.as_ref(), registration) {
                parts.extend(event.address.clone());
            }
            parts.extend(event.postal_code.clone());
            parts.extend(event.commune.clone());
            parts.join(" ")
        }
    };
    let host = state
        .config
        .base_url
        .split("://")
        .nth(1)
        .unwrap_or("essaim")
        .to_string();
    let mut calendar_event = icalendar::Event::new();
    calendar_event
        .uid(&format!("evenement-{}@{host}", event.id))
        .summary(&event.title)
        .description(&format!("{}\n\n{page}", event.description))
        .location(&location)
        .add_property("DTSTART", utc(event.starts_at))
        .add_property("DTEND", utc(event.ends_at))
        .add_property("URL", &page);
    if event.status == essaim_store::events::EventStatus::Cancelled {
        calendar_event.add_property("STATUS", "CANCELLED");
    }
    let mut calendar = Calendar::new();
    calendar.name(&event.title).push(calendar_event.done());
    Ok(crate::render::download(
        "text/calendar; charset=utf-8",
        "evenement.ics",
        calendar.done().to_string(),
    ))
}

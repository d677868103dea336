//! Events: propose, approve, find near me, register (with a waiting list), .ics, host tools.

mod admin;
mod form;
mod host;
mod ics;
mod register;
mod search;
mod show;

use axum::routing::{get, post};
use essaim_domain::events::{Accessibility, EventKind};
use essaim_domain::ids::EventId;
use essaim_store::events::Event;
use essaim_store::people::Person;

use crate::error::AppError;
use crate::routes::RouteTable;
use crate::AppState;

pub fn routes() -> RouteTable {
    vec![
        ("/evenements", get(search::show)),
        (
            "/evenements/nouveau",
            get(form::new_form).post(form::create),
        ),
        ("/evenements/{id}", get(show::show)),
        ("/evenements/{id}/agenda.ics", get(ics::download)),
        (
            "/evenements/{id}/modifier",
            get(form::edit_form).post(form::update),
        ),
        ("/evenements/{id}/inscription", post(register::register)),
        ("/evenements/{id}/desinscription", post(register::cancel)),
        (
            "/evenements/{id}/participants.csv",
            get(host::attendees_csv),
        ),
        ("/evenements/{id}/message", post(host::message)),
        ("/evenements/{id}/annuler", post(host::cancel)),
        ("/admin/evenements", get(admin::pending)),
        ("/admin/evenements/{id}", post(admin::decide)),
    ]
}

/// The event of a URL like `/evenements/{id}` (a malformed id is already a 404 in `IdPath`):
/// an unknown id is a 404.
async fn event_at(state: &AppState, id: EventId) -> Result<Event, AppError> {
    state.store.find_event(id).await?.ok_or(AppError::NotFound)
}

/// Its host and staff manage an event.
fn manages(event: &Event, person: Option<&Person>) -> bool {
    person.is_some_and(|p| p.is_staff || event.host_id == Some(p.id))
}

fn require_manager(event: &Event, person: &Person) -> Result<(), AppError> {
    if manages(event, Some(person)) {
        Ok(())
    } else {
        Err(AppError::EventForbidden)
    }
}

pub fn kind_label(code: &str) -> &'static str {
    EventKind::parse(code).map_or("Événement", |k| k.label())
}

pub fn accessibility_label(code: &str) -> &'static str {
    Accessibility::parse(code).map_or("", |a| a.label())
}

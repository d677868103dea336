//! GET /evenements/{id}: the event, what the visitor may do (register, cancel), and for its
//! host the tools (attendees, message, edit, cancel). The exact address is shown only when it
//! is public, or to people registered, the host and staff.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::events::time::{french_date_time, french_time};
use essaim_domain::FieldErrors;
use essaim_store::events::EventStatus;
use essaim_store::events::{Event, Registration};
use essaim_store::people::Person;
use serde::Deserialize;

use super::{accessibility_label, event_at, kind_label, manages};
use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::render::{page, Chrome};
use crate::session::MaybePerson;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InfoQuery {
    info: String,
}

/// What a form of the page was given back with, after a mistake.
#[derive(Default)]
pub struct Retyped {
    pub register: Vec<(&'static str, String)>,
    pub register_errors: FieldErrors,
    pub subject: String,
    pub body: String,
    pub message_errors: FieldErrors,
    pub notice: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "event.html")]
struct EventPage {
    chrome: Chrome,
    event: Event,
    kind: &'static str,
    when: String,
    until: String,
    accessibility: &'static str,
    status_note: Option<&'static str>,
    info: Option<&'static str>,
    /// The exact address, when this visitor may see it.
    address: Option<String>,
    registration: Option<Registration>,
    manager: bool,
    open: bool,
    places_left: Option<i64>,
    /// For the host and staff only.
    attendees: Vec<essaim_store::events::Attendee>,
    retyped: Retyped,
}

impl EventPage {
    fn message_error(&self, field: &str) -> Option<&str> {
        self.retyped.message_errors.get(field)
    }

    fn is_confirmed(&self) -> bool {
        self.registration == Some(Registration::Confirmed)
    }

    fn is_waiting(&self) -> bool {
        self.registration == Some(Registration::Waiting)
    }
}

fn info_message(code: &str) -> Option<&'static str> {
    Some(match code {
        "enregistre" => "L'événement est enregistré.",
        "inscrit" => "Vous êtes inscrit·e ! Un email vous le confirme, et un rappel vous sera envoyé la veille.",
        "attente" => "L'événement est complet : vous êtes sur la liste d'attente. Si une place se libère, elle est pour vous.",
        "deja" => "Vous êtes déjà inscrit·e.",
        "desinscrit" => "Votre inscription est annulée. Merci d'avoir libéré votre place.",
        "message" => "Votre message part vers les personnes inscrites.",
        "annule" => "L'événement est annulé ; les personnes inscrites sont prévenues.",
        "ferme" => "Les inscriptions sont closes pour cet événement.",
        _ => return None,
    })
}

/// Whether `person` may see the exact address.
pub fn address_visible(
    event: &Event,
    person: Option<&Person>,
    registration: Option<Registration>,
) -> bool {
    event.address_public || registration.is_some() || manages(event, person)
}

/// The event as `person` may see it: pending and rejected events only by their host and staff.
pub async fn visible_event(
    state: &AppState,
    id: &str,
    person: Option<&Person>,
) -> Result<(Event, Option<Registration>), AppError> {
    let event = event_at(state, id).await?;
    if matches!(event.status, EventStatus::Pending | EventStatus::Rejected)
        && !manages(&event, person)
    {
        return Err(AppError::NotFound);
    }
    let registration = match person {
        Some(p) => state.store.registration_of(event.id, p.id.get()).await?,
        None => None,
    };
    Ok((event, registration))
}

pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    Path(id): Path<String>,
    query: Result<Query<InfoQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let info = query.ok().and_then(|Query(q)| info_message(&q.info));
    render(
        &state,
        &id,
        person.as_ref(),
        &csrf,
        info,
        Retyped::default(),
        StatusCode::OK,
    )
    .await
}

pub async fn render(
    state: &AppState,
    id: &str,
    person: Option<&Person>,
    csrf: &CsrfToken,
    info: Option<&'static str>,
    retyped: Retyped,
    status: StatusCode,
) -> Result<Response, AppError> {
    let (event, registration) = visible_event(state, id, person).await?;
    let address = if address_visible(&event, person, registration) {
        event.address.clone()
    } else {
        None
    };
    let status_note = match event.status {
        EventStatus::Pending => Some("Cet événement attend la validation de l'équipe du mouvement : il n'est visible que de vous."),
        EventStatus::Rejected => Some("Cet événement n'a pas été publié."),
        EventStatus::Cancelled => Some("Cet événement est annulé."),
        EventStatus::Published => None,
    };
    let open = event.status == EventStatus::Published && event.ends_at > essaim_store::now();
    let attendees = if manages(&event, person) {
        state.store.attendees(event.id).await?
    } else {
        Vec::new()
    };
    Ok(page(
        status,
        &EventPage {
            chrome: Chrome::new(person, csrf),
            kind: kind_label(&event.kind),
            when: french_date_time(event.starts_at, &event.timezone),
            until: french_time(event.ends_at, &event.timezone),
            accessibility: accessibility_label(&event.accessibility),
            status_note,
            info,
            address,
            registration,
            manager: manages(&event, person),
            open,
            places_left: event.places_left(),
            attendees,
            retyped,
            event,
        },
    ))
}

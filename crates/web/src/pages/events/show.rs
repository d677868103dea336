//! GET /evenements/{id}: the event, what the visitor may do (register, cancel), and for its
//! host the tools (attendees, message, edit, cancel). The exact address is shown only when it
//! is public, or to people registered, the host and staff.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::events::time::{french_date_time, french_time};
use essaim_domain::ids::EventId;
use essaim_domain::FieldErrors;
use essaim_store::events::EventStatus;
use essaim_store::events::{Event, Registration};
use essaim_store::people::Person;
use serde::Deserialize;

use super::{accessibility_label, event_at, kind_label, manages};
use crate::audit_trail::journal;
use crate::client_ip::ClientIp;
use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::pages::members_message::RetypedMessage;
use crate::render::{page, Chrome};
use crate::session::MaybePerson;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InfoQuery {
    info: Option<Info>,
}

/// What the event's page says after an action sent the visitor back to it (`?info=…`). An
/// unknown value says nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Info {
    #[serde(rename = "enregistre")]
    Saved,
    #[serde(rename = "inscrit")]
    Registered,
    #[serde(rename = "attente")]
    Waiting,
    #[serde(rename = "deja")]
    AlreadyRegistered,
    #[serde(rename = "desinscrit")]
    Unregistered,
    #[serde(rename = "message")]
    MessageSent,
    #[serde(rename = "annule")]
    Cancelled,
    #[serde(rename = "ferme")]
    Closed,
}

impl Info {
    /// Its value in the address (the `rename` above).
    fn code(self) -> &'static str {
        match self {
            Self::Saved => "enregistre",
            Self::Registered => "inscrit",
            Self::Waiting => "attente",
            Self::AlreadyRegistered => "deja",
            Self::Unregistered => "desinscrit",
            Self::MessageSent => "message",
            Self::Cancelled => "annule",
            Self::Closed => "ferme",
        }
    }

    fn message(self) -> &'static str {
        match self {
            Self::Saved => "L'événement est enregistré.",
            Self::Registered => "Vous êtes inscrit·e ! Un email vous le confirme, et un rappel vous sera envoyé la veille.",
            Self::Waiting => "L'événement est complet : vous êtes sur la liste d'attente. Si une place se libère, elle est pour vous.",
            Self::AlreadyRegistered => "Vous êtes déjà inscrit·e.",
            Self::Unregistered => "Votre inscription est annulée. Merci d'avoir libéré votre place.",
            Self::MessageSent => "Votre message part vers les personnes inscrites.",
            Self::Cancelled => "L'événement est annulé ; les personnes inscrites sont prévenues.",
            Self::Closed => "Les inscriptions sont closes pour cet événement.",
        }
    }

    /// Back to the event's page, saying this.
    pub fn back_to(self, event: EventId) -> Response {
        Redirect::to(&format!("/evenements/{event}?info={}", self.code())).into_response()
    }
}

/// What a form of the page was given back with, after a mistake.
#[derive(Default)]
pub struct Retyped {
    pub register: Vec<(&'static str, String)>,
    pub register_errors: FieldErrors,
    /// The message to the people registered.
    pub message: RetypedMessage,
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
    fn is_confirmed(&self) -> bool {
        self.registration == Some(Registration::Confirmed)
    }

    fn is_waiting(&self) -> bool {
        self.registration == Some(Registration::Waiting)
    }
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
    id: EventId,
    person: Option<&Person>,
) -> Result<(Event, Option<Registration>), AppError> {
    let event = event_at(state, id).await?;
    if matches!(event.status, EventStatus::Pending | EventStatus::Rejected)
        && !manages(&event, person)
    {
        return Err(AppError::NotFound);
    }
    let registration = match person {
        Some(p) => state.store.registration_of(event.id, p.id).await?,
        None => None,
    };
    Ok((event, registration))
}

pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    ip: ClientIp,
    IdPath(id): IdPath<EventId>,
    query: Result<Query<InfoQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    // An unknown `info` is a query that does not parse: no message, as for none.
    let info = query.ok().and_then(|Query(q)| q.info).map(Info::message);
    // Staff see the registrants of any event: in the journal, unless it is their own.
    if let Some(reader) = person.as_ref().filter(|p| p.is_staff) {
        if let Some(event) = state.store.find_event(id).await? {
            if event.host_id != Some(reader.id) {
                let subject = format!("événement {id} « {} »", event.title);
                journal(
                    &state,
                    reader,
                    &ip,
                    "lecture des inscrit·es d'un événement",
                    &subject,
                )
                .await?;
            }
        }
    }
    render(
        &state,
        id,
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
    id: EventId,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_info_is_read_back_from_the_address_it_writes() {
        for info in [
            Info::Saved,
            Info::Registered,
            Info::Waiting,
            Info::AlreadyRegistered,
            Info::Unregistered,
            Info::MessageSent,
            Info::Cancelled,
            Info::Closed,
        ] {
            let uri = format!("/evenements/1?info={}", info.code())
                .parse()
                .unwrap();
            let Query(query) = Query::<InfoQuery>::try_from_uri(&uri).unwrap();
            assert_eq!(query.info, Some(info));
        }
    }

    #[test]
    fn an_unknown_info_is_not_read() {
        let uri = "/evenements/1?info=bravo".parse().unwrap();
        assert!(Query::<InfoQuery>::try_from_uri(&uri).is_err());
    }
}

//! Proposing an event (anyone logged in) and editing it (its host or staff). New hosts' events
//! wait for staff; trusted hosts' are published at once (see the store).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::events::time::{local_parts, TIMEZONES};
use essaim_domain::events::{Accessibility, EventDetails, EventForm, EventKind, EventPlace};
use essaim_domain::ids::{EventId, GroupId};
use essaim_domain::FieldErrors;
use essaim_store::events::{Event, NewEvent};
use essaim_store::groups::MyGroup;
use essaim_store::now;
use essaim_store::people::Person;
use serde::Deserialize;

use super::show::Info;
use super::{event_at, require_manager};
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::pages::groups::create::preferred_commune;
use crate::render::{page, Chrome};
use crate::session::LoggedIn;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EventPost {
    kind: String,
    title: String,
    description: String,
    start_date: String,
    start_time: String,
    end_date: String,
    end_time: String,
    timezone: String,
    mode: String,
    address: String,
    postal_code: String,
    online_url: String,
    capacity: String,
    address_visibility: String,
    accessibility: String,
    accessibility_notes: String,
    group_id: String,
}

impl EventPost {
    fn to_form(&self) -> EventForm {
        EventForm {
            kind: self.kind.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            start_date: self.start_date.clone(),
            start_time: self.start_time.clone(),
            end_date: self.end_date.clone(),
            end_time: self.end_time.clone(),
            timezone: self.timezone.clone(),
            mode: self.mode.clone(),
            address: self.address.clone(),
            postal_code: self.postal_code.clone(),
            online_url: self.online_url.clone(),
            capacity: self.capacity.clone(),
            address_visibility: self.address_visibility.clone(),
            accessibility: self.accessibility.clone(),
            accessibility_notes: self.accessibility_notes.clone(),
            group_id: self.group_id.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "event_form.html")]
struct EventFormPage {
    chrome: Chrome,
    event_id: Option<EventId>,
    values: EventForm,
    errors: FieldErrors,
    notice: Option<&'static str>,
    kinds: Vec<(&'static str, &'static str)>,
    timezones: &'static [(&'static str, &'static str)],
    accessibilities: Vec<(&'static str, &'static str)>,
    groups: Vec<MyGroup>,
}

impl EventFormPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    fn online(&self) -> bool {
        self.values.mode == "en-ligne"
    }
}

async fn form_page(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    event_id: Option<EventId>,
    values: EventForm,
    errors: FieldErrors,
    notice: Option<&'static str>,
) -> Result<EventFormPage, AppError> {
    let groups = state
        .store
        .groups_of(person.id)
        .await?
        .into_iter()
        .filter(|g| g.role.is_member())
        .collect();
    Ok(EventFormPage {
        chrome: Chrome::new(Some(person), csrf),
        event_id,
        values,
        errors,
        notice,
        kinds: EventKind::ALL
            .iter()
            .map(|k| (k.code(), k.label()))
            .collect(),
        timezones: &TIMEZONES,
        accessibilities: Accessibility::ALL
            .iter()
            .map(|a| (a.code(), a.label()))
            .collect(),
        groups,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
) -> Result<Response, AppError> {
    let values = EventForm {
        kind: EventKind::WatchParty.code().into(),
        timezone: "Europe/Paris".into(),
        mode: "lieu".into(),
        postal_code: person.postal_code.clone().unwrap_or_default(),
        address_visibility: "inscrits".into(),
        accessibility: Accessibility::Unknown.code().into(),
        ..Default::default()
    };
    let view = form_page(
        &state,
        &person,
        &csrf,
        None,
        values,
        FieldErrors::default(),
        None,
    )
    .await?;
    Ok(page(StatusCode::OK, &view))
}

fn values_of(event: &Event) -> EventForm {
    let (start_date, start_time) = local_parts(event.starts_at, &event.timezone);
    let (end_date, end_time) = local_parts(event.ends_at, &event.timezone);
    EventForm {
        kind: event.kind.clone(),
        title: event.title.clone(),
        description: event.description.clone(),
        start_date,
        start_time,
        end_date,
        end_time,
        timezone: event.timezone.clone(),
        mode: if event.online_url.is_some() {
            "en-ligne"
        } else {
            "lieu"
        }
        .into(),
        address: event.address.clone().unwrap_or_default(),
        postal_code: event.postal_code.clone().unwrap_or_default(),
        online_url: event.online_url.clone().unwrap_or_default(),
        capacity: event.capacity.map(|c| c.to_string()).unwrap_or_default(),
        address_visibility: if event.address_public {
            "public"
        } else {
            "inscrits"
        }
        .into(),
        accessibility: event.accessibility.clone(),
        accessibility_notes: event.accessibility_notes.clone().unwrap_or_default(),
        group_id: event.group_id.map(|g| g.to_string()).unwrap_or_default(),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<EventId>,
) -> Result<Response, AppError> {
    let event = event_at(&state, id).await?;
    require_manager(&event, &person)?;
    let view = form_page(
        &state,
        &person,
        &csrf,
        Some(event.id),
        values_of(&event),
        FieldErrors::default(),
        None,
    )
    .await?;
    Ok(page(StatusCode::OK, &view))
}

pub async fn create(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    form: CsrfForm<EventPost>,
) -> Result<Response, AppError> {
    save(&state, &person, &csrf, None, form).await
}

pub async fn update(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<EventId>,
    form: CsrfForm<EventPost>,
) -> Result<Response, AppError> {
    let event = event_at(&state, id).await?;
    require_manager(&event, &person)?;
    save(&state, &person, &csrf, Some(event.id), form).await
}

async fn save(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    event_id: Option<EventId>,
    form: CsrfForm<EventPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let mut errors = FieldErrors::default();
    let mut notice = None;
    if token.is_expired() {
        notice = Some("Votre session a expiré : vérifiez le formulaire et renvoyez-le.");
    }
    let details = match post.to_form().parse(now()) {
        Ok(details) => Some(details),
        Err(found) => {
            errors = found;
            None
        }
    };
    // The organising group must be one of the person's own.
    let groups = state.store.groups_of(person.id).await?;
    let group_id = match post.group_id.trim() {
        "" => None,
        raw => match raw
            .parse::<GroupId>()
            .ok()
            .filter(|id| groups.iter().any(|g| g.id == *id && g.role.is_member()))
        {
            Some(id) => Some(id),
            None => {
                errors.add("group_id", "Choisissez un de vos groupes, ou aucun.");
                None
            }
        },
    };
    let commune = match details.as_ref().map(|d| &d.place) {
        Some(EventPlace::Physical { postal_code, .. }) => {
            match preferred_commune(postal_code.as_str()) {
                Some(commune) => Some(commune),
                None => {
                    errors.add(
                        "postal_code",
                        "Nous ne connaissons pas ce code postal : vérifiez-le.",
                    );
                    None
                }
            }
        }
        _ => None,
    };
    let (Some(details), true, None) = (details, errors.is_empty(), notice) else {
        let view = form_page(
            state,
            person,
            csrf,
            event_id,
            post.to_form(),
            errors,
            notice,
        )
        .await?;
        return Ok(page(StatusCode::UNPROCESSABLE_ENTITY, &view));
    };
    let point = match (&details.place, commune) {
        (
            EventPlace::Physical {
                address,
                postal_code,
            },
            Some(commune),
        ) => Some(
            state
                .geocoder
                .place(address.as_deref(), postal_code.as_str(), commune)
                .await,
        ),
        _ => None,
    };
    let new_event = to_new_event(&details, group_id, commune, point);
    let id = match event_id {
        Some(id) => {
            state.store.update_event(id, &new_event, now()).await?;
            id
        }
        None => {
            state
                .store
                .create_event(&new_event, person.id, now())
                .await?
                .0
        }
    };
    Ok(Info::Saved.back_to(id))
}

fn to_new_event<'a>(
    details: &'a EventDetails,
    group_id: Option<GroupId>,
    commune: Option<&'static essaim_geo::Commune>,
    point: Option<(f64, f64)>,
) -> NewEvent<'a> {
    let (online_url, address, postal_code) = match &details.place {
        EventPlace::Online(url) => (Some(url.as_str()), None, None),
        EventPlace::Physical {
            address,
            postal_code,
        } => (None, address.as_deref(), Some(postal_code.as_str())),
    };
    NewEvent {
        group_id,
        kind: details.kind.code(),
        title: &details.title,
        description: &details.description,
        starts_at: details.starts_at,
        ends_at: details.ends_at,
        timezone: details.timezone,
        online_url,
        address,
        postal_code,
        commune: commune.map(|c| c.name),
        departement: commune.map(|c| c.departement),
        point,
        address_public: details.address_public,
        capacity: details.capacity,
        accessibility: details.accessibility.code(),
        accessibility_notes: details.accessibility_notes.as_deref(),
    }
}

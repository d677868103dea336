//! GET /evenements: events near a postal code, a commune or the browser's position, by type and
//! period, soonest first with the distance; online events listed apart. The list works without
//! JavaScript; the map is drawn over it when scripts run.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::events::time::french_date_time;
use essaim_domain::events::EventKind;
use essaim_store::events::{Event, EVENT_PAGE_SIZE};
use essaim_store::now;
use serde::Deserialize;

use super::kind_label;
use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::pages::groups::distance_label;
use crate::pages::groups::search::{encode, place_of, Place};
use crate::render::{page, Chrome};
use crate::session::MaybePerson;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EventQuery {
    q: String,
    lat: String,
    lon: String,
    /// An event kind's code, or empty for all.
    r#type: String,
    /// "semaine", "mois" or empty (everything to come).
    quand: String,
    /// Radius in km.
    rayon: String,
    page: String,
}

pub struct Row {
    pub id: essaim_domain::ids::EventId,
    pub title: String,
    pub kind: &'static str,
    pub when: String,
    pub place: String,
    pub distance: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub full: bool,
}

impl Row {
    fn of(event: Event, distance: Option<f64>) -> Self {
        Self {
            kind: kind_label(&event.kind),
            when: french_date_time(event.starts_at, &event.timezone),
            place: event
                .commune
                .clone()
                .unwrap_or_else(|| "En ligne".to_string()),
            distance: distance.map(distance_label),
            lat: event.lat,
            lon: event.lon,
            full: event.places_left() == Some(0),
            id: event.id,
            title: event.title,
        }
    }
}

#[derive(Template)]
#[template(path = "events_search.html")]
struct SearchPage {
    chrome: Chrome,
    q: String,
    kind: String,
    quand: String,
    rayon: i64,
    kinds: Vec<(&'static str, &'static str)>,
    error: Option<String>,
    around: Option<String>,
    centre: Option<(f64, f64)>,
    rows: Vec<Row>,
    online: Vec<Row>,
    previous: Option<String>,
    next: Option<String>,
    tiles: String,
}

const RADII: [i64; 5] = [5, 10, 25, 50, 100];

pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    query: Result<Query<EventQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let page_number = query
        .page
        .trim()
        .parse::<usize>()
        .unwrap_or(1)
        .clamp(1, 1000);
    let kind = EventKind::parse(&query.r#type).map(|k| k.code());
    let rayon = query
        .rayon
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|r| RADII.contains(r))
        .unwrap_or(25);
    let from = now();
    let until = match query.quand.as_str() {
        "semaine" => from + 7 * 86400,
        "mois" => from + 31 * 86400,
        _ => i64::MAX / 2,
    };
    let default_code = person.as_ref().and_then(|p| p.postal_code.as_deref());
    let mut view = SearchPage {
        chrome: Chrome::new(person.as_ref(), &csrf),
        q: query.q.chars().take(100).collect(),
        kind: kind.unwrap_or("").to_string(),
        quand: query.quand.clone(),
        rayon,
        kinds: EventKind::ALL
            .iter()
            .map(|k| (k.code(), k.label()))
            .collect(),
        error: None,
        around: None,
        centre: None,
        rows: Vec::new(),
        online: Vec::new(),
        previous: None,
        next: None,
        tiles: state.config.map_tiles_url.clone(),
    };
    let status = match place_of(&query.q, &query.lat, &query.lon, default_code) {
        Place::Nothing => StatusCode::OK,
        Place::NotUnderstood(message) => {
            view.error = Some(message);
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Place::Point(point, around, _) => {
            let offset = (page_number - 1) * EVENT_PAGE_SIZE;
            let (found, more) = state
                .store
                .events_near(
                    point,
                    rayon as f64,
                    from,
                    until,
                    kind,
                    offset,
                    EVENT_PAGE_SIZE,
                )
                .await?;
            view.rows = found
                .into_iter()
                .map(|(e, d)| Row::of(e, Some(d)))
                .collect();
            view.around = Some(around);
            view.centre = Some(point);
            let link = |page: usize| {
                format!(
                    "/evenements?q={}&lat={}&lon={}&type={}&quand={}&rayon={rayon}&page={page}",
                    encode(&query.q),
                    encode(&query.lat),
                    encode(&query.lon),
                    encode(kind.unwrap_or("")),
                    encode(&query.quand)
                )
            };
            view.previous = (page_number > 1).then(|| link(page_number - 1));
            view.next = more.then(|| link(page_number + 1));
            StatusCode::OK
        }
    };
    view.online = state
        .store
        .online_events(from, until, kind, 20)
        .await?
        .into_iter()
        .map(|e| Row::of(e, None))
        .collect();
    Ok(page(status, &view))
}

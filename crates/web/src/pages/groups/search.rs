//! GET /groupes: groups near a postal code, a commune, or the browser's position (sent only
//! when the person presses the button), nearest first, with the distance, a page at a time.
//! The list works without JavaScript; the map is drawn over it when scripts run.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use essaim_store::groups::{NearbyGroup, NEAR_PAGE_SIZE};
use serde::Deserialize;

use super::{distance_label, status_label};
use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::render::{page, Chrome};
use crate::session::MaybePerson;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchQuery {
    /// A postal code or the start of a commune's name, as typed.
    q: String,
    /// The browser's position, when the person chose to share it.
    lat: String,
    lon: String,
    page: String,
}

pub struct Row {
    pub id: i64,
    pub name: String,
    pub commune: String,
    pub postal_code: String,
    pub members: i64,
    pub status: &'static str,
    pub distance: String,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Template)]
#[template(path = "groups_search.html")]
struct SearchPage {
    chrome: Chrome,
    q: String,
    error: Option<String>,
    /// "autour de 75011 Paris", when a place was understood.
    around: Option<String>,
    centre: Option<(f64, f64)>,
    /// Other communes the typed name may mean.
    alternatives: Vec<(String, String)>,
    rows: Vec<Row>,
    page: usize,
    previous: Option<String>,
    next: Option<String>,
    tiles: String,
}

/// Where to search from, and how to say it.
pub(crate) enum Place {
    Point((f64, f64), String, Vec<(String, String)>),
    NotUnderstood(String),
    Nothing,
}

/// Understands a search: the browser's position (`lat`, `lon`) when sent, else a postal code or
/// a commune's name typed in `q`, else the person's own postal code.
pub(crate) fn place_of(q: &str, lat: &str, lon: &str, default_postal_code: Option<&str>) -> Place {
    let (lat, lon) = (lat.trim(), lon.trim());
    if !lat.is_empty() || !lon.is_empty() {
        return match (lat.parse::<f64>(), lon.parse::<f64>()) {
            (Ok(lat), Ok(lon))
                if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) =>
            {
                Place::Point((lat, lon), "autour de votre position".into(), Vec::new())
            }
            _ => Place::NotUnderstood(
                "Votre position n'a pas pu être lue. Indiquez un code postal ou une commune."
                    .into(),
            ),
        };
    }
    let typed = q.trim();
    let typed = if typed.is_empty() {
        match default_postal_code {
            Some(code) => code,
            None => return Place::Nothing,
        }
    } else {
        typed
    };
    if typed.len() > 100 {
        return Place::NotUnderstood(
            "Indiquez un code postal (5 chiffres) ou le nom d'une commune.".into(),
        );
    }
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.chars().all(|c| c.is_ascii_digit()) {
        return match essaim_geo::point_of_postal_code(&digits) {
            Some(point) => {
                let commune = essaim_geo::by_postal_code(&digits)
                    .first()
                    .map(|c| c.name)
                    .unwrap_or_default();
                Place::Point(point, format!("autour de {digits} {commune}"), Vec::new())
            }
            None if digits.len() != 5 => Place::NotUnderstood(
                "Un code postal français a 5 chiffres (exemple : 75011).".into(),
            ),
            None => Place::NotUnderstood(format!(
                "Nous ne connaissons pas le code postal {digits}. Vérifiez-le, ou indiquez le nom de votre commune."
            )),
        };
    }
    let found = essaim_geo::search_by_name(typed, 6);
    let Some(first) = found.first() else {
        return Place::NotUnderstood(format!(
            "Aucune commune ne commence par « {typed} ». Vérifiez l'orthographe, ou indiquez un code postal."
        ));
    };
    let alternatives = found[1..]
        .iter()
        .map(|c| {
            (
                c.postal_codes[0].to_string(),
                format!("{} ({})", c.name, c.departement),
            )
        })
        .collect();
    Place::Point(
        first.point(),
        format!("autour de {} ({})", first.name, first.departement),
        alternatives,
    )
}

/// Percent-encodes a query-string value.
pub(crate) fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn link(query: &SearchQuery, page: usize) -> String {
    format!(
        "/groupes?q={}&lat={}&lon={}&page={page}",
        encode(&query.q),
        encode(&query.lat),
        encode(&query.lon)
    )
}

pub fn rows_of(found: Vec<NearbyGroup>) -> Vec<Row> {
    found
        .into_iter()
        .map(|n| Row {
            status: status_label(&n.group),
            distance: distance_label(n.distance_km),
            id: n.group.id.get(),
            name: n.group.name,
            commune: n.group.commune,
            postal_code: n.group.postal_code,
            members: n.group.members,
            lat: n.group.lat,
            lon: n.group.lon,
        })
        .collect()
}

pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    query: Result<Query<SearchQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let page_number = query
        .page
        .trim()
        .parse::<usize>()
        .unwrap_or(1)
        .clamp(1, 1000);
    let default_code = person.as_ref().and_then(|p| p.postal_code.as_deref());
    let mut view = SearchPage {
        chrome: Chrome::new(person.as_ref(), &csrf),
        q: query.q.chars().take(100).collect(),
        error: None,
        around: None,
        centre: None,
        alternatives: Vec::new(),
        rows: Vec::new(),
        page: page_number,
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
        Place::Point(point, around, alternatives) => {
            let offset = (page_number - 1) * NEAR_PAGE_SIZE;
            let (found, more) = state
                .store
                .groups_near(point, offset, NEAR_PAGE_SIZE)
                .await?;
            view.rows = rows_of(found);
            view.around = Some(around);
            view.centre = Some(point);
            view.alternatives = alternatives;
            view.previous = (page_number > 1).then(|| link(&query, page_number - 1));
            view.next = more.then(|| link(&query, page_number + 1));
            StatusCode::OK
        }
    };
    Ok(page(status, &view))
}

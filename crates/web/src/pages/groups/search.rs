//! GET /groupes: groups near a postal code, a commune, or the browser's position (sent only
//! when the person presses the button), nearest first, with the distance, a page at a time.
//! The list works without JavaScript; the map is drawn over it when scripts run.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use essaim_store::groups::{NearbyGroup, NEAR_PAGE_SIZE};

use super::{distance_label, status_label};
use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::pages::near::{Near, NearQuery};
use crate::render::{page, Chrome};
use crate::session::MaybePerson;
use crate::AppState;

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
    near: Near,
    rows: Vec<Row>,
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
    query: Result<Query<NearQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let query: NearQuery = query.map(|Query(q)| q).unwrap_or_default();
    let default_code = person.as_ref().and_then(|p| p.postal_code.as_deref());
    let (mut near, point) = Near::locate(&query, default_code, &state.config.map_tiles_url);
    let mut rows = Vec::new();
    if let Some(point) = point {
        let (found, more) = state
            .store
            .groups_near(point, near.offset(NEAR_PAGE_SIZE), NEAR_PAGE_SIZE)
            .await?;
        rows = rows_of(found);
        near.paged(more, |page| query.link("/groupes", "", page));
    }
    let view = SearchPage {
        chrome: Chrome::new(person.as_ref(), &csrf),
        near,
        rows,
    };
    Ok(page(view.near.status(), &view))
}

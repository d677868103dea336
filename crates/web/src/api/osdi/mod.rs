//! The OSDI 1.2 API (Open Supporter Data Interface), under `/api/osdi/v1`: what CRMs, phone
//! banks and data warehouses speak. HAL+JSON, authenticated by an `OSDI-API-Token` header
//! (see auth.rs), the subset described in docs/decisions/0019-osdi-api.md.

mod attendances;
mod auth;
mod donations;
mod errors;
mod events;
mod hal;
mod paging;
mod people;
mod signup;
mod tags;

use axum::extract::State;
use axum::routing::{get, post};
use serde_json::json;

pub use auth::hash_secret;
use auth::ApiCaller;
use errors::OsdiError;
use hal::{link, Hal};
use paging::MAX_PER_PAGE;

use crate::routes::RouteTable;
use crate::AppState;

pub const ROOT: &str = "/api/osdi/v1";

pub fn routes() -> RouteTable {
    vec![
        ("/api/osdi/v1", get(entry_point)),
        ("/api/osdi/v1/people", get(people::list)),
        ("/api/osdi/v1/people/{id}", get(people::show)),
        (
            "/api/osdi/v1/people/person_signup_helper",
            post(people::signup),
        ),
        ("/api/osdi/v1/events", get(events::list)),
        ("/api/osdi/v1/events/{id}", get(events::show)),
        (
            "/api/osdi/v1/events/{id}/attendances",
            get(attendances::list),
        ),
        (
            "/api/osdi/v1/events/{id}/attendances/{attendance}",
            get(attendances::show),
        ),
        (
            "/api/osdi/v1/events/{id}/record_attendance_helper",
            post(attendances::record),
        ),
        ("/api/osdi/v1/tags", get(tags::list)),
        ("/api/osdi/v1/tags/{id}", get(tags::show)),
        ("/api/osdi/v1/donations", get(donations::list)),
        ("/api/osdi/v1/donations/{id}", get(donations::show)),
    ]
}

/// The API entry point: who we are and where the collections are.
async fn entry_point(
    State(state): State<AppState>,
    ApiCaller(_): ApiCaller,
) -> Result<Hal, OsdiError> {
    let base = format!("{}{ROOT}", state.links.base_url());
    Ok(Hal::ok(json!({
        "motd": "Essaim, plateforme de campagne libre",
        "vendor_name": "Essaim",
        "product_name": "Essaim",
        "osdi_version": "1.2",
        "max_pagesize": MAX_PER_PAGE,
        "namespace": hal::SYSTEM,
        "_links": {
            "self": link(base.clone()),
            "osdi:people": link(format!("{base}/people")),
            "osdi:person_signup_helper": link(format!("{base}/people/person_signup_helper")),
            "osdi:events": link(format!("{base}/events")),
            "osdi:tags": link(format!("{base}/tags")),
            "osdi:donations": link(format!("{base}/donations")),
        },
    })))
}

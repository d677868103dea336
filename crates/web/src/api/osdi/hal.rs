//! HAL+JSON answers and the fields every OSDI resource carries (identifiers, origin_system,
//! created_date, modified_date).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};

pub const CONTENT_TYPE: &str = "application/hal+json";
/// Our name in `origin_system` and the prefix of our identifiers (`essaim:42`).
pub const SYSTEM: &str = "essaim";

pub struct Hal {
    status: StatusCode,
    body: Value,
}

impl Hal {
    pub fn ok(body: Value) -> Self {
        Self::with_status(StatusCode::OK, body)
    }

    pub fn with_status(status: StatusCode, body: Value) -> Self {
        Self { status, body }
    }
}

impl IntoResponse for Hal {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.body.to_string()).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
        // People's data: no shared cache may keep it.
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

/// An OSDI date: RFC 3339 in UTC.
pub fn date(unix_seconds: i64) -> String {
    jiff::Timestamp::from_second(unix_seconds)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// The fields of every resource: its identifier, where it comes from, and its dates.
pub fn resource(id: i64, created_at: i64, modified_at: i64) -> Map<String, Value> {
    named_resource(&id.to_string(), created_at, modified_at)
}

/// The same for a resource named by a code rather than a row id (a tag: `essaim:skill:video`).
pub fn named_resource(id: &str, created_at: i64, modified_at: i64) -> Map<String, Value> {
    let mut fields = Map::new();
    fields.insert("identifiers".into(), json!([format!("{SYSTEM}:{id}")]));
    fields.insert("origin_system".into(), json!("Essaim"));
    fields.insert("created_date".into(), json!(date(created_at)));
    fields.insert("modified_date".into(), json!(date(modified_at)));
    fields
}

/// `{"href": url}`, HAL's link object.
pub fn link(href: impl Into<String>) -> Value {
    json!({ "href": href.into() })
}

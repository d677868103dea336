//! The API's one error type. Every failure is an OSDI status document (`osdi:status`, with the
//! HTTP code and a description) in HAL+JSON, never the site's French HTML pages.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use essaim_store::StoreError;
use serde_json::json;

use super::hal::Hal;

#[derive(Debug)]
pub enum OsdiError {
    /// No token, an unknown one, or a revoked one.
    Unauthorized,
    /// A read-only token asked to write.
    ReadOnlyToken,
    TooManyRequests,
    NotFound,
    /// The request could not be understood or its data is invalid; says why.
    BadRequest(String),
    Store(StoreError),
}

impl From<StoreError> for OsdiError {
    fn from(error: StoreError) -> Self {
        Self::Store(error)
    }
}

impl OsdiError {
    fn status_and_description(self) -> (StatusCode, String) {
        match self {
            Self::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "Missing, unknown or revoked OSDI-API-Token header.".into(),
            ),
            Self::ReadOnlyToken => (
                StatusCode::FORBIDDEN,
                "This token is read-only: writing needs a read-write token.".into(),
            ),
            Self::TooManyRequests => (
                StatusCode::TOO_MANY_REQUESTS,
                "Too many requests for this token: slow down and retry in a minute.".into(),
            ),
            Self::NotFound => (StatusCode::NOT_FOUND, "No such resource.".into()),
            Self::BadRequest(why) => (StatusCode::BAD_REQUEST, why),
            Self::Store(error) => {
                tracing::error!(%error, "storage failure in the OSDI API");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Temporarily unavailable; retry later.".into(),
                )
            }
        }
    }
}

impl IntoResponse for OsdiError {
    fn into_response(self) -> Response {
        let (status, description) = self.status_and_description();
        Hal::with_status(
            status,
            json!({ "osdi:status": { "code": status.as_u16(), "description": description } }),
        )
        .into_response()
    }
}

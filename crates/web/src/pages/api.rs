//! JSON endpoints. The counter is served from memory with a short cache lifetime, so that
//! a crowd refreshing it costs nothing to the database.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;

use crate::AppState;

pub async fn counter(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "public, max-age=2")],
        Json(serde_json::json!({
            "signatures": state.counter.get(),
            "hors_ligne": state.counter.offline(),
        })),
    )
}

/// Health check, and the bare route the load benchmark uses as its ceiling.
pub async fn health() -> &'static str {
    "ok"
}

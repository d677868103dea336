//! Events: propose, approve, find near me, register (with a waiting list), .ics, host tools.

use axum::Router;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}

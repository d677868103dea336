//! Pages of this area; `routes()` is merged into the site's router.

use axum::Router;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}

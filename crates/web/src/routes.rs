//! The URL map of the site.

use axum::routing::{get, post};
use axum::Router;
use tower_http::trace::TraceLayer;

use crate::error::AppError;
use crate::pages::{admin, admin_export, api, assets, confirm, home, login, privacy, sign, space};
use crate::{csrf, AppState};

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(home::show))
        .route("/signer", post(sign::submit))
        .route("/signature/confirmer", get(confirm::confirm))
        .route("/connexion", get(login::show).post(login::request_link))
        .route(
            "/connexion/lien",
            get(login::show_link).post(login::use_link),
        )
        .route("/deconnexion", post(login::logout))
        .route("/mon-espace", get(space::show).post(space::update))
        .route("/mon-espace/donnees.json", get(space::download))
        .route("/mon-espace/supprimer", post(space::delete))
        .route("/confidentialite", get(privacy::show))
        .route("/admin", get(admin::dashboard))
        .route("/admin/signatures.csv", get(admin_export::signatures_csv))
        .route("/api/compteur", get(api::counter))
        .route("/sante", get(api::health))
        .route("/static/essaim.css", get(assets::stylesheet))
        .route("/static/compteur.js", get(assets::counter_script))
        .fallback(|| async { AppError::NotFound })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            csrf::ensure_token,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

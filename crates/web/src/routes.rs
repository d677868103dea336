//! The URL map of the site.

use axum::routing::{get, post};
use axum::Router;
use tower_http::trace::TraceLayer;

use crate::error::AppError;
use crate::pages::groups::{animate, create, membership, offline, search, show};
use crate::pages::{
    admin, admin_emails, admin_export, api, assets, confirm, home, login, privacy, sign, space,
};
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
        .route("/groupes", get(search::show))
        .route(
            "/groupes/nouveau",
            get(create::new_form).post(create::create),
        )
        .route("/groupes/{id}", get(show::show))
        .route(
            "/groupes/{id}/modifier",
            get(create::edit_form).post(create::update),
        )
        .route("/groupes/{id}/rejoindre", post(membership::join_group))
        .route("/groupes/{id}/quitter", post(membership::leave_group))
        .route("/groupes/{id}/retirer", post(animate::remove_member))
        .route("/groupes/{id}/animation", post(animate::animators))
        .route("/groupes/{id}/message", post(animate::message))
        .route("/groupes/{id}/division", post(animate::split))
        .route(
            "/groupes/{id}/saisie",
            get(offline::show).post(offline::submit),
        )
        .route("/groupes/{id}/import", post(offline::import))
        .route("/confidentialite", get(privacy::show))
        .route("/admin", get(admin::dashboard))
        .route("/admin/signatures.csv", get(admin_export::signatures_csv))
        .route("/admin/emails", get(admin_emails::show))
        .route("/admin/emails/renvoyer", post(admin_emails::retry))
        .route("/api/compteur", get(api::counter))
        .route("/sante", get(api::health))
        .route("/static/essaim.css", get(assets::stylesheet))
        .route("/static/compteur.js", get(assets::counter_script))
        .route("/static/carte.js", get(assets::map_script))
        .route("/static/position.js", get(assets::position_script))
        .merge(crate::pages::recipes::routes())
        .merge(crate::pages::skills::routes())
        .merge(crate::pages::events::routes())
        .fallback(|| async { AppError::NotFound })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            csrf::ensure_token,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

//! The URL map of the site. The router is built from one table of (path, methods), which
//! `route_paths` also lists, so that a test can walk every route: a route added here cannot
//! escape the checks made on all of them (security headers, cookies on cacheable answers).

use axum::routing::{get, post, MethodRouter};
use axum::Router;
use tower::ServiceBuilder;
use tower_http::trace::TraceLayer;

use crate::error::AppError;
use crate::pages::groups::{animate, create, membership, offline, search, show, split_flow};
use crate::pages::{
    admin, admin_api_tokens, admin_emails, admin_export, admin_journal, api, assets, confirm,
    donations, electoral, events, home, login, mailings, material, privacy, programme,
    programme_admin, programme_results, recipes, sign, skills, space,
};
use crate::{csrf, request_body, security_headers, AppState};

/// Paths and what answers them, in the order of the site's pages.
pub type RouteTable = Vec<(&'static str, MethodRouter<AppState>)>;

fn table() -> RouteTable {
    let mut routes: RouteTable = vec![
        ("/", get(home::show)),
        ("/signer", post(sign::submit)),
        (
            "/signature/confirmer",
            get(confirm::show).post(confirm::confirm),
        ),
        ("/signature/confirmee", get(confirm::confirmed)),
        ("/connexion", get(login::show).post(login::request_link)),
        (
            "/connexion/lien",
            get(login::show_link).post(login::use_link),
        ),
        ("/deconnexion", post(login::logout)),
        ("/mon-espace", get(space::show).post(space::update)),
        ("/mon-espace/donnees.json", get(space::download)),
        ("/mon-espace/supprimer", post(space::delete)),
        ("/groupes", get(search::show)),
        (
            "/groupes/nouveau",
            get(create::new_form).post(create::create),
        ),
        ("/groupes/{id}", get(show::show)),
        (
            "/groupes/{id}/modifier",
            get(create::edit_form).post(create::update),
        ),
        ("/groupes/{id}/rejoindre", post(membership::join_group)),
        ("/groupes/{id}/quitter", post(membership::leave_group)),
        ("/groupes/{id}/retirer", post(animate::remove_member)),
        ("/groupes/{id}/animation", post(animate::animators)),
        ("/groupes/{id}/message", post(animate::message)),
        ("/groupes/{id}/division", post(split_flow::split)),
        (
            "/groupes/{id}/saisie",
            get(offline::show).post(offline::submit),
        ),
        ("/groupes/{id}/import", post(offline::import)),
        ("/confidentialite", get(privacy::show)),
        ("/admin", get(admin::dashboard)),
        ("/admin/signatures.csv", get(admin_export::signatures_csv)),
        ("/admin/emails", get(admin_emails::show)),
        ("/admin/journal", get(admin_journal::show)),
        ("/admin/emails/renvoyer", post(admin_emails::retry)),
        (
            "/admin/jetons",
            get(admin_api_tokens::show).post(admin_api_tokens::create),
        ),
        (
            "/admin/jetons/{id}/revoquer",
            post(admin_api_tokens::revoke),
        ),
        ("/api/compteur", get(api::counter)),
        ("/sante", get(api::health)),
    ];
    routes.extend(mailings::routes());
    routes.extend(recipes::routes());
    routes.extend(skills::routes());
    routes.extend(events::routes());
    routes.extend(donations::routes());
    routes.extend(donations::admin::admin_routes());
    routes.extend(electoral::routes());
    routes.extend(material::routes());
    routes.extend(material::admin::admin_routes());
    routes.extend(programme::routes());
    routes.extend(programme_results::routes());
    routes.extend(programme_admin::admin_routes());
    routes.extend(assets::routes());
    routes.extend(crate::api::osdi::routes());
    routes
}

/// Every path the router answers (with its `{parameters}`), unknown paths aside.
pub fn route_paths() -> Vec<&'static str> {
    table().into_iter().map(|(path, _)| path).collect()
}

pub fn router(state: AppState) -> Router {
    let routes = table()
        .into_iter()
        .fold(Router::new(), |router, (path, methods)| {
            // Every back-office route behind the staff gate (roles, audit log), by its path:
            // a new page cannot forget it. As a route layer, a method the route does not answer
            // is still a plain 405.
            let methods = if essaim_domain::staff::is_back_office(path) {
                methods.route_layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    crate::staff_gate::guard,
                ))
            } else {
                methods
            };
            router.route(path, methods)
        })
        .fallback(|| async { AppError::NotFound })
        // One stack, outermost first: axum boxes each `.layer` around every route, and clones
        // that box on each request.
        .layer(
            ServiceBuilder::new()
                .layer(TraceLayer::new_for_http())
                .layer(axum::middleware::from_fn(request_body::read_whole_body))
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    csrf::ensure_token,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    crate::render::payment_mode,
                )),
        );
    // Outermost, so that every answer gets them, whichever layer produced it.
    security_headers::add_to(routes, &state.config).with_state(state)
}

//! /admin: the staff dashboard.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use essaim_store::now;
use essaim_store::signatures::SignatureStats;

use super::admin_chart::{day_chart, DayChart};
use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::render::{page, Chrome};
use crate::session::Staff;
use crate::AppState;
use essaim_domain::staff::{allows, required_role};

const CHART_DAYS: usize = 30;

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    chrome: Chrome,
    stats: SignatureStats,
    chart: DayChart,
    outbox: essaim_store::outbox::OutboxCounts,
    /// Minutes since the oldest email still waiting was queued.
    oldest_queued_minutes: Option<i64>,
    offline_signatures: i64,
    open_groups: i64,
    /// The back-office's pages this staff member's roles open: (address, label).
    links: Vec<(&'static str, &'static str)>,
    /// Their roles, in words.
    roles: String,
}

/// The back-office's pages, as the dashboard lists them.
const PAGES: &[(&str, &str)] = &[
    (
        "/admin/signatures.csv",
        "Exporter les signatures confirmées (CSV)",
    ),
    (
        "/admin/journal",
        "Journal de l'équipe : qui a fait quoi, quand",
    ),
    (
        "/admin/envois",
        "Envois : écrire aux sympathisant·es, par segment",
    ),
    ("/admin/dons", "Dons : journal, saisie des chèques, exports"),
    (
        "/admin/materiel",
        "Matériel : catalogue, kit de démarrage, commandes, lots, suivi",
    ),
    (
        "/admin/programme",
        "Programme : modération, fusions, axes et synthèses",
    ),
    (
        "/admin/inscriptions",
        "Opérations inscriptions des groupes : par département et par mois",
    ),
    (
        "/admin/scrutins",
        "Scrutins : dates des tours et dates limites d'inscription",
    ),
    ("/admin/recettes", "Recettes d'actions"),
    ("/admin/evenements", "Événements à valider"),
    ("/admin/emails", "Emails non distribuables"),
];

pub async fn dashboard(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
) -> Result<Response, AppError> {
    let today = now() / 86400;
    let stats = state
        .store
        .signature_stats((today - CHART_DAYS as i64 + 1) * 86400)
        .await?;
    let chart = day_chart(&stats.per_day, today, CHART_DAYS);
    let outbox = state.store.outbox_counts().await?;
    let roles = state.store.roles_of(person.id).await?;
    Ok(page(
        StatusCode::OK,
        &AdminPage {
            chrome: Chrome::new(Some(&person), &csrf),
            stats,
            chart,
            oldest_queued_minutes: outbox.oldest_queued_at.map(|at| (now() - at).max(0) / 60),
            outbox,
            offline_signatures: state.store.offline_signature_count().await?,
            open_groups: state.store.open_group_count().await?,
            links: PAGES
                .iter()
                .filter(|(path, _)| allows(&roles, required_role(path)))
                .copied()
                .collect(),
            roles: if roles.is_empty() {
                "aucun (demandez-en un à une personne qui administre le site)".to_string()
            } else {
                roles
                    .iter()
                    .map(|role| role.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        },
    ))
}

//! /admin/materiel/lots: the files handed to the logistics provider. POST makes a batch of every
//! validated order not exported yet (the store moves them to "exportée" in the same
//! transaction: an order is in one batch only); each batch's file is kept as it was made and
//! downloaded as it is, until it is deleted with the addresses it holds.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::ids::BatchId;
use essaim_domain::material::OrderStatus;
use essaim_store::material::Batch;
use essaim_store::now;
use essaim_store::people::Person;

use super::paris_time;
use crate::csrf::CsrfToken;
use crate::csrf_form::{CsrfForm, NoFields};
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::render::{message_page, page, Chrome};
use crate::session::Staff;
use crate::AppState;

/// The batches listed: months of daily batches.
const LISTED: i64 = 200;

pub struct BatchRow {
    pub id: BatchId,
    pub when: String,
    pub orders: i64,
    pub purged: bool,
}

impl BatchRow {
    fn of(batch: Batch) -> Self {
        Self {
            id: batch.id,
            when: paris_time(batch.created_at),
            orders: batch.orders,
            purged: batch.purged_at.is_some(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin_material_batches.html")]
struct BatchesPage {
    chrome: Chrome,
    batches: Vec<BatchRow>,
    /// Validated orders waiting for the next batch.
    waiting: i64,
    notice: Option<&'static str>,
}

async fn render(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    status: StatusCode,
    notice: Option<&'static str>,
) -> Result<Response, AppError> {
    let waiting = state
        .store
        .order_counts()
        .await?
        .into_iter()
        .find(|(status, _)| *status == OrderStatus::Validated)
        .map_or(0, |(_, n)| n);
    let view = BatchesPage {
        chrome: Chrome::new(Some(person), csrf),
        batches: state
            .store
            .batches(LISTED)
            .await?
            .into_iter()
            .map(BatchRow::of)
            .collect(),
        waiting,
        notice,
    };
    Ok(page(status, &view))
}

pub async fn show(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
) -> Result<Response, AppError> {
    render(&state, &person, &csrf, StatusCode::OK, None).await
}

pub async fn create(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    form: CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let (_, token) = form.open();
    if token.is_expired() {
        let notice = "La page avait expiré : aucun lot n'a été créé. Recommencez.";
        return render(
            &state,
            &person,
            &csrf,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(notice),
        )
        .await;
    }
    match state.store.export_batch(person.id, now()).await? {
        Some(batch) => {
            tracing::info!(
                staff = person.id.get(),
                batch = batch.get(),
                "material batch exported"
            );
            Ok(Redirect::to("/admin/materiel/lots").into_response())
        }
        None => {
            let notice = "Aucune commande validée à exporter : aucun lot n'a été créé.";
            render(&state, &person, &csrf, StatusCode::OK, Some(notice)).await
        }
    }
}

/// The batch's file as stored: addresses inside, so never cached.
pub async fn file(
    State(state): State<AppState>,
    Staff(person): Staff,
    IdPath(id): IdPath<BatchId>,
) -> Result<Response, AppError> {
    let Some(file) = state.store.batch_file(id).await? else {
        return Ok(message_page(
            StatusCode::NOT_FOUND,
            "Fichier introuvable",
            "Ce lot n'existe pas, ou son fichier a été effacé avec les adresses qu'il contenait \
             (après la livraison ou l'annulation de toutes ses commandes).",
        ));
    };
    tracing::info!(
        staff = person.id.get(),
        batch = id.get(),
        "material batch downloaded"
    );
    Ok(crate::render::download(
        "text/csv; charset=utf-8",
        &format!("materiel-lot-{id}.csv"),
        file,
    ))
}

//! The answers on /procurations: accept a proposal (the contacts show once both did), refuse or
//! withdraw from one, withdraw a whole request or offer. Each is the person's own or nothing
//! happens (the store checks it); the page then says what became of it.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::ids::{ProxyMatchId, ProxyOfferId, ProxyRequestId};
use essaim_store::electoral::AcceptOutcome;
use essaim_store::now;

use crate::csrf_form::{CsrfForm, NoFields};
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::session::LoggedIn;
use crate::AppState;

const EXPIRED: AppError =
    AppError::BadRequest("La page avait expiré : rien n'a été changé. Revenez aux procurations.");

fn back(code: &str, anchor: &str) -> Response {
    Redirect::to(&format!("/procurations?ok={code}#{anchor}")).into_response()
}

/// After a withdrawal: back to the page, or a 404 when there was nothing of theirs to withdraw.
fn withdrawn(done: bool) -> Result<Response, AppError> {
    if done {
        Ok(back("retire", "mes-procurations"))
    } else {
        Err(AppError::NotFound)
    }
}

/// POST /procurations/propositions/{id}/accepter.
pub async fn accept(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    IdPath(id): IdPath<ProxyMatchId>,
    form: CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    form.fresh_or(EXPIRED)?;
    let code = match state.store.accept_proxy_match(id, person.id).await? {
        AcceptOutcome::Accepted => "accord",
        AcceptOutcome::Waiting => "attente",
        AcceptOutcome::HolderTaken => "pris",
        AcceptOutcome::NotOpen => return Err(AppError::NotFound),
    };
    Ok(back(code, &format!("proposition-{id}")))
}

/// POST /procurations/propositions/{id}/retirer: refuse it, or withdraw after accepting.
pub async fn withdraw(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    IdPath(id): IdPath<ProxyMatchId>,
    form: CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    form.fresh_or(EXPIRED)?;
    withdrawn(
        state
            .store
            .withdraw_proxy_match(id, person.id, now())
            .await?,
    )
}

/// POST /procurations/demandes/{id}/retirer.
pub async fn withdraw_request(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    IdPath(id): IdPath<ProxyRequestId>,
    form: CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    form.fresh_or(EXPIRED)?;
    withdrawn(
        state
            .store
            .withdraw_proxy_request(id, person.id, now())
            .await?,
    )
}

/// POST /procurations/offres/{id}/retirer.
pub async fn withdraw_offer(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    IdPath(id): IdPath<ProxyOfferId>,
    form: CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    form.fresh_or(EXPIRED)?;
    withdrawn(
        state
            .store
            .withdraw_proxy_offer(id, person.id, now())
            .await?,
    )
}

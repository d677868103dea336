//! POST /programme/contributions/{id}/soutenir and …/retirer-soutien: a logged-in person
//! supports a contribution once, and may withdraw their support.

use axum::extract::State;
use axum::response::Response;
use essaim_domain::ids::ContributionId;
use essaim_store::now;
use essaim_store::programme::SupportOutcome;

use super::notice::{back, Done};
use crate::csrf_form::{CsrfForm, NoFields};
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::session::LoggedIn;
use crate::AppState;

const EXPIRED: AppError = AppError::BadRequest(
    "Votre session a expiré : revenez à la contribution et appuyez à nouveau sur le bouton.",
);

pub async fn support(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    IdPath(id): IdPath<ContributionId>,
    form: CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    form.fresh_or(EXPIRED)?;
    let done = match state
        .store
        .support_contribution(id, person.id, now())
        .await?
    {
        SupportOutcome::Supported => Done::Supported,
        SupportOutcome::AlreadySupported => Done::AlreadySupported,
        SupportOutcome::Blocked => Done::Blocked,
        SupportOutcome::NotOpen => {
            if state.store.contribution(id).await?.is_none() {
                return Err(AppError::NotFound);
            }
            Done::Closed
        }
    };
    Ok(back(id, done))
}

pub async fn withdraw(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    IdPath(id): IdPath<ContributionId>,
    form: CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    form.fresh_or(EXPIRED)?;
    if state.store.contribution(id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let done = if state.store.withdraw_support(id, person.id).await? {
        Done::Withdrawn
    } else {
        Done::NoSupport
    };
    Ok(back(id, done))
}

//! GET /dons/merci?don=N: where the provider sends the browser back. The outcome shown is the
//! one our records hold (set by the notification), never what the browser's return says.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::ids::GiftId;
use essaim_store::donations::GiftStatus;
use serde::Deserialize;

use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::render::{page, Chrome};
use crate::session::MaybePerson;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ThanksQuery {
    don: String,
}

#[derive(Template)]
#[template(path = "donation_thanks.html")]
struct ThanksPage<'a> {
    chrome: Chrome,
    /// "paid", "pending" or "refused".
    outcome: &'static str,
    amount: String,
    monthly: bool,
    legal_notice: &'a [String],
}

pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    query: Result<Query<ThanksQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let id = query
        .ok()
        .and_then(|Query(q)| q.don.parse::<GiftId>().ok())
        .ok_or(AppError::NotFound)?;
    let gift = state.store.gift(id).await?.ok_or(AppError::NotFound)?;
    let outcome = match gift.status {
        GiftStatus::Accepted => "paid",
        GiftStatus::Refused => "refused",
        GiftStatus::Pending | GiftStatus::ToConfirm => "pending",
    };
    Ok(page(
        StatusCode::OK,
        &ThanksPage {
            chrome: Chrome::new(person.as_ref(), &csrf),
            outcome,
            amount: gift.amount().to_string(),
            monthly: gift.monthly(),
            legal_notice: &state.config.donations.legal_notice,
        },
    ))
}

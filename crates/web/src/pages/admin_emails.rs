//! /admin/emails: what the outbox holds — emails waiting, and the dead letters (emails given up
//! after repeated failures, or refused for good by the receiving server), which staff may send
//! again once the cause is fixed (a relay password corrected, a typo in an address…).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::ids::EmailId;
use essaim_store::now;
use essaim_store::outbox::{DeadLetter, OutboxCounts};
use serde::Deserialize;

use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::render::paris_time;
use crate::render::{page, Chrome};
use crate::session::Staff;
use crate::AppState;

/// Dead letters listed on the page (the most recent).
const SHOWN: i64 = 200;

#[derive(Template)]
#[template(path = "admin_emails.html")]
struct EmailsPage {
    chrome: Chrome,
    counts: OutboxCounts,
    oldest_queued: Option<String>,
    rows: Vec<Row>,
    sent_again: Option<u64>,
}

struct Row {
    letter: DeadLetter,
    kind: &'static str,
    queued: String,
    given_up: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EmailsQuery {
    renvoyes: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RetryPost {
    /// One dead letter, or "tous".
    id: String,
}

/// What kind of email it was, in staff's words.
fn kind_label(kind: &str) -> &'static str {
    match kind {
        "confirm_signature" => "confirmation de signature",
        "already_signed" => "signature en double",
        "login" => "lien de connexion",
        "notice" => "avis (groupe, événement, compétences…)",
        _ => "autre",
    }
}

pub async fn show(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    query: Result<Query<EmailsQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let sent_again = query.ok().and_then(|Query(q)| q.renvoyes.parse().ok());
    let counts = state.store.outbox_counts().await?;
    let rows = state
        .store
        .dead_letters(SHOWN)
        .await?
        .into_iter()
        .map(|letter| Row {
            kind: kind_label(&letter.kind),
            queued: paris_time(letter.created_at),
            given_up: paris_time(letter.dead_at),
            letter,
        })
        .collect();
    Ok(page(
        StatusCode::OK,
        &EmailsPage {
            chrome: Chrome::new(Some(&person), &csrf),
            oldest_queued: counts.oldest_queued_at.map(paris_time),
            counts,
            rows,
            sent_again,
        },
    ))
}

pub async fn retry(
    State(state): State<AppState>,
    Staff(_): Staff,
    form: CsrfForm<RetryPost>,
) -> Result<Response, AppError> {
    let post = form.fresh_or(AppError::BadRequest(
        "Votre session a expiré : rechargez la page des emails et recommencez.",
    ))?;
    let brought_back = if post.id == "tous" {
        state.store.retry_dead_letters(None, now()).await?
    } else {
        let id: i64 = post.id.trim().parse().map_err(|_| {
            AppError::BadRequest("Cet email n'existe pas : rechargez la page des emails.")
        })?;
        state
            .store
            .retry_dead_letters(Some(&[EmailId::new(id)]), now())
            .await?
    };
    Ok(Redirect::to(&format!("/admin/emails?renvoyes={brought_back}")).into_response())
}

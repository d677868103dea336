//! /admin/evenements: staff read the events of new hosts, publish them (trusting the host for
//! the next ones, if they wish) or explain why not.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::events::time::french_date_time;
use essaim_domain::ids::EventId;
use essaim_domain::text::required_text;
use essaim_store::events::Event;
use essaim_store::now;
use serde::Deserialize;

use super::kind_label;
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::render::{page, Chrome};
use crate::session::Staff;
use crate::AppState;

pub struct PendingRow {
    pub event: Event,
    pub kind: &'static str,
    pub when: String,
}

#[derive(Template)]
#[template(path = "admin_events.html")]
struct PendingPage {
    chrome: Chrome,
    rows: Vec<PendingRow>,
    problem: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecisionPost {
    decision: Option<Decision>,
    trust: String,
    reason: String,
}

/// The button staff pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
enum Decision {
    #[serde(rename = "publier")]
    Publish,
    #[serde(rename = "refuser")]
    Reject,
    /// A value no button sends: told apart from an unreadable form, as "unknown decision".
    #[serde(other)]
    Unknown,
}

async fn pending_page(
    state: &AppState,
    chrome: Chrome,
    problem: Option<String>,
) -> Result<PendingPage, AppError> {
    let rows = state
        .store
        .pending_events()
        .await?
        .into_iter()
        .map(|event| PendingRow {
            kind: kind_label(&event.kind),
            when: french_date_time(event.starts_at, &event.timezone),
            event,
        })
        .collect();
    Ok(PendingPage {
        chrome,
        rows,
        problem,
    })
}

pub async fn pending(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
) -> Result<Response, AppError> {
    let view = pending_page(&state, Chrome::new(Some(&person), &csrf), None).await?;
    Ok(page(StatusCode::OK, &view))
}

pub async fn decide(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    IdPath(id): IdPath<EventId>,
    form: CsrfForm<DecisionPost>,
) -> Result<Response, AppError> {
    let post = form.fresh_or(AppError::BadRequest(
        "Votre session a expiré : revenez à la page et recommencez.",
    ))?;
    let problem = match post.decision {
        Some(Decision::Publish) => {
            state
                .store
                .approve_event(id, !post.trust.is_empty(), now())
                .await?;
            None
        }
        Some(Decision::Reject) => match required_text(
            &post.reason,
            "la raison du refus (elle est envoyée à l'organisateur)",
            1000,
            true,
        ) {
            Ok(reason) => {
                state.store.reject_event(id, &reason, now()).await?;
                None
            }
            Err(message) => Some(message),
        },
        Some(Decision::Unknown) | None => return Err(AppError::BadRequest("Décision inconnue.")),
    };
    match problem {
        None => Ok(Redirect::to("/admin/evenements").into_response()),
        Some(message) => {
            let view =
                pending_page(&state, Chrome::new(Some(&person), &csrf), Some(message)).await?;
            Ok(page(StatusCode::UNPROCESSABLE_ENTITY, &view))
        }
    }
}

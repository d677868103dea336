//! The host's tools: the list of attendees as CSV, a message to them, cancelling the event.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use essaim_domain::ids::EventId;
use essaim_domain::text::parse_message;
use essaim_store::now;
use serde::Deserialize;

use super::show::{render, Info, Retyped};
use super::{event_at, require_manager};
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::session::LoggedIn;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MessagePost {
    subject: String,
    body: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CancelPost {
    confirmer: String,
}

/// A spreadsheet cell that cannot run as a formula (CSV injection).
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

pub async fn attendees_csv(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    IdPath(id): IdPath<EventId>,
) -> Result<Response, AppError> {
    let event = event_at(&state, id).await?;
    require_manager(&event, &person)?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let write = |writer: &mut csv::Writer<Vec<u8>>, row: &[&str]| {
        writer
            .write_record(row.iter().map(|v| cell(v)))
            .map_err(|_| AppError::BadRequest("Export impossible."))
    };
    write(
        &mut writer,
        &[
            "prénom",
            "nom",
            "email",
            "téléphone",
            "code postal",
            "statut",
        ],
    )?;
    for attendee in state.store.attendees(event.id).await? {
        let status = if attendee.is_confirmed() {
            "inscrit"
        } else {
            "liste d'attente"
        };
        write(
            &mut writer,
            &[
                &attendee.first_name,
                &attendee.last_name,
                &attendee.email,
                attendee.phone.as_deref().unwrap_or(""),
                attendee.postal_code.as_deref().unwrap_or(""),
                status,
            ],
        )?;
    }
    let mut body = "\u{feff}".as_bytes().to_vec();
    body.extend(
        writer
            .into_inner()
            .map_err(|_| AppError::BadRequest("Export impossible."))?,
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"inscrits.csv\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}

pub async fn message(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<EventId>,
    form: CsrfForm<MessagePost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let event = event_at(&state, id).await?;
    require_manager(&event, &person)?;
    let parsed = parse_message(&post.subject, &post.body);
    let (Ok(message), true) = (&parsed, token.is_fresh()) else {
        let errors = parsed.err().unwrap_or_default();
        let retyped = Retyped {
            notice: errors
                .is_empty()
                .then_some("Votre session a expiré : renvoyez le formulaire."),
            subject: post.subject,
            body: post.body,
            message_errors: errors,
            ..Default::default()
        };
        return render(
            &state,
            id,
            Some(&person),
            &csrf,
            None,
            retyped,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    state
        .store
        .message_attendees(event.id, &message.subject, &message.body, now())
        .await?;
    Ok(Info::MessageSent.back_to(event.id))
}

pub async fn cancel(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<EventId>,
    form: CsrfForm<CancelPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let event = event_at(&state, id).await?;
    require_manager(&event, &person)?;
    let notice = if token.is_expired() {
        Some("Votre session a expiré : renvoyez le formulaire.")
    } else if post.confirmer.is_empty() {
        Some("Cochez la case pour confirmer l'annulation.")
    } else {
        None
    };
    if notice.is_some() {
        let retyped = Retyped {
            notice,
            ..Default::default()
        };
        return render(
            &state,
            id,
            Some(&person),
            &csrf,
            None,
            retyped,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    state.store.cancel_event(event.id, now()).await?;
    Ok(Info::Cancelled.back_to(event.id))
}

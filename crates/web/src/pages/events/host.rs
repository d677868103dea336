//! The host's tools: the list of attendees as CSV, a message to them, cancelling the event.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::ids::EventId;
use essaim_store::now;
use essaim_store::people::Person;
use serde::Deserialize;

use super::show::{render, Info, Retyped};
use super::{event_at, require_manager};
use crate::audit_trail::journal;
use crate::client_ip::ClientIp;
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::pages::members_message::{self, MessagePost};
use crate::session::LoggedIn;
use crate::AppState;

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
    ip: ClientIp,
    IdPath(id): IdPath<EventId>,
) -> Result<Response, AppError> {
    let event = event_at(&state, id).await?;
    require_manager(&event, &person)?;
    if event.host_id != Some(person.id) {
        let subject = format!("événement {id} « {} »", event.title);
        journal(
            &state,
            &person,
            &ip,
            "export des inscrit·es d'un événement",
            &subject,
        )
        .await?;
    }
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
    Ok(crate::render::download(
        "text/csv; charset=utf-8",
        "inscrits.csv",
        body,
    ))
}

/// The event's page again, with a form given back and what to correct.
async fn again(
    state: &AppState,
    id: EventId,
    person: &Person,
    csrf: &CsrfToken,
    retyped: Retyped,
) -> Result<Response, AppError> {
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    render(state, id, Some(person), csrf, None, retyped, status).await
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
    let message = match members_message::check(post, token) {
        Ok(message) => message,
        Err(not_sent) => {
            let retyped = Retyped {
                notice: not_sent
                    .expired
                    .then_some("Votre session a expiré : renvoyez le formulaire."),
                message: not_sent.retyped,
                ..Default::default()
            };
            return again(&state, id, &person, &csrf, retyped).await;
        }
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
        return again(&state, id, &person, &csrf, retyped).await;
    }
    state.store.cancel_event(event.id, now()).await?;
    Ok(Info::Cancelled.back_to(event.id))
}

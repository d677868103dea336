//! /admin/envois: the mailings, newest first, with their figures (recipients, sent, failed,
//! waiting, unsubscribed by their link); one mailing's page, where a mailing not yet sent out
//! may be cancelled.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_store::mailings::MailingStats;
use essaim_store::now;
use serde::Deserialize;

use super::when;
use crate::audit_trail::journal as audit;
use crate::client_ip::ClientIp;
use crate::csrf::CsrfToken;
use crate::csrf_form::{CsrfForm, NoFields};
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::render::{page, Chrome};
use crate::session::Staff;
use crate::AppState;

/// A mailing as the pages show it.
struct MailingView {
    stats: MailingStats,
    send_at: String,
    created: String,
    /// "programmé", "en cours", "terminé", "annulé".
    state: &'static str,
}

impl MailingView {
    fn of(stats: MailingStats, now: i64) -> Self {
        let state = if stats.is_cancelled() {
            "annulé"
        } else if stats.send_at > now && stats.sent == 0 {
            "programmé"
        } else if stats.waiting > 0 {
            "en cours"
        } else {
            "terminé"
        };
        Self {
            send_at: when(stats.send_at),
            created: when(stats.created_at),
            state,
            stats,
        }
    }

    fn may_cancel(&self) -> bool {
        !self.stats.is_cancelled() && self.stats.waiting > 0
    }
}

#[derive(Template)]
#[template(path = "admin_mailings.html")]
struct ListPage {
    chrome: Chrome,
    mailings: Vec<MailingView>,
}

pub async fn show(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
) -> Result<Response, AppError> {
    let now = now();
    let mailings = state
        .store
        .mailings(100)
        .await?
        .into_iter()
        .map(|stats| MailingView::of(stats, now))
        .collect();
    let view = ListPage {
        chrome: Chrome::new(Some(&person), &csrf),
        mailings,
    };
    Ok(page(StatusCode::OK, &view))
}

#[derive(Template)]
#[template(path = "admin_mailing.html")]
struct DetailPage {
    chrome: Chrome,
    mailing: MailingView,
    /// The message as sent (HTML made by the site's sanitiser when it was queued).
    body_html: String,
    confirmation: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DetailQuery {
    fait: String,
    retires: Option<u64>,
}

pub async fn detail(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    IdPath(id): IdPath<i64>,
    query: Result<Query<DetailQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let stats = state.store.mailing(id).await?.ok_or(AppError::NotFound)?;
    let body_html = state
        .store
        .mailing_words(id)
        .await?
        .map(|words| words.body_html)
        .unwrap_or_default();
    let mailing = MailingView::of(stats, now());
    let confirmation = match query.fait.as_str() {
        "programme" if mailing.state == "programmé" => Some(format!(
            "Envoi programmé pour le {} : {} destinataires.",
            mailing.send_at, mailing.stats.recipients
        )),
        "programme" => Some(format!(
            "Envoi lancé : {} destinataires, {} par seconde.",
            mailing.stats.recipients, mailing.stats.per_second
        )),
        "annule" => Some(format!(
            "Envoi annulé : {} messages ne partiront pas.",
            query.retires.unwrap_or(0)
        )),
        _ => None,
    };
    let view = DetailPage {
        chrome: Chrome::new(Some(&person), &csrf),
        mailing,
        body_html,
        confirmation,
    };
    Ok(page(StatusCode::OK, &view))
}

pub async fn cancel(
    State(state): State<AppState>,
    Staff(person): Staff,
    ip: ClientIp,
    IdPath(id): IdPath<i64>,
    form: CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    form.fresh_or(AppError::BadRequest(
        "La page avait expiré : l'envoi n'a pas été annulé. Revenez à la page de l'envoi.",
    ))?;
    let Some(withdrawn) = state.store.cancel_mailing(id, now()).await? else {
        return Err(AppError::NotFound);
    };
    let subject = format!("envoi {id} : {withdrawn} messages retirés");
    audit(&state, &person, &ip, "annulation d'un envoi", &subject).await?;
    Ok(Redirect::to(&format!(
        "/admin/envois/{id}?fait=annule&retires={withdrawn}"
    ))
    .into_response())
}

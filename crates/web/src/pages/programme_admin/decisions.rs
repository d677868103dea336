//! POST /admin/programme/{contributions,commentaires}/{id}/{masquer,retablir} and
//! /admin/programme/personnes/{id}/{bloquer,debloquer}: a moderator's decision, always with
//! its reason (the person concerned is told it, the log keeps it). A missing reason shows the
//! page again with what was typed; a decision already made changes nothing and says so.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::ids::{CommentId, ContributionId, PersonId};
use essaim_domain::programme::moderation::{parse_reason, Decision};
use essaim_domain::FieldErrors;
use essaim_store::now;
use essaim_store::people::Person;
use essaim_store::programme::ReportTarget;
use serde::Deserialize;

use super::done::Done;
use super::queue::{block_key, decide_key, render, Failed, Shown};
use super::EXPIRED;
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::session::Staff;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReasonPost {
    reason: String,
}

/// The reason typed in the form `key`, or the page shown again saying what is wrong.
pub(super) async fn reason_of(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    key: String,
    form: CsrfForm<ReasonPost>,
) -> Result<Result<String, Response>, AppError> {
    let (post, token) = form.open();
    let mut failed = Failed {
        key,
        values: vec![("reason", post.reason.clone())],
        errors: FieldErrors::default(),
    };
    let notice = if token.is_expired() {
        Some(EXPIRED.to_string())
    } else {
        match parse_reason(&post.reason) {
            Ok(reason) => return Ok(Ok(reason)),
            Err(message) => {
                failed.errors.add("reason", message);
                None
            }
        }
    };
    let shown = Shown {
        notice,
        failed,
        ..Shown::default()
    };
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(Err(render(state, person, csrf, status, shown).await?))
}

/// Back to the page, saying what was done.
pub(super) fn done(what: Done) -> Response {
    Redirect::to(&format!("/admin/programme?fait={}", what.code())).into_response()
}

/// The page again, saying that nothing changed and why.
pub(super) async fn unchanged(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    why: &str,
) -> Result<Response, AppError> {
    let shown = Shown {
        notice: Some(why.to_string()),
        ..Shown::default()
    };
    render(state, person, csrf, StatusCode::CONFLICT, shown).await
}

async fn moderate(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    target: ReportTarget,
    decision: Decision,
    form: CsrfForm<ReasonPost>,
) -> Result<Response, AppError> {
    let exists = match target {
        ReportTarget::Contribution(id) => state.store.contribution(id).await?.is_some(),
        ReportTarget::Comment(id) => state.store.comment(id).await?.is_some(),
    };
    if !exists {
        return Err(AppError::NotFound);
    }
    let key = decide_key(target, decision);
    let reason = match reason_of(state, person, csrf, key, form).await? {
        Ok(reason) => reason,
        Err(page) => return Ok(page),
    };
    if state
        .store
        .moderate_programme(target, decision, person.id, &reason, now())
        .await?
    {
        tracing::info!(
            staff = person.id.get(),
            ?target,
            ?decision,
            "programme moderated"
        );
        return Ok(done(if decision == Decision::Restored {
            Done::Restored
        } else {
            Done::Hidden
        }));
    }
    let why = if decision == Decision::Restored {
        "Rien n'a changé : ce n'était pas masqué (déjà rétabli, fusionné ou supprimé par son auteur)."
    } else {
        "Rien n'a changé : ce n'était pas visible (déjà masqué, fusionné ou supprimé par son auteur)."
    };
    unchanged(state, person, csrf, why).await
}

pub async fn hide_contribution(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    IdPath(id): IdPath<ContributionId>,
    form: CsrfForm<ReasonPost>,
) -> Result<Response, AppError> {
    let target = ReportTarget::Contribution(id);
    moderate(&state, &person, &csrf, target, Decision::Hidden, form).await
}

pub async fn restore_contribution(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    IdPath(id): IdPath<ContributionId>,
    form: CsrfForm<ReasonPost>,
) -> Result<Response, AppError> {
    let target = ReportTarget::Contribution(id);
    moderate(&state, &person, &csrf, target, Decision::Restored, form).await
}

pub async fn hide_comment(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    IdPath(id): IdPath<CommentId>,
    form: CsrfForm<ReasonPost>,
) -> Result<Response, AppError> {
    let target = ReportTarget::Comment(id);
    moderate(&state, &person, &csrf, target, Decision::Hidden, form).await
}

pub async fn restore_comment(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    IdPath(id): IdPath<CommentId>,
    form: CsrfForm<ReasonPost>,
) -> Result<Response, AppError> {
    let target = ReportTarget::Comment(id);
    moderate(&state, &person, &csrf, target, Decision::Restored, form).await
}

pub async fn block(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    IdPath(id): IdPath<PersonId>,
    form: CsrfForm<ReasonPost>,
) -> Result<Response, AppError> {
    if state.store.find_person(id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let reason = match reason_of(&state, &person, &csrf, block_key(id), form).await? {
        Ok(reason) => reason,
        Err(page) => return Ok(page),
    };
    if state
        .store
        .block_from_programme(id, person.id, &reason, now())
        .await?
    {
        tracing::info!(
            staff = person.id.get(),
            person = id.get(),
            "blocked from the programme"
        );
        return Ok(done(Done::Blocked));
    }
    unchanged(
        &state,
        &person,
        &csrf,
        "Rien n'a changé : cette personne était déjà bloquée.",
    )
    .await
}

pub async fn unblock(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    IdPath(id): IdPath<PersonId>,
    form: CsrfForm<ReasonPost>,
) -> Result<Response, AppError> {
    if state.store.find_person(id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let key = super::queue::unblock_key(id);
    let reason = match reason_of(&state, &person, &csrf, key, form).await? {
        Ok(reason) => reason,
        Err(page) => return Ok(page),
    };
    if state
        .store
        .unblock_from_programme(id, person.id, &reason, now())
        .await?
    {
        tracing::info!(
            staff = person.id.get(),
            person = id.get(),
            "unblocked from the programme"
        );
        return Ok(done(Done::Unblocked));
    }
    unchanged(
        &state,
        &person,
        &csrf,
        "Rien n'a changé : cette personne n'était pas bloquée.",
    )
    .await
}

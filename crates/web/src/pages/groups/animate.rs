//! What animators do: remove a member, share or hand over the role, write to all members,
//! and carry out the split of a full group. Anyone else gets a 403 page.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::text::{parse_message, required_text};
use essaim_store::now;
use serde::Deserialize;

use super::show::{render, Retyped};
use super::{group_at, require_animator};
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::session::LoggedIn;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PersonPost {
    person_id: String,
    action: String,
    new_name: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MessagePost {
    subject: String,
    body: String,
}

const EXPIRED: &str = "Votre session a expiré : revenez à la page du groupe et recommencez.";

/// The group of an animator-only button form, and the form: 404 for an unknown group, 403 for
/// anyone but its animators, 400 for an expired form.
async fn animator_form(
    state: &AppState,
    person: &essaim_store::people::Person,
    id: &str,
    form: CsrfForm<PersonPost>,
) -> Result<(essaim_store::groups::Group, PersonPost), AppError> {
    let group = group_at(state, id).await?;
    require_animator(state, &group, person).await?;
    let post = form.fresh_or(AppError::BadRequest(EXPIRED))?;
    Ok((group, post))
}

fn back(group_id: i64, info: &str) -> Response {
    Redirect::to(&format!("/groupes/{group_id}?info={info}")).into_response()
}

fn person_id(raw: &str) -> Result<i64, AppError> {
    raw.trim()
        .parse()
        .map_err(|_| AppError::BadRequest("Cette personne n'a pas été trouvée dans le groupe."))
}

pub async fn remove_member(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    Path(id): Path<String>,
    form: CsrfForm<PersonPost>,
) -> Result<Response, AppError> {
    let (group, post) = animator_form(&state, &person, &id, form).await?;
    let member = person_id(&post.person_id)?;
    if member == person.id.get() {
        return Err(AppError::BadRequest(
            "Pour partir vous-même, utilisez « Quitter le groupe ».",
        ));
    }
    state.store.leave_group(group.id, member, now()).await?;
    Ok(back(group.id, "quitte"))
}

pub async fn animators(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    Path(id): Path<String>,
    form: CsrfForm<PersonPost>,
) -> Result<Response, AppError> {
    let (group, post) = animator_form(&state, &person, &id, form).await?;
    let keep = match post.action.as_str() {
        "partager" => true,
        "ceder" => false,
        _ => return Err(AppError::BadRequest("Action inconnue.")),
    };
    let done = state
        .store
        .give_animator_role(group.id, person.id.get(), person_id(&post.person_id)?, keep)
        .await?;
    Ok(back(group.id, if done { "animation" } else { "refus" }))
}

pub async fn message(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    Path(id): Path<String>,
    form: CsrfForm<MessagePost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let group = group_at(&state, &id).await?;
    require_animator(&state, &group, &person).await?;
    let parsed = parse_message(&post.subject, &post.body);
    let (Ok(message), true) = (&parsed, token.is_fresh()) else {
        let errors = parsed.err().unwrap_or_default();
        let retyped = Retyped {
            subject: post.subject,
            body: post.body,
            notice: errors.is_empty().then_some(EXPIRED),
            message_errors: errors,
            ..Default::default()
        };
        return render(
            &state,
            group,
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
        .message_group_members(
            group.id,
            person.id.get(),
            &message.subject,
            &message.body,
            now(),
        )
        .await?;
    Ok(back(group.id, "message"))
}

pub async fn split(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    Path(id): Path<String>,
    form: CsrfForm<PersonPost>,
) -> Result<Response, AppError> {
    let (group, post) = animator_form(&state, &person, &id, form).await?;
    let problem = match post.action.as_str() {
        "deplacer" => {
            state
                .store
                .move_in_split(group.id, person_id(&post.person_id)?)
                .await?;
            None
        }
        "renommer" => match required_text(&post.new_name, "le nom du nouveau groupe", 80, false) {
            Ok(name) => {
                state.store.rename_split(group.id, &name).await?;
                None
            }
            Err(message) => Some(message),
        },
        "confirmer" => match state.store.confirm_split(group.id, now()).await? {
            Ok(_) => return Ok(back(group.id, "divise")),
            Err(message) => Some(message),
        },
        _ => return Err(AppError::BadRequest("Action inconnue.")),
    };
    match problem {
        None => Ok(back(group.id, "division")),
        Some(message) => {
            let retyped = Retyped {
                split_problem: Some(message),
                ..Default::default()
            };
            render(
                &state,
                group,
                Some(&person),
                &csrf,
                None,
                retyped,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

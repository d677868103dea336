//! What animators do: remove a member, share or hand over the role, write to all members
//! (the split of a full group is in `split_flow`). Anyone else gets a 403 page.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::ids::{GroupId, PersonId};
use essaim_domain::text::parse_message;
use essaim_store::now;
use serde::Deserialize;

use super::info::{back, Info};
use super::show::{render, Retyped};
use super::{group_at, require_animator};
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::session::LoggedIn;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PersonPost {
    person_id: String,
    action: RoleAction,
}

/// What an animator does with the role (`action` of the animation form).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
enum RoleAction {
    /// Another member animates too.
    #[serde(rename = "partager")]
    Share,
    /// Another member animates instead.
    #[serde(rename = "ceder")]
    HandOver,
    /// Missing or anything else: refused as an unknown action.
    #[default]
    #[serde(other)]
    Unknown,
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
pub(super) async fn animator_form<T>(
    state: &AppState,
    person: &essaim_store::people::Person,
    id: GroupId,
    form: CsrfForm<T>,
) -> Result<(essaim_store::groups::Group, T), AppError> {
    let group = group_at(state, id).await?;
    require_animator(state, &group, person).await?;
    let post = form.fresh_or(AppError::BadRequest(EXPIRED))?;
    Ok((group, post))
}

/// The person a button form names. Any whole number is taken, as it always was: one that is
/// nobody changes nothing (a missing member is not an error, they may just have left).
pub(super) fn person_id(raw: &str) -> Result<PersonId, AppError> {
    raw.trim()
        .parse::<i64>()
        .map(PersonId::new)
        .map_err(|_| AppError::BadRequest("Cette personne n'a pas été trouvée dans le groupe."))
}

pub async fn remove_member(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    IdPath(id): IdPath<GroupId>,
    form: CsrfForm<PersonPost>,
) -> Result<Response, AppError> {
    let (group, post) = animator_form(&state, &person, id, form).await?;
    let member = person_id(&post.person_id)?;
    if member == person.id {
        return Err(AppError::BadRequest(
            "Pour partir vous-même, utilisez « Quitter le groupe ».",
        ));
    }
    state.store.leave_group(group.id, member, now()).await?;
    Ok(back(group.id, Info::Left))
}

pub async fn animators(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    IdPath(id): IdPath<GroupId>,
    form: CsrfForm<PersonPost>,
) -> Result<Response, AppError> {
    let (group, post) = animator_form(&state, &person, id, form).await?;
    let keep = match post.action {
        RoleAction::Share => true,
        RoleAction::HandOver => false,
        RoleAction::Unknown => return Err(AppError::BadRequest("Action inconnue.")),
    };
    let done = state
        .store
        .give_animator_role(group.id, person.id, person_id(&post.person_id)?, keep)
        .await?;
    Ok(back(
        group.id,
        if done {
            Info::AnimatorsChanged
        } else {
            Info::AnimatorsRefused
        },
    ))
}

pub async fn message(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<GroupId>,
    form: CsrfForm<MessagePost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let group = group_at(&state, id).await?;
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
        .message_group_members(group.id, person.id, &message.subject, &message.body, now())
        .await?;
    Ok(back(group.id, Info::MessageSent))
}

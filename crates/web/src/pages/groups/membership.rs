//! Joining a group (logged in at once; otherwise by name, email and postal code, which signs
//! the person up with the usual double opt-in) and leaving it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::ids::GroupId;
use essaim_domain::news::{GroupNews, News};
use essaim_store::groups::JoinOutcome;
use essaim_store::now;

use super::group_at;
use super::info::{back, Info};
use super::show::{render, Retyped};
use super::split_flow::join;
use crate::client_ip::ClientIp;
use crate::csrf::CsrfToken;
use crate::csrf_form::{CsrfForm, NoFields};
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::pages::visitor_signup::{sign_up_visitor, VisitorPost, VisitorSignup};
use crate::render::message_page;
use crate::session::MaybePerson;
use crate::AppState;

const EXPIRED: &str = "Votre session a expiré : renvoyez le formulaire.";

pub async fn join_group(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    ClientIp(ip): ClientIp,
    csrf: CsrfToken,
    IdPath(id): IdPath<GroupId>,
    form: CsrfForm<VisitorPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let group = group_at(&state, id).await?;
    let retyped = Retyped {
        join: post.typed(),
        ..Default::default()
    };
    if token.is_expired() {
        let retyped = Retyped {
            notice: Some(EXPIRED),
            ..retyped
        };
        return render(
            &state,
            group,
            person.as_ref(),
            &csrf,
            None,
            retyped,
            StatusCode::FORBIDDEN,
        )
        .await;
    }
    if group.closed {
        return Ok(Redirect::to(&format!("/groupes/{}", group.id)).into_response());
    }
    if let Some(person) = person {
        let info = match join(&state, group.id, person.id).await? {
            JoinOutcome::Joined => Info::Joined,
            JoinOutcome::AlreadyMember => Info::AlreadyMember,
            JoinOutcome::WaitingForSplit => Info::WaitingForSplit,
            JoinOutcome::Closed => Info::Closed,
        };
        return Ok(back(group.id, info));
    }

    // Not logged in: the same checks and the same answer as the signature form.
    let checking_email = || {
        message_page(
            StatusCode::OK,
            "Vérifiez vos emails",
            "Nous vous avons écrit : ouvrez le lien reçu pour confirmer votre adresse. Votre place dans le groupe est gardée d'ici là.",
        )
    };
    match sign_up_visitor(&state, ip, &post).await? {
        VisitorSignup::Invalid(errors) => {
            let retyped = Retyped {
                join_errors: errors,
                ..retyped
            };
            return render(
                &state,
                group,
                None,
                &csrf,
                None,
                retyped,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
        VisitorSignup::Ignored => {}
        VisitorSignup::Person(person) => {
            state
                .store
                .request_join_after_email(group.id, person.id, now())
                .await?;
            // Someone who had already confirmed gets no confirmation link: tell them that
            // logging in takes their place (the login link proves the address the same way).
            let confirmed = state
                .store
                .signature_of(person.id)
                .await?
                .is_some_and(|s| s.status == "confirmed");
            if confirmed {
                let news = News::Group(GroupNews::JoinByLoggingIn {
                    group: group.id,
                    name: group.name,
                });
                state.store.notify_news(person.id, &news, now()).await?;
            }
        }
    }
    Ok(checking_email())
}

pub async fn leave_group(
    State(state): State<AppState>,
    crate::session::LoggedIn(person): crate::session::LoggedIn,
    IdPath(id): IdPath<GroupId>,
    form: CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let group = group_at(&state, id).await?;
    form.fresh_or(AppError::BadRequest(EXPIRED))?;
    state.store.leave_group(group.id, person.id, now()).await?;
    Ok(back(group.id, Info::Left))
}

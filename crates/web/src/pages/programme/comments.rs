//! POST /programme/contributions/{id}/commenter: a comment, or a reply to one (`parent`);
//! POST /programme/commentaires/{id}/supprimer: its author deletes it (its replies stay).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::identity::short_name;
use essaim_domain::ids::{CommentId, ContributionId};
use essaim_domain::programme::comment::{parse_comment, PER_HOUR};
use essaim_store::now;
use essaim_store::programme::{CommentOutcome, NewComment};
use serde::Deserialize;

use super::contribute::CONSENT_TEXT;
use super::contribution::{render, Retyped};
use super::notice::{back, Done};
use super::EXPIRED;
use crate::csrf::CsrfToken;
use crate::csrf_form::{CsrfForm, NoFields};
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::render::message_page;
use crate::session::LoggedIn;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CommentPost {
    body: String,
    /// The comment answered, for a reply.
    parent: String,
    /// Ticked at a person's first comment (when they never contributed): their consent.
    consent: String,
}

pub async fn add(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<ContributionId>,
    form: CsrfForm<CommentPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let parent = post.parent.trim();
    // The form it came from: the comment form, or the reply form under the comment answered.
    let key = if parent.is_empty() {
        "commentaire".to_string()
    } else {
        format!("reponse-{}", parent.chars().take(20).collect::<String>())
    };
    let parent = match parent {
        "" => Ok(None),
        number => number.parse::<CommentId>().map(Some),
    };
    let checked = match (token.is_fresh(), parent) {
        (false, _) => Err(EXPIRED.to_string()),
        (true, Err(_)) => Err(NO_PARENT.to_string()),
        (true, Ok(parent)) => parse_comment(&post.body).map(|body| (parent, body)),
    };
    let label = short_name(&person.first_name, &person.last_name);
    let mut field = "body";
    let error: String = match checked {
        Err(error) => error,
        Ok((parent, body)) => match state
            .store
            .add_comment(
                &NewComment {
                    contribution: id,
                    parent,
                    author: person.id,
                    author_label: Some(&label),
                    body: &body,
                    consent_text: (!post.consent.is_empty()).then_some(CONSENT_TEXT),
                },
                now(),
            )
            .await?
        {
            CommentOutcome::Added(_) => return Ok(back(id, Done::Commented)),
            CommentOutcome::NotOpen => "Cette contribution ne reçoit plus de commentaires.".into(),
            CommentOutcome::Blocked => {
                "La modération vous a retiré la possibilité de commenter le programme.".into()
            }
            CommentOutcome::NoSuchParent => NO_PARENT.into(),
            CommentOutcome::TooMany => format!(
                "Vous avez publié {PER_HOUR} commentaires dans l'heure : c'est le maximum. \
                 Gardez votre texte et réessayez un peu plus tard."
            ),
            CommentOutcome::ConsentMissing => {
                field = "consent";
                CONSENT_MISSING.into()
            }
        },
    };
    let retyped = Retyped {
        field,
        ..Retyped::text(key, &post.body, error)
    };
    render(
        &state,
        Some(&person),
        &csrf,
        id,
        None,
        retyped,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

const CONSENT_MISSING: &str = "Pour publier votre premier commentaire, cochez la case d'accord : sans lui, nous ne pouvons pas publier vos opinions.";

const NO_PARENT: &str =
    "Le commentaire auquel vous répondez n'est plus affiché : votre réponse n'est pas publiée.";

pub async fn delete(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    IdPath(id): IdPath<CommentId>,
    form: CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    form.fresh_or(AppError::BadRequest(
        "Votre session a expiré : revenez à la contribution et appuyez à nouveau sur le bouton.",
    ))?;
    let comment = state.store.comment(id).await?.ok_or(AppError::NotFound)?;
    if comment.author_id != Some(person.id) {
        return Ok(message_page(
            StatusCode::FORBIDDEN,
            "Accès réservé",
            "Seule la personne qui a écrit ce commentaire peut le supprimer.",
        ));
    }
    state.store.delete_own_comment(id, person.id).await?;
    Ok(back(comment.contribution_id, Done::CommentDeleted))
}

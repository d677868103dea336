//! GET|POST /programme/contributions/{id}/modifier: the author changes their contribution, until
//! someone supports or comments on it. POST …/complement: from then on, they may only add to it
//! (dated addenda shown under the text), so that no one's support is given to words that change.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::ids::ContributionId;
use essaim_domain::programme::contribution::{
    parse_addendum, parse_contribution, BODY_MAX, TITLE_MAX,
};
use essaim_domain::FieldErrors;
use essaim_store::now;
use essaim_store::people::Person;
use essaim_store::programme::{Contribution, ContributionStatus, EditOutcome};
use serde::Deserialize;

use super::contribution::{render, Retyped};
use super::notice::{back, Done};
use super::EXPIRED;
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::render::{message_page, page, Chrome};
use crate::session::LoggedIn;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EditPost {
    title: String,
    body: String,
    departement: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AddendumPost {
    body: String,
}

/// The edit form's values.
#[derive(Default)]
pub struct EditForm {
    pub title: String,
    pub body: String,
    pub departement: String,
}

#[derive(Template)]
#[template(path = "programme_edit.html")]
struct EditPage {
    chrome: Chrome,
    id: ContributionId,
    form: EditForm,
    errors: FieldErrors,
    notice: Option<&'static str>,
    /// Supported or commented on: no longer editable (the typed text, if any, is shown to copy).
    locked: bool,
}

fn not_the_author() -> Response {
    message_page(
        StatusCode::FORBIDDEN,
        "Accès réservé",
        "Seule la personne qui a écrit cette contribution peut la modifier ou la compléter.",
    )
}

/// The author's published contribution, or the answer to anyone else.
async fn own_contribution(
    state: &AppState,
    person: &Person,
    id: ContributionId,
) -> Result<Result<Contribution, Response>, AppError> {
    let contribution = state
        .store
        .contribution(id)
        .await?
        .ok_or(AppError::NotFound)?;
    if contribution.author_id != Some(person.id) {
        return Ok(Err(not_the_author()));
    }
    if contribution.status != ContributionStatus::Published {
        return Err(AppError::NotFound);
    }
    Ok(Ok(contribution))
}

fn edit_page(
    person: &Person,
    csrf: &CsrfToken,
    id: ContributionId,
    form: EditForm,
    errors: FieldErrors,
    notice: Option<&'static str>,
    locked: bool,
) -> Response {
    let status = if locked {
        StatusCode::CONFLICT
    } else if errors.is_empty() && notice.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page(
        status,
        &EditPage {
            chrome: Chrome::new(Some(person), csrf),
            id,
            form,
            errors,
            notice,
            locked,
        },
    )
}

pub async fn form(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<ContributionId>,
) -> Result<Response, AppError> {
    let contribution = match own_contribution(&state, &person, id).await? {
        Ok(contribution) => contribution,
        Err(refusal) => return Ok(refusal),
    };
    // Locked: the page explains why, and where to add a complement instead.
    let form = if contribution.locked {
        EditForm::default()
    } else {
        let card = contribution.card;
        EditForm {
            title: card.title,
            body: card.body,
            departement: card.departement.unwrap_or_default(),
        }
    };
    Ok(edit_page(
        &person,
        &csrf,
        id,
        form,
        FieldErrors::default(),
        None,
        contribution.locked,
    ))
}

pub async fn save(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<ContributionId>,
    form: CsrfForm<EditPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let contribution = match own_contribution(&state, &person, id).await? {
        Ok(contribution) => contribution,
        Err(refusal) => return Ok(refusal),
    };
    let values = EditForm {
        title: post.title.chars().take(TITLE_MAX * 2).collect(),
        body: post.body.chars().take(BODY_MAX * 2).collect(),
        departement: post.departement.chars().take(10).collect(),
    };
    let again = |values, errors, notice, locked| {
        Ok(edit_page(
            &person, &csrf, id, values, errors, notice, locked,
        ))
    };
    if contribution.locked {
        return again(values, FieldErrors::default(), None, true);
    }
    if token.is_expired() {
        return again(values, FieldErrors::default(), Some(EXPIRED), false);
    }
    let draft = match parse_contribution(&post.title, &post.body, &post.departement) {
        Ok(draft) => draft,
        Err(errors) => return again(values, errors, None, false),
    };
    match state
        .store
        .edit_contribution(id, person.id, &draft, now())
        .await?
    {
        EditOutcome::Edited => Ok(back(id, Done::Edited)),
        // Supported or commented on since the form was opened.
        EditOutcome::Locked => again(values, FieldErrors::default(), None, true),
        EditOutcome::NotYours => Ok(not_the_author()),
    }
}

pub async fn addendum(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<ContributionId>,
    form: CsrfForm<AddendumPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    if let Err(refusal) = own_contribution(&state, &person, id).await? {
        return Ok(refusal);
    }
    let checked = if token.is_fresh() {
        parse_addendum(&post.body)
    } else {
        Err(EXPIRED.into())
    };
    let text = match checked {
        Ok(text) => text,
        Err(error) => {
            let retyped = Retyped::text("complement".into(), &post.body, error);
            return render(
                &state,
                Some(&person),
                &csrf,
                id,
                None,
                retyped,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    if state
        .store
        .add_addendum(id, person.id, &text, now())
        .await?
    {
        Ok(back(id, Done::Addendum))
    } else {
        Err(AppError::NotFound)
    }
}

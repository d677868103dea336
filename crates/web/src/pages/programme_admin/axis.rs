//! GET/POST /admin/programme/axes/{n}: an axis's title and introduction (Markdown), edited by
//! staff; the page shows the introduction as the public will read it once saved.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::programme::axis::{parse_axis, INTRODUCTION_MAX, TITLE_MAX};
use essaim_domain::programme::AxisNumber;
use essaim_domain::FieldErrors;
use essaim_store::now;
use essaim_store::people::Person;
use serde::Deserialize;

use super::EXPIRED;
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::markdown;
use crate::render::{page, Chrome};
use crate::session::Staff;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AxisPost {
    title: String,
    introduction: String,
}

#[derive(Template)]
#[template(path = "admin_programme_axis.html")]
struct AxisPage {
    chrome: Chrome,
    number: AxisNumber,
    /// The title saved, for the page's heading.
    saved_title: String,
    values: AxisPost,
    errors: FieldErrors,
    notice: Option<&'static str>,
    confirmation: Option<&'static str>,
    /// The introduction saved, rendered.
    preview: String,
    title_max: usize,
    introduction_max: usize,
}

impl AxisPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AxisQuery {
    fait: String,
}

async fn render(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    number: AxisNumber,
    status: StatusCode,
    typed: Option<(AxisPost, FieldErrors, Option<&'static str>)>,
    confirmation: Option<&'static str>,
) -> Result<Response, AppError> {
    let axis = state.store.programme_axis(number).await?;
    let (values, errors, notice) = typed.unwrap_or_else(|| {
        (
            AxisPost {
                title: axis.title.clone(),
                introduction: axis.introduction.clone(),
            },
            FieldErrors::default(),
            None,
        )
    });
    Ok(page(
        status,
        &AxisPage {
            chrome: Chrome::new(Some(person), csrf),
            number,
            preview: markdown::to_html(&axis.introduction),
            saved_title: axis.title,
            values,
            errors,
            notice,
            confirmation,
            title_max: TITLE_MAX,
            introduction_max: INTRODUCTION_MAX,
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    IdPath(number): IdPath<AxisNumber>,
    query: Result<Query<AxisQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let saved = query.is_ok_and(|Query(q)| q.fait == "enregistre");
    let confirmation =
        saved.then_some("Axe enregistré : voici son introduction telle qu'elle s'affiche.");
    render(
        &state,
        &person,
        &csrf,
        number,
        StatusCode::OK,
        None,
        confirmation,
    )
    .await
}

pub async fn save(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    IdPath(number): IdPath<AxisNumber>,
    form: CsrfForm<AxisPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    if token.is_expired() {
        let typed = Some((post, FieldErrors::default(), Some(EXPIRED)));
        return render(&state, &person, &csrf, number, status, typed, None).await;
    }
    let text = match parse_axis(&post.title, &post.introduction) {
        Ok(text) => text,
        Err(errors) => {
            let typed = Some((post, errors, None));
            return render(&state, &person, &csrf, number, status, typed, None).await;
        }
    };
    state
        .store
        .update_programme_axis(number, &text, now())
        .await?;
    tracing::info!(
        staff = person.id.get(),
        axis = number.get(),
        "programme axis edited"
    );
    Ok(Redirect::to(&format!("/admin/programme/axes/{number}?fait=enregistre")).into_response())
}

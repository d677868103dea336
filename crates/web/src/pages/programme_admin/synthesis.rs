//! GET/POST /admin/programme/axes/{n}/synthese, for coordinators only: the axis's synthesis
//! (Markdown) and the numbers of the contributions it drew on, helped by the list of the axis's
//! most supported contributions. A number that is not a visible contribution of this axis is
//! refused with the others, and nothing is saved.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::ids::ContributionId;
use essaim_domain::programme::synthesis::{parse_synthesis, BODY_MAX};
use essaim_domain::programme::AxisNumber;
use essaim_domain::FieldErrors;
use essaim_store::now;
use essaim_store::people::Person;
use essaim_store::programme::ContributionCard;
use serde::Deserialize;

use super::{paris_time, EXPIRED};
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::markdown;
use crate::render::{page, Chrome};
use crate::session::Coordinator;
use crate::AppState;

/// How many of the axis's most supported contributions the page lists to pick from.
const CANDIDATES: i64 = 50;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SynthesisPost {
    body: String,
    links: String,
}

#[derive(Template)]
#[template(path = "admin_programme_synthesis.html")]
struct SynthesisPage {
    chrome: Chrome,
    number: AxisNumber,
    axis_title: String,
    values: SynthesisPost,
    errors: FieldErrors,
    notice: Option<&'static str>,
    confirmation: Option<&'static str>,
    /// The synthesis saved, rendered, and when.
    saved: Option<(String, String)>,
    linked: Vec<ContributionCard>,
    candidates: Vec<ContributionCard>,
    body_max: usize,
}

impl SynthesisPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

fn numbers(ids: impl IntoIterator<Item = ContributionId>) -> String {
    ids.into_iter()
        .map(|id| id.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

async fn render(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    number: AxisNumber,
    status: StatusCode,
    typed: Option<(SynthesisPost, FieldErrors, Option<&'static str>)>,
    confirmation: Option<&'static str>,
) -> Result<Response, AppError> {
    let axis = state.store.programme_axis(number).await?;
    let synthesis = state.store.programme_synthesis(number).await?;
    let (values, errors, notice) = typed.unwrap_or_else(|| {
        let values = match &synthesis {
            Some(synthesis) => SynthesisPost {
                body: synthesis.body.clone(),
                links: numbers(synthesis.links.iter().map(|card| card.id)),
            },
            None => SynthesisPost::default(),
        };
        (values, FieldErrors::default(), None)
    });
    let (saved, linked) = match synthesis {
        Some(synthesis) => (
            Some((
                markdown::to_html(&synthesis.body),
                paris_time(synthesis.updated_at),
            )),
            synthesis.links,
        ),
        None => (None, Vec::new()),
    };
    Ok(page(
        status,
        &SynthesisPage {
            chrome: Chrome::new(Some(person), csrf),
            number,
            axis_title: axis.title,
            values,
            errors,
            notice,
            confirmation,
            saved,
            linked,
            candidates: state
                .store
                .most_supported_on_axis(number, CANDIDATES)
                .await?,
            body_max: BODY_MAX,
        },
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SynthesisQuery {
    fait: String,
}

pub async fn show(
    State(state): State<AppState>,
    Coordinator(person): Coordinator,
    csrf: CsrfToken,
    IdPath(number): IdPath<AxisNumber>,
    query: Result<Query<SynthesisQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let saved = query.is_ok_and(|Query(q)| q.fait == "enregistree");
    let confirmation = saved.then_some(
        "Synthèse enregistrée : les contributions indiquées sont marquées « retenue dans la \
         synthèse ».",
    );
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

/// What a coordinator is told of numbers that are not visible contributions of the axis.
fn refused_words(number: AxisNumber, refused: &[ContributionId]) -> String {
    match refused {
        [one] => format!(
            "Le numéro {one} n'est pas celui d'une contribution visible de l'axe {number} : \
             corrigez-le ou retirez-le."
        ),
        _ => format!(
            "Ces numéros ne sont pas ceux de contributions visibles de l'axe {number} : {}. \
             Corrigez-les ou retirez-les.",
            numbers(refused.iter().copied())
        ),
    }
}

pub async fn save(
    State(state): State<AppState>,
    Coordinator(person): Coordinator,
    csrf: CsrfToken,
    IdPath(number): IdPath<AxisNumber>,
    form: CsrfForm<SynthesisPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    if token.is_expired() {
        let typed = Some((post, FieldErrors::default(), Some(EXPIRED)));
        return render(&state, &person, &csrf, number, status, typed, None).await;
    }
    let draft = match parse_synthesis(&post.body, &post.links) {
        Ok(draft) => draft,
        Err(errors) => {
            let typed = Some((post, errors, None));
            return render(&state, &person, &csrf, number, status, typed, None).await;
        }
    };
    if let Err(refused) = state
        .store
        .save_synthesis(number, person.id, &draft, now())
        .await?
    {
        let mut errors = FieldErrors::default();
        errors.add("links", refused_words(number, &refused));
        let typed = Some((post, errors, None));
        return render(&state, &person, &csrf, number, status, typed, None).await;
    }
    tracing::info!(
        coordinator = person.id.get(),
        axis = number.get(),
        links = draft.contributions.len(),
        "programme synthesis saved"
    );
    Ok(Redirect::to(&format!(
        "/admin/programme/axes/{number}/synthese?fait=enregistree"
    ))
    .into_response())
}

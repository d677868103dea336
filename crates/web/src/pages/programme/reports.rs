//! POST /programme/contributions/{id}/signaler and /programme/commentaires/{id}/signaler: a
//! logged-in person reports a contribution or a comment, with a reason. Each person's report
//! counts once; the third person's hides it until a moderator decides.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::ids::{CommentId, ContributionId};
use essaim_domain::programme::report::{parse_report, ReportReason, DETAIL_MAX};
use essaim_store::now;
use essaim_store::people::Person;
use essaim_store::programme::{ReportOutcome, ReportTarget};
use serde::Deserialize;

use super::contribution::{render, Retyped};
use super::notice::{back, Done};
use super::EXPIRED;
use crate::csrf::CsrfToken;
use crate::csrf_form::{CsrfForm, Freshness};
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::session::LoggedIn;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReportPost {
    reason: String,
    detail: String,
}

pub async fn contribution(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<ContributionId>,
    form: CsrfForm<ReportPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let target = ReportTarget::Contribution(id);
    let report = Report {
        state: &state,
        person: &person,
        csrf: &csrf,
        contribution: id,
        key: "signaler".into(),
    };
    let outcome = match report.send(target, &post, token).await? {
        Ok(outcome) => outcome,
        Err(page) => return Ok(page),
    };
    match outcome {
        ReportOutcome::Counted => Ok(back(id, Done::Reported)),
        ReportOutcome::AlreadyReported => Ok(back(id, Done::AlreadyReported)),
        // Hidden now: its page is gone for the reporter too, so back to its axis.
        ReportOutcome::Hidden => {
            let axis = match state.store.contribution(id).await? {
                Some(contribution) => contribution.card.axis.to_string(),
                None => return Err(AppError::NotFound),
            };
            Ok(
                Redirect::to(&format!("/programme/axe/{axis}?fait=signalement-masque"))
                    .into_response(),
            )
        }
        ReportOutcome::NotFound => Err(AppError::NotFound),
    }
}

pub async fn comment(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<CommentId>,
    form: CsrfForm<ReportPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let comment = state.store.comment(id).await?.ok_or(AppError::NotFound)?;
    let contribution = comment.contribution_id;
    let report = Report {
        state: &state,
        person: &person,
        csrf: &csrf,
        contribution,
        key: format!("signaler-{id}"),
    };
    let outcome = match report.send(ReportTarget::Comment(id), &post, token).await? {
        Ok(outcome) => outcome,
        Err(page) => return Ok(page),
    };
    match outcome {
        ReportOutcome::Counted => Ok(back(contribution, Done::Reported)),
        ReportOutcome::AlreadyReported => Ok(back(contribution, Done::AlreadyReported)),
        ReportOutcome::Hidden => Ok(back(contribution, Done::CommentHidden)),
        ReportOutcome::NotFound => Err(AppError::NotFound),
    }
}

/// A report from the page of `contribution`, its form named `key` there.
struct Report<'a> {
    state: &'a AppState,
    person: &'a Person,
    csrf: &'a CsrfToken,
    contribution: ContributionId,
    key: String,
}

impl Report<'_> {
    /// The store's outcome, or the page again with the form's values and its mistake.
    async fn send(
        self,
        target: ReportTarget,
        post: &ReportPost,
        token: Freshness,
    ) -> Result<Result<ReportOutcome, Response>, AppError> {
        let checked = if token.is_fresh() {
            parse_report(&post.reason, &post.detail)
        } else {
            Err(EXPIRED.into())
        };
        match checked {
            Ok(report) => Ok(Ok(self
                .state
                .store
                .report_programme(target, self.person.id, &report, now())
                .await?)),
            Err(error) => {
                // A known reason: the mistake is in the detail (missing for "Autre raison").
                let field = if token.is_fresh() && ReportReason::from_code(&post.reason).is_some() {
                    "detail"
                } else {
                    "reason"
                };
                let retyped = Retyped {
                    key: self.key,
                    body: String::new(),
                    reason: post.reason.chars().take(40).collect(),
                    detail: post.detail.chars().take(DETAIL_MAX * 2).collect(),
                    field,
                    error,
                };
                Ok(Err(render(
                    self.state,
                    Some(self.person),
                    self.csrf,
                    self.contribution,
                    None,
                    retyped,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await?))
            }
        }
    }
}

//! /admin/scrutins, for staff: the ballots, each round's day per zone and the deadlines
//! computed from it; a form to add one (dates are typed, deadlines never), and deletion.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::calendar::french_date;
use essaim_domain::electoral::ballot::{parse_ballot, BallotKind, Zone};
use essaim_domain::ids::BallotId;
use essaim_domain::FieldErrors;
use essaim_store::now;
use essaim_store::people::Person;
use serde::Deserialize;

use super::deadline_words;
use crate::csrf::CsrfToken;
use crate::csrf_form::{CsrfForm, NoFields};
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::render::{page, Chrome};
use crate::session::Staff;
use crate::AppState;

const EXPIRED: &str = "La page avait expiré : rien n'a été enregistré. Vérifiez et recommencez.";

#[derive(Deserialize)]
#[serde(default)]
pub struct BallotPost {
    name: String,
    kind: String,
    first_round: String,
    second_round: String,
    /// Ticked: the Americas and some overseas territories vote the day before.
    samedi: String,
}

impl Default for BallotPost {
    fn default() -> Self {
        Self {
            name: String::new(),
            kind: String::new(),
            first_round: String::new(),
            second_round: String::new(),
            samedi: "1".into(),
        }
    }
}

/// A round as the list shows it.
struct RoundView {
    label: String,
    day: String,
    online: String,
    town_hall: String,
    exceptions: String,
}

struct BallotView {
    id: BallotId,
    name: String,
    kind: &'static str,
    rounds: Vec<RoundView>,
}

#[derive(Template)]
#[template(path = "admin_ballots.html")]
struct BallotsPage {
    chrome: Chrome,
    ballots: Vec<BallotView>,
    values: BallotPost,
    errors: FieldErrors,
    notice: Option<&'static str>,
    confirmation: Option<&'static str>,
    kinds: Vec<(&'static str, &'static str)>,
}

impl BallotsPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BallotsQuery {
    fait: String,
}

async fn render(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    status: StatusCode,
    typed: Option<(BallotPost, FieldErrors, Option<&'static str>)>,
    confirmation: Option<&'static str>,
) -> Result<Response, AppError> {
    let ballots = state
        .store
        .ballots()
        .await?
        .into_iter()
        .map(|ballot| BallotView {
            id: ballot.id,
            name: ballot.name,
            kind: ballot.kind.label(),
            rounds: ballot
                .days
                .into_iter()
                .map(|(round, zone, day)| {
                    let (online, town_hall, exceptions) = deadline_words(day);
                    RoundView {
                        label: format!(
                            "{} tour{}",
                            if round == 1 { "1er" } else { "2d" },
                            if zone == Zone::Saturday {
                                " (zones qui votent le samedi)"
                            } else {
                                ""
                            }
                        ),
                        day: french_date(day),
                        online,
                        town_hall,
                        exceptions,
                    }
                })
                .collect(),
        })
        .collect();
    let (values, errors, notice) = typed.unwrap_or_default();
    let view = BallotsPage {
        chrome: Chrome::new(Some(person), csrf),
        ballots,
        values,
        errors,
        notice,
        confirmation,
        kinds: BallotKind::ALL
            .iter()
            .map(|kind| (kind.code(), kind.label()))
            .collect(),
    };
    Ok(page(status, &view))
}

pub async fn show(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    query: Result<Query<BallotsQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let confirmation = match query.fait.as_str() {
        "ajoute" => Some("Scrutin enregistré : ses dates limites sont calculées ci-dessous."),
        "supprime" => Some("Scrutin supprimé."),
        _ => None,
    };
    render(&state, &person, &csrf, StatusCode::OK, None, confirmation).await
}

pub async fn create(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    form: CsrfForm<BallotPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    if token.is_expired() {
        let typed = Some((post, FieldErrors::default(), Some(EXPIRED)));
        return render(&state, &person, &csrf, status, typed, None).await;
    }
    match parse_ballot(
        &post.name,
        &post.kind,
        &post.first_round,
        &post.second_round,
        !post.samedi.is_empty(),
    ) {
        Ok(draft) => {
            state.store.create_ballot(&draft, now()).await?;
            Ok(Redirect::to("/admin/scrutins?fait=ajoute").into_response())
        }
        Err(errors) => {
            let typed = Some((post, errors, None));
            render(&state, &person, &csrf, status, typed, None).await
        }
    }
}

pub async fn delete(
    State(state): State<AppState>,
    Staff(_): Staff,
    IdPath(id): IdPath<BallotId>,
    form: CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    form.fresh_or(AppError::BadRequest(
        "La page avait expiré : rien n'a été supprimé. Revenez à la liste des scrutins.",
    ))?;
    if !state.store.delete_ballot(id).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to("/admin/scrutins?fait=supprime").into_response())
}

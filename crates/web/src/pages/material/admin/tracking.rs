//! GET/POST /admin/materiel/suivi: the carrier's file of tracking numbers, uploaded by staff.
//! Each row is applied on its own (a bad row never holds back the good ones) and reported in
//! French, line by line: what the file itself got wrong, and what each good row did to its
//! order. Each order shipped emails its tracking number to the person (the store queues it).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::material::export::order_ref;
use essaim_domain::material::{parse_tracking, OrderStatus, TrackingRow};
use essaim_store::material::TrackingOutcome;
use essaim_store::now;
use essaim_store::people::Person;

use crate::csrf::CsrfToken;
use crate::csrf_form::{CsrfForm, Upload};
use crate::error::AppError;
use crate::render::{page, Chrome};
use crate::session::Staff;
use crate::AppState;

pub struct ReportLine {
    pub line: usize,
    /// The row as read (a problem), or its order and number (a row applied).
    pub what: String,
    pub outcome: String,
    pub failed: bool,
}

/// What an upload did: counts at the top, then every line that says something.
pub struct Report {
    pub applied: usize,
    pub failed: usize,
    pub already: usize,
    pub lines: Vec<ReportLine>,
}

#[derive(Template)]
#[template(path = "admin_material_tracking.html")]
struct TrackingPage {
    chrome: Chrome,
    /// The error shown on the file field.
    error: Option<String>,
    report: Option<Report>,
}

fn render(
    person: &Person,
    csrf: &CsrfToken,
    status: StatusCode,
    error: Option<String>,
    report: Option<Report>,
) -> Response {
    page(
        status,
        &TrackingPage {
            chrome: Chrome::new(Some(person), csrf),
            error,
            report,
        },
    )
}

pub async fn show(Staff(person): Staff, csrf: CsrfToken) -> Response {
    render(&person, &csrf, StatusCode::OK, None, None)
}

fn outcome_words(outcome: &TrackingOutcome) -> (String, bool) {
    match outcome {
        TrackingOutcome::Shipped => (
            "expédiée : la personne reçoit le numéro par email".into(),
            false,
        ),
        TrackingOutcome::AlreadyRecorded => ("déjà enregistré : rien de changé".into(), false),
        TrackingOutcome::UnknownOrder => ("commande inconnue".into(), true),
        TrackingOutcome::NumberOfAnotherOrder(other) => (
            format!(
                "ce numéro de suivi est déjà celui de la commande {} : rien d'enregistré",
                order_ref(*other)
            ),
            true,
        ),
        TrackingOutcome::WrongStatus(status) => {
            let why = match status {
                OrderStatus::Validated | OrderStatus::AwaitingPayment => {
                    " (elle n'a pas encore été exportée vers le logisticien)"
                }
                OrderStatus::Shipped | OrderStatus::Delivered => {
                    " (elle a déjà un autre numéro de suivi)"
                }
                _ => "",
            };
            (
                format!(
                    "statut « {} » ne permet pas l'expédition{why}",
                    status.label()
                ),
                true,
            )
        }
    }
}

async fn apply(
    state: &AppState,
    person: &Person,
    rows: &[TrackingRow],
) -> Result<Vec<(ReportLine, Option<TrackingOutcome>)>, AppError> {
    let mut lines = Vec::with_capacity(rows.len());
    for row in rows {
        let outcome = state.store.record_tracking(row, person.id, now()).await?;
        let (words, failed) = outcome_words(&outcome);
        lines.push((
            ReportLine {
                line: row.line,
                what: format!("{} : {}", order_ref(row.order_id), row.tracking),
                outcome: words,
                failed,
            },
            Some(outcome),
        ));
    }
    Ok(lines)
}

pub async fn import(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    form: CsrfForm<Upload>,
) -> Result<Response, AppError> {
    let (upload, token) = form.open();
    let refused = |error: &str| {
        Ok(render(
            &person,
            &csrf,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(error.to_string()),
            None,
        ))
    };
    let Ok(parts) = upload.parts() else {
        return refused("Le fichier n'a pas pu être lu en entier : choisissez-le à nouveau.");
    };
    if token.is_expired() {
        return refused(
            "La page avait expiré : rien n'a été enregistré. Choisissez à nouveau le fichier.",
        );
    }
    let file = parts
        .into_iter()
        .rev()
        .find(|(name, _)| name == "fichier")
        .map(|(_, bytes)| bytes)
        .unwrap_or_default();
    if file.is_empty() {
        return refused(
            "Choisissez le fichier du transporteur (CSV : la commande, puis le numéro de suivi).",
        );
    }
    let parsed = parse_tracking(&file);
    let mut lines: Vec<(ReportLine, Option<TrackingOutcome>)> = parsed
        .problems
        .into_iter()
        .map(|problem| {
            (
                ReportLine {
                    line: problem.line,
                    what: problem.raw,
                    outcome: problem.message,
                    failed: true,
                },
                None,
            )
        })
        .collect();
    lines.extend(apply(&state, &person, &parsed.rows).await?);
    lines.sort_by_key(|(line, _)| line.line);
    let count = |wanted: TrackingOutcome| {
        lines
            .iter()
            .filter(|(_, outcome)| outcome.as_ref() == Some(&wanted))
            .count()
    };
    let report = Report {
        applied: count(TrackingOutcome::Shipped),
        already: count(TrackingOutcome::AlreadyRecorded),
        failed: lines.iter().filter(|(line, _)| line.failed).count(),
        lines: lines.into_iter().map(|(line, _)| line).collect(),
    };
    tracing::info!(
        staff = person.id.get(),
        applied = report.applied,
        failed = report.failed,
        "carrier tracking file imported"
    );
    Ok(render(&person, &csrf, StatusCode::OK, None, Some(report)))
}

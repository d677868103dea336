//! /admin/journal (admins): the audit log, latest first, a hundred entries a page — who of the
//! staff did what with people's data, when and from where (written by `staff_gate.rs` for
//! every back-office request, by the command line for each role given or taken).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use essaim_store::audit::AuditRecord;
use serde::Deserialize;

use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::render::{page, paris_time, Chrome};
use crate::session::Staff;
use crate::AppState;

const PAGE: i64 = 100;

struct Line {
    when: String,
    record: AuditRecord,
}

#[derive(Template)]
#[template(path = "admin_journal.html")]
struct JournalPage {
    chrome: Chrome,
    lines: Vec<Line>,
    /// The next page's `avant`, when there are older entries.
    older: Option<i64>,
    /// How long entries are kept (the retention rule).
    kept_days: i64,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct JournalQuery {
    avant: Option<i64>,
}

pub async fn show(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    query: Result<Query<JournalQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let before = query.ok().and_then(|Query(q)| q.avant);
    let records = state.store.audit_entries(before, PAGE + 1).await?;
    let older = (records.len() as i64 > PAGE)
        .then(|| records.get(PAGE as usize - 1).map(|r| r.id))
        .flatten();
    let lines = records
        .into_iter()
        .take(PAGE as usize)
        .map(|record| Line {
            when: paris_time(record.at),
            record,
        })
        .collect();
    let view = JournalPage {
        chrome: Chrome::new(Some(&person), &csrf),
        lines,
        older,
        kept_days: state.config.audit_days,
    };
    Ok(page(StatusCode::OK, &view))
}

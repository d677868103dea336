//! Sign-ups gathered on paper or by phone, entered by a group member: a few rows by hand, or a
//! CSV file. Each row is reported back (recorded, merged with someone known, or refused and
//! why); refused hand-typed rows come back in the form, so nothing typed is lost.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::identity::Email;
use essaim_domain::ids::GroupId;
use essaim_domain::outreach::{parse_collection_date, CollectionMethod, OfflineRow, OfflineSignup};
use essaim_domain::signature::{Location, NewSignature};
use essaim_store::groups::Group;
use essaim_store::now;
use essaim_store::offline::{OfflineEntry, OfflineOutcome};
use essaim_store::people::Person;
use essaim_store::signatures::Submission;

use super::offline_csv::{read_csv, COLUMNS};
use super::{group_at, require_member};
use crate::csrf::CsrfToken;
use crate::csrf_form::{CsrfForm, Upload};
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::posted_form::Pairs;
use crate::render::{page, Chrome};
use crate::session::LoggedIn;
use crate::AppState;

/// Rows shown in the hand-entry form.
const FORM_ROWS: usize = 5;

pub struct ReportLine {
    pub line: usize,
    pub who: String,
    pub outcome: String,
    pub refused: bool,
}

#[derive(Template)]
#[template(path = "group_offline.html")]
struct OfflinePage {
    chrome: Chrome,
    group: Group,
    rows: Vec<OfflineRow>,
    errors: Vec<Option<String>>,
    method: String,
    date: String,
    consent: bool,
    notice: Option<String>,
    report: Vec<ReportLine>,
    columns: String,
}

impl OfflinePage {
    fn row_error(&self, index: &usize) -> Option<&str> {
        self.errors.get(*index).and_then(|e| e.as_deref())
    }

    fn any_refused(&self) -> bool {
        self.report.iter().any(|line| line.refused)
    }
}

fn today() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "{:04}-{:02}-{:02}",
        now.year(),
        u8::from(now.month()),
        now.day()
    )
}

fn blank_page(chrome: Chrome, group: Group) -> OfflinePage {
    OfflinePage {
        chrome,
        group,
        rows: vec![OfflineRow::default(); FORM_ROWS],
        errors: vec![None; FORM_ROWS],
        method: CollectionMethod::Paper.code().into(),
        date: today(),
        consent: false,
        notice: None,
        report: Vec::new(),
        columns: COLUMNS.join(";"),
    }
}

pub async fn show(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<GroupId>,
) -> Result<Response, AppError> {
    let group = group_at(&state, id).await?;
    require_member(&state, &group, &person).await?;
    Ok(page(
        StatusCode::OK,
        &blank_page(Chrome::new(Some(&person), &csrf), group),
    ))
}

/// The consent basis common to every row of a submission.
struct Basis {
    method: CollectionMethod,
    date: String,
}

fn basis_of(method: &str, date: &str, consent: bool) -> Result<Basis, String> {
    let method = CollectionMethod::parse(method).ok_or_else(|| {
        "Indiquez si ces signatures ont été recueillies sur papier ou par téléphone.".to_string()
    })?;
    let date = parse_collection_date(date, &today())?;
    if !consent {
        return Err("Cochez la case : les personnes ont accepté que leurs coordonnées soient enregistrées pour être recontactées par le mouvement.".into());
    }
    Ok(Basis { method, date })
}

pub async fn submit(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<GroupId>,
    form: CsrfForm<Pairs>,
) -> Result<Response, AppError> {
    let (fields, token) = form.open();
    let group = group_at(&state, id).await?;
    require_member(&state, &group, &person).await?;
    let field = |name: &str| fields.one(name);
    let rows: Vec<OfflineRow> = (0..FORM_ROWS)
        .map(|i| OfflineRow {
            first_name: field(&format!("prenom_{i}")),
            last_name: field(&format!("nom_{i}")),
            postal_code: field(&format!("code_postal_{i}")),
            email: field(&format!("email_{i}")),
            phone: field(&format!("telephone_{i}")),
            postal_address: field(&format!("adresse_{i}")),
        })
        .collect();
    let mut view = blank_page(Chrome::new(Some(&person), &csrf), group);
    view.method = field("method");
    view.date = field("date");
    view.consent = !field("consent").is_empty();
    let basis = if token.is_expired() {
        Err("Votre session a expiré : vérifiez les lignes et renvoyez le formulaire.".to_string())
    } else {
        basis_of(&view.method, &view.date, view.consent)
    };
    let basis = match basis {
        Ok(basis) => basis,
        Err(message) => {
            view.rows = rows;
            view.notice = Some(message);
            return Ok(page(StatusCode::UNPROCESSABLE_ENTITY, &view));
        }
    };
    let mut kept_rows = Vec::new();
    let mut kept_errors = Vec::new();
    for (i, row) in rows.into_iter().enumerate() {
        if row.is_blank() {
            continue;
        }
        match row.parse() {
            Ok(signup) => {
                let outcome = record(&state, &signup, &basis, &person, view.group.id).await?;
                view.report.push(ReportLine {
                    line: i + 1,
                    who: who(&row),
                    outcome,
                    refused: false,
                });
            }
            Err(message) => {
                view.report.push(ReportLine {
                    line: i + 1,
                    who: who(&row),
                    outcome: format!("refusée : {message}"),
                    refused: true,
                });
                kept_rows.push(row);
                kept_errors.push(Some(message));
            }
        }
    }
    let refused = !kept_rows.is_empty();
    kept_rows.resize(FORM_ROWS, OfflineRow::default());
    kept_errors.resize(FORM_ROWS, None);
    view.rows = kept_rows;
    view.errors = kept_errors;
    if view.report.is_empty() {
        view.notice = Some("Aucune ligne n'est remplie.".into());
    }
    let status = if refused || view.report.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(page(status, &view))
}

pub async fn import(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<GroupId>,
    form: CsrfForm<Upload>,
) -> Result<Response, AppError> {
    let (upload, token) = form.open();
    let group = group_at(&state, id).await?;
    require_member(&state, &group, &person).await?;
    let (mut method, mut date, mut consent, mut file) =
        (String::new(), String::new(), false, Vec::new());
    for (name, bytes) in upload.parts()? {
        match name.as_str() {
            "method" => method = String::from_utf8_lossy(&bytes).into_owned(),
            "date" => date = String::from_utf8_lossy(&bytes).into_owned(),
            "consent" => consent = !bytes.is_empty(),
            "fichier" => file = bytes.to_vec(),
            _ => {}
        }
    }
    let mut view = blank_page(Chrome::new(Some(&person), &csrf), group);
    view.method = method.clone();
    view.date = date.clone();
    view.consent = consent;
    let basis = if token.is_expired() {
        Err("Votre session a expiré : choisissez à nouveau le fichier.".to_string())
    } else {
        basis_of(&method, &date, consent)
    };
    let basis = match basis {
        Ok(basis) => basis,
        Err(message) => {
            view.notice = Some(message);
            return Ok(page(StatusCode::UNPROCESSABLE_ENTITY, &view));
        }
    };
    let rows = match read_csv(&file) {
        Ok(rows) => rows,
        Err(message) => {
            view.notice = Some(message);
            return Ok(page(StatusCode::UNPROCESSABLE_ENTITY, &view));
        }
    };
    for (line, row) in rows {
        let outcome = match row.parse() {
            Ok(signup) => record(&state, &signup, &basis, &person, view.group.id).await?,
            Err(message) => format!("refusée : {message}"),
        };
        view.report.push(ReportLine {
            line,
            who: who(&row),
            refused: outcome.starts_with("refusée"),
            outcome,
        });
    }
    Ok(page(StatusCode::OK, &view))
}

fn who(row: &OfflineRow) -> String {
    let name = format!("{} {}", row.first_name.trim(), row.last_name.trim());
    let name = name.trim();
    if name.is_empty() {
        "(sans nom)".into()
    } else {
        name.chars().take(80).collect()
    }
}

/// Records one valid row; returns what happened, in French.
async fn record(
    state: &AppState,
    signup: &OfflineSignup,
    basis: &Basis,
    collector: &Person,
    group_id: GroupId,
) -> Result<String, AppError> {
    let (phone_key, name_key) = signup.match_keys();
    let departement = signup.postal_code.departement();
    let entry = OfflineEntry {
        first_name: signup.first_name.as_str(),
        last_name: signup.last_name.as_str(),
        postal_code: signup.postal_code.as_str(),
        departement: &departement,
        phone: phone_key.as_deref(),
        postal_address: signup.postal_address.as_deref(),
        name_key: &name_key,
        method: basis.method.code(),
        collected_on: &basis.date,
        collected_by: collector.id,
        group_id: Some(group_id),
    };
    let now = now();
    let Some(email) = &signup.email else {
        return Ok(
            match state
                .store
                .record_offline_signup(&entry, None, false, now)
                .await?
            {
                OfflineOutcome::Recorded => "signature hors ligne enregistrée".into(),
                OfflineOutcome::Merged => {
                    "déjà enregistrée : fusionnée avec la fiche existante".into()
                }
            },
        );
    };
    if let Some(known) = state.store.find_person_by_email(email.normalized()).await? {
        state
            .store
            .record_offline_signup(&entry, Some(known.id), true, now)
            .await?;
        return Ok("déjà signataire : fusionnée avec la fiche existante".into());
    }
    let signature = NewSignature {
        first_name: signup.first_name.clone(),
        last_name: signup.last_name.clone(),
        email: Email::parse(email.as_str())
            .map_err(|_| AppError::BadRequest("Adresse email invalide."))?,
        location: Location::France(signup.postal_code.clone()),
        phone: signup.phone.clone(),
        news_optin: false,
        referral: None,
    };
    state.writer.submit(Submission::Genuine(signature)).await?;
    if let Some(person) = state.store.find_person_by_email(email.normalized()).await? {
        state
            .store
            .record_offline_signup(&entry, Some(person.id), false, now)
            .await?;
    }
    Ok(format!(
        "nouvelle signature : un email de confirmation est envoyé ({})",
        basis.method.label()
    ))
}

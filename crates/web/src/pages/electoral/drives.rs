//! A group's registration drives (/groupes/{id}/inscriptions, its animators only): after an
//! "opération inscriptions", how many people it helped register or update their address, per
//! commune — counts, nothing of the people. And the totals staff read (/admin/inscriptions).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::calendar::french_date;
use essaim_domain::electoral::drive::{parse_count, parse_held_on};
use essaim_domain::identity::short_name;
use essaim_domain::ids::GroupId;
use essaim_domain::FieldErrors;
use essaim_store::electoral::{DriveLine, DriveTotal};
use essaim_store::groups::{Group, Role};
use essaim_store::now;
use essaim_store::people::Person;
use serde::Deserialize;

use super::{commune_of, today};
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::pages::admin_chart::{bar_chart, Bar};
use crate::render::{page, Chrome};
use crate::session::{LoggedIn, Staff};
use crate::AppState;

/// Communes a form records at once.
const ROWS: usize = 3;

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct DrivePost {
    held_on: String,
    code_postal_1: String,
    commune_1: String,
    inscrits_1: String,
    adresses_1: String,
    code_postal_2: String,
    commune_2: String,
    inscrits_2: String,
    adresses_2: String,
    code_postal_3: String,
    commune_3: String,
    inscrits_3: String,
    adresses_3: String,
}

impl DrivePost {
    /// Row `n` (1 to 3): postal code, commune, registered, address updates.
    fn row(&self, n: usize) -> [&str; 4] {
        match n {
            1 => [
                &self.code_postal_1,
                &self.commune_1,
                &self.inscrits_1,
                &self.adresses_1,
            ],
            2 => [
                &self.code_postal_2,
                &self.commune_2,
                &self.inscrits_2,
                &self.adresses_2,
            ],
            _ => [
                &self.code_postal_3,
                &self.commune_3,
                &self.inscrits_3,
                &self.adresses_3,
            ],
        }
    }
}

/// Field names of row `n`.
fn names(n: usize) -> [&'static str; 4] {
    match n {
        1 => ["code_postal_1", "commune_1", "inscrits_1", "adresses_1"],
        2 => ["code_postal_2", "commune_2", "inscrits_2", "adresses_2"],
        _ => ["code_postal_3", "commune_3", "inscrits_3", "adresses_3"],
    }
}

/// The drive as typed: its day and lines, or the errors by field.
fn parse(post: &DrivePost) -> Result<(jiff::civil::Date, Vec<DriveLine>), FieldErrors> {
    let mut errors = FieldErrors::default();
    let held_on = errors.take("held_on", parse_held_on(&post.held_on, today()));
    let mut lines = Vec::new();
    for n in 1..=ROWS {
        let [code, named, registered, updates] = post.row(n);
        let [code_field, _, registered_field, updates_field] = names(n);
        if code.trim().is_empty() && registered.trim().is_empty() && updates.trim().is_empty() {
            continue;
        }
        let commune = errors.take(code_field, commune_of(code, named));
        let registered = errors.take(registered_field, parse_count(registered));
        let updates = errors.take(updates_field, parse_count(updates));
        if let (Some(commune), Some(registered), Some(address_updates)) =
            (commune, registered, updates)
        {
            lines.push(DriveLine {
                commune_insee: commune.insee.to_string(),
                commune: commune.name.to_string(),
                departement: commune.departement.to_string(),
                registered,
                address_updates,
            });
        }
    }
    if errors.is_empty() && lines.iter().all(|l| l.registered + l.address_updates == 0) {
        errors.add(
            "inscrits_1",
            "Indiquez au moins une personne inscrite ou une adresse mise à jour, dans une commune.",
        );
    }
    match held_on {
        Some(held_on) if errors.is_empty() => Ok((held_on, lines)),
        _ => Err(errors),
    }
}

struct DriveView {
    day: String,
    lines: Vec<DriveLine>,
}

#[derive(Template)]
#[template(path = "group_drives.html")]
struct DrivesPage {
    chrome: Chrome,
    group: Group,
    drives: Vec<DriveView>,
    values: DrivePost,
    errors: FieldErrors,
    saved: bool,
    recorder: String,
}

impl DrivesPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }

    fn value(&self, n: &usize, column: usize) -> &str {
        self.values.row(*n)[column]
    }

    fn field(&self, n: &usize, column: usize) -> &'static str {
        names(*n)[column]
    }

    fn rows(&self) -> Vec<usize> {
        (1..=ROWS).collect()
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DrivesQuery {
    ok: String,
}

/// The group, if `person` animates it; a 403 page otherwise.
async fn animated(state: &AppState, id: GroupId, person: &Person) -> Result<Group, AppError> {
    let group = state
        .store
        .find_group(id)
        .await?
        .ok_or(AppError::NotFound)?;
    match state.store.role_in_group(group.id, person.id).await? {
        Some(Role::Animator) => Ok(group),
        _ => Err(AppError::GroupForbidden),
    }
}

async fn render(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    group: Group,
    typed: Option<(DrivePost, FieldErrors)>,
    saved: bool,
) -> Result<Response, AppError> {
    let status = if typed.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let drives = state
        .store
        .group_drives(group.id)
        .await?
        .into_iter()
        .map(|drive| DriveView {
            day: french_date(drive.held_on),
            lines: drive.lines,
        })
        .collect();
    let (values, errors) = typed.unwrap_or_default();
    let view = DrivesPage {
        chrome: Chrome::new(Some(person), csrf),
        group,
        drives,
        values,
        errors,
        saved,
        recorder: short_name(&person.first_name, &person.last_name),
    };
    Ok(page(status, &view))
}

pub async fn show(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<GroupId>,
    query: Result<Query<DrivesQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let group = animated(&state, id, &person).await?;
    let saved = query.is_ok_and(|Query(q)| q.ok == "1");
    render(&state, &person, &csrf, group, None, saved).await
}

pub async fn record(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<GroupId>,
    form: CsrfForm<DrivePost>,
) -> Result<Response, AppError> {
    let group = animated(&state, id, &person).await?;
    let (post, token) = form.open();
    if token.is_expired() {
        let mut errors = FieldErrors::default();
        errors.add(
            "held_on",
            "La page avait expiré : rien n'a été enregistré. Renvoyez le formulaire.",
        );
        return render(&state, &person, &csrf, group, Some((post, errors)), false).await;
    }
    match parse(&post) {
        Ok((held_on, lines)) => {
            state
                .store
                .record_drive(group.id, person.id, held_on, &lines, now())
                .await?;
            Ok(Redirect::to(&format!("/groupes/{}/inscriptions?ok=1", group.id)).into_response())
        }
        Err(errors) => render(&state, &person, &csrf, group, Some((post, errors)), false).await,
    }
}

#[derive(Template)]
#[template(path = "admin_drives.html")]
struct TotalsPage {
    chrome: Chrome,
    by_departement: Vec<DriveTotal>,
    /// The 50 communes where the most people were helped: (name, totals).
    by_commune: Vec<(&'static str, DriveTotal)>,
    by_month: Vec<DriveTotal>,
    /// People helped (registered and addresses updated) per month, as inline SVG.
    chart: String,
}

/// GET /admin/inscriptions: the drives' totals per département and per month.
pub async fn totals(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
) -> Result<Response, AppError> {
    let by_month = state.store.drive_totals_by_month().await?;
    let bars: Vec<Bar> = by_month
        .iter()
        .map(|month| Bar {
            label: month.key.clone(),
            value: month.registered + month.address_updates,
            title: format!(
                "{} : {} inscriptions, {} adresses mises à jour",
                month.key, month.registered, month.address_updates
            ),
        })
        .collect();
    let view = TotalsPage {
        chrome: Chrome::new(Some(&person), &csrf),
        by_departement: state.store.drive_totals_by_departement().await?,
        by_commune: state
            .store
            .drive_totals_by_commune()
            .await?
            .into_iter()
            .take(50)
            .map(|total| {
                let name = essaim_geo::by_insee(&total.key).map_or("", |commune| commune.name);
                (name, total)
            })
            .collect(),
        chart: bar_chart(
            &bars,
            "Personnes aidées par les groupes (inscriptions et adresses mises à jour) par mois",
        ),
        by_month,
    };
    Ok(page(StatusCode::OK, &view))
}

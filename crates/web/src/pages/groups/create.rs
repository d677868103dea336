//! Creating a group (anyone logged in; they become its first animator) and editing it
//! (animators). The meeting place is placed on the map by the national address service when
//! it is enabled, else at the commune's point: a slow or absent geocoder never blocks the form.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::groups::{Frequency, GroupDetails, GroupForm};
use essaim_domain::ids::GroupId;
use essaim_domain::FieldErrors;
use essaim_store::groups::{Group, NewGroup};
use essaim_store::now;
use serde::Deserialize;

use super::info::saved;
use super::{group_at, require_animator};
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::render::{page, Chrome};
use crate::session::LoggedIn;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct GroupPost {
    name: String,
    description: String,
    address: String,
    postal_code: String,
    commune: String,
    frequency: String,
    public_contact: String,
}

impl GroupPost {
    fn to_form(&self) -> GroupForm {
        GroupForm {
            name: self.name.clone(),
            description: self.description.clone(),
            address: self.address.clone(),
            postal_code: self.postal_code.clone(),
            frequency: self.frequency.clone(),
            public_contact: self.public_contact.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "group_form.html")]
struct GroupFormPage {
    chrome: Chrome,
    /// None when creating.
    group_id: Option<GroupId>,
    values: GroupForm,
    commune: String,
    errors: FieldErrors,
    notice: Option<&'static str>,
    frequencies: Vec<(&'static str, &'static str)>,
}

impl GroupFormPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

fn form_page(
    chrome: Chrome,
    group_id: Option<GroupId>,
    values: GroupForm,
    commune: String,
    errors: FieldErrors,
    notice: Option<&'static str>,
) -> GroupFormPage {
    GroupFormPage {
        chrome,
        group_id,
        values,
        commune,
        errors,
        notice,
        frequencies: Frequency::ALL
            .iter()
            .map(|f| (f.code(), f.label()))
            .collect(),
    }
}

/// Which commune the group meets in: the one named, if it has this postal code, else the most
/// populated one with the code.
fn commune_of(details: &GroupDetails, typed: &str) -> Result<&'static essaim_geo::Commune, String> {
    let communes = essaim_geo::by_postal_code(details.postal_code.as_str());
    let Some(first) = preferred_commune(details.postal_code.as_str()) else {
        return Err("Nous ne connaissons pas ce code postal : vérifiez-le.".into());
    };
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(first);
    }
    let wanted = essaim_geo::search_by_name(typed, usize::MAX);
    communes
        .iter()
        .find(|c| wanted.iter().any(|w| w.insee == c.insee))
        .copied()
        .ok_or_else(|| {
            let names: Vec<&str> = communes.iter().map(|c| c.name).collect();
            format!(
                "Cette commune n'a pas le code postal {} (communes possibles : {}).",
                details.postal_code.as_str(),
                names.join(", ")
            )
        })
}

/// The commune a postal code most likely means: the most populated one, or for Paris, Lyon and
/// Marseille the arrondissement, which is the precise place.
pub(crate) fn preferred_commune(postal_code: &str) -> Option<&'static essaim_geo::Commune> {
    let communes = essaim_geo::by_postal_code(postal_code);
    communes
        .iter()
        .find(|c| !["75056", "13055", "69123"].contains(&c.insee))
        .or(communes.first())
        .copied()
}

pub async fn new_form(LoggedIn(person): LoggedIn, csrf: CsrfToken) -> Response {
    let values = GroupForm {
        postal_code: person.postal_code.clone().unwrap_or_default(),
        frequency: Frequency::Monthly.code().into(),
        ..Default::default()
    };
    page(
        StatusCode::OK,
        &form_page(
            Chrome::new(Some(&person), &csrf),
            None,
            values,
            String::new(),
            FieldErrors::default(),
            None,
        ),
    )
}

pub async fn edit_form(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<GroupId>,
) -> Result<Response, AppError> {
    let group = group_at(&state, id).await?;
    require_animator(&state, &group, &person).await?;
    let values = values_of(&group);
    Ok(page(
        StatusCode::OK,
        &form_page(
            Chrome::new(Some(&person), &csrf),
            Some(group.id),
            values,
            group.commune.clone(),
            FieldErrors::default(),
            None,
        ),
    ))
}

fn values_of(group: &Group) -> GroupForm {
    GroupForm {
        name: group.name.clone(),
        description: group.description.clone(),
        address: group.address.clone().unwrap_or_default(),
        postal_code: group.postal_code.clone(),
        frequency: group.frequency.clone(),
        public_contact: group.public_contact.clone().unwrap_or_default(),
    }
}

pub async fn create(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    form: CsrfForm<GroupPost>,
) -> Result<Response, AppError> {
    save(&state, &person, &csrf, None, form).await
}

pub async fn update(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(id): IdPath<GroupId>,
    form: CsrfForm<GroupPost>,
) -> Result<Response, AppError> {
    let group = group_at(&state, id).await?;
    require_animator(&state, &group, &person).await?;
    save(&state, &person, &csrf, Some(group.id), form).await
}

async fn save(
    state: &AppState,
    person: &essaim_store::people::Person,
    csrf: &CsrfToken,
    group_id: Option<GroupId>,
    form: CsrfForm<GroupPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let again = |errors: FieldErrors, notice: Option<&'static str>| {
        page(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(
                Chrome::new(Some(person), csrf),
                group_id,
                post.to_form(),
                post.commune.chars().take(100).collect(),
                errors,
                notice,
            ),
        )
    };
    if token.is_expired() {
        return Ok(again(
            FieldErrors::default(),
            Some("Votre session a expiré : vérifiez le formulaire et renvoyez-le."),
        ));
    }
    let details = match post.to_form().parse() {
        Ok(details) => details,
        Err(errors) => return Ok(again(errors, None)),
    };
    let commune = match commune_of(&details, &post.commune) {
        Ok(commune) => commune,
        Err(message) => {
            let mut errors = FieldErrors::default();
            errors.add("commune", message);
            return Ok(again(errors, None));
        }
    };
    let point = state
        .geocoder
        .place(
            details.address.as_deref(),
            details.postal_code.as_str(),
            commune,
        )
        .await;
    let new_group = NewGroup {
        name: &details.name,
        description: &details.description,
        address: details.address.as_deref(),
        postal_code: details.postal_code.as_str(),
        commune: commune.name,
        departement: commune.departement,
        point,
        frequency: details.frequency.code(),
        public_contact: details.public_contact.as_deref(),
    };
    let id = match group_id {
        Some(id) => {
            state.store.update_group(id, &new_group).await?;
            id
        }
        None => {
            state
                .store
                .create_group(&new_group, person.id, now())
                .await?
        }
    };
    Ok(saved(id))
}

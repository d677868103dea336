//! GET /competences/recherche: staff and group animators find offers of skills near a postal
//! code, nearest first, and write to a person through the platform (POST
//! /competences/{person_id}/contacter). Neither page shows anyone's email or phone.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::agir::offer::{
    parse_message, travel_label, SkillSearchForm, DEFAULT_SEARCH_RADIUS_KM, SEARCH_RADII_KM,
};
use essaim_domain::identity::short_name;
use essaim_domain::ids::PersonId;
use essaim_domain::FieldErrors;
use essaim_store::now;
use essaim_store::people::Person;
use essaim_store::skills::OfferSummary;
use serde::Deserialize;

use super::{searcher_or_forbidden, skill_choices, time_label, EXPIRED};
use crate::audit_trail::journal_if_staff;
use crate::client_ip::ClientIp;
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::pages::groups::distance_label;
use crate::pages::near;
use crate::render::{page, Chrome};
use crate::session::LoggedIn;
use crate::AppState;

/// Offers listed at most: past that, the organiser narrows the search.
const SHOWN: usize = 100;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchQuery {
    skill: String,
    postal_code: String,
    km: String,
    /// Set after a message was sent.
    envoye: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ContactPost {
    message: String,
    // The search the form was in, to show it again.
    skill: String,
    postal_code: String,
    km: String,
}

pub struct Row {
    pub person_id: PersonId,
    pub name: String,
    pub distance: String,
    pub skills: String,
    pub other: Option<String>,
    pub time: &'static str,
    pub travel: String,
    pub is_me: bool,
}

/// A message sent back with a mistake, to show in its own form.
#[derive(Default)]
struct RetypedMessage {
    person_id: Option<PersonId>,
    text: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "skills_search.html")]
struct SearchPage {
    chrome: Chrome,
    info: Option<&'static str>,
    notice: Option<&'static str>,
    form: SearchFormView,
    skills: Vec<(&'static str, &'static str)>,
    radii: Vec<String>,
    /// "autour de 75011 Paris, à 20 km", once a search ran.
    around: Option<String>,
    found: usize,
    rows: Vec<Row>,
    retyped: RetypedMessage,
}

pub struct SearchFormView {
    pub values: SkillSearchForm,
    pub errors: FieldErrors,
}

impl SearchFormView {
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

impl SearchPage {
    fn is_radius(&self, km: &str) -> bool {
        self.form.values.radius_km.trim() == km
    }

    fn message_text(&self, person_id: &PersonId) -> &str {
        if self.retyped.person_id == Some(*person_id) {
            &self.retyped.text
        } else {
            ""
        }
    }

    fn message_error(&self, person_id: &PersonId) -> Option<&str> {
        (self.retyped.person_id == Some(*person_id))
            .then_some(self.retyped.error.as_deref())
            .flatten()
    }
}

fn row_of(offer: OfferSummary, distance_km: f64, me: PersonId) -> Row {
    Row {
        person_id: offer.person_id,
        name: short_name(&offer.first_name, &offer.last_name),
        distance: distance_label(distance_km),
        skills: offer
            .skills
            .iter()
            .map(|s| s.label())
            .collect::<Vec<_>>()
            .join(", "),
        other: offer.other,
        time: time_label(&offer.time_available),
        travel: travel_label(u32::try_from(offer.travel_km).unwrap_or(0)),
        is_me: offer.person_id == me,
    }
}

/// The search as typed, the searcher's postal code standing in for an empty one.
fn search_form(skill: &str, postal_code: &str, km: &str, person: &Person) -> SkillSearchForm {
    let postal_code = match (postal_code.trim(), &person.postal_code) {
        ("", Some(own)) => own.clone(),
        (typed, _) => typed.chars().take(10).collect(),
    };
    SkillSearchForm {
        skill: skill.chars().take(40).collect(),
        postal_code,
        radius_km: match km.trim() {
            "" => DEFAULT_SEARCH_RADIUS_KM.to_string(),
            typed => typed.chars().take(5).collect(),
        },
    }
}

async fn render(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    values: SkillSearchForm,
    info: Option<&'static str>,
    retyped: RetypedMessage,
) -> Result<Response, AppError> {
    let mut view = SearchPage {
        chrome: Chrome::new(Some(person), csrf),
        info,
        notice: retyped
            .error
            .is_some()
            .then_some("Votre message n'est pas parti : voyez ci-dessous."),
        form: SearchFormView {
            values,
            errors: FieldErrors::default(),
        },
        skills: skill_choices(),
        radii: SEARCH_RADII_KM.iter().map(|km| km.to_string()).collect(),
        around: None,
        found: 0,
        rows: Vec::new(),
        retyped,
    };
    let mut status = if view.retyped.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    if view.form.values.postal_code.is_empty() {
        // First visit of someone whose postal code we do not know: the empty form.
        return Ok(page(status, &view));
    }
    match view.form.values.parse() {
        Err(errors) => {
            view.form.errors = errors;
            status = StatusCode::UNPROCESSABLE_ENTITY;
        }
        Ok(search) => match essaim_geo::locate_text(search.postal_code.as_str()) {
            Err(_) => {
                view.form
                    .errors
                    .add("postal_code", near::UNKNOWN_POSTAL_CODE);
                status = StatusCode::UNPROCESSABLE_ENTITY;
            }
            Ok(place) => {
                let found = state
                    .store
                    .skill_offers_near(place.point, f64::from(search.radius_km), search.skill)
                    .await?;
                view.found = found.len();
                view.rows = found
                    .into_iter()
                    .take(SHOWN)
                    .map(|(offer, distance)| row_of(offer, distance, person.id))
                    .collect();
                view.around = Some(format!(
                    "à moins de {} km de {}",
                    search.radius_km,
                    near::place_name(&place.understood)
                ));
            }
        },
    }
    Ok(page(status, &view))
}

pub async fn show(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    ip: ClientIp,
    query: Result<Query<SearchQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    if let Some(forbidden) = searcher_or_forbidden(&state, &person).await? {
        return Ok(forbidden);
    }
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let info = (query.envoye == "1").then_some(
        "Votre message est parti. Si la personne répond, vous recevrez sa réponse par email, avec son adresse.",
    );
    let values = search_form(&query.skill, &query.postal_code, &query.km, &person);
    let subject = format!(
        "compétence « {} », autour de {}, {} km",
        values.skill, values.postal_code, values.radius_km
    );
    journal_if_staff(&state, &person, &ip, "recherche de compétences", &subject).await?;
    render(
        &state,
        &person,
        &csrf,
        values,
        info,
        RetypedMessage::default(),
    )
    .await
}

/// Back to the same search, with a word that the message left. Only checked values go into
/// the address.
fn after_sending(values: &SkillSearchForm) -> String {
    match values.parse() {
        Ok(search) => format!(
            "/competences/recherche?skill={}&postal_code={}&km={}&envoye=1",
            search.skill.map_or("", |s| s.code()),
            search.postal_code.as_str(),
            search.radius_km
        ),
        Err(_) => "/competences/recherche?envoye=1".into(),
    }
}

pub async fn contact(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    ip: ClientIp,
    // Read after the permission check: to anyone else, every address here is forbidden.
    offer_person: Result<IdPath<PersonId>, AppError>,
    form: CsrfForm<ContactPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    if let Some(forbidden) = searcher_or_forbidden(&state, &person).await? {
        return Ok(forbidden);
    }
    let IdPath(offer_person_id) = offer_person?;
    let values = search_form(&post.skill, &post.postal_code, &post.km, &person);
    let checked = if token.is_fresh() {
        parse_message(&post.message)
    } else {
        Err(EXPIRED.into())
    };
    let message = match checked {
        Ok(message) => message,
        Err(error) => {
            let retyped = RetypedMessage {
                person_id: Some(offer_person_id),
                text: post.message.chars().take(5000).collect(),
                error: Some(error),
            };
            return render(&state, &person, &csrf, values, None, retyped).await;
        }
    };
    match state
        .store
        .contact_skill_offer(offer_person_id, person.id, &message, now())
        .await?
    {
        Some(_) => {
            let subject = format!("personne {offer_person_id}");
            let action = "message à une personne qui offre ses compétences";
            journal_if_staff(&state, &person, &ip, action, &subject).await?;
            Ok(Redirect::to(&after_sending(&values)).into_response())
        }
        // No standing offer (withdrawn meanwhile, or never made).
        None => Err(AppError::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(skill: &str, postal_code: &str, km: &str) -> SkillSearchForm {
        SkillSearchForm {
            skill: skill.into(),
            postal_code: postal_code.into(),
            radius_km: km.into(),
        }
    }

    #[test]
    fn after_a_message_the_same_search_shows_again_with_checked_values_only() {
        assert_eq!(
            after_sending(&form("droit", " 75 011", "50")),
            "/competences/recherche?skill=droit&postal_code=75011&km=50&envoye=1"
        );
        assert_eq!(
            after_sending(&form("", "69001", "")),
            "/competences/recherche?skill=&postal_code=69001&km=20&envoye=1"
        );
        assert_eq!(
            after_sending(&form("\"><script>", "75011", "20")),
            "/competences/recherche?envoye=1"
        );
    }
}

//! GET/POST /competences: what "J'en dis plus" is; for a logged-in person, their offer (made,
//! changed, withdrawn) and the organisers' messages with a form to answer each.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::agir::offer::{
    parse_message, travel_label, SkillOfferForm, TimeAvailable, TRAVEL_KM,
};
use essaim_domain::ids::ContactId;
use essaim_domain::FieldErrors;
use essaim_store::now;
use essaim_store::people::Person;
use essaim_store::skills::{AnswerOutcome, ReceivedContact};
use serde::Deserialize;

use super::{skill_choices, EXPIRED};
use crate::csrf::CsrfToken;
use crate::csrf_form::{CsrfForm, NoFields};
use crate::error::AppError;
use crate::id_path::IdPath;
use crate::posted_form::Pairs;
use crate::render::{page, Chrome};
use crate::session::{LoggedIn, MaybePerson};
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct InfoQuery {
    /// `?ok=1` after the offer was saved.
    ok: String,
    info: Info,
}

/// What the page was sent back to say (`?info=…`); any other value says nothing.
#[derive(Deserialize, Default, Clone, Copy, PartialEq, Eq)]
enum Info {
    #[serde(rename = "ok")]
    Saved,
    #[serde(rename = "retiree")]
    Withdrawn,
    #[serde(rename = "repondu")]
    Answered,
    #[serde(rename = "deja")]
    AlreadyAnswered,
    #[default]
    #[serde(other)]
    Nothing,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AnswerPost {
    answer: String,
}

/// The offer form as shown: values (typed or stored) and what is wrong with them.
pub struct OfferFormView {
    pub values: SkillOfferForm,
    pub errors: FieldErrors,
    pub notice: Option<&'static str>,
}

impl OfferFormView {
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

/// An answer sent back with a mistake, to show in its own form.
#[derive(Default)]
struct RetypedAnswer {
    contact_id: Option<ContactId>,
    text: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "skills.html")]
struct SkillsPage {
    chrome: Chrome,
    info: Option<&'static str>,
    form: OfferFormView,
    /// The person has an offer that searches find.
    standing: bool,
    withdrawn: bool,
    skills: Vec<(&'static str, &'static str)>,
    times: Vec<(&'static str, &'static str)>,
    travels: Vec<(String, String)>,
    contacts: Vec<ReceivedContact>,
    answer: RetypedAnswer,
}

impl SkillsPage {
    fn has_skill(&self, code: &str) -> bool {
        self.form.values.has_skill(code)
    }

    fn answer_text(&self, contact_id: &ContactId) -> &str {
        if self.answer.contact_id == Some(*contact_id) {
            &self.answer.text
        } else {
            ""
        }
    }

    fn answer_error(&self, contact_id: &ContactId) -> Option<&str> {
        (self.answer.contact_id == Some(*contact_id))
            .then_some(self.answer.error.as_deref())
            .flatten()
    }
}

fn info_message(info: Info) -> Option<&'static str> {
    Some(match info {
        Info::Saved => "Votre offre est enregistrée. Merci ! Les organisateurs d'actions près de chez vous pourront vous écrire par Essaim.",
        Info::Withdrawn => "Votre offre est retirée : elle n'apparaît plus dans les recherches.",
        Info::Answered => "Votre réponse est partie, avec votre nom et votre adresse email.",
        Info::AlreadyAnswered => "Vous aviez déjà répondu à ce message.",
        Info::Nothing => return None,
    })
}

/// The form filled with the stored offer, else with sensible defaults.
async fn stored_values(
    state: &AppState,
    person: &Person,
) -> Result<(SkillOfferForm, bool, bool), AppError> {
    Ok(match state.store.skill_offer_of(person.id).await? {
        Some(offer) => (
            SkillOfferForm {
                skills: offer.skills.iter().map(|s| s.code().to_string()).collect(),
                other: offer.other.unwrap_or_default(),
                time_available: offer.time_available,
                travel_km: offer.travel_km.to_string(),
                postal_code: offer.postal_code,
                // A withdrawn offer asks for the consent again.
                consent: !offer.withdrawn,
            },
            !offer.withdrawn,
            offer.withdrawn,
        ),
        None => (
            SkillOfferForm {
                time_available: TimeAvailable::Occasionally.code().into(),
                travel_km: "10".into(),
                postal_code: person.postal_code.clone().unwrap_or_default(),
                ..Default::default()
            },
            false,
            false,
        ),
    })
}

async fn render(
    state: &AppState,
    person: Option<&Person>,
    csrf: &CsrfToken,
    info: Option<&'static str>,
    form: Option<OfferFormView>,
    answer: RetypedAnswer,
    status: StatusCode,
) -> Result<Response, AppError> {
    let (stored, standing, withdrawn, contacts) = match person {
        Some(person) => {
            let (values, standing, withdrawn) = stored_values(state, person).await?;
            let contacts = state.store.skill_contacts_received(person.id).await?;
            (values, standing, withdrawn, contacts)
        }
        None => Default::default(),
    };
    let form = form.unwrap_or(OfferFormView {
        values: stored,
        errors: FieldErrors::default(),
        notice: None,
    });
    Ok(page(
        status,
        &SkillsPage {
            chrome: Chrome::new(person, csrf),
            info,
            form,
            standing,
            withdrawn,
            skills: skill_choices(),
            times: TimeAvailable::ALL
                .iter()
                .map(|t| (t.code(), t.label()))
                .collect(),
            travels: TRAVEL_KM
                .iter()
                .map(|km| (km.to_string(), travel_label(*km)))
                .collect(),
            contacts,
            answer,
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    query: Result<Query<InfoQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let info = if query.ok == "1" {
        info_message(Info::Saved)
    } else {
        info_message(query.info)
    };
    render(
        &state,
        person.as_ref(),
        &csrf,
        info,
        None,
        RetypedAnswer::default(),
        StatusCode::OK,
    )
    .await
}

/// The posted fields: `skills` comes once per ticked box.
fn posted_offer(fields: &[(String, String)]) -> SkillOfferForm {
    let mut form = SkillOfferForm::default();
    for (name, value) in fields {
        match name.as_str() {
            "skills" => form.skills.push(value.chars().take(40).collect()),
            "other" => form.other = value.clone(),
            "time_available" => form.time_available = value.clone(),
            "travel_km" => form.travel_km = value.clone(),
            "postal_code" => form.postal_code = value.clone(),
            "consent" => form.consent = !value.is_empty(),
            _ => {}
        }
    }
    form
}

pub async fn save(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    form: CsrfForm<Pairs>,
) -> Result<Response, AppError> {
    let (fields, token) = form.open();
    let values = posted_offer(&fields.0);
    let mut errors = FieldErrors::default();
    let parsed = match (token.is_fresh(), values.parse()) {
        (true, Ok(offer)) => Some(offer),
        (true, Err(field_errors)) => {
            errors = field_errors;
            None
        }
        (false, _) => None,
    };
    let point = parsed.as_ref().and_then(|offer| {
        let point = essaim_geo::point_of_postal_code(offer.postal_code.as_str());
        if point.is_none() {
            errors.add(
                "postal_code",
                "Nous ne connaissons pas ce code postal : vérifiez-le.",
            );
        }
        point
    });
    let (Some(offer), Some(point)) = (parsed, point) else {
        let notice = errors.is_empty().then_some(EXPIRED);
        let form = OfferFormView {
            values,
            errors,
            notice,
        };
        return render(
            &state,
            Some(&person),
            &csrf,
            None,
            Some(form),
            RetypedAnswer::default(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    state
        .store
        .save_skill_offer(person.id, &offer, point, now())
        .await?;
    Ok(Redirect::to("/competences?ok=1").into_response())
}

pub async fn withdraw(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    form: CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    form.fresh_or(AppError::BadRequest(
        "Votre session a expiré : revenez à la page « J'en dis plus » et recommencez.",
    ))?;
    state.store.withdraw_skill_offer(person.id, now()).await?;
    Ok(Redirect::to("/competences?info=retiree").into_response())
}

pub async fn answer(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    IdPath(contact_id): IdPath<ContactId>,
    form: CsrfForm<AnswerPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let checked = if token.is_fresh() {
        parse_message(&post.answer).map_err(Some)
    } else {
        Err(None)
    };
    let text = match checked {
        Ok(text) => text,
        Err(error) => {
            let received = state.store.skill_contacts_received(person.id).await?;
            if !received.iter().any(|c| c.id == contact_id) {
                return Err(AppError::NotFound);
            }
            let answer = RetypedAnswer {
                contact_id: Some(contact_id),
                text: post.answer.chars().take(5000).collect(),
                error: Some(error.unwrap_or_else(|| EXPIRED.into())),
            };
            return render(
                &state,
                Some(&person),
                &csrf,
                None,
                None,
                answer,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match state
        .store
        .answer_skill_contact(contact_id, person.id, &text, now())
        .await?
    {
        AnswerOutcome::Sent => {
            Ok(Redirect::to("/competences?info=repondu#messages").into_response())
        }
        AnswerOutcome::AlreadyAnswered => {
            Ok(Redirect::to("/competences?info=deja#messages").into_response())
        }
        AnswerOutcome::NotFound => Err(AppError::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(uri: &str) -> InfoQuery {
        let Query(query) = Query::<InfoQuery>::try_from_uri(&uri.parse().unwrap()).unwrap();
        query
    }

    #[test]
    fn the_info_words_are_read_from_the_address() {
        assert!(query("/competences?info=retiree").info == Info::Withdrawn);
        assert!(query("/competences?info=repondu").info == Info::Answered);
        assert!(query("/competences?info=deja").info == Info::AlreadyAnswered);
        assert!(query("/competences?info=ok").info == Info::Saved);
    }

    #[test]
    fn an_unknown_info_says_nothing_and_keeps_the_rest_of_the_address() {
        let unknown = query("/competences?ok=1&info=n-importe-quoi");
        assert!(unknown.info == Info::Nothing);
        assert_eq!(unknown.ok, "1");
        assert!(info_message(query("/competences").info).is_none());
    }
}

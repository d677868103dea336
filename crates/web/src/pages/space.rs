//! "Mon espace": my signature, my share link and its results, my details, and my GDPR rights
//! (download everything, delete my account).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use essaim_domain::identity::PersonName;
use essaim_domain::signature::form::parse_location;
use essaim_domain::signature::{SignatureForm, SignatureStatus};
use essaim_domain::FieldErrors;
use essaim_store::people::{Person, ProfileUpdate};
use essaim_store::programme::WrittenFate;
use serde::Deserialize;

use super::confirm::ConfirmedPage;
use super::signature_form::{countries, FormView, SignaturePost};
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::render::{message_page, page, Chrome};
use crate::session::LoggedIn;
use crate::{session, AppState};

#[derive(Template)]
#[template(path = "space.html")]
struct SpacePage {
    chrome: Chrome,
    saved: bool,
    email: String,
    signature_status: &'static str,
    referrals: i64,
    share_link: String,
    share_subject: String,
    share_body: String,
    form: FormView,
    countries: &'static [(&'static str, &'static str)],
    delete_error: Option<&'static str>,
    programme_fates: Vec<FateChoice>,
    groups: Vec<essaim_store::groups::MyGroup>,
    /// Events I host or go to: (id, title, when, what I am there).
    events: Vec<(essaim_domain::ids::EventId, String, String, &'static str)>,
    gifts: crate::pages::donations::MyGifts,
    orders: Vec<crate::pages::material::MyOrder>,
    electoral: crate::pages::electoral::MyStatus,
    electoral_saved: bool,
    /// My programme contributions: (id, title, what became of it).
    contributions: Vec<(essaim_domain::ids::ContributionId, String, &'static str)>,
    monthly_stopped: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SpaceQuery {
    ok: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DeletePost {
    confirmer: String,
    /// What becomes of my programme contributions and comments: "anonymiser" (the default) or
    /// "supprimer".
    contributions: String,
}

/// The two fates offered for what a person wrote on the programme, as radio buttons.
pub struct FateChoice {
    code: &'static str,
    label: &'static str,
    checked: bool,
}

const FATES: [(&str, &str, WrittenFate); 2] = [
    (
        "anonymiser",
        "les garder, anonymisées (sans mon nom ni aucun lien avec moi)",
        WrittenFate::Anonymised,
    ),
    (
        "supprimer",
        "les supprimer, avec les soutiens et commentaires qu'elles ont reçus",
        WrittenFate::Deleted,
    ),
];

fn fate_choices() -> Vec<FateChoice> {
    FATES
        .iter()
        .map(|(code, label, fate)| FateChoice {
            code,
            label,
            checked: *fate == WrittenFate::default(),
        })
        .collect()
}

fn values_of(person: &Person) -> SignatureForm {
    SignatureForm {
        first_name: person.first_name.clone(),
        last_name: person.last_name.clone(),
        email: person.email.clone(),
        postal_code: person.postal_code.clone().unwrap_or_default(),
        country: person.country.clone(),
        news_optin: person.news_optin,
        ..Default::default()
    }
}

/// What the page was sent back to say (`?ok=1`, `?ok=don-mensuel`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Done {
    Nothing,
    Saved,
    MonthlyStopped,
    ElectoralSaved,
}

async fn render(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    form: FormView,
    done: Done,
    delete_error: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let signature = state.store.signature_of(person.id).await?;
    let signature_status = signature
        .and_then(|s| SignatureStatus::parse(&s.status))
        .map_or("aucune signature", SignatureStatus::label_for_signer);
    let share_link = state.links.share(&person.referral_code);
    let (share_subject, share_body) = ConfirmedPage::share_texts(&share_link);
    Ok(page(
        status,
        &SpacePage {
            chrome: Chrome::new(Some(person), csrf),
            saved: done == Done::Saved,
            email: person.email.clone(),
            signature_status,
            referrals: state.store.referral_count(person.id).await?,
            share_link,
            share_subject,
            share_body,
            form,
            countries: countries(),
            delete_error,
            programme_fates: fate_choices(),
            groups: state.store.groups_of(person.id).await?,
            events: my_events(state, person.id).await?,
            gifts: crate::pages::donations::my_gifts(state, person).await?,
            orders: crate::pages::material::my_orders(state, person.id).await?,
            contributions: my_contributions(state, person.id).await?,
            electoral: crate::pages::electoral::my_status(state, person.id).await?,
            electoral_saved: done == Done::ElectoralSaved,
            monthly_stopped: done == Done::MonthlyStopped,
        },
    ))
}

async fn my_events(
    state: &AppState,
    person_id: essaim_domain::ids::PersonId,
) -> Result<Vec<(essaim_domain::ids::EventId, String, String, &'static str)>, AppError> {
    let mut rows = Vec::new();
    for event in state
        .store
        .events_of(person_id, essaim_store::now())
        .await?
    {
        let role = if event.host_id == Some(person_id) {
            "j'organise"
        } else {
            match state.store.registration_of(event.id, person_id).await? {
                Some(essaim_store::events::Registration::Waiting) => "liste d'attente",
                _ => "inscrit·e",
            }
        };
        let when = essaim_domain::events::time::french_date_time(event.starts_at, &event.timezone);
        rows.push((event.id, event.title, when, role));
    }
    Ok(rows)
}

pub async fn show(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    query: Result<Query<SpaceQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let done = match query.map(|Query(q)| q.ok).unwrap_or_default().as_str() {
        "1" => Done::Saved,
        "don-mensuel" => Done::MonthlyStopped,
        "listes" => Done::ElectoralSaved,
        _ => Done::Nothing,
    };
    render(
        &state,
        &person,
        &csrf,
        FormView::with(values_of(&person)),
        done,
        None,
        StatusCode::OK,
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
    form: CsrfForm<SignaturePost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let values = post.to_form();
    let mut errors = FieldErrors::default();
    if token.is_expired() {
        errors.add(
            "first_name",
            "Votre session a expiré : renvoyez le formulaire.",
        );
    }
    let first = errors.take(
        "first_name",
        PersonName::parse(&values.first_name, "prénom"),
    );
    let last = errors.take("last_name", PersonName::parse(&values.last_name, "nom"));
    let location = errors.take(
        "postal_code",
        parse_location(&values.postal_code, &values.country),
    );
    let (Some(first), Some(last), Some(location), true) =
        (first, last, location, errors.is_empty())
    else {
        let view = FormView {
            errors,
            ..FormView::with(values)
        };
        return render(
            &state,
            &person,
            &csrf,
            view,
            Done::Nothing,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let update = ProfileUpdate {
        first_name: first.as_str(),
        last_name: last.as_str(),
        postal_code: location.postal_code(),
        country: location.country_code(),
        departement: &location.departement(),
        news_optin: values.news_optin,
    };
    state.store.update_profile(person.id, &update).await?;
    Ok(Redirect::to("/mon-espace?ok=1").into_response())
}

pub async fn download(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
) -> Result<Response, AppError> {
    let data = state
        .store
        .export_person(person.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let body = serde_json::to_string_pretty(&data).unwrap_or_default();
    Ok(crate::render::download(
        "application/json; charset=utf-8",
        "mes-donnees-essaim.json",
        body,
    ))
}

pub async fn delete(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    jar: CookieJar,
    csrf: CsrfToken,
    form: CsrfForm<DeletePost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let refusal = if token.is_expired() {
        Some("Votre session a expiré : renvoyez le formulaire.")
    } else if post.confirmer.is_empty() {
        Some("Cochez la case pour confirmer la suppression.")
    } else {
        None
    };
    if let Some(message) = refusal {
        let view = FormView::with(values_of(&person));
        return render(
            &state,
            &person,
            &csrf,
            view,
            Done::Nothing,
            Some(message),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let jar = session::close(&state, jar).await?;
    let fate = FATES
        .iter()
        .find(|(code, _, _)| *code == post.contributions)
        .map_or(WrittenFate::default(), |(_, _, fate)| *fate);
    state.store.delete_person_with(person.id, fate).await?;
    let body = message_page(
        StatusCode::OK,
        "Votre compte est supprimé",
        "Vos données personnelles sont effacées. Votre signature reste comptée, sans aucun lien avec vous. Merci d'avoir été là.",
    );
    Ok((jar, body).into_response())
}

/// My contributions to the programme, with what became of each.
async fn my_contributions(
    state: &AppState,
    person: essaim_domain::ids::PersonId,
) -> Result<Vec<(essaim_domain::ids::ContributionId, String, &'static str)>, AppError> {
    use essaim_store::programme::ContributionStatus;
    Ok(state
        .store
        .contributions_of(person)
        .await?
        .into_iter()
        .map(|(card, status)| {
            let fate = match status {
                ContributionStatus::Published if card.in_synthesis => "retenue dans la synthèse",
                ContributionStatus::Published => "publiée",
                ContributionStatus::Hidden => "masquée par la modération",
                ContributionStatus::Merged => "fusionnée avec une contribution semblable",
            };
            (card.id, card.title, fate)
        })
        .collect())
}

//! A supporter's own registration status, recorded in Mon espace ("inscrit·e", "à vérifier",
//! "à faire", "a déménagé"): the reminders before the deadlines go to those who have not said
//! they are registered (and did not stop them, `reminders`). The form states what is kept and why; pressing its button is the consent, kept
//! with the status. An empty choice withdraws it.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::ids::PersonId;
use essaim_store::electoral::ElectoralStatus;
use essaim_store::now;
use serde::Deserialize;

use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::session::LoggedIn;
use crate::AppState;

/// What the person agrees to by recording a status.
pub const CONSENT_TEXT: &str = "En enregistrant ce statut, j'accepte qu'il soit gardé dans mon compte tant que je ne le retire pas, pour m'envoyer des rappels avant les dates limites d'inscription (sauf si je suis inscrit·e ou si je les arrête). Il n'est montré à personne.";

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatusPost {
    statut: String,
}

/// The status section of Mon espace.
pub struct MyStatus {
    /// Whether they get the reminders before the deadlines.
    pub reminders: bool,
    /// The code recorded, or "".
    pub code: &'static str,
    pub label: Option<&'static str>,
    pub options: Vec<(&'static str, &'static str)>,
    pub consent_text: &'static str,
}

pub async fn my_status(state: &AppState, person: PersonId) -> Result<MyStatus, AppError> {
    let status = state.store.electoral_status(person).await?;
    Ok(MyStatus {
        reminders: state.store.wants_electoral_reminders(person).await?,
        code: status.map_or("", ElectoralStatus::code),
        label: status.map(ElectoralStatus::label),
        options: ElectoralStatus::ALL
            .iter()
            .map(|status| (status.code(), status.label()))
            .collect(),
        consent_text: CONSENT_TEXT,
    })
}

pub async fn save(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    form: CsrfForm<StatusPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    if token.is_expired() {
        return Err(AppError::BadRequest(
            "La page avait expiré : rien n'a été enregistré. Revenez à Mon espace.",
        ));
    }
    match post.statut.as_str() {
        "" => state.store.clear_electoral_status(person.id).await?,
        code => {
            let status = ElectoralStatus::from_code(code).ok_or(AppError::BadRequest(
                "Ce statut n'existe pas : choisissez-en un dans la liste.",
            ))?;
            state
                .store
                .set_electoral_status(person.id, status, CONSENT_TEXT, now())
                .await?;
        }
    }
    Ok(Redirect::to("/mon-espace?ok=listes#listes-electorales").into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RemindersPost {
    /// "oui" or "non".
    rappels: String,
}

/// POST /mon-espace/rappels-inscription: stop or resume the reminders.
pub async fn reminders(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    form: CsrfForm<RemindersPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    if token.is_expired() {
        return Err(AppError::BadRequest(
            "La page avait expiré : rien n'a été changé. Revenez à Mon espace.",
        ));
    }
    let wanted = match post.rappels.as_str() {
        "oui" => true,
        "non" => false,
        _ => {
            return Err(AppError::BadRequest(
                "Choisissez : recevoir les rappels, ou non.",
            ))
        }
    };
    state
        .store
        .set_electoral_reminders(person.id, wanted, now())
        .await?;
    Ok(Redirect::to("/mon-espace?ok=listes#listes-electorales").into_response())
}

//! GET /signature/confirmer: the link from the confirmation email. It confirms once, then
//! opens a session (the mailbox is proven); an expired, reused or forged link changes nothing.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use essaim_domain::token::{self, Purpose, TokenError};
use essaim_store::now;
use essaim_store::signatures::ConfirmOutcome;
use serde::Deserialize;

use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::render::{message_page, page, Chrome};
use crate::{session, AppState};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenQuery {
    pub jeton: String,
}

#[derive(Template)]
#[template(path = "confirmed.html")]
pub struct ConfirmedPage {
    pub chrome: Chrome,
    pub first_name: String,
    pub share_link: String,
    pub share_subject: String,
    pub share_body: String,
}

impl ConfirmedPage {
    pub fn share_texts(share_link: &str) -> (String, String) {
        (
            "J'appuie la candidature, et vous ?".to_string(),
            format!("J'ai signé pour appuyer la candidature. Signez vous aussi : {share_link}"),
        )
    }
}

pub async fn confirm(
    State(state): State<AppState>,
    jar: CookieJar,
    csrf: CsrfToken,
    query: Result<Query<TokenQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let jeton = query.ok().map(|Query(q)| q.jeton).unwrap_or_default();
    let now = now();
    let signature_id = match token::verify(state.links.secret(), &jeton, Purpose::ConfirmSignature, now) {
        Ok(claims) => claims.subject,
        Err(TokenError::Expired) => {
            return Ok(message_page(
                StatusCode::GONE,
                "Ce lien a expiré",
                "Les liens de confirmation sont valables 7 jours. Signez à nouveau avec la même adresse : vous recevrez un nouveau lien, et votre signature ne sera comptée qu'une fois.",
            ))
        }
        Err(TokenError::Invalid) => {
            return Ok(message_page(
                StatusCode::BAD_REQUEST,
                "Lien invalide",
                "Ce lien de confirmation est incomplet ou incorrect. Copiez-le en entier depuis l'email reçu.",
            ))
        }
    };
    let ConfirmOutcome::Confirmed { person_id } =
        state.store.confirm_signature(signature_id, now).await?
    else {
        return Ok(message_page(
            StatusCode::GONE,
            "Ce lien a déjà servi",
            "Cette signature est déjà confirmée, ou n'existe plus. Pour retrouver votre espace, demandez un lien de connexion depuis « Mon espace ».",
        ));
    };
    let Some(person) = state.store.find_person(person_id).await? else {
        return Err(AppError::NotFound);
    };
    super::groups::admit_awaiting_joins(&state, person_id).await?;
    let jar = session::open(&state, jar, person_id).await?;
    let share_link = state.links.share(&person.referral_code);
    let (share_subject, share_body) = ConfirmedPage::share_texts(&share_link);
    let body = page(
        StatusCode::OK,
        &ConfirmedPage {
            chrome: Chrome::new(Some(&person), &csrf),
            first_name: person.first_name,
            share_link,
            share_subject,
            share_body,
        },
    );
    Ok((jar, body).into_response())
}

//! The link from the confirmation email. Opening it (GET) only shows a button; pressing it
//! (POST) confirms the signature, once, and opens a session (the mailbox is proven), then leads
//! to the "confirmed" page. Mail scanners open links before people do: a GET that confirmed
//! would hand them the session and leave the person with a used link.
//!
//! No script presses the button for the person: scanners that run JavaScript would press it
//! too (docs/decisions/0008-confirmation-by-button.md).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use essaim_domain::ids::SignatureId;
use essaim_domain::signature::SignatureStatus;
use essaim_domain::token::{self, Purpose, TokenError};
use essaim_store::now;
use essaim_store::signatures::ConfirmOutcome;
use serde::Deserialize;

use crate::csrf::{CsrfToken, NoCookie};
use crate::error::AppError;
use crate::posted_form::PostedForm;
use crate::render::{message_page, page, Chrome};
use crate::session::{LoggedIn, MaybePerson};
use crate::{origin, session, AppState};

/// Where the button leads: a page of its own, so that reloading it does not post again.
const CONFIRMED_PATH: &str = "/signature/confirmee";

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenQuery {
    pub jeton: String,
}

#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage {
    chrome: Chrome,
    token: String,
}

#[derive(Template)]
#[template(path = "already_confirmed.html")]
struct AlreadyConfirmedPage {
    chrome: Chrome,
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

/// GET /signature/confirmer: the button, or what became of the link. It only reads, and sets
/// no cookie at all, not even the CSRF one: a scanner's visit leaves nothing behind.
pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    query: Result<Query<TokenQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let jeton = query.ok().map(|Query(q)| q.jeton).unwrap_or_default();
    let chrome = Chrome::new(person.as_ref(), &csrf);
    let mut response = link_page(&state, jeton, chrome)
        .await
        .unwrap_or_else(IntoResponse::into_response);
    response.extensions_mut().insert(NoCookie);
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn link_page(state: &AppState, jeton: String, chrome: Chrome) -> Result<Response, AppError> {
    let signature_id = match signature_of_link(state, &jeton) {
        Ok(signature_id) => signature_id,
        Err(error) => return Ok(link_refused(error)),
    };
    Ok(match standing(state, signature_id).await? {
        Some(SignatureStatus::Pending) => page(
            StatusCode::OK,
            &ConfirmPage {
                chrome,
                token: jeton,
            },
        ),
        status => used_link(status, chrome),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ConfirmPost {
    jeton: String,
}

/// POST /signature/confirmer: the button. The GET set no CSRF cookie, so the double submit
/// cannot guard this form. What must be stopped is login CSRF: another site making a visitor's
/// browser post the attacker's own link, which would log the visitor into the attacker's account
/// (whatever they then type in it, the attacker reads). Browsers say where a POST comes from
/// (`Origin`, `Sec-Fetch-Site`): one from another site is refused.
pub async fn confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    MaybePerson(person): MaybePerson,
    jar: CookieJar,
    csrf: CsrfToken,
    PostedForm(post): PostedForm<ConfirmPost>,
) -> Result<Response, AppError> {
    let ours = origin::of(&state.config.base_url).unwrap_or_default();
    if origin::is_cross_site(&headers, &ours) {
        return Ok(message_page(
            StatusCode::FORBIDDEN,
            "Confirmation refusée",
            "Cette demande ne vient pas de notre site. Ouvrez le lien reçu par email, puis appuyez sur « Je confirme ma signature ».",
        ));
    }
    let signature_id = match signature_of_link(&state, &post.jeton) {
        Ok(signature_id) => signature_id,
        Err(error) => return Ok(link_refused(error)),
    };
    match state.store.confirm_signature(signature_id, now()).await? {
        ConfirmOutcome::Confirmed { person_id } => {
            super::groups::admit_awaiting_joins(&state, person_id).await?;
            let jar = session::open(&state, jar, person_id).await?;
            Ok((jar, Redirect::to(CONFIRMED_PATH)).into_response())
        }
        ConfirmOutcome::Unchanged => {
            let status = standing(&state, signature_id).await?;
            Ok(used_link(status, Chrome::new(person.as_ref(), &csrf)))
        }
    }
}

/// GET /signature/confirmee: thanks, and the person's share link.
pub async fn confirmed(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    csrf: CsrfToken,
) -> Result<Response, AppError> {
    let signature = state.store.signature_of(person.id).await?;
    if signature.and_then(|s| SignatureStatus::parse(&s.status)) != Some(SignatureStatus::Confirmed)
    {
        return Ok(Redirect::to("/mon-espace").into_response());
    }
    let share_link = state.links.share(&person.referral_code);
    let (share_subject, share_body) = ConfirmedPage::share_texts(&share_link);
    Ok(page(
        StatusCode::OK,
        &ConfirmedPage {
            chrome: Chrome::new(Some(&person), &csrf),
            first_name: person.first_name,
            share_link,
            share_subject,
            share_body,
        },
    ))
}

/// The signature a link is for.
fn signature_of_link(state: &AppState, jeton: &str) -> Result<SignatureId, TokenError> {
    token::verify(
        state.links.secret(),
        jeton,
        Purpose::ConfirmSignature,
        now(),
    )
    .map(|claims| SignatureId::new(claims.subject))
}

/// Why a link is refused.
fn link_refused(error: TokenError) -> Response {
    match error {
        TokenError::Expired => message_page(
            StatusCode::GONE,
            "Ce lien a expiré",
            "Les liens de confirmation sont valables 7 jours. Signez à nouveau avec la même adresse : vous recevrez un nouveau lien, et votre signature ne sera comptée qu'une fois.",
        ),
        TokenError::Invalid => message_page(
            StatusCode::BAD_REQUEST,
            "Lien invalide",
            "Ce lien de confirmation est incomplet ou incorrect. Copiez-le en entier depuis l'email reçu.",
        ),
    }
}

async fn standing(
    state: &AppState,
    signature_id: SignatureId,
) -> Result<Option<SignatureStatus>, AppError> {
    let status = state.store.signature_status(signature_id).await?;
    Ok(status.as_deref().and_then(SignatureStatus::parse))
}

/// A link already used is thanked, not scolded: most often the person pressed twice, or opened
/// the email again. (Fraud-marked signatures are never emailed, so no link leads to one.)
fn used_link(status: Option<SignatureStatus>, chrome: Chrome) -> Response {
    match status {
        Some(SignatureStatus::Confirmed) => page(StatusCode::OK, &AlreadyConfirmedPage { chrome }),
        _ => message_page(
            StatusCode::GONE,
            "Ce lien n'est plus valable",
            "Cette signature n'existe plus. Vous pouvez signer à nouveau depuis la page d'accueil.",
        ),
    }
}

//! Magic-link login: ask for a link by email (same answer whether the address is known or
//! not), then open it and press a button. The button (a POST) keeps mail scanners that fetch
//! links from using up the single-use link.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use essaim_domain::identity::Email;
use essaim_domain::token::{self, Purpose, TokenError};
use essaim_store::now;
use essaim_store::outbox::EmailKind;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::confirm::TokenQuery;
use crate::client_ip::ClientIp;
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::render::{message_page, page, Chrome};
use crate::session::MaybePerson;
use crate::{session, AppState};

/// At most this many login links per address per quarter of an hour.
const LOGIN_EMAILS_PER_WINDOW: i64 = 3;
const LOGIN_WINDOW_SECS: i64 = 15 * 60;

/// What the login page says after a request; never whether an account exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Requested {
    /// "If an account has this address, a link is on its way."
    Sent,
    /// The address already had its links for this quarter of an hour: none is sent.
    TooManyForAddress,
    /// This connection asked for too many links (any addresses): none is sent.
    TooManyFromHere,
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    chrome: Chrome,
    email: String,
    error: Option<String>,
    requested: Option<Requested>,
}

impl LoginPage {
    fn sent(&self) -> bool {
        self.requested == Some(Requested::Sent)
    }

    /// Why no link was sent, when none was.
    fn refusal(&self) -> Option<String> {
        match self.requested? {
            Requested::Sent => None,
            Requested::TooManyForAddress => Some(format!(
                "Vous avez déjà demandé {LOGIN_EMAILS_PER_WINDOW} liens de connexion pour cette adresse \
                 au cours des {} dernières minutes : nous n'en envoyons pas d'autre pour l'instant. \
                 Utilisez le dernier lien reçu (regardez aussi dans les courriers indésirables), \
                 ou réessayez dans un quart d'heure.",
                LOGIN_WINDOW_SECS / 60
            )),
            Requested::TooManyFromHere => Some(
                "Trop de demandes de liens de connexion depuis votre connexion Internet : \
                 aucun lien n'est envoyé pour l'instant. Réessayez dans quelques minutes."
                    .into(),
            ),
        }
    }
}

#[derive(Template)]
#[template(path = "login_link.html")]
struct LoginLinkPage {
    chrome: Chrome,
    token: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginPost {
    email: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LinkPost {
    jeton: String,
}

pub async fn show(MaybePerson(person): MaybePerson, csrf: CsrfToken) -> Response {
    if person.is_some() {
        return Redirect::to("/mon-espace").into_response();
    }
    page(
        StatusCode::OK,
        &LoginPage {
            chrome: Chrome::new(None, &csrf),
            email: String::new(),
            error: None,
            requested: None,
        },
    )
}

pub async fn request_link(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    csrf: CsrfToken,
    form: CsrfForm<LoginPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    let retry = |error: &str, status| {
        page(
            status,
            &LoginPage {
                chrome: Chrome::new(None, &csrf),
                email: post.email.clone(),
                error: Some(error.into()),
                requested: None,
            },
        )
    };
    if token.is_expired() {
        return Ok(retry(
            "Votre session a expiré. Renvoyez le formulaire.",
            StatusCode::FORBIDDEN,
        ));
    }
    let email = match Email::parse(&post.email) {
        Ok(email) => email,
        Err(message) => return Ok(retry(&message, StatusCode::UNPROCESSABLE_ENTITY)),
    };
    let requested = if !state.limits.allow_login(ip) {
        Requested::TooManyFromHere
    } else {
        let now = now();
        let counted = state
            .store
            .record_login_request(
                &address_key(email.normalized()),
                now,
                now - LOGIN_WINDOW_SECS,
                LOGIN_EMAILS_PER_WINDOW,
            )
            .await?;
        if !counted {
            Requested::TooManyForAddress
        } else {
            if let Some(person) = state.store.find_person_by_email(email.normalized()).await? {
                state
                    .store
                    .enqueue_email(person.id, EmailKind::Login, now)
                    .await?;
            }
            Requested::Sent
        }
    };
    let status = match requested {
        Requested::Sent => StatusCode::OK,
        _ => StatusCode::TOO_MANY_REQUESTS,
    };
    Ok(page(
        status,
        &LoginPage {
            chrome: Chrome::new(None, &csrf),
            email: post.email.clone(),
            error: None,
            requested: Some(requested),
        },
    ))
}

/// The login requests of an address are counted under a hash of it: we keep no list of the
/// addresses people typed, some of which belong to no account.
fn address_key(email_norm: &str) -> String {
    Sha256::digest(email_norm.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub async fn show_link(
    State(state): State<AppState>,
    csrf: CsrfToken,
    query: Result<Query<TokenQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let jeton = query.ok().map(|Query(q)| q.jeton).unwrap_or_default();
    match token::verify(state.links.secret(), &jeton, Purpose::Login, now()) {
        Ok(_) => page(
            StatusCode::OK,
            &LoginLinkPage {
                chrome: Chrome::new(None, &csrf),
                token: jeton,
            },
        ),
        Err(error) => link_refused(error),
    }
}

pub async fn use_link(
    State(state): State<AppState>,
    jar: CookieJar,
    csrf: CsrfToken,
    form: CsrfForm<LinkPost>,
) -> Result<Response, AppError> {
    let (post, token) = form.open();
    if token.is_expired() {
        return Ok(page(
            StatusCode::FORBIDDEN,
            &LoginLinkPage {
                chrome: Chrome::new(None, &csrf),
                token: post.jeton,
            },
        ));
    }
    let now = now();
    let claims = match token::verify(state.links.secret(), &post.jeton, Purpose::Login, now) {
        Ok(claims) => claims,
        Err(error) => return Ok(link_refused(error)),
    };
    let Some(person_id) = state.store.consume_login_token(&claims.nonce, now).await? else {
        return Ok(link_refused(TokenError::Expired));
    };
    state
        .store
        .confirm_signature_of_person(person_id, now)
        .await?;
    super::groups::admit_awaiting_joins(&state, person_id).await?;
    let jar = session::open(&state, jar, person_id).await?;
    Ok((jar, Redirect::to("/mon-espace")).into_response())
}

pub async fn logout(
    State(state): State<AppState>,
    jar: CookieJar,
    form: CsrfForm<LinkPost>,
) -> Result<Response, AppError> {
    form.fresh_or(AppError::BadRequest(
        "La déconnexion a échoué : rechargez la page et réessayez.",
    ))?;
    let jar = session::close(&state, jar).await?;
    Ok((jar, Redirect::to("/")).into_response())
}

fn link_refused(error: TokenError) -> Response {
    let (status, title) = match error {
        TokenError::Expired => (StatusCode::GONE, "Ce lien a expiré ou a déjà servi"),
        TokenError::Invalid => (StatusCode::BAD_REQUEST, "Lien invalide"),
    };
    message_page(
        status,
        title,
        "Demandez un nouveau lien de connexion depuis la page « Mon espace ».",
    )
}

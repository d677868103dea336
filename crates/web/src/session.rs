//! Login sessions: an HttpOnly cookie with a random id, its hash in the database.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use essaim_domain::ids::PersonId;
use essaim_store::now;
use essaim_store::people::Person;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::{csrf, AppState};

pub const COOKIE: &str = "essaim_session";
const SESSION_DAYS: i64 = 30;

/// The logged-in person, if any.
pub struct MaybePerson(pub Option<Person>);

/// A logged-in person; visitors are sent to the login page.
pub struct LoggedIn(pub Person);

/// A logged-in staff member; others get a 403 page.
pub struct Staff(pub Person);

/// A staff member with the programme's `coordination` role (writes the syntheses); others get
/// a 403 page.
pub struct Coordinator(pub Person);

fn hash(id: &str) -> String {
    Sha256::digest(id.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Starts a session for the person and returns the jar with its cookie, and a new CSRF token:
/// a token known before the login (planted by someone else) must not work inside the session.
pub async fn open(
    state: &AppState,
    jar: CookieJar,
    person_id: PersonId,
) -> Result<CookieJar, AppError> {
    let mut random = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut random);
    let id = URL_SAFE_NO_PAD.encode(random);
    let now = now();
    let expires = now + SESSION_DAYS * 86400;
    state
        .store
        .create_session(&hash(&id), person_id, now, expires)
        .await?;
    let cookie = Cookie::build((COOKIE, id))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.secure_cookies())
        .max_age(time::Duration::days(SESSION_DAYS))
        .build();
    Ok(jar.add(cookie).add(csrf::fresh_cookie(state)))
}

pub async fn close(state: &AppState, jar: CookieJar) -> Result<CookieJar, AppError> {
    if let Some(cookie) = jar.get(COOKIE) {
        state.store.delete_session(&hash(cookie.value())).await?;
    }
    Ok(jar.remove(Cookie::build(COOKIE).path("/")))
}

impl FromRequestParts<AppState> for MaybePerson {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // Behind the back-office's gate, the person it already read.
        if let Some(person) = parts.extensions.get::<Person>() {
            return Ok(Self(Some(person.clone())));
        }
        let jar = CookieJar::from_headers(&parts.headers);
        let Some(cookie) = jar.get(COOKIE) else {
            return Ok(Self(None));
        };
        let Some(person_id) = state
            .store
            .session_person(&hash(cookie.value()), now())
            .await?
        else {
            return Ok(Self(None));
        };
        Ok(Self(state.store.find_person(person_id).await?))
    }
}

impl FromRequestParts<AppState> for LoggedIn {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match MaybePerson::from_request_parts(parts, state).await? {
            MaybePerson(Some(person)) => Ok(Self(person)),
            MaybePerson(None) => Err(AppError::LoginRequired),
        }
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let LoggedIn(person) = LoggedIn::from_request_parts(parts, state).await?;
        if person.is_staff {
            Ok(Self(person))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

impl FromRequestParts<AppState> for Coordinator {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Staff(person) = Staff::from_request_parts(parts, state).await?;
        // An admin may do everything, syntheses included.
        let roles = state.store.roles_of(person.id).await?;
        if essaim_domain::staff::allows(&roles, Some(essaim_domain::staff::StaffRole::Coordination))
        {
            Ok(Self(person))
        } else {
            Err(AppError::CoordinationOnly)
        }
    }
}

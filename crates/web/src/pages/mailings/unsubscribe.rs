//! /desinscription: the link at the foot of every mailing, and the address of its
//! `List-Unsubscribe` header. No login: the signed link is the proof. A GET only shows a
//! button — mail scanners open links, and must not unsubscribe anyone — and the POST, from
//! that button or from the mail client itself (RFC 8058: `List-Unsubscribe=One-Click`),
//! withdraws the consent to the news. It carries no CSRF token, since a mail client cannot
//! have one; a forged request would need the person's signed link.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::ids::PersonId;
use essaim_domain::token::{self, Purpose};
use essaim_store::now;
use essaim_store::people::Person;
use serde::Deserialize;

use crate::csrf::CsrfToken;
use crate::error::AppError;
use crate::render::{page, Chrome};
use crate::session::MaybePerson;
use crate::AppState;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Link {
    jeton: String,
    envoi: Option<i64>,
}

#[derive(Template)]
#[template(path = "unsubscribe.html")]
struct UnsubscribePage {
    chrome: Chrome,
    /// The link's own query, for the button's form.
    jeton: String,
    envoi: i64,
    /// The link is valid; false: expired or altered.
    valid: bool,
    done: bool,
}

/// The page for `link` (its query kept for the button's form when valid).
fn answer(
    person: Option<&Person>,
    csrf: &CsrfToken,
    link: Link,
    valid: bool,
    done: bool,
) -> Response {
    let view = UnsubscribePage {
        chrome: Chrome::new(person, csrf),
        envoi: link.envoi.unwrap_or(0),
        jeton: if valid { link.jeton } else { String::new() },
        valid,
        done,
    };
    let status = if valid {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    page(status, &view)
}

fn person_of(state: &AppState, link: &Link) -> Option<PersonId> {
    token::verify(
        state.links.secret(),
        &link.jeton,
        Purpose::Unsubscribe,
        now(),
    )
    .ok()
    .map(|claims| PersonId::new(claims.subject))
}

fn read(query: Result<Query<Link>, axum::extract::rejection::QueryRejection>) -> Link {
    query.map(|Query(link)| link).unwrap_or_default()
}

pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    query: Result<Query<Link>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let link = read(query);
    let valid = person_of(&state, &link).is_some();
    Ok(answer(person.as_ref(), &csrf, link, valid, false))
}

/// The body (`List-Unsubscribe=One-Click`, or our button's) says nothing more than the link:
/// it is not read.
pub async fn confirm(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    query: Result<Query<Link>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, AppError> {
    let link = read(query);
    let Some(subscriber) = person_of(&state, &link) else {
        return Ok(answer(person.as_ref(), &csrf, link, false, false));
    };
    state
        .store
        .unsubscribe_from_news(subscriber, link.envoi.filter(|id| *id > 0), now())
        .await?;
    Ok(answer(person.as_ref(), &csrf, link, true, true))
}

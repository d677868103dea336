//! The full privacy notice the signature form links to.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;

use crate::csrf::CsrfToken;
use crate::render::{page, Chrome};
use crate::session::MaybePerson;

#[derive(Template)]
#[template(path = "privacy.html")]
struct PrivacyPage {
    chrome: Chrome,
}

pub async fn show(MaybePerson(person): MaybePerson, csrf: CsrfToken) -> Response {
    page(
        StatusCode::OK,
        &PrivacyPage {
            chrome: Chrome::new(person.as_ref(), &csrf),
        },
    )
}

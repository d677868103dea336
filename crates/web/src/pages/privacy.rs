//! The full privacy notice the signature form links to.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use crate::csrf::CsrfToken;
use crate::render::{page, Chrome};
use crate::session::MaybePerson;
use crate::AppState;

#[derive(Template)]
#[template(path = "privacy.html")]
struct PrivacyPage {
    chrome: Chrome,
    controller: String,
    contact: Option<String>,
    /// Years the ledger of gifts is kept after the end of each payment's year.
    gift_years: i16,
    unpaid_gift_days: i64,
    material_address_days: i64,
    proxy_days: i64,
    unconfirmed_days: i64,
    sent_email_days: i64,
    audit_days: i64,
    mailing_weekly_cap: u32,
}

pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
) -> Response {
    page(
        StatusCode::OK,
        &PrivacyPage {
            chrome: Chrome::new(person.as_ref(), &csrf),
            controller: state.config.controller.clone(),
            contact: state.config.privacy_contact.clone(),
            gift_years: state.config.donations.retention_years,
            unpaid_gift_days: state.config.donations.unpaid_days,
            material_address_days: state.config.material_address_days,
            proxy_days: state.config.proxy_retention_days,
            unconfirmed_days: state.config.unconfirmed_days,
            sent_email_days: state.config.sent_email_days,
            audit_days: state.config.audit_days,
            mailing_weekly_cap: state.config.mailings.weekly_cap.per_week(),
        },
    )
}

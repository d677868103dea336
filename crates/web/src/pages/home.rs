//! The home page: what the movement is, the live counter, and the signature form.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::signature_form::{countries, FormView};
use crate::csrf::CsrfToken;
use crate::render::{format_count, page, Chrome};
use crate::session::MaybePerson;
use crate::AppState;

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub chrome: Chrome,
    pub count_display: String,
    /// Signatures gathered on paper or by phone without an email, shown apart (0: not shown).
    pub offline: i64,
    pub offline_display: String,
    pub form: FormView,
    pub countries: &'static [(&'static str, &'static str)],
    pub controller: String,
    /// "12 345 € reçus en dons", when the configuration shows it.
    pub raised: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct HomeQuery {
    /// The referral code of a share link.
    r: String,
}

pub async fn show(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    query: Result<Query<HomeQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let referral = query.ok().map(|Query(q)| q.r).unwrap_or_default();
    render(
        &state,
        person.as_ref(),
        &csrf,
        FormView::empty(&referral),
        StatusCode::OK,
    )
}

/// Also used to show the form again with its messages after a failed submission.
pub fn render(
    state: &AppState,
    person: Option<&essaim_store::people::Person>,
    csrf: &CsrfToken,
    form: FormView,
    status: StatusCode,
) -> Response {
    page(
        status,
        &HomePage {
            chrome: Chrome::new(person, csrf),
            count_display: format_count(state.counter.get()),
            offline: state.counter.offline(),
            offline_display: format_count(state.counter.offline()),
            form,
            countries: countries(),
            controller: state.config.controller.clone(),
            raised: state.config.donations.show_total.then(|| {
                essaim_domain::donations::Cents::new(
                    state.raised.load(std::sync::atomic::Ordering::Relaxed),
                )
                .to_string()
            }),
        },
    )
}

//! GET/POST /admin/dons/saisie: a cheque or cash gift entered by staff from the paper form
//! that came with it. The donor is checked as online (nationality, residence, sworn
//! statement), cash is refused above 150 €, and the cap is counted over every gift of the
//! person in the period of the day the money was received.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::donations::export::LedgerLine;
use essaim_domain::donations::{Nationality, PaymentMethod, Regime, StaffEntry, StaffEntryForm};
use essaim_domain::FieldErrors;
use essaim_store::donations::DonorKeys;
use essaim_store::now;
use essaim_store::people::Person;
use serde::Deserialize;

use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::pages::donations::donor_post::DonorPost;
use crate::pages::donations::french_day;
use crate::render::{page, Chrome};
use crate::session::Staff;
use crate::AppState;

/// The form as posted: every field a string, boxes "1" when ticked.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct EntryPost {
    #[serde(flatten)]
    donor: DonorPost,
    amount: String,
    method: String,
    received_on: String,
    reference: String,
}

impl EntryPost {
    fn to_form(&self) -> StaffEntryForm {
        StaffEntryForm {
            donor: self.donor.form(),
            amount: self.amount.clone(),
            method: self.method.clone(),
            received_on: self.received_on.clone(),
            reference: self.reference.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin_donation_entry.html")]
struct EntryPage {
    chrome: Chrome,
    values: EntryPost,
    errors: FieldErrors,
    notice: Option<&'static str>,
    civilities: [(&'static str, &'static str); 2],
    nationalities: [(&'static str, &'static str); 2],
    methods: [(&'static str, &'static str); 2],
    cap_explained: String,
}

impl EntryPage {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

fn form_page(
    state: &AppState,
    person: &Person,
    csrf: &CsrfToken,
    values: EntryPost,
    errors: FieldErrors,
    notice: Option<&'static str>,
) -> EntryPage {
    EntryPage {
        chrome: Chrome::new(Some(person), csrf),
        values,
        errors,
        notice,
        civilities: [("madame", "Madame"), ("monsieur", "Monsieur")],
        nationalities: [
            (Nationality::French.code(), "Française"),
            (Nationality::Other.code(), "Autre"),
        ],
        methods: [PaymentMethod::Cheque, PaymentMethod::Cash].map(|m| (m.code(), m.label())),
        cap_explained: state.config.donations.regime.cap_explained(),
    }
}

pub async fn show(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
) -> Result<Response, AppError> {
    let values = EntryPost {
        method: PaymentMethod::Cheque.code().into(),
        donor: DonorPost {
            nationality: Nationality::French.code().into(),
            country: "FR".into(),
            ..DonorPost::default()
        },
        received_on: french_day(now()).to_string(),
        ..EntryPost::default()
    };
    let view = form_page(&state, &person, &csrf, values, FieldErrors::default(), None);
    Ok(page(StatusCode::OK, &view))
}

pub async fn submit(
    State(state): State<AppState>,
    Staff(person): Staff,
    csrf: CsrfToken,
    form: CsrfForm<EntryPost>,
) -> Result<Response, AppError> {
    let (values, token) = form.open();
    let again = |errors: FieldErrors, notice: Option<&'static str>| {
        let view = form_page(&state, &person, &csrf, values.clone(), errors, notice);
        Ok(page(StatusCode::UNPROCESSABLE_ENTITY, &view))
    };
    if token.is_expired() {
        return again(
            FieldErrors::default(),
            Some("La page avait expiré : vérifiez la saisie et enregistrez à nouveau."),
        );
    }
    let regime = state.config.donations.regime;
    let today = french_day(now());
    let entry = match values.to_form().parse(regime.cap(), today) {
        Ok(entry) => entry,
        Err(errors) => return again(errors, None),
    };
    if let Err(errors) = within_cap(&state, &regime, &entry, today).await? {
        return again(errors, None);
    }
    let payment = state
        .store
        .enter_staff_gift(&entry, person.id, now())
        .await?;
    let accounting_id = LedgerLine::accounting_id(payment.get());
    tracing::info!(staff = person.id.get(), %accounting_id, method = entry.method.code(), "gift entered by staff");
    Ok(Redirect::to(&format!("/admin/dons?enregistre={accounting_id}")).into_response())
}

/// The cap of the period the gift was received in, counted over every gift of the person;
/// a refusal is kept for staff, and says what remains.
async fn within_cap(
    state: &AppState,
    regime: &Regime,
    entry: &StaffEntry,
    today: jiff::civil::Date,
) -> Result<Result<(), FieldErrors>, AppError> {
    let mut errors = FieldErrors::default();
    let period = match regime.period(entry.received_on) {
        Ok(period) => period,
        Err(message) => {
            errors.add("received_on", message);
            return Ok(Err(errors));
        }
    };
    let name_key = entry.donor.name_key();
    let keys = DonorKeys {
        email_norm: entry.donor.email.normalized(),
        name_key: &name_key,
    };
    let standing = state
        .store
        .cap_check(regime, keys, period, today, false)
        .await?;
    if let Err(over) = standing.allows(entry.amount) {
        state
            .store
            .record_cap_refusal(&entry.donor, over, now())
            .await?;
        let per = match regime {
            Regime::Party => "par année civile",
            Regime::Campaign(_) => "pour cette élection",
        };
        errors.add("amount", over.message(regime.cap(), per));
        return Ok(Err(errors));
    }
    Ok(Ok(()))
}

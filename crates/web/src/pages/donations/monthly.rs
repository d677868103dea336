//! A person's gifts in Mon espace: what they gave, their monthly gift (stopped in one click),
//! and where they stand against the cap of the period.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::donations::donor::name_key;
use essaim_domain::donations::{Cents, PaymentMethod};
use essaim_domain::identity::Email;
use essaim_domain::ids::MonthlyGiftId;
use essaim_store::donations::DonorKeys;
use essaim_store::now;
use essaim_store::people::Person;
use jiff::ToSpan;
use serde::Deserialize;

use super::french_day;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::render::message_page;
use crate::session::LoggedIn;
use crate::AppState;

/// One payment as Mon espace lists it.
pub struct MyPayment {
    pub day: String,
    pub amount: String,
    pub how: &'static str,
    pub refund: bool,
}

pub struct MyMonthly {
    pub id: MonthlyGiftId,
    pub amount: String,
    pub next_on: String,
}

/// The "Mes dons" section of Mon espace.
pub struct MyGifts {
    pub payments: Vec<MyPayment>,
    pub monthly: Option<MyMonthly>,
    pub given: String,
    pub remaining: String,
    /// "cette année" or "pour cette élection".
    pub period: &'static str,
}

pub async fn my_gifts(state: &AppState, person: &Person) -> Result<MyGifts, AppError> {
    let today = french_day(now());
    let regime = state.config.donations.regime;
    let payments = state
        .store
        .payments_of_person(person.id)
        .await?
        .into_iter()
        .map(|p| MyPayment {
            day: p
                .paid_on
                .parse::<jiff::civil::Date>()
                .map(|d| d.strftime("%d/%m/%Y").to_string())
                .unwrap_or(p.paid_on),
            amount: Cents::new(p.amount_cents).to_string(),
            how: match (p.monthly, PaymentMethod::parse(&p.method)) {
                (true, _) => "Don mensuel",
                (false, Some(method)) => method.label(),
                (false, None) => "",
            },
            refund: p.amount_cents < 0,
        })
        .collect();
    let monthly = state
        .store
        .monthly_gift_of_person(person.id)
        .await?
        .map(|m| MyMonthly {
            id: m.id,
            amount: m.amount().to_string(),
            next_on: m
                .starts_on
                .parse::<jiff::civil::Date>()
                .ok()
                .and_then(|starts| {
                    (0..1200_i64)
                        .filter_map(|k| starts.checked_add(k.months()).ok())
                        .find(|due| *due > today)
                })
                .map(|d| d.strftime("%d/%m/%Y").to_string())
                .unwrap_or_default(),
        });
    let email_norm = Email::parse(&person.email)
        .map(|e| e.normalized().to_string())
        .unwrap_or_else(|_| person.email.to_lowercase());
    let key = name_key(
        &person.first_name,
        &person.last_name,
        person.postal_code.as_deref().unwrap_or(""),
    );
    let (given, remaining) = match regime.period(today) {
        Ok(period) => {
            let keys = DonorKeys {
                email_norm: &email_norm,
                name_key: &key,
            };
            let check = state
                .store
                .cap_check(&regime, keys, period, today, false)
                .await?;
            (check.given.to_string(), check.remaining().to_string())
        }
        Err(_) => (Cents::ZERO.to_string(), Cents::ZERO.to_string()),
    };
    Ok(MyGifts {
        payments,
        monthly,
        given,
        remaining,
        period: match regime {
            essaim_domain::donations::Regime::Party => "cette année",
            essaim_domain::donations::Regime::Campaign(_) => "pour cette élection",
        },
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StopPost {
    id: String,
}

/// POST /mon-espace/don-mensuel/arreter: one click, then the provider is told.
pub async fn stop(
    State(state): State<AppState>,
    LoggedIn(person): LoggedIn,
    form: CsrfForm<StopPost>,
) -> Result<Response, AppError> {
    let post = form.fresh_or(AppError::Forbidden)?;
    let id: MonthlyGiftId = post.id.parse().map_err(|_| AppError::NotFound)?;
    let Some(current) = state
        .store
        .monthly_gift_of_person(person.id)
        .await?
        .filter(|m| m.id == id)
    else {
        return Err(AppError::NotFound);
    };
    // The provider first: a gift marked stopped here but still debited there would be worse
    // than a click to make again.
    if let Err(error) = state
        .payments
        .cancel_subscription(&current.provider_subscription, &current.provider_token)
        .await
    {
        tracing::error!(%error, subscription = current.provider_subscription, "monthly gift not cancelled at the provider");
        return Ok(message_page(
            StatusCode::BAD_GATEWAY,
            "Don mensuel non arrêté",
            "Le prestataire de paiement n'a pas pu être joint : votre don mensuel n'est pas encore \
             arrêté. Réessayez dans quelques minutes.",
        ));
    }
    state.store.stop_monthly_gift(id, person.id, now()).await?;
    Ok(Redirect::to("/mon-espace?ok=don-mensuel#dons").into_response())
}

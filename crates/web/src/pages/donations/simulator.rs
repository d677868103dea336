//! The built-in payment simulator, used when no provider is configured (the default, so that
//! `cargo run` works offline, and the tests' provider). It plays Systempay on our own origin:
//! it checks the posted form's signature as the provider does, shows a "paiement de test" page,
//! and on the person's decision sends the IPN, signed with the simulator's key exactly as the
//! provider signs it, over HTTP to our real notification route — then sends the browser back.
//! Monthly gifts: the first instalment is taken at once when it is due today, later ones by
//! `play_due_instalments` (run by the hourly maintenance).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use essaim_domain::donations::Cents;
use essaim_payment::ipn::{check_form, instalment_ipn, signed_ipn};
use essaim_payment::{Decision, Instalment, PaymentProvider, TransId, SIMULATOR_SITE_ID};
use essaim_store::{now, Store};

use super::french_day;
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::posted_form::{Pairs, PostedForm};
use crate::render::{message_page, page, Chrome};
use crate::AppState;

#[derive(Template)]
#[template(path = "donation_simulator.html")]
struct SimulatorPage {
    chrome: Chrome,
    amount: String,
    monthly: bool,
    /// "Don", or "Commande de matériel": the simulator plays the provider for both.
    what: &'static str,
    email: String,
    fields: Vec<(String, String)>,
}

fn value<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(field, _)| field == name)
        .map(|(_, value)| value.as_str())
}

fn simulator_key(state: &AppState) -> Option<&str> {
    match state.payments.as_ref() {
        PaymentProvider::Simulator { key, .. } => Some(key),
        PaymentProvider::Systempay(_) => None,
    }
}

fn refused_form() -> Response {
    message_page(
        StatusCode::BAD_REQUEST,
        "Paiement de test : formulaire refusé",
        "La signature du formulaire de paiement n'est pas valable : le prestataire de paiement le \
         refuserait de même.",
    )
}

/// POST /dons/simulateur: the provider's payment page, played.
pub async fn show(
    State(state): State<AppState>,
    csrf: CsrfToken,
    PostedForm(form): PostedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let Some(key) = simulator_key(&state) else {
        return Err(AppError::NotFound);
    };
    if check_form(&form, key).is_err() {
        return Ok(refused_form());
    }
    let monthly = value(&form, "vads_page_action") == Some("REGISTER_SUBSCRIBE");
    let cents = value(
        &form,
        if monthly {
            "vads_sub_amount"
        } else {
            "vads_amount"
        },
    )
    .and_then(|raw| raw.parse::<i64>().ok())
    .unwrap_or(0);
    Ok(page(
        StatusCode::OK,
        &SimulatorPage {
            chrome: Chrome::new(None, &csrf),
            amount: Cents::new(cents).to_string(),
            monthly,
            what: if value(&form, "vads_order_id").is_some_and(|id| id.starts_with("MAT-")) {
                "Commande de matériel"
            } else {
                "Don"
            },
            email: value(&form, "vads_cust_email")
                .unwrap_or_default()
                .to_string(),
            fields: form,
        },
    ))
}

/// POST /dons/simulateur/decision: the IPN goes to our notification route, then the browser
/// goes back to the site.
pub async fn decide(
    State(state): State<AppState>,
    form: CsrfForm<Pairs>,
) -> Result<Response, AppError> {
    let Some(key) = simulator_key(&state) else {
        return Err(AppError::NotFound);
    };
    let Pairs(pairs) = form.fresh_or(AppError::Forbidden)?;
    let decision = match value(&pairs, "decision") {
        Some("accepter") => Decision::Accept,
        _ => Decision::Refuse,
    };
    let fields: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(name, _)| name.starts_with("vads_") || name == "signature")
        .collect();
    if check_form(&fields, key).is_err() {
        return Ok(refused_form());
    }
    let (Some(ipn_url), Some(return_url)) = (
        value(&fields, "vads_url_check").map(str::to_string),
        value(&fields, "vads_url_return").map(str::to_string),
    ) else {
        return Ok(refused_form());
    };
    let ipn = signed_ipn(&fields, decision, key);
    if let Err(problem) = deliver(&ipn_url, &ipn).await {
        tracing::error!(problem, "the simulator could not deliver its notification");
        return Ok(message_page(
            StatusCode::BAD_GATEWAY,
            "Paiement de test : notification non remise",
            "Le simulateur n'a pas pu prévenir le site du résultat du paiement. Réessayez.",
        ));
    }
    let subscribed = value(&ipn, "vads_subscription");
    if let (Some(subscription), Decision::Accept) = (subscribed, decision) {
        let instalment = Instalment {
            site_id: SIMULATOR_SITE_ID.into(),
            order_id: value(&fields, "vads_order_id").unwrap_or_default().into(),
            subscription: subscription.into(),
            identifier: value(&ipn, "vads_identifier").unwrap_or_default().into(),
            amount_cents: value(&fields, "vads_sub_amount")
                .and_then(|raw| raw.parse().ok())
                .unwrap_or(0),
            recurrence_number: 1,
            trans_id: TransId::from_sequence(rand::random::<u64>()),
            trans_date: time::OffsetDateTime::now_utc(),
            decision: Decision::Accept,
        };
        let due_today = value(&fields, "vads_sub_effect_date")
            .is_some_and(|day| day <= french_day(now()).strftime("%Y%m%d").to_string().as_str());
        if due_today {
            if let Err(problem) = deliver(&ipn_url, &instalment_ipn(&instalment, key)).await {
                tracing::error!(
                    problem,
                    "the simulator could not deliver the first instalment"
                );
            }
        }
    }
    Ok(Redirect::to(&return_url).into_response())
}

async fn deliver(url: &str, body: &[(String, String)]) -> Result<(), String> {
    let response = reqwest::Client::new()
        .post(url)
        .form(body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!("answered {}", response.status()))
    }
}

/// In simulator mode, the instalments of active monthly gifts that are due and not yet played,
/// sent as the provider would send them. Returns how many were sent.
pub async fn play_due_instalments(
    store: &Store,
    provider: &PaymentProvider,
    base_url: &str,
    now: i64,
) -> Result<usize, essaim_store::StoreError> {
    let PaymentProvider::Simulator { key, .. } = provider else {
        return Ok(0);
    };
    let today = french_day(now);
    let mut sent = 0;
    for monthly in store.active_monthly_gifts().await? {
        let Ok(starts) = monthly.starts_on.parse::<jiff::civil::Date>() else {
            continue;
        };
        let played = monthly.instalments_paid + monthly.failures;
        let due = essaim_domain::donations::Period {
            starts,
            ends: today,
        }
        .instalments_from(starts);
        for number in played + 1..=due {
            let instalment = Instalment {
                site_id: SIMULATOR_SITE_ID.into(),
                order_id: monthly.gift_id.to_string(),
                subscription: monthly.provider_subscription.clone(),
                identifier: monthly.provider_token.clone(),
                amount_cents: monthly.amount_cents,
                recurrence_number: u32::try_from(number).unwrap_or(u32::MAX),
                trans_id: TransId::from_sequence(rand::random::<u64>()),
                trans_date: time::OffsetDateTime::from_unix_timestamp(now)
                    .unwrap_or(time::OffsetDateTime::UNIX_EPOCH),
                decision: Decision::Accept,
            };
            let url = format!("{base_url}/dons/notification");
            if deliver(&url, &instalment_ipn(&instalment, key))
                .await
                .is_ok()
            {
                sent += 1;
            }
        }
    }
    Ok(sent)
}

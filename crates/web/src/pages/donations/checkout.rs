//! The hand-over to the payment provider: a summary page whose button posts the signed
//! `vads_*` fields to the provider's form (or to our simulator). A monthly gift asked without a
//! session first waits for the click in the email (`/dons/confirmer`).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use essaim_domain::donations::Cents;
use essaim_domain::ids::GiftId;
use essaim_domain::token::{self, Purpose};
use essaim_payment::{PaymentKind, PaymentRequest, TransId, TransRange};
use essaim_store::donations::{Gift, GiftStatus};
use essaim_store::now;
use essaim_store::people::Person;
use serde::Deserialize;

use super::french_day;
use crate::csrf::CsrfToken;
use crate::csrf_form::CsrfForm;
use crate::error::AppError;
use crate::render::{message_page, page, Chrome};
use crate::session::MaybePerson;
use crate::AppState;

#[derive(Template)]
#[template(path = "donation_checkout.html")]
struct CheckoutPage<'a> {
    chrome: Chrome,
    amount: String,
    monthly: bool,
    action: String,
    fields: Vec<(String, String)>,
    simulator: bool,
    legal_notice: &'a [String],
}

#[derive(Template)]
#[template(path = "donation_confirm.html")]
struct ConfirmPage<'a> {
    chrome: Chrome,
    token: String,
    legal_notice: &'a [String],
}

fn civil_to_time(date: jiff::civil::Date) -> Option<time::Date> {
    let month = time::Month::try_from(u8::try_from(date.month()).ok()?).ok()?;
    time::Date::from_calendar_date(
        i32::from(date.year()),
        month,
        u8::try_from(date.day()).ok()?,
    )
    .ok()
}

/// The summary page with the signed form to the provider.
pub(super) fn to_provider(
    state: &AppState,
    person: Option<&Person>,
    csrf: &CsrfToken,
    gift: &Gift,
    now: i64,
) -> Response {
    let base = &state.config.base_url;
    let today = french_day(now);
    let kind = if gift.monthly() {
        PaymentKind::Monthly {
            effect_date: civil_to_time(today).unwrap_or(time::Date::MIN),
            day_of_month: u8::try_from(today.day()).unwrap_or(1),
        }
    } else {
        PaymentKind::OneOff
    };
    let request = PaymentRequest {
        order_id: gift.id.to_string(),
        amount_cents: gift.amount_cents,
        customer_email: gift.email.clone(),
        kind,
        return_url: format!("{base}/dons/merci?don={}", gift.id),
        ipn_url: format!("{base}/dons/notification"),
        // One form per gift: a refused payment is tried again with a new gift (a new form).
        trans_id: TransId::for_order(TransRange::Gifts, gift.id.get()),
        trans_date: time::OffsetDateTime::from_unix_timestamp(now)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH),
        locale: "fr".into(),
    };
    page(
        StatusCode::OK,
        &CheckoutPage {
            chrome: Chrome::new(person, csrf),
            amount: gift.amount().to_string(),
            monthly: gift.monthly(),
            action: state.payments.form_action(),
            fields: state.payments.payment_form(&request),
            simulator: state.payments.is_simulator(),
            legal_notice: &state.config.donations.legal_notice,
        },
    )
}

pub(super) fn check_your_email(amount: Cents) -> Response {
    let message = format!(
        "Pour qu'aucun don régulier ne soit mis en place sans l'accord de la personne dont c'est \
         l'adresse, nous venons de vous envoyer un email : cliquez sur son bouton pour confirmer \
         votre don mensuel de {amount} et accéder au paiement. Rien n'est prélevé d'ici là."
    );
    message_page(
        StatusCode::OK,
        "Confirmez votre don mensuel par email",
        &message,
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenQuery {
    jeton: String,
}

/// The emailed link shows a button (a mail scanner following links confirms nothing).
pub async fn confirm_page(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    query: Result<Query<TokenQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let token = query.map(|Query(q)| q.jeton).unwrap_or_default();
    page(
        StatusCode::OK,
        &ConfirmPage {
            chrome: Chrome::new(person.as_ref(), &csrf),
            token,
            legal_notice: &state.config.donations.legal_notice,
        },
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ConfirmPost {
    jeton: String,
}

pub async fn confirm(
    State(state): State<AppState>,
    MaybePerson(person): MaybePerson,
    csrf: CsrfToken,
    form: CsrfForm<ConfirmPost>,
) -> Result<Response, AppError> {
    let (post, freshness) = form.open();
    if freshness.is_expired() {
        return Ok(message_page(
            StatusCode::FORBIDDEN,
            "Page expirée",
            "Cette page a expiré : rouvrez le lien reçu par email.",
        ));
    }
    let now = now();
    let refused = || {
        message_page(
            StatusCode::BAD_REQUEST,
            "Lien invalide ou expiré",
            "Ce lien de confirmation n'est pas valable, ou a expiré. Vous pouvez refaire votre \
             don mensuel depuis la page des dons.",
        )
    };
    let Ok(claims) = token::verify(
        state.links.secret(),
        &post.jeton,
        Purpose::ConfirmMonthlyGift,
        now,
    ) else {
        return Ok(refused());
    };
    let Some(gift) = state.store.gift(GiftId::new(claims.subject)).await? else {
        return Ok(refused());
    };
    match gift.status {
        GiftStatus::ToConfirm => {
            state.store.confirm_monthly_gift(gift.id).await?;
        }
        // Confirmed already, payment not done yet: the payment page again.
        GiftStatus::Pending => {}
        GiftStatus::Accepted | GiftStatus::Refused => {
            return Ok(message_page(
                StatusCode::OK,
                "Don mensuel déjà traité",
                "Ce don mensuel a déjà été confirmé et traité. Retrouvez-le dans votre espace.",
            ))
        }
    }
    Ok(to_provider(&state, person.as_ref(), &csrf, &gift, now))
}

//! POST /materiel/notification: the payment provider's notification (IPN) for a material order,
//! the only thing that validates a paid order. Signature first (a bad one: 400, nothing
//! recorded), then processed once per provider transaction (`Store::record_order_payment`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use essaim_domain::donations::Cents;
use essaim_domain::ids::OrderId;
use essaim_domain::material::export::parse_order_ref;
use essaim_payment::Operation;
use essaim_store::material::{OrderPayment, PaymentOutcome};
use essaim_store::now;

use crate::error::AppError;
use crate::pages::donations::notification::verified;
use crate::posted_form::PostedForm;
use crate::AppState;

pub async fn receive(
    State(state): State<AppState>,
    PostedForm(body): PostedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let notification = match verified(&state, &body) {
        Ok(notification) => notification,
        Err(refusal) => return Ok(refusal.into_response()),
    };
    if notification.operation != Operation::Debit {
        // Refunds are made by the treasurer from the provider's back-office: nothing to record.
        return Ok((StatusCode::OK, "ignorée").into_response());
    }
    let Some(order) = notification
        .order_id
        .as_deref()
        .and_then(parse_order_ref)
        .map(OrderId::new)
    else {
        return Ok((StatusCode::NOT_FOUND, "commande inconnue").into_response());
    };
    let digest = notification.content_digest();
    let outcome = state
        .store
        .record_order_payment(&OrderPayment {
            trans_uuid: &notification.trans_uuid,
            digest: &digest,
            order,
            amount: Cents::new(notification.amount_cents.unwrap_or(0)),
            accepted: notification.status.is_success(),
            received_at: now(),
        })
        .await?;
    let (status, text) = match outcome {
        PaymentOutcome::Validated => (StatusCode::OK, "commande validée"),
        PaymentOutcome::Cancelled => (StatusCode::OK, "paiement refusé, commande annulée"),
        PaymentOutcome::PaidTooLate => {
            tracing::error!(%order, "material order paid after it was cancelled: refund it from the provider's back-office");
            (
                StatusCode::OK,
                "commande déjà annulée : paiement à rembourser",
            )
        }
        PaymentOutcome::Replay => (StatusCode::OK, "déjà reçue"),
        PaymentOutcome::Changed => (
            StatusCode::CONFLICT,
            "contenu différent d'une notification déjà reçue",
        ),
        PaymentOutcome::UnknownOrder => (StatusCode::NOT_FOUND, "commande inconnue"),
        PaymentOutcome::AmountMismatch => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "montant différent de la commande",
        ),
    };
    Ok((status, text).into_response())
}

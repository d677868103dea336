//! POST /dons/notification: the provider's server-to-server notification (IPN), the only thing
//! that confirms a payment (never the browser's return). Its signature is checked first: a bad
//! one is answered 400 with nothing recorded. What it says is then processed once per provider
//! transaction (see the store's `donations::notices`). Answers are short plain text: the
//! provider only reads the status (2xx: delivered; otherwise it retries, then alerts the shop).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use essaim_domain::donations::Cents;
use essaim_domain::ids::GiftId;
use essaim_payment::{CheckSource, Notification, NotificationError, Operation};
use essaim_store::donations::{NoticeKind, NoticeOutcome, ProviderNotice};
use essaim_store::now;
use jiff::civil::Date;

use super::french_day;
use crate::error::AppError;
use crate::posted_form::PostedForm;
use crate::AppState;

/// The notification if its signature holds; otherwise the 400 the provider is answered (the
/// gifts' and the material orders' routes alike).
pub(crate) fn verified(
    state: &AppState,
    body: &[(String, String)],
) -> Result<Notification, (StatusCode, &'static str)> {
    state.payments.verify(body).map_err(|error| {
        if let NotificationError::BadSignature = error {
            tracing::warn!("payment notification with a bad signature refused");
            (StatusCode::BAD_REQUEST, "signature invalide")
        } else {
            tracing::warn!(%error, "unreadable payment notification refused");
            (StatusCode::BAD_REQUEST, "notification illisible")
        }
    })
}

pub async fn receive(
    State(state): State<AppState>,
    PostedForm(body): PostedForm<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let notification = match verified(&state, &body) {
        Ok(notification) => notification,
        Err(refusal) => return Ok(refusal.into_response()),
    };
    let Some(kind) = kind_of(&notification) else {
        // A failed refund, an abandoned form…: nothing to record, nothing to retry.
        return Ok((StatusCode::OK, "ignorée").into_response());
    };
    let fields: serde_json::Map<String, serde_json::Value> = notification
        .stored_fields()
        .into_iter()
        .map(|(name, value)| (name, serde_json::Value::String(value)))
        .collect();
    let received_at = now();
    let notice = ProviderNotice {
        trans_uuid: notification.trans_uuid.clone(),
        digest: notification.content_digest(),
        fields: serde_json::Value::Object(fields).to_string(),
        received_at,
        paid_on: french_day(notification.trans_date.unix_timestamp()),
        kind,
    };
    let outcome = state.store.record_provider_notice(&notice).await?;
    let (status, text) = match outcome {
        NoticeOutcome::Recorded { replaced } => {
            if let Some((subscription, token)) = replaced {
                // The new monthly gift replaced the old one: stop the old one at the provider.
                if let Err(error) = state
                    .payments
                    .cancel_subscription(&subscription, &token)
                    .await
                {
                    tracing::error!(%error, subscription, "replaced subscription not cancelled at the provider: cancel it from its back-office");
                    state
                        .store
                        .record_cancel_failure(&subscription, now())
                        .await?;
                }
            }
            (StatusCode::OK, "enregistrée")
        }
        NoticeOutcome::Replay => (StatusCode::OK, "déjà reçue"),
        NoticeOutcome::Changed => {
            tracing::warn!(
                trans_uuid = notice.trans_uuid,
                "payment notification replayed with another content: refused"
            );
            (
                StatusCode::CONFLICT,
                "contenu différent d'une notification déjà reçue",
            )
        }
        NoticeOutcome::UnknownOrder => (StatusCode::NOT_FOUND, "commande inconnue"),
        NoticeOutcome::UnknownRefund => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "remboursement d'un paiement inconnu",
        ),
        NoticeOutcome::AmountMismatch => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "montant différent du don demandé",
        ),
    };
    Ok((status, text).into_response())
}

/// What the notification is about, in the store's terms.
fn kind_of(n: &Notification) -> Option<NoticeKind> {
    let gift = || {
        n.order_id
            .as_deref()
            .and_then(|id| id.parse::<GiftId>().ok())
    };
    let amount = Cents::new(n.amount_cents.unwrap_or(0));
    let accepted = n.status.is_success();
    let instalment = n.source == CheckSource::Rec || n.recurrence_number.is_some();
    Some(match n.operation {
        Operation::Debit if instalment => NoticeKind::Instalment {
            subscription: n.subscription.clone().unwrap_or_default(),
            amount,
            accepted,
        },
        Operation::Debit => NoticeKind::Payment {
            gift: gift().unwrap_or(GiftId::new(0)),
            amount,
            accepted,
        },
        Operation::Verification => NoticeKind::Subscription {
            gift: gift().unwrap_or(GiftId::new(0)),
            subscription: n.subscription.clone().unwrap_or_default(),
            token: n.identifier.clone().unwrap_or_default(),
            card_expires: n
                .card_expiry
                .map(|(year, month)| format!("{year:04}-{month:02}")),
            starts_on: n
                .field("vads_sub_effect_date")
                .and_then(compact_date)
                .unwrap_or_else(|| french_day(n.trans_date.unix_timestamp())),
            accepted,
        },
        Operation::Credit if accepted => NoticeKind::Refund {
            gift: gift().unwrap_or(GiftId::new(0)),
            amount,
        },
        Operation::Credit => return None,
    })
}

/// `20261201` → 2026-12-01.
fn compact_date(raw: &str) -> Option<Date> {
    if raw.len() != 8 {
        return None;
    }
    Date::new(
        raw[..4].parse().ok()?,
        raw[4..6].parse().ok()?,
        raw[6..].parse().ok()?,
    )
    .ok()
}

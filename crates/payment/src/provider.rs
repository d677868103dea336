//! The payment provider the web layer talks to: Systempay for real, or the built-in simulator
//! (our own `/dons/simulateur` page, same fields, same signatures) when none is configured.
//!
//! An enum rather than a trait object: there are exactly two, both known here, and
//! `cancel_subscription` is async — an `async fn` in a trait is not usable as `dyn` on stable Rust
//! without boxing every future by hand (or the `async-trait` crate). Callers hold an
//! `Arc<PaymentProvider>`; a third provider would be a third variant.
//!
//! Subscription/Cancel: docs.lyra.com/en/rest/V4.0/api/playground/?ws=Subscription%2FCancel
//! (input `paymentMethodToken`, `subscriptionId`; response `Common/ResponseCodeAnswer`, code 0 =
//! terminated, 30 = token not found, 32 = subscription not found) and
//! paiement.systempay.fr/doc/en-EN/rest/V4.0/api/kb/authentication.html (HTTP Basic
//! `site_id:password`, server `https://api.systempay.fr`).

use std::time::Duration;

use serde_json::{json, Value};

use crate::config::{Mode, SystempayConfig};
use crate::ipn::SIMULATOR_SITE_ID;
use crate::notification::{Notification, NotificationError};
use crate::request::{form_fields, PaymentRequest};

#[derive(Clone, PartialEq, Eq)]
pub enum PaymentProvider {
    Systempay(SystempayConfig),
    /// `key` signs the simulator's forms and IPNs (a fixed test key, or one derived from our
    /// secret: the caller decides); `form_url` is our own simulator page.
    Simulator {
        key: String,
        form_url: String,
    },
}

/// Never print a key (the configuration is logged at start-up).
impl std::fmt::Debug for PaymentProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PaymentProvider::Systempay(config) => f.debug_tuple("Systempay").field(config).finish(),
            PaymentProvider::Simulator { form_url, .. } => f
                .debug_struct("Simulator")
                .field("key", &"…")
                .field("form_url", form_url)
                .finish(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error("the provider could not be reached: {0}")]
    Unreachable(#[from] reqwest::Error),
    /// The provider answered with an error: its code (`PSP_…` or a response code) and message.
    #[error("the provider refused: {code} {message}")]
    Refused { code: String, message: String },
    #[error("the provider's answer was not understood: {0}")]
    Unexpected(String),
}

impl PaymentProvider {
    /// Where the browser posts the payment form.
    pub fn form_action(&self) -> String {
        match self {
            PaymentProvider::Systempay(config) => config.form_url.clone(),
            PaymentProvider::Simulator { form_url, .. } => form_url.clone(),
        }
    }

    /// The signed hidden fields of the payment form.
    pub fn payment_form(&self, request: &PaymentRequest) -> Vec<(String, String)> {
        match self {
            PaymentProvider::Systempay(config) => {
                form_fields(request, &config.site_id, config.mode, &config.key)
            }
            PaymentProvider::Simulator { key, .. } => {
                form_fields(request, SIMULATOR_SITE_ID, Mode::Test, key)
            }
        }
    }

    /// Check and read an IPN body.
    pub fn verify(&self, body: &[(String, String)]) -> Result<Notification, NotificationError> {
        Notification::parse(body, self.key())
    }

    pub fn is_simulator(&self) -> bool {
        matches!(self, PaymentProvider::Simulator { .. })
    }

    /// The key that signs forms and IPNs.
    pub fn key(&self) -> &str {
        match self {
            PaymentProvider::Systempay(config) => &config.key,
            PaymentProvider::Simulator { key, .. } => key,
        }
    }

    /// Stop a monthly gift at the provider. The simulator's instalments are driven from our side,
    /// so there is nothing to tell it.
    pub async fn cancel_subscription(
        &self,
        subscription_id: &str,
        identifier: &str,
    ) -> Result<(), ProviderError> {
        match self {
            PaymentProvider::Systempay(config) => {
                cancel_at_systempay(config, subscription_id, identifier).await
            }
            PaymentProvider::Simulator { .. } => Ok(()),
        }
    }
}

async fn cancel_at_systempay(
    config: &SystempayConfig,
    subscription_id: &str,
    identifier: &str,
) -> Result<(), ProviderError> {
    let url = format!(
        "{}/Subscription/Cancel",
        config.api_url.trim_end_matches('/')
    );
    let body = json!({ "paymentMethodToken": identifier, "subscriptionId": subscription_id });
    let answer: Value = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()?
        .post(url)
        .basic_auth(&config.site_id, Some(&config.rest_password))
        .json(&body)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    read_cancel_answer(&answer)
}

/// Lyra's REST answers are HTTP 200 with `status` SUCCESS or ERROR; a SUCCESS of Subscription/Cancel
/// still carries a `responseCode`, 0 when the subscription is terminated.
fn read_cancel_answer(answer: &Value) -> Result<(), ProviderError> {
    let detail = &answer["answer"];
    let text = |value: &Value| match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    match answer["status"].as_str() {
        Some("SUCCESS") => match detail["responseCode"].as_i64() {
            None | Some(0) => Ok(()),
            Some(code) => Err(ProviderError::Refused {
                code: code.to_string(),
                message: text(&detail["responseCodeDetail"]),
            }),
        },
        Some("ERROR") => Err(ProviderError::Refused {
            code: text(&detail["errorCode"]),
            message: text(&detail["errorMessage"]),
        }),
        _ => Err(ProviderError::Unexpected(answer.to_string())),
    }
}

#[cfg(test)]
#[path = "provider_tests.rs"]
mod tests;

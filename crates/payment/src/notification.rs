//! The IPN (server-to-server notification) read into a typed `Notification`, only after its
//! signature is checked: nothing of an unsigned body is ever looked at. Also what the store keeps
//! of it: a digest that tells a re-send of the same notification (RETRY, BO) from a changed one,
//! and the fields minus anything about the card.
//!
//! Sources: docs.lyra.com/en-EN/collect/form-payment/standard-payment/computing-the-ipn-signature.html,
//! the "Analyzing the nature of the notification" pages (Lyra and Systempay), and the dictionary
//! pages of vads_trans_uuid, vads_trans_status, vads_operation_type, vads_url_check_src,
//! vads_identifier, vads_subscription, vads_recurrence_number, vads_expiry_month/year.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

use crate::codes::{CheckSource, Operation, TransStatus};
use crate::signature::{verify, SIGNATURE_FIELD};

/// A field is about the card (number, brand, expiry, issuing bank, BIN, 3-D Secure data…) if its
/// name contains one of these. Deliberately broad: storing one field too few costs nothing.
pub const CARD_FIELD_MARKERS: &[&str] = &[
    "card", "expiry", "bank", "bin", "pan", "cvv", "cvc", "crypto", "brand", "threeds", "iban",
    "bic",
];

/// Fields that change between two sendings of the same notification, left out of the digest.
pub const RESEND_FIELDS: &[&str] = &["vads_url_check_src", "vads_hash"];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotificationError {
    #[error("the IPN signature does not match")]
    BadSignature,
    #[error("the IPN has no {0}")]
    Missing(String),
    #[error("the IPN's {0} is malformed")]
    Malformed(String),
}

/// A notification whose signature was checked. `order_id` may be absent from an instalment of a
/// subscription (find it by `subscription`); `amount_cents` is absent from a VERIFICATION.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub trans_uuid: String,
    pub order_id: Option<String>,
    pub operation: Operation,
    pub status: TransStatus,
    pub amount_cents: Option<i64>,
    pub currency: Option<String>,
    pub source: CheckSource,
    pub subscription: Option<String>,
    pub identifier: Option<String>,
    pub sub_amount_cents: Option<i64>,
    pub recurrence_number: Option<u32>,
    /// (year, month) of the card's end of validity, to remind the person before it expires.
    pub card_expiry: Option<(i32, u8)>,
    pub trans_date: OffsetDateTime,
    /// Every `vads_*` field received, by name.
    fields: BTreeMap<String, String>,
}

impl Notification {
    /// Check the signature of `body` (the decoded form pairs of the IPN) with `key`, then read it.
    /// A name given twice is refused: the signature would not say which value counts.
    pub fn parse(body: &[(String, String)], key: &str) -> Result<Notification, NotificationError> {
        let mut fields = BTreeMap::new();
        let mut signature = None;
        for (name, value) in body {
            if name == SIGNATURE_FIELD {
                if signature.replace(value.as_str()).is_some() {
                    return Err(NotificationError::Malformed(name.clone()));
                }
            } else if name.starts_with("vads_")
                && fields.insert(name.clone(), value.clone()).is_some()
            {
                return Err(NotificationError::Malformed(name.clone()));
            }
        }
        let signature =
            signature.ok_or_else(|| NotificationError::Missing(SIGNATURE_FIELD.into()))?;
        if !verify(&fields, key, signature) {
            return Err(NotificationError::BadSignature);
        }
        let read = Reader(&fields);
        let operation_code = read.required("vads_operation_type")?;
        Ok(Notification {
            trans_uuid: read.required("vads_trans_uuid")?.to_string(),
            order_id: read.optional("vads_order_id").map(str::to_string),
            operation: Operation::parse(operation_code)
                .ok_or_else(|| NotificationError::Malformed("vads_operation_type".into()))?,
            status: TransStatus::parse(read.required("vads_trans_status")?),
            amount_cents: read.number("vads_amount")?,
            currency: read.optional("vads_currency").map(str::to_string),
            source: CheckSource::parse(read.required("vads_url_check_src")?),
            subscription: read.optional("vads_subscription").map(str::to_string),
            identifier: read.optional("vads_identifier").map(str::to_string),
            sub_amount_cents: read.number("vads_sub_amount")?,
            recurrence_number: read.number("vads_recurrence_number")?,
            card_expiry: read.expiry()?,
            trans_date: read.timestamp("vads_trans_date")?,
            fields,
        })
    }

    /// Hex SHA-256 of the sorted `vads_*` fields, leaving out [`RESEND_FIELDS`] (the signature is
    /// not a `vads_` field). Two sendings of one notification (PAY, then RETRY or BO) give the same
    /// digest; any other difference — amount, date, outcome — gives another. The status counts by
    /// its outcome only (success or not): a payment AUTHORISED at the form and later notified
    /// CAPTURED (the bank's batch, a back-office re-send) is the same payment, while AUTHORISED then
    /// REFUSED is not. Each name and value is length-prefixed, so no value can be forged to look
    /// like a field boundary.
    pub fn content_digest(&self) -> String {
        let mut hasher = Sha256::new();
        for (name, value) in self
            .fields
            .iter()
            .filter(|(name, _)| !RESEND_FIELDS.contains(&name.as_str()))
        {
            let value = if name == "vads_trans_status" {
                if TransStatus::parse(value).is_success() {
                    "success"
                } else {
                    "failure"
                }
            } else {
                value.as_str()
            };
            hasher.update(format!("{}:{name}{}:{value}\n", name.len(), value.len()));
        }
        hasher
            .finalize()
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect()
    }

    /// What may be stored of the notification: the `vads_*` fields, by name, minus every field
    /// about the card (see [`CARD_FIELD_MARKERS`]).
    pub fn stored_fields(&self) -> Vec<(String, String)> {
        self.fields
            .iter()
            .filter(|(name, _)| !is_card_field(name))
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect()
    }

    /// One received `vads_*` field, for what is not typed above (logs, the simulator).
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

/// Whether a field's name says it is about the card.
pub fn is_card_field(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    CARD_FIELD_MARKERS
        .iter()
        .any(|marker| name.contains(marker))
}

/// Reads typed values out of the checked fields; an empty field counts as absent.
struct Reader<'a>(&'a BTreeMap<String, String>);

impl Reader<'_> {
    fn optional(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|value| !value.is_empty())
    }

    fn required(&self, name: &str) -> Result<&str, NotificationError> {
        self.optional(name)
            .ok_or_else(|| NotificationError::Missing(name.into()))
    }

    /// A count or an amount in cents: ASCII digits only (no sign, no spaces).
    fn number<N: std::str::FromStr>(&self, name: &str) -> Result<Option<N>, NotificationError> {
        let Some(text) = self.optional(name) else {
            return Ok(None);
        };
        let malformed = || NotificationError::Malformed(name.into());
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed());
        }
        text.parse().map(Some).map_err(|_| malformed())
    }

    fn timestamp(&self, name: &str) -> Result<OffsetDateTime, NotificationError> {
        let format = format_description!("[year][month][day][hour][minute][second]");
        PrimitiveDateTime::parse(self.required(name)?, &format)
            .map(PrimitiveDateTime::assume_utc)
            .map_err(|_| NotificationError::Malformed(name.into()))
    }

    /// Both the month and the year, or neither.
    fn expiry(&self) -> Result<Option<(i32, u8)>, NotificationError> {
        let month: Option<u8> = self.number("vads_expiry_month")?;
        let year: Option<i32> = self.number("vads_expiry_year")?;
        match (year, month) {
            (Some(year), Some(month @ 1..=12)) => Ok(Some((year, month))),
            (None, None) => Ok(None),
            (_, Some(_)) if year.is_none() => {
                Err(NotificationError::Missing("vads_expiry_year".into()))
            }
            (Some(_), None) => Err(NotificationError::Missing("vads_expiry_month".into())),
            _ => Err(NotificationError::Malformed("vads_expiry_month".into())),
        }
    }
}

#[cfg(test)]
#[path = "notification_tests.rs"]
mod tests;

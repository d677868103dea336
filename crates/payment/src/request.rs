//! The hidden fields of the form the browser posts to the provider (Lyra "formulaire de paiement" V2,
//! redirection mode). Pure: the transaction's date and id are given by the caller, no clock is read.
//!
//! Sources (docs.lyra.com/en-EN/collect/form-payment/…, same pages under paiement.systempay.fr/doc):
//! "Generating a payment form", the data dictionary pages of each field used below, "Recurring
//! payment details" (vads_sub_*), vads-sub-desc.html (RRULE examples, including the last day of the
//! month), and Lyra's own PHP example `lyra/php-payment-form-examples/example/subscription.php`,
//! which sends REGISTER_SUBSCRIBE with no `vads_amount` ("must be null").

use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcOffset};

use crate::config::Mode;
use crate::signature::{sign, SIGNATURE_FIELD};

/// ISO 4217 numeric code of the euro, the only currency of French political gifts.
pub const CURRENCY_EUR: &str = "978";

/// Which kind of order a transaction pays: see [`TransId::for_order`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransRange {
    Gifts,
    Material,
}

const HALF: u64 = 450_000;

/// `vads_trans_id`: six characters, unique per shop and per day (UTC). See [`TransId::from_sequence`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TransId(String);

impl TransId {
    /// The id of the `sequence`-th payment attempt: `sequence % 900000`, zero-padded to six digits.
    /// Numbers 900000–999999 are left to the provider's own operations (back-office payments and
    /// refunds), so ours stay in 000000–899999. Two attempts get the same id only if their
    /// sequences are 900000 apart, so the ids are unique per day as long as the sequence counts
    /// every *attempt* (each form shown, not each order: a person who comes back to the form needs
    /// a new id) and fewer than 900000 attempts are made in one day.
    pub fn from_sequence(sequence: u64) -> TransId {
        TransId(format!("{:06}", sequence % 900_000))
    }

    /// The id of the `sequence`-th order of one kind. Our 000000–899999 are shared between
    /// the two kinds of orders paid here, so that a gift and a material order made the same
    /// day never get the same id: gifts take 000000–449999, material orders 450000–899999
    /// (each kind then has 450000 attempts a day before wrapping around).
    pub fn for_order(range: TransRange, sequence: i64) -> TransId {
        let within = u64::try_from(sequence).unwrap_or(0) % HALF;
        let offset = match range {
            TransRange::Gifts => 0,
            TransRange::Material => HALF,
        };
        TransId::from_sequence(offset + within)
    }

    /// An id received back (IPN) or stored: exactly six ASCII letters or digits.
    pub fn parse(text: &str) -> Option<TransId> {
        (text.len() == 6 && text.bytes().all(|b| b.is_ascii_alphanumeric()))
            .then(|| TransId(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A single gift now, or a monthly gift: the provider registers the card (a token, `vads_identifier`)
/// and a subscription that debits `amount_cents` from `effect_date` on, each month on `day_of_month`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentKind {
    OneOff,
    Monthly { effect_date: Date, day_of_month: u8 },
}

/// What we ask the provider for. `trans_date` is the moment the form is built (any offset; it is
/// sent in UTC); `return_url` is where the browser comes back whatever the outcome (the outcome
/// itself is only ever learnt from the IPN sent to `ipn_url`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRequest {
    pub order_id: String,
    pub amount_cents: i64,
    pub customer_email: String,
    pub kind: PaymentKind,
    pub return_url: String,
    pub ipn_url: String,
    pub trans_id: TransId,
    pub trans_date: OffsetDateTime,
    pub locale: String,
}

/// The signed fields, in name order, `signature` last.
///
/// One-off: `vads_page_action=PAYMENT`, `vads_payment_config=SINGLE`, `vads_amount`.
/// Monthly: `vads_page_action=REGISTER_SUBSCRIBE` with `vads_sub_*` and *no* `vads_amount`: the
/// person pays nothing at the form (the card is registered, the first instalment is taken by the
/// subscription on `vads_sub_effect_date`, notified with `vads_url_check_src=REC`). Sending an
/// amount there would need REGISTER_PAY_SUBSCRIBE, which charges an extra payment now.
/// `vads_url_success/refused/cancel` are not sent: they default to `vads_url_return`, and our
/// return page reads the outcome from our own records, never from the browser.
pub fn form_fields(
    request: &PaymentRequest,
    site_id: &str,
    mode: Mode,
    key: &str,
) -> Vec<(String, String)> {
    let mut fields: Vec<(&str, String)> = vec![
        ("vads_action_mode", "INTERACTIVE".into()),
        ("vads_ctx_mode", mode.as_str().into()),
        ("vads_currency", CURRENCY_EUR.into()),
        ("vads_cust_email", request.customer_email.clone()),
        ("vads_language", request.locale.clone()),
        ("vads_order_id", request.order_id.clone()),
        ("vads_site_id", site_id.into()),
        ("vads_trans_date", utc_timestamp(request.trans_date)),
        ("vads_trans_id", request.trans_id.as_str().into()),
        ("vads_url_check", request.ipn_url.clone()),
        ("vads_url_return", request.return_url.clone()),
        ("vads_version", "V2".into()),
    ];
    match request.kind {
        PaymentKind::OneOff => fields.extend([
            ("vads_amount", request.amount_cents.to_string()),
            ("vads_page_action", "PAYMENT".into()),
            ("vads_payment_config", "SINGLE".into()),
        ]),
        PaymentKind::Monthly {
            effect_date,
            day_of_month,
        } => fields.extend([
            ("vads_page_action", "REGISTER_SUBSCRIBE".into()),
            ("vads_sub_amount", request.amount_cents.to_string()),
            ("vads_sub_currency", CURRENCY_EUR.into()),
            ("vads_sub_desc", monthly_rule(day_of_month)),
            ("vads_sub_effect_date", compact_date(effect_date)),
        ]),
    }
    fields.sort_by(|a, b| a.0.cmp(b.0));
    let signature = sign(
        fields.iter().map(|(name, value)| (*name, value.as_str())),
        key,
    );
    fields
        .into_iter()
        .map(|(name, value)| (name.to_string(), value))
        .chain([(SIGNATURE_FIELD.to_string(), signature)])
        .collect()
}

/// The RFC 5545 rule of a monthly gift on `day_of_month` (1 to 31; 0 is taken as 1, more than 31
/// as 31). Days 29 to 31 do not exist in every month, and a plain `BYMONTHDAY=31` would skip those
/// months; so from 29 on the rule takes the last existing day among 28..=day (Lyra's own example
/// for "the last day of each month": `BYMONTHDAY=28,29,30,31;BYSETPOS=-1`).
pub fn monthly_rule(day_of_month: u8) -> String {
    let day = day_of_month.clamp(1, 31);
    if day <= 28 {
        format!("RRULE:FREQ=MONTHLY;BYMONTHDAY={day}")
    } else {
        let days: Vec<String> = (28..=day).map(|d| d.to_string()).collect();
        format!(
            "RRULE:FREQ=MONTHLY;BYMONTHDAY={};BYSETPOS=-1",
            days.join(",")
        )
    }
}

/// `YYYYMMDDHHMMSS` in UTC, the format of `vads_trans_date` (and of the IPN's dates).
pub fn utc_timestamp(moment: OffsetDateTime) -> String {
    let format = format_description!("[year][month][day][hour][minute][second]");
    moment
        .to_offset(UtcOffset::UTC)
        .format(&format)
        .expect("a four-digit year formats")
}

/// `YYYYMMDD`, the format of `vads_sub_effect_date`.
pub fn compact_date(date: Date) -> String {
    let format = format_description!("[year][month][day]");
    date.format(&format).expect("a four-digit year formats")
}

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;

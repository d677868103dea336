//! The provider's side, played by our built-in simulator and by the tests: the IPN bodies Systempay
//! would send for a form accepted or refused, for a monthly instalment, for a refund, and for a
//! re-send. They carry the card fields a real IPN carries (masked number, brand, expiry, bank), so
//! that the stripping of `Notification::stored_fields` is exercised on every simulated payment.
//! What they produce is exactly what `Notification::parse` reads (tested in `ipn_tests.rs`).

use rand::Rng;
use time::OffsetDateTime;

use crate::codes::{CheckSource, Operation, TransStatus};
use crate::notification::NotificationError;
use crate::request::{utc_timestamp, TransId, CURRENCY_EUR};
use crate::signature::{sign, verify, SIGNATURE_FIELD};

/// The shop id the simulator's forms carry (no real shop has it).
pub const SIMULATOR_SITE_ID: &str = "00000000";

/// Lyra's documented test card (Visa/CB, accepted in TEST mode), as an IPN shows it: masked.
const TEST_CARD_NUMBER: &str = "497010XXXXXX0055";

/// What the person chose on the simulator's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Refuse,
}

/// A monthly instalment of an existing subscription, as the provider debits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instalment {
    pub site_id: String,
    pub order_id: String,
    pub subscription: String,
    pub identifier: String,
    pub amount_cents: i64,
    pub recurrence_number: u32,
    pub trans_id: TransId,
    pub trans_date: OffsetDateTime,
    pub decision: Decision,
}

/// A refund (CREDIT) of an earlier payment of `order_id`, made from the provider's back office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refund {
    pub site_id: String,
    pub order_id: String,
    pub amount_cents: i64,
    pub trans_id: TransId,
    pub trans_date: OffsetDateTime,
}

/// The provider's first check of a posted form: its signature. The simulator page calls it before
/// it shows anything.
pub fn check_form(form: &[(String, String)], key: &str) -> Result<(), NotificationError> {
    let signature = form
        .iter()
        .find(|(name, _)| name == SIGNATURE_FIELD)
        .ok_or_else(|| NotificationError::Missing(SIGNATURE_FIELD.into()))?;
    if verify(form.iter().map(|(n, v)| (n, v)), key, &signature.1) {
        Ok(())
    } else {
        Err(NotificationError::BadSignature)
    }
}

/// The IPN for a posted payment `form` (the fields of `request::form_fields`) once the person
/// decided. The form's `vads_*` fields are echoed (not its URLs, as the provider does not), with a
/// new `vads_trans_uuid`. A PAYMENT is a DEBIT, AUTHORISED or REFUSED; a REGISTER_SUBSCRIBE is a
/// VERIFICATION, ACCEPTED with a new subscription and token (`vads_subscription`,
/// `vads_identifier`), or REFUSED with neither.
pub fn signed_ipn(
    form: &[(String, String)],
    decision: Decision,
    key: &str,
) -> Vec<(String, String)> {
    let echoed = form
        .iter()
        .filter(|(name, _)| name.starts_with("vads_") && !name.starts_with("vads_url_"));
    let mut fields: Vec<(String, String)> = echoed.cloned().collect();
    let value_of = |name: &str| form.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    let subscribing = value_of("vads_page_action").as_deref() == Some("REGISTER_SUBSCRIBE");
    let accepted = decision == Decision::Accept;
    let (operation, success) = if subscribing {
        (Operation::Verification, TransStatus::Accepted)
    } else {
        (Operation::Debit, TransStatus::Authorised)
    };
    let status = if accepted {
        success
    } else {
        TransStatus::Refused
    };
    push_outcome(&mut fields, operation, &status, CheckSource::Pay);
    if let Some(amount) = value_of("vads_amount").filter(|_| accepted) {
        fields.push(("vads_effective_amount".into(), amount));
    }
    if subscribing {
        let created = if accepted { "CREATED" } else { "NOT_CREATED" };
        fields.push(("vads_recurrence_status".into(), created.into()));
        if accepted {
            fields.push(("vads_identifier".into(), random_hex(32)));
            fields.push(("vads_identifier_status".into(), "CREATED".into()));
            fields.push(("vads_subscription".into(), random_hex(32)));
        }
    }
    let year = value_of("vads_trans_date")
        .and_then(|date| date.get(..4)?.parse().ok())
        .unwrap_or(2030);
    push_card(&mut fields, year);
    signed(fields, key)
}

/// The IPN of a monthly instalment (`vads_url_check_src=REC`, a DEBIT).
pub fn instalment_ipn(instalment: &Instalment, key: &str) -> Vec<(String, String)> {
    let status = match instalment.decision {
        Decision::Accept => TransStatus::Authorised,
        Decision::Refuse => TransStatus::Refused,
    };
    let mut fields = transaction(
        &instalment.site_id,
        &instalment.order_id,
        instalment.amount_cents,
        &instalment.trans_id,
        instalment.trans_date,
    );
    push_outcome(&mut fields, Operation::Debit, &status, CheckSource::Rec);
    fields.extend([
        ("vads_identifier".into(), instalment.identifier.clone()),
        (
            "vads_recurrence_number".into(),
            instalment.recurrence_number.to_string(),
        ),
        ("vads_subscription".into(), instalment.subscription.clone()),
    ]);
    push_card(&mut fields, instalment.trans_date.year());
    signed(fields, key)
}

/// The IPN of a refund made from the back office (`MERCH_BO`, a CREDIT, AUTHORISED).
pub fn refund_ipn(refund: &Refund, key: &str) -> Vec<(String, String)> {
    let mut fields = transaction(
        &refund.site_id,
        &refund.order_id,
        refund.amount_cents,
        &refund.trans_id,
        refund.trans_date,
    );
    push_outcome(
        &mut fields,
        Operation::Credit,
        &TransStatus::Authorised,
        CheckSource::MerchBo,
    );
    push_card(&mut fields, refund.trans_date.year());
    signed(fields, key)
}

/// The same notification sent again (`RETRY` by the provider, `BO` by hand): only the source and
/// the per-sending hash change, and it is signed anew.
pub fn resent_ipn(
    ipn: &[(String, String)],
    source: CheckSource,
    key: &str,
) -> Vec<(String, String)> {
    let fields = ipn
        .iter()
        .filter(|(name, _)| name.starts_with("vads_"))
        .map(|(name, value)| match name.as_str() {
            "vads_url_check_src" => (name.clone(), source.as_str().to_string()),
            "vads_hash" => (name.clone(), random_hex(64)),
            _ => (name.clone(), value.clone()),
        })
        .collect();
    signed(fields, key)
}

/// The fields every transaction's IPN carries, for those not started from a form.
fn transaction(
    site_id: &str,
    order_id: &str,
    amount_cents: i64,
    trans_id: &TransId,
    at: OffsetDateTime,
) -> Vec<(String, String)> {
    vec![
        ("vads_amount".into(), amount_cents.to_string()),
        ("vads_ctx_mode".into(), "TEST".into()),
        ("vads_currency".into(), CURRENCY_EUR.into()),
        ("vads_effective_amount".into(), amount_cents.to_string()),
        ("vads_order_id".into(), order_id.into()),
        ("vads_site_id".into(), site_id.into()),
        ("vads_trans_date".into(), utc_timestamp(at)),
        ("vads_trans_id".into(), trans_id.as_str().into()),
        ("vads_version".into(), "V2".into()),
    ]
}

fn push_outcome(
    fields: &mut Vec<(String, String)>,
    operation: Operation,
    status: &TransStatus,
    source: CheckSource,
) {
    let result = if status.is_success() { "00" } else { "05" };
    fields.extend([
        ("vads_auth_result".into(), result.into()),
        ("vads_hash".into(), random_hex(64)),
        ("vads_operation_type".into(), operation.as_str().into()),
        ("vads_result".into(), result.into()),
        ("vads_trans_status".into(), status.as_str().into()),
        ("vads_trans_uuid".into(), random_hex(32)),
        ("vads_url_check_src".into(), source.as_str().into()),
    ]);
}

/// The card as a real IPN shows it, valid until June three years after the transaction.
fn push_card(fields: &mut Vec<(String, String)>, year: i32) {
    fields.extend([
        ("vads_bank_code".into(), "17807".into()),
        ("vads_bank_label".into(), "Banque de test".into()),
        ("vads_card_brand".into(), "CB".into()),
        ("vads_card_country".into(), "FR".into()),
        ("vads_card_number".into(), TEST_CARD_NUMBER.into()),
        ("vads_expiry_month".into(), "6".into()),
        ("vads_expiry_year".into(), (year + 3).to_string()),
    ]);
}

fn signed(mut fields: Vec<(String, String)>, key: &str) -> Vec<(String, String)> {
    fields.sort();
    let signature = sign(fields.iter().map(|(n, v)| (n, v)), key);
    fields.push((SIGNATURE_FIELD.into(), signature));
    fields
}

fn random_hex(length: usize) -> String {
    let mut rng = rand::thread_rng();
    (0..length)
        .map(|_| char::from_digit(rng.gen_range(0..16), 16).expect("below 16"))
        .collect()
}

#[cfg(test)]
#[path = "ipn_tests.rs"]
mod tests;

//! Fixtures shared by the unit tests: one shop key, one request, the IPNs the simulator sends for it.

use time::macros::{date, datetime};

use crate::config::Mode;
use crate::ipn::{signed_ipn, Decision, SIMULATOR_SITE_ID};
use crate::request::{form_fields, PaymentKind, PaymentRequest, TransId};

/// The key of the test vector.
pub const KEY: &str = "0123456789ABCDEF";

/// A 20 € gift by Camille, order D-42, built at 23:30:05 in Paris on 30 June 2025 (21:30:05 UTC).
pub fn request(kind: PaymentKind) -> PaymentRequest {
    PaymentRequest {
        order_id: "D-42".into(),
        amount_cents: 2000,
        customer_email: "camille@example.org".into(),
        kind,
        return_url: "https://essaim.example/dons/merci/D-42".into(),
        ipn_url: "https://essaim.example/dons/ipn".into(),
        trans_id: TransId::from_sequence(42),
        trans_date: datetime!(2025-06-30 23:30:05 +02:00),
        locale: "fr".into(),
    }
}

/// Monthly on the 5th, from 5 July 2025.
pub fn monthly() -> PaymentKind {
    PaymentKind::Monthly {
        effect_date: date!(2025 - 07 - 05),
        day_of_month: 5,
    }
}

/// The simulator's form for `kind`, signed with [`KEY`].
pub fn simulator_form(kind: PaymentKind) -> Vec<(String, String)> {
    form_fields(&request(kind), SIMULATOR_SITE_ID, Mode::Test, KEY)
}

/// The IPN the simulator sends once the person decided on that form.
pub fn simulator_ipn(kind: PaymentKind, decision: Decision) -> Vec<(String, String)> {
    signed_ipn(&simulator_form(kind), decision, KEY)
}

/// `fields` with `name` set to `value` (added if absent), the signature left as it was.
pub fn with_field(fields: &[(String, String)], name: &str, value: &str) -> Vec<(String, String)> {
    let mut changed: Vec<(String, String)> =
        fields.iter().filter(|(n, _)| n != name).cloned().collect();
    changed.push((name.into(), value.into()));
    changed
}

/// `fields` signed anew with [`KEY`] (the old signature dropped).
pub fn resigned(fields: &[(String, String)]) -> Vec<(String, String)> {
    let mut unsigned: Vec<(String, String)> = fields
        .iter()
        .filter(|(n, _)| n != "signature")
        .cloned()
        .collect();
    let signature = crate::signature::sign(unsigned.iter().map(|(n, v)| (n, v)), KEY);
    unsigned.push(("signature".into(), signature));
    unsigned
}

/// Whether `text` is `length` lowercase hex digits.
pub fn is_hex(text: &str, length: usize) -> bool {
    text.len() == length && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

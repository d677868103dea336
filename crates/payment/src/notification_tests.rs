use time::macros::datetime;

use super::*;
use crate::ipn::{resent_ipn, Decision};
use crate::request::PaymentKind;
use crate::test_support::{resigned, simulator_ipn, with_field, KEY};

fn accepted_gift() -> Vec<(String, String)> {
    simulator_ipn(PaymentKind::OneOff, Decision::Accept)
}

#[test]
fn an_accepted_gift_reads_as_an_authorised_debit_of_its_order() {
    let notification = Notification::parse(&accepted_gift(), KEY).unwrap();
    assert_eq!(notification.order_id.as_deref(), Some("D-42"));
    assert_eq!(notification.operation, Operation::Debit);
    assert_eq!(notification.status, TransStatus::Authorised);
    assert!(notification.status.is_success());
    assert_eq!(notification.amount_cents, Some(2000));
    assert_eq!(notification.currency.as_deref(), Some("978"));
    assert_eq!(notification.source, CheckSource::Pay);
    assert_eq!(notification.trans_date, datetime!(2025-06-30 21:30:05 UTC));
    assert_eq!(notification.card_expiry, Some((2028, 6)));
    assert_eq!(notification.subscription, None);
    assert_eq!(notification.trans_uuid.len(), 32);
}

#[test]
fn changing_any_field_of_a_signed_ipn_is_a_bad_signature() {
    let ipn = accepted_gift();
    for (name, value) in ipn.iter().filter(|(name, _)| name.starts_with("vads_")) {
        let tampered = with_field(&ipn, name, &format!("{value}0"));
        assert_eq!(
            Notification::parse(&tampered, KEY),
            Err(NotificationError::BadSignature),
            "{name}"
        );
    }
    let added = with_field(&ipn, "vads_extra", "1");
    assert_eq!(
        Notification::parse(&added, KEY),
        Err(NotificationError::BadSignature)
    );
    assert_eq!(
        Notification::parse(&ipn, "another key"),
        Err(NotificationError::BadSignature)
    );
}

#[test]
fn an_ipn_without_a_signature_or_with_a_repeated_field_is_refused() {
    let unsigned: Vec<_> = accepted_gift()
        .into_iter()
        .filter(|(name, _)| name != "signature")
        .collect();
    assert_eq!(
        Notification::parse(&unsigned, KEY),
        Err(NotificationError::Missing("signature".into()))
    );
    let mut repeated = accepted_gift();
    repeated.push(("vads_amount".into(), "1".into()));
    assert_eq!(
        Notification::parse(&repeated, KEY),
        Err(NotificationError::Malformed("vads_amount".into()))
    );
}

#[test]
fn a_signed_ipn_missing_or_garbling_a_needed_field_says_which() {
    let ipn = accepted_gift();
    let without_uuid = resigned(&with_field(&ipn, "vads_trans_uuid", ""));
    assert_eq!(
        Notification::parse(&without_uuid, KEY),
        Err(NotificationError::Missing("vads_trans_uuid".into()))
    );
    for (name, value) in [
        ("vads_amount", "-2000"),
        ("vads_amount", "20.00"),
        ("vads_operation_type", "REFUND"),
        ("vads_trans_date", "2025-06-30"),
        ("vads_expiry_month", "13"),
    ] {
        let garbled = resigned(&with_field(&ipn, name, value));
        let expected = Err(NotificationError::Malformed(name.into()));
        assert_eq!(
            Notification::parse(&garbled, KEY),
            expected,
            "{name}={value}"
        );
    }
}

#[test]
fn a_retry_or_back_office_resend_has_the_same_digest_as_the_first_sending() {
    let first = accepted_gift();
    let digest = Notification::parse(&first, KEY).unwrap().content_digest();
    assert!(crate::test_support::is_hex(&digest, 64));
    for source in [CheckSource::Retry, CheckSource::Bo, CheckSource::Pay] {
        let again = Notification::parse(&resent_ipn(&first, source.clone(), KEY), KEY).unwrap();
        assert_eq!(again.source, source);
        assert_eq!(again.content_digest(), digest);
    }
}

#[test]
fn a_resend_with_another_amount_or_outcome_has_another_digest() {
    let first = accepted_gift();
    let digest = Notification::parse(&first, KEY).unwrap().content_digest();
    for (name, value) in [("vads_amount", "200000"), ("vads_trans_status", "REFUSED")] {
        let changed = resigned(&with_field(
            &resent_ipn(&first, CheckSource::Retry, KEY),
            name,
            value,
        ));
        assert_ne!(
            Notification::parse(&changed, KEY).unwrap().content_digest(),
            digest,
            "{name}"
        );
    }
}

#[test]
fn a_payment_authorised_then_notified_captured_is_the_same_payment() {
    let first = accepted_gift();
    let digest = Notification::parse(&first, KEY).unwrap().content_digest();
    let captured = resigned(&with_field(
        &resent_ipn(&first, CheckSource::BatchAuto, KEY),
        "vads_trans_status",
        "CAPTURED",
    ));
    assert_eq!(
        Notification::parse(&captured, KEY)
            .unwrap()
            .content_digest(),
        digest
    );
}

#[test]
fn nothing_stored_of_a_notification_is_about_the_card() {
    let ipn = accepted_gift();
    let received: Vec<&str> = ipn.iter().map(|(name, _)| name.as_str()).collect();
    for card_field in [
        "vads_card_number",
        "vads_card_brand",
        "vads_expiry_month",
        "vads_expiry_year",
        "vads_bank_label",
    ] {
        assert!(
            received.contains(&card_field),
            "the simulated IPN should carry {card_field}"
        );
    }
    let stored = Notification::parse(&ipn, KEY).unwrap().stored_fields();
    for (name, value) in &stored {
        assert!(!is_card_field(name), "{name} was kept");
        assert!(
            !value.contains("XXXXXX"),
            "{name} holds a masked card number"
        );
    }
    let kept: Vec<&str> = stored.iter().map(|(name, _)| name.as_str()).collect();
    for needed in [
        "vads_trans_uuid",
        "vads_order_id",
        "vads_amount",
        "vads_trans_status",
        "vads_operation_type",
    ] {
        assert!(kept.contains(&needed), "{needed} was dropped");
    }
}

#[test]
fn the_card_field_markers_catch_every_card_field_of_the_dictionary() {
    for name in [
        "vads_card_number",
        "vads_card_brand",
        "vads_card_country",
        "vads_card_holder_name",
        "vads_expiry_month",
        "vads_expiry_year",
        "vads_bank_code",
        "vads_bank_label",
        "vads_bank_product",
        "vads_brand_management",
        "vads_threeds_cavv",
        "vads_threeds_eci",
        "vads_cvv",
        "vads_bin",
        "vads_pan",
        "vads_cryptogram",
        "vads_iban",
        "vads_bic",
    ] {
        assert!(is_card_field(name), "{name}");
    }
    for name in [
        "vads_trans_uuid",
        "vads_identifier",
        "vads_subscription",
        "vads_amount",
        "vads_order_id",
    ] {
        assert!(!is_card_field(name), "{name}");
    }
}

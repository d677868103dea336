use time::macros::datetime;

use super::*;
use crate::notification::Notification;
use crate::request::PaymentKind;
use crate::test_support::{is_hex, monthly, simulator_form, simulator_ipn, with_field, KEY};

fn read(ipn: &[(String, String)]) -> Notification {
    Notification::parse(ipn, KEY).expect("the simulator's IPN reads back")
}

#[test]
fn the_provider_checks_the_forms_signature_first() {
    let form = simulator_form(PaymentKind::OneOff);
    assert_eq!(check_form(&form, KEY), Ok(()));
    let tampered = with_field(&form, "vads_amount", "1");
    assert_eq!(
        check_form(&tampered, KEY),
        Err(NotificationError::BadSignature)
    );
    let unsigned: Vec<_> = form
        .into_iter()
        .filter(|(name, _)| name != "signature")
        .collect();
    assert_eq!(
        check_form(&unsigned, KEY),
        Err(NotificationError::Missing("signature".into()))
    );
}

#[test]
fn a_refused_gift_is_a_refused_debit() {
    let notification = read(&simulator_ipn(PaymentKind::OneOff, Decision::Refuse));
    assert_eq!(notification.operation, Operation::Debit);
    assert_eq!(notification.status, TransStatus::Refused);
    assert!(!notification.status.is_success());
    assert_eq!(notification.order_id.as_deref(), Some("D-42"));
}

#[test]
fn an_accepted_monthly_gift_is_a_verification_with_a_subscription_and_a_token() {
    let notification = read(&simulator_ipn(monthly(), Decision::Accept));
    assert_eq!(notification.operation, Operation::Verification);
    assert_eq!(notification.status, TransStatus::Accepted);
    assert!(notification.status.is_success());
    assert_eq!(notification.amount_cents, None);
    assert_eq!(notification.sub_amount_cents, Some(2000));
    assert!(is_hex(notification.subscription.as_deref().unwrap(), 32));
    assert!(is_hex(notification.identifier.as_deref().unwrap(), 32));
    assert_eq!(
        notification.field("vads_recurrence_status"),
        Some("CREATED")
    );
}

#[test]
fn a_refused_monthly_gift_creates_no_subscription() {
    let notification = read(&simulator_ipn(monthly(), Decision::Refuse));
    assert_eq!(notification.operation, Operation::Verification);
    assert_eq!(notification.status, TransStatus::Refused);
    assert_eq!(notification.subscription, None);
    assert_eq!(notification.identifier, None);
}

#[test]
fn an_instalment_reads_back_as_a_recurring_debit_of_its_subscription() {
    let instalment = Instalment {
        site_id: SIMULATOR_SITE_ID.into(),
        order_id: "D-42".into(),
        subscription: "sub-1".into(),
        identifier: "token-1".into(),
        amount_cents: 2000,
        recurrence_number: 3,
        trans_id: TransId::from_sequence(7),
        trans_date: datetime!(2025-09-05 03:00 UTC),
        decision: Decision::Accept,
    };
    let notification = read(&instalment_ipn(&instalment, KEY));
    assert_eq!(notification.source, CheckSource::Rec);
    assert_eq!(notification.operation, Operation::Debit);
    assert_eq!(notification.status, TransStatus::Authorised);
    assert_eq!(notification.amount_cents, Some(2000));
    assert_eq!(notification.recurrence_number, Some(3));
    assert_eq!(notification.subscription.as_deref(), Some("sub-1"));
    assert_eq!(notification.identifier.as_deref(), Some("token-1"));
    assert_eq!(notification.trans_date, datetime!(2025-09-05 03:00 UTC));
    assert_eq!(notification.card_expiry, Some((2028, 6)));

    let failed = Instalment {
        decision: Decision::Refuse,
        ..instalment
    };
    assert_eq!(
        read(&instalment_ipn(&failed, KEY)).status,
        TransStatus::Refused
    );
}

#[test]
fn a_refund_reads_back_as_a_credit_of_its_order() {
    let refund = Refund {
        site_id: SIMULATOR_SITE_ID.into(),
        order_id: "D-42".into(),
        amount_cents: 2000,
        trans_id: TransId::from_sequence(8),
        trans_date: datetime!(2025-07-02 10:00 UTC),
    };
    let notification = read(&refund_ipn(&refund, KEY));
    assert_eq!(notification.operation, Operation::Credit);
    assert_eq!(notification.source, CheckSource::MerchBo);
    assert_eq!(notification.order_id.as_deref(), Some("D-42"));
    assert_eq!(notification.amount_cents, Some(2000));
}

#[test]
fn each_transaction_gets_its_own_uuid_and_a_resend_keeps_it() {
    let first = simulator_ipn(PaymentKind::OneOff, Decision::Accept);
    let second = simulator_ipn(PaymentKind::OneOff, Decision::Accept);
    let uuid = read(&first).trans_uuid;
    assert!(is_hex(&uuid, 32));
    assert_ne!(read(&second).trans_uuid, uuid);
    let retry = read(&resent_ipn(&first, CheckSource::Retry, KEY));
    assert_eq!(retry.trans_uuid, uuid);
    assert_eq!(retry.source, CheckSource::Retry);
    assert_ne!(retry.field("vads_hash"), read(&first).field("vads_hash"));
}

#[test]
fn the_ipn_does_not_echo_the_forms_urls() {
    let ipn = simulator_ipn(PaymentKind::OneOff, Decision::Accept);
    assert!(ipn
        .iter()
        .all(|(name, _)| !name.starts_with("vads_url_") || name == "vads_url_check_src"));
}

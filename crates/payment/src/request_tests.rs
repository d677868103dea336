//! Golden expectations written by hand from Lyra's field dictionary, not from our own output.

use time::macros::date;

use super::*;
use crate::signature::verify;
use crate::test_support::{request, KEY};

fn without_signature(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .filter(|(name, _)| name != "signature")
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect()
}

#[test]
fn a_one_off_gift_asks_for_a_single_payment_now() {
    let fields = form_fields(&request(PaymentKind::OneOff), "12345678", Mode::Test, KEY);
    assert_eq!(
        without_signature(&fields),
        vec![
            ("vads_action_mode", "INTERACTIVE"),
            ("vads_amount", "2000"),
            ("vads_ctx_mode", "TEST"),
            ("vads_currency", "978"),
            ("vads_cust_email", "camille@example.org"),
            ("vads_language", "fr"),
            ("vads_order_id", "D-42"),
            ("vads_page_action", "PAYMENT"),
            ("vads_payment_config", "SINGLE"),
            ("vads_site_id", "12345678"),
            ("vads_trans_date", "20250630213005"),
            ("vads_trans_id", "000042"),
            ("vads_url_check", "https://essaim.example/dons/ipn"),
            ("vads_url_return", "https://essaim.example/dons/merci/D-42"),
            ("vads_version", "V2"),
        ]
    );
    let (last_name, signature) = fields.last().unwrap();
    assert_eq!(last_name, "signature");
    assert!(verify(without_signature(&fields), KEY, signature));
}

#[test]
fn a_monthly_gift_registers_the_card_and_a_subscription_without_paying_now() {
    let monthly = PaymentKind::Monthly {
        effect_date: date!(2025 - 07 - 05),
        day_of_month: 5,
    };
    let fields = form_fields(&request(monthly), "12345678", Mode::Production, KEY);
    assert_eq!(
        without_signature(&fields),
        vec![
            ("vads_action_mode", "INTERACTIVE"),
            ("vads_ctx_mode", "PRODUCTION"),
            ("vads_currency", "978"),
            ("vads_cust_email", "camille@example.org"),
            ("vads_language", "fr"),
            ("vads_order_id", "D-42"),
            ("vads_page_action", "REGISTER_SUBSCRIBE"),
            ("vads_site_id", "12345678"),
            ("vads_sub_amount", "2000"),
            ("vads_sub_currency", "978"),
            ("vads_sub_desc", "RRULE:FREQ=MONTHLY;BYMONTHDAY=5"),
            ("vads_sub_effect_date", "20250705"),
            ("vads_trans_date", "20250630213005"),
            ("vads_trans_id", "000042"),
            ("vads_url_check", "https://essaim.example/dons/ipn"),
            ("vads_url_return", "https://essaim.example/dons/merci/D-42"),
            ("vads_version", "V2"),
        ]
    );
    assert!(verify(
        without_signature(&fields),
        KEY,
        &fields.last().unwrap().1
    ));
}

#[test]
fn a_monthly_rule_late_in_the_month_falls_back_to_the_last_day() {
    assert_eq!(monthly_rule(1), "RRULE:FREQ=MONTHLY;BYMONTHDAY=1");
    assert_eq!(monthly_rule(28), "RRULE:FREQ=MONTHLY;BYMONTHDAY=28");
    assert_eq!(
        monthly_rule(30),
        "RRULE:FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1"
    );
    assert_eq!(
        monthly_rule(31),
        "RRULE:FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1"
    );
    assert_eq!(monthly_rule(0), "RRULE:FREQ=MONTHLY;BYMONTHDAY=1");
}

#[test]
fn trans_ids_are_six_digits_and_wrap_below_the_providers_range() {
    assert_eq!(TransId::from_sequence(0).as_str(), "000000");
    assert_eq!(TransId::from_sequence(42).as_str(), "000042");
    assert_eq!(TransId::from_sequence(899_999).as_str(), "899999");
    assert_eq!(TransId::from_sequence(900_000).as_str(), "000000");
    assert_eq!(TransId::from_sequence(1_900_042).as_str(), "100042");
}

#[test]
fn gifts_and_material_orders_never_share_a_trans_id() {
    use crate::TransRange::{Gifts, Material};
    assert_eq!(TransId::for_order(Gifts, 42).as_str(), "000042");
    assert_eq!(TransId::for_order(Material, 42).as_str(), "450042");
    assert_eq!(TransId::for_order(Gifts, 449_999).as_str(), "449999");
    assert_eq!(TransId::for_order(Gifts, 450_000).as_str(), "000000");
    assert_eq!(TransId::for_order(Material, 449_999).as_str(), "899999");
    assert_eq!(TransId::for_order(Material, 450_001).as_str(), "450001");
}

#[test]
fn a_trans_id_is_parsed_only_from_six_letters_or_digits() {
    assert_eq!(
        TransId::parse("a1B2c3").map(|id| id.as_str().to_string()),
        Some("a1B2c3".into())
    );
    assert!(TransId::parse("12345").is_none());
    assert!(TransId::parse("1234567").is_none());
    assert!(TransId::parse("12 456").is_none());
    assert!(TransId::parse("1234é").is_none());
}

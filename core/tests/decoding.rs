//! Tolerant decoding: a response model built from the engine's types reads every quirk the
//! API is documented to send, keeps fields it does not know, and loses no precision.

use chrono::{Datelike, TimeZone, Timelike, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Map, Value};
use vobiz_partner::timestamp::TimeValue;
use vobiz_partner::{Money, Timestamp};

/// A model in the shape later issues use: known fields typed, optional ones optional, the
/// rest kept in `extra`.
#[derive(Debug, Deserialize)]
struct Quirky {
    balance: Money,
    amount: Money,
    partner_balance_after: Money,
    zero: Money,
    cost: Money,
    packet_loss: f64,
    created_at: Timestamp,
    updated_at: Timestamp,
    add_time: Timestamp,
    created: Timestamp,
    answer_time: Option<Timestamp>,
    hangup_cause: Option<String>,
    next: Option<String>,
    missing_entirely: Option<Money>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

fn fixture() -> Quirky {
    serde_json::from_str(include_str!("fixtures/quirks.json")).unwrap()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

#[test]
fn money_in_every_encoding_is_exact() {
    let q = fixture();
    assert_eq!(q.balance.as_decimal(), dec("23906.83000"));
    assert_eq!(q.amount.as_decimal(), dec("500"));
    assert_eq!(q.partner_balance_after.as_decimal(), dec("47750"));
    assert_eq!(q.zero.as_decimal(), Decimal::ZERO);
    assert_eq!(
        q.cost.as_decimal(),
        dec("0.3"),
        "0.3 must not become 0.29999…"
    );
    assert_eq!(q.packet_loss, 0.3);
}

#[test]
fn timestamps_in_every_form_parse() {
    let q = fixture();
    let created = q.created_at.to_utc().unwrap();
    assert_eq!((created.hour(), created.nanosecond()), (9, 785_758_533));
    assert_eq!(
        q.updated_at.to_utc(),
        Some(Utc.with_ymd_and_hms(2026, 7, 21, 9, 18, 26).unwrap())
    );
    let add = q.add_time.to_utc().unwrap();
    assert_eq!(
        (add.hour(), add.minute()),
        (4, 15),
        "+05:30 with a space separator"
    );
    assert!(matches!(q.created.value(), TimeValue::Date(d) if d.day() == 25));
    assert_eq!(
        q.created_at.raw(),
        "2026-07-21T09:18:26.785758533Z",
        "the original text is kept"
    );
}

#[test]
fn nulls_and_absent_fields_are_accepted() {
    let q = fixture();
    assert!(q.answer_time.is_none() && q.hangup_cause.is_none() && q.next.is_none());
    assert!(q.missing_entirely.is_none());
}

#[test]
fn unknown_fields_are_preserved() {
    let q = fixture();
    assert_eq!(q.extra["kyc_mode"], "customer_use");
    assert_eq!(q.extra["kyc_calls_blocked"], true);
    assert_eq!(q.extra["brand_new_field"]["added"], "2026-11-01");
    assert_eq!(q.extra["another_unknown"], serde_json::json!([1, 2, 3]));
    assert!(
        !q.extra.contains_key("balance"),
        "known fields are not duplicated"
    );
}

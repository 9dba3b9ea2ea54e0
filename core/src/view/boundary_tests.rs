//! The explicit view conversion against serde: secrets never reach a serializer, the views
//! are what the former capturing serializer produced, and the derive writes the keys and
//! shapes serde writes.

use serde::Serialize;
use serde_json::{Value, json};

use super::{FlattenView, IntoView, View, to_view};
use crate::models::{
    AuthCredentials, BulkOnboardingRow, CdrPage, ConsoleTokens, CreatedCustomer, Customer,
    KycSessionCreated, LoginTokens, OnboardingKind, OnboardingState, OnboardingStep,
    OnceShownCredentials, PartnerLogin, SafeTransfer, SafeTransferOutcome, StepOutcome, StepReport,
    SubAccountCreated, SubAccountKycSessionCreated, SubAccountObject, TrunkCredential,
};
use crate::money::Money;
use crate::secret::Secret;
use crate::timestamp::Timestamp;

// --- inputs -----------------------------------------------------------------------------

pub(crate) const CUSTOMER: &str = r#"{
    "id": 4211,
    "auth_id": "MA_PARITY01",
    "auth_token": "CANARY_tok_customer",
    "name": "Asha Rao",
    "email": "asha@acme.in",
    "tds_enabled": "true",
    "tds_percentage": 2.5,
    "postpaid": false,
    "auto_recharge_config": {"enabled": true, "mode": "threshold", "notes": null},
    "cash_credits": "23906.83000",
    "cps_limit": "10",
    "concurrent_calls_limit": 5,
    "kyc_status": "verified",
    "custom_referrer_reward_amount": 500.00,
    "pricing_tier_id": "tier_gold",
    "pricing_tier": {
        "id": "tier_gold",
        "name": "Gold",
        "currency": "INR",
        "rate_per_minute": "0.45000",
        "non_connected_call_fee": 0.10,
        "did_release_fee": 700,
        "charge_non_connected_calls": "false",
        "is_default": true,
        "tier_badge": "gold-2026"
    },
    "created_at": "2026-05-07 09:45:35.79276+05:30",
    "updated_at": "2026-07-21T09:18:26Z",
    "kyc_mode": "customer_use",
    "flags": ["beta", "ivr"],
    "profile": {"plan": "pro", "webhook_secret": "CANARY_tok_nested", "tags": ["a"]},
    "id_token": "CANARY_tok_unknown",
    "archived": false,
    "deleted_at": null
}"#;

pub(crate) const CDR_PAGE: &str = r#"{
    "success": true,
    "account_id": "MA_PARITY01",
    "data": [{
        "id": 77,
        "uuid": "c0ffee-1",
        "call_direction": "outbound",
        "caller_id_number": "+918012345678",
        "destination_number": "+919876543210",
        "duration": "42",
        "billsec": 40,
        "cost": "0.30000",
        "hangup_cause": "NORMAL_CLEARING",
        "start_time": "2026-07-21T09:18:26Z",
        "end_time": "2026-07-21 09:19:08 UTC",
        "sip_codec": "PCMU"
    }],
    "pagination": {"page": 1, "per_page": 20, "total": "1", "has_next": false, "cursor_kind": "page"},
    "summary": {
        "answerRate": 0.5,
        "answeredCalls": "1",
        "avgCallDuration": "00:00:42",
        "totalCalls": 2,
        "total_cost": "0.30000",
        "last_call_at": "2026-07-21T09:19:08Z",
        "region": "IN-KA"
    },
    "filters": {"search": "+91801", "status": "answered"},
    "server": "cdr-eu-1"
}"#;

pub(crate) const LEDGER_ROW: &str = r#"{
    "id": "txn_81",
    "account_id": "MA_PARITY01",
    "type": "credit",
    "amount": "500.00000",
    "currency": "INR",
    "description": "April [ref:vbz-00000000000000000000abcd]",
    "status": "completed",
    "created_at": "2026-07-21T09:18:26.785758533Z",
    "ledger": "customer"
}"#;

fn safe_transfer() -> SafeTransfer {
    let row: crate::models::Transaction = serde_json::from_str(LEDGER_ROW).unwrap();
    SafeTransfer {
        reference: "vbz-00000000000000000000abcd".into(),
        customer_auth_id: "MA_PARITY01".into(),
        transaction_id: Some("txn_81".into()),
        amount: "500.00".parse().unwrap(),
        currency: "INR".into(),
        description: "April [ref:vbz-00000000000000000000abcd]".into(),
        outcome: SafeTransferOutcome::Duplicated,
        reconciled: true,
        attempts: 2,
        ledger_row: Some(row.clone()),
        duplicate_rows: vec![row],
        partner_balance_after: None,
        customer_balance_after: Some("1500.50".parse().unwrap()),
        timestamp: Some(Timestamp::parse("2026-07-21T09:18:26.785758533Z")),
    }
}

// --- views written out ------------------------------------------------------------------

fn map(entries: Vec<(&str, View)>) -> View {
    View::Map(
        entries
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect(),
    )
}

fn text(value: &str) -> View {
    View::Text(value.to_owned())
}

fn money(value: &str) -> View {
    View::Money(Money::parse_field(value, "money").unwrap())
}

fn time(value: &str) -> View {
    View::Time(Timestamp::parse(value))
}

fn secret(value: &str) -> View {
    View::Secret(Secret::new(value))
}

/// What the capturing serializer gave for [`CUSTOMER`].
fn expected_customer() -> View {
    map(vec![
        ("id", text("4211")),
        ("auth_id", text("MA_PARITY01")),
        ("auth_token", secret("CANARY_tok_customer")),
        ("api_id", View::Null),
        ("name", text("Asha Rao")),
        ("email", text("asha@acme.in")),
        ("phone", View::Null),
        ("description", View::Null),
        ("company", View::Null),
        ("gstin", View::Null),
        ("gst_status", View::Null),
        ("tds_enabled", View::Bool(true)),
        ("tds_percentage", View::Float(2.5)),
        ("business_type", View::Null),
        ("account_type", View::Null),
        ("role", View::Null),
        ("postpaid", View::Bool(false)),
        ("billing_mode", View::Null),
        ("auto_recharge", View::Null),
        (
            "auto_recharge_config",
            map(vec![
                ("enabled", View::Bool(true)),
                ("mode", text("threshold")),
                ("notes", View::Null),
            ]),
        ),
        ("cash_credits", money("23906.83000")),
        ("address", View::Null),
        ("city", View::Null),
        ("state", View::Null),
        ("timezone", View::Null),
        ("country", View::Null),
        ("zip_code", View::Null),
        ("cps_limit", View::Int(10)),
        ("concurrent_calls_limit", View::Int(5)),
        ("base_cps_limit", View::Null),
        ("base_concurrent_calls_limit", View::Null),
        ("purchased_cps", View::Null),
        ("purchased_concurrent_calls", View::Null),
        ("is_active", View::Null),
        ("is_verified", View::Null),
        ("is_trial_account", View::Null),
        ("enabled", View::Null),
        ("kyc_status", text("verified")),
        ("google_id", View::Null),
        ("referral_code", View::Null),
        ("referral_disabled", View::Null),
        ("custom_referrer_reward_amount", money("500.00")),
        ("custom_referee_reward_amount", View::Null),
        ("pricing_tier_id", text("tier_gold")),
        (
            "pricing_tier",
            map(vec![
                ("id", text("tier_gold")),
                ("name", text("Gold")),
                ("currency", text("INR")),
                ("rate_per_minute", money("0.45000")),
                ("streaming_rate_per_minute", View::Null),
                ("recording_rate_per_minute", View::Null),
                ("whatsapp_voice_rate", View::Null),
                ("transcription_rate_per_minute", View::Null),
                ("pii_redaction_rate_per_minute", View::Null),
                ("charge_non_connected_calls", View::Bool(false)),
                ("non_connected_call_fee", money("0.10")),
                ("did_release_fee", money("700")),
                ("is_active", View::Null),
                ("is_default", View::Bool(true)),
                ("partner_id", View::Null),
                ("extra", map(vec![("tier_badge", text("gold-2026"))])),
            ]),
        ),
        ("partner_id", View::Null),
        ("resource_uri", View::Null),
        ("created_at", time("2026-05-07 09:45:35.79276+05:30")),
        ("updated_at", time("2026-07-21T09:18:26Z")),
        ("last_login", View::Null),
        (
            "extra",
            map(vec![
                ("archived", View::Bool(false)),
                ("deleted_at", View::Null),
                ("flags", View::List(vec![text("beta"), text("ivr")])),
                ("id_token", text("<redacted>")),
                ("kyc_mode", text("customer_use")),
                (
                    "profile",
                    map(vec![
                        ("plan", text("pro")),
                        ("tags", View::List(vec![text("a")])),
                        ("webhook_secret", text("<redacted>")),
                    ]),
                ),
            ]),
        ),
    ])
}

/// What the capturing serializer gave for [`CDR_PAGE`].
fn expected_cdr_page() -> View {
    map(vec![
        ("success", View::Bool(true)),
        ("account_id", text("MA_PARITY01")),
        ("account_auth_id", View::Null),
        ("count", View::Null),
        (
            "data",
            View::List(vec![map(vec![
                ("id", View::Int(77)),
                ("uuid", text("c0ffee-1")),
                ("account_id", View::Null),
                ("call_direction", text("outbound")),
                ("caller_id_name", View::Null),
                ("caller_id_number", text("+918012345678")),
                ("destination_number", text("+919876543210")),
                ("context", View::Null),
                ("region", View::Null),
                ("origination_region", View::Null),
                ("campaign_id", View::Null),
                ("customer_endpoint", View::Null),
                ("trunk_id", View::Null),
                ("terminated_to", View::Null),
                ("duration", View::Int(42)),
                ("billsec", View::Int(40)),
                ("ring_time", View::Null),
                ("answer_time", View::Null),
                ("start_time", time("2026-07-21T09:18:26Z")),
                ("end_time", time("2026-07-21 09:19:08 UTC")),
                ("progress_time", View::Null),
                ("created_at", View::Null),
                ("updated_at", View::Null),
                ("cost", money("0.30000")),
                ("streaming_cost", View::Null),
                ("total_cost", View::Null),
                ("currency", View::Null),
                ("codec", View::Null),
                ("jitter", View::Null),
                ("mos", View::Null),
                ("packet_loss", View::Null),
                ("hangup_cause", text("NORMAL_CLEARING")),
                ("hangup_cause_code", View::Null),
                ("hangup_cause_name", View::Null),
                ("hangup_disposition", View::Null),
                ("hangup_source", View::Null),
                ("failure_code", View::Null),
                ("failure_reason", View::Null),
                ("bridge_uuid", View::Null),
                ("sip_call_id", View::Null),
                ("sip_user_agent", View::Null),
                ("network_addr", View::Null),
                ("carrier_ip", View::Null),
                ("extra", map(vec![("sip_codec", text("PCMU"))])),
            ])]),
        ),
        (
            "pagination",
            map(vec![
                ("page", View::Int(1)),
                ("per_page", View::Int(20)),
                ("total", View::Int(1)),
                ("pages", View::Null),
                ("has_next", View::Bool(false)),
                ("has_prev", View::Null),
                ("extra", map(vec![("cursor_kind", text("page"))])),
            ]),
        ),
        (
            "summary",
            map(vec![
                ("answerRate", View::Float(0.5)),
                ("answeredCalls", View::Int(1)),
                ("avgCallDuration", text("00:00:42")),
                ("last_call_at", time("2026-07-21T09:19:08Z")),
                ("totalCalls", View::Int(2)),
                ("total_billable_seconds", View::Null),
                ("total_cost", money("0.30000")),
                ("total_duration_seconds", View::Null),
                ("extra", map(vec![("region", text("IN-KA"))])),
            ]),
        ),
        (
            "filters",
            map(vec![(
                "extra",
                map(vec![
                    ("search", text("+91801")),
                    ("status", text("answered")),
                ]),
            )]),
        ),
        ("extra", map(vec![("server", text("cdr-eu-1"))])),
    ])
}

/// What the capturing serializer gave for [`safe_transfer`].
fn expected_safe_transfer() -> View {
    map(vec![
        ("reference", text("vbz-00000000000000000000abcd")),
        ("customer_auth_id", text("MA_PARITY01")),
        ("transaction_id", text("txn_81")),
        ("amount", money("500.00")),
        ("currency", text("INR")),
        (
            "description",
            text("April [ref:vbz-00000000000000000000abcd]"),
        ),
        ("outcome", text("duplicated")),
        ("reconciled", View::Bool(true)),
        ("attempts", View::Int(2)),
        (
            "ledger_row",
            map(vec![
                ("id", text("txn_81")),
                ("account_id", text("MA_PARITY01")),
                ("balance_id", View::Null),
                ("type", text("credit")),
                ("amount", money("500.00000")),
                ("currency", text("INR")),
                (
                    "description",
                    text("April [ref:vbz-00000000000000000000abcd]"),
                ),
                ("reference", View::Null),
                ("status", text("completed")),
                ("processed_at", View::Null),
                ("created_at", time("2026-07-21T09:18:26.785758533Z")),
                ("updated_at", View::Null),
                ("extra", map(vec![("ledger", text("customer"))])),
            ]),
        ),
        (
            "duplicate_rows",
            View::List(vec![map(vec![
                ("id", text("txn_81")),
                ("account_id", text("MA_PARITY01")),
                ("balance_id", View::Null),
                ("type", text("credit")),
                ("amount", money("500.00000")),
                ("currency", text("INR")),
                (
                    "description",
                    text("April [ref:vbz-00000000000000000000abcd]"),
                ),
                ("reference", View::Null),
                ("status", text("completed")),
                ("processed_at", View::Null),
                ("created_at", time("2026-07-21T09:18:26.785758533Z")),
                ("updated_at", View::Null),
                ("extra", map(vec![("ledger", text("customer"))])),
            ])]),
        ),
        ("partner_balance_after", View::Null),
        ("customer_balance_after", money("1500.50")),
        ("timestamp", time("2026-07-21T09:18:26.785758533Z")),
    ])
}

/// Walks a view: `Debug` hides secrets, so compare them by value (and the scale of money,
/// which `PartialEq` on decimals ignores).
fn assert_same(got: &View, want: &View, at: &str) {
    match (got, want) {
        (View::Map(got), View::Map(want)) => {
            let keys = |fields: &[(String, View)]| -> Vec<String> {
                fields.iter().map(|(key, _)| key.clone()).collect()
            };
            assert_eq!(keys(got), keys(want), "{at}: keys or their order differ");
            for ((key, got), (_, want)) in got.iter().zip(want) {
                assert_same(got, want, &format!("{at}.{key}"));
            }
        }
        (View::List(got), View::List(want)) => {
            assert_eq!(got.len(), want.len(), "{at}: list lengths differ");
            for (i, (got, want)) in got.iter().zip(want).enumerate() {
                assert_same(got, want, &format!("{at}[{i}]"));
            }
        }
        (View::Secret(got), View::Secret(want)) => {
            assert_eq!(got.expose(), want.expose(), "{at}: another secret");
        }
        (View::Money(got), View::Money(want)) => {
            assert_eq!(
                got.as_decimal().to_string(),
                want.as_decimal().to_string(),
                "{at}: another amount or scale"
            );
        }
        (View::Time(got), View::Time(want)) => {
            assert_eq!(got.raw(), want.raw(), "{at}: another timestamp text");
            assert_eq!(got.value(), want.value(), "{at}: another timestamp value");
        }
        _ => assert_eq!(got, want, "{at}"),
    }
}

#[test]
fn views_are_what_the_capturing_serializer_gave() {
    let customer: Customer = serde_json::from_str(CUSTOMER).unwrap();
    assert_same(
        &to_view(&customer).unwrap(),
        &expected_customer(),
        "Customer",
    );
    let page: CdrPage = serde_json::from_str(CDR_PAGE).unwrap();
    assert_same(&to_view(&page).unwrap(), &expected_cdr_page(), "CdrPage");
    assert_same(
        &to_view(&safe_transfer()).unwrap(),
        &expected_safe_transfer(),
        "SafeTransfer",
    );
}

#[test]
fn free_form_numbers_are_numbers() {
    // The capturing serializer turned every number inside unmodelled JSON into serde_json's
    // private `{"$serde_json::private::Number": "…"}` object; the view has numbers.
    let customer: Customer = serde_json::from_str(
        r#"{"auto_recharge_config": {"threshold": 100, "top_up": 250.5},
            "seats": 7, "ratio": -0.25, "big": 18446744073709551615, "huge": 1e400,
            "exact": 0.12345678901234567891}"#,
    )
    .unwrap();
    let View::Map(fields) = customer.to_view() else {
        panic!("a customer is an object")
    };
    let field = |key: &str| fields.iter().find(|(k, _)| k == key).unwrap().1.clone();
    assert_eq!(
        field("auto_recharge_config"),
        map(vec![
            ("threshold", View::Int(100)),
            ("top_up", View::Float(250.5))
        ])
    );
    assert_eq!(
        field("extra"),
        map(vec![
            ("big", View::UInt(u64::MAX)),
            ("exact", View::Float(0.12345678901234568)),
            ("huge", text("1e+400")),
            ("ratio", View::Float(-0.25)),
            ("seats", View::Int(7)),
        ])
    );
}

// --- secrets ------------------------------------------------------------------------------

/// Every secret in a view, by value, and every text (which must not hold one).
fn secrets_and_texts(view: &View, secrets: &mut Vec<String>, texts: &mut Vec<String>) {
    match view {
        View::Secret(s) => secrets.push(s.expose().to_owned()),
        View::Text(t) => texts.push(t.clone()),
        View::List(items) => items
            .iter()
            .for_each(|item| secrets_and_texts(item, secrets, texts)),
        View::Map(fields) => {
            for (key, value) in fields {
                texts.push(key.clone());
                secrets_and_texts(value, secrets, texts);
            }
        }
        _ => {}
    }
}

/// Serialises `model` with serde every way a caller could, and checks no canary is in
/// it; then checks its view carries exactly `secrets` as [`View::Secret`]s and no canary
/// as text.
fn check_secrets<T: Serialize + IntoView>(name: &str, model: &T, secrets: &[&str]) {
    let written = [
        serde_json::to_string(model).unwrap(),
        serde_json::to_string_pretty(model).unwrap(),
        serde_json::to_value(model).unwrap().to_string(),
        format!("{:?}", serde_json::to_value(model).unwrap()),
    ];
    for text in &written {
        assert!(
            !text.contains("CANARY"),
            "{name}: serde wrote a secret: {text}"
        );
    }
    assert!(
        written[0].contains("<redacted>"),
        "{name}: no secret was serialised at all: {}",
        written[0]
    );
    let (mut found, mut texts) = (Vec::new(), Vec::new());
    secrets_and_texts(&to_view(model).unwrap(), &mut found, &mut texts);
    found.sort();
    let mut want: Vec<String> = secrets.iter().map(|s| (*s).to_owned()).collect();
    want.sort();
    assert_eq!(found, want, "{name}: the view's secrets");
    for text in texts {
        assert!(!text.contains("CANARY"), "{name}: a secret as text: {text}");
    }
}

fn decode<T: serde::de::DeserializeOwned>(json: Value) -> T {
    serde_json::from_value(json).unwrap()
}

/// The models with a secret field of their own (their schema has a `vobiz-secret`
/// property); the test below covers each, plus the models that nest them.
const SECRET_HOLDERS: &[&str] = &[
    "AuthCredentials",
    "BulkOnboardingRow",
    "ConsoleTokens",
    "CreatedCustomer",
    "Customer",
    "KycSessionCreated",
    "LoginTokens",
    "OnceShownCredentials",
    "SubAccountKycSessionCreated",
    "SubAccountObject",
    "TrunkCredential",
];

#[test]
fn the_secret_holders_are_all_listed() {
    let schemas = crate::schema::model_schemas();
    let mut holders: Vec<&str> = schemas["$defs"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, schema)| {
            schema["properties"].as_object().is_some_and(|properties| {
                properties.values().any(|p| {
                    p["format"] == "vobiz-secret"
                        || p["anyOf"]
                            .as_array()
                            .is_some_and(|b| b.iter().any(|b| b["format"] == "vobiz-secret"))
                })
            })
        })
        .map(|(name, _)| name.as_str())
        .collect();
    holders.sort_unstable();
    assert_eq!(holders, SECRET_HOLDERS);
}

#[test]
fn no_secret_reaches_serde_and_every_one_reaches_the_view() {
    // An unknown secret-named field is redacted everywhere (serde and view alike).
    let unknown = json!("CANARY_tok_unknown_field");

    let customer: CreatedCustomer = decode(json!({
        "auth_id": "MA_1", "auth_token": "CANARY_tok_created_customer", "id_token": unknown,
    }));
    check_secrets(
        "CreatedCustomer",
        &customer,
        &["CANARY_tok_created_customer"],
    );

    let customer: Customer = decode(json!({
        "id": "MA_1", "auth_token": "CANARY_tok_customer",
        "pricing_tier": {"id": "t", "client_secret": unknown}, "access_token": unknown,
    }));
    check_secrets("Customer", &customer, &["CANARY_tok_customer"]);

    let object = json!({
        "auth_id": "SA_1", "auth_token": "CANARY_tok_sub_account", "session_token": unknown,
    });
    let sub: SubAccountObject = decode(object.clone());
    check_secrets("SubAccountObject", &sub, &["CANARY_tok_sub_account"]);

    let credentials = json!({"auth_id": "SA_1", "auth_token": "CANARY_tok_credentials"});
    let creds: AuthCredentials = decode(credentials.clone());
    check_secrets("AuthCredentials", &creds, &["CANARY_tok_credentials"]);

    let tokens = json!({
        "access_token": "CANARY_tok_console_access",
        "refresh_token": "CANARY_tok_console_refresh",
        "token_type": "Bearer",
        "id_token": unknown,
    });
    let console: ConsoleTokens = decode(tokens.clone());
    let console_secrets = ["CANARY_tok_console_access", "CANARY_tok_console_refresh"];
    check_secrets("ConsoleTokens", &console, &console_secrets);

    let created: SubAccountCreated = decode(json!({
        "message": "created", "sub_account": object,
        "auth_credentials": credentials, "tokens": tokens,
    }));
    check_secrets(
        "SubAccountCreated",
        &created,
        &[
            "CANARY_tok_sub_account",
            "CANARY_tok_credentials",
            console_secrets[0],
            console_secrets[1],
        ],
    );

    let session: SubAccountKycSessionCreated = decode(json!({
        "session_id": "s1", "widget_url": "https://kyc/CANARY_tok_widget",
        "kyc_link": "https://kyc/CANARY_tok_link", "link_token": unknown,
    }));
    check_secrets(
        "SubAccountKycSessionCreated",
        &session,
        &[
            "https://kyc/CANARY_tok_widget",
            "https://kyc/CANARY_tok_link",
        ],
    );

    let session: KycSessionCreated = decode(json!({
        "session_id": "s1", "widget_url": "https://kyc/CANARY_tok_partner_widget",
        "api_key": unknown,
    }));
    check_secrets(
        "KycSessionCreated",
        &session,
        &["https://kyc/CANARY_tok_partner_widget"],
    );

    let credential: TrunkCredential = decode(json!({
        "uuid": "c1", "username": "sip-user", "password": "CANARY_tok_sip_password",
        "secret": unknown,
    }));
    check_secrets("TrunkCredential", &credential, &["CANARY_tok_sip_password"]);

    let login_tokens = json!({
        "access_token": "CANARY_tok_jwt", "refresh_token": "CANARY_tok_refresh",
        "expires_in": 3600, "password": unknown,
    });
    let tokens: LoginTokens = decode(login_tokens.clone());
    check_secrets(
        "LoginTokens",
        &tokens,
        &["CANARY_tok_jwt", "CANARY_tok_refresh"],
    );
    let login: PartnerLogin = decode(json!({"tokens": login_tokens, "token": unknown}));
    check_secrets(
        "PartnerLogin",
        &login,
        &["CANARY_tok_jwt", "CANARY_tok_refresh"],
    );

    // Built by the SDK (no Deserialize).
    let row = BulkOnboardingRow {
        index: 0,
        email: "asha@acme.in".into(),
        outcome: "created".into(),
        auth_id: Some("MA_1".into()),
        auth_token: Some(Secret::new("CANARY_tok_bulk")),
        error_kind: None,
        error_message: None,
    };
    check_secrets("BulkOnboardingRow", &row, &["CANARY_tok_bulk"]);
    check_secrets("Vec<BulkOnboardingRow>", &vec![row], &["CANARY_tok_bulk"]);

    let once = OnceShownCredentials {
        auth_id: "SA_1".into(),
        auth_token: Secret::new("CANARY_tok_once_shown"),
    };
    check_secrets("OnceShownCredentials", &once, &["CANARY_tok_once_shown"]);
    let mut report = StepReport::new("create_sub_account", StepOutcome::Done, "created");
    report.credentials = Some(once);
    check_secrets("StepReport", &report, &["CANARY_tok_once_shown"]);
    let step = OnboardingStep {
        state: OnboardingState::new(OnboardingKind::SubAccount),
        report,
    };
    check_secrets("OnboardingStep", &step, &["CANARY_tok_once_shown"]);
}

#[test]
fn a_secret_serialises_redacted_on_every_thread_and_serializer() {
    let secret = Secret::new("CANARY_tok_bare");
    assert_eq!(serde_json::to_string(&secret).unwrap(), r#""<redacted>""#);
    assert_eq!(
        serde_json::to_value(Some(&secret)).unwrap(),
        json!("<redacted>")
    );
    // Even while a view is being built on this thread (there is no mode to leak through).
    struct Both(Secret);
    impl IntoView for Both {
        fn to_view(&self) -> View {
            let written = serde_json::to_string(&self.0).unwrap();
            assert_eq!(written, r#""<redacted>""#);
            self.0.to_view()
        }
    }
    let View::Secret(kept) = Both(secret).to_view() else {
        panic!("a secret's view is a secret")
    };
    assert_eq!(kept.expose(), "CANARY_tok_bare");
}

// --- the derive against serde -------------------------------------------------------------

/// For a type with no money, timestamp, secret or `Extra` in it, the view is its serde
/// JSON, key for key and in the same order.
fn assert_like_serde<T: Serialize + IntoView>(value: &T) {
    fn sorted(view: View) -> View {
        match view {
            View::Map(fields) => {
                let mut fields: Vec<_> = fields.into_iter().map(|(k, v)| (k, sorted(v))).collect();
                fields.sort_by(|a, b| a.0.cmp(&b.0));
                View::Map(fields)
            }
            View::List(items) => View::List(items.into_iter().map(sorted).collect()),
            other => other,
        }
    }
    let json = serde_json::to_value(value).unwrap();
    let view = value.to_view();
    // serde_json's `Value` sorts keys: compare the content that way, then the order in
    // which serde writes the keys.
    assert_eq!(
        sorted(view.clone()),
        sorted(json.to_view()),
        "view vs serde for {json}"
    );
    let written = serde_json::to_string(value).unwrap();
    let keys_in_order = |view: &View| -> Vec<String> {
        let mut keys = Vec::new();
        fn walk(view: &View, keys: &mut Vec<String>) {
            match view {
                View::Map(fields) => fields.iter().for_each(|(key, value)| {
                    keys.push(key.clone());
                    walk(value, keys);
                }),
                View::List(items) => items.iter().for_each(|item| walk(item, keys)),
                _ => {}
            }
        }
        walk(view, &mut keys);
        keys
    };
    let mut at = 0;
    for key in keys_in_order(&view) {
        let quoted = format!("\"{key}\":");
        let found = written[at..]
            .find(&quoted)
            .unwrap_or_else(|| panic!("{key} out of order in {written}"));
        at += found + quoted.len();
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[derive(Serialize, IntoView)]
#[serde(rename_all = "camelCase")]
struct Renamed {
    first_field: String,
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(rename(serialize = "serName", deserialize = "de_name"))]
    both_ways: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    maybe: Option<u8>,
    #[serde(skip_serializing_if = "is_zero", default)]
    count: u32,
    #[serde(skip)]
    #[allow(dead_code)]
    hidden: String,
    #[serde(skip_serializing)]
    #[allow(dead_code)]
    also_hidden: u8,
    #[serde(flatten)]
    inner: Inner,
    #[serde(flatten)]
    absent: Option<Inner>,
    #[serde(flatten)]
    present: Option<Other>,
    r#loop: Vec<Level>,
    list: Vec<Option<i64>>,
    tuple: (u8, String),
    newtype: Wrapped,
    transparent: Clear,
    free: Value,
    last: f64,
}

#[derive(Serialize, IntoView)]
struct Inner {
    inner_a: u64,
    #[serde(flatten)]
    deeper: std::collections::BTreeMap<String, i32>,
}

#[derive(Serialize, IntoView)]
struct Other {
    other_key: char,
}

#[derive(Serialize, IntoView)]
struct Wrapped(Vec<u16>);

#[derive(Serialize, IntoView)]
#[serde(transparent)]
struct Clear {
    only: Level,
}

#[derive(Serialize, IntoView)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum Level {
    DeepCut,
    #[serde(rename = "custom-name")]
    Renamed,
}

#[derive(Serialize, IntoView)]
enum External {
    Unit,
    New(u8),
    Pair(u8, String),
    Shape {
        #[serde(rename = "w")]
        width: u8,
        height: Option<u8>,
    },
}

#[derive(Serialize, IntoView)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Internal {
    PlainUnit,
    Company {
        pan: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        gstin: Option<String>,
    },
    Wrapping(Other),
    #[serde(rename_all = "UPPERCASE")]
    Shouting {
        loud_field: bool,
    },
}

#[derive(Serialize, IntoView)]
#[serde(tag = "t", content = "c")]
enum Adjacent {
    Unit,
    New(String),
    Pair(u8, u8),
    Shape { side: u8 },
}

#[derive(Serialize, IntoView)]
#[serde(untagged)]
enum Untagged {
    Unit,
    New(String),
    Pair(u8, u8),
    Shape { side: u8 },
}

#[test]
fn the_derive_writes_what_serde_writes() {
    let renamed = |maybe, count, present| Renamed {
        first_field: "a".into(),
        kind: None,
        both_ways: true,
        maybe,
        count,
        hidden: "no".into(),
        also_hidden: 1,
        inner: Inner {
            inner_a: u64::MAX,
            deeper: [("zz".to_owned(), -1), ("aa".to_owned(), 2)].into(),
        },
        absent: None,
        present,
        r#loop: vec![Level::DeepCut, Level::Renamed],
        list: vec![Some(-3), None],
        tuple: (1, "two".into()),
        newtype: Wrapped(vec![1, 2]),
        transparent: Clear {
            only: Level::Renamed,
        },
        free: json!({"b": [1, 2.5, null, {"c": true}], "a": "x"}),
        last: 0.5,
    };
    assert_like_serde(&renamed(None, 0, None));
    assert_like_serde(&renamed(Some(4), 9, Some(Other { other_key: 'k' })));
    for value in [
        External::Unit,
        External::New(3),
        External::Pair(1, "x".into()),
        External::Shape {
            width: 2,
            height: None,
        },
    ] {
        assert_like_serde(&value);
    }
    for value in [
        Internal::PlainUnit,
        Internal::Company {
            pan: "ABCDE1234F".into(),
            gstin: None,
        },
        Internal::Company {
            pan: "ABCDE1234F".into(),
            gstin: Some("29ABCDE1234F1Z5".into()),
        },
        Internal::Wrapping(Other { other_key: 'w' }),
        Internal::Shouting { loud_field: true },
    ] {
        assert_like_serde(&value);
    }
    for value in [
        Adjacent::Unit,
        Adjacent::New("n".into()),
        Adjacent::Pair(1, 2),
        Adjacent::Shape { side: 3 },
    ] {
        assert_like_serde(&value);
    }
    for value in [
        Untagged::Unit,
        Untagged::New("n".into()),
        Untagged::Pair(1, 2),
        Untagged::Shape { side: 3 },
    ] {
        assert_like_serde(&value);
    }
}

#[test]
fn a_field_written_by_serialize_with_takes_its_view_from_view_with() {
    fn shout<S: serde::Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&text.to_uppercase())
    }
    fn view_shout(text: &str) -> View {
        View::Text(text.to_uppercase())
    }
    #[derive(Serialize, IntoView)]
    struct Loud {
        #[serde(serialize_with = "shout")]
        #[view(with = "view_shout")]
        word: String,
    }
    assert_like_serde(&Loud { word: "hi".into() });
}

#[test]
fn extra_is_grouped_under_one_key_flattened_or_not() {
    let extra: crate::models::Extra =
        serde_json::from_str(r#"{"kyc_mode": "customer_use", "id_token": "CANARY_x"}"#).unwrap();
    let grouped = map(vec![(
        "extra",
        map(vec![
            ("id_token", text("<redacted>")),
            ("kyc_mode", text("customer_use")),
        ]),
    )]);
    assert_eq!(extra.to_view(), grouped);
    let mut fields = vec![("first".to_owned(), View::Null)];
    extra.flatten_into(&mut fields);
    assert_eq!(fields[1], ("extra".to_owned(), grouped_inner(&grouped)));
    let empty = crate::models::Extra::new();
    assert_eq!(empty.to_view(), map(vec![("extra", map(vec![]))]));
}

fn grouped_inner(view: &View) -> View {
    let View::Map(fields) = view else {
        panic!("an object")
    };
    fields[0].1.clone()
}

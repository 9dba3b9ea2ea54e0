//! Hostile input: every text argument of every operation, fuzzed against a real in-process
//! sandbox.
//!
//! - Nothing panics: multi-byte characters where a byte slice would cut one
//!   (`"12€3456789"`), non-ASCII digits, NUL, C1 controls, bidirectional overrides, `+` /
//!   `%2B` prefixes and very long strings all end as `Ok` or a typed error, never
//!   [`ErrorKind::Internal`] (the operations turn a caught panic into `Internal`).
//! - The text rule holds everywhere: a value whose trimmed text holds a control or
//!   bidirectional character (a line feed only in `description` / `address`) is refused
//!   with [`ErrorKind::Validation`] before anything is sent.
//! - Credentials given in swapped order never put the token in an error.

mod sandbox;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Value, json};
use vobiz_partner::models::{CallRequest, CreateSubAccount, NewCustomer};
use vobiz_partner::ops::{Client, OperationKind, operation, operations};
use vobiz_partner::view::{KeyCase, View};
use vobiz_partner::{
    AccountCredentials, AuthId, Credentials, E164, Error, ErrorKind, PageOptions,
    PartnerCredentials, validate,
};

/// Cases per (operation, text argument).
const CASES: usize = 32;

/// The audit's inputs, and a few more of the same kind.
const AUDIT_INPUTS: &[&str] = &[
    "12€3456789",
    "١٢٣٤٥٦٧٨٩",
    "abc€defg",
    "\u{0000}",
    "\u{202E}",
];

/// Characters that break byte-slicing, escape a segment, or hide in text.
const HOSTILE_CHARS: &[char] = &[
    '€', '١', '٢', 'é', '中', '😀', '\u{0}', '\t', '\n', '\r', '\u{1b}', '\u{7f}', '\u{85}',
    '\u{9b}', '\u{9f}', '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}',
    '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200B}', '\u{FEFF}',
    '+', '%', '/', '?', '#', '.', ' ', '_', ':', '<', '>', '"', '\\', '&', '=',
];

/// The pool the biased generator draws from: the hostile characters and the ones valid
/// inputs are made of.
const POOL: &[char] = &[
    '€', '١', '٢', 'é', '中', '😀', '\u{0}', '\t', '\n', '\u{85}', '\u{9b}', '\u{200F}',
    '\u{202E}', '\u{2066}', '+', '%', '2', 'B', 'b', '0', '1', '9', 's', 'i', 'p', ':', '@', 'M',
    'A', '_', '/', '.', '-', ' ', 'h', 't',
];

/// Prefixes that send parsing down a special path.
const PREFIXES: &[&str] = &[
    "+", "%2B", "%2b", "%2", "%", "sip:", "SIP:", "si", "PA_", "MA_", "SA_", "http://", "https://",
    "", "91", "sip:€",
];

/// Arbitrary strings, biased to the characters and shapes that break parsers. `seed` is a
/// valid value of the field, so one branch hides a single hostile character in it.
fn hostile(seed: String) -> BoxedStrategy<String> {
    let seed_chars = seed.chars().count();
    let biased = prop::collection::vec(prop::sample::select(POOL), 0..24)
        .prop_map(String::from_iter)
        .boxed();
    prop_oneof![
        2 => any::<String>(),
        2 => biased.clone(),
        3 => (0..=seed_chars, prop::sample::select(HOSTILE_CHARS)).prop_map({
            let seed = seed.clone();
            move |(at, c)| {
                let mut s: String = seed.chars().take(at).collect();
                s.push(c);
                s.extend(seed.chars().skip(at));
                s
            }
        }),
        2 => (prop::sample::select(PREFIXES), biased).prop_map(|(p, tail)| format!("{p}{tail}")),
        1 => prop::sample::select(AUDIT_INPUTS).prop_map(str::to_owned),
        1 => (0usize..4, 1usize..3).prop_map(move |(kind, scale)| match kind {
            0 => "9".repeat(5000 * scale),
            1 => "€".repeat(3000 * scale),
            2 => format!("{seed}{}", "\u{202E}".repeat(100 * scale)),
            _ => "a".repeat(70_000 * scale),
        }),
    ]
    .boxed()
}

/// One entry of the table: an operation, valid arguments, and the JSON pointers of its
/// text arguments (added to the arguments when the base leaves them out).
struct Entry {
    scope: &'static str,
    op: &'static str,
    base: Value,
    fields: &'static [&'static str],
}

/// Fixed ids the table uses.
struct Ids {
    customer: String,
    sub_account: String,
}

const E164_A: &str = "+918012345678";
const E164_B: &str = "+918012345679";

fn customer_args(email: &str) -> Value {
    json!({
        "name": "Asha Rao", "email": email, "password": "Str0ng!pass",
        "phone": "+919876543210", "country": "IN", "company": "Acme",
        "description": "first\nsecond", "address": "1 MG Road\nBengaluru", "city": "Bengaluru",
        "state": "KA", "zip_code": "560001", "timezone": "Asia/Kolkata",
        "gstin": "27AAPFU0939F1ZV", "gst_status": "active", "account_type": "standard",
    })
}

const CUSTOMER_FIELDS: &[&str] = &[
    "/name",
    "/email",
    "/password",
    "/phone",
    "/country",
    "/company",
    "/description",
    "/address",
    "/city",
    "/state",
    "/zip_code",
    "/timezone",
    "/gstin",
    "/gst_status",
    "/account_type",
];

fn account_cdr_filters() -> Value {
    json!({
        "from_number": "91", "to_number": "+9180", "start_date": "2026-01-01",
        "end_date": "2026-01-31", "call_direction": "outbound", "status": "answered",
        "sip_call_id": "sip-1", "bridge_uuid": "br-1", "hangup_cause": "NORMAL_CLEARING",
        "hangup_disposition": "send_bye", "context": "voice-api", "campaign_id": "c1",
        "search": "x",
    })
}

const ACCOUNT_CDR_FIELDS: &[&str] = &[
    "/from_number",
    "/to_number",
    "/start_date",
    "/end_date",
    "/call_direction",
    "/status",
    "/sip_call_id",
    "/bridge_uuid",
    "/hangup_cause",
    "/hangup_disposition",
    "/context",
    "/campaign_id",
    "/search",
];

fn with(mut base: Value, extra: Value) -> Value {
    if let (Value::Object(b), Value::Object(e)) = (&mut base, extra) {
        b.extend(e);
    }
    base
}

/// Every operation with its text arguments. Operations without any are listed with none
/// (and not called: some of them delete what the others use).
fn table(ids: &Ids) -> Vec<Entry> {
    let cust = ids.customer.as_str();
    let sub = ids.sub_account.as_str();
    let c = |v: Value| json!({"customer_auth_id": cust}).pipe(|b| with(b, v));
    let partner_txn = json!({"from_date": "2026-01-01", "to_date": "2026-01-31",
        "transaction_type": "transfer", "search": "x"});
    let partner_cdr = json!({"start_date": "2026-01-01", "end_date": "2026-01-31",
        "call_direction": "outbound", "status": "answered", "hangup_cause": "NORMAL_CLEARING"});
    let kyc_email = json!({"account_auth_id": cust, "flow": "email",
        "customer_email": "kyc@acme.in", "webhook_url": "https://hooks.example.com/kyc",
        "expires_in_days": 7,
        "reminder_schedule": [{"trigger": "days_before_expiry", "value": 2}],
        "metadata": {"note": "x"}});
    let call =
        json!({"from": E164_A, "to": [E164_B], "answer_url": "https://x.example.com/answer"});
    let trunk = json!({"name": "Main trunk", "description": "Bengaluru office"});
    let plan_sub = json!({"plan": {"name": "Ops", "email": "ops@acme.in",
        "business_type": "private_limited",
        "kyc": {"kind": "company", "pan": "TESTSUCCESS0001", "gstin": "TESTSUCCESS0001",
                "cin_company_name": "Acme"},
        "test_mode": true, "number": {"country": "IN", "region": "Bengaluru"},
        "first_call": {"to": E164_B, "answer_url": "https://x.example.com/answer"}}});
    let plan_customer = json!({"plan": {"customer": customer_args("plan@acme.in"),
        "funding": "10.00", "currency": "INR",
        "kyc": {"flow": "email", "customer_email": "plan@acme.in",
                "webhook_url": "https://hooks.example.com/kyc"},
        "trunk": {"name": "Plan trunk", "description": "x"}}});
    let e = |fields: &'static [&'static str], scope, op, base| Entry {
        scope,
        op,
        base,
        fields,
    };
    vec![
        // Partner.
        e(&[], "partner", "me", json!({})),
        e(&[], "partner", "dashboard", json!({})),
        e(
            &["/from", "/to"],
            "partner",
            "analytics",
            json!({"from": "2026-01-01", "to": "2026-01-31"}),
        ),
        e(
            CUSTOMER_FIELDS,
            "partner",
            "create_customer",
            customer_args("fuzz@acme.in"),
        ),
        e(
            &["/search"],
            "partner",
            "list_customers",
            json!({"search": "asha"}),
        ),
        e(
            &["/customer_auth_id"],
            "partner",
            "get_customer",
            c(json!({})),
        ),
        e(
            &["/customer_auth_id"],
            "partner",
            "customer_balance",
            c(json!({})),
        ),
        e(
            &["/customer_auth_id", "/amount", "/currency", "/description"],
            "partner",
            "transfer_balance",
            c(json!({"amount": "1.00", "currency": "INR", "description": "top-up\nApril"})),
        ),
        e(
            &[
                "/customer_auth_id",
                "/amount",
                "/currency",
                "/description",
                "/reference",
            ],
            "partner",
            "transfer_balance_safely",
            c(
                json!({"amount": "1.00", "currency": "INR", "description": "top-up",
                "reference": "ref-1"}),
            ),
        ),
        e(
            &[
                "/customer_auth_id",
                "/from_date",
                "/to_date",
                "/transaction_type",
                "/search",
            ],
            "partner",
            "customer_transactions",
            c(partner_txn.clone()),
        ),
        e(
            &[
                "/customer_auth_id",
                "/from_date",
                "/to_date",
                "/transaction_type",
                "/search",
            ],
            "partner",
            "customer_transactions_page",
            c(partner_txn.clone()),
        ),
        e(
            &[
                "/from_date",
                "/to_date",
                "/transaction_type",
                "/account",
                "/search",
            ],
            "partner",
            "transactions",
            with(partner_txn.clone(), json!({"account": cust})),
        ),
        e(
            &[
                "/from_date",
                "/to_date",
                "/transaction_type",
                "/account",
                "/search",
            ],
            "partner",
            "transactions_page",
            with(partner_txn, json!({"account": cust})),
        ),
        e(
            &[
                "/customer_auth_id",
                "/start_date",
                "/end_date",
                "/call_direction",
                "/status",
                "/hangup_cause",
            ],
            "partner",
            "customer_cdrs",
            c(partner_cdr.clone()),
        ),
        e(
            &[
                "/customer_auth_id",
                "/start_date",
                "/end_date",
                "/call_direction",
                "/status",
                "/hangup_cause",
            ],
            "partner",
            "customer_cdrs_page",
            c(partner_cdr.clone()),
        ),
        e(
            &["/customer_auth_id", "/call_uuid"],
            "partner",
            "customer_cdr",
            c(json!({"call_uuid": "call-1"})),
        ),
        e(
            &[
                "/start_date",
                "/end_date",
                "/call_direction",
                "/status",
                "/hangup_cause",
            ],
            "partner",
            "cdrs",
            partner_cdr.clone(),
        ),
        e(
            &[
                "/start_date",
                "/end_date",
                "/call_direction",
                "/status",
                "/hangup_cause",
            ],
            "partner",
            "cdrs_page",
            partner_cdr,
        ),
        e(
            &["/customer_auth_id", "/search"],
            "partner",
            "customer_numbers",
            c(json!({"search": "91"})),
        ),
        e(&["/search"], "partner", "numbers", json!({"search": "+91"})),
        e(
            &[
                "/account_auth_id",
                "/flow",
                "/customer_email",
                "/webhook_url",
                "/reminder_schedule/0/trigger",
                "/metadata/note",
                "/metadata/k",
            ],
            "partner",
            "create_kyc_session",
            kyc_email,
        ),
        e(
            &["/redirect_url"],
            "partner",
            "create_kyc_session",
            json!({"account_auth_id": cust, "flow": "redirect",
                "redirect_url": "https://acme.example.com/back"}),
        ),
        e(
            &["/status", "/account_auth_id"],
            "partner",
            "list_kyc_sessions",
            json!({"status": "email_sent", "account_auth_id": cust}),
        ),
        e(
            &["/session_id"],
            "partner",
            "get_kyc_session",
            json!({"session_id": "sess-1"}),
        ),
        e(
            &["/session_id"],
            "partner",
            "resend_kyc_session",
            json!({"session_id": "sess-1"}),
        ),
        e(
            &["/session_id", "/reason"],
            "partner",
            "revoke_kyc_session",
            json!({"session_id": "sess-1", "reason": "duplicate"}),
        ),
        e(
            &["/customer_auth_id", "/resource", "/description"],
            "partner",
            "transfer_capacity",
            c(json!({"resource": "concurrent_calls", "slots": 1, "description": "a\nb"})),
        ),
        e(
            &["/customer_auth_id", "/resource", "/description"],
            "partner",
            "reclaim_capacity",
            c(json!({"resource": "cps", "slots": 1, "description": "x"})),
        ),
        e(
            &["/customer_auth_id"],
            "partner",
            "customer_capacity",
            c(json!({})),
        ),
        e(&[], "partner", "list_capacity_transfers", json!({})),
        e(
            &[
                "/customers/0/name",
                "/customers/0/email",
                "/customers/0/password",
                "/customers/0/phone",
                "/customers/0/description",
                "/customers/0/gstin",
            ],
            "partner",
            "onboard_customers",
            json!({"customers": [customer_args("bulk@acme.in")], "requests_per_second": 0}),
        ),
        e(
            &["/as_of"],
            "partner",
            "renewals_at_risk",
            json!({"within_days": 30, "as_of": "2026-01-01T00:00:00Z"}),
        ),
        e(&[], "partner", "unrouted_numbers", json!({})),
        e(&[], "partner", "aadhaar_restricted_numbers", json!({})),
        e(
            &["/customer_auth_id", "/from", "/to"],
            "partner",
            "invoice",
            c(json!({"from": "2026-01-01", "to": "2026-01-31"})),
        ),
        e(
            &[
                "/plan/customer/name",
                "/plan/customer/email",
                "/plan/customer/password",
                "/plan/customer/phone",
                "/plan/customer/description",
                "/plan/funding",
                "/plan/currency",
                "/plan/kyc/flow",
                "/plan/kyc/customer_email",
                "/plan/kyc/redirect_url",
                "/plan/kyc/webhook_url",
                "/plan/trunk/name",
                "/plan/trunk/description",
                "/customer_credentials/auth_id",
                "/customer_credentials/auth_token",
            ],
            "partner",
            "customer_onboarding_step",
            plan_customer,
        ),
        // Account.
        e(&[], "account", "details", json!({})),
        e(&[], "account", "balance", json!({})),
        e(
            &["/search"],
            "account",
            "list_numbers",
            json!({"search": "+91"}),
        ),
        e(
            &["/country", "/search", "/exclude/0"],
            "account",
            "list_inventory",
            json!({"country": "IN", "search": "80", "exclude": ["9180"]}),
        ),
        e(
            &["/e164", "/currency"],
            "account",
            "purchase_from_inventory",
            json!({"e164": E164_A, "currency": "INR"}),
        ),
        e(
            &["/e164"],
            "account",
            "release_number",
            json!({"e164": E164_A}),
        ),
        e(
            &["/e164"],
            "account",
            "cancel_release",
            json!({"e164": E164_A}),
        ),
        e(
            &["/e164", "/sub_account_id"],
            "account",
            "assign_to_sub_account",
            json!({"e164": E164_A, "sub_account_id": sub}),
        ),
        e(
            &["/e164"],
            "account",
            "unassign_from_sub_account",
            json!({"e164": E164_A}),
        ),
        e(
            &["/e164"],
            "account",
            "unassign_or_cool_off",
            json!({"e164": E164_A}),
        ),
        e(
            &["/e164"],
            "account",
            "unassign_when_free",
            json!({"e164": E164_A}),
        ),
        e(
            &["/dids/0"],
            "account",
            "release_plan",
            json!({"dids": [E164_A]}),
        ),
        e(
            &["/dids/0"],
            "account",
            "execute_release_plan",
            json!({"dids": [E164_A], "unassign_only": true}),
        ),
        e(
            &["/e164", "/trunk_id"],
            "account",
            "assign_number_to_trunk",
            json!({"e164": E164_A, "trunk_id": "trk-1"}),
        ),
        e(
            &["/e164"],
            "account",
            "unassign_number_from_trunk",
            json!({"e164": E164_A}),
        ),
        e(
            &["/e164", "/granularity"],
            "account",
            "number_health",
            json!({"e164": E164_A, "granularity": "day"}),
        ),
        e(
            &["/call_uuid", "/recording_type"],
            "account",
            "list_recordings",
            json!({"call_uuid": "call-1", "recording_type": "call"}),
        ),
        e(
            &["/recording_id"],
            "account",
            "get_recording",
            json!({"recording_id": "rec-1"}),
        ),
        e(
            &["/recording_id"],
            "account",
            "delete_recording",
            json!({"recording_id": "rec-1"}),
        ),
        e(
            ACCOUNT_CDR_FIELDS,
            "account",
            "list_cdrs",
            account_cdr_filters(),
        ),
        e(
            ACCOUNT_CDR_FIELDS,
            "account",
            "cdr_page",
            account_cdr_filters(),
        ),
        e(
            ACCOUNT_CDR_FIELDS,
            "account",
            "search_cdrs",
            account_cdr_filters(),
        ),
        e(&[], "account", "recent_cdrs", json!({})),
        e(
            &["/call_uuid"],
            "account",
            "get_cdr",
            json!({"call_uuid": "call-1"}),
        ),
        e(
            ACCOUNT_CDR_FIELDS,
            "account",
            "export_cdrs",
            account_cdr_filters(),
        ),
        e(
            &[
                "/from",
                "/to/0",
                "/answer_url",
                "/answer_method",
                "/ring_url",
                "/ring_method",
                "/hangup_url",
                "/hangup_method",
                "/fallback_url",
                "/fallback_method",
                "/caller_name",
                "/send_digits",
                "/machine_detection",
                "/machine_detection_url",
                "/machine_detection_method",
            ],
            "account",
            "make_call",
            call,
        ),
        e(
            &[
                "/name",
                "/email",
                "/password",
                "/kyc_mode",
                "/business_type",
                "/phone",
                "/description",
            ],
            "account",
            "create_sub_account",
            json!({"name": "Fuzz team", "email": "fuzz@acme.in", "password": "Str0ng!pass",
                "kyc_mode": "customer_use", "business_type": "individual",
                "phone": E164_A, "description": "a\nb"}),
        ),
        e(
            &[
                "/plan/name",
                "/plan/email",
                "/plan/business_type",
                "/plan/kyc/kind",
                "/plan/kyc/pan",
                "/plan/kyc/gstin",
                "/plan/kyc/cin_company_name",
                "/plan/number/country",
                "/plan/number/region",
                "/plan/first_call/to",
                "/plan/first_call/answer_url",
                "/sub_account_credentials/auth_id",
                "/sub_account_credentials/auth_token",
            ],
            "account",
            "sub_account_onboarding_step",
            plan_sub,
        ),
        e(&[], "account", "list_sub_accounts", json!({})),
        e(
            &[
                "/name",
                "/trunk_direction",
                "/trunk_status",
                "/trunk_domain",
                "/transport",
                "/inbound_destination",
                "/description",
                "/credential_uuid",
                "/ipacl_uuid",
                "/primary_uri_uuid",
                "/fallback_uri_uuid",
                "/pii_entity_types",
                "/webhook_url",
                "/webhook_method",
            ],
            "account",
            "create_trunk",
            trunk.clone(),
        ),
        e(&[], "account", "list_trunks", json!({})),
        e(
            &["/trunk_id"],
            "account",
            "get_trunk",
            json!({"trunk_id": "trk-1"}),
        ),
        e(
            &["/trunk_id", "/name", "/description", "/inbound_destination"],
            "account",
            "update_trunk",
            with(trunk, json!({"trunk_id": "trk-1"})),
        ),
        e(
            &["/trunk_id"],
            "account",
            "delete_trunk",
            json!({"trunk_id": "trk-1"}),
        ),
        e(
            &["/username", "/password"],
            "account",
            "create_trunk_credential",
            json!({"username": "alice", "password": "Str0ng!pass"}),
        ),
        e(&[], "account", "list_trunk_credentials", json!({})),
        e(
            &["/credential_uuid", "/password"],
            "account",
            "update_trunk_credential",
            json!({"credential_uuid": "cred-1", "password": "Str0ng!pass2"}),
        ),
        e(
            &["/credential_uuid"],
            "account",
            "delete_trunk_credential",
            json!({"credential_uuid": "cred-1"}),
        ),
        e(
            &["/name", "/ip_address"],
            "account",
            "create_ip_acl",
            json!({"name": "office", "ip_address": "10.1.2.3"}),
        ),
        e(&[], "account", "list_ip_acl", json!({})),
        e(
            &["/ip_acl_uuid", "/name", "/ip_address"],
            "account",
            "update_ip_acl",
            json!({"ip_acl_uuid": "acl-1", "name": "office"}),
        ),
        e(
            &["/ip_acl_uuid"],
            "account",
            "delete_ip_acl",
            json!({"ip_acl_uuid": "acl-1"}),
        ),
        e(
            &["/name", "/sip_uri"],
            "account",
            "create_origination_uri",
            json!({"name": "pbx", "sip_uri": "sip:pbx.example.com:5060"}),
        ),
        e(&[], "account", "list_origination_uris", json!({})),
        e(
            &["/origination_uri_uuid", "/name", "/sip_uri"],
            "account",
            "update_origination_uri",
            json!({"origination_uri_uuid": "uri-1", "name": "pbx"}),
        ),
        e(
            &["/origination_uri_uuid"],
            "account",
            "delete_origination_uri",
            json!({"origination_uri_uuid": "uri-1"}),
        ),
        // Sub-account.
        e(&[], "sub_account", "get", json!({})),
        e(
            &[
                "/name",
                "/email",
                "/phone",
                "/description",
                "/kyc_mode",
                "/business_type",
            ],
            "sub_account",
            "update",
            json!({"description": "x"}),
        ),
        e(&[], "sub_account", "delete", json!({})),
        e(&[], "sub_account", "kyc_status", json!({})),
        e(
            &["/pan"],
            "sub_account",
            "verify_pan",
            json!({"pan": "ABCPD1234E"}),
        ),
        e(
            &["/gstin"],
            "sub_account",
            "verify_gst",
            json!({"gstin": "27AAPFU0939F1ZV"}),
        ),
        e(
            &["/company_name"],
            "sub_account",
            "cin_search",
            json!({"company_name": "Acme"}),
        ),
        e(
            &["/company_name", "/selected_cin"],
            "sub_account",
            "cin_confirm",
            json!({"company_name": "Acme", "selected_cin": "U72900KA2024PTC123456"}),
        ),
        e(
            &["/redirect_url", "/oauth_state"],
            "sub_account",
            "digilocker_initiate",
            json!({"redirect_url": "https://acme.example.com/back", "oauth_state": "st-1"}),
        ),
        e(
            &["/access_request_id", "/linked_number"],
            "sub_account",
            "digilocker_verify",
            json!({"access_request_id": "ar-1", "linked_number": E164_A}),
        ),
        e(
            &["/customer_email", "/webhook_url", "/metadata/note"],
            "sub_account",
            "create_kyc_session",
            json!({"customer_email": "kyc@acme.in", "webhook_url": "https://hooks.example.com/k",
                "metadata": {"note": "x"}}),
        ),
        e(
            &["/redirect_url"],
            "sub_account",
            "create_kyc_session",
            json!({"redirect_url": "https://acme.example.com/back"}),
        ),
        e(
            &["/pan"],
            "sub_account",
            "test_verify_pan",
            json!({"pan": "TESTSUCCESS0001"}),
        ),
        e(
            &["/gstin"],
            "sub_account",
            "test_verify_gst",
            json!({"gstin": "TESTSUCCESS0001"}),
        ),
        e(
            &["/company_name"],
            "sub_account",
            "test_cin_search",
            json!({"company_name": "Acme"}),
        ),
        e(
            &["/company_name", "/selected_cin"],
            "sub_account",
            "test_cin_confirm",
            json!({"company_name": "Acme", "selected_cin": "U72900KA2024PTC123456"}),
        ),
        e(
            &["/redirect_url", "/oauth_state"],
            "sub_account",
            "test_digilocker_initiate",
            json!({"redirect_url": "https://acme.example.com/back", "oauth_state": "st-1"}),
        ),
        e(
            &["/access_request_id", "/linked_number"],
            "sub_account",
            "test_digilocker_verify",
            json!({"access_request_id": "MOCK_AR_SUCCESS", "linked_number": E164_A}),
        ),
        e(
            &["/verification_type", "/outcome"],
            "sub_account",
            "test_finalize_pending",
            json!({"verification_type": "pan", "outcome": "verified"}),
        ),
    ]
}

trait Pipe: Sized {
    fn pipe<T>(self, f: impl FnOnce(Self) -> T) -> T {
        f(self)
    }
}
impl<T> Pipe for T {}

/// Sets the string at `pointer`, creating missing object keys on the way.
fn set(args: &mut Value, pointer: &str, value: &str) {
    let mut at = args;
    let parts: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        at = match at {
            Value::Array(items) => &mut items[part.parse::<usize>().unwrap()],
            Value::Object(map) => map
                .entry(part.to_string())
                .or_insert_with(|| if last { Value::Null } else { json!({}) }),
            other => panic!("{pointer}: {other} has no {part}"),
        };
    }
    *at = Value::String(value.to_owned());
}

fn get(args: &Value, pointer: &str) -> Option<String> {
    args.pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// What the text rule says about `value` in the field at `pointer`: whether it must be
/// refused. Only the trimmed text counts (values are trimmed before use, and a value that
/// trims to nothing is not sent).
fn must_refuse(op: &str, pointer: &str, value: &str) -> bool {
    let key = pointer
        .rsplit('/')
        .find(|part| part.parse::<usize>().is_err())
        .unwrap_or(pointer);
    if TYPED.contains(&key) && op != "make_call" {
        return false;
    }
    let multiline = validate::MULTILINE_FIELDS.contains(&key);
    value
        .trim()
        .chars()
        .any(|c| validate::is_forbidden_char(c) && !(multiline && c == '\n'))
}

async fn run(client: &Client, kind: OperationKind, op: &str, args: Value) -> Result<View, Error> {
    match kind {
        OperationKind::Call => client.call(op, args, KeyCase::Snake).await,
        OperationKind::List => {
            let options = PageOptions {
                page_size: 5,
                max_items: Some(5),
                prefetch: 1,
            };
            let mut pages = client.list(op, args, options, KeyCase::Snake)?;
            Ok(View::List(pages.next_batch().await?.unwrap_or_default()))
        }
    }
}

/// The `error_kind` of every row of a bulk answer (`VALIDATION`, `INTERNAL`…): a bulk
/// operation answers `Ok` and reports each row's failure in it.
fn row_error_kinds(view: &View, out: &mut Vec<String>) {
    match view {
        View::Map(fields) => {
            for (key, value) in fields {
                match (key.as_str(), value) {
                    ("error_kind", View::Text(kind)) => out.push(kind.clone()),
                    _ => row_error_kinds(value, out),
                }
            }
        }
        View::List(items) => items.iter().for_each(|item| row_error_kinds(item, out)),
        _ => {}
    }
}

/// Arguments parsed into a typed value (a date, a time, an amount) rather than sent as
/// text: a lenient parser may skip a stray character, and only the parsed value is sent,
/// so these are held to "no panic" only.
const TYPED: &[&str] = &[
    "from",
    "to",
    "from_date",
    "to_date",
    "start_date",
    "end_date",
    "as_of",
    "amount",
    "funding",
];

fn kind_of(scope: &str, op: &str) -> OperationKind {
    operation(scope, op)
        .map(|operation| operation.kind)
        .unwrap_or_else(|| panic!("{scope}.{op} is not an operation"))
}

/// Panics anywhere in the process (the sandbox's handlers included), by location.
fn record_panics() -> Arc<Mutex<Vec<String>>> {
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = seen.clone();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        sink.lock().unwrap().push(at);
        previous(info);
    }));
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_text_argument_of_every_operation_survives_arbitrary_unicode() {
    let panics = record_panics();
    let started = Instant::now();
    let world = sandbox::start(41).await;
    let created = world
        .partner
        .create_customer(
            &serde_json::from_value::<NewCustomer>(customer_args("owner@acme.in")).unwrap(),
        )
        .await
        .unwrap();
    let sub = world
        .parent
        .create_sub_account(CreateSubAccount::new("Fuzz target"))
        .await
        .unwrap();
    let ids = Ids {
        customer: created.auth_id.clone().unwrap(),
        sub_account: sub.sub_account.auth_id.clone(),
    };
    let partner = Client::Partner(world.partner.clone());
    let account = Client::Account(world.parent.clone());
    let sub_client = account.sub_account(&ids.sub_account).unwrap();
    let mut table = table(&ids);

    // The table covers every operation: one that takes arguments must be added here with
    // valid ones; one that takes none is covered as it is.
    let listed: BTreeSet<(&str, &str)> = table.iter().map(|e| (e.scope, e.op)).collect();
    let mut missing = Vec::new();
    for op in operations().filter(|op| !listed.contains(&(op.scope, op.name))) {
        let args = (op.args)(&mut schemars::SchemaGenerator::default());
        if args.properties.is_empty() {
            table.push(Entry {
                scope: op.scope,
                op: op.name,
                base: json!({}),
                fields: &[],
            });
        } else {
            missing.push(format!("{}.{}", op.scope, op.name));
        }
    }
    assert!(
        missing.is_empty(),
        "operations missing from the table: {missing:?}"
    );

    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]),
    );
    let mut calls = 0usize;
    let mut failures = Vec::new();
    for entry in &table {
        if entry.fields.is_empty() {
            continue;
        }
        let client = match entry.scope {
            "partner" => &partner,
            "account" => &account,
            _ => &sub_client,
        };
        let kind = kind_of(entry.scope, entry.op);
        // The base arguments are valid: the fuzzed field is the one checked.
        if let Err(err) = run(client, kind, entry.op, entry.base.clone()).await {
            assert_ne!(
                err.kind(),
                ErrorKind::Validation,
                "{}.{}: the base arguments are refused: {err}",
                entry.scope,
                entry.op
            );
            assert_ne!(
                err.kind(),
                ErrorKind::Internal,
                "{}.{}: {err}",
                entry.scope,
                entry.op
            );
        }
        for pointer in entry.fields {
            let seed = get(&entry.base, pointer).unwrap_or_else(|| "x".to_owned());
            let strategy = hostile(seed);
            for _ in 0..CASES {
                let value = strategy.new_tree(&mut runner).unwrap().current();
                let mut args = entry.base.clone();
                if entry.op == "onboard_customers" && *pointer != "/customers/0/email" {
                    // A known email is answered from the customer list without sending
                    // the row: a new one each time makes every row a create.
                    set(
                        &mut args,
                        "/customers/0/email",
                        &format!("bulk{calls}@acme.in"),
                    );
                }
                set(&mut args, pointer, &value);
                calls += 1;
                let outcome = run(client, kind, entry.op, args).await;
                let shown: String = value.chars().take(80).collect();
                let at = format!("{}.{} {pointer} = {shown:?}", entry.scope, entry.op);
                let kinds = match &outcome {
                    Ok(view) => {
                        let mut kinds = Vec::new();
                        row_error_kinds(view, &mut kinds);
                        kinds
                    }
                    Err(err) => vec![err.kind().code().to_owned()],
                };
                if kinds.iter().any(|k| k == ErrorKind::Internal.code()) {
                    failures.push(format!("{at}: panicked: {outcome:?}"));
                } else if must_refuse(entry.op, pointer, &value)
                    && !kinds.iter().any(|k| k == ErrorKind::Validation.code())
                {
                    failures.push(format!(
                        "{at} holds a control or bidi character but was not refused: {kinds:?}"
                    ));
                }
            }
        }
    }
    eprintln!(
        "hostile input: {calls} calls over {} entries in {:?}",
        table.len(),
        started.elapsed()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let panics = panics.lock().unwrap().clone();
    assert!(
        panics.is_empty(),
        "panics during the run (caught, but each is a bug): {panics:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(600));
}

#[test]
fn the_audit_inputs_are_refused_as_numbers_without_panicking() {
    for input in AUDIT_INPUTS {
        let err = E164::parse_field(input, "phone").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation, "{input:?}");
        assert_eq!(err.validation_field(), Some("phone"), "{input:?}");
        for prefixed in [
            format!("+{input}"),
            format!("%2B{input}"),
            format!("%2b{input}"),
        ] {
            let err = E164::parse_field(&prefixed, "phone").unwrap_err();
            assert_eq!(err.validation_field(), Some("phone"), "{prefixed:?}");
        }
        for id_field in ["auth_id", "customer_auth_id"] {
            let err = AuthId::parse_field(input, id_field).unwrap_err();
            assert_eq!(err.validation_field(), Some(id_field), "{input:?}");
        }
    }
    assert_eq!(
        E164::parse_field("%2B918012345678", "phone")
            .unwrap()
            .as_str(),
        "+918012345678"
    );
}

#[tokio::test]
async fn the_audit_inputs_are_refused_as_call_destinations_before_sending() {
    let world = sandbox::start(43).await;
    let account = Client::Account(world.parent.clone());
    for input in AUDIT_INPUTS {
        let answer = "https://x.example.com/a";
        let mut cases = vec![
            (
                "to",
                json!({"from": E164_A, "to": [input], "answer_url": answer}),
            ),
            (
                "to",
                json!({"from": E164_A, "to": [E164_B, input], "answer_url": answer}),
            ),
            (
                "from",
                json!({"from": input, "to": [E164_B], "answer_url": answer}),
            ),
        ];
        if input.chars().any(validate::is_forbidden_char) {
            // `sip:12€3456789` is a well-formed SIP URI; `sip:<NUL>` is not.
            let sip = format!("sip:{input}");
            cases.push((
                "to",
                json!({"from": E164_A, "to": [sip], "answer_url": answer}),
            ));
        }
        for (field, args) in cases {
            let err = account
                .call("make_call", args, KeyCase::Snake)
                .await
                .unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Validation, "{input:?}: {err}");
            assert_eq!(err.validation_field(), Some(field), "{input:?}: {err}");
        }
        let mut typed = CallRequest::new(E164_A, *input, "https://x.example.com/a");
        let err = world.parent.make_call(&typed).await.unwrap_err();
        assert_eq!(err.validation_field(), Some("to"), "{input:?}");
        typed.to = vec![E164_B.to_owned()];
        typed.from = (*input).to_owned();
        let err = world.parent.make_call(&typed).await.unwrap_err();
        assert_eq!(err.validation_field(), Some("from"), "{input:?}");
    }
}

#[tokio::test]
async fn control_and_bidi_characters_are_refused_by_the_typed_api_too() {
    let world = sandbox::start(44).await;
    let mut customer: NewCustomer = serde_json::from_value(customer_args("typed@acme.in")).unwrap();
    customer.city = Some("Benga\u{202E}luru".into());
    let err = world.partner.create_customer(&customer).await.unwrap_err();
    assert_eq!(err.validation_field(), Some("city"), "{err}");
    customer.city = None;
    customer.description = Some("two\nlines are fine, a tab\tis not".into());
    let err = world.partner.create_customer(&customer).await.unwrap_err();
    assert_eq!(err.validation_field(), Some("description"), "{err}");
    customer.description = Some("two\nlines are fine".into());
    assert!(world.partner.create_customer(&customer).await.is_ok());

    let sub = world
        .parent
        .create_sub_account(CreateSubAccount {
            description: Some("ok".into()),
            ..CreateSubAccount::new("Nice\u{2067} name")
        })
        .await
        .unwrap_err();
    assert_eq!(sub.kind(), ErrorKind::Validation, "{sub}");
    let trunk = world.parent.get_trunk("trk\u{200F}1").await.unwrap_err();
    assert_eq!(trunk.validation_field(), Some("trunk_id"), "{trunk}");
}

/// A token that must never appear in an error.
const TOKEN: &str = "CANARYtok9f8e7d6c5b4a3210fedcba98";

fn assert_no_token(err: &Error) {
    for text in [
        err.to_string(),
        format!("{err:?}"),
        err.validation_field().unwrap_or_default().to_owned(),
        format!("{:?}", err.report()),
    ] {
        assert!(!text.contains(TOKEN), "token leaked: {text}");
        assert!(!text.contains(&TOKEN[..12]), "token prefix leaked: {text}");
    }
    assert_eq!(err.kind(), ErrorKind::Validation);
}

#[test]
fn credentials_in_swapped_order_never_put_the_token_in_the_error() {
    let errors = [
        PartnerCredentials::new(TOKEN, "PA_ABC12345").unwrap_err(),
        AccountCredentials::new(TOKEN, "MA_ABC12345").unwrap_err(),
        AccountCredentials::new(TOKEN, "SA_ABC12345").unwrap_err(),
        Credentials::new(TOKEN, "PA_ABC12345").unwrap_err(),
        Client::Account(
            vobiz_partner::Account::new(
                AccountCredentials::new("MA_ABC12345", TOKEN).unwrap(),
                vobiz_partner::ClientConfig::default(),
            )
            .unwrap(),
        )
        .sub_account(TOKEN)
        .unwrap_err(),
    ];
    for err in &errors {
        assert_no_token(err);
        assert!(
            err.to_string()
                .contains("33 characters starting with an uppercase letter"),
            "the shape is described: {err}"
        );
    }
}

/// Runs in a child process with the environment set (the environment is process-wide, so
/// it is never changed in this one).
#[test]
#[ignore = "run by credentials_from_a_swapped_environment_never_put_the_token_in_the_error"]
fn env_child() {
    if std::env::var_os("HOSTILE_INPUT_CHILD").is_none() {
        return;
    }
    assert_no_token(&PartnerCredentials::from_env().unwrap_err());
    assert_no_token(&AccountCredentials::from_env().unwrap_err());
    println!("env-child-ok");
}

#[test]
fn credentials_from_a_swapped_environment_never_put_the_token_in_the_error() {
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "env_child",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("HOSTILE_INPUT_CHILD", "1")
        .env("VOBIZ_AUTH_ID", TOKEN)
        .env("VOBIZ_AUTH_TOKEN", "PA_ABC12345")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("env-child-ok"),
        "child failed:\n{stdout}\n{stderr}"
    );
}

#[tokio::test]
async fn a_login_with_email_and_password_swapped_never_echoes_the_password() {
    let transport = vobiz_partner::Transport::new(
        vobiz_partner::ClientConfig::builder()
            .base_url("http://127.0.0.1:9")
            .build()
            .unwrap(),
    )
    .unwrap();
    let password = "CANARY_Str0ng!pass_77";
    let err = vobiz_partner::Partner::login(&transport, password, "asha@acme.in")
        .await
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("email"), "{err}");
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains(password), "password leaked: {text}");
    }
}

/// A view as JSON again (to hand an onboarding state back to the next step).
fn view_json(view: &View) -> Value {
    match view {
        View::Null => Value::Null,
        View::Bool(b) => json!(b),
        View::Int(i) => json!(i),
        View::UInt(u) => json!(u),
        View::Float(f) => json!(f),
        View::Text(t) => json!(t),
        View::Money(m) => json!(m.to_string()),
        View::Time(t) => json!(t.raw()),
        View::Secret(s) => json!(s.expose()),
        View::List(items) => Value::Array(items.iter().map(view_json).collect()),
        View::Map(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), view_json(v)))
                .collect(),
        ),
    }
}

/// A wait longer than the clock can add (about 584 billion years) used to reach the KYC
/// poll and panic there; it is refused as a validation error.
#[tokio::test]
async fn an_unrepresentable_wait_is_refused_not_panicked_on() {
    let world = sandbox::start(45).await;
    let partner = Client::Partner(world.partner.clone());
    let plan = json!({"customer": customer_args("wait@acme.in"),
        "kyc": {"flow": "email", "customer_email": "wait@acme.in"}});
    let mut state = Value::Null;
    for _ in 0..12 {
        let mut args = json!({"plan": plan, "max_wait_seconds": 1.8e19});
        if !state.is_null() {
            args["state"] = state.clone();
        }
        match partner
            .call("customer_onboarding_step", args, KeyCase::Snake)
            .await
        {
            Ok(step) => {
                let step = view_json(&step);
                if step["state"]["finished"] == json!(true) {
                    break;
                }
                state = step["state"].clone();
            }
            Err(err) => {
                assert_ne!(err.kind(), ErrorKind::Internal, "{err}");
                assert_eq!(err.validation_field(), Some("max_wait_seconds"), "{err}");
                break;
            }
        }
    }
    let far = partner
        .call(
            "renewals_at_risk",
            json!({"within_days": u32::MAX}),
            KeyCase::Snake,
        )
        .await
        .unwrap_err();
    assert_eq!(far.validation_field(), Some("within_days"), "{far}");
}

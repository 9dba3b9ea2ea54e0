//! The JSON Schemas of the request types: what callers pass in (bodies, filters, queries,
//! onboarding plans), for generating the Python keyword parameters / `TypedDict`s and the
//! TypeScript argument interfaces from
//! [`request_schemas`](crate::request_schema::request_schemas).
//!
//! The schemas describe a type as it is *deserialised*, i.e. what the SDK accepts, with the
//! conventions of [`crate::schema`] plus these:
//! - a field is `required` when deserialisation fails without it (no default, not an
//!   `Option`); a type that refuses unknown fields has `"additionalProperties": false`;
//! - a day (`chrono::NaiveDate`) is `{"type": "string", "format": "date"}`;
//! - a secret the caller hands in (a password, an auth token) is `"writeOnly": true` with
//!   `"format": "password"`;
//! - money is `{"type": "string", "format": "vobiz-money", "x-vobiz-accepts-number": true}`:
//!   a decimal string or a JSON number;
//! - a string enum is `oneOf` its documented values (each a `const` with its description):
//!   a request refuses any other value, also for the lenient enums of the response models.

use schemars::SchemaGenerator;
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use crate::models::{
    AccountCdrFilters, CallRequest, CapacityMove, CdrFilters, CreateSubAccount, CustomerFilters,
    HealthQuery, InventoryFilters, IpAclRequest, KycSessionFilters, NewCustomer, NewKycSession,
    NumberFilters, OriginationUriRequest, OwnedNumberFilters, PendingOutcome, RecordingFilters,
    SubAccountFilters, TransactionFilters, TrunkCredentialRequest, TrunkRequest, UpdateSubAccount,
    VerificationType,
};
use crate::money::Money;
use crate::workflows::onboarding::{
    CustomerPlan, GivenCredentials, OnboardingState, SubAccountPlan,
};

macro_rules! request_types {
    ($($ty:ident),+ $(,)?) => {
        /// The request types, by Rust type name: every type an operation reads from its
        /// arguments (the types nested in them, and the string enums they use, come along as
        /// definitions too).
        pub const REQUEST_NAMES: &[&str] = &[$(stringify!($ty)),+];

        fn collect(generator: &mut SchemaGenerator) {
            $( generator.subschema_for::<$ty>(); )+
        }
    };
}

request_types!(
    // partner: customers, ledgers, CDRs, numbers, KYC sessions, capacity
    NewCustomer,
    CustomerFilters,
    TransactionFilters,
    CdrFilters,
    NumberFilters,
    NewKycSession,
    KycSessionFilters,
    CapacityMove,
    // account: numbers, health, CDRs, recordings, calls, sub-accounts, trunks
    OwnedNumberFilters,
    InventoryFilters,
    HealthQuery,
    AccountCdrFilters,
    RecordingFilters,
    CallRequest,
    CreateSubAccount,
    SubAccountFilters,
    UpdateSubAccount,
    TrunkRequest,
    TrunkCredentialRequest,
    IpAclRequest,
    OriginationUriRequest,
    // sub-account KYC (test mode)
    VerificationType,
    PendingOutcome,
    // onboarding
    CustomerPlan,
    SubAccountPlan,
    GivenCredentials,
    OnboardingState,
);

/// One JSON document holding the deserialise-form schema of every request type (and of the
/// types and string enums nested in them) under `$defs`, keyed by Rust type name, plus
/// `requests`: the names of [`REQUEST_NAMES`], and `scalars`: the schema of an argument
/// that is a bare [`Money`] amount (`amount` of a balance transfer). Nested types are
/// `$ref`s (`#/$defs/KycReminder`). Keys are sorted, so the output is stable.
pub fn request_schemas() -> Value {
    let mut generator = SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator();
    collect(&mut generator);
    let money = generator.subschema_for::<Money>();
    let definitions = generator.take_definitions(true);
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "vobiz-partner request types",
        "description": "The request types of the vobiz-partner core, as the operations read them from their arguments.",
        "requests": REQUEST_NAMES,
        "scalars": { "Money": money },
        "$defs": definitions,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde::de::DeserializeOwned;

    use super::*;
    use crate::models::{
        BusinessType, CallDirection, CallStatus, CapacityResource, HealthGranularity, KycFlow,
        KycMode, KycSessionStatus, TransactionType,
    };

    fn doc() -> Value {
        request_schemas()
    }

    fn def<'a>(doc: &'a Value, name: &str) -> &'a Value {
        let found = &doc["$defs"][name];
        assert!(found.is_object(), "no definition {name}");
        found
    }

    fn required(schema: &Value) -> BTreeSet<String> {
        schema["required"]
            .as_array()
            .map(|r| r.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
            .unwrap_or_default()
    }

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    /// The values a string enum's schema lists (`enum`, or the `const`s of `oneOf` /
    /// `anyOf`), and whether it also takes any other string.
    fn enum_values(schema: &Value) -> (Vec<String>, bool) {
        if let Some(values) = schema["enum"].as_array() {
            return (
                values
                    .iter()
                    .map(|v| v.as_str().unwrap().to_owned())
                    .collect(),
                false,
            );
        }
        let branches = schema["oneOf"]
            .as_array()
            .or(schema["anyOf"].as_array())
            .expect("a string enum");
        let mut values = Vec::new();
        let mut open = false;
        for b in branches {
            assert_eq!(b["type"], "string", "{b}");
            match b["const"].as_str() {
                Some(v) => values.push(v.to_owned()),
                None => open = true,
            }
        }
        (values, open)
    }

    #[test]
    fn every_request_type_has_a_definition_and_the_document_is_stable() {
        let doc = doc();
        for name in REQUEST_NAMES {
            def(&doc, name);
        }
        assert_eq!(doc, request_schemas());
    }

    #[test]
    fn new_customer_requires_its_four_fields_and_refuses_others() {
        let doc = doc();
        let customer = def(&doc, "NewCustomer");
        assert_eq!(
            required(customer),
            set(&["name", "email", "password", "country"])
        );
        assert_eq!(customer["additionalProperties"], false);
        assert!(customer["description"].as_str().unwrap().contains("POST"));
        let password = &customer["properties"]["password"];
        assert_eq!(password["writeOnly"], true);
        assert_eq!(password["format"], "password");
        assert_eq!(password["type"], "string");
        assert!(
            customer["properties"]["phone"]["description"]
                .as_str()
                .unwrap()
                .contains("E.164")
        );
    }

    #[test]
    fn secrets_handed_in_are_write_only_passwords() {
        let doc = doc();
        for (ty, field) in [
            ("NewCustomer", "password"),
            ("CreateSubAccount", "password"),
            ("TrunkCredentialRequest", "password"),
            ("GivenCredentials", "auth_token"),
        ] {
            let schema = &def(&doc, ty)["properties"][field];
            assert_eq!(schema["writeOnly"], true, "{ty}.{field}");
            assert_eq!(schema["format"], "password", "{ty}.{field}");
        }
        // No request field is described as an output secret.
        assert!(!doc.to_string().contains("vobiz-secret"));
    }

    #[test]
    fn days_are_dates() {
        let doc = doc();
        for (ty, field) in [
            ("CdrFilters", "start_date"),
            ("CdrFilters", "end_date"),
            ("AccountCdrFilters", "start_date"),
            ("AccountCdrFilters", "end_date"),
            ("TransactionFilters", "from_date"),
            ("TransactionFilters", "to_date"),
        ] {
            let schema = &def(&doc, ty)["properties"][field];
            assert_eq!(schema["format"], "date", "{ty}.{field}");
        }
        assert!(required(def(&doc, "CdrFilters")).is_empty());
    }

    #[test]
    fn money_takes_a_string_or_a_number() {
        let doc = doc();
        let funding = &def(&doc, "CustomerPlan")["properties"]["funding"];
        assert_eq!(funding["format"], "vobiz-money");
        assert_eq!(funding["x-vobiz-accepts-number"], true);
        assert_eq!(doc["scalars"]["Money"]["format"], "vobiz-money");
        assert_eq!(doc["scalars"]["Money"]["x-vobiz-accepts-number"], true);
        // The response models' form is unchanged.
        let models = crate::schema::model_schemas().to_string();
        assert!(!models.contains("x-vobiz-accepts-number"));
    }

    /// Every value a request enum's schema lists is one its deserialisation accepts and
    /// gives back unchanged, and the schema lists all of them. `refuses_unknown`: whether
    /// deserialisation itself refuses another value (the lenient enums keep it, and the
    /// request refuses it before sending).
    fn check_enum<T: DeserializeOwned>(
        doc: &Value,
        name: &str,
        expected: &[&str],
        refuses_unknown: bool,
        wire: fn(&T) -> String,
    ) {
        let (values, open) = enum_values(def(doc, name));
        assert!(!open, "{name} takes any string");
        assert_eq!(values, expected, "{name}");
        for v in values {
            let parsed: T = serde_json::from_value(json!(v))
                .unwrap_or_else(|e| panic!("{name} refuses its own value {v}: {e}"));
            assert_eq!(wire(&parsed), v, "{name}");
        }
        let unknown = serde_json::from_value::<T>(json!("not-a-value"));
        assert_eq!(unknown.is_err(), refuses_unknown, "{name}");
    }

    #[test]
    fn string_enums_list_their_values() {
        let doc = doc();
        check_enum::<CallStatus>(
            &doc,
            "CallStatus",
            &["answered", "failed", "busy", "no_answer"],
            true,
            |v| v.as_str().into(),
        );
        check_enum::<CallDirection>(&doc, "CallDirection", &["inbound", "outbound"], true, |v| {
            v.as_str().into()
        });
        check_enum::<TransactionType>(
            &doc,
            "TransactionType",
            &["recharge", "debit", "refund", "transfer"],
            true,
            |v| v.as_str().into(),
        );
        check_enum::<KycFlow>(&doc, "KycFlow", &["email", "redirect"], true, |v| {
            v.as_str().into()
        });
        check_enum::<KycSessionStatus>(
            &doc,
            "KycSessionStatus",
            &[
                "email_sent",
                "link_ready",
                "opened",
                "in_progress",
                "kyc_completed",
                "revoked",
            ],
            true,
            |v| v.as_str().into(),
        );
        check_enum::<CapacityResource>(
            &doc,
            "CapacityResource",
            &["concurrent_calls", "cps"],
            true,
            |v| v.as_str().into(),
        );
        check_enum::<HealthGranularity>(&doc, "HealthGranularity", &["day", "hour"], true, |v| {
            v.as_str().into()
        });
        check_enum::<PendingOutcome>(&doc, "PendingOutcome", &["verified", "failed"], true, |v| {
            v.as_str().into()
        });
        // The lenient enums: strict in a request, which refuses an unknown value before
        // sending.
        check_enum::<KycMode>(&doc, "KycMode", KycMode::KNOWN, false, |v| {
            v.as_str().into()
        });
        check_enum::<BusinessType>(&doc, "BusinessType", BusinessType::KNOWN, false, |v| {
            v.as_str().into()
        });
        check_enum::<VerificationType>(
            &doc,
            "VerificationType",
            VerificationType::KNOWN,
            false,
            |v| v.as_str().into(),
        );
        // Each value keeps its doc comment.
        let status = def(&doc, "CallStatus");
        assert_eq!(
            status["description"],
            "Outcome of a call, as the CDR `status` filter names it."
        );
        assert!(
            status["oneOf"][3]["description"]
                .as_str()
                .unwrap()
                .contains("Not answered")
        );
        // The response models still describe the lenient form.
        let models = crate::schema::model_schemas();
        let (_, open) = enum_values(&models["$defs"]["KycMode"]);
        assert!(open);
    }

    /// Deserialises `value` as request type `name`.
    fn decode(name: &str, value: Value) -> std::result::Result<(), String> {
        macro_rules! by_name {
            ($($ty:ident),+ $(,)?) => {
                match name {
                    $( stringify!($ty) => serde_json::from_value::<$ty>(value).map(drop).map_err(|e| e.to_string()), )+
                    other => panic!("no decoder for {other}"),
                }
            };
        }
        by_name!(
            NewCustomer,
            CustomerFilters,
            TransactionFilters,
            CdrFilters,
            NumberFilters,
            NewKycSession,
            KycSessionFilters,
            CapacityMove,
            OwnedNumberFilters,
            InventoryFilters,
            HealthQuery,
            AccountCdrFilters,
            RecordingFilters,
            CallRequest,
            CreateSubAccount,
            SubAccountFilters,
            UpdateSubAccount,
            TrunkRequest,
            TrunkCredentialRequest,
            IpAclRequest,
            OriginationUriRequest,
            CustomerPlan,
            SubAccountPlan,
            GivenCredentials,
            OnboardingState,
        )
    }

    /// `required` and `additionalProperties: false` say what deserialisation does: `{}` is
    /// accepted exactly when nothing is required (else the first missing field is a required
    /// one), and an unknown field is refused exactly when the schema says so.
    #[test]
    fn required_and_unknown_fields_match_deserialisation() {
        let doc = doc();
        for name in REQUEST_NAMES {
            let schema = def(&doc, name);
            if schema["type"] != "object" {
                continue;
            }
            let required = required(schema);
            match decode(name, json!({})) {
                Ok(()) => assert!(
                    required.is_empty(),
                    "{name}: {{}} accepted, but {required:?} required"
                ),
                Err(e) => {
                    let missing = e
                        .strip_prefix("missing field `")
                        .and_then(|rest| rest.split('`').next())
                        .unwrap_or_else(|| panic!("{name}: {e}"));
                    assert!(
                        required.contains(missing),
                        "{name}: {missing} is not in {required:?}"
                    );
                }
            }
            let refuses = schema["additionalProperties"] == false;
            let unknown = decode(name, json!({ "zz_not_a_field": 1 }));
            let refused = unknown
                .as_ref()
                .is_err_and(|e| e.starts_with("unknown field"));
            assert_eq!(refused, refuses, "{name}: {unknown:?}");
        }
    }

    #[test]
    fn required_fields_of_the_bodies() {
        let doc = doc();
        for (name, fields) in [
            ("CapacityMove", &["resource", "slots"][..]),
            ("NewKycSession", &["account_auth_id", "flow"]),
            ("CallRequest", &["from", "to", "answer_url"]),
            ("CreateSubAccount", &["name"]),
            (
                "SubAccountPlan",
                &["name", "email", "business_type", "kyc", "number"],
            ),
            ("CustomerPlan", &["customer"]),
            ("GivenCredentials", &["auth_id", "auth_token"]),
            ("OnboardingState", &["kind", "version"]),
            ("TrunkRequest", &[]),
            ("UpdateSubAccount", &[]),
        ] {
            assert_eq!(required(def(&doc, name)), set(fields), "{name}");
        }
        // The internally tagged KYC plan: one object per `kind`, each refusing other fields.
        let kyc = def(&doc, "KycPlan");
        let kinds: Vec<_> = kyc["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                assert_eq!(v["additionalProperties"], false);
                v["properties"]["kind"]["const"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(kinds, ["company", "individual", "hosted"]);
    }

    /// Every property of every definition has a description (its doc comment), and no
    /// description carries a Rust code example.
    #[test]
    fn every_field_is_described() {
        let doc = doc();
        assert!(!doc.to_string().contains("```"));
        for (name, schema) in doc["$defs"].as_object().unwrap() {
            let mut objects = vec![schema];
            if let Some(variants) = schema["oneOf"].as_array() {
                objects.extend(variants);
            }
            assert!(
                schema["description"].is_string(),
                "{name} has no description"
            );
            for object in objects {
                for (field, property) in object["properties"].as_object().into_iter().flatten() {
                    let described =
                        property["description"].is_string() || property.get("const").is_some();
                    assert!(described, "{name}.{field} has no description");
                }
            }
        }
    }
}

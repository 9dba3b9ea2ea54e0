//! The model schemas the Python classes and TypeScript interfaces are generated from
//! (`vobiz_partner::schema::model_schemas`, `tools/gen_models.py`): every response model has
//! one, money / timestamps / secrets carry their formats, docs come through, and a schema's
//! properties are exactly the keys the model serialises.

use std::collections::BTreeSet;

/// Models the SDK builds itself (from other answers) rather than decoding from the API.
const SDK_BUILT: &[&str] = &[
    "AccountBalance",
    "BulkOnboardingRow",
    "RenewalRisk",
    "Invoice",
    "InvoiceLine",
    "SafeTransfer",
    "OnboardingState",
    "StepReport",
    "OnceShownCredentials",
    "OnboardingStep",
    "UnassignOutcome",
    "ReleasePlan",
    "ReleasePlanItem",
    "ReleaseExecution",
    "ReleaseItemResult",
];

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use vobiz_partner::models::{self, BusinessType, KycMode, VerificationStatus, VerificationType};
use vobiz_partner::schema::{MODEL_NAMES, model_schemas};
use vobiz_partner::view::{View, to_view};

fn defs() -> serde_json::Map<String, Value> {
    model_schemas()["$defs"]
        .as_object()
        .expect("a $defs object")
        .clone()
}

fn property<'a>(defs: &'a serde_json::Map<String, Value>, model: &str, field: &str) -> &'a Value {
    defs[model]["properties"]
        .get(field)
        .unwrap_or_else(|| panic!("{model}.{field} has no schema"))
}

/// The models operations return (named by their `$ref`): they need no entry in MODEL_NAMES.
fn operation_results() -> Vec<String> {
    let mut generator = schemars::SchemaGenerator::default();
    vobiz_partner::ops::operations()
        .filter_map(|op| {
            let schema = (op.result)(&mut generator);
            let reference = schema
                .get("$ref")
                .or_else(|| schema.get("items").and_then(|items| items.get("$ref")))?;
            reference.as_str()?.rsplit('/').next().map(str::to_owned)
        })
        .collect()
}

#[test]
fn every_listed_model_has_a_documented_object_schema() {
    let doc = model_schemas();
    let defs = defs();
    let listed: Vec<&str> = doc["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(listed, MODEL_NAMES);
    for name in [
        "Customer",
        "CreatedCustomer",
        "SubAccountCreated",
        "SubAccountObject",
        "Cdr",
        "CdrPage",
        "TransactionPage",
        "PhoneNumber",
        "KycSession",
        "Trunk",
        "TrunkCredential",
        "AccountBalance",
        "Dashboard",
    ] {
        assert!(MODEL_NAMES.contains(&name), "{name} is not listed");
    }
    let results = operation_results();
    let models: Vec<&str> = MODEL_NAMES
        .iter()
        .copied()
        .chain(results.iter().map(String::as_str))
        .collect();
    for name in &models {
        let schema = defs
            .get(*name)
            .unwrap_or_else(|| panic!("{name} has no schema"));
        assert_eq!(schema["type"], "object", "{name}");
        let description = schema["description"].as_str().unwrap_or_default();
        assert!(!description.is_empty(), "{name} has no description");
        let properties = schema["properties"].as_object().expect("properties");
        assert!(!properties.is_empty(), "{name} has no properties");
        for (field, property) in properties {
            let text = property["description"].as_str().unwrap_or_default();
            assert!(!text.is_empty(), "{name}.{field} has no description");
        }
    }
    let enums = [
        "BusinessType",
        "KycMode",
        "VerificationStatus",
        "VerificationType",
        "KycEventType",
        "KycEventSource",
        "SafeTransferOutcome",
        "OnboardingKind",
        "StepOutcome",
        "UnassignStatus",
        "ReleaseStep",
        "ReleaseState",
        "ReleaseItemStatus",
    ];
    for name in defs.keys() {
        assert!(
            models.contains(&name.as_str()) || enums.contains(&name.as_str()),
            "unexpected definition {name} (a name clash gives `Name2`)"
        );
    }
}

#[test]
fn money_timestamps_and_secrets_carry_their_formats() {
    let defs = defs();
    for (model, field, format) in [
        ("Customer", "cash_credits", "vobiz-money"),
        ("Customer", "created_at", "vobiz-timestamp"),
        ("Customer", "auth_token", "vobiz-secret"),
        ("PricingTier", "rate_per_minute", "vobiz-money"),
        ("TransferResult", "partner_balance_after", "vobiz-money"),
        ("AccountBalance", "cash_credits", "vobiz-money"),
        ("AuthCredentials", "auth_token", "vobiz-secret"),
        ("ConsoleTokens", "refresh_token", "vobiz-secret"),
        ("TrunkCredential", "password", "vobiz-secret"),
        ("KycSessionCreated", "widget_url", "vobiz-secret"),
        ("Cdr", "answer_time", "vobiz-timestamp"),
        ("Cdr", "total_cost", "vobiz-money"),
        ("HealthSnapshot", "ts", "vobiz-timestamp"),
        ("Period", "from", "vobiz-timestamp"),
        ("DailyTotals", "total_cost", "vobiz-money"),
    ] {
        let schema = property(&defs, model, field);
        assert_eq!(schema["format"], format, "{model}.{field}: {schema}");
        let types = &schema["type"];
        assert!(
            types == "string"
                || types
                    .as_array()
                    .is_some_and(|t| t.contains(&json!("string"))),
            "{model}.{field} is not a string: {schema}"
        );
    }
    // Required ones stay non-null; optional ones admit null.
    assert_eq!(
        property(&defs, "AuthCredentials", "auth_token")["type"],
        "string"
    );
    assert_eq!(
        property(&defs, "Customer", "auth_token")["type"],
        json!(["string", "null"])
    );
}

#[test]
fn nested_models_are_refs_and_unknown_fields_are_allowed() {
    let defs = defs();
    let tier = property(&defs, "Customer", "pricing_tier");
    assert_eq!(
        tier["anyOf"],
        json!([{"$ref": "#/$defs/PricingTier"}, {"type": "null"}])
    );
    assert_eq!(
        property(&defs, "CdrPage", "data")["items"],
        json!({"$ref": "#/$defs/Cdr"})
    );
    assert_eq!(
        property(&defs, "SubAccountCreated", "sub_account")["$ref"],
        "#/$defs/SubAccountObject"
    );
    for name in MODEL_NAMES {
        if SDK_BUILT.contains(name) {
            continue; // built by the SDK, not read from the API: nothing unknown to keep
        }
        assert_eq!(
            defs[*name]["additionalProperties"], true,
            "{name} keeps no unknown fields"
        );
    }
    let filters = property(&defs, "CdrPage", "filters");
    assert_eq!(filters["additionalProperties"], true);
}

#[test]
fn lenient_enums_list_their_values_and_accept_others() {
    let defs = defs();
    let check = |name: &str, known: &[&str]| {
        let branches = defs[name]["anyOf"].as_array().expect("anyOf");
        let consts: Vec<&str> = branches
            .iter()
            .filter_map(|b| b["const"].as_str())
            .collect();
        assert_eq!(consts, known, "{name}");
        assert!(
            branches
                .iter()
                .any(|b| b["type"] == "string" && b.get("const").is_none()),
            "{name} refuses unknown values"
        );
        assert!(
            branches
                .iter()
                .all(|b| b["description"].as_str().is_some_and(|d| !d.is_empty())),
            "{name}: a value without its doc"
        );
        assert!(defs[name]["description"].as_str().is_some(), "{name}");
    };
    check("KycMode", KycMode::KNOWN);
    check("BusinessType", BusinessType::KNOWN);
    check("VerificationType", VerificationType::KNOWN);
    check("VerificationStatus", VerificationStatus::KNOWN);
    assert_eq!(
        property(&defs, "SubAccountObject", "kyc_mode")["anyOf"][0]["$ref"],
        "#/$defs/KycMode"
    );
    assert_eq!(
        property(&defs, "KycStatus", "verifications")["additionalProperties"]["$ref"],
        "#/$defs/VerificationStatus"
    );
}

/// The keys `value` serialises to (a flattened `extra` adds none when empty).
fn serialised_keys<T: DeserializeOwned + Serialize>(input: Value) -> BTreeSet<String> {
    let model: T = serde_json::from_value(input).expect("decodes");
    let value = serde_json::to_value(&model).expect("serialises");
    value
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect()
}

#[test]
fn schema_properties_are_the_serialised_keys() {
    let defs = defs();
    macro_rules! same_keys {
        ($($ty:ident => $input:expr),+ $(,)?) => {$({
            let keys = serialised_keys::<models::$ty>($input);
            let properties: BTreeSet<String> = defs[stringify!($ty)]["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            // Fields skipped when empty are in the schema but not in this output.
            assert!(keys.is_subset(&properties), "{}: {keys:?} vs {properties:?}", stringify!($ty));
            let required: BTreeSet<String> = defs[stringify!($ty)]["required"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| v.as_str().unwrap().to_owned())
                .collect();
            assert_eq!(keys, required, "{}", stringify!($ty));
        })+};
    }
    same_keys!(
        Customer => json!({}),
        CreatedCustomer => json!({}),
        PricingTier => json!({}),
        TransferResult => json!({}),
        Cdr => json!({}),
        CdrPage => json!({}),
        CdrSummary => json!({}),
        Transaction => json!({}),
        TransactionPage => json!({}),
        PhoneNumber => json!({}),
        ReleaseResult => json!({}),
        KycSession => json!({}),
        KycSessionCreated => json!({}),
        KycStatus => json!({}),
        KycVerificationResult => json!({"verification_type": "pan", "status": "verified"}),
        SubAccountObject => json!({"auth_id": "SA_1"}),
        SubAccountCreated => json!({"sub_account": {"auth_id": "SA_1"}}),
        AuthCredentials => json!({"auth_id": "SA_1", "auth_token": "t"}),
        Dashboard => json!({}),
        DailyTotals => json!({}),
        Period => json!({}),
        NumberHealth => json!({}),
        CallFired => json!({}),
        CapacityTransfer => json!({}),
        PartnerLogin => json!({}),
        Recording => json!({}),
        Trunk => json!({}),
        TrunkCredential => json!({}),
        OriginationUri => json!({}),
    );
}

/// A value that fits `schema`: every optional field set, money as text, timestamps in the
/// API's space-separated form, secrets as a canary.
fn sample(schema: &Value, defs: &serde_json::Map<String, Value>) -> Value {
    if let Some(reference) = schema["$ref"].as_str() {
        return sample(&defs[reference.trim_start_matches("#/$defs/")], defs);
    }
    if let Some(branches) = schema["anyOf"].as_array() {
        let first = branches.iter().find(|b| b["type"] != "null").unwrap();
        return sample(first, defs);
    }
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    let ty = match &schema["type"] {
        Value::Array(types) => types.iter().find(|t| *t != "null").cloned().unwrap(),
        Value::Null => return json!({"free": [1, "json"]}),
        other => other.clone(),
    };
    match (ty.as_str().unwrap(), schema["format"].as_str()) {
        ("string", Some("vobiz-money")) => json!("23906.83000"),
        ("string", Some("vobiz-timestamp")) => json!("2026-05-07 09:45:35.79276+05:30"),
        ("string", Some("vobiz-secret")) => json!("CANARY_schema_1"),
        ("string", _) => json!("/v1/Account/MA_1/x/"),
        ("integer", _) => json!(7),
        ("number", _) => json!(1.5),
        ("boolean", _) => json!(true),
        ("array", _) => json!([sample(&schema["items"], defs)]),
        ("object", _) => match schema["properties"].as_object() {
            Some(properties) => {
                let mut object: serde_json::Map<String, Value> = properties
                    .iter()
                    .map(|(key, property)| (key.clone(), sample(property, defs)))
                    .collect();
                object.insert("unmodelled_field".into(), json!("kept"));
                Value::Object(object)
            }
            None => match &schema["additionalProperties"] {
                Value::Bool(_) => json!({"k": "v"}),
                items => json!({"k": sample(items, defs)}),
            },
        },
        other => panic!("no sample for {other:?}"),
    }
}

/// The schema's `vobiz-*` format for a property, looking through `anyOf [x, null]`.
fn format_of(schema: &Value) -> Option<&str> {
    let own = schema["format"].as_str();
    let inner = || {
        schema["anyOf"]
            .as_array()?
            .iter()
            .find_map(|b| b["format"].as_str())
    };
    own.or_else(inner).filter(|f| f.starts_with("vobiz-"))
}

fn referenced<'a>(
    schema: &'a Value,
    defs: &'a serde_json::Map<String, Value>,
) -> Option<&'a Value> {
    let reference = schema["$ref"].as_str().or_else(|| {
        schema["anyOf"]
            .as_array()?
            .iter()
            .find_map(|b| b["$ref"].as_str())
    })?;
    Some(&defs[reference.trim_start_matches("#/$defs/")])
}

/// Walks a model's view beside its schema: each money / timestamp / secret in the view sits
/// where the schema names that format, and nowhere else; every property is in the view.
fn check_view(view: &View, schema: &Value, defs: &serde_json::Map<String, Value>, at: &str) {
    let View::Map(fields) = view else {
        panic!("{at}: not an object: {view:?}")
    };
    let properties = schema["properties"].as_object().unwrap();
    let mut seen = BTreeSet::new();
    for (key, value) in fields {
        if key == vobiz_partner::view::EXTRA_KEY {
            assert_eq!(
                schema["additionalProperties"], true,
                "{at}: an extra the schema does not allow"
            );
            continue;
        }
        let property = properties
            .get(key)
            .unwrap_or_else(|| panic!("{at}.{key} is in the view but not in the schema"));
        seen.insert(key.clone());
        let format = format_of(property);
        let found = match value {
            View::Money(_) => Some("vobiz-money"),
            View::Time(_) => Some("vobiz-timestamp"),
            View::Secret(_) => Some("vobiz-secret"),
            _ => None,
        };
        assert_eq!(found, format, "{at}.{key}: the view holds {value:?}");
        let item_schema = if matches!(value, View::List(_)) {
            &property["items"]
        } else {
            property
        };
        if let Some(model) = referenced(item_schema, defs).filter(|m| m["type"] == "object") {
            match value {
                View::List(items) => items
                    .iter()
                    .for_each(|item| check_view(item, model, defs, &format!("{at}.{key}[]"))),
                other => check_view(other, model, defs, &format!("{at}.{key}")),
            }
        }
    }
    let all: BTreeSet<String> = properties.keys().cloned().collect();
    assert_eq!(seen, all, "{at}: properties missing from the view");
}

#[test]
fn every_money_timestamp_and_secret_in_a_view_has_its_format_and_no_other_field_does() {
    let defs = defs();
    let mut checked = Vec::new();
    macro_rules! check {
        ($($ty:ident),+ $(,)?) => {$({
            let name = stringify!($ty);
            let schema = &defs[name];
            let input = sample(schema, &defs);
            let model: models::$ty = serde_json::from_value(input.clone())
                .unwrap_or_else(|e| panic!("{name} does not decode its sample {input}: {e}"));
            let view = to_view(&model).unwrap();
            check_view(&view, schema, &defs, name);
            checked.push(name);
        })+};
    }
    check!(
        AccountDetails,
        PurchaseResult,
        ReleaseResult,
        CancelReleaseResult,
        NumberCapabilities,
        PhoneNumber,
        NumberHealth,
        HealthSummary,
        HealthSnapshot,
        CallFired,
        Cdr,
        CdrPagination,
        CdrSummary,
        CdrPage,
        Recording,
        CapacityTransferResult,
        CustomerCapacity,
        CapacityTransfer,
        CreatedCustomer,
        PricingTier,
        Customer,
        CustomerBalance,
        TransferResult,
        KycStatus,
        KycVerificationResult,
        CinMatch,
        DigilockerInitiation,
        SubAccountKycSessionCreated,
        KycReminder,
        KycSessionCreated,
        VerifiedData,
        KycSession,
        KycResend,
        KycRevocation,
        PartnerLogin,
        LoginTokens,
        PartnerProfile,
        CallTotals,
        Traffic,
        ByProduct,
        DailyTotals,
        Period,
        DashboardCustomer,
        DashboardAccounts,
        Dashboard,
        SubAccountPermissions,
        SubAccountObject,
        AuthCredentials,
        ConsoleTokens,
        SubAccountCreated,
        Transaction,
        ReferenceTypeTotals,
        TransactionSummary,
        TransactionPage,
        Trunk,
        TrunkCredential,
        IpAclEntry,
        OriginationUri,
        KycEvent,
    );
    // The SDK-built models are never decoded: `AccountBalance`'s formats are checked in
    // `money_timestamps_and_secrets_carry_their_formats`, the reports' in their own tests.
    checked.extend(SDK_BUILT);
    assert_eq!(
        checked.iter().copied().collect::<BTreeSet<_>>(),
        MODEL_NAMES.iter().copied().collect::<BTreeSet<_>>(),
        "every listed model is checked"
    );
}

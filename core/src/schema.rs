//! The JSON Schemas of the response models: the single source of truth for the Python model
//! classes (`bindings-python/vobiz_partner/models.py`) and the TypeScript result interfaces
//! (`bindings-node/models.d.ts`), which `tools/gen_models.py` generates from
//! [`model_schemas`] (`make models`; `make test` fails when they are stale).
//!
//! The schemas describe a model as it is *serialised* (the form a binding's
//! [`view`](crate::view) receives), with these conventions:
//! - every model and string enum is a named definition under `$defs`, keyed by its Rust type
//!   name; a nested model is a `$ref` to its definition;
//! - money is `{"type": "string", "format": "vobiz-money"}`, a timestamp
//!   `{"type": "string", "format": "vobiz-timestamp"}`, a secret
//!   `{"type": "string", "format": "vobiz-secret"}`;
//! - a model that keeps the fields it does not know (a flattened [`Extra`](crate::models::Extra))
//!   has `"additionalProperties": true`;
//! - a lenient string enum is `anyOf` its documented values (`const`) and any other string;
//! - doc comments are `description`s.

use schemars::SchemaGenerator;
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use crate::models;

macro_rules! response_models {
    ($($ty:ident),+ $(,)?) => {
        /// The response models, by Rust type name: every type a client method returns, and the
        /// models nested in them (the string enums they use come along as definitions too).
        /// [`model_schemas`] adds every operation's result, so a new operation's model needs no
        /// entry here.
        pub const MODEL_NAMES: &[&str] = &[$(stringify!($ty)),+];

        fn collect(generator: &mut SchemaGenerator) {
            $( generator.subschema_for::<models::$ty>(); )+
        }
    };
}

response_models!(
    // accounts, numbers
    AccountDetails,
    AccountBalance,
    PurchaseResult,
    ReleaseResult,
    CancelReleaseResult,
    NumberCapabilities,
    PhoneNumber,
    NumberHealth,
    HealthSummary,
    HealthSnapshot,
    // calls, CDRs, recordings
    CallFired,
    Cdr,
    CdrPagination,
    CdrSummary,
    CdrPage,
    Recording,
    // capacity
    CapacityTransferResult,
    CustomerCapacity,
    CapacityTransfer,
    // customers
    CreatedCustomer,
    PricingTier,
    Customer,
    CustomerBalance,
    TransferResult,
    // KYC
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
    // partner
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
    // sub-accounts
    SubAccountPermissions,
    SubAccountObject,
    AuthCredentials,
    ConsoleTokens,
    SubAccountCreated,
    // ledgers
    Transaction,
    ReferenceTypeTotals,
    TransactionSummary,
    TransactionPage,
    // trunks
    Trunk,
    TrunkCredential,
    IpAclEntry,
    OriginationUri,
    // workflows
    BulkOnboardingRow,
    RenewalRisk,
    Invoice,
    InvoiceLine,
    SafeTransfer,
    OnboardingState,
    StepReport,
    OnceShownCredentials,
    OnboardingStep,
    UnassignOutcome,
    ReleasePlan,
    ReleasePlanItem,
    ReleaseExecution,
    ReleaseItemResult,
    // KYC webhooks
    KycEvent,
);

/// One JSON document holding the schema of every response model (and of the string enums
/// they use) under `$defs`, keyed by Rust type name, plus `models`: the names of
/// [`MODEL_NAMES`]. Nested models are `$ref`s (`#/$defs/PricingTier`). Keys are sorted, so
/// the output is stable.
pub fn model_schemas() -> Value {
    let mut generator = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    collect(&mut generator);
    // Every operation's result, so a new operation's model needs no entry in the list above.
    for operation in crate::ops::operations() {
        (operation.result)(&mut generator);
    }
    let definitions = generator.take_definitions(true);
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "vobiz-partner response models",
        "description": "The response models of the vobiz-partner core, as serialised for the bindings.",
        "models": MODEL_NAMES,
        "$defs": definitions,
    })
}

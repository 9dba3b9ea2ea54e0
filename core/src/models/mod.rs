//! Response models. Every model keeps the fields it does not know in `extra` (the API adds
//! fields without notice), makes optional what the docs do not guarantee, reads money as
//! [`Money`](crate::Money) and timestamps as [`Timestamp`](crate::Timestamp) in any
//! documented encoding, and holds secrets as [`Secret`](crate::Secret).

/// `Deserialize` through `FromStr` for the request enums, so a value a binding passes gets
/// the core's own validation message (and its leniency about case and separators).
macro_rules! deserialize_from_str {
    ($($name:ty),* $(,)?) => {$(
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <String as serde::Deserialize>::deserialize(d)?;
                text.parse().map_err(|e: crate::Error| serde::de::Error::custom(e))
            }
        }
    )*};
}

deserialize_from_str!(
    CallDirection,
    CallStatus,
    KycFlow,
    KycSessionStatus,
    TransactionType,
);

pub mod cdr;
pub mod customer;
mod extra;
pub mod kyc;
pub mod kyc_session;
pub mod lenient;
pub mod number;
pub mod partner;
pub mod sub_account;
pub mod transaction;

pub use cdr::{CallDirection, CallStatus, Cdr, CdrFilters, CdrPage, CdrPagination, CdrSummary};
pub use customer::{
    CreatedCustomer, Customer, CustomerBalance, CustomerFilters, NewCustomer, PricingTier,
    TransferResult,
};
pub use kyc::{
    CinMatch, DigilockerInitiation, KycStatus, KycVerificationResult, PendingOutcome,
    SubAccountKycFlow, SubAccountKycReminder, SubAccountKycSessionCreated,
    SubAccountKycSessionRequest, VerificationStatus, VerificationType,
};
pub use kyc_session::{
    KycFlow, KycReminder, KycResend, KycRevocation, KycSession, KycSessionCreated,
    KycSessionFilters, KycSessionStatus, NewKycSession, VerifiedData,
};
pub use number::{NumberCapabilities, NumberFilters, PhoneNumber};
pub use partner::{
    ByProduct, CallTotals, DailyTotals, Dashboard, DashboardAccounts, DashboardCustomer,
    PartnerProfile, Period, Traffic,
};
pub use sub_account::{
    AuthCredentials, BusinessType, ConsoleTokens, CreateSubAccount, KycMode, SubAccountCreated,
    SubAccountFilters, SubAccountObject, SubAccountPermissions, UpdateSubAccount,
};
pub use transaction::{
    ReferenceTypeTotals, Transaction, TransactionFilters, TransactionPage, TransactionSummary,
    TransactionType,
};

/// The KYC webhook events ([`crate::webhooks`]).
pub use crate::webhooks::{KycEvent, KycEventSource, KycEventType};
/// The rows of the ops reports ([`crate::workflows::reports`]).
pub use crate::workflows::bulk::BulkOnboardingRow;
/// The DID cool-off and release plan rows ([`crate::workflows::cool_off`]).
pub use crate::workflows::cool_off::{
    ReleaseExecution, ReleaseItemResult, ReleaseItemStatus, ReleasePlan, ReleasePlanItem,
    ReleaseState, ReleaseStep, UnassignOutcome, UnassignStatus,
};
/// The onboarding state machines ([`crate::workflows::onboarding`]).
pub use crate::workflows::onboarding::{
    OnboardingKind, OnboardingState, OnboardingStep, OnceShownCredentials, StepOutcome, StepReport,
};
pub use crate::workflows::reports::{Invoice, InvoiceLine, RenewalRisk};
/// The safe transfer ([`crate::workflows::safe_transfer`]).
pub use crate::workflows::safe_transfer::{SafeTransfer, SafeTransferOutcome};
pub use extra::Extra;
pub mod call;
pub mod recording;
pub mod trunk;
pub use call::{CallFired, CallRequest, MachineDetection};
pub use recording::{Recording, RecordingFilters, RecordingType};
pub use trunk::{HttpMethod, SipTransport, Trunk, TrunkDirection, TrunkRequest, TrunkStatus};
pub mod account;
pub use account::*;
pub mod capacity;
pub mod login;
pub use capacity::{
    CapacityMove, CapacityResource, CapacityTransfer, CapacityTransferResult, CustomerCapacity,
};
pub use login::{LoginTokens, PartnerLogin};
pub mod health;
pub mod trunk_parts;
pub use health::{HealthGranularity, HealthQuery, HealthSnapshot, HealthSummary, NumberHealth};
pub use trunk_parts::{
    IpAclEntry, IpAclRequest, OriginationUri, OriginationUriRequest, TrunkCredential,
    TrunkCredentialRequest,
};

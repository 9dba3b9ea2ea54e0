//! The resumable state of an onboarding, the per-step context and report, and the
//! once-shown credentials handed to the caller.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::credentials::AccountCredentials;
use crate::error::{Error, Result};
use crate::secret::Secret;
use crate::view::IntoView;

/// The version of [`OnboardingState`] this SDK writes (and the newest it reads).
pub const STATE_VERSION: u32 = 1;

/// The steps of a sub-account onboarding, in order.
pub const SUB_ACCOUNT_STEPS: &[&str] = &[
    "create_sub_account",
    "kyc",
    "wait_kyc",
    "choose_number",
    "buy_number",
    "assign_number",
    "check_routing",
    "first_call",
];

/// The steps of a partner customer onboarding, in order.
pub const CUSTOMER_STEPS: &[&str] = &[
    "create_customer",
    "fund",
    "kyc_session",
    "wait_kyc",
    "trunk",
    "monitor_cdrs",
];

/// Which flow a state belongs to.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, IntoView, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum OnboardingKind {
    /// A parent account's `customer_use` sub-account.
    SubAccount,
    /// A partner's customer account.
    Customer,
}

impl OnboardingKind {
    /// The flow's steps, in order.
    pub fn steps(self) -> &'static [&'static str] {
        match self {
            OnboardingKind::SubAccount => SUB_ACCOUNT_STEPS,
            OnboardingKind::Customer => CUSTOMER_STEPS,
        }
    }
}

/// Where an onboarding stands: a plain JSON value, saved after every step and passed back
/// to continue. It holds ids and references only — **never a secret** (the once-shown
/// credentials go to the caller through [`StepReport::credentials`]).
#[derive(Clone, Debug, PartialEq, Serialize, IntoView, Deserialize, schemars::JsonSchema)]
pub struct OnboardingState {
    /// The flow.
    pub kind: OnboardingKind,
    /// The state's format version ([`STATE_VERSION`]).
    pub version: u32,
    /// The steps done (or skipped), in order.
    #[serde(default)]
    pub completed: Vec<String>,
    /// The sub-account's auth id (`SA_…`), once it exists.
    #[serde(default)]
    pub sub_account_id: Option<String>,
    /// The customer's auth id (`MA_…`), once it exists.
    #[serde(default)]
    pub customer_auth_id: Option<String>,
    /// The number chosen (and then bought and assigned), E.164.
    #[serde(default)]
    pub e164: Option<String>,
    /// The hosted KYC session, when one was created or found.
    #[serde(default)]
    pub kyc_session_id: Option<String>,
    /// The safe transfer's reference (`[ref:…]` in the ledgers), set before it is sent.
    #[serde(default)]
    pub transfer_reference: Option<String>,
    /// The customer's trunk.
    #[serde(default)]
    pub trunk_id: Option<String>,
    /// Whether the number routes to an application (`application_id` set), once checked.
    #[serde(default)]
    pub routed: Option<bool>,
    /// The first call's UUID, once placed.
    #[serde(default)]
    pub call_uuid: Option<String>,
    /// How many CDRs the monitoring read saw.
    #[serde(default)]
    pub cdr_count: Option<u64>,
    /// What the flow waits for (`"kyc"`), when the last step returned
    /// [`StepOutcome::Waiting`].
    #[serde(default)]
    pub waiting_for: Option<String>,
    /// Every step is done.
    #[serde(default)]
    pub finished: bool,
}

impl OnboardingState {
    /// A fresh state of `kind`.
    pub fn new(kind: OnboardingKind) -> Self {
        OnboardingState {
            kind,
            version: STATE_VERSION,
            completed: Vec::new(),
            sub_account_id: None,
            customer_auth_id: None,
            e164: None,
            kyc_session_id: None,
            transfer_reference: None,
            trunk_id: None,
            routed: None,
            call_uuid: None,
            cdr_count: None,
            waiting_for: None,
            finished: false,
        }
    }

    /// The next incomplete step, `None` when finished.
    pub fn next_step_name(&self) -> Option<&'static str> {
        self.kind
            .steps()
            .iter()
            .copied()
            .find(|s| !self.completed.iter().any(|c| c == s))
    }

    /// Refuses a state of another flow or a newer format.
    pub(crate) fn check(&self, kind: OnboardingKind) -> Result<()> {
        if self.kind != kind {
            return Err(Error::validation(
                "state",
                format!(
                    "is the state of a {:?} onboarding, not a {kind:?} one",
                    self.kind
                ),
            ));
        }
        if self.version > STATE_VERSION {
            return Err(Error::validation(
                "state",
                format!(
                    "has version {}, newer than this SDK's {STATE_VERSION}",
                    self.version
                ),
            ));
        }
        Ok(())
    }

    /// Marks `step` done and works out `finished`.
    pub(crate) fn complete(&mut self, step: &str) {
        if !self.completed.iter().any(|c| c == step) {
            self.completed.push(step.to_owned());
        }
        self.waiting_for = None;
        self.finished = self.next_step_name().is_none();
    }
}

/// What a step came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, IntoView, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StepOutcome {
    /// The step is done (or was found already done); the flow moves on.
    Done,
    /// The step waits on someone else (KYC): stop, and run again later.
    Waiting,
    /// The step does not apply (not planned, or its credentials were not given).
    Skipped,
}

/// An account's API key, shown by the API only in the create answer. The token is a
/// [`Secret`]: store it (a vault, a secrets manager) before saving the state.
#[derive(Clone, Debug, PartialEq, Serialize, IntoView, schemars::JsonSchema)]
pub struct OnceShownCredentials {
    /// The account's auth id (`SA_…` or `MA_…`).
    pub auth_id: String,
    /// Its token.
    pub auth_token: Secret,
}

impl OnceShownCredentials {
    /// The credentials, ready for an [`Account`](crate::Account) client.
    pub fn account_credentials(&self) -> Result<AccountCredentials> {
        AccountCredentials::new(&self.auth_id, self.auth_token.expose())
    }
}

/// What one [`next_step`](super::next_step) did.
#[derive(Clone, Debug, PartialEq, Serialize, IntoView, schemars::JsonSchema)]
pub struct StepReport {
    /// The step's name (one of [`SUB_ACCOUNT_STEPS`] / [`CUSTOMER_STEPS`]).
    pub step: String,
    /// Done, waiting or skipped.
    pub outcome: StepOutcome,
    /// A human-readable line about what happened.
    pub detail: String,
    /// The created account's once-shown credentials: only from the create step, and only
    /// when it created the account. Hand them over before saving the state.
    pub credentials: Option<OnceShownCredentials>,
}

impl StepReport {
    pub(crate) fn new(step: &str, outcome: StepOutcome, detail: impl Into<String>) -> Self {
        StepReport {
            step: step.to_owned(),
            outcome,
            detail: detail.into(),
            credentials: None,
        }
    }
}

/// What a step may need besides the plan and the state.
#[derive(Clone, Debug, Default)]
pub struct StepContext {
    /// How long `wait_kyc` polls (capped backoff) before answering
    /// [`StepOutcome::Waiting`]; zero checks once.
    pub max_wait: Duration,
    /// The sub-account's own credentials (for `first_call`; also settles a create whose
    /// answer was lost).
    pub sub_account_credentials: Option<AccountCredentials>,
    /// The customer's own credentials (for `trunk`; also settles a create whose answer was
    /// lost).
    pub customer_credentials: Option<AccountCredentials>,
}

//! Resumable onboarding: a parent account's `customer_use`
//! sub-account and a partner's customer, each as a state machine
//! that runs **one step at a time**.
//!
//! [`next_step`] runs the next incomplete step of the plan and updates the
//! [`OnboardingState`], a plain JSON value without secrets, to be saved after every step
//! (through a [`StateStore`]; [`FileStateStore`] writes a file atomically). Running again
//! with the saved state continues after the last completed step.
//!
//! Every step **reconciles first**: it looks its resource up before making it (the
//! sub-account by email, the customer by email, the number in the owned numbers, the
//! transfer by its reference in the ledger — see
//! [`Partner::transfer_balance_safely`] —, the KYC status, the hosted session, the trunk by
//! name), so a crash between a request and its answer never creates a second account, buys
//! a second number or transfers twice.
//!
//! The create step returns the new account's once-shown credentials in
//! [`StepReport::credentials`]: hand them to safe storage **before** saving the state. If an
//! account exists but its credentials were never received (the create's answer was lost),
//! the step fails with [`Error::Validation`] on `credentials` — nothing is created again; pass
//! the credentials (reset in the Console) in [`StepContext`] to go on.
//!
//! `wait_kyc` polls with capped backoff for up to [`StepContext::max_wait`] and answers
//! [`StepOutcome::Waiting`] (`waiting_for: "kyc"`) while KYC is pending: stop, and run again
//! later.
//!
//! [`run_onboarding`] is **the** driver of the whole loop — load the state, run a step, hand
//! once-shown credentials over, save the state, report progress, stop when finished or
//! waiting — for Rust callers ([`host`] over a [`StateStore`] and closures) and for the
//! Python and Node bindings alike, which plug their callbacks in as an [`OnboardingHost`]
//! (see [`run_named_onboarding`]). What happens when the credentials callback, a save or
//! the progress callback fails is decided there, once.

mod customer;
mod driver;
mod state;
mod store;
mod sub_account;

use std::future::Future;
use std::time::Duration;

pub use customer::{CustomerKycPlan, CustomerPlan, KycFlowPlan};
pub use driver::{
    OnboardingHost, OnboardingRun, StoreHost, host, kind_of, max_wait, run_named_onboarding,
    run_onboarding,
};
pub use state::{
    CUSTOMER_STEPS, OnboardingKind, OnboardingState, OnceShownCredentials, STATE_VERSION,
    SUB_ACCOUNT_STEPS, StepContext, StepOutcome, StepReport,
};
pub use store::{FileStateStore, StateStore, load_state_file, save_state_file};
pub use sub_account::{FirstCall, KycPlan, NumberPlan, SubAccountPlan};

use crate::clients::{Account, Partner};
use crate::credentials::AccountCredentials;
use crate::error::{Error, Result};
use crate::view::IntoView;

/// One step's result for the bindings' named operations (`sub_account_onboarding_step`,
/// `customer_onboarding_step`): the updated state to save and the step's report.
#[derive(Clone, Debug, PartialEq, serde::Serialize, IntoView, schemars::JsonSchema)]
pub struct OnboardingStep {
    /// The state after the step: save it (after storing any credentials).
    pub state: OnboardingState,
    /// What the step did.
    pub report: StepReport,
}

/// An account's own credentials as the bindings pass them (`{auth_id, auth_token}`).
#[derive(Clone, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GivenCredentials {
    /// The account's auth id: `SA_…` (a sub-account) or `MA_…` (a main account).
    pub auth_id: String,
    /// The account's auth token.
    #[schemars(extend("writeOnly" = true, "format" = "password"))]
    pub auth_token: crate::secret::Secret,
}

impl GivenCredentials {
    /// Checked credentials.
    pub fn into_credentials(self) -> Result<AccountCredentials> {
        AccountCredentials::new(&self.auth_id, self.auth_token.expose())
    }
}

/// [`next_step`] for the bindings: `state` `None` starts a new onboarding; the step's
/// result and the updated state come back together.
pub async fn step_once<P: OnboardingPlan>(
    client: &P::Client,
    plan: &P,
    state: Option<OnboardingState>,
    ctx: &StepContext,
) -> Result<OnboardingStep> {
    let mut state = state.unwrap_or_else(|| OnboardingState::new(P::KIND));
    let report = next_step(client, plan, &mut state, ctx).await?;
    Ok(OnboardingStep { state, report })
}

/// A plan [`next_step`] can run: [`SubAccountPlan`] (with the parent's [`Account`]) or
/// [`CustomerPlan`] (with the [`Partner`]).
pub trait OnboardingPlan: Sync {
    /// The client the steps use.
    type Client: Sync;
    /// The flow.
    const KIND: OnboardingKind;

    /// Runs step `name`, the state's next one (see [`next_step`]).
    fn step<'a>(
        &'a self,
        client: &'a Self::Client,
        name: &'a str,
        state: &'a mut OnboardingState,
        ctx: &'a StepContext,
    ) -> futures::future::BoxFuture<'a, Result<StepReport>>;
}

impl OnboardingPlan for SubAccountPlan {
    type Client = Account;
    const KIND: OnboardingKind = OnboardingKind::SubAccount;

    fn step<'a>(
        &'a self,
        client: &'a Account,
        name: &'a str,
        state: &'a mut OnboardingState,
        ctx: &'a StepContext,
    ) -> futures::future::BoxFuture<'a, Result<StepReport>> {
        Box::pin(sub_account::step(client, self, name, state, ctx))
    }
}

impl OnboardingPlan for CustomerPlan {
    type Client = Partner;
    const KIND: OnboardingKind = OnboardingKind::Customer;

    fn step<'a>(
        &'a self,
        client: &'a Partner,
        name: &'a str,
        state: &'a mut OnboardingState,
        ctx: &'a StepContext,
    ) -> futures::future::BoxFuture<'a, Result<StepReport>> {
        Box::pin(customer::step(client, self, name, state, ctx))
    }
}

/// Runs exactly the next incomplete step of `plan` and updates `state` (ids, references,
/// `completed`, `waiting_for`, `finished`). A finished state answers a `finished` report
/// and does nothing.
///
/// The sub-account flow (parent's credentials) runs [`SUB_ACCOUNT_STEPS`]; the customer
/// flow (partner credentials) runs [`CUSTOMER_STEPS`]. Save the state after every call —
/// also after an error: a step may have recorded what it found (an id) before failing.
///
/// Errors: [`Error::Validation`] on `state` (another flow's state, a newer version, a
/// corrupt one), on `credentials` (the account exists but its once-shown credentials were
/// never received), on `number` (no inventory number fits); and the errors of the step's
/// API calls (an [`Error::OutcomeUnknown`] after a lost answer: run the step again, it
/// reconciles).
pub async fn next_step<P: OnboardingPlan>(
    client: &P::Client,
    plan: &P,
    state: &mut OnboardingState,
    ctx: &StepContext,
) -> Result<StepReport> {
    state.check(P::KIND)?;
    let Some(name) = state.next_step_name() else {
        state.finished = true;
        return Ok(StepReport::new(
            "finished",
            StepOutcome::Done,
            "already finished",
        ));
    };
    let report = plan.step(client, name, state, ctx).await?;
    if report.outcome == StepOutcome::Waiting {
        state.waiting_for = Some("kyc".into());
    } else {
        state.complete(name);
    }
    Ok(report)
}

/// The error of an account that exists but whose once-shown credentials never arrived.
pub(crate) fn credentials_lost(what: &str, id: &str, field: &str) -> Error {
    Error::validation(
        "credentials",
        format!(
            "the {what} {id} exists but its once-shown credentials were never received (the create's answer was lost); \
             nothing was created again. Reset its token in the Vobiz Console and pass it as {field} to continue"
        ),
    )
}

/// Emails compare trimmed and case-insensitively.
pub(crate) fn same_email(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Calls `check` until it says done or `max_wait` has passed (zero: once), sleeping with
/// capped exponential backoff (0.5 s doubling to 15 s, never past the deadline). Returns
/// whether it was done and the last value.
pub(crate) async fn poll_until<T, F, Fut>(max_wait: Duration, mut check: F) -> Result<(bool, T)>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(bool, T)>>,
{
    // A wait too long to represent is as good as forever: a year.
    let now = tokio::time::Instant::now();
    let deadline = now
        .checked_add(max_wait)
        .unwrap_or_else(|| now + Duration::from_secs(366 * 86_400));
    let mut delay = Duration::from_millis(500);
    loop {
        let (done, value) = check().await?;
        let now = tokio::time::Instant::now();
        if done || now >= deadline {
            return Ok((done, value));
        }
        tokio::time::sleep(delay.min(deadline - now)).await;
        delay = (delay * 2).min(Duration::from_secs(15));
    }
}

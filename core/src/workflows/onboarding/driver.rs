//! The one onboarding driver ([`run_onboarding`]) and the host it talks to
//! ([`OnboardingHost`]): Rust callers, the Python binding and the Node binding all run the
//! same loop; only the host differs (Rust closures over a [`StateStore`], Python functions,
//! JS functions).

use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

use futures::future::BoxFuture;
use serde_json::Value;

use super::state::{
    OnboardingKind, OnboardingState, OnceShownCredentials, StepContext, StepOutcome, StepReport,
};
use super::store::StateStore;
use super::{CustomerPlan, GivenCredentials, OnboardingPlan, SubAccountPlan, next_step};
use crate::error::{Error, Result};
use crate::ops::{Args, Client};
use crate::view::{KeyCase, View, camel_to_snake, to_view};

/// Where [`run_onboarding`] keeps the state and whom it tells: the store's `load`/`save`,
/// the once-shown credentials' recipient, and the progress reporter. Each method may be
/// asynchronous (a binding calls Python or JS code and awaits what it returns).
///
/// `Error` is the host's own error type: a binding keeps the caller's exception (a Python
/// exception, a JS error) in it unchanged, and [`run_onboarding`] hands it back as it is.
/// The driver's own errors (a step's, a refused state) arrive through `From<Error>`.
pub trait OnboardingHost: Send + Sync {
    /// The error the host's methods fail with, and the run's.
    type Error: From<Error> + Send;

    /// The saved state; `None` starts a new onboarding.
    fn load(&self) -> BoxFuture<'_, std::result::Result<Option<OnboardingState>, Self::Error>>;

    /// Replaces the saved state (after every step, and after a failed one).
    fn save<'a>(
        &'a self,
        state: &'a OnboardingState,
    ) -> BoxFuture<'a, std::result::Result<(), Self::Error>>;

    /// Takes the once-shown credentials of the account the create step made, before the
    /// state naming that account is saved.
    fn on_credentials(
        &self,
        credentials: OnceShownCredentials,
    ) -> BoxFuture<'_, std::result::Result<(), Self::Error>>;

    /// Sees each step's report, after the state that follows the step is saved.
    fn progress<'a>(
        &'a self,
        report: &'a StepReport,
    ) -> BoxFuture<'a, std::result::Result<(), Self::Error>>;
}

/// Where a run stopped: the state as saved last, and the report of every step the run made.
#[derive(Clone, Debug, PartialEq)]
pub struct OnboardingRun {
    /// The last state (also the one saved last).
    pub state: OnboardingState,
    /// Every step this run made, in order (empty for a state that was already finished).
    pub reports: Vec<StepReport>,
}

impl OnboardingRun {
    /// Every step is done.
    pub fn finished(&self) -> bool {
        self.state.finished
    }

    /// What the flow waits for (`"kyc"`) when the run stopped on a waiting step.
    pub fn waiting_for(&self) -> Option<&str> {
        self.state.waiting_for.as_deref()
    }

    /// The run as the bindings return it: `{state, finished, waiting_for, reports}`, keys
    /// in `case` (the credentials in a report stay a [`View::Secret`]).
    pub fn to_view(&self, case: KeyCase) -> Result<View> {
        let reports = self
            .reports
            .iter()
            .map(to_view)
            .collect::<Result<Vec<View>>>()?;
        let waiting_for = match self.waiting_for() {
            Some(what) => View::Text(what.to_owned()),
            None => View::Null,
        };
        Ok(View::Map(vec![
            ("state".to_owned(), to_view(&self.state)?),
            ("finished".to_owned(), View::Bool(self.finished())),
            ("waiting_for".to_owned(), waiting_for),
            ("reports".to_owned(), View::List(reports)),
        ])
        .with_key_case(case))
    }
}

impl OnboardingState {
    /// A state as a binding's store gave it back: a JSON object with keys in `case`
    /// (Node's states are camelCase). Errors: [`Error::Validation`] on `state`.
    pub fn from_json(value: Value, case: KeyCase) -> Result<Self> {
        let value = match (case, value) {
            // The state is flat: only its own keys are re-cased, never a value.
            (KeyCase::Camel, Value::Object(map)) => Value::Object(
                map.into_iter()
                    .map(|(key, value)| (camel_to_snake(&key), value))
                    .collect(),
            ),
            (_, value) => value,
        };
        serde_json::from_value(value)
            .map_err(|e| Error::validation("state", format!("is not an onboarding state: {e}")))
    }

    /// The state as a JSON object with keys in `case` (what [`Self::from_json`] reads).
    pub fn to_json(&self, case: KeyCase) -> Result<Value> {
        let value = serde_json::to_value(self)
            .map_err(|e| Error::validation("state", format!("cannot be written: {e}")))?;
        Ok(match (case, value) {
            (KeyCase::Camel, Value::Object(map)) => Value::Object(
                map.into_iter()
                    .map(|(key, value)| (crate::view::snake_to_camel(&key), value))
                    .collect(),
            ),
            (_, value) => value,
        })
    }

    /// The state as a binding shows it (a view with keys in `case`).
    pub fn to_view(&self, case: KeyCase) -> Result<View> {
        Ok(to_view(self)?.with_key_case(case))
    }
}

/// Runs a whole onboarding: loads the state from `host` (a fresh one when there is none),
/// runs [`next_step`] until the flow is finished or a step answers
/// [`StepOutcome::Waiting`], and returns the last state with every step's report.
///
/// After each step, in this order:
/// 1. once-shown credentials (only from the create step) go to
///    [`OnboardingHost::on_credentials`]; they are also used by the later steps of this
///    run (the first call, the trunk);
/// 2. the state is saved ([`OnboardingHost::save`]);
/// 3. the report goes to [`OnboardingHost::progress`].
///
/// When something fails:
/// - **a step fails**: the state is saved (a step may have recorded what it found, an id,
///   before failing), then the step's error is returned;
/// - **the credentials callback fails**: the state is **still saved** — it holds the new
///   account's id, never its secret, so a re-run resumes without creating the account
///   again — then the callback's own error is returned unchanged (a binding's host keeps
///   the caller's exception or JS error in its `Error`, and gets that very object back);
/// - **a save fails**: the run stops with the save's error. A save made while recording a
///   failure (the two cases above) that fails too does not replace that failure: the step's
///   or the callback's error is the one returned;
/// - **progress fails**: the run stops with its error. The step it reported is done and its
///   state saved, so a re-run continues with the next step;
/// - **load fails**, or the loaded state belongs to another flow or a newer SDK: its error,
///   before any step.
pub async fn run_onboarding<P, E>(
    client: &P::Client,
    plan: &P,
    mut ctx: StepContext,
    host: &dyn OnboardingHost<Error = E>,
) -> std::result::Result<OnboardingRun, E>
where
    P: OnboardingPlan,
    E: From<Error> + Send,
{
    let mut state = host
        .load()
        .await?
        .unwrap_or_else(|| OnboardingState::new(P::KIND));
    state.check(P::KIND)?;
    let mut reports = Vec::new();
    while !state.finished {
        let report = match next_step(client, plan, &mut state, &ctx).await {
            Ok(report) => report,
            Err(error) => return Err(saved_then(host, &state, E::from(error)).await),
        };
        if let Some(credentials) = &report.credentials {
            // A create answer's id that is not a valid auth id only means the later steps
            // that need the account's own key will say so.
            if let Ok(own) = credentials.account_credentials() {
                match P::KIND {
                    OnboardingKind::SubAccount => ctx.sub_account_credentials = Some(own),
                    OnboardingKind::Customer => ctx.customer_credentials = Some(own),
                }
            }
            if let Err(error) = host.on_credentials(credentials.clone()).await {
                return Err(saved_then(host, &state, error).await);
            }
        }
        host.save(&state).await?;
        let waiting = report.outcome == StepOutcome::Waiting;
        reports.push(report);
        if let Some(report) = reports.last() {
            host.progress(report).await?;
        }
        if waiting {
            break;
        }
    }
    Ok(OnboardingRun { state, reports })
}

/// Saves the state after a failure and returns the failure (also when that save fails:
/// the failure is what the caller must see; the save's error is logged).
async fn saved_then<E: From<Error> + Send>(
    host: &dyn OnboardingHost<Error = E>,
    state: &OnboardingState,
    failure: E,
) -> E {
    if host.save(state).await.is_err() {
        tracing::warn!("the onboarding state could not be saved after a failed step");
    }
    failure
}

/// An [`OnboardingHost`] for Rust callers: a [`StateStore`], an async credentials callback
/// and a progress closure. Made by [`host`].
pub struct StoreHost<'s, C, G> {
    store: &'s dyn StateStore,
    on_credentials: Mutex<C>,
    progress: Mutex<G>,
}

/// The host of a Rust caller's run: `store` keeps the state, `on_credentials` stores the
/// once-shown credentials (its error stops the run after the state is saved, see
/// [`run_onboarding`]), `progress` sees every report.
///
/// ```no_run
/// # async fn demo(parent: vobiz_partner::Account, plan: vobiz_partner::workflows::onboarding::SubAccountPlan) -> vobiz_partner::Result<()> {
/// use vobiz_partner::workflows::onboarding::{FileStateStore, StepContext, host, run_onboarding};
///
/// let store = FileStateStore::new("acme-onboarding.json");
/// let run = run_onboarding(
///     &parent,
///     &plan,
///     StepContext::default(),
///     &host(&store, |credentials| async move { /* vault.put(credentials) */ Ok(()) }, |report| {
///         println!("{}: {:?}", report.step, report.outcome)
///     }),
/// )
/// .await?;
/// println!("finished: {}, waiting for: {:?}", run.finished(), run.waiting_for());
/// # Ok(()) }
/// ```
pub fn host<'s, C, Fut, G>(
    store: &'s dyn StateStore,
    on_credentials: C,
    progress: G,
) -> StoreHost<'s, C, G>
where
    C: FnMut(OnceShownCredentials) -> Fut + Send,
    Fut: Future<Output = Result<()>> + Send + 's,
    G: FnMut(&StepReport) + Send,
{
    StoreHost {
        store,
        on_credentials: Mutex::new(on_credentials),
        progress: Mutex::new(progress),
    }
}

fn locked<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

impl<'s, C, Fut, G> OnboardingHost for StoreHost<'s, C, G>
where
    C: FnMut(OnceShownCredentials) -> Fut + Send,
    Fut: Future<Output = Result<()>> + Send + 's,
    G: FnMut(&StepReport) + Send,
{
    type Error = Error;

    fn load(&self) -> BoxFuture<'_, Result<Option<OnboardingState>>> {
        Box::pin(async move { self.store.load() })
    }

    fn save<'a>(&'a self, state: &'a OnboardingState) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move { self.store.save(state) })
    }

    fn on_credentials(&self, credentials: OnceShownCredentials) -> BoxFuture<'_, Result<()>> {
        // The closure is called with the lock held; its future runs without it.
        let handed = (locked(&self.on_credentials))(credentials);
        Box::pin(handed)
    }

    fn progress<'a>(&'a self, report: &'a StepReport) -> BoxFuture<'a, Result<()>> {
        (locked(&self.progress))(report);
        Box::pin(async { Ok(()) })
    }
}

/// The longest `max_wait_seconds`: a year and a day (a deadline further out would overflow
/// the runtime's clock arithmetic and is never meant).
const MAX_WAIT_SECONDS: f64 = 366.0 * 24.0 * 3600.0;

/// `max_wait_seconds` as a [`StepContext::max_wait`]: a finite, non-negative number of
/// seconds, at most a year and a day. Errors: [`Error::Validation`] on `max_wait_seconds`.
pub fn max_wait(seconds: f64) -> Result<Duration> {
    let refused = || {
        Error::validation(
            "max_wait_seconds",
            format!(
                "must be a number of seconds between 0 and {MAX_WAIT_SECONDS} (366 days), got {seconds}"
            ),
        )
    };
    if seconds > MAX_WAIT_SECONDS {
        return Err(refused());
    }
    Duration::try_from_secs_f64(seconds).map_err(|_| refused())
}

/// The flow a binding names: the step operation's name (`sub_account_onboarding_step`,
/// `customer_onboarding_step`) or the flow's (`sub_account`, `customer`).
pub fn kind_of(op: &str) -> Result<OnboardingKind> {
    match op {
        "sub_account" | "sub_account_onboarding_step" => Ok(OnboardingKind::SubAccount),
        "customer" | "customer_onboarding_step" => Ok(OnboardingKind::Customer),
        _ => Err(Error::validation(
            "operation",
            "is not an onboarding: expected sub_account_onboarding_step or customer_onboarding_step",
        )),
    }
}

/// The step context of a binding's arguments: `max_wait_seconds` and the account's own
/// credentials under `credentials_key`.
fn context(args: &mut Args, kind: OnboardingKind) -> Result<StepContext> {
    let max_wait = max_wait(args.optional("max_wait_seconds")?.unwrap_or(0.0))?;
    let key = match kind {
        OnboardingKind::SubAccount => "sub_account_credentials",
        OnboardingKind::Customer => "customer_credentials",
    };
    let given: Option<GivenCredentials> = args.optional(key)?;
    let own = given.map(GivenCredentials::into_credentials).transpose()?;
    let mut ctx = StepContext {
        max_wait,
        ..StepContext::default()
    };
    match kind {
        OnboardingKind::SubAccount => ctx.sub_account_credentials = own,
        OnboardingKind::Customer => ctx.customer_credentials = own,
    }
    Ok(ctx)
}

/// [`run_onboarding`] for the bindings: the flow named by `op` (see [`kind_of`]) on
/// `client`, with the step operation's arguments less `state` (the host's store has it):
/// `{plan, max_wait_seconds, sub_account_credentials | customer_credentials}`, keys in
/// `case`. Everything is checked before the state is loaded: the plan as the step
/// operations check it, the client's scope (a sub-account onboarding runs on a main
/// account's client, a customer onboarding on the partner's), an unknown argument.
pub async fn run_named_onboarding<E>(
    client: &Client,
    op: &str,
    args: Value,
    case: KeyCase,
    host: &dyn OnboardingHost<Error = E>,
) -> std::result::Result<OnboardingRun, E>
where
    E: From<Error> + Send,
{
    let kind = kind_of(op)?;
    let mut args = Args::new(args, case)?;
    match (kind, client) {
        (OnboardingKind::SubAccount, Client::Account(account)) => {
            let plan: SubAccountPlan = args.required_checked("plan")?;
            let ctx = context(&mut args, kind)?;
            args.finish()?;
            run_onboarding(account, &plan, ctx, host).await
        }
        (OnboardingKind::Customer, Client::Partner(partner)) => {
            let plan: CustomerPlan = args.required_checked("plan")?;
            let ctx = context(&mut args, kind)?;
            args.finish()?;
            run_onboarding(partner, &plan, ctx, host).await
        }
        (OnboardingKind::SubAccount, _) => Err(Error::validation(
            "client",
            "a sub-account onboarding runs with the parent account's client",
        )
        .into()),
        (OnboardingKind::Customer, _) => Err(Error::validation(
            "client",
            "a customer onboarding runs with the partner client",
        )
        .into()),
    }
}

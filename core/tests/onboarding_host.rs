//! The one onboarding driver (`run_onboarding`) with a host whose own code fails: the
//! credentials callback (the state with the new id is saved, never the secret, and the
//! host's own error comes back unchanged; a re-run resumes without creating twice), a save
//! (the run stops with it; a failing save while recording another failure does not replace
//! that failure), progress (the run stops with it after the step was saved), a step (saved,
//! then its error). And the bindings' entry (`run_named_onboarding`): its arguments and the
//! client's scope checked before the state is loaded.

mod sandbox;

use std::sync::Mutex;

use futures::future::BoxFuture;
use serde_json::json;
use vobiz_partner::ErrorKind;
use vobiz_partner::ops::Client;
use vobiz_partner::view::KeyCase;
use vobiz_partner::workflows::onboarding::{
    OnboardingHost, OnboardingKind, OnboardingState, OnceShownCredentials, StepContext, StepReport,
    SubAccountPlan, run_named_onboarding, run_onboarding,
};
use vobiz_sandbox::faults::{FaultKind, FaultSpec};

/// The host's own error: what a binding keeps (a Python exception, a JS error), or an SDK
/// error the driver hands it.
#[derive(Debug)]
enum HostError {
    /// The caller's own failure, with an identity to check it comes back unchanged.
    Caller(&'static str),
    Sdk(vobiz_partner::Error),
}

impl From<vobiz_partner::Error> for HostError {
    fn from(e: vobiz_partner::Error) -> Self {
        HostError::Sdk(e)
    }
}

/// What fails, and when.
#[derive(Default, Clone, Copy)]
struct Failures {
    credentials: bool,
    /// The save with this 1-based number fails (and every one after it).
    save_from: Option<usize>,
    /// Progress fails on the report of this step.
    progress_at: Option<&'static str>,
}

/// An in-memory store and recording callbacks, failing as told.
#[derive(Default)]
struct TestHost {
    failures: Failures,
    saved: Mutex<Option<OnboardingState>>,
    saves: Mutex<usize>,
    /// The store's JSON text at each save.
    texts: Mutex<Vec<String>>,
    handed: Mutex<Vec<OnceShownCredentials>>,
    reports: Mutex<Vec<String>>,
}

impl TestHost {
    fn failing(failures: Failures) -> Self {
        TestHost {
            failures,
            ..TestHost::default()
        }
    }

    fn resumed(previous: &TestHost) -> Self {
        let host = TestHost::default();
        *host.saved.lock().unwrap() = previous.saved.lock().unwrap().clone();
        host
    }

    fn saved(&self) -> OnboardingState {
        self.saved
            .lock()
            .unwrap()
            .clone()
            .expect("a state was saved")
    }
}

impl OnboardingHost for TestHost {
    type Error = HostError;

    fn load(&self) -> BoxFuture<'_, Result<Option<OnboardingState>, HostError>> {
        Box::pin(async move { Ok(self.saved.lock().unwrap().clone()) })
    }

    fn save<'a>(&'a self, state: &'a OnboardingState) -> BoxFuture<'a, Result<(), HostError>> {
        Box::pin(async move {
            tokio::task::yield_now().await;
            let n = {
                let mut saves = self.saves.lock().unwrap();
                *saves += 1;
                *saves
            };
            if self.failures.save_from.is_some_and(|from| n >= from) {
                return Err(HostError::Caller("save failed"));
            }
            self.texts
                .lock()
                .unwrap()
                .push(serde_json::to_string(state).unwrap());
            *self.saved.lock().unwrap() = Some(state.clone());
            Ok(())
        })
    }

    fn on_credentials(
        &self,
        credentials: OnceShownCredentials,
    ) -> BoxFuture<'_, Result<(), HostError>> {
        Box::pin(async move {
            tokio::task::yield_now().await;
            self.handed.lock().unwrap().push(credentials);
            if self.failures.credentials {
                return Err(HostError::Caller("vault is down"));
            }
            Ok(())
        })
    }

    fn progress<'a>(&'a self, report: &'a StepReport) -> BoxFuture<'a, Result<(), HostError>> {
        Box::pin(async move {
            self.reports.lock().unwrap().push(report.step.clone());
            if self.failures.progress_at == Some(report.step.as_str()) {
                return Err(HostError::Caller("progress failed"));
            }
            Ok(())
        })
    }
}

fn sub_plan(email: &str) -> SubAccountPlan {
    serde_json::from_value(json!({
        "name": "Acme Support",
        "email": email,
        "business_type": "private_limited",
        "kyc": {"kind": "company", "pan": "TESTSUCCESS0001", "gstin": "TESTSUCCESS0001"},
        "test_mode": true,
        "number": {"country": "IN", "region": "Mumbai", "max_monthly_fee": "250"},
        "first_call": {"to": "+919876543210", "answer_url": "https://acme.example/answer"},
    }))
    .unwrap()
}

fn subs_with_email(w: &sandbox::World, email: &str) -> Vec<String> {
    w.sandbox.store().read(|world| {
        world
            .accounts
            .values()
            .filter(|a| a.email.as_deref() == Some(email))
            .map(|a| a.auth_id.clone())
            .collect()
    })
}

#[tokio::test]
async fn a_failing_credentials_callback_saves_the_id_then_returns_its_own_error() {
    let w = sandbox::start(71).await;
    let plan = sub_plan("vault@acme.in");
    let failing = TestHost::failing(Failures {
        credentials: true,
        ..Failures::default()
    });
    let error = run_onboarding(&w.parent, &plan, StepContext::default(), &failing)
        .await
        .unwrap_err();
    assert!(
        matches!(error, HostError::Caller("vault is down")),
        "{error:?}"
    );

    let handed = failing.handed.lock().unwrap().clone();
    assert_eq!(handed.len(), 1);
    let token = handed[0].auth_token.expose().to_owned();
    let saved = failing.saved();
    assert_eq!(
        saved.sub_account_id.as_deref(),
        Some(handed[0].auth_id.as_str())
    );
    assert_eq!(saved.completed, ["create_sub_account"]);
    let texts = failing.texts.lock().unwrap().clone();
    assert_eq!(texts.len(), 1, "saved once, after the failed hand-over");
    assert!(!texts[0].contains(&token), "no secret in the state");
    assert!(
        failing.reports.lock().unwrap().is_empty(),
        "no progress for a run that failed"
    );

    // A re-run resumes at the next step: the account is not created again.
    let resumed = TestHost::resumed(&failing);
    let ctx = StepContext {
        sub_account_credentials: Some(handed[0].account_credentials().unwrap()),
        ..StepContext::default()
    };
    let run = run_onboarding(&w.parent, &plan, ctx, &resumed)
        .await
        .unwrap();
    assert!(run.finished());
    assert_eq!(run.reports[0].step, "kyc");
    assert_eq!(run.reports.last().unwrap().step, "first_call");
    assert!(resumed.handed.lock().unwrap().is_empty());
    assert_eq!(
        subs_with_email(&w, "vault@acme.in"),
        [handed[0].auth_id.clone()]
    );
}

#[tokio::test]
async fn a_failing_save_stops_the_run_with_its_error() {
    let w = sandbox::start(72).await;
    let plan = sub_plan("save@acme.in");
    // The second save (after `kyc`) fails.
    let host = TestHost::failing(Failures {
        save_from: Some(2),
        ..Failures::default()
    });
    let error = run_onboarding(&w.parent, &plan, StepContext::default(), &host)
        .await
        .unwrap_err();
    assert!(
        matches!(error, HostError::Caller("save failed")),
        "{error:?}"
    );
    assert_eq!(host.saved().completed, ["create_sub_account"]);
    assert_eq!(*host.reports.lock().unwrap(), ["create_sub_account"]);

    // The save after a failed hand-over fails too: the hand-over's error is the one returned.
    let w = sandbox::start(73).await;
    let both = TestHost::failing(Failures {
        credentials: true,
        save_from: Some(1),
        ..Failures::default()
    });
    let error = run_onboarding(&w.parent, &plan, StepContext::default(), &both)
        .await
        .unwrap_err();
    assert!(
        matches!(error, HostError::Caller("vault is down")),
        "{error:?}"
    );
    assert_eq!(*both.saves.lock().unwrap(), 1, "the save was attempted");
}

#[tokio::test]
async fn a_failing_progress_stops_the_run_after_the_step_was_saved() {
    let w = sandbox::start(74).await;
    let plan = sub_plan("progress@acme.in");
    let host = TestHost::failing(Failures {
        progress_at: Some("kyc"),
        ..Failures::default()
    });
    let error = run_onboarding(&w.parent, &plan, StepContext::default(), &host)
        .await
        .unwrap_err();
    assert!(
        matches!(error, HostError::Caller("progress failed")),
        "{error:?}"
    );
    assert_eq!(host.saved().completed, ["create_sub_account", "kyc"]);

    let resumed = TestHost::resumed(&host);
    let run = run_onboarding(&w.parent, &plan, StepContext::default(), &resumed)
        .await
        .unwrap();
    assert_eq!(
        run.reports[0].step, "wait_kyc",
        "continued after the reported step"
    );
    assert!(run.finished());
}

#[tokio::test]
async fn a_failing_step_is_saved_then_its_error_returned() {
    let w = sandbox::start(75).await;
    let plan = sub_plan("step@acme.in");
    w.sandbox
        .add_fault(FaultSpec {
            method: Some("POST".into()),
            path: "*/numbers/purchase-from-inventory".into(),
            kind: FaultKind::ResetAfter,
            count: Some(1),
            probability: None,
        })
        .unwrap();
    let host = TestHost::default();
    let error = run_onboarding(&w.parent, &plan, StepContext::default(), &host)
        .await
        .unwrap_err();
    let HostError::Sdk(error) = error else {
        panic!("{error:?}")
    };
    assert_eq!(error.kind(), ErrorKind::OutcomeUnknown);
    let saved = host.saved();
    assert_eq!(saved.next_step_name(), Some("buy_number"));
    assert!(saved.e164.is_some(), "the chosen number was recorded");
    assert_eq!(
        *host.saves.lock().unwrap(),
        5,
        "four steps and the failed one"
    );
}

#[tokio::test]
async fn the_bindings_entry_checks_its_arguments_before_loading() {
    let w = sandbox::start(76).await;
    let plan = json!({"name": "Acme", "email": "named@acme.in", "business_type": "private_limited",
                      "kyc": {"kind": "company", "pan": "TESTSUCCESS0001", "gstin": "TESTSUCCESS0001"},
                      "test_mode": true, "number": {"country": "IN", "region": "Mumbai"}});
    let account = Client::Account(w.parent.clone());
    let partner = Client::Partner(w.partner.clone());

    let refused = |args: serde_json::Value, client: &Client, op: &'static str| {
        let host = TestHost::default();
        let client = client.clone();
        async move {
            let error = run_named_onboarding(&client, op, args, KeyCase::Snake, &host)
                .await
                .unwrap_err();
            assert_eq!(*host.saves.lock().unwrap(), 0);
            match error {
                HostError::Sdk(e) => e.validation_field().map(str::to_owned),
                other => panic!("{other:?}"),
            }
        }
    };
    let field = refused(
        json!({"plan": plan}),
        &partner,
        "sub_account_onboarding_step",
    )
    .await;
    assert_eq!(field.as_deref(), Some("client"));
    let field = refused(json!({"plan": plan}), &account, "onboard_everything").await;
    assert_eq!(field.as_deref(), Some("operation"));
    let field = refused(
        json!({"plan": plan, "state": null, "extra": 1}),
        &account,
        "sub_account",
    )
    .await;
    assert_eq!(field.as_deref(), Some("extra"));
    let field = refused(
        json!({"plan": plan, "max_wait_seconds": -1}),
        &account,
        "sub_account",
    )
    .await;
    assert_eq!(field.as_deref(), Some("max_wait_seconds"));
    let field = refused(json!({}), &account, "sub_account").await;
    assert_eq!(field.as_deref(), Some("plan"));

    // camelCase arguments and states (Node's) run the same flow.
    let host = TestHost::default();
    let args = json!({"plan": {"name": "Acme", "email": "named@acme.in", "businessType": "private_limited",
                               "kyc": {"kind": "company", "pan": "TESTSUCCESS0001", "gstin": "TESTSUCCESS0001"},
                               "testMode": true, "number": {"country": "IN", "region": "Mumbai", "maxMonthlyFee": "250"}},
                      "maxWaitSeconds": 0});
    let run = run_named_onboarding(
        &account,
        "sub_account_onboarding_step",
        args,
        KeyCase::Camel,
        &host,
    )
    .await
    .unwrap();
    assert!(run.finished());
    let view = run.to_view(KeyCase::Camel).unwrap();
    let vobiz_partner::view::View::Map(fields) = view else {
        panic!()
    };
    let keys: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["state", "finished", "waitingFor", "reports"]);

    let camel = run.state.to_json(KeyCase::Camel).unwrap();
    assert!(camel.get("subAccountId").is_some());
    assert_eq!(
        OnboardingState::from_json(camel, KeyCase::Camel).unwrap(),
        run.state
    );
    let other = OnboardingState::new(OnboardingKind::Customer);
    let host = TestHost::default();
    *host.saved.lock().unwrap() = Some(other);
    let error = run_named_onboarding(
        &account,
        "sub_account",
        json!({"plan": plan}),
        KeyCase::Snake,
        &host,
    )
    .await
    .unwrap_err();
    let HostError::Sdk(error) = error else {
        panic!("{error:?}")
    };
    assert_eq!(error.validation_field(), Some("state"));
}

//! The resumable onboarding state machines against the sandbox: both flows end to end,
//! `wait_kyc` answering `waiting` and finishing after KYC, and a crash (the answer dropped
//! after the server committed) at every mutating step, resumed from the saved state →
//! exactly one account, one number, one transfer.

mod sandbox;

use std::sync::{Arc, Mutex};

use serde_json::json;
use vobiz_partner::ErrorKind;
use vobiz_partner::workflows::onboarding::{
    CustomerPlan, FileStateStore, OnboardingKind, OnboardingState, OnceShownCredentials,
    StateStore, StepContext, StepOutcome, SubAccountPlan, host, next_step, run_onboarding,
};
use vobiz_sandbox::control::KycStep;
use vobiz_sandbox::faults::{FaultKind, FaultSpec};

use sandbox::World;

fn sub_plan(email: &str, first_call: bool) -> SubAccountPlan {
    let mut plan = json!({
        "name": "Acme Support",
        "email": email,
        "business_type": "private_limited",
        "kyc": {"kind": "company", "pan": "TESTSUCCESS0001", "gstin": "TESTSUCCESS0001"},
        "test_mode": true,
        "number": {"country": "IN", "region": "Mumbai", "max_setup_fee": "150", "max_monthly_fee": "250"},
    });
    if first_call {
        plan["first_call"] =
            json!({"to": "+919876543210", "answer_url": "https://acme.example/answer"});
    }
    serde_json::from_value(plan).unwrap()
}

fn customer_plan(email: &str) -> CustomerPlan {
    serde_json::from_value(json!({
        "customer": {"name": "Asha Rao", "email": email, "password": "Str0ng!pass",
                     "phone": "+919876543210", "country": "IN"},
        "funding": "500.00",
        "currency": "INR",
        "kyc": {"flow": "email", "webhook_url": "https://acme.example/kyc", "reminder_days": [3, 1]},
        "trunk": {"name": "asha-main"},
    }))
    .unwrap()
}

fn temp_store(name: &str) -> FileStateStore {
    let dir = std::env::temp_dir().join(format!(
        "vobiz-onboarding-{}-{name}-{}",
        std::process::id(),
        rand_suffix()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    FileStateStore::new(dir.join("state.json"))
}

fn rand_suffix() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
}

fn post_fault(path: &str) -> FaultSpec {
    FaultSpec {
        method: Some("POST".into()),
        path: path.into(),
        kind: FaultKind::ResetAfter,
        count: Some(1),
        probability: None,
    }
}

fn subs_with_email(w: &World, email: &str) -> Vec<String> {
    w.sandbox.store().read(|world| {
        world
            .accounts
            .values()
            .filter(|a| a.email.as_deref() == Some(email))
            .map(|a| a.auth_id.clone())
            .collect()
    })
}

fn numbers_owned_by(w: &World, owners: &[&str]) -> usize {
    w.sandbox.store().read(|world| {
        world
            .numbers
            .values()
            .filter(|n| n.owner.as_deref().is_some_and(|o| owners.contains(&o)))
            .count()
    })
}

fn token_of(w: &World, id: &str) -> String {
    w.sandbox
        .store()
        .read(|world| world.accounts[id].auth_token.clone())
}

fn transfers_with(w: &World, reference: &str) -> usize {
    w.sandbox.store().read(|world| {
        world
            .ledger
            .iter()
            .filter(|r| r.kind == "credit" && r.description.contains(&format!("[ref:{reference}]")))
            .count()
    })
}

#[tokio::test]
async fn sub_account_onboarding_runs_end_to_end_in_test_mode() {
    let w = sandbox::start(7).await;
    let plan = sub_plan("support@acme.in", true);
    let store = temp_store("sub-happy");
    let seen = Arc::new(Mutex::new(Vec::<OnceShownCredentials>::new()));
    let mut steps = Vec::new();
    let run = run_onboarding(
        &w.parent,
        &plan,
        StepContext::default(),
        &host(
            &store,
            |c| {
                let seen = seen.clone();
                async move {
                    seen.lock().unwrap().push(c);
                    Ok(())
                }
            },
            |r| steps.push((r.step.clone(), r.outcome)),
        ),
    )
    .await
    .unwrap();
    let state = run.state.clone();
    assert!(run.finished() && run.waiting_for().is_none());
    assert_eq!(run.reports.len(), 8);
    assert!(state.finished, "{state:?}");
    let names: Vec<&str> = steps.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        names,
        [
            "create_sub_account",
            "kyc",
            "wait_kyc",
            "choose_number",
            "buy_number",
            "assign_number",
            "check_routing",
            "first_call"
        ]
    );
    assert!(
        steps.iter().all(|(_, o)| *o == StepOutcome::Done),
        "{steps:?}"
    );
    let creds = seen.lock().unwrap().clone();
    assert_eq!(creds.len(), 1);
    let sub = state.sub_account_id.clone().unwrap();
    assert_eq!(creds[0].auth_id, sub);
    assert_eq!(creds[0].auth_token.expose(), token_of(&w, &sub));
    assert!(state.call_uuid.is_some());
    assert_eq!(state.routed, Some(false));
    let e164 = state.e164.clone().unwrap();
    assert!(e164.starts_with("+9122"), "{e164}");
    let owner = w
        .sandbox
        .store()
        .read(|world| world.numbers[&e164].owner.clone());
    assert_eq!(owner.as_deref(), Some(sub.as_str()));

    // The saved state is the returned one, carries no secret, and a re-run does nothing.
    let saved = std::fs::read_to_string(store.path()).unwrap();
    assert!(!saved.contains(&token_of(&w, &sub)));
    assert_eq!(store.load().unwrap().unwrap(), state);
    let again = run_onboarding(
        &w.parent,
        &plan,
        StepContext::default(),
        &host(&store, |_| async { panic!("no credentials twice") }, |_| {}),
    )
    .await
    .unwrap();
    assert_eq!(again.state, state);
    assert!(again.reports.is_empty());
}

#[tokio::test]
async fn first_call_is_skipped_without_the_sub_accounts_credentials() {
    let w = sandbox::start(8).await;
    let plan = sub_plan("skip@acme.in", true);
    let mut state = OnboardingState::new(OnboardingKind::SubAccount);
    let ctx = StepContext::default();
    let mut last = None;
    while !state.finished {
        last = Some(next_step(&w.parent, &plan, &mut state, &ctx).await.unwrap());
    }
    let last = last.unwrap();
    assert_eq!(last.step, "first_call");
    assert_eq!(last.outcome, StepOutcome::Skipped);
    assert!(
        last.detail.contains("sub_account_credentials"),
        "{}",
        last.detail
    );
}

#[tokio::test]
async fn hosted_kyc_waits_then_finishes_once_kyc_completes() {
    let w = sandbox::start(9).await;
    let mut plan = sub_plan("hosted@acme.in", false);
    plan.kyc =
        serde_json::from_value(json!({"kind": "hosted", "customer_email": "hosted@acme.in"}))
            .unwrap();
    let mut state = OnboardingState::new(OnboardingKind::SubAccount);
    let ctx = StepContext::default();
    for _ in 0..2 {
        next_step(&w.parent, &plan, &mut state, &ctx).await.unwrap();
    }
    assert!(state.kyc_session_id.is_some());
    let waiting = next_step(&w.parent, &plan, &mut state, &ctx).await.unwrap();
    assert_eq!(waiting.outcome, StepOutcome::Waiting);
    assert_eq!(state.waiting_for.as_deref(), Some("kyc"));
    assert!(!state.completed.contains(&"wait_kyc".to_owned()));

    w.sandbox
        .sub_account_kyc(state.sub_account_id.as_deref().unwrap(), true)
        .unwrap();
    let done = next_step(&w.parent, &plan, &mut state, &ctx).await.unwrap();
    assert_eq!(done.step, "wait_kyc");
    assert_eq!(done.outcome, StepOutcome::Done);
    assert_eq!(state.waiting_for, None);
}

#[tokio::test]
async fn customer_onboarding_waits_for_kyc_and_finishes() {
    let w = sandbox::start(10).await;
    let plan = customer_plan("asha@acme.in");
    let store = temp_store("customer");
    let creds = Arc::new(Mutex::new(None::<OnceShownCredentials>));
    let sink = |c: OnceShownCredentials| {
        let creds = creds.clone();
        async move {
            *creds.lock().unwrap() = Some(c);
            Ok(())
        }
    };
    let state = run_onboarding(
        &w.partner,
        &plan,
        StepContext::default(),
        &host(&store, sink, |_| {}),
    )
    .await
    .unwrap()
    .state;
    assert!(!state.finished);
    assert_eq!(state.waiting_for.as_deref(), Some("kyc"));
    assert_eq!(state.completed, ["create_customer", "fund", "kyc_session"]);
    let customer = state.customer_auth_id.clone().unwrap();
    let reference = state.transfer_reference.clone().unwrap();
    assert_eq!(transfers_with(&w, &reference), 1);

    let session = state.kyc_session_id.clone().unwrap();
    w.sandbox
        .kyc_session_step(&session, KycStep::Complete, Some("individual"), None)
        .unwrap();
    let given = creds.lock().unwrap().clone().unwrap();
    let ctx = StepContext {
        customer_credentials: Some(given.account_credentials().unwrap()),
        ..StepContext::default()
    };
    let mut steps = Vec::new();
    let state = run_onboarding(
        &w.partner,
        &plan,
        ctx,
        &host(
            &store,
            |_| async { panic!("no credentials twice") },
            |r| steps.push(r.step.clone()),
        ),
    )
    .await
    .unwrap()
    .state;
    assert!(state.finished, "{state:?}");
    assert_eq!(steps, ["wait_kyc", "trunk", "monitor_cdrs"]);
    assert!(state.trunk_id.is_some());
    assert_eq!(state.cdr_count, Some(0));
    assert_eq!(subs_with_email(&w, "asha@acme.in"), [customer]);
    assert_eq!(transfers_with(&w, &reference), 1);
}

#[tokio::test]
async fn sub_account_crash_at_every_mutating_step_resumes_without_duplicates() {
    let routes = [
        ("create_sub_account", "/api/v1/accounts/*/sub-accounts/"),
        ("kyc", "/api/v1/sub-accounts/test/*/kyc/verify-pan"),
        ("buy_number", "*/numbers/purchase-from-inventory"),
        ("assign_number", "*/assign-subaccount"),
        ("first_call", "*/Call/"),
    ];
    for (n, (step, route)) in routes.iter().enumerate() {
        let w = sandbox::start(20 + n as u64).await;
        let email = format!("crash{n}@acme.in");
        let plan = sub_plan(&email, true);
        let mut state = OnboardingState::new(OnboardingKind::SubAccount);
        let mut ctx = StepContext::default();
        w.sandbox.add_fault(post_fault(route)).unwrap();
        let error = loop {
            let mut step_ctx = ctx.clone();
            if let Some(id) = state.sub_account_id.clone() {
                // The first call needs the sub-account's own key.
                step_ctx.sub_account_credentials =
                    Some(vobiz_partner::AccountCredentials::new(&id, &token_of(&w, &id)).unwrap());
            }
            match next_step(&w.parent, &plan, &mut state, &step_ctx).await {
                Ok(_) => assert!(!state.finished, "{step}: no failure injected"),
                Err(e) => break e,
            }
        };
        assert_eq!(error.kind(), ErrorKind::OutcomeUnknown, "{step}: {error}");
        assert_eq!(state.next_step_name(), Some(*step));

        // Resume from the state as saved (a JSON round trip).
        let text = serde_json::to_string(&state).unwrap();
        let mut state: OnboardingState = serde_json::from_str(&text).unwrap();
        if *step == "create_sub_account" {
            // The account was made but its credentials were lost with the answer.
            let lost = next_step(&w.parent, &plan, &mut state, &ctx)
                .await
                .unwrap_err();
            assert_eq!(lost.kind(), ErrorKind::Validation);
            assert_eq!(lost.validation_field(), Some("credentials"), "{lost}");
            assert!(lost.to_string().contains("credentials"));
            let again = next_step(&w.parent, &plan, &mut state, &ctx)
                .await
                .unwrap_err();
            assert_eq!(again.validation_field(), Some("credentials"));
            let id = state.sub_account_id.clone().expect("the id is recorded");
            ctx.sub_account_credentials =
                Some(vobiz_partner::AccountCredentials::new(&id, &token_of(&w, &id)).unwrap());
        }
        let id_for_call = |state: &OnboardingState| {
            let id = state.sub_account_id.clone().unwrap();
            vobiz_partner::AccountCredentials::new(&id, &token_of(&w, &id)).unwrap()
        };
        while !state.finished {
            let ctx = StepContext {
                sub_account_credentials: Some(id_for_call(&state)),
                ..ctx.clone()
            };
            next_step(&w.parent, &plan, &mut state, &ctx)
                .await
                .unwrap_or_else(|e| panic!("{step}: resume failed: {e}"));
        }
        let subs = subs_with_email(&w, &email);
        assert_eq!(subs.len(), 1, "{step}: {subs:?}");
        let parent = w.parent.auth_id().as_str().to_owned();
        assert_eq!(
            numbers_owned_by(&w, &[subs[0].as_str()]),
            1,
            "{step}: numbers of the sub-account"
        );
        // The parent's pool holds no stray purchase (the seeded parent owns none of the
        // plan's Mumbai numbers besides the one assigned).
        let stray = w.sandbox.store().read(|world| {
            world
                .numbers
                .values()
                .filter(|n| {
                    n.owner.as_deref() == Some(parent.as_str()) && n.e164.starts_with("+9122")
                })
                .count()
        });
        assert_eq!(stray, 0, "{step}: stray purchase");
    }
}

#[tokio::test]
async fn customer_crash_at_every_mutating_step_resumes_without_duplicates() {
    let routes = [
        ("create_customer", "/api/v1/partner/accounts"),
        ("fund", "*/transfer-balance"),
        ("kyc_session", "/api/v1/partner/kyc-sessions"),
        ("trunk", "*/trunks*"),
    ];
    for (n, (step, route)) in routes.iter().enumerate() {
        let w = sandbox::start(40 + n as u64).await;
        let email = format!("cust{n}@acme.in");
        let plan = customer_plan(&email);
        let mut state = OnboardingState::new(OnboardingKind::Customer);
        let mut ctx = StepContext::default();
        let mut created: Option<OnceShownCredentials> = None;
        w.sandbox.add_fault(post_fault(route)).unwrap();
        let error = loop {
            if state.next_step_name() == Some("wait_kyc") {
                let session = state.kyc_session_id.clone().unwrap();
                let _ = w
                    .sandbox
                    .kyc_session_step(&session, KycStep::Complete, None, None);
            }
            match next_step(&w.partner, &plan, &mut state, &ctx).await {
                Ok(report) => {
                    if let Some(c) = report.credentials {
                        ctx.customer_credentials = Some(c.account_credentials().unwrap());
                        created = Some(c);
                    }
                    if state.finished {
                        // The safe transfer settles a lost answer itself, through the
                        // ledger: the step does not even fail.
                        assert_eq!(*step, "fund", "no failure injected");
                        break None;
                    }
                }
                Err(e) => break Some(e),
            }
        };
        if let Some(error) = error {
            assert_eq!(error.kind(), ErrorKind::OutcomeUnknown, "{step}: {error}");
        }
        let text = serde_json::to_string(&state).unwrap();
        let mut state: OnboardingState = serde_json::from_str(&text).unwrap();
        if *step == "create_customer" {
            assert!(created.is_none());
            let lost = next_step(&w.partner, &plan, &mut state, &ctx)
                .await
                .unwrap_err();
            assert_eq!(lost.validation_field(), Some("credentials"), "{lost}");
            let id = state.customer_auth_id.clone().expect("the id is recorded");
            ctx.customer_credentials =
                Some(vobiz_partner::AccountCredentials::new(&id, &token_of(&w, &id)).unwrap());
        }
        while !state.finished {
            if state.next_step_name() == Some("wait_kyc") {
                let session = state.kyc_session_id.clone().unwrap();
                let _ = w
                    .sandbox
                    .kyc_session_step(&session, KycStep::Complete, None, None);
            }
            let report = next_step(&w.partner, &plan, &mut state, &ctx)
                .await
                .unwrap_or_else(|e| panic!("{step}: resume failed: {e}"));
            assert_ne!(report.outcome, StepOutcome::Skipped, "{step}: {report:?}");
        }
        let customer = state.customer_auth_id.clone().unwrap();
        assert_eq!(
            subs_with_email(&w, &email),
            vec![customer.clone()],
            "{step}"
        );
        assert_eq!(
            transfers_with(&w, state.transfer_reference.as_deref().unwrap()),
            1,
            "{step}"
        );
        let (sessions, trunks) = w.sandbox.store().read(|world| {
            (
                world
                    .kyc_sessions
                    .values()
                    .filter(|s| s.account_auth_id == customer)
                    .count(),
                world
                    .trunks
                    .values()
                    .filter(|t| t.account_id == customer)
                    .count(),
            )
        });
        assert_eq!(sessions, 1, "{step}: sessions");
        assert_eq!(trunks, 1, "{step}: trunks");
    }
}

#[tokio::test]
async fn file_store_round_trips_and_leaves_no_temp_files() {
    let store = temp_store("file");
    assert_eq!(store.load().unwrap(), None);
    let mut state = OnboardingState::new(OnboardingKind::Customer);
    state.customer_auth_id = Some("MA_X".into());
    store.save(&state).unwrap();
    state.completed.push("create_customer".into());
    store.save(&state).unwrap();
    assert_eq!(store.load().unwrap().unwrap(), state);
    let dir = store.path().parent().unwrap();
    let files: Vec<_> = std::fs::read_dir(dir).unwrap().collect();
    assert_eq!(files.len(), 1);
    // Another flow's state is refused.
    let w = sandbox::start(60).await;
    let err = run_onboarding(
        &w.parent,
        &sub_plan("x@acme.in", false),
        StepContext::default(),
        &host(&store, |_| async { Ok(()) }, |_| {}),
    )
    .await
    .unwrap_err();
    assert_eq!(err.validation_field(), Some("state"));
}

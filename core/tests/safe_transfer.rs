//! `Partner::transfer_balance_safely` against the sandbox with injected faults: a lost
//! answer after the server committed is reconciled from the ledger, a request dropped before
//! it ran is retried exactly once, a re-run with the same reference never debits again, and
//! 1,000 transfers under 5% faults land in the ledger exactly once each with balances that
//! add up to the cent.

mod sandbox;

use std::collections::BTreeMap;

use std::time::{Duration, Instant};

use futures::stream::{self, StreamExt};
use rust_decimal::Decimal;
use vobiz_partner::models::{NewCustomer, SafeTransferOutcome};
use vobiz_partner::{ClientConfig, ErrorKind, Money, Partner, Transport};
use vobiz_sandbox::faults::{FaultKind, FaultSpec};

use sandbox::World;

fn money(text: &str) -> Money {
    text.parse().unwrap()
}

async fn customer(w: &World, n: usize) -> String {
    w.partner
        .create_customer(&NewCustomer::new(
            format!("Customer {n}"),
            format!("safe{n}@acme.in"),
            "Str0ng!pass",
            "IN",
        ))
        .await
        .unwrap()
        .auth_id
        .unwrap()
}

fn fault(path: &str, kind: FaultKind, count: Option<u32>, probability: Option<f64>) -> FaultSpec {
    FaultSpec {
        method: Some("POST".into()),
        path: path.into(),
        kind,
        count,
        probability,
    }
}

/// The ledger rows (customer credits, partner debits) whose description carries `[ref:…]`,
/// counted by reference and kind.
fn tagged_rows(w: &World) -> BTreeMap<(String, String), usize> {
    w.sandbox.store().read(|world| {
        let mut counts = BTreeMap::new();
        for row in &world.ledger {
            if let Some(start) = row.description.find("[ref:") {
                let reference = row.description[start + 5..]
                    .trim_end_matches(']')
                    .to_owned();
                *counts.entry((reference, row.kind.clone())).or_default() += 1;
            }
        }
        counts
    })
}

fn wallet(w: &World, auth_id: &str) -> Decimal {
    w.sandbox.store().read(|world| {
        world
            .accounts
            .get(auth_id)
            .map(|a| a.balance)
            .or_else(|| world.partners.get(auth_id).map(|p| p.balance))
            .unwrap()
    })
}

fn once(w: &World, reference: &str) {
    let rows = tagged_rows(w);
    for kind in ["credit", "debit"] {
        assert_eq!(
            rows.get(&(reference.to_owned(), kind.to_owned())),
            Some(&1),
            "{reference} {kind}: {rows:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_answer_after_commit_is_reconciled_from_the_ledger() {
    let w = sandbox::start(301).await;
    let id = customer(&w, 1).await;
    let partner_id = w.partner.auth_id().as_str().to_owned();
    let before = wallet(&w, &partner_id);
    w.sandbox
        .add_fault(fault(
            "*/transfer-balance",
            FaultKind::ResetAfter,
            Some(1),
            None,
        ))
        .unwrap();

    // Spawned, as the bindings run it: the future is `Send + 'static`.
    let done = tokio::spawn({
        let (partner, id) = (w.partner.clone(), id.clone());
        async move {
            partner
                .transfer_balance_safely(&id, money("125.50"), "INR", Some("April"), None)
                .await
        }
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(done.outcome, SafeTransferOutcome::Reconciled);
    assert!(done.reconciled);
    assert_eq!(done.attempts, 1);
    assert!(done.reference.starts_with("vbz-"), "{}", done.reference);
    assert_eq!(done.description, format!("April [ref:{}]", done.reference));
    let row = done.ledger_row.as_ref().expect("the ledger row");
    assert!(row.is_credit());
    assert_eq!(row.amount, Some(money("125.50")));
    assert_eq!(done.transaction_id, row.id);
    assert_eq!(done.amount, money("125.50"));
    once(&w, &done.reference);
    assert_eq!(wallet(&w, &id), Decimal::new(12550, 2));
    assert_eq!(before - wallet(&w, &partner_id), Decimal::new(12550, 2));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_dropped_before_it_ran_is_retried_exactly_once() {
    let w = sandbox::start(302).await;
    let id = customer(&w, 1).await;
    w.sandbox
        .add_fault(fault(
            "*/transfer-balance",
            FaultKind::ResetBefore,
            Some(1),
            None,
        ))
        .unwrap();

    let done = w
        .partner
        .transfer_balance_safely(&id, money("40"), "INR", None, Some("order-1001"))
        .await
        .unwrap();
    assert_eq!(done.outcome, SafeTransferOutcome::Retried);
    assert!(!done.reconciled);
    assert_eq!(done.attempts, 2);
    assert_eq!(done.reference, "order-1001");
    assert_eq!(done.description, "[ref:order-1001]");
    assert!(done.transaction_id.as_deref().unwrap().starts_with("txn_"));
    assert_eq!(done.customer_balance_after, Some(money("40")));
    once(&w, "order-1001");
    assert_eq!(wallet(&w, &id), Decimal::new(40, 0));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rerun_with_the_same_reference_never_debits_again() {
    let w = sandbox::start(303).await;
    let id = customer(&w, 1).await;
    let partner_id = w.partner.auth_id().as_str().to_owned();

    let first = w
        .partner
        .transfer_balance_safely(&id, money("10.25"), "INR", Some("May"), Some("inv-7"))
        .await
        .unwrap();
    assert_eq!(first.outcome, SafeTransferOutcome::Sent);
    assert_eq!(first.attempts, 1);
    let partner_after = wallet(&w, &partner_id);

    for _ in 0..2 {
        let again = w
            .partner
            .transfer_balance_safely(&id, money("10.25"), "INR", Some("May"), Some("inv-7"))
            .await
            .unwrap();
        assert_eq!(again.outcome, SafeTransferOutcome::AlreadyDone);
        assert_eq!(again.attempts, 0);
        assert!(again.reconciled);
        assert_eq!(again.reference, "inv-7");
    }
    once(&w, "inv-7");
    assert_eq!(wallet(&w, &partner_id), partner_after);
    assert_eq!(wallet(&w, &id), Decimal::new(1025, 2));

    // The same reference for another amount is refused, nothing sent.
    let err = w
        .partner
        .transfer_balance_safely(&id, money("99"), "INR", None, Some("inv-7"))
        .await
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("reference"), "{err}");
    assert_eq!(wallet(&w, &partner_id), partner_after);

    // Bad inputs are refused before anything is read or sent.
    for (reference, description, field) in [
        (Some("has space"), None, "reference"),
        (None, Some("x".repeat(600)), "description"),
    ] {
        let err = w
            .partner
            .transfer_balance_safely(&id, money("1"), "INR", description.as_deref(), reference)
            .await
            .unwrap_err();
        assert_eq!(err.validation_field(), Some(field), "{err}");
    }
    let err = w
        .partner
        .transfer_balance_safely("SA_NOTACUST", money("1"), "INR", None, None)
        .await
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("customer_auth_id"));
}

#[tokio::test(flavor = "multi_thread")]
async fn two_ambiguous_attempts_surface_the_reference_and_a_rerun_settles_it() {
    let w = sandbox::start(304).await;
    let id = customer(&w, 1).await;

    // Lost before, then lost after the commit: the second reconciliation finds it.
    w.sandbox
        .add_fault(fault(
            "*/transfer-balance",
            FaultKind::ResetBefore,
            Some(1),
            None,
        ))
        .unwrap();
    w.sandbox
        .add_fault(fault(
            "*/transfer-balance",
            FaultKind::ResetAfter,
            Some(1),
            None,
        ))
        .unwrap();
    let done = w
        .partner
        .transfer_balance_safely(&id, money("5"), "INR", None, Some("two-faults"))
        .await
        .unwrap();
    assert_eq!(done.outcome, SafeTransferOutcome::Reconciled);
    assert_eq!(done.attempts, 2);
    once(&w, "two-faults");

    // Lost before twice: not in the ledger, not retried a third time.
    w.sandbox
        .add_fault(fault(
            "*/transfer-balance",
            FaultKind::ResetBefore,
            Some(2),
            None,
        ))
        .unwrap();
    let err = w
        .partner
        .transfer_balance_safely(&id, money("6"), "INR", None, Some("lost-twice"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{err}");
    assert!(err.to_string().contains("\"lost-twice\""), "{err}");
    assert!(!tagged_rows(&w).keys().any(|(r, _)| r == "lost-twice"));

    // A 5xx answer is ambiguous too; the ledger shows nothing, so it is sent again.
    w.sandbox
        .add_fault(fault(
            "*/transfer-balance",
            FaultKind::Status {
                status: 502,
                body: None,
                retry_after: None,
            },
            Some(1),
            None,
        ))
        .unwrap();
    let retried = w
        .partner
        .transfer_balance_safely(&id, money("6"), "INR", None, Some("lost-twice"))
        .await
        .unwrap();
    assert_eq!(retried.outcome, SafeTransferOutcome::Retried);
    once(&w, "lost-twice");
    assert_eq!(wallet(&w, &id), Decimal::new(11, 0));

    // Refusals are not ambiguous: returned as they are, not retried.
    let err = w
        .partner
        .transfer_balance_safely(&id, money("10000000"), "INR", None, None)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InsufficientBalance, "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thousand_transfers_under_five_percent_faults_land_exactly_once() {
    const TRANSFERS: usize = 1_000;
    const CUSTOMERS: usize = 8;
    let w = sandbox::start(305).await;
    let partner_id = w.partner.auth_id().as_str().to_owned();
    let partner_before = wallet(&w, &partner_id);
    let mut customers = Vec::new();
    for n in 0..CUSTOMERS {
        customers.push(customer(&w, n).await);
    }
    // The sandbox applies the first fault whose path matches, so the mix is per customer:
    // half drop the request before it runs, half after it committed, each 5% of the time.
    for (n, id) in customers.iter().enumerate() {
        let kind = if n % 2 == 0 {
            FaultKind::ResetBefore
        } else {
            FaultKind::ResetAfter
        };
        w.sandbox
            .add_fault(fault(
                &format!("*/accounts/{id}/transfer-balance"),
                kind,
                None,
                Some(0.05),
            ))
            .unwrap();
    }

    let orders: Vec<(String, String, Money)> = (0..TRANSFERS)
        .map(|i| {
            let amount = Money::new(Decimal::new(100 + (i as i64 % 13), 2));
            (
                customers[i % CUSTOMERS].clone(),
                format!("bulk-{i:04}"),
                amount,
            )
        })
        .collect();
    let results = stream::iter(orders.iter().map(|(id, reference, amount)| {
        let partner = w.partner.clone();
        async move {
            // As a caller would: an unsettled transfer is run again with its reference.
            let mut runs = 0;
            loop {
                runs += 1;
                match partner
                    .transfer_balance_safely(id, *amount, "INR", Some("load"), Some(reference))
                    .await
                {
                    Ok(done) => return (done, runs),
                    Err(e) if e.kind() == ErrorKind::OutcomeUnknown && runs < 5 => continue,
                    Err(e) => panic!("{reference}: {e}"),
                }
            }
        }
    }))
    .buffer_unordered(32)
    .collect::<Vec<_>>()
    .await;

    let mut by_outcome: BTreeMap<String, usize> = BTreeMap::new();
    for (done, _) in &results {
        *by_outcome.entry(format!("{:?}", done.outcome)).or_default() += 1;
    }
    let reruns = results.iter().filter(|(_, runs)| *runs > 1).count();
    let fired: u64 = w
        .sandbox
        .store()
        .faults
        .list()
        .iter()
        .map(|f| u64::from(f.fired))
        .sum();
    println!(
        "outcomes {by_outcome:?}, faults fired {fired}, re-runs after a double ambiguity {reruns}"
    );
    assert!(
        (20..=90).contains(&fired),
        "about 5% of ~1,000 requests: {fired}"
    );
    assert!(by_outcome.get("Reconciled").copied().unwrap_or(0) > 0);
    assert!(by_outcome.get("Retried").copied().unwrap_or(0) > 0);

    // Every reference exactly once on each side of the ledger, and nothing else tagged.
    let rows = tagged_rows(&w);
    assert_eq!(rows.len(), 2 * TRANSFERS, "one credit and one debit each");
    for (_, reference, _) in &orders {
        once(&w, reference);
    }
    // The money adds up to the cent.
    let total: Decimal = orders.iter().map(|(_, _, a)| a.as_decimal()).sum();
    assert_eq!(partner_before - wallet(&w, &partner_id), total);
    for id in &customers {
        let expected: Decimal = orders
            .iter()
            .filter(|(c, _, _)| c == id)
            .map(|(_, _, a)| a.as_decimal())
            .sum();
        assert_eq!(wallet(&w, id), expected, "{id}");
    }
    let invariant = w
        .control(reqwest::Method::GET, "/__sandbox/invariant", None)
        .await;
    assert_eq!(invariant["holds"], true, "{invariant}");
}

/// The world's partner with another settle window.
fn partner_with_window(w: &World, window: Duration) -> Partner {
    let config = ClientConfig::builder()
        .base_url(w.sandbox.url())
        .max_retries(0)
        .settle_window(window)
        .build()
        .unwrap();
    let seeded = w.sandbox.seeded().clone();
    Partner::with_transport(
        vobiz_partner::PartnerCredentials::new(&seeded.partner.auth_id, &seeded.partner.auth_token)
            .unwrap(),
        Transport::new(config).unwrap(),
    )
}

fn late_commit(ms: u64) -> FaultSpec {
    fault(
        "*/transfer-balance",
        FaultKind::LateCommit { ms },
        Some(1),
        None,
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_commits_late_is_waited_for_never_sent_twice() {
    // The audit's case: the first request is still being processed when the client has
    // given up. Within the settle window the transfer shows in the ledger and is not sent
    // again.
    let w = sandbox::start(306).await;
    let id = customer(&w, 1).await;
    w.sandbox.add_fault(late_commit(2_000)).unwrap();
    let partner = partner_with_window(&w, Duration::from_secs(6));
    let started = Instant::now();
    let done = partner
        .transfer_balance_safely(&id, money("33"), "INR", None, Some("late-1"))
        .await
        .unwrap();
    assert_eq!(done.outcome, SafeTransferOutcome::Reconciled, "{done:?}");
    assert_eq!(done.attempts, 1);
    assert!(started.elapsed() >= Duration::from_secs(2));
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "found before the window ended"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    once(&w, "late-1");
    assert_eq!(wallet(&w, &id), Decimal::new(33, 0));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_commit_later_than_the_settle_window_is_detected_as_a_duplicate() {
    // The documented limit: a server slower than the settle window. The retry is the
    // second transfer; the next call with the reference reports it and sends nothing.
    let w = sandbox::start(307).await;
    let id = customer(&w, 1).await;
    w.sandbox.add_fault(late_commit(1_500)).unwrap();
    let partner = partner_with_window(&w, Duration::from_millis(300));
    let first = partner
        .transfer_balance_safely(&id, money("7"), "INR", None, Some("too-late"))
        .await
        .unwrap();
    assert_eq!(first.outcome, SafeTransferOutcome::Retried);
    tokio::time::sleep(Duration::from_millis(2_000)).await;
    let again = partner
        .transfer_balance_safely(&id, money("7"), "INR", None, Some("too-late"))
        .await
        .unwrap();
    assert_eq!(again.outcome, SafeTransferOutcome::Duplicated);
    assert_eq!(again.attempts, 0);
    assert_eq!(again.duplicate_rows.len(), 1);
    let rows = tagged_rows(&w);
    assert_eq!(rows[&("too-late".to_owned(), "credit".to_owned())], 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_calls_with_one_reference_move_money_once() {
    let w = sandbox::start(308).await;
    let id = customer(&w, 1).await;
    for trial in 0..5 {
        let reference = format!("same-{trial}");
        // Every first request commits late, so without serialisation every call would
        // see an empty ledger and send.
        w.sandbox.add_fault(late_commit(200)).unwrap();
        let outcomes = stream::iter(0..10)
            .map(|_| {
                let (partner, id, reference) = (w.partner.clone(), id.clone(), reference.clone());
                tokio::spawn(async move {
                    partner
                        .transfer_balance_safely(&id, money("1"), "INR", None, Some(&reference))
                        .await
                        .unwrap()
                        .outcome
                })
            })
            .buffer_unordered(10)
            .map(Result::unwrap)
            .collect::<Vec<_>>()
            .await;
        once(&w, &reference);
        let done = outcomes
            .iter()
            .filter(|o| **o == SafeTransferOutcome::AlreadyDone)
            .count();
        assert_eq!(done, 9, "{outcomes:?}");
    }
    assert_eq!(wallet(&w, &id), Decimal::new(5, 0));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancelled_call_is_settled_by_the_next_one_before_anything_is_sent() {
    let w = sandbox::start(309).await;
    let id = customer(&w, 1).await;
    w.sandbox.add_fault(late_commit(1_000)).unwrap();
    let partner = partner_with_window(&w, Duration::from_secs(5));
    // The caller gives up while the request is with the server.
    let cancelled = tokio::time::timeout(
        Duration::from_millis(300),
        partner.transfer_balance_safely(&id, money("12"), "INR", None, Some("cancel-1")),
    )
    .await;
    assert!(cancelled.is_err(), "cancelled in flight");
    // A re-run at once must not send while the first may still commit.
    let again = partner
        .transfer_balance_safely(&id, money("12"), "INR", None, Some("cancel-1"))
        .await
        .unwrap();
    assert_eq!(again.outcome, SafeTransferOutcome::AlreadyDone, "{again:?}");
    assert_eq!(again.attempts, 0);
    once(&w, "cancel-1");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unreadable_answer_after_the_commit_is_reconciled() {
    let w = sandbox::start(310).await;
    let id = customer(&w, 1).await;
    for (n, kind) in [FaultKind::Truncated, FaultKind::Malformed]
        .into_iter()
        .enumerate()
    {
        w.sandbox
            .add_fault(fault("*/transfer-balance", kind, Some(1), None))
            .unwrap();
        let reference = format!("unreadable-{n}");
        let done = w
            .partner
            .transfer_balance_safely(&id, money("2"), "INR", None, Some(&reference))
            .await
            .unwrap();
        assert_eq!(done.outcome, SafeTransferOutcome::Reconciled, "{done:?}");
        once(&w, &reference);
    }
    // The plain transfer reports the same answer as outcome-unknown.
    w.sandbox
        .add_fault(fault(
            "*/transfer-balance",
            FaultKind::Truncated,
            Some(1),
            None,
        ))
        .unwrap();
    let err = w
        .partner
        .transfer_balance(&id, money("1"), "INR", None)
        .await
        .unwrap_err();
    assert!(err.outcome_unknown(), "{err}");
}

//! Bulk onboarding against the sandbox: one result per row in input order, bad rows fail
//! alone, the same email twice in a list makes one customer, a re-run creates nothing, and
//! lost answers (the server committed, the connection dropped) never become duplicates.

mod sandbox;

use std::collections::BTreeMap;

use vobiz_partner::models::{CustomerFilters, NewCustomer};
use vobiz_partner::workflows::bulk::BulkOptions;
use vobiz_partner::{PageOptions, Partner};
use vobiz_sandbox::faults::{FaultKind, FaultSpec};

fn person(n: usize) -> NewCustomer {
    NewCustomer::new(
        format!("Customer {n}"),
        format!("bulk{n}@acme.in"),
        "Str0ng!pass",
        "IN",
    )
}

async fn emails_on_server(partner: &Partner) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for customer in partner
        .list_customers(CustomerFilters::default(), PageOptions::default())
        .unwrap()
        .collect()
        .await
        .unwrap()
    {
        *counts.entry(customer.email.unwrap()).or_default() += 1;
    }
    counts
}

const FAST: BulkOptions = BulkOptions {
    concurrency: 4,
    requests_per_second: Some(200),
};

#[tokio::test]
async fn rows_succeed_fail_and_rerun_without_duplicates() {
    let w = sandbox::start(91).await;
    let mut list: Vec<NewCustomer> = (0..8).map(person).collect();
    list.push(NewCustomer::new("Bad", "not-an-email", "Str0ng!pass", "IN"));
    list.push(person(3)); // the same email twice in one list
    let rows = w
        .partner
        .onboard_customers(list.clone(), FAST)
        .await
        .unwrap();

    assert_eq!(rows.len(), 10);
    assert!(rows.iter().enumerate().all(|(i, r)| r.index == i as u64));
    let created = rows.iter().filter(|r| r.outcome == "created").count();
    assert_eq!(created, 8, "{rows:#?}");
    assert!(
        rows.iter()
            .filter(|r| r.outcome == "created")
            .all(|r| r.auth_token.is_some())
    );
    assert_eq!(rows[8].outcome, "failed");
    assert_eq!(rows[8].error_kind.as_deref(), Some("VALIDATION"));
    assert_eq!(rows[9].outcome, "existing", "{:?}", rows[9]);
    assert_eq!(rows[9].auth_id, rows[3].auth_id);
    assert!(rows[9].auth_token.is_none());

    let again = w.partner.onboard_customers(list, FAST).await.unwrap();
    assert_eq!(again.iter().filter(|r| r.outcome == "existing").count(), 9);
    assert_eq!(again[8].outcome, "failed");
    let counts = emails_on_server(&w.partner).await;
    assert_eq!(counts.len(), 8);
    assert!(counts.values().all(|&n| n == 1));
}

#[tokio::test]
async fn lost_answers_are_found_not_duplicated() {
    let w = sandbox::start(92).await;
    w.sandbox
        .add_fault(FaultSpec {
            method: Some("POST".into()),
            path: "/api/v1/partner/accounts".into(),
            kind: FaultKind::ResetAfter,
            count: None,
            probability: Some(0.5),
        })
        .unwrap();
    let list: Vec<NewCustomer> = (0..12).map(person).collect();
    let rows = w
        .partner
        .onboard_customers(list.clone(), FAST)
        .await
        .unwrap();
    assert!(rows.iter().all(|r| r.outcome != "failed"), "{rows:#?}");
    assert!(
        rows.iter().any(|r| r.outcome == "existing"),
        "some answers were lost"
    );
    w.sandbox.clear_faults();
    let counts = emails_on_server(&w.partner).await;
    assert_eq!(counts.len(), 12);
    assert!(counts.values().all(|&n| n == 1), "{counts:?}");
    let again = w.partner.onboard_customers(list, FAST).await.unwrap();
    assert!(again.iter().all(|r| r.outcome == "existing"));
}

#[tokio::test]
async fn the_account_limit_fails_rows_not_the_run() {
    let w = sandbox::start(93).await;
    let list: Vec<NewCustomer> = (0..27).map(person).collect();
    let options = BulkOptions {
        concurrency: 1,
        requests_per_second: None,
    };
    let rows = w.partner.onboard_customers(list, options).await.unwrap();
    assert_eq!(rows.iter().filter(|r| r.outcome == "created").count(), 25);
    let refused: Vec<_> = rows.iter().filter(|r| r.outcome == "failed").collect();
    assert_eq!(refused.len(), 2);
    assert!(
        refused
            .iter()
            .all(|r| r.error_kind.as_deref() == Some("PERMISSION_DENIED"))
    );
    let bad = BulkOptions {
        concurrency: 0,
        requests_per_second: None,
    };
    assert!(w.partner.onboard_customers(vec![], bad).await.is_err());
}

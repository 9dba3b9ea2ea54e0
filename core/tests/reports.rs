//! The ops reports against a world built with known answers: two customers with numbers in
//! known states (renewal dates, routing, Aadhaar flags), wallets funded to the cent, and a
//! call whose cost is read back independently.

mod account_helpers;
mod sandbox;

use chrono::Duration;
use rust_decimal::Decimal;
use vobiz_partner::models::{AccountCdrFilters, PhoneNumber};
use vobiz_partner::{Money, PageOptions};
use vobiz_sandbox::control::{NumberPatch, SimulatedCall};

use account_helpers::{customer, inventory, wallet};

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn fees(w: &sandbox::World, e164: &str) -> (Decimal, Decimal) {
    w.sandbox.store().read(|world| {
        let n = &world.numbers[e164];
        (n.setup_fee, n.monthly_fee)
    })
}

fn patch(w: &sandbox::World, e164: &str, patch: NumberPatch) {
    w.sandbox.set_number(e164, &patch).unwrap();
}

async fn fund(w: &sandbox::World, auth_id: &str, amount: Decimal) {
    w.partner
        .transfer_balance(auth_id, Money::new(amount), "INR", Some("test funding"))
        .await
        .unwrap();
}

fn e164s(numbers: &[PhoneNumber]) -> Vec<String> {
    let mut all: Vec<String> = numbers.iter().filter_map(|n| n.e164.clone()).collect();
    all.sort();
    all
}

#[tokio::test]
async fn reports_match_a_world_with_known_answers() {
    let w = sandbox::start(81).await;
    let a = customer(&w, "a@acme.in").await;
    let b = customer(&w, "b@acme.in").await;
    let stock = inventory(&w, 4);
    let (n1, n2, n4, n3) = (&stock[0], &stock[1], &stock[2], &stock[3]);
    let cost = |e164: &str| {
        let (setup, monthly) = fees(&w, e164);
        setup + monthly
    };
    let (_, fee1) = fees(&w, n1);
    let (_, fee2) = fees(&w, n2);

    // A can pay for its three numbers and then exactly one more rental of n1.
    fund(
        &w,
        a.auth_id().as_str(),
        cost(n1) + cost(n2) + cost(n4) + fee1,
    )
    .await;
    fund(&w, b.auth_id().as_str(), dec("5000")).await;
    for e164 in [n1, n2, n4] {
        a.purchase_from_inventory(e164, None).await.unwrap();
    }
    b.purchase_from_inventory(n3, None).await.unwrap();
    assert_eq!(wallet(&w, a.auth_id().as_str()), fee1);

    let now = w.sandbox.now();
    let renews = |days: i64| Some(now + Duration::days(days));
    patch(
        &w,
        n1,
        NumberPatch {
            next_billing_date: renews(3),
            application_id: Some("app-1".into()),
            aadhaar_verification_required: Some(true),
            aadhaar_verified: Some(true),
            ..NumberPatch::default()
        },
    );
    patch(
        &w,
        n2,
        NumberPatch {
            next_billing_date: renews(10),
            ..NumberPatch::default()
        },
    );
    patch(
        &w,
        n4,
        NumberPatch {
            next_billing_date: renews(30),
            ..NumberPatch::default()
        },
    );
    patch(
        &w,
        n3,
        NumberPatch {
            next_billing_date: renews(5),
            application_id: Some("app-3".into()),
            aadhaar_verification_required: Some(true),
            ..NumberPatch::default()
        },
    );

    // Renewals: n1 is covered (due == balance), n2 is not; n4 is outside the window; B is rich.
    let risks = w
        .partner
        .renewals_at_risk(Duration::days(14), now)
        .await
        .unwrap();
    assert_eq!(risks.len(), 1, "{risks:?}");
    let risk = &risks[0];
    assert_eq!(&risk.e164, n2);
    assert_eq!(risk.account_id, a.auth_id().as_str());
    assert_eq!(risk.balance.as_decimal(), fee1);
    assert_eq!(risk.due_by_then.as_decimal(), fee1 + fee2);
    assert_eq!(risk.shortfall.as_decimal(), fee2);
    let wider = w
        .partner
        .renewals_at_risk(Duration::days(31), now)
        .await
        .unwrap();
    assert_eq!(wider.len(), 2, "n4 joins once the window reaches it");
    assert!(
        w.partner
            .renewals_at_risk(Duration::days(-1), now)
            .await
            .is_err()
    );

    // Routing and Aadhaar.
    let unrouted = w.partner.unrouted_numbers().await.unwrap();
    let mut expected = vec![n2.clone(), n4.clone()];
    expected.sort();
    assert_eq!(e164s(&unrouted), expected);
    let restricted = w.partner.aadhaar_restricted_numbers().await.unwrap();
    assert_eq!(e164s(&restricted), vec![n3.clone()]);

    // A call on n1, charged to A; its cost read back through A's own CDR list.
    w.sandbox
        .simulate_call(&SimulatedCall {
            e164: n1.clone(),
            direction: "inbound".into(),
            answered: true,
            duration_seconds: 150,
            peer: None,
        })
        .unwrap();
    w.sandbox.advance_clock(600);
    let own_cdrs = a
        .list_cdrs(AccountCdrFilters::default(), PageOptions::default())
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(own_cdrs.len(), 1);
    let call_cost = own_cdrs[0]
        .total_cost
        .or(own_cdrs[0].cost)
        .unwrap()
        .as_decimal();
    assert!(call_cost > Decimal::ZERO);

    let today = now.date_naive();
    let invoice = w
        .partner
        .invoice(
            a.auth_id().as_str(),
            today - Duration::days(1),
            today + Duration::days(1),
        )
        .await
        .unwrap();
    let setup: Decimal = [n1, n2, n4].iter().map(|n| fees(&w, n).0).sum();
    let monthly: Decimal = [n1, n2, n4].iter().map(|n| fees(&w, n).1).sum();
    assert_eq!(invoice.setup_total.as_decimal(), setup);
    assert_eq!(invoice.monthly_total.as_decimal(), monthly);
    assert_eq!(invoice.usage_total.as_decimal(), call_cost);
    assert_eq!(invoice.total.as_decimal(), setup + monthly + call_cost);
    assert_eq!(
        invoice.lines.iter().filter(|l| l.kind == "setup").count(),
        3
    );
    // What the wallet paid (DIDs and the call) is exactly what the invoice bills.
    let funded = cost(n1) + cost(n2) + cost(n4) + fee1;
    assert_eq!(
        funded - wallet(&w, a.auth_id().as_str()),
        invoice.total.as_decimal()
    );
    assert_eq!(
        wallet(&w, a.auth_id().as_str()),
        fee1 - call_cost,
        "the call was charged to A"
    );

    // A month later only the renewal falls in the period; a period before the purchase is empty.
    let next_month = w
        .partner
        .invoice(
            a.auth_id().as_str(),
            today + Duration::days(20),
            today + Duration::days(40),
        )
        .await
        .unwrap();
    assert_eq!(next_month.setup_total.as_decimal(), Decimal::ZERO);
    assert_eq!(next_month.monthly_total.as_decimal(), monthly);
    let before = w
        .partner
        .invoice(
            a.auth_id().as_str(),
            today - Duration::days(40),
            today - Duration::days(20),
        )
        .await
        .unwrap();
    assert_eq!(before.total.as_decimal(), Decimal::ZERO);
    assert!(before.lines.is_empty());
    assert!(
        w.partner
            .invoice(a.auth_id().as_str(), today, today - Duration::days(1))
            .await
            .is_err()
    );
}

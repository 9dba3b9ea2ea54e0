//! Numbers over HTTP: inventory, purchase, the owned list, release and cancel-release,
//! sub-account assignment with the 15-day cool-off, number ↔ trunk, path encoding and
//! casing, and the money invariant under concurrent purchases and transfers.

mod support;

use chrono::{DateTime, Duration, Utc};
use futures::StreamExt;
use reqwest::Method;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::{Value, json};
use support::{Creds, Env, Reply, dec, enc, start};

fn inventory_path(id: &str) -> String {
    format!("/api/v1/Account/{id}/inventory/numbers")
}

fn owned_path(id: &str) -> String {
    format!("/api/v1/Account/{id}/numbers")
}

fn release_path(id: &str, e164: &str) -> String {
    format!("/api/v1/Account/{id}/numbers/{}", enc(e164))
}

fn cancel_path(id: &str, e164: &str) -> String {
    format!("/api/v1/account/{id}/numbers/{}/cancel-release", enc(e164))
}

fn assign_path(id: &str, e164: &str) -> String {
    format!(
        "/api/v1/account/{id}/numbers/{}/assign-subaccount",
        enc(e164)
    )
}

fn e164s(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["e164"].as_str().unwrap().to_owned())
        .collect()
}

fn time(v: &Value) -> DateTime<Utc> {
    v.as_str().unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn inventory_filters_pages_and_needs_own_credentials() {
    let env = start(11).await;
    let parent = env.parent();
    let path = inventory_path(&parent.0);
    let first = env.get(&path, &parent).await;
    assert_eq!(first.status, 200, "{first:?}");
    assert_eq!(
        (
            first.body["page"].as_u64(),
            first.body["per_page"].as_u64(),
            first.body["total"].as_u64()
        ),
        (Some(1), Some(25), Some(48))
    );
    let item = &first.body["items"][0];
    assert_eq!(item["status"], "active");
    assert_eq!(item["account_id"], Value::Null);
    assert_eq!(item["capabilities"]["voice"], true);
    for key in [
        "id",
        "e164",
        "country",
        "region",
        "setup_fee",
        "monthly_fee",
        "currency",
        "voice_enabled",
        "is_blocked",
        "created_at",
        "updated_at",
        "is_trial_number",
        "minimum_commitment_months",
        "aadhaar_verification_required",
        "aadhaar_verified",
    ] {
        assert!(
            item.get(key).is_some(),
            "inventory item lacks {key}: {item}"
        );
    }
    assert_eq!(first.body["items"].as_array().unwrap().len(), 25);
    let second = env.get(&format!("{path}?page=2"), &parent).await;
    assert_eq!(second.body["items"].as_array().unwrap().len(), 23);
    let big = env.get(&format!("{path}?per_page=500"), &parent).await;
    assert_eq!(big.body["per_page"], 100);
    assert_eq!(big.body["items"].as_array().unwrap().len(), 48);
    let all = e164s(&big.body);

    assert_eq!(
        env.get(&format!("{path}?country=IN"), &parent).await.body["total"],
        48
    );
    assert_eq!(
        env.get(&format!("{path}?country=US"), &parent).await.body["total"],
        0
    );

    // search: a substring of the E.164 ("80" matches +918065…), `+` encoded.
    let with_80 = all.iter().filter(|e| e.contains("80")).count();
    assert_eq!(
        env.get(&format!("{path}?search=80&per_page=100"), &parent)
            .await
            .body["total"],
        with_80
    );
    let karnataka = env
        .get(&format!("{path}?search=%2B9180&per_page=100"), &parent)
        .await;
    assert_eq!(karnataka.body["total"], 8);
    assert!(
        e164s(&karnataka.body)
            .iter()
            .all(|e| e.starts_with("+9180"))
    );

    // exclude: prefixes with the country code, optional +, repeatable and comma-separated.
    assert_eq!(
        env.get(&format!("{path}?exclude=9180"), &parent).await.body["total"],
        40
    );
    let excluded = env
        .get(
            &format!("{path}?exclude=%2B9180,9122&exclude=9111&exclude=9180&per_page=100"),
            &parent,
        )
        .await;
    assert_eq!(excluded.body["total"], 24);
    assert!(
        e164s(&excluded.body)
            .iter()
            .all(|e| !e.starts_with("+9180") && !e.starts_with("+9122") && !e.starts_with("+9111"))
    );
    // ANDed with search: exclude beats search.
    assert_eq!(
        env.get(&format!("{path}?search=%2B9180&exclude=9180"), &parent)
            .await
            .body["total"],
        0
    );

    // A sub-account may browse on its own id; not on someone else's, and not without creds.
    let sub = env.sub_account("inv-sub@example.com", "personal_use").await;
    assert_eq!(
        env.get(&inventory_path(&sub.0), &sub).await.body["total"],
        48
    );
    let foreign = env.get(&inventory_path(&sub.0), &parent).await;
    assert_eq!(foreign.status, 403, "{foreign:?}");
    let anonymous = env.send(Method::GET, &path, None, None).await;
    assert_eq!(anonymous.status, 401);
    // The customer-facing docs use a lowercase `/account/`; other casings are not routes.
    let lower = env
        .get(
            &format!("/api/v1/account/{}/inventory/numbers", parent.0),
            &parent,
        )
        .await;
    assert_eq!(lower.status, 200);
    let wrong = env
        .get(
            &format!("/api/v1/Account/{}/Inventory/numbers", parent.0),
            &parent,
        )
        .await;
    assert_eq!(wrong.status, 404);
    env.sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn purchase_debits_setup_plus_monthly_and_lands_on_the_caller() {
    let env = start(12).await;
    let parent = env.parent();
    let e164 = env.inventory(1).remove(0);
    let price = env.price(&e164);
    let before = env.balance(&parent.0);
    let ledger_before = env.sandbox.store().read(|w| w.ledger.len());

    let bought = env.buy(&parent, &e164).await;
    assert_eq!(bought.status, 200, "{bought:?}");
    assert_eq!(bought.body["message"], "Number purchased successfully");
    let number = &bought.body["number"];
    assert_eq!(number["e164"], e164.as_str());
    assert_eq!(number["account_id"], parent.0.as_str());
    assert_eq!(number["source"], "inventory");
    assert_eq!(number["status"], "active");
    assert!(
        number["purchased_at"].is_string()
            && number["next_billing_date"].is_string()
            && number["last_billing_date"].is_string()
    );
    assert_eq!(env.balance(&parent.0), before - price);
    let (row_amount, row_type, row_account) = env.sandbox.store().read(|w| {
        assert_eq!(w.ledger.len(), ledger_before + 1);
        let row = w.ledger.last().unwrap();
        (
            row.amount,
            row.transaction_type.clone(),
            row.account_id.clone(),
        )
    });
    assert_eq!(
        (row_amount, row_type.as_str(), row_account.as_str()),
        (price, "debit", parent.0.as_str())
    );

    // Gone from inventory, present in the owned list.
    let inventory = env
        .get(
            &format!("{}?per_page=100", inventory_path(&parent.0)),
            &parent,
        )
        .await;
    assert_eq!(inventory.body["total"], 47);
    assert!(!e164s(&inventory.body).contains(&e164));
    let owned = env.get(&owned_path(&parent.0), &parent).await;
    assert_eq!(e164s(&owned.body), vec![e164.clone()]);

    // Not in inventory any more, or never was → 404; no e164 → 400.
    let again = env.buy(&parent, &e164).await;
    assert_eq!(
        (again.status, &again.body),
        (
            404,
            &json!({"error": "not_found", "message": "number not found in inventory"})
        )
    );
    assert_eq!(env.buy(&parent, "+911234567890").await.status, 404);
    let unencoded = env.buy(&parent, &e164.replace('+', "")).await;
    assert_eq!(unencoded.status, 404);
    let missing = env
        .post(
            &format!(
                "/api/v1/Account/{}/numbers/purchase-from-inventory",
                parent.0
            ),
            &parent,
            json!({}),
        )
        .await;
    assert_eq!(missing.status, 400, "{missing:?}");
    assert_eq!(env.invariant().await["holds"], true);
    env.sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sub_account_purchase_bills_the_parent_and_both_lists_show_it() {
    let env = start(13).await;
    let parent = env.parent();
    let sub = env
        .sub_account("buyer-sub@example.com", "personal_use")
        .await;
    let numbers = env.inventory(2);
    let parent_before = env.balance(&parent.0);
    let sub_before = env.balance(&sub.0);

    let bought = env.buy(&sub, &numbers[0]).await;
    assert_eq!(bought.status, 200, "{bought:?}");
    assert_eq!(
        bought.body["number"]["account_id"],
        sub.0.as_str(),
        "the number lands on the sub-account"
    );
    assert_eq!(
        env.balance(&parent.0),
        parent_before - env.price(&numbers[0]),
        "the parent pays"
    );
    assert_eq!(env.balance(&sub.0), sub_before);
    assert_eq!(env.buy(&parent, &numbers[1]).await.status, 200);

    let parent_list = env.get(&owned_path(&parent.0), &parent).await;
    assert_eq!(parent_list.body["total"], 2);
    let owners: Vec<&str> = parent_list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["account_id"].as_str().unwrap())
        .collect();
    assert!(owners.contains(&sub.0.as_str()) && owners.contains(&parent.0.as_str()));
    let own_only = env
        .get(
            &format!("{}?include_subaccounts=false", owned_path(&parent.0)),
            &parent,
        )
        .await;
    assert_eq!(e164s(&own_only.body), vec![numbers[1].clone()]);
    let sub_list = env.get(&owned_path(&sub.0), &sub).await;
    assert_eq!(e164s(&sub_list.body), vec![numbers[0].clone()]);
    assert_eq!(env.invariant().await["holds"], true);
    env.sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_purchase_without_funds_is_500_and_changes_nothing() {
    let env = start(14).await;
    let customer = env.customer("poor@example.com").await;
    assert_eq!(env.transfer(&customer.0, 100).await.status, 200);
    let e164 = env.inventory(1).remove(0);
    assert!(env.price(&e164) > Decimal::from(100));
    let before = env.sandbox.store().snapshot();

    let failed = env.buy(&customer, &e164).await;
    assert_eq!(failed.status, 500);
    assert_eq!(
        failed.body,
        json!({"error": "internal_server_error", "message": "failed to purchase number"})
    );
    let after = env.sandbox.store().snapshot();
    assert_eq!(
        after["numbers"][&e164], before["numbers"][&e164],
        "the number stays in inventory"
    );
    assert_eq!(
        after["accounts"][&customer.0]["balance"],
        before["accounts"][&customer.0]["balance"]
    );
    assert_eq!(after["ledger"], before["ledger"]);
    assert_eq!(after["fees_collected"], before["fees_collected"]);
    assert_eq!(
        env.get(&owned_path(&customer.0), &customer).await.body["total"],
        0
    );
    env.sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_owned_list_pages_searches_and_ignores_limit_offset() {
    let env = start(15).await;
    let parent = env.parent();
    let numbers = env.inventory(3);
    for n in &numbers {
        assert_eq!(env.buy(&parent, n).await.status, 200);
    }
    let path = owned_path(&parent.0);
    let first = env.get(&format!("{path}?per_page=2"), &parent).await;
    assert_eq!(
        (
            first.body["total"].as_u64(),
            first.body["per_page"].as_u64(),
            e164s(&first.body).len()
        ),
        (Some(3), Some(2), 2)
    );
    let second = env.get(&format!("{path}?per_page=2&page=2"), &parent).await;
    assert_eq!(e164s(&second.body).len(), 1);
    let defaults = env.get(&format!("{path}?limit=1&offset=2"), &parent).await;
    assert_eq!(
        (
            defaults.body["page"].as_u64(),
            defaults.body["per_page"].as_u64(),
            e164s(&defaults.body).len()
        ),
        (Some(1), Some(25), 3)
    );
    let one = env
        .get(&format!("{path}?search={}", enc(&numbers[1])), &parent)
        .await;
    assert_eq!(e164s(&one.body), vec![numbers[1].clone()]);
    let digits = env
        .get(&format!("{path}?search={}", &numbers[2][3..]), &parent)
        .await;
    assert_eq!(e164s(&digits.body), vec![numbers[2].clone()]);

    // Casing: `/Account/`, and the lowercase `/account/` of the customer-facing docs.
    let lower = env
        .get(&format!("/api/v1/account/{}/numbers", parent.0), &parent)
        .await;
    assert_eq!(lower.status, 200, "{lower:?}");
    let wrong = env
        .get(&format!("/api/v1/ACCOUNT/{}/numbers", parent.0), &parent)
        .await;
    assert_eq!(wrong.status, 404, "{wrong:?}");
    env.sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn release_then_cancel_within_the_window_refunds_the_fee() {
    let env = start(16).await;
    let parent = env.parent();
    let e164 = env.inventory(1).remove(0);
    assert_eq!(env.buy(&parent, &e164).await.status, 200);

    // Route it to a trunk first: release detaches it.
    let trunk = env
        .post(
            &format!("/api/v1/Account/{}/trunks", parent.0),
            &parent,
            json!({"name": "Main"}),
        )
        .await;
    assert_eq!(trunk.status, 201);
    let trunk_id = trunk.body["trunk_id"].as_str().unwrap().to_owned();
    let route = format!("/api/v1/Account/{}/numbers/{}/assign", parent.0, enc(&e164));
    let routed = env
        .post(&route, &parent, json!({"trunk_group_id": trunk_id}))
        .await;
    assert_eq!(routed.status, 204, "{routed:?}");
    let twice = env
        .post(&route, &parent, json!({"trunk_group_id": trunk_id}))
        .await;
    assert_eq!(
        (twice.status, &twice.body),
        (
            400,
            &json!({"error": "invalid request", "message": "This number is already assigned to a trunk."})
        )
    );
    let unknown_trunk = env
        .post(&route, &parent, json!({"trunk_group_id": "nope"}))
        .await;
    assert_eq!(unknown_trunk.status, 404);
    assert_eq!(
        env.get(&owned_path(&parent.0), &parent).await.body["items"][0]["trunk_group_id"],
        trunk_id.as_str()
    );

    let before = env.balance(&parent.0);
    let released = env.delete(&release_path(&parent.0, &e164), &parent).await;
    assert_eq!(released.status, 200, "{released:?}");
    let body = &released.body;
    assert_eq!(
        body["cancel_url"],
        format!("/api/v1/account/{}/numbers/{e164}/cancel-release", parent.0).as_str(),
        "a raw + as the docs show"
    );
    assert_eq!(body["status"], "pending_release");
    assert_eq!(body["message"], "number release initiated");
    assert_eq!(body["release_fee"], json!(700));
    assert!(body["note"].is_string());
    let now: DateTime<Utc> = env.sandbox.store().read(|w| w.now());
    let ends = time(&body["cooldown_ends_at"]);
    assert!(
        (ends - (now + Duration::hours(24))).num_seconds().abs() <= 5,
        "{ends} vs {now}"
    );
    assert_eq!(env.balance(&parent.0), before - Decimal::from(700));
    let listed = env.get(&owned_path(&parent.0), &parent).await;
    assert_eq!(listed.body["items"][0]["status"], "pending_release");
    assert_eq!(
        listed.body["items"][0]["trunk_group_id"],
        Value::Null,
        "the trunk is detached"
    );
    assert_eq!(env.invariant().await["holds"], true);

    // Releasing again while pending is refused.
    assert_eq!(
        env.delete(&release_path(&parent.0, &e164), &parent)
            .await
            .status,
        400
    );
    // Bearer is not accepted on cancel-release.
    let bearer = Env::reply(
        env.http
            .post(env.url(&cancel_path(&parent.0, &e164)))
            .bearer_auth(&parent.1),
    )
    .await;
    assert_eq!(
        (bearer.status, &bearer.body),
        (
            401,
            &json!({"error": {"code": 401, "message": "Invalid token"}})
        )
    );

    // HTTP Basic works there, as documented.
    let cancelled = Env::reply(
        env.http
            .post(env.url(&cancel_path(&parent.0, &e164)))
            .basic_auth(&parent.0, Some(&parent.1)),
    )
    .await;
    assert_eq!(cancelled.status, 200, "{cancelled:?}");
    assert_eq!(
        cancelled.body["message"],
        "release cancelled, number restored to active status"
    );
    assert_eq!(cancelled.body["status"], "active");
    assert_eq!(cancelled.body["currency"], "INR");
    assert_eq!(dec(&cancelled.body["refund_amount"]), Decimal::from(700));
    assert_eq!(env.balance(&parent.0), before, "the fee is refunded");
    let listed = env.get(&owned_path(&parent.0), &parent).await;
    assert_eq!(
        (
            &listed.body["items"][0]["status"],
            &listed.body["items"][0]["trunk_group_id"]
        ),
        (&json!("active"), &Value::Null)
    );
    let again = env
        .post(&cancel_path(&parent.0, &e164), &parent, json!({}))
        .await;
    assert_eq!(
        (again.status, &again.body),
        (400, &json!({"error": "number is not pending release"}))
    );
    assert_eq!(env.invariant().await["holds"], true);

    // Unrouting a number with no trunk is harmless.
    assert_eq!(env.delete(&route, &parent).await.status, 204);
    env.sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn after_the_window_the_number_is_released_and_later_returns_to_inventory() {
    let env = start(17).await;
    let parent = env.parent();
    let e164 = env.inventory(1).remove(0);
    assert_eq!(env.buy(&parent, &e164).await.status, 200);
    assert_eq!(
        env.delete(&release_path(&parent.0, &e164), &parent)
            .await
            .status,
        200
    );
    env.advance(25 * 3600).await;

    let late = env
        .post(&cancel_path(&parent.0, &e164), &parent, json!({}))
        .await;
    assert_eq!(
        (late.status, &late.body),
        (400, &json!({"error": "number is not pending release"}))
    );
    assert_eq!(
        env.get(&owned_path(&parent.0), &parent).await.body["total"],
        0
    );
    let inventory = env
        .get(
            &format!("{}?search={}", inventory_path(&parent.0), enc(&e164)),
            &parent,
        )
        .await;
    assert_eq!(
        inventory.body["total"], 0,
        "quarantined, not yet back in the pool"
    );
    let status = env
        .sandbox
        .store()
        .read(|w| w.numbers[&e164].status.clone());
    assert_eq!(status, "released");

    env.advance(45 * 86_400).await;
    let inventory = env
        .get(
            &format!("{}?search={}", inventory_path(&parent.0), enc(&e164)),
            &parent,
        )
        .await;
    assert_eq!(
        inventory.body["total"], 1,
        "back in the pool after the quarantine"
    );
    assert_eq!(env.invariant().await["holds"], true);
    env.sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn release_and_cancel_errors() {
    let env = start(18).await;
    let parent = env.parent();
    let numbers = env.inventory(3);
    assert_eq!(env.buy(&parent, &numbers[0]).await.status, 200);

    // Not yours (here: still in inventory) → 403.
    let foreign = env
        .delete(&release_path(&parent.0, &numbers[1]), &parent)
        .await;
    assert_eq!(
        (foreign.status, &foreign.body),
        (
            403,
            &json!({"error": "forbidden", "message": "account does not own this number"})
        )
    );
    // The customer-facing docs release with a raw + in the path: it names the same number.
    let raw = env
        .delete(
            &format!("/api/v1/account/{}/numbers/{}", parent.0, numbers[1]),
            &parent,
        )
        .await;
    assert_eq!(raw.status, 403, "{raw:?}");
    // Double encoding is a different (unknown) number.
    let double = env
        .delete(
            &format!(
                "/api/v1/Account/{}/numbers/%252B{}",
                parent.0,
                &numbers[0][1..]
            ),
            &parent,
        )
        .await;
    assert_eq!(double.status, 403);

    // Cancel errors.
    let unknown = env
        .post(&cancel_path(&parent.0, "+911234567890"), &parent, json!({}))
        .await;
    assert_eq!(
        (unknown.status, &unknown.body),
        (404, &json!({"error": "number not found"}))
    );
    assert_eq!(
        env.delete(&release_path(&parent.0, &numbers[0]), &parent)
            .await
            .status,
        200
    );
    let customer = env.customer("other@example.com").await;
    let denied = env
        .post(&cancel_path(&customer.0, &numbers[0]), &customer, json!({}))
        .await;
    assert_eq!(
        (denied.status, &denied.body),
        (403, &json!({"error": "access denied"}))
    );
    let wrong_creds = env
        .post(&cancel_path(&parent.0, &numbers[0]), &customer, json!({}))
        .await;
    assert_eq!(
        (wrong_creds.status, &wrong_creds.body),
        (403, &json!({"error": "access denied"}))
    );

    // immediate=true: released at once, out of the list and the inventory, not cancellable.
    assert_eq!(env.buy(&parent, &numbers[2]).await.status, 200);
    let now = env
        .delete(
            &format!("{}?immediate=true", release_path(&parent.0, &numbers[2])),
            &parent,
        )
        .await;
    assert_eq!(now.status, 200, "{now:?}");
    assert_eq!(now.body["status"], "released");
    assert!(!e164s(&env.get(&owned_path(&parent.0), &parent).await.body).contains(&numbers[2]));
    assert_eq!(
        env.get(
            &format!("{}?search={}", inventory_path(&parent.0), enc(&numbers[2])),
            &parent
        )
        .await
        .body["total"],
        0
    );
    let too_late = env
        .post(&cancel_path(&parent.0, &numbers[2]), &parent, json!({}))
        .await;
    assert_eq!(too_late.status, 400);
    let bad_flag = env
        .delete(
            &format!("{}?immediate=maybe", release_path(&parent.0, &numbers[1])),
            &parent,
        )
        .await;
    assert_eq!(bad_flag.status, 400);

    // The fee never takes a wallet below zero.
    let poor = env.customer("fee@example.com").await;
    let cheap = env.inventory(1).remove(0);
    let price = env.price(&cheap);
    assert_eq!(
        env.transfer(&poor.0, (price + Decimal::from(200)).to_u64().unwrap())
            .await
            .status,
        200
    );
    assert_eq!(env.buy(&poor, &cheap).await.status, 200);
    let capped = env.delete(&release_path(&poor.0, &cheap), &poor).await;
    assert_eq!(capped.body["release_fee"], json!(200));
    assert_eq!(env.balance(&poor.0), Decimal::ZERO);
    let refunded = env
        .post(&cancel_path(&poor.0, &cheap), &poor, json!({}))
        .await;
    assert_eq!(dec(&refunded.body["refund_amount"]), Decimal::from(200));
    assert_eq!(env.balance(&poor.0), Decimal::from(200));
    assert_eq!(env.invariant().await["holds"], true);
    env.sandbox.stop().await;
}

/// Assigns `e164` from the parent's pool to `sub`.
async fn assign(env: &Env, parent: &Creds, e164: &str, sub: &str) -> Reply {
    env.post(
        &assign_path(&parent.0, e164),
        parent,
        json!({"sub_account_id": sub}),
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn unassign_waits_out_the_cool_off_after_a_call() {
    let env = start(19).await;
    let parent = env.parent();
    let sub = env.sub_account("cool@example.com", "personal_use").await;
    let numbers = env.inventory(2);
    for n in &numbers {
        assert_eq!(env.buy(&parent, n).await.status, 200);
    }
    let assigned = assign(&env, &parent, &numbers[0], &sub.0).await;
    assert_eq!(
        (assigned.status, assigned.text.as_str()),
        (200, ""),
        "200 with no body"
    );
    assert_eq!(
        e164s(&env.get(&owned_path(&sub.0), &sub).await.body),
        vec![numbers[0].clone()]
    );

    // A call on the DID starts the cool-off when it ends.
    let call = env.simulate_call(&numbers[0], "inbound", true, 60).await;
    let ended = time(&call["ends_at"]);
    env.advance(120).await;
    let blocked = env
        .delete(&assign_path(&parent.0, &numbers[0]), &parent)
        .await;
    assert_eq!(blocked.status, 409, "{blocked:?}");
    assert_eq!(blocked.body["error"], "did_cool_off_in_effect");
    let until = time(&blocked.body["cool_off_until"]);
    assert!(
        (until - (ended + Duration::days(15))).num_seconds().abs() <= 1,
        "{until} vs {ended} + 15 d"
    );
    let remaining = blocked.body["cool_off_remaining_seconds"].as_i64().unwrap();
    assert!(
        (15 * 86_400 - 200..15 * 86_400).contains(&remaining),
        "{remaining}"
    );
    let forced = env
        .delete(
            &format!("{}?force=true", assign_path(&parent.0, &numbers[0])),
            &parent,
        )
        .await;
    assert_eq!(
        (forced.status, &forced.body),
        (
            403,
            &json!({"error": "forbidden", "message": "force requires an admin account"})
        )
    );

    env.advance(15 * 86_400).await;
    let freed = env
        .delete(&assign_path(&parent.0, &numbers[0]), &parent)
        .await;
    assert_eq!((freed.status, freed.text.as_str()), (200, ""), "{freed:?}");
    assert_eq!(env.get(&owned_path(&sub.0), &sub).await.body["total"], 0);
    let owner = env
        .sandbox
        .store()
        .read(|w| w.numbers[&numbers[0]].owner.clone());
    assert_eq!(owner.as_deref(), Some(parent.0.as_str()));

    // A never-used DID moves back at once.
    assert_eq!(assign(&env, &parent, &numbers[1], &sub.0).await.status, 200);
    let at_once = env
        .delete(&assign_path(&parent.0, &numbers[1]), &parent)
        .await;
    assert_eq!(at_once.status, 200, "{at_once:?}");
    env.sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn assignment_errors_and_scopes() {
    let env = start(20).await;
    let parent = env.parent();
    let sub = env.sub_account("scope@example.com", "personal_use").await;
    let numbers = env.inventory(2);
    assert_eq!(env.buy(&parent, &numbers[0]).await.status, 200);
    let not_found = json!({"error": "not_found", "message": "number or sub-account not found"});

    // Not in the parent's pool (still in inventory) → 404.
    let inventory = assign(&env, &parent, &numbers[1], &sub.0).await;
    assert_eq!((inventory.status, &inventory.body), (404, &not_found));
    // Not one of the parent's sub-accounts → 404.
    let customer = env.customer("stranger@example.com").await;
    let stranger = assign(&env, &parent, &numbers[0], &customer.0).await;
    assert_eq!((stranger.status, &stranger.body), (404, &not_found));
    assert_eq!(
        assign(&env, &parent, &numbers[0], "SA_NOPE0000")
            .await
            .status,
        404
    );
    // sub_account_id is required.
    assert_eq!(
        env.post(&assign_path(&parent.0, &numbers[0]), &parent, json!({}))
            .await
            .status,
        400
    );
    // Only the parent's own credentials.
    let as_sub = env
        .post(
            &assign_path(&sub.0, &numbers[0]),
            &sub,
            json!({"sub_account_id": sub.0}),
        )
        .await;
    assert_eq!(as_sub.status, 403, "{as_sub:?}");
    let on_parent = env
        .post(
            &assign_path(&parent.0, &numbers[0]),
            &sub,
            json!({"sub_account_id": sub.0}),
        )
        .await;
    assert_eq!(on_parent.status, 403);
    // Unassigning a number no sub-account holds → 404.
    let unheld = env
        .delete(&assign_path(&parent.0, &numbers[0]), &parent)
        .await;
    assert_eq!((unheld.status, &unheld.body), (404, &not_found));
    // Encoding and casing.
    let raw = env
        .post(
            &format!(
                "/api/v1/account/{}/numbers/{}/assign-subaccount",
                parent.0, numbers[0]
            ),
            &parent,
            json!({"sub_account_id": sub.0}),
        )
        .await;
    assert_eq!(raw.status, 404);
    let capital = env
        .post(
            &format!(
                "/api/v1/Account/{}/numbers/{}/assign-subaccount",
                parent.0,
                enc(&numbers[0])
            ),
            &parent,
            json!({"sub_account_id": sub.0}),
        )
        .await;
    assert_eq!(
        capital.status, 404,
        "assign-subaccount lives under lowercase /account/"
    );
    assert_eq!(
        env.post(
            &format!(
                "/api/v1/Account/{}/numbers/{}/cancel-release",
                parent.0,
                enc(&numbers[0])
            ),
            &parent,
            json!({})
        )
        .await
        .status,
        404
    );
    // Finally, the happy path still works.
    assert_eq!(assign(&env, &parent, &numbers[0], &sub.0).await.status, 200);
    env.sandbox.stop().await;
}

/// splitmix64, for a reproducible random workload without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[derive(Debug)]
enum Op {
    Buy(usize, String),
    Transfer(usize, u64),
    Release(usize, String),
}

#[tokio::test(flavor = "multi_thread")]
async fn money_is_conserved_under_concurrent_purchases_and_transfers() {
    let env = start(21).await;
    // A bigger inventory, and more partner money (issued, so the invariant still balances).
    let extra: Vec<String> = env.sandbox.store().write(|w| {
        let template = w.numbers.values().next().unwrap().clone();
        let mut added = Vec::new();
        for i in 0..1500u64 {
            let mut n = template.clone();
            n.e164 = format!("+91700{:07}", i);
            n.id = format!("extra-{i}");
            n.monthly_fee = Decimal::from(50 + (i * 37) % 400);
            w.numbers.insert(n.e164.clone(), n);
            added.push(format!("+91700{:07}", i));
        }
        let partner = w.partners.values_mut().next().unwrap();
        partner.balance += Decimal::from(400_000);
        w.money_issued += Decimal::from(400_000);
        added
    });
    let mut accounts: Vec<Creds> = vec![env.parent()];
    let mut customers = Vec::new();
    for i in 0..6 {
        let c = env.customer(&format!("load{i}@example.com")).await;
        customers.push(c.0.clone());
        accounts.push(c);
    }
    for i in 0..2 {
        accounts.push(
            env.sub_account(&format!("loadsub{i}@example.com"), "personal_use")
                .await,
        );
    }
    assert_eq!(env.invariant().await["holds"], true);

    let mut rng = Rng(0x5eed);
    let ops: Vec<Op> = (0..2000)
        .map(|_| match rng.below(100) {
            0..=59 => Op::Buy(
                rng.below(accounts.len() as u64) as usize,
                extra[rng.below(extra.len() as u64) as usize].clone(),
            ),
            60..=94 => Op::Transfer(
                rng.below(customers.len() as u64) as usize,
                50 + rng.below(1500),
            ),
            _ => Op::Release(
                rng.below(accounts.len() as u64) as usize,
                extra[rng.below(extra.len() as u64) as usize].clone(),
            ),
        })
        .collect();
    let results: Vec<(&'static str, u16)> = futures::stream::iter(ops)
        .map(|op| {
            let env = &env;
            let accounts = &accounts;
            let customers = &customers;
            async move {
                match op {
                    Op::Buy(a, e164) => ("buy", env.buy(&accounts[a], &e164).await.status),
                    Op::Transfer(c, amount) => {
                        ("transfer", env.transfer(&customers[c], amount).await.status)
                    }
                    Op::Release(a, e164) => (
                        "release",
                        env.delete(&release_path(&accounts[a].0, &e164), &accounts[a])
                            .await
                            .status,
                    ),
                }
            }
        })
        .buffer_unordered(32)
        .collect()
        .await;
    let count = |kind: &str, status: u16| {
        results
            .iter()
            .filter(|(k, s)| *k == kind && *s == status)
            .count()
    };
    let bought = count("buy", 200);
    assert!(bought > 100, "purchases succeed: {bought}");
    assert!(
        count("buy", 500) > 0,
        "some purchases fail for lack of funds"
    );
    assert!(count("buy", 404) > 0, "some lose the race for a number");
    assert!(count("transfer", 200) > 100);
    for (kind, status) in &results {
        assert!(
            matches!(status, 200 | 400 | 403 | 404 | 500),
            "{kind} answered {status}"
        );
    }

    let invariant = env.invariant().await;
    assert_eq!(invariant["holds"], true, "{invariant}");
    let (balances, fees, issued, negative, purchased) = env.sandbox.store().read(|w| {
        (
            w.total_balances(),
            w.fees_collected,
            w.money_issued,
            w.accounts.values().any(|a| a.balance < Decimal::ZERO)
                || w.partners.values().any(|p| p.balance < Decimal::ZERO),
            w.numbers
                .values()
                .filter(|n| n.source.as_deref() == Some("inventory"))
                .count(),
        )
    });
    assert_eq!(balances + fees, issued);
    assert!(!negative, "no wallet goes below zero");
    assert_eq!(
        purchased, bought,
        "every successful purchase owns exactly one number"
    );
    env.sandbox.stop().await;
}

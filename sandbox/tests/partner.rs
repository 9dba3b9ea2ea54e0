//! Partner routes over HTTP: profile, dashboard, customers, balances, transfers, ledgers,
//! CDRs and numbers, with every documented error.

mod support;

use reqwest::Method;
use serde_json::json;
use support::*;

#[tokio::test(flavor = "multi_thread")]
async fn profile_and_dashboard_have_the_documented_shapes() {
    let h = start(1).await;
    let me = h.get("/api/v1/partner/me", &h.partner()).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["auth_id"], h.partner().0.as_str());
    assert_eq!(
        me.body["balance"], "50000.00000",
        "balance is a 5-decimal string"
    );
    assert_eq!(me.body["max_accounts"], 25);
    assert_eq!(me.body["account_count"], 0);

    h.customer("dash@example.com").await;
    let dash = h.get("/api/v1/partner/dashboard", &h.partner()).await;
    assert_eq!(dash.status, 200);
    assert!(
        dash.body["partner"]["balance"].is_null(),
        "the dashboard nulls the partner balance"
    );
    assert_eq!(dash.body["accounts"]["total"], 1);
    assert_eq!(dash.body["total_balance"], "0.00000");
    assert_eq!(dash.body["calls"]["total_cost"], "0.00");
    assert_eq!(dash.body["time_series"].as_array().unwrap().len(), 31);

    let a = h
        .get(
            "/api/v1/partner/analytics?from_date=2026-01-01&to_date=2026-01-03",
            &h.partner(),
        )
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(
        a.body["period"],
        json!({"from": "2026-01-01", "to": "2026-01-03"})
    );
    let bad = h
        .get(
            "/api/v1/partner/analytics?from_date=yesterday",
            &h.partner(),
        )
        .await;
    assert_eq!(bad.status, 422);
}

#[tokio::test(flavor = "multi_thread")]
async fn credentials_are_checked_on_every_route() {
    let h = start(2).await;
    let none = h.send(Method::GET, "/api/v1/partner/me", None, None).await;
    assert_eq!(none.status, 401);
    let wrong = h
        .get(
            "/api/v1/partner/me",
            &(h.partner().0, "not-the-token".into()),
        )
        .await;
    assert_eq!(wrong.status, 401);
    let customer = h.customer("scope@example.com").await;
    let as_customer = h.get("/api/v1/partner/me", &customer).await;
    assert_eq!(
        as_customer.status, 403,
        "customer credentials on a partner route"
    );
    let old_base = h.get("/partner/v1/me", &h.partner()).await;
    assert_eq!(old_base.status, 404, "/partner/v1 is not a route");
}

#[tokio::test(flavor = "multi_thread")]
async fn customer_create_enforces_every_rule() {
    let h = start(3).await;
    let p = h.partner();
    let body = |email: &str| json!({"name": "John Doe", "email": email, "phone": "+919876543210", "password": "SecurePass123!", "company": "Acme Corp", "country": "IN"});
    let created = h
        .post("/api/v1/partner/accounts", &p, body("john@example.com"))
        .await;
    assert_eq!(created.status, 201);
    assert!(created.body["auth_id"].as_str().unwrap().starts_with("MA_"));
    assert_eq!(
        created.body["auth_token"].as_str().unwrap().len(),
        40,
        "the token is shown once, in clear"
    );
    assert_eq!(created.body["balance"], 0.0);
    assert_eq!(created.body["currency"], "INR");
    assert_eq!(created.body["status"], "active");

    let dup = h
        .post("/api/v1/partner/accounts", &p, body("JOHN@example.com"))
        .await;
    assert_eq!(
        dup.status, 422,
        "email unique platform-wide, case-insensitively"
    );
    let taken_by_partner = h
        .post(
            "/api/v1/partner/accounts",
            &p,
            body("partner@sandbox.vobiz.test"),
        )
        .await;
    assert_eq!(taken_by_partner.status, 422);

    for (field, value) in [
        ("password", json!("weakpass")),
        ("phone", json!("9876543210")),
        ("country", json!("XX")),
        ("email", json!("not-an-email")),
    ] {
        let mut b = body("rules@example.com");
        b[field] = value;
        let a = h.post("/api/v1/partner/accounts", &p, b).await;
        assert_eq!(a.status, 422, "{field}: {a:?}");
    }
    let mut missing = body("missing@example.com");
    missing.as_object_mut().unwrap().remove("country");
    assert_eq!(
        h.post("/api/v1/partner/accounts", &p, missing).await.status,
        422
    );
    let usd = h.post("/api/v1/partner/accounts", &p, json!({"name": "US", "email": "us@example.com", "password": "SecurePass123!", "country": "US"})).await;
    assert_eq!(usd.status, 201, "phone is optional");
    assert_eq!(
        usd.body["currency"], "USD",
        "currency derives from the country"
    );

    // max_accounts: fill up to 25.
    for i in 2..25 {
        assert_eq!(
            h.post(
                "/api/v1/partner/accounts",
                &p,
                body(&format!("c{i}@example.com"))
            )
            .await
            .status,
            201
        );
    }
    let over = h
        .post("/api/v1/partner/accounts", &p, body("c25@example.com"))
        .await;
    assert_eq!(over.status, 403);
    assert_eq!(
        h.get("/api/v1/partner/me", &p).await.body["account_count"],
        25
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn customers_list_pages_with_per_page_in_and_size_out() {
    let h = start(4).await;
    for i in 0..7 {
        h.customer(&format!("list{i}@example.com")).await;
    }
    let page = h
        .get("/api/v1/partner/accounts?page=2&per_page=3", &h.partner())
        .await;
    assert_eq!(page.status, 200);
    assert_eq!(page.body["size"], 3);
    assert_eq!(page.body["page"], 2);
    assert_eq!(page.body["total"], 7);
    assert!(page.body.get("per_page").is_none());
    let items = page.body["accounts"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["auth_token"], "<redacted>");
    assert_eq!(items[0]["cash_credits"], "0.00000");
    let search = h
        .get("/api/v1/partner/accounts?search=LIST3", &h.partner())
        .await;
    assert_eq!(search.body["total"], 1);
    let clamped = h
        .get("/api/v1/partner/accounts?per_page=500", &h.partner())
        .await;
    assert_eq!(clamped.body["size"], 100);
}

#[tokio::test(flavor = "multi_thread")]
async fn another_partners_customer_is_not_found() {
    let h = start(5).await;
    let customer = h.customer("mine@example.com").await;
    let got = h
        .get(
            &format!("/api/v1/partner/accounts/{}", customer.0),
            &h.partner(),
        )
        .await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body["kyc_status"], "pending");
    let balance = h
        .get(
            &format!("/api/v1/partner/accounts/{}/balance", customer.0),
            &h.partner(),
        )
        .await;
    assert_eq!(balance.body["cash_credits"], "0.00000");
    let parent = h.parent().0;
    for path in [
        format!("/api/v1/partner/accounts/{parent}"),
        format!("/api/v1/partner/accounts/{parent}/balance"),
        "/api/v1/partner/accounts/MA_NOPE0000".to_owned(),
    ] {
        assert_eq!(h.get(&path, &h.partner()).await.status, 404, "{path}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn transfers_are_atomic_exact_and_ledgered() {
    let h = start(6).await;
    let c = h.customer("money@example.com").await;
    let path = format!("/api/v1/partner/accounts/{}/transfer-balance", c.0);
    let t = h
        .post(
            &path,
            &h.partner(),
            json!({"amount": 500.10, "currency": "INR", "description": "April recharge"}),
        )
        .await;
    assert_eq!(t.status, 200, "{t:?}");
    assert!(
        t.body["transaction_id"]
            .as_str()
            .unwrap()
            .starts_with("txn_")
    );
    assert_eq!(t.body["status"], "completed");
    assert_eq!(t.body["partner_balance_after"], 49499.9);
    assert_eq!(t.body["customer_balance_after"], 500.1);
    assert_eq!(
        h.get("/api/v1/partner/me", &h.partner()).await.body["balance"],
        "49499.90000"
    );

    let insufficient = h
        .post(
            &path,
            &h.partner(),
            json!({"amount": 100000, "currency": "INR"}),
        )
        .await;
    assert_eq!(insufficient.status, 400);
    assert_eq!(insufficient.body["error"], "insufficient_balance");
    assert_eq!(insufficient.body["current_balance"], 49499.9);
    assert_eq!(insufficient.body["requested_amount"], 100000.0);
    for body in [
        json!({"amount": 0, "currency": "INR"}),
        json!({"amount": -5, "currency": "INR"}),
        json!({"amount": 5, "currency": "USD"}),
        json!({"currency": "INR"}),
    ] {
        assert_eq!(
            h.post(&path, &h.partner(), body.clone()).await.status,
            400,
            "{body}"
        );
    }
    assert_eq!(
        h.post(
            "/api/v1/partner/accounts/MA_NOPE0000/transfer-balance",
            &h.partner(),
            json!({"amount": 1, "currency": "INR"})
        )
        .await
        .status,
        404
    );

    let ledger = h
        .get(
            &format!("/api/v1/partner/accounts/{}/transactions", c.0),
            &h.partner(),
        )
        .await;
    assert_eq!(ledger.status, 200);
    assert_eq!(ledger.body["total"], 1, "failed transfers leave no trace");
    let row = &ledger.body["transactions"][0];
    assert_eq!(row["type"], "credit");
    assert_eq!(row["account_id"], c.0.as_str());
    assert!(row["reference"].as_str().unwrap().starts_with("ptc:"));
    assert!(
        row["description"]
            .as_str()
            .unwrap()
            .starts_with("Transfer from partner")
    );
    assert_eq!(ledger.body["summary"]["total_credit"], 500.1);
    let invariant = h.control(Method::GET, "/__sandbox/invariant", None).await;
    assert_eq!(invariant.body["holds"], true);
}

#[tokio::test(flavor = "multi_thread")]
async fn ledgers_filter_and_refuse_oversized_pages() {
    let h = start(7).await;
    let c = h.customer("ledger@example.com").await;
    for amount in [1, 2, 3] {
        h.post(
            &format!("/api/v1/partner/accounts/{}/transfer-balance", c.0),
            &h.partner(),
            json!({"amount": amount, "currency": "INR"}),
        )
        .await;
    }
    let base = format!("/api/v1/partner/accounts/{}/transactions", c.0);
    let page = h
        .get(&format!("{base}?per_page=2&page=2"), &h.partner())
        .await;
    assert_eq!(
        (
            page.body["total"].as_u64(),
            page.body["total_pages"].as_u64()
        ),
        (Some(3), Some(2))
    );
    assert_eq!(page.body["transactions"].as_array().unwrap().len(), 1);
    assert_eq!(
        h.get(&format!("{base}?per_page=201"), &h.partner())
            .await
            .status,
        422
    );
    assert_eq!(
        h.get(&format!("{base}?transaction_type=recharge"), &h.partner())
            .await
            .body["total"],
        0
    );
    assert_eq!(
        h.get(&format!("{base}?transaction_type=transfer"), &h.partner())
            .await
            .body["total"],
        3
    );
    assert_eq!(
        h.get(&format!("{base}?transaction_type=bogus"), &h.partner())
            .await
            .status,
        422
    );
    assert_eq!(
        h.get(&format!("{base}?from_date=2999-01-01"), &h.partner())
            .await
            .body["total"],
        0
    );
    let global = h
        .get(
            &format!("/api/v1/partner/transactions?account={}", c.0),
            &h.partner(),
        )
        .await;
    assert_eq!(global.body["total"], 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn cdrs_and_numbers_are_empty_lists_not_errors() {
    let h = start(8).await;
    let c = h.customer("empty@example.com").await;
    let cdrs = h
        .get(
            &format!(
                "/api/v1/partner/accounts/{}/cdrs?status=answered&call_direction=inbound",
                c.0
            ),
            &h.partner(),
        )
        .await;
    assert_eq!(cdrs.status, 200);
    assert_eq!(cdrs.body["data"], json!([]));
    assert_eq!(cdrs.body["pagination"]["total"], 0);
    assert_eq!(cdrs.body["summary"]["totalCalls"], 0);
    assert_eq!(
        h.get(
            &format!("/api/v1/partner/accounts/{}/cdrs?status=nope", c.0),
            &h.partner()
        )
        .await
        .status,
        422
    );
    assert_eq!(
        h.get(
            &format!(
                "/api/v1/partner/accounts/{}/cdrs/00000000-0000-4000-8000-000000000000",
                c.0
            ),
            &h.partner()
        )
        .await
        .status,
        404
    );
    assert_eq!(
        h.get("/api/v1/partner/cdrs", &h.partner()).await.status,
        200
    );
    let numbers = h
        .get(
            &format!("/api/v1/partner/accounts/{}/numbers", c.0),
            &h.partner(),
        )
        .await;
    assert_eq!(
        numbers.body,
        json!({"items": [], "page": 1, "per_page": 20, "total": 0, "account_auth_id": c.0})
    );
    assert_eq!(
        h.get("/api/v1/partner/numbers", &h.partner()).await.body["total"],
        0
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn login_trades_the_console_password_for_a_bearer_token() {
    let h = start(40).await;
    let seeded = h.sandbox.seeded().clone();
    assert_eq!(seeded.partner_email, "partner@sandbox.vobiz.test");
    assert!(seeded.partner_password.len() >= 8);
    assert_eq!(
        start(40).await.sandbox.seeded().partner_password,
        seeded.partner_password,
        "the password is derived from the seed"
    );
    assert_ne!(
        start(41).await.sandbox.seeded().partner_password,
        seeded.partner_password
    );
    // No X-Auth headers: login is how a console session starts.
    let good = h
        .send(
            Method::POST,
            "/api/v1/partner/login",
            None,
            Some(
                json!({"email": "Partner@Sandbox.vobiz.test", "password": seeded.partner_password}),
            ),
        )
        .await;
    assert_eq!(good.status, 200, "{good:?}");
    let tokens = &good.body["tokens"];
    assert!(!tokens["access_token"].as_str().unwrap().is_empty());
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 3600);
    for body in [
        json!({"email": "partner@sandbox.vobiz.test", "password": "Wrong!pass1"}),
        json!({"email": "nobody@sandbox.vobiz.test", "password": seeded.partner_password}),
    ] {
        let bad = h
            .send(Method::POST, "/api/v1/partner/login", None, Some(body))
            .await;
        assert_eq!(bad.status, 401, "{bad:?}");
        assert_eq!(bad.body["error"], "invalid_credentials");
        assert!(bad.body["message"].is_string());
    }
    let missing = h
        .send(
            Method::POST,
            "/api/v1/partner/login",
            None,
            Some(json!({"email": "partner@sandbox.vobiz.test"})),
        )
        .await;
    assert_eq!(missing.status, 422);
}

#[tokio::test(flavor = "multi_thread")]
async fn capacity_moves_between_the_partner_pool_and_a_customer() {
    let h = start(42).await;
    let p = h.partner();
    let customer = h.customer("cap@example.com").await.0;
    let base = format!("/api/v1/partner/accounts/{customer}/concurrency");

    let before = h.get(&base, &p).await;
    assert_eq!(before.status, 200, "{before:?}");
    assert_eq!(before.body["partner_auth_id"], p.0.as_str());
    assert_eq!(before.body["customer_auth_id"], customer.as_str());
    assert_eq!(before.body["partner_concurrent_calls_limit"], 100);
    assert_eq!(before.body["partner_cps_limit"], 20);
    assert_eq!(before.body["net_concurrent_calls_allocated"], 0);
    let customer_calls = before.body["customer_concurrent_calls_limit"]
        .as_u64()
        .unwrap();
    let customer_cps = before.body["customer_cps_limit"].as_u64().unwrap();

    // `resource` defaults to concurrent_calls.
    let moved = h
        .post(
            &format!("{base}/transfer"),
            &p,
            json!({"slots": 30, "description": "launch"}),
        )
        .await;
    assert_eq!(moved.status, 200, "{moved:?}");
    assert_eq!(moved.body["success"], true);
    assert_eq!(moved.body["slots"], 30);
    assert_eq!(moved.body["resource"], "concurrent_calls");
    assert_eq!(moved.body["from_account"], p.0.as_str());
    assert_eq!(moved.body["to_account"], customer.as_str());
    assert_eq!(moved.body["partner_remaining"], 70);
    assert_eq!(moved.body["customer_effective"], customer_calls + 30);
    assert!(moved.body["transfer_reference"].as_str().unwrap().len() > 4);
    assert!(moved.body["message"].is_string());

    let cps = h
        .post(
            &format!("{base}/transfer"),
            &p,
            json!({"resource": "cps", "slots": 5}),
        )
        .await;
    assert_eq!(cps.status, 200, "{cps:?}");
    assert_eq!(cps.body["partner_remaining"], 15);
    assert_eq!(cps.body["customer_effective"], customer_cps + 5);

    let back = h
        .post(&format!("{base}/reclaim"), &p, json!({"slots": 10}))
        .await;
    assert_eq!(back.status, 200, "{back:?}");
    assert_eq!(back.body["from_account"], customer.as_str());
    assert_eq!(back.body["to_account"], p.0.as_str());
    assert_eq!(back.body["partner_remaining"], 80);

    let now = h.get(&base, &p).await.body;
    assert_eq!(now["partner_concurrent_calls_limit"], 80);
    assert_eq!(now["net_concurrent_calls_allocated"], 20);
    assert_eq!(now["customer_concurrent_calls_limit"], customer_calls + 20);
    assert_eq!(now["partner_cps_limit"], 15);
    assert_eq!(now["net_cps_allocated"], 5);
    assert_eq!(now["customer_cps_limit"], customer_cps + 5);

    // Beyond the pool, beyond the allocation: 400 insufficient_capacity, nothing moves.
    let too_much = h
        .post(&format!("{base}/transfer"), &p, json!({"slots": 81}))
        .await;
    assert_eq!(too_much.status, 400, "{too_much:?}");
    assert_eq!(too_much.body["error"], "insufficient_capacity");
    let over_reclaim = h
        .post(
            &format!("{base}/reclaim"),
            &p,
            json!({"resource": "cps", "slots": 6}),
        )
        .await;
    assert_eq!(over_reclaim.status, 400, "{over_reclaim:?}");
    assert_eq!(over_reclaim.body["error"], "insufficient_capacity");
    assert_eq!(h.get(&base, &p).await.body, now);

    // Body rules: 422.
    for body in [
        json!({"slots": 0}),
        json!({"slots": 10_001}),
        json!({"slots": "3"}),
        json!({"resource": "minutes", "slots": 1}),
        json!({"slots": 1, "description": "x".repeat(501)}),
    ] {
        let r = h.post(&format!("{base}/transfer"), &p, body.clone()).await;
        assert_eq!(r.status, 422, "{body} {r:?}");
    }
    let ok_500 = h
        .post(
            &format!("{base}/transfer"),
            &p,
            json!({"slots": 1, "description": "x".repeat(500)}),
        )
        .await;
    assert_eq!(ok_500.status, 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn capacity_is_only_for_own_customers_and_partner_credentials() {
    let h = start(43).await;
    let p = h.partner();
    let customer = h.customer("capown@example.com").await;
    let parent = h.parent().0;
    for path in [
        format!("/api/v1/partner/accounts/{parent}/concurrency"),
        "/api/v1/partner/accounts/MA_NOPE0000/concurrency".to_owned(),
    ] {
        assert_eq!(h.get(&path, &p).await.status, 404, "{path}");
        let r = h
            .post(&format!("{path}/transfer"), &p, json!({"slots": 1}))
            .await;
        assert_eq!(r.status, 404, "{path}");
        let r = h
            .post(&format!("{path}/reclaim"), &p, json!({"slots": 1}))
            .await;
        assert_eq!(r.status, 404, "{path}");
    }
    let path = format!("/api/v1/partner/accounts/{}/concurrency", customer.0);
    assert_eq!(h.get(&path, &customer).await.status, 403);
    assert_eq!(h.send(Method::GET, &path, None, None).await.status, 401);
    assert_eq!(
        h.get("/api/v1/partner/concurrency/transfers", &customer)
            .await
            .status,
        403
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn capacity_history_pages_newest_first() {
    let h = start(44).await;
    let p = h.partner();
    let customer = h.customer("caphist@example.com").await.0;
    let base = format!("/api/v1/partner/accounts/{customer}/concurrency");
    for slots in 1..=5 {
        let r = h
            .post(&format!("{base}/transfer"), &p, json!({"slots": slots}))
            .await;
        assert_eq!(r.status, 200);
        h.advance(1).await;
    }
    let r = h
        .post(&format!("{base}/reclaim"), &p, json!({"slots": 2}))
        .await;
    assert_eq!(r.status, 200);

    let all = h.get("/api/v1/partner/concurrency/transfers", &p).await;
    assert_eq!(all.status, 200, "{all:?}");
    assert_eq!(
        all.body["meta"],
        json!({"limit": 50, "offset": 0, "total": 6})
    );
    let objects = all.body["objects"].as_array().unwrap();
    assert_eq!(objects.len(), 6);
    assert_eq!(objects[0]["type"], "reclaim");
    assert_eq!(objects[0]["from_account"], customer.as_str());
    assert_eq!(objects[1]["slots"], 5);
    assert_eq!(objects[5]["slots"], 1);
    assert_eq!(objects[5]["customer_auth_id"], customer.as_str());

    let page = h
        .get("/api/v1/partner/concurrency/transfers?limit=2&offset=4", &p)
        .await;
    assert_eq!(
        page.body["meta"],
        json!({"limit": 2, "offset": 4, "total": 6})
    );
    let slots: Vec<_> = page.body["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["slots"].as_u64().unwrap())
        .collect();
    assert_eq!(slots, [2, 1]);
    for bad in ["limit=0", "limit=201", "offset=-1", "limit=abc"] {
        let r = h
            .get(&format!("/api/v1/partner/concurrency/transfers?{bad}"), &p)
            .await;
        assert_eq!(r.status, 422, "{bad}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn state_saved_before_login_and_capacity_still_loads() {
    let h = start(45).await;
    let mut state = h.sandbox.store().snapshot();
    state.as_object_mut().unwrap().remove("capacity_transfers");
    for partner in state["partners"].as_object_mut().unwrap().values_mut() {
        let partner = partner.as_object_mut().unwrap();
        for key in ["password", "concurrent_calls_pool", "cps_pool"] {
            assert!(partner.remove(key).is_some(), "{key}");
        }
    }
    let world: vobiz_sandbox::world::World = serde_json::from_value(state).unwrap();
    let partner = world.partners.values().next().unwrap();
    assert_eq!(partner.password, "", "no password: login is refused");
    assert_eq!((partner.concurrent_calls_pool, partner.cps_pool), (100, 20));
    assert!(world.capacity_transfers.is_empty());
}

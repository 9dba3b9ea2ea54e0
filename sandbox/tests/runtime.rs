//! Account routes over HTTP: trunks CRUD with both documented field sets, placing calls (and
//! every documented rejection), CDRs after the clock passes a call's end, and the recordings
//! envelope.

mod support;

use chrono::Duration;
use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use support::{Creds, Env, Reply, dec, start};

fn trunks_path(id: &str) -> String {
    format!("/api/v1/Account/{id}/trunks")
}

fn call_path(id: &str) -> String {
    format!("/api/v1/Account/{id}/Call/")
}

fn cdr_path(id: &str) -> String {
    format!("/api/v1/Account/{id}/cdr")
}

const TRUNK_KEYS: [&str; 18] = [
    "trunk_id",
    "account_id",
    "name",
    "trunk_domain",
    "trunk_status",
    "secure",
    "trunk_direction",
    "concurrent_calls_limit",
    "cps_limit",
    "description",
    "transport",
    "recording",
    "enable_transcription",
    "pii_redaction",
    "webhook_method",
    "recording_webhook_enabled",
    "created_at",
    "updated_at",
];

#[tokio::test(flavor = "multi_thread")]
async fn trunk_crud_accepts_both_field_sets() {
    let env = start(31).await;
    let parent = env.parent();
    let path = trunks_path(&parent.0);

    // The API reference's field set, defaults filled in.
    let oas = env
        .post(&path, &parent, json!({"name": "Outbound EU", "trunk_direction": "outbound", "trunk_status": "enabled", "transport": "tls", "webhook_url": "https://hooks.example.com/trunk"}))
        .await;
    assert_eq!(oas.status, 201, "{oas:?}");
    for key in TRUNK_KEYS {
        assert!(
            oas.body.get(key).is_some(),
            "trunk lacks {key}: {}",
            oas.body
        );
    }
    let id = oas.body["trunk_id"].as_str().unwrap().to_owned();
    assert_eq!(
        oas.body["trunk_domain"],
        format!("{id}.sip.vobiz.ai").as_str()
    );
    assert_eq!(oas.body["account_id"], parent.0.as_str());
    assert_eq!(
        (
            oas.body["cps_limit"].as_u64(),
            oas.body["concurrent_calls_limit"].as_u64()
        ),
        (Some(2), Some(10))
    );
    assert_eq!(
        (
            &oas.body["secure"],
            &oas.body["transport"],
            &oas.body["trunk_direction"]
        ),
        (&json!(false), &json!("tls"), &json!("outbound"))
    );
    assert_eq!(oas.body["webhook_url"], "https://hooks.example.com/trunk");

    // The prose pages' field set, mapped onto the reference's names.
    let prose = env
        .post(
            &path,
            &parent,
            json!({"name": "Inbound", "trunk_type": "INBOUND", "max_concurrent_calls": 5}),
        )
        .await;
    assert_eq!(prose.status, 201, "{prose:?}");
    assert_eq!(
        (
            &prose.body["trunk_direction"],
            &prose.body["concurrent_calls_limit"],
            &prose.body["trunk_status"],
            &prose.body["transport"]
        ),
        (
            &json!("inbound"),
            &json!(5),
            &json!("enabled"),
            &json!("udp")
        )
    );

    // Validation: 400 {error, message}.
    for bad in [
        json!({}),
        json!({"name": ""}),
        json!({"name": "x".repeat(256)}),
        json!({"name": "T", "trunk_status": "active"}),
        json!({"name": "T", "trunk_direction": "sideways"}),
        json!({"name": "T", "cps_limit": 101}),
        json!({"name": "T", "concurrent_calls_limit": -1}),
        json!({"name": "T", "transport": "sctp"}),
        json!({"name": "T", "secure": "yes"}),
        json!({"name": "T", "webhook_url": "http://localhost:9000/hook"}),
        json!({"name": "T", "webhook_url": "http://169.254.169.254/latest"}),
        json!({"name": "T", "webhook_url": "http://10.0.0.5/hook"}),
    ] {
        let r = env.post(&path, &parent, bad.clone()).await;
        assert_eq!(r.status, 400, "{bad} → {r:?}");
        assert!(
            r.body["error"].is_string() && r.body["message"].is_string(),
            "{r:?}"
        );
    }

    // List: limit/offset with meta.
    let page = env.get(&format!("{path}?limit=1"), &parent).await;
    assert_eq!(page.status, 200);
    assert_eq!(
        page.body["meta"],
        json!({"limit": 1, "offset": 0, "total": 2})
    );
    assert_eq!(page.body["objects"].as_array().unwrap().len(), 1);
    let rest = env.get(&format!("{path}?limit=1&offset=1"), &parent).await;
    assert_eq!(rest.body["objects"].as_array().unwrap().len(), 1);
    assert_ne!(
        rest.body["objects"][0]["trunk_id"],
        page.body["objects"][0]["trunk_id"]
    );
    let all = env.get(&format!("{path}?limit=500"), &parent).await;
    assert_eq!(
        (
            all.body["meta"]["limit"].as_u64(),
            all.body["objects"].as_array().unwrap().len()
        ),
        (Some(100), 2)
    );

    // Get, patch, delete.
    let one = format!("{path}/{id}");
    assert_eq!(env.get(&one, &parent).await.body, oas.body);
    let patched = env
        .put(
            &one,
            &parent,
            json!({"cps_limit": 7, "enabled": false, "trunk_id": "ignored"}),
        )
        .await;
    assert_eq!(patched.status, 200, "{patched:?}");
    assert_eq!(
        (
            &patched.body["cps_limit"],
            &patched.body["trunk_status"],
            &patched.body["name"],
            &patched.body["trunk_id"]
        ),
        (
            &json!(7),
            &json!("disabled"),
            &json!("Outbound EU"),
            &json!(id)
        )
    );
    let replaced = env
        .put(
            &one,
            &parent,
            json!({"name": "Renamed", "max_concurrent_calls": 20, "enabled": true}),
        )
        .await;
    assert_eq!(
        (
            &replaced.body["name"],
            &replaced.body["concurrent_calls_limit"],
            &replaced.body["trunk_status"]
        ),
        (&json!("Renamed"), &json!(20), &json!("enabled"))
    );
    assert_eq!(
        env.put(&one, &parent, json!({"cps_limit": 1000}))
            .await
            .status,
        400
    );

    // Someone else's trunk is 404, like a missing one.
    let customer = env.customer("trunks@example.com").await;
    let theirs = env
        .get(&format!("{}/{id}", trunks_path(&customer.0)), &customer)
        .await;
    assert_eq!(
        (theirs.status, &theirs.body),
        (
            404,
            &json!({"error": "not_found", "message": "trunk not found"})
        )
    );
    assert_eq!(
        env.get(&trunks_path(&customer.0), &customer).await.body["meta"]["total"],
        0
    );
    assert_eq!(
        env.get(&path, &customer).await.status,
        403,
        "credentials must match the path"
    );

    let deleted = env.delete(&one, &parent).await;
    assert_eq!((deleted.status, deleted.text.as_str()), (204, ""));
    assert_eq!(env.get(&one, &parent).await.status, 404);
    assert_eq!(env.delete(&one, &parent).await.status, 404);
    assert_eq!(
        env.put(&one, &parent, json!({"name": "x"})).await.status,
        404
    );
    assert_eq!(
        env.get(&format!("/api/v1/account/{}/trunks", parent.0), &parent)
            .await
            .status,
        200,
        "the lowercase path of the user's Customer API docs"
    );
    assert_eq!(
        env.get(&format!("/api/v1/Account/{}/Trunks", parent.0), &parent)
            .await
            .status,
        404,
        "casing"
    );
    env.sandbox.stop().await;
}

/// Places a call from `from` to `to`; returns the answer.
async fn place(env: &Env, creds: &Creds, from: &str, to: &str) -> Reply {
    env.post(&call_path(&creds.0), creds, json!({"from": from, "to": to, "answer_url": "https://example.com/answer.xml", "answer_method": "POST"})).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_call_becomes_a_charged_cdr_once_the_clock_passes_its_end() {
    let env = start(32).await;
    let parent = env.parent();
    let did = env.inventory(1).remove(0);
    assert_eq!(env.buy(&parent, &did).await.status, 200);
    let before = env.balance(&parent.0);

    let fired = place(&env, &parent, &did, "+919999911111").await;
    assert_eq!(fired.status, 200, "{fired:?}");
    assert_eq!(fired.body["message"], "Call fired");
    assert!(fired.body["api_id"].is_string());
    let uuid = fired.body["request_uuid"].as_str().unwrap().to_owned();

    // No CDR while the call runs: an empty list, not an error.
    let empty = env.get(&cdr_path(&parent.0), &parent).await;
    assert_eq!(empty.status, 200, "{empty:?}");
    assert_eq!(
        (
            &empty.body["count"],
            &empty.body["success"],
            &empty.body["pagination"]["total"]
        ),
        (&json!(0), &json!(true), &json!(0))
    );
    assert_eq!(
        env.get(&format!("{}/{uuid}", cdr_path(&parent.0)), &parent)
            .await
            .status,
        404
    );

    env.advance(70).await;
    let list = env.get(&cdr_path(&parent.0), &parent).await;
    assert_eq!(list.body["count"], 1, "{:?}", list.body);
    let cdr = &list.body["data"][0];
    assert_eq!(cdr["uuid"], uuid.as_str());
    assert_eq!(
        (
            &cdr["caller_id_number"],
            &cdr["destination_number"],
            &cdr["call_direction"]
        ),
        (&json!(did), &json!("+919999911111"), &json!("outbound"))
    );
    assert_eq!(
        (cdr["billsec"].as_u64(), cdr["duration"].as_u64()),
        (Some(60), Some(65))
    );
    let cost = dec(&cdr["cost"]);
    assert!(cost > Decimal::ZERO);
    assert_eq!(env.balance(&parent.0), before - cost, "the call is charged");
    assert_eq!(
        list.body["account_id"],
        env.sandbox
            .store()
            .read(|w| w.accounts[&parent.0].numeric_id.to_string())
            .as_str()
    );
    assert_eq!(list.body["summary"]["totalCalls"], 1);
    let last_call = env.sandbox.store().read(|w| w.numbers[&did].last_call_at);
    assert!(last_call.is_some(), "the DID's cool-off clock starts");
    assert_eq!(env.invariant().await["holds"], true);

    // The alias, the single CDR, recent, search.
    assert_eq!(
        env.get(&format!("/api/v1/Account/{}/cdrs", parent.0), &parent)
            .await
            .body["data"],
        list.body["data"]
    );
    let single = env
        .get(&format!("{}/{uuid}", cdr_path(&parent.0)), &parent)
        .await;
    assert_eq!(
        (
            single.status,
            &single.body["success"],
            &single.body["data"]["uuid"]
        ),
        (200, &json!(true), &json!(uuid))
    );
    let numeric = cdr["id"].as_u64().unwrap();
    assert_eq!(
        env.get(&format!("{}/{numeric}", cdr_path(&parent.0)), &parent)
            .await
            .status,
        404,
        "the numeric id is not a key"
    );
    let recent = env
        .get(&format!("{}/recent?limit=5", cdr_path(&parent.0)), &parent)
        .await;
    assert_eq!(recent.body["count"], 1);
    for key in ["account_id", "count", "data", "success"] {
        assert!(recent.body.get(key).is_some(), "{key}");
    }
    let search = env
        .get(
            &format!("{}/search?call_direction=outbound", cdr_path(&parent.0)),
            &parent,
        )
        .await;
    assert_eq!(search.body["count"], 1);
    assert_eq!(
        search.body["filters"],
        json!({"call_direction": "outbound", "from_number": "", "hangup_cause": "", "to_number": ""})
    );

    // A second call, limited to 30 s by time_limit (sent as a string, as the docs' examples do).
    let second = env
        .post(&call_path(&parent.0), &parent, json!({"from": did.trim_start_matches('+'), "to": "+919999922222", "answer_url": "https://example.com/a", "time_limit": "30"}))
        .await;
    assert_eq!(second.status, 200, "{second:?}");
    env.advance(40).await;
    let both = env
        .get(&format!("{}?per_page=1", cdr_path(&parent.0)), &parent)
        .await;
    assert_eq!(
        both.body["pagination"],
        json!({"page": 1, "per_page": 1, "total": 2, "pages": 2, "has_next": true, "has_prev": false})
    );
    assert_eq!(both.body["data"][0]["billsec"], 30, "newest first");

    // Filters.
    let query = |q: &str| format!("{}?{q}", cdr_path(&parent.0));
    let count = |r: Reply| r.body["pagination"]["total"].as_u64().unwrap();
    assert_eq!(count(env.get(&query("to_number=22222"), &parent).await), 1);
    assert_eq!(
        count(
            env.get(&query(&format!("from_number={}", &did[3..])), &parent)
                .await
        ),
        2
    );
    assert_eq!(
        count(env.get(&query("call_direction=inbound"), &parent).await),
        0
    );
    assert_eq!(count(env.get(&query("min_duration=60"), &parent).await), 1);
    assert_eq!(
        count(
            env.get(&query("hangup_cause=NORMAL_CLEARING"), &parent)
                .await
        ),
        2
    );
    assert_eq!(count(env.get(&query("status=answered"), &parent).await), 2);
    let today = env.sandbox.store().read(|w| w.now().date_naive());
    let window = format!(
        "start_date={}&end_date={}",
        today - Duration::days(1),
        today + Duration::days(1)
    );
    assert_eq!(count(env.get(&query(&window), &parent).await), 2);
    assert_eq!(
        count(
            env.get(&query("start_date=2020-01-01&end_date=2020-01-02"), &parent)
                .await
        ),
        0
    );
    assert_eq!(
        count(env.get(&query("start_date=2999-01-01"), &parent).await),
        2,
        "a lone date is ignored"
    );
    assert_eq!(
        env.get(&query("call_direction=sideways"), &parent)
            .await
            .status,
        422
    );
    let csv = env
        .get(&format!("{}/export", cdr_path(&parent.0)), &parent)
        .await;
    assert!(csv.content_type().starts_with("text/csv"), "{csv:?}");
    assert_eq!(csv.text.lines().count(), 3);
    env.sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sub_account_calls_on_its_own_credentials_and_its_parent_pays() {
    let env = start(33).await;
    let parent = env.parent();
    let sub = env
        .sub_account("runtime-sub@example.com", "personal_use")
        .await;
    let did = env.inventory(1).remove(0);
    assert_eq!(env.buy(&sub, &did).await.status, 200);
    let parent_before = env.balance(&parent.0);

    let fired = place(&env, &sub, &did, "+919999933333").await;
    assert_eq!(fired.status, 200, "{fired:?}");
    env.advance(70).await;
    let own = env.get(&cdr_path(&sub.0), &sub).await;
    assert_eq!(own.body["count"], 1);
    assert_eq!(own.body["data"][0]["account_id"], sub.0.as_str());
    let cost = dec(&own.body["data"][0]["cost"]);
    assert_eq!(
        env.balance(&parent.0),
        parent_before - cost,
        "usage bills the parent"
    );
    assert_eq!(
        env.get(&cdr_path(&parent.0), &parent).await.body["count"],
        0,
        "a main account sees only its own CDRs"
    );
    assert!(
        env.sandbox
            .store()
            .read(|w| w.numbers[&did].last_call_at.is_some())
    );
    // The parent's credentials are not the sub-account's.
    assert_eq!(
        place(&env, &parent, &did, "+919999933333").await.status,
        200
    );
    assert_eq!(
        env.post(
            &call_path(&sub.0),
            &parent,
            json!({"from": did, "to": "+9199", "answer_url": "https://e.com"})
        )
        .await
        .status,
        403
    );
    env.sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn calls_are_rejected_as_documented() {
    let env = start(34).await;
    let parent = env.parent();

    // 400: every missing field named.
    let missing = env.post(&call_path(&parent.0), &parent, json!({})).await;
    assert_eq!(missing.status, 400);
    assert_eq!(missing.body["error"], "invalid request parameters");
    for field in ["from", "to", "answer_url"] {
        assert!(
            missing.body["details"][field].is_string(),
            "{field}: {missing:?}"
        );
    }
    let bad_url = env
        .post(
            &call_path(&parent.0),
            &parent,
            json!({"from": "+918000000000", "to": "+919000000000", "answer_url": "not a url"}),
        )
        .await;
    assert_eq!(
        (
            bad_url.status,
            bad_url.body["details"]["answer_url"].is_string()
        ),
        (400, true)
    );
    let bad_method = env.post(&call_path(&parent.0), &parent, json!({"from": "+918000000000", "to": "+919000000000", "answer_url": "https://e.com/a", "answer_method": "PATCH"})).await;
    assert_eq!(bad_method.status, 400);

    // The trailing slash is part of the path; the casing too.
    let no_slash = env.post(&format!("/api/v1/Account/{}/Call", parent.0), &parent, json!({"from": "+918000000000", "to": "+919000000000", "answer_url": "https://e.com/a"})).await;
    assert_eq!(no_slash.status, 404, "{no_slash:?}");
    let lower = env.post(&format!("/api/v1/account/{}/Call/", parent.0), &parent, json!({"from": "+918000000000", "to": "+919000000000", "answer_url": "https://e.com/a"})).await;
    assert_eq!(lower.status, 401, "{lower:?}");
    assert_eq!(
        env.send(Method::POST, &call_path(&parent.0), None, Some(json!({})))
            .await
            .status,
        401
    );

    // 402: an empty wallet.
    let broke = env.customer("broke@example.com").await;
    let r = place(&env, &broke, "+918000000000", "+919000000000").await;
    assert_eq!(
        (r.status, &r.body["error"]),
        (402, &json!("insufficient_balance")),
        "{r:?}"
    );

    // 403: a customer_use sub-account before its KYC is complete.
    let blocked = env.sub_account("blocked@example.com", "customer_use").await;
    let r = place(&env, &blocked, "+918000000000", "+919000000000").await;
    assert_eq!(
        (r.status, &r.body["error"]),
        (403, &json!("kyc_calls_blocked")),
        "{r:?}"
    );
    assert!(r.body["message"].as_str().unwrap().contains("KYC"));
    env.sandbox.store().write(|w| {
        let kyc = w
            .accounts
            .get_mut(&blocked.0)
            .unwrap()
            .sub_kyc
            .as_mut()
            .unwrap();
        for doc in ["pan", "aadhaar"] {
            kyc.verifications.insert(doc.into(), "verified".into());
        }
    });
    assert_eq!(
        place(&env, &blocked, "+918000000000", "+919000000000")
            .await
            .status,
        200,
        "KYC done: calls go through"
    );

    // 429: more concurrent calls than the account allows; several destinations at once.
    let many: Vec<String> = (0..11).map(|i| format!("+9190000000{i:02}")).collect();
    let r = place(&env, &parent, "+918000000000", &many.join("<")).await;
    assert_eq!(r.status, 429, "{r:?}");
    let three = place(&env, &parent, "+918000000000", &many[..3].join("<")).await;
    assert_eq!(three.status, 200);
    assert_eq!(three.body["request_uuid"].as_array().map(Vec::len), Some(3));
    env.advance(70).await;
    assert_eq!(
        env.get(&cdr_path(&parent.0), &parent).await.body["count"],
        3
    );
    assert_eq!(env.invariant().await["holds"], true);
    env.sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn recordings_are_an_empty_but_well_shaped_list() {
    let env = start(35).await;
    let parent = env.parent();
    let path = format!("/api/v1/Account/{}/Recording/", parent.0);
    let list = env.get(&path, &parent).await;
    assert_eq!(list.status, 200, "{list:?}");
    assert!(list.body["api_id"].is_string());
    assert_eq!(
        list.body["meta"],
        json!({"limit": 20, "next": null, "offset": 0, "previous": null, "total_count": 0})
    );
    assert_eq!(list.body["objects"], json!([]));
    let paged = env
        .get(
            &format!("{path}?limit=5&offset=10&recording_type=call"),
            &parent,
        )
        .await;
    assert_eq!(
        paged.body["meta"]["previous"],
        format!("/v1/Account/{}/Recording/?limit=5&offset=5", parent.0).as_str()
    );
    assert_eq!(paged.body["meta"]["next"], Value::Null);
    assert_eq!(
        env.get(&format!("{path}?recording_type=video"), &parent)
            .await
            .status,
        400
    );

    let one = env.get(&format!("{path}abc123/"), &parent).await;
    assert_eq!(one.status, 404);
    assert_eq!(one.body["error"], "Recording not found");
    assert!(one.body["api_id"].is_string());
    assert_eq!(
        env.delete(&format!("{path}abc123/"), &parent).await.status,
        404
    );
    assert_eq!(
        env.get(&format!("/api/v1/Account/{}/Recording", parent.0), &parent)
            .await
            .status,
        404,
        "the trailing slash matters"
    );
    env.sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_account_object_carries_the_wallet_with_own_credentials_only() {
    let env = start(35).await;
    let parent = env.parent();
    let path = format!("/api/v1/Account/{}/", parent.0);
    let me = env.get(&path, &parent).await;
    assert_eq!(me.status, 200, "{me:?}");
    assert_eq!(me.body["auth_id"], parent.0.as_str());
    assert_eq!(me.body["cash_credits"], "10000.00000");
    assert_eq!(me.body["billing_mode"], "prepaid");
    assert_eq!(me.body["currency"], "INR");
    assert_eq!(
        me.body["resource_uri"],
        format!("/v1/Account/{}/", parent.0).as_str()
    );
    for key in [
        "name",
        "account_type",
        "city",
        "state",
        "timezone",
        "api_id",
        "created",
        "modified",
    ] {
        assert!(
            me.body.get(key).is_some(),
            "account lacks {key}: {}",
            me.body
        );
    }
    // The wallet follows purchases.
    let did = env.inventory(1).remove(0);
    let price = env.price(&did);
    assert_eq!(env.buy(&parent, &did).await.status, 200);
    let after = env.get(&path, &parent).await;
    assert_eq!(
        after.body["cash_credits"]
            .as_str()
            .unwrap()
            .parse::<Decimal>()
            .unwrap(),
        Decimal::new(10_000, 0) - price
    );
    // A sub-account reads its own object; not its parent's, and not with a partner's key.
    let sub = env
        .sub_account("acct-object@example.com", "personal_use")
        .await;
    let own = env.get(&format!("/api/v1/Account/{}/", sub.0), &sub).await;
    assert_eq!(own.status, 200, "{own:?}");
    assert_eq!(own.body["account_type"], "sub_account");
    assert_eq!(env.get(&path, &sub).await.status, 403);
    assert_eq!(env.get(&path, &env.partner()).await.status, 403);
    let wrong = (parent.0.clone(), "not-the-token".to_owned());
    assert_eq!(env.get(&path, &wrong).await.status, 401);
    env.sandbox.stop().await;
}

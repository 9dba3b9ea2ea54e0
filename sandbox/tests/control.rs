//! The control plane and the ways to run the sandbox: clock, reset, faults of every kind,
//! the state file, determinism per seed, casing and encoding answers, and the binary.

mod support;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use reqwest::Method;
use serde_json::json;
use support::*;
use vobiz_sandbox::{Sandbox, SandboxOptions};

#[tokio::test(flavor = "multi_thread")]
async fn the_clock_can_be_read_set_and_advanced() {
    let h = start(21).await;
    let before = h.control(Method::GET, "/__sandbox/clock", None).await;
    assert_eq!(before.body["offset_seconds"], 0);
    h.advance(3600).await;
    let after = h.control(Method::GET, "/__sandbox/clock", None).await;
    assert_eq!(after.body["offset_seconds"], 3600);
    let set = h
        .control(
            Method::POST,
            "/__sandbox/clock",
            Some(json!({"set": "2030-01-01T00:00:00Z"})),
        )
        .await;
    assert!(
        set.body["now"]
            .as_str()
            .unwrap()
            .starts_with("2030-01-01T00:00"),
        "{set:?}"
    );
    assert_eq!(
        h.control(Method::POST, "/__sandbox/clock", Some(json!({})))
            .await
            .status,
        400
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_seed_gives_the_same_world_and_reset_restores_it() {
    let a = start(99).await;
    let b = start(99).await;
    let c = start(100).await;
    assert_eq!(a.partner(), b.partner());
    assert_eq!(a.parent(), b.parent());
    assert_ne!(a.partner(), c.partner());
    let first = a.customer("det@example.com").await;
    let second = b.customer("det@example.com").await;
    assert_eq!(first, second, "same seed, same requests, same ids");

    let reset = a.control(Method::POST, "/__sandbox/reset", None).await;
    assert_eq!(reset.body["partner"]["auth_id"], a.partner().0.as_str());
    assert_eq!(
        a.get("/api/v1/partner/me", &a.partner()).await.body["account_count"],
        0
    );
    let state = a.control(Method::GET, "/__sandbox/state", None).await;
    assert!(state.body["numbers"].as_object().unwrap().len() >= 40);
    assert_eq!(a.sandbox.seeded().regions.len(), 6);
}

#[tokio::test(flavor = "multi_thread")]
async fn injected_statuses_and_delays_apply_by_method_path_and_count() {
    let h = start(22).await;
    let fault = json!({"method": "GET", "path": "/api/v1/partner/me", "kind": "status", "status": 503, "retry_after": 2, "count": 2});
    assert_eq!(
        h.control(Method::POST, "/__sandbox/faults", Some(fault))
            .await
            .status,
        201
    );
    let first = h.get("/api/v1/partner/me", &h.partner()).await;
    assert_eq!(first.status, 503);
    assert_eq!(first.headers.get("retry-after").unwrap(), "2");
    assert_eq!(h.get("/api/v1/partner/me", &h.partner()).await.status, 503);
    assert_eq!(
        h.get("/api/v1/partner/me", &h.partner()).await.status,
        200,
        "the fault retired after 2"
    );

    h.control(
        Method::POST,
        "/__sandbox/faults",
        Some(json!({"path": "/api/v1/partner/*", "kind": "delay", "ms": 300})),
    )
    .await;
    let started = std::time::Instant::now();
    assert_eq!(
        h.get("/api/v1/partner/dashboard", &h.partner())
            .await
            .status,
        200
    );
    assert!(started.elapsed() >= std::time::Duration::from_millis(290));
    assert_eq!(
        h.control(Method::GET, "/__sandbox/faults", None).await.body["faults"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    h.control(Method::DELETE, "/__sandbox/faults", None).await;
    assert!(
        h.control(Method::GET, "/__sandbox/faults", None).await.body["faults"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let bad = h
        .control(
            Method::POST,
            "/__sandbox/faults",
            Some(json!({"path": "*", "kind": "explode"})),
        )
        .await;
    assert_eq!(bad.status, 400);
}

#[tokio::test(flavor = "multi_thread")]
async fn resets_before_and_after_commit_differ_in_what_changed() {
    let h = start(23).await;
    let c = h.customer("reset@example.com").await;
    let path = format!("/api/v1/partner/accounts/{}/transfer-balance", c.0);
    let send = || {
        h.http
            .post(h.url(&path))
            .header("X-Auth-ID", h.partner().0)
            .header("X-Auth-Token", h.partner().1)
            .header("content-type", "application/json")
            .body(r#"{"amount":10,"currency":"INR"}"#)
            .send()
    };
    let balance = || async {
        h.get(
            &format!("/api/v1/partner/accounts/{}/balance", c.0),
            &h.partner(),
        )
        .await
        .body["cash_credits"]
            .clone()
    };

    h.control(Method::POST, "/__sandbox/faults", Some(json!({"method": "POST", "path": "*/transfer-balance", "kind": "reset_before", "count": 1}))).await;
    let lost = match send().await {
        Ok(r) => r.text().await.is_err(),
        Err(_) => true,
    };
    assert!(lost, "the client gets no usable answer");
    assert_eq!(
        balance().await,
        "0.00000",
        "reset before commit: nothing changed"
    );

    h.control(Method::POST, "/__sandbox/faults", Some(json!({"method": "POST", "path": "*/transfer-balance", "kind": "reset_after", "count": 1}))).await;
    let lost = match send().await {
        Ok(r) => r.text().await.is_err(),
        Err(_) => true,
    };
    assert!(lost);
    assert_eq!(
        balance().await,
        "10.00000",
        "reset after commit: the transfer happened"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_and_truncated_bodies_follow_a_committed_change() {
    let h = start(24).await;
    let c = h.customer("bodies@example.com").await;
    let path = format!("/api/v1/partner/accounts/{}/transfer-balance", c.0);
    for (kind, amount) in [("malformed", 1), ("truncated", 2)] {
        h.control(
            Method::POST,
            "/__sandbox/faults",
            Some(json!({"method": "POST", "path": "*/transfer-balance", "kind": kind, "count": 1})),
        )
        .await;
        let raw = h
            .http
            .post(h.url(&path))
            .header("X-Auth-ID", h.partner().0)
            .header("X-Auth-Token", h.partner().1)
            .header("content-type", "application/json")
            .body(json!({"amount": amount, "currency": "INR"}).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(raw.status(), 200);
        let text = raw.text().await.unwrap();
        assert!(
            serde_json::from_str::<serde_json::Value>(&text).is_err(),
            "{kind}: {text}"
        );
    }
    assert_eq!(
        h.get(
            &format!("/api/v1/partner/accounts/{}/balance", c.0),
            &h.partner()
        )
        .await
        .body["cash_credits"],
        "3.00000"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn probabilistic_faults_fire_about_as_often_as_asked() {
    let h = start(25).await;
    h.control(Method::POST, "/__sandbox/faults", Some(json!({"path": "/api/v1/partner/me", "kind": "status", "status": 500, "probability": 0.3}))).await;
    let mut failed = 0;
    for _ in 0..300 {
        if h.get("/api/v1/partner/me", &h.partner()).await.status == 500 {
            failed += 1;
        }
    }
    assert!((50..130).contains(&failed), "{failed}/300 failed at p=0.3");
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_casing_and_raw_plus_get_the_real_apis_answers() {
    let h = start(26).await;
    let p = h.parent();
    let health = h
        .get(
            &format!("/api/v1/account/{}/numbers/+918012345678/health", p.0),
            &p,
        )
        .await;
    assert_eq!(health.status, 404, "health needs %2B too");
    assert_eq!(
        h.get(&format!("/api/v1/account/{}/Call/", p.0), &p)
            .await
            .status,
        401,
        "wrong casing on calls"
    );
    assert_eq!(
        h.get(&format!("/api/v1/Accounts/{}/sub-accounts/", p.0), &p)
            .await
            .status,
        401,
        "wrong casing on sub-accounts"
    );
    assert_eq!(
        h.get(&format!("/api/v1/ACCOUNT/{}/cdr", p.0), &p)
            .await
            .status,
        404,
        "wrong casing on CDRs"
    );
    assert_eq!(
        h.get(&format!("/api/v1/account/{}/cdrs", p.0), &p)
            .await
            .status,
        200,
        "the lowercase customer view of the user's docs"
    );
    let raw_plus = h
        .send(
            Method::DELETE,
            &format!(
                "/api/v1/account/{}/numbers/+918012345678/assign-subaccount",
                p.0
            ),
            Some(&p),
            None,
        )
        .await;
    assert_eq!(raw_plus.status, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_state_file_survives_a_restart() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let dir = std::env::temp_dir().join(format!("vobiz-sandbox-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("world.json");
    let _ = std::fs::remove_file(&file);
    let options = SandboxOptions {
        port: 0,
        seed: 31,
        state_file: Some(file.clone()),
    };

    let first = Sandbox::start(options.clone()).await.unwrap();
    let h = Env::new(first);
    let customer = h.customer("persist@example.com").await;
    h.advance(7200).await;
    h.sandbox.stop().await;
    assert!(file.exists());

    let second = Sandbox::start(SandboxOptions {
        seed: 999,
        ..options
    })
    .await
    .unwrap();
    let h2 = Env::new(second);
    let got = h2
        .get(
            &format!("/api/v1/partner/accounts/{}", customer.0),
            &h2.partner(),
        )
        .await;
    assert_eq!(got.status, 200, "the world (not the new seed) was loaded");
    assert_eq!(
        h2.get("/api/v1/partner/me", &customer).await.status,
        403,
        "the customer's token still works"
    );
    assert!(
        h2.control(Method::GET, "/__sandbox/clock", None).await.body["offset_seconds"]
            .as_i64()
            .unwrap()
            >= 7199
    );
    h2.sandbox.stop().await;
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_binary_prints_its_url_and_seeded_credentials() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vobiz-sandbox"))
        .args(["--port", "0", "--seed", "7"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut text = String::new();
    // The banner is one pretty-printed JSON object.
    loop {
        let mut line = String::new();
        if stdout.read_line(&mut line).unwrap() == 0 {
            break;
        }
        text.push_str(&line);
        if line.starts_with('}') {
            break;
        }
    }
    child.kill().unwrap();
    let mut rest = String::new();
    let _ = stdout.read_to_string(&mut rest);
    child.wait().unwrap();
    let banner: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(
        banner["url"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
    assert!(
        banner["seeded"]["partner"]["auth_id"]
            .as_str()
            .unwrap()
            .starts_with("PA_")
    );
    assert_eq!(banner["seeded"]["seed"], 7);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_control_plane_is_also_a_rust_api() {
    use vobiz_sandbox::control::{KycStep, SimulatedCall};
    use vobiz_sandbox::faults::{FaultKind, FaultSpec};

    let h = start(27).await;
    let before = h.sandbox.now();
    let after = h.sandbox.advance_clock(86_400);
    assert!(after - before >= chrono::Duration::seconds(86_399));

    let c = h.customer("rust-api@example.com").await;
    let session = h
        .post(
            "/api/v1/partner/kyc-sessions",
            &h.partner(),
            json!({"account_auth_id": c.0}),
        )
        .await;
    let id = session.body["session_id"].as_str().unwrap().to_owned();
    let done = h
        .sandbox
        .kyc_session_step(&id, KycStep::Complete, Some("company"), None)
        .unwrap();
    assert_eq!(done["status"], "kyc_completed");
    let again = h
        .sandbox
        .kyc_session_step(&id, KycStep::Fail, None, None)
        .unwrap_err();
    assert_eq!(again.status, 409);

    let sub = h.sub_account("rust-sub@acme.in", "customer_use").await;
    let status = h.sandbox.sub_account_kyc(&sub.0, true).unwrap();
    assert_eq!(status["kyc_calls_blocked"], false);
    assert_eq!(
        h.sandbox
            .sub_account_kyc("SA_NOPE0000", true)
            .unwrap_err()
            .status,
        404
    );

    let missing = SimulatedCall {
        e164: "+911100000000".into(),
        direction: "inbound".into(),
        answered: true,
        duration_seconds: 10,
        peer: None,
    };
    assert_eq!(h.sandbox.simulate_call(&missing).unwrap_err().status, 404);

    let fault = FaultSpec {
        method: Some("GET".into()),
        path: "/api/v1/partner/me".into(),
        kind: FaultKind::Status {
            status: 503,
            body: None,
            retry_after: None,
        },
        count: Some(1),
        probability: None,
    };
    h.sandbox.add_fault(fault).unwrap();
    assert_eq!(h.get("/api/v1/partner/me", &h.partner()).await.status, 503);
    assert_eq!(h.get("/api/v1/partner/me", &h.partner()).await.status, 200);

    let seeded = h.sandbox.reset(None);
    assert_eq!(seeded.partner.auth_id, h.partner().0);
    assert_eq!(
        h.get("/api/v1/partner/me", &h.partner()).await.body["account_count"],
        0
    );
}

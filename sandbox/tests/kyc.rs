//! KYC over HTTP: partner sessions and their lifecycle rules, sub-accounts and their KYC
//! (real and test-mode routes), and signed webhook delivery.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, Mac};
use reqwest::Method;
use serde_json::{Value, json};
use sha2::Sha256;
use support::*;

type Received = Arc<Mutex<Vec<(HeaderMap, Bytes)>>>;

/// A webhook receiver on loopback that fails the first `failures` deliveries with 500.
async fn receiver(failures: usize) -> (String, Received) {
    let got: Received = Arc::default();
    let seen = got.clone();
    let app = axum::Router::new().fallback(move |headers: HeaderMap, body: Bytes| {
        let seen = seen.clone();
        async move {
            let mut all = seen.lock().unwrap();
            all.push((headers, body));
            if all.len() <= failures {
                StatusCode::INTERNAL_SERVER_ERROR
            } else {
                StatusCode::OK
            }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/kyc-webhook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, got)
}

async fn wait_for(got: &Received, n: usize) -> Vec<(HeaderMap, Bytes)> {
    for _ in 0..100 {
        if got.lock().unwrap().len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    got.lock().unwrap().clone()
}

/// Checks `sha256=<hex>` independently of the sandbox's own signing code.
fn signed_by(headers: &HeaderMap, body: &[u8], key: &str) -> bool {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
    mac.update(body);
    let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
    headers
        .get("x-vobiz-signature")
        .and_then(|v| v.to_str().ok())
        == Some(expected.as_str())
}

#[tokio::test(flavor = "multi_thread")]
async fn partner_session_lifecycle_follows_the_documented_rules() {
    let h = start(11).await;
    let p = h.partner();
    let c = h.customer("kyc@example.com").await;
    let created = h
        .post("/api/v1/partner/kyc-sessions", &p, json!({"account_auth_id": c.0, "customer_email": "john@example.com", "expires_in_days": 14,
            "reminder_schedule": [{"trigger": "days_before_expiry", "value": 3}], "metadata": {"crm_id": 42}}))
        .await;
    assert_eq!(created.status, 201, "{created:?}");
    assert_eq!(created.body["status"], "email_sent");
    assert_eq!(created.body["email_dispatched_to"], "j***@example.com");
    assert!(created.body["widget_url"].is_null() && created.body["kyc_type"].is_null());
    let id = created.body["session_id"].as_str().unwrap().to_owned();

    let got = h
        .get(&format!("/api/v1/partner/kyc-sessions/{id}"), &p)
        .await;
    assert_eq!(
        got.body["id"],
        id.as_str(),
        "session_id on POST is id on GET"
    );
    assert_eq!(got.body["metadata"], json!({"crm_id": 42}));

    // The resend cooldown counts from creation.
    let early = h
        .post(
            &format!("/api/v1/partner/kyc-sessions/{id}/resend"),
            &p,
            json!({}),
        )
        .await;
    assert_eq!(early.status, 429);
    assert_eq!(early.body["error"], "HTTPError");
    assert!(
        early.body["message"]
            .as_str()
            .unwrap()
            .contains("1800 seconds")
            || early.body["message"]
                .as_str()
                .unwrap()
                .contains("1799 seconds"),
        "{early:?}"
    );
    h.advance(31 * 60).await;
    assert_eq!(
        h.post(
            &format!("/api/v1/partner/kyc-sessions/{id}/resend"),
            &p,
            json!({})
        )
        .await
        .status,
        200
    );
    assert_eq!(
        h.post(
            &format!("/api/v1/partner/kyc-sessions/{id}/resend"),
            &p,
            json!({})
        )
        .await
        .status,
        429,
        "the cooldown restarts"
    );

    // A new session revokes the old one.
    let redirect = h.post("/api/v1/partner/kyc-sessions", &p, json!({"account_auth_id": c.0, "flow_type": "redirect", "redirect_url": "https://app.example/kyc-done"})).await;
    assert_eq!(redirect.status, 201);
    assert_eq!(redirect.body["status"], "link_ready");
    let widget = redirect.body["widget_url"].as_str().unwrap();
    assert!(
        widget.starts_with("https://kyc.vobiz.ai/verify?token=kst_")
            && widget.len() == "https://kyc.vobiz.ai/verify?token=kst_".len() + 64
    );
    assert_eq!(
        h.get(&format!("/api/v1/partner/kyc-sessions/{id}"), &p)
            .await
            .body["status"],
        "revoked"
    );
    let rid = redirect.body["session_id"].as_str().unwrap().to_owned();
    assert_eq!(
        h.post(
            &format!("/api/v1/partner/kyc-sessions/{rid}/resend"),
            &p,
            json!({})
        )
        .await
        .status,
        400,
        "no resend on the redirect flow"
    );
    assert_eq!(
        h.post(
            &format!("/api/v1/partner/kyc-sessions/{id}/resend"),
            &p,
            json!({})
        )
        .await
        .status,
        409,
        "terminal"
    );

    let revoked = h
        .send(
            Method::DELETE,
            &format!("/api/v1/partner/kyc-sessions/{rid}"),
            Some(&p),
            Some(json!({"reason": "Wrong email"})),
        )
        .await;
    assert_eq!(
        revoked.body,
        json!({"message": "Session revoked", "session_id": rid})
    );
    let again = h
        .send(
            Method::DELETE,
            &format!("/api/v1/partner/kyc-sessions/{rid}"),
            Some(&p),
            None,
        )
        .await;
    assert_eq!(again.status, 409);
    assert!(
        again.body["message"]
            .as_str()
            .unwrap()
            .contains("terminal status: 'revoked'")
    );

    let list = h
        .get(
            &format!(
                "/api/v1/partner/kyc-sessions?status=revoked&account_auth_id={}&size=1",
                c.0
            ),
            &p,
        )
        .await;
    assert_eq!(
        (list.body["total"].as_u64(), list.body["size"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(
        h.get("/api/v1/partner/kyc-sessions?status=failed", &p)
            .await
            .status,
        422
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn session_create_validates_and_scopes() {
    let h = start(12).await;
    let p = h.partner();
    let c = h.customer("v@example.com").await;
    let defaulted = h
        .post(
            "/api/v1/partner/kyc-sessions",
            &p,
            json!({"account_auth_id": c.0}),
        )
        .await;
    assert_eq!(defaulted.status, 201, "the email on the account is used");
    assert_eq!(defaulted.body["customer_email"], "v@example.com");
    for (body, field) in [
        (
            json!({"account_auth_id": c.0, "customer_email": "not-an-email"}),
            "customer_email",
        ),
        (
            json!({"account_auth_id": c.0, "flow_type": "redirect"}),
            "redirect_url",
        ),
        (
            json!({"account_auth_id": c.0, "customer_email": "a@b.co", "reminder_schedule": [{"trigger": "weekly"}]}),
            "reminder_schedule",
        ),
        (
            json!({"account_auth_id": c.0, "customer_email": "a@b.co", "expires_in_days": 0}),
            "expires_in_days",
        ),
    ] {
        let a = h.post("/api/v1/partner/kyc-sessions", &p, body).await;
        assert_eq!(a.status, 422, "{a:?}");
        assert_eq!(a.body["details"][0]["loc"][1], field);
    }
    let other = h
        .post(
            "/api/v1/partner/kyc-sessions",
            &p,
            json!({"account_auth_id": h.parent().0, "customer_email": "a@b.co"}),
        )
        .await;
    assert_eq!(other.status, 404, "not this partner's customer");
    assert_eq!(
        h.get("/api/v1/partner/kyc-sessions/nope", &p).await.status,
        404
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn completion_sends_a_signed_webhook_and_marks_the_customer_verified() {
    let h = start(13).await;
    let (url, got) = receiver(1).await;
    let c = h.customer("hook@example.com").await;
    let s = h.post("/api/v1/partner/kyc-sessions", &h.partner(), json!({"account_auth_id": c.0, "customer_email": "hook@example.com", "webhook_url": url, "metadata": {"k": "v"}})).await;
    let id = s.body["session_id"].as_str().unwrap().to_owned();
    let done = h
        .control(
            Method::POST,
            &format!("/__sandbox/kyc-sessions/{id}/complete"),
            Some(json!({"kyc_type": "company"})),
        )
        .await;
    assert_eq!(done.status, 200, "{done:?}");
    assert_eq!(done.body["status"], "kyc_completed");

    // The first delivery fails with 500 and is retried.
    let deliveries = wait_for(&got, 2).await;
    assert_eq!(deliveries.len(), 2, "a failed delivery is retried");
    let (headers, body) = &deliveries[1];
    assert!(
        signed_by(headers, body, &h.partner().1),
        "signed with the partner token"
    );
    assert!(!signed_by(headers, b"{\"tampered\":true}", &h.partner().1));
    let payload: Value = serde_json::from_slice(body).unwrap();
    assert_eq!(payload["event"], "kyc.completed");
    assert_eq!(payload["session_id"], id.as_str());
    assert_eq!(payload["status"], "kyc_completed");
    assert_eq!(payload["metadata"], json!({"k": "v"}));
    assert_eq!(payload["verified_data"]["pan_type"], "company");
    assert_eq!(
        h.get(&format!("/api/v1/partner/accounts/{}", c.0), &h.partner())
            .await
            .body["kyc_status"],
        "completed"
    );
    let log = h.control(Method::GET, "/__sandbox/webhooks", None).await;
    let entry = &log.body["deliveries"][0];
    assert_eq!(
        (entry["attempts"].as_u64(), entry["delivered"].as_bool()),
        (Some(2), Some(true))
    );
    assert_eq!(
        h.control(
            Method::POST,
            &format!("/__sandbox/kyc-sessions/{id}/fail"),
            None
        )
        .await
        .status,
        409,
        "already terminal"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sessions_expire_on_the_sandbox_clock() {
    let h = start(14).await;
    let c = h.customer("exp@example.com").await;
    let s = h.post("/api/v1/partner/kyc-sessions", &h.partner(), json!({"account_auth_id": c.0, "customer_email": "exp@example.com", "expires_in_days": 1})).await;
    let id = s.body["session_id"].as_str().unwrap().to_owned();
    h.advance(2 * 86_400).await;
    assert_eq!(
        h.get(&format!("/api/v1/partner/kyc-sessions/{id}"), &h.partner())
            .await
            .body["status"],
        "expired"
    );
    assert_eq!(
        h.post(
            &format!("/api/v1/partner/kyc-sessions/{id}/resend"),
            &h.partner(),
            json!({})
        )
        .await
        .status,
        409
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sub_accounts_crud_with_credentials_shown_once() {
    let h = start(15).await;
    let parent = h.parent();
    let base = format!("/api/v1/accounts/{}/sub-accounts/", parent.0);
    let created = h.post(&base, &parent, json!({"name": "Acme Support", "email": "support@acme.in", "kyc_mode": "customer_use", "permissions": {"calls": true, "cdr": false}, "rate_limit": 500})).await;
    assert_eq!(created.status, 201, "{created:?}");
    let sub = &created.body["sub_account"];
    let sa = sub["auth_id"].as_str().unwrap().to_owned();
    assert!(sa.starts_with("SA_"));
    assert_eq!(
        sub["auth_token"],
        created.body["auth_credentials"]["auth_token"]
    );
    assert_ne!(sub["auth_token"], "<redacted>");
    assert_eq!(
        sub["kyc_calls_blocked"], true,
        "customer_use starts call-blocked"
    );
    assert_eq!(created.body["tokens"]["token_type"], "bearer");
    assert_eq!(sub["parent_auth_id"], parent.0.as_str());

    let got = h.get(&format!("{base}{sa}"), &parent).await;
    assert_eq!(got.body["auth_token"], "<redacted>");
    assert_eq!(
        got.body["created"].as_str().unwrap().len(),
        10,
        "date-only created"
    );
    let listed = h.get(&format!("{base}?size=10"), &parent).await;
    assert_eq!(
        (listed.body["total"].as_u64(), listed.body["size"].as_u64()),
        (Some(1), Some(10))
    );

    let updated = h
        .send(
            Method::PUT,
            &format!("{base}{sa}"),
            Some(&parent),
            Some(json!({"kyc_mode": "personal_use", "name": "Renamed"})),
        )
        .await;
    assert_eq!(updated.status, 200);
    assert_eq!(
        (
            updated.body["name"].as_str(),
            updated.body["kyc_calls_blocked"].as_bool()
        ),
        (Some("Renamed"), Some(false))
    );

    // Errors: customer_use without email, bad kyc_mode, wrong credentials, unknown sub.
    assert_eq!(
        h.post(
            &base,
            &parent,
            json!({"name": "x", "kyc_mode": "customer_use"})
        )
        .await
        .status,
        400
    );
    assert_eq!(
        h.post(
            &base,
            &parent,
            json!({"name": "x", "kyc_mode": "sometimes"})
        )
        .await
        .status,
        400
    );
    assert_eq!(
        h.post(&base, &parent, json!({"email": "noname@x.in"}))
            .await
            .status,
        400
    );
    let sub_creds = (
        sa.clone(),
        created.body["auth_credentials"]["auth_token"]
            .as_str()
            .unwrap()
            .to_owned(),
    );
    assert_eq!(
        h.get(&base.replace(&parent.0, &sa), &sub_creds)
            .await
            .status,
        403,
        "a sub-account cannot administer"
    );
    assert_eq!(
        h.get(&format!("{base}SA_NOPE0000"), &parent).await.status,
        404
    );
    assert_eq!(
        h.get(base.trim_end_matches('/'), &parent).await.status,
        401,
        "the collection needs its trailing slash"
    );

    let deleted = h
        .send(Method::DELETE, &format!("{base}{sa}"), Some(&parent), None)
        .await;
    assert_eq!(
        deleted.body,
        json!({"message": "Sub-account deleted successfully"})
    );
    assert_eq!(h.get(&format!("{base}{sa}"), &parent).await.status, 404);
    assert_eq!(
        h.get("/api/v1/partner/me", &sub_creds).await.status,
        401,
        "deleting revokes the credentials"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sub_account_kyc_unblocks_calls_once_the_documents_verify() {
    let h = start(16).await;
    let parent = h.parent();
    let sub = h.sub_account("kyc-sub@acme.in", "customer_use").await;
    let kyc = format!("/api/v1/sub-accounts/{}/kyc", sub.0);
    let status = h.get(&format!("{kyc}/status"), &parent).await;
    assert_eq!(
        (
            status.body["overall_status"].as_str(),
            status.body["kyc_calls_blocked"].as_bool()
        ),
        (Some("not_started"), Some(true))
    );
    assert_eq!(
        h.get(&format!("{kyc}/status"), &sub).await.status,
        403,
        "the sub-account's own key is refused"
    );

    let pan = h
        .post(
            &format!("{kyc}/verify-pan"),
            &parent,
            json!({"pan": "ABCPD1234E"}),
        )
        .await;
    assert_eq!(
        (
            pan.body["verification_type"].as_str(),
            pan.body["status"].as_str()
        ),
        (Some("pan"), Some("verified"))
    );
    assert_eq!(
        pan.body["kyc_calls_blocked"], true,
        "an individual still needs Aadhaar"
    );
    assert_eq!(
        h.post(
            &format!("{kyc}/verify-pan"),
            &parent,
            json!({"pan": "SHORT"})
        )
        .await
        .status,
        400
    );

    let init = h
        .post(
            &format!("{kyc}/digilocker/initiate"),
            &parent,
            json!({"redirect_url": "https://app.example/back"}),
        )
        .await;
    let ar = init.body["access_request_id"].as_str().unwrap().to_owned();
    assert!(ar.starts_with("AR_"));
    let aadhaar = h
        .post(
            &format!("{kyc}/digilocker/verify"),
            &parent,
            json!({"access_request_id": ar}),
        )
        .await;
    assert_eq!(
        (
            aadhaar.body["status"].as_str(),
            aadhaar.body["source"].as_str(),
            aadhaar.body["kyc_calls_blocked"].as_bool()
        ),
        (Some("verified"), Some("digilocker"), Some(false))
    );
    let done = h.get(&format!("{kyc}/status"), &parent).await;
    assert_eq!(done.body["overall_status"], "verified");
}

#[tokio::test(flavor = "multi_thread")]
async fn test_mode_magic_inputs_behave_as_documented() {
    let h = start(17).await;
    let parent = h.parent();
    let sub = h.sub_account("magic@acme.in", "customer_use").await;
    h.send(
        Method::PUT,
        &format!("/api/v1/accounts/{}/sub-accounts/{}", parent.0, sub.0),
        Some(&parent),
        Some(json!({"business_type": "private_limited"})),
    )
    .await;
    let t = format!("/api/v1/sub-accounts/test/{}/kyc", sub.0);
    let pan = |v: &str| json!({"pan": v});
    assert_eq!(
        h.post(&format!("{t}/verify-pan"), &parent, pan("TESTFAIL0001"))
            .await
            .body["status"],
        "failed"
    );
    assert_eq!(
        h.post(&format!("{t}/verify-pan"), &parent, pan("TESTERROR0001"))
            .await
            .status,
        500
    );
    let pending = h
        .post(&format!("{t}/verify-pan"), &parent, pan("TESTPENDING_FAIL"))
        .await;
    assert_eq!(
        (
            pending.body["status"].as_str(),
            pending.body["mock"].as_bool()
        ),
        (Some("pending"), Some(true))
    );
    let fin = h
        .post(
            &format!("{t}/finalize-pending"),
            &parent,
            json!({"verification_type": "pan", "outcome": "verified"}),
        )
        .await;
    assert_eq!(
        fin.body["status"], "failed",
        "TESTPENDING_FAIL finalises to failed"
    );
    h.post(&format!("{t}/verify-pan"), &parent, pan("TESTPENDING001"))
        .await;
    let fin = h
        .post(
            &format!("{t}/finalize-pending"),
            &parent,
            json!({"verification_type": "pan", "outcome": "verified"}),
        )
        .await;
    assert_eq!(fin.body["status"], "verified");
    assert_eq!(
        h.post(
            &format!("{t}/finalize-pending"),
            &parent,
            json!({"verification_type": "pan", "outcome": "verified"})
        )
        .await
        .status,
        404,
        "nothing pending any more"
    );

    let gst = h
        .post(
            &format!("{t}/verify-gst"),
            &parent,
            json!({"gstin": "TESTSUCCESS0001"}),
        )
        .await;
    assert_eq!(
        (
            gst.body["status"].as_str(),
            gst.body["kyc_calls_blocked"].as_bool()
        ),
        (Some("verified"), Some(false))
    );
    let search = h
        .post(
            &format!("{t}/cin/search"),
            &parent,
            json!({"company_name": "Acme"}),
        )
        .await;
    let cin = search.body["matches"][0]["cin"]
        .as_str()
        .unwrap()
        .to_owned();
    let confirm = h
        .post(
            &format!("{t}/cin/confirm"),
            &parent,
            json!({"company_name": "Acme", "selected_cin": cin}),
        )
        .await;
    assert_eq!(confirm.body["status"], "verified");
    let wrong = h
        .post(
            &format!("{t}/cin/confirm"),
            &parent,
            json!({"company_name": "Acme", "selected_cin": "L00000XX0000PLC000000"}),
        )
        .await;
    assert_eq!(wrong.body["status"], "failed");
    assert_eq!(
        h.post(
            &format!("{t}/digilocker/initiate"),
            &parent,
            json!({"redirect_url": "https://x.example"})
        )
        .await
        .body["access_request_id"],
        "MOCK_AR_SUCCESS"
    );
    assert_eq!(
        h.post(
            &format!("{t}/digilocker/verify"),
            &parent,
            json!({"access_request_id": "MOCK_AR_FAIL"})
        )
        .await
        .body["status"],
        "failed"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn hosted_sub_account_sessions_send_the_sub_account_payload_signed_by_the_parent() {
    let h = start(18).await;
    let (url, got) = receiver(0).await;
    let parent = h.parent();
    let sub = h.sub_account("hosted@acme.in", "customer_use").await;
    let s = h
        .post(
            &format!("/api/v1/sub-accounts/{}/kyc-sessions", sub.0),
            &parent,
            json!({"flow_type": "email", "customer_email": "hosted@acme.in", "webhook_url": url}),
        )
        .await;
    assert_eq!(s.status, 201, "{s:?}");
    assert_eq!(s.body["account_auth_id"], sub.0.as_str());
    let initiated = wait_for(&got, 1).await;
    let payload: Value = serde_json::from_slice(&initiated[0].1).unwrap();
    assert_eq!(payload["event"], "kyc.initiated");
    assert!(
        signed_by(&initiated[0].0, &initiated[0].1, &parent.1),
        "signed with the parent token"
    );

    let done = h
        .control(
            Method::POST,
            &format!("/__sandbox/sub-accounts/{}/kyc/complete", sub.0),
            None,
        )
        .await;
    assert_eq!(done.body["kyc_calls_blocked"], false);
    let all = wait_for(&got, 2).await;
    let completed: Value = serde_json::from_slice(&all[1].1).unwrap();
    assert_eq!(completed["event"], "kyc.completed");
    assert_eq!(completed["session_status"], "kyc_completed");
    assert!(completed.get("timestamp").is_some() && completed.get("customer_email").is_some());
    assert_eq!(
        h.post(
            &format!("/api/v1/sub-accounts/{}/kyc-sessions", sub.0),
            &sub,
            json!({"customer_email": "a@b.co"})
        )
        .await
        .status,
        403
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_sub_account_session_sends_kyc_session_expired() {
    let h = start(19).await;
    let (url, got) = receiver(0).await;
    let parent = h.parent();
    let sub = h.sub_account("expiring@acme.in", "customer_use").await;
    let s = h
        .post(
            &format!("/api/v1/sub-accounts/{}/kyc-sessions", sub.0),
            &parent,
            json!({"customer_email": "expiring@acme.in", "webhook_url": url, "expires_in_days": 1}),
        )
        .await;
    assert_eq!(s.status, 201);
    wait_for(&got, 1).await;
    h.advance(86_401).await;
    let events = wait_for(&got, 2).await;
    let expired: Value = serde_json::from_slice(&events[1].1).unwrap();
    assert_eq!(expired["event"], "kyc.session_expired");
    assert_eq!(expired["session_status"], "expired");
    assert!(signed_by(&events[1].0, &events[1].1, &parent.1));
}

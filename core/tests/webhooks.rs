//! KYC webhooks (`vobiz_partner::webhooks`) against the sandbox's real deliveries: a loopback
//! receiver is the sessions' `webhook_url`, the sandbox signs and posts the events, and
//! every check runs on the raw body and headers as received.

mod sandbox;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use chrono::Utc;
use serde_json::json;
use vobiz_partner::models::{
    CreateSubAccount, KycMode, NewCustomer, NewKycSession, SubAccountKycSessionRequest,
};
use vobiz_partner::webhooks::{self, KycEventSource, KycEventType, VerifyOptions};
use vobiz_partner::{Error, ErrorKind};
use vobiz_sandbox::control::KycStep;

type Received = Arc<Mutex<Vec<(HeaderMap, Bytes)>>>;

/// A webhook receiver on loopback that records every delivery and answers 200.
async fn receiver() -> (String, Received) {
    let got: Received = Arc::default();
    let seen = got.clone();
    let app = axum::Router::new().fallback(move |headers: HeaderMap, body: Bytes| {
        let seen = seen.clone();
        async move {
            seen.lock().unwrap().push((headers, body));
            StatusCode::OK
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/kyc-webhook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, got)
}

/// Waits until `n` deliveries arrived (at most 5 s); returns them all.
async fn deliveries(got: &Received, n: usize) -> Vec<(HeaderMap, Bytes)> {
    for _ in 0..100 {
        if got.lock().unwrap().len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let all = got.lock().unwrap().clone();
    assert!(all.len() >= n, "{} of {n} deliveries arrived", all.len());
    all
}

fn header_pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap().to_owned()))
        .collect()
}

/// Asserts a refusal of kind WEBHOOK whose texts mention `expected` and never `secret`.
fn refused(result: vobiz_partner::Result<webhooks::KycEvent>, expected: &str, secret: &str) {
    let err = result.expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::Webhook, "{err}");
    assert!(matches!(err, Error::Webhook { .. }));
    let report = err.report();
    assert_eq!(report.code, "WEBHOOK");
    let text = format!("{err} | {err:?} | {report:?}");
    assert!(text.contains(expected), "{text}");
    assert!(!text.contains(secret), "the key leaked: {text}");
}

async fn customer(w: &sandbox::World, email: &str) -> String {
    w.partner
        .create_customer(&NewCustomer::new(
            "Hook Customer",
            email,
            "Str0ng!pass",
            "IN",
        ))
        .await
        .unwrap()
        .auth_id
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_partner_completion_is_verified_and_typed_and_every_forgery_refused() {
    let w = sandbox::start(71).await;
    let key = w.sandbox.seeded().partner.auth_token.clone();
    let parent_key = w.sandbox.seeded().parent.auth_token.clone();
    let (url, got) = receiver().await;
    let id = customer(&w, "hook1@acme.in").await;
    let mut metadata = serde_json::Map::new();
    metadata.insert("crm_id".into(), json!("lead-7"));
    let session = w
        .partner
        .create_kyc_session(&NewKycSession {
            webhook_url: Some(url),
            metadata: Some(metadata),
            ..NewKycSession::email(&id, "hook1@acme.in")
        })
        .await
        .unwrap();
    let session_id = session.session_id.unwrap();
    w.sandbox
        .kyc_session_step(&session_id, KycStep::Complete, Some("company"), None)
        .unwrap();
    let (headers, body) = deliveries(&got, 1).await.remove(0);

    // Accepted straight from the http::HeaderMap, with an age limit on the real clock.
    let limited = VerifyOptions {
        max_age: Some(Duration::from_secs(300)),
        now: None,
    };
    let event = webhooks::verify(&body, &headers, &key, limited).unwrap();
    assert_eq!(event.event, KycEventType::Completed);
    assert_eq!(event.source, Some(KycEventSource::Partner));
    assert_eq!(event.session_id.as_deref(), Some(session_id.as_str()));
    assert_eq!(event.account_auth_id.as_deref(), Some(id.as_str()));
    assert_eq!(event.status.as_deref(), Some("kyc_completed"));
    assert_eq!(event.kyc_type.as_deref(), Some("company"));
    assert_eq!(event.metadata, Some(json!({"crm_id": "lead-7"})));
    let data = event.verified_data.as_ref().unwrap();
    assert_eq!(data.pan_type.as_deref(), Some("company"));
    assert_eq!(data.completed_steps, ["pan", "gst"]);
    let at = event.occurred_at().unwrap();
    assert!((Utc::now() - at).num_seconds().abs() < 60, "{at}");
    assert_eq!(event.sub_account_id(), None);
    // The same from plain pairs and from the signature alone.
    let pairs = header_pairs(&headers);
    assert_eq!(
        webhooks::verify(&body, pairs.clone(), &key, VerifyOptions::default()).unwrap(),
        event
    );
    let signature = headers["x-vobiz-signature"].to_str().unwrap();
    assert!(signature.starts_with("sha256="));
    assert_eq!(
        webhooks::verify_signature(&body, signature, &key, VerifyOptions::default()).unwrap(),
        event
    );
    assert_eq!(webhooks::sign(&body, &key), signature);
    // Upper-case hex and any header-name case are the same signature.
    let upper = format!("sha256={}", signature["sha256=".len()..].to_uppercase());
    assert!(webhooks::verify(&body, [("X-VOBIZ-SIGNATURE", upper)], &key, limited).is_ok());

    // A tampered body: one byte changed, or re-serialised JSON.
    let mut tampered = body.to_vec();
    let pos = tampered.iter().position(|b| *b == b'c').unwrap();
    tampered[pos] = b'C';
    refused(
        webhooks::verify(&tampered, &headers, &key, VerifyOptions::default()),
        "does not match",
        &key,
    );
    let reserialised =
        serde_json::to_vec_pretty(&serde_json::from_slice::<serde_json::Value>(&body).unwrap())
            .unwrap();
    refused(
        webhooks::verify(&reserialised, &headers, &key, VerifyOptions::default()),
        "does not match",
        &key,
    );
    // The wrong key: the parent's token, a near miss.
    for wrong in [parent_key.clone(), format!("{key}x"), key[1..].to_owned()] {
        refused(
            webhooks::verify(&body, &headers, &wrong, VerifyOptions::default()),
            "does not match",
            &wrong,
        );
    }
    // A stale event: an hour after it was sent, with a 5-minute limit.
    let later = VerifyOptions {
        max_age: Some(Duration::from_secs(300)),
        now: Some(at_plus(&event, 3600)),
    };
    refused(
        webhooks::verify(&body, &headers, &key, later),
        "too old",
        &key,
    );
    // Missing, empty and garbled headers.
    let without: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("x-vobiz-signature"))
        .cloned()
        .collect();
    refused(
        webhooks::verify(&body, without.clone(), &key, VerifyOptions::default()),
        "no X-Vobiz-Signature",
        &key,
    );
    let with = |value: &str| {
        let mut all = without.clone();
        all.push(("X-Vobiz-Signature".into(), value.into()));
        all
    };
    for (value, expected) in [
        ("", "empty"),
        (&signature["sha256=".len()..], "not a sha256"),
        (&format!("sha1={}", &signature[7..]), "not a sha256"),
        (&format!("sha256={}", &signature[8..]), "not hex"),
        (&format!("sha256={}zz", &signature[9..]), "not hex"),
        (&signature[..39], "not 64"),
    ] {
        refused(
            webhooks::verify(&body, with(value), &key, VerifyOptions::default()),
            expected,
            &key,
        );
    }
    let empty = webhooks::verify(&body, &headers, "", VerifyOptions::default()).unwrap_err();
    assert_eq!(empty.validation_field(), Some("secret"));
}

fn at_plus(event: &webhooks::KycEvent, seconds: i64) -> chrono::DateTime<Utc> {
    event.occurred_at().unwrap() + chrono::Duration::seconds(seconds)
}

#[tokio::test(flavor = "multi_thread")]
async fn partner_failures_and_revocations_carry_their_reason() {
    let w = sandbox::start(72).await;
    let key = w.sandbox.seeded().partner.auth_token.clone();
    let (url, got) = receiver().await;
    let first = customer(&w, "hook2@acme.in").await;
    let second = customer(&w, "hook3@acme.in").await;
    let mut ids = Vec::new();
    for account in [&first, &second] {
        let s = w
            .partner
            .create_kyc_session(&NewKycSession {
                webhook_url: Some(url.clone()),
                ..NewKycSession::email(account.as_str(), "owner@acme.in")
            })
            .await
            .unwrap();
        ids.push(s.session_id.unwrap());
    }
    w.sandbox
        .kyc_session_step(&ids[0], KycStep::Fail, None, Some("PAN name mismatch"))
        .unwrap();
    deliveries(&got, 1).await;
    w.partner
        .revoke_kyc_session(&ids[1], Some("customer asked"))
        .await
        .unwrap();
    let all = deliveries(&got, 2).await;
    let events: Vec<_> = all
        .iter()
        .map(|(h, b)| webhooks::verify(b, h, &key, VerifyOptions::default()).unwrap())
        .collect();
    assert_eq!(events[0].event, KycEventType::Failed);
    assert_eq!(events[0].session_id.as_deref(), Some(ids[0].as_str()));
    assert_eq!(events[0].reason.as_deref(), Some("PAN name mismatch"));
    assert_eq!(events[1].event, KycEventType::SessionRevoked);
    assert_eq!(events[1].status.as_deref(), Some("revoked"));
    assert_eq!(events[1].reason.as_deref(), Some("customer asked"));
    assert!(
        events
            .iter()
            .all(|e| e.source == Some(KycEventSource::Partner))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sub_account_sessions_are_signed_with_the_parent_token() {
    let w = sandbox::start(73).await;
    let parent_key = w.sandbox.seeded().parent.auth_token.clone();
    let partner_key = w.sandbox.seeded().partner.auth_token.clone();
    let (url, got) = receiver().await;
    let created = w
        .parent
        .create_sub_account(CreateSubAccount {
            email: Some("sub-hook@acme.in".into()),
            kyc_mode: Some(KycMode::CustomerUse),
            ..CreateSubAccount::new("Hooked Retail")
        })
        .await
        .unwrap();
    let sub_id = created.sub_account.auth_id.clone();
    let sub = w.parent.sub_account(&sub_id).unwrap();
    let mut request = SubAccountKycSessionRequest::email("sub-hook@acme.in");
    request.webhook_url = Some(url);
    request.metadata = Some(json!({"tier": "gold"}).as_object().unwrap().clone());
    let session = sub.create_kyc_session(request).await.unwrap();
    let session_id = session.session_id.unwrap();
    deliveries(&got, 1).await;
    w.sandbox.sub_account_kyc(&sub_id, true).unwrap();
    let all = deliveries(&got, 2).await;

    let limited = VerifyOptions {
        max_age: Some(Duration::from_secs(60)),
        now: None,
    };
    let initiated = webhooks::verify(&all[0].1, &all[0].0, &parent_key, limited).unwrap();
    assert_eq!(initiated.event, KycEventType::Initiated);
    let completed = webhooks::verify(&all[1].1, &all[1].0, &parent_key, limited).unwrap();
    assert_eq!(completed.event, KycEventType::Completed);
    for event in [&initiated, &completed] {
        assert_eq!(event.source, Some(KycEventSource::SubAccount));
        assert_eq!(event.session_id.as_deref(), Some(session_id.as_str()));
        assert_eq!(event.sub_account_id(), Some(sub_id.as_str()));
        assert_eq!(event.customer_email.as_deref(), Some("sub-hook@acme.in"));
        assert_eq!(event.metadata, Some(json!({"tier": "gold"})));
        assert!(event.timestamp.is_some() && event.created_at.is_some());
        assert!(event.updated_at.is_some());
    }
    assert_eq!(initiated.status.as_deref(), Some("email_sent"));
    assert_eq!(completed.status.as_deref(), Some("kyc_completed"));
    // `session_status` is read into `status`, not kept twice.
    assert!(!completed.extra.contains_key("session_status"));
    // The partner's token is not this webhook's key.
    refused(
        webhooks::verify(&all[1].1, &all[1].0, &partner_key, limited),
        "does not match",
        &partner_key,
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn events_sent_on_a_moved_sandbox_clock_fail_the_age_limit() {
    let w = sandbox::start(74).await;
    let parent_key = w.sandbox.seeded().parent.auth_token.clone();
    let (url, got) = receiver().await;
    let created = w
        .parent
        .create_sub_account(CreateSubAccount {
            email: Some("clock@acme.in".into()),
            kyc_mode: Some(KycMode::CustomerUse),
            ..CreateSubAccount::new("Clockwork")
        })
        .await
        .unwrap();
    let sub = w.parent.sub_account(&created.sub_account.auth_id).unwrap();
    let limited = VerifyOptions {
        max_age: Some(Duration::from_secs(300)),
        now: None,
    };
    // Sent an hour "ago": a replayed old delivery.
    w.sandbox.advance_clock(-3600);
    let mut request = SubAccountKycSessionRequest::email("clock@acme.in");
    request.webhook_url = Some(url.clone());
    sub.create_kyc_session(request).await.unwrap();
    let old = deliveries(&got, 1).await.remove(0);
    // Signed correctly, so the signature alone passes; the age limit refuses it.
    assert!(webhooks::verify(&old.1, &old.0, &parent_key, VerifyOptions::default()).is_ok());
    refused(
        webhooks::verify(&old.1, &old.0, &parent_key, limited),
        "too old",
        &parent_key,
    );
    // Sent two hours "ahead": beyond any clock skew.
    w.sandbox.advance_clock(3600 * 3);
    let mut request = SubAccountKycSessionRequest::email("clock@acme.in");
    request.webhook_url = Some(url);
    sub.create_kyc_session(request).await.unwrap();
    // A new session revokes the first (kyc.session_revoked) and is initiated (kyc.initiated).
    let all = deliveries(&got, 3).await;
    for (headers, body) in &all[1..] {
        refused(
            webhooks::verify(body, headers, &parent_key, limited),
            "future",
            &parent_key,
        );
    }
}

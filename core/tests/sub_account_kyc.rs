//! Sub-account KYC (`SubAccount::kyc_status`, the verification steps, hosted sessions) and
//! its test mode (`SubAccount::kyc_test_mode`) against the sandbox.

mod sandbox;

use serde_json::json;
use vobiz_partner::models::{
    BusinessType, CreateSubAccount, KycMode, KycStatus, KycVerificationResult, PendingOutcome,
    SubAccountKycReminder, SubAccountKycSessionCreated, SubAccountKycSessionRequest,
    VerificationStatus, VerificationType,
};
use vobiz_partner::{ApiPath, ApiRequest, ErrorKind, SubAccount};

use sandbox::World;

/// A `customer_use` sub-account of `business_type`, and its handle.
async fn customer(w: &World, business_type: BusinessType) -> (SubAccount, String) {
    let created = w
        .parent
        .create_sub_account(CreateSubAccount {
            email: Some(format!("kyc-{}@acme.in", business_type.as_str())),
            kyc_mode: Some(KycMode::CustomerUse),
            business_type: Some(business_type),
            ..CreateSubAccount::new("Acme Retail")
        })
        .await
        .unwrap();
    let id = created.sub_account.auth_id.clone();
    (w.parent.sub_account(&id).unwrap(), id)
}

fn state(status: &KycStatus, document: VerificationType) -> VerificationStatus {
    status.verification(&document).cloned().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_company_unblocks_once_pan_and_gst_verify() {
    let w = sandbox::start(21).await;
    let (sub, id) = customer(&w, BusinessType::PrivateLimited).await;
    let status = sub.kyc_status().await.unwrap();
    assert_eq!(status.sub_account_id.as_deref(), Some(id.as_str()));
    assert_eq!(status.overall_status, Some(VerificationStatus::NotStarted));
    assert_eq!(status.kyc_calls_blocked, Some(true));
    assert_eq!(status.kyc_mode, Some(KycMode::CustomerUse));
    assert_eq!(status.business_type, Some(BusinessType::PrivateLimited));
    assert_eq!(
        state(&status, VerificationType::Gst),
        VerificationStatus::NotStarted
    );

    let pan = sub.verify_pan("aaacr5055k").await.unwrap();
    assert_eq!(pan.verification_type, VerificationType::Pan);
    assert_eq!(pan.status, VerificationStatus::Verified);
    assert_eq!(pan.pan.as_deref(), Some("AAACR5055K"));
    assert_eq!(pan.name_match, Some(true));
    assert!(pan.registered_name.is_some());
    assert_eq!(
        pan.kyc_calls_blocked,
        Some(true),
        "GST or CIN still missing"
    );
    assert_eq!(pan.mock, None);
    assert_eq!(
        sub.kyc_status().await.unwrap().overall_status,
        Some(VerificationStatus::Pending)
    );

    let gst = sub.verify_gst("27AAPFU0939F1ZV").await.unwrap();
    assert_eq!(gst.verification_type, VerificationType::Gst);
    assert_eq!(gst.status, VerificationStatus::Verified);
    assert_eq!(gst.gstin.as_deref(), Some("27AAPFU0939F1ZV"));
    assert!(gst.legal_name.is_some());
    assert_eq!(gst.kyc_calls_blocked, Some(false), "the gate flips");
    let status = sub.kyc_status().await.unwrap();
    assert_eq!(status.overall_status, Some(VerificationStatus::Verified));
    assert_eq!(status.kyc_calls_blocked, Some(false));
    assert_eq!(sub.get().await.unwrap().kyc_calls_blocked, Some(false));
}

#[tokio::test(flavor = "multi_thread")]
async fn real_routes_validate_documents_before_sending() {
    let w = sandbox::start(22).await;
    let (sub, _) = customer(&w, BusinessType::PrivateLimited).await;
    for (pan, why) in [
        ("TESTSUCCESS0001", "magic values belong to test mode"),
        ("ABCXD1234E", "X is no holder type"),
        ("ABCPD1234", "too short"),
    ] {
        let err = sub.verify_pan(pan).await.unwrap_err();
        assert_eq!(err.validation_field(), Some("pan"), "{why}");
    }
    let err = sub.verify_gst("27AAPFU0939F1ZW").await.unwrap_err();
    assert_eq!(err.validation_field(), Some("gstin"), "bad check character");
    let err = sub
        .cin_confirm("Acme", "U72900KA2024PTC12345")
        .await
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("selected_cin"));
    let err = sub.cin_search("   ").await.unwrap_err();
    assert_eq!(err.validation_field(), Some("company_name"));
    for url in ["/kyc/done", "ftp://x.in/done", "not a url"] {
        let err = sub.digilocker_initiate(url, None).await.unwrap_err();
        assert_eq!(err.validation_field(), Some("redirect_url"), "{url}");
    }
    let err = sub.digilocker_verify(" ", None).await.unwrap_err();
    assert_eq!(err.validation_field(), Some("access_request_id"));
    let err = sub
        .digilocker_verify("AR_12345678", Some("12"))
        .await
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("linked_number"));
    // Nothing was recorded.
    let status = sub.kyc_status().await.unwrap();
    assert_eq!(status.overall_status, Some(VerificationStatus::NotStarted));
}

#[tokio::test(flavor = "multi_thread")]
async fn cin_search_then_confirm_verifies_the_company() {
    let w = sandbox::start(23).await;
    let (sub, _) = customer(&w, BusinessType::Llp).await;
    let matches = sub.cin_search("Acme").await.unwrap();
    assert!(!matches.is_empty());
    let chosen = matches[0].cin.clone().unwrap();
    assert!(matches[0].company_name.as_deref().unwrap().contains("ACME"));
    assert_eq!(matches[0].status.as_deref(), Some("Active"));
    let confirmed = sub.cin_confirm("Acme", &chosen).await.unwrap();
    assert_eq!(confirmed.verification_type, VerificationType::Cin);
    assert_eq!(confirmed.status, VerificationStatus::Verified);
    assert_eq!(confirmed.cin.as_deref(), Some(chosen.as_str()));
    sub.verify_pan("AAACR5055K").await.unwrap();
    let status = sub.kyc_status().await.unwrap();
    assert_eq!(status.kyc_calls_blocked, Some(false), "PAN + CIN suffice");
    assert_eq!(
        state(&status, VerificationType::Cin),
        VerificationStatus::Verified
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_individual_needs_aadhaar_through_digilocker() {
    let w = sandbox::start(24).await;
    let (sub, _) = customer(&w, BusinessType::Individual).await;
    let pan = sub.verify_pan("ABCPD1234E").await.unwrap();
    assert_eq!(pan.kyc_calls_blocked, Some(true));
    let started = sub
        .digilocker_initiate("https://app.example.in/kyc/done", Some("state-42"))
        .await
        .unwrap();
    let request_id = started.access_request_id.unwrap();
    assert!(request_id.starts_with("AR_"));
    assert!(started.auth_url.unwrap().starts_with("https://"));
    let verified = sub
        .digilocker_verify(&request_id, Some("+919876543210"))
        .await
        .unwrap();
    assert_eq!(verified.verification_type, VerificationType::Aadhaar);
    assert_eq!(verified.status, VerificationStatus::Verified);
    assert_eq!(verified.source.as_deref(), Some("digilocker"));
    assert_eq!(verified.kyc_calls_blocked, Some(false));
    // An access request the API never issued.
    let err = sub.digilocker_verify("XX_unknown", None).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[tokio::test(flavor = "multi_thread")]
async fn test_mode_magic_inputs_give_their_documented_outcomes() {
    let w = sandbox::start(25).await;
    let (sub, _) = customer(&w, BusinessType::PrivateLimited).await;
    let test = sub.kyc_test_mode();
    assert_eq!(test.sub_account().id(), sub.id());

    let failed = test.verify_pan("TESTFAIL0001").await.unwrap();
    assert_eq!(
        (failed.status, failed.mock),
        (VerificationStatus::Failed, Some(true))
    );
    assert_eq!(
        sub.kyc_status().await.unwrap().overall_status,
        Some(VerificationStatus::Failed),
        "test mode writes real rows"
    );
    // The provider error is a 500, reported as such and not retried (a POST).
    let err = test.verify_pan("TESTERROR0001").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(err.status(), Some(500));

    let ok = test.verify_pan("TESTSUCCESS0001").await.unwrap();
    assert_eq!(ok.status, VerificationStatus::Verified);
    assert_eq!(ok.mock, Some(true));
    assert_eq!(ok.kyc_calls_blocked, Some(true));

    let gst = test.verify_gst("TESTSUCCESS0001").await.unwrap();
    assert_eq!(gst.status, VerificationStatus::Verified);
    assert_eq!(gst.kyc_calls_blocked, Some(false), "PAN + GST verified");

    // CIN: fixed matches; the documented CIN confirms, another fails.
    let matches = test.cin_search("Acme").await.unwrap();
    assert!(
        matches
            .iter()
            .any(|m| m.cin.as_deref() == Some("U72900KA2024PTC123456"))
    );
    let cin = test
        .cin_confirm("Acme", "U72900KA2024PTC123456")
        .await
        .unwrap();
    assert_eq!(
        (cin.status, cin.mock),
        (VerificationStatus::Verified, Some(true))
    );
    let cin = test.cin_confirm("Acme", "NOT-A-CIN").await.unwrap();
    assert_eq!(cin.status, VerificationStatus::Failed);

    // DigiLocker.
    let started = test
        .digilocker_initiate("https://app.example.in/back", None)
        .await
        .unwrap();
    assert!(started.access_request_id.is_some());
    let aadhaar = test.digilocker_verify("MOCK_AR_FAIL", None).await.unwrap();
    assert_eq!(aadhaar.status, VerificationStatus::Failed);
    let aadhaar = test
        .digilocker_verify("MOCK_AR_SUCCESS", None)
        .await
        .unwrap();
    assert_eq!(
        (aadhaar.verification_type, aadhaar.status),
        (VerificationType::Aadhaar, VerificationStatus::Verified)
    );

    // Loose checks only: empty and oversized inputs are still refused locally.
    assert_eq!(
        test.verify_pan("").await.unwrap_err().validation_field(),
        Some("pan")
    );
    assert_eq!(
        test.verify_gst(&"X".repeat(65))
            .await
            .unwrap_err()
            .validation_field(),
        Some("gstin")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn pending_mocks_settle_through_finalize_pending() {
    let w = sandbox::start(26).await;
    let (sub, _) = customer(&w, BusinessType::Individual).await;
    let test = sub.kyc_test_mode();

    let pending = test.verify_pan("TESTPENDING001").await.unwrap();
    assert_eq!(pending.status, VerificationStatus::Pending);
    let status = sub.kyc_status().await.unwrap();
    assert_eq!(
        state(&status, VerificationType::Pan),
        VerificationStatus::Pending
    );
    let done = test
        .finalize_pending(VerificationType::Pan, PendingOutcome::Verified)
        .await
        .unwrap();
    assert_eq!(
        (done.verification_type, done.status, done.mock),
        (
            VerificationType::Pan,
            VerificationStatus::Verified,
            Some(true)
        )
    );
    assert_eq!(done.kyc_calls_blocked, Some(true), "Aadhaar still missing");
    // Nothing pending any more.
    let err = test
        .finalize_pending(VerificationType::Pan, PendingOutcome::Verified)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);

    // TESTPENDING_FAIL fails whatever finalize asks.
    let pending = test.verify_gst("TESTPENDING_FAIL").await.unwrap();
    assert_eq!(pending.status, VerificationStatus::Pending);
    let done = test
        .finalize_pending(VerificationType::Gst, PendingOutcome::Verified)
        .await
        .unwrap();
    assert_eq!(done.status, VerificationStatus::Failed);

    // Aadhaar verifies: the individual's gate opens.
    let aadhaar = test
        .digilocker_verify("MOCK_AR_SUCCESS", None)
        .await
        .unwrap();
    assert_eq!(aadhaar.kyc_calls_blocked, Some(false));
    let status = sub.kyc_status().await.unwrap();
    assert_eq!(status.kyc_calls_blocked, Some(false));
    assert_eq!(status.overall_status, Some(VerificationStatus::Verified));

    let err = test
        .finalize_pending(
            VerificationType::parse("passport"),
            PendingOutcome::Verified,
        )
        .await
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("verification_type"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sub_accounts_own_key_is_refused_and_unknown_ids_are_not_found() {
    let w = sandbox::start(27).await;
    let created = w
        .parent
        .create_sub_account(CreateSubAccount::new("Self-serve"))
        .await
        .unwrap();
    let own = created.account_credentials().unwrap();
    let id = created.sub_account.auth_id;
    // The typed client cannot pair a sub-account's key with its KYC routes; the raw
    // transport can, and the API answers 403.
    let status = ApiRequest::get(
        ApiPath::v1()
            .lit("sub-accounts")
            .param("sub", &id)
            .unwrap()
            .lit("kyc/status"),
    );
    let err = w.transport.send(&own, &status).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    let pan = ApiRequest::post(
        ApiPath::v1()
            .lit("sub-accounts")
            .param("sub", &id)
            .unwrap()
            .lit("kyc/verify-pan"),
    )
    .json(&json!({"pan": "ABCPD1234E"}))
    .unwrap();
    let err = w.transport.send(&own, &pan).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);

    let ghost = w.parent.sub_account("SA_GHOST000").unwrap();
    assert_eq!(
        ghost.kyc_status().await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        ghost.verify_pan("ABCPD1234E").await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        ghost
            .kyc_test_mode()
            .verify_pan("TESTSUCCESS0001")
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        ghost
            .create_kyc_session(SubAccountKycSessionRequest::email("a@b.in"))
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn cin_search_is_retried_but_verifications_are_not() {
    let w = sandbox::start(28).await;
    let (sub, id) = customer(&w, BusinessType::PrivateLimited).await;
    for tail in ["cin/search", "verify-pan"] {
        w.control(
            reqwest::Method::POST,
            "/__sandbox/faults",
            Some(
                json!({"path": format!("/api/v1/sub-accounts/{id}/kyc/{tail}"),
                        "kind": "status", "status": 503, "count": 1}),
            ),
        )
        .await;
    }
    // A read marked safe: the 503 is retried and the search succeeds.
    assert!(!sub.cin_search("Acme").await.unwrap().is_empty());
    // A verification is not repeated blindly: the 503 comes back.
    let err = sub.verify_pan("AAACR5055K").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(
        sub.kyc_status().await.unwrap().overall_status,
        Some(VerificationStatus::NotStarted)
    );
    // Both faults fired (once each), so the search really was retried.
    let faults = w
        .control(reqwest::Method::GET, "/__sandbox/faults", None)
        .await;
    assert_eq!(faults["faults"], json!([]), "{faults}");
}

#[tokio::test(flavor = "multi_thread")]
async fn hosted_sessions_in_both_flows() {
    let w = sandbox::start(29).await;
    let (sub, id) = customer(&w, BusinessType::Individual).await;
    let mut email = SubAccountKycSessionRequest::email("owner@acme.in");
    email.webhook_url = Some("https://hooks.acme.in/kyc".into());
    email.expires_in_days = Some(30);
    email.reminder_schedule = vec![SubAccountKycReminder {
        days_before_expiry: 3,
    }];
    email.metadata = Some(json!({"crm_id": "42"}).as_object().unwrap().clone());
    let first = sub.create_kyc_session(email).await.unwrap();
    assert_eq!(first.status.as_deref(), Some("email_sent"));
    assert_eq!(first.account_auth_id.as_deref(), Some(id.as_str()));
    assert_eq!(first.customer_email.as_deref(), Some("owner@acme.in"));
    assert!(first.email_dispatched_to.unwrap().contains('*'));
    assert!(first.widget_url.is_none());
    let first_id = first.session_id.unwrap();
    let expires = first.expires_at.unwrap().to_utc().unwrap();
    assert!(expires > chrono::Utc::now() + chrono::Duration::days(29));

    let redirect = sub
        .create_kyc_session(SubAccountKycSessionRequest::redirect(
            "https://app.acme.in/kyc/back",
        ))
        .await
        .unwrap();
    assert_eq!(redirect.status.as_deref(), Some("link_ready"));
    let widget = redirect.widget_url.as_ref().unwrap();
    assert!(
        widget
            .expose()
            .starts_with("https://kyc.vobiz.ai/verify?token=kst_")
    );
    assert!(
        !format!("{redirect:?}").contains("kst_"),
        "the widget token never prints"
    );
    assert_ne!(redirect.session_id.as_deref(), Some(first_id.as_str()));

    // The newer session revoked the older one, whose webhook went out signed.
    let log = w
        .control(reqwest::Method::GET, "/__sandbox/webhooks", None)
        .await;
    let events: Vec<String> = log
        .as_array()
        .or_else(|| log.get("deliveries").and_then(|d| d.as_array()))
        .map(|a| {
            a.iter()
                .filter_map(|d| d.get("event").and_then(|e| e.as_str()).map(String::from))
                .collect()
        })
        .unwrap_or_default();
    assert!(events.iter().any(|e| e == "kyc.initiated"), "{log}");
    assert!(events.iter().any(|e| e == "kyc.session_revoked"), "{log}");

    for (request, field) in [
        (SubAccountKycSessionRequest::email("nope"), "customer_email"),
        (
            SubAccountKycSessionRequest::redirect("/relative"),
            "redirect_url",
        ),
        (
            SubAccountKycSessionRequest {
                expires_in_days: Some(0),
                ..SubAccountKycSessionRequest::email("a@b.in")
            },
            "expires_in_days",
        ),
        (
            SubAccountKycSessionRequest {
                webhook_url: Some("hooks.acme.in".into()),
                ..SubAccountKycSessionRequest::email("a@b.in")
            },
            "webhook_url",
        ),
    ] {
        assert_eq!(
            sub.create_kyc_session(request)
                .await
                .unwrap_err()
                .validation_field(),
            Some(field)
        );
    }
}

#[test]
fn kyc_answers_decode_with_unknown_values_and_extras() {
    let status: KycStatus = serde_json::from_value(json!({
        "sub_account_id": "SA_X", "kyc_mode": "customer_use", "business_type": null,
        "overall_status": "under_review", "kyc_calls_blocked": "true",
        "verifications": {"pan": "verified", "gst": "not_started", "video": "pending"},
        "next_step": "aadhaar"
    }))
    .unwrap();
    assert_eq!(
        status.overall_status,
        Some(VerificationStatus::Other("under_review".into()))
    );
    assert_eq!(status.kyc_calls_blocked, Some(true));
    assert_eq!(status.business_type, None);
    assert_eq!(
        state(&status, VerificationType::Pan),
        VerificationStatus::Verified
    );
    assert_eq!(status.verification(&VerificationType::Aadhaar), None);
    assert_eq!(status.verifications["video"], VerificationStatus::Pending);
    assert_eq!(status.extra["next_step"], json!("aadhaar"));

    // A status answer that omits the KYC fields entirely still decodes.
    let bare: KycStatus = serde_json::from_value(json!({})).unwrap();
    assert!(bare.verifications.is_empty() && bare.kyc_calls_blocked.is_none());

    let result: KycVerificationResult = serde_json::from_value(json!({
        "verification_type": "pan", "status": "pending", "mock": true,
        "provider": "perfios", "reference": "prf_123"
    }))
    .unwrap();
    assert_eq!(result.status, VerificationStatus::Pending);
    assert_eq!(result.kyc_calls_blocked, None);
    assert_eq!(result.extra["provider"], json!("perfios"));

    let created: SubAccountKycSessionCreated = serde_json::from_value(json!({
        "session_id": "4f7c", "status": "link_ready",
        "widget_url": "https://kyc.vobiz.ai/verify?token=kst_CANARY", "kyc_link": null,
        "expires_at": "2026-08-01T10:00:00+05:30"
    }))
    .unwrap();
    assert!(!format!("{created:?}").contains("CANARY"));
    assert!(!serde_json::to_string(&created).unwrap().contains("CANARY"));
    assert!(created.expires_at.unwrap().to_utc().is_some());
}

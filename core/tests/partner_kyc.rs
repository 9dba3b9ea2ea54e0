//! The partner's hosted KYC sessions (`create_kyc_session`, `list_kyc_sessions`,
//! `get_kyc_session`, `resend_kyc_session`, `revoke_kyc_session`) against the sandbox.

mod sandbox;

use reqwest::Method;
use serde_json::{Map, Value, json};
use vobiz_partner::models::{
    KycFlow, KycReminder, KycSession, KycSessionCreated, KycSessionFilters, KycSessionStatus,
    NewCustomer, NewKycSession,
};
use vobiz_partner::{Error, ErrorKind, PageOptions};

async fn customer(w: &sandbox::World, n: usize) -> String {
    w.partner
        .create_customer(&NewCustomer::new(
            format!("Kyc {n}"),
            format!("kyc{n}@acme.in"),
            "Str0ng!pass",
            "IN",
        ))
        .await
        .unwrap()
        .auth_id
        .unwrap()
}

fn pages_of(size: u32) -> PageOptions {
    PageOptions {
        page_size: size,
        prefetch: 2,
        ..PageOptions::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn email_flow_creates_sends_and_reads_back_by_id() {
    let w = sandbox::start(41).await;
    let id = customer(&w, 1).await;
    let mut metadata = Map::new();
    metadata.insert("crm_id".into(), json!("lead-42"));
    let request = NewKycSession {
        webhook_url: Some("http://127.0.0.1:9/kyc-hook".into()),
        expires_in_days: Some(14),
        reminder_schedule: vec![
            KycReminder::days_before_expiry(3),
            KycReminder::days_before_expiry(1),
        ],
        metadata: Some(metadata),
        ..NewKycSession::email(&id, "John@Example.com")
    };
    let created = w.partner.create_kyc_session(&request).await.unwrap();
    let session_id = created.session_id.clone().unwrap();
    assert_eq!(created.status.as_deref(), Some("email_sent"));
    assert_eq!(
        created.email_dispatched_to.as_deref(),
        Some("J***@Example.com")
    );
    assert_eq!(created.account_auth_id.as_deref(), Some(id.as_str()));
    assert!(created.widget_url.is_none() && created.kyc_type.is_none());

    // GET keys it `id`; everything sent is echoed.
    let session = w.partner.get_kyc_session(&session_id).await.unwrap();
    assert_eq!(session.id.as_deref(), Some(session_id.as_str()));
    assert_eq!(session.status.as_deref(), Some("email_sent"));
    assert_eq!(
        session.metadata.as_ref().unwrap()["crm_id"],
        json!("lead-42")
    );
    assert_eq!(
        session.reminder_schedule,
        vec![
            KycReminder::days_before_expiry(3),
            KycReminder::days_before_expiry(1)
        ]
    );
    let created_at = session.created_at.as_ref().unwrap().to_utc().unwrap();
    let expires = session.expires_at.as_ref().unwrap().to_utc().unwrap();
    assert_eq!((expires - created_at).num_days(), 14);
    assert!(!session.is_terminal());

    // The customer completes it on the widget: the session and the customer say so.
    for step in ["open", "submit"] {
        w.control(
            Method::POST,
            &format!("/__sandbox/kyc-sessions/{session_id}/{step}"),
            Some(json!({"kyc_type": "company"})),
        )
        .await;
    }
    let in_progress = w.partner.get_kyc_session(&session_id).await.unwrap();
    assert_eq!(in_progress.status.as_deref(), Some("in_progress"));
    assert_eq!(in_progress.kyc_type.as_deref(), Some("company"));
    assert!(in_progress.first_opened_at.is_some());
    w.control(
        Method::POST,
        &format!("/__sandbox/kyc-sessions/{session_id}/complete"),
        Some(json!({"kyc_type": "company"})),
    )
    .await;
    let done = w.partner.get_kyc_session(&session_id).await.unwrap();
    assert_eq!(done.status.as_deref(), Some("kyc_completed"));
    assert!(done.is_terminal() && done.completed_at.is_some());
    let verified = done.verified_data.unwrap();
    assert_eq!(verified.pan_type.as_deref(), Some("company"));
    assert!(verified.completed_steps.contains(&"pan".to_owned()));
    assert_eq!(
        w.partner
            .get_customer(&id)
            .await
            .unwrap()
            .kyc_status
            .as_deref(),
        Some("completed")
    );
    // A terminal session refuses resend and revoke with 409.
    let err = w.partner.resend_kyc_session(&session_id).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
    let err = w
        .partner
        .revoke_kyc_session(&session_id, None)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn redirect_flow_returns_a_widget_link_that_never_prints() {
    let w = sandbox::start(42).await;
    let id = customer(&w, 1).await;
    let created = w
        .partner
        .create_kyc_session(&NewKycSession::redirect(
            &id,
            "https://app.example.com/kyc/return",
        ))
        .await
        .unwrap();
    assert_eq!(created.status.as_deref(), Some("link_ready"));
    assert!(created.email_dispatched_to.is_none() && created.customer_email.is_none());
    let link = created.widget_url.clone().unwrap();
    assert!(
        link.expose()
            .starts_with("https://kyc.vobiz.ai/verify?token=kst_"),
        "{}",
        link.expose()
    );
    let token = link.expose().split("token=").nth(1).unwrap().to_owned();
    let shown = format!("{created:?} {}", serde_json::to_string(&created).unwrap());
    assert!(!shown.contains(&token), "{shown}");
    let session_id = created.session_id.unwrap();
    let session = w.partner.get_kyc_session(&session_id).await.unwrap();
    assert_eq!(
        session.redirect_url.as_deref(),
        Some("https://app.example.com/kyc/return")
    );
    // No email to resend on the redirect flow: 400.
    let err = w.partner.resend_kyc_session(&session_id).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest, "{err}");
    assert!(err.message().contains("redirect-flow"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn resend_honours_the_cooldown_as_a_rate_limit() {
    let w = sandbox::start(43).await;
    let id = customer(&w, 1).await;
    let session_id = w
        .partner
        .create_kyc_session(&NewKycSession::email(&id, "kyc1@acme.in"))
        .await
        .unwrap()
        .session_id
        .unwrap();
    w.advance(60).await;
    let err = w.partner.resend_kyc_session(&session_id).await.unwrap_err();
    match &err {
        Error::RateLimited { retry_after, .. } => {
            assert_eq!(retry_after.unwrap().as_secs(), 30 * 60 - 60, "{err}");
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(err.status(), Some(429));
    w.advance(30 * 60).await;
    let resent = w.partner.resend_kyc_session(&session_id).await.unwrap();
    assert!(resent.message.is_some());
    // The cooldown restarts from the last send.
    let err = w.partner.resend_kyc_session(&session_id).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_session_revokes_the_old_and_revoke_takes_a_reason() {
    let w = sandbox::start(44).await;
    let id = customer(&w, 1).await;
    let first = w
        .partner
        .create_kyc_session(&NewKycSession {
            webhook_url: Some("http://127.0.0.1:9/kyc-hook".into()),
            ..NewKycSession::email(&id, "kyc1@acme.in")
        })
        .await
        .unwrap()
        .session_id
        .unwrap();
    let second = w
        .partner
        .create_kyc_session(&NewKycSession::email(&id, "kyc1@acme.in"))
        .await
        .unwrap()
        .session_id
        .unwrap();
    assert_eq!(
        w.partner
            .get_kyc_session(&first)
            .await
            .unwrap()
            .status
            .as_deref(),
        Some("revoked")
    );
    let revoked = w
        .partner
        .list_kyc_sessions(
            KycSessionFilters {
                status: Some(KycSessionStatus::Revoked),
                ..KycSessionFilters::new()
            },
            pages_of(20),
        )
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(revoked.len(), 1);
    assert_eq!(revoked[0].id.as_deref(), Some(first.as_str()));

    let answer = w
        .partner
        .revoke_kyc_session(&second, Some("Wrong email"))
        .await
        .unwrap();
    assert_eq!(answer.session_id.as_deref(), Some(second.as_str()));
    assert_eq!(answer.message.as_deref(), Some("Session revoked"));
    assert_eq!(
        w.partner
            .get_kyc_session(&second)
            .await
            .unwrap()
            .status
            .as_deref(),
        Some("revoked")
    );
    let err = w
        .partner
        .revoke_kyc_session(&second, Some("again"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(err.message().contains("terminal"), "{err}");
    // The auto-revoke fired the first session's webhook.
    let log = w
        .control(Method::GET, "/__sandbox/webhooks", None)
        .await
        .to_string();
    assert!(
        log.contains("kyc.session_revoked") && log.contains(&first),
        "{log}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn listing_walks_every_page_and_filters() {
    let w = sandbox::start(45).await;
    let mut ids = Vec::new();
    for n in 0..5 {
        let id = customer(&w, n).await;
        let flow = if n % 2 == 0 {
            NewKycSession::email(&id, format!("kyc{n}@acme.in"))
        } else {
            NewKycSession::redirect(&id, "https://app.example.com/back")
        };
        w.partner.create_kyc_session(&flow).await.unwrap();
        w.advance(1).await;
        ids.push(id);
    }
    let all: Vec<KycSession> = w
        .partner
        .list_kyc_sessions(KycSessionFilters::new(), pages_of(2))
        .unwrap()
        .collect()
        .await
        .unwrap();
    let accounts: Vec<String> = all
        .iter()
        .map(|s| s.account_auth_id.clone().unwrap())
        .collect();
    let mut newest_first = ids.clone();
    newest_first.reverse();
    assert_eq!(accounts, newest_first);
    let ready = w
        .partner
        .list_kyc_sessions(
            KycSessionFilters {
                status: Some(KycSessionStatus::LinkReady),
                ..KycSessionFilters::new()
            },
            pages_of(1),
        )
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(ready.len(), 2);
    let one = w
        .partner
        .list_kyc_sessions(
            KycSessionFilters {
                account_auth_id: Some(ids[3].clone()),
                ..KycSessionFilters::new()
            },
            pages_of(20),
        )
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(one.len(), 1);
    let err = w
        .partner
        .list_kyc_sessions(KycSessionFilters::new(), pages_of(101))
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("size"));
    let err = w
        .partner
        .list_kyc_sessions(
            KycSessionFilters {
                account_auth_id: Some("PA_NOTACUST".into()),
                ..KycSessionFilters::new()
            },
            pages_of(20),
        )
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("account_auth_id"));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_requests_are_refused_before_sending_and_server_errors_are_typed() {
    let w = sandbox::start(46).await;
    let id = customer(&w, 1).await;
    let cases: Vec<(NewKycSession, &str)> = vec![
        (
            NewKycSession {
                redirect_url: None,
                ..NewKycSession::redirect(&id, "x")
            },
            "redirect_url",
        ),
        (
            NewKycSession::redirect(&id, "ftp://example.com/x"),
            "redirect_url",
        ),
        (NewKycSession::redirect(&id, "/relative"), "redirect_url"),
        (NewKycSession::email(&id, "not-an-email"), "customer_email"),
        (
            NewKycSession {
                webhook_url: Some("javascript:alert(1)".into()),
                ..NewKycSession::email(&id, "a@b.co")
            },
            "webhook_url",
        ),
        (
            NewKycSession {
                expires_in_days: Some(0),
                ..NewKycSession::email(&id, "a@b.co")
            },
            "expires_in_days",
        ),
        (
            NewKycSession {
                expires_in_days: Some(366),
                ..NewKycSession::email(&id, "a@b.co")
            },
            "expires_in_days",
        ),
        (
            NewKycSession {
                expires_in_days: Some(3),
                reminder_schedule: vec![KycReminder::days_before_expiry(5)],
                ..NewKycSession::email(&id, "a@b.co")
            },
            "reminder_schedule",
        ),
        (
            NewKycSession::email("SA_ABCDEFGH", "a@b.co"),
            "account_auth_id",
        ),
        (NewKycSession::email("", "a@b.co"), "account_auth_id"),
    ];
    for (request, field) in cases {
        let err = w.partner.create_kyc_session(&request).await.unwrap_err();
        assert_eq!(err.validation_field(), Some(field), "{err}");
    }
    let listed = w
        .partner
        .list_kyc_sessions(KycSessionFilters::new(), pages_of(20))
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert!(listed.is_empty(), "nothing reached the server");

    // Unknown customers and sessions are 404; ids that would change the URL never leave.
    let err = w
        .partner
        .create_kyc_session(&NewKycSession::email("MA_NOPE0000", "a@b.co"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = w
        .partner
        .get_kyc_session("00000000-0000-4000-8000-000000000000")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.message().contains("not found"), "{err}");
    for bad in ["", "a/b", ".."] {
        let err = w.partner.get_kyc_session(bad).await.unwrap_err();
        assert_eq!(err.validation_field(), Some("session_id"), "{bad:?}");
        let err = w.partner.revoke_kyc_session(bad, None).await.unwrap_err();
        assert_eq!(err.validation_field(), Some("session_id"), "{bad:?}");
    }

    // Without customer_email the email goes to the address on the account (the user's
    // partner-flow guide); the SDK leaves that to the server.
    let created = w
        .partner
        .create_kyc_session(&NewKycSession {
            account_auth_id: id.clone(),
            flow: KycFlow::Email,
            ..NewKycSession::default()
        })
        .await
        .unwrap();
    assert_eq!(created.status.as_deref(), Some("email_sent"));
    assert!(created.customer_email.is_some());
}

#[test]
fn session_quirks_decode() {
    // session_id on POST, id on GET: both read into the same field either way.
    let created: KycSessionCreated = serde_json::from_value(json!({
        "id": "kycs_abc123", "status": "email_sent", "kyc_type": null,
        "email_dispatched_to": "j***@example.com", "expires_at": "2026-05-12T10:00:00Z",
        "widget_url": null, "kyc_link": null
    }))
    .unwrap();
    assert_eq!(created.session_id.as_deref(), Some("kycs_abc123"));
    assert!(created.widget_url.is_none());
    let session: KycSession = serde_json::from_value(json!({
        "session_id": "kycs_abc123", "status": "kyc_completed", "kyc_type": "individual",
        "reminder_schedule": null, "metadata": {"crm": 1},
        "verified_data": {"pan_type": "individual", "pan_number": "GTBPDXXXXX",
                          "pan_name_match": "true", "completed_steps": ["pan", "aadhaar"],
                          "masked_aadhaar": "1234", "address": {"city": "Pune"}, "risk": "low"},
        "completed_at": "2026-05-07 09:45:35.79276+05:30", "brand_new": [1]
    }))
    .unwrap();
    assert_eq!(session.id.as_deref(), Some("kycs_abc123"));
    assert!(session.reminder_schedule.is_empty());
    assert!(session.is_terminal());
    let v = session.verified_data.clone().unwrap();
    assert_eq!(v.pan_name_match, Some(true));
    assert_eq!(v.completed_steps, vec!["pan", "aadhaar"]);
    assert_eq!(v.address.unwrap()["city"], json!("Pune"));
    assert_eq!(v.extra["risk"], json!("low"));
    assert_eq!(session.extra["brand_new"], json!([1]));
    assert!(session.completed_at.unwrap().to_utc().is_some());
    // An unknown status is kept, not rejected.
    let odd: KycSession = serde_json::from_value(json!({"id": "s", "status": "expired"})).unwrap();
    assert!(odd.is_terminal());
    // The widget link never prints.
    let redirect: KycSessionCreated = serde_json::from_value(json!({
        "session_id": "s", "status": "link_ready",
        "widget_url": "https://kyc.vobiz.ai/verify?token=kst_CANARY0123"
    }))
    .unwrap();
    let shown = format!("{redirect:?} {}", serde_json::to_string(&redirect).unwrap());
    assert!(!shown.contains("CANARY"), "{shown}");
    assert!(
        redirect
            .widget_url
            .unwrap()
            .expose()
            .ends_with("kst_CANARY0123")
    );
    assert_eq!(
        "LINK_READY".parse::<KycSessionStatus>().unwrap(),
        KycSessionStatus::LinkReady
    );
    assert_eq!(
        "failed"
            .parse::<KycSessionStatus>()
            .unwrap_err()
            .validation_field(),
        Some("status")
    );
    assert_eq!(
        "sms".parse::<KycFlow>().unwrap_err().validation_field(),
        Some("flow_type")
    );
    let _: Value = serde_json::to_value(KycReminder::days_before_expiry(3)).unwrap();
}

//! `Account` runtime methods against the sandbox: the account object and wallet, placing
//! calls (validation, every documented rejection), the CDRs those calls leave once the
//! clock passes their end, and recordings.

mod account_helpers;
mod sandbox;

use account_helpers::{customer, field, inventory, state, sub_account, wallet};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use vobiz_partner::models::{
    AccountCdrFilters, CallDirection, CallFired, CallRequest, CallStatus, Recording,
    RecordingFilters, RecordingType,
};
use vobiz_partner::{Account, ErrorKind, PageOptions};

fn pages(size: u32) -> PageOptions {
    PageOptions {
        page_size: size,
        ..Default::default()
    }
}

const ANSWER: &str = "https://app.example.com/answer";

/// The parent with one owned DID (its caller ID).
async fn with_did(w: &sandbox::World) -> String {
    let did = inventory(w, 1).remove(0);
    w.parent.purchase_from_inventory(&did, None).await.unwrap();
    did
}

async fn nothing_placed(w: &sandbox::World) {
    let s = state(w).await;
    assert_eq!(
        s["active_calls"].as_array().map(Vec::len),
        Some(0),
        "{}",
        s["active_calls"]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn details_and_balance_read_the_wallet_exactly() {
    let w = sandbox::start(61).await;
    let me = w.parent.auth_id().as_str().to_owned();
    let details = w.parent.details().await.unwrap();
    assert_eq!(details.auth_id.as_deref(), Some(me.as_str()));
    assert_eq!(details.billing_mode.as_deref(), Some("prepaid"));
    assert_eq!(
        details.resource_uri.as_deref(),
        Some(format!("/v1/Account/{me}/").as_str())
    );
    assert!(details.created.as_ref().unwrap().date().is_some());
    let balance = w.parent.balance().await.unwrap();
    assert_eq!(balance.cash_credits.as_decimal(), Decimal::new(10_000, 0));
    assert_eq!(balance.currency.as_deref(), Some("INR"));
    with_did(&w).await;
    assert_eq!(
        w.parent.balance().await.unwrap().cash_credits.as_decimal(),
        wallet(&w, &me)
    );
    // A sub-account reads its own object; the token never shows in Debug output.
    let sub = sub_account(&w, "details-sub@example.com", "personal_use").await;
    let own = sub.details().await.unwrap();
    assert_eq!(own.account_type.as_deref(), Some("sub_account"));
    let token = &w.sandbox.seeded().parent.auth_token;
    let shown = format!("{details:?} {balance:?} {own:?} {:?}", w.parent);
    assert!(!shown.contains(token.as_str()));
    // Wrong credentials are typed.
    let forged = w.account(&me, "not-the-token");
    assert_eq!(
        forged.balance().await.unwrap_err().kind(),
        ErrorKind::Authentication
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn calls_become_cdrs_that_list_search_and_get() {
    let w = sandbox::start(62).await;
    let did = with_did(&w).await;
    let fired = w
        .parent
        .make_call(&CallRequest::new(&did, "+919999911111", ANSWER))
        .await
        .unwrap();
    assert_eq!(fired.message.as_deref(), Some("Call fired"));
    assert_eq!(fired.request_uuids.len(), 1);
    let first = fired.request_uuid().unwrap().to_owned();
    // Several destinations, E.164 and SIP, ring at once: one UUID each.
    let mut many = CallRequest::new(&did, "919999922222", ANSWER);
    many.to.extend([
        "sip:alice@example.com".to_owned(),
        "+91 99999 33333".to_owned(),
        "+919999944444".to_owned(),
    ]);
    many.answer_method = Some(vobiz_partner::models::HttpMethod::Get);
    many.hangup_url = Some("https://app.example.com/hangup".into());
    many.caller_name = Some("Acme".into());
    many.time_limit = Some(30);
    let fired = w.parent.make_call(&many).await.unwrap();
    assert_eq!(fired.request_uuids.len(), 4);

    // No CDR until the calls end.
    assert_eq!(
        w.parent.get_cdr(&first).await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
    w.advance(120).await;

    let all = w
        .parent
        .list_cdrs(AccountCdrFilters::default(), pages(2))
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 5, "every page was fetched");
    assert!(
        all.iter()
            .all(|c| c.caller_id_number.as_deref() == Some(did.as_str()))
    );
    let cdr = w.parent.get_cdr(&first).await.unwrap();
    assert_eq!(cdr.uuid.as_deref(), Some(first.as_str()));
    assert_eq!(cdr.destination_number.as_deref(), Some("+919999911111"));
    assert!(cdr.answered() && cdr.cost.is_some());

    // One page with its aggregates.
    let page = w
        .parent
        .cdr_page(AccountCdrFilters::default(), 1, 2)
        .await
        .unwrap();
    assert_eq!(page.data.len(), 2);
    let pagination = page.pagination.unwrap();
    assert_eq!((pagination.total, pagination.pages), (Some(5), Some(3)));
    assert_eq!(page.summary.unwrap().total_calls, Some(5));

    // Filters, on the list and the search route.
    let to_one = AccountCdrFilters {
        to_number: Some("+919999911111".into()),
        call_direction: Some(CallDirection::Outbound),
        status: Some(CallStatus::Answered),
        ..Default::default()
    };
    let found = w
        .parent
        .search_cdrs(to_one.clone(), pages(10))
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    let listed = w
        .parent
        .list_cdrs(to_one, pages(10))
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(listed, found);
    let today = chrono::Utc::now().date_naive();
    let long_ago = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let old = AccountCdrFilters {
        start_date: Some(long_ago),
        end_date: Some(long_ago),
        ..Default::default()
    };
    assert!(
        w.parent
            .list_cdrs(old, pages(10))
            .unwrap()
            .collect()
            .await
            .unwrap()
            .is_empty()
    );
    let inbound = AccountCdrFilters {
        call_direction: Some(CallDirection::Inbound),
        ..Default::default()
    };
    assert!(
        w.parent
            .list_cdrs(inbound, pages(10))
            .unwrap()
            .collect()
            .await
            .unwrap()
            .is_empty()
    );

    let recent = w.parent.recent_cdrs(Some(3)).await.unwrap();
    assert_eq!(recent.len(), 3);
    assert_eq!(w.parent.recent_cdrs(None).await.unwrap().len(), 5);

    // Refused before sending.
    let lone = AccountCdrFilters {
        start_date: Some(today),
        ..Default::default()
    };
    assert_eq!(
        field(&w.parent.list_cdrs(lone, pages(10)).unwrap_err()),
        "end_date"
    );
    let backwards = AccountCdrFilters {
        start_date: Some(today),
        end_date: Some(long_ago),
        ..Default::default()
    };
    assert_eq!(
        field(&w.parent.list_cdrs(backwards, pages(10)).unwrap_err()),
        "start_date"
    );
    let words = AccountCdrFilters {
        from_number: Some("alice".into()),
        ..Default::default()
    };
    assert_eq!(
        field(&w.parent.search_cdrs(words, pages(10)).unwrap_err()),
        "from_number"
    );
    assert_eq!(
        field(&w.parent.recent_cdrs(Some(0)).await.unwrap_err()),
        "limit"
    );
    assert_eq!(
        field(
            &w.parent
                .cdr_page(AccountCdrFilters::default(), 0, 10)
                .await
                .unwrap_err()
        ),
        "page"
    );
    assert_eq!(
        field(
            &w.parent
                .cdr_page(AccountCdrFilters::default(), 1, 101)
                .await
                .unwrap_err()
        ),
        "per_page"
    );
    assert_eq!(
        field(&w.parent.get_cdr("a/b").await.unwrap_err()),
        "call_uuid"
    );

    // Another account sees none of them.
    let sub = sub_account(&w, "cdr-sub@example.com", "personal_use").await;
    assert!(sub.recent_cdrs(None).await.unwrap().is_empty());
    assert_eq!(
        sub.get_cdr(&first).await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_calls_are_refused_before_sending() {
    let w = sandbox::start(63).await;
    let did = with_did(&w).await;
    let ok = CallRequest::new(&did, "+919999911111", ANSWER);
    let mut cases: Vec<(CallRequest, &str)> = Vec::new();
    let mut c = ok.clone();
    c.from = "abc".into();
    cases.push((c, "from"));
    let mut c = ok.clone();
    c.to = vec![];
    cases.push((c, "to"));
    let mut c = ok.clone();
    c.to = vec!["12".into()];
    cases.push((c, "to"));
    let mut c = ok.clone();
    c.to = vec!["+919999911111<+919999922222".into()];
    cases.push((c, "to"));
    let mut c = ok.clone();
    c.to = vec!["sip:".into()];
    cases.push((c, "to"));
    let mut c = ok.clone();
    c.to = vec!["+919999911111".into(); 1001];
    cases.push((c, "to"));
    let mut c = ok.clone();
    c.answer_url = "/answer".into();
    cases.push((c, "answer_url"));
    let mut c = ok.clone();
    c.answer_url = "ftp://app.example.com/answer".into();
    cases.push((c, "answer_url"));
    let mut c = ok.clone();
    c.hangup_url = Some("app.example.com/hangup".into());
    cases.push((c, "hangup_url"));
    let mut c = ok.clone();
    c.caller_name = Some("x".repeat(51));
    cases.push((c, "caller_name"));
    let mut c = ok.clone();
    c.time_limit = Some(0);
    cases.push((c, "time_limit"));
    let mut c = ok.clone();
    c.machine_detection_time = Some(100);
    cases.push((c, "machine_detection_time"));
    let mut c = ok.clone();
    c.send_digits = Some("12;rm".into());
    cases.push((c, "send_digits"));
    for (request, expected) in cases {
        let err = w.parent.make_call(&request).await.unwrap_err();
        assert_eq!(field(&err), expected, "{:?}", request.to.first());
    }
    nothing_placed(&w).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn documented_rejections_are_typed() {
    let w = sandbox::start(64).await;
    let did = with_did(&w).await;
    // 429: more destinations than the concurrent-call limit. Never retried (a POST).
    let mut crowd = CallRequest::new(&did, "+919999900001", ANSWER);
    crowd.to = (0..11).map(|i| format!("+9199999000{i:02}")).collect();
    let err = w.parent.make_call(&crowd).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    nothing_placed(&w).await;
    // 402: an empty wallet.
    let broke: Account = customer(&w, "broke@example.com").await;
    let err = broke
        .make_call(&CallRequest::new("+919800000000", "+919999911111", ANSWER))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InsufficientBalance);
    // 403: a customer_use sub-account before KYC.
    let blocked = sub_account(&w, "blocked@example.com", "customer_use").await;
    let err = blocked
        .make_call(&CallRequest::new(&did, "+919999911111", ANSWER))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    assert_eq!(err.api_failure().unwrap().code(), Some("kyc_calls_blocked"));
    nothing_placed(&w).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn recordings_list_and_get() {
    let w = sandbox::start(65).await;
    let none = w
        .parent
        .list_recordings(
            RecordingFilters {
                recording_type: Some(RecordingType::Call),
                ..Default::default()
            },
            pages(5),
        )
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert!(none.is_empty());
    let err = w.parent.get_recording("rec-1").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.to_string().contains("Recording not found"), "{err}");
    assert_eq!(
        field(&w.parent.get_recording("../x").await.unwrap_err()),
        "recording_id"
    );
    let empty_uuid = RecordingFilters {
        call_uuid: Some(" ".into()),
        ..Default::default()
    };
    assert_eq!(
        field(&w.parent.list_recordings(empty_uuid, pages(5)).unwrap_err()),
        "call_uuid"
    );
    assert_eq!(
        field(
            &w.parent
                .list_recordings(RecordingFilters::default(), pages(101))
                .unwrap_err()
        ),
        "page_size"
    );
}

#[test]
fn recordings_and_call_answers_decode_with_their_quirks() {
    let r: Recording = serde_json::from_str(
        r#"{"add_time":"2026-05-07 09:45:35.79276+05:30","call_uuid":"c-1","conference_name":null,
            "from_number":"+919876543210","monthly_recording_storage_amount":0,
            "recording_duration_ms":"15300.00000","recording_end_ms":"1715060000000.0",
            "recording_format":"mp3","recording_id":"r-1","recording_storage_duration":3,
            "recording_storage_rate":"0.00400","recording_type":"call",
            "recording_url":"https://media.vobiz.ai/r-1.mp3",
            "resource_uri":"/v1/Account/MA_X/Recording/r-1/","rounded_recording_duration":"16",
            "to_number":"+919999911111","transcription":{"status":"none"}}"#,
    )
    .unwrap();
    assert_eq!(
        r.add_time.unwrap().to_utc().unwrap().to_rfc3339(),
        "2026-05-07T04:15:35.792760+00:00"
    );
    assert_eq!(r.recording_duration_ms, Some(15300.0));
    assert_eq!(r.rounded_recording_duration, Some(16));
    assert_eq!(
        r.recording_storage_rate.unwrap().as_decimal(),
        Decimal::new(400, 5)
    );
    assert_eq!(r.extra["transcription"]["status"], "none");
    // request_uuid: one string, a list, or the older `call_uuid`.
    for (json, expected) in [
        (
            r#"{"api_id":"a","message":"Call fired","request_uuid":"u1"}"#,
            vec!["u1"],
        ),
        (r#"{"request_uuid":["u1","u2"]}"#, vec!["u1", "u2"]),
        (r#"{"message":"call fired","call_uuid":"u3"}"#, vec!["u3"]),
        (r#"{"message":"Call fired"}"#, vec![]),
    ] {
        let fired: CallFired = serde_json::from_str(json).unwrap();
        assert_eq!(fired.request_uuids, expected, "{json}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrency_counts_the_calls_in_progress_against_the_limit() {
    let w = sandbox::start(66).await;
    let me = w.parent.auth_id().as_str().to_owned();
    let idle = w.parent.concurrency().await.unwrap();
    assert_eq!(idle.account_id.as_deref(), Some(me.as_str()));
    assert_eq!(idle.concurrent_calls, Some(0));
    assert_eq!(idle.max_concurrent, Some(10));
    assert_eq!(idle.utilization_pct, Some(0.0));
    assert_eq!(idle.request_id.as_ref().map(String::len), Some(32));
    let did = with_did(&w).await;
    let mut two = CallRequest::new(&did, "+919999911111", ANSWER);
    two.to.push("+919999922222".into());
    w.parent.make_call(&two).await.unwrap();
    let busy = w.parent.concurrency().await.unwrap();
    assert_eq!(busy.concurrent_calls, Some(2));
    assert_eq!(busy.utilization_pct, Some(20.0));
    // Another account's credentials are refused, typed.
    let forged = w.account(&me, "not-the-token");
    assert_eq!(
        forged.concurrency().await.unwrap_err().kind(),
        ErrorKind::Authentication
    );
}

//! `Account` number health, CDR export and recording delete against the sandbox.

mod account_helpers;
mod sandbox;

use account_helpers::{field, inventory, sub_account};
use chrono::NaiveDate;
use serde_json::json;
use vobiz_partner::ErrorKind;
use vobiz_partner::models::{
    AccountCdrFilters, CallDirection, HealthGranularity, HealthQuery, NumberHealth,
};

/// The parent with one owned DID.
async fn with_did(w: &sandbox::World) -> String {
    let did = inventory(w, 1).remove(0);
    w.parent.purchase_from_inventory(&did, None).await.unwrap();
    did
}

async fn simulate(w: &sandbox::World, did: &str, direction: &str, answered: bool, secs: u64) {
    w.control(
        reqwest::Method::POST,
        "/__sandbox/calls",
        Some(
            json!({"e164": did, "direction": direction, "answered": answered,
                    "duration_seconds": secs, "peer": "+919999955555"}),
        ),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn number_health_reads_the_numbers_statistics() {
    let w = sandbox::start(91).await;
    let did = with_did(&w).await;
    simulate(&w, &did, "inbound", true, 120).await;
    w.advance(300).await;
    simulate(&w, &did, "inbound", false, 0).await;
    w.advance(300).await;

    // `+91…`, `%2B91…` and `91…` all name the number.
    let health = w
        .parent
        .number_health(&did, HealthQuery::default())
        .await
        .unwrap();
    assert_eq!(health.e164.as_deref(), Some(did.as_str()));
    assert_eq!(health.status.as_deref(), Some("active"));
    assert_eq!(health.usage_status.as_deref(), Some("active"));
    assert_eq!(health.is_spam, Some(false));
    assert_eq!(health.granularity.as_deref(), Some("day"));
    let summary = health.summary.clone().unwrap();
    assert_eq!(summary.period_days, Some(7));
    assert_eq!(
        (summary.total_calls, summary.answered_calls),
        (Some(2), Some(1))
    );
    assert_eq!(summary.answer_rate, Some(50.0));
    assert_eq!(summary.total_minutes, Some(2.0));
    assert_eq!(health.snapshots.len(), 7);
    let total: u64 = health
        .snapshots
        .iter()
        .map(|s| s.total_calls.unwrap())
        .sum();
    assert_eq!(total, 2);
    assert!(
        health
            .snapshots
            .iter()
            .all(|s| s.ts.is_some() && s.id.is_some())
    );
    let encoded = did.replacen('+', "%2B", 1);
    let bare = did.trim_start_matches('+');
    for form in [encoded.as_str(), bare] {
        let again = w
            .parent
            .number_health(form, HealthQuery::default())
            .await
            .unwrap();
        assert_eq!(again.summary, health.summary);
    }

    let hourly = w
        .parent
        .number_health(
            &did,
            HealthQuery {
                granularity: Some(HealthGranularity::Hour),
                days: Some(2),
            },
        )
        .await
        .unwrap();
    assert_eq!(hourly.granularity.as_deref(), Some("hour"));
    assert_eq!(hourly.snapshots.len(), 48);
    assert_eq!(hourly.summary.unwrap().period_days, Some(2));

    // Validation before sending.
    for days in [0, 91] {
        let err = w
            .parent
            .number_health(
                &did,
                HealthQuery {
                    days: Some(days),
                    ..Default::default()
                },
            )
            .await
            .unwrap_err();
        assert_eq!(field(&err), "days");
    }
    for bad in ["", "abc", "+12"] {
        let err = w
            .parent
            .number_health(bad, HealthQuery::default())
            .await
            .unwrap_err();
        assert_eq!(field(&err), "e164", "{bad}");
    }

    // Another account's or nobody's number: 403; unknown: 404.
    let unowned = inventory(&w, 1).remove(0);
    let err = w
        .parent
        .number_health(&unowned, HealthQuery::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    let sub = sub_account(&w, "health-sub@example.com", "personal_use").await;
    let err = sub
        .number_health(&did, HealthQuery::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    let err = w
        .parent
        .number_health("+15550001111", HealthQuery::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[tokio::test(flavor = "multi_thread")]
async fn cdr_export_is_csv_text_with_the_list_filters() {
    let w = sandbox::start(92).await;
    let did = with_did(&w).await;
    simulate(&w, &did, "inbound", true, 30).await;
    simulate(&w, &did, "outbound", true, 30).await;
    w.advance(120).await;

    let csv = w
        .parent
        .export_cdrs(AccountCdrFilters::default())
        .await
        .unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].starts_with("uuid,call_direction,"));
    let inbound = w
        .parent
        .export_cdrs(AccountCdrFilters {
            call_direction: Some(CallDirection::Inbound),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(inbound.lines().count(), 2);
    assert!(inbound.lines().nth(1).unwrap().contains(",inbound,"));
    let none = w
        .parent
        .export_cdrs(AccountCdrFilters {
            to_number: Some("+911111".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(none.lines().count(), 1, "header only");

    // The list's rules apply before sending.
    let day = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
    let lone = AccountCdrFilters {
        start_date: Some(day),
        ..Default::default()
    };
    assert_eq!(
        field(&w.parent.export_cdrs(lone).await.unwrap_err()),
        "end_date"
    );
    let bad_number = AccountCdrFilters {
        from_number: Some("abc".into()),
        ..Default::default()
    };
    assert_eq!(
        field(&w.parent.export_cdrs(bad_number).await.unwrap_err()),
        "from_number"
    );

    // An answer that is not CSV is a decode error, not a string of JSON.
    w.control(
        reqwest::Method::POST,
        "/__sandbox/faults",
        Some(
            json!({"path": "/api/v1/Account/*/cdr/export", "kind": "status",
                    "status": 200, "body": {"data": []}, "count": 1}),
        ),
    )
    .await;
    let err = w
        .parent
        .export_cdrs(AccountCdrFilters::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(err.to_string().contains("text/csv"), "{err}");

    let forged = w.account(w.parent.auth_id().as_str(), "not-the-token");
    assert_eq!(
        forged
            .export_cdrs(AccountCdrFilters::default())
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::Authentication
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn recording_delete_reports_unknown_ids_and_refuses_bad_ones() {
    let w = sandbox::start(93).await;
    let err = w.parent.delete_recording("rec-unknown").await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.to_string().contains("Recording not found"), "{err}");
    for bad in ["", "a/b", "..", "x?y"] {
        assert_eq!(
            field(&w.parent.delete_recording(bad).await.unwrap_err()),
            "recording_id"
        );
    }
    // A 204 from the API is success (injected: the sandbox holds no recordings).
    w.control(
        reqwest::Method::POST,
        "/__sandbox/faults",
        Some(
            json!({"method": "DELETE", "path": "/api/v1/Account/*/Recording/*", "kind": "status",
                    "status": 204, "count": 1}),
        ),
    )
    .await;
    w.parent.delete_recording("rec-1").await.unwrap();
}

#[test]
fn health_quirk_fixtures_decode() {
    let h: NumberHealth = serde_json::from_str(
        r#"{"e164":"+918065550001","status":"active","is_spam":"false","granularity":"day",
            "summary":{"period_days":"7","total_calls":3,"answer_rate":"66.67","total_minutes":1.5,"avg_duration":null},
            "snapshots":null,"spam_score":0.1}"#,
    )
    .unwrap();
    assert_eq!(h.is_spam, Some(false));
    let s = h.summary.unwrap();
    assert_eq!((s.period_days, s.answer_rate), (Some(7), Some(66.67)));
    assert_eq!(s.avg_duration, None);
    assert!(h.snapshots.is_empty());
    assert_eq!(h.extra["spam_score"], 0.1);
    let h: NumberHealth = serde_json::from_str(
        r#"{"snapshots":[{"id":42,"ts":"2026-07-03 00:00:00+05:30","total_calls":"2","failed_calls":1}]}"#,
    )
    .unwrap();
    assert_eq!(h.snapshots[0].id.as_deref(), Some("42"));
    assert!(h.snapshots[0].ts.as_ref().unwrap().to_utc().is_some());
    assert_eq!(h.snapshots[0].total_calls, Some(2));
    let empty: NumberHealth = serde_json::from_str("{}").unwrap();
    assert!(empty.summary.is_none());
}

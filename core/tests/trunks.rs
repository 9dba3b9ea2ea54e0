//! `Account` trunk methods against the sandbox: create (typed request, validated before
//! sending), list with auto-paging, get, partial update, delete, and lenient decoding.

mod account_helpers;
mod sandbox;

use account_helpers::{field, sub_account};
use futures::StreamExt;
use vobiz_partner::models::{
    HttpMethod, SipTransport, Trunk, TrunkDirection, TrunkRequest, TrunkStatus,
};
use vobiz_partner::{Account, ErrorKind, PageOptions};

fn small_pages(size: u32) -> PageOptions {
    PageOptions {
        page_size: size,
        ..Default::default()
    }
}

async fn count(account: &Account) -> usize {
    account
        .list_trunks(PageOptions::default())
        .unwrap()
        .collect()
        .await
        .unwrap()
        .len()
}

#[tokio::test(flavor = "multi_thread")]
async fn create_sends_the_typed_field_set_and_reads_the_trunk() {
    let w = sandbox::start(41).await;
    let mut request = TrunkRequest::named("  Outbound EU  ");
    request.trunk_direction = Some(TrunkDirection::Outbound);
    request.trunk_status = Some(TrunkStatus::Enabled);
    request.transport = Some(SipTransport::Tls);
    request.secure = Some(true);
    request.concurrent_calls_limit = Some(25);
    request.cps_limit = Some(5);
    request.description = Some("EU carrier".into());
    request.webhook_url = Some("https://hooks.example.com/trunk".into());
    request.webhook_method = Some(HttpMethod::Get);
    request.recording = Some(true);
    let trunk = w.parent.create_trunk(&request).await.unwrap();
    let id = trunk.trunk_id.clone().unwrap();
    assert_eq!(trunk.name.as_deref(), Some("Outbound EU"));
    assert_eq!(
        trunk.account_id.as_deref(),
        Some(w.parent.auth_id().as_str())
    );
    assert_eq!(
        trunk.trunk_domain.as_deref(),
        Some(format!("{id}.sip.vobiz.ai").as_str())
    );
    assert_eq!(trunk.trunk_direction.as_deref(), Some("outbound"));
    assert_eq!(trunk.trunk_status.as_deref(), Some("enabled"));
    assert_eq!(trunk.transport.as_deref(), Some("tls"));
    assert_eq!(trunk.secure, Some(true));
    assert_eq!(
        (trunk.concurrent_calls_limit, trunk.cps_limit),
        (Some(25), Some(5))
    );
    assert_eq!(trunk.webhook_method.as_deref(), Some("GET"));
    assert_eq!(
        trunk.webhook_url.as_deref(),
        Some("https://hooks.example.com/trunk")
    );
    assert_eq!(trunk.recording, Some(true));
    assert!(trunk.created_at.unwrap().to_utc().is_some());

    // Only a name: the API's defaults.
    let minimal = w
        .parent
        .create_trunk(&TrunkRequest::named("Inbound"))
        .await
        .unwrap();
    assert_eq!(
        (minimal.cps_limit, minimal.concurrent_calls_limit),
        (Some(2), Some(10))
    );
    assert_eq!(minimal.transport.as_deref(), Some("udp"));
    assert_eq!(minimal.secure, Some(false));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_trunk_input_is_refused_before_sending() {
    let w = sandbox::start(42).await;
    let too_long = "x".repeat(501);
    let cases: Vec<(TrunkRequest, &str)> = vec![
        (TrunkRequest::default(), "name"),
        (TrunkRequest::named("   "), "name"),
        (TrunkRequest::named("x".repeat(256)), "name"),
        (
            TrunkRequest {
                cps_limit: Some(101),
                ..TrunkRequest::named("T")
            },
            "cps_limit",
        ),
        (
            TrunkRequest {
                concurrent_calls_limit: Some(1001),
                ..TrunkRequest::named("T")
            },
            "concurrent_calls_limit",
        ),
        (
            TrunkRequest {
                description: Some(too_long),
                ..TrunkRequest::named("T")
            },
            "description",
        ),
        (
            TrunkRequest {
                webhook_url: Some("ftp://hooks.example.com/x".into()),
                ..TrunkRequest::named("T")
            },
            "webhook_url",
        ),
        (
            TrunkRequest {
                webhook_url: Some("/relative/hook".into()),
                ..TrunkRequest::named("T")
            },
            "webhook_url",
        ),
    ];
    for (request, expected) in cases {
        let err = w.parent.create_trunk(&request).await.unwrap_err();
        assert_eq!(field(&err), expected, "{request:?}");
    }
    assert_eq!(count(&w.parent).await, 0, "nothing was created");
    // The server's own check (SSRF: private webhook addresses) comes back typed.
    let private = TrunkRequest {
        webhook_url: Some("http://10.0.0.7/hook".into()),
        ..TrunkRequest::named("T")
    };
    let err = w.parent.create_trunk(&private).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest);
    assert!(
        err.api_failure()
            .unwrap()
            .message()
            .unwrap()
            .contains("webhook_url")
    );
    // Ids that could escape their path segment never leave.
    for bad in ["", "a/b", "..", "x?y"] {
        assert_eq!(
            field(&w.parent.get_trunk(bad).await.unwrap_err()),
            "trunk_id"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn listing_walks_every_page_newest_first() {
    let w = sandbox::start(43).await;
    for i in 0..5 {
        w.parent
            .create_trunk(&TrunkRequest::named(format!("Trunk {i}")))
            .await
            .unwrap();
        w.advance(1).await;
    }
    let all = w
        .parent
        .list_trunks(small_pages(2))
        .unwrap()
        .collect()
        .await
        .unwrap();
    let names: Vec<_> = all.iter().map(|t| t.name.clone().unwrap()).collect();
    assert_eq!(
        names,
        ["Trunk 4", "Trunk 3", "Trunk 2", "Trunk 1", "Trunk 0"]
    );
    let limited = w
        .parent
        .list_trunks(PageOptions {
            page_size: 2,
            max_items: Some(3),
            prefetch: 1,
        })
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(limited.len(), 3);
    // Lazy: the first item arrives without the rest being needed.
    let mut stream = w.parent.list_trunks(small_pages(1)).unwrap().stream();
    assert_eq!(
        stream.next().await.unwrap().unwrap().name.as_deref(),
        Some("Trunk 4")
    );
    assert_eq!(
        field(&w.parent.list_trunks(small_pages(101)).unwrap_err()),
        "page_size"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn get_update_and_delete() {
    let w = sandbox::start(44).await;
    let created = w
        .parent
        .create_trunk(&TrunkRequest {
            cps_limit: Some(3),
            description: Some("first".into()),
            ..TrunkRequest::named("Main")
        })
        .await
        .unwrap();
    let id = created.trunk_id.clone().unwrap();
    assert_eq!(w.parent.get_trunk(&id).await.unwrap(), created);

    // A patch: only the fields set change.
    let updated = w
        .parent
        .update_trunk(
            &id,
            &TrunkRequest {
                cps_limit: Some(9),
                trunk_status: Some(TrunkStatus::Disabled),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.cps_limit, Some(9));
    assert_eq!(updated.trunk_status.as_deref(), Some("disabled"));
    assert_eq!(updated.name.as_deref(), Some("Main"));
    assert_eq!(updated.description.as_deref(), Some("first"));
    let err = w
        .parent
        .update_trunk(
            &id,
            &TrunkRequest {
                cps_limit: Some(500),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(field(&err), "cps_limit");
    assert_eq!(w.parent.get_trunk(&id).await.unwrap().cps_limit, Some(9));

    // Another account's trunk is not found, like a missing one.
    let sub = sub_account(&w, "trunk-sub@example.com", "personal_use").await;
    assert_eq!(
        sub.get_trunk(&id).await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        sub.delete_trunk(&id).await.unwrap_err().kind(),
        ErrorKind::NotFound
    );

    w.parent.delete_trunk(&id).await.unwrap();
    assert_eq!(
        w.parent.get_trunk(&id).await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        w.parent.delete_trunk(&id).await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(count(&w.parent).await, 0);
}

#[test]
fn trunks_decode_every_documented_variant() {
    // The partner-flow example: `auth_id` instead of `account_id`, `active`, `both`,
    // numbers as strings, and a field this SDK does not know.
    let trunk: Trunk = serde_json::from_str(
        r#"{"trunk_id":"aabbcc-dd","auth_id":"MA_XXXXXX","name":"My SIP Trunk",
            "trunk_domain":"aabbcc-dd.sip.vobiz.ai","trunk_status":"active","secure":"false",
            "trunk_direction":"both","concurrent_calls_limit":"10","cps_limit":5,
            "transport":"udp","created_at":"2026-03-25T14:09:12Z",
            "updated_at":"2026-03-25 19:39:12.123456+05:30","brand_new_field":{"x":1}}"#,
    )
    .unwrap();
    assert_eq!(trunk.account_id.as_deref(), Some("MA_XXXXXX"));
    assert_eq!(trunk.trunk_status.as_deref(), Some("active"));
    assert_eq!(trunk.secure, Some(false));
    assert_eq!(
        (trunk.concurrent_calls_limit, trunk.cps_limit),
        (Some(10), Some(5))
    );
    assert_eq!(
        trunk.updated_at.unwrap().to_utc(),
        trunk
            .created_at
            .unwrap()
            .to_utc()
            .map(|t| t + chrono::Duration::microseconds(123_456))
    );
    assert_eq!(trunk.extra["brand_new_field"]["x"], 1);
    // Nulls and absent fields are simply `None`.
    let sparse: Trunk = serde_json::from_str(r#"{"trunk_id":"t","webhook_url":null}"#).unwrap();
    assert_eq!(sparse.webhook_url, None);
    assert!(sparse.extra.is_empty());
}

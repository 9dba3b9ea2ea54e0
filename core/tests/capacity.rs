//! Capacity allocation (`transfer_capacity`, `reclaim_capacity`, `customer_capacity`,
//! `list_capacity_transfers`) against the sandbox.

mod sandbox;

use vobiz_partner::models::{
    CapacityMove, CapacityResource, CapacityTransfer, CapacityTransferResult, CustomerCapacity,
    NewCustomer,
};
use vobiz_partner::{ErrorKind, PageOptions};

async fn customer(w: &sandbox::World, n: u32) -> String {
    let created = w
        .partner
        .create_customer(&NewCustomer::new(
            format!("Cap {n}"),
            format!("cap{n}@acme.in"),
            "Str0ng!pass",
            "IN",
        ))
        .await
        .unwrap();
    created.auth_id.unwrap()
}

async fn history(w: &sandbox::World) -> Vec<CapacityTransfer> {
    w.partner
        .list_capacity_transfers(PageOptions::default())
        .unwrap()
        .collect()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn transfer_and_reclaim_move_slots_between_pool_and_customer() {
    let w = sandbox::start(61).await;
    let id = customer(&w, 1).await;
    let before = w.partner.customer_capacity(&id).await.unwrap();
    assert_eq!(before.customer_auth_id.as_deref(), Some(id.as_str()));
    assert_eq!(
        before.partner_auth_id.as_deref(),
        Some(w.partner.auth_id().as_str())
    );
    assert_eq!(before.partner_concurrent_calls_limit, Some(100));
    assert_eq!(before.partner_cps_limit, Some(20));
    assert_eq!(before.net_concurrent_calls_allocated, Some(0));
    assert_eq!(before.net_cps_allocated, Some(0));
    let base_calls = before.customer_concurrent_calls_limit.unwrap();
    let base_cps = before.customer_cps_limit.unwrap();

    let moved = w
        .partner
        .transfer_capacity(
            &id,
            &CapacityMove::concurrent_calls(30).description("launch"),
        )
        .await
        .unwrap();
    assert_eq!(moved.success, Some(true));
    assert_eq!(moved.slots, Some(30));
    assert_eq!(moved.resource.as_deref(), Some("concurrent_calls"));
    assert_eq!(
        moved.from_account.as_deref(),
        Some(w.partner.auth_id().as_str())
    );
    assert_eq!(moved.to_account.as_deref(), Some(id.as_str()));
    assert_eq!(moved.partner_remaining, Some(70));
    assert_eq!(moved.customer_effective, Some(base_calls + 30));
    assert!(moved.transfer_reference.is_some());
    assert!(moved.message.is_some());

    // The default resource is concurrent calls.
    assert_eq!(
        CapacityMove::default().resource,
        CapacityResource::ConcurrentCalls
    );
    let cps = w
        .partner
        .transfer_capacity(&id, &CapacityMove::cps(5))
        .await
        .unwrap();
    assert_eq!(cps.resource.as_deref(), Some("cps"));
    assert_eq!(cps.partner_remaining, Some(15));
    assert_eq!(cps.customer_effective, Some(base_cps + 5));

    let back = w
        .partner
        .reclaim_capacity(&id, &CapacityMove::concurrent_calls(10))
        .await
        .unwrap();
    assert_eq!(back.from_account.as_deref(), Some(id.as_str()));
    assert_eq!(
        back.to_account.as_deref(),
        Some(w.partner.auth_id().as_str())
    );
    assert_eq!(back.partner_remaining, Some(80));

    let now = w.partner.customer_capacity(&id).await.unwrap();
    assert_eq!(now.partner_concurrent_calls_limit, Some(80));
    assert_eq!(now.net_concurrent_calls_allocated, Some(20));
    assert_eq!(now.customer_concurrent_calls_limit, Some(base_calls + 20));
    assert_eq!(now.partner_cps_limit, Some(15));
    assert_eq!(now.net_cps_allocated, Some(5));
    assert_eq!(now.customer_cps_limit, Some(base_cps + 5));

    let rows = history(&w).await;
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].kind.as_deref(), Some("reclaim"));
    assert_eq!(rows[0].transfer_reference, back.transfer_reference);
    assert_eq!(rows[2].description.as_deref(), Some("launch"));
    assert_eq!(rows[2].customer_auth_id.as_deref(), Some(id.as_str()));
    assert!(rows[2].created_at.as_ref().unwrap().to_utc().is_some());
}

#[tokio::test(flavor = "multi_thread")]
async fn short_pools_and_over_reclaims_are_bad_requests_that_move_nothing() {
    let w = sandbox::start(62).await;
    let id = customer(&w, 1).await;
    w.partner
        .transfer_capacity(&id, &CapacityMove::concurrent_calls(60))
        .await
        .unwrap();
    let before = w.partner.customer_capacity(&id).await.unwrap();

    let short = w
        .partner
        .transfer_capacity(&id, &CapacityMove::concurrent_calls(41))
        .await
        .unwrap_err();
    assert_eq!(short.kind(), ErrorKind::BadRequest, "{short}");
    assert_eq!(short.status(), Some(400));
    assert_eq!(short.code(), Some("insufficient_capacity"));
    assert!(!short.outcome_unknown());

    let over = w
        .partner
        .reclaim_capacity(&id, &CapacityMove::cps(1))
        .await
        .unwrap_err();
    assert_eq!(over.kind(), ErrorKind::BadRequest, "{over}");
    assert_eq!(over.code(), Some("insufficient_capacity"));
    let over_calls = w
        .partner
        .reclaim_capacity(&id, &CapacityMove::concurrent_calls(61))
        .await
        .unwrap_err();
    assert_eq!(over_calls.code(), Some("insufficient_capacity"));

    assert_eq!(w.partner.customer_capacity(&id).await.unwrap(), before);
    assert_eq!(history(&w).await.len(), 1);
    // The whole pool can go, and all of it can come back.
    w.partner
        .transfer_capacity(&id, &CapacityMove::concurrent_calls(40))
        .await
        .unwrap();
    let all_back = w
        .partner
        .reclaim_capacity(&id, &CapacityMove::concurrent_calls(100))
        .await
        .unwrap();
    assert_eq!(all_back.partner_remaining, Some(100));
}

#[tokio::test(flavor = "multi_thread")]
async fn only_own_customers_are_reachable() {
    let w = sandbox::start(63).await;
    let parent = w.parent.auth_id().as_str().to_owned();
    for other in [parent.as_str(), "MA_NOPE0000"] {
        let err = w.partner.customer_capacity(other).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound, "{other}: {err}");
        let err = w
            .partner
            .transfer_capacity(other, &CapacityMove::concurrent_calls(1))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound, "{other}: {err}");
        let err = w
            .partner
            .reclaim_capacity(other, &CapacityMove::cps(1))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound, "{other}: {err}");
    }
    assert!(history(&w).await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_before_sending() {
    let w = sandbox::start(64).await;
    let id = customer(&w, 1).await;
    let before = w.partner.customer_capacity(&id).await.unwrap();
    let long = "x".repeat(501);
    for (request, field) in [
        (CapacityMove::concurrent_calls(0), "slots"),
        (CapacityMove::cps(10_001), "slots"),
        (
            CapacityMove::concurrent_calls(1).description(long.as_str()),
            "description",
        ),
        (
            CapacityMove::concurrent_calls(1).description("bell\u{7}"),
            "description",
        ),
    ] {
        for result in [
            w.partner.transfer_capacity(&id, &request).await,
            w.partner.reclaim_capacity(&id, &request).await,
        ] {
            let err = result.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Validation, "{err}");
            assert_eq!(err.validation_field(), Some(field), "{err}");
        }
    }
    for id in ["PA_ABCDEFGH", "SA_ABCDEFGH", "MA_X/../y", ""] {
        let err = w
            .partner
            .transfer_capacity(id, &CapacityMove::concurrent_calls(1))
            .await
            .unwrap_err();
        assert_eq!(err.validation_field(), Some("customer_auth_id"), "{id}");
        let err = w.partner.customer_capacity(id).await.unwrap_err();
        assert_eq!(err.validation_field(), Some("customer_auth_id"), "{id}");
    }
    let err = "minutes".parse::<CapacityResource>().unwrap_err();
    assert_eq!(err.validation_field(), Some("resource"));
    assert_eq!(
        "CPS".parse::<CapacityResource>().unwrap(),
        CapacityResource::Cps
    );
    // The edges pass: 500 characters, 10000 slots (refused by the server for the pool).
    w.partner
        .transfer_capacity(&id, &CapacityMove::cps(1).description("x".repeat(500)))
        .await
        .unwrap();
    let err = w
        .partner
        .transfer_capacity(&id, &CapacityMove::concurrent_calls(10_000))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("insufficient_capacity"));
    // Nothing refused locally reached the server.
    let rows = history(&w).await;
    assert_eq!(rows.len(), 1);
    let after = w.partner.customer_capacity(&id).await.unwrap();
    assert_eq!(
        after.net_concurrent_calls_allocated,
        before.net_concurrent_calls_allocated
    );
    let err = w
        .partner
        .list_capacity_transfers(PageOptions {
            page_size: 201,
            ..PageOptions::default()
        })
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("limit"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_history_pages_newest_first_across_pages() {
    let w = sandbox::start(65).await;
    let a = customer(&w, 1).await;
    let b = customer(&w, 2).await;
    for slots in 1..=7u32 {
        let target = if slots % 2 == 0 { &a } else { &b };
        w.partner
            .transfer_capacity(target, &CapacityMove::concurrent_calls(slots))
            .await
            .unwrap();
        w.advance(1).await;
    }
    for prefetch in [1, 3] {
        let rows: Vec<CapacityTransfer> = w
            .partner
            .list_capacity_transfers(PageOptions {
                page_size: 2,
                prefetch,
                ..PageOptions::default()
            })
            .unwrap()
            .collect()
            .await
            .unwrap();
        let slots: Vec<u64> = rows.iter().map(|r| r.slots.unwrap()).collect();
        assert_eq!(slots, [7, 6, 5, 4, 3, 2, 1], "prefetch {prefetch}");
    }
    let first = w
        .partner
        .list_capacity_transfers(PageOptions {
            page_size: 3,
            max_items: Some(4),
            ..PageOptions::default()
        })
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(first.len(), 4);
}

#[test]
fn quirky_answers_decode() {
    // Numbers as strings, booleans as strings, unknown fields kept.
    let moved: CapacityTransferResult = serde_json::from_str(
        r#"{"success":"true","slots":"30","resource":"concurrent_calls","from_account":"PA_X",
            "to_account":"MA_Y","transfer_reference":"ctr_1","partner_remaining":70.0,
            "customer_effective":"40","message":"ok","request_id":"r-1"}"#,
    )
    .unwrap();
    assert_eq!(moved.success, Some(true));
    assert_eq!(moved.slots, Some(30));
    assert_eq!(moved.partner_remaining, Some(70));
    assert_eq!(moved.customer_effective, Some(40));
    assert_eq!(moved.extra["request_id"], "r-1");

    let capacity: CustomerCapacity = serde_json::from_str(
        r#"{"partner_auth_id":"PA_X","customer_auth_id":"MA_Y",
            "partner_concurrent_calls_limit":"100","customer_concurrent_calls_limit":null,
            "net_concurrent_calls_allocated":0,"partner_cps_limit":20,
            "customer_cps_limit":"","net_cps_allocated":"3","refreshes_in":300}"#,
    )
    .unwrap();
    assert_eq!(capacity.partner_concurrent_calls_limit, Some(100));
    assert_eq!(capacity.customer_concurrent_calls_limit, None);
    assert_eq!(capacity.customer_cps_limit, None);
    assert_eq!(capacity.net_cps_allocated, Some(3));
    assert_eq!(capacity.extra["refreshes_in"], 300);

    // A history row in an unknown shape still decodes; "+05:30" times parse.
    let row: CapacityTransfer = serde_json::from_str(
        r#"{"id":17,"type":"transfer","resource":"cps","slots":"2",
            "created_at":"2026-05-07 09:45:35.79276+05:30","partner_id":"uuid"}"#,
    )
    .unwrap();
    assert_eq!(row.kind.as_deref(), Some("transfer"));
    assert_eq!(row.slots, Some(2));
    assert_eq!(
        row.created_at.unwrap().to_utc().unwrap().to_rfc3339(),
        "2026-05-07T04:15:35.792760+00:00"
    );
    assert_eq!(row.extra["id"], 17);
    let empty: CapacityTransfer = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, CapacityTransfer::default());
}

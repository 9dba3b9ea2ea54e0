//! `Account` number methods against the sandbox: inventory and owned lists (filters,
//! auto-paging), purchase, release and cancel-release, the sub-account assignment with its
//! 15-day cool-off crossed by clock travel, and number ↔ trunk routing.

mod account_helpers;
mod sandbox;

use account_helpers::{field, inventory, owner, state, sub_account, wallet};
use rust_decimal::Decimal;
use serde_json::json;
use vobiz_partner::models::{
    CancelReleaseResult, InventoryFilters, OwnedNumberFilters, ReleaseResult, TrunkRequest,
};
use vobiz_partner::{ApiRequest, Error, ErrorKind, PageOptions};

fn pages(size: u32) -> PageOptions {
    PageOptions {
        page_size: size,
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn inventory_filters_and_pages() {
    let w = sandbox::start(51).await;
    let all = w
        .parent
        .list_inventory(InventoryFilters::default(), pages(7))
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 48, "every page was fetched");
    let bangalore = w
        .parent
        .list_inventory(
            InventoryFilters {
                country: Some("in".into()),
                search: Some("+9180".into()),
                ..Default::default()
            },
            pages(3),
        )
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(bangalore.len(), 8);
    assert!(
        bangalore
            .iter()
            .all(|n| n.e164.as_deref().unwrap().starts_with("+9180"))
    );
    // Each prefix is its own `exclude` parameter; with and without `+`.
    let rest = w
        .parent
        .list_inventory(
            InventoryFilters {
                exclude: vec!["9180".into(), "+9122".into()],
                ..Default::default()
            },
            pages(5),
        )
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(rest.len(), 32);
    assert!(rest.iter().all(|n| {
        let e = n.e164.as_deref().unwrap();
        !e.starts_with("+9180") && !e.starts_with("+9122")
    }));
    let first = &all[0];
    assert!(first.setup_fee.is_some() && first.monthly_fee.is_some());
    assert_eq!(first.currency.as_deref(), Some("INR"));
    // Refused before sending.
    for (filters, expected) in [
        (
            InventoryFilters {
                country: Some("XX".into()),
                ..Default::default()
            },
            "country",
        ),
        (
            InventoryFilters {
                search: Some("80 OR 1=1".into()),
                ..Default::default()
            },
            "search",
        ),
        (
            InventoryFilters {
                exclude: vec!["91-80".into()],
                ..Default::default()
            },
            "exclude",
        ),
    ] {
        let err = w.parent.list_inventory(filters, pages(5)).unwrap_err();
        assert_eq!(field(&err), expected);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn purchase_debits_the_wallet_and_lists_the_number() {
    let w = sandbox::start(52).await;
    let me = w.parent.auth_id().as_str().to_owned();
    let dids = inventory(&w, 3);
    let before = wallet(&w, &me);
    // The three accepted spellings of a number.
    let bought = w
        .parent
        .purchase_from_inventory(&dids[0], Some("inr"))
        .await
        .unwrap();
    let n = bought.number.unwrap();
    assert_eq!(n.e164.as_deref(), Some(dids[0].as_str()));
    assert_eq!(n.source.as_deref(), Some("inventory"));
    assert_eq!(n.owner(), Some(me.as_str()));
    let price = n.setup_fee.unwrap().as_decimal() + n.monthly_fee.unwrap().as_decimal();
    assert_eq!(wallet(&w, &me), before - price);
    assert_eq!(
        bought.message.as_deref(),
        Some("Number purchased successfully")
    );
    w.parent
        .purchase_from_inventory(&dids[1].replacen('+', "%2B", 1), None)
        .await
        .unwrap();
    w.parent
        .purchase_from_inventory(dids[2].trim_start_matches('+'), None)
        .await
        .unwrap();

    // Errors: already bought (404), bad input (nothing sent).
    let err = w
        .parent
        .purchase_from_inventory(&dids[0], None)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.api_failure().unwrap().code(), Some("not_found"));
    let spent = wallet(&w, &me);
    assert_eq!(
        field(
            &w.parent
                .purchase_from_inventory("+0918", None)
                .await
                .unwrap_err()
        ),
        "e164"
    );
    let other = inventory(&w, 1).remove(0);
    assert_eq!(
        field(
            &w.parent
                .purchase_from_inventory(&other, Some("RUPEES"))
                .await
                .unwrap_err()
        ),
        "currency"
    );
    assert_eq!(wallet(&w, &me), spent);
    assert_eq!(owner(&w, &other), None, "nothing was bought");

    // Owned list: every page, search.
    let owned = w
        .parent
        .list_numbers(OwnedNumberFilters::default(), pages(2))
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(owned.len(), 3);
    let found = w
        .parent
        .list_numbers(
            OwnedNumberFilters {
                search: Some(dids[1].clone()),
                ..Default::default()
            },
            pages(2),
        )
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(found.len(), 1, "a + in the query travels as %2B");
    assert_eq!(found[0].e164.as_deref(), Some(dids[1].as_str()));
}

#[tokio::test(flavor = "multi_thread")]
async fn release_then_cancel_through_the_re_encoded_cancel_url() {
    let w = sandbox::start(53).await;
    let me = w.parent.auth_id().as_str().to_owned();
    let dids = inventory(&w, 2);
    for d in &dids {
        w.parent.purchase_from_inventory(d, None).await.unwrap();
    }
    let before = wallet(&w, &me);
    let released = w.parent.release_number(&dids[0], false).await.unwrap();
    assert_eq!(released.status.as_deref(), Some("pending_release"));
    assert_eq!(
        released.release_fee.unwrap().as_decimal(),
        Decimal::new(700, 0)
    );
    assert_eq!(wallet(&w, &me), before - Decimal::new(700, 0));
    let ends = released.cooldown_ends_at.clone().unwrap().to_utc().unwrap();
    assert!(ends > chrono::Utc::now() + chrono::Duration::hours(23));
    let cancel_url = released.cancel_url.clone().unwrap();
    assert_eq!(
        cancel_url.as_str(),
        format!(
            "/api/v1/account/{me}/numbers/{}/cancel-release",
            dids[0].replacen('+', "%2B", 1)
        )
    );

    let cancelled = w.parent.cancel_release(&dids[0]).await.unwrap();
    assert_eq!(cancelled.status.as_deref(), Some("active"));
    assert_eq!(
        cancelled.refund_amount.unwrap().as_decimal(),
        Decimal::new(700, 0)
    );
    assert!(!cancelled.refund_failed());
    assert_eq!(wallet(&w, &me), before);
    // Not pending any more: 400.
    let err = w.parent.cancel_release(&dids[0]).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest);
    assert!(
        err.to_string().contains("number is not pending release"),
        "{err}"
    );

    // The server's own cancel_url, re-encoded, is directly callable.
    let again = w.parent.release_number(&dids[0], false).await.unwrap();
    let response = w
        .transport
        .send(
            &account_helpers::parent_credentials(&w),
            &ApiRequest::post(again.cancel_url.unwrap()),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    // Immediate release cannot be cancelled.
    let gone = w.parent.release_number(&dids[1], true).await.unwrap();
    assert_eq!(gone.status.as_deref(), Some("released"));
    assert_eq!(
        w.parent.cancel_release(&dids[1]).await.unwrap_err().kind(),
        ErrorKind::BadRequest
    );
    // Not the account's number: 403.
    let stranger = inventory(&w, 1).remove(0);
    let err = w.parent.release_number(&stranger, false).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied);
    assert_eq!(
        field(&w.parent.release_number("12", false).await.unwrap_err()),
        "e164"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn unassigning_a_used_number_hits_the_cool_off_until_the_clock_passes_it() {
    let w = sandbox::start(54).await;
    let me = w.parent.auth_id().as_str().to_owned();
    let did = inventory(&w, 1).remove(0);
    w.parent.purchase_from_inventory(&did, None).await.unwrap();
    let sub = sub_account(&w, "cooloff-sub@example.com", "personal_use").await;
    let sub_id = sub.auth_id().as_str().to_owned();

    // Refused before sending: a sub-account cannot assign; the target must be SA_.
    assert_eq!(
        field(&sub.assign_to_sub_account(&did, &sub_id).await.unwrap_err()),
        "auth_id"
    );
    assert_eq!(
        field(&sub.unassign_from_sub_account(&did).await.unwrap_err()),
        "auth_id"
    );
    assert_eq!(
        field(&w.parent.assign_to_sub_account(&did, &me).await.unwrap_err()),
        "sub_account_id"
    );
    assert_eq!(owner(&w, &did).as_deref(), Some(me.as_str()));
    let err = w
        .parent
        .assign_to_sub_account(&did, "SA_NOTMINE1")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);

    w.parent.assign_to_sub_account(&did, &sub_id).await.unwrap();
    assert_eq!(owner(&w, &did).as_deref(), Some(sub_id.as_str()));
    let subs = sub
        .list_numbers(OwnedNumberFilters::default(), pages(10))
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(subs.len(), 1);
    let without_subs = w
        .parent
        .list_numbers(
            OwnedNumberFilters {
                include_subaccounts: Some(false),
                ..Default::default()
            },
            pages(10),
        )
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert!(without_subs.is_empty());

    // A call on the DID, ended by clock travel, starts the 15-day cool-off.
    w.control(
        reqwest::Method::POST,
        "/__sandbox/calls",
        Some(
            json!({"e164": did, "direction": "inbound", "answered": true, "duration_seconds": 60}),
        ),
    )
    .await;
    w.advance(120).await;
    let err = w.parent.unassign_from_sub_account(&did).await.unwrap_err();
    let Error::CoolOff {
        cool_off_until,
        remaining,
        failure,
    } = &err
    else {
        panic!("expected a cool-off, got {err:?}");
    };
    assert_eq!(failure.status(), 409);
    let remaining = remaining.unwrap().as_secs();
    assert!(
        (15 * 86_400 - 120..15 * 86_400).contains(&remaining),
        "{remaining}"
    );
    assert!(cool_off_until.as_ref().unwrap().to_utc().is_some());
    assert_eq!(owner(&w, &did).as_deref(), Some(sub_id.as_str()));

    w.advance(15 * 86_400).await;
    w.parent.unassign_from_sub_account(&did).await.unwrap();
    assert_eq!(owner(&w, &did).as_deref(), Some(me.as_str()));
}

#[tokio::test(flavor = "multi_thread")]
async fn numbers_route_to_trunks_and_back() {
    let w = sandbox::start(55).await;
    let did = inventory(&w, 1).remove(0);
    w.parent.purchase_from_inventory(&did, None).await.unwrap();
    let trunk = w
        .parent
        .create_trunk(&TrunkRequest::named("Routing"))
        .await
        .unwrap();
    let trunk_id = trunk.trunk_id.unwrap();
    w.parent
        .assign_number_to_trunk(&did, &trunk_id)
        .await
        .unwrap();
    let routed = |state: &serde_json::Value| state["numbers"][&did]["trunk_group_id"].clone();
    assert_eq!(routed(&state(&w).await), json!(trunk_id));
    let err = w
        .parent
        .assign_number_to_trunk(&did, &trunk_id)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest);
    let listed = w
        .parent
        .list_numbers(OwnedNumberFilters::default(), pages(10))
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(listed[0].trunk_group_id.as_deref(), Some(trunk_id.as_str()));
    w.parent.unassign_number_from_trunk(&did).await.unwrap();
    assert_eq!(routed(&state(&w).await), serde_json::Value::Null);
    assert_eq!(
        w.parent
            .assign_number_to_trunk(&did, "no-such-trunk")
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        field(
            &w.parent
                .assign_number_to_trunk(&did, " ")
                .await
                .unwrap_err()
        ),
        "trunk_group_id"
    );
}

#[test]
fn release_answers_decode_with_their_quirks() {
    // Raw `+` in cancel_url, integer fee, `+05:30` timestamp, unknown field.
    let r: ReleaseResult = serde_json::from_str(
        r#"{"cancel_url":"/api/v1/account/MA_X1/numbers/+919876543210/cancel-release",
            "cooldown_ends_at":"2026-07-31 15:30:00+05:30","message":"number release initiated",
            "release_fee":700,"status":"pending_release","ticket":"T-1"}"#,
    )
    .unwrap();
    assert_eq!(
        r.cancel_url.as_ref().unwrap().as_str(),
        "/api/v1/account/MA_X1/numbers/%2B919876543210/cancel-release"
    );
    assert_eq!(r.release_fee.unwrap().as_decimal(), Decimal::new(700, 0));
    assert_eq!(
        r.cooldown_ends_at.unwrap().to_utc().unwrap().to_rfc3339(),
        "2026-07-31T10:00:00+00:00"
    );
    assert_eq!(r.note, None);
    assert_eq!(r.extra["ticket"], "T-1");
    // Already encoded stays encoded (never %252B); a full URL is reduced to its path.
    let r: ReleaseResult = serde_json::from_str(
        r#"{"cancel_url":"https://api.vobiz.ai/api/v1/account/MA_X1/numbers/%2B919876543210/cancel-release","release_fee":"12.50"}"#,
    )
    .unwrap();
    assert_eq!(
        r.cancel_url.unwrap().as_str(),
        "/api/v1/account/MA_X1/numbers/%2B919876543210/cancel-release"
    );
    assert_eq!(r.release_fee.unwrap().as_decimal(), Decimal::new(1250, 2));
    // A cancel whose refund failed.
    let c: CancelReleaseResult = serde_json::from_str(
        r#"{"message":"release cancelled, number restored to active status","status":"active",
            "currency":"INR","refund_amount":0,"refund_status":"failed","refund_error":"ledger down"}"#,
    )
    .unwrap();
    assert!(c.refund_failed());
    assert_eq!(c.refund_error.as_deref(), Some("ledger down"));
}

//! The DID cool-off workflows against the sandbox, with clock travel: unassign or the typed
//! cool-off with its exact end, waiting for it (virtual clock, so `max_wait` zero plus
//! travel, and one real short wait), and a release plan over DIDs in every state that
//! changes nothing, then executed (and re-run) DID by DID.

mod account_helpers;
mod sandbox;

use account_helpers::{inventory, owner, sub_account, wallet};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use vobiz_partner::models::{ReleaseItemStatus, ReleaseState, ReleaseStep, UnassignStatus};
use vobiz_partner::workflows::cool_off::ReleaseOptions;
use vobiz_partner::{Account, ErrorKind};

use sandbox::World;

/// A call on `did`, `seconds` of talk; returns when it ends (sandbox clock).
async fn call(w: &World, did: &str, seconds: u64) -> DateTime<Utc> {
    let answer = w
        .control(
            reqwest::Method::POST,
            "/__sandbox/calls",
            Some(json!({"e164": did, "direction": "inbound", "answered": true, "duration_seconds": seconds})),
        )
        .await;
    DateTime::parse_from_rfc3339(answer["ends_at"].as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

fn status(w: &World, did: &str) -> String {
    w.sandbox
        .store()
        .read(|world| world.numbers[did].status.clone())
}

async fn bought(w: &World, n: usize) -> Vec<String> {
    let dids = inventory(w, n);
    for did in &dids {
        w.parent.purchase_from_inventory(did, None).await.unwrap();
    }
    dids
}

async fn sub(w: &World, email: &str) -> (Account, String) {
    let sub = sub_account(w, email, "personal_use").await;
    let id = sub.auth_id().as_str().to_owned();
    (sub, id)
}

#[tokio::test(flavor = "multi_thread")]
async fn unassign_reports_the_cool_off_until_the_clock_passes_it() {
    let w = sandbox::start(311).await;
    let me = w.parent.auth_id().as_str().to_owned();
    let dids = bought(&w, 2).await;
    let (_, sub_id) = sub(&w, "cool1@example.com").await;
    let (used, fresh) = (&dids[0], &dids[1]);
    for did in &dids {
        w.parent.assign_to_sub_account(did, &sub_id).await.unwrap();
    }

    // A never-used DID moves back at once.
    let done = w.parent.unassign_or_cool_off(fresh).await.unwrap();
    assert_eq!(done.status, UnassignStatus::Unassigned);
    assert!(done.is_unassigned() && done.cool_off_until.is_none());
    assert_eq!(owner(&w, fresh).as_deref(), Some(me.as_str()));

    // A call starts the 15-day cool-off: an outcome, not an error, with its exact end.
    let ended = call(&w, used, 60).await;
    w.advance(120).await;
    let cooling = w.parent.unassign_or_cool_off(used).await.unwrap();
    assert_eq!(cooling.status, UnassignStatus::CoolingOff);
    let until = cooling.cool_off_until.as_ref().unwrap().to_utc().unwrap();
    assert!(
        (until - (ended + Duration::days(15))).num_seconds().abs() <= 1,
        "{until} vs {ended}"
    );
    let left = cooling.remaining().unwrap().as_secs();
    assert!((15 * 86_400 - 121..15 * 86_400).contains(&left), "{left}");
    assert_eq!(owner(&w, used).as_deref(), Some(sub_id.as_str()));

    // Waiting is bounded: max_wait zero (or shorter than the cool-off) answers at once.
    let started = std::time::Instant::now();
    for max_wait in [0, 5] {
        let outcome = w
            .parent
            .unassign_when_free(used, std::time::Duration::from_secs(max_wait))
            .await
            .unwrap();
        assert_eq!(outcome.status, UnassignStatus::CoolingOff);
        assert_eq!((outcome.attempts, outcome.waited_seconds), (1, 0));
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(3));

    // Fifteen days later (virtual clock) it moves.
    w.advance(15 * 86_400).await;
    let outcome = w
        .parent
        .unassign_when_free(used, std::time::Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(outcome.status, UnassignStatus::Unassigned);
    assert_eq!(owner(&w, used).as_deref(), Some(me.as_str()));

    // Other errors stay errors.
    let err = w
        .parent
        .unassign_or_cool_off("+910000000001")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    let err = w.parent.unassign_or_cool_off("12").await.unwrap_err();
    assert_eq!(err.validation_field(), Some("e164"));
}

#[tokio::test(flavor = "multi_thread")]
async fn unassign_when_free_waits_out_a_short_cool_off() {
    let w = sandbox::start(312).await;
    let did = bought(&w, 1).await.remove(0);
    let (_, sub_id) = sub(&w, "cool2@example.com").await;
    w.parent.assign_to_sub_account(&did, &sub_id).await.unwrap();
    let ended = call(&w, &did, 30).await;
    // Two seconds of cool-off left.
    w.sandbox
        .set_clock(ended + Duration::days(15) - Duration::seconds(2));

    let started = std::time::Instant::now();
    let outcome = w
        .parent
        .unassign_when_free(&did, std::time::Duration::from_secs(30))
        .await
        .unwrap();
    let took = started.elapsed();
    assert_eq!(outcome.status, UnassignStatus::Unassigned, "{outcome:?}");
    assert!(outcome.attempts >= 2, "{outcome:?}");
    assert!(took >= std::time::Duration::from_secs(1), "{took:?}");
    assert!(took < std::time::Duration::from_secs(15), "{took:?}");
    assert_eq!(
        owner(&w, &did).as_deref(),
        Some(w.parent.auth_id().as_str())
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_release_plan_over_dids_in_every_state_changes_nothing_then_executes() {
    let w = sandbox::start(313).await;
    let me = w.parent.auth_id().as_str().to_owned();
    let dids = bought(&w, 5).await;
    let not_owned = inventory(&w, 1).remove(0);
    let (_, sub_id) = sub(&w, "cool3@example.com").await;
    let (pool, fresh, used, old, releasing) = (&dids[0], &dids[1], &dids[2], &dids[3], &dids[4]);
    for did in [fresh, used, old] {
        w.parent.assign_to_sub_account(did, &sub_id).await.unwrap();
    }
    // `old` was last used 20 days ago; `used` just now.
    call(&w, old, 30).await;
    w.advance(20 * 86_400).await;
    let ended = call(&w, used, 60).await;
    w.advance(120).await;
    w.parent.release_number(releasing, false).await.unwrap();

    let asked: Vec<String> = vec![
        pool.clone(),
        fresh.trim_start_matches('+').to_owned(), // 91…: normalised
        used.clone(),
        old.clone(),
        releasing.clone(),
        not_owned.clone(),
        pool.clone(), // a duplicate: dropped
    ];
    let balance = wallet(&w, &me);
    // Spawned, as the bindings run it: the future is `Send + 'static`.
    let plan = tokio::spawn({
        let (parent, asked) = (w.parent.clone(), asked.clone());
        async move { parent.release_plan(&asked).await }
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(plan.account_id, me);
    assert_eq!(plan.items.len(), 6);
    let item = |did: &str| plan.items.iter().find(|i| i.e164 == did).unwrap();
    assert_eq!(item(pool).state, ReleaseState::Ready);
    assert_eq!(item(pool).steps, [ReleaseStep::Release]);
    assert_eq!(item(pool).owner.as_deref(), Some(me.as_str()));
    for did in [fresh, old] {
        assert_eq!(item(did).state, ReleaseState::Ready, "{:?}", item(did));
        assert_eq!(
            item(did).steps,
            [ReleaseStep::Unassign, ReleaseStep::Release]
        );
        assert_eq!(item(did).owner.as_deref(), Some(sub_id.as_str()));
        assert!(item(did).cool_off_until.is_none());
    }
    let cooling = item(used);
    assert_eq!(cooling.state, ReleaseState::CoolingOff);
    assert!(cooling.estimated);
    let exact = ended + Duration::days(15);
    let estimate = cooling.cool_off_until.as_ref().unwrap().to_utc().unwrap();
    // Never earlier than the server's end, at most an hour plus the call later.
    assert!(estimate >= exact, "{estimate} < {exact}");
    assert!(
        estimate <= exact + Duration::seconds(3_600 + 65),
        "{estimate} vs {exact}"
    );
    let left = cooling.remaining_seconds.unwrap();
    assert!(
        (14 * 86_400..=15 * 86_400 + 3_700).contains(&left),
        "{left}"
    );
    assert_eq!(plan.next_ready_at, cooling.cool_off_until);
    assert_eq!(item(releasing).state, ReleaseState::AlreadyReleasing);
    assert_eq!(item(&not_owned).state, ReleaseState::NotOwned);
    assert!(item(&not_owned).steps.is_empty());
    assert_eq!(
        (plan.ready, plan.cooling_off, plan.skipped, plan.unknown),
        (3, 1, 2, 0)
    );
    // The plan's moment is the sandbox's (its clock travelled 20 days ahead).
    let as_of = plan.as_of.to_utc().unwrap();
    assert!(as_of > Utc::now() + Duration::days(19), "{as_of}");

    // Nothing changed.
    assert_eq!(wallet(&w, &me), balance);
    for did in [fresh, used, old] {
        assert_eq!(owner(&w, did).as_deref(), Some(sub_id.as_str()));
    }
    assert_eq!(status(&w, pool), "active");

    // Execute: the free ones are released (a sub-account's unassigned first); the cooling
    // one stays, with the server's exact end.
    let run = tokio::spawn({
        let (parent, asked) = (w.parent.clone(), asked.clone());
        async move {
            parent
                .execute_release_plan(&asked, ReleaseOptions::default())
                .await
        }
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        (
            run.released,
            run.unassigned,
            run.cooling_off,
            run.skipped,
            run.failed
        ),
        (3, 0, 1, 2, 0),
        "{run:#?}"
    );
    let result = |did: &str| run.items.iter().find(|i| i.e164 == did).unwrap();
    assert_eq!(result(pool).status, ReleaseItemStatus::Released);
    assert!(!result(pool).unassigned);
    for did in [fresh, old] {
        assert_eq!(result(did).status, ReleaseItemStatus::Released);
        assert!(result(did).unassigned && result(did).released);
        assert_eq!(
            result(did).release.as_ref().unwrap().status.as_deref(),
            Some("pending_release")
        );
    }
    for did in [pool, fresh, old] {
        assert_eq!(status(&w, did), "pending_release");
    }
    let still = result(used);
    assert_eq!(still.status, ReleaseItemStatus::CoolingOff);
    let server_end = still.cool_off_until.as_ref().unwrap().to_utc().unwrap();
    assert!((server_end - exact).num_seconds().abs() <= 1);
    assert_eq!(owner(&w, used).as_deref(), Some(sub_id.as_str()));
    assert_eq!(result(releasing).status, ReleaseItemStatus::Skipped);
    assert_eq!(result(&not_owned).status, ReleaseItemStatus::Skipped);

    // Running it again releases nothing twice.
    let charged = wallet(&w, &me);
    let again = w
        .parent
        .execute_release_plan(&asked, ReleaseOptions::default())
        .await
        .unwrap();
    assert_eq!(
        (again.released, again.cooling_off, again.skipped),
        (0, 1, 5)
    );
    assert_eq!(wallet(&w, &me), charged);

    // After the cool-off, `used` can go back to the pool (and only that: unassign_only).
    w.advance(15 * 86_400 + 2 * 3_600).await;
    let later = w
        .parent
        .release_plan(std::slice::from_ref(used))
        .await
        .unwrap();
    assert_eq!(later.items[0].state, ReleaseState::Ready, "{later:#?}");
    let moved = w
        .parent
        .execute_release_plan(
            std::slice::from_ref(used),
            ReleaseOptions {
                unassign_only: true,
                ..ReleaseOptions::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(moved.items[0].status, ReleaseItemStatus::Unassigned);
    assert_eq!(owner(&w, used).as_deref(), Some(me.as_str()));
    assert_eq!(status(&w, used), "active");

    let err = w
        .parent
        .release_plan(&[pool.clone(), "not a number".into()])
        .await
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("dids[1]"));
}

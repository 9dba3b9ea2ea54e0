//! Trunk sub-resources (credentials, IP ACL, origination URIs), number health, CDR export
//! and recording delete over HTTP.

mod support;

use reqwest::Method;
use serde_json::json;
use support::{Env, enc, start};

fn path(id: &str, tail: &str) -> String {
    format!("/api/v1/Account/{id}/{tail}")
}

#[tokio::test(flavor = "multi_thread")]
async fn credentials_are_created_listed_patched_and_deleted_with_redacted_passwords() {
    let env = start(71).await;
    let me = env.parent();
    let created = env
        .post(
            &path(&me.0, "credentials"),
            &me,
            json!({"username": "pbx-user", "password": "CANARY-pass-1"}),
        )
        .await;
    assert_eq!(created.status, 201, "{created:?}");
    assert_eq!(created.body["password"], "<redacted>");
    assert!(!created.text.contains("CANARY-pass-1"));
    assert_eq!(created.body["username"], "pbx-user");
    assert_eq!(created.body["account_id"], me.0.as_str());
    let uuid = created.body["uuid"].as_str().unwrap().to_owned();

    // Duplicate usernames conflict; bad input is 400.
    let dup = env
        .post(
            &path(&me.0, "credentials"),
            &me,
            json!({"username": "pbx-user", "password": "another-pass"}),
        )
        .await;
    assert_eq!(dup.status, 409, "{dup:?}");
    for bad in [
        json!({"username": "u1"}),
        json!({"password": "long-enough"}),
        json!({"username": "u 2", "password": "long-enough"}),
        json!({"username": "u3", "password": "short"}),
    ] {
        let r = env
            .post(&path(&me.0, "credentials"), &me, bad.clone())
            .await;
        assert_eq!(r.status, 400, "{bad} → {r:?}");
        assert_eq!(r.body["error"], "validation_error");
    }

    let list = env.get(&path(&me.0, "trunks/credentials"), &me).await;
    assert_eq!(list.status, 200, "{list:?}");
    assert_eq!(list.body["meta"]["total"], 1);
    assert_eq!(list.body["meta"]["limit"], 20);
    assert_eq!(list.body["objects"][0]["password"], "<redacted>");

    let patched = env
        .put(
            &path(&me.0, &format!("credentials/{uuid}")),
            &me,
            json!({"password": "CANARY-pass-2"}),
        )
        .await;
    assert_eq!(patched.status, 200, "{patched:?}");
    assert_eq!(patched.body["username"], "pbx-user");
    assert_eq!(patched.body["password"], "<redacted>");

    // Another account sees none of it.
    let other = env
        .sub_account("parts-sub@example.com", "personal_use")
        .await;
    let r = env
        .put(
            &path(&other.0, &format!("credentials/{uuid}")),
            &other,
            json!({"username": "x"}),
        )
        .await;
    assert_eq!(r.status, 404, "{r:?}");
    let r = env.get(&path(&other.0, "trunks/credentials"), &other).await;
    assert_eq!(r.body["meta"]["total"], 0);
    let r = env.get(&path(&me.0, "trunks/credentials"), &other).await;
    assert_eq!(r.status, 403, "{r:?}");

    let gone = env
        .delete(&path(&me.0, &format!("credentials/{uuid}")), &me)
        .await;
    assert_eq!(gone.status, 204, "{gone:?}");
    let again = env
        .delete(&path(&me.0, &format!("credentials/{uuid}")), &me)
        .await;
    assert_eq!(again.status, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn ip_acl_takes_ipv4_and_cidr_but_not_ipv6_or_documentation_ranges() {
    let env = start(72).await;
    let me = env.parent();
    for ip in ["8.8.4.4", "10.20.0.0/16", "100.64.1.1/32"] {
        let r = env
            .post(
                &path(&me.0, "ip-acl"),
                &me,
                json!({"name": "office", "ip_address": ip}),
            )
            .await;
        assert_eq!(r.status, 201, "{ip}: {r:?}");
        assert_eq!(r.body["ip_address"], ip);
    }
    for ip in [
        "192.0.2.5",
        "198.51.100.0/24",
        "203.0.113.9",
        "2001:db8::1",
        "10.0.0.0/40",
        "office",
    ] {
        let r = env
            .post(
                &path(&me.0, "ip-acl"),
                &me,
                json!({"name": "bad", "ip_address": ip}),
            )
            .await;
        assert_eq!(r.status, 400, "{ip}: {r:?}");
    }
    // Paging: limit/offset, newest first.
    let page = env
        .get(&path(&me.0, "trunks/ip-acl?limit=2&offset=2"), &me)
        .await;
    assert_eq!(
        page.body["meta"],
        json!({"limit": 2, "offset": 2, "total": 3})
    );
    assert_eq!(page.body["objects"].as_array().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn origination_uris_read_back_as_uri_and_cascade_with_their_trunk() {
    let env = start(73).await;
    let me = env.parent();
    let r = env
        .post(
            &path(&me.0, "origination-uris"),
            &me,
            json!({"name": "primary", "sip_uri": "sip:pbx.example.com:5060", "priority": 1}),
        )
        .await;
    assert_eq!(r.status, 201, "{r:?}");
    assert_eq!(r.body["uri"], "sip:pbx.example.com:5060");
    assert!(r.body.get("sip_uri").is_none());
    assert_eq!(
        (&r.body["priority"], &r.body["weight"]),
        (&json!(1), &json!(10))
    );
    let uri_id = r.body["uuid"].as_str().unwrap().to_owned();
    for bad in [
        json!({"name": "x", "sip_uri": "pbx.example.com"}),
        json!({"name": "x", "sip_uri": "sip:a", "weight": 0}),
        json!({"name": "x", "sip_uri": "sip:a", "priority": 70000}),
        json!({"sip_uri": "sip:a"}),
    ] {
        let r = env
            .post(&path(&me.0, "origination-uris"), &me, bad.clone())
            .await;
        assert_eq!(r.status, 400, "{bad}: {r:?}");
    }
    let cred = env
        .post(
            &path(&me.0, "credentials"),
            &me,
            json!({"username": "trunk-user", "password": "long-enough"}),
        )
        .await;
    let cred_id = cred.body["uuid"].as_str().unwrap().to_owned();
    let keep = env
        .post(
            &path(&me.0, "ip-acl"),
            &me,
            json!({"name": "unrelated", "ip_address": "8.8.8.8"}),
        )
        .await;
    assert_eq!(keep.status, 201);
    let trunk = env
        .post(
            &path(&me.0, "trunks"),
            &me,
            json!({"name": "T", "primary_uri_uuid": uri_id, "credential_uuid": cred_id}),
        )
        .await;
    assert_eq!(trunk.status, 201, "{trunk:?}");
    let trunk_id = trunk.body["trunk_id"].as_str().unwrap().to_owned();
    // The list routes under /trunks/ do not shadow a trunk's own route.
    let one = env
        .get(&path(&me.0, &format!("trunks/{trunk_id}")), &me)
        .await;
    assert_eq!(one.status, 200);
    let r = env
        .delete(&path(&me.0, &format!("trunks/{trunk_id}")), &me)
        .await;
    assert_eq!(r.status, 204);
    for kind in ["credentials", "origination-uris"] {
        let r = env.get(&path(&me.0, &format!("trunks/{kind}")), &me).await;
        assert_eq!(r.body["meta"]["total"], 0, "{kind} cascaded: {r:?}");
    }
    let r = env.get(&path(&me.0, "trunks/ip-acl"), &me).await;
    assert_eq!(r.body["meta"]["total"], 1, "unnamed entries stay");
}

#[tokio::test(flavor = "multi_thread")]
async fn deleting_a_sub_resource_clears_the_trunk_field_naming_it() {
    let env = start(74).await;
    let me = env.parent();
    let acl = env
        .post(
            &path(&me.0, "ip-acl"),
            &me,
            json!({"name": "office", "ip_address": "8.8.8.8"}),
        )
        .await;
    let acl_id = acl.body["uuid"].as_str().unwrap().to_owned();
    let trunk = env
        .post(
            &path(&me.0, "trunks"),
            &me,
            json!({"name": "T", "ipacl_uuid": acl_id}),
        )
        .await;
    let trunk_id = trunk.body["trunk_id"].as_str().unwrap().to_owned();
    assert_eq!(trunk.body["ipacl_uuid"], acl_id.as_str());
    let r = env
        .delete(&path(&me.0, &format!("ip-acl/{acl_id}")), &me)
        .await;
    assert_eq!(r.status, 204);
    let t = env
        .get(&path(&me.0, &format!("trunks/{trunk_id}")), &me)
        .await;
    assert!(t.body.get("ipacl_uuid").is_none(), "{}", t.body);
}

async fn owned_number(env: &Env) -> String {
    let me = env.parent();
    let did = env.inventory(1).remove(0);
    let r = env.buy(&me, &did).await;
    assert_eq!(r.status, 200, "{r:?}");
    did
}

fn health_path(id: &str, e164: &str, query: &str) -> String {
    format!("/api/v1/account/{id}/numbers/{}/health{query}", enc(e164))
}

#[tokio::test(flavor = "multi_thread")]
async fn number_health_summarises_the_numbers_cdrs() {
    let env = start(75).await;
    let me = env.parent();
    let did = owned_number(&env).await;
    env.simulate_call(&did, "inbound", true, 120).await;
    env.advance(600).await;
    env.simulate_call(&did, "inbound", false, 0).await;
    env.advance(600).await;
    env.simulate_call(&did, "outbound", true, 60).await;
    env.advance(600).await;

    let r = env.get(&health_path(&me.0, &did, ""), &me).await;
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.body["e164"], did.as_str());
    assert_eq!(r.body["status"], "active");
    assert_eq!(r.body["usage_status"], "active");
    assert_eq!(r.body["is_spam"], false);
    assert_eq!(r.body["granularity"], "day");
    let s = &r.body["summary"];
    assert_eq!(s["period_days"], 7);
    assert_eq!(
        (&s["total_calls"], &s["answered_calls"]),
        (&json!(3), &json!(2))
    );
    assert_eq!(s["answer_rate"], 66.67);
    assert_eq!(s["total_minutes"], 3.0);
    let snaps = r.body["snapshots"].as_array().unwrap();
    assert_eq!(snaps.len(), 7);
    let total: u64 = snaps
        .iter()
        .map(|s| s["total_calls"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 3);
    for key in [
        "id",
        "ts",
        "total_calls",
        "answered_calls",
        "failed_calls",
        "answer_rate",
        "total_duration",
        "avg_duration",
        "total_minutes",
    ] {
        assert!(snaps[6].get(key).is_some(), "snapshot lacks {key}");
    }

    let hourly = env
        .get(&health_path(&me.0, &did, "?granularity=hour&days=2"), &me)
        .await;
    assert_eq!(hourly.status, 200);
    assert_eq!(hourly.body["snapshots"].as_array().unwrap().len(), 48);
    for q in ["?granularity=week", "?days=0", "?days=91", "?days=x"] {
        let r = env.get(&health_path(&me.0, &did, q), &me).await;
        assert_eq!(r.status, 400, "{q}: {r:?}");
    }
    // Not yours: 403; unknown: 404.
    let unowned = env.inventory(1).remove(0);
    let r = env.get(&health_path(&me.0, &unowned, ""), &me).await;
    assert_eq!(r.status, 403, "{r:?}");
    let r = env.get(&health_path(&me.0, "+15550000000", ""), &me).await;
    assert_eq!(r.status, 404, "{r:?}");
    // A quiet number is idle.
    let quiet = owned_number(&env).await;
    let r = env.get(&health_path(&me.0, &quiet, ""), &me).await;
    assert_eq!(r.body["usage_status"], "idle");
    assert_eq!(r.body["summary"]["answer_rate"], 0.0);
}

#[tokio::test(flavor = "multi_thread")]
async fn cdr_export_is_csv_and_recording_delete_is_404_for_unknown_ids() {
    let env = start(76).await;
    let me = env.parent();
    let did = owned_number(&env).await;
    env.simulate_call(&did, "inbound", true, 30).await;
    env.advance(120).await;
    let r = env.get(&path(&me.0, "cdr/export"), &me).await;
    assert_eq!(r.status, 200);
    assert!(r.content_type().starts_with("text/csv"), "{r:?}");
    let lines: Vec<&str> = r.text.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with("uuid,"));
    let r = env
        .send(
            Method::DELETE,
            &path(&me.0, "Recording/rec-unknown/"),
            Some(&me),
            None,
        )
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(r.body["error"], "Recording not found");
}

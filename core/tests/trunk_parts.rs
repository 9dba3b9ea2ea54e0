//! `Account` trunk sub-resource methods against the sandbox: credentials (passwords as
//! secrets both ways), IP-ACL entries (IPv4/CIDR only, no documentation ranges) and
//! origination URIs (`sip_uri` in, `uri` out); create, auto-paged lists, patch, delete,
//! the trunk-delete cascade, typed errors and validation before sending.

mod account_helpers;
mod sandbox;

use account_helpers::{field, sub_account};
use vobiz_partner::models::{
    IpAclEntry, IpAclRequest, OriginationUri, OriginationUriRequest, TrunkCredential,
    TrunkCredentialRequest, TrunkRequest,
};
use vobiz_partner::{ErrorKind, PageOptions, Secret};

fn pages(size: u32) -> PageOptions {
    PageOptions {
        page_size: size,
        ..Default::default()
    }
}

/// How many sub-resources the sandbox holds (to prove a refused request never left).
fn stored(w: &sandbox::World) -> usize {
    w.sandbox.store().read(|world| world.trunk_parts.len())
}

#[tokio::test(flavor = "multi_thread")]
async fn credentials_round_trip_and_the_password_never_shows() {
    let w = sandbox::start(81).await;
    let canary = "CANARY-pw-8c1f";
    let request = TrunkCredentialRequest::new("  pbx-user  ", canary);
    assert!(!format!("{request:?}").contains(canary));
    let created = w.parent.create_trunk_credential(&request).await.unwrap();
    assert_eq!(created.username.as_deref(), Some("pbx-user"));
    assert_eq!(
        created.account_id.as_deref(),
        Some(w.parent.auth_id().as_str())
    );
    assert!(created.password.as_ref().unwrap().is_redacted_by_api());
    assert!(created.created_at.is_some());
    let id = created.key().unwrap().to_owned();
    // The password was really sent (the sandbox stores it), yet printed nowhere.
    let kept = w.sandbox.store().read(|world| {
        world.trunk_parts[&id].fields["password"]
            .as_str()
            .unwrap()
            .to_owned()
    });
    assert_eq!(kept, canary);
    assert!(!format!("{created:?}").contains(canary));

    // Patch: only the password changes.
    let changes = TrunkCredentialRequest {
        password: Some(Secret::new("CANARY-pw-2nd")),
        ..Default::default()
    };
    assert!(!format!("{changes:?}").contains("CANARY-pw-2nd"));
    let updated = w
        .parent
        .update_trunk_credential(&id, &changes)
        .await
        .unwrap();
    assert_eq!(updated.username.as_deref(), Some("pbx-user"));
    let listed: Vec<TrunkCredential> = w
        .parent
        .list_trunk_credentials(PageOptions::default())
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].key(), Some(id.as_str()));

    // Server-side rules come back typed.
    let dup = w
        .parent
        .create_trunk_credential(&TrunkCredentialRequest::new("pbx-user", "long-enough"))
        .await
        .unwrap_err();
    assert_eq!(dup.kind(), ErrorKind::Conflict);
    let short = w
        .parent
        .create_trunk_credential(&TrunkCredentialRequest::new("other", "short"))
        .await
        .unwrap_err();
    assert_eq!(short.kind(), ErrorKind::BadRequest);

    w.parent.delete_trunk_credential(&id).await.unwrap();
    assert_eq!(
        w.parent
            .delete_trunk_credential(&id)
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        w.parent
            .update_trunk_credential(&id, &changes)
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_credentials_are_refused_before_sending() {
    let w = sandbox::start(82).await;
    let cases: Vec<(TrunkCredentialRequest, &str)> = vec![
        (TrunkCredentialRequest::default(), "username"),
        (
            TrunkCredentialRequest {
                username: Some("u".into()),
                password: None,
            },
            "password",
        ),
        (
            TrunkCredentialRequest::new("   ", "long-enough"),
            "username",
        ),
        (
            TrunkCredentialRequest::new("a b", "long-enough"),
            "username",
        ),
        (TrunkCredentialRequest::new("u", ""), "password"),
        (TrunkCredentialRequest::new("u", "pass\nword1"), "password"),
    ];
    for (request, expected) in cases {
        let err = w
            .parent
            .create_trunk_credential(&request)
            .await
            .unwrap_err();
        assert_eq!(field(&err), expected, "{request:?}");
    }
    // Ids that could escape their path segment never leave.
    for bad in ["", "a/b", "..", "x?y"] {
        let err = w.parent.delete_trunk_credential(bad).await.unwrap_err();
        assert_eq!(field(&err), "credential_uuid");
    }
    assert_eq!(stored(&w), 0, "nothing was sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn ip_acl_entries_are_checked_with_std_net_and_paged() {
    let w = sandbox::start(83).await;
    for (i, ip) in [
        "8.8.8.8",
        "10.0.0.0/8",
        " 100.64.0.1/32 ",
        "1.1.1.1",
        "9.9.9.9",
    ]
    .iter()
    .enumerate()
    {
        let entry = w
            .parent
            .create_ip_acl(&IpAclRequest::new(format!("office {i}"), *ip))
            .await
            .unwrap();
        assert_eq!(entry.ip_address.as_deref(), Some(ip.trim()));
        w.advance(1).await;
    }
    let all: Vec<IpAclEntry> = w
        .parent
        .list_ip_acl(pages(2))
        .unwrap()
        .collect()
        .await
        .unwrap();
    let names: Vec<_> = all.iter().map(|e| e.name.clone().unwrap()).collect();
    assert_eq!(
        names,
        ["office 4", "office 3", "office 2", "office 1", "office 0"],
        "every page, newest first"
    );
    let before = stored(&w);
    for bad in [
        "192.0.2.1",
        "198.51.100.0/24",
        "203.0.113.200",
        "192.0.0.0/16",
        "2001:db8::1",
        "::ffff:8.8.8.8",
        "10.0.0.0/33",
        "10.0.0.0/+8",
        "10.0.0/8",
        "office.example.com",
        "",
    ] {
        let err = w
            .parent
            .create_ip_acl(&IpAclRequest::new("bad", bad))
            .await
            .unwrap_err();
        assert_eq!(field(&err), "ip_address", "{bad}");
    }
    assert_eq!(
        field(
            &w.parent
                .create_ip_acl(&IpAclRequest {
                    ip_address: Some("8.8.8.8".into()),
                    name: None
                })
                .await
                .unwrap_err()
        ),
        "name"
    );
    assert_eq!(stored(&w), before, "nothing was sent");

    let id = all[0].key().unwrap().to_owned();
    let renamed = w
        .parent
        .update_ip_acl(
            &id,
            &IpAclRequest {
                name: Some("HQ".into()),
                ip_address: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (renamed.name.as_deref(), renamed.ip_address.as_deref()),
        (Some("HQ"), Some("9.9.9.9"))
    );
    w.parent.delete_ip_acl(&id).await.unwrap();
    assert_eq!(
        w.parent.delete_ip_acl(&id).await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        field(&w.parent.list_ip_acl(pages(101)).unwrap_err()),
        "page_size"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn origination_uris_send_sip_uri_and_read_uri() {
    let w = sandbox::start(84).await;
    let mut request = OriginationUriRequest::new("primary", "sip:pbx.example.com:5060");
    request.priority = Some(1);
    request.weight = Some(50);
    let created = w.parent.create_origination_uri(&request).await.unwrap();
    assert_eq!(created.uri.as_deref(), Some("sip:pbx.example.com:5060"));
    assert_eq!(created.sip_uri(), Some("sip:pbx.example.com:5060"));
    assert_eq!((created.priority, created.weight), (Some(1), Some(50)));
    let id = created.key().unwrap().to_owned();
    let defaults = w
        .parent
        .create_origination_uri(&OriginationUriRequest::new(
            "backup",
            "SIPS:backup.example.com",
        ))
        .await
        .unwrap();
    assert_eq!((defaults.priority, defaults.weight), (Some(10), Some(10)));

    let before = stored(&w);
    for (bad, expected) in [
        (
            OriginationUriRequest::new("x", "pbx.example.com"),
            "sip_uri",
        ),
        (OriginationUriRequest::new("x", "sip:"), "sip_uri"),
        (
            OriginationUriRequest::new("x", "http://pbx.example.com"),
            "sip_uri",
        ),
        (OriginationUriRequest::new("x", "sip:a b"), "sip_uri"),
        (OriginationUriRequest::new("", "sip:a"), "name"),
        (OriginationUriRequest::default(), "name"),
    ] {
        let err = w.parent.create_origination_uri(&bad).await.unwrap_err();
        assert_eq!(field(&err), expected, "{bad:?}");
    }
    assert_eq!(stored(&w), before, "nothing was sent");
    // The sandbox refuses a zero weight (no documented bound): typed BadRequest.
    let mut zero = OriginationUriRequest::new("z", "sip:z.example.com");
    zero.weight = Some(0);
    assert_eq!(
        w.parent
            .create_origination_uri(&zero)
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::BadRequest
    );

    let moved = w
        .parent
        .update_origination_uri(
            &id,
            &OriginationUriRequest {
                sip_uri: Some("sips:pbx2.example.com".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(moved.uri.as_deref(), Some("sips:pbx2.example.com"));
    assert_eq!(moved.priority, Some(1));
    let all: Vec<OriginationUri> = w
        .parent
        .list_origination_uris(pages(1))
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    w.parent.delete_origination_uri(&id).await.unwrap();
    assert_eq!(
        w.parent
            .delete_origination_uri(&id)
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn deleting_a_trunk_deletes_the_sub_resources_it_names() {
    let w = sandbox::start(85).await;
    let cred = w
        .parent
        .create_trunk_credential(&TrunkCredentialRequest::new("trunk-user", "long-enough"))
        .await
        .unwrap();
    let acl = w
        .parent
        .create_ip_acl(&IpAclRequest::new("office", "8.8.8.8"))
        .await
        .unwrap();
    let uri = w
        .parent
        .create_origination_uri(&OriginationUriRequest::new("pbx", "sip:pbx.example.com"))
        .await
        .unwrap();
    let spare = w
        .parent
        .create_ip_acl(&IpAclRequest::new("spare", "1.1.1.1"))
        .await
        .unwrap();
    let trunk = w
        .parent
        .create_trunk(&TrunkRequest {
            credential_uuid: cred.key().map(str::to_owned),
            ipacl_uuid: acl.key().map(str::to_owned),
            primary_uri_uuid: uri.key().map(str::to_owned),
            ..TrunkRequest::named("Linked")
        })
        .await
        .unwrap();
    assert_eq!(trunk.ipacl_uuid.as_deref(), acl.key());
    w.parent
        .delete_trunk(trunk.trunk_id.as_deref().unwrap())
        .await
        .unwrap();
    let creds = w
        .parent
        .list_trunk_credentials(PageOptions::default())
        .unwrap()
        .collect()
        .await
        .unwrap();
    let acls = w
        .parent
        .list_ip_acl(PageOptions::default())
        .unwrap()
        .collect()
        .await
        .unwrap();
    let uris = w
        .parent
        .list_origination_uris(PageOptions::default())
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert!(creds.is_empty() && uris.is_empty());
    assert_eq!(acls.len(), 1);
    assert_eq!(acls[0].key(), spare.key());
}

#[tokio::test(flavor = "multi_thread")]
async fn sub_resources_are_per_account() {
    let w = sandbox::start(86).await;
    let acl = w
        .parent
        .create_ip_acl(&IpAclRequest::new("office", "8.8.8.8"))
        .await
        .unwrap();
    let sub = sub_account(&w, "parts-sub@example.com", "personal_use").await;
    let mine = sub
        .list_ip_acl(PageOptions::default())
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert!(mine.is_empty());
    let err = sub
        .update_ip_acl(acl.key().unwrap(), &IpAclRequest::new("stolen", "9.9.9.9"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let forged = w.account(w.parent.auth_id().as_str(), "not-the-token");
    assert_eq!(
        forged
            .create_ip_acl(&IpAclRequest::new("x", "8.8.8.8"))
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::Authentication
    );
}

#[test]
fn quirk_fixtures_decode() {
    let canary = "CANARY-from-api";
    let c: TrunkCredential = serde_json::from_str(&format!(
        r#"{{"id":12,"username":"u","password":"{canary}","created_at":"2026-05-07 09:45:35.79276+05:30","realm":"sip.vobiz.ai"}}"#
    ))
    .unwrap();
    assert_eq!(c.key(), Some("12"));
    assert_eq!(c.password.as_ref().unwrap().expose(), canary);
    assert!(!format!("{c:?}").contains(canary));
    assert!(!serde_json::to_string(&c).unwrap().contains(canary));
    assert_eq!(c.extra["realm"], "sip.vobiz.ai");
    assert!(c.created_at.unwrap().to_utc().is_some());
    let redacted: TrunkCredential =
        serde_json::from_str(r#"{"uuid":"c-1","password":"<redacted>"}"#).unwrap();
    assert!(redacted.password.unwrap().is_redacted_by_api());
    // Numbers as strings, the URI under its request name.
    let u: OriginationUri = serde_json::from_str(
        r#"{"uuid":"u-1","sip_uri":"sip:a.example.com","priority":"5","weight":null}"#,
    )
    .unwrap();
    assert_eq!(u.sip_uri(), Some("sip:a.example.com"));
    assert_eq!((u.priority, u.weight), (Some(5), None));
    let e: IpAclEntry =
        serde_json::from_str(r#"{"uuid":"a-1","ip_address":"8.8.8.8/32"}"#).unwrap();
    assert_eq!(e.ip_address.as_deref(), Some("8.8.8.8/32"));
}

//! Sub-account administration (`Account::create_sub_account`, `list_sub_accounts`,
//! `SubAccount::get` / `update` / `delete`) against the sandbox, plus decoding of the
//! object's documented quirks.

mod sandbox;

use futures::StreamExt;
use serde_json::json;
use vobiz_partner::models::{
    BusinessType, CreateSubAccount, KycMode, SubAccountCreated, SubAccountFilters,
    SubAccountObject, SubAccountPermissions, UpdateSubAccount,
};
use vobiz_partner::timestamp::TimeValue;
use vobiz_partner::{ApiPath, ApiRequest, ErrorKind, PageOptions, Secret};

use sandbox::World;

/// How many sub-accounts the parent has, read through the SDK.
async fn count(w: &World) -> usize {
    w.parent
        .list_sub_accounts(SubAccountFilters::default(), PageOptions::default())
        .unwrap()
        .collect()
        .await
        .unwrap()
        .len()
}

#[tokio::test(flavor = "multi_thread")]
async fn create_returns_the_one_time_credentials_as_secrets() {
    let w = sandbox::start(11).await;
    let created = w
        .parent
        .create_sub_account(CreateSubAccount::new("Ops team"))
        .await
        .unwrap();
    let creds = created.auth_credentials.as_ref().unwrap();
    let token = creds.auth_token.expose().to_owned();
    assert!(creds.auth_id.starts_with("SA_"));
    assert!(!creds.auth_token.is_redacted_by_api());
    let sub = &created.sub_account;
    assert_eq!(sub.auth_id, creds.auth_id);
    assert_eq!(sub.auth_token.as_ref().unwrap().expose(), token);
    assert_eq!(sub.kyc_mode, Some(KycMode::PersonalUse));
    assert_eq!(sub.kyc_calls_blocked, Some(false));
    assert_eq!(sub.rate_limit, Some(1000));
    assert_eq!(
        sub.parent_auth_id.as_deref(),
        Some(w.parent.auth_id().as_str())
    );
    assert!(sub.created_at.as_ref().unwrap().to_utc().is_some());
    let tokens = created.tokens.as_ref().unwrap();
    let access = tokens.access_token.as_ref().unwrap().expose().to_owned();
    assert_eq!(tokens.expires_in, Some(1800));

    // Nothing secret in Debug or in a serialised copy.
    let shown = format!("{created:?} {}", serde_json::to_string(&created).unwrap());
    assert!(!shown.contains(&token), "{shown}");
    assert!(!shown.contains(&access), "{shown}");

    // The credentials work for the sub-account's own client…
    let own = created.account_credentials().unwrap();
    assert_eq!(own.auth_id().as_str(), creds.auth_id);
    // …and are masked from now on.
    let handle = w.parent.sub_account(&creds.auth_id).unwrap();
    let again = handle.get().await.unwrap();
    assert!(again.auth_token.unwrap().is_redacted_by_api());
    assert!(matches!(again.created.unwrap().value(), TimeValue::Date(_)));
}

#[tokio::test(flavor = "multi_thread")]
async fn create_sends_every_typed_field() {
    let w = sandbox::start(12).await;
    let created = w
        .parent
        .create_sub_account(CreateSubAccount {
            email: Some(" billing@acme.in ".into()),
            password: Some(Secret::new("Str0ng!pass")),
            kyc_mode: Some(KycMode::CustomerUse),
            business_type: Some(BusinessType::PrivateLimited),
            enabled: Some(true),
            rate_limit: Some(50),
            permissions: Some(SubAccountPermissions::new(true, false)),
            phone: Some("91 98765 43210".into()),
            description: Some("Acme's line".into()),
            ..CreateSubAccount::new("Acme Pvt Ltd")
        })
        .await
        .unwrap();
    let sub = created.sub_account;
    assert_eq!(sub.email.as_deref(), Some("billing@acme.in"));
    assert_eq!(sub.kyc_mode, Some(KycMode::CustomerUse));
    assert_eq!(sub.business_type, Some(BusinessType::PrivateLimited));
    assert_eq!(
        sub.kyc_calls_blocked,
        Some(true),
        "customer_use starts blocked"
    );
    assert_eq!(sub.rate_limit, Some(50));
    assert_eq!(
        sub.permissions,
        Some(SubAccountPermissions::new(true, false))
    );
    assert_eq!(sub.phone.as_deref(), Some("+919876543210"));
    assert_eq!(sub.description.as_deref(), Some("Acme's line"));
    assert_eq!(sub.enabled, Some(true));

    // The email is taken now: the server's 422.
    let err = w
        .parent
        .create_sub_account(CreateSubAccount {
            email: Some("billing@acme.in".into()),
            ..CreateSubAccount::new("Acme again")
        })
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unprocessable);
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_before_anything_is_sent() {
    let w = sandbox::start(13).await;
    let refused = |request: CreateSubAccount| {
        let parent = w.parent.clone();
        async move {
            parent
                .create_sub_account(request)
                .await
                .unwrap_err()
                .validation_field()
                .map(str::to_owned)
        }
    };
    // customer_use without an email: the API's 400, caught here.
    assert_eq!(
        refused(CreateSubAccount {
            kyc_mode: Some(KycMode::CustomerUse),
            ..CreateSubAccount::new("Acme")
        })
        .await
        .as_deref(),
        Some("email")
    );
    let cases: Vec<(CreateSubAccount, &str)> = vec![
        (CreateSubAccount::new("  "), "name"),
        (
            CreateSubAccount {
                email: Some("not-an-email".into()),
                ..CreateSubAccount::new("A")
            },
            "email",
        ),
        (
            CreateSubAccount {
                password: Some(Secret::new("weakpass")),
                ..CreateSubAccount::new("A")
            },
            "password",
        ),
        (
            CreateSubAccount {
                phone: Some("012345".into()),
                ..CreateSubAccount::new("A")
            },
            "phone",
        ),
        (
            CreateSubAccount {
                business_type: Some(BusinessType::parse("cooperative")),
                ..CreateSubAccount::new("A")
            },
            "business_type",
        ),
        (
            CreateSubAccount {
                kyc_mode: Some(KycMode::parse("reseller_use")),
                ..CreateSubAccount::new("A")
            },
            "kyc_mode",
        ),
        (
            CreateSubAccount {
                rate_limit: Some(0),
                ..CreateSubAccount::new("A")
            },
            "rate_limit",
        ),
    ];
    for (request, field) in cases {
        assert_eq!(refused(request).await.as_deref(), Some(field));
    }
    // The weak password is not echoed in the error.
    let err = w
        .parent
        .create_sub_account(CreateSubAccount {
            password: Some(Secret::new("weakpass")),
            ..CreateSubAccount::new("A")
        })
        .await
        .unwrap_err();
    assert!(!err.to_string().contains("weakpass"));
    assert_eq!(count(&w).await, 0, "nothing reached the server");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_sub_accounts_own_client_cannot_administer_sub_accounts() {
    let w = sandbox::start(14).await;
    let created = w
        .parent
        .create_sub_account(CreateSubAccount::new("Child"))
        .await
        .unwrap();
    let child = vobiz_partner::Account::with_transport(
        created.account_credentials().unwrap(),
        w.transport.clone(),
    );
    let err = child
        .create_sub_account(CreateSubAccount::new("Grandchild"))
        .await
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("auth_id"));
    let err = child
        .list_sub_accounts(SubAccountFilters::default(), PageOptions::default())
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("auth_id"));
    assert!(child.sub_account(&created.sub_account.auth_id).is_err());
    assert_eq!(count(&w).await, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn list_walks_every_page_newest_first_and_filters_active() {
    let w = sandbox::start(15).await;
    let mut ids = Vec::new();
    for i in 0..7 {
        let created = w
            .parent
            .create_sub_account(CreateSubAccount::new(format!("Team {i}")))
            .await
            .unwrap();
        ids.push(created.sub_account.auth_id);
        w.advance(1).await;
    }
    let small = PageOptions {
        page_size: 3,
        ..PageOptions::default()
    };
    let all = w
        .parent
        .list_sub_accounts(SubAccountFilters::default(), small)
        .unwrap()
        .collect()
        .await
        .unwrap();
    let listed: Vec<String> = all.iter().map(|s| s.auth_id.clone()).collect();
    let mut newest_first = ids.clone();
    newest_first.reverse();
    assert_eq!(listed, newest_first);
    assert!(
        all.iter()
            .all(|s| s.auth_token.as_ref().unwrap().is_redacted_by_api())
    );

    // Lazy and bounded.
    let first_two: Vec<_> = w
        .parent
        .list_sub_accounts(
            SubAccountFilters::default(),
            PageOptions {
                max_items: Some(2),
                ..small
            },
        )
        .unwrap()
        .stream()
        .collect()
        .await;
    assert_eq!(first_two.len(), 2);

    w.parent
        .sub_account(&ids[0])
        .unwrap()
        .update(UpdateSubAccount {
            enabled: Some(false),
            ..Default::default()
        })
        .await
        .unwrap();
    let active = w
        .parent
        .list_sub_accounts(
            SubAccountFilters {
                active_only: Some(true),
            },
            small,
        )
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(active.len(), 6);
    assert!(active.iter().all(|s| s.auth_id != ids[0]));
    let too_big = PageOptions {
        page_size: 101,
        ..PageOptions::default()
    };
    assert_eq!(
        w.parent
            .list_sub_accounts(SubAccountFilters::default(), too_big)
            .unwrap_err()
            .validation_field(),
        Some("page_size")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn update_is_partial_and_rederives_the_call_gate() {
    let w = sandbox::start(16).await;
    let created = w
        .parent
        .create_sub_account(CreateSubAccount::new("No email yet"))
        .await
        .unwrap();
    let sub = w.parent.sub_account(&created.sub_account.auth_id).unwrap();

    let renamed = sub
        .update(UpdateSubAccount {
            name: Some("Renamed".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(renamed.name.as_deref(), Some("Renamed"));
    assert_eq!(renamed.rate_limit, Some(1000), "untouched fields stay");
    assert!(renamed.auth_token.unwrap().is_redacted_by_api());

    // Promoting without an email anywhere: the API's 400.
    let err = sub
        .update(UpdateSubAccount {
            kyc_mode: Some(KycMode::CustomerUse),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadRequest);
    assert_eq!(err.status(), Some(400));

    let promoted = sub
        .update(UpdateSubAccount {
            kyc_mode: Some(KycMode::CustomerUse),
            email: Some("cust@example.in".into()),
            business_type: Some(BusinessType::Individual),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(promoted.kyc_calls_blocked, Some(true));
    assert_eq!(promoted.business_type, Some(BusinessType::Individual));
    let demoted = sub
        .update(UpdateSubAccount {
            kyc_mode: Some(KycMode::PersonalUse),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(demoted.kyc_calls_blocked, Some(false));
    assert_eq!(demoted.email.as_deref(), Some("cust@example.in"));

    for (request, field) in [
        (UpdateSubAccount::default(), "body"),
        (
            UpdateSubAccount {
                phone: Some("+12".into()),
                ..Default::default()
            },
            "phone",
        ),
        (
            UpdateSubAccount {
                email: Some("x@".into()),
                ..Default::default()
            },
            "email",
        ),
    ] {
        assert_eq!(
            sub.update(request).await.unwrap_err().validation_field(),
            Some(field)
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_removes_it_and_unknown_or_foreign_sub_accounts_are_not_found() {
    let w = sandbox::start(17).await;
    let created = w
        .parent
        .create_sub_account(CreateSubAccount::new("Short-lived"))
        .await
        .unwrap();
    let sub = w.parent.sub_account(&created.sub_account.auth_id).unwrap();
    sub.delete().await.unwrap();
    assert_eq!(sub.get().await.unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(sub.delete().await.unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(count(&w).await, 0);

    let ghost = w.parent.sub_account("SA_NOPE0000").unwrap();
    assert_eq!(ghost.get().await.unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(
        ghost
            .update(UpdateSubAccount {
                name: Some("x".into()),
                ..Default::default()
            })
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );

    // Another main account (a partner customer, created through the raw transport) cannot
    // see this parent's sub-accounts.
    let kept = w
        .parent
        .create_sub_account(CreateSubAccount::new("Kept"))
        .await
        .unwrap();
    let request = ApiRequest::post(ApiPath::v1().lit("partner/accounts"))
        .json(
            &json!({"name": "Other Co", "email": "other@co.in", "password": "Str0ng!pass",
                      "phone": "+919811111111", "country": "IN"}),
        )
        .unwrap();
    let customer: serde_json::Value = w
        .transport
        .send(
            &vobiz_partner::PartnerCredentials::new(
                &w.sandbox.seeded().partner.auth_id,
                &w.sandbox.seeded().partner.auth_token,
            )
            .unwrap(),
            &request,
        )
        .await
        .unwrap()
        .json()
        .unwrap();
    let other = w.account(
        customer["auth_id"].as_str().unwrap(),
        customer["auth_token"].as_str().unwrap(),
    );
    let foreign = other.sub_account(&kept.sub_account.auth_id).unwrap();
    assert_eq!(foreign.get().await.unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(
        foreign.delete().await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
    w.parent
        .sub_account(&kept.sub_account.auth_id)
        .unwrap()
        .get()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_credentials_are_typed_errors() {
    let w = sandbox::start(18).await;
    let forged = w.account(w.parent.auth_id().as_str(), "wrong-token");
    assert_eq!(
        forged
            .create_sub_account(CreateSubAccount::new("x"))
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::Authentication
    );
    assert_eq!(count(&w).await, 0);
}

#[test]
fn the_object_decodes_every_documented_quirk() {
    // Onboarding-flow example: the SA_ id in `id`; date-only `created`; an IST offset;
    // numbers as strings; no KYC fields; an unknown field; the masked token.
    let sub: SubAccountObject = serde_json::from_value(json!({
        "id": "SA_67401KW8", "auth_id": "SA_67401KW8", "name": "Ops",
        "parent_account_id": 510762, "rate_limit": "1000", "enabled": "true",
        "auth_token": "<redacted>", "created": "2026-03-25", "modified": "2026-03-25",
        "created_at": "2026-05-07 09:45:35.79276+05:30", "updated_at": "2026-05-07T04:15:35.79276Z",
        "last_used": null, "permissions": {"calls": true, "cdr": false, "recordings": true},
        "brand_new_field": {"x": 1}
    }))
    .unwrap();
    assert_eq!(sub.id.as_deref(), Some("SA_67401KW8"));
    assert_eq!(sub.parent_account_id.as_deref(), Some("510762"));
    assert_eq!(sub.rate_limit, Some(1000));
    assert_eq!(sub.enabled, Some(true));
    assert!(sub.auth_token.as_ref().unwrap().is_redacted_by_api());
    assert!(matches!(
        sub.created.as_ref().unwrap().value(),
        TimeValue::Date(_)
    ));
    assert_eq!(
        sub.created_at.as_ref().unwrap().to_utc(),
        sub.updated_at.as_ref().unwrap().to_utc()
    );
    assert_eq!(sub.kyc_mode, None);
    assert_eq!(sub.kyc_calls_blocked, None);
    assert_eq!(sub.extra["brand_new_field"], json!({"x": 1}));
    assert_eq!(
        sub.permissions.as_ref().unwrap().extra["recordings"],
        json!(true)
    );

    // KYC fields present, with a value this SDK does not know yet.
    let sub: SubAccountObject = serde_json::from_value(json!({
        "auth_id": "SA_X", "id": "500001", "kyc_mode": "customer_use",
        "business_type": "cooperative", "kyc_calls_blocked": true
    }))
    .unwrap();
    assert_eq!(sub.kyc_mode, Some(KycMode::CustomerUse));
    assert_eq!(
        sub.business_type,
        Some(BusinessType::Other("cooperative".into()))
    );
    assert_eq!(sub.kyc_calls_blocked, Some(true));

    // The create answer (200 per OAS, 201 per prose): the canary must never print.
    let canary = "CANARY_tok_9e8d7c";
    let created: SubAccountCreated = serde_json::from_value(json!({
        "message": "Sub-account created successfully",
        "sub_account": {"auth_id": "SA_67401KW8", "auth_token": canary},
        "auth_credentials": {"auth_id": "SA_67401KW8", "auth_token": canary},
        "tokens": {"access_token": format!("{canary}_a"), "refresh_token": format!("{canary}_r"),
                   "token_type": "bearer", "expires_in": "1800"}
    }))
    .unwrap();
    assert!(!format!("{created:?}").contains(canary));
    assert!(!serde_json::to_string(&created).unwrap().contains(canary));
    assert_eq!(
        created
            .auth_credentials
            .as_ref()
            .unwrap()
            .auth_token
            .expose(),
        canary
    );
    // Without `auth_credentials`, the object's clear token is used; a masked one is not.
    let only_object: SubAccountCreated = serde_json::from_value(json!({
        "sub_account": {"auth_id": "SA_67401KW8", "auth_token": canary}
    }))
    .unwrap();
    assert!(only_object.account_credentials().is_some());
    let masked: SubAccountCreated = serde_json::from_value(json!({
        "sub_account": {"auth_id": "SA_67401KW8", "auth_token": "<redacted>"}
    }))
    .unwrap();
    assert!(masked.account_credentials().is_none());
}

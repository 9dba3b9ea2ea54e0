//! The named operations the bindings call: argument checking, results as views (money,
//! timestamps and secrets typed, unknown fields under `extra`, camelCase for Node), lists
//! in batches, and every listed operation dispatchable.

mod sandbox;

use serde_json::{Value, json};
use vobiz_partner::ops::{Client, OperationKind, operations};
use vobiz_partner::view::{KeyCase, View};
use vobiz_partner::{ErrorKind, PageOptions};

fn field<'a>(view: &'a View, key: &str) -> &'a View {
    match view {
        View::Map(fields) => fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .unwrap_or_else(|| panic!("no field {key} in {view:?}")),
        other => panic!("not an object: {other:?}"),
    }
}

fn text(view: &View) -> &str {
    match view {
        View::Text(t) => t,
        other => panic!("not text: {other:?}"),
    }
}

fn new_customer(email: &str) -> Value {
    json!({
        "name": "Asha Rao", "email": email, "password": "Str0ng!pass",
        "phone": "+919876543210", "country": "IN",
    })
}

#[tokio::test]
async fn results_keep_money_timestamps_and_secrets_typed() {
    let world = sandbox::start(7).await;
    let partner = Client::Partner(world.partner.clone());
    let created = partner
        .call(
            "create_customer",
            new_customer("asha@acme.in"),
            KeyCase::Snake,
        )
        .await
        .unwrap();
    let View::Secret(token) = field(&created, "auth_token") else {
        panic!("auth_token is not a secret: {created:?}")
    };
    assert!(token.expose().len() > 8, "the once-shown token is kept");
    assert!(!format!("{created:?}").contains(token.expose()));
    assert!(matches!(field(&created, "created_at"), View::Time(_)));
    let id = text(field(&created, "auth_id")).to_owned();

    let moved = partner
        .call(
            "transfer_balance",
            json!({"customer_auth_id": id, "amount": "123.45", "currency": "INR"}),
            KeyCase::Snake,
        )
        .await
        .unwrap();
    let balance = partner
        .call(
            "customer_balance",
            json!({"customer_auth_id": id}),
            KeyCase::Snake,
        )
        .await
        .unwrap();
    let View::Money(amount) = field(&balance, "cash_credits") else {
        panic!("balance is not money: {balance:?} (transfer: {moved:?})")
    };
    assert_eq!(
        amount.as_decimal().to_string(),
        "123.45000",
        "scale kept as sent"
    );
    assert_eq!(amount.as_decimal().normalize().to_string(), "123.45");
}

#[tokio::test]
async fn camel_case_in_and_out_for_node() {
    let world = sandbox::start(8).await;
    let partner = Client::Partner(world.partner.clone());
    let created = partner
        .call(
            "create_customer",
            new_customer("ravi@acme.in"),
            KeyCase::Camel,
        )
        .await
        .unwrap();
    let id = text(field(&created, "authId")).to_owned();
    let customer = partner
        .call(
            "get_customer",
            json!({"customerAuthId": id}),
            KeyCase::Camel,
        )
        .await
        .unwrap();
    assert!(matches!(field(&customer, "cashCredits"), View::Money(_)));
    let View::Map(fields) = &customer else {
        panic!()
    };
    assert!(
        fields.iter().all(|(k, _)| !k.contains('_')),
        "every key is camelCase: {:?}",
        fields.iter().map(|(k, _)| k).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn bad_arguments_name_the_field_and_send_nothing() {
    let world = sandbox::start(9).await;
    let partner = Client::Partner(world.partner.clone());
    let cases = [
        ("get_customer", json!({}), "customer_auth_id"),
        (
            "get_customer",
            json!({"customer_auth_id": 5}),
            "customer_auth_id",
        ),
        (
            "get_customer",
            json!({"customer_auth_id": "MA_X", "colour": "red"}),
            "colour",
        ),
        (
            "create_customer",
            json!({"name": "A", "emial": "x"}),
            "emial",
        ),
        (
            "transfer_balance",
            json!({"customer_auth_id": "MA_X", "amount": "ten", "currency": "INR"}),
            "amount",
        ),
        ("analytics", json!({"from": "21/07/2026"}), "from"),
        ("make_a_wish", json!({}), "operation"),
    ];
    for (op, args, named) in cases {
        let err = partner
            .call(op, args.clone(), KeyCase::Snake)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation, "{op} {args}: {err}");
        assert_eq!(err.validation_field(), Some(named), "{op} {args}: {err}");
    }
    let err = partner
        .call("me", json!([1, 2]), KeyCase::Snake)
        .await
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("arguments"));
    let err = partner
        .list(
            "list_customers",
            json!({"serach": "x"}),
            PageOptions::default(),
            KeyCase::Snake,
        )
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("serach"));
}

#[tokio::test]
async fn lists_come_in_batches_up_to_max_items() {
    let world = sandbox::start(10).await;
    let partner = Client::Partner(world.partner.clone());
    for i in 0..23 {
        partner
            .call(
                "create_customer",
                new_customer(&format!("c{i}@acme.in")),
                KeyCase::Snake,
            )
            .await
            .unwrap();
    }
    let options = PageOptions {
        page_size: 5,
        max_items: None,
        prefetch: 2,
    };
    let mut pages = partner
        .list("list_customers", Value::Null, options, KeyCase::Snake)
        .unwrap();
    let mut seen = Vec::new();
    while let Some(batch) = pages.next_batch().await.unwrap() {
        assert!(!batch.is_empty());
        seen.extend(batch.iter().map(|c| text(field(c, "auth_id")).to_owned()));
    }
    assert_eq!(seen.len(), 23);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 23, "no item twice");
    assert!(
        pages.next_batch().await.unwrap().is_none(),
        "stays finished"
    );

    let capped = PageOptions {
        max_items: Some(7),
        ..options
    };
    let mut pages = partner
        .list("list_customers", Value::Null, capped, KeyCase::Snake)
        .unwrap();
    let mut count = 0;
    while let Some(batch) = pages.next_batch().await.unwrap() {
        count += batch.len();
    }
    assert_eq!(count, 7);
}

#[tokio::test]
async fn every_listed_operation_is_dispatched() {
    let world = sandbox::start(11).await;
    let partner = Client::Partner(world.partner.clone());
    let account = Client::Account(world.parent.clone());
    let sub = account.sub_account("SA_NOSUCH01").unwrap();
    for operation in operations() {
        let (scope, op, kind) = (operation.scope, operation.name, &operation.kind);
        let client = match scope {
            "partner" => &partner,
            "account" => &account,
            _ => &sub,
        };
        // A deliberately unknown option: every operation must refuse it by name before
        // sending anything, which proves the name is dispatched without side effects.
        let args = json!({"zz_unknown_option": 1});
        let err = match kind {
            OperationKind::Call => client.call(op, args, KeyCase::Snake).await.unwrap_err(),
            OperationKind::List => client
                .list(op, args, PageOptions::default(), KeyCase::Snake)
                .unwrap_err(),
        };
        assert_eq!(err.kind(), ErrorKind::Validation, "{scope}.{op}: {err}");
        assert_ne!(
            err.validation_field(),
            Some("operation"),
            "{scope}.{op} is listed but not dispatched"
        );
    }
}

#[tokio::test]
async fn a_create_requires_the_fields_its_patch_type_leaves_optional() {
    let world = sandbox::start(12).await;
    let account = Client::Account(world.parent.clone());
    let cases = [
        ("create_trunk", json!({"trunk_direction": "both"}), "name"),
        (
            "create_trunk_credential",
            json!({"username": "pbx"}),
            "password",
        ),
        ("create_ip_acl", json!({"name": "office"}), "ip_address"),
        (
            "create_origination_uri",
            json!({"sip_uri": "sip:a.in"}),
            "name",
        ),
    ];
    for (op, args, named) in cases {
        let err = account
            .call(op, args.clone(), KeyCase::Snake)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation, "{op} {args}: {err}");
        assert_eq!(err.validation_field(), Some(named), "{op} {args}: {err}");
    }
    // The update of the same type still takes a patch.
    let err = account
        .call(
            "update_trunk",
            json!({"trunk_id": "nope", "zz": 1}),
            KeyCase::Snake,
        )
        .await
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("zz"));

    let manifest = vobiz_partner::ops::manifest();
    let args_of = |name: &str| {
        manifest["operations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|op| op["name"] == name && op["scope"] == "account")
            .map(|op| op["args"].clone())
            .unwrap()
    };
    let trunk = args_of("create_trunk");
    assert!(
        trunk["required"]
            .as_array()
            .unwrap()
            .contains(&json!("name"))
    );
    assert_eq!(trunk["properties"]["name"]["type"], "string");
    assert!(
        !args_of("update_trunk")["required"]
            .as_array()
            .unwrap()
            .contains(&json!("name"))
    );
    let credential = args_of("create_trunk_credential");
    assert_eq!(credential["properties"]["password"]["writeOnly"], true);
    assert_eq!(credential["properties"]["password"]["type"], "string");
}

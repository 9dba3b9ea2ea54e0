//! Partner customers and balance transfers (`create_customer`, `list_customers`,
//! `get_customer`, `customer_balance`, `transfer_balance`) against the sandbox.

mod sandbox;

use futures::StreamExt;
use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::json;
use vobiz_partner::models::{
    CreatedCustomer, Customer, CustomerFilters, NewCustomer, TransactionFilters, TransactionType,
    TransferResult,
};
use vobiz_partner::{Error, ErrorKind, Money, PageOptions};

fn money(text: &str) -> Money {
    text.parse().unwrap()
}

fn new_customer(n: usize) -> NewCustomer {
    NewCustomer::new(
        format!("Customer {n}"),
        format!("c{n}@acme.in"),
        "Str0ng!pass",
        "in",
    )
    .phone(format!("+9198765432{n:02}"))
    .company("Acme")
}

async fn customer_count(w: &sandbox::World) -> u64 {
    w.partner.me().await.unwrap().account_count.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn create_returns_the_one_time_token_as_a_secret_and_usable_credentials() {
    let w = sandbox::start(11).await;
    let mut request = new_customer(1);
    request.gstin = Some("27AAPFU0939F1ZV".into());
    request.gst_status = Some("Active".into());
    request.timezone = Some("Asia/Kolkata".into());
    let created = w.partner.create_customer(&request).await.unwrap();
    let auth_id = created.auth_id.clone().unwrap();
    assert!(auth_id.starts_with("MA_"));
    assert_eq!(created.currency.as_deref(), Some("INR"));
    assert_eq!(created.country.as_deref(), Some("IN"));
    assert_eq!(created.status.as_deref(), Some("active"));
    assert_eq!(created.balance, Some(Money::ZERO));
    let token = created.auth_token.clone().unwrap();
    assert!(!token.is_redacted_by_api() && !token.expose().is_empty());
    // The token never prints, whatever way the model is shown.
    let shown = format!("{created:?} {}", serde_json::to_string(&created).unwrap());
    assert!(!shown.contains(token.expose()), "{shown}");
    // The credentials work on the customer's own routes.
    let creds = created.credentials().unwrap();
    assert_eq!(creds.auth_id().as_str(), auth_id);
    let client = w.partner.customer_client(creds.clone());
    assert_eq!(client.auth_id().as_str(), auth_id);
    let own = w
        .transport
        .send(
            &creds,
            &vobiz_partner::ApiRequest::get(
                vobiz_partner::ApiPath::v1()
                    .lit("Account")
                    .param("auth_id", &auth_id)
                    .unwrap()
                    .slash(),
            ),
        )
        .await
        .unwrap();
    assert_eq!(own.status(), 200);
    // The best-effort fields reached the server, normalised.
    let fetched = w.partner.get_customer(&auth_id).await.unwrap();
    assert_eq!(fetched.gstin.as_deref(), Some("27AAPFU0939F1ZV"));
    assert_eq!(fetched.gst_status.as_deref(), Some("active"));
    assert_eq!(fetched.phone.as_deref(), Some("+919876543201"));
    assert_eq!(fetched.kyc_status.as_deref(), Some("pending"));
    assert!(
        fetched.auth_token.unwrap().is_redacted_by_api(),
        "reads carry the placeholder"
    );
    assert_eq!(fetched.cash_credits, Some(Money::ZERO));
    assert_eq!(
        fetched.pricing_tier.unwrap().did_release_fee,
        Some(money("700"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_before_anything_is_sent() {
    let w = sandbox::start(12).await;
    let cases: Vec<(NewCustomer, &str)> = vec![
        (
            NewCustomer {
                password: "weakpass".into(),
                ..new_customer(1)
            },
            "password",
        ),
        (
            NewCustomer {
                email: "not-an-email".into(),
                ..new_customer(1)
            },
            "email",
        ),
        (
            NewCustomer {
                name: "   ".into(),
                ..new_customer(1)
            },
            "name",
        ),
        (new_customer(1).phone("0987"), "phone"),
        (
            NewCustomer {
                country: "XX".into(),
                ..new_customer(1)
            },
            "country",
        ),
        (
            NewCustomer {
                gstin: Some("27AAPFU0939F1ZW".into()),
                ..new_customer(1)
            },
            "gstin",
        ),
        (
            NewCustomer {
                gst_status: Some("pending".into()),
                ..new_customer(1)
            },
            "gst_status",
        ),
    ];
    for (request, field) in cases {
        let err = w.partner.create_customer(&request).await.unwrap_err();
        assert_eq!(err.validation_field(), Some(field), "{err}");
        // The password never appears in an error.
        assert!(!err.to_string().contains("Str0ng!pass"));
    }
    assert_eq!(customer_count(&w).await, 0, "nothing reached the server");
    // The request's Debug hides the password.
    let shown = format!("{:?}", new_customer(1));
    assert!(
        !shown.contains("Str0ng!pass") && shown.contains("c1@acme.in"),
        "{shown}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn server_refusals_are_typed() {
    let w = sandbox::start(13).await;
    w.partner.create_customer(&new_customer(1)).await.unwrap();
    let dup = w
        .partner
        .create_customer(&NewCustomer {
            name: "Other".into(),
            ..new_customer(1)
        })
        .await
        .unwrap_err();
    assert!(
        matches!(dup.kind(), ErrorKind::Unprocessable | ErrorKind::Conflict),
        "{dup}"
    );
    assert_eq!(dup.status(), Some(422));
    // Another partner's (or an unknown) customer is 404.
    let missing = w.partner.get_customer("MA_NOPE0000").await.unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
    let missing = w.partner.customer_balance("MA_NOPE0000").await.unwrap_err();
    assert_eq!(missing.kind(), ErrorKind::NotFound);
    // A non-customer id never leaves the process.
    for bad in ["SA_ABCDEFGH", "PA_ABCDEFGH", "MA_../x", ""] {
        let err = w.partner.get_customer(bad).await.unwrap_err();
        assert_eq!(err.validation_field(), Some("customer_auth_id"), "{bad}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn listing_walks_every_page_and_max_accounts_is_enforced() {
    let w = sandbox::start(14).await;
    let max = w.partner.me().await.unwrap().max_accounts.unwrap() as usize;
    let mut ids = Vec::new();
    for n in 0..max {
        let c = w.partner.create_customer(&new_customer(n)).await.unwrap();
        ids.push(c.auth_id.unwrap());
        w.advance(1).await; // distinct creation times: newest first is a strict order
    }
    let over = w
        .partner
        .create_customer(&new_customer(max))
        .await
        .unwrap_err();
    assert_eq!(over.kind(), ErrorKind::PermissionDenied, "{over}");

    let options = PageOptions {
        page_size: 7,
        prefetch: 2,
        ..PageOptions::default()
    };
    let all: Vec<Customer> = w
        .partner
        .list_customers(CustomerFilters::new(), options)
        .unwrap()
        .collect()
        .await
        .unwrap();
    let listed: Vec<String> = all.iter().map(|c| c.auth_id.clone().unwrap()).collect();
    let mut newest_first = ids.clone();
    newest_first.reverse();
    assert_eq!(listed, newest_first);
    // Search, and max_items stops early.
    let found = w
        .partner
        .list_customers(CustomerFilters::search("C3@ACME"), PageOptions::default())
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].email.as_deref(), Some("c3@acme.in"));
    let first_three = w
        .partner
        .list_customers(
            CustomerFilters::new(),
            PageOptions {
                page_size: 2,
                max_items: Some(3),
                ..PageOptions::default()
            },
        )
        .unwrap()
        .stream()
        .collect::<Vec<_>>()
        .await;
    assert_eq!(first_three.len(), 3);
    // per_page over 100 is refused by name.
    let err = w
        .partner
        .list_customers(
            CustomerFilters::new(),
            PageOptions {
                page_size: 101,
                ..PageOptions::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("per_page"));
}

#[tokio::test(flavor = "multi_thread")]
async fn transfer_moves_exact_money_and_writes_both_ledgers() {
    let w = sandbox::start(15).await;
    let c = w.partner.create_customer(&new_customer(1)).await.unwrap();
    let id = c.auth_id.unwrap();
    let result = w
        .partner
        .transfer_balance(&id, money("500.25"), "inr", Some("April recharge"))
        .await
        .unwrap();
    assert!(
        result
            .transaction_id
            .as_deref()
            .unwrap()
            .starts_with("txn_")
    );
    assert_eq!(result.customer(), Some(id.as_str()));
    assert_eq!(result.amount, Some(money("500.25")));
    assert_eq!(result.status.as_deref(), Some("completed"));
    assert_eq!(result.partner_balance_after, Some(money("49499.75")));
    assert_eq!(result.customer_balance_after, Some(money("500.25")));
    assert!(result.at().unwrap().to_utc().is_some());
    let balance = w.partner.customer_balance(&id).await.unwrap();
    assert_eq!(balance.cash_credits, Some(money("500.25")));
    assert_eq!(balance.currency.as_deref(), Some("INR"));
    // The customer's ledger has the credit, with the documented reference.
    let page = w
        .partner
        .customer_transactions_page(
            &id,
            TransactionFilters {
                transaction_type: Some(TransactionType::Transfer),
                ..TransactionFilters::new()
            },
            1,
            20,
        )
        .await
        .unwrap();
    assert_eq!(page.transactions.len(), 1);
    let row = &page.transactions[0];
    assert!(row.is_credit());
    assert_eq!(row.amount, Some(money("500.25")));
    assert!(row.reference.as_deref().unwrap().starts_with("ptc:"));
    assert!(
        row.description
            .as_deref()
            .unwrap()
            .contains("April recharge")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn transfer_refusals_name_the_field_or_carry_the_balances() {
    let w = sandbox::start(16).await;
    let id = w
        .partner
        .create_customer(&new_customer(1))
        .await
        .unwrap()
        .auth_id
        .unwrap();
    for (amount, currency, field) in [
        ("0", "INR", "amount"),
        ("-5", "INR", "amount"),
        ("1.005", "INR", "amount"),
        ("10", "RUPEES", "currency"),
    ] {
        let err = w
            .partner
            .transfer_balance(&id, money(amount), currency, None)
            .await
            .unwrap_err();
        assert_eq!(err.validation_field(), Some(field), "{amount} {currency}");
    }
    let err = w
        .partner
        .transfer_balance("SA_ABCDEFGH", money("1"), "INR", None)
        .await
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("customer_auth_id"));
    // The server's refusals.
    let mismatch = w
        .partner
        .transfer_balance(&id, money("10"), "USD", None)
        .await
        .unwrap_err();
    assert_eq!(mismatch.kind(), ErrorKind::BadRequest, "{mismatch}");
    let too_much = w
        .partner
        .transfer_balance(&id, money("50000.01"), "INR", None)
        .await
        .unwrap_err();
    match &too_much {
        Error::InsufficientBalance {
            current_balance,
            requested_amount,
            currency,
            ..
        } => {
            assert_eq!(*current_balance, Some(money("50000")));
            assert_eq!(*requested_amount, Some(money("50000.01")));
            assert_eq!(currency.as_deref(), Some("INR"));
        }
        other => panic!("expected InsufficientBalance, got {other:?}"),
    }
    let unknown = w
        .partner
        .transfer_balance("MA_NOPE0000", money("1"), "INR", None)
        .await
        .unwrap_err();
    assert_eq!(unknown.kind(), ErrorKind::NotFound);
    // Nothing moved.
    let balance = w.partner.customer_balance(&id).await.unwrap();
    assert_eq!(balance.cash_credits, Some(Money::ZERO));
    assert_eq!(w.partner.me().await.unwrap().balance, Some(money("50000")));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_transfer_answer_is_outcome_unknown_and_never_resent() {
    let w = sandbox::start(17).await;
    let id = w
        .partner
        .create_customer(&new_customer(1))
        .await
        .unwrap()
        .auth_id
        .unwrap();
    // The transfer commits, then the connection drops before the answer.
    w.control(
        Method::POST,
        "/__sandbox/faults",
        Some(json!({"method": "POST", "path": "*/transfer-balance", "kind": "reset_after", "count": 1})),
    )
    .await;
    let err = w
        .partner
        .transfer_balance(&id, money("100"), "INR", None)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{err}");
    assert!(err.outcome_unknown());
    // It happened exactly once: reconcile through the ledger, as the docs say.
    let ledger = w
        .partner
        .customer_transactions(&id, TransactionFilters::new(), PageOptions::default())
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0].amount, Some(money("100")));
    let balance = w.partner.customer_balance(&id).await.unwrap();
    assert_eq!(balance.cash_credits, Some(money("100")));

    // A 5xx answer to the POST is flagged as a possibly-applied change, and not retried.
    w.control(
        Method::POST,
        "/__sandbox/faults",
        Some(json!({"method": "POST", "path": "*/transfer-balance", "kind": "status", "status": 503, "count": 1})),
    )
    .await;
    let err = w
        .partner
        .transfer_balance(&id, money("1"), "INR", None)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server, "{err}");
    assert!(err.outcome_unknown());
    let balance = w.partner.customer_balance(&id).await.unwrap();
    assert_eq!(balance.cash_credits, Some(money("100")), "not retried");
}

#[test]
fn customer_quirks_decode() {
    // 5-decimal string money, an IST offset with a space, numeric id, unknown fields kept,
    // the API's redacted placeholder, nulls for optional keys.
    let c: Customer = serde_json::from_value(json!({
        "id": 500123,
        "auth_id": "MA_ZKITB8Z2",
        "auth_token": "<redacted>",
        "cash_credits": "1300.00000",
        "tds_percentage": 0,
        "is_active": "true",
        "kyc_status": "pending",
        "gstin": null,
        "created_at": "2026-05-07 09:45:35.79276+05:30",
        "updated_at": "2026-07-21T09:18:26.785758533Z",
        "pricing_tier": {"rate_per_minute": 0.45, "did_release_fee": 700, "charge_non_connected_calls": false},
        "brand_new_field": {"x": 1}
    }))
    .unwrap();
    assert_eq!(c.id.as_deref(), Some("500123"));
    assert_eq!(c.cash_credits.unwrap().as_decimal(), Decimal::new(1300, 0));
    assert!(c.auth_token.unwrap().is_redacted_by_api());
    assert_eq!(c.is_active, Some(true));
    assert_eq!(
        c.created_at.unwrap().to_utc().unwrap().to_rfc3339(),
        "2026-05-07T04:15:35.792760+00:00"
    );
    assert_eq!(c.extra["brand_new_field"], json!({"x": 1}));
    let tier = c.pricing_tier.unwrap();
    assert_eq!(tier.rate_per_minute, Some(money("0.45")));
    assert_eq!(tier.did_release_fee, Some(money("700")));

    // The documented transfer answer (numbers) and the SDK schema's variant keys.
    let t: TransferResult = serde_json::from_value(json!({
        "transaction_id": "txn_abc123def456", "from_account": "partner-882abc",
        "to_account": "MA_48149cf4", "amount": 500.00, "currency": "INR",
        "status": "completed", "partner_balance_after": 47750.00,
        "customer_balance_after": 2950.00, "timestamp": "2026-03-25T11:00:00Z"
    }))
    .unwrap();
    assert_eq!(t.partner_balance_after, Some(money("47750")));
    assert_eq!(t.customer(), Some("MA_48149cf4"));
    let t: TransferResult = serde_json::from_value(json!({
        "transaction_id": "txn_1", "customer_auth_id": "MA_X", "amount": "12.50",
        "status": "failed", "created_at": "2026-03-25T11:00:00+00:00"
    }))
    .unwrap();
    assert_eq!(t.customer(), Some("MA_X"));
    assert_eq!(t.amount, Some(money("12.5")));
    assert!(t.at().is_some());

    // The create answer: the one-time token never prints.
    let created: CreatedCustomer = serde_json::from_value(json!({
        "auth_id": "MA_XXXXXX", "auth_token": "CANARY_sk_live_123", "balance": 0.00,
        "created_at": "2026-03-25T10:00:00Z"
    }))
    .unwrap();
    assert_eq!(
        created.auth_token.as_ref().unwrap().expose(),
        "CANARY_sk_live_123"
    );
    let shown = format!("{created:?} {}", serde_json::to_string(&created).unwrap());
    assert!(!shown.contains("CANARY"), "{shown}");
    // A redacted token gives no credentials.
    let redacted: CreatedCustomer =
        serde_json::from_value(json!({"auth_id": "MA_XXXXXX", "auth_token": "<redacted>"}))
            .unwrap();
    assert_eq!(
        redacted.credentials().unwrap_err().validation_field(),
        Some("auth_token")
    );
}

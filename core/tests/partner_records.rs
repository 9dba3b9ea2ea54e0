//! The partner's read-only records (ledgers, CDRs, numbers; per customer and global)
//! against the sandbox: a customer buys DIDs and takes calls, then the partner reads it all.

mod sandbox;

use std::time::Duration;

use chrono::NaiveDate;
use reqwest::Method;
use serde_json::{Value, json};
use vobiz_partner::models::{
    CallDirection, CallStatus, Cdr, CdrFilters, CdrPage, NewCustomer, NumberFilters, PhoneNumber,
    Transaction, TransactionFilters, TransactionPage, TransactionType,
};
use vobiz_partner::{AccountCredentials, ApiPath, ApiRequest, ErrorKind, Money, PageOptions};

fn money(text: &str) -> Money {
    text.parse().unwrap()
}

fn pages_of(size: u32) -> PageOptions {
    PageOptions {
        page_size: size,
        prefetch: 2,
        ..PageOptions::default()
    }
}

/// A funded customer with `dids` purchased numbers; returns its id, credentials and DIDs.
async fn customer_with_numbers(
    w: &sandbox::World,
    n: usize,
    dids: usize,
) -> (String, AccountCredentials, Vec<String>) {
    let created = w
        .partner
        .create_customer(
            &NewCustomer::new(
                format!("Rec {n}"),
                format!("rec{n}@acme.in"),
                "Str0ng!pass",
                "IN",
            )
            .phone("+919876543210"),
        )
        .await
        .unwrap();
    let id = created.auth_id.clone().unwrap();
    let creds = created.credentials().unwrap();
    w.partner
        .transfer_balance(&id, money("5000"), "INR", Some("opening"))
        .await
        .unwrap();
    let inventory = w
        .transport
        .send(
            &creds,
            &ApiRequest::get(
                ApiPath::v1()
                    .lit("Account")
                    .param("auth_id", &id)
                    .unwrap()
                    .lit("inventory/numbers"),
            )
            .query("per_page", 100),
        )
        .await
        .unwrap()
        .json::<Value>()
        .unwrap();
    let mut bought = Vec::new();
    for item in inventory["items"]
        .as_array()
        .unwrap()
        .iter()
        .skip(n * 5)
        .take(dids)
    {
        let e164 = item["e164"].as_str().unwrap().to_owned();
        let purchase = ApiRequest::post(
            ApiPath::v1()
                .lit("Account")
                .param("auth_id", &id)
                .unwrap()
                .lit("numbers/purchase-from-inventory"),
        )
        .json(&json!({ "e164": e164 }))
        .unwrap();
        w.transport.send(&creds, &purchase).await.unwrap();
        bought.push(e164);
    }
    (id, creds, bought)
}

async fn call(w: &sandbox::World, e164: &str, direction: &str, answered: bool, secs: u64) {
    w.control(
        Method::POST,
        "/__sandbox/calls",
        Some(json!({"e164": e164, "direction": direction, "answered": answered, "duration_seconds": secs})),
    )
    .await;
    w.advance(secs as i64 + 120).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn numbers_per_customer_and_global_page_and_search() {
    let w = sandbox::start(31).await;
    let (a, _, a_dids) = customer_with_numbers(&w, 0, 3).await;
    let (_, _, b_dids) = customer_with_numbers(&w, 1, 2).await;

    let mine: Vec<PhoneNumber> = w
        .partner
        .customer_numbers(&a, NumberFilters::new(), pages_of(1))
        .unwrap()
        .collect()
        .await
        .unwrap();
    let mut got: Vec<String> = mine.iter().map(|n| n.e164.clone().unwrap()).collect();
    let mut want = a_dids.clone();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    let first = &mine[0];
    assert_eq!(first.owner(), Some(a.as_str()));
    assert_eq!(first.status.as_deref(), Some("active"));
    assert_eq!(first.capabilities.as_ref().unwrap().voice, Some(true));
    assert!(first.setup_fee.is_some() && first.monthly_fee.is_some());
    assert!(first.purchased_at.as_ref().unwrap().to_utc().is_some());

    // Search by a substring, including a leading + (sent encoded, not as a space).
    let target = &a_dids[1];
    for needle in [target[target.len() - 6..].to_owned(), target.clone()] {
        let found = w
            .partner
            .customer_numbers(&a, NumberFilters::search(needle.clone()), pages_of(20))
            .unwrap()
            .collect()
            .await
            .unwrap();
        assert_eq!(found.len(), 1, "{needle}");
        assert_eq!(found[0].e164.as_deref(), Some(target.as_str()));
    }

    let all = w
        .partner
        .numbers(NumberFilters::new(), pages_of(2))
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(all.len(), a_dids.len() + b_dids.len());

    let err = w
        .partner
        .customer_numbers("MA_NOPE0000", NumberFilters::new(), pages_of(20))
        .unwrap()
        .collect()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = w
        .partner
        .numbers(NumberFilters::new(), pages_of(101))
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("per_page"));
}

#[tokio::test(flavor = "multi_thread")]
async fn cdrs_walk_every_page_filter_and_summarise() {
    let w = sandbox::start(32).await;
    let (a, _, dids) = customer_with_numbers(&w, 0, 1).await;
    let did = &dids[0];
    call(&w, did, "inbound", true, 45).await;
    call(&w, did, "outbound", true, 125).await;
    call(&w, did, "inbound", false, 0).await;
    call(&w, did, "outbound", true, 5).await;
    call(&w, did, "inbound", true, 300).await;

    let all: Vec<Cdr> = w
        .partner
        .customer_cdrs(&a, CdrFilters::new(), pages_of(2))
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 5);
    assert!(all.iter().all(|c| c.uuid.is_some()));
    // Newest first.
    let starts: Vec<_> = all
        .iter()
        .map(|c| c.start_time.as_ref().unwrap().to_utc().unwrap())
        .collect();
    assert!(starts.windows(2).all(|p| p[0] >= p[1]));
    let unanswered = all.iter().find(|c| !c.answered()).unwrap();
    assert_eq!(unanswered.billsec, Some(0));
    assert!(unanswered.answer_time.is_none());
    assert_eq!(unanswered.hangup_cause.as_deref(), Some("NO_ANSWER"));

    let answered_inbound = w
        .partner
        .customer_cdrs(
            &a,
            CdrFilters {
                call_direction: Some(CallDirection::Inbound),
                status: Some(CallStatus::Answered),
                min_duration: Some(60),
                ..CdrFilters::new()
            },
            pages_of(20),
        )
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(answered_inbound.len(), 1);
    assert_eq!(answered_inbound[0].billsec, Some(300));

    let no_answer = w
        .partner
        .customer_cdrs(
            &a,
            CdrFilters {
                status: Some(CallStatus::NoAnswer),
                ..CdrFilters::new()
            },
            pages_of(20),
        )
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(no_answer.len(), 1);

    // One page with its aggregates over all matching calls.
    let page: CdrPage = w
        .partner
        .customer_cdrs_page(&a, CdrFilters::new(), 2, 2)
        .await
        .unwrap();
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.account_auth_id.as_deref(), Some(a.as_str()));
    let p = page.pagination.unwrap();
    assert_eq!((p.page, p.total, p.pages), (Some(2), Some(5), Some(3)));
    assert_eq!((p.has_next, p.has_prev), (Some(true), Some(true)));
    let s = page.summary.unwrap();
    assert_eq!(s.total_calls, Some(5));
    assert_eq!(s.answered_calls, Some(4));
    assert_eq!(s.total_billable_seconds, Some(45 + 125 + 5 + 300));
    assert!(s.avg_call_duration().is_some());
    let cost: Money = all
        .iter()
        .map(|c| c.cost.unwrap().as_decimal())
        .sum::<rust_decimal::Decimal>()
        .into();
    assert_eq!(s.total_cost, Some(cost));

    // One call by uuid; the numeric id and unknown uuids are 404.
    let uuid = all[0].uuid.clone().unwrap();
    let one = w.partner.customer_cdr(&a, &uuid).await.unwrap();
    assert_eq!(one, all[0]);
    let numeric = all[0].id.unwrap().to_string();
    for bad in [numeric.as_str(), "00000000-0000-0000-0000-000000000000"] {
        let err = w.partner.customer_cdr(&a, bad).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound, "{bad}");
    }
    let err = w.partner.customer_cdr(&a, "a/../b").await.unwrap_err();
    assert_eq!(err.validation_field(), Some("call_uuid"));

    // The global list sees the same calls; date filters apply.
    let global = w
        .partner
        .cdrs(CdrFilters::new(), pages_of(3))
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(global.len(), 5);
    let long_ago = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    let none = w
        .partner
        .cdrs_page(
            CdrFilters {
                start_date: Some(long_ago),
                end_date: Some(long_ago),
                ..CdrFilters::new()
            },
            1,
            20,
        )
        .await
        .unwrap();
    assert!(none.data.is_empty());
    assert_eq!(none.summary.unwrap().total_calls, Some(0));
}

#[tokio::test(flavor = "multi_thread")]
async fn cdr_filters_are_checked_before_sending() {
    let w = sandbox::start(33).await;
    let a = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let b = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let reversed = CdrFilters {
        start_date: Some(a),
        end_date: Some(b),
        ..CdrFilters::new()
    };
    let err = w.partner.cdrs(reversed.clone(), pages_of(20)).unwrap_err();
    assert_eq!(err.validation_field(), Some("start_date"));
    let err = w.partner.cdrs_page(reversed, 1, 20).await.unwrap_err();
    assert_eq!(err.validation_field(), Some("start_date"));
    let err = w
        .partner
        .cdrs_page(
            CdrFilters {
                hangup_cause: Some("NO ANSWER&x=1".into()),
                ..CdrFilters::new()
            },
            1,
            20,
        )
        .await
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("hangup_cause"));
    assert_eq!(
        w.partner
            .cdrs_page(CdrFilters::new(), 0, 20)
            .await
            .unwrap_err()
            .validation_field(),
        Some("page")
    );
    assert_eq!(
        w.partner
            .cdrs_page(CdrFilters::new(), 1, 101)
            .await
            .unwrap_err()
            .validation_field(),
        Some("per_page")
    );
    assert_eq!(
        "ringing"
            .parse::<CallStatus>()
            .unwrap_err()
            .validation_field(),
        Some("status")
    );
    assert_eq!(
        "No-Answer".parse::<CallStatus>().unwrap(),
        CallStatus::NoAnswer
    );
    assert_eq!(
        "sideways"
            .parse::<CallDirection>()
            .unwrap_err()
            .validation_field(),
        Some("call_direction")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn ledgers_page_filter_summarise_and_span_customers() {
    let w = sandbox::start(34).await;
    let (a, _, dids) = customer_with_numbers(&w, 0, 2).await;
    let (b, _, _) = customer_with_numbers(&w, 1, 1).await;
    call(&w, &dids[0], "outbound", true, 90).await;
    w.partner
        .transfer_balance(&a, money("250.50"), "INR", Some("top-up two"))
        .await
        .unwrap();

    let rows: Vec<Transaction> = w
        .partner
        .customer_transactions(&a, TransactionFilters::new(), pages_of(2))
        .unwrap()
        .collect()
        .await
        .unwrap();
    // Two transfers in, two purchases and one call out.
    assert_eq!(rows.len(), 5, "{rows:#?}");
    assert!(
        rows.iter()
            .all(|r| r.account_id.as_deref() == Some(a.as_str()))
    );
    assert_eq!(rows.iter().filter(|r| r.is_credit()).count(), 2);
    assert_eq!(rows[0].amount, Some(money("250.50")), "newest first");

    let transfers: TransactionPage = w
        .partner
        .customer_transactions_page(
            &a,
            TransactionFilters {
                transaction_type: Some(TransactionType::Transfer),
                ..TransactionFilters::new()
            },
            1,
            200,
        )
        .await
        .unwrap();
    assert_eq!(transfers.transactions.len(), 2);
    assert_eq!(transfers.account_auth_id.as_deref(), Some(a.as_str()));
    assert_eq!((transfers.total, transfers.per_page), (Some(2), Some(200)));
    let summary = transfers.summary.unwrap();
    assert_eq!(summary.total_credit, Some(money("5250.50")));
    assert_eq!(summary.total_debit, Some(Money::ZERO));
    assert_eq!(summary.net_amount, Some(money("5250.50")));
    assert_eq!(summary.total_transactions, Some(2));
    assert_eq!(summary.by_reference_type[0].count, Some(2));

    let all_page = w
        .partner
        .customer_transactions_page(&a, TransactionFilters::new(), 1, 2)
        .await
        .unwrap();
    assert_eq!(all_page.total_pages, Some(3));
    let s = all_page.summary.unwrap();
    assert_eq!(
        s.net_amount.unwrap().as_decimal(),
        s.total_credit.unwrap().as_decimal() - s.total_debit.unwrap().as_decimal()
    );

    // The global ledger spans customers (and the partner's own debit legs are not in it),
    // drills into one with `account`, and searches.
    let global = w
        .partner
        .transactions(TransactionFilters::new(), pages_of(3))
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert!(
        global
            .iter()
            .any(|r| r.account_id.as_deref() == Some(b.as_str()))
    );
    assert!(
        global
            .iter()
            .any(|r| r.account_id.as_deref() == Some(a.as_str()))
    );
    let only_b = w
        .partner
        .transactions(
            TransactionFilters {
                account: Some(b.clone()),
                ..TransactionFilters::new()
            },
            pages_of(50),
        )
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert!(!only_b.is_empty());
    assert!(
        only_b
            .iter()
            .all(|r| r.account_id.as_deref() == Some(b.as_str()))
    );
    let searched = w
        .partner
        .transactions_page(
            TransactionFilters {
                search: Some("top-up two".into()),
                ..TransactionFilters::new()
            },
            1,
            20,
        )
        .await
        .unwrap();
    assert_eq!(searched.transactions.len(), 1);
    let today = w
        .partner
        .me()
        .await
        .unwrap()
        .updated_at
        .unwrap()
        .date()
        .unwrap();
    let dated = w
        .partner
        .transactions_page(
            TransactionFilters {
                from_date: Some(today),
                to_date: Some(today),
                ..TransactionFilters::new()
            },
            1,
            200,
        )
        .await
        .unwrap();
    assert!(!dated.transactions.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn ledger_inputs_are_checked_before_sending() {
    let w = sandbox::start(35).await;
    let id = "MA_ABCDEFGH";
    let err = w
        .partner
        .customer_transactions(
            id,
            TransactionFilters::new(),
            PageOptions {
                page_size: 201,
                ..PageOptions::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("per_page"));
    // 200 is the documented maximum and is accepted.
    assert!(
        w.partner
            .transactions(TransactionFilters::new(), pages_of(200))
            .is_ok()
    );
    let err = w
        .partner
        .customer_transactions_page(id, TransactionFilters::new(), 1, 201)
        .await
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("per_page"));
    let reversed = TransactionFilters {
        from_date: NaiveDate::from_ymd_opt(2026, 3, 31),
        to_date: NaiveDate::from_ymd_opt(2026, 3, 1),
        ..TransactionFilters::new()
    };
    let err = w
        .partner
        .transactions_page(reversed, 1, 20)
        .await
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("from_date"));
    let err = w
        .partner
        .customer_transactions(
            id,
            TransactionFilters {
                account: Some("MA_OTHER000".into()),
                ..TransactionFilters::new()
            },
            pages_of(20),
        )
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("account"));
    let err = w
        .partner
        .transactions(
            TransactionFilters {
                account: Some("PA_SOMEONE".into()),
                ..TransactionFilters::new()
            },
            pages_of(20),
        )
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("account"));
    assert_eq!(
        "bonus"
            .parse::<TransactionType>()
            .unwrap_err()
            .validation_field(),
        Some("transaction_type")
    );
    // An unknown customer is the server's 404, surfaced while walking.
    let err = w
        .partner
        .customer_transactions(id, TransactionFilters::new(), pages_of(20))
        .unwrap()
        .collect()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

#[test]
fn record_quirks_decode() {
    // The bare single-CDR object (partner route) and the `{data, success}` wrapper.
    let bare = json!({
        "id": "18000001", "uuid": "9b8f7c1e-0000-4000-8000-000000000001",
        "account_id": 510762, "call_direction": "outbound", "duration": 30, "billsec": 0,
        "answer_time": null, "start_time": "2026-05-07 09:45:35.79276+05:30",
        "end_time": "2026-05-07T04:16:05.792760Z", "cost": 0, "streaming_cost": "0.00",
        "total_cost": 1.5, "mos": 0, "packet_loss": "0.3", "hangup_cause_code": "4010",
        "new_quality_metric": 7
    });
    let c: Cdr = serde_json::from_value(bare.clone()).unwrap();
    assert_eq!(c.id, Some(18_000_001));
    assert_eq!(c.account_id.as_deref(), Some("510762"));
    assert!(!c.answered());
    assert_eq!(c.total_cost, Some(money("1.5")));
    assert_eq!(c.packet_loss, Some(0.3));
    assert_eq!(c.hangup_cause_code, Some(4010));
    assert_eq!(c.extra["new_quality_metric"], json!(7));
    assert_eq!(
        c.start_time.unwrap().to_utc(),
        c.end_time
            .unwrap()
            .to_utc()
            .map(|t| t - chrono::Duration::seconds(30))
    );

    // A CDR page: camelCase/snake_case summary, "28s", null next pages.
    let page: CdrPage = serde_json::from_value(json!({
        "success": true, "account_id": "500000", "count": 1, "data": [bare],
        "pagination": {"page": 1, "per_page": 20, "total": 1, "pages": 1, "has_next": false, "has_prev": null},
        "summary": {"answerRate": 66.67, "answeredCalls": 2, "avgCallDuration": "28s",
                    "last_call_at": "2026-05-07T04:16:05+00:00", "totalCalls": 3,
                    "total_billable_seconds": 56, "total_cost": 12.75, "total_duration_seconds": 90}
    }))
    .unwrap();
    let s = page.summary.unwrap();
    assert_eq!(s.answer_rate, Some(66.67));
    assert_eq!(s.total_calls, Some(3));
    assert_eq!(s.avg_call_duration(), Some(Duration::from_secs(28)));
    assert_eq!(s.total_cost, Some(money("12.75")));
    assert_eq!(page.pagination.unwrap().has_prev, None);
    let snake: CdrPage = serde_json::from_value(json!({
        "data": null, "summary": {"answer_rate": "50", "answered_calls": "1", "avg_call_duration": 12.5, "total_calls": 2}
    }))
    .unwrap();
    assert!(snake.data.is_empty());
    let s = snake.summary.unwrap();
    assert_eq!(
        (s.answer_rate, s.answered_calls, s.total_calls),
        (Some(50.0), Some(1), Some(2))
    );
    assert_eq!(s.avg_call_duration(), Some(Duration::from_secs_f64(12.5)));

    // A number with integer fees, a numeric application id, null tags, `auth_id` owner.
    let n: PhoneNumber = serde_json::from_value(json!({
        "id": "aabbccdd-1234", "auth_id": "MA_XXXXXXXX", "e164": "+918012345678",
        "capabilities": {"voice": true, "sms": "false"}, "setup_fee": 100, "monthly_fee": "300.00",
        "application_id": 20577609616603585u64, "tags": null, "minimum_commitment_months": 0,
        "next_billing_date": "2026-04-25T06:58:38Z", "vanity": true
    }))
    .unwrap();
    assert_eq!(n.owner(), Some("MA_XXXXXXXX"));
    assert_eq!(n.setup_fee, Some(money("100")));
    assert_eq!(n.monthly_fee, Some(money("300")));
    assert_eq!(n.application_id.as_deref(), Some("20577609616603585"));
    assert!(n.tags.is_empty());
    assert_eq!(n.capabilities.unwrap().sms, Some(false));
    assert_eq!(n.extra["vanity"], json!(true));

    // A ledger page: integer amounts, `type` credit/debit, a global page without summary.
    let page: TransactionPage = serde_json::from_value(json!({
        "transactions": [{"id": "u1", "account_id": "MA_E31MAU98", "type": "credit", "amount": 200,
                          "reference": "ptc:p:MA_E31MAU98:1711360800", "created_at": "2026-03-25T11:00:00.000000Z"}],
        "total": 1, "page": 1, "per_page": "20", "total_pages": 1
    }))
    .unwrap();
    assert!(page.summary.is_none());
    assert_eq!(page.per_page, Some(20));
    let row = &page.transactions[0];
    assert!(row.is_credit());
    assert_eq!(row.amount, Some(money("200")));
}

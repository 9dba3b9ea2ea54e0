//! Hardening, each guarantee pinned by a test: bounded analytics periods, checked date and
//! duration arithmetic, a clock that goes back, cent-granular amounts, JSON-only bodies, a
//! loopback-only control plane, a request-head timeout, the `late_commit` fault, and hostile
//! inputs on every handler that parses one.

mod support;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use vobiz_sandbox::clock::rfc3339;
use vobiz_sandbox::{Sandbox, SandboxOptions, ServerOptions};

/// `u64::MAX`, as a query value.
const U64_MAX: &str = "18446744073709551615";

fn message(r: &Reply) -> &str {
    r.body["message"].as_str().unwrap_or_default()
}

/// Sends `head` (a whole request, `Connection: close`) over a fresh connection and returns
/// the status of the answer.
async fn raw_status(addr: SocketAddr, head: &str) -> u16 {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {answer:?}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn analytics_periods_are_bounded_to_a_year_and_refused_at_once() {
    let h = start(71).await;
    let p = h.partner();
    let started = Instant::now();
    let millennia = h
        .get(
            "/api/v1/partner/analytics?from_date=0001-01-01&to_date=9999-12-31",
            &p,
        )
        .await;
    assert_eq!(millennia.status, 422, "{millennia:?}");
    assert_eq!(millennia.body["error"], "validation_error");
    assert!(
        message(&millennia).starts_with("from_date"),
        "{millennia:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(2));

    let leap_year = h
        .get(
            "/api/v1/partner/analytics?from_date=2024-01-01&to_date=2024-12-31",
            &p,
        )
        .await;
    assert_eq!(leap_year.status, 200, "{leap_year:?}");
    assert_eq!(leap_year.body["time_series"].as_array().unwrap().len(), 366);
    let one_more = h
        .get(
            "/api/v1/partner/analytics?from_date=2023-12-31&to_date=2024-12-31",
            &p,
        )
        .await;
    assert_eq!(one_more.status, 422, "{one_more:?}");
    let last_days = h
        .get(
            "/api/v1/partner/analytics?from_date=9999-12-01&to_date=9999-12-31",
            &p,
        )
        .await;
    assert_eq!(last_days.body["time_series"].as_array().unwrap().len(), 31);
}

#[tokio::test(flavor = "multi_thread")]
async fn date_and_duration_overflows_are_answered_not_panicked_on() {
    let h = start(72).await;
    let p = h.partner();
    let parent = h.parent();
    let clock = |body: Value| h.control(Method::POST, "/__sandbox/clock", Some(body));
    for huge in [i64::MAX, i64::MIN] {
        let r = clock(json!({"advance_seconds": huge})).await;
        assert_eq!(r.status, 422, "{r:?}");
        assert!(message(&r).starts_with("advance_seconds"), "{r:?}");
    }
    for edge in ["%2B262143-12-31", "-262144-01-01", "0000-01-01"] {
        let r = h
            .get(&format!("/api/v1/partner/analytics?to_date={edge}"), &p)
            .await;
        assert_eq!(r.status, 422, "{edge}: {r:?}");
        assert!(message(&r).starts_with("to_date"), "{r:?}");
    }
    let early = h
        .get("/api/v1/partner/analytics?to_date=0001-01-05", &p)
        .await;
    assert_eq!(early.status, 200, "30 days before 0001-01-05: {early:?}");

    let e164 = h.inventory(1).remove(0);
    assert_eq!(h.buy(&parent, &e164).await.status, 200);
    let call = h
        .control(
            Method::POST,
            "/__sandbox/calls",
            Some(json!({"e164": e164, "duration_seconds": u64::MAX})),
        )
        .await;
    assert_eq!(call.status, 422, "{call:?}");
    assert!(message(&call).starts_with("duration_seconds"), "{call:?}");
    for (field, at) in [
        ("next_billing_date", "+10000-01-01T00:00:00Z"),
        ("last_billing_date", "0001-01-01T00:00:00Z"),
    ] {
        let billing = h
            .control(
                Method::POST,
                &format!("/__sandbox/numbers/{}", enc(&e164)),
                Some(json!({ field: at })),
            )
            .await;
        assert_eq!(billing.status, 422, "{billing:?}");
        assert!(message(&billing).starts_with(field), "{billing:?}");
    }

    let far_page = h
        .get(&format!("/api/v1/partner/accounts?page={U64_MAX}"), &p)
        .await;
    assert_eq!(far_page.status, 200, "{far_page:?}");
    assert_eq!(far_page.body["accounts"], json!([]));
    let far_offset = h
        .get(
            &format!(
                "/api/v1/Account/{}/Recording/?limit=100&offset={U64_MAX}",
                parent.0
            ),
            &parent,
        )
        .await;
    assert_eq!(far_offset.status, 200, "{far_offset:?}");

    // The Rust API the Python and Node packages wrap clamps instead of panicking.
    assert_eq!(
        rfc3339(h.sandbox.advance_clock(i64::MAX)),
        "9999-12-31T23:59:59Z"
    );
    assert_eq!(
        rfc3339(h.sandbox.advance_clock(i64::MIN)),
        "1970-01-01T00:00:00Z"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_clock_goes_back_exactly_and_refuses_times_outside_its_range() {
    let h = start(73).await;
    let set =
        |at: &'static str| h.control(Method::POST, "/__sandbox/clock", Some(json!({ "set": at })));
    let back = set("2020-01-01T00:00:00Z").await;
    assert_eq!(back.status, 200, "{back:?}");
    assert!(
        back.body["now"]
            .as_str()
            .unwrap()
            .starts_with("2020-01-01T00:00:0"),
        "{back:?}"
    );
    assert!(back.body["offset_seconds"].as_i64().unwrap() < 0);
    for outside in [
        "1000-01-01T00:00:00Z",
        "0001-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z",
        "+10000-01-01T00:00:00Z",
    ] {
        let refused = set(outside).await;
        assert_eq!(refused.status, 422, "{outside}: {refused:?}");
        assert!(message(&refused).starts_with("set"), "{refused:?}");
    }
    let now = h.control(Method::GET, "/__sandbox/clock", None).await;
    assert!(
        now.body["now"].as_str().unwrap().starts_with("2020-01-01"),
        "a refused change leaves the clock alone: {now:?}"
    );
    assert_eq!(set("1970-01-01T00:00:00Z").await.status, 200);
    let end = set("9999-12-31T23:59:59Z").await;
    assert_eq!(end.body["now"], "9999-12-31T23:59:59Z", "{end:?}");
    let past_the_end = h
        .control(
            Method::POST,
            "/__sandbox/clock",
            Some(json!({"advance_seconds": 1})),
        )
        .await;
    assert_eq!(past_the_end.status, 422, "{past_the_end:?}");
    h.advance(-86_400).await;
    let day_before = h.control(Method::GET, "/__sandbox/clock", None).await;
    assert!(
        day_before.body["now"]
            .as_str()
            .unwrap()
            .starts_with("9999-12-30T23:59:5"),
        "{day_before:?}"
    );
    let clamped = h.sandbox.set_clock("1000-01-01T00:00:00Z".parse().unwrap());
    assert_eq!(rfc3339(clamped), "1970-01-01T00:00:00Z");
}

#[tokio::test(flavor = "multi_thread")]
async fn amounts_with_more_than_two_decimals_are_refused() {
    let h = start(74).await;
    let c = h.customer("cents@example.com").await;
    let path = format!("/api/v1/partner/accounts/{}/transfer-balance", c.0);
    for amount in [
        json!("0.001"),
        json!(0.001),
        json!("10.125"),
        json!(1e-7),
        json!("NaN"),
        json!("-0"),
        json!(-0.0),
        json!("1e400"),
        json!("１０"),
    ] {
        let r = h
            .post(
                &path,
                &h.partner(),
                json!({"amount": amount, "currency": "INR"}),
            )
            .await;
        assert_eq!(r.status, 400, "{amount}: {r:?}");
        assert_eq!(r.body["error"], "invalid_amount", "{amount}: {r:?}");
    }
    assert_eq!(h.balance(&c.0), rust_decimal::Decimal::ZERO);
    for amount in [json!("10.50"), json!(10.5), json!("10.500"), json!(7)] {
        let r = h
            .post(
                &path,
                &h.partner(),
                json!({"amount": amount, "currency": "INR"}),
            )
            .await;
        assert_eq!(r.status, 200, "{amount}: {r:?}");
    }
    assert_eq!(h.balance(&c.0), "38.5".parse().unwrap());
}

#[tokio::test(flavor = "multi_thread")]
async fn bodies_must_be_declared_json() {
    let h = start(75).await;
    let c = h.customer("media@example.com").await;
    let path = format!("/api/v1/partner/accounts/{}/transfer-balance", c.0);
    let body = r#"{"amount": 1, "currency": "INR"}"#;
    let send = |content_type: Option<&'static str>| {
        let mut request = h
            .http
            .post(h.url(&path))
            .header("X-Auth-ID", h.partner().0)
            .header("X-Auth-Token", h.partner().1)
            .body(body);
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        Env::reply(request)
    };
    for refused in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("application/jsonp"),
    ] {
        let r = send(refused).await;
        assert_eq!(r.status, 415, "{refused:?}: {r:?}");
        assert_eq!(r.body["error"], "unsupported_media_type", "{r:?}");
    }
    assert_eq!(h.balance(&c.0), rust_decimal::Decimal::ZERO);
    for accepted in [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON",
    ] {
        assert_eq!(send(Some(accepted)).await.status, 200, "{accepted}");
    }
    let form = Env::reply(
        h.http
            .post(h.url("/__sandbox/faults"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("path=*&kind=reset_before"),
    )
    .await;
    assert_eq!(form.status, 415, "the control plane too: {form:?}");
    // Bodiless requests pass whatever they declare.
    let bare = Env::reply(h.http.post(h.url("/__sandbox/reset"))).await;
    assert_eq!(bare.status, 200, "{bare:?}");
    let texty_get = Env::reply(
        h.http
            .get(h.url("/api/v1/partner/me"))
            .header("X-Auth-ID", h.partner().0)
            .header("X-Auth-Token", h.partner().1)
            .header("content-type", "text/plain"),
    )
    .await;
    assert_eq!(texty_get.status, 200);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_control_plane_refuses_requests_a_web_page_could_send() {
    let h = start(76).await;
    let addr = h.sandbox.addr();
    let reset = |host: &str, origin: Option<&str>| {
        let origin = origin
            .map(|o| format!("Origin: {o}\r\n"))
            .unwrap_or_default();
        format!(
            "POST /__sandbox/reset HTTP/1.1\r\nHost: {host}\r\n{origin}Content-Length: 0\r\nConnection: close\r\n\r\n"
        )
    };
    for (host, origin) in [
        ("evil.example", None),
        ("evil.example:1234", None),
        ("127.0.0.1.evil.example", None),
        ("localhost.evil.example:80", None),
        ("127.0.0.1", Some("http://evil.example")),
        ("127.0.0.1", Some("null")),
        ("127.0.0.1", Some("http://127.0.0.1.evil.example:8080")),
    ] {
        assert_eq!(
            raw_status(addr, &reset(host, origin)).await,
            403,
            "{host} {origin:?}"
        );
    }
    for (host, origin) in [
        ("127.0.0.1", None),
        ("127.0.0.1:8080", None),
        ("LOCALHOST:1", None),
        ("[::1]:9", None),
        ("localhost", Some("http://localhost:5173")),
        ("127.0.0.1", Some("https://127.0.0.1:8443")),
        ("127.0.0.1", Some("http://[::1]")),
    ] {
        assert_eq!(
            raw_status(addr, &reset(host, origin)).await,
            200,
            "{host} {origin:?}"
        );
    }
    // The API itself is not the control plane: any Host reaches it.
    let (id, token) = h.partner();
    let me = format!(
        "GET /api/v1/partner/me HTTP/1.1\r\nHost: api.vobiz.example\r\nX-Auth-ID: {id}\r\nX-Auth-Token: {token}\r\nConnection: close\r\n\r\n"
    );
    assert_eq!(raw_status(addr, &me).await, 200);
}

/// Reads until the server closes the connection; how long that took, or `None` after
/// `limit`.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut sink = Vec::new();
    tokio::time::timeout(limit, stream.read_to_end(&mut sink))
        .await
        .ok()
        .map(|_| started.elapsed())
}

#[tokio::test(flavor = "multi_thread")]
async fn half_sent_request_heads_are_closed_after_the_header_timeout() {
    let sandbox = Sandbox::start_with(
        SandboxOptions {
            port: 0,
            seed: 77,
            state_file: None,
        },
        ServerOptions {
            header_read_timeout: Duration::from_secs(1),
        },
    )
    .await
    .unwrap();
    let mut half = TcpStream::connect(sandbox.addr()).await.unwrap();
    half.write_all(b"GET /api/v1/partner/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-")
        .await
        .unwrap();
    let mut silent = TcpStream::connect(sandbox.addr()).await.unwrap();
    let waited = closed_within(&mut half, Duration::from_secs(5))
        .await
        .expect("the half-sent head is closed");
    assert!(waited >= Duration::from_millis(700), "{waited:?}");
    closed_within(&mut silent, Duration::from_secs(5))
        .await
        .expect("a connection that sends nothing is closed too");
    sandbox.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn many_half_open_connections_do_not_hold_up_other_requests() {
    let h = start(78).await;
    let mut held = Vec::new();
    for _ in 0..500 {
        let mut stream = TcpStream::connect(h.sandbox.addr()).await.unwrap();
        stream
            .write_all(b"POST /api/v1/partner/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .await
            .unwrap();
        held.push(stream);
    }
    let started = Instant::now();
    let me = h.get("/api/v1/partner/me", &h.partner()).await;
    assert_eq!(me.status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn late_commit_drops_the_connection_and_commits_afterwards() {
    let h = start(79).await;
    let c = h.customer("late@example.com").await;
    let fault = h
        .control(
            Method::POST,
            "/__sandbox/faults",
            Some(json!({"method": "POST", "path": "*/transfer-balance", "kind": "late_commit", "ms": 800, "count": 1})),
        )
        .await;
    assert_eq!(fault.status, 201, "{fault:?}");
    let sent = Instant::now();
    let answer = h
        .http
        .post(h.url(&format!(
            "/api/v1/partner/accounts/{}/transfer-balance",
            c.0
        )))
        .header("X-Auth-ID", h.partner().0)
        .header("X-Auth-Token", h.partner().1)
        .header("content-type", "application/json")
        .body(json!({"amount": 25, "currency": "INR"}).to_string())
        .send()
        .await;
    let lost = match answer {
        Ok(r) => r.text().await.is_err(),
        Err(_) => true,
    };
    assert!(lost, "the client gets no usable answer");
    let ledger_path = format!("/api/v1/partner/accounts/{}/transactions", c.0);
    let ledger = h.get(&ledger_path, &h.partner()).await;
    assert_eq!(ledger.body["total"], 0, "nothing yet: {ledger:?}");
    let committed = loop {
        let ledger = h.get(&ledger_path, &h.partner()).await;
        if ledger.body["total"] == 1 {
            break sent.elapsed();
        }
        assert!(sent.elapsed() < Duration::from_secs(5), "never committed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(committed >= Duration::from_millis(700), "{committed:?}");
    assert_eq!(h.balance(&c.0), "25".parse().unwrap());
    assert_eq!(h.invariant().await["holds"], true);
}

/// Sends one request and reads its answer in full. A dropped or cut connection (what a
/// panicking handler causes) or a 5xx the route does not give on purpose is a problem.
async fn probe(
    h: &Env,
    method: &Method,
    path: &str,
    creds: Option<&Creds>,
    body: Option<String>,
) -> Result<u16, String> {
    let what = format!("{method} {}", path.chars().take(200).collect::<String>());
    let mut request = h
        .request(method.clone(), path, creds)
        .timeout(Duration::from_secs(20));
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body);
    }
    let response = request
        .send()
        .await
        .map_err(|e| format!("{what}: no answer ({e})"))?;
    let status = response.status().as_u16();
    let text = response
        .text()
        .await
        .map_err(|e| format!("{what}: answer cut off ({e})"))?;
    let error = serde_json::from_str::<Value>(&text).unwrap_or_default()["error"].clone();
    // Deliberate 5xx: a purchase the wallet cannot pay, the TESTERROR0001 provider failure.
    let deliberate = error == "internal_server_error" || error == "provider_error";
    if status >= 500 && !deliberate {
        return Err(format!("{what}: {status} {text}"));
    }
    Ok(status)
}

/// The ids a hostile test uses.
struct Ids {
    customer: String,
    parent: String,
    sub: String,
    number: String,
    trunk: String,
    session: String,
    cdr: String,
}

/// Query values no handler should choke on: extreme and malformed numbers and dates,
/// multi-byte digits, and a long string.
fn hostile_values() -> Vec<String> {
    [
        U64_MAX,
        "18446744073709551616",
        "-1",
        "0",
        "1e400",
        "NaN",
        "-0",
        "0.001",
        "0001-01-01",
        "9999-12-31",
        "0000-01-01",
        "%2B262143-12-31",
        "-262144-01-01",
        "2026-02-30",
        "12€3456789",
        "١٢٣٤٥٦٧٨٩",
        "%FF%FE",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain(["x".repeat(10_000)])
    .collect()
}

/// JSON values no handler should choke on.
fn hostile_json() -> Vec<Value> {
    vec![
        json!(u64::MAX),
        json!(i64::MIN),
        json!(-1),
        json!(0),
        json!(-0.0),
        json!(1.5e308),
        json!(0.001),
        json!("1e400"),
        json!("NaN"),
        json!("-0"),
        json!("9999-12-31T23:59:59Z"),
        json!("+262143-12-31T23:59:59Z"),
        json!("0001-01-01"),
        json!("12€3456789"),
        json!("+١٢٣٤٥٦٧٨٩"),
        json!("x".repeat(10_000)),
        json!(null),
        json!(true),
        json!([1, 2]),
        json!({"nested": {"deeper": [u64::MAX]}}),
    ]
}

/// Ids to put where a route expects one.
fn hostile_ids() -> Vec<String> {
    [
        "12€3456789",
        "%2B١٢٣٤٥٦٧٨٩",
        "%2B918012345678901234567890",
        "%FF%FE",
        "..",
    ]
    .into_iter()
    .map(str::to_owned)
    .chain(["y".repeat(5_000)])
    .collect()
}

/// GET routes and the query parameters each reads.
fn get_routes(ids: &Ids) -> Vec<(String, Vec<&'static str>)> {
    let Ids {
        customer: c,
        parent: a,
        sub: s,
        number: n,
        trunk: t,
        cdr,
        session,
    } = ids;
    let cdr_filters = vec![
        "page",
        "per_page",
        "start_date",
        "end_date",
        "min_duration",
        "call_direction",
        "status",
        "from_number",
        "search",
    ];
    vec![
        ("/api/v1/partner/me".into(), vec![]),
        ("/api/v1/partner/dashboard".into(), vec![]),
        (
            "/api/v1/partner/analytics".into(),
            vec!["from_date", "to_date"],
        ),
        (
            "/api/v1/partner/accounts".into(),
            vec!["page", "per_page", "search"],
        ),
        (format!("/api/v1/partner/accounts/{c}"), vec![]),
        (format!("/api/v1/partner/accounts/{c}/balance"), vec![]),
        (
            "/api/v1/partner/transactions".into(),
            vec![
                "page",
                "per_page",
                "from_date",
                "to_date",
                "transaction_type",
                "account",
                "search",
            ],
        ),
        (
            format!("/api/v1/partner/accounts/{c}/transactions"),
            vec!["page", "per_page", "from_date", "to_date"],
        ),
        ("/api/v1/partner/cdrs".into(), cdr_filters.clone()),
        (
            format!("/api/v1/partner/accounts/{c}/cdrs"),
            cdr_filters.clone(),
        ),
        (format!("/api/v1/partner/accounts/{c}/cdrs/{cdr}"), vec![]),
        (
            "/api/v1/partner/numbers".into(),
            vec!["page", "per_page", "search"],
        ),
        (
            format!("/api/v1/partner/accounts/{c}/numbers"),
            vec!["page", "per_page", "search"],
        ),
        (format!("/api/v1/partner/accounts/{c}/concurrency"), vec![]),
        (
            "/api/v1/partner/concurrency/transfers".into(),
            vec!["limit", "offset"],
        ),
        (
            "/api/v1/partner/kyc-sessions".into(),
            vec!["page", "size", "status", "account_auth_id"],
        ),
        (format!("/api/v1/partner/kyc-sessions/{session}"), vec![]),
        (format!("/api/v1/Account/{a}/"), vec![]),
        (
            format!("/api/v1/Account/{a}/inventory/numbers"),
            vec!["page", "per_page", "country", "search", "exclude"],
        ),
        (
            format!("/api/v1/Account/{a}/numbers"),
            vec!["page", "per_page", "search", "include_subaccounts"],
        ),
        (
            format!("/api/v1/account/{a}/numbers/{}/health", enc(n)),
            vec!["granularity", "days"],
        ),
        (format!("/api/v1/Account/{a}/cdr"), cdr_filters.clone()),
        (
            format!("/api/v1/Account/{a}/cdr/search"),
            cdr_filters.clone(),
        ),
        (format!("/api/v1/Account/{a}/cdr/export"), cdr_filters),
        (format!("/api/v1/Account/{a}/cdr/recent"), vec!["limit"]),
        (format!("/api/v1/Account/{a}/cdr/{cdr}"), vec![]),
        (
            format!("/api/v1/Account/{a}/Recording/"),
            vec!["limit", "offset", "recording_type"],
        ),
        (
            format!("/api/v1/Account/{a}/trunks"),
            vec!["limit", "offset"],
        ),
        (format!("/api/v1/Account/{a}/trunks/{t}"), vec![]),
        (
            format!("/api/v1/Account/{a}/trunks/credentials"),
            vec!["limit", "offset"],
        ),
        (
            format!("/api/v1/Account/{a}/trunks/ip-acl"),
            vec!["limit", "offset"],
        ),
        (
            format!("/api/v1/Account/{a}/trunks/origination-uris"),
            vec!["limit", "offset"],
        ),
        (
            format!("/api/v1/accounts/{a}/sub-accounts/"),
            vec!["page", "size", "active_only"],
        ),
        (format!("/api/v1/accounts/{a}/sub-accounts/{s}"), vec![]),
        (format!("/api/v1/sub-accounts/{s}/kyc/status"), vec![]),
        ("/__sandbox/clock".into(), vec![]),
        ("/__sandbox/faults".into(), vec![]),
        ("/__sandbox/invariant".into(), vec![]),
    ]
}

/// Routes that read a body: method, path, a valid body, and the fields to spoil one by one.
fn body_routes(ids: &Ids) -> Vec<(Method, String, Value, Vec<&'static str>)> {
    let Ids {
        customer: c,
        parent: a,
        sub: s,
        number: n,
        trunk: t,
        session,
        ..
    } = ids;
    let kyc = |path: &str, fields: Vec<&'static str>| {
        (
            Method::POST,
            format!("/api/v1/sub-accounts/{path}"),
            json!({}),
            fields,
        )
    };
    vec![
        (
            Method::POST,
            "/api/v1/partner/accounts".into(),
            json!({"name": "N", "email": "n@example.com", "phone": "+919876543210", "password": "Str0ng!pass", "country": "IN"}),
            vec![
                "name",
                "email",
                "phone",
                "password",
                "country",
                "gst_status",
                "company",
            ],
        ),
        (
            Method::POST,
            format!("/api/v1/partner/accounts/{c}/transfer-balance"),
            json!({"amount": 1, "currency": "INR"}),
            vec!["amount", "currency", "description"],
        ),
        (
            Method::POST,
            format!("/api/v1/partner/accounts/{c}/concurrency/transfer"),
            json!({"slots": 1}),
            vec!["slots", "resource", "description"],
        ),
        (
            Method::POST,
            format!("/api/v1/partner/accounts/{c}/concurrency/reclaim"),
            json!({"slots": 1}),
            vec!["slots", "resource"],
        ),
        (
            Method::POST,
            "/api/v1/partner/kyc-sessions".into(),
            json!({"account_auth_id": c, "customer_email": "k@example.com"}),
            vec![
                "account_auth_id",
                "flow_type",
                "customer_email",
                "redirect_url",
                "expires_in_days",
                "reminder_schedule",
                "metadata",
                "webhook_url",
            ],
        ),
        (
            Method::POST,
            format!("/api/v1/partner/kyc-sessions/{session}/resend"),
            json!({}),
            vec![],
        ),
        (
            Method::POST,
            "/api/v1/partner/login".into(),
            json!({"email": "p@example.com", "password": "x"}),
            vec!["email", "password"],
        ),
        (
            Method::POST,
            format!("/api/v1/Account/{a}/numbers/purchase-from-inventory"),
            json!({"e164": "+910000000000"}),
            vec!["e164", "currency"],
        ),
        (
            Method::POST,
            format!("/api/v1/Account/{a}/numbers/{}/assign", enc(n)),
            json!({}),
            vec!["trunk_group_id"],
        ),
        (
            Method::POST,
            format!("/api/v1/account/{a}/numbers/{}/assign-subaccount", enc(n)),
            json!({}),
            vec!["sub_account_id"],
        ),
        (
            Method::POST,
            format!("/api/v1/Account/{a}/trunks"),
            json!({"name": "T"}),
            vec![
                "name",
                "trunk_direction",
                "trunk_status",
                "concurrent_calls_limit",
                "cps_limit",
                "max_concurrent_calls",
                "transport",
                "webhook_url",
                "secure",
            ],
        ),
        (
            Method::PUT,
            format!("/api/v1/Account/{a}/trunks/{t}"),
            json!({"name": "T"}),
            vec![
                "name",
                "concurrent_calls_limit",
                "cps_limit",
                "credential_uuid",
            ],
        ),
        (
            Method::POST,
            format!("/api/v1/Account/{a}/credentials"),
            json!({"username": "u", "password": "passw0rd!!"}),
            vec!["username", "password"],
        ),
        (
            Method::POST,
            format!("/api/v1/Account/{a}/ip-acl"),
            json!({"name": "office", "ip_address": "10.0.0.0/8"}),
            vec!["name", "ip_address"],
        ),
        (
            Method::POST,
            format!("/api/v1/Account/{a}/origination-uris"),
            json!({"name": "pbx", "sip_uri": "sip:pbx.example.com"}),
            vec!["name", "sip_uri", "priority", "weight"],
        ),
        (
            Method::POST,
            format!("/api/v1/Account/{a}/Call/"),
            json!({"from": n, "to": "+919999912345", "answer_url": "https://example.com/a"}),
            vec![
                "from",
                "to",
                "answer_url",
                "time_limit",
                "caller_name",
                "ring_url",
            ],
        ),
        (
            Method::POST,
            format!("/api/v1/accounts/{a}/sub-accounts/"),
            json!({"name": "S"}),
            vec![
                "name",
                "email",
                "phone",
                "kyc_mode",
                "business_type",
                "rate_limit",
                "permissions",
                "password",
                "enabled",
            ],
        ),
        (
            Method::PUT,
            format!("/api/v1/accounts/{a}/sub-accounts/{s}"),
            json!({}),
            vec!["name", "email", "rate_limit", "permissions", "enabled"],
        ),
        (
            Method::POST,
            format!("/api/v1/sub-accounts/{s}/kyc-sessions"),
            json!({"customer_email": "s@example.com"}),
            vec!["flow_type", "expires_in_days", "reminder_schedule"],
        ),
        kyc(&format!("{s}/kyc/verify-pan"), vec!["pan"]),
        kyc(&format!("{s}/kyc/verify-gst"), vec!["gstin"]),
        kyc(&format!("{s}/kyc/cin/search"), vec!["company_name"]),
        kyc(
            &format!("{s}/kyc/cin/confirm"),
            vec!["selected_cin", "company_name"],
        ),
        kyc(
            &format!("{s}/kyc/digilocker/initiate"),
            vec!["redirect_url", "oauth_state"],
        ),
        kyc(
            &format!("{s}/kyc/digilocker/verify"),
            vec!["access_request_id"],
        ),
        kyc(&format!("test/{s}/kyc/verify-pan"), vec!["pan"]),
        kyc(
            &format!("test/{s}/kyc/finalize-pending"),
            vec!["verification_type", "outcome"],
        ),
        (
            Method::POST,
            "/__sandbox/calls".into(),
            json!({"e164": n}),
            vec!["e164", "direction", "answered", "duration_seconds", "peer"],
        ),
        (
            Method::POST,
            format!("/__sandbox/numbers/{}", enc(n)),
            json!({}),
            vec![
                "application_id",
                "unroute",
                "aadhaar_verified",
                "last_billing_date",
                "next_billing_date",
            ],
        ),
        (
            Method::POST,
            format!("/__sandbox/kyc-sessions/{session}/open"),
            json!({}),
            vec!["kyc_type", "reason"],
        ),
        (
            Method::POST,
            "/__sandbox/faults".into(),
            json!({"path": "/nowhere", "kind": "status", "status": 418}),
            vec![
                "method",
                "kind",
                "status",
                "retry_after",
                "count",
                "probability",
                "ms",
            ],
        ),
        (
            Method::POST,
            "/__sandbox/clock".into(),
            json!({}),
            vec!["set", "advance_seconds"],
        ),
    ]
}

/// Paths whose id segment is replaced by hostile ids (`{}` marks it).
fn id_routes(ids: &Ids) -> Vec<(Method, String)> {
    let (c, a, s) = (&ids.customer, &ids.parent, &ids.sub);
    vec![
        (Method::GET, "/api/v1/partner/accounts/{}".into()),
        (
            Method::GET,
            "/api/v1/partner/accounts/{}/transactions".into(),
        ),
        (
            Method::GET,
            format!("/api/v1/partner/accounts/{c}/cdrs/{{}}"),
        ),
        (Method::GET, "/api/v1/partner/kyc-sessions/{}".into()),
        (Method::DELETE, "/api/v1/partner/kyc-sessions/{}".into()),
        (Method::GET, "/api/v1/Account/{}/numbers".into()),
        (Method::DELETE, format!("/api/v1/Account/{a}/numbers/{{}}")),
        (
            Method::POST,
            format!("/api/v1/account/{a}/numbers/{{}}/cancel-release"),
        ),
        (
            Method::DELETE,
            format!("/api/v1/account/{a}/numbers/{{}}/assign-subaccount"),
        ),
        (
            Method::GET,
            format!("/api/v1/account/{a}/numbers/{{}}/health"),
        ),
        (Method::GET, format!("/api/v1/Account/{a}/trunks/{{}}")),
        (
            Method::DELETE,
            format!("/api/v1/Account/{a}/credentials/{{}}"),
        ),
        (Method::GET, format!("/api/v1/Account/{a}/cdr/{{}}")),
        (
            Method::GET,
            format!("/api/v1/accounts/{a}/sub-accounts/{{}}"),
        ),
        (Method::GET, "/api/v1/sub-accounts/{}/kyc/status".into()),
        (Method::POST, "/__sandbox/numbers/{}".into()),
        (Method::POST, "/__sandbox/kyc-sessions/{}/complete".into()),
        (
            Method::POST,
            format!("/__sandbox/kyc-sessions/{}/{{}}", ids.session),
        ),
        (Method::POST, "/__sandbox/sub-accounts/{}/kyc/fail".into()),
        (
            Method::POST,
            format!("/__sandbox/sub-accounts/{s}/kyc/{{}}"),
        ),
        (Method::DELETE, "/__sandbox/faults/{}".into()),
    ]
}

/// Who may call `path`: the partner, the parent, or nobody (the control plane).
fn creds_for(h: &Env, path: &str) -> Option<Creds> {
    if path.starts_with("/__sandbox") {
        None
    } else if path.starts_with("/api/v1/partner") {
        Some(h.partner())
    } else {
        Some(h.parent())
    }
}

/// Every probe once, at the sandbox's current time; returns the problems found.
async fn probe_everything(h: &Env, ids: &Ids) -> Vec<String> {
    let mut problems = Vec::new();
    let mut note = |result: Result<u16, String>| {
        if let Err(problem) = result {
            problems.push(problem);
        }
    };
    for (path, params) in get_routes(ids) {
        let creds = creds_for(h, &path);
        note(probe(h, &Method::GET, &path, creds.as_ref(), None).await);
        for param in params {
            for value in hostile_values() {
                let query = format!("{path}?{param}={value}");
                note(probe(h, &Method::GET, &query, creds.as_ref(), None).await);
            }
        }
    }
    for (method, path, base, fields) in body_routes(ids) {
        let creds = creds_for(h, &path);
        note(probe(h, &method, &path, creds.as_ref(), Some(base.to_string())).await);
        for field in fields {
            for value in hostile_json() {
                let mut body = base.clone();
                body[field] = value;
                note(probe(h, &method, &path, creds.as_ref(), Some(body.to_string())).await);
            }
        }
        for raw in [
            r#"{"amount": 1e400}"#,
            r#"{"slots": -0}"#,
            "[]",
            "{",
            "\"\u{0}\"",
        ] {
            note(probe(h, &method, &path, creds.as_ref(), Some(raw.into())).await);
        }
        // A probe may have added a fault or moved the clock: undo it for the next route.
        h.control(Method::DELETE, "/__sandbox/faults", None).await;
    }
    for (method, template) in id_routes(ids) {
        for id in hostile_ids() {
            let path = template.replace("{}", &id);
            let creds = creds_for(h, &path);
            let body = (method == Method::POST).then(|| "{}".to_owned());
            note(probe(h, &method, &path, creds.as_ref(), body).await);
        }
    }
    problems
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_inputs_never_panic_a_handler() {
    let h = start(80).await;
    let parent = h.parent();
    let customer = h.customer("hostile@example.com").await;
    assert_eq!(h.transfer(&customer.0, 1_000).await.status, 200);
    let sub = h
        .sub_account("hostile-sub@example.com", "personal_use")
        .await;
    let number = h.inventory(1).remove(0);
    assert_eq!(h.buy(&parent, &number).await.status, 200);
    let trunk = h
        .post(
            &format!("/api/v1/Account/{}/trunks", parent.0),
            &parent,
            json!({"name": "Hostile"}),
        )
        .await;
    let session = h
        .post(
            "/api/v1/partner/kyc-sessions",
            &h.partner(),
            json!({"account_auth_id": customer.0}),
        )
        .await;
    let call = h.simulate_call(&number, "inbound", true, 30).await;
    h.advance(120).await;
    let ids = Ids {
        customer: customer.0.clone(),
        parent: parent.0.clone(),
        sub: sub.0.clone(),
        number,
        trunk: trunk.body["trunk_id"].as_str().unwrap().to_owned(),
        session: session.body["session_id"].as_str().unwrap().to_owned(),
        cdr: call["call_uuid"].as_str().unwrap().to_owned(),
    };

    let mut problems = Vec::new();
    for at in [
        None,
        Some("9999-12-31T23:59:59Z"),
        Some("1970-01-01T00:00:00Z"),
    ] {
        if let Some(at) = at {
            let set = h
                .control(Method::POST, "/__sandbox/clock", Some(json!({"set": at})))
                .await;
            assert_eq!(set.status, 200, "{set:?}");
        }
        problems.extend(probe_everything(&h, &ids).await);
    }
    for seed in hostile_json() {
        let body = Some(json!({ "seed": seed }).to_string());
        if let Err(problem) = probe(&h, &Method::POST, "/__sandbox/reset", None, body).await {
            problems.push(problem);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let me = h.get("/api/v1/partner/me", &h.partner()).await;
    assert!(
        me.status == 200 || me.status == 401,
        "still answering: {me:?}"
    );
    assert_eq!(
        h.control(Method::GET, "/__sandbox/clock", None)
            .await
            .status,
        200
    );
}

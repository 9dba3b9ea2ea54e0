//! The engine against servers that misbehave on purpose: redirects on money requests,
//! answers that cannot be read after a commit, bodies without end, and echoes of the
//! caller's secrets in every encoding. Each test names the failure it guards against.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use support::*;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use vobiz_partner::{
    ApiPath, ApiRequest, ClientConfig, Error, ErrorKind, Money, Partner, RequestOptions,
};

const CUSTOMER: &str = "MA_CUSTOMER1";

fn partner_client(url: &str) -> Partner {
    partner_client_with(url, |b| b)
}

fn partner_client_with(
    url: &str,
    tune: impl FnOnce(vobiz_partner::ClientConfigBuilder) -> vobiz_partner::ClientConfigBuilder,
) -> Partner {
    let config = tune(
        ClientConfig::builder()
            .base_url(url)
            .retry(fast_retry(2))
            .timeout(Duration::from_secs(5)),
    )
    .build()
    .unwrap();
    Partner::new(partner(), config).unwrap()
}

async fn transfer(partner: &Partner) -> Result<vobiz_partner::models::TransferResult, Error> {
    partner
        .transfer_balance(CUSTOMER, "10.00".parse::<Money>().unwrap(), "INR", None)
        .await
}

fn posts(server: &Server) -> usize {
    server
        .recorded()
        .iter()
        .filter(|r| r.method == "POST")
        .count()
}

/// Every text an error offers, for leak checks.
fn all_text(err: &Error) -> String {
    let report = err.report();
    format!(
        "{err}\n{err:?}\n{}\n{}\n{:?}\n{:?}",
        report.description, report.api_message, report.body, report.request_id
    )
}

fn assert_no_canary(text: &str) {
    let percent: String = CANARY.bytes().map(|b| format!("%{b:02X}")).collect();
    let escaped: String = CANARY
        .chars()
        .map(|c| format!("\\u{:04x}", c as u32))
        .collect();
    for form in [CANARY, &percent, &percent.to_lowercase(), &escaped] {
        assert!(!text.contains(form), "a form of the token leaked: {text}");
    }
}

// --- Redirects --------------------------------------------------------------------------

#[tokio::test]
async fn a_money_post_answered_301_302_or_303_is_never_followed_as_a_get() {
    for status in [301, 302, 303] {
        let server = scripted(move |i, _| {
            if i == 0 {
                Reply::json(status, "").header("location", "/api/v1/receipt?session=s3cr3t")
            } else {
                Reply::json(200, "{}")
            }
        })
        .await;
        let err = transfer(&partner_client(&server.url)).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Redirect, "{status}: {err}");
        assert!(err.outcome_unknown(), "{status}");
        assert_eq!(err.status(), Some(status));
        let report = err.report();
        assert!(
            report
                .location
                .as_deref()
                .unwrap()
                .ends_with("/api/v1/receipt"),
            "{report:?}"
        );
        assert!(
            !err.to_string().contains("s3cr3t"),
            "the link's query is not shown"
        );
        assert_eq!(server.hits(), 1, "{status}: nothing else was requested");
    }
}

#[tokio::test]
async fn a_post_redirected_to_a_refusing_target_is_sent_exactly_once() {
    // The audit's case: the redirect target refuses the connection. The POST reached the
    // first server, so it must never be sent again from the first URL.
    let refusing = closed_port_url().await;
    for status in [302, 307, 308] {
        let target = format!("{refusing}/api/v1/elsewhere");
        let server =
            scripted(move |_, _| Reply::json(status, "").header("location", target.clone())).await;
        let err = transfer(&partner_client(&server.url)).await.unwrap_err();
        assert!(err.outcome_unknown(), "{status}: {err}");
        assert_eq!(err.kind(), ErrorKind::Redirect, "{status}: {err}");
        assert_eq!(posts(&server), 1, "{status}: sent once, never re-sent");
    }
}

#[tokio::test]
async fn a_same_origin_307_whose_second_hop_fails_is_outcome_unknown_and_not_resent() {
    // First request: 307 to the same origin. Second: connection closed without an answer.
    let (url, received) = raw_server(|i, _| {
        if i == 0 {
            RawReply::Bytes(
                b"HTTP/1.1 307 Temporary Redirect\r\nlocation: /api/v1/again\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_vec(),
            )
        } else {
            RawReply::Close
        }
    })
    .await;
    let err = transfer(&partner_client(&url)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown, "{err}");
    assert_eq!(
        received.load(Ordering::SeqCst),
        2,
        "the original and the one redirect"
    );
}

#[tokio::test]
async fn a_second_redirect_of_a_post_is_not_followed() {
    let server =
        scripted(|i, _| Reply::json(307, "").header("location", format!("/api/v1/hop{i}"))).await;
    let err = transfer(&partner_client(&server.url)).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Redirect, "{err}");
    assert_eq!(
        posts(&server),
        2,
        "one same-origin 307 followed, the next refused"
    );
}

#[tokio::test]
async fn no_request_body_ever_reaches_another_origin() {
    let elsewhere = scripted(|_, _| Reply::json(200, r#"{"ok":true}"#)).await;
    let target = format!(
        "{}/collect",
        elsewhere.url.replace("127.0.0.1", "localhost")
    );
    for status in [307, 308] {
        let target = target.clone();
        let origin =
            scripted(move |_, _| Reply::json(status, "").header("location", target.clone())).await;
        let client = partner_client(&origin.url);
        let err = client
            .create_customer(&customer_request())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Redirect, "{status}: {err}");
        assert!(err.outcome_unknown());
    }
    assert_eq!(
        elsewhere.hits(),
        0,
        "the password never left for another origin"
    );
}

#[tokio::test]
async fn safe_gets_still_follow_redirects() {
    let server = scripted(|i, _| {
        if i == 0 {
            Reply::json(301, "").header("location", "/api/v1/partner/me2")
        } else {
            Reply::json(200, r#"{"id":"PA_TEST1234"}"#)
        }
    })
    .await;
    partner_client(&server.url).me().await.unwrap();
    assert_eq!(server.hits(), 2);
}

// --- Answers that cannot be read after a commit -----------------------------------------

#[tokio::test]
async fn an_unreadable_2xx_to_a_money_post_is_outcome_unknown() {
    for body in ["{not json", r#"{"amount": {"nested": "wrong type"}}"#] {
        let body = body.to_owned();
        let server = scripted(move |_, _| Reply::json(200, body.clone())).await;
        let err = transfer(&partner_client(&server.url)).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
        assert!(
            err.outcome_unknown(),
            "the money moved although the answer is unusable"
        );
        assert_eq!(posts(&server), 1);
    }
    // The same body to a GET is a plain decode error.
    let server = scripted(|_, _| Reply::json(200, "{not json")).await;
    let err = partner_client(&server.url).me().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert!(!err.outcome_unknown());
}

#[tokio::test]
async fn a_2xx_cut_short_of_its_length_is_outcome_unknown_for_a_post() {
    let (url, received) = raw_server(|_, _| {
        RawReply::Bytes(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 400\r\nconnection: close\r\n\r\n{\"transaction_id\":\"txn_1\"".to_vec(),
        )
    })
    .await;
    let err = transfer(&partner_client(&url)).await.unwrap_err();
    assert!(err.outcome_unknown(), "{err}");
    assert_eq!(received.load(Ordering::SeqCst), 1);
}

// --- Bounded answers ----------------------------------------------------------------------

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_reading() {
    let (url, _) = raw_server(|_, _| {
        RawReply::Bytes(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 209715200\r\n\r\n{".to_vec(),
        )
    })
    .await;
    let client = partner_client_with(&url, |b| b.max_response_bytes(1 << 20));
    let err = client.me().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ResponseTooLarge, "{err}");
    assert_eq!(err.report().limit_bytes, Some(1 << 20));
    assert!(!err.outcome_unknown(), "a GET changes nothing");
}

#[tokio::test]
async fn an_endless_body_stops_at_the_limit_long_before_the_timeout() {
    let (url, _) = raw_server(|_, _| RawReply::Endless).await;
    let client = partner_client_with(&url, |b| {
        b.max_response_bytes(4 << 20)
            .timeout(Duration::from_secs(30))
    });
    let started = Instant::now();
    let err = client.me().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ResponseTooLarge, "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    // The same endless body to a money POST: too large, and the outcome is unknown.
    let err = transfer(&client).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ResponseTooLarge);
    assert!(err.outcome_unknown());
}

#[tokio::test]
async fn the_limit_can_be_set_per_request() {
    let server =
        scripted(|_, _| Reply::json(200, format!(r#"{{"pad":"{}"}}"#, "x".repeat(5000)))).await;
    let transport = transport(&server.url, 0);
    let request = ApiRequest::get(ApiPath::v1().lit("partner/me")).options(RequestOptions {
        max_response_bytes: Some(1000),
        ..RequestOptions::default()
    });
    let err = transport.send(&partner(), &request).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ResponseTooLarge);
    let request = ApiRequest::get(ApiPath::v1().lit("partner/me"));
    transport.send(&partner(), &request).await.unwrap();
    let zero = ApiRequest::get(ApiPath::v1().lit("x")).options(RequestOptions {
        max_response_bytes: Some(0),
        ..RequestOptions::default()
    });
    let err = transport.send(&partner(), &zero).await.unwrap_err();
    assert_eq!(err.validation_field(), Some("max_response_bytes"));
}

// --- Secrets in error text ----------------------------------------------------------------

#[tokio::test]
async fn a_token_echoed_in_any_encoding_never_reaches_an_error() {
    let escaped: String = CANARY
        .chars()
        .map(|c| format!("\\u{:04X}", c as u32))
        .collect();
    let percent: String = CANARY.bytes().map(|b| format!("%{b:02X}")).collect();
    let bodies = [
        format!(r#"{{"error":"invalid token {escaped}"}}"#),
        format!(r#"{{"message":"see https:\/\/x.test\/login?t={percent}","echo":"{CANARY}"}}"#),
        format!(r#"{{"{escaped}":1,"detail":"{}"}}"#, percent.to_lowercase()),
        format!("<html>token={percent} {escaped}</html>"),
    ];
    for body in bodies {
        for status in [401, 500] {
            let body = body.clone();
            let server = scripted(move |_, _| {
                Reply::json(status, body.clone()).header("x-request-id", format!("req-{CANARY}"))
            })
            .await;
            let err = partner_client_with(&server.url, |b| b.max_retries(0))
                .me()
                .await
                .unwrap_err();
            assert_no_canary(&all_text(&err));
        }
    }
}

#[tokio::test]
async fn a_decode_error_never_quotes_the_token_or_a_password_sent() {
    // The server answers a customer creation with a body of the wrong shape that echoes
    // the password and the token, escaped.
    let escaped_password: String = "Str0ng!pass#9"
        .chars()
        .map(|c| format!("\\u{:04x}", c as u32))
        .collect();
    let body = format!(
        r#"{{"id": ["{escaped_password}"], "auth_id": {{"token": "{CANARY}"}}, "name": 5}}"#
    );
    let server = scripted(move |_, _| Reply::json(201, body.clone())).await;
    let err = partner_client(&server.url)
        .create_customer(&customer_request())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    let text = all_text(&err);
    assert_no_canary(&text);
    assert!(
        !text.contains("Str0ng!pass#9") && !text.contains(&escaped_password),
        "{text}"
    );
    // And a 422 that echoes the password back.
    let server = scripted(|_, _| {
        Reply::json(
            422,
            r#"{"error":"weak","message":"password Str0ng!pass#9 rejected"}"#,
        )
    })
    .await;
    let err = partner_client(&server.url)
        .create_customer(&customer_request())
        .await
        .unwrap_err();
    assert!(!all_text(&err).contains("Str0ng!pass#9"), "{err}");
}

#[tokio::test]
async fn request_ids_are_scrubbed_and_bounded() {
    let server = scripted(|_, _| {
        Reply::json(404, r#"{"error":"not_found"}"#)
            .header("x-request-id", format!("{}{}", "r".repeat(400), CANARY))
    })
    .await;
    let err = partner_client(&server.url).me().await.unwrap_err();
    let id = err.request_id().unwrap().to_owned();
    assert!(id.len() < 200, "{id}");
    assert_no_canary(&all_text(&err));
}

fn customer_request() -> vobiz_partner::models::NewCustomer {
    serde_json::from_value(serde_json::json!({
        "name": "Asha Rao",
        "email": "asha@example.com",
        "phone": "+919876543210",
        "password": "Str0ng!pass#9",
        "country": "IN",
    }))
    .expect("a valid customer request")
}

// --- A raw server for what axum will not do ------------------------------------------------

enum RawReply {
    Bytes(Vec<u8>),
    /// Close without answering.
    Close,
    /// Headers, then chunks of zeros forever.
    Endless,
}

/// A raw HTTP/1.1 server: reads each request whole, then acts as `script(index, head)`
/// says, one request per connection.
async fn raw_server<F>(script: F) -> (String, Arc<AtomicUsize>)
where
    F: Fn(usize, &str) -> RawReply + Send + Sync + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let received = Arc::new(AtomicUsize::new(0));
    let counter = received.clone();
    let script = Arc::new(script);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counter = counter.clone();
            let script = script.clone();
            tokio::spawn(async move {
                let Some(head) = read_request(&mut socket).await else {
                    return;
                };
                let index = counter.fetch_add(1, Ordering::SeqCst);
                match script(index, &head) {
                    RawReply::Bytes(bytes) => {
                        let _ = socket.write_all(&bytes).await;
                        let _ = socket.shutdown().await;
                    }
                    RawReply::Close => {}
                    RawReply::Endless => {
                        let _ = socket
                            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
                            .await;
                        let mut piece = format!("{:x}\r\n", 64 * 1024).into_bytes();
                        piece.extend(std::iter::repeat_n(b' ', 64 * 1024));
                        piece.extend_from_slice(b"\r\n");
                        while socket.write_all(&piece).await.is_ok() {}
                    }
                }
            });
        }
    });
    (url, received)
}

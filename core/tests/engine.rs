//! The HTTP engine against real loopback servers: what goes on the wire, what is retried,
//! what is never retried, redirects, and the typed errors that come back.

mod support;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use support::*;
use vobiz_partner::{
    ApiPath, ApiRequest, ClientConfig, E164, Error, ErrorKind, RequestOptions, Transport,
};

fn numbers_path() -> ApiPath {
    ApiPath::v1()
        .lit("account")
        .id(account().auth_id())
        .lit("numbers")
        .e164(&E164::parse("+918012345678").unwrap())
        .lit("assign-subaccount")
}

#[tokio::test]
async fn requests_carry_credentials_user_agent_and_encoded_paths() {
    let server = scripted(|_, _| Reply::json(200, r#"{"ok":true}"#)).await;
    let transport = transport(&server.url, 0);
    let request = ApiRequest::post(numbers_path())
        .query("search", "+9180")
        .json(&serde_json::json!({"sub_account_id": "SA_ABC12345"}))
        .unwrap();
    let response = transport.send(&account(), &request).await.unwrap();
    assert_eq!(response.status(), 200);

    let seen = &server.recorded()[0];
    assert_eq!(seen.method, "POST");
    assert_eq!(
        seen.target,
        "/api/v1/account/MA_TEST1234/numbers/%2B918012345678/assign-subaccount?search=%2B9180"
    );
    assert_eq!(seen.header("x-auth-id"), Some("MA_TEST1234"));
    assert_eq!(seen.header("x-auth-token"), Some(CANARY));
    assert_eq!(
        seen.header("user-agent"),
        Some(format!("vobiz-partner/{} (rust)", vobiz_partner::VERSION).as_str())
    );
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(seen.header("accept"), Some("application/json"));
    assert_eq!(seen.body, br#"{"sub_account_id":"SA_ABC12345"}"#);
}

#[tokio::test]
async fn a_base_url_path_prefix_is_kept() {
    let server = scripted(|_, _| Reply::json(200, "{}")).await;
    let transport = transport(&format!("{}/gateway/vobiz/api/v1", server.url), 0);
    let request = ApiRequest::get(ApiPath::v1().lit("partner/me"));
    transport.send(&partner(), &request).await.unwrap();
    assert_eq!(
        server.recorded()[0].target,
        "/gateway/vobiz/api/v1/partner/me"
    );
}

#[tokio::test]
async fn every_success_status_is_success() {
    for (status, body) in [(200, r#"{"a":1}"#), (201, r#"{"a":1}"#), (204, "")] {
        let server = scripted(move |_, _| Reply::json(status, body)).await;
        let response = transport(&server.url, 0)
            .send(&partner(), &ApiRequest::delete(ApiPath::v1().lit("x")))
            .await
            .unwrap();
        assert_eq!(response.status(), status);
        let decoded: Option<serde_json::Value> = response.json().unwrap();
        assert_eq!(decoded.is_some(), status != 204);
    }
}

#[tokio::test]
async fn safe_requests_are_retried_on_transient_statuses() {
    for status in [408, 429, 500, 502, 503, 504] {
        let server = scripted(move |i, _| {
            if i < 2 {
                Reply::json(status, r#"{"error":"busy"}"#)
            } else {
                Reply::json(200, "{}")
            }
        })
        .await;
        let result = transport(&server.url, 2)
            .send(
                &partner(),
                &ApiRequest::get(ApiPath::v1().lit("partner/me")),
            )
            .await;
        assert!(result.is_ok(), "{status}: {result:?}");
        assert_eq!(server.hits(), 3, "{status}");
    }
}

#[tokio::test]
async fn retries_stop_at_the_limit_and_return_the_last_answer() {
    let server =
        scripted(|_, _| Reply::json(503, r#"{"error":"unavailable","message":"down"}"#)).await;
    let err = transport(&server.url, 3)
        .send(&partner(), &ApiRequest::put(ApiPath::v1().lit("x")))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.message(), "down");
    assert_eq!(server.hits(), 4);
}

#[tokio::test]
async fn the_per_request_retry_override_wins() {
    let server = scripted(|_, _| Reply::json(500, "{}")).await;
    let transport = transport(&server.url, 3);
    let request = ApiRequest::get(ApiPath::v1().lit("x")).options(RequestOptions {
        max_retries: Some(0),
        ..Default::default()
    });
    transport.send(&partner(), &request).await.unwrap_err();
    assert_eq!(server.hits(), 1);
    let invalid = ApiRequest::get(ApiPath::v1().lit("x")).options(RequestOptions {
        timeout: Some(Duration::ZERO),
        ..Default::default()
    });
    let err = transport.send(&partner(), &invalid).await.unwrap_err();
    assert_eq!(err.validation_field(), Some("timeout"));
    assert_eq!(server.hits(), 1, "an invalid request is not sent");
}

#[tokio::test]
async fn non_transient_errors_and_conflicts_are_never_retried() {
    for (status, body) in [
        (400, r#"{"error":"bad"}"#),
        (401, r#"{"error":"invalid_credentials"}"#),
        (404, r#"{"error":"not_found"}"#),
        (
            409,
            r#"{"error":"did_cool_off_in_effect","cool_off_until":"2026-12-01T00:00:00Z","cool_off_remaining_seconds":86400}"#,
        ),
        (
            409,
            r#"{"error":"HTTPError","message":"Session is already in terminal status: 'revoked'"}"#,
        ),
        (422, r#"{"error":"ValidationError"}"#),
    ] {
        let server = scripted(move |_, _| Reply::json(status, body)).await;
        let err = transport(&server.url, 3)
            .send(&account(), &ApiRequest::delete(numbers_path()))
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(server.hits(), 1, "{status} was retried");
    }
}

#[tokio::test]
async fn an_unsafe_post_is_not_retried_after_a_server_error() {
    for status in [408, 429, 500, 502, 503, 504] {
        let server = scripted(move |_, _| {
            Reply::json(
                status,
                r#"{"error":"internal_server_error","message":"failed to purchase number"}"#,
            )
        })
        .await;
        let request = ApiRequest::post(ApiPath::v1().lit("partner/accounts/MA_X/transfer-balance"))
            .json(&serde_json::json!({"amount": 500.0, "currency": "INR"}))
            .unwrap();
        let err = transport(&server.url, 3)
            .send(&partner(), &request)
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(status));
        assert_eq!(server.hits(), 1, "POST answered {status} was sent again");
        if status >= 500 {
            assert!(
                err.outcome_unknown(),
                "a 5xx POST must be flagged as unknown outcome"
            );
        }
    }
}

#[tokio::test]
async fn a_post_whose_connection_dropped_after_sending_is_outcome_unknown() {
    let (url, received) = dropping(usize::MAX).await;
    let request = ApiRequest::post(ApiPath::v1().lit("partner/accounts/MA_X/transfer-balance"))
        .json(&serde_json::json!({"amount": 500.0}))
        .unwrap();
    let err = transport(&url, 3)
        .send(&partner(), &request)
        .await
        .unwrap_err();
    match &err {
        Error::OutcomeUnknown {
            method,
            path,
            attempts,
            ..
        } => {
            assert_eq!(method, "POST");
            assert_eq!(path, "/api/v1/partner/accounts/MA_X/transfer-balance");
            assert_eq!(*attempts, 1);
        }
        other => panic!("expected OutcomeUnknown, got {other:?}"),
    }
    assert_eq!(
        received.load(Ordering::SeqCst),
        1,
        "the POST must not be sent twice"
    );
    assert!(err.outcome_unknown());
    assert!(err.to_string().contains("check before retrying"), "{err}");
}

#[tokio::test]
async fn a_get_whose_connection_dropped_is_retried() {
    let (url, received) = dropping(1).await;
    let response = transport(&url, 2)
        .send(
            &partner(),
            &ApiRequest::get(ApiPath::v1().lit("partner/me")),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(received.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_post_that_never_connected_is_retried_then_reported_as_transport() {
    let url = closed_port_url().await;
    let request = ApiRequest::post(ApiPath::v1().lit("partner/accounts"))
        .json(&serde_json::json!({}))
        .unwrap();
    let err = transport(&url, 2)
        .send(&partner(), &request)
        .await
        .unwrap_err();
    match err {
        Error::Transport {
            attempts,
            ref cause,
            ..
        } => {
            assert_eq!(
                attempts, 3,
                "a connect failure is provably unsent, so it is retried"
            );
            assert!(cause.contains("connect"), "{cause}");
        }
        other => panic!("expected Transport, got {other:?}"),
    }
}

#[tokio::test]
async fn timeouts_retry_safe_requests_and_make_posts_outcome_unknown() {
    let server = scripted(|_, _| Reply::json(200, "{}").after(Duration::from_secs(3))).await;
    let options = RequestOptions {
        timeout: Some(Duration::from_millis(150)),
        ..Default::default()
    };
    let get = ApiRequest::get(ApiPath::v1().lit("x")).options(options);
    let err = transport(&server.url, 1)
        .send(&partner(), &get)
        .await
        .unwrap_err();
    match err {
        Error::Timeout {
            attempts, timeout, ..
        } => {
            assert_eq!(attempts, 2);
            assert_eq!(timeout, Duration::from_millis(150));
        }
        other => panic!("expected Timeout, got {other:?}"),
    }
    let post = ApiRequest::post(ApiPath::v1().lit("x")).options(options);
    let err = transport(&server.url, 1)
        .send(&partner(), &post)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::OutcomeUnknown);
    assert_eq!(server.hits(), 3, "two GET attempts and one POST");
}

#[tokio::test]
async fn retry_after_is_waited_out_when_short() {
    let server = scripted(|i, _| {
        if i == 0 {
            Reply::json(429, r#"{"error":"rate"}"#).header("retry-after", "1")
        } else {
            Reply::json(200, "{}")
        }
    })
    .await;
    let started = Instant::now();
    transport(&server.url, 2)
        .send(&partner(), &ApiRequest::get(ApiPath::v1().lit("x")))
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "Retry-After: 1 was not honoured"
    );
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_returned_at_once() {
    let date = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(3600));
    for value in ["1800".to_owned(), date] {
        let v = value.clone();
        let server = scripted(move |_, _| {
            Reply::json(
                429,
                r#"{"error":"HTTPError","message":"Please wait 1799 seconds before resending"}"#,
            )
            .header("retry-after", v.clone())
        })
        .await;
        let err = transport(&server.url, 3)
            .send(&partner(), &ApiRequest::get(ApiPath::v1().lit("x")))
            .await
            .unwrap_err();
        match err {
            Error::RateLimited {
                retry_after: Some(after),
                ..
            } => {
                assert!(after > Duration::from_secs(1700), "{value}: {after:?}");
            }
            other => panic!("expected RateLimited, got {other:?}"),
        }
        assert_eq!(server.hits(), 1, "{value}");
    }
}

#[tokio::test]
async fn same_origin_redirects_keep_credentials() {
    let server = scripted(|i, _| {
        if i == 0 {
            Reply::json(307, "").header("location", "/api/v1/moved")
        } else {
            Reply::json(200, r#"{"moved":true}"#)
        }
    })
    .await;
    let request = ApiRequest::post(ApiPath::v1().lit("x"))
        .json(&serde_json::json!({"k": 1}))
        .unwrap();
    transport(&server.url, 0)
        .send(&partner(), &request)
        .await
        .unwrap();
    let second = &server.recorded()[1];
    assert_eq!(second.target, "/api/v1/moved");
    assert_eq!(second.method, "POST", "307 keeps the method");
    assert_eq!(second.body, br#"{"k":1}"#, "307 keeps the body");
    assert_eq!(second.header("x-auth-token"), Some(CANARY));
}

#[tokio::test]
async fn cross_origin_redirects_never_carry_credentials() {
    let elsewhere = scripted(|_, _| Reply::json(200, r#"{"from":"elsewhere"}"#)).await;
    let target = format!(
        "{}/collect",
        elsewhere.url.replace("127.0.0.1", "localhost")
    );
    let origin =
        scripted(move |_, _| Reply::json(302, "").header("location", target.clone())).await;
    let response = transport(&origin.url, 0)
        .send(
            &partner(),
            &ApiRequest::get(ApiPath::v1().lit("partner/me")),
        )
        .await
        .unwrap();
    assert_eq!(
        response.json::<serde_json::Value>().unwrap()["from"],
        "elsewhere"
    );
    let seen = &elsewhere.recorded()[0];
    assert_eq!(seen.target, "/collect");
    for (name, value) in seen.headers.iter() {
        assert!(
            !name.as_str().starts_with("x-auth"),
            "{name} reached another origin"
        );
        assert!(!value.to_str().unwrap_or("").contains(CANARY));
    }
}

#[tokio::test]
async fn redirects_to_plain_http_elsewhere_are_refused() {
    let origin =
        scripted(|_, _| Reply::json(301, "").header("location", "http://api.example.com/steal"))
            .await;
    let err = transport(&origin.url, 2)
        .send(&partner(), &ApiRequest::get(ApiPath::v1().lit("x")))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert!(err.to_string().contains("plain http://"), "{err}");
    assert_eq!(origin.hits(), 1, "a refused redirect is not retried");
}

#[tokio::test]
async fn a_get_redirected_with_303_is_followed_as_a_get() {
    let server = scripted(|i, _| {
        if i == 0 {
            Reply::json(303, "").header("location", "/api/v1/result")
        } else {
            Reply::json(200, "{}")
        }
    })
    .await;
    transport(&server.url, 0)
        .send(&partner(), &ApiRequest::get(ApiPath::v1().lit("x")))
        .await
        .unwrap();
    let second = &server.recorded()[1];
    assert_eq!(
        (second.method.as_str(), second.path()),
        ("GET", "/api/v1/result")
    );
}

#[tokio::test]
async fn redirect_loops_end() {
    let server = scripted(|_, _| Reply::json(302, "").header("location", "/api/v1/again")).await;
    let err = transport(&server.url, 0)
        .send(&partner(), &ApiRequest::get(ApiPath::v1().lit("x")))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("redirects"), "{err}");
    assert_eq!(server.hits(), 11);
}

#[tokio::test]
async fn errors_carry_request_ids_from_headers() {
    let server = scripted(|_, _| {
        Reply::json(
            404,
            r#"{"error":"not_found","message":"number or sub-account not found"}"#,
        )
        .header("x-request-id", "req_7f3a")
    })
    .await;
    let err = transport(&server.url, 0)
        .send(&account(), &ApiRequest::post(numbers_path()))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.request_id(), Some("req_7f3a"));
    assert_eq!(err.code(), Some("not_found"));
    let text = err.to_string();
    assert!(text.contains("number or sub-account not found"), "{text}");
    assert!(
        text.contains("/numbers/%2B918012345678/assign-subaccount"),
        "{text}"
    );
}

#[tokio::test]
async fn a_malformed_success_body_is_a_decode_error() {
    let server = scripted(|_, _| Reply::json(200, r#"{"auth_token":"sk_live_leak","name":"#)).await;
    let response = transport(&server.url, 0)
        .send(&partner(), &ApiRequest::get(ApiPath::v1().lit("x")))
        .await
        .unwrap();
    let err = response.json::<serde_json::Value>().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert_eq!(err.status(), Some(200));
    let text = format!("{err} {err:?}");
    assert!(!text.contains("sk_live_leak"), "{text}");
}

#[tokio::test]
async fn the_token_never_appears_in_errors_or_logs() {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Default)]
    struct Capture(Arc<Mutex<Vec<u8>>>);
    impl Write for Capture {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // A server that echoes the token it was sent, in every way it can.
    let server = scripted(|i, req| {
        let token = req.header("x-auth-token").unwrap_or("").to_owned();
        let body = format!(
            r#"{{"error":"invalid_credentials","message":"token {token} rejected","auth_token":"{token}","tokens":{{"access_token":"{token}"}}}}"#
        );
        let status = if i == 0 { 503 } else { 401 };
        Reply::json(status, body).header("x-request-id", "req_1")
    })
    .await;
    let transport = transport(&server.url, 1);
    let err = transport
        .send(
            &partner(),
            &ApiRequest::get(ApiPath::v1().lit("partner/me")),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    let report = err.report();
    let outputs = [
        err.to_string(),
        format!("{err:?}"),
        err.message(),
        err.body().unwrap().to_owned(),
        format!("{report:?}"),
        format!("{transport:?}"),
        format!("{:?}", partner()),
        String::from_utf8(capture.0.lock().unwrap().clone()).unwrap(),
    ];
    for text in &outputs {
        assert!(!text.contains(CANARY), "the token leaked into: {text}");
    }
    let logs = &outputs[7];
    assert!(
        logs.contains("status=503") && logs.contains("attempt=1"),
        "logs: {logs}"
    );
    assert!(
        logs.contains("/api/v1/partner/me") && logs.contains("latency_ms"),
        "logs: {logs}"
    );
}

#[tokio::test]
async fn plain_http_base_urls_are_refused_before_sending() {
    let err = ClientConfig::builder()
        .base_url("http://api.vobiz.ai")
        .build()
        .unwrap_err();
    assert_eq!(err.validation_field(), Some("base_url"));
    assert!(Transport::new(ClientConfig::default()).is_ok());
}

#[tokio::test]
async fn a_long_wait_named_only_in_the_body_is_returned_at_once() {
    let server = scripted(|_, _| {
        Reply::json(429, r#"{"error":"HTTPError","message":"Please wait 1799 seconds before resending","status_code":429}"#)
    })
    .await;
    let err = transport(&server.url, 3)
        .send(&partner(), &ApiRequest::get(ApiPath::v1().lit("x")))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::RateLimited { retry_after: Some(d), .. } if d.as_secs() == 1799));
    assert_eq!(server.hits(), 1, "a 30-minute cooldown is not retried");
}

#[tokio::test]
async fn unauthenticated_requests_carry_no_auth_headers_and_share_the_rules() {
    let server = scripted(|i, _| {
        if i == 0 {
            Reply::json(503, r#"{"error":"busy"}"#)
        } else {
            Reply::json(200, r#"{"tokens":{"access_token":"t"}}"#)
        }
    })
    .await;
    let engine = transport(&server.url, 2);
    // A GET (safe) is retried as with credentials…
    let response = engine
        .send_unauthenticated(&ApiRequest::get(ApiPath::v1().lit("partner/login")))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(server.hits(), 2);
    // …and a POST of credentials is sent once, with no X-Auth header at all.
    let login = ApiRequest::post(ApiPath::v1().lit("partner/login"))
        .json(&serde_json::json!({"email": "p@x.test", "password": "pw"}))
        .unwrap();
    engine.send_unauthenticated(&login).await.unwrap();
    for seen in server.recorded() {
        for (name, _) in seen.headers.iter() {
            assert!(!name.as_str().starts_with("x-auth"), "{name} was sent");
        }
        assert_eq!(seen.header("accept"), Some("application/json"));
    }
    assert_eq!(
        server.recorded()[2].header("content-type"),
        Some("application/json")
    );

    // Errors are typed the same way, and a 5xx POST is never repeated.
    let refusing = scripted(|_, _| {
        Reply::json(
            401,
            r#"{"error":"invalid_credentials","message":"Invalid email or password"}"#,
        )
    })
    .await;
    let err = transport(&refusing.url, 3)
        .send_unauthenticated(&login)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Authentication);
    assert_eq!(err.code(), Some("invalid_credentials"));
    let failing = scripted(|_, _| Reply::json(500, r#"{"error":"boom"}"#)).await;
    let err = transport(&failing.url, 3)
        .send_unauthenticated(&login)
        .await
        .unwrap_err();
    assert!(err.outcome_unknown());
    assert_eq!(failing.hits(), 1);
}

#[tokio::test]
async fn a_request_can_ask_for_another_media_type() {
    let server =
        scripted(|_, _| Reply::json(200, "a,b\n1,2\n").header("content-type", "text/csv")).await;
    let request = ApiRequest::get(ApiPath::v1().lit("Account/MA_X/cdr/export")).accept("text/csv");
    let response = transport(&server.url, 0)
        .send(&account(), &request)
        .await
        .unwrap();
    assert_eq!(response.body(), b"a,b\n1,2\n");
    assert_eq!(server.recorded()[0].header("accept"), Some("text/csv"));
}

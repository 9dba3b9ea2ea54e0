//! The partner console login (`Partner::login`) against the sandbox.

mod sandbox;

use vobiz_partner::models::PartnerLogin;
use vobiz_partner::{ClientConfig, ErrorKind, Partner, RetryPolicy, Transport};

const CANARY_PASSWORD: &str = "CANARY_pw_8d1e!77";

#[tokio::test(flavor = "multi_thread")]
async fn login_returns_a_bearer_token_as_a_secret() {
    let w = sandbox::start(71).await;
    let seeded = w.sandbox.seeded().clone();
    let login = Partner::login(
        &w.transport,
        "partner@sandbox.vobiz.test",
        &seeded.partner_password,
    )
    .await
    .unwrap();
    let tokens = login.tokens.clone().unwrap();
    assert_eq!(tokens.token_type.as_deref(), Some("Bearer"));
    assert_eq!(tokens.expires_in, Some(3600));
    let token = login.access_token().unwrap();
    assert!(!token.expose().is_empty() && !token.is_redacted_by_api());
    // Neither the token nor the password ever prints.
    let shown = format!(
        "{login:?} {tokens:?} {token} {}",
        serde_json::to_string(&login).unwrap()
    );
    assert!(!shown.contains(token.expose()), "{shown}");
    assert!(!shown.contains(&seeded.partner_password), "{shown}");
    // The email is matched without regard to case, and surrounding spaces are trimmed.
    Partner::login(
        &w.transport,
        "  Partner@Sandbox.Vobiz.Test ",
        &seeded.partner_password,
    )
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn wrong_email_or_password_is_an_authentication_error_without_the_password() {
    let w = sandbox::start(72).await;
    let seeded = w.sandbox.seeded().clone();
    for (email, password) in [
        ("partner@sandbox.vobiz.test", CANARY_PASSWORD),
        (
            "someone@sandbox.vobiz.test",
            seeded.partner_password.as_str(),
        ),
    ] {
        let err = Partner::login(&w.transport, email, password)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Authentication, "{err}");
        assert_eq!(err.status(), Some(401));
        assert_eq!(err.code(), Some("invalid_credentials"));
        assert!(!err.outcome_unknown());
        let shown = format!("{err} {err:?} {:?}", err.report());
        assert!(!shown.contains(password), "{shown}");
    }
    // The partner's API credentials still work: login changes nothing.
    w.partner.me().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_before_sending() {
    // Nothing listens on this port: a request that left would be a transport error.
    let transport = Transport::new(
        ClientConfig::builder()
            .base_url("http://127.0.0.1:9")
            .retry(RetryPolicy {
                max_retries: 0,
                ..RetryPolicy::default()
            })
            .build()
            .unwrap(),
    )
    .unwrap();
    for (email, password, field) in [
        ("not-an-email", CANARY_PASSWORD, "email"),
        ("a@b", CANARY_PASSWORD, "email"),
        ("two words@x.test", CANARY_PASSWORD, "email"),
        ("", CANARY_PASSWORD, "email"),
        ("partner@sandbox.vobiz.test", "", "password"),
        ("partner@sandbox.vobiz.test", "CANARY_pw\n8d1e", "password"),
    ] {
        let err = Partner::login(&transport, email, password)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation, "{email}: {err}");
        assert_eq!(err.validation_field(), Some(field), "{email}: {err}");
        assert!(!format!("{err} {err:?}").contains("CANARY_pw"));
    }
    // A well-formed login does try to send (and fails to connect).
    let err = Partner::login(&transport, "partner@sandbox.vobiz.test", CANARY_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert!(!format!("{err} {err:?}").contains(CANARY_PASSWORD));
}

#[test]
fn login_answers_decode_and_never_print_tokens() {
    let login: PartnerLogin = serde_json::from_str(
        r#"{"tokens":{"access_token":"CANARY_jwt_a1","refresh_token":"CANARY_jwt_r2",
            "token_type":"Bearer","expires_in":"3600","id_token":"CANARY_jwt_i3"},
            "session_token":"CANARY_jwt_s4","user":{"email":"p@x.test"}}"#,
    )
    .unwrap();
    let tokens = login.tokens.as_ref().unwrap();
    assert_eq!(login.access_token().unwrap().expose(), "CANARY_jwt_a1");
    assert_eq!(
        tokens.refresh_token.as_ref().unwrap().expose(),
        "CANARY_jwt_r2"
    );
    assert_eq!(tokens.expires_in, Some(3600));
    assert_eq!(tokens.extra["id_token"], "CANARY_jwt_i3");
    assert_eq!(login.extra["user"]["email"], "p@x.test");
    let shown = format!("{login:?} {tokens:?}");
    assert!(!shown.contains("CANARY_jwt"), "{shown}");
    assert!(
        shown.contains("p@x.test") && shown.contains("Bearer"),
        "{shown}"
    );
    // A redacted or partial answer decodes too.
    let masked: PartnerLogin =
        serde_json::from_str(r#"{"tokens":{"access_token":"<redacted>"}}"#).unwrap();
    assert!(masked.access_token().unwrap().is_redacted_by_api());
    let empty: PartnerLogin = serde_json::from_str("{}").unwrap();
    assert!(empty.access_token().is_none());
}

//! A plain HTTP client for driving the sandbox in tests: raw paths, raw headers, JSON in
//! and out. Deliberately not the SDK core, so the sandbox is checked on its own.

#![allow(dead_code)]

use reqwest::Method;
use serde_json::Value;
use vobiz_sandbox::{Sandbox, SandboxOptions};

/// A started sandbox and a client for it.
pub struct Harness {
    pub sandbox: Sandbox,
    pub http: reqwest::Client,
}

/// An answer: status and JSON body (`Null` when empty or not JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

pub async fn start(seed: u64) -> Harness {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let sandbox = Sandbox::start(SandboxOptions {
        port: 0,
        seed,
        state_file: None,
    })
    .await
    .unwrap();
    Harness {
        sandbox,
        http: reqwest::Client::new(),
    }
}

impl Harness {
    pub fn partner(&self) -> (String, String) {
        let p = &self.sandbox.seeded().partner;
        (p.auth_id.clone(), p.auth_token.clone())
    }

    pub fn parent(&self) -> (String, String) {
        let p = &self.sandbox.seeded().parent;
        (p.auth_id.clone(), p.auth_token.clone())
    }

    /// A request to `path` (sent as written) with optional credentials and JSON body.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        creds: Option<&(String, String)>,
        body: Option<Value>,
    ) -> Answer {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.sandbox.url()));
        if let Some((id, token)) = creds {
            request = request
                .header("X-Auth-ID", id)
                .header("X-Auth-Token", token);
        }
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap_or_default();
        Answer {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
            headers,
        }
    }

    pub async fn get(&self, path: &str, creds: &(String, String)) -> Answer {
        self.call(Method::GET, path, Some(creds), None).await
    }

    pub async fn post(&self, path: &str, creds: &(String, String), body: Value) -> Answer {
        self.call(Method::POST, path, Some(creds), Some(body)).await
    }

    pub async fn control(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        self.call(method, path, None, body).await
    }

    /// Moves the sandbox clock forward.
    pub async fn advance(&self, seconds: i64) {
        let a = self
            .control(
                Method::POST,
                "/__sandbox/clock",
                Some(serde_json::json!({"advance_seconds": seconds})),
            )
            .await;
        assert_eq!(a.status, 200, "{a:?}");
    }

    /// Creates a partner customer and returns its credentials.
    pub async fn customer(&self, email: &str) -> (String, String) {
        let a = self
            .post(
                "/api/v1/partner/accounts",
                &self.partner(),
                serde_json::json!({"name": "Asha Rao", "email": email, "phone": "+919876543210", "password": "Str0ng!pass", "country": "IN"}),
            )
            .await;
        assert_eq!(a.status, 201, "{a:?}");
        (
            a.body["auth_id"].as_str().unwrap().to_owned(),
            a.body["auth_token"].as_str().unwrap().to_owned(),
        )
    }

    /// Creates a sub-account of the seeded parent and returns its credentials.
    pub async fn sub_account(&self, email: &str, kyc_mode: &str) -> (String, String) {
        let parent = self.parent();
        let a = self
            .post(
                &format!("/api/v1/accounts/{}/sub-accounts/", parent.0),
                &parent,
                serde_json::json!({"name": "Acme Support", "email": email, "kyc_mode": kyc_mode}),
            )
            .await;
        assert_eq!(a.status, 201, "{a:?}");
        let creds = &a.body["auth_credentials"];
        (
            creds["auth_id"].as_str().unwrap().to_owned(),
            creds["auth_token"].as_str().unwrap().to_owned(),
        )
    }
}

//! Drives a sandbox over real HTTP on loopback for the integration tests: raw paths (so
//! encoding mistakes show), raw headers, JSON in and out, plus the control plane.
//!
//! The client is plain `reqwest`, deliberately not the SDK core, so the sandbox is checked on
//! its own: a mistake shared by the SDK and the sandbox cannot hide itself here.

#![allow(dead_code)]

use reqwest::Method;
use reqwest::header::HeaderMap;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use vobiz_sandbox::{Sandbox, SandboxOptions};

/// An `(auth_id, auth_token)` pair.
pub type Creds = (String, String);

/// A running sandbox and a client for it.
pub struct Env {
    pub sandbox: Sandbox,
    pub http: reqwest::Client,
}

/// One answer: the status, the JSON body (`Null` when empty or not JSON), the raw text and
/// the headers.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub text: String,
    pub headers: HeaderMap,
}

impl Reply {
    /// The `content-type` header (`""` when absent).
    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// `+919876543210` → `%2B919876543210`, as a path segment must carry it.
pub fn enc(e164: &str) -> String {
    e164.replacen('+', "%2B", 1)
}

/// A JSON number as a decimal, exactly as written.
pub fn dec(v: &Value) -> Decimal {
    v.to_string()
        .parse()
        .unwrap_or_else(|_| panic!("not a decimal: {v}"))
}

/// Starts a sandbox with `seed` (ephemeral port, no state file).
pub async fn start(seed: u64) -> Env {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let sandbox = Sandbox::start(SandboxOptions {
        port: 0,
        seed,
        state_file: None,
    })
    .await
    .expect("the sandbox starts");
    Env::new(sandbox)
}

impl Env {
    /// Wraps an already started sandbox.
    pub fn new(sandbox: Sandbox) -> Env {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder().build().expect("a client");
        Env { sandbox, http }
    }

    /// The full URL of `path` (sent as written), for hand-built requests.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.url())
    }

    pub fn partner(&self) -> Creds {
        let p = &self.sandbox.seeded().partner;
        (p.auth_id.clone(), p.auth_token.clone())
    }

    pub fn parent(&self) -> Creds {
        let p = &self.sandbox.seeded().parent;
        (p.auth_id.clone(), p.auth_token.clone())
    }

    /// A request for `method path` (as written) with optional credentials.
    pub fn request(
        &self,
        method: Method,
        path: &str,
        creds: Option<&Creds>,
    ) -> reqwest::RequestBuilder {
        let request = self.http.request(method, self.url(path));
        match creds {
            Some((id, token)) => request
                .header("X-Auth-ID", id)
                .header("X-Auth-Token", token),
            None => request,
        }
    }

    /// Sends `method path` (as written) with optional credentials and JSON body.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        creds: Option<&Creds>,
        body: Option<Value>,
    ) -> Reply {
        let mut request = self.request(method, path, creds);
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        Self::reply(request).await
    }

    /// Sends a prepared request and reads the answer.
    pub async fn reply(request: reqwest::RequestBuilder) -> Reply {
        let response = request.send().await.expect("the sandbox answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap_or_default();
        Reply {
            status,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
            text,
            headers,
        }
    }

    pub async fn get(&self, path: &str, creds: &Creds) -> Reply {
        self.send(Method::GET, path, Some(creds), None).await
    }

    pub async fn post(&self, path: &str, creds: &Creds, body: Value) -> Reply {
        self.send(Method::POST, path, Some(creds), Some(body)).await
    }

    pub async fn put(&self, path: &str, creds: &Creds, body: Value) -> Reply {
        self.send(Method::PUT, path, Some(creds), Some(body)).await
    }

    pub async fn delete(&self, path: &str, creds: &Creds) -> Reply {
        self.send(Method::DELETE, path, Some(creds), None).await
    }

    /// A control-plane call (`/__sandbox/...`, no credentials).
    pub async fn control(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        self.send(method, path, None, body).await
    }

    /// Moves the sandbox clock forward (settling calls that end in the jump).
    pub async fn advance(&self, seconds: i64) {
        let r = self
            .control(
                Method::POST,
                "/__sandbox/clock",
                Some(json!({"advance_seconds": seconds})),
            )
            .await;
        assert_eq!(r.status, 200, "{r:?}");
    }

    /// Simulates a call on an owned DID; returns the control plane's answer.
    pub async fn simulate_call(
        &self,
        e164: &str,
        direction: &str,
        answered: bool,
        duration_seconds: u64,
    ) -> Value {
        let r = self
            .control(
                Method::POST,
                "/__sandbox/calls",
                Some(json!({"e164": e164, "direction": direction, "answered": answered, "duration_seconds": duration_seconds})),
            )
            .await;
        assert_eq!(r.status, 201, "{r:?}");
        r.body
    }

    /// The money invariant as the control plane reports it.
    pub async fn invariant(&self) -> Value {
        let r = self
            .control(Method::GET, "/__sandbox/invariant", None)
            .await;
        assert_eq!(r.status, 200, "{r:?}");
        r.body
    }

    /// Creates a partner customer (wallet 0) and returns its credentials.
    pub async fn customer(&self, email: &str) -> Creds {
        let r = self
            .post(
                "/api/v1/partner/accounts",
                &self.partner(),
                json!({"name": "Asha Rao", "email": email, "phone": "+919876543210", "password": "Str0ng!pass", "country": "IN"}),
            )
            .await;
        assert_eq!(r.status, 201, "{r:?}");
        (
            r.body["auth_id"].as_str().unwrap().to_owned(),
            r.body["auth_token"].as_str().unwrap().to_owned(),
        )
    }

    /// Moves `amount` INR from the partner to one of its customers.
    pub async fn transfer(&self, customer: &str, amount: u64) -> Reply {
        self.post(
            &format!("/api/v1/partner/accounts/{customer}/transfer-balance"),
            &self.partner(),
            json!({"amount": amount, "currency": "INR", "description": "top-up"}),
        )
        .await
    }

    /// Creates a sub-account of the seeded parent and returns its own credentials.
    pub async fn sub_account(&self, email: &str, kyc_mode: &str) -> Creds {
        let parent = self.parent();
        let r = self
            .post(
                &format!("/api/v1/accounts/{}/sub-accounts/", parent.0),
                &parent,
                json!({"name": "Acme Support", "email": email, "kyc_mode": kyc_mode}),
            )
            .await;
        assert_eq!(r.status, 201, "{r:?}");
        let creds = &r.body["auth_credentials"];
        (
            creds["auth_id"].as_str().unwrap().to_owned(),
            creds["auth_token"].as_str().unwrap().to_owned(),
        )
    }

    /// The first `n` inventory numbers (E.164, ascending).
    pub fn inventory(&self, n: usize) -> Vec<String> {
        self.sandbox.store().read(|w| {
            w.numbers
                .values()
                .filter(|x| x.owner.is_none() && x.status == "active")
                .take(n)
                .map(|x| x.e164.clone())
                .collect()
        })
    }

    /// `setup_fee + monthly_fee` of a number.
    pub fn price(&self, e164: &str) -> Decimal {
        self.sandbox.store().read(|w| {
            let n = &w.numbers[e164];
            n.setup_fee + n.monthly_fee
        })
    }

    /// An account's wallet balance.
    pub fn balance(&self, auth_id: &str) -> Decimal {
        self.sandbox.store().read(|w| w.accounts[auth_id].balance)
    }

    /// Buys `e164` from inventory with `creds`.
    pub async fn buy(&self, creds: &Creds, e164: &str) -> Reply {
        self.post(
            &format!(
                "/api/v1/Account/{}/numbers/purchase-from-inventory",
                creds.0
            ),
            creds,
            json!({"e164": e164}),
        )
        .await
    }
}

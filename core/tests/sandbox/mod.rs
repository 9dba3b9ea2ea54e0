//! The typed API's tests run against the embedded sandbox, a real server on loopback. This
//! module starts one per test and drives its control plane (clock, KYC outcomes, calls,
//! faults) with a plain HTTP client, never through the SDK under test.

#![allow(dead_code)]

use serde_json::{Value, json};
use vobiz_partner::{
    Account, AccountCredentials, ClientConfig, Partner, PartnerCredentials, RetryPolicy, Transport,
};
use vobiz_sandbox::{Sandbox, SandboxOptions};

/// The settle window of the test clients.
pub const SETTLE_WINDOW: std::time::Duration = std::time::Duration::from_millis(300);

/// A running sandbox with clients for its seeded partner and parent account.
pub struct World {
    pub sandbox: Sandbox,
    pub transport: Transport,
    pub partner: Partner,
    pub parent: Account,
    control: reqwest::Client,
}

/// Starts a sandbox seeded with `seed` and builds the clients.
pub async fn start(seed: u64) -> World {
    let sandbox = Sandbox::start(SandboxOptions {
        port: 0,
        seed,
        state_file: None,
    })
    .await
    .unwrap();
    let config = ClientConfig::builder()
        .base_url(sandbox.url())
        .retry(RetryPolicy {
            max_retries: 2,
            initial_backoff: std::time::Duration::from_millis(5),
            max_backoff: std::time::Duration::from_millis(20),
            max_retry_after: std::time::Duration::from_secs(2),
        })
        // The sandbox commits at once unless told otherwise: a short settle window keeps
        // the fault tests quick (tests of late commits set their own).
        .settle_window(SETTLE_WINDOW)
        .build()
        .unwrap();
    let transport = Transport::new(config).unwrap();
    let seeded = sandbox.seeded().clone();
    let partner = Partner::with_transport(
        PartnerCredentials::new(&seeded.partner.auth_id, &seeded.partner.auth_token).unwrap(),
        transport.clone(),
    );
    let parent = Account::with_transport(
        AccountCredentials::new(&seeded.parent.auth_id, &seeded.parent.auth_token).unwrap(),
        transport.clone(),
    );
    World {
        sandbox,
        transport,
        partner,
        parent,
        control: reqwest::Client::new(),
    }
}

impl World {
    /// A control-plane call (`/__sandbox/…`); returns the JSON answer.
    pub async fn control(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut request = self
            .control
            .request(method, format!("{}{path}", self.sandbox.url()));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        assert!(
            response.status().is_success(),
            "control {path}: {}",
            response.status()
        );
        response.json().await.unwrap_or(Value::Null)
    }

    /// Moves the sandbox clock forward.
    pub async fn advance(&self, seconds: i64) {
        self.control(
            reqwest::Method::POST,
            "/__sandbox/clock",
            Some(json!({"advance_seconds": seconds})),
        )
        .await;
    }

    /// An account client for a customer, from its credentials.
    pub fn account(&self, auth_id: &str, auth_token: &str) -> Account {
        Account::with_transport(
            AccountCredentials::new(auth_id, auth_token).unwrap(),
            self.transport.clone(),
        )
    }
}

//! `vobiz-sandbox`: a stateful local emulator of the Vobiz provisioning API.
//!
//! It listens on loopback, speaks the documented paths, casing, envelopes, status codes and
//! quirks, keeps state (balances, ledgers, KYC, numbers, cool-offs, CDRs), delivers signed
//! webhooks, and has a control plane under `/__sandbox/` for clock travel and fault
//! injection. It deliberately shares no request-building or path-encoding code with the SDK
//! core, so it can catch the SDK's mistakes.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let sandbox = vobiz_sandbox::Sandbox::start(Default::default()).await?;
//! println!("{} partner {}", sandbox.url(), sandbox.seeded().partner.auth_id);
//! sandbox.stop().await;
//! # Ok(()) }
//! ```

#![recursion_limit = "256"]

pub mod auth;
pub mod calls;
pub mod clock;
pub mod control;
pub mod faults;
pub mod ids;
pub mod kyc;
pub mod money;
pub mod reply;
pub mod routes;
pub mod seed;
mod serve;
pub mod store;
pub mod webhooks;
pub mod world;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

pub use seed::{Seeded, SeededCredentials};
use store::Store;

/// How to start a sandbox.
#[derive(Clone, Debug, Default)]
pub struct SandboxOptions {
    /// The loopback port; 0 picks a free one.
    pub port: u16,
    /// The seed of the world (ids and tokens derive from it).
    pub seed: u64,
    /// Load the world from this file when it exists, and save it there on every change and
    /// at shutdown.
    pub state_file: Option<PathBuf>,
}

/// How a sandbox serves HTTP. Kept apart from [`SandboxOptions`], which callers build as a
/// struct literal, so adding a setting here breaks none of them.
#[derive(Clone, Debug)]
pub struct ServerOptions {
    /// How long a client may take to send a complete request head (and how long a kept-alive
    /// connection may stay idle) before the connection is closed.
    pub header_read_timeout: Duration,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            header_read_timeout: Duration::from_secs(10),
        }
    }
}

/// A running sandbox.
pub struct Sandbox {
    addr: SocketAddr,
    url: String,
    seeded: Seeded,
    store: Arc<Store>,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<()>>,
    background: Vec<JoinHandle<()>>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox").field("url", &self.url).finish()
    }
}

impl Sandbox {
    /// Starts a sandbox on `127.0.0.1:<port>` in the current tokio runtime.
    pub async fn start(options: SandboxOptions) -> std::io::Result<Sandbox> {
        Sandbox::start_with(options, ServerOptions::default()).await
    }

    /// [`start`](Self::start), with non-default HTTP settings.
    pub async fn start_with(
        options: SandboxOptions,
        server_options: ServerOptions,
    ) -> std::io::Result<Sandbox> {
        let world = match &options.state_file {
            Some(path) if path.exists() => store::load(path)?,
            _ => seed::seed_world(options.seed),
        };
        let seeded = seed::describe(&world);
        let (tx, rx) = mpsc::unbounded_channel();
        let store = Arc::new(Store::new(world, options.state_file.clone(), tx));
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", options.port)).await?;
        let addr = listener.local_addr()?;
        let app = routes::router(store.clone());
        let (shutdown_tx, shutdown_rx) = oneshot::channel::<()>();
        let server = tokio::spawn(serve::serve(
            listener,
            app,
            server_options.header_read_timeout,
            async {
                let _ = shutdown_rx.await;
            },
        ));
        let background = vec![
            tokio::spawn(store.clone().save_on_change()),
            tokio::spawn(webhooks::deliver_forever(store.clone(), rx)),
        ];
        store.save()?;
        Ok(Sandbox {
            addr,
            url: format!("http://{addr}"),
            seeded,
            store,
            shutdown: Some(shutdown_tx),
            server: Some(server),
            background,
        })
    }

    /// `http://127.0.0.1:<port>`: the base URL to give a client.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The seeded partner, parent and inventory.
    pub fn seeded(&self) -> &Seeded {
        &self.seeded
    }

    /// The shared state, for in-process inspection.
    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    /// The sandbox's current time.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        control::clock(&self.store).0
    }

    /// Moves the sandbox clock forward by `seconds` (negative moves it back); returns the
    /// new time. Cool-offs, KYC expiry, resend cooldowns and call ends follow it. The clock
    /// stops at the ends of its range (1970-01-01 to 9999-12-31, see [`clock`]).
    pub fn advance_clock(&self, seconds: i64) -> chrono::DateTime<chrono::Utc> {
        control::advance_clock(&self.store, clock::saturating_seconds(seconds))
    }

    /// Sets the sandbox clock to `at`, earlier or later than now (a time outside 1970-01-01
    /// to 9999-12-31 is replaced by the nearest end of that range).
    pub fn set_clock(&self, at: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
        control::set_clock(&self.store, at)
    }

    /// Moves a hosted KYC session one step as its customer would (sends the webhooks);
    /// returns the session object.
    pub fn kyc_session_step(
        &self,
        session_id: &str,
        step: control::KycStep,
        kyc_type: Option<&str>,
        reason: Option<&str>,
    ) -> Result<serde_json::Value, control::ControlError> {
        control::kyc_session_step(&self.store, session_id, step, kyc_type, reason)
    }

    /// Verifies (`complete = true`) or fails a sub-account's KYC documents (sends the
    /// webhooks); returns its KYC status.
    pub fn sub_account_kyc(
        &self,
        sub_account_id: &str,
        complete: bool,
    ) -> Result<serde_json::Value, control::ControlError> {
        control::sub_account_kyc(&self.store, sub_account_id, complete)
    }

    /// Starts a simulated call on an owned DID.
    pub fn simulate_call(
        &self,
        call: &control::SimulatedCall,
    ) -> Result<serde_json::Value, control::ControlError> {
        control::simulate_call(&self.store, call)
    }

    /// Sets a number's routing, Aadhaar flags or billing dates (see [`control::NumberPatch`]).
    pub fn set_number(
        &self,
        e164: &str,
        patch: &control::NumberPatch,
    ) -> Result<serde_json::Value, control::ControlError> {
        control::set_number(&self.store, e164, patch)
    }

    /// Injects a fault; returns its id.
    pub fn add_fault(&self, fault: faults::FaultSpec) -> Result<u64, String> {
        self.store.faults.add(fault)
    }

    /// Removes every injected fault.
    pub fn clear_faults(&self) {
        self.store.faults.clear()
    }

    /// Replaces the world with a freshly seeded one (`seed`, or the current seed) and clears
    /// faults; returns what was seeded.
    pub fn reset(&self, seed: Option<u64>) -> Seeded {
        control::reset(&self.store, seed)
    }

    /// Stops serving, waits for in-flight requests, and saves the state file.
    pub async fn stop(mut self) {
        self.shutdown_now().await;
    }

    async fn shutdown_now(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(5), server).await;
        }
        for task in self.background.drain(..) {
            task.abort();
        }
        if let Err(e) = self.store.save() {
            tracing::error!(error = %e, "could not save the sandbox state");
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        for task in self.background.drain(..) {
            task.abort();
        }
        let _ = self.store.save();
    }
}

//! The shared state of a running sandbox: the world behind one lock, its persistence to
//! `--state FILE`, and the queue of webhooks waiting to be delivered.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::{Notify, mpsc};

use crate::faults::Faults;
use crate::world::World;

/// Everything a request handler can reach.
pub struct Store {
    world: Mutex<World>,
    state_file: Option<PathBuf>,
    changed: Notify,
    /// Ids of deliveries to attempt.
    pub webhooks: mpsc::UnboundedSender<String>,
    /// Injected faults.
    pub faults: Faults,
}

/// A handle on the store.
pub type Shared = Arc<Store>;

impl Store {
    /// A store for `world`; `webhooks` receives delivery ids to attempt.
    pub fn new(
        world: World,
        state_file: Option<PathBuf>,
        webhooks: mpsc::UnboundedSender<String>,
    ) -> Self {
        Store {
            world: Mutex::new(world),
            state_file,
            changed: Notify::new(),
            webhooks,
            faults: Faults::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, World> {
        // A panicking handler must not take the whole sandbox down with it.
        self.world.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Applies what the clock has made due (ended calls, release windows, expired KYC
    /// sessions) and queues the webhooks that sends. Returns whether anything changed.
    fn settle(&self, world: &mut World) -> bool {
        let calls = crate::calls::settle(world);
        let expired = crate::kyc::expire_sessions(world);
        let changed = calls || !expired.is_empty();
        self.queue_webhooks(expired);
        changed
    }

    /// Queues webhook deliveries (by id) for the delivery task.
    pub(crate) fn queue_webhooks(&self, deliveries: impl IntoIterator<Item = String>) {
        for delivery in deliveries {
            let _ = self.webhooks.send(delivery);
        }
    }

    /// Reads the world (after settling what the clock has made due).
    pub fn read<T>(&self, f: impl FnOnce(&World) -> T) -> T {
        let mut world = self.lock();
        if self.settle(&mut world) {
            self.changed.notify_one();
        }
        f(&world)
    }

    /// Changes the world; the change is saved to the state file shortly after.
    pub fn write<T>(&self, f: impl FnOnce(&mut World) -> T) -> T {
        let mut world = self.lock();
        self.settle(&mut world);
        let out = f(&mut world);
        self.changed.notify_one();
        out
    }

    /// Replaces the whole world (reset, load).
    pub fn replace(&self, world: World) {
        *self.lock() = world;
        self.changed.notify_one();
    }

    /// The world as JSON (the control plane's dump and the state file's content).
    pub fn snapshot(&self) -> serde_json::Value {
        serde_json::to_value(&*self.lock()).unwrap_or_default()
    }

    /// Writes the state file atomically (a temporary file renamed over it).
    pub fn save(&self) -> std::io::Result<()> {
        let Some(path) = &self.state_file else {
            return Ok(());
        };
        let text = serde_json::to_vec_pretty(&*self.lock()).map_err(std::io::Error::other)?;
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, path)
    }

    /// Saves after every burst of changes until the sandbox stops.
    pub async fn save_on_change(self: Arc<Self>) {
        if self.state_file.is_none() {
            return;
        }
        loop {
            self.changed.notified().await;
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            if let Err(e) = self.save() {
                tracing::error!(error = %e, "could not save the sandbox state");
            }
        }
    }
}

/// Loads a saved world.
pub fn load(path: &std::path::Path) -> std::io::Result<World> {
    let bytes = std::fs::read(path)?;
    serde_json::from_slice(&bytes).map_err(std::io::Error::other)
}

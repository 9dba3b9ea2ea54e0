//! Where an onboarding's state is kept between steps.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::state::OnboardingState;
use crate::error::{Error, Result};

/// Keeps an [`OnboardingState`] between steps and runs. Implement it over a database row, a
/// key-value store… [`FileStateStore`] is the default.
pub trait StateStore: Send + Sync {
    /// The saved state, `None` when nothing was saved yet.
    fn load(&self) -> Result<Option<OnboardingState>>;
    /// Saves the state (replacing the previous one).
    fn save(&self, state: &OnboardingState) -> Result<()>;
}

/// A JSON file, written atomically (a temporary file in the same directory, flushed to
/// disk, then renamed over the old one), so a crash leaves the old state or the new one,
/// never half of one.
#[derive(Clone, Debug)]
pub struct FileStateStore {
    path: PathBuf,
}

impl FileStateStore {
    /// A store at `path` (created on the first save).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileStateStore { path: path.into() }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl StateStore for FileStateStore {
    fn load(&self) -> Result<Option<OnboardingState>> {
        match load_state_file(&self.path)? {
            None => Ok(None),
            Some(value) => serde_json::from_value(value).map(Some).map_err(|e| {
                Error::validation(
                    "state",
                    format!("{} is not an onboarding state: {e}", self.path.display()),
                )
            }),
        }
    }

    fn save(&self, state: &OnboardingState) -> Result<()> {
        let value = serde_json::to_value(state)
            .map_err(|e| Error::validation("state", format!("cannot be written: {e}")))?;
        save_state_file(&self.path, &value)
    }
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> Error {
    Error::validation("path", format!("cannot {what} {}: {e}", path.display()))
}

/// Reads a JSON state file; `None` when it does not exist. Errors: [`Error::Validation`] on
/// `path` (unreadable) or `state` (not JSON).
pub fn load_state_file(path: impl AsRef<Path>) -> Result<Option<Value>> {
    let path = path.as_ref();
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            Error::validation("state", format!("{} is not JSON: {e}", path.display()))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_error(path, "read", e)),
    }
}

/// Writes `value` as JSON to `path` atomically: a temporary file in the same directory,
/// `fsync`, then a rename over the old file (and, on Unix, an `fsync` of the directory).
/// Errors: [`Error::Validation`] on `path`.
pub fn save_state_file(path: impl AsRef<Path>, value: &Value) -> Result<()> {
    let path = path.as_ref();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| Error::validation("path", format!("{} names no file", path.display())))?
        .to_string_lossy()
        .into_owned();
    let bits: u64 = rand::random();
    let temp = dir.join(format!(".{name}.{}.{bits:016x}.tmp", std::process::id()));
    let text = serde_json::to_vec_pretty(value)
        .map_err(|e| Error::validation("state", format!("cannot be written: {e}")))?;
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(&text)?;
        file.write_all(b"\n")?;
        file.sync_all()?;
        std::fs::rename(&temp, path)?;
        #[cfg(unix)]
        std::fs::File::open(&dir)?.sync_all()?;
        Ok(())
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        io_error(path, "write", e)
    })
}

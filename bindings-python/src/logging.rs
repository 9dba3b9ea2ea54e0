//! The core's `tracing` events, delivered to Python's `logging` (logger `vobiz_partner`).
//!
//! Events happen on tokio threads. Each one is formatted in Rust (`message key=value …`;
//! the core never puts a secret in an event) and handed to the logger through
//! [`bridge::with_python`], which refuses once the interpreter is shutting down. Events
//! below the logger's effective level are dropped without touching the interpreter; that
//! level is re-read at most once a second, so a `setLevel` takes effect within a second.

use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

use crate::bridge;

/// The Python logger every event goes to.
pub const LOGGER: &str = "vobiz_partner";

const LEVEL_TTL: Duration = Duration::from_secs(1);

static PY_LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
/// The logger's effective level (Python numbers: DEBUG 10 … ERROR 40).
static EFFECTIVE_LEVEL: AtomicI64 = AtomicI64::new(i64::MAX);
static LEVEL_READ_AT: Mutex<Option<Instant>> = Mutex::new(None);

fn python_level(level: &Level) -> i64 {
    match *level {
        Level::ERROR => 40,
        Level::WARN => 30,
        Level::INFO => 20,
        Level::DEBUG => 10,
        Level::TRACE => 5,
    }
}

fn logger(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    PY_LOGGER
        .get_or_try_init(py, || {
            py.import("logging")?
                .call_method1("getLogger", (LOGGER,))
                .map(Bound::unbind)
        })
        .map(|l| l.bind(py))
}

/// Whether `level` may be enabled, refreshing the cached level when it is old.
fn may_log(level: i64) -> bool {
    let stale = {
        let mut read_at = LEVEL_READ_AT.lock().unwrap_or_else(|p| p.into_inner());
        let stale = read_at.is_none_or(|at| at.elapsed() >= LEVEL_TTL);
        if stale {
            *read_at = Some(Instant::now());
        }
        stale
    };
    if stale {
        let current = bridge::with_python(|py| {
            logger(py)
                .and_then(|l| l.call_method0("getEffectiveLevel")?.extract::<i64>())
                .ok()
        })
        .flatten();
        if let Some(current) = current {
            EFFECTIVE_LEVEL.store(current, Ordering::Relaxed);
        }
    }
    level >= EFFECTIVE_LEVEL.load(Ordering::Relaxed)
}

#[derive(Default)]
struct Line {
    message: String,
    fields: String,
}

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            let _ = write!(self.fields, " {}={value:?}", field.name());
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            let _ = write!(self.fields, " {}={value}", field.name());
        }
    }
}

struct PythonLogging;

impl<S: Subscriber> Layer<S> for PythonLogging {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        // The core's events only, not those of the HTTP stack under it.
        if !event.metadata().target().starts_with("vobiz_partner") {
            return;
        }
        let level = python_level(event.metadata().level());
        if !may_log(level) {
            return;
        }
        let mut line = Line::default();
        event.record(&mut line);
        let text = format!("{}{}", line.message, line.fields);
        bridge::with_python(|py| {
            if let Ok(logger) = logger(py) {
                let _ = logger.call_method1("log", (level, text));
            }
        });
    }
}

/// Installs the bridge as the process's tracing subscriber (once; a subscriber the host
/// application installed first is left alone).
pub fn install() {
    let subscriber = tracing_subscriber::registry().with(PythonLogging);
    let _ = tracing::subscriber::set_global_default(subscriber);
}

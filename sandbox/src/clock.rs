//! The sandbox's clock: real time plus an offset the control plane can set or advance, so
//! cool-offs, KYC expiry and resend cooldowns can be crossed in a test without waiting.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Real time shifted by an offset.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Clock {
    /// Nanoseconds, so a clock set to an instant never reads a moment before it.
    offset_ns: i64,
}

impl Clock {
    /// The sandbox's current time.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::nanoseconds(self.offset_ns)
    }

    /// Makes `now()` read `at` (time keeps running from there).
    pub fn set(&mut self, at: DateTime<Utc>) {
        self.offset_ns = (at - Utc::now()).num_nanoseconds().unwrap_or(i64::MAX);
    }

    /// Moves time forward (or back, for a negative duration).
    pub fn advance(&mut self, by: Duration) {
        self.offset_ns = self
            .offset_ns
            .saturating_add(by.num_nanoseconds().unwrap_or(i64::MAX));
    }

    /// How far the sandbox runs ahead of real time.
    pub fn offset(&self) -> Duration {
        Duration::nanoseconds(self.offset_ns)
    }
}

/// RFC 3339 in UTC with a `Z`, as the API writes most timestamps.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

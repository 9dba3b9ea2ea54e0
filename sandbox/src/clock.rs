//! The sandbox's clock: real time plus an offset the control plane can set or advance, so
//! cool-offs, KYC expiry and resend cooldowns can be crossed in a test without waiting.
//!
//! The clock only reads instants from [`EARLIEST`] to [`LATEST`] (1970-01-01 to 9999-12-31,
//! UTC): setting or advancing it outside that range is refused, and an offset loaded from a
//! state file that points outside it is clamped when read. Code may therefore add days,
//! months or a year to [`Clock::now`] without leaving chrono's range (±262,143 years).

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

/// The first instant the clock can read: the Unix epoch.
pub const EARLIEST: DateTime<Utc> = DateTime::UNIX_EPOCH;

/// The last instant the clock can read: the end of the last four-digit year.
pub const LATEST: DateTime<Utc> = match DateTime::from_timestamp(253_402_300_799, 0) {
    Some(t) => t,
    None => panic!("9999-12-31T23:59:59Z is within chrono's range"),
};

/// A time outside [`EARLIEST`]..=[`LATEST`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("outside the sandbox's time range, 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z")]
pub struct OutOfRange;

/// Real time shifted by an offset.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(from = "StoredClock")]
pub struct Clock {
    /// Microseconds: nanoseconds in an `i64` span only ±292 years, too few for the range.
    offset_us: i64,
}

/// A clock as state files hold it; files written before `offset_us` carry `offset_ns`.
#[derive(Deserialize)]
struct StoredClock {
    offset_us: Option<i64>,
    offset_ns: Option<i64>,
}

impl From<StoredClock> for Clock {
    fn from(stored: StoredClock) -> Self {
        let legacy = stored.offset_ns.map(|ns| ns / 1_000);
        Clock {
            offset_us: stored.offset_us.or(legacy).unwrap_or(0),
        }
    }
}

/// `at` in microseconds since the epoch, rounded up.
fn micros_ceil(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros() + i64::from(!at.timestamp_subsec_nanos().is_multiple_of(1_000))
}

fn in_range(at: DateTime<Utc>) -> bool {
    (EARLIEST..=LATEST).contains(&at)
}

impl Clock {
    /// The sandbox's current time, always within [`EARLIEST`]..=[`LATEST`].
    pub fn now(&self) -> DateTime<Utc> {
        let shifted = Utc::now().checked_add_signed(self.offset());
        let beyond = if self.offset_us < 0 { EARLIEST } else { LATEST };
        shifted.unwrap_or(beyond).clamp(EARLIEST, LATEST)
    }

    /// The offset that makes `now()` read `at` from this moment on. Rounded up to the
    /// microsecond, so a clock set to an instant never reads a moment before it.
    fn offset_to(at: DateTime<Utc>) -> i64 {
        micros_ceil(at) - Utc::now().timestamp_micros()
    }

    /// Makes `now()` read `at` (time keeps running from there), earlier or later than now.
    pub fn set(&mut self, at: DateTime<Utc>) -> Result<(), OutOfRange> {
        if !in_range(at) {
            return Err(OutOfRange);
        }
        self.offset_us = Self::offset_to(at);
        Ok(())
    }

    /// [`set`](Self::set), with a time outside the range replaced by the nearest end of it.
    pub fn set_clamped(&mut self, at: DateTime<Utc>) {
        self.offset_us = Self::offset_to(at.clamp(EARLIEST, LATEST));
    }

    /// Moves time forward (or back, for a negative duration) to a time within the range.
    /// The offset moves by exactly `by` (to the microsecond).
    pub fn advance(&mut self, by: TimeDelta) -> Result<(), OutOfRange> {
        let target = self.now().checked_add_signed(by).ok_or(OutOfRange)?;
        if !in_range(target) {
            return Err(OutOfRange);
        }
        let by_us = by.num_microseconds().ok_or(OutOfRange)?;
        self.offset_us = self.offset_us.checked_add(by_us).ok_or(OutOfRange)?;
        Ok(())
    }

    /// [`advance`](Self::advance), stopping at the end of the range instead of refusing.
    pub fn advance_clamped(&mut self, by: TimeDelta) {
        if self.advance(by).is_err() {
            self.set_clamped(if by < TimeDelta::zero() {
                EARLIEST
            } else {
                LATEST
            });
        }
    }

    /// How far the sandbox runs ahead of real time.
    pub fn offset(&self) -> TimeDelta {
        TimeDelta::microseconds(self.offset_us)
    }
}

/// `seconds` as a duration; beyond what a `TimeDelta` holds (about ±292 million years), its
/// largest value of the same sign, which any clock change then refuses or clamps.
pub fn saturating_seconds(seconds: i64) -> TimeDelta {
    TimeDelta::try_seconds(seconds).unwrap_or(if seconds < 0 {
        TimeDelta::MIN
    } else {
        TimeDelta::MAX
    })
}

/// RFC 3339 in UTC with a `Z`, as the API writes most timestamps.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn the_clock_goes_back_and_forth_within_its_range_and_never_reads_early() {
        let mut clock = Clock::default();
        let past = at("2020-02-29T12:34:56.789123456Z");
        clock.set(past).unwrap();
        let read = clock.now();
        assert!(
            read >= past && read - past < TimeDelta::seconds(1),
            "{read}"
        );
        clock.set(EARLIEST).unwrap();
        assert_eq!(rfc3339(clock.now()), "1970-01-01T00:00:00Z");
        clock.set(LATEST).unwrap();
        assert_eq!(clock.now(), LATEST, "time stops at the end of the range");
        assert_eq!(clock.set(at("1000-01-01T00:00:00Z")), Err(OutOfRange));
        assert_eq!(clock.advance(TimeDelta::seconds(1)), Err(OutOfRange));
        assert_eq!(clock.advance(TimeDelta::MIN), Err(OutOfRange));
        clock.advance(TimeDelta::days(-365)).unwrap();
        assert_eq!(clock.now().date_naive().to_string(), "9998-12-31");
        clock.advance_clamped(TimeDelta::MIN);
        assert_eq!(rfc3339(clock.now()), "1970-01-01T00:00:00Z");
        clock.set_clamped(DateTime::<Utc>::MAX_UTC);
        assert_eq!(clock.now(), LATEST);
    }

    #[test]
    fn state_files_with_a_nanosecond_offset_still_load() {
        let legacy: Clock = serde_json::from_str(r#"{"offset_ns": 3600000000000}"#).unwrap();
        assert_eq!(legacy.offset(), TimeDelta::hours(1));
        let current: Clock = serde_json::from_str(r#"{"offset_us": 1000000}"#).unwrap();
        assert_eq!(current.offset(), TimeDelta::seconds(1));
        let wild: Clock =
            serde_json::from_str(&format!(r#"{{"offset_us": {}}}"#, i64::MAX)).unwrap();
        assert_eq!(
            wild.now(),
            LATEST,
            "an offset beyond the range is clamped when read"
        );
    }
}

//! When to retry and how long to wait: capped exponential backoff with full jitter, and the
//! server's `Retry-After` when it sends one.

use std::time::{Duration, SystemTime};

use rand::Rng;

use crate::config::RetryPolicy;

/// Statuses worth another try for a safe request: the server was busy, rate-limited us, or
/// a gateway failed. 409 is never here: a conflict does not go away by asking again.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

/// The most the `retry`-th retry (1-based) may wait: `initial · 2^(retry-1)`, capped.
pub(crate) fn backoff_ceiling(policy: &RetryPolicy, retry: u32) -> Duration {
    let factor = 2u32.saturating_pow(retry.saturating_sub(1));
    policy
        .initial_backoff
        .saturating_mul(factor)
        .min(policy.max_backoff)
}

/// Full jitter: a uniform wait between zero and the ceiling, so many clients retrying at
/// once spread out instead of stampeding together.
pub(crate) fn jittered_backoff(policy: &RetryPolicy, retry: u32, rng: &mut impl Rng) -> Duration {
    let ceiling = backoff_ceiling(policy, retry);
    if ceiling.is_zero() {
        return ceiling;
    }
    let nanos = rng.random_range(0..=ceiling.as_nanos().min(u64::MAX as u128) as u64);
    Duration::from_nanos(nanos)
}

/// Reads `Retry-After` as delta-seconds or an HTTP date (a date in the past means now).
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    if let Ok(seconds) = value.parse::<f64>()
        && seconds.is_finite()
        && seconds >= 0.0
    {
        return Some(Duration::from_secs_f64(seconds.min(1e9)));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_retries: 5,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(1000),
            max_retry_after: Duration::from_secs(30),
        }
    }

    #[test]
    fn ceilings_double_then_cap() {
        let p = policy();
        let ceilings: Vec<u128> = (1..=6)
            .map(|r| backoff_ceiling(&p, r).as_millis())
            .collect();
        assert_eq!(ceilings, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(
            backoff_ceiling(&p, 200),
            Duration::from_millis(1000),
            "no overflow"
        );
    }

    #[test]
    fn jitter_stays_within_bounds_and_spreads() {
        let p = policy();
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for retry in 1..=6 {
            let ceiling = backoff_ceiling(&p, retry);
            let samples: Vec<Duration> = (0..500)
                .map(|_| jittered_backoff(&p, retry, &mut rng))
                .collect();
            assert!(samples.iter().all(|d| *d <= ceiling));
            let below_half = samples.iter().filter(|d| **d < ceiling / 2).count();
            assert!(
                (150..350).contains(&below_half),
                "not uniform: {below_half}/500 below half"
            );
        }
    }

    #[test]
    fn retry_after_in_seconds_or_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_784_000_000);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("1.5", now),
            Some(Duration::from_millis(1500))
        );
        let later = httpdate::fmt_http_date(now + Duration::from_secs(42));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(42))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(42));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
        assert!(is_retryable_status(503) && !is_retryable_status(409) && !is_retryable_status(501));
    }
}

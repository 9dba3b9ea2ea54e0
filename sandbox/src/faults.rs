//! Fault injection (control plane `/__sandbox/faults`): make matching requests fail in the
//! ways real networks and servers fail, so an SDK's retry and reconciliation logic can be
//! exercised on purpose.

use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What happens to a matching request.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer with this status and body (default `{"error":"injected_fault"}`), without
    /// running the handler.
    Status {
        status: u16,
        #[serde(default)]
        body: Option<Value>,
        #[serde(default)]
        retry_after: Option<u64>,
    },
    /// Wait this long, then handle the request normally.
    Delay { ms: u64 },
    /// Drop the connection without running the handler: nothing changed.
    ResetBefore,
    /// Run the handler (its change commits), then drop the connection before answering.
    ResetAfter,
    /// Drop the connection at once, and run the handler `ms` milliseconds later anyway: its
    /// change commits after the client has given up (a server that commits late).
    LateCommit { ms: u64 },
    /// Run the handler, then answer its status with a body that is not JSON.
    Malformed,
    /// Run the handler, then answer with the first half of its body.
    Truncated,
}

/// A fault as configured.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FaultSpec {
    /// The method to match (any when absent).
    #[serde(default)]
    pub method: Option<String>,
    /// The path to match; `*` matches any run of characters (`/api/v1/partner/*`).
    pub path: String,
    #[serde(flatten)]
    pub kind: FaultKind,
    /// Fire this many times, then retire (unlimited when absent).
    #[serde(default)]
    pub count: Option<u32>,
    /// Fire with this probability, 0–1 (always when absent).
    #[serde(default)]
    pub probability: Option<f64>,
}

/// A configured fault with its id and how often it fired.
#[derive(Clone, Debug, Serialize)]
pub struct Fault {
    pub id: u64,
    #[serde(flatten)]
    pub spec: FaultSpec,
    pub fired: u32,
}

#[derive(Default)]
struct Inner {
    next_id: u64,
    rng: u64,
    list: Vec<Fault>,
}

/// The active faults.
#[derive(Default)]
pub struct Faults(Mutex<Inner>);

/// Glob match where `*` spans any characters.
fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first)
        || !text[first.len()..].ends_with(last)
        || text.len() < first.len() + last.len()
    {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(i) => rest = &rest[i + middle.len()..],
            None => return false,
        }
    }
    true
}

impl Faults {
    /// Adds a fault; returns its id.
    pub fn add(&self, spec: FaultSpec) -> Result<u64, String> {
        if let Some(p) = spec.probability
            && !(0.0..=1.0).contains(&p)
        {
            return Err("probability must be between 0 and 1".into());
        }
        if let FaultKind::Status { status, .. } = spec.kind
            && !(100..=599).contains(&status)
        {
            return Err("status must be an HTTP status".into());
        }
        let mut inner = self.0.lock().unwrap_or_else(|p| p.into_inner());
        inner.next_id += 1;
        let id = inner.next_id;
        inner.list.push(Fault { id, spec, fired: 0 });
        Ok(id)
    }

    /// Every fault still active.
    pub fn list(&self) -> Vec<Fault> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .list
            .clone()
    }

    /// Removes every fault.
    pub fn clear(&self) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .list
            .clear();
    }

    /// The fault to apply to this request, if one fires (its count is used up).
    pub fn take(&self, method: &str, path: &str) -> Option<FaultKind> {
        let mut inner = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let index = inner.list.iter().position(|f| {
            f.spec
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
                && glob(&f.spec.path, path)
        })?;
        if let Some(p) = inner.list[index].spec.probability {
            // splitmix64 step: deterministic, no shared RNG needed.
            inner.rng = inner.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = inner.rng;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            let draw = (z ^ (z >> 31)) as f64 / u64::MAX as f64;
            if draw >= p {
                return None;
            }
        }
        let fault = &mut inner.list[index];
        fault.fired += 1;
        let kind = fault.spec.kind.clone();
        if fault.spec.count.is_some_and(|c| fault.fired >= c) {
            inner.list.remove(index);
        }
        Some(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_prefixes_suffixes_and_middles() {
        assert!(glob("/api/v1/partner/*", "/api/v1/partner/me"));
        assert!(glob(
            "*/transfer-balance",
            "/api/v1/partner/accounts/MA_X/transfer-balance"
        ));
        assert!(glob(
            "/api/*/accounts/*/transfer-balance",
            "/api/v1/partner/accounts/MA_X/transfer-balance"
        ));
        assert!(!glob("/api/v1/partner/*", "/api/v1/Account/MA_X"));
        assert!(glob("/exact", "/exact") && !glob("/exact", "/exactly"));
    }

    #[test]
    fn counted_faults_retire_and_probabilities_hold_roughly() {
        let faults = Faults::default();
        faults
            .add(FaultSpec {
                method: Some("POST".into()),
                path: "*".into(),
                kind: FaultKind::ResetAfter,
                count: Some(2),
                probability: None,
            })
            .unwrap();
        assert_eq!(faults.take("GET", "/x"), None);
        assert_eq!(faults.take("POST", "/x"), Some(FaultKind::ResetAfter));
        assert_eq!(faults.take("post", "/x"), Some(FaultKind::ResetAfter));
        assert_eq!(faults.take("POST", "/x"), None);
        faults
            .add(FaultSpec {
                method: None,
                path: "*".into(),
                kind: FaultKind::Delay { ms: 1 },
                count: None,
                probability: Some(0.25),
            })
            .unwrap();
        let fired = (0..4000)
            .filter(|_| faults.take("GET", "/y").is_some())
            .count();
        assert!((800..1200).contains(&fired), "{fired}");
        assert!(
            faults
                .add(FaultSpec {
                    method: None,
                    path: "*".into(),
                    kind: FaultKind::Malformed,
                    count: None,
                    probability: Some(2.0)
                })
                .is_err()
        );
    }
}

//! `Sandbox`: the embedded emulator (crate `vobiz-sandbox`), running in this process on the
//! addon's tokio runtime.
//!
//! Each method converts its arguments, makes one call of the Rust `vobiz_sandbox` API (the
//! `Sandbox` methods, or the `control` functions they are made of) and converts the result;
//! nothing goes through the HTTP control routes. Times cross as milliseconds since the
//! epoch (the JS layer makes `Date`s of them); session, status and call objects as JSON.
//!
//! Errors: a control request the world cannot satisfy throws an `Error` whose `code` is
//! `SANDBOX_NOT_FOUND`, `SANDBOX_CONFLICT` or `SANDBOX_INVALID_REQUEST` and whose `status`
//! is the HTTP status the control route would answer; a stopped sandbox throws
//! `SANDBOX_STOPPED`; a failed start rejects with the OS error's code (`EADDRINUSE`, …);
//! bad arguments throw the core's validation error.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, TimeDelta, Utc};
use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde_json::{Map, Value, json};
use vobiz_partner as vp;
use vobiz_sandbox as vs;
use vs::control::{self, ControlError, KycStep, SimulatedCall};
use vs::faults::{FaultKind, FaultSpec};
use vs::store::Store;

use crate::config::count;
use crate::credentials::{AccountCredentials, PartnerCredentials};
use crate::error::js_result;
use crate::guard;

/// The options of `Sandbox.start(options)`.
#[napi(object)]
#[derive(Clone, Debug, Default)]
pub struct SandboxStartOptions {
    /// The loopback port; 0 or absent picks a free one.
    pub port: Option<f64>,
    /// The seed of the world (ids and tokens derive from it).
    pub seed: Option<f64>,
    /// Load the world from this file when it exists; save it there after every change and
    /// at `stop()`.
    pub state_file: Option<String>,
}

/// What was seeded, without the tokens or the password.
#[napi(object)]
#[derive(Clone, Debug)]
pub struct SandboxSeeded {
    pub seed: f64,
    pub partner_auth_id: String,
    pub partner_email: String,
    /// The partner's balance, as an exact decimal string.
    pub partner_balance: String,
    pub max_accounts: u32,
    pub parent_auth_id: String,
    /// The parent main account's balance, as an exact decimal string.
    pub parent_balance: String,
    pub currency: String,
    pub inventory_numbers: u32,
    pub regions: Vec<String>,
}

/// A call to simulate on an owned DID; absent fields take the sandbox's defaults.
#[napi(object)]
#[derive(Clone, Debug, Default)]
pub struct SimulatedCallInit {
    pub e164: String,
    pub direction: Option<String>,
    pub answered: Option<bool>,
    pub duration_seconds: Option<f64>,
    pub peer: Option<String>,
}

/// What the API manages outside the emulator's routes on a number; absent fields stay.
#[napi(object)]
#[derive(Clone, Debug, Default)]
pub struct NumberPatchInit {
    pub application_id: Option<String>,
    pub unroute: Option<bool>,
    pub aadhaar_verification_required: Option<bool>,
    pub aadhaar_verified: Option<bool>,
    /// Epoch milliseconds.
    pub last_billing_date_ms: Option<f64>,
    /// Epoch milliseconds.
    pub next_billing_date_ms: Option<f64>,
}

/// A fault to inject: exactly one kind (`status`, `delay_ms`, `reset_before`,
/// `reset_after`, `late_commit_ms`, `malformed`, `truncated`).
#[napi(object)]
#[derive(Clone, Debug, Default)]
pub struct FaultInit {
    pub path: String,
    pub method: Option<String>,
    pub status: Option<f64>,
    /// The answer's body, as JSON text.
    pub body_json: Option<String>,
    /// Seconds, sent as `Retry-After`.
    pub retry_after: Option<f64>,
    pub delay_ms: Option<f64>,
    pub reset_before: Option<bool>,
    pub reset_after: Option<bool>,
    /// Drop the connection at once; the change commits this many milliseconds later.
    pub late_commit_ms: Option<f64>,
    pub malformed: Option<bool>,
    pub truncated: Option<bool>,
    pub count: Option<f64>,
    pub probability: Option<f64>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// An `Error` with `code` (and `status`, when given). Must run on the JS thread.
fn coded_error(env: &Env, code: &str, status: Option<u16>, message: String) -> napi::Error {
    let build = || -> Result<napi::Error> {
        let mut object =
            env.create_error(napi::Error::new(Status::GenericFailure, message.clone()))?;
        object.set_named_property("code", code)?;
        if let Some(status) = status {
            object.set_named_property("status", u32::from(status))?;
        }
        Ok(napi::Error::from(object.to_unknown()))
    };
    build().unwrap_or_else(|_| napi::Error::new(Status::GenericFailure, message))
}

fn control_error(env: &Env, error: ControlError) -> napi::Error {
    let code = format!("SANDBOX_{}", error.code.to_ascii_uppercase());
    coded_error(env, &code, Some(error.status), error.message)
}

fn io_error(env: &Env, error: std::io::Error) -> napi::Error {
    use std::io::ErrorKind;
    let code = match error.kind() {
        ErrorKind::AddrInUse => "EADDRINUSE",
        ErrorKind::AddrNotAvailable => "EADDRNOTAVAIL",
        ErrorKind::PermissionDenied => "EACCES",
        ErrorKind::NotFound => "ENOENT",
        _ => "SANDBOX_START_FAILED",
    };
    coded_error(
        env,
        code,
        None,
        format!("cannot start the sandbox: {error}"),
    )
}

/// A JS number that must be a whole number in `0..=max`.
fn whole(field: &str, n: f64, max: f64) -> vp::Result<f64> {
    if !n.is_finite() || n < 0.0 || n.fract() != 0.0 || n > max {
        return Err(vp::Error::validation(
            field,
            format!("must be a whole number from 0 to {max}"),
        ));
    }
    Ok(n)
}

/// JS numbers are exact up to 2^53 − 1.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

fn start_options(options: SandboxStartOptions) -> vp::Result<vs::SandboxOptions> {
    let defaults = vs::SandboxOptions::default();
    Ok(vs::SandboxOptions {
        port: match options.port {
            Some(p) => whole("port", p, f64::from(u16::MAX))? as u16,
            None => defaults.port,
        },
        seed: match options.seed {
            Some(s) => whole("seed", s, MAX_SAFE_INTEGER)? as u64,
            None => defaults.seed,
        },
        state_file: options.state_file.map(PathBuf::from),
    })
}

fn seconds(field: &str, value: f64) -> vp::Result<TimeDelta> {
    if !value.is_finite() {
        return Err(vp::Error::validation(
            field,
            "must be a finite number of seconds",
        ));
    }
    Ok(TimeDelta::microseconds((value * 1e6).round() as i64))
}

fn millis_of(at: DateTime<Utc>) -> f64 {
    at.timestamp_millis() as f64
}

fn fault_spec(init: FaultInit) -> vp::Result<FaultSpec> {
    let flag = |b: Option<bool>| b.unwrap_or(false);
    let chosen = [
        init.status.is_some(),
        init.delay_ms.is_some(),
        flag(init.reset_before),
        flag(init.reset_after),
        init.late_commit_ms.is_some(),
        flag(init.malformed),
        flag(init.truncated),
    ]
    .iter()
    .filter(|on| **on)
    .count();
    if chosen != 1 {
        return Err(vp::Error::validation(
            "fault",
            "give exactly one of status, delayMs, resetBefore, resetAfter, lateCommitMs, malformed or truncated",
        ));
    }
    if init.status.is_none() && (init.body_json.is_some() || init.retry_after.is_some()) {
        return Err(vp::Error::validation(
            "fault",
            "body and retryAfter go with status",
        ));
    }
    let kind = if let Some(status) = init.status {
        let body = init
            .body_json
            .map(|text| serde_json::from_str::<Value>(&text))
            .transpose()
            .map_err(|e| vp::Error::validation("body", format!("is not JSON: {e}")))?;
        FaultKind::Status {
            status: whole("status", status, f64::from(u16::MAX))? as u16,
            body,
            retry_after: init
                .retry_after
                .map(|s| whole("retry_after", s, MAX_SAFE_INTEGER).map(|s| s as u64))
                .transpose()?,
        }
    } else if let Some(ms) = init.delay_ms {
        FaultKind::Delay {
            ms: whole("delay_ms", ms.round(), MAX_SAFE_INTEGER)? as u64,
        }
    } else if let Some(ms) = init.late_commit_ms {
        FaultKind::LateCommit {
            ms: whole("late_commit_ms", ms.round(), MAX_SAFE_INTEGER)? as u64,
        }
    } else if flag(init.reset_before) {
        FaultKind::ResetBefore
    } else if flag(init.reset_after) {
        FaultKind::ResetAfter
    } else if flag(init.malformed) {
        FaultKind::Malformed
    } else {
        FaultKind::Truncated
    };
    Ok(FaultSpec {
        method: init.method,
        path: init.path,
        kind,
        count: init.count.map(|n| count("count", n)).transpose()?,
        probability: init.probability,
    })
}

/// A running sandbox: a local, stateful emulator of the Vobiz API on `127.0.0.1`.
#[napi]
pub struct Sandbox {
    url: String,
    /// The world, kept after `stop()` so the seeded credentials stay readable.
    store: Arc<Store>,
    /// `None` once stopped.
    running: Mutex<Option<vs::Sandbox>>,
}

impl Sandbox {
    fn with_running<R>(&self, env: &Env, f: impl FnOnce(&vs::Sandbox) -> R) -> Result<R> {
        match lock(&self.running).as_ref() {
            Some(sandbox) => Ok(f(sandbox)),
            None => Err(coded_error(
                env,
                "SANDBOX_STOPPED",
                None,
                "the sandbox is stopped".into(),
            )),
        }
    }

    fn seeded_now(&self) -> vs::Seeded {
        self.store.read(vs::seed::describe)
    }
}

#[napi]
impl Sandbox {
    /// Starts a sandbox on `127.0.0.1:<port>`; resolves once it listens.
    #[napi(ts_return_type = "Promise<Sandbox>")]
    pub fn start<'env>(
        env: &'env Env,
        options: Option<SandboxStartOptions>,
    ) -> Result<PromiseRaw<'env, Unknown<'env>>> {
        guard::sync(env, "Sandbox.start", || {
            let options = js_result(env, start_options(options.unwrap_or_default()))?;
            guard::spawn(
                env,
                "Sandbox.start",
                async move { Ok(vs::Sandbox::start(options).await) },
                |env, started| match started {
                    Ok(sandbox) => Ok(Sandbox {
                        url: sandbox.url().to_owned(),
                        store: Arc::clone(sandbox.store()),
                        running: Mutex::new(Some(sandbox)),
                    }),
                    Err(error) => Err(io_error(env, error)),
                },
            )
        })
    }

    /// `http://127.0.0.1:<port>`.
    #[napi(getter)]
    pub fn url(&self, env: Env) -> Result<String> {
        guard::sync(&env, "Sandbox.url", || Ok(self.url.clone()))
    }

    /// The seed of the current world.
    #[napi(getter)]
    pub fn seed(&self, env: Env) -> Result<f64> {
        guard::sync(&env, "Sandbox.seed", || {
            Ok(self.store.read(|w| w.seed) as f64)
        })
    }

    /// Whether it still serves.
    #[napi(getter)]
    pub fn running(&self, env: Env) -> Result<bool> {
        guard::sync(
            &env,
            "Sandbox.running",
            || Ok(lock(&self.running).is_some()),
        )
    }

    /// The seeded partner's credentials (`PA_…`).
    #[napi(getter)]
    pub fn partner_credentials(&self, env: Env) -> Result<PartnerCredentials> {
        guard::sync(&env, "Sandbox.partnerCredentials", || {
            let seeded = self.seeded_now();
            let inner = js_result(
                &env,
                vp::PartnerCredentials::new(&seeded.partner.auth_id, &seeded.partner.auth_token),
            )?;
            Ok(PartnerCredentials { inner })
        })
    }

    /// The seeded parent main account's own credentials (`MA_…`).
    #[napi(getter)]
    pub fn parent_credentials(&self, env: Env) -> Result<AccountCredentials> {
        guard::sync(&env, "Sandbox.parentCredentials", || {
            let seeded = self.seeded_now();
            let inner = js_result(
                &env,
                vp::AccountCredentials::new(&seeded.parent.auth_id, &seeded.parent.auth_token),
            )?;
            Ok(AccountCredentials { inner })
        })
    }

    /// The seeded partner's console email.
    #[napi(getter)]
    pub fn partner_email(&self, env: Env) -> Result<String> {
        guard::sync(&env, "Sandbox.partnerEmail", || {
            Ok(self.seeded_now().partner_email)
        })
    }

    /// The seeded partner's console password.
    #[napi(getter)]
    pub fn partner_password(&self, env: Env) -> Result<String> {
        guard::sync(&env, "Sandbox.partnerPassword", || {
            Ok(self.seeded_now().partner_password)
        })
    }

    /// What was seeded, without secrets.
    #[napi(getter)]
    pub fn seeded(&self, env: Env) -> Result<SandboxSeeded> {
        guard::sync(&env, "Sandbox.seeded", || {
            let s = self.seeded_now();
            Ok(SandboxSeeded {
                seed: s.seed as f64,
                partner_auth_id: s.partner.auth_id,
                partner_email: s.partner_email,
                partner_balance: s.partner_balance,
                max_accounts: s.max_accounts,
                parent_auth_id: s.parent.auth_id,
                parent_balance: s.parent_balance,
                currency: s.currency,
                inventory_numbers: u32::try_from(s.inventory_numbers).unwrap_or(u32::MAX),
                regions: s.regions,
            })
        })
    }

    /// The sandbox's current time, in milliseconds since the epoch.
    #[napi]
    pub fn now_ms(&self, env: Env) -> Result<f64> {
        guard::sync(&env, "Sandbox.nowMs", || {
            self.with_running(&env, |s| millis_of(s.now()))
        })
    }

    /// Moves the clock by `seconds` (negative moves it back); returns the new time in ms. A
    /// time outside 1970–9999 is refused.
    #[napi]
    pub fn advance_clock(&self, env: Env, seconds_by: f64) -> Result<f64> {
        guard::sync(&env, "Sandbox.advanceClock", || {
            let by = js_result(&env, seconds("seconds", seconds_by))?;
            let moved = self.with_running(&env, |s| control::try_advance_clock(s.store(), by))?;
            moved.map(millis_of).map_err(|e| control_error(&env, e))
        })
    }

    /// Sets the clock to `ms` since the epoch, earlier or later than now; returns the new
    /// time in ms. A time outside 1970–9999 is refused.
    #[napi]
    pub fn set_clock_ms(&self, env: Env, ms: f64) -> Result<f64> {
        guard::sync(&env, "Sandbox.setClockMs", || {
            let at = (ms.is_finite() && ms.abs() < 8.64e15)
                .then(|| DateTime::from_timestamp_millis(ms as i64))
                .flatten()
                .ok_or_else(|| vp::Error::validation("at", "must be a valid date"));
            let at = js_result(&env, at)?;
            let moved = self.with_running(&env, |s| control::try_set_clock(s.store(), at))?;
            moved.map(millis_of).map_err(|e| control_error(&env, e))
        })
    }

    /// Moves a hosted KYC session one step (`open`, `submit`, `complete`, `fail`); returns
    /// the session.
    #[napi(ts_return_type = "any")]
    pub fn kyc_session_step<'env>(
        &self,
        env: &'env Env,
        session_id: String,
        step: String,
        kyc_type: Option<String>,
        reason: Option<String>,
    ) -> Result<Unknown<'env>> {
        guard::sync(env, "Sandbox.kycSessionStep", || {
            let step = KycStep::parse(&step).map_err(|e| control_error(env, e))?;
            let session = self
                .with_running(env, |s| {
                    s.kyc_session_step(&session_id, step, kyc_type.as_deref(), reason.as_deref())
                })?
                .map_err(|e| control_error(env, e))?;
            guard::value(env, session)
        })
    }

    /// Verifies (`complete`) or fails a sub-account's KYC documents; returns its KYC status.
    #[napi(ts_return_type = "any")]
    pub fn sub_account_kyc<'env>(
        &self,
        env: &'env Env,
        sub_auth_id: String,
        complete: bool,
    ) -> Result<Unknown<'env>> {
        guard::sync(env, "Sandbox.subAccountKyc", || {
            let status = self
                .with_running(env, |s| s.sub_account_kyc(&sub_auth_id, complete))?
                .map_err(|e| control_error(env, e))?;
            guard::value(env, status)
        })
    }

    /// A call on an owned DID; returns `{call_uuid, account_id, ends_at}`.
    #[napi(ts_return_type = "any")]
    pub fn simulate_call<'env>(
        &self,
        env: &'env Env,
        init: SimulatedCallInit,
    ) -> Result<Unknown<'env>> {
        guard::sync(env, "Sandbox.simulateCall", || {
            let mut fields = Map::new();
            fields.insert("e164".into(), json!(init.e164));
            if let Some(direction) = init.direction {
                fields.insert("direction".into(), json!(direction));
            }
            if let Some(answered) = init.answered {
                fields.insert("answered".into(), json!(answered));
            }
            if let Some(duration) = init.duration_seconds {
                let duration =
                    js_result(env, whole("duration_seconds", duration, MAX_SAFE_INTEGER))?;
                fields.insert("duration_seconds".into(), json!(duration as u64));
            }
            if let Some(peer) = init.peer {
                fields.insert("peer".into(), json!(peer));
            }
            // Through serde, so the defaults are the sandbox's own.
            let call: SimulatedCall = js_result(
                env,
                serde_json::from_value(Value::Object(fields))
                    .map_err(|e| vp::Error::validation("call", e.to_string())),
            )?;
            let fired = self
                .with_running(env, |s| s.simulate_call(&call))?
                .map_err(|e| control_error(env, e))?;
            guard::value(env, fired)
        })
    }

    /// Sets a number's application routing, Aadhaar flags or billing dates; returns the
    /// number as the API renders it.
    #[napi(ts_return_type = "any")]
    pub fn set_number<'env>(
        &self,
        env: &'env Env,
        e164: String,
        init: NumberPatchInit,
    ) -> Result<Unknown<'env>> {
        guard::sync(env, "Sandbox.setNumber", || {
            let at = |field: &str, ms: Option<f64>| -> vp::Result<Option<DateTime<Utc>>> {
                ms.map(|ms| {
                    DateTime::<Utc>::from_timestamp_millis(ms as i64)
                        .filter(|_| ms.is_finite())
                        .ok_or_else(|| vp::Error::validation(field, "is not a valid date"))
                })
                .transpose()
            };
            let patch = control::NumberPatch {
                application_id: init.application_id,
                unroute: init.unroute.unwrap_or(false),
                aadhaar_verification_required: init.aadhaar_verification_required,
                aadhaar_verified: init.aadhaar_verified,
                last_billing_date: js_result(
                    env,
                    at("lastBillingDate", init.last_billing_date_ms),
                )?,
                next_billing_date: js_result(
                    env,
                    at("nextBillingDate", init.next_billing_date_ms),
                )?,
            };
            let number = self
                .with_running(env, |s| s.set_number(&e164, &patch))?
                .map_err(|e| control_error(env, e))?;
            guard::value(env, number)
        })
    }

    /// Injects a fault; returns its id.
    #[napi]
    pub fn add_fault(&self, env: Env, init: FaultInit) -> Result<f64> {
        guard::sync(&env, "Sandbox.addFault", || {
            let spec = js_result(&env, fault_spec(init))?;
            self.with_running(&env, |s| s.add_fault(spec))?
                .map(|id| id as f64)
                .map_err(|message| coded_error(&env, "SANDBOX_INVALID_REQUEST", Some(400), message))
        })
    }

    /// Removes every injected fault.
    #[napi]
    pub fn clear_faults(&self, env: Env) -> Result<()> {
        guard::sync(&env, "Sandbox.clearFaults", || {
            self.with_running(&env, |s| s.clear_faults())
        })
    }

    /// A freshly seeded world (`seed`, or the current one); clears the faults.
    #[napi]
    pub fn reset(&self, env: Env, seed: Option<f64>) -> Result<()> {
        guard::sync(&env, "Sandbox.reset", || {
            let seed = seed
                .map(|s| whole("seed", s, MAX_SAFE_INTEGER).map(|s| s as u64))
                .transpose();
            let seed = js_result(&env, seed)?;
            self.with_running(&env, |s| {
                s.reset(seed);
            })
        })
    }

    /// Stops serving, waits for requests in flight, saves the state file. Idempotent.
    #[napi(ts_return_type = "Promise<void>")]
    pub fn stop<'env>(&self, env: &'env Env) -> Result<PromiseRaw<'env, Unknown<'env>>> {
        guard::sync(env, "Sandbox.stop", || {
            let sandbox = lock(&self.running).take();
            guard::spawn(
                env,
                "Sandbox.stop",
                async move {
                    if let Some(sandbox) = sandbox {
                        sandbox.stop().await;
                    }
                    Ok(())
                },
                |_, ()| Ok(()),
            )
        })
    }
}

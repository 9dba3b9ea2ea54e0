//! The control plane as a Rust API: clock travel, KYC outcomes, simulated calls, reset and
//! the money invariant. The `/__sandbox/` routes and the [`Sandbox`](crate::Sandbox)
//! methods (which the Python and Node packages wrap) both call these functions, so the
//! behaviour exists once.

use chrono::{DateTime, TimeDelta, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::calls::MAX_CALL_SECONDS;
use crate::clock::{EARLIEST, LATEST, OutOfRange, rfc3339};
use crate::kyc::{effective_status, notify, session_object, verified_data};
use crate::seed::Seeded;
use crate::store::Store;
use crate::world::World;

/// A control request the world cannot satisfy: an HTTP status, a code and a message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ControlError {
    /// The status the control route answers with.
    pub status: u16,
    /// A short code (`not_found`, `conflict`, `invalid_request`).
    pub code: &'static str,
    /// What went wrong.
    pub message: String,
}

fn fail(status: u16, code: &'static str, message: impl Into<String>) -> ControlError {
    ControlError {
        status,
        code,
        message: message.into(),
    }
}

/// A value outside the range the sandbox supports (422).
fn out_of_range(field: &str, detail: impl std::fmt::Display) -> ControlError {
    fail(422, "validation_error", format!("{field}: {detail}"))
}

/// The sandbox's current time and how far it runs ahead of real time.
pub fn clock(store: &Store) -> (DateTime<Utc>, TimeDelta) {
    store.read(|w| (w.now(), w.clock.offset()))
}

/// Makes the sandbox clock read `at`, earlier or later than now; calls that ended in the
/// jump settle. A time outside 1970-01-01..9999-12-31 (see [`crate::clock`]) is refused
/// with 422 naming `set`.
pub fn try_set_clock(store: &Store, at: DateTime<Utc>) -> Result<DateTime<Utc>, ControlError> {
    store
        .write(|w| w.clock.set(at))
        .map_err(|e| out_of_range("set", e))?;
    Ok(clock(store).0)
}

/// Moves the sandbox clock by `by` (cool-offs, expiries, cooldowns, call ends follow). A move
/// that would leave 1970-01-01..9999-12-31 is refused with 422 naming `advance_seconds`.
pub fn try_advance_clock(store: &Store, by: TimeDelta) -> Result<DateTime<Utc>, ControlError> {
    store
        .write(|w| w.clock.advance(by))
        .map_err(|e| out_of_range("advance_seconds", e))?;
    Ok(clock(store).0)
}

/// [`try_set_clock`], with a time outside the supported range replaced by its nearest end.
pub fn set_clock(store: &Store, at: DateTime<Utc>) -> DateTime<Utc> {
    store.write(|w| w.clock.set_clamped(at));
    clock(store).0
}

/// [`try_advance_clock`], stopping at the end of the supported range instead of refusing.
pub fn advance_clock(store: &Store, by: TimeDelta) -> DateTime<Utc> {
    store.write(|w| w.clock.advance_clamped(by));
    clock(store).0
}

/// A fresh seeded world (`seed`, or the current one); clears injected faults.
pub fn reset(store: &Store, seed: Option<u64>) -> Seeded {
    let seed = seed.unwrap_or_else(|| store.read(|w| w.seed));
    let world = crate::seed::seed_world(seed);
    let seeded = crate::seed::describe(&world);
    store.replace(world);
    store.faults.clear();
    seeded
}

/// The money invariant: balances plus fees collected equal the money issued.
pub fn invariant(store: &Store) -> Value {
    store.read(|w| {
        let balances = w.total_balances();
        json!({
            "balances": crate::money::dp5(balances),
            "fees_collected": crate::money::dp5(w.fees_collected),
            "money_issued": crate::money::dp5(w.money_issued),
            "holds": balances + w.fees_collected == w.money_issued,
        })
    })
}

/// A step a customer takes in a hosted KYC session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KycStep {
    /// The widget was loaded (`opened`).
    Open,
    /// The PAN was submitted (`in_progress`; sub-account sessions send `kyc.submitted`).
    Submit,
    /// Every document verified (`kyc_completed`, `kyc.completed`).
    Complete,
    /// A document failed (`kyc_failed`, `kyc.failed`).
    Fail,
}

impl KycStep {
    /// Reads `open`, `submit`, `complete` or `fail`.
    pub fn parse(text: &str) -> Result<Self, ControlError> {
        match text {
            "open" => Ok(KycStep::Open),
            "submit" => Ok(KycStep::Submit),
            "complete" => Ok(KycStep::Complete),
            "fail" => Ok(KycStep::Fail),
            other => Err(fail(
                404,
                "not_found",
                format!("unknown step {other:?}: use open, submit, complete or fail"),
            )),
        }
    }
}

/// Marks every document the sub-account's business type needs as `status`.
fn settle_documents(world: &mut World, sub: &str, status: &str) {
    let now = world.now();
    if let Some(account) = world.accounts.get_mut(sub) {
        let kyc = account
            .sub_kyc
            .get_or_insert_with(|| crate::kyc::new_sub_kyc("customer_use", None));
        let needed: &[&str] = match kyc.business_type.as_deref() {
            None | Some("individual" | "proprietorship" | "huf") => &["pan", "aadhaar"],
            Some(_) => &["pan", "gst"],
        };
        for doc in needed {
            kyc.verifications
                .insert((*doc).to_owned(), status.to_owned());
        }
        if status == "verified" {
            account.kyc_status = "completed".into();
        }
        account.updated_at = now;
    }
}

/// Moves a hosted KYC session one step, as its customer would in the widget; returns the
/// session object. `kyc_type` is `individual` (default) or `company`; `reason` explains a
/// failure. Sends the step's webhook.
pub fn kyc_session_step(
    store: &Store,
    session_id: &str,
    step: KycStep,
    kyc_type: Option<&str>,
    reason: Option<&str>,
) -> Result<Value, ControlError> {
    let (reply, deliveries) = store.write(|w| {
        let now = w.now();
        let session = w
            .kyc_sessions
            .get(session_id)
            .cloned()
            .ok_or_else(|| fail(404, "not_found", format!("KYC session {session_id} not found")))?;
        let status = effective_status(&session, now);
        if session.is_terminal() || status == "expired" {
            return Err(fail(409, "conflict", format!("session is already '{status}'")));
        }
        let kyc_type = kyc_type
            .map(str::to_owned)
            .or(session.kyc_type.clone())
            .unwrap_or_else(|| "individual".into());
        if kyc_type != "individual" && kyc_type != "company" {
            return Err(fail(400, "invalid_request", "kyc_type must be individual or company"));
        }
        let account = session.account_auth_id.clone();
        let account_name = w.accounts.get(&account).map(|a| a.name.clone()).unwrap_or_default();
        let is_sub = w.accounts.get(&account).is_some_and(|a| a.parent().is_some());
        let (new_status, event) = match step {
            KycStep::Open => ("opened", None),
            KycStep::Submit => ("in_progress", is_sub.then_some("kyc.submitted")),
            KycStep::Complete => ("kyc_completed", Some("kyc.completed")),
            KycStep::Fail => ("kyc_failed", Some("kyc.failed")),
        };
        {
            let s = w.kyc_sessions.get_mut(session_id).expect("found above");
            s.status = new_status.into();
            s.updated_at = now;
            if step != KycStep::Open {
                s.kyc_type = Some(kyc_type.clone());
            }
            s.first_opened_at.get_or_insert(now);
            match step {
                KycStep::Complete => {
                    s.completed_at = Some(now);
                    s.verified_data = verified_data(&kyc_type, &account_name);
                }
                KycStep::Fail => {
                    s.revoke_reason = reason.map(str::to_owned);
                    s.verified_data = json!({"completed_steps": [], "failure_reason": reason.unwrap_or("name mismatch")});
                }
                KycStep::Open | KycStep::Submit => {}
            }
        }
        if step == KycStep::Complete {
            if is_sub {
                if let Some(k) = w.accounts.get_mut(&account).and_then(|a| a.sub_kyc.as_mut()) {
                    k.business_type.get_or_insert_with(|| {
                        if kyc_type == "company" { "private_limited".into() } else { "individual".into() }
                    });
                }
                settle_documents(w, &account, "verified");
            } else if let Some(a) = w.accounts.get_mut(&account) {
                a.kyc_status = "completed".into();
                a.updated_at = now;
            }
        }
        let deliveries: Vec<String> = event.and_then(|e| notify(w, session_id, e)).into_iter().collect();
        Ok((session_object(&w.kyc_sessions[session_id], now), deliveries))
    })?;
    store.queue_webhooks(deliveries);
    Ok(reply)
}

/// Verifies (`complete`) or fails the documents a sub-account's business type needs, and
/// tells its latest open hosted session, if any (with its webhook). Returns the KYC status.
pub fn sub_account_kyc(store: &Store, sub: &str, complete: bool) -> Result<Value, ControlError> {
    let (reply, deliveries) = store.write(|w| {
        if w.accounts.get(sub).is_none_or(|a| a.parent().is_none()) {
            return Err(fail(
                404,
                "not_found",
                format!("sub-account {sub} not found"),
            ));
        }
        let (status, event) = if complete {
            ("verified", "kyc.completed")
        } else {
            ("failed", "kyc.failed")
        };
        settle_documents(w, sub, status);
        let now = w.now();
        let latest = w
            .kyc_sessions
            .values()
            .filter(|s| s.account_auth_id == sub && !s.is_terminal())
            .max_by_key(|s| s.created_at)
            .map(|s| s.id.clone());
        let mut deliveries = Vec::new();
        if let Some(id) = latest {
            if let Some(s) = w.kyc_sessions.get_mut(&id) {
                s.status = if complete {
                    "kyc_completed"
                } else {
                    "kyc_failed"
                }
                .into();
                s.completed_at = complete.then_some(now);
                s.updated_at = now;
            }
            deliveries.extend(notify(w, &id, event));
        }
        let account = &w.accounts[sub];
        let kyc = account.sub_kyc.clone().unwrap_or_default();
        Ok((
            json!({
                "sub_account_id": sub,
                "overall_status": crate::kyc::overall_status(&kyc),
                "kyc_calls_blocked": crate::kyc::calls_blocked(account),
                "verifications": kyc.verifications,
            }),
            deliveries,
        ))
    })?;
    store.queue_webhooks(deliveries);
    Ok(reply)
}

/// Attributes of a number that the API sets outside this emulator's routes (the Console's
/// application routing, the Aadhaar flags, the billing dates): set here to build a world
/// with known answers. Absent fields stay as they are.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberPatch {
    /// Routes the number to this application.
    pub application_id: Option<String>,
    /// Removes the application routing.
    #[serde(default)]
    pub unroute: bool,
    /// Whether Aadhaar verification is required.
    pub aadhaar_verification_required: Option<bool>,
    /// Whether Aadhaar is verified.
    pub aadhaar_verified: Option<bool>,
    /// When the number was last charged.
    pub last_billing_date: Option<DateTime<Utc>>,
    /// When it renews.
    pub next_billing_date: Option<DateTime<Utc>>,
}

/// Applies `patch` to number `e164`; returns the number as the API renders it.
pub fn set_number(store: &Store, e164: &str, patch: &NumberPatch) -> Result<Value, ControlError> {
    if patch.unroute && patch.application_id.is_some() {
        return Err(fail(
            400,
            "invalid_request",
            "give application_id or unroute, not both",
        ));
    }
    for (field, at) in [
        ("last_billing_date", patch.last_billing_date),
        ("next_billing_date", patch.next_billing_date),
    ] {
        if at.is_some_and(|at| !(EARLIEST..=LATEST).contains(&at)) {
            return Err(out_of_range(field, OutOfRange));
        }
    }
    store.write(|w| {
        let now = w.now();
        let number = w
            .numbers
            .get_mut(e164)
            .ok_or_else(|| fail(404, "not_found", format!("number {e164} not found")))?;
        if let Some(app) = &patch.application_id {
            number.application_id = Some(app.clone());
        }
        if patch.unroute {
            number.application_id = None;
        }
        if let Some(required) = patch.aadhaar_verification_required {
            number.aadhaar_verification_required = required;
        }
        if let Some(verified) = patch.aadhaar_verified {
            number.aadhaar_verified = verified;
        }
        if let Some(at) = patch.last_billing_date {
            number.last_billing_date = Some(at);
        }
        if let Some(at) = patch.next_billing_date {
            number.next_billing_date = Some(at);
        }
        number.updated_at = now;
        Ok(crate::routes::render::number_item(number))
    })
}

/// A call to simulate on an owned DID.
#[derive(Clone, Debug, Deserialize)]
pub struct SimulatedCall {
    /// The owned DID the call uses.
    pub e164: String,
    /// `inbound` (to the DID, the default) or `outbound` (from it).
    #[serde(default = "inbound")]
    pub direction: String,
    /// Whether it was answered (default yes).
    #[serde(default = "answered")]
    pub answered: bool,
    /// Talk time in seconds (default 60, at most a day).
    #[serde(default = "sixty")]
    pub duration_seconds: u64,
    /// The other party (default a fixed test number).
    #[serde(default)]
    pub peer: Option<String>,
}

fn inbound() -> String {
    "inbound".into()
}
fn answered() -> bool {
    true
}
fn sixty() -> u64 {
    60
}

/// Starts a simulated call on an owned DID; its CDR, charge and the DID's last call time
/// appear once the clock passes its end. Returns `{call_uuid, account_id, ends_at}`.
pub fn simulate_call(store: &Store, call: &SimulatedCall) -> Result<Value, ControlError> {
    if call.direction != "inbound" && call.direction != "outbound" {
        return Err(fail(
            400,
            "invalid_request",
            "direction must be inbound or outbound",
        ));
    }
    if call.duration_seconds > MAX_CALL_SECONDS {
        return Err(out_of_range(
            "duration_seconds",
            format!("at most {MAX_CALL_SECONDS} seconds"),
        ));
    }
    store.write(|w| {
        let number = w
            .numbers
            .get(&call.e164)
            .cloned()
            .ok_or_else(|| fail(404, "not_found", format!("number {} not found", call.e164)))?;
        let owner = number.owner.clone().ok_or_else(|| {
            fail(
                409,
                "conflict",
                "the number is in inventory; only owned numbers take calls",
            )
        })?;
        let peer = call.peer.clone().unwrap_or_else(|| "+919999900000".into());
        let (from, to) = if call.direction == "inbound" {
            (peer, number.e164.clone())
        } else {
            (number.e164.clone(), peer)
        };
        let uuid = crate::calls::begin(
            w,
            &owner,
            &call.direction,
            &from,
            &to,
            Some(number.e164.clone()),
            call.answered,
            call.duration_seconds,
        );
        let ends_at = w
            .active_calls
            .iter()
            .find(|c| c.uuid == uuid)
            .map(|c| rfc3339(c.ends_at));
        Ok(json!({"call_uuid": uuid, "account_id": owner, "ends_at": ends_at}))
    })
}

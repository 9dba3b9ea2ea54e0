//! Taking DIDs back from sub-accounts and releasing them, knowing the 15-day cool-off.
//!
//! A DID that had a call in the last 15 days cannot be moved back from its sub-account to
//! the parent's pool: the API answers 409 `did_cool_off_in_effect` with the end of the
//! cool-off ([`Error::CoolOff`]). Here that answer is an outcome, not a failure:
//! - [`Account::unassign_or_cool_off`]: unassigned, or cooling off until when;
//! - [`Account::unassign_when_free`]: the same, waiting for the cool-off to end when it ends
//!   within `max_wait`;
//! - [`Account::release_plan`]: for many DIDs, what releasing each would take (an unassign
//!   first for a sub-account's DID) and whether it can happen now or when, changing nothing;
//! - [`Account::execute_release_plan`]: does what can be done now and reports per DID.
//!
//! The plan reads the account's numbers and, for a sub-account's DID, when its last call
//! was: the number's `last_call_at` when the API reports it (exact), otherwise the number's
//! hourly health (documented; its calls bucketed by the hour they started), which gives an
//! upper bound — a cool-off end never earlier than the server's, at most about an hour plus
//! the call's length later. A call still in progress shows in neither, so the plan can call
//! a DID ready that the server then refuses: execution asks the server and reports that DID
//! as cooling off, with the server's own end time.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use futures::stream::{self, StreamExt};
use serde::Serialize;

use crate::clients::Account;
use crate::error::{Error, Result};
use crate::models::{
    HealthGranularity, HealthQuery, NumberHealth, OwnedNumberFilters, PhoneNumber, ReleaseResult,
};
use crate::pagination::PageOptions;
use crate::path::E164;
use crate::timestamp::Timestamp;
use crate::view::IntoView;

/// The unassign cool-off after a DID's last call.
pub const COOL_OFF: chrono::Duration = chrono::Duration::days(15);

/// How long [`Account::unassign_when_free`] sleeps at most before looking at the wall clock
/// again (so a machine that was suspended does not oversleep).
const SLEEP_SLICE: Duration = Duration::from_secs(60);

/// Waited past the cool-off end before trying again (the server's clock may lag a little).
const END_MARGIN: Duration = Duration::from_secs(1);

/// DIDs looked at (health reads, unassigns, releases) at once.
const CONCURRENCY: usize = 4;

/// Whether an unassign happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, IntoView, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnassignStatus {
    /// The DID is back in the parent's pool.
    Unassigned,
    /// Refused: the DID had a call in the last 15 days; see `cool_off_until`.
    CoolingOff,
}

/// What [`Account::unassign_or_cool_off`] and [`Account::unassign_when_free`] did.
#[derive(Clone, Debug, PartialEq, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct UnassignOutcome {
    /// The DID, E.164.
    pub e164: String,
    /// Unassigned, or cooling off.
    pub status: UnassignStatus,
    /// When the cool-off ends (cooling off only), as the server said.
    pub cool_off_until: Option<Timestamp>,
    /// Seconds of cool-off left (cooling off only), as the server counted them.
    pub remaining_seconds: Option<u64>,
    /// Unassign requests sent.
    pub attempts: u32,
    /// Seconds spent waiting for the cool-off to end.
    pub waited_seconds: u64,
}

impl UnassignOutcome {
    /// Whether the DID is back in the parent's pool.
    pub fn is_unassigned(&self) -> bool {
        self.status == UnassignStatus::Unassigned
    }

    /// The cool-off left, when cooling off.
    pub fn remaining(&self) -> Option<Duration> {
        self.remaining_seconds.map(Duration::from_secs)
    }
}

/// One step of releasing a DID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, IntoView, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseStep {
    /// Move it back from its sub-account to the parent's pool (subject to the cool-off).
    Unassign,
    /// Release it (`DELETE /Account/{id}/numbers/{e164}`; a release fee is charged).
    Release,
}

/// Where a DID of a [`ReleasePlan`] stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, IntoView, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseState {
    /// Its steps can all be done now.
    Ready,
    /// It is a sub-account's and had a call in the last 15 days: ready at `cool_off_until`.
    CoolingOff,
    /// Its release has already started (`pending_release`) or is done.
    AlreadyReleasing,
    /// Not among this account's (or its sub-accounts') numbers.
    NotOwned,
    /// Owned, but in a state that cannot be released (`blocked`, `pending_purchase`…).
    Unavailable,
    /// Its last call could not be read; executing asks the server.
    Unknown,
}

/// One DID of a [`ReleasePlan`].
#[derive(Clone, Debug, PartialEq, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ReleasePlanItem {
    /// The DID, E.164.
    pub e164: String,
    /// Its owner (`MA_…` this account, or one of its `SA_…`), when owned.
    pub owner: Option<String>,
    /// The number's status (`active`, `pending_release`, …), when owned.
    pub number_status: Option<String>,
    /// Where it stands.
    pub state: ReleaseState,
    /// What releasing it takes, in order (empty when nothing can be done).
    pub steps: Vec<ReleaseStep>,
    /// When its last call ended, when known: exact from the number's `last_call_at`, or an
    /// upper bound from its hourly health (`estimated`).
    pub last_call_at: Option<Timestamp>,
    /// When its cool-off ends (a sub-account's DID with a call in the last 15 days).
    pub cool_off_until: Option<Timestamp>,
    /// Seconds until then, counted from the plan's `as_of`.
    pub remaining_seconds: Option<u64>,
    /// Whether `last_call_at` and `cool_off_until` are upper bounds read from the hourly
    /// health rather than exact times.
    pub estimated: bool,
    /// Why, in a sentence.
    pub note: String,
}

/// What releasing a set of DIDs takes, DID by DID, as of a moment; nothing was changed to
/// make it.
#[derive(Clone, Debug, PartialEq, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ReleasePlan {
    /// The account the plan is for.
    pub account_id: String,
    /// The moment the plan was made: this machine's clock, or the server's when the health
    /// data shows it ahead (a sandbox whose clock travelled).
    pub as_of: Timestamp,
    /// One item per DID asked about, in the order asked (duplicates dropped).
    pub items: Vec<ReleasePlanItem>,
    /// Items ready now.
    pub ready: u64,
    /// Items cooling off.
    pub cooling_off: u64,
    /// Items that will not be acted on (already releasing, not owned, unavailable).
    pub skipped: u64,
    /// Items whose last call could not be read.
    pub unknown: u64,
    /// The earliest cool-off end among the items cooling off.
    pub next_ready_at: Option<Timestamp>,
}

/// What executing a plan did to one DID.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, IntoView, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseItemStatus {
    /// Released (after being unassigned, for a sub-account's DID).
    Released,
    /// Moved back to the parent's pool (`unassign_only`).
    Unassigned,
    /// Still in its cool-off; nothing changed.
    CoolingOff,
    /// Nothing to do (already releasing, not owned, unavailable, or `unassign_only` on a DID
    /// already in the pool).
    Skipped,
    /// A step failed; see `error`. A DID unassigned before its release failed says so in
    /// `unassigned`.
    Failed,
}

/// The result of executing a plan for one DID.
#[derive(Clone, Debug, PartialEq, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ReleaseItemResult {
    /// The DID, E.164.
    pub e164: String,
    /// What happened.
    pub status: ReleaseItemStatus,
    /// Whether it was moved back from its sub-account.
    pub unassigned: bool,
    /// Whether its release started (or, `immediate`, happened).
    pub released: bool,
    /// The release answer (fee, cancel window), when released.
    pub release: Option<ReleaseResult>,
    /// When its cool-off ends, as the server said (cooling off only).
    pub cool_off_until: Option<Timestamp>,
    /// Seconds of cool-off left, as the server counted them (cooling off only).
    pub remaining_seconds: Option<u64>,
    /// The error kind of a failed step (`NOT_FOUND`, …).
    pub error_kind: Option<String>,
    /// The error of a failed step (redacted).
    pub error: Option<String>,
    /// Why, in a sentence.
    pub note: String,
}

/// What [`Account::execute_release_plan`] did.
#[derive(Clone, Debug, PartialEq, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ReleaseExecution {
    /// The account.
    pub account_id: String,
    /// The plan that was executed.
    pub plan: ReleasePlan,
    /// One result per plan item, in the same order.
    pub items: Vec<ReleaseItemResult>,
    /// DIDs released.
    pub released: u64,
    /// DIDs moved back to the pool and left there (`unassign_only`).
    pub unassigned: u64,
    /// DIDs still cooling off.
    pub cooling_off: u64,
    /// DIDs with nothing to do.
    pub skipped: u64,
    /// DIDs where a step failed.
    pub failed: u64,
}

/// Options of [`Account::execute_release_plan`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReleaseOptions {
    /// Only move sub-accounts' DIDs back to the pool; release nothing.
    pub unassign_only: bool,
    /// Release at once (not cancellable) instead of the standard 24 h cancellable release.
    pub immediate: bool,
}

/// The cool-off end and what is left of it, from a [`Error::CoolOff`].
fn cool_off_of(error: &Error) -> Option<(Option<Timestamp>, Option<u64>)> {
    match error {
        Error::CoolOff {
            cool_off_until,
            remaining,
            ..
        } => {
            let left = remaining.map(|d| d.as_secs()).or_else(|| {
                let until = cool_off_until.as_ref()?.to_utc()?;
                Some(u64::try_from((until - Utc::now()).num_seconds()).unwrap_or(0))
            });
            Some((cool_off_until.clone(), left))
        }
        _ => None,
    }
}

/// Sleeps `total` in slices, by the wall clock.
async fn sleep_wall(total: Duration) {
    let Ok(span) = chrono::Duration::from_std(total) else {
        tokio::time::sleep(total).await;
        return;
    };
    let deadline = Utc::now() + span;
    loop {
        let Ok(left) = (deadline - Utc::now()).to_std() else {
            return;
        };
        if left.is_zero() {
            return;
        }
        tokio::time::sleep(left.min(SLEEP_SLICE)).await;
    }
}

fn seconds_between(from: DateTime<Utc>, to: DateTime<Utc>) -> u64 {
    u64::try_from((to - from).num_seconds()).unwrap_or(0)
}

/// What a number's hourly health says about its last call.
struct CallEvidence {
    /// An upper bound on when its last call ended.
    last_end: Option<DateTime<Utc>>,
    /// The server's current hour (the window's last snapshot).
    server_hour: Option<DateTime<Utc>>,
}

fn evidence(health: &NumberHealth) -> CallEvidence {
    let mut last_end = None;
    let mut server_hour = None;
    for snapshot in &health.snapshots {
        let Some(start) = snapshot.ts.as_ref().and_then(Timestamp::to_utc) else {
            continue;
        };
        server_hour = server_hour.max(Some(start));
        if snapshot.total_calls.unwrap_or(0) == 0 {
            continue;
        }
        // A call that started in this hour ended by the hour's end plus its length, which
        // is at most the hour's total duration.
        // The server's figure is bounded (a day of calls is far below 1e9 s) so a hostile
        // value cannot overflow the date arithmetic.
        let duration = snapshot
            .total_duration
            .unwrap_or(0.0)
            .clamp(0.0, 1e9)
            .ceil();
        let end = chrono::Duration::try_seconds(duration as i64)
            .and_then(|length| {
                start
                    .checked_add_signed(chrono::Duration::hours(1))?
                    .checked_add_signed(length)
            })
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        last_end = last_end.max(Some(end));
    }
    CallEvidence {
        last_end,
        server_hour,
    }
}

/// The DIDs asked about, normalised, duplicates dropped.
fn normalised(dids: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::with_capacity(dids.len());
    for (i, did) in dids.iter().enumerate() {
        let number = E164::parse_field(did, &format!("dids[{i}]"))?;
        if !out.iter().any(|d| d == number.as_str()) {
            out.push(number.as_str().to_owned());
        }
    }
    Ok(out)
}

/// An item before its cool-off is known.
fn item(e164: &str, number: Option<&PhoneNumber>) -> ReleasePlanItem {
    ReleasePlanItem {
        e164: e164.to_owned(),
        owner: number.and_then(|n| n.owner().map(str::to_owned)),
        number_status: number.and_then(|n| n.status.clone()),
        state: ReleaseState::NotOwned,
        steps: Vec::new(),
        last_call_at: None,
        cool_off_until: None,
        remaining_seconds: None,
        estimated: false,
        note: String::new(),
    }
}

impl Account {
    /// Moves `e164` back from its sub-account to this main account's pool, or reports the
    /// cool-off that prevents it: [`UnassignStatus::CoolingOff`] with `cool_off_until` and
    /// the seconds left, as the server said (the 409 `did_cool_off_in_effect`, which is not
    /// an error here). Nothing changes while cooling off.
    ///
    /// Needs a main account's own credentials. Errors: those of
    /// [`Account::unassign_from_sub_account`] other than [`Error::CoolOff`]
    /// ([`Error::Validation`], [`Error::NotFound`], …).
    pub async fn unassign_or_cool_off(&self, e164: &str) -> Result<UnassignOutcome> {
        let number = E164::parse_field(e164, "e164")?;
        let status = match self.unassign_from_sub_account(number.as_str()).await {
            Ok(()) => (UnassignStatus::Unassigned, None, None),
            Err(error) => match cool_off_of(&error) {
                Some((until, left)) => (UnassignStatus::CoolingOff, until, left),
                None => return Err(error),
            },
        };
        Ok(UnassignOutcome {
            e164: number.as_str().to_owned(),
            status: status.0,
            cool_off_until: status.1,
            remaining_seconds: status.2,
            attempts: 1,
            waited_seconds: 0,
        })
    }

    /// [`Account::unassign_or_cool_off`], waiting for the cool-off to end when it ends
    /// within `max_wait`: it sleeps (in slices of at most a minute, by the wall clock) until
    /// the server's `cool_off_until`, then tries again. A cool-off longer than what is left
    /// of `max_wait` is returned at once as [`UnassignStatus::CoolingOff`], without waiting
    /// for part of it; `max_wait` zero never waits.
    ///
    /// Needs a main account's own credentials. Errors: as
    /// [`Account::unassign_or_cool_off`].
    pub async fn unassign_when_free(
        &self,
        e164: &str,
        max_wait: Duration,
    ) -> Result<UnassignOutcome> {
        let started = Instant::now();
        let mut attempts = 0;
        loop {
            let mut outcome = self.unassign_or_cool_off(e164).await?;
            attempts += 1;
            outcome.attempts = attempts;
            outcome.waited_seconds = started.elapsed().as_secs();
            if outcome.is_unassigned() {
                return Ok(outcome);
            }
            let wait = outcome.remaining().unwrap_or(SLEEP_SLICE) + END_MARGIN;
            if started.elapsed() + wait > max_wait {
                return Ok(outcome);
            }
            tracing::info!(e164 = %outcome.e164, wait_secs = wait.as_secs(), "waiting for the DID's cool-off to end");
            sleep_wall(wait).await;
        }
    }

    /// What releasing each of `dids` takes and whether it can happen now, **changing
    /// nothing**: a DID in this account's pool can be released now; a sub-account's DID
    /// must be unassigned first, which its cool-off may delay (`cool_off_until`); a DID
    /// already releasing, not owned, or blocked is skipped. DIDs may be written `+91…`,
    /// `%2B91…` or `91…`.
    ///
    /// Reads the account's numbers (its sub-accounts' included) and, for each
    /// sub-account's DID the API gives no `last_call_at` for, its hourly health over the
    /// last 16 days (see the [module docs](self) for what that estimate guarantees).
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`] (`dids[i]`), and
    /// the errors of reading the numbers ([`Error::Authentication`], …). A DID whose health
    /// cannot be read is [`ReleaseState::Unknown`], not an error.
    pub async fn release_plan(&self, dids: &[String]) -> Result<ReleasePlan> {
        let dids = normalised(dids)?;
        let me = self.auth_id().as_str().to_owned();
        let numbers = if dids.is_empty() {
            Vec::new()
        } else {
            self.list_numbers(
                OwnedNumberFilters::default(),
                PageOptions {
                    page_size: 100,
                    ..PageOptions::default()
                },
            )?
            .collect()
            .await?
        };
        // The futures are collected first: a stream mapping borrowed items through a
        // closure is not provably `Send` for every lifetime, which spawned tasks need.
        let lookups: Vec<_> = dids
            .iter()
            .map(|did| {
                let number = numbers.iter().find(|n| n.e164.as_deref() == Some(did));
                self.plan_item(did, number, &me)
            })
            .collect();
        let plans = stream::iter(lookups)
            .buffered(CONCURRENCY)
            .collect::<Vec<_>>()
            .await;

        let server_now = plans.iter().filter_map(|(_, hour)| *hour).max();
        let as_of = Utc::now().max(server_now.unwrap_or(DateTime::<Utc>::MIN_UTC));
        let mut plan = ReleasePlan {
            account_id: me,
            as_of: Timestamp::from_utc(as_of),
            items: Vec::with_capacity(plans.len()),
            ready: 0,
            cooling_off: 0,
            skipped: 0,
            unknown: 0,
            next_ready_at: None,
        };
        let mut next: Option<DateTime<Utc>> = None;
        for (mut item, _) in plans {
            if item.state == ReleaseState::CoolingOff {
                let until = item.cool_off_until.as_ref().and_then(Timestamp::to_utc);
                match until {
                    Some(until) if until > as_of => {
                        item.remaining_seconds = Some(seconds_between(as_of, until));
                        next = Some(next.map_or(until, |n| n.min(until)));
                    }
                    _ => {
                        item.state = ReleaseState::Ready;
                        item.note = format!(
                            "its last call was more than 15 days ago; it can be unassigned now{}",
                            if item.steps.contains(&ReleaseStep::Release) {
                                " and released"
                            } else {
                                ""
                            }
                        );
                    }
                }
            }
            match item.state {
                ReleaseState::Ready => plan.ready += 1,
                ReleaseState::CoolingOff => plan.cooling_off += 1,
                ReleaseState::Unknown => plan.unknown += 1,
                _ => plan.skipped += 1,
            }
            plan.items.push(item);
        }
        plan.next_ready_at = next.map(Timestamp::from_utc);
        Ok(plan)
    }

    /// One DID's plan item (a sub-account's DID provisionally `CoolingOff` with its
    /// cool-off end, settled against the plan's moment by the caller), and the server's
    /// hour when its health was read.
    async fn plan_item(
        &self,
        e164: &str,
        number: Option<&PhoneNumber>,
        me: &str,
    ) -> (ReleasePlanItem, Option<DateTime<Utc>>) {
        let mut out = item(e164, number);
        let Some(number) = number else {
            out.note = "not among this account's or its sub-accounts' numbers".into();
            return (out, None);
        };
        match number.status.as_deref() {
            Some("active") | None => {}
            Some(status @ ("pending_release" | "released")) => {
                out.state = ReleaseState::AlreadyReleasing;
                out.note = format!("its release has already started ({status})");
                return (out, None);
            }
            Some(status) => {
                out.state = ReleaseState::Unavailable;
                out.note = format!("its status is {status}; only an active number is released");
                return (out, None);
            }
        }
        if number.owner().is_none_or(|owner| owner == me) {
            out.state = ReleaseState::Ready;
            out.steps = vec![ReleaseStep::Release];
            out.note = "in this account's pool: it can be released now".into();
            return (out, None);
        }
        out.steps = vec![ReleaseStep::Unassign, ReleaseStep::Release];
        let owner = out.owner.clone().unwrap_or_default();
        if let Some(last) = number.last_call_at.as_ref().and_then(Timestamp::to_utc) {
            out.last_call_at = Some(Timestamp::from_utc(last));
            out.cool_off_until = Some(Timestamp::from_utc(last + COOL_OFF));
            out.state = ReleaseState::CoolingOff;
            out.note =
                format!("assigned to {owner}; it can be unassigned 15 days after its last call");
            return (out, None);
        }
        let query = HealthQuery {
            granularity: Some(HealthGranularity::Hour),
            days: Some(16),
        };
        match self.number_health(e164, query).await {
            Ok(health) => {
                let seen = evidence(&health);
                match seen.last_end {
                    Some(end) => {
                        out.last_call_at = Some(Timestamp::from_utc(end));
                        out.cool_off_until = Some(Timestamp::from_utc(end + COOL_OFF));
                        out.estimated = true;
                        out.state = ReleaseState::CoolingOff;
                        out.note = format!(
                            "assigned to {owner}, with a call in the last 15 days: it can be unassigned once its cool-off ends"
                        );
                    }
                    None => {
                        out.state = ReleaseState::Ready;
                        out.note = format!(
                            "assigned to {owner}, with no call in the last 15 days: it can be unassigned and released now"
                        );
                    }
                }
                (out, seen.server_hour)
            }
            Err(error) => {
                out.state = ReleaseState::Unknown;
                out.note = format!(
                    "assigned to {owner}; its last call could not be read ({error}); executing will ask the server"
                );
                (out, None)
            }
        }
    }

    /// Makes a [`ReleasePlan`] for `dids` and does what can be done now: each DID that is
    /// ready (or whose cool-off the plan could not rule out: the server decides) is
    /// unassigned from its sub-account if it has one, then released (standard release,
    /// cancellable for 24 h, unless `options.immediate`; nothing is released with
    /// `options.unassign_only`). A DID still cooling off is left as it is and reported with
    /// the server's cool-off end. One DID failing does not stop the others; running it
    /// again skips what is already released.
    ///
    /// Needs the account's own credentials (a main account's, to unassign). Errors: those
    /// of [`Account::release_plan`]; each DID's own failure is in its result.
    pub async fn execute_release_plan(
        &self,
        dids: &[String],
        options: ReleaseOptions,
    ) -> Result<ReleaseExecution> {
        let plan = self.release_plan(dids).await?;
        let steps: Vec<_> = plan
            .items
            .iter()
            .map(|item| self.execute_item(item, options))
            .collect();
        let items = stream::iter(steps)
            .buffered(CONCURRENCY)
            .collect::<Vec<_>>()
            .await;
        let count =
            |status: ReleaseItemStatus| items.iter().filter(|i| i.status == status).count() as u64;
        Ok(ReleaseExecution {
            account_id: plan.account_id.clone(),
            released: count(ReleaseItemStatus::Released),
            unassigned: count(ReleaseItemStatus::Unassigned),
            cooling_off: count(ReleaseItemStatus::CoolingOff),
            skipped: count(ReleaseItemStatus::Skipped),
            failed: count(ReleaseItemStatus::Failed),
            plan,
            items,
        })
    }

    async fn execute_item(
        &self,
        item: &ReleasePlanItem,
        options: ReleaseOptions,
    ) -> ReleaseItemResult {
        let mut out = ReleaseItemResult {
            e164: item.e164.clone(),
            status: ReleaseItemStatus::Skipped,
            unassigned: false,
            released: false,
            release: None,
            cool_off_until: None,
            remaining_seconds: None,
            error_kind: None,
            error: None,
            note: item.note.clone(),
        };
        let fail = |mut out: ReleaseItemResult, step: &str, error: Error| {
            out.status = ReleaseItemStatus::Failed;
            out.error_kind = Some(error.kind().code().to_owned());
            out.note = format!("the {step} failed");
            out.error = Some(error.to_string());
            out
        };
        if item.steps.is_empty() {
            return out;
        }
        if item.steps.contains(&ReleaseStep::Unassign) {
            match self.unassign_or_cool_off(&item.e164).await {
                Ok(done) if done.is_unassigned() => out.unassigned = true,
                Ok(cooling) => {
                    out.status = ReleaseItemStatus::CoolingOff;
                    out.cool_off_until = cooling.cool_off_until;
                    out.remaining_seconds = cooling.remaining_seconds;
                    out.note = "still in its cool-off: left with its sub-account".into();
                    return out;
                }
                Err(error) => return fail(out, "unassign", error),
            }
        }
        if options.unassign_only {
            if out.unassigned {
                out.status = ReleaseItemStatus::Unassigned;
                out.note = "moved back to the pool (unassign_only: not released)".into();
            } else {
                out.note = "already in the pool; unassign_only releases nothing".into();
            }
            return out;
        }
        match self.release_number(&item.e164, options.immediate).await {
            Ok(answer) => {
                out.status = ReleaseItemStatus::Released;
                out.released = true;
                out.note = match (out.unassigned, answer.status.as_deref()) {
                    (true, Some(status)) => format!("unassigned, then released ({status})"),
                    (true, None) => "unassigned, then released".into(),
                    (false, Some(status)) => format!("released ({status})"),
                    (false, None) => "released".into(),
                };
                out.release = Some(answer);
                out
            }
            Err(error) => fail(out, "release", error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dids_are_normalised_and_deduplicated() {
        let dids = normalised(&[
            "+918012345678".into(),
            "%2B918012345678".into(),
            "918012345679".into(),
        ])
        .unwrap();
        assert_eq!(dids, ["+918012345678", "+918012345679"]);
        let err = normalised(&["+918012345678".into(), "12".into()]).unwrap_err();
        assert_eq!(err.validation_field(), Some("dids[1]"));
    }

    #[test]
    fn hourly_health_bounds_the_last_call_from_above() {
        let health: NumberHealth = serde_json::from_value(serde_json::json!({
            "snapshots": [
                {"ts": "2026-03-01T10:00:00Z", "total_calls": 1, "total_duration": 3000},
                {"ts": "2026-03-01T11:00:00Z", "total_calls": 2, "total_duration": 90},
                {"ts": "2026-03-01T12:00:00Z", "total_calls": 0, "total_duration": 0},
            ]
        }))
        .unwrap();
        let seen = evidence(&health);
        // 10:00 + 1h + 3000 s = 11:50; 11:00 + 1h + 90 s = 12:01:30 (the later bound).
        assert_eq!(
            seen.last_end.unwrap().to_rfc3339(),
            "2026-03-01T12:01:30+00:00"
        );
        assert_eq!(
            seen.server_hour.unwrap().to_rfc3339(),
            "2026-03-01T12:00:00+00:00"
        );
        let quiet: NumberHealth =
            serde_json::from_value(serde_json::json!({"snapshots": []})).unwrap();
        assert!(evidence(&quiet).last_end.is_none());
    }
}

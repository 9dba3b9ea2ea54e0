//! Simulated calls: a placed or simulated call lives until the sandbox clock passes its end,
//! then it becomes a CDR, is charged to the paying account, and stamps the DID's last call
//! time (which starts the 15-day unassign cool-off).

use chrono::Duration;
use rust_decimal::Decimal;

use crate::world::{ActiveCall, Cdr, LedgerRow, World};

/// Per started minute of talk, in the account's currency.
pub const RATE_PER_MINUTE: Decimal = Decimal::from_parts(50, 0, 0, false, 2);

/// The account that pays for `account_id`'s usage: a sub-account's parent, else itself.
pub fn payer(world: &World, account_id: &str) -> String {
    world
        .accounts
        .get(account_id)
        .and_then(|a| a.parent().map(str::to_owned))
        .unwrap_or_else(|| account_id.to_owned())
}

/// The longest call, in seconds: a day, the API's `time_limit` ceiling.
pub const MAX_CALL_SECONDS: u64 = 86_400;

/// Starts a call that ends `ring + talk` seconds from now (sandbox time); talk time beyond
/// [`MAX_CALL_SECONDS`] is cut there.
#[allow(clippy::too_many_arguments)]
pub fn begin(
    world: &mut World,
    account_id: &str,
    direction: &str,
    from: &str,
    to: &str,
    did: Option<String>,
    answered: bool,
    talk_seconds: u64,
) -> String {
    let uuid = world.ids.uuid();
    let now = world.now();
    let ring_seconds = 5;
    let talk_seconds = talk_seconds.min(MAX_CALL_SECONDS);
    world.active_calls.push(ActiveCall {
        uuid: uuid.clone(),
        account_id: account_id.to_owned(),
        direction: direction.to_owned(),
        from: from.to_owned(),
        to: to.to_owned(),
        did,
        answered,
        talk_seconds: if answered { talk_seconds } else { 0 },
        ring_seconds,
        started_at: now,
        ends_at: now
            + Duration::seconds((ring_seconds + if answered { talk_seconds } else { 0 }) as i64),
    });
    uuid
}

/// Turns every call that has ended by now into a CDR, and applies the numbers' time-driven
/// transitions (see [`settle_numbers`]). Returns whether anything changed.
pub fn settle(world: &mut World) -> bool {
    let numbers_changed = settle_numbers(world);
    let now = world.now();
    if !world.active_calls.iter().any(|c| c.ends_at <= now) {
        return numbers_changed;
    }
    let (ended, running): (Vec<ActiveCall>, Vec<ActiveCall>) =
        world.active_calls.drain(..).partition(|c| c.ends_at <= now);
    world.active_calls = running;
    for call in ended {
        finish(world, call);
    }
    true
}

/// Days a released number stays in quarantine before it returns to inventory.
pub const QUARANTINE_DAYS: i64 = 45;

/// Number lifecycle by the sandbox clock: a `pending_release` number whose 24 h cancel window
/// has passed becomes `released` (owner cleared, out of inventory), and a released number
/// whose quarantine has ended returns to inventory. Returns whether anything changed.
pub fn settle_numbers(world: &mut World) -> bool {
    let now = world.now();
    let mut changed = false;
    for number in world.numbers.values_mut() {
        if number.status == "pending_release"
            && let Some(ends) = number.release_cooldown_ends_at
            && ends <= now
        {
            number.status = "released".into();
            number.owner = None;
            number.released_at = Some(ends);
            number.updated_at = ends;
            changed = true;
        }
        if number.status == "released"
            && let Some(released) = number.released_at
            && released + Duration::days(QUARANTINE_DAYS) <= now
        {
            let back = released + Duration::days(QUARANTINE_DAYS);
            number.status = "active".into();
            number.owner = None;
            number.source = None;
            number.application_id = None;
            number.trunk_group_id = None;
            number.purchased_at = None;
            number.released_at = None;
            number.last_call_at = None;
            number.last_billing_date = None;
            number.next_billing_date = None;
            number.release_cooldown_ends_at = None;
            number.release_fee_charged = None;
            number.billed_to = None;
            number.updated_at = back;
            changed = true;
        }
    }
    changed
}

fn finish(world: &mut World, call: ActiveCall) {
    let minutes = call.talk_seconds.div_ceil(60);
    let payer = payer(world, &call.account_id);
    let (cost, currency) = match world.accounts.get_mut(&payer) {
        Some(account) => {
            // Never below zero: the call is cut when the wallet is empty.
            let cost =
                (RATE_PER_MINUTE * Decimal::from(minutes)).min(account.balance.max(Decimal::ZERO));
            account.balance -= cost;
            account.updated_at = call.ends_at;
            (cost, account.currency.clone())
        }
        None => (Decimal::ZERO, "INR".to_owned()),
    };
    world.fees_collected += cost;
    if cost > Decimal::ZERO {
        let row = LedgerRow {
            id: world.ids.uuid(),
            account_id: payer.clone(),
            balance_id: world.ids.uuid(),
            kind: "debit".into(),
            amount: cost,
            currency: currency.clone(),
            description: format!("Call usage {}", call.uuid),
            reference: format!("call:{}", call.uuid),
            transaction_type: "debit".into(),
            created_at: call.ends_at,
        };
        world.ledger.push(row);
    }
    if let Some(did) = &call.did
        && let Some(number) = world.numbers.get_mut(did)
    {
        number.last_call_at = Some(call.ends_at);
    }
    let id = 18_000_000 + world.cdrs.len() as u64;
    world.cdrs.push(Cdr {
        id,
        uuid: call.uuid,
        account_id: call.account_id,
        call_direction: call.direction,
        caller_id_number: call.from,
        destination_number: call.to,
        duration: call.ring_seconds + call.talk_seconds,
        billsec: call.talk_seconds,
        ring_time: call.ring_seconds,
        answer_time: call
            .answered
            .then(|| call.started_at + Duration::seconds(call.ring_seconds as i64)),
        start_time: call.started_at,
        end_time: call.ends_at,
        cost,
        currency,
        hangup_cause: if call.answered {
            "NORMAL_CLEARING"
        } else {
            "NO_ANSWER"
        }
        .into(),
        status: if call.answered {
            "answered"
        } else {
            "no_answer"
        }
        .into(),
    });
}

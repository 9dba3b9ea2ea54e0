//! A balance transfer that never debits the partner twice.
//!
//! The transfer endpoint has no idempotency key, so the SDK never retries it blindly
//! ([`Partner::transfer_balance`] surfaces an ambiguous failure as an error whose
//! [`Error::outcome_unknown`] is true). [`Partner::transfer_balance_safely`] settles that
//! ambiguity itself: every transfer carries a unique **reference** in its description
//! (`"<description> [ref:<reference>]"`, written by the API to both ledgers), so the
//! customer's ledger says whether an ambiguous attempt went through.
//!
//! 1. Calls with the same reference run one after another within a process.
//! 2. If an earlier call in this process sent this reference and never learned its fate
//!    (it was cancelled, or both its attempts were ambiguous), this call first waits out
//!    that attempt's settle window, reading the ledger.
//! 3. When the caller names the reference, the ledger is read: a transfer already made
//!    with it is returned ([`SafeTransferOutcome::AlreadyDone`]), never made again.
//! 4. The transfer is sent once.
//! 5. On an ambiguous failure (a lost answer, a 5xx, a redirect, an unreadable 2xx) the
//!    ledger is read again and again, with growing pauses, until the **settle window**
//!    ([`ClientConfig::settle_window`], 120 s by default) has passed since the attempt was
//!    sent: the server may still be working on it. Found: returned, marked `reconciled`.
//!    Still absent after the window: it did not happen, and it is sent exactly once more.
//! 6. If that retry is ambiguous too, it is settled the same way; a transfer still not
//!    found is [`Error::OutcomeUnknown`] naming the reference: run the call again with that
//!    reference later to settle it.
//! 7. If the ledger ever shows two transfers with one reference (a server that committed
//!    after its settle window, or two processes sending the same reference at once), the
//!    call reports [`SafeTransferOutcome::Duplicated`] with the extra rows, and sends
//!    nothing.
//!
//! The guarantee holds as long as the server commits or abandons a request within the
//! settle window of its sending, and the ledger shows a committed transfer at once.
//! Across processes nothing is serialised: give each transfer its own reference, or run
//! one reference from one process at a time.
//!
//! [`ClientConfig::settle_window`]: crate::ClientConfig::settle_window

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;
use std::time::Instant;

use futures::StreamExt;
use rand::Rng;
use serde::Serialize;

use crate::clients::Partner;
use crate::credentials::{AccountKind, AuthId};
use crate::error::{Error, Result};
use crate::models::{Transaction, TransactionFilters, TransactionType, TransferResult};
use crate::money::Money;
use crate::pagination::PageOptions;
use crate::timestamp::Timestamp;
use crate::validate;
use crate::view::IntoView;

/// The longest description sent with a safe transfer, reference tag included. The API
/// documents no limit; this one keeps the tag (at the end) clear of any truncation.
pub const MAX_DESCRIPTION_CHARS: usize = 500;

/// The longest reference.
pub const MAX_REFERENCE_CHARS: usize = 64;

/// The first pause between ledger reads while an attempt settles; it doubles up to
/// [`MAX_SETTLE_PAUSE`].
const FIRST_SETTLE_PAUSE: Duration = Duration::from_millis(250);

/// The longest pause between ledger reads while an attempt settles.
const MAX_SETTLE_PAUSE: Duration = Duration::from_secs(10);

/// How many ledger rows a reconciliation reads at most (the `search` filter normally
/// narrows the ledger to the one row carrying the reference).
const MAX_LEDGER_ROWS: u64 = 10_000;

/// How a [`SafeTransfer`] was settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, IntoView, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SafeTransferOutcome {
    /// Sent once and answered.
    Sent,
    /// An attempt's answer was lost (or was a 5xx), and the ledger shows it went through.
    Reconciled,
    /// The first attempt provably did not happen (not in the ledger) and the one retry was
    /// answered.
    Retried,
    /// The reference was already in the ledger before anything was sent: nothing was sent.
    AlreadyDone,
    /// The ledger shows more than one transfer with this reference: money moved twice
    /// (a server that committed after the settle window, or the reference sent from two
    /// processes at once). Nothing was sent by this call; `duplicate_rows` lists the extra
    /// transfers, to be reversed.
    Duplicated,
}

/// A transfer made (or found) by [`Partner::transfer_balance_safely`].
#[derive(Clone, Debug, PartialEq, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SafeTransfer {
    /// The reference carried in the description (`[ref:<reference>]`): the caller's, or a
    /// generated `vbz-…` one.
    pub reference: String,
    /// The credited customer, `MA_…`.
    pub customer_auth_id: String,
    /// The transfer's id: the answer's `txn_…`, or the customer's ledger row id when the
    /// transfer was found in the ledger.
    pub transaction_id: Option<String>,
    /// Amount moved.
    pub amount: Money,
    /// Its currency.
    pub currency: String,
    /// The description written to the ledgers, reference tag included.
    pub description: String,
    /// How it was settled.
    pub outcome: SafeTransferOutcome,
    /// Whether the transfer was established from the ledger (after a lost answer, or found
    /// before sending) rather than from the API's answer.
    pub reconciled: bool,
    /// Transfer requests sent by this call (0 when it was already done, at most 2).
    pub attempts: u32,
    /// The customer's ledger row of the transfer, when the ledger was read to find it.
    pub ledger_row: Option<Transaction>,
    /// The ledger rows beyond the first carrying this reference: empty unless the outcome
    /// is [`SafeTransferOutcome::Duplicated`].
    pub duplicate_rows: Vec<Transaction>,
    /// Partner balance after the transfer, when the API answered.
    pub partner_balance_after: Option<Money>,
    /// Customer balance after the transfer, when the API answered.
    pub customer_balance_after: Option<Money>,
    /// When it happened (the answer's time, or the ledger row's).
    pub timestamp: Option<Timestamp>,
}

/// A fresh reference: `vbz-` and 24 random hex digits (96 bits).
pub fn new_reference() -> String {
    let bits: u128 = rand::rng().random();
    format!("vbz-{:024x}", bits & ((1u128 << 96) - 1))
}

/// Checks a caller's reference: 1–64 characters of `A-Z a-z 0-9 - _ .`.
fn check_reference(reference: &str) -> Result<String> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(Error::validation("reference", "must not be empty"));
    }
    if reference.chars().count() > MAX_REFERENCE_CHARS {
        return Err(Error::validation(
            "reference",
            format!("must be at most {MAX_REFERENCE_CHARS} characters"),
        ));
    }
    if !reference
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        return Err(Error::validation(
            "reference",
            format!("{reference:?} may only hold letters, digits, '-', '_' and '.'"),
        ));
    }
    Ok(reference.to_owned())
}

/// The tag a transfer's description carries.
fn tag(reference: &str) -> String {
    format!("[ref:{reference}]")
}

/// The description sent: the caller's, then the tag.
fn tagged_description(description: Option<&str>, reference: &str) -> Result<String> {
    let text = match description.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => format!("{d} {}", tag(reference)),
        None => tag(reference),
    };
    validate::text("description", &text)?;
    if text.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(Error::validation(
            "description",
            format!(
                "must be at most {} characters (the reference tag takes {} of the {MAX_DESCRIPTION_CHARS})",
                MAX_DESCRIPTION_CHARS - tag(reference).chars().count() - 1,
                tag(reference).chars().count() + 1
            ),
        ));
    }
    Ok(text)
}

/// What this process knows of one reference: the time an attempt was sent whose fate is
/// still unknown (an ambiguous attempt, or one whose call was cancelled).
type Pending = Option<Instant>;

/// One lock per (partner, reference), so calls with the same reference run one at a time.
/// An entry stays while an attempt is unsettled, and goes once nobody uses it.
static REFERENCES: LazyLock<Mutex<HashMap<String, Arc<tokio::sync::Mutex<Pending>>>>> =
    LazyLock::new(Mutex::default);

fn reference_lock(key: &str) -> Arc<tokio::sync::Mutex<Pending>> {
    let mut map = REFERENCES.lock().unwrap_or_else(|p| p.into_inner());
    map.entry(key.to_owned()).or_default().clone()
}

/// Drops the entry of `key` if no call holds it and nothing is pending.
fn release_reference(key: &str, lock: Arc<tokio::sync::Mutex<Pending>>) {
    let mut map = REFERENCES.lock().unwrap_or_else(|p| p.into_inner());
    let idle = Arc::strong_count(&lock) == 2 && lock.try_lock().is_ok_and(|p| p.is_none());
    drop(lock);
    if idle {
        map.remove(key);
    }
}

/// What the ledger shows for a reference: the transfer (oldest first) and any duplicates.
struct Found {
    row: Transaction,
    duplicates: Vec<Transaction>,
}

/// What one attempt came to.
enum Attempt {
    Answered(Box<TransferResult>),
    Ambiguous(Error),
}

/// The fixed inputs of one safe transfer.
struct Order<'a> {
    customer: &'a str,
    amount: Money,
    currency: &'a str,
    description: &'a str,
    reference: &'a str,
}

impl Partner {
    /// Moves `amount` to a customer's wallet, **never twice**, settling an ambiguous failure
    /// through the customer's ledger (see the [module docs](self)).
    ///
    /// `reference` identifies the transfer (1–64 characters of letters, digits, `-`, `_`,
    /// `.`); when `None` a unique `vbz-…` one is generated. It is carried in the
    /// description as `"<description> [ref:<reference>]"` (at most
    /// [`MAX_DESCRIPTION_CHARS`] in all). With a reference of your own (an order id), a call
    /// interrupted by a crash can be re-run: the ledger is read first and a transfer already
    /// made with it is returned ([`SafeTransferOutcome::AlreadyDone`]) rather than made again.
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`customer_auth_id`,
    /// `amount`, `currency`, `description`, `reference`, or a reference already used for a
    /// different amount or currency), the errors of [`Partner::transfer_balance`]
    /// (insufficient balance, currency mismatch, not found…) when the API refused it, and
    /// [`Error::OutcomeUnknown`] when both attempts were ambiguous and the ledger does not
    /// show the transfer: its text names the reference to re-run with.
    pub async fn transfer_balance_safely(
        &self,
        customer_auth_id: &str,
        amount: Money,
        currency: &str,
        description: Option<&str>,
        reference: Option<&str>,
    ) -> Result<SafeTransfer> {
        let customer = AuthId::parse_kind(
            customer_auth_id.trim(),
            "customer_auth_id",
            &[AccountKind::Main],
        )?;
        amount.validate_amount("amount")?;
        let currency = validate::currency("currency", currency)?;
        let given = reference.map(check_reference).transpose()?;
        let reference = given.clone().unwrap_or_else(new_reference);
        let description = tagged_description(description, &reference)?;
        let order = Order {
            customer: customer.as_str(),
            amount,
            currency: &currency,
            description: &description,
            reference: &reference,
        };

        let key = format!("{}/{reference}", self.auth_id());
        let lock = reference_lock(&key);
        let result = {
            let mut pending = lock.lock().await;
            self.run(&order, &mut pending, given.is_some()).await
        };
        release_reference(&key, lock);
        result
    }

    /// The steps of a safe transfer, under the reference's lock. `pending` is set while an
    /// attempt is unsettled, so a cancelled call leaves it for the next one to settle.
    async fn run(
        &self,
        order: &Order<'_>,
        pending: &mut Pending,
        check_first: bool,
    ) -> Result<SafeTransfer> {
        if let Some(sent_at) = *pending {
            tracing::info!(reference = %order.reference, "safe transfer: an earlier attempt in this process is unsettled; settling it first");
            match self.settle(order, sent_at).await? {
                Some(found) => {
                    *pending = None;
                    return Ok(order.found(found, SafeTransferOutcome::AlreadyDone, 0));
                }
                None => *pending = None,
            }
        } else if check_first && let Some(found) = self.find_transfer(order).await? {
            return Ok(order.found(found, SafeTransferOutcome::AlreadyDone, 0));
        }

        let mut last_error = None;
        for attempt in 1..=2u32 {
            let sent_at = Instant::now();
            *pending = Some(sent_at);
            let error = match self.attempt(order).await {
                Ok(Attempt::Answered(answer)) => {
                    *pending = None;
                    let outcome = if attempt == 1 {
                        SafeTransferOutcome::Sent
                    } else {
                        SafeTransferOutcome::Retried
                    };
                    return Ok(order.answered(*answer, outcome, attempt));
                }
                Ok(Attempt::Ambiguous(error)) => error,
                Err(refused) => {
                    *pending = None;
                    return Err(refused);
                }
            };
            tracing::info!(reference = %order.reference, attempt, cause = %error, "safe transfer: outcome unknown, settling through the ledger");
            if let Some(found) = self.settle(order, sent_at).await? {
                *pending = None;
                return Ok(order.found(found, SafeTransferOutcome::Reconciled, attempt));
            }
            *pending = None;
            last_error = Some(error);
            if attempt == 1 {
                tracing::info!(reference = %order.reference, "safe transfer: not in the ledger after the settle window, sending once more");
            }
        }
        let second = last_error.expect("two ambiguous attempts");
        let (method, path) = match &second {
            Error::OutcomeUnknown { method, path, .. } | Error::Redirect { method, path, .. } => {
                (method.clone(), path.clone())
            }
            other => other.api_failure().map_or_else(
                || ("POST".to_owned(), String::new()),
                |f| (f.method().to_owned(), f.path().to_owned()),
            ),
        };
        let reference = order.reference;
        Err(Error::OutcomeUnknown {
            method,
            path,
            attempts: 2,
            cause: format!(
                "safe transfer reference {reference}: both attempts were ambiguous ({second}) and the ledger does not show it; call transfer_balance_safely again with reference {reference:?} to settle it"
            ),
        })
    }

    /// One transfer request: answered, ambiguous, or refused (the error).
    async fn attempt(&self, order: &Order<'_>) -> Result<Attempt> {
        match self
            .transfer_balance(
                order.customer,
                order.amount,
                order.currency,
                Some(order.description),
            )
            .await
        {
            Ok(answer) => Ok(Attempt::Answered(Box::new(answer))),
            Err(error) if error.outcome_unknown() => Ok(Attempt::Ambiguous(error)),
            Err(error) => Err(error),
        }
    }

    /// After an ambiguous attempt sent at `sent_at`: reads the ledger, with growing pauses,
    /// until the transfer shows or the settle window since `sent_at` has passed (then once
    /// more). `None` means it did not happen.
    async fn settle(&self, order: &Order<'_>, sent_at: Instant) -> Result<Option<Found>> {
        let deadline = sent_at + self.transport.config().settle_window();
        let mut pause = FIRST_SETTLE_PAUSE;
        loop {
            if let Some(found) = self.find_transfer(order).await? {
                return Ok(Some(found));
            }
            let now = Instant::now();
            if now >= deadline {
                return Ok(None);
            }
            tokio::time::sleep(pause.min(deadline - now)).await;
            pause = (pause * 2).min(MAX_SETTLE_PAUSE);
        }
    }

    /// The customer's ledger row carrying the order's reference tag (the oldest, should a
    /// reference have been used twice). A row with another amount or currency means the
    /// reference belongs to a different transfer: refused.
    async fn find_transfer(&self, order: &Order<'_>) -> Result<Option<Found>> {
        let filters = TransactionFilters {
            transaction_type: Some(TransactionType::Transfer),
            account: Some(order.customer.to_owned()),
            search: Some(order.reference.to_owned()),
            ..TransactionFilters::default()
        };
        let options = PageOptions {
            page_size: 200,
            max_items: Some(MAX_LEDGER_ROWS),
            prefetch: 1,
        };
        let wanted = tag(order.reference);
        let mut rows = self.transactions(filters, options)?.stream();
        let mut matching: Vec<Transaction> = Vec::new();
        while let Some(row) = rows.next().await {
            let row = row?;
            let ours = row
                .description
                .as_deref()
                .is_some_and(|d| d.contains(&wanted))
                && row
                    .account_id
                    .as_deref()
                    .is_none_or(|a| a == order.customer)
                && (row.kind.is_none() || row.is_credit());
            if ours {
                matching.push(row);
            }
        }
        // Newest first: the last match is the oldest.
        let Some(row) = matching.pop() else {
            return Ok(None);
        };
        {
            let amount_differs = row.amount.is_some_and(|a| a != order.amount);
            let currency_differs = row
                .currency
                .as_deref()
                .is_some_and(|c| !c.eq_ignore_ascii_case(order.currency));
            if amount_differs || currency_differs {
                return Err(Error::validation(
                    "reference",
                    format!(
                        "{:?} already names a transfer of {} {} to {}; use a new reference for a different transfer",
                        order.reference,
                        row.amount.map(|a| a.to_string()).unwrap_or_default(),
                        row.currency.as_deref().unwrap_or_default(),
                        order.customer
                    ),
                ));
            }
        }
        matching.reverse();
        if !matching.is_empty() {
            tracing::error!(reference = %order.reference, extra = matching.len(), "safe transfer: the ledger shows this reference more than once");
        }
        Ok(Some(Found {
            row,
            duplicates: matching,
        }))
    }
}

impl Order<'_> {
    fn answered(
        &self,
        answer: TransferResult,
        outcome: SafeTransferOutcome,
        attempts: u32,
    ) -> SafeTransfer {
        let timestamp = answer.at().cloned();
        SafeTransfer {
            reference: self.reference.to_owned(),
            customer_auth_id: self.customer.to_owned(),
            transaction_id: answer.transaction_id,
            amount: answer.amount.unwrap_or(self.amount),
            currency: answer.currency.unwrap_or_else(|| self.currency.to_owned()),
            description: self.description.to_owned(),
            outcome,
            reconciled: false,
            attempts,
            ledger_row: None,
            duplicate_rows: Vec::new(),
            partner_balance_after: answer.partner_balance_after,
            customer_balance_after: answer.customer_balance_after,
            timestamp,
        }
    }

    fn found(&self, found: Found, outcome: SafeTransferOutcome, attempts: u32) -> SafeTransfer {
        let Found { row, duplicates } = found;
        let outcome = if duplicates.is_empty() {
            outcome
        } else {
            SafeTransferOutcome::Duplicated
        };
        SafeTransfer {
            reference: self.reference.to_owned(),
            customer_auth_id: self.customer.to_owned(),
            transaction_id: row.id.clone(),
            amount: row.amount.unwrap_or(self.amount),
            currency: row
                .currency
                .clone()
                .unwrap_or_else(|| self.currency.to_owned()),
            description: self.description.to_owned(),
            outcome,
            reconciled: true,
            attempts,
            partner_balance_after: None,
            customer_balance_after: None,
            timestamp: row.created_at.clone().or_else(|| row.processed_at.clone()),
            ledger_row: Some(row),
            duplicate_rows: duplicates,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_unique_and_checked() {
        let a = new_reference();
        assert!(a.starts_with("vbz-") && a.len() == 28, "{a}");
        assert_ne!(a, new_reference());
        assert_eq!(check_reference(" order-42.a_b ").unwrap(), "order-42.a_b");
        for bad in ["", "has space", "semi;colon", "[ref]", &"x".repeat(65)] {
            assert_eq!(
                check_reference(bad).unwrap_err().validation_field(),
                Some("reference"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn descriptions_carry_the_tag_within_the_limit() {
        assert_eq!(
            tagged_description(Some(" April top-up "), "r1").unwrap(),
            "April top-up [ref:r1]"
        );
        assert_eq!(tagged_description(None, "r1").unwrap(), "[ref:r1]");
        assert_eq!(tagged_description(Some("  "), "r1").unwrap(), "[ref:r1]");
        let room = MAX_DESCRIPTION_CHARS - "[ref:r1]".len() - 1;
        assert!(tagged_description(Some(&"a".repeat(room)), "r1").is_ok());
        let err = tagged_description(Some(&"a".repeat(room + 1)), "r1").unwrap_err();
        assert_eq!(err.validation_field(), Some("description"));
        assert!(err.to_string().contains(&room.to_string()), "{err}");
        assert!(tagged_description(Some("a\nb"), "r1").is_err());
    }
}

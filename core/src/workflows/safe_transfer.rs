//! A balance transfer that never debits the partner twice (issue 7, item 3).
//!
//! The transfer endpoint has no idempotency key, so the SDK never retries it blindly
//! ([`Partner::transfer_balance`] surfaces an ambiguous failure as
//! [`Error::OutcomeUnknown`]). [`Partner::transfer_balance_safely`] settles that ambiguity
//! itself: every transfer carries a unique **reference** in its description
//! (`"<description> [ref:<reference>]"`, written by the API to both ledgers), so the
//! customer's ledger says whether an ambiguous attempt went through.
//!
//! 1. When the caller names the reference, the ledger is read first: a transfer already
//!    made with it is returned, never made again (so re-running after a crash is safe).
//! 2. The transfer is sent once.
//! 3. On an ambiguous failure ([`Error::outcome_unknown`]: a lost answer, or a 5xx to the
//!    POST) the ledger is read. Found: the transfer is returned, marked `reconciled`. Not
//!    found (read again after a short grace period when the answer was lost, since the
//!    server may still have been working on it): it provably did not happen, and it is
//!    sent exactly once more.
//! 4. If that retry is ambiguous too, the ledger is read once more; a transfer still not
//!    found is reported as [`Error::OutcomeUnknown`] whose text carries the reference: run
//!    the call again with that reference later to settle it.
//!
//! Two concurrent calls with the same reference are not serialised against each other:
//! give each transfer its own reference (an order or invoice id is a good one).

use std::time::Duration;

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

/// The longest description sent with a safe transfer, reference tag included. The API
/// documents no limit; this one keeps the tag (at the end) clear of any truncation.
pub const MAX_DESCRIPTION_CHARS: usize = 500;

/// The longest reference.
pub const MAX_REFERENCE_CHARS: usize = 64;

/// How long to wait before concluding that a transfer whose answer was lost did not happen
/// (the server may have been still processing it when the connection dropped).
const LOST_ANSWER_GRACE: Duration = Duration::from_secs(2);

/// How many ledger rows a reconciliation reads at most (the `search` filter normally
/// narrows the ledger to the one row carrying the reference).
const MAX_LEDGER_ROWS: u64 = 10_000;

/// How a [`SafeTransfer`] was settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
}

/// A transfer made (or found) by [`Partner::transfer_balance_safely`].
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
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
    if text.chars().any(char::is_control) {
        return Err(Error::validation(
            "description",
            "must not contain control characters",
        ));
    }
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

        if given.is_some()
            && let Some(row) = self.find_transfer(&order).await?
        {
            return Ok(order.found(row, SafeTransferOutcome::AlreadyDone, 0));
        }

        let first = match self.attempt(&order).await? {
            Attempt::Answered(answer) => {
                return Ok(order.answered(*answer, SafeTransferOutcome::Sent, 1));
            }
            Attempt::Ambiguous(error) => error,
        };
        tracing::info!(reference = %reference, cause = %first, "safe transfer: outcome unknown, reading the ledger");
        if let Some(row) = self.settle(&order, &first).await? {
            return Ok(order.found(row, SafeTransferOutcome::Reconciled, 1));
        }

        tracing::info!(reference = %reference, "safe transfer: not in the ledger, retrying once");
        let second = match self.attempt(&order).await? {
            Attempt::Answered(answer) => {
                return Ok(order.answered(*answer, SafeTransferOutcome::Retried, 2));
            }
            Attempt::Ambiguous(error) => error,
        };
        if let Some(row) = self.settle(&order, &second).await? {
            return Ok(order.found(row, SafeTransferOutcome::Reconciled, 2));
        }
        let (method, path) = match &second {
            Error::OutcomeUnknown { method, path, .. } => (method.clone(), path.clone()),
            other => other.api_failure().map_or_else(
                || ("POST".to_owned(), String::new()),
                |f| (f.method().to_owned(), f.path().to_owned()),
            ),
        };
        Err(Error::OutcomeUnknown {
            method,
            path,
            attempts: 2,
            cause: format!(
                "safe transfer reference {reference}: both attempts were ambiguous ({second}) and the ledger does not show it yet; call transfer_balance_safely again with reference {reference:?} to settle it"
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

    /// After an ambiguous attempt: the ledger row, if the transfer happened. A lost answer
    /// (the server may still have been at work) is looked up again after a grace period
    /// before it counts as not having happened.
    async fn settle(&self, order: &Order<'_>, failure: &Error) -> Result<Option<Transaction>> {
        if let Some(row) = self.find_transfer(order).await? {
            return Ok(Some(row));
        }
        if matches!(failure, Error::OutcomeUnknown { .. }) {
            tokio::time::sleep(LOST_ANSWER_GRACE).await;
            return self.find_transfer(order).await;
        }
        Ok(None)
    }

    /// The customer's ledger row carrying the order's reference tag (the oldest, should a
    /// reference have been used twice). A row with another amount or currency means the
    /// reference belongs to a different transfer: refused.
    async fn find_transfer(&self, order: &Order<'_>) -> Result<Option<Transaction>> {
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
        let mut found: Option<Transaction> = None;
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
                // Newest first: the last match is the oldest.
                found = Some(row);
            }
        }
        if let Some(row) = &found {
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
        Ok(found)
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
            partner_balance_after: answer.partner_balance_after,
            customer_balance_after: answer.customer_balance_after,
            timestamp,
        }
    }

    fn found(&self, row: Transaction, outcome: SafeTransferOutcome, attempts: u32) -> SafeTransfer {
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

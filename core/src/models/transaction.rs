//! Ledgers: a customer's transactions and the partner-wide ledger.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Extra;
use super::cdr::vec_or_null;
use super::lenient;
use crate::money::Money;
use crate::timestamp::Timestamp;
use crate::view::IntoView;

/// One ledger row. Its `kind` (the wire's `type`) is `credit` or `debit` (a different
/// vocabulary from the [`TransactionType`] filter), `amount` is positive, and `account_id`
/// holds the owner's **auth id** (`MA_…`) despite its name.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct Transaction {
    /// Row UUID.
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    /// The owner's auth id (`MA_…`).
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub account_id: Option<String>,
    /// The wallet's UUID.
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub balance_id: Option<String>,
    /// `credit` or `debit`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Amount (positive; the sign is `kind`).
    pub amount: Option<Money>,
    /// Currency.
    pub currency: Option<String>,
    /// Description (transfers: "Transfer from partner …").
    pub description: Option<String>,
    /// Reference; transfers carry `ptc:<partner_id>:<customer_auth_id>:<unix_ts>`.
    pub reference: Option<String>,
    /// `completed`.
    pub status: Option<String>,
    /// When it was processed.
    pub processed_at: Option<Timestamp>,
    /// When it was written.
    pub created_at: Option<Timestamp>,
    /// When it last changed.
    pub updated_at: Option<Timestamp>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Transaction {
    /// Whether the row adds money to its account.
    pub fn is_credit(&self) -> bool {
        self.kind
            .as_deref()
            .is_some_and(|k| k.eq_ignore_ascii_case("credit"))
    }
}

/// Totals of one reference type in a ledger summary.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct ReferenceTypeTotals {
    /// The reference type (transfers show `unknown`).
    pub reference_type: Option<String>,
    /// Sum of its debits.
    pub total_debit: Option<Money>,
    /// Sum of its credits.
    pub total_credit: Option<Money>,
    /// Rows of this type.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub count: Option<u64>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Aggregates over every row matching the filters (not just the page).
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct TransactionSummary {
    /// Rows matching.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total_transactions: Option<u64>,
    /// Sum of debits.
    pub total_debit: Option<Money>,
    /// Sum of credits.
    pub total_credit: Option<Money>,
    /// Credits minus debits.
    pub net_amount: Option<Money>,
    /// Totals per reference type.
    #[serde(default, deserialize_with = "vec_or_null")]
    pub by_reference_type: Vec<ReferenceTypeTotals>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One page of a ledger with its summary: `{transactions[], summary{}, total, page,
/// per_page, total_pages, account_auth_id}`. The global ledger may omit `summary` and
/// `account_auth_id`.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct TransactionPage {
    /// The rows of this page, newest first.
    #[serde(default, deserialize_with = "vec_or_null")]
    pub transactions: Vec<Transaction>,
    /// Aggregates over every matching row.
    pub summary: Option<TransactionSummary>,
    /// Rows matching the filters.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total: Option<u64>,
    /// This page (1-based).
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub page: Option<u64>,
    /// Rows per page.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub per_page: Option<u64>,
    /// Pages.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total_pages: Option<u64>,
    /// The customer (per-customer ledger).
    pub account_auth_id: Option<String>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The ledger filter's transaction kinds and the row types they select on a customer's
/// ledger: `recharge` (credit), `debit` (usage and DID fees), `refund` (credit), `transfer`
/// (credit on the customer, debit on the partner).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, schemars::JsonSchema)]
#[schemars(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TransactionType {
    /// Top-ups.
    Recharge,
    /// Usage and fees.
    Debit,
    /// Refunds.
    Refund,
    /// Partner transfers.
    Transfer,
}

impl TransactionType {
    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            TransactionType::Recharge => "recharge",
            TransactionType::Debit => "debit",
            TransactionType::Refund => "refund",
            TransactionType::Transfer => "transfer",
        }
    }
}

impl fmt::Display for TransactionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for TransactionType {
    type Err = crate::error::Error;

    /// `recharge`, `debit`, `refund` or `transfer` (any case); anything else is a
    /// validation error on `transaction_type`.
    fn from_str(s: &str) -> crate::error::Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "recharge" => Ok(TransactionType::Recharge),
            "debit" => Ok(TransactionType::Debit),
            "refund" => Ok(TransactionType::Refund),
            "transfer" => Ok(TransactionType::Transfer),
            _ => Err(crate::error::Error::validation(
                "transaction_type",
                format!("{s:?} is not recharge, debit, refund or transfer"),
            )),
        }
    }
}

/// Filters of the ledgers (`GET /partner/transactions` and a customer's ledger). Dates are
/// inclusive days (`YYYY-MM-DD`). `account` and `search` apply to the partner-wide ledger
/// only (`account` is refused on a customer's ledger).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransactionFilters {
    /// First day, inclusive (`YYYY-MM-DD`).
    pub from_date: Option<NaiveDate>,
    /// Last day, inclusive (`YYYY-MM-DD`); must not be before `from_date`.
    pub to_date: Option<NaiveDate>,
    /// Rows of this kind only.
    pub transaction_type: Option<TransactionType>,
    /// One customer only (global ledger): its auth id.
    pub account: Option<String>,
    /// Substring of description, reference, account id or account name (global ledger).
    pub search: Option<String>,
}

impl TransactionFilters {
    /// No filter: every row.
    pub fn new() -> Self {
        Self::default()
    }
}

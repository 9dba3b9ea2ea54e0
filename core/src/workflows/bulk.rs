//! Onboarding many customers from a list: a bounded number of rows in flight, a client-side
//! request rate, one result per row, and no second account for anyone when the list is run
//! again (or when an answer was lost): emails are unique platform-wide, so each row looks
//! its email up before creating, and again after an ambiguous or "email taken" failure.

use std::num::NonZeroU32;
use std::sync::Arc;

use futures::stream::{self, StreamExt};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use serde::Serialize;

use crate::clients::Partner;
use crate::error::{Error, ErrorKind, Result};
use crate::models::{Customer, CustomerFilters, NewCustomer};
use crate::pagination::PageOptions;
use crate::secret::Secret;
use crate::view::IntoView;

/// How a bulk onboarding runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BulkOptions {
    /// Rows in flight at once (at least 1).
    pub concurrency: usize,
    /// Requests per second across all rows (lookups and creates); `None` for no limit.
    pub requests_per_second: Option<u32>,
}

impl Default for BulkOptions {
    fn default() -> Self {
        BulkOptions {
            concurrency: 4,
            requests_per_second: Some(5),
        }
    }
}

/// What happened to one row.
#[derive(Clone, Debug, PartialEq, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct BulkOnboardingRow {
    /// The row's position in the input (0-based).
    pub index: u64,
    /// The row's email.
    pub email: String,
    /// `created` (by this run), `existing` (found: created earlier, or by this run although
    /// its answer was lost) or `failed`.
    pub outcome: String,
    /// The customer, when it exists.
    pub auth_id: Option<String>,
    /// The customer's token: only for `created`, shown this once. Store it now.
    pub auth_token: Option<Secret>,
    /// For `failed`: the error kind (`VALIDATION`, `PERMISSION_DENIED`…).
    pub error_kind: Option<String>,
    /// For `failed`: what went wrong (redacted).
    pub error_message: Option<String>,
}

impl BulkOnboardingRow {
    fn found(index: usize, email: &str, customer: &Customer) -> Self {
        BulkOnboardingRow {
            index: index as u64,
            email: email.to_owned(),
            outcome: "existing".into(),
            auth_id: customer.auth_id.clone(),
            auth_token: None,
            error_kind: None,
            error_message: None,
        }
    }

    fn failed(index: usize, email: &str, error: &Error) -> Self {
        BulkOnboardingRow {
            index: index as u64,
            email: email.to_owned(),
            outcome: "failed".into(),
            auth_id: None,
            auth_token: None,
            error_kind: Some(error.kind().code().to_owned()),
            error_message: Some(error.to_string()),
        }
    }
}

struct Run {
    partner: Partner,
    limiter: Option<DefaultDirectRateLimiter>,
}

impl Run {
    async fn pace(&self) {
        if let Some(limiter) = &self.limiter {
            limiter.until_ready().await;
        }
    }

    /// The customer registered under `email`, if any (emails compare case-insensitively).
    async fn lookup(&self, email: &str) -> Result<Option<Customer>> {
        self.pace().await;
        let filters = CustomerFilters {
            search: Some(email.to_owned()),
        };
        let matches = self
            .partner
            .list_customers(filters, PageOptions::default())?
            .collect()
            .await?;
        Ok(matches.into_iter().find(|c| {
            c.email
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case(email))
        }))
    }

    async fn row(&self, index: usize, customer: NewCustomer) -> BulkOnboardingRow {
        let email = customer.email.trim().to_owned();
        match self.onboard(index, &email, &customer).await {
            Ok(row) => row,
            Err(error) => BulkOnboardingRow::failed(index, &email, &error),
        }
    }

    async fn onboard(
        &self,
        index: usize,
        email: &str,
        customer: &NewCustomer,
    ) -> Result<BulkOnboardingRow> {
        if let Some(existing) = self.lookup(email).await? {
            return Ok(BulkOnboardingRow::found(index, email, &existing));
        }
        self.pace().await;
        match self.partner.create_customer(customer).await {
            Ok(created) => Ok(BulkOnboardingRow {
                index: index as u64,
                email: email.to_owned(),
                outcome: "created".into(),
                auth_id: created.auth_id.clone(),
                auth_token: created.auth_token.clone(),
                error_kind: None,
                error_message: None,
            }),
            // Taken meanwhile, or created although the answer was lost: find it.
            Err(error) if error.outcome_unknown() || error.kind() == ErrorKind::Unprocessable => {
                match self.lookup(email).await? {
                    Some(existing) => Ok(BulkOnboardingRow::found(index, email, &existing)),
                    None => Err(error),
                }
            }
            Err(error) => Err(error),
        }
    }
}

impl Partner {
    /// Creates every customer of `customers` that does not exist yet, `options.concurrency`
    /// rows at a time and at most `options.requests_per_second`, and returns one row per
    /// input, in input order. Run it again with the same list and nothing is created twice:
    /// rows found by email come back `existing` (without a token). A row's failure (bad
    /// input, `max_accounts` reached…) is its row's `failed` outcome; it stops nothing else.
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] for options out of range.
    pub async fn onboard_customers(
        &self,
        customers: Vec<NewCustomer>,
        options: BulkOptions,
    ) -> Result<Vec<BulkOnboardingRow>> {
        if options.concurrency == 0 {
            return Err(Error::validation("concurrency", "must be at least 1"));
        }
        let limiter = match options.requests_per_second {
            None => None,
            Some(rate) => {
                let rate = NonZeroU32::new(rate).ok_or_else(|| {
                    Error::validation("requests_per_second", "must be at least 1")
                })?;
                Some(RateLimiter::direct(Quota::per_second(rate)))
            }
        };
        let run = Arc::new(Run {
            partner: self.clone(),
            limiter,
        });
        let mut rows: Vec<BulkOnboardingRow> = stream::iter(customers.into_iter().enumerate())
            .map(|(index, customer)| {
                let run = Arc::clone(&run);
                async move { run.row(index, customer).await }
            })
            .buffer_unordered(options.concurrency)
            .collect()
            .await;
        rows.sort_by_key(|row| row.index);
        Ok(rows)
    }
}

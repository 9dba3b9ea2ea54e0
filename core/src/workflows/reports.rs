//! The weekly ops checks of the numbers guide and a per-customer invoice, over
//! a partner's whole DID inventory:
//! - numbers renewing soon whose owner's wallet cannot cover the rental;
//! - numbers with no application routing (they ring but have nowhere to go);
//! - numbers restricted until Aadhaar is verified (India);
//! - what to bill a customer for a period: setup and monthly DID fees plus call usage.
//!
//! Every report reads through the auto-paging lists and returns typed rows.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use futures::stream::{self, StreamExt, TryStreamExt};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::clients::Partner;
use crate::error::{Error, Result};
use crate::models::{CdrFilters, NumberFilters, PhoneNumber};
use crate::money::Money;
use crate::pagination::PageOptions;
use crate::timestamp::Timestamp;
use crate::view::IntoView;

/// How many customer balances are read at once.
const BALANCE_READS: usize = 4;

/// A number that renews inside the window while its owner's wallet cannot cover it (with
/// the owner's earlier renewals in the window counted first).
#[derive(Clone, Debug, PartialEq, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct RenewalRisk {
    /// The number.
    pub e164: String,
    /// Its owner, `MA_…`.
    pub account_id: String,
    /// When it renews.
    pub next_billing_date: Timestamp,
    /// The rental due then.
    pub monthly_fee: Money,
    /// Currency of the fee.
    pub currency: Option<String>,
    /// The owner's wallet now.
    pub balance: Money,
    /// The owner's rentals due in the window up to and including this one.
    pub due_by_then: Money,
    /// How much is missing by this renewal.
    pub shortfall: Money,
}

/// One line of an [`Invoice`].
#[derive(Clone, Debug, PartialEq, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct InvoiceLine {
    /// `setup`, `monthly` or `usage`.
    pub kind: String,
    /// The number, for DID fees.
    pub e164: Option<String>,
    /// What is billed.
    pub description: String,
    /// Times charged (renewals, calls).
    pub quantity: u64,
    /// The line's amount.
    pub amount: Money,
}

/// What a customer owes for a period: DID setup fees for numbers bought in it, the monthly
/// rentals that fell due in it, and the cost of its calls.
#[derive(Clone, Debug, PartialEq, Serialize, IntoView, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Invoice {
    /// The customer, `MA_…`.
    pub customer_auth_id: String,
    /// First day of the period (`YYYY-MM-DD`).
    #[schemars(with = "String")]
    pub from: NaiveDate,
    /// Last day of the period, included (`YYYY-MM-DD`).
    #[schemars(with = "String")]
    pub to: NaiveDate,
    /// Currency of the amounts (the numbers' and calls' currency).
    pub currency: Option<String>,
    /// The lines, DID fees by number first, then usage.
    pub lines: Vec<InvoiceLine>,
    /// Sum of the setup lines.
    pub setup_total: Money,
    /// Sum of the monthly lines.
    pub monthly_total: Money,
    /// Sum of the usage lines.
    pub usage_total: Money,
    /// Everything.
    pub total: Money,
}

fn money(value: Decimal) -> Money {
    Money::new(value)
}

fn amount(value: &Option<Money>) -> Decimal {
    value.as_ref().map(Money::as_decimal).unwrap_or_default()
}

impl Partner {
    async fn all_numbers(&self) -> Result<Vec<PhoneNumber>> {
        self.numbers(NumberFilters::default(), PageOptions::default())?
            .collect()
            .await
    }

    /// Numbers renewing within `within` of `as_of` whose owner's balance cannot cover the
    /// rental, counting each owner's renewals in date order (a wallet that covers the first
    /// of two renewals but not both flags the second). Reads every number and the balance of
    /// each owner with one.
    ///
    /// Needs partner credentials. Errors: those of [`Partner::numbers`] and
    /// [`Partner::customer_balance`]; [`Error::Validation`] for a negative window.
    pub async fn renewals_at_risk(
        &self,
        within: Duration,
        as_of: DateTime<Utc>,
    ) -> Result<Vec<RenewalRisk>> {
        if within < Duration::zero() {
            return Err(Error::validation("within", "must not be negative"));
        }
        let until = as_of.checked_add_signed(within).ok_or_else(|| {
            Error::validation("within", "reaches past the last representable date")
        })?;
        let mut by_owner: BTreeMap<String, Vec<(DateTime<Utc>, PhoneNumber)>> = BTreeMap::new();
        for number in self.all_numbers().await? {
            let (Some(owner), Some(renews)) = (
                number.owner().map(str::to_owned),
                number
                    .next_billing_date
                    .as_ref()
                    .and_then(Timestamp::to_utc),
            ) else {
                continue;
            };
            if renews >= as_of && renews <= until && number.e164.is_some() {
                by_owner.entry(owner).or_default().push((renews, number));
            }
        }
        let balances: BTreeMap<String, Decimal> = stream::iter(by_owner.keys().cloned())
            .map(|owner| async move {
                let balance = self.customer_balance(&owner).await?;
                Ok::<_, Error>((owner, amount(&balance.cash_credits)))
            })
            .buffer_unordered(BALANCE_READS)
            .try_collect()
            .await?;
        let mut rows = Vec::new();
        for (owner, mut numbers) in by_owner {
            numbers.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.e164.cmp(&b.1.e164)));
            let balance = balances.get(&owner).copied().unwrap_or_default();
            let mut due = Decimal::ZERO;
            for (_, number) in numbers {
                let fee = amount(&number.monthly_fee);
                due += fee;
                if due > balance {
                    rows.push(RenewalRisk {
                        e164: number.e164.clone().unwrap_or_default(),
                        account_id: owner.clone(),
                        next_billing_date: number
                            .next_billing_date
                            .clone()
                            .expect("filtered on it above"),
                        monthly_fee: money(fee),
                        currency: number.currency.clone(),
                        balance: money(balance),
                        due_by_then: money(due),
                        shortfall: money(due - balance),
                    });
                }
            }
        }
        rows.sort_by(|a, b| {
            (a.next_billing_date.to_utc(), &a.e164).cmp(&(b.next_billing_date.to_utc(), &b.e164))
        });
        Ok(rows)
    }

    /// Owned numbers with no application: inbound calls reach them and are hung up at once.
    ///
    /// Needs partner credentials. Errors: those of [`Partner::numbers`].
    pub async fn unrouted_numbers(&self) -> Result<Vec<PhoneNumber>> {
        Ok(self
            .all_numbers()
            .await?
            .into_iter()
            .filter(|n| n.owner().is_some())
            .filter(|n| {
                n.application_id
                    .as_deref()
                    .is_none_or(|a| a.trim().is_empty())
            })
            .collect())
    }

    /// Numbers that require Aadhaar verification and do not have it: they may be restricted
    /// until the customer completes KYC.
    ///
    /// Needs partner credentials. Errors: those of [`Partner::numbers`].
    pub async fn aadhaar_restricted_numbers(&self) -> Result<Vec<PhoneNumber>> {
        Ok(self
            .all_numbers()
            .await?
            .into_iter()
            .filter(|n| n.aadhaar_verification_required == Some(true))
            .filter(|n| n.aadhaar_verified != Some(true))
            .collect())
    }

    /// The customer's bill for `from..=to`: a setup line for each number bought in the
    /// period, a monthly line for each number with the renewals that fell in it (the first
    /// rental is due at purchase, then every month on the same day until release), and one
    /// usage line with the cost of the calls that started in the period.
    ///
    /// Needs partner credentials. Errors: those of [`Partner::customer_numbers`] and
    /// [`Partner::customer_cdrs`]; [`Error::Validation`] when `to` is before `from`.
    pub async fn invoice(
        &self,
        customer_auth_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Invoice> {
        if to < from {
            return Err(Error::validation("to", "must not be before from"));
        }
        let numbers: Vec<PhoneNumber> = self
            .customer_numbers(
                customer_auth_id,
                NumberFilters::default(),
                PageOptions::default(),
            )?
            .collect()
            .await?;
        let mut lines = Vec::new();
        let mut currency = None;
        for number in &numbers {
            let e164 = number.e164.clone();
            let label = e164.clone().unwrap_or_default();
            currency = currency.or_else(|| number.currency.clone());
            let Some(bought) = number.purchased_at.as_ref().and_then(Timestamp::date) else {
                continue;
            };
            if bought >= from && bought <= to {
                lines.push(InvoiceLine {
                    kind: "setup".into(),
                    e164: e164.clone(),
                    description: format!("DID setup {label}"),
                    quantity: 1,
                    amount: money(amount(&number.setup_fee)),
                });
            }
            let ends = number
                .released_at
                .as_ref()
                .and_then(Timestamp::date)
                .map_or(to, |released| released.min(to));
            let renewals = billing_days(bought, from, ends);
            if renewals > 0 {
                lines.push(InvoiceLine {
                    kind: "monthly".into(),
                    e164,
                    description: format!("DID rental {label} × {renewals}"),
                    quantity: renewals,
                    amount: money(amount(&number.monthly_fee) * Decimal::from(renewals)),
                });
            }
        }
        let filters = CdrFilters {
            start_date: Some(from),
            end_date: Some(to),
            ..CdrFilters::default()
        };
        let cdrs = self
            .customer_cdrs(customer_auth_id, filters, PageOptions::default())?
            .collect()
            .await?;
        let usage: Decimal = cdrs.iter().map(|c| amount(&c.total_cost.or(c.cost))).sum();
        currency = currency.or_else(|| cdrs.iter().find_map(|c| c.currency.clone()));
        if !cdrs.is_empty() {
            lines.push(InvoiceLine {
                kind: "usage".into(),
                e164: None,
                description: format!("Calls ({})", cdrs.len()),
                quantity: cdrs.len() as u64,
                amount: money(usage),
            });
        }
        let total_of = |kind: &str| -> Decimal {
            lines
                .iter()
                .filter(|l| l.kind == kind)
                .map(|l| l.amount.as_decimal())
                .sum()
        };
        let (setup, monthly, usage) = (total_of("setup"), total_of("monthly"), total_of("usage"));
        Ok(Invoice {
            customer_auth_id: customer_auth_id.to_owned(),
            from,
            to,
            currency,
            lines,
            setup_total: money(setup),
            monthly_total: money(monthly),
            usage_total: money(usage),
            total: money(setup + monthly + usage),
        })
    }
}

/// How many monthly billing days (`bought`, then the same day each month) fall in
/// `from..=to`.
fn billing_days(bought: NaiveDate, from: NaiveDate, to: NaiveDate) -> u64 {
    let mut count = 0;
    let mut k = 0;
    while let Some(day) = bought.checked_add_months(Months::new(k)) {
        if day > to {
            break;
        }
        if day >= from {
            count += 1;
        }
        k += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn billing_days_count_the_purchase_and_each_month_after() {
        assert_eq!(
            billing_days(day("2026-03-25"), day("2026-03-01"), day("2026-03-31")),
            1
        );
        assert_eq!(
            billing_days(day("2026-03-25"), day("2026-04-01"), day("2026-04-30")),
            1
        );
        assert_eq!(
            billing_days(day("2026-03-25"), day("2026-03-01"), day("2026-06-30")),
            4
        );
        assert_eq!(
            billing_days(day("2026-03-25"), day("2026-04-26"), day("2026-05-24")),
            0
        );
        assert_eq!(
            billing_days(day("2026-07-01"), day("2026-03-01"), day("2026-06-30")),
            0
        );
    }
}

//! The partner client's operations.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{Args, OperationKind, ViewPages, unknown, view};
use crate::clients::Partner;
use crate::error::{Error, Result};
use crate::models::{
    CapacityMove, CdrFilters, CustomerFilters, KycSessionFilters, NewCustomer, NewKycSession,
    NumberFilters, TransactionFilters,
};
use crate::money::Money;
use crate::pagination::PageOptions;
use crate::validate;
use crate::view::View;
use crate::workflows::bulk::BulkOptions;
use crate::workflows::onboarding::{self, CustomerPlan, OnboardingState};

pub(super) async fn call(p: &Partner, op: &str, mut a: Args) -> Result<View> {
    match op {
        "me" => {
            a.finish()?;
            view(p.me().await)
        }
        "dashboard" => {
            a.finish()?;
            view(p.dashboard().await)
        }
        "analytics" => {
            let from: Option<NaiveDate> = a.optional("from")?;
            let to: Option<NaiveDate> = a.optional("to")?;
            a.finish()?;
            view(p.analytics(from, to).await)
        }
        "create_customer" => {
            let customer: NewCustomer = a.rest()?;
            view(p.create_customer(&customer).await)
        }
        "get_customer" => {
            let id: String = a.required("customer_auth_id")?;
            a.finish()?;
            view(p.get_customer(&id).await)
        }
        "customer_balance" => {
            let id: String = a.required("customer_auth_id")?;
            a.finish()?;
            view(p.customer_balance(&id).await)
        }
        "transfer_balance" => {
            let id: String = a.required("customer_auth_id")?;
            let amount: Money = a.required("amount")?;
            let currency: String = a.required("currency")?;
            let description: Option<String> = a.optional("description")?;
            a.finish()?;
            view(
                p.transfer_balance(&id, amount, &currency, description.as_deref())
                    .await,
            )
        }
        "customer_onboarding_step" => {
            let plan: CustomerPlan = a.required_checked("plan")?;
            let state: Option<OnboardingState> = a.optional("state")?;
            let ctx = super::account::onboarding_context(&mut a, "customer_credentials")?;
            a.finish()?;
            view(onboarding::step_once(p, &plan, state, &ctx).await)
        }
        "transfer_balance_safely" => {
            let id: String = a.required("customer_auth_id")?;
            let amount: Money = a.required("amount")?;
            let currency: String = a.required("currency")?;
            let description: Option<String> = a.optional("description")?;
            let reference: Option<String> = a.optional("reference")?;
            a.finish()?;
            // Checked here too: a re-run with a known reference answers from the ledger
            // without sending, and must still refuse a description nobody could send.
            if let Some(d) = &description {
                validate::multiline_text("description", d)?;
            }
            view(
                p.transfer_balance_safely(
                    &id,
                    amount,
                    &currency,
                    description.as_deref(),
                    reference.as_deref(),
                )
                .await,
            )
        }
        "customer_transactions_page" => {
            let id: String = a.required("customer_auth_id")?;
            let (page, per_page) = a.page()?;
            let filters: TransactionFilters = a.rest()?;
            view(
                p.customer_transactions_page(&id, filters, page, per_page)
                    .await,
            )
        }
        "transactions_page" => {
            let (page, per_page) = a.page()?;
            let filters: TransactionFilters = a.rest()?;
            view(p.transactions_page(filters, page, per_page).await)
        }
        "customer_cdrs_page" => {
            let id: String = a.required("customer_auth_id")?;
            let (page, per_page) = a.page()?;
            let filters: CdrFilters = a.rest()?;
            view(p.customer_cdrs_page(&id, filters, page, per_page).await)
        }
        "customer_cdr" => {
            let id: String = a.required("customer_auth_id")?;
            let call_uuid: String = a.required("call_uuid")?;
            a.finish()?;
            view(p.customer_cdr(&id, &call_uuid).await)
        }
        "cdrs_page" => {
            let (page, per_page) = a.page()?;
            let filters: CdrFilters = a.rest()?;
            view(p.cdrs_page(filters, page, per_page).await)
        }
        "create_kyc_session" => {
            let session: NewKycSession = a.rest()?;
            view(p.create_kyc_session(&session).await)
        }
        "get_kyc_session" => {
            let id: String = a.required("session_id")?;
            a.finish()?;
            view(p.get_kyc_session(&id).await)
        }
        "resend_kyc_session" => {
            let id: String = a.required("session_id")?;
            a.finish()?;
            view(p.resend_kyc_session(&id).await)
        }
        "revoke_kyc_session" => {
            let id: String = a.required("session_id")?;
            let reason: Option<String> = a.optional("reason")?;
            a.finish()?;
            view(p.revoke_kyc_session(&id, reason.as_deref()).await)
        }
        "transfer_capacity" => {
            let id: String = a.required("customer_auth_id")?;
            let request: CapacityMove = a.rest()?;
            view(p.transfer_capacity(&id, &request).await)
        }
        "reclaim_capacity" => {
            let id: String = a.required("customer_auth_id")?;
            let request: CapacityMove = a.rest()?;
            view(p.reclaim_capacity(&id, &request).await)
        }
        "customer_capacity" => {
            let id: String = a.required("customer_auth_id")?;
            a.finish()?;
            view(p.customer_capacity(&id).await)
        }
        "onboard_customers" => {
            let customers: Vec<NewCustomer> = a.required("customers")?;
            let defaults = BulkOptions::default();
            let options = BulkOptions {
                concurrency: a.optional("concurrency")?.unwrap_or(defaults.concurrency),
                requests_per_second: match a.optional::<u32>("requests_per_second")? {
                    Some(0) => None,
                    Some(rate) => Some(rate),
                    None => defaults.requests_per_second,
                },
            };
            a.finish()?;
            view(p.onboard_customers(customers, options).await)
        }
        "renewals_at_risk" => {
            let days: u32 = a.required("within_days")?;
            let as_of: Option<DateTime<Utc>> = a.optional("as_of")?;
            a.finish()?;
            let within = Duration::days(i64::from(days));
            let as_of = as_of.unwrap_or_else(Utc::now);
            // `as_of + within` past chrono's last date would panic in the report.
            if as_of.checked_add_signed(within).is_none() {
                return Err(Error::validation(
                    "within_days",
                    format!("{days} days after as_of is past the last representable date"),
                ));
            }
            view(p.renewals_at_risk(within, as_of).await)
        }
        "unrouted_numbers" => {
            a.finish()?;
            view(p.unrouted_numbers().await)
        }
        "aadhaar_restricted_numbers" => {
            a.finish()?;
            view(p.aadhaar_restricted_numbers().await)
        }
        "invoice" => {
            let id: String = a.required("customer_auth_id")?;
            let from: NaiveDate = a.required("from")?;
            let to: NaiveDate = a.required("to")?;
            a.finish()?;
            view(p.invoice(&id, from, to).await)
        }
        _ => Err(unknown("partner", op, OperationKind::Call)),
    }
}

pub(super) fn list(p: &Partner, op: &str, mut a: Args, options: PageOptions) -> Result<ViewPages> {
    let pages = match op {
        "list_customers" => {
            ViewPages::new(p.list_customers(a.rest::<CustomerFilters>()?, options)?)
        }
        "customer_transactions" => {
            let id: String = a.required("customer_auth_id")?;
            ViewPages::new(p.customer_transactions(&id, a.rest()?, options)?)
        }
        "transactions" => ViewPages::new(p.transactions(a.rest()?, options)?),
        "customer_cdrs" => {
            let id: String = a.required("customer_auth_id")?;
            ViewPages::new(p.customer_cdrs(&id, a.rest()?, options)?)
        }
        "cdrs" => ViewPages::new(p.cdrs(a.rest()?, options)?),
        "customer_numbers" => {
            let id: String = a.required("customer_auth_id")?;
            ViewPages::new(p.customer_numbers(&id, a.rest::<NumberFilters>()?, options)?)
        }
        "numbers" => ViewPages::new(p.numbers(a.rest()?, options)?),
        "list_kyc_sessions" => {
            ViewPages::new(p.list_kyc_sessions(a.rest::<KycSessionFilters>()?, options)?)
        }
        "list_capacity_transfers" => {
            a.finish()?;
            ViewPages::new(p.list_capacity_transfers(options)?)
        }
        _ => return Err(unknown("partner", op, OperationKind::List)),
    };
    Ok(pages)
}

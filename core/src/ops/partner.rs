//! The partner client's operations (partner credentials, `PA_…`).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::{Map, Value};

use crate::clients::Partner;
use crate::error::Error;
use crate::models::{BulkOnboardingRow, OnboardingStep};
use crate::models::{
    CapacityMove, CapacityTransfer, CapacityTransferResult, Cdr, CdrFilters, CdrPage,
    CreatedCustomer, Customer, CustomerBalance, CustomerCapacity, CustomerFilters, Dashboard,
    Invoice, KycFlow, KycReminder, KycResend, KycRevocation, KycSession, KycSessionCreated,
    KycSessionFilters, NewCustomer, NewKycSession, NumberFilters, PartnerProfile, PhoneNumber,
    RenewalRisk, SafeTransfer, Transaction, TransactionFilters, TransactionPage, TransferResult,
};
use crate::money::Money;
use crate::validate;
use crate::workflows::bulk::BulkOptions;
use crate::workflows::onboarding::{self, CustomerPlan, GivenCredentials, OnboardingState};

crate::operations! {
    client Partner, scope "partner";

    /// The partner's profile and wallet.
    call me => client.me
        route GET "/partner/me"
        () -> PartnerProfile
        = |p| p.me().await;

    /// Customer counts, wallet and traffic totals.
    call dashboard => client.dashboard
        route GET "/partner/dashboard"
        () -> Dashboard
        = |p| p.dashboard().await;

    /// The dashboard over a period (both days inclusive).
    call analytics => client.analytics
        route GET "/partner/analytics"
        options "range"
        (
            /// The first day (`YYYY-MM-DD`).
            opt from: NaiveDate => from_date,
            /// The last day (`YYYY-MM-DD`).
            opt to: NaiveDate => to_date,
        ) -> Dashboard
        = |p| p.analytics(from, to).await;

    /// Creates a customer. The answer's `auth_token` is shown only once: store it now.
    /// Checked before sending: email, password rule, E.164 phone, ISO country, GSTIN.
    call create_customer => customers.create
        route POST "/partner/accounts"
        (
            /// The new customer.
            rest customer: NewCustomer,
        ) -> CreatedCustomer
        = |p| p.create_customer(&customer).await;

    /// Every customer (matching `search`), lazily, page by page.
    list list_customers => customers.list
        route GET "/partner/accounts"
        (
            /// The filters.
            rest filters: CustomerFilters,
        ) -> Customer
        = |p, paging| p.list_customers(filters, paging);

    /// Creates every customer of `customers` (each with the arguments of `create`) that
    /// does not exist yet, `concurrency` at a time and at most `requests_per_second`
    /// requests (0: no limit). One row per input, in order: `created` (with the once-shown
    /// `auth_token`), `existing` (found by email: a re-run, or an answer lost in transit) or
    /// `failed` (`error_kind`, `error_message`). Running the same list again creates
    /// nothing twice.
    table onboard_customers => customers.onboard_many
        workflow "bulk onboarding: look up by email, create what is missing"
        (
            /// The customers to create.
            pos customers: Vec<NewCustomer>,
            /// How many creations run at once.
            def concurrency: usize = 4,
            /// The most requests per second (0: no limit).
            def requests_per_second: u32 = 5,
        ) -> Vec<BulkOnboardingRow>
        = |p| p.onboard_customers(customers, BulkOptions {
            concurrency,
            requests_per_second: (requests_per_second > 0).then_some(requests_per_second),
        }).await;

    /// Runs the next step of a partner customer onboarding (create → fund with a safe
    /// transfer → KYC session → wait for KYC → trunk → CDR read); `state` absent starts
    /// one. The answer holds the updated state and the step's report; store the report's
    /// once-shown credentials before saving the state.
    call customer_onboarding_step => customers.onboarding_step
        workflow "customer onboarding, one step"
        (
            /// What to onboard.
            pos_checked plan: CustomerPlan,
            /// Where the onboarding stands (absent: start).
            pos_opt state: OnboardingState,
            /// How long a step may wait for KYC, in seconds (0: do not wait).
            def max_wait_seconds: f64 = 0.0,
            /// The customer's own credentials, for the steps that need them (the trunk).
            opt customer_credentials: GivenCredentials,
        ) -> OnboardingStep
        = |p| {
            let ctx = onboarding::StepContext {
                max_wait: crate::workflows::onboarding::max_wait(max_wait_seconds)?,
                customer_credentials: customer_credentials
                    .map(GivenCredentials::into_credentials)
                    .transpose()?,
                ..onboarding::StepContext::default()
            };
            onboarding::step_once(p, &plan, state, &ctx).await
        };

    /// One customer by its `MA_…` id.
    call get_customer => customers.get
        route GET "/partner/accounts/{customer_auth_id}"
        (
            /// The customer's `MA_…` id.
            pos customer_auth_id: String,
        ) -> Customer
        = |p| p.get_customer(&customer_auth_id).await;

    /// The customer's wallet (`cash_credits`, exact).
    call customer_balance => customers.balance
        route GET "/partner/accounts/{customer_auth_id}/balance"
        (
            /// The customer's `MA_…` id.
            pos customer_auth_id: String,
        ) -> CustomerBalance
        = |p| p.customer_balance(&customer_auth_id).await;

    /// Moves `amount` from the partner's wallet to the customer's. Never retried blindly:
    /// an ambiguous failure is an outcome-unknown error (check the ledger before trying
    /// again, or use `transfer_balance_safely`).
    call transfer_balance => customers.transfer_balance
        route POST "/partner/accounts/{customer_auth_id}/transfer-balance"
        (
            /// The customer's `MA_…` id.
            pos customer_auth_id: String,
            /// The amount, exact (at most 2 decimals).
            pos amount: Money,
            /// The partner's currency (`INR`).
            req currency: String,
            /// Text shown on both ledger rows.
            opt description: String,
        ) -> TransferResult
        = |p| p.transfer_balance(&customer_auth_id, amount, &currency, description.as_deref()).await;

    /// Moves `amount` to the customer's wallet, never twice. The transfer carries
    /// `reference` (yours, e.g. an order id, or a generated `vbz-…`) in its description as
    /// `"<description> [ref:<reference>]"`. An ambiguous failure is settled from the
    /// customer's ledger: found, it is returned (`reconciled`); provably not made, it is
    /// sent once more. With your own reference a re-run is safe: a transfer already made
    /// with it is returned (`outcome == "already_done"`), not made again. An outcome-unknown
    /// error (naming the reference) only when both attempts were ambiguous and the ledger
    /// does not show it: call again with the same reference.
    call transfer_balance_safely => customers.transfer_balance_safely
        workflow "safe transfer: send, settle an ambiguous answer from the ledger"
        (
            /// The customer's `MA_…` id.
            pos customer_auth_id: String,
            /// The amount, exact (at most 2 decimals).
            pos amount: Money,
            /// The partner's currency (`INR`).
            req currency: String,
            /// Text shown on both ledger rows (the reference is appended).
            opt description: String,
            /// Your idempotency reference (an order id); generated when absent.
            opt reference: String,
        ) -> SafeTransfer
        = |p| {
            // Checked here too: a re-run with a known reference answers from the ledger
            // without sending, and must still refuse a description nobody could send.
            if let Some(d) = &description {
                validate::multiline_text("description", d)?;
            }
            p.transfer_balance_safely(
                &customer_auth_id,
                amount,
                &currency,
                description.as_deref(),
                reference.as_deref(),
            )
            .await
        };

    /// The customer's ledger rows, lazily (`transaction_type`: recharge, debit, refund,
    /// transfer).
    list customer_transactions => customers.transactions
        route GET "/partner/accounts/{customer_auth_id}/transactions"
        (
            /// The customer's `MA_…` id.
            pos customer_auth_id: String,
            /// The filters.
            rest filters: TransactionFilters,
        ) -> Transaction
        = |p, paging| p.customer_transactions(&customer_auth_id, filters, paging);

    /// One page of the customer's ledger with its `summary` totals.
    call customer_transactions_page => customers.transactions_page
        route GET "/partner/accounts/{customer_auth_id}/transactions"
        (
            /// The customer's `MA_…` id.
            pos customer_auth_id: String,
            /// The page, from 1.
            def page: u32 = 1,
            /// Rows per page.
            def per_page: u32 = 20,
            /// The filters.
            rest filters: TransactionFilters,
        ) -> TransactionPage
        = |p| p.customer_transactions_page(&customer_auth_id, filters, page, per_page).await;

    /// The customer's call records, lazily (`status`: answered, failed, busy, no_answer).
    list customer_cdrs => customers.cdrs
        route GET "/partner/accounts/{customer_auth_id}/cdrs"
        (
            /// The customer's `MA_…` id.
            pos customer_auth_id: String,
            /// The filters.
            rest filters: CdrFilters,
        ) -> Cdr
        = |p, paging| p.customer_cdrs(&customer_auth_id, filters, paging);

    /// One page of the customer's CDRs with the page's summary.
    call customer_cdrs_page => customers.cdrs_page
        route GET "/partner/accounts/{customer_auth_id}/cdrs"
        (
            /// The customer's `MA_…` id.
            pos customer_auth_id: String,
            /// The page, from 1.
            def page: u32 = 1,
            /// Rows per page.
            def per_page: u32 = 20,
            /// The filters.
            rest filters: CdrFilters,
        ) -> CdrPage
        = |p| p.customer_cdrs_page(&customer_auth_id, filters, page, per_page).await;

    /// One of the customer's CDRs.
    call customer_cdr => customers.cdr
        route GET "/partner/accounts/{customer_auth_id}/cdrs/{call_uuid}"
        (
            /// The customer's `MA_…` id.
            pos customer_auth_id: String,
            /// The call's UUID.
            pos call_uuid: String,
        ) -> Cdr
        = |p| p.customer_cdr(&customer_auth_id, &call_uuid).await;

    /// The customer's numbers, lazily.
    list customer_numbers => customers.numbers
        route GET "/partner/accounts/{customer_auth_id}/numbers"
        (
            /// The customer's `MA_…` id.
            pos customer_auth_id: String,
            /// The filters.
            rest filters: NumberFilters,
        ) -> PhoneNumber
        = |p, paging| p.customer_numbers(&customer_auth_id, filters, paging);

    /// The customer's concurrent-call and CPS allocation.
    call customer_capacity => customers.capacity
        route GET "/partner/accounts/{customer_auth_id}/concurrency"
        (
            /// The customer's `MA_…` id.
            pos customer_auth_id: String,
        ) -> CustomerCapacity
        = |p| p.customer_capacity(&customer_auth_id).await;

    /// Moves `slots` of `resource` (`concurrent_calls` or `cps`) from the partner's pool to
    /// the customer.
    call transfer_capacity => customers.transfer_capacity
        route POST "/partner/accounts/{customer_auth_id}/concurrency/transfer"
        options "move"
        (
            /// The customer's `MA_…` id.
            pos customer_auth_id: String,
            /// What to move.
            rest movement: CapacityMove,
        ) -> CapacityTransferResult
        = |p| p.transfer_capacity(&customer_auth_id, &movement).await;

    /// Takes `slots` of `resource` back from the customer.
    call reclaim_capacity => customers.reclaim_capacity
        route POST "/partner/accounts/{customer_auth_id}/concurrency/reclaim"
        options "move"
        (
            /// The customer's `MA_…` id.
            pos customer_auth_id: String,
            /// What to take back.
            rest movement: CapacityMove,
        ) -> CapacityTransferResult
        = |p| p.reclaim_capacity(&customer_auth_id, &movement).await;

    /// Every customer's numbers, lazily.
    list numbers => client.numbers
        route GET "/partner/numbers"
        (
            /// The filters.
            rest filters: NumberFilters,
        ) -> PhoneNumber
        = |p, paging| p.numbers(filters, paging);

    /// The partner-wide ledger, lazily.
    list transactions => client.transactions
        route GET "/partner/transactions"
        (
            /// The filters.
            rest filters: TransactionFilters,
        ) -> Transaction
        = |p, paging| p.transactions(filters, paging);

    /// One page of the partner-wide ledger.
    call transactions_page => client.transactions_page
        route GET "/partner/transactions"
        (
            /// The page, from 1.
            def page: u32 = 1,
            /// Rows per page.
            def per_page: u32 = 20,
            /// The filters.
            rest filters: TransactionFilters,
        ) -> TransactionPage
        = |p| p.transactions_page(filters, page, per_page).await;

    /// Every customer's call records, lazily.
    list cdrs => client.cdrs
        route GET "/partner/cdrs"
        (
            /// The filters.
            rest filters: CdrFilters,
        ) -> Cdr
        = |p, paging| p.cdrs(filters, paging);

    /// One page of every customer's CDRs.
    call cdrs_page => client.cdrs_page
        route GET "/partner/cdrs"
        (
            /// The page, from 1.
            def page: u32 = 1,
            /// Rows per page.
            def per_page: u32 = 20,
            /// The filters.
            rest filters: CdrFilters,
        ) -> CdrPage
        = |p| p.cdrs_page(filters, page, per_page).await;

    /// The capacity allocation history, lazily.
    list list_capacity_transfers => client.capacity_transfers
        route GET "/partner/concurrency/transfers"
        () -> CapacityTransfer
        = |p, paging| p.list_capacity_transfers(paging);

    /// Opens a hosted KYC session (`flow`: `email` or `redirect`); a new one revokes the
    /// customer's active session.
    call create_kyc_session => kyc_sessions.create
        route POST "/partner/kyc-sessions"
        (
            /// The customer (`MA_…`) to verify.
            pos account_auth_id: String,
            /// `email` (Vobiz emails the link) or `redirect` (you send the customer to the
            /// returned `widget_url`).
            def flow: KycFlow = KycFlow::Email,
            /// Where to send the link (email flow; ignored by the redirect flow).
            opt customer_email: String,
            /// Where the widget sends the browser back, an absolute http(s) URL (redirect
            /// flow; required there).
            opt redirect_url: String,
            /// Receives `kyc.completed`, `kyc.failed` and `kyc.session_revoked`.
            opt webhook_url: String,
            /// Days until the session expires (1–365; the API's default is 7).
            opt expires_in_days: u32,
            /// Reminder emails (email flow), each `{"trigger": "days_before_expiry", "value": n}`.
            def reminder_schedule: Vec<KycReminder> = Vec::<KycReminder>::new(),
            /// Your own data, echoed on reads and in webhooks.
            opt metadata: Map<String, Value>,
        ) -> KycSessionCreated
        = |p| {
            let session = NewKycSession {
                account_auth_id,
                flow,
                customer_email,
                redirect_url,
                webhook_url,
                expires_in_days,
                reminder_schedule,
                metadata,
            };
            p.create_kyc_session(&session).await
        };

    /// Sessions, lazily, optionally by status or customer.
    list list_kyc_sessions => kyc_sessions.list
        route GET "/partner/kyc-sessions"
        (
            /// The filters.
            rest filters: KycSessionFilters,
        ) -> KycSession
        = |p, paging| p.list_kyc_sessions(filters, paging);

    /// One session.
    call get_kyc_session => kyc_sessions.get
        route GET "/partner/kyc-sessions/{session_id}"
        (
            /// The session's id.
            pos session_id: String,
        ) -> KycSession
        = |p| p.get_kyc_session(&session_id).await;

    /// Sends the link again (at most every 30 minutes: a rate-limit error otherwise).
    call resend_kyc_session => kyc_sessions.resend
        route POST "/partner/kyc-sessions/{session_id}/resend"
        (
            /// The session's id.
            pos session_id: String,
        ) -> KycResend
        = |p| p.resend_kyc_session(&session_id).await;

    /// Revokes a session that is not finished.
    call revoke_kyc_session => kyc_sessions.revoke
        route DELETE "/partner/kyc-sessions/{session_id}"
        (
            /// The session's id.
            pos session_id: String,
            /// Why (kept on the session).
            opt reason: String,
        ) -> KycRevocation
        = |p| p.revoke_kyc_session(&session_id, reason.as_deref()).await;

    /// Numbers renewing within `within_days` of `as_of` (now by default) whose owner's
    /// wallet cannot cover the rental, each owner's renewals counted in date order.
    table renewals_at_risk => reports.renewals_at_risk
        workflow "renewals report over every customer's numbers and wallets"
        (
            /// The horizon in days.
            def within_days: u32 = 14,
            /// The moment to look from (an aware date-time; now when absent).
            opt as_of: DateTime<Utc>,
        ) -> Vec<RenewalRisk>
        = |p| {
            let within = Duration::days(i64::from(within_days));
            let as_of = as_of.unwrap_or_else(Utc::now);
            // `as_of + within` past chrono's last date would panic in the report.
            if as_of.checked_add_signed(within).is_none() {
                return Err(Error::validation(
                    "within_days",
                    format!("{within_days} days after as_of is past the last representable date"),
                ));
            }
            p.renewals_at_risk(within, as_of).await
        };

    /// Owned numbers with no application routing (callers are hung up at once).
    table unrouted_numbers => reports.unrouted_numbers
        workflow "numbers report over every customer"
        () -> Vec<PhoneNumber>
        = |p| p.unrouted_numbers().await;

    /// Numbers that require Aadhaar verification and lack it (India).
    table aadhaar_restricted_numbers => reports.aadhaar_restricted_numbers
        workflow "numbers report over every customer"
        () -> Vec<PhoneNumber>
        = |p| p.aadhaar_restricted_numbers().await;

    /// What the customer owes for `from..=to`: setup fees of numbers bought in it, the
    /// monthly rentals due in it, and its call usage.
    call invoice => reports.invoice
        workflow "invoice from the customer's numbers and CDRs"
        options "period"
        (
            /// The customer's `MA_…` id.
            pos customer_auth_id: String,
            /// The first day (`YYYY-MM-DD`).
            req from: NaiveDate => from_date,
            /// The last day (`YYYY-MM-DD`).
            req to: NaiveDate => to_date,
        ) -> Invoice
        = |p| p.invoice(&customer_auth_id, from, to).await;
}

//! The partner's read-only records: ledgers, CDRs and numbers, per customer and across all
//! its customers.

use serde_json::Value;

use super::customers::{check_page, check_page_size, customer_id, customer_path, opt_text};
use super::{paginate, send, send_json};
use crate::clients::Partner;
use crate::credentials::{AccountKind, AuthId, Scope};
use crate::error::{Error, Result};
use crate::models::{
    Cdr, CdrFilters, CdrPage, NumberFilters, PhoneNumber, Transaction, TransactionFilters,
    TransactionPage,
};
use crate::pagination::{ListSpec, PageOptions, PageStyle, Paginated};
use crate::path::ApiPath;
use crate::request::ApiRequest;

/// Ledgers: `page` + `per_page` in and out (style B), at most 200 a page (more is a 422).
const TRANSACTIONS: ListSpec = ListSpec {
    style: PageStyle::PagePerPage,
    items_key: "transactions",
    max_page_size: 200,
};

/// CDR lists: nested `pagination{…}` (style E), at most 100 a page.
const CDRS: ListSpec = ListSpec {
    style: PageStyle::NestedPagination,
    items_key: "data",
    max_page_size: 100,
};

/// Number lists: `items[]` with `page` + `per_page` (style C), at most 100 a page.
const NUMBERS: ListSpec = ListSpec {
    style: PageStyle::PagePerPage,
    items_key: "items",
    max_page_size: 100,
};

/// The ledger filters as query parameters; `global` allows `account`.
fn transaction_query(
    request: ApiRequest,
    filters: &TransactionFilters,
    global: bool,
) -> Result<ApiRequest> {
    if let (Some(from), Some(to)) = (filters.from_date, filters.to_date)
        && from > to
    {
        return Err(Error::validation(
            "from_date",
            format!("{from} is after to_date {to}"),
        ));
    }
    let account = match opt_text(filters.account.as_ref()) {
        None => None,
        Some(_) if !global => {
            return Err(Error::validation(
                "account",
                "applies to the partner-wide ledger only; this ledger is already one customer's",
            ));
        }
        Some(account) => Some(AuthId::parse_kind(
            &account,
            "account",
            &[AccountKind::Main],
        )?),
    };
    Ok(request
        .query_opt("from_date", filters.from_date)
        .query_opt("to_date", filters.to_date)
        .query_opt("transaction_type", filters.transaction_type)
        .query_opt("account", account)
        .query_opt("search", opt_text(filters.search.as_ref())))
}

/// The CDR filters as query parameters.
fn cdr_query(request: ApiRequest, filters: &CdrFilters) -> Result<ApiRequest> {
    if let (Some(start), Some(end)) = (filters.start_date, filters.end_date)
        && start > end
    {
        return Err(Error::validation(
            "start_date",
            format!("{start} is after end_date {end}"),
        ));
    }
    let cause = opt_text(filters.hangup_cause.as_ref());
    if let Some(cause) = &cause
        && !cause
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return Err(Error::validation(
            "hangup_cause",
            format!("{cause:?} is not a hangup cause (e.g. NORMAL_CLEARING)"),
        ));
    }
    Ok(request
        .query_opt("start_date", filters.start_date)
        .query_opt("end_date", filters.end_date)
        .query_opt("call_direction", filters.call_direction)
        .query_opt("status", filters.status)
        .query_opt("hangup_cause", cause)
        .query_opt("min_duration", filters.min_duration))
}

impl Partner {
    /// `GET /partner/accounts/{customer_auth_id}/transactions`: the customer's ledger,
    /// newest first, as a lazy stream (pages of `options.page_size`, at most 200).
    /// `filters.account` is refused here (it is for [`Partner::transactions`]).
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`customer_auth_id`,
    /// `per_page`, `from_date`, `account`), then, while walking, [`Error::NotFound`]
    /// (unknown or another partner's customer), [`Error::Unprocessable`],
    /// [`Error::Authentication`], [`Error::PermissionDenied`].
    pub fn customer_transactions(
        &self,
        customer_auth_id: &str,
        filters: TransactionFilters,
        options: PageOptions,
    ) -> Result<Paginated<Transaction>> {
        let customer = customer_id(customer_auth_id)?;
        check_page_size(&options, "per_page", TRANSACTIONS.max_page_size)?;
        let request = transaction_query(
            ApiRequest::get(customer_path(&customer).lit("transactions")),
            &filters,
            false,
        )?;
        paginate(
            &self.transport,
            self.credentials.credentials(),
            request,
            TRANSACTIONS,
            options,
        )
    }

    /// One page of the customer's ledger with its `summary` (total debit, credit and net
    /// over every matching row, and totals per reference type).
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`customer_auth_id`,
    /// `page`, `per_page` outside 1–200, `from_date`, `account`), [`Error::NotFound`],
    /// [`Error::Unprocessable`], [`Error::Authentication`], [`Error::PermissionDenied`].
    pub async fn customer_transactions_page(
        &self,
        customer_auth_id: &str,
        filters: TransactionFilters,
        page: u32,
        per_page: u32,
    ) -> Result<TransactionPage> {
        let customer = customer_id(customer_auth_id)?;
        check_page(page, per_page, "per_page", TRANSACTIONS.max_page_size)?;
        let request = transaction_query(
            ApiRequest::get(customer_path(&customer).lit("transactions")),
            &filters,
            false,
        )?
        .query("page", page)
        .query("per_page", per_page);
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `GET /partner/transactions`: the ledger rows of every customer of this partner,
    /// newest first, as a lazy stream. `filters.account` drills into one customer;
    /// `filters.search` spans description, reference, account id and account name.
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`per_page`, `from_date`,
    /// `account`), then, while walking, [`Error::Unprocessable`],
    /// [`Error::Authentication`], [`Error::PermissionDenied`].
    pub fn transactions(
        &self,
        filters: TransactionFilters,
        options: PageOptions,
    ) -> Result<Paginated<Transaction>> {
        check_page_size(&options, "per_page", TRANSACTIONS.max_page_size)?;
        let request = transaction_query(
            ApiRequest::get(ApiPath::v1().lit("partner/transactions")),
            &filters,
            true,
        )?;
        paginate(
            &self.transport,
            self.credentials.credentials(),
            request,
            TRANSACTIONS,
            options,
        )
    }

    /// One page of the partner-wide ledger, with its `summary` when the API sends one.
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`page`, `per_page`
    /// outside 1–200, `from_date`, `account`), [`Error::Unprocessable`],
    /// [`Error::Authentication`], [`Error::PermissionDenied`].
    pub async fn transactions_page(
        &self,
        filters: TransactionFilters,
        page: u32,
        per_page: u32,
    ) -> Result<TransactionPage> {
        check_page(page, per_page, "per_page", TRANSACTIONS.max_page_size)?;
        let request = transaction_query(
            ApiRequest::get(ApiPath::v1().lit("partner/transactions")),
            &filters,
            true,
        )?
        .query("page", page)
        .query("per_page", per_page);
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `GET /partner/accounts/{customer_auth_id}/cdrs`: the customer's call records,
    /// newest first, as a lazy stream over every page (at most 100 a page).
    ///
    /// Needs partner credentials (and `can_view_cdrs`). Errors: [`Error::Validation`]
    /// (`customer_auth_id`, `per_page`, `start_date`, `hangup_cause`), then, while
    /// walking, [`Error::NotFound`], [`Error::PermissionDenied`] (`can_view_cdrs` off),
    /// [`Error::Unprocessable`], [`Error::Authentication`].
    pub fn customer_cdrs(
        &self,
        customer_auth_id: &str,
        filters: CdrFilters,
        options: PageOptions,
    ) -> Result<Paginated<Cdr>> {
        let customer = customer_id(customer_auth_id)?;
        check_page_size(&options, "per_page", CDRS.max_page_size)?;
        let request = cdr_query(
            ApiRequest::get(customer_path(&customer).lit("cdrs")),
            &filters,
        )?;
        paginate(
            &self.transport,
            self.credentials.credentials(),
            request,
            CDRS,
            options,
        )
    }

    /// One page of the customer's call records with its `pagination` and `summary` (answer
    /// rate, billable seconds, total cost over every matching call).
    ///
    /// Needs partner credentials (and `can_view_cdrs`). Errors: [`Error::Validation`]
    /// (`customer_auth_id`, `page`, `per_page` outside 1–100, `start_date`,
    /// `hangup_cause`), [`Error::NotFound`], [`Error::PermissionDenied`],
    /// [`Error::Unprocessable`], [`Error::Authentication`].
    pub async fn customer_cdrs_page(
        &self,
        customer_auth_id: &str,
        filters: CdrFilters,
        page: u32,
        per_page: u32,
    ) -> Result<CdrPage> {
        let customer = customer_id(customer_auth_id)?;
        check_page(page, per_page, "per_page", CDRS.max_page_size)?;
        let request = cdr_query(
            ApiRequest::get(customer_path(&customer).lit("cdrs")),
            &filters,
        )?
        .query("page", page)
        .query("per_page", per_page);
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `GET /partner/accounts/{customer_auth_id}/cdrs/{call_uuid}`: one call record, by
    /// the call's **uuid** (the numeric CDR id is not accepted). Both documented answer
    /// forms are read: the bare object and `{data: {…}, success}`.
    ///
    /// Needs partner credentials (and `can_view_cdrs`). Errors: [`Error::Validation`]
    /// (`customer_auth_id`, `call_uuid`), [`Error::NotFound`] (no such call for this
    /// customer), [`Error::PermissionDenied`], [`Error::Authentication`],
    /// [`Error::Decode`].
    pub async fn customer_cdr(&self, customer_auth_id: &str, call_uuid: &str) -> Result<Cdr> {
        let customer = customer_id(customer_auth_id)?;
        let path = customer_path(&customer)
            .lit("cdrs")
            .param("call_uuid", call_uuid.trim())?;
        let response = send(&self.transport, &self.credentials, ApiRequest::get(path)).await?;
        let value: Value = response.json()?;
        Cdr::from_either(value)
            .map_err(|e| response.decode_error(format!("the answer is not a CDR: {e}")))
    }

    /// `GET /partner/cdrs`: the call records of every customer of this partner, newest
    /// first, as a lazy stream.
    ///
    /// Needs partner credentials (and `can_view_cdrs`). Errors: [`Error::Validation`]
    /// (`per_page`, `start_date`, `hangup_cause`), then, while walking,
    /// [`Error::PermissionDenied`], [`Error::Unprocessable`], [`Error::Authentication`].
    pub fn cdrs(&self, filters: CdrFilters, options: PageOptions) -> Result<Paginated<Cdr>> {
        check_page_size(&options, "per_page", CDRS.max_page_size)?;
        let request = cdr_query(ApiRequest::get(ApiPath::v1().lit("partner/cdrs")), &filters)?;
        paginate(
            &self.transport,
            self.credentials.credentials(),
            request,
            CDRS,
            options,
        )
    }

    /// One page of the partner-wide call records with its `pagination` and `summary`.
    ///
    /// Needs partner credentials (and `can_view_cdrs`). Errors: [`Error::Validation`]
    /// (`page`, `per_page` outside 1–100, `start_date`, `hangup_cause`),
    /// [`Error::PermissionDenied`], [`Error::Unprocessable`], [`Error::Authentication`].
    pub async fn cdrs_page(
        &self,
        filters: CdrFilters,
        page: u32,
        per_page: u32,
    ) -> Result<CdrPage> {
        check_page(page, per_page, "per_page", CDRS.max_page_size)?;
        let request = cdr_query(ApiRequest::get(ApiPath::v1().lit("partner/cdrs")), &filters)?
            .query("page", page)
            .query("per_page", per_page);
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `GET /partner/accounts/{customer_auth_id}/numbers`: the customer's phone numbers,
    /// as a lazy stream (at most 100 a page). Read-only: the Partner API cannot buy,
    /// assign or release numbers. `filters.search` matches a substring of the E.164.
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`customer_auth_id`,
    /// `per_page`), then, while walking, [`Error::NotFound`], [`Error::Authentication`],
    /// [`Error::PermissionDenied`].
    pub fn customer_numbers(
        &self,
        customer_auth_id: &str,
        filters: NumberFilters,
        options: PageOptions,
    ) -> Result<Paginated<PhoneNumber>> {
        let customer = customer_id(customer_auth_id)?;
        check_page_size(&options, "per_page", NUMBERS.max_page_size)?;
        let request = ApiRequest::get(customer_path(&customer).lit("numbers"))
            .query_opt("search", opt_text(filters.search.as_ref()));
        paginate(
            &self.transport,
            self.credentials.credentials(),
            request,
            NUMBERS,
            options,
        )
    }

    /// `GET /partner/numbers`: the phone numbers of every customer of this partner, as a
    /// lazy stream. `filters.search` matches a substring of the E.164.
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`per_page`), then, while
    /// walking, [`Error::Authentication`], [`Error::PermissionDenied`].
    pub fn numbers(
        &self,
        filters: NumberFilters,
        options: PageOptions,
    ) -> Result<Paginated<PhoneNumber>> {
        check_page_size(&options, "per_page", NUMBERS.max_page_size)?;
        let request = ApiRequest::get(ApiPath::v1().lit("partner/numbers"))
            .query_opt("search", opt_text(filters.search.as_ref()));
        paginate(
            &self.transport,
            self.credentials.credentials(),
            request,
            NUMBERS,
            options,
        )
    }
}

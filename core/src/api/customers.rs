//! Partner customers: create, list, get, balance and balance transfers.

use serde_json::{Map, Value};

use super::{paginate, send_json};
use crate::clients::Partner;
use crate::credentials::{AccountKind, AuthId, Scope};
use crate::error::{Error, Result};
use crate::models::{
    CreatedCustomer, Customer, CustomerBalance, CustomerFilters, NewCustomer, TransferResult,
};
use crate::money::Money;
use crate::pagination::{ListSpec, PageOptions, PageStyle, Paginated};
use crate::path::{ApiPath, E164};
use crate::request::ApiRequest;
use crate::validate;

/// The customer list: `page` + `per_page` in, `size` out (style A), at most 100 a page.
const CUSTOMERS: ListSpec = ListSpec {
    style: PageStyle::PagePerPageEchoedAsSize,
    items_key: "accounts",
    max_page_size: 100,
};

/// A partner customer's auth id (`MA_…`), refused before sending otherwise.
pub(super) fn customer_id(value: &str) -> Result<AuthId> {
    AuthId::parse_kind(value.trim(), "customer_auth_id", &[AccountKind::Main])
}

/// Checks a walk's page size against the endpoint's limit, naming the API's parameter.
pub(super) fn check_page_size(options: &PageOptions, field: &str, max: u32) -> Result<()> {
    validate::page_size(field, options.page_size, max).map(|_| ())
}

/// Checks a one-page request's `page` and page size.
pub(super) fn check_page(page: u32, size: u32, size_field: &str, max: u32) -> Result<()> {
    if page == 0 {
        return Err(Error::validation("page", "must be at least 1"));
    }
    validate::page_size(size_field, size, max).map(|_| ())
}

/// A trimmed, non-empty optional text.
pub(super) fn opt_text(value: Option<&String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// The `/api/v1/partner/accounts/{customer}` path.
pub(super) fn customer_path(customer: &AuthId) -> ApiPath {
    ApiPath::v1().lit("partner/accounts").id(customer)
}

/// Validates a create request and builds its JSON body.
fn create_body(customer: &NewCustomer) -> Result<Map<String, Value>> {
    let mut body = Map::new();
    let mut put = |key: &str, value: String| {
        body.insert(key.to_owned(), Value::String(value));
    };
    put("name", validate::name("name", &customer.name)?);
    put("email", validate::email("email", &customer.email)?);
    validate::password("password", &customer.password)?;
    put("password", customer.password.clone());
    if let Some(phone) = opt_text(customer.phone.as_ref()) {
        put(
            "phone",
            E164::parse_field(&phone, "phone")?.as_str().to_owned(),
        );
    }
    put("country", validate::country("country", &customer.country)?);
    if let Some(gstin) = opt_text(customer.gstin.as_ref()) {
        put("gstin", validate::gstin("gstin", &gstin)?);
    }
    if let Some(status) = opt_text(customer.gst_status.as_ref()) {
        validate::text("gst_status", &status)?;
        let status = status.to_ascii_lowercase();
        if status != "active" && status != "inactive" {
            return Err(Error::validation(
                "gst_status",
                format!("{status:?} is not active or inactive"),
            ));
        }
        put("gst_status", status);
    }
    if let Some(company) = opt_text(customer.company.as_ref()) {
        put("company", validate::name("company", &company)?);
    }
    if let Some(timezone) = opt_text(customer.timezone.as_ref()) {
        validate::text("timezone", &timezone)?;
        if timezone.contains(char::is_whitespace) {
            return Err(Error::validation(
                "timezone",
                format!("{timezone:?} is not an IANA timezone (e.g. Asia/Kolkata)"),
            ));
        }
        put("timezone", timezone);
    }
    for (key, value) in [
        ("description", &customer.description),
        ("address", &customer.address),
        ("city", &customer.city),
        ("state", &customer.state),
        ("zip_code", &customer.zip_code),
        ("account_type", &customer.account_type),
    ] {
        if let Some(value) = opt_text(value.as_ref()) {
            if validate::MULTILINE_FIELDS.contains(&key) {
                validate::multiline_text(key, &value)?;
            } else {
                validate::text(key, &value)?;
            }
            put(key, value);
        }
    }
    Ok(body)
}

impl Partner {
    /// `POST /partner/accounts`: creates a customer account (`MA_…`) under this partner,
    /// with an empty wallet in the currency of its country and `kyc_status: pending`.
    ///
    /// The answer carries the customer's own `auth_token`, **shown only once**: store it
    /// (or build its client with [`CreatedCustomer::credentials`]). Every input is checked
    /// before sending (name, email, the password rule, E.164 phone, ISO country, GSTIN
    /// check character, `gst_status`). Not retried once sent: on
    /// [`Error::OutcomeUnknown`] look the customer up with [`Partner::list_customers`]
    /// (search by email) before creating it again.
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (the field is named),
    /// [`Error::Authentication`], [`Error::PermissionDenied`] (`can_create_accounts` off or
    /// `max_accounts` reached), [`Error::Unprocessable`] / [`Error::Conflict`] (email
    /// already used anywhere on the platform, or a field the server refused),
    /// [`Error::OutcomeUnknown`], [`Error::Server`].
    pub async fn create_customer(&self, customer: &NewCustomer) -> Result<CreatedCustomer> {
        let body = create_body(customer)?;
        let request = ApiRequest::post(ApiPath::v1().lit("partner/accounts")).json(&body)?;
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `GET /partner/accounts`: every customer of this partner, newest first, as a lazy
    /// stream (pages of `options.page_size`, at most 100; nothing is sent until polled).
    /// `filters.search` matches a substring of the name or email.
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`per_page` over 100),
    /// then, while walking, [`Error::Authentication`], [`Error::PermissionDenied`],
    /// [`Error::Unprocessable`].
    pub fn list_customers(
        &self,
        filters: CustomerFilters,
        options: PageOptions,
    ) -> Result<Paginated<Customer>> {
        check_page_size(&options, "per_page", CUSTOMERS.max_page_size)?;
        let request = ApiRequest::get(ApiPath::v1().lit("partner/accounts"))
            .query_opt("search", opt_text(filters.search.as_ref()));
        paginate(
            &self.transport,
            self.credentials.credentials(),
            request,
            CUSTOMERS,
            options,
        )
    }

    /// `GET /partner/accounts/{customer_auth_id}`: one customer's full profile. Its
    /// `auth_token` is normally the API's `<redacted>` placeholder: keep the token from
    /// [`Partner::create_customer`].
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`customer_auth_id` not
    /// `MA_…`), [`Error::NotFound`] (unknown, or another partner's customer),
    /// [`Error::Authentication`], [`Error::PermissionDenied`].
    pub async fn get_customer(&self, customer_auth_id: &str) -> Result<Customer> {
        let customer = customer_id(customer_auth_id)?;
        send_json(
            &self.transport,
            &self.credentials,
            ApiRequest::get(customer_path(&customer)),
        )
        .await
    }

    /// `GET /partner/accounts/{customer_auth_id}/balance`: the customer's wallet now.
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`customer_auth_id`),
    /// [`Error::NotFound`], [`Error::Authentication`], [`Error::PermissionDenied`].
    pub async fn customer_balance(&self, customer_auth_id: &str) -> Result<CustomerBalance> {
        let customer = customer_id(customer_auth_id)?;
        send_json(
            &self.transport,
            &self.credentials,
            ApiRequest::get(customer_path(&customer).lit("balance")),
        )
        .await
    }

    /// `POST /partner/accounts/{customer_auth_id}/transfer-balance`: moves `amount` from
    /// the partner's balance to the customer's wallet, atomically (both ledgers get a row
    /// with the same `ptc:` reference) and irreversibly. `currency` must be the partner's
    /// (no conversion happens). `amount` must be positive with at most 2 decimals.
    ///
    /// **Money is never sent twice**: the API has no idempotency key, so this call is never
    /// retried once it may have reached the server. On [`Error::OutcomeUnknown`] or a
    /// [`Error::Server`] (5xx) answer the transfer may or may not have happened:
    /// **reconcile before retrying**, by reading the customer's ledger
    /// ([`Partner::customer_transactions_page`] with
    /// [`TransactionType::Transfer`](crate::models::TransactionType) and today's date) for
    /// a credit of this amount created just now, or its balance
    /// ([`Partner::customer_balance`]).
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`customer_auth_id`,
    /// `amount`, `currency`, `description`), [`Error::InsufficientBalance`] (with the
    /// balance the server saw and the amount asked), [`Error::BadRequest`] (currency
    /// mismatch, amount refused), [`Error::NotFound`] (unknown or another partner's
    /// customer), [`Error::Authentication`], [`Error::PermissionDenied`]
    /// (`can_transfer_balance` off), [`Error::OutcomeUnknown`], [`Error::Server`].
    pub async fn transfer_balance(
        &self,
        customer_auth_id: &str,
        amount: Money,
        currency: &str,
        description: Option<&str>,
    ) -> Result<TransferResult> {
        let customer = customer_id(customer_auth_id)?;
        amount.validate_amount("amount")?;
        let currency = validate::currency("currency", currency)?;
        let mut body = Map::new();
        body.insert(
            "amount".into(),
            serde_json::to_value(amount)
                .map_err(|e| Error::validation("amount", format!("cannot be encoded: {e}")))?,
        );
        body.insert("currency".into(), Value::String(currency));
        if let Some(description) = description.map(str::trim).filter(|d| !d.is_empty()) {
            validate::multiline_text("description", description)?;
            body.insert("description".into(), Value::String(description.to_owned()));
        }
        let request =
            ApiRequest::post(customer_path(&customer).lit("transfer-balance")).json(&body)?;
        send_json(&self.transport, &self.credentials, request).await
    }
}

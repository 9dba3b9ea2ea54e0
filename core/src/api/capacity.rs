//! Capacity allocation: moving concurrent-call and CPS slots between the
//! partner's pool and its customers, one customer's allocation, and the history.

use serde_json::{Map, Value};

use super::customers::{check_page_size, customer_id, customer_path};
use super::{paginate, send_json};
use crate::clients::Partner;
use crate::credentials::Scope;
use crate::error::{Error, Result};
use crate::models::{CapacityMove, CapacityTransfer, CapacityTransferResult, CustomerCapacity};
use crate::pagination::{ListSpec, PageOptions, PageStyle, Paginated};
use crate::path::ApiPath;
use crate::request::ApiRequest;
use crate::validate;

/// The most slots one move may carry.
const MAX_CAPACITY_SLOTS: u32 = 10_000;

/// The longest description of a move, in characters.
const MAX_DESCRIPTION: usize = 500;

/// The capacity history: `limit` + `offset`, at most 200 a page (default 50). The docs do
/// not show its envelope; this SDK reads the trunk lists' `{meta{limit, offset, total},
/// objects[]}` (style F), which is what the sandbox answers.
const TRANSFERS: ListSpec = ListSpec {
    style: PageStyle::LimitOffset,
    items_key: "objects",
    max_page_size: 200,
};

/// Validates a move and builds its JSON body.
fn move_body(request: &CapacityMove) -> Result<Map<String, Value>> {
    if !(1..=MAX_CAPACITY_SLOTS).contains(&request.slots) {
        return Err(Error::validation(
            "slots",
            format!(
                "must be between 1 and {MAX_CAPACITY_SLOTS}, got {}",
                request.slots
            ),
        ));
    }
    let mut body = Map::new();
    body.insert(
        "resource".into(),
        Value::String(request.resource.as_str().to_owned()),
    );
    body.insert("slots".into(), Value::from(request.slots));
    if let Some(description) = request
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        if description.chars().count() > MAX_DESCRIPTION {
            return Err(Error::validation(
                "description",
                format!("must be at most {MAX_DESCRIPTION} characters"),
            ));
        }
        validate::multiline_text("description", description)?;
        body.insert("description".into(), Value::String(description.to_owned()));
    }
    Ok(body)
}

impl Partner {
    /// `POST /partner/accounts/{customer_auth_id}/concurrency/transfer`: moves
    /// `request.slots` of `request.resource` (concurrent calls by default, or CPS) from the
    /// partner's pool to the customer. The new limit takes effect within about five
    /// minutes. `slots` (1–10000) and `description` (at most 500 characters) are checked
    /// before sending.
    ///
    /// Not retried once sent (the API has no idempotency key): on
    /// [`Error::OutcomeUnknown`] or a [`Error::Server`] answer, **reconcile before
    /// retrying** with [`Partner::customer_capacity`] or
    /// [`Partner::list_capacity_transfers`].
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`customer_auth_id`,
    /// `slots`, `description`), [`Error::BadRequest`] (code `insufficient_capacity`: the
    /// pool holds fewer slots), [`Error::NotFound`] (unknown, or another partner's
    /// customer), [`Error::Unprocessable`], [`Error::Authentication`],
    /// [`Error::PermissionDenied`], [`Error::OutcomeUnknown`], [`Error::Server`].
    pub async fn transfer_capacity(
        &self,
        customer_auth_id: &str,
        request: &CapacityMove,
    ) -> Result<CapacityTransferResult> {
        self.move_capacity(customer_auth_id, request, "transfer")
            .await
    }

    /// `POST /partner/accounts/{customer_auth_id}/concurrency/reclaim`: moves
    /// `request.slots` of `request.resource` back from the customer to the partner's pool.
    /// Only what was allocated can be reclaimed. Same input rules as
    /// [`Partner::transfer_capacity`], and likewise never retried once sent (reconcile on
    /// [`Error::OutcomeUnknown`] / [`Error::Server`]).
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`customer_auth_id`,
    /// `slots`, `description`), [`Error::BadRequest`] (code `insufficient_capacity`: more
    /// than the customer was allocated), [`Error::NotFound`], [`Error::Unprocessable`],
    /// [`Error::Authentication`], [`Error::PermissionDenied`], [`Error::OutcomeUnknown`],
    /// [`Error::Server`].
    pub async fn reclaim_capacity(
        &self,
        customer_auth_id: &str,
        request: &CapacityMove,
    ) -> Result<CapacityTransferResult> {
        self.move_capacity(customer_auth_id, request, "reclaim")
            .await
    }

    async fn move_capacity(
        &self,
        customer_auth_id: &str,
        request: &CapacityMove,
        action: &'static str,
    ) -> Result<CapacityTransferResult> {
        let customer = customer_id(customer_auth_id)?;
        let body = move_body(request)?;
        let path = match action {
            "transfer" => customer_path(&customer).lit("concurrency/transfer"),
            _ => customer_path(&customer).lit("concurrency/reclaim"),
        };
        let request = ApiRequest::post(path).json(&body)?;
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `GET /partner/accounts/{customer_auth_id}/concurrency`: the customer's concurrent
    /// call and CPS limits, what the partner allocated to it (net of reclaims) and what is
    /// left in the partner's pools.
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`customer_auth_id`),
    /// [`Error::NotFound`] (unknown, or another partner's customer),
    /// [`Error::Authentication`], [`Error::PermissionDenied`].
    pub async fn customer_capacity(&self, customer_auth_id: &str) -> Result<CustomerCapacity> {
        let customer = customer_id(customer_auth_id)?;
        send_json(
            &self.transport,
            &self.credentials,
            ApiRequest::get(customer_path(&customer).lit("concurrency")),
        )
        .await
    }

    /// `GET /partner/concurrency/transfers`: every capacity transfer and reclaim of this
    /// partner, newest first, as a lazy stream (`limit` = `options.page_size`, at most 200;
    /// nothing is sent until polled). The envelope is undocumented: the SDK reads
    /// `{meta{limit, offset, total}, objects[]}` like the other `limit`/`offset` lists.
    ///
    /// Needs partner credentials. Errors: [`Error::Validation`] (`limit` over 200), then,
    /// while walking, [`Error::Authentication`], [`Error::PermissionDenied`],
    /// [`Error::Unprocessable`], [`Error::Decode`] (an envelope of another shape).
    pub fn list_capacity_transfers(
        &self,
        options: PageOptions,
    ) -> Result<Paginated<CapacityTransfer>> {
        check_page_size(&options, "limit", TRANSFERS.max_page_size)?;
        paginate(
            &self.transport,
            self.credentials.credentials(),
            ApiRequest::get(ApiPath::v1().lit("partner/concurrency/transfers")),
            TRANSFERS,
            options,
        )
    }
}

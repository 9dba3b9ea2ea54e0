//! An account's own records: its account object and wallet, its CDRs
//! and its recordings.

use super::{paginate, send, send_json};
use crate::clients::Account;
use crate::credentials::Scope;
use crate::error::{Error, Result};
use crate::models::{
    AccountBalance, AccountCdrFilters, AccountConcurrency, AccountDetails, Cdr, CdrPage, Recording,
    RecordingFilters,
};
use crate::pagination::{ListSpec, PageOptions, PageStyle, Paginated};
use crate::path::ApiPath;
use crate::request::ApiRequest;
use crate::validate;

use super::account_numbers::search_digits;

/// `GET /Account/{id}/cdr` and `/cdr/search`: `page`/`per_page` in, `data` +
/// `pagination{…, has_next}` out (style E).
const CDRS: ListSpec = ListSpec {
    style: PageStyle::NestedPagination,
    items_key: "data",
    max_page_size: 100,
};

/// A free-text filter: trimmed, not empty, no control characters.
fn text_filter(field: &str, value: Option<&str>) -> Result<Option<String>> {
    match value.map(str::trim) {
        None => Ok(None),
        Some("") => Err(Error::validation(field, "must not be empty")),
        Some(v) => validate::text(field, v).map(|()| Some(v.to_owned())),
    }
}

/// Checks the filters and adds them to `request`.
pub(super) fn cdr_query(mut request: ApiRequest, query: &AccountCdrFilters) -> Result<ApiRequest> {
    match (query.start_date, query.end_date) {
        (Some(start), Some(end)) if start > end => {
            return Err(Error::validation(
                "start_date",
                format!("{start} is after end_date {end}"),
            ));
        }
        (Some(_), None) => {
            return Err(Error::validation(
                "end_date",
                "is required with start_date (the API ignores a lone date)",
            ));
        }
        (None, Some(_)) => {
            return Err(Error::validation(
                "start_date",
                "is required with end_date (the API ignores a lone date)",
            ));
        }
        _ => {}
    }
    let from = query
        .from_number
        .as_deref()
        .map(|n| search_digits("from_number", n))
        .transpose()?;
    let to = query
        .to_number
        .as_deref()
        .map(|n| search_digits("to_number", n))
        .transpose()?;
    request = request
        .query_opt("from_number", from)
        .query_opt("to_number", to)
        .query_opt("start_date", query.start_date)
        .query_opt("end_date", query.end_date)
        .query_opt("call_direction", query.call_direction.map(|d| d.as_str()))
        .query_opt("status", query.status.map(|s| s.as_str()))
        .query_opt("min_duration", query.min_duration);
    for (field, value) in [
        ("sip_call_id", &query.sip_call_id),
        ("bridge_uuid", &query.bridge_uuid),
        ("hangup_cause", &query.hangup_cause),
        ("hangup_disposition", &query.hangup_disposition),
        ("context", &query.context),
        ("campaign_id", &query.campaign_id),
        ("search", &query.search),
    ] {
        request = request.query_opt(field, text_filter(field, value.as_deref())?);
    }
    Ok(request)
}

/// `GET /Account/{id}/Recording/`: `limit`/`offset` in, `meta{…, next, total_count}` +
/// `objects` out; `meta.next` is `null` on the last page (style G).
const RECORDINGS: ListSpec = ListSpec {
    style: PageStyle::LimitOffset,
    items_key: "objects",
    max_page_size: 100,
};

impl Account {
    /// `GET /Account/{id}/`: the account object (name, type, billing mode, wallet,
    /// timezone, …). Not in the provisioning docs; it is the Plivo-style account
    /// resource whose `resource_uri` the API's objects point at.
    ///
    /// Needs the account's own credentials. Errors: [`Error::Authentication`],
    /// [`Error::PermissionDenied`] (another account's id), [`Error::NotFound`].
    pub async fn details(&self) -> Result<AccountDetails> {
        let path = ApiPath::v1().lit("Account").id(self.auth_id()).slash();
        send_json(&self.transport, &self.credentials, ApiRequest::get(path)).await
    }

    /// `GET /Account/{id}/concurrency`: the account's calls in progress against its
    /// concurrent-call limit.
    ///
    /// Needs the account's own credentials. Errors: [`Error::Authentication`],
    /// [`Error::PermissionDenied`] (another account's id), [`Error::NotFound`].
    pub async fn concurrency(&self) -> Result<AccountConcurrency> {
        let path = ApiPath::v1()
            .lit("Account")
            .id(self.auth_id())
            .lit("concurrency");
        send_json(&self.transport, &self.credentials, ApiRequest::get(path)).await
    }

    /// The account's wallet (`cash_credits`, exact) from [`Account::details`]. A sub-account
    /// is billed to its parent: its own wallet may stay at zero.
    ///
    /// Needs the account's own credentials. Errors: those of [`Account::details`], and
    /// [`Error::Decode`] when the object carries no `cash_credits`.
    pub async fn balance(&self) -> Result<AccountBalance> {
        let details = self.details().await?;
        let Some(cash_credits) = details.cash_credits else {
            return Err(Error::Decode(Box::new(crate::error::DecodeFailure {
                method: "GET".into(),
                path: format!("/api/v1/Account/{}/", self.auth_id()),
                status: 200,
                reason: "the account object has no cash_credits".into(),
                request_id: None,
                body: String::new(),
            })));
        };
        Ok(AccountBalance {
            auth_id: details
                .auth_id
                .unwrap_or_else(|| self.auth_id().as_str().to_owned()),
            cash_credits,
            currency: details.currency,
        })
    }

    fn recordings_path(&self) -> ApiPath {
        ApiPath::v1()
            .lit("Account")
            .id(self.auth_id())
            .lit("Recording")
            .slash()
    }

    /// `GET /Account/{id}/Recording/`: the account's recordings, optionally of one call or
    /// one kind, every page (`limit`/`offset`) as the stream is consumed; the walk stops on
    /// the page whose `meta.next` is `null`.
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`] at once
    /// (`call_uuid` empty, page size over 100); when polled, [`Error::BadRequest`],
    /// [`Error::Authentication`], [`Error::PermissionDenied`].
    pub fn list_recordings(
        &self,
        query: RecordingFilters,
        options: PageOptions,
    ) -> Result<Paginated<Recording>> {
        let call_uuid = text_filter("call_uuid", query.call_uuid.as_deref())?;
        let request = ApiRequest::get(self.recordings_path())
            .query_opt("call_uuid", call_uuid)
            .query_opt("recording_type", query.recording_type.map(|t| t.as_str()));
        paginate(
            &self.transport,
            self.credentials.credentials(),
            request,
            RECORDINGS,
            options,
        )
    }

    /// `GET /Account/{id}/Recording/{recording_id}/`: one recording (a flat object).
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`]
    /// (`recording_id`), [`Error::NotFound`] (`{"error":"Recording not found"}`),
    /// [`Error::Authentication`], [`Error::PermissionDenied`].
    pub async fn get_recording(&self, recording_id: &str) -> Result<Recording> {
        let path = ApiPath::v1()
            .lit("Account")
            .id(self.auth_id())
            .lit("Recording")
            .param("recording_id", recording_id.trim())?
            .slash();
        send_json(&self.transport, &self.credentials, ApiRequest::get(path)).await
    }

    fn cdr_path(&self) -> ApiPath {
        ApiPath::v1().lit("Account").id(self.auth_id()).lit("cdr")
    }

    /// `GET /Account/{id}/cdr`: the account's own CDRs (a main account's list leaves out
    /// its sub-accounts'), newest first, every page as the stream is consumed. A CDR exists
    /// once its call has ended.
    ///
    /// Needs the account's own credentials (a sub-account uses its own `SA_` pair).
    /// Errors: [`Error::Validation`] at once (`start_date`/`end_date` not paired or out of
    /// order, `from_number`/`to_number` not digits, empty text filters, page size over
    /// 100); when polled, [`Error::Unprocessable`], [`Error::Authentication`],
    /// [`Error::PermissionDenied`] (e.g. a sub-account without CDR permission).
    pub fn list_cdrs(
        &self,
        query: AccountCdrFilters,
        options: PageOptions,
    ) -> Result<Paginated<Cdr>> {
        let request = cdr_query(ApiRequest::get(self.cdr_path()), &query)?;
        paginate(
            &self.transport,
            self.credentials.credentials(),
            request,
            CDRS,
            options,
        )
    }

    /// `GET /Account/{id}/cdr`, one page with its `pagination` and `summary` (aggregates
    /// over every matching CDR: total cost, billable seconds, answer rate…). `page` is
    /// 1-based; `per_page` 1–100.
    ///
    /// Needs the account's own credentials. Errors: as [`Account::list_cdrs`], and
    /// [`Error::Validation`] for `page` 0 or `per_page` out of range.
    pub async fn cdr_page(
        &self,
        query: AccountCdrFilters,
        page: u32,
        per_page: u32,
    ) -> Result<CdrPage> {
        if page == 0 {
            return Err(Error::validation("page", "must be at least 1"));
        }
        let per_page = validate::page_size("per_page", per_page, 100)?;
        let request = cdr_query(ApiRequest::get(self.cdr_path()), &query)?
            .query("page", page)
            .query("per_page", per_page);
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `GET /Account/{id}/cdr/search`: the same filters and paging as
    /// [`Account::list_cdrs`] on the search route, every page as the stream is consumed.
    ///
    /// Needs the account's own credentials. Errors: as [`Account::list_cdrs`].
    pub fn search_cdrs(
        &self,
        query: AccountCdrFilters,
        options: PageOptions,
    ) -> Result<Paginated<Cdr>> {
        let request = cdr_query(ApiRequest::get(self.cdr_path().lit("search")), &query)?;
        paginate(
            &self.transport,
            self.credentials.credentials(),
            request,
            CDRS,
            options,
        )
    }

    /// `GET /Account/{id}/cdr/recent?limit=`: the latest CDRs, newest first (`limit` 1–100,
    /// the API's default 20 when `None`).
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`] (`limit`),
    /// [`Error::Authentication`], [`Error::PermissionDenied`].
    pub async fn recent_cdrs(&self, limit: Option<u32>) -> Result<Vec<Cdr>> {
        let limit = limit
            .map(|l| validate::page_size("limit", l, 100))
            .transpose()?;
        let request = ApiRequest::get(self.cdr_path().lit("recent")).query_opt("limit", limit);
        let page: CdrPage = send_json(&self.transport, &self.credentials, request).await?;
        Ok(page.data)
    }

    /// `GET /Account/{id}/cdr/{call_uuid}`: one CDR by its call UUID (the numeric `id` is
    /// not a key). The `{data, success}` envelope is unwrapped; a bare object is read too.
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`] (`call_uuid`),
    /// [`Error::NotFound`] (unknown, another account's, or the call has not ended yet),
    /// [`Error::Authentication`], [`Error::PermissionDenied`], [`Error::Decode`].
    pub async fn get_cdr(&self, call_uuid: &str) -> Result<Cdr> {
        let path = self.cdr_path().param("call_uuid", call_uuid.trim())?;
        let response = send(&self.transport, &self.credentials, ApiRequest::get(path)).await?;
        let value: serde_json::Value = response.json()?;
        Cdr::from_either(value).map_err(|e| response.decode_error(e.to_string()))
    }
}

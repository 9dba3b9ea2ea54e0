//! Sub-account administration with the parent main account's credentials:
//! create and list on [`Account`], get / update / delete on [`SubAccount`].

use super::{paginate, send, send_json};
use crate::clients::{Account, SubAccount};
use crate::credentials::Scope;
use crate::error::{Error, Result};
use crate::models::{
    CreateSubAccount, SubAccountCreated, SubAccountFilters, SubAccountObject, UpdateSubAccount,
};
use crate::pagination::{ListSpec, PageOptions, PageStyle, Paginated};
use crate::path::ApiPath;
use crate::request::ApiRequest;

/// `GET /accounts/{auth_id}/sub-accounts/`: `page` + `size` in and out (style D).
const SUB_ACCOUNTS: ListSpec = ListSpec {
    style: PageStyle::PageSize,
    items_key: "sub_accounts",
    max_page_size: 100,
};

impl Account {
    /// Refuses a sub-account's credentials before anything is sent.
    fn require_main_for_sub_accounts(&self) -> Result<()> {
        if self.credentials.is_main_account() {
            Ok(())
        } else {
            Err(Error::validation(
                "auth_id",
                format!(
                    "{} is a sub-account; only a main account (MA_…) administers sub-accounts",
                    self.auth_id()
                ),
            ))
        }
    }

    /// The sub-account collection, `/api/v1/accounts/{auth_id}/sub-accounts/` (the
    /// trailing slash is part of the route).
    fn sub_account_collection_path(&self) -> ApiPath {
        ApiPath::v1()
            .lit("accounts")
            .id(self.auth_id())
            .lit("sub-accounts")
            .slash()
    }

    /// `POST /accounts/{auth_id}/sub-accounts/`: creates a sub-account and returns it with
    /// its API key ([`SubAccountCreated::auth_credentials`], or
    /// [`SubAccountCreated::account_credentials`] ready for a client). **The token is shown
    /// only this once**: store it now. A `customer_use` sub-account starts call-blocked
    /// until its KYC passes ([`SubAccount::kyc_status`]).
    ///
    /// Not retried once sent (a retry could create a second sub-account): on
    /// [`Error::OutcomeUnknown`] or [`Error::Server`], list the sub-accounts to see whether
    /// it exists before trying again.
    ///
    /// Needs a main account's own credentials (`MA_…`). Errors: [`Error::Validation`]
    /// before sending (`auth_id` for a sub-account's client, `name`, `email` — required
    /// with `customer_use` —, `password`, `phone`, `kyc_mode`, `business_type`,
    /// `rate_limit`, `description`); [`Error::BadRequest`] (400), [`Error::Authentication`]
    /// (401), [`Error::PermissionDenied`] (403), [`Error::NotFound`] (404),
    /// [`Error::Unprocessable`] (422, e.g. an email already in use),
    /// [`Error::OutcomeUnknown`], [`Error::Server`].
    pub async fn create_sub_account(&self, request: CreateSubAccount) -> Result<SubAccountCreated> {
        self.require_main_for_sub_accounts()?;
        let body = request.body()?;
        let request = ApiRequest::post(self.sub_account_collection_path()).json(&body)?;
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `GET /accounts/{auth_id}/sub-accounts/`: every sub-account, newest first, fetched
    /// lazily page by page (`page` + `size`, at most 100 per page). Tokens come back as
    /// the API's `<redacted>` placeholder; `created` / `modified` are bare dates.
    ///
    /// Needs a main account's own credentials (`MA_…`). Errors: [`Error::Validation`]
    /// (`auth_id` for a sub-account's client, `page_size`) before anything is sent; while
    /// walking, [`Error::Authentication`], [`Error::PermissionDenied`],
    /// [`Error::Unprocessable`], [`Error::Decode`].
    pub fn list_sub_accounts(
        &self,
        query: SubAccountFilters,
        options: PageOptions,
    ) -> Result<Paginated<SubAccountObject>> {
        self.require_main_for_sub_accounts()?;
        let request = ApiRequest::get(self.sub_account_collection_path())
            .query_opt("active_only", query.active_only);
        paginate(
            &self.transport,
            self.credentials.credentials(),
            request,
            SUB_ACCOUNTS,
            options,
        )
    }
}

impl SubAccount {
    /// `/api/v1/accounts/{parent}/sub-accounts/{sub}` (no trailing slash on the item).
    fn sub_account_item_path(&self) -> ApiPath {
        ApiPath::v1()
            .lit("accounts")
            .id(self.parent_id())
            .lit("sub-accounts")
            .id(self.id())
    }

    /// `GET /accounts/{auth_id}/sub-accounts/{sub_auth_id}`: the sub-account, its token
    /// masked (`<redacted>`).
    ///
    /// Needs the parent's credentials. Errors: [`Error::Authentication`],
    /// [`Error::PermissionDenied`], [`Error::NotFound`] (unknown, or not this parent's).
    pub async fn get(&self) -> Result<SubAccountObject> {
        send_json(
            &self.transport,
            &self.scope,
            ApiRequest::get(self.sub_account_item_path()),
        )
        .await
    }

    /// `PUT /accounts/{auth_id}/sub-accounts/{sub_auth_id}`: a partial update (fields left
    /// `None` are unchanged); returns the updated object, token masked. Changing `kyc_mode`
    /// re-derives `kyc_calls_blocked`: promoting to `customer_use` blocks calls until KYC
    /// passes, demoting unblocks them.
    ///
    /// Needs the parent's credentials. Errors: [`Error::Validation`] before sending (`body`
    /// when nothing is set, `name`, `email`, `phone`, `kyc_mode`, `business_type`,
    /// `rate_limit`, `description`); [`Error::BadRequest`] (400, e.g. promoting to
    /// `customer_use` a sub-account with no email, when the request does not set one);
    /// [`Error::Authentication`], [`Error::PermissionDenied`], [`Error::NotFound`],
    /// [`Error::Unprocessable`] (an email already in use).
    pub async fn update(&self, request: UpdateSubAccount) -> Result<SubAccountObject> {
        let body = request.body()?;
        let request = ApiRequest::put(self.sub_account_item_path()).json(&body)?;
        send_json(&self.transport, &self.scope, request).await
    }

    /// `DELETE /accounts/{auth_id}/sub-accounts/{sub_auth_id}`: deletes the sub-account for
    /// good and revokes its credentials (200 with a message, or 204). Works with the
    /// parent's credentials alone, so lost sub-account credentials do not matter.
    ///
    /// Needs the parent's credentials. Errors: [`Error::Authentication`],
    /// [`Error::PermissionDenied`], [`Error::NotFound`] (unknown, or already deleted).
    pub async fn delete(&self) -> Result<()> {
        send(
            &self.transport,
            &self.scope,
            ApiRequest::delete(self.sub_account_item_path()),
        )
        .await
        .map(drop)
    }
}

//! SIP trunks of an account: create, list, get, update (a patch), delete.

use super::{paginate, send, send_json};
use crate::clients::Account;
use crate::credentials::Scope;
use crate::error::{Error, Result};
use crate::models::{Trunk, TrunkRequest};
use crate::pagination::{ListSpec, PageOptions, PageStyle, Paginated};
use crate::path::ApiPath;
use crate::request::ApiRequest;

/// `GET /Account/{id}/trunks`: `limit`/`offset` in, `meta{limit, offset, total}` +
/// `objects` out (style F).
const TRUNKS: ListSpec = ListSpec {
    style: PageStyle::LimitOffset,
    items_key: "objects",
    max_page_size: 100,
};

impl Account {
    fn trunks_path(&self) -> ApiPath {
        ApiPath::v1()
            .lit("Account")
            .id(self.auth_id())
            .lit("trunks")
    }

    fn trunk_path(&self, trunk_id: &str) -> Result<ApiPath> {
        self.trunks_path().param("trunk_id", trunk_id.trim())
    }

    /// `POST /Account/{id}/trunks`: creates a SIP trunk; the API generates its
    /// `trunk_domain` unless one is given. `request.name` is required; every set field is
    /// checked before sending (see [`TrunkRequest`]).
    ///
    /// Needs the account's own credentials. Not retried once sent: an
    /// [`Error::OutcomeUnknown`] means list the trunks before creating again. Errors:
    /// [`Error::Validation`] (the field named as the API names it), [`Error::BadRequest`] /
    /// [`Error::Unprocessable`] (the server's checks, e.g. a private `webhook_url`),
    /// [`Error::Authentication`], [`Error::PermissionDenied`].
    pub async fn create_trunk(&self, request: &TrunkRequest) -> Result<Trunk> {
        let body = request.validated()?;
        if body.name.is_none() {
            return Err(Error::validation("name", "is required to create a trunk"));
        }
        let request = ApiRequest::post(self.trunks_path()).json(&body)?;
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `GET /Account/{id}/trunks`: every trunk of the account, newest first, fetched page
    /// by page (`limit`/`offset`) as the stream is consumed; `options.page_size` ≤ 100.
    ///
    /// Needs the account's own credentials. Errors (when the stream is polled):
    /// [`Error::Authentication`], [`Error::PermissionDenied`]; [`Error::Validation`] at
    /// once for a page size out of range.
    pub fn list_trunks(&self, options: PageOptions) -> Result<Paginated<Trunk>> {
        paginate(
            &self.transport,
            self.credentials.credentials(),
            ApiRequest::get(self.trunks_path()),
            TRUNKS,
            options,
        )
    }

    /// `GET /Account/{id}/trunks/{trunk_id}`: one trunk.
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`] (`trunk_id` that
    /// could not be one path segment), [`Error::NotFound`] (missing, or another account's),
    /// [`Error::Authentication`], [`Error::PermissionDenied`].
    pub async fn get_trunk(&self, trunk_id: &str) -> Result<Trunk> {
        let request = ApiRequest::get(self.trunk_path(trunk_id)?);
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `PUT /Account/{id}/trunks/{trunk_id}`: changes only the fields set in `changes`
    /// (checked as on create) and returns the whole trunk. The id and owner never change.
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`],
    /// [`Error::NotFound`], [`Error::BadRequest`] / [`Error::Unprocessable`],
    /// [`Error::Authentication`], [`Error::PermissionDenied`].
    pub async fn update_trunk(&self, trunk_id: &str, changes: &TrunkRequest) -> Result<Trunk> {
        let body = changes.validated()?;
        let request = ApiRequest::put(self.trunk_path(trunk_id)?).json(&body)?;
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `DELETE /Account/{id}/trunks/{trunk_id}`: deletes the trunk (numbers routed to it
    /// are detached). 200 and 204 both succeed.
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`],
    /// [`Error::NotFound`] (also when a retried delete had already succeeded),
    /// [`Error::Authentication`], [`Error::PermissionDenied`].
    pub async fn delete_trunk(&self, trunk_id: &str) -> Result<()> {
        let request = ApiRequest::delete(self.trunk_path(trunk_id)?);
        send(&self.transport, &self.credentials, request).await?;
        Ok(())
    }
}

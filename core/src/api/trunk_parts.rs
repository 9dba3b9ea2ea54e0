//! Trunk sub-resources of an account: SIP credentials, IP-ACL
//! entries and origination URIs. Created at `/Account/{id}/{kind}`, listed at
//! `/Account/{id}/trunks/{kind}` (style F), changed and deleted at `/Account/{id}/{kind}/{uuid}`.
//! See [`crate::models::trunk_parts`] for how they relate to trunks (account-level, named
//! by a trunk, deleted with it).

use super::{paginate, send, send_json};
use crate::clients::Account;
use crate::credentials::Scope;
use crate::error::Result;
use crate::models::{
    IpAclEntry, IpAclRequest, OriginationUri, OriginationUriRequest, TrunkCredential,
    TrunkCredentialRequest,
};
use crate::pagination::{ListSpec, PageOptions, PageStyle, Paginated};
use crate::path::ApiPath;
use crate::request::ApiRequest;

/// The three lists: `limit`/`offset` in, `meta{limit, offset, total}` + `objects` out
/// (style F).
const PARTS: ListSpec = ListSpec {
    style: PageStyle::LimitOffset,
    items_key: "objects",
    max_page_size: 100,
};

impl Account {
    /// `/Account/{id}/{kind}` (create) or `/Account/{id}/trunks/{kind}` (list).
    fn part_path(&self, kind: &'static str) -> ApiPath {
        ApiPath::v1().lit("Account").id(self.auth_id()).lit(kind)
    }

    /// `/Account/{id}/{kind}/{uuid}`.
    fn part_item(&self, kind: &'static str, field: &str, uuid: &str) -> Result<ApiPath> {
        self.part_path(kind).param(field, uuid.trim())
    }

    fn list_parts<T: serde::de::DeserializeOwned + Send + 'static>(
        &self,
        kind: &'static str,
        options: PageOptions,
    ) -> Result<Paginated<T>> {
        paginate(
            &self.transport,
            self.credentials.credentials(),
            ApiRequest::get(self.part_path(kind)),
            PARTS,
            options,
        )
    }

    async fn delete_part(&self, kind: &'static str, field: &str, uuid: &str) -> Result<()> {
        let request = ApiRequest::delete(self.part_item(kind, field, uuid)?);
        send(&self.transport, &self.credentials, request).await?;
        Ok(())
    }

    /// `POST /Account/{id}/credentials` `{username, password}`: creates a SIP credential a
    /// trunk can use (name its `uuid` in the trunk's `credential_uuid`). Both fields are
    /// required and checked before sending (see [`TrunkCredentialRequest`]); the answer's
    /// password is the API's `"<redacted>"`.
    ///
    /// Needs the account's own credentials. Not retried once sent: on
    /// [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown) list the credentials before
    /// creating again. Errors: [`Error::Validation`](crate::Error::Validation) (`username`,
    /// `password`), [`Error::BadRequest`](crate::Error::BadRequest) (the server's own rules,
    /// e.g. the sandbox's 8-character password minimum),
    /// [`Error::Conflict`](crate::Error::Conflict) (username taken),
    /// [`Error::Authentication`](crate::Error::Authentication),
    /// [`Error::PermissionDenied`](crate::Error::PermissionDenied).
    pub async fn create_trunk_credential(
        &self,
        request: &TrunkCredentialRequest,
    ) -> Result<TrunkCredential> {
        let body = request.validated(true)?;
        let request = ApiRequest::post(self.part_path("credentials")).json(&body)?;
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `GET /Account/{id}/trunks/credentials`: every credential of the account, newest
    /// first, fetched page by page (`limit`/`offset`) as the stream is consumed;
    /// `options.page_size` ≤ 100.
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`](crate::Error::Validation)
    /// at once (page size); when polled, [`Error::Authentication`](crate::Error::Authentication),
    /// [`Error::PermissionDenied`](crate::Error::PermissionDenied).
    pub fn list_trunk_credentials(
        &self,
        options: PageOptions,
    ) -> Result<Paginated<TrunkCredential>> {
        self.list_parts("trunks/credentials", options)
    }

    /// `PUT /Account/{id}/credentials/{uuid}`: changes the fields set in `changes` (checked
    /// as on create) and returns the credential.
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`](crate::Error::Validation)
    /// (`credential_uuid`, `username`, `password`), [`Error::NotFound`](crate::Error::NotFound)
    /// (missing or another account's), [`Error::BadRequest`](crate::Error::BadRequest),
    /// [`Error::Conflict`](crate::Error::Conflict), [`Error::Authentication`](crate::Error::Authentication),
    /// [`Error::PermissionDenied`](crate::Error::PermissionDenied).
    pub async fn update_trunk_credential(
        &self,
        credential_uuid: &str,
        changes: &TrunkCredentialRequest,
    ) -> Result<TrunkCredential> {
        let body = changes.validated(false)?;
        let path = self.part_item("credentials", "credential_uuid", credential_uuid)?;
        let request = ApiRequest::put(path).json(&body)?;
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `DELETE /Account/{id}/credentials/{uuid}` (204). A trunk naming it no longer has a
    /// credential.
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`](crate::Error::Validation)
    /// (`credential_uuid`), [`Error::NotFound`](crate::Error::NotFound) (also when a retried
    /// delete had already succeeded), [`Error::Authentication`](crate::Error::Authentication),
    /// [`Error::PermissionDenied`](crate::Error::PermissionDenied).
    pub async fn delete_trunk_credential(&self, credential_uuid: &str) -> Result<()> {
        self.delete_part("credentials", "credential_uuid", credential_uuid)
            .await
    }

    /// `POST /Account/{id}/ip-acl` `{name, ip_address}`: allows an IPv4 address or CIDR
    /// block (name its `uuid` in a trunk's `ipacl_uuid`). IPv6 and the RFC 5737
    /// documentation ranges are refused before sending (see [`IpAclRequest`]).
    ///
    /// Needs the account's own credentials. Not retried once sent. Errors:
    /// [`Error::Validation`](crate::Error::Validation) (`name`, `ip_address`),
    /// [`Error::BadRequest`](crate::Error::BadRequest), [`Error::Authentication`](crate::Error::Authentication),
    /// [`Error::PermissionDenied`](crate::Error::PermissionDenied),
    /// [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown) (list before creating again).
    pub async fn create_ip_acl(&self, request: &IpAclRequest) -> Result<IpAclEntry> {
        let body = request.validated(true)?;
        let request = ApiRequest::post(self.part_path("ip-acl")).json(&body)?;
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `GET /Account/{id}/trunks/ip-acl`: every IP-ACL entry, newest first, page by page
    /// (`options.page_size` ≤ 100).
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`](crate::Error::Validation)
    /// at once (page size); when polled, [`Error::Authentication`](crate::Error::Authentication),
    /// [`Error::PermissionDenied`](crate::Error::PermissionDenied).
    pub fn list_ip_acl(&self, options: PageOptions) -> Result<Paginated<IpAclEntry>> {
        self.list_parts("trunks/ip-acl", options)
    }

    /// `PUT /Account/{id}/ip-acl/{uuid}`: changes the fields set in `changes` (checked as on
    /// create).
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`](crate::Error::Validation)
    /// (`ip_acl_uuid`, `name`, `ip_address`), [`Error::NotFound`](crate::Error::NotFound),
    /// [`Error::BadRequest`](crate::Error::BadRequest), [`Error::Authentication`](crate::Error::Authentication),
    /// [`Error::PermissionDenied`](crate::Error::PermissionDenied).
    pub async fn update_ip_acl(
        &self,
        ip_acl_uuid: &str,
        changes: &IpAclRequest,
    ) -> Result<IpAclEntry> {
        let body = changes.validated(false)?;
        let path = self.part_item("ip-acl", "ip_acl_uuid", ip_acl_uuid)?;
        let request = ApiRequest::put(path).json(&body)?;
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `DELETE /Account/{id}/ip-acl/{uuid}` (204).
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`](crate::Error::Validation)
    /// (`ip_acl_uuid`), [`Error::NotFound`](crate::Error::NotFound),
    /// [`Error::Authentication`](crate::Error::Authentication),
    /// [`Error::PermissionDenied`](crate::Error::PermissionDenied).
    pub async fn delete_ip_acl(&self, ip_acl_uuid: &str) -> Result<()> {
        self.delete_part("ip-acl", "ip_acl_uuid", ip_acl_uuid).await
    }

    /// `POST /Account/{id}/origination-uris` `{name, sip_uri, priority?, weight?}`: where a
    /// trunk sends calls (name its `uuid` in a trunk's `primary_uri_uuid` or
    /// `fallback_uri_uuid`). The answer calls the URI `uri`.
    ///
    /// Needs the account's own credentials. Not retried once sent. Errors:
    /// [`Error::Validation`](crate::Error::Validation) (`name`, `sip_uri`),
    /// [`Error::BadRequest`](crate::Error::BadRequest) (the server's checks, e.g. `weight`
    /// 0), [`Error::Authentication`](crate::Error::Authentication),
    /// [`Error::PermissionDenied`](crate::Error::PermissionDenied),
    /// [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown) (list before creating again).
    pub async fn create_origination_uri(
        &self,
        request: &OriginationUriRequest,
    ) -> Result<OriginationUri> {
        let body = request.validated(true)?;
        let request = ApiRequest::post(self.part_path("origination-uris")).json(&body)?;
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `GET /Account/{id}/trunks/origination-uris`: every origination URI, newest first,
    /// page by page (`options.page_size` ≤ 100).
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`](crate::Error::Validation)
    /// at once (page size); when polled, [`Error::Authentication`](crate::Error::Authentication),
    /// [`Error::PermissionDenied`](crate::Error::PermissionDenied).
    pub fn list_origination_uris(&self, options: PageOptions) -> Result<Paginated<OriginationUri>> {
        self.list_parts("trunks/origination-uris", options)
    }

    /// `PUT /Account/{id}/origination-uris/{uuid}`: changes the fields set in `changes`
    /// (checked as on create).
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`](crate::Error::Validation)
    /// (`origination_uri_uuid`, `name`, `sip_uri`), [`Error::NotFound`](crate::Error::NotFound),
    /// [`Error::BadRequest`](crate::Error::BadRequest), [`Error::Authentication`](crate::Error::Authentication),
    /// [`Error::PermissionDenied`](crate::Error::PermissionDenied).
    pub async fn update_origination_uri(
        &self,
        origination_uri_uuid: &str,
        changes: &OriginationUriRequest,
    ) -> Result<OriginationUri> {
        let body = changes.validated(false)?;
        let path = self.part_item(
            "origination-uris",
            "origination_uri_uuid",
            origination_uri_uuid,
        )?;
        let request = ApiRequest::put(path).json(&body)?;
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `DELETE /Account/{id}/origination-uris/{uuid}` (204).
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`](crate::Error::Validation)
    /// (`origination_uri_uuid`), [`Error::NotFound`](crate::Error::NotFound),
    /// [`Error::Authentication`](crate::Error::Authentication),
    /// [`Error::PermissionDenied`](crate::Error::PermissionDenied).
    pub async fn delete_origination_uri(&self, origination_uri_uuid: &str) -> Result<()> {
        self.delete_part(
            "origination-uris",
            "origination_uri_uuid",
            origination_uri_uuid,
        )
        .await
    }
}

//! An account's numbers: the owned list, the inventory, purchase, release and
//! cancel-release, assignment to a sub-account (with the 15-day unassign cool-off), and
//! number ↔ trunk routing.

use serde_json::json;

use super::{paginate, send, send_json};
use crate::clients::Account;
use crate::credentials::{AccountKind, AuthId, Scope};
use crate::error::{Error, Result};
use crate::models::{
    CancelReleaseResult, InventoryFilters, OwnedNumberFilters, PhoneNumber, PurchaseResult,
    ReleaseResult,
};
use crate::pagination::{ListSpec, PageOptions, PageStyle, Paginated};
use crate::path::{ApiPath, E164};
use crate::request::ApiRequest;
use crate::validate;

/// Owned numbers and inventory: `page`/`per_page` in and out, `items` (style C).
const NUMBERS: ListSpec = ListSpec {
    style: PageStyle::PagePerPage,
    items_key: "items",
    max_page_size: 100,
};

/// A number fragment for `search`: digits, optionally after a `+` (sent encoded as `%2B`).
pub(super) fn search_digits(field: &str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    let digits = trimmed.strip_prefix('+').unwrap_or(trimmed);
    if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::validation(
            field,
            format!("{value:?} is not part of a phone number: use digits, optionally after +"),
        ));
    }
    Ok(trimmed.to_owned())
}

impl Account {
    /// `/Account/{id}` (capital A).
    fn account_root(&self) -> ApiPath {
        ApiPath::v1().lit("Account").id(self.auth_id())
    }

    /// `/account/{id}/numbers/{e164}/…` (lowercase: assign-subaccount, cancel-release).
    fn lowercase_number_path(&self, number: &E164, tail: &'static str) -> ApiPath {
        ApiPath::v1()
            .lit("account")
            .id(self.auth_id())
            .lit("numbers")
            .e164(number)
            .lit(tail)
    }

    fn require_main_account(&self) -> Result<()> {
        if self.credentials.is_main_account() {
            Ok(())
        } else {
            Err(Error::validation(
                "auth_id",
                format!(
                    "{} is a sub-account; only its parent main account (MA_…) assigns numbers to sub-accounts",
                    self.auth_id()
                ),
            ))
        }
    }

    /// `GET /Account/{id}/numbers`: the account's numbers (for a main account, also its
    /// sub-accounts' unless `include_subaccounts` is `false`; each item's `account_id` says
    /// whose), every page as the stream is consumed. Inventory numbers are not listed.
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`] at once
    /// (`search` that is not digits, a page size over 100); when polled,
    /// [`Error::Authentication`], [`Error::PermissionDenied`].
    pub fn list_numbers(
        &self,
        query: OwnedNumberFilters,
        options: PageOptions,
    ) -> Result<Paginated<PhoneNumber>> {
        let search = query
            .search
            .as_deref()
            .map(|s| search_digits("search", s))
            .transpose()?;
        let request = ApiRequest::get(self.account_root().lit("numbers"))
            .query_opt("search", search)
            .query_opt("include_subaccounts", query.include_subaccounts);
        paginate(
            &self.transport,
            self.credentials.credentials(),
            request,
            NUMBERS,
            options,
        )
    }

    /// `GET /Account/{id}/inventory/numbers`: numbers available to buy, filtered by
    /// country, a digit `search` and `exclude` prefixes (each sent as its own `exclude`
    /// parameter; the API ANDs them with the rest), every page as the stream is consumed.
    ///
    /// Needs the account's own credentials (a main account, or a sub-account buying for
    /// itself). Errors: [`Error::Validation`] at once (`country`, `search`, `exclude`, page
    /// size over 100); when polled, [`Error::Authentication`], [`Error::PermissionDenied`].
    pub fn list_inventory(
        &self,
        query: InventoryFilters,
        options: PageOptions,
    ) -> Result<Paginated<PhoneNumber>> {
        let country = query
            .country
            .as_deref()
            .map(|c| validate::country("country", c))
            .transpose()?;
        let search = query
            .search
            .as_deref()
            .map(|s| search_digits("search", s))
            .transpose()?;
        let mut request = ApiRequest::get(self.account_root().lit("inventory/numbers"))
            .query_opt("country", country)
            .query_opt("search", search);
        for prefix in &query.exclude {
            let prefix = search_digits("exclude", prefix)?;
            request = request.query("exclude", prefix.trim_start_matches('+'));
        }
        paginate(
            &self.transport,
            self.credentials.credentials(),
            request,
            NUMBERS,
            options,
        )
    }

    /// `POST /Account/{id}/numbers/purchase-from-inventory`: buys `e164` (any of `+91…`,
    /// `%2B91…`, `91…`; sent with a literal `+`), debiting `setup_fee + monthly_fee` from
    /// the paying account (a sub-account's parent pays). `currency` defaults to the
    /// number's.
    ///
    /// Needs the account's own credentials. Moves money and is **never retried once
    /// sent**: on [`Error::OutcomeUnknown`] or [`Error::Server`] list the account's numbers
    /// (and its ledger) before buying again — the API answers a failed debit with 500 and
    /// leaves the number in inventory.
    ///
    /// Errors: [`Error::Validation`] (`e164`, `currency`), [`Error::NotFound`] (not in
    /// inventory), [`Error::Server`] (500, usually a failed debit),
    /// [`Error::InsufficientBalance`] (402, should the API use it), [`Error::BadRequest`],
    /// [`Error::Authentication`], [`Error::PermissionDenied`], [`Error::OutcomeUnknown`].
    pub async fn purchase_from_inventory(
        &self,
        e164: &str,
        currency: Option<&str>,
    ) -> Result<PurchaseResult> {
        let number = E164::parse_field(e164, "e164")?;
        let currency = currency
            .map(|c| validate::currency("currency", c))
            .transpose()?;
        let mut body = json!({"e164": number.as_str()});
        if let Some(currency) = currency {
            body["currency"] = json!(currency);
        }
        let request = ApiRequest::post(self.account_root().lit("numbers/purchase-from-inventory"))
            .json(&body)?;
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `DELETE /Account/{id}/numbers/{e164}?immediate=`: releases a number, charging the
    /// account's release fee and detaching its trunk and application. Standard release is
    /// `pending_release` and cancellable with [`Account::cancel_release`] until
    /// `cooldown_ends_at` (24 h); `immediate = true` releases at once and cannot be undone.
    ///
    /// Needs the account's own credentials (the owner). Errors: [`Error::Validation`]
    /// (`e164`), [`Error::PermissionDenied`] (403: the account does not own it),
    /// [`Error::BadRequest`] (already pending or released), [`Error::Authentication`].
    pub async fn release_number(&self, e164: &str, immediate: bool) -> Result<ReleaseResult> {
        let number = E164::parse_field(e164, "e164")?;
        let mut request = ApiRequest::delete(self.account_root().lit("numbers").e164(&number));
        if immediate {
            request = request.query("immediate", "true");
        }
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `POST /account/{id}/numbers/{e164}/cancel-release` (lowercase `account`): within the
    /// 24 h window, makes the number active again and refunds the release fee (the trunk
    /// and application stay detached). A refund that failed still restores the number; see
    /// [`CancelReleaseResult::refund_failed`].
    ///
    /// Needs the account's own credentials. Not retried once sent: on
    /// [`Error::OutcomeUnknown`] list the number (its `status`) before cancelling again.
    /// Errors: [`Error::OutcomeUnknown`], [`Error::Validation`] (`e164`),
    /// [`Error::BadRequest`] (not pending release), [`Error::NotFound`],
    /// [`Error::PermissionDenied`], [`Error::Authentication`].
    pub async fn cancel_release(&self, e164: &str) -> Result<CancelReleaseResult> {
        let number = E164::parse_field(e164, "e164")?;
        let request = ApiRequest::post(self.lowercase_number_path(&number, "cancel-release"));
        send_json(&self.transport, &self.credentials, request).await
    }

    /// `POST /account/{id}/numbers/{e164}/assign-subaccount` `{sub_account_id}`: moves a
    /// number of this main account's pool to one of its sub-accounts. 200 and 204 (no
    /// body) both succeed.
    ///
    /// Needs a main account's (`MA_…`) own credentials: refused before sending on a
    /// sub-account's client. Errors: [`Error::Validation`] (`auth_id`, `e164`,
    /// `sub_account_id`), [`Error::NotFound`] (number not in the pool, or not your
    /// sub-account), [`Error::PermissionDenied`], [`Error::Authentication`].
    pub async fn assign_to_sub_account(&self, e164: &str, sub_account_id: &str) -> Result<()> {
        self.require_main_account()?;
        let number = E164::parse_field(e164, "e164")?;
        let sub = AuthId::parse_kind(
            sub_account_id.trim(),
            "sub_account_id",
            &[AccountKind::SubAccount],
        )?;
        let request = ApiRequest::post(self.lowercase_number_path(&number, "assign-subaccount"))
            .json(&json!({"sub_account_id": sub.as_str()}))?;
        send(&self.transport, &self.credentials, request).await?;
        Ok(())
    }

    /// `DELETE /account/{id}/numbers/{e164}/assign-subaccount`: moves a number back from a
    /// sub-account to this main account's pool. A DID with a call in the last 15 days is
    /// refused with [`Error::CoolOff`], carrying `cool_off_until` and `remaining`: retry
    /// after that time. A never-used DID moves at once.
    ///
    /// Needs a main account's (`MA_…`) own credentials: refused before sending on a
    /// sub-account's client. Errors: [`Error::Validation`] (`auth_id`, `e164`),
    /// [`Error::CoolOff`] (409), [`Error::NotFound`], [`Error::PermissionDenied`],
    /// [`Error::Authentication`].
    pub async fn unassign_from_sub_account(&self, e164: &str) -> Result<()> {
        self.require_main_account()?;
        let number = E164::parse_field(e164, "e164")?;
        let request = ApiRequest::delete(self.lowercase_number_path(&number, "assign-subaccount"));
        send(&self.transport, &self.credentials, request).await?;
        Ok(())
    }

    /// `POST /Account/{id}/numbers/{e164}/assign` `{trunk_group_id}`: routes an owned
    /// number to one of the account's SIP trunks (204).
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`] (`e164`,
    /// `trunk_group_id`), [`Error::NotFound`] (number or trunk not the account's),
    /// [`Error::BadRequest`] (already on a trunk), [`Error::Authentication`],
    /// [`Error::PermissionDenied`].
    pub async fn assign_number_to_trunk(&self, e164: &str, trunk_id: &str) -> Result<()> {
        let number = E164::parse_field(e164, "e164")?;
        let trunk_id = trunk_id.trim();
        if trunk_id.is_empty() {
            return Err(Error::validation("trunk_group_id", "must not be empty"));
        }
        let request = ApiRequest::post(
            self.account_root()
                .lit("numbers")
                .e164(&number)
                .lit("assign"),
        )
        .json(&json!({"trunk_group_id": trunk_id}))?;
        send(&self.transport, &self.credentials, request).await?;
        Ok(())
    }

    /// `DELETE /Account/{id}/numbers/{e164}/assign`: takes an owned number off its trunk
    /// (204).
    ///
    /// Needs the account's own credentials. Errors: [`Error::Validation`] (`e164`),
    /// [`Error::NotFound`], [`Error::Authentication`], [`Error::PermissionDenied`].
    pub async fn unassign_number_from_trunk(&self, e164: &str) -> Result<()> {
        let number = E164::parse_field(e164, "e164")?;
        let request = ApiRequest::delete(
            self.account_root()
                .lit("numbers")
                .e164(&number)
                .lit("assign"),
        );
        send(&self.transport, &self.credentials, request).await?;
        Ok(())
    }
}

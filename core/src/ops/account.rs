//! The account client's operations.

use super::{Args, OperationKind, ViewPages, done, unknown, view};
use crate::clients::Account;
use crate::error::Result;
use crate::models::{
    AccountCdrFilters, CallRequest, CreateSubAccount, HealthQuery, InventoryFilters,
    OwnedNumberFilters, RecordingFilters, SubAccountFilters, TrunkRequest,
};
use crate::models::{IpAclRequest, OriginationUriRequest, TrunkCredentialRequest};
use crate::pagination::PageOptions;
use crate::view::View;
use crate::workflows::cool_off::ReleaseOptions;
use crate::workflows::onboarding::{
    self, GivenCredentials, OnboardingState, StepContext, SubAccountPlan,
};

/// The onboarding step's context: `max_wait_seconds` and the account's own credentials
/// under `credentials_key`.
pub(super) fn onboarding_context(a: &mut Args, credentials_key: &str) -> Result<StepContext> {
    let max_wait = wait_seconds(a.optional("max_wait_seconds")?.unwrap_or(0.0))?;
    let given: Option<GivenCredentials> = a.optional(credentials_key)?;
    let own = given.map(GivenCredentials::into_credentials).transpose()?;
    let mut ctx = StepContext {
        max_wait,
        ..StepContext::default()
    };
    if credentials_key == "sub_account_credentials" {
        ctx.sub_account_credentials = own;
    } else {
        ctx.customer_credentials = own;
    }
    Ok(ctx)
}

pub(super) async fn call(acc: &Account, op: &str, mut a: Args) -> Result<View> {
    match op {
        "details" => {
            a.finish()?;
            view(acc.details().await)
        }
        "balance" => {
            a.finish()?;
            view(acc.balance().await)
        }
        "purchase_from_inventory" => {
            let e164: String = a.required("e164")?;
            let currency: Option<String> = a.optional("currency")?;
            a.finish()?;
            view(
                acc.purchase_from_inventory(&e164, currency.as_deref())
                    .await,
            )
        }
        "release_number" => {
            let e164: String = a.required("e164")?;
            let immediate: bool = a.or_default("immediate")?;
            a.finish()?;
            view(acc.release_number(&e164, immediate).await)
        }
        "cancel_release" => {
            let e164: String = a.required("e164")?;
            a.finish()?;
            view(acc.cancel_release(&e164).await)
        }
        "assign_to_sub_account" => {
            let e164: String = a.required("e164")?;
            let sub: String = a.required("sub_account_id")?;
            a.finish()?;
            done(acc.assign_to_sub_account(&e164, &sub).await)
        }
        "unassign_from_sub_account" => {
            let e164: String = a.required("e164")?;
            a.finish()?;
            done(acc.unassign_from_sub_account(&e164).await)
        }
        "unassign_or_cool_off" => {
            let e164: String = a.required("e164")?;
            a.finish()?;
            view(acc.unassign_or_cool_off(&e164).await)
        }
        "unassign_when_free" => {
            let e164: String = a.required("e164")?;
            let max_wait = wait_seconds(a.or_default("max_wait_seconds")?)?;
            a.finish()?;
            view(acc.unassign_when_free(&e164, max_wait).await)
        }
        "release_plan" => {
            let dids: Vec<String> = a.required("dids")?;
            a.finish()?;
            view(acc.release_plan(&dids).await)
        }
        "execute_release_plan" => {
            let dids: Vec<String> = a.required("dids")?;
            let options = ReleaseOptions {
                unassign_only: a.or_default("unassign_only")?,
                immediate: a.or_default("immediate")?,
            };
            a.finish()?;
            view(acc.execute_release_plan(&dids, options).await)
        }
        "assign_number_to_trunk" => {
            let e164: String = a.required("e164")?;
            let trunk_id: String = a.required("trunk_id")?;
            a.finish()?;
            done(acc.assign_number_to_trunk(&e164, &trunk_id).await)
        }
        "unassign_number_from_trunk" => {
            let e164: String = a.required("e164")?;
            a.finish()?;
            done(acc.unassign_number_from_trunk(&e164).await)
        }
        "number_health" => {
            let e164: String = a.required("e164")?;
            let query: HealthQuery = a.rest()?;
            view(acc.number_health(&e164, query).await)
        }
        "get_recording" => {
            let id: String = a.required("recording_id")?;
            a.finish()?;
            view(acc.get_recording(&id).await)
        }
        "delete_recording" => {
            let id: String = a.required("recording_id")?;
            a.finish()?;
            done(acc.delete_recording(&id).await)
        }
        "cdr_page" => {
            let (page, per_page) = a.page()?;
            let filters: AccountCdrFilters = a.rest()?;
            view(acc.cdr_page(filters, page, per_page).await)
        }
        "recent_cdrs" => {
            let limit: Option<u32> = a.optional("limit")?;
            a.finish()?;
            view(acc.recent_cdrs(limit).await)
        }
        "get_cdr" => {
            let call_uuid: String = a.required("call_uuid")?;
            a.finish()?;
            view(acc.get_cdr(&call_uuid).await)
        }
        "export_cdrs" => {
            let filters: AccountCdrFilters = a.rest()?;
            view(acc.export_cdrs(filters).await)
        }
        "make_call" => {
            let request: CallRequest = a.rest()?;
            view(acc.make_call(&request).await)
        }
        "create_sub_account" => {
            let request: CreateSubAccount = a.rest()?;
            view(acc.create_sub_account(request).await)
        }
        "create_trunk" => {
            let request: TrunkRequest = a.rest()?;
            view(acc.create_trunk(&request).await)
        }
        "get_trunk" => {
            let id: String = a.required("trunk_id")?;
            a.finish()?;
            view(acc.get_trunk(&id).await)
        }
        "update_trunk" => {
            let id: String = a.required("trunk_id")?;
            let changes: TrunkRequest = a.rest()?;
            view(acc.update_trunk(&id, &changes).await)
        }
        "delete_trunk" => {
            let id: String = a.required("trunk_id")?;
            a.finish()?;
            done(acc.delete_trunk(&id).await)
        }
        "create_trunk_credential" => {
            let request: TrunkCredentialRequest = a.rest()?;
            view(acc.create_trunk_credential(&request).await)
        }
        "update_trunk_credential" => {
            let id: String = a.required("credential_uuid")?;
            let changes: TrunkCredentialRequest = a.rest()?;
            view(acc.update_trunk_credential(&id, &changes).await)
        }
        "delete_trunk_credential" => {
            let id: String = a.required("credential_uuid")?;
            a.finish()?;
            done(acc.delete_trunk_credential(&id).await)
        }
        "create_ip_acl" => {
            let request: IpAclRequest = a.rest()?;
            view(acc.create_ip_acl(&request).await)
        }
        "update_ip_acl" => {
            let id: String = a.required("ip_acl_uuid")?;
            let changes: IpAclRequest = a.rest()?;
            view(acc.update_ip_acl(&id, &changes).await)
        }
        "delete_ip_acl" => {
            let id: String = a.required("ip_acl_uuid")?;
            a.finish()?;
            done(acc.delete_ip_acl(&id).await)
        }
        "create_origination_uri" => {
            let request: OriginationUriRequest = a.rest()?;
            view(acc.create_origination_uri(&request).await)
        }
        "update_origination_uri" => {
            let id: String = a.required("origination_uri_uuid")?;
            let changes: OriginationUriRequest = a.rest()?;
            view(acc.update_origination_uri(&id, &changes).await)
        }
        "delete_origination_uri" => {
            let id: String = a.required("origination_uri_uuid")?;
            a.finish()?;
            done(acc.delete_origination_uri(&id).await)
        }
        "sub_account_onboarding_step" => {
            let plan: SubAccountPlan = a.required_checked("plan")?;
            let state: Option<OnboardingState> = a.optional("state")?;
            let ctx = onboarding_context(&mut a, "sub_account_credentials")?;
            a.finish()?;
            view(onboarding::step_once(acc, &plan, state, &ctx).await)
        }
        _ => Err(unknown("account", op, OperationKind::Call)),
    }
}

/// The longest `max_wait_seconds`: a year and a day (a deadline further out would overflow
/// the runtime's clock arithmetic and is never meant).
const MAX_WAIT_SECONDS: f64 = 366.0 * 24.0 * 3600.0;

/// `max_wait_seconds`: a finite, non-negative number of seconds, at most a year and a day.
pub(super) fn wait_seconds(seconds: f64) -> Result<std::time::Duration> {
    let refused = || {
        crate::error::Error::validation(
            "max_wait_seconds",
            format!(
                "must be a number of seconds between 0 and {MAX_WAIT_SECONDS} (366 days), got {seconds}"
            ),
        )
    };
    if seconds > MAX_WAIT_SECONDS {
        return Err(refused());
    }
    std::time::Duration::try_from_secs_f64(seconds).map_err(|_| refused())
}

pub(super) fn list(acc: &Account, op: &str, a: Args, options: PageOptions) -> Result<ViewPages> {
    let pages = match op {
        "list_numbers" => {
            ViewPages::new(acc.list_numbers(a.rest::<OwnedNumberFilters>()?, options)?)
        }
        "list_inventory" => {
            ViewPages::new(acc.list_inventory(a.rest::<InventoryFilters>()?, options)?)
        }
        "list_recordings" => {
            ViewPages::new(acc.list_recordings(a.rest::<RecordingFilters>()?, options)?)
        }
        "list_cdrs" => ViewPages::new(acc.list_cdrs(a.rest::<AccountCdrFilters>()?, options)?),
        "search_cdrs" => ViewPages::new(acc.search_cdrs(a.rest::<AccountCdrFilters>()?, options)?),
        "list_sub_accounts" => {
            ViewPages::new(acc.list_sub_accounts(a.rest::<SubAccountFilters>()?, options)?)
        }
        "list_trunks" => {
            a.finish()?;
            ViewPages::new(acc.list_trunks(options)?)
        }
        "list_trunk_credentials" => {
            a.finish()?;
            ViewPages::new(acc.list_trunk_credentials(options)?)
        }
        "list_ip_acl" => {
            a.finish()?;
            ViewPages::new(acc.list_ip_acl(options)?)
        }
        "list_origination_uris" => {
            a.finish()?;
            ViewPages::new(acc.list_origination_uris(options)?)
        }
        _ => return Err(unknown("account", op, OperationKind::List)),
    };
    Ok(pages)
}

//! The account client's operations (an account's own credentials, `MA_…` / `SA_…`).

use crate::clients::Account;
use crate::models::{
    AccountBalance, AccountCdrFilters, AccountConcurrency, AccountDetails, CallFired, CallRequest,
    CancelReleaseResult, Cdr, CdrPage, CreateSubAccount, HealthQuery, InventoryFilters, IpAclEntry,
    IpAclRequest, NumberHealth, OnboardingStep, OriginationUri, OriginationUriRequest,
    OwnedNumberFilters, PhoneNumber, PurchaseResult, Recording, RecordingFilters, ReleaseExecution,
    ReleasePlan, ReleaseResult, SubAccountCreated, SubAccountFilters, SubAccountObject, Trunk,
    TrunkCredential, TrunkCredentialRequest, TrunkRequest, UnassignOutcome,
};
use crate::workflows::cool_off::ReleaseOptions;
use crate::workflows::onboarding::{self, GivenCredentials, OnboardingState, SubAccountPlan};

crate::operations! {
    client Account, scope "account";

    /// The account's profile.
    call details => client.details
        route GET "/Account/{auth_id}/"
        () -> AccountDetails
        = |acc| acc.details().await;

    /// The account's wallet.
    call balance => client.balance
        route GET "/Account/{auth_id}/"
        () -> AccountBalance
        = |acc| acc.balance().await;

    /// The account's calls in progress against its concurrent-call limit.
    call concurrency => client.concurrency
        route GET "/Account/{auth_id}/concurrency"
        () -> AccountConcurrency
        = |acc| acc.concurrency().await;

    /// The numbers this account owns, lazily.
    list list_numbers => numbers.list
        route GET "/Account/{auth_id}/numbers"
        (
            /// The filters.
            rest filters: OwnedNumberFilters,
        ) -> PhoneNumber
        = |acc, paging| acc.list_numbers(filters, paging);

    /// Numbers for sale, lazily.
    list list_inventory => numbers.inventory
        route GET "/Account/{auth_id}/inventory/numbers"
        (
            /// The filters.
            rest filters: InventoryFilters,
        ) -> PhoneNumber
        = |acc, paging| acc.list_inventory(filters, paging);

    /// Buys a number from the inventory (setup and first monthly fee are debited; a
    /// sub-account's purchase bills its parent). Never retried blindly.
    call purchase_from_inventory => numbers.purchase
        route POST "/Account/{auth_id}/numbers/purchase-from-inventory"
        (
            /// The number, E.164.
            pos e164: String,
            /// The currency to pay in.
            opt currency: String,
        ) -> PurchaseResult
        = |acc| acc.purchase_from_inventory(&e164, currency.as_deref()).await;

    /// Releases a number (cancellable for 24 hours unless `immediate`).
    call release_number => numbers.release
        route DELETE "/Account/{auth_id}/numbers/{e164}"
        (
            /// The number, E.164.
            pos e164: String,
            /// Release now, with no 24-hour window to cancel in.
            def immediate: bool = false,
        ) -> ReleaseResult
        = |acc| acc.release_number(&e164, immediate).await;

    /// Takes back a release inside its 24-hour window.
    call cancel_release => numbers.cancel_release
        route POST "/account/{auth_id}/numbers/{e164}/cancel-release"
        (
            /// The number, E.164.
            pos e164: String,
        ) -> CancelReleaseResult
        = |acc| acc.cancel_release(&e164).await;

    /// Gives a number to one of this main account's sub-accounts.
    call assign_to_sub_account => numbers.assign_to_sub_account
        route POST "/account/{auth_id}/numbers/{e164}/assign-subaccount"
        (
            /// The number, E.164.
            pos e164: String,
            /// The sub-account's `SA_…` id.
            pos sub_account_id: String,
        ) -> ()
        = |acc| acc.assign_to_sub_account(&e164, &sub_account_id).await;

    /// Takes a number back from its sub-account. A cool-off error (with `cool_off_until`)
    /// within 15 days of the number's last call.
    call unassign_from_sub_account => numbers.unassign_from_sub_account
        route DELETE "/account/{auth_id}/numbers/{e164}/assign-subaccount"
        (
            /// The number, E.164.
            pos e164: String,
        ) -> ()
        = |acc| acc.unassign_from_sub_account(&e164).await;

    /// Takes a number back from its sub-account, or reports its cool-off without failing:
    /// `status` is `"unassigned"` or `"cooling_off"` (with `cool_off_until` and
    /// `remaining_seconds` as the server said).
    call unassign_or_cool_off => numbers.unassign_or_cool_off
        workflow "unassign, a cool-off reported as an outcome"
        (
            /// The number, E.164.
            pos e164: String,
        ) -> UnassignOutcome
        = |acc| acc.unassign_or_cool_off(&e164).await;

    /// `unassign_or_cool_off`, waiting (up to `max_wait_seconds`) for a cool-off that ends
    /// within it, then trying again at its end. A longer cool-off is returned at once as
    /// `"cooling_off"`; 0 never waits.
    call unassign_when_free => numbers.unassign_when_free
        workflow "unassign, waiting out a short cool-off"
        (
            /// The number, E.164.
            pos e164: String,
            /// The longest wait, in seconds.
            def max_wait_seconds: f64 = 0.0 => max_wait,
        ) -> UnassignOutcome
        = |acc| acc.unassign_when_free(&e164, crate::workflows::onboarding::max_wait(max_wait_seconds)?).await;

    /// What releasing each DID takes (an unassign first for a sub-account's) and whether it
    /// can happen now or when its cool-off ends. Changes nothing.
    call release_plan => numbers.release_plan
        workflow "release plan from the numbers and their cool-offs"
        (
            /// The numbers, E.164.
            pos dids: Vec<String>,
        ) -> ReleasePlan
        = |acc| acc.release_plan(&dids).await;

    /// Plans, then does what can be done now: unassigns the free sub-account DIDs and
    /// releases them (cancellable for 24 h unless `immediate`; nothing is released with
    /// `unassign_only`). DIDs still cooling off are left and reported; one DID failing does
    /// not stop the others; a re-run skips what is already releasing.
    call execute_release_plan => numbers.execute_release_plan
        workflow "release plan, executed"
        (
            /// The numbers, E.164.
            pos dids: Vec<String>,
            /// Unassign from sub-accounts but release nothing.
            def unassign_only: bool = false,
            /// Release now, with no 24-hour window to cancel in.
            def immediate: bool = false,
        ) -> ReleaseExecution
        = |acc| acc.execute_release_plan(&dids, ReleaseOptions { unassign_only, immediate }).await;

    /// Routes a number's calls to a SIP trunk.
    call assign_number_to_trunk => numbers.assign_to_trunk
        route POST "/Account/{auth_id}/numbers/{e164}/assign"
        (
            /// The number, E.164.
            pos e164: String,
            /// The trunk's id.
            pos trunk_id: String,
        ) -> ()
        = |acc| acc.assign_number_to_trunk(&e164, &trunk_id).await;

    /// Stops routing a number to its trunk.
    call unassign_number_from_trunk => numbers.unassign_from_trunk
        route DELETE "/Account/{auth_id}/numbers/{e164}/assign"
        (
            /// The number, E.164.
            pos e164: String,
        ) -> ()
        = |acc| acc.unassign_number_from_trunk(&e164).await;

    /// Answer rates and call counts for a number (`granularity`: day or hour; `days`
    /// 1–90).
    call number_health => numbers.health
        route GET "/account/{auth_id}/numbers/{e164}/health"
        (
            /// The number, E.164.
            pos e164: String,
            /// The query.
            rest query: HealthQuery,
        ) -> NumberHealth
        = |acc| acc.number_health(&e164, query).await;

    /// The CDRs, lazily, filtered.
    list list_cdrs => cdrs.list
        route GET "/Account/{auth_id}/cdr"
        (
            /// The filters.
            rest filters: AccountCdrFilters,
        ) -> Cdr
        = |acc, paging| acc.list_cdrs(filters, paging);

    /// The CDR search route, lazily.
    list search_cdrs => cdrs.search
        route GET "/Account/{auth_id}/cdr/search"
        (
            /// The filters.
            rest filters: AccountCdrFilters,
        ) -> Cdr
        = |acc, paging| acc.search_cdrs(filters, paging);

    /// One page of CDRs with its pagination block.
    call cdr_page => cdrs.page
        route GET "/Account/{auth_id}/cdr"
        (
            /// The page, from 1.
            def page: u32 = 1,
            /// Rows per page.
            def per_page: u32 = 20,
            /// The filters.
            rest filters: AccountCdrFilters,
        ) -> CdrPage
        = |acc| acc.cdr_page(filters, page, per_page).await;

    /// The latest CDRs.
    call recent_cdrs => cdrs.recent
        route GET "/Account/{auth_id}/cdr/recent"
        (
            /// How many (the API's default when absent).
            opt limit: u32,
        ) -> Vec<Cdr>
        = |acc| acc.recent_cdrs(limit).await;

    /// One CDR.
    call get_cdr => cdrs.get
        route GET "/Account/{auth_id}/cdr/{call_uuid}"
        (
            /// The call's UUID.
            pos call_uuid: String,
        ) -> Cdr
        = |acc| acc.get_cdr(&call_uuid).await;

    /// The matching CDRs as CSV text.
    call export_cdrs => cdrs.export
        route GET "/Account/{auth_id}/cdr/export"
        (
            /// The filters.
            rest filters: AccountCdrFilters,
        ) -> String
        = |acc| acc.export_cdrs(filters).await;

    /// Recordings, lazily (`recording_type`: call, conference, trunk).
    list list_recordings => recordings.list
        route GET "/Account/{auth_id}/Recording/"
        (
            /// The filters.
            rest filters: RecordingFilters,
        ) -> Recording
        = |acc, paging| acc.list_recordings(filters, paging);

    /// One recording.
    call get_recording => recordings.get
        route GET "/Account/{auth_id}/Recording/{recording_id}/"
        (
            /// The recording's id.
            pos recording_id: String,
        ) -> Recording
        = |acc| acc.get_recording(&recording_id).await;

    /// Deletes a recording.
    call delete_recording => recordings.delete
        route DELETE "/Account/{auth_id}/Recording/{recording_id}/"
        (
            /// The recording's id.
            pos recording_id: String,
        ) -> ()
        = |acc| acc.delete_recording(&recording_id).await;

    /// Places a call from `from` to `to` (one or several destinations that ring at once),
    /// driven by the VobizXML at `answer_url`. Refused while the account's KYC blocks
    /// calls. Never retried blindly.
    call make_call => calls.make
        route POST "/Account/{auth_id}/Call/"
        (
            /// The call.
            rest request: CallRequest,
        ) -> CallFired
        = |acc| acc.make_call(&request).await;

    /// Creates a sub-account (`kyc_mode`: personal_use or customer_use). Its credentials are
    /// in the answer only: store them now. Never retried blindly.
    call create_sub_account => sub_accounts.create
        route POST "/accounts/{auth_id}/sub-accounts/"
        (
            /// The sub-account.
            rest request: CreateSubAccount,
        ) -> SubAccountCreated
        = |acc| acc.create_sub_account(request).await;

    /// The sub-accounts, lazily.
    list list_sub_accounts => sub_accounts.list
        route GET "/accounts/{auth_id}/sub-accounts/"
        (
            /// The filters.
            rest filters: SubAccountFilters,
        ) -> SubAccountObject
        = |acc, paging| acc.list_sub_accounts(filters, paging);

    /// Runs the next step of a `customer_use` sub-account onboarding (create → KYC by
    /// entity type → wait for KYC → choose, buy and assign a number → check routing →
    /// optional first call); `state` absent starts one. The answer holds the updated state
    /// and the step's report; store the report's once-shown credentials before saving the
    /// state.
    call sub_account_onboarding_step => sub_accounts.onboarding_step
        workflow "sub-account onboarding, one step"
        (
            /// What to onboard.
            pos_checked plan: SubAccountPlan,
            /// Where the onboarding stands (absent: start).
            pos_opt state: OnboardingState,
            /// How long a step may wait for KYC, in seconds (0: do not wait).
            def max_wait_seconds: f64 = 0.0,
            /// The sub-account's own credentials, for the first call.
            opt sub_account_credentials: GivenCredentials,
        ) -> OnboardingStep
        = |acc| {
            let ctx = onboarding::StepContext {
                max_wait: crate::workflows::onboarding::max_wait(max_wait_seconds)?,
                sub_account_credentials: sub_account_credentials
                    .map(GivenCredentials::into_credentials)
                    .transpose()?,
                ..onboarding::StepContext::default()
            };
            onboarding::step_once(acc, &plan, state, &ctx).await
        };

    /// Creates a trunk (`trunk_direction`: inbound, outbound or both).
    call create_trunk => trunks.create
        route POST "/Account/{auth_id}/trunks"
        (
            /// The trunk.
            rest request: TrunkRequest [name],
        ) -> Trunk
        = |acc| acc.create_trunk(&request).await;

    /// The trunks, lazily.
    list list_trunks => trunks.list
        route GET "/Account/{auth_id}/trunks"
        () -> Trunk
        = |acc, paging| acc.list_trunks(paging);

    /// One trunk.
    call get_trunk => trunks.get
        route GET "/Account/{auth_id}/trunks/{trunk_id}"
        (
            /// The trunk's id.
            pos trunk_id: String,
        ) -> Trunk
        = |acc| acc.get_trunk(&trunk_id).await;

    /// Changes the fields given (a patch).
    call update_trunk => trunks.update
        route PUT "/Account/{auth_id}/trunks/{trunk_id}"
        (
            /// The trunk's id.
            pos trunk_id: String,
            /// The changes.
            rest changes: TrunkRequest,
        ) -> Trunk
        = |acc| acc.update_trunk(&trunk_id, &changes).await;

    /// Deletes a trunk (its credentials, ACLs and URIs go with it).
    call delete_trunk => trunks.delete
        route DELETE "/Account/{auth_id}/trunks/{trunk_id}"
        (
            /// The trunk's id.
            pos trunk_id: String,
        ) -> ()
        = |acc| acc.delete_trunk(&trunk_id).await;

    /// Creates a SIP digest credential (the password is never printed).
    call create_trunk_credential => trunk_credentials.create
        route POST "/Account/{auth_id}/credentials"
        (
            /// The credential.
            rest request: TrunkCredentialRequest [username, password],
        ) -> TrunkCredential
        = |acc| acc.create_trunk_credential(&request).await;

    /// The credentials, lazily.
    list list_trunk_credentials => trunk_credentials.list
        route GET "/Account/{auth_id}/trunks/credentials"
        () -> TrunkCredential
        = |acc, paging| acc.list_trunk_credentials(paging);

    /// Changes the fields given.
    call update_trunk_credential => trunk_credentials.update
        route PUT "/Account/{auth_id}/credentials/{credential_uuid}"
        (
            /// The credential's UUID.
            pos credential_uuid: String,
            /// The changes.
            rest changes: TrunkCredentialRequest,
        ) -> TrunkCredential
        = |acc| acc.update_trunk_credential(&credential_uuid, &changes).await;

    /// Deletes a credential.
    call delete_trunk_credential => trunk_credentials.delete
        route DELETE "/Account/{auth_id}/credentials/{credential_uuid}"
        (
            /// The credential's UUID.
            pos credential_uuid: String,
        ) -> ()
        = |acc| acc.delete_trunk_credential(&credential_uuid).await;

    /// Allows an IP address.
    call create_ip_acl => ip_acl.create
        route POST "/Account/{auth_id}/ip-acl"
        (
            /// The entry.
            rest request: IpAclRequest [name, ip_address],
        ) -> IpAclEntry
        = |acc| acc.create_ip_acl(&request).await;

    /// The entries, lazily.
    list list_ip_acl => ip_acl.list
        route GET "/Account/{auth_id}/trunks/ip-acl"
        () -> IpAclEntry
        = |acc, paging| acc.list_ip_acl(paging);

    /// Changes the fields given.
    call update_ip_acl => ip_acl.update
        route PUT "/Account/{auth_id}/ip-acl/{ip_acl_uuid}"
        (
            /// The entry's UUID.
            pos ip_acl_uuid: String,
            /// The changes.
            rest changes: IpAclRequest,
        ) -> IpAclEntry
        = |acc| acc.update_ip_acl(&ip_acl_uuid, &changes).await;

    /// Deletes an entry.
    call delete_ip_acl => ip_acl.delete
        route DELETE "/Account/{auth_id}/ip-acl/{ip_acl_uuid}"
        (
            /// The entry's UUID.
            pos ip_acl_uuid: String,
        ) -> ()
        = |acc| acc.delete_ip_acl(&ip_acl_uuid).await;

    /// Adds an origination URI (where inbound calls are sent).
    call create_origination_uri => origination_uris.create
        route POST "/Account/{auth_id}/origination-uris"
        (
            /// The URI.
            rest request: OriginationUriRequest [name, sip_uri],
        ) -> OriginationUri
        = |acc| acc.create_origination_uri(&request).await;

    /// The URIs, lazily.
    list list_origination_uris => origination_uris.list
        route GET "/Account/{auth_id}/trunks/origination-uris"
        () -> OriginationUri
        = |acc, paging| acc.list_origination_uris(paging);

    /// Changes the fields given.
    call update_origination_uri => origination_uris.update
        route PUT "/Account/{auth_id}/origination-uris/{origination_uri_uuid}"
        (
            /// The URI's UUID.
            pos origination_uri_uuid: String,
            /// The changes.
            rest changes: OriginationUriRequest,
        ) -> OriginationUri
        = |acc| acc.update_origination_uri(&origination_uri_uuid, &changes).await;

    /// Deletes a URI.
    call delete_origination_uri => origination_uris.delete
        route DELETE "/Account/{auth_id}/origination-uris/{origination_uri_uuid}"
        (
            /// The URI's UUID.
            pos origination_uri_uuid: String,
        ) -> ()
        = |acc| acc.delete_origination_uri(&origination_uri_uuid).await;
}

//! A main account's operations on one sub-account (the parent's credentials; the path
//! names the sub-account): admin, KYC, and test-mode KYC (`test_…`).

use serde_json::{Map, Value};

use crate::clients::SubAccount;
use crate::error::{Error, Result};
use crate::models::{
    CinMatch, DigilockerInitiation, KycStatus, KycVerificationResult, PendingOutcome,
    SubAccountKycReminder, SubAccountKycSessionCreated, SubAccountKycSessionRequest,
    SubAccountObject, UpdateSubAccount, VerificationType,
};

crate::operations! {
    client SubAccount, scope "sub_account";

    /// The sub-account.
    call get => client.get
        route GET "/accounts/{auth_id}/sub-accounts/{sub_account_id}"
        () -> SubAccountObject
        = |sub| sub.get().await;

    /// Changes the fields given.
    call update => client.update
        route PUT "/accounts/{auth_id}/sub-accounts/{sub_account_id}"
        (
            /// The changes.
            rest changes: UpdateSubAccount,
        ) -> SubAccountObject
        = |sub| sub.update(changes).await;

    /// Deletes the sub-account.
    call delete => client.delete
        route DELETE "/accounts/{auth_id}/sub-accounts/{sub_account_id}"
        () -> ()
        = |sub| sub.delete().await;

    /// Where the KYC stands, and whether calls are still blocked.
    call kyc_status => kyc.status
        route GET "/sub-accounts/{sub_account_id}/kyc/status"
        () -> KycStatus
        = |sub| sub.kyc_status().await;

    /// Checks a PAN (the first step for everyone).
    call verify_pan => kyc.verify_pan
        route POST "/sub-accounts/{sub_account_id}/kyc/verify-pan"
        (
            /// The PAN (`ABCDE1234F`).
            pos pan: String,
        ) -> KycVerificationResult
        = |sub| sub.verify_pan(&pan).await;

    /// Checks a GSTIN (companies, LLPs, partnerships).
    call verify_gst => kyc.verify_gst
        route POST "/sub-accounts/{sub_account_id}/kyc/verify-gst"
        (
            /// The GSTIN (15 characters).
            pos gstin: String,
        ) -> KycVerificationResult
        = |sub| sub.verify_gst(&gstin).await;

    /// Companies registered under a name, to pick the CIN from.
    call cin_search => kyc.cin_search
        route POST "/sub-accounts/{sub_account_id}/kyc/cin/search"
        (
            /// The company's registered name.
            pos company_name: String,
        ) -> Vec<CinMatch>
        = |sub| sub.cin_search(&company_name).await;

    /// Confirms the company's CIN.
    call cin_confirm => kyc.cin_confirm
        route POST "/sub-accounts/{sub_account_id}/kyc/cin/confirm"
        (
            /// The company's registered name.
            pos company_name: String,
            /// The CIN picked from the search.
            pos selected_cin: String,
        ) -> KycVerificationResult
        = |sub| sub.cin_confirm(&company_name, &selected_cin).await;

    /// Starts Aadhaar through DigiLocker; send the person to `auth_url`.
    call digilocker_initiate => kyc.digilocker_initiate
        route POST "/sub-accounts/{sub_account_id}/kyc/digilocker/initiate"
        (
            /// Where DigiLocker sends the person back.
            pos redirect_url: String,
            /// Your OAuth `state`, echoed back.
            opt oauth_state: String,
        ) -> DigilockerInitiation
        = |sub| sub.digilocker_initiate(&redirect_url, oauth_state.as_deref()).await;

    /// Completes DigiLocker after the person came back.
    call digilocker_verify => kyc.digilocker_verify
        route POST "/sub-accounts/{sub_account_id}/kyc/digilocker/verify"
        (
            /// The id from the initiation.
            pos access_request_id: String,
            /// The mobile number linked to the Aadhaar.
            opt linked_number: String,
        ) -> KycVerificationResult
        = |sub| sub.digilocker_verify(&access_request_id, linked_number.as_deref()).await;

    /// Checks a PAN (the first step for everyone). Test mode: magic inputs, no provider.
    call test_verify_pan => kyc_test.verify_pan
        route POST "/sub-accounts/test/{sub_account_id}/kyc/verify-pan"
        (
            /// The PAN (`ABCDE1234F`).
            pos pan: String,
        ) -> KycVerificationResult
        = |sub| sub.kyc_test_mode().verify_pan(&pan).await;

    /// Checks a GSTIN (companies, LLPs, partnerships). Test mode: magic inputs, no provider.
    call test_verify_gst => kyc_test.verify_gst
        route POST "/sub-accounts/test/{sub_account_id}/kyc/verify-gst"
        (
            /// The GSTIN (15 characters).
            pos gstin: String,
        ) -> KycVerificationResult
        = |sub| sub.kyc_test_mode().verify_gst(&gstin).await;

    /// Companies registered under a name, to pick the CIN from. Test mode: magic inputs, no provider.
    call test_cin_search => kyc_test.cin_search
        route POST "/sub-accounts/test/{sub_account_id}/kyc/cin/search"
        (
            /// The company's registered name.
            pos company_name: String,
        ) -> Vec<CinMatch>
        = |sub| sub.kyc_test_mode().cin_search(&company_name).await;

    /// Confirms the company's CIN. Test mode: magic inputs, no provider.
    call test_cin_confirm => kyc_test.cin_confirm
        route POST "/sub-accounts/test/{sub_account_id}/kyc/cin/confirm"
        (
            /// The company's registered name.
            pos company_name: String,
            /// The CIN picked from the search.
            pos selected_cin: String,
        ) -> KycVerificationResult
        = |sub| sub.kyc_test_mode().cin_confirm(&company_name, &selected_cin).await;

    /// Starts Aadhaar through DigiLocker; send the person to `auth_url`. Test mode: magic inputs, no provider.
    call test_digilocker_initiate => kyc_test.digilocker_initiate
        route POST "/sub-accounts/test/{sub_account_id}/kyc/digilocker/initiate"
        (
            /// Where DigiLocker sends the person back.
            pos redirect_url: String,
            /// Your OAuth `state`, echoed back.
            opt oauth_state: String,
        ) -> DigilockerInitiation
        = |sub| sub.kyc_test_mode().digilocker_initiate(&redirect_url, oauth_state.as_deref()).await;

    /// Completes DigiLocker after the person came back. Test mode: magic inputs, no provider.
    call test_digilocker_verify => kyc_test.digilocker_verify
        route POST "/sub-accounts/test/{sub_account_id}/kyc/digilocker/verify"
        (
            /// The id from the initiation.
            pos access_request_id: String,
            /// The mobile number linked to the Aadhaar.
            opt linked_number: String,
        ) -> KycVerificationResult
        = |sub| sub.kyc_test_mode().digilocker_verify(&access_request_id, linked_number.as_deref()).await;

    /// Settles the latest pending mock (`outcome`: verified or failed).
    call test_finalize_pending => kyc_test.finalize_pending
        route POST "/sub-accounts/test/{sub_account_id}/kyc/finalize-pending"
        (
            /// Which verification.
            pos verification_type: VerificationType,
            /// How it ends.
            pos outcome: PendingOutcome,
        ) -> KycVerificationResult
        = |sub| sub.kyc_test_mode().finalize_pending(verification_type, outcome).await;

    /// A hosted KYC session: `customer_email` (email flow) or `redirect_url` (redirect
    /// flow), exactly one. Reminders as days before expiry.
    call create_kyc_session => kyc.create_session
        route POST "/sub-accounts/{sub_account_id}/kyc-sessions"
        options "request"
        (
            /// Email flow: where the link is sent.
            opt customer_email: String,
            /// Redirect flow: where the person returns.
            opt redirect_url: String,
            /// Where the session's events are posted.
            opt webhook_url: String,
            /// How long the link stays valid.
            opt expires_in_days: u32,
            /// Reminders, as days before expiry.
            def reminder_days: Vec<u32> = Vec::<u32>::new(),
            /// Your own data, echoed on the session.
            opt metadata: Map<String, Value>,
        ) -> SubAccountKycSessionCreated
        = |sub| {
            let request = kyc_session_request(
                customer_email,
                redirect_url,
                webhook_url,
                expires_in_days,
                reminder_days,
                metadata,
            )?;
            sub.create_kyc_session(request).await
        };
}

/// The session request: exactly one of the email and redirect flows.
fn kyc_session_request(
    email: Option<String>,
    redirect: Option<String>,
    webhook_url: Option<String>,
    expires_in_days: Option<u32>,
    reminder_days: Vec<u32>,
    metadata: Option<Map<String, Value>>,
) -> Result<SubAccountKycSessionRequest> {
    let mut request = match (email, redirect) {
        (Some(email), None) => SubAccountKycSessionRequest::email(email),
        (None, Some(url)) => SubAccountKycSessionRequest::redirect(url),
        (Some(_), Some(_)) => {
            return Err(Error::validation(
                "redirect_url",
                "give customer_email (email flow) or redirect_url (redirect flow), not both",
            ));
        }
        (None, None) => {
            return Err(Error::validation(
                "customer_email",
                "give customer_email (email flow) or redirect_url (redirect flow)",
            ));
        }
    };
    request.webhook_url = webhook_url;
    request.expires_in_days = expires_in_days;
    request.reminder_schedule = reminder_days
        .into_iter()
        .map(|days_before_expiry| SubAccountKycReminder { days_before_expiry })
        .collect();
    request.metadata = metadata;
    Ok(request)
}

//! A main account's operations on one sub-account, test-mode KYC included (`test_…`).

use serde_json::{Map, Value};

use super::{Args, OperationKind, done, unknown, view};
use crate::clients::SubAccount;
use crate::error::{Error, Result};
use crate::models::{
    PendingOutcome, SubAccountKycReminder, SubAccountKycSessionRequest, UpdateSubAccount,
    VerificationType,
};
use crate::view::View;

pub(super) async fn call(sub: &SubAccount, op: &str, mut a: Args) -> Result<View> {
    let test = sub.kyc_test_mode();
    match op {
        "get" => {
            a.finish()?;
            view(sub.get().await)
        }
        "update" => {
            let changes: UpdateSubAccount = a.rest()?;
            view(sub.update(changes).await)
        }
        "delete" => {
            a.finish()?;
            done(sub.delete().await)
        }
        "kyc_status" => {
            a.finish()?;
            view(sub.kyc_status().await)
        }
        "verify_pan" | "test_verify_pan" => {
            let pan: String = a.required("pan")?;
            a.finish()?;
            if op == "verify_pan" {
                view(sub.verify_pan(&pan).await)
            } else {
                view(test.verify_pan(&pan).await)
            }
        }
        "verify_gst" | "test_verify_gst" => {
            let gstin: String = a.required("gstin")?;
            a.finish()?;
            if op == "verify_gst" {
                view(sub.verify_gst(&gstin).await)
            } else {
                view(test.verify_gst(&gstin).await)
            }
        }
        "cin_search" | "test_cin_search" => {
            let name: String = a.required("company_name")?;
            a.finish()?;
            if op == "cin_search" {
                view(sub.cin_search(&name).await)
            } else {
                view(test.cin_search(&name).await)
            }
        }
        "cin_confirm" | "test_cin_confirm" => {
            let name: String = a.required("company_name")?;
            let cin: String = a.required("selected_cin")?;
            a.finish()?;
            if op == "cin_confirm" {
                view(sub.cin_confirm(&name, &cin).await)
            } else {
                view(test.cin_confirm(&name, &cin).await)
            }
        }
        "digilocker_initiate" | "test_digilocker_initiate" => {
            let redirect_url: String = a.required("redirect_url")?;
            let state: Option<String> = a.optional("oauth_state")?;
            a.finish()?;
            if op == "digilocker_initiate" {
                view(
                    sub.digilocker_initiate(&redirect_url, state.as_deref())
                        .await,
                )
            } else {
                view(
                    test.digilocker_initiate(&redirect_url, state.as_deref())
                        .await,
                )
            }
        }
        "digilocker_verify" | "test_digilocker_verify" => {
            let id: String = a.required("access_request_id")?;
            let linked: Option<String> = a.optional("linked_number")?;
            a.finish()?;
            if op == "digilocker_verify" {
                view(sub.digilocker_verify(&id, linked.as_deref()).await)
            } else {
                view(test.digilocker_verify(&id, linked.as_deref()).await)
            }
        }
        "test_finalize_pending" => {
            let kind: VerificationType = a.required("verification_type")?;
            let outcome: PendingOutcome = a.required("outcome")?;
            a.finish()?;
            view(test.finalize_pending(kind, outcome).await)
        }
        "create_kyc_session" => {
            let request = kyc_session_request(a)?;
            view(sub.create_kyc_session(request).await)
        }
        _ => Err(unknown("sub_account", op, OperationKind::Call)),
    }
}

/// `customer_email` (email flow) or `redirect_url` (redirect flow), exactly one; reminders
/// as days before expiry.
fn kyc_session_request(mut a: Args) -> Result<SubAccountKycSessionRequest> {
    let email: Option<String> = a.optional("customer_email")?;
    let redirect: Option<String> = a.optional("redirect_url")?;
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
    request.webhook_url = a.optional("webhook_url")?;
    request.expires_in_days = a.optional("expires_in_days")?;
    let days: Vec<u32> = a.or_default("reminder_days")?;
    request.reminder_schedule = days
        .into_iter()
        .map(|days_before_expiry| SubAccountKycReminder { days_before_expiry })
        .collect();
    request.metadata = a.optional::<Map<String, Value>>("metadata")?;
    a.finish()?;
    Ok(request)
}

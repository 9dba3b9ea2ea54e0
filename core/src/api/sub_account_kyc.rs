//! Sub-account KYC with the parent's credentials: status, PAN, GST, CIN search
//! and confirm, DigiLocker, hosted sessions, and the test-mode routes through
//! [`SubAccount::kyc_test_mode`].

use serde_json::{Map, Value};

use super::send_json;
use crate::clients::{SubAccount, SubAccountKycTest};
use crate::error::{Error, Result};
use crate::models::kyc::{CinSearchAnswer, http_url};
use crate::models::{
    CinMatch, DigilockerInitiation, KycStatus, KycVerificationResult, PendingOutcome,
    SubAccountKycSessionCreated, SubAccountKycSessionRequest, VerificationType,
};
use crate::path::{ApiPath, E164};
use crate::request::{ApiRequest, Idempotency};
use crate::validate;

/// The longest input the test routes take (the magic values are 12–21 characters).
const TEST_INPUT_MAX: usize = 64;

/// A test-mode input: trimmed, non-empty, bounded, printable.
fn loose(field: &str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    if trimmed.chars().count() > TEST_INPUT_MAX {
        return Err(Error::validation(
            field,
            format!("must be at most {TEST_INPUT_MAX} characters"),
        ));
    }
    validate::text(field, trimmed)?;
    Ok(trimmed.to_owned())
}

/// A CIN: `L`/`U`, 5 digits (industry), 2 letters (state), 4 digits (year), 3 letters
/// (ownership), 6 digits (registration number), e.g. `U72900KA2024PTC123456`.
fn cin(field: &str, value: &str) -> Result<String> {
    let cin = value.trim().to_ascii_uppercase();
    let b = cin.as_bytes();
    let shaped = b.len() == 21
        && (b[0] == b'L' || b[0] == b'U')
        && b[1..6].iter().all(u8::is_ascii_digit)
        && b[6..8].iter().all(u8::is_ascii_uppercase)
        && b[8..12].iter().all(u8::is_ascii_digit)
        && b[12..15].iter().all(u8::is_ascii_uppercase)
        && b[15..].iter().all(u8::is_ascii_digit);
    if shaped {
        Ok(cin)
    } else {
        Err(Error::validation(
            field,
            format!(
                "{value:?} is not a CIN: expected L or U, 5 digits, 2 letters, 4 digits, 3 letters, 6 digits (e.g. U72900KA2024PTC123456)"
            ),
        ))
    }
}

/// An id the API handed out (DigiLocker access request): non-empty, no spaces.
fn token_like(field: &str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() || trimmed.len() > 256 || !trimmed.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::validation(
            field,
            "must be the non-empty id the API returned (printable, no spaces)",
        ));
    }
    Ok(trimmed.to_owned())
}

/// One object body.
fn body(pairs: &[(&str, Value)]) -> Map<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

impl SubAccount {
    /// `/api/v1/sub-accounts/{sub}/kyc/…`, or `/api/v1/sub-accounts/test/{sub}/kyc/…`.
    fn kyc_path(&self, test: bool, tail: &'static str) -> ApiPath {
        let base = ApiPath::v1().lit("sub-accounts");
        let base = if test { base.lit("test") } else { base };
        base.id(self.id()).lit("kyc").lit(tail)
    }

    async fn kyc_post<T: serde::de::DeserializeOwned>(
        &self,
        test: bool,
        tail: &'static str,
        body: Map<String, Value>,
        idempotency: Idempotency,
    ) -> Result<T> {
        let request = ApiRequest::post(self.kyc_path(test, tail))
            .json(&body)?
            .idempotency(idempotency);
        send_json(&self.transport, &self.scope, request).await
    }

    async fn verify_pan_at(&self, test: bool, pan: String) -> Result<KycVerificationResult> {
        self.kyc_post(
            test,
            "verify-pan",
            body(&[("pan", pan.into())]),
            Idempotency::Unsafe,
        )
        .await
    }

    async fn verify_gst_at(&self, test: bool, gstin: String) -> Result<KycVerificationResult> {
        self.kyc_post(
            test,
            "verify-gst",
            body(&[("gstin", gstin.into())]),
            Idempotency::Unsafe,
        )
        .await
    }

    async fn cin_search_at(&self, test: bool, company_name: &str) -> Result<Vec<CinMatch>> {
        let name = validate::name("company_name", company_name)?;
        let answer: CinSearchAnswer = self
            .kyc_post(
                test,
                "cin/search",
                body(&[("company_name", name.into())]),
                Idempotency::Safe,
            )
            .await?;
        Ok(answer.matches)
    }

    async fn cin_confirm_at(
        &self,
        test: bool,
        company_name: &str,
        selected_cin: String,
    ) -> Result<KycVerificationResult> {
        let name = validate::name("company_name", company_name)?;
        self.kyc_post(
            test,
            "cin/confirm",
            body(&[
                ("company_name", name.into()),
                ("selected_cin", selected_cin.into()),
            ]),
            Idempotency::Unsafe,
        )
        .await
    }

    async fn digilocker_initiate_at(
        &self,
        test: bool,
        redirect_url: &str,
        oauth_state: Option<&str>,
    ) -> Result<DigilockerInitiation> {
        let mut map = body(&[(
            "redirect_url",
            http_url("redirect_url", redirect_url)?.into(),
        )]);
        if let Some(state) = oauth_state {
            map.insert(
                "oauth_state".into(),
                token_like("oauth_state", state)?.into(),
            );
        }
        self.kyc_post(test, "digilocker/initiate", map, Idempotency::Unsafe)
            .await
    }

    async fn digilocker_verify_at(
        &self,
        test: bool,
        access_request_id: String,
        linked_number: Option<&str>,
    ) -> Result<KycVerificationResult> {
        let mut map = body(&[("access_request_id", access_request_id.into())]);
        if let Some(number) = linked_number {
            let number = E164::parse_field(number, "linked_number")?;
            map.insert("linked_number".into(), number.as_str().into());
        }
        self.kyc_post(test, "digilocker/verify", map, Idempotency::Unsafe)
            .await
    }

    /// `GET /sub-accounts/{sub_auth_id}/kyc/status`: the aggregate KYC status, each
    /// document's state and the call gate (`kyc_calls_blocked` flips to `false` once the
    /// documents the business type needs are verified).
    ///
    /// Needs the parent's credentials (the sub-account's own key gets 403). Errors:
    /// [`Error::Authentication`], [`Error::PermissionDenied`], [`Error::NotFound`].
    pub async fn kyc_status(&self) -> Result<KycStatus> {
        send_json(
            &self.transport,
            &self.scope,
            ApiRequest::get(self.kyc_path(false, "status")),
        )
        .await
    }

    /// `POST /sub-accounts/{sub_auth_id}/kyc/verify-pan`: verifies a PAN (its 4th letter
    /// is the holder type: `P` individual, `C` company…). The answer may be `pending`
    /// (the provider answers later): poll [`kyc_status`](Self::kyc_status).
    ///
    /// Not retried once sent; on [`Error::OutcomeUnknown`] or [`Error::Server`] read
    /// [`kyc_status`](Self::kyc_status) before re-running the step.
    ///
    /// Needs the parent's credentials. Errors: [`Error::Validation`] (`pan`) before
    /// sending; [`Error::BadRequest`], [`Error::Authentication`],
    /// [`Error::PermissionDenied`], [`Error::NotFound`], [`Error::Server`],
    /// [`Error::OutcomeUnknown`].
    pub async fn verify_pan(&self, pan: &str) -> Result<KycVerificationResult> {
        let (pan, _) = validate::pan("pan", pan)?;
        self.verify_pan_at(false, pan).await
    }

    /// `POST /sub-accounts/{sub_auth_id}/kyc/verify-gst`: verifies a GSTIN (its check
    /// character is checked before sending).
    ///
    /// Not retried once sent; on [`Error::OutcomeUnknown`] or [`Error::Server`] read
    /// [`kyc_status`](Self::kyc_status) first.
    ///
    /// Needs the parent's credentials. Errors: [`Error::Validation`] (`gstin`);
    /// [`Error::BadRequest`], [`Error::Authentication`], [`Error::PermissionDenied`],
    /// [`Error::NotFound`], [`Error::Server`], [`Error::OutcomeUnknown`].
    pub async fn verify_gst(&self, gstin: &str) -> Result<KycVerificationResult> {
        let gstin = validate::gstin("gstin", gstin)?;
        self.verify_gst_at(false, gstin).await
    }

    /// `POST /sub-accounts/{sub_auth_id}/kyc/cin/search`: companies matching a name (zero
    /// or more). A read: safe to retry.
    ///
    /// Needs the parent's credentials. Errors: [`Error::Validation`] (`company_name`);
    /// [`Error::BadRequest`], [`Error::Authentication`], [`Error::PermissionDenied`],
    /// [`Error::NotFound`], [`Error::Server`].
    pub async fn cin_search(&self, company_name: &str) -> Result<Vec<CinMatch>> {
        self.cin_search_at(false, company_name).await
    }

    /// `POST /sub-accounts/{sub_auth_id}/kyc/cin/confirm`: confirms the company's CIN.
    /// Pass the CIN verbatim from a [`cin_search`](Self::cin_search) match, or it will
    /// not verify.
    ///
    /// Needs the parent's credentials. Errors: [`Error::Validation`] (`company_name`,
    /// `selected_cin`); [`Error::BadRequest`], [`Error::Authentication`],
    /// [`Error::PermissionDenied`], [`Error::NotFound`], [`Error::Server`],
    /// [`Error::OutcomeUnknown`].
    pub async fn cin_confirm(
        &self,
        company_name: &str,
        selected_cin: &str,
    ) -> Result<KycVerificationResult> {
        let selected = cin("selected_cin", selected_cin)?;
        self.cin_confirm_at(false, company_name, selected).await
    }

    /// `POST /sub-accounts/{sub_auth_id}/kyc/digilocker/initiate`: starts the Aadhaar
    /// check; send the user to the returned `auth_url`, then call
    /// [`digilocker_verify`](Self::digilocker_verify) with the `access_request_id`.
    ///
    /// Needs the parent's credentials. Errors: [`Error::Validation`] (`redirect_url`, an
    /// absolute http(s) URL; `oauth_state`); [`Error::BadRequest`],
    /// [`Error::Authentication`], [`Error::PermissionDenied`], [`Error::NotFound`],
    /// [`Error::Server`], [`Error::OutcomeUnknown`].
    pub async fn digilocker_initiate(
        &self,
        redirect_url: &str,
        oauth_state: Option<&str>,
    ) -> Result<DigilockerInitiation> {
        self.digilocker_initiate_at(false, redirect_url, oauth_state)
            .await
    }

    /// `POST /sub-accounts/{sub_auth_id}/kyc/digilocker/verify`: completes the Aadhaar
    /// check; `linked_number` optionally binds it to one number (E.164).
    ///
    /// Needs the parent's credentials. Errors: [`Error::Validation`]
    /// (`access_request_id`, `linked_number`); [`Error::BadRequest`],
    /// [`Error::Authentication`], [`Error::PermissionDenied`], [`Error::NotFound`]
    /// (unknown access request), [`Error::Server`], [`Error::OutcomeUnknown`].
    pub async fn digilocker_verify(
        &self,
        access_request_id: &str,
        linked_number: Option<&str>,
    ) -> Result<KycVerificationResult> {
        let id = token_like("access_request_id", access_request_id)?;
        self.digilocker_verify_at(false, id, linked_number).await
    }

    /// `POST /sub-accounts/{sub_auth_id}/kyc-sessions`: a Vobiz-hosted KYC session for
    /// the sub-account (email or redirect flow). A new session revokes the sub-account's
    /// active one. The redirect flow's `widget_url` is a [`Secret`](crate::Secret).
    ///
    /// Not retried once sent (a retry would email the customer twice); on
    /// [`Error::OutcomeUnknown`] simply create it again: the newer session revokes the
    /// older.
    ///
    /// Needs the parent's credentials. Errors: [`Error::Validation`] (`customer_email`,
    /// `redirect_url`, `webhook_url`, `expires_in_days`) before sending;
    /// [`Error::Authentication`], [`Error::PermissionDenied`], [`Error::NotFound`],
    /// [`Error::Unprocessable`] (422), [`Error::Server`], [`Error::OutcomeUnknown`].
    pub async fn create_kyc_session(
        &self,
        request: SubAccountKycSessionRequest,
    ) -> Result<SubAccountKycSessionCreated> {
        let body = request.body(self.id().as_str())?;
        let path = ApiPath::v1()
            .lit("sub-accounts")
            .id(self.id())
            .lit("kyc-sessions");
        send_json(
            &self.transport,
            &self.scope,
            ApiRequest::post(path).json(&body)?,
        )
        .await
    }

    /// The test-mode KYC routes of this sub-account (`/sub-accounts/test/{sub}/kyc/…`),
    /// which accept the documented magic inputs. See [`SubAccountKycTest`].
    pub fn kyc_test_mode(&self) -> SubAccountKycTest {
        SubAccountKycTest {
            sub_account: self.clone(),
        }
    }
}

impl SubAccountKycTest {
    /// The sub-account these routes act on.
    pub fn sub_account(&self) -> &SubAccount {
        &self.sub_account
    }

    /// Test-mode `verify-pan`: `TESTSUCCESS0001` verifies, `TESTFAIL0001` fails,
    /// `TESTERROR0001` answers 500 ([`Error::Server`]), `TESTPENDING001` and
    /// `TESTPENDING_FAIL` stay `pending` until [`finalize_pending`](Self::finalize_pending).
    /// Answers carry `mock: true`.
    ///
    /// Needs the parent's credentials. Errors: [`Error::Validation`] (`pan`: empty or over
    /// 64 characters); [`Error::BadRequest`], [`Error::PermissionDenied`],
    /// [`Error::NotFound`], [`Error::Server`], [`Error::OutcomeUnknown`].
    pub async fn verify_pan(&self, pan: &str) -> Result<KycVerificationResult> {
        self.sub_account
            .verify_pan_at(true, loose("pan", pan)?)
            .await
    }

    /// Test-mode `verify-gst`, with the same magic inputs as
    /// [`verify_pan`](Self::verify_pan) (shorter ones are padded to 15 by the API).
    ///
    /// Needs the parent's credentials. Errors: as [`verify_pan`](Self::verify_pan)
    /// (`gstin`).
    pub async fn verify_gst(&self, gstin: &str) -> Result<KycVerificationResult> {
        self.sub_account
            .verify_gst_at(true, loose("gstin", gstin)?)
            .await
    }

    /// Test-mode `cin/search`: fixed fake matches (one of them `U72900KA2024PTC123456`).
    /// A read: safe to retry.
    ///
    /// Needs the parent's credentials. Errors: [`Error::Validation`] (`company_name`);
    /// [`Error::BadRequest`], [`Error::PermissionDenied`], [`Error::NotFound`],
    /// [`Error::Server`].
    pub async fn cin_search(&self, company_name: &str) -> Result<Vec<CinMatch>> {
        self.sub_account.cin_search_at(true, company_name).await
    }

    /// Test-mode `cin/confirm`: verifies when `selected_cin` starts with
    /// `U72900KA2024PTC123456`, fails otherwise.
    ///
    /// Needs the parent's credentials. Errors: [`Error::Validation`] (`company_name`,
    /// `selected_cin`); [`Error::BadRequest`], [`Error::PermissionDenied`],
    /// [`Error::NotFound`], [`Error::Server`], [`Error::OutcomeUnknown`].
    pub async fn cin_confirm(
        &self,
        company_name: &str,
        selected_cin: &str,
    ) -> Result<KycVerificationResult> {
        let selected = loose("selected_cin", selected_cin)?;
        self.sub_account
            .cin_confirm_at(true, company_name, selected)
            .await
    }

    /// Test-mode `digilocker/initiate`: returns a fixed `access_request_id`.
    ///
    /// Needs the parent's credentials. Errors: [`Error::Validation`] (`redirect_url`,
    /// `oauth_state`); [`Error::BadRequest`], [`Error::PermissionDenied`],
    /// [`Error::NotFound`], [`Error::Server`], [`Error::OutcomeUnknown`].
    pub async fn digilocker_initiate(
        &self,
        redirect_url: &str,
        oauth_state: Option<&str>,
    ) -> Result<DigilockerInitiation> {
        self.sub_account
            .digilocker_initiate_at(true, redirect_url, oauth_state)
            .await
    }

    /// Test-mode `digilocker/verify`: `MOCK_AR_SUCCESS` verifies, `MOCK_AR_FAIL` fails.
    ///
    /// Needs the parent's credentials. Errors: [`Error::Validation`]
    /// (`access_request_id`, `linked_number`); [`Error::BadRequest`],
    /// [`Error::PermissionDenied`], [`Error::NotFound`], [`Error::Server`],
    /// [`Error::OutcomeUnknown`].
    pub async fn digilocker_verify(
        &self,
        access_request_id: &str,
        linked_number: Option<&str>,
    ) -> Result<KycVerificationResult> {
        let id = loose("access_request_id", access_request_id)?;
        self.sub_account
            .digilocker_verify_at(true, id, linked_number)
            .await
    }

    /// `POST /sub-accounts/test/{sub_auth_id}/kyc/finalize-pending`: settles the latest
    /// pending mock of `verification_type` as `outcome` (a `TESTPENDING_FAIL` input fails
    /// whatever is asked) and recomputes the KYC status.
    ///
    /// Needs the parent's credentials. Errors: [`Error::Validation`]
    /// (`verification_type` not one of pan, gst, cin, aadhaar); [`Error::BadRequest`],
    /// [`Error::PermissionDenied`], [`Error::NotFound`] (no pending verification of that
    /// type), [`Error::Server`], [`Error::OutcomeUnknown`].
    pub async fn finalize_pending(
        &self,
        verification_type: VerificationType,
        outcome: PendingOutcome,
    ) -> Result<KycVerificationResult> {
        let kind = verification_type.checked("verification_type")?.to_owned();
        self.sub_account
            .kyc_post(
                true,
                "finalize-pending",
                body(&[
                    ("verification_type", kind.into()),
                    ("outcome", outcome.as_str().into()),
                ]),
                Idempotency::Unsafe,
            )
            .await
    }
}

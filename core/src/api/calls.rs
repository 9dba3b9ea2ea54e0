//! Placing calls: `POST /Account/{auth_id}/Call/`, trailing slash included.

use super::send_json;
use crate::clients::Account;
use crate::error::Result;
use crate::models::{CallFired, CallRequest};
use crate::path::ApiPath;
use crate::request::ApiRequest;

impl Account {
    /// `POST /Account/{id}/Call/`: places a call from `request.from` to each destination
    /// of `request.to` (all ring at once); the API then fetches `answer_url`. A success
    /// means the call is queued, not answered; its CDR appears once it ends.
    ///
    /// Everything is checked before sending (see [`CallRequest`]): `from` E.164, each `to`
    /// E.164 or `sip:`, at most 1000 destinations, absolute http(s) URLs.
    ///
    /// Needs the account's own credentials (a sub-account uses its own `SA_` pair; usage is
    /// billed to its parent). This moves money and is **never retried once sent**: an
    /// [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown) or [`Error::Server`](crate::Error::Server) means the call may have been placed —
    /// look for it (recent CDRs) before calling again.
    ///
    /// Errors: [`Error::Validation`](crate::Error::Validation) (`from`, `to`, `answer_url`, …),
    /// [`Error::BadRequest`](crate::Error::BadRequest) (the server's checks), [`Error::InsufficientBalance`](crate::Error::InsufficientBalance) (402),
    /// [`Error::PermissionDenied`](crate::Error::PermissionDenied) (403: wrong account, or a `customer_use` sub-account whose
    /// KYC is incomplete), [`Error::RateLimited`](crate::Error::RateLimited) (429: CPS or concurrent-call limit),
    /// [`Error::Authentication`](crate::Error::Authentication), [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown), [`Error::Server`](crate::Error::Server).
    pub async fn make_call(&self, request: &CallRequest) -> Result<CallFired> {
        let body = request.to_body()?;
        let path = ApiPath::v1()
            .lit("Account")
            .id(self.auth_id())
            .lit("Call")
            .slash();
        let request = ApiRequest::post(path).json(&body)?;
        send_json(&self.transport, &self.credentials, request).await
    }
}

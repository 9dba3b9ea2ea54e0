//! The router: every API route family, the control plane, fault injection, and the answers
//! the real API gives to wrong casing and un-encoded `+` in paths.

mod capacity;
mod cdr_lists;
mod control;
mod customers;
mod input;
mod partner_login;
mod partner_records;
pub(crate) mod render;
// -- account runtime modules (numbers, trunks, calls/CDR/recordings) --
mod account;
mod account_extras;
mod account_numbers;
mod account_records;
mod trunk_parts;
mod trunks;
// -- end account runtime modules --
// -- KYC and sub-account modules --
mod control_kyc;
mod hosted_kyc;
mod partner_kyc;
mod sub_account_kyc;
mod sub_accounts;
// -- end KYC and sub-account modules --

use axum::Router;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;

use crate::faults::FaultKind;
use crate::reply::{ApiError, coded};
use crate::store::Shared;

/// The whole application.
pub fn router(store: Shared) -> Router {
    let api = Router::new()
        .route("/api/v1/partner/me", get(customers::me))
        .route("/api/v1/partner/dashboard", get(customers::dashboard))
        .route("/api/v1/partner/analytics", get(customers::analytics))
        .route(
            "/api/v1/partner/accounts",
            post(customers::create_customer).get(customers::list_customers),
        )
        .route(
            "/api/v1/partner/accounts/{customer}",
            get(customers::get_customer),
        )
        .route(
            "/api/v1/partner/accounts/{customer}/balance",
            get(customers::customer_balance),
        )
        .route(
            "/api/v1/partner/accounts/{customer}/transfer-balance",
            post(customers::transfer_balance),
        )
        .route(
            "/api/v1/partner/accounts/{customer}/transactions",
            get(partner_records::customer_transactions),
        )
        .route(
            "/api/v1/partner/transactions",
            get(partner_records::all_transactions),
        )
        .route(
            "/api/v1/partner/accounts/{customer}/cdrs",
            get(partner_records::customer_cdrs),
        )
        .route(
            "/api/v1/partner/accounts/{customer}/cdrs/{call_uuid}",
            get(partner_records::customer_cdr),
        )
        .route("/api/v1/partner/cdrs", get(partner_records::all_cdrs))
        .route(
            "/api/v1/partner/accounts/{customer}/numbers",
            get(partner_records::customer_numbers),
        )
        .route("/api/v1/partner/numbers", get(partner_records::all_numbers))
        .route("/api/v1/partner/login", post(partner_login::login))
        .route(
            "/api/v1/partner/accounts/{customer}/concurrency",
            get(capacity::allocation),
        )
        .route(
            "/api/v1/partner/accounts/{customer}/concurrency/transfer",
            post(capacity::transfer),
        )
        .route(
            "/api/v1/partner/accounts/{customer}/concurrency/reclaim",
            post(capacity::reclaim),
        )
        .route(
            "/api/v1/partner/concurrency/transfers",
            get(capacity::transfers),
        )
        // -- account runtime routes (numbers, trunks, calls/CDR/recordings) --
        .route("/api/v1/Account/{auth_id}/", get(account::get))
        .route(
            "/api/v1/Account/{auth_id}/inventory/numbers",
            get(account_numbers::inventory),
        )
        .route(
            "/api/v1/Account/{auth_id}/numbers",
            get(account_numbers::owned),
        )
        .route(
            "/api/v1/Account/{auth_id}/numbers/purchase-from-inventory",
            post(account_numbers::purchase),
        )
        .route(
            "/api/v1/Account/{auth_id}/numbers/{e164}",
            axum::routing::delete(account_numbers::release),
        )
        .route(
            "/api/v1/Account/{auth_id}/numbers/{e164}/assign",
            post(account_numbers::assign_trunk).delete(account_numbers::unassign_trunk),
        )
        .route(
            "/api/v1/account/{auth_id}/numbers/{e164}/cancel-release",
            post(account_numbers::cancel_release),
        )
        .route(
            "/api/v1/account/{auth_id}/numbers/{e164}/assign-subaccount",
            post(account_numbers::assign_subaccount).delete(account_numbers::unassign_subaccount),
        )
        .route(
            "/api/v1/Account/{auth_id}/trunks",
            post(trunks::create).get(trunks::list),
        )
        .route(
            "/api/v1/Account/{auth_id}/trunks/{trunk_id}",
            get(trunks::get).put(trunks::update).delete(trunks::delete),
        )
        .route(
            "/api/v1/Account/{auth_id}/Call/",
            post(account_records::make_call),
        )
        .route(
            "/api/v1/Account/{auth_id}/Call",
            post(account_records::call_without_slash).fallback(unknown_route),
        )
        .route("/api/v1/Account/{auth_id}/cdr", get(account_records::cdrs))
        .route("/api/v1/Account/{auth_id}/cdrs", get(account_records::cdrs))
        .route(
            "/api/v1/Account/{auth_id}/cdr/search",
            get(account_records::search_cdrs),
        )
        .route(
            "/api/v1/Account/{auth_id}/cdr/recent",
            get(account_records::recent_cdrs),
        )
        .route(
            "/api/v1/Account/{auth_id}/cdr/export",
            get(account_records::export_cdrs),
        )
        .route(
            "/api/v1/Account/{auth_id}/cdr/{call_uuid}",
            get(account_records::cdr),
        )
        .route(
            "/api/v1/Account/{auth_id}/Recording/",
            get(account_records::recordings),
        )
        .route(
            "/api/v1/Account/{auth_id}/Recording/{recording_id}/",
            get(account_records::recording).delete(account_records::recording),
        )
        // The seed's "Customer API" pages (the user's own docs) call these with a lowercase
        // `/account/` and release with a raw `+`; they are served that way too.
        .route(
            "/api/v1/account/{auth_id}/inventory/numbers",
            get(account_numbers::inventory),
        )
        .route(
            "/api/v1/account/{auth_id}/numbers",
            get(account_numbers::owned),
        )
        .route(
            "/api/v1/account/{auth_id}/numbers/{e164}",
            axum::routing::delete(account_numbers::release),
        )
        .route(
            "/api/v1/account/{auth_id}/trunks",
            post(trunks::create).get(trunks::list),
        )
        .route(
            "/api/v1/account/{auth_id}/trunks/{trunk_id}",
            get(trunks::get).put(trunks::update).delete(trunks::delete),
        )
        .route("/api/v1/account/{auth_id}/cdr", get(account_records::cdrs))
        .route("/api/v1/account/{auth_id}/cdrs", get(account_records::cdrs))
        .route(
            "/api/v1/account/{auth_id}/numbers/{e164}/health",
            get(account_extras::health),
        )
        .route(
            "/api/v1/Account/{auth_id}/credentials",
            post(trunk_parts::create_credential),
        )
        .route(
            "/api/v1/Account/{auth_id}/ip-acl",
            post(trunk_parts::create_ip_acl),
        )
        .route(
            "/api/v1/Account/{auth_id}/origination-uris",
            post(trunk_parts::create_origination_uri),
        )
        .route(
            "/api/v1/Account/{auth_id}/trunks/credentials",
            get(trunk_parts::list_credentials),
        )
        .route(
            "/api/v1/Account/{auth_id}/trunks/ip-acl",
            get(trunk_parts::list_ip_acl),
        )
        .route(
            "/api/v1/Account/{auth_id}/trunks/origination-uris",
            get(trunk_parts::list_origination_uris),
        )
        .route(
            "/api/v1/Account/{auth_id}/credentials/{uuid}",
            axum::routing::put(trunk_parts::update_credential)
                .delete(trunk_parts::delete_credential),
        )
        .route(
            "/api/v1/Account/{auth_id}/ip-acl/{uuid}",
            axum::routing::put(trunk_parts::update_ip_acl).delete(trunk_parts::delete_ip_acl),
        )
        .route(
            "/api/v1/Account/{auth_id}/origination-uris/{uuid}",
            axum::routing::put(trunk_parts::update_origination_uri)
                .delete(trunk_parts::delete_origination_uri),
        )
        // -- end account runtime routes --
        // -- KYC and sub-account routes --
        .route(
            "/api/v1/partner/kyc-sessions",
            post(partner_kyc::create).get(partner_kyc::list),
        )
        .route(
            "/api/v1/partner/kyc-sessions/{id}",
            get(partner_kyc::get).delete(partner_kyc::revoke),
        )
        .route(
            "/api/v1/partner/kyc-sessions/{id}/resend",
            post(partner_kyc::resend),
        )
        .route(
            "/api/v1/accounts/{parent}/sub-accounts/",
            post(sub_accounts::create).get(sub_accounts::list),
        )
        .route(
            "/api/v1/accounts/{parent}/sub-accounts/{sub}",
            get(sub_accounts::get)
                .put(sub_accounts::update)
                .delete(sub_accounts::delete),
        )
        .route(
            "/api/v1/sub-accounts/{sub}/kyc-sessions",
            post(partner_kyc::create_for_sub_account),
        )
        .route(
            "/api/v1/sub-accounts/{sub}/kyc/status",
            get(sub_account_kyc::status),
        )
        .route(
            "/api/v1/sub-accounts/{sub}/kyc/verify-pan",
            post(sub_account_kyc::verify_pan),
        )
        .route(
            "/api/v1/sub-accounts/{sub}/kyc/verify-gst",
            post(sub_account_kyc::verify_gst),
        )
        .route(
            "/api/v1/sub-accounts/{sub}/kyc/cin/search",
            post(sub_account_kyc::cin_search),
        )
        .route(
            "/api/v1/sub-accounts/{sub}/kyc/cin/confirm",
            post(sub_account_kyc::cin_confirm),
        )
        .route(
            "/api/v1/sub-accounts/{sub}/kyc/digilocker/initiate",
            post(sub_account_kyc::digilocker_initiate),
        )
        .route(
            "/api/v1/sub-accounts/{sub}/kyc/digilocker/verify",
            post(sub_account_kyc::digilocker_verify),
        )
        .route(
            "/api/v1/sub-accounts/test/{sub}/kyc/verify-pan",
            post(sub_account_kyc::verify_pan),
        )
        .route(
            "/api/v1/sub-accounts/test/{sub}/kyc/verify-gst",
            post(sub_account_kyc::verify_gst),
        )
        .route(
            "/api/v1/sub-accounts/test/{sub}/kyc/cin/search",
            post(sub_account_kyc::cin_search),
        )
        .route(
            "/api/v1/sub-accounts/test/{sub}/kyc/cin/confirm",
            post(sub_account_kyc::cin_confirm),
        )
        .route(
            "/api/v1/sub-accounts/test/{sub}/kyc/digilocker/initiate",
            post(sub_account_kyc::digilocker_initiate),
        )
        .route(
            "/api/v1/sub-accounts/test/{sub}/kyc/digilocker/verify",
            post(sub_account_kyc::digilocker_verify),
        )
        .route(
            "/api/v1/sub-accounts/test/{sub}/kyc/finalize-pending",
            post(sub_account_kyc::finalize_pending),
        )
        // -- end KYC and sub-account routes --
        .fallback(unknown_route)
        .layer(middleware::from_fn_with_state(store.clone(), inject_faults))
        .layer(middleware::from_fn(refuse_raw_plus));
    let control_plane = control::router()
        .merge(control_kyc::router())
        .layer(middleware::from_fn(control::loopback_only));
    api.merge(control_plane)
        .layer(middleware::from_fn(require_json))
        .with_state(store)
}

/// Every route with a body reads JSON: a request with a body (a `Content-Length` above 0, or
/// a chunked one) must say `Content-Type: application/json` (parameters such as `charset`
/// allowed), or it is answered 415 before any handler reads it. Bodiless requests pass
/// whatever they say. No route of the API takes a form.
async fn require_json(request: Request, next: Next) -> Response {
    let has_body = request.body().size_hint().exact() != Some(0);
    let json = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"));
    if has_body && !json {
        return coded(
            415,
            "unsupported_media_type",
            "Content-Type must be application/json",
        )
        .into_response();
    }
    next.run(request).await
}

/// The assign-subaccount, cancel-release and health routes need `%2B` for the `+` of a number (the
/// docs insist on it, and the real API answers a raw `+` there with 404). The release route
/// is shown with a raw `+` in the user's own docs and accepts either.
async fn refuse_raw_plus(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let strict = path.ends_with("/assign-subaccount")
        || path.ends_with("/cancel-release")
        || path.ends_with("/health");
    if strict && path.split('/').any(|segment| segment.starts_with('+')) {
        return coded(
            404,
            "not_found",
            "number not found (encode + as %2B in paths)",
        )
        .into_response();
    }
    next.run(request).await
}

/// Wrong casing or an unknown path: 401 for the call and sub-account families, 404
/// otherwise, as the docs describe.
async fn unknown_route(method: Method, request: Request) -> ApiError {
    let path = request.uri().path().to_ascii_lowercase();
    if path.contains("/call") || path.contains("/sub-accounts") {
        return coded(
            401,
            "unauthorized",
            format!("no such route: {method} {}", request.uri().path()),
        );
    }
    coded(
        404,
        "not_found",
        format!("no such route: {method} {}", request.uri().path()),
    )
}

/// The largest body a `late_commit` request may carry (axum's default body limit).
const LATE_COMMIT_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// Applies an injected fault to a matching API request.
async fn inject_faults(State(store): State<Shared>, request: Request, next: Next) -> Response {
    let fault = store
        .faults
        .take(request.method().as_str(), request.uri().path());
    let Some(fault) = fault else {
        return next.run(request).await;
    };
    match fault {
        FaultKind::Status {
            status,
            body,
            retry_after,
        } => {
            let body = body.unwrap_or_else(
                || json!({"error": "injected_fault", "message": "fault injected by the sandbox"}),
            );
            ApiError {
                status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                body,
                retry_after,
            }
            .into_response()
        }
        FaultKind::Delay { ms } => {
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
            next.run(request).await
        }
        FaultKind::ResetBefore => reset_connection(),
        FaultKind::ResetAfter => {
            let _ = next.run(request).await;
            reset_connection()
        }
        FaultKind::LateCommit { ms } => {
            // Read the body now: once the connection is dropped it cannot be read any more.
            let (parts, body) = request.into_parts();
            if let Ok(bytes) = axum::body::to_bytes(body, LATE_COMMIT_BODY_LIMIT).await {
                let request = Request::from_parts(parts, Body::from(bytes));
                tokio::spawn(async move {
                    tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
                    let _ = next.run(request).await;
                });
            }
            reset_connection()
        }
        FaultKind::Malformed => {
            let response = next.run(request).await;
            let status = response.status();
            (
                status,
                [("content-type", "application/json")],
                "{\"this is\": not json",
            )
                .into_response()
        }
        FaultKind::Truncated => {
            let response = next.run(request).await;
            let (parts, body) = response.into_parts();
            let bytes: Bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            let cut = bytes.slice(..bytes.len() / 2);
            let mut response = Response::from_parts(parts, Body::from(cut));
            response.headers_mut().remove("content-length");
            response
        }
    }
}

/// A response whose body fails at once: the server drops the connection without a usable
/// answer.
fn reset_connection() -> Response {
    let failing = futures::stream::once(async {
        Err::<Bytes, _>(std::io::Error::other("connection reset by the sandbox"))
    });
    Response::builder()
        .status(StatusCode::OK)
        .body(Body::from_stream(failing))
        .expect("a valid response")
}

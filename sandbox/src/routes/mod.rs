//! The router: every API route family, the control plane, fault injection, and the answers
//! the real API gives to wrong casing, un-encoded `+` in paths and non-JSON bodies.
//!
//! Each API route file is named after the core's api file for the same routes; `input`,
//! `render`, `cdr_lists` and `hosted_kyc` hold what several of them share.

mod account_extras;
mod account_numbers;
mod account_records;
mod calls;
mod capacity;
mod cdr_lists;
mod control;
mod control_kyc;
mod customers;
mod fault_injection;
mod hosted_kyc;
mod input;
mod partner_kyc;
mod partner_login;
mod partner_profile;
mod partner_records;
pub(crate) mod render;
mod sub_account_kyc;
mod sub_accounts;
mod trunk_parts;
mod trunks;

use axum::Router;
use axum::body::HttpBody;
use axum::extract::Request;
use axum::http::Method;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};

use crate::reply::{ApiError, coded};
use crate::store::Shared;

/// The whole application.
pub fn router(store: Shared) -> Router {
    let api = Router::new()
        // Partner: login, profile, customers, records, capacity, hosted KYC sessions.
        .route("/api/v1/partner/login", post(partner_login::login))
        .route("/api/v1/partner/me", get(partner_profile::me))
        .route("/api/v1/partner/dashboard", get(partner_profile::dashboard))
        .route("/api/v1/partner/analytics", get(partner_profile::analytics))
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
        // Sub-accounts and their KYC, with the parent's credentials.
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
            post(sub_account_kyc::create_kyc_session),
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
        // An account's own routes, with its own credentials. The customer-facing docs write
        // some of them with a lowercase `/account/`: those casings are served too.
        .route("/api/v1/Account/{auth_id}/", get(account_records::account))
        .route(
            "/api/v1/Account/{auth_id}/concurrency",
            get(account_records::concurrency),
        )
        .route(
            "/api/v1/account/{auth_id}/concurrency",
            get(account_records::concurrency),
        )
        .route("/api/v1/Account/{auth_id}/cdr", get(account_records::cdrs))
        .route("/api/v1/Account/{auth_id}/cdrs", get(account_records::cdrs))
        .route("/api/v1/account/{auth_id}/cdr", get(account_records::cdrs))
        .route("/api/v1/account/{auth_id}/cdrs", get(account_records::cdrs))
        .route(
            "/api/v1/Account/{auth_id}/cdr/search",
            get(account_records::search_cdrs),
        )
        .route(
            "/api/v1/Account/{auth_id}/cdr/recent",
            get(account_records::recent_cdrs),
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
            get(account_records::recording).delete(account_extras::delete_recording),
        )
        .route(
            "/api/v1/Account/{auth_id}/cdr/export",
            get(account_extras::export_cdrs),
        )
        .route(
            "/api/v1/account/{auth_id}/numbers/{e164}/health",
            get(account_extras::health),
        )
        .route("/api/v1/Account/{auth_id}/Call/", post(calls::make_call))
        .route(
            "/api/v1/Account/{auth_id}/Call",
            post(calls::call_without_slash).fallback(unknown_route),
        )
        .route(
            "/api/v1/Account/{auth_id}/inventory/numbers",
            get(account_numbers::inventory),
        )
        .route(
            "/api/v1/account/{auth_id}/inventory/numbers",
            get(account_numbers::inventory),
        )
        .route(
            "/api/v1/Account/{auth_id}/numbers",
            get(account_numbers::owned),
        )
        .route(
            "/api/v1/account/{auth_id}/numbers",
            get(account_numbers::owned),
        )
        .route(
            "/api/v1/Account/{auth_id}/numbers/purchase-from-inventory",
            post(account_numbers::purchase),
        )
        .route(
            "/api/v1/Account/{auth_id}/numbers/{e164}",
            delete(account_numbers::release),
        )
        .route(
            "/api/v1/account/{auth_id}/numbers/{e164}",
            delete(account_numbers::release),
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
            "/api/v1/Account/{auth_id}/numbers/{e164}/assign",
            post(account_numbers::assign_trunk).delete(account_numbers::unassign_trunk),
        )
        .route(
            "/api/v1/Account/{auth_id}/trunks",
            post(trunks::create).get(trunks::list),
        )
        .route(
            "/api/v1/account/{auth_id}/trunks",
            post(trunks::create).get(trunks::list),
        )
        .route(
            "/api/v1/Account/{auth_id}/trunks/{trunk_id}",
            get(trunks::get).put(trunks::update).delete(trunks::delete),
        )
        .route(
            "/api/v1/account/{auth_id}/trunks/{trunk_id}",
            get(trunks::get).put(trunks::update).delete(trunks::delete),
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
            put(trunk_parts::update_credential).delete(trunk_parts::delete_credential),
        )
        .route(
            "/api/v1/Account/{auth_id}/ip-acl/{uuid}",
            put(trunk_parts::update_ip_acl).delete(trunk_parts::delete_ip_acl),
        )
        .route(
            "/api/v1/Account/{auth_id}/origination-uris/{uuid}",
            put(trunk_parts::update_origination_uri).delete(trunk_parts::delete_origination_uri),
        )
        .fallback(unknown_route)
        .layer(middleware::from_fn_with_state(
            store.clone(),
            fault_injection::inject_faults,
        ))
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

/// The assign-subaccount, cancel-release and health routes need `%2B` for the `+` of a
/// number: the docs insist on it, and the real API answers a raw `+` there with 404. The
/// release route, which the customer-facing docs write with a raw `+`, accepts either.
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

//! Sub-account KYC with the parent's credentials: status, PAN, GST, CIN search and confirm,
//! DigiLocker, a hosted session for the sub-account, and the test-mode routes under
//! `/sub-accounts/test/{sub}/kyc/` with their magic inputs. The sandbox has no provider:
//! magic inputs behave as documented on both the real and the test routes, and any other
//! well-formed input verifies.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde_json::{Map, Value, json};

use super::hosted_kyc::create_session;
use super::input::{body_object, text};
use crate::auth::parent_of_sub;
use crate::kyc::{calls_blocked, overall_status};
use crate::reply::{ApiError, ApiResult, api_id_error, ok};
use crate::store::Shared;
use crate::world::World;

/// What an input asks for: a documented magic value, or a real (well-formed) document.
enum Outcome {
    Verified,
    Failed,
    Error,
    Pending { then: &'static str },
}

fn magic(input: &str) -> Option<Outcome> {
    // Longest first: TESTPENDING_FAIL also starts with TESTPENDING.
    [
        ("TESTPENDING_FAIL", Outcome::Pending { then: "failed" }),
        ("TESTPENDING001", Outcome::Pending { then: "verified" }),
        ("TESTSUCCESS0001", Outcome::Verified),
        ("TESTFAIL0001", Outcome::Failed),
        ("TESTERROR0001", Outcome::Error),
    ]
    .into_iter()
    .find(|(m, _)| input.starts_with(m))
    .map(|(_, o)| o)
}

/// Records a verification result and returns the fields every result carries.
fn record(
    world: &mut World,
    sub: &str,
    document: &str,
    outcome: Outcome,
    test_mode: bool,
) -> Result<Map<String, Value>, ApiError> {
    let status = match outcome {
        Outcome::Verified => "verified",
        Outcome::Failed => "failed",
        Outcome::Error => {
            return Err(api_id_error(
                world,
                500,
                "provider_error",
                "verification provider failed",
            ));
        }
        Outcome::Pending { .. } => "pending",
    };
    let now = world.now();
    let account = world
        .accounts
        .get_mut(sub)
        .expect("checked by parent_of_sub");
    let kyc = account
        .sub_kyc
        .get_or_insert_with(|| crate::kyc::new_sub_kyc("personal_use", None));
    kyc.verifications
        .insert(document.to_owned(), status.to_owned());
    match outcome {
        Outcome::Pending { then } => {
            kyc.pending_outcome
                .insert(document.to_owned(), then.to_owned());
        }
        _ => {
            kyc.pending_outcome.remove(document);
        }
    }
    if overall_status(kyc) == "verified" {
        account.kyc_status = "completed".into();
    }
    account.updated_at = now;
    let mut out = Map::new();
    out.insert("verification_type".into(), json!(document));
    out.insert("status".into(), json!(status));
    out.insert("kyc_calls_blocked".into(), json!(calls_blocked(account)));
    if test_mode {
        out.insert("mock".into(), json!(true));
    }
    Ok(out)
}

fn is_test(headers_path: &str) -> bool {
    headers_path.contains("/sub-accounts/test/")
}

pub async fn status(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(sub): Path<String>,
) -> ApiResult {
    store.write(|w| {
        parent_of_sub(w, &headers, &sub)?;
        let account = &w.accounts[&sub];
        let kyc = account
            .sub_kyc
            .clone()
            .unwrap_or_else(|| crate::kyc::new_sub_kyc("personal_use", None));
        ok(
            200,
            json!({
                "sub_account_id": sub,
                "kyc_mode": kyc.kyc_mode,
                "business_type": kyc.business_type,
                "overall_status": overall_status(&kyc),
                "kyc_calls_blocked": calls_blocked(account),
                "verifications": kyc.verifications,
            }),
        )
    })
}

/// `POST /sub-accounts/{sub}/kyc-sessions`, parent credentials; `account_auth_id` comes from
/// the path.
pub async fn create_kyc_session(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(sub): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    let (mut reply, deliveries) = store.write(|w| {
        let parent = parent_of_sub(w, &headers, &sub)?;
        create_session(w, &parent, &sub, &body, None)
    })?;
    if let Value::Object(map) = &mut reply {
        map.remove("kyc_link");
        map.remove("kyc_type");
    }
    store.queue_webhooks(deliveries);
    ok(201, reply)
}

/// PAN: `[A-Z]{5}[0-9]{4}[A-Z]`, whose 4th letter is the holder type (P person, C company…).
fn valid_pan(pan: &str) -> bool {
    let b = pan.as_bytes();
    b.len() == 10
        && b[..5].iter().all(u8::is_ascii_uppercase)
        && b[5..9].iter().all(u8::is_ascii_digit)
        && b[9].is_ascii_uppercase()
}

pub async fn verify_pan(
    State(store): State<Shared>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    Path(sub): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    let test = is_test(uri.path());
    store.write(|w| {
        parent_of_sub(w, &headers, &sub)?;
        let pan = text(&body, "pan").unwrap_or_default().to_uppercase();
        let outcome = match magic(&pan) {
            Some(o) => o,
            None if pan.chars().count() != 10 => {
                return Err(api_id_error(
                    w,
                    400,
                    "invalid_request",
                    "pan must be exactly 10 characters",
                ));
            }
            None if valid_pan(&pan) => Outcome::Verified,
            None => Outcome::Failed,
        };
        let name = w.accounts[&sub].name.to_uppercase();
        let mut out = record(w, &sub, "pan", outcome, test)?;
        out.insert("pan".into(), json!(pan));
        out.insert("registered_name".into(), json!(name));
        out.insert("name_match".into(), json!(out["status"] == "verified"));
        ok(200, Value::Object(out))
    })
}

pub async fn verify_gst(
    State(store): State<Shared>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    Path(sub): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    let test = is_test(uri.path());
    store.write(|w| {
        parent_of_sub(w, &headers, &sub)?;
        let given = text(&body, "gstin").unwrap_or_default().to_uppercase();
        // Test inputs shorter than 15 characters are padded, as the docs say.
        let gstin = if magic(&given).is_some() && given.chars().count() < 15 {
            format!("{given:0<15}")
        } else {
            given
        };
        let outcome = match magic(&gstin) {
            Some(o) => o,
            None if gstin.chars().count() != 15 => {
                return Err(api_id_error(
                    w,
                    400,
                    "invalid_request",
                    "gstin must be exactly 15 characters",
                ));
            }
            None if gstin.chars().all(|c| c.is_ascii_alphanumeric()) => Outcome::Verified,
            None => Outcome::Failed,
        };
        let legal = w.accounts[&sub].name.to_uppercase();
        let mut out = record(w, &sub, "gst", outcome, test)?;
        out.insert("gstin".into(), json!(gstin));
        out.insert("legal_name".into(), json!(legal));
        ok(200, Value::Object(out))
    })
}

/// The CIN test mode confirms.
const TEST_CIN: &str = "U72900KA2024PTC123456";

pub async fn cin_search(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(sub): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    store.write(|w| {
        parent_of_sub(w, &headers, &sub)?;
        let name = text(&body, "company_name").ok_or_else(|| api_id_error(w, 400, "invalid_request", "company_name is required"))?;
        let upper = name.to_uppercase();
        ok(200, json!({"matches": [
            {"cin": TEST_CIN, "company_name": format!("{upper} PRIVATE LIMITED"), "status": "Active"},
            {"cin": "U74999MH2019PTC654321", "company_name": format!("{upper} SERVICES PRIVATE LIMITED"), "status": "Active"},
        ]}))
    })
}

pub async fn cin_confirm(
    State(store): State<Shared>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    Path(sub): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    let test = is_test(uri.path());
    store.write(|w| {
        parent_of_sub(w, &headers, &sub)?;
        let cin = text(&body, "selected_cin")
            .ok_or_else(|| api_id_error(w, 400, "invalid_request", "selected_cin is required"))?;
        if text(&body, "company_name").is_none() {
            return Err(api_id_error(
                w,
                400,
                "invalid_request",
                "company_name is required",
            ));
        }
        let outcome = if cin.starts_with(TEST_CIN) {
            Outcome::Verified
        } else {
            Outcome::Failed
        };
        let mut out = record(w, &sub, "cin", outcome, test)?;
        out.insert("cin".into(), json!(cin));
        ok(200, Value::Object(out))
    })
}

pub async fn digilocker_initiate(
    State(store): State<Shared>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    Path(sub): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    let test = is_test(uri.path());
    store.write(|w| {
        parent_of_sub(w, &headers, &sub)?;
        let redirect = text(&body, "redirect_url").ok_or_else(|| api_id_error(w, 400, "invalid_request", "redirect_url is required"))?;
        let id = if test { "MOCK_AR_SUCCESS".to_owned() } else { format!("AR_{}", w.ids.hex(8)) };
        let state = text(&body, "oauth_state").unwrap_or_default();
        ok(200, json!({
            "auth_url": format!("https://digilocker.sandbox.vobiz.test/oauth?request={id}&state={state}&redirect_uri={redirect}"),
            "access_request_id": id,
        }))
    })
}

pub async fn digilocker_verify(
    State(store): State<Shared>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    Path(sub): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    let test = is_test(uri.path());
    store.write(|w| {
        parent_of_sub(w, &headers, &sub)?;
        let id = text(&body, "access_request_id").ok_or_else(|| {
            api_id_error(w, 400, "invalid_request", "access_request_id is required")
        })?;
        let outcome = match id.as_str() {
            "MOCK_AR_SUCCESS" => Outcome::Verified,
            "MOCK_AR_FAIL" => Outcome::Failed,
            other if other.starts_with("AR_") => Outcome::Verified,
            _ => {
                return Err(api_id_error(
                    w,
                    404,
                    "not_found",
                    "access request not found",
                ));
            }
        };
        let mut out = record(w, &sub, "aadhaar", outcome, test)?;
        out.insert("source".into(), json!("digilocker"));
        ok(200, Value::Object(out))
    })
}

/// Test mode only: promotes the latest pending mock of a type to `verified` or `failed`.
/// `verified` applies the outcome the pending input promised (`TESTPENDING_FAIL` fails).
pub async fn finalize_pending(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(sub): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    store.write(|w| {
        parent_of_sub(w, &headers, &sub)?;
        let document = text(&body, "verification_type").unwrap_or_default();
        if !crate::kyc::DOCUMENTS.contains(&document.as_str()) {
            return Err(api_id_error(
                w,
                400,
                "invalid_request",
                "verification_type must be pan, gst, cin or aadhaar",
            ));
        }
        let asked = text(&body, "outcome").unwrap_or_default();
        if asked != "verified" && asked != "failed" {
            return Err(api_id_error(
                w,
                400,
                "invalid_request",
                "outcome must be verified or failed",
            ));
        }
        let promised = w.accounts[&sub]
            .sub_kyc
            .as_ref()
            .and_then(|k| k.pending_outcome.get(&document).cloned());
        let Some(promised) = promised else {
            return Err(api_id_error(
                w,
                404,
                "not_found",
                format!("no pending {document} verification"),
            ));
        };
        let outcome = if asked == "verified" && promised == "verified" {
            Outcome::Verified
        } else {
            Outcome::Failed
        };
        ok(
            200,
            Value::Object(record(w, &sub, &document, outcome, true)?),
        )
    })
}

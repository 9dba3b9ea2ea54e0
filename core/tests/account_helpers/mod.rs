//! Helpers of the account-client tests: set-up done over the raw transport (sub-accounts
//! and partner customers belong to other clients), the sandbox's world state, and a few
//! assertions. Everything still goes to the real sandbox.

#![allow(dead_code)]

use serde_json::{Value, json};
use vobiz_partner::{Account, AccountCredentials, ApiRequest, Error, PartnerCredentials};

use crate::sandbox::World;

/// The parent's credentials (for raw requests).
pub fn parent_credentials(w: &World) -> AccountCredentials {
    let seeded = w.sandbox.seeded();
    AccountCredentials::new(&seeded.parent.auth_id, &seeded.parent.auth_token).unwrap()
}

/// Creates a sub-account of the seeded parent; returns its own client.
pub async fn sub_account(w: &World, email: &str, kyc_mode: &str) -> Account {
    let path = format!("/api/v1/accounts/{}/sub-accounts/", w.parent.auth_id());
    let request = ApiRequest::raw("POST", &path)
        .unwrap()
        .json(&json!({"name": "Acme Support", "email": email, "kyc_mode": kyc_mode}))
        .unwrap();
    let body: Value = w
        .transport
        .send(&parent_credentials(w), &request)
        .await
        .unwrap()
        .json()
        .unwrap();
    let creds = &body["auth_credentials"];
    w.account(
        creds["auth_id"].as_str().unwrap(),
        creds["auth_token"].as_str().unwrap(),
    )
}

/// Creates a partner customer (empty wallet); returns its own client.
pub async fn customer(w: &World, email: &str) -> Account {
    let seeded = w.sandbox.seeded();
    let partner =
        PartnerCredentials::new(&seeded.partner.auth_id, &seeded.partner.auth_token).unwrap();
    let request = ApiRequest::raw("POST", "/api/v1/partner/accounts")
        .unwrap()
        .json(
            &json!({"name": "Asha Rao", "email": email, "phone": "+919876543210",
                      "password": "Str0ng!pass", "country": "IN"}),
        )
        .unwrap();
    let body: Value = w
        .transport
        .send(&partner, &request)
        .await
        .unwrap()
        .json()
        .unwrap();
    w.account(
        body["auth_id"].as_str().unwrap(),
        body["auth_token"].as_str().unwrap(),
    )
}

/// The sandbox's whole world.
pub async fn state(w: &World) -> Value {
    w.control(reqwest::Method::GET, "/__sandbox/state", None)
        .await
}

/// The first `n` inventory numbers of the world, ascending.
pub fn inventory(w: &World, n: usize) -> Vec<String> {
    w.sandbox.store().read(|world| {
        world
            .numbers
            .values()
            .filter(|x| x.owner.is_none() && x.status == "active")
            .take(n)
            .map(|x| x.e164.clone())
            .collect()
    })
}

/// A number's owner in the world.
pub fn owner(w: &World, e164: &str) -> Option<String> {
    w.sandbox
        .store()
        .read(|world| world.numbers[e164].owner.clone())
}

/// A wallet in the world.
pub fn wallet(w: &World, auth_id: &str) -> rust_decimal::Decimal {
    w.sandbox
        .store()
        .read(|world| world.accounts[auth_id].balance)
}

/// The field a validation error names.
pub fn field(err: &Error) -> &str {
    err.validation_field()
        .unwrap_or_else(|| panic!("not a validation error: {err}"))
}

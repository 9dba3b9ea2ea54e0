//! The typed API: every endpoint as a method of the client whose credentials it needs.
//! Each file adds one resource group's methods to [`Partner`](crate::Partner),
//! [`Account`](crate::Account) or [`SubAccount`](crate::SubAccount).

mod account_extras;
mod account_numbers;
mod account_records;
mod calls;
mod capacity;
mod customers;
mod partner_kyc;
mod partner_login;
mod partner_profile;
mod partner_records;
mod sub_account_kyc;
mod sub_accounts;
mod trunk_parts;
mod trunks;

// Every request leaves through the engine, which applies the text rule
// (`validate::request`) to the whole request first.
pub(crate) use crate::clients::{paginate, send, send_json};

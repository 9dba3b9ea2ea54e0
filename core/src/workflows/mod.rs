//! Multi-step flows and checks built on the typed API: each one a single call,
//! safe to run again.

pub mod bulk;
pub mod cool_off;
pub mod onboarding;
pub mod reports;
pub mod safe_transfer;

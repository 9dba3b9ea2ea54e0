//! Writing money the way each field of the API writes it: 5-decimal strings for balances,
//! 2-decimal strings for dashboard costs, JSON numbers for transfer amounts and fees.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde_json::Value;

/// `"23906.83000"`.
pub fn dp5(amount: Decimal) -> String {
    format!("{:.5}", amount.round_dp(5))
}

/// `"108.24"`.
pub fn dp2(amount: Decimal) -> String {
    format!("{:.2}", amount.round_dp(2))
}

/// A JSON number (`500.0`, `47750.5`).
pub fn number(amount: Decimal) -> Value {
    Value::from(amount.to_f64().unwrap_or(0.0))
}

/// Whether a requested amount has at most 2 decimal places, the wallets' paise/cent
/// granularity (trailing zeros do not count: `10.500` is `10.5`).
pub fn in_cents(amount: Decimal) -> bool {
    amount.normalize().scale() <= 2
}

/// Reads a money amount from a JSON request field (number or numeric string), exactly.
pub fn parse(value: &Value) -> Option<Decimal> {
    match value {
        Value::Number(n) => n
            .to_string()
            .parse::<Decimal>()
            .ok()
            .or_else(|| Decimal::from_scientific(&n.to_string()).ok()),
        Value::String(s) => s.trim().parse::<Decimal>().ok(),
        _ => None,
    }
}

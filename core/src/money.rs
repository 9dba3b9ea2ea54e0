//! An exact money amount, whatever encoding the API chose for it.
//!
//! Vobiz sends money as 5-decimal strings (`"23906.83000"`), 2-decimal strings, JSON numbers
//! (`500.00`, `0.0`) and integers (`700`). [`Money`] reads all of them into a decimal without
//! passing through binary floating point where it can avoid it, and writes a JSON number the
//! API accepts.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};

/// An exact decimal amount of money (no currency attached: the API sends it alongside).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

impl Money {
    /// Zero.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Wraps a decimal.
    pub fn new(value: Decimal) -> Self {
        Money(value)
    }

    /// The decimal value.
    pub fn as_decimal(&self) -> Decimal {
        self.0
    }

    /// Parses a decimal string such as `"23906.83000"`; `field` names the input in the error.
    pub fn parse_field(text: &str, field: &str) -> Result<Self> {
        parse_decimal(text)
            .map(Money)
            .ok_or_else(|| Error::validation(field, format!("{text:?} is not a decimal amount")))
    }

    /// Checks an amount the caller wants to move: strictly positive, at most two decimal
    /// places (the API's paise/cent granularity).
    pub fn validate_amount(&self, field: &str) -> Result<()> {
        if self.0 <= Decimal::ZERO {
            return Err(Error::validation(
                field,
                format!("must be greater than 0, got {}", self.0),
            ));
        }
        if self.0.normalize().scale() > 2 {
            return Err(Error::validation(
                field,
                format!("must have at most 2 decimal places, got {}", self.0),
            ));
        }
        Ok(())
    }
}

impl From<Decimal> for Money {
    fn from(value: Decimal) -> Self {
        Money(value)
    }
}

impl From<Money> for Decimal {
    fn from(value: Money) -> Self {
        value.0
    }
}

impl FromStr for Money {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Money::parse_field(s, "amount")
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({})", self.0)
    }
}

/// Accepts plain and scientific decimal notation, with surrounding whitespace.
fn parse_decimal(text: &str) -> Option<Decimal> {
    let text = text.trim();
    Decimal::from_str_exact(text)
        .or_else(|_| Decimal::from_scientific(text))
        .ok()
}

struct MoneyVisitor;

/// The key under which serde_json (with its `arbitrary_precision` feature, which this crate
/// turns on) hands a number over as its exact literal text.
const EXACT_NUMBER_KEY: &str = "$serde_json::private::Number";

impl<'de> Visitor<'de> for MoneyVisitor {
    type Value = Money;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a money amount as a decimal string or a JSON number")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Money, E> {
        parse_decimal(v)
            .map(Money)
            .ok_or_else(|| E::custom(format!("{v:?} is not a decimal amount")))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Money, E> {
        Ok(Money(Decimal::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Money, E> {
        Ok(Money(Decimal::from(v)))
    }

    /// A JSON number as its literal text: exact, however many digits it has.
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<Money, A::Error> {
        let key: Option<String> = map.next_key()?;
        if key.as_deref() != Some(EXACT_NUMBER_KEY) {
            return Err(de::Error::custom(
                "a money amount must be a decimal string or a JSON number",
            ));
        }
        let literal: String = map.next_value()?;
        parse_decimal(&literal).map(Money).ok_or_else(|| {
            de::Error::custom(format!("{literal} is out of range for a money amount"))
        })
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Money, E> {
        // Reached only from a deserializer that already made an f64 (not serde_json's,
        // which hands over the literal): its shortest round-trip rendering is the literal
        // for any literal of up to 15 significant digits.
        if !v.is_finite() {
            return Err(E::custom("money amount is not a finite number"));
        }
        parse_decimal(&format!("{v}"))
            .map(Money)
            .ok_or_else(|| E::custom(format!("{v} is out of range for a money amount")))
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Money, D::Error> {
        d.deserialize_any(MoneyVisitor)
    }
}

impl Serialize for Money {
    /// Written as a JSON number, the form every money request field of the API documents.
    /// Refuses an amount that a JSON number (f64) cannot carry exactly, rather than sending a
    /// different amount.
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let text = self.0.normalize().to_string();
        let as_f64: f64 = text
            .parse()
            .map_err(|_| serde::ser::Error::custom("money amount out of range"))?;
        if parse_decimal(&format!("{as_f64}")) != Some(self.0.normalize()) {
            return Err(serde::ser::Error::custom(format!(
                "money amount {text} has too many significant digits to send exactly"
            )));
        }
        s.serialize_f64(as_f64)
    }
}

impl schemars::JsonSchema for Money {
    /// Inlined, so every field's schema carries the format itself.
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Money".into()
    }

    /// `{"type": "string", "format": "vobiz-money"}`: the format tells the binding generators
    /// which native type to use. Deserialised (a request input), it also carries
    /// `"x-vobiz-accepts-number": true`: an amount may be given as a decimal string or as a
    /// JSON number (read exactly, every digit kept).
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut schema = schemars::json_schema!({
            "type": "string",
            "format": "vobiz-money",
        });
        if generator.contract().is_deserialize() {
            schema.insert("x-vobiz-accepts-number".into(), true.into());
        }
        schema
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn every_documented_encoding_parses_exactly() {
        let cases = [
            (r#""23906.83000""#, "23906.83"),
            (r#""1300.00000""#, "1300"),
            (r#""108.24""#, "108.24"),
            ("500", "500"),
            ("500.00", "500"),
            ("0.0", "0"),
            ("47750.00", "47750"),
            ("0.1", "0.1"),
            ("123456789.12", "123456789.12"),
            ("-200", "-200"),
            ("1e3", "1000"),
            (r#"" 12.5 ""#, "12.5"),
        ];
        for (json, want) in cases {
            let m: Money = serde_json::from_str(json).unwrap();
            assert_eq!(m.as_decimal().normalize(), dec(want), "{json}");
        }
        let five_dp: Money = serde_json::from_str(r#""23906.83000""#).unwrap();
        assert_eq!(
            five_dp.as_decimal().scale(),
            5,
            "the string's scale is kept"
        );
    }

    #[test]
    fn json_numbers_keep_every_digit() {
        // More significant digits than an f64 carries, directly and through a model with
        // flattened extra fields (which buffers the value before Money sees it).
        let m: Money = serde_json::from_str("12345678901234567.891").unwrap();
        assert_eq!(m.as_decimal(), dec("12345678901234567.891"));
        let row: crate::models::Transaction =
            serde_json::from_str(r#"{"amount": 0.12345678901234567891, "other": 1}"#).unwrap();
        assert_eq!(
            row.amount.unwrap().as_decimal(),
            dec("0.12345678901234567891")
        );
        let value: serde_json::Value = serde_json::from_str("98765432109876543.21").unwrap();
        let m: Money = serde_json::from_value(value).unwrap();
        assert_eq!(m.as_decimal(), dec("98765432109876543.21"));
    }

    #[test]
    fn garbage_is_refused() {
        for json in [
            r#""abc""#,
            r#""""#,
            "true",
            "null",
            "[1]",
            r#""12,5""#,
            r#"{"a":1}"#,
        ] {
            assert!(serde_json::from_str::<Money>(json).is_err(), "{json}");
        }
    }

    #[test]
    fn amounts_serialize_as_json_numbers() {
        let m = Money::new(dec("500.00"));
        assert_eq!(serde_json::to_string(&m).unwrap(), "500.0");
        let m = Money::new(dec("0.10"));
        assert_eq!(serde_json::to_string(&m).unwrap(), "0.1");
        let m = Money::new(dec("123456.78"));
        assert_eq!(serde_json::to_string(&m).unwrap(), "123456.78");
        let too_precise = Money::new(dec("1234567890123456.789"));
        assert!(serde_json::to_string(&too_precise).is_err());
    }

    #[test]
    fn amount_validation_names_the_field() {
        assert!(Money::new(dec("0.01")).validate_amount("amount").is_ok());
        assert!(Money::new(dec("10.500")).validate_amount("amount").is_ok());
        for bad in ["0", "-1", "0.001", "10.555"] {
            let err = Money::new(dec(bad)).validate_amount("amount").unwrap_err();
            assert_eq!(err.validation_field(), Some("amount"), "{bad}");
        }
    }
}

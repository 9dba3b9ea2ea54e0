//! Results as the language bindings see them.
//!
//! A JSON rendering of a model would lose what a binding needs to build idiomatic values:
//! money would become a binary float, a timestamp an opaque string, a secret `<redacted>`.
//! [`to_view`] converts a model into a [`View`] tree instead, where those three stay
//! typed ([`View::Money`], [`View::Time`], [`View::Secret`]) and the fields the SDK does
//! not model sit under one `extra` key. Python turns a view into `Decimal`, `datetime` and
//! its `Secret` class; Node into exact decimal strings, ISO 8601 strings and its `Secret`.
//!
//! The conversion is explicit: [`IntoView`], implemented here for the leaf types and
//! derived (`#[derive(IntoView)]`, crate `vobiz-partner-derive`) for every model, with the
//! keys and shape its `Serialize` gives it. Serialisation itself has one form only: a
//! model written with serde (a request body, a user's own `serde_json::to_string`) shows a
//! secret as `<redacted>`, whatever thread or caller runs it.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use serde_json::{Map, Number, Value};

use crate::error::Result;
use crate::models::Extra;
use crate::money::Money;
use crate::path::{ApiPath, E164};
use crate::secret::Secret;
use crate::timestamp::Timestamp;

pub use vobiz_partner_derive::IntoView;

/// The key under which a model's unknown fields are grouped in a view.
pub const EXTRA_KEY: &str = "extra";

/// Keys whose values are JSON the SDK does not model (the server's unknown fields, the
/// caller's own `metadata`): their inner keys are never re-cased.
pub const FREE_FORM: &[&str] = &[EXTRA_KEY, "metadata"];

/// A result as a tree of plain values, with money, timestamps and secrets kept typed.
#[derive(Clone, Debug, PartialEq)]
pub enum View {
    /// `null` / an absent optional.
    Null,
    /// A boolean.
    Bool(bool),
    /// A signed integer.
    Int(i64),
    /// An unsigned integer too large for `i64`.
    UInt(u64),
    /// A float (never money).
    Float(f64),
    /// Text.
    Text(String),
    /// An exact amount, scale kept as sent (`"23906.83000"`).
    Money(Money),
    /// A timestamp, original text and parsed value.
    Time(Timestamp),
    /// A secret; `Debug` shows `<redacted>`.
    Secret(Secret),
    /// A list.
    List(Vec<View>),
    /// An object, fields in serialisation order.
    Map(Vec<(String, View)>),
}

/// How object keys are written for a binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyCase {
    /// As serde names them (Python).
    Snake,
    /// `snake_case` → `lowerCamelCase` (Node), except inside [`FREE_FORM`] values.
    Camel,
}

/// `cash_credits` → `cashCredits`: split on `_`, keep the first part, capitalise the first
/// letter of each following part. The TypeScript declarations are generated with the same
/// rule.
pub fn snake_to_camel(key: &str) -> String {
    let mut parts = key.split('_');
    let mut out = String::with_capacity(key.len());
    out.push_str(parts.next().unwrap_or_default());
    for part in parts.filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// `perPage` → `per_page`: the reverse of [`snake_to_camel`] for option keys a binding
/// receives in camelCase.
pub fn camel_to_snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

impl View {
    /// The same view with object keys in `case` (unknown fields under `extra` keep theirs).
    pub fn with_key_case(self, case: KeyCase) -> View {
        match case {
            KeyCase::Snake => self,
            KeyCase::Camel => self.camel(),
        }
    }

    fn camel(self) -> View {
        match self {
            View::List(items) => View::List(items.into_iter().map(View::camel).collect()),
            View::Map(fields) => View::Map(
                fields
                    .into_iter()
                    .map(|(key, value)| {
                        if FREE_FORM.contains(&key.as_str()) {
                            (key, value)
                        } else {
                            (snake_to_camel(&key), value.camel())
                        }
                    })
                    .collect(),
            ),
            other => other,
        }
    }
}

/// A value's [`View`]: the explicit conversion a binding's results go through.
///
/// Derive it on a model (`#[derive(IntoView)]`): the view then has the keys and shape the
/// model's derived `Serialize` gives it (`rename`, `rename_all`, `skip_serializing_if`,
/// `flatten`, `transparent`, … are honoured; see `vobiz-partner-derive`). The leaf types
/// convert as follows: [`Money`] → [`View::Money`], [`Timestamp`] → [`View::Time`],
/// [`Secret`] → [`View::Secret`] (the value, still wrapped), [`Extra`] → its fields
/// (secret-named ones redacted) under one [`EXTRA_KEY`] entry.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no binding view",
    label = "no `IntoView` for `{Self}`",
    note = "derive it (`#[derive(Serialize, IntoView)]`) on a model, or implement it by hand for a leaf type"
)]
pub trait IntoView {
    /// The view of `self`.
    fn to_view(&self) -> View;
}

/// A value whose view is an object, so that it can be flattened into another object
/// (`#[serde(flatten)]`). Derived with [`IntoView`] for structs with named fields.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be flattened into a view",
    label = "`#[serde(flatten)]` on a `{Self}`",
    note = "only objects flatten: a struct with named fields deriving IntoView, `Extra`, a string-keyed map, or an `Option` of one"
)]
pub trait FlattenView {
    /// Appends the entries `self` contributes to the object it is flattened into.
    fn flatten_into(&self, fields: &mut Vec<(String, View)>);
}

/// Converts `value` into a [`View`]. (It cannot fail; the `Result` keeps the signature the
/// bindings call.)
pub fn to_view<T: IntoView + ?Sized>(value: &T) -> Result<View> {
    Ok(value.to_view())
}

// --- the leaf types ------------------------------------------------------------------------

impl IntoView for View {
    fn to_view(&self) -> View {
        self.clone()
    }
}

impl IntoView for () {
    fn to_view(&self) -> View {
        View::Null
    }
}

impl IntoView for bool {
    fn to_view(&self) -> View {
        View::Bool(*self)
    }
}

macro_rules! signed {
    ($($ty:ty),*) => {$(
        impl IntoView for $ty {
            fn to_view(&self) -> View {
                View::Int(i64::from(*self))
            }
        }
    )*};
}
signed!(i8, i16, i32, i64, u8, u16, u32);

impl IntoView for isize {
    fn to_view(&self) -> View {
        // isize is at most 64 bits on every target Rust supports.
        View::Int(*self as i64)
    }
}

impl IntoView for u64 {
    fn to_view(&self) -> View {
        i64::try_from(*self).map_or(View::UInt(*self), View::Int)
    }
}

impl IntoView for usize {
    fn to_view(&self) -> View {
        (*self as u64).to_view()
    }
}

impl IntoView for f32 {
    fn to_view(&self) -> View {
        View::Float(f64::from(*self))
    }
}

impl IntoView for f64 {
    fn to_view(&self) -> View {
        View::Float(*self)
    }
}

impl IntoView for char {
    fn to_view(&self) -> View {
        View::Text(self.to_string())
    }
}

impl IntoView for str {
    fn to_view(&self) -> View {
        View::Text(self.to_owned())
    }
}

impl IntoView for String {
    fn to_view(&self) -> View {
        View::Text(self.clone())
    }
}

impl<T: IntoView + ?Sized> IntoView for &T {
    fn to_view(&self) -> View {
        (**self).to_view()
    }
}

impl<T: IntoView + ?Sized> IntoView for Box<T> {
    fn to_view(&self) -> View {
        (**self).to_view()
    }
}

impl<T: IntoView> IntoView for Option<T> {
    fn to_view(&self) -> View {
        self.as_ref().map_or(View::Null, IntoView::to_view)
    }
}

/// A flattened `None` adds nothing, as with serde.
impl<T: FlattenView> FlattenView for Option<T> {
    fn flatten_into(&self, fields: &mut Vec<(String, View)>) {
        if let Some(value) = self {
            value.flatten_into(fields);
        }
    }
}

impl<T: IntoView> IntoView for [T] {
    fn to_view(&self) -> View {
        View::List(self.iter().map(IntoView::to_view).collect())
    }
}

impl<T: IntoView> IntoView for Vec<T> {
    fn to_view(&self) -> View {
        self.as_slice().to_view()
    }
}

impl<A: IntoView, B: IntoView> IntoView for (A, B) {
    fn to_view(&self) -> View {
        View::List(vec![self.0.to_view(), self.1.to_view()])
    }
}

impl<T: IntoView> IntoView for BTreeMap<String, T> {
    fn to_view(&self) -> View {
        View::Map(
            self.iter()
                .map(|(key, value)| (key.clone(), value.to_view()))
                .collect(),
        )
    }
}

impl<T: IntoView> FlattenView for BTreeMap<String, T> {
    fn flatten_into(&self, fields: &mut Vec<(String, View)>) {
        fields.extend(
            self.iter()
                .map(|(key, value)| (key.clone(), value.to_view())),
        );
    }
}

impl<T: IntoView, S> IntoView for HashMap<String, T, S> {
    fn to_view(&self) -> View {
        View::Map(
            self.iter()
                .map(|(key, value)| (key.clone(), value.to_view()))
                .collect(),
        )
    }
}

impl<T: IntoView, S> FlattenView for HashMap<String, T, S> {
    fn flatten_into(&self, fields: &mut Vec<(String, View)>) {
        fields.extend(
            self.iter()
                .map(|(key, value)| (key.clone(), value.to_view())),
        );
    }
}

/// A JSON number: an integer as [`View::Int`] (or [`View::UInt`] past `i64`), any other
/// number as [`View::Float`]; a literal no `f64` can hold (`1e400`) as its text.
impl IntoView for Number {
    fn to_view(&self) -> View {
        if let Some(i) = self.as_i64() {
            View::Int(i)
        } else if let Some(u) = self.as_u64() {
            View::UInt(u)
        } else if let Some(f) = self.as_f64() {
            View::Float(f)
        } else {
            View::Text(self.to_string())
        }
    }
}

impl IntoView for Value {
    fn to_view(&self) -> View {
        match self {
            Value::Null => View::Null,
            Value::Bool(b) => View::Bool(*b),
            Value::Number(n) => n.to_view(),
            Value::String(s) => View::Text(s.clone()),
            Value::Array(items) => items.to_view(),
            Value::Object(map) => map.to_view(),
        }
    }
}

impl IntoView for Map<String, Value> {
    fn to_view(&self) -> View {
        View::Map(
            self.iter()
                .map(|(key, value)| (key.clone(), value.to_view()))
                .collect(),
        )
    }
}

impl FlattenView for Map<String, Value> {
    fn flatten_into(&self, fields: &mut Vec<(String, View)>) {
        fields.extend(
            self.iter()
                .map(|(key, value)| (key.clone(), value.to_view())),
        );
    }
}

/// A leaf whose serde form is a string (chrono's dates and times): that string.
fn serde_text<T: serde::Serialize>(value: &T) -> View {
    match serde_json::to_value(value) {
        Ok(Value::String(text)) => View::Text(text),
        Ok(other) => other.to_view(),
        Err(_) => View::Null,
    }
}

/// `2026-03-25`, as chrono serialises it.
impl IntoView for NaiveDate {
    fn to_view(&self) -> View {
        serde_text(self)
    }
}

/// `10:00:05`, as chrono serialises it.
impl IntoView for NaiveTime {
    fn to_view(&self) -> View {
        serde_text(self)
    }
}

/// `2026-03-25T10:00:05`, as chrono serialises it.
impl IntoView for NaiveDateTime {
    fn to_view(&self) -> View {
        serde_text(self)
    }
}

/// RFC 3339 (`2026-03-25T10:00:05Z`, `…+05:30`), as chrono serialises it.
impl<Tz: TimeZone> IntoView for DateTime<Tz> {
    fn to_view(&self) -> View {
        serde_text(self)
    }
}

impl IntoView for Money {
    fn to_view(&self) -> View {
        View::Money(*self)
    }
}

impl IntoView for Timestamp {
    fn to_view(&self) -> View {
        View::Time(self.clone())
    }
}

/// The secret itself, still wrapped: the one place a secret leaves a model other than
/// [`Secret::expose`]. (Its `Serialize` always writes `<redacted>`.)
impl IntoView for Secret {
    fn to_view(&self) -> View {
        View::Secret(self.clone())
    }
}

/// The unknown fields (secret-named values redacted, as `Serialize` writes them) under one
/// [`EXTRA_KEY`] entry, always present (`{}` when there are none), so that they cannot be
/// mistaken for modelled ones. A model's view holds its flattened `Extra` that way; an
/// `Extra` that is a field of its own (`CdrPage::filters`) has the same shape.
impl IntoView for Extra {
    fn to_view(&self) -> View {
        let mut fields = Vec::with_capacity(1);
        self.flatten_into(&mut fields);
        View::Map(fields)
    }
}

impl FlattenView for Extra {
    fn flatten_into(&self, fields: &mut Vec<(String, View)>) {
        fields.push((EXTRA_KEY.to_owned(), self.redacted().to_view()));
    }
}

impl IntoView for E164 {
    fn to_view(&self) -> View {
        View::Text(self.to_string())
    }
}

impl IntoView for ApiPath {
    fn to_view(&self) -> View {
        View::Text(self.as_str().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_cases_round_trip_and_free_form_keys_stay() {
        for key in ["cash_credits", "e164", "type", "machine_detection_time"] {
            assert_eq!(camel_to_snake(&snake_to_camel(key)), key);
        }
        assert_eq!(snake_to_camel("cash_credits"), "cashCredits");
        let view = View::Map(vec![
            ("cash_credits".into(), View::Null),
            (
                "metadata".into(),
                View::Map(vec![("crm_id".into(), View::Null)]),
            ),
            (
                "extra".into(),
                View::Map(vec![("kyc_mode".into(), View::Null)]),
            ),
        ])
        .with_key_case(KeyCase::Camel);
        let View::Map(fields) = view else { panic!() };
        assert_eq!(fields[0].0, "cashCredits");
        assert_eq!(fields[1].1, View::Map(vec![("crm_id".into(), View::Null)]));
        assert_eq!(
            fields[2].1,
            View::Map(vec![("kyc_mode".into(), View::Null)])
        );
    }
}

#[cfg(test)]
mod boundary_tests;

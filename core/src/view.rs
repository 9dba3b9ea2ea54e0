//! Results as the language bindings see them.
//!
//! A JSON rendering of a model would lose what a binding needs to build idiomatic values:
//! money would become a binary float, a timestamp an opaque string, a secret `<redacted>`.
//! [`to_view`] serialises a model into a [`View`] tree instead, where those three stay
//! typed ([`View::Money`], [`View::Time`], [`View::Secret`]) and the fields the SDK does
//! not model sit under one `extra` key. Python turns a view into `Decimal`, `datetime` and
//! its `Secret` class; Node into exact decimal strings, ISO 8601 strings and its `Secret`.
//!
//! The types opt in through [`capturing`]: their `Serialize` impls emit a marker only while
//! this module's serializer runs on the current thread, so every other serializer (the
//! request bodies, a user's own `serde_json::to_string`) sees their ordinary form.

use std::cell::Cell;
use std::fmt;

use serde::Serialize;
use serde::ser;

use crate::error::{Error, Result};
use crate::money::Money;
use crate::secret::Secret;
use crate::timestamp::Timestamp;

/// Newtype names the marked types serialise under while a view is captured.
pub(crate) const MONEY_MARK: &str = "$vobiz::Money";
pub(crate) const TIME_MARK: &str = "$vobiz::Timestamp";
pub(crate) const SECRET_MARK: &str = "$vobiz::Secret";

/// The key under which a model's unknown fields are grouped in a view.
pub const EXTRA_KEY: &str = "extra";

/// Keys whose values are JSON the SDK does not model (the server's unknown fields, the
/// caller's own `metadata`): their inner keys are never re-cased.
pub const FREE_FORM: &[&str] = &[EXTRA_KEY, "metadata"];

thread_local! {
    static CAPTURING: Cell<bool> = const { Cell::new(false) };
}

/// Whether [`to_view`] is serialising on this thread (the marked types then emit markers).
pub(crate) fn capturing() -> bool {
    CAPTURING.with(Cell::get)
}

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

/// Serialises `value` into a [`View`].
pub fn to_view<T: Serialize + ?Sized>(value: &T) -> Result<View> {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            CAPTURING.with(|c| c.set(self.0));
        }
    }
    let _reset = Reset(CAPTURING.with(|c| c.replace(true)));
    value
        .serialize(ViewSerializer)
        .map_err(|e| Error::validation("result", format!("could not be converted: {}", e.0)))
}

/// A serialisation failure (only a model bug or a refused amount can cause one).
#[derive(Debug)]
pub struct ViewError(String);

impl fmt::Display for ViewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ViewError {}

impl ser::Error for ViewError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ViewError(msg.to_string())
    }
}

type ViewResult = std::result::Result<View, ViewError>;

struct ViewSerializer;

/// The text a marked type hands over inside its marker (and an object key).
fn text_of<T: Serialize + ?Sized>(value: &T) -> std::result::Result<String, ViewError> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => Ok(text),
        _ => Err(ViewError("expected text".to_owned())),
    }
}

/// Builds a list or an object.
struct Collect {
    items: Vec<View>,
    fields: Vec<(String, View)>,
    key: Option<String>,
}

impl Collect {
    fn new(len: Option<usize>) -> Self {
        Collect {
            items: Vec::with_capacity(len.unwrap_or(0)),
            fields: Vec::with_capacity(len.unwrap_or(0)),
            key: None,
        }
    }
}

impl ser::SerializeSeq for Collect {
    type Ok = View;
    type Error = ViewError;
    fn serialize_element<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> std::result::Result<(), ViewError> {
        self.items.push(value.serialize(ViewSerializer)?);
        Ok(())
    }
    fn end(self) -> ViewResult {
        Ok(View::List(self.items))
    }
}

impl ser::SerializeTuple for Collect {
    type Ok = View;
    type Error = ViewError;
    fn serialize_element<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> std::result::Result<(), ViewError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> ViewResult {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Collect {
    type Ok = View;
    type Error = ViewError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> std::result::Result<(), ViewError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> ViewResult {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for Collect {
    type Ok = View;
    type Error = ViewError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> std::result::Result<(), ViewError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> ViewResult {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Collect {
    type Ok = View;
    type Error = ViewError;
    fn serialize_key<T: Serialize + ?Sized>(
        &mut self,
        key: &T,
    ) -> std::result::Result<(), ViewError> {
        self.key = Some(text_of(key)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> std::result::Result<(), ViewError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| ViewError("a map value came without its key".to_owned()))?;
        self.fields.push((key, value.serialize(ViewSerializer)?));
        Ok(())
    }
    fn end(self) -> ViewResult {
        Ok(View::Map(self.fields))
    }
}

impl ser::SerializeStruct for Collect {
    type Ok = View;
    type Error = ViewError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> std::result::Result<(), ViewError> {
        self.fields
            .push((key.to_owned(), value.serialize(ViewSerializer)?));
        Ok(())
    }
    fn end(self) -> ViewResult {
        Ok(View::Map(self.fields))
    }
}

impl ser::SerializeStructVariant for Collect {
    type Ok = View;
    type Error = ViewError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> std::result::Result<(), ViewError> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> ViewResult {
        Ok(View::Map(self.fields))
    }
}

impl ser::Serializer for ViewSerializer {
    type Ok = View;
    type Error = ViewError;
    type SerializeSeq = Collect;
    type SerializeTuple = Collect;
    type SerializeTupleStruct = Collect;
    type SerializeTupleVariant = Collect;
    type SerializeMap = Collect;
    type SerializeStruct = Collect;
    type SerializeStructVariant = Collect;

    fn is_human_readable(&self) -> bool {
        true
    }
    fn serialize_bool(self, v: bool) -> ViewResult {
        Ok(View::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> ViewResult {
        Ok(View::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> ViewResult {
        Ok(View::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> ViewResult {
        Ok(View::Int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> ViewResult {
        Ok(View::Int(v))
    }
    fn serialize_u8(self, v: u8) -> ViewResult {
        Ok(View::Int(v.into()))
    }
    fn serialize_u16(self, v: u16) -> ViewResult {
        Ok(View::Int(v.into()))
    }
    fn serialize_u32(self, v: u32) -> ViewResult {
        Ok(View::Int(v.into()))
    }
    fn serialize_u64(self, v: u64) -> ViewResult {
        Ok(i64::try_from(v).map_or(View::UInt(v), View::Int))
    }
    fn serialize_f32(self, v: f32) -> ViewResult {
        Ok(View::Float(v.into()))
    }
    fn serialize_f64(self, v: f64) -> ViewResult {
        Ok(View::Float(v))
    }
    fn serialize_char(self, v: char) -> ViewResult {
        Ok(View::Text(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> ViewResult {
        Ok(View::Text(v.to_owned()))
    }
    fn serialize_bytes(self, v: &[u8]) -> ViewResult {
        Ok(View::List(
            v.iter().map(|b| View::Int((*b).into())).collect(),
        ))
    }
    fn serialize_none(self) -> ViewResult {
        Ok(View::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> ViewResult {
        value.serialize(self)
    }
    fn serialize_unit(self) -> ViewResult {
        Ok(View::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> ViewResult {
        Ok(View::Null)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> ViewResult {
        Ok(View::Text(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> ViewResult {
        match name {
            MONEY_MARK => {
                let text = text_of(value)?;
                Money::parse_field(&text, "money")
                    .map(View::Money)
                    .map_err(|e| ViewError(e.to_string()))
            }
            TIME_MARK => Ok(View::Time(Timestamp::parse(&text_of(value)?))),
            SECRET_MARK => Ok(View::Secret(Secret::new(text_of(value)?))),
            _ => value.serialize(self),
        }
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> ViewResult {
        Ok(View::Map(vec![(
            variant.to_owned(),
            value.serialize(ViewSerializer)?,
        )]))
    }
    fn serialize_seq(self, len: Option<usize>) -> std::result::Result<Collect, ViewError> {
        Ok(Collect::new(len))
    }
    fn serialize_tuple(self, len: usize) -> std::result::Result<Collect, ViewError> {
        Ok(Collect::new(Some(len)))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> std::result::Result<Collect, ViewError> {
        Ok(Collect::new(Some(len)))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        len: usize,
    ) -> std::result::Result<Collect, ViewError> {
        Ok(Collect::new(Some(len)))
    }
    fn serialize_map(self, len: Option<usize>) -> std::result::Result<Collect, ViewError> {
        Ok(Collect::new(len))
    }
    fn serialize_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> std::result::Result<Collect, ViewError> {
        Ok(Collect::new(Some(len)))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        len: usize,
    ) -> std::result::Result<Collect, ViewError> {
        Ok(Collect::new(Some(len)))
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

//! A timestamp in whichever form the API wrote it.
//!
//! Vobiz writes `…Z` with 0, 6 or 9 fractional digits, `+00:00` offsets,
//! `2026-05-07 09:45:35.79276+05:30` (space separator), bare dates (`2026-03-25`) and local
//! `yyyy-MM-dd HH:mm:ss`. [`Timestamp`] keeps the original text (so nothing is lost or
//! re-rendered differently) and the parsed value when the form is known.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What a timestamp's text turned out to hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeValue {
    /// An instant with a UTC offset.
    Instant(DateTime<FixedOffset>),
    /// A calendar date with no time of day.
    Date(NaiveDate),
    /// A date and time with no offset (the API's local-time callback form).
    Local(NaiveDateTime),
    /// A form this SDK does not know; the text is kept as is.
    Unparsed,
}

/// A timestamp as sent by the API: the original text plus its parsed value.
#[derive(Clone, PartialEq, Eq)]
pub struct Timestamp {
    raw: String,
    value: TimeValue,
}

impl Timestamp {
    /// Reads any documented form; an unknown form is kept as [`TimeValue::Unparsed`] rather
    /// than failing the whole response.
    pub fn parse(text: &str) -> Self {
        Timestamp {
            raw: text.to_owned(),
            value: parse_value(text.trim()),
        }
    }

    /// A timestamp for an instant, rendered as RFC 3339 in UTC.
    pub fn from_utc(instant: DateTime<Utc>) -> Self {
        Timestamp {
            raw: instant.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            value: TimeValue::Instant(instant.fixed_offset()),
        }
    }

    /// The text exactly as the API sent it.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The parsed value.
    pub fn value(&self) -> TimeValue {
        self.value
    }

    /// The instant, when the text carried a UTC offset.
    pub fn instant(&self) -> Option<DateTime<FixedOffset>> {
        match self.value {
            TimeValue::Instant(t) => Some(t),
            _ => None,
        }
    }

    /// The instant in UTC, when the text carried a UTC offset.
    pub fn to_utc(&self) -> Option<DateTime<Utc>> {
        self.instant().map(|t| t.with_timezone(&Utc))
    }

    /// The calendar date, for every parsed form (in the offset the API wrote).
    pub fn date(&self) -> Option<NaiveDate> {
        match self.value {
            TimeValue::Instant(t) => Some(t.date_naive()),
            TimeValue::Date(d) => Some(d),
            TimeValue::Local(t) => Some(t.date()),
            TimeValue::Unparsed => None,
        }
    }
}

fn parse_value(text: &str) -> TimeValue {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return TimeValue::Instant(t);
    }
    // RFC 3339 with a space (or lower-case t) between date and time, e.g. recordings'
    // `2026-05-07 09:45:35.79276+05:30`, or an offset written without a colon.
    for format in [
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(text, format) {
            return TimeValue::Instant(t);
        }
    }
    if let Some(t) = text
        .strip_suffix(" UTC")
        .and_then(|t| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S%.f").ok())
    {
        return TimeValue::Instant(t.and_utc().fixed_offset());
    }
    for format in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return TimeValue::Local(t);
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return TimeValue::Date(d);
    }
    TimeValue::Unparsed
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({:?})", self.raw)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Ok(Timestamp::parse(&text))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

impl schemars::JsonSchema for Timestamp {
    /// Inlined, so every field's schema carries the format itself.
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    /// `{"type": "string", "format": "vobiz-timestamp"}`: the format tells the binding generators
    /// which native type to use.
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "vobiz-timestamp",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        Timestamp::parse(text)
            .to_utc()
            .unwrap_or_else(|| panic!("{text} did not parse as an instant"))
    }

    #[test]
    fn every_documented_instant_form_parses() {
        let base = utc("2026-07-21T09:18:26Z");
        assert_eq!(utc("2026-07-21T09:18:26+00:00"), base);
        assert_eq!(utc("2026-07-21T14:48:26+05:30"), base);
        assert_eq!(utc("2026-07-21 14:48:26+05:30"), base);
        assert_eq!(utc("2026-07-21T14:48:26+0530"), base);
        assert_eq!(utc("2026-07-21 09:18:26 UTC"), base);
        for digits in 0..=9 {
            let frac = if digits == 0 {
                String::new()
            } else {
                format!(".{}", "7".repeat(digits))
            };
            let t = utc(&format!("2026-07-21T09:18:26{frac}Z"));
            assert_eq!(
                t.timestamp(),
                base.timestamp(),
                "{digits} fractional digits"
            );
        }
        let nanos = utc("2026-07-21T09:18:26.785758533Z");
        assert_eq!(nanos.timestamp_subsec_nanos(), 785_758_533);
        let recording = utc("2026-05-07 09:45:35.79276+05:30");
        assert_eq!(recording.to_rfc3339(), "2026-05-07T04:15:35.792760+00:00");
    }

    #[test]
    fn dates_and_local_times_keep_their_meaning() {
        let d = Timestamp::parse("2026-03-25");
        assert_eq!(
            d.value(),
            TimeValue::Date(NaiveDate::from_ymd_opt(2026, 3, 25).unwrap())
        );
        assert_eq!(d.to_utc(), None, "a bare date is not an instant");
        let local = Timestamp::parse("2026-03-25 10:00:05");
        assert!(matches!(local.value(), TimeValue::Local(_)));
        assert_eq!(local.date(), NaiveDate::from_ymd_opt(2026, 3, 25));
    }

    #[test]
    fn unknown_forms_are_kept_not_rejected() {
        let t: Timestamp = serde_json::from_str(r#""next tuesday""#).unwrap();
        assert_eq!(t.value(), TimeValue::Unparsed);
        assert_eq!(t.raw(), "next tuesday");
        assert_eq!(serde_json::to_string(&t).unwrap(), r#""next tuesday""#);
        let round: Timestamp = serde_json::from_str(r#""2026-03-25T10:00:00Z""#).unwrap();
        assert_eq!(
            serde_json::to_string(&round).unwrap(),
            r#""2026-03-25T10:00:00Z""#
        );
        assert!(
            serde_json::from_str::<Option<Timestamp>>("null")
                .unwrap()
                .is_none()
        );
    }
}

//! Placing calls: `POST /Account/{auth_id}/Call/`.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::Extra;
use super::trunk::{HttpMethod, validate_http_url};
use crate::error::{Error, Result};
use crate::path::E164;
use crate::validate;
use crate::view::IntoView;

/// The most destinations one request may dial.
pub const MAX_DESTINATIONS: usize = 1000;

/// Answering-machine detection.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, IntoView, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum MachineDetection {
    /// Detect, and report to `machine_detection_url`.
    True,
    /// Detect, and hang up on a machine.
    Hangup,
}

/// The body of a call. `from`, `to` and `answer_url` are required; everything else is
/// optional and sent only when set. Checked before sending:
/// - `from` an E.164 number; every `to` destination an E.164 number or a `sip:` URI, 1 to
///   1000 of them (sent joined by `<`, the API's separator);
/// - every URL absolute `http(s)`;
/// - `caller_name` ≤ 50 characters, `time_limit` ≥ 1 s, the machine-detection ranges of
///   the docs (time 2000–10000 ms, maximum speech length 1000–6000, initial silence
///   2000–10000, maximum words 2–10, initial greeting 1000–5000);
/// - `send_digits` only digits, `*`, `#`, `w`, `W` and `@`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CallRequest {
    /// The caller ID, E.164.
    pub from: String,
    /// The destinations, 1 to 1000: E.164 numbers or `sip:` URIs (several ring at once).
    /// Read from one destination or a list of them.
    #[serde(deserialize_with = "destinations")]
    #[schemars(schema_with = "destinations_schema")]
    pub to: Vec<String>,
    /// Where the API fetches the VobizXML that drives the call (absolute http(s) URL).
    pub answer_url: String,
    /// `answer_url`'s method (the API's default is POST).
    pub answer_method: Option<HttpMethod>,
    /// Notified when the call rings (absolute http(s) URL).
    pub ring_url: Option<String>,
    /// `ring_url`'s method.
    pub ring_method: Option<HttpMethod>,
    /// Notified when the call ends (absolute http(s) URL).
    pub hangup_url: Option<String>,
    /// `hangup_url`'s method.
    pub hangup_method: Option<HttpMethod>,
    /// Used when `answer_url` fails (absolute http(s) URL).
    pub fallback_url: Option<String>,
    /// `fallback_url`'s method.
    pub fallback_method: Option<HttpMethod>,
    /// The caller name shown (≤ 50 characters).
    pub caller_name: Option<String>,
    /// Digits to send once answered: digits, `*`, `#`, `w` (waits 0.5 s), `W` (waits 1 s)
    /// and `@`.
    pub send_digits: Option<String>,
    /// Send the digits on pre-answer (early media).
    pub send_on_preanswer: Option<bool>,
    /// Maximum call length in seconds, at least 1 (API default 14400; ≥ 86400 is cut to
    /// 24 h).
    pub time_limit: Option<u32>,
    /// Hang up this many seconds after ringing starts (at least 1).
    pub hangup_on_ring: Option<u32>,
    /// Ring for at most this many seconds (at least 1).
    pub ring_timeout: Option<u32>,
    /// Answering-machine detection: `true` (detect and report to `machine_detection_url`)
    /// or `hangup` (detect and hang up on a machine).
    pub machine_detection: Option<MachineDetection>,
    /// Machine-detection time, 2000–10000 ms.
    pub machine_detection_time: Option<u32>,
    /// Where the machine-detection result is sent (absolute http(s) URL).
    pub machine_detection_url: Option<String>,
    /// `machine_detection_url`'s method.
    pub machine_detection_method: Option<HttpMethod>,
    /// Machine detection: the longest speech, 1000–6000 ms.
    pub machine_detection_maximum_speech_length: Option<u32>,
    /// Machine detection: the initial silence, 2000–10000 ms.
    pub machine_detection_initial_silence: Option<u32>,
    /// Machine detection: the most words, 2–10.
    pub machine_detection_maximum_words: Option<u32>,
    /// Machine detection: the initial greeting, 1000–5000 ms.
    pub machine_detection_initial_greeting: Option<u32>,
}

impl CallRequest {
    /// A call from `from` to one destination, driven by `answer_url`.
    pub fn new(
        from: impl Into<String>,
        to: impl Into<String>,
        answer_url: impl Into<String>,
    ) -> Self {
        CallRequest {
            from: from.into(),
            to: vec![to.into()],
            answer_url: answer_url.into(),
            ..Default::default()
        }
    }

    /// Checks the request and builds the JSON body.
    pub(crate) fn to_body(&self) -> Result<Value> {
        let from = E164::parse_field(&self.from, "from")?;
        if self.to.is_empty() {
            return Err(Error::validation("to", "needs at least one destination"));
        }
        if self.to.len() > MAX_DESTINATIONS {
            return Err(Error::validation(
                "to",
                format!(
                    "at most {MAX_DESTINATIONS} destinations, got {}",
                    self.to.len()
                ),
            ));
        }
        let to = self
            .to
            .iter()
            .map(|d| destination(d))
            .collect::<Result<Vec<_>>>()?
            .join("<");
        validate::text("answer_url", &self.answer_url)?;
        validate_http_url("answer_url", &self.answer_url)?;
        let mut body = Map::new();
        body.insert("from".into(), Value::from(from.as_str()));
        body.insert("to".into(), Value::from(to));
        body.insert("answer_url".into(), Value::from(self.answer_url.as_str()));
        for (key, url) in [
            ("ring_url", &self.ring_url),
            ("hangup_url", &self.hangup_url),
            ("fallback_url", &self.fallback_url),
            ("machine_detection_url", &self.machine_detection_url),
        ] {
            if let Some(url) = url {
                // Before the URL parser, which silently drops tabs and line feeds.
                validate::text(key, url)?;
                validate_http_url(key, url)?;
                body.insert(key.into(), Value::from(url.as_str()));
            }
        }
        for (key, method) in [
            ("answer_method", self.answer_method),
            ("ring_method", self.ring_method),
            ("hangup_method", self.hangup_method),
            ("fallback_method", self.fallback_method),
            ("machine_detection_method", self.machine_detection_method),
        ] {
            if let Some(method) = method {
                body.insert(key.into(), serde_json::to_value(method).expect("an enum"));
            }
        }
        if let Some(name) = &self.caller_name {
            if name.chars().count() > 50 {
                return Err(Error::validation(
                    "caller_name",
                    "must be at most 50 characters",
                ));
            }
            validate::text("caller_name", name)?;
            body.insert("caller_name".into(), Value::from(name.as_str()));
        }
        if let Some(digits) = &self.send_digits {
            if digits.is_empty()
                || !digits
                    .chars()
                    .all(|c| c.is_ascii_digit() || "*#wW@".contains(c))
            {
                return Err(Error::validation(
                    "send_digits",
                    format!("{digits:?} may hold only digits, *, #, w, W and @"),
                ));
            }
            body.insert("send_digits".into(), Value::from(digits.as_str()));
        }
        if let Some(on) = self.send_on_preanswer {
            body.insert("send_on_preanswer".into(), Value::from(on));
        }
        if let Some(detection) = self.machine_detection {
            body.insert(
                "machine_detection".into(),
                serde_json::to_value(detection).expect("an enum"),
            );
        }
        for (key, value, min, max) in [
            ("time_limit", self.time_limit, 1, u32::MAX),
            ("hangup_on_ring", self.hangup_on_ring, 1, u32::MAX),
            ("ring_timeout", self.ring_timeout, 1, u32::MAX),
            (
                "machine_detection_time",
                self.machine_detection_time,
                2000,
                10_000,
            ),
            (
                "machine_detection_maximum_speech_length",
                self.machine_detection_maximum_speech_length,
                1000,
                6000,
            ),
            (
                "machine_detection_initial_silence",
                self.machine_detection_initial_silence,
                2000,
                10_000,
            ),
            (
                "machine_detection_maximum_words",
                self.machine_detection_maximum_words,
                2,
                10,
            ),
            (
                "machine_detection_initial_greeting",
                self.machine_detection_initial_greeting,
                1000,
                5000,
            ),
        ] {
            if let Some(v) = value {
                if !(min..=max).contains(&v) {
                    return Err(Error::validation(
                        key,
                        format!("must be between {min} and {max}, got {v}"),
                    ));
                }
                body.insert(key.into(), Value::from(v));
            }
        }
        Ok(Value::Object(body))
    }
}

/// One destination: an E.164 number (normalised to `+digits`) or a `sip:` URI.
fn destination(value: &str) -> Result<String> {
    let trimmed = value.trim();
    validate::text("to", trimmed)?;
    if let Some(rest) = validate::strip_prefix_ignore_ascii_case(trimmed, "sip:") {
        let ok = !rest.is_empty()
            && !rest
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>');
        return if ok {
            Ok(trimmed.to_owned())
        } else {
            Err(Error::validation(
                "to",
                format!("{value:?} is not a SIP URI"),
            ))
        };
    }
    E164::parse_field(trimmed, "to")
        .map(|n| n.as_str().to_owned())
        .map_err(|_| {
            Error::validation(
                "to",
                format!("{value:?} is neither an E.164 number (+<country><number>) nor a sip: URI"),
            )
        })
}

/// The answer to a placed call: it is queued, not yet answered.
#[derive(
    Clone, Debug, Default, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema,
)]
#[non_exhaustive]
pub struct CallFired {
    /// The request's id.
    pub api_id: Option<String>,
    /// `"Call fired"`.
    pub message: Option<String>,
    /// The call UUID of each destination, in order (the API sends one string for one
    /// destination and a list for several; older servers named it `call_uuid`).
    #[serde(
        default,
        rename = "request_uuid",
        alias = "call_uuid",
        deserialize_with = "one_or_many"
    )]
    pub request_uuids: Vec<String>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl CallFired {
    /// The first (for a single destination, the only) call UUID.
    pub fn request_uuid(&self) -> Option<&str> {
        self.request_uuids.first().map(String::as_str)
    }
}

/// `to` as a request reads it: one destination or a list of them (the value is never
/// quoted in the error: it may be anything a caller passed by mistake).
fn destinations<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    match OneOrMany::deserialize(d) {
        Ok(OneOrMany::One(one)) => Ok(vec![one]),
        Ok(OneOrMany::Many(many)) => Ok(many),
        Err(_) => Err(serde::de::Error::custom(
            "expected a destination or a list of destinations (strings)",
        )),
    }
}

fn destinations_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "anyOf": [
            {"type": "string"},
            {"type": "array", "items": {"type": "string"}},
        ]
    })
}

fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<String>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(vec![s]),
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                other => Err(serde::de::Error::custom(format!(
                    "{other} is not a call UUID"
                ))),
            })
            .collect(),
        Some(other) => Err(serde::de::Error::custom(format!(
            "{other} is not a call UUID or a list of them"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_reads_one_destination_or_a_list() {
        let read = |to: Value| {
            serde_json::from_value::<CallRequest>(serde_json::json!({
                "from": "+919876543210", "to": to, "answer_url": "https://acme.in/a.xml",
            }))
        };
        assert_eq!(read("+919812345678".into()).unwrap().to, ["+919812345678"]);
        assert_eq!(
            read(serde_json::json!(["+919812345678", "sip:a@b.in"]))
                .unwrap()
                .to,
            ["+919812345678", "sip:a@b.in"]
        );
        let err = read(serde_json::json!({"tok_secret": 1}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("a destination or a list"), "{err}");
        assert!(!err.contains("tok_secret"), "{err}");
        assert!(read(serde_json::json!([1])).is_err());
    }

    /// The adversarial audit's inputs: multi-byte characters where a byte slice would cut
    /// one (`"12€3456789"`: the euro sign spans bytes 2..5), non-ASCII digits, NUL and a
    /// right-to-left override. Each is refused as a validation error naming `to` or `from`,
    /// never a panic.
    const HOSTILE: &[&str] = &[
        "12€3456789",
        "١٢٣٤٥٦٧٨٩",
        "abc€defg",
        "\u{0000}",
        "\u{202E}",
        "si€:x",
        "sip€",
        "€",
        "%2€",
        "+91\u{202E}8012345678",
        "sip:alice\u{0}@example.com",
        "sip:alice\u{202E}@example.com",
        "sip:alice\u{85}@example.com",
    ];

    #[test]
    fn hostile_destinations_are_refused_without_panicking() {
        for input in HOSTILE {
            let err = destination(input).unwrap_err();
            assert_eq!(err.validation_field(), Some("to"), "{input:?}");
            let call = CallRequest::new("+918012345678", *input, "https://x.example/a");
            let err = call.to_body().unwrap_err();
            assert_eq!(err.validation_field(), Some("to"), "{input:?}");
            let call = CallRequest::new(*input, "+918012345678", "https://x.example/a");
            let err = call.to_body().unwrap_err();
            assert_eq!(err.validation_field(), Some("from"), "{input:?}");
        }
        assert_eq!(
            destination("SIP:bob@x.example").unwrap(),
            "SIP:bob@x.example"
        );
        assert_eq!(destination("%2B918012345678").unwrap(), "+918012345678");
    }

    #[test]
    fn control_and_bidi_characters_are_refused_in_every_text_of_a_call() {
        let base = || CallRequest::new("+918012345678", "+918012345679", "https://x.example/a");
        let mut call = base();
        call.answer_url = "https://x.example/a\tb".into();
        assert_eq!(
            call.to_body().unwrap_err().validation_field(),
            Some("answer_url")
        );
        let mut call = base();
        call.hangup_url = Some("https://x.example/\u{202E}gnp.exe".into());
        assert_eq!(
            call.to_body().unwrap_err().validation_field(),
            Some("hangup_url")
        );
        for bad in ["Asha\u{202E}", "A\u{0}", "A\u{9B}", "A\u{2066}b"] {
            let mut call = base();
            call.caller_name = Some(bad.into());
            assert_eq!(
                call.to_body().unwrap_err().validation_field(),
                Some("caller_name"),
                "{bad:?}"
            );
        }
        let mut call = base();
        call.caller_name = Some("आशा राव".into());
        assert!(call.to_body().is_ok(), "non-Latin names are fine");
    }
}

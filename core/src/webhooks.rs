//! KYC webhooks: signature verification and typed events.
//!
//! Vobiz posts a JSON event to a session's `webhook_url` when a hosted KYC session moves on,
//! with `X-Vobiz-Signature: sha256=<hex>`: an HMAC-SHA256 of the **raw** request body keyed
//! by an auth token: the parent account's for sub-account sessions, the partner's for
//! partner sessions. [`verify`] checks that header against the body in constant time,
//! optionally refuses events older than a limit, and only then parses the body into a
//! [`KycEvent`]. It takes the raw body and the request's headers as any web framework gives
//! them, so it needs no client and no network.
//!
//! ```
//! use vobiz_partner::webhooks::{self, VerifyOptions};
//! use std::time::Duration;
//!
//! let body = br#"{"event":"kyc.completed","session_id":"s1","account_auth_id":"MA_X","status":"kyc_completed"}"#;
//! let signature = webhooks::sign(body, "partner-token"); // what Vobiz sends
//! let headers = [("X-Vobiz-Signature", signature.as_str())];
//! let event = webhooks::verify(body, headers, "partner-token", VerifyOptions::default())?;
//! assert_eq!(event.event, webhooks::KycEventType::Completed);
//! // A tampered body, another key, a missing header: refused.
//! assert!(webhooks::verify(b"{}", headers, "partner-token", VerifyOptions::default()).is_err());
//! // With an age limit, an event must carry its own time and be recent.
//! let limited = VerifyOptions { max_age: Some(Duration::from_secs(300)), now: None };
//! assert!(webhooks::verify(body, headers, "partner-token", limited).is_err());
//! # Ok::<(), vobiz_partner::Error>(())
//! ```
//!
//! Deliveries are retried until answered 2xx and may arrive more than once or out of order:
//! acknowledge quickly and make the handler idempotent (e.g. keyed by `session_id` and
//! `event`). Every refusal is an [`Error::Webhook`] whose reason never holds the key.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use sha2::Sha256;

use crate::error::{Error, Result};
use crate::models::Extra;
use crate::models::VerifiedData;
use crate::models::sub_account::string_enum;
use crate::timestamp::{TimeValue, Timestamp};
use crate::view::IntoView;

/// The header carrying the signature.
pub const SIGNATURE_HEADER: &str = "X-Vobiz-Signature";

/// The only signature scheme of KYC webhooks (the voice-callback `X-Vobiz-Signature`, a
/// base64 HMAC-SHA1 over the URL, is another scheme and is refused here).
const SCHEME: &str = "sha256";

/// How far in the future an event's time may be (the sender's clock may run ahead) before
/// an age-limited verification refuses it.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(300);

string_enum! {
    /// The name of a KYC webhook event. Partner sessions send `kyc.completed`, `kyc.failed`
    /// and `kyc.session_revoked`; sub-account sessions all six.
    KycEventType {
        /// Sub-account sessions: the session was created or its email dispatched.
        Initiated = "kyc.initiated",
        /// Sub-account sessions: the customer submitted the documents.
        Submitted = "kyc.submitted",
        /// Verification completed: the account's KYC passed.
        Completed = "kyc.completed",
        /// Verification failed; the session ends.
        Failed = "kyc.failed",
        /// Sub-account sessions: the link expired unused.
        SessionExpired = "kyc.session_expired",
        /// The session was revoked (by a DELETE, or by a newer session for the account).
        SessionRevoked = "kyc.session_revoked",
    }
}

string_enum! {
    /// Which kind of session sent an event, read from the payload's shape.
    KycEventSource {
        /// A partner's session for a customer (`/partner/kyc-sessions`), signed with the
        /// partner's token.
        Partner = "partner",
        /// A main account's session for one of its sub-accounts, signed with the parent's
        /// token.
        SubAccount = "sub_account",
    }
}

/// A verified KYC webhook event.
///
/// One type for both payloads: the partner's (`status`, `verified_data`) and the
/// sub-account's (`session_status`, `timestamp`, `customer_email`, `created_at`,
/// `updated_at`). The sub-account payload's `session_status` is read into `status`.
/// Event names this SDK does not know are kept as sent, and so are the fields it does not
/// model (`extra`).
///
/// Trust the event for what the signature proves (Vobiz sent this body); the docs advise
/// reading the session again (`get_kyc_session`) before acting on a partner event.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, IntoView, schemars::JsonSchema)]
#[serde(try_from = "WireEvent")]
#[non_exhaustive]
pub struct KycEvent {
    /// The event name (`kyc.completed`, …).
    pub event: KycEventType,
    /// Partner or sub-account session, when the payload's shape tells.
    pub source: Option<KycEventSource>,
    /// The hosted session.
    pub session_id: Option<String>,
    /// The verified account: the customer (`MA_…`) for partner sessions, the sub-account
    /// (`SA_…`) for sub-account sessions.
    pub account_auth_id: Option<String>,
    /// The session's status after the event (`kyc_completed`, `revoked`, `expired`, …):
    /// the partner payload's `status` or the sub-account payload's `session_status`.
    pub status: Option<String>,
    /// `individual` or `company`, once known.
    pub kyc_type: Option<String>,
    /// The email the session's link went to (sub-account payload).
    pub customer_email: Option<String>,
    /// Why the session failed or was revoked, when the sender says.
    pub reason: Option<String>,
    /// The metadata given when the session was created, echoed.
    pub metadata: Option<Value>,
    /// What verification found (partner payload). **Personal data.**
    pub verified_data: Option<VerifiedData>,
    /// When the event happened (what an age limit is checked against).
    pub timestamp: Option<Timestamp>,
    /// When the session was created (sub-account payload).
    pub created_at: Option<Timestamp>,
    /// When the session last changed (sub-account payload).
    pub updated_at: Option<Timestamp>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: Extra,
}

impl KycEvent {
    /// The sub-account the event is about, for sub-account sessions.
    pub fn sub_account_id(&self) -> Option<&str> {
        self.account_auth_id
            .as_deref()
            .filter(|id| id.starts_with("SA_"))
    }

    /// When the event happened: its `timestamp`, else the session's `updated_at`. An
    /// offset-less time is read as UTC.
    pub fn occurred_at(&self) -> Option<DateTime<Utc>> {
        [&self.timestamp, &self.updated_at]
            .into_iter()
            .flatten()
            .find_map(utc_of)
    }
}

fn utc_of(time: &Timestamp) -> Option<DateTime<Utc>> {
    match time.value() {
        TimeValue::Instant(at) => Some(at.with_timezone(&Utc)),
        TimeValue::Local(at) => Some(at.and_utc()),
        TimeValue::Date(_) | TimeValue::Unparsed => None,
    }
}

/// The payload as sent, before the two shapes are merged into [`KycEvent`]. (Its schema
/// is only the deserialising form's; the bindings use [`KycEvent`]'s own.)
#[derive(Deserialize, schemars::JsonSchema)]
struct WireEvent {
    event: Option<KycEventType>,
    source: Option<Value>,
    #[serde(
        default,
        alias = "id",
        deserialize_with = "crate::models::lenient::opt_id"
    )]
    session_id: Option<String>,
    account_auth_id: Option<String>,
    status: Option<String>,
    session_status: Option<String>,
    kyc_type: Option<String>,
    customer_email: Option<String>,
    reason: Option<String>,
    metadata: Option<Value>,
    verified_data: Option<VerifiedData>,
    #[serde(default, deserialize_with = "opt_time")]
    timestamp: Option<Timestamp>,
    #[serde(default, deserialize_with = "opt_time")]
    created_at: Option<Timestamp>,
    #[serde(default, deserialize_with = "opt_time")]
    updated_at: Option<Timestamp>,
    #[serde(flatten)]
    extra: Extra,
}

impl TryFrom<WireEvent> for KycEvent {
    type Error = String;

    fn try_from(wire: WireEvent) -> std::result::Result<Self, String> {
        let event = wire
            .event
            .ok_or_else(|| "the body has no `event` name".to_owned())?;
        let sub_account = wire.session_status.is_some()
            || wire
                .account_auth_id
                .as_deref()
                .is_some_and(|id| id.starts_with("SA_"))
            || matches!(
                event,
                KycEventType::Initiated | KycEventType::Submitted | KycEventType::SessionExpired
            );
        let partner = wire.status.is_some()
            || wire.verified_data.is_some()
            || wire
                .account_auth_id
                .as_deref()
                .is_some_and(|id| id.starts_with("MA_"));
        let mut extra = wire.extra;
        let source = if let Some(Value::String(told)) = &wire.source {
            // The sender's own word wins (no payload carries one today).
            Some(KycEventSource::parse(told))
        } else if let Some(other) = wire.source.filter(|v| !v.is_null()) {
            extra.insert("source".into(), other);
            None
        } else if sub_account {
            Some(KycEventSource::SubAccount)
        } else if partner {
            Some(KycEventSource::Partner)
        } else {
            None
        };
        let status = match (wire.status, wire.session_status) {
            (Some(status), Some(session_status)) => {
                // Both shapes at once: keep the second under its own name.
                extra.insert("session_status".into(), Value::String(session_status));
                Some(status)
            }
            (status, session_status) => status.or(session_status),
        };
        Ok(KycEvent {
            event,
            source,
            session_id: wire.session_id,
            account_auth_id: wire.account_auth_id,
            status,
            kyc_type: wire.kyc_type,
            customer_email: wire.customer_email,
            reason: wire.reason,
            metadata: wire.metadata,
            verified_data: wire.verified_data,
            timestamp: wire.timestamp,
            created_at: wire.created_at,
            updated_at: wire.updated_at,
            extra,
        })
    }
}

/// A time written as text (any form [`Timestamp`] reads) or as Unix seconds (milliseconds
/// when the number is that large); `null` is `None`.
fn opt_time<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<Timestamp>, D::Error> {
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(Timestamp::parse(&text))),
        Some(Value::Number(n)) => {
            let millis = match (n.as_i64(), n.as_f64()) {
                (Some(i), _) if i.abs() >= 100_000_000_000 => Some(i),
                (Some(i), _) => i.checked_mul(1000),
                (None, Some(f)) if f.is_finite() => Some((f * 1000.0) as i64),
                _ => None,
            };
            let at = millis
                .and_then(|ms| Utc.timestamp_millis_opt(ms).single())
                .ok_or_else(|| serde::de::Error::custom(format!("{n} is not a time")))?;
            Ok(Some(Timestamp::parse(&at.to_rfc3339())))
        }
        Some(_) => Err(serde::de::Error::custom("expected a time")),
    }
}

/// How [`verify`] judges an event's age. The default checks the signature only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VerifyOptions {
    /// Refuse events older than this (by their own `timestamp`, else `updated_at`), events
    /// without a time, and events dated more than [`MAX_CLOCK_SKEW`] in the future.
    /// Replays of an old, validly signed delivery are then refused.
    pub max_age: Option<Duration>,
    /// The time to judge the age against; the system clock when `None` (set it in tests).
    pub now: Option<DateTime<Utc>>,
}

/// `sha256=<lowercase hex>` of HMAC-SHA256(`secret`, `body`): the header value Vobiz sends.
/// For tests of your own handler.
pub fn sign(body: &[u8], secret: &str) -> String {
    let mut mac = hmac(secret);
    mac.update(body);
    format!("{SCHEME}={}", hex::encode(mac.finalize().into_bytes()))
}

fn hmac(secret: &str) -> Hmac<Sha256> {
    // HMAC takes a key of any length; this cannot fail.
    <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length")
}

/// Verifies a KYC webhook delivery and parses it.
///
/// `body` is the raw request body, byte for byte as received (not re-serialised JSON).
/// `headers` are the request's headers as name/value pairs in any form (`&str`, `String`,
/// `http::HeaderMap`'s iterator…); names are matched case-insensitively, and every
/// `X-Vobiz-Signature` value (several headers, or one comma-joined header) is tried.
/// `secret` is the auth token the sender signed with: the parent account's for sub-account
/// sessions, the partner's for partner sessions.
///
/// # Errors
/// [`Error::Webhook`] when the header is missing, not `sha256=<hex>` (either case), does not
/// match the body under `secret` (compared in constant time), when the body is not a KYC
/// event, or when `options.max_age` is set and the event is too old, has no time, or is
/// dated too far ahead. [`Error::Validation`] (field `secret`) for an empty secret.
pub fn verify<I, K, V>(
    body: &[u8],
    headers: I,
    secret: &str,
    options: VerifyOptions,
) -> Result<KycEvent>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<[u8]>,
{
    let mut values = Vec::new();
    for (name, value) in headers {
        if name.as_ref().trim().eq_ignore_ascii_case(SIGNATURE_HEADER) {
            values.push(String::from_utf8_lossy(value.as_ref()).into_owned());
        }
    }
    if values.is_empty() {
        return Err(Error::webhook(format!("no {SIGNATURE_HEADER} header")));
    }
    check_signatures(body, &values, secret)?;
    parse_and_check_age(body, options)
}

/// [`verify`], given the `X-Vobiz-Signature` value itself (`sha256=<hex>`) rather than the
/// headers.
///
/// # Errors
/// As [`verify`].
pub fn verify_signature(
    body: &[u8],
    signature: &str,
    secret: &str,
    options: VerifyOptions,
) -> Result<KycEvent> {
    check_signatures(body, &[signature.to_owned()], secret)?;
    parse_and_check_age(body, options)
}

/// Accepts when any `sha256=` candidate among the header values matches.
fn check_signatures(body: &[u8], values: &[String], secret: &str) -> Result<()> {
    if secret.is_empty() {
        return Err(Error::validation(
            "secret",
            "is empty: pass the auth token the webhook is signed with",
        ));
    }
    let candidates: Vec<&str> = values
        .iter()
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    if candidates.is_empty() {
        return Err(Error::webhook(format!(
            "the {SIGNATURE_HEADER} header is empty"
        )));
    }
    let mut problem = None;
    for candidate in candidates {
        let Some((_, digest)) = candidate
            .split_once('=')
            .filter(|(scheme, _)| scheme.trim().eq_ignore_ascii_case(SCHEME))
        else {
            problem.get_or_insert_with(|| {
                format!(
                    "{SIGNATURE_HEADER} is not a sha256=<hex> signature (another scheme, such as a voice-callback signature, is not a KYC webhook's)"
                )
            });
            continue;
        };
        let digest = digest.trim();
        let Ok(bytes) = hex::decode(digest) else {
            problem.get_or_insert_with(|| format!("{SIGNATURE_HEADER} is not hex after sha256="));
            continue;
        };
        if bytes.len() != 32 {
            problem.get_or_insert_with(|| {
                format!(
                    "{SIGNATURE_HEADER} has {} hex digits after sha256=, not 64",
                    digest.len()
                )
            });
            continue;
        }
        let mut mac = hmac(secret);
        mac.update(body);
        if mac.verify_slice(&bytes).is_ok() {
            return Ok(());
        }
        problem = Some(
            "the signature does not match: the body was changed, or it was signed with another key (sub-account sessions are signed with the parent account's token, partner sessions with the partner's)"
                .to_owned(),
        );
    }
    Err(Error::webhook(problem.unwrap_or_default()))
}

fn parse_and_check_age(body: &[u8], options: VerifyOptions) -> Result<KycEvent> {
    let event: KycEvent = serde_json::from_slice(body).map_err(|e| {
        if e.is_data() {
            Error::webhook(format!("the body is not a KYC event: {e}"))
        } else {
            Error::webhook(format!(
                "the body is not JSON (line {}, column {})",
                e.line(),
                e.column()
            ))
        }
    })?;
    let Some(max_age) = options.max_age else {
        return Ok(event);
    };
    let now = options.now.unwrap_or_else(Utc::now);
    let Some(at) = event.occurred_at() else {
        return Err(Error::webhook(
            "the event carries no time (timestamp) to check its age against",
        ));
    };
    let age = now.signed_duration_since(at);
    if age < chrono::Duration::zero() {
        let ahead = (-age).to_std().unwrap_or(Duration::MAX);
        if ahead > MAX_CLOCK_SKEW {
            return Err(Error::webhook(format!(
                "the event is dated {}s in the future (at {}), beyond the {}s allowed clock skew",
                ahead.as_secs(),
                at.to_rfc3339(),
                MAX_CLOCK_SKEW.as_secs()
            )));
        }
    } else if age.to_std().unwrap_or(Duration::MAX) > max_age {
        return Err(Error::webhook(format!(
            "the event is too old: {}s old (at {}), the limit is {}s",
            age.num_seconds(),
            at.to_rfc3339(),
            max_age.as_secs_f64()
        )));
    }
    Ok(event)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "tok_secret_9f8e7d";

    fn body(event: &str, at: &str) -> Vec<u8> {
        format!(
            r#"{{"event":"{event}","timestamp":"{at}","session_id":"s-1","account_auth_id":"SA_ABCDEFGH","customer_email":"a@b.in","kyc_type":"individual","session_status":"kyc_completed","metadata":{{"crm":"7"}},"created_at":"{at}","updated_at":"{at}","new_field":1}}"#
        )
        .into_bytes()
    }

    #[test]
    fn signs_like_rfc_4231() {
        assert_eq!(
            sign(b"what do ya want for nothing?", "Jefe"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_valid_signature_in_either_case_parses_the_event() {
        let b = body("kyc.completed", "2026-05-01T10:00:00Z");
        let sig = sign(&b, KEY);
        for header in [
            sig.clone(),
            sig.to_uppercase().replacen("SHA256", "sha256", 1),
        ] {
            let e = verify(&b, [("x-VOBIZ-signature", header)], KEY, Default::default()).unwrap();
            assert_eq!(e.event, KycEventType::Completed);
            assert_eq!(e.source, Some(KycEventSource::SubAccount));
            assert_eq!(e.status.as_deref(), Some("kyc_completed"));
            assert_eq!(e.sub_account_id(), Some("SA_ABCDEFGH"));
            assert_eq!(e.extra["new_field"], 1);
            assert!(!e.extra.contains_key("session_status"));
        }
    }

    #[test]
    fn refusals_name_the_problem_never_the_key() {
        let b = body("kyc.failed", "2026-05-01T10:00:00Z");
        let sig = sign(&b, KEY);
        // (headers, body, key, what the refusal says)
        type Case<'a> = (Vec<(&'a str, String)>, &'a [u8], &'a str, &'a str);
        let cases: Vec<Case> = vec![
            (vec![], &b, KEY, "no X-Vobiz-Signature"),
            (vec![("X-Vobiz-Signature", " ".into())], &b, KEY, "empty"),
            (
                vec![("X-Vobiz-Signature", "abc".into())],
                &b,
                KEY,
                "not a sha256",
            ),
            (
                vec![("X-Vobiz-Signature", "sha1=abc".into())],
                &b,
                KEY,
                "not a sha256",
            ),
            (
                vec![("X-Vobiz-Signature", "sha256=zz".into())],
                &b,
                KEY,
                "not hex",
            ),
            (
                vec![("X-Vobiz-Signature", "sha256=abcd".into())],
                &b,
                KEY,
                "not 64",
            ),
            (
                vec![("X-Vobiz-Signature", sig.clone())],
                b"{}",
                KEY,
                "does not match",
            ),
            (
                vec![("X-Vobiz-Signature", sig.clone())],
                &b,
                "other",
                "does not match",
            ),
        ];
        for (headers, body, key, expected) in cases {
            let err = verify(body, headers, key, Default::default()).unwrap_err();
            assert_eq!(err.kind().code(), "WEBHOOK", "{err}");
            let text = format!("{err} {err:?} {:?}", err.report());
            assert!(text.contains(expected), "{text}");
            assert!(!text.contains(KEY), "{text}");
        }
        let err = verify(&b, [("X-Vobiz-Signature", sig)], "", Default::default()).unwrap_err();
        assert_eq!(err.validation_field(), Some("secret"));
    }

    #[test]
    fn one_matching_candidate_among_several_is_enough() {
        let b = body("kyc.initiated", "2026-05-01T10:00:00Z");
        let joined = format!("sha256={}, {}", "0".repeat(64), sign(&b, KEY));
        let e = verify_signature(&b, &joined, KEY, Default::default()).unwrap();
        assert_eq!(e.event, KycEventType::Initiated);
    }

    #[test]
    fn the_age_limit_uses_the_event_time() {
        let b = body("kyc.session_expired", "2026-05-01T10:00:00Z");
        let sig = sign(&b, KEY);
        let at = |text: &str| Some(DateTime::parse_from_rfc3339(text).unwrap().to_utc());
        let limit = |now| VerifyOptions {
            max_age: Some(Duration::from_secs(300)),
            now,
        };
        assert!(verify_signature(&b, &sig, KEY, limit(at("2026-05-01T10:04:59Z"))).is_ok());
        assert!(verify_signature(&b, &sig, KEY, limit(at("2026-05-01T09:56:00Z"))).is_ok());
        let old = verify_signature(&b, &sig, KEY, limit(at("2026-05-01T10:05:01Z"))).unwrap_err();
        assert!(old.to_string().contains("too old"), "{old}");
        let ahead = verify_signature(&b, &sig, KEY, limit(at("2026-05-01T09:54:00Z"))).unwrap_err();
        assert!(ahead.to_string().contains("future"), "{ahead}");
        let timeless = br#"{"event":"kyc.completed","status":"kyc_completed"}"#;
        let err = verify_signature(timeless, &sign(timeless, KEY), KEY, limit(None)).unwrap_err();
        assert!(err.to_string().contains("no time"), "{err}");
    }

    #[test]
    fn partner_payloads_and_unknown_events_are_kept() {
        let b = br#"{"event":"kyc.document_rejected","session_id":"s","account_auth_id":"MA_ABCDEFGH","status":"in_progress","verified_data":{"pan_type":"company","completed_steps":["pan"]},"timestamp":1767225600}"#;
        let e = verify_signature(b, &sign(b, KEY), KEY, Default::default()).unwrap();
        assert_eq!(e.event, KycEventType::Other("kyc.document_rejected".into()));
        assert_eq!(e.source, Some(KycEventSource::Partner));
        assert_eq!(e.verified_data.unwrap().completed_steps, ["pan"]);
        assert_eq!(
            e.timestamp.unwrap().to_utc(),
            Some(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap())
        );
        let nameless = br#"{"status":"kyc_completed"}"#;
        let err = verify_signature(nameless, &sign(nameless, KEY), KEY, Default::default());
        assert!(err.unwrap_err().to_string().contains("no `event`"));
        let garbage = b"not json";
        let err = verify_signature(garbage, &sign(garbage, KEY), KEY, Default::default());
        assert!(err.unwrap_err().to_string().contains("not JSON"));
    }
}

//! Request paths, with every parameter encoded as exactly one path segment.
//!
//! Official SDKs either forget to encode (a literal `+`, or `91/../../evil?x=1#` rewriting
//! the URL) or encode twice (`%252B`). Here a parameter is refused if it could escape its
//! segment (`/`, `?`, `#`, control characters, `.`/`..`), and everything outside RFC 3986's
//! unreserved set is percent-encoded, so `+` always travels as `%2B`. E.164 numbers are
//! normalised first ([`E164`]), so `+91…`, `%2B91…` and `91…` give the same segment.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::credentials::AuthId;
use crate::error::{Error, Result};
use crate::validate;

/// Everything but RFC 3986 "unreserved" (ALPHA / DIGIT / `-` / `.` / `_` / `~`) is encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// An absolute API path such as `/api/v1/Account/MA_X/numbers/%2B918012345678`, built
/// segment by segment. Literal segments come from the SDK's own endpoint table; parameters
/// are checked and encoded.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ApiPath(String);

impl ApiPath {
    /// `/api/v1`, the root of every route.
    pub fn v1() -> Self {
        ApiPath("/api/v1".to_owned())
    }

    /// Appends literal segments (`"partner/accounts"`), written by the SDK itself. Casing is
    /// kept exactly: it is part of the API contract.
    pub fn lit(mut self, segments: &'static str) -> Self {
        for segment in segments.split('/').filter(|s| !s.is_empty()) {
            debug_assert!(
                segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b)),
                "literal segment {segment:?} needs encoding"
            );
            self.0.push('/');
            self.0.push_str(segment);
        }
        self
    }

    /// Appends one caller-supplied value as one segment; `field` names it in the error.
    pub fn param(mut self, field: &str, value: &str) -> Result<Self> {
        check_segment(field, value)?;
        self.0.push('/');
        self.0.extend(utf8_percent_encode(value, SEGMENT));
        Ok(self)
    }

    /// Appends an auth id (already validated, so it cannot fail).
    pub fn id(mut self, id: &AuthId) -> Self {
        self.0.push('/');
        self.0.push_str(id.as_str());
        self
    }

    /// Appends a phone number as `%2B<digits>`.
    pub fn e164(mut self, number: &E164) -> Self {
        self.0.push('/');
        self.0.push_str(&number.path_segment());
        self
    }

    /// Ends the path with `/` (significant on `/Call/`, `/Recording/`, `/sub-accounts/`).
    pub fn slash(mut self) -> Self {
        self.0.push('/');
        self
    }

    /// The encoded path.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Parses an absolute API path written by someone else (a `meta.next` link, a
    /// `cancel_url`, a caller's raw request) and re-encodes each segment, so a raw `+` in
    /// it becomes `%2B` and `%2B` stays `%2B`. A query string, if any, is returned
    /// separately. Links of the form `/v1/…` get the `/api` prefix paths carry.
    pub fn parse(link: &str) -> Result<(Self, Option<String>)> {
        Self::parse_field(link, "link")
    }

    /// [`parse`](Self::parse), naming the input `field` in errors.
    pub fn parse_field(link: &str, field: &str) -> Result<(Self, Option<String>)> {
        let (path, query) = match link.split_once('?') {
            Some((p, q)) => (p, Some(q.to_owned())),
            None => (link, None),
        };
        // Never echoed: a caller's link may be a hosted-KYC URL carrying its token.
        let Some(rest) = path.strip_prefix('/') else {
            let hint = if path.contains("://") {
                "pass the path (/api/v1/…) without the scheme and host"
            } else {
                "it must start with /"
            };
            return Err(Error::validation(
                field,
                format!("is not an absolute path: {hint}"),
            ));
        };
        let mut out = String::new();
        for segment in rest.split('/') {
            let decoded = percent_encoding::percent_decode_str(segment)
                .decode_utf8()
                .map_err(|_| Error::validation(field, "is not valid UTF-8 once decoded"))?;
            out.push('/');
            if !segment.is_empty() {
                check_segment(field, &decoded)?;
                out.extend(utf8_percent_encode(&decoded, SEGMENT));
            }
        }
        // Server links such as `/v1/Account/…` omit the `/api` prefix that paths carry.
        if out.starts_with("/v1/") {
            out.insert_str(0, "/api");
        }
        Ok((ApiPath(out), query))
    }
}

impl fmt::Display for ApiPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ApiPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiPath({})", self.0)
    }
}

fn check_segment(field: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    if value == "." || value == ".." {
        return Err(Error::validation(
            field,
            format!("{value:?} is not allowed as a path segment"),
        ));
    }
    if let Some(c) = value.chars().find(|c| matches!(c, '/' | '?' | '#')) {
        return Err(Error::validation(
            field,
            format!("must not contain {c:?}: it would change the request URL"),
        ));
    }
    validate::text(field, value)
}

/// A phone number in E.164 form: `+`, a country code, the subscriber number; 7–15 digits.
///
/// [`E164::parse`] accepts `+918012345678`, the already-encoded `%2B918012345678`, digits
/// with the country code but no `+` (`918012345678`), and spaces or hyphens between digits.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct E164(String);

impl E164 {
    /// Normalises a number; the error names `e164`.
    pub fn parse(input: &str) -> Result<Self> {
        Self::parse_field(input, "e164")
    }

    /// Normalises a number; `field` names the input in the error.
    pub fn parse_field(input: &str, field: &str) -> Result<Self> {
        let trimmed = input.trim();
        validate::text(field, trimmed)?;
        let digits_part = trimmed
            .strip_prefix('+')
            .or_else(|| validate::strip_prefix_ignore_ascii_case(trimmed, "%2B"))
            .unwrap_or(trimmed);
        let mut digits = String::with_capacity(digits_part.len());
        for c in digits_part.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' => {}
                '%' => {
                    return Err(Error::validation(
                        field,
                        format!(
                            "{input:?} is percent-encoded more than once or in the wrong place; pass +<digits>"
                        ),
                    ));
                }
                other => {
                    return Err(Error::validation(
                        field,
                        format!("{input:?} is not an E.164 number: unexpected {other:?}"),
                    ));
                }
            }
        }
        if digits.starts_with('0') {
            return Err(Error::validation(
                field,
                format!("{input:?} starts with 0; write the country code first, e.g. +91…"),
            ));
        }
        if !(7..=15).contains(&digits.len()) {
            return Err(Error::validation(
                field,
                format!(
                    "{input:?} has {} digits; an E.164 number has 7 to 15 including the country code",
                    digits.len()
                ),
            ));
        }
        Ok(E164(format!("+{digits}")))
    }

    /// The number as written in JSON bodies: `+918012345678`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as one path segment: `%2B918012345678`.
    pub fn path_segment(&self) -> String {
        // Built as `+digits` by `parse_field`; the fallback is never taken.
        format!("%2B{}", self.0.strip_prefix('+').unwrap_or(&self.0))
    }
}

impl fmt::Display for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "E164({})", self.0)
    }
}

impl serde::Serialize for E164 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_three_input_forms_give_one_segment() {
        for input in [
            "+918012345678",
            "%2B918012345678",
            "%2b918012345678",
            "918012345678",
            " +91 80123-45678 ",
        ] {
            let n = E164::parse(input).unwrap();
            assert_eq!(n.as_str(), "+918012345678", "{input}");
            assert_eq!(n.path_segment(), "%2B918012345678", "{input}");
        }
        let path = ApiPath::v1()
            .lit("account")
            .id(&AuthId::parse_field("MA_ABC", "auth_id").unwrap())
            .lit("numbers")
            .e164(&E164::parse("%2B918012345678").unwrap())
            .lit("assign-subaccount");
        assert_eq!(
            path.as_str(),
            "/api/v1/account/MA_ABC/numbers/%2B918012345678/assign-subaccount"
        );
    }

    #[test]
    fn multi_byte_and_control_characters_never_panic_and_name_the_field() {
        // The audit's inputs: "12€3456789" put the euro sign across byte 3, where the
        // `%2B` check used to slice; the Arabic-Indic digits are two bytes each.
        for bad in [
            "12€3456789",
            "١٢٣٤٥٦٧٨٩",
            "abc€defg",
            "\u{0000}",
            "\u{202E}",
            "%2€1234567",
            "€",
            "+91\u{202E}8012345678",
            "+91\u{200F}8012345678",
            "+9180\u{85}12345678",
        ] {
            let err = E164::parse_field(bad, "phone").unwrap_err();
            assert_eq!(err.validation_field(), Some("phone"), "{bad:?}");
            let err = ApiPath::v1().param("trunk_id", bad).err();
            if bad.chars().any(validate::is_forbidden_char) {
                assert_eq!(err.unwrap().validation_field(), Some("trunk_id"), "{bad:?}");
            }
        }
        for bidi in ["\u{061C}", "\u{200E}", "\u{202A}", "\u{2066}", "\u{2069}"] {
            let err = ApiPath::v1().param("recording_id", &format!("a{bidi}b"));
            assert_eq!(
                err.unwrap_err().validation_field(),
                Some("recording_id"),
                "{bidi:?}"
            );
        }
    }

    #[test]
    fn a_refused_link_is_not_echoed() {
        let secret_link = "https://kyc.example/s/CANARY_link_token_42";
        let err = ApiPath::parse_field(secret_link, "path").unwrap_err();
        assert_eq!(err.validation_field(), Some("path"));
        assert!(!err.to_string().contains("CANARY_link_token_42"), "{err}");
        assert!(
            !format!("{err:?}").contains("CANARY_link_token_42"),
            "{err:?}"
        );
    }

    #[test]
    fn bad_numbers_are_refused_with_the_field_named() {
        for bad in [
            "",
            "+",
            "+0918012345678",
            "0091 80",
            "%252B918012345678",
            "+91/../../evil",
            "+91801234567890123",
            "+12345",
            "tel:+9180",
            "+91\n8012345678",
        ] {
            let err = E164::parse_field(bad, "to").unwrap_err();
            assert_eq!(err.validation_field(), Some("to"), "{bad:?}");
        }
    }

    #[test]
    fn parameters_that_would_escape_their_segment_are_refused() {
        for bad in [
            "91/../../evil?x=1#",
            "a/b",
            "a?b",
            "a#b",
            "a\u{0}b",
            "a\tb",
            "a\u{7f}",
            ".",
            "..",
            "",
        ] {
            assert!(ApiPath::v1().param("trunk_id", bad).is_err(), "{bad:?}");
        }
        let p = ApiPath::v1()
            .lit("Account/MA_X/trunks")
            .param("trunk_id", "a b+c%d:é")
            .unwrap();
        assert_eq!(
            p.as_str(),
            "/api/v1/Account/MA_X/trunks/a%20b%2Bc%25d%3A%C3%A9"
        );
    }

    #[test]
    fn server_links_are_re_encoded() {
        let (p, q) =
            ApiPath::parse("/api/v1/account/MA_X/numbers/+919876543210/cancel-release").unwrap();
        assert_eq!(
            p.as_str(),
            "/api/v1/account/MA_X/numbers/%2B919876543210/cancel-release"
        );
        assert_eq!(q, None);
        let (p, q) = ApiPath::parse("/v1/Account/MA_X/Recording/?limit=20&offset=20").unwrap();
        assert_eq!(p.as_str(), "/api/v1/Account/MA_X/Recording/");
        assert_eq!(q.as_deref(), Some("limit=20&offset=20"));
        let (p, _) = ApiPath::parse("/api/v1/account/MA_X/numbers/%2B9198/x").unwrap();
        assert_eq!(p.as_str(), "/api/v1/account/MA_X/numbers/%2B9198/x");
        assert!(ApiPath::parse("/api/v1/a/%2F..%2Fb").is_err());
        assert!(ApiPath::parse("https://evil.example/x").is_err());
    }

    proptest! {
        #[test]
        fn every_form_of_a_number_normalises_identically(cc in "[1-9][0-9]{0,2}", rest in "[0-9]{6,12}") {
            let digits = format!("{cc}{rest}");
            prop_assume!(digits.len() <= 15);
            let forms = [format!("+{digits}"), format!("%2B{digits}"), format!("%2b{digits}"), digits.clone()];
            let segments: Vec<String> = forms.iter().map(|f| E164::parse(f).unwrap().path_segment()).collect();
            for s in &segments {
                prop_assert_eq!(s, &format!("%2B{digits}"));
                prop_assert!(!s.contains("%25"));
            }
        }

        #[test]
        fn an_accepted_parameter_is_exactly_one_segment_that_decodes_back(value in "\\PC{0,24}") {
            if let Ok(path) = ApiPath::v1().param("x", &value) {
                let segment = path.as_str().strip_prefix("/api/v1/").unwrap();
                prop_assert!(!segment.contains('/') && !segment.contains('?') && !segment.contains('#') && !segment.contains('+'));
                let decoded = percent_encoding::percent_decode_str(segment).decode_utf8().unwrap();
                prop_assert_eq!(decoded.as_ref(), value.as_str());
            } else {
                prop_assert!(value.is_empty() || value == "." || value == ".." || value.contains(['/', '?', '#']) || value.chars().any(validate::is_forbidden_char));
            }
        }

        #[test]
        fn arbitrary_input_never_yields_a_double_encoded_number(input in "[+%2Bb0-9 a-z/-]{0,20}") {
            if let Ok(n) = E164::parse(&input) {
                let seg = n.path_segment();
                prop_assert!(seg.starts_with("%2B"));
                prop_assert!(seg[3..].bytes().all(|b| b.is_ascii_digit()));
            }
        }
    }
}

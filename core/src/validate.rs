//! The API's input rules, checked before anything is sent: a refused
//! input never reaches the server, and the error names the field. The rules are the
//! documented ones: names, emails, the password rule, ISO countries and
//! currencies, PAN with its holder-type letter, GSTIN with its check digit, page sizes.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::request::ApiRequest;

/// The Unicode bidirectional controls (embeddings, overrides, isolates and the implicit
/// marks, U+061C, U+200E/F, U+202A–E, U+2066–9): invisible, they reorder how the text
/// around them is displayed ("Trojan Source"), so a name or a description could read
/// differently in a console or a ledger than what was stored.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Whether `c` is refused in every text input: a C0 or C1 control character (NUL, tab,
/// line feed, ESC, DEL, U+0080–U+009F) or a bidirectional control ([`is_bidi_control`]).
pub fn is_forbidden_char(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// The fields whose text may span lines: a line feed (and only that) is allowed in them.
/// The API's prose fields (customer `description` and `address`, transfer, capacity, trunk
/// and sub-account `description`).
pub const MULTILINE_FIELDS: &[&str] = &["description", "address"];

/// The one text rule, applied to every string that goes into a request: no control
/// characters (C0, C1, DEL) and no bidirectional controls. The error names `field` and the
/// offending character's code point, never the value (it may be a password or a token).
pub fn text(field: &str, value: &str) -> Result<()> {
    check_chars(field, value, false)
}

/// [`text`] for prose that may span lines ([`MULTILINE_FIELDS`]): line feeds are allowed,
/// every other control character still is not.
pub fn multiline_text(field: &str, value: &str) -> Result<()> {
    check_chars(field, value, true)
}

fn check_chars(field: &str, value: &str, allow_line_feed: bool) -> Result<()> {
    match value
        .chars()
        .find(|&c| is_forbidden_char(c) && !(allow_line_feed && c == '\n'))
    {
        None => Ok(()),
        Some(c) => Err(Error::validation(
            field,
            format!(
                "must not contain control characters (found {}{})",
                code_point(c),
                if is_bidi_control(c) {
                    ", a bidirectional control"
                } else {
                    ""
                }
            ),
        )),
    }
}

/// `U+202E`.
fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// The field name a JSON body path ends with (`customers[0].description` → `description`).
fn last_key(path: &str) -> &str {
    let tail = path.rsplit('.').next().unwrap_or(path);
    tail.split('[').next().unwrap_or(tail)
}

/// Checks every caller-supplied text of a request before it is sent: each query parameter
/// (named by its key) and each string of the JSON body, keys included (named by its path,
/// e.g. `metadata.note`). Line feeds pass only in [`MULTILINE_FIELDS`]. Path segments are
/// checked when the path is built ([`ApiPath::param`](crate::path::ApiPath::param)).
pub fn request(request: &ApiRequest) -> Result<()> {
    for (key, value) in request.query_pairs() {
        text(key, key)?;
        text(key, value)?;
    }
    if let Some(body) = &request.body {
        // A body the SDK built is JSON; anything else has no strings to check.
        if let Ok(json) = serde_json::from_slice::<Value>(body) {
            json_strings("", &json)?;
        }
    }
    Ok(())
}

/// [`text`] for every string of a JSON value, keys included, each named by its path under
/// `field` (`plan.kyc.customer_email`); line feeds pass only in [`MULTILINE_FIELDS`]. For
/// arguments checked as a whole before any of them is used (an onboarding plan, whose
/// later steps would otherwise find a bad value only after the first ones ran).
pub fn json(field: &str, value: &Value) -> Result<()> {
    json_strings(field, value)
}

fn json_strings(path: &str, value: &Value) -> Result<()> {
    match value {
        Value::String(s) => {
            let field = if path.is_empty() { "body" } else { path };
            if MULTILINE_FIELDS.contains(&last_key(field)) {
                multiline_text(field, s)
            } else {
                text(field, s)
            }
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, item)| json_strings(&format!("{path}[{i}]"), item)),
        Value::Object(map) => map.iter().try_for_each(|(key, item)| {
            let child = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            text(&child, key)?;
            json_strings(&child, item)
        }),
        Value::Null | Value::Bool(_) | Value::Number(_) => Ok(()),
    }
}

/// `value` without `prefix`, compared ASCII-case-insensitively (`%2b…`, `SIP:…`). Never
/// slices inside a character: a multi-byte character where the prefix would end is simply
/// no match.
pub fn strip_prefix_ignore_ascii_case<'a>(value: &'a str, prefix: &str) -> Option<&'a str> {
    let head = value.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        value.get(prefix.len()..)
    } else {
        None
    }
}

/// What a refused value looks like, without its content: `"32 characters starting with a
/// lowercase letter"`. For inputs that may be a secret put in the wrong place (an auth token
/// given as the auth id): the error helps find the mistake but never carries the value.
pub fn shape(value: &str) -> String {
    let count = value.chars().count();
    let Some(first) = value.chars().next() else {
        return "an empty value".to_owned();
    };
    let starts = if first.is_ascii_lowercase() {
        "a lowercase letter"
    } else if first.is_ascii_uppercase() {
        "an uppercase letter"
    } else if first.is_ascii_digit() {
        "a digit"
    } else if first.is_whitespace() {
        "whitespace"
    } else if is_forbidden_char(first) {
        "a control character"
    } else if first.is_ascii() {
        "a symbol"
    } else {
        "a non-ASCII character"
    };
    let plural = if count == 1 { "" } else { "s" };
    let mut out = format!("{count} character{plural} starting with {starts}");
    if value.chars().any(char::is_whitespace) {
        out.push_str(", containing whitespace");
    }
    if value.chars().any(is_forbidden_char) {
        out.push_str(", containing control characters");
    }
    out
}

/// A display name: not blank, at most 255 characters, no control characters.
pub fn name(field: &str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    if trimmed.chars().count() > 255 {
        return Err(Error::validation(field, "must be at most 255 characters"));
    }
    text(field, trimmed)?;
    Ok(trimmed.to_owned())
}

/// An email address: one `@`, a dotted domain, no spaces, at most 254 characters.
pub fn email(field: &str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    text(field, trimmed)?;
    let valid = trimmed.len() <= 254
        && !trimmed.contains(char::is_whitespace)
        && trimmed.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
        });
    if !valid {
        return Err(Error::validation(
            field,
            // Described, never echoed: with the arguments swapped it is the password.
            format!(
                "is not an email address (name@domain.tld, no spaces), got {}",
                shape(trimmed)
            ),
        ));
    }
    Ok(trimmed.to_owned())
}

/// The API's password rule: at least 8 characters, with a digit and a special character.
/// The password itself never appears in the error.
pub fn password(field: &str, value: &str) -> Result<()> {
    text(field, value)?;
    let mut missing = Vec::new();
    if value.chars().count() < 8 {
        missing.push("at least 8 characters");
    }
    if !value.chars().any(|c| c.is_ascii_digit()) {
        missing.push("a digit");
    }
    if !value
        .chars()
        .any(|c| !c.is_alphanumeric() && !c.is_whitespace())
    {
        missing.push("a special character");
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::validation(
            field,
            format!("is too weak: it needs {}", missing.join(", ")),
        ))
    }
}

/// Every assigned ISO 3166-1 alpha-2 code.
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// An ISO 3166-1 alpha-2 country code, returned upper-case (`in` → `IN`).
pub fn country(field: &str, value: &str) -> Result<String> {
    let code = value.trim().to_ascii_uppercase();
    if code.len() == 2 && COUNTRIES.split(' ').any(|c| c == code) {
        Ok(code)
    } else {
        Err(Error::validation(
            field,
            format!("{value:?} is not an ISO 3166-1 alpha-2 country code (e.g. IN)"),
        ))
    }
}

/// A currency code: three letters (ISO 4217), returned upper-case.
pub fn currency(field: &str, value: &str) -> Result<String> {
    let code = value.trim().to_ascii_uppercase();
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(Error::validation(
            field,
            format!("{value:?} is not a three-letter currency code (e.g. INR)"),
        ))
    }
}

/// Who holds a PAN, from its fourth letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PanHolder {
    /// `P`: an individual (KYC path: PAN + DOB, then Aadhaar via DigiLocker).
    Individual,
    /// `C`: a company (KYC path: PAN + entity name, then GSTIN).
    Company,
    /// `H`: a Hindu undivided family.
    Huf,
    /// `F`: a firm or LLP.
    Firm,
    /// `A`: an association of persons.
    AssociationOfPersons,
    /// `T`: a trust.
    Trust,
    /// `B`: a body of individuals.
    BodyOfIndividuals,
    /// `L`: a local authority.
    LocalAuthority,
    /// `J`: an artificial juridical person.
    ArtificialJuridicalPerson,
    /// `G`: a government body.
    Government,
}

/// A PAN: five letters, four digits, a letter (`ABCPD1234E`), whose fourth letter names a
/// known holder type. Returned upper-case with the holder.
pub fn pan(field: &str, value: &str) -> Result<(String, PanHolder)> {
    let pan = value.trim().to_ascii_uppercase();
    let b = pan.as_bytes();
    // Byte slices of a length-checked `&[u8]`: no `str` is cut, nothing can panic.
    let shaped = b.len() == 10
        && b[..5].iter().all(u8::is_ascii_uppercase)
        && b[5..9].iter().all(u8::is_ascii_digit)
        && b[9].is_ascii_uppercase();
    if !shaped {
        return Err(Error::validation(
            field,
            format!(
                "{value:?} is not a PAN: expected 5 letters, 4 digits and a letter (e.g. ABCPD1234E)"
            ),
        ));
    }
    let holder = match b[3] {
        b'P' => PanHolder::Individual,
        b'C' => PanHolder::Company,
        b'H' => PanHolder::Huf,
        b'F' => PanHolder::Firm,
        b'A' => PanHolder::AssociationOfPersons,
        b'T' => PanHolder::Trust,
        b'B' => PanHolder::BodyOfIndividuals,
        b'L' => PanHolder::LocalAuthority,
        b'J' => PanHolder::ArtificialJuridicalPerson,
        b'G' => PanHolder::Government,
        other => {
            return Err(Error::validation(
                field,
                format!(
                    "{value:?} is not a PAN: its 4th letter {:?} is not a holder type (P individual, C company, H, F, A, T, B, L, J, G)",
                    other as char
                ),
            ));
        }
    };
    Ok((pan, holder))
}

/// The GSTIN alphabet: digits then letters, each worth its position.
fn gst_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        _ => None,
    }
}

/// The check character of the first 14 characters of a GSTIN (mod-36 weighted sum).
fn gst_check_char(first14: &[u8]) -> Option<char> {
    let mut sum = 0;
    for (i, c) in first14.iter().enumerate() {
        let product = gst_value(*c)? * if i % 2 == 0 { 1 } else { 2 };
        sum += product / 36 + product % 36;
    }
    let check = (36 - sum % 36) % 36;
    Some(if check < 10 {
        (b'0' + check as u8) as char
    } else {
        (b'A' + (check - 10) as u8) as char
    })
}

/// A GSTIN: 2-digit state code, the holder's PAN, an entity number, `Z`, and a check
/// character that must match. Returned upper-case.
pub fn gstin(field: &str, value: &str) -> Result<String> {
    let gstin = value.trim().to_ascii_uppercase();
    let b = gstin.as_bytes();
    // Only ASCII letters and digits: the slices below then never cut a character.
    if b.len() != 15 || !b.iter().all(u8::is_ascii_alphanumeric) {
        return Err(Error::validation(
            field,
            format!("{value:?} is not a GSTIN: it must be 15 letters and digits"),
        ));
    }
    let state_ok = b[..2].iter().all(u8::is_ascii_digit);
    if !state_ok
        // All ASCII (checked above): byte 2..12 is a character range.
        || pan(field, &gstin[2..12]).is_err()
        || !b[12].is_ascii_alphanumeric()
        || b[12] == b'0'
    {
        return Err(Error::validation(
            field,
            format!(
                "{value:?} is not a GSTIN: expected a state code, a PAN, an entity number and Z"
            ),
        ));
    }
    match gst_check_char(&b[..14]) {
        Some(check) if check as u8 == b[14] => Ok(gstin),
        _ => Err(Error::validation(
            field,
            format!("{value:?} is not a GSTIN: its check character does not match"),
        )),
    }
}

/// A page size within the endpoint's bounds.
pub fn page_size(field: &str, value: u32, max: u32) -> Result<u32> {
    if (1..=max).contains(&value) {
        Ok(value)
    } else {
        Err(Error::validation(
            field,
            format!("must be between 1 and {max}, got {value}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_rule_refuses_c0_c1_and_bidi_controls() {
        for bad in [
            "\u{0}",
            "a\u{1b}[31m",
            "tab\there",
            "line\nfeed",
            "cr\r",
            "del\u{7f}",
            "c1\u{85}",
            "c1\u{9f}",
            "\u{061C}",
            "\u{200E}",
            "\u{200F}",
            "\u{202A}",
            "\u{202B}",
            "\u{202C}",
            "\u{202D}",
            "evil\u{202E}gnp.exe",
            "\u{2066}",
            "\u{2067}",
            "\u{2068}",
            "\u{2069}",
        ] {
            let err = text("name", bad).unwrap_err();
            assert_eq!(err.validation_field(), Some("name"), "{bad:?}");
            assert!(!err.to_string().contains(bad), "{err}");
        }
        for good in [
            "Asha Rao",
            "आशा",
            "١٢٣",
            "€ 5",
            "José",
            "zero\u{200B}width",
            "",
        ] {
            assert!(text("name", good).is_ok(), "{good:?}");
        }
        assert!(multiline_text("description", "two\nlines").is_ok());
        assert!(multiline_text("description", "tab\there").is_err());
        assert!(multiline_text("description", "cr\r\n").is_err());
        assert!(multiline_text("description", "x\u{202E}").is_err());
        assert!(name("name", "Asha\u{202E}").is_err());
        assert!(email("email", "a\u{202E}@x.com").is_err());
        // Login arguments swapped: the password lands in the email slot.
        let err = email("email", "CANARY_Str0ng!pass").unwrap_err();
        assert!(!err.to_string().contains("CANARY_Str0ng!pass"), "{err}");
        assert!(password("password", "Str0ng!pass\u{0}").is_err());
    }

    #[test]
    fn requests_are_checked_in_every_query_value_and_body_string() {
        use crate::path::ApiPath;
        let ok = ApiRequest::post(ApiPath::v1().lit("x"))
            .query("search", "80")
            .json(&serde_json::json!({"name": "A", "description": "a\nb", "n": [1, "x"]}))
            .unwrap();
        assert!(request(&ok).is_ok());
        let query = ApiRequest::get(ApiPath::v1().lit("x")).query("search", "8\u{202E}0");
        assert_eq!(
            request(&query).unwrap_err().validation_field(),
            Some("search")
        );
        for (body, field) in [
            (serde_json::json!({"name": "a\nb"}), "name"),
            (serde_json::json!({"description": "a\tb"}), "description"),
            (
                serde_json::json!({"metadata": {"note": "\u{2067}"}}),
                "metadata.note",
            ),
            (
                serde_json::json!({"metadata": {"k\u{0}": 1}}),
                "metadata.k\u{0}",
            ),
            (serde_json::json!({"to": ["+91", "\u{9b}"]}), "to[1]"),
            (
                serde_json::json!({"items": [{"address": "\r"}]}),
                "items[0].address",
            ),
        ] {
            let req = ApiRequest::post(ApiPath::v1().lit("x"))
                .json(&body)
                .unwrap();
            assert_eq!(request(&req).unwrap_err().validation_field(), Some(field));
        }
    }

    #[test]
    fn prefixes_and_shapes_never_cut_a_character() {
        assert_eq!(strip_prefix_ignore_ascii_case("%2b91", "%2B"), Some("91"));
        assert_eq!(strip_prefix_ignore_ascii_case("SIP:x", "sip:"), Some("x"));
        for s in ["12€3456789", "١٢٣٤٥٦٧٨٩", "abc€defg", "%2", "", "€"] {
            assert_eq!(strip_prefix_ignore_ascii_case(s, "sip:"), None, "{s:?}");
            assert_eq!(strip_prefix_ignore_ascii_case(s, "%2B"), None, "{s:?}");
        }
        assert_eq!(
            shape("tok_abcdefghijklmnopqrstuvwxyz1234"),
            "34 characters starting with a lowercase letter"
        );
        assert_eq!(shape(""), "an empty value");
        assert_eq!(
            shape("€"),
            "1 character starting with a non-ASCII character"
        );
        assert_eq!(
            shape("A b\u{0}"),
            "4 characters starting with an uppercase letter, containing whitespace, containing control characters"
        );
        // A GSTIN of 15 bytes whose 12th byte falls inside the euro sign.
        for bad in ["27AAPFU093€ZV", "27AAPF€U0939FZ", "١٢٣٤٥٦٧"] {
            assert_eq!(
                gstin("gstin", bad).unwrap_err().validation_field(),
                Some("gstin"),
                "{bad:?}"
            );
            assert!(pan("pan", bad).is_err());
        }
    }

    #[test]
    fn passwords_follow_the_documented_rule_without_echoing() {
        assert!(password("password", "SecurePass123!").is_ok());
        for weak in ["short1!", "NoDigitsHere!", "NoSpecial123", ""] {
            let err = password("password", weak).unwrap_err();
            assert_eq!(err.validation_field(), Some("password"));
            if !weak.is_empty() {
                assert!(!err.to_string().contains(weak), "{err}");
            }
        }
    }

    #[test]
    fn emails_names_countries_and_currencies() {
        assert_eq!(
            email("email", " john@example.com ").unwrap(),
            "john@example.com"
        );
        for bad in [
            "john",
            "john@",
            "@x.com",
            "a b@x.com",
            "a@x",
            "a@x..com",
            "a@@x.com",
        ] {
            assert!(email("email", bad).is_err(), "{bad}");
        }
        assert_eq!(country("country", "in").unwrap(), "IN");
        assert!(country("country", "XX").is_err() && country("country", "IND").is_err());
        assert_eq!(currency("currency", "inr").unwrap(), "INR");
        assert!(currency("currency", "RUPEES").is_err());
        assert!(name("name", "  ").is_err() && name("name", "a\u{7}b").is_err());
        assert_eq!(name("name", " Asha Rao ").unwrap(), "Asha Rao");
        assert!(page_size("per_page", 0, 100).is_err() && page_size("per_page", 101, 100).is_err());
    }

    #[test]
    fn pans_carry_their_holder_type() {
        assert_eq!(
            pan("pan", "abcpd1234e").unwrap(),
            ("ABCPD1234E".into(), PanHolder::Individual)
        );
        assert_eq!(pan("pan", "AAACR5055K").unwrap().1, PanHolder::Company);
        for bad in [
            "ABCPD1234",
            "ABCPD12345",
            "1BCPD1234E",
            "ABCXD1234E",
            "ABCPD12E4E",
        ] {
            assert_eq!(
                pan("pan", bad).unwrap_err().validation_field(),
                Some("pan"),
                "{bad}"
            );
        }
    }

    #[test]
    fn gstins_need_a_matching_check_character() {
        // Published example GSTINs.
        for good in ["27AAPFU0939F1ZV", "29AAGCB7383J1Z4", "27aapfu0939f1zv"] {
            assert!(gstin("gstin", good).is_ok(), "{good}");
        }
        for bad in [
            "27AAPFU0939F1ZW",
            "27AAPFU0939F1Z",
            "XXAAPFU0939F1ZV",
            "27AAPXU0939F1ZV",
            "27AAPFU0939F0ZV",
        ] {
            assert_eq!(
                gstin("gstin", bad).unwrap_err().validation_field(),
                Some("gstin"),
                "{bad}"
            );
        }
    }
}

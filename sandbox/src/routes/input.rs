//! Reading requests: JSON bodies, query parameters, paging, and the API's validation rules
//! (email, password, E.164, ISO country), written independently of the SDK's own checks.

use std::collections::HashMap;

use axum::body::Bytes;
use chrono::{Datelike, NaiveDate};
use serde_json::{Map, Value};

use crate::reply::{ApiError, coded, invalid};

/// The JSON object of a request body; an empty body is an empty object.
pub fn body_object(bytes: &Bytes) -> Result<Map<String, Value>, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(coded(
            400,
            "invalid_request",
            "the body must be a JSON object",
        )),
        Err(e) => Err(coded(
            400,
            "invalid_json",
            format!("the body is not valid JSON: {e}"),
        )),
    }
}

/// A string field, trimmed; absent, null and empty are `None`.
pub fn text(body: &Map<String, Value>, key: &str) -> Option<String> {
    match body.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        _ => None,
    }
}

/// An integer field in `min..=max`, sent as a JSON integer or a string of digits; absent
/// and null are `None`, anything else a 400.
pub fn int_field(
    body: &Map<String, Value>,
    key: &str,
    min: i64,
    max: i64,
) -> Result<Option<i64>, ApiError> {
    let value = match body.get(key) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
        Some(_) => None,
    };
    match value {
        Some(v) if (min..=max).contains(&v) => Ok(Some(v)),
        _ => Err(invalid(format!(
            "{key} must be an integer from {min} to {max}"
        ))),
    }
}

/// A query parameter, trimmed; absent and empty are `None`.
pub fn query_text<'q>(query: &'q HashMap<String, String>, key: &str) -> Option<&'q str> {
    query.get(key).map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// A boolean query flag: absent or empty is false; `true`/`1` and `false`/`0` are accepted.
pub fn query_flag(query: &HashMap<String, String>, key: &str) -> Result<bool, ApiError> {
    match query
        .get(key)
        .map(|v| v.trim().to_ascii_lowercase())
        .as_deref()
    {
        None | Some("") | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(_) => Err(coded(
            400,
            "invalid_request",
            format!("{key} must be true or false"),
        )),
    }
}

/// A query parameter parsed as an unsigned number.
pub fn query_number(query: &HashMap<String, String>, key: &str) -> Result<Option<u64>, ApiError> {
    match query_text(query, key) {
        None => Ok(None),
        Some(v) => v.parse::<u64>().map(Some).map_err(|_| {
            coded(
                422,
                "validation_error",
                format!("{key} must be a non-negative integer"),
            )
        }),
    }
}

/// `page` (≥ 1, default 1) and the page-size parameter `size_key` (default, max), with
/// over-limit sizes either clamped or refused with 422.
pub fn paging(
    query: &HashMap<String, String>,
    size_key: &str,
    default: u64,
    max: u64,
    refuse_over_max: bool,
) -> Result<(u64, u64), ApiError> {
    let page = query_number(query, "page")?.unwrap_or(1);
    if page == 0 {
        return Err(coded(422, "validation_error", "page must be at least 1"));
    }
    let size = query_number(query, size_key)?.unwrap_or(default);
    if size == 0 {
        return Err(coded(
            422,
            "validation_error",
            format!("{size_key} must be at least 1"),
        ));
    }
    if size > max && refuse_over_max {
        return Err(coded(
            422,
            "validation_error",
            format!("{size_key} must be at most {max}"),
        ));
    }
    Ok((page, size.min(max)))
}

/// `limit` (default 20, at least 1, over 100 cut to 100) and `offset` (default 0) of the
/// offset-paged lists: trunks and their sub-resources.
pub fn limit_offset(query: &HashMap<String, String>) -> Result<(u64, u64), ApiError> {
    let limit = query_number(query, "limit")?.unwrap_or(20);
    if limit == 0 {
        return Err(coded(422, "validation_error", "limit must be at least 1"));
    }
    let offset = query_number(query, "offset")?.unwrap_or(0);
    Ok((limit.min(100), offset))
}

/// One page of `items` (empty past the end, however far: `page × size` may exceed `u64`).
pub fn page_of<T: Clone>(items: &[T], page: u64, size: u64) -> Vec<T> {
    let start = page.saturating_sub(1).saturating_mul(size);
    let start = usize::try_from(start).unwrap_or(usize::MAX);
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    items.iter().skip(start).take(size).cloned().collect()
}

/// A plausible email address: one `@`, a dot in the domain, no spaces.
pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
        && !domain.contains('@')
}

/// At least 8 characters, with a digit and a special character.
pub fn strong_password(password: &str) -> bool {
    password.chars().count() >= 8
        && password.chars().any(|c| c.is_ascii_digit())
        && password
            .chars()
            .any(|c| !c.is_alphanumeric() && !c.is_whitespace())
}

/// `+` followed by 8–15 digits, the first not 0.
pub fn valid_e164(phone: &str) -> bool {
    let Some(digits) = phone.strip_prefix('+') else {
        return false;
    };
    (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// Every ISO 3166-1 alpha-2 code.
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Whether `code` is an assigned ISO 3166-1 alpha-2 code (upper case).
pub fn valid_country(code: &str) -> bool {
    code.len() == 2 && COUNTRIES.split(' ').any(|c| c == code)
}

/// The wallet currency of a country.
pub fn currency_of(country: &str) -> &'static str {
    match country {
        "IN" => "INR",
        "GB" => "GBP",
        "AE" => "AED",
        "SG" => "SGD",
        "AU" => "AUD",
        "CA" => "CAD",
        "DE" | "FR" | "ES" | "IT" | "NL" | "IE" | "BE" | "AT" | "PT" | "FI" => "EUR",
        _ => "USD",
    }
}

/// A `YYYY-MM-DD` query date of the years 0001–9999. Exactly four year digits: chrono
/// would also read signed years of up to six digits, near the edges of its range, where
/// adding a day overflows.
pub fn query_date(
    query: &HashMap<String, String>,
    key: &str,
) -> Result<Option<NaiveDate>, ApiError> {
    let Some(v) = query_text(query, key) else {
        return Ok(None);
    };
    let four_digit_year = v.len() == 10 && v.bytes().take(4).all(|b| b.is_ascii_digit());
    four_digit_year
        .then(|| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
        .flatten()
        .filter(|d| d.year() >= 1)
        .map(Some)
        .ok_or_else(|| {
            coded(
                422,
                "validation_error",
                format!("{key} must be a date as YYYY-MM-DD (years 0001 to 9999)"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_far_past_the_end_are_empty_and_dates_have_four_digit_years() {
        let items = [1, 2, 3];
        assert_eq!(page_of(&items, 2, 2), vec![3]);
        assert!(page_of(&items, u64::MAX, u64::MAX).is_empty());
        let date = |v: &str| query_date(&HashMap::from([("d".to_owned(), v.to_owned())]), "d");
        assert_eq!(
            date("9999-12-31").unwrap(),
            NaiveDate::from_ymd_opt(9999, 12, 31)
        );
        for bad in [
            "0000-01-01",
            "+262143-12-31",
            "-0001-01-01",
            "2026-02-30",
            "١٢٣٤-٠١-٠١",
        ] {
            assert_eq!(date(bad).unwrap_err().status, 422, "{bad}");
        }
    }

    #[test]
    fn the_documented_rules_hold() {
        assert!(
            strong_password("SecurePass123!")
                && !strong_password("short1!")
                && !strong_password("NoDigits!!")
                && !strong_password("NoSpecial123")
        );
        assert!(
            valid_e164("+919876543210")
                && !valid_e164("919876543210")
                && !valid_e164("+0919876")
                && !valid_e164("+91 98765")
        );
        assert!(
            valid_country("IN")
                && !valid_country("XX")
                && !valid_country("in")
                && !valid_country("IND")
        );
        assert!(
            valid_email("john@example.com")
                && !valid_email("john@")
                && !valid_email("john example@x.com")
        );
    }
}

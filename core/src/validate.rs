//! The API's input rules, checked before anything is sent (DESIGN principle 3): a refused
//! input never reaches the server, and the error names the field. The rules are the
//! documented ones (spec §2.4, §4): names, emails, the password rule, ISO countries and
//! currencies, PAN with its holder-type letter, GSTIN with its check digit, page sizes.

use crate::error::{Error, Result};

/// A display name: not blank, at most 255 characters, no control characters.
pub fn name(field: &str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    if trimmed.chars().count() > 255 {
        return Err(Error::validation(field, "must be at most 255 characters"));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(Error::validation(
            field,
            "must not contain control characters",
        ));
    }
    Ok(trimmed.to_owned())
}

/// An email address: one `@`, a dotted domain, no spaces, at most 254 characters.
pub fn email(field: &str, value: &str) -> Result<String> {
    let trimmed = value.trim();
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
            format!("{trimmed:?} is not an email address"),
        ));
    }
    Ok(trimmed.to_owned())
}

/// The API's password rule: at least 8 characters, with a digit and a special character.
/// The password itself never appears in the error.
pub fn password(field: &str, value: &str) -> Result<()> {
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
    if b.len() != 15 {
        return Err(Error::validation(
            field,
            format!("{value:?} is not a GSTIN: it must be 15 characters"),
        ));
    }
    let state_ok = b[..2].iter().all(u8::is_ascii_digit);
    if !state_ok
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

//! The error catalogue: the one description of the error classes every binding exposes.
//!
//! For the base class and for every [`ErrorKind`]: the class name (the same in Python and
//! Node), its stable code ([`ErrorKind::code`]), its parent class, a doc line and its own
//! fields (snake_case name, type, doc). The Python exception classes and the Node error
//! classes (with their TypeScript declarations) are generated from it by
//! `tools/gen_errors.py`, which reads [`catalogue_json`] as printed by the `error_catalogue`
//! example (`make errors`; `make test` fails when a generated file is stale). The
//! [`ErrorReport`] every binding receives carries the same field names, and
//! [`ErrorReport::fields`] hands them over by catalogue type, so a binding builds any error
//! without naming a field.
//!
//! Names: a field is `snake_case` in the catalogue, in Rust and in Python, and
//! `lowerCamelCase` in Node (`retry_after` → `retryAfter`, by
//! [`crate::view::snake_to_camel`]).
//!
//! Doc markup: a `{name}` is a code name a language spells its own way (a field, a
//! function): `{retry_after}` is ``` ``retry_after`` ``` in Python and `` `retryAfter` `` in
//! Node. A `` `literal` `` stays as written.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{ErrorKind, ErrorReport};

/// The code of the base class: what an error made by hand as the base class reports, and
/// what a binding falls back to for a code it does not know.
pub const BASE_CODE: &str = "UNKNOWN";

/// The name of the base class.
pub const BASE_CLASS: &str = "VobizError";

/// The type of an error field, and how it crosses into each language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldType {
    /// The error's stable code (one per class, [`ErrorKind::code`]): a class attribute in
    /// Python, a string-literal type in TypeScript. Carried as [`ErrorReport::code`], never
    /// among [`ErrorReport::fields`].
    Code,
    /// Text.
    String,
    /// A whole number (Python `int`, JS `number`).
    Integer,
    /// A number (Python `float`, JS `number`).
    Number,
    /// `true` / `false`.
    Boolean,
    /// An exact decimal amount: Python `Decimal`, JS an exact decimal string (`'200.00'`);
    /// in a report, the decimal text.
    Decimal,
    /// An instant: Python an aware `datetime` in UTC, JS a `Date`; in a report,
    /// milliseconds since the Unix epoch.
    Instant,
}

impl FieldType {
    /// The catalogue's name of the type (`"string"`, `"decimal"`, …).
    pub fn name(self) -> &'static str {
        match self {
            FieldType::Code => "code",
            FieldType::String => "string",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Boolean => "boolean",
            FieldType::Decimal => "decimal",
            FieldType::Instant => "instant",
        }
    }

    const ALL: [FieldType; 7] = [
        FieldType::Code,
        FieldType::String,
        FieldType::Integer,
        FieldType::Number,
        FieldType::Boolean,
        FieldType::Decimal,
        FieldType::Instant,
    ];

    fn doc(self) -> &'static str {
        match self {
            FieldType::Code => {
                "The error's stable code, one per class: a class attribute in Python, a string-literal type in TypeScript."
            }
            FieldType::String => "Text.",
            FieldType::Integer => "A whole number (Python int, JS number).",
            FieldType::Number => "A number (Python float, JS number).",
            FieldType::Boolean => "true or false.",
            FieldType::Decimal => {
                "An exact decimal amount: Python Decimal, JS an exact decimal string; a report carries the decimal text."
            }
            FieldType::Instant => {
                "An instant: Python an aware datetime in UTC, JS a Date; a report carries milliseconds since the Unix epoch."
            }
        }
    }
}

/// When a field is absent, what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldDefault {
    /// `None` / `null`: the field is optional.
    Null,
    /// `false`.
    False,
    /// The error's description (its `str()` / `message`).
    Description,
    /// The class's own code ([`FieldType::Code`]).
    ClassCode,
}

impl FieldDefault {
    fn name(self) -> &'static str {
        match self {
            FieldDefault::Null => "null",
            FieldDefault::False => "false",
            FieldDefault::Description => "description",
            FieldDefault::ClassCode => "class code",
        }
    }
}

/// One field of an error class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// The name, in snake_case (Python and the report; Node camelCases it).
    pub name: &'static str,
    /// Its type.
    pub ty: FieldType,
    /// What it holds when not given (`Null`: it is optional).
    pub default: FieldDefault,
    /// One line on what it holds.
    pub doc: &'static str,
}

impl FieldSpec {
    /// Whether the field may be `None` / `null`.
    pub fn optional(&self) -> bool {
        self.default == FieldDefault::Null
    }
}

/// One error class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClassSpec {
    /// The class name, the same in both languages.
    pub name: &'static str,
    /// The core kind it stands for; `None` for the base class.
    pub kind: Option<ErrorKind>,
    /// Its parent class; `None` for the base class (which extends the language's own
    /// exception: `Exception` in Python, `Error` in JS).
    pub parent: Option<&'static str>,
    /// Python built-in exceptions the class also derives from (`ValueError`,
    /// `TimeoutError`): an addition of the Python layer only.
    pub python_bases: &'static [&'static str],
    /// What it means, and what to do about it.
    pub doc: &'static str,
    /// Whether the request may always have taken effect (`outcome_unknown` is true whatever
    /// the constructor is given), rather than per answer.
    pub always_outcome_unknown: bool,
    /// Its own fields (the parent's are inherited).
    pub fields: &'static [FieldSpec],
}

impl ClassSpec {
    /// The stable code: [`ErrorKind::code`], or [`BASE_CODE`] for the base class.
    pub fn code(&self) -> &'static str {
        self.kind.map_or(BASE_CODE, ErrorKind::code)
    }

    /// Its parent's spec.
    pub fn parent_spec(&self) -> Option<&'static ClassSpec> {
        self.parent.and_then(class_named)
    }

    /// Every field, inherited ones first (base class first).
    pub fn all_fields(&self) -> Vec<&'static FieldSpec> {
        let mut chain = vec![];
        let mut at = class_named(self.name);
        while let Some(class) = at {
            chain.push(class);
            at = class.parent_spec();
        }
        chain
            .into_iter()
            .rev()
            .flat_map(|c| c.fields.iter())
            .collect()
    }
}

const fn field(name: &'static str, ty: FieldType, doc: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        default: FieldDefault::Null,
        doc,
    }
}

const fn class(
    name: &'static str,
    kind: ErrorKind,
    parent: &'static str,
    doc: &'static str,
    fields: &'static [FieldSpec],
) -> ClassSpec {
    ClassSpec {
        name,
        kind: Some(kind),
        parent: Some(parent),
        python_bases: &[],
        doc,
        always_outcome_unknown: false,
        fields,
    }
}

const ATTEMPTS: FieldSpec = field(
    "attempts",
    FieldType::Integer,
    "How many times the request was sent or tried.",
);

/// Every class: the base first, then one per [`ErrorKind`] in [`ErrorKind::ALL`] order (a
/// parent always before its children).
pub static CLASSES: &[ClassSpec] = &[
    ClassSpec {
        name: BASE_CLASS,
        kind: None,
        parent: None,
        python_bases: &[],
        doc: "The base of every error vobiz-partner reports for a Vobiz failure. Its text (`str()` in Python, `message` in JS) is the full description: status, the API's message and code, method, path, request id. Fields that do not apply are null (`None`). No text or field ever holds a token or password.",
        always_outcome_unknown: false,
        fields: &[
            FieldSpec {
                name: "code",
                ty: FieldType::Code,
                default: FieldDefault::ClassCode,
                doc: "The kind of failure, stable across releases (`NOT_FOUND`, `COOL_OFF`, …): one per class.",
            },
            field(
                "status",
                FieldType::Integer,
                "The HTTP status of the answer, when there was one (for a {RedirectError}, the redirect's).",
            ),
            field(
                "api_code",
                FieldType::String,
                "The API's own error code (`not_found`, `did_cool_off_in_effect`, `VALIDATION_ERROR`, …), when its answer carried one.",
            ),
            FieldSpec {
                name: "api_message",
                ty: FieldType::String,
                default: FieldDefault::Description,
                doc: "The API's message; this error's description when the API gave none.",
            },
            field(
                "request_id",
                FieldType::String,
                "The request id, from a response header or the body.",
            ),
            field(
                "body",
                FieldType::String,
                "The response body, redacted and truncated.",
            ),
            field(
                "method",
                FieldType::String,
                "The request method, when a request was made.",
            ),
            field(
                "path",
                FieldType::String,
                "The request path (encoded, without the query), when a request was made.",
            ),
            FieldSpec {
                name: "outcome_unknown",
                ty: FieldType::Boolean,
                default: FieldDefault::False,
                doc: "Whether the request may have taken effect although it failed: always for an {OutcomeUnknownError} (and its {RedirectError}) and an {InternalError}; for a 5xx answer to a POST; for a 2xx answer to a POST that could not be read ({DecodeError}, {ResponseTooLargeError}). Reconcile before retrying.",
            },
        ],
    },
    ClassSpec {
        python_bases: &["ValueError"],
        ..class(
            "ValidationError",
            ErrorKind::Validation,
            BASE_CLASS,
            "Input refused before anything was sent; {field} names it.",
            &[
                field(
                    "field",
                    FieldType::String,
                    "The refused input, by the core's (snake_case) name: `base_url`, `timeout`, `auth_id`, `VOBIZ_AUTH_ID`, `body`, …",
                ),
                field("reason", FieldType::String, "What is wrong with it."),
            ],
        )
    },
    class(
        "BadRequestError",
        ErrorKind::BadRequest,
        BASE_CLASS,
        "400, or another 4xx the API gives no meaning to.",
        &[],
    ),
    class(
        "AuthenticationError",
        ErrorKind::Authentication,
        BASE_CLASS,
        "401: the credentials were refused.",
        &[],
    ),
    class(
        "PermissionDeniedError",
        ErrorKind::PermissionDenied,
        BASE_CLASS,
        "403: these credentials may not do this (wrong scope, a capability flag, a limit).",
        &[],
    ),
    class(
        "NotFoundError",
        ErrorKind::NotFound,
        BASE_CLASS,
        "404: not found, or not yours (the API answers 404 for other partners' resources).",
        &[],
    ),
    class(
        "ConflictError",
        ErrorKind::Conflict,
        BASE_CLASS,
        "409: the resource's state forbids this (e.g. a KYC session already terminal). Never retried.",
        &[],
    ),
    class(
        "CoolOffError",
        ErrorKind::CoolOff,
        "ConflictError",
        "409 `did_cool_off_in_effect`: the number had a call in the last 15 days and cannot be unassigned before {cool_off_until}.",
        &[
            field(
                "cool_off_until",
                FieldType::Instant,
                "When the cool-off ends, when the API said so with an offset the core could read.",
            ),
            field(
                "cool_off_until_text",
                FieldType::String,
                "When the cool-off ends, as the API wrote it.",
            ),
            field(
                "remaining_seconds",
                FieldType::Integer,
                "Seconds of cool-off left, as the server counted them.",
            ),
        ],
    ),
    class(
        "UnprocessableError",
        ErrorKind::Unprocessable,
        BASE_CLASS,
        "422: a field failed the server's validation (weak password, duplicate email, …).",
        &[],
    ),
    class(
        "RateLimitError",
        ErrorKind::RateLimited,
        BASE_CLASS,
        "429: too many requests, or a cooldown (a KYC resend); {retry_after} says how long to wait.",
        &[field(
            "retry_after",
            FieldType::Number,
            "Seconds to wait before trying again: from `Retry-After`, or the seconds the API's message names.",
        )],
    ),
    class(
        "InsufficientBalanceError",
        ErrorKind::InsufficientBalance,
        BASE_CLASS,
        "402, or 400 with balance details: the paying balance cannot cover the amount.",
        &[
            field(
                "current_balance",
                FieldType::Decimal,
                "The balance the server saw, exactly, when it said.",
            ),
            field(
                "requested_amount",
                FieldType::Decimal,
                "The amount asked for, exactly, when it said.",
            ),
            field(
                "currency",
                FieldType::String,
                "The currency of both, when it said.",
            ),
        ],
    ),
    class(
        "ServerError",
        ErrorKind::Server,
        BASE_CLASS,
        "5xx. After a POST the change may or may not have been made: check before retrying.",
        &[],
    ),
    ClassSpec {
        always_outcome_unknown: true,
        ..class(
            "OutcomeUnknownError",
            ErrorKind::OutcomeUnknown,
            BASE_CLASS,
            "An unsafe request (POST) was sent but no answer came back: it may have taken effect. It was not retried; reconcile (e.g. look the transfer up in the ledger) before trying again.",
            &[ATTEMPTS],
        )
    },
    ClassSpec {
        python_bases: &["TimeoutError"],
        ..class(
            "TimeoutError",
            ErrorKind::Timeout,
            BASE_CLASS,
            "A safe request got no answer in time, on every attempt.",
            &[ATTEMPTS],
        )
    },
    class(
        "TransportError",
        ErrorKind::Transport,
        BASE_CLASS,
        "The request could not be delivered (connection refused, TLS failure, too many redirects of a GET, …). For a POST it is only reported when the request provably never left; a POST's redirect the SDK refuses is a {RedirectError}.",
        &[ATTEMPTS],
    ),
    class(
        "DecodeError",
        ErrorKind::Decode,
        BASE_CLASS,
        "The API answered, but the body could not be read as the expected shape. After a 2xx answer to a POST the change was made ({outcome_unknown}).",
        &[],
    ),
    class(
        "WebhookError",
        ErrorKind::Webhook,
        BASE_CLASS,
        "A webhook delivery was refused by {verify_webhook()}: no or a malformed `X-Vobiz-Signature`, a signature that does not match the body and key, an event too old, or a body that is not a KYC event. Answer such a request with 400 (or 401) and do not act on it.",
        &[field(
            "reason",
            FieldType::String,
            "Why the delivery was refused (never holds the key).",
        )],
    ),
    ClassSpec {
        always_outcome_unknown: true,
        ..class(
            "RedirectError",
            ErrorKind::Redirect,
            "OutcomeUnknownError",
            "An unsafe request (POST) was answered with a redirect the SDK does not follow: a 301/302/303 (following it would turn the POST into a GET whose answer says nothing about the POST), a 307/308 to another origin (the body and credentials would go there), or a second redirect. The server may have acted on the request: reconcile before trying again. {status} is the redirect's.",
            &[field(
                "location",
                FieldType::String,
                "Where the server pointed, without its query string or fragment (a link can carry a session).",
            )],
        )
    },
    class(
        "ResponseTooLargeError",
        ErrorKind::ResponseTooLarge,
        BASE_CLASS,
        "The answer was larger than the client accepts ({max_response_bytes}, or the request's own limit); reading stopped at {limit_bytes}. After a 2xx or 5xx answer to a POST the change may have been made ({outcome_unknown}).",
        &[field(
            "limit_bytes",
            FieldType::Integer,
            "The limit the answer exceeded, in bytes.",
        )],
    ),
    ClassSpec {
        always_outcome_unknown: true,
        ..class(
            "InternalError",
            ErrorKind::Internal,
            BASE_CLASS,
            "A bug in vobiz-partner (a panic in the Rust core or the binding) was caught before it could cross into your code. Its text names the operation, never an argument or the panic's own text. The client stays usable; the operation may or may not have taken effect, so reconcile before retrying a POST. Please report it.",
            &[],
        )
    },
];

/// The class named `name`.
pub fn class_named(name: &str) -> Option<&'static ClassSpec> {
    CLASSES.iter().find(|c| c.name == name)
}

/// The class of a kind.
pub fn class_of(kind: ErrorKind) -> &'static ClassSpec {
    CLASSES
        .iter()
        .find(|c| c.kind == Some(kind))
        .expect("the catalogue has a class for every ErrorKind (tested)")
}

/// The base class.
pub fn base_class() -> &'static ClassSpec {
    &CLASSES[0]
}

/// One value of an [`ErrorReport`] field, as its catalogue type carries it across.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// Absent.
    Null,
    /// [`FieldType::String`].
    String(String),
    /// [`FieldType::Integer`].
    Integer(i64),
    /// [`FieldType::Number`].
    Number(f64),
    /// [`FieldType::Boolean`].
    Boolean(bool),
    /// [`FieldType::Decimal`]: the exact decimal text.
    Decimal(String),
    /// [`FieldType::Instant`]: milliseconds since the Unix epoch.
    Instant(i64),
}

impl FieldValue {
    fn of(ty: FieldType, value: Option<&Value>) -> FieldValue {
        let value = match value {
            None | Some(Value::Null) => return FieldValue::Null,
            Some(v) => v,
        };
        let converted = match ty {
            FieldType::Code => None,
            FieldType::String => value.as_str().map(|s| FieldValue::String(s.to_owned())),
            FieldType::Decimal => value.as_str().map(|s| FieldValue::Decimal(s.to_owned())),
            FieldType::Integer => integer(value).map(FieldValue::Integer),
            FieldType::Instant => integer(value).map(FieldValue::Instant),
            FieldType::Number => value.as_f64().map(FieldValue::Number),
            FieldType::Boolean => value.as_bool().map(FieldValue::Boolean),
        };
        debug_assert!(
            converted.is_some(),
            "an ErrorReport field does not have its catalogue type {}: {value}",
            ty.name()
        );
        converted.unwrap_or(FieldValue::Null)
    }
}

fn integer(value: &Value) -> Option<i64> {
    value
        .as_i64()
        .or_else(|| value.as_u64().map(|u| i64::try_from(u).unwrap_or(i64::MAX)))
}

impl ErrorReport {
    /// The catalogue class of this report's [`code`](ErrorReport::code) (the base class for
    /// a code the catalogue does not know).
    pub fn class(&self) -> &'static ClassSpec {
        CLASSES
            .iter()
            .find(|c| c.code() == self.code)
            .unwrap_or_else(base_class)
    }

    /// The fields of this report's class (inherited ones first), each with its value as
    /// the catalogue types it: what a binding turns into the error object's fields without
    /// naming any of them. The code and the description are [`ErrorReport::code`] and
    /// [`ErrorReport::description`].
    pub fn fields(&self) -> Vec<(&'static FieldSpec, FieldValue)> {
        let map = match serde_json::to_value(self) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        self.class()
            .all_fields()
            .into_iter()
            .filter(|f| f.ty != FieldType::Code)
            .map(|f| (f, FieldValue::of(f.ty, map.get(f.name))))
            .collect()
    }
}

#[derive(Serialize)]
struct FieldJson {
    name: &'static str,
    #[serde(rename = "type")]
    ty: &'static str,
    optional: bool,
    default: &'static str,
    doc: &'static str,
}

#[derive(Serialize)]
struct ClassJson {
    name: &'static str,
    code: &'static str,
    rust: Option<String>,
    parent: Option<&'static str>,
    python_bases: &'static [&'static str],
    always_outcome_unknown: bool,
    doc: &'static str,
    fields: Vec<FieldJson>,
}

#[derive(Serialize)]
struct TypeJson {
    name: &'static str,
    doc: &'static str,
}

#[derive(Serialize)]
struct CatalogueJson {
    format: &'static str,
    version: u32,
    base_code: &'static str,
    doc_markup: &'static str,
    types: Vec<TypeJson>,
    classes: Vec<ClassJson>,
}

/// The catalogue as one JSON document (pretty-printed, keys in declaration order), the
/// input of `tools/gen_errors.py`:
///
/// ```json
/// { "format": "vobiz-partner error catalogue", "version": 1, "base_code": "UNKNOWN",
///   "doc_markup": "…", "types": [ { "name": "string", "doc": "Text." }, … ],
///   "classes": [ { "name": "CoolOffError", "code": "COOL_OFF", "rust": "Error::CoolOff",
///                  "parent": "ConflictError", "python_bases": [],
///                  "always_outcome_unknown": false, "doc": "…",
///                  "fields": [ { "name": "cool_off_until", "type": "instant",
///                                "optional": true, "default": "null", "doc": "…" } ] } ] }
/// ```
///
/// Classes come parents first (the base first); `fields` are each class's own. A field's
/// `default` is `null` (then it is `optional`), `false`, `description` (the error's text) or
/// `class code`.
pub fn catalogue_json() -> String {
    let classes = CLASSES
        .iter()
        .map(|c| ClassJson {
            name: c.name,
            code: c.code(),
            rust: c.kind.map(|k| format!("Error::{k:?}")),
            parent: c.parent,
            python_bases: c.python_bases,
            always_outcome_unknown: c.always_outcome_unknown,
            doc: c.doc,
            fields: c
                .fields
                .iter()
                .map(|f| FieldJson {
                    name: f.name,
                    ty: f.ty.name(),
                    optional: f.optional(),
                    default: f.default.name(),
                    doc: f.doc,
                })
                .collect(),
        })
        .collect();
    let catalogue = CatalogueJson {
        format: "vobiz-partner error catalogue",
        version: 1,
        base_code: BASE_CODE,
        doc_markup: "{name}: a code name each language spells its own way (snake_case in Python, lowerCamelCase in Node); `literal`: code as written.",
        types: FieldType::ALL
            .iter()
            .map(|t| TypeJson {
                name: t.name(),
                doc: t.doc(),
            })
            .collect(),
        classes,
    };
    serde_json::to_string_pretty(&catalogue).expect("the catalogue always serialises")
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::error::Error;

    #[test]
    fn one_class_per_kind_with_unique_names_and_codes_parents_first() {
        for kind in ErrorKind::ALL {
            let class = class_of(kind);
            assert_eq!(class.code(), kind.code());
            assert_eq!(CLASSES.iter().filter(|c| c.kind == Some(kind)).count(), 1);
        }
        assert_eq!(CLASSES.len(), ErrorKind::ALL.len() + 1);
        let names: BTreeSet<_> = CLASSES.iter().map(|c| c.name).collect();
        assert_eq!(names.len(), CLASSES.len());
        let codes: BTreeSet<_> = CLASSES.iter().map(|c| c.code()).collect();
        assert_eq!(codes.len(), CLASSES.len());
        for (i, class) in CLASSES.iter().enumerate() {
            match class.parent {
                None => assert_eq!(i, 0, "only the base has no parent"),
                Some(parent) => {
                    let at = CLASSES.iter().position(|c| c.name == parent).unwrap();
                    assert!(at < i, "{} comes before its parent", class.name);
                }
            }
        }
    }

    #[test]
    fn a_field_name_has_one_type_everywhere_and_no_class_redeclares_one() {
        let mut types = BTreeMap::new();
        for class in CLASSES {
            let all = class.all_fields();
            let names: BTreeSet<_> = all.iter().map(|f| f.name).collect();
            assert_eq!(names.len(), all.len(), "{} redeclares a field", class.name);
            for f in all {
                assert_eq!(*types.entry(f.name).or_insert(f.ty), f.ty, "{}", f.name);
                assert!(f.name.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
            }
        }
    }

    #[test]
    fn the_report_has_exactly_the_catalogue_fields() {
        let Value::Object(map) = serde_json::to_value(ErrorReport::default()).unwrap() else {
            panic!("a report serialises as an object")
        };
        let report: BTreeSet<&str> = map.keys().map(String::as_str).collect();
        let mut catalogue: BTreeSet<&str> = CLASSES
            .iter()
            .flat_map(|c| c.fields.iter())
            .map(|f| f.name)
            .collect();
        catalogue.insert("description");
        assert_eq!(report, catalogue);
    }

    /// One error of every kind, with every optional part filled in.
    fn samples() -> Vec<Error> {
        use std::time::Duration;

        use crate::error::{ApiFailure, DecodeFailure};
        use crate::timestamp::Timestamp;

        let failure = |status| {
            Box::new(ApiFailure {
                status,
                method: "POST".into(),
                path: "/api/v1/x".into(),
                code: Some("code".into()),
                message: Some("message".into()),
                request_id: Some("req".into()),
                details: Map::new(),
                body: "{}".into(),
            })
        };
        let (method, path) = (String::from("POST"), String::from("/api/v1/x"));
        let errors = vec![
            Error::validation("amount", "must be > 0"),
            Error::BadRequest(failure(400)),
            Error::Authentication(failure(401)),
            Error::PermissionDenied(failure(403)),
            Error::NotFound(failure(404)),
            Error::Conflict(failure(409)),
            Error::CoolOff {
                failure: failure(409),
                cool_off_until: Some(Timestamp::parse("2026-01-01T00:00:00Z")),
                remaining: Some(Duration::from_secs(60)),
            },
            Error::Unprocessable(failure(422)),
            Error::RateLimited {
                failure: failure(429),
                retry_after: Some(Duration::from_millis(1500)),
            },
            Error::InsufficientBalance {
                failure: failure(402),
                current_balance: Some("1.00".parse().unwrap()),
                requested_amount: Some("2.00".parse().unwrap()),
                currency: Some("INR".into()),
            },
            Error::Server(failure(500)),
            Error::OutcomeUnknown {
                method: method.clone(),
                path: path.clone(),
                attempts: 1,
                cause: "reset".into(),
            },
            Error::Timeout {
                method: method.clone(),
                path: path.clone(),
                attempts: 2,
                timeout: Duration::from_secs(1),
            },
            Error::Transport {
                method: method.clone(),
                path: path.clone(),
                attempts: 3,
                cause: "refused".into(),
            },
            Error::Decode(Box::new(DecodeFailure {
                method: method.clone(),
                path: path.clone(),
                status: 200,
                reason: "not JSON".into(),
                request_id: Some("req".into()),
                body: "<".into(),
            })),
            Error::webhook("stale"),
            Error::Redirect {
                method: method.clone(),
                path: path.clone(),
                attempts: 1,
                status: 302,
                location: "https://b.example/".into(),
            },
            Error::ResponseTooLarge {
                method,
                path,
                status: 200,
                limit: 64,
            },
            Error::Internal {
                message: "boom".into(),
            },
        ];
        let kinds: BTreeSet<_> = errors.iter().map(|e| e.kind().code()).collect();
        assert_eq!(kinds.len(), ErrorKind::ALL.len(), "a sample of every kind");
        errors
    }

    #[test]
    fn every_report_fills_only_its_class_fields_with_their_catalogue_types() {
        for error in samples() {
            let report = error.report();
            let class = report.class();
            assert_eq!(class.kind, Some(error.kind()));
            let own: BTreeSet<&str> = class.all_fields().iter().map(|f| f.name).collect();
            let Value::Object(map) = serde_json::to_value(&report).unwrap() else {
                panic!()
            };
            for (key, value) in &map {
                if !value.is_null() && key != "description" && value != &Value::Bool(false) {
                    assert!(
                        own.contains(key.as_str()),
                        "{}: {key} = {value}",
                        class.name
                    );
                }
            }
            let fields = report.fields();
            assert_eq!(fields.len(), own.len() - 1, "every field but code");
            for (spec, value) in &fields {
                let matches = match (spec.ty, value) {
                    (_, FieldValue::Null) => spec.optional(),
                    (FieldType::String, FieldValue::String(_))
                    | (FieldType::Integer, FieldValue::Integer(_))
                    | (FieldType::Number, FieldValue::Number(_))
                    | (FieldType::Boolean, FieldValue::Boolean(_))
                    | (FieldType::Decimal, FieldValue::Decimal(_))
                    | (FieldType::Instant, FieldValue::Instant(_)) => true,
                    _ => false,
                };
                assert!(matches, "{}.{}: {value:?}", class.name, spec.name);
                if class.always_outcome_unknown && spec.name == "outcome_unknown" {
                    assert_eq!(value, &FieldValue::Boolean(true), "{}", class.name);
                }
            }
        }
    }

    #[test]
    fn report_values_cross_as_their_types_say() {
        let by_name = |e: &Error| -> BTreeMap<&str, FieldValue> {
            e.report()
                .fields()
                .into_iter()
                .map(|(f, v)| (f.name, v))
                .collect()
        };
        let all = samples();
        let cool = by_name(&all[6]);
        assert_eq!(
            cool["cool_off_until"],
            FieldValue::Instant(1_767_225_600_000)
        );
        assert_eq!(
            cool["cool_off_until_text"],
            FieldValue::String("2026-01-01T00:00:00Z".into())
        );
        assert_eq!(cool["remaining_seconds"], FieldValue::Integer(60));
        assert_eq!(cool["api_code"], FieldValue::String("code".into()));
        assert_eq!(by_name(&all[8])["retry_after"], FieldValue::Number(1.5));
        let balance = by_name(&all[9]);
        assert_eq!(
            balance["current_balance"],
            FieldValue::Decimal("1.00".into())
        );
        assert_eq!(by_name(&all[17])["limit_bytes"], FieldValue::Integer(64));
        assert_eq!(
            by_name(&all[0])["api_message"],
            FieldValue::String("invalid amount: must be > 0".into())
        );
    }

    #[test]
    fn the_json_names_every_class() {
        let doc: Value = serde_json::from_str(&catalogue_json()).unwrap();
        let classes = doc["classes"].as_array().unwrap();
        assert_eq!(classes.len(), CLASSES.len());
        assert_eq!(classes[0]["code"], BASE_CODE);
        let cool = classes.iter().find(|c| c["code"] == "COOL_OFF").unwrap();
        assert_eq!(cool["name"], "CoolOffError");
        assert_eq!(cool["parent"], "ConflictError");
        assert_eq!(cool["rust"], "Error::CoolOff");
        assert_eq!(cool["fields"][0]["type"], "instant");
    }
}

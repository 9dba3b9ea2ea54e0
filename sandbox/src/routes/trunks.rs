//! SIP trunks: `/Account/{auth_id}/trunks[/{trunk_id}]` with the account's own credentials.
//! Create and update accept both documented field sets: the API reference's
//! (`trunk_direction`, `concurrent_calls_limit`, `trunk_status` enabled|disabled) and the
//! prose pages' (`trunk_type` INBOUND|OUTBOUND, `max_concurrent_calls`, `enabled`), which is
//! mapped onto the reference's names. Update is a patch: only the fields sent change. Listing is
//! offset-based (`limit` 20, max 100) with `meta{limit, offset, total}` + `objects`.

use std::collections::HashMap;
use std::net::IpAddr;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde_json::{Map, Value, json};

use super::input::{body_object, int_field, limit_offset};
use crate::auth::own_account;
use crate::clock::rfc3339;
use crate::reply::{ApiError, ApiResult, coded, invalid, no_content, ok};
use crate::store::Shared;
use crate::world::{Trunk, World};

/// Fields every trunk object carries, in the documented order.
const CORE_FIELDS: [&str; 14] = [
    "name",
    "trunk_domain",
    "trunk_status",
    "secure",
    "trunk_direction",
    "concurrent_calls_limit",
    "cps_limit",
    "description",
    "transport",
    "recording",
    "enable_transcription",
    "pii_redaction",
    "webhook_method",
    "recording_webhook_enabled",
];

/// Fields a trunk carries only once they are set.
const EXTRA_FIELDS: [&str; 7] = [
    "inbound_destination",
    "credential_uuid",
    "ipacl_uuid",
    "primary_uri_uuid",
    "fallback_uri_uuid",
    "pii_entity_types",
    "webhook_url",
];

/// The defaults of a new trunk (`trunk_domain` is filled in once the id exists).
fn defaults() -> Map<String, Value> {
    let mut fields = Map::new();
    for (key, value) in [
        ("trunk_status", json!("enabled")),
        ("secure", json!(false)),
        ("trunk_direction", json!("both")),
        ("concurrent_calls_limit", json!(10)),
        ("cps_limit", json!(2)),
        ("description", json!("")),
        ("transport", json!("udp")),
        ("recording", json!(false)),
        ("enable_transcription", json!(false)),
        ("pii_redaction", json!(false)),
        ("webhook_method", json!("POST")),
        ("recording_webhook_enabled", json!(false)),
    ] {
        fields.insert(key.into(), value);
    }
    fields
}

/// A string field: `None` when absent, `Some(None)` for null, else the trimmed text (at most
/// `max` characters).
fn string_field(
    body: &Map<String, Value>,
    key: &str,
    max: usize,
) -> Result<Option<Option<String>>, ApiError> {
    match body.get(key) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::String(s)) if s.trim().chars().count() <= max => {
            Ok(Some(Some(s.trim().to_owned())))
        }
        Some(Value::String(_)) => Err(invalid(format!("{key} must be at most {max} characters"))),
        Some(_) => Err(invalid(format!("{key} must be a string"))),
    }
}

fn bool_field(body: &Map<String, Value>, key: &str) -> Result<Option<bool>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(invalid(format!("{key} must be true or false"))),
    }
}

/// One of `allowed`, compared case-insensitively and stored as written in `allowed`.
fn choice(
    body: &Map<String, Value>,
    key: &str,
    allowed: &[&str],
) -> Result<Option<String>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => allowed
            .iter()
            .find(|a| a.eq_ignore_ascii_case(s.trim()))
            .map(|a| Some((*a).to_owned()))
            .ok_or_else(|| invalid(format!("{key} must be one of {}", allowed.join(", ")))),
        Some(_) => Err(invalid(format!(
            "{key} must be one of {}",
            allowed.join(", ")
        ))),
    }
}

/// Whether `url` is a public http(s) URL: no localhost, private (RFC 1918), link-local or
/// metadata address (the docs' SSRF check on `webhook_url`).
fn public_http_url(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty()
        || host == "localhost"
        || host.ends_with(".localhost")
        || host.ends_with(".internal")
    {
        return false;
    }
    match host.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => {
            !(ip.is_loopback()
                || ip.is_private()
                || ip.is_link_local()
                || ip.is_unspecified()
                || ip.is_broadcast()
                || ip.octets()[0] == 0)
        }
        Ok(IpAddr::V6(ip)) => {
            let first = ip.segments()[0];
            !(ip.is_loopback()
                || ip.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80)
        }
        Err(_) => true,
    }
}

/// Applies the recognised fields of `body` to `fields`, validating each. Unknown fields and
/// the deprecated `username` / `password` / `ip_whitelist` are ignored.
fn apply(fields: &mut Map<String, Value>, body: &Map<String, Value>) -> Result<(), ApiError> {
    match string_field(body, "name", 255)? {
        None => {}
        Some(Some(name)) if !name.is_empty() => {
            fields.insert("name".into(), json!(name));
        }
        Some(_) => return Err(invalid("name must not be empty")),
    }
    let direction = match choice(body, "trunk_direction", &["inbound", "outbound", "both"])? {
        Some(d) => Some(d),
        None => choice(body, "trunk_type", &["INBOUND", "OUTBOUND", "BOTH"])?
            .map(|t| t.to_ascii_lowercase()),
    };
    if let Some(direction) = direction {
        fields.insert("trunk_direction".into(), json!(direction));
    }
    let limit = match int_field(body, "concurrent_calls_limit", 0, 1000)? {
        Some(l) => Some(l),
        None => int_field(body, "max_concurrent_calls", 0, 1000)?,
    };
    if let Some(limit) = limit {
        fields.insert("concurrent_calls_limit".into(), json!(limit));
    }
    if let Some(cps) = int_field(body, "cps_limit", 0, 100)? {
        fields.insert("cps_limit".into(), json!(cps));
    }
    if let Some(Value::String(s)) = body.get("trunk_status")
        && (s.eq_ignore_ascii_case("active") || s.eq_ignore_ascii_case("inactive"))
    {
        return Err(invalid(
            "trunk_status must be enabled or disabled (not active/inactive)",
        ));
    }
    let status = match choice(body, "trunk_status", &["enabled", "disabled"])? {
        Some(s) => Some(s),
        None => bool_field(body, "enabled")?
            .map(|on| if on { "enabled" } else { "disabled" }.to_owned()),
    };
    if let Some(status) = status {
        fields.insert("trunk_status".into(), json!(status));
    }
    if let Some(transport) = choice(body, "transport", &["udp", "tcp", "tls"])? {
        fields.insert("transport".into(), json!(transport));
    }
    if let Some(method) = choice(body, "webhook_method", &["POST", "GET"])? {
        fields.insert("webhook_method".into(), json!(method));
    }
    for key in [
        "secure",
        "recording",
        "enable_transcription",
        "pii_redaction",
        "recording_webhook_enabled",
    ] {
        if let Some(on) = bool_field(body, key)? {
            fields.insert(key.into(), json!(on));
        }
    }
    match string_field(body, "description", 500)? {
        None => {}
        Some(d) => {
            fields.insert("description".into(), json!(d.unwrap_or_default()));
        }
    }
    if let Some(Some(domain)) = string_field(body, "trunk_domain", 255)?
        && !domain.is_empty()
    {
        fields.insert("trunk_domain".into(), json!(domain));
    }
    for (key, max) in [
        ("inbound_destination", 255),
        ("credential_uuid", 64),
        ("ipacl_uuid", 64),
        ("primary_uri_uuid", 64),
        ("fallback_uri_uuid", 64),
        ("pii_entity_types", 500),
    ] {
        if let Some(v) = string_field(body, key, max)? {
            fields.insert(
                key.into(),
                v.filter(|s| !s.is_empty())
                    .map(Value::String)
                    .unwrap_or(Value::Null),
            );
        }
    }
    if let Some(url) = string_field(body, "webhook_url", 500)? {
        let url = url.filter(|u| !u.is_empty());
        if let Some(u) = &url
            && !public_http_url(u)
        {
            return Err(invalid("invalid webhook_url"));
        }
        fields.insert(
            "webhook_url".into(),
            url.map(Value::String).unwrap_or(Value::Null),
        );
    }
    Ok(())
}

/// The trunk object as the docs write it.
fn render(t: &Trunk) -> Value {
    let mut out = Map::new();
    out.insert("trunk_id".into(), json!(t.trunk_id));
    out.insert("account_id".into(), json!(t.account_id));
    for key in CORE_FIELDS {
        out.insert(
            key.into(),
            t.fields.get(key).cloned().unwrap_or(Value::Null),
        );
    }
    out.insert("created_at".into(), json!(rfc3339(t.created_at)));
    out.insert("updated_at".into(), json!(rfc3339(t.updated_at)));
    for key in EXTRA_FIELDS {
        if let Some(v) = t.fields.get(key).filter(|v| !v.is_null()) {
            out.insert(key.into(), v.clone());
        }
    }
    Value::Object(out)
}

/// One of the caller's trunks; another account's trunk is 404 like a missing one.
fn own_trunk<'w>(
    world: &'w World,
    account_id: &str,
    trunk_id: &str,
) -> Result<&'w Trunk, ApiError> {
    world
        .trunks
        .get(trunk_id)
        .filter(|t| t.account_id == account_id)
        .ok_or_else(|| coded(404, "not_found", "trunk not found"))
}

/// POST /Account/{auth_id}/trunks → 201 with the full object.
pub async fn create(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(auth_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    store.write(|w| {
        let me = own_account(w, &headers, &auth_id)?.auth_id.clone();
        let mut fields = defaults();
        apply(&mut fields, &body)?;
        if !fields.contains_key("name") {
            return Err(invalid("name is required"));
        }
        let trunk_id = w.ids.uuid();
        if !fields.contains_key("trunk_domain") {
            fields.insert(
                "trunk_domain".into(),
                json!(format!("{trunk_id}.sip.vobiz.ai")),
            );
        }
        let now = w.now();
        let trunk = Trunk {
            trunk_id: trunk_id.clone(),
            account_id: me,
            fields,
            created_at: now,
            updated_at: now,
        };
        let reply = render(&trunk);
        w.trunks.insert(trunk_id, trunk);
        ok(201, reply)
    })
}

/// GET /Account/{auth_id}/trunks?limit=&offset= (newest first).
pub async fn list(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(auth_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    store.read(|w| {
        let me = own_account(w, &headers, &auth_id)?;
        let (limit, offset) = limit_offset(&query)?;
        let mut rows: Vec<&Trunk> = w.trunks.values().filter(|t| t.account_id == me.auth_id).collect();
        rows.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.trunk_id.cmp(&b.trunk_id)));
        let objects: Vec<Value> = rows.iter().skip(offset as usize).take(limit as usize).map(|t| render(t)).collect();
        ok(200, json!({"meta": {"limit": limit, "offset": offset, "total": rows.len()}, "objects": objects}))
    })
}

/// GET /Account/{auth_id}/trunks/{trunk_id}.
pub async fn get(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((auth_id, trunk_id)): Path<(String, String)>,
) -> ApiResult {
    store.read(|w| {
        let me = own_account(w, &headers, &auth_id)?;
        ok(200, render(own_trunk(w, &me.auth_id, &trunk_id)?))
    })
}

/// PUT /Account/{auth_id}/trunks/{trunk_id}: a patch (the id and owner never change).
pub async fn update(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((auth_id, trunk_id)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    let body = body_object(&body)?;
    store.write(|w| {
        let me = own_account(w, &headers, &auth_id)?.auth_id.clone();
        let mut fields = own_trunk(w, &me, &trunk_id)?.fields.clone();
        apply(&mut fields, &body)?;
        let now = w.now();
        let trunk = w.trunks.get_mut(&trunk_id).expect("checked above");
        trunk.fields = fields;
        trunk.updated_at = now;
        ok(200, render(trunk))
    })
}

/// DELETE /Account/{auth_id}/trunks/{trunk_id} → 204; numbers routed to it are detached and
/// the credentials, IP-ACL entries and origination URIs it names are deleted (the cascade).
pub async fn delete(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((auth_id, trunk_id)): Path<(String, String)>,
) -> ApiResult {
    store.write(|w| {
        let me = own_account(w, &headers, &auth_id)?.auth_id.clone();
        own_trunk(w, &me, &trunk_id)?;
        let removed = w.trunks.remove(&trunk_id).expect("checked above");
        super::trunk_parts::cascade(w, &removed);
        let now = w.now();
        for n in w
            .numbers
            .values_mut()
            .filter(|n| n.trunk_group_id.as_deref() == Some(trunk_id.as_str()))
        {
            n.trunk_group_id = None;
            n.updated_at = now;
        }
        no_content()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_urls_must_be_public_http() {
        for good in [
            "https://example.com/hook",
            "http://hooks.example.org:8443/x?y=1",
            "https://8.8.8.8/",
        ] {
            assert!(public_http_url(good), "{good}");
        }
        for bad in [
            "ftp://example.com",
            "http://localhost/x",
            "http://127.0.0.1:9000/",
            "http://10.1.2.3/",
            "http://192.168.0.10/",
            "http://172.16.5.4/",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/",
            "http://user@127.0.0.1/",
        ] {
            assert!(!public_http_url(bad), "{bad}");
        }
    }
}

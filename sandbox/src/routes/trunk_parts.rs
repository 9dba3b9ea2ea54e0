//! Trunk sub-resources: SIP credentials, IP access-control entries and origination URIs, with
//! the account's own credentials.
//!
//! - created at `POST /Account/{auth_id}/{credentials|ip-acl|origination-uris}` (201);
//! - listed at `GET /Account/{auth_id}/trunks/{credentials|ip-acl|origination-uris}`
//!   (`limit` 20, max 100, `offset`; `{meta{limit, offset, total}, objects}`,
//!   newest first);
//! - changed at `PUT /Account/{auth_id}/{kind}/{uuid}` (a patch: only the fields sent
//!   change) and deleted at `DELETE …/{kind}/{uuid}` (204).
//!
//! They belong to the account, not to one trunk: a trunk uses one by naming its uuid in
//! `credential_uuid`, `ipacl_uuid`, `primary_uri_uuid` or `fallback_uri_uuid`. Deleting a
//! trunk deletes the sub-resources it names that no other trunk names (the documented
//! cascade); deleting a sub-resource clears the trunk fields that named it.
//!
//! Rules: `username` 1–100 characters without whitespace, unique in the account (409);
//! `password` 8–128 characters, never shown again (`"<redacted>"`); `ip_address` an IPv4
//! address or CIDR block (IPv6 and the RFC 5737 documentation ranges 192.0.2.0/24,
//! 198.51.100.0/24, 203.0.113.0/24 are refused); `sip_uri` a `sip:` or `sips:` URI, read back
//! as `uri`; `priority` 0–65535 (default 10), `weight` 1–65535 (default 10). Errors are
//! `400 {"error":"validation_error","message":…}` and `404 {"error":"not_found",…}`.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde_json::{Map, Value, json};

use super::input::{body_object, int_field, limit_offset};
use crate::auth::own_account;
use crate::clock::rfc3339;
use crate::reply::{ApiError, ApiResult, coded, invalid, no_content, ok};
use crate::store::Shared;
use crate::world::{Trunk, TrunkPart, World};

/// Route segments of the three kinds.
const CREDENTIALS: &str = "credentials";
const IP_ACL: &str = "ip-acl";
const ORIGINATION_URIS: &str = "origination-uris";

/// The RFC 5737 documentation networks the API refuses.
const DOCUMENTATION_NETS: [(Ipv4Addr, u8); 3] = [
    (Ipv4Addr::new(192, 0, 2, 0), 24),
    (Ipv4Addr::new(198, 51, 100, 0), 24),
    (Ipv4Addr::new(203, 0, 113, 0), 24),
];

/// The singular noun of a kind, for messages.
fn noun(kind: &str) -> &'static str {
    match kind {
        CREDENTIALS => "credential",
        IP_ACL => "ip acl entry",
        _ => "origination uri",
    }
}

/// A string field: `None` when absent or null, else the trimmed text (non-empty, at most
/// `max` characters).
fn string_field(
    body: &Map<String, Value>,
    key: &str,
    max: usize,
) -> Result<Option<String>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            let s = s.trim();
            if s.is_empty() {
                Err(invalid(format!("{key} must not be empty")))
            } else if s.chars().count() > max {
                Err(invalid(format!("{key} must be at most {max} characters")))
            } else {
                Ok(Some(s.to_owned()))
            }
        }
        Some(_) => Err(invalid(format!("{key} must be a string"))),
    }
}

/// Whether `a/a_len` and `b/b_len` share any address.
fn overlaps(a: Ipv4Addr, a_len: u8, b: Ipv4Addr, b_len: u8) -> bool {
    let len = a_len.min(b_len);
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    (u32::from(a) & mask) == (u32::from(b) & mask)
}

/// An IPv4 address or CIDR block outside the documentation ranges, as written.
fn ip_address(value: &str) -> Result<String, ApiError> {
    let (addr, len) = match value.split_once('/') {
        Some((addr, len)) => (addr, Some(len)),
        None => (value, None),
    };
    let ip = match addr.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) => ip,
        Ok(IpAddr::V6(_)) => return Err(invalid("ip_address: IPv6 is not supported")),
        Err(_) => {
            return Err(invalid(format!(
                "ip_address {value:?} is not an IPv4 address or CIDR block"
            )));
        }
    };
    let len = match len {
        None => 32,
        Some(l) => match l.parse::<u8>() {
            Ok(l) if l <= 32 => l,
            _ => {
                return Err(invalid(format!(
                    "ip_address {value:?} has an invalid prefix length"
                )));
            }
        },
    };
    if DOCUMENTATION_NETS
        .iter()
        .any(|(net, net_len)| overlaps(ip, len, *net, *net_len))
    {
        return Err(invalid(
            "ip_address is in a documentation range (RFC 5737: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24)",
        ));
    }
    Ok(value.to_owned())
}

/// A `sip:` / `sips:` URI with something after the scheme.
fn sip_uri(value: &str) -> Result<String, ApiError> {
    let lower = value.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("sips:")
        .or_else(|| lower.strip_prefix("sip:"));
    match rest {
        Some(r) if !r.is_empty() && !r.contains(char::is_whitespace) => Ok(value.to_owned()),
        _ => Err(invalid(format!(
            "sip_uri {value:?} must be a sip: or sips: URI"
        ))),
    }
}

/// Applies the fields of `body` for `kind` to `fields`; `creating` requires the mandatory
/// ones.
fn apply(
    world: &World,
    account_id: &str,
    kind: &str,
    own_uuid: Option<&str>,
    fields: &mut Map<String, Value>,
    body: &Map<String, Value>,
) -> Result<(), ApiError> {
    let creating = own_uuid.is_none();
    let required = |key: &str, present: bool| {
        if creating && !present {
            Err(invalid(format!("{key} is required")))
        } else {
            Ok(())
        }
    };
    match kind {
        CREDENTIALS => {
            let username = string_field(body, "username", 100)?;
            required("username", username.is_some())?;
            if let Some(username) = username {
                if username.contains(char::is_whitespace) {
                    return Err(invalid("username must not contain whitespace"));
                }
                let taken = world.trunk_parts.values().any(|p| {
                    p.kind == CREDENTIALS
                        && p.account_id == account_id
                        && Some(p.uuid.as_str()) != own_uuid
                        && p.fields.get("username").and_then(Value::as_str)
                            == Some(username.as_str())
                });
                if taken {
                    return Err(coded(409, "conflict", "username already exists"));
                }
                fields.insert("username".into(), json!(username));
            }
            let password = match body.get("password") {
                None | Some(Value::Null) => None,
                Some(Value::String(p)) if (8..=128).contains(&p.chars().count()) => Some(p.clone()),
                Some(_) => return Err(invalid("password must be 8 to 128 characters")),
            };
            required("password", password.is_some())?;
            if let Some(password) = password {
                fields.insert("password".into(), json!(password));
            }
        }
        IP_ACL => {
            let name = string_field(body, "name", 255)?;
            required("name", name.is_some())?;
            if let Some(name) = name {
                fields.insert("name".into(), json!(name));
            }
            let ip = string_field(body, "ip_address", 64)?;
            required("ip_address", ip.is_some())?;
            if let Some(ip) = ip {
                fields.insert("ip_address".into(), json!(ip_address(&ip)?));
            }
        }
        _ => {
            let name = string_field(body, "name", 255)?;
            required("name", name.is_some())?;
            if let Some(name) = name {
                fields.insert("name".into(), json!(name));
            }
            let uri = match string_field(body, "sip_uri", 500)? {
                Some(u) => Some(u),
                None => string_field(body, "uri", 500)?,
            };
            required("sip_uri", uri.is_some())?;
            if let Some(uri) = uri {
                fields.insert("uri".into(), json!(sip_uri(&uri)?));
            }
            if let Some(priority) = int_field(body, "priority", 0, 65_535)? {
                fields.insert("priority".into(), json!(priority));
            }
            if let Some(weight) = int_field(body, "weight", 1, 65_535)? {
                fields.insert("weight".into(), json!(weight));
            }
            if creating {
                fields.entry("priority").or_insert(json!(10));
                fields.entry("weight").or_insert(json!(10));
            }
        }
    }
    Ok(())
}

/// The object as the API writes it: the password redacted, the URI as `uri`.
fn render(part: &TrunkPart) -> Value {
    let mut out = Map::new();
    out.insert("uuid".into(), json!(part.uuid));
    out.insert("account_id".into(), json!(part.account_id));
    let keys: &[&str] = match part.kind.as_str() {
        CREDENTIALS => &["username", "password"],
        IP_ACL => &["name", "ip_address"],
        _ => &["name", "uri", "priority", "weight"],
    };
    for key in keys {
        let value = match *key {
            "password" => json!("<redacted>"),
            _ => part.fields.get(*key).cloned().unwrap_or(Value::Null),
        };
        out.insert((*key).into(), value);
    }
    out.insert("created_at".into(), json!(rfc3339(part.created_at)));
    out.insert("updated_at".into(), json!(rfc3339(part.updated_at)));
    Value::Object(out)
}

/// One of the caller's sub-resources of `kind`; another account's is 404 like a missing one.
fn own_part<'w>(
    world: &'w World,
    account_id: &str,
    kind: &str,
    uuid: &str,
) -> Result<&'w TrunkPart, ApiError> {
    world
        .trunk_parts
        .get(uuid)
        .filter(|p| p.account_id == account_id && p.kind == kind)
        .ok_or_else(|| coded(404, "not_found", format!("{} not found", noun(kind))))
}

/// The trunk fields that can name a sub-resource.
const TRUNK_LINKS: [&str; 4] = [
    "credential_uuid",
    "ipacl_uuid",
    "primary_uri_uuid",
    "fallback_uri_uuid",
];

fn names(trunk: &Trunk, uuid: &str) -> bool {
    TRUNK_LINKS
        .iter()
        .any(|k| trunk.fields.get(*k).and_then(Value::as_str) == Some(uuid))
}

/// The cascade of a trunk delete: removes the sub-resources `removed` named that no
/// remaining trunk names. Call after the trunk left `world.trunks`.
pub(super) fn cascade(world: &mut World, removed: &Trunk) {
    let named: Vec<String> = TRUNK_LINKS
        .iter()
        .filter_map(|k| removed.fields.get(*k).and_then(Value::as_str))
        .map(str::to_owned)
        .collect();
    for uuid in named {
        let still_used = world.trunks.values().any(|t| names(t, &uuid));
        let owned = world
            .trunk_parts
            .get(&uuid)
            .is_some_and(|p| p.account_id == removed.account_id);
        if owned && !still_used {
            world.trunk_parts.remove(&uuid);
        }
    }
}

async fn create(
    store: Shared,
    headers: HeaderMap,
    auth_id: String,
    body: Bytes,
    kind: &str,
) -> ApiResult {
    let body = body_object(&body)?;
    store.write(|w| {
        let me = own_account(w, &headers, &auth_id)?.auth_id.clone();
        let mut fields = Map::new();
        apply(w, &me, kind, None, &mut fields, &body)?;
        let now = w.now();
        let part = TrunkPart {
            uuid: w.ids.uuid(),
            account_id: me,
            kind: kind.to_owned(),
            fields,
            created_at: now,
            updated_at: now,
        };
        let reply = render(&part);
        w.trunk_parts.insert(part.uuid.clone(), part);
        ok(201, reply)
    })
}

async fn list(
    store: Shared,
    headers: HeaderMap,
    auth_id: String,
    query: HashMap<String, String>,
    kind: &str,
) -> ApiResult {
    store.read(|w| {
        let me = own_account(w, &headers, &auth_id)?;
        let (limit, offset) = limit_offset(&query)?;
        let mut rows: Vec<&TrunkPart> = w
            .trunk_parts
            .values()
            .filter(|p| p.account_id == me.auth_id && p.kind == kind)
            .collect();
        rows.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.uuid.cmp(&b.uuid)));
        let objects: Vec<Value> = rows
            .iter()
            .skip(offset as usize)
            .take(limit as usize)
            .map(|p| render(p))
            .collect();
        ok(
            200,
            json!({"meta": {"limit": limit, "offset": offset, "total": rows.len()}, "objects": objects}),
        )
    })
}

async fn update(
    store: Shared,
    headers: HeaderMap,
    auth_id: String,
    uuid: String,
    body: Bytes,
    kind: &str,
) -> ApiResult {
    let body = body_object(&body)?;
    store.write(|w| {
        let me = own_account(w, &headers, &auth_id)?.auth_id.clone();
        let mut fields = own_part(w, &me, kind, &uuid)?.fields.clone();
        apply(w, &me, kind, Some(&uuid), &mut fields, &body)?;
        let now = w.now();
        let part = w.trunk_parts.get_mut(&uuid).expect("checked above");
        part.fields = fields;
        part.updated_at = now;
        ok(200, render(part))
    })
}

async fn delete(
    store: Shared,
    headers: HeaderMap,
    auth_id: String,
    uuid: String,
    kind: &str,
) -> ApiResult {
    store.write(|w| {
        let me = own_account(w, &headers, &auth_id)?.auth_id.clone();
        own_part(w, &me, kind, &uuid)?;
        w.trunk_parts.remove(&uuid);
        let now = w.now();
        for trunk in w.trunks.values_mut().filter(|t| t.account_id == me) {
            for key in TRUNK_LINKS {
                if trunk.fields.get(key).and_then(Value::as_str) == Some(uuid.as_str()) {
                    trunk.fields.insert(key.into(), Value::Null);
                    trunk.updated_at = now;
                }
            }
        }
        no_content()
    })
}

/// POST /Account/{auth_id}/credentials `{username, password}` → 201.
pub async fn create_credential(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(auth_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    create(store, headers, auth_id, body, CREDENTIALS).await
}

/// POST /Account/{auth_id}/ip-acl `{name, ip_address}` → 201.
pub async fn create_ip_acl(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(auth_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    create(store, headers, auth_id, body, IP_ACL).await
}

/// POST /Account/{auth_id}/origination-uris `{name, sip_uri, priority?, weight?}` → 201.
pub async fn create_origination_uri(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(auth_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    create(store, headers, auth_id, body, ORIGINATION_URIS).await
}

/// GET /Account/{auth_id}/trunks/credentials?limit=&offset=.
pub async fn list_credentials(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(auth_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    list(store, headers, auth_id, query, CREDENTIALS).await
}

/// GET /Account/{auth_id}/trunks/ip-acl?limit=&offset=.
pub async fn list_ip_acl(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(auth_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    list(store, headers, auth_id, query, IP_ACL).await
}

/// GET /Account/{auth_id}/trunks/origination-uris?limit=&offset=.
pub async fn list_origination_uris(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path(auth_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult {
    list(store, headers, auth_id, query, ORIGINATION_URIS).await
}

/// PUT /Account/{auth_id}/credentials/{uuid} (a patch).
pub async fn update_credential(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((auth_id, uuid)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    update(store, headers, auth_id, uuid, body, CREDENTIALS).await
}

/// PUT /Account/{auth_id}/ip-acl/{uuid} (a patch).
pub async fn update_ip_acl(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((auth_id, uuid)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    update(store, headers, auth_id, uuid, body, IP_ACL).await
}

/// PUT /Account/{auth_id}/origination-uris/{uuid} (a patch).
pub async fn update_origination_uri(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((auth_id, uuid)): Path<(String, String)>,
    body: Bytes,
) -> ApiResult {
    update(store, headers, auth_id, uuid, body, ORIGINATION_URIS).await
}

/// DELETE /Account/{auth_id}/credentials/{uuid} → 204.
pub async fn delete_credential(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((auth_id, uuid)): Path<(String, String)>,
) -> ApiResult {
    delete(store, headers, auth_id, uuid, CREDENTIALS).await
}

/// DELETE /Account/{auth_id}/ip-acl/{uuid} → 204.
pub async fn delete_ip_acl(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((auth_id, uuid)): Path<(String, String)>,
) -> ApiResult {
    delete(store, headers, auth_id, uuid, IP_ACL).await
}

/// DELETE /Account/{auth_id}/origination-uris/{uuid} → 204.
pub async fn delete_origination_uri(
    State(store): State<Shared>,
    headers: HeaderMap,
    Path((auth_id, uuid)): Path<(String, String)>,
) -> ApiResult {
    delete(store, headers, auth_id, uuid, ORIGINATION_URIS).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_addresses_follow_the_documented_rules() {
        for good in [
            "8.8.8.8",
            "10.0.0.0/8",
            "192.0.3.1",
            "0.0.0.0/1",
            "203.0.114.0/24",
        ] {
            assert!(ip_address(good).is_ok(), "{good}");
        }
        for bad in [
            "192.0.2.10",
            "198.51.100.0/24",
            "203.0.113.7/32",
            "192.0.0.0/16",
            "::1",
            "2001:db8::/32",
            "10.0.0.0/33",
            "10.0.0/8",
            "host.example.com",
            "10.0.0.1/",
        ] {
            assert!(ip_address(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sip_uris_need_their_scheme() {
        assert!(sip_uri("sip:pbx.example.com:5060").is_ok());
        assert!(sip_uri("SIPS:pbx.example.com").is_ok());
        for bad in ["pbx.example.com", "sip:", "http://x", "sip:a b"] {
            assert!(sip_uri(bad).is_err(), "{bad}");
        }
    }
}

//! `NativeClient` and `NativePages`: the core's named operations ([`vobiz_partner::ops`])
//! for the package's JS clients (`Partner`, `Account`, `SubAccount`: `ts/clients.ts` and the
//! generated `ts/operations.ts`).
//!
//! Each method converts the arguments, makes one core call and converts the result. The
//! arguments cross as JSON text (`JSON.stringify` in the JS layer: `undefined` fields are
//! dropped, a `Date` becomes its ISO text, numbers keep their shortest decimal form, which
//! the core reads money from exactly). The core checks them and turns camelCase keys into
//! its snake_case names ([`KeyCase::Camel`]). Text rather than the JS object: reading the
//! object through Node-API property by property measured slower than `JSON.stringify` plus
//! `serde_json` (release build, 20k conversions, median of 7 runs: 1.1–1.2× slower for a
//! one-field object, 1.8× for a customer, 1.9–2.1× for fifty; 8–13% slower over 20k whole
//! calls the core refuses, within ±3% over 20k calls the sandbox answers).
//!
//! Results cross as JS values built from the core's [`View`] ([`JsView`]): objects keep the
//! field order of the models and camelCase keys (the unknown fields under `extra` keep the
//! server's); money becomes its exact decimal text (`"0.30000"`, scale kept); a timestamp its
//! ISO 8601 text; a secret the marker object `{"$vobizSecret": "…"}`, which the JS layer
//! turns into a `Secret` at once.

use std::sync::{Arc, Mutex};

use chrono::SecondsFormat;
use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde_json::Value;
use vobiz_partner as vp;
use vp::ops::{Client, OperationKind, ViewPages};
use vp::timestamp::{TimeValue, Timestamp};
use vp::view::{KeyCase, View};

use crate::config::{ClientConfig, count};
use crate::credentials::{AccountCredentials, PartnerCredentials};
use crate::error::js_result;
use crate::guard;

/// The key of the marker object a secret crosses as.
pub const SECRET_MARKER: &str = "$vobizSecret";

/// The largest integer a JS number holds exactly (2^53 − 1).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A core result on its way to JS (see the module docs for the conversion).
pub struct JsView(pub View);

/// A timestamp as ISO 8601 text: an instant in RFC 3339 with its own offset (`Z` for UTC),
/// a local date-time as `YYYY-MM-DDTHH:MM:SS[.fff]`, a date as `YYYY-MM-DD`, and a form the
/// core could not read as the API wrote it.
pub fn iso_text(time: &Timestamp) -> String {
    match time.value() {
        TimeValue::Instant(at) => at.to_rfc3339_opts(SecondsFormat::AutoSi, true),
        TimeValue::Local(at) => at.format("%Y-%m-%dT%H:%M:%S%.f").to_string(),
        TimeValue::Date(day) => day.format("%Y-%m-%d").to_string(),
        TimeValue::Unparsed => time.raw().to_owned(),
    }
}

impl ToNapiValue for JsView {
    unsafe fn to_napi_value(raw_env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        let env = Env::from(raw_env);
        // SAFETY (every call below): `raw_env` is the live environment napi handed to this
        // conversion, on the JS thread.
        unsafe {
            match val.0 {
                View::Null => Null::to_napi_value(raw_env, Null),
                View::Bool(b) => bool::to_napi_value(raw_env, b),
                View::Int(i) => i64::to_napi_value(raw_env, i),
                View::UInt(u) => f64::to_napi_value(raw_env, u as f64),
                View::Float(f) => f64::to_napi_value(raw_env, f),
                View::Text(text) => String::to_napi_value(raw_env, text),
                View::Money(money) => {
                    String::to_napi_value(raw_env, money.as_decimal().to_string())
                }
                View::Time(time) => String::to_napi_value(raw_env, iso_text(&time)),
                View::Secret(secret) => {
                    let mut marker = Object::new(&env)?;
                    marker.set(SECRET_MARKER, secret.expose())?;
                    Ok(marker.raw())
                }
                View::List(items) => {
                    Vec::<JsView>::to_napi_value(raw_env, items.into_iter().map(JsView).collect())
                }
                View::Map(fields) => {
                    let mut object = Object::new(&env)?;
                    for (key, value) in fields {
                        if key == "__proto__" {
                            // A server-sent key: an own property, as `JSON.parse` makes
                            // it, never the object's prototype (which `set` would change).
                            let value = JsView::to_napi_value(raw_env, JsView(value))?;
                            let value = Unknown::from_raw_unchecked(raw_env, value);
                            object.define_properties(&[Property::new()
                                .with_utf8_name(&key)?
                                .with_value(&value)])?;
                        } else {
                            object.set(key, JsView(value))?;
                        }
                    }
                    Ok(object.raw())
                }
            }
        }
    }
}

/// The options of `client.list(op, args, options)`; omitted ones keep the core defaults
/// (100 per page, no limit, 4 pages in flight).
#[napi(object)]
#[derive(Clone, Debug, Default)]
pub struct NativeListOptions {
    /// Items per page to ask for (capped at the endpoint's maximum).
    pub page_size: Option<f64>,
    /// Stop after this many items.
    pub max_items: Option<f64>,
    /// How many pages may be in flight at once once the total is known (1 = sequential).
    pub prefetch: Option<f64>,
}

fn page_options(options: Option<NativeListOptions>) -> vp::Result<vp::PageOptions> {
    let options = options.unwrap_or_default();
    let mut page = vp::PageOptions::default();
    if let Some(n) = options.page_size {
        page.page_size = count("page_size", n)?;
    }
    if let Some(n) = options.max_items {
        if !n.is_finite() || n < 0.0 || n.fract() != 0.0 || n > MAX_SAFE_INTEGER {
            return Err(vp::Error::validation(
                "max_items",
                "must be a whole number, 0 or more",
            ));
        }
        page.max_items = Some(n as u64);
    }
    if let Some(n) = options.prefetch {
        page.prefetch = count("prefetch", n)? as usize;
    }
    Ok(page)
}

/// The arguments object from its JSON text (`None`: no arguments).
fn parse_args(args_json: Option<String>) -> vp::Result<Value> {
    match args_json {
        None => Ok(Value::Null),
        Some(text) => serde_json::from_str(&text)
            .map_err(|e| vp::Error::validation("arguments", format!("are not valid JSON: {e}"))),
    }
}

fn config_or_default(config: Option<&ClientConfig>) -> vp::Result<vp::ClientConfig> {
    match config {
        Some(config) => Ok(config.inner.clone()),
        None => vp::ClientConfig::builder().binding("node").build(),
    }
}

/// A client of any scope: the partner, an account, or a main account's handle on one of its
/// sub-accounts. Cheap to share: one connection pool per client (and its derived clients).
#[napi]
pub struct NativeClient {
    inner: Client,
}

#[napi]
impl NativeClient {
    /// A partner client (`PA_…` credentials); the default configuration when `config` is
    /// absent.
    #[napi(factory)]
    pub fn partner(
        env: Env,
        credentials: &PartnerCredentials,
        config: Option<&ClientConfig>,
    ) -> Result<Self> {
        guard::sync(&env, "NativeClient.partner", || {
            let built = config_or_default(config)
                .and_then(|config| vp::Partner::new(credentials.inner.clone(), config));
            let partner = js_result(&env, built)?;
            Ok(NativeClient {
                inner: Client::Partner(partner),
            })
        })
    }

    /// An account client (`MA_…` / `SA_…` credentials).
    #[napi(factory)]
    pub fn account(
        env: Env,
        credentials: &AccountCredentials,
        config: Option<&ClientConfig>,
    ) -> Result<Self> {
        guard::sync(&env, "NativeClient.account", || {
            let built = config_or_default(config)
                .and_then(|config| vp::Account::new(credentials.inner.clone(), config));
            let account = js_result(&env, built)?;
            Ok(NativeClient {
                inner: Client::Account(account),
            })
        })
    }

    /// A partner client from `VOBIZ_AUTH_ID`, `VOBIZ_AUTH_TOKEN` and `VOBIZ_BASE_URL`.
    #[napi(factory)]
    pub fn partner_from_env(env: Env) -> Result<Self> {
        guard::sync(&env, "NativeClient.partnerFromEnv", || {
            let build = || -> vp::Result<Client> {
                let config = vp::ClientConfig::builder_from_env()?
                    .binding("node")
                    .build()?;
                Ok(Client::Partner(vp::Partner::new(
                    vp::PartnerCredentials::from_env()?,
                    config,
                )?))
            };
            let inner = js_result(&env, build())?;
            Ok(NativeClient { inner })
        })
    }

    /// An account client from `VOBIZ_AUTH_ID`, `VOBIZ_AUTH_TOKEN` and `VOBIZ_BASE_URL`.
    #[napi(factory)]
    pub fn account_from_env(env: Env) -> Result<Self> {
        guard::sync(&env, "NativeClient.accountFromEnv", || {
            let build = || -> vp::Result<Client> {
                let config = vp::ClientConfig::builder_from_env()?
                    .binding("node")
                    .build()?;
                Ok(Client::Account(vp::Account::new(
                    vp::AccountCredentials::from_env()?,
                    config,
                )?))
            };
            let inner = js_result(&env, build())?;
            Ok(NativeClient { inner })
        })
    }

    /// `partner`, `account` or `sub_account`.
    #[napi(getter)]
    pub fn scope(&self, env: Env) -> Result<String> {
        guard::sync(&env, "NativeClient.scope", || {
            Ok(self.inner.scope_name().to_owned())
        })
    }

    /// The auth id the client acts as (for a sub-account handle, the sub-account's).
    #[napi(getter)]
    pub fn auth_id(&self, env: Env) -> Result<String> {
        guard::sync(&env, "NativeClient.authId", || {
            Ok(self.inner.auth_id().to_string())
        })
    }

    /// The normalised base URL of the client's configuration.
    #[napi(getter)]
    pub fn base_url(&self, env: Env) -> Result<String> {
        guard::sync(&env, "NativeClient.baseUrl", || {
            Ok(self.inner.config().base_url().to_string())
        })
    }

    /// A partner's account client for one of its customers, sharing the pool.
    #[napi]
    pub fn customer_client(
        &self,
        env: Env,
        credentials: &AccountCredentials,
    ) -> Result<NativeClient> {
        guard::sync(&env, "NativeClient.customerClient", || {
            let inner = js_result(&env, self.inner.customer_client(credentials.inner.clone()))?;
            Ok(NativeClient { inner })
        })
    }

    /// A main account's handle on one of its sub-accounts (`SA_…`). Sends nothing.
    #[napi]
    pub fn sub_account(&self, env: Env, sub_account_id: String) -> Result<NativeClient> {
        guard::sync(&env, "NativeClient.subAccount", || {
            let inner = js_result(&env, self.inner.sub_account(&sub_account_id))?;
            Ok(NativeClient { inner })
        })
    }

    /// Runs operation `op` with its arguments (a JSON object's text, absent for none);
    /// resolves with its result (`null` for none), rejects with the core's error.
    #[napi(ts_return_type = "Promise<unknown>")]
    pub fn call<'env>(
        &self,
        env: &'env Env,
        op: String,
        args_json: Option<String>,
    ) -> Result<PromiseRaw<'env, Unknown<'env>>> {
        guard::sync(env, "NativeClient.call", || {
            let client = self.inner.clone();
            let args = parse_args(args_json);
            guard::spawn(
                env,
                "NativeClient.call",
                async move { client.call(&op, args?, KeyCase::Camel).await },
                |_, view| Ok(JsView(view)),
            )
        })
    }

    /// Runs a whole onboarding with the core's driver: `op` is the flow's step operation
    /// (`sub_account_onboarding_step` on a main account's client,
    /// `customer_onboarding_step` on the partner's), `argsJson` its arguments less `state`
    /// (`{plan, maxWaitSeconds, subAccountCredentials | customerCredentials}`). The state is
    /// kept at `storePath` (the core's atomic JSON file) or through `load()`/`save(state)`;
    /// `onCredentials(credentials)` and `progress(report)` get camelCase views (secrets as
    /// the marker object). Each function may return a value or a Promise. Resolves
    /// `{state, finished, waitingFor, reports}`; a value thrown (or rejected) by the
    /// caller's code rejects the run unchanged.
    #[napi(
        ts_args_type = "op: string, argsJson: string | undefined | null, storePath: string | undefined | null, load: (() => unknown) | undefined | null, save: ((state: unknown) => unknown) | undefined | null, onCredentials: (credentials: unknown) => unknown, progress?: ((report: unknown) => unknown) | undefined | null",
        ts_return_type = "Promise<unknown>"
    )]
    #[allow(clippy::too_many_arguments)]
    pub fn onboard<'env>(
        &self,
        env: &'env Env,
        op: String,
        args_json: Option<String>,
        store_path: Option<String>,
        load: Option<Function<'env>>,
        save: Option<Function<'env>>,
        on_credentials: Function<'env>,
        progress: Option<Function<'env>>,
    ) -> Result<PromiseRaw<'env, Unknown<'env>>> {
        guard::sync(env, "NativeClient.onboard", || {
            let functions = crate::onboarding::JsFunctions {
                store_path,
                load,
                save,
                on_credentials,
                progress,
            };
            crate::onboarding::onboard(
                env,
                self.inner.clone(),
                op,
                parse_args(args_json),
                functions,
            )
        })
    }

    /// Opens the auto-paging list `op` with its filters (a JSON object's text). Checks the
    /// arguments now; nothing is fetched until a batch is asked for.
    #[napi]
    pub fn list(
        &self,
        env: Env,
        op: String,
        args_json: Option<String>,
        options: Option<NativeListOptions>,
    ) -> Result<NativePages> {
        guard::sync(&env, "NativeClient.list", || {
            let opened = parse_args(args_json).and_then(|args| {
                let options = page_options(options)?;
                self.inner.list(&op, args, options, KeyCase::Camel)
            });
            let pages = js_result(&env, opened)?;
            Ok(NativePages {
                pages: Arc::new(Mutex::new(Some(pages))),
            })
        })
    }
}

/// The batches of one auto-paging list, read one batch at a time.
#[napi]
pub struct NativePages {
    /// Taken out while a batch is being read (the JS layer asks for one at a time).
    pages: Arc<Mutex<Option<ViewPages>>>,
}

#[napi]
impl NativePages {
    /// The next items (at least one: the rest of the page already fetched), or `null` at the
    /// end. An error ends the list, after the items that preceded it.
    #[napi(ts_return_type = "Promise<unknown[] | null>")]
    pub fn next_batch<'env>(&self, env: &'env Env) -> Result<PromiseRaw<'env, Unknown<'env>>> {
        guard::sync(env, "NativePages.nextBatch", || {
            let slot = Arc::clone(&self.pages);
            let taken = slot.lock().unwrap_or_else(|p| p.into_inner()).take();
            guard::spawn(
                env,
                "NativePages.nextBatch",
                async move {
                    let Some(mut pages) = taken else {
                        return Err(vp::Error::validation(
                            "next_batch",
                            "a batch of this list is already being read: wait for it",
                        ));
                    };
                    let outcome = pages.next_batch().await;
                    *slot.lock().unwrap_or_else(|p| p.into_inner()) = Some(pages);
                    outcome
                },
                |_, batch| Ok(batch.map(|items| items.into_iter().map(JsView).collect::<Vec<_>>())),
            )
        })
    }
}

/// One operation of the core (`ops::operations()`).
#[napi(object)]
#[derive(Clone, Debug)]
pub struct NativeOperation {
    /// `partner`, `account` or `sub_account`.
    pub scope: String,
    /// The operation's name (`create_customer`).
    pub name: String,
    /// `call` or `list`.
    pub kind: String,
}

/// Every operation of the core, so the suite can check the JS clients wrap them all.
#[napi]
pub fn operations(env: Env) -> Result<Vec<NativeOperation>> {
    guard::sync(&env, "operations", || {
        Ok(vp::ops::operations()
            .map(|op| NativeOperation {
                scope: op.scope.to_owned(),
                name: op.name.to_owned(),
                kind: match op.kind {
                    OperationKind::Call => "call",
                    OperationKind::List => "list",
                }
                .to_owned(),
            })
            .collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_become_iso_8601_text() {
        let cases = [
            ("2026-05-07T09:45:35Z", "2026-05-07T09:45:35Z"),
            ("2026-05-07T09:45:35.250+00:00", "2026-05-07T09:45:35.250Z"),
            (
                "2026-05-07 09:45:35.79276+05:30",
                "2026-05-07T09:45:35.792760+05:30",
            ),
            ("2026-03-25", "2026-03-25"),
            ("2026-03-25 10:00:00", "2026-03-25T10:00:00"),
            ("yesterday", "yesterday"),
        ];
        for (raw, iso) in cases {
            assert_eq!(iso_text(&Timestamp::parse(raw)), iso, "{raw}");
        }
    }

    #[test]
    fn page_options_are_checked_by_field() {
        let options = page_options(Some(NativeListOptions {
            page_size: Some(5.0),
            max_items: Some(12.0),
            prefetch: Some(1.0),
        }))
        .unwrap();
        assert_eq!(
            (options.page_size, options.max_items, options.prefetch),
            (5, Some(12), 1)
        );
        assert_eq!(page_options(None).unwrap(), vp::PageOptions::default());
        for (bad, field) in [
            (
                NativeListOptions {
                    page_size: Some(1.5),
                    ..Default::default()
                },
                "page_size",
            ),
            (
                NativeListOptions {
                    max_items: Some(-1.0),
                    ..Default::default()
                },
                "max_items",
            ),
            (
                NativeListOptions {
                    prefetch: Some(f64::NAN),
                    ..Default::default()
                },
                "prefetch",
            ),
        ] {
            let err = page_options(Some(bad)).unwrap_err();
            assert_eq!(err.validation_field(), Some(field));
        }
    }

    #[test]
    fn arguments_must_be_json() {
        assert_eq!(parse_args(None).unwrap(), Value::Null);
        assert_eq!(
            parse_args(Some(r#"{"a":1}"#.into())).unwrap(),
            serde_json::json!({"a": 1})
        );
        let err = parse_args(Some("{".into())).unwrap_err();
        assert_eq!(err.validation_field(), Some("arguments"));
    }
}

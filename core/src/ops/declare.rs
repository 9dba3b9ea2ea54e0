//! The declaration of operations: one [`operations!`] block per client scope declares each
//! operation once (name, binding group and method, HTTP route or workflow, documented
//! arguments, result type, body), and the macro generates everything that used to be
//! written per operation by hand: the typed argument struct, its reading from a binding's
//! arguments (every problem a validation error naming the field), its schema, the dispatch
//! arm and the [`Operation`] row the binding generators read.
//!
//! A declarative macro rather than a derive: the declaration is a table, not a type, and a
//! `macro_rules!` keeps it in the same crate with no proc-macro build step.
//!
//! Syntax of one operation:
//!
//! ```text
//! /// Doc comment (becomes the bindings' docstrings).
//! call transfer_balance => customers.transfer_balance
//!     route POST "/api/v1/partner/accounts/{customer_auth_id}/balance/transfer"
//!     (
//!         /// The customer's `MA_…` id.
//!         pos customer_auth_id: String,
//!         /// Text shown on the ledger row.
//!         opt description: String,
//!     ) -> TransferResult
//!     = |p| p.transfer_balance(&customer_auth_id, description.as_deref()).await;
//! ```
//!
//! The kind is `call` (one answer), `table` (one answer that is a list of rows, which the
//! Python binding wraps for pandas) or `list` (auto-paging; the body gets a third closure
//! argument, the [`PageOptions`](crate::pagination::PageOptions), and returns a
//! [`Paginated`](crate::pagination::Paginated) without awaiting). The group `client` puts
//! the method on the client itself. `workflow "…"` replaces `route` for an operation that
//! runs several requests. `options "name"` after the route or workflow names the object the
//! bindings take the non-positional arguments in, when it is not the `rest` argument's name
//! (nor `options`, the default without one): see [`ArgsSchema::options`].
//!
//! Argument kinds, in the order the bindings take them:
//! - `pos` a required positional argument; `pos_opt` an optional one (`null` allowed);
//!   `pos_checked` a required positional structure whose texts are all checked up front;
//! - `req` a required keyword/option; `opt` an optional one (the field is an `Option`);
//!   `def … = value` an optional one with a default;
//! - `rest` a request type whose fields are taken from the remaining arguments (it refuses
//!   unknown ones); the bindings expand its fields as keyword arguments / options.
//!   `rest request: TrunkRequest [name]` also requires the fields listed, which the type
//!   leaves optional (a create that shares its type with a patch-style update).
//!
//! `=> python_name` after a field renames the Python keyword (`from` → `from_date`).

use schemars::SchemaGenerator;
use serde_json::{Map, Value, json};

/// Whether an operation answers once or pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OperationKind {
    /// [`Client::call`](super::Client::call).
    Call,
    /// [`Client::list`](super::Client::list).
    List,
}

/// One operation as declared: what the bindings and their generators need to know.
#[derive(Clone, Copy)]
pub struct Operation {
    /// The operation's name (`transfer_balance`), the key bindings call it by.
    pub name: &'static str,
    /// The client it belongs to: `partner`, `account` or `sub_account`.
    pub scope: &'static str,
    /// The method group on that client (`customers`), `client` for the client itself.
    pub group: &'static str,
    /// The binding method's name in snake_case (`transfer_balance`).
    pub method: &'static str,
    /// Call or list.
    pub kind: OperationKind,
    /// A call whose result is a list of rows meant for a table.
    pub table: bool,
    /// The HTTP method and route template, for an operation that is one request.
    pub route: Option<(&'static str, &'static str)>,
    /// What the operation runs, for a workflow of several requests.
    pub workflow: Option<&'static str>,
    /// The doc comment.
    pub doc: &'static str,
    /// The arguments' schema (see [`ArgsSchema`]).
    pub args: fn(&mut SchemaGenerator) -> ArgsSchema,
    /// The result's schema (`null` for none; a list operation's is its item's).
    pub result: fn(&mut SchemaGenerator) -> Value,
}

impl std::fmt::Debug for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Operation")
            .field("scope", &self.scope)
            .field("name", &self.name)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// The arguments of one operation as a JSON Schema object, with the order the bindings
/// take them in.
#[derive(Debug, Default)]
pub struct ArgsSchema {
    /// The properties in declaration order (a `rest` type's fields in its own order). Each
    /// may carry `x-python-name` (the Python keyword when it differs) and `x-kind` (the
    /// declared argument kind).
    pub properties: Vec<(String, Value)>,
    /// The required properties.
    pub required: Vec<String>,
    /// The positional arguments, in order.
    pub positional: Vec<String>,
    /// The `rest` request types taken whole (their schema names), for bindings that pass
    /// them as one object.
    pub rest: Vec<String>,
    /// The `rest` arguments: name, doc and type (its schema name and description), in
    /// order.
    pub rest_fields: Vec<RestField>,
    /// The declared name of the object a binding takes the non-positional arguments in
    /// (`period` for an invoice's `from` and `to`), when the declaration gives one.
    pub options: Option<String>,
}

/// A `rest` argument of an operation.
#[derive(Debug, Default)]
pub struct RestField {
    /// The argument's name (`filters`).
    pub name: String,
    /// Its doc comment.
    pub doc: String,
    /// The request type's schema name (`CdrFilters`).
    pub type_name: String,
    /// The request type's own description.
    pub type_doc: String,
}

impl ArgsSchema {
    /// The schema as a JSON object.
    pub fn to_json(&self) -> Value {
        let properties: Map<String, Value> = self.properties.iter().cloned().collect();
        json!({
            "type": "object",
            "properties": properties,
            "required": self.required,
            "additionalProperties": false,
            "x-positional": self.positional,
            "x-rest": self.rest,
            "x-rest-fields": self.rest_fields.iter().map(|f| json!({
                "name": f.name,
                "description": f.doc,
                "type": f.type_name,
                "type_description": f.type_doc,
            })).collect::<Vec<_>>(),
            "x-options-name": self.options,
            "x-order": self.properties.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
        })
    }

    #[doc(hidden)]
    pub fn field(
        &mut self,
        kind: &str,
        name: &str,
        mut schema: Value,
        doc: &str,
        default: Option<Value>,
        python: Option<&str>,
    ) {
        let doc = clean_doc(doc);
        if let Value::Object(map) = &mut schema {
            if !doc.is_empty() {
                map.insert("description".into(), Value::String(doc));
            }
            if let Some(default) = default {
                map.insert("default".into(), default);
            }
            if let Some(python) = python {
                map.insert("x-python-name".into(), Value::String(python.to_owned()));
            }
            map.insert("x-kind".into(), Value::String(kind.to_owned()));
        }
        if matches!(kind, "pos" | "pos_checked" | "req") {
            self.required.push(name.to_owned());
        }
        if kind.starts_with("pos") {
            self.positional.push(name.to_owned());
        }
        self.properties.push((name.to_owned(), schema));
    }

    /// Adds the fields of a `rest` type; `also_required` are optional in the type but
    /// required by this operation (their schemas lose `null`).
    #[doc(hidden)]
    pub fn rest(
        &mut self,
        name: &str,
        doc: &str,
        type_name: &str,
        schema: Value,
        also_required: &[&str],
    ) {
        self.rest.push(type_name.to_owned());
        self.rest_fields.push(RestField {
            name: name.to_owned(),
            doc: clean_doc(doc),
            type_name: type_name.to_owned(),
            type_doc: schema
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        });
        let required: Vec<String> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(Value::Object(props)) = schema.get("properties") {
            for (name, prop) in props {
                let mut prop = prop.clone();
                let forced = also_required.contains(&name.as_str());
                if forced {
                    prop = without_null(prop);
                }
                if let Value::Object(map) = &mut prop {
                    map.insert("x-kind".into(), Value::String("rest".into()));
                    map.insert("x-rest-type".into(), Value::String(type_name.to_owned()));
                }
                if forced || required.contains(name) {
                    self.required.push(name.clone());
                }
                self.properties.push((name.clone(), prop));
            }
        }
        for name in also_required {
            assert!(
                self.properties.iter().any(|(n, _)| n == name),
                "{type_name} has no field {name}"
            );
        }
    }
}

/// A property schema without its `null` alternative: `"type": ["string", "null"]` becomes
/// `"type": "string"`, `anyOf: [X, {"type": "null"}]` becomes `X`.
fn without_null(mut schema: Value) -> Value {
    let Value::Object(map) = &mut schema else {
        return schema;
    };
    if let Some(Value::Array(types)) = map.get("type") {
        let rest: Vec<Value> = types
            .iter()
            .filter(|t| t.as_str() != Some("null"))
            .cloned()
            .collect();
        let single = (rest.len() == 1).then(|| rest[0].clone());
        map.insert("type".into(), single.unwrap_or(Value::Array(rest)));
    }
    if let Some(Value::Array(alternatives)) = map.get("anyOf") {
        let rest: Vec<Value> = alternatives
            .iter()
            .filter(|a| a.get("type").and_then(Value::as_str) != Some("null"))
            .cloned()
            .collect();
        if rest.len() == 1 {
            map.remove("anyOf");
            if let Value::Object(only) = &rest[0] {
                for (k, v) in only {
                    map.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        } else {
            map.insert("anyOf".into(), Value::Array(rest));
        }
    }
    schema
}

/// A doc comment's lines (`#[doc = " text"]` each) as text: the one leading space of each
/// line removed, trailing blank lines dropped.
pub fn clean_doc(doc: &str) -> String {
    let lines: Vec<&str> = doc
        .lines()
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .collect();
    lines.join("\n").trim_end().to_owned()
}

/// The field type of an argument kind.
#[doc(hidden)]
#[macro_export]
macro_rules! __op_field_ty {
    (opt $t:ty) => { ::core::option::Option<$t> };
    (pos_opt $t:ty) => { ::core::option::Option<$t> };
    ($k:ident $t:ty) => { $t };
}

/// Reads one argument of a kind.
#[doc(hidden)]
#[macro_export]
macro_rules! __op_read {
    (pos $a:ident ($n:expr) $t:ty; []) => {
        $a.required::<$t>($n)?
    };
    (req $a:ident ($n:expr) $t:ty; []) => {
        $a.required::<$t>($n)?
    };
    (pos_checked $a:ident ($n:expr) $t:ty; []) => {
        $a.required_checked::<$t>($n)?
    };
    (opt $a:ident ($n:expr) $t:ty; []) => {
        $a.optional::<$t>($n)?
    };
    (pos_opt $a:ident ($n:expr) $t:ty; []) => {
        $a.optional::<$t>($n)?
    };
    (def $a:ident ($n:expr) $t:ty; [], $d:expr) => {
        $a.optional::<$t>($n)?.unwrap_or_else(|| $d)
    };
    (rest $a:ident ($n:expr) $t:ty; [$($r:ident),*]) => {{
        let rest = ::std::mem::take(&mut $a);
        rest.require(&[$(stringify!($r)),*])?;
        rest.rest::<$t>()?
    }};
}

/// Adds one argument of a kind to an [`ArgsSchema`].
#[doc(hidden)]
#[macro_export]
macro_rules! __op_schema {
    (rest $s:ident $g:ident ($n:expr) $t:ty, $doc:expr, $d:expr, $py:expr, [$($r:ident),*]) => {{
        let schema = <$t as ::schemars::JsonSchema>::json_schema($g);
        $s.rest(
            $n,
            $doc,
            &<$t as ::schemars::JsonSchema>::schema_name(),
            schema.to_value(),
            &[$(stringify!($r)),*],
        );
    }};
    ($k:ident $s:ident $g:ident ($n:expr) $t:ty, $doc:expr, $d:expr, $py:expr, []) => {{
        let schema = $g.subschema_for::<$t>().to_value();
        $s.field(stringify!($k), $n, schema, $doc, $d, $py);
    }};
}

/// `Some(json default)` when a default is declared.
#[doc(hidden)]
#[macro_export]
macro_rules! __op_default {
    () => {
        None
    };
    ($d:expr) => {
        Some(::serde_json::json!($d))
    };
}

/// `Some("name")` when a Python name is declared.
#[doc(hidden)]
#[macro_export]
macro_rules! __op_python {
    () => {
        None
    };
    ($py:ident) => {
        Some(stringify!($py))
    };
}

/// The `call`/`list` pair of one operation: the one its kind serves runs the body, the other
/// answers that the client has no such operation of that kind.
#[doc(hidden)]
#[macro_export]
macro_rules! __op_fns {
    (list $Client:ty, $scope:literal, $name:ident, $c:ident, [$($field:ident)*], $paging:ident, $body:expr) => {
        pub(crate) async fn call(_: &$Client, _: $crate::ops::Args) -> $crate::error::Result<$crate::view::View> {
            Err($crate::ops::unknown($scope, stringify!($name), $crate::ops::OperationKind::Call))
        }
        pub(crate) fn list(
            $c: &$Client,
            args: $crate::ops::Args,
            $paging: $crate::pagination::PageOptions,
        ) -> $crate::error::Result<$crate::ops::ViewPages> {
            let Args { $($field,)* } = Args::read(args)?;
            Ok($crate::ops::ViewPages::new($body?))
        }
    };
    ($kind:ident $Client:ty, $scope:literal, $name:ident, $c:ident, [$($field:ident)*], , $body:expr) => {
        pub(crate) async fn call(
            $c: &$Client,
            args: $crate::ops::Args,
        ) -> $crate::error::Result<$crate::view::View> {
            let Args { $($field,)* } = Args::read(args)?;
            $crate::view::to_view(&$body?)
        }
        pub(crate) fn list(
            _: &$Client,
            _: $crate::ops::Args,
            _: $crate::pagination::PageOptions,
        ) -> $crate::error::Result<$crate::ops::ViewPages> {
            Err($crate::ops::unknown($scope, stringify!($name), $crate::ops::OperationKind::List))
        }
    };
}

/// Declares the operations of one client scope; see the module docs.
#[doc(hidden)]
#[macro_export]
macro_rules! operations {
    (
        client $Client:ty, scope $scope:literal;
        $(
            $(#[doc = $doc:literal])*
            $kind:ident $name:ident => $group:ident . $method:ident
            $( route $verb:ident $path:literal )?
            $( workflow $workflow:literal )?
            $( options $options:literal )?
            (
                $(
                    $(#[doc = $fdoc:literal])*
                    $fkind:ident $field:ident : $fty:ty $( [ $($req:ident),+ ] )?
                        $( = $default:expr )? $( => $py:ident )?
                ),* $(,)?
            ) -> $result:ty
            = |$c:ident $(, $paging:ident)?| $body:expr;
        )*
    ) => {
        $(
            #[doc = concat!("The `", stringify!($name), "` operation.")]
            #[allow(unused_imports)]
            pub mod $name {
                use super::*;

                $(#[doc = $doc])*
                #[non_exhaustive]
                pub struct Args {
                    $(
                        $(#[doc = $fdoc])*
                        pub $field: $crate::__op_field_ty!($fkind $fty),
                    )*
                }

                impl Args {
                    /// Reads the arguments in declaration order; an option left over is
                    /// refused by name.
                    #[allow(unused_mut)]
                    pub(crate) fn read(mut args: $crate::ops::Args) -> $crate::error::Result<Self> {
                        let out = Args {
                            $(
                                $field: $crate::__op_read!(
                                    $fkind args (stringify!($field)) $fty;
                                    [$($($req),+)?] $(, $default)?
                                ),
                            )*
                        };
                        args.finish()?;
                        Ok(out)
                    }

                    /// The arguments' schema.
                    #[allow(unused_mut)]
                    pub fn schema(
                        generator: &mut ::schemars::SchemaGenerator,
                    ) -> $crate::ops::ArgsSchema {
                        let mut schema = $crate::ops::ArgsSchema::default();
                        $(
                            $crate::__op_schema!(
                                $fkind schema generator (stringify!($field)) $fty,
                                concat!($($fdoc, "\n"),*),
                                $crate::__op_default!($($default)?),
                                $crate::__op_python!($($py)?),
                                [$($($req),+)?]
                            );
                        )*
                        schema.options = $crate::__op_default_str!($($options)?).map(str::to_owned);
                        let _ = generator;
                        schema
                    }
                }

                /// The result's schema.
                pub fn result_schema(generator: &mut ::schemars::SchemaGenerator) -> ::serde_json::Value {
                    generator.subschema_for::<$result>().to_value()
                }

                $crate::__op_fns!($kind $Client, $scope, $name, $c, [$($field)*], $($paging)?, $body);
            }
        )*

        /// The operations of this scope.
        pub(crate) const OPERATIONS: &[$crate::ops::Operation] = &[
            $(
                $crate::ops::Operation {
                    name: stringify!($name),
                    scope: $scope,
                    group: stringify!($group),
                    method: stringify!($method),
                    kind: $crate::__op_kind!($kind),
                    table: $crate::__op_table!($kind),
                    route: $crate::__op_route!($($verb $path)?),
                    workflow: $crate::__op_default_str!($($workflow)?),
                    doc: concat!($($doc, "\n"),*),
                    args: $name::Args::schema,
                    result: $name::result_schema,
                },
            )*
        ];

        /// Runs the call operation `op`.
        pub(crate) async fn call(
            client: &$Client,
            op: &str,
            args: $crate::ops::Args,
        ) -> $crate::error::Result<$crate::view::View> {
            match op {
                $( stringify!($name) => $name::call(client, args).await, )*
                _ => Err($crate::ops::unknown($scope, op, $crate::ops::OperationKind::Call)),
            }
        }

        /// Opens the list operation `op`.
        pub(crate) fn list(
            client: &$Client,
            op: &str,
            args: $crate::ops::Args,
            paging: $crate::pagination::PageOptions,
        ) -> $crate::error::Result<$crate::ops::ViewPages> {
            match op {
                $( stringify!($name) => $name::list(client, args, paging), )*
                _ => Err($crate::ops::unknown($scope, op, $crate::ops::OperationKind::List)),
            }
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __op_route {
    () => {
        None
    };
    ($verb:ident $path:literal) => {
        Some((stringify!($verb), $path))
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __op_default_str {
    () => {
        None
    };
    ($text:literal) => {
        Some($text)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __op_kind {
    (list) => {
        $crate::ops::OperationKind::List
    };
    ($k:ident) => {
        $crate::ops::OperationKind::Call
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __op_table {
    (table) => {
        true
    };
    ($k:ident) => {
        false
    };
}

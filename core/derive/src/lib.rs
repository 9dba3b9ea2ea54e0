//! `#[derive(IntoView)]`: a model's binding view (`vobiz_partner::view::View`), written out
//! field by field.
//!
//! The view has the keys and the shape the type's derived `Serialize` gives it, so the
//! derive reads the same `#[serde(...)]` attributes: `rename`, `rename_all`, `skip`,
//! `skip_serializing`, `skip_serializing_if`, `flatten`, `transparent`, and on enums `tag`,
//! `content` and `untagged`. Attributes that only steer deserialisation (`default`,
//! `deserialize_with`, `alias`, `deny_unknown_fields`, `try_from`, …) are accepted and
//! ignored. A field written by `serialize_with` / `with` needs `#[view(with = "path")]`, a
//! `fn(&FieldType) -> View` mirroring it; any other serde attribute is a compile error, so
//! a new one cannot silently give the view a different shape than serde.
//!
//! Leaf values convert through their own `IntoView` (money, timestamps and secrets stay
//! typed; `Extra` groups the unknown fields under `extra` when flattened). A flattened
//! field's type must implement `FlattenView` (derived structs with named fields, `Extra`,
//! maps, and `Option`s of those).
//!
//! The generated code names `::vobiz_partner::view`; the core crate makes that path resolve
//! inside itself with `extern crate self as vobiz_partner`.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::{format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::meta::ParseNestedMeta;
use syn::parse_quote;
use syn::spanned::Spanned;
use syn::{Attribute, Data, DeriveInput, Error, ExprPath, Fields, LitStr, Result, Token};

/// Derives `IntoView` (and, for a struct with named fields, `FlattenView`).
#[proc_macro_derive(IntoView, attributes(serde, view))]
pub fn derive_into_view(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    expand(&input)
        .unwrap_or_else(Error::into_compile_error)
        .into()
}

// --- rename rules (serde_derive's, for the cases it defines) ----------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RenameRule {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

impl RenameRule {
    fn parse(lit: &LitStr) -> Result<Self> {
        Ok(match lit.value().as_str() {
            "lowercase" => RenameRule::Lower,
            "UPPERCASE" => RenameRule::Upper,
            "PascalCase" => RenameRule::Pascal,
            "camelCase" => RenameRule::Camel,
            "snake_case" => RenameRule::Snake,
            "SCREAMING_SNAKE_CASE" => RenameRule::ScreamingSnake,
            "kebab-case" => RenameRule::Kebab,
            "SCREAMING-KEBAB-CASE" => RenameRule::ScreamingKebab,
            other => {
                return Err(Error::new(
                    lit.span(),
                    format!("IntoView: unknown rename rule {other:?}"),
                ));
            }
        })
    }

    /// A variant name (`PascalCase` in Rust) under this rule.
    fn variant(self, name: &str) -> String {
        match self {
            RenameRule::Pascal => name.to_owned(),
            RenameRule::Lower => name.to_ascii_lowercase(),
            RenameRule::Upper => name.to_ascii_uppercase(),
            RenameRule::Camel => {
                let mut chars = name.chars();
                match chars.next() {
                    Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                    None => String::new(),
                }
            }
            RenameRule::Snake => {
                let mut out = String::new();
                for (i, c) in name.char_indices() {
                    if i > 0 && c.is_uppercase() {
                        out.push('_');
                    }
                    out.push(c.to_ascii_lowercase());
                }
                out
            }
            RenameRule::ScreamingSnake => RenameRule::Snake.variant(name).to_ascii_uppercase(),
            RenameRule::Kebab => RenameRule::Snake.variant(name).replace('_', "-"),
            RenameRule::ScreamingKebab => {
                RenameRule::ScreamingSnake.variant(name).replace('_', "-")
            }
        }
    }

    /// A field name (`snake_case` in Rust) under this rule.
    fn field(self, name: &str) -> String {
        match self {
            RenameRule::Lower | RenameRule::Snake => name.to_owned(),
            RenameRule::Upper | RenameRule::ScreamingSnake => name.to_ascii_uppercase(),
            RenameRule::Pascal => {
                let mut out = String::new();
                let mut capitalize = true;
                for c in name.chars() {
                    if c == '_' {
                        capitalize = true;
                    } else if capitalize {
                        out.push(c.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        out.push(c);
                    }
                }
                out
            }
            RenameRule::Camel => {
                let pascal = RenameRule::Pascal.field(name);
                let mut chars = pascal.chars();
                match chars.next() {
                    Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                    None => String::new(),
                }
            }
            RenameRule::Kebab => name.replace('_', "-"),
            RenameRule::ScreamingKebab => name.to_ascii_uppercase().replace('_', "-"),
        }
    }
}

// --- attribute parsing ------------------------------------------------------------------

/// Consumes an attribute's value (`= "…"` or `(…)`) that does not change serialisation.
fn ignore_value(meta: &ParseNestedMeta<'_>) -> Result<()> {
    if meta.input.peek(Token![=]) {
        let _: syn::Expr = meta.value()?.parse()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|inner| ignore_value(&inner))?;
    }
    Ok(())
}

/// The serialisation half of `name = "…"` or `name(serialize = "…", deserialize = "…")`.
fn serialize_string(meta: &ParseNestedMeta<'_>) -> Result<Option<LitStr>> {
    if meta.input.peek(Token![=]) {
        return Ok(Some(meta.value()?.parse()?));
    }
    let mut found = None;
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident("serialize") {
            found = Some(inner.value()?.parse()?);
        } else if inner.path.is_ident("deserialize") {
            let _: LitStr = inner.value()?.parse()?;
        } else {
            return Err(inner.error("IntoView: expected `serialize` or `deserialize`"));
        }
        Ok(())
    })?;
    Ok(found)
}

fn unsupported(meta: &ParseNestedMeta<'_>, place: &str) -> Error {
    let name = meta
        .path
        .get_ident()
        .map_or_else(|| "?".to_owned(), ToString::to_string);
    meta.error(format!(
        "IntoView does not handle #[serde({name})] on {place}: teach vobiz-partner-derive \
         what serde writes for it, or implement IntoView by hand"
    ))
}

fn for_serde(
    attrs: &[Attribute],
    mut each: impl FnMut(ParseNestedMeta<'_>) -> Result<()>,
) -> Result<()> {
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(&mut each)?;
    }
    Ok(())
}

#[derive(Default)]
struct ContainerAttrs {
    rename_all: Option<RenameRule>,
    transparent: bool,
    tag: Option<String>,
    content: Option<String>,
    untagged: bool,
}

fn container_attrs(input: &DeriveInput) -> Result<ContainerAttrs> {
    let mut out = ContainerAttrs::default();
    for_serde(&input.attrs, |meta| {
        let p = &meta.path;
        if p.is_ident("rename_all") {
            if let Some(rule) = serialize_string(&meta)? {
                out.rename_all = Some(RenameRule::parse(&rule)?);
            }
        } else if p.is_ident("transparent") {
            out.transparent = true;
        } else if p.is_ident("untagged") {
            out.untagged = true;
        } else if p.is_ident("tag") {
            out.tag = Some(meta.value()?.parse::<LitStr>()?.value());
        } else if p.is_ident("content") {
            out.content = Some(meta.value()?.parse::<LitStr>()?.value());
        } else if [
            // The type's own name (never written), and what only deserialisation reads.
            "rename",
            "deny_unknown_fields",
            "default",
            "try_from",
            "from",
            "bound",
            "expecting",
            "crate",
            "non_exhaustive",
        ]
        .iter()
        .any(|k| p.is_ident(k))
        {
            ignore_value(&meta)?;
        } else {
            return Err(unsupported(&meta, "a type"));
        }
        Ok(())
    })?;
    Ok(out)
}

#[derive(Default)]
struct FieldAttrs {
    rename: Option<String>,
    skip: bool,
    skip_if: Option<ExprPath>,
    flatten: bool,
    serde_with: bool,
    view_with: Option<ExprPath>,
}

fn field_attrs(field: &syn::Field) -> Result<FieldAttrs> {
    let mut out = FieldAttrs::default();
    for_serde(&field.attrs, |meta| {
        let p = &meta.path;
        if p.is_ident("rename") {
            if let Some(name) = serialize_string(&meta)? {
                out.rename = Some(name.value());
            }
        } else if p.is_ident("skip") || p.is_ident("skip_serializing") {
            out.skip = true;
        } else if p.is_ident("skip_serializing_if") {
            out.skip_if = Some(meta.value()?.parse::<LitStr>()?.parse()?);
        } else if p.is_ident("flatten") {
            out.flatten = true;
        } else if p.is_ident("serialize_with") || p.is_ident("with") {
            out.serde_with = true;
            ignore_value(&meta)?;
        } else if [
            "default",
            "deserialize_with",
            "alias",
            "skip_deserializing",
            "borrow",
            "bound",
        ]
        .iter()
        .any(|k| p.is_ident(k))
        {
            ignore_value(&meta)?;
        } else {
            return Err(unsupported(&meta, "a field"));
        }
        Ok(())
    })?;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("view")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("with") {
                out.view_with = Some(meta.value()?.parse::<LitStr>()?.parse()?);
                Ok(())
            } else {
                Err(meta.error("IntoView: expected #[view(with = \"path\")]"))
            }
        })?;
    }
    if out.serde_with && out.view_with.is_none() && !out.skip {
        return Err(Error::new(
            field.span(),
            "IntoView: serde writes this field with `serialize_with` / `with`; add \
             #[view(with = \"path\")], a fn(&FieldType) -> View that mirrors it",
        ));
    }
    if out.flatten && out.view_with.is_some() {
        return Err(Error::new(
            field.span(),
            "IntoView: #[view(with)] cannot be combined with #[serde(flatten)]",
        ));
    }
    Ok(out)
}

#[derive(Default)]
struct VariantAttrs {
    rename: Option<String>,
    rename_all: Option<RenameRule>,
}

fn variant_attrs(variant: &syn::Variant) -> Result<VariantAttrs> {
    let mut out = VariantAttrs::default();
    for_serde(&variant.attrs, |meta| {
        let p = &meta.path;
        if p.is_ident("rename") {
            if let Some(name) = serialize_string(&meta)? {
                out.rename = Some(name.value());
            }
        } else if p.is_ident("rename_all") {
            if let Some(rule) = serialize_string(&meta)? {
                out.rename_all = Some(RenameRule::parse(&rule)?);
            }
        } else if [
            "alias",
            "other",
            "skip_deserializing",
            "deserialize_with",
            "bound",
            "borrow",
        ]
        .iter()
        .any(|k| p.is_ident(k))
        {
            ignore_value(&meta)?;
        } else {
            return Err(unsupported(&meta, "a variant"));
        }
        Ok(())
    })?;
    if let Some(attr) = variant.attrs.iter().find(|a| a.path().is_ident("view")) {
        return Err(Error::new(
            attr.span(),
            "IntoView: #[view(...)] belongs on fields",
        ));
    }
    Ok(out)
}

// --- code generation --------------------------------------------------------------------

/// One serialised field: its key and an expression of type `&FieldType`.
struct FieldGen {
    key: String,
    access: TokenStream2,
    attrs: FieldAttrs,
    /// The field's type, where a missing trait is reported.
    span: proc_macro2::Span,
}

fn named_fields(
    fields: &syn::FieldsNamed,
    rule: Option<RenameRule>,
    access: impl Fn(&syn::Ident) -> TokenStream2,
) -> Result<Vec<FieldGen>> {
    fields
        .named
        .iter()
        .map(|field| {
            let attrs = field_attrs(field)?;
            let ident = field.ident.as_ref().expect("a named field");
            let name = ident.unraw().to_string();
            let key = match (&attrs.rename, rule) {
                (Some(renamed), _) => renamed.clone(),
                (None, Some(rule)) => rule.field(&name),
                (None, None) => name,
            };
            Ok(FieldGen {
                key,
                access: access(ident),
                attrs,
                span: field.ty.span(),
            })
        })
        .collect()
}

/// Statements pushing the fields' entries onto `__fields` (a `Vec<(String, View)>`).
fn push_fields(fields: &[FieldGen]) -> TokenStream2 {
    let statements = fields.iter().filter(|f| !f.attrs.skip).map(|f| {
        let access = &f.access;
        let key = &f.key;
        let push = if f.attrs.flatten {
            quote_spanned! {f.span=> ::vobiz_partner::view::FlattenView::flatten_into(#access, __fields); }
        } else {
            let value = match &f.attrs.view_with {
                Some(with) => quote! { #with(#access) },
                None => quote_spanned! {f.span=> ::vobiz_partner::view::IntoView::to_view(#access) },
            };
            quote! { __fields.push((::std::string::String::from(#key), #value)); }
        };
        match &f.attrs.skip_if {
            Some(skip_if) => quote! { if !#skip_if(#access) { #push } },
            None => push,
        }
    });
    quote! { #(#statements)* }
}

/// A map view of the fields.
fn map_of(fields: &[FieldGen]) -> TokenStream2 {
    let push = push_fields(fields);
    quote! {{
        let mut __entries: ::std::vec::Vec<(::std::string::String, ::vobiz_partner::view::View)> =
            ::std::vec::Vec::new();
        {
            let __fields = &mut __entries;
            #push
        }
        ::vobiz_partner::view::View::Map(__entries)
    }}
}

/// Positional fields (a tuple struct or variant): the one value of a newtype, or a list.
fn unnamed_of(fields: &syn::FieldsUnnamed, access: &[TokenStream2]) -> Result<TokenStream2> {
    let mut items = Vec::new();
    for (field, access) in fields.unnamed.iter().zip(access) {
        let attrs = field_attrs(field)?;
        if attrs.flatten || attrs.skip_if.is_some() || attrs.rename.is_some() {
            return Err(Error::new(
                field.span(),
                "IntoView: only `skip` and #[view(with)] apply to a positional field",
            ));
        }
        if attrs.skip {
            continue;
        }
        items.push(match &attrs.view_with {
            Some(with) => quote! { #with(#access) },
            None => quote! { ::vobiz_partner::view::IntoView::to_view(#access) },
        });
    }
    Ok(if fields.unnamed.len() == 1 {
        match items.pop() {
            Some(item) => item,
            None => quote! { ::vobiz_partner::view::View::Null },
        }
    } else {
        quote! { ::vobiz_partner::view::View::List(::std::vec![#(#items),*]) }
    })
}

fn text(value: &str) -> TokenStream2 {
    quote! { ::vobiz_partner::view::View::Text(::std::string::String::from(#value)) }
}

fn expand(input: &DeriveInput) -> Result<TokenStream2> {
    let attrs = container_attrs(input)?;
    let name = &input.ident;
    let mut generics = input.generics.clone();
    for param in input.generics.type_params() {
        let ident = &param.ident;
        generics
            .make_where_clause()
            .predicates
            .push(parse_quote!(#ident: ::vobiz_partner::view::IntoView));
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();

    if (attrs.tag.is_some() || attrs.content.is_some() || attrs.untagged)
        && !matches!(input.data, Data::Enum(_))
    {
        return Err(Error::new(
            input.ident.span(),
            "IntoView: `tag`, `content` and `untagged` apply to enums",
        ));
    }

    let (body, flatten) = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(named) => {
                let fields =
                    named_fields(named, attrs.rename_all, |ident| quote! { &self.#ident })?;
                if attrs.transparent {
                    let mut kept = fields.iter().filter(|f| !f.attrs.skip);
                    let (Some(only), None) = (kept.next(), kept.next()) else {
                        return Err(Error::new(
                            input.ident.span(),
                            "IntoView: a transparent struct has exactly one field not skipped",
                        ));
                    };
                    let access = &only.access;
                    let body = match &only.attrs.view_with {
                        Some(with) => quote! { #with(#access) },
                        None => quote! { ::vobiz_partner::view::IntoView::to_view(#access) },
                    };
                    (body, None)
                } else {
                    let push = push_fields(&fields);
                    let flatten = quote! {
                        #[automatically_derived]
                        impl #impl_generics ::vobiz_partner::view::FlattenView for #name #ty_generics #where_clause {
                            fn flatten_into(
                                &self,
                                __fields: &mut ::std::vec::Vec<(::std::string::String, ::vobiz_partner::view::View)>,
                            ) {
                                #push
                            }
                        }
                    };
                    let body = quote! {
                        let mut __entries = ::std::vec::Vec::new();
                        ::vobiz_partner::view::FlattenView::flatten_into(self, &mut __entries);
                        ::vobiz_partner::view::View::Map(__entries)
                    };
                    (body, Some(flatten))
                }
            }
            Fields::Unnamed(unnamed) => {
                let access: Vec<TokenStream2> = (0..unnamed.unnamed.len())
                    .map(|i| {
                        let index = syn::Index::from(i);
                        quote! { &self.#index }
                    })
                    .collect();
                (unnamed_of(unnamed, &access)?, None)
            }
            Fields::Unit => (quote! { ::vobiz_partner::view::View::Null }, None),
        },
        Data::Enum(data) => {
            let tagging = match (&attrs.tag, &attrs.content, attrs.untagged) {
                (None, None, false) => Tagging::External,
                (Some(tag), None, false) => Tagging::Internal(tag.clone()),
                (Some(tag), Some(content), false) => {
                    Tagging::Adjacent(tag.clone(), content.clone())
                }
                (None, None, true) => Tagging::Untagged,
                _ => {
                    return Err(Error::new(
                        input.ident.span(),
                        "IntoView: use `tag`, `tag` + `content` or `untagged`, as serde allows",
                    ));
                }
            };
            let arms = data
                .variants
                .iter()
                .map(|v| variant_arm(v, attrs.rename_all, &tagging))
                .collect::<Result<Vec<_>>>()?;
            let body = if arms.is_empty() {
                quote! { match *self {} }
            } else {
                quote! { match self { #(#arms)* } }
            };
            (body, None)
        }
        Data::Union(_) => {
            return Err(Error::new(
                input.ident.span(),
                "IntoView cannot be derived for a union",
            ));
        }
    };

    Ok(quote! {
        #[automatically_derived]
        impl #impl_generics ::vobiz_partner::view::IntoView for #name #ty_generics #where_clause {
            fn to_view(&self) -> ::vobiz_partner::view::View {
                #body
            }
        }
        #flatten
    })
}

enum Tagging {
    External,
    Internal(String),
    Adjacent(String, String),
    Untagged,
}

fn variant_arm(
    variant: &syn::Variant,
    rule: Option<RenameRule>,
    tagging: &Tagging,
) -> Result<TokenStream2> {
    let attrs = variant_attrs(variant)?;
    let ident = &variant.ident;
    let name = match (&attrs.rename, rule) {
        (Some(renamed), _) => renamed.clone(),
        (None, Some(rule)) => rule.variant(&ident.unraw().to_string()),
        (None, None) => ident.unraw().to_string(),
    };
    let tag_text = text(&name);
    let map = |entries: Vec<TokenStream2>| {
        quote! { ::vobiz_partner::view::View::Map(::std::vec![#(#entries),*]) }
    };
    Ok(match &variant.fields {
        Fields::Unit => {
            let view = match tagging {
                Tagging::External => tag_text,
                Tagging::Internal(tag) | Tagging::Adjacent(tag, _) => map(vec![
                    quote! { (::std::string::String::from(#tag), #tag_text) },
                ]),
                Tagging::Untagged => quote! { ::vobiz_partner::view::View::Null },
            };
            quote! { Self::#ident => #view, }
        }
        Fields::Named(named) => {
            let bindings: Vec<_> = named
                .named
                .iter()
                .map(|f| f.ident.clone().expect("a named field"))
                .collect();
            let fields = named_fields(named, attrs.rename_all, |ident| {
                let binding = format_ident!("__v_{}", ident.unraw());
                quote! { #binding }
            })?;
            let renamed: Vec<_> = bindings
                .iter()
                .map(|b| format_ident!("__v_{}", b.unraw()))
                .collect();
            let content = map_of(&fields);
            let view = match tagging {
                Tagging::External => map(vec![
                    quote! { (::std::string::String::from(#name), #content) },
                ]),
                Tagging::Internal(tag) => {
                    let push = push_fields(&fields);
                    quote! {{
                        let mut __entries = ::std::vec![(::std::string::String::from(#tag), #tag_text)];
                        {
                            let __fields = &mut __entries;
                            #push
                        }
                        ::vobiz_partner::view::View::Map(__entries)
                    }}
                }
                Tagging::Adjacent(tag, content_key) => map(vec![
                    quote! { (::std::string::String::from(#tag), #tag_text) },
                    quote! { (::std::string::String::from(#content_key), #content) },
                ]),
                Tagging::Untagged => content,
            };
            quote! {
                #[allow(unused_variables)]
                Self::#ident { #(#bindings: #renamed),* } => #view,
            }
        }
        Fields::Unnamed(unnamed) => {
            let bindings: Vec<_> = (0..unnamed.unnamed.len())
                .map(|i| format_ident!("__v{}", i))
                .collect();
            let access: Vec<TokenStream2> = bindings.iter().map(|b| quote! { #b }).collect();
            let content = unnamed_of(unnamed, &access)?;
            let view = match tagging {
                Tagging::External => map(vec![
                    quote! { (::std::string::String::from(#name), #content) },
                ]),
                Tagging::Internal(tag) if unnamed.unnamed.len() == 1 => {
                    let only = &bindings[0];
                    quote! {{
                        let mut __entries = ::std::vec![(::std::string::String::from(#tag), #tag_text)];
                        ::vobiz_partner::view::FlattenView::flatten_into(#only, &mut __entries);
                        ::vobiz_partner::view::View::Map(__entries)
                    }}
                }
                Tagging::Internal(_) => {
                    return Err(Error::new(
                        variant.span(),
                        "IntoView: serde cannot tag a tuple variant internally",
                    ));
                }
                Tagging::Adjacent(tag, content_key) => map(vec![
                    quote! { (::std::string::String::from(#tag), #tag_text) },
                    quote! { (::std::string::String::from(#content_key), #content) },
                ]),
                Tagging::Untagged => content,
            };
            quote! {
                #[allow(unused_variables)]
                Self::#ident(#(#bindings),*) => #view,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::RenameRule::*;

    /// serde_derive's own cases (its `rename_variants` / `rename_fields` tests).
    #[test]
    fn rename_rules_are_serdes() {
        for (original, lower, upper, camel, snake, screaming, kebab, screaming_kebab) in [
            (
                "Outcome", "outcome", "OUTCOME", "outcome", "outcome", "OUTCOME", "outcome",
                "OUTCOME",
            ),
            (
                "VeryTasty",
                "verytasty",
                "VERYTASTY",
                "veryTasty",
                "very_tasty",
                "VERY_TASTY",
                "very-tasty",
                "VERY-TASTY",
            ),
            ("A", "a", "A", "a", "a", "A", "a", "A"),
            ("Z42", "z42", "Z42", "z42", "z42", "Z42", "z42", "Z42"),
        ] {
            assert_eq!(Pascal.variant(original), original);
            assert_eq!(Lower.variant(original), lower);
            assert_eq!(Upper.variant(original), upper);
            assert_eq!(Camel.variant(original), camel);
            assert_eq!(Snake.variant(original), snake);
            assert_eq!(ScreamingSnake.variant(original), screaming);
            assert_eq!(Kebab.variant(original), kebab);
            assert_eq!(ScreamingKebab.variant(original), screaming_kebab);
        }
        for (original, upper, pascal, camel, screaming, kebab, screaming_kebab) in [
            (
                "outcome", "OUTCOME", "Outcome", "outcome", "OUTCOME", "outcome", "OUTCOME",
            ),
            (
                "very_tasty",
                "VERY_TASTY",
                "VeryTasty",
                "veryTasty",
                "VERY_TASTY",
                "very-tasty",
                "VERY-TASTY",
            ),
            ("a", "A", "A", "a", "A", "a", "A"),
            ("z42", "Z42", "Z42", "z42", "Z42", "z42", "Z42"),
        ] {
            assert_eq!(Lower.field(original), original);
            assert_eq!(Snake.field(original), original);
            assert_eq!(Upper.field(original), upper);
            assert_eq!(Pascal.field(original), pascal);
            assert_eq!(Camel.field(original), camel);
            assert_eq!(ScreamingSnake.field(original), screaming);
            assert_eq!(Kebab.field(original), kebab);
            assert_eq!(ScreamingKebab.field(original), screaming_kebab);
        }
    }
}

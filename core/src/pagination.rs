//! Auto-paging: every list endpoint as one lazy stream of items, whatever its paging style.
//!
//! Vobiz lists page five different ways. A [`Paginated`] knows the style, asks
//! for pages only as items are consumed, stops at the end (or at `max_items`), and when the
//! first page states the total it fetches the following pages a few at a time in parallel,
//! still yielding items in order.

use std::marker::PhantomData;

use futures::stream::{self, BoxStream, StreamExt};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::credentials::Credentials;
use crate::error::{DecodeFailure, Error, Result};
use crate::request::ApiRequest;
use crate::transport::{ApiResponse, Transport};

/// How a list endpoint pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageStyle {
    /// `page` + `per_page` in; `total`, `page` and `size` (the echoed `per_page`) out.
    /// Partner customers (style A).
    PagePerPageEchoedAsSize,
    /// `page` + `per_page` in and out, with `total`. Partner transactions, numbers,
    /// inventory (styles B and C).
    PagePerPage,
    /// `page` + `size` in and out, with `total`. KYC sessions, sub-accounts (style D).
    PageSize,
    /// `page` + `per_page` in; `pagination{page, per_page, total, pages, has_next}` out.
    /// CDRs (style E).
    NestedPagination,
    /// `limit` + `offset` in; `meta{limit, offset, total | total_count, next}` out.
    /// Trunks, recordings (styles F and G).
    LimitOffset,
}

impl PageStyle {
    fn size_param(self) -> &'static str {
        match self {
            PageStyle::PageSize => "size",
            PageStyle::LimitOffset => "limit",
            _ => "per_page",
        }
    }
}

/// A list endpoint's paging: its style, the key of its item array, and its page-size limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListSpec {
    /// How it pages.
    pub style: PageStyle,
    /// The key of the item array (`accounts`, `items`, `data`, `objects`…).
    pub items_key: &'static str,
    /// The largest page the server serves.
    pub max_page_size: u32,
}

/// How to walk a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageOptions {
    /// Items per page to ask for (capped at the endpoint's maximum).
    pub page_size: u32,
    /// Stop after this many items.
    pub max_items: Option<u64>,
    /// How many pages may be in flight at once once the total is known (1 = sequential).
    pub prefetch: usize,
}

impl Default for PageOptions {
    fn default() -> Self {
        PageOptions {
            page_size: 100,
            max_items: None,
            prefetch: 4,
        }
    }
}

/// What one page said.
struct Page {
    items: Vec<Value>,
    /// The page size the server actually used (it may clamp what was asked).
    page_size: Option<u64>,
    total: Option<u64>,
    /// An explicit "more after this" from the server (`has_next`, `meta.next`).
    has_more: Option<bool>,
}

fn number(value: Option<&Value>) -> Option<u64> {
    value.and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
}

fn read_page(spec: &ListSpec, response: &ApiResponse) -> Result<Page> {
    let body: Value = response.json()?;
    let items = match body.get(spec.items_key) {
        Some(Value::Array(items)) => items.clone(),
        Some(Value::Null) | None => Vec::new(),
        Some(_) => return Err(response.decode_error(format!("{:?} is not a list", spec.items_key))),
    };
    let page = match spec.style {
        PageStyle::PagePerPageEchoedAsSize => Page {
            page_size: number(body.get("size")).or_else(|| number(body.get("per_page"))),
            total: number(body.get("total")),
            has_more: None,
            items,
        },
        PageStyle::PagePerPage => Page {
            page_size: number(body.get("per_page")).or_else(|| number(body.get("size"))),
            total: number(body.get("total")),
            has_more: None,
            items,
        },
        PageStyle::PageSize => Page {
            page_size: number(body.get("size")).or_else(|| number(body.get("per_page"))),
            total: number(body.get("total")),
            has_more: None,
            items,
        },
        PageStyle::NestedPagination => {
            let p = body.get("pagination");
            Page {
                page_size: number(p.and_then(|p| p.get("per_page"))),
                total: number(p.and_then(|p| p.get("total"))),
                has_more: p.and_then(|p| p.get("has_next")).and_then(Value::as_bool),
                items,
            }
        }
        PageStyle::LimitOffset => {
            let meta = body.get("meta");
            let next = meta.and_then(|m| m.get("next"));
            Page {
                page_size: number(meta.and_then(|m| m.get("limit"))),
                total: number(meta.and_then(|m| m.get("total_count")))
                    .or_else(|| number(meta.and_then(|m| m.get("total")))),
                has_more: match next {
                    Some(Value::Null) => Some(false),
                    Some(Value::String(s)) => Some(!s.is_empty()),
                    _ => None,
                },
                items,
            }
        }
    };
    Ok(page)
}

/// The request for page `index` (0-based) of `size` items.
fn page_request(base: &ApiRequest, style: PageStyle, index: u64, size: u64) -> ApiRequest {
    let request = base.clone().set_query(style.size_param(), size);
    match style {
        PageStyle::LimitOffset => request.set_query("offset", index * size),
        _ => request.set_query("page", index + 1),
    }
}

/// A list endpoint ready to be walked: call [`Paginated::stream`] for its items.
pub struct Paginated<T> {
    transport: Transport,
    credentials: Credentials,
    request: ApiRequest,
    spec: ListSpec,
    options: PageOptions,
    _item: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for Paginated<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginated")
            .field("request", &self.request)
            .field("spec", &self.spec)
            .field("options", &self.options)
            .finish()
    }
}

struct Walk {
    transport: Transport,
    credentials: Credentials,
    request: ApiRequest,
    spec: ListSpec,
}

impl Walk {
    async fn fetch(&self, index: u64, size: u64) -> Result<Page> {
        let request = page_request(&self.request, self.spec.style, index, size);
        let response = self.transport.send(&self.credentials, &request).await?;
        read_page(&self.spec, &response)
    }
}

impl<T: DeserializeOwned + Send + 'static> Paginated<T> {
    /// A walk over `request` (its filters already set), paging as `spec` says.
    pub fn new(
        transport: Transport,
        credentials: Credentials,
        request: ApiRequest,
        spec: ListSpec,
        options: PageOptions,
    ) -> Result<Self> {
        if options.page_size == 0 {
            return Err(Error::validation("page_size", "must be at least 1"));
        }
        if options.page_size > spec.max_page_size {
            return Err(Error::validation(
                "page_size",
                format!(
                    "must be at most {} for this list, got {}",
                    spec.max_page_size, options.page_size
                ),
            ));
        }
        if options.prefetch == 0 {
            return Err(Error::validation("prefetch", "must be at least 1"));
        }
        Ok(Paginated {
            transport,
            credentials,
            request,
            spec,
            options,
            _item: PhantomData,
        })
    }

    /// The items, lazily: no request is made until the stream is polled, and none after the
    /// consumer stops. An error ends the stream after being yielded.
    pub fn stream(self) -> BoxStream<'static, Result<T>> {
        let options = self.options;
        let path = self.request.path().as_str().to_owned();
        let walk = Walk {
            transport: self.transport,
            credentials: self.credentials,
            request: self.request,
            spec: self.spec,
        };
        let pages = page_stream(walk, options);
        let items = pages.flat_map(move |page: Result<Vec<Value>>| match page {
            Ok(items) => {
                let path = path.clone();
                stream::iter(items.into_iter().map(move |v| {
                    serde_json::from_value::<T>(v).map_err(|e| {
                        Error::Decode(Box::new(DecodeFailure {
                            method: "GET".into(),
                            path: path.clone(),
                            status: 200,
                            reason: format!("a list item does not match its type: {e}"),
                            request_id: None,
                            body: String::new(),
                        }))
                    })
                }))
                .boxed()
            }
            Err(e) => stream::iter(vec![Err(e)]).boxed(),
        });
        let limited = match options.max_items {
            Some(max) => items
                .take(usize::try_from(max).unwrap_or(usize::MAX))
                .boxed(),
            None => items.boxed(),
        };
        // Stop after the first error: a list with a hole in it is not a list.
        limited
            .scan(false, |failed, item| {
                if *failed {
                    return futures::future::ready(None);
                }
                *failed = item.is_err();
                futures::future::ready(Some(item))
            })
            .boxed()
    }

    /// Every item, collected (respecting `max_items`).
    pub async fn collect(self) -> Result<Vec<T>> {
        let mut stream = self.stream();
        let mut out = Vec::new();
        while let Some(item) = stream.next().await {
            out.push(item?);
        }
        Ok(out)
    }
}

/// The pages' item lists, in order.
fn page_stream(walk: Walk, options: PageOptions) -> BoxStream<'static, Result<Vec<Value>>> {
    let asked = u64::from(options.page_size);
    let walk = std::sync::Arc::new(walk);
    let first_walk = walk.clone();
    stream::once(async move { first_walk.fetch(0, asked).await })
        .flat_map(move |first| {
            let walk = walk.clone();
            match first {
                Err(e) => stream::iter(vec![Err(e)]).boxed(),
                Ok(first) => after_first_page(walk, first, asked, options),
            }
        })
        .boxed()
}

fn after_first_page(
    walk: std::sync::Arc<Walk>,
    first: Page,
    asked: u64,
    options: PageOptions,
) -> BoxStream<'static, Result<Vec<Value>>> {
    let size = first.page_size.filter(|s| *s > 0).unwrap_or(asked);
    let first_len = first.items.len() as u64;
    let first_items = stream::iter(vec![Ok(first.items.clone())]);
    let wanted = options.max_items;
    let done = first_len == 0 || first.has_more == Some(false) || first_len < size;
    if done {
        return first_items.boxed();
    }
    let path = walk.request.path().as_str().to_owned();
    let pages = match first.total {
        Some(total) => {
            // The total is known: fetch the remaining pages `prefetch` at a time, in order.
            let needed = wanted.map_or(total, |w| w.min(total));
            let pages = needed.div_ceil(size);
            let rest = stream::iter(1..pages)
                .map(move |index| {
                    let walk = walk.clone();
                    async move { walk.fetch(index, size).await.map(|p| p.items) }
                })
                .buffered(options.prefetch);
            first_items.chain(rest).boxed()
        }
        None => {
            // No total: one page after another until a short, empty or final page.
            let rest = stream::unfold(Some(1u64), move |state| {
                let walk = walk.clone();
                async move {
                    let index = state?;
                    match walk.fetch(index, size).await {
                        Err(e) => Some((Err(e), None)),
                        Ok(page) => {
                            let len = page.items.len() as u64;
                            let more = len > 0 && len >= size && page.has_more != Some(false);
                            let next = more.then_some(index + 1);
                            Some((Ok(page.items), next))
                        }
                    }
                }
            });
            first_items.chain(rest).boxed()
        }
    };
    refuse_repeated_pages(pages, path)
}

/// Ends the list with an error when a page starts with the same item as the page before:
/// the server ignored the paging parameters. Without this a server that does so while
/// stating a large total would be followed, page after identical page, to that total.
fn refuse_repeated_pages(
    pages: BoxStream<'static, Result<Vec<Value>>>,
    path: String,
) -> BoxStream<'static, Result<Vec<Value>>> {
    pages
        .scan(
            (0u64, None::<Value>, false),
            move |(index, previous_first, stopped), page| {
                if *stopped {
                    return futures::future::ready(None);
                }
                let page = match page {
                    Ok(items)
                        if *index > 0 && !items.is_empty() && items.first() == previous_first.as_ref() =>
                    {
                        *stopped = true;
                        Err(Error::Decode(Box::new(DecodeFailure {
                            method: "GET".into(),
                            path: path.clone(),
                            status: 200,
                            reason: format!(
                                "page {} repeated the previous page: the server ignored the paging parameters",
                                *index + 1
                            ),
                            request_id: None,
                            body: String::new(),
                        })))
                    }
                    Ok(items) => {
                        *previous_first = items.first().cloned();
                        Ok(items)
                    }
                    Err(e) => {
                        *stopped = true;
                        Err(e)
                    }
                };
                *index += 1;
                futures::future::ready(Some(page))
            },
        )
        .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::path::ApiPath;

    #[test]
    fn page_requests_use_each_styles_parameters() {
        let base = ApiRequest::get(ApiPath::v1().lit("x")).query("status", "answered");
        let q = |style, index| page_request(&base, style, index, 50).query_pairs().to_vec();
        let pairs = |v: &[(&str, &str)]| {
            v.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            q(PageStyle::PagePerPage, 2),
            pairs(&[("status", "answered"), ("per_page", "50"), ("page", "3")])
        );
        assert_eq!(
            q(PageStyle::PagePerPageEchoedAsSize, 0),
            pairs(&[("status", "answered"), ("per_page", "50"), ("page", "1")])
        );
        assert_eq!(
            q(PageStyle::PageSize, 0),
            pairs(&[("status", "answered"), ("size", "50"), ("page", "1")])
        );
        assert_eq!(
            q(PageStyle::NestedPagination, 1),
            pairs(&[("status", "answered"), ("per_page", "50"), ("page", "2")])
        );
        assert_eq!(
            q(PageStyle::LimitOffset, 2),
            pairs(&[("status", "answered"), ("limit", "50"), ("offset", "100")])
        );
    }
}

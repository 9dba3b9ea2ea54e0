//! The pagination engine against loopback servers that page in each of the API's styles.

mod support;

use std::time::Duration;

use futures::StreamExt;
use serde_json::{Value, json};
use support::*;
use vobiz_partner::credentials::Scope;
use vobiz_partner::{ApiPath, ApiRequest, ListSpec, PageOptions, PageStyle, Paginated};

#[derive(Debug, serde::Deserialize, PartialEq)]
struct Item {
    n: u64,
}

fn query(target: &str, key: &str) -> Option<u64> {
    let query = target.split_once('?')?.1;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.parse().ok())
}

/// The slice of `total` items a request asks for, `n` numbered from 0.
fn slice(total: u64, start: u64, size: u64) -> Vec<Value> {
    (start..(start + size).min(total))
        .map(|n| json!({ "n": n }))
        .collect()
}

/// A server holding `total` items that pages them the way `style` does, clamping the page
/// size to `max`.
async fn styled_server(style: PageStyle, total: u64, max: u64) -> Server {
    scripted(move |_, req| {
        let t = &req.target;
        let body = match style {
            PageStyle::PagePerPageEchoedAsSize => {
                let (page, size) = (query(t, "page").unwrap(), query(t, "per_page").unwrap().min(max));
                json!({"accounts": slice(total, (page - 1) * size, size), "total": total, "page": page, "size": size})
            }
            PageStyle::PagePerPage => {
                let (page, size) = (query(t, "page").unwrap(), query(t, "per_page").unwrap().min(max));
                json!({"items": slice(total, (page - 1) * size, size), "total": total, "page": page, "per_page": size, "account_auth_id": "MA_X"})
            }
            PageStyle::PageSize => {
                let (page, size) = (query(t, "page").unwrap(), query(t, "size").unwrap().min(max));
                json!({"sessions": slice(total, (page - 1) * size, size), "total": total, "page": page, "size": size})
            }
            PageStyle::NestedPagination => {
                let (page, size) = (query(t, "page").unwrap(), query(t, "per_page").unwrap().min(max));
                let pages = total.div_ceil(size);
                let data = slice(total, (page - 1) * size, size);
                json!({"success": true, "account_id": "1", "count": data.len(), "data": data,
                       "pagination": {"page": page, "per_page": size, "total": total, "pages": pages,
                                      "has_next": page < pages, "has_prev": page > 1},
                       "summary": {"totalCalls": total}})
            }
            PageStyle::LimitOffset => {
                let (offset, limit) = (query(t, "offset").unwrap(), query(t, "limit").unwrap().min(max));
                let next = (offset + limit < total)
                    .then(|| format!("/v1/Account/MA_X/Recording/?limit={limit}&offset={}", offset + limit));
                json!({"api_id": "a", "objects": slice(total, offset, limit),
                       "meta": {"limit": limit, "offset": offset, "next": next, "previous": null, "total_count": total}})
            }
        };
        Reply::json(200, body.to_string())
    })
    .await
}

fn spec(style: PageStyle) -> ListSpec {
    let items_key = match style {
        PageStyle::PagePerPageEchoedAsSize => "accounts",
        PageStyle::PagePerPage => "items",
        PageStyle::PageSize => "sessions",
        PageStyle::NestedPagination => "data",
        PageStyle::LimitOffset => "objects",
    };
    ListSpec {
        style,
        items_key,
        max_page_size: 100,
    }
}

fn walk(server: &Server, spec: ListSpec, options: PageOptions) -> Paginated<Item> {
    let request = ApiRequest::get(ApiPath::v1().lit("list")).query("status", "answered");
    Paginated::new(
        transport(&server.url, 0),
        partner().credentials().clone(),
        request,
        spec,
        options,
    )
    .unwrap()
}

const ALL_STYLES: [PageStyle; 5] = [
    PageStyle::PagePerPageEchoedAsSize,
    PageStyle::PagePerPage,
    PageStyle::PageSize,
    PageStyle::NestedPagination,
    PageStyle::LimitOffset,
];

#[tokio::test]
async fn every_style_yields_every_item_once_in_order() {
    for style in ALL_STYLES {
        for (total, page_size) in [(23, 5), (20, 5), (1, 5), (0, 5), (250, 100)] {
            let server = styled_server(style, total, 100).await;
            let options = PageOptions {
                page_size,
                ..Default::default()
            };
            let items = walk(&server, spec(style), options).collect().await.unwrap();
            let numbers: Vec<u64> = items.iter().map(|i| i.n).collect();
            assert_eq!(
                numbers,
                (0..total).collect::<Vec<_>>(),
                "{style:?} total={total}"
            );
            let expected_requests = total.div_ceil(u64::from(page_size)).max(1) as usize;
            assert_eq!(server.hits(), expected_requests, "{style:?} total={total}");
            assert!(
                server
                    .recorded()
                    .iter()
                    .all(|r| r.target.contains("status=answered")),
                "filters are kept on every page"
            );
        }
    }
}

#[tokio::test]
async fn a_page_size_clamped_by_the_server_is_followed() {
    for style in ALL_STYLES {
        let server = styled_server(style, 37, 10).await;
        let options = PageOptions {
            page_size: 50,
            ..Default::default()
        };
        let items = walk(&server, spec(style), options).collect().await.unwrap();
        assert_eq!(items.len(), 37, "{style:?}");
        assert_eq!(items.last().unwrap().n, 36);
        assert_eq!(server.hits(), 4, "{style:?}");
    }
}

#[tokio::test]
async fn max_items_stops_early_without_fetching_more_pages() {
    for style in ALL_STYLES {
        let server = styled_server(style, 100, 100).await;
        let options = PageOptions {
            page_size: 5,
            max_items: Some(7),
            prefetch: 1,
        };
        let items = walk(&server, spec(style), options).collect().await.unwrap();
        assert_eq!(
            items.iter().map(|i| i.n).collect::<Vec<_>>(),
            (0..7).collect::<Vec<_>>()
        );
        assert_eq!(server.hits(), 2, "{style:?}");
    }
}

#[tokio::test]
async fn the_stream_is_lazy() {
    let server = styled_server(PageStyle::PagePerPage, 50, 100).await;
    let mut stream = walk(
        &server,
        spec(PageStyle::PagePerPage),
        PageOptions {
            page_size: 10,
            prefetch: 1,
            ..Default::default()
        },
    )
    .stream();
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(server.hits(), 0, "nothing is fetched before the first poll");
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first.n, 0);
    assert_eq!(server.hits(), 1);
    drop(stream);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(
        server.hits(),
        1,
        "nothing is fetched after the consumer stops"
    );
}

#[tokio::test]
async fn pages_are_prefetched_concurrently_within_the_bound_and_stay_in_order() {
    let total = 24u64;
    let server = scripted(move |_, req| {
        let page = query(&req.target, "page").unwrap();
        let size = query(&req.target, "per_page").unwrap();
        // Later pages answer faster, so out-of-order completion is guaranteed.
        let delay = Duration::from_millis(120 - 8 * page.min(12));
        Reply::json(200, json!({"items": slice(total, (page - 1) * size, size), "total": total, "page": page, "per_page": size}).to_string())
            .after(delay)
    })
    .await;
    let options = PageOptions {
        page_size: 2,
        max_items: None,
        prefetch: 3,
    };
    let items = walk(&server, spec(PageStyle::PagePerPage), options)
        .collect()
        .await
        .unwrap();
    assert_eq!(
        items.iter().map(|i| i.n).collect::<Vec<_>>(),
        (0..total).collect::<Vec<_>>()
    );
    let peak = server
        .in_flight_max
        .load(std::sync::atomic::Ordering::SeqCst);
    assert!(peak <= 3, "more than 3 pages in flight: {peak}");
    assert!(peak >= 2, "pages were not fetched concurrently: {peak}");
}

#[tokio::test]
async fn without_a_total_pages_are_walked_until_a_short_or_final_page() {
    let server = scripted(|_, req| {
        let (offset, limit) = (query(&req.target, "offset").unwrap(), query(&req.target, "limit").unwrap());
        let next = (offset + limit < 12).then(|| "/v1/next".to_owned());
        Reply::json(200, json!({"objects": slice(12, offset, limit), "meta": {"limit": limit, "offset": offset, "next": next}}).to_string())
    })
    .await;
    let items = walk(
        &server,
        spec(PageStyle::LimitOffset),
        PageOptions {
            page_size: 4,
            ..Default::default()
        },
    )
    .collect()
    .await
    .unwrap();
    assert_eq!(items.len(), 12);
    assert_eq!(
        server.hits(),
        3,
        "meta.next = null ends the walk without an extra request"
    );
}

#[tokio::test]
async fn a_server_that_ignores_paging_is_caught_instead_of_looping_forever() {
    let server =
        scripted(|_, _| Reply::json(200, json!({"items": slice(100, 0, 5)}).to_string())).await;
    let err = walk(
        &server,
        spec(PageStyle::PagePerPage),
        PageOptions {
            page_size: 5,
            ..Default::default()
        },
    )
    .collect()
    .await
    .unwrap_err();
    assert!(
        err.to_string().contains("ignored the paging parameters"),
        "{err}"
    );
    assert_eq!(server.hits(), 2);
}

#[tokio::test]
async fn a_server_that_ignores_paging_but_states_a_total_is_caught_too() {
    // The same first page every time, with a total that promises 2,000 pages.
    let server = scripted(|_, _| {
        Reply::json(
            200,
            json!({"items": slice(10_000, 0, 5), "total": 10_000}).to_string(),
        )
    })
    .await;
    let err = walk(
        &server,
        spec(PageStyle::PagePerPage),
        PageOptions {
            page_size: 5,
            prefetch: 1,
            ..Default::default()
        },
    )
    .collect()
    .await
    .unwrap_err();
    assert!(
        err.to_string().contains("ignored the paging parameters"),
        "{err}"
    );
    assert!(server.hits() <= 3, "stopped at once: {}", server.hits());
}

#[tokio::test]
async fn an_error_mid_walk_is_yielded_once_and_ends_the_stream() {
    let server = scripted(|i, req| {
        if i == 1 {
            return Reply::json(404, r#"{"error":"not_found"}"#);
        }
        let page = query(&req.target, "page").unwrap();
        Reply::json(
            200,
            json!({"items": slice(30, (page - 1) * 10, 10), "total": 30, "per_page": 10})
                .to_string(),
        )
    })
    .await;
    let results: Vec<_> = walk(
        &server,
        spec(PageStyle::PagePerPage),
        PageOptions {
            page_size: 10,
            prefetch: 1,
            ..Default::default()
        },
    )
    .stream()
    .collect()
    .await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 10);
    assert!(results.last().unwrap().is_err());
    assert_eq!(results.len(), 11);
}

#[tokio::test]
async fn items_of_the_wrong_shape_are_a_decode_error_and_bad_options_are_refused() {
    let server =
        scripted(|_, _| Reply::json(200, r#"{"items":[{"n":"not a number"}],"total":1}"#)).await;
    let err = walk(
        &server,
        spec(PageStyle::PagePerPage),
        PageOptions::default(),
    )
    .collect()
    .await
    .unwrap_err();
    assert_eq!(err.kind(), vobiz_partner::ErrorKind::Decode);
    assert!(err.to_string().contains("/api/v1/list"), "{err}");

    let request = ApiRequest::get(ApiPath::v1().lit("list"));
    for (options, field) in [
        (
            PageOptions {
                page_size: 0,
                ..Default::default()
            },
            "page_size",
        ),
        (
            PageOptions {
                page_size: 101,
                ..Default::default()
            },
            "page_size",
        ),
        (
            PageOptions {
                prefetch: 0,
                ..Default::default()
            },
            "prefetch",
        ),
    ] {
        let err = Paginated::<Item>::new(
            transport(&server.url, 0),
            partner().credentials().clone(),
            request.clone(),
            spec(PageStyle::PagePerPage),
            options,
        )
        .unwrap_err();
        assert_eq!(err.validation_field(), Some(field));
    }
}

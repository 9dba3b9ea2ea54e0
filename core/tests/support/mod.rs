//! Loopback HTTP servers for the engine tests: a scripted axum server that records every
//! request it receives, and a raw TCP server for failures axum cannot produce (a
//! connection dropped after the request arrived).

#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use vobiz_partner::{AccountCredentials, ClientConfig, PartnerCredentials, RetryPolicy, Transport};

/// A token that must never show up in any output.
pub const CANARY: &str = "CANARY_tok_3f9a7c21e5";

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// The raw request target: path and query exactly as sent.
    pub target: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
}

/// What the script answers.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub delay: Duration,
}

impl Reply {
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Reply {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// A running scripted server.
#[derive(Clone)]
pub struct Server {
    pub url: String,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
    pub in_flight_max: Arc<AtomicUsize>,
}

impl Server {
    pub fn hits(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
    pub fn recorded(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

/// Starts a server on 127.0.0.1:0 answering every request with `script(index, request)`.
pub async fn scripted<F>(script: F) -> Server
where
    F: Fn(usize, &Recorded) -> Reply + Send + Sync + 'static,
{
    let script = Arc::new(script);
    let requests: Arc<Mutex<Vec<Recorded>>> = Arc::default();
    let in_flight = Arc::new(AtomicUsize::new(0));
    let in_flight_max = Arc::new(AtomicUsize::new(0));
    let app = {
        let requests = requests.clone();
        let in_flight_max = in_flight_max.clone();
        Router::new().fallback(move |request: Request| {
            let script = script.clone();
            let requests = requests.clone();
            let in_flight = in_flight.clone();
            let in_flight_max = in_flight_max.clone();
            async move {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                in_flight_max.fetch_max(now, Ordering::SeqCst);
                let (parts, body) = request.into_parts();
                let body = to_bytes(body, 1 << 20).await.unwrap_or_default().to_vec();
                let recorded = Recorded {
                    method: parts.method.to_string(),
                    target: parts
                        .uri
                        .path_and_query()
                        .map(|pq| pq.as_str().to_owned())
                        .unwrap_or_default(),
                    headers: parts.headers,
                    body,
                };
                let index = {
                    let mut all = requests.lock().unwrap();
                    all.push(recorded.clone());
                    all.len() - 1
                };
                let reply = script(index, &recorded);
                tokio::time::sleep(reply.delay).await;
                in_flight.fetch_sub(1, Ordering::SeqCst);
                let mut response = Response::new(Body::from(reply.body));
                *response.status_mut() = StatusCode::from_u16(reply.status).unwrap();
                for (name, value) in reply.headers {
                    response.headers_mut().append(
                        axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                        HeaderValue::from_str(&value).unwrap(),
                    );
                }
                response
            }
        })
    };
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    Server {
        url,
        requests,
        in_flight_max,
    }
}

/// A raw server that reads each request completely, then closes the connection without
/// answering for the first `drops` connections, and answers `200 {}` after that.
/// Returns its URL and the number of requests it has received.
pub async fn dropping(drops: usize) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let received = Arc::new(AtomicUsize::new(0));
    let counter = received.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let counter = counter.clone();
            tokio::spawn(async move {
                if read_request(&mut socket).await.is_none() {
                    return;
                }
                let seen = counter.fetch_add(1, Ordering::SeqCst);
                if seen >= drops {
                    let _ = socket
                        .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}")
                        .await;
                }
                // Dropping the socket closes it: the client never gets an answer.
            });
        }
    });
    (url, received)
}

/// Reads one HTTP/1.1 request whole (head, then as much body as Content-Length says) and
/// returns its head; `None` when the peer closed first.
pub async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = socket.read(&mut chunk).await.unwrap_or(0);
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                return Some(text[..end].to_owned());
            }
        }
    }
}

/// A loopback URL nothing listens on.
pub async fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

/// Fast retries so tests do not sleep for long.
pub fn fast_retry(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(5),
    }
}

pub fn transport(url: &str, max_retries: u32) -> Transport {
    let config = ClientConfig::builder()
        .base_url(url)
        .retry(fast_retry(max_retries))
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    Transport::new(config).unwrap()
}

pub fn partner() -> PartnerCredentials {
    PartnerCredentials::new("PA_TEST1234", CANARY).unwrap()
}

pub fn account() -> AccountCredentials {
    AccountCredentials::new("MA_TEST1234", CANARY).unwrap()
}

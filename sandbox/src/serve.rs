//! Serving the router: HTTP/1.1 over loopback, with a timeout on reading a request head.
//!
//! `axum::serve` (axum 0.8) cannot do this: it builds hyper-util's auto builder without a
//! timer, so hyper's header read timeout never runs, and that builder first waits, with no
//! timeout at all, for the bytes that tell HTTP/1 from HTTP/2. A client could then hold a
//! connection forever by sending half a request head, or nothing. This loop serves each
//! connection with hyper's HTTP/1 builder and a tokio timer instead: a head not complete
//! within the timeout (counted from the connection's start, or from the end of the previous
//! answer on a kept-alive connection) closes the connection. Every connection runs in its own
//! task, so slow ones never hold up the others. Clients of the sandbox speak HTTP/1.1 on
//! plain `http://` (HTTP/2 there needs prior knowledge, which none of them uses).

use std::future::Future;
use std::time::Duration;

use axum::Router;
use axum::serve::Listener;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

/// Serves `app` on `listener` until `shutdown` completes, then waits for the open
/// connections to finish their requests.
pub(crate) async fn serve(
    mut listener: TcpListener,
    app: Router,
    header_read_timeout: Duration,
    shutdown: impl Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // `Listener::accept` retries failed accepts (e.g. out of file descriptors) itself.
        let (stream, _) = tokio::select! {
            accepted = Listener::accept(&mut listener) => accepted,
            () = &mut shutdown => break,
        };
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(header_read_timeout)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection closed with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

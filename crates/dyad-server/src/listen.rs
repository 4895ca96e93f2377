//! The accept loop of `dyad serve`, with the limits that keep one client (or
//! a thousand) from taking the server down (issue 15):
//!
//! - a failed `accept()` (out of file descriptors, a connection reset before
//!   it was accepted) is reported and retried after a short pause, never fatal;
//! - at most [`Limits::max_connections`] connections are open at once (by
//!   default also at most the process's open-file limit minus a reserve for
//!   the store); further clients wait in the kernel's backlog;
//! - a client has [`Limits::header_timeout`] to send a request's headers,
//!   counted from the connection's start or the end of its previous response,
//!   so this is also the keep-alive idle timeout (slowloris, idle sockets);
//! - a request (reading its body and answering it) has
//!   [`Limits::request_timeout`], else 408;
//! - a declared `Content-Length` over [`crate::BODY_LIMIT`] is refused with
//!   413 before any of the body is read, and the connection closed.
//!
//! Served with hyper's HTTP/1.1 connection directly (axum's `serve` has no
//! such limits), on a tokio runtime with its timer enabled.

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, Response, StatusCode};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// Connection and request limits (defaults: [`Limits::default`]).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Most connections open at once (more wait to be accepted).
    pub max_connections: usize,
    /// Time a client has to send a request's headers, from the connection's
    /// start or the end of the previous response (also the idle timeout).
    pub header_timeout: Duration,
    /// Time to read a request's body and answer it (408 after).
    pub request_timeout: Duration,
}

impl Default for Limits {
    /// 2,048 connections, 10 s for headers (and idle), 60 s per request.
    fn default() -> Self {
        Limits {
            max_connections: 2048,
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
        }
    }
}

/// File descriptors kept free for the store (each request opens its own
/// read-only SQLite connection), stdio and the listener.
const FD_RESERVE: u64 = 64;

/// The soft limit on open files of this process (`RLIMIT_NOFILE`), read from
/// `/proc/self/limits`; `None` where that is not available or unlimited.
pub fn open_file_limit() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = s.lines().find(|l| l.starts_with("Max open files"))?;
    line["Max open files".len()..].split_whitespace().next()?.parse().ok()
}

/// The connection cap in force: `max_connections`, lowered to the open-file
/// limit minus [`FD_RESERVE`] (at least 1) when that is smaller.
pub fn effective_cap(max_connections: usize, fd_limit: Option<u64>) -> usize {
    let by_fds = fd_limit.map_or(usize::MAX, |n| n.saturating_sub(FD_RESERVE).max(1) as usize);
    max_connections.clamp(1, by_fds.max(1))
}

/// Serve `app` on `listener` until the process ends.
///
/// Never returns an error for a single failed `accept()`: it is reported on
/// stderr (at most once every 10 s, with the count since) and retried after
/// 50 ms.
pub async fn serve(listener: TcpListener, app: Router, limits: Limits) -> std::io::Result<()> {
    let cap = effective_cap(limits.max_connections, open_file_limit());
    let slots = Arc::new(Semaphore::new(cap));
    let mut failed = 0u64;
    let mut last_report: Option<Instant> = None;
    loop {
        let permit = slots.clone().acquire_owned().await.expect("the semaphore is never closed");
        let stream = match listener.accept().await {
            Ok((s, _peer)) => s,
            Err(e) => {
                failed += 1;
                if last_report.is_none_or(|t| t.elapsed() >= Duration::from_secs(10)) {
                    eprintln!("dyad: serve: accept failed ({e}); {failed} failure(s) so far; retrying");
                    last_report = Some(Instant::now());
                }
                drop(permit);
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let service = hyper::service::service_fn(move |req: Request<hyper::body::Incoming>| {
                let app = app.clone();
                async move { Ok::<_, std::convert::Infallible>(answer(app, req, limits.request_timeout).await) }
            });
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout).max_buf_size(64 * 1024);
            // errors here are the client's (reset, timeout, bad request): nothing to report
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

/// One request: refused at once when its declared length is over the body
/// limit, else routed with a deadline.
async fn answer(app: Router, req: Request<hyper::body::Incoming>, timeout: Duration) -> Response<Body> {
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > crate::BODY_LIMIT as u64) {
        let msg = format!("request body is over {} bytes; /api/code takes at most that", crate::BODY_LIMIT);
        return closing(StatusCode::PAYLOAD_TOO_LARGE, &msg);
    }
    match tokio::time::timeout(timeout, app.oneshot(req.map(Body::new))).await {
        Ok(Ok(r)) => r,
        Ok(Err(never)) => match never {},
        Err(_) => closing(
            StatusCode::REQUEST_TIMEOUT,
            &format!("request not read and answered within {} s", timeout.as_secs()),
        ),
    }
}

/// A JSON error answer (`{"error": msg}`) that closes the connection.
fn closing(status: StatusCode, msg: &str) -> Response<Body> {
    let body = serde_json::json!({ "error": msg }).to_string();
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_follows_the_open_file_limit() {
        assert_eq!(effective_cap(512, None), 512);
        assert_eq!(effective_cap(512, Some(20_000)), 512);
        assert_eq!(effective_cap(512, Some(256)), 192);
        assert_eq!(effective_cap(512, Some(10)), 1);
        assert_eq!(effective_cap(0, None), 1);
    }

    #[test]
    fn open_file_limit_is_read() {
        if std::path::Path::new("/proc/self/limits").exists() {
            assert!(open_file_limit().is_some_and(|n| n > 0));
        }
    }
}

//! `dyad serve` under connection floods and hostile requests (issue 15, item
//! 2): the real binary, started with `ulimit -n 256`.
//!
//! - 1,000 idle connections do not take it down (before the fix: exit 101,
//!   "timers are disabled", when accept() failed for want of descriptors),
//!   and a fresh request is still answered once the idle ones time out;
//! - an idle connection (no request, or kept alive after one) is closed by
//!   the server after `--header-timeout`;
//! - a declared Content-Length over the body limit is refused with 413
//!   before any body is sent.
//!
//! Nothing here is timed: waits are liveness bounds (60 s) only.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_dyad");

struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Start `dyad serve` on a fresh empty store with `ulimit -n 256` and a 2 s
/// header timeout; wait for its "serving … on http://ADDR/" line.
fn start(name: &str) -> Server {
    let dir = std::env::temp_dir().join(format!("dyad-serve-limits-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("t.db");
    drop(dyad_store::Store::open(&db).unwrap());
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -n 256 && exec \"$0\" serve --db \"$1\" --addr 127.0.0.1:0 --header-timeout 2")
        .arg(BIN)
        .arg(&db)
        .stderr(Stdio::piped())
        .spawn()
        .expect("start dyad serve");
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.trim().trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    // keep draining stderr so the server never blocks on it
    std::thread::spawn(move || {
        let mut sink = String::new();
        let _ = err.read_to_string(&mut sink);
    });
    Server { child, addr }
}

/// Send `req` on a new connection and read the answer to its end.
fn request(addr: SocketAddr, req: &str) -> String {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(60)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.write_all(req.as_bytes()).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

const GET: &str = "GET /api/actors HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";

#[test]
fn thousand_idle_connections_under_ulimit_256() {
    let mut srv = start("flood");
    assert!(request(srv.addr, GET).starts_with("HTTP/1.1 200"), "answers before the flood");
    let mut idle = Vec::new();
    for _ in 0..1000 {
        if let Ok(s) = TcpStream::connect_timeout(&srv.addr, Duration::from_secs(2)) {
            idle.push(s);
        }
    }
    println!("{} of 1000 idle connections opened", idle.len());
    assert!(idle.len() > 256, "more connections than the server's descriptors");
    let answer = request(srv.addr, GET);
    assert!(answer.starts_with("HTTP/1.1 200"), "a fresh request is answered: {answer:?}");
    assert!(srv.child.try_wait().unwrap().is_none(), "the server is still running");
    drop(idle);
    assert!(request(srv.addr, GET).starts_with("HTTP/1.1 200"));
}

#[test]
fn idle_connections_are_closed() {
    let srv = start("idle");
    // no request at all
    let mut s = TcpStream::connect(srv.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut buf = [0u8; 64];
    assert_eq!(s.read(&mut buf).unwrap_or(0), 0, "closed by the server");
    // a request's headers started but never finished (slowloris)
    let mut s = TcpStream::connect(srv.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.write_all(b"GET /api/actors HTTP/1.1\r\nHost: t\r\n").unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    assert!(!String::from_utf8_lossy(&out).contains("200 OK"));
    // kept alive after a request, then idle
    let mut s = TcpStream::connect(srv.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.write_all(b"GET /api/actors HTTP/1.1\r\nHost: t\r\n\r\n").unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out);
    assert!(text.starts_with("HTTP/1.1 200"), "{text:?}");
}

#[test]
fn oversized_content_length_is_refused_before_the_body() {
    let srv = start("length");
    let mut s = TcpStream::connect(srv.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.write_all(
        b"POST /api/code HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n",
    )
    .unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out);
    assert!(text.starts_with("HTTP/1.1 413"), "{text:?}");
    assert!(
        text.contains(r#"{"error":"request body is over 1048576 bytes; /api/code takes at most that"}"#),
        "{text:?}"
    );
    // a GET with a huge declared body too
    let text = request(srv.addr, "GET /api/actors HTTP/1.1\r\nHost: t\r\nContent-Length: 2000000\r\n\r\n");
    assert!(text.starts_with("HTTP/1.1 413"), "{text:?}");
}

//! Load test for `dyad serve` (issue 7): N keep-alive HTTP/1.1 connections
//! on loopback for S seconds, each sending a mix of API requests back to
//! back, with latency percentiles, errors and the server's resident memory
//! sampled from `/proc/PID/status` once a second.
//!
//! ```text
//! cargo run --release -p dyad-server --example loadtest -- \
//!     --addr 127.0.0.1:8080 --connections 1000 --seconds 60 --pid SERVER_PID
//! ```
//!
//! `bench/load_test.sh` builds, ingests, starts the server and runs this.
//! The client is a minimal HTTP/1.1 reader on tokio's `TcpStream`
//! (`Content-Length` and chunked bodies) so that it needs no more tokio
//! features than the server's tests already use.
//!
//! The request mix (one list, each connection starting at a different place
//! in it): actor autocomplete, event pages (by actor and by dyad), one
//! event with its provenance, a document, the dyad series, the overview,
//! the network and blocs (the heaviest queries), the page itself, and
//! `POST /api/code` on one sentence. An *error* is a failed connect, an I/O
//! error or a status other than 200; errors are counted per kind, and the
//! connection is reopened.

use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

/// Options from the command line.
struct Opts {
    addr: String,
    connections: usize,
    seconds: u64,
    pid: Option<u32>,
    threads: usize,
}

fn parse_args() -> Opts {
    let mut o = Opts { addr: "127.0.0.1:8080".into(), connections: 1000, seconds: 60, pid: None, threads: 1 };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut val = || it.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--addr" => o.addr = val(),
            "--connections" => o.connections = val().parse().expect("--connections N"),
            "--seconds" => o.seconds = val().parse().expect("--seconds S"),
            "--pid" => o.pid = Some(val().parse().expect("--pid PID")),
            "--threads" => o.threads = val().parse().expect("--threads N"),
            _ => panic!("unknown argument {a} (--addr, --connections, --seconds, --pid, --threads)"),
        }
    }
    o
}

/// One request of the mix: a label for the per-route table and its bytes.
#[derive(Clone)]
struct Req {
    label: &'static str,
    bytes: Arc<Vec<u8>>,
}

fn get(label: &'static str, path: &str) -> Req {
    let s = format!("GET {path} HTTP/1.1\r\nHost: loadtest\r\nAccept: */*\r\n\r\n");
    Req { label, bytes: Arc::new(s.into_bytes()) }
}

fn post(label: &'static str, path: &str, body: &str) -> Req {
    let s = format!(
        "POST {path} HTTP/1.1\r\nHost: loadtest\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    Req { label, bytes: Arc::new(s.into_bytes()) }
}

/// A response: status and body.
struct Resp {
    status: u16,
    body: Vec<u8>,
}

/// Keep-alive HTTP/1.1 connection with a read buffer.
struct Conn {
    s: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    async fn open(addr: &str) -> io::Result<Conn> {
        let s = TcpStream::connect(addr).await?;
        s.set_nodelay(true)?;
        Ok(Conn { s, buf: Vec::with_capacity(16 * 1024) })
    }

    async fn write_all(&mut self, mut b: &[u8]) -> io::Result<()> {
        while !b.is_empty() {
            self.s.writable().await?;
            match self.s.try_write(b) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => b = &b[n..],
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Read more bytes into the buffer; error on EOF.
    async fn fill(&mut self) -> io::Result<()> {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            self.s.readable().await?;
            match self.s.try_read(&mut chunk) {
                Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Take `n` bytes from the front of the buffer, reading as needed.
    async fn take(&mut self, n: usize) -> io::Result<Vec<u8>> {
        while self.buf.len() < n {
            self.fill().await?;
        }
        Ok(self.buf.drain(..n).collect())
    }

    /// Take one CRLF-terminated line (without the CRLF).
    async fn line(&mut self) -> io::Result<Vec<u8>> {
        loop {
            if let Some(i) = self.buf.windows(2).position(|w| w == b"\r\n") {
                let l = self.buf[..i].to_vec();
                self.buf.drain(..i + 2);
                return Ok(l);
            }
            self.fill().await?;
        }
    }

    async fn request(&mut self, req: &Req) -> io::Result<Resp> {
        self.write_all(&req.bytes).await?;
        let status_line = self.line().await?;
        let status = std::str::from_utf8(&status_line)
            .ok()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|c| c.parse::<u16>().ok())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "bad status line"))?;
        let mut len: Option<usize> = None;
        let mut chunked = false;
        loop {
            let h = self.line().await?;
            if h.is_empty() {
                break;
            }
            let h = String::from_utf8_lossy(&h).to_ascii_lowercase();
            if let Some(v) = h.strip_prefix("content-length:") {
                len = v.trim().parse().ok();
            } else if h.starts_with("transfer-encoding:") && h.contains("chunked") {
                chunked = true;
            }
        }
        let body = if chunked {
            let mut body = Vec::new();
            loop {
                let l = self.line().await?;
                let size =
                    usize::from_str_radix(String::from_utf8_lossy(&l).split(';').next().unwrap_or("").trim(), 16)
                        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "bad chunk size"))?;
                if size == 0 {
                    // trailers, then the blank line
                    while !self.line().await?.is_empty() {}
                    break;
                }
                body.extend(self.take(size).await?);
                self.take(2).await?;
            }
            body
        } else {
            let n = len.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "no Content-Length"))?;
            self.take(n).await?
        };
        Ok(Resp { status, body })
    }
}

/// Per-connection results, merged at the end.
#[derive(Default)]
struct Tally {
    /// Latency in microseconds per route label (successful requests only).
    lat: BTreeMap<&'static str, Vec<u32>>,
    /// Error counts by kind (`connect`, `io`, `status 503`, …).
    errors: BTreeMap<String, u64>,
}

async fn worker(id: usize, addr: Arc<String>, mix: Arc<Vec<Req>>, stop: Arc<AtomicBool>) -> Tally {
    let mut t = Tally::default();
    let mut conn: Option<Conn> = None;
    let mut i = id;
    while !stop.load(Ordering::Relaxed) {
        let c = match conn.as_mut() {
            Some(c) => c,
            None => match Conn::open(&addr).await {
                Ok(c) => conn.insert(c),
                Err(e) => {
                    *t.errors.entry(format!("connect: {}", e.kind())).or_default() += 1;
                    // back off a little without a timer: yield a few times
                    for _ in 0..100 {
                        tokio::task::yield_now().await;
                    }
                    continue;
                }
            },
        };
        let req = &mix[i % mix.len()];
        i += 1;
        let t0 = Instant::now();
        match c.request(req).await {
            Ok(r) if r.status == 200 && !r.body.is_empty() => {
                let us = t0.elapsed().as_micros().min(u32::MAX as u128) as u32;
                t.lat.entry(req.label).or_default().push(us);
            }
            Ok(r) => {
                *t.errors.entry(format!("{} status {}", req.label, r.status)).or_default() += 1;
            }
            Err(e) => {
                *t.errors.entry(format!("{} io: {}", req.label, e.kind())).or_default() += 1;
                conn = None;
            }
        }
    }
    t
}

/// Resident set size of a process in KiB (`VmRSS` of `/proc/PID/status`).
fn rss_kib(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let l = s.lines().find(|l| l.starts_with("VmRSS:"))?;
    l.split_whitespace().nth(1)?.parse().ok()
}

fn pct(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

/// Fetch one event id and one document id from the store through the API.
async fn discover(addr: &str) -> io::Result<(i64, String)> {
    let mut c = Conn::open(addr).await?;
    let r = c.request(&get("probe", "/api/events?per_page=1")).await?;
    let v: serde_json::Value = serde_json::from_slice(&r.body).map_err(io::Error::other)?;
    let id = v["events"][0]["id"].as_i64().ok_or_else(|| io::Error::other(format!("no events in the store: {v}")))?;
    let r = c.request(&get("probe", &format!("/api/events/{id}"))).await?;
    let v: serde_json::Value = serde_json::from_slice(&r.body).map_err(io::Error::other)?;
    let doc = v["provenance"][0]["doc_id"].as_str().unwrap_or("").to_string();
    Ok((id, doc))
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn main() {
    let o = parse_args();
    let rt =
        tokio::runtime::Builder::new_multi_thread().worker_threads(o.threads).enable_io().build().expect("runtime");
    let (event_id, doc_id) = rt.block_on(discover(&o.addr)).expect("server reachable and store not empty");
    let mix: Vec<Req> = vec![
        get("actors", "/api/actors?q=US&limit=10"),
        get("events", "/api/events?actor=USA&page=1&per_page=50"),
        get("event", &format!("/api/events/{event_id}")),
        get("dyad", "/api/dyad?a=USA&b=RUS&by=month"),
        get("events", "/api/events?a=CHN&b=USA&page=2&per_page=20"),
        get("document", &format!("/api/document?id={}", enc(&doc_id))),
        get("overview", "/api/overview"),
        get("actors", "/api/actors?q=R&limit=20"),
        get("network", "/api/network?min_events=2&limit=100"),
        get("page", "/"),
        get("blocs", "/api/blocs?min_events=2"),
        post("code", "/api/code", r#"{"text":"Russia condemned the attack by Ukraine.","date":"2017-02-07"}"#),
    ];
    let mix = Arc::new(mix);
    let addr = Arc::new(o.addr.clone());
    let stop = Arc::new(AtomicBool::new(false));

    // RSS sampler: once a second until stopped.
    let samples: Arc<Mutex<Vec<(f64, u64)>>> = Arc::new(Mutex::new(Vec::new()));
    let rss_before = o.pid.and_then(rss_kib);
    let start = Instant::now();
    let sampler = o.pid.map(|pid| {
        let (samples, stop) = (samples.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if let Some(k) = rss_kib(pid) {
                    samples.lock().unwrap().push((start.elapsed().as_secs_f64(), k));
                }
                std::thread::sleep(Duration::from_secs(1));
            }
        })
    });
    {
        let stop = stop.clone();
        let secs = o.seconds;
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(secs));
            stop.store(true, Ordering::Relaxed);
        });
    }
    let tallies: Vec<Tally> = rt.block_on(async {
        let handles: Vec<_> =
            (0..o.connections).map(|i| tokio::spawn(worker(i, addr.clone(), mix.clone(), stop.clone()))).collect();
        let mut out = Vec::new();
        for h in handles {
            out.push(h.await.expect("worker"));
        }
        out
    });
    let elapsed = start.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    if let Some(s) = sampler {
        let _ = s.join();
    }
    // Let the server drop the closed connections before the last sample.
    drop(rt);
    std::thread::sleep(Duration::from_secs(2));
    let rss_after = o.pid.and_then(rss_kib);

    let mut all: Vec<u32> = Vec::new();
    let mut by_route: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    let mut errors: BTreeMap<String, u64> = BTreeMap::new();
    for t in tallies {
        for (k, v) in t.lat {
            all.extend(&v);
            by_route.entry(k).or_default().extend(v);
        }
        for (k, n) in t.errors {
            *errors.entry(k).or_default() += n;
        }
    }
    all.sort_unstable();
    let n_err: u64 = errors.values().sum();
    println!(
        "{} connections, {:.1} s: {} requests OK ({:.0} req/s), {} errors; latency ms p50 {:.1} p90 {:.1} p99 {:.1} max {:.1}",
        o.connections,
        elapsed,
        all.len(),
        all.len() as f64 / elapsed,
        n_err,
        pct(&all, 0.5),
        pct(&all, 0.9),
        pct(&all, 0.99),
        pct(&all, 1.0)
    );
    println!("{:<10} {:>8} {:>9} {:>9} {:>9}", "route", "requests", "p50 ms", "p99 ms", "max ms");
    for (k, mut v) in by_route {
        v.sort_unstable();
        println!("{:<10} {:>8} {:>9.1} {:>9.1} {:>9.1}", k, v.len(), pct(&v, 0.5), pct(&v, 0.99), pct(&v, 1.0));
    }
    for (k, n) in &errors {
        println!("error {k}: {n}");
    }
    let samples = samples.lock().unwrap().clone();
    if let (Some(b), Some(a)) = (rss_before, rss_after) {
        let max = samples.iter().map(|s| s.1).max().unwrap_or(b);
        // Growth check: the mean of the last 10 in-run samples against the
        // mean of samples 5..15 (after the connections are all open).
        let mean = |s: &[(f64, u64)]| s.iter().map(|x| x.1 as f64).sum::<f64>() / s.len().max(1) as f64;
        let trend = match samples.get(5..15) {
            Some(early) if samples.len() >= 25 => format!(
                "in-run mean s5-15 {:.1}, last 10 s {:.1}",
                mean(early) / 1024.0,
                mean(&samples[samples.len() - 10..]) / 1024.0
            ),
            _ => "run too short for a trend".to_string(),
        };
        println!(
            "server RSS MiB: before {:.1}, max {:.1}, after {:.1}; {trend} ({} samples)",
            b as f64 / 1024.0,
            max as f64 / 1024.0,
            a as f64 / 1024.0,
            samples.len()
        );
        let series: Vec<String> = samples.iter().map(|(t, k)| format!("{:.0}:{:.0}", t, *k as f64 / 1024.0)).collect();
        println!("rss series s:MiB {}", series.join(" "));
    }
    if n_err > 0 {
        std::process::exit(1);
    }
}

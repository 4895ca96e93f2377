//! dyad-server: `dyad serve`, a read-only JSON API and one web page over the
//! event store (the only async code of the workspace: axum on tokio).
//!
//! Routes (all `GET` except `/api/code`; every error is `{"error": "…"}` with
//! status 400 for bad parameters, 404 for unknown ids or paths, 413 for a
//! body over [`BODY_LIMIT`] bytes, 500 for store failures). docs/API.md
//! describes each route, its parameters, limits and answers.
//!
//! - `/`, `/app.js`, `/app.css`, `/vendor/echarts.min.js`: the page
//!   ([`assets`]: embedded, nothing fetched at run time).
//! - `/api/overview`: the view on load ([`dyad_analytics::overview::overview`]).
//! - `/api/actors?q=PREFIX&limit=N`: actor codes by event count ([`dyad_analytics::actors`]).
//! - `/api/country_actors?country=CHN`: the actor codes under a country.
//! - `/api/events?actor=&a=&b=&code=&quad=&modality=&page=&per_page=`: paged event search.
//! - `/api/events/{id}`: one event with every provenance row (document, sentence, highlight segments, rule).
//! - `/api/dyad?a=&b=&by=day|week|month&normalize=&one_a_day=`: [`dyad_analytics::dyad_series`]
//!   (zero-filled); `/api/dyad_codes?a=&b=`: the dyad's top event codes with CAMEO names.
//! - `/api/country_network?min_events=&limit=`: countries, signed edges, domestic events, blocs.
//! - `/api/network?min_events=&limit=`: [`dyad_analytics::network`] edges plus each node's bloc.
//! - `/api/blocs?min_events=`: [`dyad_analytics::blocs`].
//! - `/api/document?id=`: one document with its stored sentences and events.
//! - `POST /api/code` with `{"text": "…", "date": "YYYY-MM-DD"?}`: codes the text with the
//!   built-in dictionaries (nothing stored) and answers the events with the keys of
//!   `dyad code`'s JSONL, plus `sentence` and `segments`. Text over
//!   [`CODE_TEXT_LIMIT`] bytes gets 413; at most [`CODE_SLOTS`] texts are coded
//!   at once, the others wait (memory stays bounded under load).
//!
//! Every query takes `origin=dyad|gdelt` (default `dyad`), `from`/`to`
//! (`YYYY-MM-DD`, inclusive). Unknown parameters are rejected (400). SQL
//! values are always bound parameters. No CORS headers are sent.

pub mod assets;
pub mod listen;
pub mod views;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use dyad_analytics::{DyadOptions, Period, Scope};
use dyad_coder::{Coder, CoderOptions};
use dyad_core::{Document, Event};
use dyad_store::rusqlite::{self, Connection, OpenFlags, OptionalExtension};
use dyad_store::Origin;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// Largest request body accepted, in bytes (1 MiB); larger → 413.
pub const BODY_LIMIT: usize = 1 << 20;

/// Most bytes of text `POST /api/code` codes in one request (413 above): coding
/// needs ≈ 40× the text's size in memory while it runs.
pub const CODE_TEXT_LIMIT: usize = 200_000;

/// Most `POST /api/code` requests coded at once; more wait their turn (each
/// coding holds its text's analysis in memory; a waiting one only its body).
pub const CODE_SLOTS: usize = 2;

/// Most events per page of `/api/events`.
pub const MAX_PER_PAGE: u64 = 200;

/// `dyad serve` arguments.
#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// SQLite store file (default: $DYAD_DB, else ./dyad.db). Must exist.
    #[arg(long = "db", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Address to listen on (loopback by default; port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Most connections open at once (also capped by the open-file limit); more wait.
    #[arg(long, value_name = "N", default_value_t = listen::Limits::default().max_connections)]
    pub max_connections: usize,
    /// Seconds a client has to send a request's headers (also the keep-alive idle timeout).
    #[arg(long, value_name = "SECS", default_value_t = listen::Limits::default().header_timeout.as_secs())]
    pub header_timeout: u64,
    /// Seconds to read a request's body and answer it (408 after).
    #[arg(long, value_name = "SECS", default_value_t = listen::Limits::default().request_timeout.as_secs())]
    pub request_timeout: u64,
}

/// Run the server until it is killed.
///
/// Errors: the store is missing or unreadable, the address cannot be bound.
pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let db = match (&args.db, std::env::var_os("DYAD_DB")) {
        (Some(p), _) => p.clone(),
        (None, Some(e)) if !e.is_empty() => PathBuf::from(e),
        _ => PathBuf::from("dyad.db"),
    };
    if !db.exists() {
        anyhow::bail!("no store at {} (run `dyad ingest` first, or give --db)", db.display());
    }
    let state = AppState::open(&db)?;
    // the timer drives the timeouts and the pause after a failed accept()
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let limits = listen::Limits {
        max_connections: args.max_connections,
        header_timeout: std::time::Duration::from_secs(args.header_timeout.max(1)),
        request_timeout: std::time::Duration::from_secs(args.request_timeout.max(1)),
    };
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&args.addr).await?;
        eprintln!("dyad: serving {} on http://{}/", db.display(), listener.local_addr()?);
        listen::serve(listener, router(state), limits).await?;
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Shared state: the store path (each request opens its own read-only
/// connection) and the built-in coder for `/api/code`.
#[derive(Clone)]
pub struct AppState {
    db: Arc<PathBuf>,
    coder: Arc<Coder>,
    /// Permits for `POST /api/code` codings ([`CODE_SLOTS`]).
    coding: Arc<tokio::sync::Semaphore>,
}

impl AppState {
    /// Open the store once (bringing its schema up to date), then keep its path.
    ///
    /// Errors: the file is not a dyad store or is newer than this build.
    pub fn open(db: &Path) -> anyhow::Result<AppState> {
        drop(dyad_store::Store::open(db)?);
        Ok(AppState {
            db: Arc::new(db.to_path_buf()),
            coder: Arc::new(Coder::builtin(CoderOptions::default())),
            coding: Arc::new(tokio::sync::Semaphore::new(CODE_SLOTS)),
        })
    }

    fn conn(&self) -> Result<Connection, ApiError> {
        let c = Connection::open_with_flags(
            self.db.as_path(),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        c.busy_timeout(std::time::Duration::from_secs(10))?;
        Ok(c)
    }
}

/// The router (public so tests can drive it without a socket).
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(assets::routes())
        .route("/api/overview", get(views::api_overview))
        .route("/api/country_network", get(views::api_country_network))
        .route("/api/country_actors", get(views::api_country_actors))
        .route("/api/dyad_codes", get(views::api_dyad_codes))
        .route("/api/actors", get(api_actors))
        .route("/api/events", get(api_events))
        .route("/api/events/:id", get(api_event))
        .route("/api/dyad", get(api_dyad))
        .route("/api/network", get(api_network))
        .route("/api/blocs", get(api_blocs))
        .route("/api/document", get(api_document))
        .route("/api/code", post(api_code))
        .fallback(|| async { ApiError(StatusCode::NOT_FOUND, "no such page".into()) })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

// ---------------------------------------------------------------------------
// Errors and parameters
// ---------------------------------------------------------------------------

/// An error answer: status and message, sent as `{"error": message}`.
#[derive(Debug)]
pub struct ApiError(pub StatusCode, pub String);

impl ApiError {
    fn bad(msg: impl Into<String>) -> ApiError {
        ApiError(StatusCode::BAD_REQUEST, msg.into())
    }
    fn internal(msg: impl Into<String>) -> ApiError {
        ApiError(StatusCode::INTERNAL_SERVER_ERROR, msg.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> ApiError {
        ApiError(StatusCode::INTERNAL_SERVER_ERROR, format!("database: {e}"))
    }
}

impl From<dyad_store::StoreError> for ApiError {
    fn from(e: dyad_store::StoreError) -> ApiError {
        ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// Run store work off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> ApiResult<T> + Send + 'static) -> ApiResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, format!("worker failed: {e}")))?
}

/// Query parameters, checked against the names a route accepts.
struct Params(HashMap<String, String>);

type RawQuery = Result<Query<HashMap<String, String>>, QueryRejection>;

impl Params {
    fn new(q: RawQuery, allowed: &[&str]) -> ApiResult<Params> {
        let Query(m) = q.map_err(|e| ApiError::bad(format!("bad query string: {e}")))?;
        let common = ["origin", "from", "to"];
        let mut unknown: Vec<&String> =
            m.keys().filter(|k| !allowed.contains(&k.as_str()) && !common.contains(&k.as_str())).collect();
        unknown.sort();
        if let Some(k) = unknown.first() {
            return Err(ApiError::bad(format!("unknown parameter {k:?}")));
        }
        Ok(Params(m))
    }

    fn get(&self, k: &str) -> Option<&str> {
        self.0.get(k).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    fn date(&self, k: &str) -> ApiResult<Option<String>> {
        match self.get(k) {
            None => Ok(None),
            Some(s) => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(|d| Some(d.format("%Y-%m-%d").to_string()))
                .map_err(|_| ApiError::bad(format!("{k} {s:?} is not a date (want YYYY-MM-DD)"))),
        }
    }

    fn scope(&self) -> ApiResult<Scope> {
        let origin = match self.get("origin") {
            None | Some("dyad") => Origin::Dyad,
            Some("gdelt") => Origin::Gdelt,
            Some(o) => return Err(ApiError::bad(format!("origin {o:?} is not dyad or gdelt"))),
        };
        let (from, to) = (self.date("from")?, self.date("to")?);
        if let (Some(f), Some(t)) = (&from, &to) {
            if f > t {
                return Err(ApiError::bad(format!("from {f} is after to {t}")));
            }
        }
        Ok(Scope { origin, from, to })
    }

    /// An actor code prefix: 1–32 of `A-Z 0-9 -` (upper-cased first).
    /// An actor parameter as a code prefix: written like a code (upper-case
    /// letters, digits, `-`) it is used as it is; any other text is looked up
    /// as a name in the built-in actor dictionary, as `dyad query` does
    /// ("United States", "russia", "Russian" → USA, RUS, RUS), else
    /// upper-cased ("usa" → USA).
    fn actor(&self, k: &str) -> ApiResult<Option<String>> {
        match self.get(k) {
            None => Ok(None),
            Some(s) => {
                let t = s.trim();
                let code_like =
                    !t.is_empty() && t.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
                if !code_like {
                    if let Some(code) = builtin_actor_names().actor_code_for_name(t) {
                        return Ok(Some(code.to_string()));
                    }
                }
                let u = t.to_ascii_uppercase();
                if u.len() > 32 || !u.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-') {
                    return Err(ApiError::bad(format!("{k} {s:?} is not an actor code (A-Z, 0-9, -)")));
                }
                Ok(Some(u))
            }
        }
    }

    fn uint(&self, k: &str, default: u64, min: u64, max: u64) -> ApiResult<u64> {
        match self.get(k) {
            None => Ok(default),
            Some(s) => match s.parse::<u64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(ApiError::bad(format!("{k} {s:?} is not a whole number in {min}..={max}"))),
            },
        }
    }

    fn flag(&self, k: &str) -> ApiResult<bool> {
        match self.get(k) {
            None | Some("0") | Some("false") => Ok(false),
            Some("1") | Some("true") => Ok(true),
            Some(s) => Err(ApiError::bad(format!("{k} {s:?} is not true/false"))),
        }
    }
}

// ---------------------------------------------------------------------------
// Highlight segments
// ---------------------------------------------------------------------------

/// Cut `sentence` (which starts at byte `base` of its field) into segments,
/// tagging the parts covered by the `(role, start, end)` byte spans (field
/// offsets). Spans that fall outside the sentence, off a char boundary, or
/// overlap an earlier one are left out. The segments' texts concatenate to
/// the sentence.
pub fn segments(sentence: &str, base: u32, spans: &[(&str, u32, u32)]) -> Vec<Value> {
    let mut sp: Vec<(usize, usize, &str)> = spans
        .iter()
        .filter(|(_, s, e)| *s >= base && e > s)
        .map(|(r, s, e)| ((s - base) as usize, (e - base) as usize, *r))
        .filter(|(s, e, _)| *e <= sentence.len() && sentence.is_char_boundary(*s) && sentence.is_char_boundary(*e))
        .collect();
    sp.sort();
    let mut out = Vec::new();
    let mut at = 0;
    for (s, e, role) in sp {
        if s < at {
            continue;
        }
        if s > at {
            out.push(json!({ "text": &sentence[at..s], "role": Value::Null }));
        }
        out.push(json!({ "text": &sentence[s..e], "role": role }));
        at = e;
    }
    if at < sentence.len() {
        out.push(json!({ "text": &sentence[at..], "role": Value::Null }));
    }
    out
}

// ---------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------

async fn api_actors(State(st): State<AppState>, q: RawQuery) -> ApiResult<Json<Value>> {
    let p = Params::new(q, &["q", "limit"])?;
    let scope = p.scope()?;
    let prefix = p.actor("q")?.unwrap_or_default();
    let limit = p.uint("limit", 20, 1, 1000)? as usize;
    blocking(move || {
        let c = st.conn()?;
        let all = dyad_analytics::actors(&c, &scope, 1_000_000)?;
        let v: Vec<_> = all.into_iter().filter(|a| a.actor.starts_with(&prefix)).take(limit).collect();
        Ok(Json(json!(v)))
    })
    .await
}

/// Columns of an event row in API answers, read by [`event_json`].
const EV_COLS: &str = "e.id, e.date, e.source, e.source_name, e.target, e.target_name, e.code, e.root_code, \
     e.quad_class, e.goldstein, e.modality, e.num_mentions, e.num_sources, e.num_articles, e.source_url, e.origin";

fn event_json(r: &rusqlite::Row<'_>) -> rusqlite::Result<Value> {
    Ok(json!({
        "id": r.get::<_, i64>(0)?, "date": r.get::<_, String>(1)?, "source": r.get::<_, String>(2)?,
        "source_name": r.get::<_, String>(3)?, "target": r.get::<_, String>(4)?,
        "target_name": r.get::<_, String>(5)?, "code": r.get::<_, String>(6)?, "root_code": r.get::<_, String>(7)?,
        "quad_class": r.get::<_, i64>(8)?, "goldstein": r.get::<_, Option<f64>>(9)?,
        "modality": r.get::<_, String>(10)?, "num_mentions": r.get::<_, i64>(11)?,
        "num_sources": r.get::<_, i64>(12)?, "num_articles": r.get::<_, i64>(13)?,
        "source_url": r.get::<_, String>(14)?, "origin": r.get::<_, String>(15)?,
    }))
}

fn prefix_range(w: &mut Vec<String>, a: &mut Vec<String>, col: &str, p: &str) {
    w.push(format!("(e.{col}>=? AND e.{col}<?)"));
    a.push(p.to_string());
    a.push(format!("{p}\u{10FFFF}"));
}

async fn api_events(State(st): State<AppState>, q: RawQuery) -> ApiResult<Json<Value>> {
    let p = Params::new(q, &["actor", "a", "b", "code", "quad", "modality", "page", "per_page"])?;
    let scope = p.scope()?;
    let actor = p.actor("actor")?;
    let (a, b) = (p.actor("a")?, p.actor("b")?);
    if a.is_some() != b.is_some() {
        return Err(ApiError::bad("a and b go together (the two sides of a dyad)"));
    }
    let code = match p.get("code") {
        Some(c) if c.len() <= 8 && c.bytes().all(|b| b.is_ascii_alphanumeric()) => Some(c.to_string()),
        Some(c) => return Err(ApiError::bad(format!("code {c:?} is not an event code"))),
        None => None,
    };
    let quad = match p.get("quad") {
        None => None,
        Some(_) => Some(p.uint("quad", 1, 1, 4)?),
    };
    let modality = match p.get("modality") {
        None => None,
        Some(m @ ("asserted" | "negated" | "future" | "hypothetical")) => Some(m.to_string()),
        Some(m) => {
            return Err(ApiError::bad(format!("modality {m:?} is not asserted, negated, future or hypothetical")))
        }
    };
    let page = p.uint("page", 1, 1, 1_000_000)?;
    let per_page = p.uint("per_page", 50, 1, MAX_PER_PAGE)?;
    blocking(move || {
        let mut w = vec!["e.origin=?".to_string()];
        let mut args: Vec<String> = vec![scope.origin.as_str().into()];
        if let Some(f) = &scope.from {
            w.push("e.date>=?".into());
            args.push(f.clone());
        }
        if let Some(t) = &scope.to {
            w.push("e.date<=?".into());
            args.push(t.clone());
        }
        if let Some(x) = &actor {
            let (mut w1, mut w2) = (Vec::new(), Vec::new());
            prefix_range(&mut w1, &mut args, "source", x);
            prefix_range(&mut w2, &mut args, "target", x);
            w.push(format!("({} OR {})", w1[0], w2[0]));
        }
        if let (Some(a), Some(b)) = (&a, &b) {
            let mut parts = Vec::new();
            for (s, t) in [(a, b), (b, a)] {
                let mut v = Vec::new();
                prefix_range(&mut v, &mut args, "source", s);
                prefix_range(&mut v, &mut args, "target", t);
                parts.push(v.join(" AND "));
            }
            w.push(format!("(({}) OR ({}))", parts[0], parts[1]));
        }
        if let Some(c) = &code {
            w.push("substr(e.code,1,?)=?".into());
            args.push(c.len().to_string());
            args.push(c.clone());
        }
        if let Some(q) = quad {
            w.push("e.quad_class=?".into());
            args.push(q.to_string());
        }
        if let Some(m) = &modality {
            w.push("e.modality=?".into());
            args.push(m.clone());
        }
        let wh = w.join(" AND ");
        let c = st.conn()?;
        let total: i64 = c.query_row(
            &format!("SELECT count(*) FROM events e WHERE {wh}"),
            rusqlite::params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        let sql = format!(
            "SELECT {EV_COLS}, (SELECT s.text FROM provenance p JOIN sentences s ON s.doc_id=p.doc_id \
             AND s.field=p.field AND s.sentence_index=p.sentence_index WHERE p.event_row=e.id \
             ORDER BY p.doc_id, p.seq LIMIT 1) FROM events e WHERE {wh} ORDER BY e.date, e.id LIMIT ? OFFSET ?"
        );
        let mut vals: Vec<rusqlite::types::Value> = args.into_iter().map(rusqlite::types::Value::Text).collect();
        vals.push(rusqlite::types::Value::Integer(per_page as i64));
        vals.push(rusqlite::types::Value::Integer(((page - 1) * per_page) as i64));
        let mut stmt = c.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(vals.iter()))?;
        let mut events = Vec::new();
        while let Some(r) = rows.next()? {
            let mut v = event_json(r)?;
            v["sentence"] = json!(r.get::<_, Option<String>>(16)?);
            events.push(v);
        }
        Ok(Json(json!({ "page": page, "per_page": per_page, "total": total, "events": events })))
    })
    .await
}

/// Provenance rows of one event with document, sentence and highlight segments.
fn provenance(c: &Connection, event_row: i64) -> ApiResult<Vec<Value>> {
    let mut st = c.prepare(
        "SELECT p.doc_id, p.field, p.sentence_index, p.source_text, p.verb_text, p.target_text, p.spans, p.rule, \
         p.plover_type, d.title, d.date, d.url, d.publisher, s.start, s.text \
         FROM provenance p JOIN documents d ON d.doc_id=p.doc_id \
         LEFT JOIN sentences s ON s.doc_id=p.doc_id AND s.field=p.field AND s.sentence_index=p.sentence_index \
         WHERE p.event_row=? ORDER BY p.doc_id, p.seq",
    )?;
    let mut rows = st.query([event_row])?;
    let mut v = Vec::new();
    while let Some(r) = rows.next()? {
        let spans: Vec<[u32; 2]> = serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or_default();
        let sentence: Option<String> = r.get(14)?;
        let base: Option<i64> = r.get(13)?;
        let segs = match (&sentence, base, spans.as_slice()) {
            (Some(s), Some(b), [_, src, verb, tgt]) => segments(
                s,
                b as u32,
                &[("source", src[0], src[1]), ("verb", verb[0], verb[1]), ("target", tgt[0], tgt[1])],
            ),
            _ => Vec::new(),
        };
        v.push(json!({
            "doc_id": r.get::<_, String>(0)?, "field": r.get::<_, String>(1)?,
            "sentence_index": r.get::<_, i64>(2)?, "source_text": r.get::<_, String>(3)?,
            "verb_text": r.get::<_, String>(4)?, "target_text": r.get::<_, String>(5)?,
            "rule": r.get::<_, String>(7)?, "plover_type": r.get::<_, String>(8)?,
            "title": r.get::<_, Option<String>>(9)?, "doc_date": r.get::<_, String>(10)?,
            "url": r.get::<_, Option<String>>(11)?, "publisher": r.get::<_, Option<String>>(12)?,
            "sentence": sentence, "segments": segs,
        }));
    }
    Ok(v)
}

async fn api_event(
    State(st): State<AppState>,
    id: Result<UrlPath<i64>, axum::extract::rejection::PathRejection>,
) -> ApiResult<Json<Value>> {
    let UrlPath(id) = id.map_err(|_| ApiError::bad("event id must be a whole number"))?;
    blocking(move || {
        let c = st.conn()?;
        let ev = c
            .query_row(&format!("SELECT {EV_COLS} FROM events e WHERE e.id=?"), [id], event_json)
            .optional()?
            .ok_or_else(|| ApiError(StatusCode::NOT_FOUND, format!("no event {id}")))?;
        let prov = provenance(&c, id)?;
        let code_name = ev["code"].as_str().and_then(dyad_core::cameo::event_name);
        Ok(Json(json!({ "event": ev, "code_name": code_name, "provenance": prov })))
    })
    .await
}

fn dyad_params(q: RawQuery) -> ApiResult<(Scope, DyadOptions)> {
    let p = Params::new(q, &["a", "b", "by", "normalize", "one_a_day"])?;
    let scope = p.scope()?;
    let (Some(a), Some(b)) = (p.actor("a")?, p.actor("b")?) else {
        return Err(ApiError::bad("a and b (actor code prefixes) are required"));
    };
    let by = match p.get("by") {
        None | Some("month") => Period::Month,
        Some("week") => Period::Week,
        Some("day") => Period::Day,
        Some(x) => return Err(ApiError::bad(format!("by {x:?} is not day, week or month"))),
    };
    let o = DyadOptions { a, b, by, normalize: p.flag("normalize")?, one_a_day: p.flag("one_a_day")? };
    Ok((scope, o))
}

async fn api_dyad(State(st): State<AppState>, q: RawQuery) -> ApiResult<Json<Value>> {
    let (scope, o) = dyad_params(q)?;
    blocking(move || {
        let rows = dyad_analytics::dyad_series(&st.conn()?, &scope, &o)?;
        Ok(Json(json!({ "a": o.a, "b": o.b, "rows": rows })))
    })
    .await
}

async fn api_network(State(st): State<AppState>, q: RawQuery) -> ApiResult<Json<Value>> {
    let p = Params::new(q, &["min_events", "limit"])?;
    let scope = p.scope()?;
    let min = p.uint("min_events", 1, 1, 1_000_000)?;
    let limit = p.uint("limit", 150, 1, 5000)? as usize;
    blocking(move || {
        let c = st.conn()?;
        let mut edges = dyad_analytics::network(&c, &scope, min)?;
        edges.truncate(limit);
        let blocs = dyad_analytics::blocs(&c, &scope, min)?;
        let mut bloc_of = serde_json::Map::new();
        for (i, b) in blocs.blocs.iter().enumerate() {
            for m in &b.members {
                bloc_of.insert(m.clone(), json!(i + 1));
            }
        }
        Ok(Json(json!({ "edges": edges, "bloc_of": bloc_of, "modularity": blocs.modularity })))
    })
    .await
}

async fn api_blocs(State(st): State<AppState>, q: RawQuery) -> ApiResult<Json<Value>> {
    let p = Params::new(q, &["min_events"])?;
    let scope = p.scope()?;
    let min = p.uint("min_events", 2, 1, 1_000_000)?;
    blocking(move || Ok(Json(json!(dyad_analytics::blocs(&st.conn()?, &scope, min)?)))).await
}

async fn api_document(State(st): State<AppState>, q: RawQuery) -> ApiResult<Json<Value>> {
    let p = Params::new(q, &["id"])?;
    let Some(id) = p.get("id").map(str::to_string) else {
        return Err(ApiError::bad("id (a document id) is required"));
    };
    if id.len() > 4096 {
        return Err(ApiError::bad("id is too long"));
    }
    blocking(move || {
        let c = st.conn()?;
        let doc = c
            .query_row(
                "SELECT doc_id, date, title, url, publisher, text_len, n_events FROM documents WHERE doc_id=?",
                [&id],
                |r| {
                    Ok(json!({
                        "doc_id": r.get::<_, String>(0)?, "date": r.get::<_, String>(1)?,
                        "title": r.get::<_, Option<String>>(2)?, "url": r.get::<_, Option<String>>(3)?,
                        "publisher": r.get::<_, Option<String>>(4)?, "text_len": r.get::<_, i64>(5)?,
                        "n_events": r.get::<_, i64>(6)?,
                    }))
                },
            )
            .optional()?
            .ok_or_else(|| ApiError(StatusCode::NOT_FOUND, format!("no document {id:?}")))?;
        let mut st1 = c.prepare(
            "SELECT field, sentence_index, start, end, text FROM sentences WHERE doc_id=? ORDER BY field, sentence_index",
        )?;
        let sentences: Vec<Value> = st1
            .query_map([&id], |r| {
                Ok(json!({ "field": r.get::<_, String>(0)?, "sentence_index": r.get::<_, i64>(1)?,
                    "start": r.get::<_, i64>(2)?, "end": r.get::<_, i64>(3)?, "text": r.get::<_, String>(4)? }))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut st2 = c.prepare(&format!(
            "SELECT DISTINCT {EV_COLS} FROM events e JOIN provenance p ON p.event_row=e.id WHERE p.doc_id=? \
             ORDER BY e.date, e.id"
        ))?;
        let events: Vec<Value> = st2.query_map([&id], event_json)?.collect::<rusqlite::Result<_>>()?;
        Ok(Json(json!({ "document": doc, "sentences": sentences, "events": events })))
    })
    .await
}

/// One coded event as `dyad code` writes it in JSONL (the [`Event`] keys),
/// plus `sentence` and highlight `segments`.
pub fn code_event_json(doc: &Document, e: &Event) -> Value {
    // Through text, as the JSONL sink writes it: an f32 Goldstein keeps its shortest
    // form (1.9, not the 1.899999976… a direct `to_value` would give).
    let mut v: Value = serde_json::to_vec(e).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or(Value::Null);
    let sentence = dyad_coder::sink::sentence_text(doc, e);
    let s = &e.spans;
    let segs = segments(
        sentence,
        s.sentence.start,
        &[
            ("source", s.source.start, s.source.end),
            ("verb", s.verb.start, s.verb.end),
            ("target", s.target.start, s.target.end),
        ],
    );
    if let Value::Object(m) = &mut v {
        m.insert("sentence".into(), json!(sentence));
        m.insert("segments".into(), json!(segs));
    }
    v
}

/// A body that could not be read as `{"error": …}`: 413 over [`BODY_LIMIT`]
/// (axum stops reading there, so memory stays bounded), else axum's status.
fn body_error(r: BytesRejection) -> ApiError {
    let status = r.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError(status, format!("request body is over {BODY_LIMIT} bytes; /api/code takes at most that"))
    } else {
        ApiError(status, format!("cannot read the request body: {}", r.body_text()))
    }
}

async fn api_code(State(st): State<AppState>, body: Result<Bytes, BytesRejection>) -> ApiResult<Json<Value>> {
    let body = body.map_err(body_error)?;
    let v: Value = serde_json::from_slice(&body).map_err(|e| ApiError::bad(format!("body is not JSON: {e}")))?;
    let Some(obj) = v.as_object() else {
        return Err(ApiError::bad("body must be a JSON object {\"text\": …, \"date\": …}"));
    };
    if let Some(k) = obj.keys().find(|k| *k != "text" && *k != "date") {
        return Err(ApiError::bad(format!("unknown field {k:?}")));
    }
    let Some(text) = obj.get("text").and_then(Value::as_str) else {
        return Err(ApiError::bad("text (a string) is required"));
    };
    let date = match obj.get("date") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) => Some(
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| ApiError::bad(format!("date {s:?} is not a date (want YYYY-MM-DD)")))?,
        ),
        Some(_) => return Err(ApiError::bad("date must be a string YYYY-MM-DD")),
    };
    if text.len() > CODE_TEXT_LIMIT {
        return Err(ApiError(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "text is {} bytes; /api/code codes at most {CODE_TEXT_LIMIT} (use `dyad code` for more)",
                text.len()
            ),
        ));
    }
    // wait for a coding permit, held until the coding ends
    let slot = st
        .coding
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ApiError(StatusCode::SERVICE_UNAVAILABLE, "shutting down".into()))?;
    let doc = Document { id: "pasted".into(), date, text: text.to_string(), title: None, source: None, url: None };
    blocking(move || {
        let _slot = slot;
        let events = st.coder.code(&doc);
        Ok(Json(Value::Array(events.iter().map(|e| code_event_json(&doc, e)).collect())))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::{header, Request};
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    /// The router over a fresh empty store in the temp dir.
    fn app(name: &str) -> Router {
        let dir = std::env::temp_dir().join(format!("dyad-server-unit-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("t.db");
        drop(dyad_store::Store::open(&db).unwrap());
        router(AppState::open(&db).unwrap())
    }

    async fn post(app: &Router, body: Vec<u8>, content_length: bool) -> (StatusCode, String, Value) {
        let mut req = Request::post("/api/code").header("content-type", "application/json");
        if content_length {
            req = req.header("content-length", body.len().to_string());
        }
        let r = app.clone().oneshot(req.body(Body::from(body)).unwrap()).await.unwrap();
        let (parts, body) = r.into_parts();
        let ctype =
            parts.headers.get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
        let bytes = body.collect().await.unwrap().to_bytes();
        (parts.status, ctype, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }

    /// A body over BODY_LIMIT answers 413 with the JSON error shape, whether
    /// its length is declared up front or only found while reading.
    #[tokio::test]
    async fn oversized_body_is_json_413() {
        let app = app("oversized");
        for content_length in [true, false] {
            let big = format!("{{\"text\": \"{}\"}}", "a".repeat(BODY_LIMIT + 10)).into_bytes();
            let (status, ctype, v) = post(&app, big, content_length).await;
            assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
            assert_eq!(ctype, "application/json");
            assert_eq!(
                v["error"].as_str(),
                Some("request body is over 1048576 bytes; /api/code takes at most that"),
                "{v}"
            );
            assert_eq!(v.as_object().map(|o| o.len()), Some(1));
        }
        // Just under the limit: read, then refused for its text length (also JSON).
        let text = "a ".repeat((BODY_LIMIT - 20) / 2);
        let body = format!("{{\"text\": \"{text}\"}}").into_bytes();
        assert!(body.len() <= BODY_LIMIT);
        let (status, _, v) = post(&app, body, true).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(v["error"].as_str().unwrap().contains("/api/code codes at most 200000"), "{v}");
        // A small body codes normally.
        let ok = br#"{"text": "Russia attacked Ukraine on Monday.", "date": "2022-03-07"}"#.to_vec();
        let (status, _, v) = post(&app, ok, true).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            v.as_array().is_some_and(|a| a.iter().any(|e| e["code"].as_str().is_some_and(|c| c.starts_with("19")))),
            "{v}"
        );
    }
}

/// The built-in dictionaries, loaded once, for reading actor names in
/// query parameters.
fn builtin_actor_names() -> &'static dyad_dict::Dictionaries {
    static D: std::sync::OnceLock<dyad_dict::Dictionaries> = std::sync::OnceLock::new();
    D.get_or_init(|| dyad_dict::builtin::load().0)
}

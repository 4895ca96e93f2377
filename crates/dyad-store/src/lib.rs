//! dyad-store: the embedded event store (one SQLite file, via rusqlite with
//! SQLite compiled in), GDELT import/export and Parquet export.
//!
//! Tables (schema in `docs/STORE.md`): `runs` (one manifest per ingest or
//! import), `documents`, `sentences` (the sentences that produced events),
//! `events` (one row per distinct event, with GDELT-style counts) and
//! `provenance` (one row per coded mention, pointing to its event, document,
//! sentence and run).
//!
//! - Ingest is idempotent by document id: storing a document again first
//!   removes its sentences and provenance, then recounts the events it touched
//!   (an event left with no provenance is deleted).
//! - dyad events are deduplicated across documents by
//!   `(date, source, target, code, modality)`; GDELT rows are keyed by
//!   GLOBALEVENTID. The `origin` (`dyad` or `gdelt`) is part of the key, so
//!   the two are never merged.
//! - Writes go in transactions of bounded size ([`DocWriter`]), so a killed
//!   process loses at most the open batch and a re-run completes the store.

pub mod export;
pub mod gdelt;

use dyad_core::{Document, Event};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeSet;
use std::path::Path;

pub use rusqlite;
pub use zip;

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed (file not a database, disk full, locked, …).
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    /// Reading or writing a file failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The database was written by a newer dyad (schema version too high).
    #[error("database schema version {0} is newer than this dyad supports ({1})")]
    TooNew(i64, i64),
    /// Any other failure, described.
    #[error("{0}")]
    Other(String),
}

/// Result alias of the store.
pub type Result<T> = std::result::Result<T, StoreError>;

/// Migrations in order; migration `i` takes the schema from version `i` to
/// `i + 1` (`PRAGMA user_version`).
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE runs(
  run_id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  started TEXT NOT NULL,
  finished TEXT,
  dyad_version TEXT NOT NULL,
  dict_version TEXT NOT NULL,
  options TEXT NOT NULL,
  inputs TEXT NOT NULL,
  stats TEXT
);
CREATE TABLE documents(
  doc_id TEXT PRIMARY KEY,
  date TEXT NOT NULL,
  title TEXT,
  url TEXT,
  publisher TEXT,
  text_len INTEGER NOT NULL,
  n_events INTEGER NOT NULL,
  run_id INTEGER NOT NULL
);
CREATE TABLE sentences(
  doc_id TEXT NOT NULL,
  field TEXT NOT NULL,
  sentence_index INTEGER NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY(doc_id, field, sentence_index)
) WITHOUT ROWID;
CREATE TABLE events(
  id INTEGER PRIMARY KEY,
  origin TEXT NOT NULL CHECK(origin IN ('dyad','gdelt')),
  event_key TEXT NOT NULL,
  date TEXT NOT NULL,
  source TEXT NOT NULL,
  source_country TEXT NOT NULL,
  source_name TEXT NOT NULL,
  source_orig TEXT NOT NULL,
  target TEXT NOT NULL,
  target_country TEXT NOT NULL,
  target_name TEXT NOT NULL,
  target_orig TEXT NOT NULL,
  code TEXT NOT NULL,
  root_code TEXT NOT NULL,
  quad_class INTEGER NOT NULL,
  goldstein REAL,
  modality TEXT NOT NULL,
  is_root INTEGER NOT NULL,
  num_mentions INTEGER NOT NULL,
  num_sources INTEGER NOT NULL,
  num_articles INTEGER NOT NULL,
  avg_tone REAL,
  geo_fullname TEXT NOT NULL,
  geo_country TEXT NOT NULL,
  geo_lat REAL,
  geo_long REAL,
  date_added TEXT NOT NULL,
  source_url TEXT NOT NULL,
  run_id INTEGER NOT NULL,
  UNIQUE(origin, event_key)
);
CREATE INDEX events_date ON events(origin, date);
CREATE INDEX events_dyad ON events(origin, source, target, date);
CREATE INDEX events_target ON events(origin, target, source, date);
CREATE TABLE provenance(
  doc_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  event_row INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  field TEXT NOT NULL,
  sentence_index INTEGER NOT NULL,
  source_text TEXT NOT NULL,
  target_text TEXT NOT NULL,
  verb_text TEXT NOT NULL,
  spans TEXT NOT NULL,
  rule TEXT NOT NULL,
  dict_version TEXT NOT NULL,
  plover_type TEXT NOT NULL,
  plover_mode TEXT NOT NULL,
  plover_context TEXT NOT NULL,
  compound_id TEXT NOT NULL,
  issues TEXT NOT NULL,
  run_id INTEGER NOT NULL,
  PRIMARY KEY(doc_id, seq)
) WITHOUT ROWID;
CREATE INDEX provenance_event ON provenance(event_row);
"#];

/// Current schema version (number of migrations).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Which producer an event came from. Never merged with each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// Coded by dyad (`dyad ingest`).
    Dyad,
    /// Imported from GDELT event files (`dyad import gdelt`).
    Gdelt,
}

impl Origin {
    /// `"dyad"` or `"gdelt"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Origin::Dyad => "dyad",
            Origin::Gdelt => "gdelt",
        }
    }
}

/// The open store: one SQLite connection.
pub struct Store {
    conn: Connection,
}

/// A run manifest: what produced a batch of documents or rows.
#[derive(Debug, Clone, Default)]
pub struct RunManifest {
    /// `ingest` or `import-gdelt`.
    pub kind: String,
    /// dyad version (`CARGO_PKG_VERSION` of the binary).
    pub dyad_version: String,
    /// Hash of the dictionaries in use (empty for imports).
    pub dict_version: String,
    /// Options as a JSON object.
    pub options: String,
    /// Input paths as a JSON array.
    pub inputs: String,
}

impl Store {
    /// Open (creating if needed) the store at `path` and bring its schema up to
    /// date. WAL journal, `synchronous=NORMAL` (durable against a killed
    /// process; a power cut may lose the last transactions, never corrupt).
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open(path)?;
        Self::setup(conn)
    }

    /// An in-memory store (tests).
    pub fn open_in_memory() -> Result<Store> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "cache_size", -65536)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        let mut s = Store { conn };
        s.migrate()?;
        Ok(s)
    }

    fn migrate(&mut self) -> Result<()> {
        let v: i64 = self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if v > SCHEMA_VERSION {
            return Err(StoreError::TooNew(v, SCHEMA_VERSION));
        }
        for (i, m) in MIGRATIONS.iter().enumerate().skip(v as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(m)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The underlying connection (queries and analytics read through it).
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Record the start of a run; returns its id.
    pub fn begin_run(&self, m: &RunManifest) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO runs(kind, started, dyad_version, dict_version, options, inputs) VALUES(?,?,?,?,?,?)",
            params![m.kind, now(), m.dyad_version, m.dict_version, m.options, m.inputs],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Mark a run finished with its statistics (a JSON object).
    pub fn finish_run(&self, run_id: i64, stats: &str) -> Result<()> {
        self.conn.execute("UPDATE runs SET finished=?, stats=? WHERE run_id=?", params![now(), stats, run_id])?;
        // Refresh the planner's statistics where they are stale (cheap when nothing changed).
        self.conn.execute_batch("PRAGMA optimize")?;
        Ok(())
    }

    /// `PRAGMA integrity_check`: `"ok"` when the file is sound.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// Number of events of an origin.
    pub fn count_events(&self, origin: Origin) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM events WHERE origin=?", [origin.as_str()], |r| r.get(0))?)
    }

    /// Start writing coded documents for run `run_id`; a transaction is
    /// committed every `max_docs` documents or `max_events` events, whichever
    /// comes first (both at least 1).
    pub fn doc_writer(&mut self, run_id: i64, max_docs: usize, max_events: usize) -> DocWriter<'_> {
        DocWriter {
            store: self,
            run_id,
            max_docs: max_docs.max(1),
            max_events: max_events.max(1),
            docs: 0,
            events: 0,
            in_tx: false,
            touched: BTreeSet::new(),
        }
    }

    /// Visit stored events in `(origin, date, id)` order, optionally of one
    /// origin and within `[from, to]` (inclusive `YYYY-MM-DD`).
    pub fn for_each_event(&self, filter: &EventFilter, mut f: impl FnMut(&StoredEvent) -> Result<()>) -> Result<()> {
        let (wh, args) = filter.sql();
        let sql = format!("SELECT {EVENT_COLS} FROM events {wh} ORDER BY origin, date, id");
        let mut st = self.conn.prepare(&sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
        while let Some(r) = rows.next()? {
            f(&StoredEvent::from_row(r)?)?;
        }
        Ok(())
    }
}

/// Current UTC time, RFC 3339 seconds.
fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Filter for [`Store::for_each_event`].
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Only this origin.
    pub origin: Option<Origin>,
    /// First date, inclusive (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Last date, inclusive.
    pub to: Option<String>,
}

impl EventFilter {
    /// `WHERE …` clause and its arguments.
    pub fn sql(&self) -> (String, Vec<String>) {
        let mut w = Vec::new();
        let mut a = Vec::new();
        if let Some(o) = self.origin {
            w.push("origin=?");
            a.push(o.as_str().to_string());
        }
        if let Some(f) = &self.from {
            w.push("date>=?");
            a.push(f.clone());
        }
        if let Some(t) = &self.to {
            w.push("date<=?");
            a.push(t.clone());
        }
        if w.is_empty() {
            (String::new(), a)
        } else {
            (format!("WHERE {}", w.join(" AND ")), a)
        }
    }
}

/// The `events` columns read into [`StoredEvent`], in order.
pub const EVENT_COLS: &str = "origin, event_key, date, source, source_country, source_name, source_orig, \
     target, target_country, target_name, target_orig, code, root_code, quad_class, goldstein, modality, is_root, \
     num_mentions, num_sources, num_articles, avg_tone, geo_fullname, geo_country, geo_lat, geo_long, date_added, \
     source_url";

/// One stored event (a row of `events`, without its row id and run id).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct StoredEvent {
    /// `dyad` or `gdelt`.
    pub origin: String,
    /// dyad: `date|source|target|code|modality`; gdelt: GLOBALEVENTID.
    pub event_key: String,
    /// `YYYY-MM-DD`, empty when unknown.
    pub date: String,
    /// Source actor code (ISO countries: GDELT's legacy codes mapped).
    pub source: String,
    /// Source country / region part.
    pub source_country: String,
    /// Source name (GDELT Actor1Name; dyad: the first mention's text, upper-cased).
    pub source_name: String,
    /// Source actor code as given before the crosswalk (GDELT; dyad: same as `source`).
    pub source_orig: String,
    /// Target actor code.
    pub target: String,
    /// Target country / region part.
    pub target_country: String,
    /// Target name.
    pub target_name: String,
    /// Target actor code as given.
    pub target_orig: String,
    /// CAMEO event code.
    pub code: String,
    /// CAMEO root code.
    pub root_code: String,
    /// QuadClass (GDELT 1–4; 0 unknown).
    pub quad_class: i64,
    /// Goldstein score −10…+10, if known.
    pub goldstein: Option<f64>,
    /// dyad modality (`asserted`…); empty for GDELT.
    pub modality: String,
    /// GDELT IsRootEvent (dyad: 1 when coded from a document's first sentence).
    pub is_root: i64,
    /// Distinct sentences (dyad) / GDELT NumMentions.
    pub num_mentions: i64,
    /// Distinct publishers (dyad; a document without one counts as its own) / GDELT NumSources.
    pub num_sources: i64,
    /// Distinct documents (dyad) / GDELT NumArticles.
    pub num_articles: i64,
    /// GDELT AvgTone.
    pub avg_tone: Option<f64>,
    /// GDELT ActionGeo_FullName.
    pub geo_fullname: String,
    /// GDELT ActionGeo_CountryCode (FIPS 10-4, as GDELT gives it).
    pub geo_country: String,
    /// GDELT ActionGeo_Lat.
    pub geo_lat: Option<f64>,
    /// GDELT ActionGeo_Long.
    pub geo_long: Option<f64>,
    /// GDELT DATEADDED as given (`YYYYMMDD` or `YYYYMMDDHHMMSS`); empty for dyad.
    pub date_added: String,
    /// GDELT SOURCEURL; dyad: the URL (else id) of the first document reporting it.
    pub source_url: String,
}

impl StoredEvent {
    /// Read a row selected with [`EVENT_COLS`].
    pub fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredEvent> {
        Ok(StoredEvent {
            origin: r.get(0)?,
            event_key: r.get(1)?,
            date: r.get(2)?,
            source: r.get(3)?,
            source_country: r.get(4)?,
            source_name: r.get(5)?,
            source_orig: r.get(6)?,
            target: r.get(7)?,
            target_country: r.get(8)?,
            target_name: r.get(9)?,
            target_orig: r.get(10)?,
            code: r.get(11)?,
            root_code: r.get(12)?,
            quad_class: r.get(13)?,
            goldstein: r.get(14)?,
            modality: r.get(15)?,
            is_root: r.get(16)?,
            num_mentions: r.get(17)?,
            num_sources: r.get(18)?,
            num_articles: r.get(19)?,
            avg_tone: r.get(20)?,
            geo_fullname: r.get(21)?,
            geo_country: r.get(22)?,
            geo_lat: r.get(23)?,
            geo_long: r.get(24)?,
            date_added: r.get(25)?,
            source_url: r.get(26)?,
        })
    }
}

/// Writes coded documents in bounded transactions (see [`Store::doc_writer`]).
/// Call [`DocWriter::finish`] to commit the last batch; dropping it without
/// `finish` rolls the open batch back.
pub struct DocWriter<'a> {
    store: &'a mut Store,
    run_id: i64,
    max_docs: usize,
    max_events: usize,
    docs: usize,
    events: usize,
    in_tx: bool,
    touched: BTreeSet<i64>,
}

/// The dedup key of a dyad event: `date|source|target|code|modality`.
pub fn dyad_event_key(e: &Event) -> String {
    format!("{}|{}|{}|{}|{}", e.date, e.source, e.target, e.code, e.modality.as_str())
}

impl DocWriter<'_> {
    /// Store one document and its events, replacing whatever was stored for
    /// the same document id before.
    pub fn add(&mut self, doc: &Document, events: &[Event]) -> Result<()> {
        if !self.in_tx {
            self.store.conn.execute_batch("BEGIN IMMEDIATE")?;
            self.in_tx = true;
        }
        self.write_doc(doc, events)?;
        self.docs += 1;
        self.events += events.len();
        if self.docs >= self.max_docs || self.events >= self.max_events {
            self.commit()?;
        }
        Ok(())
    }

    fn write_doc(&mut self, doc: &Document, events: &[Event]) -> Result<()> {
        let c = &self.store.conn;
        {
            let mut st = c.prepare_cached("SELECT DISTINCT event_row FROM provenance WHERE doc_id=?")?;
            let rows = st.query_map([&doc.id], |r| r.get::<_, i64>(0))?;
            for r in rows {
                self.touched.insert(r?);
            }
        }
        c.prepare_cached("DELETE FROM provenance WHERE doc_id=?")?.execute([&doc.id])?;
        c.prepare_cached("DELETE FROM sentences WHERE doc_id=?")?.execute([&doc.id])?;
        let date = doc.date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
        c.prepare_cached(
            "INSERT OR REPLACE INTO documents(doc_id, date, title, url, publisher, text_len, n_events, run_id) \
             VALUES(?,?,?,?,?,?,?,?)",
        )?
        .execute(params![
            doc.id,
            date,
            doc.title,
            doc.url,
            doc.source,
            doc.text.len() as i64,
            events.len() as i64,
            self.run_id
        ])?;
        let mut ins_ev = c.prepare_cached(
            "INSERT INTO events(origin, event_key, date, source, source_country, source_name, source_orig, \
             target, target_country, target_name, target_orig, code, root_code, quad_class, goldstein, modality, \
             is_root, num_mentions, num_sources, num_articles, geo_fullname, geo_country, date_added, source_url, run_id) \
             VALUES('dyad',?1,?2,?3,?4,'',?3,?5,?6,'',?5,?7,?8,?9,?10,?11,0,0,0,0,'','','','',?12) \
             ON CONFLICT(origin, event_key) DO NOTHING",
        )?;
        let mut get_ev = c.prepare_cached("SELECT id FROM events WHERE origin='dyad' AND event_key=?")?;
        let mut ins_prov = c.prepare_cached(
            "INSERT INTO provenance(doc_id, seq, event_row, event_id, field, sentence_index, source_text, target_text, \
             verb_text, spans, rule, dict_version, plover_type, plover_mode, plover_context, compound_id, issues, run_id) \
             VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        )?;
        let mut ins_sent = c.prepare_cached(
            "INSERT OR IGNORE INTO sentences(doc_id, field, sentence_index, start, end, text) VALUES(?,?,?,?,?,?)",
        )?;
        for (seq, e) in events.iter().enumerate() {
            let key = dyad_event_key(e);
            ins_ev.execute(params![
                key,
                e.date,
                e.source,
                e.source_country,
                e.target,
                e.target_country,
                e.code,
                e.root_code,
                e.quad_class as i64,
                e.goldstein.map(goldstein_f64),
                e.modality.as_str(),
                self.run_id
            ])?;
            let row: i64 = get_ev.query_row([&key], |r| r.get(0))?;
            self.touched.insert(row);
            let s = &e.spans;
            let spans = format!(
                "[[{},{}],[{},{}],[{},{}],[{},{}]]",
                s.sentence.start,
                s.sentence.end,
                s.source.start,
                s.source.end,
                s.verb.start,
                s.verb.end,
                s.target.start,
                s.target.end
            );
            ins_prov.execute(params![
                doc.id,
                seq as i64,
                row,
                e.event_id,
                e.field.as_str(),
                e.sentence_index as i64,
                e.source_text,
                e.target_text,
                e.verb_text,
                spans,
                e.rule,
                e.dict_version,
                e.plover_type,
                e.plover_mode,
                e.plover_context,
                e.compound_id,
                e.issues.join(";"),
                self.run_id
            ])?;
            ins_sent.execute(params![
                doc.id,
                e.field.as_str(),
                e.sentence_index as i64,
                s.sentence.start as i64,
                s.sentence.end as i64,
                dyad_coder::sink::sentence_text(doc, e)
            ])?;
        }
        Ok(())
    }

    /// Recount the touched events and commit the open batch.
    fn commit(&mut self) -> Result<()> {
        if !self.in_tx {
            return Ok(());
        }
        recount(&self.store.conn, &self.touched)?;
        self.store.conn.execute_batch("COMMIT")?;
        self.in_tx = false;
        self.touched.clear();
        self.docs = 0;
        self.events = 0;
        Ok(())
    }

    /// Commit the last batch.
    pub fn finish(mut self) -> Result<()> {
        self.commit()
    }
}

impl Drop for DocWriter<'_> {
    fn drop(&mut self) {
        if self.in_tx {
            let _ = self.store.conn.execute_batch("ROLLBACK");
        }
    }
}

/// Recompute counts, names and URL of the given dyad event rows from their
/// provenance; delete rows left without provenance. Names and URL come from
/// the smallest `(doc_id, seq)` provenance row, so the result does not depend
/// on ingest order.
fn recount(c: &Connection, rows: &BTreeSet<i64>) -> Result<()> {
    let mut del = c.prepare_cached(
        "DELETE FROM events WHERE id=?1 AND NOT EXISTS (SELECT 1 FROM provenance WHERE event_row=?1)",
    )?;
    let mut upd = c.prepare_cached(
        "UPDATE events SET \
         num_mentions=(SELECT count(*) FROM (SELECT DISTINCT doc_id, field, sentence_index FROM provenance WHERE event_row=?1)), \
         num_articles=(SELECT count(DISTINCT doc_id) FROM provenance WHERE event_row=?1), \
         num_sources=(SELECT count(DISTINCT coalesce(d.publisher, '#' || d.doc_id)) FROM provenance p \
             JOIN documents d ON d.doc_id=p.doc_id WHERE p.event_row=?1), \
         is_root=(SELECT max(sentence_index=0 AND field='text') FROM provenance WHERE event_row=?1), \
         source_name=(SELECT upper(source_text) FROM provenance WHERE event_row=?1 ORDER BY doc_id, seq LIMIT 1), \
         target_name=(SELECT upper(target_text) FROM provenance WHERE event_row=?1 ORDER BY doc_id, seq LIMIT 1), \
         source_url=(SELECT coalesce(d.url, d.doc_id) FROM provenance p JOIN documents d ON d.doc_id=p.doc_id \
             WHERE p.event_row=?1 ORDER BY p.doc_id, p.seq LIMIT 1) \
         WHERE id=?1",
    )?;
    for &r in rows {
        if del.execute([r])? == 0 {
            upd.execute([r])?;
        }
    }
    Ok(())
}

/// Look up one value (helper for tests and the CLI).
pub fn query_i64(c: &Connection, sql: &str) -> Result<Option<i64>> {
    Ok(c.query_row(sql, [], |r| r.get(0)).optional()?)
}

/// A Goldstein score (`f32` in [`Event`]) as the `f64` of its shortest
/// decimal form, so `1.9f32` is stored as `1.9`, not `1.899999976…`.
pub fn goldstein_f64(g: f32) -> f64 {
    g.to_string().parse().unwrap_or(g as f64)
}

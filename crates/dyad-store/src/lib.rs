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
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
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

/// Goldstein score in thousandths as an integer (exact sums); NULL stays NULL.
macro_rules! milli {
    ($e:literal) => {
        concat!("CAST(round(", $e, ".goldstein*1000) AS INTEGER)")
    };
}

/// A network node of an event side: its country part, else its whole code
/// unless that has no country (`---GOV`: empty, no node).
macro_rules! node {
    ($row:literal, $side:literal) => {
        concat!(
            "(CASE WHEN ",
            $row,
            ".",
            $side,
            "_country<>'' THEN ",
            $row,
            ".",
            $side,
            "_country WHEN ",
            $row,
            ".",
            $side,
            " LIKE '---%' THEN '' ELSE ",
            $row,
            ".",
            $side,
            " END)"
        )
    };
}

macro_rules! aggregate_tables {
    () => {
        r#"
CREATE TABLE dyad_daily(
  origin TEXT NOT NULL,
  source TEXT NOT NULL,
  target TEXT NOT NULL,
  date TEXT NOT NULL,
  code TEXT NOT NULL,
  n INTEGER NOT NULL,
  q1 INTEGER NOT NULL,
  q2 INTEGER NOT NULL,
  q3 INTEGER NOT NULL,
  q4 INTEGER NOT NULL,
  gsum INTEGER NOT NULL,
  gn INTEGER NOT NULL,
  rep_id INTEGER NOT NULL,
  rep_quad INTEGER NOT NULL,
  rep_g INTEGER,
  PRIMARY KEY(origin, source, target, date, code)
) WITHOUT ROWID;
CREATE TABLE dyad_pairs(
  origin TEXT NOT NULL,
  source TEXT NOT NULL,
  target TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY(origin, source, target)
) WITHOUT ROWID;
CREATE TABLE dyad_day_totals(
  origin TEXT NOT NULL,
  date TEXT NOT NULL,
  n INTEGER NOT NULL,
  keys INTEGER NOT NULL,
  PRIMARY KEY(origin, date)
) WITHOUT ROWID;
CREATE TABLE dyad_edges(
  origin TEXT NOT NULL,
  level TEXT NOT NULL CHECK(level IN ('d','m','y')),
  period TEXT NOT NULL,
  s_country TEXT NOT NULL,
  t_country TEXT NOT NULL,
  s_node TEXT NOT NULL,
  t_node TEXT NOT NULL,
  n INTEGER NOT NULL,
  coop INTEGER NOT NULL,
  conflict INTEGER NOT NULL,
  gsum INTEGER NOT NULL,
  PRIMARY KEY(origin, level, period, s_country, t_country, s_node, t_node)
) WITHOUT ROWID;
"#
    };
}

/// Empty the aggregate tables and recompute them from `events`.
macro_rules! rebuild_aggregates {
    () => {
        concat!(
            "DELETE FROM dyad_daily; DELETE FROM dyad_pairs; DELETE FROM dyad_day_totals; DELETE FROM dyad_edges;\n",
            "INSERT INTO dyad_daily(origin, source, target, date, code, n, q1, q2, q3, q4, gsum, gn, rep_id, rep_quad, rep_g) ",
            "SELECT e.origin, e.source, e.target, e.date, e.code, g.n, g.q1, g.q2, g.q3, g.q4, g.gsum, g.gn, e.id, e.quad_class, ",
            milli!("e"),
            " FROM (SELECT min(id) AS rep, count(*) AS n, sum(quad_class=1) AS q1, sum(quad_class=2) AS q2, ",
            "sum(quad_class=3) AS q3, sum(quad_class=4) AS q4, sum(coalesce(",
            milli!("events"),
            ",0)) AS gsum, count(goldstein) AS gn FROM events GROUP BY origin, source, target, date, code) g ",
            "JOIN events e ON e.id=g.rep;\n",
            "INSERT INTO dyad_pairs(origin, source, target, n) SELECT origin, source, target, sum(n) FROM dyad_daily ",
            "GROUP BY origin, source, target;\n",
            "INSERT INTO dyad_day_totals(origin, date, n, keys) SELECT origin, date, sum(n), count(*) FROM dyad_daily ",
            "GROUP BY origin, date;\n",
            "INSERT INTO dyad_edges(origin, level, period, s_country, t_country, s_node, t_node, n, coop, conflict, gsum) ",
            "SELECT origin, 'd', date, source_country, target_country, ",
            node!("events", "source"),
            ", ",
            node!("events", "target"),
            ", count(*), sum(quad_class IN (1,2)), sum(quad_class IN (3,4)), sum(coalesce(",
            milli!("events"),
            ",0)) FROM events GROUP BY 1, 2, 3, 4, 5, 6, 7;\n",
            "INSERT INTO dyad_edges(origin, level, period, s_country, t_country, s_node, t_node, n, coop, conflict, gsum) ",
            "SELECT origin, 'm', substr(period,1,7), s_country, t_country, s_node, t_node, sum(n), sum(coop), ",
            "sum(conflict), sum(gsum) FROM dyad_edges WHERE level='d' GROUP BY 1, 2, 3, 4, 5, 6, 7;\n",
            "INSERT INTO dyad_edges(origin, level, period, s_country, t_country, s_node, t_node, n, coop, conflict, gsum) ",
            "SELECT origin, 'y', substr(period,1,4), s_country, t_country, s_node, t_node, sum(n), sum(coop), ",
            "sum(conflict), sum(gsum) FROM dyad_edges WHERE level='m' GROUP BY 1, 2, 3, 4, 5, 6, 7;\n",
        )
    };
}

/// Trigger statements adding the event `$r` (`new`) to the aggregates.
macro_rules! agg_add {
    ($r:literal) => {
        concat!(
            "INSERT INTO dyad_day_totals(origin, date, n, keys) VALUES(", $r, ".origin, ", $r, ".date, 1, ",
            "NOT EXISTS(SELECT 1 FROM dyad_daily WHERE origin=", $r, ".origin AND source=", $r, ".source AND target=",
            $r, ".target AND date=", $r, ".date AND code=", $r, ".code)) ",
            "ON CONFLICT(origin, date) DO UPDATE SET n=n+1, keys=keys+excluded.keys;\n",
            "INSERT INTO dyad_daily(origin, source, target, date, code, n, q1, q2, q3, q4, gsum, gn, rep_id, rep_quad, rep_g) ",
            "VALUES(", $r, ".origin, ", $r, ".source, ", $r, ".target, ", $r, ".date, ", $r, ".code, 1, ",
            $r, ".quad_class=1, ", $r, ".quad_class=2, ", $r, ".quad_class=3, ", $r, ".quad_class=4, coalesce(",
            milli!($r), ",0), ", $r, ".goldstein IS NOT NULL, ", $r, ".id, ", $r, ".quad_class, ", milli!($r), ") ",
            "ON CONFLICT(origin, source, target, date, code) DO UPDATE SET n=n+1, q1=q1+excluded.q1, ",
            "q2=q2+excluded.q2, q3=q3+excluded.q3, q4=q4+excluded.q4, gsum=gsum+excluded.gsum, gn=gn+excluded.gn, ",
            "rep_quad=CASE WHEN excluded.rep_id<rep_id THEN excluded.rep_quad ELSE rep_quad END, ",
            "rep_g=CASE WHEN excluded.rep_id<rep_id THEN excluded.rep_g ELSE rep_g END, ",
            "rep_id=min(rep_id, excluded.rep_id);\n",
            "INSERT INTO dyad_pairs(origin, source, target, n) VALUES(", $r, ".origin, ", $r, ".source, ", $r,
            ".target, 1) ON CONFLICT(origin, source, target) DO UPDATE SET n=n+1;\n",
            "INSERT INTO dyad_edges(origin, level, period, s_country, t_country, s_node, t_node, n, coop, conflict, gsum) ",
            "VALUES",
            agg_edge_row!($r, "'d'", ".date,1"), ",",
            agg_edge_row!($r, "'m'", ".date,1,7"), ",",
            agg_edge_row!($r, "'y'", ".date,1,4"),
            " ON CONFLICT(origin, level, period, s_country, t_country, s_node, t_node) DO UPDATE SET n=n+1, ",
            "coop=coop+excluded.coop, conflict=conflict+excluded.conflict, gsum=gsum+excluded.gsum;\n",
        )
    };
}

/// One `VALUES` row of [`agg_add`] for `dyad_edges` at a level.
macro_rules! agg_edge_row {
    ($r:literal, $level:literal, $period:literal) => {
        concat!(
            "(",
            $r,
            ".origin, ",
            $level,
            ", substr(",
            $r,
            $period,
            "), ",
            $r,
            ".source_country, ",
            $r,
            ".target_country, ",
            node!($r, "source"),
            ", ",
            node!($r, "target"),
            ", 1, ",
            $r,
            ".quad_class IN (1,2), ",
            $r,
            ".quad_class IN (3,4), coalesce(",
            milli!($r),
            ",0))"
        )
    };
}

/// `WHERE` condition on `dyad_daily`'s key for the event `$r`.
macro_rules! daily_key {
    ($r:literal) => {
        concat!(
            "origin=",
            $r,
            ".origin AND source=",
            $r,
            ".source AND target=",
            $r,
            ".target AND date=",
            $r,
            ".date AND code=",
            $r,
            ".code"
        )
    };
}

/// `WHERE` condition on `dyad_edges`' key for the event `$r` at a level.
macro_rules! edge_key {
    ($r:literal, $level:literal, $period:literal) => {
        concat!(
            "origin=",
            $r,
            ".origin AND level=",
            $level,
            " AND period=substr(",
            $r,
            $period,
            ") AND s_country=",
            $r,
            ".source_country AND t_country=",
            $r,
            ".target_country AND s_node=",
            node!($r, "source"),
            " AND t_node=",
            node!($r, "target")
        )
    };
}

/// Trigger statements taking the event `$r` (`old`, already gone from
/// `events`) out of the aggregates; rows left at zero are deleted, and the
/// one-a-day representative is chosen again when it was this event.
macro_rules! agg_sub {
    ($r:literal) => {
        concat!(
            "UPDATE dyad_day_totals SET n=n-1, keys=keys-coalesce((SELECT n=1 FROM dyad_daily WHERE ",
            daily_key!($r),
            "),0) WHERE origin=",
            $r,
            ".origin AND date=",
            $r,
            ".date;\n",
            "DELETE FROM dyad_day_totals WHERE origin=",
            $r,
            ".origin AND date=",
            $r,
            ".date AND n<=0;\n",
            "UPDATE dyad_daily SET n=n-1, q1=q1-(",
            $r,
            ".quad_class=1), q2=q2-(",
            $r,
            ".quad_class=2), q3=q3-(",
            $r,
            ".quad_class=3), q4=q4-(",
            $r,
            ".quad_class=4), gsum=gsum-coalesce(",
            milli!($r),
            ",0), gn=gn-(",
            $r,
            ".goldstein IS NOT NULL) WHERE ",
            daily_key!($r),
            ";\n",
            "DELETE FROM dyad_daily WHERE ",
            daily_key!($r),
            " AND n<=0;\n",
            "UPDATE dyad_daily SET (rep_id, rep_quad, rep_g)=(SELECT id, quad_class, ",
            milli!("events"),
            " FROM events WHERE ",
            daily_key!($r),
            " ORDER BY id LIMIT 1) WHERE ",
            daily_key!($r),
            " AND rep_id=",
            $r,
            ".id;\n",
            "UPDATE dyad_pairs SET n=n-1 WHERE origin=",
            $r,
            ".origin AND source=",
            $r,
            ".source AND target=",
            $r,
            ".target;\n",
            "DELETE FROM dyad_pairs WHERE origin=",
            $r,
            ".origin AND source=",
            $r,
            ".source AND target=",
            $r,
            ".target AND n<=0;\n",
            agg_edge_sub!($r, "'d'", ".date,1"),
            agg_edge_sub!($r, "'m'", ".date,1,7"),
            agg_edge_sub!($r, "'y'", ".date,1,4"),
        )
    };
}

/// [`agg_sub`] for `dyad_edges` at one level.
macro_rules! agg_edge_sub {
    ($r:literal, $level:literal, $period:literal) => {
        concat!(
            "UPDATE dyad_edges SET n=n-1, coop=coop-(",
            $r,
            ".quad_class IN (1,2)), conflict=conflict-(",
            $r,
            ".quad_class IN (3,4)), gsum=gsum-coalesce(",
            milli!($r),
            ",0) WHERE ",
            edge_key!($r, $level, $period),
            ";\n",
            "DELETE FROM dyad_edges WHERE ",
            edge_key!($r, $level, $period),
            " AND n<=0;\n",
        )
    };
}

macro_rules! aggregate_triggers {
    () => {
        concat!(
            "CREATE TRIGGER events_agg_insert AFTER INSERT ON events BEGIN\n",
            agg_add!("new"),
            "END;\n",
            "CREATE TRIGGER events_agg_delete AFTER DELETE ON events BEGIN\n",
            agg_sub!("old"),
            "END;\n",
            "CREATE TRIGGER events_agg_update AFTER UPDATE OF origin, date, source, target, source_country, ",
            "target_country, code, quad_class, goldstein ON events BEGIN\n",
            agg_sub!("old"),
            agg_add!("new"),
            "END;\n",
        )
    };
}

/// Schema 1 → 2: the pre-aggregated tables the queries read (`dyad_daily`,
/// `dyad_pairs`, `dyad_day_totals`, `dyad_edges`; docs/STORE.md), built from the stored events and kept in step by
/// triggers on `events`.
const MIGRATION_2: &str = concat!(aggregate_tables!(), rebuild_aggregates!(), aggregate_triggers!());

/// Migrations in order; migration `i` takes the schema from version `i` to
/// `i + 1` (`PRAGMA user_version`).
const MIGRATIONS: &[&str] = &[
    r#"
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
"#,
    MIGRATION_2,
    MIGRATION_3,
];

/// Schema 2 → 3: tallies that let ingest update an event's counts by the
/// difference a document makes instead of recounting all its provenance
/// (issue 15: that was quadratic in the reports of one event).
/// `event_sources` counts, per dyad event, the documents of each source key
/// (`coalesce(publisher, '#' || doc_id)`, as `num_sources` counts them);
/// `event_roots` the documents where the event is in the first sentence of
/// the text (`is_root`). The provenance index gains `doc_id, seq` so the
/// first report of an event (its names and URL) is one index step.
const MIGRATION_3: &str = r#"
DROP INDEX IF EXISTS provenance_event;
CREATE INDEX provenance_event ON provenance(event_row, doc_id, seq);
CREATE TABLE event_sources(
  event_row INTEGER NOT NULL,
  source_key TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY(event_row, source_key)
) WITHOUT ROWID;
INSERT INTO event_sources(event_row, source_key, n)
  SELECT p.event_row, coalesce(d.publisher, '#' || d.doc_id), count(DISTINCT p.doc_id)
  FROM provenance p JOIN documents d ON d.doc_id=p.doc_id GROUP BY 1, 2;
CREATE TABLE event_roots(
  event_row INTEGER PRIMARY KEY,
  n INTEGER NOT NULL
);
INSERT INTO event_roots(event_row, n)
  SELECT event_row, count(DISTINCT doc_id) FROM provenance
  WHERE sentence_index=0 AND field='text' GROUP BY event_row;
"#;

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
        // Switching a new file to WAL needs a lock the busy handler does not
        // always wait for (several openers of one new file): retry for up to 30 s.
        let mut tries = 0;
        loop {
            match conn.pragma_update(None, "journal_mode", "WAL") {
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::DatabaseBusy && tries < 3000 =>
                {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                r => break r?,
            }
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "cache_size", -65536)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // `INSERT OR REPLACE` then fires the delete trigger that keeps the
        // aggregates in step (SQLite skips it otherwise).
        conn.pragma_update(None, "recursive_triggers", "ON")?;
        let mut s = Store { conn };
        s.migrate()?;
        Ok(s)
    }

    /// Apply the missing migrations, each in its own transaction.
    ///
    /// Safe when several connections (threads or processes) open the same
    /// new or old file at once: each migration runs in an `IMMEDIATE`
    /// transaction (the write lock is taken at `BEGIN`, waiting up to the busy
    /// timeout for another opener) and reads the schema version again inside
    /// it, so a migration another connection applied meanwhile is skipped
    /// rather than run twice (formerly: "table runs already exists").
    fn migrate(&mut self) -> Result<()> {
        let v = self.schema_version()?;
        if v > SCHEMA_VERSION {
            return Err(StoreError::TooNew(v, SCHEMA_VERSION));
        }
        while self.schema_version()? < SCHEMA_VERSION {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let v: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
            if v > SCHEMA_VERSION {
                return Err(StoreError::TooNew(v, SCHEMA_VERSION));
            }
            if v < SCHEMA_VERSION {
                let m = usize::try_from(v)
                    .map_err(|_| StoreError::Other(format!("database schema version {v} is not a dyad version")))?;
                tx.execute_batch(MIGRATIONS[m])?;
                tx.pragma_update(None, "user_version", v + 1)?;
            }
            tx.commit()?;
        }
        Ok(())
    }

    /// The schema version of the file (`PRAGMA user_version`; 0 when new).
    fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
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

    /// Recompute the aggregate tables (`dyad_daily`, `dyad_pairs`,
    /// `dyad_day_totals`, `dyad_edges`) from `events`, in one transaction.
    /// Not needed in normal use (triggers keep them in step); for stores whose
    /// `events` were edited by another program with triggers off.
    pub fn rebuild_aggregates(&mut self) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(rebuild_aggregates!())?;
        tx.commit()?;
        Ok(())
    }

    /// Compare the aggregate tables with a recomputation from `events`
    /// (the same SQL as [`Store::rebuild_aggregates`], run in a transaction
    /// that is rolled back). Returns one message per table that differs,
    /// with up to three differing rows (`-` stored only, `+` recomputed only);
    /// empty when they agree.
    pub fn check_aggregates(&mut self) -> Result<Vec<String>> {
        let tx = self.conn.transaction()?;
        let tables = ["dyad_daily", "dyad_pairs", "dyad_day_totals", "dyad_edges"];
        for t in tables {
            tx.execute_batch(&format!("CREATE TEMP TABLE stored_{t} AS SELECT * FROM main.{t}"))?;
        }
        tx.execute_batch(rebuild_aggregates!())?;
        let mut msgs = Vec::new();
        for t in tables {
            let mut diff = Vec::new();
            for (sign, a, b) in [
                ('-', format!("temp.stored_{t}"), format!("main.{t}")),
                ('+', format!("main.{t}"), format!("temp.stored_{t}")),
            ] {
                let mut st = tx.prepare(&format!("SELECT * FROM {a} EXCEPT SELECT * FROM {b}"))?;
                let n = st.column_count();
                let mut rows = st.query([])?;
                while let Some(r) = rows.next()? {
                    let cells: Vec<String> = (0..n)
                        .map(|i| match r.get_ref(i) {
                            Ok(v) => format!("{:?}", v),
                            Err(e) => e.to_string(),
                        })
                        .collect();
                    diff.push(format!("{sign} {}", cells.join(" ")));
                }
            }
            if !diff.is_empty() {
                let shown: Vec<&str> = diff.iter().take(3).map(|s| s.as_str()).collect();
                msgs.push(format!("{t}: {} rows differ: {}", diff.len(), shown.join("; ")));
            }
        }
        tx.rollback()?;
        Ok(msgs)
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
        // take the document's former reports out of its events' counts
        let old_key: Option<String> = c
            .prepare_cached("SELECT coalesce(publisher, '#' || doc_id) FROM documents WHERE doc_id=?")?
            .query_row([&doc.id], |r| r.get(0))
            .optional()?;
        if let Some(key) = &old_key {
            for (row, mentions, root) in doc_contributions(c, &doc.id)? {
                apply_contribution(c, row, -mentions, -1, -root, key)?;
                self.touched.insert(row);
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
        // and put its new reports in
        if !events.is_empty() {
            let key = doc.source.clone().unwrap_or_else(|| format!("#{}", doc.id));
            for (row, mentions, root) in doc_contributions(c, &doc.id)? {
                apply_contribution(c, row, mentions, 1, root, &key)?;
            }
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

/// One document's reports per event row: `(event_row, distinct sentences,
/// 1 when one of them is the text's first sentence)`.
fn doc_contributions(c: &Connection, doc_id: &str) -> Result<Vec<(i64, i64, i64)>> {
    let mut st = c.prepare_cached(
        "SELECT event_row, count(DISTINCT field || '|' || sentence_index), max(sentence_index=0 AND field='text') \
         FROM provenance WHERE doc_id=? GROUP BY event_row",
    )?;
    let rows = st.query_map([doc_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Add (or with negative numbers, take away) one document's share of an
/// event's counts: `mentions` sentences, `articles` (±1) documents, `root`
/// (±1 or 0) first-sentence documents, and one document of source `key`.
fn apply_contribution(c: &Connection, row: i64, mentions: i64, articles: i64, root: i64, key: &str) -> Result<()> {
    let before: i64 = c
        .prepare_cached("SELECT n FROM event_sources WHERE event_row=? AND source_key=?")?
        .query_row(params![row, key], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    let after = before + articles;
    if after > 0 {
        c.prepare_cached(
            "INSERT INTO event_sources(event_row, source_key, n) VALUES(?1, ?2, ?3) \
             ON CONFLICT(event_row, source_key) DO UPDATE SET n=?3",
        )?
        .execute(params![row, key, after])?;
    } else {
        c.prepare_cached("DELETE FROM event_sources WHERE event_row=? AND source_key=?")?.execute(params![row, key])?;
    }
    let sources = i64::from(after > 0) - i64::from(before > 0);
    c.prepare_cached(
        "UPDATE events SET num_mentions=num_mentions+?2, num_articles=num_articles+?3, num_sources=num_sources+?4 \
         WHERE id=?1",
    )?
    .execute(params![row, mentions, articles, sources])?;
    if root != 0 {
        c.prepare_cached(
            "INSERT INTO event_roots(event_row, n) VALUES(?1, ?2) ON CONFLICT(event_row) DO UPDATE SET n=n+?2",
        )?
        .execute(params![row, root])?;
        c.prepare_cached("DELETE FROM event_roots WHERE event_row=? AND n<=0")?.execute([row])?;
    }
    Ok(())
}

/// Finish the given dyad event rows after their counts were updated: delete
/// rows left without reports (and their tallies); set `is_root` and take
/// names and URL from the smallest `(doc_id, seq)` provenance row, so the
/// result does not depend on ingest order. Each row costs a few index steps
/// whatever its number of reports.
fn recount(c: &Connection, rows: &BTreeSet<i64>) -> Result<()> {
    let mut articles = c.prepare_cached("SELECT num_articles FROM events WHERE id=?")?;
    let mut del = c.prepare_cached("DELETE FROM events WHERE id=?")?;
    let mut del_src = c.prepare_cached("DELETE FROM event_sources WHERE event_row=?")?;
    let mut del_root = c.prepare_cached("DELETE FROM event_roots WHERE event_row=?")?;
    let mut upd = c.prepare_cached(
        "UPDATE events SET \
         is_root=coalesce((SELECT n>0 FROM event_roots WHERE event_row=?1), 0), \
         source_name=(SELECT upper(source_text) FROM provenance WHERE event_row=?1 ORDER BY doc_id, seq LIMIT 1), \
         target_name=(SELECT upper(target_text) FROM provenance WHERE event_row=?1 ORDER BY doc_id, seq LIMIT 1), \
         source_url=(SELECT coalesce(d.url, d.doc_id) FROM documents d WHERE d.doc_id=\
             (SELECT doc_id FROM provenance WHERE event_row=?1 ORDER BY doc_id, seq LIMIT 1)) \
         WHERE id=?1",
    )?;
    for &r in rows {
        let n: Option<i64> = articles.query_row([r], |x| x.get(0)).optional()?;
        match n {
            None => {}
            Some(n) if n <= 0 => {
                del.execute([r])?;
                del_src.execute([r])?;
                del_root.execute([r])?;
            }
            Some(_) => {
                upd.execute([r])?;
            }
        }
    }
    Ok(())
}

/// The counts of every dyad event recomputed from its provenance (the
/// definition the incremental counts of ingest must agree with):
/// `(event_key, num_mentions, num_sources, num_articles, is_root)` of each
/// row whose stored counts differ, stored first. Empty when all agree.
pub fn check_counts(c: &Connection) -> Result<Vec<String>> {
    let mut st = c.prepare(
        "SELECT e.event_key, e.num_mentions, e.num_sources, e.num_articles, e.is_root, \
           (SELECT count(*) FROM (SELECT DISTINCT doc_id, field, sentence_index FROM provenance WHERE event_row=e.id)), \
           (SELECT count(DISTINCT coalesce(d.publisher, '#' || d.doc_id)) FROM provenance p \
              JOIN documents d ON d.doc_id=p.doc_id WHERE p.event_row=e.id), \
           (SELECT count(DISTINCT doc_id) FROM provenance WHERE event_row=e.id), \
           coalesce((SELECT max(sentence_index=0 AND field='text') FROM provenance WHERE event_row=e.id), 0) \
         FROM events e WHERE e.origin='dyad'",
    )?;
    let mut out = Vec::new();
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let key: String = r.get(0)?;
        let stored: [i64; 4] = [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?];
        let fresh: [i64; 4] = [r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?];
        if stored != fresh || fresh[2] == 0 {
            out.push(format!("{key}: stored {stored:?}, recomputed {fresh:?}"));
        }
    }
    Ok(out)
}

/// Bulk writes with the aggregate triggers off (used by `import gdelt`,
/// where a trigger per row costs about four times the insert itself).
///
/// Inside one write transaction: [`bulk_begin`] drops the triggers;
/// the writer reports each event row it deletes ([`bulk_delete`], which also
/// deletes it) and inserts ([`bulk_inserted`]); [`bulk_apply`] adds the
/// batch's net contribution to the aggregate tables (grouped by key, applied
/// in key order) and creates the triggers again, before the commit. A killed
/// process rolls all of it back, triggers included.
pub(crate) fn bulk_begin(c: &Connection) -> Result<()> {
    c.execute_batch(
        "DROP TRIGGER IF EXISTS events_agg_insert; DROP TRIGGER IF EXISTS events_agg_delete; \
         DROP TRIGGER IF EXISTS events_agg_update; \
         CREATE TEMP TABLE IF NOT EXISTS agg_fresh(id INTEGER PRIMARY KEY); \
         CREATE TEMP TABLE IF NOT EXISTS agg_gone(id INTEGER PRIMARY KEY, origin, source, target, date, code, \
           source_country, target_country, quad_class, goldstein); \
         DELETE FROM temp.agg_fresh; DELETE FROM temp.agg_gone;",
    )?;
    Ok(())
}

/// Delete event row `id` during a bulk write, remembering its contribution
/// (unless it was inserted in this batch and so is not aggregated yet).
pub(crate) fn bulk_delete(c: &Connection, id: i64) -> Result<()> {
    if c.prepare_cached("DELETE FROM temp.agg_fresh WHERE id=?")?.execute([id])? == 0 {
        c.prepare_cached(
            "INSERT INTO temp.agg_gone SELECT id, origin, source, target, date, code, source_country, \
             target_country, quad_class, goldstein FROM events WHERE id=?",
        )?
        .execute([id])?;
    }
    c.prepare_cached("DELETE FROM events WHERE id=?")?.execute([id])?;
    Ok(())
}

/// Note event row `id`, just inserted during a bulk write.
pub(crate) fn bulk_inserted(c: &Connection, id: i64) -> Result<()> {
    c.prepare_cached("INSERT INTO temp.agg_fresh(id) VALUES(?)")?.execute([id])?;
    Ok(())
}

/// Apply the batch to the aggregate tables and restore the triggers.
pub(crate) fn bulk_apply(c: &Connection) -> Result<()> {
    c.execute_batch(BULK_APPLY)?;
    if c.query_row("SELECT EXISTS(SELECT 1 FROM temp.agg_gone)", [], |r| r.get::<_, bool>(0))? {
        c.execute_batch(BULK_GONE)?;
    }
    c.execute_batch(BULK_DONE)?;
    Ok(())
}

/// SQL of [`bulk_apply`]: signed per-event rows (`agg_delta`), grouped per
/// `dyad_daily` key (`agg_dk`) and per `dyad_edges` key (`agg_de`, days,
/// then months and years from the days), then upserted in key order.
const BULK_APPLY: &str = concat!(
    "CREATE TEMP TABLE agg_delta AS SELECT -1 AS sign, * FROM temp.agg_gone UNION ALL ",
    "SELECT 1, e.id, e.origin, e.source, e.target, e.date, e.code, e.source_country, e.target_country, ",
    "e.quad_class, e.goldstein FROM temp.agg_fresh f JOIN events e ON e.id=f.id;\n",
    "CREATE TEMP TABLE agg_dk AS SELECT origin, source, target, date, code, sum(sign) AS n, ",
    "sum(sign*(quad_class=1)) AS q1, sum(sign*(quad_class=2)) AS q2, sum(sign*(quad_class=3)) AS q3, ",
    "sum(sign*(quad_class=4)) AS q4, sum(sign*coalesce(",
    milli!("agg_delta"),
    ",0)) AS gsum, sum(sign*(goldstein IS NOT NULL)) AS gn, min(CASE WHEN sign>0 THEN id END) AS rep_new ",
    "FROM temp.agg_delta GROUP BY origin, source, target, date, code ORDER BY origin, source, target, date, code;\n",
    "INSERT INTO dyad_day_totals(origin, date, n, keys) SELECT k.origin, k.date, sum(k.n), ",
    "sum(CASE WHEN d.n IS NULL THEN k.n>0 WHEN d.n+k.n<=0 THEN -1 ELSE 0 END) FROM temp.agg_dk k ",
    "LEFT JOIN dyad_daily d ON d.origin=k.origin AND d.source=k.source AND d.target=k.target AND d.date=k.date ",
    "AND d.code=k.code WHERE 1 GROUP BY k.origin, k.date ",
    "ON CONFLICT(origin, date) DO UPDATE SET n=n+excluded.n, keys=keys+excluded.keys;\n",
    "INSERT INTO dyad_daily(origin, source, target, date, code, n, q1, q2, q3, q4, gsum, gn, rep_id, rep_quad, rep_g) ",
    "SELECT k.origin, k.source, k.target, k.date, k.code, k.n, k.q1, k.q2, k.q3, k.q4, k.gsum, k.gn, ",
    "coalesce(k.rep_new, 0), coalesce(e.quad_class, 0), ",
    milli!("e"),
    " FROM temp.agg_dk k LEFT JOIN events e ON e.id=k.rep_new WHERE 1 ",
    "ON CONFLICT(origin, source, target, date, code) DO UPDATE SET n=n+excluded.n, q1=q1+excluded.q1, ",
    "q2=q2+excluded.q2, q3=q3+excluded.q3, q4=q4+excluded.q4, gsum=gsum+excluded.gsum, gn=gn+excluded.gn, ",
    "rep_quad=CASE WHEN excluded.rep_id<>0 AND excluded.rep_id<rep_id THEN excluded.rep_quad ELSE rep_quad END, ",
    "rep_g=CASE WHEN excluded.rep_id<>0 AND excluded.rep_id<rep_id THEN excluded.rep_g ELSE rep_g END, ",
    "rep_id=CASE WHEN excluded.rep_id<>0 AND excluded.rep_id<rep_id THEN excluded.rep_id ELSE rep_id END;\n",
    "INSERT INTO dyad_pairs(origin, source, target, n) SELECT origin, source, target, sum(n) FROM temp.agg_dk ",
    "WHERE 1 GROUP BY origin, source, target ON CONFLICT(origin, source, target) DO UPDATE SET n=n+excluded.n;\n",
    "CREATE TEMP TABLE agg_de AS SELECT origin, 'd' AS level, date AS period, source_country AS s_country, ",
    "target_country AS t_country, ",
    node!("agg_delta", "source"),
    " AS s_node, ",
    node!("agg_delta", "target"),
    " AS t_node, sum(sign) AS n, sum(sign*(quad_class IN (1,2))) AS coop, ",
    "sum(sign*(quad_class IN (3,4))) AS conflict, sum(sign*coalesce(",
    milli!("agg_delta"),
    ",0)) AS gsum FROM temp.agg_delta GROUP BY origin, date, source_country, target_country, s_node, t_node;\n",
    "INSERT INTO temp.agg_de SELECT origin, 'm', substr(period,1,7) AS p, s_country, t_country, s_node, t_node, ",
    "sum(n), sum(coop), sum(conflict), sum(gsum) FROM temp.agg_de WHERE level='d' ",
    "GROUP BY origin, p, s_country, t_country, s_node, t_node;\n",
    "INSERT INTO temp.agg_de SELECT origin, 'y', substr(period,1,4) AS p, s_country, t_country, s_node, t_node, ",
    "sum(n), sum(coop), sum(conflict), sum(gsum) FROM temp.agg_de WHERE level='m' ",
    "GROUP BY origin, p, s_country, t_country, s_node, t_node;\n",
    "INSERT INTO dyad_edges(origin, level, period, s_country, t_country, s_node, t_node, n, coop, conflict, gsum) ",
    "SELECT * FROM temp.agg_de WHERE 1 ",
    "ON CONFLICT(origin, level, period, s_country, t_country, s_node, t_node) DO UPDATE SET n=n+excluded.n, ",
    "coop=coop+excluded.coop, conflict=conflict+excluded.conflict, gsum=gsum+excluded.gsum;\n",
);

/// Part of [`bulk_apply`] needed only when the batch deleted rows: rows left
/// at zero deleted, deleted representatives chosen again from `events`.
const BULK_GONE: &str = concat!(
    "DELETE FROM dyad_day_totals WHERE n<=0 AND (origin, date) IN (SELECT origin, date FROM temp.agg_dk);\n",
    "DELETE FROM dyad_daily WHERE n<=0 AND (origin, source, target, date, code) IN ",
    "(SELECT origin, source, target, date, code FROM temp.agg_dk);\n",
    "UPDATE dyad_daily SET (rep_id, rep_quad, rep_g)=(SELECT e.id, e.quad_class, ",
    milli!("e"),
    " FROM events e WHERE e.origin=dyad_daily.origin AND e.source=dyad_daily.source AND e.target=dyad_daily.target ",
    "AND e.date=dyad_daily.date AND e.code=dyad_daily.code ORDER BY e.id LIMIT 1) ",
    "WHERE (origin, source, target, date, code) IN (SELECT origin, source, target, date, code FROM temp.agg_gone) ",
    "AND rep_id IN (SELECT id FROM temp.agg_gone);\n",
    "DELETE FROM dyad_pairs WHERE n<=0 AND (origin, source, target) IN (SELECT origin, source, target FROM temp.agg_dk);\n",
    "DELETE FROM dyad_edges WHERE n<=0 AND (origin, level, period, s_country, t_country, s_node, t_node) IN ",
    "(SELECT origin, level, period, s_country, t_country, s_node, t_node FROM temp.agg_de);\n",
);

/// End of [`bulk_apply`]: temporary tables emptied, triggers created again.
const BULK_DONE: &str = concat!(
    "DROP TABLE temp.agg_delta; DROP TABLE temp.agg_dk; DROP TABLE temp.agg_de;\n",
    "DELETE FROM temp.agg_fresh; DELETE FROM temp.agg_gone;\n",
    aggregate_triggers!(),
);

/// Look up one value (helper for tests and the CLI).
pub fn query_i64(c: &Connection, sql: &str) -> Result<Option<i64>> {
    Ok(c.query_row(sql, [], |r| r.get(0)).optional()?)
}

/// A Goldstein score (`f32` in [`Event`]) as the `f64` of its shortest
/// decimal form, so `1.9f32` is stored as `1.9`, not `1.899999976…`.
pub fn goldstein_f64(g: f32) -> f64 {
    g.to_string().parse().unwrap_or(g as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Insert a bare event row (the columns the aggregates read).
    #[allow(clippy::too_many_arguments)]
    fn ev(
        c: &Connection,
        key: &str,
        date: &str,
        s: &str,
        sc: &str,
        t: &str,
        tc: &str,
        code: &str,
        q: i64,
        g: Option<f64>,
    ) {
        c.execute(
            "INSERT INTO events(origin, event_key, date, source, source_country, source_name, source_orig, target, \
             target_country, target_name, target_orig, code, root_code, quad_class, goldstein, modality, is_root, \
             num_mentions, num_sources, num_articles, geo_fullname, geo_country, date_added, source_url, run_id) \
             VALUES('gdelt',?1,?2,?3,?4,'',?3,?5,?6,'',?5,?7,'',?8,?9,'',0,1,1,1,'','','','',1)",
            params![key, date, s, sc, t, tc, code, q, g],
        )
        .unwrap();
    }

    fn rows(c: &Connection, sql: &str) -> Vec<String> {
        let mut st = c.prepare(sql).unwrap();
        let n = st.column_count();
        let mut r = st.query([]).unwrap();
        let mut v = Vec::new();
        while let Some(x) = r.next().unwrap() {
            let cell = |i| match x.get_ref(i).unwrap() {
                rusqlite::types::ValueRef::Text(t) => format!("Text({:?})", String::from_utf8_lossy(t)),
                v => format!("{v:?}"),
            };
            v.push((0..n).map(cell).collect::<Vec<_>>().join(" "));
        }
        v
    }

    #[test]
    fn triggers_keep_aggregates_in_step() {
        let mut st = Store::open_in_memory().unwrap();
        let c = &st.conn;
        ev(c, "1", "2020-01-06", "USAGOV", "USA", "RUS", "RUS", "042", 1, Some(1.9));
        ev(c, "2", "2020-01-06", "USAGOV", "USA", "RUS", "RUS", "042", 2, Some(1.9));
        ev(c, "3", "2020-01-07", "---GOV", "", "RUS", "RUS", "190", 4, None);
        ev(c, "4", "", "CHN", "CHN", "USA", "USA", "040", 1, Some(1.0));
        assert!(st.check_aggregates().unwrap().is_empty());
        let c = &st.conn;
        assert_eq!(
            rows(c, "SELECT n, q1, q2, gsum, gn, rep_id, rep_quad, rep_g FROM dyad_daily WHERE code='042'"),
            vec!["Integer(2) Integer(1) Integer(1) Integer(3800) Integer(2) Integer(1) Integer(1) Integer(1900)"]
        );
        assert_eq!(
            rows(c, "SELECT date, n, keys FROM dyad_day_totals ORDER BY date"),
            vec![
                "Text(\"\") Integer(1) Integer(1)",
                "Text(\"2020-01-06\") Integer(2) Integer(1)",
                "Text(\"2020-01-07\") Integer(1) Integer(1)"
            ]
        );
        assert_eq!(
            rows(c, "SELECT level, period, s_node, t_node, n FROM dyad_edges WHERE s_country='' ORDER BY level"),
            vec![
                "Text(\"d\") Text(\"2020-01-07\") Text(\"\") Text(\"RUS\") Integer(1)",
                "Text(\"m\") Text(\"2020-01\") Text(\"\") Text(\"RUS\") Integer(1)",
                "Text(\"y\") Text(\"2020\") Text(\"\") Text(\"RUS\") Integer(1)"
            ]
        );
        // Deleting the representative picks the next one; updates move an event.
        c.execute("DELETE FROM events WHERE event_key='1'", []).unwrap();
        assert_eq!(rows(c, "SELECT n, rep_quad FROM dyad_daily WHERE code='042'"), vec!["Integer(1) Integer(2)"]);
        c.execute("UPDATE events SET date='2020-02-01', quad_class=3 WHERE event_key='3'", []).unwrap();
        c.execute("UPDATE events SET num_mentions=7 WHERE event_key='2'", []).unwrap();
        assert!(st.check_aggregates().unwrap().is_empty());
        let c = &st.conn;
        // INSERT OR REPLACE (recursive triggers on) and plain deletes empty the tables.
        c.execute(
            "INSERT OR REPLACE INTO events(origin, event_key, date, source, source_country, source_name, source_orig, \
             target, target_country, target_name, target_orig, code, root_code, quad_class, goldstein, modality, \
             is_root, num_mentions, num_sources, num_articles, geo_fullname, geo_country, date_added, source_url, \
             run_id) SELECT origin, event_key, '2021-01-01', source, source_country, source_name, source_orig, \
             target, target_country, target_name, target_orig, code, root_code, quad_class, goldstein, modality, \
             is_root, num_mentions, num_sources, num_articles, geo_fullname, geo_country, date_added, source_url, \
             run_id FROM events WHERE event_key='4'",
            [],
        )
        .unwrap();
        assert!(st.check_aggregates().unwrap().is_empty());
        // A deliberately broken aggregate is reported.
        st.conn.execute("UPDATE dyad_pairs SET n=n+1", []).unwrap();
        assert_eq!(st.check_aggregates().unwrap().len(), 1);
        st.rebuild_aggregates().unwrap();
        assert!(st.check_aggregates().unwrap().is_empty());
        st.conn.execute("DELETE FROM events", []).unwrap();
        for t in ["dyad_daily", "dyad_pairs", "dyad_day_totals", "dyad_edges"] {
            assert_eq!(query_i64(&st.conn, &format!("SELECT count(*) FROM {t}")).unwrap(), Some(0), "{t}");
        }
    }

    /// A fresh version-1 store at `p` (any old file replaced) holding two
    /// 042 events USAGOV → RUS on 2020-01-06.
    fn version_1_store(p: &Path) -> Connection {
        let _ = std::fs::remove_file(p);
        let c = Connection::open(p).unwrap();
        c.execute_batch(MIGRATIONS[0]).unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
        ev(&c, "1", "2020-01-06", "USAGOV", "USA", "RUS", "RUS", "042", 1, Some(1.9));
        ev(&c, "2", "2020-01-06", "USAGOV", "USA", "RUS", "RUS", "042", 2, Some(-0.1));
        c
    }

    #[test]
    fn migration_builds_aggregates_of_a_version_1_store() {
        let dir = std::env::temp_dir().join(format!("dyad-store-migrate-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("v1.db");
        {
            let c = version_1_store(&p);
            ev(&c, "3", "2020-03-07", "RUS", "RUS", "USA", "USA", "190", 4, Some(-10.0));
        }
        let mut st = Store::open(&p).unwrap();
        let v: i64 = st.conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        assert!(st.check_aggregates().unwrap().is_empty());
        assert_eq!(
            rows(&st.conn, "SELECT n, q1, q2, gsum, gn, rep_id, rep_quad, rep_g FROM dyad_daily ORDER BY source"),
            vec![
                "Integer(1) Integer(0) Integer(0) Integer(-10000) Integer(1) Integer(3) Integer(4) Integer(-10000)",
                "Integer(2) Integer(1) Integer(1) Integer(1800) Integer(2) Integer(1) Integer(1) Integer(1900)"
            ]
        );
        assert_eq!(query_i64(&st.conn, "SELECT count(*) FROM dyad_edges WHERE level='y'").unwrap(), Some(2));
        drop(st);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Several connections opening one version-1 store at once: the 1 → 2
    /// migration runs once (each opener re-reads the version inside its
    /// write transaction), and all of them open it.
    #[test]
    fn concurrent_migration_runs_once() {
        let dir = std::env::temp_dir().join(format!("dyad-store-migrate-race-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for round in 0..10 {
            let p = dir.join(format!("v1-{round}.db"));
            drop(version_1_store(&p));
            let barrier = std::sync::Arc::new(std::sync::Barrier::new(6));
            let handles: Vec<_> = (0..6)
                .map(|_| {
                    let (p, barrier) = (p.clone(), barrier.clone());
                    std::thread::spawn(move || {
                        barrier.wait();
                        Store::open(&p).map(|_| ()).map_err(|e| e.to_string())
                    })
                })
                .collect();
            for h in handles {
                assert_eq!(h.join().unwrap(), Ok(()), "round {round}");
            }
            let mut st = Store::open(&p).unwrap();
            assert_eq!(st.schema_version().unwrap(), SCHEMA_VERSION);
            assert!(st.check_aggregates().unwrap().is_empty());
            assert_eq!(
                rows(&st.conn, "SELECT n, q1, q2, gsum, gn FROM dyad_daily"),
                vec!["Integer(2) Integer(1) Integer(1) Integer(1800) Integer(2)"]
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn newer_or_invalid_schema_version_is_refused() {
        let dir = std::env::temp_dir().join(format!("dyad-store-too-new-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("new.db");
        let _ = std::fs::remove_file(&p);
        Connection::open(&p).unwrap().pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
        match Store::open(&p) {
            Err(StoreError::TooNew(v, w)) => assert_eq!((v, w), (SCHEMA_VERSION + 1, SCHEMA_VERSION)),
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("a newer store was opened"),
        }
        Connection::open(&p).unwrap().pragma_update(None, "user_version", -1).unwrap();
        match Store::open(&p) {
            Err(e) => assert_eq!(e.to_string(), "database schema version -1 is not a dyad version"),
            Ok(_) => panic!("a store with a negative version was opened"),
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

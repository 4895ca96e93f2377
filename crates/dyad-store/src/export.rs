//! Event exports: JSONL, CSV (for R and Stata) and Parquet partitioned by
//! `year=/month=` (for Spark, DuckDB, Trino, pandas). GDELT rows are in
//! [`crate::gdelt::export`]. Every export writes one record per stored event
//! ([`StoredEvent`]), all columns, in `(origin, date, id)` order (Parquet:
//! `(date, origin, id)`).

use crate::{EventFilter, Result, Store, StoreError, StoredEvent};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Column names of the CSV export, in order (the [`StoredEvent`] fields).
pub const CSV_COLUMNS: [&str; 27] = [
    "origin",
    "event_key",
    "date",
    "source",
    "source_country",
    "source_name",
    "source_orig",
    "target",
    "target_country",
    "target_name",
    "target_orig",
    "code",
    "root_code",
    "quad_class",
    "goldstein",
    "modality",
    "is_root",
    "num_mentions",
    "num_sources",
    "num_articles",
    "avg_tone",
    "geo_fullname",
    "geo_country",
    "geo_lat",
    "geo_long",
    "date_added",
    "source_url",
];

/// A JSON error as a store error; a failed write stays [`StoreError::Io`] (its
/// kind intact, so callers can tell a closed pipe from a real failure).
fn json_err(e: serde_json::Error) -> StoreError {
    if e.is_io() {
        StoreError::Io(e.into())
    } else {
        StoreError::Other(e.to_string())
    }
}

/// A CSV error as a store error; a failed write stays [`StoreError::Io`].
fn csv_err(e: csv::Error) -> StoreError {
    if !e.is_io_error() {
        return StoreError::Other(e.to_string());
    }
    match e.into_kind() {
        csv::ErrorKind::Io(io) => StoreError::Io(io),
        k => StoreError::Other(format!("{k:?}")),
    }
}

/// JSONL: one object per event, keys as [`CSV_COLUMNS`]; missing numbers are `null`.
///
/// Errors: reading the store, or writing `out` ([`StoreError::Io`], e.g. a
/// closed pipe as `BrokenPipe`).
pub fn export_jsonl(store: &Store, filter: &EventFilter, out: &mut dyn Write) -> Result<u64> {
    let mut n = 0;
    store.for_each_event(filter, |e| {
        serde_json::to_writer(&mut *out, e).map_err(json_err)?;
        out.write_all(b"\n")?;
        n += 1;
        Ok(())
    })?;
    out.flush()?;
    Ok(n)
}

/// CSV (RFC 4180): exactly one header row of [`CSV_COLUMNS`] (also when no
/// event matches), then one row per event; missing numbers are empty cells.
///
/// Errors: reading the store, or writing `out` ([`StoreError::Io`], e.g. a
/// closed pipe as `BrokenPipe`).
pub fn export_csv(store: &Store, filter: &EventFilter, out: &mut dyn Write) -> Result<u64> {
    // The header is written once, explicitly: `serialize` would add a second
    // one from the struct's field names unless headers are off.
    let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(out);
    w.write_record(CSV_COLUMNS).map_err(csv_err)?;
    let mut n = 0;
    store.for_each_event(filter, |e| {
        w.serialize(e).map_err(csv_err)?;
        n += 1;
        Ok(())
    })?;
    w.flush()?;
    Ok(n)
}

/// The Parquet schema of the export (documented in docs/STORE.md). `date`
/// is a DATE (days since 1970-01-01), null when unknown; strings are UTF-8.
pub const PARQUET_SCHEMA: &str = "message dyad_event {
  REQUIRED BYTE_ARRAY origin (UTF8);
  REQUIRED BYTE_ARRAY event_key (UTF8);
  OPTIONAL INT32 date (DATE);
  REQUIRED BYTE_ARRAY source (UTF8);
  REQUIRED BYTE_ARRAY source_country (UTF8);
  REQUIRED BYTE_ARRAY source_name (UTF8);
  REQUIRED BYTE_ARRAY source_orig (UTF8);
  REQUIRED BYTE_ARRAY target (UTF8);
  REQUIRED BYTE_ARRAY target_country (UTF8);
  REQUIRED BYTE_ARRAY target_name (UTF8);
  REQUIRED BYTE_ARRAY target_orig (UTF8);
  REQUIRED BYTE_ARRAY code (UTF8);
  REQUIRED BYTE_ARRAY root_code (UTF8);
  REQUIRED INT32 quad_class;
  OPTIONAL DOUBLE goldstein;
  REQUIRED BYTE_ARRAY modality (UTF8);
  REQUIRED INT32 is_root;
  REQUIRED INT64 num_mentions;
  REQUIRED INT64 num_sources;
  REQUIRED INT64 num_articles;
  OPTIONAL DOUBLE avg_tone;
  REQUIRED BYTE_ARRAY geo_fullname (UTF8);
  REQUIRED BYTE_ARRAY geo_country (UTF8);
  OPTIONAL DOUBLE geo_lat;
  OPTIONAL DOUBLE geo_long;
  REQUIRED BYTE_ARRAY date_added (UTF8);
  REQUIRED BYTE_ARRAY source_url (UTF8);
}";

/// Rows per Parquet row group.
pub const ROW_GROUP_ROWS: usize = 100_000;

/// Totals of a Parquet export.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ParquetStats {
    /// Events written.
    pub rows: u64,
    /// Files written (one per `year=/month=` partition).
    pub files: Vec<PathBuf>,
}

/// Buffered rows of one row group.
#[derive(Default)]
struct Rows(Vec<StoredEvent>);

fn days(date: &str) -> Option<i32> {
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    Some((d - epoch).num_days() as i32)
}

/// Partition directory for a date: `year=YYYY/month=M`, or Hive's default
/// partition name for events without a date.
fn partition(date: &str) -> String {
    match (date.get(..4), date.get(5..7)) {
        (Some(y), Some(m)) if days(date).is_some() => {
            format!("year={}/month={}", y, m.trim_start_matches('0'))
        }
        _ => "year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__".into(),
    }
}

struct PartWriter {
    w: SerializedFileWriter<std::fs::File>,
    path: PathBuf,
}

fn pq(e: parquet::errors::ParquetError) -> StoreError {
    StoreError::Other(format!("parquet: {e}"))
}

fn write_group(w: &mut SerializedFileWriter<std::fs::File>, rows: &Rows) -> Result<()> {
    let r = &rows.0;
    let mut rg = w.next_row_group().map_err(pq)?;
    let mut idx = 0usize;
    while let Some(mut col) = rg.next_column().map_err(pq)? {
        let strs =
            |f: fn(&StoredEvent) -> &str| -> Vec<ByteArray> { r.iter().map(|e| ByteArray::from(f(e))).collect() };
        let optf = |f: fn(&StoredEvent) -> Option<f64>| -> (Vec<f64>, Vec<i16>) {
            (r.iter().filter_map(f).collect(), r.iter().map(|e| f(e).is_some() as i16).collect())
        };
        macro_rules! s {
            ($f:ident) => {{
                let v = strs(|e| &e.$f);
                col.typed::<ByteArrayType>().write_batch(&v, None, None).map_err(pq)?;
            }};
        }
        macro_rules! of {
            ($f:ident) => {{
                let (v, d) = optf(|e| e.$f);
                col.typed::<DoubleType>().write_batch(&v, Some(&d), None).map_err(pq)?;
            }};
        }
        macro_rules! i64c {
            ($f:ident) => {{
                let v: Vec<i64> = r.iter().map(|e| e.$f).collect();
                col.typed::<Int64Type>().write_batch(&v, None, None).map_err(pq)?;
            }};
        }
        match idx {
            0 => s!(origin),
            1 => s!(event_key),
            2 => {
                let v: Vec<i32> = r.iter().filter_map(|e| days(&e.date)).collect();
                let d: Vec<i16> = r.iter().map(|e| days(&e.date).is_some() as i16).collect();
                col.typed::<Int32Type>().write_batch(&v, Some(&d), None).map_err(pq)?;
            }
            3 => s!(source),
            4 => s!(source_country),
            5 => s!(source_name),
            6 => s!(source_orig),
            7 => s!(target),
            8 => s!(target_country),
            9 => s!(target_name),
            10 => s!(target_orig),
            11 => s!(code),
            12 => s!(root_code),
            13 => {
                let v: Vec<i32> = r.iter().map(|e| e.quad_class as i32).collect();
                col.typed::<Int32Type>().write_batch(&v, None, None).map_err(pq)?;
            }
            14 => of!(goldstein),
            15 => s!(modality),
            16 => {
                let v: Vec<i32> = r.iter().map(|e| e.is_root as i32).collect();
                col.typed::<Int32Type>().write_batch(&v, None, None).map_err(pq)?;
            }
            17 => i64c!(num_mentions),
            18 => i64c!(num_sources),
            19 => i64c!(num_articles),
            20 => of!(avg_tone),
            21 => s!(geo_fullname),
            22 => s!(geo_country),
            23 => of!(geo_lat),
            24 => of!(geo_long),
            25 => s!(date_added),
            26 => s!(source_url),
            _ => return Err(StoreError::Other("parquet: schema has more columns than expected".into())),
        }
        col.close().map_err(pq)?;
        idx += 1;
    }
    rg.close().map_err(pq)?;
    Ok(())
}

/// Parquet export into directory `dir`: one file `part-0.parquet` per
/// `year=YYYY/month=M` partition (Hive layout; events without a date go
/// under `__HIVE_DEFAULT_PARTITION__`), schema [`PARQUET_SCHEMA`], row
/// groups of at most [`ROW_GROUP_ROWS`], no compression (dictionary and RLE
/// encodings only). The partition columns are in the path, not the files.
pub fn export_parquet(store: &Store, filter: &EventFilter, dir: &Path) -> Result<ParquetStats> {
    let schema = Arc::new(parquet::schema::parser::parse_message_type(PARQUET_SCHEMA).map_err(pq)?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_created_by(format!("dyad {}", env!("CARGO_PKG_VERSION")))
            .set_compression(parquet::basic::Compression::UNCOMPRESSED)
            .build(),
    );
    std::fs::create_dir_all(dir)?;
    let mut stats = ParquetStats::default();
    let (wh, args) = filter.sql();
    let sql = format!("SELECT {} FROM events {wh} ORDER BY date, origin, id", crate::EVENT_COLS);
    let mut st = store.conn().prepare(&sql)?;
    let mut q = st.query(rusqlite::params_from_iter(args.iter()))?;
    let mut cur: Option<(String, PartWriter)> = None;
    let mut rows = Rows::default();
    let finish = |pw: PartWriter, rows: &mut Rows, stats: &mut ParquetStats| -> Result<()> {
        let mut w = pw.w;
        if !rows.0.is_empty() {
            write_group(&mut w, rows)?;
            rows.0.clear();
        }
        w.close().map_err(pq)?;
        stats.files.push(pw.path);
        Ok(())
    };
    while let Some(r) = q.next()? {
        let e = StoredEvent::from_row(r)?;
        let part = partition(&e.date);
        if cur.as_ref().map(|(p, _)| p != &part).unwrap_or(true) {
            if let Some((_, pw)) = cur.take() {
                finish(pw, &mut rows, &mut stats)?;
            }
            let d = dir.join(&part);
            std::fs::create_dir_all(&d)?;
            let path = d.join("part-0.parquet");
            let f = std::fs::File::create(&path)?;
            let w = SerializedFileWriter::new(f, schema.clone(), props.clone()).map_err(pq)?;
            cur = Some((part, PartWriter { w, path }));
        }
        rows.0.push(e);
        stats.rows += 1;
        if rows.0.len() >= ROW_GROUP_ROWS {
            if let Some((_, pw)) = cur.as_mut() {
                write_group(&mut pw.w, &rows)?;
            }
            rows.0.clear();
        }
    }
    if let Some((_, pw)) = cur.take() {
        finish(pw, &mut rows, &mut stats)?;
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions() {
        assert_eq!(partition("2019-10-24"), "year=2019/month=10");
        assert_eq!(partition("2019-01-02"), "year=2019/month=1");
        assert!(partition("").contains("__HIVE_DEFAULT_PARTITION__"));
        assert_eq!(days("1970-01-02"), Some(1));
    }

    /// A store holding `n` GDELT events (distinct ids and days, USA→CHN, code 042).
    fn store_with(n: u32) -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let run = store.begin_run(&crate::RunManifest { kind: "test".into(), ..Default::default() }).unwrap();
        let mut text = String::new();
        for i in 0..n {
            let mut c = vec![String::new(); 61];
            c[0] = (1000 + i).to_string();
            c[1] = format!("202301{:02}", i + 1);
            (c[5], c[7], c[15], c[17]) = ("USA".into(), "USA".into(), "CHN".into(), "CHN".into());
            (c[25], c[26], c[27], c[28]) = ("1".into(), "042".into(), "042".into(), "04".into());
            (c[29], c[30]) = ("1".into(), "1.9".into());
            (c[31], c[32], c[33]) = ("1".into(), "1".into(), "1".into());
            text.push_str(&c.join("\t"));
            text.push('\n');
        }
        let mut stats = crate::gdelt::ImportStats::default();
        let r = std::io::BufReader::new(text.as_bytes());
        crate::gdelt::import_reader(&mut store, r, "t", run, 100, &mut stats, &mut |m| panic!("{m}")).unwrap();
        assert_eq!(stats.loaded, n as u64);
        store
    }

    /// The CSV header row appears exactly once, with and without rows.
    #[test]
    fn csv_has_one_header() {
        let header = CSV_COLUMNS.join(",");
        for n in [0u32, 1, 3] {
            let store = store_with(n);
            let mut out = Vec::new();
            assert_eq!(export_csv(&store, &EventFilter::default(), &mut out).unwrap(), n as u64);
            let text = String::from_utf8(out).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines.len(), n as usize + 1, "{text}");
            assert_eq!(lines[0], header);
            assert_eq!(lines.iter().filter(|l| **l == header).count(), 1);
            if n > 0 {
                assert!(lines[1].starts_with("gdelt,1000,2023-01-01,USA,"), "{}", lines[1]);
            }
        }
    }

    /// A writer whose reader has gone away.
    struct ClosedPipe;

    impl Write for ClosedPipe {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
    }

    /// A closed output stays an I/O error of kind `BrokenPipe` (not text).
    #[test]
    fn write_failures_keep_their_kind() {
        let store = store_with(2);
        let f = EventFilter::default();
        for r in [export_csv(&store, &f, &mut ClosedPipe), export_jsonl(&store, &f, &mut ClosedPipe)] {
            match r {
                Err(StoreError::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe),
                other => panic!("{other:?}"),
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Export levels: the field set of `dyad code` (issue 15)
// ---------------------------------------------------------------------------

/// What one exported record stands for, mirroring GDELT's two tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// One record per stored event (deduplicated, with mention counts); the
    /// coded fields are those of its first report (smallest `(doc_id, seq)`).
    Events,
    /// One record per report of a dyad event in a document (provenance row),
    /// with its document id, sentence and spans. GDELT events have none.
    Mentions,
}

/// Keys shared by both levels, in the order and with the meaning of
/// `dyad code`'s JSONL (docs/FORMATS.md), plus `sentence`, `url`, `title`,
/// `doc_source` (the document's publisher) and the store's `origin` and
/// `event_key` (the deduplicated event a mention belongs to).
pub const CODED_KEYS: [&str; 32] = [
    "event_id",
    "doc_id",
    "date",
    "field",
    "sentence_index",
    "source",
    "source_country",
    "source_agent",
    "source_text",
    "target",
    "target_country",
    "target_agent",
    "target_text",
    "code",
    "root_code",
    "quad_class",
    "goldstein",
    "plover_type",
    "plover_mode",
    "plover_context",
    "modality",
    "compound_id",
    "verb_text",
    "spans",
    "rule",
    "dict_version",
    "url",
    "title",
    "doc_source",
    "sentence",
    "origin",
    "event_key",
];

/// Keys the events level adds after [`CODED_KEYS`]: the GDELT-style counts
/// and the columns GDELT rows fill.
pub const EVENT_KEYS: [&str; 15] = [
    "source_name",
    "source_orig",
    "target_name",
    "target_orig",
    "is_root",
    "num_mentions",
    "num_sources",
    "num_articles",
    "avg_tone",
    "geo_fullname",
    "geo_country",
    "geo_lat",
    "geo_long",
    "date_added",
    "source_url",
];

/// Output shape of [`export_level`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordFormat {
    /// One JSON object per line, keys in the documented order; `spans` nested
    /// as in `dyad code` (`{"sentence": {"start", "end"}, …}`).
    Jsonl,
    /// CSV with one header row; `spans` flattened to `spans.sentence.start`
    /// … `spans.target.end`; nulls are empty cells.
    Csv,
}

/// The agent part of an actor code: what follows its country code (or `---`).
fn agent_part(code: &str, country: &str) -> String {
    if !country.is_empty() && code.starts_with(country) {
        code[country.len()..].to_string()
    } else if let Some(rest) = code.strip_prefix("---") {
        rest.to_string()
    } else {
        String::new()
    }
}

/// `[[s0,s1],[a0,a1],[v0,v1],[t0,t1]]` as stored → `dyad code`'s spans object.
fn spans_json(stored: Option<&str>) -> serde_json::Value {
    let v: Vec<Vec<u64>> = stored.and_then(|s| serde_json::from_str(s).ok()).unwrap_or_default();
    if v.len() != 4 || v.iter().any(|p| p.len() != 2) {
        return serde_json::Value::Null;
    }
    let o = |i: usize| serde_json::json!({"start": v[i][0], "end": v[i][1]});
    serde_json::json!({"sentence": o(0), "source": o(1), "verb": o(2), "target": o(3)})
}

const SPAN_COLUMNS: [&str; 8] = [
    "spans.sentence.start",
    "spans.sentence.end",
    "spans.source.start",
    "spans.source.end",
    "spans.verb.start",
    "spans.verb.end",
    "spans.target.start",
    "spans.target.end",
];

/// Export at a [`Level`] in the field set of `dyad code` (see [`CODED_KEYS`]
/// and [`EVENT_KEYS`]). Returns the number of records.
///
/// Errors: reading the store, or writing `out` ([`StoreError::Io`]).
pub fn export_level(
    store: &Store,
    filter: &EventFilter,
    level: Level,
    format: RecordFormat,
    out: &mut dyn Write,
) -> Result<u64> {
    use serde_json::Value;
    let (wh, args) = filter.sql();
    let wh = wh.replace("origin=", "e.origin=").replace("date>=", "e.date>=").replace("date<=", "e.date<=");
    let coded = "p.event_id, p.doc_id, p.field, p.sentence_index, p.source_text, p.target_text, p.plover_type, \
                 p.plover_mode, p.plover_context, p.compound_id, p.verb_text, p.spans, p.rule, p.dict_version, \
                 d.url, d.title, d.publisher, s.text";
    let joins = "LEFT JOIN documents d ON d.doc_id=p.doc_id \
                 LEFT JOIN sentences s ON s.doc_id=p.doc_id AND s.field=p.field AND s.sentence_index=p.sentence_index";
    let sql = match level {
        Level::Events => format!(
            "SELECT e.origin, e.event_key, e.date, e.source, e.source_country, e.target, e.target_country, e.code, \
             e.root_code, e.quad_class, e.goldstein, e.modality, {coded}, e.source_name, e.source_orig, \
             e.target_name, e.target_orig, e.is_root, e.num_mentions, e.num_sources, e.num_articles, e.avg_tone, \
             e.geo_fullname, e.geo_country, e.geo_lat, e.geo_long, e.date_added, e.source_url \
             FROM events e LEFT JOIN provenance p ON (p.doc_id, p.seq) = \
               (SELECT doc_id, seq FROM provenance WHERE event_row=e.id ORDER BY doc_id, seq LIMIT 1) \
             {joins} {wh} ORDER BY e.origin, e.date, e.id"
        ),
        Level::Mentions => format!(
            "SELECT e.origin, e.event_key, e.date, e.source, e.source_country, e.target, e.target_country, e.code, \
             e.root_code, e.quad_class, e.goldstein, e.modality, {coded} \
             FROM provenance p JOIN events e ON e.id=p.event_row {joins} {wh} ORDER BY e.date, p.doc_id, p.seq"
        ),
    };
    let mut st = store.conn().prepare(&sql)?;
    let ncols = st.column_count();
    let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
    // one CSV line into bytes (a writer per line keeps `out` free for JSON)
    let csv_line = |cells: &[&str]| -> Result<Vec<u8>> {
        let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
        w.write_record(cells).map_err(csv_err)?;
        w.into_inner().map_err(|e| StoreError::Other(e.to_string()))
    };
    let csv_mode = format == RecordFormat::Csv;
    if csv_mode {
        let mut header: Vec<&str> = Vec::new();
        for k in CODED_KEYS {
            if k == "spans" {
                header.extend(SPAN_COLUMNS);
            } else {
                header.push(k);
            }
        }
        if level == Level::Events {
            header.extend(EVENT_KEYS);
        }
        out.write_all(&csv_line(&header)?)?;
    }
    let mut n = 0u64;
    while let Some(r) = rows.next()? {
        let s = |i: usize| -> rusqlite::Result<String> { Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default()) };
        let origin = s(0)?;
        let (source, source_country, target, target_country) = (s(3)?, s(4)?, s(5)?, s(6)?);
        let has_report = r.get::<_, Option<String>>(13)?.is_some();
        let event_id = if has_report { s(12)? } else { s(1)? };
        let mut rec: Vec<(&str, Value)> = vec![
            ("event_id", Value::from(event_id)),
            ("doc_id", Value::from(s(13)?)),
            ("date", Value::from(s(2)?)),
            ("field", Value::from(s(14)?)),
            ("sentence_index", r.get::<_, Option<i64>>(15)?.map_or(Value::Null, Value::from)),
            ("source_agent", Value::from(agent_part(&source, &source_country))),
            ("target_agent", Value::from(agent_part(&target, &target_country))),
            ("source", Value::from(source)),
            ("source_country", Value::from(source_country)),
            ("source_text", Value::from(s(16)?)),
            ("target", Value::from(target)),
            ("target_country", Value::from(target_country)),
            ("target_text", Value::from(s(17)?)),
            ("code", Value::from(s(7)?)),
            ("root_code", Value::from(s(8)?)),
            ("quad_class", Value::from(r.get::<_, i64>(9)?)),
            ("goldstein", r.get::<_, Option<f64>>(10)?.map_or(Value::Null, Value::from)),
            ("plover_type", Value::from(s(18)?)),
            ("plover_mode", Value::from(s(19)?)),
            ("plover_context", Value::from(s(20)?)),
            ("modality", Value::from(s(11)?)),
            ("compound_id", Value::from(s(21)?)),
            ("verb_text", Value::from(s(22)?)),
            ("spans", spans_json(r.get::<_, Option<String>>(23)?.as_deref())),
            ("rule", Value::from(s(24)?)),
            ("dict_version", Value::from(s(25)?)),
            ("url", Value::from(s(26)?)),
            ("title", Value::from(s(27)?)),
            ("doc_source", Value::from(s(28)?)),
            ("sentence", Value::from(s(29)?)),
            ("origin", Value::from(origin)),
            ("event_key", Value::from(s(1)?)),
        ];
        if level == Level::Events {
            for (i, k) in EVENT_KEYS.iter().enumerate() {
                let v = match r.get_ref(30 + i)? {
                    rusqlite::types::ValueRef::Null => Value::Null,
                    rusqlite::types::ValueRef::Integer(x) => Value::from(x),
                    rusqlite::types::ValueRef::Real(x) => Value::from(x),
                    rusqlite::types::ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
                    rusqlite::types::ValueRef::Blob(_) => Value::Null,
                };
                rec.push((k, v));
            }
        }
        debug_assert!(ncols >= 30);
        // documented order
        let order = |k: &str| CODED_KEYS.iter().chain(EVENT_KEYS.iter()).position(|x| *x == k).unwrap_or(usize::MAX);
        rec.sort_by_key(|(k, _)| order(k));
        match csv_mode {
            false => {
                out.write_all(b"{")?;
                for (i, (k, v)) in rec.iter().enumerate() {
                    if i > 0 {
                        out.write_all(b",")?;
                    }
                    serde_json::to_writer(&mut *out, k).map_err(json_err)?;
                    out.write_all(b":")?;
                    if *k == "spans" && v.is_object() {
                        // start before end, as `dyad code` writes them
                        let part = |p: &str| format!("{{\"start\":{},\"end\":{}}}", v[p]["start"], v[p]["end"]);
                        write!(
                            out,
                            "{{\"sentence\":{},\"source\":{},\"verb\":{},\"target\":{}}}",
                            part("sentence"),
                            part("source"),
                            part("verb"),
                            part("target")
                        )?;
                        continue;
                    }
                    serde_json::to_writer(&mut *out, v).map_err(json_err)?;
                }
                out.write_all(b"}\n")?;
            }
            true => {
                let mut cells: Vec<String> = Vec::new();
                for (k, v) in &rec {
                    if *k == "spans" {
                        for part in ["sentence", "source", "verb", "target"] {
                            for end in ["start", "end"] {
                                cells.push(v[part][end].as_u64().map(|x| x.to_string()).unwrap_or_default());
                            }
                        }
                        continue;
                    }
                    cells.push(match v {
                        Value::Null => String::new(),
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    });
                }
                let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
                out.write_all(&csv_line(&cells)?)?;
            }
        }
        n += 1;
    }
    out.flush()?;
    Ok(n)
}

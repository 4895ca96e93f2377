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

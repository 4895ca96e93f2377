//! Concurrency and argument checks of the store commands:
//! - several processes (and threads) creating the same new store file at once
//!   all succeed, and every document ends up in it exactly once;
//! - a reversed date range (`--from` after `--to`) is a usage error (exit 2)
//!   naming both flags and values, for every command that takes them.

use dyad_store::rusqlite::Connection;
use dyad_store::{Store, SCHEMA_VERSION};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Barrier};

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dyad-store-race-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn dyad(args: &[&str], db: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dyad")).args(args).arg("--db").arg(db).output().unwrap()
}

/// Processes ingesting into one store at once: `N_PROC` per round.
const N_PROC: usize = 4;
/// Documents per process.
const N_DOCS: usize = 3;
/// Rounds, each on a new store file.
const ROUNDS: usize = 4;

#[test]
fn concurrent_ingest_into_new_store() {
    let dir = tmp("ingest");
    // Process p ingests documents p-0 … p-2, each "Russia condemned the United
    // States." from its own publisher on 2020-01-05: one shared event whose
    // counts cover every document of every process.
    let mut inputs = Vec::new();
    for p in 0..N_PROC {
        let f = dir.join(format!("in{p}.jsonl"));
        let mut w = std::fs::File::create(&f).unwrap();
        for d in 0..N_DOCS {
            let v = serde_json::json!({
                "id": format!("{p}-{d}"), "date": "2020-01-05", "source": format!("pub{p}-{d}"),
                "text": "Russia condemned the United States.",
            });
            writeln!(w, "{v}").unwrap();
        }
        inputs.push(f);
    }
    for round in 0..ROUNDS {
        let db = dir.join(format!("s{round}.db"));
        // Start all processes before waiting on any; each loads its
        // dictionaries first, so they reach the store at about the same time.
        let children: Vec<_> = inputs
            .iter()
            .map(|f| {
                Command::new(env!("CARGO_BIN_EXE_dyad"))
                    .arg("ingest")
                    .arg("--db")
                    .arg(&db)
                    .arg("--quiet")
                    .arg(f)
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let o = c.wait_with_output().unwrap();
            assert!(o.status.success(), "round {round}: {}", String::from_utf8_lossy(&o.stderr));
        }
        let c = Connection::open(&db).unwrap();
        let v: i64 = c.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let mut st = c.prepare("SELECT doc_id, n_events FROM documents ORDER BY doc_id").unwrap();
        let docs: Vec<(String, i64)> =
            st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect();
        let want: Vec<(String, i64)> =
            (0..N_PROC).flat_map(|p| (0..N_DOCS).map(move |d| (format!("{p}-{d}"), 1))).collect();
        assert_eq!(docs, want, "round {round}");
        let runs: i64 = c.query_row("SELECT count(*) FROM runs WHERE finished IS NOT NULL", [], |r| r.get(0)).unwrap();
        assert_eq!(runs, N_PROC as i64);
        // Through the CLI: one event, counted from all 12 documents.
        let o = dyad(&["query", "events", "--json"], &db);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let rows: Vec<serde_json::Value> =
            String::from_utf8(o.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(rows.len(), 1, "{rows:?}");
        let r = &rows[0];
        assert_eq!(r["event_key"], "2020-01-05|RUS|USA|111|asserted");
        let n = (N_PROC * N_DOCS) as i64;
        assert_eq!(
            (r["num_mentions"].as_i64(), r["num_sources"].as_i64(), r["num_articles"].as_i64()),
            (Some(n), Some(n), Some(n))
        );
        drop(st);
        let mut s = Store::open(&db).unwrap();
        assert_eq!(s.check_aggregates().unwrap(), Vec::<String>::new());
        assert_eq!(s.integrity_check().unwrap(), "ok");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn concurrent_open_of_new_store() {
    let dir = tmp("open");
    const THREADS: usize = 8;
    for round in 0..25 {
        let db = dir.join(format!("s{round}.db"));
        let barrier = Arc::new(Barrier::new(THREADS));
        let handles: Vec<_> = (0..THREADS)
            .map(|i| {
                let (db, barrier) = (db.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    let s = Store::open(&db).map_err(|e| format!("thread {i}: {e}"))?;
                    s.begin_run(&Default::default()).map_err(|e| format!("thread {i}: {e}"))
                })
            })
            .collect();
        let mut ids: Vec<i64> = handles.into_iter().map(|h| h.join().unwrap().unwrap()).collect();
        ids.sort();
        assert_eq!(ids, (1..=THREADS as i64).collect::<Vec<_>>(), "round {round}");
        let s = Store::open(&db).unwrap();
        let v: i64 = s.conn().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let mode: String = s.conn().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let tables: i64 = s
            .conn()
            .query_row("SELECT count(*) FROM sqlite_schema WHERE type='table' AND name='runs'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 1);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn reversed_date_range_is_a_usage_error() {
    let dir = tmp("dates");
    let db = dir.join("s.db");
    let input = dir.join("in.jsonl");
    std::fs::write(&input, "{\"id\":\"a\",\"date\":\"2024-03-01\",\"text\":\"Russia condemned the United States.\"}\n")
        .unwrap();
    let o = dyad(&["ingest", "--quiet", input.to_str().unwrap()], &db);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let commands: &[&[&str]] = &[
        &["export", "--format", "jsonl"],
        &["query", "dyad", "RUS", "USA"],
        &["query", "events"],
        &["query", "actors"],
        &["query", "network"],
        &["query", "blocs"],
    ];
    for cmd in commands {
        // Any spelling `--date` takes; the message shows the values as given.
        let mut args = cmd.to_vec();
        args.extend(["--from", "2024-05-01", "--to", "20240101"]);
        let o = dyad(&args, &db);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}: {err}");
        assert!(o.stdout.is_empty(), "{cmd:?}: {}", String::from_utf8_lossy(&o.stdout));
        assert!(err.contains("--from 2024-05-01 is after --to 20240101"), "{cmd:?}: {err}");
        // The same range the right way round finds the event; one day (from = to) is allowed.
        for (from, to, n) in
            [("2024-01-01", "2024-05-01", 1), ("2024-03-01", "2024-03-01", 1), ("2024-03-02", "2024-03-02", 0)]
        {
            if cmd[0] != "export" && cmd[1] != "events" {
                continue;
            }
            let mut args = cmd.to_vec();
            args.extend(["--from", from, "--to", to]);
            let o = dyad(&args, &db);
            assert!(o.status.success(), "{cmd:?} {from} {to}: {}", String::from_utf8_lossy(&o.stderr));
            assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), n, "{cmd:?} {from} {to}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

//! `dyad ingest`: dedup with GDELT-style counts, idempotent re-ingest by
//! document id, and crash safety (SIGKILL at several points, then re-run:
//! the store equals a clean run's and passes `PRAGMA integrity_check`).

use dyad_store::rusqlite::{types::ValueRef, Connection};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dyad-store-ingest-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn ingest_cmd(db: &Path, input: &Path, extra: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dyad"));
    c.arg("ingest").arg("--db").arg(db).arg("--quiet").args(extra).arg(input);
    c
}

fn ingest(db: &Path, input: &Path, extra: &[&str]) {
    let o = ingest_cmd(db, input, extra).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Every row of a query, each as one string (columns' debug forms joined), sorted.
fn dump(c: &Connection, sql: &str) -> Vec<String> {
    let mut st = c.prepare(sql).unwrap();
    let n = st.column_count();
    let mut rows = st.query([]).unwrap();
    let mut v = Vec::new();
    while let Some(r) = rows.next().unwrap() {
        let mut s = String::new();
        for i in 0..n {
            match r.get_ref(i).unwrap() {
                ValueRef::Null => s.push_str("NULL"),
                ValueRef::Integer(x) => s.push_str(&x.to_string()),
                ValueRef::Real(x) => s.push_str(&format!("{x:?}")),
                ValueRef::Text(t) => s.push_str(&format!("{:?}", String::from_utf8_lossy(t))),
                ValueRef::Blob(b) => s.push_str(&format!("{b:?}")),
            }
            s.push('\t');
        }
        v.push(s);
    }
    v.sort();
    v
}

/// The whole store's content, without row ids and run ids (which differ
/// between a clean run and an interrupted-then-completed one).
fn snapshot(db: &Path) -> Vec<Vec<String>> {
    let c = Connection::open(db).unwrap();
    vec![
        dump(&c, "SELECT doc_id, date, title, url, publisher, text_len, n_events FROM documents"),
        dump(&c, "SELECT * FROM sentences"),
        dump(&c, &format!("SELECT {} FROM events", dyad_store::EVENT_COLS)),
        dump(
            &c,
            "SELECT p.doc_id, p.seq, e.origin, e.event_key, p.event_id, p.field, p.sentence_index, p.source_text, \
             p.target_text, p.verb_text, p.spans, p.rule, p.dict_version, p.plover_type, p.plover_mode, \
             p.plover_context, p.compound_id, p.issues FROM provenance p JOIN events e ON e.id=p.event_row",
        ),
        dump(&c, "SELECT count(*) FROM provenance p WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id=p.event_row)"),
        // The aggregate tables (the one-a-day representative's row id differs between runs).
        dump(
            &c,
            "SELECT origin, source, target, date, code, n, q1, q2, q3, q4, gsum, gn, rep_quad, rep_g FROM dyad_daily",
        ),
        dump(&c, "SELECT * FROM dyad_pairs"),
        dump(&c, "SELECT * FROM dyad_day_totals"),
        dump(&c, "SELECT * FROM dyad_edges"),
    ]
}

/// The aggregate tables equal a recomputation from `events`.
fn assert_aggregates_consistent(db: &Path) {
    let mut st = dyad_store::Store::open(db).unwrap();
    let problems = st.check_aggregates().unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    // the counts ingest keeps by difference equal a recount of the provenance
    let counts = dyad_store::check_counts(st.conn()).unwrap();
    assert!(counts.is_empty(), "{counts:?}");
    let n: i64 = st.conn().query_row("SELECT count(*) FROM dyad_daily", [], |r| r.get(0)).unwrap();
    let events: i64 = st.conn().query_row("SELECT count(*) FROM events", [], |r| r.get(0)).unwrap();
    assert!(n > 0 || events == 0, "{n} aggregate rows for {events} events");
}

fn write_jsonl(p: &Path, docs: &[(&str, &str, &str, &str)]) {
    let mut f = std::fs::File::create(p).unwrap();
    for (id, date, source, text) in docs {
        let v = serde_json::json!({"id": id, "date": date, "source": source, "text": text});
        writeln!(f, "{v}").unwrap();
    }
}

fn event(c: &Connection, key: &str) -> Option<(i64, i64, i64)> {
    c.query_row(
        "SELECT num_mentions, num_sources, num_articles FROM events WHERE origin='dyad' AND event_key=?",
        [key],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .ok()
}

#[test]
fn dedup_counts_and_reingest_replaces() {
    let dir = tmp("dedup");
    let db = dir.join("s.db");
    let input = dir.join("docs.jsonl");
    write_jsonl(
        &input,
        &[
            ("a", "2020-01-05", "TASS", "Russia condemned the United States. China met Japan on Monday."),
            ("b", "2020-01-05", "Reuters", "Russia condemned the United States on Sunday."),
            (
                "c",
                "2020-01-05",
                "TASS",
                "Russia condemned the United States again. Russia condemned the United States.",
            ),
        ],
    );
    ingest(&db, &input, &[]);
    let c = Connection::open(&db).unwrap();
    let key = "2020-01-05|RUS|USA|111|asserted";
    // 4 sentences in 3 documents from 2 publishers.
    assert_eq!(event(&c, key), Some((4, 2, 3)));
    assert_eq!(event(&c, "2020-01-05|CHN|JPN|040|asserted"), Some((1, 1, 1)));
    let prov: i64 = c.query_row("SELECT count(*) FROM provenance", [], |r| r.get(0)).unwrap();
    assert_eq!(prov, 5);
    let (name, url): (String, String) = c
        .query_row("SELECT source_name, source_url FROM events WHERE event_key=?", [key], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((name.as_str(), url.as_str()), ("RUSSIA", "a"));
    let snap = snapshot(&db);
    assert_aggregates_consistent(&db);

    // Same input again: nothing duplicated, same content.
    ingest(&db, &input, &[]);
    assert_eq!(snapshot(&db), snap);
    let runs: i64 = c.query_row("SELECT count(*) FROM runs WHERE finished IS NOT NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(runs, 2);
    let manifest: (String, String) = c
        .query_row("SELECT dict_version, options FROM runs WHERE run_id=2", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert!(!manifest.0.is_empty());
    assert!(manifest.1.contains("\"id_column\":\"id\""), "{}", manifest.1);

    // Document b changes: its events are replaced, the shared event recounted.
    let input2 = dir.join("b.jsonl");
    write_jsonl(&input2, &[("b", "2020-01-05", "Reuters", "China met Japan on Monday.")]);
    ingest(&db, &input2, &[]);
    assert_eq!(event(&c, key), Some((3, 1, 2)));
    assert_eq!(event(&c, "2020-01-05|CHN|JPN|040|asserted"), Some((2, 2, 2)));
    assert_aggregates_consistent(&db);
    // Document c loses its events: the event goes when no provenance is left.
    write_jsonl(&input2, &[("a", "2020-01-05", "TASS", "Nothing happened."), ("c", "2020-01-05", "TASS", "Quiet.")]);
    ingest(&db, &input2, &[]);
    assert_eq!(event(&c, key), None);
    assert_eq!(event(&c, "2020-01-05|CHN|JPN|040|asserted"), Some((1, 1, 1)));
    let orphans: i64 = c
        .query_row(
            "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM provenance WHERE event_row=e.id)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
    assert_aggregates_consistent(&db);
    let daily: (i64, i64) = c
        .query_row("SELECT count(*), sum(n) FROM dyad_daily WHERE origin='dyad'", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(daily, (1, 1), "only the CHN→JPN event is left");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Counts are kept by difference (issue 15: recounting every report of each
/// touched event made ingest quadratic): a document that changes publisher,
/// moves an event out of its first sentence, appears twice in one batch or
/// in consecutive batches, leaves counts equal to a full recount.
#[test]
fn incremental_counts_equal_a_recount() {
    let dir = tmp("incremental");
    let db = dir.join("s.db");
    let input = dir.join("docs.jsonl");
    let key = "2020-01-05|RUS|USA|111|asserted";
    write_jsonl(
        &input,
        &[
            ("a", "2020-01-05", "TASS", "Russia condemned the United States."),
            ("b", "2020-01-05", "TASS", "Quiet day. Russia condemned the United States."),
            ("a", "2020-01-05", "TASS", "Russia condemned the United States. Russia condemned the United States."),
        ],
    );
    for batch in ["1", "100"] {
        ingest(&db, &input, &["--batch-docs", batch]);
        let c = Connection::open(&db).unwrap();
        assert_eq!(event(&c, key), Some((3, 1, 2)), "batch {batch}");
        assert_aggregates_consistent(&db);
    }
    // b changes publisher; a loses its first-sentence report
    write_jsonl(
        &input,
        &[
            ("b", "2020-01-05", "Reuters", "Russia condemned the United States."),
            ("a", "2020-01-05", "TASS", "Quiet day. Russia condemned the United States."),
        ],
    );
    ingest(&db, &input, &[]);
    let c = Connection::open(&db).unwrap();
    assert_eq!(event(&c, key), Some((2, 2, 2)));
    let is_root: i64 = c.query_row("SELECT is_root FROM events WHERE event_key=?", [key], |r| r.get(0)).unwrap();
    assert_eq!(is_root, 1, "b reports it in its first sentence");
    write_jsonl(&input, &[("b", "2020-01-05", "Reuters", "Calm. Russia condemned the United States.")]);
    ingest(&db, &input, &[]);
    let is_root: i64 = c.query_row("SELECT is_root FROM events WHERE event_key=?", [key], |r| r.get(0)).unwrap();
    assert_eq!(is_root, 0);
    assert_aggregates_consistent(&db);
    // every report gone: the event and its tallies go
    write_jsonl(&input, &[("a", "2020-01-05", "TASS", "Calm."), ("b", "2020-01-05", "TASS", "Calm.")]);
    ingest(&db, &input, &[]);
    assert_eq!(event(&c, key), None);
    let tallies: i64 = c
        .query_row("SELECT (SELECT count(*) FROM event_sources) + (SELECT count(*) FROM event_roots)", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tallies, 0);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A synthetic corpus: `n` short stories over a few countries and days, so
/// that events repeat across documents.
fn corpus(p: &Path, n: usize) {
    let countries = ["Russia", "China", "Japan", "France", "Germany", "Iran", "Turkey", "Brazil", "India", "Egypt"];
    let verbs = ["condemned", "met", "praised", "criticized", "threatened", "accused", "visited", "thanked"];
    let publishers = ["TASS", "Reuters", "AP", "AFP", "Xinhua"];
    let mut f = std::io::BufWriter::new(std::fs::File::create(p).unwrap());
    for i in 0..n {
        let a = countries[i % countries.len()];
        let b = countries[(i * 7 + 3) % countries.len()];
        let c = countries[(i * 3 + 1) % countries.len()];
        let b = if a == b { "the United States" } else { b };
        let c = if c == a { "Mexico" } else { c };
        let v1 = verbs[i % verbs.len()];
        let v2 = verbs[(i / 3) % verbs.len()];
        let text = format!(
            "{a} {v1} {b} on Tuesday, officials said. Talks were held in the capital. {c} {v2} {a} after the vote. \
             {b} {v2} {c}. Number {i} in the series."
        );
        let v = serde_json::json!({
            "id": format!("doc-{i:05}"),
            "date": format!("2021-{:02}-{:02}", 1 + (i / 28) % 12, 1 + i % 28),
            "source": publishers[i % publishers.len()],
            "title": format!("{a} and {b}"),
            "text": text,
        });
        writeln!(f, "{v}").unwrap();
    }
}

/// Documents stored by the newest run (0 when none yet).
fn docs_of_last_run(db: &Path) -> i64 {
    let Ok(c) = Connection::open(db) else { return 0 };
    c.query_row("SELECT count(*) FROM documents WHERE run_id=(SELECT max(run_id) FROM runs)", [], |r| r.get(0))
        .unwrap_or(0)
}

#[test]
fn sigkill_then_rerun_equals_clean_run() {
    let dir = tmp("kill");
    let input = dir.join("corpus.jsonl");
    let n = 4000;
    corpus(&input, n);
    let clean = dir.join("clean.db");
    ingest(&clean, &input, &["--batch-docs", "16", "--threads", "1"]);
    let want = snapshot(&clean);
    assert_eq!(want[0].len(), n, "every document stored");
    assert!(want[2].len() > 100, "events: {}", want[2].len());

    let db = dir.join("killed.db");
    let mut kills = 0;
    for frac in [0.15, 0.45, 0.8] {
        let threshold = (n as f64 * frac) as i64;
        let mut child = ingest_cmd(&db, &input, &["--batch-docs", "16", "--threads", "1"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        loop {
            if let Some(st) = child.try_wait().unwrap() {
                println!("note: ingest finished ({st}) before reaching {threshold} documents");
                break;
            }
            if docs_of_last_run(&db) >= threshold {
                // SIGKILL: no chance to clean up.
                child.kill().unwrap();
                child.wait().unwrap();
                kills += 1;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        let c = Connection::open(&db).unwrap();
        let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(ok, "ok");
        // No partial batch is visible: stored documents are whole batches of 16 (or the end).
        let last = docs_of_last_run(&db);
        assert!(last % 16 == 0 || last == n as i64, "{last} documents after a kill");
    }
    println!("killed {kills} times");
    ingest(&db, &input, &["--batch-docs", "16", "--threads", "1"]);
    let got = snapshot(&db);
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g.len(), w.len(), "table {i}: row count");
        assert!(g == w, "table {i} differs");
    }
    let c = Connection::open(&db).unwrap();
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(ok, "ok");
    assert_aggregates_consistent(&db);
    assert_aggregates_consistent(&clean);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn file_ids_do_not_depend_on_path_spelling() {
    let dir = tmp("paths");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("a.txt"), "Russia condemned the United States on Sunday.").unwrap();
    let db = dir.join("s.db");
    let abs = dir.canonicalize().unwrap().join("a.txt");
    for spelling in ["a.txt", "./a.txt", "sub/../a.txt", abs.to_str().unwrap()] {
        let o = ingest_cmd(&db, Path::new(spelling), &["--date", "2020-01-05"]).current_dir(&dir).output().unwrap();
        assert!(o.status.success(), "{spelling}: {}", String::from_utf8_lossy(&o.stderr));
    }
    let c = Connection::open(&db).unwrap();
    let ids = dump(&c, "SELECT doc_id FROM documents");
    assert_eq!(ids, vec![format!("{:?}\t", abs.to_str().unwrap())]);
    assert_eq!(event(&c, "2020-01-05|RUS|USA|111|asserted"), Some((1, 1, 1)));
    // The run manifest keeps the paths as given.
    let inputs: String = c.query_row("SELECT inputs FROM runs WHERE run_id=2", [], |r| r.get(0)).unwrap();
    assert_eq!(inputs, r#"["./a.txt"]"#);
    let _ = std::fs::remove_dir_all(&dir);
}

//! Shared by the server tests: a small store built from examples/summit.txt.

use dyad_coder::{Coder, CoderOptions};
use dyad_core::Document;
use dyad_store::{RunManifest, Store};
use std::path::PathBuf;

/// The text of examples/summit.txt.
pub fn summit_text() -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/summit.txt");
    std::fs::read_to_string(p).expect("examples/summit.txt")
}

/// A fresh store under the temp dir holding the summit example as three
/// documents (one per date); returns its path.
#[allow(dead_code)] // used by api.rs only
pub fn make_store(name: &str) -> PathBuf {
    make_store_with(name)
}

/// A fresh store of all of NewsArticles.csv (the end-to-end test's store:
/// 3,824 articles, ≈ 7.7k events over 2015–2017), coded with the built-in
/// dictionaries; `None` when ../shared/data is absent.
#[allow(dead_code)] // used by e2e.rs only
pub fn make_store_real(name: &str) -> Option<PathBuf> {
    let csv =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/news_articles_dai2017/NewsArticles.csv");
    if !csv.exists() {
        eprintln!("note: {} is absent", csv.display());
        return None;
    }
    let dir = std::env::temp_dir().join(format!("dyad-server-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("t.db");
    let mut store = Store::open(&db).unwrap();
    let run = store.begin_run(&RunManifest { kind: "ingest".into(), ..Default::default() }).unwrap();
    let coder = Coder::builtin(CoderOptions::default());
    let mut w = store.doc_writer(run, 200, 10_000);
    let opts = dyad_coder::input::InputOptions {
        id_column: "article_id".into(),
        date_column: "publish_date".into(),
        url_column: "article_source_link".into(),
        ..Default::default()
    };
    let reader = dyad_coder::input::DocReader::open(&csv, &opts).unwrap();
    for doc in reader.filter_map(Result::ok) {
        let ev = coder.code(&doc);
        w.add(&doc, &ev).unwrap();
    }
    w.finish().unwrap();
    store.finish_run(run, "{}").unwrap();
    Some(db)
}

fn make_store_with(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-server-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("t.db");
    let mut store = Store::open(&db).unwrap();
    let run = store.begin_run(&RunManifest { kind: "ingest".into(), ..Default::default() }).unwrap();
    let coder = Coder::builtin(CoderOptions::default());
    let text = summit_text();
    let mut w = store.doc_writer(run, 10, 1000);
    for (i, date) in ["2023-03-20", "2023-03-27", "2023-04-03"].iter().enumerate() {
        let doc = Document {
            id: format!("summit/{i}"),
            date: Some(chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap()),
            text: text.clone(),
            title: Some(format!("Summit day {i}")),
            source: Some("example".into()),
            url: Some(format!("https://example.org/summit/{i}")),
        };
        let ev = coder.code(&doc);
        assert!(!ev.is_empty(), "the summit example codes to events");
        w.add(&doc, &ev).unwrap();
    }
    w.finish().unwrap();
    store.finish_run(run, "{}").unwrap();
    db
}

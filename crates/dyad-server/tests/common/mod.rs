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
pub fn make_store(name: &str) -> PathBuf {
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

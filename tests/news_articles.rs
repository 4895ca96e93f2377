//! All 3,824 articles of ../shared/data/news_articles_dai2017/NewsArticles.csv
//! (skipped with a message where absent): no panic, events on >= 60 % of the
//! articles with text, and the root-code distribution printed.

use dyad_coder::input::{DocReader, InputOptions};
use dyad_coder::{Coder, CoderOptions};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[test]
fn news_articles_corpus() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/news_articles_dai2017/NewsArticles.csv");
    if !path.exists() {
        dyad_core::testskip::skip("news_articles_corpus", &format!("{} is absent", path.display()));
        return;
    }
    let opts = InputOptions {
        id_column: "article_id".into(),
        date_column: "publish_date".into(),
        url_column: "article_source_link".into(),
        ..Default::default()
    };
    let reader = DocReader::open(&path, &opts).expect("open NewsArticles.csv");
    let docs: Vec<_> = reader.map(|r| r.expect("every row reads")).collect();
    assert_eq!(docs.len(), 3824);
    let coder = Coder::builtin(CoderOptions::default());
    let results: Vec<usize> = docs.par_iter().map(|d| coder.code(d).len()).collect();
    let with_text = docs.iter().filter(|d| !d.text.trim().is_empty()).count();
    let with_events = results.iter().filter(|&&n| n > 0).count();
    let total: usize = results.iter().sum();
    let mut roots: BTreeMap<String, usize> = BTreeMap::new();
    for d in docs.iter().take(4000) {
        for e in coder.code(d) {
            *roots.entry(e.root_code).or_default() += 1;
        }
    }
    let share = with_events as f64 / with_text as f64;
    eprintln!(
        "NewsArticles: {} docs ({} with text), {} with events ({:.1} %), {} events",
        docs.len(),
        with_text,
        with_events,
        share * 100.0,
        total
    );
    eprintln!("root-code distribution:");
    for (r, n) in &roots {
        eprintln!("  {r}: {n} ({:.1} %)", *n as f64 * 100.0 / total.max(1) as f64);
    }
    assert!(share >= 0.60, "events on only {:.1} % of articles", share * 100.0);
}

//! Parser throughput on one core: every sentence of
//! ../shared/data/news_articles_dai2017/NewsArticles.csv (the `text` column),
//! no length cap. Splitting, tokenising and UD word splitting are done first
//! and timed apart; then the tagger + parser run over all sentences on this
//! thread, and the figures are printed as sentences/s and words/s of CPU time
//! spent in the tagger + parser (and of the whole pipeline).
//!
//! Run: `cargo run --release -p dyad-parse --example parse_speed [-- MODEL]`
//! (bench/parse.sh does, and adds model load time and peak RSS).

use dyad_parse::{DependencyParser, Model, Pipeline};
use dyad_text::{NewsSplitter, SentenceSplitter};
use std::time::Instant;

fn cpu_seconds() -> f64 {
    // user + system time of this process, from /proc/self/stat (Linux); wall time elsewhere
    let Ok(s) = std::fs::read_to_string("/proc/self/stat") else { return f64::NAN };
    let after = s.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let csv = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/news_articles_dai2017/NewsArticles.csv");
    let Ok(mut rdr) = csv::Reader::from_path(&csv) else {
        println!("SKIP: {} is absent", csv.display());
        return;
    };
    let t0 = Instant::now();
    let model: &Model = match std::env::args().nth(1) {
        Some(p) => Box::leak(Box::new(Model::load(std::path::Path::new(&p)).expect("model loads"))),
        None => dyad_parse::builtin_model(),
    };
    println!("model {} loaded in {:.0} ms", model.version(), t0.elapsed().as_secs_f64() * 1e3);
    let col = rdr.headers().expect("header").iter().position(|h| h == "text").expect("text column");
    let texts: Vec<String> =
        rdr.records().filter_map(|r| r.ok()).map(|r| r.get(col).unwrap_or("").to_string()).collect();
    let pipe = Pipeline::new(model);
    let splitter = NewsSplitter::default();
    let c0 = cpu_seconds();
    let mut sents: Vec<Vec<String>> = Vec::new();
    for t in &texts {
        for span in splitter.split(t) {
            let words = pipe.words(t, span);
            if !words.is_empty() {
                sents.push(words.iter().map(|w| w.slice(t).to_string()).collect());
            }
        }
    }
    let c1 = cpu_seconds();
    let n_words: usize = sents.iter().map(|s| s.len()).sum();
    let mut roots = 0usize;
    for s in &sents {
        let forms: Vec<&str> = s.iter().map(|x| x.as_str()).collect();
        let (_, heads, _) = model.tag_parse(&forms);
        roots += heads.iter().filter(|&&h| h == 0).count();
    }
    let c2 = cpu_seconds();
    assert_eq!(roots, sents.len(), "one root per sentence");
    let longest = sents.iter().map(|s| s.len()).max().unwrap_or(0);
    println!(
        "{} documents, {} sentences, {} words (longest sentence {} words)",
        texts.len(),
        sents.len(),
        n_words,
        longest
    );
    println!("split + tokenise + UD words: {:.2} s CPU", c1 - c0);
    println!(
        "tagger + parser: {:.2} s CPU = {:.0} sentences/s, {:.0} words/s (one core)",
        c2 - c1,
        sents.len() as f64 / (c2 - c1),
        n_words as f64 / (c2 - c1)
    );
    println!("whole pipeline: {:.0} sentences/s", sents.len() as f64 / (c2 - c0));
}

//! Per-stage throughput benches (criterion) over a fixed slice of
//! ../shared/data/news_articles_dai2017/NewsArticles.csv: the first
//! [`SLICE_DOCS`] records' `text` column (titles are left out except in the
//! full-coder bench, which codes title + text as `dyad code` does).
//!
//! Stages: sentence split ([`NewsSplitter`]), tokenize ([`NewsTokenizer`]),
//! tag + lemma ([`RuleTagger`] + [`RuleLemmatizer`]), actors
//! ([`ActorIndex::find`]), verbs ([`PatternIndex::find`]) and the whole
//! [`Coder::code`], all with the built-in dictionaries. Throughput is reported
//! in bytes of article text per second.
//!
//! Each stage first checks the count of what it produced (sentences, tokens,
//! verb-tagged tokens, actor mentions, pattern matches, events) against the
//! figure measured when the bench was written, so a run that got fast by
//! producing nothing fails instead of reporting a speed. When a deliberate
//! change to a stage moves a count, update the matching `EXPECT_*` constant
//! (the failure message prints the new figure).
//!
//! Without the CSV the bench prints a reason and does nothing.
//!
//! With `DYAD_BENCH_DUMP=DIR` set it benches nothing: it writes the sentences
//! dyad analyses for the whole CSV (title then text of each record, split by
//! [`NewsSplitter`]) to `DIR/sentences.jsonl` as `{"doc": N, "s": "..."}`
//! lines, and each record's title and text to `DIR/texts.jsonl` as
//! `{"doc": N, "text": "..."}` lines (N = 0-based record index). bench/run.sh
//! feeds these to spaCy and NLTK so all three see the same input.
//!
//! Run: `cargo bench --bench stages` (or `-- --quick` for a short run).

use criterion::{black_box, criterion_group, Criterion, Throughput};
use dyad_coder::input::{DocReader, InputOptions};
use dyad_coder::mentions::{ActorIndex, DocState, Group};
use dyad_coder::verbs::PatternIndex;
use dyad_coder::{Coder, CoderOptions, Document};
use dyad_core::date::date_key;
use dyad_core::Span;
use dyad_text::{
    Lemmatizer, NewsSplitter, NewsTokenizer, RuleLemmatizer, RuleTagger, SentenceSplitter, Tagger, Token, Tokenizer,
};
use std::path::PathBuf;
use std::time::Duration;

/// Records of NewsArticles.csv used (the first ones, in file order).
const SLICE_DOCS: usize = 200;
/// Bytes of `text` in the slice.
const EXPECT_BYTES: usize = 555_373;
/// Sentences [`NewsSplitter`] finds in the slice's texts.
const EXPECT_SENTENCES: usize = 4_448;
/// Tokens [`NewsTokenizer`] produces.
const EXPECT_TOKENS: usize = 107_177;
/// Tokens [`RuleTagger`] tags as a verb (VB*).
const EXPECT_VERB_TAGS: usize = 16_198;
/// Tokens whose lemma differs from their `norm` after [`RuleLemmatizer`].
const EXPECT_LEMMA_CHANGED: usize = 17_169;
/// Actor mentions (group members) [`ActorIndex::find`] returns.
const EXPECT_MENTIONS: usize = 6_361;
/// Verb pattern matches [`PatternIndex::find`] returns.
const EXPECT_MATCHES: usize = 371;
/// Events [`Coder::code`] returns (title + text).
const EXPECT_EVENTS: usize = 367;

fn csv_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/news_articles_dai2017/NewsArticles.csv")
}

fn load_slice() -> Option<Vec<Document>> {
    let path = csv_path();
    if !path.exists() {
        println!("SKIP stages bench: {} is absent", path.display());
        return None;
    }
    let opts = InputOptions {
        id_column: "article_id".into(),
        date_column: "publish_date".into(),
        url_column: "article_source_link".into(),
        ..Default::default()
    };
    let reader = DocReader::open(&path, &opts).expect("open NewsArticles.csv");
    let docs: Vec<Document> = reader.take(SLICE_DOCS).map(|r| r.expect("record reads")).collect();
    assert_eq!(docs.len(), SLICE_DOCS, "NewsArticles.csv has fewer records than the slice");
    Some(docs)
}

fn check(what: &str, got: usize, want: usize) {
    assert_eq!(got, want, "{what}: got {got}, expected {want} (update EXPECT_* in benches/stages.rs if intended)");
}

/// Sentence spans per document.
fn split_all(docs: &[Document]) -> Vec<Vec<Span>> {
    let sp = NewsSplitter::default();
    docs.iter().map(|d| sp.split(&d.text)).collect()
}

/// Untagged tokens per sentence per document.
fn tokenize_all(docs: &[Document], spans: &[Vec<Span>]) -> Vec<Vec<Vec<Token>>> {
    let tk = NewsTokenizer::default();
    docs.iter()
        .zip(spans)
        .map(|(d, ss)| {
            ss.iter()
                .map(|&s| {
                    let mut v = Vec::new();
                    tk.tokenize(&d.text, s, &mut v);
                    v
                })
                .collect()
        })
        .collect()
}

/// Tag and lemmatise in place; returns (verb-tagged tokens, lemma != norm).
fn tag_all(docs: &[Document], toks: &mut [Vec<Vec<Token>>]) -> (usize, usize) {
    let (tg, lm) = (RuleTagger::default(), RuleLemmatizer::default());
    let (mut verbs, mut changed) = (0, 0);
    for (d, sents) in docs.iter().zip(toks.iter_mut()) {
        for s in sents.iter_mut() {
            tg.tag(&d.text, s);
            lm.lemmatize(s);
            verbs += s.iter().filter(|t| t.tag.is_verb()).count();
            changed += s.iter().filter(|t| t.lemma != t.norm).count();
        }
    }
    (verbs, changed)
}

/// Actor groups per sentence per document.
fn actors_all(ix: &ActorIndex, docs: &[Document], toks: &[Vec<Vec<Token>>]) -> Vec<Vec<Vec<Group>>> {
    docs.iter()
        .zip(toks)
        .map(|(d, sents)| {
            let date = d.date.map(date_key);
            let mut state = DocState::default();
            sents
                .iter()
                .map(|s| {
                    let g = ix.find(&d.text, s, date, &mut state);
                    state.end_sentence(&g);
                    g
                })
                .collect()
        })
        .collect()
}

fn mentions(groups: &[Vec<Vec<Group>>]) -> usize {
    groups.iter().flatten().flatten().map(|g| g.members.len()).sum()
}

fn verbs_all(px: &PatternIndex, toks: &[Vec<Vec<Token>>], groups: &[Vec<Vec<Group>>]) -> usize {
    toks.iter().flatten().zip(groups.iter().flatten()).map(|(s, g)| px.find(s, g).len()).sum()
}

fn stages(c: &mut Criterion) {
    let Some(docs) = load_slice() else { return };
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let (dicts, _) = dyad_dict::builtin::load();
    let actor_ix = ActorIndex::build(&dicts);
    let pattern_ix = PatternIndex::build(&dicts.patterns);
    let coder = Coder::builtin(CoderOptions::default());

    // Inputs of each stage, computed once, and the counts checked up front.
    let spans = split_all(&docs);
    let raw = tokenize_all(&docs, &spans);
    let mut tagged = raw.clone();
    let (verb_tags, lemma_changed) = tag_all(&docs, &mut tagged);
    let groups = actors_all(&actor_ix, &docs, &tagged);
    let matches = verbs_all(&pattern_ix, &tagged, &groups);
    let events: usize = docs.iter().map(|d| coder.code(d).len()).sum();
    let sentences: usize = spans.iter().map(Vec::len).sum();
    let tokens: usize = raw.iter().flatten().map(Vec::len).sum();
    println!(
        "slice: {SLICE_DOCS} docs, {bytes} bytes, {sentences} sentences, {tokens} tokens, {verb_tags} verb tags, \
         {lemma_changed} lemmas changed, {} mentions, {matches} matches, {events} events",
        mentions(&groups)
    );
    check("bytes", bytes, EXPECT_BYTES);
    check("sentences", sentences, EXPECT_SENTENCES);
    check("tokens", tokens, EXPECT_TOKENS);
    check("verb tags", verb_tags, EXPECT_VERB_TAGS);
    check("lemmas changed", lemma_changed, EXPECT_LEMMA_CHANGED);
    check("mentions", mentions(&groups), EXPECT_MENTIONS);
    check("matches", matches, EXPECT_MATCHES);
    check("events", events, EXPECT_EVENTS);

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.warm_up_time(Duration::from_millis(500));
    g.measurement_time(Duration::from_secs(3));

    g.bench_function("split", |b| {
        b.iter(|| {
            let s = split_all(black_box(&docs));
            check("sentences", s.iter().map(Vec::len).sum(), EXPECT_SENTENCES);
            s
        })
    });
    g.bench_function("tokenize", |b| {
        b.iter(|| {
            let t = tokenize_all(black_box(&docs), &spans);
            check("tokens", t.iter().flatten().map(Vec::len).sum(), EXPECT_TOKENS);
            t
        })
    });
    g.bench_function("tag_lemma", |b| {
        // Tagging and lemmatising overwrite `tag` and `lemma`, so re-running
        // them over the same tokens measures the stage without cloning.
        let mut work = raw.clone();
        b.iter(|| {
            let (v, l) = tag_all(black_box(&docs), &mut work);
            check("verb tags", v, EXPECT_VERB_TAGS);
            check("lemmas changed", l, EXPECT_LEMMA_CHANGED);
        })
    });
    g.bench_function("actors", |b| {
        b.iter(|| {
            let gr = actors_all(&actor_ix, black_box(&docs), &tagged);
            check("mentions", mentions(&gr), EXPECT_MENTIONS);
            gr
        })
    });
    g.bench_function("verbs", |b| {
        b.iter(|| check("matches", verbs_all(&pattern_ix, black_box(&tagged), &groups), EXPECT_MATCHES))
    });
    g.bench_function("coder_code", |b| {
        b.iter(|| {
            let n: usize = black_box(&docs).iter().map(|d| coder.code(d).len()).sum();
            check("events", n, EXPECT_EVENTS);
        })
    });
    g.finish();
}

/// `DYAD_BENCH_DUMP=DIR`: write DIR/sentences.jsonl and DIR/texts.jsonl (see the module docs).
fn dump(dir: &str) {
    use std::io::Write;
    let path = csv_path();
    if !path.exists() {
        println!("SKIP sentence dump: {} is absent", path.display());
        return;
    }
    let opts = InputOptions { id_column: "article_id".into(), ..Default::default() };
    let sp = NewsSplitter::default();
    let create = |name: &str| {
        let p = PathBuf::from(dir).join(name);
        std::io::BufWriter::new(std::fs::File::create(&p).unwrap_or_else(|e| panic!("create {}: {e}", p.display())))
    };
    let (mut sf, mut tf) = (create("sentences.jsonl"), create("texts.jsonl"));
    let mut n = 0usize;
    for (i, r) in DocReader::open(&path, &opts).expect("open NewsArticles.csv").enumerate() {
        let d = r.expect("record reads");
        let title = d.title.as_deref().filter(|t| !t.trim().is_empty());
        for field in title.into_iter().chain([d.text.as_str()]) {
            for s in sp.split(field) {
                let line = serde_json::json!({"doc": i, "s": s.slice(field)});
                writeln!(sf, "{line}").expect("write sentences.jsonl");
                n += 1;
            }
        }
        let text = match title {
            Some(t) => format!("{t}\n\n{}", d.text),
            None => d.text.clone(),
        };
        writeln!(tf, "{}", serde_json::json!({"doc": i, "text": text})).expect("write texts.jsonl");
    }
    sf.flush().expect("flush");
    tf.flush().expect("flush");
    println!("dumped {n} sentences to {dir}");
}

criterion_group!(benches, stages);

fn main() {
    if let Ok(dir) = std::env::var("DYAD_BENCH_DUMP") {
        dump(&dir);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}

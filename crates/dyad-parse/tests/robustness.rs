//! Bad input never panics, hangs or is silently misread (the "parser breaker"
//! pass): the model reader under thousands of damaged copies of the committed
//! model, malformed CoNLL-U, damaged training checkpoints, and the parser's
//! tree invariants on every sentence of EWT test and of the first 300
//! NewsArticles (skipped with a printed reason when ../shared is absent).

use std::path::{Path, PathBuf};

use dyad_parse::conllu;
use dyad_parse::train::Rng;
use dyad_parse::{builtin_model, DependencyParser, Model, Pipeline};

fn model_bytes() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/en_ewt.dyadparse")).unwrap()
}

fn shared(rel: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data").join(rel);
    if p.exists() {
        Some(p)
    } else {
        println!("skipped: {} not present", p.display());
        None
    }
}

/// Every word has exactly one head in `0..=n`, exactly one word has head 0,
/// and following heads from any word reaches 0 (no cycles).
fn tree_problem(heads: &[u32]) -> Option<String> {
    let n = heads.len();
    if let Some(i) = heads.iter().position(|&h| h as usize > n) {
        return Some(format!("word {} has head {} beyond {n}", i + 1, heads[i]));
    }
    let roots = heads.iter().filter(|&&h| h == 0).count();
    if n > 0 && roots != 1 {
        return Some(format!("{roots} roots"));
    }
    for start in 1..=n {
        let mut x = start;
        for _ in 0..=n {
            if x == 0 {
                break;
            }
            x = heads[x - 1] as usize;
        }
        if x != 0 {
            return Some(format!("word {start} is on a cycle"));
        }
    }
    None
}

fn assert_tree(m: &Model, forms: &[&str], what: &str) {
    let (tags, heads, labels) = m.tag_parse(forms);
    assert_eq!((tags.len(), heads.len(), labels.len()), (forms.len(), forms.len(), forms.len()), "{what}");
    if let Some(p) = tree_problem(&heads) {
        panic!("{what}: {p}: {heads:?}");
    }
}

const PROBE: [&str; 9] = ["Kharkiv", "was", "shelled", "by", "Russian", "forces", "on", "Tuesday", "."];

/// 2,000 random single-byte flips and 200 truncations of the real model:
/// each is refused with a clean error (the checksum catches them).
#[test]
fn damaged_model_bytes_are_refused_never_panic() {
    let bytes = model_bytes();
    let mut rng = Rng::new(7);
    let mut refused = 0;
    for _ in 0..2000 {
        let mut b = bytes.clone();
        let at = (rng.next_u64() % b.len() as u64) as usize;
        b[at] ^= (rng.next_u64() % 255 + 1) as u8;
        match Model::from_bytes(&b, "flipped") {
            Ok(m) => assert_tree(&m, &PROBE, "flipped model"),
            Err(e) => {
                assert!(e.to_string().starts_with("flipped: "), "{e}");
                refused += 1;
            }
        }
    }
    assert_eq!(refused, 2000);
    for _ in 0..200 {
        let n = (rng.next_u64() % bytes.len() as u64) as usize;
        assert!(Model::from_bytes(&bytes[..n], "cut").is_err(), "truncated to {n}");
    }
    assert!(Model::from_bytes(&[], "empty").is_err());
}

/// Flips with the checksum recomputed, so the section readers see garbage:
/// each copy decodes to a model that parses into trees, or is refused with a
/// clean error. Half the flips hit the first 64 KiB (metadata, classes, tag
/// dictionary, table headers), half anywhere.
#[test]
fn garbage_behind_a_valid_checksum_never_panics() {
    let bytes = model_bytes();
    let body = bytes.len() - 4;
    let mut rng = Rng::new(11);
    let (mut ok, mut refused) = (0, 0);
    for i in 0..300 {
        let mut b = bytes.clone();
        let flips = 1 + (rng.next_u64() % 4) as usize;
        for _ in 0..flips {
            let range = if i % 2 == 0 { body.min(1 << 16) - 12 } else { body - 12 };
            let at = 12 + (rng.next_u64() % range as u64) as usize;
            b[at] ^= (rng.next_u64() % 255 + 1) as u8;
        }
        let crc = crc32fast::hash(&b[..body]);
        b[body..].copy_from_slice(&crc.to_le_bytes());
        match Model::from_bytes(&b, "garbage") {
            Ok(m) => {
                assert_tree(&m, &PROBE, "garbage model");
                assert_tree(&m, &["x"; 40], "garbage model");
                ok += 1;
            }
            Err(e) => {
                assert!(e.to_string().starts_with("garbage: "), "{e}");
                refused += 1;
            }
        }
    }
    println!("garbage models: {ok} decoded and parsed into trees, {refused} refused");
    // truncated sections behind a valid checksum
    for _ in 0..100 {
        let n = 12 + (rng.next_u64() % (body as u64 - 12)) as usize;
        let mut b = bytes[..n].to_vec();
        b.extend_from_slice(&crc32fast::hash(&b).to_le_bytes());
        assert!(Model::from_bytes(&b, "cut").is_err(), "truncated body to {n}");
    }
}

/// Degenerate sentences: no words, one word, only punctuation, emoji,
/// empty forms, 20,000 words with no punctuation.
#[test]
fn degenerate_sentences_parse_into_trees() {
    let m = builtin_model();
    assert_eq!(m.tag_parse(&[]), (vec![], vec![], vec![]));
    assert_tree(m, &["x"], "one word");
    assert_tree(m, &["", "", ""], "empty forms");
    assert_tree(m, &[".", ",", "!", "?", "--", "\""], "only punctuation");
    assert_tree(m, &["\u{1F600}", "e\u{301}", "\u{202E}abc", "\0", "\u{FEFF}"], "emoji and controls");
    let words: Vec<&str> = ["the", "president", "said", "troops", "would", "attack"].repeat(3400);
    assert_tree(m, &words[..20_000], "20,000 words");
    // the pipeline on text without sentence ends and on one huge hyphenated token
    let pipe = Pipeline::new(m);
    let text = "talks ".repeat(20_000);
    for s in pipe.analyze(&text) {
        let heads: Vec<u32> = s.words.iter().map(|w| w.head).collect();
        assert!(tree_problem(&heads).is_none());
    }
    let text = ["ab"; 20_000].join("-");
    // every byte lands in exactly one word, in order (nothing lost or doubled)
    let mut at = 0;
    for w in pipe.analyze(&text).iter().flat_map(|s| &s.words) {
        assert_eq!(w.span.start as usize, at);
        at = w.span.end as usize;
    }
    assert_eq!(at, text.len());
}

/// The parser's invariants on every sentence of EWT test (gold tokens and raw
/// text) and of the first 300 NewsArticles.
#[test]
fn every_parse_is_a_tree_on_ewt_test_and_news() {
    let m = builtin_model();
    if let Some(p) = shared("ud_english/en_ewt-ud-test.conllu") {
        let gold = conllu::read_file(&p).unwrap();
        for (k, s) in gold.iter().enumerate() {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            assert_tree(m, &forms, &format!("EWT test sentence {}", k + 1));
        }
        let (text, _) = dyad_parse::eval::gold_text(&gold);
        let parsed = Pipeline::new(m).analyze(&text);
        for s in &parsed {
            let heads: Vec<u32> = s.words.iter().map(|w| w.head).collect();
            assert!(tree_problem(&heads).is_none(), "raw EWT sentence at byte {}", s.span.start);
        }
        println!("EWT test: {} gold-token and {} raw-text sentences are trees", gold.len(), parsed.len());
    }
    if let Some(p) = shared("news_articles_dai2017/NewsArticles.csv") {
        let mut rdr = csv::ReaderBuilder::new().flexible(true).from_path(&p).unwrap();
        let col = rdr.byte_headers().unwrap().iter().position(|h| h == b"text").unwrap();
        let pipe = Pipeline::new(m);
        let (mut docs, mut sents) = (0, 0);
        for rec in rdr.byte_records().take(300) {
            let rec = rec.unwrap();
            let text = String::from_utf8_lossy(rec.get(col).unwrap_or_default());
            for s in pipe.analyze(&text) {
                let heads: Vec<u32> = s.words.iter().map(|w| w.head).collect();
                if let Some(why) = tree_problem(&heads) {
                    panic!("NewsArticles row {}: {why}: {:?}", docs + 1, s.span.slice(&text));
                }
                sents += 1;
            }
            docs += 1;
        }
        assert_eq!(docs, 300);
        println!("NewsArticles: {sents} sentences of the first {docs} articles are trees");
    }
}

/// A small treebank written for this test: 40 four-word sentences
/// ("Russia met China ."), then one whose HEADs form a cycle (line 201).
fn toy_treebank() -> String {
    let names = ["Russia", "China", "Iran", "Turkey", "Israel", "Egypt", "Kenya", "Chile"];
    let verbs = ["met", "attacked", "praised", "accused", "thanked"];
    let mut s = String::new();
    for i in 0..40 {
        let (a, b, v) = (names[i % 8], names[(i / 8 + i + 1) % 8], verbs[i % 5]);
        s.push_str(&format!(
            "1\t{a}\t{a}\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\t{v}\t{v}\tVERB\tVBD\t_\t0\troot\t_\t_\n\
             3\t{b}\t{b}\tPROPN\tNNP\t_\t2\tobj\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n"
        ));
    }
    s.push_str("1\tx\tx\tX\tX\t_\t3\tdep\t_\t_\n2\ty\ty\tX\tX\t_\t0\troot\t_\t_\n3\tz\tz\tX\tX\t_\t1\tdep\t_\t_\n\n");
    s
}

/// `dyad train-parser`'s edge cases: a sentence that is not a tree is skipped
/// and named; zero epochs and fewer than two folds are refused; every damaged
/// checkpoint is reported and recomputed, giving the undamaged model's bytes.
#[test]
fn training_skips_non_trees_and_never_trusts_a_damaged_checkpoint() {
    let dir = std::env::temp_dir().join(format!("dyad-parse-robust-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let tb = dir.join("toy.conllu");
    std::fs::write(&tb, toy_treebank()).unwrap();
    let opts = |work: &str, te: usize, pe: usize, folds: usize| dyad_parse::train::TrainOptions {
        train: vec![tb.clone()],
        dev: None,
        tagger_epochs: te,
        parser_epochs: pe,
        folds,
        seed: 3,
        threads: 1,
        prune: 0.0,
        tagger_prune: 0.0,
        explore: 0.9,
        work_dir: dir.join(work),
        version: "toy".into(),
    };
    let train = |o: &dyad_parse::train::TrainOptions| {
        let mut log = Vec::new();
        let r = dyad_parse::train::train(o, &mut |l: &str| log.push(l.to_string()));
        (r, log)
    };
    let (m, log) = train(&opts("w", 2, 2, 2));
    let m = m.unwrap();
    assert_eq!(m.meta("sentences"), Some("40"));
    let skip = format!("skipped sentence at {}:201: words 1… form a cycle", tb.display());
    assert!(log.iter().any(|l| l.starts_with(&skip)), "{log:?}");
    let good = m.to_bytes();
    for (te, pe, folds, why) in [(0, 2, 2, "epochs"), (2, 0, 2, "epochs"), (2, 2, 1, "folds"), (2, 2, 0, "folds")] {
        let e = train(&opts("w0", te, pe, folds)).0.unwrap_err().to_string();
        assert!(e.starts_with("training: ") && e.contains(why), "{e}");
    }
    for (prune, explore) in [(f32::NAN, 0.9), (-1.0, 0.9), (0.0, 1.5), (0.0, f64::NAN)] {
        let o = dyad_parse::train::TrainOptions { prune, explore, ..opts("w0", 2, 2, 2) };
        let e = train(&o).0.unwrap_err().to_string();
        assert!(e.contains("out of range"), "{e}");
    }
    let work = std::fs::read_dir(dir.join("w")).unwrap().next().unwrap().unwrap().path();
    for (file, damage) in [
        ("jackknife.tags", 0usize),
        ("tagger.model", 0),
        ("parser-epoch-2.ckpt", 0),
        ("parser-epoch-2.ckpt", 1),
        ("tagger.model", 2),
    ] {
        let p = work.join(file);
        let mut b = std::fs::read(&p).unwrap();
        match damage {
            0 => {
                let mid = b.len() / 2;
                b[mid] ^= 0x10;
            }
            1 => b.truncate(b.len() / 3),
            _ => b.clear(),
        }
        std::fs::write(&p, &b).unwrap();
        let (m, log) = train(&opts("w", 2, 2, 2));
        assert!(m.unwrap().to_bytes() == good, "{file} damage {damage}: a different model");
        assert!(log.iter().any(|l| l.contains(file) && l.contains("damaged")), "{file}: {log:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

//! No panic on any real corpus with any dictionary set we support (issue 15,
//! item 1).
//!
//! Codes every text corpus in ../shared/data — NewsArticles.csv, the
//! PETRARCH GigaWord sample (plain and UniversalPetrarch's parsed copy, and
//! its English sample), the PETRARCH unit-test and GSR validation records,
//! the PLOVER gold (GSR CAMEO JSON, the Spanish protest validation XML), AG
//! News (test split), news_gold_dev and the Universal Dependencies English
//! sentences (EWT, GUM) — with each dictionary set:
//!
//! - `builtin`: the built-in dictionaries;
//! - `phoenix`: the six Phoenix files (countries, international, non-state
//!   actors, agents, CAMEO.2.0 verbs, discards) without the built-in ones, as
//!   `dyad code --no-builtin --dict …` loads them;
//! - `petr-validate`: PETR.Validate.{actors,agents,verbs,discards};
//! - `cameo2+builtin-actors`: CAMEO.2.0's verbs with the built-in actors,
//!   agents and discards (the built-in verb patterns left out).
//!
//! Each document is coded under `catch_unwind`; the test fails listing every
//! (set, corpus, document) that panicked. It asserts nothing about which
//! events come out (the coder is being rebuilt), only that the built-in set
//! codes some. Absent corpora or dictionaries are skipped with a line in
//! `target/test-skips.txt`. Runtime in release: about 20 s of CPU per set.

use dyad_coder::eval;
use dyad_coder::input::{DocReader, InputOptions};
use dyad_coder::{Coder, CoderOptions, Document};
use dyad_core::testskip::skip;
use dyad_dict::Dictionaries;
use rayon::prelude::*;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data")
}

/// A PETRARCH dictionary file set, or `None` (with a skip line) when a file
/// is absent.
fn load_files(set: &str, files: &[&str]) -> Option<Dictionaries> {
    let mut all = Dictionaries::default();
    for f in files {
        let p = data().join(f);
        if !p.exists() {
            skip(&format!("no_panic_sweep[{set}]"), &format!("{} is absent", p.display()));
            return None;
        }
        let (d, _w) = dyad_dict::petrarch::load_path(&p).expect("dictionary loads");
        all.extend(d);
    }
    Some(all)
}

const PHOENIX: &[&str] = &[
    "petrarch2/Phoenix.Countries.actors.txt",
    "petrarch2/Phoenix.International.actors.txt",
    "petrarch2/Phoenix.MilNonState.actors.txt",
    "petrarch2/Phoenix.agents.txt",
    "petrarch2/CAMEO.2.0.txt",
    "petrarch2/Phoenix.discards.txt",
];

const PETR_VALIDATE: &[&str] = &[
    "petrarch2/PETR.Validate.actors.txt",
    "petrarch2/PETR.Validate.agents.txt",
    "petrarch2/PETR.Validate.verbs.txt",
    "petrarch2/PETR.Validate.discards.txt",
];

/// The dictionary sets, by name; absent ones are skipped.
fn dictionary_sets() -> Vec<(&'static str, Dictionaries)> {
    let mut sets = vec![("builtin", dyad_dict::builtin::load().0)];
    if let Some(d) = load_files("phoenix", PHOENIX) {
        sets.push(("phoenix", d));
    }
    if let Some(d) = load_files("petr-validate", PETR_VALIDATE) {
        sets.push(("petr-validate", d));
    }
    if let Some(mut d) = load_files("cameo2+builtin-actors", &["petrarch2/CAMEO.2.0.txt"]) {
        let mut b = dyad_dict::builtin::load().0;
        b.patterns.clear();
        b.transformations.clear();
        d.extend(b);
        sets.push(("cameo2+builtin-actors", d));
    }
    sets
}

/// Documents of a file read by dyad's own input readers (every record that
/// reads; records that do not are not this test's concern).
fn read_docs(rel: &str, opts: &InputOptions) -> Option<Vec<Document>> {
    let p = data().join(rel);
    if !p.exists() {
        skip("no_panic_sweep", &format!("corpus {} is absent", p.display()));
        return None;
    }
    let rdr = DocReader::open(&p, opts).expect("corpus opens");
    Some(rdr.filter_map(Result::ok).collect())
}

/// Documents of a gold file (PLOVER JSON), as `dyad eval` reads them.
fn read_gold_docs(rel: &str) -> Option<Vec<Document>> {
    let p = data().join(rel);
    if !p.exists() {
        skip("no_panic_sweep", &format!("corpus {} is absent", p.display()));
        return None;
    }
    Some(eval::read_gold(&p, None).expect("gold file reads").documents())
}

/// AG News test split: title and description of every item.
fn ag_news() -> Option<Vec<Document>> {
    let p = data().join("ag_news_test/test.csv");
    if !p.exists() {
        skip("no_panic_sweep", &format!("corpus {} is absent", p.display()));
        return None;
    }
    let mut rdr = csv::Reader::from_path(&p).expect("AG News opens");
    let docs = rdr
        .records()
        .filter_map(Result::ok)
        .enumerate()
        .map(|(i, r)| Document {
            id: format!("ag:{}", i + 2),
            title: Some(r.get(1).unwrap_or_default().to_string()),
            text: r.get(2).unwrap_or_default().replace('\\', " "),
            ..Document::default()
        })
        .collect();
    Some(docs)
}

/// Universal Dependencies English (EWT web text, GUM): the `# text =` lines
/// of every file, one document per `# newdoc`.
fn ud_english() -> Option<Vec<Document>> {
    let dir = data().join("ud_english");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        skip("no_panic_sweep", &format!("corpus {} is absent", dir.display()));
        return None;
    };
    let mut files: Vec<PathBuf> =
        rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "conllu")).collect();
    files.sort();
    let mut docs: Vec<Document> = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("conllu reads");
        for line in text.lines() {
            if line.starts_with("# newdoc") || docs.is_empty() {
                docs.push(Document { id: format!("{}:{}", f.display(), docs.len()), ..Document::default() });
            }
            if let Some(t) = line.strip_prefix("# text = ") {
                let d = docs.last_mut().expect("a document");
                d.text.push_str(t);
                d.text.push('\n');
            }
        }
    }
    Some(docs)
}

fn corpora() -> Vec<(&'static str, Vec<Document>)> {
    let mut out = Vec::new();
    let news = InputOptions {
        id_column: "article_id".into(),
        date_column: "publish_date".into(),
        url_column: "article_source_link".into(),
        ..Default::default()
    };
    let plain = InputOptions::default();
    let mut add = |name: &'static str, docs: Option<Vec<Document>>| {
        if let Some(d) = docs {
            out.push((name, d));
        }
    };
    add("NewsArticles.csv", read_docs("news_articles_dai2017/NewsArticles.csv", &news));
    add("GigaWord.sample.PETR.xml", read_docs("petrarch2/GigaWord.sample.PETR.xml", &plain));
    add("PETR.UnitTest.records.xml", read_docs("petrarch2/PETR.UnitTest.records.xml", &plain));
    add("GigaWord.sample.PETR_parsed.xml", read_docs("universalpetrarch/GigaWord.sample.PETR_parsed.xml", &plain));
    add("english_sample.xml", read_docs("universalpetrarch/english_sample.xml", &plain));
    add("PETR2_GSR_validation.xml", read_docs("universalpetrarch/PETR2_GSR_validation.xml", &plain));
    add("PLOVER_GSR_CAMEO.txt", read_gold_docs("plover/PLOVER_GSR_CAMEO.txt"));
    add("spanish_protest_plover_validation.xml", read_docs("plover/spanish_protest_plover_validation.xml", &plain));
    add("ag_news test.csv", ag_news());
    add("news_gold_dev.jsonl", read_docs("news_gold_dev/news_gold_dev.jsonl", &plain));
    add("UD English (EWT, GUM)", ud_english());
    out
}

#[test]
fn no_panic_on_real_corpora_with_every_dictionary_set() {
    let corpora = corpora();
    if corpora.is_empty() {
        return;
    }
    let mut panics = Vec::new();
    for (set, dicts) in dictionary_sets() {
        let coder = Coder::new(dicts, CoderOptions::default());
        let mut set_events = 0usize;
        for (name, docs) in &corpora {
            let results: Vec<Result<usize, String>> = docs
                .par_iter()
                .map(|d| catch_unwind(AssertUnwindSafe(|| coder.code(d).len())).map_err(|_| d.id.clone()))
                .collect();
            let events: usize = results.iter().filter_map(|r| r.as_ref().ok()).sum();
            set_events += events;
            println!("{set}: {name}: {} documents, {events} events", docs.len());
            for r in results {
                if let Err(id) = r {
                    panics.push(format!("{set} / {name} / {id}"));
                }
            }
        }
        if set == "builtin" {
            assert!(set_events > 0, "the built-in dictionaries coded no event on any corpus");
        }
    }
    assert!(panics.is_empty(), "{} documents panicked:\n{}", panics.len(), panics.join("\n"));
}

/// The first panic found (issue 15): "LIMA -- Gunmen freed two nuns abducted
/// …" with the Phoenix dictionaries panicked in `own_common_subject` (an
/// index wrapped below zero). The smallest input that still panicked:
/// "LIMA -- Gunmen abducted" with one verb pattern (`- GUNMEN *` under
/// ABDUCT), one agent (GUNMEN) and one actor (LIMA, a synonym of PERU): the
/// mention "LIMA -- Gunmen" (country + agent) starts before the clause
/// boundary `--`, so the pattern's first word lay before the clause start.
/// No shared data needed.
#[test]
fn dateline_subject_pattern_does_not_panic() {
    use dyad_dict::petrarch::{read_text, Kind, LoadReport};
    let (mut w, mut r) = (Vec::new(), LoadReport::default());
    let mut d = read_text(
        Kind::Verbs,
        "v.txt",
        "####### VERB PATTERNS #######\n--- KIDNAP [181] ---\nABDUCT [181]\n- GUNMEN * [181]\n",
        &mut w,
        &mut r,
    );
    d.extend(read_text(Kind::Agents, "a.txt", "GUNMEN [~UAF]\n", &mut w, &mut r));
    d.extend(read_text(Kind::Actors, "c.actors.txt", "PERU_ [PER]\n+LIMA_\n", &mut w, &mut r));
    assert!(w.is_empty(), "{w:?}");
    let coder = Coder::new(d, CoderOptions::default());
    for text in ["LIMA -- Gunmen abducted", "Gunmen abducted", "-- Gunmen abducted"] {
        let doc = Document { id: "t".into(), text: text.into(), ..Document::default() };
        let _ = coder.code(&doc);
    }
}

/// The whole sentence of the report, with the six Phoenix files.
#[test]
fn lima_sentence_with_phoenix_does_not_panic() {
    let Some(dicts) = load_files("lima_sentence_with_phoenix_does_not_panic", PHOENIX) else { return };
    let coder = Coder::new(dicts, CoderOptions::default());
    let doc = Document {
        id: "lima".into(),
        text: "LIMA -- Gunmen freed two nuns abducted earlier this week in a raid that left a driver dead, \
               said church officials, who declined to give details."
            .into(),
        ..Document::default()
    };
    let _ = coder.code(&doc);
}

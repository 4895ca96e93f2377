//! Golden test: codes every `>` sentence of `tests/golden/sentences.txt` with
//! the built-in dictionaries and compares the multiset of
//! `(source, code, target[, modality])` exactly. Prints a readable diff for
//! each failing case and the pass count per CAMEO root, then fails if any
//! case failed. The file format is documented at the top of the file itself.

use chrono::NaiveDate;
use dyad_coder::{Coder, CoderOptions};
use dyad_core::{Document, Modality};
use std::collections::BTreeMap;

/// One expected event: source, code, target and (when asserted) modality.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Expect {
    source: String,
    code: String,
    target: String,
    modality: Option<String>,
}

/// One case: a sentence, its story date, its expected events and where it is.
#[derive(Debug)]
struct Case {
    line: usize,
    date: Option<NaiveDate>,
    text: String,
    expected: Vec<Expect>,
}

/// Parse the golden file; panics with `line N: …` on a malformed line.
fn parse(src: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    let mut date = None;
    for (i, raw) in src.lines().enumerate() {
        let ln = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(d) = line.strip_prefix("date:") {
            let d = d.trim();
            date = Some(
                NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap_or_else(|e| panic!("line {ln}: bad date `{d}`: {e}")),
            );
            continue;
        }
        if let Some(t) = line.strip_prefix('>') {
            cases.push(Case { line: ln, date, text: t.trim().to_string(), expected: Vec::new() });
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        assert!(f.len() == 3 || f.len() == 4, "line {ln}: want `SOURCE CODE TARGET [MODALITY]`, got `{line}`");
        if let Some(m) = f.get(3) {
            assert!(Modality::parse(m).is_some(), "line {ln}: unknown modality `{m}`");
        }
        let case = cases.last_mut().unwrap_or_else(|| panic!("line {ln}: event line before any `>` sentence"));
        case.expected.push(Expect {
            source: f[0].to_string(),
            code: f[1].to_string(),
            target: f[2].to_string(),
            modality: f.get(3).map(|m| m.to_string()),
        });
    }
    cases
}

/// The CAMEO root a case is counted under: its first expected event's root,
/// or `neg` for a case that must code nothing.
fn root_of(case: &Case) -> String {
    match case.expected.first() {
        Some(e) => e.code.get(..2).unwrap_or(&e.code).to_string(),
        None => "neg".to_string(),
    }
}

/// Shows an actor code, writing an empty one as `---`.
fn show(code: &str) -> &str {
    if code.is_empty() {
        "---"
    } else {
        code
    }
}

#[test]
fn golden_sentences() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/sentences.txt");
    let src = std::fs::read_to_string(path).expect("read tests/golden/sentences.txt");
    let cases = parse(&src);
    assert!(!cases.is_empty(), "no cases in {path}");
    let coder = Coder::builtin(CoderOptions::default());

    // root -> (passed, total)
    let mut per_root: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = 0usize;
    for (n, case) in cases.iter().enumerate() {
        let doc = Document {
            id: format!("golden:{}", case.line),
            date: case.date,
            text: case.text.clone(),
            ..Default::default()
        };
        let events = coder.code(&doc);
        // Compare modality only where the expectation states one: an event
        // matches an expectation without modality whatever its modality.
        let mut got: Vec<Expect> = events
            .iter()
            .map(|e| Expect {
                source: show(&e.source).to_string(),
                code: e.code.clone(),
                target: show(&e.target).to_string(),
                modality: Some(e.modality.as_str().to_string()),
            })
            .collect();
        got.sort();
        let mut missing = Vec::new();
        let mut remaining = got.clone();
        for exp in &case.expected {
            let pos = remaining.iter().position(|g| {
                g.source == exp.source
                    && g.code == exp.code
                    && g.target == exp.target
                    && exp.modality.as_ref().is_none_or(|m| g.modality.as_ref() == Some(m))
            });
            match pos {
                Some(p) => {
                    remaining.remove(p);
                }
                None => missing.push(exp.clone()),
            }
        }
        let ok = missing.is_empty() && remaining.is_empty();
        let entry = per_root.entry(root_of(case)).or_default();
        entry.1 += 1;
        if ok {
            entry.0 += 1;
            continue;
        }
        failures += 1;
        println!("FAIL #{n} (sentences.txt:{}) > {}", case.line, case.text);
        for m in &missing {
            println!(
                "    - missing  {} {} {}{}",
                m.source,
                m.code,
                m.target,
                m.modality.as_deref().map(|x| format!(" {x}")).unwrap_or_default()
            );
        }
        for e in &events {
            let key = Expect {
                source: show(&e.source).to_string(),
                code: e.code.clone(),
                target: show(&e.target).to_string(),
                modality: Some(e.modality.as_str().to_string()),
            };
            let extra = remaining.contains(&key);
            println!(
                "    {} {} {} {} {}   [{} | verb `{}` | {}]",
                if extra { "+ extra  " } else { "  matched" },
                key.source,
                key.code,
                key.target,
                e.modality.as_str(),
                e.source_text,
                e.verb_text,
                e.rule
            );
        }
    }

    println!("\nper root (passed/total):");
    let (mut pass, mut total) = (0, 0);
    for (root, (p, t)) in &per_root {
        println!("  {root:>4}: {p}/{t}");
        pass += p;
        total += t;
    }
    println!("golden: {pass}/{total} cases pass, {failures} fail");
    assert_eq!(failures, 0, "{failures} golden case(s) failed; see the diff above (run with --nocapture)");
}

#[test]
fn builtin_verbs_load_without_warnings() {
    let (dicts, warnings) = dyad_dict::builtin::load();
    let verb_warnings: Vec<String> =
        warnings.iter().filter(|w| w.file.ends_with("verbs.txt")).map(|w| w.to_string()).collect();
    assert!(verb_warnings.is_empty(), "verbs.txt warnings:\n{}", verb_warnings.join("\n"));
    assert!(dicts.patterns.len() > 500, "only {} verb patterns loaded", dicts.patterns.len());
}

/// Debug aid: `GOLDEN_DEBUG="some sentence" cargo test --test golden debug_sentence -- --nocapture`
/// prints each token's tag and lemma and the events coded. Does nothing without the variable.
#[test]
fn debug_sentence() {
    let Ok(text) = std::env::var("GOLDEN_DEBUG") else {
        return;
    };
    for s in dyad_text::Analyzer::default().analyze(&text) {
        for t in &s.tokens {
            println!("{:<16} {:<5} {}", t.norm, t.tag.as_str(), t.lemma);
        }
    }
    let coder = Coder::builtin(CoderOptions::default());
    let doc = Document { id: "debug".into(), date: NaiveDate::from_ymd_opt(2023, 6, 1), text, ..Default::default() };
    for e in coder.code(&doc) {
        println!("{} {} {} {}  [{} | {}]", e.source, e.code, e.target, e.modality.as_str(), e.verb_text, e.rule);
    }
}

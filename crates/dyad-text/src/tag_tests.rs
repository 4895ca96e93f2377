//! Tagger tests: hand-made sentences, and accuracy against gold Penn Treebank
//! sample trees and NLTK reference tags in `../shared/data` when present
//! (measured only; nothing from those files is part of the tagger).

use super::*;
use crate::Span;
use std::path::PathBuf;

/// Build tokens for `words` over a text made by joining them with spaces.
fn tokens_for(words: &[&str]) -> (String, Vec<Token>) {
    let mut text = String::new();
    let mut toks = Vec::with_capacity(words.len());
    for w in words {
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(w);
        let norm = w.to_lowercase();
        toks.push(Token { span: Span::new(start, text.len()), lemma: norm.clone(), norm, tag: Tag::Unk });
    }
    (text, toks)
}

fn tag_words(s: &str) -> Vec<(String, &'static str)> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let (text, mut toks) = tokens_for(&words);
    RuleTagger::default().tag(&text, &mut toks);
    words.iter().zip(&toks).map(|(w, t)| (w.to_string(), t.tag.as_str())).collect()
}

fn assert_tags(s: &str, want: &[&str]) {
    let got = tag_words(s);
    let tags: Vec<&str> = got.iter().map(|x| x.1).collect();
    assert_eq!(tags, want, "sentence: {s}\n got {got:?}");
}

#[test]
fn noun_verb_by_context() {
    assert_tags("The attacks killed 12 people .", &["DT", "NNS", "VBD", "CD", "NNS", "."]);
    assert_tags("Russia attacks Ukraine again .", &["NNP", "VBZ", "NNP", "RB", "."]);
    assert_tags("The president will visit Paris next week .", &["DT", "NN", "MD", "VB", "NNP", "JJ", "NN", "."]);
    assert_tags("His visit to Paris was cancelled .", &["PRP$", "NN", "TO", "NNP", "VBD", "VBN", "."]);
    assert_tags("The company plans to cut jobs .", &["DT", "NN", "VBZ", "TO", "VB", "NNS", "."]);
    assert_tags("They condemn the sanctions .", &["PRP", "VBP", "DT", "NNS", "."]);
    assert_tags("Peace talks resumed in Geneva on Monday .", &["NN", "NNS", "VBD", "IN", "NNP", "IN", "NNP", "."]);
}

#[test]
fn participles_after_be_and_have() {
    assert_tags("Two soldiers were killed and wounded .", &["CD", "NNS", "VBD", "VBN", "CC", "VBN", "."]);
    assert_tags("Police have arrested the suspect .", &["NNS", "VBP", "VBN", "DT", "NN", "."]);
    assert_tags("The minister has met his counterpart .", &["DT", "NN", "VBZ", "VBN", "PRP$", "NN", "."]);
    assert_tags(
        "Rebels seized the town and are holding hostages .",
        &["NNS", "VBD", "DT", "NN", "CC", "VBP", "VBG", "NNS", "."],
    );
    assert_tags("He said that the talks had failed .", &["PRP", "VBD", "IN", "DT", "NNS", "VBD", "VBN", "."]);
}

#[test]
fn closed_class_and_shapes() {
    assert_tags(
        "Iran 's foreign minister , Mohammad Zarif , met U.S. officials in 2019 .",
        &["NNP", "POS", "JJ", "NN", ",", "NNP", "NNP", ",", "VBD", "NNP", "NNS", "IN", "CD", "."],
    );
    assert_tags("It 's a so-called cease-fire .", &["PRP", "VBZ", "DT", "JJ", "NN", "."]);
}

/// Workspace-relative path to the shared data directory.
fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data").join(rel)
}

/// Leaves `(TAG word)` of bracketed trees, one Vec per top-level tree,
/// skipping `-NONE-` elements.
fn mrg_sentences(src: &str) -> Vec<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    let mut depth = 0i32;
    let b = src.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'(' => {
                // A leaf is "(TAG word)" with no nested paren.
                let rest = &src[i + 1..];
                let close = rest.find(')');
                let open = rest.find('(');
                if let Some(cl) = close {
                    if open.is_none_or(|o| o > cl) {
                        let inner = rest[..cl].trim();
                        let mut it = inner.split_whitespace();
                        if let (Some(tag), Some(word)) = (it.next(), it.next()) {
                            if tag != "-NONE-" {
                                cur.push((tag.to_string(), word.to_string()));
                            }
                        }
                        i += cl + 2;
                        continue;
                    }
                }
                depth += 1;
            }
            b')' => {
                depth -= 1;
                if depth == 0 && !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Coarse class: V(erb), N(oun), A(djective) or O(ther).
fn coarse(t: &str) -> char {
    if t.starts_with("VB") {
        'V'
    } else if t.starts_with("NN") {
        'N'
    } else if t.starts_with("JJ") {
        'A'
    } else {
        'O'
    }
}

/// Accuracy counters.
#[derive(Default)]
struct Score {
    n: usize,
    ok: usize,
    coarse_ok: usize,
    verb_n: usize,
    verb_ok: usize,
    noun_n: usize,
    noun_ok: usize,
    vbn_n: usize,
    vbn_ok: usize,
    vn_n: usize,
    vn_ok: usize,
    confusion: std::collections::HashMap<(String, String), usize>,
}

impl Score {
    fn add(&mut self, gold: &str, got: &str) {
        // PTB spells brackets -LRB-; NLTK spells them ( ).
        let gold = match gold {
            "(" => "-LRB-",
            ")" => "-RRB-",
            g => g,
        };
        self.n += 1;
        let hit = gold == got;
        self.ok += hit as usize;
        self.coarse_ok += (coarse(gold) == coarse(got)) as usize;
        if gold.starts_with("VB") {
            self.verb_n += 1;
            self.verb_ok += hit as usize;
        }
        if gold.starts_with("NN") {
            self.noun_n += 1;
            self.noun_ok += hit as usize;
        }
        if gold == "VBN" {
            self.vbn_n += 1;
            self.vbn_ok += hit as usize;
        }
        if matches!(coarse(gold), 'V' | 'N') {
            self.vn_n += 1;
            self.vn_ok += (coarse(gold) == coarse(got)) as usize;
        }
        if !hit {
            *self.confusion.entry((gold.to_string(), got.to_string())).or_default() += 1;
        }
    }
    fn pct(a: usize, b: usize) -> f64 {
        100.0 * a as f64 / b.max(1) as f64
    }
    fn report(&self, name: &str) {
        println!(
            "{name}: {} tokens; accuracy {:.2}%; coarse (V/N/A/other) {:.2}%; verbs (VB*) {:.2}%; nouns (NN*) {:.2}%; \
             VBN {:.2}%; verb-vs-noun class on gold V/N {:.2}%",
            self.n,
            Self::pct(self.ok, self.n),
            Self::pct(self.coarse_ok, self.n),
            Self::pct(self.verb_ok, self.verb_n),
            Self::pct(self.noun_ok, self.noun_n),
            Self::pct(self.vbn_ok, self.vbn_n),
            Self::pct(self.vn_ok, self.vn_n),
        );
        let mut conf: Vec<_> = self.confusion.iter().collect();
        conf.sort_by(|a, b| b.1.cmp(a.1));
        let top: Vec<String> = conf.iter().take(25).map(|((g, p), n)| format!("{g}->{p}:{n}")).collect();
        println!("{name}: top confusions (gold->ours): {}", top.join(" "));
    }
    /// Assert floors (percent) for: all tokens, gold VB* tokens, gold VBN
    /// tokens, and the verb-vs-noun class of gold V/N tokens.
    fn assert_floors(&self, name: &str, all: f64, verbs: f64, vbn: f64, vn: f64) {
        let got = [
            ("accuracy", Self::pct(self.ok, self.n), all),
            ("verbs", Self::pct(self.verb_ok, self.verb_n), verbs),
            ("VBN", Self::pct(self.vbn_ok, self.vbn_n), vbn),
            ("verb-vs-noun", Self::pct(self.vn_ok, self.vn_n), vn),
        ];
        for (what, v, floor) in got {
            assert!(v >= floor, "{name}: {what} {v:.2}% fell below the floor {floor}%");
        }
    }
}

fn run(tagger: &RuleTagger, gold: &[(String, String)], score: &mut Score) {
    let words: Vec<&str> = gold.iter().map(|(_, w)| w.as_str()).collect();
    let (text, mut toks) = tokens_for(&words);
    tagger.tag(&text, &mut toks);
    let dbg = std::env::var("DYAD_TAG_DEBUG").ok();
    for (k, ((g, _), t)) in gold.iter().zip(&toks).enumerate() {
        score.add(g, t.tag.as_str());
        if let Some(d) = &dbg {
            if *d == format!("{g}>{}", t.tag.as_str()) {
                let lo = k.saturating_sub(3);
                let hi = (k + 3).min(toks.len());
                let ctx: Vec<String> = (lo..hi)
                    .map(|j| format!("{}{}/{}", if j == k { "*" } else { "" }, words[j], toks[j].tag.as_str()))
                    .collect();
                println!("DBG {}", ctx.join(" "));
            }
        }
    }
}

#[test]
fn accuracy_on_ptb_sample() {
    let dir = shared("pos_tagged_wsj/ptb_sample_combined");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        dyad_core::testskip::skip("dyad-text tagger tests", &format!("{} not found", dir.display()));
        return;
    };
    let mut files: Vec<PathBuf> =
        rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "mrg")).collect();
    files.sort();
    let tagger = RuleTagger::default();
    let mut score = Score::default();
    for f in &files {
        let src = std::fs::read_to_string(f).expect("read mrg");
        for sent in mrg_sentences(&src) {
            run(&tagger, &sent, &mut score);
        }
    }
    assert!(score.n > 90_000, "expected the 99-file PTB sample, got {} tokens", score.n);
    score.report("PTB sample (gold)");
    score.assert_floors("PTB sample", 94.8, 91.2, 86.0, 95.8);
}

/// Strings of a JSON array value `"key": ["a", "b"]` in one JSONL line.
fn json_strings(line: &str, key: &str) -> Vec<String> {
    let pat = format!("\"{key}\": [");
    let Some(p) = line.find(&pat) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut chars = line[p + pat.len()..].chars();
    loop {
        match chars.next() {
            Some('"') => {
                let mut s = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => match chars.next() {
                            Some('u') => {
                                let hex: String = chars.by_ref().take(4).collect();
                                if let Some(ch) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                                    s.push(ch);
                                }
                            }
                            Some(e) => s.push(e),
                            None => break,
                        },
                        '"' => break,
                        c => s.push(c),
                    }
                }
                out.push(s);
            }
            Some(']') | None => break,
            _ => {}
        }
    }
    out
}

#[test]
fn agreement_with_nltk_on_news() {
    let path = shared("nlp_models/nltk_reference_outputs/tokens_tags_newsarticles_1-300.jsonl");
    let Ok(src) = std::fs::read_to_string(&path) else {
        dyad_core::testskip::skip("dyad-text tagger tests", &format!("{} not found", path.display()));
        return;
    };
    let tagger = RuleTagger::default();
    let mut score = Score::default();
    for line in src.lines() {
        let toks = json_strings(line, "tokens");
        let tags = json_strings(line, "tags");
        if toks.is_empty() || toks.len() != tags.len() {
            continue;
        }
        let gold: Vec<(String, String)> = tags.into_iter().zip(toks).collect();
        run(&tagger, &gold, &mut score);
    }
    assert!(score.n > 100_000, "expected the news sample, got {} tokens", score.n);
    score.report("NLTK news (silver)");
    score.assert_floors("NLTK news", 94.0, 90.7, 88.5, 94.6);
}

#[test]
fn full_pipeline_news_sentence() {
    let text = "Israeli troops arrested 12 Palestinians on Tuesday, the army said. \
                The sanctions were imposed after talks between the two countries collapsed.";
    let sents = crate::Analyzer::default().analyze(text);
    let all: Vec<(String, Tag, String)> = sents
        .iter()
        .flat_map(|s| s.tokens.iter())
        .map(|t| (t.span.slice(text).to_string(), t.tag, t.lemma.clone()))
        .collect();
    let find = |w: &str| all.iter().find(|x| x.0 == w).unwrap_or_else(|| panic!("no token {w}: {all:?}"));
    assert_eq!(find("arrested").1, Tag::VBD, "{all:?}");
    assert_eq!(find("arrested").2, "arrest");
    assert_eq!(find("troops").1, Tag::NNS);
    assert_eq!(find("troops").2, "troop");
    assert_eq!(find("Israeli").1, Tag::JJ);
    assert_eq!(find("Tuesday").1, Tag::NNP);
    assert_eq!(find("said").1, Tag::VBD);
    assert_eq!(find("said").2, "say");
    assert_eq!(find("sanctions").1, Tag::NNS);
    assert_eq!(find("sanctions").2, "sanction");
    assert_eq!(find("imposed").1, Tag::VBN);
    assert_eq!(find("imposed").2, "impose");
    assert_eq!(find("talks").1, Tag::NNS);
    assert_eq!(find("collapsed").1, Tag::VBD);
    assert_eq!(find("were").2, "be");
}

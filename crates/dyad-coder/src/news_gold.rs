//! Scorer for the hand-coded real-news dev gold `news_gold_dev` (see
//! `../shared/data/news_gold_dev/README.md`, "How to score", and
//! docs/EVAL.md): the accuracy yardstick of issue 13.
//!
//! The gold is one JSON object per sentence (`id, article_id, k, start, end,
//! date, topic, text, events[{source, code, root, target, modality,
//! confidence, evidence}], noevents?`); `start`/`end` are code-point offsets
//! into the `text` field of that article in `NewsArticles.csv` (Dai 2017).
//!
//! Scoring, in document context, exactly as the gold's README says:
//! - every article named by the gold is coded whole (its `text` field, not its
//!   title, dated by its `publish_date`) with the caller's coder;
//! - each produced event goes to the gold sentence holding the first byte of
//!   its verb span (the code-point offsets are converted to bytes);
//! - produced events of one sentence that describe one act are merged first
//!   ([`merge_one_act`]: 042 A→B with 043 B→A; a symmetric code's A→B with
//!   its B→A);
//! - a produced event matches a gold one when the root codes are equal and
//!   both actors match ([`actor_matches`]); a symmetric gold code
//!   ([`SYMMETRIC`]) also matches reversed, gold 042 A→B also matches
//!   produced 043 B→A and gold 043 A→B produced 042 B→A ([`event_matches`]);
//!   every modality counts;
//! - matching is one-to-one, greedy in gold order ([`match_sentence`]);
//! - recall is over the gold events of the political articles' sentences,
//!   precision over the produced (merged) events assigned to them; the
//!   non-political sentences are reported apart.
//!
//! Events outside the gold's scope (nominal events, events whose countries
//! all come from outside the sentence) are neither matches nor false
//! positives; [`set_aside`] is the one place that tells them.

use crate::eval::EvalError;
use crate::input::{DocReader, InputFormat, InputOptions};
use crate::{Coder, Document, Event};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// Gold codes compared as unordered dyads (the gold's README, "Match").
pub const SYMMETRIC: [&str; 10] = ["040", "041", "044", "046", "050", "057", "060", "062", "064", "190"];

/// GDELT's legacy country codes and their ISO replacements, applied to the
/// first three letters of every actor before comparing (the gold's README,
/// "Actors").
pub const LEGACY_CODES: [(&str, &str); 4] = [("ROM", "ROU"), ("MTN", "MNE"), ("TMP", "TLS"), ("IMY", "IMN")];

/// The gold's IGO short names and the CAMEO code prefix each stands for; a
/// produced code matches when it starts with the prefix (the gold's README,
/// "Actors").
pub const IGO_SHORT_NAMES: [(&str, &str); 8] = [
    ("UNO", "IGOUNO"),
    ("NATO", "IGOWSTNAT"),
    ("EU", "IGOEUREEC"),
    ("AU", "IGOAFRAFU"),
    ("ARL", "IGOMEAARL"),
    ("COE", "IGOEURCOE"),
    ("IMF", "IGOBUSIMF"),
    ("IMG", "IMG"),
];

/// One hand-coded event of a gold sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsGoldEvent {
    /// Source actor: a CAMEO country or IGO code plus at most one sector,
    /// `---…` for an unnamed side, or an IGO short name ([`IGO_SHORT_NAMES`]).
    pub source: String,
    /// CAMEO event code, 2–4 digits (a 2-digit root where unsure).
    pub code: String,
    /// Target actor, as `source`.
    pub target: String,
    /// asserted / negated / future / hypothetical (every modality counts).
    #[serde(default)]
    pub modality: String,
    /// high / medium / low.
    #[serde(default)]
    pub confidence: String,
    /// The words that carry the event.
    #[serde(default)]
    pub evidence: String,
}

/// One gold sentence (a line of `news_gold_dev.jsonl`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsGoldSentence {
    /// Sentence id, `news-ARTICLE-K`.
    pub id: String,
    /// `article_id` of its article in `NewsArticles.csv`.
    pub article_id: u64,
    /// Index among the article's first sentences.
    pub k: u32,
    /// First code point of the sentence in the article's `text` (inclusive).
    pub start: usize,
    /// One past its last code point (exclusive).
    pub end: usize,
    /// The article's date, `YYYY-MM-DD`.
    #[serde(default)]
    pub date: String,
    /// `politics` for a political article, `negative` otherwise.
    pub topic: String,
    /// The sentence (the article text's slice `start..end`).
    pub text: String,
    /// Hand-coded events.
    #[serde(default)]
    pub events: Vec<NewsGoldEvent>,
    /// True when the sentence has no event.
    #[serde(default)]
    pub noevents: bool,
    /// 1-based line in the gold file (set by [`read_news_gold`]).
    #[serde(skip)]
    pub line: u64,
}

impl NewsGoldSentence {
    /// True for a sentence of a political article (`topic` = `politics`).
    pub fn political(&self) -> bool {
        self.topic == "politics"
    }
}

/// Read a `news_gold_dev.jsonl` file. Errors name the file and line: an
/// unreadable file, a line that is not a gold sentence, an event code that is
/// not 2–4 digits, a `root` that is not the code's first two digits, or
/// `end < start`.
pub fn read_news_gold(path: &Path) -> Result<Vec<NewsGoldSentence>, EvalError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| EvalError::Io { path: name.clone(), source: e })?;
    let fmt = |line: u64, message: String| EvalError::Format { path: name.clone(), line, message };
    let mut out = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let line = i as u64 + 1;
        let l = l.trim_start_matches('\u{feff}').trim();
        if l.is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(l).map_err(|e| fmt(line, format!("not JSON: {e}")))?;
        let root = |e: &Value| e.get("root").and_then(Value::as_str).map(str::to_string);
        let roots: Vec<Option<String>> =
            v.get("events").and_then(Value::as_array).map(|a| a.iter().map(root).collect()).unwrap_or_default();
        let mut s: NewsGoldSentence =
            serde_json::from_value(v).map_err(|e| fmt(line, format!("not a news gold sentence: {e}")))?;
        s.line = line;
        if s.end < s.start {
            return Err(fmt(line, format!("end {} is before start {}", s.end, s.start)));
        }
        for (e, r) in s.events.iter().zip(&roots) {
            if !(2..=4).contains(&e.code.len()) || !e.code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(fmt(line, format!("event code {:?} is not 2–4 digits", e.code)));
            }
            if let Some(r) = r {
                if *r != e.code[..2] {
                    return Err(fmt(line, format!("root {r:?} is not the first two digits of code {:?}", e.code)));
                }
            }
        }
        out.push(s);
    }
    Ok(out)
}

/// Read the articles the gold names from `NewsArticles.csv` (columns
/// `article_id, publish_date, article_source_link, title, subtitle, text`)
/// as documents to code: id `article_id`, date `publish_date`, the `text`
/// field as text and **no title** (the gold scores the text field only).
/// Errors: the CSV cannot be opened or lacks a `text` column, or an article
/// the gold names is missing or unreadable.
pub fn read_articles(path: &Path, ids: &BTreeSet<u64>) -> Result<BTreeMap<u64, Document>, EvalError> {
    let name = path.display().to_string();
    let opts = InputOptions {
        format: Some(InputFormat::Csv),
        id_column: "article_id".into(),
        date_column: "publish_date".into(),
        url_column: "article_source_link".into(),
        ..Default::default()
    };
    let reader = DocReader::open(path, &opts).map_err(|e| EvalError::Format {
        path: name.clone(),
        line: 0,
        message: e.to_string(),
    })?;
    let mut out = BTreeMap::new();
    let mut skipped = Vec::new();
    for r in reader {
        match r {
            Ok(mut d) => {
                let Ok(id) = d.id.trim().parse::<u64>() else { continue };
                if ids.contains(&id) {
                    d.title = None;
                    out.insert(id, d);
                }
            }
            Err(e) => skipped.push(e.to_string()),
        }
    }
    if let Some(missing) = ids.iter().find(|id| !out.contains_key(id)) {
        let why = if skipped.is_empty() { String::new() } else { format!(" (skipped rows: {})", skipped.join("; ")) };
        return Err(EvalError::Format {
            path: name,
            line: 0,
            message: format!("article_id {missing} named by the gold is not in the file{why}"),
        });
    }
    Ok(out)
}

/// Byte offset of code point `cp` in `text` (`text.len()` for the end), or
/// `None` past the end.
pub fn char_to_byte(text: &str, cp: usize) -> Option<usize> {
    text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len())).nth(cp)
}

/// The first three letters of an actor code with GDELT's legacy codes
/// ([`LEGACY_CODES`]) mapped to ISO; shorter codes are returned whole.
pub fn country_part(code: &str) -> &str {
    let head = code.get(..3).unwrap_or(code);
    LEGACY_CODES.iter().find(|(old, _)| *old == head).map(|(_, new)| *new).unwrap_or(head)
}

/// Whether a produced actor code matches a gold one: a gold `---…` matches
/// anything; a gold IGO short name ([`IGO_SHORT_NAMES`]) matches a produced
/// code starting with its prefix; otherwise the first three letters must be
/// equal after mapping legacy codes ([`country_part`]). An empty or shorter
/// than three letters produced code matches only `---`.
pub fn actor_matches(gold: &str, produced: &str) -> bool {
    if gold.starts_with("---") {
        return true;
    }
    if let Some((_, prefix)) = IGO_SHORT_NAMES.iter().find(|(short, _)| *short == gold) {
        return produced.starts_with(prefix);
    }
    gold.len() >= 3 && produced.len() >= 3 && country_part(gold) == country_part(produced)
}

/// A produced event reduced to what is scored: actor codes and event code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Produced {
    /// Source actor code.
    pub source: String,
    /// Target actor code (empty when none).
    pub target: String,
    /// CAMEO event code.
    pub code: String,
}

impl Produced {
    /// From a coded event.
    pub fn of(e: &Event) -> Produced {
        Produced { source: e.source.clone(), target: e.target.clone(), code: e.code.clone() }
    }
}

/// Whether produced event `p` matches gold event (`source`, `code`,
/// `target`): equal root codes (first two digits) and both actors matching
/// ([`actor_matches`]) in the gold's direction; reversed too when the gold
/// code is in [`SYMMETRIC`]; a gold 042 also matches a produced 043 with the
/// actors reversed, and a gold 043 a reversed 042.
pub fn event_matches(source: &str, code: &str, target: &str, p: &Produced) -> bool {
    if code.get(..2).is_none() || code.get(..2) != p.code.get(..2) {
        return false;
    }
    let forward = actor_matches(source, &p.source) && actor_matches(target, &p.target);
    if forward {
        return true;
    }
    let reversed = || actor_matches(source, &p.target) && actor_matches(target, &p.source);
    if SYMMETRIC.contains(&code) {
        return reversed();
    }
    ((code == "042" && p.code.starts_with("043")) || (code == "043" && p.code.starts_with("042"))) && reversed()
}

/// Merge the produced events of one sentence that describe one act: an
/// event coded 042… A→B with one coded 043… B→A (or the other way round),
/// and an event whose code's first three digits are in [`SYMMETRIC`] A→B
/// with one of the same code B→A (actor codes compared exactly). Each event
/// merges at most once, with the first partner after it in `produced` order.
/// Returns the merged events as lists of indices into `produced`, in order of
/// their first member.
pub fn merge_one_act(produced: &[Produced]) -> Vec<Vec<usize>> {
    let mut taken = vec![false; produced.len()];
    let mut out = Vec::new();
    for i in 0..produced.len() {
        if taken[i] {
            continue;
        }
        taken[i] = true;
        let a = &produced[i];
        let partner = (i + 1..produced.len()).find(|&j| {
            let b = &produced[j];
            if taken[j] || a.source != b.target || a.target != b.source {
                return false;
            }
            let visit = (a.code.starts_with("042") && b.code.starts_with("043"))
                || (a.code.starts_with("043") && b.code.starts_with("042"));
            let symmetric = a.code == b.code && a.code.get(..3).is_some_and(|c| SYMMETRIC.contains(&c));
            visit || symmetric
        });
        match partner {
            Some(j) => {
                taken[j] = true;
                out.push(vec![i, j]);
            }
            None => out.push(vec![i]),
        }
    }
    out
}

/// The matching of one sentence: the merged produced events and which of
/// them each gold event took.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SentenceMatch {
    /// Merged produced events ([`merge_one_act`]), indices into the produced list.
    pub candidates: Vec<Vec<usize>>,
    /// Per gold event, the candidate it matched.
    pub gold_to_candidate: Vec<Option<usize>>,
}

impl SentenceMatch {
    /// Gold events matched.
    pub fn matched(&self) -> usize {
        self.gold_to_candidate.iter().flatten().count()
    }

    /// Candidates no gold event took (false positives), in order.
    pub fn unmatched_candidates(&self) -> Vec<usize> {
        let used: BTreeSet<usize> = self.gold_to_candidate.iter().flatten().copied().collect();
        (0..self.candidates.len()).filter(|c| !used.contains(c)).collect()
    }
}

/// Match one sentence: merge the produced events ([`merge_one_act`]), then
/// for each gold event in gold order take the first untaken merged event any
/// of whose members matches it ([`event_matches`]); one-to-one.
pub fn match_sentence(gold: &[NewsGoldEvent], produced: &[Produced]) -> SentenceMatch {
    let candidates = merge_one_act(produced);
    let mut used = vec![false; candidates.len()];
    let gold_to_candidate = gold
        .iter()
        .map(|g| {
            let c = (0..candidates.len()).find(|&c| {
                !used[c] && candidates[c].iter().any(|&i| event_matches(&g.source, &g.code, &g.target, &produced[i]))
            })?;
            used[c] = true;
            Some(c)
        })
        .collect();
    SentenceMatch { candidates, gold_to_candidate }
}

/// Why a produced event is outside the gold's scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SetAside {
    /// Expressed only by a noun (the gold codes verbal events only).
    Nominal,
    /// Every country of the event comes from outside its sentence (dateline,
    /// earlier sentences, the document's dominant country).
    ContextOnly,
}

/// Events the scorer sets aside: neither matches nor false positives,
/// counted apart ([`NewsGoldReport::set_aside`]). An event is set aside when
/// the coder marks it nominal ([`SetAside::Nominal`]) or marks all its
/// countries as taken from outside the sentence ([`SetAside::ContextOnly`]).
/// The current [`Event`] carries neither mark, so today no event is set
/// aside; once it carries a form or a context flag, this function reads it
/// and the rest of the scorer follows.
pub fn set_aside(_e: &Event) -> Option<SetAside> {
    None
}

/// Kind of a gold event (the gold's README, "Report").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Two different countries (or IGOs).
    International,
    /// The same country on both sides.
    Domestic,
    /// A `---` side.
    OneSided,
}

impl EventKind {
    /// Of a gold event: one-sided when a side starts with `---`, domestic
    /// when both sides' [`country_part`]s are equal, else international.
    pub fn of(g: &NewsGoldEvent) -> EventKind {
        EventKind::of_actors(&g.source, &g.target)
    }

    /// Of a pair of actor codes (gold or produced): one-sided when a side is
    /// empty or starts with `---`, domestic when both [`country_part`]s are
    /// equal, else international.
    pub fn of_actors(source: &str, target: &str) -> EventKind {
        let unnamed = |a: &str| a.is_empty() || a.starts_with("---");
        if unnamed(source) || unnamed(target) {
            EventKind::OneSided
        } else if country_part(source) == country_part(target) {
            EventKind::Domestic
        } else {
            EventKind::International
        }
    }

    /// `international`, `domestic`, `one-sided`.
    pub fn as_str(&self) -> &'static str {
        match self {
            EventKind::International => "international",
            EventKind::Domestic => "domestic",
            EventKind::OneSided => "one-sided",
        }
    }
}

/// Matched and total gold events of one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Gold events matched.
    pub matched: usize,
    /// Gold events.
    pub total: usize,
}

impl Tally {
    /// matched / total, 0 when empty.
    pub fn rate(&self) -> f64 {
        ratio(self.matched, self.total)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// One gold sentence with what was produced in it and how it matched.
#[derive(Debug, Clone, Serialize)]
pub struct SentenceResult {
    /// The gold sentence.
    pub gold: NewsGoldSentence,
    /// Its byte span in the article text.
    pub byte_start: usize,
    /// One past its last byte.
    pub byte_end: usize,
    /// Produced events in scope, in text order.
    pub produced: Vec<Event>,
    /// Produced events set aside ([`set_aside`]).
    pub set_aside: Vec<(Event, SetAside)>,
    /// The matching.
    pub matching: SentenceMatch,
}

/// Totals over one group of sentences (political or not).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct GroupTotals {
    /// Sentences.
    pub sentences: usize,
    /// Gold events.
    pub gold: usize,
    /// Produced events in scope before merging.
    pub produced_events: usize,
    /// Produced events after merging one act ([`merge_one_act`]): the precision denominator.
    pub produced: usize,
    /// Gold events matched.
    pub matched: usize,
    /// Produced events set aside ([`set_aside`]).
    pub set_aside: usize,
}

impl GroupTotals {
    /// matched / produced (merged).
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.produced)
    }

    /// matched / gold.
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }

    /// Harmonic mean of precision and recall, 0 when both are 0.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Articles with events, per topic.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ArticleTotals {
    /// Articles.
    pub articles: usize,
    /// Articles with at least one produced event (in scope) in their gold sentences.
    pub with_event_in_gold_sentences: usize,
    /// Articles with at least one produced event (in scope) anywhere in their text.
    pub with_event_in_text: usize,
}

/// The full report.
#[derive(Debug, Clone, Serialize)]
pub struct NewsGoldReport {
    /// The gold file, as given.
    pub gold_path: String,
    /// Sentences of political articles (the scored ones).
    pub political: GroupTotals,
    /// Sentences of non-political articles (reported apart).
    pub non_political: GroupTotals,
    /// Political recall by kind (of the gold event).
    pub by_kind: BTreeMap<EventKind, Tally>,
    /// Political precision by kind (of the produced event, its merged
    /// group's first member): `matched` = produced events a gold event took,
    /// `total` = produced events of that kind.
    pub produced_by_kind: BTreeMap<EventKind, Tally>,
    /// Political recall by confidence (`high`, `medium`, `low`).
    pub by_confidence: BTreeMap<String, Tally>,
    /// Political articles.
    pub political_articles: ArticleTotals,
    /// Non-political articles.
    pub non_political_articles: ArticleTotals,
    /// Produced events (in scope) outside every gold sentence (later sentences of the articles).
    pub outside_gold_sentences: usize,
    /// Produced events set aside, by reason.
    pub set_aside: BTreeMap<String, usize>,
    /// Per sentence, in gold order.
    pub sentences: Vec<SentenceResult>,
}

/// Code the articles and score them: the whole of "How to score" for
/// already-read gold and articles (`articles` keyed by `article_id`, e.g.
/// from [`read_articles`]). Errors when an article is missing or a gold
/// sentence is not its article's text slice `start..end` (naming the gold
/// line).
pub fn evaluate(
    coder: &Coder,
    gold_path: &str,
    gold: &[NewsGoldSentence],
    articles: &BTreeMap<u64, Document>,
) -> Result<NewsGoldReport, EvalError> {
    let mut events = BTreeMap::new();
    for id in gold.iter().map(|s| s.article_id).collect::<BTreeSet<_>>() {
        let doc = articles.get(&id).ok_or_else(|| EvalError::Format {
            path: gold_path.to_string(),
            line: 0,
            message: format!("article {id} was not read"),
        })?;
        events.insert(id, coder.code(doc));
    }
    score(gold_path, gold, articles, &events)
}

/// Score produced events (`events` keyed by `article_id`, as
/// [`Coder::code`] returns them for that article's document) against the
/// gold; see the module doc. Title events are ignored. Errors as
/// [`evaluate`].
pub fn score(
    gold_path: &str,
    gold: &[NewsGoldSentence],
    articles: &BTreeMap<u64, Document>,
    events: &BTreeMap<u64, Vec<Event>>,
) -> Result<NewsGoldReport, EvalError> {
    let err = |line: u64, message: String| EvalError::Format { path: gold_path.to_string(), line, message };
    // byte spans of every gold sentence, checked against the article text
    let mut spans = Vec::with_capacity(gold.len());
    for s in gold {
        let doc =
            articles.get(&s.article_id).ok_or_else(|| err(s.line, format!("article {} not read", s.article_id)))?;
        let (b0, b1) = match (char_to_byte(&doc.text, s.start), char_to_byte(&doc.text, s.end)) {
            (Some(a), Some(b)) => (a, b),
            _ => {
                return Err(err(
                    s.line,
                    format!("{}: offsets {}..{} run past article {}'s text", s.id, s.start, s.end, s.article_id),
                ))
            }
        };
        if doc.text[b0..b1] != s.text {
            return Err(err(
                s.line,
                format!("{}: article {}'s text {}..{} is not the gold sentence", s.id, s.article_id, s.start, s.end),
            ));
        }
        spans.push((b0, b1));
    }
    let mut rep = NewsGoldReport {
        gold_path: gold_path.to_string(),
        political: GroupTotals::default(),
        non_political: GroupTotals::default(),
        by_kind: [EventKind::International, EventKind::Domestic, EventKind::OneSided]
            .into_iter()
            .map(|k| (k, Tally::default()))
            .collect(),
        produced_by_kind: BTreeMap::new(),
        by_confidence: ["high", "medium", "low"].into_iter().map(|c| (c.to_string(), Tally::default())).collect(),
        political_articles: ArticleTotals::default(),
        non_political_articles: ArticleTotals::default(),
        outside_gold_sentences: 0,
        set_aside: BTreeMap::new(),
        sentences: Vec::with_capacity(gold.len()),
    };
    let mut assigned = vec![(Vec::new(), Vec::new()); gold.len()];
    let empty = Vec::new();
    let mut article_topic: BTreeMap<u64, bool> = BTreeMap::new();
    let mut article_in_gold: BTreeSet<u64> = BTreeSet::new();
    let mut article_in_text: BTreeSet<u64> = BTreeSet::new();
    for s in gold {
        article_topic.insert(s.article_id, s.political());
    }
    for &id in article_topic.keys() {
        for e in events.get(&id).unwrap_or(&empty) {
            if e.field != dyad_core::Field::Text {
                continue;
            }
            let at = e.spans.verb.start as usize;
            let aside = set_aside(e);
            if aside.is_none() {
                article_in_text.insert(id);
            }
            let slot = gold.iter().zip(&spans).position(|(s, &(b0, b1))| s.article_id == id && b0 <= at && at < b1);
            match (slot, aside) {
                (Some(i), None) => {
                    article_in_gold.insert(id);
                    assigned[i].0.push(e.clone());
                }
                (Some(i), Some(why)) => assigned[i].1.push((e.clone(), why)),
                (None, None) => rep.outside_gold_sentences += 1,
                (None, Some(_)) => {}
            }
        }
    }
    for ((s, &(b0, b1)), (produced, aside)) in gold.iter().zip(&spans).zip(assigned) {
        let p: Vec<Produced> = produced.iter().map(Produced::of).collect();
        let m = match_sentence(&s.events, &p);
        let g = if s.political() { &mut rep.political } else { &mut rep.non_political };
        g.sentences += 1;
        g.gold += s.events.len();
        g.produced_events += produced.len();
        g.produced += m.candidates.len();
        g.matched += m.matched();
        g.set_aside += aside.len();
        for (_, why) in &aside {
            let k = match why {
                SetAside::Nominal => "nominal",
                SetAside::ContextOnly => "context_only",
            };
            *rep.set_aside.entry(k.to_string()).or_default() += 1;
        }
        if s.political() {
            let taken: BTreeSet<usize> = m.gold_to_candidate.iter().flatten().copied().collect();
            for (ci, members) in m.candidates.iter().enumerate() {
                let first = &p[members[0]];
                let k = rep.produced_by_kind.entry(EventKind::of_actors(&first.source, &first.target)).or_default();
                k.total += 1;
                k.matched += taken.contains(&ci) as usize;
            }
            for (ev, hit) in s.events.iter().zip(&m.gold_to_candidate) {
                let k = rep.by_kind.entry(EventKind::of(ev)).or_default();
                k.total += 1;
                k.matched += hit.is_some() as usize;
                let c = rep.by_confidence.entry(ev.confidence.clone()).or_default();
                c.total += 1;
                c.matched += hit.is_some() as usize;
            }
        }
        rep.sentences.push(SentenceResult {
            gold: s.clone(),
            byte_start: b0,
            byte_end: b1,
            produced,
            set_aside: aside,
            matching: m,
        });
    }
    for (id, political) in article_topic {
        let a = if political { &mut rep.political_articles } else { &mut rep.non_political_articles };
        a.articles += 1;
        a.with_event_in_gold_sentences += article_in_gold.contains(&id) as usize;
        a.with_event_in_text += article_in_text.contains(&id) as usize;
    }
    Ok(rep)
}

fn event_line(e: &Event) -> String {
    format!(
        "{} {} {} ({}) «{}» [{}]",
        or_dash(&e.source),
        e.code,
        or_dash(&e.target),
        e.modality.as_str(),
        e.verb_text,
        e.rule
    )
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() {
        "(none)"
    } else {
        s
    }
}

impl NewsGoldReport {
    /// [`NewsGoldReport::by_confidence`] in the order high, medium, low, then any other value.
    pub fn confidences(&self) -> Vec<(&str, Tally)> {
        let rank = |k: &str| ["high", "medium", "low"].iter().position(|c| *c == k).unwrap_or(3);
        let mut v: Vec<(&str, Tally)> = self.by_confidence.iter().map(|(k, t)| (k.as_str(), *t)).collect();
        v.sort_by_key(|(k, _)| rank(k));
        v
    }

    /// The report as text: headline P/R/F1 over the political sentences,
    /// recall by kind and confidence, the non-political sentences, the
    /// article shares and the set-aside counts.
    pub fn to_text(&self) -> String {
        let p = &self.political;
        let n = &self.non_political;
        let mut o = String::new();
        let _ = writeln!(o, "{} (news gold, document context)", self.gold_path);
        let _ = writeln!(
            o,
            "  political sentences: {}  gold events: {}  produced: {} ({} before merging one act)  matched: {}",
            p.sentences, p.gold, p.produced, p.produced_events, p.matched
        );
        let _ = writeln!(o, "  precision {:.3}  recall {:.3}  F1 {:.3}", p.precision(), p.recall(), p.f1());
        let kinds: Vec<String> = self
            .by_kind
            .iter()
            .map(|(k, t)| format!("{} {}/{} ({:.3})", k.as_str(), t.matched, t.total, t.rate()))
            .collect();
        let _ = writeln!(o, "  recall by kind: {}", kinds.join(", "));
        let prf: Vec<String> = self
            .by_kind
            .iter()
            .map(|(k, r)| {
                let pk = self.produced_by_kind.get(k).copied().unwrap_or_default();
                let (pp, rr) = (pk.rate(), r.rate());
                let f = if pp + rr > 0.0 { 2.0 * pp * rr / (pp + rr) } else { 0.0 };
                format!("{} P {:.3} ({}/{}) R {:.3} F1 {:.3}", k.as_str(), pp, pk.matched, pk.total, rr, f)
            })
            .collect();
        let _ = writeln!(
            o,
            "  by kind (P over produced events of the kind, R over gold events of the kind): {}",
            prf.join("; ")
        );
        let conf: Vec<String> = self
            .confidences()
            .into_iter()
            .map(|(k, t)| format!("{k} {}/{} ({:.3})", t.matched, t.total, t.rate()))
            .collect();
        let _ = writeln!(o, "  recall by confidence: {}", conf.join(", "));
        let _ = writeln!(
            o,
            "  non-political sentences: {}  produced: {} ({} before merging)  (their {} gold events: {} matched; not in P/R)",
            n.sentences, n.produced, n.produced_events, n.gold, n.matched
        );
        let (pa, na) = (&self.political_articles, &self.non_political_articles);
        let _ = writeln!(
            o,
            "  political articles with ≥1 event: {}/{} ({:.1} %) in their gold sentences, {}/{} ({:.1} %) in their text",
            pa.with_event_in_gold_sentences,
            pa.articles,
            100.0 * ratio(pa.with_event_in_gold_sentences, pa.articles),
            pa.with_event_in_text,
            pa.articles,
            100.0 * ratio(pa.with_event_in_text, pa.articles)
        );
        let _ = writeln!(
            o,
            "  non-political articles with any event: {}/{} ({:.1} %) in their gold sentences, {}/{} ({:.1} %) in their text",
            na.with_event_in_gold_sentences,
            na.articles,
            100.0 * ratio(na.with_event_in_gold_sentences, na.articles),
            na.with_event_in_text,
            na.articles,
            100.0 * ratio(na.with_event_in_text, na.articles)
        );
        let aside: usize = self.set_aside.values().sum();
        let why: Vec<String> = self.set_aside.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let _ = writeln!(
            o,
            "  set aside (out of the gold's scope): {aside}{}; events after the gold sentences (not scored): {}",
            if why.is_empty() { String::new() } else { format!(" ({})", why.join(", ")) },
            self.outside_gold_sentences
        );
        o
    }

    /// Per gold sentence with a miss, a false positive or a set-aside event:
    /// its id, topic and text, then `hit` (gold ⇐ produced), `missed` (gold
    /// events no produced event matched, with confidence and evidence),
    /// `false positive` (merged produced events no gold event took, with
    /// verb text and rule) and `set aside` lines. Non-political sentences are
    /// marked `[not scored]`.
    pub fn details_text(&self) -> String {
        let mut o = String::new();
        for r in &self.sentences {
            let m = &r.matching;
            let fps = m.unmatched_candidates();
            let missed = m.gold_to_candidate.iter().filter(|c| c.is_none()).count();
            if fps.is_empty() && missed == 0 && r.set_aside.is_empty() {
                continue;
            }
            let _ = writeln!(
                o,
                "{} [{}]{}: {}",
                r.gold.id,
                r.gold.topic,
                if r.gold.political() { "" } else { " [not scored]" },
                r.gold.text
            );
            for (g, c) in r.gold.events.iter().zip(&m.gold_to_candidate) {
                match c {
                    Some(c) => {
                        let by: Vec<String> = m.candidates[*c].iter().map(|&i| event_line(&r.produced[i])).collect();
                        let _ = writeln!(o, "  hit     {} {} {} ⇐ {}", g.source, g.code, g.target, by.join(" + "));
                    }
                    None => {
                        let _ = writeln!(
                            o,
                            "  missed  {} {} {} ({}, {}) «{}»",
                            g.source, g.code, g.target, g.modality, g.confidence, g.evidence
                        );
                    }
                }
            }
            for c in fps {
                let by: Vec<String> = m.candidates[c].iter().map(|&i| event_line(&r.produced[i])).collect();
                let _ = writeln!(o, "  false positive  {}", by.join(" + "));
            }
            for (e, why) in &r.set_aside {
                let _ = writeln!(o, "  set aside ({why:?})  {}", event_line(e));
            }
        }
        o
    }

    /// The summary as one JSON object (no per-sentence detail).
    pub fn to_json(&self) -> Value {
        let g = |t: &GroupTotals| {
            json!({"sentences": t.sentences, "gold": t.gold, "produced": t.produced,
                   "produced_before_merge": t.produced_events, "matched": t.matched, "set_aside": t.set_aside,
                   "precision": t.precision(), "recall": t.recall(), "f1": t.f1()})
        };
        let tallies = |it: Vec<(String, Tally)>| -> Value {
            it.into_iter()
                .map(|(k, t)| (k, json!({"matched": t.matched, "total": t.total, "recall": t.rate()})))
                .collect::<serde_json::Map<_, _>>()
                .into()
        };
        json!({
            "file": self.gold_path,
            "kind": "news-gold",
            "political": g(&self.political),
            "non_political": g(&self.non_political),
            "by_kind": tallies(self.by_kind.iter().map(|(k, t)| (k.as_str().to_string(), *t)).collect()),
            "by_confidence": tallies(self.confidences().into_iter().map(|(k, t)| (k.to_string(), t)).collect()),
            "political_articles": self.political_articles,
            "non_political_articles": self.non_political_articles,
            "outside_gold_sentences": self.outside_gold_sentences,
            "set_aside": self.set_aside,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str, c: &str, t: &str) -> Produced {
        Produced { source: s.into(), target: t.into(), code: c.into() }
    }

    fn g(s: &str, c: &str, t: &str) -> NewsGoldEvent {
        NewsGoldEvent {
            source: s.into(),
            code: c.into(),
            target: t.into(),
            modality: "asserted".into(),
            confidence: "high".into(),
            evidence: String::new(),
        }
    }

    #[test]
    fn actors_compare_first_three_letters_after_legacy_mapping() {
        assert!(actor_matches("USAGOV", "USAMIL"));
        assert!(actor_matches("USA", "USAGOVLEG"));
        assert!(!actor_matches("USAGOV", "RUSGOV"));
        assert!(actor_matches("ROU", "ROMGOV"));
        assert!(actor_matches("ROMGOV", "ROU"));
        assert!(actor_matches("TLS", "TMP"));
        assert!(!actor_matches("USA", ""));
        assert!(!actor_matches("USA", "US"));
    }

    #[test]
    fn unnamed_gold_side_matches_anything() {
        assert!(actor_matches("---", "RUSMIL"));
        assert!(actor_matches("---MIL", ""));
        assert!(actor_matches("---GOV", "---"));
        // a produced `---` does not match a named gold side
        assert!(!actor_matches("RUS", "---MIL"));
    }

    #[test]
    fn igo_short_names_match_by_prefix() {
        assert!(actor_matches("EU", "IGOEUREEC"));
        assert!(actor_matches("NATO", "IGOWSTNAT"));
        assert!(actor_matches("NATO", "IGOWSTNATMIL"));
        assert!(actor_matches("UNO", "IGOUNOKID"));
        assert!(actor_matches("IMF", "IGOBUSIMF"));
        assert!(actor_matches("IMG", "IMGMUSISI"));
        assert!(actor_matches("AU", "IGOAFRAFU"));
        assert!(actor_matches("ARL", "IGOMEAARL"));
        assert!(actor_matches("COE", "IGOEURCOE"));
        // another IGO sharing the first three letters does not
        assert!(!actor_matches("EU", "IGOUNO"));
        assert!(!actor_matches("NATO", "NAT"));
        assert!(!actor_matches("EU", "EUR"));
    }

    #[test]
    fn root_must_be_equal_and_direction_kept_for_other_codes() {
        assert!(event_matches("USA", "111", "RUS", &p("USAGOV", "112", "RUSGOV")));
        assert!(event_matches("USA", "11", "RUS", &p("USAGOV", "1121", "RUSGOV")));
        assert!(!event_matches("USA", "111", "RUS", &p("USAGOV", "120", "RUSGOV")));
        assert!(!event_matches("USA", "111", "RUS", &p("RUSGOV", "111", "USAGOV")));
    }

    #[test]
    fn symmetric_gold_codes_match_reversed() {
        for c in SYMMETRIC {
            assert!(event_matches("USA", c, "CHN", &p("CHNGOV", c, "USAGOV")), "{c}");
        }
        // only when the gold code is exactly one of them
        assert!(!event_matches("USA", "04", "CHN", &p("CHNGOV", "040", "USAGOV")));
        assert!(!event_matches("USA", "042", "CHN", &p("CHNGOV", "042", "USAGOV")));
        assert!(!event_matches("USA", "193", "CHN", &p("CHNGOV", "193", "USAGOV")));
    }

    #[test]
    fn visit_and_host_match_each_other_reversed() {
        // gold 042 A→B = produced 043 B→A
        assert!(event_matches("DEU", "042", "CHN", &p("CHNGOV", "043", "DEUGOV")));
        // gold 043 A→B = produced 042 B→A
        assert!(event_matches("DEU", "043", "CHN", &p("CHNGOV", "042", "DEUGOV")));
        // a forward 043 also matches a gold 042 (same root, same direction)
        assert!(event_matches("DEU", "042", "CHN", &p("DEUGOV", "043", "CHNGOV")));
        // but not a reversed 042
        assert!(!event_matches("DEU", "042", "CHN", &p("CHNGOV", "042", "DEUGOV")));
    }

    #[test]
    fn merge_joins_one_act_coded_twice() {
        let prod = vec![
            p("DEUGOV", "042", "CHNGOV"),
            p("USAGOV", "111", "RUSGOV"),
            p("CHNGOV", "043", "DEUGOV"),
            p("USAGOV", "040", "CHNGOV"),
            p("CHNGOV", "040", "USAGOV"),
            // same code reversed but not symmetric: kept apart
            p("RUSGOV", "111", "USAGOV"),
            // symmetric codes but different codes: kept apart
            p("CHNGOV", "046", "USAGOV"),
        ];
        assert_eq!(merge_one_act(&prod), vec![vec![0, 2], vec![1], vec![3, 4], vec![5], vec![6]]);
        // actor codes compared exactly
        assert_eq!(merge_one_act(&[p("DEUGOV", "042", "CHN"), p("CHNGOV", "043", "DEUGOV")]), vec![vec![0], vec![1]]);
        // each event merges once
        let three = [p("A", "040", "B"), p("B", "040", "A"), p("A", "040", "B")];
        assert_eq!(merge_one_act(&three), vec![vec![0, 1], vec![2]]);
    }

    #[test]
    fn merged_act_counts_once_and_matches_by_any_member() {
        let prod = vec![p("DEUGOV", "042", "CHNGOV"), p("CHNGOV", "043", "DEUGOV")];
        let m = match_sentence(&[g("CHN", "043", "DEU")], &prod);
        assert_eq!(m.candidates.len(), 1);
        assert_eq!(m.matched(), 1);
        assert!(m.unmatched_candidates().is_empty());
        // a symmetric pair is one produced event: one match, no false positive
        let prod = vec![p("USAGOV", "040", "CHNGOV"), p("CHNGOV", "040", "USAGOV")];
        let m = match_sentence(&[g("USA", "040", "CHN")], &prod);
        assert_eq!((m.matched(), m.unmatched_candidates().len()), (1, 0));
    }

    #[test]
    fn matching_is_one_to_one_greedy_in_gold_order() {
        // one produced event cannot match two gold events
        let m = match_sentence(&[g("USA", "111", "RUS"), g("USA", "112", "RUS")], &[p("USAGOV", "111", "RUSGOV")]);
        assert_eq!(m.gold_to_candidate, vec![Some(0), None]);
        // greedy in gold order: the first gold event takes the first produced
        // event it matches, even when a later gold event needed it
        let prod = [p("RUSMIL", "190", "SYRCVL"), p("USAMIL", "190", "SYRCVL")];
        let m = match_sentence(&[g("---", "190", "SYR"), g("RUS", "190", "SYR")], &prod);
        assert_eq!(m.gold_to_candidate, vec![Some(0), None]);
        assert_eq!(m.unmatched_candidates(), vec![1]);
        let m = match_sentence(&[g("RUS", "190", "SYR"), g("---", "190", "SYR")], &prod);
        assert_eq!(m.gold_to_candidate, vec![Some(0), Some(1)]);
        assert_eq!(m.unmatched_candidates(), Vec::<usize>::new());
    }

    #[test]
    fn kinds_of_gold_events() {
        assert_eq!(EventKind::of(&g("USAGOV", "111", "RUS")), EventKind::International);
        assert_eq!(EventKind::of(&g("USAGOV", "115", "USALEG")), EventKind::Domestic);
        assert_eq!(EventKind::of(&g("---MIL", "190", "USA")), EventKind::OneSided);
        assert_eq!(EventKind::of(&g("TUR", "111", "EU")), EventKind::International);
        assert_eq!(EventKind::of(&g("ROM", "111", "ROUGOV")), EventKind::Domestic);
    }

    #[test]
    fn code_points_become_bytes() {
        let t = "Ünïcode — text";
        assert_eq!(char_to_byte(t, 0), Some(0));
        assert_eq!(char_to_byte(t, 1), Some(2));
        assert_eq!(char_to_byte(t, 8), Some(10));
        assert_eq!(&t[char_to_byte(t, 10).unwrap()..char_to_byte(t, 14).unwrap()], "text");
        assert_eq!(char_to_byte(t, 14), Some(t.len()));
        assert_eq!(char_to_byte(t, 15), None);
    }

    fn sentence(
        id: &str,
        article: u64,
        start: usize,
        end: usize,
        text: &str,
        topic: &str,
        events: Vec<NewsGoldEvent>,
    ) -> NewsGoldSentence {
        NewsGoldSentence {
            id: id.into(),
            article_id: article,
            k: 0,
            start,
            end,
            date: "2017-03-09".into(),
            topic: topic.into(),
            text: text.into(),
            noevents: events.is_empty(),
            events,
            line: 1,
        }
    }

    fn ev(s: &str, c: &str, t: &str, verb_start: usize) -> Event {
        let mut e =
            Event { source: s.into(), target: t.into(), code: c.into(), root_code: c[..2].into(), ..Event::default() };
        e.spans.verb = dyad_core::Span::new(verb_start, verb_start + 1);
        e
    }

    #[test]
    fn events_go_to_the_sentence_holding_their_verb_start() {
        // "Ü" is two bytes: the second sentence starts at code point 6, byte 7
        let text = "Üs go. Russia attacked Syria. Later on.";
        let doc = Document { id: "1".into(), text: text.into(), ..Document::default() };
        let articles: BTreeMap<u64, Document> =
            [(1, doc), (2, Document { id: "2".into(), text: "Ball game.".into(), ..Document::default() })].into();
        let gold = vec![
            sentence("news-1-0", 1, 0, 6, "Üs go.", "politics", vec![]),
            sentence(
                "news-1-1",
                1,
                7,
                29,
                "Russia attacked Syria.",
                "politics",
                vec![g("RUS", "190", "SYR"), g("SYR", "111", "RUS")],
            ),
            sentence("news-2-0", 2, 0, 10, "Ball game.", "negative", vec![]),
        ];
        let b = text.find("attacked").unwrap();
        let events: BTreeMap<u64, Vec<Event>> = [
            (
                1,
                vec![
                    ev("RUSMIL", "190", "SYRGOV", b),
                    ev("USAGOV", "111", "RUSGOV", 1),
                    ev("USAGOV", "111", "RUSGOV", text.find("Later").unwrap()),
                ],
            ),
            (2, vec![ev("USAGOV", "010", "", 0)]),
        ]
        .into();
        let r = score("gold.jsonl", &gold, &articles, &events).unwrap();
        assert_eq!(r.sentences[0].produced.len(), 1);
        assert_eq!(r.sentences[1].produced.len(), 1);
        assert_eq!(r.outside_gold_sentences, 1);
        assert_eq!((r.political.gold, r.political.produced, r.political.matched), (2, 2, 1));
        assert!((r.political.precision() - 0.5).abs() < 1e-9);
        assert!((r.political.recall() - 0.5).abs() < 1e-9);
        assert_eq!((r.non_political.sentences, r.non_political.produced), (1, 1));
        assert_eq!(r.by_kind[&EventKind::International], Tally { matched: 1, total: 2 });
        assert_eq!(r.by_confidence["high"], Tally { matched: 1, total: 2 });
        assert_eq!(
            r.political_articles,
            ArticleTotals { articles: 1, with_event_in_gold_sentences: 1, with_event_in_text: 1 }
        );
        assert_eq!(r.non_political_articles.with_event_in_gold_sentences, 1);
        let d = r.details_text();
        assert!(d.contains("missed  SYR 111 RUS"), "{d}");
        assert!(d.contains("false positive  USAGOV 111 RUSGOV"), "{d}");
        assert!(d.contains("hit     RUS 190 SYR"), "{d}");
        // a gold sentence that is not its article's slice is an error naming the line
        let mut bad = gold.clone();
        bad[1].start = 8;
        let e = score("gold.jsonl", &bad, &articles, &events).unwrap_err().to_string();
        assert!(e.contains("gold.jsonl:1") && e.contains("news-1-1"), "{e}");
    }

    #[test]
    fn reads_gold_lines_and_rejects_bad_codes() {
        let dir = std::env::temp_dir().join(format!("dyad-news-gold-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("g.jsonl");
        std::fs::write(
            &f,
            "{\"id\":\"news-1-0\",\"article_id\":1,\"k\":0,\"start\":0,\"end\":3,\"date\":\"2017-01-01\",\"topic\":\"politics\",\"text\":\"abc\",\"events\":[{\"source\":\"USA\",\"code\":\"042\",\"root\":\"04\",\"target\":\"EU\",\"modality\":\"future\",\"confidence\":\"low\",\"evidence\":\"x\"}]}\n\n",
        )
        .unwrap();
        let s = read_news_gold(&f).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].line, s[0].events[0].target.as_str(), s[0].political()), (1, "EU", true));
        std::fs::write(&f, "{\"id\":\"x\",\"article_id\":1,\"k\":0,\"start\":0,\"end\":3,\"topic\":\"politics\",\"text\":\"abc\",\"events\":[{\"source\":\"USA\",\"code\":\"042\",\"root\":\"05\",\"target\":\"EU\"}]}\n").unwrap();
        let e = read_news_gold(&f).unwrap_err().to_string();
        assert!(e.contains(":1:") && e.contains("root"), "{e}");
        std::fs::write(&f, "\n{\"id\":\"x\"}\n").unwrap();
        let e = read_news_gold(&f).unwrap_err().to_string();
        assert!(e.contains(":2:"), "{e}");
        std::fs::remove_dir_all(&dir).ok();
    }
}

//! Verb and event-pattern matching over a tagged sentence and its actor
//! groups: finds anchors, checks the words before and after them, fills the
//! source and target slots (subject, passive `by`, possessive), and picks the
//! most specific pattern at each anchor.

#![allow(clippy::needless_range_loop)] // token-index loops read clearer here

use crate::mentions::Group;
use dyad_core::Span;
use dyad_dict::{Elem, Pattern, PosReq};
use dyad_text::{Tag, Token};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

/// Most tokens skipped between two consecutive word elements.
pub const MAX_WORD_GAP: usize = 3;
/// Most tokens skipped before a target/source slot.
pub const MAX_SLOT_GAP: usize = 5;

#[derive(Debug, Clone)]
enum CElem {
    Word(Arc<HashSet<String>>, PosReq),
    Source,
    Target,
}

#[derive(Debug, Clone)]
struct CPattern {
    pre: Vec<CElem>,
    anchor_pos: PosReq,
    post: Vec<CElem>,
    bare: bool,
    spec: usize,
    null: bool,
}

/// Patterns compiled for lookup by anchor form.
#[derive(Debug, Default)]
pub struct PatternIndex {
    by_key: HashMap<String, Vec<usize>>,
    compiled: Vec<CPattern>,
    codes: Vec<Option<String>>,
}

/// One pattern that fired at one anchor.
#[derive(Debug, Clone)]
pub struct VerbMatch {
    /// Index into `Dictionaries::patterns`.
    pub pattern: usize,
    /// Anchor token index.
    pub anchor: usize,
    /// First token of the matched words (a pre word or the anchor).
    pub verb_tok_start: usize,
    /// First token of the clause holding the anchor.
    pub clause_start: usize,
    /// Source group index.
    pub source: usize,
    /// Target group index; `None` for a compound source with no target.
    pub target: Option<usize>,
    /// Bytes from the first to the last matched word.
    pub verb_span: Span,
}

/// Regular inflections of a word (verb and noun forms), the word included.
pub fn inflections(w: &str) -> Vec<String> {
    let mut v = vec![w.to_string()];
    if w.len() < 2 || !w.chars().all(|c| c.is_ascii_alphabetic()) {
        return v;
    }
    let b = w.as_bytes();
    let last = b[b.len() - 1];
    let prev = b[b.len() - 2];
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    // -s
    if w.ends_with('s') || w.ends_with('x') || w.ends_with("ch") || w.ends_with("sh") || w.ends_with('z') {
        v.push(format!("{w}es"));
    } else if last == b'y' && !vowel(prev) {
        v.push(format!("{}ies", &w[..w.len() - 1]));
    } else {
        v.push(format!("{w}s"));
    }
    // -ed / -ing
    if last == b'e' {
        v.push(format!("{w}d"));
        if !w.ends_with("ee") {
            v.push(format!("{}ing", &w[..w.len() - 1]));
        } else {
            v.push(format!("{w}ing"));
        }
    } else if last == b'y' && !vowel(prev) {
        v.push(format!("{}ied", &w[..w.len() - 1]));
        v.push(format!("{w}ing"));
    } else {
        v.push(format!("{w}ed"));
        v.push(format!("{w}ing"));
        // consonant doubling (stop → stopped); harmless extra keys otherwise
        if !vowel(last) && vowel(prev) && !matches!(last, b'w' | b'x' | b'y') && b.len() >= 3 && !vowel(b[b.len() - 3])
        {
            let c = last as char;
            v.push(format!("{w}{c}ed"));
            v.push(format!("{w}{c}ing"));
        }
    }
    v
}

/// Word sets shared between patterns (synonym sets recur thousands of times
/// in PETRARCH dictionaries): alternatives → inflected forms.
type SetMemo = HashMap<Vec<String>, Arc<HashSet<String>>>;

fn compile_elem(e: &Elem, memo: &mut SetMemo) -> CElem {
    match e {
        Elem::Word { alts, pos } => {
            let set = memo
                .entry(alts.clone())
                .or_insert_with(|| {
                    let mut set = HashSet::default();
                    for a in alts {
                        for f in inflections(a) {
                            set.insert(f);
                        }
                    }
                    Arc::new(set)
                })
                .clone();
            CElem::Word(set, *pos)
        }
        Elem::Source => CElem::Source,
        Elem::Target => CElem::Target,
    }
}

impl PatternIndex {
    /// Compile patterns.
    pub fn build(patterns: &[Pattern]) -> PatternIndex {
        let mut ix = PatternIndex::default();
        let mut memo = SetMemo::default();
        let mut anchor_memo: HashMap<Vec<String>, Vec<String>> = HashMap::default();
        for (i, p) in patterns.iter().enumerate() {
            let pre: Vec<CElem> = p.pre.iter().map(|e| compile_elem(e, &mut memo)).collect();
            let post: Vec<CElem> = p.post.iter().map(|e| compile_elem(e, &mut memo)).collect();
            let bare = !pre.iter().chain(&post).any(|e| matches!(e, CElem::Word(..)));
            ix.codes.push(p.code.clone());
            ix.compiled.push(CPattern {
                pre,
                anchor_pos: p.anchor_pos,
                post,
                bare,
                spec: p.specificity(),
                null: p.code.is_none(),
            });
            let keys = anchor_memo.entry(p.anchor.clone()).or_insert_with(|| {
                let mut keys: Vec<String> = p.anchor.iter().flat_map(|a| inflections(a)).collect();
                keys.sort_unstable();
                keys.dedup();
                keys
            });
            for k in keys.iter() {
                match ix.by_key.get_mut(k.as_str()) {
                    Some(v) => v.push(i),
                    None => {
                        ix.by_key.insert(k.clone(), vec![i]);
                    }
                }
            }
        }
        ix
    }

    /// Find the best pattern at each anchor of a sentence, left to right.
    pub fn find(&self, tokens: &[Token], groups: &[Group]) -> Vec<VerbMatch> {
        let n = tokens.len();
        let mut tok_group: Vec<Option<usize>> = vec![None; n];
        for (gi, g) in groups.iter().enumerate() {
            for t in g.tok_start..g.tok_end.min(n) {
                tok_group[t] = Some(gi);
            }
        }
        let mut consumed = vec![false; n];
        let mut out = Vec::new();
        let mut cands: Vec<usize> = Vec::new();
        for i in 0..n {
            if consumed[i] {
                continue;
            }
            // An infinitive complement of a verb that already coded an event in
            // this clause is part of that event ("asked Obama to help Iran",
            // "met ... to discuss efforts to counter"): not coded again.
            if i > 0 && tokens[i - 1].norm == "to" && tokens[i].tag == Tag::VB {
                let cs = clause_start(tokens, i);
                if out.iter().any(|m: &VerbMatch| m.clause_start == cs && m.anchor < i) {
                    continue;
                }
            }
            cands.clear();
            if let Some(v) = self.by_key.get(tokens[i].norm.as_str()) {
                cands.extend_from_slice(v);
            }
            if tokens[i].lemma != tokens[i].norm {
                if let Some(v) = self.by_key.get(tokens[i].lemma.as_str()) {
                    cands.extend_from_slice(v);
                }
            }
            if cands.is_empty() {
                continue;
            }
            cands.sort_unstable();
            cands.dedup();
            let mut best: Option<(usize, usize, Attempt)> = None; // (spec, pattern, attempt)
                                                                  // the most specific pattern whose words matched, even if its actor slots did not fill
            let mut best_words: Option<(usize, usize)> = None;
            for &pi in &cands {
                let Some(a) = self.try_match(pi, tokens, groups, &tok_group, &consumed, i) else {
                    let spec = self.compiled[pi].spec;
                    if spec > 1
                        && best_words.is_none_or(|(bs, bp)| spec > bs || (spec == bs && pi < bp))
                        && self.words_match(pi, tokens, &consumed, i)
                    {
                        best_words = Some((spec, pi));
                    }
                    continue;
                };
                let spec = self.compiled[pi].spec;
                if best_words.is_none_or(|(bs, bp)| spec > bs || (spec == bs && pi < bp)) {
                    best_words = Some((spec, pi));
                }
                let better = match &best {
                    None => true,
                    Some((bs, bp, _)) => spec > *bs || (spec == *bs && pi < *bp),
                };
                if better {
                    best = Some((spec, pi, a));
                }
            }
            // A more specific reading whose actors are missing ("Bush scrapped U.S.
            // sanctions on Libya": `085 scrap sanction on +` with no subject) is not
            // replaced by a less specific pattern of another root (`163 sanction on +`).
            if let (Some((_, bp, _)), Some((_, wp))) = (&best, best_words) {
                if *bp != wp && self.root_of(*bp) != self.root_of(wp) {
                    best = None;
                }
            }
            if let Some((_, pi, a)) = best {
                let first = *a.words.iter().min().unwrap_or(&i);
                let last = *a.words.iter().max().unwrap_or(&i);
                if a.source.is_some() {
                    // nothing inside a matched pattern anchors another event
                    for c in consumed[first..=last].iter_mut() {
                        *c = true;
                    }
                } else {
                    for &t in &a.words {
                        consumed[t] = true;
                    }
                }
                if let Some(source) = a.source {
                    out.push(VerbMatch {
                        pattern: pi,
                        anchor: i,
                        verb_tok_start: first,
                        clause_start: a.clause_start,
                        source,
                        target: a.target,
                        verb_span: Span { start: tokens[first].span.start, end: tokens[last].span.end },
                    });
                }
            }
        }
        out
    }

    fn root_of(&self, pi: usize) -> Option<&str> {
        self.codes[pi].as_deref().map(|c| c.get(..2).unwrap_or(c))
    }

    /// True when the pattern's words (before and after the anchor) match,
    /// whatever its actor slots find.
    fn words_match(&self, pi: usize, tokens: &[Token], consumed: &[bool], i: usize) -> bool {
        let p = &self.compiled[pi];
        if !pos_ok(p.anchor_pos, tokens[i].tag) {
            return false;
        }
        let cs = clause_start(tokens, i);
        let ce = clause_end(tokens, i);
        let mut pos = i;
        for e in p.pre.iter().rev() {
            if let CElem::Word(set, req) = e {
                let lo = pos.saturating_sub(MAX_WORD_GAP + 1).max(cs);
                match (lo..pos).rev().find(|&j| matches_word(&tokens[j], set, *req) && !consumed[j]) {
                    Some(j) => pos = j,
                    None => return false,
                }
            }
        }
        let mut pos = i + 1;
        for e in &p.post {
            if let CElem::Word(set, req) = e {
                let hi = (pos + MAX_WORD_GAP + 1).min(ce);
                match (pos..hi).find(|&j| matches_word(&tokens[j], set, *req)) {
                    Some(j) => pos = j + 1,
                    None => return false,
                }
            }
        }
        true
    }

    fn try_match(
        &self,
        pi: usize,
        tokens: &[Token],
        groups: &[Group],
        tok_group: &[Option<usize>],
        consumed: &[bool],
        i: usize,
    ) -> Option<Attempt> {
        let p = &self.compiled[pi];
        let tag = tokens[i].tag;
        if p.bare && (!tag.is_verb() || tok_group[i].is_some()) {
            // a bare pattern fires only on a verb outside any actor mention
            return None;
        }
        if !pos_ok(p.anchor_pos, tag) {
            return None;
        }
        // A participial adjunct ("..., killing eight people", "for helping
        // militants join") has no subject of its own: not coded.
        if tag == Tag::VBG && i > 0 && !p.null {
            let prev = tokens[i - 1].norm.as_str();
            if prev == "," || matches!(prev, "for" | "by" | "after" | "before" | "while" | "without" | "when") {
                return None;
            }
        }
        // A verb-tagged anchor that is an adjectival participle after a determiner is not an event.
        let clause_start = clause_start(tokens, i);
        let clause_end = clause_end(tokens, i);
        let mut words = vec![i];
        let mut word_source: Option<usize> = None;
        let mut word_target: Option<usize> = None;
        // pre words, backwards
        let mut pos = i;
        for e in p.pre.iter().rev() {
            if let CElem::Word(set, req) = e {
                let mut found = None;
                let lo = pos.saturating_sub(MAX_WORD_GAP + 1).max(clause_start);
                let mut j = pos;
                while j > lo {
                    j -= 1;
                    if matches_word(&tokens[j], set, *req) && !consumed[j] {
                        found = Some(j);
                        break;
                    }
                }
                let j = found?;
                words.push(j);
                pos = j;
                // "Protesters clashed with": the leftmost pre word is the subject's own noun
                word_source = tok_group[j];
                if let Some(g) = word_source {
                    pos = groups[g].tok_start;
                }
            }
        }
        let pre_start = pos;
        // post elements, forwards
        let mut pos = i + 1;
        let mut target = None;
        let mut source = None;
        let mut target_required = false;
        for e in &p.post {
            match e {
                CElem::Word(set, req) => {
                    let hi = (pos + MAX_WORD_GAP + 1).min(clause_end);
                    let mut found = None;
                    for j in pos..hi {
                        if matches_word(&tokens[j], set, *req) {
                            found = Some(j);
                            break;
                        }
                        // a comma between adjectives ("complete, full diplomatic ties") is skipped
                        let adj_comma = tokens[j].norm == ","
                            && j > 0
                            && tokens[j - 1].tag.is_adj()
                            && tokens.get(j + 1).is_some_and(|t| t.tag.is_adj());
                        if is_hard_stop(&tokens[j]) && !adj_comma {
                            break;
                        }
                    }
                    let j = found?;
                    words.push(j);
                    pos = j + 1;
                    if let Some(g) = tok_group[j] {
                        // "expelled a Russian diplomat", "sent tanks to": the word is a mention's noun
                        word_target.get_or_insert(g);
                        pos = groups[g].tok_end.max(pos);
                    }
                }
                CElem::Target => {
                    target_required = true;
                    if let Some(g) = next_group_explicit(tokens, groups, tok_group, pos, clause_end) {
                        target = Some(g);
                        pos = groups[g].tok_end;
                    }
                }
                CElem::Source => {
                    let g = next_group(tokens, groups, tok_group, pos, clause_end)?;
                    source = Some(g);
                    pos = groups[g].tok_end;
                }
            }
        }
        if target_required && target.is_none() && word_target.is_some() {
            target = word_target;
        }
        // passive voice: "X was attacked by Y"
        // also the reduced relative "Iraqi forces, backed by US air strikes"
        // also the reduced relative ("Iraqi forces, backed by US air strikes", "those
        // killed in avalanches"): a participle not after have/has/had
        let passive = tag == Tag::VBN
            && (is_passive(tokens, i, clause_start)
                || (i > 0 && matches!(tokens[i - 1].norm.as_str(), "," | "those" | "people" | "civilians"))
                    && !after_have(tokens, i));
        let mut subject_is_target = false;
        if passive && source.is_none() {
            // the by-agent, after the verb (an explicit `+` slot may have taken it)
            let mut by_group = None;
            for j in i + 1..clause_end.min(i + 9) {
                if tokens[j].norm == "by" {
                    by_group = next_group(tokens, groups, tok_group, j + 1, clause_end);
                    break;
                }
                if is_hard_stop(&tokens[j]) {
                    break;
                }
            }
            let g = by_group?;
            source = Some(g);
            if target == Some(g) {
                target = None;
            }
            subject_is_target = true;
        }
        // default source: possessive / pre-nominal actor, else the subject
        let subject = find_subject(tokens, groups, pre_start, clause_start, target);
        if subject_is_target {
            if target.is_none() {
                target = subject;
            }
        } else if source.is_none() && word_source.is_some() {
            source = word_source;
        } else if source.is_none() {
            // possessive or adjectival actor right before a noun anchor: "Russia's attack", "Russian strikes"
            if !tag.is_verb() {
                if let Some(g) = group_ending_before(groups, pre_start, tokens) {
                    source = Some(g);
                } else if let Some(g) = possessive_pronoun_referent(tokens, groups, pre_start, clause_start) {
                    // "sanctions on Russia over its invasion of Ukraine": "its" is Russia
                    source = Some(g);
                }
            }
            if source.is_none() {
                source = subject;
            }
        }
        // A null-code pattern needs no actors: it blocks the anchor.
        if p.null {
            return Some(Attempt { words, source: None, target: None, clause_start });
        }
        let src = source?;
        // implicit target: the first group after the matched words, else a
        // mention whose noun a pattern word matched
        if target.is_none() && !target_required {
            target = object_group(tokens, groups, tok_group, pos, clause_end).or(word_target);
        }
        if target == Some(src) {
            target = None;
        }
        if target.is_none() && groups[src].members.len() < 2 {
            return None;
        }
        Some(Attempt { words, source: Some(src), target, clause_start })
    }
}

#[derive(Debug, Clone)]
struct Attempt {
    words: Vec<usize>,
    source: Option<usize>,
    target: Option<usize>,
    clause_start: usize,
}

fn pos_ok(req: PosReq, tag: Tag) -> bool {
    match req {
        PosReq::Any => true,
        PosReq::Verb => tag.is_verb(),
        PosReq::Noun => tag.is_noun(),
    }
}

fn matches_word(t: &Token, set: &HashSet<String>, req: PosReq) -> bool {
    pos_ok(req, t.tag) && (set.contains(t.norm.as_str()) || set.contains(t.lemma.as_str()))
}

/// Clause boundaries: `;`, `:`, and `--`.
fn is_boundary(t: &Token) -> bool {
    matches!(t.norm.as_str(), ";" | ":" | "--")
}

/// Tokens a word element or slot never reaches across.
fn is_hard_stop(t: &Token) -> bool {
    is_boundary(t) || matches!(t.norm.as_str(), "." | "," | "(" | ")" | "\"")
}

fn clause_start(tokens: &[Token], i: usize) -> usize {
    (0..i).rev().find(|&j| is_boundary(&tokens[j])).map(|j| j + 1).unwrap_or(0)
}

fn clause_end(tokens: &[Token], i: usize) -> usize {
    (i + 1..tokens.len()).find(|&j| is_boundary(&tokens[j])).unwrap_or(tokens.len())
}

const BE: &[&str] =
    &["is", "are", "was", "were", "be", "been", "being", "get", "got", "gets", "getting", "'s", "'re", "am"];

fn is_passive(tokens: &[Token], i: usize, clause_start: usize) -> bool {
    let lo = i.saturating_sub(4).max(clause_start);
    let mut j = i;
    while j > lo {
        j -= 1;
        let n = tokens[j].norm.as_str();
        if BE.contains(&n) {
            return true;
        }
        if !(tokens[j].tag == Tag::RB || n == "not" || n == "n't" || tokens[j].tag == Tag::MD || n == "reportedly") {
            return false;
        }
    }
    false
}

/// Most tokens walked through an object noun phrase and its prepositional
/// phrases when looking for an implicit target.
pub const MAX_OBJECT_WALK: usize = 12;

/// The implicit target: the first group inside the verb's object, walking
/// through its noun phrase and prepositional phrases ("welcomed a resumption
/// of formal diplomatic ties with Osgiliath") but stopping at a verb, a
/// clause boundary, a comma, "that", or after 12 tokens. Groups right after
/// a temporal/causal preposition are passed over ("after", "before",
/// "despite").
fn object_group(
    tokens: &[Token],
    groups: &[Group],
    tok_group: &[Option<usize>],
    pos: usize,
    end: usize,
) -> Option<usize> {
    let hi = (pos + MAX_OBJECT_WALK + 1).min(end);
    let mut j = pos;
    while j < hi {
        if let Some(g) = tok_group[j] {
            if groups[g].tok_start == j {
                let prev = if j > 0 { tokens[j - 1].norm.as_str() } else { "" };
                if !matches!(prev, "after" | "before" | "despite" | "since" | "than" | "like") {
                    return Some(g);
                }
            }
            j = groups[g].tok_end;
            continue;
        }
        let t = &tokens[j];
        if is_hard_stop(t)
            || t.tag.is_verb() && !(t.tag == Tag::VBG || t.tag == Tag::VBN) && j > pos
            || matches!(t.tag, Tag::MD | Tag::WDT | Tag::WP | Tag::CC)
            || t.norm == "that"
        {
            return None;
        }
        j += 1;
    }
    None
}

/// Like [`next_group`] for an explicit `+` slot: also steps over "that"
/// ("demanded that Japan release").
fn next_group_explicit(
    tokens: &[Token],
    groups: &[Group],
    tok_group: &[Option<usize>],
    pos: usize,
    end: usize,
) -> Option<usize> {
    if pos < end && tokens[pos].norm == "that" {
        return next_group(tokens, groups, tok_group, pos + 1, end);
    }
    next_group(tokens, groups, tok_group, pos, end)
}

/// The first group starting at or after `pos` within the slot window, the
/// tokens skipped being neither hard stops nor finite verbs.
fn next_group(
    tokens: &[Token],
    groups: &[Group],
    tok_group: &[Option<usize>],
    pos: usize,
    end: usize,
) -> Option<usize> {
    let hi = (pos + MAX_SLOT_GAP + 1).min(end);
    for j in pos..hi {
        if let Some(g) = tok_group[j] {
            if groups[g].tok_start == j {
                return Some(g);
            }
            return None;
        }
        let t = &tokens[j];
        if is_hard_stop(t) || matches!(t.tag, Tag::VBD | Tag::VBZ | Tag::VBP | Tag::MD) || t.norm == "that" {
            return None;
        }
    }
    None
}

const PREPS: &[&str] = &[
    "in",
    "at",
    "for",
    "with",
    "to",
    "from",
    "of",
    "on",
    "against",
    "over",
    "between",
    "among",
    "near",
    "into",
    "toward",
    "towards",
    "by",
    "about",
    "after",
    "before",
    "during",
    "under",
    "without",
    "than",
    "like",
    "via",
    "including",
    "amid",
    "across",
    "through",
    "behind",
];

/// The subject for an anchor: the nearest group before `pre_start` in the
/// clause that is not inside a prepositional phrase and is not the target.
fn find_subject(
    tokens: &[Token],
    groups: &[Group],
    pre_start: usize,
    clause_start: usize,
    target: Option<usize>,
) -> Option<usize> {
    for (gi, g) in groups.iter().enumerate().rev() {
        if g.tok_end > pre_start || g.tok_start < clause_start {
            continue;
        }
        if Some(gi) == target {
            continue;
        }
        if in_closed_relative(tokens, g.tok_start, pre_start) {
            // "Russia, which attacked Ukraine in 2014, met China": not "Ukraine"
            continue;
        }
        let in_pp = g.tok_start > 0 && {
            // look back over determiners/adjectives to the governing word
            let mut j = g.tok_start;
            let mut gov = None;
            while j > clause_start {
                j -= 1;
                let t = &tokens[j];
                if matches!(t.tag, Tag::DT | Tag::JJ | Tag::PRPS | Tag::CD) {
                    continue;
                }
                gov = Some(j);
                break;
            }
            gov.is_some_and(|j| PREPS.contains(&tokens[j].norm.as_str()))
        };
        if !in_pp {
            return Some(gi);
        }
    }
    None
}

/// A group ending right before a noun anchor (possibly with `'s` and up to
/// two modifiers between): the possessor or adjectival actor.
fn group_ending_before(groups: &[Group], pre_start: usize, tokens: &[Token]) -> Option<usize> {
    for (gi, g) in groups.iter().enumerate() {
        if g.tok_end > pre_start {
            continue;
        }
        let gap = pre_start - g.tok_end;
        if gap > 3 {
            continue;
        }
        let ok = (g.tok_end..pre_start).all(|t| {
            let n = tokens[t].norm.as_str();
            n == "'s" || n == "'" || tokens[t].tag.is_adj() || (tokens[t].tag == Tag::NN && n != "of")
        });
        if ok {
            return Some(gi);
        }
    }
    None
}

/// For a noun anchor preceded (within three tokens) by "its"/"their": the
/// nearest group before that pronoun in the clause.
fn possessive_pronoun_referent(
    tokens: &[Token],
    groups: &[Group],
    pre_start: usize,
    clause_start: usize,
) -> Option<usize> {
    let lo = pre_start.saturating_sub(3).max(clause_start);
    let p = (lo..pre_start).rev().find(|&j| matches!(tokens[j].norm.as_str(), "its" | "their"))?;
    groups.iter().enumerate().rev().find(|(_, g)| g.tok_end <= p && g.tok_start >= clause_start).map(|(gi, _)| gi)
}

/// True when a form of "have" comes within three tokens before `i` (a perfect
/// tense: "has attacked").
fn after_have(tokens: &[Token], i: usize) -> bool {
    (i.saturating_sub(3)..i).any(|j| matches!(tokens[j].norm.as_str(), "have" | "has" | "had" | "'ve" | "having"))
}

/// True when token `at` lies inside a relative clause (", which/who/whose/whom
/// … ,") that is closed before `anchor`.
fn in_closed_relative(tokens: &[Token], at: usize, anchor: usize) -> bool {
    // find the opener before `at`
    let mut j = at;
    let mut opener = None;
    while j > 0 {
        j -= 1;
        let n = tokens[j].norm.as_str();
        if n == "," {
            break;
        }
        if matches!(n, "which" | "who" | "whose" | "whom") && j > 0 && tokens[j - 1].norm == "," {
            opener = Some(j);
            break;
        }
    }
    if opener.is_none() {
        return false;
    }
    // and its closing comma between `at` and the anchor
    (at..anchor).any(|k| tokens[k].norm == ",")
}

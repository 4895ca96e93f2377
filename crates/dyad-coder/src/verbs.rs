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

/// Most tokens skipped between two consecutive word elements of dyad's own patterns.
pub const MAX_WORD_GAP: usize = 3;
/// Most tokens skipped between two word elements of a PETRARCH/TABARI pattern
/// (`Pattern::wide`: any words may intervene unless `_` joins them; the clause
/// and hard stops still bound the search).
pub const MAX_WIDE_GAP: usize = 10;
/// Most tokens skipped before a target/source slot.
pub const MAX_SLOT_GAP: usize = 5;

#[derive(Debug, Clone)]
enum CElem {
    Word(Arc<WordSet>, PosReq),
    Source,
    Target,
    Adjacent,
    Skip,
}

#[derive(Debug, Clone)]
struct CPattern {
    pre: Vec<CElem>,
    anchor_pos: PosReq,
    post: Vec<CElem>,
    bare: bool,
    spec: usize,
    null: bool,
    /// PETRARCH `%` before the verb: the subject must be a compound, coded
    /// pairwise among its members.
    compound: bool,
    /// Most tokens between two word elements.
    gap: usize,
    /// A PETRARCH-1/TABARI pattern (`Pattern::wide`): the first actor after
    /// the verb is its target, also across "that".
    wide: bool,
    /// A PETRARCH-2 pattern line (parse-based in PETRARCH-2): its words after
    /// the verb stay in the verb's clause, before the next finite verb or modal.
    finite_stop: bool,
    /// A `- … * …` pattern line (not a verb form): at equal specificity it
    /// ranks above a verb form, as PETRARCH tries a verb's patterns before
    /// falling back to the verb's own code.
    line: bool,
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
    /// Last token of the matched words.
    pub verb_tok_end: usize,
    /// First token of the clause holding the anchor.
    pub clause_start: usize,
    /// Source group index.
    pub source: usize,
    /// Target group index; `None` for a compound source with no target.
    pub target: Option<usize>,
    /// Bytes from the first to the last matched word.
    pub verb_span: Span,
    /// The event code when a transformation replaced the pattern's (`None`:
    /// the pattern's code).
    pub code: Option<String>,
    /// Index into `Dictionaries::transformations` of the transformation that
    /// rewrote this match, if one did.
    pub transform: Option<usize>,
    /// For the verb of an infinitive complement that follows an earlier
    /// match's words directly ("wants to **help** Israel", "asked Obama to
    /// **help**"): the index of that match in the same `find` result. The
    /// coder composes the two (`crate::compose`) or drops this one.
    pub complement_of: Option<usize>,
    /// With `complement_of`: the actor group between the upper verb's words
    /// and "to" ("asked **Obama** to help"), if there is one.
    pub object: Option<usize>,
    /// Index into `Dictionaries::patterns` of a complement's pattern composed
    /// into this match, for provenance.
    pub inner: Option<usize>,
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

/// The alternatives of one pattern word: single words (with their regular
/// inflections) and multi-word phrases (PETRARCH synonym-set members such as
/// "did n't", matched as consecutive tokens, the last word inflected).
#[derive(Debug, Default)]
struct WordSet {
    single: HashSet<String>,
    multi: Vec<Vec<String>>,
    /// Match the written form only (no lemma): see `compile_elem`.
    exact: bool,
}

impl WordSet {
    /// Length of the alternative starting at token `j`, if one does.
    fn at(&self, tokens: &[Token], j: usize, req: PosReq) -> Option<usize> {
        let t = &tokens[j];
        if pos_ok(req, t.tag) && self.has(t) {
            return Some(1);
        }
        self.multi.iter().filter(|m| self.phrase_at(tokens, j, m)).map(Vec::len).max()
    }

    /// Start of the alternative ending at token `j`, if one does.
    fn ending_at(&self, tokens: &[Token], j: usize, req: PosReq) -> Option<usize> {
        let t = &tokens[j];
        if pos_ok(req, t.tag) && self.has(t) {
            return Some(j);
        }
        self.multi
            .iter()
            .filter(|m| m.len() <= j + 1 && self.phrase_at(tokens, j + 1 - m.len(), m))
            .map(|m| j + 1 - m.len())
            .min()
    }

    /// One token is one of the single-word alternatives.
    fn has(&self, t: &Token) -> bool {
        self.single.contains(t.norm.as_str()) || !self.exact && self.single.contains(t.lemma.as_str())
    }

    fn phrase_at(&self, tokens: &[Token], j: usize, m: &[String]) -> bool {
        j + m.len() <= tokens.len()
            && m.iter().enumerate().all(|(k, w)| {
                let t = &tokens[j + k];
                t.norm == *w || (k + 1 == m.len() && t.lemma == *w)
            })
    }
}

/// Word sets shared between patterns (synonym sets recur thousands of times
/// in PETRARCH dictionaries): alternatives → inflected forms.
type SetMemo = HashMap<(Vec<String>, bool), Arc<WordSet>>;

/// Compile one pattern element. `literal_exact`: a word written alone (not a
/// synonym set of several) matches only as written — PETRARCH-1/TABARI match
/// a pattern's literal words exactly ("failed closed match": `* RESOLUTION`
/// does not match "resolutions"); synonym sets and dyad's own words also
/// match inflected forms.
fn compile_elem(e: &Elem, memo: &mut SetMemo, literal_exact: bool) -> CElem {
    match e {
        Elem::Word { alts, pos } => {
            let exact = literal_exact && alts.len() == 1 && !alts[0].contains(' ');
            let set = memo
                .entry((alts.clone(), exact))
                .or_insert_with(|| {
                    let mut set = WordSet { exact, ..WordSet::default() };
                    for a in alts {
                        if a.contains(' ') {
                            set.multi.push(a.split(' ').map(str::to_string).collect());
                            continue;
                        }
                        if exact {
                            set.single.insert(a.clone());
                            continue;
                        }
                        for f in inflections(a) {
                            set.single.insert(f);
                        }
                    }
                    Arc::new(set)
                })
                .clone();
            CElem::Word(set, *pos)
        }
        Elem::Source => CElem::Source,
        Elem::Target => CElem::Target,
        Elem::Adjacent => CElem::Adjacent,
        Elem::Skip => CElem::Skip,
    }
}

impl PatternIndex {
    /// Compile patterns.
    pub fn build(patterns: &[Pattern]) -> PatternIndex {
        let mut ix = PatternIndex::default();
        let mut memo = SetMemo::default();
        let mut anchor_memo: HashMap<Vec<String>, Vec<String>> = HashMap::default();
        for (i, p) in patterns.iter().enumerate() {
            let pre: Vec<CElem> = p.pre.iter().map(|e| compile_elem(e, &mut memo, p.wide)).collect();
            let post: Vec<CElem> = p.post.iter().map(|e| compile_elem(e, &mut memo, p.wide)).collect();
            let bare = !pre.iter().chain(&post).any(|e| matches!(e, CElem::Word(..)));
            let compound = pre.iter().any(|e| matches!(e, CElem::Source));
            ix.codes.push(p.code.clone());
            ix.compiled.push(CPattern {
                pre,
                anchor_pos: p.anchor_pos,
                post,
                bare: bare && !compound,
                spec: p.specificity() + usize::from(compound),
                // `[:173]` codes only the reverse direction: not a null pattern
                null: p.code.is_none() && p.rev_code.is_none(),
                compound,
                gap: if p.wide { MAX_WIDE_GAP } else { MAX_WORD_GAP },
                wide: p.wide,
                line: p.wide && p.text.trim_start().starts_with('-'),
                finite_stop: !p.wide && p.text.trim_start().starts_with('-'),
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
        let mut cands: Vec<(usize, bool)> = Vec::new();
        for i in 0..n {
            if consumed[i] {
                continue;
            }
            // An infinitive complement of a verb that already coded an event in
            // this clause is part of that event ("met ... to discuss efforts to
            // counter"): not coded on its own. Right after the verb's words, or
            // after its object ("wants to help", "asked Obama to help"), it is
            // matched and marked, and the coder composes the two.
            let mut complement: Option<(usize, Option<usize>)> = None;
            if i > 0 && tokens[i - 1].norm == "to" && tokens[i].tag == Tag::VB {
                let cs = clause_start(tokens, i);
                if let Some(k) = out.iter().rposition(|m: &VerbMatch| m.clause_start == cs && m.anchor < i) {
                    // (an actor after a pattern's preposition is its target, not an
                    // object: "offered its troops to Lebanon's president to help")
                    let after_verb = tokens[out[k].verb_tok_end].tag.is_verb();
                    // (a match that coded nothing by itself — no target, waiting for
                    // its own complement — does not swallow later ones: "agreed to
                    // send a mission … to investigate abuses by security forces")
                    let coded = |m: &VerbMatch| m.target.is_some() || groups[m.source].is_compound();
                    // (and one after a noun completes the noun: "welcomed Russia's
                    // decision to withdraw")
                    // (a promise's object is who is promised, not who acts: "Russia
                    // promised Iran to attack Israel" is Russia's act)
                    let promise =
                        matches!(tokens[out[k].verb_tok_end].lemma.as_str(), "promise" | "pledge" | "vow" | "offer");
                    match direct_object(&tok_group, out[k].verb_tok_end + 1, i - 1) {
                        Some(_) if !after_verb => continue,
                        Some(_) if promise => complement = Some((k, None)),
                        Some(obj) => complement = Some((k, obj)),
                        None if out.iter().any(|m| m.clause_start == cs && m.anchor < i && coded(m)) => continue,
                        None => {}
                    }
                }
            }
            // Candidates keyed by the surface form rank above those reached only
            // through the lemma at equal specificity: PETRARCH-1 files give
            // irregular forms their own blocks (`MET [031:032]` beside
            // `MEET [031:031]`, `LEFT` beside `LEAVE`).
            cands.clear();
            if let Some(v) = self.by_key.get(tokens[i].norm.as_str()) {
                cands.extend(v.iter().map(|&pi| (pi, true)));
            }
            if tokens[i].lemma != tokens[i].norm {
                if let Some(v) = self.by_key.get(tokens[i].lemma.as_str()) {
                    cands.extend(v.iter().map(|&pi| (pi, false)));
                }
            }
            if cands.is_empty() {
                continue;
            }
            // one entry per pattern, the surface-form one kept
            cands.sort_unstable_by_key(|&(pi, exact)| (pi, !exact));
            cands.dedup_by_key(|c| c.0);
            // rank: specificity, then surface form over lemma, then dictionary order
            // …then dictionary order: the first of equals in PETRARCH-1/TABARI
            // and dyad files, the last in PETRARCH-2 files, whose reader keeps
            // the last of two identical pattern lines (`RATIFY - * &TREATY [057]`
            // after `APPROVE - * &TREATY [031:031]` in one block)
            type Rank = (usize, bool, bool, isize);
            let rank = |pi: usize, exact: bool| -> Rank {
                let c = &self.compiled[pi];
                let order = if c.finite_stop { pi as isize } else { -(pi as isize) };
                (c.spec, exact, c.line, order)
            };
            let mut best: Option<(Rank, usize, Attempt)> = None;
            // the best pattern whose words matched, even if its actor slots did not fill
            let mut best_words: Option<(Rank, usize)> = None;
            let sent = Sent { tokens, groups, tok_group: &tok_group };
            for &(pi, exact) in &cands {
                let a = match self.try_match(pi, &sent, &consumed, i, complement.is_some()) {
                    Ok(a) => a,
                    Err(Miss::Actors) => {
                        let r = rank(pi, exact);
                        if r.0 > 1 && best_words.as_ref().is_none_or(|(br, _)| r > *br) {
                            best_words = Some((r, pi));
                        }
                        continue;
                    }
                    Err(Miss::Words) => continue,
                };
                let r = rank(pi, exact);
                if best_words.as_ref().is_none_or(|(br, _)| r > *br) {
                    best_words = Some((r, pi));
                }
                if best.as_ref().is_none_or(|(br, _, _)| r > *br) {
                    best = Some((r, pi, a));
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
                    // a null-code match blocks its own words after the anchor from
                    // anchoring events; the anchor and its pre words stay available
                    // as pattern words of later verbs ("have" before "have delayed")
                    for &t in a.words.iter().filter(|&&t| t > i) {
                        consumed[t] = true;
                    }
                }
                if let Some(source) = a.source {
                    out.push(VerbMatch {
                        pattern: pi,
                        anchor: i,
                        verb_tok_start: first,
                        verb_tok_end: last,
                        clause_start: a.clause_start,
                        source,
                        target: a.target,
                        verb_span: Span { start: tokens[first].span.start, end: tokens[last].span.end },
                        code: None,
                        transform: None,
                        complement_of: complement.map(|c| c.0),
                        object: complement.and_then(|c| c.1),
                        inner: None,
                    });
                }
            }
        }
        out
    }

    fn root_of(&self, pi: usize) -> Option<&str> {
        self.codes[pi].as_deref().map(|c| c.get(..2).unwrap_or(c))
    }

    /// Try pattern `pi` at anchor `i`. `complement`: the anchor heads an
    /// infinitive complement of an earlier match (its target may be missing).
    fn try_match(&self, pi: usize, s: &Sent, consumed: &[bool], i: usize, complement: bool) -> Result<Attempt, Miss> {
        let Sent { tokens, groups, tok_group } = *s;
        let p = &self.compiled[pi];
        let tag = tokens[i].tag;
        if p.bare && (!tag.is_verb() || tok_group[i].is_some()) {
            // a bare pattern fires only on a verb outside any actor mention
            return Err(Miss::Words);
        }
        if !pos_ok(p.anchor_pos, tag) {
            return Err(Miss::Words);
        }
        // A participial adjunct ("..., killing eight people", "for helping
        // militants join") has no subject of its own: not coded.
        let adjunct = |k: usize| {
            k > 0
                && tokens[k].tag == Tag::VBG
                && matches!(
                    tokens[k - 1].norm.as_str(),
                    "," | "for" | "by" | "after" | "before" | "while" | "without" | "when"
                )
        };
        if !p.null && (adjunct(i) || in_quoted_modifier(tokens, i)) {
            return Err(Miss::Words);
        }
        // …nor has a bare verb that completes one ("for helping militants join a
        // group": "join"), within a few tokens and no other verb between
        if !p.null && matches!(tag, Tag::VB | Tag::VBP) && i > 0 {
            let back = (i.saturating_sub(6)..i).rev().find(|&k| tokens[k].tag.is_verb() || is_hard_stop(&tokens[k]));
            if back.is_some_and(adjunct) {
                return Err(Miss::Words);
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
        let mut adj = false;
        // a `+` before the verb in a pattern whose `$` comes after it
        // (PETRARCH-1: `+ WAS * DEAD IN $`, "An Eriadorian was shot dead in
        // Osgiliath"): the mention ending there is the target
        let post_source = p.post.iter().any(|e| matches!(e, CElem::Source));
        let mut pre_target: Option<usize> = None;
        for e in p.pre.iter().rev() {
            if matches!(e, CElem::Adjacent) {
                adj = true;
                continue;
            }
            let bound = std::mem::take(&mut adj);
            if matches!(e, CElem::Target) && post_source {
                let lo = pos.saturating_sub(MAX_SLOT_GAP + 1).max(clause_start);
                let g = (lo..pos).rev().find_map(|j| tok_group[j]).ok_or(Miss::Actors)?;
                pre_target = Some(g);
                pos = groups[g].tok_start;
                continue;
            }
            if let CElem::Word(set, req) = e {
                let mut found = None;
                let lo = pos.saturating_sub(if bound { 1 } else { p.gap + 1 }).max(clause_start);
                let mut j = pos;
                while j > lo {
                    j -= 1;
                    if consumed[j] {
                        continue;
                    }
                    if let Some(st) = set.ending_at(tokens, j, *req) {
                        found = Some((st, j));
                        break;
                    }
                }
                let (st, j) = found.ok_or(Miss::Words)?;
                words.push(j);
                if st < j {
                    words.push(st);
                }
                pos = st;
                let j = st;
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
        // a pattern word found in a passive verb's subject
        let mut fronted: Option<usize> = None;
        let mut adj = false;
        for e in &p.post {
            let bound = std::mem::take(&mut adj);
            match e {
                CElem::Adjacent => adj = true,
                CElem::Word(set, req) => {
                    let hi = (pos + if bound { 1 } else { p.gap + 1 }).min(clause_end);
                    let mut found = None;
                    for j in pos..hi {
                        // a finite verb or modal starts another clause: a PETRARCH-2
                        // pattern's words stay in the verb's own ("said Ukraine
                        // attacked" is not `say … attack` the noun)
                        if p.finite_stop && matches!(tokens[j].tag, Tag::VBD | Tag::VBZ | Tag::VBP | Tag::MD) {
                            break;
                        }
                        // …nor reach into an infinitive complement, whose verb codes
                        // its own act ("agreed to lift the sanctions" is not `agree
                        // (to sanctions)`; "asked Obama to help" is not `ask … help`
                        // the noun)
                        if p.finite_stop && tokens[j].tag == Tag::VB && j > 0 && tokens[j - 1].norm == "to" {
                            break;
                        }
                        // (nor is its "to" the preposition `(TO)`: "ordered its forces to
                        // attack Israel" is not `ORDER - * (TO) [042:043]`)
                        if p.finite_stop
                            && tokens[j].norm == "to"
                            && tokens.get(j + 1).is_some_and(|t| t.tag == Tag::VB)
                        {
                            break;
                        }
                        if let Some(n) = set.at(tokens, j, *req) {
                            found = Some((j, n));
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
                    // A passive verb's object is its subject ("Evidence against
                    // Russia was presented by the US" is `present * EVIDENCE`): the
                    // one word of a PETRARCH-2 pattern may stand before the verb.
                    if found.is_none()
                        && p.finite_stop
                        && p.post.len() == 1
                        && tag == Tag::VBN
                        && is_passive(tokens, i, clause_start)
                    {
                        if let Some(j) = (clause_start..pre_start)
                            .find(|&j| tokens[j].tag.is_noun() && set.at(tokens, j, *req) == Some(1))
                        {
                            words.push(j);
                            fronted = Some(j);
                            continue;
                        }
                    }
                    let (j, n) = found.ok_or(Miss::Words)?;
                    words.push(j);
                    if n > 1 {
                        words.push(j + n - 1);
                    }
                    pos = j + n;
                    if let Some(g) = tok_group[j] {
                        // "expelled a Russian diplomat", "sent tanks to": the word is a mention's noun
                        word_target.get_or_insert(g);
                        pos = groups[g].tok_end.max(pos);
                    }
                }
                CElem::Skip => pos = skip_phrase(tokens, groups, tok_group, pos, clause_end),
                CElem::Target => {
                    target_required = true;
                    if let Some(g) = next_group_explicit(tokens, groups, tok_group, pos, clause_end) {
                        target = Some(g);
                        pos = groups[g].tok_end;
                    }
                }
                CElem::Source => {
                    let g = next_group(tokens, groups, tok_group, pos, clause_end).ok_or(Miss::Actors)?;
                    source = Some(g);
                    pos = groups[g].tok_end;
                }
            }
        }
        if target_required && target.is_none() && word_target.is_some() {
            target = word_target;
        }
        if target.is_none() {
            target = pre_target;
        }
        // passive voice: "X was attacked by Y"
        // also the reduced relative "Iraqi forces, backed by US air strikes"
        // also the reduced relative ("Iraqi forces, backed by US air strikes", "those
        // killed in avalanches"): a participle not after have/has/had
        // a participle right after a common noun that is no actor modifies that
        // noun ("a regional trip aimed at …", "soldiers killed in …")
        let after_noun = i > 0
            && matches!(tokens[i - 1].tag, Tag::NN | Tag::NNS)
            && tok_group[i - 1].is_none()
            && tokens.get(i + 1).is_some_and(|t| t.tag == Tag::IN || t.tag == Tag::TO);
        // …and any participle between a noun and "by" ("victims killed by …",
        // whichever way the tagger read it)
        let noun_by = i > 0
            && matches!(tag, Tag::VBN | Tag::VBD)
            && tokens[i - 1].tag.is_noun()
            && tokens.get(i + 1).is_some_and(|t| t.norm == "by")
            && !words.contains(&(i + 1)); // (not the pattern's own "by": "stood by")
        let passive = tag == Tag::VBN
            && (is_passive(tokens, i, clause_start)
                || (i > 0 && matches!(tokens[i - 1].norm.as_str(), "," | "those" | "people" | "civilians")
                    || after_noun)
                    && !after_have(tokens, i))
            || noun_by && !after_have(tokens, i);
        let mut subject_is_target = false;
        if passive && source.is_none() {
            // the by-agent, after the verb (an explicit `+` slot may have taken it)
            let mut by_group = None;
            for j in i + 1..clause_end.min(i + 9) {
                if tokens[j].norm == "by" {
                    // the agent is the phrase right after "by" ("by Ukrainian forces"),
                    // not an actor further on ("positioned by the border fired on
                    // Ukraine", "killed by night")
                    let mut k = j + 1;
                    while k < clause_end
                        && tok_group[k].is_none()
                        && (matches!(tokens[k].tag, Tag::DT | Tag::PRPS | Tag::CD | Tag::RB) || tokens[k].tag.is_adj())
                    {
                        k += 1;
                    }
                    by_group = tok_group.get(k).copied().flatten();
                    break;
                }
                if is_hard_stop(&tokens[j]) {
                    break;
                }
            }
            let g = by_group.ok_or(Miss::Actors)?;
            source = Some(g);
            if target == Some(g) {
                target = None;
            }
            subject_is_target = true;
        }
        // default source: possessive / pre-nominal actor, else the subject
        let subject = find_subject(tokens, groups, pre_start, clause_start, target);
        if subject_is_target {
            // (a participle after a common noun that is no actor modifies that
            // noun, its subject: "an agreement forced on … by Saudi Arabia")
            if target.is_none() && !after_noun {
                target = subject;
            }
            // (the pattern's object word in the subject: the actor after it there,
            // "Evidence against Russia was presented by the US")
            if let Some(f) = fronted {
                target = groups
                    .iter()
                    .position(|g| g.tok_start > f && g.tok_end <= pre_start && Some(g) != source.map(|s| &groups[s]))
                    .or(target);
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
            // an event noun that is the object of a verb of reaction is not the
            // subject's act ("Russia condemned the strike on Kyiv": the strike is
            // not Russia's; "Russia launched a strike" keeps Russia)
            let governed = !tag.is_verb()
                && pre_start == i
                && (clause_start..i)
                    .rev()
                    .take_while(|&j| !is_hard_stop(&tokens[j]))
                    .find(|&j| tokens[j].tag.is_verb())
                    .is_some_and(|j| REACTION.contains(&tokens[j].lemma.as_str()));
            if source.is_none() && !governed {
                source = subject;
            }
        }
        // A null-code pattern needs no actors: it blocks the anchor.
        if p.null {
            return Ok(Attempt { words, source: None, target: None, clause_start });
        }
        let src = source.ok_or(Miss::Actors)?;
        if p.compound {
            // `% * [030:030]`: the members of a compound subject, pairwise
            if !groups[src].is_compound() {
                return Err(Miss::Actors);
            }
            return Ok(Attempt { words, source: Some(src), target: None, clause_start });
        }
        // implicit target: the first group after the matched words, else a
        // mention whose noun a pattern word matched
        if target.is_none() && !target_required {
            // PETRARCH-1/TABARI read the first actor after the verb, also across
            // a complementiser ("allowed that Mordor isn't …")
            let wide = p.wide;
            // the mention a pattern word sits in ("expelled two Russian diplomats"),
            // else the verb's own object before the pattern's first word after it
            // ("engaged Filipino peacekeepers in a firefight"), else the first
            // actor after the matched words
            let first_post = words.iter().copied().filter(|&w| w > i).min();
            let has_country = |g: usize| groups[g].members.iter().any(|m| !m.code.starts_with("---"));
            target = word_target
                .filter(|&g| has_country(g))
                .or_else(|| {
                    // (an agent with no country there is a modifier: "conducting military exercises")
                    first_post
                        .and_then(|fp| object_group(tokens, groups, tok_group, i + 1, fp, wide))
                        .filter(|&g| has_country(g))
                })
                .or_else(|| {
                    // PETRARCH-2 patterns: the first actor in the verb's phrase, a
                    // pattern's own words passed over ("attend a summit in
                    // Switzerland on the unrest in Iran": Switzerland)
                    if !p.finite_stop {
                        return None;
                    }
                    object_group(tokens, groups, tok_group, i + 1, clause_end, false).filter(|&g| has_country(g))
                })
                .or_else(|| object_group(tokens, groups, tok_group, pos, clause_end, wide))
                .or(word_target);
            // …and take it even when the pattern's words come after it ("allowed
            // that Mordor isn't a really pleasant place": `* REALLY_PLEASANT`)
            if target.is_none() && wide && pos > i + 1 {
                target = object_group(tokens, groups, tok_group, i + 1, clause_end, true);
            }
        }
        if target == Some(src) {
            target = None;
        }
        // an explicit `+` slot left empty does not fall back to a compound
        // source's pairwise reading
        if target.is_none() && (target_required || !groups[src].is_compound()) {
            // "wants to help Israel", "asked Obama to help": the target may come
            // from an infinitive complement right after the words (the coder
            // composes the two; alone, this match codes nothing)
            let last = words.iter().copied().max().unwrap_or(i);
            // (a complement's own target may be missing: "asked Putin to release
            // the prisoners" — Putin, the upper verb's object, is the target)
            // …and a reflexive object ("Iraq had attacked themselves") leaves it
            // to a transformation ("The US said that …": 112 US → Iraq)
            let reflexive = tokens.get(last + 1).is_some_and(|t| {
                matches!(t.norm.as_str(), "themselves" | "itself" | "himself" | "herself" | "ourselves")
            });
            if target_required || !(complement || reflexive || infinitive_follows(tokens, tok_group, last + 1)) {
                return Err(Miss::Actors);
            }
        }
        Ok(Attempt { words, source: Some(src), target, clause_start })
    }
}

/// What lies between an upper verb's last word (`from`) and the "to" of its
/// infinitive complement (`to`, exclusive): nothing (`Some(None)`: "wants to
/// help") or exactly one actor mention, its object (`Some(Some(g))`: "asked
/// Obama to help"); `None` for anything else ("met X in Y to discuss").
fn direct_object(tok_group: &[Option<usize>], from: usize, to: usize) -> Option<Option<usize>> {
    if from >= to {
        return Some(None);
    }
    let g = tok_group[from]?;
    tok_group[from..to].iter().all(|&t| t == Some(g)).then_some(Some(g))
}

/// True when token `i` is inside a short quotation that modifies the noun
/// after it: a slogan ("unfurling giant \"Free Tibet\" banners", "\"Death to
/// America\" chants") names a thing, it reports no act.
fn in_quoted_modifier(tokens: &[Token], i: usize) -> bool {
    let quote = |t: &Token| matches!(t.norm.as_str(), "\"" | "`" | "'") && t.tag != Tag::POS;
    let Some(open) = (i.saturating_sub(4)..i).rev().find(|&j| quote(&tokens[j])) else { return false };
    let Some(close) = (i + 1..(i + 5).min(tokens.len())).find(|&j| quote(&tokens[j])) else { return false };
    open + 1 < close
        && !tokens[open + 1..close].iter().any(|t| matches!(t.norm.as_str(), "," | "." | ";" | ":"))
        && tokens.get(close + 1).is_some_and(|t| matches!(t.tag, Tag::NN | Tag::NNS))
}

/// True when "to" and a bare verb follow at `pos`, directly or after one
/// actor mention ("wants to help", "asked Obama to help").
fn infinitive_follows(tokens: &[Token], tok_group: &[Option<usize>], pos: usize) -> bool {
    let mut j = pos;
    if let Some(Some(g)) = tok_group.get(j) {
        while tok_group.get(j) == Some(&Some(*g)) {
            j += 1;
        }
    }
    tokens.get(j).is_some_and(|t| t.norm == "to") && tokens.get(j + 1).is_some_and(|t| t.tag == Tag::VB)
}

/// One sentence as the matcher sees it: tokens, actor groups, and each
/// token's group (`tok_group[t]`, `None` outside every mention).
#[derive(Clone, Copy)]
struct Sent<'a> {
    tokens: &'a [Token],
    groups: &'a [Group],
    tok_group: &'a [Option<usize>],
}

/// Why a pattern did not fire at an anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Miss {
    /// Its words (or the anchor's POS) did not match.
    Words,
    /// Its words matched but an actor slot stayed empty.
    Actors,
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

/// Clause boundaries: `;`, `:`, and `--`.
fn is_boundary(t: &Token) -> bool {
    matches!(t.norm.as_str(), ";" | ":" | "--")
}

/// Tokens a word element or slot never reaches across.
fn is_hard_stop(t: &Token) -> bool {
    is_boundary(t) || matches!(t.norm.as_str(), "." | "," | "(" | ")" | "\"")
}

/// The subject group of the verb at token `at` (nearest actor before it in its
/// clause, not inside a prepositional phrase), if any.
pub fn subject_of(tokens: &[Token], groups: &[Group], at: usize) -> Option<usize> {
    find_subject(tokens, groups, at, clause_start(tokens, at), None)
}

/// First token of the clause holding token `i` (after the last `;`, `:` or `--`).
pub fn clause_start(tokens: &[Token], i: usize) -> usize {
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
/// "despite"). With `through_that` (PETRARCH-1/TABARI patterns, which take the
/// first actor after the verb) "that" does not stop the walk.
fn object_group(
    tokens: &[Token],
    groups: &[Group],
    tok_group: &[Option<usize>],
    pos: usize,
    end: usize,
    through_that: bool,
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
        // PETRARCH-1/TABARI's first actor after the verb is also found past an
        // infinitive ("signed an accord to supply Gondor") and a pronoun's
        // have/be ("said he has … toward Gondor")
        let passable = through_that
            && (t.tag == Tag::VB && j > 0 && tokens[j - 1].norm == "to"
                || matches!(t.lemma.as_str(), "have" | "be") && j > 0 && tokens[j - 1].tag == Tag::PRP);
        if is_hard_stop(t)
            || t.tag.is_verb() && !(t.tag == Tag::VBG || t.tag == Tag::VBN) && j > pos && !passable
            || matches!(t.tag, Tag::MD | Tag::WP | Tag::CC)
            || (t.tag == Tag::WDT || t.norm == "that") && !through_that
        {
            return None;
        }
        j += 1;
    }
    None
}

/// PETRARCH's `^`: the position after one actor mention or noun phrase
/// (determiners, adjectives, numbers, nouns) at `pos`, a preposition before it
/// included; `pos` itself when none starts there.
fn skip_phrase(tokens: &[Token], groups: &[Group], tok_group: &[Option<usize>], pos: usize, end: usize) -> usize {
    let mut j = pos;
    if j < end && tokens[j].tag == Tag::IN && tok_group.get(j + 1).is_some_and(|g| g.is_some()) {
        j += 1;
    }
    if let Some(Some(g)) = tok_group.get(j) {
        return groups[*g].tok_end.max(j + 1);
    }
    let st = j;
    while j < end
        && (matches!(tokens[j].tag, Tag::DT | Tag::PRPS | Tag::CD) || tokens[j].tag.is_adj() || tokens[j].tag.is_noun())
    {
        j += 1;
    }
    if j == st {
        pos
    } else {
        j
    }
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
    if own_common_subject(tokens, groups, pre_start, clause_start) {
        return None;
    }
    for (gi, g) in groups.iter().enumerate().rev() {
        if g.tok_end > pre_start || g.tok_start < clause_start {
            continue;
        }
        if Some(gi) == target {
            continue;
        }
        if in_closed_relative(tokens, g.tok_start, pre_start) || in_subject_relative(tokens, clause_start, g.tok_start)
        {
            // "Russia, which attacked Ukraine in 2014, met China": not "Ukraine";
            // "Diplomats who met Iran criticized Israel": not Iran
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
            return Some(appositive_head(tokens, groups, gi, clause_start, pre_start));
        }
    }
    None
}

/// The head of an apposition: for a subject set off by commas right before
/// its verb ("The US commander in Iraq, General David Petraeus, held talks"),
/// the mention that ends just before the first comma; else `gi` itself.
fn appositive_head(tokens: &[Token], groups: &[Group], gi: usize, clause_start: usize, pre_start: usize) -> usize {
    let g = &groups[gi];
    // before the mention: a comma, titles between ("…, General David Petraeus,")
    let comma_before = (clause_start..g.tok_start)
        .rev()
        .take(4)
        .find(|&j| !matches!(tokens[j].tag, Tag::NNP | Tag::NN | Tag::JJ | Tag::DT))
        .filter(|&j| tokens[j].norm == ",");
    // after the mention: a comma, then only adverbs or auxiliaries up to the verb
    let comma_after = tokens.get(g.tok_end).is_some_and(|t| t.norm == ",")
        && tokens[g.tok_end + 1..pre_start.max(g.tok_end + 1)].iter().all(|t| {
            t.tag == Tag::RB || t.tag == Tag::MD || t.tag.is_verb() && matches!(t.lemma.as_str(), "be" | "have")
        });
    let Some(comma) = comma_before.filter(|_| comma_after) else { return gi };
    // the head: the first mention of the noun phrase before that comma (no
    // verb in it: "Russia said on Monday, …" is no apposition)
    let seg = (clause_start..comma).rev().find(|&j| tokens[j].norm == ",").map_or(clause_start, |j| j + 1);
    // (nor a possessive: "Iran's ally, Russia, attacked" is Russia)
    if tokens[seg..comma].iter().any(|t| t.tag.is_verb() || t.tag == Tag::POS) {
        return gi;
    }
    let Some(head) = groups.iter().position(|h| h.tok_start >= seg && h.tok_end <= comma) else { return gi };
    // a named person described by a title with a country keeps the title
    // ("Jim Mattis, US defence secretary," → the secretary's code)
    // a list of bare countries ("Russia, China, Iran, attacked") is no apposition
    let bare = |x: usize| groups[x].members.iter().all(|m| m.code.len() == 3 && !m.is_person);
    if bare(head) && bare(gi) {
        return gi;
    }
    let person = |x: usize| groups[x].members.iter().all(|m| m.is_person);
    let with_country = |x: usize| groups[x].members.iter().all(|m| !m.code.starts_with("---"));
    if person(head) && !person(gi) && with_country(gi) {
        return gi;
    }
    head
}

/// A group ending right before a noun anchor (possibly with `'s` and up to
/// two modifiers between): the possessor or adjectival actor.
/// True when the words right before a verb (its first matched word at
/// `pre_start`; auxiliaries, modals and adverbs passed over) are a common
/// noun phrase that is no actor and is the verb's own subject: it follows a
/// verb or "that" ("Washington said such a step enjoyed support from Moscow":
/// the step, not Washington, enjoyed it), or it is the antecedent of a
/// relative pronoun ("the militant group that has seized parts of Iraq").
/// Such a verb has no actor subject.
fn own_common_subject(tokens: &[Token], groups: &[Group], pre_start: usize, clause_start: usize) -> bool {
    // (groups are in text order and do not overlap)
    let in_group = |j: usize| {
        let k = groups.partition_point(|g| g.tok_end <= j);
        groups.get(k).is_some_and(|g| g.tok_start <= j)
    };
    let aux = |t: &Token| t.tag.is_verb() && matches!(t.lemma.as_str(), "be" | "have" | "do");
    let common = |j: usize| matches!(tokens[j].tag, Tag::NN | Tag::NNS) && !in_group(j);
    // a participle without an auxiliary modifies a noun: "a declaration
    // demanding that …" has the issuer's subject
    let first = &tokens[pre_start];
    if first.tag == Tag::VBG || first.tag == Tag::VBN && (pre_start == 0 || !aux(&tokens[pre_start - 1])) {
        return false;
    }
    let mut j = pre_start;
    while j > clause_start && {
        let t = &tokens[j - 1];
        matches!(t.tag, Tag::MD | Tag::RB) || aux(t)
    } {
        j -= 1;
    }
    // `j < clause_start` when the verb's first matched word lies before the
    // clause start: an actor mention spanning a clause boundary ("LIMA --
    // Gunmen abducted …", country + agent across the dateline's `--`)
    if j <= clause_start {
        return false;
    }
    // the start of the common noun phrase ending at `k` (or `k + 1` when it
    // stops at an actor mention inside it)
    let np_start = |mut k: usize| {
        while k > clause_start
            && !in_group(k - 1)
            && (matches!(tokens[k - 1].tag, Tag::DT | Tag::PDT | Tag::CD | Tag::PRPS | Tag::NN | Tag::NNS | Tag::POS)
                || tokens[k - 1].tag.is_adj())
        {
            k -= 1;
        }
        k
    };
    let k = j - 1;
    if matches!(tokens[k].norm.as_str(), "that" | "which" | "who") {
        if !(k > clause_start && common(k - 1)) {
            return false;
        }
        // "who" after a person's description keeps the actor in or before it:
        // "Russian banker who met …", "Graham, a Republican hawk who has …"
        let st = np_start(k - 1);
        let actor_led = st > clause_start
            && (in_group(st - 1) || tokens[st - 1].norm == "," && st > clause_start + 1 && in_group(st - 2));
        return !(tokens[k].norm == "who" && actor_led);
    }
    if !common(k) {
        return false;
    }
    let st = np_start(k);
    // "said its air defences shot down …": a possessive refers back to the sayer
    if matches!(tokens[st].norm.as_str(), "its" | "his" | "her" | "their") {
        return false;
    }
    st > clause_start && {
        let before = &tokens[st - 1];
        (before.tag.is_verb() && CLAUSE_TAKING.contains(&before.lemma.as_str())) || before.norm == "that"
    }
}

/// Verbs of reaction: their object is someone else's act ("condemned the
/// strike on Kyiv", "welcomed the talks with Iran", "investigated the attack").
const REACTION: &[&str] = &[
    "condemn",
    "denounce",
    "criticize",
    "criticise",
    "welcome",
    "praise",
    "applaud",
    "hail",
    "deny",
    "investigate",
    "probe",
    "report",
    "oppose",
    "support",
    "back",
    "protest",
    "blame",
    "mourn",
    "slam",
    "decry",
    "reject",
    "question",
    "fear",
    "discuss",
    "mark",
    "commemorate",
];

/// Verbs of saying and thinking that take a bare clause ("said such a step
/// enjoyed …"), for [`own_common_subject`].
const CLAUSE_TAKING: &[&str] = &[
    "say",
    "tell",
    "claim",
    "report",
    "announce",
    "add",
    "believe",
    "think",
    "insist",
    "warn",
    "note",
    "state",
    "confirm",
    "deny",
    "allege",
    "argue",
    "suggest",
    "fear",
    "hope",
    "know",
    "show",
    "indicate",
    "acknowledge",
    "admit",
    "assert",
    "declare",
    "estimate",
    "expect",
    "feel",
    "predict",
    "reckon",
    "reveal",
    "stress",
    "write",
];

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
/// True when a mention starting at `at` sits in a subject relative clause
/// ("who/which/that" followed by its verb: "Diplomats who met Iran …", "The
/// group that attacked Israel …"), whose actors are not the main verb's
/// subject. A complementiser "that" followed by its own subject ("said that
/// Iran attacked") is not one.
fn in_subject_relative(tokens: &[Token], clause_start: usize, at: usize) -> bool {
    let Some(r) = (clause_start..at).rev().find(|&j| matches!(tokens[j].norm.as_str(), "who" | "which" | "that"))
    else {
        return false;
    };
    r > clause_start
        && tokens[r - 1].tag.is_noun()
        && tokens.get(r + 1).is_some_and(|t| t.tag.is_verb() || t.tag == Tag::MD || t.tag == Tag::RB)
        && tokens[r + 1..at].iter().any(|t| t.tag.is_verb())
        // (the clause reaches the mention: no comma or second verb phrase between)
        && !tokens[r + 1..at].iter().any(|t| is_hard_stop(t) || t.tag == Tag::CC)
}

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

//! dyad-coder: the coding pipeline. [`Coder::code`] turns a [`Document`] into
//! [`Event`]s; [`sink`] writes them out; [`input`] reads documents.
//!
//! Pipeline per sentence (see ARCHITECTURE.md): tokens (dyad-text) → actor
//! mentions ([`mentions`]: leftmost-longest dictionary matches, agents,
//! compounds, back-references) → verb pattern matches ([`verbs`]) → events
//! with modality, codes and provenance.

pub mod eval;
pub mod explain;
pub mod input;
pub mod lang;
pub mod mentions;
pub mod modality;
pub mod news_gold;
pub mod sink;
pub mod verbs;

use dyad_core::cameo::{self, GoldsteinScheme, QuadScheme};
use dyad_core::date::date_key;
pub use dyad_core::{Document, Event};
use dyad_core::{EventSpans, Field, Modality};
use dyad_dict::{Dictionaries, Fnv, Warning};
use dyad_text::{Analyzer, Sentence};
use mentions::{ActorIndex, DocState, Group};
use verbs::{PatternIndex, VerbMatch};

/// Most members of a compound source coded pairwise when there is no target.
pub const MAX_PAIRWISE: usize = 4;
/// Most source × target pairs coded from one pattern match when both sides are
/// lists; larger cross products (lists of countries on both sides) code
/// nothing. A list on one side only codes one event per member.
pub const MAX_PAIRS: usize = 16;

/// Options that change what the coder emits.
#[derive(Debug, Clone, Default)]
pub struct CoderOptions {
    /// QuadClass numbering (`--quad-scheme`).
    pub quad_scheme: QuadScheme,
    /// Goldstein table (`--goldstein`).
    pub goldstein: GoldsteinScheme,
    /// Keep only events of this modality (`--modality`); `None` keeps all.
    pub modality: Option<Modality>,
}

/// The coder: dictionaries compiled into matchers plus the text pipeline.
/// Immutable once built; share it across threads (`&Coder` is `Sync`).
pub struct Coder {
    /// Options.
    pub options: CoderOptions,
    analyzer: Analyzer,
    actors: ActorIndex,
    patterns: PatternIndex,
    dicts: Dictionaries,
    version: String,
    discard_sentence: mentions::PhraseSet,
    discard_story: mentions::PhraseSet,
    sports: mentions::PhraseSet,
    /// Per transformation: the event codes its inner verb's forms carry (the
    /// inner event is that verb's when its code is one of them).
    transform_codes: Vec<Vec<String>>,
}

/// What one document left uncoded (see [`Coder::unmatched`]).
#[derive(Debug, Clone, Default)]
pub struct Unmatched {
    /// Capitalised phrases not found as actors, in text order.
    pub phrases: Vec<String>,
    /// Verb lemmas of sentences with two or more actors and no event.
    pub verbs: Vec<String>,
}

/// Counts from coding one document (for the run summary).
#[derive(Debug, Clone, Copy, Default)]
pub struct DocStats {
    /// Sentences analysed (title + text).
    pub sentences: usize,
    /// True when a story-level discard stopped coding.
    pub discarded: bool,
}

impl Coder {
    /// Build a coder over the built-in dictionaries (data/dict/).
    pub fn builtin(options: CoderOptions) -> Coder {
        let (d, _w) = dyad_dict::builtin::load();
        Coder::new(d, options)
    }

    /// Build a coder over the built-in dictionaries, returning load warnings.
    pub fn builtin_with_warnings(options: CoderOptions) -> (Coder, Vec<Warning>) {
        let (d, w) = dyad_dict::builtin::load();
        (Coder::new(d, options), w)
    }

    /// Build a coder over any dictionaries.
    pub fn new(dicts: Dictionaries, options: CoderOptions) -> Coder {
        let actors = ActorIndex::build(&dicts);
        let patterns = PatternIndex::build(&dicts.patterns);
        let version = dicts.version();
        let discard_sentence = mentions::PhraseSet::new(&dicts.discards.sentence);
        let discard_story = mentions::PhraseSet::new(&dicts.discards.story);
        let sports = mentions::PhraseSet::new(&dicts.discards.sports);
        let transform_codes = dicts
            .transformations
            .iter()
            .map(|t| {
                let Some(v) = &t.inner_verb else { return Vec::new() };
                let mut codes: Vec<String> = dicts
                    .patterns
                    .iter()
                    .filter(|p| !p.text.trim_start().starts_with('-') && p.anchor.first() == Some(v))
                    .filter_map(|p| p.code.clone())
                    .collect();
                codes.sort();
                codes.dedup();
                codes
            })
            .collect();
        Coder {
            options,
            analyzer: Analyzer::default(),
            actors,
            patterns,
            dicts,
            version,
            discard_sentence,
            discard_story,
            sports,
            transform_codes,
        }
    }

    /// The dictionaries in use.
    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dicts
    }

    /// Dictionary version string written into every event.
    pub fn dict_version(&self) -> &str {
        &self.version
    }

    /// True when any actor code is date-restricted (so a missing story date matters).
    pub fn has_dated_actors(&self) -> bool {
        self.dicts.actors.iter().any(|a| a.is_dated())
    }

    /// Code one document: events of its title (if any) then its text, in text order.
    pub fn code(&self, doc: &Document) -> Vec<Event> {
        self.code_with_stats(doc).0
    }

    /// Code one document and return counts too.
    pub fn code_with_stats(&self, doc: &Document) -> (Vec<Event>, DocStats) {
        let mut events = Vec::new();
        let mut stats = DocStats::default();
        let date = doc.date.map(date_key);
        let date_str = doc.date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
        let mut fields: Vec<(Field, &str)> = Vec::with_capacity(2);
        if let Some(t) = doc.title.as_deref() {
            if !t.trim().is_empty() {
                fields.push((Field::Title, t));
            }
        }
        fields.push((Field::Text, doc.text.as_str()));
        let analysed: Vec<(Field, &str, Vec<Sentence>)> =
            fields.into_iter().map(|(f, t)| (f, t, self.analyzer.analyze(t))).collect();
        // Story-level discards and sports density.
        let mut sports_words = 0usize;
        let mut sentence_sports: Vec<Vec<usize>> = Vec::with_capacity(analysed.len());
        for (_, _, sents) in &analysed {
            let mut per = Vec::with_capacity(sents.len());
            for s in sents {
                stats.sentences += 1;
                if self.discard_story.any_in(&s.tokens) {
                    stats.discarded = true;
                }
                let n = self.sports.count_in(&s.tokens);
                sports_words += n;
                per.push(n);
            }
            sentence_sports.push(per);
        }
        if stats.discarded {
            return (events, stats);
        }
        let story_is_sports = sports_words >= 3;
        for ((field, text, sents), per) in analysed.iter().zip(&sentence_sports) {
            let mut state = DocState::default();
            for (si, s) in sents.iter().enumerate() {
                if s.tokens.is_empty() || self.discard_sentence.any_in(&s.tokens) {
                    continue;
                }
                let sentence_is_sports = story_is_sports || per[si] > 0 || has_score(text, s);
                let groups = self.actors.find(text, &s.tokens, date, &mut state);
                let matches = self.compose(self.patterns.find(&s.tokens, &groups));
                let matches = self.transform(&s.tokens, &groups, matches);
                for m in matches {
                    self.emit(doc, &date_str, *field, si as u32, text, s, &groups, &m, sentence_is_sports, &mut events);
                }
                state.end_sentence(&groups);
            }
        }
        if let Some(keep) = self.options.modality {
            events.retain(|e| e.modality == keep);
        }
        (events, stats)
    }

    /// `dyad code --explain`: for every sentence of the document (title, then
    /// text), its dependency tree, the actor mentions on it, each verb with
    /// the arguments the tree gives it, and the events coded (or why none);
    /// see [`explain`].
    pub fn explain(&self, doc: &Document) -> String {
        let model = dyad_parse::builtin_model();
        let events = self.code(doc);
        let date = doc.date.map(date_key);
        let mut out = String::new();
        use std::fmt::Write as _;
        let _ = writeln!(out, "# document {} (parser model {})", doc.id, model.version());
        let mut fields: Vec<(Field, &str)> = Vec::with_capacity(2);
        if let Some(t) = doc.title.as_deref().filter(|t| !t.trim().is_empty()) {
            fields.push((Field::Title, t));
        }
        fields.push((Field::Text, doc.text.as_str()));
        for (field, text) in fields {
            let mut state = DocState::default();
            for (si, s) in self.analyzer.analyze(text).iter().enumerate() {
                let groups = self.actors.find(text, &s.tokens, date, &mut state);
                state.end_sentence(&groups);
                let mentions: Vec<explain::PlacedMention> = groups
                    .iter()
                    .flat_map(|g| g.members.iter())
                    .map(|m| explain::PlacedMention { code: m.code.clone(), span: m.ref_span })
                    .collect();
                let evs: Vec<String> = events
                    .iter()
                    .filter(|e| e.field == field && e.sentence_index == si as u32)
                    .map(|e| {
                        format!(
                            "{} {} {} ({}; verb {:?}; rule {})",
                            if e.source.is_empty() { "---" } else { &e.source },
                            e.code,
                            if e.target.is_empty() { "---" } else { &e.target },
                            e.modality.as_str(),
                            e.verb_text,
                            e.rule
                        )
                    })
                    .collect();
                let _ = writeln!(
                    out,
                    "\n## {} sentence {si}: {}",
                    if field == Field::Title { "title" } else { "text" },
                    s.span.slice(text).replace('\n', " ")
                );
                let parsed = explain::parse_span(model, text, s.span);
                explain::explain_sentence(model, text, &parsed, &mentions, &evs, &mut out);
            }
        }
        out
    }

    /// Dictionary upkeep (`--report-unmatched`): for one document, the
    /// capitalised phrases (runs of capitalised tokens not at a sentence
    /// start) that matched no actor, and the verb lemmas of sentences with at
    /// least two actor mentions that coded no event.
    pub fn unmatched(&self, doc: &Document) -> Unmatched {
        let mut out = Unmatched::default();
        let date = doc.date.map(date_key);
        let text = doc.text.as_str();
        let mut state = DocState::default();
        for s in self.analyzer.analyze(text) {
            let groups = self.actors.find(text, &s.tokens, date, &mut state);
            let mut in_group = vec![false; s.tokens.len()];
            for g in &groups {
                for f in in_group[g.tok_start..g.tok_end].iter_mut() {
                    *f = true;
                }
            }
            let mut i = 1;
            while i < s.tokens.len() {
                let cap = |t: &dyad_text::Token| {
                    matches!(t.tag, dyad_text::Tag::NNP | dyad_text::Tag::NNPS)
                        && t.span.slice(text).chars().next().is_some_and(|c| c.is_uppercase())
                };
                if !in_group[i] && cap(&s.tokens[i]) {
                    let st = i;
                    while i < s.tokens.len() && !in_group[i] && cap(&s.tokens[i]) {
                        i += 1;
                    }
                    let a = s.tokens[st].span.start as usize;
                    let b = s.tokens[i - 1].span.end as usize;
                    out.phrases.push(text[a..b].to_string());
                } else {
                    i += 1;
                }
            }
            let actors: usize = groups.iter().map(|g| g.members.len()).sum();
            if actors >= 2 && self.patterns.find(&s.tokens, &groups).is_empty() {
                for t in &s.tokens {
                    if t.tag.is_verb() && !matches!(t.lemma.as_str(), "be" | "have" | "do" | "say") {
                        out.verbs.push(t.lemma.clone());
                    }
                }
            }
            state.end_sentence(&groups);
        }
        out
    }

    /// Compose each infinitive complement with the verb it completes
    /// (`VerbMatch::complement_of`; codes by [`compose`]): "wants to help
    /// Israel" becomes one event, 033, from the upper verb's subject to the
    /// complement's target, or to the upper verb's object ("asked Obama to
    /// help Iran": 023 to Obama). Where the upper verb's code stands, the
    /// complement is dropped (it is part of that event). Right to left, so a
    /// chain ("wants to agree to lift") composes from the inside out.
    fn compose(&self, mut ms: Vec<VerbMatch>) -> Vec<VerbMatch> {
        if ms.iter().all(|m| m.complement_of.is_none()) {
            return ms;
        }
        let code_of = |m: &VerbMatch| m.code.clone().or_else(|| self.dicts.patterns[m.pattern].code.clone());
        let mut keep = vec![true; ms.len()];
        for k in (0..ms.len()).rev() {
            let Some(u) = ms[k].complement_of else { continue };
            keep[k] = false;
            let (Some(upper), Some(lower)) = (code_of(&ms[u]), code_of(&ms[k])) else { continue };
            let object = ms[k].object;
            let Some(code) = compose(&upper, &lower, object.is_some()) else {
                if ms[u].target.is_none() && object.is_none() && ms[k].target.is_some() && !upper.starts_with("13") {
                    // an upper verb with no target of its own and no frame is a
                    // means to the complement's act: that act is the event ("used
                    // drones to attack Kyiv": 190 to Kyiv, from the upper's subject)
                    keep[k] = true;
                    keep[u] = false;
                    ms[k].source = ms[u].source;
                    ms[k].complement_of = None;
                } else if ms[u].target.is_none() {
                    // the upper verb's code stands; its target, if it had none, is
                    // the complement's ("threatened to attack Israel")
                    ms[u].target = object.or(ms[k].target).filter(|&t| t != ms[u].source);
                }
                continue;
            };
            let lower_m = ms[k].clone();
            let m = &mut ms[u];
            m.code = Some(code.to_string());
            m.target = object.or(lower_m.target).or(m.target);
            if m.target == Some(m.source) {
                m.target = None;
            }
            // a compound subject's joint act against no actor is not an act
            // between its members ("Russia and China want to boycott the
            // Olympics"; cooperation stays pairwise: "… seek to deepen ties")
            if m.target.is_none() && lower.get(..2).and_then(|r| r.parse::<u8>().ok()).is_some_and(|r| r >= 10) {
                keep[u] = false;
            }
            m.verb_span.end = m.verb_span.end.max(lower_m.verb_span.end);
            m.verb_tok_end = m.verb_tok_end.max(lower_m.verb_tok_end);
            m.inner = Some(lower_m.inner.unwrap_or(lower_m.pattern));
        }
        let mut i = 0;
        ms.retain(|_| {
            i += 1;
            keep[i - 1]
        });
        ms
    }

    /// Apply the dictionaries' verb-on-verb transformations (PETRARCH-2 `~`
    /// lines) to one sentence's matches: an event whose verb is the
    /// complement of an outer verb ("The US claimed that ISIL attacked Iraq")
    /// becomes one event from the outer verb's subject, with the
    /// transformation's code; the outer verb's own match, if any, is dropped.
    /// The first transformation that fits wins, in dictionary order.
    fn transform(&self, tokens: &[dyad_text::Token], groups: &[Group], mut ms: Vec<VerbMatch>) -> Vec<VerbMatch> {
        use dyad_dict::Role;
        let ts = &self.dicts.transformations;
        if ts.is_empty() || ms.is_empty() {
            return ms;
        }
        let mut outer_anchors: Vec<usize> = Vec::new();
        for m in ms.iter_mut() {
            let p = &self.dicts.patterns[m.pattern];
            if p.code.is_none() {
                continue;
            }
            for (ti, t) in ts.iter().enumerate() {
                // the inner event is VERB's: its word, or its code ("killed" codes
                // 190 like ATTACK's form)
                if let Some(v) = &t.inner_verb {
                    let by_code = p.code.as_ref().is_some_and(|c| self.transform_codes[ti].contains(c));
                    if tokens[m.anchor].lemma != *v && !p.anchor.iter().any(|a| a == v) && !by_code {
                        continue;
                    }
                }
                // the outer verb: before the inner event's words, in its clause
                let cs = verbs::clause_start(tokens, m.anchor);
                let Some(j) =
                    (cs..m.verb_tok_start).rev().find(|&j| tokens[j].tag.is_verb() && tokens[j].lemma == t.outer)
                else {
                    continue;
                };
                // …whose complement the inner verb heads: no other verb between
                // them but auxiliaries ("said it will send a team to help
                // identify victims killed by …": not `say … kill`)
                let aux = |t: &dyad_text::Token| {
                    t.tag == dyad_text::Tag::MD || matches!(t.lemma.as_str(), "be" | "have" | "do" | "will")
                };
                if tokens[j + 1..m.verb_tok_start].iter().any(|t| t.tag.is_verb() && !aux(t)) {
                    continue;
                }
                let Some(a) = verbs::subject_of(tokens, groups, j) else { continue };
                let same = m.source == a;
                let fits = match t.inner_source {
                    Role::Outer => same,
                    Role::Other => !same,
                    Role::Any => true,
                } && (t.inner_target != Role::Outer || m.target == Some(a));
                let b = if t.inner_source == Role::Other { Some(m.source) } else { m.target };
                let Some(b) = b.filter(|&b| fits && b != a) else { continue };
                m.code = t.code.clone().or_else(|| p.code.clone());
                m.source = a;
                m.target = Some(b);
                m.transform = Some(ti);
                outer_anchors.push(j);
                break;
            }
        }
        ms.retain(|m| m.transform.is_some() || !outer_anchors.contains(&m.anchor));
        ms
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        doc: &Document,
        date: &str,
        field: Field,
        si: u32,
        text: &str,
        s: &Sentence,
        groups: &[Group],
        m: &VerbMatch,
        sports: bool,
        out: &mut Vec<Event>,
    ) {
        let p = &self.dicts.patterns[m.pattern];
        // `[:173]` (PETRARCH): only the reverse direction is coded
        let (code, reverse_only) = match (m.code.as_deref().or(p.code.as_deref()), p.rev_code.as_deref()) {
            (Some(c), _) => (c, false),
            (None, Some(r)) => (r, true),
            (None, None) => return,
        };
        let src = &groups[m.source];
        let mut modality = modality::modality(&s.tokens, m.clause_start, m.verb_tok_start, m.anchor);
        // "would not provide aid", "refused … did not sign": a denied act of
        // cooperation is an asserted rejection
        let (code, rejected) = match (modality, rejection_of(code)) {
            (dyad_core::Modality::Negated, Some(r)) => {
                modality = dyad_core::Modality::Asserted;
                (r, true)
            }
            _ => (code, false),
        };
        let mut pairs: Vec<(&mentions::Mention, &mentions::Mention, &str)> = Vec::new(); // (source, target, code)
        match m.target {
            Some(t)
                if src.members.len() > 1
                    && groups[t].members.len() > 1
                    && src.members.len() * groups[t].members.len() > MAX_PAIRS =>
            {
                // a cross product this large is a list, not an interaction
            }
            Some(t) => {
                let tgt = &groups[t];
                for a in &src.members {
                    for b in &tgt.members {
                        if a.code != b.code && reverse_only {
                            pairs.push((b, a, code));
                        } else if a.code != b.code {
                            pairs.push((a, b, code));
                            // (the pattern's reverse code belongs to its own code, not to
                            // one a complement or transformation replaced it with)
                            if let Some(rc) = p.rev_code.as_deref().filter(|_| !rejected && m.code.is_none()) {
                                pairs.push((b, a, rc));
                            }
                        }
                    }
                }
            }
            None if src.members.len() > MAX_PAIRWISE => {
                // a long list ("exports to Japan, Korea, … and the US") is not a joint actor
            }
            None => {
                // Compound source with no target: pairwise among members.
                for a in &src.members {
                    for b in &src.members {
                        if a.code != b.code {
                            pairs.push((a, b, code));
                        }
                    }
                }
            }
        }
        if pairs.is_empty() {
            return;
        }
        // dedupe identical (source code, target code, event code) within this match
        let mut seen: Vec<(String, String, String)> = Vec::new();
        let compound_id = if pairs.len() > 1 {
            let mut h = Fnv::default();
            h.write(doc.id.as_bytes());
            h.write(field.as_str().as_bytes());
            h.write(&si.to_le_bytes());
            h.write(&m.verb_span.start.to_le_bytes());
            format!("{:016x}", h.0)
        } else {
            String::new()
        };
        let verb_text = m.verb_span.slice(text).to_string();
        let mut rule = format!("{} {}", p.origin, p.text);
        if let Some(q) = m.inner.and_then(|pi| self.dicts.patterns.get(pi)) {
            rule = format!("{rule} + {} {}", q.origin, q.text);
        }
        if let Some(t) = m.transform.and_then(|ti| self.dicts.transformations.get(ti)) {
            rule = format!("{rule} | {} {}", t.origin, t.text);
        }
        for (sa, tb, c) in pairs {
            let key = (sa.code.clone(), tb.code.clone(), c.to_string());
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let root = cameo::root_code(c).to_string();
            let rootn: u8 = root.parse().unwrap_or(0);
            if sports && (14..=20).contains(&rootn) {
                continue;
            }
            let spans = EventSpans { sentence: s.span, source: sa.ref_span, verb: m.verb_span, target: tb.ref_span };
            let plover = cameo::plover(c);
            let (ptype, pmode) = plover_with_modality(plover.map(|p| (p.event_type, p.mode)), rootn, modality);
            let (scountry, sagent) = self.actors.split_code(&sa.code);
            let (tcountry, tagent) = self.actors.split_code(&tb.code);
            let mut e = Event {
                event_id: String::new(),
                doc_id: doc.id.clone(),
                date: date.to_string(),
                field,
                sentence_index: si,
                source: sa.code.clone(),
                source_country: scountry,
                source_agent: sagent,
                source_text: sa.ref_span.slice(text).to_string(),
                target: tb.code.clone(),
                target_country: tcountry,
                target_agent: tagent,
                target_text: tb.ref_span.slice(text).to_string(),
                code: c.to_string(),
                quad_class: cameo::quad_class(&root, self.options.quad_scheme),
                root_code: root,
                goldstein: cameo::goldstein(c, self.options.goldstein),
                plover_type: ptype.to_string(),
                plover_mode: pmode.to_string(),
                plover_context: plover.map(|p| p.context.to_string()).unwrap_or_default(),
                modality,
                compound_id: compound_id.clone(),
                verb_text: verb_text.clone(),
                spans,
                rule: rule.clone(),
                dict_version: self.version.clone(),
                issues: Vec::new(),
            };
            e.event_id = event_id(&e);
            out.push(e);
        }
    }
}

/// The code of an upper verb and its infinitive complement together, from
/// their codes (`upper` the upper verb's, `lower` the complement's; `object`:
/// an actor stands between them, "asked **Obama** to help"), or `None` when
/// the upper verb's code stands as it is (the complement is then part of its
/// event). Rules (CAMEO codebook; frames in `data/cameo/frames.tsv`):
/// - an appeal, demand or rejection (roots 02, 10, 12) of an act of roots
///   04–08 is that frame's code for the act: ask (020) + help (070) → 023,
///   refuse (12x) + release (084) → 1243; so is an intent (03) of an act of
///   roots 05–08: want (030) + help → 033. An intent with an object is an
///   appeal to that actor ("wants Putin to negotiate": 026), and 020 when
///   the act has no appeal code; asking another actor to use force (roots
///   18–20: "wants Putin to attack Switzerland") is an appeal for material
///   (military) cooperation, 021;
/// - an intent (no object) to meet (root 04) or to do an act of roots 09–17
///   is that act, as PETRARCH-2 codes it and its gold records expect
///   ("prepared to attend the Olympics" → 042, "want to re-examine" → 090,
///   "pledged to expel" → 174); an intent to use force (roots 18–20) is a
///   threat of force, 138, as CAMEO.2.0 codes `WANT … ATTACK`;
/// - an unspecified threat (130) to use force (roots 18–20) is 138, to
///   reduce relations (root 16) 131, to impose administrative sanctions (172)
///   132, to coerce otherwise (root 17) 137 (threaten with repression);
/// - an upper verb of cooperation that is no frame (roots 04–08, "agreed to
///   lift the sanctions", no object) takes the act's code (085);
/// - anything else: the upper verb's code stands.
///
/// Codes outside CAMEO's digits give `None`.
pub fn compose<'a>(upper: &str, lower: &'a str, object: bool) -> Option<&'a str> {
    use dyad_core::cameo::{framed, Frame};
    let root = |c: &str| c.get(..2).and_then(|r| r.parse::<u8>().ok());
    let (ur, lr) = (root(upper)?, root(lower)?);
    // the act itself, when it is a CAMEO code
    let act = || Some(lower).filter(|c| dyad_core::cameo::is_cameo_code(c));
    match Frame::of(upper) {
        Some(Frame::Intent | Frame::Appeal) if object && (18..=20).contains(&lr) => Some("021"),
        Some(Frame::Intent) if object => framed(Frame::Appeal, lower).or(Some("020")),
        Some(Frame::Intent) => match lr {
            5..=8 => framed(Frame::Intent, lower),
            4 | 9..=17 => act(),
            18..=20 => Some("138"),
            _ => None,
        },
        Some(f) => framed(f, lower),
        None if upper == "130" => match lr {
            18..=20 => Some("138"),
            16 => Some("131"),
            17 if lower.starts_with("172") => Some("132"),
            17 => Some("137"),
            _ => None,
        },
        None if (4..=8).contains(&ur) && !object && (3..=20).contains(&lr) => act(),
        None => None,
    }
}

/// The CAMEO rejection code for a denied act of cooperation ("did not sign the
/// agreement" → 127), or `None` when the code is not cooperation. From the
/// CAMEO codebook's root 12 (Reject): consultation (04x) → 125 reject proposal
/// to meet or negotiate, mediation (045) → 126 reject mediation; diplomatic
/// cooperation (05x) → 120 reject, a formal agreement (057) → 127 reject plan
/// or agreement; material cooperation (06x) → 121 (061 → 1211 economic, 062 →
/// 1212 military); aid (07x) → 122 reject request for aid; yielding (08x) →
/// 124 refuse to yield, with their subcodes (071 → 1221 … 074 → 1224, 084 →
/// 1243 refuse to release, 085 → 1244 …, 083x → 123x). The reject column of
/// `data/cameo/frames.tsv`. Intentions (03x) and other roots give `None`.
pub fn rejection_of(code: &str) -> Option<&'static str> {
    dyad_core::cameo::framed(dyad_core::cameo::Frame::Reject, code)
}

/// The PLOVER type and mode of an event, given its modality. PLOVER codes an
/// announced or conditional action by what it is now: a promise or an offer
/// of cooperation (CAMEO roots 04–08 in the future or conditional) is AGREE,
/// and announced or conditional coercion, protest or force (roots 14–20) is
/// THREATEN, as CAMEO's own 03x (intent to cooperate) and 13x (threaten)
/// codes read (PLOVER codebook, AGREE and THREATEN; CAMEO codebook, 03 and
/// 13). Asserted and negated events keep the table's type and mode
/// (`data/cameo/plover.tsv`); events without a PLOVER row give ("", "").
pub fn plover_with_modality(
    plover: Option<(&'static str, &'static str)>,
    root: u8,
    modality: dyad_core::Modality,
) -> (&'static str, &'static str) {
    use dyad_core::Modality;
    let Some((ty, mode)) = plover else { return ("", "") };
    match modality {
        Modality::Future | Modality::Hypothetical if (4..=8).contains(&root) => ("AGREE", ""),
        Modality::Future | Modality::Hypothetical if (14..=20).contains(&root) => ("THREATEN", ""),
        _ => (ty, mode),
    }
}

/// A sports score like `2-1` or `3-0` in the sentence.
fn has_score(text: &str, s: &Sentence) -> bool {
    s.tokens.iter().any(|t| {
        let w = t.span.slice(text);
        let mut parts = w.split('-');
        matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None)
            if !a.is_empty() && a.len() <= 2 && !b.is_empty() && b.len() <= 2
            && a.bytes().all(|c| c.is_ascii_digit()) && b.bytes().all(|c| c.is_ascii_digit()))
    })
}

/// Stable event id: 16 hex digits of FNV-1a over doc id, field, spans and code.
pub fn event_id(e: &Event) -> String {
    let mut h = Fnv::default();
    h.write(e.doc_id.as_bytes());
    h.write(&[0]);
    h.write(e.field.as_str().as_bytes());
    for sp in [e.spans.sentence, e.spans.source, e.spans.verb, e.spans.target] {
        h.write(&sp.start.to_le_bytes());
        h.write(&sp.end.to_le_bytes());
    }
    h.write(e.source.as_bytes());
    h.write(&[0]);
    h.write(e.target.as_bytes());
    h.write(&[0]);
    h.write(e.code.as_bytes());
    format!("{:016x}", h.0)
}

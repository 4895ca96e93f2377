//! Reading a parsed sentence as a tree: heads, children, and the argument
//! and clause questions the coder asks of a predicate (who is its subject,
//! its object, its passive agent, which obliques it has and with which
//! preposition, and which modality markers belong to its own clause).
//!
//! Every answer follows UD v2 relations as EWT annotates them; word classes
//! (negation, future, hypothetical and condition markers) are data in
//! `data/structure/clause_markers.txt`. Indices are 0-based word positions.

use std::sync::OnceLock;

use crate::{Model, ParsedSentence};

/// The clause relations: a dependent with one of these heads a clause of its own.
const CLAUSE_RELS: &[&str] = &["root", "ccomp", "xcomp", "advcl", "acl", "parataxis", "csubj", "list"];

/// Modality markers found among a predicate's own dependents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClauseMarks {
    /// `not`, `n't`, `never` … attached to the predicate.
    pub negated: bool,
    /// `will`, `shall`, `'ll` …
    pub future: bool,
    /// `could`, `may`, `would` …
    pub hypothetical: bool,
    /// `if`, `unless` … marking the predicate's clause.
    pub condition: bool,
}

struct Markers {
    negation: Vec<&'static str>,
    future: Vec<&'static str>,
    hypothetical: Vec<&'static str>,
    condition: Vec<&'static str>,
}

fn markers() -> &'static Markers {
    static M: OnceLock<Markers> = OnceLock::new();
    M.get_or_init(|| {
        let mut m = Markers { negation: vec![], future: vec![], hypothetical: vec![], condition: vec![] };
        for line in include_str!("../../../data/structure/clause_markers.txt").lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut it = line.split_whitespace();
            let class = it.next().unwrap_or("");
            let list = match class {
                "negation" => &mut m.negation,
                "future" => &mut m.future,
                "hypothetical" => &mut m.hypothetical,
                "condition" => &mut m.condition,
                _ => continue,
            };
            list.extend(it);
        }
        m
    })
}

/// A parsed sentence with its children lists.
pub struct Tree<'a> {
    model: &'a Model,
    text: &'a str,
    sentence: &'a ParsedSentence,
    children: Vec<Vec<usize>>,
    /// Head of each word, `None` for the root's dependent and for a HEAD
    /// that cannot be followed (past the end, the word itself).
    heads: Vec<Option<usize>>,
    root: Option<usize>,
}

impl<'a> Tree<'a> {
    /// Index the tree of `sentence` (whose spans point into `text`). A
    /// hand-built sentence that is not a tree is read as far as it can be: a
    /// HEAD past the end or pointing at the word itself counts as none, and
    /// every walk up or along the tree is bounded by the sentence length.
    pub fn new(model: &'a Model, text: &'a str, sentence: &'a ParsedSentence) -> Tree<'a> {
        let n = sentence.words.len();
        let mut children = vec![Vec::new(); n];
        let mut heads = vec![None; n];
        let mut root = None;
        for (i, w) in sentence.words.iter().enumerate() {
            match w.head as usize {
                0 => root = root.or(Some(i)),
                h if h <= n && h - 1 != i => {
                    children[h - 1].push(i);
                    heads[i] = Some(h - 1);
                }
                _ => {}
            }
        }
        Tree { model, text, sentence, children, heads, root }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.sentence.words.len()
    }

    /// True for a sentence without words.
    pub fn is_empty(&self) -> bool {
        self.sentence.words.is_empty()
    }

    /// The word attached to the root.
    pub fn root(&self) -> Option<usize> {
        self.root
    }

    /// The text of word `i`.
    pub fn form(&self, i: usize) -> &'a str {
        self.sentence.words[i].span.slice(self.text)
    }

    /// UPOS of word `i`.
    pub fn upos(&self, i: usize) -> &'a str {
        self.model.upos(self.sentence.words[i].tag)
    }

    /// The relation of word `i` to its head, with subtype (`nsubj:pass`).
    pub fn rel(&self, i: usize) -> &'a str {
        self.model.deprel(self.sentence.words[i].deprel)
    }

    /// The head of word `i` (`None` for the root's dependent, and for a
    /// HEAD that cannot be followed; see [`Tree::new`]).
    pub fn head(&self, i: usize) -> Option<usize> {
        self.heads[i]
    }

    /// Dependents of word `i`, left to right.
    pub fn children(&self, i: usize) -> &[usize] {
        &self.children[i]
    }

    /// Dependents of `i` whose relation is `rel` or a subtype of it
    /// (`"obl"` finds `obl`, `obl:agent`, `obl:unmarked`).
    pub fn deps(&self, i: usize, rel: &'a str) -> impl Iterator<Item = usize> + '_ {
        self.children[i].iter().copied().filter(move |&c| {
            let r = self.rel(c);
            r == rel || (r.len() > rel.len() && r.starts_with(rel) && r.as_bytes()[rel.len()] == b':')
        })
    }

    /// Word `i` and the words conjoined to it (`conj` chains), left to right.
    pub fn conjuncts(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut seen = vec![false; self.len()];
        seen[i] = true;
        let mut k = 0;
        while k < out.len() {
            let w = out[k];
            for c in self.deps(w, "conj").collect::<Vec<_>>() {
                if !std::mem::replace(&mut seen[c], true) {
                    out.push(c);
                }
            }
            k += 1;
        }
        out.sort_unstable();
        out
    }

    /// Is the predicate passive (an `aux:pass` or `nsubj:pass` dependent)?
    pub fn is_passive(&self, pred: usize) -> bool {
        self.children[pred].iter().any(|&c| matches!(self.rel(c), "aux:pass" | "nsubj:pass" | "csubj:pass"))
    }

    /// The subjects of a predicate, each conjunct listed: its own `nsubj`
    /// (or `nsubj:pass`); a verb conjoined to another (`conj`) without a
    /// subject of its own shares its first conjunct's; an open complement
    /// (`xcomp`) takes its controller's object when it has one, else its
    /// subject ("asked Turkey to help": Turkey; "agreed to help": the subject).
    pub fn subjects(&self, pred: usize) -> Vec<usize> {
        let mut p = pred;
        for _ in 0..self.len() {
            if let Some(s) = self.deps(p, "nsubj").next() {
                return self.conjuncts(s);
            }
            match (self.rel(p), self.head(p)) {
                ("conj", Some(h)) => p = h,
                ("xcomp", Some(h)) => {
                    if let Some(o) = self.deps(h, "obj").next().or_else(|| self.deps(h, "iobj").next()) {
                        return self.conjuncts(o);
                    }
                    p = h;
                }
                _ => return Vec::new(),
            }
        }
        Vec::new()
    }

    /// The passive agent (`obl:agent`: "by Russian forces"), its conjuncts too.
    pub fn agents(&self, pred: usize) -> Vec<usize> {
        self.deps(pred, "obl:agent").next().map(|a| self.conjuncts(a)).unwrap_or_default()
    }

    /// Direct and indirect objects (`obj`, `iobj`), each conjunct listed.
    pub fn objects(&self, pred: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for o in self.deps(pred, "obj").chain(self.deps(pred, "iobj")) {
            out.extend(self.conjuncts(o));
        }
        out.sort_unstable();
        out
    }

    /// Obliques other than the passive agent, with their preposition (`case`
    /// dependent, lower-cased): "met in Geneva" → `(Geneva, Some("in"))`.
    pub fn obliques(&self, pred: usize) -> Vec<(usize, Option<String>)> {
        self.deps(pred, "obl")
            .filter(|&o| self.rel(o) != "obl:agent")
            .map(|o| (o, self.deps(o, "case").next().map(|c| self.form(c).to_lowercase())))
            .collect()
    }

    /// The head of the clause word `i` belongs to: the nearest word, from `i`
    /// up, that is the root's dependent or attached by a clause relation
    /// (ccomp, xcomp, advcl, acl, acl:relcl, parataxis, csubj, list) or is a
    /// verb conjoined to a clause head.
    pub fn clause_head(&self, i: usize) -> usize {
        let mut w = i;
        for _ in 0..self.len() {
            let rel = self.rel(w);
            let base = rel.split(':').next().unwrap_or(rel);
            if CLAUSE_RELS.contains(&base) || self.head(w).is_none() {
                return w;
            }
            if base == "conj" && matches!(self.upos(w), "VERB" | "AUX") {
                return w;
            }
            match self.head(w) {
                Some(h) => w = h,
                None => return w,
            }
        }
        w
    }

    /// Modality markers among the predicate's own dependents (aux, advmod,
    /// mark, and `not` under a copula's head), never from another clause. A
    /// verb conjoined to another without auxiliaries of its own shares them
    /// ("will meet and sign": both future).
    pub fn clause_marks(&self, pred: usize) -> ClauseMarks {
        let m = markers();
        let mut out = ClauseMarks::default();
        let look = |p: usize, out: &mut ClauseMarks| {
            for &c in &self.children[p] {
                let rel = self.rel(c);
                if !matches!(rel, "aux" | "aux:pass" | "advmod" | "mark" | "cc" | "det") {
                    continue;
                }
                let f = self.form(c).to_lowercase().replace('\u{2019}', "'");
                let f = f.as_str();
                if rel != "mark" && m.negation.contains(&f) {
                    out.negated = true;
                }
                if rel.starts_with("aux") && m.future.contains(&f) {
                    out.future = true;
                }
                if rel.starts_with("aux") && m.hypothetical.contains(&f) {
                    out.hypothetical = true;
                }
                if rel == "mark" && m.condition.contains(&f) {
                    out.condition = true;
                }
            }
        };
        look(pred, &mut out);
        if self.rel(pred) == "conj" && !self.children[pred].iter().any(|&c| self.rel(c).starts_with("aux")) {
            if let Some(h) = self.head(pred) {
                let mut shared = ClauseMarks::default();
                look(h, &mut shared);
                out.future |= shared.future;
                out.hypothetical |= shared.hypothetical;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{builtin_model, Pipeline};

    /// Parse one sentence we wrote and hand the tree to `f`.
    fn with_tree(text: &str, f: impl FnOnce(&Tree<'_>)) {
        let m = builtin_model();
        let s = Pipeline::new(m).analyze(text);
        assert_eq!(s.len(), 1, "{text}");
        let t = Tree::new(m, text, &s[0]);
        f(&t);
    }

    fn find(t: &Tree<'_>, form: &str) -> usize {
        (0..t.len()).find(|&i| t.form(i) == form).unwrap_or_else(|| panic!("no {form}"))
    }

    fn forms(t: &Tree<'_>, ws: &[usize]) -> Vec<String> {
        ws.iter().map(|&w| t.form(w).to_string()).collect()
    }

    #[test]
    fn passive_agent_is_not_the_subject() {
        with_tree("Kharkiv was shelled by Russian forces on Tuesday.", |t| {
            let p = find(t, "shelled");
            assert!(t.is_passive(p));
            assert_eq!(forms(t, &t.subjects(p)), ["Kharkiv"]);
            assert_eq!(forms(t, &t.agents(p)), ["forces"]);
        });
        with_tree("Two journalists were arrested in Istanbul.", |t| {
            let p = find(t, "arrested");
            assert!(t.is_passive(p) && t.agents(p).is_empty());
            assert_eq!(
                t.obliques(p).iter().map(|(o, c)| (t.form(*o), c.clone())).collect::<Vec<_>>(),
                [("Istanbul", Some("in".to_string()))]
            );
        });
    }

    #[test]
    fn compound_subject_and_place() {
        with_tree("Russia and China met in Geneva on Monday.", |t| {
            let p = find(t, "met");
            assert_eq!(forms(t, &t.subjects(p)), ["Russia", "China"]);
            let obl: Vec<_> = t.obliques(p).iter().map(|(o, c)| (t.form(*o), c.clone())).collect();
            assert!(obl.contains(&("Geneva", Some("in".to_string()))), "{obl:?}");
            assert!(t.objects(p).is_empty());
        });
    }

    #[test]
    fn negation_stays_in_its_clause() {
        with_tree("Although Russia has not declared war, it shelled Kharkiv.", |t| {
            let (declared, shelled) = (find(t, "declared"), find(t, "shelled"));
            assert!(t.clause_marks(declared).negated);
            assert!(!t.clause_marks(shelled).negated);
            assert_eq!(t.clause_head(find(t, "war")), declared);
            assert_eq!(forms(t, &t.objects(shelled)), ["Kharkiv"]);
        });
        with_tree("Russia, which has denied targeting civilians, did not shell Kharkiv.", |t| {
            let shell = find(t, "shell");
            assert!(t.clause_marks(shell).negated);
            assert!(!t.clause_marks(find(t, "denied")).negated);
            assert_eq!(forms(t, &t.subjects(shell)), ["Russia"]);
        });
    }

    #[test]
    fn conjoined_verbs_share_subject_and_future() {
        with_tree("The two leaders will meet in Beijing and sign a trade deal.", |t| {
            let (meet, sign) = (find(t, "meet"), find(t, "sign"));
            assert!(t.clause_marks(meet).future && t.clause_marks(sign).future);
            assert_eq!(forms(t, &t.subjects(sign)), ["leaders"]);
            assert_eq!(forms(t, &t.objects(sign)), ["deal"]);
        });
    }

    #[test]
    fn open_complements_take_their_controller() {
        with_tree("Germany asked Turkey to help the refugees.", |t| {
            assert_eq!(forms(t, &t.subjects(find(t, "help"))), ["Turkey"]);
        });
        with_tree("Iran agreed to release the sailors.", |t| {
            assert_eq!(forms(t, &t.subjects(find(t, "release"))), ["Iran"]);
        });
    }

    #[test]
    fn reported_speech_is_a_clause_of_its_own() {
        with_tree("Ukrainian officials said Russian troops had shelled the city.", |t| {
            let (said, shelled) = (find(t, "said"), find(t, "shelled"));
            assert_eq!(t.rel(shelled), "ccomp");
            assert_eq!(t.head(shelled), Some(said));
            assert_eq!(forms(t, &t.subjects(shelled)), ["troops"]);
            assert_eq!(forms(t, &t.subjects(said)), ["officials"]);
        });
    }

    #[test]
    fn markers_are_read_from_data() {
        let m = markers();
        assert!(m.negation.contains(&"not") && m.future.contains(&"will") && m.condition.contains(&"if"));
    }

    /// A hand-built sentence that is not a tree (a `conj` cycle, a head past
    /// the end, a self-loop): every question gets an answer, no panic, no hang.
    #[test]
    fn a_sentence_that_is_not_a_tree_never_panics_or_hangs() {
        let m = builtin_model();
        let conj = m.label_id("conj").unwrap();
        let nsubj = m.label_id("nsubj").unwrap();
        let text = "a b c d";
        let w = |i: usize, head: u32, deprel: u16| crate::ParsedWord {
            span: crate::Span::new(2 * i, 2 * i + 1),
            tag: 0,
            head,
            deprel,
        };
        let s = ParsedSentence {
            span: crate::Span::new(0, text.len()),
            words: vec![w(0, 2, conj), w(1, 1, conj), w(2, 9, nsubj), w(3, 4, conj)],
        };
        let t = Tree::new(m, text, &s);
        assert_eq!(t.root(), None);
        assert_eq!(t.head(2), None);
        for i in 0..t.len() {
            assert!(t.conjuncts(i).len() <= t.len());
            let _ = (t.subjects(i), t.objects(i), t.agents(i), t.obliques(i), t.clause_marks(i));
            assert!(t.clause_head(i) < t.len());
        }
        assert_eq!(t.conjuncts(0), [0, 1]);
    }
}

//! The dependency parser: arc-eager transitions (Nivre 2003) with labelled
//! arcs, scored by an averaged perceptron over the rich feature templates of
//! Zhang & Nivre (2011) — words, tags, arc labels, distance, valency and
//! label sets of the stack top, its head and children, and the buffer front —
//! decoded greedily. Training follows the dynamic oracle of Goldberg & Nivre
//! (2012): every transition's cost (gold arcs it makes unreachable) is computed
//! from the state, the update goes to the best-scoring zero-cost transition,
//! and after the first epoch the parser mostly follows its own predictions, so
//! it learns to recover from its mistakes.
//!
//! The artificial root sits at the end of the buffer (Ballesteros & Nivre
//! 2013), so which word is the root is decided last; it takes exactly one
//! dependent (label `root`). Words left without a head at the end are
//! attached to the root's dependent as `parataxis` (or the first of them
//! becomes the root's dependent when it has none). Output heads use 0 for the
//! root, as CoNLL-U does.

use crate::perceptron::{key, put_varint, Reader, Trainer, Weights};
use crate::tagger::{get_str, put_str};
use crate::words::WordAtoms;

/// No head assigned yet.
pub const NONE: u32 = u32::MAX;

const SHIFT: usize = 0;
const REDUCE: usize = 1;

// Classes: SHIFT, REDUCE, then LEFT-ARC(l) = 2 + 2l and RIGHT-ARC(l) = 3 + 2l.

/// The trained parser.
#[derive(Debug, Clone, PartialEq)]
pub struct Parser {
    /// Dependency labels (full UD relations with subtypes); index = label id.
    pub labels: Vec<String>,
    /// Id of `root` in `labels`.
    pub root_label: u16,
    /// Id of the label given to words left headless (`parataxis`).
    pub fallback_label: u16,
    /// Coarse tag (UPOS index) of each tagger class, for the coarse templates.
    pub coarse: Vec<u16>,
    /// Averaged weights over `2 + 2 × labels` classes.
    pub weights: Weights,
}

/// A parser state over a sentence of `n` words (ids 1..=n). The artificial
/// root is id `n + 1`, at the end of the buffer (Ballesteros & Nivre 2013):
/// the root attachment is decided last, after the whole sentence was seen.
pub(crate) struct State {
    n: u32,
    /// Id of the artificial root (`n + 1`).
    root: u32,
    stack: Vec<u32>,
    b: u32,
    /// Head per word id (index 0 unused), `NONE` when unassigned.
    pub(crate) heads: Vec<u32>,
    /// Label per word id.
    pub(crate) labels: Vec<u16>,
    in_stack: Vec<bool>,
    l1: Vec<u32>,
    l2: Vec<u32>,
    r1: Vec<u32>,
    r2: Vec<u32>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    sl: Vec<u64>,
    sr: Vec<u64>,
}

impl State {
    pub(crate) fn new(n: usize) -> State {
        let m = n + 2;
        State {
            n: n as u32,
            root: n as u32 + 1,
            stack: Vec::with_capacity(n),
            b: 1,
            heads: vec![NONE; m],
            labels: vec![0; m],
            in_stack: vec![false; m],
            l1: vec![NONE; m],
            l2: vec![NONE; m],
            r1: vec![NONE; m],
            r2: vec![NONE; m],
            nl: vec![0; m],
            nr: vec![0; m],
            sl: vec![0; m],
            sr: vec![0; m],
        }
    }

    /// The stack top, `NONE` when the stack is empty.
    fn s0(&self) -> u32 {
        self.stack.last().copied().unwrap_or(NONE)
    }

    /// True when no transition is left: the buffer holds only the root and
    /// the stack is empty, or its top can no longer be attached.
    pub(crate) fn terminal(&self) -> bool {
        self.b == self.root
            && match self.stack.last() {
                None => true,
                Some(&s0) => self.heads[s0 as usize] == NONE && self.l1[self.root as usize] != NONE,
            }
    }

    fn add_arc(&mut self, h: u32, d: u32, l: u16) {
        let (hu, du) = (h as usize, d as usize);
        self.heads[du] = h;
        self.labels[du] = l;
        if d < h {
            self.l2[hu] = self.l1[hu];
            self.l1[hu] = d;
            self.nl[hu] = self.nl[hu].saturating_add(1);
            self.sl[hu] |= 1 << (l % 64);
        } else {
            self.r2[hu] = self.r1[hu];
            self.r1[hu] = d;
            self.nr[hu] = self.nr[hu].saturating_add(1);
            self.sr[hu] |= 1 << (l % 64);
        }
    }

    /// Is class `c` allowed here? (`root` = the root label id)
    fn valid(&self, c: usize, root: usize) -> bool {
        let s0 = self.s0();
        match c {
            SHIFT => self.b < self.root,
            REDUCE => s0 != NONE && self.heads[s0 as usize] != NONE,
            _ => {
                if s0 == NONE || self.b > self.root {
                    return false;
                }
                let l = (c - 2) / 2;
                if c.is_multiple_of(2) {
                    self.heads[s0 as usize] == NONE
                        && if self.b == self.root {
                            l == root && self.l1[self.root as usize] == NONE
                        } else {
                            l != root
                        }
                } else {
                    self.b < self.root && l != root
                }
            }
        }
    }

    fn apply(&mut self, c: usize) {
        let s0 = self.s0();
        match c {
            SHIFT => {
                self.in_stack[self.b as usize] = true;
                self.stack.push(self.b);
                self.b += 1;
            }
            REDUCE => {
                self.in_stack[s0 as usize] = false;
                self.stack.pop();
            }
            _ => {
                let l = ((c - 2) / 2) as u16;
                if c.is_multiple_of(2) {
                    self.add_arc(self.b, s0, l);
                    self.in_stack[s0 as usize] = false;
                    self.stack.pop();
                } else {
                    self.add_arc(s0, self.b, l);
                    self.in_stack[self.b as usize] = true;
                    self.stack.push(self.b);
                    self.b += 1;
                }
            }
        }
    }

    /// Attach words left headless (see the module doc) and give the root id 0.
    pub(crate) fn finish(&mut self, root: u16, fallback: u16) {
        let r = self.root;
        for d in 1..=self.n {
            if self.heads[d as usize] == NONE {
                if self.l1[r as usize] == NONE {
                    self.add_arc(r, d, root);
                } else {
                    let h = self.l1[r as usize];
                    self.add_arc(h, d, fallback);
                }
            }
        }
        for h in self.heads.iter_mut() {
            if *h == r {
                *h = 0;
            }
        }
    }

    /// Cost of class `c` against gold heads/labels (ids 1..=n, index 0
    /// unused; a gold head of the root is `n + 1` here).
    fn cost(&self, c: usize, gh: &[u32], gl: &[u16]) -> u32 {
        let s0 = self.s0();
        let b = self.b;
        let mut cost = 0;
        match c {
            SHIFT => {
                for &k in &self.stack {
                    if gh[b as usize] == k {
                        cost += 1;
                    }
                    if self.heads[k as usize] == NONE && gh[k as usize] == b {
                        cost += 1;
                    }
                }
            }
            REDUCE => {
                for k in b..=self.n {
                    if gh[k as usize] == s0 {
                        cost += 1;
                    }
                }
            }
            _ => {
                let l = ((c - 2) / 2) as u16;
                if c.is_multiple_of(2) {
                    let h = gh[s0 as usize];
                    if h > b {
                        cost += 1;
                    }
                    if h == b && gl[s0 as usize] != l {
                        cost += 1;
                    }
                    if b == self.root && h != b {
                        // the one root attachment goes to a word that is not the root
                        cost += 1;
                    }
                    for k in b + 1..=self.n {
                        if gh[k as usize] == s0 {
                            cost += 1;
                        }
                    }
                } else {
                    let h = gh[b as usize];
                    if h != s0 && (h > b || self.in_stack[h as usize]) {
                        cost += 1;
                    }
                    if h == s0 && gl[b as usize] != l {
                        cost += 1;
                    }
                    for &k in &self.stack {
                        if self.heads[k as usize] == NONE && gh[k as usize] == b {
                            cost += 1;
                        }
                    }
                }
            }
        }
        cost
    }

    /// The feature keys of this state (Zhang & Nivre 2011 templates plus the
    /// second stack word). `w` and `p` hold per-id word and tag atoms, id 0 = root.
    fn features(&self, w: &[u64], p: &[u64], cp: &[u64], out: &mut Vec<u64>) {
        out.clear();
        const NO: u64 = 0;
        let get = |x: u32, v: &[u64]| if x == NONE { NO } else { v[x as usize] };
        let lab =
            |x: u32| if x == NONE || self.heads[x as usize] == NONE { NO } else { self.labels[x as usize] as u64 + 1 };
        let s0 = self.s0();
        let s1 = if self.stack.len() >= 2 { self.stack[self.stack.len() - 2] } else { NONE };
        let (n0, n1, n2) = {
            let at = |k: u32| if k <= self.root { k } else { NONE };
            (at(self.b), at(self.b + 1), at(self.b + 2))
        };
        let s0h = if s0 == NONE { NONE } else { self.heads[s0 as usize] };
        let s0h2 = if s0h == NONE { NONE } else { self.heads[s0h as usize] };
        let ch = |v: &Vec<u32>, x: u32| if x == NONE { NONE } else { v[x as usize] };
        let (s0l, s0l2, s0r, s0r2) = (ch(&self.l1, s0), ch(&self.l2, s0), ch(&self.r1, s0), ch(&self.r2, s0));
        let (n0l, n0l2) = (ch(&self.l1, n0), ch(&self.l2, n0));
        let (s0w, s0p, n0w, n0p) = (get(s0, w), get(s0, p), get(n0, w), get(n0, p));
        let (n1w, n1p, n2w, n2p) = (get(n1, w), get(n1, p), get(n2, w), get(n2, p));
        let (s1w, s1p) = (get(s1, w), get(s1, p));
        let dist = if n0 == NONE || s0 == NONE { 0 } else { ((n0 - s0) as u64).min(8) + 100 };
        let vl = |x: u32| if x == NONE { 0 } else { self.nl[x as usize].min(6) as u64 + 200 };
        let vr = |x: u32| if x == NONE { 0 } else { self.nr[x as usize].min(6) as u64 + 200 };
        let setl = |x: u32| if x == NONE { 0 } else { self.sl[x as usize] };
        let setr = |x: u32| if x == NONE { 0 } else { self.sr[x as usize] };
        let mut t = 0u32;
        let mut f = |atoms: &[u64]| {
            out.push(key(t, atoms));
            t += 1;
        };
        f(&[]);
        // single words
        f(&[s0w, s0p]);
        f(&[s0w]);
        f(&[s0p]);
        f(&[n0w, n0p]);
        f(&[n0w]);
        f(&[n0p]);
        f(&[n1w, n1p]);
        f(&[n1w]);
        f(&[n1p]);
        f(&[n2w, n2p]);
        f(&[n2w]);
        f(&[n2p]);
        // pairs
        f(&[s0w, s0p, n0w, n0p]);
        f(&[s0w, s0p, n0w]);
        f(&[s0w, n0w, n0p]);
        f(&[s0w, s0p, n0p]);
        f(&[s0p, n0w, n0p]);
        f(&[s0w, n0w]);
        f(&[s0p, n0p]);
        f(&[n0p, n1p]);
        // triples of tags
        f(&[n0p, n1p, n2p]);
        f(&[s0p, n0p, n1p]);
        f(&[get(s0h, p), s0p, n0p]);
        f(&[s0p, get(s0l, p), n0p]);
        f(&[s0p, get(s0r, p), n0p]);
        f(&[s0p, n0p, get(n0l, p)]);
        // distance
        f(&[s0w, dist]);
        f(&[s0p, dist]);
        f(&[n0w, dist]);
        f(&[n0p, dist]);
        f(&[s0w, n0w, dist]);
        f(&[s0p, n0p, dist]);
        // valency
        f(&[s0w, vr(s0)]);
        f(&[s0p, vr(s0)]);
        f(&[s0w, vl(s0)]);
        f(&[s0p, vl(s0)]);
        f(&[n0w, vl(n0)]);
        f(&[n0p, vl(n0)]);
        // unigrams of heads and children
        f(&[get(s0h, w)]);
        f(&[get(s0h, p)]);
        f(&[lab(s0)]);
        f(&[get(s0l, w)]);
        f(&[get(s0l, p)]);
        f(&[lab(s0l)]);
        f(&[get(s0r, w)]);
        f(&[get(s0r, p)]);
        f(&[lab(s0r)]);
        f(&[get(n0l, w)]);
        f(&[get(n0l, p)]);
        f(&[lab(n0l)]);
        // third order
        f(&[get(s0h2, w)]);
        f(&[get(s0h2, p)]);
        f(&[lab(s0h)]);
        f(&[get(s0l2, w)]);
        f(&[get(s0l2, p)]);
        f(&[lab(s0l2)]);
        f(&[get(s0r2, w)]);
        f(&[get(s0r2, p)]);
        f(&[lab(s0r2)]);
        f(&[get(n0l2, w)]);
        f(&[get(n0l2, p)]);
        f(&[lab(n0l2)]);
        f(&[s0p, get(s0l, p), get(s0l2, p)]);
        f(&[s0p, get(s0r, p), get(s0r2, p)]);
        f(&[s0p, get(s0h, p), get(s0h2, p)]);
        f(&[n0p, get(n0l, p), get(n0l2, p)]);
        // label sets
        f(&[s0w, setr(s0)]);
        f(&[s0p, setr(s0)]);
        f(&[s0w, setl(s0)]);
        f(&[s0p, setl(s0)]);
        f(&[n0w, setl(n0)]);
        f(&[n0p, setl(n0)]);
        // second stack word
        f(&[s1w]);
        f(&[s1p]);
        f(&[s1w, s1p]);
        f(&[s1p, s0p, n0p]);
        f(&[s1w, s0w]);
        f(&[s1p, s0p]);
        f(&[s1p, lab(s1), s0p]);
        // lexical pairs with labels
        f(&[s0w, lab(s0)]);
        f(&[s0p, lab(s0), n0p]);
        f(&[n0w, n1w]);
        f(&[s0p, n0w, n1p]);
        f(&[(n0 == self.root) as u64 + 300, s0p]);
        f(&[(n0 == self.root) as u64 + 300, (self.l1[self.root as usize] != NONE) as u64, s0p]);
        // coarse (UPOS) tags
        let (s0c, n0c, n1c, n2c, s1c) = (get(s0, cp), get(n0, cp), get(n1, cp), get(n2, cp), get(s1, cp));
        f(&[s0c, n0c]);
        f(&[s0c, n0c, n1c]);
        f(&[s1c, s0c, n0c]);
        f(&[n0c, n1c, n2c]);
        f(&[s0w, n0c]);
        f(&[s0c, n0w]);
        f(&[get(s0h, cp), s0c, n0c]);
        f(&[s0c, get(s0l, cp), get(s0r, cp), n0c]);
        f(&[s0c, n0c, get(n0l, cp), dist]);
        f(&[s0c, n0c, lab(s0), lab(s0r)]);
    }
}

/// Per-sentence atoms: id 0 is the root.
pub(crate) fn atoms(words: &[WordAtoms], tags: &[u16], coarse: &[u16]) -> (Vec<u64>, Vec<u64>, Vec<u64>) {
    let mut w = Vec::with_capacity(words.len() + 1);
    let mut p = Vec::with_capacity(words.len() + 1);
    let mut c = Vec::with_capacity(words.len() + 1);
    w.push(0x524F_4F54_0000_0001);
    p.push(0x524F_4F54_0000_0002);
    c.push(0x524F_4F54_0000_0003);
    for (a, &t) in words.iter().zip(tags) {
        w.push(a.lower);
        p.push(t as u64 + 1_000);
        c.push(coarse.get(t as usize).copied().unwrap_or(0) as u64 + 2_000);
    }
    // the artificial root, id n + 1
    w.push(w[0]);
    p.push(p[0]);
    c.push(c[0]);
    (w, p, c)
}

fn best_valid(state: &State, scores: &[f32], root: usize) -> usize {
    let mut best = usize::MAX;
    for c in 0..scores.len() {
        if state.valid(c, root) && (best == usize::MAX || scores[c] > scores[best]) {
            best = c;
        }
    }
    best
}

impl Parser {
    /// Parse one sentence: heads (0 = root, else 1-based) and label ids per word.
    pub fn parse(&self, words: &[WordAtoms], tags: &[u16]) -> (Vec<u32>, Vec<u16>) {
        let n = words.len();
        let (w, p, cp) = atoms(words, tags, &self.coarse);
        let mut st = State::new(n);
        let mut feats = Vec::with_capacity(112);
        let mut scores = vec![0f32; self.weights.n_classes()];
        let root = self.root_label as usize;
        let mut guard = 0usize;
        while !st.terminal() && guard < 4 * n + 4 {
            guard += 1;
            st.features(&w, &p, &cp, &mut feats);
            self.weights.score(&feats, &mut scores);
            let c = best_valid(&st, &scores, root);
            if c == usize::MAX {
                break;
            }
            st.apply(c);
        }
        st.finish(self.root_label, self.fallback_label);
        (st.heads[1..=n].to_vec(), st.labels[1..=n].to_vec())
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        put_varint(out, self.labels.len() as u64);
        for l in &self.labels {
            put_str(out, l);
        }
        put_varint(out, self.root_label as u64);
        put_varint(out, self.fallback_label as u64);
        put_varint(out, self.coarse.len() as u64);
        for &c in &self.coarse {
            put_varint(out, c as u64);
        }
        self.weights.write(out);
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Option<Parser> {
        let n = r.varint()? as usize;
        if n > 1024 {
            return None;
        }
        let mut labels = Vec::with_capacity(n);
        for _ in 0..n {
            labels.push(get_str(r)?);
        }
        let root_label = r.varint()? as usize;
        let fallback_label = r.varint()? as usize;
        let nc = r.varint()? as usize;
        if nc > 4096 {
            return None;
        }
        let mut coarse = Vec::with_capacity(nc);
        for _ in 0..nc {
            coarse.push(r.varint()? as u16);
        }
        let weights = Weights::read(r)?;
        (root_label < n && fallback_label < n && weights.n_classes() == 2 + 2 * n).then_some(Parser {
            labels,
            root_label: root_label as u16,
            fallback_label: fallback_label as u16,
            coarse,
            weights,
        })
    }
}

/// One training sentence for the parser: atoms, (predicted) tags and the
/// projectivised gold tree.
pub struct ParseExample {
    /// Word atoms.
    pub words: Vec<WordAtoms>,
    /// Tag classes the parser sees (jack-knifed predictions in training).
    pub tags: Vec<u16>,
    /// Gold heads, index 0 unused (ids 1..=n), projective.
    pub heads: Vec<u32>,
    /// Gold label ids, index 0 unused.
    pub labels: Vec<u16>,
}

/// Lift non-projective arcs (the shortest first) to the head's head until the
/// tree is projective (Nivre & Nilsson 2005, without label encoding).
/// `heads[0]` is unused; ids are 1-based. `heads` should be a tree; on any
/// other graph (a cycle, a HEAD out of range) it stops after at most n² lifts
/// rather than loop, leaving the graph as it is then.
pub fn projectivize(heads: &mut [u32]) {
    let n = heads.len().saturating_sub(1);
    if heads.iter().any(|&h| h as usize > n) {
        return;
    }
    for _ in 0..=n * n {
        let mut worst: Option<(usize, usize)> = None;
        for d in 1..=n {
            let h = heads[d] as usize;
            let (a, b) = if h < d { (h, d) } else { (d, h) };
            let nonproj = (a + 1..b).any(|k| !dominated(heads, h, k));
            if nonproj && worst.is_none_or(|(len, _)| b - a < len) {
                worst = Some((b - a, d));
            }
        }
        match worst {
            Some((_, d)) => {
                let h = heads[d] as usize;
                if h == 0 {
                    return;
                }
                heads[d] = heads[h];
            }
            None => return,
        }
    }
}

/// Does `h` dominate `k` (is it `k` or an ancestor of `k`)?
fn dominated(heads: &[u32], h: usize, k: usize) -> bool {
    let mut x = k;
    for _ in 0..heads.len() {
        if x == h {
            return true;
        }
        if x == 0 {
            return false;
        }
        x = heads[x] as usize;
    }
    false
}

/// Training state across epochs.
pub struct ParserTrainer {
    /// The perceptron.
    pub perceptron: Trainer,
    /// Label names.
    pub labels: Vec<String>,
    /// Coarse tag of each tag class.
    pub coarse: Vec<u16>,
    root: usize,
}

impl ParserTrainer {
    /// A new trainer over `labels` (must contain `root` and `parataxis`).
    pub fn new(labels: Vec<String>, coarse: Vec<u16>) -> ParserTrainer {
        let root = labels.iter().position(|l| l == "root").expect("labels include root");
        ParserTrainer { perceptron: Trainer::new(2 + 2 * labels.len()), labels, coarse, root }
    }

    /// Resume from a saved perceptron.
    pub fn resume(labels: Vec<String>, coarse: Vec<u16>, perceptron: Trainer) -> ParserTrainer {
        let root = labels.iter().position(|l| l == "root").expect("labels include root");
        ParserTrainer { perceptron, labels, coarse, root }
    }

    /// One pass over `order`; `explore` is the probability of following a
    /// wrong prediction (0 in the first epoch). Returns the share of
    /// transitions predicted with zero cost.
    pub fn epoch(&mut self, data: &[ParseExample], order: &[usize], explore: f64, rng: &mut crate::train::Rng) -> f64 {
        let nc = self.perceptron.n_classes;
        let mut scores = vec![0f32; nc];
        let mut feats = Vec::with_capacity(96);
        let (mut good, mut total) = (0usize, 0usize);
        for &s in order {
            let ex = &data[s];
            let n = ex.words.len();
            let (w, p, cp) = atoms(&ex.words, &ex.tags, &self.coarse);
            let gh: Vec<u32> = ex.heads.iter().map(|&h| if h == 0 { n as u32 + 1 } else { h }).collect();
            let mut st = State::new(n);
            let mut guard = 0;
            while !st.terminal() && guard < 4 * n + 4 {
                guard += 1;
                st.features(&w, &p, &cp, &mut feats);
                self.perceptron.score(&feats, &mut scores);
                let guess = best_valid(&st, &scores, self.root);
                if guess == usize::MAX {
                    break;
                }
                let mut best_cost = u32::MAX;
                let mut gold = usize::MAX;
                let mut guess_cost = u32::MAX;
                for c in 0..nc {
                    if !st.valid(c, self.root) {
                        continue;
                    }
                    let k = st.cost(c, &gh, &ex.labels);
                    if c == guess {
                        guess_cost = k;
                    }
                    if k < best_cost || (k == best_cost && scores[c] > scores[gold]) {
                        best_cost = k;
                        gold = c;
                    }
                }
                total += 1;
                if guess_cost == best_cost {
                    good += 1;
                    st.apply(guess);
                } else {
                    self.perceptron.update(&feats, gold, guess);
                    if explore > 0.0 && rng.next_f64() < explore {
                        st.apply(guess);
                    } else {
                        st.apply(gold);
                    }
                }
                self.perceptron.tick();
            }
        }
        good as f64 / total.max(1) as f64
    }

    /// Freeze the averaged weights (dropping `|w| < prune`).
    pub fn finish(&self, prune: f32) -> Parser {
        let fallback = self.labels.iter().position(|l| l == "parataxis").unwrap_or(self.root);
        Parser {
            labels: self.labels.clone(),
            root_label: self.root as u16,
            fallback_label: fallback as u16,
            coarse: self.coarse.clone(),
            weights: self.perceptron.average(prune),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifts_a_crossing_arc() {
        // 1 -> 3, 2 -> 4 crossing (root 0 -> 1, 3 -> 2? build: heads[1]=0, [2]=4, [3]=1, [4]=1)
        // arc 4->2 spans 3, which 4 does not dominate: lift 2 to 4's head (1).
        let mut h = vec![0, 0, 4, 1, 1];
        projectivize(&mut h);
        assert_eq!(h, vec![0, 0, 1, 1, 1]);
        let mut ok = vec![0, 2, 0, 2];
        projectivize(&mut ok);
        assert_eq!(ok, vec![0, 2, 0, 2]);
    }

    #[test]
    fn projectivize_stops_on_graphs_that_are_not_trees() {
        // every head vector over 4 words (heads 0..=4, cycles and self-loops included)
        for code in 0..5u32.pow(4) {
            let mut h = vec![0u32];
            h.extend((0..4).map(|i| code / 5u32.pow(i) % 5));
            projectivize(&mut h);
        }
        projectivize(&mut [0, 9, 1]);
        projectivize(&mut []);
    }

    #[test]
    fn the_oracle_alone_rebuilds_a_projective_tree() {
        // "Russia and China met in Geneva ." heads (1-based): Russia->met(4), and->China, China->Russia,
        // met->root, in->Geneva, Geneva->met, .->met
        let labels: Vec<String> = ["root", "nsubj", "cc", "conj", "case", "obl", "punct", "parataxis"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let gold = [0u32, 4, 3, 1, 0, 6, 4, 4];
        let gh: Vec<u32> = gold.iter().map(|&h| if h == 0 { 8 } else { h }).collect();
        let gl = vec![0, 1, 2, 3, 0, 4, 5, 6];
        let mut st = State::new(7);
        let nc = 2 + 2 * labels.len();
        let mut steps = 0;
        while !st.terminal() {
            let c = (0..nc).find(|&c| st.valid(c, 0) && st.cost(c, &gh, &gl) == 0).expect("a zero-cost move");
            st.apply(c);
            steps += 1;
            assert!(steps < 40);
        }
        st.finish(0, 7);
        assert_eq!(st.heads[1..8], gold[1..]);
        assert_eq!(st.labels[1..8], gl[1..]);
    }

    #[test]
    fn leftovers_hang_from_the_root_dependent() {
        let mut st = State::new(3);
        st.apply(SHIFT);
        st.apply(SHIFT);
        st.apply(SHIFT);
        st.finish(0, 5);
        assert_eq!(st.heads[1..4], [0, 1, 1]);
        assert_eq!(st.labels[1..4], [0, 5, 5]);
    }
}

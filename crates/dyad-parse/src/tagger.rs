//! The part-of-speech tagger: a greedy left-to-right averaged perceptron that
//! predicts one combined `UPOS`+`XPOS` class per word (so `IN`+`ADP` and
//! `IN`+`SCONJ` are told apart), over the word, its affixes and shape, the two
//! words either side and the two previous tags. Frequent words seen with one
//! class in ≥ 99 % of their training occurrences take it from a tag
//! dictionary without scoring.

use std::collections::HashMap;

use crate::perceptron::{key, put_varint, Reader, Trainer, Weights};
use crate::words::WordAtoms;

/// The trained tagger.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagger {
    /// Combined classes: `(UPOS, XPOS)`.
    pub classes: Vec<(String, String)>,
    /// Averaged weights of the first, left-to-right pass.
    pub weights: Weights,
    /// Weights of the second pass, which also sees the first pass's tags of
    /// the next two words.
    pub second: Weights,
    /// Word hash → class for frequent unambiguous words.
    pub tagdict: HashMap<u64, u16>,
}

/// Sentence-boundary atoms.
const START: [u64; 2] = [0x5354_4152_5431, 0x5354_4152_5432];
const END: [u64; 2] = [0x454e_4431, 0x454e_4432];

/// The tagger's feature keys for word `i` given the previous two classes
/// (`u64::MAX`-style "none" is encoded as 0 for "before the sentence").
pub(crate) fn features(w: &[WordAtoms], i: usize, p1: u64, p2: u64, right: Option<(u64, u64)>, out: &mut Vec<u64>) {
    out.clear();
    let at = |j: isize| -> &WordAtoms { &w[j as usize] };
    let n = w.len() as isize;
    let i = i as isize;
    let word = |j: isize| -> u64 {
        if j < 0 {
            START[(-j - 1).min(1) as usize]
        } else if j >= n {
            END[(j - n).min(1) as usize]
        } else {
            at(j).lower
        }
    };
    let suf = |j: isize| -> u64 {
        if j < 0 || j >= n {
            word(j)
        } else {
            at(j).suf3
        }
    };
    let shp = |j: isize| -> u64 {
        if j < 0 || j >= n {
            word(j)
        } else {
            at(j).shape
        }
    };
    let c = at(i);
    let mut t = 0u32;
    let mut f = |atoms: &[u64]| {
        out.push(key(t, atoms));
        t += 1;
    };
    f(&[]);
    f(&[c.lower]);
    f(&[c.suf3]);
    f(&[c.suf2]);
    f(&[c.suf4]);
    f(&[c.pre1]);
    f(&[c.pre3]);
    f(&[c.shape]);
    f(&[p1]);
    f(&[p2]);
    f(&[p1, p2]);
    f(&[p1, c.lower]);
    f(&[p1, c.suf3]);
    f(&[word(i - 1)]);
    f(&[suf(i - 1)]);
    f(&[word(i - 2)]);
    f(&[word(i + 1)]);
    f(&[suf(i + 1)]);
    f(&[word(i + 2)]);
    f(&[word(i - 1), c.lower]);
    f(&[c.lower, word(i + 1)]);
    f(&[shp(i - 1), c.shape]);
    f(&[c.shape, shp(i + 1)]);
    f(&[(i == 0) as u64, c.shape]);
    f(&[(i == 0) as u64, c.lower]);
    f(&[suf(i + 1), c.suf3]);
    f(&[p1, word(i + 1)]);
    f(&[c.cased]);
    if let Some((r1, r2)) = right {
        f(&[r1]);
        f(&[r2]);
        f(&[r1, r2]);
        f(&[r1, c.lower]);
        f(&[p1, r1]);
        f(&[r1, c.suf3]);
        f(&[p1, r1, c.shape]);
    }
}

fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (c, s) in scores.iter().enumerate() {
        if *s > scores[best] {
            best = c;
        }
    }
    best
}

/// Right-context atoms: classes of words i+1 and i+2 (`END` markers past the end).
fn right_atoms(tags: &[u16], i: usize) -> (u64, u64) {
    let at = |j: usize| tags.get(j).map(|&c| class_atom(c as usize) + 500).unwrap_or(END[0]);
    (at(i + 1), at(i + 2))
}

/// Class atom of a predicted class (0 is "before the sentence").
#[inline]
fn class_atom(c: usize) -> u64 {
    c as u64 + 1
}

impl Tagger {
    /// Tag one sentence of word atoms; returns a class per word.
    pub fn tag(&self, words: &[WordAtoms]) -> Vec<u16> {
        let first = self.pass(words, &self.weights, None);
        self.pass(words, &self.second, Some(&first))
    }

    /// One left-to-right pass; `prev` gives the right-context tags.
    fn pass(&self, words: &[WordAtoms], weights: &Weights, prev: Option<&[u16]>) -> Vec<u16> {
        let mut out = Vec::with_capacity(words.len());
        let mut feats = Vec::with_capacity(40);
        let mut scores = vec![0f32; self.classes.len()];
        let (mut p1, mut p2) = (0u64, 0u64);
        for i in 0..words.len() {
            let c = match self.tagdict.get(&words[i].lower) {
                Some(&c) => c as usize,
                None => {
                    features(words, i, p1, p2, prev.map(|t| right_atoms(t, i)), &mut feats);
                    weights.score(&feats, &mut scores);
                    argmax(&scores)
                }
            };
            out.push(c as u16);
            p2 = p1;
            p1 = class_atom(c);
        }
        out
    }

    /// Serialise (see [`crate::model`]).
    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        put_varint(out, self.classes.len() as u64);
        for (u, x) in &self.classes {
            put_str(out, u);
            put_str(out, x);
        }
        let mut td: Vec<(&u64, &u16)> = self.tagdict.iter().collect();
        td.sort();
        put_varint(out, td.len() as u64);
        for (k, c) in td {
            out.extend_from_slice(&k.to_le_bytes());
            put_varint(out, *c as u64);
        }
        self.weights.write(out);
        self.second.write(out);
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Option<Tagger> {
        let n = r.varint()? as usize;
        if n > 4096 {
            return None;
        }
        let mut classes = Vec::with_capacity(n);
        for _ in 0..n {
            classes.push((get_str(r)?, get_str(r)?));
        }
        let m = r.varint()? as usize;
        // an entry takes at least 9 bytes (key, class)
        if m > r.b.len().saturating_sub(r.p) / 9 {
            return None;
        }
        let mut tagdict = HashMap::with_capacity(m);
        for _ in 0..m {
            let k = r.u64()?;
            let c = r.varint()? as usize;
            if c >= n {
                return None;
            }
            tagdict.insert(k, c as u16);
        }
        let weights = Weights::read(r)?;
        let second = Weights::read(r)?;
        (weights.n_classes() == n && second.n_classes() == n).then_some(Tagger { classes, weights, second, tagdict })
    }
}

pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

pub(crate) fn get_str(r: &mut Reader<'_>) -> Option<String> {
    let n = r.varint()? as usize;
    String::from_utf8(r.take(n)?.to_vec()).ok()
}

/// Training data for the tagger: each sentence's word atoms and gold classes.
pub struct TagData {
    /// Word atoms per sentence.
    pub words: Vec<Vec<WordAtoms>>,
    /// Gold class per word.
    pub gold: Vec<Vec<u16>>,
}

/// Build the tag dictionary: words seen ≥ `min_count` times with one class in
/// ≥ 99 % of them.
pub(crate) fn build_tagdict(data: &TagData, min_count: usize) -> HashMap<u64, u16> {
    let mut counts: HashMap<u64, HashMap<u16, usize>> = HashMap::new();
    for (ws, gs) in data.words.iter().zip(&data.gold) {
        for (w, g) in ws.iter().zip(gs) {
            *counts.entry(w.lower).or_default().entry(*g).or_default() += 1;
        }
    }
    let mut out = HashMap::new();
    for (w, cs) in counts {
        let total: usize = cs.values().sum();
        let (&best, &n) = cs.iter().max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c))).expect("non-empty");
        if total >= min_count && n as f64 / total as f64 >= 0.99 {
            out.insert(w, best);
        }
    }
    out
}

/// Train a tagger for `epochs` passes over shuffled sentences. The second
/// pass learns from `right` (first-pass tags of the training data, jack-knifed
/// so they are as noisy as at run time); without it the second pass is a copy
/// of the first that ignores right context. Deterministic for a given `seed`.
pub fn train(
    data: &TagData,
    classes: Vec<(String, String)>,
    epochs: usize,
    seed: u64,
    right: Option<&[Vec<u16>]>,
) -> Tagger {
    let weights = train_pass(data, classes.len(), epochs, seed, None);
    let second = match right {
        Some(r) => train_pass(data, classes.len(), epochs, seed.wrapping_add(1), Some(r)),
        None => weights.clone(),
    };
    let tagdict = build_tagdict(data, 20);
    Tagger { classes, weights, second, tagdict }
}

fn train_pass(data: &TagData, n: usize, epochs: usize, seed: u64, right: Option<&[Vec<u16>]>) -> Weights {
    let mut t = Trainer::new(n);
    let mut feats = Vec::with_capacity(32);
    let mut scores = vec![0f32; n];
    let mut rng = crate::train::Rng::new(seed);
    let mut order: Vec<usize> = (0..data.words.len()).collect();
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &s in &order {
            let (ws, gs) = (&data.words[s], &data.gold[s]);
            let (mut p1, mut p2) = (0u64, 0u64);
            for (i, &g) in gs.iter().enumerate() {
                features(ws, i, p1, p2, right.map(|r| right_atoms(&r[s], i)), &mut feats);
                t.score(&feats, &mut scores);
                let guess = argmax(&scores);
                t.update(&feats, g as usize, guess);
                t.tick();
                p2 = p1;
                p1 = class_atom(guess);
            }
        }
    }
    t.average(0.0)
}

//! The hand-written English lexicon shared by the tagger and the lemmatiser.
//!
//! Source: the plain-text word lists in `data/lexicon/` (written for dyad,
//! not derived from any treebank), embedded with `include_str!` and parsed
//! once into hash maps on first use.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use crate::Tag;

/// Word-class flag: a verb base form (`verbs.txt`, irregular bases).
pub(crate) const F_VERB: u8 = 1;
/// Word-class flag: a singular common noun (`nouns.txt`).
pub(crate) const F_NOUN: u8 = 2;
/// Word-class flag: an adjective (`adjectives.txt`).
pub(crate) const F_ADJ: u8 = 4;
/// Word-class flag: an adverb (`adverbs.txt`).
pub(crate) const F_ADV: u8 = 8;
/// Word-class flag: a nationality / faith adjective (`nationalities.txt`).
pub(crate) const F_NAT: u8 = 16;

/// Irregular-form flag: simple past (VBD).
pub(crate) const IRR_PAST: u8 = 1;
/// Irregular-form flag: past participle (VBN).
pub(crate) const IRR_PART: u8 = 2;

const CLOSED: &str = include_str!("../../../data/lexicon/closed.txt");
const IRR_VERBS: &str = include_str!("../../../data/lexicon/irregular_verbs.txt");
const IRR_NOUNS: &str = include_str!("../../../data/lexicon/irregular_nouns.txt");
const VERBS: &str = include_str!("../../../data/lexicon/verbs.txt");
const NOUNS: &str = include_str!("../../../data/lexicon/nouns.txt");
const ADJS: &str = include_str!("../../../data/lexicon/adjectives.txt");
const ADVS: &str = include_str!("../../../data/lexicon/adverbs.txt");
const NATS: &str = include_str!("../../../data/lexicon/nationalities.txt");

/// Bit of `t` in a tag set (`u64`; the enum has fewer than 64 variants).
#[inline]
pub(crate) const fn bit(t: Tag) -> u64 {
    1u64 << (t as u8)
}

/// A fast, non-cryptographic hasher for the lexicon's word keys (an
/// FxHash-style multiply-rotate over 8-byte chunks). The tables are fixed at
/// build time and only looked up, so hash flooding is not a concern; std's
/// SipHash cost about 7 % of all instructions of a `dyad code` run
/// (callgrind, before this hasher).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

const WORD_HASH_K: u64 = 0xf135_7aea_2e62_a9c5;

impl WordHasher {
    #[inline]
    fn add(&mut self, v: u64) {
        self.0 = (self.0 ^ v).wrapping_mul(WORD_HASH_K);
    }
}

impl Hasher for WordHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let r = chunks.remainder();
        if !r.is_empty() {
            let mut b = [0u8; 8];
            b[..r.len()].copy_from_slice(r);
            self.add(u64::from_le_bytes(b) ^ ((r.len() as u64) << 59));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves its best bits high; hashbrown indexes by the low ones.
        self.0.rotate_left(26)
    }
}

/// Hash-map builder for word-keyed lexicon tables.
pub(crate) type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

/// Closed-class entry: usual tag and the set of allowed tags.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Closed {
    pub first: Tag,
    pub mask: u64,
}

/// The parsed lexicon.
#[derive(Debug)]
pub(crate) struct Lexicon {
    /// Closed-class words → tags.
    pub closed: WordMap<&'static str, Closed>,
    /// Open-class words → `F_*` flags.
    pub flags: WordMap<&'static str, u8>,
    /// Irregular verb forms (past / participle) → (base, `IRR_*` flags).
    pub irr_verb: WordMap<&'static str, (&'static str, u8)>,
    /// Irregular plural → singular.
    pub irr_plural: WordMap<&'static str, &'static str>,
}

impl Lexicon {
    /// Word-class flags of `w` (0 when unknown).
    #[inline]
    pub fn flags(&self, w: &str) -> u8 {
        self.flags.get(w).copied().unwrap_or(0)
    }
    /// True when `w` is a known verb base form.
    #[inline]
    pub fn is_verb(&self, w: &str) -> bool {
        self.flags(w) & F_VERB != 0
    }
    /// True when `w` is a known singular noun.
    #[inline]
    pub fn is_noun(&self, w: &str) -> bool {
        self.flags(w) & F_NOUN != 0
    }
}

fn words(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines().filter(|l| !l.trim_start().starts_with('#')).flat_map(|l| l.split_whitespace())
}

fn build() -> Lexicon {
    let mut lx = Lexicon {
        closed: WordMap::with_capacity_and_hasher(400, Default::default()),
        flags: WordMap::with_capacity_and_hasher(6000, Default::default()),
        irr_verb: WordMap::with_capacity_and_hasher(500, Default::default()),
        irr_plural: WordMap::with_capacity_and_hasher(120, Default::default()),
    };
    for line in CLOSED.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut it = line.split_whitespace();
        let Some(w) = it.next() else { continue };
        let mut first = None;
        let mut mask = 0u64;
        for t in it {
            let tag = Tag::parse(t).unwrap_or_else(|| panic!("closed.txt: bad tag {t:?}"));
            first.get_or_insert(tag);
            mask |= bit(tag);
        }
        if let Some(first) = first {
            lx.closed.insert(w, Closed { first, mask });
        }
    }
    let add = |src: &'static str, f: u8, lx: &mut Lexicon| {
        for w in words(src) {
            *lx.flags.entry(w).or_insert(0) |= f;
        }
    };
    add(VERBS, F_VERB, &mut lx);
    add(NOUNS, F_NOUN, &mut lx);
    add(ADJS, F_ADJ, &mut lx);
    add(ADVS, F_ADV, &mut lx);
    add(NATS, F_NAT, &mut lx);
    for line in IRR_VERBS.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut it = line.split_whitespace();
        let (Some(base), Some(past), Some(part)) = (it.next(), it.next(), it.next()) else {
            continue;
        };
        *lx.flags.entry(base).or_insert(0) |= F_VERB;
        for (forms, f) in [(past, IRR_PAST), (part, IRR_PART)] {
            for form in forms.split('/') {
                if form == base {
                    // "put put put": the base form is also past/participle.
                    lx.irr_verb.entry(form).or_insert((base, 0)).1 |= f;
                } else {
                    let e = lx.irr_verb.entry(form).or_insert((base, 0));
                    if e.0 == base {
                        e.1 |= f;
                    }
                }
            }
        }
    }
    for line in IRR_NOUNS.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut it = line.split_whitespace();
        if let (Some(pl), Some(sg)) = (it.next(), it.next()) {
            lx.irr_plural.insert(pl, sg);
            *lx.flags.entry(sg).or_insert(0) |= F_NOUN;
        }
    }
    lx
}

/// The lexicon, parsed on first use.
pub(crate) static LEX: LazyLock<Lexicon> = LazyLock::new(build);

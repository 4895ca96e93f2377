//! Lemmas and the [`Lemmatizer`] trait.
//!
//! [`RuleLemmatizer`] reduces verbs (`VB*`) and plural nouns (`NNS`,
//! `NNPS`) to their dictionary form; every other token keeps its `norm`.
//! Verbs: the irregular table (`data/lexicon/irregular_verbs.txt`) first,
//! then suffix rules (`-ing`, `-ed`, `-s`) that try e-restoration,
//! consonant undoubling and `-ied`/`-ies` → `-y` against the verb list
//! (`data/lexicon/verbs.txt`), falling back to spelling heuristics for
//! unknown verbs. Nouns: the irregular plural table
//! (`data/lexicon/irregular_nouns.txt`), then `-ies`/`-es`/`-ves`/`-s`
//! rules checked against the noun list.

use std::borrow::Cow;

use crate::tag::lexicon::{Lexicon, F_ADJ, F_NOUN, F_VERB, LEX};
use crate::{Tag, Token};

/// Sets `Token::lemma` for tagged tokens.
pub trait Lemmatizer: Send + Sync {
    /// Fill in lemmas for one sentence's tagged tokens.
    fn lemmatize(&self, tokens: &mut [Token]);
}

/// Rule lemmatiser: irregular-form tables plus suffix rules by tag (see the
/// module docs). Allocation-free when the lemma equals `norm` and the
/// token's `lemma` buffer is large enough.
#[derive(Debug, Default)]
pub struct RuleLemmatizer {}

/// How to get a lemma from a word form, without allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lem {
    /// Lemma is the form itself.
    Same,
    /// Lemma is a table entry.
    Static(&'static str),
    /// Lemma is `form[..keep]` followed by `add`.
    Stem { keep: usize, add: &'static str },
}

impl Lem {
    /// Write the lemma of `form` into `out` (reusing its buffer).
    fn write_into(self, form: &str, out: &mut String) {
        match self {
            Lem::Same => {
                if out != form {
                    out.clear();
                    out.push_str(form);
                }
            }
            Lem::Static(s) => {
                out.clear();
                out.push_str(s);
            }
            Lem::Stem { keep, add } => {
                out.clear();
                out.push_str(&form[..keep]);
                out.push_str(add);
            }
        }
    }

    /// The lemma of `form` as a `Cow`.
    fn to_cow(self, form: &str) -> Cow<'_, str> {
        match self {
            Lem::Same => Cow::Borrowed(form),
            Lem::Static(s) => Cow::Borrowed(s),
            Lem::Stem { keep, add: "" } => Cow::Borrowed(&form[..keep]),
            Lem::Stem { keep, add } => {
                let mut s = String::with_capacity(keep + add.len());
                s.push_str(&form[..keep]);
                s.push_str(add);
                Cow::Owned(s)
            }
        }
    }
}

/// Is `w[..keep] + add` accepted by `pred`? Built in a stack buffer.
#[inline]
pub(crate) fn test(w: &str, keep: usize, add: &str, pred: impl Fn(&str) -> bool) -> bool {
    let mut buf = [0u8; 64];
    let n = keep + add.len();
    if n > buf.len() || n == 0 || !w.is_char_boundary(keep) {
        return false;
    }
    buf[..keep].copy_from_slice(&w.as_bytes()[..keep]);
    buf[keep..n].copy_from_slice(add.as_bytes());
    match std::str::from_utf8(&buf[..n]) {
        Ok(s) => pred(s),
        Err(_) => false,
    }
}

#[inline]
fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

#[inline]
fn is_cons(c: u8) -> bool {
    c.is_ascii_lowercase() && !is_vowel(c)
}

/// Base forms of be / have / do and the clitic verb forms.
fn aux_base(w: &str) -> Option<&'static str> {
    Some(match w {
        "am" | "are" | "is" | "was" | "were" | "been" | "being" | "'m" | "'re" | "be" => "be",
        "has" | "had" | "having" | "'ve" | "have" => "have",
        "does" | "did" | "done" | "doing" | "do" => "do",
        _ => return None,
    })
}

/// Does a stripped verb stem `s` (after removing `-ing`/`-ed`) need a final
/// `e` restored? Spelling heuristic for verbs missing from the lexicon.
fn needs_e(s: &[u8]) -> bool {
    let k = s.len();
    if k < 2 {
        return false;
    }
    let last = s[k - 1];
    let prev = s[k - 2];
    let prev2 = if k >= 3 { s[k - 3] } else { b' ' };
    match last {
        b'v' | b'c' | b'u' => return true,
        b'z' => return prev != b'z',
        b'g' => return matches!(prev, b'd' | b'r' | b'l'),
        b's' => {
            return is_vowel(prev) && prev != b'u'
                || matches!(prev, b'r' | b'n' | b'p' | b'l')
                || s.ends_with(b"us") && k <= 4
        }
        b'l' => return matches!(prev, b'b' | b'p' | b't' | b'd' | b'g' | b'k' | b'c' | b'f' | b'z'),
        b'w' | b'x' | b'y' => return false,
        _ => {}
    }
    if !is_vowel(prev) || is_vowel(prev2) || !is_cons(last) {
        return false;
    }
    let groups = s
        .iter()
        .enumerate()
        .filter(|&(i, &c)| (is_vowel(c) || c == b'y' && i > 0) && (i == 0 || !is_vowel(s[i - 1])))
        .count();
    if groups <= 1 {
        return true;
    }
    matches!(
        (prev, last),
        (b'a', b't')
            | (b'u', b't')
            | (b'o', b't')
            | (b'u', b'r')
            | (b'i', b'r')
            | (b'o', b'r')
            | (b'a', b'r')
            | (b'i', b'd')
            | (b'u', b'd')
            | (b'o', b'd')
            | (b'a', b'd')
            | (b'i', b'n')
            | (_, b'k')
            | (_, b'm')
    )
}

/// Guess the base of an unknown verb from the stem left after `-ing`/`-ed`.
fn guess_stem(w: &str, k: usize) -> Lem {
    let s = &w.as_bytes()[..k];
    if k >= 3 && s[k - 1] == s[k - 2] && matches!(s[k - 1], b'b' | b'd' | b'g' | b'm' | b'n' | b'p' | b'r' | b't') {
        return Lem::Stem { keep: k - 1, add: "" };
    }
    if needs_e(s) {
        Lem::Stem { keep: k, add: "e" }
    } else {
        Lem::Stem { keep: k, add: "" }
    }
}

/// Analyse a verb form: its lemma and whether the base is a known verb.
/// `past`: the form is tagged VBD/VBN, so an irregular past reading
/// ("found" → find) beats a base-form reading ("found" a company).
pub(crate) fn verb_analysis(lx: &Lexicon, w: &str, past: bool) -> (Lem, bool) {
    if !past && lx.is_verb(w) {
        return (Lem::Same, true);
    }
    if let Some(&(base, _)) = lx.irr_verb.get(w) {
        return (if base == w { Lem::Same } else { Lem::Static(base) }, true);
    }
    if let Some(b) = aux_base(w) {
        return (if b == w { Lem::Same } else { Lem::Static(b) }, true);
    }
    let isv = |s: &str| lx.is_verb(s);
    if isv(w) {
        return (Lem::Same, true);
    }
    let b = w.as_bytes();
    let n = b.len();
    let st = |keep, add| Lem::Stem { keep, add };
    if n > 4 && w.ends_with("ing") {
        let k = n - 3;
        if test(w, k, "", isv) {
            return (st(k, ""), true);
        }
        if k <= 2 && b[k - 1] == b'y' {
            return (st(k - 1, "ie"), true);
        }
        if test(w, k, "e", isv) {
            return (st(k, "e"), true);
        }
        if (b[k - 1] == b[k - 2] && is_cons(b[k - 1]) || w[..k].ends_with("ck")) && test(w, k - 1, "", isv) {
            return (st(k - 1, ""), true);
        }
        return (guess_stem(w, k), false);
    }
    if n > 3 && w.ends_with("ed") {
        if test(w, n - 1, "", isv) {
            return (st(n - 1, ""), true);
        }
        let k = n - 2;
        if test(w, k, "", isv) {
            return (st(k, ""), true);
        }
        if w.ends_with("ied") && test(w, n - 3, "y", isv) {
            return (st(n - 3, "y"), true);
        }
        if (b[k - 1] == b[k - 2] && is_cons(b[k - 1]) || w[..k].ends_with("ck")) && test(w, k - 1, "", isv) {
            return (st(k - 1, ""), true);
        }
        if w.ends_with("ied") {
            return (if n > 4 { st(n - 3, "y") } else { st(n - 1, "") }, false);
        }
        if matches!(b[k - 1], b'e' | b'u') {
            return (st(n - 1, ""), false);
        }
        return (guess_stem(w, k), false);
    }
    if n > 2 && b[n - 1] == b's' && b[n - 2] != b's' && b[n - 2] != b'\'' {
        if test(w, n - 1, "", isv) {
            return (st(n - 1, ""), true);
        }
        if w.ends_with("ies") && n > 4 && test(w, n - 3, "y", isv) {
            return (st(n - 3, "y"), true);
        }
        if w.ends_with("es") && test(w, n - 2, "", isv) {
            return (st(n - 2, ""), true);
        }
        return (plural_guess(w), false);
    }
    (Lem::Same, false)
}

/// Spelling-only guess for an unknown `-s` form.
fn plural_guess(w: &str) -> Lem {
    let n = w.len();
    if w.ends_with("ies") {
        return if n > 4 { Lem::Stem { keep: n - 3, add: "y" } } else { Lem::Stem { keep: n - 1, add: "" } };
    }
    if ["sses", "shes", "ches", "xes", "zzes"].iter().any(|s| w.ends_with(s)) || (n > 5 && w.ends_with("oes")) {
        return Lem::Stem { keep: n - 2, add: "" };
    }
    Lem::Stem { keep: n - 1, add: "" }
}

/// Analyse a plural noun: its lemma and whether the singular is a known
/// noun (for the tagger).
pub(crate) fn noun_analysis(lx: &Lexicon, w: &str) -> (Lem, bool) {
    if let Some(&sg) = lx.irr_plural.get(w) {
        return if sg == w { (Lem::Same, false) } else { (Lem::Static(sg), true) };
    }
    let n = w.len();
    let b = w.as_bytes();
    if n < 3 || b[n - 1] != b's' || matches!(b[n - 2], b's' | b'u' | b'\'') || (b[n - 2] == b'i' && n > 4) {
        return (Lem::Same, false);
    }
    let isn = |s: &str| lx.flags(s) & F_NOUN != 0;
    let st = |keep, add| Lem::Stem { keep, add };
    if test(w, n - 1, "", isn) {
        return (st(n - 1, ""), true);
    }
    if w.ends_with("ies") && n > 4 && test(w, n - 3, "y", isn) {
        return (st(n - 3, "y"), true);
    }
    if w.ends_with("es") && test(w, n - 2, "", isn) {
        return (st(n - 2, ""), true);
    }
    if w.ends_with("ves") {
        if test(w, n - 3, "f", isn) {
            return (st(n - 3, "f"), true);
        }
        if test(w, n - 3, "fe", isn) {
            return (st(n - 3, "fe"), true);
        }
    }
    if lx.is_noun(w) {
        return (Lem::Same, false);
    }
    // Not a known noun: other open classes (verbs, adjectives) as a check.
    let other = |s: &str| lx.flags(s) & (F_VERB | F_ADJ) != 0;
    if test(w, n - 1, "", other) {
        return (st(n - 1, ""), false);
    }
    if w.ends_with("ies") && n > 4 && test(w, n - 3, "y", other) {
        return (st(n - 3, "y"), false);
    }
    if w.ends_with("es") && test(w, n - 2, "", other) {
        return (st(n - 2, ""), false);
    }
    (plural_guess(w), false)
}

/// Lemma rule for one token given its tag and the next token's form.
fn lem_for(w: &str, tag: Tag, next: &str) -> Lem {
    let lx = &*LEX;
    match tag {
        Tag::VBZ if w == "'s" => Lem::Static(if matches!(next, "been" | "got" | "gotten") { "have" } else { "be" }),
        Tag::VBD | Tag::VBN if w == "'d" => Lem::Static("have"),
        Tag::VBD | Tag::VBN => verb_analysis(lx, w, true).0,
        Tag::VB | Tag::VBG | Tag::VBP | Tag::VBZ => verb_analysis(lx, w, false).0,
        Tag::NNS | Tag::NNPS => noun_analysis(lx, w).0,
        _ => Lem::Same,
    }
}

impl RuleLemmatizer {
    /// The lemma of one word form (lower-case `norm`) with tag `tag`:
    /// borrowed when it is the form itself, a prefix of it or a table entry.
    pub fn lemma<'a>(&self, norm: &'a str, tag: Tag) -> Cow<'a, str> {
        lem_for(norm, tag, "").to_cow(norm)
    }
}

impl Lemmatizer for RuleLemmatizer {
    fn lemmatize(&self, tokens: &mut [Token]) {
        for i in 0..tokens.len() {
            let (head, tail) = tokens.split_at_mut(i + 1);
            let t = &mut head[i];
            let next = tail.first().map_or("", |n| n.norm.as_str());
            lem_for(&t.norm, t.tag, next).write_into(&t.norm, &mut t.lemma);
        }
    }
}

#[cfg(test)]
#[path = "lemma_tests.rs"]
mod tests;

//! The rules behind [`RuleTagger`](super::RuleTagger).
//!
//! Two passes over one sentence:
//! 1. *Lexical*: every token gets a set of candidate tags (a `u64` bit set)
//!    from punctuation and number shapes, the closed-class list, the
//!    open-class lexicon with inflection analysis (shared with the
//!    lemmatiser), capitalisation, or suffix rules for unknown words.
//! 2. *Context*: left to right, an ambiguous token is resolved from the tags
//!    already chosen to its left, the candidates of the next token and
//!    whether the clause already has a finite verb. Rules are hand-written
//!    (determiner/possessive → noun, `to`/modal → base verb, have → VBN,
//!    be → VBN/VBG, subject → VBZ/VBP, …).

use super::lexicon::{bit, Lexicon, F_ADJ, F_ADV, F_NAT, F_NOUN, F_VERB, IRR_PART, IRR_PAST, LEX};
use crate::lemma::{noun_analysis, verb_analysis};
use crate::{Tag, Token};
use Tag::*;

/// Candidate tags of one token.
#[derive(Debug, Clone, Copy)]
struct Cand {
    /// All allowed tags.
    mask: u64,
    /// Usual tag when no context rule applies.
    first: Tag,
    /// Written with a capital initial (not all capitals).
    cap: bool,
}

impl Cand {
    const fn one(t: Tag) -> Cand {
        Cand { mask: bit(t), first: t, cap: false }
    }
    const fn of(first: Tag, mask: u64) -> Cand {
        Cand { mask: mask | bit(first), first, cap: false }
    }
    #[inline]
    fn has(&self, t: Tag) -> bool {
        self.mask & bit(t) != 0
    }
    #[inline]
    fn any(&self, m: u64) -> bool {
        self.mask & m != 0
    }
}

const M_NOUN: u64 = bit(NN) | bit(NNS) | bit(NNP) | bit(NNPS);
const M_VERB: u64 = bit(VB) | bit(VBD) | bit(VBG) | bit(VBN) | bit(VBP) | bit(VBZ);
const M_FIN: u64 = bit(VBD) | bit(VBP) | bit(VBZ) | bit(MD);
const M_ADJ: u64 = bit(JJ) | bit(JJR) | bit(JJS);
const M_BASE: u64 = bit(VB) | bit(VBP);
const M_DETLIKE: u64 = bit(DT) | bit(PRPS) | bit(POS) | bit(WPS) | bit(PDT) | bit(CD);
const M_PUNCT: u64 =
    bit(Comma) | bit(Period) | bit(Colon) | bit(LParen) | bit(RParen) | bit(OpenQuote) | bit(CloseQuote);

fn punct(w: &str) -> Option<Tag> {
    Some(match w {
        "," => Comma,
        "." | "?" | "!" | "..." | "?!" | "!!" | "??" => Period,
        ":" | ";" | "--" | "-" | "–" | "—" | "…" => Colon,
        "(" | "[" | "{" | "-lrb-" | "-lsb-" | "-lcb-" => LParen,
        ")" | "]" | "}" | "-rrb-" | "-rsb-" | "-rcb-" => RParen,
        "``" | "“" | "‘" => OpenQuote,
        "''" | "”" | "’" => CloseQuote,
        "$" | "us$" | "a$" | "c$" | "€" | "£" | "¥" | "hk$" => Dollar,
        "#" => Hash,
        "%" => NN,
        "&" => CC,
        "/" | "+" | "=" | "*" | "<" | ">" | "@" | "|" | "~" | "^" => SYM,
        _ => return None,
    })
}

/// Shape of a token containing digits.
fn number(raw: &str, w: &str) -> Option<Cand> {
    let b = w.as_bytes();
    let starts_num =
        b[0].is_ascii_digit() || (b.len() > 1 && matches!(b[0], b'.' | b'-' | b'+') && b[1].is_ascii_digit());
    if !starts_num {
        return None;
    }
    if b.iter().all(|c| c.is_ascii_digit() || matches!(c, b',' | b'.' | b':' | b'/' | b'-' | b'+')) {
        return Some(Cand::one(CD));
    }
    if let Some(p) = w.rfind('-') {
        let tail = &w[p + 1..];
        if !tail.is_empty() && tail.bytes().all(|c| c.is_ascii_alphabetic()) {
            return Some(Cand::of(JJ, bit(NN)));
        }
    }
    if ["th", "st", "nd", "rd"].iter().any(|s| w.ends_with(s)) && b[b.len() - 3].is_ascii_digit() {
        return Some(Cand::one(JJ));
    }
    if w.ends_with('s') && b[b.len() - 2].is_ascii_digit() {
        return Some(Cand::of(CD, bit(NNS)));
    }
    if raw.bytes().any(|c| c.is_ascii_uppercase()) {
        return Some(Cand::one(NNP));
    }
    Some(Cand::of(CD, bit(NN)))
}

fn strip_plural_s(w: &str) -> Option<&str> {
    let b = w.as_bytes();
    let n = b.len();
    (n > 3 && b[n - 1] == b's' && !matches!(b[n - 2], b's' | b'u' | b'i' | b'\'')).then(|| &w[..n - 1])
}

/// A capitalised word not at the start of a sentence (or any all-caps word).
fn proper(lx: &Lexicon, w: &str) -> Cand {
    let f = lx.flags(w);
    if f & F_NAT != 0 {
        return Cand::of(JJ, bit(NNP));
    }
    if let Some(stem) = strip_plural_s(w) {
        if lx.irr_plural.get(w).is_some_and(|&sg| sg == w) {
            return Cand::one(NNP);
        }
        if lx.flags(stem) & (F_NAT | F_NOUN) != 0
            || noun_analysis(lx, w).1
            || ["ans", "ists", "ites", "ers", "ics"].iter().any(|s| w.ends_with(s))
        {
            return Cand::of(NNPS, bit(NNP));
        }
    }
    Cand::one(NNP)
}

/// Open-class lexicon lookup with inflection analysis; `None` if unknown.
fn open_class(lx: &Lexicon, w: &str) -> Option<Cand> {
    let f = lx.flags(w);
    let mut m = 0u64;
    if f & F_VERB != 0 {
        m |= M_BASE;
    }
    if f & F_NOUN != 0 {
        m |= bit(NN);
    }
    if f & (F_ADJ | F_NAT) != 0 {
        m |= bit(JJ);
    }
    if f & F_ADV != 0 {
        m |= bit(RB);
    }
    if let Some(&(_, fl)) = lx.irr_verb.get(w) {
        if fl & IRR_PAST != 0 {
            m |= bit(VBD);
        }
        if fl & IRR_PART != 0 {
            m |= bit(VBN);
        }
    }
    if let Some(&sg) = lx.irr_plural.get(w) {
        if sg != w {
            m |= bit(NNS);
        }
    }
    let n = w.len();
    // Readings allowed by context but never the usual tag: most English
    // verbs double as nouns ("reports", "findings").
    let mut extra = 0u64;
    if n > 3 && w.ends_with('s') && m & bit(VBD) == 0 {
        if noun_analysis(lx, w).1 {
            m |= bit(NNS);
        }
        if verb_analysis(lx, w, false).1 {
            m |= bit(VBZ);
            extra |= bit(NNS);
        }
    } else if n > 3 && w.ends_with("ed") && m & bit(VBD) == 0 {
        if verb_analysis(lx, w, true).1 {
            m |= bit(VBD) | bit(VBN);
        }
    } else if n > 4 && w.ends_with("ing") {
        if verb_analysis(lx, w, false).1 {
            m |= bit(VBG);
            extra |= bit(NN);
        }
    } else if n > 4 && (w.ends_with("er") || w.ends_with("est")) && m == 0 {
        let (k, t) = if w.ends_with("er") { (n - 2, JJR) } else { (n - 3, JJS) };
        let s = &w[..k];
        let adj = |x: &str| lx.flags(x) & F_ADJ != 0;
        let b = s.as_bytes();
        if adj(s)
            || adj(&w[..k + 1])
            || (b.len() > 2 && b[b.len() - 1] == b[b.len() - 2] && adj(&s[..s.len() - 1]))
            || (s.ends_with('i') && crate::lemma::test(w, k - 1, "y", adj))
        {
            m |= bit(t);
        }
    }
    if m == 0 {
        return None;
    }
    // Usual tag: a fixed preference; context rules refine it.
    const PREF: [Tag; 14] = [NNS, VBD, VBN, JJ, NN, VBG, JJR, JJS, RB, VB, VBZ, VBP, NNP, CD];
    let mut first = PREF.iter().copied().find(|&t| m & bit(t) != 0).unwrap_or(NN);
    if first == JJ && m & bit(VBG) != 0 && m & bit(NN) == 0 {
        first = VBG;
    }
    Some(Cand::of(first, m | extra))
}

/// Suffix rules for words in no list.
fn suffix(lx: &Lexicon, w: &str) -> Cand {
    if let Some(p) = w.rfind('-') {
        if p > 0 && p + 1 < w.len() {
            let last = &w[p + 1..];
            let first = &w[..p];
            // a verb with a prefix ("re-examine", "co-operate", "re-elected")
            // reads as the verb
            if matches!(first, "re" | "co" | "pre" | "de" | "un" | "mis" | "over" | "out" | "under" | "counter") {
                if let Some(c) = open_class(lx, last).filter(|c| c.first.is_verb() || c.any(M_VERB)) {
                    return c;
                }
            }
            if last.ends_with("ed") || last.ends_with("ing") || lx.irr_verb.contains_key(last) {
                return Cand::of(JJ, bit(NN));
            }
            if matches!(lx.closed.get(first).map(|c| c.first), Some(CD)) {
                return Cand::of(JJ, bit(NN));
            }
            if let Some(c) = open_class(lx, last) {
                if c.has(NNS) && !c.has(NN) {
                    return Cand::of(NNS, 0);
                }
            }
            return Cand::of(JJ, bit(NN));
        }
    }
    let n = w.len();
    let ends = |s: &str| w.ends_with(s);
    if n > 4 && ends("ly") {
        return Cand::one(RB);
    }
    if n > 4 && ends("ing") {
        return Cand::of(VBG, bit(NN) | bit(JJ));
    }
    if n > 3 && ends("ed") {
        return Cand::of(VBD, bit(VBN) | bit(JJ));
    }
    if n > 3 && ends("s") && !ends("ss") && !ends("us") && !ends("is") {
        return Cand::of(NNS, bit(VBZ));
    }
    const NOUN_SUF: [&str; 20] = [
        "tion", "sion", "ment", "ness", "ity", "ism", "ance", "ence", "ship", "hood", "dom", "ist", "er", "or", "ee",
        "age", "ure", "cy", "logy", "ry",
    ];
    const ADJ_SUF: [&str; 12] = ["ous", "ful", "ive", "able", "ible", "al", "ic", "less", "ish", "ian", "ese", "ary"];
    if n > 4 && NOUN_SUF.iter().any(|s| ends(s)) {
        return Cand::of(NN, bit(VB) | bit(VBP));
    }
    if n > 4 && ADJ_SUF.iter().any(|s| ends(s)) {
        return Cand::of(JJ, bit(NN));
    }
    if n > 4 && ends("est") {
        return Cand::of(JJS, bit(NN));
    }
    if n > 4 && (ends("ant") || ends("ent")) {
        return Cand::of(JJ, bit(NN));
    }
    if n > 4 && (ends("ize") || ends("ise") || ends("ify")) {
        return Cand::of(VB, bit(VBP) | bit(NN));
    }
    Cand::of(NN, bit(VB) | bit(VBP))
}

/// Candidate tags for one token before context.
fn lexical(lx: &Lexicon, raw: &str, w: &str, initial: bool) -> Cand {
    if w.is_empty() {
        return Cand::one(SYM);
    }
    if let Some(t) = punct(w) {
        return Cand::one(t);
    }
    if let Some(c) = number(raw, w) {
        return c;
    }
    let first_char = raw.chars().next().unwrap_or(' ');
    let cap = first_char.is_uppercase();
    let letters = raw.chars().filter(|c| c.is_alphabetic()).count();
    let all_caps = letters >= 2 && raw.chars().all(|c| !c.is_lowercase());
    if let Some(c) = lx.closed.get(w) {
        if all_caps && letters >= 2 && !initial && w != "ok" {
            return Cand::one(NNP);
        }
        if cap && !initial && matches!(w, "may" | "march" | "will" | "august" | "us") {
            return Cand::one(NNP);
        }
        return Cand::of(c.first, c.mask);
    }
    if !first_char.is_alphabetic() {
        if w.contains(|c: char| c.is_alphabetic()) {
            return suffix(lx, w);
        }
        return Cand::one(SYM);
    }
    if cap && !all_caps {
        if let Some(p) = raw.rfind('-') {
            if raw[p + 1..].starts_with(|c: char| c.is_lowercase()) {
                let c = suffix(lx, w);
                if c.first == JJ {
                    return Cand::of(JJ, bit(NNP));
                }
            }
        }
    }
    // an inner capital ("iSrael", "eBay") marks a name
    let inner_cap = !cap && raw.chars().skip(1).any(char::is_uppercase);
    if (cap && !initial) || all_caps || inner_cap {
        return proper(lx, w);
    }
    if let Some(c) = open_class(lx, w) {
        if cap && c.mask & !M_BASE == 0 {
            // Sentence-initial "Trump", "Bush": names, not imperatives.
            return Cand::of(NNP, c.mask);
        }
        return c;
    }
    if cap {
        if w.len() > 4 && w.ends_with("ly") {
            return Cand::one(RB);
        }
        return proper(lx, w);
    }
    suffix(lx, w)
}

fn is_be(w: &str) -> bool {
    matches!(w, "be" | "is" | "are" | "was" | "were" | "been" | "being" | "am" | "'m" | "'re")
}
fn is_have(w: &str) -> bool {
    matches!(w, "have" | "has" | "had" | "having" | "'ve")
}
fn is_get(w: &str) -> bool {
    matches!(
        w,
        "get"
            | "gets"
            | "got"
            | "gotten"
            | "getting"
            | "become"
            | "becomes"
            | "became"
            | "becoming"
            | "remain"
            | "remains"
            | "remained"
            | "seem"
            | "seems"
            | "seemed"
            | "feel"
            | "feels"
            | "felt"
    )
}
fn is_do(w: &str) -> bool {
    matches!(w, "do" | "does" | "did")
}
/// Verbs taking a bare infinitive object ("help rebuild", "let them go").
fn takes_bare(w: &str) -> bool {
    matches!(w, "help" | "helped" | "helps" | "helping" | "let" | "lets" | "make" | "made" | "makes")
}
fn subject_pronoun(w: &str) -> bool {
    matches!(w, "i" | "we" | "you" | "they")
}
fn subject_pronoun_3sg(w: &str) -> bool {
    matches!(w, "he" | "she" | "it")
}

/// Left-to-right resolution state for one sentence.
struct Ctx<'a> {
    norms: Vec<&'a str>,
    cands: Vec<Cand>,
    tags: Vec<Tag>,
    /// A finite verb (VBD/VBZ/VBP/MD) was chosen in the current clause.
    finite: bool,
}

impl<'a> Ctx<'a> {
    fn tag(&self, j: Option<usize>) -> Tag {
        j.map_or(Unk, |j| self.tags[j])
    }
    fn norm(&self, j: Option<usize>) -> &'a str {
        j.map_or("", |j| self.norms[j])
    }
    /// Nearest earlier token not tagged RB (at most four adverbs skipped:
    /// "did not even ever clash").
    fn prev_non_rb(&self, i: usize) -> Option<usize> {
        let mut j = i;
        for _ in 0..5 {
            if j == 0 {
                return None;
            }
            j -= 1;
            if self.tags[j] != RB {
                return Some(j);
            }
        }
        None
    }
    /// The token is not a closed-class word.
    fn closed_free(&self, i: usize) -> bool {
        !LEX.closed.contains_key(self.norms[i])
    }
    fn next(&self, i: usize) -> Option<Cand> {
        self.cands.get(i + 1).copied()
    }
    fn next_norm(&self, i: usize) -> &'a str {
        self.norms.get(i + 1).copied().unwrap_or("")
    }
    /// Is the next token noun-like (a noun, adjective, determiner-like,
    /// number) and not primarily a verb?
    fn next_nominal(&self, i: usize) -> bool {
        self.next(i).is_some_and(|c| {
            c.any(M_NOUN | M_ADJ | bit(CD)) && !matches!(c.first, VBD | VBZ | VBP | MD | IN | TO | VB | RB)
        })
    }
    /// Does the next token start an object/complement (determiner, pronoun,
    /// name, number …) — typical after a finite verb?
    fn next_object(&self, i: usize) -> bool {
        self.next(i).is_some_and(|c| {
            matches!(c.first, DT | PRPS | PRP | NNP | NNPS | CD | TO | PDT | Dollar) || self.next_norm(i) == "that"
        })
    }
    fn next_is_verbal(&self, i: usize) -> bool {
        self.next(i).is_some_and(|c| matches!(c.first, VBD | VBZ | VBP | MD) || c.mask & M_NOUN == 0 && c.any(M_VERB))
    }

    fn resolve(&self, i: usize) -> Tag {
        let c = self.cands[i];
        let w = self.norms[i];
        let p = if i > 0 { Some(i - 1) } else { None };
        let pt = self.tag(p);
        let pw = self.norm(p);
        let q = self.prev_non_rb(i);
        let qt = self.tag(q);
        let qw = self.norm(q);

        // Closed-class words with context-dependent tags.
        match w {
            "that" => {
                let n = self.next(i);
                if n.is_none_or(|n| n.any(M_PUNCT))
                    || matches!(self.next_norm(i), "'s" | "is" | "was" | "has" | "had")
                    || n.is_some_and(|n| n.first == MD)
                {
                    return if pt.is_noun() && n.is_some_and(|n| n.first == MD) { WDT } else { DT };
                }
                if pt.is_noun() {
                    return if self.next_is_verbal(i) || n.is_some_and(|n| matches!(n.first, VBD | VBZ | VBP | RB)) {
                        WDT
                    } else {
                        IN
                    };
                }
                if matches!(pt, IN | Unk | OpenQuote | CC)
                    && self.next_nominal(i)
                    && !n.is_some_and(|n| n.any(bit(DT) | bit(PRP)))
                {
                    return DT;
                }
                if pt.is_verb() || matches!(pt, Comma | RB | JJ) {
                    return IN;
                }
                return if self.next_nominal(i) && !n.is_some_and(|n| n.any(bit(PRP) | bit(DT) | bit(NNP))) {
                    DT
                } else {
                    IN
                };
            }
            "'s" => {
                if pw == "let" {
                    return PRP;
                }
                return if matches!(pt, PRP | EX | WP | WDT | DT) && pw != "the"
                    || matches!(self.next_norm(i), "been" | "not" | "n't" | "going" | "also" | "still" | "expected")
                    || self.next(i).is_some_and(|n| n.first == VBN && !n.any(M_NOUN | M_ADJ))
                {
                    VBZ
                } else {
                    POS
                };
            }
            "'" => return if matches!(pt, NNS | NNPS) || pw.ends_with('s') && pt.is_noun() { POS } else { CloseQuote },
            "'d" => return if self.next(i).is_some_and(|n| n.has(VBN) && !n.has(VB)) { VBD } else { MD },
            "there" => {
                let n = self.next_norm(i);
                return if is_be(n)
                    || matches!(n, "'s" | "seems" | "seemed" | "appear" | "appears" | "remain" | "remains")
                    || self.next(i).is_some_and(|c| c.first == MD)
                {
                    EX
                } else {
                    RB
                };
            }
            "her" => return if self.next_nominal(i) { PRPS } else { PRP },
            "up" | "down" | "out" | "off" => {
                if self.next_norm(i) == "of" {
                    return IN;
                }
                if pt.is_verb() || (pt == RB && qt.is_verb()) || pt.is_noun() && q.is_some() && self.tag(q).is_verb() {
                    return RP;
                }
                if pt.is_noun() && i >= 2 && self.tags[i - 2].is_verb() {
                    return RP;
                }
                return if self.next(i).is_some_and(|n| matches!(n.first, DT | PRPS | CD | NNP | NN | NNS)) {
                    IN
                } else {
                    RB
                };
            }
            "about" | "around" => {
                return if self.next(i).is_none_or(|n| n.any(M_PUNCT)) { RB } else { IN };
            }
            "as" => {
                if let (Some(n), Some(n2)) = (self.cands.get(i + 1), self.norms.get(i + 2)) {
                    if *n2 == "as" && n.any(M_ADJ | bit(RB)) {
                        return RB;
                    }
                }
                return IN;
            }
            "more" | "less" => {
                return if self.next(i).is_some_and(|n| n.any(M_ADJ | bit(RB)) && !n.any(M_NOUN) && n.first != IN)
                    || self.next(i).is_none_or(|n| n.any(M_PUNCT)) && pt.is_verb()
                {
                    RBR
                } else {
                    JJR
                };
            }
            "most" | "least" => {
                return if self.next(i).is_some_and(|n| n.any(M_ADJ | bit(RB)) && !n.any(M_NOUN)) { RBS } else { JJS };
            }
            "all" | "both" | "half" => {
                if self.next(i).is_some_and(|n| matches!(n.first, DT | PRPS)) {
                    return PDT;
                }
                if w == "half" {
                    return NN;
                }
                return DT;
            }
            "such" => return if matches!(self.next_norm(i), "a" | "an") { PDT } else { JJ },
            "either" | "neither" => {
                let later = self.norms[i + 1..].iter().any(|x| matches!(*x, "or" | "nor"));
                return if later && (!self.next_nominal(i) || self.next(i).is_some_and(|n| n.first == NNP)) {
                    CC
                } else if self.next_nominal(i) {
                    DT
                } else if later {
                    CC
                } else {
                    DT
                };
            }
            "have" | "do" => {
                if matches!(qt, MD | TO) || is_do(qw) {
                    return VB;
                }
                return VBP;
            }
            "had" => return if is_have(qw) { VBN } else { VBD },
            "one" => {
                return if matches!(pt, DT | JJ | PRPS) && !self.next_nominal(i) { NN } else { CD };
            }
            "so" => {
                return if pt == Unk
                    || pt == OpenQuote
                    || self.next(i).is_some_and(|n| n.any(M_ADJ | bit(RB)) && !n.any(M_NOUN))
                {
                    RB
                } else if self.next(i).is_some_and(|n| matches!(n.first, DT | PRP | PRPS | NNP | NN | NNS | EX | CD))
                    || self.next_norm(i) == "that"
                {
                    IN
                } else {
                    RB
                };
            }
            "what" => return if self.next(i).is_some_and(|n| n.first == NN || n.first == NNS) { WDT } else { WP },
            "much" => {
                return if matches!(pt, RB | VB | VBD | VBZ | VBP | VBN)
                    || self.next(i).is_some_and(|n| n.first == JJR || n.first == RBR || n.first == IN)
                {
                    RB
                } else {
                    JJ
                }
            }
            "first" | "last" => {
                return if self.next_nominal(i) || matches!(pt, DT | PRPS | POS) { JJ } else { RB };
            }
            "home" => return if pt.is_verb() { RB } else { NN },
            "later" | "earlier" => {
                return if self.next_nominal(i) && self.next(i).is_some_and(|n| n.first != CD) && !matches!(pt, CD) {
                    if w == "later" {
                        JJ
                    } else {
                        JJR
                    }
                } else {
                    RB
                };
            }
            "yet" => return if pt == Comma || pt == CC { CC } else { RB },
            "like" => {
                if matches!(qt, MD | TO) || is_do(qw) {
                    return VB;
                }
                if subject_pronoun(pw) || matches!(pt, NNS | NNPS) && !self.finite {
                    return VBP;
                }
                return IN;
            }
            _ => {}
        }
        if c.cap
            && c.first != NNP
            && !c.any(
                bit(DT)
                    | bit(IN)
                    | bit(PRP)
                    | bit(CC)
                    | bit(MD)
                    | bit(TO)
                    | bit(PRPS)
                    | bit(WDT)
                    | bit(WP)
                    | bit(WRB)
                    | bit(EX),
            )
            && self.next(i).is_some_and(|n| n.cap && matches!(n.first, NNP | NNPS))
        {
            return NNP;
        }
        if c.mask == bit(JJ)
            && matches!(pt, DT | PRPS)
            && self.next(i).is_none_or(|n| {
                n.any(M_PUNCT) || matches!(n.first, MD | VBD | VBZ | VBP | CC | WP | WDT) || self.next_norm(i) == "of"
            })
        {
            return NN;
        }
        // A singular noun or unknown word right after a modal or do-support
        // ("will transition", "does not record") is a verb.
        if c.first == NN
            && (qt == MD || is_do(qw) && pt == RB)
            && self.closed_free(i)
            && !self.next(i).is_some_and(|n| n.any(M_NOUN) && n.first != VB && n.first != NN)
        {
            return VB;
        }
        if c.first == NN
            && c.mask & !M_BASE == bit(NN)
            && pt == TO
            && self.next(i).is_some_and(|n| matches!(n.first, DT | PRPS | PRP))
            && self.closed_free(i)
        {
            return VB;
        }
        if c.mask.count_ones() == 1 {
            return c.first;
        }
        let next = self.next(i);

        // Past tense vs participle.
        if c.has(VBD) || c.has(VBN) {
            if let Some(t) = self.resolve_ed(i, c, q, qt, qw, pt, pw) {
                return t;
            }
        }
        // Base forms: VB / VBP / NN / JJ.
        if c.any(M_BASE) {
            let inverted =
                matches!(pt, PRP | NNP | NN | NNS) && i >= 2 && (is_do(self.norms[i - 2]) || self.tags[i - 2] == MD);
            if (matches!(qt, MD | TO) || is_do(qw) && pt != Unk || (takes_bare(pw) && !c.has(VBD)) || inverted)
                && c.has(VB)
            {
                return VB;
            }
            if pt == CC && (self.next_object(i) || self.next(i).is_some_and(|n| matches!(n.first, IN | RB | JJ))) {
                if let Some(j) =
                    (0..i.saturating_sub(1)).rev().take(8).find(|&j| matches!(self.tags[j], VB | VBP | VBD | VBZ | MD))
                {
                    let t = self.tags[j];
                    if matches!(t, VB | VBP) && c.has(t) {
                        return t;
                    }
                }
            }
            if pt == CC {
                // Coordination: copy the category of the conjunct.
                if let Some(j) = (0..i.saturating_sub(1)).rev().take(6).find(|&j| {
                    let t = self.tags[j];
                    t.is_verb() || t.is_noun() || t == MD
                }) {
                    let t = self.tags[j];
                    if matches!(t, VB | VBP) && c.has(t) {
                        return t;
                    }
                    if t == NN && self.tags[i - 1] == CC && j + 2 == i {
                        return NN;
                    }
                }
            }
            let prev_subject = subject_pronoun(pw)
                || matches!(pt, WDT | WP) && c.has(VBP)
                || matches!(pt, NNS | NNPS)
                    && !self.finite
                    && !matches!(next.map(|n| n.first), Some(VBD | VBZ | VBP | MD))
                || (pt == RB && (subject_pronoun(qw) || matches!(qt, NNS | NNPS | WDT | WP)))
                || matches!(pt, NNS | NNPS) && self.next_object(i) && !c.has(NN);
            if prev_subject && c.has(VBP) {
                return VBP;
            }
            if c.has(JJ) {
                if is_be(qw) || is_get(qw) || matches!(pt, RB) && qt.is_verb() {
                    return JJ;
                }
                if self.next_nominal(i) && next.is_some_and(|n| n.any(M_NOUN)) {
                    return JJ;
                }
            }
            if c.has(NN) {
                return NN;
            }
            if c.has(JJ) && c.first == JJ {
                return JJ;
            }
            if matches!(pt, DT | PRPS | POS | JJ | CD)
                || (pt == NN && self.finite)
                || (pt.is_verb() && !takes_bare(pw) && !matches!(pt, VBZ | VBP | VBD) && !is_be(pw))
            {
                return NN;
            }
            if c.has(RB) && c.first == RB {
                return RB;
            }
            if pt == Unk || matches!(pt, OpenQuote | Colon) {
                return VB;
            }
            if matches!(pt, DT | PRPS | POS | JJ | IN | CD) && (c.has(NN) || !c.has(JJ)) {
                return NN;
            }
            if matches!(pt, NNP | NN | PRP) && !self.finite && c.has(VBP) {
                return VBP;
            }
            return if c.has(VB) { VB } else { c.first };
        }
        // Plural noun vs 3rd-person verb.
        if c.has(VBZ) && c.any(bit(NNS) | bit(NNPS)) {
            return self.resolve_s(i, c, pt, pw);
        }
        // -ing: participle, gerund noun or adjective.
        if c.has(VBG) {
            let obj = self.next_object(i) || self.next(i).is_some_and(|n| matches!(n.first, IN | RP | RB | VBN));
            if is_be(qw) || qt.is_verb() && qt != VBG {
                return VBG;
            }
            let listed = c.first == NN;
            if matches!(pt, DT | PRPS | POS | JJ | JJS | JJR | CD | WPS | NN | NNP) {
                if matches!(pt, NN | NNP | NNS)
                    && (obj || !listed && next.is_some_and(|n| n.any(M_NOUN | M_ADJ) && !n.any(M_PUNCT)))
                {
                    return VBG;
                }
                if !listed && !matches!(pt, NN | NNP) && self.next_nominal(i) && next.is_some_and(|n| n.any(M_NOUN)) {
                    return VBG;
                }
                return NN;
            }
            if pt == IN && matches!(pw, "while" | "when" | "after" | "before" | "since" | "by" | "without" | "despite")
            {
                return VBG;
            }
            if pt == IN {
                let ends = next.is_none_or(|n| n.any(M_PUNCT) || matches!(n.first, IN | CC | MD | VBD | VBZ | VBP));
                return if listed && !obj || ends { NN } else { VBG };
            }
            return VBG;
        }
        if c.has(JJ) && c.has(RB) {
            if matches!(pt, DT | PRPS | POS) {
                return JJ;
            }
            if pt == MD || next.is_some_and(|n| n.first == IN && self.next_norm(i) != "of") && !is_be(qw) {
                return RB;
            }
            if c.first == RB {
                let n_first = next.map(|n| n.first);
                return if is_be(qw) && matches!(n_first, Some(TO | IN | Comma | Period | CC)) { JJ } else { RB };
            }
            if is_be(qw) || self.next_nominal(i) && next.is_some_and(|n| n.any(M_NOUN)) {
                return JJ;
            }
            return if pt.is_verb() || pt == Unk { RB } else { c.first };
        }
        if c.has(JJ) && c.has(NN) {
            if c.first == NN {
                return NN;
            }
            if matches!(pt, DT | PRPS | JJ | POS)
                && self
                    .next(i)
                    .is_none_or(|n| n.any(M_PUNCT) || matches!(n.first, IN | VBD | VBZ | VBP | MD | WP | WDT | CC | TO))
            {
                return NN;
            }
            return JJ;
        }
        c.first
    }

    #[allow(clippy::too_many_arguments)]
    fn resolve_ed(&self, i: usize, c: Cand, q: Option<usize>, qt: Tag, qw: &str, pt: Tag, pw: &str) -> Option<Tag> {
        let w = self.norms[i];
        let next = self.next(i);
        let nn = self.next_norm(i);
        if !c.has(VBN) {
            return Some(if c.has(VBD) { VBD } else { c.first });
        }
        if !c.has(VBD) {
            // Participle-only (irregular) forms, or also a base form.
            if c.any(M_BASE) && (matches!(qt, MD | TO) || is_do(qw)) {
                return Some(VB);
            }
            if c.any(M_BASE) && (subject_pronoun(pw) || matches!(pt, NNS)) && !self.finite {
                return Some(VBP);
            }
            if c.any(M_BASE | bit(NN)) && matches!(pt, DT | PRPS | POS | JJ) {
                return Some(if c.has(NN) { NN } else { VBN });
            }
            return Some(VBN);
        }
        if c.any(M_BASE) && (matches!(qt, MD | TO) || is_do(qw) && q.is_some()) {
            return Some(VB);
        }
        if is_have(qw) || (qw == "'d" && q.is_some()) {
            return Some(VBN);
        }
        if is_be(qw) || is_get(qw) || qw == "'s" && qt == VBZ {
            return Some(if c.has(JJ) && !c.has(VB) && nn != "by" && (c.first == JJ) { JJ } else { VBN });
        }
        // Adverbs are transparent from here on: "police also arrested".
        let (pt, pw) = if pt == RB && q.is_some() { (qt, qw) } else { (pt, pw) };
        if pt == WRB {
            return Some(VBN);
        }
        if c.any(M_BASE) && (subject_pronoun(pw) || matches!(pt, NNS | NNPS)) && !self.finite {
            // "put", "cut", "set": present after a plural subject only if no
            // past reading fits better.
            return Some(VBD);
        }
        if matches!(pt, DT | PRPS | POS | JJ | JJS | JJR | CD | PDT) || pt == RB && matches!(qt, DT | PRPS) {
            if c.has(NN) && !self.next_nominal(i) {
                return Some(NN);
            }
            return Some(if c.has(JJ) { JJ } else { VBN });
        }
        if pt == CC {
            if let Some(j) = (0..i.saturating_sub(1)).rev().take(8).find(|&j| matches!(self.tags[j], VBD | VBN)) {
                return Some(self.tags[j]);
            }
        }
        if nn == "by" {
            return Some(VBN);
        }
        if matches!(pt, IN | TO) || pt.is_verb() && pt != VBZ && pt != VBP && pt != VBD {
            return Some(if c.has(JJ) && self.next_nominal(i) { JJ } else { VBN });
        }
        if pt == VBD || pt == VBZ || pt == VBP {
            // "said killed"? rare; "was", "has" handled above: complement.
            return Some(VBN);
        }
        if pt == Unk || matches!(pt, OpenQuote | Comma | Colon | RB) {
            if (matches!(pt, Unk | Comma) || self.finite && pt != RB)
                && next.is_some_and(|n| matches!(n.first, IN | TO))
                && w != "said"
            {
                return Some(VBN);
            }
            return Some(VBD);
        }
        if subject_pronoun(pw) || subject_pronoun_3sg(pw) || matches!(pt, WDT | WP | EX) {
            return Some(VBD);
        }
        if matches!(pt, NN | NNS | NNP | NNPS) && next.is_some_and(|n| matches!(n.first, IN | TO)) {
            // A noun phrase inside a prepositional phrase is no subject:
            // "the number of people affected by", "deaths related to".
            let mut j = i - 1;
            while j > 0 && matches!(self.tags[j], NN | NNS | NNP | NNPS | JJ | DT | CD | POS | PRPS | JJS | JJR) {
                j -= 1;
            }
            if self.tags[j] == IN && !(is_subordinator(self.norms[j]) || self.norms[j] == "when") {
                return Some(VBN);
            }
        }
        if matches!(pt, NN | NNS | NNP | NNPS | PRP | RB | CD) {
            if self.finite && next.is_some_and(|n| matches!(n.first, IN | TO | RB)) {
                return Some(VBN);
            }
            return Some(VBD);
        }
        if c.has(JJ) && self.next_nominal(i) {
            return Some(JJ);
        }
        Some(if self.finite { VBN } else { VBD })
    }

    fn resolve_s(&self, i: usize, c: Cand, pt: Tag, pw: &str) -> Tag {
        let noun = if c.has(NNS) { NNS } else { NNPS };
        if c.first == VBZ && (M_DETLIKE | M_ADJ | M_VERB | bit(IN) | bit(TO)) & bit(pt) == 0 {
            return VBZ;
        }
        if pt == RB && i >= 2 && matches!(self.tags[i - 2], NN | NNP | PRP | WDT | WP) {
            return VBZ;
        }
        if pt == CC && self.next_object(i) {
            return VBZ;
        }
        if subject_pronoun_3sg(pw) || matches!(pt, WDT | WP | EX) || pw == "that" && pt != DT {
            return VBZ;
        }
        if matches!(pt, NN | NNP) || pt == RB && i >= 2 && matches!(self.tags[i - 2], NN | NNP | PRP) {
            if c.first == VBZ && !self.next(i).is_some_and(|n| matches!(n.first, VBD | VBZ | VBP | MD)) {
                return VBZ;
            }
            if self.finite {
                return noun;
            }
            if self.next_is_verbal(i) && !self.next(i).is_some_and(|n| n.first == VBG) {
                return noun;
            }
            if self.next_object(i)
                || pt == NNP && self.next(i).is_some_and(|n| matches!(n.first, NN | JJ) && !n.any(M_PUNCT))
            {
                return VBZ;
            }
            if self.next(i).is_none_or(|n| n.any(M_PUNCT)) {
                return noun;
            }
            return noun;
        }
        if (M_DETLIKE | M_ADJ | M_VERB | bit(IN) | bit(TO) | bit(CC)) & bit(pt) != 0 {
            return noun;
        }
        noun
    }
}

/// Tag one sentence in place.
pub(super) fn tag_sentence(text: &str, tokens: &mut [Token]) {
    let lx = &*LEX;
    let n = tokens.len();
    let mut ctx =
        Ctx { norms: Vec::with_capacity(n), cands: Vec::with_capacity(n), tags: Vec::with_capacity(n), finite: false };
    let mut quote_open = false;
    for (i, t) in tokens.iter().enumerate() {
        let raw = t.span.slice(text);
        let raw = if raw.len() == t.norm.len() && !raw.is_empty() { raw } else { t.norm.as_str() };
        let initial = i == 0
            || ctx.cands[i - 1].first == OpenQuote
            || ctx.cands[i - 1].first == LParen
            || matches!(ctx.norms[i - 1], ":" | "--" | "\"" | "'" | "`" | "-");
        let mut c = lexical(lx, raw, &t.norm, initial);
        c.cap = raw.chars().next().is_some_and(char::is_uppercase) && raw.chars().skip(1).any(char::is_lowercase);
        if t.norm == "\"" || t.norm == "`" {
            let before_space = t.span.start == 0
                || text[..(t.span.start as usize).min(text.len())].chars().next_back().is_none_or(char::is_whitespace);
            let open = i == 0 || (before_space && i + 1 < n && !quote_open);
            c = Cand::one(if open { OpenQuote } else { CloseQuote });
            quote_open = open;
        }
        ctx.norms.push(t.norm.as_str());
        ctx.cands.push(c);
    }
    for i in 0..n {
        let t = ctx.resolve(i);
        ctx.tags.push(t);
        if M_FIN & bit(t) != 0 {
            ctx.finite = true;
        }
        let w = ctx.norms[i];
        if matches!(t, CC | WDT | WP | WRB | Colon | OpenQuote | CloseQuote | Comma) || t == IN && is_subordinator(w) {
            ctx.finite = false;
        }
    }
    let tags = std::mem::take(&mut ctx.tags);
    drop(ctx);
    for (t, tag) in tokens.iter_mut().zip(tags) {
        t.tag = tag;
    }
}

/// Prepositions (`IN`) that open a clause rather than a noun phrase.
fn is_subordinator(w: &str) -> bool {
    matches!(
        w,
        "that"
            | "because"
            | "if"
            | "while"
            | "although"
            | "though"
            | "whether"
            | "after"
            | "before"
            | "since"
            | "unless"
            | "until"
            | "as"
    )
}

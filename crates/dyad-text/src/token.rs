//! Tokens and the [`Tokenizer`] trait.
//!
//! [`NewsTokenizer`] follows Penn Treebank conventions closely enough for
//! dictionary matching and a PTB-trained tagger: clitics split (`Russia 's`,
//! `did n't`, `ca n't`), punctuation separate, numbers kept whole (`1,000`,
//! `3.5`), abbreviations keep their periods (`U.S.`, `Mr.`), hyphenated words
//! stay whole (`al-Shabaab`, `U.S.-led`). Every token keeps its exact byte
//! span; normalisation only affects [`Token::norm`].

use crate::sentence::abbrev::{abbrev_kind, AbbrevKind};
use crate::{Span, Tag};

/// One token: its byte span, normalised form, POS tag and lemma.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Token {
    /// Byte span in the text (absolute).
    pub span: Span,
    /// Normalised form: lower-case, typographic quotes and dashes folded to
    /// ASCII (`’` → `'`), otherwise the token text.
    pub norm: String,
    /// Part-of-speech tag (`Tag::Unk` before tagging).
    pub tag: Tag,
    /// Lemma (lower-case dictionary form); equals `norm` when unchanged.
    pub lemma: String,
}

/// Splits one sentence span of a text into tokens.
pub trait Tokenizer: Send + Sync {
    /// Append the tokens of `text[span]` to `out`, spans absolute into `text`.
    fn tokenize(&self, text: &str, span: Span, out: &mut Vec<Token>);
}

/// News tokenizer (Treebank-like, char scanning, no regex).
///
/// A span that runs past the text or falls inside a character is clamped to
/// the text and to char boundaries; no input panics.
#[derive(Debug, Default)]
pub struct NewsTokenizer {}

impl Tokenizer for NewsTokenizer {
    fn tokenize(&self, text: &str, span: Span, out: &mut Vec<Token>) {
        let n = text.len();
        let mut a = (span.start as usize).min(n);
        let mut e = (span.end as usize).min(n);
        while !text.is_char_boundary(a) {
            a += 1;
        }
        while !text.is_char_boundary(e) {
            e -= 1;
        }
        if e <= a {
            return;
        }
        out.reserve((e - a) / 5);
        scan(&text[a..e], &mut |s, t| {
            let norm = normalize(&text[a + s..a + t]);
            out.push(Token { span: Span::new(a + s, a + t), lemma: norm.clone(), norm, tag: Tag::Unk });
        });
    }
}

/// Normalise a token: lower-case; `’ ‘ ‛ ′` → `'`; `“ ” „ ‟ ″`, ` `` ` and
/// `''` → `"`; en/em dashes (and runs of 2+ hyphens) → `--`.
pub fn normalize(tok: &str) -> String {
    if tok.is_ascii() {
        if tok == "``" || tok == "''" {
            return "\"".to_string();
        }
        if tok.len() >= 2 && tok.bytes().all(|c| c == b'-') {
            return "--".to_string();
        }
        return tok.to_ascii_lowercase();
    }
    if tok.chars().all(is_dash) {
        return "--".to_string();
    }
    let mut s = String::with_capacity(tok.len());
    for c in tok.chars() {
        match c {
            // invisible format characters and combining marks do not change a word
            // (zero-width space/joiners, direction marks, soft hyphen, BOM)
            c if is_invisible(c) => {}
            // fullwidth ASCII forms ("Ｒｕｓｓｉａ")
            '\u{FF01}'..='\u{FF5E}' => {
                if let Some(a) = char::from_u32(c as u32 - 0xFEE0) {
                    s.extend(a.to_lowercase());
                }
            }
            '\u{2019}' | '\u{2018}' | '\u{201B}' | '\u{2032}' => s.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => s.push('"'),
            c if is_dash(c) => s.push_str("--"),
            c => s.extend(c.to_lowercase()),
        }
    }
    if s.is_empty() {
        // a token made only of invisible characters keeps its text (norm is never empty)
        return tok.to_lowercase();
    }
    s
}

/// Characters that change nothing about a word for matching: zero-width
/// space/non-joiner/joiner, direction marks and embeddings, word joiner,
/// BOM, soft hyphen, and combining diacritical marks (U+0300–U+036F).
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{0300}'..='\u{036F}')
}

/// En dash, em dash, horizontal bar, figure dash, minus sign.
fn is_dash(c: char) -> bool {
    matches!(c, '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}')
}

fn is_apos(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}')
}

/// Characters that separate tokens and are dropped.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}')
}

/// Emoji and pictographic symbols (runs of them form one token).
fn is_symbol(c: char) -> bool {
    matches!(c as u32, 0x2190..=0x21FF | 0x2300..=0x23FF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x1F000..=0x1FAFF)
}

/// Non-ASCII punctuation that forms its own token.
fn is_punct_nonascii(c: char) -> bool {
    matches!(c as u32,
        0x00A1..=0x00BF // ¡ ¢ £ ¤ ¥ ¦ § ¨ © « ¬ ® ¯ ° ± ² ³ ´ µ ¶ · ¸ ¹ º » ¼ ½ ¾ ¿
        | 0x00D7 | 0x00F7
        | 0x2010..=0x2027 | 0x2030..=0x205E // general punctuation
        | 0x20A0..=0x20CF // currency
        | 0x2100..=0x214F // letterlike (™, №)
        | 0x25A0..=0x25FF // geometric shapes (bullets)
        | 0x3000..=0x303F // CJK punctuation
        | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
        && !matches!(
            c,
            // the soft hyphen is invisible inside a word (`Rus\u{AD}sia`):
            // a word character, dropped by `normalize`
            '\u{00AA}' | '\u{00AD}' | '\u{00B5}' | '\u{00BA}' | '\u{00B2}' | '\u{00B3}' | '\u{00B9}' | '\u{00BC}'
                ..='\u{00BE}'
        )
}

/// Characters that make up words: letters, digits, `_`, combining marks and
/// anything not classed as space, punctuation or symbol.
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    !is_space(c) && !is_punct_nonascii(c) && !is_symbol(c)
}

/// Continuation of a symbol run (variation selectors, ZWJ, skin tones).
fn is_symbol_cont(c: char) -> bool {
    is_symbol(c) || matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{200D}' | '\u{20E3}')
}

/// Closing quotes and brackets.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']' | '}' | '\u{201D}' | '\u{2019}' | '\u{BB}')
}

#[inline]
fn char_at(s: &str, i: usize) -> Option<char> {
    let b = s.as_bytes();
    match b.get(i) {
        None => None,
        Some(&c) if c < 0x80 => Some(c as char),
        Some(_) => s[i..].chars().next(),
    }
}

/// Token spans of `s` (relative byte offsets), appended to `out`.
pub fn token_spans(s: &str, out: &mut Vec<(usize, usize)>) {
    scan(s, &mut |a, e| out.push((a, e)));
}

/// Scan `s`, calling `emit(start, end)` (relative byte offsets) for each
/// token in order.
fn scan(s: &str, emit: &mut dyn FnMut(usize, usize)) {
    let b = s.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        let c0 = b[i];
        if c0 < 0x80 {
            if c0.is_ascii_alphanumeric() || c0 == b'_' {
                i = word(s, i, emit);
                continue;
            }
            if c0 <= b' ' || c0 == 0x7F {
                i += 1;
                continue;
            }
        }
        let c = char_at(s, i).unwrap_or(' ');
        let cl = c.len_utf8();
        if is_space(c) {
            i += cl;
            continue;
        }
        if c == '\\' && (i == 0 || b[i - 1].is_ascii_whitespace()) && (i + 1 == n || b[i + 1].is_ascii_whitespace()) {
            i += 1; // AG-news line-break artefact
            continue;
        }
        if c == '\u{AD}' {
            // a soft hyphen that does not follow a word character starts no
            // token (inside a word `word` keeps it; `normalize` drops it)
            i += cl;
            continue;
        }
        if is_word(c) {
            i = word(s, i, emit);
            continue;
        }
        let run = |i: usize, f: &dyn Fn(char) -> bool| -> usize {
            let mut j = i;
            while let Some(d) = char_at(s, j) {
                if !f(d) {
                    break;
                }
                j += d.len_utf8();
            }
            j
        };
        let j = match c {
            '.' => {
                let j = run(i, &|d| d == '.');
                if j == i + 1 && b.get(j).is_some_and(u8::is_ascii_digit) {
                    // ".5"
                    i = word(s, i, emit);
                    continue;
                }
                j
            }
            '-' => run(i, &|d| d == '-'),
            '`' => run(i, &|d| d == '`').min(i + 2),
            '\'' if b.get(i + 1) == Some(&b'\'') => i + 2,
            c if is_dash(c) => run(i, &is_dash),
            c if is_symbol(c) => run(i, &is_symbol_cont),
            _ => i + cl,
        };
        emit(i, j);
        i = j;
    }
}

/// Scan a word starting at `i`; emit its token(s); return the end.
fn word(s: &str, i: usize, emit: &mut dyn FnMut(usize, usize)) -> usize {
    let b = s.as_bytes();
    let n = b.len();
    let mut j = i;
    let mut prev = ' ';
    let mut apos = false;
    while j < n {
        let c0 = b[j];
        if c0.is_ascii_alphanumeric() || c0 == b'_' {
            prev = c0 as char;
            j += 1;
            continue;
        }
        let d = char_at(s, j).unwrap_or(' ');
        let dl = d.len_utf8();
        let ok = if c0 >= 0x80 && is_word(d) {
            true
        } else {
            let next = char_at(s, j + dl);
            let next_word = next.is_some_and(is_word);
            match d {
                '-' | '/' => (is_word(prev) || (d == '-' && prev == '.')) && next_word,
                '.' => {
                    next_word
                        || (next == Some('-') && char_at(s, j + 2).is_some_and(is_word) && is_word(prev))
                        || (j == i && next.is_some_and(|x| x.is_ascii_digit()))
                }
                ',' | ':' => prev.is_ascii_digit() && next.is_some_and(|x| x.is_ascii_digit()),
                c if is_apos(c) => {
                    let ok = is_word(prev) && next.is_some_and(char::is_alphabetic);
                    apos |= ok;
                    ok
                }
                _ => false,
            }
        };
        if !ok {
            break;
        }
        prev = d;
        j += dl;
    }
    if j == i {
        // defensive: never loop without progress
        let l = char_at(s, i).map_or(1, char::len_utf8);
        emit(i, i + l);
        return i + l;
    }
    let w = &s[i..j];
    // clitic split
    let cut = if apos || matches!(w.len(), 5 | 6) { clitic_cut(w) } else { None };
    // trailing period
    let mut end = j;
    let mut period_sep = false;
    if b.get(j) == Some(&b'.') && b.get(j + 1) != Some(&b'.') {
        let base = &w[..cut.unwrap_or(w.len())];
        let number = w.bytes().all(|c| c.is_ascii_digit() || c == b'.' || c == b',');
        let rest = &s[j + 1..];
        let final_ = rest.chars().all(|c| is_closer(c) || is_space(c));
        let abbrev = cut.is_none()
            && match abbrev_kind(base) {
                AbbrevKind::None => false,
                AbbrevKind::Title => true,
                // at the sentence end, a lone lower-case letter is a word
                AbbrevKind::General => !final_ || base.len() > 1 || base.starts_with(|c: char| c.is_uppercase()),
            };
        let before_closer = rest.chars().next().is_some_and(is_closer);
        if abbrev || (!number && !final_ && !before_closer && cut.is_none()) {
            end = j + 1;
        } else {
            period_sep = true;
        }
    }
    match cut {
        Some(c) if c > 0 => {
            emit(i, i + c);
            emit(i + c, end);
        }
        _ => emit(i, end),
    }
    if period_sep {
        emit(j, j + 1);
        end = j + 1;
    }
    end
}

/// Where to split a clitic off `w` (byte offset), if anywhere:
/// `n't`, `'s`, `'m`, `'d`, `'ll`, `'re`, `'ve` (any apostrophe, any case),
/// and `cannot`, `gonna`, `gotta`, `wanna`, `gimme`, `lemme`.
fn clitic_cut(w: &str) -> Option<usize> {
    let wb = w.as_bytes();
    if wb.len() == 6 && w.eq_ignore_ascii_case("cannot") {
        return Some(3);
    }
    if wb.len() == 5 {
        for x in ["gonna", "gotta", "wanna", "gimme", "lemme"] {
            if w.eq_ignore_ascii_case(x) {
                return Some(3);
            }
        }
    }
    // find the last apostrophe
    let (p, c) = w.char_indices().rev().find(|&(_, c)| is_apos(c))?;
    if p == 0 {
        return None;
    }
    let suffix = &w[p + c.len_utf8()..];
    let before = &w[..p];
    if suffix.eq_ignore_ascii_case("t") && (before.ends_with('n') || before.ends_with('N')) && before.len() > 1 {
        return Some(p - 1);
    }
    for x in ["s", "m", "d", "ll", "re", "ve"] {
        if suffix.eq_ignore_ascii_case(x) {
            return Some(p);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sentence::testdata;
    use crate::{NewsSplitter, SentenceSplitter};

    fn toks(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        NewsTokenizer::default().tokenize(text, Span::new(0, text.len()), &mut out);
        out
    }

    fn strs(text: &str) -> Vec<&str> {
        toks(text).iter().map(|t| t.span.slice(text)).collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            ("Russia attacked Ukraine.", &["Russia", "attacked", "Ukraine", "."]),
            ("Russia's army didn't stop.", &["Russia", "'s", "army", "did", "n't", "stop", "."]),
            ("Russia\u{2019}s army didn\u{2019}t stop", &["Russia", "\u{2019}s", "army", "did", "n\u{2019}t", "stop"]),
            (
                "They can't, won't and they're sure",
                &["They", "ca", "n't", ",", "wo", "n't", "and", "they", "'re", "sure"],
            ),
            (
                "I'll go, we've gone, he'd go, I'm here",
                &["I", "'ll", "go", ",", "we", "'ve", "gone", ",", "he", "'d", "go", ",", "I", "'m", "here"],
            ),
            ("HE'S IT'S", &["HE", "'S", "IT", "'S"]),
            ("the states' rights", &["the", "states", "'", "rights"]),
            ("O'Brien and rock'n'roll", &["O'Brien", "and", "rock'n'roll"]),
            ("You cannot go", &["You", "can", "not", "go"]),
            ("al-Shabaab anti-government U.S.-led forces", &["al-Shabaab", "anti-government", "U.S.-led", "forces"]),
            (
                "The U.S. and U.N. met at 3 p.m. with Mr. Smith",
                &["The", "U.S.", "and", "U.N.", "met", "at", "3", "p.m.", "with", "Mr.", "Smith"],
            ),
            ("He lives in the U.S.", &["He", "lives", "in", "the", "U.S."]),
            ("They met at 9 a.m.", &["They", "met", "at", "9", "a.m."]),
            (
                "It cost $1,000 or 3.5% more, 10% in all",
                &["It", "cost", "$", "1,000", "or", "3.5", "%", "more", ",", "10", "%", "in", "all"],
            ),
            ("in 2016.", &["in", "2016", "."]),
            ("at 10:30 today: fine; ok", &["at", "10:30", "today", ":", "fine", ";", "ok"]),
            ("war -- peace \u{2014} calm \u{2013} end", &["war", "--", "peace", "\u{2014}", "calm", "\u{2013}", "end"]),
            (
                "\"He left,\" she said (quietly) [sic] {x}",
                &["\"", "He", "left", ",", "\"", "she", "said", "(", "quietly", ")", "[", "sic", "]", "{", "x", "}"],
            ),
            ("\u{201C}Go!\u{201D} he said.", &["\u{201C}", "Go", "!", "\u{201D}", "he", "said", "."]),
            ("He said \"go.\"", &["He", "said", "\"", "go", ".", "\""]),
            ("Wait... what?! Really\u{2026}", &["Wait", "...", "what", "?", "!", "Really", "\u{2026}"]),
            ("Sen. Elizabeth Warren, D-Mass., said", &["Sen.", "Elizabeth", "Warren", ",", "D-Mass.", ",", "said"]),
            ("John F. Kennedy", &["John", "F.", "Kennedy"]),
            ("Apple Inc. said", &["Apple", "Inc.", "said"]),
            ("He was ill.", &["He", "was", "ill", "."]),
            ("Visit abcnews.go.com today", &["Visit", "abcnews.go.com", "today"]),
            ("and/or 24/7", &["and/or", "24/7"]),
            ("AT&T #tag @user", &["AT", "&", "T", "#", "tag", "@", "user"]),
            ("a ``quote'' here", &["a", "``", "quote", "''", "here"]),
            ("DeVos\"?highly", &["DeVos", "\"", "?", "highly"]),
            ("Talks \\ resumed", &["Talks", "resumed"]),
            ("\u{4E2D}\u{56FD}\u{3002}\u{6CA1}", &["\u{4E2D}\u{56FD}", "\u{3002}", "\u{6CA1}"]),
            ("cafe\u{0301} na\u{00EF}ve", &["cafe\u{0301}", "na\u{00EF}ve"]),
            ("great \u{1F44D}\u{1F3FD}\u{1F600}!", &["great", "\u{1F44D}\u{1F3FD}\u{1F600}", "!"]),
            ("a\u{0000}b\u{0007} c", &["a", "b", "c"]),
            ("-5 degrees", &["-", "5", "degrees"]),
            (".5 percent", &[".5", "percent"]),
        ];
        for (text, want) in cases {
            assert_eq!(strs(text), *want, "input: {text:?}");
        }
    }

    #[test]
    fn soft_hyphen_is_folded_away() {
        // Inside a word it neither splits the token nor survives in the norm;
        // spans keep covering the original bytes (U+00AD is 2 bytes).
        let text = "Rus\u{AD}sia con\u{AD}demned x \u{AD} \u{AD}Ukraine\u{AD}.";
        let t = toks(text);
        let norms: Vec<&str> = t.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(norms, ["russia", "condemned", "x", "ukraine", "."]);
        let spans: Vec<(u32, u32)> = t.iter().map(|t| (t.span.start, t.span.end)).collect();
        assert_eq!(spans, [(0, 8), (9, 20), (21, 22), (28, 37), (37, 38)]);
        assert_eq!(&text[28..37], "Ukraine\u{AD}");
    }

    #[test]
    fn norms() {
        let text = "Russia\u{2019}s \u{201C}U.S.\u{201D} \u{2014} \u{2013} -- --- DIDN\u{2019}T ``x'' \u{2018}A\u{2019} \u{00C9}T\u{00C9}";
        let got: Vec<String> = toks(text).into_iter().map(|t| t.norm).collect();
        let want = [
            "russia",
            "'s",
            "\"",
            "u.s.",
            "\"",
            "--",
            "--",
            "--",
            "--",
            "did",
            "n't",
            "\"",
            "x",
            "\"",
            "'",
            "a",
            "'",
            "\u{00E9}t\u{00E9}",
        ];
        assert_eq!(got, want);
        for t in toks(text) {
            assert_eq!(t.lemma, t.norm);
            assert_eq!(t.tag, Tag::Unk);
        }
    }

    #[test]
    fn absolute_spans_and_bad_spans() {
        let text = "Ignore this. Russia\u{2019}s troops left.";
        let mut out = Vec::new();
        NewsTokenizer::default().tokenize(text, Span::new(13, text.len()), &mut out);
        let got: Vec<(u32, u32)> = out.iter().map(|t| (t.span.start, t.span.end)).collect();
        assert_eq!(got, vec![(13, 19), (19, 23), (24, 30), (31, 35), (35, 36)]);
        // a span that runs past the end or splits a char is clamped, no panic
        let mut out = Vec::new();
        NewsTokenizer::default().tokenize(text, Span::new(20, 10_000), &mut out);
        assert_eq!(out[0].span.slice(text), "s");
        let mut out = Vec::new();
        NewsTokenizer::default().tokenize(text, Span::new(50, 40), &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn property_spans_well_formed() {
        let mut strings = crate::sentence::tests::gen_strings(5000);
        strings.push("x".repeat(3000));
        strings.push("don't ".repeat(300));
        let sp = NewsSplitter::default();
        let tk = NewsTokenizer::default();
        for text in &strings {
            // whole text as one span, and sentence by sentence
            let mut spans = vec![Span::new(0, text.len())];
            spans.extend(sp.split(text));
            for s in spans {
                let mut out = Vec::new();
                tk.tokenize(text, s, &mut out);
                let mut last = s.start as usize;
                for t in &out {
                    let (a, e) = (t.span.start as usize, t.span.end as usize);
                    assert!(a >= last && a < e && e <= s.end as usize, "{text:?} {:?}", t.span);
                    assert!(text.is_char_boundary(a) && text.is_char_boundary(e), "{text:?} {:?}", t.span);
                    let w = t.span.slice(text);
                    assert!(!w.chars().any(char::is_whitespace), "{text:?} {w:?}");
                    assert!(!t.norm.is_empty());
                    last = e;
                }
            }
        }
    }

    /// Token parity with NLTK's Treebank `word_tokenize` on the punkt
    /// sentences of articles 1-300 (each sentence tokenised on its own span).
    #[test]
    fn treebank_parity() {
        let (arts, sents, toks) =
            match (testdata::articles(300), testdata::punkt_sentences(), testdata::treebank_tokens()) {
                (Ok(a), Ok(s), Ok(t)) => (a, s, t),
                (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                    dyad_core::testskip::skip("dyad-text treebank parity", &e.to_string());
                    return;
                }
            };
        let debug = std::env::var_os("DYAD_PARITY_DEBUG").is_some();
        let tk = NewsTokenizer::default();
        let (mut theirs, mut ours, mut both, mut nsent, mut same_count) = (0usize, 0usize, 0usize, 0usize, 0usize);
        for (id, ss) in &sents {
            let Some(text) = arts.get(id) else { continue };
            let Some(spans) = testdata::locate(text, ss) else {
                continue;
            };
            for (k, (a, e)) in spans.into_iter().enumerate() {
                let Some(ref_toks) = toks.get(&(id.clone(), k as u64)) else {
                    continue;
                };
                let p: std::collections::BTreeSet<(usize, usize)> =
                    testdata::align_tokens(text, a, e, ref_toks).into_iter().collect();
                let mut out = Vec::new();
                tk.tokenize(text, Span::new(a, e), &mut out);
                let o: std::collections::BTreeSet<(usize, usize)> =
                    out.iter().map(|t| (t.span.start as usize, t.span.end as usize)).collect();
                nsent += 1;
                theirs += ref_toks.len();
                ours += o.len();
                both += p.intersection(&o).count();
                same_count += usize::from(ref_toks.len() == o.len());
                if debug {
                    for x in p.symmetric_difference(&o) {
                        let tag = if p.contains(x) { "PTB" } else { "OURS" };
                        println!("{tag} {id}: {:?}", &text[x.0..x.1]);
                    }
                }
            }
        }
        let recall = both as f64 / theirs.max(1) as f64;
        let precision = both as f64 / ours.max(1) as f64;
        println!(
            "treebank parity over {nsent} sentences: reference tokens reproduced {:.2}% ({both}/{theirs}); our tokens also in reference {:.2}% ({both}/{ours}); same token count in {:.2}% of sentences",
            recall * 100.0,
            precision * 100.0,
            same_count as f64 * 100.0 / nsent.max(1) as f64
        );
        assert!(nsent >= 7000, "too few sentences aligned: {nsent}");
        assert!(recall >= RECALL_FLOOR, "recall {recall}");
        assert!(precision >= PRECISION_FLOOR, "precision {precision}");
    }

    const RECALL_FLOOR: f64 = 0.995;
    const PRECISION_FLOOR: f64 = 0.99;
}

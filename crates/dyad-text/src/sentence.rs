//! Sentence splitting and the [`SentenceSplitter`] trait.
//!
//! [`NewsSplitter`] is a rule-based splitter for English news text that works
//! on bytes (no regex): it looks at every `.`, `!`, `?`, `…` and line break,
//! and decides from the word before and the word after whether a sentence
//! ends there. See [`NewsSplitter`] for the rules.

#[path = "sentence_abbrev.rs"]
pub mod abbrev;
#[cfg(test)]
#[path = "sentence_testdata.rs"]
pub(crate) mod testdata;

use crate::Span;
use abbrev::{abbrev_kind, is_starter, time_then_new_sentence, AbbrevKind};

/// Splits a text into sentence spans.
pub trait SentenceSplitter: Send + Sync {
    /// Sentence spans of `text`, in order, non-overlapping, trimmed of
    /// surrounding whitespace.
    fn split(&self, text: &str) -> Vec<Span>;
}

/// Longest sentence the splitter emits, in bytes: a longer run without a
/// sentence end is cut at the last whitespace before this many bytes (at a
/// char boundary if there is none), so later stages stay bounded.
pub const MAX_SENTENCE_BYTES: usize = 2000;

/// News sentence splitter (rule-based, byte scanning).
///
/// Rules, in the order they are applied:
/// - a blank line (paragraph break) always ends a sentence; so does a line
///   break before a bullet line (`-`, `*`, `•`, `1.`, `2)` …) and a line break
///   after a headline-like first line without final punctuation;
/// - ` \ ` (an AG-news line-break artefact) counts as a line break;
/// - `!` / `?` (and runs like `?!`), plus closing quotes/brackets, end a
///   sentence unless the next word starts in lower case (`"Why?" he asked`);
/// - `.` followed by whitespace ends a sentence unless: the next word is
///   lower case; the word before is a title (`Mr.`, `Gen.`, `Sen.`); it is
///   another abbreviation (`U.S.`, `Inc.`, `Jan.`, `p.m.`, an initial `F.`) and
///   the next word is not a typical sentence starter (`The`, `He`, `But` …);
///   `No.` / month abbreviations before a number; a list number at a line
///   start (`1. `);
/// - `...` / `…` end a sentence before a capitalised word;
/// - datelines (`MOSCOW (Reuters) -`) have no sentence punctuation, so stay in
///   the first sentence;
/// - runs longer than [`MAX_SENTENCE_BYTES`] are cut at whitespace.
#[derive(Debug, Default)]
pub struct NewsSplitter {}

impl SentenceSplitter for NewsSplitter {
    fn split(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::with_capacity(text.len() / 120 + 1);
        let b = text.as_bytes();
        let n = b.len();
        let mut start = 0usize;
        let mut i = 0usize;
        while i < n {
            let c = b[i];
            match c {
                b'\n' | b'\\' => {
                    if c == b'\\' && !standalone_backslash(b, i) {
                        i += 1;
                        continue;
                    }
                    if let Some(next) = line_break_split(text, start, i) {
                        push_sentence(text, start, i, &mut out);
                        start = next;
                        i = next;
                        continue;
                    }
                    i += 1;
                }
                b'.' | b'!' | b'?' => {
                    let (split, k) = terminal_split(text, start, i);
                    if split {
                        push_sentence(text, start, k, &mut out);
                        start = k;
                    }
                    i = k.max(i + 1);
                }
                0xE2 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0xA6) => {
                    // U+2026 HORIZONTAL ELLIPSIS
                    let (split, k) = terminal_split(text, start, i);
                    if split {
                        push_sentence(text, start, k, &mut out);
                        start = k;
                    }
                    i = k.max(i + 3);
                }
                _ => i += 1,
            }
        }
        push_sentence(text, start, n, &mut out);
        out
    }
}

/// A `\` with whitespace (or the text edge) on both sides.
fn standalone_backslash(b: &[u8], i: usize) -> bool {
    (i == 0 || b[i - 1].is_ascii_whitespace()) && b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace())
}

/// Is `b[i]` a line break (`\n` or a standalone backslash)?
fn is_line_break(b: &[u8], i: usize) -> bool {
    b[i] == b'\n' || (b[i] == b'\\' && standalone_backslash(b, i))
}

/// Skip spaces, tabs and `\r` from `i`.
fn skip_hspace(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | 0x0B | 0x0C) {
        i += 1;
    }
    i
}

/// Decide at the line break at `i` (current sentence began at `start`).
/// Returns where the next sentence starts when the sentence ends here.
fn line_break_split(text: &str, start: usize, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    let j = skip_hspace(b, i + 1);
    if j >= b.len() {
        return None;
    }
    if is_line_break(b, j) {
        return Some(j); // blank line: paragraph break
    }
    if is_bullet_at(b, j) {
        return Some(j);
    }
    // Headline-like line: the sentence so far is this one line, has no final
    // punctuation, is mostly capitalised, and the next line starts upper case.
    let line = text[start..i].trim();
    if !line.is_empty()
        && line.len() <= 200
        && !line.contains('\n')
        && headline_like(line)
        && next_starts_upper(&text[j..])
    {
        return Some(j);
    }
    None
}

fn next_starts_upper(s: &str) -> bool {
    let s = s.trim_start_matches(is_opener);
    s.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// A line without final punctuation whose words (of 4+ letters) are mostly
/// capitalised, and that does not end like a dateline (`-`, `)` , `:`).
fn headline_like(line: &str) -> bool {
    let last = line.chars().next_back().unwrap_or(' ');
    if matches!(
        last,
        '.' | '!'
            | '?'
            | ','
            | ';'
            | ':'
            | '-'
            | ')'
            | ']'
            | '"'
            | '\''
            | '\u{2014}'
            | '\u{2013}'
            | '\u{201D}'
            | '\u{2019}'
            | '\u{2026}'
    ) {
        return false;
    }
    let (mut words, mut caps) = (0, 0);
    for w in line.split_whitespace() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.chars().count() < 4 {
            continue;
        }
        words += 1;
        if w.chars().next().is_some_and(char::is_uppercase) {
            caps += 1;
        }
    }
    words >= 2 && caps * 10 >= words * 7
}

/// Bullet at the start of a line: `-`, `*`, `•`, `‣`, `◦`, `▪`, `●`, `–`, `—`
/// followed by a space, or 1-3 digits then `.` / `)` and a space.
fn is_bullet_at(b: &[u8], j: usize) -> bool {
    let rest = &b[j..];
    let sp = |k: usize| rest.get(k).is_some_and(|c| *c == b' ' || *c == b'\t');
    match rest.first() {
        Some(b'-') | Some(b'*') => sp(1),
        Some(b'0'..=b'9') => {
            let d = rest.iter().take(4).take_while(|c| c.is_ascii_digit()).count();
            d <= 3 && matches!(rest.get(d), Some(b'.') | Some(b')')) && sp(d + 1)
        }
        Some(0xE2) => {
            let three = rest.get(..3);
            let bullets: [&[u8]; 7] = [
                "\u{2022}".as_bytes(),
                "\u{2023}".as_bytes(),
                "\u{25E6}".as_bytes(),
                "\u{25AA}".as_bytes(),
                "\u{25CF}".as_bytes(),
                "\u{2013}".as_bytes(),
                "\u{2014}".as_bytes(),
            ];
            three.is_some_and(|t| bullets.contains(&t)) && sp(3)
        }
        _ => false,
    }
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '(' | '[' | '{' | '\u{201C}' | '\u{2018}' | '\u{AB}' | '`')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | ')' | ']' | '}' | '\u{201D}' | '\u{2019}' | '\u{BB}')
}

/// Whitespace for the splitter: Unicode whitespace, control chars,
/// zero-width space and BOM.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}')
}

/// Decide at the terminal punctuation starting at byte `i`. Returns
/// (split?, end of the sentence including closers).
fn terminal_split(text: &str, start: usize, i: usize) -> (bool, usize) {
    let b = text.as_bytes();
    let n = b.len();
    // run of terminal punctuation
    let mut j = i;
    let (mut dots, mut bangs) = (0usize, 0usize);
    loop {
        match b.get(j) {
            Some(b'.') => {
                dots += 1;
                j += 1
            }
            Some(b'!') | Some(b'?') => {
                bangs += 1;
                j += 1
            }
            Some(0xE2) if b.get(j + 1) == Some(&0x80) && b.get(j + 2) == Some(&0xA6) => {
                dots += 3;
                j += 3
            }
            _ => break,
        }
    }
    // closing quotes / brackets
    let mut k = j;
    let mut close_paren = false;
    for c in text[j..].chars() {
        if is_closer(c) {
            close_paren |= c == ')';
            k += c.len_utf8();
        } else {
            break;
        }
    }
    // must be followed by whitespace or the end
    let mut m = k;
    let mut saw_ws = false;
    for c in text[k..].chars() {
        if is_space(c) || (c == '\\' && standalone_backslash(b, m)) {
            saw_ws = true;
            m += c.len_utf8();
        } else {
            break;
        }
    }
    if m >= n {
        return (false, k); // end of text: the final push closes it
    }
    if !saw_ws {
        return (false, j);
    }
    // next word: skip openers
    let after = &text[m..];
    let body = after.trim_start_matches(is_opener);
    let had_opener = body.len() < after.len();
    let first = body.chars().next().unwrap_or(' ');
    let next_word_end = body.find(|c: char| !c.is_alphanumeric()).unwrap_or(body.len());
    let next_word = &body[..next_word_end];
    let lower = first.is_lowercase();
    let upper = first.is_uppercase();
    let digit = first.is_ascii_digit();
    if !had_opener && matches!(first, ',' | ';' | ':' | ')' | ']' | '}' | '%') {
        return (false, k);
    }

    if bangs > 0 && dots == 0 {
        return (!lower, k);
    }
    if dots > 1 {
        // ellipsis
        return (upper, k);
    }
    // a single period (possibly mixed with ?!)
    let word = prev_word(b, start, i);
    let kind = match word {
        Some(w) => {
            let number_sign = (w.eq_ignore_ascii_case("no") || w.eq_ignore_ascii_case("nos")) && digit;
            let list_number = !w.is_empty()
                && w.len() <= 3
                && w.bytes().all(|c| c.is_ascii_digit())
                && line_initial(b, start, i - w.len());
            if number_sign || list_number {
                // "No. 5", or a list number "1. " at a line start
                AbbrevKind::Title
            } else {
                abbrev_kind(w)
            }
        }
        None => AbbrevKind::None,
    };
    let split = match kind {
        AbbrevKind::Title => false,
        AbbrevKind::General => {
            !close_paren
                && upper
                && (is_starter(next_word) || word.is_some_and(|w| time_then_new_sentence(w, next_word)))
        }
        AbbrevKind::None => !lower || had_opener,
    };
    (split, k)
}

/// The word just before byte `i` (a period), back to whitespace or an
/// opening bracket/quote; `None` when longer than 40 bytes.
fn prev_word(b: &[u8], start: usize, i: usize) -> Option<&str> {
    let mut k = i;
    while k > start {
        let c = b[k - 1];
        if c.is_ascii_whitespace() || (c.is_ascii_punctuation() && !matches!(c, b'.' | b'-' | b'\'' | b'_' | b'&')) {
            break;
        }
        k -= 1;
        if i - k > 40 {
            return None;
        }
    }
    // k is after an ASCII byte or at `start`: a char boundary
    std::str::from_utf8(&b[k..i]).ok()
}

/// Only spaces/tabs between the previous line break (or sentence start)
/// and byte `p`.
fn line_initial(b: &[u8], start: usize, p: usize) -> bool {
    let mut q = p;
    while q > start && matches!(b[q - 1], b' ' | b'\t' | b'\r') {
        q -= 1;
    }
    q == start || b[q - 1] == b'\n'
}

/// Trim `text[a..e]` and push it (cut into pieces of at most
/// [`MAX_SENTENCE_BYTES`]) unless empty.
fn push_sentence(text: &str, a: usize, e: usize, out: &mut Vec<Span>) {
    let (mut a, e) = trim(text, a, e);
    while a < e {
        if e - a <= MAX_SENTENCE_BYTES {
            out.push(Span::new(a, e));
            return;
        }
        let mut cut = a + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let window = &text[a..cut];
        let piece_end = match window.rfind(|c: char| c.is_whitespace()) {
            Some(p) if p > 0 => a + p,
            _ => cut,
        };
        let (pa, pe) = trim(text, a, piece_end);
        if pa < pe {
            out.push(Span::new(pa, pe));
        }
        a = trim(text, piece_end, e).0;
    }
}

/// Shrink `[a, e)` past whitespace, control chars and standalone backslashes.
fn trim(text: &str, mut a: usize, mut e: usize) -> (usize, usize) {
    let b = text.as_bytes();
    while a < e {
        let c = text[a..e].chars().next().unwrap_or(' ');
        if is_space(c) || (c == '\\' && standalone_backslash(b, a)) {
            a += c.len_utf8();
        } else {
            break;
        }
    }
    while e > a {
        let c = text[a..e].chars().next_back().unwrap_or(' ');
        let p = e - c.len_utf8();
        if is_space(c) || (c == '\\' && standalone_backslash(b, p)) {
            e = p;
        } else {
            break;
        }
    }
    (a, e)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        NewsSplitter::default().split(text).iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            ("Russia attacked. Ukraine responded.", &["Russia attacked.", "Ukraine responded."]),
            ("  Lead space.  Trail space.  ", &["Lead space.", "Trail space."]),
            ("Mr. Smith met Mrs. Jones and Dr. Who.", &["Mr. Smith met Mrs. Jones and Dr. Who."]),
            (
                "Gen. Lt. Col. Sen. Rep. Gov. Prof. St. Petersburg hosted them.",
                &["Gen. Lt. Col. Sen. Rep. Gov. Prof. St. Petersburg hosted them."],
            ),
            (
                "He arrived on Jan. 5 and left on Sept. 30. Then he spoke.",
                &["He arrived on Jan. 5 and left on Sept. 30.", "Then he spoke."],
            ),
            ("Feb. 2, Mar. 3, Dec. 24 were dates.", &["Feb. 2, Mar. 3, Dec. 24 were dates."]),
            (
                "Apple Inc. Chief Tim Cook spoke. Acme Corp. and Foo Ltd. agreed.",
                &["Apple Inc. Chief Tim Cook spoke.", "Acme Corp. and Foo Ltd. agreed."],
            ),
            ("It rose 3.5 percent. Prices fell.", &["It rose 3.5 percent.", "Prices fell."]),
            ("Room No. 5 was empty. He left.", &["Room No. 5 was empty.", "He left."]),
            ("Russia vs. Ukraine was tense. Fine.", &["Russia vs. Ukraine was tense.", "Fine."]),
            ("Apples, pears, etc. were sold. He paid.", &["Apples, pears, etc. were sold.", "He paid."]),
            ("Some states, e.g. Ohio, and i.e. others voted.", &["Some states, e.g. Ohio, and i.e. others voted."]),
            (
                "They met at 9 a.m. Friday and at 3 p.m. The talks failed.",
                &["They met at 9 a.m. Friday and at 3 p.m.", "The talks failed."],
            ),
            (
                "It ends at 6 p.m. ET today. Storms hit at 6 p.m. Severe damage followed.",
                &["It ends at 6 p.m. ET today.", "Storms hit at 6 p.m.", "Severe damage followed."],
            ),
            ("Write to news@bbc.co.uk. Please call.", &["Write to news@bbc.co.uk.", "Please call."]),
            ("John F. Kennedy was shot. George W. Bush won.", &["John F. Kennedy was shot.", "George W. Bush won."]),
            ("The U.S. Navy and the U.N. Security Council met.", &["The U.S. Navy and the U.N. Security Council met."]),
            ("Troops left the U.S. The war ended.", &["Troops left the U.S.", "The war ended."]),
            ("Troops left the U.S. Congress objected.", &["Troops left the U.S. Congress objected."]),
            ("The U.S.-led coalition struck.", &["The U.S.-led coalition struck."]),
            ("He waited... Then he left.", &["He waited...", "Then he left."]),
            ("He waited... and waited.", &["He waited... and waited."]),
            ("He waited\u{2026} Then he left.", &["He waited\u{2026}", "Then he left."]),
            ("\"He left.\" Then she came.", &["\"He left.\"", "Then she came."]),
            ("\u{201C}He left.\u{201D} Then she came.", &["\u{201C}He left.\u{201D}", "Then she came."]),
            ("\"Why?\" he asked. \"Now!\" She ran.", &["\"Why?\" he asked.", "\"Now!\"", "She ran."]),
            ("Is it true?! Yes.", &["Is it true?!", "Yes."]),
            ("(This is it.) Next one.", &["(This is it.)", "Next one."]),
            ("He said so. \"We will fight,\" he added.", &["He said so.", "\"We will fight,\" he added."]),
            (
                "MOSCOW (Reuters) - Russia said on Monday it would respond. Kiev denied it.",
                &["MOSCOW (Reuters) - Russia said on Monday it would respond.", "Kiev denied it."],
            ),
            (
                "WASHINGTON, March 3 (AP) -- The Senate voted. It passed.",
                &["WASHINGTON, March 3 (AP) -- The Senate voted.", "It passed."],
            ),
            (
                "WASHINGTON, Feb. 3 (AP) \u{2014} The Senate voted.",
                &["WASHINGTON, Feb. 3 (AP) \u{2014} The Senate voted."],
            ),
            ("ST. LOUIS (Reuters) - Police said.", &["ST. LOUIS (Reuters) - Police said."]),
            (
                "Sen. Elizabeth Warren, D-Mass., said no. Sen. Rand Paul (R-Ky.) agreed.",
                &["Sen. Elizabeth Warren, D-Mass., said no.", "Sen. Rand Paul (R-Ky.) agreed."],
            ),
            (
                "First paragraph without stop\n\nSecond paragraph.",
                &["First paragraph without stop", "Second paragraph."],
            ),
            ("Line one wraps\nonto line two.", &["Line one wraps\nonto line two."]),
            (
                "Key points:\n- Russia attacked\n- Ukraine responded\n* NATO met\n\u{2022} EU spoke",
                &["Key points:", "- Russia attacked", "- Ukraine responded", "* NATO met", "\u{2022} EU spoke"],
            ),
            (
                "Steps:\n1. Russia attacked.\n2. Ukraine responded.",
                &["Steps:", "1. Russia attacked.", "2. Ukraine responded."],
            ),
            (
                "Russia Invades Ukraine\n\nMOSCOW (Reuters) - Troops moved.",
                &["Russia Invades Ukraine", "MOSCOW (Reuters) - Troops moved."],
            ),
            (
                "Russia Invades Eastern Ukraine\nMOSCOW (Reuters) - Troops moved.",
                &["Russia Invades Eastern Ukraine", "MOSCOW (Reuters) - Troops moved."],
            ),
            (
                "Talks fail \\ Russia walks out. \\ Officials said.",
                &["Talks fail \\ Russia walks out.", "Officials said."],
            ),
            ("Para one. \\ \\ Para two", &["Para one.", "Para two"]),
            ("The vote was 50-50. DeVos won.", &["The vote was 50-50.", "DeVos won."]),
            ("Prices rose in 2016. 20 people died.", &["Prices rose in 2016.", "20 people died."]),
            ("Visit abcnews.go.com for more. Thanks.", &["Visit abcnews.go.com for more.", "Thanks."]),
            ("", &[]),
            ("   \n\n  ", &[]),
            ("No punctuation at all", &["No punctuation at all"]),
        ];
        for (text, want) in cases {
            assert_eq!(sents(text), *want, "input: {text:?}");
        }
    }

    #[test]
    fn long_runs_are_capped() {
        let text = "word ".repeat(1000); // 5,000 bytes, no punctuation
        let s = NewsSplitter::default().split(&text);
        assert_eq!(s.len(), 3);
        assert!(s.iter().all(|x| x.len() <= MAX_SENTENCE_BYTES));
        assert_eq!(s[0], Span::new(0, 1999));
        assert_eq!(s[1].start, 2000);
        assert!(s.iter().all(|x| x.slice(&text).starts_with("word") && x.slice(&text).ends_with("word")));
        // no whitespace at all: cut at a char boundary
        let text = "\u{00E9}".repeat(1500); // 3,000 bytes
        let s = NewsSplitter::default().split(&text);
        assert_eq!(s, vec![Span::new(0, 2000), Span::new(2000, 3000)]);
    }

    /// Tiny deterministic generator (xorshift) over a nasty alphabet.
    pub(crate) fn gen_strings(count: usize) -> Vec<String> {
        const ALPHA: &[&str] = &[
            "a",
            "B",
            "z",
            "Q",
            " ",
            " ",
            "  ",
            "\n",
            "\n\n",
            "\t",
            ".",
            ".",
            "!",
            "?",
            "...",
            ",",
            "'",
            "\"",
            "-",
            "--",
            "(",
            ")",
            "[",
            "\\",
            "$",
            "%",
            "1",
            "9",
            "0",
            "\u{2019}",
            "\u{201C}",
            "\u{201D}",
            "\u{2014}",
            "\u{2013}",
            "\u{2026}",
            "\u{2022}",
            "\u{00E9}",
            "e\u{0301}",
            "\u{4E2D}\u{6587}",
            "\u{3002}",
            "\u{1F600}",
            "\u{1F44D}\u{1F3FD}",
            "\u{200D}",
            "\u{FE0F}",
            "\u{0000}",
            "\u{0007}",
            "\u{00A0}",
            "\u{FEFF}",
            "U.S.",
            "Mr.",
            "n't",
            "'s",
            "Inc.",
            "The",
            "said",
            "\r\n",
            "1,000",
            "3.5",
            "\u{0645}\u{0631}",
            "\u{10FFFF}",
            "\u{FFFD}",
            "&",
            "/",
            ":",
            ";",
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        (0..count)
            .map(|_| {
                let len = (next() % 120) as usize;
                (0..len).map(|_| ALPHA[(next() % ALPHA.len() as u64) as usize]).collect()
            })
            .collect()
    }

    #[test]
    fn property_spans_well_formed() {
        let sp = NewsSplitter::default();
        let mut strings = gen_strings(5000);
        strings.push("x".repeat(5000));
        strings.push("\u{1F600}".repeat(700));
        for text in &strings {
            let mut last = 0usize;
            for s in sp.split(text) {
                let (a, e) = (s.start as usize, s.end as usize);
                assert!(a >= last && a < e && e <= text.len(), "{text:?} {s:?}");
                assert!(text.is_char_boundary(a) && text.is_char_boundary(e), "{text:?} {s:?}");
                assert!(e - a <= MAX_SENTENCE_BYTES);
                let t = s.slice(text);
                assert_eq!(t, t.trim(), "{text:?}");
                last = e;
            }
        }
    }

    /// Parity with NLTK punkt on articles 1-300 of the Dai (2017) corpus.
    #[test]
    fn punkt_parity() {
        let (arts, refs) = match (testdata::articles(300), testdata::punkt_sentences()) {
            (Ok(a), Ok(r)) => (a, r),
            (Err(e), _) | (_, Err(e)) => {
                dyad_core::testskip::skip("dyad-text punkt parity", &e.to_string());
                return;
            }
        };
        let sp = NewsSplitter::default();
        let debug = std::env::var_os("DYAD_PARITY_DEBUG").is_some();
        let (mut theirs, mut ours, mut both, mut docs) = (0usize, 0usize, 0usize, 0usize);
        for (id, sents) in &refs {
            let Some(text) = arts.get(id) else { continue };
            let Some(spans) = testdata::locate(text, sents) else {
                println!("article {id}: punkt sentence not found in text");
                continue;
            };
            docs += 1;
            let p: std::collections::BTreeSet<usize> = spans.iter().skip(1).map(|s| s.0).collect();
            let o: std::collections::BTreeSet<usize> =
                sp.split(text).iter().skip(1).map(|s| s.start as usize).collect();
            theirs += p.len();
            ours += o.len();
            both += p.intersection(&o).count();
            if debug {
                for x in p.difference(&o) {
                    let a = boundary(text, x.saturating_sub(60));
                    let e = boundary(text, (x + 30).min(text.len()));
                    println!("MISSED {id}: {:?} | {:?}", &text[a..*x], &text[*x..e]);
                }
                for x in o.difference(&p) {
                    let a = boundary(text, x.saturating_sub(60));
                    let e = boundary(text, (x + 30).min(text.len()));
                    println!("EXTRA {id}: {:?} | {:?}", &text[a..*x], &text[*x..e]);
                }
            }
        }
        let recall = both as f64 / theirs.max(1) as f64;
        let precision = both as f64 / ours.max(1) as f64;
        println!(
            "punkt parity over {docs} articles: {both} shared boundaries; punkt boundaries reproduced {:.2}% ({both}/{theirs}); our boundaries also in punkt {:.2}% ({both}/{ours})",
            recall * 100.0,
            precision * 100.0
        );
        assert!(docs >= 250, "too few articles aligned: {docs}");
        assert!(recall >= RECALL_FLOOR, "recall {recall}");
        assert!(precision >= PRECISION_FLOOR, "precision {precision}");
    }

    /// Largest char boundary `<= i`.
    fn boundary(text: &str, mut i: usize) -> usize {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    const RECALL_FLOOR: f64 = 0.97;
    const PRECISION_FLOOR: f64 = 0.99;
}

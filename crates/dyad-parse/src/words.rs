//! Word atoms: the hashed views of a word form that the tagger and parser
//! features are built from, computed once per word.
//!
//! The form is normalised first: lower-cased, digits folded to `0`
//! (`1990` → `0000`), typographic quotes and apostrophes folded to ASCII,
//! en/em dashes to `--` — so news text with curly quotes meets the ASCII
//! quotes of the UD training data.

use crate::perceptron::str_hash;

/// Hashed views of one word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordAtoms {
    /// The normalised form.
    pub lower: u64,
    /// Last 2, 3, 4 characters of the normalised form.
    pub suf2: u64,
    /// See `suf2`.
    pub suf3: u64,
    /// See `suf2`.
    pub suf4: u64,
    /// First character and first 3 characters (case kept).
    pub pre1: u64,
    /// See `pre1`.
    pub pre3: u64,
    /// Word shape (`Xxx`, `dd`, `X.X.`, runs capped at 2).
    pub shape: u64,
    /// Case class: lower, Title, UPPER, mixed, no letters.
    pub cased: u64,
}

/// Normalise a form for features (see the module doc).
pub fn normalize(form: &str) -> String {
    let mut s = String::with_capacity(form.len());
    for ch in form.chars() {
        match ch {
            '0'..='9' => s.push('0'),
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' => s.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => s.push('"'),
            '\u{2013}' | '\u{2014}' => s.push_str("--"),
            '\u{00A0}' => s.push(' '),
            c if c.is_uppercase() => s.extend(c.to_lowercase()),
            c => s.push(c),
        }
    }
    if s == "``" || s == "''" {
        return "\"".to_string();
    }
    s
}

/// Hash of the last `n` characters of `s` (tagged with `n`).
pub fn suffix_hash(s: &str, n: usize) -> u64 {
    let start = s.char_indices().rev().nth(n.saturating_sub(1)).map(|(i, _)| i).unwrap_or(0);
    str_hash(&s[start..]) ^ (n as u64).wrapping_mul(0x1000_0000_01b3)
}

/// Hash of the word's shape: each char as `X`, `x`, `d` or itself, runs of
/// one class capped at 2 (`Washington` → `Xxx`… `Xx`, `U.S.` → `X.X.`).
pub fn shape_hash(form: &str) -> u64 {
    let mut out = String::with_capacity(8);
    let mut last = '\0';
    let mut run = 0;
    for ch in form.chars() {
        let c = if ch.is_uppercase() {
            'X'
        } else if ch.is_lowercase() {
            'x'
        } else if ch.is_ascii_digit() {
            'd'
        } else {
            ch
        };
        if c == last {
            run += 1;
        } else {
            run = 1;
            last = c;
        }
        if run <= 2 {
            out.push(c);
        }
    }
    str_hash(&out) ^ 0x0053_4841_5045
}

impl WordAtoms {
    /// Atoms of one form.
    pub fn new(form: &str) -> WordAtoms {
        let low = normalize(form);
        let pre = |n: usize| -> u64 {
            let end = form.char_indices().nth(n).map(|(i, _)| i).unwrap_or(form.len());
            str_hash(&form[..end]) ^ (n as u64).wrapping_mul(0x9E37_79B9)
        };
        let (mut up, mut lo) = (0, 0);
        for ch in form.chars() {
            if ch.is_uppercase() {
                up += 1;
            } else if ch.is_lowercase() {
                lo += 1;
            }
        }
        let first_up = form.chars().next().is_some_and(|c| c.is_uppercase());
        let cased = match (up, lo) {
            (0, 0) => 1,
            (0, _) => 2,
            (_, 0) => 3,
            (1, _) if first_up => 4,
            _ => 5,
        };
        WordAtoms {
            lower: str_hash(&low),
            suf2: suffix_hash(&low, 2),
            suf3: suffix_hash(&low, 3),
            suf4: suffix_hash(&low, 4),
            pre1: pre(1),
            pre3: pre(3),
            shape: shape_hash(form),
            cased: 0xCA5E_0000 + cased,
        }
    }

    /// Atoms of every form of a sentence.
    pub fn sentence<S: AsRef<str>>(forms: &[S]) -> Vec<WordAtoms> {
        forms.iter().map(|f| WordAtoms::new(f.as_ref())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_digits_quotes_and_case() {
        assert_eq!(normalize("1990"), "0000");
        assert_eq!(normalize("Russia\u{2019}s"), "russia's");
        assert_eq!(normalize("\u{201C}"), "\"");
        assert_eq!(normalize("``"), "\"");
        assert_eq!(normalize("\u{2014}"), "--");
    }

    #[test]
    fn shapes_and_affixes() {
        assert_eq!(shape_hash("Washington"), shape_hash("Moscow"));
        assert_ne!(shape_hash("Washington"), shape_hash("NATO"));
        assert_eq!(shape_hash("U.S."), shape_hash("U.K."));
        assert_eq!(suffix_hash("attacked", 3), suffix_hash("walked", 3));
        assert_ne!(suffix_hash("ed", 3), suffix_hash("ed", 2));
        let a = WordAtoms::new("Kyiv");
        assert_eq!(a.lower, WordAtoms::new("KYIV").lower);
        assert_ne!(a.cased, WordAtoms::new("KYIV").cased);
        // multi-byte characters never split
        let _ = WordAtoms::new("Zürich\u{2019}s");
    }
}

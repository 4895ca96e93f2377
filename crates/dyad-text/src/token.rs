//! Tokens and the [`Tokenizer`] trait.

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

/// News tokenizer (Treebank-like). STUB: splits on whitespace and punctuation.
#[derive(Debug, Default)]
pub struct NewsTokenizer {}

impl Tokenizer for NewsTokenizer {
    fn tokenize(&self, text: &str, span: Span, out: &mut Vec<Token>) {
        let s = span.slice(text);
        let base = span.start as usize;
        let mut start: Option<usize> = None;
        for (i, c) in s.char_indices() {
            if c.is_alphanumeric() || c == '\'' || c == '-' {
                if start.is_none() {
                    start = Some(i);
                }
            } else {
                if let Some(st) = start.take() {
                    push(out, s, base, st, i);
                }
                if !c.is_whitespace() {
                    push(out, s, base, i, i + c.len_utf8());
                }
            }
        }
        if let Some(st) = start {
            push(out, s, base, st, s.len());
        }
    }
}

fn push(out: &mut Vec<Token>, s: &str, base: usize, a: usize, b: usize) {
    let norm = s[a..b].to_lowercase();
    out.push(Token { span: Span::new(base + a, base + b), lemma: norm.clone(), norm, tag: Tag::Unk });
}

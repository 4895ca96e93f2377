//! Sentence splitting and the [`SentenceSplitter`] trait.

use crate::Span;

/// Splits a text into sentence spans.
pub trait SentenceSplitter: Send + Sync {
    /// Sentence spans of `text`, in order, non-overlapping, trimmed of
    /// surrounding whitespace.
    fn split(&self, text: &str) -> Vec<Span>;
}

/// News sentence splitter. STUB: splits after `.`, `!`, `?` followed by space.
#[derive(Debug, Default)]
pub struct NewsSplitter {}

impl SentenceSplitter for NewsSplitter {
    fn split(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let b = text.as_bytes();
        let mut start = 0;
        for i in 0..b.len() {
            if matches!(b[i], b'.' | b'!' | b'?') && (i + 1 == b.len() || b[i + 1].is_ascii_whitespace()) {
                push_trimmed(text, start, i + 1, &mut out);
                start = i + 1;
            }
        }
        push_trimmed(text, start, b.len(), &mut out);
        out
    }
}

fn push_trimmed(text: &str, a: usize, b: usize, out: &mut Vec<Span>) {
    let s = &text[a..b];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if a + lead < b - trail {
        out.push(Span::new(a + lead, b - trail));
    }
}

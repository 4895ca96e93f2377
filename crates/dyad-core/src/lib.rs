//! dyad-core: the types every stage shares (documents, spans, events) and the
//! CAMEO / PLOVER / Goldstein / QuadClass tables, compiled from the repo's own
//! `data/cameo/` files (written by us from the CAMEO codebook, the GDELT lookup
//! tables, Phoenix's post-processing tables and the PLOVER manual's CAMEO map).
//!
//! Nothing here reads `../shared` or the network.

pub mod cameo;
pub mod date;
pub mod event;
pub mod testskip;

pub use event::{Event, EventSpans, Field, Modality};

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a UTF-8 string (the decoded
/// document text or title). Both ends always fall on `char` boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct Span {
    /// First byte (inclusive).
    pub start: u32,
    /// One past the last byte (exclusive).
    pub end: u32,
}

impl Span {
    /// Make a span; `start <= end` is the caller's duty.
    #[inline]
    pub fn new(start: usize, end: usize) -> Span {
        Span { start: start as u32, end: end as u32 }
    }
    /// Length in bytes.
    #[inline]
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    /// True when the span covers no bytes.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// The slice of `text` this span covers, or `""` if it is out of range or
    /// not on char boundaries (never panics).
    #[inline]
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start as usize..self.end as usize).unwrap_or("")
    }
    /// Smallest span covering both.
    #[inline]
    pub fn cover(&self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// One input document: a news story (body `text`, optional `title`) with its
/// story date, which resolves date-restricted actor codes.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Document {
    /// Document id: the input's `id`, else the file path (plain text),
    /// `FILE:LINE` (JSONL/CSV) or `stdin`.
    pub id: String,
    /// Story date, if known.
    pub date: Option<chrono::NaiveDate>,
    /// Body text (decoded UTF-8; every span of its events points into it).
    pub text: String,
    /// Headline, coded too; its events carry `field: "title"`.
    pub title: Option<String>,
    /// Publisher / news source name.
    pub source: Option<String>,
    /// Story URL.
    pub url: Option<String>,
}

//! The coded event: who did what to whom, with provenance.

use crate::Span;
use serde::{Deserialize, Serialize};

/// Which part of a document an event was coded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The body text.
    #[default]
    Text,
    /// The headline.
    Title,
}

impl Field {
    /// `"text"` or `"title"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Field::Text => "text",
            Field::Title => "title",
        }
    }
}

/// How the sentence presents the event (PLOVER's auxiliary modes).
///
/// - `asserted`: reported as having happened / happening.
/// - `negated`: "did not condemn", "never attacked", "refused to meet" is *not* negation (it is a code of its own).
/// - `future`: intent or plans ("will visit", "plans to impose").
/// - `hypothetical`: could, may, might, would, likely, if-clauses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Reported as fact.
    #[default]
    Asserted,
    /// Explicitly denied.
    Negated,
    /// Announced, planned or intended.
    Future,
    /// Possible, conditional or speculative.
    Hypothetical,
}

impl Modality {
    /// Lower-case name as written in outputs.
    pub fn as_str(&self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Negated => "negated",
            Modality::Future => "future",
            Modality::Hypothetical => "hypothetical",
        }
    }
    /// Parse a lower-case name.
    pub fn parse(s: &str) -> Option<Modality> {
        match s {
            "asserted" => Some(Modality::Asserted),
            "negated" => Some(Modality::Negated),
            "future" => Some(Modality::Future),
            "hypothetical" => Some(Modality::Hypothetical),
            _ => None,
        }
    }
}

/// Byte spans of an event's parts, all into the same field's text
/// (`Document::text` or `Document::title`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EventSpans {
    /// The sentence.
    pub sentence: Span,
    /// The source actor mention (for a back-reference: the word that refers).
    pub source: Span,
    /// The verb or event noun, with the pattern words it matched.
    pub verb: Span,
    /// The target actor mention.
    pub target: Span,
}

/// One coded event: `source — code — target` plus derived codes and
/// provenance. Serialised field by field as the JSONL output format
/// (see README "Output formats").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Event {
    /// Stable id: hex of a 64-bit hash of doc id, field, spans and code.
    pub event_id: String,
    /// Document id.
    pub doc_id: String,
    /// Story date `YYYY-MM-DD`, empty when unknown.
    pub date: String,
    /// `text` or `title`.
    pub field: Field,
    /// 0-based index of the sentence within its field.
    pub sentence_index: u32,
    /// Source actor code, e.g. `RUSGOV`, `---GOV`, `IGOUNO`.
    pub source: String,
    /// Source country / region part (`RUS`), empty if none.
    pub source_country: String,
    /// Source agent part (`GOV`), empty if none.
    pub source_agent: String,
    /// The source mention as written.
    pub source_text: String,
    /// Target actor code.
    pub target: String,
    /// Target country / region part.
    pub target_country: String,
    /// Target agent part.
    pub target_agent: String,
    /// The target mention as written.
    pub target_text: String,
    /// CAMEO event code (2–4 characters, a string: `"042"`, `"0211"`), or a
    /// user dictionary's own code passed through.
    pub code: String,
    /// CAMEO root code, the first two characters (`"04"`).
    pub root_code: String,
    /// QuadClass (GDELT scheme 1–4 or Phoenix 0–4, per `--quad-scheme`); 0 if unknown.
    pub quad_class: u8,
    /// Goldstein score, −10 … +10 (per `--goldstein`); `None` for codes outside CAMEO.
    pub goldstein: Option<f32>,
    /// PLOVER event type (e.g. `CONSULT`), empty where none.
    pub plover_type: String,
    /// PLOVER mode (e.g. `visit`), empty where none.
    pub plover_mode: String,
    /// PLOVER context (e.g. `diplomatic`), empty where none.
    pub plover_context: String,
    /// asserted / negated / future / hypothetical.
    pub modality: Modality,
    /// Shared by events split from one compound actor or paired code; empty otherwise.
    pub compound_id: String,
    /// The verb (or event noun) text with the pattern words it matched.
    pub verb_text: String,
    /// Byte spans.
    pub spans: EventSpans,
    /// The rule or pattern that fired: `file:line pattern`.
    pub rule: String,
    /// Dictionary version: hash of the dictionaries in use.
    pub dict_version: String,
    /// Issue codes (Phoenix issue dictionaries), empty when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<String>,
}

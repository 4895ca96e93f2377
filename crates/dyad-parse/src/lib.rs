//! dyad-parse: our own part-of-speech tagger and labelled dependency parser,
//! trained on Universal Dependencies English (EWT), fast enough to parse every
//! sentence of a news stream on one core.
//!
//! - [`conllu`]: CoNLL-U reading and writing.
//! - [`words`]: word atoms (normalised form, affixes, shape) the features use.
//! - [`perceptron`]: the averaged perceptron over hashed sparse features.
//! - [`tagger`]: combined UPOS+XPOS tagging, greedy left to right.
//! - [`parser`]: arc-eager labelled transitions, dynamic-oracle training.
//! - [`model`]: the versioned, checksummed model file.
//! - [`train`]: the training procedure (`dyad train-parser`).
//! - [`tree`]: reading a parse as a tree: subjects, objects, agents, obliques, clause scope.
//! - [`eval`]: CoNLL 2018 scores (UPOS, XPOS, UAS, LAS) with gold tokens and from raw text.
//!
//! [`Pipeline`] chains the text stages of `dyad-text` (sentences, tokens) with
//! UD word splitting ([`ud_words`]), the tagger and the parser, behind the
//! [`DependencyParser`] trait. Byte spans are kept for every word.

pub mod conllu;
pub mod eval;
pub mod model;
pub mod parser;
pub mod perceptron;
pub mod tagger;
pub mod train;
pub mod tree;
pub mod words;

use std::sync::OnceLock;

pub use dyad_core::Span;
use dyad_text::{NewsSplitter, NewsTokenizer, SentenceSplitter, Tokenizer};
pub use model::Model;

use crate::words::WordAtoms;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A CoNLL-U line is malformed.
    #[error("{path}:{line}: {why}")]
    Conllu {
        /// The file.
        path: String,
        /// 1-based line (0 = the whole file).
        line: usize,
        /// What is wrong.
        why: String,
    },
    /// A model file is not usable.
    #[error("{path}: {why}")]
    Model {
        /// The file (or `built-in`).
        path: String,
        /// What is wrong.
        why: String,
    },
    /// Training could not run.
    #[error("training: {0}")]
    Train(String),
}

/// The committed model, trained on UD English EWT only (CC BY-SA 4.0; see
/// `models/README.md` for the attribution and licence notice).
static BUILTIN_BYTES: &[u8] = include_bytes!("../../../models/en_ewt.dyadparse");

/// The built-in model, decoded once per process.
///
/// # Panics
/// Never in a released build: a test checks that the committed model loads.
pub fn builtin_model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| Model::from_bytes(BUILTIN_BYTES, "built-in model").expect("the committed model loads"))
}

/// One parsed word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedWord {
    /// Byte span in the text.
    pub span: Span,
    /// Tag class (see [`Model::upos`], [`Model::xpos`]).
    pub tag: u16,
    /// Head: 0 for the root, else the 1-based index of the head word in the sentence.
    pub head: u32,
    /// Dependency label id (see [`Model::deprel`]).
    pub deprel: u16,
}

/// A parsed sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedSentence {
    /// Byte span of the sentence.
    pub span: Span,
    /// Words in order.
    pub words: Vec<ParsedWord>,
}

impl Model {
    /// UPOS of a tag class (`"X"` for an unknown class).
    pub fn upos(&self, tag: u16) -> &str {
        self.tagger.classes.get(tag as usize).map(|c| c.0.as_str()).unwrap_or("X")
    }
    /// XPOS (Penn Treebank tag) of a tag class.
    pub fn xpos(&self, tag: u16) -> &str {
        self.tagger.classes.get(tag as usize).map(|c| c.1.as_str()).unwrap_or("_")
    }
    /// The UD relation (with subtype) of a label id.
    pub fn deprel(&self, label: u16) -> &str {
        self.parser.labels.get(label as usize).map(|s| s.as_str()).unwrap_or("dep")
    }
    /// Id of a UD relation name.
    pub fn label_id(&self, name: &str) -> Option<u16> {
        self.parser.labels.iter().position(|l| l == name).map(|i| i as u16)
    }
}

/// Tags and parses sentences of word forms.
pub trait DependencyParser: Send + Sync {
    /// Tag and parse one sentence: `(tag classes, heads, labels)`, one per form;
    /// heads are 0 (root) or 1-based word indices.
    fn tag_parse(&self, forms: &[&str]) -> (Vec<u16>, Vec<u32>, Vec<u16>);
}

impl DependencyParser for Model {
    fn tag_parse(&self, forms: &[&str]) -> (Vec<u16>, Vec<u32>, Vec<u16>) {
        if forms.is_empty() {
            return (Vec::new(), Vec::new(), Vec::new());
        }
        let atoms = WordAtoms::sentence(forms);
        let tags = self.tagger.tag(&atoms);
        let (heads, labels) = self.parser.parse(&atoms, &tags);
        (tags, heads, labels)
    }
}

/// Hyphen prefixes that stay attached (`data/lexicon/hyphen_prefixes.txt`).
fn hyphen_prefixes() -> &'static [&'static str] {
    static P: OnceLock<Vec<&'static str>> = OnceLock::new();
    P.get_or_init(|| {
        include_str!("../../../data/lexicon/hyphen_prefixes.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Split tokens into Universal Dependencies words, as UD English EWT does:
/// a hyphen between a letter (or an abbreviation's period) and a letter
/// becomes a word of its own (`well-known` → `well - known`, `U.S.-led` →
/// `U.S. - led`, and the corpus noise `Mujahid-told` → `Mujahid - told`),
/// except after the prefixes of `data/lexicon/hyphen_prefixes.txt`
/// (`e-mail`, `anti-war`); numbers (`2-1`, phone numbers) stay whole. Every
/// other token is one word. Spans are byte offsets into `text`.
pub fn ud_words(text: &str, tokens: &[Span], out: &mut Vec<Span>) {
    for t in tokens {
        let s = t.slice(text);
        if s.len() < 3 || !s.contains('-') {
            out.push(*t);
            continue;
        }
        let b = s.as_bytes();
        let mut start = 0usize;
        let mut i = 0usize;
        while i < b.len() {
            if b[i] == b'-' && i > start && i + 1 < b.len() {
                let prev = s[..i].chars().next_back().unwrap_or(' ');
                let next = s[i + 1..].chars().next().unwrap_or(' ');
                let piece = &s[start..i];
                let prefix = start == 0 && hyphen_prefixes().iter().any(|p| piece.eq_ignore_ascii_case(p));
                if (prev.is_alphabetic() || prev == '.') && next.is_alphabetic() && !prefix && b[i - 1] != b'-' {
                    out.push(Span::new(t.start as usize + start, t.start as usize + i));
                    out.push(Span::new(t.start as usize + i, t.start as usize + i + 1));
                    start = i + 1;
                }
            }
            i += 1;
        }
        out.push(Span::new(t.start as usize + start, t.end as usize));
    }
}

/// Raw text → sentences → tokens → UD words → tags → trees.
pub struct Pipeline<'m> {
    /// The model.
    pub model: &'m Model,
    splitter: NewsSplitter,
    tokenizer: NewsTokenizer,
}

impl<'m> Pipeline<'m> {
    /// A pipeline over `model` with dyad-text's news splitter and tokenizer.
    pub fn new(model: &'m Model) -> Pipeline<'m> {
        Pipeline { model, splitter: NewsSplitter::default(), tokenizer: NewsTokenizer::default() }
    }

    /// UD words of one sentence span.
    pub fn words(&self, text: &str, span: Span) -> Vec<Span> {
        let mut toks = Vec::new();
        self.tokenizer.tokenize(text, span, &mut toks);
        let spans: Vec<Span> = toks.iter().map(|t| t.span).collect();
        let mut out = Vec::with_capacity(spans.len() + 2);
        ud_words(text, &spans, &mut out);
        out
    }

    /// Parse one sentence given its word spans.
    pub fn parse_words(&self, text: &str, span: Span, words: &[Span]) -> ParsedSentence {
        let forms: Vec<&str> = words.iter().map(|w| w.slice(text)).collect();
        let (tags, heads, labels) = self.model.tag_parse(&forms);
        ParsedSentence {
            span,
            words: words
                .iter()
                .zip(tags.iter().zip(heads.iter().zip(&labels)))
                .map(|(&span, (&tag, (&head, &deprel)))| ParsedWord { span, tag, head, deprel })
                .collect(),
        }
    }

    /// Split, tokenise, tag and parse a whole text.
    pub fn analyze(&self, text: &str) -> Vec<ParsedSentence> {
        self.splitter
            .split(text)
            .into_iter()
            .map(|span| {
                let words = self.words(text, span);
                self.parse_words(text, span, &words)
            })
            .filter(|s| !s.words.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        let spans = vec![Span::new(0, s.len())];
        let mut out = Vec::new();
        ud_words(s, &spans, &mut out);
        out.iter().map(|w| w.slice(s)).collect()
    }

    #[test]
    fn hyphens_split_as_ewt_does() {
        assert_eq!(split("well-known"), ["well", "-", "known"]);
        assert_eq!(split("Mujahid-told"), ["Mujahid", "-", "told"]);
        assert_eq!(split("U.S.-led"), ["U.S.", "-", "led"]);
        assert_eq!(split("al-Shabaab-linked"), ["al", "-", "Shabaab", "-", "linked"]);
        assert_eq!(split("e-mail"), ["e-mail"]);
        assert_eq!(split("anti-war"), ["anti-war"]);
        assert_eq!(split("2-1"), ["2-1"]);
        assert_eq!(split("--"), ["--"]);
        assert_eq!(split("Kyiv"), ["Kyiv"]);
        assert_eq!(split("x-"), ["x-"]);
        assert_eq!(split("Zürich-based"), ["Zürich", "-", "based"]);
    }
}

//! dyad-text: sentence splitting, tokenising, POS tagging and lemmas, every
//! token keeping its byte span into the original text.
//!
//! Each stage sits behind a small trait ([`SentenceSplitter`], [`Tokenizer`],
//! [`Tagger`], [`Lemmatizer`]) so a better one can replace it; [`Analyzer`]
//! chains the default implementations.

pub mod lemma;
pub mod sentence;
pub mod tag;
pub mod token;

pub use dyad_core::Span;
pub use lemma::{Lemmatizer, RuleLemmatizer};
pub use sentence::{NewsSplitter, SentenceSplitter};
pub use tag::{RuleTagger, Tag, Tagger};
pub use token::{NewsTokenizer, Token, Tokenizer};

/// A sentence with its tokens.
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    /// Byte span of the sentence in the text.
    pub span: Span,
    /// Tokens in order; spans are absolute byte offsets into the same text.
    pub tokens: Vec<Token>,
}

/// The default text pipeline: split → tokenize → tag → lemmatize.
pub struct Analyzer {
    /// Sentence splitter.
    pub splitter: Box<dyn SentenceSplitter>,
    /// Tokenizer.
    pub tokenizer: Box<dyn Tokenizer>,
    /// POS tagger.
    pub tagger: Box<dyn Tagger>,
    /// Lemmatizer.
    pub lemmatizer: Box<dyn Lemmatizer>,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            splitter: Box::new(NewsSplitter::default()),
            tokenizer: Box::new(NewsTokenizer::default()),
            tagger: Box::new(RuleTagger::default()),
            lemmatizer: Box::new(RuleLemmatizer::default()),
        }
    }
}

impl Analyzer {
    /// Analyse a whole text: sentences with tagged, lemmatised tokens.
    pub fn analyze(&self, text: &str) -> Vec<Sentence> {
        let spans = self.splitter.split(text);
        let mut out = Vec::with_capacity(spans.len());
        for span in spans {
            let mut tokens = Vec::new();
            self.tokenizer.tokenize(text, span, &mut tokens);
            self.tagger.tag(text, &mut tokens);
            self.lemmatizer.lemmatize(&mut tokens);
            out.push(Sentence { span, tokens });
        }
        out
    }
}

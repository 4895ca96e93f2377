//! Penn Treebank POS tags and the [`Tagger`] trait.

use crate::Token;

#[path = "tag_lexicon.rs"]
pub(crate) mod lexicon;
#[path = "tag_rules.rs"]
mod rules;

macro_rules! tags {
    ($($v:ident = $s:literal),* $(,)?) => {
        /// A Penn Treebank part-of-speech tag (the 45-tag set; punctuation
        /// tags spelled out). `Unk` before tagging.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        #[allow(missing_docs)]
        pub enum Tag { #[default] Unk, $($v),* }
        impl Tag {
            /// The PTB spelling (`"NNP"`, `"VBD"`, `","` …); `"UNK"` for [`Tag::Unk`].
            pub fn as_str(&self) -> &'static str {
                match self { Tag::Unk => "UNK", $(Tag::$v => $s),* }
            }
            /// Parse a PTB spelling.
            pub fn parse(s: &str) -> Option<Tag> {
                match s { $($s => Some(Tag::$v),)* _ => None }
            }
        }
    };
}

tags! {
    CC = "CC", CD = "CD", DT = "DT", EX = "EX", FW = "FW", IN = "IN", JJ = "JJ", JJR = "JJR",
    JJS = "JJS", LS = "LS", MD = "MD", NN = "NN", NNS = "NNS", NNP = "NNP", NNPS = "NNPS",
    PDT = "PDT", POS = "POS", PRP = "PRP", PRPS = "PRP$", RB = "RB", RBR = "RBR", RBS = "RBS",
    RP = "RP", SYM = "SYM", TO = "TO", UH = "UH", VB = "VB", VBD = "VBD", VBG = "VBG",
    VBN = "VBN", VBP = "VBP", VBZ = "VBZ", WDT = "WDT", WP = "WP", WPS = "WP$", WRB = "WRB",
    Comma = ",", Period = ".", Colon = ":", LParen = "-LRB-", RParen = "-RRB-", OpenQuote = "``",
    CloseQuote = "''", Hash = "#", Dollar = "$",
}

impl Tag {
    /// VB, VBD, VBG, VBN, VBP, VBZ.
    pub fn is_verb(&self) -> bool {
        matches!(self, Tag::VB | Tag::VBD | Tag::VBG | Tag::VBN | Tag::VBP | Tag::VBZ)
    }
    /// NN, NNS, NNP, NNPS.
    pub fn is_noun(&self) -> bool {
        matches!(self, Tag::NN | Tag::NNS | Tag::NNP | Tag::NNPS)
    }
    /// JJ, JJR, JJS.
    pub fn is_adj(&self) -> bool {
        matches!(self, Tag::JJ | Tag::JJR | Tag::JJS)
    }
    /// Punctuation tags.
    pub fn is_punct(&self) -> bool {
        matches!(
            self,
            Tag::Comma | Tag::Period | Tag::Colon | Tag::LParen | Tag::RParen | Tag::OpenQuote | Tag::CloseQuote
        )
    }
}

/// Assigns a [`Tag`] to every token of one sentence.
pub trait Tagger: Send + Sync {
    /// Tag `tokens` (one sentence, in order) in place. `text` is the text
    /// their spans point into.
    fn tag(&self, text: &str, tokens: &mut [Token]);
}

/// Our rule-based tagger: hand-written closed-class word lists, a lexicon of
/// common open-class words (`data/lexicon/`), suffix rules for unknown words
/// and left-to-right context rules (see `tag_rules.rs`). No statistical
/// model; nothing derived from a treebank.
///
/// Capitalisation is read from the token's span in `text` (falling back to
/// `norm` when the span does not fit `text`).
#[derive(Debug, Default)]
pub struct RuleTagger {}

impl Tagger for RuleTagger {
    fn tag(&self, text: &str, tokens: &mut [Token]) {
        rules::tag_sentence(text, tokens);
    }
}

#[cfg(test)]
#[path = "tag_tests.rs"]
mod tests;

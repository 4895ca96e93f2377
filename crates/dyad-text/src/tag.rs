//! Penn Treebank POS tags and the [`Tagger`] trait.

use crate::Token;

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

/// Our rule-based tagger: closed-class word lists, a lexicon, suffix and
/// context rules. STUB: tags by capitalisation and suffix only.
#[derive(Debug, Default)]
pub struct RuleTagger {}

impl Tagger for RuleTagger {
    fn tag(&self, _text: &str, tokens: &mut [Token]) {
        for t in tokens.iter_mut() {
            let n = t.norm.as_str();
            t.tag = if n.chars().all(|c| c.is_ascii_punctuation()) {
                Tag::Period
            } else if n.ends_with("ed") {
                Tag::VBD
            } else if n.ends_with("ing") {
                Tag::VBG
            } else {
                Tag::NN
            };
        }
    }
}

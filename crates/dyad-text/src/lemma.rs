//! Lemmas and the [`Lemmatizer`] trait.

use crate::Token;

/// Sets `Token::lemma` for tagged tokens.
pub trait Lemmatizer: Send + Sync {
    /// Fill in lemmas for one sentence's tagged tokens.
    fn lemmatize(&self, tokens: &mut [Token]);
}

/// Rule lemmatiser: irregular-form tables plus suffix rules by tag.
/// STUB: lemma = norm.
#[derive(Debug, Default)]
pub struct RuleLemmatizer {}

impl Lemmatizer for RuleLemmatizer {
    fn lemmatize(&self, tokens: &mut [Token]) {
        for t in tokens.iter_mut() {
            t.lemma = t.norm.clone();
        }
    }
}

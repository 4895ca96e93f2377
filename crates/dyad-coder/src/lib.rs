//! dyad-coder: the coding pipeline. [`Coder::code`] turns a [`Document`] into
//! [`Event`]s; [`sink`] writes them out.

pub mod sink;

use dyad_core::cameo::{GoldsteinScheme, QuadScheme};
pub use dyad_core::{Document, Event};

/// Options that change what the coder emits.
#[derive(Debug, Clone, Default)]
pub struct CoderOptions {
    /// QuadClass numbering.
    pub quad_scheme: QuadScheme,
    /// Goldstein table.
    pub goldstein: GoldsteinScheme,
}

/// The coder: dictionaries compiled into matchers plus the text pipeline.
pub struct Coder {
    /// Options.
    pub options: CoderOptions,
}

impl Coder {
    /// Code one document: events of its title (if any) then its text, in text order.
    pub fn code(&self, _doc: &Document) -> Vec<Event> {
        Vec::new()
    }
}

//! dyad-dict: the dictionary model (actors, agents, verb patterns, synonym
//! sets, discards) and its readers.
//!
//! - [`native`] reads dyad's own format (docs/DICTIONARIES.md); the built-in
//!   dictionaries in `data/dict/` are embedded with `include_str!`.
//! - PETRARCH/TABARI readers land in `petrarch` (user dictionaries).
//! - [`gazetteer`] maps capitals, cities and first-level regions to their
//!   country (`data/gazetteer/places.tsv`; not yet used by the coder).
//!
//! All readers report unreadable entries as [`Warning`]s naming `file:line`
//! and keep loading the rest.

pub mod builtin;
pub mod cache;
pub mod gazetteer;
pub mod model;
pub mod native;
pub mod petrarch;

pub use model::*;

/// A problem with one dictionary entry (the entry was skipped or passed
/// through), or a whole file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("{file}:{line}: {message}")]
pub struct Warning {
    /// File name as given.
    pub file: String,
    /// 1-based line number (0 for the whole file).
    pub line: usize,
    /// What was wrong and what was done.
    pub message: String,
}

/// Errors that stop a dictionary load.
#[derive(Debug, thiserror::Error)]
pub enum DictError {
    /// The file or directory could not be read.
    #[error("cannot read dictionary {path}: {source}")]
    Io {
        /// Path.
        path: String,
        /// Underlying error.
        source: std::io::Error,
    },
    /// The file's kind could not be told from its name or content.
    #[error("{path}: cannot tell what kind of dictionary this is")]
    UnknownKind {
        /// Path.
        path: String,
    },
}

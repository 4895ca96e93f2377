//! The model file: tagger and parser weights in one versioned, checksummed
//! binary file.
//!
//! Layout (all integers little-endian):
//! ```text
//! magic    8 bytes  "DYADPRS\0"
//! format   u32      FORMAT_VERSION
//! meta     varint length + UTF-8 `key=value` lines (version, training data, seed, …)
//! tagger   classes, tag dictionary, weights (see tagger.rs / perceptron.rs)
//! parser   labels, root and fallback label ids, weights
//! crc32    u32      CRC-32 (IEEE) of every byte before it
//! ```
//! A file with another magic, format version or checksum is refused with a
//! message saying which.

use std::path::Path;

use crate::parser::Parser;
use crate::perceptron::{put_varint, Reader};
use crate::tagger::{get_str, Tagger};
use crate::ParseError;

/// The file's magic bytes.
pub const MAGIC: &[u8; 8] = b"DYADPRS\0";
/// The binary layout's version; bumped whenever the layout or the feature
/// templates change (old models are then refused, not misread).
pub const FORMAT_VERSION: u32 = 3;

/// A trained tagger + parser with its metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// `key=value` metadata, in order: `version` (the model version written
    /// into every event's provenance), `trained_on`, `seed`, `epochs`, …
    pub meta: Vec<(String, String)>,
    /// The tagger.
    pub tagger: Tagger,
    /// The parser.
    pub parser: Parser,
}

impl Model {
    /// A metadata value.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The model version (`meta["version"]`, else `unversioned`).
    pub fn version(&self) -> &str {
        self.meta("version").unwrap_or("unversioned")
    }

    /// Serialise to bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(1 << 20);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        let meta: String = self.meta.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
        put_varint(&mut out, meta.len() as u64);
        out.extend_from_slice(meta.as_bytes());
        self.tagger.write(&mut out);
        self.parser.write(&mut out);
        let crc = crc32fast::hash(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }

    /// Read a model from bytes; `origin` names it in errors.
    ///
    /// # Errors
    /// [`ParseError::Model`] for a wrong magic, another format version, a
    /// checksum mismatch or a truncated/malformed body.
    pub fn from_bytes(b: &[u8], origin: &str) -> Result<Model, ParseError> {
        let bad = |why: String| ParseError::Model { path: origin.to_string(), why };
        if b.len() < 16 || &b[..8] != MAGIC {
            return Err(bad("not a dyad parser model (bad magic bytes)".into()));
        }
        let fmt = u32::from_le_bytes(b[8..12].try_into().expect("4 bytes"));
        if fmt != FORMAT_VERSION {
            return Err(bad(format!("model format version {fmt}, this dyad reads version {FORMAT_VERSION}")));
        }
        let (body, tail) = b.split_at(b.len() - 4);
        let want = u32::from_le_bytes(tail.try_into().expect("4 bytes"));
        if crc32fast::hash(body) != want {
            return Err(bad("checksum mismatch (file damaged or truncated)".into()));
        }
        let mut r = Reader { b: body, p: 12 };
        let meta_s = get_str(&mut r).ok_or_else(|| bad("truncated metadata".into()))?;
        let meta =
            meta_s.lines().filter_map(|l| l.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let tagger = Tagger::read(&mut r).ok_or_else(|| bad("malformed tagger section".into()))?;
        let parser = Parser::read(&mut r).ok_or_else(|| bad("malformed parser section".into()))?;
        if r.p != body.len() {
            return Err(bad(format!("{} trailing bytes", body.len() - r.p)));
        }
        Ok(Model { meta, tagger, parser })
    }

    /// Read a model file.
    ///
    /// # Errors
    /// [`ParseError::Io`] when unreadable; see [`Model::from_bytes`].
    pub fn load(path: &Path) -> Result<Model, ParseError> {
        let b = std::fs::read(path).map_err(|e| ParseError::Io { path: path.display().to_string(), source: e })?;
        Model::from_bytes(&b, &path.display().to_string())
    }

    /// Write the model file (to a temporary name, then renamed into place;
    /// the temporary file is removed when the rename fails).
    ///
    /// # Errors
    /// [`ParseError::Io`] when the file cannot be written.
    pub fn save(&self, path: &Path) -> Result<(), ParseError> {
        let io = |e| ParseError::Io { path: path.display().to_string(), source: e };
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, self.to_bytes()).map_err(io)?;
        std::fs::rename(&tmp, path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            io(e)
        })
    }
}

//! Compiled dictionary cache: PETRARCH/TABARI files parsed once, stored as a
//! binary file (postcard) keyed by the content hash of the files loaded, and
//! read back on later runs.
//!
//! - Location: `--cache-dir`, else `$XDG_CACHE_HOME/dyad`, else
//!   `$HOME/.cache/dyad`; never beside the dictionaries (they may be read-only).
//! - Key: FNV-1a over [`FORMAT_VERSION`] and every file's path and content
//!   hash, so any edit to a file (or a new dyad cache format) misses the cache.
//! - File layout: magic `DYADDICT`, format version (u32 LE), then the postcard
//!   payload (dictionaries, warnings, report text). A file with another magic
//!   or version is ignored and rewritten.
//! - A cache that cannot be read or written is never an error: dyad parses the
//!   files and says why on stderr.

use crate::model::{Dictionaries, Fnv};
use crate::Warning;
use std::path::{Path, PathBuf};

/// Bump when the model or the readers change what they produce.
pub const FORMAT_VERSION: u32 = 6;
const MAGIC: &[u8; 8] = b"DYADDICT";

#[derive(serde::Serialize, serde::Deserialize)]
struct Payload {
    dicts: Dictionaries,
    warnings: Vec<Warning>,
    report: String,
}

/// The default cache folder: `$XDG_CACHE_HOME/dyad` or `$HOME/.cache/dyad`.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(x).join("dyad"));
    }
    std::env::var_os("HOME").filter(|v| !v.is_empty()).map(|h| PathBuf::from(h).join(".cache").join("dyad"))
}

/// The files a dictionary path stands for (a file, or the recognised files of
/// a directory, sorted), for hashing.
fn files_of(path: &Path) -> Vec<PathBuf> {
    if path.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(path)
            .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect())
            .unwrap_or_default();
        v.sort();
        v
    } else {
        vec![path.to_path_buf()]
    }
}

/// Cache key for a list of dictionary paths (reads every file once).
pub fn key(paths: &[PathBuf]) -> std::io::Result<String> {
    let mut h = Fnv::default();
    h.write(&FORMAT_VERSION.to_le_bytes());
    for p in paths {
        for f in files_of(p) {
            let bytes = std::fs::read(&f)?;
            h.write(f.to_string_lossy().as_bytes());
            h.write(&[0]);
            h.write(Fnv::hex(&bytes).as_bytes());
        }
    }
    Ok(format!("{:016x}", h.0))
}

/// What [`load`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheOutcome {
    /// Read from the cache file.
    Hit(PathBuf),
    /// Parsed and written to the cache file.
    Written(PathBuf),
    /// Parsed; the cache could not be used (reason).
    Unavailable(String),
}

/// Load PETRARCH/TABARI dictionaries from `paths` (in order), through the
/// cache in `dir`. Returns the merged dictionaries, their warnings, a
/// printable load report, and what happened with the cache.
///
/// Errors: a dictionary path that cannot be read ([`crate::DictError`]).
pub fn load(
    paths: &[PathBuf],
    dir: Option<&Path>,
) -> Result<(Dictionaries, Vec<Warning>, String, CacheOutcome), crate::DictError> {
    let k = match key(paths) {
        Ok(k) => k,
        Err(e) => {
            // let the real loader report the unreadable path
            let (d, w, r) = load_uncached(paths)?;
            return Ok((d, w, r, CacheOutcome::Unavailable(e.to_string())));
        }
    };
    let Some(dir) = dir.map(Path::to_path_buf).or_else(default_dir) else {
        let (d, w, r) = load_uncached(paths)?;
        return Ok((d, w, r, CacheOutcome::Unavailable("no cache folder (set XDG_CACHE_HOME or HOME)".into())));
    };
    let file = dir.join(format!("dict-{k}.bin"));
    if let Ok(bytes) = std::fs::read(&file) {
        if bytes.len() > 12 && &bytes[..8] == MAGIC && bytes[8..12] == FORMAT_VERSION.to_le_bytes() {
            if let Ok(p) = postcard::from_bytes::<Payload>(&bytes[12..]) {
                return Ok((p.dicts, p.warnings, p.report, CacheOutcome::Hit(file)));
            }
        }
    }
    let (d, w, r) = load_uncached(paths)?;
    let payload = Payload { dicts: d, warnings: w, report: r };
    let outcome = match write(&dir, &file, &payload) {
        Ok(()) => CacheOutcome::Written(file),
        Err(e) => CacheOutcome::Unavailable(format!("cannot write {}: {e}", file.display())),
    };
    Ok((payload.dicts, payload.warnings, payload.report, outcome))
}

/// Parse PETRARCH/TABARI dictionaries from `paths` (in order) without the
/// cache: the merged dictionaries, their warnings, and a report with one
/// `PATH: counts` line per path.
///
/// Errors: a dictionary path that cannot be read ([`crate::DictError`]).
pub fn load_uncached(paths: &[PathBuf]) -> Result<(Dictionaries, Vec<Warning>, String), crate::DictError> {
    let mut all = Dictionaries::default();
    let mut warnings = Vec::new();
    let mut report = String::new();
    for p in paths {
        let (d, w, r) = crate::petrarch::load_path_report(p)?;
        all.extend(d);
        warnings.extend(w);
        report.push_str(&format!("{}: {}\n", p.display(), r.to_string().replace('\n', "; ")));
    }
    Ok((all, warnings, report))
}

fn write(dir: &Path, file: &Path, payload: &Payload) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let body = postcard::to_stdvec(payload).map_err(|e| std::io::Error::other(e.to_string()))?;
    // write to a temp file then rename, so a crash never leaves a torn cache
    let tmp = file.with_extension(format!("tmp{}", std::process::id()));
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(MAGIC)?;
        f.write_all(&FORMAT_VERSION.to_le_bytes())?;
        f.write_all(&body)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_load_hits_the_cache_and_equals_the_first() {
        let dir = std::env::temp_dir().join(format!("dyad-cache-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let dict = dir.join("Test.actors.txt");
        std::fs::write(&dict, "ARNOR [ARN]\nGONDOR [GON]\n").unwrap();
        let cache = dir.join("cache");
        let (d1, _, _, o1) = load(std::slice::from_ref(&dict), Some(&cache)).unwrap();
        assert!(matches!(o1, CacheOutcome::Written(_)), "{o1:?}");
        let (d2, _, _, o2) = load(std::slice::from_ref(&dict), Some(&cache)).unwrap();
        assert!(matches!(o2, CacheOutcome::Hit(_)), "{o2:?}");
        assert_eq!(d1.actors, d2.actors);
        assert_eq!(d2.actors.len(), 2);
        // an edit misses the cache
        std::fs::write(&dict, "ARNOR [ARN]\n").unwrap();
        let (d3, _, _, o3) = load(std::slice::from_ref(&dict), Some(&cache)).unwrap();
        assert!(matches!(o3, CacheOutcome::Written(_)));
        assert_eq!(d3.actors.len(), 1);
        // a corrupt cache file is ignored
        if let CacheOutcome::Written(f) = o3 {
            std::fs::write(&f, b"garbage").unwrap();
        }
        let (d4, _, _, o4) = load(std::slice::from_ref(&dict), Some(&cache)).unwrap();
        assert!(matches!(o4, CacheOutcome::Written(_)));
        assert_eq!(d4.actors.len(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

//! Opening `dyad code`/`dyad ingest` inputs by their content (issue 15):
//! binary formats dyad cannot read (PDF, Word/Excel/OpenDocument, images,
//! executables) are recognised by their magic bytes and refused with
//! "unsupported format (…); convert to text"; gzip is decompressed and a zip
//! archive's text, JSONL, CSV and XML entries are read one after the other,
//! each as its own input named `ARCHIVE:ENTRY`.

use dyad_coder::input::{DocReader, InputFormat, InputOptions};
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

/// Most bytes read from one zip entry (a larger entry is refused): entries
/// are read whole, since a zip entry's reader borrows its archive.
pub const MAX_ZIP_ENTRY: u64 = 1 << 30;

/// The kind of a file from its first bytes, when it is a binary format
/// dyad does not read as text; `None` for anything else (text, or unknown).
pub fn unsupported_kind(head: &[u8]) -> Option<&'static str> {
    const KINDS: &[(&[u8], &str)] = &[
        (b"%PDF-", "PDF"),
        (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "Microsoft Office 97-2003 document"),
        (b"\x89PNG\r\n\x1A\n", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"\x7FELF", "ELF executable"),
        (b"7z\xBC\xAF\x27\x1C", "7-Zip archive"),
        (b"Rar!\x1A\x07", "RAR archive"),
        (b"BZh", "bzip2 archive"),
        (b"\xFD7zXZ\x00", "xz archive"),
        (b"\x28\xB5\x2F\xFD", "zstd archive"),
    ];
    KINDS.iter().find(|(m, _)| head.starts_with(m)).map(|(_, k)| *k)
}

/// One opened input, or why it cannot be read at all.
pub type Opened = Result<DocReader, String>;

/// Open `path` for reading documents. Plain files as [`DocReader::open`];
/// gzip (`1F 8B`) decompressed, its format from the name without `.gz`
/// (`a.jsonl.gz` and a gzip file named `a.jsonl` are JSONL); a zip archive entry by entry (an Office Open
/// XML or OpenDocument file is refused as such); other binary formats
/// refused. Each `Err` is a message for `dyad: error: …` (the caller counts
/// the input as failed).
pub fn open_input(path: &Path, opts: &InputOptions) -> Vec<Opened> {
    if path.as_os_str() == "-" {
        return vec![DocReader::open(path, opts).map_err(|e| e.to_string())];
    }
    let name = path.display().to_string();
    let mut head = [0u8; 8];
    let n = match std::fs::File::open(path).and_then(|mut f| read_head(&mut f, &mut head)) {
        Ok(n) => n,
        // DocReader::open words the error as for every other input
        Err(_) => return vec![DocReader::open(path, opts).map_err(|e| e.to_string())],
    };
    let head = &head[..n];
    if let Some(kind) = unsupported_kind(head) {
        return vec![Err(format!("{name}: unsupported format ({kind}); convert to text"))];
    }
    if head.starts_with(&[0x1F, 0x8B]) {
        // `a.jsonl.gz` holds JSONL; a gzip file named `a.jsonl` too
        let gz = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz"));
        let inner = if gz { PathBuf::from(path.file_stem().unwrap_or_default()) } else { path.to_path_buf() };
        let fmt = opts.format.unwrap_or_else(|| InputFormat::detect(&inner));
        let f = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => return vec![Err(format!("{name}: {e}"))],
        };
        let dec = flate2::read::MultiGzDecoder::new(std::io::BufReader::new(f));
        return vec![DocReader::from_reader(&name, Box::new(dec), fmt, opts).map_err(|e| e.to_string())];
    }
    if head.starts_with(b"PK\x03\x04") {
        return open_zip(path, &name, opts);
    }
    vec![DocReader::open(path, opts).map_err(|e| e.to_string())]
}

fn read_head(f: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    f.rewind()?;
    Ok(n)
}

fn open_zip(path: &Path, name: &str, opts: &InputOptions) -> Vec<Opened> {
    let f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return vec![Err(format!("{name}: {e}"))],
    };
    let mut z = match dyad_store::zip::ZipArchive::new(f) {
        Ok(z) => z,
        Err(e) => return vec![Err(format!("{name}: unreadable zip archive: {e}"))],
    };
    let names: Vec<String> = z.file_names().map(str::to_string).collect();
    if names.iter().any(|n| n == "word/document.xml") {
        return vec![Err(format!("{name}: unsupported format (Word .docx document); convert to text"))];
    }
    if names.iter().any(|n| n == "[Content_Types].xml" || n == "mimetype") {
        return vec![Err(format!(
            "{name}: unsupported format (Office Open XML or OpenDocument file); convert to text"
        ))];
    }
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut entry = match z.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                out.push(Err(format!("{name}: zip entry {i}: {e}")));
                continue;
            }
        };
        if entry.is_dir() {
            continue;
        }
        let label = format!("{name}:{}", entry.name());
        let fmt = match opts.format.or_else(|| InputFormat::from_extension(Path::new(entry.name()))) {
            Some(f) => f,
            None => {
                out.push(Err(format!("{label}: unsupported zip entry (not .txt, .jsonl, .csv or .xml); skipped")));
                continue;
            }
        };
        if entry.size() > MAX_ZIP_ENTRY {
            out.push(Err(format!("{label}: zip entry of {} bytes is over {MAX_ZIP_ENTRY}; skipped", entry.size())));
            continue;
        }
        let mut bytes = Vec::new();
        if let Err(e) = (&mut entry).take(MAX_ZIP_ENTRY).read_to_end(&mut bytes) {
            out.push(Err(format!("{label}: {e}")));
            continue;
        }
        if let Some(kind) = unsupported_kind(&bytes[..bytes.len().min(8)]) {
            out.push(Err(format!("{label}: unsupported format ({kind}); convert to text")));
            continue;
        }
        out.push(
            DocReader::from_reader(&label, Box::new(std::io::Cursor::new(bytes)), fmt, opts).map_err(|e| e.to_string()),
        );
    }
    if out.is_empty() {
        out.push(Err(format!("{name}: the zip archive holds no file")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes() {
        assert_eq!(unsupported_kind(b"%PDF-1.7\n"), Some("PDF"));
        assert_eq!(unsupported_kind(b"\x89PNG\r\n\x1A\n"), Some("PNG image"));
        assert_eq!(unsupported_kind(b"Russia attacked"), None);
        assert_eq!(unsupported_kind(b"PK\x03\x04"), None, "zip is opened, not refused");
        assert_eq!(unsupported_kind(b""), None);
    }
}

//! Input readers for `dyad code`: plain text, JSONL, CSV and PETRARCH XML
//! record files, each turned into a stream of [`Document`]s.
//!
//! [`DocReader`] reads one path (or stdin) and yields
//! `Result<Document, RecordError>` in input order. A record that cannot be
//! used (bad JSON line, missing or mistyped text field, CSV row with the
//! wrong number of fields or an unclosed quote, `<Sentence>` without
//! `<Text>`) is reported as a [`RecordError`] and skipped; the stream goes on
//! with the next record. Faults that keep a record but lose something (invalid
//! UTF-8 replaced with U+FFFD, an unparseable date) are collected as
//! [`RecordWarning`]s, fetched with [`DocReader::take_warnings`]. Only a file
//! that cannot be opened, whose CSV header cannot be used, or a non-blank
//! PETRARCH XML input without a single `<Sentence>` element is fatal
//! ([`InputError`]).
//!
//! PETRARCH XML faults never cost more than the record they are in: a
//! mis-matched end tag (`</Txet>` for `</Text>`) skips its record, reported at
//! the tag's line; a syntax error (a tag cut short, a bad comment) skips its
//! record and reading resumes at the next `<Sentence` start tag.
//!
//! Decoding (all formats): UTF-8; a leading UTF-8 byte-order mark is dropped;
//! UTF-16 LE or BE with a byte-order mark is decoded to UTF-8; invalid UTF-8
//! bytes become U+FFFD. Every byte offset computed later refers to the decoded
//! UTF-8 text stored in [`Document::text`] / [`Document::title`].
//!
//! Memory: JSONL and CSV are read record by record (a CSV record is held
//! whole, plus the reader's read-ahead buffer); plain text and XML files are
//! read whole.

use chrono::NaiveDate;
use dyad_core::date::parse_date_lenient;
use dyad_core::Document;
use std::collections::VecDeque;
use std::fmt;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// The input formats `dyad code` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// A plain text file: the whole file is one document.
    Text,
    /// One JSON object per line (`id`, `date`, `text`, `title`, `source`, `url`).
    Jsonl,
    /// CSV with a header row (RFC 4180 quoting, embedded newlines allowed).
    Csv,
    /// PETRARCH record XML: one document per `<Sentence>` element.
    PetrarchXml,
}

impl InputFormat {
    /// The format an extension implies (case-insensitive): `txt`, `text` or no
    /// extension → `Text`; `jsonl`, `ndjson`, `json` → `Jsonl`; `csv` → `Csv`;
    /// `xml` → `PetrarchXml`. `None` for any other extension.
    pub fn from_extension(path: &Path) -> Option<InputFormat> {
        let ext = match path.extension() {
            None => return Some(InputFormat::Text),
            Some(e) => e.to_string_lossy().to_ascii_lowercase(),
        };
        match ext.as_str() {
            "txt" | "text" => Some(InputFormat::Text),
            "jsonl" | "ndjson" | "json" => Some(InputFormat::Jsonl),
            "csv" => Some(InputFormat::Csv),
            "xml" => Some(InputFormat::PetrarchXml),
            _ => None,
        }
    }

    /// The format of `path`: [`InputFormat::from_extension`], falling back to
    /// `Text` for unknown extensions.
    pub fn detect(path: &Path) -> InputFormat {
        InputFormat::from_extension(path).unwrap_or(InputFormat::Text)
    }

    /// Parse a format name as given on the command line: `text`/`txt`,
    /// `jsonl`/`ndjson`/`json`, `csv`, `xml`/`petrarch`/`petrarch-xml`
    /// (case-insensitive).
    pub fn parse(name: &str) -> Option<InputFormat> {
        match name.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Some(InputFormat::Text),
            "jsonl" | "ndjson" | "json" => Some(InputFormat::Jsonl),
            "csv" => Some(InputFormat::Csv),
            "xml" | "petrarch" | "petrarch-xml" | "petrarchxml" => Some(InputFormat::PetrarchXml),
            _ => None,
        }
    }

    /// Lower-case name (`text`, `jsonl`, `csv`, `xml`).
    pub fn as_str(&self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Csv => "csv",
            InputFormat::PetrarchXml => "xml",
        }
    }
}

/// How to read an input: format override and the names of the JSONL keys /
/// CSV header columns that feed each [`Document`] field.
///
/// Column names are matched exactly in JSONL and case-insensitively (after
/// trimming) against a CSV header. Only the text column is required; a
/// missing optional column just leaves that field empty.
#[derive(Debug, Clone, PartialEq)]
pub struct InputOptions {
    /// Format; `None` = detect from the file extension (stdin: `Text`).
    pub format: Option<InputFormat>,
    /// Body text key/column (default `text`).
    pub text_column: String,
    /// Document id key/column (default `id`).
    pub id_column: String,
    /// Story date key/column (default `date`).
    pub date_column: String,
    /// Headline key/column (default `title`).
    pub title_column: String,
    /// Publisher key/column (default `source`).
    pub source_column: String,
    /// URL key/column (default `url`).
    pub url_column: String,
    /// Date for documents whose record has no (or an empty) date field, and
    /// for plain text files. An unparseable date is *not* replaced by it.
    pub default_date: Option<NaiveDate>,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            format: None,
            text_column: "text".into(),
            id_column: "id".into(),
            date_column: "date".into(),
            title_column: "title".into(),
            source_column: "source".into(),
            url_column: "url".into(),
            default_date: None,
        }
    }
}

/// A skipped record: where it is and why it was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// The input's name (path as given, or `stdin`).
    pub file: String,
    /// 1-based line where the record starts (0 when unknown).
    pub line: u64,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for RecordError {}

/// A fault that did not skip the record (invalid UTF-8 replaced, unparseable
/// date dropped, XML repaired). Same fields as [`RecordError`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordWarning {
    /// The input's name (path as given, or `stdin`).
    pub file: String,
    /// 1-based line concerned (0 when the warning is about the whole file).
    pub line: u64,
    /// What happened.
    pub message: String,
}

impl fmt::Display for RecordWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: warning: {}", self.file, self.line, self.message)
    }
}

/// A fatal input error: nothing (more) can be read from this input.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be opened.
    #[error("cannot open {path}: {source}")]
    Open {
        /// Path as given.
        path: String,
        /// The I/O error.
        source: io::Error,
    },
    /// Reading failed before any record could be produced.
    #[error("cannot read {path}: {source}")]
    Read {
        /// Path as given (or `stdin`).
        path: String,
        /// The I/O error.
        source: io::Error,
    },
    /// The CSV header row could not be read.
    #[error("{path}: bad CSV header: {message}")]
    CsvHeader {
        /// Path as given.
        path: String,
        /// The CSV reader's message.
        message: String,
    },
    /// A PETRARCH XML input that is not blank yet holds no `<Sentence>`
    /// element (plain text, HTML or binary read with `--input-format xml`).
    #[error("{path}: no <Sentence> records found; is it PETRARCH XML? (--input-format picks another format)")]
    NoRecords {
        /// Path as given (or `stdin`).
        path: String,
    },
    /// The CSV header lacks a column named by `--id-column`, `--date-column`,
    /// `--title-column`, `--url-column` or `--source-column` (an option left
    /// at its default is not required). `found` as for [`InputError::MissingColumn`].
    #[error("{path}: CSV header has no `{column}` column for --{option} (columns: {found})")]
    MissingOptionColumn {
        /// Path as given.
        path: String,
        /// The option (`id-column`, `date-column`, …).
        option: &'static str,
        /// The column looked for.
        column: String,
        /// The header's columns, comma-separated.
        found: String,
    },
    /// The CSV header lacks the text column (`found` lists at most 20
    /// columns, each cut to 40 characters).
    #[error("{path}: CSV header has no `{column}` column (columns: {found}); use --text-column")]
    MissingColumn {
        /// Path as given.
        path: String,
        /// The column looked for.
        column: String,
        /// The header's columns, comma-separated.
        found: String,
    },
}

// ---------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

/// A `Read` adapter that sniffs a byte-order mark and yields UTF-8: a UTF-8
/// BOM is dropped, UTF-16 (with BOM) is transcoded; anything else passes
/// through unchanged (invalid UTF-8 is dealt with per record later).
/// Unpaired UTF-16 surrogates become U+FFFD; the output lines where that
/// happened are kept in `bad_lines`.
struct Decoded<R: Read> {
    inner: R,
    enc: Option<Encoding>,
    /// Decoded bytes not yet handed out.
    out: Vec<u8>,
    out_pos: usize,
    /// UTF-16: a dangling byte from the last raw read.
    odd: Option<u8>,
    /// UTF-16: a high surrogate waiting for its partner.
    high: Option<u16>,
    eof: bool,
    /// 1-based line of the decoded output being produced (UTF-16 only).
    line: u64,
    bad_lines: Vec<u64>,
}

impl<R: Read> Decoded<R> {
    fn new(inner: R) -> Self {
        Decoded {
            inner,
            enc: None,
            out: Vec::new(),
            out_pos: 0,
            odd: None,
            high: None,
            eof: false,
            line: 1,
            bad_lines: Vec::new(),
        }
    }

    fn sniff(&mut self) -> io::Result<()> {
        let mut head = [0u8; 3];
        let mut n = 0;
        while n < 3 {
            let k = read_retry(&mut self.inner, &mut head[n..])?;
            if k == 0 {
                break;
            }
            n += k;
        }
        let head = &head[..n];
        if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
            self.enc = Some(Encoding::Utf8);
        } else if head.starts_with(&[0xFF, 0xFE]) {
            self.enc = Some(Encoding::Utf16Le);
            self.odd = head.get(2).copied();
        } else if head.starts_with(&[0xFE, 0xFF]) {
            self.enc = Some(Encoding::Utf16Be);
            self.odd = head.get(2).copied();
        } else {
            self.enc = Some(Encoding::Utf8);
            self.out.extend_from_slice(head);
        }
        Ok(())
    }

    fn push_char(&mut self, c: char) {
        if c == '\n' {
            self.line += 1;
        }
        let mut b = [0u8; 4];
        self.out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
    }

    fn bad(&mut self) {
        if self.bad_lines.last() != Some(&self.line) {
            self.bad_lines.push(self.line);
        }
        self.push_char(char::REPLACEMENT_CHARACTER);
    }

    fn unit(&mut self, u: u16) {
        if let Some(h) = self.high.take() {
            if (0xDC00..0xE000).contains(&u) {
                let c = 0x10000 + (((h as u32) - 0xD800) << 10) + ((u as u32) - 0xDC00);
                self.push_char(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                return;
            }
            self.bad();
        }
        if (0xD800..0xDC00).contains(&u) {
            self.high = Some(u);
        } else if (0xDC00..0xE000).contains(&u) {
            self.bad();
        } else {
            self.push_char(char::from_u32(u as u32).unwrap_or(char::REPLACEMENT_CHARACTER));
        }
    }

    /// UTF-16: decode one more raw chunk into `out`.
    fn fill_utf16(&mut self, le: bool) -> io::Result<()> {
        let mut raw = [0u8; 8192];
        let n = read_retry(&mut self.inner, &mut raw)?;
        if n == 0 {
            self.eof = true;
            if self.odd.take().is_some() || self.high.take().is_some() {
                self.bad();
            }
            return Ok(());
        }
        let mut bytes: Vec<u8> = Vec::with_capacity(n + 1);
        if let Some(b) = self.odd.take() {
            bytes.push(b);
        }
        bytes.extend_from_slice(&raw[..n]);
        let mut chunks = bytes.chunks_exact(2);
        for pair in &mut chunks {
            let u = if le { u16::from_le_bytes([pair[0], pair[1]]) } else { u16::from_be_bytes([pair[0], pair[1]]) };
            self.unit(u);
        }
        self.odd = chunks.remainder().first().copied();
        Ok(())
    }
}

fn read_retry<R: Read>(r: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match r.read(buf) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.enc.is_none() {
            self.sniff()?;
        }
        loop {
            if self.out_pos < self.out.len() {
                let n = (self.out.len() - self.out_pos).min(buf.len());
                buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
                self.out_pos += n;
                if self.out_pos == self.out.len() {
                    self.out.clear();
                    self.out_pos = 0;
                }
                return Ok(n);
            }
            match self.enc {
                Some(Encoding::Utf8) | None => return read_retry(&mut self.inner, buf),
                Some(e) => {
                    if self.eof {
                        return Ok(0);
                    }
                    self.fill_utf16(e == Encoding::Utf16Le)?;
                }
            }
        }
    }
}

/// Decode bytes as UTF-8, replacing invalid sequences with U+FFFD. Returns
/// the text and the 1-based lines (counting from `first_line`) that held
/// invalid bytes.
/// True when a plain-text document starts like an HTML page (`<!DOCTYPE html`,
/// `<html`, `<head`, `<body`, case-insensitive, after leading blanks).
fn looks_like_html(text: &str) -> bool {
    let head: String = text.trim_start().chars().take(16).collect::<String>().to_ascii_lowercase();
    ["<!doctype html", "<html", "<head", "<body"].iter().any(|p| head.starts_with(p))
}

fn decode_lossy(bytes: Vec<u8>, first_line: u64) -> (String, Vec<u64>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, Vec::new()),
        Err(e) => {
            let bytes = e.into_bytes();
            let mut s = String::with_capacity(bytes.len() + 16);
            let mut line = first_line;
            let mut bad = Vec::new();
            for chunk in bytes.utf8_chunks() {
                let valid = chunk.valid();
                line += valid.bytes().filter(|&b| b == b'\n').count() as u64;
                s.push_str(valid);
                if !chunk.invalid().is_empty() {
                    s.push(char::REPLACEMENT_CHARACTER);
                    if bad.last() != Some(&line) {
                        bad.push(line);
                    }
                }
            }
            (s, bad)
        }
    }
}

// ---------------------------------------------------------------------------
// The reader
// ---------------------------------------------------------------------------

type Source = Box<dyn Read + Send>;

/// A streaming document reader over one input. Iterate it for
/// `Result<Document, RecordError>`; call [`DocReader::take_warnings`] to
/// collect warnings raised so far.
pub struct DocReader {
    name: String,
    format: InputFormat,
    state: State,
    warnings: Vec<RecordWarning>,
    repaired: usize,
}

enum State {
    /// Pending items (text: the one document; XML: all records).
    Queue(VecDeque<Result<Document, RecordError>>),
    Jsonl(Box<JsonlState>),
    Csv(Box<CsvState>),
    Done,
}

struct JsonlState {
    rdr: BufReader<Decoded<Source>>,
    line: u64,
    buf: Vec<u8>,
    opts: InputOptions,
}

struct CsvState {
    rdr: csv::Reader<Tee<Decoded<Source>>>,
    rec: csv::ByteRecord,
    cols: CsvCols,
    default_date: Option<NaiveDate>,
    /// Decoder bad lines already reported.
    decoder_bad_seen: usize,
}

struct CsvCols {
    text: usize,
    id: Option<usize>,
    date: Option<usize>,
    title: Option<usize>,
    source: Option<usize>,
    url: Option<usize>,
}

impl DocReader {
    /// Open `path` (`-` means stdin) and start reading it. The format is
    /// `opts.format`, else detected from the extension (stdin: `Text`).
    ///
    /// Errors: the file cannot be opened; for plain text and XML (read whole)
    /// a read error; for CSV an unreadable header or no text column.
    pub fn open(path: &Path, opts: &InputOptions) -> Result<DocReader, InputError> {
        if path.as_os_str() == "-" {
            let fmt = opts.format.unwrap_or(InputFormat::Text);
            return DocReader::from_reader("stdin", Box::new(io::stdin()), fmt, opts);
        }
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| InputError::Open { path: name.clone(), source: e })?;
        let fmt = opts.format.unwrap_or_else(|| InputFormat::detect(path));
        DocReader::from_reader(&name, Box::new(file), fmt, opts)
    }

    /// Read documents from any byte stream. `name` is used in messages and
    /// in generated ids (`NAME:LINE`; a plain text input's id is `name`).
    pub fn from_reader(
        name: &str,
        input: Source,
        format: InputFormat,
        opts: &InputOptions,
    ) -> Result<DocReader, InputError> {
        let mut reader =
            DocReader { name: name.to_string(), format, state: State::Done, warnings: Vec::new(), repaired: 0 };
        let decoded = Decoded::new(input);
        reader.state = match format {
            InputFormat::Text => {
                let (text, bad) = reader.read_all(decoded)?;
                reader.warn_invalid(&bad);
                if looks_like_html(&text) {
                    reader.warn(1, "looks like HTML: tags are not stripped, so little or nothing codes; extract the article text first".into());
                }
                let mut q = VecDeque::new();
                if !text.is_empty() {
                    q.push_back(Ok(Document {
                        id: name.to_string(),
                        date: opts.default_date,
                        text,
                        ..Document::default()
                    }));
                }
                State::Queue(q)
            }
            InputFormat::PetrarchXml => {
                let (text, bad) = reader.read_all(decoded)?;
                reader.warn_invalid(&bad);
                let q = reader.parse_xml(&text, opts)?;
                State::Queue(q)
            }
            InputFormat::Jsonl => State::Jsonl(Box::new(JsonlState {
                rdr: BufReader::with_capacity(64 * 1024, decoded),
                line: 0,
                buf: Vec::new(),
                opts: opts.clone(),
            })),
            InputFormat::Csv => reader.open_csv(decoded, opts)?,
        };
        Ok(reader)
    }

    /// The input's name (path as given, or `stdin`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The format being read.
    pub fn format(&self) -> InputFormat {
        self.format
    }

    /// Warnings raised so far (and not yet taken), in input order.
    pub fn take_warnings(&mut self) -> Vec<RecordWarning> {
        std::mem::take(&mut self.warnings)
    }

    /// PETRARCH XML: how many `<Sentence .../>` records that were wrongly
    /// self-closed (yet closed later by `</Sentence>`) were repaired. 0 for
    /// other formats.
    pub fn repaired_records(&self) -> usize {
        self.repaired
    }

    fn warn(&mut self, line: u64, message: String) {
        self.warnings.push(RecordWarning { file: self.name.clone(), line, message });
    }

    fn warn_invalid(&mut self, lines: &[u64]) {
        for &l in lines {
            self.warn(l, "invalid UTF-8 replaced with U+FFFD".into());
        }
    }

    fn err(&self, line: u64, message: String) -> RecordError {
        RecordError { file: self.name.clone(), line, message }
    }

    fn read_all(&mut self, mut d: Decoded<Source>) -> Result<(String, Vec<u64>), InputError> {
        let mut bytes = Vec::new();
        d.read_to_end(&mut bytes).map_err(|e| InputError::Read { path: self.name.clone(), source: e })?;
        for l in std::mem::take(&mut d.bad_lines) {
            self.warn(l, "invalid UTF-16 replaced with U+FFFD".into());
        }
        Ok(decode_lossy(bytes, 1))
    }

    // ----- CSV -----

    fn open_csv(&mut self, d: Decoded<Source>, opts: &InputOptions) -> Result<State, InputError> {
        let mut rdr = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(Tee::new(d));
        let header = match rdr.byte_headers() {
            Ok(h) => h.clone(),
            Err(e) => return Err(InputError::CsvHeader { path: self.name.clone(), message: e.to_string() }),
        };
        if header.is_empty() || (header.len() == 1 && header[0].is_empty()) {
            return Ok(State::Done); // empty file
        }
        let names: Vec<String> =
            header.iter().map(|f| String::from_utf8_lossy(f).trim().to_ascii_lowercase()).collect();
        let find = |col: &str| {
            let col = col.trim().to_ascii_lowercase();
            names.iter().position(|n| *n == col)
        };
        let text = find(&opts.text_column).ok_or_else(|| InputError::MissingColumn {
            path: self.name.clone(),
            column: opts.text_column.clone(),
            found: shown_columns(&names),
        })?;
        // a column named by an option (not left at its default) must exist
        let defaults = InputOptions::default();
        for (option, given, default) in [
            ("id-column", &opts.id_column, &defaults.id_column),
            ("date-column", &opts.date_column, &defaults.date_column),
            ("title-column", &opts.title_column, &defaults.title_column),
            ("source-column", &opts.source_column, &defaults.source_column),
            ("url-column", &opts.url_column, &defaults.url_column),
        ] {
            if given.trim() != default && find(given).is_none() {
                return Err(InputError::MissingOptionColumn {
                    path: self.name.clone(),
                    option,
                    column: given.clone(),
                    found: shown_columns(&names),
                });
            }
        }
        let cols = CsvCols {
            text,
            id: find(&opts.id_column),
            date: find(&opts.date_column),
            title: find(&opts.title_column),
            source: find(&opts.source_column),
            url: find(&opts.url_column),
        };
        Ok(State::Csv(Box::new(CsvState {
            rdr,
            rec: csv::ByteRecord::new(),
            cols,
            default_date: opts.default_date,
            decoder_bad_seen: 0,
        })))
    }

    fn next_csv(&mut self) -> Option<Result<Document, RecordError>> {
        let State::Csv(st) = &mut self.state else {
            return None;
        };
        let res = st.rdr.read_byte_record(&mut st.rec);
        // UTF-16 decoding faults found while reading.
        let dec_bad: Vec<u64> = {
            let bad = &st.rdr.get_ref().inner.bad_lines;
            let new = bad[st.decoder_bad_seen..].to_vec();
            st.decoder_bad_seen = bad.len();
            new
        };
        for l in dec_bad {
            self.warn(l, "invalid UTF-16 replaced with U+FFFD".into());
        }
        let State::Csv(st) = &mut self.state else {
            return None;
        };
        match res {
            Ok(false) => {
                self.state = State::Done;
                None
            }
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                let end = st.rdr.position().byte();
                st.rdr.get_mut().discard_before(end);
                let msg = match e.kind() {
                    csv::ErrorKind::UnequalLengths { expected_len, len, .. } => format!(
                        "CSV row has {len} fields, header has {expected_len} (unbalanced quotes?); record skipped"
                    ),
                    csv::ErrorKind::Io(_) => {
                        let m = format!("read error: {e}; rest of input skipped");
                        self.state = State::Done;
                        return Some(Err(self.err(line, m)));
                    }
                    _ => format!("{e}; record skipped"),
                };
                Some(Err(self.err(line, msg)))
            }
            Ok(true) => {
                let (line, start) = st.rec.position().map(|p| (p.line(), p.byte())).unwrap_or((0, 0));
                let end = st.rdr.position().byte();
                let tee = st.rdr.get_mut();
                let open_quote = tee.raw(start, end).is_some_and(ends_in_open_quote);
                tee.discard_before(end);
                if open_quote {
                    return Some(Err(self.err(
                        line,
                        "CSV record has an unclosed quote (field runs to end of input); record skipped".into(),
                    )));
                }
                let mut bad_utf8 = false;
                let mut field = |i: Option<usize>| -> Option<String> {
                    let raw = st.rec.get(i?)?;
                    let (s, bad) = decode_lossy(raw.to_vec(), 1);
                    bad_utf8 |= !bad.is_empty();
                    Some(s)
                };
                let text = field(Some(st.cols.text)).unwrap_or_default();
                let id = field(st.cols.id).map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
                let date_raw = field(st.cols.date);
                let title = field(st.cols.title).filter(|s| !s.trim().is_empty());
                let source = field(st.cols.source).map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
                let url = field(st.cols.url).map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
                let default_date = st.default_date;
                if bad_utf8 {
                    self.warn(line, "invalid UTF-8 replaced with U+FFFD".into());
                }
                let date = self.date_of(date_raw.as_deref(), default_date, line);
                Some(Ok(Document {
                    id: id.unwrap_or_else(|| format!("{}:{}", self.name, line)),
                    date,
                    text,
                    title,
                    source,
                    url,
                }))
            }
        }
    }

    /// Resolve a date field: absent/empty → default; unparseable → warning, `None`.
    fn date_of(&mut self, raw: Option<&str>, default: Option<NaiveDate>, line: u64) -> Option<NaiveDate> {
        match raw.map(str::trim) {
            None | Some("") => default,
            Some(s) => {
                let d = parse_date_lenient(s);
                if d.is_none() {
                    let shown: String = s.chars().take(40).collect();
                    self.warn(line, format!("unparseable date `{shown}`; document kept without a date"));
                }
                d
            }
        }
    }

    // ----- JSONL -----

    fn next_jsonl(&mut self) -> Option<Result<Document, RecordError>> {
        loop {
            let State::Jsonl(st) = &mut self.state else {
                return None;
            };
            st.buf.clear();
            let read = st.rdr.read_until(b'\n', &mut st.buf);
            let dec_bad = std::mem::take(&mut st.rdr.get_mut().bad_lines);
            for l in dec_bad {
                self.warn(l, "invalid UTF-16 replaced with U+FFFD".into());
            }
            let State::Jsonl(st) = &mut self.state else {
                return None;
            };
            match read {
                Ok(0) => {
                    self.state = State::Done;
                    return None;
                }
                Err(e) => {
                    let line = st.line + 1;
                    self.state = State::Done;
                    return Some(Err(self.err(line, format!("read error: {e}; rest of input skipped"))));
                }
                Ok(_) => {}
            }
            st.line += 1;
            let line = st.line;
            while matches!(st.buf.last(), Some(b'\n' | b'\r')) {
                st.buf.pop();
            }
            if st.buf.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            let (text, bad) = decode_lossy(std::mem::take(&mut st.buf), line);
            let opts = st.opts.clone();
            if !bad.is_empty() {
                self.warn(line, "invalid UTF-8 replaced with U+FFFD".into());
            }
            return Some(self.json_record(&text, line, &opts));
        }
    }

    fn json_record(&mut self, line_text: &str, line: u64, o: &InputOptions) -> Result<Document, RecordError> {
        use serde_json::Value;
        let v: Value =
            serde_json::from_str(line_text).map_err(|e| self.err(line, format!("bad JSON: {e}; record skipped")))?;
        let Value::Object(map) = v else {
            return Err(self.err(line, "not a JSON object; record skipped".into()));
        };
        let kind = |v: &Value| match v {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        let text = match map.get(&o.text_column) {
            Some(Value::String(s)) => s.clone(),
            None | Some(Value::Null) => {
                return Err(self.err(line, format!("missing text field `{}`; record skipped", o.text_column)))
            }
            Some(other) => {
                return Err(self.err(
                    line,
                    format!("field `{}` must be a string, found {}; record skipped", o.text_column, kind(other)),
                ))
            }
        };
        let id = match map.get(&o.id_column) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(other) => {
                return Err(self.err(
                    line,
                    format!(
                        "field `{}` must be a string or number, found {}; record skipped",
                        o.id_column,
                        kind(other)
                    ),
                ))
            }
        };
        let date_raw = match map.get(&o.date_column) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(other) => {
                return Err(self.err(
                    line,
                    format!(
                        "field `{}` must be a string or number, found {}; record skipped",
                        o.date_column,
                        kind(other)
                    ),
                ))
            }
        };
        let opt_str = |key: &str| -> Result<Option<String>, RecordError> {
            match map.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone()).filter(|s| !s.trim().is_empty())),
                Some(other) => Err(RecordError {
                    file: self.name.clone(),
                    line,
                    message: format!("field `{key}` must be a string, found {}; record skipped", kind(other)),
                }),
            }
        };
        let title = opt_str(&o.title_column)?;
        let source = opt_str(&o.source_column)?.map(|s| s.trim().to_string());
        let url = opt_str(&o.url_column)?.map(|s| s.trim().to_string());
        let date = self.date_of(date_raw.as_deref(), o.default_date, line);
        Ok(Document { id: id.unwrap_or_else(|| format!("{}:{}", self.name, line)), date, text, title, source, url })
    }

    // ----- PETRARCH XML -----

    /// Parse PETRARCH record XML into the queue of records. Never gives up on
    /// the rest of a file: a mis-matched or stray end tag skips only the
    /// record it is in (reported at the tag's line); a syntax error skips the
    /// record it is in and reading resumes at the next `<Sentence` start tag
    /// (or the rest of the file is skipped when there is none). Errors: a
    /// non-blank file without any `<Sentence>` element ([`InputError::NoRecords`]).
    fn parse_xml(
        &mut self,
        text: &str,
        opts: &InputOptions,
    ) -> Result<VecDeque<Result<Document, RecordError>>, InputError> {
        use quick_xml::events::Event as X;
        let rep = repair_petrarch_xml(text);
        self.repaired = rep.repaired;
        if rep.repaired > 0 {
            self.warn(
                rep.first_repair_line,
                format!(
                    "{} <Sentence .../> record(s) were self-closed yet closed by </Sentence>; repaired",
                    rep.repaired
                ),
            );
        }
        if rep.dropped_hash_lines > 0 {
            self.warn(
                rep.first_hash_line,
                format!("{} bare `#` comment line(s) outside records ignored", rep.dropped_hash_lines),
            );
        }
        let xml = rep.text;
        let lines = crate::input::LineIndex::new(&xml);
        let line_of = |pos: u64| lines.line_of(pos);
        let mut out = VecDeque::new();
        // Current record: (line, id, date raw, text pieces, saw <Text>).
        struct Rec {
            line: u64,
            id: Option<String>,
            date: Option<String>,
            text: Option<String>,
        }
        let mut cur: Option<Rec> = None;
        let mut in_text = false;
        let mut records = 0usize;
        // Open elements (local names), checked here rather than by quick-xml so
        // that a bad end tag costs one record, not the rest of the file.
        let mut open: Vec<Vec<u8>> = Vec::new();
        // Byte offset of the slice being parsed (after a resynchronisation).
        let mut base = 0usize;
        let new_reader = |from: usize| {
            let mut r = quick_xml::Reader::from_str(&xml[from..]);
            r.config_mut().trim_text(false);
            r.config_mut().check_end_names = false;
            r.config_mut().allow_unmatched_ends = true;
            r
        };
        let mut rdr = new_reader(0);
        loop {
            let pos = base as u64 + rdr.buffer_position();
            let ev = match rdr.read_event() {
                Ok(ev) => ev,
                Err(e) => {
                    let at = base + rdr.error_position() as usize;
                    let line = line_of(at as u64);
                    let what = match &cur {
                        Some(r) => format!("record at line {} skipped", r.line),
                        None => "skipped".to_string(),
                    };
                    cur = None;
                    in_text = false;
                    if let Some(i) = open.iter().rposition(|n| n.as_slice() == b"Sentence") {
                        open.truncate(i);
                    }
                    match next_sentence_start(&xml, at + 1) {
                        Some(next) => {
                            let m = format!(
                                "XML error: {e}; {what}, reading resumes at the next <Sentence> (line {})",
                                line_of(next as u64)
                            );
                            out.push_back(Err(self.err(line, m)));
                            base = next;
                            rdr = new_reader(base);
                            continue;
                        }
                        None => {
                            out.push_back(Err(self.err(line, format!("XML error: {e}; {what}, rest of file skipped"))));
                            break;
                        }
                    }
                }
            };
            match &ev {
                X::Eof => break,
                X::Start(e) | X::Empty(e) if e.local_name().as_ref() == b"Sentence" => {
                    records += 1;
                    let is_empty = matches!(ev, X::Empty(_));
                    let mut rec = Rec { line: line_of(pos), id: None, date: None, text: None };
                    for a in e.attributes().with_checks(false).flatten() {
                        let val = a
                            .unescape_value()
                            .map(|c| c.into_owned())
                            .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned());
                        match a.key.local_name().as_ref() {
                            b"id" => rec.id = Some(val.trim().to_string()).filter(|s| !s.is_empty()),
                            b"date" => rec.date = Some(val),
                            _ => {}
                        }
                    }
                    in_text = false;
                    if let Some(prev) = cur.take() {
                        out.push_back(Err(self.err(prev.line, "unclosed <Sentence>; record skipped".into())));
                    }
                    // An unclosed record ends where the next one starts.
                    if let Some(i) = open.iter().rposition(|n| n.as_slice() == b"Sentence") {
                        open.truncate(i);
                    }
                    if is_empty {
                        out.push_back(Err(
                            self.err(rec.line, "empty <Sentence/> without <Text>; record skipped".into())
                        ));
                    } else {
                        open.push(b"Sentence".to_vec());
                        cur = Some(rec);
                    }
                }
                X::Start(e) => {
                    open.push(e.local_name().as_ref().to_vec());
                    if e.local_name().as_ref() == b"Text" && cur.is_some() {
                        in_text = true;
                        if let Some(r) = cur.as_mut() {
                            r.text.get_or_insert_with(String::new);
                        }
                    }
                }
                X::End(e) => {
                    let name = e.local_name().as_ref().to_vec();
                    if open.last() == Some(&name) {
                        open.pop();
                    } else {
                        let shown = String::from_utf8_lossy(&name).into_owned();
                        let expected = match open.last() {
                            Some(n) => format!("`</{}>`", String::from_utf8_lossy(n)),
                            None => "no end tag".to_string(),
                        };
                        let line = line_of(pos);
                        let found = open.iter().rposition(|n| *n == name);
                        match (found, cur.take()) {
                            // The record's own end tag with elements left open
                            // inside it: the record is whole, keep it.
                            (Some(i), Some(r)) if name.as_slice() == b"Sentence" => {
                                self.warn(
                                    line,
                                    format!("`</Sentence>` closes an element left open (expected {expected})"),
                                );
                                open.truncate(i);
                                cur = Some(r);
                            }
                            (_, Some(r)) => {
                                in_text = false;
                                out.push_back(Err(self.err(
                                    line,
                                    format!(
                                        "mis-matched end tag `</{shown}>` (expected {expected}); record at line {} \
                                         skipped, reading resumes at the next <Sentence>",
                                        r.line
                                    ),
                                )));
                                // Keep the record's <Sentence> open so its own end tag matches.
                                if let Some(i) = open.iter().rposition(|n| n.as_slice() == b"Sentence") {
                                    open.truncate(i + 1);
                                }
                                continue;
                            }
                            (found, None) => {
                                self.warn(line, format!("stray end tag `</{shown}>` (expected {expected}) ignored"));
                                if let Some(i) = found {
                                    open.truncate(i);
                                }
                                continue;
                            }
                        }
                    }
                    match name.as_slice() {
                        b"Text" => in_text = false,
                        b"Sentence" => {
                            in_text = false;
                            if let Some(r) = cur.take() {
                                match r.text {
                                    None => out.push_back(Err(
                                        self.err(r.line, "<Sentence> has no <Text>; record skipped".into())
                                    )),
                                    Some(t) => {
                                        let text = t.split_whitespace().collect::<Vec<_>>().join(" ");
                                        let date = self.date_of(r.date.as_deref(), opts.default_date, r.line);
                                        out.push_back(Ok(Document {
                                            id: r.id.unwrap_or_else(|| format!("{}:{}", self.name, r.line)),
                                            date,
                                            text,
                                            ..Document::default()
                                        }));
                                    }
                                }
                            }
                        }
                        _ => {}
                    }
                }
                X::Text(t) if in_text => {
                    let s = match t.unescape() {
                        Ok(s) => s.into_owned(),
                        Err(_) => {
                            let l = line_of(pos);
                            self.warn(l, "unknown XML entity kept as written".into());
                            String::from_utf8_lossy(t).into_owned()
                        }
                    };
                    if let Some(r) = cur.as_mut().and_then(|r| r.text.as_mut()) {
                        r.push_str(&s);
                        r.push(' ');
                    }
                }
                X::CData(t) if in_text => {
                    if let Some(r) = cur.as_mut().and_then(|r| r.text.as_mut()) {
                        r.push_str(&String::from_utf8_lossy(t));
                        r.push(' ');
                    }
                }
                _ => {}
            }
        }
        if let Some(r) = cur.take() {
            out.push_back(Err(self.err(r.line, "unclosed <Sentence> at end of file; record skipped".into())));
        }
        if records == 0 && !xml.trim().is_empty() {
            return Err(InputError::NoRecords { path: self.name.clone() });
        }
        Ok(out)
    }
}

/// Byte offset of the first `<Sentence` start tag (followed by a blank, `>`
/// or `/`) at or after `from`, if any: where PETRARCH XML reading resumes
/// after a syntax error (also for `eval`'s gold reader).
pub(crate) fn next_sentence_start(xml: &str, from: usize) -> Option<usize> {
    let b = xml.as_bytes();
    let mut i = from;
    while i < b.len() {
        let k = b[i..].windows(9).position(|w| w == b"<Sentence")?;
        let at = i + k;
        match b.get(at + 9) {
            Some(c) if c.is_ascii_whitespace() || *c == b'>' || *c == b'/' => return Some(at),
            None => return None,
            _ => i = at + 1,
        }
    }
    None
}

impl Iterator for DocReader {
    type Item = Result<Document, RecordError>;
    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.state {
            State::Queue(q) => {
                let item = q.pop_front();
                if item.is_none() {
                    self.state = State::Done;
                }
                item
            }
            State::Jsonl(_) => self.next_jsonl(),
            State::Csv(_) => self.next_csv(),
            State::Done => None,
        }
    }
}

// ---------------------------------------------------------------------------
// CSV helpers
// ---------------------------------------------------------------------------

/// Keeps the bytes read through it from a mark onwards, so the raw bytes of
/// the CSV record just read can be re-examined (for unclosed quotes). Holds
/// at most one record plus the CSV reader's read-ahead.
struct Tee<R: Read> {
    inner: R,
    buf: Vec<u8>,
    /// Stream offset of `buf[0]`.
    buf_start: u64,
}

impl<R: Read> Tee<R> {
    fn new(inner: R) -> Self {
        Tee { inner, buf: Vec::new(), buf_start: 0 }
    }
    fn raw(&self, start: u64, end: u64) -> Option<&[u8]> {
        let s = start.checked_sub(self.buf_start)? as usize;
        let e = end.checked_sub(self.buf_start)? as usize;
        self.buf.get(s..e)
    }
    fn discard_before(&mut self, pos: u64) {
        let n = (pos.saturating_sub(self.buf_start) as usize).min(self.buf.len());
        self.buf.drain(..n);
        self.buf_start += n as u64;
    }
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        self.buf.extend_from_slice(&out[..n]);
        Ok(n)
    }
}

/// The header's columns for a message: at most 20, each cut to 40
/// characters (a header with an unclosed quote swallows the whole file into
/// one "column"), comma-separated.
fn shown_columns(names: &[String]) -> String {
    let mut cols: Vec<String> = names
        .iter()
        .take(20)
        .map(|n| {
            let mut c: String = n.chars().take(40).collect();
            if n.chars().count() > 40 {
                c.push('…');
            }
            c.replace(['\n', '\r'], " ")
        })
        .collect();
    if names.len() > 20 {
        cols.push(format!("… {} more", names.len() - 20));
    }
    cols.join(",")
}

/// True when a raw CSV record (RFC 4180, `,` separator) ends inside a quoted
/// field, i.e. its opening quote is never closed.
fn ends_in_open_quote(raw: &[u8]) -> bool {
    let mut at_start = true;
    let mut in_q = false;
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if in_q {
            if b == b'"' {
                if raw.get(i + 1) == Some(&b'"') {
                    i += 2;
                    continue;
                }
                in_q = false;
            }
        } else if b == b'"' && at_start {
            in_q = true;
            at_start = false;
        } else {
            at_start = matches!(b, b',' | b'\n' | b'\r');
        }
        i += 1;
    }
    in_q
}

// ---------------------------------------------------------------------------
// PETRARCH XML pre-repair
// ---------------------------------------------------------------------------

/// The result of [`repair_petrarch_xml`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlRepair {
    /// The repaired text; same number of lines as the input, so line numbers
    /// still point into the original file.
    pub text: String,
    /// Records whose `<Sentence .../>` start tag was turned into `<Sentence ...>`.
    pub repaired: usize,
    /// Line of the first such repair (0 if none).
    pub first_repair_line: u64,
    /// Bare `#` comment lines blanked (outside any `<Sentence>`).
    pub dropped_hash_lines: usize,
    /// Line of the first blanked `#` line (0 if none).
    pub first_hash_line: u64,
}

/// Line-oriented repair of PETRARCH record files that are not well-formed
/// XML, as `PETR2_GSR_validation.xml` is:
///
/// - a line holding a self-closing `<Sentence .../>` tag whose record is
///   nevertheless closed by a later `</Sentence>` (anywhere on a line, before the next
///   `<Sentence`) has its `/>` turned into `>`;
/// - a line starting with `#` outside any `<Sentence>` (a bare header
///   comment, which may contain `<`) is blanked.
///
/// Well-formed files pass through unchanged.
pub fn repair_petrarch_xml(text: &str) -> XmlRepair {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let is_open = |l: &str| {
        let t = l.trim_start();
        t.starts_with("<Sentence") && !t.starts_with("<Sentences")
    };
    let is_close = |l: &str| l.contains("</Sentence>");
    let mut out = String::with_capacity(text.len());
    let mut rep =
        XmlRepair { text: String::new(), repaired: 0, first_repair_line: 0, dropped_hash_lines: 0, first_hash_line: 0 };
    let mut in_sentence = false;
    for (i, l) in lines.iter().enumerate() {
        let body = l.trim_end_matches(['\n', '\r']);
        let eol = &l[body.len()..];
        if is_open(body) {
            let t = body.trim_end();
            if let Some(stem) = t.strip_suffix("/>") {
                let closed_later =
                    lines[i + 1..].iter().find(|n| is_open(n) || is_close(n)).is_some_and(|n| is_close(n));
                if closed_later {
                    out.push_str(stem);
                    out.push('>');
                    out.push_str(eol);
                    rep.repaired += 1;
                    if rep.first_repair_line == 0 {
                        rep.first_repair_line = i as u64 + 1;
                    }
                    in_sentence = true;
                    continue;
                }
            } else {
                in_sentence = !is_close(body);
            }
        } else if is_close(body) {
            in_sentence = false;
        } else if !in_sentence && body.starts_with('#') {
            out.push_str(eol);
            rep.dropped_hash_lines += 1;
            if rep.first_hash_line == 0 {
                rep.first_hash_line = i as u64 + 1;
            }
            continue;
        }
        out.push_str(l);
    }
    rep.text = out;
    rep
}

/// Byte offset → 1-based line number over one text (for `FILE:LINE` messages
/// from parsers that report byte positions, such as quick-xml).
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index the line starts of `text`.
    pub(crate) fn new(text: &str) -> LineIndex {
        LineIndex { starts: std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect() }
    }
    /// The 1-based line holding byte `pos`.
    pub(crate) fn line_of(&self, pos: u64) -> u64 {
        match self.starts.binary_search(&(pos as usize)) {
            Ok(i) => i as u64 + 1,
            Err(i) => i as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn tmp(name: &str, bytes: &[u8]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("dyad-input-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn read_all(p: &Path, o: &InputOptions) -> (Vec<Document>, Vec<RecordError>, Vec<RecordWarning>) {
        let mut r = DocReader::open(p, o).unwrap();
        let (mut docs, mut errs) = (Vec::new(), Vec::new());
        for item in &mut r {
            match item {
                Ok(d) => docs.push(d),
                Err(e) => errs.push(e),
            }
        }
        let w = r.take_warnings();
        (docs, errs, w)
    }

    fn shared(rel: &str) -> Option<PathBuf> {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data").join(rel);
        if p.exists() {
            Some(p)
        } else {
            dyad_core::testskip::skip("dyad-coder input tests", &format!("{} not present", p.display()));
            None
        }
    }

    #[test]
    fn format_detection() {
        assert_eq!(InputFormat::detect(Path::new("a.txt")), InputFormat::Text);
        assert_eq!(InputFormat::detect(Path::new("a")), InputFormat::Text);
        assert_eq!(InputFormat::detect(Path::new("a.NDJSON")), InputFormat::Jsonl);
        assert_eq!(InputFormat::detect(Path::new("a.json")), InputFormat::Jsonl);
        assert_eq!(InputFormat::detect(Path::new("a.csv")), InputFormat::Csv);
        assert_eq!(InputFormat::detect(Path::new("a.xml")), InputFormat::PetrarchXml);
        assert_eq!(InputFormat::from_extension(Path::new("a.pdf")), None);
        assert_eq!(InputFormat::parse("XML"), Some(InputFormat::PetrarchXml));
    }

    #[test]
    fn plain_text_is_one_document() {
        let p = tmp("story.txt", "\u{feff}Russia condemned the strike.\nSecond line.\n".as_bytes());
        let o = InputOptions { default_date: NaiveDate::from_ymd_opt(2017, 2, 7), ..Default::default() };
        let (docs, errs, w) = read_all(&p, &o);
        assert!(errs.is_empty() && w.is_empty());
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].id, p.display().to_string());
        assert_eq!(docs[0].text, "Russia condemned the strike.\nSecond line.\n");
        assert_eq!(docs[0].date, NaiveDate::from_ymd_opt(2017, 2, 7));
    }

    #[test]
    fn reader_input_uses_stdin_ids() {
        let cur = io::Cursor::new(b"Some story.".to_vec());
        let r = DocReader::from_reader("stdin", Box::new(cur), InputFormat::Text, &InputOptions::default()).unwrap();
        let docs: Vec<Document> = r.map(Result::unwrap).collect();
        assert_eq!(docs.len(), 1);
        assert_eq!((docs[0].id.as_str(), docs[0].text.as_str()), ("stdin", "Some story."));
        let cur = io::Cursor::new(b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n".to_vec());
        let r = DocReader::from_reader("stdin", Box::new(cur), InputFormat::Jsonl, &InputOptions::default()).unwrap();
        let ids: Vec<String> = r.map(|d| d.unwrap().id).collect();
        assert_eq!(ids, vec!["stdin:1", "stdin:2"]);
    }

    #[test]
    fn jsonl_faults_skip_only_their_records() {
        let src = concat!(
            "{\"id\": \"a1\", \"date\": \"2017-02-07\", \"text\": \"One.\", \"title\": \"T\", \"source\": \"AP\", \"url\": \"http://x/1\"}\n",
            "{\"id\": 2, \"text\": \"Two.\"\n",
            "\n",
            "{\"id\": 3, \"date\": \"2017/3/1\"}\n",
            "{\"id\": 4, \"text\": 42}\n",
            "{\"text\": \"Five.\", \"date\": \"someday\"}\r\n",
            "[1, 2]\n",
            "{\"id\": 7, \"text\": \"Seven.\", \"date\": 20170301}\n",
        );
        let p = tmp("in.jsonl", src.as_bytes());
        let (docs, errs, w) = read_all(&p, &InputOptions::default());
        let name = p.display().to_string();
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].id, "a1");
        assert_eq!(docs[0].date, NaiveDate::from_ymd_opt(2017, 2, 7));
        assert_eq!(docs[0].title.as_deref(), Some("T"));
        assert_eq!(docs[0].source.as_deref(), Some("AP"));
        assert_eq!(docs[0].url.as_deref(), Some("http://x/1"));
        assert_eq!(docs[1].id, format!("{name}:6"));
        assert_eq!(docs[1].text, "Five.");
        assert_eq!(docs[1].date, None);
        assert_eq!(docs[2].id, "7");
        assert_eq!(docs[2].date, NaiveDate::from_ymd_opt(2017, 3, 1));
        let lines: Vec<u64> = errs.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 4, 5, 7]);
        assert!(errs[0].message.starts_with("bad JSON"), "{}", errs[0]);
        assert!(errs[1].message.contains("missing text field `text`"), "{}", errs[1]);
        assert!(errs[2].message.contains("must be a string, found a number"), "{}", errs[2]);
        assert!(errs[3].message.contains("not a JSON object"));
        assert_eq!(errs[0].file, name);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 6);
        assert!(w[0].message.contains("someday"));
    }

    #[test]
    fn jsonl_invalid_utf8_is_replaced_with_warning() {
        let mut src = b"{\"id\": \"x\", \"text\": \"ok\"}\n{\"id\": \"y\", \"text\": \"caf".to_vec();
        src.extend_from_slice(&[0xE9, 0xFF]);
        src.extend_from_slice(b" bar\"}\n");
        let p = tmp("bad.jsonl", &src);
        let (docs, errs, w) = read_all(&p, &InputOptions::default());
        assert!(errs.is_empty());
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].text, "caf\u{FFFD}\u{FFFD} bar");
        assert_eq!(w.len(), 1);
        assert_eq!((w[0].file.as_str(), w[0].line), (p.display().to_string().as_str(), 2));
        assert!(w[0].message.contains("invalid UTF-8"));
    }

    #[test]
    fn csv_embedded_newlines_and_custom_columns() {
        let src = concat!(
            "article_id,publish_date,article_source_link,title,subtitle,text\n",
            "1,2017/2/7,http://a.example/1,\"Title, one\",,\"Line one.\nLine \"\"two\"\".\"\n",
            "2,          2016/12/30 7:11,http://a.example/2,T2,sub,Plain text\n",
            ",not a date,,,,\"Third\n\nstory\"\n",
            "4,2017/3/1,x,y\n",
            "5,2017/3/2,,,,Fifth\n",
        );
        let p = tmp("news.csv", src.as_bytes());
        let o = InputOptions {
            id_column: "article_id".into(),
            date_column: "publish_date".into(),
            url_column: "article_source_link".into(),
            ..Default::default()
        };
        let (docs, errs, w) = read_all(&p, &o);
        let name = p.display().to_string();
        assert_eq!(docs.len(), 4);
        assert_eq!(docs[0].id, "1");
        assert_eq!(docs[0].text, "Line one.\nLine \"two\".");
        assert_eq!(docs[0].title.as_deref(), Some("Title, one"));
        assert_eq!(docs[0].url.as_deref(), Some("http://a.example/1"));
        assert_eq!(docs[0].date, NaiveDate::from_ymd_opt(2017, 2, 7));
        assert_eq!(docs[1].date, NaiveDate::from_ymd_opt(2016, 12, 30));
        assert_eq!(docs[2].id, format!("{name}:5"));
        assert_eq!(docs[2].text, "Third\n\nstory");
        assert_eq!(docs[2].date, None);
        assert_eq!(docs[3].id, "5");
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 8);
        assert!(errs[0].message.contains("4 fields, header has 6"), "{}", errs[0]);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 5);
    }

    #[test]
    fn csv_unclosed_quote_is_reported() {
        let src = "id,text\n1,fine\n2,\"never closed\n3,swallowed\n";
        let p = tmp("open.csv", src.as_bytes());
        let (docs, errs, _) = read_all(&p, &InputOptions::default());
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].text, "fine");
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].line, 3);
        assert!(errs[0].message.contains("unclosed quote"));
    }

    /// A column named by --id-column/--date-column that the header lacks is
    /// an error like a missing text column (issue 15), not a silent fallback.
    #[test]
    fn csv_missing_option_column_is_fatal() {
        let p = tmp("noidcol.csv", b"id,text,date\n1,x,2020-01-01\n");
        let opts = InputOptions { date_column: "published".into(), ..Default::default() };
        match DocReader::open(&p, &opts) {
            Err(e @ InputError::MissingOptionColumn { .. }) => assert_eq!(
                e.to_string(),
                format!(
                    "{}: CSV header has no `published` column for --date-column (columns: id,text,date)",
                    p.display()
                )
            ),
            _ => panic!("expected MissingOptionColumn"),
        }
        let opts = InputOptions { id_column: "article_id".into(), ..Default::default() };
        assert!(matches!(DocReader::open(&p, &opts), Err(InputError::MissingOptionColumn { option: "id-column", .. })));
        // defaults that are absent are fine
        assert!(DocReader::open(&p, &InputOptions { date_column: "DATE".into(), ..Default::default() }).is_ok());
    }

    #[test]
    fn csv_missing_text_column_is_fatal() {
        let p = tmp("nocol.csv", b"id,body\n1,x\n");
        match DocReader::open(&p, &InputOptions::default()) {
            Err(InputError::MissingColumn { column, found, .. }) => {
                assert_eq!(column, "text");
                assert_eq!(found, "id,body");
            }
            _ => panic!("expected MissingColumn"),
        }
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let text = "id,text\n1,Caf\u{e9} \u{1F600} talks\n";
        for le in [true, false] {
            let mut bytes = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
            for u in text.encode_utf16() {
                bytes.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            let p = tmp(if le { "le.csv" } else { "be.csv" }, &bytes);
            let (docs, errs, w) = read_all(&p, &InputOptions::default());
            assert!(errs.is_empty() && w.is_empty());
            assert_eq!(docs.len(), 1);
            assert_eq!(docs[0].id, "1");
            assert_eq!(docs[0].text, "Caf\u{e9} \u{1F600} talks");
        }
        // Plain text, LE, with a lone surrogate.
        let mut bytes = vec![0xFF, 0xFE];
        for u in [0x41u16, 0x0A, 0xD800, 0x42] {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let p = tmp("lone.txt", &bytes);
        let (docs, _, w) = read_all(&p, &InputOptions::default());
        assert_eq!(docs[0].text, "A\n\u{FFFD}B");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 2);
    }

    #[test]
    fn invalid_utf8_in_text_and_csv() {
        let p = tmp("bad.txt", b"line one\nbad \xC3\x28 here\n");
        let (docs, _, w) = read_all(&p, &InputOptions::default());
        assert_eq!(docs[0].text, "line one\nbad \u{FFFD}( here\n");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 2);
        let p = tmp("bad.csv", b"id,text\n1,ok\n2,\"x\xFFy\"\n");
        let (docs, errs, w) = read_all(&p, &InputOptions::default());
        assert!(errs.is_empty());
        assert_eq!(docs[1].text, "x\u{FFFD}y");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 3);
    }

    #[test]
    fn empty_files_yield_nothing() {
        for name in ["empty.txt", "empty.jsonl", "empty.csv", "empty.xml"] {
            let p = tmp(name, b"");
            let (docs, errs, w) = read_all(&p, &InputOptions::default());
            assert!(docs.is_empty() && errs.is_empty() && w.is_empty(), "{name}");
        }
    }

    #[test]
    fn missing_file_is_fatal() {
        let e = DocReader::open(Path::new("/nonexistent/dyad/x.csv"), &InputOptions::default());
        assert!(matches!(e, Err(InputError::Open { .. })));
    }

    #[test]
    fn petrarch_xml_small() {
        let src = concat!(
            "<?xml version='1.0' encoding='utf-8'?>\n<Validation>\n",
            "# header line with <Tag...> in it\n<Sentences>\n",
            "<Sentence date=\"20080804\" id=\"A-1\" evaluate=\"true\"/>\n",
            "<EventCoding eventcode=\"042\" sourcecode=\"USA\" targetcode=\"CHN\" />\n",
            "<Text>\nThe US leader   visited\n Beijing &amp; Shanghai.\n</Text>\n</Sentence>\n",
            "<Sentence date=\"20080805\" id=\"A-2\">\n<Parse>x</Parse>\n</Sentence>\n",
            "<Sentence date=\"bad\">\n<Text>Two.</Text>\n</Sentence>\n",
            "</Sentences>\n</Validation>\n",
        );
        let p = tmp("recs.xml", src.as_bytes());
        let mut r = DocReader::open(&p, &InputOptions::default()).unwrap();
        let items: Vec<_> = (&mut r).collect();
        assert_eq!(r.repaired_records(), 1);
        assert_eq!(items.len(), 3);
        let d0 = items[0].as_ref().unwrap();
        assert_eq!(d0.id, "A-1");
        assert_eq!(d0.text, "The US leader visited Beijing & Shanghai.");
        assert_eq!(d0.date, NaiveDate::from_ymd_opt(2008, 8, 4));
        let e1 = items[1].as_ref().unwrap_err();
        assert_eq!(e1.line, 12);
        assert!(e1.message.contains("no <Text>"));
        let d2 = items[2].as_ref().unwrap();
        assert_eq!(d2.id, format!("{}:15", p.display()));
        assert_eq!(d2.date, None);
        assert_eq!(d2.text, "Two.");
        let w = r.take_warnings();
        assert_eq!(w.len(), 3, "{w:?}");
        assert_eq!(w[0].line, 5);
        assert_eq!(w[1].line, 3);
        assert!(w[2].message.contains("`bad`"));
        assert_eq!(w[2].line, 15);
    }

    fn xml_items(src: &str) -> (Vec<Result<Document, RecordError>>, Vec<RecordWarning>) {
        let mut r = DocReader::from_reader(
            "t.xml",
            Box::new(io::Cursor::new(src.as_bytes().to_vec())),
            InputFormat::PetrarchXml,
            &InputOptions::default(),
        )
        .unwrap();
        let items: Vec<_> = (&mut r).collect();
        (items, r.take_warnings())
    }

    fn rec(id: &str, body: &str) -> String {
        format!("<Sentence date=\"20170207\" id=\"{id}\">\n<Text>\n{body}\n</Text>\n</Sentence>\n")
    }

    #[test]
    fn xml_mismatched_end_tag_costs_one_record() {
        let src = format!(
            "<Sentences>\n{}<Sentence id=\"bad\">\n<Text>\nHello.\n</Txet>\n</Sentence>\n{}{}</Sentences>\n",
            rec("a", "One."),
            rec("b", "Two."),
            rec("c", "Three.")
        );
        let (items, w) = xml_items(&src);
        assert_eq!(items.len(), 4, "{items:?}");
        let ids: Vec<&str> = items.iter().filter_map(|i| i.as_ref().ok()).map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        let e = items[1].as_ref().unwrap_err();
        assert_eq!(e.line, 10);
        assert_eq!(
            e.message,
            "mis-matched end tag `</Txet>` (expected `</Text>`); record at line 7 skipped, reading resumes at the next \
             <Sentence>"
        );
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn xml_unclosed_text_is_closed_by_its_sentence() {
        let src =
            format!("<Sentences>\n<Sentence id=\"x\">\n<Text>\nKept.\n</Sentence>\n{}</Sentences>\n", rec("b", "Two."));
        let (items, w) = xml_items(&src);
        let docs: Vec<&Document> = items.iter().map(|i| i.as_ref().unwrap()).collect();
        assert_eq!(docs.len(), 2);
        assert_eq!((docs[0].id.as_str(), docs[0].text.as_str()), ("x", "Kept."));
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].line, 5);
        assert!(w[0].message.contains("closes an element left open (expected `</Text>`)"), "{w:?}");
    }

    #[test]
    fn xml_syntax_error_resumes_at_next_record() {
        // `<Text attr=>` is a syntax error (attribute without a value is
        // tolerated, so use an unclosed comment-like markup instead).
        let src = format!(
            "<Sentences>\n{}<Sentence id=\"bad\">\n<Text>\nA <!-- b\n</Text>\n</Sentence>\n{}</Sentences>\n",
            rec("a", "One."),
            rec("b", "Two.")
        );
        let (items, _) = xml_items(&src);
        let ids: Vec<&str> = items.iter().filter_map(|i| i.as_ref().ok()).map(|d| d.id.as_str()).collect();
        let errs: Vec<&RecordError> = items.iter().filter_map(|i| i.as_ref().err()).collect();
        assert_eq!(errs.len(), 1, "{items:?}");
        assert_eq!(errs[0].line, 9);
        assert!(errs[0].message.starts_with("XML error: "), "{errs:?}");
        assert!(errs[0]
            .message
            .ends_with("record at line 7 skipped, reading resumes at the next <Sentence> (line 12)"));
        assert_eq!(ids, ["a", "b"]);
    }

    #[test]
    fn xml_without_records_is_an_input_error() {
        for src in
            ["Russia condemned the attack.\nChina accused Japan.\n", "<html><p>x</p></html>", "<Sentences></Sentences>"]
        {
            let e = DocReader::from_reader(
                "plain.txt",
                Box::new(io::Cursor::new(src.as_bytes().to_vec())),
                InputFormat::PetrarchXml,
                &InputOptions::default(),
            )
            .err()
            .expect("no records is an error");
            assert_eq!(
                e.to_string(),
                "plain.txt: no <Sentence> records found; is it PETRARCH XML? (--input-format picks another format)"
            );
        }
        // Blank input is just empty.
        let (items, w) = xml_items(" \n\n");
        assert!(items.is_empty() && w.is_empty());
    }

    #[test]
    fn real_petrarch_unit_test_records() {
        let Some(p) = shared("petrarch2/PETR.UnitTest.records.xml") else {
            return;
        };
        let (docs, errs, _) = read_all(&p, &InputOptions::default());
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(docs.len(), 284);
        assert_eq!(docs[0].id, "DEMO-00");
        assert_eq!(
            docs[0].text,
            "Arnor is about to restore full diplomatic ties with Gondor almost five years after crowds trashed its embassy."
        );
        assert_eq!(docs[0].date, NaiveDate::from_ymd_opt(1995, 1, 1));
        assert_eq!(docs.last().unwrap().id, "FINAL-RECORD");
        assert!(docs.iter().all(|d| d.date.is_some() && !d.text.is_empty()));
    }

    #[test]
    fn real_petrarch2_gsr_validation() {
        let Some(p) = shared("universalpetrarch/PETR2_GSR_validation.xml") else {
            return;
        };
        let mut r = DocReader::open(&p, &InputOptions::default()).unwrap();
        let items: Vec<_> = (&mut r).collect();
        let errs: Vec<_> = items.iter().filter_map(|i| i.as_ref().err()).collect();
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(items.len(), 78);
        assert_eq!(r.repaired_records(), 70);
        let d0 = items[0].as_ref().unwrap();
        assert_eq!(d0.id, "AFP0808020625_4");
        assert!(d0.text.starts_with("The stopover came as the US leader prepared"));
        assert_eq!(d0.date, NaiveDate::from_ymd_opt(2008, 8, 4));
    }

    #[test]
    fn real_news_articles_csv() {
        let Some(p) = shared("news_articles_dai2017/NewsArticles.csv") else {
            return;
        };
        let o = InputOptions {
            id_column: "article_id".into(),
            date_column: "publish_date".into(),
            url_column: "article_source_link".into(),
            ..Default::default()
        };
        let (docs, errs, w) = read_all(&p, &o);
        assert!(errs.is_empty(), "{:?}", &errs[..errs.len().min(3)]);
        assert_eq!(docs.len(), 3824);
        let dated = docs.iter().filter(|d| d.date.is_some()).count();
        println!("NewsArticles.csv: {} docs, {} with a date, {} warnings", docs.len(), dated, w.len());
        assert_eq!(dated, 3824);
        assert!(w.is_empty(), "{:?}", &w[..w.len().min(3)]);
        assert_eq!(docs[0].id, "1");
        assert_eq!(docs[0].date, NaiveDate::from_ymd_opt(2017, 2, 7));
        assert!(docs[0].text.starts_with("Michigan billionaire education activist Betsy DeVos"));
        assert_eq!(
            docs[0].title.as_deref(),
            Some("Betsy DeVos Confirmed as Education Secretary, With Pence Casting Historic Tie-Breaking Vote")
        );
        assert!(docs[0].url.as_deref().unwrap().starts_with("http://abcnews.go.com/Politics/"));
        assert_eq!(docs.iter().filter(|d| d.text.is_empty()).count(), 36);
    }
}

//! Readers for PETRARCH-1, PETRARCH-2 and TABARI dictionary files (users'
//! dictionaries, read unchanged), producing the shared [`crate::model`] types.
//!
//! The formats are described in PETRARCH's `dictionaries.rst` and in the
//! comments of its dictionary reader (openeventdata/petrarch,
//! openeventdata/petrarch2); what each construct becomes in dyad's model is
//! stated on each reader below. Summary:
//!
//! - **Comments**: `#` to end of line, `;` to end of line (TABARI legacy),
//!   `<!-- … -->` (also over several lines). Blank lines are ignored.
//! - **Encoding** ([`decode_bytes`]): UTF-8 (BOM dropped); UTF-16 LE/BE with a
//!   byte-order mark is decoded; files that are not valid UTF-8 are read as
//!   Latin-1 (with a warning).
//! - **Phrases** join words with `_` (or blanks); a trailing `_` (TABARI's
//!   "whole word") is dropped. Each word is tokenised with
//!   [`crate::native::phrase_tokens`] so phrases match text tokens (lower case).
//! - **Event codes**: 2–4 digits plus up to two capital letters (`042`, `0211`,
//!   `345`, `174K`, `075A`), `---` (the null code), or a pair `A:B` where either
//!   side may be empty (`[:173]`: only the reverse direction codes). Codes
//!   outside CAMEO pass through, with one summary warning per file
//!   ([`non_cameo_warning`]); malformed ones (`080!`, `s`) skip the
//!   entry with a [`Warning`] naming `file:line`.
//! - **Actor codes**: capital letters and digits, `---` (PETRARCH's null
//!   actor), several actors joined by `/` (`FRO/BIL/SAM`, kept as written: the
//!   coder splits them). Lower-case codes are upper-cased with a warning.
//! - **Dates** (`[CODE yymmdd-yymmdd]`, `[CODE >date]`, `[CODE <date]`) are
//!   `YYMMDD` or `YYYYMMDD`, limits inclusive. Two-digit years follow
//!   PETRARCH's (and KEDS/TABARI's) rule: `00`–`30` are 20YY, `31`–`99` are
//!   19YY. Days are checked against the month (leap years included).

use crate::model::*;
use crate::native::{phrase_tokens, plural};
use crate::{DictError, Warning};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// The kind of a PETRARCH dictionary file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Actor dictionary (`*.actors.txt`).
    Actors,
    /// Agent dictionary (`*agents*`).
    Agents,
    /// Verb dictionary (`*verbs*`, `CAMEO*`).
    Verbs,
    /// Discard list (`*discards*`).
    Discards,
    /// Issue list (`*Issue*`).
    Issues,
}

impl Kind {
    /// Lower-case name for messages (`actors`, `agents`, …).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Actors => "actors",
            Kind::Agents => "agents",
            Kind::Verbs => "verbs",
            Kind::Discards => "discards",
            Kind::Issues => "issues",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The kind of a file from its name (case-insensitive): `actor` → actors,
/// `agent` → agents, `verb` or a `CAMEO` prefix → verbs, `discard` →
/// discards, `issue` → issues. `None` when the name says nothing.
pub fn kind_from_name(name: &str) -> Option<Kind> {
    let n = name.to_ascii_lowercase();
    if n.contains("actor") {
        Some(Kind::Actors)
    } else if n.contains("agent") {
        Some(Kind::Agents)
    } else if n.contains("verb") || n.starts_with("cameo") {
        Some(Kind::Verbs)
    } else if n.contains("discard") {
        Some(Kind::Discards)
    } else if n.contains("issue") {
        Some(Kind::Issues)
    } else {
        None
    }
}

/// The kind of a file from its content (used when the name says nothing):
/// `<ISSUE` tags → issues; `--- NAME [code] ---` block headers or `- … *`
/// pattern lines → verbs; `!X! =` substitution sets or `[~CODE]`/`[CODE~]`
/// codes → agents; other `[CODE]` lines → actors; plain lines without any
/// code → discards. `None` for a file with no content lines.
pub fn kind_from_content(text: &str) -> Option<Kind> {
    let mut w = Vec::new();
    let lines = clean_lines("", text, &mut w);
    if lines.is_empty() {
        return None;
    }
    let any = |f: &dyn Fn(&str) -> bool| lines.iter().any(|(_, l)| f(l));
    if any(&|l| l.starts_with("<ISSUE")) {
        return Some(Kind::Issues);
    }
    if any(&|l| l.starts_with("---") && l.contains('[')) || any(&|l| l.starts_with('-') && l.contains('*')) {
        return Some(Kind::Verbs);
    }
    if any(&|l| l.starts_with('!') && l.contains('=')) || any(&|l| l.contains("[~") || l.contains("~]")) {
        return Some(Kind::Agents);
    }
    if any(&|l| l.contains('[')) {
        return Some(Kind::Actors);
    }
    Some(Kind::Discards)
}

/// Counts from loading PETRARCH dictionaries, for printing (its `Display`
/// gives one line per kind that was loaded).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// Files loaded, in order, with their kind.
    pub files: Vec<(String, Kind)>,
    /// Actor primary phrase lines read.
    pub actor_primaries: usize,
    /// Actor `+` synonym lines read.
    pub actor_synonyms: usize,
    /// Actor date-restricted codes kept.
    pub actor_dated_codes: usize,
    /// Actor entries produced (entries without any usable code are skipped).
    pub actor_entries: usize,
    /// Agent lines producing an entry.
    pub agent_entries: usize,
    /// Agent phrases produced (plurals and substitutions expanded).
    pub agent_phrases: usize,
    /// `!X! = …` substitution sets defined.
    pub agent_substitution_sets: usize,
    /// `&SET` synonym sets defined in verb files.
    pub synsets: usize,
    /// `+MEMBER` lines in synonym sets.
    pub synset_members: usize,
    /// `--- NAME [code] ---` verb blocks.
    pub verb_blocks: usize,
    /// Verb blocks whose header code is the null code `[---]`.
    pub verb_null_blocks: usize,
    /// Verb form lines (each becomes one bare pattern).
    pub verb_forms: usize,
    /// `-` pattern lines turned into patterns.
    pub verb_patterns: usize,
    /// Patterns (forms and pattern lines) with a paired code `[A:B]`.
    pub paired_codes: usize,
    /// `%` (compound actor) marks read (mapped to an actor slot).
    pub compound_marks: usize,
    /// `^` (skip) marks read (dropped: the matcher's gap allowance covers them).
    pub skip_marks: usize,
    /// `~` verb transformations read.
    pub transformations: usize,
    /// `~` lines that could not be read (skipped with a warning).
    pub transformations_skipped: usize,
    /// Sentence-level discard phrases.
    pub discards_sentence: usize,
    /// Story-level (`+`) discard phrases.
    pub discards_story: usize,
    /// Issue lines producing an entry.
    pub issue_entries: usize,
    /// Distinct issue codes.
    pub issue_codes: usize,
    /// `<ISSUE CATEGORY=…>` blocks.
    pub issue_categories: usize,
    /// `~`/`~~` issue exclusion phrases read and skipped (no model counterpart).
    pub issue_exclusions_skipped: usize,
    /// Entries skipped with a warning (all kinds).
    pub skipped: usize,
}

impl LoadReport {
    /// Add another report's counts to this one.
    pub fn merge(&mut self, o: &LoadReport) {
        self.files.extend(o.files.iter().cloned());
        self.actor_primaries += o.actor_primaries;
        self.actor_synonyms += o.actor_synonyms;
        self.actor_dated_codes += o.actor_dated_codes;
        self.actor_entries += o.actor_entries;
        self.agent_entries += o.agent_entries;
        self.agent_phrases += o.agent_phrases;
        self.agent_substitution_sets += o.agent_substitution_sets;
        self.synsets += o.synsets;
        self.synset_members += o.synset_members;
        self.verb_blocks += o.verb_blocks;
        self.verb_null_blocks += o.verb_null_blocks;
        self.verb_forms += o.verb_forms;
        self.verb_patterns += o.verb_patterns;
        self.paired_codes += o.paired_codes;
        self.compound_marks += o.compound_marks;
        self.skip_marks += o.skip_marks;
        self.transformations += o.transformations;
        self.transformations_skipped += o.transformations_skipped;
        self.discards_sentence += o.discards_sentence;
        self.discards_story += o.discards_story;
        self.issue_entries += o.issue_entries;
        self.issue_codes += o.issue_codes;
        self.issue_categories += o.issue_categories;
        self.issue_exclusions_skipped += o.issue_exclusions_skipped;
        self.skipped += o.skipped;
    }

    fn has(&self, k: Kind) -> bool {
        self.files.iter().any(|(_, f)| *f == k)
    }
}

impl fmt::Display for LoadReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} PETRARCH dictionary file(s)", self.files.len())?;
        if self.has(Kind::Actors) {
            writeln!(
                f,
                "  actors: {} entries ({} primary phrases, {} synonyms, {} dated codes)",
                self.actor_entries, self.actor_primaries, self.actor_synonyms, self.actor_dated_codes
            )?;
        }
        if self.has(Kind::Agents) {
            writeln!(
                f,
                "  agents: {} entries, {} phrases, {} substitution sets",
                self.agent_entries, self.agent_phrases, self.agent_substitution_sets
            )?;
        }
        if self.has(Kind::Verbs) {
            writeln!(
                f,
                "  verbs: {} synsets ({} members), {} blocks ({} null-coded), {} forms, {} patterns, \
                 {} paired codes, {} `%` and {} `^` marks, {} transformations ({} skipped)",
                self.synsets,
                self.synset_members,
                self.verb_blocks,
                self.verb_null_blocks,
                self.verb_forms,
                self.verb_patterns,
                self.paired_codes,
                self.compound_marks,
                self.skip_marks,
                self.transformations,
                self.transformations_skipped
            )?;
        }
        if self.has(Kind::Discards) {
            writeln!(f, "  discards: {} sentence-level, {} story-level", self.discards_sentence, self.discards_story)?;
        }
        if self.has(Kind::Issues) {
            writeln!(
                f,
                "  issues: {} entries, {} codes, {} categories, {} exclusions skipped",
                self.issue_entries, self.issue_codes, self.issue_categories, self.issue_exclusions_skipped
            )?;
        }
        write!(f, "  {} entries skipped with a warning", self.skipped)
    }
}

// ---------------------------------------------------------------- loading

/// Load a PETRARCH dictionary file or a directory of them (every file whose
/// name tells its kind, in file-name order). Content hashes (FNV-1a) of the
/// files go to [`Dictionaries::sources`]. Errors: the path (or a file in the
/// directory) cannot be read, or a single file's kind cannot be told from its
/// name or content ([`DictError::UnknownKind`]).
pub fn load_path(path: impl AsRef<Path>) -> Result<(Dictionaries, Vec<Warning>), DictError> {
    let (d, w, _) = load_path_report(path)?;
    Ok((d, w))
}

/// As [`load_path`], also returning the [`LoadReport`] counts.
pub fn load_path_report(path: impl AsRef<Path>) -> Result<(Dictionaries, Vec<Warning>, LoadReport), DictError> {
    let path = path.as_ref();
    let io = |e: std::io::Error| DictError::Io { path: path.display().to_string(), source: e };
    let meta = std::fs::metadata(path).map_err(io)?;
    let mut dicts = Dictionaries::default();
    let mut warnings = Vec::new();
    let mut report = LoadReport::default();
    if meta.is_dir() {
        let mut files = Vec::new();
        for ent in std::fs::read_dir(path).map_err(io)? {
            let ent = ent.map_err(io)?;
            if ent.file_type().map_err(io)?.is_file() {
                files.push(ent.path());
            }
        }
        files.sort();
        for f in files {
            let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            match kind_from_name(&name) {
                Some(kind) => load_file(&f, kind, &mut dicts, &mut warnings, &mut report)?,
                None => {
                    if name.to_ascii_lowercase().ends_with(".txt") {
                        // line 0: the whole file (see `Warning::line`)
                        warnings.push(Warning {
                            file: f.display().to_string(),
                            line: 0,
                            message: "name does not tell the dictionary kind (actors, agents, verbs, discards, \
                                      issues); skipped (give the file itself to detect by content)"
                                .into(),
                        });
                    }
                }
            }
        }
    } else {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let kind = match kind_from_name(&name) {
            Some(k) => k,
            None => {
                let bytes = std::fs::read(path).map_err(io)?;
                let text = decode_bytes(&bytes).text;
                let k = kind_from_content(&text)
                    .ok_or_else(|| DictError::UnknownKind { path: path.display().to_string() })?;
                // say what was guessed: a stray text file read as discards silently
                // suppresses every sentence that mentions one of its lines.
                // Line 0: the warning is about the whole file (see `Warning::line`).
                warnings.push(Warning {
                    file: path.display().to_string(),
                    line: 0,
                    message: format!(
                        "name does not tell the dictionary kind; read as {} from its content \
                         (put `{}` in the file name to say so)",
                        k.name(),
                        k.name()
                    ),
                });
                k
            }
        };
        load_file(path, kind, &mut dicts, &mut warnings, &mut report)?;
    }
    Ok((dicts, warnings, report))
}

/// How [`decode_bytes`] read a dictionary file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 (a leading byte-order mark dropped).
    Utf8,
    /// UTF-16 little-endian, told by its byte-order mark `FF FE`.
    Utf16Le,
    /// UTF-16 big-endian, told by its byte-order mark `FE FF`.
    Utf16Be,
    /// Not valid UTF-8 and no UTF-16 byte-order mark: each byte is one
    /// Latin-1 (ISO 8859-1) character.
    Latin1,
}

/// The text of a dictionary file and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedText {
    /// The decoded text (no byte-order mark).
    pub text: String,
    /// The encoding used.
    pub encoding: TextEncoding,
    /// UTF-16 only: 1-based lines where an unpaired surrogate (or a dangling
    /// final byte) was replaced with U+FFFD.
    pub bad_lines: Vec<usize>,
}

/// Decode a dictionary file's bytes with the rules `dyad code` uses for
/// documents (`dyad_coder::input`): a UTF-8 byte-order mark is dropped; a
/// UTF-16 LE or BE byte-order mark selects UTF-16 (unpaired surrogates and an
/// odd final byte become U+FFFD); otherwise UTF-8, and — unlike documents —
/// bytes that are not valid UTF-8 make the whole file Latin-1 (older
/// PETRARCH/TABARI dictionaries are Latin-1 files).
pub fn decode_bytes(bytes: &[u8]) -> DecodedText {
    let utf16 = |body: &[u8], le: bool, enc: TextEncoding| {
        let units = body.chunks_exact(2).map(|p| {
            if le {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        });
        let mut text = String::with_capacity(body.len() / 2 + 1);
        let mut bad_lines = Vec::new();
        let mut line = 1usize;
        let mut bad = |line: usize, text: &mut String| {
            if bad_lines.last() != Some(&line) {
                bad_lines.push(line);
            }
            text.push(char::REPLACEMENT_CHARACTER);
        };
        for c in char::decode_utf16(units) {
            match c {
                Ok(c) => {
                    if c == '\n' {
                        line += 1;
                    }
                    text.push(c);
                }
                Err(_) => bad(line, &mut text),
            }
        }
        if body.len() % 2 == 1 {
            bad(line, &mut text);
        }
        DecodedText { text, encoding: enc, bad_lines }
    };
    if let Some(body) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(body, true, TextEncoding::Utf16Le);
    }
    if let Some(body) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(body, false, TextEncoding::Utf16Be);
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => DecodedText { text: s.to_string(), encoding: TextEncoding::Utf8, bad_lines: Vec::new() },
        Err(_) => DecodedText {
            text: body.iter().map(|&b| b as char).collect(),
            encoding: TextEncoding::Latin1,
            bad_lines: Vec::new(),
        },
    }
}

/// Decode a file's bytes ([`decode_bytes`]), adding the warnings it calls
/// for: Latin-1 (line 0, as it concerns the whole file; the message names the
/// line of the first byte that is not UTF-8), invalid UTF-16 (per line).
fn decode_with_warnings(name: &str, bytes: &[u8], warnings: &mut Vec<Warning>) -> String {
    let d = decode_bytes(bytes);
    if d.encoding == TextEncoding::Latin1 {
        let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        let good = std::str::from_utf8(body).err().map_or(body.len(), |e| e.valid_up_to());
        let first = 1 + body[..good].iter().filter(|&&b| b == b'\n').count();
        warn(
            warnings,
            name,
            0,
            format!("not valid UTF-8; read as Latin-1 (the whole file; first invalid byte on line {first})"),
        );
    }
    for &l in &d.bad_lines {
        warn(warnings, name, l, "invalid UTF-16 replaced with U+FFFD");
    }
    d.text
}

fn load_file(
    path: &Path,
    kind: Kind,
    dicts: &mut Dictionaries,
    warnings: &mut Vec<Warning>,
    report: &mut LoadReport,
) -> Result<(), DictError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| DictError::Io { path: name.clone(), source: e })?;
    let text = decode_with_warnings(&name, &bytes, warnings);
    dicts.extend(read_text(kind, &name, &text, warnings, report));
    dicts.sources.push((name, Fnv::hex(&bytes)));
    Ok(())
}

/// Read one file's text as `kind`; `file` names it in origins and warnings.
/// The result has no `sources` entry (the caller adds the content hash).
pub fn read_text(
    kind: Kind,
    file: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
    report: &mut LoadReport,
) -> Dictionaries {
    let mut d = Dictionaries::default();
    report.files.push((file.to_string(), kind));
    match kind {
        Kind::Actors => d.actors = read_actors(file, text, warnings, report),
        Kind::Agents => d.agents = read_agents(file, text, warnings, report),
        Kind::Verbs => {
            d.patterns = read_verbs(file, text, warnings, report);
            d.transformations = read_transformations(file, text, warnings, report);
        }
        Kind::Discards => d.discards = read_discards(file, text, warnings, report),
        Kind::Issues => d.issues = read_issues(file, text, warnings, report),
    }
    d
}

// ---------------------------------------------------------------- lines

fn warn(w: &mut Vec<Warning>, file: &str, line: usize, msg: impl Into<String>) {
    w.push(Warning { file: file.to_string(), line, message: msg.into() });
}

/// Strip comments (`#`, `;`, `<!-- … -->`, also multi-line) and blank lines,
/// returning (1-based line number, trimmed content).
fn clean_lines<'a>(file: &str, text: &'a str, warnings: &mut Vec<Warning>) -> Vec<(usize, &'a str)> {
    let mut out = Vec::new();
    let mut in_comment: Option<usize> = None;
    for (i, raw) in text.lines().enumerate() {
        let ln = i + 1;
        let mut line = raw;
        if in_comment.is_some() {
            match line.find("-->") {
                Some(p) => {
                    in_comment = None;
                    line = &line[p + 3..];
                }
                None => continue,
            }
        }
        // A `<!` line, or a `<!--` inside the line.
        let t = line.trim_start();
        if t.starts_with("<!") {
            match t.find("-->") {
                Some(p) => line = &t[p + 3..],
                None => {
                    in_comment = Some(ln);
                    continue;
                }
            }
        } else if let Some(p) = line.find("<!--") {
            match line[p..].find("-->") {
                // Text after a closed inline comment is dropped (PETRARCH keeps
                // it, but no dictionary puts content there).
                Some(_) => line = &line[..p],
                None => {
                    in_comment = Some(ln);
                    line = &line[..p];
                }
            }
        }
        if let Some(p) = line.find('#') {
            line = &line[..p];
        }
        if let Some(p) = line.find(';') {
            line = &line[..p];
        }
        let line = line.trim();
        if !line.is_empty() {
            out.push((ln, line));
        }
    }
    if let Some(ln) = in_comment {
        warn(warnings, file, ln, "`<!--` comment never closed with `-->`; the rest of the file was ignored");
    }
    out
}

/// Tokens of a PETRARCH phrase: words joined by `_` or blanks, trailing `_`
/// dropped, each word tokenised like text.
fn phrase(s: &str) -> Vec<String> {
    s.split(|c: char| c == '_' || c.is_whitespace()).filter(|w| !w.is_empty()).flat_map(phrase_tokens).collect()
}

/// The `[...]` groups of a line and the text before the first one. `}` is
/// accepted as a closing bracket (with `repaired` set) since one real
/// dictionary line has `[~ENV}`.
fn split_brackets(line: &str) -> (&str, Vec<&str>, bool) {
    let Some(first) = line.find('[') else {
        return (line, Vec::new(), false);
    };
    let mut groups = Vec::new();
    let mut repaired = false;
    let mut rest = &line[first..];
    while let Some(s) = rest.find('[') {
        let after = &rest[s + 1..];
        match after.find(']') {
            Some(e) => {
                groups.push(&after[..e]);
                rest = &after[e + 1..];
            }
            None => {
                let e = after.find('}').unwrap_or(after.len());
                repaired = true;
                groups.push(&after[..e]);
                break;
            }
        }
    }
    (&line[..first], groups, repaired)
}

// ---------------------------------------------------------------- dates

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.rem_euclid(4) == 0 && y.rem_euclid(100) != 0) || y.rem_euclid(400) == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parse a PETRARCH date, `YYMMDD` or `YYYYMMDD`, into `YYYYMMDD`.
/// Two-digit years `00`–`30` are 20YY and `31`–`99` are 19YY (PETRARCH's
/// rule, inherited from KEDS and TABARI). `None` when malformed or not a real
/// day.
pub fn parse_date(s: &str) -> Option<u32> {
    let s = s.trim();
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |a: usize, b: usize| s[a..b].parse::<u32>().ok();
    let (y, m, d) = match s.len() {
        6 => {
            let yy = n(0, 2)?;
            (if yy <= 30 { 2000 + yy } else { 1900 + yy }, n(2, 4)?, n(4, 6)?)
        }
        8 => (n(0, 4)?, n(4, 6)?, n(6, 8)?),
        _ => return None,
    };
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(y * 10000 + m * 100 + d)
}

// ---------------------------------------------------------------- actors

fn actor_code(code: &str) -> Result<(String, bool), String> {
    let upper = code.to_ascii_uppercase();
    let ok = upper == "---"
        || upper.split('/').all(|p| !p.is_empty() && p.len() <= 24 && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if ok {
        Ok((upper.clone(), upper != code))
    } else {
        Err(format!("bad actor code `{code}`"))
    }
}

/// Parse the inside of an actor code bracket: `CODE`, `CODE <date`,
/// `CODE >date`, `CODE date-date` (blanks allowed around `<`, `>`, `-`), or
/// `CODE date` (read as "from date", with a note).
fn actor_bracket(inner: &str) -> Result<(DatedCode, Option<String>), String> {
    let mut it = inner.split_whitespace();
    let code = it.next().ok_or_else(|| "empty code `[]`".to_string())?;
    let (code, lowered) = actor_code(code)?;
    let mut note = lowered.then(|| format!("lower-case actor code upper-cased to `{code}`"));
    let restr: String = it.collect();
    let bad = || format!("bad date restriction `{}` (want <DATE, >DATE or DATE-DATE)", inner.trim());
    let (from, to) = if restr.is_empty() {
        (None, None)
    } else if let Some(d) = restr.strip_prefix('<') {
        (None, Some(parse_date(d).ok_or_else(bad)?))
    } else if let Some(d) = restr.strip_prefix('>') {
        (Some(parse_date(d).ok_or_else(bad)?), None)
    } else if let Some((a, b)) = restr.split_once('-') {
        let (a, b) = (parse_date(a).ok_or_else(bad)?, parse_date(b).ok_or_else(bad)?);
        if a > b {
            return Err(format!("date range `{}` ends before it starts", inner.trim()));
        }
        (Some(a), Some(b))
    } else {
        let d = parse_date(&restr).ok_or_else(bad)?;
        note = Some(format!("bare date `{restr}` read as `>{restr}` (from that day)"));
        (Some(d), None)
    };
    Ok((DatedCode { code, from, to }, note))
}

struct PendingActor {
    phrases: Vec<Vec<String>>,
    dated: Vec<DatedCode>,
    defaults: Vec<DatedCode>,
    bad_codes: bool,
    line: usize,
}

/// Read a PETRARCH/TABARI actor dictionary.
///
/// An entry is a primary phrase line (`NAME_WITH_UNDERSCORES [CODE]`, the
/// code optional), any `+SYNONYM` lines, and any code lines (`[CODE]`,
/// `[CODE yymmdd-yymmdd]`, `[CODE >yymmdd]`, `[CODE <yymmdd]`, usually
/// indented). Date-restricted codes keep file order (the first whose range
/// holds the story date wins, as in PETRARCH); undated codes become the
/// default and are placed last. An entry with dated codes and no default gets
/// the null actor `---` as default (PETRARCH: "equivalent to a null code").
/// Entries without any usable code are skipped with a warning.
pub fn read_actors(file: &str, text: &str, warnings: &mut Vec<Warning>, report: &mut LoadReport) -> Vec<ActorEntry> {
    let fname: Arc<str> = Arc::from(file);
    let mut out = Vec::new();
    let mut cur: Option<PendingActor> = None;
    let flush = |cur: Option<PendingActor>, out: &mut Vec<ActorEntry>, w: &mut Vec<Warning>, r: &mut LoadReport| {
        let Some(mut p) = cur else { return };
        if p.dated.is_empty() && p.defaults.is_empty() {
            if !p.bad_codes {
                warn(w, file, p.line, "actor entry has no code (a synonym missing its `+`?); skipped");
            }
            r.skipped += 1;
            return;
        }
        if p.defaults.is_empty() {
            p.defaults.push(DatedCode { code: "---".into(), from: None, to: None });
        }
        r.actor_dated_codes += p.dated.len();
        let mut codes = p.dated;
        codes.extend(p.defaults);
        r.actor_entries += 1;
        out.push(ActorEntry { phrases: p.phrases, codes, origin: Origin { file: fname.clone(), line: p.line as u32 } });
    };
    for (ln, line) in clean_lines(file, text, warnings) {
        let (head, groups, repaired) = split_brackets(line);
        if repaired {
            warn(warnings, file, ln, "code bracket closed with `}` or not at all; read up to it");
        }
        let head = head.trim();
        if !head.is_empty() {
            if let Some(syn) = head.strip_prefix('+') {
                report.actor_synonyms += 1;
                let Some(p) = cur.as_mut() else {
                    warn(warnings, file, ln, "synonym `+` line before any actor; skipped");
                    report.skipped += 1;
                    continue;
                };
                let toks = phrase(syn);
                if toks.is_empty() {
                    warn(warnings, file, ln, "empty synonym; skipped");
                } else {
                    p.phrases.push(toks);
                }
            } else {
                report.actor_primaries += 1;
                flush(cur.take(), &mut out, warnings, report);
                let toks = phrase(head);
                if toks.is_empty() {
                    warn(warnings, file, ln, "empty actor phrase; skipped");
                    report.skipped += 1;
                    continue;
                }
                cur = Some(PendingActor {
                    phrases: vec![toks],
                    dated: Vec::new(),
                    defaults: Vec::new(),
                    bad_codes: false,
                    line: ln,
                });
            }
        }
        if groups.is_empty() {
            continue;
        }
        let Some(p) = cur.as_mut() else {
            warn(warnings, file, ln, "code line before any actor; skipped");
            report.skipped += 1;
            continue;
        };
        for g in groups {
            match actor_bracket(g) {
                Ok((dc, note)) => {
                    if let Some(n) = note {
                        warn(warnings, file, ln, n);
                    }
                    if dc.is_default() {
                        p.defaults.push(dc);
                    } else {
                        p.dated.push(dc);
                    }
                }
                Err(e) => {
                    warn(warnings, file, ln, format!("{e}; code skipped"));
                    p.bad_codes = true;
                }
            }
        }
    }
    flush(cur.take(), &mut out, warnings, report);
    out
}

// ---------------------------------------------------------------- agents

fn agent_code(inner: &str) -> Result<(String, bool), String> {
    let c: String = inner.split_whitespace().collect();
    let (code, prefix) = if let Some(x) = c.strip_prefix('~') {
        (x, false)
    } else if let Some(x) = c.strip_suffix('~') {
        (x, true)
    } else {
        return Err(format!("agent code `{c}` has no `~` (want [~CODE] or [CODE~])"));
    };
    if code.is_empty() || code.len() > 15 || !code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
        return Err(format!("bad agent code `{c}`"));
    }
    Ok((code.to_string(), prefix))
}

/// Read a PETRARCH agent dictionary.
///
/// Lines are `PHRASE {PLURAL} [~CODE]` (code after the actor's, e.g.
/// `RUSGOV`) or `[CODE~]` (before it; [`AgentEntry::prefix`]). Without
/// `{…}` the regular plural of the last word is added
/// ([`crate::native::plural`]); `{}` adds none; `{FORM}` adds that form.
/// `!X! = A, B, …` defines a substitution set: a phrase containing `!X!`
/// yields one phrase per member, with no plurals added.
pub fn read_agents(file: &str, text: &str, warnings: &mut Vec<Warning>, report: &mut LoadReport) -> Vec<AgentEntry> {
    let fname: Arc<str> = Arc::from(file);
    let mut subs: HashMap<String, Vec<String>> = HashMap::new();
    let mut out = Vec::new();
    for (ln, line) in clean_lines(file, text, warnings) {
        if line.starts_with('!') && line.contains('=') && !line.contains('[') {
            let (lhs, rhs) = line.split_once('=').unwrap_or_default();
            let name = lhs.trim().trim_matches('!').trim().to_ascii_uppercase();
            if name.is_empty() || lhs.trim().matches('!').count() != 2 {
                warn(warnings, file, ln, "bad substitution set (want `!NAME! = A, B, ...`); skipped");
                report.skipped += 1;
                continue;
            }
            let items: Vec<String> = rhs.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
            subs.insert(name, items);
            report.agent_substitution_sets += 1;
            continue;
        }
        let (head, groups, repaired) = split_brackets(line);
        if groups.is_empty() {
            warn(warnings, file, ln, "agent line has no [code]; skipped");
            report.skipped += 1;
            continue;
        }
        if repaired {
            warn(warnings, file, ln, "code bracket closed with `}` or not at all; read up to it");
        }
        let (code, prefix) = match agent_code(groups[0]) {
            Ok(c) => c,
            Err(e) => {
                warn(warnings, file, ln, format!("{e}; skipped"));
                report.skipped += 1;
                continue;
            }
        };
        let head = head.trim();
        let (base, plural_spec) = match head.find('{') {
            Some(b) => match head[b..].find('}') {
                Some(e) => (head[..b].trim(), Some(head[b + 1..b + e].trim())),
                None => {
                    warn(warnings, file, ln, "missing `}`; skipped");
                    report.skipped += 1;
                    continue;
                }
            },
            None => (head, None),
        };
        let mut forms: Vec<String> = Vec::new();
        if let Some(a) = base.find('!') {
            let Some(b) = base[a + 1..].find('!').map(|b| a + 1 + b) else {
                warn(warnings, file, ln, "substitution marker not closed with `!`; skipped");
                report.skipped += 1;
                continue;
            };
            let name = base[a + 1..b].to_ascii_uppercase();
            let Some(items) = subs.get(&name) else {
                warn(warnings, file, ln, format!("substitution set `!{name}!` is not defined; skipped"));
                report.skipped += 1;
                continue;
            };
            for it in items {
                forms.push(format!("{}{}{}", &base[..a], it, &base[b + 1..]));
            }
        } else {
            forms.push(base.to_string());
            match plural_spec {
                Some("") => {}
                Some(p) => forms.push(p.to_string()),
                None => {}
            }
        }
        let regular_plural = plural_spec.is_none() && !base.contains('!');
        let mut phrases: Vec<Vec<String>> = Vec::new();
        let mut seen_phrases: HashSet<Vec<String>> = HashSet::new();
        for f in &forms {
            let toks = phrase(f);
            let Some(last) = toks.last() else { continue };
            let pl = (regular_plural && last.chars().all(|c| c.is_alphabetic())).then(|| {
                let mut pl = toks.clone();
                *pl.last_mut().expect("non-empty") = plural(last);
                pl
            });
            for p in std::iter::once(toks).chain(pl) {
                if seen_phrases.insert(p.clone()) {
                    phrases.push(p);
                }
            }
        }
        if phrases.is_empty() {
            warn(warnings, file, ln, "agent line has no phrase; skipped");
            report.skipped += 1;
            continue;
        }
        report.agent_entries += 1;
        report.agent_phrases += phrases.len();
        out.push(AgentEntry { phrases, code, prefix, origin: Origin { file: fname.clone(), line: ln as u32 } });
    }
    out
}

// ---------------------------------------------------------------- verbs

fn event_code(s: &str) -> Result<Code, String> {
    let s = s.trim();
    if s == "---" {
        return Ok(None);
    }
    let digits = s.bytes().take_while(|b| b.is_ascii_digit()).count();
    let rest = &s[digits..];
    if (2..=4).contains(&digits) && rest.len() <= 2 && rest.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(Some(s.to_string()))
    } else {
        Err(format!("bad event code `{s}`"))
    }
}

/// Parse a bracketed event code: `042`, `---`, `042:043`, `:173`.
fn event_codes(inner: &str) -> Result<(Code, Code, bool), String> {
    let inner = inner.trim();
    match inner.split_once(':') {
        None => Ok((event_code(inner)?, None, false)),
        Some((a, b)) => {
            if a.trim().is_empty() && b.trim().is_empty() {
                return Err(format!("bad event code `{inner}`"));
            }
            let c1 = if a.trim().is_empty() { None } else { event_code(a)? };
            let c2 = if b.trim().is_empty() { None } else { event_code(b)? };
            Ok((c1, c2, true))
        }
    }
}

#[derive(Default)]
struct Synset {
    members: Vec<String>,
    no_plural: bool,
}

struct Form {
    pre: Vec<String>,
    alts: Vec<String>,
    post: Vec<String>,
    code: Code,
    rev: Code,
    paired: bool,
    text: String,
    line: usize,
}

struct Block {
    code: Code,
    rev: Code,
    paired: bool,
    forms: Vec<Form>,
    patterns: Vec<(usize, String)>,
}

/// Append `s` to `v` unless `seen` (the set of `v`'s items) has it: linear in
/// the list's length overall (issue 15: a linear `contains` made a `{…}` list
/// of 40k verb forms take 4 s, 125k forms 110 s).
fn push_unique(v: &mut Vec<String>, seen: &mut HashSet<String>, s: String) {
    if !seen.contains(&s) {
        seen.insert(s.clone());
        v.push(s);
    }
}

fn words_lower(s: &str) -> Vec<String> {
    s.split(|c: char| c == '_' || c.is_whitespace()).filter(|w| !w.is_empty()).flat_map(phrase_tokens).collect()
}

/// Parse a multi-word verb `+ASK_FOR`, `RE_+ARREST`: (front words, verb
/// word, back words). Single words have no `_`; a leading `+` is dropped.
fn split_verb(s: &str) -> Result<(Vec<String>, String, Vec<String>), String> {
    let s = s.trim();
    if !s.contains('_') {
        let w = s.trim_start_matches('+').to_lowercase();
        if w.is_empty() {
            return Err("empty verb form".into());
        }
        return Ok((Vec::new(), w, Vec::new()));
    }
    let parts: Vec<&str> = s.split('_').filter(|p| !p.is_empty()).collect();
    let Some(v) = parts.iter().position(|p| p.starts_with('+')) else {
        return Err(format!("multi-word verb `{s}` has no `+` marking the verb word"));
    };
    let verb = parts[v].trim_start_matches('+').to_lowercase();
    if verb.is_empty() {
        return Err(format!("multi-word verb `{s}` has an empty verb word"));
    }
    let lw = |ps: &[&str]| ps.iter().flat_map(|p| phrase_tokens(p)).collect::<Vec<_>>();
    Ok((lw(&parts[..v]), verb, lw(&parts[v + 1..])))
}

/// Balance problems of a pattern body's `(…)` and `{…}` groups, as warning
/// texts: a closer with no opener of its kind before it ("stray `)`
/// ignored"), an opener never closed ("unbalanced `(` in pattern; read as if
/// closed at the end of the line"). Each kind of problem is reported once per
/// line. Groups only group words and are dropped when the pattern is read, so
/// the pattern loads the same either way; the kinds are counted separately
/// (`({)}` passes).
fn group_balance(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (open, close) in [('(', ')'), ('{', '}')] {
        let mut depth = 0usize;
        let mut stray = false;
        for c in body.chars() {
            if c == open {
                depth += 1;
            } else if c == close {
                match depth.checked_sub(1) {
                    Some(d) => depth = d,
                    None => stray = true,
                }
            }
        }
        if stray {
            out.push(format!("stray `{close}` ignored"));
        }
        if depth > 0 {
            out.push(format!("unbalanced `{open}` in pattern; read as if closed at the end of the line"));
        }
    }
    out
}

struct VerbReader<'a> {
    /// A PETRARCH-1/TABARI-era file (`Pattern::wide`).
    petrarch1: bool,
    file: &'a str,
    fname: Arc<str>,
    synsets: HashMap<String, Synset>,
    /// Resolved synonym sets: alternatives and nesting height (successes only).
    resolved: HashMap<String, (Vec<String>, usize)>,
    out: Vec<Pattern>,
}

/// Deepest nesting of synonym sets (`&A` containing `+&B` containing …)
/// that a pattern may use: the set a pattern names is level 0, and a set
/// reached at a level above this is refused.
const MAX_SYNSET_DEPTH: usize = 8;

/// Why a synonym set could not be resolved (set names are keys: upper case,
/// no `&`, no trailing `_`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum SynsetError {
    /// This set is not defined.
    Undefined(String),
    /// A set contains itself; the sets of the loop, the first repeated last.
    Cycle(Vec<String>),
    /// The sets nest deeper than [`MAX_SYNSET_DEPTH`].
    TooDeep,
}

impl SynsetError {
    /// The warning text for a pattern token `written` (`&NAME` as in the file).
    fn message(&self, written: &str) -> String {
        let top = written.trim_start_matches('&').trim_end_matches('_').to_ascii_uppercase();
        match self {
            SynsetError::Undefined(k) if *k == top => format!("synonym set `{written}` is not defined"),
            SynsetError::Undefined(k) => format!("synonym set `{written}` uses `&{k}`, which is not defined"),
            SynsetError::Cycle(c) => {
                let path = c.iter().map(|k| format!("&{k}")).collect::<Vec<_>>().join(" → ");
                if c[0] == top {
                    format!("synonym set `{written}` refers to itself (cycle: {path})")
                } else {
                    format!("synonym set `{written}` uses `&{}`, which refers to itself (cycle: {path})", c[0])
                }
            }
            SynsetError::TooDeep => format!("synonym set `{written}` nests deeper than {MAX_SYNSET_DEPTH} levels"),
        }
    }
}

impl VerbReader<'_> {
    /// The alternatives of synonym set `name` (`&NAME`, trailing `_`
    /// optional), nested sets expanded.
    fn synset(&mut self, name: &str) -> Result<Vec<String>, SynsetError> {
        self.synset_at(name, &mut Vec::new()).map(|(alts, _)| alts)
    }

    /// [`Self::synset`] for a set reached through the sets in `path` (its
    /// level is `path.len()`); also returns how many levels of sets nest below
    /// it. Only successes are memoised, with that height, so the depth limit
    /// does not depend on the order in which sets are first used.
    fn synset_at(&mut self, name: &str, path: &mut Vec<String>) -> Result<(Vec<String>, usize), SynsetError> {
        let key = name.trim_start_matches('&').trim_end_matches('_').to_ascii_uppercase();
        let depth = path.len();
        if let Some((v, height)) = self.resolved.get(&key) {
            if depth + height > MAX_SYNSET_DEPTH {
                return Err(SynsetError::TooDeep);
            }
            return Ok((v.clone(), *height));
        }
        if let Some(at) = path.iter().position(|k| *k == key) {
            let mut cycle = path[at..].to_vec();
            cycle.push(key);
            return Err(SynsetError::Cycle(cycle));
        }
        if depth > MAX_SYNSET_DEPTH {
            return Err(SynsetError::TooDeep);
        }
        let (members, no_plural) = match self.synsets.get(&key) {
            Some(s) => (s.members.clone(), s.no_plural),
            None => return Err(SynsetError::Undefined(key)),
        };
        path.push(key.clone());
        let alts = self.expand_members(&members, no_plural, path);
        path.pop();
        let (alts, height) = alts?;
        self.resolved.insert(key, (alts.clone(), height));
        Ok((alts, height))
    }

    /// The alternatives of one set's members (see [`Self::synset_at`]) and
    /// the nesting height below the set.
    fn expand_members(
        &mut self,
        members: &[String],
        no_plural: bool,
        path: &mut Vec<String>,
    ) -> Result<(Vec<String>, usize), SynsetError> {
        let mut alts = Vec::new();
        let mut seen = HashSet::new();
        let mut height = 0;
        for m in members {
            if m.starts_with('&') {
                let (sub, h) = self.synset_at(m, path)?;
                height = height.max(h + 1);
                for a in sub {
                    push_unique(&mut alts, &mut seen, a);
                }
                continue;
            }
            // A multi-word member ("DID N'T", "GOLDEN GOBLIN GALLEONS") is one
            // alternative: its words joined by a blank, matched as consecutive
            // tokens; the plural goes on its last word.
            let mut words = words_lower(m);
            let Some(head) = words.pop() else {
                continue;
            };
            let plural_ok = !no_plural && !m.ends_with('_') && head.chars().all(|c| c.is_alphabetic());
            let join =
                |last: &str| if words.is_empty() { last.to_string() } else { format!("{} {last}", words.join(" ")) };
            if plural_ok {
                let p = plural(&head);
                push_unique(&mut alts, &mut seen, join(&head));
                push_unique(&mut alts, &mut seen, join(&p));
            } else {
                push_unique(&mut alts, &mut seen, join(&head));
            }
        }
        Ok((alts, height))
    }

    /// Turn pattern-line tokens into elements; returns (pre, post) or an error.
    fn elements(&mut self, body: &str, report: &mut LoadReport) -> Result<(Vec<Elem>, Vec<Elem>), String> {
        if body.contains('|') {
            return Err("disjunctive `|` sets are not PETRARCH syntax (use a synset)".into());
        }
        // `_` joins words (PETRARCH-1); `*` may touch a word (`*SCEPTICAL`,
        // `IN_*`); `**` is the older spelling of `*`.
        // `_` is kept as its own token: the words it joins must be adjacent.
        let spaced = body.replace('_', " _ ").replace("**", "*").replace('*', " * ");
        let mut pre = Vec::new();
        let mut post = Vec::new();
        let mut seen_star = false;
        let mut compound_subject = false;
        for raw in spaced.split_whitespace() {
            let tok = raw.trim_matches(|c| matches!(c, '(' | ')' | '{' | '}'));
            if tok.is_empty() {
                continue;
            }
            let target = if seen_star { &mut post } else { &mut pre };
            match tok {
                "*" => {
                    if seen_star {
                        return Err("pattern has more than one `*`".into());
                    }
                    seen_star = true;
                }
                "$" => target.push(Elem::Source),
                "+" => target.push(Elem::Target),
                "%" => {
                    report.compound_marks += 1;
                    // before the verb: kept as a Source element, which the matcher
                    // reads as "the subject is a compound" (`$` is dropped below)
                    target.push(if seen_star { Elem::Target } else { Elem::Source });
                    if !seen_star {
                        compound_subject = true;
                    }
                }
                "^" => {
                    report.skip_marks += 1;
                    // after the verb: skip one noun phrase; before it the matcher's
                    // gap allowance already passes over words
                    if seen_star {
                        post.push(Elem::Skip);
                    }
                }
                "_" => {
                    if !matches!(target.last(), Some(Elem::Adjacent)) {
                        target.push(Elem::Adjacent);
                    }
                }
                t if t.starts_with('&') => {
                    let alts = self.synset(t).map_err(|e| e.message(t))?;
                    if alts.is_empty() {
                        return Err(format!("synonym set `{t}` is empty"));
                    }
                    let target = if seen_star { &mut post } else { &mut pre };
                    target.push(Elem::Word { alts, pos: PosReq::Any });
                }
                t => {
                    for (k, w) in phrase_tokens(t).into_iter().enumerate() {
                        if k > 0 {
                            target.push(Elem::Adjacent);
                        }
                        target.push(Elem::Word { alts: vec![w], pos: PosReq::Any });
                    }
                }
            }
        }
        if !seen_star {
            return Err("pattern has no `*` (the verb)".into());
        }
        // `$` before the verb is the subject, dyad's default source: dropped.
        // `%` before the verb is kept as one leading Source element: the
        // subject must be a compound, coded pairwise among its members.
        pre.retain(|e| !matches!(e, Elem::Source));
        // a `_` binds two words, or a word and the verb; elsewhere it binds nothing
        fn keep_binding(v: &mut Vec<Elem>, verb_after: bool) {
            let n = v.len();
            let is_word = |e: Option<&Elem>| matches!(e, Some(Elem::Word { .. }));
            let keep: Vec<bool> = (0..n)
                .map(|k| {
                    if !matches!(v[k], Elem::Adjacent) {
                        return true;
                    }
                    let before = if k == 0 { !verb_after } else { is_word(v.get(k - 1)) };
                    let after = if k + 1 == n { verb_after } else { is_word(v.get(k + 1)) };
                    before && after
                })
                .collect();
            let mut it = keep.into_iter();
            v.retain(|_| it.next().unwrap_or(true));
        }
        keep_binding(&mut pre, true);
        keep_binding(&mut post, false);
        if compound_subject {
            pre.insert(0, Elem::Source);
        }
        Ok((pre, post))
    }

    fn flush(&mut self, block: Option<Block>, warnings: &mut Vec<Warning>, report: &mut LoadReport) {
        let Some(b) = block else { return };
        let mut anchor: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        for f in &b.forms {
            for a in &f.alts {
                push_unique(&mut anchor, &mut seen, a.clone());
            }
        }
        for f in b.forms {
            report.paired_codes += usize::from(f.paired);
            self.out.push(Pattern {
                // a multi-word verb's words are consecutive (`+BREAK_DOWN`)
                pre: f
                    .pre
                    .into_iter()
                    .flat_map(|w| [Elem::Word { alts: vec![w], pos: PosReq::Any }, Elem::Adjacent])
                    .collect(),
                anchor: f.alts,
                anchor_pos: PosReq::Verb,
                post: f
                    .post
                    .into_iter()
                    .flat_map(|w| [Elem::Adjacent, Elem::Word { alts: vec![w], pos: PosReq::Any }])
                    .collect(),
                code: f.code,
                rev_code: f.rev,
                // PETRARCH-1/TABARI files: words may lie far apart unless `_` joins them
                wide: self.petrarch1,
                text: f.text,
                origin: Origin { file: self.fname.clone(), line: f.line as u32 },
            });
        }
        for (ln, line) in b.patterns {
            if anchor.is_empty() {
                warn(warnings, self.file, ln, "pattern in a block without verb forms; skipped");
                report.skipped += 1;
                continue;
            }
            let body = line[1..].trim();
            let (body, groups, _) = split_brackets(body);
            let Some(codes) = groups.last() else {
                warn(warnings, self.file, ln, "pattern has no [code]; skipped");
                report.skipped += 1;
                continue;
            };
            let (code, rev, paired) = match event_codes(codes) {
                Ok(c) => c,
                Err(e) => {
                    warn(warnings, self.file, ln, format!("{e}; pattern skipped"));
                    report.skipped += 1;
                    continue;
                }
            };
            let (pre, post) = match self.elements(body, report) {
                Ok(x) => x,
                Err(e) => {
                    warn(warnings, self.file, ln, format!("{e}; pattern skipped"));
                    report.skipped += 1;
                    continue;
                }
            };
            for msg in group_balance(body) {
                warn(warnings, self.file, ln, msg);
            }
            report.verb_patterns += 1;
            report.paired_codes += usize::from(paired);
            self.out.push(Pattern {
                pre,
                anchor: anchor.clone(),
                anchor_pos: PosReq::Verb,
                post,
                code,
                rev_code: rev,
                // PETRARCH-1/TABARI files: words may lie far apart unless `_` joins them
                wide: self.petrarch1,
                text: line,
                origin: Origin { file: self.fname.clone(), line: ln as u32 },
            });
        }
    }
}

/// Read the `~ a (X Y VERB) OUTER = a b CODE` transformation lines of a verb
/// dictionary. X and Y are `a` (the outer subject), `b` (the new event's
/// target), `.` (anyone) or `_` (an infinitive's unstated subject: the outer
/// subject); VERB and CODE may be `Q` (any verb; keep the inner code). A line
/// not in that shape is skipped with a warning naming `file:line`.
pub fn read_transformations(
    file: &str,
    text: &str,
    warnings: &mut Vec<Warning>,
    report: &mut LoadReport,
) -> Vec<Transformation> {
    let fname: Arc<str> = Arc::from(file);
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        let Some(body) = line.strip_prefix('~') else { continue };
        match parse_transformation(body) {
            Some((outer, inner_source, inner_target, inner_verb, code)) => {
                report.transformations += 1;
                if let Some(c) = code.as_deref().filter(|c| !dyad_core::cameo::is_cameo_code(c)) {
                    warn(
                        warnings,
                        file,
                        i + 1,
                        format!("transformation code `{c}` is outside CAMEO; loaded as written"),
                    );
                }
                out.push(Transformation {
                    outer,
                    inner_source,
                    inner_target,
                    inner_verb,
                    code,
                    text: line.to_string(),
                    origin: Origin { file: fname.clone(), line: i as u32 + 1 },
                });
            }
            None => {
                report.transformations_skipped += 1;
                warn(
                    warnings,
                    file,
                    i + 1,
                    "transformation not in the form `~ a (X Y VERB) OUTER = a b CODE`; skipped",
                );
            }
        }
    }
    out
}

type ParsedTransformation = (String, Role, Role, Option<String>, Option<String>);

fn parse_transformation(body: &str) -> Option<ParsedTransformation> {
    let (lhs, rhs) = body.split_once('=')?;
    let open = lhs.find('(')?;
    let close = lhs.find(')')?;
    if lhs[..open].trim() != "a" || close < open {
        return None;
    }
    let inner: Vec<&str> = lhs[open + 1..close].split_whitespace().collect();
    let outer = lhs[close + 1..].trim();
    if inner.len() != 3 || outer.is_empty() || outer.contains(char::is_whitespace) {
        return None;
    }
    let role = |r: &str| match r {
        "a" | "_" => Some(Role::Outer),
        "b" => Some(Role::Other),
        "." => Some(Role::Any),
        _ => None,
    };
    let (src, tgt) = (role(inner[0])?, role(inner[1])?);
    // exactly one inner actor is the new target
    if (src == Role::Other) == (tgt == Role::Other) {
        return None;
    }
    let rhs: Vec<&str> = rhs.split_whitespace().collect();
    if rhs.len() != 3 || rhs[0] != "a" || rhs[1] != "b" {
        return None;
    }
    let word = |w: &str| if w == "Q" { None } else { Some(w.to_lowercase()) };
    // the code as written (CAMEO codes are digits; PETRARCH allows others, which
    // the caller warns about like pattern codes)
    let code = if rhs[2] == "Q" { None } else { Some(rhs[2].to_string()) };
    if code.as_deref().is_some_and(|c| !c.bytes().all(|b| b.is_ascii_alphanumeric())) {
        return None;
    }
    Some((outer.to_lowercase(), src, tgt, word(inner[2]), code))
}

/// Read a PETRARCH-2 (CAMEO.2.0.txt) or PETRARCH-1 verb dictionary.
///
/// - `&LABEL` + `+MEMBER` lines: a synonym set; members get regular plurals
///   unless the label or member ends with `_`; a member may name another set
///   (`+&OTHER`). A multi-word member is one alternative, its words joined by
///   a blank (matched as consecutive tokens).
///   Sets may be referenced with or without the label's trailing `_`. A
///   pattern using a set that is undefined, contains itself (directly or
///   through others) or nests deeper than 8 levels is skipped with a warning.
/// - `--- NAME [code] ---` starts a block; its code (`[---]`: the null code)
///   applies to each verb form without its own `[code]`.
/// - A verb form line (`VISIT`, `SAY {SAID SAYING}`, `+ASK_FOR {+ASKED_FOR}
///   [020]`, `RE_+ARREST`) becomes one bare [`Pattern`]: anchor = the verb word
///   (lower case; dyad matches lemmas, so regular forms need no listing) plus
///   its `{irregular}` forms as alternatives; the words before/after the `+`
///   verb word of a multi-word verb become `pre`/`post` words.
/// - A pattern line `- PRE * POST [code]` becomes one [`Pattern`] whose anchor
///   is every verb word of the block (PETRARCH applies a block's patterns to
///   all its verbs); words keep their order, `(…)` and `{…}` only group words
///   and are dropped (an unclosed group reads as closed at the end of the
///   line, a stray closer is ignored; both with a warning); `_` joins words
///   (PETRARCH-1) and is read as a blank.
///   `+` → [`Elem::Target`]; `$` → [`Elem::Source`] after the verb, dropped
///   before it (the subject is dyad's default source); `%` (compound actor)
///   → the actor slot at that place: before the verb one leading
///   [`Elem::Source`] (the subject must be a compound, coded pairwise among
///   its members), a target after it; `^` (skip a noun phrase) → dropped, the matcher's gap
///   allowance passes over it; `&SET` → one word with the set's alternatives.
///   Every anchor is [`PosReq::Verb`]: PETRARCH only anchors on verbs.
/// - `~ …` transformation lines are read by [`read_transformations`].
/// - Pattern text keeps the line as written; origin is `file:line`.
pub fn read_verbs(file: &str, text: &str, warnings: &mut Vec<Warning>, report: &mut LoadReport) -> Vec<Pattern> {
    let mut r = VerbReader {
        file,
        fname: Arc::from(file),
        // PETRARCH-1/TABARI-era files have XML-style `<!-- -->` comment lines
        // (as the validation suite's); PETRARCH-2's CAMEO.2.0 has none
        petrarch1: text.lines().any(|l| l.trim_start().starts_with("<!--")),
        synsets: HashMap::new(),
        resolved: HashMap::new(),
        out: Vec::new(),
    };
    let mut block: Option<Block> = None;
    let mut synset: Option<String> = None;
    for (ln, line) in clean_lines(file, text, warnings) {
        if let Some(member) = line.strip_prefix('+') {
            if let Some(label) = &synset {
                report.synset_members += 1;
                let m = member.trim().to_string();
                if m.is_empty() {
                    warn(warnings, file, ln, "empty synset member; skipped");
                } else {
                    r.synsets.entry(label.clone()).or_default().members.push(m);
                }
                continue;
            }
        } else {
            synset = None;
        }
        if let Some(label) = line.strip_prefix('&') {
            r.flush(block.take(), warnings, report);
            let label = label.split_whitespace().next().unwrap_or("");
            let key = label.trim_end_matches('_').to_ascii_uppercase();
            if key.is_empty() {
                warn(warnings, file, ln, "synonym set without a name; skipped");
                report.skipped += 1;
                continue;
            }
            report.synsets += 1;
            let s = r.synsets.entry(key.clone()).or_default();
            s.no_plural |= label.ends_with('_');
            r.resolved.clear();
            synset = Some(key);
            continue;
        }
        if line.starts_with('~') {
            // read by `read_transformations`
            continue;
        }
        if line.starts_with("---") {
            r.flush(block.take(), warnings, report);
            report.verb_blocks += 1;
            let (_, groups, _) = split_brackets(line);
            let (code, rev, paired) = match groups.first().map(|g| event_codes(g)) {
                None => (None, None, false),
                Some(Ok(c)) => c,
                Some(Err(e)) => {
                    warn(warnings, file, ln, format!("{e} in block header; block read with the null code"));
                    (None, None, false)
                }
            };
            if code.is_none() && rev.is_none() {
                report.verb_null_blocks += 1;
            }
            block = Some(Block { code, rev, paired, forms: Vec::new(), patterns: Vec::new() });
            continue;
        }
        if line.starts_with('-') {
            match block.as_mut() {
                Some(b) => b.patterns.push((ln, line.to_string())),
                None => {
                    warn(warnings, file, ln, "pattern before any `--- VERB ---` block; skipped");
                    report.skipped += 1;
                }
            }
            continue;
        }
        // A verb form line.
        report.verb_forms += 1;
        let Some(b) = block.as_mut() else {
            warn(warnings, file, ln, "verb form before any `--- VERB ---` block; skipped");
            report.skipped += 1;
            continue;
        };
        let (head, groups, _) = split_brackets(line);
        let (code, rev, paired) = match groups.first() {
            None => (b.code.clone(), b.rev.clone(), b.paired),
            Some(g) => match event_codes(g) {
                Ok(c) => c,
                Err(e) => {
                    warn(warnings, file, ln, format!("{e}; verb form skipped"));
                    report.skipped += 1;
                    continue;
                }
            },
        };
        let (main, irregular) = match head.find('{') {
            Some(a) => match head[a..].find('}') {
                Some(e) => (head[..a].trim(), Some(&head[a + 1..a + e])),
                None => {
                    warn(warnings, file, ln, "missing `}` in verb forms; skipped");
                    report.skipped += 1;
                    continue;
                }
            },
            None => (head.trim(), None),
        };
        let main = main.split_whitespace().next().unwrap_or("");
        let (pre, verb, post) = match split_verb(main) {
            Ok(x) => x,
            Err(e) => {
                warn(warnings, file, ln, format!("{e}; skipped"));
                report.skipped += 1;
                continue;
            }
        };
        let mut seen = HashSet::from([verb.clone()]);
        let mut alts = vec![verb];
        let mut bad = None;
        for f in irregular.unwrap_or("").split_whitespace() {
            match split_verb(f) {
                Ok((_, v, _)) => push_unique(&mut alts, &mut seen, v),
                Err(e) => bad = Some(e),
            }
        }
        if let Some(e) = bad {
            warn(warnings, file, ln, format!("{e}; that irregular form skipped"));
        }
        b.forms.push(Form { pre, alts, post, code, rev, paired, text: line.to_string(), line: ln });
    }
    r.flush(block.take(), warnings, report);
    if let Some(w) = non_cameo_warning(file, &r.out) {
        warnings.push(w);
    }
    r.out
}

/// One summary [`Warning`] for the patterns of one file whose event code
/// (either direction) is not a CAMEO code ([`dyad_core::cameo::is_cameo_code`]):
/// such codes are legal in user dictionaries and load as written (their
/// events get no Goldstein score and QuadClass 0), but a typo is likely, so
/// the count, the first code and its line are reported. `None` when every
/// code is CAMEO (or null). The warning's line is the first such pattern's.
pub fn non_cameo_warning(file: &str, patterns: &[Pattern]) -> Option<Warning> {
    let outside = |c: &Code| c.as_deref().is_some_and(|c| !dyad_core::cameo::is_cameo_code(c));
    let mut bad = patterns.iter().filter(|p| outside(&p.code) || outside(&p.rev_code));
    let first = bad.next()?;
    let n = 1 + bad.count();
    let code = if outside(&first.code) { &first.code } else { &first.rev_code };
    Some(Warning {
        file: file.to_string(),
        line: first.origin.line as usize,
        message: format!(
            "{n} pattern{} with event codes outside CAMEO (first: `{}`); loaded as written (no Goldstein score, \
             QuadClass 0)",
            if n == 1 { "" } else { "s" },
            code.as_deref().unwrap_or_default()
        ),
    })
}

// ---------------------------------------------------------------- discards

/// Read a PETRARCH discard list: one phrase per line; a leading `+` makes it
/// story-level (the whole story is not coded), otherwise sentence-level. A
/// trailing `_` (PETRARCH: must end at a word boundary) is dropped: dyad
/// matches whole tokens anyway.
pub fn read_discards(file: &str, text: &str, warnings: &mut Vec<Warning>, report: &mut LoadReport) -> Discards {
    let mut d = Discards::default();
    for (ln, line) in clean_lines(file, text, warnings) {
        let (story, p) = match line.strip_prefix('+') {
            Some(p) => (true, p),
            None => (false, line),
        };
        let toks = phrase(p);
        if toks.is_empty() {
            warn(warnings, file, ln, "empty discard phrase; skipped");
            report.skipped += 1;
            continue;
        }
        if story {
            report.discards_story += 1;
            d.story.push(toks);
        } else {
            report.discards_sentence += 1;
            d.sentence.push(toks);
        }
    }
    d
}

// ---------------------------------------------------------------- issues

/// Expand PETRARCH issue phrase markers: `+` → both a blank and a hyphen;
/// `n:WORD` → singular and regular plural; `v:WORD` → WORD, WORDs, WORDed
/// (`d` after `e`), WORDing (dropping a final `e`). At most 64 forms.
pub fn expand_issue_phrase(s: &str) -> Vec<String> {
    let mut todo = vec![s.to_lowercase()];
    let mut done: Vec<String> = Vec::new();
    while let Some(f) = todo.pop() {
        if done.len() + todo.len() > 64 {
            break;
        }
        if let Some(p) = f.find('+') {
            todo.push(format!("{} {}", &f[..p], &f[p + 1..]));
            todo.push(format!("{}-{}", &f[..p], &f[p + 1..]));
            continue;
        }
        let marker = f.find("n:").map(|p| (p, 'n')).or_else(|| f.find("v:").map(|p| (p, 'v')));
        if let Some((p, m)) = marker {
            let rest = &f[p + 2..];
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let (w, tail) = (&rest[..end], &rest[end..]);
            let pre = &f[..p];
            let mut words = vec![w.to_string()];
            if !w.is_empty() {
                if m == 'n' {
                    words.push(plural(w));
                } else {
                    words.push(format!("{w}s"));
                    match w.strip_suffix('e') {
                        Some(stem) => {
                            words.push(format!("{w}d"));
                            words.push(format!("{stem}ing"));
                        }
                        None => {
                            words.push(format!("{w}ed"));
                            words.push(format!("{w}ing"));
                        }
                    }
                }
            }
            for x in words {
                todo.push(format!("{pre}{x}{tail}"));
            }
            continue;
        }
        if !done.contains(&f) {
            done.push(f);
        }
    }
    done.reverse();
    done
}

/// Read a PETRARCH issue list (`Phoenix.IssueCoding.txt`): `PHRASE [CODE]`
/// lines, usually inside `<ISSUE CATEGORY="…">…</ISSUE>` blocks, with the
/// `n:`/`v:`/`+` expansions of [`expand_issue_phrase`]. Each line gives one
/// [`IssueEntry`]. `~`/`~~` exclusion phrases have no model counterpart: they
/// are counted and skipped (one warning per file).
pub fn read_issues(file: &str, text: &str, warnings: &mut Vec<Warning>, report: &mut LoadReport) -> Vec<IssueEntry> {
    let mut out = Vec::new();
    let mut codes: Vec<String> = Vec::new();
    let mut seen_codes: HashSet<String> = HashSet::new();
    let mut first_excl = None;
    let mut excl = 0;
    for (ln, line) in clean_lines(file, text, warnings) {
        if line.starts_with("<ISSUE") {
            report.issue_categories += 1;
            continue;
        }
        if line.starts_with("</ISSUE") {
            continue;
        }
        if line.starts_with('~') {
            excl += 1;
            first_excl.get_or_insert(ln);
            continue;
        }
        let (head, groups, _) = split_brackets(line);
        let Some(code) = groups.first().map(|c| c.trim()) else {
            warn(warnings, file, ln, "issue line has no [CODE]; skipped");
            report.skipped += 1;
            continue;
        };
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
            warn(warnings, file, ln, format!("bad issue code `{code}`; skipped"));
            report.skipped += 1;
            continue;
        }
        let phrases: Vec<Vec<String>> =
            expand_issue_phrase(head.trim()).iter().map(|f| phrase(f)).filter(|p| !p.is_empty()).collect();
        if phrases.is_empty() {
            warn(warnings, file, ln, "issue line has no phrase; skipped");
            report.skipped += 1;
            continue;
        }
        if seen_codes.insert(code.to_string()) {
            codes.push(code.to_string());
        }
        report.issue_entries += 1;
        out.push(IssueEntry { phrases, code: code.to_string() });
    }
    report.issue_codes += codes.len();
    report.issue_exclusions_skipped += excl;
    if let Some(ln) = first_excl {
        warn(
            warnings,
            file,
            ln,
            format!("{excl} issue exclusion phrase(s) (`~`, `~~`) read and skipped: dyad has no issue exclusions"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    fn utf16(s: &str, le: bool) -> Vec<u8> {
        let mut b = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
        for u in s.encode_utf16() {
            b.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        b
    }

    #[test]
    fn decodes_utf16_utf8_bom_and_latin1() {
        let src = "RUSSIA_ [RUS]\nCÔTE_D'IVOIRE [CIV]\n";
        for le in [true, false] {
            let d = decode_bytes(&utf16(src, le));
            assert_eq!(d.text, src);
            assert_eq!(d.encoding, if le { TextEncoding::Utf16Le } else { TextEncoding::Utf16Be });
            assert!(d.bad_lines.is_empty());
        }
        // A lone surrogate on line 2 and an odd final byte (line 3).
        let mut b = utf16("A [AAA]\n", true);
        b.extend([0x00, 0xD8]);
        b.extend(&utf16("B [BBB]\n", true)[2..]);
        b.push(0x41);
        let d = decode_bytes(&b);
        assert_eq!(d.text, "A [AAA]\n\u{FFFD}B [BBB]\n\u{FFFD}");
        assert_eq!(d.bad_lines, [2, 3]);
        let d = decode_bytes(b"\xEF\xBB\xBFRUSSIA_ [RUS]\n");
        assert_eq!((d.text.as_str(), d.encoding), ("RUSSIA_ [RUS]\n", TextEncoding::Utf8));
        let d = decode_bytes(b"C\xD4TE [CIV]\n");
        assert_eq!((d.text.as_str(), d.encoding), ("C\u{D4}TE [CIV]\n", TextEncoding::Latin1));
        // Warnings: Latin-1 once for the file, invalid UTF-16 per line.
        let mut w = Vec::new();
        decode_with_warnings("f", &b, &mut w);
        assert_eq!(
            w.iter().map(|w| (w.line, w.message.as_str())).collect::<Vec<_>>(),
            [(2, "invalid UTF-16 replaced with U+FFFD"), (3, "invalid UTF-16 replaced with U+FFFD")]
        );
    }

    #[test]
    fn codes_outside_cameo_get_one_summary_warning() {
        let text = "--- CONDEMN [999] ---\nCONDEMN\n- * + [0999]\n--- VISIT [042] ---\nVISIT\n- * + [043]\n";
        let mut w = Vec::new();
        let p = read_verbs("v.txt", text, &mut w, &mut LoadReport::default());
        assert!(p.iter().any(|p| p.code.as_deref() == Some("999")));
        assert!(p.iter().any(|p| p.code.as_deref() == Some("0999")));
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].line, 2);
        assert_eq!(
            w[0].message,
            "2 patterns with event codes outside CAMEO (first: `999`); loaded as written (no Goldstein score, \
             QuadClass 0)"
        );
        let mut w = Vec::new();
        read_verbs("v.txt", "--- VISIT [042] ---\nVISIT\n", &mut w, &mut LoadReport::default());
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn two_digit_years() {
        assert_eq!(parse_date("300101"), Some(20300101));
        assert_eq!(parse_date("310101"), Some(19310101));
        assert_eq!(parse_date("000507"), Some(20000507));
        assert_eq!(parse_date("990809"), Some(19990809));
        assert_eq!(parse_date("19950601"), Some(19950601));
        assert_eq!(parse_date("000229"), Some(20000229));
        assert_eq!(parse_date("19000229"), None);
        assert_eq!(parse_date("100931"), None);
        assert_eq!(parse_date("1234567"), None);
    }

    #[test]
    fn actors() {
        let text = "# c\nVLADIMIR_PUTIN_  # note\n+PUTIN_\n\t[RUSELI 700101-990809]\n\t[RUSGOV >080508]\n\t[RUSELI]\n\
                    GOLLUM\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n\
                    BAD [080!]\nPALESTINIAN [pse]\nTHE_SHIRE  [FRO/BIL/SAM]\nNOCODE\nSAM [HOB]\n\t[HOBCIV <20080120]\n";
        let mut w = Vec::new();
        let mut r = LoadReport::default();
        let a = read_actors("t.actors.txt", text, &mut w, &mut r);
        assert_eq!(a.len(), 5, "{w:?}");
        assert_eq!(a[0].phrases, vec![s(&["vladimir", "putin"]), s(&["putin"])]);
        assert_eq!(a[0].code_for(Some(20100101)), Some("RUSGOV"));
        assert_eq!(a[0].code_for(Some(19800101)), Some("RUSELI"));
        assert_eq!(a[0].code_for(Some(19600101)), Some("RUSELI"));
        assert_eq!(a[1].codes[0], DatedCode { code: "HOB".into(), from: None, to: Some(19950601) });
        assert_eq!(a[1].code_for(Some(20050101)), Some("---"));
        assert_eq!(a[2].codes[0].code, "PSE");
        assert_eq!(a[3].codes[0].code, "FRO/BIL/SAM");
        assert_eq!(a[4].codes.last().unwrap().code, "HOB");
        assert_eq!(a[4].code_for(Some(20000101)), Some("HOBCIV"));
        assert!(w.iter().any(|x| x.line == 10 && x.message.contains("080!")), "{w:?}");
        assert!(w.iter().any(|x| x.line == 13 && x.message.contains("no code")), "{w:?}");
        assert_eq!(r.actor_primaries, 7);
        assert_eq!(r.actor_synonyms, 1);
    }

    #[test]
    fn agents() {
        let text = "!PERSON! = MAN, MEN, WOMAN\nCONGRESS!PERSON! [~LEG]\nPOLICE {} [ ~COP]\n\
                    ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]\nHUMAN_RIGHTS_BODY  [NGO~]\nSOLDIER [~MIL]\n\
                    DEPT [~ENV}\nNOCODE\nX [GOV]\n";
        let mut w = Vec::new();
        let mut r = LoadReport::default();
        let a = read_agents("t.agents.txt", text, &mut w, &mut r);
        assert_eq!(a.len(), 6, "{w:?}");
        assert_eq!(a[0].phrases, vec![s(&["congressman"]), s(&["congressmen"]), s(&["congresswoman"])]);
        assert_eq!(a[1].phrases, vec![s(&["police"])]);
        assert_eq!(a[1].code, "COP");
        assert_eq!(a[2].phrases, vec![s(&["attorney", "general"]), s(&["attorneys", "general"])]);
        assert!(a[3].prefix && a[3].code == "NGO");
        assert_eq!(a[4].phrases, vec![s(&["soldier"]), s(&["soldiers"])]);
        assert!(!a[4].prefix);
        assert_eq!(a[5].code, "ENV");
        assert_eq!(w.iter().filter(|x| x.line >= 7).count(), 3, "{w:?}");
        assert_eq!(r.agent_substitution_sets, 1);
    }

    #[test]
    fn verbs() {
        let text = "&CURRENCY\n+DOLLAR\n+CASH_\n+SWISS_FRANC\n&AUX_\n+WILL\n\
                    ---  ASK   [020]  ---\nASK\n+ASK_FOR {+ASKED_FOR +ASKING_FOR} [021]\n\
                    - * &CURRENCY (FROM ^) (TO +) [073] # c\n- $ * (TO {BANNED PARTIES}) $ [042:043]\n\
                    - % * [:173]\n- * DOWN (FROM) [080!]\n- * &NOPE [010]\n\
                    ---  SAY  [---] ---\nSAY {SAID SAYING}\n- SUGGESTED_+ * [345]\n- * VOICE [174K]\n\
                    ~ a (a b ATTACK) SAY = a b 015\n";
        let mut w = Vec::new();
        let mut r = LoadReport::default();
        let p = read_verbs("t.verbs.txt", text, &mut w, &mut r);
        assert_eq!(r.synsets, 2);
        assert_eq!(r.synset_members, 4);
        assert_eq!(r.verb_blocks, 2);
        assert_eq!(r.verb_null_blocks, 1);
        assert_eq!(r.verb_forms, 3);
        assert_eq!(p.len(), 8, "{w:?}");
        let t = read_transformations("t.verbs.txt", text, &mut w, &mut r);
        assert_eq!((r.transformations, r.transformations_skipped), (1, 0));
        assert_eq!(t[0].outer, "say");
        assert_eq!((t[0].inner_source, t[0].inner_target), (Role::Outer, Role::Other));
        assert_eq!((t[0].inner_verb.as_deref(), t[0].code.as_deref()), (Some("attack"), Some("015")));
        assert_eq!(t[0].origin.line, 19);
        assert_eq!(p[0].anchor, s(&["ask"]));
        assert_eq!(p[0].anchor_pos, PosReq::Verb);
        assert_eq!(p[0].code.as_deref(), Some("020"));
        assert_eq!(p[1].anchor, s(&["ask", "asked", "asking"]));
        // the words of a multi-word verb are adjacent
        assert_eq!(p[1].post, vec![Elem::Adjacent, Elem::Word { alts: s(&["for"]), pos: PosReq::Any }]);
        assert_eq!(p[1].code.as_deref(), Some("021"));
        // - * &CURRENCY (FROM ^) (TO +)
        assert_eq!(p[2].anchor, s(&["ask", "asked", "asking"]));
        assert_eq!(
            p[2].post,
            vec![
                // a multi-word member is one alternative; `^` skips a noun phrase
                Elem::Word { alts: s(&["dollar", "dollars", "cash", "swiss franc", "swiss francs"]), pos: PosReq::Any },
                Elem::Word { alts: s(&["from"]), pos: PosReq::Any },
                Elem::Skip,
                Elem::Word { alts: s(&["to"]), pos: PosReq::Any },
                Elem::Target,
            ]
        );
        assert_eq!(p[2].text, "- * &CURRENCY (FROM ^) (TO +) [073]");
        assert_eq!(p[2].origin.line, 10);
        assert_eq!(p[3].pre, vec![]);
        assert_eq!(p[3].post.len(), 4);
        assert_eq!(p[3].post[3], Elem::Source);
        assert_eq!((p[3].code.as_deref(), p[3].rev_code.as_deref()), (Some("042"), Some("043")));
        assert_eq!((p[4].code.as_deref(), p[4].rev_code.as_deref()), (None, Some("173")));
        assert!(w.iter().any(|x| x.line == 13 && x.message.contains("080!")), "{w:?}");
        assert!(w.iter().any(|x| x.line == 14 && x.message.contains("NOPE")), "{w:?}");
        assert_eq!(p[5].anchor, s(&["say", "said", "saying"]));
        assert_eq!(p[5].code, None);
        assert_eq!(p[6].pre, vec![Elem::Word { alts: s(&["suggested"]), pos: PosReq::Any }, Elem::Target]);
        assert_eq!(p[6].post, vec![]);
        assert_eq!(p[6].code.as_deref(), Some("345"));
        assert_eq!(r.paired_codes, 2);
        assert_eq!(r.skip_marks, 1);
        assert_eq!(r.compound_marks, 1);
        assert_eq!(p[7].code.as_deref(), Some("174K"));
        assert_eq!(p[7].text, "- * VOICE [174K]");
        let bad = read_transformations("t.verbs.txt", "~ a (a b) SAY = a b 015\n", &mut w, &mut r);
        assert!(bad.is_empty());
        assert!(w.iter().any(|x| x.line == 1 && x.message.contains("transformation")), "{w:?}");
    }

    #[test]
    fn discards_and_issues() {
        let mut w = Vec::new();
        let mut r = LoadReport::default();
        let d = read_discards("d", "MONTHS LATER\n+World Golf Championships   # x\nLIBYA_\n", &mut w, &mut r);
        assert_eq!(d.sentence, vec![s(&["months", "later"]), s(&["libya"])]);
        assert_eq!(d.story, vec![s(&["world", "golf", "championships"])]);
        let text = "<ISSUE CATEGORY=\"EDU\">\nn:school [SCHOOLS]\npre+n:school [EARLY]\n~a head start\nv:purge [P]\n</ISSUE>\n";
        let i = read_issues("i", text, &mut w, &mut r);
        assert_eq!(i.len(), 3);
        assert_eq!(i[0].phrases, vec![s(&["school"]), s(&["schools"])]);
        assert_eq!(i[1].phrases.len(), 4);
        assert!(i[1].phrases.contains(&s(&["pre-schools"])));
        assert!(i[1].phrases.contains(&s(&["pre", "school"])));
        assert_eq!(i[2].phrases, vec![s(&["purge"]), s(&["purges"]), s(&["purged"]), s(&["purging"])]);
        assert_eq!(r.issue_exclusions_skipped, 1);
        assert_eq!(r.issue_categories, 1);
        assert_eq!(r.issue_codes, 3);
    }

    /// (line, message) of each warning, for exact comparisons.
    fn lm(w: &[Warning]) -> Vec<(usize, &str)> {
        w.iter().map(|w| (w.line, w.message.as_str())).collect()
    }

    #[test]
    fn synset_cycles_depth_and_undefined_members() {
        // &L0 → &L1 → … → &L9 (RAIN): &L9 sits 9 levels below &L0, 8 below &L1.
        let mut text = String::new();
        for k in 0..9 {
            text.push_str(&format!("&L{k}\n+&L{}\n", k + 1));
        }
        text.push_str("&L9\n+RAIN\n"); // lines 19-20
        text.push_str("&A\n+&B\n&B\n+&A\n&C\n+WIND\n+&A\n&S_\n+&S\n&N\n+&MISSING\n"); // lines 21-31
        text.push_str(
            "--- VISIT [042] ---\nVISIT\n\
             - * &L1 [043]\n- * &L0 [043]\n- * &L1 [043]\n\
             - * &A [044]\n- * &B [044]\n- * &A [044]\n- * &C [044]\n- * &S [044]\n- * &N [044]\n- * &NONE [044]\n",
        ); // block at 32; patterns 34-45
        let mut w = Vec::new();
        let mut r = LoadReport::default();
        let p = read_verbs("t.verbs.txt", &text, &mut w, &mut r);
        let pat = "; pattern skipped";
        let want = [
            (35, format!("synonym set `&L0` nests deeper than 8 levels{pat}")),
            (37, format!("synonym set `&A` refers to itself (cycle: &A → &B → &A){pat}")),
            (38, format!("synonym set `&B` refers to itself (cycle: &B → &A → &B){pat}")),
            // a failed set is not memoised (as empty or otherwise): same report again
            (39, format!("synonym set `&A` refers to itself (cycle: &A → &B → &A){pat}")),
            (40, format!("synonym set `&C` uses `&A`, which refers to itself (cycle: &A → &B → &A){pat}")),
            (41, format!("synonym set `&S` refers to itself (cycle: &S → &S){pat}")),
            (42, format!("synonym set `&N` uses `&MISSING`, which is not defined{pat}")),
            (43, format!("synonym set `&NONE` is not defined{pat}")),
        ];
        let want: Vec<(usize, &str)> = want.iter().map(|(l, m)| (*l, m.as_str())).collect();
        assert_eq!(lm(&w), want);
        assert_eq!(w[0].to_string(), "t.verbs.txt:35: synonym set `&L0` nests deeper than 8 levels; pattern skipped");
        // the form and both `&L1` patterns load, before and after `&L0` failed
        assert_eq!(p.len(), 3, "{p:?}");
        let rain = vec![Elem::Word { alts: s(&["rain", "rains"]), pos: PosReq::Any }];
        assert_eq!((p[1].origin.line, &p[1].post), (34, &rain));
        assert_eq!((p[2].origin.line, &p[2].post), (36, &rain));
        assert_eq!(r.skipped, 8);
        // the depth limit does not depend on which set was used first
        let mut w2 = Vec::new();
        let tail = "--- VISIT [042] ---\nVISIT\n- * &L0 [043]\n- * &L1 [043]\n";
        let head: String = text.lines().take(31).map(|l| format!("{l}\n")).collect();
        let p2 = read_verbs("t.verbs.txt", &format!("{head}{tail}"), &mut w2, &mut LoadReport::default());
        assert_eq!(lm(&w2), [(34, "synonym set `&L0` nests deeper than 8 levels; pattern skipped")]);
        assert_eq!((p2.len(), &p2[1].post), (2, &rain));
    }

    #[test]
    fn long_synset_chains_and_loops_never_panic() {
        // A ring of 5000 sets (each containing the next) is refused at the
        // depth limit; a ring of 9 (the most the limit allows) is a cycle.
        let n = 5000;
        let mut text: String = (0..n).map(|k| format!("&S{k}\n+&S{}\n", (k + 1) % n)).collect();
        text.extend((0..9).map(|k| format!("&R{k}\n+&R{}\n", (k + 1) % 9)));
        text.push_str("--- VISIT [042] ---\nVISIT\n- * &S0 [043]\n- * &S4995 [043]\n- * &R3 [043]\n");
        let mut w = Vec::new();
        let p = read_verbs("t.verbs.txt", &text, &mut w, &mut LoadReport::default());
        assert_eq!(p.len(), 1);
        let first = 2 * n + 18 + 3;
        assert_eq!(
            lm(&w),
            [
                (first, "synonym set `&S0` nests deeper than 8 levels; pattern skipped"),
                (first + 1, "synonym set `&S4995` nests deeper than 8 levels; pattern skipped"),
                (
                    first + 2,
                    "synonym set `&R3` refers to itself (cycle: &R3 → &R4 → &R5 → &R6 → &R7 → &R8 → &R0 → &R1 → \
                     &R2 → &R3); pattern skipped"
                ),
            ]
        );
    }

    #[test]
    fn unbalanced_groups_warn_and_load_as_if_closed() {
        let text = "--- VISIT [042] ---\nVISIT\n\
                    - * (TO + [043]\n- * TO) + [043]\n- * {IN (THE + [045]\n- * (TO} + [046]\n\
                    - * (TO {A B} +) [040]\n- * (TO +) [043]\n- * IN THE + [045]\n";
        let mut w = Vec::new();
        let mut r = LoadReport::default();
        let p = read_verbs("t.verbs.txt", text, &mut w, &mut r);
        let end = "in pattern; read as if closed at the end of the line";
        assert_eq!(
            lm(&w),
            [
                (3, format!("unbalanced `(` {end}").as_str()),
                (4, "stray `)` ignored"),
                (5, format!("unbalanced `(` {end}").as_str()),
                (5, format!("unbalanced `{{` {end}").as_str()),
                (6, format!("unbalanced `(` {end}").as_str()),
                (6, "stray `}` ignored"),
            ]
        );
        assert_eq!(w[1].to_string(), "t.verbs.txt:4: stray `)` ignored");
        // every pattern loads, read exactly as its balanced spelling
        assert_eq!((p.len(), r.verb_patterns, r.skipped), (8, 7, 0));
        let parts = |i: usize| (p[i].pre.clone(), p[i].post.clone(), p[i].code.clone());
        assert_eq!(parts(1), parts(6));
        assert_eq!(parts(2).0, parts(6).0);
        assert_eq!(parts(2).1, parts(6).1);
        assert_eq!(parts(3), parts(7));
        assert_eq!((parts(4).0, parts(4).1), (parts(6).0, parts(6).1));
        assert_eq!(p[1].text, "- * (TO + [043]");
    }

    #[test]
    fn whole_file_warnings_use_line_0_and_name_a_line_when_there_is_one() {
        // Latin-1: the whole file is re-read (line 0); the first bad byte's line is named.
        let mut w = Vec::new();
        decode_with_warnings("f.actors.txt", b"\xEF\xBB\xBFA [AAA]\n\nC\xD4TE [CIV]\nD\xE9 [D]\n", &mut w);
        assert_eq!(
            w.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
            ["f.actors.txt:0: not valid UTF-8; read as Latin-1 (the whole file; first invalid byte on line 3)"]
        );
        let mut w = Vec::new();
        decode_with_warnings("f", b"\xFFA", &mut w);
        assert_eq!(lm(&w), [(0, "not valid UTF-8; read as Latin-1 (the whole file; first invalid byte on line 1)")]);
        // A kind read from the content is about the whole file: line 0.
        let dir = std::env::temp_dir().join(format!("dyad_dict_petrarch_unit_{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("mystery.txt");
        std::fs::write(&f, "RUSSIA [RUS]\n+RUSSIAN\n").unwrap();
        let res = load_path_report(&f);
        let _ = std::fs::remove_dir_all(&dir);
        let (d, w, _) = res.unwrap();
        assert_eq!(d.actors.len(), 1);
        assert_eq!(
            lm(&w),
            [(0, "name does not tell the dictionary kind; read as actors from its content (put `actors` in the file name to say so)")]
        );
    }

    #[test]
    fn comments_and_kinds() {
        let mut w = Vec::new();
        let l = clean_lines("f", "<!-- a\nb\n-->\nX [A] ; c\n<!-- one -->\nY # z\n", &mut w);
        assert_eq!(l, vec![(4, "X [A]"), (6, "Y")]);
        assert_eq!(kind_from_name("Phoenix.Countries.actors.txt"), Some(Kind::Actors));
        assert_eq!(kind_from_name("CAMEO.2.0.txt"), Some(Kind::Verbs));
        assert_eq!(kind_from_name("Phoenix.IssueCoding.txt"), Some(Kind::Issues));
        assert_eq!(kind_from_name("Phoenix.prepositions.txt"), None);
        assert_eq!(kind_from_content("---  A [010] ---\nA\n"), Some(Kind::Verbs));
        assert_eq!(kind_from_content("POLICE [~COP]\n"), Some(Kind::Agents));
        assert_eq!(kind_from_content("RUSSIA [RUS]\n+RUSSIAN\n"), Some(Kind::Actors));
        assert_eq!(kind_from_content("BASEBALL\n"), Some(Kind::Discards));
    }
}

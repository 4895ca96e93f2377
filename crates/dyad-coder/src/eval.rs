//! Gold-standard readers and scoring for `dyad eval` (see docs/EVAL.md).
//!
//! Three gold formats are read into [`GoldFile`]s:
//!
//! - PETRARCH validation XML ([`GoldKind::PetrarchXml`]): `<Sentence date id
//!   category>` records with `<EventCoding sourcecode targetcode eventcode/>`,
//!   `<EventCoding noevents="True"/>` or `<EventCoding error="…"/>` entries and
//!   a `<Text>`; the `<Parse>` is never read. A file-level `<Environment>`
//!   names the dictionary files and the `<Include>`/`<Exclude>` categories.
//!   Files that are not well-formed the way `PETR2_GSR_validation.xml` is
//!   are repaired with [`crate::input::repair_petrarch_xml`].
//! - PLOVER gold JSON ([`GoldKind::PloverJson`]): a JSON array of records with
//!   `id, date, text, event` (a PLOVER 0.5 type); the `DOCUMENT` record is
//!   skipped and the 0.5 labels that PLOVER later merged are relabelled by
//!   [`plover_relabel`].
//! - dyad's own JSONL gold ([`GoldKind::DyadJsonl`]): one object per line,
//!   `{"id","date","text","events":[{"source","code","target"}],
//!   "noevents":bool?, "category"?, "plover_type"?}`.
//!
//! Scoring ([`score`]): the expected events of a record are its codings with
//! an event code. A produced event matches an expected one when the event
//! codes are equal and each produced actor code starts with the expected one
//! (gold `USA` accepts `USAGOV`, not the reverse); every modality counts.
//! Matching is greedy and one-to-one ([`match_events`]). recall = matched /
//! expected; extra_rate = unmatched produced events / expected events.
//! `noevents` and `error` records are scored apart: one is correct when
//! nothing at all was produced for it.

use crate::{Document, Event};
use chrono::NaiveDate;
use dyad_dict::petrarch::{Kind, LoadReport};
use dyad_dict::{Dictionaries, Fnv, Warning};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The kind of a gold file, as written in `dyad eval --json` (`kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoldKind {
    /// PETRARCH validation records (`petrarch-xml`).
    PetrarchXml,
    /// PLOVER gold JSON array (`plover-json`).
    PloverJson,
    /// dyad's JSONL gold format (`dyad-jsonl`).
    DyadJsonl,
}

impl GoldKind {
    /// Name as written in outputs: `petrarch-xml`, `plover-json`, `dyad-jsonl`.
    pub fn as_str(&self) -> &'static str {
        match self {
            GoldKind::PetrarchXml => "petrarch-xml",
            GoldKind::PloverJson => "plover-json",
            GoldKind::DyadJsonl => "dyad-jsonl",
        }
    }

    /// Detect the kind from the content (first non-blank character: `<` →
    /// XML, `[` → JSON array, `{` → JSONL), else from the extension (`.xml`,
    /// `.json`, `.jsonl`/`.ndjson`); `None` when neither tells.
    pub fn detect(path: &Path, text: &str) -> Option<GoldKind> {
        match text.trim_start_matches('\u{feff}').trim_start().chars().next() {
            Some('<') => return Some(GoldKind::PetrarchXml),
            Some('[') => return Some(GoldKind::PloverJson),
            Some('{') => return Some(GoldKind::DyadJsonl),
            _ => {}
        }
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        match ext.as_str() {
            "xml" => Some(GoldKind::PetrarchXml),
            "json" => Some(GoldKind::PloverJson),
            "jsonl" | "ndjson" => Some(GoldKind::DyadJsonl),
            _ => None,
        }
    }
}

/// One expected event: actor codes (prefixes that a produced code must start
/// with; empty accepts any) and the event code, exactly as in the gold file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldEvent {
    /// Expected source actor code.
    pub source: String,
    /// Expected target actor code.
    pub target: String,
    /// Expected event code (CAMEO, or a made-up code passed through).
    pub code: String,
}

/// One gold record (a sentence or short story with its expectations).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoldRecord {
    /// Record id (`id` attribute or key; `FILE:LINE` when absent).
    pub id: String,
    /// 1-based line in the gold file where the record starts.
    pub line: u64,
    /// Category (`category` attribute; PLOVER: the gold type; empty if none).
    pub category: String,
    /// Story date, when given and readable.
    pub date: Option<NaiveDate>,
    /// The text to code (whitespace runs collapsed for XML).
    pub text: String,
    /// Expected events.
    pub events: Vec<GoldEvent>,
    /// True when the record says no event should be coded.
    pub noevents: bool,
    /// PETRARCH `error="…"` value (e.g. `storydiscard`): nothing should be coded.
    pub error: Option<String>,
    /// Gold PLOVER type after [`plover_relabel`] (PLOVER and dyad JSONL gold).
    pub plover_type: Option<String>,
}

/// The dictionary files and record filters of a PETRARCH `<Environment>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    /// `<Verbfile>` names (comma-separated in the file).
    pub verbs: Vec<String>,
    /// `<Actorfile>` names.
    pub actors: Vec<String>,
    /// `<Agentfile>` names.
    pub agents: Vec<String>,
    /// `<Discardfile>` names.
    pub discards: Vec<String>,
    /// `<Issuefile>` names.
    pub issues: Vec<String>,
    /// `<Include>` categories (the `valid` keyword removed); empty = all.
    pub include: Vec<String>,
    /// `<Exclude>` categories.
    pub exclude: Vec<String>,
}

impl Environment {
    /// True when there is at least one dictionary file named.
    pub fn names_dictionaries(&self) -> bool {
        !(self.verbs.is_empty()
            && self.actors.is_empty()
            && self.agents.is_empty()
            && self.discards.is_empty()
            && self.issues.is_empty())
    }

    /// Every named file with its kind, in the order verbs, actors, agents,
    /// discards, issues.
    pub fn files(&self) -> Vec<(Kind, &str)> {
        let mut v = Vec::new();
        for (k, names) in [
            (Kind::Verbs, &self.verbs),
            (Kind::Actors, &self.actors),
            (Kind::Agents, &self.agents),
            (Kind::Discards, &self.discards),
            (Kind::Issues, &self.issues),
        ] {
            v.extend(names.iter().map(|n| (k, n.as_str())));
        }
        v
    }

    /// True when records of `category` are to be scored (in `<Include>` when
    /// that is given, and not in `<Exclude>`).
    pub fn includes(&self, category: &str) -> bool {
        (self.include.is_empty() || self.include.iter().any(|c| c == category))
            && !self.exclude.iter().any(|c| c == category)
    }
}

/// A gold file read into records.
#[derive(Debug, Clone)]
pub struct GoldFile {
    /// Path as given.
    pub path: String,
    /// Detected kind.
    pub kind: GoldKind,
    /// Records to score, in file order.
    pub records: Vec<GoldRecord>,
    /// The PETRARCH `<Environment>`, when the file has one.
    pub environment: Option<Environment>,
    /// Records left out by `<Include>`/`<Exclude>`, with their ids.
    pub excluded: Vec<String>,
    /// Reading notes (repairs, skipped records), each naming file and line.
    pub warnings: Vec<String>,
    /// PLOVER 0.5 labels relabelled: (from, to) → count.
    pub relabelled: BTreeMap<(String, String), usize>,
}

impl GoldFile {
    /// The records as documents to code (id, date, text; no title).
    pub fn documents(&self) -> Vec<Document> {
        self.records
            .iter()
            .map(|r| Document { id: r.id.clone(), date: r.date, text: r.text.clone(), ..Document::default() })
            .collect()
    }
}

/// Errors reading gold files or their dictionaries.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a gold file dyad can read.
    #[error("{path}:{line}: {message}")]
    Format {
        /// The file.
        path: String,
        /// 1-based line (0: the whole file).
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// An `<Environment>` dictionary name found in none of the folders.
    #[error("dictionary {name} named by {path}'s <Environment> is in none of the --dict-dir folders ({dirs})")]
    MissingDictionary {
        /// The gold file.
        path: String,
        /// The file name.
        name: String,
        /// The folders searched, comma-separated.
        dirs: String,
    },
    /// A dictionary failed to load.
    #[error(transparent)]
    Dict(#[from] dyad_dict::DictError),
}

/// PLOVER 0.5 labels that PLOVER later merged, mapped to the types dyad
/// emits (CAMEO→PLOVER 2021 map): DEMAND→REQUEST, FIGHT→ASSAULT,
/// DISAPPROVE→ACCUSE, INVESTIGATE→ACCUSE. Any other label is returned as is
/// (upper-cased).
pub fn plover_relabel(label: &str) -> String {
    let l = label.trim().to_ascii_uppercase();
    match l.as_str() {
        "DEMAND" => "REQUEST".into(),
        "FIGHT" => "ASSAULT".into(),
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE".into(),
        _ => l,
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> EvalError + '_ {
    move |e| EvalError::Io { path: path.display().to_string(), source: e }
}

fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.trim_start_matches('\u{feff}').to_string(),
        Err(_) => bytes.iter().map(|&b| b as char).collect(),
    }
}

/// Read a gold file of any kind ([`GoldKind::detect`]). `default_date`
/// dates records without a (readable) date. Errors: unreadable file,
/// unknown kind, a JSON file that is not an array.
pub fn read_gold(path: &Path, default_date: Option<NaiveDate>) -> Result<GoldFile, EvalError> {
    let bytes = std::fs::read(path).map_err(io_err(path))?;
    let text = decode(&bytes);
    let name = path.display().to_string();
    let kind = GoldKind::detect(path, &text).ok_or_else(|| EvalError::Format {
        path: name.clone(),
        line: 0,
        message: "not a gold file (want PETRARCH XML, a PLOVER JSON array or dyad JSONL)".into(),
    })?;
    match kind {
        GoldKind::PetrarchXml => Ok(parse_petrarch_xml(&name, &text, default_date)),
        GoldKind::PloverJson => parse_plover_json(&name, &text, default_date),
        GoldKind::DyadJsonl => Ok(parse_dyad_jsonl(&name, &text, default_date)),
    }
}

fn split_names(s: &str) -> Vec<String> {
    s.split([',', ';']).map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).collect()
}

/// Parse PETRARCH validation XML text (`name` is used in ids and warnings).
/// Never fails: unreadable records become warnings; an XML error stops
/// reading with a warning.
pub fn parse_petrarch_xml(name: &str, text: &str, default_date: Option<NaiveDate>) -> GoldFile {
    use quick_xml::events::Event as X;
    let rep = crate::input::repair_petrarch_xml(text);
    let mut gf = GoldFile {
        path: name.to_string(),
        kind: GoldKind::PetrarchXml,
        records: Vec::new(),
        environment: None,
        excluded: Vec::new(),
        warnings: Vec::new(),
        relabelled: BTreeMap::new(),
    };
    if rep.repaired > 0 {
        gf.warnings.push(format!(
            "{name}:{}: {} <Sentence .../> record(s) were self-closed yet closed by </Sentence>; repaired",
            rep.first_repair_line, rep.repaired
        ));
    }
    if rep.dropped_hash_lines > 0 {
        gf.warnings.push(format!(
            "{name}:{}: {} bare `#` comment line(s) outside records ignored",
            rep.first_hash_line, rep.dropped_hash_lines
        ));
    }
    let xml = rep.text;
    let lines = crate::input::LineIndex::new(&xml);
    let line_of = |pos: u64| lines.line_of(pos);
    let attr_map = |e: &quick_xml::events::BytesStart| -> BTreeMap<String, String> {
        let mut m = BTreeMap::new();
        for a in e.attributes().with_checks(false).flatten() {
            let val = a
                .unescape_value()
                .map(|c| c.into_owned())
                .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned());
            m.insert(String::from_utf8_lossy(a.key.local_name().as_ref()).to_ascii_lowercase(), val.trim().to_string());
        }
        m
    };
    let mut rdr = quick_xml::Reader::from_str(&xml);
    rdr.config_mut().trim_text(false);
    let mut env: Option<Environment> = None;
    let mut in_env = false;
    let mut env_tag = String::new();
    let mut env_text = String::new();
    let mut cur: Option<(GoldRecord, Option<String>)> = None;
    let mut in_text = false;
    // offset of the reader's start in `xml` (the reader restarts after an error)
    let mut base: u64 = 0;
    loop {
        let pos = base + rdr.buffer_position();
        let ev = match rdr.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                // skip the damaged record, resume at the next <Sentence>
                let at = base + rdr.error_position();
                let what = match cur.take() {
                    Some((r, _)) => format!("record {} skipped", r.id),
                    None => "nothing skipped".to_string(),
                };
                match crate::input::next_sentence_start(&xml, at as usize + 1) {
                    Some(next) => {
                        gf.warnings.push(format!(
                            "{name}:{}: XML error: {e}; {what}, reading resumes at line {}",
                            line_of(at),
                            line_of(next as u64)
                        ));
                        base = next as u64;
                        rdr = quick_xml::Reader::from_str(&xml[next..]);
                        rdr.config_mut().trim_text(false);
                        // the enclosing elements were opened before the restart
                        rdr.config_mut().allow_unmatched_ends = true;
                        in_text = false;
                        in_env = false;
                        continue;
                    }
                    None => {
                        gf.warnings
                            .push(format!("{name}:{}: XML error: {e}; {what}, rest of file skipped", line_of(at)));
                        break;
                    }
                }
            }
        };
        match &ev {
            X::Eof => break,
            X::Start(e) if e.local_name().as_ref() == b"Environment" => {
                in_env = true;
                env.get_or_insert_with(Environment::default);
            }
            X::End(e) if e.local_name().as_ref() == b"Environment" => in_env = false,
            X::Start(e) if in_env => {
                env_tag = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                env_text.clear();
            }
            X::Text(t) if in_env => env_text.push_str(&t.unescape().map(|c| c.into_owned()).unwrap_or_default()),
            X::End(_) if in_env => {
                let e = env.get_or_insert_with(Environment::default);
                let names = split_names(&env_text);
                match env_tag.to_ascii_lowercase().as_str() {
                    "verbfile" => e.verbs.extend(names),
                    "actorfile" => e.actors.extend(names),
                    "agentfile" => e.agents.extend(names),
                    "discardfile" => e.discards.extend(names),
                    "issuefile" => e.issues.extend(names),
                    "include" => e.include.extend(
                        env_text.split_whitespace().filter(|c| !c.eq_ignore_ascii_case("valid")).map(String::from),
                    ),
                    "exclude" => e.exclude.extend(env_text.split_whitespace().map(String::from)),
                    _ => {}
                }
                env_tag.clear();
                env_text.clear();
            }
            X::Start(e) | X::Empty(e) if e.local_name().as_ref() == b"Sentence" => {
                let line = line_of(pos);
                if let Some((prev, _)) = cur.take() {
                    gf.warnings.push(format!("{name}:{}: unclosed <Sentence>; record skipped", prev.line));
                }
                let a = attr_map(e);
                let date_raw = a.get("date").cloned();
                let date = date_raw.as_deref().and_then(dyad_core::date::parse_date_lenient).or(default_date);
                let rec = GoldRecord {
                    id: a.get("id").filter(|s| !s.is_empty()).cloned().unwrap_or_else(|| format!("{name}:{line}")),
                    line,
                    category: a.get("category").cloned().unwrap_or_default(),
                    date,
                    ..GoldRecord::default()
                };
                if matches!(ev, X::Empty(_)) {
                    gf.warnings.push(format!("{name}:{line}: empty <Sentence/> without <Text>; record skipped"));
                } else {
                    cur = Some((rec, None));
                }
            }
            X::Start(e) | X::Empty(e) if e.local_name().as_ref() == b"EventCoding" => {
                if let Some((rec, _)) = cur.as_mut() {
                    let a = attr_map(e);
                    if a.get("noevents").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
                        rec.noevents = true;
                    }
                    if let Some(er) = a.get("error") {
                        rec.error = Some(er.clone());
                    }
                    if let Some(code) = a.get("eventcode").filter(|c| !c.is_empty()) {
                        rec.events.push(GoldEvent {
                            source: a.get("sourcecode").cloned().unwrap_or_default(),
                            target: a.get("targetcode").cloned().unwrap_or_default(),
                            code: code.clone(),
                        });
                    }
                }
            }
            X::Start(e) if e.local_name().as_ref() == b"Text" && cur.is_some() => {
                in_text = true;
                if let Some((_, t)) = cur.as_mut() {
                    t.get_or_insert_with(String::new);
                }
            }
            X::End(e) if e.local_name().as_ref() == b"Text" => in_text = false,
            X::Text(t) if in_text => {
                let s =
                    t.unescape().map(|c| c.into_owned()).unwrap_or_else(|_| String::from_utf8_lossy(t).into_owned());
                if let Some(buf) = cur.as_mut().and_then(|(_, t)| t.as_mut()) {
                    buf.push_str(&s);
                    buf.push(' ');
                }
            }
            X::CData(t) if in_text => {
                if let Some(buf) = cur.as_mut().and_then(|(_, t)| t.as_mut()) {
                    buf.push_str(&String::from_utf8_lossy(t));
                    buf.push(' ');
                }
            }
            X::End(e) if e.local_name().as_ref() == b"Sentence" => {
                in_text = false;
                if let Some((mut rec, text)) = cur.take() {
                    match text {
                        None => {
                            gf.warnings.push(format!("{name}:{}: <Sentence> has no <Text>; record skipped", rec.line))
                        }
                        Some(t) => {
                            rec.text = t.split_whitespace().collect::<Vec<_>>().join(" ");
                            let keep = match env.as_ref() {
                                Some(e) => e.includes(&rec.category),
                                None => true,
                            };
                            if keep {
                                gf.records.push(rec);
                            } else {
                                gf.excluded.push(rec.id);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if let Some((r, _)) = cur.take() {
        gf.warnings.push(format!("{name}:{}: unclosed <Sentence> at end of file; record skipped", r.line));
    }
    if !gf.excluded.is_empty() {
        gf.warnings.push(format!(
            "{name}: {} record(s) of categories outside <Include> (or in <Exclude>) not scored",
            gf.excluded.len()
        ));
    }
    gf.environment = env;
    gf
}

fn str_field(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Line (1-based) of each top-level `{` of a JSON array text, for messages.
fn array_item_lines(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let (mut depth, mut in_str, mut esc, mut line) = (0i32, false, false, 1u64);
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_str {
            if esc {
                esc = false;
            } else if c == '\\' {
                esc = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '[' | '{' => {
                if depth == 1 && c == '{' {
                    out.push(line);
                }
                depth += 1;
            }
            ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    out
}

/// Parse PLOVER gold JSON (an array of records). Records without text or
/// `event` are skipped with a warning; the `DOCUMENT` record silently.
/// Errors: the text is not a JSON array.
pub fn parse_plover_json(name: &str, text: &str, default_date: Option<NaiveDate>) -> Result<GoldFile, EvalError> {
    let arr: Vec<Value> = serde_json::from_str(text).map_err(|e| EvalError::Format {
        path: name.to_string(),
        line: e.line() as u64,
        message: format!("not a JSON array of records: {e}"),
    })?;
    let lines = array_item_lines(text);
    let mut gf = GoldFile {
        path: name.to_string(),
        kind: GoldKind::PloverJson,
        records: Vec::new(),
        environment: None,
        excluded: Vec::new(),
        warnings: Vec::new(),
        relabelled: BTreeMap::new(),
    };
    for (i, v) in arr.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(0);
        let label = str_field(v, "event").unwrap_or_default();
        if label.eq_ignore_ascii_case("DOCUMENT") {
            continue;
        }
        let Some(text) = str_field(v, "text").filter(|t| !t.trim().is_empty()) else {
            gf.warnings.push(format!("{name}:{line}: record without text skipped"));
            continue;
        };
        let ty = plover_relabel(&label);
        if !label.is_empty() && ty != label.trim().to_ascii_uppercase() {
            *gf.relabelled.entry((label.trim().to_ascii_uppercase(), ty.clone())).or_default() += 1;
        }
        gf.records.push(GoldRecord {
            id: str_field(v, "id").unwrap_or_else(|| format!("{name}:{line}")),
            line,
            category: ty.clone(),
            date: str_field(v, "date").as_deref().and_then(dyad_core::date::parse_date_lenient).or(default_date),
            text,
            plover_type: Some(ty).filter(|t| !t.is_empty()),
            ..GoldRecord::default()
        });
    }
    Ok(gf)
}

/// Parse dyad JSONL gold (docs/EVAL.md). Lines that are blank or start with
/// `#` are ignored; unreadable lines are skipped with a warning.
pub fn parse_dyad_jsonl(name: &str, text: &str, default_date: Option<NaiveDate>) -> GoldFile {
    let mut gf = GoldFile {
        path: name.to_string(),
        kind: GoldKind::DyadJsonl,
        records: Vec::new(),
        environment: None,
        excluded: Vec::new(),
        warnings: Vec::new(),
        relabelled: BTreeMap::new(),
    };
    for (i, l) in text.lines().enumerate() {
        let line = i as u64 + 1;
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let v: Value = match serde_json::from_str(t) {
            Ok(v) => v,
            Err(e) => {
                gf.warnings.push(format!("{name}:{line}: not JSON ({e}); skipped"));
                continue;
            }
        };
        let Some(text) = str_field(&v, "text") else {
            gf.warnings.push(format!("{name}:{line}: no \"text\"; skipped"));
            continue;
        };
        let mut events = Vec::new();
        if let Some(Value::Array(evs)) = v.get("events") {
            for e in evs {
                match str_field(e, "code").filter(|c| !c.is_empty()) {
                    Some(code) => events.push(GoldEvent {
                        source: str_field(e, "source").unwrap_or_default(),
                        target: str_field(e, "target").unwrap_or_default(),
                        code,
                    }),
                    None => gf.warnings.push(format!("{name}:{line}: event without \"code\" ignored")),
                }
            }
        }
        gf.records.push(GoldRecord {
            id: str_field(&v, "id").unwrap_or_else(|| format!("{name}:{line}")),
            line,
            category: str_field(&v, "category").unwrap_or_default(),
            date: str_field(&v, "date").as_deref().and_then(dyad_core::date::parse_date_lenient).or(default_date),
            text,
            events,
            noevents: v.get("noevents").and_then(Value::as_bool).unwrap_or(false),
            error: str_field(&v, "error"),
            plover_type: str_field(&v, "plover_type").map(|t| plover_relabel(&t)),
        });
    }
    gf
}

// ---------------------------------------------------------------- dictionaries

/// Dictionaries loaded for a gold file's `<Environment>`.
#[derive(Debug)]
pub struct EnvDictionaries {
    /// The merged dictionaries.
    pub dicts: Dictionaries,
    /// Per-entry load warnings.
    pub warnings: Vec<Warning>,
    /// Load counts.
    pub report: LoadReport,
    /// The files loaded, in order.
    pub files: Vec<PathBuf>,
}

/// Load the dictionaries an `<Environment>` names, each file name resolved
/// in `dict_dirs` (first folder holding it wins) and read as the kind its
/// tag says. `overrides` (`--dict` paths) replace the environment's files of
/// the same kind (kind from the file name, as `dyad code --dict` tells it);
/// other kinds still come from the environment. Errors: a name found in no
/// folder, an unreadable file.
pub fn load_environment(
    gold_path: &str,
    env: &Environment,
    dict_dirs: &[PathBuf],
    overrides: &[PathBuf],
) -> Result<EnvDictionaries, EvalError> {
    let mut out = EnvDictionaries {
        dicts: Dictionaries::default(),
        warnings: Vec::new(),
        report: LoadReport::default(),
        files: Vec::new(),
    };
    let mut overridden: Vec<Kind> = Vec::new();
    for p in overrides {
        let (d, w, r) = dyad_dict::petrarch::load_path_report(p)?;
        overridden.extend(r.files.iter().map(|(_, k)| *k));
        out.dicts.extend(d);
        out.warnings.extend(w);
        out.report.merge(&r);
        out.files.push(p.clone());
    }
    for (kind, name) in env.files() {
        if overridden.contains(&kind) {
            continue;
        }
        let path = dict_dirs.iter().map(|d| d.join(name)).find(|p| p.is_file()).ok_or_else(|| {
            EvalError::MissingDictionary {
                path: gold_path.to_string(),
                name: name.to_string(),
                dirs: dict_dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", "),
            }
        })?;
        let bytes = std::fs::read(&path).map_err(io_err(&path))?;
        let file = path.display().to_string();
        let text = decode(&bytes);
        let d = dyad_dict::petrarch::read_text(kind, &file, &text, &mut out.warnings, &mut out.report);
        out.dicts.extend(d);
        out.dicts.sources.push((file, Fnv::hex(&bytes)));
        out.files.push(path);
    }
    Ok(out)
}

// ---------------------------------------------------------------- scoring

/// True when a produced actor code satisfies an expected one: it starts with
/// it (gold `USA` accepts `USAGOV`; empty gold accepts anything).
pub fn actor_matches(expected: &str, produced: &str) -> bool {
    produced.starts_with(expected)
}

/// True when `p` matches `g`: equal event codes, both actors matching.
pub fn event_matches(g: &GoldEvent, p: &Event) -> bool {
    g.code == p.code && actor_matches(&g.source, &p.source) && actor_matches(&g.target, &p.target)
}

/// Greedy one-to-one matching: expected events in order each take the
/// still-unused matching produced event whose actor codes are closest in
/// length to the expected ones (then the first). Returns, per expected
/// event, the index of its produced event.
pub fn match_events(expected: &[GoldEvent], produced: &[Event]) -> Vec<Option<usize>> {
    let mut used = vec![false; produced.len()];
    expected
        .iter()
        .map(|g| {
            let best = produced
                .iter()
                .enumerate()
                .filter(|(i, p)| !used[*i] && event_matches(g, p))
                .min_by_key(|(_, p)| p.source.len() + p.target.len())
                .map(|(i, _)| i);
            if let Some(i) = best {
                used[i] = true;
            }
            best
        })
        .collect()
}

/// Counts over a set of records (a category or a whole file).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Records scored.
    pub records: usize,
    /// Records with expected events.
    pub event_records: usize,
    /// Event records fully right (every expected event matched, no extra).
    pub records_correct: usize,
    /// Expected events.
    pub expected: usize,
    /// Expected events matched.
    pub matched: usize,
    /// Produced events on event records matched by nothing.
    pub extra: usize,
    /// Events produced on all records.
    pub produced: usize,
    /// `noevents` records.
    pub noevents_total: usize,
    /// `noevents` records with nothing produced.
    pub noevents_correct: usize,
    /// `error` records.
    pub errors_total: usize,
    /// `error` records with nothing produced.
    pub errors_correct: usize,
    /// Records with a gold PLOVER type.
    pub typed: usize,
    /// Of those, records whose type is among the produced events' types.
    pub type_correct: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.records += o.records;
        self.event_records += o.event_records;
        self.records_correct += o.records_correct;
        self.expected += o.expected;
        self.matched += o.matched;
        self.extra += o.extra;
        self.produced += o.produced;
        self.noevents_total += o.noevents_total;
        self.noevents_correct += o.noevents_correct;
        self.errors_total += o.errors_total;
        self.errors_correct += o.errors_correct;
        self.typed += o.typed;
        self.type_correct += o.type_correct;
    }

    /// Expected events not matched.
    pub fn missing(&self) -> usize {
        self.expected - self.matched
    }

    /// matched / expected (`None` without expected events).
    pub fn recall(&self) -> Option<f64> {
        (self.expected > 0).then(|| self.matched as f64 / self.expected as f64)
    }

    /// extra / expected (`None` without expected events).
    pub fn extra_rate(&self) -> Option<f64> {
        (self.expected > 0).then(|| self.extra as f64 / self.expected as f64)
    }

    /// type_correct / typed (`None` without typed records).
    pub fn type_accuracy(&self) -> Option<f64> {
        (self.typed > 0).then(|| self.type_correct as f64 / self.typed as f64)
    }
}

/// What went wrong with a record (for `--failures` and the failing list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordOutcome {
    /// Index into [`GoldFile::records`].
    pub record: usize,
    /// Per expected event, the produced event matched to it.
    pub matches: Vec<Option<usize>>,
    /// Produced events matched by no expected event.
    pub extra: Vec<usize>,
    /// True when the record is fully right.
    pub correct: bool,
    /// Short reason class when not (see [`failure_reason`]).
    pub reason: String,
}

/// The scores of one gold file.
#[derive(Debug, Clone)]
pub struct EvalReport {
    /// Gold file path.
    pub file: String,
    /// Gold kind.
    pub kind: GoldKind,
    /// Whole-file counts.
    pub total: Tally,
    /// Counts per record category (`""` for none).
    pub by_category: BTreeMap<String, Tally>,
    /// One outcome per record, in file order.
    pub outcomes: Vec<RecordOutcome>,
}

/// A short class for why a record failed, from its expected and produced
/// events: `noevents: coded N`, `error:KIND: coded N`, or for event records
/// a `+`-joined set of `nothing coded`, `wrong actor` (an unmatched produced
/// event has the expected code), `wrong code (same root)`, `wrong code`
/// (an unmatched produced event has the expected actors), `missed`, and
/// `extra` (unmatched produced events). Empty when the record is right.
pub fn failure_reason(rec: &GoldRecord, produced: &[Event], o: &RecordOutcome) -> String {
    if rec.events.is_empty() {
        if produced.is_empty() {
            return String::new();
        }
        if rec.noevents {
            return format!("noevents: coded {}", produced.len());
        }
        if let Some(e) = &rec.error {
            return format!("error:{e}: coded {}", produced.len());
        }
        return String::new();
    }
    let mut reasons: Vec<&str> = Vec::new();
    let mut push = |r: &'static str| {
        if !reasons.contains(&r) {
            reasons.push(r);
        }
    };
    let unmatched: Vec<&Event> = o.extra.iter().map(|&i| &produced[i]).collect();
    for (g, m) in rec.events.iter().zip(&o.matches) {
        if m.is_some() {
            continue;
        }
        if produced.is_empty() {
            push("nothing coded");
        } else if unmatched.iter().any(|p| p.code == g.code) {
            push("wrong actor");
        } else if let Some(p) =
            unmatched.iter().find(|p| actor_matches(&g.source, &p.source) && actor_matches(&g.target, &p.target))
        {
            if p.code.get(..2) == g.code.get(..2) {
                push("wrong code (same root)");
            } else {
                push("wrong code");
            }
        } else {
            push("missed");
        }
    }
    if !o.extra.is_empty() {
        push("extra");
    }
    reasons.join("+")
}

/// Score a gold file given the events produced for each of its records
/// (`produced[i]` for `gold.records[i]`; missing entries count as none).
pub fn score(gold: &GoldFile, produced: &[Vec<Event>]) -> EvalReport {
    let empty: Vec<Event> = Vec::new();
    let mut rep = EvalReport {
        file: gold.path.clone(),
        kind: gold.kind,
        total: Tally::default(),
        by_category: BTreeMap::new(),
        outcomes: Vec::with_capacity(gold.records.len()),
    };
    for (i, rec) in gold.records.iter().enumerate() {
        let evs = produced.get(i).unwrap_or(&empty);
        let mut t = Tally { records: 1, produced: evs.len(), ..Tally::default() };
        let matches = match_events(&rec.events, evs);
        let used: Vec<usize> = matches.iter().flatten().copied().collect();
        let extra: Vec<usize> = (0..evs.len()).filter(|i| !used.contains(i)).collect();
        let mut correct;
        if !rec.events.is_empty() {
            t.event_records = 1;
            t.expected = rec.events.len();
            t.matched = used.len();
            t.extra = extra.len();
            correct = t.matched == t.expected && t.extra == 0;
            t.records_correct = usize::from(correct);
        } else if rec.noevents {
            t.noevents_total = 1;
            correct = evs.is_empty();
            t.noevents_correct = usize::from(correct);
        } else if rec.error.is_some() {
            t.errors_total = 1;
            correct = evs.is_empty();
            t.errors_correct = usize::from(correct);
        } else {
            correct = true;
        }
        if let Some(ty) = &rec.plover_type {
            t.typed = 1;
            let hit = evs.iter().any(|e| &e.plover_type == ty);
            t.type_correct = usize::from(hit);
            correct &= hit;
        }
        let mut o = RecordOutcome { record: i, matches, extra, correct, reason: String::new() };
        if !correct {
            o.reason = failure_reason(rec, evs, &o);
            if o.reason.is_empty() {
                o.reason = "wrong type".into();
            }
        }
        rep.total.add(&t);
        rep.by_category.entry(rec.category.clone()).or_default().add(&t);
        rep.outcomes.push(o);
    }
    rep
}

fn round4(x: Option<f64>) -> Value {
    match x {
        Some(v) => json!((v * 10000.0).round() / 10000.0),
        None => Value::Null,
    }
}

impl EvalReport {
    /// The `dyad eval --json` object: `file, kind, expected, matched, missing,
    /// extra, recall, extra_rate, noevents_correct, noevents_total` (ratios
    /// rounded to 4 places, `null` without expected events), plus
    /// `errors_correct, errors_total, records, produced`, and `type_accuracy,
    /// typed` for PLOVER files.
    pub fn to_json(&self) -> Value {
        let t = &self.total;
        let mut v = json!({
            "file": self.file,
            "kind": self.kind.as_str(),
            "expected": t.expected,
            "matched": t.matched,
            "missing": t.missing(),
            "extra": t.extra,
            "recall": round4(t.recall()),
            "extra_rate": round4(t.extra_rate()),
            "noevents_correct": t.noevents_correct,
            "noevents_total": t.noevents_total,
            "errors_correct": t.errors_correct,
            "errors_total": t.errors_total,
            "records": t.records,
            "produced": t.produced,
        });
        if self.kind == GoldKind::PloverJson || t.typed > 0 {
            v["type_accuracy"] = round4(t.type_accuracy());
            v["typed"] = json!(t.typed);
        }
        v
    }

    /// Human-readable report: one line per category and a total line.
    pub fn to_text(&self) -> String {
        let mut s = format!("{} ({})\n", self.file, self.kind.as_str());
        s.push_str(&format!(
            "  {:<12} {:>9} {:>9} {:>7} {:>6} {:>9} {:>9}{}\n",
            "category",
            "records",
            "expected",
            "missing",
            "extra",
            "noevents",
            "errors",
            if self.total.typed > 0 { "      type" } else { "" }
        ));
        let line = |name: &str, t: &Tally| {
            format!(
                "  {:<12} {:>9} {:>9} {:>7} {:>6} {:>9} {:>9}{}\n",
                if name.is_empty() { "-" } else { name },
                format!("{}/{}", t.records_correct, t.event_records),
                format!("{}/{}", t.matched, t.expected),
                t.missing(),
                t.extra,
                format!("{}/{}", t.noevents_correct, t.noevents_total),
                format!("{}/{}", t.errors_correct, t.errors_total),
                if self.total.typed > 0 {
                    format!("{:>10}", format!("{}/{}", t.type_correct, t.typed))
                } else {
                    String::new()
                }
            )
        };
        for (c, t) in &self.by_category {
            s.push_str(&line(c, t));
        }
        s.push_str(&line("TOTAL", &self.total));
        let t = &self.total;
        let f = |x: Option<f64>| x.map_or("n/a".to_string(), |v| format!("{v:.3}"));
        s.push_str(&format!(
            "  recall {} ({}/{}), extra_rate {} ({}/{}), noevents correct {}/{}, errors correct {}/{}",
            f(t.recall()),
            t.matched,
            t.expected,
            f(t.extra_rate()),
            t.extra,
            t.expected,
            t.noevents_correct,
            t.noevents_total,
            t.errors_correct,
            t.errors_total
        ));
        if t.typed > 0 {
            s.push_str(&format!(", type_accuracy {} ({}/{})", f(t.type_accuracy()), t.type_correct, t.typed));
        }
        s.push('\n');
        s
    }
}

fn gold_json(g: &GoldEvent) -> Value {
    json!({"source": g.source, "code": g.code, "target": g.target})
}

/// A produced event as written in failure lines: codes, modality, texts, rule.
pub fn produced_json(e: &Event) -> Value {
    json!({
        "source": e.source, "code": e.code, "target": e.target,
        "modality": e.modality.as_str(), "plover_type": e.plover_type,
        "source_text": e.source_text, "verb_text": e.verb_text, "target_text": e.target_text,
        "rule": e.rule,
    })
}

/// The `--failures` JSONL objects of a scored file: one per missing
/// expected event (`failure: "missing"`), per extra produced event
/// (`"extra"`), per `noevents`/`error` record that coded something, and per
/// PLOVER record whose type was not produced (`"type"`). Each carries
/// `file, id, category, reason, sentence, expected, produced` and the
/// `event` concerned.
pub fn failure_lines(gold: &GoldFile, produced: &[Vec<Event>], rep: &EvalReport) -> Vec<Value> {
    let empty: Vec<Event> = Vec::new();
    let mut out = Vec::new();
    for o in rep.outcomes.iter().filter(|o| !o.correct) {
        let rec = &gold.records[o.record];
        let evs = produced.get(o.record).unwrap_or(&empty);
        let base = |failure: &str, event: Value| {
            json!({
                "file": gold.path, "id": rec.id, "category": rec.category,
                "failure": failure, "reason": o.reason, "event": event,
                "sentence": rec.text,
                "expected": rec.events.iter().map(gold_json).collect::<Vec<_>>(),
                "noevents": rec.noevents, "error": rec.error, "plover_type": rec.plover_type,
                "produced": evs.iter().map(produced_json).collect::<Vec<_>>(),
            })
        };
        for (g, m) in rec.events.iter().zip(&o.matches) {
            if m.is_none() {
                out.push(base("missing", gold_json(g)));
            }
        }
        let what = if rec.events.is_empty() && rec.noevents {
            "noevents"
        } else if rec.events.is_empty() && rec.error.is_some() {
            "error"
        } else {
            "extra"
        };
        if rec.events.is_empty() && rec.plover_type.is_none() && !rec.noevents && rec.error.is_none() {
            continue;
        }
        if rec.plover_type.is_some() && rec.events.is_empty() {
            out.push(base("type", Value::Null));
            continue;
        }
        for &i in &o.extra {
            out.push(base(what, produced_json(&evs[i])));
        }
    }
    out
}

/// The failing-records list (eval/failing_records.txt): a header, then one
/// tab-separated line per failing record: `id, category, reason, matched/
/// expected, extra`.
pub fn failing_records_text(gold: &GoldFile, rep: &EvalReport) -> String {
    let mut s = String::new();
    for o in rep.outcomes.iter().filter(|o| !o.correct) {
        let rec = &gold.records[o.record];
        let matched = o.matches.iter().flatten().count();
        s.push_str(&format!(
            "{}\t{}\t{}\t{}/{}\t{}\n",
            rec.id,
            rec.category,
            o.reason,
            matched,
            rec.events.len(),
            o.extra.len()
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_error_skips_one_record() {
        let xml = "<Sentences>\n<Sentence id=\"A-1\" category=\"X\"><Text>Russia attacked Ukraine.</Text>\n\
                   <EventCoding sourcecode=\"RUS\" targetcode=\"UKR\" eventcode=\"190\"/></Sentence>\n\
                   <Sentence id=\"A-2\" category=\"X\"><Text>China criticized Japan.</Txet>\n</Sentence>\n\
                   <Sentence id=\"A-3\" category=\"X\"><Text>France met Germany.</Text>\n</Sentence>\n</Sentences>\n";
        let g = parse_petrarch_xml("g.xml", xml, None);
        let ids: Vec<&str> = g.records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["A-1", "A-3"]);
        assert_eq!(g.warnings.len(), 1, "{:?}", g.warnings);
        assert!(g.warnings[0].starts_with("g.xml:4: XML error") && g.warnings[0].contains("record A-2 skipped"));
    }

    fn ev(source: &str, code: &str, target: &str) -> Event {
        Event { source: source.into(), code: code.into(), target: target.into(), ..Event::default() }
    }

    fn g(source: &str, code: &str, target: &str) -> GoldEvent {
        GoldEvent { source: source.into(), code: code.into(), target: target.into() }
    }

    #[test]
    fn actor_prefix_rule() {
        assert!(actor_matches("USA", "USAGOV"));
        assert!(!actor_matches("USAGOV", "USA"));
        assert!(actor_matches("", "RUS"));
    }

    #[test]
    fn greedy_one_to_one() {
        let exp = [g("USA", "042", "CHN"), g("USA", "042", "CHN")];
        let prod = [ev("USAGOV", "042", "CHN"), ev("USA", "042", "CHNGOV"), ev("CHN", "043", "USA")];
        let m = match_events(&exp, &prod);
        assert_eq!(m, vec![Some(0), Some(1)]);
        let m = match_events(&exp[..1], &prod[2..]);
        assert_eq!(m, vec![None]);
    }

    const XML: &str = r#"<Validation>
<Environment>
    <Verbfile>V.verbs.txt</Verbfile>
    <Actorfile>A.actors.txt, B.actors.txt</Actorfile>
    <Include>valid DEMO ERROR</Include>
</Environment>
<Sentences>
<Sentence date="19950101" id="DEMO-00" category="DEMO" sentence="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<EventCoding sourcecode='"INJURY TOLL"' targetcode="GON" eventcode="223"></EventCoding>
<Text>
Arnor is about to restore
 ties with Gondor.
</Text>
<Parse>(ROOT (S (NP (NNP Ignored))))</Parse>
</Sentence>
<Sentence date="19950101" id="X-01" category="OTHER">
<EventCoding noevents = "True"></EventCoding>
<Text>Not scored.</Text>
</Sentence>
<Sentence category="ERROR" date="20080804" id="E-1" evaluate="true"/>
<EventCoding error="storydiscard" />
<Text>Discard me.</Text>
</Sentence>
</Sentences>
</Validation>
"#;

    #[test]
    fn petrarch_xml_records_environment_and_repair() {
        let gf = parse_petrarch_xml("t.xml", XML, None);
        let env = gf.environment.clone().unwrap();
        assert_eq!(env.verbs, vec!["V.verbs.txt"]);
        assert_eq!(env.actors, vec!["A.actors.txt", "B.actors.txt"]);
        assert_eq!(env.include, vec!["DEMO", "ERROR"]);
        assert_eq!(gf.records.len(), 2);
        assert_eq!(gf.excluded, vec!["X-01"]);
        let r = &gf.records[0];
        assert_eq!(r.text, "Arnor is about to restore ties with Gondor.");
        assert_eq!(r.date, NaiveDate::from_ymd_opt(1995, 1, 1));
        assert_eq!(r.events, vec![g("ARN", "064", "GON"), g("\"INJURY TOLL\"", "223", "GON")]);
        assert_eq!(gf.records[1].error.as_deref(), Some("storydiscard"));
        assert!(gf.warnings.iter().any(|w| w.contains("repaired")));
    }

    #[test]
    fn scoring_counts() {
        let gf = parse_petrarch_xml("t.xml", XML, None);
        let produced = vec![vec![ev("ARNGOV", "064", "GON"), ev("GON", "043", "ARN")], vec![ev("ARN", "010", "")]];
        let rep = score(&gf, &produced);
        let t = rep.total;
        assert_eq!((t.expected, t.matched, t.extra), (2, 1, 1));
        assert_eq!((t.errors_total, t.errors_correct), (1, 0));
        assert_eq!(rep.outcomes[0].reason, "missed+extra");
        assert_eq!(rep.outcomes[1].reason, "error:storydiscard: coded 1");
        let j = rep.to_json();
        assert_eq!(j["recall"], json!(0.5));
        assert_eq!(j["kind"], json!("petrarch-xml"));
        let lines = failure_lines(&gf, &produced, &rep);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["failure"], json!("missing"));
    }

    #[test]
    fn plover_and_jsonl() {
        let p = r#"[{"id":"D","event":"DOCUMENT"},
{"id":"P1","date":"2000-01-01","event":"DEMAND","text":"Iran demanded talks."}]"#;
        let gf = parse_plover_json("p.txt", p, None).unwrap();
        assert_eq!(gf.records.len(), 1);
        assert_eq!(gf.records[0].plover_type.as_deref(), Some("REQUEST"));
        assert_eq!(gf.relabelled.values().sum::<usize>(), 1);
        let mut e = ev("IRN", "020", "");
        e.plover_type = "REQUEST".into();
        let rep = score(&gf, &[vec![e]]);
        assert_eq!(rep.total.type_accuracy(), Some(1.0));

        let j = "{\"id\":\"a\",\"date\":\"2020-01-02\",\"text\":\"x\",\"events\":[{\"source\":\"USA\",\"code\":\"042\",\"target\":\"CHN\"}]}\n\n{\"id\":\"b\",\"text\":\"y\",\"noevents\":true}\n";
        let gf = parse_dyad_jsonl("g.jsonl", j, None);
        assert_eq!(gf.records.len(), 2);
        assert_eq!(gf.records[0].events, vec![g("USA", "042", "CHN")]);
        assert!(gf.records[1].noevents);
        assert_eq!(GoldKind::detect(Path::new("g.jsonl"), j), Some(GoldKind::DyadJsonl));
        assert_eq!(GoldKind::detect(Path::new("p.txt"), p), Some(GoldKind::PloverJson));
    }
}

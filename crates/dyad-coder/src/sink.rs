//! Output sinks: where coded events go. Three formats, each documented
//! column by column in `docs/FORMATS.md`:
//!
//! - [`JsonlSink`]: one JSON object per event (the [`Event`] fields in
//!   order, plus document `url`, `title`, `doc_source` and optionally the
//!   `sentence` text);
//! - [`TsvSink`]: PETRARCH-2's event lines with a header and the actor and
//!   verb text columns;
//! - [`GdeltSink`]: GDELT 2.0 event-table rows (61 tab-separated columns, no
//!   header).

use dyad_core::{Document, Event, Field};
use std::io::Write;

/// Receives coded events, document by document, in input order.
pub trait EventSink {
    /// Write one document's events.
    fn write_document(&mut self, doc: &Document, events: &[Event]) -> std::io::Result<()>;
    /// Flush at the end.
    fn finish(&mut self) -> std::io::Result<()>;
}

/// The text of an event's sentence, cut from the document field it was coded
/// from (`""` when the span does not fit).
pub fn sentence_text<'a>(doc: &'a Document, e: &Event) -> &'a str {
    let field = match e.field {
        Field::Text => doc.text.as_str(),
        Field::Title => doc.title.as_deref().unwrap_or(""),
    };
    e.spans.sentence.slice(field)
}

/// Replace tabs, carriage returns and newlines by spaces so a value fits in
/// one TSV cell.
fn cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\t', '\n', '\r']) {
        s.replace(['\t', '\n', '\r'], " ").into()
    } else {
        s.into()
    }
}

/// `YYYY-MM-DD` → `YYYYMMDD` (anything else is returned without its dashes).
fn compact_date(d: &str) -> String {
    d.chars().filter(|c| *c != '-').collect()
}

// ---------------------------------------------------------------------------
// JSONL
// ---------------------------------------------------------------------------

/// JSONL: one event object per line. Keys: every [`Event`] field in
/// declaration order (as serde writes it), then, when the document has them,
/// `url`, `title` and `doc_source` (the publisher: `source` is the source
/// actor), then `sentence` when [`JsonlSink::with_sentence`] is on.
pub struct JsonlSink<W: Write> {
    out: W,
    with_sentence: bool,
    buf: Vec<u8>,
}

impl<W: Write> JsonlSink<W> {
    /// Wrap a writer; sentence text off.
    pub fn new(out: W) -> Self {
        JsonlSink { out, with_sentence: false, buf: Vec::new() }
    }

    /// Also write each event's sentence text as `"sentence"`.
    pub fn with_sentence(mut self, on: bool) -> Self {
        self.with_sentence = on;
        self
    }

    /// The wrapped writer.
    pub fn into_inner(self) -> W {
        self.out
    }
}

fn push_key(buf: &mut Vec<u8>, key: &str, val: &str) -> std::io::Result<()> {
    buf.push(b',');
    serde_json::to_writer(&mut *buf, key)?;
    buf.push(b':');
    serde_json::to_writer(&mut *buf, val)?;
    Ok(())
}

impl<W: Write> EventSink for JsonlSink<W> {
    fn write_document(&mut self, doc: &Document, events: &[Event]) -> std::io::Result<()> {
        for e in events {
            self.buf.clear();
            serde_json::to_writer(&mut self.buf, e)?;
            // The event serialises as an object: reopen it to append keys.
            if self.buf.last() == Some(&b'}') {
                self.buf.pop();
                if let Some(u) = &doc.url {
                    push_key(&mut self.buf, "url", u)?;
                }
                if let Some(t) = &doc.title {
                    push_key(&mut self.buf, "title", t)?;
                }
                if let Some(s) = &doc.source {
                    push_key(&mut self.buf, "doc_source", s)?;
                }
                if self.with_sentence {
                    push_key(&mut self.buf, "sentence", sentence_text(doc, e))?;
                }
                self.buf.push(b'}');
            }
            self.buf.push(b'\n');
            self.out.write_all(&self.buf)?;
        }
        Ok(())
    }
    fn finish(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

// ---------------------------------------------------------------------------
// TSV (PETRARCH-2 style)
// ---------------------------------------------------------------------------

/// The TSV sink's header columns, in order.
pub const TSV_COLUMNS: [&str; 12] = [
    "date",
    "source",
    "target",
    "code",
    "issues",
    "doc_id",
    "url",
    "doc_source",
    "source_text",
    "target_text",
    "verb_text",
    "modality",
];

/// PETRARCH-2-style event TSV with a header line. One line per event:
/// `date source target code issues doc_id url doc_source source_text
/// target_text verb_text modality` (see [`TSV_COLUMNS`]; `modality` last, so
/// readers of PETRARCH-2's columns by position still work). PETRARCH-2 writes the
/// first eight in this order (its `ids` column holds sentence ids; ours the
/// document id) but drops `url` when empty and writes the actor/event text
/// only on request; here every column is always present, empty when
/// unknown. Dates are `YYYYMMDD`; tabs and newlines inside values become
/// spaces.
pub struct TsvSink<W: Write> {
    out: W,
    header: bool,
    header_written: bool,
}

impl<W: Write> TsvSink<W> {
    /// Wrap a writer; the header line is written before the first event (or
    /// at `finish` when there are none).
    pub fn new(out: W) -> Self {
        TsvSink { out, header: true, header_written: false }
    }

    /// Turn the header line on or off (on by default).
    pub fn with_header(mut self, on: bool) -> Self {
        self.header = on;
        self
    }

    /// The wrapped writer.
    pub fn into_inner(self) -> W {
        self.out
    }

    fn ensure_header(&mut self) -> std::io::Result<()> {
        if self.header && !self.header_written {
            writeln!(self.out, "{}", TSV_COLUMNS.join("\t"))?;
        }
        self.header_written = true;
        Ok(())
    }
}

/// Issue codes joined PETRARCH-style: `CODE,COUNT;CODE,COUNT` in order of
/// first appearance.
fn joined_issues(issues: &[String]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for i in issues {
        match counts.iter_mut().find(|(c, _)| *c == i.as_str()) {
            Some((_, n)) => *n += 1,
            None => counts.push((i.as_str(), 1)),
        }
    }
    counts.iter().map(|(c, n)| format!("{c},{n}")).collect::<Vec<_>>().join(";")
}

impl<W: Write> EventSink for TsvSink<W> {
    fn write_document(&mut self, doc: &Document, events: &[Event]) -> std::io::Result<()> {
        self.ensure_header()?;
        for e in events {
            let cols = [
                compact_date(&e.date),
                cell(&e.source).into_owned(),
                cell(&e.target).into_owned(),
                cell(&e.code).into_owned(),
                cell(&joined_issues(&e.issues)).into_owned(),
                cell(&e.doc_id).into_owned(),
                cell(doc.url.as_deref().unwrap_or("")).into_owned(),
                cell(doc.source.as_deref().unwrap_or("")).into_owned(),
                cell(&e.source_text).into_owned(),
                cell(&e.target_text).into_owned(),
                cell(&e.verb_text).into_owned(),
                e.modality.as_str().to_string(),
            ];
            writeln!(self.out, "{}", cols.join("\t"))?;
        }
        Ok(())
    }
    fn finish(&mut self) -> std::io::Result<()> {
        self.ensure_header()?;
        self.out.flush()
    }
}

// ---------------------------------------------------------------------------
// GDELT 2.0
// ---------------------------------------------------------------------------

/// Number of columns in a GDELT 2.0 event row.
pub const GDELT_COLUMNS: usize = 61;

/// CAMEO actor role/type codes (the CAMEO actor codebook's type list, as in
/// GDELT's `CAMEO.type.txt`): a 3-letter actor-code part that is one of these
/// goes to the `TypeNCode` columns.
const CAMEO_TYPES: [&str; 39] = [
    "COP", "GOV", "INS", "JUD", "MIL", "OPP", "REB", "SEP", "SPY", "UAF", "AGR", "BUS", "CRM", "CVL", "DEV", "EDU",
    "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED", "REF", "MOD", "RAD", "AMN", "IRC", "GRP", "UNO", "PKO", "UIS",
    "IGO", "IMG", "INT", "MNC", "NGM", "NGO", "SET",
];

/// Type-list codes that name one organisation; GDELT reports them as the
/// known group when they follow a generic type (`IGOUNO` → type `IGO`, known
/// group `UNO`).
const GROUP_TYPES: [&str; 5] = ["AMN", "IRC", "GRP", "UNO", "PKO"];

/// CAMEO religion codes (as in GDELT's `CAMEO.religion.txt`).
const CAMEO_RELIGIONS: [&str; 31] = [
    "ADR", "ALE", "ATH", "BAH", "BUD", "CHR", "CON", "CPT", "CTH", "DOX", "DRZ", "HIN", "HSD", "ITR", "JAN", "JEW",
    "JHW", "LDS", "MOS", "MRN", "NRM", "PAG", "PRO", "SFI", "SHI", "SHN", "SIK", "SUN", "TAO", "UDX", "ZRO",
];

/// An actor code split into GDELT's actor columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GdeltActor {
    /// Full code.
    pub code: String,
    /// Country / region part.
    pub country: String,
    /// Known group (IGO/NGO/rebel organisation code).
    pub known_group: String,
    /// Ethnic code (lower-case 3-letter parts).
    pub ethnic: String,
    /// First and second religion codes.
    pub religion: [String; 2],
    /// Up to three type/role codes.
    pub types: [String; 3],
}

/// Split an actor code into GDELT's actor columns. The code is read in
/// 3-character parts: the part equal to `country` (the event's
/// `source_country`/`target_country`) is the country; parts in the CAMEO
/// type list are types (up to 3), except `AMN IRC GRP UNO PKO` directly after
/// another type, which are the known group; religion codes fill the two
/// religion columns; a lower-case part is the ethnic code; any other part is
/// the known group (first one wins). Parts past the columns' room are dropped.
pub fn split_actor(code: &str, country: &str) -> GdeltActor {
    let mut a = GdeltActor { code: code.to_string(), ..GdeltActor::default() };
    let mut country_done = country.is_empty();
    let mut prev_type = false;
    let mut ntypes = 0;
    let mut nrel = 0;
    let bytes = code.as_bytes();
    let mut i = 0;
    while i + 3 <= bytes.len() {
        let Some(part) = code.get(i..i + 3) else {
            break;
        };
        i += 3;
        let is_type = CAMEO_TYPES.contains(&part);
        if !country_done && part == country {
            a.country = part.to_string();
            country_done = true;
            prev_type = false;
            continue;
        }
        if is_type && !(GROUP_TYPES.contains(&part) && prev_type && a.known_group.is_empty()) {
            if ntypes < 3 {
                a.types[ntypes] = part.to_string();
                ntypes += 1;
            }
            prev_type = true;
            continue;
        }
        prev_type = false;
        if CAMEO_RELIGIONS.contains(&part) {
            if nrel < 2 {
                a.religion[nrel] = part.to_string();
                nrel += 1;
            }
        } else if part.bytes().all(|b| b.is_ascii_lowercase()) {
            if a.ethnic.is_empty() {
                a.ethnic = part.to_string();
            }
        } else if a.known_group.is_empty() {
            a.known_group = part.to_string();
        }
    }
    a
}

/// GDELT 2.0 event rows: 61 tab-separated columns per event in GDELT's
/// order, no header (GDELT files have none). Filled: GLOBALEVENTID (from the
/// event id hash), SQLDATE, MonthYear, Year, FractionDate, the actor columns
/// (see [`split_actor`]; Name = the mention text upper-cased), IsRootEvent,
/// EventCode, EventBaseCode, EventRootCode, QuadClass, GoldsteinScale,
/// (one decimal, like GDELT's `-2.0`),
/// NumMentions/NumSources/NumArticles (1), DATEADDED, SOURCEURL. Empty:
/// AvgTone and all 24 geography columns.
pub struct GdeltSink<W: Write> {
    out: W,
    date_added: Option<String>,
}

impl<W: Write> GdeltSink<W> {
    /// Wrap a writer. DATEADDED defaults to the event date at `000000`.
    pub fn new(out: W) -> Self {
        GdeltSink { out, date_added: None }
    }

    /// Use this time (UTC) for every row's DATEADDED (`YYYYMMDDHHMMSS`),
    /// e.g. the time of the coding run.
    pub fn with_date_added(mut self, t: chrono::NaiveDateTime) -> Self {
        self.date_added = Some(t.format("%Y%m%d%H%M%S").to_string());
        self
    }

    /// The wrapped writer.
    pub fn into_inner(self) -> W {
        self.out
    }
}

/// GLOBALEVENTID: the event id (hex of a 64-bit hash) read as a number and
/// cut to its low 53 bits, so it survives tools that read integers as
/// doubles. Non-hex ids are hashed (FNV-1a 64) first.
pub fn gdelt_event_id(event_id: &str) -> u64 {
    let h = u64::from_str_radix(event_id, 16).unwrap_or_else(|_| {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in event_id.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h
    });
    h & ((1u64 << 53) - 1)
}

/// GDELT's date columns for a `YYYY-MM-DD` date: `[YYYYMMDD, YYYYMM, YYYY,
/// FractionDate]`, all empty when the date does not parse. FractionDate is
/// `YYYY + ((month−1)·30 + day) / 365` to 4 places, which is what GDELT's
/// published files contain (e.g. 2019-10-24 → `2019.8055`); the codebook's
/// wording says `month·30 + day`.
pub fn gdelt_dates(date: &str) -> [String; 4] {
    use chrono::Datelike;
    match chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") {
        Ok(d) => {
            let frac = ((d.month() - 1) * 30 + d.day()) as f64 / 365.0;
            [
                d.format("%Y%m%d").to_string(),
                d.format("%Y%m").to_string(),
                d.year().to_string(),
                format!("{:.4}", d.year() as f64 + frac),
            ]
        }
        Err(_) => Default::default(),
    }
}

impl<W: Write> EventSink for GdeltSink<W> {
    fn write_document(&mut self, doc: &Document, events: &[Event]) -> std::io::Result<()> {
        for e in events {
            let mut c: Vec<String> = Vec::with_capacity(GDELT_COLUMNS);
            c.push(gdelt_event_id(&e.event_id).to_string());
            let dates = gdelt_dates(&e.date);
            c.extend(dates.iter().cloned());
            for (code, country, text) in
                [(&e.source, &e.source_country, &e.source_text), (&e.target, &e.target_country, &e.target_text)]
            {
                let a = split_actor(code, country);
                let name = if a.code.is_empty() { String::new() } else { cell(text).to_uppercase() };
                c.push(cell(&a.code).into_owned());
                c.push(name);
                c.push(a.country);
                c.push(a.known_group);
                c.push(a.ethnic);
                let [r1, r2] = a.religion;
                c.push(r1);
                c.push(r2);
                let [t1, t2, t3] = a.types;
                c.push(t1);
                c.push(t2);
                c.push(t3);
            }
            // the text's first sentence, as the store counts `is_root` (a
            // headline is not the lead paragraph GDELT means)
            c.push(if e.sentence_index == 0 && e.field == dyad_core::Field::Text { "1" } else { "0" }.to_string());
            c.push(cell(&e.code).into_owned());
            c.push(cell(e.code.get(..3).unwrap_or(&e.code)).into_owned());
            c.push(cell(&e.root_code).into_owned());
            c.push(if e.quad_class == 0 { String::new() } else { e.quad_class.to_string() });
            c.push(e.goldstein.map(|g| format!("{g:.1}")).unwrap_or_default());
            c.extend(["1", "1", "1", ""].map(String::from)); // NumMentions..AvgTone
            c.extend(std::iter::repeat_n(String::new(), 24)); // 3 × 8 geo columns
            c.push(match &self.date_added {
                Some(t) => t.clone(),
                None if !dates[0].is_empty() => format!("{}000000", dates[0]),
                None => String::new(),
            });
            c.push(cell(doc.url.as_deref().unwrap_or(&e.doc_id)).into_owned());
            debug_assert_eq!(c.len(), GDELT_COLUMNS);
            writeln!(self.out, "{}", c.join("\t"))?;
        }
        Ok(())
    }
    fn finish(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_core::{EventSpans, Modality, Span};

    fn doc() -> Document {
        Document {
            id: "doc-1".into(),
            date: chrono::NaiveDate::from_ymd_opt(2017, 2, 7),
            text: "Intro. Russia condemned\tthe strike on Syria.".into(),
            title: Some("Russia condemns strike".into()),
            source: Some("TASS".into()),
            url: Some("http://tass.com/1".into()),
        }
    }

    fn event() -> Event {
        Event {
            event_id: "00000000000000ff".into(),
            doc_id: "doc-1".into(),
            date: "2017-02-07".into(),
            field: Field::Text,
            sentence_index: 1,
            source: "RUSGOV".into(),
            source_country: "RUS".into(),
            source_agent: "GOV".into(),
            source_text: "Russia".into(),
            target: "IGOUNO".into(),
            target_country: String::new(),
            target_agent: "IGO".into(),
            target_text: "the UN".into(),
            code: "1111".into(),
            root_code: "11".into(),
            quad_class: 3,
            goldstein: Some(-2.0),
            plover_type: "DISAPPROVE".into(),
            plover_mode: String::new(),
            plover_context: String::new(),
            modality: Modality::Asserted,
            compound_id: String::new(),
            verb_text: "condemned".into(),
            spans: EventSpans {
                sentence: Span::new(7, 44),
                source: Span::new(7, 13),
                verb: Span::new(14, 23),
                target: Span::new(24, 34),
            },
            rule: "verbs.txt:12 condemn".into(),
            dict_version: "abc123".into(),
            issues: vec![],
        }
    }

    #[test]
    fn jsonl_exact_and_parses_back() {
        let mut s = JsonlSink::new(Vec::new()).with_sentence(true);
        s.write_document(&doc(), &[event()]).unwrap();
        s.finish().unwrap();
        let out = String::from_utf8(s.into_inner()).unwrap();
        let expect = concat!(
            r#"{"event_id":"00000000000000ff","doc_id":"doc-1","date":"2017-02-07","field":"text","sentence_index":1,"#,
            r#""source":"RUSGOV","source_country":"RUS","source_agent":"GOV","source_text":"Russia","#,
            r#""target":"IGOUNO","target_country":"","target_agent":"IGO","target_text":"the UN","#,
            r#""code":"1111","root_code":"11","quad_class":3,"goldstein":-2.0,"plover_type":"DISAPPROVE","#,
            r#""plover_mode":"","plover_context":"","modality":"asserted","compound_id":"","verb_text":"condemned","#,
            r#""spans":{"sentence":{"start":7,"end":44},"source":{"start":7,"end":13},"verb":{"start":14,"end":23},"target":{"start":24,"end":34}},"#,
            r#""rule":"verbs.txt:12 condemn","dict_version":"abc123","#,
            r#""url":"http://tass.com/1","title":"Russia condemns strike","doc_source":"TASS","#,
            r#""sentence":"Russia condemned\tthe strike on Syria."}"#,
            "\n"
        );
        assert_eq!(out, expect);
        let back: Event = serde_json::from_str(out.trim_end()).unwrap();
        assert_eq!(back, event());
        let v: serde_json::Value = serde_json::from_str(out.trim_end()).unwrap();
        assert_eq!(v["doc_source"], "TASS");
        assert_eq!(v["sentence"], "Russia condemned\tthe strike on Syria.");
    }

    #[test]
    fn jsonl_without_doc_fields() {
        let d = Document { id: "d".into(), text: "x".into(), ..Document::default() };
        let mut e = event();
        e.issues = vec!["REFUGEES".into()];
        let mut s = JsonlSink::new(Vec::new());
        s.write_document(&d, &[e.clone()]).unwrap();
        let out = String::from_utf8(s.into_inner()).unwrap();
        assert!(out.ends_with("\"dict_version\":\"abc123\",\"issues\":[\"REFUGEES\"]}\n"));
        let back: Event = serde_json::from_str(out.trim_end()).unwrap();
        assert_eq!(back, e);
    }

    #[test]
    fn title_sentence_text() {
        let mut e = event();
        e.field = Field::Title;
        e.spans.sentence = Span::new(0, 22);
        assert_eq!(sentence_text(&doc(), &e), "Russia condemns strike");
    }

    #[test]
    fn tsv_exact() {
        let mut s = TsvSink::new(Vec::new());
        let mut e = event();
        e.issues = vec!["SANCTIONS".into(), "NUCLEAR".into(), "SANCTIONS".into()];
        e.target_text = "the\tUN".into();
        s.write_document(&doc(), &[e]).unwrap();
        s.finish().unwrap();
        let out = String::from_utf8(s.into_inner()).unwrap();
        assert_eq!(
            out,
            "date\tsource\ttarget\tcode\tissues\tdoc_id\turl\tdoc_source\tsource_text\ttarget_text\tverb_text\tmodality\n\
             20170207\tRUSGOV\tIGOUNO\t1111\tSANCTIONS,2;NUCLEAR,1\tdoc-1\thttp://tass.com/1\tTASS\tRussia\tthe UN\tcondemned\tasserted\n"
        );
        let mut s = TsvSink::new(Vec::new()).with_header(false);
        s.finish().unwrap();
        assert!(s.into_inner().is_empty());
        let mut s = TsvSink::new(Vec::new());
        s.finish().unwrap();
        assert_eq!(s.into_inner().iter().filter(|&&b| b == b'\n').count(), 1);
    }

    #[test]
    fn gdelt_exact() {
        let mut s = GdeltSink::new(Vec::new());
        s.write_document(&doc(), &[event()]).unwrap();
        s.finish().unwrap();
        let out = String::from_utf8(s.into_inner()).unwrap();
        let cols: Vec<&str> = out.trim_end_matches('\n').split('\t').collect();
        assert_eq!(cols.len(), 61);
        let mut expect = vec![
            "255",
            "20170207",
            "201702",
            "2017",
            "2017.1014", // (30+7)/365
            "RUSGOV",
            "RUSSIA",
            "RUS",
            "",
            "",
            "",
            "",
            "GOV",
            "",
            "",
            "IGOUNO",
            "THE UN",
            "",
            "UNO",
            "",
            "",
            "",
            "IGO",
            "",
            "",
            "0",
            "1111",
            "111",
            "11",
            "3",
            "-2.0",
            "1",
            "1",
            "1",
            "",
        ];
        expect.extend(std::iter::repeat_n("", 24));
        expect.extend(["20170207000000", "http://tass.com/1"]);
        assert_eq!(cols, expect);
        let line = expect.join("\t") + "\n";
        assert_eq!(out, line);

        let t = chrono::NaiveDate::from_ymd_opt(2019, 10, 24).unwrap().and_hms_opt(14, 30, 0).unwrap();
        let mut s = GdeltSink::new(Vec::new()).with_date_added(t);
        let mut e = event();
        e.sentence_index = 0;
        e.date = "2019-10-24".into();
        e.goldstein = None;
        e.quad_class = 0;
        let d = Document { url: None, ..doc() };
        s.write_document(&d, &[e]).unwrap();
        let out = String::from_utf8(s.into_inner()).unwrap();
        let cols: Vec<&str> = out.trim_end_matches('\n').split('\t').collect();
        assert_eq!(cols[4], "2019.8055");
        assert_eq!(cols[25], "1");
        assert_eq!((cols[29], cols[30]), ("", ""));
        assert_eq!(cols[59], "20191024143000");
        assert_eq!(cols[60], "doc-1");
    }

    #[test]
    fn actor_splitting() {
        let a = split_actor("AFGINSTAL", "AFG");
        assert_eq!((a.country.as_str(), a.known_group.as_str(), a.types[0].as_str()), ("AFG", "TAL", "INS"));
        let a = split_actor("IGOUNODEVWBK", "");
        assert_eq!(a.known_group, "UNO");
        assert_eq!(a.types, ["IGO".to_string(), "DEV".into(), String::new()]);
        let a = split_actor("CHRCTH", "");
        assert_eq!(a.religion, ["CHR".to_string(), "CTH".into()]);
        let a = split_actor("JPNELIGOV", "JPN");
        assert_eq!(a.types, ["ELI".to_string(), "GOV".into(), String::new()]);
        assert_eq!(gdelt_event_id("ff"), 255);
        assert_eq!(gdelt_event_id("ffffffffffffffff"), (1u64 << 53) - 1);
    }
}

//! GDELT event files in and out.
//!
//! Import reads GDELT 1.0 (57 columns, before April 2013; 58 with SOURCEURL)
//! and 2.0 (61 columns) event rows, tab-separated, no header, plain or inside
//! a `.zip` (every entry is read, deflate or stored). Column layouts follow
//! the GDELT 1.0 and 2.0 event codebooks: the first 35 columns are the same;
//! 1.0 has 7 geography columns per geography (no ADM2Code), 2.0 has 8.
//!
//! Country codes: GDELT keeps legacy CAMEO codes where ISO 3166-1 alpha-3
//! differs; [`CROSSWALK`] maps them to dyad's codes on import (in the country
//! columns and as the first three letters of an actor code); the code as
//! given is kept in `source_orig` / `target_orig`, and the GDELT export writes
//! it back, so an export re-imports to the same rows.

use crate::{Origin, Result, Store, StoredEvent};
use rusqlite::{params, OptionalExtension};
use std::io::{BufRead, Read, Write};
use std::path::Path;

/// GDELT legacy country codes → ISO 3166-1 alpha-3 (the codes dyad uses).
/// Source: GDELT's `CAMEO.country.txt` lists Romania as ROM, Montenegro as
/// MTN, East Timor as TMP and the Isle of Man as IMY; ISO 3166-1 has ROU,
/// MNE, TLS and IMN. GDELT's ANT (Netherlands Antilles, dissolved 2010) has
/// no single successor and is kept as it is.
pub const CROSSWALK: [(&str, &str); 4] = [("ROM", "ROU"), ("MTN", "MNE"), ("TMP", "TLS"), ("IMY", "IMN")];

/// Map a country code through [`CROSSWALK`].
pub fn map_country(c: &str) -> &str {
    CROSSWALK.iter().find(|(old, _)| *old == c).map(|(_, new)| *new).unwrap_or(c)
}

/// Map an actor code: a legacy country code in its first three letters is
/// replaced (`ROMGOV` → `ROUGOV`).
pub fn map_actor(code: &str) -> String {
    match code.get(..3) {
        Some(p) if map_country(p) != p => format!("{}{}", map_country(p), &code[3..]),
        _ => code.to_string(),
    }
}

/// Totals of one import.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ImportStats {
    /// Lines read (every line, blank or not).
    pub lines: u64,
    /// Rows loaded (inserted or replacing a row with the same GLOBALEVENTID).
    pub loaded: u64,
    /// Rows rejected as malformed (each reported with file and line).
    pub malformed: u64,
    /// Rows whose country codes went through the crosswalk.
    pub crosswalked: u64,
    /// Rows loaded after their event codes got back a lost leading zero
    /// (see [`normalize_codes`]).
    pub padded: u64,
    /// Rows whose GLOBALEVENTID this import had already loaded (from the same
    /// or an earlier file of the run); the later row replaced the earlier.
    pub duplicate_in_import: u64,
    /// Rows whose GLOBALEVENTID was already in the store from an earlier run;
    /// the new row replaced the stored one.
    pub replaced_in_store: u64,
}

/// Longest line read (bytes, line end excluded). A GDELT 2.0 event row is
/// about 1 KB (URLs included); a longer line is reported as malformed and
/// skipped without being held in memory.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// Check and repair the three CAMEO code columns of a row (EventCode,
/// EventBaseCode, EventRootCode). Each must be a CAMEO event code
/// ([`dyad_core::cameo::is_cameo_code`]). A code that lost its leading zero
/// (a spreadsheet accident in copies of GDELT and ICEWS files: `42` for
/// `042`) is padded per column — EventRootCode to 2 digits, EventBaseCode
/// to 3, EventCode to 3 or 4 — and the padded row is kept only when the three
/// then agree (the root is the first two digits of the base and of the
/// code; the base the first three of the code). Returns `(code, base, root,
/// padded)`, or the message of a malformed row.
pub fn normalize_codes(
    code: &str,
    base: &str,
    root: &str,
) -> std::result::Result<(String, String, String, bool), String> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let valid = dyad_core::cameo::is_cameo_code;
    for (what, v) in [("EventCode", code), ("EventBaseCode", base), ("EventRootCode", root)] {
        let paddable = digits(v) && valid(&format!("0{v}"));
        if !(valid(v) || paddable) {
            return Err(format!("{what} {v:?} is not a CAMEO code"));
        }
    }
    if valid(code) && valid(base) && valid(root) {
        return Ok((code.to_string(), base.to_string(), root.to_string(), false));
    }
    let pad =
        |v: &str, want: usize| if v.len() < want && valid(&format!("0{v}")) { format!("0{v}") } else { v.to_string() };
    let r = pad(root, 2);
    let b = pad(base, 3);
    // EventCode: 3 or 4 digits; pad when the padded form agrees with the base
    let c = if valid(code) && code.starts_with(&b) { code.to_string() } else { format!("0{code}") };
    let agree =
        valid(&r) && valid(&b) && valid(&c) && b.starts_with(&r) && c.starts_with(&b) && r.len() == 2 && b.len() == 3;
    if agree {
        Ok((c, b, r, true))
    } else {
        Err(format!(
            "event codes {code:?}/{base:?}/{root:?} (EventCode/EventBaseCode/EventRootCode) lost leading zeros and do not agree when padded"
        ))
    }
}

/// Column positions of a GDELT row layout.
struct Layout {
    geo_len: usize,
    action_geo: usize,
    date_added: usize,
    url: Option<usize>,
}

fn layout(ncols: usize) -> Option<Layout> {
    match ncols {
        57 => Some(Layout { geo_len: 7, action_geo: 49, date_added: 56, url: None }),
        58 => Some(Layout { geo_len: 7, action_geo: 49, date_added: 56, url: Some(57) }),
        61 => Some(Layout { geo_len: 8, action_geo: 51, date_added: 59, url: Some(60) }),
        _ => None,
    }
}

fn opt_f64(s: &str, what: &str) -> std::result::Result<Option<f64>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<f64>().map(Some).map_err(|_| format!("{what} {s:?} is not a number"))
}

fn int(s: &str, what: &str) -> std::result::Result<i64, String> {
    s.trim().parse::<i64>().map_err(|_| format!("{what} {s:?} is not an integer"))
}

/// Parse one GDELT event row (without its line end) into a stored event.
/// Errors describe what is wrong (the caller adds file and line).
/// Returns the event, whether a country code went through the crosswalk and
/// whether its event codes were padded ([`normalize_codes`]).
pub fn parse_row(line: &str) -> std::result::Result<(StoredEvent, bool, bool), String> {
    let c: Vec<&str> = line.split('\t').collect();
    let lay = layout(c.len()).ok_or_else(|| format!("{} columns (want 57, 58 or 61)", c.len()))?;
    let id = c[0].trim();
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) || id.len() > 19 {
        return Err(format!("GLOBALEVENTID {id:?} is not a number"));
    }
    let d = c[1].trim();
    let date = chrono::NaiveDate::parse_from_str(d, "%Y%m%d")
        .map_err(|_| format!("SQLDATE {d:?} is not a YYYYMMDD date"))?
        .format("%Y-%m-%d")
        .to_string();
    let code = c[26].trim();
    if code.is_empty() {
        return Err("empty EventCode".into());
    }
    let (code, _base, root, padded) = normalize_codes(code, c[27].trim(), c[28].trim())?;
    let quad = int(c[29], "QuadClass")?;
    if !(1..=4).contains(&quad) {
        return Err(format!("QuadClass {quad} not in 1..4"));
    }
    let goldstein = opt_f64(c[30], "GoldsteinScale")?;
    let a1 = c[5].trim();
    let a2 = c[15].trim();
    let (c1, c2) = (c[7].trim(), c[17].trim());
    let crosswalked = map_actor(a1) != a1 || map_actor(a2) != a2 || map_country(c1) != c1 || map_country(c2) != c2;
    let g = lay.action_geo;
    let (lat, long, country) = if lay.geo_len == 7 { (g + 4, g + 5, g + 2) } else { (g + 5, g + 6, g + 2) };
    let e = StoredEvent {
        origin: "gdelt".into(),
        event_key: id.to_string(),
        date,
        source: map_actor(a1),
        source_country: map_country(c1).to_string(),
        source_name: c[6].to_string(),
        source_orig: a1.to_string(),
        target: map_actor(a2),
        target_country: map_country(c2).to_string(),
        target_name: c[16].to_string(),
        target_orig: a2.to_string(),
        code,
        root_code: root,
        quad_class: quad,
        goldstein,
        modality: String::new(),
        is_root: int(c[25], "IsRootEvent")?,
        num_mentions: int(c[31], "NumMentions")?,
        num_sources: int(c[32], "NumSources")?,
        num_articles: int(c[33], "NumArticles")?,
        avg_tone: opt_f64(c[34], "AvgTone")?,
        geo_fullname: c[g + 1].to_string(),
        geo_country: c[country].to_string(),
        geo_lat: opt_f64(c[lat], "ActionGeo_Lat")?,
        geo_long: opt_f64(c[long], "ActionGeo_Long")?,
        date_added: c[lay.date_added].trim().to_string(),
        source_url: lay.url.map(|u| c[u].trim().to_string()).unwrap_or_default(),
    };
    Ok((e, crosswalked, padded))
}

/// Import GDELT files (plain or `.zip`) into the store under run `run_id`.
/// Malformed rows are reported to `report` as `FILE:LINE: message` (for a zip
/// entry `FILE.zip:ENTRY:LINE`) and counted; good rows load. Commits every
/// `batch` rows; the aggregate tables are updated in the same transaction,
/// once per batch. An unreadable file is an error (rows already committed stay).
pub fn import_file(
    store: &mut Store,
    path: &Path,
    run_id: i64,
    batch: usize,
    report: &mut dyn FnMut(&str),
) -> Result<ImportStats> {
    let mut stats = ImportStats::default();
    let name = path.display().to_string();
    let is_zip = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    if is_zip {
        let f = std::fs::File::open(path)?;
        let mut z = zip::ZipArchive::new(f).map_err(|e| crate::StoreError::Other(format!("{name}: {e}")))?;
        for i in 0..z.len() {
            let entry = z.by_index(i).map_err(|e| crate::StoreError::Other(format!("{name}: entry {i}: {e}")))?;
            if entry.is_dir() {
                continue;
            }
            let label = format!("{name}:{}", entry.name());
            import_reader(store, std::io::BufReader::new(entry), &label, run_id, batch, &mut stats, report)?;
        }
    } else {
        let f = std::fs::File::open(path)?;
        import_reader(store, std::io::BufReader::new(f), &name, run_id, batch, &mut stats, report)?;
    }
    Ok(stats)
}

/// Import rows from a reader; `label` names it in reports.
pub fn import_reader<R: Read>(
    store: &mut Store,
    mut r: std::io::BufReader<R>,
    label: &str,
    run_id: i64,
    batch: usize,
    stats: &mut ImportStats,
    report: &mut dyn FnMut(&str),
) -> Result<()> {
    let c = &store.conn;
    c.execute_batch("BEGIN IMMEDIATE")?;
    // The aggregate tables are updated once per batch, not by a trigger per row.
    if let Err(e) = crate::bulk_begin(c) {
        let _ = c.execute_batch("ROLLBACK");
        return Err(e);
    }
    let mut in_batch = 0usize;
    let mut buf = Vec::new();
    let mut lineno = 0u64;
    let res = (|| -> Result<()> {
        loop {
            buf.clear();
            let (n, too_long) = read_line_capped(&mut r, &mut buf, MAX_LINE_BYTES)?;
            if n == 0 {
                break;
            }
            lineno += 1;
            stats.lines += 1;
            if too_long {
                stats.malformed += 1;
                report(&format!("{label}:{lineno}: line of {n} bytes is longer than {MAX_LINE_BYTES}; row skipped"));
                continue;
            }
            while matches!(buf.last(), Some(b'\n' | b'\r')) {
                buf.pop();
            }
            let line = String::from_utf8_lossy(&buf);
            if line.trim().is_empty() {
                stats.malformed += 1;
                report(&format!("{label}:{lineno}: empty line"));
                continue;
            }
            match parse_row(&line) {
                Ok((e, xw, padded)) => {
                    match insert(c, &e, run_id)? {
                        Some(old_run) if old_run == run_id => {
                            stats.duplicate_in_import += 1;
                            report(&format!(
                                "{label}:{lineno}: GLOBALEVENTID {} was already loaded by this import; this row replaces it",
                                e.event_key
                            ));
                        }
                        Some(old_run) => {
                            stats.replaced_in_store += 1;
                            report(&format!(
                                "{label}:{lineno}: GLOBALEVENTID {} was in the store (run {old_run}); this row replaces it",
                                e.event_key
                            ));
                        }
                        None => {}
                    }
                    stats.loaded += 1;
                    if xw {
                        stats.crosswalked += 1;
                    }
                    if padded {
                        stats.padded += 1;
                    }
                    in_batch += 1;
                    if in_batch >= batch.max(1) {
                        crate::bulk_apply(c)?;
                        c.execute_batch("COMMIT; BEGIN IMMEDIATE")?;
                        crate::bulk_begin(c)?;
                        in_batch = 0;
                    }
                }
                Err(m) => {
                    stats.malformed += 1;
                    report(&format!("{label}:{lineno}: {m}"));
                }
            }
        }
        crate::bulk_apply(c)
    })();
    match res {
        Ok(()) => {
            c.execute_batch("COMMIT")?;
            Ok(())
        }
        Err(e) => {
            let _ = c.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

/// Read one line (up to and including `\n`) into `buf`, keeping at most
/// `cap` bytes: a longer line is consumed to its end but not kept. Returns
/// the line's length in bytes (0 at the end of input) and whether it was
/// longer than `cap`.
pub fn read_line_capped<R: BufRead>(r: &mut R, buf: &mut Vec<u8>, cap: usize) -> std::io::Result<(usize, bool)> {
    let mut n = 0usize;
    let mut too_long = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok((n, too_long));
        }
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if !too_long {
            if buf.len() + take > cap + 2 {
                too_long = true;
                buf.clear();
                buf.shrink_to(cap + 2);
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        n += take;
        r.consume(take);
        if done {
            return Ok((n, too_long));
        }
    }
}

/// Insert a row; a row with the same GLOBALEVENTID is replaced (the later
/// row wins). Returns the run id of the replaced row, if any.
fn insert(c: &rusqlite::Connection, e: &StoredEvent, run_id: i64) -> Result<Option<i64>> {
    // Replace a row with the same GLOBALEVENTID: delete it first, noting its
    // contribution to the aggregates (see `crate::bulk_begin`).
    let old: Option<(i64, i64)> = c
        .prepare_cached("SELECT id, run_id FROM events WHERE origin='gdelt' AND event_key=?")?
        .query_row([&e.event_key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((id, _)) = old {
        crate::bulk_delete(c, id)?;
    }
    c.prepare_cached(
        "INSERT INTO events(origin, event_key, date, source, source_country, source_name, source_orig, \
         target, target_country, target_name, target_orig, code, root_code, quad_class, goldstein, modality, is_root, \
         num_mentions, num_sources, num_articles, avg_tone, geo_fullname, geo_country, geo_lat, geo_long, date_added, \
         source_url, run_id) VALUES('gdelt',?,?,?,?,?,?,?,?,?,?,?,?,?,?,'',?,?,?,?,?,?,?,?,?,?,?,?)",
    )?
    .execute(params![
        e.event_key,
        e.date,
        e.source,
        e.source_country,
        e.source_name,
        e.source_orig,
        e.target,
        e.target_country,
        e.target_name,
        e.target_orig,
        e.code,
        e.root_code,
        e.quad_class,
        e.goldstein,
        e.is_root,
        e.num_mentions,
        e.num_sources,
        e.num_articles,
        e.avg_tone,
        e.geo_fullname,
        e.geo_country,
        e.geo_lat,
        e.geo_long,
        e.date_added,
        e.source_url,
        run_id
    ])?;
    crate::bulk_inserted(c, c.last_insert_rowid())?;
    Ok(old.map(|(_, run)| run))
}

/// Shortest text that parses back to the same `f64` (`-7.0`, `2.5`).
fn num(x: Option<f64>) -> String {
    x.map(|v| format!("{v:?}")).unwrap_or_default()
}

/// Replace tabs and newlines by spaces (one TSV cell).
fn cell(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// Write one stored event as a GDELT 2.0 row (61 columns, tab-separated,
/// newline-terminated). GLOBALEVENTID: GDELT's for imported rows; for dyad
/// rows the low 53 bits of a hash of the event key. Actor columns are split
/// from the code as given (`source_orig`) with `dyad_coder::sink::split_actor`;
/// the country column is the code as given too, so that re-importing maps it
/// the same way. Geography: only ActionGeo FullName, CountryCode, Lat, Long.
pub fn write_row(out: &mut dyn Write, e: &StoredEvent) -> std::io::Result<()> {
    use dyad_coder::sink::{gdelt_dates, gdelt_event_id, split_actor};
    let mut c: Vec<String> = Vec::with_capacity(61);
    c.push(if e.origin == Origin::Gdelt.as_str() {
        e.event_key.clone()
    } else {
        gdelt_event_id(&e.event_key).to_string()
    });
    let d = gdelt_dates(&e.date);
    c.extend(d.iter().cloned());
    for (orig, country, name) in
        [(&e.source_orig, &e.source_country, &e.source_name), (&e.target_orig, &e.target_country, &e.target_name)]
    {
        // The country as given: a mapped country goes back to its legacy code
        // when the original actor code carried it.
        let given = match orig.get(..3) {
            Some(p) if map_country(p) == country.as_str() => p.to_string(),
            _ => country.clone(),
        };
        let a = split_actor(orig, &given);
        c.push(cell(orig));
        c.push(cell(name));
        c.push(given);
        c.push(a.known_group);
        c.push(a.ethnic);
        let [r1, r2] = a.religion;
        c.extend([r1, r2]);
        let [t1, t2, t3] = a.types;
        c.extend([t1, t2, t3]);
    }
    c.push(e.is_root.to_string());
    c.push(cell(&e.code));
    c.push(cell(e.code.get(..3).unwrap_or(&e.code)));
    c.push(cell(&e.root_code));
    c.push(e.quad_class.to_string());
    c.push(num(e.goldstein));
    c.push(e.num_mentions.to_string());
    c.push(e.num_sources.to_string());
    c.push(e.num_articles.to_string());
    c.push(num(e.avg_tone));
    c.extend(std::iter::repeat_n(String::new(), 16)); // Actor1Geo, Actor2Geo
    let has_geo = !e.geo_fullname.is_empty() || e.geo_lat.is_some();
    c.push(if has_geo { "4".into() } else { "0".into() }); // ActionGeo_Type: 4 = world city (unknown kind)
    c.push(cell(&e.geo_fullname));
    c.push(cell(&e.geo_country));
    c.push(String::new());
    c.push(String::new());
    c.push(num(e.geo_lat));
    c.push(num(e.geo_long));
    c.push(String::new());
    c.push(if e.date_added.is_empty() && !d[0].is_empty() { format!("{}000000", d[0]) } else { e.date_added.clone() });
    c.push(cell(&e.source_url));
    debug_assert_eq!(c.len(), 61);
    let mut line = c.join("\t");
    line.push('\n');
    out.write_all(line.as_bytes())
}

/// Export events as GDELT 2.0 rows; returns the number of rows.
pub fn export(store: &Store, filter: &crate::EventFilter, out: &mut dyn Write) -> Result<u64> {
    let mut n = 0u64;
    store.for_each_event(filter, |e| {
        write_row(out, e)?;
        n += 1;
        Ok(())
    })?;
    out.flush()?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crosswalk() {
        assert_eq!(map_actor("ROMGOV"), "ROUGOV");
        assert_eq!(map_actor("TMP"), "TLS");
        assert_eq!(map_actor("USAGOV"), "USAGOV");
        assert_eq!(map_actor(""), "");
        assert_eq!(map_country("IMY"), "IMN");
        assert_eq!(map_country("ANT"), "ANT");
    }

    /// A 61-column row: id, date, actor codes with countries, code, QuadClass, Goldstein.
    fn row(id: u32, date: &str, a: &str, b: &str, code: &str, q: u8, g: &str) -> String {
        let mut c = vec![String::new(); 61];
        c[0] = id.to_string();
        c[1] = date.into();
        (c[5], c[7], c[15], c[17]) =
            (a.into(), a.get(..3).unwrap_or("").into(), b.into(), b.get(..3).unwrap_or("").into());
        (c[25], c[26], c[28], c[29], c[30]) = ("0".into(), code.into(), code[..2].into(), q.to_string(), g.into());
        c[27] = code[..3].into();
        (c[31], c[32], c[33]) = ("1".into(), "1".into(), "1".into());
        c.join("\t")
    }

    /// Batched aggregate updates equal a recomputation, with rows replaced
    /// within a batch, across batches and by a later import.
    #[test]
    fn bulk_aggregates_match_recomputation() {
        let mut st = Store::open_in_memory().unwrap();
        let mut rows = Vec::new();
        for i in 0..60u32 {
            let (a, b) = [("USAGOV", "RUS"), ("RUS", "USA"), ("CHN", "USAMIL"), ("---GOV", "FRA")][(i % 4) as usize];
            let date = format!("2020-01-1{}", i % 2);
            rows.push(row(
                i % 45,
                &date.replace('-', ""),
                a,
                b,
                ["042", "190", "111"][(i % 3) as usize],
                (1 + (i / 4) % 4) as u8,
                if i % 5 == 0 { "" } else { "-2.5" },
            ));
        }
        for batch in [1, 4, 7, 100] {
            let run = st.begin_run(&Default::default()).unwrap();
            let text = rows.join("\n");
            let mut stats = ImportStats::default();
            // (ids repeat on purpose: replaced rows are reported, nothing else)
            import_reader(&mut st, std::io::BufReader::new(text.as_bytes()), "t", run, batch, &mut stats, &mut |m| {
                assert!(m.ends_with("this row replaces it"), "{m}")
            })
            .unwrap();
            assert_eq!(stats.loaded, 60);
            assert_eq!(st.count_events(Origin::Gdelt).unwrap(), 45);
            let problems = st.check_aggregates().unwrap();
            assert!(problems.is_empty(), "batch {batch}: {problems:?}");
            rows.rotate_left(11);
        }
        // The triggers are back after the import.
        let n: i64 =
            st.conn.query_row("SELECT count(*) FROM sqlite_master WHERE type='trigger'", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 3);
    }

    #[test]
    fn bad_rows() {
        assert!(parse_row("1\t2").unwrap_err().contains("2 columns"));
        let mut cols = vec![""; 61];
        cols[0] = "x1";
        assert!(parse_row(&cols.join("\t")).unwrap_err().contains("GLOBALEVENTID"));
        cols[0] = "12";
        cols[1] = "20191340";
        assert!(parse_row(&cols.join("\t")).unwrap_err().contains("SQLDATE"));
    }
}

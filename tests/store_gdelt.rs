//! GDELT import/export: every row of the real samples accounted for, legacy
//! country crosswalk, malformed rows reported with file:line, zip input, and
//! export → re-import giving the same rows.

use dyad_store::gdelt::{import_file, ImportStats};
use dyad_store::{EventFilter, Origin, Store, StoredEvent};
use std::path::{Path, PathBuf};

fn data_dir() -> Option<PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/gdelt_events_sample");
    if d.is_dir() {
        Some(d)
    } else {
        dyad_core::testskip::skip("store_gdelt", &format!("{} is absent", d.display()));
        None
    }
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dyad-store-gdelt-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn import(store: &mut Store, p: &Path) -> (ImportStats, Vec<String>) {
    let mut reports = Vec::new();
    let run = store.begin_run(&Default::default()).unwrap();
    let s = import_file(store, p, run, 500, &mut |m| reports.push(m.to_string())).unwrap();
    (s, reports)
}

fn all_events(store: &Store) -> Vec<StoredEvent> {
    let mut v = Vec::new();
    store
        .for_each_event(&EventFilter::default(), |e| {
            v.push(e.clone());
            Ok(())
        })
        .unwrap();
    v.sort_by(|a, b| (&a.origin, &a.event_key).cmp(&(&b.origin, &b.event_key)));
    v
}

fn line_count(p: &Path) -> u64 {
    let b = std::fs::read(p).unwrap();
    let n = b.iter().filter(|&&c| c == b'\n').count() as u64;
    if b.last().is_some_and(|&c| c != b'\n') {
        n + 1
    } else {
        n
    }
}

#[test]
fn real_samples_every_row_accounted_for() {
    let Some(d) = data_dir() else { return };
    let mut store = Store::open_in_memory().unwrap();
    let v2 = d.join("20191024143000.export.CSV");
    let v1 = d.join("gdelt1_events_mixed_20130203_20160728.tsv");
    let mentions = d.join("gdelt2_mentions_sample_20170701.csv");

    let (s, rep) = import(&mut store, &v2);
    assert_eq!(s.lines, line_count(&v2));
    assert_eq!(s.loaded + s.malformed, s.lines);
    assert_eq!((s.loaded, s.malformed), (2111, 0), "{rep:?}");
    let (s, rep) = import(&mut store, &v1);
    assert_eq!(s.lines, line_count(&v1));
    assert_eq!((s.loaded, s.malformed), (710, 0), "{rep:?}");
    // A mentions file is not an event file: every line is reported, none loads.
    let (s, rep) = import(&mut store, &mentions);
    assert_eq!(s.lines, line_count(&mentions));
    assert_eq!((s.loaded, s.malformed), (0, s.lines));
    assert_eq!(rep.len() as u64, s.lines);
    assert!(rep[0].starts_with(&format!("{}:1: ", mentions.display())), "{}", rep[0]);

    assert_eq!(store.count_events(Origin::Gdelt).unwrap(), 2111 + 710);
    let ev = all_events(&store);
    // First row of the 2.0 file (SOURCE.md quotes it).
    let e = ev.iter().find(|e| e.event_key == "881990832").unwrap();
    assert_eq!((e.date.as_str(), e.source.as_str(), e.target.as_str()), ("2018-10-24", "", "AUS"));
    assert_eq!((e.target_name.as_str(), e.target_country.as_str()), ("VICTORIA", "AUS"));
    assert_eq!((e.code.as_str(), e.root_code.as_str(), e.quad_class, e.goldstein), ("139", "13", 3, Some(-7.0)));
    assert_eq!(e.date_added, "20191024143000");
    assert!(e.source_url.starts_with("https://www.timescolonist.com/"), "{}", e.source_url);
    // First row of the 1.0 file (58 columns, with a URL).
    let e = ev.iter().find(|e| e.event_key == "564111644").unwrap();
    assert_eq!((e.date.as_str(), e.source.as_str(), e.code.as_str()), ("2006-07-31", "USA", "010"));
    assert_eq!((e.num_mentions, e.num_sources, e.num_articles), (2, 1, 2));
    assert_eq!(e.geo_country, "US");
    assert_eq!((e.geo_lat, e.geo_long), (Some(38.8973), Some(-77.0083)));
    assert!(e.source_url.starts_with("http://wtop.com/"));
    // 57-column rows have no URL.
    assert_eq!(ev.iter().filter(|e| e.origin == "gdelt" && e.source_url.is_empty()).count(), 201);

    // The aggregate tables the queries read equal a recomputation from `events`.
    let agg = |store: &mut Store| {
        let problems = store.check_aggregates().unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        dyad_store::query_i64(store.conn(), "SELECT sum(n) FROM dyad_daily WHERE origin='gdelt'").unwrap()
    };
    assert_eq!(agg(&mut store), Some(2111 + 710));

    // Re-import is idempotent (GLOBALEVENTID is the key).
    let (s, _) = import(&mut store, &v2);
    assert_eq!(s.loaded, 2111);
    assert_eq!(store.count_events(Origin::Gdelt).unwrap(), 2111 + 710);
    assert_eq!(store.integrity_check().unwrap(), "ok");
    assert_eq!(agg(&mut store), Some(2111 + 710));
}

#[test]
fn export_reimports_to_same_rows() {
    let Some(d) = data_dir() else { return };
    let dir = tmp("roundtrip");
    let mut a = Store::open(&dir.join("a.db")).unwrap();
    import(&mut a, &d.join("20191024143000.export.CSV"));
    import(&mut a, &d.join("gdelt1_events_mixed_20130203_20160728.tsv"));
    let out = dir.join("export.tsv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&out).unwrap());
    let n = dyad_store::gdelt::export(&a, &EventFilter::default(), &mut f).unwrap();
    drop(f);
    assert_eq!(n, 2821);
    let mut b = Store::open(&dir.join("b.db")).unwrap();
    let (s, rep) = import(&mut b, &out);
    assert_eq!((s.loaded, s.malformed), (2821, 0), "{rep:?}");
    let (ea, eb) = (all_events(&a), all_events(&b));
    assert_eq!(ea.len(), eb.len());
    for (x, y) in ea.iter().zip(&eb) {
        assert_eq!(x, y);
    }
    // Export of the re-import is byte-identical.
    let out2 = dir.join("export2.tsv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&out2).unwrap());
    dyad_store::gdelt::export(&b, &EventFilter::default(), &mut f).unwrap();
    drop(f);
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&out2).unwrap());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A 61-column row with the given id, date, actors (code, country) and code.
fn row(id: &str, date: &str, a1: (&str, &str), a2: (&str, &str), code: &str) -> String {
    let mut c = vec![String::new(); 61];
    c[0] = id.into();
    c[1] = date.into();
    c[5] = a1.0.into();
    c[7] = a1.1.into();
    c[15] = a2.0.into();
    c[17] = a2.1.into();
    c[25] = "1".into();
    c[26] = code.into();
    c[27] = code.into();
    c[28] = code[..2].into();
    c[29] = "1".into();
    c[30] = "3.4".into();
    c[31] = "4".into();
    c[32] = "2".into();
    c[33] = "4".into();
    c[59] = "20200101000000".into();
    c[60] = "http://example.org/a".into();
    c.join("\t")
}

#[test]
fn crosswalk_malformed_rows_and_zip() {
    let dir = tmp("synthetic");
    let good1 = row("11", "20200101", ("ROMGOV", "ROM"), ("MTN", "MTN"), "042");
    let good2 = row("12", "20200102", ("TMPMIL", "TMP"), ("IMY", "IMY"), "051");
    let bad_date = row("13", "2020-01-03", ("USA", "USA"), ("RUS", "RUS"), "042");
    let bad_quad = row("14", "20200101", ("USA", "USA"), ("RUS", "RUS"), "042").replacen("\t1\t3.4\t", "\t9\t3.4\t", 1);
    let text = format!("{good1}\nshort\trow\n{bad_date}\n\n{good2}\r\n{bad_quad}\n\u{FFFD}garbage\u{0}\n");
    let p = dir.join("events.CSV");
    std::fs::write(&p, &text).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let (s, rep) = import(&mut store, &p);
    assert_eq!(s.lines, 7);
    assert_eq!((s.loaded, s.malformed, s.crosswalked), (2, 5, 2));
    let name = p.display().to_string();
    assert_eq!(rep.len(), 5);
    assert_eq!(rep[0], format!("{name}:2: 2 columns (want 57, 58 or 61)"));
    assert!(rep[1].starts_with(&format!("{name}:3: SQLDATE")), "{}", rep[1]);
    assert_eq!(rep[2], format!("{name}:4: empty line"));
    assert!(rep[3].starts_with(&format!("{name}:6: QuadClass")), "{}", rep[3]);
    assert!(rep[4].starts_with(&format!("{name}:7: ")), "{}", rep[4]);
    let ev = all_events(&store);
    assert_eq!(
        (ev[0].source.as_str(), ev[0].source_country.as_str(), ev[0].source_orig.as_str()),
        ("ROUGOV", "ROU", "ROMGOV")
    );
    assert_eq!((ev[0].target.as_str(), ev[0].target_country.as_str()), ("MNE", "MNE"));
    assert_eq!((ev[1].source.as_str(), ev[1].target.as_str()), ("TLSMIL", "IMN"));
    assert_eq!(ev[1].date, "2020-01-02");

    // The GDELT export writes the legacy codes back; re-import maps them again.
    let mut out = Vec::new();
    dyad_store::gdelt::export(&store, &EventFilter::default(), &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    let cols: Vec<&str> = out.lines().next().unwrap().split('\t').collect();
    assert_eq!((cols[5], cols[7], cols[12]), ("ROMGOV", "ROM", "GOV"));

    // The same rows inside a zip (deflate), two entries.
    let zp = dir.join("events.zip");
    {
        use std::io::Write;
        let f = std::fs::File::create(&zp).unwrap();
        let mut z = dyad_store::zip::ZipWriter::new(f);
        let o = dyad_store::zip::write::SimpleFileOptions::default()
            .compression_method(dyad_store::zip::CompressionMethod::Deflated);
        z.start_file("a.export.CSV", o).unwrap();
        z.write_all(text.as_bytes()).unwrap();
        z.start_file("b.export.CSV", o).unwrap();
        z.write_all(format!("{}\n", row("21", "20200105", ("USA", "USA"), ("CHN", "CHN"), "040")).as_bytes()).unwrap();
        z.finish().unwrap();
    }
    let mut store = Store::open_in_memory().unwrap();
    let (s, rep) = import(&mut store, &zp);
    assert_eq!((s.lines, s.loaded, s.malformed), (8, 3, 5));
    assert_eq!(rep[0], format!("{}:a.export.CSV:2: 2 columns (want 57, 58 or 61)", zp.display()));
    assert_eq!(store.count_events(Origin::Gdelt).unwrap(), 3);

    // Not a zip: an error, no panic.
    let bad = dir.join("bad.zip");
    std::fs::write(&bad, b"not a zip").unwrap();
    let run = store.begin_run(&Default::default()).unwrap();
    assert!(import_file(&mut store, &bad, run, 10, &mut |_| {}).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_import_reports_and_counts() {
    let dir = tmp("cli");
    let p = dir.join("e.tsv");
    std::fs::write(&p, format!("{}\nbad\n", row("31", "20200101", ("USA", "USA"), ("RUS", "RUS"), "042"))).unwrap();
    let db = dir.join("s.db");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["import", "gdelt", "--db"])
        .arg(&db)
        .arg(&p)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains(&format!("{}:2: 1 columns", p.display())), "{err}");
    assert!(err.contains("2 lines, 1 rows loaded, 1 malformed"), "{err}");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["query", "dyad", "USA", "RUS", "--origin", "gdelt", "--json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["period"], "2020-01");
    assert_eq!(v[0]["ab"]["events"], 1.0);
    assert_eq!(v[0]["ab"]["quad"][0], 1.0);
    assert_eq!(v[0]["ba"]["events"], 0.0);
    // A missing store is a clear error, not a panic.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(["query", "blocs", "--db"])
        .arg(dir.join("none.db"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no store at"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `import gdelt` switches the aggregate triggers off inside each batch: a
/// SIGKILL mid-import must leave the triggers in place and the aggregates
/// equal to a recomputation, and a re-run completes the store.
#[test]
fn sigkill_during_import_keeps_aggregates_and_triggers() {
    let Some(d) = data_dir() else { return };
    let dir = tmp("kill");
    let sample = std::fs::read_to_string(d.join("20191024143000.export.CSV")).unwrap();
    let lines: Vec<&str> = sample.lines().collect();
    let p = dir.join("big.tsv");
    let mut text = String::new();
    // 120,000 rows (three batches of the CLI's 50,000): the sample repeated with new ids and dates.
    for i in 0..120_000usize {
        let mut c: Vec<&str> = lines[i % lines.len()].split('\t').collect();
        let id = (2_000_000_000 + i).to_string();
        let date = format!("20{:02}{:02}{:02}", 15 + i % 5, 1 + i % 12, 1 + i % 28);
        c[0] = &id;
        c[1] = &date;
        text.push_str(&c.join("\t"));
        text.push('\n');
    }
    std::fs::write(&p, text).unwrap();
    let db = dir.join("s.db");
    let cmd = || {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_dyad"));
        c.args(["import", "gdelt", "--quiet", "--db"]).arg(&db).arg(&p);
        c.stderr(std::process::Stdio::null());
        c
    };
    let count = || -> i64 {
        let Ok(c) = dyad_store::rusqlite::Connection::open(&db) else { return 0 };
        c.query_row("SELECT count(*) FROM events", [], |r| r.get(0)).unwrap_or(0)
    };
    let mut child = cmd().spawn().unwrap();
    let mut killed = false;
    loop {
        if child.try_wait().unwrap().is_some() {
            println!("note: import finished before the kill");
            break;
        }
        if count() >= 50_000 {
            std::thread::sleep(std::time::Duration::from_millis(300));
            child.kill().unwrap();
            child.wait().unwrap();
            killed = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let check = |want_all: bool| {
        let mut st = Store::open(&db).unwrap();
        assert_eq!(st.integrity_check().unwrap(), "ok");
        let n: i64 =
            st.conn().query_row("SELECT count(*) FROM sqlite_master WHERE type='trigger'", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 3, "the aggregate triggers are in place");
        let problems = st.check_aggregates().unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        let events = st.count_events(Origin::Gdelt).unwrap();
        assert!(events % 50_000 == 0 || events == 120_000, "{events} events: whole batches only");
        if want_all {
            assert_eq!(events, 120_000);
        }
    };
    check(!killed);
    println!("killed: {killed}");
    let o = cmd().output().unwrap();
    assert!(o.status.success());
    check(true);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Import validation (issue 15): event codes outside CAMEO are malformed;
/// codes that lost a leading zero are padded when the three columns then
/// agree; a GLOBALEVENTID seen twice is reported and counted, the later row
/// replacing the earlier; a line over the length cap is skipped without
/// being held.
#[test]
fn codes_validated_padded_duplicates_counted_long_line_capped() {
    let dir = tmp("validate");
    let with_codes = |id: &str, code: &str, base: &str, root: &str| {
        let mut c: Vec<String> =
            row(id, "20200101", ("USA", "USA"), ("RUS", "RUS"), "042").split('\t').map(str::to_string).collect();
        (c[26], c[27], c[28]) = (code.into(), base.into(), root.into());
        c.join("\t")
    };
    let text = [
        with_codes("1", "13y", "13y", "13"),  // line 1: not CAMEO
        with_codes("2", "42", "42", "4"),     // line 2: padded to 042/042/04
        with_codes("3", "42", "42", "5"),     // line 3: padded but disagrees
        with_codes("4", "1411", "141", "14"), // line 4: fine as is
        with_codes("2", "043", "043", "04"),  // line 5: id 2 again: replaces line 2
        format!("5\t{}", "x".repeat(dyad_store::gdelt::MAX_LINE_BYTES + 10)), // line 6: too long
        with_codes("6", "190", "190", "19"),  // line 7: read normally after it
    ]
    .join("\n");
    let p = dir.join("codes.CSV");
    std::fs::write(&p, &text).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let (s, rep) = import(&mut store, &p);
    let name = p.display().to_string();
    assert_eq!((s.lines, s.loaded, s.malformed, s.padded, s.duplicate_in_import), (7, 4, 3, 1, 1), "{rep:?}");
    assert_eq!(rep[0], format!("{name}:1: EventCode \"13y\" is not a CAMEO code"));
    assert!(rep[1].starts_with(&format!("{name}:3: event codes \"42\"/\"42\"/\"5\"")), "{}", rep[1]);
    assert_eq!(rep[2], format!("{name}:5: GLOBALEVENTID 2 was already loaded by this import; this row replaces it"));
    assert_eq!(
        rep[3],
        format!(
            "{name}:6: line of {} bytes is longer than {}; row skipped",
            dyad_store::gdelt::MAX_LINE_BYTES + 13,
            dyad_store::gdelt::MAX_LINE_BYTES
        )
    );
    let ev = all_events(&store);
    let codes: Vec<(&str, &str, &str)> =
        ev.iter().map(|e| (e.event_key.as_str(), e.code.as_str(), e.root_code.as_str())).collect();
    assert!(codes.contains(&("2", "043", "04")), "{codes:?}");
    assert!(codes.contains(&("4", "1411", "14")), "{codes:?}");
    assert!(codes.contains(&("6", "190", "19")), "{codes:?}");
    // the padded row alone, then the same file again: every id is already in the store
    std::fs::write(&p, with_codes("7", "42", "42", "4")).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let (s, _) = import(&mut store, &p);
    assert_eq!((s.loaded, s.padded), (1, 1));
    assert_eq!(all_events(&store)[0].code, "042");
    let (s, rep) = import(&mut store, &p);
    assert_eq!((s.loaded, s.replaced_in_store), (1, 1));
    assert_eq!(rep, vec![format!("{name}:1: GLOBALEVENTID 7 was in the store (run 1); this row replaces it")]);
    assert_eq!(store.count_events(Origin::Gdelt).unwrap(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

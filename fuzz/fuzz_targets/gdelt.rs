//! GDELT event-row reader (`dyad_store::gdelt::parse_row` on every line, and
//! `import_reader` into an in-memory store on the whole input). Checks: every
//! line is counted once as loaded or malformed, with one report per
//! malformed row and per replaced GLOBALEVENTID; a row that parses is written
//! back by `write_row` as one 61-column line that parses again to the same
//! id, date, event code and QuadClass. One in-memory store serves every
//! input (opening one per input runs at ~14 inputs/s).
#![no_main]

use dyad_store::gdelt::{import_reader, parse_row, write_row, ImportStats};
use dyad_store::{RunManifest, Store};
use libfuzzer_sys::fuzz_target;
use std::sync::{Mutex, OnceLock};

static STORE: OnceLock<Mutex<(Store, i64)>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for line in text.split('\n') {
        let line = line.trim_end_matches('\r');
        let Ok((e, _, _)) = parse_row(line) else { continue };
        let mut out = Vec::new();
        write_row(&mut out, &e).expect("write to a Vec");
        let row = String::from_utf8(out).expect("write_row writes UTF-8");
        let row = row.strip_suffix('\n').expect("write_row ends the row with a newline");
        assert!(!row.contains('\n'), "row spans lines: {row:?}");
        assert_eq!(row.split('\t').count(), 61, "{row:?}");
        let (back, _, _) = parse_row(row).unwrap_or_else(|m| panic!("re-parse of {row:?}: {m}"));
        assert_eq!(back.event_key, e.event_key);
        assert_eq!(back.date, e.date);
        assert_eq!(back.code, e.code);
        assert_eq!(back.quad_class, e.quad_class);
    }
    let mut guard = STORE
        .get_or_init(|| {
            let store = Store::open_in_memory().expect("in-memory store");
            let run = store.begin_run(&RunManifest { kind: "import-gdelt".into(), ..RunManifest::default() }).unwrap();
            Mutex::new((store, run))
        })
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let (store, run) = &mut *guard;
    let run = *run;
    let mut stats = ImportStats::default();
    let mut reports = 0u64;
    let r = std::io::BufReader::new(std::io::Cursor::new(data.to_vec()));
    import_reader(store, r, "fuzz", run, 100, &mut stats, &mut |m| {
        assert!(m.starts_with("fuzz:"), "{m}");
        reports += 1;
    })
    .expect("import from memory never fails");
    assert_eq!(stats.loaded + stats.malformed, stats.lines);
    // one report per malformed row and per replaced GLOBALEVENTID
    assert_eq!(reports, stats.malformed + stats.duplicate_in_import + stats.replaced_in_store);
});

//! Gold-file readers of `dyad eval` (`dyad_coder::eval`): PETRARCH
//! validation XML, PLOVER JSON and dyad JSONL on arbitrary text, chosen by
//! the first byte (or by `GoldKind::detect`). Checks: every warning names the
//! file, every record line lies within the input, and scoring the records
//! against "nothing produced" gives one outcome per record.
#![no_main]

use dyad_coder::eval::{parse_dyad_jsonl, parse_petrarch_xml, parse_plover_json, score, GoldKind};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let date = dyad_core::date::parse_date_lenient("2017-02-07");
    let kind = match which % 4 {
        0 => GoldKind::PetrarchXml,
        1 => GoldKind::PloverJson,
        2 => GoldKind::DyadJsonl,
        _ => match GoldKind::detect(Path::new("fuzz.txt"), &text) {
            Some(k) => k,
            None => return,
        },
    };
    let gold = match kind {
        GoldKind::PetrarchXml => parse_petrarch_xml("fuzz", &text, date),
        GoldKind::DyadJsonl => parse_dyad_jsonl("fuzz", &text, date),
        GoldKind::PloverJson => match parse_plover_json("fuzz", &text, date) {
            Ok(g) => g,
            Err(e) => {
                let _ = e.to_string();
                return;
            }
        },
    };
    let max_line = text.matches('\n').count() as u64 + 1;
    for w in &gold.warnings {
        assert!(w.starts_with("fuzz"), "{w}");
    }
    for r in &gold.records {
        assert!(r.line <= max_line, "record line {} > {max_line}", r.line);
    }
    let docs = gold.documents();
    assert_eq!(docs.len(), gold.records.len());
    let produced = vec![Vec::new(); gold.records.len()];
    let rep = score(&gold, &produced);
    assert_eq!(rep.outcomes.len(), gold.records.len());
    let _ = rep.to_json();
    let _ = rep.to_text();
});

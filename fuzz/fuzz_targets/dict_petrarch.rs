//! PETRARCH/TABARI dictionary readers (`dyad_dict::petrarch::read_text`),
//! decoding bytes as `load_path` does (`decode_bytes`: UTF-8, UTF-16 with a
//! byte-order mark, else Latin-1). The first byte
//! picks the kind (actors, agents, verbs, discards, issues, or detection by
//! content); `parse_date` and `expand_issue_phrase` are fed the text too.
#![no_main]

use dyad_dict::petrarch::{self, Kind, LoadReport};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let decoded = petrarch::decode_bytes(rest);
    let lines = decoded.text.matches('\n').count() + 1;
    assert!(decoded.bad_lines.iter().all(|&l| (1..=lines).contains(&l)), "{:?}", decoded.bad_lines);
    let text = decoded.text;
    let kind = match which % 6 {
        0 => Kind::Actors,
        1 => Kind::Agents,
        2 => Kind::Verbs,
        3 => Kind::Discards,
        4 => Kind::Issues,
        _ => match petrarch::kind_from_content(&text) {
            Some(k) => k,
            None => return,
        },
    };
    let mut w = Vec::new();
    let mut report = LoadReport::default();
    let d = petrarch::read_text(kind, "fuzz", &text, &mut w, &mut report);
    // Codes outside CAMEO: at most one summary warning per file. (Matched by
    // its ending: other warnings quote input text, which may say anything.)
    let summaries = w.iter().filter(|x| x.message.ends_with("; loaded as written (no Goldstein score, QuadClass 0)"));
    assert!(summaries.count() <= 1, "{w:?}");
    let _ = report.to_string();
    for a in &d.actors {
        let _ = a.code_for(None);
        let _ = a.code_for(Some(19950101));
    }
    if text.len() < 256 {
        let _ = petrarch::parse_date(&text);
        assert!(petrarch::expand_issue_phrase(&text).len() <= 64);
    }
});

//! The full coder with the six Phoenix dictionary files (countries,
//! international, non-state actors, agents, CAMEO.2.0 verbs, discards; no
//! built-in dictionaries, as `dyad code --no-builtin --dict …`) on arbitrary
//! text. Checks: no panic, and every event's spans lie inside the text on
//! char boundaries. The files are read once from `$DYAD_PHOENIX_DIR`, else
//! `../shared/data/petrarch2` beside the repository.
#![no_main]

use dyad_coder::{Coder, CoderOptions, Document};
use dyad_core::Field;
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

static CODER: OnceLock<Coder> = OnceLock::new();

const FILES: &[&str] = &[
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
    "Phoenix.agents.txt",
    "CAMEO.2.0.txt",
    "Phoenix.discards.txt",
];

fn phoenix() -> Coder {
    let dir = std::env::var_os("DYAD_PHOENIX_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/petrarch2"));
    let mut all = dyad_dict::Dictionaries::default();
    for f in FILES {
        let p = dir.join(f);
        let (d, _w) = dyad_dict::petrarch::load_path(&p)
            .unwrap_or_else(|e| panic!("coder_phoenix needs {} (set DYAD_PHOENIX_DIR): {e}", p.display()));
        all.extend(d);
    }
    Coder::new(all, CoderOptions::default())
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let coder = CODER.get_or_init(phoenix);
    let doc = Document {
        id: "fuzz".into(),
        date: dyad_core::date::parse_date_lenient("2017-02-07"),
        text,
        ..Document::default()
    };
    for e in coder.code(&doc) {
        let s = if e.field == Field::Title { doc.title.as_deref().unwrap_or("") } else { doc.text.as_str() };
        for sp in [e.spans.sentence, e.spans.source, e.spans.verb, e.spans.target] {
            let (a, b) = (sp.start as usize, sp.end as usize);
            assert!(a <= b && b <= s.len(), "span {a}..{b} outside a text of {} bytes", s.len());
            assert!(s.is_char_boundary(a) && s.is_char_boundary(b), "span {a}..{b} not on char boundaries");
        }
    }
});

//! The full coder with the built-in dictionaries on arbitrary text, and the
//! three output sinks (JSONL, TSV, GDELT) on its events.
#![no_main]

use dyad_coder::sink::{EventSink, GdeltSink, JsonlSink, TsvSink};
use dyad_coder::{Coder, CoderOptions, Document};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static CODER: OnceLock<Coder> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let coder = CODER.get_or_init(|| Coder::builtin(CoderOptions::default()));
    let doc = Document {
        id: "fuzz".into(),
        date: dyad_core::date::parse_date_lenient("2017-02-07"),
        text,
        ..Document::default()
    };
    let (events, _stats) = coder.code_with_stats(&doc);
    let _ = coder.unmatched(&doc);
    let mut jsonl = JsonlSink::new(Vec::new()).with_sentence(true);
    let mut tsv = TsvSink::new(Vec::new());
    let mut gdelt = GdeltSink::new(Vec::new());
    for s in [&mut jsonl as &mut dyn EventSink, &mut tsv, &mut gdelt] {
        s.write_document(&doc, &events).unwrap();
        s.finish().unwrap();
    }
});

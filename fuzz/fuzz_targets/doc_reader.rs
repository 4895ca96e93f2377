//! Input readers (`DocReader::from_reader`): plain text, JSONL, CSV and
//! PETRARCH XML, from arbitrary bytes (BOMs, UTF-16, invalid UTF-8 all
//! reachable). The first byte picks the format and whether a default date is
//! set. Every record is consumed; errors and warnings must name a line
//! within the input.
#![no_main]

use dyad_coder::input::{DocReader, InputFormat, InputOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let format = match which % 4 {
        0 => InputFormat::Text,
        1 => InputFormat::Jsonl,
        2 => InputFormat::Csv,
        _ => InputFormat::PetrarchXml,
    };
    let mut opts = InputOptions::default();
    if which & 4 != 0 {
        opts.default_date = dyad_core::date::parse_date_lenient("2017-02-07");
    }
    let input = std::io::Cursor::new(rest.to_vec());
    let mut r = match DocReader::from_reader("fuzz", Box::new(input), format, &opts) {
        Ok(r) => r,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    // Lines are 1-based and at most one past the number of newlines (UTF-16
    // input has half as many bytes per line, so bound by bytes).
    let max_line = rest.len() as u64 + 1;
    for item in &mut r {
        match item {
            Ok(d) => assert!(!d.id.is_empty()),
            Err(e) => assert!(e.line <= max_line, "{e}"),
        }
    }
    for w in r.take_warnings() {
        assert!(w.line <= max_line, "{w}");
    }
});

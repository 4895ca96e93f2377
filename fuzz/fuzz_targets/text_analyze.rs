//! Sentence splitter + tokenizer + tagger + lemmatizer (`dyad_text::Analyzer`)
//! on arbitrary UTF-8 text. Besides "no panic", checks the span invariants
//! the coder relies on: sentence and token spans lie inside the text, on
//! char boundaries, in order, and every token lies inside its sentence.
#![no_main]

use dyad_text::Analyzer;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static ANALYZER: OnceLock<Analyzer> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let a = ANALYZER.get_or_init(Analyzer::default);
    let sents = a.analyze(&text);
    let mut last_end = 0;
    for s in &sents {
        let (ss, se) = (s.span.start as usize, s.span.end as usize);
        assert!(ss <= se && se <= text.len(), "sentence span {:?} outside text", s.span);
        assert!(text.is_char_boundary(ss) && text.is_char_boundary(se));
        assert!(ss >= last_end, "sentences overlap or go backwards");
        last_end = se;
        for t in &s.tokens {
            assert!(t.span.start <= t.span.end, "token span reversed");
            assert!(
                t.span.start >= s.span.start && t.span.end <= s.span.end,
                "token {:?} outside sentence {:?}",
                t.span,
                s.span
            );
            assert!(text.is_char_boundary(t.span.start as usize) && text.is_char_boundary(t.span.end as usize));
        }
    }
});

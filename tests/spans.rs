//! Property test: every span of every event slices valid UTF-8 from the input
//! and equals the reported text (source_text, target_text, verb_text).

use dyad_coder::{Coder, CoderOptions};
use dyad_core::{Document, Field};
use proptest::prelude::*;
use std::sync::OnceLock;

fn coder() -> &'static Coder {
    static C: OnceLock<Coder> = OnceLock::new();
    C.get_or_init(|| Coder::builtin(CoderOptions::default()))
}

const PIECES: &[&str] = &[
    "Russia",
    "China",
    "Ukraine's",
    "Chinese President Xi Jinping",
    "Putin",
    "NATO",
    "the United Nations",
    "Russian troops",
    "protesters",
    "police",
    "attacked",
    "visited",
    "met with",
    "condemned",
    "imposed sanctions on",
    "held talks with",
    "and",
    ",",
    ".",
    " ",
    "\n\n",
    "did not",
    "will",
    "could",
    "U.S.",
    "é",
    "日本",
    "🙂",
    "—",
    "’s",
    "\"",
    "(Reuters) -",
    "Mr.",
    "Gen.",
    "accused",
    "of",
    "in",
    "Kyiv",
    "Moscow",
    "\u{0301}",
    "\t",
    "2-1",
];

fn check(doc: &Document) {
    for e in coder().code(doc) {
        let text = match e.field {
            Field::Text => doc.text.as_str(),
            Field::Title => doc.title.as_deref().unwrap(),
        };
        for sp in [e.spans.sentence, e.spans.source, e.spans.verb, e.spans.target] {
            let s = text.get(sp.start as usize..sp.end as usize);
            assert!(s.is_some(), "span {sp:?} not on char boundaries of {text:?}");
        }
        assert_eq!(e.spans.source.slice(text), e.source_text);
        assert_eq!(e.spans.target.slice(text), e.target_text);
        assert_eq!(e.spans.verb.slice(text), e.verb_text);
        let sent = e.spans.sentence.slice(text);
        assert!(e.spans.verb.start >= e.spans.sentence.start && e.spans.verb.end <= e.spans.sentence.end, "{sent}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn spans_slice_the_reported_text(ix in proptest::collection::vec(0..PIECES.len(), 1..40), title in any::<bool>()) {
        let mut text = String::new();
        for i in ix {
            text.push_str(PIECES[i]);
            text.push(' ');
        }
        let doc = Document {
            id: "p".into(),
            date: chrono::NaiveDate::from_ymd_opt(2023, 1, 1),
            title: if title { Some(text.chars().rev().collect()) } else { None },
            text,
            ..Default::default()
        };
        check(&doc);
    }

    #[test]
    fn arbitrary_strings_never_panic(s in "\\PC{0,300}") {
        let doc = Document { id: "q".into(), text: s, ..Default::default() };
        check(&doc);
    }
}

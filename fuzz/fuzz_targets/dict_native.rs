//! dyad's native dictionary readers (`dyad_dict::native::read_*`). The first
//! byte picks the reader (actors, agents, verbs, discards); the rest is the
//! file's text (invalid UTF-8 replaced, as `include_str!` files never are).
#![no_main]

use dyad_dict::native;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut w = Vec::new();
    match which % 4 {
        0 => {
            for a in native::read_actors("fuzz", &text, &mut w) {
                assert!(!a.phrases.is_empty() && !a.codes.is_empty());
                let _ = a.code_for(None);
                let _ = a.code_for(Some(20170207));
            }
        }
        1 => {
            native::read_agents("fuzz", &text, &mut w);
        }
        2 => {
            for p in native::read_verbs("fuzz", &text, &mut w) {
                let _ = p.specificity();
            }
        }
        _ => {
            native::read_discards("fuzz", &text, &mut w);
        }
    }
    for x in &w {
        assert!(x.line >= 1, "native warnings name a line: {x}");
    }
});

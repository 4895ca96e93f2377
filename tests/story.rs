//! The summit story, written by us: a head of state visits another
//! capital for talks; the two hold joint exercises and expand trade and energy
//! deals; the visitor's government criticises Western sanctions imposed on the
//! host over its war with a neighbour, and offers to mediate.

use dyad_coder::{Coder, CoderOptions};
use dyad_core::Document;

/// The story (also the README's example input, examples/summit.txt).
const STORY: &str = include_str!("../examples/summit.txt");

fn coded() -> Vec<(String, String, String)> {
    let coder = Coder::builtin(CoderOptions::default());
    let doc = Document {
        id: "story".into(),
        date: chrono::NaiveDate::from_ymd_opt(2023, 3, 21),
        text: STORY.into(),
        ..Default::default()
    };
    let ev = coder.code(&doc);
    for e in &ev {
        eprintln!("{} {} {} [{}] {:?} via {}", e.source, e.code, e.target, e.verb_text, e.modality, e.rule);
    }
    ev.into_iter().map(|e| (e.source, e.code, e.target)).collect()
}

fn has(ev: &[(String, String, String)], src: &str, code_prefix: &str, tgt: &str) -> bool {
    ev.iter().any(|(s, c, t)| s.starts_with(src) && c.starts_with(code_prefix) && t.starts_with(tgt))
}

#[test]
fn summit_story_codes_the_expected_events() {
    let ev = coded();
    assert!(has(&ev, "CHNGOV", "042", "RUS"), "visitor -> host 042");
    assert!(has(&ev, "RUS", "043", "CHNGOV"), "host -> visitor 043");
    assert!(has(&ev, "CHN", "06", "RUS") && has(&ev, "RUS", "06", "CHN"), "06x both ways");
    assert!(has(&ev, "CHN", "11", "WST"), "11x toward the sanctioning side");
    assert!(has(&ev, "USA", "163", "RUS") && has(&ev, "IGOEUREEC", "163", "RUS"), "the sanctions (163)");
    assert!(
        ev.iter().any(|(s, c, t)| s.starts_with("RUS") && c.starts_with("19") && t.starts_with("UKR")),
        "the war (19x)"
    );
    assert!(has(&ev, "CHN", "039", "RUS") || has(&ev, "CHN", "045", "RUS"), "mediation offer (039/045)");
    // no conflict event between the two partners
    for (s, c, t) in &ev {
        let root: u8 = c[..2].parse().unwrap();
        let partners = (s.starts_with("CHN") && t.starts_with("RUS")) || (s.starts_with("RUS") && t.starts_with("CHN"));
        assert!(!(partners && root >= 14), "conflict event between partners: {s} {c} {t}");
    }
}

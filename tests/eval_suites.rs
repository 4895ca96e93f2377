//! Accuracy suites of issue 3 ("Must hold"), over ../shared/data:
//!
//! - PETR.UnitTest.records.xml with its <Environment> dictionaries (PETR.Validate.*),
//! - PETR2_GSR_validation.xml with the production Phoenix + CAMEO.2.0 dictionaries,
//! - PLOVER_GSR_CAMEO.txt with the built-in dictionaries (type accuracy),
//! - AG News precision: conflict events (roots 14–20) per 100 Sports + Sci/Tech items.
//!
//! Each test prints its figures, the floor it asserts (the measured value at
//! the time the floor was set, minus a small margin; floors only rise) and
//! the target. A test prints a reason and returns when its data is
//! absent. Scoring rules: docs/EVAL.md.

use dyad_coder::eval::{self, EvalReport, GoldFile};
use dyad_coder::{Coder, CoderOptions, Document, Event};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

fn shared(rel: &str) -> Option<PathBuf> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let p = base.join(rel);
    if p.exists() {
        Some(p)
    } else {
        dyad_core::testskip::skip("eval_suites", &format!("{} not present", p.display()));
        None
    }
}

fn code_all(coder: &Coder, docs: &[Document]) -> Vec<Vec<Event>> {
    docs.par_iter().map(|d| coder.code(d)).collect()
}

/// Read a PETRARCH record file and code it with its <Environment> dictionaries
/// (names resolved in `dirs`, in order).
fn eval_petrarch(path: &Path, dirs: &[PathBuf]) -> (GoldFile, EvalReport) {
    let gold = eval::read_gold(path, None).expect("gold file reads");
    let env = gold.environment.clone().expect("file has an <Environment>");
    let ed = eval::load_environment(&gold.path, &env, dirs, &[]).expect("environment dictionaries load");
    let coder = Coder::new(ed.dicts, CoderOptions::default());
    let produced = code_all(&coder, &gold.documents());
    let rep = eval::score(&gold, &produced);
    (gold, rep)
}

fn print_report(rep: &EvalReport) {
    println!("{}", rep.to_text());
    println!("{}", rep.to_json());
}

#[test]
fn petrarch_unit_records() {
    let (Some(recs), Some(dir)) = (shared("petrarch2/PETR.UnitTest.records.xml"), shared("petrarch2")) else {
        return;
    };
    // The <Environment> names PETR.Validate.verbs.txt (PETRARCH-1 syntax, in
    // petrarch2/). It scores far better with our reader than the 2.0-syntax
    // conversion in universalpetrarch/ (recall 0.38 vs 0.07: that file was
    // re-coded for UniversalPetrarch's re-coded expectations), so the names
    // are used as written. See docs/EVAL.md.
    let (gold, rep) = eval_petrarch(&recs, &[dir]);
    print_report(&rep);
    assert_eq!(gold.records.len(), 281, "284 records minus 3 outside <Include> (AGENTS, COMPOUNDx)");
    assert_eq!(gold.excluded.len(), 3);
    let t = rep.total;
    assert_eq!(t.expected, 355);
    assert_eq!(t.noevents_total, 19);
    assert_eq!(t.errors_total, 7);
    let recall = t.recall().unwrap();
    println!("unit recall {recall:.3} (floor 0.84; issue target 0.80; goal 1.00)");
    assert!(recall >= 0.84, "unit-test recall {recall:.3} fell below its floor 0.84");
    let extra = t.extra_rate().unwrap();
    println!("unit extra_rate {extra:.3} (ceiling 0.035)");
    assert!(extra <= 0.035, "unit-test extra_rate {extra:.3} rose above its ceiling 0.035");
    println!("unit noevents correct {}/{} (floor 15)", t.noevents_correct, t.noevents_total);
    assert!(t.noevents_correct >= 15);
}

#[test]
fn petrarch2_gsr() {
    let (Some(recs), Some(dir)) = (shared("universalpetrarch/PETR2_GSR_validation.xml"), shared("petrarch2")) else {
        return;
    };
    let (gold, rep) = eval_petrarch(&recs, &[dir]);
    print_report(&rep);
    assert_eq!(gold.records.len(), 78, "all 78 records read (70 self-closed openers repaired)");
    assert!(gold.warnings.iter().any(|w| w.contains("70 <Sentence")));
    let t = rep.total;
    assert_eq!(t.expected, 80, "80 codings with an event code (+12 noevents records)");
    assert_eq!(t.noevents_total, 12);
    let recall = t.recall().unwrap();
    let extra = t.extra_rate().unwrap();
    println!(
        "GSR recall {recall:.3} (floor 0.77; target >= 0.75, goal 0.90), extra_rate {extra:.3} \
         (ceiling 0.15; target <= 0.25, goal 0.10); UniversalPetrarch with gold parses: 0.87 / 0.29"
    );
    assert!(recall >= 0.77, "GSR recall {recall:.3} fell below its floor 0.77");
    assert!(extra <= 0.15, "GSR extra_rate {extra:.3} rose above its ceiling 0.15");
}

#[test]
fn plover_gsr_type_accuracy() {
    let Some(p) = shared("plover/PLOVER_GSR_CAMEO.txt") else {
        return;
    };
    let gold = eval::read_gold(&p, None).expect("PLOVER gold reads");
    assert_eq!(gold.records.len(), 322, "323 records minus the DOCUMENT record");
    println!("PLOVER 0.5 labels mapped: {:?}", gold.relabelled);
    assert_eq!(gold.relabelled.values().sum::<usize>(), 34 + 17 + 16 + 9);
    let coder = Coder::builtin(CoderOptions::default());
    let produced = code_all(&coder, &gold.documents());
    let rep = eval::score(&gold, &produced);
    print_report(&rep);
    let acc = rep.total.type_accuracy().unwrap();
    println!("PLOVER type_accuracy {acc:.3} (floor 0.70 = issue target; goal 0.85)");
    assert!(acc >= 0.70, "PLOVER type_accuracy {acc:.3} fell below its floor 0.70");
}

/// AG corpus artefacts: `\` for a line break, `#36;` for `$`, ` #39;` for `'`.
fn clean_ag(s: &str) -> String {
    s.replace('\\', " ").replace("#36;", "$").replace(" #39;", "'").replace("#39;", "'")
}

#[test]
fn ag_news_precision() {
    let Some(p) = shared("ag_news_test/test.csv") else {
        return;
    };
    let mut rdr = csv::Reader::from_path(&p).expect("AG News CSV opens");
    let (mut negatives, mut world) = (Vec::new(), Vec::new());
    for (i, r) in rdr.records().enumerate() {
        let r = r.expect("AG News row reads");
        let (label, title, desc) = (&r[0], clean_ag(&r[1]), clean_ag(&r[2]));
        let title = title.trim();
        let sep = if title.ends_with(['.', '!', '?']) { " " } else { ". " };
        let doc = Document {
            id: format!("ag:{}", i + 2),
            text: format!("{title}{sep}{}", desc.trim()),
            ..Document::default()
        };
        match label {
            "2" | "4" => negatives.push(doc),
            "1" => world.push(doc),
            _ => {}
        }
    }
    assert_eq!(negatives.len(), 3800);
    assert_eq!(world.len(), 1900);
    let coder = Coder::builtin(CoderOptions::default());
    let neg_events = code_all(&coder, &negatives);
    let world_events = code_all(&coder, &world);
    let is_conflict = |e: &Event| matches!(e.root_code.parse::<u32>(), Ok(14..=20));
    let neg_total: usize = neg_events.iter().map(Vec::len).sum();
    let neg_conflict: usize = neg_events.iter().flatten().filter(|e| is_conflict(e)).count();
    let world_total: usize = world_events.iter().map(Vec::len).sum();
    let world_conflict: usize = world_events.iter().flatten().filter(|e| is_conflict(e)).count();
    let per100 = |n: usize, d: usize| n as f64 * 100.0 / d as f64;
    let conflict_rate = per100(neg_conflict, negatives.len());
    println!(
        "AG Sports+Sci/Tech (3,800 items): {neg_conflict} events of roots 14-20 = {conflict_rate:.2} per 100 items \
         (ceiling 1.00 = issue target <= 1); all events {neg_total} = {:.2} per 100 items",
        per100(neg_total, negatives.len())
    );
    println!(
        "AG World (1,900 items): all events {world_total} = {:.2} per 100 items; roots 14-20: {world_conflict} = {:.2} per 100",
        per100(world_total, world.len()),
        per100(world_conflict, world.len())
    );
    for (d, evs) in negatives.iter().zip(&neg_events) {
        for e in evs.iter().filter(|e| is_conflict(e)) {
            println!("  conflict on a negative: {} {} {} {} | {}", d.id, e.source, e.code, e.target, d.text);
        }
    }
    assert!(conflict_rate <= 1.0, "{conflict_rate:.2} conflict events per 100 non-political items (target <= 1)");
}

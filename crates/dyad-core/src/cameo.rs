//! CAMEO code tables: names, root codes, Goldstein weights, QuadClass, the
//! CAMEO→PLOVER map and the frames (appeal/intent/demand/reject) of an act.
//!
//! The tables are compiled in from `data/cameo/codes.tsv` (code, GDELT and
//! Phoenix Goldstein weights, name), `data/cameo/plover.tsv` (code → PLOVER
//! type, mode, context) and `data/cameo/frames.tsv` (act → its 02x/03x/10x/12x
//! codes) via `include_str!`, and parsed once on first use.
//! Sources and every choice made in them: `docs/CODES.md`.

use std::collections::HashMap;
use std::sync::LazyLock;

/// Which QuadClass numbering to use.
///
/// - `Gdelt` (default): 1 verbal cooperation (roots 01–05), 2 material
///   cooperation (06–09), 3 verbal conflict (10–14), 4 material conflict (15–20).
/// - `Phoenix`: 0 neutral (01–02), 1 (03–05), 2 (06–08), 3 (09–13, 16), 4 (14, 15, 17–20).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuadScheme {
    /// GDELT's 1–4.
    #[default]
    Gdelt,
    /// Phoenix's 0–4.
    Phoenix,
}

/// Which Goldstein table to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GoldsteinScheme {
    /// GDELT's CAMEO.goldsteinscale.txt values (310 codes, plus 106 recovered
    /// from GDELT's code list); 1213, which GDELT lacks, falls back to Phoenix's.
    #[default]
    Gdelt,
    /// Phoenix's values (279 of our codes); the 33 codes Phoenix lacks fall
    /// back to GDELT's.
    Phoenix,
}

/// A PLOVER event type with mode and context, as mapped from a CAMEO code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plover {
    /// PLOVER event type, e.g. `CONSULT`.
    pub event_type: &'static str,
    /// PLOVER mode, e.g. `visit`; may be empty.
    pub mode: &'static str,
    /// PLOVER context, e.g. `diplomatic`; may be empty; several contexts are
    /// joined by `;` (e.g. `military;legal`).
    pub context: &'static str,
}

/// A CAMEO statement about another act, coded by that act's kind: the 02x,
/// 03x, 10x and 12x families (CAMEO codebook). See [`framed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    /// 02x: appeal for the act ("asked Obama to help Iran" → 023).
    Appeal,
    /// 03x: express intent to do it ("wants to help Israel" → 033).
    Intent,
    /// 10x: demand it ("demanded the release of" → 1053).
    Demand,
    /// 12x: reject or refuse it ("refused to release" → 1243).
    Reject,
}

impl Frame {
    /// The frame a code belongs to: its root 02, 03, 10 or 12; `None` otherwise.
    pub fn of(code: &str) -> Option<Frame> {
        match code.get(..2)? {
            "02" => Some(Frame::Appeal),
            "03" => Some(Frame::Intent),
            "10" => Some(Frame::Demand),
            "12" => Some(Frame::Reject),
            _ => None,
        }
    }
}

/// The code of `frame` about the act coded `act`: `framed(Intent, "073")` →
/// `"0333"` (express intent to provide humanitarian aid), `framed(Reject,
/// "084")` → `"1243"`. The longest prefix of `act` listed in
/// `data/cameo/frames.tsv` applies (`"0854"` → the `085` row). `None` when the
/// act has no such code: acts outside roots 04–08 (a frame of "attack" or
/// "investigate" is not a CAMEO code).
pub fn framed(frame: Frame, act: &str) -> Option<&'static str> {
    if !act.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let col = match frame {
        Frame::Appeal => 0,
        Frame::Intent => 1,
        Frame::Demand => 2,
        Frame::Reject => 3,
    };
    (2..=act.len().min(4)).rev().find_map(|n| TABLES.frames.get(&act[..n])).map(|row| row[col])
}

/// One row of `codes.tsv`.
struct CodeRow {
    name: &'static str,
    gdelt: Option<f32>,
    phoenix: Option<f32>,
}

/// Both tables, parsed from the embedded TSV files.
struct Tables {
    /// All codes in file order (hierarchical: `01`, `010`, …, `2042`).
    order: Vec<&'static str>,
    codes: HashMap<&'static str, CodeRow>,
    /// `None` value: the code is listed and maps to no PLOVER event.
    plover: HashMap<&'static str, Option<Plover>>,
    /// act code prefix → [appeal, intent, demand, reject] codes (`frames.tsv`).
    frames: HashMap<&'static str, [&'static str; 4]>,
}

const CODES_TSV: &str = include_str!("../../../data/cameo/codes.tsv");
const PLOVER_TSV: &str = include_str!("../../../data/cameo/plover.tsv");
const FRAMES_TSV: &str = include_str!("../../../data/cameo/frames.tsv");

/// Data rows of an embedded TSV: comments, blank lines and the header line
/// (its first field is `header`) skipped, fields split on tabs.
fn data_rows(text: &'static str, header: &str) -> impl Iterator<Item = Vec<&'static str>> {
    let header = header.to_string();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(move |f| f[0] != header)
}

fn parse_weight(s: &str, code: &str) -> Option<f32> {
    if s.is_empty() {
        return None;
    }
    Some(s.parse().unwrap_or_else(|_| panic!("codes.tsv: bad Goldstein value {s:?} for {code}")))
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut order = Vec::new();
    let mut codes = HashMap::new();
    for f in data_rows(CODES_TSV, "code") {
        assert_eq!(f.len(), 4, "codes.tsv: expected 4 fields in {f:?}");
        let code = f[0];
        let row = CodeRow { gdelt: parse_weight(f[1], code), phoenix: parse_weight(f[2], code), name: f[3] };
        assert!(codes.insert(code, row).is_none(), "codes.tsv: duplicate {code}");
        order.push(code);
    }
    let mut plover = HashMap::new();
    for f in data_rows(PLOVER_TSV, "code") {
        assert_eq!(f.len(), 5, "plover.tsv: expected 5 fields in {f:?}");
        let p = (!f[1].is_empty()).then_some(Plover { event_type: f[1], mode: f[2], context: f[3] });
        assert!(plover.insert(f[0], p).is_none(), "plover.tsv: duplicate {}", f[0]);
    }
    let mut frames = HashMap::new();
    for f in data_rows(FRAMES_TSV, "act") {
        assert_eq!(f.len(), 5, "frames.tsv: expected 5 fields in {f:?}");
        assert!(frames.insert(f[0], [f[1], f[2], f[3], f[4]]).is_none(), "frames.tsv: duplicate {}", f[0]);
    }
    Tables { order, codes, plover, frames }
});

/// The root code of a CAMEO code: its first two characters (`"0431"` → `"04"`).
/// Codes shorter than two characters are returned whole.
pub fn root_code(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

/// The parent of a CAMEO code one level up: `"0431"` → `"043"`, `"043"` →
/// `"04"`; `None` for a root (`"04"`) or a code of another length.
pub fn parent_code(code: &str) -> Option<&str> {
    match code.len() {
        3 | 4 => code.get(..code.len() - 1),
        _ => None,
    }
}

/// Every CAMEO event code in the table (312: 20 roots, their 3- and 4-digit
/// children), in hierarchical order (`"01"`, `"010"`, …, `"2042"`).
pub fn all_codes() -> &'static [&'static str] {
    &TABLES.order
}

/// QuadClass of a root code (`"01"`..`"20"`) in the given scheme; 0 when the
/// root is not a CAMEO root. GDELT's numbering is the one its event files use
/// (1–4); Phoenix's is the `quad_conversion` table of phoenix_pipeline's
/// post-processing (0–4). Both are listed in docs/CODES.md.
pub fn quad_class(root: &str, scheme: QuadScheme) -> u8 {
    let r: u8 = match root.parse() {
        Ok(r) if (1..=20).contains(&r) && root.len() == 2 => r,
        _ => return 0,
    };
    match scheme {
        QuadScheme::Gdelt => match r {
            1..=5 => 1,
            6..=9 => 2,
            10..=14 => 3,
            _ => 4,
        },
        QuadScheme::Phoenix => match r {
            1 | 2 => 0,
            3..=5 => 1,
            6..=8 => 2,
            9..=13 | 16 => 3,
            _ => 4,
        },
    }
}

/// The CAMEO name of a code (codebook wording, e.g. `"Make a visit"` for
/// `"042"`), `None` for codes outside CAMEO.
pub fn event_name(code: &str) -> Option<&'static str> {
    TABLES.codes.get(code).map(|r| r.name)
}

/// True when `code` is a CAMEO event code (one of [`all_codes`]).
pub fn is_cameo_code(code: &str) -> bool {
    TABLES.codes.contains_key(code)
}

/// Goldstein weight of a code (−10 … +10), `None` for codes outside the table.
///
/// Each scheme falls back to the other table for the codes it lacks: Phoenix
/// to GDELT for 33 codes (e.g. 019, 1011, 116), GDELT to Phoenix for 1213.
pub fn goldstein(code: &str, scheme: GoldsteinScheme) -> Option<f32> {
    let row = TABLES.codes.get(code)?;
    match scheme {
        GoldsteinScheme::Gdelt => row.gdelt.or(row.phoenix),
        GoldsteinScheme::Phoenix => row.phoenix.or(row.gdelt),
    }
}

/// PLOVER type/mode/context for a CAMEO code, `None` where there is none
/// (01x public statements, codes outside CAMEO's roots, malformed codes).
///
/// A code missing from the table falls back to its parent, then its root
/// (e.g. `"1214"` → `"121"`), so PETRARCH-style extra 4-digit codes still map.
pub fn plover(code: &str) -> Option<Plover> {
    if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut c = code;
    loop {
        if let Some(p) = TABLES.plover.get(c) {
            return *p;
        }
        c = parent_code(c)?;
    }
}

/// The PLOVER mapping of a root code (`"01"`..`"20"`): the type of its
/// unspecified `x0` code, e.g. `"04"` → CONSULT; `None` for 01 and non-roots.
pub fn plover_for_root(root: &str) -> Option<Plover> {
    if root.len() != 2 {
        return None;
    }
    plover(root)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    const ROOTS: [&str; 20] = [
        "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18",
        "19", "20",
    ];

    #[test]
    fn frames_are_cameo_codes_of_their_family() {
        assert_eq!(TABLES.frames.len(), 26);
        for (act, row) in &TABLES.frames {
            assert!(is_cameo_code(act), "{act}");
            for (code, root) in row.iter().zip(["02", "03", "10", "12"]) {
                assert!(is_cameo_code(code), "{act}: {code}");
                assert_eq!(root_code(code), root, "{act}: {code}");
            }
        }
        assert_eq!(framed(Frame::Intent, "073"), Some("0333"));
        assert_eq!(framed(Frame::Appeal, "070"), Some("023"));
        assert_eq!(framed(Frame::Intent, "060"), Some("031"));
        assert_eq!(framed(Frame::Reject, "084"), Some("1243"));
        assert_eq!(framed(Frame::Reject, "0841"), Some("1243"));
        assert_eq!(framed(Frame::Demand, "0832"), Some("1042"));
        assert_eq!(framed(Frame::Reject, "057"), Some("127"));
        assert_eq!(framed(Frame::Reject, "051"), Some("120"));
        assert_eq!(framed(Frame::Intent, "190"), None);
        assert_eq!(framed(Frame::Intent, "17a"), None);
        assert_eq!(Frame::of("0333"), Some(Frame::Intent));
        assert_eq!(Frame::of("120"), Some(Frame::Reject));
        assert_eq!(Frame::of("050"), None);
    }

    #[test]
    fn table_sizes_and_shape() {
        let all = all_codes();
        assert_eq!(all.len(), 312);
        assert_eq!(all.first(), Some(&"01"));
        assert_eq!(all.last(), Some(&"2042"));
        for c in all {
            assert!((2..=4).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit()), "{c}");
            assert!(ROOTS.contains(&root_code(c)), "{c}");
            if let Some(p) = parent_code(c) {
                assert!(is_cameo_code(p), "parent of {c}");
            }
            let name = event_name(c).unwrap();
            assert!(!name.is_empty() && name.trim() == name && name.is_ascii(), "{c}: {name:?}");
            let g = goldstein(c, GoldsteinScheme::Gdelt).unwrap();
            let p = goldstein(c, GoldsteinScheme::Phoenix).unwrap();
            assert!((-10.0..=10.0).contains(&g) && (-10.0..=10.0).contains(&p), "{c}");
            // every code is listed in plover.tsv explicitly
            assert!(TABLES.plover.contains_key(c), "{c} missing from plover.tsv");
        }
        assert_eq!(TABLES.plover.len(), all.len());
        let phoenix_missing = TABLES.codes.values().filter(|r| r.phoenix.is_none()).count();
        assert_eq!(phoenix_missing, 33);
        let gdelt_missing: Vec<_> = all.iter().filter(|c| TABLES.codes[*c].gdelt.is_none()).collect();
        assert_eq!(gdelt_missing, [&"1213"]);
    }

    #[test]
    fn goldstein_values() {
        use GoldsteinScheme::*;
        assert_eq!(goldstein("190", Gdelt), Some(-10.0));
        assert_eq!(goldstein("190", Phoenix), Some(-10.0));
        assert_eq!(goldstein("163", Gdelt), Some(-8.0));
        assert_eq!(goldstein("163", Phoenix), Some(-6.5));
        assert_eq!(goldstein("042", Gdelt), Some(1.9));
        assert_eq!(goldstein("042", Phoenix), Some(1.9));
        assert_eq!(goldstein("016", Gdelt), Some(-2.0));
        assert_eq!(goldstein("016", Phoenix), Some(3.4));
        assert_eq!(goldstein("0874", Gdelt), Some(10.0));
        assert_eq!(goldstein("1823", Gdelt), Some(-10.0));
        // Phoenix lacks 019 and 1661: GDELT's values stand in
        assert_eq!(goldstein("019", Phoenix), Some(3.4));
        assert_eq!(goldstein("1661", Phoenix), Some(-7.0));
        // 106 recovered from GDELT's fused line; 1213 only in Phoenix
        assert_eq!(goldstein("106", Gdelt), Some(-5.0));
        assert_eq!(goldstein("1213", Gdelt), Some(-4.0));
        assert_eq!(goldstein("999", Gdelt), None);
        assert_eq!(goldstein("0357", Phoenix), None);
        assert_eq!(GoldsteinScheme::default(), Gdelt);
    }

    #[test]
    fn names() {
        assert_eq!(event_name("042"), Some("Make a visit"));
        assert_eq!(event_name("044"), Some("Meet at a \"third\" location"));
        assert_eq!(event_name("04"), Some("Consult"));
        assert_eq!(event_name("108"), Some("Demand mediation"));
        assert_eq!(event_name("106"), Some("Demand meeting, negotiation"));
        assert_eq!(event_name("2041"), Some("Use chemical, biological, or radiological weapons"));
        assert!(is_cameo_code("0211") && is_cameo_code("1213") && is_cameo_code("20"));
        for bad in ["", "0", "211", "21", "00", "0110", "0357", "109", "1641", "174K", "345"] {
            assert!(!is_cameo_code(bad), "{bad}");
            assert_eq!(event_name(bad), None);
        }
    }

    #[test]
    fn roots_and_parents() {
        assert_eq!(root_code("0431"), "04");
        assert_eq!(root_code("19"), "19");
        assert_eq!(root_code("1"), "1");
        assert_eq!(parent_code("0431"), Some("043"));
        assert_eq!(parent_code("043"), Some("04"));
        assert_eq!(parent_code("04"), None);
    }

    #[test]
    fn quad_classes_all_roots() {
        let gdelt = [1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4];
        let phoenix = [0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 3, 4, 4, 4, 4];
        for (i, r) in ROOTS.iter().enumerate() {
            assert_eq!(quad_class(r, QuadScheme::Gdelt), gdelt[i], "GDELT {r}");
            assert_eq!(quad_class(r, QuadScheme::Phoenix), phoenix[i], "Phoenix {r}");
        }
        assert_eq!(quad_class("21", QuadScheme::Gdelt), 0);
        assert_eq!(quad_class("1", QuadScheme::Gdelt), 0);
        assert_eq!(quad_class("x", QuadScheme::Phoenix), 0);
        assert_eq!(QuadScheme::default(), QuadScheme::Gdelt);
    }

    fn pl(t: &'static str, m: &'static str, c: &'static str) -> Option<Plover> {
        Some(Plover { event_type: t, mode: m, context: c })
    }

    #[test]
    fn plover_map() {
        assert_eq!(plover("042"), pl("CONSULT", "visit", ""));
        assert_eq!(plover("043"), pl("CONSULT", "visit", ""));
        assert_eq!(plover("044"), pl("CONSULT", "third-party", ""));
        assert_eq!(plover("163").unwrap().event_type, "SANCTION");
        assert_eq!(plover("020"), pl("REQUEST", "", ""));
        assert_eq!(plover("0254"), pl("REQUEST", "yield", "economic"));
        assert_eq!(plover("010"), None);
        assert_eq!(plover("01"), None);
        assert_eq!(plover("019"), None);
        assert_eq!(plover("0874"), pl("RETREAT", "disarm", "military"));
        assert_eq!(plover("091"), pl("ACCUSE", "investigate", "crime;corruption"));
        assert_eq!(plover("175"), pl("ASSAULT", "", "pro_autocracy;military"));
        assert_eq!(plover("1712").unwrap().event_type, "ASSAULT");
        assert_eq!(plover("192"), pl("COERCE", "seize", "military"));
        assert_eq!(plover("2042"), pl("ASSAULT", "unconventional", "cbrn"));
        // fallbacks: parent, then root
        assert_eq!(plover("1214"), pl("REJECT", "assist", ""));
        assert_eq!(plover("0357"), pl("AGREE", "", ""));
        assert_eq!(plover("1641"), pl("SANCTION", "withdraw", "diplomatic"));
        assert_eq!(plover("0110"), None);
        assert_eq!(plover("999"), None);
        assert_eq!(plover("174K"), None);
        assert_eq!(plover(""), None);
        // roots
        assert_eq!(plover_for_root("08").unwrap().event_type, "CONCEDE");
        assert_eq!(plover_for_root("09"), pl("ACCUSE", "investigate", ""));
        assert_eq!(plover_for_root("01"), None);
        assert_eq!(plover_for_root("010"), None);
        let types: std::collections::BTreeSet<_> =
            all_codes().iter().filter_map(|c| plover(c)).map(|p| p.event_type).collect();
        let expect = [
            "ACCUSE",
            "AGREE",
            "AID",
            "ASSAULT",
            "COERCE",
            "CONCEDE",
            "CONSULT",
            "COOPERATE",
            "MOBILIZE",
            "PROTEST",
            "REJECT",
            "REQUEST",
            "RETREAT",
            "SANCTION",
            "SUPPORT",
            "THREATEN",
        ];
        assert_eq!(types.into_iter().collect::<Vec<_>>(), expect);
    }

    fn shared_data() -> Option<PathBuf> {
        let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
        if p.is_dir() {
            Some(p)
        } else {
            crate::testskip::skip("dyad-core cameo tests", &format!("{} is absent", p.display()));
            None
        }
    }

    /// `(code, value)` rows of a two-column TSV with a header line.
    fn two_col(path: &std::path::Path) -> Vec<(String, String)> {
        let text = std::fs::read_to_string(path).unwrap();
        text.lines()
            .skip(1)
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let (a, b) = l.split_once('\t').unwrap();
                (a.trim().to_string(), b.trim().to_string())
            })
            .collect()
    }

    #[test]
    fn matches_shared_gdelt_and_phoenix_tables() {
        let Some(data) = shared_data() else { return };
        let lookups = data.join("gdelt_cameo_lookups");
        let names = two_col(&lookups.join("CAMEO.eventcodes.txt"));
        let weights: HashMap<_, _> = two_col(&lookups.join("CAMEO.goldsteinscale.txt")).into_iter().collect();
        assert_eq!(names.len(), 310);
        for (code, name) in &names {
            assert!(is_cameo_code(code), "GDELT code {code} missing");
            let w: f32 = weights[code].parse().unwrap();
            assert_eq!(TABLES.codes[code.as_str()].gdelt, Some(w), "GDELT value of {code}");
            assert_eq!(goldstein(code, GoldsteinScheme::Gdelt), Some(w), "{code}");
            // the one fused line carries 106 and its weight
            if let Some((_, tail)) = name.split_once("106:[") {
                let v: f32 = tail.split(']').next().unwrap().parse().unwrap();
                assert_eq!(goldstein("106", GoldsteinScheme::Gdelt), Some(v));
            }
        }
        let phoenix = two_col(&data.join("phoenix_pipeline/CAMEO.goldstein.phoenix.tsv"));
        assert_eq!(phoenix.len(), 285);
        let not_cameo = ["0110", "0357", "109", "1641", "1642", "1643"];
        for (code, v) in &phoenix {
            let v: f32 = v.parse().unwrap();
            if not_cameo.contains(&code.as_str()) {
                assert!(!is_cameo_code(code), "{code}");
                continue;
            }
            assert_eq!(TABLES.codes[code.as_str()].phoenix, Some(v), "Phoenix value of {code}");
            assert_eq!(goldstein(code, GoldsteinScheme::Phoenix), Some(v), "{code}");
        }
        // every Phoenix value present here comes from the shared file
        let in_file: std::collections::HashSet<_> = phoenix.iter().map(|(c, _)| c.as_str()).collect();
        for c in all_codes() {
            assert_eq!(TABLES.codes[c].phoenix.is_some(), in_file.contains(c), "{c}");
        }
    }

    #[test]
    fn matches_shared_plover_map() {
        let Some(data) = shared_data() else { return };
        let text = std::fs::read_to_string(data.join("plover/CAMEO2PLOVER-2021.txt")).unwrap();
        let mut checked = 0;
        for line in text.lines() {
            let Some((code, rest)) = line.split_once(':') else {
                continue;
            };
            if code.len() < 3 || !code.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let rest = rest.split('#').next().unwrap();
            let f: Vec<String> =
                rest.split(',').map(|s| s.split(';').map(str::trim).collect::<Vec<_>>().join(";")).collect();
            if !is_cameo_code(code) || ["163", "175"].contains(&code) {
                continue; // 1214 and our two documented overrides
            }
            let p = plover(code).unwrap();
            assert_eq!(p.event_type, f[0], "{code}");
            assert_eq!(p.mode, f.get(1).map_or("", |s| s.as_str()), "{code}");
            assert_eq!(p.context, f.get(2).map_or("", |s| s.as_str()), "{code}");
            checked += 1;
        }
        assert_eq!(checked, 253);
    }
}

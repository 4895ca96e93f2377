//! CAMEO code tables: names, root codes, Goldstein weights, QuadClass and the
//! CAMEO→PLOVER map.
//!
//! STUB: the table-filling work is in progress (see data/cameo/). The API here
//! is fixed; implementations read `data/cameo/*.tsv` via `include_str!`.

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
    /// GDELT's CAMEO.goldsteinscale.txt values (310 codes).
    #[default]
    Gdelt,
    /// Phoenix's values (285 codes); codes Phoenix lacks fall back to GDELT's.
    Phoenix,
}

/// A PLOVER event type with mode and context, as mapped from a CAMEO code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plover {
    /// PLOVER event type, e.g. `CONSULT`.
    pub event_type: &'static str,
    /// PLOVER mode, e.g. `visit`; may be empty.
    pub mode: &'static str,
    /// PLOVER context, e.g. `diplomatic`; may be empty.
    pub context: &'static str,
}

/// The root code of a CAMEO code: its first two characters (`"0431"` → `"04"`).
/// Codes shorter than two characters are returned whole.
pub fn root_code(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

/// QuadClass of a root code (`"01"`..`"20"`) in the given scheme; 0 when the
/// root is not a CAMEO root.
pub fn quad_class(root: &str, scheme: QuadScheme) -> u8 {
    let r: u8 = match root.parse() {
        Ok(r) if (1..=20).contains(&r) => r,
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

/// The CAMEO name of a code, `None` for codes outside CAMEO.
pub fn event_name(_code: &str) -> Option<&'static str> {
    None
}

/// True when `code` is a CAMEO event code.
pub fn is_cameo_code(code: &str) -> bool {
    event_name(code).is_some()
}

/// Goldstein weight of a code (−10 … +10), `None` for codes outside the table.
pub fn goldstein(_code: &str, _scheme: GoldsteinScheme) -> Option<f32> {
    None
}

/// PLOVER type/mode/context for a CAMEO code, `None` where there is none.
pub fn plover(_code: &str) -> Option<Plover> {
    None
}

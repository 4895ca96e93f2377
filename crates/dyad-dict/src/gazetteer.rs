//! The built-in gazetteer: capitals, major cities and first-level regions
//! mapped to their country (`data/gazetteer/places.tsv`, written by us; see
//! its header for the columns and docs/DICTIONARIES.md for the policy).
//!
//! It answers "which country is this place in?" for country context (a court
//! "in Nairobi", a dateline "SEOUL, Nov. 26"). It is **not** wired into
//! coding yet: the parse-based coder will call [`Gazetteer::lookup`].
//!
//! Names are matched case-insensitively after folding typographic
//! apostrophes and collapsing white space ([`Gazetteer::key`]); accents are
//! not folded, so unaccented spellings are listed as alternatives in the file.
//! A name is *ambiguous* when the file lists it under two countries (Punjab,
//! Tripoli) or flags it (`ambiguous_with`: Georgia the US state and the
//! country; `WORD`: Nice, Phoenix); [`Gazetteer::lookup`] resolves an
//! ambiguous name to nothing, [`Gazetteer::candidates`] still lists the rows.

use crate::Warning;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The embedded gazetteer file.
const PLACES: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/gazetteer/places.tsv"));

/// What kind of place a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlaceKind {
    /// The seat of a country's government.
    Capital,
    /// Any other city or town.
    City,
    /// A first-level administrative region (state, province, oblast,
    /// governorate), or a well-known region noted as such in the file.
    Region,
}

impl PlaceKind {
    /// The kind's name as written in the file (`capital`, `city`, `region`).
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Capital => "capital",
            PlaceKind::City => "city",
            PlaceKind::Region => "region",
        }
    }

    fn parse(s: &str) -> Option<PlaceKind> {
        match s {
            "capital" => Some(PlaceKind::Capital),
            "city" => Some(PlaceKind::City),
            "region" => Some(PlaceKind::Region),
            _ => None,
        }
    }
}

/// One row of the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The usual English name.
    pub name: String,
    /// Other spellings and names.
    pub alternatives: Vec<String>,
    /// ISO 3166-1 alpha-3 code of the country (or dyad's KSV, as in the actor files).
    pub country: String,
    /// Capital, city or region.
    pub kind: PlaceKind,
    /// For a city, the first-level region it lies in, when recorded.
    pub admin1: Option<String>,
    /// Other countries the name also denotes (ISO3 codes).
    pub ambiguous_with: Vec<String>,
    /// The name is also an ordinary English word or common given name.
    pub word: bool,
    /// 1-based line in the file.
    pub line: usize,
}

impl Place {
    /// The name and its alternatives.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.alternatives.iter().map(String::as_str))
    }

    /// Whether the row itself flags its names as ambiguous.
    pub fn flagged(&self) -> bool {
        self.word || !self.ambiguous_with.is_empty()
    }
}

/// A set of places indexed by normalised name.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    places: Vec<Place>,
    index: HashMap<String, Vec<usize>>,
}

impl Gazetteer {
    /// The built-in gazetteer (`data/gazetteer/places.tsv`), parsed once.
    /// The file is checked by tests to load without warnings.
    pub fn builtin() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer::parse("places.tsv", PLACES, &mut Vec::new()))
    }

    /// Parse gazetteer text (seven tab-separated columns, `#` comment lines;
    /// see the file header). A malformed line is skipped with a [`Warning`]
    /// naming `file:line`; the rest loads.
    pub fn parse(file: &str, text: &str, warnings: &mut Vec<Warning>) -> Gazetteer {
        let mut g = Gazetteer::default();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            if raw.trim().is_empty() || raw.starts_with('#') {
                continue;
            }
            let mut warn = |m: String| warnings.push(Warning { file: file.to_string(), line, message: m });
            let cols: Vec<&str> = raw.split('\t').collect();
            if cols.len() < 4 || cols.len() > 7 {
                warn(format!("expected 4 to 7 tab-separated columns, found {}; line skipped", cols.len()));
                continue;
            }
            let col = |k: usize| cols.get(k).map(|s| s.trim()).unwrap_or("");
            let name = col(0);
            let country = col(2);
            if name.is_empty() {
                warn("empty name; line skipped".into());
                continue;
            }
            if country.len() != 3 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
                warn(format!("country {country:?} is not a 3-letter upper-case code; line skipped"));
                continue;
            }
            let Some(kind) = PlaceKind::parse(col(3)) else {
                warn(format!("kind {:?} is not capital, city or region; line skipped", col(3)));
                continue;
            };
            let alternatives: Vec<String> =
                col(1).split('|').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect();
            let admin1 = Some(col(4)).filter(|s| !s.is_empty()).map(str::to_string);
            let mut ambiguous_with = Vec::new();
            let mut word = false;
            let mut bad = None;
            for f in col(5).split(',').map(str::trim).filter(|s| !s.is_empty()) {
                if f == "WORD" {
                    word = true;
                } else if f.len() == 3 && f.bytes().all(|b| b.is_ascii_uppercase()) {
                    ambiguous_with.push(f.to_string());
                } else {
                    bad = Some(f.to_string());
                }
            }
            if let Some(f) = bad {
                warn(format!("ambiguous_with entry {f:?} is neither an ISO3 code nor WORD; line skipped"));
                continue;
            }
            let place = Place {
                name: name.to_string(),
                alternatives,
                country: country.to_string(),
                kind,
                admin1,
                ambiguous_with,
                word,
                line,
            };
            let at = g.places.len();
            let mut keys: Vec<String> = place.names().map(Gazetteer::key).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                g.index.entry(k).or_default().push(at);
            }
            g.places.push(place);
        }
        g
    }

    /// The lookup key of a name: lower case, typographic apostrophes folded
    /// to `'`, runs of white space collapsed to one space, trimmed.
    pub fn key(name: &str) -> String {
        let folded: String =
            name.chars().map(|c| if matches!(c, '\u{2019}' | '\u{2018}' | '\u{02BC}') { '\'' } else { c }).collect();
        folded.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
    }

    /// Every row listing `name` (any kind, any country), in file order.
    pub fn candidates(&self, name: &str) -> Vec<&Place> {
        self.index
            .get(&Gazetteer::key(name))
            .map(|ix| ix.iter().map(|&i| &self.places[i]).collect())
            .unwrap_or_default()
    }

    /// Whether `name` is ambiguous: listed under two countries, or flagged
    /// by a row (another country's reading, or an ordinary word). Unknown
    /// names are not ambiguous.
    pub fn is_ambiguous(&self, name: &str) -> bool {
        let c = self.candidates(name);
        c.iter().any(|p| p.flagged()) || c.iter().any(|p| p.country != c[0].country)
    }

    /// The place `name` denotes, if the gazetteer lists it and it is not
    /// ambiguous. When several rows of one country list the name (the city
    /// and the region of Kano), the first in file order is returned: capitals
    /// come first, then cities, then regions.
    pub fn lookup(&self, name: &str) -> Option<&Place> {
        if self.is_ambiguous(name) {
            return None;
        }
        self.candidates(name).into_iter().next()
    }

    /// The country (ISO3) that `name` denotes, if unambiguous.
    pub fn country_of(&self, name: &str) -> Option<&str> {
        self.lookup(name).map(|p| p.country.as_str())
    }

    /// All rows, in file order.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_skips_bad_lines_with_warnings() {
        let text = "# comment\nKyiv\tKiev\tUKR\tcapital\t\t\t\n\
                    Nowhere\t\tXX\tcity\n\
                    Odd\t\tFRA\tvillage\n\
                    Punjab\t\tIND\tregion\n\
                    Punjab\t\tPAK\tregion\n\
                    Georgia\t\tUSA\tregion\t\tGEO\n\
                    Nice\t\tFRA\tcity\t\tWORD\n\
                    Bad\t\tFRA\tcity\t\tfoo\n\
                    Kano\t\tNGA\tcity\tKano\n\
                    Kano\t\tNGA\tregion\n\
                    too\tfew\n";
        let mut w = Vec::new();
        let g = Gazetteer::parse("t.tsv", text, &mut w);
        let lines: Vec<usize> = w.iter().map(|x| x.line).collect();
        assert_eq!(lines, vec![3, 4, 9, 12]);
        assert!(w[0].to_string().starts_with("t.tsv:3: country"));
        assert_eq!(g.len(), 7);
        let kyiv = g.lookup("kiev").expect("Kiev");
        assert_eq!((kyiv.name.as_str(), kyiv.country.as_str(), kyiv.kind), ("Kyiv", "UKR", PlaceKind::Capital));
        assert_eq!(g.country_of("  KYIV "), Some("UKR"));
        // listed under two countries, flagged with a country, flagged as a word
        for amb in ["Punjab", "Georgia", "Nice"] {
            assert!(g.is_ambiguous(amb), "{amb}");
            assert_eq!(g.lookup(amb), None, "{amb}");
        }
        assert_eq!(g.candidates("punjab").len(), 2);
        // two rows of one country: not ambiguous, the first wins
        let kano = g.lookup("Kano").expect("Kano");
        assert_eq!((kano.kind, kano.admin1.as_deref()), (PlaceKind::City, Some("Kano")));
        assert_eq!(g.lookup("Atlantis"), None);
        assert!(!g.is_ambiguous("Atlantis"));
    }

    #[test]
    fn key_folds_case_space_and_apostrophes() {
        assert_eq!(Gazetteer::key("  N\u{2019}Djamena\t City "), "n'djamena city");
    }
}

//! Abbreviation and sentence-starter tables shared by the splitter and the
//! tokenizer. Written for dyad from general knowledge of English news style
//! (AP/Reuters title and state abbreviations, month and weekday short forms).

/// Kind of abbreviation a word (without its final period) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevKind {
    /// Not an abbreviation.
    None,
    /// A title or name prefix (`Mr.`, `Gen.`, `St.`): almost never ends a
    /// sentence.
    Title,
    /// Any other abbreviation (`Inc.`, `Jan.`, `a.m.`, `U.S.`, `Calif.`, an
    /// initial `F.`): ends a sentence only before a typical sentence starter.
    General,
}

/// Titles and prefixes written before names (lower-case, no period).
const TITLES: &[&str] = &[
    "adm", "amb", "atty", "brig", "capt", "cdr", "cmdr", "col", "cols", "cpl", "det", "dr", "drs", "fr", "ft", "gen",
    "gens", "gov", "govs", "hon", "insp", "lieut", "lt", "maj", "messrs", "mlle", "mme", "mmes", "mr", "mrs", "ms",
    "mt", "pres", "prof", "profs", "pvt", "rep", "reps", "rev", "sen", "sens", "sgt", "st", "ste", "supt",
];

/// Abbreviations that are written in lower case too (lower-case, no period).
const GENERAL_ANY_CASE: &[&str] = &["al", "approx", "cf", "etc", "pp", "v", "vs"];

/// Other common abbreviations, recognised only when capitalised (`Ill.`
/// but not `ill.`); lower-case, no final period. Dotted forms made only of
/// 1-3 letter parts (`u.s`, `ph.d`) are recognised by shape and need not be
/// listed.
const GENERAL: &[&str] = &[
    // companies and organisations
    "assn", "bros", "co", "corp", "cos", "dept", "inc", "ltd", "univ", // people
    "jr", "sr", // misc
    "art", "ave", "blvd", "ch", "est", "fig", "hwy", "rd", "sec", "vol", "vols", // months
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", // weekdays
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", // US states (AP style)
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans", "ky", "la", "md",
    "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wash",
    "wis", "wisc", "wyo",
];

/// Words that typically open an English news sentence; after an ambiguous
/// abbreviation (`U.S.`, `Inc.`, `p.m.`) a capitalised word from this list
/// is taken as the start of a new sentence.
const STARTERS: &[&str] = &[
    "A",
    "About",
    "According",
    "After",
    "Again",
    "All",
    "Also",
    "Although",
    "Among",
    "An",
    "And",
    "Another",
    "Any",
    "As",
    "At",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "Despite",
    "During",
    "Each",
    "Earlier",
    "Even",
    "Every",
    "For",
    "From",
    "Further",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Indeed",
    "Instead",
    "It",
    "Its",
    "Last",
    "Later",
    "Many",
    "Meanwhile",
    "Moreover",
    "Most",
    "My",
    "Nevertheless",
    "No",
    "Nonetheless",
    "Nor",
    "Not",
    "Now",
    "On",
    "One",
    "Only",
    "Or",
    "Other",
    "Our",
    "Separately",
    "She",
    "Similarly",
    "Since",
    "So",
    "Some",
    "Still",
    "Such",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Thus",
    "To",
    "Today",
    "Under",
    "We",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Why",
    "With",
    "Without",
    "Yesterday",
    "Yet",
    "You",
];

fn in_list(list: &[&str], w: &str) -> bool {
    if w.len() > 8 || !w.is_ascii() {
        return false;
    }
    let mut buf = [0u8; 8];
    let lw = &mut buf[..w.len()];
    lw.copy_from_slice(w.as_bytes());
    lw.make_ascii_lowercase();
    list.iter().any(|x| x.as_bytes() == &*lw)
}

/// True when `w` looks like a dotted abbreviation: at least two parts
/// separated by `.`, each 1-2 letters (`U.S`, `a.m`, `Ph.D`, `U.S.S.R`; not
/// `bbc.co.uk`).
pub fn is_dotted(w: &str) -> bool {
    let mut parts = 0;
    for p in w.split('.') {
        let n = p.chars().count();
        if n == 0 || n > 2 || !p.chars().all(char::is_alphabetic) {
            return false;
        }
        parts += 1;
    }
    parts >= 2
}

/// Classify `w` (a word without its final period, e.g. `"Mr"`, `"U.S"`,
/// `"D-Calif"`). Only the part after the last hyphen is looked up.
pub fn abbrev_kind(w: &str) -> AbbrevKind {
    let w = match w.rfind('-') {
        Some(p) if p + 1 < w.len() => &w[p + 1..],
        _ => w,
    };
    if w.is_empty() {
        return AbbrevKind::None;
    }
    if in_list(TITLES, w) {
        return AbbrevKind::Title;
    }
    let mut cs = w.chars();
    if let (Some(c), None) = (cs.next(), cs.next()) {
        return if c.is_alphabetic() { AbbrevKind::General } else { AbbrevKind::None };
    }
    let capitalised = w.starts_with(|c: char| c.is_ascii_uppercase());
    if (capitalised && in_list(GENERAL, w)) || in_list(GENERAL_ANY_CASE, w) || is_dotted(w) {
        return AbbrevKind::General;
    }
    AbbrevKind::None
}

/// Capitalised words that commonly follow a clock time (`3 p.m. Friday`,
/// `6 a.m. ET`) without starting a new sentence: weekdays, months, time
/// zones.
const AFTER_TIME: &[&str] = &[
    "April",
    "August",
    "BST",
    "Beijing",
    "CDT",
    "CET",
    "CST",
    "CT",
    "Central",
    "December",
    "EDT",
    "EST",
    "ET",
    "Eastern",
    "February",
    "Friday",
    "GMT",
    "January",
    "July",
    "June",
    "Local",
    "March",
    "May",
    "Monday",
    "Moscow",
    "Mountain",
    "November",
    "October",
    "PDT",
    "PST",
    "PT",
    "Pacific",
    "Saturday",
    "September",
    "Sunday",
    "Thursday",
    "Tuesday",
    "UTC",
    "Wednesday",
];

/// True when `w` is `a.m`/`p.m` (any case) and `next` (exact case) does not
/// continue the time expression: a capitalised `next` then starts a new
/// sentence.
pub fn time_then_new_sentence(w: &str, next: &str) -> bool {
    (w.eq_ignore_ascii_case("a.m") || w.eq_ignore_ascii_case("p.m"))
        && next.starts_with(|c: char| c.is_uppercase())
        && AFTER_TIME.binary_search(&next).is_err()
}

/// True when `w` (exact case) is a typical sentence opener.
pub fn is_starter(w: &str) -> bool {
    STARTERS.binary_search(&w).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starters_sorted() {
        let mut s = STARTERS.to_vec();
        s.sort_unstable();
        assert_eq!(s, STARTERS);
        let mut s = AFTER_TIME.to_vec();
        s.sort_unstable();
        assert_eq!(s, AFTER_TIME);
    }

    #[test]
    fn kinds() {
        assert_eq!(abbrev_kind("Mr"), AbbrevKind::Title);
        assert_eq!(abbrev_kind("GEN"), AbbrevKind::Title);
        assert_eq!(abbrev_kind("U.S"), AbbrevKind::General);
        assert_eq!(abbrev_kind("D-Calif"), AbbrevKind::General);
        assert_eq!(abbrev_kind("F"), AbbrevKind::General);
        assert_eq!(abbrev_kind("Sept"), AbbrevKind::General);
        assert_eq!(abbrev_kind("abcnews.go.com"), AbbrevKind::None);
        assert_eq!(abbrev_kind("Senate"), AbbrevKind::None);
        assert_eq!(abbrev_kind("5"), AbbrevKind::None);
        assert_eq!(abbrev_kind("ill"), AbbrevKind::None);
        assert_eq!(abbrev_kind("Ill"), AbbrevKind::General);
        assert_eq!(abbrev_kind("etc"), AbbrevKind::General);
        assert_eq!(abbrev_kind("-"), AbbrevKind::None);
        assert_eq!(abbrev_kind("bbc.co.uk"), AbbrevKind::None);
        assert!(time_then_new_sentence("p.m", "Severe"));
        assert!(!time_then_new_sentence("p.m", "ET") && !time_then_new_sentence("a.m", "Friday"));
        assert!(!time_then_new_sentence("p.m", "local") && !time_then_new_sentence("Inc", "Severe"));
        assert!(is_starter("The") && !is_starter("the") && !is_starter("Kennedy"));
    }
}

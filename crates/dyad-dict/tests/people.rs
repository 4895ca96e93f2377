//! Checks on the built-in date-restricted people file
//! (`data/dict/actors/people.txt`): it loads without warnings, well-known
//! people resolve to the right code on a given story date, no phrase names
//! two people, and every entry carries a source note and an undated default.

use dyad_dict::native::{phrase_tokens, read_actors};
use dyad_dict::ActorEntry;
use std::collections::HashMap;

const PEOPLE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/dict/actors/people.txt"));

fn load() -> Vec<ActorEntry> {
    let mut w = Vec::new();
    let a = read_actors("people.txt", PEOPLE, &mut w);
    assert!(w.is_empty(), "warnings loading people.txt: {w:?}");
    a
}

/// The code that `phrase` gets on `date` (YYYYMMDD); panics unless exactly
/// one entry lists the phrase.
fn code(entries: &[ActorEntry], phrase: &str, date: u32) -> String {
    let toks = phrase_tokens(phrase);
    let hits: Vec<&ActorEntry> = entries.iter().filter(|e| e.phrases.contains(&toks)).collect();
    assert_eq!(hits.len(), 1, "`{phrase}` ({toks:?}) should be in exactly one entry");
    hits[0].code_for(Some(date)).expect("entry has codes").to_string()
}

#[test]
fn loads_without_warnings_and_is_broad() {
    let a = load();
    assert!(a.len() >= 400, "only {} entries", a.len());
    assert!(a.iter().all(|e| e.is_dated() || e.codes.len() == 1));
}

#[test]
fn well_known_people_resolve_by_date() {
    let a = load();
    assert_eq!(code(&a, "putin", 20220301), "RUSGOV");
    assert_eq!(code(&a, "Vladimir Putin", 19970101), "RUSELI");
    assert_eq!(code(&a, "trump", 20220601), "USAELI");
    assert_eq!(code(&a, "trump", 20250601), "USAGOV");
    assert_eq!(code(&a, "trump", 20180101), "USAGOV");
    assert_eq!(code(&a, "biden", 20220601), "USAGOV");
    assert_eq!(code(&a, "biden", 20190601), "USAELI");
    assert_eq!(code(&a, "zelensky", 20230101), "UKRGOV");
    assert_eq!(code(&a, "Zelenskyy", 20230101), "UKRGOV");
    assert_eq!(code(&a, "zelensky", 20180101), "UKRELI");
    assert_eq!(code(&a, "xi", 20200101), "CHNGOV");
    assert_eq!(code(&a, "lavrov", 20150101), "RUSGOV");
    assert_eq!(code(&a, "Erdoğan", 20200101), "TURGOV");
    assert_eq!(code(&a, "erdogan", 20200101), "TURGOV");
    assert_eq!(code(&a, "netanyahu", 20220101), "ISROPP");
    assert_eq!(code(&a, "netanyahu", 20240101), "ISRGOV");
    assert_eq!(code(&a, "Ban Ki-moon", 20100101), "IGOUNO");
    assert_eq!(code(&a, "Stoltenberg", 20200101), "IGOWSTNAT");
    assert_eq!(code(&a, "von der Leyen", 20230101), "IGOEUREEC");
    assert_eq!(code(&a, "Navalny", 20200101), "RUSOPP");
    assert_eq!(code(&a, "Assad", 20250101), "SYRELI");
    assert_eq!(code(&a, "Kim Jong-un", 20200101), "PRKGOV");
}

#[test]
fn no_phrase_names_two_people() {
    let a = load();
    let mut seen: HashMap<&Vec<String>, u32> = HashMap::new();
    for e in &a {
        for p in &e.phrases {
            if let Some(prev) = seen.insert(p, e.origin.line) {
                assert_eq!(prev, e.origin.line, "phrase {p:?} is on lines {prev} and {}", e.origin.line);
            }
        }
    }
}

#[test]
fn every_entry_has_default_last_sane_ranges_and_a_source_note() {
    let a = load();
    for e in &a {
        let last = e.codes.last().expect("codes");
        assert!(last.is_default(), "line {}: last code must be the undated default", e.origin.line);
        assert_eq!(e.codes.iter().filter(|c| c.is_default()).count(), 1, "line {}", e.origin.line);
        for c in &e.codes {
            if let (Some(f), Some(t)) = (c.from, c.to) {
                assert!(f <= t, "line {}: range {f}..{t} is backwards", e.origin.line);
            }
        }
    }
    for (i, line) in PEOPLE.lines().enumerate() {
        if line.contains("=>") && !line.trim_start().starts_with('#') {
            let note = line.split_once('#').map(|x| x.1).unwrap_or("");
            assert!(note.contains("src:"), "line {}: person entry without a source note", i + 1);
        }
    }
}

#[test]
fn leaders_of_every_state_and_organisation_heads_resolve_by_date() {
    let a = load();
    for (phrase, date, want) in [
        ("Orbán", 20200101, "HUNGOV"),
        ("Kais Saied", 20220101, "TUNGOV"),
        ("Bukele", 20230101, "SLVGOV"),
        ("Ruto", 20180101, "KENGOV"),
        ("Ruto", 20230101, "KENGOV"),
        ("Imran Khan", 20200101, "PAKGOV"),
        ("Imran Khan", 20240101, "PAKOPP"),
        ("Sheikh Hasina", 20250101, "BGDOPP"),
        ("Yunus", 20250101, "BGDGOV"),
        ("Mahathir", 20190101, "MYSGOV"),
        ("Mahathir", 20100101, "MYSELI"),
        ("Pope Francis", 20200101, "VATGOV"),
        ("Petr Pavel", 20140101, "CZEMIL"),
        ("Petr Pavel", 20240101, "CZEGOV"),
        ("Lagarde", 20150101, "IGOBUSIMF"),
        ("Lagarde", 20200101, "IGOEUREEC"),
        ("Okonjo-Iweala", 20220101, "IGOBUSWTO"),
        ("Moussa Faki", 20200101, "IGOAFRAFU"),
        ("Georgieva", 20210101, "IGOBUSIMF"),
        ("Sassoli", 20200101, "IGOEUREECLEG"),
        ("Yellen", 20160101, "USAGOV"),
        ("Nabiullina", 20200101, "RUSGOV"),
        ("Hulusi Akar", 20160101, "TURMIL"),
        ("Hulusi Akar", 20200101, "TURGOV"),
    ] {
        assert_eq!(code(&a, phrase, date), want, "{phrase} on {date}");
    }
}

/// Every UN member and observer state has at least one person coded as its
/// government at some time in 2015-2026.
#[test]
fn every_state_has_a_leader_in_2015_2026() {
    const UN: &str = "AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA \
BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU \
EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ \
IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS \
MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT \
KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE \
SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE VAT PSE";
    let a = load();
    let mut covered = std::collections::HashSet::new();
    for e in &a {
        for c in &e.codes {
            let reaches_2015 = c.to.is_none_or(|t| t >= 20150101);
            if c.from.is_some() && reaches_2015 && c.code.len() == 6 && c.code.ends_with("GOV") {
                covered.insert(c.code[..3].to_string());
            }
        }
    }
    let missing: Vec<&str> = UN.split_whitespace().filter(|c| !covered.contains(*c)).collect();
    assert_eq!(UN.split_whitespace().count(), 195);
    assert!(missing.is_empty(), "states without a dated leader in 2015-2026: {missing:?}");
}

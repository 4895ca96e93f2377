//! The built-in dictionaries (data/dict/), embedded in the binary.

use crate::model::{Dictionaries, Fnv};
use crate::native;
use crate::Warning;

macro_rules! data {
    ($p:literal) => {
        ($p, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/dict/", $p)))
    };
}

/// Built-in actor files (name, content).
pub const ACTOR_FILES: &[(&str, &str)] = &[
    data!("actors/countries.txt"),
    data!("actors/organizations.txt"),
    data!("actors/people.txt"),
    data!("actors/groups.txt"),
    data!("actors/media.txt"),
    data!("actors/places.txt"),
];
/// Built-in agents file.
pub const AGENTS: (&str, &str) = data!("agents.txt");
/// Built-in verb patterns file.
pub const VERBS: (&str, &str) = data!("verbs.txt");
/// Built-in discards file.
pub const DISCARDS: (&str, &str) = data!("discards.txt");

/// Load the built-in dictionaries. Warnings are returned, never fatal.
pub fn load() -> (Dictionaries, Vec<Warning>) {
    let mut w = Vec::new();
    let mut d = Dictionaries::default();
    for (name, text) in ACTOR_FILES {
        let file = format!("builtin:{name}");
        d.actors.extend(native::read_actors(&file, text, &mut w));
        d.sources.push((file, Fnv::hex(text.as_bytes())));
    }
    let file = format!("builtin:{}", AGENTS.0);
    d.agents = native::read_agents(&file, AGENTS.1, &mut w);
    d.sources.push((file, Fnv::hex(AGENTS.1.as_bytes())));
    let file = format!("builtin:{}", VERBS.0);
    d.patterns = native::read_verbs(&file, VERBS.1, &mut w);
    d.sources.push((file, Fnv::hex(VERBS.1.as_bytes())));
    let file = format!("builtin:{}", DISCARDS.0);
    d.discards = native::read_discards(&file, DISCARDS.1, &mut w);
    d.sources.push((file, Fnv::hex(DISCARDS.1.as_bytes())));
    (d, w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native::phrase_tokens;
    use std::collections::{BTreeSet, HashMap};

    /// CAMEO region codes and organisation prefixes: actor-code prefixes that are not countries.
    const NOT_COUNTRIES: &[&str] = &[
        "IGO", "NGO", "IMG", "WST", "EUR", "EEU", "CEU", "SCN", "BLK", "CAU", "MDT", "AFR", "NAF", "WAF", "EAF", "CFR",
        "SAF", "ASA", "CAS", "SAS", "SEA", "MEA", "PGS", "LAM", "SAM", "NMR", "CRB",
    ];

    /// The 193 UN member states, ISO 3166-1 alpha-3.
    const UN_MEMBERS: &[&str] = &[
        "AFG", "ALB", "DZA", "AND", "AGO", "ATG", "ARG", "ARM", "AUS", "AUT", "AZE", "BHS", "BHR", "BGD", "BRB", "BLR",
        "BEL", "BLZ", "BEN", "BTN", "BOL", "BIH", "BWA", "BRA", "BRN", "BGR", "BFA", "BDI", "CPV", "KHM", "CMR", "CAN",
        "CAF", "TCD", "CHL", "CHN", "COL", "COM", "COG", "CRI", "CIV", "HRV", "CUB", "CYP", "CZE", "PRK", "COD", "DNK",
        "DJI", "DMA", "DOM", "ECU", "EGY", "SLV", "GNQ", "ERI", "EST", "SWZ", "ETH", "FJI", "FIN", "FRA", "GAB", "GMB",
        "GEO", "DEU", "GHA", "GRC", "GRD", "GTM", "GIN", "GNB", "GUY", "HTI", "HND", "HUN", "ISL", "IND", "IDN", "IRN",
        "IRQ", "IRL", "ISR", "ITA", "JAM", "JPN", "JOR", "KAZ", "KEN", "KIR", "KWT", "KGZ", "LAO", "LVA", "LBN", "LSO",
        "LBR", "LBY", "LIE", "LTU", "LUX", "MDG", "MWI", "MYS", "MDV", "MLI", "MLT", "MHL", "MRT", "MUS", "MEX", "FSM",
        "MCO", "MNG", "MNE", "MAR", "MOZ", "MMR", "NAM", "NRU", "NPL", "NLD", "NZL", "NIC", "NER", "NGA", "MKD", "NOR",
        "OMN", "PAK", "PLW", "PAN", "PNG", "PRY", "PER", "PHL", "POL", "PRT", "QAT", "KOR", "MDA", "ROU", "RUS", "RWA",
        "KNA", "LCA", "VCT", "WSM", "SMR", "STP", "SAU", "SEN", "SRB", "SYC", "SLE", "SGP", "SVK", "SVN", "SLB", "SOM",
        "ZAF", "SSD", "ESP", "LKA", "SDN", "SUR", "SWE", "CHE", "SYR", "TJK", "THA", "TLS", "TGO", "TON", "TTO", "TUN",
        "TUR", "TKM", "TUV", "UGA", "UKR", "ARE", "GBR", "TZA", "USA", "URY", "UZB", "VUT", "VEN", "VNM", "YEM", "ZMB",
        "ZWE",
    ];

    /// Warnings that come from the actor and agent files (the files this test guards).
    fn actor_agent_warnings(w: &[Warning]) -> Vec<&Warning> {
        w.iter().filter(|w| w.file.starts_with("builtin:actors/") || w.file == "builtin:agents.txt").collect()
    }

    #[test]
    fn builtin_actor_files_load_without_warnings() {
        let (d, w) = load();
        let bad = actor_agent_warnings(&w);
        assert!(bad.is_empty(), "warnings in actor/agent files: {bad:#?}");
        let countries: BTreeSet<&str> = d
            .actors
            .iter()
            .flat_map(|a| a.codes.iter())
            .filter(|c| c.code.len() >= 3 && c.code.is_char_boundary(3))
            .map(|c| &c.code[..3])
            .filter(|p| !NOT_COUNTRIES.contains(p))
            .collect();
        assert!(countries.len() >= 195, "only {} country codes: {countries:?}", countries.len());
        assert_eq!(UN_MEMBERS.len(), 193);
        let missing: Vec<&&str> = UN_MEMBERS.iter().filter(|c| !countries.contains(**c)).collect();
        assert!(missing.is_empty(), "UN members without an entry: {missing:?}");
        for legacy in ["ROM", "MTN", "TMP", "IMY"] {
            assert!(!countries.contains(legacy), "GDELT legacy code {legacy} used");
        }
        assert!(d.agents.len() >= 30, "only {} agent entries", d.agents.len());
    }

    /// The code each actor phrase maps to (first entry wins), for spot checks.
    fn actor_code_of(d: &Dictionaries, phrase: &str) -> Option<String> {
        let p = phrase_tokens(phrase);
        d.actors.iter().find(|a| a.phrases.contains(&p)).and_then(|a| a.code_for(Some(20240101)).map(str::to_string))
    }

    #[test]
    fn builtin_actor_phrases_are_unique() {
        let (d, _) = load();
        let mut seen: HashMap<Vec<String>, String> = HashMap::new();
        let mut dups = Vec::new();
        for a in &d.actors {
            let mut mine = BTreeSet::new();
            for p in &a.phrases {
                if !mine.insert(p.clone()) {
                    continue; // repeated inside one entry (e.g. two spellings that fold alike)
                }
                if let Some(prev) = seen.insert(p.clone(), a.origin.to_string()) {
                    dups.push(format!("{:?}: {} and {}", p.join(" "), prev, a.origin));
                }
            }
        }
        assert!(dups.is_empty(), "{} actor phrases defined twice:\n{}", dups.len(), dups.join("\n"));
        let mut seen: HashMap<Vec<String>, String> = HashMap::new();
        for a in &d.agents {
            for p in &a.phrases {
                if let Some(prev) = seen.insert(p.clone(), a.code.clone()) {
                    if prev != a.code {
                        dups.push(format!("{:?}: {} and {}", p.join(" "), prev, a.code));
                    }
                }
            }
        }
        assert!(dups.is_empty(), "{} agent phrases with two codes:\n{}", dups.len(), dups.join("\n"));
    }

    /// The code `phrase` gets on `date` (YYYYMMDD) in the built-in actors.
    fn actor_code_on(d: &Dictionaries, phrase: &str, date: u32) -> Option<String> {
        let p = phrase_tokens(phrase);
        d.actors.iter().find(|a| a.phrases.contains(&p)).and_then(|a| a.code_for(Some(date)).map(str::to_string))
    }

    #[test]
    fn government_metonyms_and_spellings() {
        let (d, _) = load();
        // presidential administrations are the government during the presidency, else the country
        assert_eq!(actor_code_on(&d, "Biden administration", 20220601).as_deref(), Some("USAGOV"));
        assert_eq!(actor_code_on(&d, "Biden administration", 20250601).as_deref(), Some("USA"));
        assert_eq!(actor_code_on(&d, "Trump administration", 20180101).as_deref(), Some("USAGOV"));
        assert_eq!(actor_code_on(&d, "Trump administration", 20230101).as_deref(), Some("USA"));
        assert_eq!(actor_code_on(&d, "Trump administration", 20250301).as_deref(), Some("USAGOV"));
        assert_eq!(actor_code_on(&d, "Obama administration", 20100101).as_deref(), Some("USAGOV"));
        // seats of government and capitals as metonyms
        for (phrase, code) in [
            ("White House", "USAGOV"),
            ("Washington", "USAGOV"),
            ("Kremlin", "RUSGOV"),
            ("Moscow", "RUSGOV"),
            ("Beijing", "CHNGOV"),
            ("Downing Street", "GBRGOV"),
            ("Elysee", "FRAGOV"),
            ("Élysée", "FRAGOV"),
            // abbreviations without their final period ("U.S forces")
            ("U.S", "USA"),
            ("U.K", "GBR"),
            ("U.N", "IGOUNO"),
        ] {
            assert_eq!(actor_code_on(&d, phrase, 20240101).as_deref(), Some(code), "{phrase}");
        }
    }

    #[test]
    fn builtin_actor_spot_checks() {
        let (d, _) = load();
        for (phrase, code) in [
            ("U.S.", "USA"),
            ("United States", "USA"),
            ("UK", "GBR"),
            ("Kremlin", "RUSGOV"),
            ("Kyiv", "UKRGOV"),
            ("Kiev", "UKRGOV"),
            ("Brussels", "IGOEUREEC"),
            ("Democratic Republic of Congo", "COD"),
            ("Congo", "COD"),
            ("Congo-Brazzaville", "COG"),
            ("Romania", "ROU"),
            ("Montenegro", "MNE"),
            ("East Timor", "TLS"),
            ("Kosovo", "KSV"),
            ("Crimea", "UKR"),
            ("Gaza", "PSE"),
            ("Transnistria", "MDA"),
            ("Abkhazia", "GEO"),
            ("DPRK", "PRK"),
            ("ROK", "KOR"),
            ("PRC", "CHN"),
            ("UAE", "ARE"),
            ("DRC", "COD"),
            ("Nigerien", "NER"),
            ("Nigerian", "NGA"),
            ("South Sudanese", "SSD"),
            ("West", "WST"),
            ("Middle East", "MEA"),
            ("NATO", "IGOWSTNAT"),
            ("UN Security Council", "IGOUNO"),
            ("UNHCR", "IGOUNOREFHCR"),
            ("European Parliament", "IGOEUREECLEG"),
            ("ISIS", "IMGMUSISI"),
            ("Hamas", "PSEREBHMS"),
            ("Houthis", "YEMREB"),
            ("Rapid Support Forces", "SDNREB"),
        ] {
            assert_eq!(actor_code_of(&d, phrase).as_deref(), Some(code), "{phrase}");
        }
        // Words the coder must never take for an actor here.
        for phrase in ["WHO", "Amnesty", "CAR", "Victoria", "Kingston", "Pole"] {
            assert_eq!(actor_code_of(&d, phrase), None, "{phrase}");
        }
        let agent = |p: &str| {
            let t = phrase_tokens(p);
            d.agents.iter().find(|a| a.phrases.contains(&t)).map(|a| a.code.clone())
        };
        assert_eq!(agent("soldiers").as_deref(), Some("MIL"));
        assert_eq!(agent("authorities").as_deref(), Some("GOV"));
        assert_eq!(agent("spokesmen").as_deref(), Some("GOV"));
        assert_eq!(agent("police").as_deref(), Some("COP"));
        assert_eq!(agent("lawmakers").as_deref(), Some("LEG"));
        assert_eq!(agent("asylum seekers").as_deref(), Some("REF"));
        assert_eq!(agent("children").as_deref(), Some("CVL"));
        assert_eq!(agent("state media").as_deref(), Some("GOVMED"));
        // domestic sectors as the dev gold's actor table and Phoenix.agents.txt
        assert_eq!(agent("protesters").as_deref(), Some("OPP"));
        assert_eq!(agent("demonstrators").as_deref(), Some("OPP"));
        assert_eq!(agent("activists").as_deref(), Some("OPP"));
        assert_eq!(agent("rights activists").as_deref(), Some("HRI"));
        assert_eq!(agent("prosecutors").as_deref(), Some("JUD"));
        assert_eq!(agent("judges").as_deref(), Some("JUD"));
        assert_eq!(agent("journalists").as_deref(), Some("MED"));
        assert_eq!(agent("riot police").as_deref(), Some("COP"));
        assert_eq!(agent("parliament").as_deref(), Some("LEG"));
        assert_eq!(agent("civil society").as_deref(), Some("CVL"));
        assert_eq!(agent("regional government").as_deref(), Some("GOV"));
    }
}

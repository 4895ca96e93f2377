//! Analytics over a small store with known rows: dyad series (directions,
//! QuadClass, Goldstein, prefixes, weeks, `--normalize`, `--one-a-day`),
//! network edges and blocs.

use dyad_analytics::overview::{country_actors, country_network, overview, OverviewOptions};
use dyad_analytics::{blocs, dyad_series, network, DyadOptions, Origin, Period, Scope};
use dyad_store::Store;

/// (id, date YYYYMMDD, source, source country, target, target country, code, quad, goldstein)
type Row<'a> = (u32, &'a str, &'a str, &'a str, &'a str, &'a str, &'a str, &'a str, &'a str);

fn store(rows: &[Row]) -> Store {
    let mut text = String::new();
    for &(id, date, s, sc, t, tc, code, q, g) in rows {
        let mut c = vec![String::new(); 61];
        c[0] = id.to_string();
        c[1] = date.into();
        (c[5], c[7], c[15], c[17]) = (s.into(), sc.into(), t.into(), tc.into());
        (c[25], c[26], c[27], c[28]) = ("1".into(), code.into(), code.into(), code[..2].into());
        (c[29], c[30], c[31], c[32], c[33]) = (q.into(), g.into(), "1".into(), "1".into(), "1".into());
        text.push_str(&c.join("\t"));
        text.push('\n');
    }
    let dir = std::env::temp_dir().join(format!("dyad-store-queries-{}-{}", std::process::id(), rows.len()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("rows.tsv");
    std::fs::write(&p, text).unwrap();
    let mut st = Store::open_in_memory().unwrap();
    let run = st.begin_run(&Default::default()).unwrap();
    let s = dyad_store::gdelt::import_file(&mut st, &p, run, 100, &mut |m| panic!("{m}")).unwrap();
    assert_eq!(s.loaded as usize, rows.len());
    let _ = std::fs::remove_dir_all(&dir);
    st
}

fn scope() -> Scope {
    Scope { origin: Origin::Gdelt, from: None, to: None }
}

#[test]
fn dyad_series_counts() {
    let st = store(&[
        (1, "20200106", "USAGOV", "USA", "RUS", "RUS", "042", "1", "1.9"),
        (2, "20200106", "USAGOV", "USA", "RUS", "RUS", "042", "1", "1.9"), // same day, same quadruple
        (3, "20200108", "RUSMIL", "RUS", "USA", "USA", "190", "4", "-10.0"),
        (4, "20200108", "CHN", "CHN", "USA", "USA", "040", "1", "1.0"),
        (5, "20200215", "USA", "USA", "RUSGOV", "RUS", "111", "3", "-2.0"),
        (6, "20200215", "FRA", "FRA", "DEU", "DEU", "040", "1", "1.0"),
        (7, "20200215", "USA", "USA", "RUS", "RUS", "040", "1", ""),
    ]);
    let o = DyadOptions { a: "USA".into(), b: "RUS".into(), by: Period::Month, normalize: false, one_a_day: false };
    let r = dyad_series(st.conn(), &scope(), &o).unwrap();
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].period, "2020-01");
    assert_eq!(r[0].all_events, None);
    assert_eq!((r[0].ab.events, r[0].ba.events, r[0].both.events), (2.0, 1.0, 3.0));
    assert_eq!(r[0].both.quad, [2.0, 0.0, 0.0, 1.0]);
    assert!((r[0].both.goldstein_sum - (1.9 + 1.9 - 10.0)).abs() < 1e-9);
    assert_eq!(r[0].ba.goldstein_mean, Some(-10.0));
    assert_eq!(r[0].both.top_codes, vec![("042".to_string(), 2), ("190".to_string(), 1)]);
    // February: one event without a Goldstein score.
    assert_eq!((r[1].period.as_str(), r[1].ab.events), ("2020-02", 2.0));
    assert_eq!(r[1].ab.goldstein_mean, Some(-2.0));

    let r = dyad_series(st.conn(), &scope(), &DyadOptions { normalize: true, ..o.clone() }).unwrap();
    assert_eq!(r[0].both.events, 0.75);
    assert_eq!((r[0].all_events, r[1].all_events), (Some(4), Some(3)));
    assert_eq!(r[0].ab.quad[0], 0.5);

    let r = dyad_series(st.conn(), &scope(), &DyadOptions { one_a_day: true, ..o.clone() }).unwrap();
    assert_eq!(r[0].ab.events, 1.0);
    let r = dyad_series(st.conn(), &scope(), &DyadOptions { one_a_day: true, normalize: true, ..o.clone() }).unwrap();
    assert_eq!((r[0].ab.events, r[0].all_events), (1.0 / 3.0, Some(3)));

    let r = dyad_series(st.conn(), &scope(), &DyadOptions { by: Period::Week, ..o.clone() }).unwrap();
    assert_eq!(r[0].period, "2020-01-06");
    assert_eq!(r[0].both.events, 3.0);
    // Zero-filled: every ISO week from the first to the last dated event of the scope.
    let weeks: Vec<&str> = r.iter().map(|x| x.period.as_str()).collect();
    assert_eq!(weeks, ["2020-01-06", "2020-01-13", "2020-01-20", "2020-01-27", "2020-02-03", "2020-02-10"]);
    assert_eq!(r.iter().map(|x| x.both.events).collect::<Vec<_>>(), [3.0, 0.0, 0.0, 0.0, 0.0, 2.0]);
    assert_eq!((r[1].both.goldstein_mean, r[1].both.top_codes.len()), (None, 0));

    // Prefixes: USAGOV only.
    let r = dyad_series(st.conn(), &scope(), &DyadOptions { a: "USAGOV".into(), ..o.clone() }).unwrap();
    assert_eq!((r.len(), r[0].ab.events, r[0].ba.events), (2, 2.0, 0.0));
    // February has no USAGOV–RUS event: a zero row, not a missing one.
    assert_eq!((r[1].period.as_str(), r[1].both.events, r[1].both.quad), ("2020-02", 0.0, [0.0; 4]));

    // Date range and the other origin.
    let sc = Scope { from: Some("2020-02-01".into()), ..scope() };
    assert_eq!(dyad_series(st.conn(), &sc, &o).unwrap().len(), 1);
    let sc = Scope { origin: Origin::Dyad, ..scope() };
    assert!(dyad_series(st.conn(), &sc, &o).unwrap().is_empty());
}

#[test]
fn network_and_blocs() {
    let mut rows: Vec<Row> = Vec::new();
    let mut id = 0;
    let mut add = |s: &'static str, t: &'static str, q: &'static str, n: usize| {
        for _ in 0..n {
            id += 1;
            let code = if q == "1" { "040" } else { "190" };
            rows.push((id, "20200101", s, s, t, t, code, q, "0"));
        }
    };
    // Two camps that cooperate inside and fight across.
    add("USA", "GBR", "1", 5);
    add("GBR", "FRA", "1", 4);
    add("USA", "FRA", "1", 3);
    add("RUS", "CHN", "1", 5);
    add("CHN", "IRN", "1", 4);
    add("RUS", "IRN", "1", 3);
    add("USA", "RUS", "4", 6);
    add("FRA", "IRN", "4", 2);
    add("GBR", "CHN", "1", 1); // one stray tie, below --min-events 2
    let st = store(&rows);
    let e = network(st.conn(), &scope(), 1).unwrap();
    assert_eq!(e.len(), 9);
    let ur = e.iter().find(|x| x.source == "USA" && x.target == "RUS").unwrap();
    assert_eq!((ur.events, ur.cooperation, ur.conflict), (6, 0, 6));
    assert_eq!(network(st.conn(), &scope(), 3).unwrap().len(), 7);

    let b = blocs(st.conn(), &scope(), 2).unwrap();
    assert_eq!(b.nodes, 6);
    assert_eq!(b.pairs, 8);
    let members: Vec<Vec<String>> = b.blocs.iter().map(|x| x.members.clone()).collect();
    assert_eq!(members, vec![vec!["CHN", "IRN", "RUS"], vec!["FRA", "GBR", "USA"]]);
    let west = &b.blocs[1];
    assert_eq!((west.internal_cooperation, west.internal_conflict), (12, 0));
    assert_eq!((west.external_cooperation, west.external_conflict), (0, 8));
    assert_eq!(west.internal_balance(), 1.0);
    assert_eq!(west.external_balance(), -1.0);
    assert!(b.modularity > 0.4, "{}", b.modularity);

    // The page's country network: undirected pairs, the heaviest kept, blocs keyed to their
    // member with the most events and ordered by it (ties by name), so colours are stable.
    let n = country_network(st.conn(), &scope(), 2, 3).unwrap();
    assert_eq!(n.total_edges, 8);
    let kept: Vec<(&str, &str, u64)> = n.edges.iter().map(|e| (e.a.as_str(), e.b.as_str(), e.events)).collect();
    assert_eq!(kept, [("RUS", "USA", 6), ("CHN", "RUS", 5), ("GBR", "USA", 5)]);
    assert_eq!((n.edges[0].a_to_b, n.edges[0].b_to_a, n.edges[0].balance), (0, 6, -1.0));
    let keys: Vec<&str> = n.blocs.iter().map(|b| b.key.as_str()).collect();
    assert_eq!(keys, ["RUS", "USA"]);
    let usa = n.nodes.iter().find(|x| x.id == "USA").unwrap();
    assert_eq!((usa.events, usa.bloc, usa.domestic), (14, Some(1), 0));
    assert_eq!(country_network(st.conn(), &scope(), 2, 3).unwrap(), n);
}

#[test]
fn overview_dyads_changes_countries() {
    let mut rows: Vec<Row> = Vec::new();
    let mut add = |date: &'static str,
                   s: &'static str,
                   t: &'static str,
                   code: &'static str,
                   q: &'static str,
                   g: &'static str,
                   n: usize| {
        for _ in 0..n {
            rows.push((rows.len() as u32 + 1, date, s, s, t, t, code, q, g));
        }
    };
    // USA → RUS: a cooperative history (monthly Goldstein means 1, 3, 2), then a month of fighting.
    add("20200110", "USA", "RUS", "040", "1", "1.0", 2);
    add("20200210", "USA", "RUS", "042", "1", "3.0", 2);
    add("20200310", "USA", "RUS", "040", "1", "2.0", 1);
    add("20200415", "USA", "RUS", "190", "4", "-10.0", 10);
    // FRA → DEU: busy in April only (no history, so no change).
    add("20200420", "FRA", "DEU", "040", "1", "1.0", 10);
    // Domestic and a stray pair.
    add("20200111", "USA", "USA", "040", "1", "1.0", 3);
    add("20200312", "GBR", "USA", "040", "1", "1.0", 1);
    let st = store(&rows);
    let o = overview(st.conn(), &scope(), &OverviewOptions::default()).unwrap();
    assert_eq!((o.first_date.as_deref(), o.last_date.as_deref()), (Some("2020-01-10"), Some("2020-04-20")));
    assert_eq!(o.months, ["2020-01", "2020-02", "2020-03", "2020-04"]);
    assert_eq!(o.month_events, [5, 2, 2, 20]);
    assert_eq!((o.events, o.dyad_count), (29, 3));
    let top: Vec<(&str, &str, u64, &[u64])> =
        o.top_dyads.iter().map(|d| (d.a.as_str(), d.b.as_str(), d.events, d.by_month.as_slice())).collect();
    assert_eq!(
        top,
        [
            ("RUS", "USA", 15, &[2, 2, 1, 10][..]),
            ("DEU", "FRA", 10, &[0, 0, 0, 10][..]),
            ("GBR", "USA", 1, &[0, 0, 1, 0][..])
        ]
    );
    assert_eq!((o.top_dyads[0].a_to_b, o.top_dyads[0].b_to_a), (0, 15));
    assert_eq!((o.top_dyads[0].cooperation, o.top_dyads[0].conflict), (5, 10));
    // One change: RUS–USA; history means 1, 3, 2 (mean 2, sd 1), April −10 → z = −12.
    assert_eq!(o.changes.len(), 1);
    let c = &o.changes[0];
    assert_eq!(
        (c.a.as_str(), c.b.as_str(), c.period.as_str(), c.events, c.history_periods),
        ("RUS", "USA", "2020-04", 10, 3)
    );
    assert!((c.goldstein_history_mean - 2.0).abs() < 1e-9 && (c.goldstein_mean + 10.0).abs() < 1e-9);
    assert!((c.goldstein_z.unwrap() + 12.0).abs() < 1e-9, "{c:?}");
    assert_eq!((c.conflict_share, c.conflict_z), (1.0, None)); // the history never fought: no spread
    assert!((c.score - 12.0).abs() < 1e-9);
    // Countries: a domestic event counts once.
    let usa = o.countries.iter().find(|x| x.country == "USA").unwrap();
    assert_eq!((usa.events, usa.as_source, usa.as_target, usa.domestic), (19, 18, 4, 3));
    // A range starting mid-month: partial months read from day rows.
    let sc = Scope { from: Some("2020-02-15".into()), ..scope() };
    let o = overview(st.conn(), &sc, &OverviewOptions::default()).unwrap();
    assert_eq!(o.months, ["2020-03", "2020-04"]);
    assert_eq!(o.top_dyads[0].by_month, [1, 10]);
    assert!(o.changes.is_empty(), "one month of history is not enough");
    // The dyad series shares the overview's axis (zero-filled over the scope's dates).
    let o2 = DyadOptions { a: "GBR".into(), b: "USA".into(), by: Period::Month, normalize: false, one_a_day: false };
    let r = dyad_series(st.conn(), &scope(), &o2).unwrap();
    assert_eq!(r.iter().map(|x| x.both.events).collect::<Vec<_>>(), [0.0, 0.0, 1.0, 0.0]);
    // The actor codes under a country.
    let a = country_actors(st.conn(), &scope(), "USA", 10).unwrap();
    assert_eq!((a[0].actor.as_str(), a[0].as_source, a[0].as_target), ("USA", 18, 4));
}

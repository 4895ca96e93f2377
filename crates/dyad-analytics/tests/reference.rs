//! The queries read the aggregate tables; this checks that they give the
//! answers of the former implementation, which scanned `events` (kept here
//! as the reference), on the real GDELT samples plus dyad-origin copies with
//! deletes, updates and replacements applied through the triggers.

use dyad_analytics::{blocs, dyad_series, network, DyadOptions, Origin, Period, Scope};
use dyad_store::rusqlite::Connection;
use dyad_store::Store;
use std::path::Path;

/// The former, scanning implementation (verbatim apart from visibility).
mod reference {
    use dyad_analytics::{period_label, Blocs, DyadOptions, Edge, Period, PeriodRow, Scope, Side};
    use dyad_store::rusqlite::{self, Connection};
    use std::collections::{BTreeMap, HashMap, HashSet};

    type Result<T> = std::result::Result<T, dyad_store::StoreError>;

    fn prefix_end(p: &str) -> String {
        format!("{p}\u{10FFFF}")
    }

    fn clause(s: &Scope) -> (String, Vec<String>) {
        let mut w = vec!["origin=?".to_string()];
        let mut a = vec![s.origin.as_str().to_string()];
        if let Some(f) = &s.from {
            w.push("date>=?".into());
            a.push(f.clone());
        }
        if let Some(t) = &s.to {
            w.push("date<=?".into());
            a.push(t.clone());
        }
        (w.join(" AND "), a)
    }
    #[derive(Default)]
    struct Acc {
        n: u64,
        quad: [u64; 4],
        gsum: f64,
        gn: u64,
        codes: HashMap<String, u64>,
    }

    impl Acc {
        fn add(&mut self, q: i64, g: Option<f64>, code: &str) {
            self.n += 1;
            if (1..=4).contains(&q) {
                self.quad[(q - 1) as usize] += 1;
            }
            if let Some(g) = g {
                self.gsum += g;
                self.gn += 1;
            }
            *self.codes.entry(code.to_string()).or_default() += 1;
        }
        fn side(&self, total: u64, normalize: bool) -> Side {
            let div = if normalize && total > 0 { total as f64 } else { 1.0 };
            let mut codes: Vec<(String, u64)> = self.codes.iter().map(|(c, n)| (c.clone(), *n)).collect();
            codes.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            codes.truncate(3);
            Side {
                events: self.n as f64 / div,
                quad: self.quad.map(|q| q as f64 / div),
                goldstein_sum: self.gsum,
                goldstein_mean: if self.gn > 0 { Some(self.gsum / self.gn as f64) } else { None },
                top_codes: codes,
            }
        }
    }

    /// The dyad series between actor prefixes A and B, one row per period that
    /// has at least one A–B event, in period order. Events without a date are
    /// left out.
    pub fn dyad_series(conn: &Connection, scope: &Scope, o: &DyadOptions) -> Result<Vec<PeriodRow>> {
        let (wh, mut args) = clause(scope);
        let sql = format!(
            "SELECT date, source, target, code, quad_class, goldstein FROM events WHERE {wh} AND date<>'' AND \
             ((source>=? AND source<? AND target>=? AND target<?) OR (source>=? AND source<? AND target>=? AND target<?))"
        );
        let (a0, a1, b0, b1) = (o.a.clone(), prefix_end(&o.a), o.b.clone(), prefix_end(&o.b));
        args.extend([a0.clone(), a1.clone(), b0.clone(), b1.clone(), b0, b1, a0, a1]);
        let mut st = conn.prepare(&sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
        let mut acc: BTreeMap<String, [Acc; 3]> = BTreeMap::new();
        let mut seen: HashSet<(String, String, String, String)> = HashSet::new();
        while let Some(r) = rows.next()? {
            let date: String = r.get(0)?;
            let source: String = r.get(1)?;
            let target: String = r.get(2)?;
            let code: String = r.get(3)?;
            let q: i64 = r.get(4)?;
            let g: Option<f64> = r.get(5)?;
            let Some(p) = period_label(&date, o.by) else { continue };
            if o.one_a_day && !seen.insert((date.clone(), source.clone(), target.clone(), code.clone())) {
                continue;
            }
            let ab = source.starts_with(&o.a) && target.starts_with(&o.b);
            let ba = source.starts_with(&o.b) && target.starts_with(&o.a);
            let e = acc.entry(p).or_default();
            if ab {
                e[0].add(q, g, &code);
            }
            if ba {
                e[1].add(q, g, &code);
            }
            e[2].add(q, g, &code);
        }
        let totals = if o.normalize { period_totals(conn, scope, o.by, o.one_a_day)? } else { HashMap::new() };
        Ok(acc
            .into_iter()
            .map(|(p, [ab, ba, both])| {
                let all = totals.get(&p).copied().unwrap_or(0);
                PeriodRow {
                    all_events: if o.normalize { Some(all) } else { None },
                    ab: ab.side(all, o.normalize),
                    ba: ba.side(all, o.normalize),
                    both: both.side(all, o.normalize),
                    period: p,
                }
            })
            .collect())
    }

    /// All events per period (distinct `(date, source, target, code)` with `one_a_day`).
    fn period_totals(conn: &Connection, scope: &Scope, by: Period, one_a_day: bool) -> Result<HashMap<String, u64>> {
        let (wh, args) = clause(scope);
        let sql = if one_a_day {
            format!(
                "SELECT date, count(*) FROM (SELECT DISTINCT date, source, target, code FROM events WHERE {wh} AND date<>'') GROUP BY date"
            )
        } else {
            format!("SELECT date, count(*) FROM events WHERE {wh} AND date<>'' GROUP BY date")
        };
        let mut st = conn.prepare(&sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
        let mut m: HashMap<String, u64> = HashMap::new();
        while let Some(r) = rows.next()? {
            let d: String = r.get(0)?;
            let n: i64 = r.get(1)?;
            if let Some(p) = period_label(&d, by) {
                *m.entry(p).or_default() += n as u64;
            }
        }
        Ok(m)
    }

    /// SQL for an event's network node: its country part, else its whole code
    /// unless that has no country (`---GOV`: left out).
    const NODE_SRC: &str =
        "CASE WHEN source_country<>'' THEN source_country WHEN source LIKE '---%' THEN '' ELSE source END";
    const NODE_TGT: &str =
        "CASE WHEN target_country<>'' THEN target_country WHEN target LIKE '---%' THEN '' ELSE target END";

    /// Directed edges between nodes (an actor's country or region, else its
    /// whole code; codes without a country such as `---GOV` are no node), leaving out events with an empty side and self-loops, with
    /// at least `min_events` events; heaviest first, ties by names.
    pub fn network(conn: &Connection, scope: &Scope, min_events: u64) -> Result<Vec<Edge>> {
        edges(conn, scope, min_events, NODE_SRC, NODE_TGT)
    }

    fn edges(conn: &Connection, scope: &Scope, min_events: u64, node_src: &str, node_tgt: &str) -> Result<Vec<Edge>> {
        let (wh, args) = clause(scope);
        let sql = format!(
            "SELECT s, t, count(*), sum(quad_class IN (1,2)), sum(quad_class IN (3,4)), total(goldstein) FROM \
             (SELECT {node_src} AS s, {node_tgt} AS t, quad_class, goldstein FROM events WHERE {wh}) \
             WHERE s<>'' AND t<>'' AND s<>t GROUP BY s, t HAVING count(*)>=?"
        );
        let mut st = conn.prepare(&sql)?;
        let mut all: Vec<rusqlite::types::Value> = args.into_iter().map(rusqlite::types::Value::Text).collect();
        all.push(rusqlite::types::Value::Integer(min_events.max(1) as i64));
        let mut rows = st.query(rusqlite::params_from_iter(all.iter()))?;
        let mut v = Vec::new();
        while let Some(r) = rows.next()? {
            v.push(Edge {
                source: r.get(0)?,
                target: r.get(1)?,
                events: r.get::<_, i64>(2)? as u64,
                cooperation: r.get::<_, i64>(3)? as u64,
                conflict: r.get::<_, i64>(4)? as u64,
                goldstein_sum: r.get(5)?,
            });
        }
        v.sort_by(|a, b| b.events.cmp(&a.events).then(a.source.cmp(&b.source)).then(a.target.cmp(&b.target)));
        Ok(v)
    }

    /// True for a 3-letter upper-case code (a country or CAMEO region).
    fn is_country(s: &str) -> bool {
        s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
    }

    /// Communities in the signed country network. Nodes: the events' 3-letter
    /// country / region columns (events whose actor has none are left out). An undirected pair's weight is its cooperation events
    /// minus its conflict events (both directions); pairs with fewer than
    /// `min_events` events are left out. Partition by [`louvain::signed_louvain`].
    pub fn blocs(conn: &Connection, scope: &Scope, min_events: u64) -> Result<Blocs> {
        let edges: Vec<Edge> = edges(conn, scope, 1, "source_country", "target_country")?
            .into_iter()
            .filter(|e| is_country(&e.source) && is_country(&e.target))
            .collect();
        // the partition itself is the library's; what this reference checks is the edges
        Ok(dyad_analytics::blocs_from_edges(&edges, min_events))
    }
}

fn data() -> Option<std::path::PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/gdelt_events_sample");
    if d.is_dir() {
        Some(d)
    } else {
        dyad_core::testskip::skip("dyad-analytics reference", &format!("{} is absent", d.display()));
        None
    }
}

/// Equal up to rounding: the former implementation summed Goldstein scores
/// as floats in scan order; the aggregates sum exact thousandths.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn same_side(x: &dyad_analytics::Side, y: &dyad_analytics::Side) -> bool {
    x.events == y.events
        && x.quad == y.quad
        && x.top_codes == y.top_codes
        && close(x.goldstein_sum, y.goldstein_sum)
        && match (x.goldstein_mean, y.goldstein_mean) {
            (Some(a), Some(b)) => close(a, b),
            (a, b) => a == b,
        }
}

/// A store with both real GDELT samples, plus dyad-origin copies of every
/// second row (and a second copy, as another modality would give, of every
/// fifth), after deletes, updates and replacements.
fn store(d: &Path) -> Store {
    let mut st = Store::open_in_memory().unwrap();
    let run = st.begin_run(&Default::default()).unwrap();
    for f in ["20191024143000.export.CSV", "gdelt1_events_mixed_20130203_20160728.tsv"] {
        let s = dyad_store::gdelt::import_file(&mut st, &d.join(f), run, 300, &mut |m| panic!("{m}")).unwrap();
        assert_eq!(s.malformed, 0);
    }
    let c = st.conn();
    let cols = "source, source_country, source_name, source_orig, target, target_country, target_name, \
                target_orig, code, root_code, quad_class, goldstein, modality, is_root, num_mentions, num_sources, \
                num_articles, avg_tone, geo_fullname, geo_country, geo_lat, geo_long, date_added, source_url, run_id";
    for (suffix, m) in [("a", 2), ("b", 5)] {
        c.execute_batch(&format!(
            "INSERT INTO events(origin, event_key, date, {cols}) SELECT 'dyad', event_key || '|{suffix}', date, {cols} \
             FROM events WHERE origin='gdelt' AND id % {m} = 0"
        ))
        .unwrap();
    }
    // Copies that disagree with the first on QuadClass and Goldstein (the one-a-day representative matters).
    c.execute_batch(&format!(
        "INSERT INTO events(origin, event_key, date, {cols}) SELECT 'dyad', event_key || '|c', date, {} \
         FROM events WHERE origin='dyad' AND event_key LIKE '%|b' AND id % 2 = 0",
        cols.replace("quad_class, goldstein", "5 - quad_class, goldstein + 0.7")
    ))
    .unwrap();
    c.execute_batch(
        "DELETE FROM events WHERE origin='dyad' AND id % 7 = 0;
         UPDATE events SET date=date(date, '+40 days') WHERE origin='dyad' AND id % 11 = 0;
         UPDATE events SET goldstein=NULL WHERE id % 13 = 0;
         UPDATE events SET source='', source_country='' WHERE id % 17 = 0;
         UPDATE events SET date='' WHERE id % 19 = 0;",
    )
    .unwrap();
    // Replaced GDELT rows (import of the same GLOBALEVENTIDs with another date and actor).
    let first: Vec<String> = std::fs::read_to_string(d.join("20191024143000.export.CSV"))
        .unwrap()
        .lines()
        .take(40)
        .map(|l| {
            let mut c: Vec<&str> = l.split('\t').collect();
            c[1] = "20180101";
            c[5] = "USAGOV";
            c.join("\t")
        })
        .collect();
    let p = std::env::temp_dir().join(format!("dyad-analytics-reference-{}.tsv", std::process::id()));
    std::fs::write(&p, first.join("\n")).unwrap();
    let mut st = st;
    // (each replacement is reported; nothing else is)
    let s = dyad_store::gdelt::import_file(&mut st, &p, run, 7, &mut |m| {
        assert!(m.ends_with("this row replaces it"), "{m}")
    })
    .unwrap();
    assert_eq!(s.loaded, 40);
    let _ = std::fs::remove_file(&p);
    let problems = st.check_aggregates().unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    st
}

fn scopes(origin: Origin) -> Vec<Scope> {
    let s = |f: Option<&str>, t: Option<&str>| Scope { origin, from: f.map(String::from), to: t.map(String::from) };
    vec![
        s(None, None),
        s(Some("2019-01-01"), None),
        s(None, Some("2015-06-30")),
        s(Some("2014-02-13"), Some("2019-10-23")),
        s(Some("2019-10-01"), Some("2019-10-24")),
        s(Some("2013-02-03"), Some("2013-02-03")),
        s(Some("2019-10-24"), Some("2014-01-01")),
    ]
}

#[test]
fn queries_equal_the_former_scans() {
    let Some(d) = data() else { return };
    let st = store(&d);
    let c: &Connection = st.conn();
    let mut checked = 0;
    for origin in [Origin::Gdelt, Origin::Dyad] {
        for sc in scopes(origin) {
            for (a, b) in [("USA", "RUS"), ("USA", "USAGOV"), ("CHN", "USA"), ("GBR", ""), ("", "")] {
                for by in [Period::Day, Period::Week, Period::Month] {
                    for (normalize, one_a_day) in [(false, false), (true, false), (false, true), (true, true)] {
                        let o = DyadOptions { a: a.into(), b: b.into(), by, normalize, one_a_day };
                        let filled = dyad_series(c, &sc, &o).unwrap();
                        // The series is zero-filled; the reference scan gives the periods with events.
                        let got: Vec<_> = filled.iter().filter(|r| r.both.events > 0.0).cloned().collect();
                        if let (Some(f), Some(l)) = (filled.first(), filled.last()) {
                            let by = o.by;
                            let first = if by == Period::Month { format!("{}-01", f.period) } else { f.period.clone() };
                            let last = if by == Period::Month { format!("{}-01", l.period) } else { l.period.clone() };
                            let all: Vec<String> = filled.iter().map(|r| r.period.clone()).collect();
                            assert_eq!(all, dyad_analytics::periods_between(&first, &last, by), "{sc:?} {o:?}");
                        }
                        let want = reference::dyad_series(c, &sc, &o).unwrap();
                        assert_eq!(got.len(), want.len(), "{sc:?} {o:?}");
                        for (g, w) in got.iter().zip(&want) {
                            assert!(
                                g.period == w.period
                                    && g.all_events == w.all_events
                                    && same_side(&g.ab, &w.ab)
                                    && same_side(&g.ba, &w.ba)
                                    && same_side(&g.both, &w.both),
                                "{sc:?} {o:?}\n got {g:?}\nwant {w:?}"
                            );
                        }
                        checked += got.len();
                    }
                }
            }
            for min in [1, 3] {
                let got = network(c, &sc, min).unwrap();
                let want = reference::network(c, &sc, min).unwrap();
                assert_eq!(got.len(), want.len(), "{sc:?}");
                for (g, w) in got.iter().zip(&want) {
                    assert!(
                        (&g.source, &g.target, g.events, g.cooperation, g.conflict)
                            == (&w.source, &w.target, w.events, w.cooperation, w.conflict)
                            && close(g.goldstein_sum, w.goldstein_sum),
                        "{sc:?}\n got {g:?}\nwant {w:?}"
                    );
                }
                checked += got.len();
            }
            for min in [1, 2] {
                assert_eq!(blocs(c, &sc, min).unwrap(), reference::blocs(c, &sc, min).unwrap(), "{sc:?}");
            }
        }
    }
    assert!(checked > 5_000, "{checked}");
}

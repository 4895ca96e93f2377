//! What the analyst's page shows: the store's overview (date range, event
//! counts, most active country dyads with monthly sparklines, the largest
//! changes in the last month, countries by events), the country network with
//! domestic events on its nodes and stably numbered blocs, and the actor codes
//! under a country.
//!
//! Everything here is rolled up by country: the events' 3-letter country /
//! region columns (`CHNGOV`, `CHNMIL` → `CHN`); events whose actor has none
//! are left out of dyads and countries. Reads the aggregate tables of
//! `dyad-store` (docs/STORE.md), never a scan of `events`, except
//! [`country_actors`] (an index range per side).

use super::{
    blocs_from_edges, date_clause, date_range, edge_map, is_country, periods_between, prefix_end, Edge, Result, Scope,
    G_SCALE,
};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Counts of one month of a country pair (both directions).
#[derive(Debug, Clone, Copy, Default)]
struct MonthAcc {
    n: u64,
    coop: u64,
    conflict: u64,
    /// Goldstein sum in thousandths.
    gsum: i64,
}

impl MonthAcc {
    fn add(&mut self, o: &MonthAcc) {
        self.n += o.n;
        self.coop += o.coop;
        self.conflict += o.conflict;
        self.gsum += o.gsum;
    }
    /// Mean Goldstein score per event (events without a score count 0;
    /// `dyad_edges` keeps no count of scored events). `None` with no event.
    fn goldstein_mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.gsum as f64 / G_SCALE / self.n as f64)
    }
    /// Conflict events (QuadClass 3–4) per event; `None` with no event.
    fn conflict_share(&self) -> Option<f64> {
        (self.n > 0).then(|| self.conflict as f64 / self.n as f64)
    }
}

/// A country dyad of the overview (undirected: `a` sorts before `b`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DyadSummary {
    /// First country (alphabetically).
    pub a: String,
    /// Second country.
    pub b: String,
    /// Events between them in the scope, both directions.
    pub events: u64,
    /// Events A → B.
    pub a_to_b: u64,
    /// Events B → A.
    pub b_to_a: u64,
    /// Events of QuadClass 1–2.
    pub cooperation: u64,
    /// Events of QuadClass 3–4.
    pub conflict: u64,
    /// Mean Goldstein score per event (events without a score count 0).
    pub goldstein_mean: Option<f64>,
    /// Events per month, one value per entry of [`Overview::months`] (zeros included).
    pub by_month: Vec<u64>,
}

/// A dyad whose last month departs from its own history.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Change {
    /// First country (alphabetically).
    pub a: String,
    /// Second country.
    pub b: String,
    /// The last month (`YYYY-MM`).
    pub period: String,
    /// Events in the last month.
    pub events: u64,
    /// Earlier months with at least one event (the history).
    pub history_periods: u64,
    /// Mean events per month over the history months.
    pub history_events_mean: f64,
    /// Goldstein mean of the last month.
    pub goldstein_mean: f64,
    /// Mean of the history months' Goldstein means.
    pub goldstein_history_mean: f64,
    /// `(last − history mean) / history standard deviation` of the monthly
    /// Goldstein mean; `None` when the history does not vary.
    pub goldstein_z: Option<f64>,
    /// Conflict share (QuadClass 3–4 per event) of the last month, 0–1.
    pub conflict_share: f64,
    /// Mean of the history months' conflict shares.
    pub conflict_history_mean: f64,
    /// z-score of the conflict share against the history; `None` when the history does not vary.
    pub conflict_z: Option<f64>,
    /// The larger of |`goldstein_z`| and |`conflict_z`| (what the list is sorted by).
    pub score: f64,
}

/// A country's events in the scope.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CountryCount {
    /// Country / region code (3 letters).
    pub country: String,
    /// Events touching it (as source or target; a domestic event counts once).
    pub events: u64,
    /// Events with it as the source country.
    pub as_source: u64,
    /// Events with it as the target country.
    pub as_target: u64,
    /// Events with it on both sides (domestic).
    pub domestic: u64,
}

/// The page's view on load: see [`overview`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Overview {
    /// First dated event of the scope (`YYYY-MM-DD`).
    pub first_date: Option<String>,
    /// Last dated event of the scope.
    pub last_date: Option<String>,
    /// Dated events in the scope.
    pub events: u64,
    /// Events without a date (counted only when the scope has no `from`/`to`).
    pub undated_events: u64,
    /// Every month from the first to the last date (`YYYY-MM`), the axis of the sparklines.
    pub months: Vec<String>,
    /// All events of each month (the normalising totals), one per entry of `months`.
    pub month_events: Vec<u64>,
    /// Undirected country pairs with at least one event (before `limit`).
    pub dyad_count: usize,
    /// Most active country dyads, most events first (ties by names), at most `limit`.
    pub top_dyads: Vec<DyadSummary>,
    /// Largest changes in the last month, largest score first, at most `limit`.
    pub changes: Vec<Change>,
    /// Countries by events, most first, at most `limit`.
    pub countries: Vec<CountryCount>,
}

/// Options of [`overview`].
#[derive(Debug, Clone)]
pub struct OverviewOptions {
    /// Most rows of each list.
    pub limit: usize,
    /// A change needs at least this many events in the last month (the 10).
    pub change_min_events: u64,
    /// A change needs at least this many earlier months with events (the 3).
    pub change_min_history: u64,
}

impl Default for OverviewOptions {
    fn default() -> Self {
        OverviewOptions { limit: 20, change_min_events: 10, change_min_history: 3 }
    }
}

/// The `dyad_edges` reads (level, lo, hi exclusive) covering the scope's
/// dates with month or day rows only (so every row falls in one month); the
/// day level with string bounds when a bound is not `YYYY-MM-DD`.
fn month_reads(scope: &Scope) -> Vec<(char, Option<String>, Option<String>)> {
    use chrono::{Datelike, Months, NaiveDate};
    let parse = |s: &Option<String>| -> Option<Option<NaiveDate>> {
        match s {
            None => Some(None),
            Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .filter(|d| d.format("%Y-%m-%d").to_string() == *s)
                .map(Some),
        }
    };
    let (Some(a), Some(b)) = (parse(&scope.from), parse(&scope.to)) else {
        // Odd bounds: day rows compared as strings, `to` inclusive.
        let hi = scope.to.as_ref().map(|t| format!("{t}\u{10FFFF}"));
        return vec![('d', scope.from.clone(), hi)];
    };
    let b = b.and_then(|d| d.succ_opt()); // exclusive
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let month = |d: NaiveDate| d.format("%Y-%m").to_string();
    let ms =
        a.map(
            |a| {
                if a.day() == 1 {
                    Some(a)
                } else {
                    a.with_day(1).and_then(|f| f.checked_add_months(Months::new(1)))
                }
            },
        );
    let me = b.map(|b| b.with_day(1));
    let mut out = Vec::new();
    match (a, ms, b, me) {
        (Some(a), Some(Some(ms)), Some(b), Some(Some(me))) if ms >= me => out.push(('d', Some(day(a)), Some(day(b)))),
        _ => {
            if let (Some(a), Some(Some(ms))) = (a, ms) {
                if a < ms {
                    out.push(('d', Some(day(a)), Some(day(ms))));
                }
            }
            let lo = ms.flatten().map(month);
            let hi = me.flatten().map(month);
            out.push(('m', lo, hi));
            if let (Some(b), Some(Some(me))) = (b, me) {
                if me < b {
                    out.push(('d', Some(day(me)), Some(day(b))));
                }
            }
        }
    }
    out
}

/// Sums of `dyad_edges` by (source country, target country, month) over the scope.
fn country_months(conn: &Connection, scope: &Scope) -> Result<HashMap<(String, String, String), MonthAcc>> {
    let origin = scope.origin.as_str().to_string();
    let mut acc: HashMap<(String, String, String), MonthAcc> = HashMap::new();
    for (level, lo, hi) in month_reads(scope) {
        let mut sql = "SELECT period, s_country, t_country, n, coop, conflict, gsum FROM dyad_edges \
                       WHERE origin=? AND level=? AND period<>''"
            .to_string();
        let mut args = vec![origin.clone(), level.to_string()];
        if let Some(lo) = lo {
            sql.push_str(" AND period>=?");
            args.push(lo);
        }
        if let Some(hi) = hi {
            sql.push_str(" AND period<?");
            args.push(hi);
        }
        let mut st = conn.prepare_cached(&sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
        while let Some(r) = rows.next()? {
            let period: String = r.get(0)?;
            let s: String = r.get(1)?;
            let t: String = r.get(2)?;
            if period.len() < 7 || !is_country(&s) || !is_country(&t) {
                continue;
            }
            let m = MonthAcc {
                n: r.get::<_, i64>(3)? as u64,
                coop: r.get::<_, i64>(4)? as u64,
                conflict: r.get::<_, i64>(5)? as u64,
                gsum: r.get(6)?,
            };
            acc.entry((s, t, period[..7].to_string())).or_default().add(&m);
        }
    }
    Ok(acc)
}

/// A country pair's totals, events a → b, events b → a, and its months (index into the overview's months).
type PairMonths = (MonthAcc, u64, u64, BTreeMap<usize, MonthAcc>);

/// A country pair's events a → b, events b → a, cooperation, conflict, Goldstein sum (thousandths).
type PairTotals = (u64, u64, u64, u64, i64);

/// Mean and sample standard deviation (`None` below two values).
fn mean_sd(x: &[f64]) -> (f64, Option<f64>) {
    let n = x.len() as f64;
    if x.is_empty() {
        return (0.0, None);
    }
    let m = x.iter().sum::<f64>() / n;
    if x.len() < 2 {
        return (m, None);
    }
    let v = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0);
    (m, Some(v.sqrt()))
}

fn z(x: f64, m: f64, sd: Option<f64>) -> Option<f64> {
    sd.filter(|s| *s > 1e-9).map(|s| (x - m) / s)
}

/// The overview of a scope. Dyads and changes are undirected country pairs
/// (domestic events are not a dyad; they count on the country). Changes:
/// pairs with at least `change_min_events` events in the scope's last month
/// and at least `change_min_history` earlier months with events; the last
/// month's Goldstein mean and conflict share are z-scored against those
/// earlier months' values (sample standard deviation), and the list is sorted
/// by the larger |z| (ties by events, then names).
pub fn overview(conn: &Connection, scope: &Scope, o: &OverviewOptions) -> Result<Overview> {
    let mut out = Overview::default();
    let Some((first, last)) = date_range(conn, scope)? else {
        return Ok(out);
    };
    out.months = periods_between(&first, &last, super::Period::Month);
    out.first_date = Some(first);
    out.last_date = Some(last);
    let idx: HashMap<&str, usize> = out.months.iter().enumerate().map(|(i, m)| (m.as_str(), i)).collect();
    // Month totals and events.
    {
        let (dw, dargs) = date_clause(scope, "date");
        let mut args = vec![scope.origin.as_str().to_string()];
        args.extend(dargs);
        let mut st = conn.prepare_cached(&format!(
            "SELECT substr(date,1,7), sum(n) FROM dyad_day_totals WHERE origin=?{dw} GROUP BY 1"
        ))?;
        let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
        out.month_events = vec![0; out.months.len()];
        while let Some(r) = rows.next()? {
            let m: String = r.get(0)?;
            let n = r.get::<_, i64>(1)? as u64;
            out.events += n;
            if let Some(&i) = idx.get(m.as_str()) {
                out.month_events[i] += n;
            }
        }
        if scope.from.is_none() && scope.to.is_none() {
            out.undated_events = conn.query_row(
                "SELECT coalesce(sum(n),0) FROM dyad_day_totals WHERE origin=? AND date=''",
                [scope.origin.as_str()],
                |r| r.get::<_, i64>(0),
            )? as u64;
        }
    }
    let cells = country_months(conn, scope)?;
    // Countries, and pairs by month.
    let mut countries: HashMap<String, CountryCount> = HashMap::new();
    let mut pairs: HashMap<(String, String), PairMonths> = HashMap::new();
    for ((s, t, m), acc) in &cells {
        if s == t {
            let c = countries.entry(s.clone()).or_default();
            c.as_source += acc.n;
            c.as_target += acc.n;
            c.domestic += acc.n;
            continue;
        }
        countries.entry(s.clone()).or_default().as_source += acc.n;
        countries.entry(t.clone()).or_default().as_target += acc.n;
        let forward = s < t;
        let key = if forward { (s.clone(), t.clone()) } else { (t.clone(), s.clone()) };
        let p = pairs.entry(key).or_default();
        p.0.add(acc);
        if forward {
            p.1 += acc.n;
        } else {
            p.2 += acc.n;
        }
        if let Some(&i) = idx.get(m.as_str()) {
            p.3.entry(i).or_default().add(acc);
        }
    }
    let mut cs: Vec<CountryCount> = countries
        .into_iter()
        .map(|(k, mut c)| {
            c.country = k;
            c.events = c.as_source + c.as_target - c.domestic;
            c
        })
        .collect();
    cs.sort_by(|x, y| y.events.cmp(&x.events).then(x.country.cmp(&y.country)));
    cs.truncate(o.limit);
    out.countries = cs;
    out.dyad_count = pairs.len();
    // Top dyads.
    let mut keys: Vec<(&(String, String), u64)> = pairs.iter().map(|(k, v)| (k, v.0.n)).collect();
    keys.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
    for (k, _) in keys.iter().take(o.limit) {
        let (tot, ab, ba, by) = &pairs[*k];
        let mut by_month = vec![0; out.months.len()];
        for (i, m) in by {
            by_month[*i] = m.n;
        }
        out.top_dyads.push(DyadSummary {
            a: k.0.clone(),
            b: k.1.clone(),
            events: tot.n,
            a_to_b: *ab,
            b_to_a: *ba,
            cooperation: tot.coop,
            conflict: tot.conflict,
            goldstein_mean: tot.goldstein_mean(),
            by_month,
        });
    }
    // Changes in the last month.
    if let Some(last_i) = out.months.len().checked_sub(1) {
        let mut ch: Vec<Change> = Vec::new();
        for ((a, b), (_, _, _, by)) in &pairs {
            let Some(lastm) = by.get(&last_i).filter(|m| m.n >= o.change_min_events) else { continue };
            let hist: Vec<&MonthAcc> = by.iter().filter(|(i, m)| **i < last_i && m.n > 0).map(|(_, m)| m).collect();
            if (hist.len() as u64) < o.change_min_history.max(1) {
                continue;
            }
            let g: Vec<f64> = hist.iter().filter_map(|m| m.goldstein_mean()).collect();
            let c: Vec<f64> = hist.iter().filter_map(|m| m.conflict_share()).collect();
            let (gm, gsd) = mean_sd(&g);
            let (cm, csd) = mean_sd(&c);
            let gl = lastm.goldstein_mean().unwrap_or(0.0);
            let cl = lastm.conflict_share().unwrap_or(0.0);
            let (gz, cz) = (z(gl, gm, gsd), z(cl, cm, csd));
            let score = gz.map_or(0.0, f64::abs).max(cz.map_or(0.0, f64::abs));
            ch.push(Change {
                a: a.clone(),
                b: b.clone(),
                period: out.months[last_i].clone(),
                events: lastm.n,
                history_periods: hist.len() as u64,
                history_events_mean: hist.iter().map(|m| m.n as f64).sum::<f64>() / hist.len() as f64,
                goldstein_mean: gl,
                goldstein_history_mean: gm,
                goldstein_z: gz,
                conflict_share: cl,
                conflict_history_mean: cm,
                conflict_z: cz,
                score,
            });
        }
        ch.sort_by(|x, y| {
            y.score.total_cmp(&x.score).then(y.events.cmp(&x.events)).then(x.a.cmp(&y.a)).then(x.b.cmp(&y.b))
        });
        ch.truncate(o.limit);
        out.changes = ch;
    }
    Ok(out)
}

/// A node of the country network.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CountryNode {
    /// Country / region code.
    pub id: String,
    /// Events between it and other countries (both directions), over all pairs
    /// with at least `min_events` events.
    pub events: u64,
    /// Domestic events (the same country on both sides): shown on the node, never as an edge.
    pub domestic: u64,
    /// Domestic cooperation events (QuadClass 1–2).
    pub domestic_cooperation: u64,
    /// Domestic conflict events (QuadClass 3–4).
    pub domestic_conflict: u64,
    /// Index into [`CountryNetwork::blocs`]; `None` for a node in no bloc.
    pub bloc: Option<usize>,
}

/// An undirected, signed edge of the country network.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CountryEdge {
    /// First country (alphabetically).
    pub a: String,
    /// Second country.
    pub b: String,
    /// Events, both directions.
    pub events: u64,
    /// Events A → B.
    pub a_to_b: u64,
    /// Events B → A.
    pub b_to_a: u64,
    /// Events of QuadClass 1–2.
    pub cooperation: u64,
    /// Events of QuadClass 3–4.
    pub conflict: u64,
    /// `(cooperation − conflict) / (cooperation + conflict)`, −1…1 (the edge's sign).
    pub balance: f64,
    /// Mean Goldstein score per event.
    pub goldstein_mean: f64,
}

/// A bloc of the network, keyed to its largest member.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BlocKey {
    /// The member with the most events (ties by name): the bloc's name and colour key.
    pub key: String,
    /// Members, sorted.
    pub members: Vec<String>,
    /// Cooperation events between members.
    pub internal_cooperation: u64,
    /// Conflict events between members.
    pub internal_conflict: u64,
}

/// Result of [`country_network`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CountryNetwork {
    /// Nodes touched by the kept edges, most events first (ties by name).
    pub nodes: Vec<CountryNode>,
    /// The `limit` heaviest pairs, most events first (ties by names).
    pub edges: Vec<CountryEdge>,
    /// Pairs with at least `min_events` events (before `limit`).
    pub total_edges: usize,
    /// Blocs over all pairs with at least `min_events` events, ordered by their
    /// key member's events (most first, ties by key), so the same store and
    /// filters give the same numbering (and colours) every time.
    pub blocs: Vec<BlocKey>,
    /// Signed modularity of the partition.
    pub modularity: f64,
}

/// The country network: undirected pairs with at least `min_events` events
/// (both directions), the `limit` heaviest kept; domestic events on the nodes;
/// blocs by [`super::blocs_from_edges`] over every pair above the threshold.
pub fn country_network(conn: &Connection, scope: &Scope, min_events: u64, limit: usize) -> Result<CountryNetwork> {
    let acc = edge_map(conn, scope, true)?;
    let mut domestic: HashMap<String, (u64, u64, u64)> = HashMap::new();
    let mut directed: Vec<Edge> = Vec::new();
    let mut pairs: BTreeMap<(String, String), PairTotals> = BTreeMap::new();
    for ((s, t), e) in &acc {
        if !is_country(s) || !is_country(t) {
            continue;
        }
        if s == t {
            let d = domestic.entry(s.clone()).or_default();
            d.0 += e.n;
            d.1 += e.coop;
            d.2 += e.conflict;
            continue;
        }
        directed.push(Edge {
            source: s.clone(),
            target: t.clone(),
            events: e.n,
            cooperation: e.coop,
            conflict: e.conflict,
            goldstein_sum: e.gsum as f64 / G_SCALE,
        });
        let forward = s < t;
        let k = if forward { (s.clone(), t.clone()) } else { (t.clone(), s.clone()) };
        let p = pairs.entry(k).or_default();
        if forward {
            p.0 += e.n;
        } else {
            p.1 += e.n;
        }
        p.2 += e.coop;
        p.3 += e.conflict;
        p.4 += e.gsum;
    }
    directed.sort_by(|a, b| a.source.cmp(&b.source).then(a.target.cmp(&b.target)));
    let mut edges: Vec<CountryEdge> = pairs
        .into_iter()
        .filter(|(_, p)| p.0 + p.1 >= min_events.max(1))
        .map(|((a, b), (ab, ba, coop, conflict, gsum))| {
            let n = ab + ba;
            CountryEdge {
                a,
                b,
                events: n,
                a_to_b: ab,
                b_to_a: ba,
                cooperation: coop,
                conflict,
                balance: super::balance(coop, conflict),
                goldstein_mean: gsum as f64 / G_SCALE / n.max(1) as f64,
            }
        })
        .collect();
    edges.sort_by(|x, y| y.events.cmp(&x.events).then(x.a.cmp(&y.a)).then(x.b.cmp(&y.b)));
    let total_edges = edges.len();
    // Events per country over every pair above the threshold (for bloc keys and node sizes).
    let mut node_events: HashMap<String, u64> = HashMap::new();
    for e in &edges {
        *node_events.entry(e.a.clone()).or_default() += e.events;
        *node_events.entry(e.b.clone()).or_default() += e.events;
    }
    let b = blocs_from_edges(&directed, min_events);
    let mut blocs: Vec<BlocKey> = b
        .blocs
        .iter()
        .map(|x| {
            let key = x
                .members
                .iter()
                .max_by(|p, q| {
                    let (np, nq) =
                        (node_events.get(*p).copied().unwrap_or(0), node_events.get(*q).copied().unwrap_or(0));
                    np.cmp(&nq).then(q.cmp(p))
                })
                .cloned()
                .unwrap_or_default();
            BlocKey {
                key,
                members: x.members.clone(),
                internal_cooperation: x.internal_cooperation,
                internal_conflict: x.internal_conflict,
            }
        })
        .collect();
    blocs.sort_by(|x, y| {
        let (nx, ny) = (node_events.get(&x.key).copied().unwrap_or(0), node_events.get(&y.key).copied().unwrap_or(0));
        ny.cmp(&nx).then(x.key.cmp(&y.key))
    });
    let bloc_of: HashMap<&str, usize> =
        blocs.iter().enumerate().flat_map(|(i, b)| b.members.iter().map(move |m| (m.as_str(), i))).collect();
    edges.truncate(limit);
    let mut names: Vec<&String> = edges.iter().flat_map(|e| [&e.a, &e.b]).collect();
    names.sort();
    names.dedup();
    let mut nodes: Vec<CountryNode> = names
        .into_iter()
        .map(|n| {
            let d = domestic.get(n).copied().unwrap_or_default();
            CountryNode {
                id: n.clone(),
                events: node_events.get(n).copied().unwrap_or(0),
                domestic: d.0,
                domestic_cooperation: d.1,
                domestic_conflict: d.2,
                bloc: bloc_of.get(n.as_str()).copied(),
            }
        })
        .collect();
    nodes.sort_by(|x, y| y.events.cmp(&x.events).then(x.id.cmp(&y.id)));
    Ok(CountryNetwork { nodes, edges, total_edges, blocs, modularity: b.modularity })
}

/// An actor code under a country with its events.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ActorUnder {
    /// Actor code.
    pub actor: String,
    /// Events with it as source.
    pub as_source: u64,
    /// Events with it as target.
    pub as_target: u64,
}

/// The actor codes starting with `country` (`CHN` → `CHN`, `CHNGOV`,
/// `CHNMIL` …) in the scope, most events first (ties by code), at most
/// `limit`. Reads `events` over its `(origin, source, …)` and
/// `(origin, target, …)` indexes, one prefix range each.
pub fn country_actors(conn: &Connection, scope: &Scope, country: &str, limit: usize) -> Result<Vec<ActorUnder>> {
    let (dw, dargs) = date_clause(scope, "date");
    let mut m: HashMap<String, ActorUnder> = HashMap::new();
    for (col, side) in [("source", 0), ("target", 1)] {
        let mut st = conn.prepare_cached(&format!(
            "SELECT {col}, count(*) FROM events WHERE origin=? AND {col}>=? AND {col}<?{dw} GROUP BY {col}"
        ))?;
        let mut args = vec![scope.origin.as_str().to_string(), country.to_string(), prefix_end(country)];
        args.extend(dargs.iter().cloned());
        let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
        while let Some(r) = rows.next()? {
            let a: String = r.get(0)?;
            let n = r.get::<_, i64>(1)? as u64;
            let e = m.entry(a.clone()).or_insert_with(|| ActorUnder { actor: a, ..Default::default() });
            if side == 0 {
                e.as_source += n;
            } else {
                e.as_target += n;
            }
        }
    }
    let mut v: Vec<ActorUnder> = m.into_values().collect();
    v.sort_by(|x, y| (y.as_source + y.as_target).cmp(&(x.as_source + x.as_target)).then(x.actor.cmp(&y.actor)));
    v.truncate(limit);
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Origin;

    fn sc(from: Option<&str>, to: Option<&str>) -> Scope {
        Scope { origin: Origin::Gdelt, from: from.map(String::from), to: to.map(String::from) }
    }

    #[test]
    fn month_reads_split_partial_months() {
        assert_eq!(month_reads(&sc(None, None)), vec![('m', None, None)]);
        assert_eq!(
            month_reads(&sc(Some("2020-01-15"), Some("2020-03-31"))),
            vec![
                ('d', Some("2020-01-15".into()), Some("2020-02-01".into())),
                ('m', Some("2020-02".into()), Some("2020-04".into()))
            ]
        );
        assert_eq!(
            month_reads(&sc(Some("2020-01-15"), Some("2020-01-20"))),
            vec![('d', Some("2020-01-15".into()), Some("2020-01-21".into()))]
        );
        assert_eq!(
            month_reads(&sc(None, Some("2020-03-10"))),
            vec![('m', None, Some("2020-03".into())), ('d', Some("2020-03-01".into()), Some("2020-03-11".into()))]
        );
    }

    #[test]
    fn z_scores() {
        let (m, sd) = mean_sd(&[1.0, 2.0, 3.0]);
        assert_eq!((m, sd), (2.0, Some(1.0)));
        assert_eq!(z(4.0, m, sd), Some(2.0));
        assert_eq!(z(4.0, 1.0, Some(0.0)), None);
        assert_eq!(mean_sd(&[5.0]), (5.0, None));
    }
}

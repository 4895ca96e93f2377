//! dyad-analytics: the questions researchers ask of an event store, as pure
//! functions over its rows (read through a SQLite connection of
//! `dyad-store`).
//!
//! - [`dyad_series`]: per period (day, ISO week, month), the events between
//!   two actors in both directions and combined: counts by QuadClass,
//!   Goldstein sum and mean, top codes; optionally normalised by all events of
//!   the period, optionally counting a `(date, source, target, code)` once.
//! - [`network`]: directed weighted edges between actors (countries where
//!   the code has one) with cooperation (QuadClass 1–2) and conflict (3–4)
//!   totals.
//! - [`blocs`]: communities in the signed country network (cooperation
//!   positive, conflict negative) by Louvain (Blondel et al. 2008) on the
//!   signed modularity of Gómez, Jensen & Arenas (2009); see docs/STORE.md.
//!
//! Actor arguments are prefixes: `CHN` matches `CHN`, `CHNGOV`, `CHNMIL`.

pub mod louvain;

use rusqlite::Connection;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

pub use dyad_store::Origin;

/// Errors: the store's.
pub type Result<T> = std::result::Result<T, dyad_store::StoreError>;

/// Period of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// One calendar day, labelled `YYYY-MM-DD`.
    Day,
    /// ISO week (Monday to Sunday), labelled by its Monday `YYYY-MM-DD`.
    Week,
    /// Calendar month, labelled `YYYY-MM`.
    Month,
}

/// The period label of a `YYYY-MM-DD` date; `None` if it does not parse.
pub fn period_label(date: &str, p: Period) -> Option<String> {
    use chrono::Datelike;
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some(match p {
        Period::Day => date.to_string(),
        Period::Week => {
            let monday = d - chrono::Duration::days(d.weekday().num_days_from_monday() as i64);
            monday.format("%Y-%m-%d").to_string()
        }
        Period::Month => d.format("%Y-%m").to_string(),
    })
}

/// Upper bound for a prefix range: every string starting with `p` sorts
/// before it (codes are ASCII; U+10FFFF sorts after any ASCII byte).
fn prefix_end(p: &str) -> String {
    format!("{p}\u{10FFFF}")
}

/// Common filter of the queries.
#[derive(Debug, Clone)]
pub struct Scope {
    /// Events of this origin only (dyad and GDELT are never mixed).
    pub origin: Origin,
    /// First date, inclusive `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last date, inclusive.
    pub to: Option<String>,
}

impl Scope {
    fn clause(&self) -> (String, Vec<String>) {
        let mut w = vec!["origin=?".to_string()];
        let mut a = vec![self.origin.as_str().to_string()];
        if let Some(f) = &self.from {
            w.push("date>=?".into());
            a.push(f.clone());
        }
        if let Some(t) = &self.to {
            w.push("date<=?".into());
            a.push(t.clone());
        }
        (w.join(" AND "), a)
    }
}

/// One direction's (or the combined) numbers for a period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Side {
    /// Events (a share of all events in the period with `normalize`).
    pub events: f64,
    /// Events by QuadClass 1..4 (index 0 = QuadClass 1), normalised likewise.
    pub quad: [f64; 4],
    /// Sum of Goldstein scores (events without one add nothing).
    pub goldstein_sum: f64,
    /// Mean Goldstein score over events that have one; `None` if none do.
    pub goldstein_mean: Option<f64>,
    /// Up to three most frequent codes with their raw counts (ties by code).
    pub top_codes: Vec<(String, u64)>,
}

/// One period of a dyad series.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PeriodRow {
    /// Period label (see [`Period`]).
    pub period: String,
    /// All events of the origin in the period (the normalising total);
    /// computed only with `normalize` (it scans every event of the period).
    pub all_events: Option<u64>,
    /// A → B.
    pub ab: Side,
    /// B → A.
    pub ba: Side,
    /// Both directions (an event matching both directions counts once).
    pub both: Side,
}

/// Options of [`dyad_series`].
#[derive(Debug, Clone)]
pub struct DyadOptions {
    /// Actor prefix A.
    pub a: String,
    /// Actor prefix B.
    pub b: String,
    /// Period length.
    pub by: Period,
    /// Divide counts by all events in the period.
    pub normalize: bool,
    /// Count a `(date, source, target, code)` once (Phoenix's one-a-day filter).
    pub one_a_day: bool,
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
    let (wh, mut args) = scope.clause();
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
    let (wh, args) = scope.clause();
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

/// A directed edge of the actor network.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Edge {
    /// Source node (country / region code, else the whole actor code).
    pub source: String,
    /// Target node.
    pub target: String,
    /// Events.
    pub events: u64,
    /// Events of QuadClass 1–2 (verbal and material cooperation).
    pub cooperation: u64,
    /// Events of QuadClass 3–4 (verbal and material conflict).
    pub conflict: u64,
    /// Sum of Goldstein scores.
    pub goldstein_sum: f64,
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
    let (wh, args) = scope.clause();
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

/// An actor with its event counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ActorCount {
    /// Actor code.
    pub actor: String,
    /// Events with it as source.
    pub as_source: u64,
    /// Events with it as target.
    pub as_target: u64,
}

/// Actor codes by total events (source + target), most first; at most `limit`.
pub fn actors(conn: &Connection, scope: &Scope, limit: usize) -> Result<Vec<ActorCount>> {
    let (wh, args) = scope.clause();
    let sql = format!(
        "SELECT a, sum(s), sum(t) FROM (SELECT source AS a, 1 AS s, 0 AS t FROM events WHERE {wh} \
         UNION ALL SELECT target, 0, 1 FROM events WHERE {wh}) WHERE a<>'' GROUP BY a \
         ORDER BY sum(s)+sum(t) DESC, a LIMIT ?"
    );
    let mut all: Vec<rusqlite::types::Value> = args.iter().cloned().map(rusqlite::types::Value::Text).collect();
    all.extend(args.into_iter().map(rusqlite::types::Value::Text));
    all.push(rusqlite::types::Value::Integer(limit as i64));
    let mut st = conn.prepare(&sql)?;
    let mut rows = st.query(rusqlite::params_from_iter(all.iter()))?;
    let mut v = Vec::new();
    while let Some(r) = rows.next()? {
        v.push(ActorCount {
            actor: r.get(0)?,
            as_source: r.get::<_, i64>(1)? as u64,
            as_target: r.get::<_, i64>(2)? as u64,
        });
    }
    Ok(v)
}

/// One bloc found by [`blocs`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Bloc {
    /// Member countries, sorted.
    pub members: Vec<String>,
    /// Cooperation events between members.
    pub internal_cooperation: u64,
    /// Conflict events between members.
    pub internal_conflict: u64,
    /// Cooperation events between a member and a non-member (either direction;
    /// pairs below `min_events` are left out here too).
    pub external_cooperation: u64,
    /// Conflict events between a member and a non-member.
    pub external_conflict: u64,
}

impl Bloc {
    /// `(cooperation − conflict) / (cooperation + conflict)` inside the bloc, in −1…1; 0 when none.
    pub fn internal_balance(&self) -> f64 {
        balance(self.internal_cooperation, self.internal_conflict)
    }
    /// The same for the bloc's ties to non-members.
    pub fn external_balance(&self) -> f64 {
        balance(self.external_cooperation, self.external_conflict)
    }
}

fn balance(c: u64, k: u64) -> f64 {
    if c + k == 0 {
        0.0
    } else {
        (c as f64 - k as f64) / (c + k) as f64
    }
}

/// Result of [`blocs`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Blocs {
    /// Blocs, largest first (ties by first member).
    pub blocs: Vec<Bloc>,
    /// Signed modularity of the partition (Gómez et al. 2009), −1…1.
    pub modularity: f64,
    /// Country nodes in the graph.
    pub nodes: usize,
    /// Undirected country pairs with at least `min_events` events.
    pub pairs: usize,
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
    use petgraph::graph::{NodeIndex, UnGraph};
    let edges: Vec<Edge> = edges(conn, scope, 1, "source_country", "target_country")?
        .into_iter()
        .filter(|e| is_country(&e.source) && is_country(&e.target))
        .collect();
    let mut pair: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    for e in &edges {
        let k = if e.source < e.target {
            (e.source.clone(), e.target.clone())
        } else {
            (e.target.clone(), e.source.clone())
        };
        let p = pair.entry(k).or_default();
        p.0 += e.cooperation;
        p.1 += e.conflict;
    }
    let mut g: UnGraph<String, f64> = UnGraph::new_undirected();
    let mut idx: BTreeMap<String, NodeIndex> = BTreeMap::new();
    let mut names: Vec<&String> =
        pair.iter().filter(|(_, (c, k))| c + k >= min_events.max(1)).flat_map(|((a, b), _)| [a, b]).collect();
    names.sort();
    names.dedup();
    for n in names {
        idx.insert(n.clone(), g.add_node(n.clone()));
    }
    let mut npairs = 0;
    for ((a, b), (c, k)) in &pair {
        if c + k < min_events.max(1) {
            continue;
        }
        npairs += 1;
        g.add_edge(idx[a], idx[b], *c as f64 - *k as f64);
    }
    let (membership, q) = louvain::signed_louvain(&g);
    let ncomm = membership.iter().copied().max().map(|m| m + 1).unwrap_or(0);
    let mut blocs: Vec<Bloc> = vec![Bloc::default(); ncomm];
    for n in g.node_indices() {
        blocs[membership[n.index()]].members.push(g[n].clone());
    }
    let comm_of: HashMap<&str, usize> = g.node_indices().map(|n| (g[n].as_str(), membership[n.index()])).collect();
    for ((a, b), (c, k)) in &pair {
        if c + k < min_events.max(1) {
            continue;
        }
        let (Some(&ca), Some(&cb)) = (comm_of.get(a.as_str()), comm_of.get(b.as_str())) else { continue };
        if ca == cb {
            blocs[ca].internal_cooperation += c;
            blocs[ca].internal_conflict += k;
        } else {
            for x in [ca, cb] {
                blocs[x].external_cooperation += c;
                blocs[x].external_conflict += k;
            }
        }
    }
    for b in &mut blocs {
        b.members.sort();
    }
    blocs.retain(|b| !b.members.is_empty());
    blocs.sort_by(|x, y| y.members.len().cmp(&x.members.len()).then(x.members.cmp(&y.members)));
    Ok(Blocs { blocs, modularity: q, nodes: g.node_count(), pairs: npairs })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(period_label("2017-02-08", Period::Week).unwrap(), "2017-02-06");
        assert_eq!(period_label("2017-02-08", Period::Month).unwrap(), "2017-02");
        assert_eq!(period_label("2017-02-08", Period::Day).unwrap(), "2017-02-08");
        assert!(period_label("", Period::Day).is_none());
        assert!(prefix_end("CHN").as_str() > "CHNGOVMIL");
        assert!(prefix_end("CHN").as_str() < "CHO");
    }
}

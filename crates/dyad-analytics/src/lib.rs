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
//! - [`overview`]: what a page shows on load (date range, most active
//!   country dyads with monthly sparklines, largest changes in the last
//!   month, countries), the country network with domestic events on the
//!   nodes and stable bloc numbers, and a country's actor codes.
//!
//! Actor arguments are prefixes: `CHN` matches `CHN`, `CHNGOV`, `CHNMIL`.

pub mod louvain;
pub mod overview;

use rusqlite::Connection;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    /// Goldstein sum in thousandths (exact; see [`G_SCALE`]).
    gsum: i64,
    gn: u64,
    codes: HashMap<String, u64>,
}

/// The aggregate tables hold Goldstein scores in thousandths as integers, so
/// sums are exact and do not depend on the order events are read in.
const G_SCALE: f64 = 1000.0;

impl Acc {
    /// Add `n` events of one code with their QuadClass counts, Goldstein sum
    /// (thousandths) and number of events with a Goldstein score.
    fn add(&mut self, n: u64, quad: [u64; 4], gsum: i64, gn: u64, code: &str) {
        self.n += n;
        for (a, q) in self.quad.iter_mut().zip(quad) {
            *a += q;
        }
        self.gsum += gsum;
        self.gn += gn;
        *self.codes.entry(code.to_string()).or_default() += n;
    }
    fn side(&self, total: u64, normalize: bool) -> Side {
        let div = if normalize && total > 0 { total as f64 } else { 1.0 };
        let mut codes: Vec<(String, u64)> = self.codes.iter().map(|(c, n)| (c.clone(), *n)).collect();
        codes.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        codes.truncate(3);
        let gsum = self.gsum as f64 / G_SCALE;
        Side {
            events: self.n as f64 / div,
            quad: self.quad.map(|q| q as f64 / div),
            goldstein_sum: gsum,
            goldstein_mean: if self.gn > 0 { Some(gsum / self.gn as f64) } else { None },
            top_codes: codes,
        }
    }
}

/// `AND date<>'' [AND date>=?] [AND date<=?]` for a scope, with its arguments.
fn date_clause(scope: &Scope, col: &str) -> (String, Vec<String>) {
    let mut w = format!(" AND {col}<>''");
    let mut a = Vec::new();
    if let Some(f) = &scope.from {
        w.push_str(&format!(" AND {col}>=?"));
        a.push(f.clone());
    }
    if let Some(t) = &scope.to {
        w.push_str(&format!(" AND {col}<=?"));
        a.push(t.clone());
    }
    (w, a)
}

/// The dyad series between actor prefixes A and B, one row per period from
/// the period of the first to the period of the last dated event of the
/// scope (the origin's events between `from` and `to`, whatever the actors;
/// see [`date_range`]), in period order: zero-filled, so a period without an
/// A–B event has a row with zero counts and no Goldstein mean. Events without
/// a date are left out. An empty scope gives no rows.
///
/// Reads the aggregate tables of `dyad-store` (docs/STORE.md): the actor pairs
/// matching the prefixes from `dyad_pairs` (range scans on the key), then each
/// pair's days from `dyad_daily` (one row per date and code); the normalising
/// totals from `dyad_day_totals`. With `one_a_day` a `dyad_daily` row counts
/// once, with the QuadClass and Goldstein score of its first stored event
/// (smallest row id). Goldstein sums are exact (thousandths).
pub fn dyad_series(conn: &Connection, scope: &Scope, o: &DyadOptions) -> Result<Vec<PeriodRow>> {
    let origin = scope.origin.as_str();
    let mut pairs: BTreeSet<(String, String)> = BTreeSet::new();
    {
        let mut st = conn.prepare_cached(
            "SELECT source, target FROM dyad_pairs WHERE origin=?1 AND source>=?2 AND source<?3 \
             AND target>=?4 AND target<?5",
        )?;
        for (x, y) in [(&o.a, &o.b), (&o.b, &o.a)] {
            let rows = st.query_map(rusqlite::params![origin, x, prefix_end(x), y, prefix_end(y)], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?;
            for r in rows {
                pairs.insert(r?);
            }
        }
    }
    let (dw, dargs) = date_clause(scope, "date");
    let mut st = conn.prepare(&format!(
        "SELECT date, code, n, q1, q2, q3, q4, gsum, gn, rep_quad, rep_g FROM dyad_daily \
         WHERE origin=? AND source=? AND target=?{dw}"
    ))?;
    let mut acc: BTreeMap<String, [Acc; 3]> = BTreeMap::new();
    for (source, target) in &pairs {
        let ab = source.starts_with(&o.a) && target.starts_with(&o.b);
        let ba = source.starts_with(&o.b) && target.starts_with(&o.a);
        let mut args: Vec<&str> = vec![origin, source, target];
        args.extend(dargs.iter().map(|a| a.as_str()));
        let mut rows = st.query(rusqlite::params_from_iter(args))?;
        while let Some(r) = rows.next()? {
            let date: String = r.get(0)?;
            let Some(p) = period_label(&date, o.by) else { continue };
            let code: String = r.get(1)?;
            let (n, quad, gsum, gn) = if o.one_a_day {
                let q: i64 = r.get(9)?;
                let g: Option<i64> = r.get(10)?;
                let mut quad = [0u64; 4];
                if (1..=4).contains(&q) {
                    quad[(q - 1) as usize] = 1;
                }
                (1, quad, g.unwrap_or(0), g.is_some() as u64)
            } else {
                let n: i64 = r.get(2)?;
                let quad = [r.get::<_, i64>(3)?, r.get(4)?, r.get(5)?, r.get(6)?].map(|q| q as u64);
                (n as u64, quad, r.get::<_, i64>(7)?, r.get::<_, i64>(8)? as u64)
            };
            let e = acc.entry(p).or_default();
            if ab {
                e[0].add(n, quad, gsum, gn, &code);
            }
            if ba {
                e[1].add(n, quad, gsum, gn, &code);
            }
            e[2].add(n, quad, gsum, gn, &code);
        }
    }
    if let Some((first, last)) = date_range(conn, scope)? {
        for p in periods_between(&first, &last, o.by) {
            acc.entry(p).or_default();
        }
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

/// The first and last date (`YYYY-MM-DD`) of the scope's dated events (any
/// actors), from `dyad_day_totals`; `None` when the scope has none.
pub fn date_range(conn: &Connection, scope: &Scope) -> Result<Option<(String, String)>> {
    let (dw, dargs) = date_clause(scope, "date");
    let mut args = vec![scope.origin.as_str().to_string()];
    args.extend(dargs);
    let r: (Option<String>, Option<String>) = conn.query_row(
        &format!("SELECT min(date), max(date) FROM dyad_day_totals WHERE origin=? AND n>0{dw}"),
        rusqlite::params_from_iter(args.iter()),
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(match r {
        (Some(a), Some(b)) => Some((a, b)),
        _ => None,
    })
}

/// The labels of every period from the one holding date `first` to the one
/// holding `last` (both `YYYY-MM-DD`, inclusive), in order; empty when either
/// does not parse or `first` is after `last`.
pub fn periods_between(first: &str, last: &str, by: Period) -> Vec<String> {
    use chrono::{Datelike, Months, NaiveDate};
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let (Some(a), Some(b)) = (parse(first), parse(last)) else { return Vec::new() };
    if a > b {
        return Vec::new();
    }
    let mut d = match by {
        Period::Day => a,
        Period::Week => a - chrono::Duration::days(a.weekday().num_days_from_monday() as i64),
        Period::Month => a.with_day(1).unwrap_or(a),
    };
    let mut out = Vec::new();
    while d <= b {
        out.push(match by {
            Period::Month => d.format("%Y-%m").to_string(),
            _ => d.format("%Y-%m-%d").to_string(),
        });
        let next = match by {
            Period::Day => d.succ_opt(),
            Period::Week => d.checked_add_days(chrono::Days::new(7)),
            Period::Month => d.checked_add_months(Months::new(1)),
        };
        match next {
            Some(n) => d = n,
            None => break,
        }
    }
    out
}

/// All events per period (distinct `(date, source, target, code)` with
/// `one_a_day`), from `dyad_day_totals`.
fn period_totals(conn: &Connection, scope: &Scope, by: Period, one_a_day: bool) -> Result<HashMap<String, u64>> {
    let (dw, dargs) = date_clause(scope, "date");
    let col = if one_a_day { "keys" } else { "n" };
    let mut st = conn.prepare(&format!("SELECT date, {col} FROM dyad_day_totals WHERE origin=?{dw}"))?;
    let mut args = vec![scope.origin.as_str().to_string()];
    args.extend(dargs);
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

/// Directed edges between nodes (an actor's country or region, else its
/// whole code; codes without a country such as `---GOV` are no node), leaving
/// out events with an empty side and self-loops, with at least `min_events`
/// events; heaviest first, ties by names. Reads `dyad_edges` over the ranges
/// of [`rollup_ranges`]; Goldstein sums are exact (thousandths).
pub fn network(conn: &Connection, scope: &Scope, min_events: u64) -> Result<Vec<Edge>> {
    edges(conn, scope, min_events, false)
}

/// One level of the `dyad_edges` table and a range of its period labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollupRange {
    /// `'d'` (period = the date), `'m'` (`YYYY-MM`) or `'y'` (`YYYY`).
    pub level: char,
    /// First period label, inclusive (`None`: from the earliest).
    pub lo: Option<String>,
    /// Period label after the last one, exclusive (`None`: to the latest).
    pub hi: Option<String>,
}

/// The `dyad_edges` ranges whose union is exactly the scope's dates: whole
/// years in the middle, whole months next to them, single days at the ends,
/// so a query reads few rows whatever the span. The `bool` says whether the
/// events without a date belong (they do when there is no `from`, as on
/// `events`, where `'' <= to` holds). `None` when `from` or `to` is not a
/// `YYYY-MM-DD` date; only the day level can answer those (string
/// comparisons, as on `events`).
pub fn rollup_ranges(scope: &Scope) -> Option<(Vec<RollupRange>, bool)> {
    use chrono::{Datelike, Months, NaiveDate};
    let parse = |s: &Option<String>| -> Option<Option<NaiveDate>> {
        match s {
            None => Some(None),
            Some(s) => {
                let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
                (d.format("%Y-%m-%d").to_string() == *s).then_some(Some(d))
            }
        }
    };
    let a = parse(&scope.from)?;
    // Exclusive upper bound (the day after `to`; none past the last date).
    let b = parse(&scope.to)?.and_then(|t| t.succ_opt());
    let first = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1);
    let day = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let mut out: Vec<RollupRange> = Vec::new();
    // Whole months, and days at both ends, of a bounded [x, y).
    let months = |x: NaiveDate, y: NaiveDate, out: &mut Vec<RollupRange>| {
        let mut push = |level: char, lo: NaiveDate, hi: NaiveDate, f: &dyn Fn(NaiveDate) -> String| {
            if lo < hi {
                out.push(RollupRange { level, lo: Some(f(lo)), hi: Some(f(hi)) });
            }
        };
        let mx = if x.day() == 1 {
            Some(x)
        } else {
            first(x.year(), x.month()).and_then(|d| d.checked_add_months(Months::new(1)))
        };
        let my = first(y.year(), y.month());
        match (mx, my) {
            (Some(mx), Some(my)) if mx < my => {
                push('d', x, mx, &day);
                push('m', mx, my, &|d: NaiveDate| d.format("%Y-%m").to_string());
                push('d', my, y, &day);
            }
            _ => push('d', x, y, &day),
        }
    };
    // Whole years: [ya, yb).
    let ya = a.map(|d| if d.ordinal() == 1 { d.year() } else { d.year() + 1 });
    let yb = b.map(|d| d.year());
    let year = |y: i32| format!("{y:04}");
    match (ya, yb) {
        (Some(x), Some(y)) if x >= y => {
            if let (Some(a), Some(b)) = (a, b) {
                months(a, b, &mut out);
            }
        }
        _ => {
            if let (Some(a), Some(j)) = (a, ya.and_then(|y| first(y, 1))) {
                months(a, j, &mut out);
            }
            out.push(RollupRange { level: 'y', lo: ya.map(year), hi: yb.map(year) });
            if let (Some(b), Some(j)) = (b, yb.and_then(|y| first(y, 1))) {
                months(j, b, &mut out);
            }
        }
    }
    Some((out, scope.from.is_none()))
}

/// Rows of `dyad_edges` summed over periods.
#[derive(Default)]
struct EdgeAcc {
    n: u64,
    coop: u64,
    conflict: u64,
    gsum: i64,
}

/// Edges grouped by node (`countries` false) or by the country columns
/// (`countries` true), from `dyad_edges`.
fn edges(conn: &Connection, scope: &Scope, min_events: u64, countries: bool) -> Result<Vec<Edge>> {
    let acc = edge_map(conn, scope, countries)?;
    let mut v: Vec<Edge> = acc
        .into_iter()
        .filter(|((s, t), e)| s != t && e.n >= min_events.max(1))
        .map(|((source, target), e)| Edge {
            source,
            target,
            events: e.n,
            cooperation: e.coop,
            conflict: e.conflict,
            goldstein_sum: e.gsum as f64 / G_SCALE,
        })
        .collect();
    v.sort_by(|a, b| b.events.cmp(&a.events).then(a.source.cmp(&b.source)).then(a.target.cmp(&b.target)));
    Ok(v)
}

/// `dyad_edges` rows of the scope summed by (source, target) node or country,
/// self-loops (domestic events) included; rows with an empty side are left out.
fn edge_map(conn: &Connection, scope: &Scope, countries: bool) -> Result<HashMap<(String, String), EdgeAcc>> {
    let origin = scope.origin.as_str().to_string();
    let mut queries: Vec<(String, Vec<String>)> = Vec::new();
    let cols = "s_country, t_country, s_node, t_node, n, coop, conflict, gsum";
    match rollup_ranges(scope) {
        Some((ranges, undated)) => {
            for r in ranges {
                let mut sql = format!("SELECT {cols} FROM dyad_edges WHERE origin=? AND level=? AND period<>''");
                let mut args = vec![origin.clone(), r.level.to_string()];
                if let Some(lo) = r.lo {
                    sql.push_str(" AND period>=?");
                    args.push(lo);
                }
                if let Some(hi) = r.hi {
                    sql.push_str(" AND period<?");
                    args.push(hi);
                }
                queries.push((sql, args));
            }
            if undated {
                queries.push((
                    format!("SELECT {cols} FROM dyad_edges WHERE origin=? AND level='y' AND period=''"),
                    vec![origin.clone()],
                ));
            }
        }
        None => {
            // Bounds that are not YYYY-MM-DD: string comparisons at the day level, as on `events`.
            let mut sql = format!("SELECT {cols} FROM dyad_edges WHERE origin=? AND level='d'");
            let mut args = vec![origin.clone()];
            if let Some(f) = &scope.from {
                sql.push_str(" AND period>=?");
                args.push(f.clone());
            }
            if let Some(t) = &scope.to {
                sql.push_str(" AND period<=?");
                args.push(t.clone());
            }
            queries.push((sql, args));
        }
    }
    let mut acc: HashMap<(String, String), EdgeAcc> = HashMap::new();
    for (sql, args) in queries {
        let mut st = conn.prepare_cached(&sql)?;
        let mut rows = st.query(rusqlite::params_from_iter(args.iter()))?;
        while let Some(r) = rows.next()? {
            let (s, t): (String, String) = if countries { (r.get(0)?, r.get(1)?) } else { (r.get(2)?, r.get(3)?) };
            if s.is_empty() || t.is_empty() {
                continue;
            }
            let e = acc.entry((s, t)).or_default();
            e.n += r.get::<_, i64>(4)? as u64;
            e.coop += r.get::<_, i64>(5)? as u64;
            e.conflict += r.get::<_, i64>(6)? as u64;
            e.gsum += r.get::<_, i64>(7)?;
        }
    }
    Ok(acc)
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
    let edges: Vec<Edge> =
        edges(conn, scope, 1, true)?.into_iter().filter(|e| is_country(&e.source) && is_country(&e.target)).collect();
    Ok(blocs_from_edges(&edges, min_events))
}

/// Communities from directed country edges (as [`network`] gives them): the
/// undirected pair weight is cooperation minus conflict over both directions;
/// pairs with fewer than `min_events` events are left out; partition by
/// [`louvain::signed_louvain`]. Blocs are sorted by size, then members.
pub fn blocs_from_edges(edges: &[Edge], min_events: u64) -> Blocs {
    use petgraph::graph::{NodeIndex, UnGraph};
    let mut pair: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    for e in edges {
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
    Blocs { blocs, modularity: q, nodes: g.node_count(), pairs: npairs }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        assert_eq!(periods_between("2020-01-30", "2020-02-02", Period::Day).len(), 4);
        assert_eq!(
            periods_between("2020-01-08", "2020-01-20", Period::Week),
            ["2020-01-06", "2020-01-13", "2020-01-20"]
        );
        assert_eq!(
            periods_between("2019-11-30", "2020-02-01", Period::Month),
            ["2019-11", "2019-12", "2020-01", "2020-02"]
        );
        assert!(periods_between("2020-02-01", "2020-01-01", Period::Month).is_empty());
        assert!(periods_between("", "2020-01-01", Period::Month).is_empty());
    }

    #[test]
    fn labels() {
        assert_eq!(period_label("2017-02-08", Period::Week).unwrap(), "2017-02-06");
        assert_eq!(period_label("2017-02-08", Period::Month).unwrap(), "2017-02");
        assert_eq!(period_label("2017-02-08", Period::Day).unwrap(), "2017-02-08");
        assert!(period_label("", Period::Day).is_none());
        assert!(prefix_end("CHN").as_str() > "CHNGOVMIL");
        assert!(prefix_end("CHN").as_str() < "CHO");
    }

    /// Every date falls in exactly one rollup range when it is in the scope, in none otherwise.
    #[test]
    fn rollup_ranges_cover_the_scope_exactly() {
        let start = chrono::NaiveDate::from_ymd_opt(2014, 12, 20).unwrap();
        let days: Vec<String> =
            (0..800).map(|i| (start + chrono::Duration::days(i)).format("%Y-%m-%d").to_string()).collect();
        let bounds = [
            None,
            Some("2014-12-31"),
            Some("2015-01-01"),
            Some("2015-01-31"),
            Some("2015-02-01"),
            Some("2015-02-17"),
            Some("2015-12-31"),
            Some("2016-01-01"),
            Some("2016-02-29"),
            Some("2016-03-01"),
            Some("2016-11-30"),
        ];
        let label = |d: &str, l: char| match l {
            'y' => d[..4].to_string(),
            'm' => d[..7].to_string(),
            _ => d.to_string(),
        };
        for from in bounds {
            for to in bounds {
                let sc = Scope { origin: Origin::Gdelt, from: from.map(String::from), to: to.map(String::from) };
                let (ranges, undated) = rollup_ranges(&sc).unwrap();
                assert_eq!(undated, from.is_none());
                assert!(ranges.len() <= 5, "{from:?} {to:?}: {ranges:?}");
                for d in &days {
                    let want = from.is_none_or(|f| d.as_str() >= f) && to.is_none_or(|t| d.as_str() <= t);
                    let hits = ranges
                        .iter()
                        .filter(|r| {
                            let p = label(d, r.level);
                            r.lo.as_ref().is_none_or(|lo| p >= *lo) && r.hi.as_ref().is_none_or(|hi| p < *hi)
                        })
                        .count();
                    assert_eq!(hits, want as usize, "{from:?} {to:?} {d}: {ranges:?}");
                }
            }
        }
        let odd = Scope { origin: Origin::Gdelt, from: Some("2015-1-5".into()), to: None };
        assert!(rollup_ranges(&odd).is_none());
    }
}

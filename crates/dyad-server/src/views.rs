//! The JSON endpoints of the analyst's page views (docs/API.md): the overview
//! on load, the country network, a country's actor codes, a dyad's top event
//! codes, and what the store can filter by.

use super::{blocking, ApiError, ApiResult, AppState, Params, RawQuery};
use axum::extract::State;
use axum::Json;
use dyad_analytics::overview::{self, OverviewOptions};
use dyad_store::rusqlite::{self, Connection};
use serde_json::{json, Value};

/// Most rows of an overview list (`limit`).
pub const MAX_OVERVIEW_LIMIT: u64 = 100;

/// Most edges the country network answers (`limit`).
pub const MAX_NETWORK_EDGES: u64 = 500;

/// The filters the store's `events` table can answer: `modality` always;
/// `form` and `one_sided` only once the columns exist (a later coder adds
/// them; until then the page shows those filters disabled).
pub fn fields(c: &Connection) -> rusqlite::Result<Value> {
    let mut st = c.prepare("SELECT name FROM pragma_table_info('events')")?;
    let cols: Vec<String> = st.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let has = |n: &str| cols.iter().any(|c| c == n);
    Ok(json!({ "modality": has("modality"), "form": has("form"), "one_sided": has("one_sided") }))
}

/// Events per origin (dated or not), from `dyad_day_totals`.
fn origins(c: &Connection) -> rusqlite::Result<Value> {
    let mut m = serde_json::Map::new();
    for o in ["dyad", "gdelt"] {
        let n: i64 = c.query_row("SELECT coalesce(sum(n),0) FROM dyad_day_totals WHERE origin=?", [o], |r| r.get(0))?;
        m.insert(o.into(), json!(n));
    }
    Ok(Value::Object(m))
}

/// `GET /api/overview`: [`overview::overview`] plus `origin`, `origins`
/// (events per origin) and `fields` (the filters the store has).
pub async fn api_overview(State(st): State<AppState>, q: RawQuery) -> ApiResult<Json<Value>> {
    let p = Params::new(q, &["limit", "min_events", "min_history"])?;
    let scope = p.scope()?;
    let o = OverviewOptions {
        limit: p.uint("limit", 20, 1, MAX_OVERVIEW_LIMIT)? as usize,
        change_min_events: p.uint("min_events", 10, 1, 1_000_000)?,
        change_min_history: p.uint("min_history", 3, 1, 1000)?,
    };
    blocking(move || {
        let c = st.conn()?;
        let t = std::time::Instant::now();
        let ov = overview::overview(&c, &scope, &o)?;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let mut v = serde_json::to_value(&ov).map_err(|e| ApiError::internal(e.to_string()))?;
        v["origin"] = json!(scope.origin.as_str());
        v["origins"] = origins(&c)?;
        v["fields"] = fields(&c)?;
        v["server_ms"] = json!((ms * 10.0).round() / 10.0);
        Ok(Json(v))
    })
    .await
}

/// `GET /api/country_network`: [`overview::country_network`].
pub async fn api_country_network(State(st): State<AppState>, q: RawQuery) -> ApiResult<Json<Value>> {
    let p = Params::new(q, &["min_events", "limit"])?;
    let scope = p.scope()?;
    let min = p.uint("min_events", 1, 1, 1_000_000)?;
    let limit = p.uint("limit", 40, 1, MAX_NETWORK_EDGES)? as usize;
    blocking(move || {
        let n = overview::country_network(&st.conn()?, &scope, min, limit)?;
        let mut v = serde_json::to_value(&n).map_err(|e| ApiError::internal(e.to_string()))?;
        v["limit"] = json!(limit);
        v["min_events"] = json!(min);
        Ok(Json(v))
    })
    .await
}

/// `GET /api/country_actors?country=CHN`: [`overview::country_actors`].
pub async fn api_country_actors(State(st): State<AppState>, q: RawQuery) -> ApiResult<Json<Value>> {
    let p = Params::new(q, &["country", "limit"])?;
    let scope = p.scope()?;
    let Some(country) = p.actor("country")? else {
        return Err(ApiError::bad("country (a country code such as CHN) is required"));
    };
    let limit = p.uint("limit", 20, 1, 1000)? as usize;
    blocking(move || Ok(Json(json!(overview::country_actors(&st.conn()?, &scope, &country, limit)?)))).await
}

/// `GET /api/dyad_codes?a=&b=`: the dyad's most frequent event codes (both
/// directions) with their CAMEO names, from `dyad_daily`.
pub async fn api_dyad_codes(State(st): State<AppState>, q: RawQuery) -> ApiResult<Json<Value>> {
    let p = Params::new(q, &["a", "b", "limit"])?;
    let scope = p.scope()?;
    let (Some(a), Some(b)) = (p.actor("a")?, p.actor("b")?) else {
        return Err(ApiError::bad("a and b (actor code prefixes) are required"));
    };
    let limit = p.uint("limit", 10, 1, 300)?;
    blocking(move || {
        let c = st.conn()?;
        let mut w = String::from("origin=? AND date<>''");
        let mut args: Vec<String> = vec![scope.origin.as_str().into()];
        if let Some(f) = &scope.from {
            w.push_str(" AND date>=?");
            args.push(f.clone());
        }
        if let Some(t) = &scope.to {
            w.push_str(" AND date<=?");
            args.push(t.clone());
        }
        let hi = |x: &str| format!("{x}\u{10FFFF}");
        let sql = format!(
            "SELECT code, sum(n), sum(q1), sum(q2), sum(q3), sum(q4) FROM dyad_daily WHERE {w} AND \
             ((source>=? AND source<? AND target>=? AND target<?) OR (source>=? AND source<? AND target>=? AND target<?)) \
             GROUP BY code ORDER BY 2 DESC, 1 LIMIT {limit}"
        );
        args.extend([a.clone(), hi(&a), b.clone(), hi(&b), b.clone(), hi(&b), a.clone(), hi(&a)]);
        let mut stmt = c.prepare(&sql)?;
        let rows: Vec<Value> = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                let code: String = r.get(0)?;
                let q = [r.get::<_, i64>(2)?, r.get(3)?, r.get(4)?, r.get(5)?];
                let quad = q.iter().enumerate().max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i))).map(|(i, _)| i + 1);
                Ok(json!({
                    "code": code, "name": dyad_core::cameo::event_name(&code), "events": r.get::<_, i64>(1)?,
                    "quad_class": quad,
                }))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Json(json!({ "a": a, "b": b, "codes": rows })))
    })
    .await
}

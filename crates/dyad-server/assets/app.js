// dyad serve: the analyst's page. Charts and the network are drawn by the
// vendored Apache ECharts (window.echarts, /vendor/echarts.min.js); this file
// only fetches the documented JSON API (docs/API.md), fills tables and hands
// data to ECharts. Data from the store goes into the page with textContent /
// createElement only, never as HTML; ECharts labels and tooltips get plain
// strings (tooltip formatters return escaped text via esc()).
"use strict";

const $ = (id) => document.getElementById(id);
const QUAD_NAMES = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];
const QUAD_COLOURS = ["#7fbf7b", "#1b7837", "#f4a582", "#b2182b"];
// Bloc colours by bloc rank (blocs are ordered by their largest member's events, so a
// store and its filters always give the same colours); grey past the palette.
const BLOC_COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#86bcb6"];
const COOP = "#1b7837", CONF = "#b2182b";

async function getJSON(url, opts) {
  const r = await fetch(url, opts);
  const body = await r.json().catch(() => ({ error: "HTTP " + r.status }));
  if (!r.ok) throw new Error(body.error || "HTTP " + r.status);
  return body;
}

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids) {
    if (k === null || k === undefined || k === "") continue;
    e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return e;
}
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const fmt = (x, d = 0) => (x === null || x === undefined || Number.isNaN(x)) ? "–" : Number(x).toLocaleString("en", { maximumFractionDigits: d, minimumFractionDigits: d });
const pct = (x) => (x === null || x === undefined) ? "–" : (100 * x).toFixed(1) + " %";
const signed = (x, d = 2) => (x === null || x === undefined) ? "–" : (x > 0 ? "+" : "") + x.toFixed(d);

function showError(where, err) {
  where.replaceChildren(el("p", { class: "error", role: "alert" }, err.message || String(err)));
}

// ---- state and URLs -------------------------------------------------------
// Every view is a URL: #/overview?…, #/dyad/A/B?by=month&…, #/network?limit=…, #/code.
// Filters shared by the views: origin, from, to, norm (1 = share of the period), modality.
const state = { view: "overview", origin: "dyad", from: "", to: "", norm: "0", modality: "", a: "", b: "", by: "month", quad: "", code: "", limit: "40", min: "1", page: 1 };
let meta = null; // the last overview answer (origins, fields, date range)

function parseHash() {
  const h = location.hash.replace(/^#\/?/, "");
  const [path, query] = h.split("?");
  const parts = (path || "overview").split("/").filter(Boolean).map(decodeURIComponent);
  const q = new URLSearchParams(query || "");
  const s = { view: parts[0] || "overview" };
  if (!["overview", "dyad", "network", "code"].includes(s.view)) s.view = "overview";
  if (s.view === "dyad") { s.a = (parts[1] || "").toUpperCase(); s.b = (parts[2] || "").toUpperCase(); }
  for (const k of ["origin", "from", "to", "norm", "modality", "by", "quad", "code", "limit", "min"]) s[k] = q.get(k) || "";
  s.page = parseInt(q.get("page") || "1", 10) || 1;
  return s;
}

function hashFor(s) {
  const q = new URLSearchParams();
  if (s.origin && s.origin !== "dyad") q.set("origin", s.origin);
  for (const k of ["from", "to", "modality"]) if (s[k]) q.set(k, s[k]);
  if (s.norm === "1") q.set("norm", "1");
  let path = s.view;
  if (s.view === "dyad") {
    if (s.a && s.b) path += "/" + encodeURIComponent(s.a) + "/" + encodeURIComponent(s.b);
    if (s.by && s.by !== "month") q.set("by", s.by);
    if (s.quad) q.set("quad", s.quad);
    if (s.code) q.set("code", s.code);
    if (s.page > 1) q.set("page", s.page);
  }
  if (s.view === "network") {
    if (s.limit && s.limit !== "40") q.set("limit", s.limit);
    if (s.min && s.min !== "1") q.set("min", s.min);
  }
  const qs = q.toString();
  return "#/" + path + (qs ? "?" + qs : "");
}

function go(patch) {
  const s = Object.assign({}, state, patch);
  const h = hashFor(s);
  if (location.hash === h) route(); else location.hash = h;
}

function scopeQuery(extra) {
  const q = new URLSearchParams();
  q.set("origin", state.origin || "dyad");
  if (state.from) q.set("from", state.from);
  if (state.to) q.set("to", state.to);
  for (const [k, v] of Object.entries(extra || {})) if (v !== "" && v !== null && v !== undefined) q.set(k, v);
  return q;
}

// On a phone the filters fold away under a one-line summary.
if (window.matchMedia("(max-width: 600px)").matches) $("filters-box").open = false;

function syncFilters() {
  $("filter-summary").textContent = `${state.origin === "gdelt" ? "GDELT" : "dyad-coded"}` +
    (state.from || state.to ? `, ${state.from || "…"} to ${state.to || "…"}` : ", all dates") + (state.norm === "1" ? ", shares" : "") +
    (state.modality ? ", " + state.modality : "");
  for (const r of document.querySelectorAll('input[name="origin"]')) r.checked = r.value === (state.origin || "dyad");
  $("from").value = state.from; $("to").value = state.to;
  $("norm").value = state.norm === "1" ? "1" : "0";
  $("modality").value = state.modality;
  $("actor-a").value = state.a; $("actor-b").value = state.b;
  $("period").value = state.by || "month";
  $("ev-quad").value = state.quad; $("ev-code").value = state.code;
  $("net-limit").value = state.limit || "40"; $("net-min").value = state.min || "1";
  for (const a of document.querySelectorAll("nav a")) {
    if (a.dataset.view === state.view) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
}

function fieldNote() {
  const f = (meta && meta.fields) || {};
  $("form").disabled = !f.form;
  $("one-sided").disabled = !f.one_sided;
  const missing = ["form", "one_sided"].filter((k) => !f[k]);
  $("filter-note").textContent = (missing.length
    ? `This store has no ${missing.join(" / ")} field yet (the coder rebuild adds them), so those filters are off. `
    : "") + "Modality filters the events lists; counts and charts include every modality.";
}

async function route() {
  Object.assign(state, { origin: "dyad", from: "", to: "", norm: "0", modality: "", by: "month", quad: "", code: "", limit: "40", min: "1" }, parseHash());
  if (!state.origin) state.origin = "dyad";
  if (!state.by) state.by = "month";
  syncFilters();
  for (const v of document.querySelectorAll(".view")) v.hidden = v.id !== "view-" + state.view;
  document.title = "dyad: " + (state.view === "dyad" && state.a ? `${state.a}–${state.b}` : state.view);
  try {
    if (state.view === "overview") await showOverview();
    else if (state.view === "dyad") await showDyad();
    else if (state.view === "network") await showNetwork();
  } catch (e) {
    showError($("ov-summary"), e);
  }
  document.body.dataset.ready = state.view;
  // ms from navigation start to the first view drawn (read by e2e/bench.mjs)
  if (window.dyadFirstRender === undefined) window.dyadFirstRender = performance.now();
}
window.addEventListener("hashchange", route);

$("filters").addEventListener("submit", (ev) => {
  ev.preventDefault();
  go({
    origin: document.querySelector('input[name="origin"]:checked').value,
    from: $("from").value, to: $("to").value, norm: $("norm").value, modality: $("modality").value, page: 1,
  });
});
for (const r of document.querySelectorAll('input[name="origin"]')) r.addEventListener("change", () => $("filters").requestSubmit());
for (const id of ["norm", "modality"]) $(id).addEventListener("change", () => $("filters").requestSubmit());

// ---- CSV downloads (what the user sees, with its filters in the name) ------
const csvData = {};
function setCSV(name, header, rows) { csvData[name] = { header, rows }; }
function csvCell(v) {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}
document.addEventListener("click", (ev) => {
  const b = ev.target.closest("button.csv");
  if (!b) return;
  ev.preventDefault();
  const d = csvData[b.dataset.csv];
  if (!d) return;
  const text = [d.header, ...d.rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
  const parts = [b.dataset.csv, state.origin, state.a && state.view === "dyad" ? state.a + "-" + state.b : "", state.from, state.to, state.norm === "1" ? "share" : ""].filter(Boolean);
  const a = el("a", { href: URL.createObjectURL(new Blob([text], { type: "text/csv" })), download: parts.join("_") + ".csv" });
  document.body.append(a); a.click(); a.remove();
});

// ---- charts ---------------------------------------------------------------
const charts = {};
function chart(id) {
  const node = $(id);
  let c = echarts.getInstanceByDom(node);
  if (!c) c = echarts.init(node, null, { renderer: "canvas" });
  charts[id] = c;
  return c;
}
window.addEventListener("resize", () => { for (const c of Object.values(charts)) c.resize(); });

function sparkline(td, values) {
  const d = el("div", { class: "spark", "aria-hidden": "true" });
  td.append(d);
  const c = echarts.init(d, null, { renderer: "canvas" });
  c.setOption({
    animation: false, grid: { left: 1, right: 1, top: 2, bottom: 2 },
    xAxis: { type: "category", show: false, data: values.map((_, i) => i) },
    yAxis: { type: "value", show: false, min: 0 },
    series: [{ type: "line", data: values, symbol: "none", lineStyle: { width: 1.2, color: "#4e79a7" }, areaStyle: { color: "rgba(78,121,167,0.15)" } }],
  });
  return c;
}

// ---- overview -------------------------------------------------------------
let sparks = [];
async function showOverview() {
  const ov = await getJSON("/api/overview?" + scopeQuery({ limit: 20 }));
  meta = ov;
  fieldNote();
  $("n-dyad").textContent = `(${fmt(ov.origins.dyad)})`;
  $("n-gdelt").textContent = `(${fmt(ov.origins.gdelt)})`;
  const norm = state.norm === "1";
  const originName = ov.origin === "gdelt" ? "imported GDELT events" : "dyad-coded events";
  $("ov-summary").replaceChildren(ov.first_date
    ? el("span", {}, el("strong", {}, fmt(ov.events)), ` ${originName} from `, el("strong", {}, ov.first_date), " to ", el("strong", {}, ov.last_date),
      ` (${ov.months.length} months), ${fmt(ov.dyad_count)} country dyads` + (ov.undated_events ? `, ${fmt(ov.undated_events)} without a date` : "") +
      `. Sparklines: ${norm ? "share of each month's events" : "events per month"}.`)
    : el("span", {}, `No ${originName} in this range. Try the other origin or a wider range.`));
  // Top dyads
  for (const c of sparks) c.dispose();
  sparks = [];
  const tb = $("top-dyads").tBodies[0];
  tb.replaceChildren();
  for (const d of ov.top_dyads) {
    const link = el("a", { href: hashFor(Object.assign({}, state, { view: "dyad", a: d.a, b: d.b, page: 1 })) }, `${d.a} – ${d.b}`);
    const spark = el("td", { class: "sparkcell" });
    tb.append(el("tr", { "data-dyad": `${d.a}-${d.b}` }, el("td", { class: "nowrap" }, link), el("td", { class: "num" }, fmt(d.events)),
      el("td", { class: "num coop opt" }, fmt(d.cooperation)), el("td", { class: "num conf opt" }, fmt(d.conflict)),
      el("td", { class: "num" }, signed(d.goldstein_mean)), spark));
    const vals = norm ? d.by_month.map((n, i) => ov.month_events[i] ? n / ov.month_events[i] : 0) : d.by_month;
    sparks.push(sparkline(spark, vals));
  }
  if (!ov.top_dyads.length) tb.append(el("tr", {}, el("td", { colspan: 6, class: "meta" }, "no dyads")));
  setCSV("top-dyads", ["a", "b", "events", "a_to_b", "b_to_a", "cooperation", "conflict", "goldstein_mean", ...ov.months],
    ov.top_dyads.map((d) => [d.a, d.b, d.events, d.a_to_b, d.b_to_a, d.cooperation, d.conflict, d.goldstein_mean,
      ...(norm ? d.by_month.map((n, i) => ov.month_events[i] ? n / ov.month_events[i] : 0) : d.by_month)]));
  // Changes
  $("ch-period").textContent = ov.months.length ? ov.months[ov.months.length - 1] : "the last month";
  const cb = $("changes").tBodies[0];
  cb.replaceChildren(...ov.changes.map((c) => el("tr", {},
    el("td", {}, el("a", { href: hashFor(Object.assign({}, state, { view: "dyad", a: c.a, b: c.b, page: 1 })) }, `${c.a} – ${c.b}`)),
    el("td", { class: "num" }, fmt(c.events), el("span", { class: "meta" }, ` (avg ${fmt(c.history_events_mean, 1)})`)),
    el("td", { class: "num" + (c.goldstein_z < 0 ? " conf" : " coop") }, `${signed(c.goldstein_mean)} (${signed(c.goldstein_z, 1)})`),
    el("td", { class: "num" + (c.conflict_z > 0 ? " conf" : "") }, `${pct(c.conflict_share)} (${signed(c.conflict_z, 1)})`))));
  if (!ov.changes.length) cb.append(el("tr", {}, el("td", { colspan: 4, class: "meta" }, "no dyad meets the thresholds in the last month")));
  setCSV("changes", ["a", "b", "period", "events", "history_periods", "history_events_mean", "goldstein_mean", "goldstein_history_mean", "goldstein_z", "conflict_share", "conflict_history_mean", "conflict_z", "score"],
    ov.changes.map((c) => [c.a, c.b, c.period, c.events, c.history_periods, c.history_events_mean, c.goldstein_mean, c.goldstein_history_mean, c.goldstein_z, c.conflict_share, c.conflict_history_mean, c.conflict_z, c.score]));
  // Countries (expandable)
  const kb = $("countries").tBodies[0];
  kb.replaceChildren();
  for (const c of ov.countries) {
    const btn = el("button", { type: "button", class: "expand", "aria-expanded": "false", title: `actor codes under ${c.country}` }, "▸ " + c.country);
    const tr = el("tr", {}, el("td", {}, btn), el("td", { class: "num" }, fmt(c.events)), el("td", { class: "num opt" }, fmt(c.as_source)),
      el("td", { class: "num opt" }, fmt(c.as_target)), el("td", { class: "num" }, fmt(c.domestic)));
    kb.append(tr);
    btn.addEventListener("click", async () => {
      const open = btn.getAttribute("aria-expanded") === "true";
      let next = tr.nextElementSibling;
      while (next && next.classList.contains("sub")) { const n = next.nextElementSibling; next.remove(); next = n; }
      btn.setAttribute("aria-expanded", String(!open));
      btn.textContent = (open ? "▸ " : "▾ ") + c.country;
      if (open) return;
      try {
        const rows = await getJSON("/api/country_actors?" + scopeQuery({ country: c.country, limit: 12 }));
        let at = tr;
        for (const r of rows) {
          const sub = el("tr", { class: "sub" }, el("td", {}, r.actor), el("td", { class: "num" }, fmt(r.as_source + r.as_target)),
            el("td", { class: "num opt" }, fmt(r.as_source)), el("td", { class: "num opt" }, fmt(r.as_target)), el("td", {}, ""));
          at.after(sub); at = sub;
        }
      } catch (e) { tr.after(el("tr", { class: "sub" }, el("td", { colspan: 5, class: "error" }, e.message))); }
    });
  }
  setCSV("countries", ["country", "events", "as_source", "as_target", "domestic"], ov.countries.map((c) => [c.country, c.events, c.as_source, c.as_target, c.domestic]));
}

async function ensureMeta() {
  if (meta && meta.origin === state.origin) return;
  meta = await getJSON("/api/overview?" + scopeQuery({ limit: 1 }));
  fieldNote();
  $("n-dyad").textContent = `(${fmt(meta.origins.dyad)})`;
  $("n-gdelt").textContent = `(${fmt(meta.origins.gdelt)})`;
}

// ---- actor autocomplete -----------------------------------------------------
let acTimer = null;
function autocomplete(ev) {
  clearTimeout(acTimer);
  const v = ev.target.value.trim().toUpperCase();
  acTimer = setTimeout(async () => {
    try {
      const list = await getJSON("/api/actors?" + scopeQuery({ limit: 20, q: v }));
      $("actor-list").replaceChildren(...list.map((a) => el("option", { value: a.actor }, `${a.actor} (${a.as_source + a.as_target})`)));
    } catch (_) { /* an invalid character while typing: keep the old list */ }
  }, 150);
}
$("actor-a").addEventListener("input", autocomplete);
$("actor-b").addEventListener("input", autocomplete);

// ---- dyad view --------------------------------------------------------------
$("dyad-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  go({ view: "dyad", a: $("actor-a").value.trim().toUpperCase(), b: $("actor-b").value.trim().toUpperCase(), by: $("period").value, page: 1, quad: "", code: "" });
});
$("ev-quad").addEventListener("change", () => go({ quad: $("ev-quad").value, page: 1 }));
$("ev-code").addEventListener("change", () => go({ code: $("ev-code").value.trim(), page: 1 }));
$("ev-filters").addEventListener("submit", (ev) => { ev.preventDefault(); go({ code: $("ev-code").value.trim(), page: 1 }); });

function axisLabel(by) {
  // Month labels as "Mar 2023", days and weeks as dates; ECharts picks a readable interval.
  return by === "month"
    ? (v) => { const [y, m] = v.split("-"); return ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][+m - 1] + "\n" + y; }
    : (v) => v;
}

function baseOption(periods, by, norm) {
  return {
    animation: false,
    aria: { enabled: true },
    grid: { left: 56, right: 16, top: 58, bottom: 46 },
    tooltip: { trigger: "axis", confine: true },
    legend: { top: 0, type: "scroll" },
    xAxis: { type: "category", data: periods, boundaryGap: false, axisLabel: { formatter: axisLabel(by), hideOverlap: true, lineHeight: 14, fontSize: 11 } },
    yAxis: { type: "value", name: norm ? "share of the period's events" : "events", nameTextStyle: { align: "left", color: "#555" }, nameGap: 12, minInterval: norm ? 0 : 1,
      axisLabel: { formatter: norm ? (v) => (100 * v).toFixed(v < 0.01 ? 2 : 1) + "%" : (v) => fmt(v) } },
  };
}

async function showDyad() {
  await ensureMeta();
  const { a, b } = state;
  $("dy-title").textContent = a && b ? `${a} – ${b}` : "";
  if (!a || !b) {
    for (const id of ["series-chart", "quad-chart", "gold-chart"]) chart(id).clear();
    $("events").tBodies[0].replaceChildren(el("tr", {}, el("td", { colspan: 3, class: "meta" }, "Choose two actors (country codes such as USA and RUS), or open a dyad from the overview.")));
    return;
  }
  const norm = state.norm === "1";
  const by = state.by || "month";
  document.querySelector("#view-dyad .per").textContent = by;
  const [series, codes] = await Promise.all([
    getJSON("/api/dyad?" + scopeQuery({ a, b, by, normalize: norm ? "true" : "" })),
    getJSON("/api/dyad_codes?" + scopeQuery({ a, b, limit: 10 })),
  ]);
  const rows = series.rows;
  const periods = rows.map((r) => r.period);
  const ab = `${a} → ${b}`, ba = `${b} → ${a}`;
  // 1. counts: both directions and both together (zero-filled by the server)
  const o1 = baseOption(periods, by, norm);
  const dots = rows.length <= 90; // a marker per period while they stay apart; the line carries every period anyway
  o1.series = [
    { name: "both", type: "line", data: rows.map((r) => r.both.events), symbolSize: 5, showSymbol: dots, showAllSymbol: dots, lineStyle: { width: dots ? 2.5 : 1.5 }, color: "#333" },
    { name: ab, type: "line", data: rows.map((r) => r.ab.events), symbolSize: 4, showSymbol: dots, showAllSymbol: dots, lineStyle: { width: 1 }, color: "#4e79a7" },
    { name: ba, type: "line", data: rows.map((r) => r.ba.events), symbolSize: 4, showSymbol: dots, showAllSymbol: dots, lineStyle: { width: 1 }, color: "#f28e2b" },
  ];
  const c1 = chart("series-chart");
  c1.setOption(o1, true);
  $("series-chart").dataset.points = String(rows.length);
  $("series-chart").dataset.zeros = String(rows.filter((r) => r.both.events === 0).length);
  // 2. QuadClass stacked areas
  const o2 = baseOption(periods, by, norm);
  o2.series = QUAD_NAMES.map((n, i) => ({ name: `${i + 1} ${n}`, type: "line", stack: "q", areaStyle: {}, symbol: "none", color: QUAD_COLOURS[i], lineStyle: { width: 0.5 }, data: rows.map((r) => r.both.quad[i]) }));
  chart("quad-chart").setOption(o2, true);
  // 3. Goldstein mean with a band between the two directions' means
  const o3 = baseOption(periods, by, false);
  o3.yAxis = { type: "value", name: "Goldstein (−10 conflict … +10 cooperation)", nameTextStyle: { align: "left" }, min: -10, max: 10, interval: 5 };
  const lo = rows.map((r) => { const v = [r.ab.goldstein_mean, r.ba.goldstein_mean].filter((x) => x !== null); return v.length ? Math.min(...v) : null; });
  const hi = rows.map((r) => { const v = [r.ab.goldstein_mean, r.ba.goldstein_mean].filter((x) => x !== null); return v.length ? Math.max(...v) : null; });
  o3.tooltip = { trigger: "axis", formatter: (ps) => {
    const i = ps[0].dataIndex, r = rows[i];
    return `${esc(r.period)}<br>both: ${signed(r.both.goldstein_mean)}<br>${esc(ab)}: ${signed(r.ab.goldstein_mean)}<br>${esc(ba)}: ${signed(r.ba.goldstein_mean)}<br>events: ${fmt(r.both.events, norm ? 4 : 0)}`;
  } };
  o3.series = [
    { name: "band low", type: "line", data: lo, stack: "band", symbol: "none", lineStyle: { opacity: 0 }, tooltip: { show: false }, connectNulls: false },
    { name: "between the directions", type: "line", data: hi.map((h, i) => (h === null ? null : h - lo[i])), stack: "band", symbol: "none", lineStyle: { opacity: 0 }, areaStyle: { color: "rgba(78,121,167,0.25)" }, color: "rgba(78,121,167,0.4)" },
    { name: "mean (both directions)", type: "line", data: rows.map((r) => r.both.goldstein_mean), connectNulls: false, symbolSize: 5, showSymbol: dots, color: "#333",
      markLine: { silent: true, symbol: "none", data: [{ yAxis: 0 }], lineStyle: { color: "#999", type: "dashed" }, label: { show: false } } },
  ];
  o3.legend = { top: 0, data: ["mean (both directions)", "between the directions"] };
  chart("gold-chart").setOption(o3, true);
  setCSV("series", ["period", "all_events", "both_events", "ab_events", "ba_events", "q1", "q2", "q3", "q4", "goldstein_mean_both", "goldstein_mean_ab", "goldstein_mean_ba", "goldstein_sum_both"],
    rows.map((r) => [r.period, r.all_events, r.both.events, r.ab.events, r.ba.events, ...r.both.quad, r.both.goldstein_mean, r.ab.goldstein_mean, r.ba.goldstein_mean, r.both.goldstein_sum]));
  // 4. top codes
  $("codes").tBodies[0].replaceChildren(...codes.codes.map((c) => {
    const tr = el("tr", { tabindex: "0", title: "show these events" }, el("td", {}, c.code), el("td", {}, c.name || "(not a CAMEO code)"), el("td", { class: "num" }, fmt(c.events)));
    const pick = () => go({ code: c.code, page: 1 });
    tr.addEventListener("click", pick);
    tr.addEventListener("keydown", (e) => { if (e.key === "Enter") pick(); });
    return tr;
  }));
  setCSV("codes", ["code", "name", "events"], codes.codes.map((c) => [c.code, c.name, c.events]));
  await loadEvents();
}

// ---- events list and detail -------------------------------------------------
const PER_PAGE = 25;
let evTotal = 0;
async function loadEvents() {
  const tb = $("events").tBodies[0];
  const q = scopeQuery({ a: state.a, b: state.b, quad: state.quad, code: state.code, modality: state.modality, page: state.page, per_page: PER_PAGE });
  try {
    const res = await getJSON("/api/events?" + q);
    evTotal = res.total;
    const what = [state.quad ? "QuadClass " + state.quad : "", state.code ? "code " + state.code + "…" : "", state.modality].filter(Boolean).join(", ");
    $("ev-what").textContent = `${fmt(res.total)}${what ? " · " + what : ""}`;
    const pages = Math.max(1, Math.ceil(res.total / PER_PAGE));
    $("page-info").textContent = `page ${res.page} of ${pages}`;
    $("prev").disabled = res.page <= 1;
    $("next").disabled = res.page >= pages;
    tb.replaceChildren(...res.events.map((e) => {
      const tr = el("tr", { "data-id": e.id, tabindex: "0" },
        el("td", { class: "nowrap" }, e.date),
        el("td", {}, el("span", { class: "q q" + e.quad_class, title: QUAD_NAMES[e.quad_class - 1] || "" }, String(e.quad_class)), ` ${e.source} → ${e.code} → ${e.target}`,
          e.sentence ? el("div", { class: "snippet" }, e.sentence.length > 140 ? e.sentence.slice(0, 140) + "…" : e.sentence) : ""),
        el("td", { class: "num" }, e.goldstein === null ? "–" : e.goldstein.toFixed(1)));
      const pick = () => { for (const r of tb.rows) r.classList.remove("selected"); tr.classList.add("selected"); showEvent(e.id); };
      tr.addEventListener("click", pick);
      tr.addEventListener("keydown", (k) => { if (k.key === "Enter" || k.key === " ") { k.preventDefault(); pick(); } });
      return tr;
    }));
    if (!res.events.length) tb.append(el("tr", {}, el("td", { colspan: 3, class: "meta" }, "no events with these filters")));
    setCSV("events", ["id", "date", "source", "target", "code", "quad_class", "goldstein", "modality", "source_url", "sentence"],
      res.events.map((e) => [e.id, e.date, e.source, e.target, e.code, e.quad_class, e.goldstein, e.modality, e.source_url, e.sentence]));
  } catch (e) { showError($("event-detail"), e); }
}
$("prev").addEventListener("click", () => { if (state.page > 1) go({ page: state.page - 1 }); });
$("next").addEventListener("click", () => { if (state.page * PER_PAGE < evTotal) go({ page: state.page + 1 }); });

function highlighted(segments, fallback) {
  const p = el("p", { class: "sentence" });
  if (!segments || !segments.length) { p.textContent = fallback || ""; return p; }
  for (const s of segments) p.append(s.role ? el("mark", { class: s.role, title: s.role }, s.text) : s.text);
  return p;
}

function link(url) {
  return /^https?:\/\//i.test(url || "") ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, url) : (url || "");
}

async function showEvent(id, box) {
  box = box || $("event-detail");
  try {
    const res = await getJSON("/api/events/" + encodeURIComponent(id));
    const e = res.event;
    // the sentence first (what a reader checks), then the facts
    const kids = [
      el("h3", {}, `${e.source} → ${e.target}: `, el("strong", {}, e.code), ` ${res.code_name || ""}`),
      el("p", { class: "legend-marks" }, el("mark", { class: "source" }, "source"), " ", el("mark", { class: "verb" }, "verb"), " ", el("mark", { class: "target" }, "target")),
    ];
    for (const p of res.provenance) {
      kids.push(el("div", { class: "detail" },
        highlighted(p.segments, p.sentence),
        el("div", { class: "meta" }, `${p.title || p.doc_id} · ${p.doc_date} · `, link(p.url)),
        el("div", { class: "meta" }, "rule: ", el("code", {}, p.rule))));
    }
    kids.push(el("dl", { class: "facts" },
      el("dt", {}, "date"), el("dd", {}, e.date),
      el("dt", {}, "QuadClass"), el("dd", {}, `${e.quad_class} ${QUAD_NAMES[e.quad_class - 1] || ""}`),
      el("dt", {}, "Goldstein"), el("dd", {}, e.goldstein === null ? "–" : e.goldstein.toFixed(1)),
      el("dt", {}, "modality"), el("dd", {}, e.modality),
      el("dt", {}, "actors"), el("dd", {}, `${e.source_name || e.source} → ${e.target_name || e.target}`)));
    if (!res.provenance.length) kids.push(el("p", { class: "meta" }, "source: ", link(e.source_url)));
    box.replaceChildren(...kids);
  } catch (err) { showError(box, err); }
}

// ---- network view -------------------------------------------------------------
$("network-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  go({ view: "network", limit: $("net-limit").value || "40", min: $("net-min").value || "1" });
});

let net = null;
async function showNetwork() {
  await ensureMeta();
  net = await getJSON("/api/country_network?" + scopeQuery({ limit: state.limit || 40, min_events: state.min || 1 }));
  const colour = (b) => (b === null || b === undefined) ? "#bbb" : (BLOC_COLOURS[b] || "#bbb");
  const maxN = Math.max(1, ...net.nodes.map((n) => n.events + n.domestic));
  const maxE = Math.max(1, ...net.edges.map((e) => e.events));
  const symbolSizeOf = (n) => 12 + 40 * Math.sqrt((n.events + n.domestic) / maxN);
  const nodes = net.nodes.map((n) => ({
    id: n.id, name: n.id, value: n.events,
    symbolSize: symbolSizeOf(n),
    itemStyle: { color: colour(n.bloc), borderColor: "#222", borderWidth: n.domestic ? 1 + 5 * Math.sqrt(n.domestic / maxN) : 0.5 },
    // large nodes carry their name inside (never hidden by a neighbour's label); small ones beside
    label: symbolSizeOf(n) >= 30
      ? { show: true, position: "inside", color: "#fff", fontWeight: "bold", textBorderColor: "rgba(0,0,0,0.55)", textBorderWidth: 2, formatter: n.domestic ? `${n.id}\n{w|${fmt(n.domestic)} dom.}` : n.id }
      : { show: true, formatter: n.domestic ? `${n.id}\n{d|${fmt(n.domestic)} dom.}` : n.id },
    tip: `${esc(n.id)}: ${fmt(n.events)} events with others; ${fmt(n.domestic)} domestic (${fmt(n.domestic_cooperation)} coop., ${fmt(n.domestic_conflict)} conflict)` + (n.bloc !== null ? `; bloc of ${esc(net.blocs[n.bloc].key)}` : ""),
  }));
  const links = net.edges.map((e) => ({
    source: e.a, target: e.b, value: e.events,
    lineStyle: { color: e.balance >= 0 ? COOP : CONF, width: 1 + 7 * Math.sqrt(e.events / maxE), opacity: 0.35 + 0.5 * Math.abs(e.balance), curveness: 0 },
    tip: `${esc(e.a)} – ${esc(e.b)}: ${fmt(e.events)} events (${esc(e.a)}→${esc(e.b)} ${fmt(e.a_to_b)}, ${esc(e.b)}→${esc(e.a)} ${fmt(e.b_to_a)}); ${fmt(e.cooperation)} cooperation, ${fmt(e.conflict)} conflict; Goldstein mean ${signed(e.goldstein_mean)}`,
  }));
  const c = chart("net-chart");
  c.setOption({
    animation: false,
    aria: { enabled: true },
    tooltip: { confine: true, formatter: (p) => p.data.tip || "" },
    series: [{
      type: "graph", layout: "force", roam: true, draggable: true, data: nodes, links,
      // forces scaled to the node count so the drawing stays inside the frame
      force: { initLayout: "circular", repulsion: Math.max(120, Math.min(420, 11000 / Math.max(1, nodes.length))), edgeLength: [50, 170], gravity: 0.16, layoutAnimation: false, friction: 0.2 },
      label: { position: "right", fontSize: 12, lineHeight: 14, color: "#111", rich: { d: { fontSize: 10, lineHeight: 12, color: "#555" }, w: { fontSize: 9, lineHeight: 11, color: "#fff" } } },
      labelLayout: { hideOverlap: true },
      emphasis: { focus: "adjacency", lineStyle: { opacity: 0.9 } },
    }],
  }, true);
  // Fit the laid-out graph into the frame (the force layout itself is unbounded).
  const data = c.getModel().getSeriesByIndex(0).getData();
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < data.count(); i++) {
    const p = data.getItemLayout(i);
    if (!p) continue;
    x0 = Math.min(x0, p[0]); x1 = Math.max(x1, p[0]); y0 = Math.min(y0, p[1]); y1 = Math.max(y1, p[1]);
  }
  if (Number.isFinite(x0)) {
    const W = c.getWidth(), H = c.getHeight();
    const zoom = Math.min(1.4, (W - 150) / Math.max(1, x1 - x0), (H - 70) / Math.max(1, y1 - y0));
    c.setOption({ series: [{ center: [(x0 + x1) / 2 + 20 / zoom, (y0 + y1) / 2], zoom }] });
  }
  c.off("click");
  c.on("click", (p) => {
    if (p.dataType === "node") nodeDetail(p.data.id);
    else if (p.dataType === "edge") edgeDetail(p.data.source, p.data.target);
  });
  // Legend (HTML, so it is readable, keyboard-reachable and tested): the blocs drawn, by rank.
  const drawnBlocs = [...new Set(net.nodes.map((n) => n.bloc).filter((b) => b !== null))].sort((x, y) => x - y);
  const lg = $("net-legend");
  lg.replaceChildren(
    el("h3", {}, "Legend"),
    el("p", { class: "shown" }, `Showing the ${fmt(net.edges.length)} heaviest of ${fmt(net.total_edges)} country pairs` + (net.min_events > 1 ? ` with ≥ ${net.min_events} events` : "") + `; ${net.nodes.length} countries.`),
    el("ul", { class: "edge-key" },
      el("li", {}, el("i", { class: "line", style: `background:${COOP}` }), "more cooperation than conflict (QuadClass 1–2)"),
      el("li", {}, el("i", { class: "line", style: `background:${CONF}` }), "more conflict (QuadClass 3–4)"),
      el("li", {}, "width = events; node size = events; dark ring = domestic events (also under the name)")),
    el("h4", {}, `Blocs (signed Louvain, modularity ${net.modularity.toFixed(2)})`),
    el("ul", { class: "bloc-key" }, ...drawnBlocs.map((i) => {
      const b = net.blocs[i];
      const shown = net.nodes.filter((n) => n.bloc === i).map((n) => n.id);
      const rest = b.members.length - shown.length;
      return el("li", {}, el("i", { class: "dot", style: `background:${colour(i)}` }), el("strong", {}, `bloc of ${b.key}`),
        `: ${shown.join(", ")}` + (rest > 0 ? ` and ${rest} more not drawn` : ""));
    })),
    el("p", { class: "meta" }, `${net.blocs.length} blocs over all ${fmt(net.total_edges)} pairs; each is named and coloured after its member with the most events, so the same store and filters keep the same colours.`),
  );
  setCSV("edges", ["a", "b", "events", "a_to_b", "b_to_a", "cooperation", "conflict", "balance", "goldstein_mean", "bloc_a", "bloc_b"],
    net.edges.map((e) => {
      const bl = (id) => { const n = net.nodes.find((x) => x.id === id); return n && n.bloc !== null ? net.blocs[n.bloc].key : ""; };
      return [e.a, e.b, e.events, e.a_to_b, e.b_to_a, e.cooperation, e.conflict, e.balance, e.goldstein_mean, bl(e.a), bl(e.b)];
    }));
}

function nodeDetail(id) {
  const box = $("net-detail");
  const n = net.nodes.find((x) => x.id === id);
  const mine = net.edges.filter((e) => e.a === id || e.b === id);
  box.replaceChildren(el("h3", {}, id),
    el("p", { class: "meta" }, `${fmt(n.events)} events with other countries, ${fmt(n.domestic)} domestic.`),
    el("table", { class: "data" }, el("thead", {}, el("tr", {}, el("th", {}, "dyad"), el("th", { class: "num" }, "events"), el("th", { class: "num" }, "coop."), el("th", { class: "num" }, "conflict"))),
      el("tbody", {}, ...mine.map((e) => el("tr", {},
        el("td", {}, el("a", { href: hashFor(Object.assign({}, state, { view: "dyad", a: e.a, b: e.b, page: 1 })) }, `${e.a} – ${e.b}`)),
        el("td", { class: "num" }, fmt(e.events)), el("td", { class: "num coop" }, fmt(e.cooperation)), el("td", { class: "num conf" }, fmt(e.conflict)))))));
}

async function edgeDetail(a, b) {
  const box = $("net-detail");
  box.replaceChildren(el("h3", {}, `${a} – ${b}`), el("p", {}, el("a", { href: hashFor(Object.assign({}, state, { view: "dyad", a, b, page: 1 })) }, "open the dyad view")));
  try {
    const res = await getJSON("/api/events?" + scopeQuery({ a, b, modality: state.modality, per_page: 15 }));
    const list = el("ul", { class: "edge-events" }, ...res.events.map((e) => {
      const li = el("li", { tabindex: "0", "data-id": e.id }, `${e.date} ${e.source} → ${e.code} → ${e.target}`);
      const open = () => showEvent(e.id, detail);
      li.addEventListener("click", open);
      li.addEventListener("keydown", (k) => { if (k.key === "Enter") open(); });
      return li;
    }));
    const detail = el("div", {});
    box.append(el("p", { class: "meta" }, `${fmt(res.total)} events; the first ${res.events.length}:`), list, detail);
  } catch (e) { box.append(el("p", { class: "error" }, e.message)); }
}

// ---- code this text -----------------------------------------------------------
$("code-go").addEventListener("click", async () => {
  const box = $("code-result");
  const body = { text: $("code-text").value };
  if ($("code-date").value) body.date = $("code-date").value;
  try {
    const events = await getJSON("/api/code", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    if (!events.length) { box.replaceChildren(el("p", { class: "meta" }, "no events")); return; }
    box.replaceChildren(...events.map((e) => {
      const ca = (e.source || "").slice(0, 3), cb = (e.target || "").slice(0, 3);
      const dy = ca && cb ? el("a", { href: hashFor(Object.assign({}, state, { view: "dyad", a: ca, b: cb, page: 1 })) }, `dyad view ${ca} – ${cb}`) : "";
      return el("div", { class: "coded" },
        el("strong", {}, `${e.source} → ${e.code} → ${e.target}`),
        ` (${e.modality}, QuadClass ${e.quad_class}, Goldstein ${e.goldstein ?? "–"}) `, dy,
        highlighted(e.segments, e.sentence),
        el("div", { class: "meta" }, "rule: ", el("code", {}, e.rule)));
    }));
  } catch (e) { showError(box, e); }
});

route();

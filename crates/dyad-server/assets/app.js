// dyad serve: the page's script (no libraries). Data from the store is put
// into the page with textContent / createElement only, never as HTML, except
// the dyad chart, which is SVG rendered by our server with escaped labels.
"use strict";

const $ = (id) => document.getElementById(id);
const SVGNS = "http://www.w3.org/2000/svg";

async function getJSON(url, opts) {
  const r = await fetch(url, opts);
  const body = await r.json().catch(() => ({ error: "HTTP " + r.status }));
  if (!r.ok) throw new Error(body.error || "HTTP " + r.status);
  return body;
}

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
}

function showError(where, err) {
  where.replaceChildren(el("p", { class: "error" }, err.message || String(err)));
}

function dateRange() {
  const q = new URLSearchParams();
  if ($("from").value) q.set("from", $("from").value);
  if ($("to").value) q.set("to", $("to").value);
  return q;
}

// ---- actor autocomplete -------------------------------------------------
let acTimer = null;
function autocomplete(ev) {
  clearTimeout(acTimer);
  const v = ev.target.value.trim().toUpperCase();
  acTimer = setTimeout(async () => {
    try {
      const list = await getJSON("/api/actors?limit=20&q=" + encodeURIComponent(v));
      $("actor-list").replaceChildren(
        ...list.map((a) => el("option", { value: a.actor }, `${a.actor} (${a.as_source + a.as_target})`))
      );
    } catch (_) { /* typing an invalid character: keep the old list */ }
  }, 150);
}
$("actor-a").addEventListener("input", autocomplete);
$("actor-b").addEventListener("input", autocomplete);

// ---- dyad timeline --------------------------------------------------------
$("dyad-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const a = $("actor-a").value.trim().toUpperCase();
  const b = $("actor-b").value.trim().toUpperCase();
  const q = dateRange();
  q.set("a", a);
  q.set("b", b);
  q.set("by", $("period").value);
  try {
    const r = await fetch("/api/dyad.svg?" + q);
    if (!r.ok) throw new Error((await r.json()).error);
    $("chart").innerHTML = await r.text(); // server-rendered SVG, labels escaped
  } catch (e) {
    showError($("chart"), e);
  }
  loadEvents({ a, b }, 1);
});

// ---- event list -----------------------------------------------------------
let evFilter = {};
let evPage = 1;
let evTotal = 0;
const PER_PAGE = 25;

async function loadEvents(filter, page) {
  evFilter = filter;
  evPage = page;
  const q = dateRange();
  for (const [k, v] of Object.entries(filter)) q.set(k, v);
  q.set("page", page);
  q.set("per_page", PER_PAGE);
  $("events-what").textContent = Object.entries(filter).map(([k, v]) => `${k}=${v}`).join(" ");
  const tbody = $("events").tBodies[0];
  try {
    const res = await getJSON("/api/events?" + q);
    evTotal = res.total;
    const pages = Math.max(1, Math.ceil(res.total / PER_PAGE));
    $("page-info").textContent = `page ${res.page} of ${pages} (${res.total} events)`;
    tbody.replaceChildren(
      ...res.events.map((e) => {
        const tr = el("tr", { "data-id": e.id }, el("td", {}, e.date), el("td", {}, e.source), el("td", {}, e.code),
          el("td", {}, e.target), el("td", {}, e.goldstein == null ? "" : e.goldstein), el("td", {}, e.sentence || e.source_url));
        tr.addEventListener("click", () => {
          for (const o of tbody.querySelectorAll("tr.selected")) o.classList.remove("selected");
          tr.classList.add("selected");
          showEvent(e.id);
        });
        return tr;
      })
    );
  } catch (e) {
    tbody.replaceChildren(el("tr", {}, el("td", { colspan: 6, class: "error" }, e.message)));
  }
}
$("prev").addEventListener("click", () => { if (evPage > 1) loadEvents(evFilter, evPage - 1); });
$("next").addEventListener("click", () => { if (evPage * PER_PAGE < evTotal) loadEvents(evFilter, evPage + 1); });

function highlighted(segments, fallback) {
  const p = el("p", { class: "sentence" });
  if (!segments || !segments.length) { p.textContent = fallback || ""; return p; }
  for (const s of segments) p.append(s.role ? el("mark", { class: s.role, title: s.role }, s.text) : s.text);
  return p;
}

async function showEvent(id) {
  const box = $("event-detail");
  try {
    const res = await getJSON("/api/events/" + encodeURIComponent(id));
    const e = res.event;
    const kids = [el("h3", {}, `${e.date}  ${e.source} → ${e.code} → ${e.target}  (QuadClass ${e.quad_class}, Goldstein ${e.goldstein ?? "–"})`)];
    for (const p of res.provenance) {
      const link = p.url ? el("a", { href: p.url, rel: "noopener noreferrer", target: "_blank" }, p.url) : "";
      kids.push(el("div", { class: "detail" },
        highlighted(p.segments, p.sentence),
        el("div", { class: "meta" }, `${p.title || p.doc_id} · ${p.doc_date} · `, link),
        el("div", { class: "meta" }, "rule: ", el("code", {}, p.rule))));
    }
    if (!res.provenance.length) kids.push(el("p", { class: "meta" }, e.source_url));
    box.replaceChildren(...kids);
  } catch (err) {
    showError(box, err);
  }
}

// ---- network --------------------------------------------------------------
const BLOC_COLOURS = ["#999", "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"];

$("network-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const q = dateRange();
  q.set("min_events", $("min-events").value || "1");
  const svg = $("network");
  try {
    const res = await getJSON("/api/network?" + q);
    drawNetwork(svg, res);
  } catch (e) {
    svg.replaceChildren();
    const t = document.createElementNS(SVGNS, "text");
    t.setAttribute("x", 20); t.setAttribute("y", 30); t.setAttribute("class", "error");
    t.textContent = e.message;
    svg.append(t);
  }
});

function drawNetwork(svg, res) {
  const W = 800, H = 500;
  const idx = new Map();
  const nodes = [];
  const node = (name) => {
    if (!idx.has(name)) {
      idx.set(name, nodes.length);
      const a = (nodes.length * 2.399963) % (2 * Math.PI); // golden-angle start, deterministic
      const r = 40 + 8 * Math.sqrt(nodes.length);
      nodes.push({ name, x: W / 2 + r * Math.cos(a), y: H / 2 + r * Math.sin(a), vx: 0, vy: 0, n: 0 });
    }
    return idx.get(name);
  };
  const links = res.edges.map((e) => ({ s: node(e.source), t: node(e.target), e }));
  for (const l of links) { nodes[l.s].n += l.e.events; nodes[l.t].n += l.e.events; }
  // Force layout: pairwise repulsion, springs on edges, pull to the centre.
  for (let it = 0; it < 300; it++) {
    const cool = 1 - it / 300;
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i], b = nodes[j];
        let dx = a.x - b.x, dy = a.y - b.y;
        const d2 = Math.max(dx * dx + dy * dy, 25);
        const f = 1500 / d2;
        const d = Math.sqrt(d2);
        dx /= d; dy /= d;
        a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
      }
    }
    for (const l of links) {
      const a = nodes[l.s], b = nodes[l.t];
      const dx = b.x - a.x, dy = b.y - a.y;
      const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
      const f = (d - 80) * 0.02;
      a.vx += (dx / d) * f; a.vy += (dy / d) * f; b.vx -= (dx / d) * f; b.vy -= (dy / d) * f;
    }
    for (const n of nodes) {
      n.vx += (W / 2 - n.x) * 0.005; n.vy += (H / 2 - n.y) * 0.005;
      n.x = Math.min(W - 15, Math.max(15, n.x + Math.max(-10, Math.min(10, n.vx)) * cool));
      n.y = Math.min(H - 15, Math.max(15, n.y + Math.max(-10, Math.min(10, n.vy)) * cool));
      n.vx *= 0.5; n.vy *= 0.5;
    }
  }
  const mk = (tag, attrs) => {
    const e = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    return e;
  };
  const kids = [];
  for (const l of links) {
    const a = nodes[l.s], b = nodes[l.t];
    const line = mk("line", {
      x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: "edge",
      stroke: l.e.cooperation >= l.e.conflict ? "#1b7837" : "#b2182b",
      "stroke-opacity": 0.6, "stroke-width": Math.min(8, 0.8 + Math.log2(1 + l.e.events)),
    });
    const t = mk("title", {});
    t.textContent = `${l.e.source} → ${l.e.target}: ${l.e.events} events (${l.e.cooperation} coop / ${l.e.conflict} conflict)`;
    line.append(t);
    kids.push(line);
  }
  for (const n of nodes) {
    const bloc = res.bloc_of[n.name] || 0;
    const c = mk("circle", {
      cx: n.x, cy: n.y, r: Math.min(18, 4 + 2 * Math.sqrt(n.n)), class: "node", "data-name": n.name,
      fill: BLOC_COLOURS[bloc % BLOC_COLOURS.length],
    });
    const t = mk("title", {});
    t.textContent = `${n.name}: ${n.n} events, bloc ${bloc || "–"}`;
    c.append(t);
    c.addEventListener("click", () => loadEvents({ actor: n.name }, 1));
    const label = mk("text", { x: n.x + 7, y: n.y - 7 });
    label.textContent = n.name;
    kids.push(c, label);
  }
  svg.replaceChildren(...kids);
}

// ---- code this text -------------------------------------------------------
$("code-go").addEventListener("click", async () => {
  const box = $("code-result");
  const body = { text: $("code-text").value };
  if ($("code-date").value) body.date = $("code-date").value;
  try {
    const events = await getJSON("/api/code", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    if (!events.length) { box.replaceChildren(el("p", { class: "meta" }, "no events")); return; }
    box.replaceChildren(...events.map((e) => el("div", { class: "coded" },
      el("strong", {}, `${e.source} → ${e.code} → ${e.target}`),
      ` (${e.modality}, QuadClass ${e.quad_class}, Goldstein ${e.goldstein ?? "–"})`,
      highlighted(e.segments, e.sentence),
      el("div", { class: "meta" }, "rule: ", el("code", {}, e.rule)))));
  } catch (e) {
    showError(box, e);
  }
});

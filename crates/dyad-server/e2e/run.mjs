// End-to-end check of the `dyad serve` page in headless Chromium.
// Usage: node run.mjs URL SCREENSHOT_DIR   (started by tests/e2e.rs).
// Prints what it saw as one JSON line; exits non-zero with a message on the
// first failed expectation, on a page error, a failed request or a request
// that leaves the server (no CDN: every library is embedded).
import { chromium } from "playwright-core";

const [url, shots] = process.argv.slice(2);
const fail = (msg) => { throw new Error(msg); };

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const errors = [];
const seen = {};

async function newPage(viewport) {
  // bypassCSP: the page's CSP forbids eval, which waitForFunction needs.
  const page = await browser.newPage({ viewport, bypassCSP: true, acceptDownloads: true });
  page.on("pageerror", (e) => errors.push("page error: " + e));
  page.on("console", (m) => { if (m.type() === "error") errors.push("console: " + m.text()); });
  page.on("response", (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(url) && !u.startsWith("data:") && !u.startsWith("blob:")) errors.push("off-site request: " + u);
  });
  // Development aid: DYAD_E2E_ASSETS=crates/dyad-server/assets serves the page's own files
  // from disk (no rebuild between edits); the embedded ones are tested without it.
  if (process.env.DYAD_E2E_ASSETS) {
    const fs = await import("node:fs/promises");
    const files = { "": ["index.html", "text/html"], "app.js": ["app.js", "text/javascript"], "app.css": ["app.css", "text/css"] };
    await page.route((u) => u.origin + "/" === url.replace(/\/$/, "") + "/" && (u.pathname.slice(1) in files), async (r) => {
      const [f, ct] = files[new URL(r.request().url()).pathname.slice(1)];
      await r.fulfill({ contentType: ct, body: await fs.readFile(process.env.DYAD_E2E_ASSETS + "/" + f, "utf8") });
    });
  }
  return page;
}

async function open(page, hash, view) {
  await page.evaluate(() => { delete document.body.dataset.ready; }).catch(() => {});
  await page.goto(url + hash);
  await page.waitForFunction((v) => document.body.dataset.ready === v, view, { timeout: 30000 });
}

// Months from YYYY-MM-DD to YYYY-MM-DD, inclusive.
function monthsBetween(a, b) {
  const [ya, ma] = a.split("-").map(Number), [yb, mb] = b.split("-").map(Number);
  return (yb - ya) * 12 + (mb - ma) + 1;
}

try {
  const page = await newPage({ width: 1280, height: 800 });

  // 1. Overview on load: date range, most active dyads with sparklines, changes, countries.
  await open(page, "#/overview", "overview");
  seen.summary = await page.textContent("#ov-summary");
  seen.topDyads = await page.$$eval("#top-dyads tbody tr[data-dyad]", (r) => r.map((x) => x.dataset.dyad));
  if (seen.topDyads.length < 5) fail("the overview lists fewer than 5 dyads: " + seen.topDyads);
  seen.sparklines = await page.$$eval("#top-dyads .spark canvas", (c) => c.length);
  if (seen.sparklines < seen.topDyads.length) fail("a dyad without its sparkline");
  seen.countries = await page.$$eval("#countries tbody tr", (r) => r.length);
  // expand a country into its actor codes
  await page.click("#countries tbody tr:first-child button.expand");
  await page.waitForSelector("#countries tr.sub");
  seen.countryActors = await page.$$eval("#countries tr.sub td:first-child", (t) => t.map((x) => x.textContent));
  await page.screenshot({ path: `${shots}/1-overview.png`, fullPage: true });
  const ov = await page.evaluate(async () => (await fetch("/api/overview?origin=dyad")).json());

  // 2. Dyad view USA–RUS by month: one point per month of the range, empty ones included.
  await open(page, "#/dyad/USA/RUS?by=month", "dyad");
  const months = monthsBetween(ov.first_date, ov.last_date);
  seen.months = months;
  seen.points = await page.evaluate(() => {
    const o = echarts.getInstanceByDom(document.getElementById("series-chart")).getOption();
    return o.series.map((s) => s.data.length);
  });
  seen.zeroMonths = Number(await page.getAttribute("#series-chart", "data-zeros"));
  if (!seen.points.every((n) => n === months)) fail(`series have ${seen.points} points, want ${months} (every month)`);
  if (seen.zeroMonths < 1) fail("no empty month shown for USA–RUS (expected some in the range)");
  seen.codes = await page.$$eval("#codes tbody tr", (r) => r.map((x) => x.cells[0].textContent + " " + x.cells[1].textContent));
  if (!seen.codes.length || seen.codes.some((c) => c.includes("not a CAMEO"))) fail("top codes without CAMEO names: " + seen.codes);
  await page.waitForSelector("#events tbody tr[data-id]");
  seen.eventRows = await page.$$eval("#events tbody tr[data-id]", (r) => r.length);
  await page.screenshot({ path: `${shots}/2-dyad.png`, fullPage: true });

  // 3. Click an event: its sentence with source, verb and target highlighted, beside the list.
  await page.click("#events tbody tr[data-id]");
  await page.waitForSelector("#event-detail mark.source");
  for (const role of ["source", "verb", "target"]) {
    const n = await page.$$eval(`#event-detail .sentence mark.${role}`, (m) => m.length);
    if (n < 1) fail(`no ${role} highlight in the event detail`);
  }
  seen.detailSource = await page.textContent("#event-detail .sentence mark.source");
  seen.rule = await page.textContent("#event-detail code");
  // keyboard: the second row by Tab focus + Enter
  await page.focus("#events tbody tr[data-id]:nth-child(2)");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("#events tbody tr:nth-child(2)").classList.contains("selected"));
  const box = await page.$eval("#event-detail", (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top]; });
  const chartBox = await page.$eval("#series-chart", (e) => { const r = e.getBoundingClientRect(); return [r.left, r.right]; });
  if (!(box[0] > chartBox[1])) fail("the event detail is not beside the chart at 1280 px");
  await page.screenshot({ path: `${shots}/3-event.png`, fullPage: false });

  // CSV of the series: what the user sees
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click('button[data-csv="series"]')]);
  const csv = await (await import("node:fs/promises")).readFile(await dl.path(), "utf8");
  seen.csvLines = csv.trim().split(/\r?\n/).length;
  if (seen.csvLines !== months + 1) fail(`series CSV has ${seen.csvLines} lines, want ${months + 1}`);
  seen.csvName = dl.suggestedFilename();

  // 4. Network: legend, at most the stated number of edges, click a node and an edge.
  await open(page, "#/network?limit=25", "network");
  seen.netEdges = await page.evaluate(() => echarts.getInstanceByDom(document.getElementById("net-chart")).getOption().series[0].links.length);
  seen.netNodes = await page.evaluate(() => echarts.getInstanceByDom(document.getElementById("net-chart")).getOption().series[0].data.length);
  seen.legend = await page.textContent("#net-legend .shown");
  const stated = Number((seen.legend.match(/Showing the (\d+)/) || [])[1]);
  if (!(stated <= 25 && seen.netEdges === stated)) fail(`network: ${seen.netEdges} edges drawn, legend says ${seen.legend}`);
  seen.blocs = await page.$$eval("#net-legend .bloc-key li", (l) => l.map((x) => x.textContent));
  if (!seen.blocs.length) fail("no bloc legend");
  const selfLoops = await page.evaluate(() => echarts.getInstanceByDom(document.getElementById("net-chart")).getOption().series[0].links.filter((l) => l.source === l.target).length);
  if (selfLoops) fail("a domestic self-loop edge is drawn");
  await page.screenshot({ path: `${shots}/4-network.png`, fullPage: false });
  // the same store and filters give the same bloc colours
  const colours1 = await page.evaluate(() => echarts.getInstanceByDom(document.getElementById("net-chart")).getOption().series[0].data.map((d) => d.id + d.itemStyle.color).join());
  await open(page, "#/overview", "overview");
  await open(page, "#/network?limit=25", "network");
  const colours2 = await page.evaluate(() => echarts.getInstanceByDom(document.getElementById("net-chart")).getOption().series[0].data.map((d) => d.id + d.itemStyle.color).join());
  if (colours1 !== colours2) fail("bloc colours changed between two draws of the same view");
  // click the biggest node (its position from the chart's layout) → its dyads
  const pos = await page.evaluate(() => {
    const c = echarts.getInstanceByDom(document.getElementById("net-chart"));
    const s = c.getModel().getSeriesByIndex(0);
    const d = s.getData();
    const p = d.getItemLayout(0);
    const r = document.getElementById("net-chart").getBoundingClientRect();
    const [x, y] = c.convertToPixel({ seriesIndex: 0 }, p);
    return { x: r.left + x, y: r.top + y, id: d.getName(0) };
  });
  await page.mouse.click(pos.x, pos.y);
  await page.waitForSelector("#net-detail table tbody tr");
  seen.nodeClicked = pos.id;
  seen.nodeDyads = await page.$$eval("#net-detail tbody tr", (r) => r.length);
  await page.screenshot({ path: `${shots}/5-network-node.png`, fullPage: false });
  // click the middle of the heaviest edge → its events
  const mid = await page.evaluate(() => {
    const c = echarts.getInstanceByDom(document.getElementById("net-chart"));
    const d = c.getModel().getSeriesByIndex(0).getData();
    const at = (id) => c.convertToPixel({ seriesIndex: 0 }, d.getItemLayout(d.indexOfName(id)));
    // the longest of the 10 heaviest edges, so its middle is clear of both nodes
    const len = (l) => { const [p, q] = [at(l.source), at(l.target)]; return Math.hypot(p[0] - q[0], p[1] - q[1]); };
    const link = c.getOption().series[0].links.slice(0, 10).reduce((a, b) => (len(b) > len(a) ? b : a));
    const [p, q] = [at(link.source), at(link.target)];
    const r = document.getElementById("net-chart").getBoundingClientRect();
    return { x: r.left + (p[0] + q[0]) / 2, y: r.top + (p[1] + q[1]) / 2, edge: link.source + "-" + link.target };
  });
  await page.mouse.click(mid.x, mid.y);
  await page.waitForSelector("#net-detail ul.edge-events li");
  seen.edgeClicked = mid.edge;
  seen.edgeEvents = await page.$$eval("#net-detail ul.edge-events li", (l) => l.length);

  // 5. A restored URL shows the same view: set a view through the form, reopen its URL in a new page.
  await open(page, "#/dyad/USA/RUS?by=month", "dyad");
  await page.selectOption("#period", "week");
  await page.fill("#actor-a", "RUS");
  await page.fill("#actor-b", "UKR");
  await page.evaluate(() => { delete document.body.dataset.ready; });
  await page.click("#dyad-go");
  await page.waitForFunction(() => document.body.dataset.ready === "dyad");
  await page.evaluate(() => { delete document.body.dataset.ready; });
  await page.selectOption("#ev-quad", "1");
  await page.waitForFunction(() => document.body.dataset.ready === "dyad");
  const snap = (p) => p.evaluate(() => ({
    hash: location.hash, title: document.getElementById("dy-title").textContent,
    period: document.getElementById("period").value, quad: document.getElementById("ev-quad").value,
    points: document.getElementById("series-chart").dataset.points,
    events: [...document.querySelectorAll("#events tbody tr[data-id]")].map((r) => r.dataset.id).join(),
  }));
  const before = await snap(page);
  seen.restoredHash = before.hash;
  const page2 = await newPage({ width: 1280, height: 800 });
  await open(page2, before.hash, "dyad");
  const after = await snap(page2);
  if (JSON.stringify(before) !== JSON.stringify(after)) fail(`restored URL differs: ${JSON.stringify(before)} vs ${JSON.stringify(after)}`);
  await page2.close();

  // 6. Code this text: highlights with a legend and a link to the dyad view.
  await open(page, "#/code", "code");
  await page.fill("#code-text", "Russian forces shelled the Ukrainian city of Kharkiv overnight, Ukrainian officials said.");
  await page.fill("#code-date", "2023-03-20");
  await page.click("#code-go");
  await page.waitForSelector("#code-result .coded mark.verb");
  seen.coded = await page.$$eval("#code-result .coded strong", (s) => s.map((x) => x.textContent));
  seen.codedLinks = await page.$$eval("#code-result .coded a", (a) => a.map((x) => x.getAttribute("href")));
  if (!seen.codedLinks.some((h) => h.startsWith("#/dyad/"))) fail("no link from a coded event to the dyad view");
  await page.screenshot({ path: `${shots}/6-code.png`, fullPage: false });

  // 7. Phone width.
  const phone = await newPage({ width: 390, height: 844 });
  await open(phone, "#/overview", "overview");
  seen.phoneOverflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await phone.screenshot({ path: `${shots}/7-phone-overview.png`, fullPage: false });
  await open(phone, "#/dyad/USA/RUS", "dyad");
  await phone.screenshot({ path: `${shots}/8-phone-dyad.png`, fullPage: false });
  if (seen.phoneOverflow > 4) fail(`the page is ${seen.phoneOverflow} px wider than a phone`);

  if (errors.length) fail(errors.join("\n"));
  console.log(JSON.stringify(seen));
} finally {
  await browser.close();
}

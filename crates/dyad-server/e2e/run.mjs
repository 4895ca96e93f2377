// End-to-end check of the `dyad serve` page in headless Chromium.
// Usage: node run.mjs URL SCREENSHOT_DIR   (started by tests/e2e.rs).
// Exits non-zero with a message on the first failed expectation.
import { chromium } from "playwright-core";

const [url, shots] = process.argv.slice(2);
const fail = (msg) => { throw new Error(msg); };

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const errors = [];
const seen = {};
try {
  // bypassCSP: the page's CSP forbids eval, which waitForFunction needs.
  const page = await browser.newPage({ viewport: { width: 1200, height: 1500 }, bypassCSP: true });
  page.on("pageerror", (e) => errors.push("page error: " + e));
  page.on("console", (m) => { if (m.type() === "error") errors.push("console: " + m.text()); });
  page.on("response", (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on("request", (r) => { if (!r.url().startsWith(url) && !r.url().startsWith("data:")) errors.push("off-site request: " + r.url()); });
  await page.goto(url);

  // Actor autocomplete.
  await page.fill("#actor-a", "CH");
  await page.waitForFunction(() => document.querySelectorAll("#actor-list option").length > 0);
  seen.autocomplete = await page.$$eval("#actor-list option", (os) => os.map((o) => o.value));
  if (!seen.autocomplete.every((a) => a.startsWith("CH"))) fail("autocomplete offers " + seen.autocomplete);

  // Dyad timeline.
  await page.fill("#actor-a", "CHN");
  await page.fill("#actor-b", "RUS");
  await page.selectOption("#period", "week");
  await page.click("#dyad-go");
  await page.waitForSelector("#chart svg rect.bar");
  seen.bars = await page.$$eval("#chart svg rect.bar", (b) => b.length);
  await page.waitForSelector("#events tbody tr[data-id]");
  seen.eventRows = await page.$$eval("#events tbody tr[data-id]", (r) => r.length);
  await page.screenshot({ path: `${shots}/1-dyad.png`, fullPage: true });

  // Click an event: its sentence with source, verb and target highlighted.
  await page.click("#events tbody tr[data-id]");
  await page.waitForSelector("#event-detail mark.source");
  for (const role of ["source", "verb", "target"]) {
    const n = await page.$$eval(`#event-detail mark.${role}`, (m) => m.length);
    if (n < 1) fail(`no ${role} highlight in the event detail`);
  }
  seen.detailSource = await page.textContent("#event-detail mark.source");
  seen.rule = await page.textContent("#event-detail code");
  await page.screenshot({ path: `${shots}/2-event.png`, fullPage: true });

  // Network: draw, click a node → its events.
  await page.click("#network-go");
  await page.waitForSelector("#network circle.node");
  seen.nodes = await page.$$eval("#network circle.node", (c) => c.length);
  seen.edges = await page.$$eval("#network line.edge", (c) => c.length);
  const first = await page.getAttribute("#network circle.node", "data-name");
  await page.click(`#network circle.node[data-name="${first}"]`, { force: true });
  await page.waitForFunction((n) => document.getElementById("events-what").textContent === "actor=" + n, first);
  await page.screenshot({ path: `${shots}/3-network.png`, fullPage: true });

  // Code this text.
  await page.fill("#code-text", "Russian forces shelled the Ukrainian city of Kharkiv overnight, Ukrainian officials said.");
  await page.fill("#code-date", "2023-03-20");
  await page.click("#code-go");
  await page.waitForSelector("#code-result .coded mark.verb");
  seen.coded = await page.$$eval("#code-result .coded strong", (s) => s.map((x) => x.textContent));
  await page.screenshot({ path: `${shots}/4-code.png`, fullPage: true });

  if (errors.length) fail(errors.join("\n"));
  console.log(JSON.stringify(seen));
} finally {
  await browser.close();
}

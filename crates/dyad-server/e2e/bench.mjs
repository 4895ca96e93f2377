// First-render bench of the page (not a test): opens URL+HASH in a fresh
// headless Chromium page RUNS times and prints the time from navigation start
// to the first view drawn (window.dyadFirstRender, set by app.js), median and max.
// Usage: node bench.mjs URL [HASH] [RUNS]   (bench/page_bench.sh runs it)
import { chromium } from "playwright-core";

const [url, hash = "#/overview", runs = "7"] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const times = [];
try {
  for (let i = 0; i < Number(runs); i++) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } }); // cold cache each run
    const page = await ctx.newPage();
    await page.goto(url + hash);
    await page.waitForSelector("body[data-ready]", { timeout: 60000 });
    times.push(await page.evaluate(() => window.dyadFirstRender));
    await ctx.close();
  }
} finally {
  await browser.close();
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ hash, runs: times.length, median_ms: Math.round(times[times.length >> 1]), max_ms: Math.round(times[times.length - 1]), all_ms: times.map(Math.round) }));

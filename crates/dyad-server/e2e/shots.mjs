// Screenshots of the page's views on any running `dyad serve` (a manual aid, not a test).
// Usage: node shots.mjs URL DIR [ORIGIN]   e.g. against a 1M GDELT store with ORIGIN=gdelt.
import { chromium } from "playwright-core";

const [url, dir, origin = "dyad"] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
try {
  for (const [name, hash] of [["overview", "#/overview"], ["dyad", "#/dyad/USA/RUS?by=week"], ["network", "#/network"]]) {
    // a fresh page per view; bypassCSP because waitForFunction evaluates a string
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    await page.goto(url + hash + (hash.includes("?") ? "&" : "?") + "origin=" + origin);
    await page.waitForFunction((v) => document.body.dataset.ready === v, name);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${dir}/${origin}-${name}.png`, fullPage: name === "overview" });
    await page.close();
  }
} finally {
  await browser.close();
}

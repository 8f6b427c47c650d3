// Opens a report page in Debian's Chromium, offline, and prints as JSON what
// a reader meets: at a phone's and a laptop's width, the page's height, where
// the first finding is and whether it is on the first screen, the height of
// the claims, each claim's and erratum's well-formed source links, and
// axe-core's violations by impact; then the same page without JavaScript.
// Screenshots of each first screen go to OUTDIR.
//
//   node page.mjs PAGE.html OUTDIR
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const axeVersion = JSON.parse(readFileSync(require.resolve("axe-core/package.json"), "utf8")).version;

const [page_, outDir] = process.argv.slice(2);
const url = pathToFileURL(path.resolve(page_)).href;
// A phone's and a laptop's screen.
const screens = [{ width: 390, height: 844 }, { width: 1280, height: 800 }];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});

// measure reads, in the page, what a reader meets on its first screen and
// where its claims lead. The page's own markers are data-finding,
// data-claim and data-erratum; a page without them (an older report) is
// read from its tables, so that a before and an after can be compared.
function measure() {
  const wellFormed = (a) => {
    try {
      const u = new URL(a.getAttribute("href"));
      return (u.protocol === "https:" || u.protocol === "http:") && u.hostname.includes(".") && !/\s/.test(a.getAttribute("href"));
    } catch { return false; }
  };
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const items = (marker, table) => {
    let els = [...document.querySelectorAll(`[${marker}]`)];
    let by = marker;
    if (els.length === 0) { els = [...document.querySelectorAll(`${table} tbody tr`)]; by = table; }
    return { by, items: els.map((el) => ({
      id: el.getAttribute(marker) || el.id || (el.cells && el.cells[0] ? el.cells[0].textContent.trim() : ""),
      links: [...el.querySelectorAll("a[href]")].filter(wellFormed).map((a) => a.getAttribute("href")),
      badLinks: [...el.querySelectorAll("a[href]")].filter((a) => !wellFormed(a) && !a.getAttribute("href").startsWith("#")).map((a) => a.getAttribute("href")),
    })) };
  };
  let first = document.querySelector("[data-finding]"), firstBy = "data-finding";
  if (!first) { first = document.querySelector("#claims"); firstBy = "#claims"; }
  const r = first ? first.getBoundingClientRect() : null;
  const claimsBox = document.querySelector("#claim-list") || document.querySelector("#table-claims");
  // Placeholders: a short block of text that starts with a lone 0 and a
  // word ("0 States"), shown to the reader.
  const placeholders = [];
  for (const el of document.body.querySelectorAll("li, p, div, span, dd, td")) {
    const t = (el.innerText || "").trim();
    if (t.length < 40 && /^0\s+\p{L}/u.test(t) && visible(el)) placeholders.push(t.replace(/\s+/g, " "));
  }
  const findings = [...document.querySelectorAll("[data-finding]")].filter(visible);
  return {
    lang: document.documentElement.lang,
    pageHeight: document.documentElement.scrollHeight,
    firstFinding: r ? { by: firstBy, y: Math.round(r.top + window.scrollY), bottom: Math.round(r.bottom + window.scrollY), text: first.textContent.trim().slice(0, 160) } : null,
    findings: findings.map((f) => ({ text: f.textContent.trim().replace(/\s+/g, " ").slice(0, 300), links: [...f.querySelectorAll("a[href^='#']")].map((a) => a.getAttribute("href")).filter((h) => h.length > 1 && document.getElementById(decodeURIComponent(h.slice(1)))) })),
    claimsHeight: claimsBox ? Math.round(claimsBox.getBoundingClientRect().height) : null,
    claimsBox: claimsBox ? claimsBox.id : null,
    claims: items("data-claim", "#table-claims"),
    errata: items("data-erratum", "#table-errata"),
    placeholders: [...new Set(placeholders)],
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  };
}

const result = { url, axe: axeVersion, console: [], requests: [], widths: [], noScript: [] };
try {
  for (const screen of screens) {
    const context = await browser.newContext({ viewport: screen, offline: true });
    await context.route(/^(?!file:|data:)/, (route) => { result.requests.push(route.request().url()); route.abort(); });
    const page = await context.newPage();
    page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") result.console.push(`${screen.width}px ${m.type()}: ${m.text()}`); });
    page.on("pageerror", (e) => result.console.push(`${screen.width}px pageerror: ${e.message}`));
    await page.goto(url, { waitUntil: "load" });
    // The interactive map, when the page has one, draws before it is read.
    if (await page.locator("[data-cn-map]").count()) {
      await page.waitForSelector("[data-cn-map][data-ready]", { timeout: 30000 }).catch(() => result.console.push(`${screen.width}px: the interactive map never became ready`));
    }
    const w = { ...screen, ...(await page.evaluate(measure)) };
    w.aboveFold = !!w.firstFinding && w.firstFinding.by === "data-finding" && w.firstFinding.bottom <= screen.height;
    await page.addScriptTag({ content: axeSource });
    const axe = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
    });
    w.axe = axe;
    w.impacts = {};
    for (const v of axe) w.impacts[v.impact] = (w.impacts[v.impact] || 0) + v.nodes;
    if (outDir) {
      w.screenshot = path.join(outDir, `page-${w.lang}-${screen.width}.png`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: w.screenshot, fullPage: false });
    }
    result.widths.push(w);
    await context.close();

    // The same page as a reader without JavaScript meets it.
    const nojs = await browser.newContext({ viewport: screen, offline: true, javaScriptEnabled: false });
    await nojs.route(/^(?!file:|data:)/, (route) => { result.requests.push(route.request().url()); route.abort(); });
    const p2 = await nojs.newPage();
    await p2.goto(url, { waitUntil: "load" });
    // measure runs as a function the browser calls, which a page without
    // scripts still allows from the driver.
    const n = { ...screen, ...(await p2.evaluate(measure)) };
    n.aboveFold = !!n.firstFinding && n.firstFinding.by === "data-finding" && n.firstFinding.bottom <= screen.height;
    if (outDir) {
      n.screenshot = path.join(outDir, `page-${n.lang}-${screen.width}-nojs.png`);
      await p2.screenshot({ path: n.screenshot, fullPage: false });
    }
    delete n.claims; delete n.errata;
    result.noScript.push(n);
    await nojs.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result, null, 1));

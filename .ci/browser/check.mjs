// Opens a report page in Debian's Chromium, offline, and prints what it
// measures as JSON: for each width, the page's and the viewport's widths,
// the first render time of the interactive map, the counters after moving
// the date control to each date given, the tooltip on hover and on keyboard
// focus; the console messages and every request that left file://.
//
//   node check.mjs PAGE.html OUTDIR DATE...
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [page_, outDir, ...dates] = process.argv.slice(2);
const url = pathToFileURL(path.resolve(page_)).href;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const result = { url, console: [], requests: [], widths: [] };
try {
  for (const width of [390, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, offline: true });
    await context.route(/^(?!file:|data:)/, (route) => { result.requests.push(route.request().url()); route.abort(); });
    const page = await context.newPage();
    page.on("console", (m) => result.console.push(`${width}px ${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => result.console.push(`${width}px pageerror: ${e.message}`));
    const t0 = Date.now();
    await page.goto(url, { waitUntil: "load" });
    const root = page.locator("[data-cn-map]").first();
    await page.waitForSelector("[data-cn-map][data-ready]", { timeout: 30000 });
    const w = { width, load: Date.now() - t0 };
    w.firstRender = +(await root.getAttribute("data-first-render"));
    w.scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    w.clientWidth = await page.evaluate(() => document.documentElement.clientWidth);
    w.lang = await page.evaluate(() => document.documentElement.lang);
    // Anything wider than the viewport that is not inside its own scroll box.
    w.overflowing = await page.evaluate(() => {
      const vw = document.documentElement.clientWidth, out = [];
      for (const el of document.body.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        if (r.right > vw + 1 && r.width > 0) {
          let p = el.parentElement, boxed = false;
          while (p) { const s = getComputedStyle(p); if (/(auto|scroll|hidden)/.test(s.overflowX)) { boxed = true; break; } p = p.parentElement; }
          if (!boxed) { out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : "")); }
        }
      }
      return out.slice(0, 10);
    });
    w.dates = [];
    for (const d of dates) {
      await root.locator(".cn-date").fill(d);
      await root.locator(".cn-date").dispatchEvent("change");
      await page.waitForFunction((d) => document.querySelector("[data-cn-map]").dataset.date <= d, d);
      const counts = {};
      for (const li of await root.locator(".cn-counters li").all()) {
        counts[await li.getAttribute("data-category")] = (await li.locator(".cn-count").textContent()).replace(/\D/g, "");
      }
      const rows = await root.locator(".cn-table tbody tr").count();
      const label = await root.locator(".cn-map").getAttribute("aria-label");
      // Wait for Vega to draw the step, then count the filled states.
      await page.waitForTimeout(50);
      const filled = await page.evaluate(() => {
        const svg = document.querySelector("[data-cn-map] .cn-map svg");
        return [...svg.querySelectorAll("g.countries_marks path")].filter((p) => (p.getAttribute("fill") || "").toLowerCase() === "#0072b2").length;
      });
      w.dates.push({ date: d, shown: await root.getAttribute("data-date"), counts, rows, label, filled });
    }
    await root.locator(".cn-map").scrollIntoViewIfNeeded();
    // Hover: the first supporter state whose shape is under its own centre.
    const target = await page.evaluate(() => {
      const svg = document.querySelector("[data-cn-map] .cn-map svg");
      for (const p of svg.querySelectorAll("g.countries_marks path")) {
        if ((p.getAttribute("fill") || "").toLowerCase() !== "#0072b2") continue;
        const r = p.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
        if (r.width > 8 && document.elementFromPoint(x, y) === p) return { x, y, name: p.getAttribute("aria-label") };
      }
      return null;
    });
    w.hover = null;
    if (target) {
      await page.mouse.move(target.x - 3, target.y - 3);
      await page.mouse.move(target.x, target.y, { steps: 4 });
      await page.waitForTimeout(150);
      w.hover = { target: target.name, tip: await page.evaluate(() => { const t = document.querySelector("[data-cn-map] .cn-tip"); return t.hidden ? null : t.textContent; }) };
      await page.mouse.move(0, 0);
    }
    // Keyboard: Tab from the search box back to the map would depend on the
    // page; focus the map, then the arrow keys.
    await root.locator(".cn-map").focus();
    await page.keyboard.press("ArrowRight");
    await page.waitForTimeout(100);
    w.keyboard = await page.evaluate(() => {
      const t = document.querySelector("[data-cn-map] .cn-tip");
      return t.hidden ? null : { text: t.textContent, country: t.dataset.country, focused: document.activeElement.className };
    });
    await page.keyboard.press("Escape");
    // A table row's button, reached by keyboard focus.
    await root.locator(".cn-table tbody tr button").first().focus();
    await page.waitForTimeout(50);
    w.rowFocus = await page.evaluate(() => { const t = document.querySelector("[data-cn-map] .cn-tip"); return t.hidden ? null : t.dataset.country; });
    // Choosing a country in the table opens its view: the non-state
    // supporters listed on the date, as many as its table row says.
    await root.locator(".cn-table tbody tr button").first().press("Enter");
    await page.waitForTimeout(50);
    w.country = await page.evaluate(() => {
      const r = document.querySelector("[data-cn-map]"), p = r.querySelector(".cn-country");
      const row = r.querySelector(".cn-table tbody tr");
      return p.hidden ? null : { name: p.querySelector("h3").textContent, rows: p.querySelectorAll("tbody tr").length,
        tableName: row.querySelector("button").textContent, tableCount: row.lastElementChild.textContent.replace(/\D/g, "") };
    });
    // And clicking a state on the map opens the same view.
    if (target) {
      await root.locator(".cn-map").scrollIntoViewIfNeeded();
      const again = await page.evaluate((name) => {
        for (const p of document.querySelectorAll("[data-cn-map] .cn-map svg g.countries_marks path")) {
          if (p.getAttribute("aria-label") !== name) continue;
          const r = p.getBoundingClientRect();
          return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
        }
        return null;
      }, target.name);
      await page.mouse.click(again.x, again.y);
      await page.waitForTimeout(100);
      w.mapClick = await page.evaluate(() => { const p = document.querySelector("[data-cn-map] .cn-country"); return p.hidden ? null : p.querySelector("h3").textContent; });
    }
    await root.locator(".cn-close").click();
    await page.keyboard.press("Escape");
    await page.evaluate(() => document.activeElement.blur());
    if (outDir) {
      w.screenshot = path.join(outDir, `report-${w.lang}-${width}.png`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: w.screenshot, fullPage: false });
      w.mapShot = path.join(outDir, `report-${w.lang}-${width}-map.png`);
      await root.screenshot({ path: w.mapShot });
    }
    result.widths.push(w);
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result, null, 1));

// Opens a report page in Debian's Chromium, offline, and prints what it
// measures as JSON: for each width, the page's and the viewport's widths,
// the first render time of the interactive map, the counters after moving
// the date control to each date given, the tooltip on hover and on keyboard
// focus; the date control's ends and year ticks, the hover highlight, the
// country panel's focus, the map's accessible name after Vega has drawn, the
// instrument switch's counters (ID@DATE arguments), the download of the
// view, and the page without JavaScript; the console messages and every
// request that left file://.
//
//   node check.mjs PAGE.html OUTDIR DATE... [INSTRUMENT@DATE...]
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [page_, outDir, ...args] = process.argv.slice(2);
const dates = args.filter((a) => !a.includes("@"));
const switches = args.filter((a) => a.includes("@")).map((a) => a.split("@"));
const url = pathToFileURL(path.resolve(page_)).href;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const result = { url, console: [], requests: [], widths: [] };
try {
  for (const width of [390, 1280]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, offline: true, acceptDownloads: true });
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
      // The shape under the pointer is outlined; no other is.
      w.hover.outlined = await page.evaluate(() => [...document.querySelectorAll("[data-cn-map] .cn-map svg g.countries_marks path")]
        .filter((p) => (p.getAttribute("stroke") || "").toLowerCase() === "#111111").map((p) => p.getAttribute("aria-label")));
      await page.mouse.move(0, 0);
      await page.waitForTimeout(100);
      w.hover.after = await page.evaluate(() => [...document.querySelectorAll("[data-cn-map] .cn-map svg g.countries_marks path")]
        .filter((p) => (p.getAttribute("stroke") || "").toLowerCase() === "#111111").length);
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
      const row = r.querySelector(".cn-table tbody tr"), b = p.getBoundingClientRect();
      return p.hidden ? null : { name: p.querySelector("h3").textContent, rows: p.querySelectorAll(".cn-members tbody tr").length,
        tableName: row.querySelector("button").textContent, tableCount: row.lastElementChild.textContent.replace(/\D/g, ""),
        instruments: p.querySelectorAll(".cn-insts tbody tr").length,
        // Focus moves into the panel, and the panel is in the viewport.
        focus: p.contains(document.activeElement) ? document.activeElement.className : document.activeElement.tagName,
        inView: b.top >= 0 && b.left >= 0 && b.bottom <= window.innerHeight + 1 && b.right <= document.documentElement.clientWidth + 1 };
    });
    if (outDir) {
      w.panelShot = path.join(outDir, `report-${w.lang}-${width}-panel.png`);
      await page.screenshot({ path: w.panelShot });
    }
    // Escape closes it and gives focus back to the button that opened it.
    await page.keyboard.press("Escape");
    await page.waitForTimeout(50);
    w.country && (w.country.escape = await page.evaluate(() => {
      const r = document.querySelector("[data-cn-map]");
      return { hidden: r.querySelector(".cn-country").hidden, returned: document.activeElement === r.querySelector(".cn-table tbody tr button") };
    }));
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

    // The map's accessible name and description after Vega has drawn, and
    // no "Vega visualization" left for a screen reader.
    w.a11y = await page.evaluate(() => {
      const m = document.querySelector("[data-cn-map] .cn-map");
      const vega = [...document.querySelectorAll('[aria-label="Vega visualization"], [role="graphics-document"]')].filter((e) => !e.closest('[aria-hidden="true"]')).length;
      const d = document.getElementById(m.getAttribute("aria-describedby"));
      return { role: m.getAttribute("role"), label: m.getAttribute("aria-label"), description: d ? d.textContent : "", vegaExposed: vega };
    });
    w.a11y.snapshot = await root.locator(".cn-map").ariaSnapshot();

    // The date control is a time axis: each year's tick stands at its share
    // of the span, the ends are written out, and the arrow keys step from
    // one change to the next.
    w.axis = await page.evaluate(() => {
      const r = document.querySelector("[data-cn-map]"), sl = r.querySelector(".cn-slider"), b = sl.getBoundingClientRect();
      const day = (iso) => Date.parse(iso + "T00:00:00Z") / 864e5;
      const first = r.querySelector(".cn-date").min, last = r.querySelector(".cn-date").max;
      const ticks = [...r.querySelectorAll(".cn-tick")].map((t, i) => {
        const y = +first.slice(0, 4) + 1 + i, want = b.left + 8 + (day(y + "-01-01") - day(first)) / (day(last) - day(first)) * (b.width - 16);
        return { year: y, label: t.dataset.y || "", off: Math.abs(t.getBoundingClientRect().left - want) };
      });
      return { first, last, max: +sl.max, span: day(last) - day(first), ends: [...r.querySelectorAll(".cn-end")].map((e) => e.textContent), ticks };
    });
    await root.locator(".cn-date").fill(dates[0] || "2019-11-12");
    await root.locator(".cn-date").dispatchEvent("change");
    const before = await root.getAttribute("data-date");
    await root.locator(".cn-slider").focus();
    await page.keyboard.press("ArrowRight");
    const next = await root.getAttribute("data-date");
    const value = await root.locator(".cn-slider").inputValue();
    await page.keyboard.press("End");
    w.axis.keys = { before, next, value: +value, end: await root.getAttribute("data-date") };

    // The region view: Europe fills the map's box.
    await root.locator(".cn-view").nth(1).click();
    await page.waitForTimeout(300);
    w.region = await page.evaluate(() => {
      const r = document.querySelector("[data-cn-map]"), box = r.querySelector(".cn-map").getBoundingClientRect();
      const shapes = [...r.querySelectorAll(".cn-map svg g.countries_marks path")];
      const fra = shapes.find((p) => p.__data__ && p.__data__.datum.properties.a3 === "BEL");
      const b = fra ? fra.getBoundingClientRect() : null;
      return { view: r.dataset.view, pressed: r.querySelector('.cn-view[aria-pressed="true"]').textContent, box: [Math.round(box.width), Math.round(box.height)], belgium: b ? [Math.round(b.width), Math.round(b.height)] : null };
    });
    if (outDir) {
      w.regionShot = path.join(outDir, `report-${w.lang}-${width}-europe.png`);
      await root.locator(".cn-map").scrollIntoViewIfNeeded();
      await root.screenshot({ path: w.regionShot });
    }
    await root.locator(".cn-view").nth(0).click();

    // The instrument switch: the counters, table and shapes on a date.
    w.instruments = [];
    for (const [id, d] of switches) {
      await root.locator(".cn-inst").selectOption(id);
      await root.locator(".cn-date").fill(d);
      await root.locator(".cn-date").dispatchEvent("change");
      await page.waitForFunction(([id, d]) => { const r = document.querySelector("[data-cn-map]"); return r.dataset.instrument === id && r.dataset.date === d; }, [id, d]);
      await page.waitForTimeout(100);
      const counts = {};
      for (const li of await root.locator(".cn-counters li").all()) {
        counts[await li.getAttribute("data-category")] = (await li.locator(".cn-count").textContent()).replace(/\D/g, "");
      }
      const x = await page.evaluate(() => {
        const r = document.querySelector("[data-cn-map]");
        const filled = [...r.querySelectorAll(".cn-map svg g.countries_marks path")].filter((p) => !["#dddddd", ""].includes((p.getAttribute("fill") || "").toLowerCase())).length;
        const cov = r.querySelector(".cn-coverage");
        return { rows: r.querySelectorAll(".cn-table tbody tr").length, filled, coverage: r.dataset.coverage || "", note: cov.hidden ? "" : cov.textContent,
          label: r.querySelector(".cn-map").getAttribute("aria-label"), legend: r.querySelector(".cn-legend").textContent };
      });
      const dl = page.waitForEvent("download");
      await root.locator(".cn-download").click();
      const file = await dl;
      const csv = (await (await import("node:fs/promises")).readFile(await file.path(), "utf8")).trim().split("\n");
      const item = { id, date: d, counts, ...x, download: { name: file.suggestedFilename(), header: csv[0], rows: csv.length - 1 } };
      if (outDir && w.instruments.length === 0) {
        item.shot = path.join(outDir, `report-${w.lang}-${width}-${id}.png`);
        await root.screenshot({ path: item.shot });
      }
      w.instruments.push(item);
    }
    await root.locator(".cn-inst").selectOption("paris-call");
    if (outDir) {
      w.screenshot = path.join(outDir, `report-${w.lang}-${width}.png`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: w.screenshot, fullPage: false });
      w.mapShot = path.join(outDir, `report-${w.lang}-${width}-map.png`);
      await root.screenshot({ path: w.mapShot });
    }
    result.widths.push(w);
    await context.close();

    // Without JavaScript: the static map and the counts of the report's date.
    const nojs = await browser.newContext({ viewport: { width, height: 900 }, offline: true, javaScriptEnabled: false });
    await nojs.route(/^(?!file:|data:)/, (route) => { result.requests.push(route.request().url()); route.abort(); });
    const np = await nojs.newPage();
    await np.goto(url, { waitUntil: "load" });
    const nr = np.locator("[data-cn-map]").first();
    const counts = {};
    for (const li of await nr.locator(".cn-counters li").all()) {
      counts[await li.getAttribute("data-category")] = (await li.locator(".cn-count").textContent()).replace(/\D/g, "");
    }
    w.nojs = await np.evaluate(() => {
      const r = document.querySelector("[data-cn-map]"), s = r.querySelector(".cn-static"), b = s ? s.getBoundingClientRect() : { width: 0, height: 0 };
      return { date: r.dataset.date, long: r.querySelector(".cn-long").textContent, filled: s ? new Set([...s.querySelectorAll(".y[data-a3]")].map((e) => e.dataset.a3)).size : 0,
        size: [Math.round(b.width), Math.round(b.height)], label: r.querySelector(".cn-map").getAttribute("aria-label"),
        controls: !r.querySelector(".cn-controls").hidden, note: (r.querySelector(".cn-nojs") || {}).textContent || "" };
    });
    w.nojs.counts = counts;
    if (outDir) {
      w.nojs.shot = path.join(outDir, `report-${w.lang}-${width}-nojs.png`);
      await nr.scrollIntoViewIfNeeded();
      await nr.screenshot({ path: w.nojs.shot });
    }
    await nojs.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result, null, 1));

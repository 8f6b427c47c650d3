// Mounts every interactive supporter map on the page: the date control and
// play button set the Vega view's step signal; counters, the caption, the
// description and the table follow; one tooltip serves hover and keyboard.
(function () {
  "use strict";
  function fill(s, vars) {
    return s.replace(/\{(\w+)\}/g, function (m, k) { return k in vars ? vars[k] : m; });
  }
  function mount(root) {
    if (root.dataset.mounted) { return; }
    root.dataset.mounted = "1";
    var t0 = performance.now();
    var spec = JSON.parse(root.querySelector(".cn-spec").textContent);
    var cfg = JSON.parse(root.querySelector(".cn-config").textContent);
    var T = cfg.text, nf = new Intl.NumberFormat(cfg.lang);
    var slider = root.querySelector(".cn-slider"), dateIn = root.querySelector(".cn-date");
    var play = root.querySelector(".cn-play"), mapEl = root.querySelector(".cn-map");
    var tip = root.querySelector(".cn-tip"), search = root.querySelector(".cn-search");
    var tbody = root.querySelector(".cn-table tbody"), caption = root.querySelector(".cn-table caption");
    var byA3 = {};
    cfg.countries.forEach(function (c) { byA3[c.a3] = c; });
    var step = cfg.start, view = null, timer = null, sel = "", sortKey = "name", sortDir = 1;
    dateIn.min = cfg.dates[0];
    dateIn.max = cfg.dates[cfg.dates.length - 1];

    function present(c, i) { return c.p && c.p[i] === 1; }
    function states(i) { return cfg.countries.filter(function (c) { return present(c, i); }); }
    function stepOf(iso) {
      var i = 0;
      while (i + 1 < cfg.dates.length && cfg.dates[i + 1] <= iso) { i++; }
      return i;
    }
    function tipHTML(c) {
      var esc = function (s) { var d = document.createElement("div"); d.textContent = s; return d.innerHTML; };
      var first = c.first < 0 ? "–" : (c.inFirst ? T.onorbefore + " " : "") + c.firstLong;
      var rows = [[T.status, present(c, step) ? T.supporter : T.notyet], [T.listed, first]];
      if (c.first >= 0) { rows.push([T.eu, c.eu ? T.yes : T.no]); }
      rows.push([T.nonstate, nf.format(c.n[step])]);
      return "<h3>" + esc(c.name) + "</h3><dl>" + rows.map(function (r) {
        return "<dt>" + esc(r[0]) + "</dt><dd>" + esc(r[1]) + "</dd>";
      }).join("") + "</dl><p class=\"cn-tipdate\">" + esc(cfg.long[step]) + "</p>";
    }
    function showTip(c, x, y) {
      tip.innerHTML = tipHTML(c);
      tip.hidden = false;
      tip.dataset.country = c.a3;
      var w = tip.offsetWidth, h = tip.offsetHeight, vw = document.documentElement.clientWidth;
      var left = Math.max(4, Math.min(x + 12, vw - w - 4));
      var top = y + 14 + h > window.innerHeight ? Math.max(4, y - h - 10) : y + 14;
      tip.style.left = left + "px";
      tip.style.top = top + "px";
    }
    function hideTip() { tip.hidden = true; delete tip.dataset.country; }
    // Vega calls this on hover with the item under the pointer.
    function onTooltip(handler, event, item, value) {
      var d = item && item.datum, a3 = d && (d.properties ? d.properties.a3 : d.a3);
      if (value == null || !a3 || !byA3[a3]) { hideTip(); return; }
      showTip(byA3[a3], event.clientX, event.clientY);
    }
    // Where a country is drawn, in the window: its shape's bounds.
    function itemOf(a3) {
      var found = null;
      (function walk(node) {
        if (found || !node) { return; }
        if (node.datum && node.mark && node.mark.marktype === "shape" && node.datum.properties && node.datum.properties.a3 === a3) { found = node; return; }
        (node.items || []).forEach(walk);
      })(view.scenegraph().root);
      return found;
    }
    var panel = root.querySelector(".cn-country"), shown = "";
    // The country's view: its own dates and its non-state supporters listed
    // on the date.
    function showCountry(a3) {
      shown = a3 || "";
      if (!shown) { panel.hidden = true; return; }
      var c = byA3[shown], cats = cfg.categories;
      root.querySelector(".cn-country-name").textContent = c.name;
      root.querySelector(".cn-country-state").textContent = present(c, step)
        ? fill(c.inFirst ? T.statebefore : T.statesince, { date: c.firstLong })
        : fill(T.notstate, { date: cfg.long[step] });
      var rows = (c.m || []).filter(function (m) { return m[2] <= step && (m[3] < 0 || m[3] > step); });
      var body = panel.querySelector("tbody");
      body.textContent = "";
      rows.forEach(function (m) {
        var tr = document.createElement("tr");
        [m[0], cats[m[1]].Label, cfg.long[m[2]]].forEach(function (v) {
          var td = document.createElement("td"); td.textContent = v; tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      panel.querySelector("caption").textContent = fill(T.members, { country: c.name, date: cfg.long[step], n: nf.format(rows.length) });
      panel.hidden = false;
    }
    function select(a3, withTip) {
      sel = a3 || "";
      if (view) { view.signal("sel", sel).runAsync(); }
      root.querySelectorAll(".cn-table tr").forEach(function (tr) { tr.classList.toggle("cn-selected", tr.dataset.country === sel); });
      if (!sel || !withTip) { hideTip(); return; }
      var it = view && itemOf(sel), r = mapEl.getBoundingClientRect(), o = view ? view.origin() : [0, 0];
      var x = r.left + r.width / 2, y = r.top + r.height / 2;
      if (it && it.bounds) {
        x = r.left + o[0] + (it.bounds.x1 + it.bounds.x2) / 2;
        y = r.top + o[1] + (it.bounds.y1 + it.bounds.y2) / 2;
      }
      showTip(byA3[sel], x, y);
    }
    function describe(list) {
      var by = {};
      list.forEach(function (c) { by[c.region] = (by[c.region] || 0) + 1; });
      var best = "", k = 0;
      Object.keys(by).sort().forEach(function (r) { if (by[r] > k) { best = r; k = by[r]; } });
      return fill(T.alt, { n: nf.format(list.length), date: cfg.long[step], region: best, k: nf.format(k) });
    }
    function renderTable(list) {
      var q = search.value.trim().toLocaleLowerCase(cfg.lang);
      var rows = list.filter(function (c) { return !q || c.name.toLocaleLowerCase(cfg.lang).indexOf(q) >= 0 || c.region.toLocaleLowerCase(cfg.lang).indexOf(q) >= 0; });
      var key = function (c) {
        switch (sortKey) {
          case "region": return c.region + "\u0000" + c.name;
          case "eu": return (c.eu ? "0" : "1") + c.name;
          case "first": return ("0000" + c.first).slice(-5) + c.name;
          case "n": return ("00000" + (99999 - c.n[step])).slice(-5) + c.name;
        }
        return c.name;
      };
      rows.sort(function (a, b) { return sortDir * key(a).localeCompare(key(b), cfg.lang); });
      tbody.textContent = "";
      rows.forEach(function (c) {
        var tr = document.createElement("tr");
        tr.dataset.country = c.a3;
        if (c.a3 === sel) { tr.className = "cn-selected"; }
        var cells = [null, c.region, c.eu ? T.yes : T.no, (c.inFirst ? T.onorbefore + " " : "") + c.firstLong, nf.format(c.n[step])];
        cells.forEach(function (v, i) {
          var td = document.createElement(i === 0 ? "th" : "td");
          if (i === 0) {
            td.scope = "row";
            var b = document.createElement("button");
            b.type = "button";
            b.textContent = c.name;
            b.addEventListener("focus", function () { select(c.a3, true); });
            b.addEventListener("click", function () { select(c.a3, true); showCountry(c.a3); });
            b.addEventListener("blur", hideTip);
            td.appendChild(b);
          } else {
            td.textContent = v;
          }
          if (i === 4) { td.className = "cn-num"; }
          tr.appendChild(td);
        });
        tbody.appendChild(tr);
      });
      root.querySelector(".cn-shown").textContent = fill(T.shown, { n: nf.format(rows.length), k: nf.format(list.length) });
    }
    function update() {
      slider.value = step;
      slider.setAttribute("aria-valuetext", cfg.long[step]);
      dateIn.value = cfg.dates[step];
      root.querySelector(".cn-long").textContent = cfg.long[step];
      root.dataset.date = cfg.dates[step];
      cfg.categories.forEach(function (c) {
        root.querySelector('[data-category="' + c.Key + '"] .cn-count').textContent = nf.format(c.Counts[step]);
      });
      root.querySelector('[data-category="total"] .cn-count').textContent = nf.format(cfg.total[step]);
      var list = states(step);
      caption.textContent = fill(T.tablecap, { date: cfg.long[step] });
      mapEl.setAttribute("aria-label", describe(list));
      renderTable(list);
      if (view) { view.signal("step", step).runAsync(); }
      if (!tip.hidden && tip.dataset.country) { tip.innerHTML = tipHTML(byA3[tip.dataset.country]); }
      if (shown) { showCountry(shown); }
    }
    function go(i) { step = Math.max(0, Math.min(cfg.dates.length - 1, i)); update(); }
    function stop() { clearInterval(timer); timer = null; play.setAttribute("aria-pressed", "false"); play.textContent = T.play; }
    slider.addEventListener("input", function () { go(+slider.value); });
    dateIn.addEventListener("change", function () { if (dateIn.value) { go(stepOf(dateIn.value)); } });
    search.addEventListener("input", function () { renderTable(states(step)); });
    play.addEventListener("click", function () {
      if (timer) { stop(); return; }
      if (step >= cfg.dates.length - 1) { go(0); }
      play.setAttribute("aria-pressed", "true");
      play.textContent = T.pause;
      timer = setInterval(function () { if (step >= cfg.dates.length - 1) { stop(); } else { go(step + 1); } }, 120);
    });
    root.querySelectorAll("thead button").forEach(function (b) {
      b.addEventListener("click", function () {
        sortDir = sortKey === b.dataset.key ? -sortDir : 1;
        sortKey = b.dataset.key;
        root.querySelectorAll("thead th").forEach(function (th) { th.removeAttribute("aria-sort"); });
        b.parentNode.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
        renderTable(states(step));
      });
    });
    mapEl.addEventListener("keydown", function (e) {
      var list = states(step).sort(function (a, b) { return a.name.localeCompare(b.name, cfg.lang); });
      if (!list.length) { return; }
      var i = list.findIndex(function (c) { return c.a3 === sel; });
      if (e.key === "ArrowRight" || e.key === "ArrowDown") { i = (i + 1) % list.length; }
      else if (e.key === "ArrowLeft" || e.key === "ArrowUp") { i = i <= 0 ? list.length - 1 : i - 1; }
      else if (e.key === "Escape") { select("", false); return; }
      else if (e.key === "Enter" && sel) { showCountry(sel); return; }
      else { return; }
      e.preventDefault();
      select(list[i].a3, true);
    });
    mapEl.addEventListener("focus", function () { var list = states(step); if (!sel && list.length) { select(list.slice().sort(function (a, b) { return a.name.localeCompare(b.name, cfg.lang); })[0].a3, true); } else if (sel) { select(sel, true); } });
    mapEl.addEventListener("blur", hideTip);
    update();
    root.querySelector(".cn-close").addEventListener("click", function () { showCountry(""); select("", false); });
    vegaEmbed(mapEl, spec, { renderer: "svg", actions: false, tooltip: onTooltip }).then(function (res) {
      view = res.view;
      view.signal("sel", sel);
      view.addEventListener("click", function (event, item) {
        var d = item && item.datum, a3 = d && (d.properties ? d.properties.a3 : d.a3);
        if (a3 && byA3[a3]) { select(a3, false); showCountry(a3); }
      });
      view.signal("step", step).runAsync().then(function () {
        root.dataset.firstRender = Math.round(performance.now() - t0);
        root.dataset.ready = "1";
      });
    }).catch(function (err) { console.error("interactive map: " + err); });
  }
  document.querySelectorAll("[data-cn-map]").forEach(mount);
})();

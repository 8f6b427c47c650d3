// Mounts every interactive map on the page. The date control is a time axis
// (its position is proportional to time); the instrument switch, the region
// views, the counters, the description, the table, the download and the
// country's panel follow the date and the instrument. Until Vega has drawn,
// the static map the page carries stays in place.
(function () {
  "use strict";
  var DAY = 864e5;
  function fill(s, vars) {
    return s.replace(/\{(\w+)\}/g, function (m, k) { return k in vars ? vars[k] : m; });
  }
  function dayOf(iso) { return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY; }
  function isoOf(n) { return new Date(n * DAY).toISOString().slice(0, 10); }
  function el(tag, cls, txt) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (txt != null) { e.textContent = txt; }
    return e;
  }
  function mount(root) {
    if (root.dataset.mounted) { return; }
    root.dataset.mounted = "1";
    var t0 = performance.now();
    var spec = JSON.parse(root.querySelector(".cn-spec").textContent);
    var cfg = JSON.parse(root.querySelector(".cn-config").textContent);
    var T = cfg.text, nf = new Intl.NumberFormat(cfg.lang, { useGrouping: "always" });
    var $ = function (s) { return root.querySelector(s); };
    var slider = $(".cn-slider"), dateIn = $(".cn-date"), ticks = $(".cn-ticks"), ends = $(".cn-ends");
    var play = $(".cn-play"), mapEl = $(".cn-map"), vegaEl = $(".cn-vega");
    var tip = $(".cn-tip"), search = $(".cn-search"), instSel = $(".cn-inst");
    var table = $(".cn-table"), tbody = table.querySelector("tbody"), caption = table.querySelector("caption");
    var panel = $(".cn-country");
    ["cn-controls", "cn-table-tools", "cn-table-box", "cn-views"].forEach(function (c) { $("." + c).hidden = false; });
    $(".cn-nojs").remove();
    var byA3 = {};
    cfg.countries.forEach(function (c) { byA3[c.a3] = c; });
    function longOf(iso) {
      var d = +iso.slice(8, 10);
      return fill(cfg.dateLong, { d: d === 1 ? cfg.dateFirst : String(d), m: cfg.months[+iso.slice(5, 7) - 1], y: iso.slice(0, 4) });
    }
    // The Paris Call, from the supporter history, then the panel's others.
    var paris = { id: "paris-call", label: T["inst.paris-call"], kind: "declaration", dates: cfg.dates };
    var insts = [paris].concat(cfg.instruments || []);
    insts.forEach(function (x) {
      var o = el("option", null, x.label);
      o.value = x.id;
      instSel.appendChild(o);
    });
    var inst = paris, step = cfg.start, day = dayOf(cfg.dates[cfg.start]);
    var view = null, timer = null, sel = "", shown = "", opener = null, sortKey = "name", sortDir = 1;

    // Where a state stands under an instrument at a step: [code, since].
    function standing(x, a3, i) {
      if (x === paris) {
        var c = byA3[a3];
        return c && c.p && c.p[i] === 1 ? [1, c.firstLong] : [0, ""];
      }
      var runs = x.states[a3], s = [0, ""];
      if (!runs) { return s; }
      for (var k = 0; k < runs.length && runs[k][0] <= i; k++) { s = [runs[k][1], runs[k][2]]; }
      return s;
    }
    function stepIn(x, iso) {
      var i = 0;
      while (i + 1 < x.dates.length && x.dates[i + 1] <= iso) { i++; }
      return i;
    }
    function statusWord(x, code) {
      if (x === paris) { return code ? T.supporter : T.notyet; }
      return [T.none, T.party, T.signatory, T.invited, T.supporterof][code];
    }
    // The states with a status on the date, as the table lists them.
    function states() {
      return cfg.countries.filter(function (c) { return standing(inst, c.a3, step)[0] > 0; });
    }
    function statusMap() {
      var m = {};
      cfg.countries.forEach(function (c) { var s = standing(inst, c.a3, step)[0]; if (s) { m[c.a3] = s; } });
      return m;
    }

    // The time axis: from the instrument's first day to its last, with a
    // tick at each 1 January and the ends written out.
    function axis() {
      var a = dayOf(inst.dates[0]), b = dayOf(inst.dates[inst.dates.length - 1]);
      slider.min = 0;
      slider.max = b - a;
      dateIn.min = inst.dates[0];
      dateIn.max = inst.dates[inst.dates.length - 1];
      ticks.textContent = "";
      var y0 = +inst.dates[0].slice(0, 4) + 1, y1 = +inst.dates[inst.dates.length - 1].slice(0, 4);
      var every = y1 - y0 > 12 ? 5 : y1 - y0 > 6 ? 2 : 1;
      for (var y = y0; y <= y1; y++) {
        var t = el("span", "cn-tick" + (y % every === 0 ? " cn-major" : ""));
        var at = (dayOf(y + "-01-01") - a) / Math.max(1, b - a);
        // The ends' own labels stand where a year's would touch them.
        if (y % every === 0 && at > 0.06 && at < 0.94) { t.dataset.y = String(y); }
        t.style.setProperty("--at", at.toFixed(4));
        ticks.appendChild(t);
      }
      var e0 = el("span", "cn-end cn-end0", longOf(inst.dates[0])), e1 = el("span", "cn-end cn-end1", longOf(inst.dates[inst.dates.length - 1]));
      ends.textContent = "";
      ends.appendChild(e0);
      ends.appendChild(e1);
    }
    function first() { return dayOf(inst.dates[0]); }
    function last() { return dayOf(inst.dates[inst.dates.length - 1]); }

    function tipHTML(c) {
      var esc = function (s) { var d = document.createElement("div"); d.textContent = s; return d.innerHTML; };
      var rows, s = standing(inst, c.a3, step);
      if (inst === paris) {
        var firstL = c.first < 0 ? "–" : (c.inFirst ? T.onorbefore + " " : "") + c.firstLong;
        rows = [[T.status, s[0] ? T.supporter : T.notyet], [T.listed, firstL]];
        if (c.first >= 0) { rows.push([T.eu, c.eu ? T.yes : T.no]); }
        rows.push([T.nonstate, nf.format(c.n[pstep()])]);
      } else {
        rows = [[inst.label, statusWord(inst, s[0])]];
        if (s[0]) { rows.push([T.since, longish(s[1])]); }
      }
      return "<h3>" + esc(c.name) + "</h3><dl>" + rows.map(function (r) {
        return "<dt>" + esc(r[0]) + "</dt><dd>" + esc(r[1]) + "</dd>";
      }).join("") + "</dl><p class=\"cn-tipdate\">" + esc(longOf(isoOf(day))) + "</p>";
    }
    // The Paris Call's step on the date, whatever the instrument shown.
    function pstep() { return stepIn(paris, isoOf(day)); }
    function longish(iso) {
      if (iso.length === 10) { return longOf(iso); }
      if (iso.length === 7) { return cfg.months[+iso.slice(5, 7) - 1] + " " + iso.slice(0, 4); }
      return iso;
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
    function a3Of(item) {
      var d = item && item.datum;
      return d && (d.properties ? d.properties.a3 : d.a3);
    }
    function hover(a3) {
      if (view && view.signal("hov") !== (a3 || "")) { view.signal("hov", a3 || "").runAsync(); }
      root.dataset.hover = a3 || "";
    }
    // Vega calls this on hover with the item under the pointer.
    function onTooltip(handler, event, item, value) {
      var a3 = a3Of(item);
      if (value == null || !a3 || !byA3[a3]) { hideTip(); hover(""); return; }
      hover(a3);
      showTip(byA3[a3], event.clientX, event.clientY);
    }
    // Where a country is drawn, in the window.
    function boxOf(a3) {
      var found = null;
      vegaEl.querySelectorAll("path[aria-label], path").forEach(function (p) {
        if (!found && p.__data__ && p.__data__.datum && a3Of(p.__data__) === a3) { found = p.getBoundingClientRect(); }
      });
      return found;
    }

    // The country's view: where it stands under every instrument on the
    // date, and its non-state supporters of the Paris Call listed then.
    function showCountry(a3, from) {
      var wasOpen = !!shown;
      shown = a3 || "";
      if (!shown) {
        panel.hidden = true;
        if (opener && document.contains(opener)) { opener.focus(); }
        opener = null;
        return;
      }
      var c = byA3[shown], cats = cfg.categories, ps = pstep(), iso = isoOf(day);
      $(".cn-country-name").textContent = c.name;
      var s = standing(inst, shown, step);
      $(".cn-country-state").textContent = inst === paris
        ? (s[0] ? fill(c.inFirst ? T.statebefore : T.statesince, { date: c.firstLong }) : fill(T.notstate, { date: longOf(iso) }))
        : inst.label + ": " + statusWord(inst, s[0]) + (s[0] ? " (" + T.since.toLocaleLowerCase(cfg.lang) + " " + longish(s[1]) + ")" : "") + ".";
      var ib = panel.querySelector(".cn-insts tbody");
      ib.textContent = "";
      insts.forEach(function (x) {
        var i = x === paris ? ps : stepIn(x, iso), st = iso < x.dates[0] ? [0, ""] : standing(x, shown, i);
        var tr = el("tr");
        [x.label, statusWord(x, st[0]), st[0] ? longish(st[1]) : "–"].forEach(function (v, k) { tr.appendChild(el(k ? "td" : "th", null, v)); });
        tr.firstChild.scope = "row";
        if (x === inst) { tr.className = "cn-selected"; }
        ib.appendChild(tr);
      });
      panel.querySelector(".cn-insts caption").textContent = fill(T.insts, { date: longOf(iso) });
      var rows = (c.m || []).filter(function (m) { return m[2] <= ps && (m[3] < 0 || m[3] > ps); });
      var body = panel.querySelector(".cn-members tbody");
      body.textContent = "";
      rows.forEach(function (m) {
        var tr = el("tr");
        [m[0], cats[m[1]].Label, cfg.long[m[2]]].forEach(function (v) { tr.appendChild(el("td", null, v)); });
        body.appendChild(tr);
      });
      panel.querySelector(".cn-members thead").hidden = !rows.length;
      panel.querySelector(".cn-members caption").textContent = fill(T.members, { country: c.name, date: longOf(iso), n: nf.format(rows.length) });
      panel.hidden = false;
      if (!wasOpen || from) {
        opener = from || (root.contains(document.activeElement) ? document.activeElement : mapEl);
        $(".cn-country-name").focus();
      }
    }
    panel.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); e.stopPropagation(); closeCountry(); }
    });
    function closeCountry() { showCountry(""); select("", false); }
    $(".cn-close").addEventListener("click", closeCountry);

    function select(a3, withTip) {
      sel = a3 || "";
      if (view) { view.signal("sel", sel).runAsync(); }
      root.querySelectorAll(".cn-table tr").forEach(function (tr) { tr.classList.toggle("cn-selected", tr.dataset.country === sel); });
      if (!sel || !withTip) { hideTip(); return; }
      var r = boxOf(sel) || mapEl.getBoundingClientRect();
      showTip(byA3[sel], r.left + r.width / 2, r.top + r.height / 2);
    }
    function describe(list) {
      if (inst !== paris) {
        return fill(T.instalt, { n: nf.format(list.length), inst: inst.label, date: longOf(isoOf(day)) });
      }
      var by = {};
      list.forEach(function (c) { by[c.region] = (by[c.region] || 0) + 1; });
      var best = "", k = 0;
      Object.keys(by).sort().forEach(function (r) { if (by[r] > k) { best = r; k = by[r]; } });
      return fill(T.alt, { n: nf.format(list.length), date: longOf(isoOf(day)), region: best, k: nf.format(k) });
    }

    // The table's columns: the Paris Call's, or an instrument's.
    function columns() {
      return inst === paris
        ? [["name", T.country], ["region", T.region], ["eu", T.eu], ["first", T.listed], ["n", T.nonstate]]
        : [["name", T.country], ["region", T.region], ["status", T.status], ["since", T.since]];
    }
    function renderHead() {
      var tr = table.querySelector("thead tr");
      tr.textContent = "";
      columns().forEach(function (col) {
        var th = el("th"), b = el("button", null, col[1]);
        th.scope = "col";
        if (col[0] === "n") { th.className = "cn-num"; }
        if (col[0] === sortKey) { th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending"); }
        b.type = "button";
        b.title = T.sortby;
        b.dataset.key = col[0];
        b.addEventListener("click", function () {
          sortDir = sortKey === col[0] ? -sortDir : 1;
          sortKey = col[0];
          renderHead();
          renderTable(states());
        });
        th.appendChild(b);
        tr.appendChild(th);
      });
    }
    function cells(c) {
      if (inst === paris) {
        return [c.name, c.region, c.eu ? T.yes : T.no, (c.inFirst ? T.onorbefore + " " : "") + c.firstLong, nf.format(c.n[step])];
      }
      var s = standing(inst, c.a3, step);
      return [c.name, c.region, statusWord(inst, s[0]), longish(s[1])];
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
          case "status": return standing(inst, c.a3, step)[0] + c.name;
          case "since": return standing(inst, c.a3, step)[1] + c.name;
        }
        return c.name;
      };
      rows.sort(function (a, b) { return sortDir * key(a).localeCompare(key(b), cfg.lang); });
      tbody.textContent = "";
      rows.forEach(function (c) {
        var tr = el("tr");
        tr.dataset.country = c.a3;
        if (c.a3 === sel) { tr.className = "cn-selected"; }
        cells(c).forEach(function (v, i) {
          var td = el(i === 0 ? "th" : "td");
          if (i === 0) {
            td.scope = "row";
            var b = el("button", null, v);
            b.type = "button";
            b.addEventListener("focus", function () { select(c.a3, true); });
            b.addEventListener("click", function () { select(c.a3, false); showCountry(c.a3, b); });
            b.addEventListener("blur", hideTip);
            td.appendChild(b);
          } else {
            td.textContent = v;
          }
          if (inst === paris && i === 4) { td.className = "cn-num"; }
          tr.appendChild(td);
        });
        tbody.appendChild(tr);
      });
      $(".cn-shown").textContent = fill(T.shown, { n: nf.format(rows.length), k: nf.format(list.length) });
      return rows;
    }

    // Counters, legend and coverage for the instrument shown.
    function renderKeys() {
      var ul = $(".cn-counters"), lg = $(".cn-legend");
      ul.textContent = "";
      lg.textContent = "";
      var item = function (key, color, label) {
        var li = el("li");
        li.dataset.category = key;
        if (color) { var sw = el("span", "cn-swatch"); sw.style.background = color; li.appendChild(sw); }
        li.appendChild(el("span", "cn-count", "0"));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", "cn-label", label));
        ul.appendChild(li);
      };
      var key = function (color, label, dot) {
        var k = el("span", "cn-key"), sw = el("span", dot ? "cn-dot" : "cn-swatch");
        if (color) { sw.style.background = color; } else { sw.className += " cn-no"; }
        k.appendChild(sw);
        k.appendChild(document.createTextNode(label));
        lg.appendChild(k);
        lg.appendChild(document.createTextNode(" "));
      };
      if (inst === paris) {
        cfg.categories.forEach(function (c) { item(c.Key, c.Color, c.Label); });
        item("total", "", T.total);
        key(cfg.colors[1], T.legendyes);
        key("", T.legendno);
      } else {
        var codes = inst.kind === "treaty" ? [1, 2, 3] : [4];
        var names = { 1: "party", 2: "signatory", 3: "invited", 4: "supporter" };
        codes.forEach(function (k) { item(names[k], cfg.colors[k], statusWord(inst, k)); });
        item("total", "", T.sum);
        codes.forEach(function (k) { key(cfg.colors[k], statusWord(inst, k)); });
        key("", T.legendnone);
      }
      key(cfg.colors[1], T.legendsmall, true);
      $(".cn-source").textContent = inst === paris ? T.source : T.instsource;
    }
    function coverage() {
      var p = $(".cn-coverage");
      if (inst === paris) { p.hidden = true; return; }
      var iso = isoOf(day), cov = inst.coverage || [], pick = null;
      // The latest total of the main measure stated by the date, else the
      // first stated.
      var main = cov.filter(function (r) { return r[2] === cov[0][2]; });
      main.forEach(function (r) { if (r[0] <= iso) { pick = r; } });
      if (!pick && main.length) { pick = main[0]; }
      var txt;
      if (!pick) {
        txt = fill(T.nototal, { n: nf.format(states().length) });
      } else {
        txt = fill(T.official, { date: pick[1], total: nf.format(pick[3]), measure: pick[2], source: pick[6].replace(/\s*<[^>]*>$/, "") });
        if (pick[4] < pick[3]) {
          txt += " " + fill(T.incomplete, { n: nf.format(pick[4]), total: nf.format(pick[3]), measure: pick[2], missing: nf.format(pick[3] - pick[4]) });
        }
      }
      var regs = inst.regions[step] || [];
      if (regs.length) {
        txt += " " + fill(T.regionsum, { list: regs.map(function (r) { return r[0] + " " + nf.format(r[1]); }).join(", ") });
      }
      p.textContent = txt;
      p.hidden = false;
      root.dataset.coverage = pick ? pick[4] + "/" + pick[3] : "";
    }

    function update() {
      step = stepIn(inst, isoOf(day));
      var iso = isoOf(day);
      slider.value = day - first();
      slider.setAttribute("aria-valuetext", longOf(iso));
      dateIn.value = iso;
      $(".cn-long").textContent = (inst === paris ? "" : inst.label + " · ") + longOf(iso);
      root.dataset.date = iso;
      root.dataset.instrument = inst.id;
      var counts = $(".cn-counters");
      if (inst === paris) {
        cfg.categories.forEach(function (c) {
          counts.querySelector('[data-category="' + c.Key + '"] .cn-count').textContent = nf.format(c.Counts[step]);
        });
        counts.querySelector('[data-category="total"] .cn-count').textContent = nf.format(cfg.total[step]);
      } else {
        var n = inst.counts[step];
        [["party", 0], ["signatory", 1], ["invited", 2], ["supporter", 3], ["total", 4]].forEach(function (k) {
          var li = counts.querySelector('[data-category="' + k[0] + '"] .cn-count');
          if (li) { li.textContent = nf.format(n[k[1]]); }
        });
      }
      var list = states();
      caption.textContent = inst === paris ? fill(T.tablecap, { date: longOf(iso) }) : fill(T.insttablecap, { inst: inst.label, date: longOf(iso) });
      mapEl.setAttribute("aria-label", describe(list));
      renderTable(list);
      coverage();
      if (view) { view.signal("st", statusMap()).runAsync(); }
      if (!tip.hidden && tip.dataset.country) { tip.innerHTML = tipHTML(byA3[tip.dataset.country]); }
      if (shown) { showCountry(shown); }
    }
    function go(d) { day = Math.max(first(), Math.min(last(), d)); update(); }
    function stop() { clearInterval(timer); timer = null; play.setAttribute("aria-pressed", "false"); play.textContent = T.play; }
    function setInstrument(id) {
      stop();
      inst = insts.filter(function (x) { return x.id === id; })[0] || paris;
      instSel.value = inst.id;
      if (sortKey !== "name" && sortKey !== "region") { sortKey = "name"; sortDir = 1; }
      axis();
      slider.setAttribute("aria-label", inst === paris ? T.slider : T.date + " · " + inst.label);
      renderHead();
      renderKeys();
      go(day);
    }
    slider.addEventListener("input", function () { go(first() + +slider.value); });
    // The arrow keys step from one change to the next, Page Up and Page Down
    // by a year; Home and End as the control does.
    slider.addEventListener("keydown", function (e) {
      var iso = isoOf(day), i = stepIn(inst, iso), d = null;
      switch (e.key) {
        case "ArrowRight": case "ArrowUp":
          d = i + 1 < inst.dates.length ? dayOf(inst.dates[i + 1]) : last(); break;
        case "ArrowLeft": case "ArrowDown":
          d = dayOf(inst.dates[i]) < day ? dayOf(inst.dates[i]) : dayOf(inst.dates[Math.max(0, i - 1)]); break;
        case "PageUp": d = day + 365; break;
        case "PageDown": d = day - 365; break;
        default: return;
      }
      e.preventDefault();
      go(d);
    });
    dateIn.addEventListener("change", function () { if (dateIn.value) { go(dayOf(dateIn.value)); } });
    instSel.addEventListener("change", function () { setInstrument(instSel.value); });
    search.addEventListener("input", function () { renderTable(states()); });
    play.addEventListener("click", function () {
      if (timer) { stop(); return; }
      if (day >= last()) { go(first()); }
      play.setAttribute("aria-pressed", "true");
      play.textContent = T.pause;
      var by = Math.max(1, Math.round((last() - first()) / 150));
      timer = setInterval(function () { if (day >= last()) { stop(); } else { go(day + by); } }, 100);
    });

    // The CSV of the states shown, made in the page.
    $(".cn-download").addEventListener("click", function () {
      var q = function (v) { v = String(v); return /[",\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; };
      var head = inst === paris ? ["alpha3", "name", "region", "eu_member", "first_listed", "non_state_supporters", "as_of"]
        : ["alpha3", "name", "region", "status", "since", "instrument", "as_of"];
      var iso = isoOf(day), lines = [head.join(",")];
      renderTable(states()).forEach(function (c) {
        var s = standing(inst, c.a3, step);
        var row = inst === paris ? [c.a3, c.name, c.region, c.eu, c.first >= 0 ? cfg.dates[c.first] : "", c.n[step], iso]
          : [c.a3, c.name, c.region, ["", "party", "signatory", "invited", "supporter"][s[0]], s[1], inst.id, iso];
        lines.push(row.map(q).join(","));
      });
      var a = el("a");
      a.href = URL.createObjectURL(new Blob([lines.join("\n") + "\n"], { type: "text/csv;charset=utf-8" }));
      a.download = "cybernorms-" + inst.id + "-" + iso + ".csv";
      document.body.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    });

    // Region views: the projection is fitted to the region's extent.
    var viewsEl = $(".cn-views"), region = 0;
    cfg.views.forEach(function (v, i) {
      var b = el("button", "cn-view", v[0]);
      b.type = "button";
      b.setAttribute("aria-pressed", i === 0 ? "true" : "false");
      b.addEventListener("click", function () { setView(i); });
      viewsEl.appendChild(b);
    });
    function fitOf(i) {
      var v = cfg.views[i];
      if (!v[1] && v[1] !== 0) { return { type: "Sphere" }; }
      var w = v[1], s = v[2], e = v[3], n = v[4], pts = [];
      for (var k = 0; k <= 4; k++) { var lon = w + (e - w) * k / 4; pts.push([lon, s], [lon, n]); }
      return { type: "MultiPoint", coordinates: pts };
    }
    function setView(i) {
      region = i;
      viewsEl.querySelectorAll("button").forEach(function (b, k) { b.setAttribute("aria-pressed", k === i ? "true" : "false"); });
      root.classList.toggle("cn-zoomed", i > 0);
      root.dataset.view = i;
      if (view) {
        // The box's height may have changed with the view: the view takes
        // its new size, then the projection its new extent.
        window.dispatchEvent(new Event("resize"));
        view.runAsync().then(function () { return view.signal("fitTo", fitOf(i)).runAsync(); });
      }
    }

    mapEl.addEventListener("keydown", function (e) {
      var list = states().sort(function (a, b) { return a.name.localeCompare(b.name, cfg.lang); });
      if (!list.length) { return; }
      var i = list.findIndex(function (c) { return c.a3 === sel; });
      if (e.key === "ArrowRight" || e.key === "ArrowDown") { i = (i + 1) % list.length; }
      else if (e.key === "ArrowLeft" || e.key === "ArrowUp") { i = i <= 0 ? list.length - 1 : i - 1; }
      else if (e.key === "Escape") { select("", false); return; }
      else if (e.key === "Enter" && sel) { showCountry(sel, mapEl); return; }
      else { return; }
      e.preventDefault();
      select(list[i].a3, true);
    });
    mapEl.addEventListener("focus", function () {
      var list = states();
      if (!sel && list.length) { select(list.slice().sort(function (a, b) { return a.name.localeCompare(b.name, cfg.lang); })[0].a3, true); }
      else if (sel) { select(sel, true); }
    });
    mapEl.addEventListener("blur", hideTip);
    setInstrument("paris-call");
    // The compiled projection is fitted to the fitTo signal (the sphere, or
    // a region's extent) instead of the data.
    function patch(vg) {
      vg.signals = (vg.signals || []).concat([{ name: "fitTo", value: fitOf(region) }]);
      (vg.projections || []).forEach(function (p) { p.fit = { signal: "fitTo" }; });
      return vg;
    }
    spec.params[0].value = statusMap();
    vegaEmbed(vegaEl, spec, { renderer: "svg", actions: false, tooltip: onTooltip, patch: patch }).then(function (res) {
      view = res.view;
      view.signal("sel", sel);
      view.addEventListener("click", function (event, item) {
        var a3 = a3Of(item);
        if (a3 && byA3[a3]) { select(a3, false); showCountry(a3, mapEl); }
      });
      view.addEventListener("mouseout", function (event, item) { if (!item) { hover(""); } });
      view.signal("st", statusMap()).runAsync().then(function () {
        var s = mapEl.querySelector(".cn-static");
        if (s) { s.remove(); }
        // Vega names its container a "Vega visualization": the map's own
        // name and description are on the element around it.
        vegaEl.setAttribute("aria-hidden", "true");
        root.dataset.firstRender = Math.round(performance.now() - t0);
        root.dataset.ready = "1";
      });
    }).catch(function (err) { console.error("interactive map: " + err); });
  }
  document.querySelectorAll("[data-cn-map]").forEach(mount);
})();

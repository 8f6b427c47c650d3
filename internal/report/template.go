package report

const pageTemplate = `<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{t "page.title"}}</title>
<style>
:root { --ink: #222; --muted: #595959; --rule: #ccc; --holds: #006b35; --fails: #b34700; --unchecked: #666666; }
* { box-sizing: border-box; }
body { font: 16px/1.5 "Liberation Sans", Arial, Helvetica, sans-serif; color: var(--ink); max-width: 1000px; margin: 1.5rem auto; padding: 0 1rem; overflow-wrap: break-word; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; line-height: 1.25; }
h2 { font-size: 1.25rem; margin-top: 2.4rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
p.lede, .muted { color: var(--muted); }
figure { margin: 1.2rem 0; }
figure .scroll { border: 1px solid #eee; }
figure img { display: block; width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .3rem; }
figcaption a { margin-right: .6rem; white-space: nowrap; }
.scroll { max-width: 100%; overflow-x: auto; margin: 1rem 0; }
.scroll:focus-visible { outline: 3px solid #e69f00; }
.scroll > table { margin: 0; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .85rem; width: 100%; }
caption { text-align: left; font-weight: bold; padding-bottom: .4rem; }
th, td { border-bottom: 1px solid #e6e6e6; padding: .3rem .45rem; vertical-align: top; }
th { background: #eef2f6; text-align: left; }
td.ac, th.ac { text-align: center; } td.ar, th.ar { text-align: right; font-variant-numeric: tabular-nums; }
td.holds { color: var(--holds); font-weight: bold; } td.fails { color: var(--fails); font-weight: bold; } td.unchecked { color: var(--unchecked); } td.transcribed, td.consistent { color: var(--unchecked); font-style: italic; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: .8rem; color: #fff; font-size: .85rem; }
.badge.holds { background: var(--holds); } .badge.fails { background: var(--fails); } .badge.unchecked { background: var(--unchecked); }
code { font-size: .85rem; background: #f4f4f4; padding: 0 .2rem; }
td code { white-space: nowrap; }
/* A wide table keeps readable columns on a phone and scrolls in its box. */
.scroll > table.wide { min-width: 40rem; } .scroll > table#table-claims { min-width: 60rem; }
nav ul { display: flex; flex-wrap: wrap; gap: .2rem 1rem; list-style: none; padding: 0; }
details { margin: 1rem 0; } summary { cursor: pointer; color: #0060a0; }
/* On a phone a printed figure keeps a size its text can be read at and
   scrolls in its own box. */
@media (max-width: 700px) { figure .scroll img { width: 720px; max-width: none; } body { font-size: 15px; } }
@media print { nav { display: none; } h2 { break-before: page; } }
</style>
</head>
<body>
<header>
<h1>{{t "h1"}}</h1>
<p class="lede">{{t "lede" .Version .FirstLong .LastLong}} {{th "asof" (strong .AccessLong)}}</p>
<nav aria-label="{{t "nav"}}"><ul><li><a href="#map">{{t "nav.map"}}</a></li><li><a href="#coverage">{{t "h.coverage"}}</a></li><li><a href="#power">{{t "h.power"}}</a></li><li><a href="#claims">{{t "nav.claims"}}</a></li><li><a href="#beyond">{{t "nav.beyond"}}</a></li><li><a href="#provenance">{{t "nav.provenance"}}</a></li></ul></nav>
</header>
<main>
<h2 id="map">{{t "h.map"}}</h2>
<p>{{t "map.intro"}}</p>
{{.Libraries}}
{{.Interactive}}
{{template "figure" index .Figures "gambar-2-1-supporter-map"}}
<details><summary>{{t "states.details"}}</summary>
{{index .Tables "supporter-states"}}
</details>
<h2 id="coverage">{{t "h.coverage"}}</h2>
{{if eq .Lang "fr"}}<p class="muted">{{t "quoted"}}</p>{{end}}
{{template "figure" index .Figures "tabel-2-1-coverage"}}
{{index .Tables "tabel-2-1-coverage"}}
<h2 id="power">{{t "h.power"}}</h2>
{{if eq .Lang "fr"}}<p class="muted">{{t "quoted"}}</p>{{end}}
{{template "figure" index .Figures "tabel-2-2-cyber-power"}}
{{index .Tables "tabel-2-2-cyber-power"}}
<h2 id="claims">{{t "h.claims"}}</h2>
<p>{{th "claims.intro" (code "datasets/curated/claims.csv") .AccessLong .LastLong}}</p>
{{range .VerdictsByKind}}<p><strong>{{t .Kind}}</strong>. {{t "on" $.AccessLong}} <span class="badge holds">{{t "v.holds" .Access.Holds}}</span> <span class="badge fails">{{t "v.fails" .Access.Fails}}</span> <span class="badge unchecked">{{t "v.unchecked" .Access.Unchecked}}</span>.
{{t "on" $.LastLong}} <span class="badge holds">{{t "v.holds" .Latest.Holds}}</span> <span class="badge fails">{{t "v.fails" .Latest.Fails}}</span> <span class="badge unchecked">{{t "v.unchecked" .Latest.Unchecked}}</span>.</p>
{{end}}<p>{{t "claims.transcribed"}}</p>
{{index .Tables "claim-kinds"}}
{{index .Tables "claims"}}
<h3 id="errata">{{t "h.errata"}}</h3>
<p>{{th "errata.intro" (code "datasets/curated/evidence.csv")}}</p>
{{index .Tables "errata"}}
<h3 id="ledger">{{t "h.ledger"}}</h3>
<p>{{t "ledger.intro" .AccessLong}}</p>
{{index .Tables "claim-ledger"}}
<h2 id="beyond">{{t "h.beyond"}}</h2>
{{range .Beyond}}{{if .Fig}}{{template "figure" .Fig}}{{else}}{{.Table}}{{end}}
{{with .Note}}<p class="muted">{{.}}</p>
{{end}}{{end -}}
{{with .Findings}}<h3 id="bound">{{t "h.bound"}}</h3>
<ul>{{range .}}
<li>{{.Text}} (<a href="#table-{{.Exhibit.ID}}">{{t "find.see" .Caption}}</a>)</li>{{end}}
</ul>
{{end -}}
<h2 id="provenance">{{t "h.provenance"}}</h2>
<p>{{th "regen" (code (printf "go run ./cmd/cybernorms reproduce --as-of %s --lang %s" .AsOf .Lang)) (code "datasets/datapackage.json") .Version (link "https://github.com/ambanum/pariscall.international")}}</p>
<p>{{t "js.licences" (js "vega") (js "vega-lite") (js "vega-embed")}}</p>
<div class="scroll" role="region" tabindex="0" aria-labelledby="caption-resources"><table id="table-resources"><caption id="caption-resources">{{t "res.caption"}}</caption><thead><tr><th>{{t "res.resource"}}</th><th>{{t "res.file"}}</th><th class="ar">{{t "res.rows"}}</th><th class="ar">{{t "res.bytes"}}</th><th>{{t "files.hash"}}</th></tr></thead><tbody>
{{range .Resources}}<tr><td>{{.Name}}</td><td><code>{{.Path}}</code></td><td class="ar">{{.Rows}}</td><td class="ar">{{.Bytes}}</td><td><code title="{{.Hash}}">{{.Short}}</code></td></tr>
{{end}}</tbody></table></div>
<div class="scroll" role="region" tabindex="0" aria-labelledby="caption-files"><table id="table-files"><caption id="caption-files">{{t "files.caption"}}</caption><thead><tr><th>{{t "res.file"}}</th><th>{{t "files.hash"}}</th></tr></thead><tbody>
{{range .Files}}<tr><td><a href="{{.Name}}">{{.Name}}</a></td><td><code>{{.Hash}}</code></td></tr>
{{end}}</tbody></table></div>
</main>
<script>
// Records, for readers and tests, how many figures loaded and any error.
window.addEventListener("error", function (e) { document.body.dataset.errors = (+(document.body.dataset.errors || 0) + 1); });
window.addEventListener("load", function () {
  var imgs = document.querySelectorAll("img[data-figure]"), ok = 0;
  imgs.forEach(function (i) { if (i.complete && i.naturalWidth > 0) { ok++; } else { console.error("figure did not load: " + i.dataset.figure); } });
  document.body.dataset.figures = imgs.length;
  document.body.dataset.figuresLoaded = ok;
});
</script>
</body>
</html>
{{define "figure"}}<figure><div class="scroll" role="region" tabindex="0" aria-label="{{.Caption}}">{{.Img}}</div><figcaption>{{if .TableCaptioned}}{{t "fig.files"}}:{{else}}{{.Caption}}.{{end}} {{range .Links}}<a href="{{.}}">{{.}}</a>{{end}}{{if .Data}}<a href="{{.Data}}">{{t "data.shown"}}</a>{{end}}</figcaption></figure>
{{end}}`

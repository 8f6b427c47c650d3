package report

const pageTemplate = `<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The Paris Call, reproduced: chapter tables, figure and claims</title>
<style>
:root { --ink: #222; --muted: #666; --rule: #ccc; --holds: #007a3d; --fails: #a03c3c; --unchecked: #777; }
body { font: 15px/1.5 "Liberation Sans", Arial, Helvetica, sans-serif; color: var(--ink); max-width: 980px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; margin-top: 2.4rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; }
p.lede, .muted { color: var(--muted); }
figure { margin: 1.2rem 0; }
figure img { width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: var(--muted); font-size: .9rem; }
figcaption a { margin-right: .6rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .85rem; width: 100%; }
caption { text-align: left; font-weight: bold; padding-bottom: .4rem; }
th, td { border-bottom: 1px solid #e6e6e6; padding: .3rem .45rem; vertical-align: top; }
th { background: #eef2f6; text-align: left; }
td.ac, th.ac { text-align: center; } td.ar, th.ar { text-align: right; }
td.holds { color: var(--holds); font-weight: bold; } td.fails { color: var(--fails); font-weight: bold; } td.unchecked { color: var(--unchecked); }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: .8rem; color: #fff; font-size: .85rem; }
.badge.holds { background: var(--holds); } .badge.fails { background: var(--fails); } .badge.unchecked { background: var(--unchecked); }
code { font-size: .85rem; background: #f4f4f4; padding: 0 .2rem; }
nav a { margin-right: .8rem; }
details { margin: 1rem 0; } summary { cursor: pointer; color: #0060a0; }
@media print { nav { display: none; } h2 { break-before: page; } }
</style>
</head>
<body>
<header>
<h1>The Paris Call for Trust and Security in Cyberspace, reproduced</h1>
<p class="lede">The tables and the figure of a thesis chapter on French cyber doctrine and the Paris Call (Chapter II), regenerated from the project's datasets
(version {{.Version}}), the chapter's claims checked against the Call's supporter history ({{.First}} to {{.Last}}), and a few views beyond the chapter.
Map and supporter tables as of <strong>{{.AsOfLong}}</strong>.</p>
<nav><a href="#map">Gambar 2.1</a><a href="#coverage">Tabel 2.1</a><a href="#power">Tabel 2.2</a><a href="#claims">Claims</a><a href="#beyond">Beyond the chapter</a><a href="#provenance">Provenance</a></nav>
</header>
{{range .Figures}}{{if eq .Name "gambar-2-1-supporter-map"}}
<h2 id="map">Gambar 2.1 — supporter states</h2>
{{$.Libraries}}
{{$.Interactive}}
<figure><img src="{{.Src}}" alt="{{.Caption}}" data-figure="{{.Name}}"><figcaption>{{.Caption}}. {{range .Links}}<a href="{{.}}">{{.}}</a>{{end}}</figcaption></figure>
{{end}}{{end}}
<details><summary>The supporter states, one by one</summary>
{{index .Tables "supporter-states"}}
</details>
<h2 id="coverage">Tabel 2.1 — the nine principles in six frameworks</h2>
{{range .Figures}}{{if eq .Name "tabel-2-1-coverage"}}<figure><img src="{{.Src}}" alt="{{.Caption}}" data-figure="{{.Name}}"><figcaption>{{.Caption}}. {{range .Links}}<a href="{{.}}">{{.}}</a>{{end}}</figcaption></figure>{{end}}{{end}}
{{index .Tables "tabel-2-1-coverage"}}
<h2 id="power">Tabel 2.2 — Nye's cyber power matrix</h2>
{{range .Figures}}{{if eq .Name "tabel-2-2-cyber-power"}}<figure><img src="{{.Src}}" alt="{{.Caption}}" data-figure="{{.Name}}"><figcaption>{{.Caption}}. {{range .Links}}<a href="{{.}}">{{.}}</a>{{end}}</figcaption></figure>{{end}}{{end}}
{{index .Tables "tabel-2-2-cyber-power"}}
<h2 id="claims">The chapter's claims, checked</h2>
<p>Each checkable statement of the chapter is stored as data (<code>datasets/curated/claims.csv</code>: the quote, a metric, its parameters, an operator, the value stated)
and checked by the build on the chapter's access date, 2021-01-18, and on the last date of the supporter history, {{.Last}}. Verdicts are computed, never typed.</p>
<p>On 2021-01-18: <span class="badge holds">{{.Access.Holds}} hold</span> <span class="badge fails">{{.Access.Fails}} do not hold</span> <span class="badge unchecked">{{.Access.Unchecked}} cannot be checked</span>.
On {{.Last}}: <span class="badge holds">{{.Latest.Holds}} hold</span> <span class="badge fails">{{.Latest.Fails}} do not hold</span> <span class="badge unchecked">{{.Latest.Unchecked}} cannot be checked</span>.</p>
{{index .Tables "claims"}}
<h2 id="beyond">Beyond the chapter</h2>
{{range .Figures}}{{if or (eq .Name "supporters-over-time") (eq .Name "states-by-region")}}<figure><img src="{{.Src}}" alt="{{.Caption}}" data-figure="{{.Name}}"><figcaption>{{.Caption}}. {{range .Links}}<a href="{{.}}">{{.}}</a>{{end}}</figcaption></figure>{{end}}{{end}}
<p class="muted">Supporters already listed in the upstream's first record ({{.First}}) joined on or before that date: the curves start too high there.
Dates are those of the commits that published each change.</p>
{{index .Tables "supporters-by-region"}}
{{index .Tables "doctrine-timeline"}}
<h2 id="provenance">Provenance</h2>
<p>Regenerate everything with <code>go run ./cmd/cybernorms reproduce --as-of {{.AsOf}} --lang {{.Lang}}</code> from a clone of the project; no network is needed.
The datasets are described by <code>datasets/datapackage.json</code> (version {{.Version}}); the supporter history is read from the public repository of the Call's site,
<a href="https://github.com/ambanum/pariscall.international">github.com/ambanum/pariscall.international</a>; country names and regions are CLDR's; boundaries are Natural Earth's (public domain).</p>
<table id="table-resources"><caption>Dataset files</caption><thead><tr><th>resource</th><th>file</th><th class="ar">rows</th><th class="ar">bytes</th><th>sha256</th></tr></thead><tbody>
{{range .Resources}}<tr><td>{{.Name}}</td><td><code>{{.Path}}</code></td><td class="ar">{{if .Rows}}{{.Rows}}{{end}}</td><td class="ar">{{.Bytes}}</td><td><code>{{.Hash}}</code></td></tr>
{{end}}</tbody></table>
<table id="table-files"><caption>Files of this report</caption><thead><tr><th>file</th><th>sha256 (first 16 digits)</th></tr></thead><tbody>
{{range .Files}}<tr><td><a href="{{.Name}}">{{.Name}}</a></td><td><code>{{.Hash}}</code></td></tr>
{{end}}</tbody></table>
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
`

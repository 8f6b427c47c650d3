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
/* The findings come first: what the study found, each with its evidence. */
#findings { margin: 1rem 0 1.5rem; } #findings h2 { margin-top: .6rem; }
ul.findings { padding-left: 1.1rem; margin: .4rem 0; } ul.findings > li { margin: .35rem 0; }
ul.findings ul { padding-left: 1rem; margin: .15rem 0; } ul.findings ul li { margin: .1rem 0; }
a.ev { white-space: nowrap; font-size: .85rem; }
/* Claims: one block per sentence of the chapter. */
#claim-list { margin: 1rem 0; }
.sentence { border-top: 1px solid var(--rule); padding: .6rem 0; }
.sentence blockquote { margin: 0 0 .3rem; padding-left: .7rem; border-left: 3px solid var(--rule); color: var(--muted); font-size: .9rem; }
.sentence blockquote .sec { font-style: normal; font-size: .8rem; }
ul.checks { list-style: none; padding: 0; margin: .2rem 0; }
ul.checks > li { margin: .25rem 0; }
ul.checks.compact > li { font-size: .9rem; margin: .1rem 0; }
.badge.transcribed, .badge.consistent { background: var(--unchecked); }
.src { font-size: .85rem; color: var(--muted); }
.src a { margin-right: .4rem; }
details.passages { margin: .2rem 0 0; font-size: .85rem; }
details.passages blockquote { margin: .2rem 0 .4rem 1rem; }
.erratum { border-left: 4px solid var(--fails); padding: .3rem .8rem; margin: .8rem 0; }
dl.cite dt { font-weight: bold; } dl.cite dd { margin: 0 0 .6rem 0; }
@media (max-width: 700px) { h1 { font-size: 1.3rem; } .lede { font-size: .9rem; } }
@media print { nav { display: none; } h2 { break-before: page; } }
</style>
</head>
<body>
<header>
<h1>{{t "h1"}}</h1>
<p class="lede">{{t "lede.short" .Version .AccessLong}}</p>
</header>
<main>
<section id="findings" aria-labelledby="h-findings">
<h2 id="h-findings">{{t "top.h"}}</h2>
<ul class="findings">{{range .Top}}
<li data-finding>{{.Text}}{{with .Link}} <a class="ev" href="{{.}}">{{t "top.evidence"}}</a>{{end}}{{with .Items}}
<ul>{{range .}}<li>{{.Text}} <a class="ev" href="{{.Link}}">{{t "top.evidence"}}</a></li>{{end}}</ul>{{end}}</li>{{end}}
</ul>
</section>
<nav aria-label="{{t "nav"}}"><ul><li><a href="#map">{{t "nav.map"}}</a></li><li><a href="#coverage">{{t "h.coverage"}}</a></li><li><a href="#power">{{t "h.power"}}</a></li><li><a href="#claims">{{t "nav.claims"}}</a></li><li><a href="#errata">{{t "h.errata"}}</a></li><li><a href="#data">{{t "nav.data"}}</a></li><li><a href="#beyond">{{t "nav.beyond"}}</a></li><li><a href="#provenance">{{t "nav.provenance"}}</a></li></ul></nav>
<h2 id="map">{{t "h.map"}}</h2>
<p>{{t "map.intro"}} {{th "asof" (strong .AccessLong)}}</p>
{{.Libraries}}
{{.Interactive}}
{{template "figure" index .Figures "gambar-2-1-supporter-map"}}
<details><summary>{{t "states.details"}}</summary>
{{index .Tables "supporter-states"}}
</details>
<h2 id="coverage">{{t "h.coverage"}}</h2>
{{if eq .Lang "fr"}}<p class="muted">{{t "quoted"}}</p>{{end}}
{{template "figure" index .Figures "tabel-2-1-coverage"}}
<details><summary>{{t "table.details"}}</summary>
{{index .Tables "tabel-2-1-coverage"}}
</details>
<h2 id="power">{{t "h.power"}}</h2>
{{if eq .Lang "fr"}}<p class="muted">{{t "quoted"}}</p>{{end}}
{{template "figure" index .Figures "tabel-2-2-cyber-power"}}
<details><summary>{{t "table.details"}}</summary>
{{index .Tables "tabel-2-2-cyber-power"}}
</details>
<h2 id="claims">{{t "h.claims"}}</h2>
<p>{{t "cl.intro" (len .Claims.Sentences) .AccessLong .LastLong}}</p>
{{range .VerdictsByKind}}<p><strong>{{t .Kind}}</strong>. {{t "on" $.AccessLong}}{{template "verdicts" .Access}}.
{{t "on" $.LastLong}}{{template "verdicts" .Latest}}.</p>
{{end}}<p>{{t "claims.transcribed"}}</p>
<div id="claim-list">
{{range $s := .Claims.Sentences}}<article class="sentence" id="{{.Anchor}}">
<blockquote lang="id">“{{.Quote}}” <span class="sec" lang="{{$.Lang}}">({{.Section}})</span></blockquote>
<ul class="checks{{if .Compact}} compact{{end}}">{{range .Checks}}
<li id="claim-{{.ID}}" data-claim="{{.ID}}"><span class="badge {{.Class}}">{{.Verdict}}</span> {{.Statement}}{{if .Latest}} <span class="src">({{t "cl.latest" $.LastLong .Latest}})</span>{{end}}{{if $s.Compact}}{{with .Sources}} <span class="src">{{range .}}<a href="{{.URL}}" title="{{.Title}}">{{host .URL}}</a>{{end}}</span>{{end}}{{else}}{{template "links" .Sources}}{{end}}</li>{{end}}
</ul>
{{with .Sources}}<details class="passages"><summary>{{t "cl.passages" (len .)}}</summary>{{range .}}
<p><cite>{{.Title}}</cite>, <span class="own">{{.Publisher}}</span>, {{.Date}} ({{t "cl.read" .Read}}): <a href="{{.URL}}">{{host .URL}}</a></p>
<blockquote>“{{.Quote}}”</blockquote>{{end}}
</details>{{end}}
</article>
{{end}}</div>
<h3 id="errata">{{t "h.errata"}}</h3>
<p>{{t "errata.intro.plain" (len .Claims.Errata)}}</p>
{{range .Claims.Errata}}<article class="erratum" id="erratum-{{.ID}}" data-erratum="{{.ID}}">
<blockquote lang="id">“{{.Quote}}” <span class="sec" lang="{{$.Lang}}">({{.Section}})</span></blockquote>
<p>{{.Statement}} <span class="badge fails">{{t "does not hold"}}</span></p>
<p>{{t "cl.stated" .Expected .Found}}</p>
{{template "links" .Sources}}
{{with .Sources}}{{if (index . 0).Quote}}<details class="passages"><summary>{{t "cl.passages" (len .)}}</summary>{{range .}}
<p><cite>{{.Title}}</cite>, <span class="own">{{.Publisher}}</span>, {{.Date}}: <a href="{{.URL}}">{{host .URL}}</a></p>
<blockquote>“{{.Quote}}”</blockquote>{{end}}
</details>{{end}}{{end}}
</article>
{{end}}<details><summary>{{t "cl.tables"}}</summary>
{{index .Tables "claim-kinds"}}
<h3 id="ledger">{{t "h.ledger"}}</h3>
<p>{{t "ledger.intro" .AccessLong}}</p>
{{index .Tables "claim-ledger"}}
</details>
<h2 id="data">{{t "dl.h"}}</h2>
<p>{{t "dl.intro" .Version}} <a href="{{call .DataURL "datapackage.json"}}">datapackage.json</a> · <a href="{{.ProjectURL}}/tree/main/datasets">{{t "dl.all"}}</a></p>
<details><summary>{{t "dl.tables" (len .Downloads)}}</summary>
<div class="scroll" role="region" tabindex="0" aria-labelledby="caption-downloads"><table id="table-downloads"><caption id="caption-downloads">{{t "dl.caption" .Version}}</caption><thead><tr><th>{{t "res.resource"}}</th><th>{{t "dl.formats"}}</th><th class="ar">{{t "res.rows"}}</th><th>{{t "dl.licence"}}</th></tr></thead><tbody>
{{range .Downloads}}<tr><td>{{.Name}}</td><td>{{range .Links}}<a href="{{.URL}}">{{.Format}}</a> {{end}}</td><td class="ar">{{.Rows}}</td><td>{{.Licence}}</td></tr>
{{end}}</tbody></table></div>
</details>
<p>{{th "dl.licences" (link "https://www.apache.org/licenses/LICENSE-2.0") (link "https://creativecommons.org/licenses/by/4.0/") (link "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12") (link (printf "%s/blob/main/RIGHTS.md" .ProjectURL))}}</p>
<dl class="cite">
<dt>{{t "dl.cite"}}</dt>
<dd><span class="own">{{.Cite.Authors}}</span>{{with .Cite.Year}} ({{.}}){{end}}. <cite>{{.Cite.Title}}</cite>, {{t "dl.version" .Cite.Version}}. <a href="{{.Cite.URL}}">{{.Cite.URL}}</a></dd>
<dd>{{th "dl.citefiles" (link (printf "%s/blob/main/CITATION.cff" .ProjectURL)) (code "citations.bib") (code "citations.json")}} <a href="citations.bib">citations.bib</a> · <a href="citations.json">citations.json</a></dd>
<dt>{{t "dl.project"}}</dt>
<dd><a href="{{.ProjectURL}}">{{.ProjectURL}}</a></dd>
</dl>
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
<p>{{t "lede" .Version .FirstLong .LastLong}}</p>
<p>{{th "regen" (code (printf "go run ./cmd/cybernorms reproduce --as-of %s --lang %s" .AsOf .Lang)) (code "datasets/datapackage.json") .Version (link "https://github.com/ambanum/pariscall.international")}}</p>
<p>{{t "js.licences" (js "vega") (js "vega-lite") (js "vega-embed")}}</p>
<details><summary>{{t "res.details"}}</summary>
<div class="scroll" role="region" tabindex="0" aria-labelledby="caption-resources"><table id="table-resources"><caption id="caption-resources">{{t "res.caption"}}</caption><thead><tr><th>{{t "res.resource"}}</th><th>{{t "res.file"}}</th><th class="ar">{{t "res.rows"}}</th><th class="ar">{{t "res.bytes"}}</th><th>{{t "files.hash"}}</th></tr></thead><tbody>
{{range .Resources}}<tr><td>{{.Name}}</td><td><code>{{.Path}}</code></td><td class="ar">{{.Rows}}</td><td class="ar">{{.Bytes}}</td><td><code title="{{.Hash}}">{{.Short}}</code></td></tr>
{{end}}</tbody></table></div>
<div class="scroll" role="region" tabindex="0" aria-labelledby="caption-files"><table id="table-files"><caption id="caption-files">{{t "files.caption"}}</caption><thead><tr><th>{{t "res.file"}}</th><th>{{t "files.hash"}}</th></tr></thead><tbody>
{{range .Files}}<tr><td><a href="{{.Name}}">{{.Name}}</a></td><td><code>{{.Hash}}</code></td></tr>
{{end}}</tbody></table></div>
</details>
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
{{define "figure"}}<figure><div class="scroll" role="region" tabindex="0" aria-label="{{t "fig.image" .Caption}}">{{.Img}}</div><figcaption>{{if .TableCaptioned}}{{t "fig.files"}}:{{else}}{{.Caption}}.{{end}} {{with .Source}}<span class="source">{{.}}</span> {{end}}{{range .Links}}<a href="{{.}}">{{.}}</a>{{end}}{{if .Data}}<a href="{{.Data}}">{{t "data.shown"}}</a>{{end}}</figcaption></figure>
{{end}}
{{define "verdicts"}}{{if ne .Holds "0"}} <span class="badge holds">{{t "v.holds" .Holds}}</span>{{end}}{{if ne .Fails "0"}} <span class="badge fails">{{t "v.fails" .Fails}}</span>{{end}}{{if ne .Unchecked "0"}} <span class="badge unchecked">{{t "v.unchecked" .Unchecked}}</span>{{end}}{{end}}
{{define "links"}}{{with .}} <span class="src">{{t "cl.sources"}}: {{range .}}<a href="{{.URL}}" title="{{.Title}}"><span class="own">{{.Publisher}}</span>{{with .Date}}, {{.}}{{end}}</a>{{end}}</span>{{end}}{{end}}`

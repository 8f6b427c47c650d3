package interactive

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"regexp"
	"strings"
	"sync"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

// The pinned builds, copied from npm with their licences by `go generate`.
var (
	//go:embed js/vega.min.js
	vegaJS []byte
	//go:embed js/vega-lite.min.js
	vegaLiteJS []byte
	//go:embed js/vega-embed.min.js
	vegaEmbedJS []byte
	//go:embed js/LICENSES.txt
	licencesTxt []byte
	//go:embed js/SHA256SUMS
	sha256sums []byte
	//go:embed js/package.json
	packageJSON []byte
	//go:embed map.js
	mapJS string
	//go:embed map.css
	mapCSS string
)

// Libraries returns the <script> elements of Vega, Vega-Lite and
// vega-embed, preceded by their licences. A page needs them once, before
// any Fragment.
func Libraries() template.HTML {
	libOnce.Do(func() {
		var b strings.Builder
		b.WriteString("<script>/*! Licences of the inlined Vega, Vega-Lite and vega-embed builds and the packages they bundle:\n")
		b.WriteString(strings.ReplaceAll(string(licencesTxt), "*/", "* /"))
		b.WriteString("\n*/</script>\n")
		for _, js := range [][]byte{vegaJS, vegaLiteJS, vegaEmbedJS} {
			// The source map is not shipped: drop the comment that would
			// have the browser look for it.
			// The builds are UMD: where a page has an AMD loader (Jupyter's
			// require.js) they would register with it instead of defining
			// the globals the map's script uses. Hiding define, exports and
			// module makes them define globals everywhere.
			b.WriteString("<script>(function (define, exports, module) {\n")
			b.Write(sourceMap.ReplaceAll(js, nil))
			b.WriteString("\n}).call(window);</script>\n")
		}
		libHTML = template.HTML(b.String())
	})
	return libHTML
}

var (
	libOnce   sync.Once
	libHTML   template.HTML
	sourceMap = regexp.MustCompile(`(?m)^//# sourceMappingURL=\S+\s*$`)
)

// Checksums returns the SHA-256 checksums of the inlined files, as
// sha256sum writes them.
func Checksums() string { return string(sha256sums) }

type country struct {
	A3        string `json:"a3"`
	Name      string `json:"name"`
	Region    string `json:"region"`
	EU        bool   `json:"eu"`
	First     int    `json:"first"` // step of the first listing; -1 if never
	FirstLong string `json:"firstLong,omitempty"`
	InFirst   bool   `json:"inFirst,omitempty"`
	P         []int  `json:"p,omitempty"`
	N         []int  `json:"n"`
	// M holds the non-state supporters: name, category (index into the
	// categories), step first listed, step removed (-1 while listed).
	M [][4]any `json:"m,omitempty"`
}

type category struct {
	Key, Label, Color string
	Counts            []int
}

// config is what the page's script reads.
type config struct {
	Lang       string            `json:"lang"`
	Dates      []string          `json:"dates"`
	Long       []string          `json:"long"`
	Start      int               `json:"start"`
	Categories []category        `json:"categories"`
	Total      []int             `json:"total"`
	Countries  []country         `json:"countries"`
	Text       map[string]string `json:"text"`
}

func (d *Data) config() config {
	l := d.Lang
	c := config{Lang: string(l), Start: d.Start, Text: map[string]string{}, Total: make([]int, len(d.Dates))}
	for _, day := range d.Dates {
		c.Dates = append(c.Dates, day.String())
		c.Long = append(c.Long, l.LongDate(day))
	}
	for i, k := range vocab.Categories {
		c.Categories = append(c.Categories, category{Key: k, Label: l.Category(k), Color: hex(charts.CategoryColors[k]), Counts: d.Counts[i]})
		for j, n := range d.Counts[i] {
			c.Total[j] += n
		}
	}
	for _, ct := range d.Countries {
		x := country{A3: ct.Alpha3, Name: ct.Name, Region: ct.Region, EU: ct.EU, First: -1, N: ct.NonState}
		if !ct.FirstListed.IsZero() {
			x.First, x.FirstLong, x.InFirst, x.P = d.StepOf(ct.FirstListed), l.LongDate(ct.FirstListed), ct.InFirstCommit, series(ct)
		}
		for _, m := range ct.Members {
			k, removed := 0, -1
			for i, cat := range vocab.Categories {
				if cat == m.Category {
					k = i
				}
			}
			if !m.RemovedOn.IsZero() {
				removed = d.StepOf(m.RemovedOn)
			}
			x.M = append(x.M, [4]any{m.Name, k, d.StepOf(m.FirstSeen), removed})
		}
		c.Countries = append(c.Countries, x)
	}
	for _, k := range textKeys {
		c.Text[k] = text(l, k)
	}
	return c
}

// Fragment returns the map's HTML: the controls, the counters, the map, the
// table and its data. Libraries must precede it on the page; its script
// mounts every map on the page once.
func (d *Data) Fragment() (template.HTML, error) {
	spec, err := d.Spec()
	if err != nil {
		return "", err
	}
	cfg, err := json.Marshal(d.config())
	if err != nil {
		return "", err
	}
	// An id unique to the data, so that a notebook showing two maps keeps
	// them apart, and the same data gives the same bytes.
	sum := sha256.Sum256(append(spec, cfg...))
	id := fmt.Sprintf("cnmap-%x", sum[:4])
	var b bytes.Buffer
	err = fragment.Execute(&b, map[string]any{
		"ID": id, "Lang": string(d.Lang), "T": func(k string) string { return text(d.Lang, k) },
		"Spec": template.JS(spec), "Config": template.JS(cfg), "CSS": template.CSS(mapCSS), "JS": template.JS(mapJS),
		"Categories": d.config().Categories, "Dates": d.Dates, "Max": len(d.Dates) - 1, "Start": d.Start,
	})
	if err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// HTML returns Libraries and Fragment together: what a notebook displays.
func (d *Data) HTML() (string, error) {
	f, err := d.Fragment()
	if err != nil {
		return "", err
	}
	return string(Libraries()) + string(f), nil
}

var fragment = template.Must(template.New("map").Parse(`<style>{{.CSS}}</style>
<div class="cn-map-root" id="{{.ID}}" data-cn-map lang="{{.Lang}}">
<div class="cn-controls">
<button type="button" class="cn-play" aria-pressed="false">{{call .T "play"}}</button>
<label class="cn-slider-label"><span class="cn-sr">{{call .T "slider"}}</span>
<input type="range" class="cn-slider" min="0" max="{{.Max}}" step="1" value="{{.Start}}" aria-label="{{call .T "slider"}}"></label>
<label class="cn-date-label">{{call .T "date"}} <input type="date" class="cn-date"></label>
</div>
<p class="cn-asof" aria-live="polite"><strong class="cn-long"></strong></p>
<ul class="cn-counters">
{{range .Categories}}<li data-category="{{.Key}}"><span class="cn-swatch" style="background:{{.Color}}"></span><span class="cn-count">0</span> <span class="cn-label">{{.Label}}</span></li>
{{end}}<li data-category="total"><span class="cn-count">0</span> <span class="cn-label">{{call .T "total"}}</span></li>
</ul>
<div class="cn-map" tabindex="0" role="img" aria-roledescription="map" aria-describedby="{{.ID}}-keys"></div>
<p class="cn-legend"><span class="cn-swatch cn-yes"></span>{{call .T "legendyes"}} <span class="cn-swatch cn-no"></span>{{call .T "legendno"}}</p>
<p class="cn-source">{{call .T "source"}}</p>
<p class="cn-sr" id="{{.ID}}-keys">{{call .T "mapkeys"}}</p>
<div class="cn-tip" role="tooltip" hidden></div>
<section class="cn-country" hidden aria-live="polite"><h3 class="cn-country-name"></h3><p class="cn-country-state"></p>
<div class="cn-scroll"><table class="cn-members"><caption></caption><thead><tr><th scope="col">{{call .T "name"}}</th><th scope="col">{{call .T "category"}}</th><th scope="col">{{call .T "listed"}}</th></tr></thead><tbody></tbody></table></div>
<button type="button" class="cn-close">{{call .T "close"}}</button></section>
<div class="cn-table-tools"><label>{{call .T "search"}} <input type="search" class="cn-search"></label> <span class="cn-shown" aria-live="polite"></span></div>
<div class="cn-scroll"><table class="cn-table"><caption></caption>
<thead><tr><th scope="col" aria-sort="ascending"><button type="button" data-key="name" title="{{call .T "sortby"}}">{{call .T "country"}}</button></th><th scope="col"><button type="button" data-key="region" title="{{call .T "sortby"}}">{{call .T "region"}}</button></th><th scope="col"><button type="button" data-key="eu" title="{{call .T "sortby"}}">{{call .T "eu"}}</button></th><th scope="col"><button type="button" data-key="first" title="{{call .T "sortby"}}">{{call .T "listed"}}</button></th><th scope="col" class="cn-num"><button type="button" data-key="n" title="{{call .T "sortby"}}">{{call .T "nonstate"}}</button></th></tr></thead>
<tbody></tbody></table></div>
<script type="application/json" class="cn-spec">{{.Spec}}</script>
<script type="application/json" class="cn-config">{{.Config}}</script>
</div>
<script>{{.JS}}</script>
`))

// Versions returns the pinned version of each inlined library, by npm name.
func Versions() map[string]string {
	var p struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	if err := json.Unmarshal(packageJSON, &p); err != nil {
		panic(fmt.Sprintf("interactive: js/package.json: %v", err)) // embedded at build time; a test reads it
	}
	return p.Dependencies
}

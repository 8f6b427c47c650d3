package interactive

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets/civil"
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
	// Months, DateLong ({d}, {m}, {y}) and DateFirst write any day in
	// words as labels.LongDate does.
	Months    []string `json:"months"`
	DateLong  string   `json:"dateLong"`
	DateFirst string   `json:"dateFirst"`
	// Views are the region views: label, then the extent's west, south,
	// east and north in degrees; the first is the world, with no extent.
	Views       [][5]any           `json:"views"`
	Instruments []instrumentConfig `json:"instruments"`
	Colors      map[int]string     `json:"colors"`
}

// regionViews are the extents the region views frame, in degrees (west,
// south, east, north), keyed by UN M49 region: the mainland of each, so
// that Europe's states can be told apart on a phone.
var regionViews = []struct {
	Region string
	Box    [4]float64
}{
	{"Europe", [4]float64{-25, 34, 45, 71.5}},
	{"Africa", [4]float64{-18, -35, 52, 38}},
	{"Americas", [4]float64{-168, -56, -34, 72}},
	{"Asia", [4]float64{26, -11, 146, 56}},
	{"Oceania", [4]float64{110, -48, 180, 0}},
}

func (d *Data) config() config {
	l := d.Lang
	c := config{Lang: string(l), Start: d.Start, Text: map[string]string{}, Total: make([]int, len(d.Dates)), Colors: statusColors}
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
	c.Months = l.Months()
	// A day whose number, month and year cannot be mistaken for one another
	// gives the pattern.
	marker := civil.MustParse("2999-12-28")
	c.DateLong = strings.NewReplacer("28", "{d}", c.Months[11], "{m}", "2999", "{y}").Replace(l.LongDate(marker))
	c.DateFirst = l.T("date.first")
	c.Views = append(c.Views, [5]any{text(l, "world")})
	for _, v := range regionViews {
		c.Views = append(c.Views, [5]any{d.regionName[v.Region], v.Box[0], v.Box[1], v.Box[2], v.Box[3]})
	}
	for _, in := range d.Instruments {
		c.Instruments = append(c.Instruments, in.config(l, d.regionName))
	}
	return c
}

// alt is the map's description at step i: how many supporter states, and
// the region with most of them.
func (d *Data) alt(i int) string {
	by := map[string]int{}
	n := 0
	for _, c := range d.Countries {
		if c.State[i] {
			by[c.Region]++
			n++
		}
	}
	regions := make([]string, 0, len(by))
	for r := range by {
		regions = append(regions, r)
	}
	sort.Strings(regions)
	best, k := "", 0
	for _, r := range regions {
		if by[r] > k {
			best, k = r, by[r]
		}
	}
	l := d.Lang
	return strings.NewReplacer("{n}", l.Int(n), "{date}", l.LongDate(d.Dates[i]), "{region}", best, "{k}", l.Int(k)).Replace(text(l, "alt"))
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
	type counter struct{ Key, Label, Color, Count string }
	var counters []counter
	total := 0
	for i, k := range vocab.Categories {
		n := d.Counts[i][d.Start]
		total += n
		counters = append(counters, counter{k, d.Lang.Category(k), hex(charts.CategoryColors[k]), d.Lang.Int(n)})
	}
	var b bytes.Buffer
	err = fragment.Execute(&b, map[string]any{
		"ID": id, "Lang": string(d.Lang), "T": func(k string) string { return text(d.Lang, k) },
		"Spec": template.JS(spec), "Config": template.JS(cfg), "CSS": template.CSS(mapCSS), "JS": template.JS(mapJS),
		"Counters": counters, "Total": d.Lang.Int(total), "StartISO": d.Dates[d.Start].String(), "StartLong": d.Lang.LongDate(d.Dates[d.Start]),
		"Alt": d.alt(d.Start), "Static": template.HTML(d.StaticSVG(d.Start)), "Yes": hex(charts.SupporterClr),
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
<div class="cn-map-root" id="{{.ID}}" data-cn-map lang="{{.Lang}}" data-date="{{.StartISO}}" data-instrument="paris-call">
<div class="cn-controls" hidden>
<label class="cn-inst-label">{{call .T "instrument"}} <select class="cn-inst"></select></label>
<button type="button" class="cn-play" aria-pressed="false">{{call .T "play"}}</button>
<div class="cn-time"><input type="range" class="cn-slider" min="0" max="0" step="1" value="0" aria-label="{{call .T "slider"}}">
<div class="cn-ticks" aria-hidden="true"></div><div class="cn-ends" aria-hidden="true"></div></div>
<label class="cn-date-label">{{call .T "date"}} <input type="date" class="cn-date"></label>
</div>
<p class="cn-asof" aria-live="polite"><strong class="cn-long">{{.StartLong}}</strong></p>
<ul class="cn-counters">
{{range .Counters}}<li data-category="{{.Key}}"><span class="cn-swatch" style="background:{{.Color}}"></span><span class="cn-count">{{.Count}}</span> <span class="cn-label">{{.Label}}</span></li>
{{end}}<li data-category="total"><span class="cn-count">{{.Total}}</span> <span class="cn-label">{{call .T "total"}}</span></li>
</ul>
<p class="cn-coverage" hidden></p>
<div class="cn-views" role="group" aria-label="{{call .T "views"}}" hidden></div>
<div class="cn-map" tabindex="0" role="img" aria-roledescription="map" aria-label="{{.Alt}}" aria-describedby="{{.ID}}-keys">{{.Static}}<div class="cn-vega" aria-hidden="true"></div></div>
<p class="cn-legend"><span class="cn-key"><span class="cn-swatch" style="background:{{.Yes}}"></span>{{call .T "legendyes"}}</span> <span class="cn-key"><span class="cn-swatch cn-no"></span>{{call .T "legendno"}}</span> <span class="cn-key"><span class="cn-dot" style="background:{{.Yes}}"></span>{{call .T "legendsmall"}}</span></p>
<p class="cn-source">{{call .T "source"}}</p>
<p class="cn-nojs">{{call .T "nojs"}}</p>
<p class="cn-sr" id="{{.ID}}-keys">{{call .T "mapkeys"}}</p>
<div class="cn-tip" role="tooltip" hidden></div>
<section class="cn-country" role="dialog" aria-labelledby="{{.ID}}-cname" hidden>
<div class="cn-country-head"><h3 class="cn-country-name" id="{{.ID}}-cname" tabindex="-1"></h3><button type="button" class="cn-close" aria-label="{{call .T "close"}}">×</button></div>
<p class="cn-country-state"></p>
<table class="cn-insts"><caption></caption><thead><tr><th scope="col">{{call .T "instrument"}}</th><th scope="col">{{call .T "status"}}</th><th scope="col">{{call .T "since"}}</th></tr></thead><tbody></tbody></table>
<div class="cn-scroll"><table class="cn-members"><caption></caption><thead><tr><th scope="col">{{call .T "name"}}</th><th scope="col">{{call .T "category"}}</th><th scope="col">{{call .T "listed"}}</th></tr></thead><tbody></tbody></table></div>
</section>
<div class="cn-table-tools" hidden><label>{{call .T "search"}} <input type="search" class="cn-search"></label> <span class="cn-shown" aria-live="polite"></span> <button type="button" class="cn-download">{{call .T "download"}}</button></div>
<div class="cn-scroll cn-table-box" hidden><table class="cn-table"><caption></caption>
<thead><tr></tr></thead>
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

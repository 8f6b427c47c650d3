// Package report regenerates every table and figure of the study from the
// datasets, and a self-contained HTML report of them, in memory: the
// reproduce command writes what it returns.
//
// Nothing here reads the network or the clock: the same datasets and options
// give the same bytes (PNG included, PDF dated from the data).
package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"runtime"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"gonum.org/v1/plot"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/geo"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/exhibits"
	"github.com/cybernorms/cybernorms/internal/report/interactive"
	"github.com/cybernorms/cybernorms/labels"
)

// Options control what is regenerated.
type Options struct {
	AsOf civil.Date  // date of the map and the supporter tables
	Lang labels.Lang // labels of figures and tables
	// Progress, if set, is called after each file is made.
	Progress func(done, total int, name string)
	// Made, if set, is given each file as soon as it is made, from the
	// goroutine that made it (several at once), so that it can be written
	// while the rest are drawn; Build still returns every file.
	Made func(name string, b []byte)
}

// Inputs are the datasets the report is made from.
type Inputs struct {
	Set        *datasets.Set
	Shapes     []geo.Shape // nil: read from Set while other figures are drawn
	Descriptor []byte      // datapackage.json, for provenance
}

// figure is an exhibit of the catalogue drawn: its plot (for a figure that
// needs the geometry, drawn once it is decoded, while the others are drawn),
// caption and alternative text.
type figure struct {
	*exhibits.Exhibit
	caption, alt string
	plot         *plot.Plot
}

// Build makes every file, by path relative to the output directory.
func Build(in Inputs, o Options) (map[string][]byte, error) {
	set := in.Set
	if err := set.Span.Check(o.AsOf); err != nil {
		return nil, err
	}
	ex := exhibits.NewInput(set, in.Shapes)
	eo := exhibits.Options{AsOf: o.AsOf, Lang: o.Lang}
	figs, err := figures(ex, eo)
	if err != nil {
		return nil, err
	}
	tables, err := tablesOf(ex, eo)
	if err != nil {
		return nil, err
	}
	total := len(figs)*len(charts.Formats) + len(tables)*3 + 3
	files := map[string][]byte{}
	var mu sync.Mutex
	done := 0
	add := func(name string, b []byte) {
		if o.Made != nil {
			o.Made(name, b)
		}
		mu.Lock()
		defer mu.Unlock()
		files[name] = b
		done++
		if o.Progress != nil {
			o.Progress(done, total, name)
		}
	}
	last := set.Span.Last.Time()
	svgs := make([][]byte, len(figs))
	// Each figure in each format is drawn on its own: a plot is only read
	// while it is drawn, so they can be drawn at once, one per core. The map
	// goes first, as it takes longest: its task decodes the geometry, starts
	// the interactive map and the map's vector formats, and draws its PNG.
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0) + 1)
	render := func(i int, f figure, p *plot.Plot, format string) error {
		b, err := charts.Render(p, charts.SizeOf(p), format, charts.Options{Date: last})
		if err != nil {
			return fmt.Errorf("figure %s.%s: %w", f.ID, format, err)
		}
		if format == "svg" {
			svgs[i] = b
		}
		add(f.File(format), b)
		return nil
	}
	var imHTML template.HTML
	// The interactive map is started by the first task to have the geometry.
	startInteractive := sync.OnceFunc(func() {
		g.Go(func() error {
			sh, err := ex.Shapes()
			if err != nil {
				return err
			}
			im, err := interactive.Build(set, sh, o.Lang, o.AsOf)
			if err != nil {
				return err
			}
			imHTML, err = im.Fragment()
			return err
		})
	})
	for i, f := range figs {
		if !f.Geometry {
			continue
		}
		g.Go(func() error {
			if _, err := ex.Shapes(); err != nil {
				return err
			}
			startInteractive()
			p, err := f.Plot(ex, eo)
			if err != nil {
				return err
			}
			for _, format := range charts.Formats {
				if format != "png" {
					g.Go(func() error { return render(i, f, p, format) })
				}
			}
			return render(i, f, p, "png")
		})
	}
	for i, f := range figs {
		if f.Geometry {
			continue
		}
		for _, format := range charts.Formats {
			g.Go(func() error { return render(i, f, f.plot, format) })
		}
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for _, t := range tables {
		add("tables/"+t.Name+".csv", t.CSV())
		add("tables/"+t.Name+".md", t.Markdown())
		add("tables/"+t.Name+".tex", t.LaTeX())
	}
	titles := map[string]string{}
	for _, f := range figs {
		for _, format := range charts.Formats {
			titles[f.File(format)] = f.caption
		}
	}
	for _, t := range tables {
		for _, ext := range []string{"csv", "md", "tex"} {
			titles["tables/"+t.Name+"."+ext] = t.Caption
		}
	}
	bib, csl, err := citations(in.Descriptor, o.AsOf.String(), titles, files)
	if err != nil {
		return nil, err
	}
	add(CitationsBibTeX, bib)
	add(CitationsCSL, csl)
	page, err := htmlReport(in, o, figs, svgs, tables, files, imHTML)
	if err != nil {
		return nil, err
	}
	add("index.html", page)
	return files, nil
}

// figures draws the catalogue's figures but those that need the geometry,
// with their captions and alternative text.
func figures(in *exhibits.Input, o exhibits.Options) ([]figure, error) {
	var figs []figure
	for _, e := range exhibits.Of(exhibits.Figure) {
		f := figure{Exhibit: e, caption: e.Caption(in, o), alt: e.Alt(in, o)}
		if !e.Geometry {
			p, err := e.Plot(in, o)
			if err != nil {
				return nil, fmt.Errorf("figure %s: %w", e.ID, err)
			}
			f.plot = p
		}
		figs = append(figs, f)
	}
	return figs, nil
}

// tablesOf makes the catalogue's tables.
func tablesOf(in *exhibits.Input, o exhibits.Options) ([]exhibits.Table, error) {
	var ts []exhibits.Table
	for _, e := range exhibits.Of(exhibits.Tabular) {
		t, err := e.Table(in, o)
		if err != nil {
			return nil, err
		}
		ts = append(ts, t)
	}
	return ts, nil
}

// tr returns the study's string k in l, filled in with a.
func tr(l labels.Lang, k string, a ...any) string { return exhibits.T(l, k, a...) }

func htmlReport(in Inputs, o Options, figs []figure, svgs [][]byte, tables []exhibits.Table, files map[string][]byte, interactiveMap template.HTML) ([]byte, error) {
	l := o.Lang
	dp, err := schema.ParseDescriptor(in.Descriptor)
	if err != nil {
		return nil, fmt.Errorf("datapackage.json: %w", err)
	}
	// Rows are shown for tables, not for the geometry file.
	type resource struct {
		Name, Path, Rows, Bytes, Hash, Short string
	}
	var resources []resource
	for _, r := range dp.Resources {
		rows := ""
		if r.Table != nil {
			rows = l.Int(r.Rows)
		}
		// The full checksum is the cell's title: 64 digits would widen the
		// table past a phone's screen.
		short := strings.TrimPrefix(r.Hash, vocab.ChecksumPrefix)
		if len(short) > 16 {
			short = short[:16]
		}
		resources = append(resources, resource{Name: r.Name, Path: r.Path, Rows: rows, Hash: r.Hash, Short: short, Bytes: l.Int(r.Bytes)})
	}
	type fig struct {
		Name, Caption, Alt, Data string
		Img                      template.HTML
		Links                    []string
		// Tables 2.1 and 2.2 are captioned once, by their table.
		TableCaptioned bool
	}
	type verdicts struct{ Holds, Fails, Unchecked string }
	data := struct {
		Lang           string
		AsOf           string
		Version        string
		Figures        map[string]fig
		Tables         map[string]template.HTML
		Resources      any
		Files          []struct{ Name, Hash string }
		Libraries      template.HTML
		Interactive    template.HTML
		AccessLong     string
		LastLong       string
		FirstLong      string
		Access, Latest verdicts
	}{Lang: string(l), AsOf: o.AsOf.String(), Version: dp.Version, Figures: map[string]fig{}, Tables: map[string]template.HTML{}, Resources: resources,
		AccessLong: l.LongDate(datasets.ChapterAccessDate), LastLong: l.LongDate(in.Set.Span.Last), FirstLong: l.LongDate(in.Set.Span.First),
		Libraries: interactive.Libraries(), Interactive: interactiveMap}
	for i, f := range figs {
		links := []string{}
		for _, format := range charts.Formats {
			links = append(links, f.File(format))
		}
		csv := ""
		if f.Data != nil {
			csv = f.Data.File("csv")
		}
		data.Figures[f.ID] = fig{Name: f.ID, Caption: f.caption, Alt: f.alt, Data: csv, TableCaptioned: strings.HasPrefix(f.ID, "tabel-"),
			// Built here rather than escaped by the template: base64 needs
			// no escaping, and checking a megabyte of it took a tenth of the
			// page's time.
			Img: template.HTML(`<img src="data:image/svg+xml;base64,` + base64.StdEncoding.EncodeToString(svgs[i]) + `" alt="` +
				template.HTMLEscapeString(f.alt) + `" data-figure="` + template.HTMLEscapeString(f.ID) + `">`), Links: links}
	}
	for _, t := range tables {
		data.Tables[t.Name] = template.HTML(t.HTML(nil))
	}
	var access, latest [3]int
	count := func(c *[3]int, v string) {
		switch v {
		case vocab.Holds:
			c[0]++
		case vocab.DoesNotHold:
			c[1]++
		case vocab.Transcribed:
			// Counted apart, in the table of kinds: it cannot fail.
		default:
			c[2]++
		}
	}
	for _, c := range in.Set.Claims() {
		count(&access, c.VerdictAccess)
		count(&latest, c.VerdictLatest)
	}
	data.Access = verdicts{l.Int(access[0]), l.Int(access[1]), l.Int(access[2])}
	data.Latest = verdicts{l.Int(latest[0]), l.Int(latest[1]), l.Int(latest[2])}
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		data.Files = append(data.Files, struct{ Name, Hash string }{n, strings.TrimPrefix(vocab.Checksum(files[n]), vocab.ChecksumPrefix)[:16]})
	}
	funcs := template.FuncMap{
		"t": func(k string, a ...any) string { return tr(l, k, a...) },
		"code": func(s string) template.HTML {
			return template.HTML("<code>" + template.HTMLEscapeString(s) + "</code>")
		},
		"strong": func(s string) template.HTML {
			return template.HTML("<strong>" + template.HTMLEscapeString(s) + "</strong>")
		},
		"link": func(u string) template.HTML {
			return template.HTML(`<a href="` + template.HTMLEscapeString(u) + `">` + template.HTMLEscapeString(strings.TrimPrefix(u, "https://")) + "</a>")
		},
		"js": func(name string) string { return interactive.Versions()[name] },
		"th": func(k string, a ...any) template.HTML {
			for i, v := range a {
				if s, ok := v.(string); ok {
					a[i] = template.HTMLEscapeString(s)
				}
			}
			return template.HTML(fmt.Sprintf(template.HTMLEscapeString(labels.Words.Get(l, k)), a...))
		},
	}
	page, err := template.New("report").Funcs(funcs).Parse(pageTemplate)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := page.Execute(&b, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

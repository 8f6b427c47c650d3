// Package report regenerates every table and figure of the study from the
// datasets, and a self-contained HTML report of them, in memory: the
// reproduce command writes what it returns.
//
// Nothing here reads the network or the clock: the same datasets and options
// give the same bytes (PNG included, PDF dated from the data).
package report

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"net/url"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"gonum.org/v1/plot"

	"github.com/cybernorms/cybernorms/analysis/claims"
	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/charts/interactive"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/geo"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/exhibits"
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
	caption, alt, source string
	plot                 *plot.Plot
}

// Build makes every file, by path relative to the output directory.
func Build(in Inputs, o Options) (map[string][]byte, error) {
	if err := in.Set.Span.Check(o.AsOf); err != nil {
		return nil, err
	}
	r := &run{in: in, o: o, ex: exhibits.NewInput(in.Set, in.Shapes), eo: exhibits.Options{AsOf: o.AsOf, Lang: o.Lang}, files: map[string][]byte{}}
	// The geometry is the largest file read: decoding starts now, on the
	// other core, while the figures and tables below are built.
	go r.ex.Shapes()
	figs, err := figures(r.ex, r.eo)
	if err != nil {
		return nil, err
	}
	tables, err := tablesOf(r.ex, r.eo)
	if err != nil {
		return nil, err
	}
	r.total = len(figs)*len(charts.Formats) + len(tables)*3 + 3
	svgs, imHTML, err := r.draw(figs)
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		r.add("tables/"+t.Name+".csv", t.CSV())
		r.add("tables/"+t.Name+".md", t.Markdown())
		r.add("tables/"+t.Name+".tex", t.LaTeX())
	}
	bib, csl, err := citations(in.Descriptor, o.AsOf.String(), titlesOf(figs, tables), r.files)
	if err != nil {
		return nil, err
	}
	r.add(CitationsBibTeX, bib)
	r.add(CitationsCSL, csl)
	page, err := r.htmlReport(figs, svgs, tables, imHTML)
	if err != nil {
		return nil, err
	}
	r.add("index.html", page)
	return r.files, nil
}

// run is one Build: the catalogue's input and options, and the files made.
type run struct {
	in Inputs
	o  Options
	ex *exhibits.Input
	eo exhibits.Options

	mu          sync.Mutex
	files       map[string][]byte
	done, total int
}

// add records a file made, from any goroutine, and reports it.
func (r *run) add(name string, b []byte) {
	if r.o.Made != nil {
		r.o.Made(name, b)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.files[name] = b
	r.done++
	if r.o.Progress != nil {
		r.o.Progress(r.done, r.total, name)
	}
}

// draw renders every figure in every format and makes the interactive map;
// it returns each figure's SVG, in figs' order, and the map's fragment.
//
// Each figure in each format is drawn on its own: a plot is only read while
// it is drawn, so they can be drawn at once, one per core. The map goes
// first, as it takes longest: its task decodes the geometry, starts the
// interactive map and the map's vector formats, and draws its PNG; the
// other figures' formats follow, longest first. What needs the geometry is
// on the longest path of the run, so it does not wait for a free slot
// among the other figures: it runs beside them from the moment the
// geometry is decoded, and the scheduler shares the cores.
func (r *run) draw(figs []figure) ([][]byte, template.HTML, error) {
	last := r.in.Set.Span.Last.Time()
	svgs := make([][]byte, len(figs))
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
		r.add(f.File(format), b)
		return nil
	}
	// geo holds the work started once the geometry is decoded: no limit.
	var geo errgroup.Group
	var imHTML template.HTML
	// The interactive map is started by the first task to have the geometry.
	startInteractive := sync.OnceFunc(func() {
		geo.Go(func() error {
			sh, err := r.ex.Shapes()
			if err != nil {
				return err
			}
			im, err := interactive.Build(r.in.Set, sh, r.o.Lang, r.o.AsOf)
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
			if _, err := r.ex.Shapes(); err != nil {
				return err
			}
			startInteractive()
			p, err := f.Plot(r.ex, r.eo)
			if err != nil {
				return err
			}
			for _, format := range charts.Formats {
				if format != "png" {
					geo.Go(func() error { return render(i, f, p, format) })
				}
			}
			return render(i, f, p, "png")
		})
	}
	// The rest longest first, so that what is left for the last moments
	// is short: every PNG (raster and deflate), then every PDF, then the
	// SVGs, which take a fraction of either; within a format the largest
	// figures first. A PNG's raster is kept for the next figure that fits
	// in it, so largest first also lets every raster after the first few
	// reuse one instead of clearing fresh memory.
	order := slices.Clone(charts.Formats)
	cost := map[string]int{"png": 3, "pdf": 2, "svg": 1}
	slices.SortStableFunc(order, func(a, b string) int { return cost[b] - cost[a] })
	bySize := make([]int, 0, len(figs))
	for i, f := range figs {
		if !f.Geometry {
			bySize = append(bySize, i)
		}
	}
	area := func(i int) float64 { s := charts.SizeOf(figs[i].plot); return float64(s.W * s.H) }
	slices.SortStableFunc(bySize, func(a, b int) int { return cmp.Compare(area(b), area(a)) })
	for _, format := range order {
		for _, i := range bySize {
			f := figs[i]
			g.Go(func() error { return render(i, f, f.plot, format) })
		}
	}
	// Every task of geo is started by a task of g, so once g is done geo
	// has all of its own.
	err := g.Wait()
	if gerr := geo.Wait(); err == nil {
		err = gerr
	}
	return svgs, imHTML, err
}

// titlesOf is the title each figure and table file is cited under.
func titlesOf(figs []figure, tables []exhibits.Table) map[string]string {
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
	return titles
}

// figures draws the catalogue's figures but those that need the geometry,
// with their captions and alternative text.
func figures(in *exhibits.Input, o exhibits.Options) ([]figure, error) {
	var figs []figure
	for _, e := range exhibits.Of(exhibits.Figure) {
		f := figure{Exhibit: e, caption: e.Caption(in, o), alt: e.Alt(in, o)}
		if e.Source != nil {
			f.source = e.Source(in, o)
		}
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

// htmlReport is the page: every figure and table, the claims' verdicts and
// the provenance of every file made so far.
func (r *run) htmlReport(figs []figure, svgs [][]byte, tables []exhibits.Table, interactiveMap template.HTML) ([]byte, error) {
	in, o, files, ex, eo := r.in, r.o, r.files, r.ex, r.eo
	l := o.Lang
	dp, err := schema.ParseDescriptor(in.Descriptor)
	if err != nil {
		return nil, fmt.Errorf("datapackage.json: %w", err)
	}
	data := struct {
		Lang           string
		AsOf           string
		Version        string
		Figures        map[string]fig
		Tables         map[string]template.HTML
		Resources      any
		Files          []fileHash
		Libraries      template.HTML
		Interactive    template.HTML
		AccessLong     string
		LastLong       string
		FirstLong      string
		VerdictsByKind []kindVerdicts
		Beyond         []beyond
		Findings       []exhibits.Finding
		Top            []finding
		Claims         claimsView
		Downloads      []download
		Cite           citation
		ProjectURL     string
		DataURL        func(string) string
	}{ProjectURL: ProjectURL, DataURL: dataURL, Downloads: downloadsOf(in.Descriptor, l), Cite: citationOf(in.Set, in.Descriptor), Lang: string(l), AsOf: o.AsOf.String(), Version: dp.Version, Figures: figuresOf(figs, svgs), Tables: map[string]template.HTML{}, Resources: resourcesOf(dp, l),
		Files: filesOf(files), AccessLong: l.LongDate(datasets.ChapterAccessDate), LastLong: l.LongDate(in.Set.Span.Last), FirstLong: l.LongDate(in.Set.Span.First),
		Libraries: interactive.Libraries(), Interactive: interactiveMap}
	for _, t := range tables {
		// A claim's id is the files' key; the page names the claim.
		data.Tables[t.Name] = template.HTML(t.Without("id").HTML(nil))
	}
	data.VerdictsByKind = verdictsOf(in.Set.Claims(), l)
	if data.Claims, err = claimsOf(ex, in.Set, dp, upstreamOf(in.Descriptor), l); err != nil {
		return nil, err
	}
	data.Top = findingsOf(in.Set, data.Claims, l)
	data.Findings = exhibits.Findings(ex, eo)
	for _, e := range exhibits.All() {
		if !e.Report || !e.Beyond {
			continue
		}
		b := beyond{Table: data.Tables[e.ID]}
		if e.Kind == exhibits.Figure {
			f := data.Figures[e.ID]
			b.Fig = &f
		}
		if e.Note != nil {
			b.Note = e.Note(ex, eo)
		}
		data.Beyond = append(data.Beyond, b)
	}
	page, err := template.New("report").Funcs(funcs(l)).Parse(pageTemplate)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := page.Execute(&b, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// beyond is an exhibit of the section beyond the chapter: a figure or a
// table, and a note under it.
type beyond struct {
	Fig   *fig
	Table template.HTML
	Note  string
}

// resource is a row of the page's table of dataset files; rows are shown
// for tables, not for the geometry file.
type resource struct {
	Name, Path, Rows, Bytes, Hash, Short string
}

func resourcesOf(dp *schema.Descriptor, l labels.Lang) []resource {
	var out []resource
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
		out = append(out, resource{Name: r.Name, Path: r.Path, Rows: rows, Hash: r.Hash, Short: short, Bytes: l.Int(r.Bytes)})
	}
	return out
}

// fig is a figure as the page shows it.
type fig struct {
	Name, Caption, Alt, Data, Source string
	Img                              template.HTML
	Links                            []string
	// Tables 2.1 and 2.2 are captioned once, by their table.
	TableCaptioned bool
}

func figuresOf(figs []figure, svgs [][]byte) map[string]fig {
	out := map[string]fig{}
	for i, f := range figs {
		links := []string{}
		for _, format := range charts.Formats {
			links = append(links, f.File(format))
		}
		csv := ""
		if f.Data != nil {
			csv = f.Data.File("csv")
		}
		out[f.ID] = fig{Name: f.ID, Caption: f.caption, Alt: f.alt, Data: csv, Source: f.source, TableCaptioned: strings.HasPrefix(f.ID, "tabel-"),
			// Built here rather than escaped by the template: checking a
			// megabyte of it took a tenth of the page's time.
			Img: template.HTML(`<img src="` + svgDataURI(svgs[i]) + `" alt="` +
				template.HTMLEscapeString(f.alt) + `" data-figure="` + template.HTMLEscapeString(f.ID) + `">`), Links: links}
	}
	return out
}

// verdicts are the claims that hold, do not hold and cannot be checked on a
// day, in the page's digits.
type verdicts struct{ Holds, Fails, Unchecked string }

// kindVerdicts are the verdicts of one kind of check: verdicts of
// different kinds are never added up.
type kindVerdicts struct {
	Kind           string
	Access, Latest verdicts
}

// verdictsOf counts the claims' verdicts on the chapter's date and the
// latest, per kind of check. A kind whose claims all have a verdict of their
// own (a transcription, a comparison of the chapter with itself: they cannot
// change with the data) is in the table of kinds only.
func verdictsOf(cs []datasets.CheckedClaim, l labels.Lang) []kindVerdicts {
	var out []kindVerdicts
	for _, k := range claims.Summarise(cs) {
		if k.Access[vocab.Holds]+k.Access[vocab.DoesNotHold]+k.Access[vocab.CannotBeChecked] == 0 {
			continue
		}
		v := func(m map[string]int) verdicts {
			return verdicts{l.Int(m[vocab.Holds]), l.Int(m[vocab.DoesNotHold]), l.Int(m[vocab.CannotBeChecked])}
		}
		out = append(out, kindVerdicts{k.Kind, v(k.Access), v(k.Latest)})
	}
	return out
}

// fileHash is a file of the report and the first digits of its checksum.
type fileHash struct{ Name, Hash string }

func filesOf(files map[string][]byte) []fileHash {
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []fileHash
	for _, n := range names {
		out = append(out, fileHash{n, strings.TrimPrefix(vocab.Checksum(files[n]), vocab.ChecksumPrefix)[:16]})
	}
	return out
}

// funcs are the page template's functions, in l.
func funcs(l labels.Lang) template.FuncMap {
	return template.FuncMap{
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
		// A source's address, shortened to its site: the whole address is
		// the link's.
		"host": func(u string) string {
			if p, err := url.Parse(u); err == nil && p.Host != "" {
				return strings.TrimPrefix(p.Host, "www.")
			}
			return u
		},
		"th": func(k string, a ...any) template.HTML {
			for i, v := range a {
				if s, ok := v.(string); ok {
					a[i] = template.HTMLEscapeString(s)
				}
			}
			return template.HTML(fmt.Sprintf(template.HTMLEscapeString(labels.Words.Get(l, k)), a...))
		},
	}
}

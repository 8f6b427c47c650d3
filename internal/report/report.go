// Package report regenerates every table and figure of the study from the
// datasets, and a self-contained HTML report of them, in memory: the
// reproduce command writes what it returns.
//
// Nothing here reads the network or the clock: the same datasets and options
// give the same bytes (PNG included, PDF dated from the data).
package report

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"gonum.org/v1/plot"

	"github.com/cybernorms/cybernorms/analysis/claims"
	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/charts/interactive"
	"github.com/cybernorms/cybernorms/cite"
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

// figure is an exhibit of the catalogue drawn: its plot, caption and
// alternative text, made once by the first of its formats' tasks to run.
type figure struct {
	*exhibits.Exhibit
	caption, alt, source string
	plot                 *plot.Plot
	prepare              func() error
	img                  template.HTML // the SVG as the page shows it
}

// Build makes every file, by path relative to the output directory.
//
// Every piece of work is a task, and the tasks are run by one worker per
// core in a fixed order, the longest path first (see tasks). Each file is
// hashed by the task that made it. What is left once every task is done is
// the page's assembly and the citations, which name every file's checksum.
func Build(in Inputs, o Options) (map[string][]byte, error) {
	if err := in.Set.Span.Check(o.AsOf); err != nil {
		return nil, err
	}
	r := &run{in: in, o: o, ex: exhibits.NewInput(in.Set, in.Shapes), eo: exhibits.Options{AsOf: o.AsOf, Lang: o.Lang}, files: map[string][]byte{}, sums: map[string]string{}}
	figs := r.figures()
	tabular := exhibits.Of(exhibits.Tabular)
	r.total = len(figs)*len(charts.Formats) + len(tabular)*3 + 3
	tables := make([]exhibits.Table, len(tabular))
	var page pageParts
	if err := runTasks(runtime.GOMAXPROCS(0), r.tasks(figs, tabular, tables, &page)); err != nil {
		return nil, err
	}
	bib, csl, err := citations(page.prep.pin, titlesOf(figs, tables), r.sums)
	if err != nil {
		return nil, err
	}
	r.add(CitationsBibTeX, bib)
	r.add(CitationsCSL, csl)
	b, err := r.pageFoot(&page)
	if err != nil {
		return nil, err
	}
	r.add("index.html", b)
	return r.files, nil
}

// pageParts are the page's pieces as the tasks make them.
type pageParts struct {
	prep        *pagePrep
	interactive template.HTML
	tables      []template.HTML // each table as the page shows it
	data        pageData
	assemble    func()                      // makes data, once every part of it is made
	head        [len(pageCuts)]bytes.Buffer // the page's parts before its foot
}

// run is one Build: the catalogue's input and options, and the files made.
type run struct {
	in Inputs
	o  Options
	ex *exhibits.Input
	eo exhibits.Options

	mu          sync.Mutex
	files       map[string][]byte
	sums        map[string]string // file → sha256, in hexadecimal
	done, total int
}

// add records a file made, from any goroutine, and reports it.
func (r *run) add(name string, b []byte) {
	if r.o.Made != nil {
		r.o.Made(name, b)
	}
	sum := strings.TrimPrefix(vocab.Checksum(b), vocab.ChecksumPrefix)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.files[name] = b
	r.sums[name] = sum
	r.done++
	if r.o.Progress != nil {
		r.o.Progress(r.done, r.total, name)
	}
}

// tasks are every piece of the report's work, in the order they are run:
// longest path first, then largest first, so that what is left for the
// last moments is short (list scheduling). The interactive map comes
// first: it decodes the geometry, computes the map's data and writes its
// page fragment, the longest chain of work that cannot be split. The world
// map's PNG follows, after one other PNG so that its task does not wait
// for the geometry; then every other PNG (raster and deflate), each
// building its figure's plot first; the world map's PDF and SVG; the other
// PDFs; the page's parts that do not depend on the figures; the tables;
// the SVGs, which take a fraction of either; last, the page but its list
// of files, in parts written at once, which waits for all of these.
//
// One worker per core, rather than a goroutine per task: the scheduler
// shares a core among its runnable goroutines a slice at a time, so a task
// started early on the longest path was left waiting behind later ones.
func (r *run) tasks(figs []*figure, tabular []*exhibits.Exhibit, tables []exhibits.Table, page *pageParts) []func() error {
	last := r.in.Set.Span.Last.Time()
	render := func(f *figure, format string) func() error {
		return func() error {
			if f.Geometry {
				if _, err := r.ex.Shapes(); err != nil {
					return err
				}
			}
			if err := f.prepare(); err != nil {
				return err
			}
			b, err := charts.Render(f.plot, charts.SizeOf(f.plot), format, charts.Options{Date: last})
			if err != nil {
				return fmt.Errorf("figure %s.%s: %w", f.ID, format, err)
			}
			if format == "svg" {
				// Built here rather than escaped by the template: checking a
				// megabyte of it took a tenth of the page's time.
				f.img = template.HTML(`<img src="` + svgDataURI(b) + `" alt="` +
					template.HTMLEscapeString(f.alt) + `" data-figure="` + template.HTMLEscapeString(f.ID) + `">`)
			}
			r.add(f.File(format), b)
			return nil
		}
	}
	// The formats, most costly first: PNG (raster and deflate), PDF, SVG.
	order := slices.Clone(charts.Formats)
	cost := map[string]int{"png": 3, "pdf": 2, "svg": 1}
	slices.SortStableFunc(order, func(a, b string) int { return cost[b] - cost[a] })
	tableHTML := make([]template.HTML, len(tabular))
	var geo, other []*figure
	for _, f := range figs {
		if f.Geometry {
			geo = append(geo, f)
		} else {
			other = append(other, f)
		}
	}
	ts := []func() error{func() error {
		sh, err := r.ex.Shapes()
		if err != nil {
			return err
		}
		im, err := interactive.Build(r.in.Set, sh, r.o.Lang, r.o.AsOf)
		if err != nil {
			return err
		}
		page.interactive, err = im.Fragment()
		return err
	}}
	for i, f := range other {
		ts = append(ts, render(f, order[0]))
		if i == 0 {
			for _, g := range geo {
				ts = append(ts, render(g, order[0]))
			}
		}
	}
	for _, g := range geo {
		for _, format := range order[1:] {
			ts = append(ts, render(g, format))
		}
	}
	// The other formats but SVG (the PDFs), which the page only links to.
	for _, format := range order[1:] {
		if format == "svg" {
			continue
		}
		for _, f := range other {
			ts = append(ts, render(f, format))
		}
	}
	ts = append(ts, func() (err error) {
		page.prep, err = r.prepare()
		return err
	})
	for i, e := range tabular {
		ts = append(ts, func() error {
			t, err := e.Table(r.ex, r.eo)
			if err != nil {
				return err
			}
			tables[i] = t
			// A claim's id is the files' key; the page names the claim.
			tableHTML[i] = template.HTML(t.Without("id").HTML(nil))
			r.add("tables/"+t.Name+".csv", t.CSV())
			r.add("tables/"+t.Name+".md", t.Markdown())
			r.add("tables/"+t.Name+".tex", t.LaTeX())
			return nil
		})
	}
	page.tables = tableHTML
	for _, f := range other {
		ts = append(ts, render(f, "svg"))
	}
	// The page but its list of files needs every task so far: it is
	// written last, in parts, one per worker.
	var before sync.WaitGroup
	before.Add(len(ts))
	for i, t := range ts {
		ts[i] = func() error {
			defer before.Done()
			return t()
		}
	}
	page.assemble = sync.OnceFunc(func() { r.assemble(page, figs, tables) })
	for i := range page.head {
		ts = append(ts, func() error {
			before.Wait()
			if page.prep == nil {
				return errors.New("the page's parts were not made") // a task before failed
			}
			page.assemble()
			return page.prep.tmpl.ExecuteTemplate(&page.head[i], fmt.Sprint("part", i), page.data)
		})
	}
	return ts
}

// runTasks runs tasks on n workers, each taking the next task not yet
// taken, and returns the first error in the tasks' order; once a task has
// failed, the tasks not yet started are not.
func runTasks(n int, tasks []func() error) error {
	errs := make([]error, len(tasks))
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(n, len(tasks)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(tasks) || failed.Load() {
					return
				}
				if errs[i] = tasks[i](); errs[i] != nil {
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// titlesOf is the title each figure and table file is cited under.
func titlesOf(figs []*figure, tables []exhibits.Table) map[string]string {
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

// figures are the catalogue's figures, each made on first use: its
// caption, alternative text and source line, and its plot (a figure that
// needs the geometry waits for it).
func (r *run) figures() []*figure {
	var figs []*figure
	for _, e := range exhibits.Of(exhibits.Figure) {
		f := &figure{Exhibit: e}
		f.prepare = sync.OnceValue(func() error {
			f.caption, f.alt = e.Caption(r.ex, r.eo), e.Alt(r.ex, r.eo)
			if e.Source != nil {
				f.source = e.Source(r.ex, r.eo)
			}
			p, err := e.Plot(r.ex, r.eo)
			if err != nil {
				return fmt.Errorf("figure %s: %w", e.ID, err)
			}
			f.plot = p
			return nil
		})
		figs = append(figs, f)
	}
	return figs
}

// tr returns the study's string k in l, filled in with a.
func tr(l labels.Lang, k string, a ...any) string { return exhibits.T(l, k, a...) }

// pageData is what the page's template reads.
type pageData struct {
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
}

// pageCuts are where the page's template is cut into parts: before the
// claims, before the data, and the foot from the rows of the list of files.
var pageCuts = [...]string{`<h2 id="claims">`, `<h2 id="data">`, "{{range .Files}}"}

// pagePrep is the part of the page made while the figures are drawn: all
// but the figures, the tables and the list of files, and the template.
type pagePrep struct {
	data  pageData
	notes map[*exhibits.Exhibit]string // the note under an exhibit (a figure and its table share an id)
	tmpl  *template.Template
	pin   cite.Pin // what the citations are pinned to
}

// prepare makes what the page needs besides the figures, the tables and the
// files.
func (r *run) prepare() (*pagePrep, error) {
	in, o, ex, eo := r.in, r.o, r.ex, r.eo
	l := o.Lang
	dp, err := schema.ParseDescriptor(in.Descriptor)
	if err != nil {
		return nil, fmt.Errorf("datapackage.json: %w", err)
	}
	p := &pagePrep{notes: map[*exhibits.Exhibit]string{}}
	if p.pin, err = cite.PinOf(in.Descriptor, o.AsOf.String()); err != nil {
		return nil, err
	}
	meta := metaOf(in.Descriptor)
	p.data = pageData{ProjectURL: ProjectURL, DataURL: dataURL, Downloads: downloadsOf(meta, l), Cite: citationOf(in.Set, meta, p.pin), Lang: string(l), AsOf: o.AsOf.String(), Version: dp.Version, Resources: resourcesOf(dp, l),
		AccessLong: l.LongDate(datasets.ChapterAccessDate), LastLong: l.LongDate(in.Set.Span.Last), FirstLong: l.LongDate(in.Set.Span.First),
		Libraries: interactive.Libraries()}
	p.data.VerdictsByKind = verdictsOf(in.Set.Claims(), l)
	if p.data.Claims, err = claimsOf(ex, in.Set, dp, upstreamOf(meta), l); err != nil {
		return nil, err
	}
	p.data.Top = findingsOf(in.Set, p.data.Claims, l)
	p.data.Findings = exhibits.Findings(ex, eo)
	for _, e := range exhibits.All() {
		if e.Report && e.Beyond && e.Note != nil {
			p.notes[e] = e.Note(ex, eo)
		}
	}
	// The page in parts, cut where the HTML is between elements: the last,
	// the list of files and what follows it, needs every file; the others
	// are written at once, while the last files are made.
	p.tmpl = template.New("page").Funcs(funcs(l))
	rest := pageTemplate
	for i, c := range append(pageCuts[:], "") {
		part := rest
		if c != "" {
			k := strings.Index(rest, c)
			if k < 0 {
				return nil, fmt.Errorf("the page's template has no %q after its part %d", c, i)
			}
			part, rest = rest[:k], rest[k:]
		}
		name := fmt.Sprint("part", i)
		if c == "" {
			name = "foot"
		}
		if _, err = p.tmpl.New(name).Parse(part); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// assemble gathers what the page's template reads once every figure,
// table and part of the page is made.
func (r *run) assemble(page *pageParts, figs []*figure, tables []exhibits.Table) {
	p := page.prep
	data := p.data
	data.Figures, data.Interactive = figuresOf(figs), page.interactive
	data.Tables = map[string]template.HTML{}
	for i, t := range tables {
		data.Tables[t.Name] = page.tables[i]
	}
	for _, e := range exhibits.All() {
		if !e.Report || !e.Beyond {
			continue
		}
		b := beyond{Table: data.Tables[e.ID], Note: p.notes[e]}
		if e.Kind == exhibits.Figure {
			f := data.Figures[e.ID]
			b.Fig = &f
		}
		data.Beyond = append(data.Beyond, b)
	}
	page.data = data
}

// pageFoot is the whole page: its head and the list of every file made so
// far with its checksum.
func (r *run) pageFoot(page *pageParts) ([]byte, error) {
	page.data.Files = filesOf(r.sums)
	n := 0
	for i := range page.head {
		n += page.head[i].Len()
	}
	var b bytes.Buffer
	b.Grow(n + 64<<10)
	for i := range page.head {
		b.Write(page.head[i].Bytes())
	}
	if err := page.prep.tmpl.ExecuteTemplate(&b, "foot", page.data); err != nil {
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

func figuresOf(figs []*figure) map[string]fig {
	out := map[string]fig{}
	for _, f := range figs {
		links := []string{}
		for _, format := range charts.Formats {
			links = append(links, f.File(format))
		}
		csv := ""
		if f.Data != nil {
			csv = f.Data.File("csv")
		}
		out[f.ID] = fig{Name: f.ID, Caption: f.caption, Alt: f.alt, Data: csv, Source: f.source, TableCaptioned: strings.HasPrefix(f.ID, "tabel-"),
			Img: f.img, Links: links}
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

func filesOf(sums map[string]string) []fileHash {
	var names []string
	for n := range sums {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []fileHash
	for _, n := range names {
		out = append(out, fileHash{n, sums[n][:16]})
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

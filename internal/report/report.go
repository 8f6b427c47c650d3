// Package report regenerates every table and figure of the study from the
// datasets, and a self-contained HTML report of them, in memory: the
// reproduce command writes what it returns.
//
// Nothing here reads the network or the clock: the same datasets and options
// give the same bytes (PNG included, PDF dated from the data).
package report

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"html/template"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/analysis/claims"
	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/geo"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
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

	supporters []datasets.Supporter
	countries  map[string]datasets.Country
}

// figure is a chart, the size it is drawn at, and its alternative text.
type figure struct {
	name, caption, alt string
	plot               *plot.Plot
	// draw makes plot from the world geometry, for a figure that needs it: it
	// is made once the geometry is decoded, while the others are drawn.
	draw func(shapes []geo.Shape) (*plot.Plot, error)
	w, h vg.Length
}

// Build makes every file, by path relative to the output directory.
func Build(in Inputs, o Options) (map[string][]byte, error) {
	set := in.Set
	if err := set.Span.Check(o.AsOf); err != nil {
		return nil, err
	}
	// Decoded once: every figure and table below reads these.
	in.supporters, in.countries = set.Supporters(), set.Countries()
	// The geometry is the largest file read; it is decoded while the figures
	// that do not need it are drawn.
	shapes := sync.OnceValues(func() ([]geo.Shape, error) {
		if in.Shapes != nil {
			return in.Shapes, nil
		}
		return set.Shapes()
	})
	// Decoding starts now, on the other core, while the figures and tables
	// below are built.
	go shapes()
	figs, err := figures(in, o)
	if err != nil {
		return nil, err
	}
	tables := tablesOf(in, o)
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
		b, err := charts.Render(p, charts.Size{W: f.w, H: f.h}, format, charts.Options{Date: last})
		if err != nil {
			return fmt.Errorf("figure %s.%s: %w", f.name, format, err)
		}
		if format == "svg" {
			svgs[i] = b
		}
		add("figures/"+f.name+"."+format, b)
		return nil
	}
	var imHTML template.HTML
	// The interactive map is started by the first task to have the geometry.
	startInteractive := sync.OnceFunc(func() {
		g.Go(func() error {
			sh, err := shapes()
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
		if f.draw == nil {
			continue
		}
		g.Go(func() error {
			sh, err := shapes()
			if err != nil {
				return err
			}
			startInteractive()
			p, err := f.draw(sh)
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
		if f.draw != nil {
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
			titles["figures/"+f.name+"."+format] = f.caption
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

func figures(in Inputs, o Options) ([]figure, error) {
	set, l := in.Set, o.Lang
	t := func(k string, a ...any) string { return tr(l, k, a...) }
	states := analysis.StateCodes(set, o.AsOf)
	var figs []figure
	drawMap := func(shapes []geo.Shape) (*plot.Plot, error) {
		return charts.SupporterMap(charts.MapData{Shapes: shapes, Supporters: states, AsOf: o.AsOf, Lang: l, Source: t("source")})
	}
	stateTally := analysis.CountOn(set, o.AsOf, vocab.State)
	largest, k := "", 0
	if len(stateTally.ByRegion) > 0 {
		largest, k = regionName(in.countries, stateTally.ByRegion[0].Region, l), stateTally.ByRegion[0].Total
	}
	figs = append(figs, figure{name: "gambar-2-1-supporter-map", caption: t("fig.map"), draw: drawMap, w: charts.MapSize.W, h: charts.MapSize.H,
		alt: t("alt.map", l.Int(len(states)), l.LongDate(o.AsOf), largest, l.Int(k))})

	cov, err := charts.Coverage(set.Principles(), set.Frameworks(), set.Coverage(), l)
	if err != nil {
		return nil, err
	}
	cm, err := analysis.CoverageOf(set)
	if err != nil {
		return nil, err
	}
	counts := cm.PrincipleCounts()
	least := 0
	for j, n := range counts {
		if n < counts[least] {
			least = j
		}
	}
	principles := set.Principles()
	paris := 0
	for _, v := range cm.Covered[0] {
		if v {
			paris++
		}
	}
	figs = append(figs, figure{name: "tabel-2-1-coverage", caption: t("fig.coverage"), plot: cov, w: charts.CoverageSize.W, h: charts.CoverageSize.H,
		alt: t("alt.coverage", l.Int(len(cm.IDs)), l.Int(len(cm.Principles)), l.Int(paris), l.Pick(principles[least].LabelIDTable, principles[least].NameEN, principles[least].LabelIDTable), l.Int(counts[least]))})

	pw, err := charts.CyberPower(set.CyberPower(), l)
	if err != nil {
		return nil, err
	}
	inst, loci := map[string]bool{}, map[string]bool{}
	for _, c := range set.CyberPower() {
		inst[c.Instrument], loci[c.Locus] = true, true
	}
	figs = append(figs, figure{name: "tabel-2-2-cyber-power", caption: t("fig.power"), plot: pw, w: charts.CyberPowerSize.W, h: charts.CyberPowerSize.H,
		alt: t("alt.power", l.Int(len(inst)), l.Int(len(loci)), l.Int(len(set.CyberPower())))})

	// Beyond the chapter: growth over time, with the largest single-day
	// addition marked, and the states by region.
	notes := []charts.Note{{Date: datasets.ChapterAccessDate, Text: t("access.note", l.LongDate(datasets.ChapterAccessDate))}}
	if d, n := analysis.LargestAddition(set); n > 0 {
		notes = append([]charts.Note{{Date: d, Text: t("largest.note", l.LongDate(d), l.Int(n))}}, notes...)
	}
	g, err := charts.Growth(charts.GrowthData{Supporters: in.supporters, Censored: set.Span.First, Notes: notes, AsOf: o.AsOf, Lang: l})
	if err != nil {
		return nil, err
	}
	end := analysis.Present(in.supporters, set.Span.Last)
	endStates := len(analysis.Present(end, set.Span.Last, vocab.State))
	figs = append(figs, figure{name: "supporters-over-time", caption: t("fig.growth"), plot: g, w: charts.GrowthSize.W, h: charts.GrowthSize.H,
		alt: t("alt.growth", l.LongDate(set.Span.First), l.LongDate(set.Span.Last), l.Int(len(end)), l.Int(endStates))})

	// States by region on a day are counted as the site classified them that day.
	b, err := charts.StatesByRegion(analysis.AsPublished(set, o.AsOf), in.countries, o.AsOf, l)
	if err != nil {
		return nil, err
	}
	var parts []string
	for _, rc := range stateTally.ByRegion {
		parts = append(parts, regionName(in.countries, rc.Region, l)+" "+l.Int(rc.Total))
	}
	figs = append(figs, figure{name: "states-by-region", caption: t("fig.regions"), plot: b, w: charts.RegionsSize.W, h: charts.RegionsSize.H,
		alt: t("alt.regions", l.LongDate(o.AsOf), strings.Join(parts, ", "))})
	return figs, nil
}

// tr returns the report's string k in l, filled in with a.
func tr(l labels.Lang, k string, a ...any) string {
	s := Text.Get(l, k)
	if len(a) == 0 {
		return s
	}
	return fmt.Sprintf(s, a...)
}

// regionName names a UN M49 region (as analysis counts it) in l.
func regionName(countries map[string]datasets.Country, region string, l labels.Lang) string {
	if region == analysis.NoCountry {
		return tr(l, "t.nocountry")
	}
	for _, c := range countries {
		if c.RegionEN == region {
			return l.Pick(c.RegionID, c.RegionEN, c.RegionFR)
		}
	}
	return region
}

var checkMarks = map[string][2]string{"✓": {`\checkmark`, "✓"}, "X": {`$\times$`, "✗"}}

func tablesOf(in Inputs, o Options) []Table {
	set := in.Set
	return []Table{
		coverageTable(set, o.Lang),
		cyberPowerTable(set, o.Lang),
		statesTable(in, o),
		regionsTable(in, o),
		claimsTable(set, o.Lang),
		claimKindsTable(set, o.Lang),
		errataTable(set, o.Lang),
		ledgerTable(set, o.Lang),
		timelineTable(set, o.Lang),
	}
}

// coverageTable is Tabel 2.1 as printed; in French its headings are the
// chapter's, quoted.
func coverageTable(set *datasets.Set, l labels.Lang) Table {
	cov := Table{Name: "tabel-2-1-coverage", Caption: tr(l, "fig.coverage"), Marks: checkMarks, HeadLang: true}
	cov.Columns = []string{tr(l, "t.framework")}
	cov.Align = []byte{'l'}
	cov.Lang = []string{""}
	principles := set.Principles()
	for _, p := range principles {
		cov.Columns = append(cov.Columns, l.Pick(p.LabelIDTable, p.NameEN, p.LabelIDTable))
		cov.Align = append(cov.Align, 'c')
		cov.Widths = append(cov.Widths, "")
		cov.Lang = append(cov.Lang, l.Pick("", "", "id"))
	}
	cov.Widths = append([]string{""}, cov.Widths...)
	marks := map[string]map[int]string{}
	for _, c := range set.Coverage() {
		if marks[c.Framework] == nil {
			marks[c.Framework] = map[int]string{}
		}
		marks[c.Framework][c.Principle] = c.Mark
	}
	for _, f := range set.Frameworks() {
		row := []string{f.NameAsPrinted}
		for _, p := range principles {
			row = append(row, marks[f.ID][p.ID])
		}
		cov.Rows = append(cov.Rows, row)
	}
	return cov
}

// cyberPowerTable is Tabel 2.2; in French its cells are the chapter's,
// quoted.
func cyberPowerTable(set *datasets.Set, l labels.Lang) Table {
	pw := Table{Name: "tabel-2-2-cyber-power", Caption: tr(l, "fig.power"), Align: []byte{'l', 'l', 'l'}, Widths: []string{"3cm", "5.5cm", "5.5cm"}}
	q := l.Pick("", "", "id")
	pw.Lang, pw.HeadLang = []string{q, q, q}, true
	cells := map[string]string{}
	var rows, cols []string
	seen := map[string]bool{}
	for _, c := range set.CyberPower() {
		inst, locus := l.Pick(c.InstrumentLabelID, c.InstrumentLabelEN, c.InstrumentLabelID), l.Pick(c.LocusLabelID, c.LocusLabelEN, c.LocusLabelID)
		if !seen["r"+inst] {
			rows, seen["r"+inst] = append(rows, inst), true
		}
		if !seen["c"+locus] {
			cols, seen["c"+locus] = append(cols, locus), true
		}
		k := inst + "|" + locus
		power := map[string]string{"hard": "Hard", "soft": "Soft"}[c.Power]
		if cells[k] != "" {
			cells[k] += " "
		}
		cells[k] += power + ": " + l.Pick(c.ExampleID, c.ExampleEN, c.ExampleID) + "."
	}
	pw.Columns = append([]string{""}, cols...)
	for _, r := range rows {
		row := []string{r}
		for _, c := range cols {
			row = append(row, cells[r+"|"+c])
		}
		pw.Rows = append(pw.Rows, row)
	}
	return pw
}

// statesTable is the supporter states on the date.
func statesTable(in Inputs, o Options) Table {
	l := o.Lang
	cs := in.countries
	t := func(k string, a ...any) string { return tr(l, k, a...) }
	st := Table{Name: "supporter-states", Caption: t("t.states", l.LongDate(o.AsOf)),
		Columns: []string{t("t.country"), "ISO", t("t.region"), t("t.subregion"), t("t.eu"), t("t.first")},
		Align:   []byte{'l', 'l', 'l', 'l', 'c', 'l'}}
	for _, s := range analysis.Present(in.supporters, o.AsOf, vocab.State) {
		c := cs[s.Country]
		eu := t("no")
		if s.EUMember {
			eu = t("yes")
		}
		first := l.LongDate(s.FirstSeen)
		if s.InFirstCommit {
			first = "≤ " + first
		}
		// CLDR has no French sub-region names: the English ones are codes here.
		st.Rows = append(st.Rows, []string{l.Pick(c.NameID, c.NameEN, c.NameFR), c.Alpha3, l.Pick(c.RegionID, c.RegionEN, c.RegionFR), l.Pick(c.SubregionID, c.SubregionEN, c.SubregionFR), eu, first})
	}
	sort.SliceStable(st.Rows, func(i, j int) bool {
		if st.Rows[i][2] != st.Rows[j][2] {
			return st.Rows[i][2] < st.Rows[j][2]
		}
		return st.Rows[i][0] < st.Rows[j][0]
	})
	return st
}

// regionsTable is the supporters by region and category on the date.
func regionsTable(in Inputs, o Options) Table {
	l := o.Lang
	cs := in.countries
	tally := analysis.CountOn(in.Set, o.AsOf, "")
	br := Table{Name: "supporters-by-region", Caption: tr(l, "t.byregion", l.LongDate(o.AsOf)),
		Columns: []string{tr(l, "t.region")}, Align: []byte{'l'}}
	for _, c := range vocab.Categories {
		br.Columns = append(br.Columns, l.Category(c))
		br.Align = append(br.Align, 'r')
	}
	br.Columns, br.Align = append(br.Columns, tr(l, "t.total")), append(br.Align, 'r')
	for _, rc := range tally.ByRegion {
		row := []string{regionName(cs, rc.Region, l)}
		for _, c := range vocab.Categories {
			row = append(row, l.Int(rc.ByCategory[c]))
		}
		br.Rows = append(br.Rows, append(row, l.Int(rc.Total)))
	}
	sort.SliceStable(br.Rows, func(i, j int) bool { return br.Rows[i][0] < br.Rows[j][0] })
	row := []string{tr(l, "t.allregions")}
	for _, c := range vocab.Categories {
		row = append(row, l.Int(tally.ByCategory[c]))
	}
	br.Rows = append(br.Rows, append(row, l.Int(tally.Total)))
	return br
}

// value shows a claim's observed value in l: booleans and numbers in the
// locale's words and digits.
func value(l labels.Lang, v string) string {
	if v == "true" || v == "false" {
		return tr(l, v)
	}
	if n, err := strconv.Atoi(v); err == nil {
		return l.Int(n)
	}
	return v
}

// claimsTable is the claims check. The claim is the chapter's own words in
// Indonesian and French (quoted), the English statement in English.
func claimsTable(set *datasets.Set, l labels.Lang) Table {
	t := func(k string, a ...any) string { return tr(l, k, a...) }
	access, last := l.LongDate(datasets.ChapterAccessDate), l.LongDate(set.Span.Last)
	cl := Table{Name: "claims", Caption: t("t.claims"),
		Align: []byte{'l', 'l', 'l', 'l', 'l', 'r', 'l', 'r', 'l'}, Widths: []string{"", "", "", "5cm", "4cm", "", "", "", ""},
		Lang: []string{"zxx", "", "", l.Pick("", "", "id"), "zxx", "", "", "", ""}}
	for _, c := range set.Claims() {
		claim := l.Pick(c.Quote, c.ClaimEN, c.Quote)
		cl.Rows = append(cl.Rows, []string{c.ID, sectionName(l, c.Section), t(c.Kind), claim, c.Check, value(l, c.ObservedAccess), t(c.VerdictAccess), value(l, c.ObservedLatest), t(c.VerdictLatest)})
		cl.Classes = append(cl.Classes, []string{"", "", "", "", "", "", vocab.VerdictClass(c.VerdictAccess), "", vocab.VerdictClass(c.VerdictLatest)})
	}
	cl.Columns = []string{"id", t("t.section"), t("t.checkkind"), t("t.claim"), t("t.check"), t("t.value", access), t("t.verdict", access), t("t.value", last), t("t.verdict", last)}
	return cl
}

// sectionName is a section of the chapter in l: its tables are "Tabel" in
// the chapter and in Indonesian only.
func sectionName(l labels.Lang, s string) string {
	if rest, ok := strings.CutPrefix(s, "Tabel "); ok {
		return l.Pick("Tabel ", "Table ", "Tableau ") + rest
	}
	return s
}

// partialDate writes a date known to the year (2015), the month (2015-06)
// or the day in l's words.
func partialDate(l labels.Lang, iso string) string {
	switch len(iso) {
	case len("2006-01"):
		var y, m int
		if _, err := fmt.Sscanf(iso, "%d-%d", &y, &m); err == nil && m >= 1 && m <= 12 {
			return l.Months()[m-1] + " " + strconv.Itoa(y)
		}
	case len("2006-01-02"):
		if d, err := civil.Parse(iso); err == nil {
			return l.LongDate(d)
		}
	}
	return iso
}

// timelineTable is the doctrine timeline; in French the events are the
// chapter's words, quoted.
func timelineTable(set *datasets.Set, l labels.Lang) Table {
	t := func(k string, a ...any) string { return tr(l, k, a...) }
	tl := Table{Name: "doctrine-timeline", Caption: t("t.timeline"),
		Columns: []string{t("t.date"), t("t.level"), t("t.kind"), t("t.event"), t("t.citation")},
		Align:   []byte{'l', 'l', 'l', 'l', 'l'}, Widths: []string{"", "", "", "7cm", "3cm"},
		Lang: []string{"", "", "", l.Pick("", "", "id"), ""}}
	for _, e := range set.Timeline() {
		date := partialDate(l, e.DateISO)
		if e.EndDateISO != "" {
			date += " – " + partialDate(l, e.EndDateISO)
		}
		tl.Rows = append(tl.Rows, []string{date, t(e.Level), t(e.Kind), l.Pick(e.DescriptionID, e.DescriptionEN, e.DescriptionID), e.Citation})
	}
	return tl
}

func htmlReport(in Inputs, o Options, figs []figure, svgs [][]byte, tables []Table, files map[string][]byte, interactiveMap template.HTML) ([]byte, error) {
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
		short := strings.TrimPrefix(r.Hash, "sha256:")
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
	dataOf := map[string]string{"gambar-2-1-supporter-map": "supporter-states", "tabel-2-1-coverage": "tabel-2-1-coverage",
		"tabel-2-2-cyber-power": "tabel-2-2-cyber-power", "states-by-region": "supporters-by-region"}
	type verdicts struct{ Holds, Fails, Unchecked string }
	// Counts per kind of check: verdicts of different kinds are never added up.
	type kindVerdicts struct {
		Kind           string
		Access, Latest verdicts
	}
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
		VerdictsByKind []kindVerdicts
	}{Lang: string(l), AsOf: o.AsOf.String(), Version: dp.Version, Figures: map[string]fig{}, Tables: map[string]template.HTML{}, Resources: resources,
		AccessLong: l.LongDate(datasets.ChapterAccessDate), LastLong: l.LongDate(in.Set.Span.Last), FirstLong: l.LongDate(in.Set.Span.First),
		Libraries: interactive.Libraries(), Interactive: interactiveMap}
	for i, f := range figs {
		links := []string{}
		for _, format := range charts.Formats {
			links = append(links, "figures/"+f.name+"."+format)
		}
		csv := ""
		if t, ok := dataOf[f.name]; ok {
			csv = "tables/" + t + ".csv"
		}
		data.Figures[f.name] = fig{Name: f.name, Caption: f.caption, Alt: f.alt, Data: csv, TableCaptioned: strings.HasPrefix(f.name, "tabel-"),
			// Built here rather than escaped by the template: checking a
			// megabyte of it took a tenth of the page's time.
			Img: template.HTML(`<img src="` + svgDataURI(svgs[i]) + `" alt="` +
				template.HTMLEscapeString(f.alt) + `" data-figure="` + template.HTMLEscapeString(f.name) + `">`), Links: links}
	}
	for _, t := range tables {
		data.Tables[t.Name] = template.HTML(t.HTML(nil))
	}
	for _, k := range claims.Summarise(in.Set.Claims()) {
		// A kind whose claims all have a verdict of their own (they cannot
		// change with the data) is in the table of kinds only.
		if k.Access[vocab.Holds]+k.Access[vocab.DoesNotHold]+k.Access[vocab.CannotBeChecked] == 0 {
			continue
		}
		v := func(m map[string]int) verdicts {
			return verdicts{l.Int(m[vocab.Holds]), l.Int(m[vocab.DoesNotHold]), l.Int(m[vocab.CannotBeChecked])}
		}
		data.VerdictsByKind = append(data.VerdictsByKind, kindVerdicts{k.Kind, v(k.Access), v(k.Latest)})
	}
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		data.Files = append(data.Files, struct{ Name, Hash string }{n, fmt.Sprintf("%x", sha256.Sum256(files[n]))[:16]})
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
			return template.HTML(fmt.Sprintf(template.HTMLEscapeString(Text.Get(l, k)), a...))
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

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
	"encoding/base64"
	"fmt"
	"html/template"
	"sort"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/cybernorms/cybernorms/analysis/claims"
	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/geo"
	"github.com/cybernorms/cybernorms/datasets/schema"
)

// Options control what is regenerated.
type Options struct {
	AsOf string      // date of the map and the supporter tables
	Lang charts.Lang // labels of figures and tables
	// Progress, if set, is called after each file is made.
	Progress func(done, total int, name string)
}

// Inputs are the datasets the report is made from.
type Inputs struct {
	Set        *datasets.Set
	Shapes     []geo.Shape
	Descriptor []byte // datapackage.json, for provenance
}

// figure is a chart and the size it is drawn at.
type figure struct {
	name, caption string
	plot          *plot.Plot
	w, h          vg.Length
}

// Source names the upstream in figures.
const Source = "pariscall.international supporter files (github.com/ambanum/pariscall.international)"

// Build makes every file, by path relative to the output directory.
func Build(in Inputs, o Options) (map[string][]byte, error) {
	set := in.Set
	if err := set.CheckDate(o.AsOf); err != nil {
		return nil, err
	}
	figs, err := figures(in, o)
	if err != nil {
		return nil, err
	}
	tables := tablesOf(set, o)
	total := len(figs)*len(charts.Formats) + len(tables)*3 + 3
	files := map[string][]byte{}
	done := 0
	add := func(name string, b []byte) {
		files[name] = b
		done++
		if o.Progress != nil {
			o.Progress(done, total, name)
		}
	}
	last, _ := time.Parse(time.DateOnly, set.Last)
	svgs := map[string][]byte{}
	for _, f := range figs {
		for _, format := range charts.Formats {
			b, err := charts.Render(f.plot, f.w, f.h, format, charts.Options{Date: last})
			if err != nil {
				return nil, fmt.Errorf("figure %s.%s: %w", f.name, format, err)
			}
			if format == "svg" {
				svgs[f.name] = b
			}
			add("figures/"+f.name+"."+format, b)
		}
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
	bib, csl, err := citations(in.Descriptor, o.AsOf, titles, files)
	if err != nil {
		return nil, err
	}
	add(CitationsBibTeX, bib)
	add(CitationsCSL, csl)
	page, err := htmlReport(in, o, figs, svgs, tables, files)
	if err != nil {
		return nil, err
	}
	add("index.html", page)
	return files, nil
}

func figures(in Inputs, o Options) ([]figure, error) {
	set, l := in.Set, o.Lang
	states := set.StateCodesOn(o.AsOf)
	var figs []figure
	m, err := charts.SupporterMap(charts.MapData{Shapes: in.Shapes, Supporters: states, AsOf: o.AsOf, Lang: l, Source: l.Pick(
		"berkas pendukung situs pariscall.international (github.com/ambanum/pariscall.international)", Source)})
	if err != nil {
		return nil, err
	}
	figs = append(figs, figure{"gambar-2-1-supporter-map", l.Pick("Gambar 2.1 Peta negara pendukung Paris Call", "Gambar 2.1 Map of the Paris Call's supporter states"), m, charts.MapSize[0], charts.MapSize[1]})
	cov, err := charts.Coverage(set.Principles(), set.Frameworks(), set.Coverage(), l)
	if err != nil {
		return nil, err
	}
	figs = append(figs, figure{"tabel-2-1-coverage", l.Pick("Tabel 2.1 Perbandingan kelima perjanjian cybersecurity terhadap Paris Call", "Tabel 2.1 Coverage of the nine principles by six frameworks"), cov, charts.CoverageSize[0], charts.CoverageSize[1]})
	pw, err := charts.CyberPower(set.CyberPower(), l)
	if err != nil {
		return nil, err
	}
	figs = append(figs, figure{"tabel-2-2-cyber-power", l.Pick("Tabel 2.2 Matriks kekuatan siber Nye", "Tabel 2.2 Nye's cyber power matrix"), pw, charts.CyberPowerSize[0], charts.CyberPowerSize[1]})

	// Beyond the chapter: growth over time, with the largest single-day
	// addition marked, and the states by region.
	notes := []charts.Note{{Date: datasets.ChapterAccessDate, Text: l.Pick("18 Januari 2021: tanggal akses bab ini", "18 January 2021: the chapter's access date")}}
	if d, n := set.LargestAddition(); n > 0 {
		notes = append([]charts.Note{{Date: d, Text: l.Pick(fmt.Sprintf("%s: %d pendukung baru dalam satu hari (terbesar)", d, n),
			fmt.Sprintf("%s: %d new supporters in one day (the most)", d, n))}}, notes...)
	}
	supporters := set.Supporters()
	g, err := charts.Growth(charts.GrowthData{Supporters: supporters, Censored: set.First, Notes: notes, Lang: l})
	if err != nil {
		return nil, err
	}
	figs = append(figs, figure{"supporters-over-time", l.Pick("Pendukung dari waktu ke waktu", "Supporters over time"), g, charts.GrowthSize[0], charts.GrowthSize[1]})

	b := charts.StatesByRegion(supporters, set.Countries(), o.AsOf, l)
	figs = append(figs, figure{"states-by-region", l.Pick("Negara pendukung per wilayah", "Supporter states by region"), b, charts.BarsSize[0], 7 * vg.Centimeter})
	return figs, nil
}

func regionName(c datasets.Country, l charts.Lang) string {
	if c.RegionEN == "" {
		return l.Pick("(tanpa negara)", "(no country)")
	}
	return l.Pick(c.RegionID, c.RegionEN)
}

// longDate is l.LongDate for a date Build has checked.
func longDate(d string, l charts.Lang) string {
	s, err := l.LongDate(d)
	if err != nil {
		return d
	}
	return s
}

var checkMarks = map[string][2]string{"✓": {`\checkmark`, "✓"}, "X": {`$\times$`, "✗"}}

func tablesOf(set *datasets.Set, o Options) []Table {
	l := o.Lang
	cs := set.Countries()
	present := set.PresentOn(o.AsOf)
	var out []Table

	// Tabel 2.1 as printed.
	cov := Table{Name: "tabel-2-1-coverage", Caption: l.Pick("Tabel 2.1 Perbandingan Kelima Perjanjian Cybersecurity terhadap Paris Call",
		"Table 2.1 Coverage of the Paris Call's nine principles by five other frameworks"), Marks: checkMarks}
	cov.Columns = []string{l.Pick("Name", "Framework")}
	cov.Align = []byte{'l'}
	principles := set.Principles()
	for _, p := range principles {
		cov.Columns = append(cov.Columns, l.Pick(p.LabelIDTable, p.NameEN))
		cov.Align = append(cov.Align, 'c')
		cov.Widths = append(cov.Widths, "")
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
	out = append(out, cov)

	// Tabel 2.2.
	pw := Table{Name: "tabel-2-2-cyber-power", Caption: l.Pick("Tabel 2.2 Sumber: Diadaptasi dari Tabel Joseph Nye (Cyber Power, 2018)",
		"Table 2.2 The cyber power matrix, adapted from Joseph Nye (Cyber Power, 2018)"), Align: []byte{'l', 'l', 'l'}, Widths: []string{"3cm", "5.5cm", "5.5cm"}}
	cells := map[string]string{}
	var rows, cols []string
	seen := map[string]bool{}
	for _, c := range set.CyberPower() {
		inst, locus := l.Pick(c.InstrumentLabelID, c.InstrumentLabelEN), l.Pick(c.LocusLabelID, c.LocusLabelEN)
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
		cells[k] += power + ": " + l.Pick(c.ExampleID, c.ExampleEN) + "."
	}
	pw.Columns = append([]string{""}, cols...)
	for _, r := range rows {
		row := []string{r}
		for _, c := range cols {
			row = append(row, cells[r+"|"+c])
		}
		pw.Rows = append(pw.Rows, row)
	}
	out = append(out, pw)

	// Supporter states on the date.
	date := longDate(o.AsOf, l)
	st := Table{Name: "supporter-states", Caption: l.Pick("Negara pendukung Paris Call per "+date, "Paris Call supporter states as of "+date),
		Columns: []string{l.Pick("Negara", "Country"), "ISO", l.Pick("Wilayah", "Region"), l.Pick("Subwilayah", "Sub-region"), l.Pick("Anggota UE", "EU member"), l.Pick("Pertama tercatat", "First listed")},
		Align:   []byte{'l', 'l', 'l', 'l', 'c', 'l'}}
	for _, s := range present {
		if s.Category != "state" {
			continue
		}
		c := cs[s.Country]
		eu := l.Pick("tidak", "no")
		if s.EUMember == "true" {
			eu = l.Pick("ya", "yes")
		}
		first := s.FirstSeen
		if s.InFirstCommit {
			first = "≤ " + first
		}
		st.Rows = append(st.Rows, []string{l.Pick(c.NameID, c.NameEN), c.Alpha3, l.Pick(c.RegionID, c.RegionEN), l.Pick(c.SubregionID, c.SubregionEN), eu, first})
	}
	sort.SliceStable(st.Rows, func(i, j int) bool {
		if st.Rows[i][2] != st.Rows[j][2] {
			return st.Rows[i][2] < st.Rows[j][2]
		}
		return st.Rows[i][0] < st.Rows[j][0]
	})
	out = append(out, st)

	// Supporters by region and category on the date.
	cats := []string{"state", "public-authority", "private-sector", "civil-society", "undefined"}
	byRegion := map[string]map[string]int{}
	for _, s := range present {
		r := regionName(cs[s.Country], l)
		if byRegion[r] == nil {
			byRegion[r] = map[string]int{}
		}
		byRegion[r][s.Category]++
	}
	br := Table{Name: "supporters-by-region", Caption: l.Pick("Pendukung per wilayah dan kategori, "+date, "Supporters by region and category, "+date),
		Columns: []string{l.Pick("Wilayah", "Region")}, Align: []byte{'l'}}
	for _, c := range cats {
		br.Columns = append(br.Columns, charts.CategoryLabel(l, c))
		br.Align = append(br.Align, 'r')
	}
	br.Columns, br.Align = append(br.Columns, l.Pick("Jumlah", "Total")), append(br.Align, 'r')
	var regionNames []string
	for r := range byRegion {
		regionNames = append(regionNames, r)
	}
	sort.Strings(regionNames)
	totals := make([]int, len(cats)+1)
	for _, r := range regionNames {
		row, sum := []string{r}, 0
		for i, c := range cats {
			n := byRegion[r][c]
			row, sum = append(row, strconv.Itoa(n)), sum+n
			totals[i] += n
		}
		totals[len(cats)] += sum
		br.Rows = append(br.Rows, append(row, strconv.Itoa(sum)))
	}
	row := []string{l.Pick("Semua wilayah", "All regions")}
	for _, n := range totals {
		row = append(row, strconv.Itoa(n))
	}
	br.Rows = append(br.Rows, row)
	out = append(out, br)

	// The claims check.
	cl := Table{Name: "claims", Caption: l.Pick("Klaim bab ini, diperiksa terhadap data", "The chapter's claims, checked against the data"),
		Columns: []string{"id", l.Pick("Bagian", "Section"), l.Pick("Klaim", "Claim"), l.Pick("Pemeriksaan", "Check"),
			"2021-01-18", l.Pick("Putusan", "Verdict"), l.Pick("Terbaru", "Latest"), l.Pick("Putusan", "Verdict")},
		Align: []byte{'l', 'l', 'l', 'l', 'r', 'l', 'r', 'l'}, Widths: []string{"", "", "5cm", "4cm", "", "", "", ""}}
	for _, c := range set.Claims() {
		cl.Rows = append(cl.Rows, []string{c.ID, c.Section, c.ClaimEN, c.Check, c.ObservedAccess, c.VerdictAccess, c.ObservedLatest, c.VerdictLatest})
	}
	out = append(out, cl)

	// The doctrine timeline.
	tl := Table{Name: "doctrine-timeline", Caption: l.Pick("Doktrin keamanan siber Prancis hingga Paris Call", "French cyber doctrine up to the Paris Call"),
		Columns: []string{l.Pick("Tanggal", "Date"), l.Pick("Tingkat", "Level"), l.Pick("Jenis", "Kind"), l.Pick("Peristiwa", "Event"), l.Pick("Rujukan", "Citation")},
		Align:   []byte{'l', 'l', 'l', 'l', 'l'}, Widths: []string{"", "", "", "7cm", "3cm"}}
	for _, e := range set.Timeline() {
		date := e.DateISO
		if e.EndDateISO != "" {
			date += "–" + e.EndDateISO
		}
		tl.Rows = append(tl.Rows, []string{date, e.Level, e.Kind, l.Pick(e.DescriptionID, e.DescriptionEN), e.Citation})
	}
	out = append(out, tl)
	return out
}

func htmlReport(in Inputs, o Options, figs []figure, svgs map[string][]byte, tables []Table, files map[string][]byte) ([]byte, error) {
	dp, err := schema.ParseDescriptor(in.Descriptor)
	if err != nil {
		return nil, fmt.Errorf("datapackage.json: %w", err)
	}
	// Rows are shown for tables, not for the geometry file.
	type resource struct {
		Name, Path, Rows, Hash string
		Bytes                  int
	}
	var resources []resource
	for _, r := range dp.Resources {
		rows := ""
		if r.Table != nil {
			rows = strconv.Itoa(r.Rows)
		}
		resources = append(resources, resource{Name: r.Name, Path: r.Path, Rows: rows, Hash: r.Hash, Bytes: r.Bytes})
	}
	type fig struct {
		Name, Caption string
		Src           template.URL
		Links         []string
	}
	type verdicts struct{ Holds, Fails, Unchecked int }
	data := struct {
		Lang           string
		AsOf, AsOfLong string
		First, Last    string
		Version        string
		Figures        []fig
		Tables         map[string]template.HTML
		Resources      any
		Access, Latest verdicts
		Files          []struct{ Name, Hash string }
	}{Lang: string(o.Lang), AsOf: o.AsOf, AsOfLong: longDate(o.AsOf, charts.EN), First: in.Set.First, Last: in.Set.Last, Version: dp.Version,
		Tables: map[string]template.HTML{}, Resources: resources}
	for _, f := range figs {
		links := []string{}
		for _, format := range charts.Formats {
			links = append(links, "figures/"+f.name+"."+format)
		}
		data.Figures = append(data.Figures, fig{Name: f.name, Caption: f.caption,
			Src: template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(svgs[f.name])), Links: links})
	}
	for _, t := range tables {
		data.Tables[t.Name] = template.HTML(t.HTML(func(_ int, v string) string { return claims.Class(v) }))
	}
	tally := func(c *verdicts, v string) {
		switch v {
		case claims.Holds:
			c.Holds++
		case claims.DoesNotHold:
			c.Fails++
		default:
			c.Unchecked++
		}
	}
	for _, c := range in.Set.Claims() {
		tally(&data.Access, c.VerdictAccess)
		tally(&data.Latest, c.VerdictLatest)
	}
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		data.Files = append(data.Files, struct{ Name, Hash string }{n, fmt.Sprintf("%x", sha256.Sum256(files[n]))[:16]})
	}
	var b bytes.Buffer
	if err := page.Execute(&b, data); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

var page = template.Must(template.New("report").Funcs(template.FuncMap{"join": strings.Join}).Parse(pageTemplate))

package exhibits

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/labels"
)

// caption is a caption that is one of the study's words.
func caption(k string) func(*Input, Options) string {
	return func(_ *Input, o Options) string { return tr(o.Lang, k) }
}

// src is a figure's source line, message k in o.Lang.
func src(k string) func(*Input, Options) string {
	return func(_ *Input, o Options) string { return tr(o.Lang, "src.line", tr(o.Lang, k)) }
}

// srcSupporters is the source line of a figure of the supporter history.
func srcSupporters(_ *Input, o Options) string { return tr(o.Lang, "src.line", tr(o.Lang, "source")) }

// SupporterMap is Gambar 2.1: the supporter states on the day.
var SupporterMap = &Exhibit{ID: "gambar-2-1-supporter-map", Kind: Figure, Source: srcSupporters, Notebooks: []string{"01"}, Report: true, Caption: caption("fig.map"),
	Geometry: true, Data: SupporterStates,
	Plot: func(in *Input, o Options) (*plot.Plot, error) {
		shapes, err := in.Shapes()
		if err != nil {
			return nil, err
		}
		return charts.SupporterMap(charts.MapData{Shapes: shapes, Supporters: stateCodes(in, o), AsOf: o.AsOf, Lang: o.Lang, Source: tr(o.Lang, "source")})
	},
	Alt: func(in *Input, o Options) string {
		l := o.Lang
		largest, k := "", 0
		if rs := in.Tally(o, vocab.State).Largest(); len(rs) > 0 {
			var names []string
			for _, r := range rs {
				names = append(names, RegionName(in.countries, r.Region, l))
			}
			largest, k = strings.Join(names, tr(l, "and")), rs[0].Total
		}
		return tr(l, "alt.map", l.Int(len(stateCodes(in, o))), l.LongDate(o.AsOf), largest, l.Int(k))
	},
	README: "Gambar 2.1, the supporter states on the day (`--as-of DATE`; 2021-01-18 by default)",
}

// stateCodes are the ISO 3166-1 numeric codes (the geometry's ids) of the
// supporter states on the day.
func stateCodes(in *Input, o Options) map[string]bool {
	out := map[string]bool{}
	for _, s := range in.Present(o, vocab.State) {
		if s.Country != "" {
			out[in.countries[s.Country].M49] = true
		}
	}
	return out
}

// CoverageFigure is Tabel 2.1 drawn as a figure.
var CoverageFigure = &Exhibit{ID: "tabel-2-1-coverage", Kind: Figure, Source: src("src.tabel21"), Notebooks: []string{"01"}, Report: true, Caption: caption("fig.coverage"),
	Data: CoverageTable,
	Plot: func(in *Input, o Options) (*plot.Plot, error) {
		set := in.Set
		return charts.Coverage(set.Principles(), set.Frameworks(), set.Coverage(), o.Lang)
	},
	Alt: func(in *Input, o Options) string {
		l := o.Lang
		cm, err := analysis.CoverageOf(in.Set)
		if err != nil {
			return ""
		}
		counts := cm.PrincipleCounts()
		least := 0
		for j, n := range counts {
			if n < counts[least] {
				least = j
			}
		}
		paris := cm.FrameworkCounts()[0]
		p := in.Set.Principles()[least]
		return tr(l, "alt.coverage", l.Int(len(cm.IDs)), l.Int(len(cm.Principles)), l.Int(paris), l.Pick(p.LabelIDTable, p.NameEN, p.LabelIDTable), l.Int(counts[least]))
	},
	README: "Tabel 2.1, coverage of the nine principles by six frameworks (data `datasets/coverage.csv`)",
}

// CyberPowerFigure is Tabel 2.2 drawn as a figure.
var CyberPowerFigure = &Exhibit{ID: "tabel-2-2-cyber-power", Kind: Figure, Source: src("src.tabel22"), Notebooks: []string{"01"}, Report: true, Caption: caption("fig.power"),
	Data: CyberPowerTable,
	Plot: func(in *Input, o Options) (*plot.Plot, error) { return charts.CyberPower(in.Set.CyberPower(), o.Lang) },
	Alt: func(in *Input, o Options) string {
		l := o.Lang
		inst, loci := map[string]bool{}, map[string]bool{}
		for _, c := range in.Set.CyberPower() {
			inst[c.Instrument], loci[c.Locus] = true, true
		}
		return tr(l, "alt.power", l.Int(len(inst)), l.Int(len(loci)), l.Int(len(in.Set.CyberPower())))
	},
	README: "Tabel 2.2, Nye's cyber power matrix (data `datasets/cyber_power.csv`)",
}

// growth is what the growth figure and its alternative text show: every
// supporter under its latest classification, so that a curve is one
// category throughout.
func growth(in *Input) []analysis.CategorySeries { return analysis.GrowthByCategory(in.supporters) }

// Growth is the supporters over time, by category, beyond the chapter.
var Growth = &Exhibit{ID: "supporters-over-time", Kind: Figure, Source: srcSupporters, Beyond: true, Notebooks: []string{"02"}, Report: true, Caption: caption("fig.growth"),
	Plot: func(in *Input, o Options) (*plot.Plot, error) {
		l, set := o.Lang, in.Set
		notes := []charts.Note{{Date: datasets.ChapterAccessDate, Text: tr(l, "access.note", l.LongDate(datasets.ChapterAccessDate))}}
		if d, n := analysis.LargestAddition(set); n > 0 {
			notes = append([]charts.Note{{Date: d, Text: tr(l, "largest.note", l.LongDate(d), l.Int(n))}}, notes...)
		}
		censored := 0
		for _, s := range in.supporters {
			if s.InFirstCommit {
				censored++
			}
		}
		return charts.Growth(charts.GrowthData{Series: growth(in), End: set.Span.Last, Censored: set.Span.First, CensoredCount: censored, Notes: notes, AsOf: o.AsOf, Lang: l})
	},
	Alt: func(in *Input, o Options) string {
		l, span := o.Lang, in.Set.Span
		total, states := 0, 0
		for _, c := range growth(in) {
			total += c.Last()
			if c.Category == vocab.State {
				states = c.Last()
			}
		}
		return tr(l, "alt.growth", l.LongDate(span.First), l.LongDate(span.Last), l.Int(total), l.Int(states))
	},
	// The first record lists supporters who joined before it: said under
	// the curves.
	Note: func(in *Input, o Options) string {
		return tr(o.Lang, "censored", o.Lang.LongDate(in.Set.Span.First))
	},
	README: "supporters over time, by category",
}

// StatesByRegion is the supporter states by region on the day, EU members
// apart.
var StatesByRegion = &Exhibit{ID: "states-by-region", Kind: Figure, Source: srcSupporters, Beyond: true, Notebooks: []string{"02"}, Report: true, Caption: caption("fig.regions"),
	Data: SupportersByRegion,
	Plot: func(in *Input, o Options) (*plot.Plot, error) {
		return charts.StatesByRegion(in.Tally(o, vocab.State), regionNames(in.countries, o.Lang), o.Lang)
	},
	Alt: func(in *Input, o Options) string {
		l := o.Lang
		var parts []string
		for _, rc := range in.Tally(o, vocab.State).ByRegion {
			parts = append(parts, RegionName(in.countries, rc.Region, l)+" "+l.Int(rc.Total))
		}
		return tr(l, "alt.regions", l.LongDate(o.AsOf), strings.Join(parts, ", "))
	},
	README: "supporter states by region, EU members apart",
}

// PrincipleCoverage is how many of the six frameworks cover each of the
// Call's nine principles: Tabel 2.1 read by its columns.
var PrincipleCoverage = &Exhibit{ID: "principle-coverage", Kind: Figure, Source: src("src.tabel21"), Beyond: true, Notebooks: []string{"03"}, Report: true, Caption: caption("fig.principles"),
	Data: PrincipleCoverageTable,
	Plot: func(in *Input, o Options) (*plot.Plot, error) {
		t, err := PrincipleCoverageTable.Table(in, o)
		if err != nil {
			return nil, err
		}
		names, values := make([]string, len(t.Rows)), make([]float64, len(t.Rows))
		cm, err := analysis.CoverageOf(in.Set)
		if err != nil {
			return nil, err
		}
		for i, row := range t.Rows {
			names[i], values[i] = row[0], float64(cm.PrincipleCounts()[i])
		}
		return charts.Bars(tr(o.Lang, "fig.principles"), names, values, charts.CategoryColors[vocab.State])
	},
	Alt: func(in *Input, o Options) string {
		l := o.Lang
		cm, err := analysis.CoverageOf(in.Set)
		if err != nil {
			return ""
		}
		all, alone := 0, len(cm.Neglected(1))
		for _, n := range cm.PrincipleCounts() {
			if n == len(cm.Frameworks) {
				all++
			}
		}
		return tr(l, "alt.principles", l.Int(len(cm.Principles)), l.Int(len(cm.Frameworks)), l.Int(all), l.Int(alone))
	},
	README: "how many of the six frameworks cover each principle (Tabel 2.1 by its columns)",
}

// FrameworkSimilarity is the Jaccard similarity of the frameworks'
// coverage, in cluster order; a notebook shows it.
var FrameworkSimilarity = &Exhibit{ID: "framework-similarity", Kind: Figure, Source: src("src.tabel21"), Notebooks: []string{"03"}, Caption: caption("fig.similarity"),
	Plot: func(in *Input, o Options) (*plot.Plot, error) {
		cm, err := analysis.CoverageOf(in.Set)
		if err != nil {
			return nil, err
		}
		sim := cm.Similarity()
		order, _ := analysis.Cluster(sim)
		return charts.Heatmap(tr(o.Lang, "fig.similarity"), cm.Frameworks, sim, order)
	},
	Alt: func(in *Input, o Options) string {
		cm, err := analysis.CoverageOf(in.Set)
		if err != nil || len(cm.Frameworks) < 2 {
			return ""
		}
		sim := cm.Similarity()
		a, b := 0, 1
		for i := range sim {
			for j := i + 1; j < len(sim); j++ {
				if sim[i][j] > sim[a][b] {
					a, b = i, j
				}
			}
		}
		l := o.Lang
		return tr(l, "alt.similarity", l.Int(len(cm.Frameworks)), cm.Frameworks[a], cm.Frameworks[b], l.Int(int(math.Round(100*sim[a][b]))))
	},
	README: "the similarity of the frameworks' coverage (Jaccard), in cluster order",
}

// TimelineFigure is the doctrine timeline drawn; a notebook shows it.
var TimelineFigure = &Exhibit{ID: "doctrine-timeline", Kind: Figure, Source: src("src.timeline"), Notebooks: []string{"04"}, Caption: caption("t.timeline"), Data: Timeline,
	Plot: func(in *Input, o Options) (*plot.Plot, error) { return charts.Timeline(in.Set.Timeline(), o.Lang) },
	Alt: func(in *Input, o Options) string {
		evs := in.Set.Timeline()
		if len(evs) == 0 {
			return ""
		}
		first, last, intl := evs[0].Year, evs[0].Year, 0
		for _, e := range evs {
			first, last = min(first, e.Year), max(last, e.Year)
			if e.Level == "international" {
				intl++
			}
		}
		l := o.Lang
		return tr(l, "alt.timeline", l.Int(len(evs)), strconv.Itoa(first), strconv.Itoa(last), l.Int(len(evs)-intl), l.Int(intl))
	},
	README: "the doctrine timeline drawn, domestic above international",
}

// RegionName names a UN M49 region (as analysis counts it) in l.
func RegionName(countries map[string]datasets.Country, region string, l labels.Lang) string {
	if region == analysis.NoCountry {
		return tr(l, "t.nocountry")
	}
	for _, c := range countries {
		if c.RegionEN == region {
			return c.Region(string(l))
		}
	}
	return region
}

// regionNames names every region of countries, and no country, in l.
func regionNames(countries map[string]datasets.Country, l labels.Lang) map[string]string {
	out := map[string]string{analysis.NoCountry: RegionName(countries, analysis.NoCountry, l)}
	for _, c := range countries {
		if c.RegionEN != "" {
			out[c.RegionEN] = RegionName(countries, c.RegionEN, l)
		}
	}
	return out
}

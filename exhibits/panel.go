package exhibits

import (
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/message"
	"gonum.org/v1/plot"

	"github.com/cybernorms/cybernorms/analysis/adherence"
	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/labels"
)

// The adherence panel's exhibits: who is bound by which instrument on the
// day, since when states join, and how much of each official total the
// panel identifies.

// CoMembershipFigure is the states by the exact combination of instruments
// they had joined on the day, as an UpSet chart.
var CoMembershipFigure = &Exhibit{ID: "co-membership", Kind: Figure, Source: src("src.panel"), Beyond: true, Report: true, Notebooks: []string{"05"},
	Caption: func(_ *Input, o Options) string { return tr(o.Lang, "fig.comembership", o.Lang.LongDate(o.AsOf)) },
	Data:    CoMembershipTable,
	Plot: func(in *Input, o Options) (*plot.Plot, error) {
		cm, err := coMembership(in, o.AsOf)
		if err != nil {
			return nil, err
		}
		l := o.Lang
		if len(cm.combos) == 0 {
			return charts.NoData(tr(l, "fig.comembership", l.LongDate(o.AsOf)), tr(l, "nodata.comembership")), nil
		}
		d := charts.UpSetData{Title: tr(l, "fig.comembership", l.LongDate(o.AsOf)), CountLabel: tr(l, "upset.count"), SizeLabel: tr(l, "upset.size")}
		for i, id := range cm.ids {
			d.Sets, d.Sizes = append(d.Sets, tr(l, "inst."+id)), append(d.Sizes, cm.sizes[i])
		}
		for _, c := range cm.combos {
			var in []int
			for _, id := range c.Instruments {
				in = append(in, cm.pos[id])
			}
			d.Combinations = append(d.Combinations, charts.UpSetCombination{In: in, Count: len(c.States)})
		}
		return charts.UpSet(d)
	},
	Alt: func(in *Input, o Options) string {
		cm, err := coMembership(in, o.AsOf)
		if err != nil {
			return ""
		}
		if len(cm.combos) == 0 {
			return tr(o.Lang, "nodata.comembership")
		}
		l := o.Lang
		var names []string
		for _, id := range cm.ids {
			names = append(names, tr(l, "inst."+id))
		}
		top := cm.combos[0]
		all := 0
		for _, c := range cm.combos {
			if len(c.Instruments) == len(cm.ids) {
				all = len(c.States)
			}
		}
		return tr(l, "alt.comembership", l.LongDate(o.AsOf), l.Int(cm.states), l.Int(len(cm.ids)), strings.Join(names, "; "),
			instrumentList(l, top.Instruments), l.Int(len(top.States)), l.Int(all))
	},
	Note:   func(_ *Input, o Options) string { return tr(o.Lang, "note.comembership") },
	README: "the states by the exact combination of instruments they had joined on the day, an UpSet chart (data `datasets/adherence_events.csv`)",
}

// CoMembershipTable is the co-membership's data: each combination with its
// states.
var CoMembershipTable = &Exhibit{ID: "co-membership", Kind: Tabular, Beyond: true, Report: true, Notebooks: []string{"05"}, Rows: coMembershipTable,
	README: "the co-membership as a table: each combination of instruments with its states"}

// JoiningFigure is the Kaplan–Meier estimate of the share of the states
// outside the Paris Call at its first record that joined it later.
var JoiningFigure = &Exhibit{ID: "joining-km", Kind: Figure, Source: srcSupporters, Beyond: true, Report: true, Notebooks: []string{"05"}, Caption: caption("fig.joining"),
	Data: JoiningTests,
	Plot: func(in *Input, o Options) (*plot.Plot, error) {
		l := o.Lang
		if joiningSummary(in).events["all"] == 0 {
			return charts.NoData(tr(l, "fig.joining"), tr(l, "nodata.joining")), nil
		}
		var curves []charts.SurvivalCurve
		var origin civil.Date
		for i, g := range joiningGroups(in) {
			label := tr(l, "joining.all")
			if g != "all" {
				label = RegionName(in.countries, g, l)
			}
			c, or, err := charts.JoiningCurve(in.Set, "paris-call", "joining", g, label)
			if err != nil {
				return nil, err
			}
			c.Color, c.Band = joiningColors[i%len(joiningColors)], i == 0
			curves, origin = append(curves, c), or
		}
		return charts.Survival(charts.SurvivalData{Title: tr(l, "fig.joining"), YLabel: tr(l, "joining.y"), Origin: origin, Curves: curves, Cumulative: true, Lang: l})
	},
	Alt: func(in *Input, o Options) string {
		l := o.Lang
		j := joiningSummary(in)
		if j.events["all"] == 0 {
			return tr(l, "nodata.joining")
		}
		var parts []string
		for _, g := range joiningGroups(in)[1:] {
			parts = append(parts, RegionName(in.countries, g, l)+" "+l.Int(j.events[g])+"/"+l.Int(j.atRisk[g]))
		}
		return tr(l, "alt.joining", l.Int(j.atRisk["all"]), l.LongDate(in.Set.Span.First), l.Int(j.events["all"]), l.LongDate(in.Set.Span.Last),
			percent(l, j.share), strings.Join(parts, ", "))
	},
	Note: func(in *Input, o Options) string {
		return tr(o.Lang, "note.joining", o.Lang.LongDate(in.Set.Span.First))
	},
	README: "the states joining the Paris Call after its first record, Kaplan–Meier with the 95% band, by region (data `datasets/joining_km.csv`)",
}

// JoiningTests is the log-rank test and the Cox models of the states'
// joining of the Paris Call, in short.
var JoiningTests = &Exhibit{ID: "joining-tests", Kind: Tabular, Beyond: true, Report: true, Notebooks: []string{"05"}, Rows: joiningTestsTable,
	README: "the log-rank test of the regions and the Cox models of joining, in short (data `datasets/joining_tests.csv`, `datasets/joining_cox.csv`)"}

// InstrumentCoverage is each instrument's latest official totals beside
// the parties the panel identifies.
var InstrumentCoverage = &Exhibit{ID: "instrument-coverage", Kind: Tabular, Beyond: true, Report: true, Notebooks: []string{"05"}, Rows: instrumentCoverageTable,
	Note:   func(_ *Input, o Options) string { return tr(o.Lang, "note.instcoverage") },
	README: "each instrument's latest official totals beside the parties the panel identifies, and what is missing (data `datasets/instrument_coverage.csv`)"}

// joiningColors are the Okabe–Ito colours of the curves, "all" first.
var joiningColors = []color.Color{
	color.RGBA{0x00, 0x72, 0xb2, 0xff}, color.RGBA{0x00, 0x9e, 0x73, 0xff}, color.RGBA{0xe6, 0x9f, 0x00, 0xff},
	color.RGBA{0xcc, 0x79, 0xa7, 0xff}, color.RGBA{0xd5, 0x5e, 0x00, 0xff}, color.RGBA{0x56, 0xb4, 0xe9, 0xff},
}

// comembership is the co-membership on a day: the instruments at least one
// state had joined, in the panel's order, their sizes and the combinations.
type comembership struct {
	ids    []string
	pos    map[string]int
	sizes  []int
	combos []adherence.Combination
	states int
}

func coMembership(in *Input, day civil.Date) (comembership, error) {
	var cm comembership
	events, err := in.events()
	if err != nil {
		return cm, err
	}
	it := in.Set.Tables[schema.Instruments.Name]
	kinds := map[string]string{}
	var ids []string
	for _, r := range it.Rows {
		id := it.Table.Get(r, "id")
		ids, kinds[id] = append(ids, id), it.Table.Get(r, "kind")
	}
	cm.combos = adherence.CoMembership(events, ids, kinds, day)
	size := map[string]int{}
	for _, c := range cm.combos {
		cm.states += len(c.States)
		for _, id := range c.Instruments {
			size[id] += len(c.States)
		}
	}
	cm.pos = map[string]int{}
	for _, id := range ids {
		if size[id] > 0 {
			cm.pos[id] = len(cm.ids)
			cm.ids, cm.sizes = append(cm.ids, id), append(cm.sizes, size[id])
		}
	}
	return cm, nil
}

// instrumentList names instruments in l, joined by " + ".
func instrumentList(l labels.Lang, ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = tr(l, "inst."+id)
	}
	return strings.Join(names, " + ")
}

func coMembershipTable(in *Input, o Options) Table {
	l := o.Lang
	t := Table{Caption: tr(l, "fig.comembership", l.LongDate(o.AsOf)),
		Columns: []string{tr(l, "t.combination"), tr(l, "t.nstates"), tr(l, "t.statelist")}, Align: []byte{'l', 'r', 'l'}, Widths: []string{"5cm", "", "8cm"}}
	cm, err := coMembership(in, o.AsOf)
	if err != nil {
		return t
	}
	for _, c := range cm.combos {
		names := make([]string, len(c.States))
		for i, s := range c.States {
			cc := in.countries[s]
			names[i] = l.Pick(cc.NameID, cc.NameEN, cc.NameFR)
			if names[i] == "" {
				names[i] = s
			}
		}
		sort.Strings(names)
		t.Rows = append(t.Rows, []string{instrumentList(l, c.Instruments), l.Int(len(c.States)), strings.Join(names, ", ")})
	}
	return t
}

// joiningGroups are "all" and the regions with at least one state joining
// the Paris Call after its first record, in the table's order.
func joiningGroups(in *Input) []string {
	j := joiningSummary(in)
	out := []string{"all"}
	for _, g := range j.groups {
		if j.events[g] > 0 {
			out = append(out, g)
		}
	}
	return out
}

// joining counts the joining table's states at risk and joinings by region
// ("all" for every state), and the estimated share joined at the end.
type joining struct {
	groups         []string
	atRisk, events map[string]int
	share          float64
}

func joiningSummary(in *Input) joining {
	j := joining{atRisk: map[string]int{}, events: map[string]int{}, share: math.NaN()}
	jt := in.Set.Tables["joining"]
	for _, r := range jt.Rows {
		g := func(n string) string { return jt.Table.Get(r, n) }
		if g("instrument") != "paris-call" || g("outcome") != "joining" {
			continue
		}
		grp := g("group")
		if _, ok := j.atRisk[grp]; !ok {
			j.groups = append(j.groups, grp)
		}
		j.atRisk[grp]++
		j.atRisk["all"]++
		if g("event") == "true" {
			j.events[grp]++
			j.events["all"]++
		}
	}
	sort.Strings(j.groups)
	km := in.Set.Tables["joining_km"]
	for _, r := range km.Rows {
		g := func(n string) string { return km.Table.Get(r, n) }
		if g("instrument") == "paris-call" && g("outcome") == "joining" && g("group") == "all" {
			if s, err := strconv.ParseFloat(g("survival"), 64); err == nil {
				j.share = 1 - s
			}
		}
	}
	return j
}

// decimal writes v with prec decimals in l's number format.
func decimal(l labels.Lang, v float64, prec int) string {
	return message.NewPrinter(l.Tag()).Sprintf("%.*f", prec, v)
}

// percent writes a share as a whole percentage in l.
func percent(l labels.Lang, share float64) string {
	return tr(l, "percent", l.Int(int(math.Round(100*share))))
}

// pValue writes a p-value to two significant digits, or "< 0.001".
func pValue(l labels.Lang, p float64) string {
	if p < 0.001 {
		return "< " + decimal(l, 0.001, 3)
	}
	prec := max(2, 1-int(math.Floor(math.Log10(p))))
	return decimal(l, p, prec)
}

// joiningTestsTable is the log-rank test of the regions, then each Cox
// model's overall test, its terms' hazard ratios and its
// proportional-hazards check, for the Paris Call's joining.
func joiningTestsTable(in *Input, o Options) Table {
	l := o.Lang
	t := Table{Caption: tr(l, "t.joiningtests"),
		Columns: []string{tr(l, "t.model"), tr(l, "t.statistic"), tr(l, "t.estimate"), tr(l, "t.df"), tr(l, "t.p"), tr(l, "t.atrisk"), tr(l, "t.joinings")},
		Align:   []byte{'l', 'l', 'r', 'r', 'r', 'r', 'r'}}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return math.NaN()
		}
		return v
	}
	tests, cox := in.Set.Tables["joining_tests"], in.Set.Tables["joining_cox"]
	row := func(model, stat string, est float64, df, p, n, ev string) {
		t.Rows = append(t.Rows, []string{model, stat, decimal(l, est, 2), df, pValue(l, num(p)), n, ev})
	}
	for _, r := range tests.Rows {
		g := func(n string) string { return tests.Table.Get(r, n) }
		if g("instrument") != "paris-call" || g("outcome") != "joining" {
			continue
		}
		model := tr(l, "model."+g("model"))
		switch g("test") {
		case "log-rank", "likelihood-ratio":
			row(model, tr(l, "stat."+g("test")), num(g("chisq")), g("df"), g("p_value"), g("n"), g("events"))
			for _, c := range cox.Rows {
				gc := func(n string) string { return cox.Table.Get(c, n) }
				if gc("instrument") == "paris-call" && gc("outcome") == "joining" && gc("model") == g("model") {
					row(model, tr(l, "stat.hr", tr(l, "term."+gc("term"))), num(gc("hazard_ratio")), "", gc("p_value"), gc("n"), gc("events"))
				}
			}
		case "proportional-hazards":
			row(model, tr(l, "stat.ph"), num(g("chisq")), g("df"), g("p_value"), g("n"), g("events"))
		}
	}
	return t
}

// instrumentCoverageTable is, for each instrument in the panel's order,
// the latest official total of each measure beside the parties identified
// on that date; an instrument with no official total reached says so.
func instrumentCoverageTable(in *Input, o Options) Table {
	l := o.Lang
	t := Table{Caption: tr(l, "t.instcoverage"),
		Columns: []string{tr(l, "t.instrument"), tr(l, "t.measure"), tr(l, "t.date"), tr(l, "t.official"), tr(l, "t.identified"), tr(l, "t.missing"), tr(l, "t.sourcetype")},
		Align:   []byte{'l', 'l', 'l', 'r', 'r', 'r', 'l'}}
	cov := in.Set.Tables[schema.InstrumentCoverage.Name]
	latest := map[string][]string{} // instrument|measure → row
	for _, r := range cov.Rows {
		k := cov.Table.Get(r, "instrument") + "|" + cov.Table.Get(r, "measure")
		if p, ok := latest[k]; !ok || cov.Table.Get(p, "as_of") < cov.Table.Get(r, "as_of") {
			latest[k] = r
		}
	}
	for _, id := range adherence.Instruments(in.Set) {
		found := false
		for _, m := range schema.InstrumentMeasures {
			r, ok := latest[id+"|"+m]
			if !ok {
				continue
			}
			found = true
			g := func(n string) string { return cov.Table.Get(r, n) }
			total := g("official_total")
			if n, err := strconv.Atoi(total); err == nil {
				total = l.Int(n)
			}
			if g("qualifier") == "more than" {
				total = tr(l, "q.morethan", total)
			}
			// An exact total fully identified misses none; past a lower
			// bound ("more than 150") what is missing is not known.
			missing := g("missing")
			if missing == "" && g("qualifier") != "more than" {
				missing = "0"
			}
			if n, err := strconv.Atoi(missing); err == nil {
				missing = l.Int(n)
			}
			identified, _ := strconv.Atoi(g("identified"))
			t.Rows = append(t.Rows, []string{tr(l, "inst."+id), tr(l, "measure."+m), l.PartialDate(g("date_iso")), total, l.Int(identified), missing, tr(l, "src."+g("source_type"))})
		}
		if !found {
			t.Rows = append(t.Rows, []string{tr(l, "inst."+id), "", "", tr(l, "t.noofficial"), "", "", ""})
		}
	}
	return t
}

package exhibits

import (
	"math"
	"strconv"
	"strings"

	"github.com/cybernorms/cybernorms/analysis/adherence"
	"github.com/cybernorms/cybernorms/datasets/schema"
)

// Finding is one sentence of the report's findings on who is bound by what,
// written from the numbers of the table it links to.
type Finding struct {
	Text    string
	Exhibit *Exhibit // the table that holds its numbers
	Caption string   // the table's caption, the link's text
}

// Findings are the panel's findings on o.AsOf in o.Lang, each with the
// table it is read from; a finding whose numbers are missing is left out,
// not guessed.
func Findings(in *Input, o Options) []Finding {
	l := o.Lang
	var out []Finding
	add := func(e *Exhibit, text string) {
		t, err := e.Table(in, o)
		if err != nil {
			return
		}
		out = append(out, Finding{Text: text, Exhibit: e, Caption: t.Caption})
	}
	// Who is in both the Call and the Budapest Convention on the day.
	if cm, err := coMembership(in, o.AsOf); err == nil {
		paris, both, budapestOnly := 0, 0, 0
		for _, c := range cm.combos {
			p, b := false, false
			for _, id := range c.Instruments {
				p, b = p || id == "paris-call", b || id == "budapest-convention"
			}
			switch {
			case p && b:
				paris += len(c.States)
				both += len(c.States)
			case p:
				paris += len(c.States)
			case b:
				budapestOnly += len(c.States)
			}
		}
		if paris > 0 {
			add(CoMembershipTable, tr(l, "find.comembership", l.LongDate(o.AsOf), l.Int(both), l.Int(paris), l.Int(budapestOnly)))
		}
	}
	// How much of each official total the panel identifies.
	if short := coverageShortfalls(in, o); len(short) > 0 {
		add(InstrumentCoverage, tr(l, "find.coverage", strings.Join(short, "; ")))
	}
	// Who joined the Call after its first record, and whether region and
	// peers tell who.
	j := joiningSummary(in)
	lr, peers := joiningTest(in, "group", "log-rank"), coxP(in, "peers", "subregion_share")
	if j.atRisk["all"] > 0 && !math.IsNaN(j.share) && !math.IsNaN(lr) {
		best, bestShare := "", -1.0
		for _, g := range j.groups {
			if s := float64(j.events[g]) / float64(j.atRisk[g]); s > bestShare {
				best, bestShare = g, s
			}
		}
		differ := "find.joining.same"
		if lr < 0.05 {
			differ = "find.joining.differ"
		}
		add(JoiningTests, tr(l, "find.joining", l.Int(j.atRisk["all"]), l.LongDate(in.Set.Span.First), l.Int(j.events["all"]), l.LongDate(in.Set.Span.Last), percent(l, j.share))+" "+
			tr(l, differ, pValue(l, lr), RegionName(in.countries, best, l), l.Int(j.events[best]), l.Int(j.atRisk[best])))
	}
	if !math.IsNaN(peers) {
		k := "find.peers.no"
		if peers < 0.05 {
			k = "find.peers.yes"
		}
		add(JoiningTests, tr(l, k, pValue(l, peers)))
	}
	return out
}

// coverageShortfalls names, for each instrument whose latest official total
// of parties or signatories the panel does not reach, how many it
// identifies of how many.
func coverageShortfalls(in *Input, o Options) []string {
	l := o.Lang
	cov := in.Set.Tables[schema.InstrumentCoverage.Name]
	latest := map[string][]string{}
	for _, r := range cov.Rows {
		m := cov.Table.Get(r, "measure")
		if m != "parties" && m != "signatories" {
			continue
		}
		k := cov.Table.Get(r, "instrument") + "|" + m
		if p, ok := latest[k]; !ok || cov.Table.Get(p, "as_of") < cov.Table.Get(r, "as_of") {
			latest[k] = r
		}
	}
	var out []string
	for _, id := range adherence.Instruments(in.Set) {
		for _, m := range []string{"parties", "signatories"} {
			r, ok := latest[id+"|"+m]
			if !ok {
				continue
			}
			g := func(n string) string { return cov.Table.Get(r, n) }
			total, err1 := strconv.Atoi(g("official_total"))
			got, err2 := strconv.Atoi(g("identified"))
			if err1 != nil || err2 != nil || got >= total || g("qualifier") != "exact" {
				continue
			}
			out = append(out, tr(l, "find.coverage.item", tr(l, "inst."+id), l.Int(got), l.Int(total), tr(l, "measure."+m), l.PartialDate(g("date_iso"))))
		}
	}
	return out
}

// joiningTest is the p-value of a test of the Paris Call's joining, NaN if
// the table has none.
func joiningTest(in *Input, model, test string) float64 {
	t := in.Set.Tables["joining_tests"]
	for _, r := range t.Rows {
		g := func(n string) string { return t.Table.Get(r, n) }
		if g("instrument") == "paris-call" && g("outcome") == "joining" && g("model") == model && g("test") == test {
			if p, err := strconv.ParseFloat(g("p_value"), 64); err == nil {
				return p
			}
		}
	}
	return math.NaN()
}

// coxP is the p-value of a Cox model's term for the Paris Call's joining,
// NaN if the table has none.
func coxP(in *Input, model, term string) float64 {
	t := in.Set.Tables["joining_cox"]
	for _, r := range t.Rows {
		g := func(n string) string { return t.Table.Get(r, n) }
		if g("instrument") == "paris-call" && g("outcome") == "joining" && g("model") == model && g("term") == term {
			if p, err := strconv.ParseFloat(g("p_value"), 64); err == nil {
				return p
			}
		}
	}
	return math.NaN()
}

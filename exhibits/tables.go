package exhibits

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/labels"
)

// CoverageTable is Tabel 2.1 as printed.
var CoverageTable = &Exhibit{ID: "tabel-2-1-coverage", Kind: Tabular, Report: true, Rows: coverageTable,
	README: "Tabel 2.1 as a table (data `datasets/coverage.csv`)"}

// CyberPowerTable is Tabel 2.2 as printed.
var CyberPowerTable = &Exhibit{ID: "tabel-2-2-cyber-power", Kind: Tabular, Report: true, Rows: cyberPowerTable,
	README: "Tabel 2.2 as a table (data `datasets/cyber_power.csv`)"}

// SupporterStates is the supporter states on the day, the map's data.
var SupporterStates = &Exhibit{ID: "supporter-states", Kind: Tabular, Report: true, Rows: statesTable,
	README: "the supporter states on the day, one by one (the map's data)"}

// SupportersByRegion is the supporters by region and category on the day.
var SupportersByRegion = &Exhibit{ID: "supporters-by-region", Kind: Tabular, Beyond: true, Notebooks: []string{"01"}, Report: true, Rows: regionsTable,
	README: "the supporters by region and category on the day"}

// Claims is the claims check.
var Claims = &Exhibit{ID: "claims", Kind: Tabular, Report: true, Rows: claimsTable,
	README: "every checkable number of the chapter (\"79 negara\", \"300\", \"85\", Europe the largest group, …) with its value and verdict on 2021-01-18 and on the history's last date (data `datasets/claims.csv`)"}

// ClaimKinds is the claims by kind of check and verdict.
var ClaimKinds = &Exhibit{ID: "claim-kinds", Kind: Tabular, Report: true, Rows: claimKindsTable,
	README: "the claims by kind of check and verdict (also `cybernorms claims`)"}

// Errata is where the chapter is wrong on its own date.
var Errata = &Exhibit{ID: "errata", Kind: Tabular, Notebooks: []string{"04"}, Report: true, Rows: errataTable,
	README: "the errata: where the chapter is wrong, its words, what the sources say, the source (data `datasets/errata.csv`, `datasets/curated/evidence.csv`)"}

// ClaimLedger is when each supporter-history claim holds.
var ClaimLedger = &Exhibit{ID: "claim-ledger", Kind: Tabular, Notebooks: []string{"01"}, Report: true, Rows: ledgerTable,
	README: "the claim ledger: when each supporter-history claim holds, its margin, who decided it (data `datasets/claim_ledger.csv`)"}

// Timeline is the doctrine timeline of sections 2.1 and 2.4.
var Timeline = &Exhibit{ID: "doctrine-timeline", Kind: Tabular, Beyond: true, Report: true, Rows: timelineTable,
	README: "the doctrine timeline of sections 2.1 and 2.4 (data `datasets/doctrine_timeline.csv`)"}

// Reclassifications are the supporters whose category the site changed, and
// when: why a count on a past day differs from one by the latest category.
var Reclassifications = &Exhibit{ID: "reclassifications", Kind: Tabular, Report: true, Beyond: true, Rows: reclassificationsTable,
	README: "the supporters the site reclassified, and when: why a count on a past day differs from one by the latest category (data `datasets/category_changes.csv`)"}

// PrincipleCoverageTable is the data of PrincipleCoverage.
var PrincipleCoverageTable = &Exhibit{ID: "principle-coverage", Kind: Tabular, Beyond: true, Report: true, Rows: principleCoverageTable,
	README: "the number of frameworks covering each principle, as a table"}

var checkMarks = map[string][2]string{"✓": {`\checkmark`, "✓"}, "X": {`$\times$`, "✗"}}

// coverageTable is Tabel 2.1 as printed; in French its headings are the
// chapter's, quoted.
func coverageTable(in *Input, o Options) Table {
	set, l := in.Set, o.Lang
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
func cyberPowerTable(in *Input, o Options) Table {
	set, l := in.Set, o.Lang
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
func statesTable(in *Input, o Options) Table {
	l := o.Lang
	cs := in.countries
	t := func(k string, a ...any) string { return tr(l, k, a...) }
	st := Table{Name: "supporter-states", Caption: t("t.states", l.LongDate(o.AsOf)),
		Columns: []string{t("t.country"), "ISO", t("t.region"), t("t.subregion"), t("t.eu"), t("t.first")},
		Align:   []byte{'l', 'l', 'l', 'l', 'c', 'l'}}
	for _, s := range in.Present(o, vocab.State) {
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
		st.Rows = append(st.Rows, []string{c.Name(string(l)), c.Alpha3, c.Region(string(l)), c.Subregion(string(l)), eu, first})
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
func regionsTable(in *Input, o Options) Table {
	l := o.Lang
	cs := in.countries
	tally := in.Tally(o, "")
	br := Table{Name: "supporters-by-region", Caption: tr(l, "t.byregion", l.LongDate(o.AsOf)),
		Columns: []string{tr(l, "t.region")}, Align: []byte{'l'}}
	for _, c := range vocab.Categories {
		br.Columns = append(br.Columns, l.Category(c))
		br.Align = append(br.Align, 'r')
	}
	br.Columns, br.Align = append(br.Columns, tr(l, "t.total")), append(br.Align, 'r')
	for _, rc := range tally.ByRegion {
		row := []string{RegionName(cs, rc.Region, l)}
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

// dateCheck is a claim's check that tests a date ("… in 2018"): what it
// observes is a date or a year.
var dateCheck = regexp.MustCompile(`\) in [0-9]{4}`)

// claimsTable is the claims check: each claim restated in l (labels/claims).
func claimsTable(in *Input, o Options) Table {
	set, l := in.Set, o.Lang
	t := func(k string, a ...any) string { return tr(l, k, a...) }
	access, last := l.LongDate(datasets.ChapterAccessDate), l.LongDate(set.Span.Last)
	cl := Table{Name: "claims", Caption: t("t.claims"),
		Align: []byte{'l', 'l', 'l', 'l', 'l', 'r', 'l', 'r', 'l'}, Widths: []string{"", "", "", "5cm", "4cm", "", "", "", ""},
		Lang: []string{"zxx", "", "", "", "zxx", "", "", "", ""}}
	for _, c := range set.Claims() {
		claim, err := in.Statement(c, l)
		if err != nil {
			claim = l.Pick(c.Quote, c.ClaimEN, c.Quote)
		}
		// A date claim observes a year: 2018, never "2,018".
		obs := func(v string) string {
			if dateCheck.MatchString(c.Check) {
				return v
			}
			return value(l, v)
		}
		cl.Rows = append(cl.Rows, []string{c.ID, sectionName(l, c.Section), t(c.Kind), claim, c.Check, obs(c.ObservedAccess), t(c.VerdictAccess), obs(c.ObservedLatest), t(c.VerdictLatest)})
		cl.Classes = append(cl.Classes, []string{"", "", "", "", "", "", vocab.VerdictClass(c.VerdictAccess), "", vocab.VerdictClass(c.VerdictLatest)})
	}
	cl.Columns = []string{"id", t("t.section"), t("t.checkkind"), t("t.claim"), t("t.check"), t("t.value", access), t("t.verdict", access), t("t.value", last), t("t.verdict", last)}
	return cl
}

// sectionName is a section of the chapter in l: its tables are "Tabel" in
// the chapter and in Indonesian only.
func sectionName(l labels.Lang, s string) string {
	if rest, ok := strings.CutPrefix(s, "Tabel "); ok {
		return l.T("table.section", rest)
	}
	return s
}

// timelineTable is the doctrine timeline; in French the events are the
// chapter's words, quoted.
func timelineTable(in *Input, o Options) Table {
	set, l := in.Set, o.Lang
	t := func(k string, a ...any) string { return tr(l, k, a...) }
	tl := Table{Name: "doctrine-timeline", Caption: t("t.timeline"),
		Columns: []string{t("t.date"), t("t.level"), t("t.kind"), t("t.event"), t("t.citation")},
		Align:   []byte{'l', 'l', 'l', 'l', 'l'}, Widths: []string{"", "", "", "7cm", "3cm"},
		Lang: []string{"", "", "", l.Pick("", "", "id"), ""}}
	for _, e := range set.Timeline() {
		date := l.PartialDate(e.DateISO)
		if e.EndDateISO != "" {
			date += " – " + l.PartialDate(e.EndDateISO)
		}
		tl.Rows = append(tl.Rows, []string{date, t(e.Level), t(e.Kind), l.Pick(e.DescriptionID, e.DescriptionEN, e.DescriptionID), e.Citation})
	}
	return tl
}

// reclassificationsTable lists the category changes by date, then name.
func reclassificationsTable(in *Input, o Options) Table {
	l := o.Lang
	t := Table{Caption: tr(l, "t.reclassified"), Columns: []string{tr(l, "t.date"), tr(l, "t.supporter"), tr(l, "t.from"), tr(l, "t.to")},
		Align: []byte{'l', 'l', 'l', 'l'}, Lang: []string{"", "und", "", ""}}
	cs := in.Set.CategoryChanges()
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].Date != cs[j].Date {
			return cs[i].Date.Before(cs[j].Date)
		}
		return cs[i].Name < cs[j].Name
	})
	for _, c := range cs {
		t.Rows = append(t.Rows, []string{l.LongDate(c.Date), c.Name, l.Category(c.From), l.Category(c.To)})
	}
	return t
}

// principleCoverageTable is how many frameworks cover each principle, in
// the chapter's order of principles.
func principleCoverageTable(in *Input, o Options) Table {
	l := o.Lang
	t := Table{Caption: tr(l, "fig.principles"), Columns: []string{tr(l, "t.principle"), tr(l, "t.frameworks")}, Align: []byte{'l', 'r'},
		Lang: []string{l.Pick("", "", "id"), ""}}
	cm, err := analysis.CoverageOf(in.Set)
	if err != nil {
		return t
	}
	counts := cm.PrincipleCounts()
	for i, p := range in.Set.Principles() {
		t.Rows = append(t.Rows, []string{fmt.Sprintf("%d. %s", p.ID, l.Pick(p.LabelIDTable, p.NameEN, p.LabelIDTable)), l.Int(counts[i])})
	}
	return t
}

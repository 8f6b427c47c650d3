package exhibits

import (
	"maps"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/labels"
)

// The co-membership counts each state once, and its Paris Call states are
// the map's: on the chapter's date, the 79 of the map.
func TestCoMembershipAgreesWithTheMap(t *testing.T) {
	set := datasets.MustLoad()
	in := NewInput(set, nil)
	o := Options{AsOf: datasets.ChapterAccessDate, Lang: labels.EN}
	cm, err := coMembership(in, o.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	paris := 0
	for _, c := range cm.combos {
		for _, s := range c.States {
			if seen[s] {
				t.Errorf("%s is in two combinations", s)
			}
			seen[s] = true
		}
		if c.Instruments[0] == "paris-call" {
			paris += len(c.States)
		}
	}
	if want := len(in.Present(o, vocab.State)); paris != want || want != 79 {
		t.Errorf("co-membership: %d Paris Call states, the map %d (79 on the chapter's date)", paris, want)
	}
	if cm.states != len(seen) {
		t.Errorf("%d states counted, %d distinct", cm.states, len(seen))
	}
	tab, err := CoMembershipTable.Table(in, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != len(cm.combos) {
		t.Errorf("table: %d rows for %d combinations", len(tab.Rows), len(cm.combos))
	}
	if alt := CoMembershipFigure.Alt(in, o); !strings.Contains(alt, "91 states") {
		t.Errorf("alt text %q does not count the 91 states of either instrument", alt)
	}
}

// Every instrument of the panel has a row of official totals, or says it
// has none; the joining table shows the log-rank test first.
func TestPanelTables(t *testing.T) {
	in := NewInput(datasets.MustLoad(), nil)
	o := Options{AsOf: datasets.ChapterAccessDate, Lang: labels.EN}
	tab, err := InstrumentCoverage.Table(in, o)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, r := range tab.Rows {
		names[r[0]] = true
		if r[3] == "" {
			t.Errorf("row %v has no official total, nor says so", r)
		}
	}
	if len(names) != 8 {
		t.Errorf("%d instruments in the table, want the panel's 8", len(names))
	}
	jt, err := JoiningTests.Table(in, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(jt.Rows) == 0 || jt.Rows[0][0] != "Log-rank test, by region" {
		t.Fatalf("joining tests: %v", jt.Rows)
	}
}

func TestPValue(t *testing.T) {
	for _, c := range []struct {
		p    float64
		want string
	}{{0.0204, "0.020"}, {0.00383, "0.0038"}, {0.517, "0.52"}, {0.0004, "< 0.001"}} {
		if got := pValue(labels.EN, c.p); got != c.want {
			t.Errorf("p %g: %q, want %q", c.p, got, c.want)
		}
	}
	if got := pValue(labels.FR, 0.517); got != "0,52" {
		t.Errorf("French p: %q, want 0,52", got)
	}
}

// The findings are read from their tables: each links to a table of the
// report, and the co-membership finding's numbers are the table's.
func TestFindings(t *testing.T) {
	in := NewInput(datasets.MustLoad(), nil)
	o := Options{AsOf: datasets.ChapterAccessDate, Lang: labels.EN}
	fs := Findings(in, o)
	if len(fs) != 4 {
		t.Fatalf("%d findings, want 4: %v", len(fs), fs)
	}
	for _, f := range fs {
		if f.Exhibit.Kind != Tabular || !f.Exhibit.Report || f.Caption == "" {
			t.Errorf("finding %q links to %s, not a captioned table of the report", f.Text, f.Exhibit.ID)
		}
	}
	tab, _ := CoMembershipTable.Table(in, o)
	both := ""
	for _, r := range tab.Rows {
		if r[0] == "Paris Call (2018) + Budapest Convention (ETS 185)" {
			both = r[1]
		}
	}
	if both == "" || !strings.Contains(fs[0].Text, ", "+both+" of the 79 Paris Call states") {
		t.Errorf("finding %q does not say the table's %q states in both", fs[0].Text, both)
	}
	if !strings.Contains(fs[1].Text, "73 of 76 parties") {
		t.Errorf("coverage finding %q lacks the Budapest Convention's 73 of 76", fs[1].Text)
	}
}

// A data set with no state joining after the first record and no party of
// any instrument (a small fixture) still gets its figures: they say so.
func TestPanelFiguresWithoutRows(t *testing.T) {
	set := *datasets.MustLoad()
	set.Tables = maps.Clone(set.Tables)
	for _, name := range []string{"joining", "joining_km", "joining_cox", "joining_tests", "adherence_events"} {
		d := set.Tables[name]
		d.Rows = nil
		set.Tables[name] = d
	}
	in := NewInput(&set, nil)
	o := Options{AsOf: datasets.ChapterAccessDate, Lang: labels.EN}
	for _, c := range []struct {
		e   *Exhibit
		alt string
	}{{JoiningFigure, "No state joined the Paris Call"}, {CoMembershipFigure, "No state had joined"}} {
		p, err := c.e.Plot(in, o)
		if err != nil || p == nil {
			t.Errorf("%s without rows: %v", c.e.ID, err)
			continue
		}
		if alt := c.e.Alt(in, o); !strings.HasPrefix(alt, c.alt) {
			t.Errorf("%s without rows: alt text %q", c.e.ID, alt)
		}
		b, err := charts.Render(p, charts.SizeOf(p), "png", charts.Options{DPI: 96})
		if err != nil || len(b) == 0 {
			t.Errorf("%s without rows does not render: %v", c.e.ID, err)
		}
	}
	if fs := Findings(in, o); len(fs) != 1 {
		t.Errorf("without rows, %d findings; want the coverage one alone: %v", len(fs), fs)
	}
}

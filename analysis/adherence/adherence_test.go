package adherence

import (
	"fmt"
	"testing"

	"github.com/cybernorms/cybernorms/datasets/civil"
)

func TestLastDayAndCertain(t *testing.T) {
	for _, c := range []struct{ iso, bound, want, err string }{
		{"2025-10-25", "on", "2025-10-25", ""},
		{"2025-10", "on", "2025-10-31", ""},
		{"2024-02", "on", "2024-02-29", ""},
		{"2022", "on", "2022-12-31", ""},
		{"2019-09-16", "on or before", "2019-09-16", ""},
		{"2019-09", "on or before", "", "an upper bound must be a day"},
		{"2025-13", "on", "", "not a valid date"},
		{"25 Oct 2025", "on", "", "not YYYY"},
	} {
		got, err := Certain(c.iso, c.bound)
		if c.err != "" {
			if err == nil || !contains(err.Error(), c.err) {
				t.Errorf("Certain(%q, %q) = %v, %v; want error %q", c.iso, c.bound, got, err, c.err)
			}
			continue
		}
		if err != nil || got.String() != c.want {
			t.Errorf("Certain(%q, %q) = %v, %v; want %s", c.iso, c.bound, got, err, c.want)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func ev(inst, party, kind, iso, bound string) Event {
	c, err := Certain(iso, bound)
	if err != nil {
		panic(err)
	}
	pk := "state"
	if len(party) != 3 {
		pk = "organisation"
	}
	return Event{Instrument: inst, Party: party, PartyKind: pk, Kind: kind, DateISO: iso, Bound: bound, Certain: c}
}

var panel = []Event{
	ev("t", "ALB", "signature", "2001-11-23", "on"),
	ev("t", "ALB", "ratification", "2002-06-20", "on"),
	ev("t", "ALB", "entry-into-force", "2004-07-01", "on"),
	ev("t", "AND", "signature", "2013-04-23", "on"),
	ev("t", "BEN", "accession", "2024-06-20", "on"),
	ev("t", "GRD", "invitation", "2024-02-07", "on"),
	ev("t", "VNM", "signature", "2025-10", "on"),
	ev("d", "FRA", "support", "2018-11-12", "on or before"),
	ev("d", "FRA", "withdrawal", "2020-01-01", "on"),
	ev("d", "acme", "support", "2019-09-16", "on or before"),
	ev("c", "acme", "signature", "2018-04-17", "on"),
	ev("c", "acme", "support", "2019-09-16", "on or before"),
}

func TestCount(t *testing.T) {
	for _, c := range []struct {
		inst, kind, measure, day string
		want                     int
	}{
		{"t", "treaty", "parties", "2002-06-19", 0},
		{"t", "treaty", "parties", "2002-06-20", 1},
		{"t", "treaty", "signatories", "2013-04-23", 2},
		{"t", "treaty", "signatories-not-parties", "2013-04-23", 1},
		{"t", "treaty", "invited", "2024-03-01", 1},
		{"t", "treaty", "parties", "2024-06-20", 2},
		// A signature known only to its month counts once the month is over.
		{"t", "treaty", "signatories", "2025-10-30", 2},
		{"t", "treaty", "signatories", "2025-10-31", 3},
		{"d", "declaration", "supporters", "2019-09-16", 2},
		{"d", "declaration", "states", "2019-09-16", 1},
		{"d", "declaration", "states", "2020-01-01", 0},
		{"d", "declaration", "supporters", "2020-01-01", 1},
		{"c", "industry coalition", "signatories", "2018-04-17", 1},
		{"c", "industry coalition", "members", "2018-04-16", 0},
	} {
		got, err := Count(panel, c.inst, c.kind, c.measure, civil.MustParse(c.day))
		if err != nil || got != c.want {
			t.Errorf("Count(%s, %s, %s) = %d, %v; want %d", c.inst, c.measure, c.day, got, err, c.want)
		}
	}
	if _, err := Count(panel, "t", "treaty", "friends", civil.MustParse("2020-01-01")); err == nil {
		t.Error("an unknown measure is counted")
	}
}

func TestOn(t *testing.T) {
	got := On(panel, "t", "treaty", civil.MustParse("2024-12-31"))
	want := map[string][2]string{"ALB": {Party, "2002-06-20"}, "AND": {Signatory, "2013-04-23"}, "BEN": {Party, "2024-06-20"}, "GRD": {Invited, "2024-02-07"}}
	if len(got) != len(want) {
		t.Fatalf("On = %+v", got)
	}
	for _, s := range got {
		if w := want[s.Party]; s.Status != w[0] || s.Since != w[1] {
			t.Errorf("%s: %s since %s; want %s since %s", s.Party, s.Status, s.Since, w[0], w[1])
		}
	}
	// A coalition member is one from its earliest event.
	c := On(panel, "c", "industry coalition", civil.MustParse("2024-01-01"))
	if len(c) != 1 || c[0].Status != Supporter || c[0].Since != "2018-04-17" {
		t.Errorf("coalition: %+v", c)
	}
	d := On(panel, "d", "declaration", civil.MustParse("2024-01-01"))
	if d[0].Party != "FRA" || d[0].Status != Withdrawn {
		t.Errorf("declaration: %+v", d)
	}
}

func TestCoMembership(t *testing.T) {
	events := []Event{
		ev("t", "ALB", "ratification", "2002-06-20", "on"),
		ev("t", "AND", "signature", "2013-04-23", "on"),
		ev("t", "GRD", "invitation", "2024-02-07", "on"),
		ev("d", "ALB", "support", "2019-09-16", "on or before"),
		ev("d", "FRA", "support", "2019-09-16", "on or before"),
		ev("d", "DEU", "support", "2019-09-16", "on or before"),
		ev("d", "DEU", "withdrawal", "2020-06-01", "on"),
		ev("d", "acme", "support", "2019-09-16", "on or before"),
	}
	kinds := map[string]string{"t": "treaty", "d": "declaration"}
	got := CoMembership(events, []string{"d", "t"}, kinds, civil.MustParse("2021-01-01"))
	// FRA alone in d; ALB in both; AND signed t; GRD only invited, DEU withdrawn, acme no state.
	want := []Combination{
		{Instruments: []string{"d"}, States: []string{"FRA"}},
		{Instruments: []string{"t"}, States: []string{"AND"}},
		{Instruments: []string{"d", "t"}, States: []string{"ALB"}},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("CoMembership = %v\nwant %v", got, want)
	}
}

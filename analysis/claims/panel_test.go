package claims

import (
	"testing"

	"github.com/cybernorms/cybernorms/analysis/adherence"
	"github.com/cybernorms/cybernorms/datasets/schema"
)

func event(inst, party, kind, iso string) adherence.Event {
	c, err := adherence.Certain(iso, "on")
	if err != nil {
		panic(err)
	}
	pk := "state"
	if len(party) != 3 {
		pk = "organisation"
	}
	return adherence.Event{Instrument: inst, Party: party, PartyKind: pk, Kind: kind, DateISO: iso, Bound: "on", Certain: c}
}

// coverageRows builds instrument_coverage rows: instrument, as_of, missing,
// and the measure (parties when empty).
func coverageRows(t *testing.T, rows ...[4]string) schema.Data {
	t.Helper()
	d := schema.Data{Table: schema.InstrumentCoverage}
	for _, r := range rows {
		m := r[3]
		if m == "" {
			m = "parties"
		}
		if err := d.Append(schema.Values{"instrument": r[0], "date_iso": r[1], "as_of": r[1], "measure": m, "official_total": "2",
			"qualifier": "exact", "identified": "2", "missing": r[2], "extra": "", "source_type": "official", "source": "s", "note": "n"}); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// A party the panel shows holds; a party it does not show is "false" only
// where an official total of that day or later, matched in full, does not
// show it either, and cannot be checked where the totals since fall short:
// a lower bound shows no absence. A count is given where the panel matches
// an official total of that day in full, and otherwise only where the
// parties it may miss could not change the verdict.
func TestAdherenceValue(t *testing.T) {
	p := &panel{
		events: []adherence.Event{
			event("treaty", "ALB", "signature", "2001-11-23"),
			event("treaty", "ALB", "ratification", "2002-06-20"),
			event("treaty", "ZAF", "signature", "2001-11-23"),
			event("treaty", "GRD", "invitation", "2005-06-01"),
			event("treaty", "DNK", "entry-into-force", "2009-07-01"),
			event("coalition", "acme", "signature", "2018-04-17"),
			event("coalition", "bolt", "signature", "2018-04-17"),
			event("call", "acme", "support", "2019-09-16"),
			event("call", "FRA", "support", "2018-11-12"),
		},
		kinds: map[string]string{"treaty": "treaty", "coalition": "industry coalition", "call": "declaration"},
		coverage: coverageRows(t, [4]string{"treaty", "2010-01-01", "", ""}, [4]string{"treaty", "2010-01-01", "", "signatories-not-parties"},
			[4]string{"treaty", "2015-01-01", "", ""}, [4]string{"treaty", "2024-10-09", "3", ""},
			[4]string{"coalition", "2021-01-18", "", ""}, [4]string{"call", "2021-01-18", "", ""}),
	}
	e := &Evaluator{panel: p}
	tests := []struct {
		params       map[string]string
		op, expected string
		date         string
		want         string
	}{
		{map[string]string{"instrument": "treaty", "party": "ALB", "standing": "party"}, "=", "true", "2021-01-18", "true"},
		{map[string]string{"instrument": "treaty", "party": "ALB", "standing": "signed"}, "=", "true", "2021-01-18", "true"},
		// A Party by the complete total of 2010: nothing shows it was not one
		// before its dated ratification.
		{map[string]string{"instrument": "treaty", "party": "ALB", "standing": "party"}, "=", "true", "2002-06-19", ""},
		{map[string]string{"instrument": "treaty", "party": "ZAF", "standing": "signed"}, "=", "true", "2021-01-18", "true"},
		// Not a Party on the complete total of 2010, so not one before it.
		{map[string]string{"instrument": "treaty", "party": "ZAF", "standing": "party"}, "=", "true", "2005-01-01", "false"},
		{map[string]string{"instrument": "treaty", "party": "ZAF", "standing": "party"}, "=", "true", "2010-01-01", "false"},
		// The 2010 total is complete but earlier than the day, and the 2024
		// total is three short: ZAF may be one of the three who joined since.
		{map[string]string{"instrument": "treaty", "party": "ZAF", "standing": "party"}, "=", "true", "2021-01-18", ""},
		{map[string]string{"instrument": "treaty", "party": "ZAF", "standing": "party"}, "=", "true", "2025-01-01", ""},
		// An invitation alone is not joining.
		{map[string]string{"instrument": "treaty", "party": "GRD"}, "=", "true", "2008-01-01", "false"},
		// A signature is shown absent only where the signatories are counted
		// in full too: in 2010, not in 2015, whose total counts Parties only.
		{map[string]string{"instrument": "treaty", "party": "GRD", "standing": "signed"}, "=", "true", "2008-01-01", "false"},
		{map[string]string{"instrument": "treaty", "party": "GRD", "standing": "signed"}, "=", "true", "2012-01-01", ""},
		// ZAF signed but is no Party in 2015, a total of Parties matched in
		// full: it was no Party in 2012.
		{map[string]string{"instrument": "treaty", "party": "ZAF", "standing": "party"}, "=", "true", "2012-01-01", "false"},
		// A count of signatures on a day whose total counts Parties only.
		{map[string]string{"instrument": "treaty", "standing": "signed"}, "=", "2", "2015-01-01", ""},
		{map[string]string{"instrument": "treaty", "standing": "party"}, "=", "2", "2015-01-01", "2"},
		// DNK is a Party by 2010, known by its entry into force alone: whether
		// it signed before 2008 is not known.
		{map[string]string{"instrument": "treaty", "party": "DNK", "standing": "signed"}, "=", "true", "2008-01-01", ""},
		// Counts on a panel matched in full that day.
		{map[string]string{"instrument": "coalition", "among": "call"}, "=", "1", "2021-01-18", "1"},
		{map[string]string{"instrument": "coalition"}, "=", "2", "2021-01-18", "2"},
		// Counts on a panel that may miss parties: a lower bound.
		{map[string]string{"instrument": "coalition|treaty", "kind": "organisation"}, ">", "1", "2021-01-18", "2"},
		{map[string]string{"instrument": "coalition|treaty", "kind": "organisation"}, "=", "2", "2021-01-18", ""},
		{map[string]string{"instrument": "coalition|treaty", "kind": "organisation"}, "=", "1", "2021-01-18", "2"},
		{map[string]string{"instrument": "coalition|treaty", "kind": "organisation"}, "~", "5", "2021-01-18", ""},
		{map[string]string{"instrument": "coalition|treaty", "kind": "organisation"}, "<", "2", "2021-01-18", "2"},
		{map[string]string{"instrument": "coalition|treaty", "kind": "organisation"}, ">", "2", "2021-01-18", ""},
		{map[string]string{"instrument": "coalition", "among": "call"}, "=", "0", "2019-01-01", ""},
		{map[string]string{"instrument": "treaty|call", "kind": "state", "standing": "signed"}, ">=", "3", "2021-01-18", "3"},
	}
	for _, tt := range tests {
		c := Claim{ID: "t", Metric: "adherence", Params: tt.params, Op: tt.op, Expected: tt.expected}
		got, err := e.adherenceValue(c, day(tt.date))
		if err != nil || got != tt.want {
			t.Errorf("%v %s %s on %s = %q, %v; want %q", tt.params, tt.op, tt.expected, tt.date, got, err, tt.want)
		}
	}
	for _, bad := range []map[string]string{
		{"instrument": "nothing"},
		{"instrument": "treaty", "among": "nothing"},
		{"instrument": "treaty", "standing": "ratified"},
		{"instrument": "treaty", "party": "ALB", "kind": "state"},
	} {
		if err := e.validateAdherence(Claim{ID: "t", Params: bad}); err == nil {
			t.Errorf("%v was accepted", bad)
		}
	}
}

// A claim on the panel has a margin as a count or a presence claim has one:
// one party decides a claim about one party, and a count's distance from
// the stated value decides a count.
func TestAdherenceMargin(t *testing.T) {
	p := &panel{
		events: []adherence.Event{
			event("coalition", "acme", "signature", "2018-04-17"),
			event("coalition", "bolt", "signature", "2018-04-17"),
			event("coalition", "core", "signature", "2018-04-17"),
		},
		kinds:    map[string]string{"coalition": "industry coalition"},
		coverage: coverageRows(t, [4]string{"coalition", "2021-01-18", "", ""}),
	}
	e := &Evaluator{panel: p}
	for _, tt := range []struct {
		params   map[string]string
		op, want string
		margin   int
	}{
		{map[string]string{"instrument": "coalition", "party": "acme"}, "=", "true", 1},
		{map[string]string{"instrument": "coalition"}, "~", "2", 1},
		{map[string]string{"instrument": "coalition"}, ">", "1", 2},
		{map[string]string{"instrument": "coalition"}, "=", "5", 2},
	} {
		c := Claim{ID: "t", Metric: "adherence", Params: tt.params, Op: tt.op, Expected: tt.want}
		m, err := e.margin(c, day("2021-01-18"))
		if err != nil || m != tt.margin {
			t.Errorf("%v %s %s: margin %d, %v; want %d", tt.params, tt.op, tt.want, m, err, tt.margin)
		}
	}
	// A count the panel cannot decide, on a day it may miss parties, has no
	// margin.
	c := Claim{ID: "t", Metric: "adherence", Params: map[string]string{"instrument": "coalition"}, Op: "=", Expected: "3"}
	if m, err := e.margin(c, day("2021-01-19")); err != nil || m != 0 {
		t.Errorf("undecided count: margin %d, %v; want 0", m, err)
	}
}

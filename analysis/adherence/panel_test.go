package adherence

import (
	"reflect"
	"sort"
	"testing"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/schema"
)

// A panel reads each instrument's own events: its standings and counts are
// those of the whole panel's events, for every instrument of the published
// panel, on every day one of its events becomes certain and the day before.
func TestPanelReadsItsInstrumentsEvents(t *testing.T) {
	set := datasets.MustLoad()
	p, err := NewPanel(set)
	if err != nil {
		t.Fatal(err)
	}
	inst := set.Tables[schema.Instruments.Name]
	checked := 0
	for _, r := range inst.Rows {
		id, kind := inst.Table.Get(r, "id"), inst.Table.Get(r, "kind")
		days := map[civil.Date]bool{}
		for _, e := range p.of[id] {
			days[e.Certain], days[e.Certain.AddDays(-1)] = true, true
		}
		for day := range days {
			all, own := On(p.events, id, kind, day), On(p.of[id], id, kind, day)
			if !reflect.DeepEqual(all, own) {
				t.Fatalf("%s on %s: %+v from the panel, %+v from its own events", id, day, all, own)
			}
			for _, m := range schema.InstrumentMeasures {
				want, err := Count(p.events, id, kind, m, day)
				if err != nil {
					t.Fatal(err)
				}
				if got, err := count(p.of[id], own, id, kind, m, day); err != nil || got != want {
					t.Fatalf("%s %s on %s: count %d, %v; Count %d", id, m, day, got, err, want)
				}
			}
			checked += len(own)
		}
	}
	if checked == 0 {
		t.Fatal("no standing checked")
	}
}

// onByMap is On as it was first written, a map of the parties' standings:
// the reference the sorted runs of On are checked against.
func onByMap(events []Event, instrument, kind string, day civil.Date) []Standing {
	by := map[string]*Standing{}
	best := map[string]int{}
	for _, e := range events {
		if e.Instrument != instrument || e.Certain.After(day) {
			continue
		}
		s := by[e.Party]
		if s == nil {
			s = &Standing{Party: e.Party, PartyKind: e.PartyKind, Country: e.Country, Name: e.Name}
			by[e.Party], best[e.Party] = s, 99
		}
		r := rank[e.Kind]
		if kind != "treaty" && e.Kind == "signature" {
			r = rank["support"]
		}
		if r > best[e.Party] || (r == best[e.Party] && s.Since <= e.DateISO) {
			continue
		}
		best[e.Party] = r
		s.Since = e.DateISO
		switch {
		case e.Kind == "withdrawal":
			s.Status = Withdrawn
		case kind != "treaty":
			s.Status = Supporter
		case r == 1:
			s.Status = Party
		case e.Kind == "signature":
			s.Status = Signatory
		case e.Kind == "invitation":
			s.Status = Invited
		default:
			s.Status = Supporter
		}
	}
	out := make([]Standing, 0, len(by))
	for _, s := range by {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Party < out[j].Party })
	return out
}

// On gives what a map of the parties gave, for every instrument of the
// published panel (read as a treaty and as a declaration) on every day one
// of its events becomes certain and the day before, and for the small panel
// of the other tests; it allocates twice whatever the number of parties.
func TestOnAsByMap(t *testing.T) {
	set := datasets.MustLoad()
	p, err := NewPanel(set)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, events := range [][]Event{p.events, panel} {
		days := map[civil.Date]bool{}
		ids := map[string]bool{}
		for _, e := range events {
			days[e.Certain], days[e.Certain.AddDays(-1)], ids[e.Instrument] = true, true, true
		}
		for id := range ids {
			for _, kind := range []string{"treaty", "declaration"} {
				for day := range days {
					got, want := On(events, id, kind, day), onByMap(events, id, kind, day)
					if !reflect.DeepEqual(got, want) {
						t.Fatalf("%s as a %s on %s:\n%+v\nwant %+v", id, kind, day, got, want)
					}
					checked += len(got)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no standing checked")
	}
	day := civil.MustParse("2025-12-31")
	if n := len(On(p.events, "budapest-convention", "treaty", day)); n < 50 {
		t.Fatalf("%d parties of the Budapest Convention: the allocations below count nothing", n)
	}
	if n := testing.AllocsPerRun(20, func() { On(p.events, "budapest-convention", "treaty", day) }); n > 2 {
		t.Errorf("On allocates %v times", n)
	}
}

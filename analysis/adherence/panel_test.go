package adherence

import (
	"reflect"
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

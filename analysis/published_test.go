package analysis

import (
	"reflect"
	"testing"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
)

// At is On one supporter at a time, and Listed is PresentOn, on every day a
// classification starts or ends and the days either side of it; At copies
// nothing to the heap, which is why the map reads the history through it.
func TestHistoryAtIsOn(t *testing.T) {
	set := datasets.MustLoad()
	h := NewHistory(set)
	days := map[civil.Date]bool{set.Span.First: true, set.Span.Last: true}
	for _, c := range set.Published() {
		for _, x := range []civil.Date{c.ValidFrom, c.ValidTo} {
			if !x.IsZero() {
				days[x], days[x.AddDays(-1)], days[x.AddDays(1)] = true, true, true
			}
		}
	}
	reclassified := 0
	for day := range days {
		on := h.On(day)
		if h.Len() != len(on) {
			t.Fatalf("Len = %d, On has %d", h.Len(), len(on))
		}
		for i, want := range on {
			if got := h.At(i, day); !reflect.DeepEqual(got, want) {
				t.Fatalf("At(%d, %s) = %+v\nOn holds %+v", i, day, got, want)
			}
			if h.Listed(i, day) != PresentOn(want, day) {
				t.Fatalf("Listed(%d, %s) = %v", i, day, !PresentOn(want, day))
			}
			if want != h.supporters[i] {
				reclassified++
			}
		}
	}
	if reclassified == 0 {
		t.Fatal("no supporter is published otherwise than its latest classification on any day: the test reads nothing")
	}
	day := set.Span.Last
	if n := testing.AllocsPerRun(100, func() { _ = h.At(h.Len()-1, day) }); n != 0 {
		t.Errorf("At allocates %v times", n)
	}
}

// Each category's growth is the growth of that category's supporters alone.
func TestGrowthByCategoryIsGrowthOfEach(t *testing.T) {
	ss := datasets.MustLoad().Supporters()
	got := GrowthByCategory(ss)
	if len(got) < 2 {
		t.Fatalf("%d categories", len(got))
	}
	for _, g := range got {
		var in []datasets.Supporter
		for _, s := range ss {
			if s.Category == g.Category {
				in = append(in, s)
			}
		}
		if want := Growth(in); !reflect.DeepEqual(g.Series, want) {
			t.Errorf("%s: %+v\nwant %+v", g.Category, g.Series, want)
		}
	}
}

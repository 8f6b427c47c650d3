package charts_test

import (
	"log"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/charts"
)

// The states in each combination of three instruments, largest first: an
// UpSet chart reads as a Venn diagram of any number of sets.
func ExampleUpSet() {
	p, err := charts.UpSet(charts.UpSetData{
		Title: "States by the instruments they have joined",
		Sets:  []string{"Paris Call", "Budapest Convention", "Second Protocol (CETS 224)"},
		Sizes: []int{81, 46, 43},
		Combinations: []charts.UpSetCombination{
			{In: []int{0}, Count: 34},
			{In: []int{0, 1, 2}, Count: 28},
			{In: []int{0, 2}, Count: 10},
			{In: []int{0, 1}, Count: 9},
			{In: []int{1}, Count: 5},
			{In: []int{1, 2}, Count: 4},
			{In: []int{2}, Count: 1},
		},
		CountLabel: "states",
		SizeLabel:  "in all",
	})
	if err != nil {
		log.Fatal(err)
	}
	save(p, "upset_en")
}

func TestUpSetGolden(t *testing.T) {
	ExampleUpSet()
	check(t, "upset_en")
}

// Each malformed input is refused with a message naming what is wrong.
func TestUpSetRefuses(t *testing.T) {
	ok := func() charts.UpSetData {
		return charts.UpSetData{Sets: []string{"a", "b"}, Sizes: []int{1, 1}, Combinations: []charts.UpSetCombination{{In: []int{0, 1}, Count: 1}}}
	}
	if _, err := charts.UpSet(ok()); err != nil {
		t.Fatalf("a well-formed chart: %v", err)
	}
	for _, tt := range []struct {
		name string
		edit func(*charts.UpSetData)
		want string
	}{
		{"no set", func(d *charts.UpSetData) { d.Sets, d.Sizes = nil, nil }, "no set"},
		{"sizes", func(d *charts.UpSetData) { d.Sizes = []int{1} }, "1 sizes for 2 sets"},
		{"negative size", func(d *charts.UpSetData) { d.Sizes[1] = -1 }, `set "b" has size -1`},
		{"no combination", func(d *charts.UpSetData) { d.Combinations = nil }, "no combination"},
		{"negative count", func(d *charts.UpSetData) { d.Combinations[0].Count = -2 }, "count -2"},
		{"empty combination", func(d *charts.UpSetData) { d.Combinations[0].In = nil }, "in no set"},
		{"set out of range", func(d *charts.UpSetData) { d.Combinations[0].In = []int{0, 2} }, "names set 2"},
		{"set twice", func(d *charts.UpSetData) { d.Combinations[0].In = []int{1, 1} }, "names set 1"},
	} {
		d := ok()
		tt.edit(&d)
		_, err := charts.UpSet(d)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

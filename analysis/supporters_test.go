package analysis

import (
	"fmt"
	"testing"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
)

func ExampleCountOn() {
	set := datasets.MustLoad()
	t := CountOn(set, datasets.ChapterAccessDate, "state")
	fmt.Printf("%d states on %s; largest region %s\n", t.Total, t.AsOf, t.LargestRegion())
	for _, r := range t.ByRegion[:2] {
		fmt.Println(r.Region, r.Total)
	}
	// Output:
	// 79 states on 2021-01-18; largest region Europe
	// Europe 40
	// Americas 13
}

func ExampleLargestAddition() {
	day, n := LargestAddition(datasets.MustLoad())
	fmt.Println(day, n)
	// Output: 2019-11-10 437
}

func d(s string) civil.Date { return civil.MustParse(s) }

func TestPresentOnAndGrowth(t *testing.T) {
	ss := []datasets.Supporter{
		{ID: "a", FirstSeen: d("2020-01-01")},
		{ID: "b", FirstSeen: d("2020-01-01"), RemovedOn: d("2020-02-01")},
		{ID: "c", FirstSeen: d("2020-03-01"), RemovedOn: d("2020-03-01")}, // added and removed the same day: never listed
		{ID: "e", FirstSeen: d("2020-02-01")},
	}
	for _, tt := range []struct {
		day  string
		want int
	}{{"2019-12-31", 0}, {"2020-01-01", 2}, {"2020-01-31", 2}, {"2020-02-01", 2}, {"2020-03-01", 2}} {
		if got := len(Present(ss, d(tt.day))); got != tt.want {
			t.Errorf("Present on %s = %d, want %d", tt.day, got, tt.want)
		}
	}
	g := Growth(ss)
	// Growth is Present counted on each day something changes.
	for i, day := range g.Dates {
		if want := len(Present(ss, day)); g.Counts[i] != want {
			t.Errorf("Growth on %s = %d, Present = %d", day, g.Counts[i], want)
		}
	}
	if len(g.Dates) != 3 {
		t.Errorf("Growth dates %v, want 2020-01-01, 2020-02-01, 2020-03-01", g.Dates)
	}
}

func TestLargestRegionTie(t *testing.T) {
	tl := Tally{ByRegion: []RegionCounts{{Region: NoCountry, Total: 9}, {Region: "Asia", Total: 3}, {Region: "Europe", Total: 3}}}
	if got := tl.LargestRegion(); got != "Asia and Europe (tied)" {
		t.Errorf("LargestRegion = %q", got)
	}
	if got := (Tally{}).LargestRegion(); got != "" {
		t.Errorf("empty LargestRegion = %q", got)
	}
}

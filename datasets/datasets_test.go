package datasets

import (
	"fmt"
	"testing"

	"github.com/go-gota/gota/series"
)

func TestOpen(t *testing.T) {
	s, err := Open(".")
	if err != nil {
		t.Fatal(err)
	}
	if s.First != "2019-09-16" || s.Last != "2024-01-19" || s.Version == "" {
		t.Errorf("span %s..%s version %q", s.First, s.Last, s.Version)
	}
	if n := len(s.Principles()); n != 9 {
		t.Errorf("%d principles", n)
	}
	if n := len(s.Coverage()); n != 54 {
		t.Errorf("%d coverage cells", n)
	}
	fw := s.Frameworks()
	if fw[0].ID != "paris-call" || fw[5].ID != "for-the-web" {
		t.Errorf("frameworks not in Tabel 2.1 order: %v", fw)
	}
	df, err := s.Frame("supporters")
	if err != nil {
		t.Fatal(err)
	}
	if df.Nrow() != len(s.Supporters()) || df.Col("files").Type() != series.Int || df.Col("in_first_commit").Type() != series.Bool || df.Col("name").Type() != series.String {
		t.Errorf("supporters frame: %d rows, types %v", df.Nrow(), df.Types())
	}
	if _, err := s.Frame("nope"); err == nil {
		t.Error("Frame of an unknown table succeeded")
	}
}

func ExampleSet_PresentOn() {
	s, err := Open(".")
	if err != nil {
		fmt.Println(err)
		return
	}
	states := 0
	for _, p := range s.PresentOn(ChapterAccessDate) {
		if p.Category == "state" {
			states++
		}
	}
	fmt.Printf("%d states on %s\n", states, ChapterAccessDate)
	// Output: 79 states on 2021-01-18
}

func ExampleCountBy() {
	s, _ := Open(".")
	var states []Supporter
	for _, p := range s.PresentOn(ChapterAccessDate) {
		if p.Category == "state" {
			states = append(states, p)
		}
	}
	cs := s.Countries()
	for _, c := range CountBy(states, func(p Supporter) string { return cs[p.Country].RegionEN })[:2] {
		fmt.Println(c.Key, c.Count)
	}
	// Output:
	// Europe 40
	// Americas 13
}

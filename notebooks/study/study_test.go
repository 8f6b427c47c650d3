package study

import (
	"reflect"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

func TestCheck(t *testing.T) {
	// The history's span is the datasets' (their own tests check it against
	// the snapshot): a refresh moves its end.
	set, err := datasets.Load()
	if err != nil {
		t.Fatal(err)
	}
	span := set.Span.String()
	for _, tt := range []struct{ asOf, lang, want string }{
		{"2021-01-18", "id", ""},
		{set.Span.Last.String(), "en", ""},
		{"2030-01-01", "en", "parameter asOf: as-of date 2030-01-01 is after the supporter history ends: it covers " + span},
		{"2019-01-01", "en", "parameter asOf: as-of date 2019-01-01 is before the supporter history starts: it covers " + span},
		{"yesterday", "en", `parameter asOf: as-of date "yesterday" is not a date (YYYY-MM-DD)`},
		{"2021-01-18", "de", `parameter lang: unknown language "de"`},
	} {
		s, err := Check(tt.asOf, tt.lang)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("Check(%q, %q): %v", tt.asOf, tt.lang, err)
		case tt.want == "" && (s.AsOf.String() != tt.asOf || string(s.Lang) != tt.lang):
			t.Errorf("Check(%q, %q) = %v, %v", tt.asOf, tt.lang, s.AsOf, s.Lang)
		case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)):
			t.Errorf("Check(%q, %q) error = %v, want %q", tt.asOf, tt.lang, err, tt.want)
		}
	}
}

func TestOpenExitsOnABadParameter(t *testing.T) {
	code := -1
	exit = func(c int) { code = c; panic("exit") }
	defer func() { exit = nil; recover() }()
	defer func() {
		if code != 1 {
			t.Errorf("exit status %d, want 1", code)
		}
	}()
	Open("2030-01-01", "en")
}

func TestFigures(t *testing.T) {
	s, err := Check("2021-01-18", "en")
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]func() error{
		"Map":            func() error { _, err := s.Map(); return err },
		"Coverage":       func() error { _, err := s.Coverage(); return err },
		"CyberPower":     func() error { _, err := s.CyberPower(); return err },
		"Growth":         func() error { _, err := s.Growth(); return err },
		"StatesByRegion": func() error { _, err := s.StatesByRegion(); return err },
		"Timeline":       func() error { _, err := s.Timeline(); return err },
	} {
		if err := f(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	p, _ := s.Map()
	if charts.SizeOf(p) != charts.MapSize {
		t.Errorf("the map is not sized as designed: %v", charts.SizeOf(p))
	}
}

// A cell that shows no exhibit asks package params who is a supporter: the
// answer is the catalogue's, on every day and for every category.
func TestPresentIsTheCatalogues(t *testing.T) {
	s, err := Check("2021-01-18", "en")
	if err != nil {
		t.Fatal(err)
	}
	days := []civil.Date{s.Set.Span.First, s.AsOf, s.Set.Span.Last}
	for _, d := range days {
		o := s.Options()
		o.AsOf = d
		for _, cats := range [][]string{nil, {vocab.State}, {vocab.PrivateSector, vocab.CivilSociety}} {
			got, want := s.PresentOn(d, cats...), s.In.Present(o, cats...)
			if !reflect.DeepEqual(got, want) || len(want) == 0 {
				t.Errorf("%s %v: params has %d supporters, the catalogue %d", d, cats, len(got), len(want))
			}
		}
	}
	if got, want := s.Present(vocab.State), s.In.Present(s.Options(), vocab.State); !reflect.DeepEqual(got, want) {
		t.Errorf("Present: %d states, the catalogue %d", len(got), len(want))
	}
}

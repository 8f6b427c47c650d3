package study

import (
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets"
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

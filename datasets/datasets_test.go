package datasets

import (
	"fmt"
	"testing"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

func TestOpen(t *testing.T) {
	s, err := Open(".")
	if err != nil {
		t.Fatal(err)
	}
	if s.Span.String() != "2019-09-16 to 2024-01-19" || s.Version == "" {
		t.Errorf("span %s version %q", s.Span, s.Version)
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

func TestDateBoundedOnBothSides(t *testing.T) {
	s, err := Open(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ in, want string }{
		{"2021-01-18", ""},
		{"2019-09-16", ""},
		{"2024-01-19", ""},
		{"2019-09-15", "as-of date 2019-09-15 is before the supporter history starts: it covers 2019-09-16 to 2024-01-19"},
		{"2024-01-20", "as-of date 2024-01-20 is after the supporter history ends: it covers 2019-09-16 to 2024-01-19"},
		{"2030-01-01", "as-of date 2030-01-01 is after the supporter history ends: it covers 2019-09-16 to 2024-01-19"},
		{"18/01/2021", `as-of date "18/01/2021" is not a date (YYYY-MM-DD); the supporter history covers 2019-09-16 to 2024-01-19`},
	} {
		d, err := s.Date(tt.in)
		switch {
		case tt.want == "" && (err != nil || d.String() != tt.in):
			t.Errorf("Date(%q) = %v, %v", tt.in, d, err)
		case tt.want != "" && (err == nil || err.Error() != tt.want):
			t.Errorf("Date(%q) error = %v, want %q", tt.in, err, tt.want)
		}
	}
}

func ExampleSet_Frame() {
	s := MustLoad()
	df := s.MustFrame(Supporters)
	states := df.Filter(dataframe.F{Colname: "category", Comparator: series.Eq, Comparando: "state"})
	fmt.Println(states.Nrow(), "states in the whole history")
	// Output: 81 states in the whole history
}

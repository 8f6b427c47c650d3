package datasets

import (
	"testing"
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

package datasets

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// committedCommit is the upstream commit of the committed snapshot; the
// committed figures below hold only while the snapshot is read at it, a
// refresh moves them and the checks read them from the snapshot instead.
const committedCommit = "04c7d960db4648000e11fb78662e6281a38bdcfe"

// snapshotSpan reads the first and last day of the supporter history from the
// snapshot's change log itself, not through the tables Open reads, and says
// whether the snapshot is the committed one.
func snapshotSpan(t *testing.T, dir string) (first, last string, committed bool) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "snapshot", "supporter_changes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range rows[0] {
		if h == "date" {
			col = i
		}
	}
	if col < 0 || len(rows) < 2 {
		t.Fatalf("supporter_changes.csv: no date column or no rows")
	}
	for _, r := range rows[1:] {
		d := r[col][:10] // the day the commit itself records, as the tables keep it
		if first == "" || d < first {
			first = d
		}
		if d > last {
			last = d
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "snapshot", "upstream.json"))
	if err != nil {
		t.Fatal(err)
	}
	var up struct{ Commit string }
	if err := json.Unmarshal(b, &up); err != nil {
		t.Fatal(err)
	}
	return first, last, up.Commit == committedCommit
}

func TestOpen(t *testing.T) {
	s, err := Open(".")
	if err != nil {
		t.Fatal(err)
	}
	first, last, committed := snapshotSpan(t, ".")
	if committed && (first != "2019-09-16" || last != "2024-01-19") {
		t.Errorf("committed snapshot spans %s to %s", first, last)
	}
	if s.Span.String() != first+" to "+last || s.Version == "" {
		t.Errorf("span %s, the snapshot's %s to %s; version %q", s.Span, first, last, s.Version)
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
	first, last, _ := snapshotSpan(t, ".")
	span := first + " to " + last
	after := s.Span.Last.AddDays(1).String()
	for _, tt := range []struct{ in, want string }{
		{"2021-01-18", ""},
		{first, ""},
		{last, ""},
		{"2019-09-15", "as-of date 2019-09-15 is before the supporter history starts: it covers " + span},
		{after, "as-of date " + after + " is after the supporter history ends: it covers " + span},
		{"2030-01-01", "as-of date 2030-01-01 is after the supporter history ends: it covers " + span},
		{"18/01/2021", `as-of date "18/01/2021" is not a date (YYYY-MM-DD); the supporter history covers ` + span},
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

// TestShapesErrorNamesTheFile: the geometry's error names the file, its line
// and column and the feature, on one line.
func TestShapesErrorNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "geo"), 0o755); err != nil {
		t.Fatal(err)
	}
	bad := `{"type":"FeatureCollection","features":[` + "\n" + `{"id":"1","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,"x"]]]},"properties":{"name":"X"}}]}`
	if err := os.WriteFile(filepath.Join(dir, "geo", "countries.geojson"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := (&Set{Dir: dir}).Shapes()
	want := filepath.Join(dir, "geo", "countries.geojson") + ": geometry: line 2, column 65: feature 0 (X): geometry.coordinates: a string where a number (a coordinate) belongs"
	if err == nil || err.Error() != want {
		t.Fatalf("Shapes() error = %v, want %s", err, want)
	}
}

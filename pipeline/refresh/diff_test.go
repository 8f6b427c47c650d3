package refresh

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cybernorms/cybernorms/pipeline/snapshot"
)

func row(day int, kind snapshot.Kind, path, oldPath, name, category, problem string) snapshot.Change {
	c := snapshot.Change{Seq: day, Date: time.Date(2024, 1, day, 12, 0, 0, 0, time.UTC), Kind: kind, Path: path, OldPath: oldPath, Problem: problem, Fields: map[string]string{}}
	if problem == "" {
		c.Fields["name"], c.Fields["category"] = name, category
	}
	return c
}

func TestDiff(t *testing.T) {
	a := row(1, snapshot.Added, "_supporters/a.md", "", "A", "state", "")
	b := row(1, snapshot.Added, "_supporters/b.md", "", "B", "civil-society", "")
	tests := []struct {
		name     string
		old, new []snapshot.Change
		want     []string
	}{
		{"nothing new", []snapshot.Change{a, b}, []snapshot.Change{a, b}, nil},
		{"renamed with a field changed", []snapshot.Change{a}, []snapshot.Change{a, row(2, snapshot.Renamed, "_supporters/a2.md", "_supporters/a.md", "A2", "state", "")},
			[]string{`renamed 2024-01-02 A2 (state): _supporters/a.md → _supporters/a2.md, name "A" → "A2"`}},
		{"became unreadable, then readable again", []snapshot.Change{a}, []snapshot.Change{a,
			row(2, snapshot.Modified, "_supporters/a.md", "", "", "", "line 2: malformed YAML"),
			row(3, snapshot.Modified, "_supporters/a.md", "", "A", "state", "")},
			[]string{
				`modified 2024-01-02 _supporters/a.md: now unreadable: line 2: malformed YAML`,
				`modified 2024-01-03 A (state): readable again [_supporters/a.md]`,
			}},
		{"removed keeps the removed version's name", []snapshot.Change{a, b}, []snapshot.Change{a, b, row(2, snapshot.Removed, "_supporters/b.md", "", "B", "civil-society", "")},
			[]string{`removed 2024-01-02 B (civil-society) [_supporters/b.md]`}},
		{"a whole history rewritten", []snapshot.Change{a}, []snapshot.Change{b},
			[]string{`added 2024-01-01 B (civil-society) [_supporters/b.md]`, `vanished 2024-01-01 _supporters/a.md: field name "A": vanished from the upstream history without a removal (the history was rewritten)`}},
		{"a file removed in the old history is not vanished", []snapshot.Change{a, row(2, snapshot.Removed, "_supporters/a.md", "", "A", "state", "")}, []snapshot.Change{b},
			[]string{`added 2024-01-01 B (civil-society) [_supporters/b.md]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Diff(tt.old, tt.new)
			var got []string
			for _, c := range r.Changes {
				got = append(got, fmt.Sprintf("%s %s", c.Kind, c))
			}
			for _, v := range r.Vanished {
				got = append(got, "vanished "+v.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestBump(t *testing.T) {
	for _, tt := range []struct {
		v    string
		l    Level
		want string
	}{{"1.0.0", Patch, "1.0.1"}, {"1.2.3", Minor, "1.3.0"}, {"1.2.3", Major, "2.0.0"}, {"0.9.12", Minor, "0.10.0"}} {
		if got, err := bump(tt.v, tt.l); err != nil || got != tt.want {
			t.Errorf("bump(%s, %s) = %s, %v; want %s", tt.v, tt.l, got, err, tt.want)
		}
	}
	for _, bad := range []string{"1.0", "1.x.0", "-1.0.0", ""} {
		if _, err := bump(bad, Minor); err == nil {
			t.Errorf("bump(%q) succeeded", bad)
		}
	}
}

func TestInsertEntry(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"# Log\n\nintro\n\n## 1.0.0\n\nfirst\n", "# Log\n\nintro\n\n## 1.1.0\n\nnew\n\n## 1.0.0\n\nfirst\n"},
		{"## 1.0.0\n", "## 1.1.0\n\nnew\n\n## 1.0.0\n"},
		{"# Log\n", "# Log\n\n## 1.1.0\n\nnew\n"},
	} {
		if got := string(insertEntry([]byte(tt.in), "## 1.1.0\n\nnew\n")); got != tt.want {
			t.Errorf("insertEntry(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

package exhibits

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the README's list of exhibits from the catalogue")

const (
	readmeStart = "<!-- exhibits.README(): the catalogue of exhibits; go test ./exhibits -update rewrites it -->\n"
	readmeEnd   = "<!-- end of exhibits.README() -->\n"
)

// The README's list of exhibits is the catalogue's.
func TestREADMEListsTheCatalogue(t *testing.T) {
	path := filepath.Join(testenv.Root(t), "README.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i, j := strings.Index(s, readmeStart), strings.Index(s, readmeEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md has no list of exhibits between %q and %q", readmeStart, readmeEnd)
	}
	got, want := s[i+len(readmeStart):j], README()
	if got == want {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(s[:i+len(readmeStart)]+want+s[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's list of exhibits is not the catalogue's (go test ./exhibits -update):\n%s\nwant:\n%s", got, want)
}

// Each exhibit is named once, by kind: its files are its own.
func TestCatalogueNamesEachFileOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range All() {
		f := e.File("x")
		if seen[f] {
			t.Errorf("two exhibits write %s", f)
		}
		seen[f] = true
		switch {
		case e.Kind == Figure && (e.Plot == nil || e.Caption == nil):
			t.Errorf("figure %s has no chart or caption", e.ID)
		case e.Kind == Figure && e.Alt == nil:
			t.Errorf("figure %s has no alternative text", e.ID)
		case e.Kind == Tabular && e.Rows == nil:
			t.Errorf("table %s has no rows", e.ID)
		case e.README == "":
			t.Errorf("exhibit %s has no README row", e.ID)
		case !e.Report && len(e.Notebooks) == 0:
			t.Errorf("exhibit %s is shown nowhere", e.ID)
		}
		if e.Data != nil && e.Data.Kind != Tabular {
			t.Errorf("exhibit %s's data %s is not a table", e.ID, e.Data.ID)
		}
	}
}

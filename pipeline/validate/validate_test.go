package validate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

func edit(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A published table whose descriptor and file agree on a field unknown to
// this version is reported, not read by the field names the invariants use.
func TestRenamedFieldIsReportedNotRead(t *testing.T) {
	dir := testenv.CopyDatasets(t, nil)
	edit(t, filepath.Join(dir, "supporters.csv"), ",country_method,", ",method,")
	edit(t, filepath.Join(dir, "datapackage.json"), `"name": "country_method"`, `"name": "method"`)
	r, err := Run(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := "resource supporters: schema differs from this version of cybernorms (run build)"
	found := false
	for _, v := range r.Violations {
		found = found || strings.HasSuffix(v, want)
	}
	if !found {
		t.Errorf("violations %q lack %q", r.Violations, want)
	}
}

// The committed datasets are valid.
func TestCommittedDatasetsAreValid(t *testing.T) {
	r, err := Run(filepath.Join(testenv.Root(t), "datasets"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Violations) > 0 {
		t.Errorf("violations:\n%s", strings.Join(r.Violations, "\n"))
	}
}

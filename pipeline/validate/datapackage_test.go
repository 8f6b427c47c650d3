package validate

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

// validator returns the command that validates a datasets directory with the
// Frictionless v1 reference implementation (npm datapackage 1.1.10).
func validator(t *testing.T, dir string) *exec.Cmd {
	t.Helper()
	node := testenv.Program(t, "node")
	v := filepath.Join(testenv.Root(t), ".ci", "datapackage")
	if _, err := os.Stat(filepath.Join(v, "node_modules", "datapackage")); err != nil {
		testenv.Missing(t, "data package validator not installed (npm ci --prefix .ci/datapackage)")
	}
	return exec.Command(node, filepath.Join(v, "check.mjs"), dir)
}

// The committed data package is valid Frictionless v1.
func TestDataPackageValidator(t *testing.T) {
	out, err := validator(t, filepath.Join(testenv.Root(t), "datasets")).CombinedOutput()
	if err != nil || !strings.Contains(string(out), ": valid (datapackage 1.1.10, profile data-package)") {
		t.Fatalf("the data package validator refuses the datasets: %v\n%s", err, out)
	}
}

// The validator notices what it is there to notice: a profile the package
// does not fit, a cell its type refuses, a duplicate key and a file
// that is not the one described.
func TestDataPackageValidatorNoticesProblems(t *testing.T) {
	src := filepath.Join(testenv.Root(t), "datasets")
	for _, tc := range []struct {
		name, file, old, new, want string
	}{
		{"profile", "datapackage.json", `"profile": "data-package"`, `"profile": "tabular-data-package"`, `No enum match for: "data-resource"`},
		{"datetime", "snapshot/supporter_changes.csv", "2019-09-16T13:35:50+02:00", "yesterday", `The value "yesterday" in column "date" is not type "datetime"`},
		{"key", "snapshot/country_codes.csv", "République d'Angola", "République islamique d'Afghanistan", `unique constraint violation in column "official-fr"`},
		{"checksum", "curated/supporter_links.csv", "Same chamber", "Same chamber!", "FAIL curated/supporter_links.csv: sha256:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			testenv.CopyTree(t, src, dir, func(rel string) bool { return !strings.HasSuffix(rel, ".go") })
			p := filepath.Join(dir, filepath.FromSlash(tc.file))
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), tc.old) {
				t.Fatalf("%s does not contain %q", tc.file, tc.old)
			}
			os.WriteFile(p, []byte(strings.Replace(string(b), tc.old, tc.new, 1)), 0o644)
			out, err := validator(t, dir).CombinedOutput()
			if err == nil || !strings.Contains(string(out), tc.want) {
				t.Errorf("not noticed (err %v), want %q:\n%s", err, tc.want, out)
			}
		})
	}
}

package kernel

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

func TestModuleVersion(t *testing.T) {
	testenv.Program(t, "go")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if got := moduleVersion(self, "github.com/cybernorms/cybernorms/internal/kernel"); got != "github.com/cybernorms/cybernorms (devel)" {
		t.Errorf("moduleVersion of the test binary = %q", got)
	}
	if got := moduleVersion(self, "example.org/other"); got != "version unknown" {
		t.Errorf("moduleVersion for another module = %q", got)
	}
	if got := moduleVersion(filepath.Join(t.TempDir(), "none"), "x"); got != "version unknown" {
		t.Errorf("moduleVersion of a missing binary = %q", got)
	}
}

func TestNewSpec(t *testing.T) {
	s := NewSpec("/k", "/go/bin/go", "/usr/bin")
	if s.Env["GOFLAGS"] != "-ldflags=-w" || s.Env["PATH"] != "/k:/go/bin:/usr/bin" || s.Argv[0] != "/k/gonb" {
		t.Errorf("spec %+v", s)
	}
}

// TestWarmPackagesCoverNotebooks fails when a notebook imports a package
// that Install would not compile beforehand: its first cell would compile it.
func TestWarmPackagesCoverNotebooks(t *testing.T) {
	testenv.Program(t, "go")
	root := testenv.Root(t)
	cmd := exec.Command("go", append([]string{"list", "-deps"}, WarmPackages...)...)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	warm := map[string]bool{}
	for _, p := range strings.Fields(string(out)) {
		warm[p] = true
	}
	nbs, err := filepath.Glob(filepath.Join(root, "notebooks", "*.ipynb"))
	if err != nil || len(nbs) == 0 {
		t.Fatalf("no notebooks (%v)", err)
	}
	imported := 0
	for _, nb := range nbs {
		for _, p := range notebookImports(t, nb) {
			imported++
			if !warm[p] {
				t.Errorf("%s imports %s, which %v does not compile", filepath.Base(nb), p, WarmPackages)
			}
		}
	}
	if imported == 0 {
		t.Fatal("no imports found in the notebooks")
	}
}

// notebookImports lists the quoted paths in the import blocks of a
// notebook's code cells.
func notebookImports(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			CellType string   `json:"cell_type"`
			Source   []string `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var paths []string
	for _, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		in := false
		for _, line := range strings.Split(strings.Join(c.Source, ""), "\n") {
			line = strings.TrimSpace(line)
			switch {
			case line == "import (":
				in = true
			case in && line == ")":
				in = false
			case in && strings.HasPrefix(line, `"`):
				paths = append(paths, strings.Trim(line, `"`))
			case strings.HasPrefix(line, `import "`):
				paths = append(paths, strings.Trim(strings.TrimPrefix(line, "import "), `"`))
			}
		}
	}
	return paths
}

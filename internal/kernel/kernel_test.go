package kernel

import (
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/nbrun"
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

// The spec puts the kernel's tools first and leaves the rest of PATH to
// whoever starts Jupyter: the installing shell's PATH is not written in it.
func TestNewSpec(t *testing.T) {
	t.Setenv("PATH", "/installer/only/bin")
	s := NewSpec("/k", "/go/bin/go")
	if s.Env["GOFLAGS"] != "-ldflags=-s" || s.Env["CGO_ENABLED"] != "0" || s.Env["GOGC"] != "400" ||
		s.Env["PATH"] != "/k:/go/bin:${PATH}" || s.Argv[0] != "/k/gonb" || len(s.Env) != 4 {
		t.Errorf("spec %+v", s)
	}
	if c := settingChecks(s); len(c) != 0 {
		t.Errorf("the new spec fails the doctor's checks: %+v", c)
	}
	if strings.Contains(s.Env["PATH"], "/installer/only/bin") {
		t.Errorf("the spec freezes the installing PATH: %q", s.Env["PATH"])
	}
}

// A kernel installed before a setting was added, or edited by hand, is
// reported setting by setting, and not as missing a required part.
func TestSettingChecks(t *testing.T) {
	old := Spec{Env: map[string]string{"GOFLAGS": "-ldflags=-s", "GOGC": "100"}}
	got := map[string]Check{}
	for _, c := range settingChecks(old) {
		got[c.What] = c
	}
	if len(got) != 2 || got["kernel CGO_ENABLED"].Detail == "" || got["kernel GOGC"].Detail == "" {
		t.Errorf("checks of %+v: %+v", old, got)
	}
	for _, c := range got {
		if c.OK || c.Required {
			t.Errorf("%+v: want not OK and not required", c)
		}
	}
}

// The warm-up builds with the cells' settings, whatever the caller's.
func TestCellEnv(t *testing.T) {
	want := []string{"GOFLAGS=-ldflags=-s", "CGO_ENABLED=0", "GOGC=400"}
	if got := CellEnv(); !slices.Equal(got, want) {
		t.Errorf("CellEnv() = %q, want %q", got, want)
	}
}

// The warm-up compiles with the cells' settings whatever the installing
// shell has: the last value of a variable is the one a program sees.
func TestWarmCommandUsesTheCellsSettings(t *testing.T) {
	t.Setenv("GOFLAGS", "-trimpath")
	t.Setenv("CGO_ENABLED", "1")
	env := map[string]string{}
	for _, kv := range warmCommand("go", "/repo").Env {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	for k, v := range NewSpec("/k", "/go/bin/go").Env {
		if k != "PATH" && env[k] != v {
			t.Errorf("the warm-up builds with %s=%q, a cell with %q", k, env[k], v)
		}
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
	nbs, err := nbrun.List(filepath.Join(root, "notebooks"))
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

// notebookImports lists the import paths of a notebook's code cells: each
// cell's import declarations, read by go/parser (GoNB's own lines, such as
// %% and !commands, are not Go and are left out).
func notebookImports(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cells, err := nbrun.Cells(b)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var paths []string
	for i, c := range cells {
		if c.Kind != "code" {
			continue
		}
		// The import declarations run from a line starting "import" to the
		// line closing its parenthesis.
		var decl []string
		open := false
		for _, line := range strings.Split(c.Source, "\n") {
			trimmed := strings.TrimSpace(line)
			switch {
			case open:
				decl = append(decl, line)
				open = trimmed != ")"
			case strings.HasPrefix(trimmed, "import "), trimmed == "import(":
				decl = append(decl, line)
				open = strings.HasSuffix(trimmed, "(")
			}
		}
		if len(decl) == 0 {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+strings.Join(decl, "\n"), parser.ImportsOnly)
		if err != nil {
			t.Fatalf("%s, cell %d: its imports do not parse: %v", filepath.Base(path), i, err)
		}
		for _, im := range f.Imports {
			p, err := strconv.Unquote(im.Path.Value)
			if err != nil {
				t.Fatal(err)
			}
			paths = append(paths, p)
		}
	}
	return paths
}

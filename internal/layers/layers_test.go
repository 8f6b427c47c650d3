package layers

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

const module = "github.com/cybernorms/cybernorms"

// graph lists the module's packages with go list: non-test imports, and
// test imports as packages of their own (a test may not break the rules
// either, but testenv is a tool every layer's tests may use).
func graph(t *testing.T) []Package {
	t.Helper()
	cmd := exec.Command("go", "list", "-json", "./...")
	cmd.Dir = testenv.Root(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []Package
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p struct {
			ImportPath                               string
			Imports, Deps, TestImports, XTestImports []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		pkgs = append(pkgs, Package{Path: rel, Imports: own(p.Imports), Deps: own(p.Deps)})
		if tests := own(append(p.TestImports, p.XTestImports...)); len(tests) > 0 {
			var ts []string
			for _, i := range tests {
				if i != "internal/testenv" && i != rel {
					ts = append(ts, i)
				}
			}
			pkgs = append(pkgs, Package{Path: rel, Imports: ts})
		}
	}
	if len(pkgs) < 10 {
		t.Fatalf("go list found %d packages", len(pkgs))
	}
	return pkgs
}

func own(paths []string) []string {
	var out []string
	for _, p := range paths {
		if p == module || strings.HasPrefix(p, module+"/") {
			out = append(out, strings.TrimPrefix(strings.TrimPrefix(p, module), "/"))
		}
	}
	return out
}

func TestImportRules(t *testing.T) {
	for _, v := range Check(graph(t)) {
		t.Error(v)
	}
}

// The checker itself: each rule, broken once.
func TestCheckFindsBrokenRules(t *testing.T) {
	for _, tt := range []struct {
		name string
		pkg  Package
		want string
	}{
		{"contract imports a producer", Package{Path: "datasets", Imports: []string{"pipeline/build"}},
			"datasets (contract) imports pipeline/build (producer)"},
		{"contract imports analysis", Package{Path: "datasets/schema", Imports: []string{"analysis"}},
			"datasets/schema (contract) imports analysis (analysis)"},
		{"consumer imports a producer", Package{Path: "charts", Imports: []string{"pipeline/geo"}},
			"charts (consumer) imports pipeline/geo (producer)"},
		{"the citations import a producer", Package{Path: "cite", Imports: []string{"pipeline/build"}},
			"cite (consumer) imports pipeline/build (producer)"},
		{"consumer reaches a producer through a tool", Package{Path: "internal/report", Imports: []string{"internal/x"}, Deps: []string{"internal/x", "pipeline/snapshot"}},
			"internal/report (consumer) depends on pipeline/snapshot (producer) through its imports"},
		{"producer imports a consumer", Package{Path: "pipeline/build", Imports: []string{"charts"}},
			"pipeline/build (producer) imports charts (consumer)"},
		{"analysis imports a consumer", Package{Path: "analysis/claims", Imports: []string{"labels"}},
			"analysis/claims (analysis) imports labels (consumer)"},
		{"anything imports the CLI", Package{Path: "internal/report", Imports: []string{"internal/cli"}},
			"internal/report (consumer) imports internal/cli (root)"},
	} {
		got := Check([]Package{tt.pkg})
		if len(got) == 0 || !strings.HasPrefix(got[0], tt.want) {
			t.Errorf("%s: Check = %q, want a line starting %q", tt.name, got, tt.want)
		}
	}
	ok := []Package{
		{Path: "datasets", Imports: []string{"datasets/schema"}},
		{Path: "pipeline/build", Imports: []string{"datasets", "analysis/claims", "internal/atomicfs"}},
		{Path: "charts", Imports: []string{"analysis", "labels", "datasets/geo"}},
		{Path: "internal/cli", Imports: []string{"pipeline/refresh", "internal/report"}},
	}
	if got := Check(ok); len(got) != 0 {
		t.Errorf("a graph that keeps the rules: %q", got)
	}
}

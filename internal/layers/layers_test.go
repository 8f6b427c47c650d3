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
			pkgs = append(pkgs, Package{Path: rel, Imports: tests, Test: true})
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
		{"a chart imports a producer", Package{Path: "charts", Imports: []string{"pipeline/geo"}},
			"charts (presentation) imports pipeline/geo (producer)"},
		{"the citations import a producer", Package{Path: "cite", Imports: []string{"pipeline/build"}},
			"cite (presentation) imports pipeline/build (producer)"},
		{"the report reaches a producer through a utility", Package{Path: "internal/report", Imports: []string{"support/atomicfs"}, Deps: []string{"support/atomicfs", "pipeline/snapshot"}},
			"internal/report (publication) depends on pipeline/snapshot (producer) through its imports"},
		{"producer imports a chart", Package{Path: "pipeline/build", Imports: []string{"charts"}},
			"pipeline/build (producer) imports charts (presentation)"},
		{"analysis imports the words", Package{Path: "analysis/claims", Imports: []string{"labels"}},
			"analysis/claims (analysis) imports labels (presentation)"},
		{"anything imports the CLI", Package{Path: "internal/report", Imports: []string{"internal/cli"}},
			"internal/report (publication) imports internal/cli (root)"},
		{"a chart imports the catalogue above it", Package{Path: "charts", Imports: []string{"exhibits"}},
			"charts (presentation) imports exhibits (exhibits)"},
		{"the catalogue imports the report above it", Package{Path: "exhibits", Imports: []string{"internal/report"}},
			"exhibits (exhibits) imports internal/report (publication)"},
		{"a utility imports the contract", Package{Path: "support/atomicfs", Imports: []string{"datasets"}},
			"support/atomicfs (utility) imports datasets (contract)"},
		// Closed by default: a package in a folder the policy does not name
		// is no tool with a tool's rights.
		{"a package in a new folder imports a producer", Package{Path: "exports", Imports: []string{"pipeline/build"}},
			"exports (unlisted) imports pipeline/build (producer): a package the policy names as unlisted or does not name may import nothing of ours"},
		{"a new folder under internal/ imports the contract", Package{Path: "internal/scratch", Imports: []string{"datasets"}},
			"internal/scratch (unlisted) imports datasets (contract)"},
	} {
		got := Check([]Package{tt.pkg})
		if len(got) == 0 || !strings.HasPrefix(got[0], tt.want) {
			t.Errorf("%s: Check = %q, want a line starting %q", tt.name, got, tt.want)
		}
	}
	ok := []Package{
		{Path: "datasets", Imports: []string{"datasets/schema"}},
		{Path: "pipeline/build", Imports: []string{"datasets", "analysis/claims", "support/atomicfs"}},
		{Path: "charts", Imports: []string{"analysis", "labels", "datasets/geo"}},
		{Path: "exhibits", Imports: []string{"charts", "analysis", "cite", "support/textsafe"}},
		{Path: "notebooks/display", Imports: []string{"exhibits", "notebooks/study", "charts/interactive"}},
		{Path: "internal/cli", Imports: []string{"pipeline/refresh", "internal/report"}},
		{Path: "pipeline/build", Imports: []string{"internal/gitfixture", "pipeline/build"}, Test: true},
		{Path: "notebooks", Imports: []string{"internal/nbrun", "exhibits"}, Test: true},
	}
	if got := Check(ok); len(got) != 0 {
		t.Errorf("a graph that keeps the rules: %q", got)
	}
}

// Moving a folder is one line of the policy: the layer follows the rule.
func TestOneRuleMovesAFolder(t *testing.T) {
	saved := Rules
	defer func() { Rules = saved }()
	if Of("util/atomicfs") != Unlisted {
		t.Fatal("a folder the policy does not name has a layer")
	}
	Rules = append(append([]Rule(nil), Rules...), Rule{"util/atomicfs", Utility})
	if Of("util/atomicfs") != Utility || Of("charts/web") != Presentation {
		t.Errorf("Of = %s, %s", Of("util/atomicfs"), Of("charts/web"))
	}
	Rules = append(Rules, Rule{"charts/web", Publication})
	if Of("charts/web") != Publication || Of("charts/interactive") != Presentation {
		t.Errorf("the longest folder does not decide: %s, %s", Of("charts/web"), Of("charts/interactive"))
	}
}

// The contract, the analyses and the producers read tables as typed rows:
// gota's DataFrames are the notebooks' (notebooks/frames), and none of these
// links gota.
func TestNoDataFramesBelowThePresentation(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", "./datasets/...", "./analysis/...", "./pipeline/...")
	cmd.Dir = testenv.Root(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "github.com/go-gota/") {
			t.Errorf("the contract, the analyses or a producer links %s", p)
		}
	}
}

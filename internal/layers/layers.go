// Package layers states the project's import rules and checks a package
// graph against them: the published contract (datasets/…) at the bottom, the
// analyses over it, the producers (pipeline/…) beside the charts, words and
// citations, the catalogue of exhibits above those, the report and the
// notebooks above it, and internal/cli and cmd/ composing them.
//
// The rules are closed: a package the policy does not name may import
// nothing of the module's, as in Go's own go/build/deps_test.go. They are
// data, so that the test that enforces them, the README and a reader of the
// tree agree on one list, and moving a folder is one line of Policy.
package layers

import (
	"fmt"
	"sort"
	"strings"
)

// Layer is a group of packages with the same import rights.
type Layer string

const (
	Contract     Layer = "contract"     // datasets, datasets/…: schemas, geometry, vocabulary, dates, the loader
	Utility      Layer = "utility"      // low-level helpers: atomic writes, directory locks, safe text
	Analysis     Layer = "analysis"     // analysis, analysis/…: computations over published rows
	Producer     Layer = "producer"     // pipeline/…: refresh, build, validate, geometry
	Presentation Layer = "presentation" // charts, labels, cite: drawing, words, citations
	Exhibits     Layer = "exhibits"     // the catalogue of figures and tables
	Publication  Layer = "publication"  // the report and the notebooks' packages
	Runner       Layer = "runner"       // running the notebooks under Jupyter
	Fixture      Layer = "fixture"      // test fixtures: the checkout, a git history, a synthetic one
	Policy       Layer = "policy"       // these rules
	Root         Layer = "root"         // internal/cli, cmd/…: composes everything
	Unlisted     Layer = "unlisted"     // a package the policy does not name
)

// Rule puts the packages at and under a folder in a layer; the longest
// folder that holds a package decides.
type Rule struct {
	Folder string
	Layer  Layer
}

// Rules is the policy: every folder of the module's packages.
var Rules = []Rule{
	{"datasets", Contract},
	{"support", Utility},
	{"analysis", Analysis},
	{"pipeline", Producer},
	{"charts", Presentation},
	{"labels", Presentation},
	{"cite", Presentation},
	{"exhibits", Exhibits},
	{"internal/report", Publication},
	{"notebooks", Publication},
	{"internal/nbrun", Runner},
	{"internal/kernel", Runner},
	{"internal/testenv", Fixture},
	{"internal/gitfixture", Fixture},
	{"internal/synth", Fixture},
	{"internal/layers", Policy},
	{"internal/cli", Root},
	{"cmd", Root},
}

// Of returns the layer of a package path relative to the module.
func Of(rel string) Layer {
	best, layer := -1, Unlisted
	for _, r := range Rules {
		if (rel == r.Folder || strings.HasPrefix(rel, r.Folder+"/")) && len(r.Folder) > best {
			best, layer = len(r.Folder), r.Layer
		}
	}
	return layer
}

// may lists, for each layer, the layers its packages may import; a layer
// not listed (Unlisted) may import none.
var may = map[Layer][]Layer{
	Contract:     {Contract},
	Utility:      {Utility},
	Analysis:     {Contract, Analysis},
	Producer:     {Contract, Utility, Analysis, Producer},
	Presentation: {Contract, Utility, Analysis, Presentation},
	Exhibits:     {Contract, Utility, Analysis, Presentation, Exhibits},
	Publication:  {Contract, Utility, Analysis, Presentation, Exhibits, Publication},
	Runner:       {Utility, Runner},
	Fixture:      {Contract, Utility, Fixture},
	Policy:       {},
	Root:         {Contract, Utility, Analysis, Producer, Presentation, Exhibits, Publication, Runner, Root},
}

// testMay are the layers a package's tests may import besides its own
// rights: every test the fixtures, and some what they are checked against:
// a fixture's tests the producers that read it, the notebooks' tests the
// runner that executes them.
var testMay = map[Layer][]Layer{
	Fixture:     {Producer},
	Publication: {Runner},
}

// mustNotReach lists layers whose packages may not depend on a layer even
// through others: the contract and the consumers never link a producer.
var mustNotReach = map[Layer][]Layer{
	Contract:     {Utility, Analysis, Producer, Presentation, Exhibits, Publication, Runner, Fixture, Root},
	Utility:      {Contract, Analysis, Producer, Presentation, Exhibits, Publication, Runner, Fixture, Root},
	Analysis:     {Producer, Presentation, Exhibits, Publication, Root},
	Presentation: {Producer, Exhibits, Publication, Root},
	Exhibits:     {Producer, Publication, Root},
	Publication:  {Producer, Root},
}

// Package is one node of the graph: its path relative to the module, its
// direct imports and all its dependencies, both relative and limited to the
// module's own packages.
type Package struct {
	Path    string
	Imports []string
	Deps    []string
	// Test says the imports are those of the package's tests.
	Test bool
}

// Check returns one line per broken rule, sorted; none means the graph
// keeps the rules.
func Check(pkgs []Package) []string {
	var out []string
	for _, p := range pkgs {
		from := Of(p.Path)
		rights := may[from]
		if p.Test {
			rights = append(append(append([]Layer(nil), rights...), Fixture), testMay[from]...)
		}
		for _, imp := range p.Imports {
			if to := Of(imp); !allowed(rights, to) && !(p.Test && imp == p.Path) {
				out = append(out, fmt.Sprintf("%s (%s) imports %s (%s): %s", p.Path, from, imp, to, rightsOf(from)))
			}
		}
		for _, dep := range p.Deps {
			if to := Of(dep); allowed(mustNotReach[from], to) && !contains(p.Imports, dep) {
				out = append(out, fmt.Sprintf("%s (%s) depends on %s (%s) through its imports", p.Path, from, dep, to))
			}
		}
	}
	sort.Strings(out)
	return out
}

func allowed(ls []Layer, l Layer) bool {
	for _, x := range ls {
		if x == l {
			return true
		}
	}
	return false
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// rightsOf says what a package of the layer may import.
func rightsOf(l Layer) string {
	if len(may[l]) == 0 {
		return fmt.Sprintf("a package the policy names as %s or does not name may import nothing of ours", l)
	}
	return fmt.Sprintf("a %s may import only %s", l, list(may[l]))
}

func list(ls []Layer) string {
	s := make([]string, len(ls))
	for i, l := range ls {
		s[i] = string(l)
	}
	return strings.Join(s, ", ")
}

// Package layers states the project's import rules and checks a package
// graph against them: the published contract (datasets/…) at the bottom, the
// analyses over it, then the producers (pipeline/…) and the consumers
// (charts, labels, cite, notebooks/…, internal/report) side by side, each looking
// down and never at the other; internal/cli and cmd/ compose them.
//
// The rules are data so that the test that enforces them, the README and a
// reader of the tree agree on one list.
package layers

import (
	"fmt"
	"sort"
	"strings"
)

// Layer is a group of packages with the same import rights.
type Layer string

const (
	Contract Layer = "contract" // datasets, datasets/…: schemas, geometry, vocabulary, dates, the loader
	Analysis Layer = "analysis" // analysis, analysis/…: computations over published rows
	Producer Layer = "producer" // pipeline/…: refresh, build, validate, geometry
	Consumer Layer = "consumer" // charts, labels, cite, notebooks/…, internal/report
	Tool     Layer = "tool"     // internal helpers: atomic writes, test fixtures, the Jupyter runner
	Root     Layer = "root"     // internal/cli, cmd/…: composes everything
)

// Of returns the layer of a package path relative to the module.
func Of(rel string) Layer {
	under := func(p string) bool { return rel == p || strings.HasPrefix(rel, p+"/") }
	switch {
	case under("datasets"):
		return Contract
	case under("analysis"):
		return Analysis
	case under("pipeline"):
		return Producer
	case under("charts"), under("labels"), under("cite"), under("exhibits"), under("notebooks"), under("internal/report"):
		return Consumer
	case under("internal/cli"), under("cmd"):
		return Root
	}
	return Tool
}

// may lists, for each layer, the layers its packages may import.
var may = map[Layer][]Layer{
	Contract: {Contract},
	Analysis: {Contract, Analysis},
	Producer: {Contract, Analysis, Producer, Tool},
	Consumer: {Contract, Analysis, Consumer, Tool},
	Tool:     {Contract, Producer, Tool},
	Root:     {Contract, Analysis, Producer, Consumer, Tool, Root},
}

// mustNotReach lists layers whose packages may not depend on a layer even
// through others: the contract and the consumers never link a producer.
var mustNotReach = map[Layer][]Layer{
	Contract: {Analysis, Producer, Consumer, Tool, Root},
	Consumer: {Producer, Root},
	Analysis: {Producer, Consumer, Root},
}

// Package is one node of the graph: its path relative to the module, its
// direct imports and all its dependencies, both relative and limited to the
// module's own packages.
type Package struct {
	Path    string
	Imports []string
	Deps    []string
}

// Check returns one line per broken rule, sorted; none means the graph
// keeps the rules.
func Check(pkgs []Package) []string {
	var out []string
	for _, p := range pkgs {
		from := Of(p.Path)
		for _, imp := range p.Imports {
			if to := Of(imp); !allowed(may[from], to) {
				out = append(out, fmt.Sprintf("%s (%s) imports %s (%s): a %s may import only %s", p.Path, from, imp, to, from, list(may[from])))
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

func list(ls []Layer) string {
	s := make([]string, len(ls))
	for i, l := range ls {
		s[i] = string(l)
	}
	return strings.Join(s, ", ")
}

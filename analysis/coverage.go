package analysis

// The coverage matrix of Tabel 2.1 as vectors, framework similarity (Jaccard)
// with average-linkage clustering, and the sensitivity of those conclusions
// to single cells of the table. Ties are broken by table order.

import (
	"fmt"
	"strings"

	"github.com/cybernorms/cybernorms/datasets"
)

// Coverage is Tabel 2.1 as a matrix: Covered[f][p] for framework f and
// principle p, in the table's order.
type Coverage struct {
	Frameworks []string // names as printed
	IDs        []string // framework ids
	Principles []int
	Covered    [][]bool
}

// CoverageOf reads the matrix from the datasets.
func CoverageOf(set *datasets.Set) (Coverage, error) {
	var c Coverage
	row := map[string]int{}
	for i, f := range set.Frameworks() {
		c.Frameworks = append(c.Frameworks, f.NameAsPrinted)
		c.IDs = append(c.IDs, f.ID)
		row[f.ID] = i
	}
	col := map[int]int{}
	for j, p := range set.Principles() {
		c.Principles = append(c.Principles, p.ID)
		col[p.ID] = j
	}
	c.Covered = make([][]bool, len(c.IDs))
	for i := range c.Covered {
		c.Covered[i] = make([]bool, len(c.Principles))
	}
	n := 0
	for _, cell := range set.Coverage() {
		i, ok1 := row[cell.Framework]
		j, ok2 := col[cell.Principle]
		if !ok1 || !ok2 {
			return c, fmt.Errorf("coverage cell %s × %d names an unknown framework or principle", cell.Framework, cell.Principle)
		}
		c.Covered[i][j] = cell.Covered
		n++
	}
	if n != len(c.IDs)*len(c.Principles) {
		return c, fmt.Errorf("coverage has %d cells, want %d", n, len(c.IDs)*len(c.Principles))
	}
	return c, nil
}

// PrincipleCounts is how many frameworks cover each principle.
func (c Coverage) PrincipleCounts() []int {
	out := make([]int, len(c.Principles))
	for _, row := range c.Covered {
		for j, v := range row {
			if v {
				out[j]++
			}
		}
	}
	return out
}

// FrameworkCounts is how many principles each framework covers.
func (c Coverage) FrameworkCounts() []int {
	out := make([]int, len(c.IDs))
	for i, row := range c.Covered {
		for _, v := range row {
			if v {
				out[i]++
			}
		}
	}
	return out
}

// Neglected lists the principles covered by at most max frameworks.
func (c Coverage) Neglected(max int) []int {
	var out []int
	for j, n := range c.PrincipleCounts() {
		if n <= max {
			out = append(out, c.Principles[j])
		}
	}
	return out
}

// Jaccard is |a ∧ b| / |a ∨ b|, 1 for two empty vectors.
func Jaccard(a, b []bool) float64 {
	and, or := 0, 0
	for i := range a {
		if a[i] && b[i] {
			and++
		}
		if a[i] || b[i] {
			or++
		}
	}
	if or == 0 {
		return 1
	}
	return float64(and) / float64(or)
}

// Similarity is the Jaccard similarity of every pair of frameworks.
func (c Coverage) Similarity() [][]float64 {
	n := len(c.Covered)
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		for j := range m[i] {
			m[i][j] = Jaccard(c.Covered[i], c.Covered[j])
		}
	}
	return m
}

// Nearest is the framework most similar to framework i (the first of equals).
func (c Coverage) Nearest(i int) int { return c.NearestAll(i)[0] }

// NearestAll lists every framework most similar to framework i: more than one
// when they tie.
func (c Coverage) NearestAll(i int) []int {
	sim := c.Similarity()
	var best []int
	for j := range sim {
		switch {
		case j == i:
		case len(best) == 0 || sim[i][j] > sim[i][best[0]]+1e-12:
			best = []int{j}
		case sim[i][j] > sim[i][best[0]]-1e-12:
			best = append(best, j)
		}
	}
	return best
}

// ClosestPairs lists the most similar pairs of frameworks, as names.
func (c Coverage) ClosestPairs() []string {
	sim := c.Similarity()
	best := -1.0
	var pairs []string
	for i := range sim {
		for j := i + 1; j < len(sim); j++ {
			p := c.Frameworks[i] + " & " + c.Frameworks[j]
			switch {
			case sim[i][j] > best+1e-12:
				best, pairs = sim[i][j], []string{p}
			case sim[i][j] > best-1e-12:
				pairs = append(pairs, p)
			}
		}
	}
	return pairs
}

// Merge is one step of the clustering: two clusters joined at a distance.
type Merge struct {
	A, B     []int
	Distance float64
}

// Cluster joins the items of a similarity matrix by average linkage on the
// distance 1 − similarity, and returns the leaf order of the tree and its
// merges, closest first.
func Cluster(sim [][]float64) (order []int, merges []Merge) {
	clusters := make([][]int, len(sim))
	for i := range clusters {
		clusters[i] = []int{i}
	}
	dist := func(a, b []int) float64 {
		s := 0.0
		for _, x := range a {
			for _, y := range b {
				s += 1 - sim[x][y]
			}
		}
		return s / float64(len(a)*len(b))
	}
	for len(clusters) > 1 {
		bi, bj, bd := 0, 1, dist(clusters[0], clusters[1])
		for i := range clusters {
			for j := i + 1; j < len(clusters); j++ {
				if d := dist(clusters[i], clusters[j]); d < bd-1e-12 {
					bi, bj, bd = i, j, d
				}
			}
		}
		merged := append(append([]int{}, clusters[bi]...), clusters[bj]...)
		merges = append(merges, Merge{A: clusters[bi], B: clusters[bj], Distance: bd})
		clusters[bi] = merged
		clusters = append(clusters[:bj], clusters[bj+1:]...)
	}
	if len(clusters) == 1 {
		order = clusters[0]
	}
	return order, merges
}

// Flip returns a copy with one cell flipped.
func (c Coverage) Flip(i, j int) Coverage {
	d := c
	d.Covered = make([][]bool, len(c.Covered))
	for k := range c.Covered {
		d.Covered[k] = append([]bool{}, c.Covered[k]...)
	}
	d.Covered[i][j] = !d.Covered[i][j]
	return d
}

// Effect is what flipping one cell of the table changes.
type Effect struct {
	Framework string
	Principle int
	Printed   bool // the cell as the chapter prints it
	Changes   []string
}

// Sensitivity flips every cell of the other frameworks in turn (ref's row is
// the definition of the principles, not a judgement) and reports which of
// the study's conclusions change: the framework(s) nearest to ref, the
// neglected principles (covered by at most neglected frameworks), and the
// closest pair(s) of frameworks.
func (c Coverage) Sensitivity(ref string, neglected int) []Effect {
	refIdx := -1
	for i, id := range c.IDs {
		if id == ref {
			refIdx = i
		}
	}
	// Each conclusion names every candidate when several tie.
	describe := func(x Coverage) (string, string, string) {
		near := ""
		if refIdx >= 0 {
			var names []string
			for _, j := range x.NearestAll(refIdx) {
				names = append(names, x.Frameworks[j])
			}
			near = strings.Join(names, " = ")
		}
		return near, fmt.Sprint(x.Neglected(neglected)), strings.Join(x.ClosestPairs(), " = ")
	}
	nearB, neglB, firstB := describe(c)
	var out []Effect
	for i := range c.Covered {
		if i == refIdx {
			continue
		}
		for j := range c.Covered[i] {
			near, negl, first := describe(c.Flip(i, j))
			e := Effect{Framework: c.Frameworks[i], Principle: c.Principles[j], Printed: c.Covered[i][j]}
			if near != nearB {
				e.Changes = append(e.Changes, fmt.Sprintf("nearest to %s: %s instead of %s", ref, near, nearB))
			}
			if negl != neglB {
				e.Changes = append(e.Changes, fmt.Sprintf("neglected principles: %s instead of %s", negl, neglB))
			}
			if first != firstB {
				e.Changes = append(e.Changes, fmt.Sprintf("closest pair: %s instead of %s", first, firstB))
			}
			out = append(out, e)
		}
	}
	return out
}

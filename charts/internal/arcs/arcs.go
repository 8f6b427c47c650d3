package arcs

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Ref is an arc of a ring, in the direction the ring runs.
type Ref struct {
	Arc      int
	Reversed bool
}

// Topology is a set of rings cut into arcs.
type Topology struct {
	// Arcs are lines from one junction (a point where the rings that
	// share it part) to the next. An arc that is a whole ring, meeting no
	// other ring or sharing all of itself with one, is closed: its first
	// point is its last.
	Arcs [][]orb.Point
	// Rings lists, for each ring given to Build, its arcs in order.
	Rings [][]Ref
}

// Build cuts closed rings (first point equal to the last) into arcs shared
// between the rings that run along them, either way. Points are matched
// exactly: neighbours must share their border's points, as Natural Earth's
// do.
func Build(rings [][]orb.Point) *Topology {
	// A point is a junction when the rings through it come from or go to
	// different points.
	type seen struct {
		a, b     orb.Point
		junction bool
	}
	total := 0
	for _, r := range rings {
		total += len(r)
	}
	at := make(map[orb.Point]int32, total)
	points := make([]seen, 0, total)
	for _, r := range rings {
		n := len(r) - 1
		for i := 0; i < n; i++ {
			a, b := r[(i+n-1)%n], r[i+1]
			if less(b, a) {
				a, b = b, a
			}
			if k, ok := at[r[i]]; !ok {
				at[r[i]] = int32(len(points))
				points = append(points, seen{a: a, b: b})
			} else if s := &points[k]; s.a != a || s.b != b {
				s.junction = true
			}
		}
	}
	t := &Topology{Rings: make([][]Ref, len(rings))}
	index := map[uint64][]int{}
	add := func(arc []orb.Point) Ref {
		h := hash(arc)
		for _, i := range index[h] {
			if slices.Equal(t.Arcs[i], arc) {
				return Ref{Arc: i}
			}
		}
		index[h] = append(index[h], len(t.Arcs))
		t.Arcs = append(t.Arcs, arc)
		return Ref{Arc: len(t.Arcs) - 1}
	}
	for ri, r := range rings {
		n := len(r) - 1
		if n < 3 {
			t.Rings[ri] = []Ref{add(slices.Clone(r))}
			continue
		}
		var cuts []int
		for i := 0; i < n; i++ {
			if points[at[r[i]]].junction {
				cuts = append(cuts, i)
			}
		}
		if len(cuts) == 0 {
			t.Rings[ri] = []Ref{closed(r, add)}
			continue
		}
		refs := make([]Ref, 0, len(cuts))
		for k, c := range cuts {
			end := n + cuts[0]
			if k+1 < len(cuts) {
				end = cuts[k+1]
			}
			// An arc is kept in one canonical direction, so that the two
			// rings along a border, running it opposite ways, find the
			// same arc.
			line := make([]orb.Point, 0, end-c+1)
			for i := c; i <= end; i++ {
				line = append(line, r[i%n])
			}
			if reversedLess(line) {
				slices.Reverse(line)
				ref := add(line)
				ref.Reversed = true
				refs = append(refs, ref)
			} else {
				refs = append(refs, add(line))
			}
		}
		t.Rings[ri] = refs
	}
	return t
}

// reversedLess reports whether line reversed sorts before line.
func reversedLess(line []orb.Point) bool {
	for i, j := 0, len(line)-1; i < j; i, j = i+1, j-1 {
		if line[i] != line[j] {
			return less(line[j], line[i])
		}
	}
	return false
}

// hash is FNV-1a over the bits of an arc's coordinates.
func hash(arc []orb.Point) uint64 {
	h := uint64(14695981039346656037)
	for _, p := range arc {
		h = (h ^ math.Float64bits(p[0])) * 1099511628211
		h = (h ^ math.Float64bits(p[1])) * 1099511628211
	}
	return h
}

// closed adds a ring without junctions as a closed arc, starting at its
// least point and turning the way that makes its second point the lesser,
// so that a ring and the hole it fills (an enclave) share one arc.
func closed(r []orb.Point, add func([]orb.Point) Ref) Ref {
	n := len(r) - 1
	m := 0
	for i := 1; i < n; i++ {
		if less(r[i], r[m]) {
			m = i
		}
	}
	fwd := make([]orb.Point, 0, n+1)
	for i := 0; i <= n; i++ {
		fwd = append(fwd, r[(m+i)%n])
	}
	rev := slices.Clone(fwd)
	slices.Reverse(rev)
	if cmpLine(rev, fwd) < 0 {
		ref := add(rev)
		ref.Reversed = true
		return ref
	}
	return add(fwd)
}

// Ring joins a ring's arcs, as given or as replaced (simplified), into a
// closed ring.
func (t *Topology) Ring(i int, arcs [][]orb.Point) []orb.Point {
	var out []orb.Point
	for _, ref := range t.Rings[i] {
		a := arcs[ref.Arc]
		if len(out) > 0 {
			// The junction the last arc ended at.
			out = out[:len(out)-1]
		}
		if ref.Reversed {
			for j := len(a) - 1; j >= 0; j-- {
				out = append(out, a[j])
			}
		} else {
			out = append(out, a...)
		}
	}
	return out
}

func less(a, b orb.Point) bool {
	return a[0] < b[0] || a[0] == b[0] && a[1] < b[1]
}

func cmpLine(a, b []orb.Point) int {
	for i := range a {
		if a[i] != b[i] {
			if less(a[i], b[i]) {
				return -1
			}
			return 1
		}
	}
	return 0
}

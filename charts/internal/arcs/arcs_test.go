package arcs

import (
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// sameRing reports whether b is a, closed, starting at another point.
func sameRing(a, b []orb.Point) bool {
	if len(a) != len(b) || a[0] != a[len(a)-1] || b[0] != b[len(b)-1] {
		return false
	}
	n := len(a) - 1
	for s := 0; s < n; s++ {
		ok := true
		for i := 0; i < n && ok; i++ {
			ok = a[(s+i)%n] == b[i]
		}
		if ok {
			return true
		}
	}
	return false
}

func TestBuild(t *testing.T) {
	// Two squares side by side, both counter-clockwise: they share the
	// edge x=1, run opposite ways.
	left := []orb.Point{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}
	right := []orb.Point{{1, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 0}}
	// A country with an enclave: its hole and the enclave's outline.
	outer := []orb.Point{{10, 10}, {20, 10}, {20, 20}, {10, 20}, {10, 10}}
	hole := []orb.Point{{12, 12}, {12, 14}, {14, 14}, {14, 12}, {12, 12}}
	enclave := []orb.Point{{14, 14}, {12, 14}, {12, 12}, {14, 12}, {14, 14}}
	for _, tt := range []struct {
		name  string
		rings [][]orb.Point
		arcs  int
		// shared: pairs of rings that use one arc, opposite ways.
		shared [][2]int
	}{
		{"alone", [][]orb.Point{left}, 1, nil},
		{"neighbours", [][]orb.Point{left, right}, 3, [][2]int{{0, 1}}},
		{"enclave", [][]orb.Point{outer, hole, enclave}, 2, [][2]int{{1, 2}}},
		{"apart", [][]orb.Point{left, outer}, 2, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			topo := Build(tt.rings)
			if len(topo.Arcs) != tt.arcs {
				t.Errorf("%d arcs, want %d: %v", len(topo.Arcs), tt.arcs, topo.Arcs)
			}
			for i, r := range tt.rings {
				if got := topo.Ring(i, topo.Arcs); !sameRing(r, got) {
					t.Errorf("ring %d joined again is %v, want %v", i, got, r)
				}
			}
			for _, p := range tt.shared {
				found := false
				for _, a := range topo.Rings[p[0]] {
					for _, b := range topo.Rings[p[1]] {
						if a.Arc == b.Arc && a.Reversed != b.Reversed {
							found = true
						}
					}
				}
				if !found {
					t.Errorf("rings %d and %d share no arc: %v %v", p[0], p[1], topo.Rings[p[0]], topo.Rings[p[1]])
				}
			}
		})
	}
}

// An arc replaced (simplified) changes every ring along it alike.
func TestRingUsesReplacedArcs(t *testing.T) {
	left := []orb.Point{{0, 0}, {1, 0}, {1.01, 0.5}, {1, 1}, {0, 1}, {0, 0}}
	right := []orb.Point{{1, 0}, {2, 0}, {2, 1}, {1, 1}, {1.01, 0.5}, {1, 0}}
	topo := Build([][]orb.Point{left, right})
	arcs := slices.Clone(topo.Arcs)
	for i, a := range arcs {
		if slices.Contains(a, orb.Point{1.01, 0.5}) {
			arcs[i] = []orb.Point{a[0], a[len(a)-1]}
		}
	}
	l, r := topo.Ring(0, arcs), topo.Ring(1, arcs)
	if slices.Contains(l, orb.Point{1.01, 0.5}) || slices.Contains(r, orb.Point{1.01, 0.5}) {
		t.Errorf("the point of the simplified border is kept: %v %v", l, r)
	}
	if !sameRing(l, []orb.Point{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}) || !sameRing(r, []orb.Point{{1, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 0}}) {
		t.Errorf("rings %v %v", l, r)
	}
}

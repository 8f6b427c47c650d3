package charts

import (
	"testing"

	"github.com/paulmach/orb"
	"gonum.org/v1/plot/vg"
)

// Neighbours meet on the drawn map: a point of a border that two states
// share in the boundaries is kept by both or by neither, as each border is
// simplified once. Simplified ring by ring, a border kept a point on one
// side that the other side cut, and a sliver of ocean opened between them.
func TestMapNeighboursMeet(t *testing.T) {
	_, shapes := load(t)
	m := &worldMap{}
	for _, s := range shapes {
		ps := project(s.Geometry)
		m.shapes = append(m.shapes, projected{Shape: s, polys: ps, bound: boundOf(ps)})
	}
	// The scale the map is drawn at.
	scale, _, _ := fit(vg.Rectangle{Max: vg.Point{X: MapSize.W, Y: MapSize.H}})
	simple := m.simplified(scale)

	drawn := make([]map[orb.Point]bool, len(m.shapes))
	for i := range drawn {
		drawn[i] = map[orb.Point]bool{}
	}
	for _, r := range simple {
		for _, pt := range r.pts {
			drawn[r.shape][pt] = true
		}
	}
	// Which shapes hold each point on a ring they draw. A ring too small
	// to draw (an island, the hole an enclave fills) has no point drawn.
	in := map[orb.Point][]int{}
	for i, s := range m.shapes {
		for _, poly := range s.polys {
			for _, ring := range poly {
				present := false
				for _, pt := range ring {
					present = present || drawn[i][pt]
				}
				// A speck (Monaco, an enclave of Baarle) may be drawn as a
				// triangle of its own points: no sliver beside it shows.
				a := extent(ring)
				if !present || vg.Length(a[0])*scale < MarkerThreshold && vg.Length(a[1])*scale < MarkerThreshold {
					continue
				}
				for _, pt := range ring {
					if l := in[pt]; len(l) == 0 || l[len(l)-1] != i {
						in[pt] = append(in[pt], i)
					}
				}
			}
		}
	}
	shared, apart := 0, 0
	for pt, holders := range in {
		if len(holders) < 2 {
			continue
		}
		shared++
		kept := 0
		for _, i := range holders {
			if drawn[i][pt] {
				kept++
			}
		}
		if kept > 0 && kept < len(holders) {
			apart++
			if apart <= 5 {
				names := ""
				for _, i := range holders {
					names += m.shapes[i].Name + " "
				}
				t.Errorf("point %v of the border of %sis drawn by %d of them", pt, names, kept)
			}
		}
	}
	if shared < 1000 {
		t.Fatalf("%d points shared between shapes: the boundaries' borders do not meet", shared)
	}
	if apart > 0 {
		t.Errorf("%d of %d shared points are drawn on one side only", apart, shared)
	}
}

// An enclave (Lesotho, San Marino; the Vatican is not in the boundaries at
// this scale) is drawn after the polygon
// around it, whose fill would cover it, even where the hole it fills is
// too small to draw; the rings are otherwise drawn in an order of their
// own (near to far).
func TestMapEnclavesDrawnAfter(t *testing.T) {
	_, shapes := load(t)
	m := &worldMap{}
	for _, s := range shapes {
		ps := project(s.Geometry)
		m.shapes = append(m.shapes, projected{Shape: s, polys: ps, bound: boundOf(ps)})
	}
	scale, _, _ := fit(vg.Rectangle{Max: vg.Point{X: MapSize.W, Y: MapSize.H}})
	simple := m.simplified(scale)
	checked := 0
	for a, s := range m.shapes {
		for _, poly := range s.polys {
			for _, hole := range poly[1:] {
				in := map[orb.Point]bool{}
				for _, pt := range hole {
					in[pt] = true
				}
				hb := orb.MultiPoint(hole).Bound()
				// The drawn outer ring around the hole, and the rings of
				// other states on its edge.
				around := -1
				for i, r := range simple {
					if r.shape == a && !r.hole && around < 0 && orb.MultiPoint(r.pts).Bound().Contains(hb.Center()) {
						around = i
					}
				}
				for i, r := range simple {
					if r.shape == a {
						continue
					}
					on := false
					for _, pt := range r.pts {
						on = on || in[pt]
					}
					if !on {
						continue
					}
					checked++
					if around < 0 || i < around {
						t.Errorf("%s (ring %d) is drawn before %s around it (ring %d)", m.shapes[r.shape].Name, i, s.Name, around)
					}
				}
			}
		}
	}
	if checked < 2 {
		t.Errorf("%d enclaves checked, want Lesotho and San Marino at least", checked)
	}
}

// The topology kept from the last map is used only for the same rings: a
// map of other boundaries (here a few states, one moved) is cut anew.
func TestMapTopologyNotStale(t *testing.T) {
	_, shapes := load(t)
	build := func(shapes []projected) *worldMap {
		m := &worldMap{shapes: shapes}
		m.topology()
		return m
	}
	var all, few []projected
	for i, s := range shapes {
		ps := project(s.Geometry)
		all = append(all, projected{Shape: s, polys: ps})
		if i < 5 {
			moved := project(s.Geometry)
			for _, poly := range moved {
				for _, ring := range poly {
					for k := range ring {
						ring[k][0] += 0.001
					}
				}
			}
			few = append(few, projected{Shape: s, polys: moved})
		}
	}
	build(all)
	m := build(few)
	for i, s := range m.shapes {
		for j, poly := range s.polys {
			for k, ring := range poly {
				got := m.topo.Ring(m.ringAt[i][j][k], m.topo.Arcs)
				in := map[orb.Point]bool{}
				for _, pt := range ring {
					in[pt] = true
				}
				for _, pt := range got {
					if !in[pt] {
						t.Fatalf("%s: ring %d.%d drawn with a point %v not its own: the topology is another map's", s.Name, j, k, pt)
					}
				}
			}
		}
	}
}

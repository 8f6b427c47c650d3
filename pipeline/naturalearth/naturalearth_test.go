package naturalearth

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb/planar"

	"github.com/cybernorms/cybernorms/datasets/geo"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

func TestDeriveReproducesCommittedGeometry(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(testenv.Shared(t), "geo", "countries-50m.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Derive(src)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(testenv.Root(t), "datasets", "geo", "countries.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("deriving from Natural Earth 1:50m differs from datasets/geo/countries.geojson (run cybernorms geo)")
	}
	orig, err := geo.Load(src)
	if err != nil {
		t.Fatal(err)
	}
	shapes, err := geo.Load(got)
	if err != nil {
		t.Fatal(err)
	}
	if len(shapes) != len(orig) {
		t.Errorf("%d shapes, the source has %d", len(shapes), len(orig))
	}
	ids := map[string]geo.Shape{}
	for _, s := range shapes {
		ids[s.ID] = s
	}
	for i, o := range orig {
		s := shapes[i]
		if s.ID != o.ID || s.Name != o.Name {
			t.Fatalf("shape %d is %s %s, the source has %s %s", i, s.ID, s.Name, o.ID, o.Name)
		}
		// Simplification may not erase a country, nor change its area much
		// (areas in square degrees, of rings cut at the antimeridian).
		a, b := area(orig[i]), area(s)
		if b <= 0 || (a > 1 && (b/a < 0.97 || b/a > 1.03)) {
			t.Errorf("%s %s: area %.4f after simplification, %.4f before", s.ID, s.Name, b, a)
		}
	}
	// The micro-states that need a marker on a world map keep their outline.
	for _, id := range []string{"020", "438", "470", "480", "492", "674", "702"} {
		if s, ok := ids[id]; !ok || len(s.Geometry) == 0 {
			t.Errorf("micro-state %s has no shape", id)
		}
	}
	if v := geo.Vertices(shapes); v > geo.Vertices(orig)*6/10 {
		t.Errorf("%d vertices kept of %d: not simplified", v, geo.Vertices(orig))
	}
}

// area sums the absolute planar areas of a shape's polygons, each cut at the
// antimeridian as Derive cuts it.
func area(s geo.Shape) float64 {
	total := 0.0
	for _, p := range s.Geometry {
		for _, part := range splitAntimeridian(p) {
			total += math.Abs(planar.Area(part))
		}
	}
	return total
}

// No edge of any ring may cross the map: every step between two vertices is
// shorter than half the world, except along the pole of Antarctica.
func TestNoRingCrossesTheMap(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(testenv.Root(t), "datasets", "geo", "countries.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	shapes, err := geo.Load(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range shapes {
		for _, p := range s.Geometry {
			for _, r := range p {
				for i := 1; i < len(r); i++ {
					if math.Abs(r[i][0]-r[i-1][0]) > 180 && s.ID != "010" {
						t.Errorf("%s %s: edge from %v to %v crosses the antimeridian", s.ID, s.Name, r[i-1], r[i])
					}
				}
			}
		}
	}
}

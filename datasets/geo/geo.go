// Package geo is the contract for the project's world geometry: one shape per
// country, keyed by its ISO 3166-1 numeric code, as pipeline/naturalearth
// writes it to datasets/geo/countries.geojson and the maps read it.
//
// It reads GeoJSON with a decoder of its own into orb's types, rather than
// with orb/geojson, whose BSON support would be linked into every program
// that draws a map, or with encoding/json, which took about nine times as
// long on the committed file (BenchmarkLoad) while every map waited on it.
package geo

import (
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// File is the committed geometry, relative to the datasets directory.
const File = "geo/countries.geojson"

// Shape is one country or territory.
type Shape struct {
	ID       string // ISO 3166-1 numeric code ("250"); empty for disputed areas
	Name     string // English short name, as in the source
	Geometry orb.MultiPolygon
}

// Load reads a GeoJSON feature collection of polygons: the committed
// geometry or Natural Earth's. Shapes that share a code are merged (Natural
// Earth gives some territories their sovereign's code) and sorted by code,
// then name. An error gives the line and column, the feature and the field.
func Load(b []byte) ([]Shape, error) {
	shapes, err := decode(b)
	if err != nil {
		return nil, err
	}
	byID := map[string]int{}
	merged := shapes[:0]
	for _, s := range shapes {
		if i, ok := byID[s.ID]; ok && s.ID != "" {
			if planar.Area(s.Geometry) > planar.Area(merged[i].Geometry) {
				merged[i].Name = s.Name
			}
			merged[i].Geometry = append(merged[i].Geometry, s.Geometry...)
			continue
		}
		byID[s.ID] = len(merged)
		merged = append(merged, s)
	}
	shapes = merged
	sort.SliceStable(shapes, func(i, j int) bool {
		if shapes[i].ID != shapes[j].ID {
			return shapes[i].ID < shapes[j].ID
		}
		return shapes[i].Name < shapes[j].Name
	})
	return shapes, nil
}

// Vertices counts the points of shapes.
func Vertices(shapes []Shape) int {
	n := 0
	for _, s := range shapes {
		for _, p := range s.Geometry {
			for _, r := range p {
				n += len(r)
			}
		}
	}
	return n
}

// Centroid returns the area-weighted centroid of the largest polygon of a
// shape, in degrees: where a marker for the country belongs (France's is in
// France, not between France and French Guiana).
func (s Shape) Centroid() orb.Point {
	best, area := orb.Point{}, -1.0
	for _, p := range s.Geometry {
		c, a := planar.CentroidArea(p)
		if a < 0 {
			a = -a
		}
		if a > area {
			best, area = c, a
		}
	}
	return best
}

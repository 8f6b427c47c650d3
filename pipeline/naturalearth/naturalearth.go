// Package naturalearth derives the project's world geometry from Natural
// Earth admin-0 boundaries: simplified for print-size world maps, cut at the
// antimeridian and rounded, written for datasets/geo to load.
//
// Every polygon too small to simplify is kept as it is, so that micro-states
// (Monaco, San Marino, Malta …) keep their outline.
package naturalearth

import (
	"bytes"
	"encoding/json"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/simplify"

	"github.com/cybernorms/cybernorms/datasets/geo"
)

// Tolerance is the Douglas-Peucker tolerance, in degrees: about 2 km, a tenth
// of a pixel of a 2000-pixel-wide world map (0.18° per pixel). It keeps 54% of
// the 1:50m vertices.
const Tolerance = 0.02

// Precision is the number of decimals kept (0.001° ≈ 110 m).
const Precision = 1000

// Derive simplifies a Natural Earth GeoJSON feature collection. The output
// is deterministic: features sorted by id then name, coordinates rounded.
func Derive(src []byte) ([]byte, error) {
	shapes, err := geo.Load(src)
	if err != nil {
		return nil, err
	}
	out := featureCollection{Type: "FeatureCollection", Features: []feature{}}
	for _, s := range shapes {
		var mp orb.MultiPolygon
		for _, p := range s.Geometry {
			for _, part := range splitAntimeridian(p) {
				mp = append(mp, simplifyPolygon(part))
			}
		}
		f := feature{ID: s.ID, Type: "Feature", Geometry: multiPolygon{Type: "MultiPolygon", Coordinates: mp}}
		f.Properties.Name = s.Name
		out.Features = append(out.Features, f)
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, err
	}
	// One feature per line: readable diffs, and still valid GeoJSON.
	b = bytes.ReplaceAll(b, []byte(`},{"type":"Feature"`), []byte("},\n{\"type\":\"Feature\""))
	return append(b, '\n'), nil
}

// The GeoJSON written, field for field in orb/geojson's order, without
// orb/geojson, whose BSON support would link the MongoDB driver's codec into
// the command.
type (
	featureCollection struct {
		Features []feature `json:"features"`
		Type     string    `json:"type"`
	}
	feature struct {
		ID         string       `json:"id,omitempty"`
		Type       string       `json:"type"`
		Geometry   multiPolygon `json:"geometry"`
		Properties struct {
			Name string `json:"name"`
		} `json:"properties"`
	}
	multiPolygon struct {
		Type        string           `json:"type"`
		Coordinates orb.MultiPolygon `json:"coordinates"`
	}
)

// splitAntimeridian cuts a polygon whose rings step across the antimeridian
// (from 179.98° to -180°) into its eastern and western parts, so that a
// projection drawing straight edges does not paint a band across the world.
// Rings around a pole (Antarctica) are left whole: drawn along the map's
// edge, they are right as they are.
func splitAntimeridian(p orb.Polygon) []orb.Polygon {
	crosses := false
	for _, r := range p {
		for i := 1; i < len(r); i++ {
			if math.Abs(r[i][0]-r[i-1][0]) > 180 {
				crosses = true
			}
		}
	}
	if !crosses {
		return []orb.Polygon{p}
	}
	u := make(orb.Polygon, len(p))
	for k, r := range p {
		ring := make(orb.Ring, len(r))
		shift := 0.0
		for i, pt := range r {
			if i > 0 {
				if d := pt[0] - r[i-1][0]; d > 180 {
					shift -= 360
				} else if d < -180 {
					shift += 360
				}
			}
			ring[i] = orb.Point{pt[0] + shift, pt[1]}
		}
		if shift != 0 {
			return []orb.Polygon{p} // the ring winds around a pole
		}
		u[k] = ring
	}
	var parts []orb.Polygon
	for _, offset := range []float64{0, 360, -360} {
		b := orb.Bound{Min: orb.Point{-180 + offset, -90}, Max: orb.Point{180 + offset, 90}}
		c := clip.Polygon(b, u.Clone())
		if len(c) == 0 || len(c[0]) < 4 {
			continue
		}
		for _, r := range c {
			for i := range r {
				r[i][0] -= offset
			}
		}
		parts = append(parts, c)
	}
	return parts
}

// simplifyPolygon simplifies a polygon whose extent is well above the
// tolerance and only rounds the others; holes that vanish are dropped.
func simplifyPolygon(p orb.Polygon) orb.Polygon {
	b := p.Bound()
	if b.Right()-b.Left() < 4*Tolerance && b.Top()-b.Bottom() < 4*Tolerance {
		return orb.Round(p.Clone(), Precision).(orb.Polygon)
	}
	s := simplify.DouglasPeucker(Tolerance).Polygon(p.Clone())
	if len(s) == 0 || len(s[0]) < 4 {
		return orb.Round(p.Clone(), Precision).(orb.Polygon)
	}
	return orb.Round(s, Precision).(orb.Polygon)
}

package geo

// The decoder Load used before its own reader, kept as the reference the
// reader is compared with: encoding/json into the types below, then the same
// checks, merge and sort.

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

type jsonFeature struct {
	ID         any `json:"id"`
	Properties struct {
		Name string `json:"name"`
	} `json:"properties"`
	Geometry struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

// loadReference reads a GeoJSON feature collection of polygons: the committed
// geometry or Natural Earth's. Shapes that share a code are merged (Natural
// Earth gives some territories their sovereign's code) and sorted by code,
// then name.
func loadReference(b []byte) ([]Shape, error) {
	var fc struct {
		Type     string        `json:"type"`
		Features []jsonFeature `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		return nil, fmt.Errorf("geometry: %w", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("geometry: type %q is not a FeatureCollection", fc.Type)
	}
	shapes := make([]Shape, 0, len(fc.Features))
	for i, f := range fc.Features {
		s := Shape{Name: f.Properties.Name}
		switch id := f.ID.(type) {
		case nil:
		case string:
			s.ID = id
		case float64:
			s.ID = fmt.Sprintf("%03d", int(id))
		default:
			return nil, fmt.Errorf("geometry: feature %d (%s): id %v is neither a string nor a number", i, s.Name, f.ID)
		}
		switch f.Geometry.Type {
		case "Polygon":
			var p orb.Polygon
			if err := json.Unmarshal(f.Geometry.Coordinates, &p); err != nil {
				return nil, fmt.Errorf("geometry: feature %d (%s): %w", i, s.Name, err)
			}
			s.Geometry = orb.MultiPolygon{p}
		case "MultiPolygon":
			if err := json.Unmarshal(f.Geometry.Coordinates, &s.Geometry); err != nil {
				return nil, fmt.Errorf("geometry: feature %d (%s): %w", i, s.Name, err)
			}
		default:
			return nil, fmt.Errorf("geometry: feature %d (%s): %q is not a polygon", i, s.Name, f.Geometry.Type)
		}
		for _, p := range s.Geometry {
			for _, r := range p {
				if len(r) < 4 {
					return nil, fmt.Errorf("geometry: feature %d (%s): a ring of %d points", i, s.Name, len(r))
				}
			}
		}
		shapes = append(shapes, s)
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

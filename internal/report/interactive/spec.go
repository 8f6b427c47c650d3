package interactive

import (
	"encoding/json"
	"fmt"
	"image/color"

	"github.com/cybernorms/cybernorms/charts"
)

func hex(c color.Color) string {
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}

// feature is a shape as the spec's data holds it: GeoJSON, with the
// country's series as properties so that expressions on the step signal
// colour and describe it without a lookup.
type feature struct {
	Type       string         `json:"type"`
	ID         string         `json:"id,omitempty"`
	Properties map[string]any `json:"properties"`
	Geometry   struct {
		Type        string `json:"type"`
		Coordinates any    `json:"coordinates"`
	} `json:"geometry"`
}

func series(c Country) (state []int) {
	state = make([]int, len(c.State))
	for i, v := range c.State {
		if v {
			state[i] = 1
		}
	}
	return state
}

// Spec returns the Vega-Lite specification of the map: the sphere, a 30°
// graticule, every shape on the Equal Earth projection (as the printed
// Gambar 2.1), and a marker for supporter states too small to see. The
// signals step (the date's index) and sel (the chosen country's alpha-3
// code) drive it; the page sets them.
func (d *Data) Spec() ([]byte, error) {
	byM49 := map[string]Country{}
	for _, c := range d.Countries {
		byM49[c.M49] = c
	}
	var features []feature
	var markers []map[string]any
	for _, s := range d.Shapes {
		f := feature{Type: "Feature", ID: s.ID, Properties: map[string]any{}}
		f.Geometry.Type, f.Geometry.Coordinates = "MultiPolygon", s.Geometry
		if c, ok := byM49[s.ID]; ok {
			f.Properties["a3"], f.Properties["name"] = c.Alpha3, c.Name
			if !c.FirstListed.IsZero() {
				f.Properties["p"] = series(c)
				if c.Small {
					markers = append(markers, map[string]any{"a3": c.Alpha3, "name": c.Name, "lon": c.Centroid[0], "lat": c.Centroid[1], "p": series(c)})
				}
			}
		}
		features = append(features, f)
	}
	present := "datum.properties.p && datum.properties.p[step] === 1"
	spec := map[string]any{
		"$schema":     "https://vega.github.io/schema/vega-lite/v6.json",
		"width":       "container",
		"height":      "container",
		"autosize":    map[string]any{"type": "fit", "contains": "padding"},
		"padding":     2,
		"background":  "transparent",
		"config":      map[string]any{"view": map[string]any{"stroke": nil}},
		"projection":  map[string]any{"type": "equalEarth"},
		"params":      []any{map[string]any{"name": "step", "value": d.Start}, map[string]any{"name": "sel", "value": ""}},
		"description": "",
		"layer": []any{
			map[string]any{"data": map[string]any{"sphere": true}, "mark": map[string]any{"type": "geoshape", "fill": hex(charts.Ocean), "stroke": hex(charts.Rule), "strokeWidth": 0.5}},
			map[string]any{"data": map[string]any{"graticule": map[string]any{"step": []int{30, 30}}}, "mark": map[string]any{"type": "geoshape", "filled": false, "stroke": "#dde4ea", "strokeWidth": 0.4}},
			map[string]any{
				"name": "countries",
				"data": map[string]any{"values": features},
				"mark": map[string]any{"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.3},
				"encoding": map[string]any{
					"color":       map[string]any{"condition": map[string]any{"test": present, "value": hex(charts.SupporterClr)}, "value": hex(charts.OtherLand)},
					"stroke":      map[string]any{"condition": map[string]any{"test": "sel !== '' && datum.properties.a3 === sel", "value": "#111111"}, "value": "#ffffff"},
					"strokeWidth": map[string]any{"condition": map[string]any{"test": "sel !== '' && datum.properties.a3 === sel", "value": 1.6}, "value": 0.3},
					"tooltip":     map[string]any{"field": "properties.a3", "type": "nominal"},
					"description": map[string]any{"field": "properties.name", "type": "nominal"},
				},
			},
			map[string]any{
				"name": "markers",
				"data": map[string]any{"values": markers},
				"mark": map[string]any{"type": "circle", "size": 30, "stroke": "#ffffff", "strokeWidth": 1, "opacity": 1},
				"encoding": map[string]any{
					"longitude":   map[string]any{"field": "lon", "type": "quantitative"},
					"latitude":    map[string]any{"field": "lat", "type": "quantitative"},
					"color":       map[string]any{"value": hex(charts.SupporterClr)},
					"opacity":     map[string]any{"condition": map[string]any{"test": "datum.p[step] === 1", "value": 1}, "value": 0},
					"tooltip":     map[string]any{"field": "a3", "type": "nominal"},
					"description": map[string]any{"field": "name", "type": "nominal"},
				},
			},
		},
	}
	return json.Marshal(spec)
}

package interactive

import (
	"encoding/json"
	"fmt"
	"image/color"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
	"github.com/paulmach/orb/simplify"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets/geo"
)

func hex(c color.Color) string {
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
}

// topology is the map's geometry as TopoJSON, which Vega decodes itself
// (format "topojson"): every ring an arc of positions quantised to a grid of
// quantum cells across the geometry's extent and delta-encoded, so that a
// position is two small integers instead of two decimals of degrees. Each
// geometry carries the country's series as properties, so that expressions
// on the step signal colour and describe it without a lookup.
type topology struct {
	Type      string `json:"type"`
	Transform struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Objects struct {
		Countries struct {
			Type       string     `json:"type"`
			Geometries []geometry `json:"geometries"`
		} `json:"countries"`
	} `json:"objects"`
	Arcs [][][2]int `json:"arcs"`
}

type geometry struct {
	Type       string         `json:"type"`
	ID         string         `json:"id,omitempty"`
	Properties map[string]any `json:"properties"`
	Arcs       [][][]int      `json:"arcs"`
}

// quantum is the number of grid steps across the geometry's width and
// height: 0.036° of longitude, a tenth of a pixel of a map 1000 pixels wide.
const quantum = 10000

// screenTolerance is the Douglas-Peucker tolerance, in degrees, of the
// rings sent to the page: two grid steps, a fifth of a pixel of a map 1000
// pixels wide. Polygons smaller than four times it keep every position.
const screenTolerance = 0.072

// newTopology simplifies and quantises the shapes. A position that falls in
// the cell of the one before it is dropped, unless the ring would lose its
// shape (fewer than four positions).
func newTopology(shapes []geo.Shape) *topology {
	t := &topology{Type: "Topology"}
	t.Objects.Countries.Type = "GeometryCollection"
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, s := range shapes {
		b = b.Union(s.Geometry.Bound())
	}
	kx, ky := (b.Max[0]-b.Min[0])/(quantum-1), (b.Max[1]-b.Min[1])/(quantum-1)
	if kx == 0 || math.IsInf(kx, 0) || math.IsNaN(kx) {
		kx = 1
	}
	if ky == 0 || math.IsInf(ky, 0) || math.IsNaN(ky) {
		ky = 1
	}
	if len(shapes) == 0 {
		b = orb.Bound{}
	}
	t.Transform.Scale, t.Transform.Translate = [2]float64{kx, ky}, [2]float64{b.Min[0], b.Min[1]}
	for _, s := range shapes {
		// A shape whose every ring is dropped is an empty MultiPolygon, not
		// a null that the TopoJSON reader would fail on.
		g := geometry{Type: "MultiPolygon", ID: s.ID, Properties: map[string]any{}, Arcs: [][][]int{}}
		for _, poly := range s.Geometry {
			var rings [][]int
			for i, r := range forScreen(poly) {
				q := make([][2]int, 0, len(r))
				for _, pt := range r {
					c := [2]int{int(math.Round((pt[0] - b.Min[0]) / kx)), int(math.Round((pt[1] - b.Min[1]) / ky))}
					if len(q) > 0 && c == q[len(q)-1] {
						continue
					}
					q = append(q, c)
				}
				// A ring that the grid collapses or turns over is dropped
				// (its polygon with it, if it is the outer ring): it is under
				// a grid cell or two, and the projection would read a ring
				// turned over as the whole sphere but it.
				if len(q) < 4 || sign(quantisedArea(q)) != sign(planar.Area(poly[i])) {
					if i == 0 {
						break
					}
					continue
				}
				for i := len(q) - 1; i > 0; i-- {
					q[i] = [2]int{q[i][0] - q[i-1][0], q[i][1] - q[i-1][1]}
				}
				rings = append(rings, []int{len(t.Arcs)})
				t.Arcs = append(t.Arcs, q)
			}
			if len(rings) > 0 {
				g.Arcs = append(g.Arcs, rings)
			}
		}
		t.Objects.Countries.Geometries = append(t.Objects.Countries.Geometries, g)
	}
	return t
}

// quantisedArea is twice the signed area of a closed ring of grid positions.
func quantisedArea(q [][2]int) int64 {
	var a int64
	for i := 1; i < len(q); i++ {
		a += int64(q[i-1][0])*int64(q[i][1]) - int64(q[i][0])*int64(q[i-1][1])
	}
	return a
}

func sign[T int64 | float64](x T) int {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// forScreen simplifies a polygon for the page, keeping any ring that would
// lose its shape as it is.
func forScreen(p orb.Polygon) orb.Polygon {
	b := p.Bound()
	if b.Max[0]-b.Min[0] < 4*screenTolerance && b.Max[1]-b.Min[1] < 4*screenTolerance {
		return p
	}
	out := make(orb.Polygon, len(p))
	dp := simplify.DouglasPeucker(screenTolerance)
	for i, r := range p {
		out[i] = r
		if s := dp.Ring(r.Clone()); len(s) >= 4 {
			out[i] = s
		}
	}
	return out
}

// statusColors are the fills of the statuses (Okabe–Ito): a party or a
// supporter state in the Paris Call's blue, a signatory in sky blue, an
// invited state in orange.
var statusColors = map[int]string{1: hex(charts.SupporterClr), 2: "#56b4e9", 3: "#e69f00", 4: hex(charts.SupporterClr)}

func round(x float64) float64 { return math.Round(x*100) / 100 }

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
	topo := newTopology(d.Shapes)
	markers := []map[string]any{}
	for i, s := range d.Shapes {
		props := topo.Objects.Countries.Geometries[i].Properties
		if c, ok := byM49[s.ID]; ok {
			props["a3"], props["name"] = c.Alpha3, c.Name
			if c.Small {
				markers = append(markers, map[string]any{"a3": c.Alpha3, "name": c.Name, "lon": round(c.Centroid[0]), "lat": round(c.Centroid[1])})
			}
		}
	}
	// st maps a country's alpha-3 code to its status on the date shown
	// (1 party or supporter state, 2 signatory, 3 invited, 4 supporter);
	// the page sets it, with sel (the chosen country) and hov (the one
	// under the pointer).
	fill := func(field string) map[string]any {
		var cond []any
		for _, k := range []int{1, 2, 3, 4} {
			cond = append(cond, map[string]any{"test": fmt.Sprintf("st[%s] === %d", field, k), "value": statusColors[k]})
		}
		return map[string]any{"condition": cond, "value": hex(charts.OtherLand)}
	}
	on := "(sel !== '' && datum.properties.a3 === sel) || (hov !== '' && datum.properties.a3 === hov)"
	spec := map[string]any{
		"$schema":     "https://vega.github.io/schema/vega-lite/v6.json",
		"width":       "container",
		"height":      "container",
		"autosize":    map[string]any{"type": "fit", "contains": "padding"},
		"padding":     2,
		"background":  "transparent",
		"config":      map[string]any{"view": map[string]any{"stroke": nil}},
		"projection":  map[string]any{"type": "equalEarth"},
		"params":      []any{map[string]any{"name": "st", "value": map[string]any{}}, map[string]any{"name": "sel", "value": ""}, map[string]any{"name": "hov", "value": ""}},
		"description": "",
		"layer": []any{
			map[string]any{"data": map[string]any{"sphere": true}, "mark": map[string]any{"type": "geoshape", "clip": true, "fill": hex(charts.Ocean), "stroke": hex(charts.Rule), "strokeWidth": 0.5, "aria": false}},
			map[string]any{"data": map[string]any{"graticule": map[string]any{"step": []int{30, 30}}}, "mark": map[string]any{"type": "geoshape", "clip": true, "filled": false, "stroke": "#dde4ea", "strokeWidth": 0.4, "aria": false}},
			map[string]any{
				"name": "countries",
				"data": map[string]any{"values": topo, "format": map[string]any{"type": "topojson", "feature": "countries"}},
				"mark": map[string]any{"type": "geoshape", "clip": true, "stroke": "#ffffff", "strokeWidth": 0.3, "cursor": "pointer"},
				"encoding": map[string]any{
					"color":       fill("datum.properties.a3"),
					"stroke":      map[string]any{"condition": map[string]any{"test": on, "value": "#111111"}, "value": "#ffffff"},
					"strokeWidth": map[string]any{"condition": map[string]any{"test": on, "value": 2}, "value": 0.3},
					"opacity":     map[string]any{"condition": map[string]any{"test": "hov !== '' && datum.properties.a3 === hov", "value": 0.8}, "value": 1},
					"tooltip":     map[string]any{"field": "properties.a3", "type": "nominal"},
					"description": map[string]any{"field": "properties.name", "type": "nominal"},
				},
			},
			map[string]any{
				"name": "markers",
				"data": map[string]any{"values": markers},
				"mark": map[string]any{"type": "circle", "clip": true, "stroke": "#ffffff", "strokeWidth": 1, "opacity": 1, "cursor": "pointer"},
				"encoding": map[string]any{
					"longitude":   map[string]any{"field": "lon", "type": "quantitative"},
					"latitude":    map[string]any{"field": "lat", "type": "quantitative"},
					"color":       fill("datum.a3"),
					"size":        map[string]any{"condition": map[string]any{"test": "st[datum.a3] > 0", "value": 34}, "value": 0},
					"stroke":      map[string]any{"condition": map[string]any{"test": "(sel !== '' && datum.a3 === sel) || (hov !== '' && datum.a3 === hov)", "value": "#111111"}, "value": "#ffffff"},
					"tooltip":     map[string]any{"field": "a3", "type": "nominal"},
					"description": map[string]any{"field": "name", "type": "nominal"},
				},
			},
		},
	}
	return json.Marshal(spec)
}

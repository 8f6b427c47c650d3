package geo

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

// fc wraps features in a collection.
func fc(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

const square = `[[[0,0],[1,0],[0,1],[0,0]]]`

func TestLoadRejectsBadGeometry(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{fc(`{"type":"Feature","id":"1","properties":{"name":"x"},"geometry":{"type":"Point","coordinates":[0,0]}}`),
			`geometry: line 1, column 113: feature 0 (x): geometry.type: "Point" is not a polygon`},
		{fc(`{"type":"Feature","id":true,"properties":{"name":"x"},"geometry":{"type":"Polygon","coordinates":` + square + `}}`),
			"geometry: line 1, column 64: feature 0 (x): id: true is neither a string nor a number"},
		{fc(`{"type":"Feature","id":"1","properties":{"name":"x"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}}`),
			"geometry: line 1, column 137: feature 0 (x): geometry.coordinates: polygon 0, ring 0: a ring of 3 points; a closed ring has at least 4"},
		// The name comes after the error: it is read ahead for the message.
		{fc(`{"type":"Feature","id":"1","geometry":{"type":"Polygon","coordinates":"x"},"properties":{"name":"x"}}`),
			"geometry: line 1, column 111: feature 0 (x): geometry.coordinates: a string where an array of rings belongs"},
		{fc(`{"id":"1","geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[0,1],[0,"1"]]]]}}`, `{}`),
			"geometry: line 1, column 123: feature 0: geometry.coordinates: a string where a number (a coordinate) belongs"},
		{fc(`{"geometry":{"type":"Polygon","coordinates":[[[0,1e999],[1,0],[0,1],[0,0]]]}}`),
			"geometry: line 1, column 90: feature 0: geometry.coordinates: 1e999 is out of range for a 64-bit float"},
		{fc(`{"geometry":{"type":"Polygon"}}`), "feature 0: geometry.coordinates: a Polygon without coordinates"},
		{fc(`{"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,1],[0,0]]]}}`, `{"properties":{"name":5}}`),
			"line 1, column 137: feature 1: a number where a string (properties.name) belongs"},
		{fc(`{"geometry":null}`), `geometry: line 1, column 41: feature 0: geometry.type: "" is not a polygon`},
		{fc(`7`), "geometry: line 1, column 41: feature 0: a number where an object (a feature) belongs"},
		{`{"type":"Feature"}`, `geometry: line 1, column 9: type "Feature" is not a FeatureCollection`},
		{`{"features":[]}`, `geometry: line 1, column 1: type "" is not a FeatureCollection`},
		{`[`, "geometry: line 1, column 1: an array where an object (a feature collection) belongs"},
		{`{"type":"FeatureCollection",`, "geometry: line 1, column 29: unexpected end of input, want a string key"},
		{fc() + ` {}`, "geometry: line 1, column 44: unexpected '{', want nothing after the feature collection"},
		{"{\n\"features\":[\n{\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,1],[0,0]]]}}\n,{\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,1],[0,0]]}}]}",
			"geometry: line 4, column 72: feature 1: unexpected '}', want ',' or ']' after an array element"},
		{fc("{\"id\":\"\x01\"}"), `line 1, column 48: feature 0: control character '\x01' in a string`},
		{fc(`{"id":"\u"}`), `line 1, column 50: feature 0: invalid character '"' in a \u escape`},
		{fc(`{"id":01}`), `line 1, column 48: feature 0: unexpected '1', want ',' or '}' after an object value`},
		{fc(`{"id":[1e400]}`), `line 1, column 48: feature 0: 1e400 is out of range for a 64-bit float`},
		{fc(`{"x":` + strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth) + `}`), "nested more than 10000 deep"},
		{"", "geometry: line 1, column 1: no JSON value"},
		// What the message quotes stays on one short line.
		{fc(`{"id":{"a":` + "\n" + `[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]},"properties":{"name":"x\ny"}}`),
			`line 1, column 47: feature 0 ("x\ny"): id: "{\"a\":\n[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21…" is neither a string nor a number`},
	} {
		_, err := Load([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Load(%.80s) error = %v, want %q", tt.in, err, tt.want)
		}
		if _, ref := loadReference([]byte(tt.in)); ref == nil {
			t.Errorf("Load(%.80s): the reference decoder accepts it", tt.in)
		}
	}
}

// TestLoadFollowsEncodingJSON pins where the reader follows encoding/json
// rather than GeoJSON: each input gives what the reference decoder gives.
func TestLoadFollowsEncodingJSON(t *testing.T) {
	tri := `{"id":"9","geometry":{"type":"Polygon","coordinates":` + square + `}}`
	for _, in := range []string{
		fc(tri),
		fc(), `{"features":null,"type":"FeatureCollection"}`, `{"type":"FeatureCollection"}`,
		// Keys match case-insensitively, with Unicode folding (ſ is s).
		`{"TYPE":"FeatureCollection","Features":[{"ID":"1","Geometry":{"Type":"Polygon","COORDINATES":` + square + `},"PROPERTIES":{"NAME":"x"}}]}`,
		`{"type":"FeatureCollection","featureſ":[` + tri + `]}`,
		`{"type":"FeatureCollection","f\u0065atures":[` + tri + `]}`,
		// The last of duplicate keys wins; null leaves a string as it was but clears an id.
		fc(`{"id":"1","id":"2","geometry":{"type":"Point","type":"Polygon","coordinates":"x","coordinates":` + square + `}}`),
		fc(`{"id":"1","id":null,"properties":{"name":"a"},"properties":{"name":null},"geometry":{"type":"Polygon","type":null,"coordinates":` + square + `}}`),
		fc(`{"id":true,"id":7,"geometry":{"type":"Polygon","coordinates":` + square + `}}`),
		fc(`{"id":-1.9,"geometry":{"type":"Polygon","coordinates":` + square + `}}`),
		fc(`{"id":{"a":[1,2]},"id":"x","geometry":{"type":"Polygon","coordinates":` + square + `}}`),
		// Coordinates read before their type, or as another type than the final one.
		fc(`{"geometry":{"coordinates":` + square + `,"type":"Polygon"}}`),
		fc(`{"geometry":{"type":"Polygon","coordinates":[` + square + `],"type":"MultiPolygon"}}`),
		fc(`{"geometry":{"type":"MultiPolygon","coordinates":` + square + `,"type":"Polygon"}}`),
		fc(`{"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,1],[0,1e999]]],"type":"Point"}}`),
		// Nulls and empty arrays at every level, short and long points.
		fc(`{"geometry":{"type":"Polygon","coordinates":null}}`),
		fc(`{"geometry":{"type":"MultiPolygon","coordinates":null}}`),
		fc(`{"geometry":{"type":"MultiPolygon","coordinates":[]}}`),
		fc(`{"geometry":{"type":"MultiPolygon","coordinates":[null,[],[[[1],null,[2,3,"z",{"a":[true]}],[0,0]]]]}}`),
		fc(`{"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[0,1],[0,0]],null]]}}`),
		fc(`{"geometry":{"type":"Polygon","coordinates":[[[1,null],[null,2],[-0,0.5e-3],[1E2,-2.5E+1]]]}}`),
		fc(`null,` + tri),
		// A second features array is read into the elements of the first.
		`{"type":"FeatureCollection","features":[` + tri + `,{"id":"5","properties":{"name":"b"}}],"features":[{"properties":{"name":"a"}},{"geometry":{"type":"Polygon","coordinates":` + square + `}}]}`,
		`{"features":[` + tri + `,{"id":"5","geometry":{"type":"Polygon","coordinates":` + square + `}}],"features":[{}],"features":[{},null],"type":"FeatureCollection"}`,
		`{"features":[` + tri + `,` + tri + `],"features":[],"features":[{},null],"type":"FeatureCollection"}`,
		`{"features":[` + tri + `],"features":null,"features":[null],"type":"FeatureCollection"}`,
		// Names: escapes, surrogates, invalid UTF-8.
		fc(`{"properties":{"name":"C\u00f4te \ud83c\udf0d \ud800 \"x\"\\\/\b\f\n\r\t"},"geometry":{"type":"Polygon","coordinates":` + square + `}}`),
		fc("{\"properties\":{\"name\":\"bad \xff\xfe utf8 \xe2\x82\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" + square + "}}"),
		// Deep, but within encoding/json's limit.
		fc(`{"x":` + strings.Repeat("[", maxDepth-3) + strings.Repeat("]", maxDepth-3) + `,"geometry":{"type":"Polygon","coordinates":` + square + `}}`),
		fc(`{"x":` + strings.Repeat("[", maxDepth-2) + strings.Repeat("]", maxDepth-2) + `,"geometry":{"type":"Polygon","coordinates":` + square + `}}`),
		fc(`{"geometry":{"type":"Polygon","coordinates":[[[0,0,` + strings.Repeat("[", maxDepth-8) + strings.Repeat("]", maxDepth-8) + `],[1,0],[0,1],[0,0]]]}}`),
		fc(`{"geometry":{"type":"Polygon","coordinates":[[[0,0,` + strings.Repeat("[", maxDepth-7) + strings.Repeat("]", maxDepth-7) + `],[1,0],[0,1],[0,0]]]}}`),
		fc(`{"geometry":{"type":"Polygon","coordinates":[[[0,0,` + strings.Repeat("[", maxDepth-6) + strings.Repeat("]", maxDepth-6) + `],[1,0],[0,1],[0,0]]]}}`),
		" \t\r\n" + fc(tri) + " \n",
	} {
		agree(t, []byte(in))
	}
}

// agree fails unless Load and the reference decoder give the same shapes,
// or both an error.
func agree(t *testing.T, in []byte) {
	t.Helper()
	got, err := Load(in)
	want, refErr := loadReference(in)
	switch {
	case err != nil && refErr != nil:
	case err != nil:
		t.Fatalf("Load(%.200q) = %v; the reference reads %d shapes", in, err, len(want))
	case refErr != nil:
		t.Fatalf("Load(%.200q) reads %d shapes; the reference: %v", in, len(got), refErr)
	default:
		if msg := differ(got, want); msg != "" {
			t.Fatalf("Load(%.200q): %s", in, msg)
		}
	}
}

// differ compares shapes exactly: nil and empty slices apart, floats by
// their bits.
func differ(a, b []Shape) string {
	if len(a) != len(b) {
		return "shape counts differ"
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.ID != y.ID || x.Name != y.Name {
			return "shape " + x.ID + " " + x.Name + " against " + y.ID + " " + y.Name
		}
		if (x.Geometry == nil) != (y.Geometry == nil) || len(x.Geometry) != len(y.Geometry) {
			return "geometries differ in " + x.Name
		}
		for j, p := range x.Geometry {
			q := y.Geometry[j]
			if (p == nil) != (q == nil) || len(p) != len(q) {
				return "polygons differ in " + x.Name
			}
			for k, r := range p {
				s := q[k]
				if (r == nil) != (s == nil) || len(r) != len(s) {
					return "rings differ in " + x.Name
				}
				for m := range r {
					if !samePoint(r[m], s[m]) {
						return "points differ in " + x.Name
					}
				}
			}
		}
	}
	return ""
}

func samePoint(p, q orb.Point) bool {
	return math.Float64bits(p[0]) == math.Float64bits(q[0]) && math.Float64bits(p[1]) == math.Float64bits(q[1])
}

func TestLoadReadsTheCommittedGeometryAsBefore(t *testing.T) {
	b, err := os.ReadFile("countries.geojson")
	if err != nil {
		t.Fatal(err)
	}
	agree(t, b)
	shapes, _ := Load(b)
	if len(shapes) < 200 || Vertices(shapes) < 10000 {
		t.Fatalf("%d shapes, %d vertices", len(shapes), Vertices(shapes))
	}
}

// Natural Earth's files, with their many properties and full precision, are
// what cybernorms geo reads.
func TestLoadReadsNaturalEarthAsBefore(t *testing.T) {
	for _, name := range []string{"countries-110m.geojson", "countries-50m.geojson"} {
		b, err := os.ReadFile(filepath.Join(testenv.Shared(t), "geo", name))
		if err != nil {
			testenv.Missing(t, "%v", err)
		}
		agree(t, b)
	}
}

// TestLoadSlicesDoNotOverlap: rings share one array, but appending to one
// must not write over the next.
func TestLoadSlicesDoNotOverlap(t *testing.T) {
	shapes, err := Load([]byte(fc(`{"id":"1","geometry":{"type":"MultiPolygon","coordinates":[` + square + `,` + square + `]}}`)))
	if err != nil {
		t.Fatal(err)
	}
	g := shapes[0].Geometry
	_ = append(g[0][0], orb.Point{9, 9})
	_ = append(g[0], orb.Ring{})
	if g[1][0][0] != (orb.Point{0, 0}) || g[1][0] == nil {
		t.Fatalf("appending to one ring changed the next: %v", g)
	}
}

func TestLoadMergesSharedCodesAndSorts(t *testing.T) {
	fc := `{"type":"FeatureCollection","features":[
{"type":"Feature","id":36,"properties":{"name":"Ashmore"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,1],[0,0]]]}},
{"type":"Feature","id":"250","properties":{"name":"France"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,1],[0,0]]]}},
{"type":"Feature","id":"036","properties":{"name":"Australia"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[9,0],[0,9],[0,0]]]]}}]}`
	shapes, err := Load([]byte(fc))
	if err != nil {
		t.Fatal(err)
	}
	if len(shapes) != 2 || shapes[0].ID != "036" || shapes[0].Name != "Australia" || len(shapes[0].Geometry) != 2 || shapes[1].ID != "250" {
		t.Fatalf("got %+v", shapes)
	}
	if Vertices(shapes) != 12 {
		t.Errorf("Vertices = %d, want 12", Vertices(shapes))
	}
}

// TestNumberIsParseFloat checks number's exact path against strconv on
// decimals of every length it takes, and a few it leaves to strconv.
func TestNumberIsParseFloat(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var cases []string
	for range 200000 {
		digits := 1 + r.IntN(17)
		s := strconv.FormatUint(r.Uint64N(uint64(math.Pow10(min(digits, 19)))), 10)
		if p := r.IntN(len(s) + 1); p < len(s) {
			if p == 0 {
				s = "0." + s
			} else {
				s = s[:p] + "." + s[p:]
			}
		}
		if r.IntN(2) == 0 {
			s = "-" + s
		}
		cases = append(cases, s)
	}
	cases = append(cases, "0", "-0", "0.0", "-0.000", "999999999999999", "0.999999999999999", "9007199254740993", "1.5e3", "123456789012345.6")
	for _, s := range cases {
		if s != "0" && strings.HasPrefix(strings.TrimPrefix(s, "-"), "0") && !strings.HasPrefix(strings.TrimPrefix(s, "-"), "0.") {
			continue // a leading zero is no JSON number
		}
		d := &decoder{b: []byte(s)}
		got, err := d.number()
		want, werr := strconv.ParseFloat(s, 64)
		if err != nil || werr != nil || math.Float64bits(got) != math.Float64bits(want) || d.i != len(s) {
			t.Fatalf("number(%s) = %v, %v; ParseFloat: %v, %v", s, got, err, want, werr)
		}
	}
}

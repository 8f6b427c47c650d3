package geo

import (
	"strings"
	"testing"
)

func TestLoadRejectsBadGeometry(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`{"type":"FeatureCollection","features":[{"type":"Feature","id":"1","properties":{"name":"x"},"geometry":{"type":"Point","coordinates":[0,0]}}]}`, `geometry: feature 0 (x): "Point" is not a polygon`},
		{`{"type":"FeatureCollection","features":[{"type":"Feature","id":true,"properties":{"name":"x"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,1],[0,0]]]}}]}`, "geometry: feature 0 (x): id true is neither a string nor a number"},
		{`{"type":"FeatureCollection","features":[{"type":"Feature","id":"1","properties":{"name":"x"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}}]}`, "geometry: feature 0 (x): a ring of 3 points"},
		{`{"type":"FeatureCollection","features":[{"type":"Feature","id":"1","properties":{"name":"x"},"geometry":{"type":"Polygon","coordinates":"x"}}]}`, "geometry: feature 0 (x): json: "},
		{`{"type":"Feature"}`, `geometry: type "Feature" is not a FeatureCollection`},
		{`[`, "geometry: "},
	} {
		if _, err := Load([]byte(tt.in)); err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Load(%s) error = %v, want %q", tt.in, err, tt.want)
		}
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

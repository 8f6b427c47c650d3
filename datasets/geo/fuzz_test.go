package geo

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// FuzzLoad reads arbitrary bytes with Load and with the reference decoder:
// both give the same shapes, or both an error, and Load's error says where.
// Run it with -fuzzminimizetime 100x: minimizing each new input found in
// seeds this large takes the fuzzer a minute at the default.
func FuzzLoad(f *testing.F) {
	b, err := os.ReadFile("countries.geojson")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	// The file again in collections of 8 features, quicker to mutate.
	var all struct{ Features []json.RawMessage }
	if err := json.Unmarshal(b, &all); err != nil {
		f.Fatal(err)
	}
	for i := 0; i < len(all.Features); i += 8 {
		var chunk []string
		for _, r := range all.Features[i:min(i+8, len(all.Features))] {
			chunk = append(chunk, string(r))
		}
		f.Add([]byte(fc(chunk...)))
	}
	// The first features of the file, whole and broken.
	head := []byte(`{"features":[` + string(all.Features[0]) + ",\n" + string(all.Features[1]) + ",\n" + `{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1,2],[3,4],[5,6],[1,2]]]},"properties":{"name":"x"}}],"type":"FeatureCollection"}`)
	f.Add(head)
	for _, broken := range []string{
		string(head[:len(head)/2]),
		string(head) + "x",
		strings.Replace(string(head), "105.724", "NaN", 1),
		strings.Replace(string(head), "105.724", "Infinity", 1),
		strings.Replace(string(head), "105.724", "1e999", 1),
		strings.Replace(string(head), "105.724", `"105.724"`, 1),
		strings.Replace(string(head), "MultiPolygon", "Point", 1),
		strings.Replace(string(head), `"004"`, "4", 1),
		strings.Replace(string(head), `"name":"x"`, `"name":7`, 1),
		strings.Replace(string(head), "[[[1,2]", "[[[1,2,3]", 1),
		strings.Replace(string(head), "[[[1,2]", "[[[[1,2]]", 1),
		strings.Replace(string(head), `"features"`, `"FEATURES"`, 1),
		fc(`{"id":"1","id":null,"geometry":{"coordinates":` + square + `,"type":"Polygon"}}`),
		`{"features":[{"id":"5"},{}],"features":[{"geometry":{"type":"Polygon","coordinates":` + square + `}}],"type":"FeatureCollection"}`,
	} {
		f.Add([]byte(broken))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := Load(in)
		want, refErr := loadReference(in)
		switch {
		case err != nil && refErr != nil:
			if !strings.HasPrefix(err.Error(), "geometry: line ") {
				t.Fatalf("error does not say where: %v", err)
			}
		case err != nil:
			t.Fatalf("Load: %v; the reference reads %d shapes", err, len(want))
		case refErr != nil:
			t.Fatalf("Load reads %d shapes; the reference: %v", len(got), refErr)
		default:
			if msg := differ(got, want); msg != "" {
				t.Fatal(msg)
			}
		}
	})
}

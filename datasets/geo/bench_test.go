package geo

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

// BenchmarkLoad reads the committed geometry and Natural Earth's 1:50m
// file with Load and with the reference decoder (encoding/json), for
// benchstat -col /decoder.
func BenchmarkLoad(b *testing.B) {
	files := map[string]string{"committed": "countries.geojson", "naturalearth50m": filepath.Join(testenv.Shared(b), "geo", "countries-50m.geojson")}
	for _, name := range []string{"committed", "naturalearth50m"} {
		data, err := os.ReadFile(files[name])
		if err != nil {
			testenv.Missing(b, "%v", err)
		}
		for _, dec := range []struct {
			name string
			load func([]byte) ([]Shape, error)
		}{{"json", loadReference}, {"own", Load}} {
			b.Run("file="+name+"/decoder="+dec.name, func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := dec.load(data); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

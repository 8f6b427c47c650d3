package geo

import (
	"os"
	"testing"
)

func BenchmarkZZLoad(b *testing.B) {
	data, err := os.ReadFile("countries.geojson")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Load(data); err != nil {
			b.Fatal(err)
		}
	}
}

package build

import (
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

// BenchmarkBuild measures a whole build from the committed snapshot and
// curated files: reading and checking inputs, deriving every table and
// encoding CSV, Arrow, Parquet and datapackage.json (not the final rename).
func BenchmarkBuild(b *testing.B) {
	dir := testenv.Datasets(b)
	for b.Loop() {
		in, err := LoadInputs(dir)
		if err != nil {
			b.Fatal(err)
		}
		out, err := Derive(in)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Encode(in, out); err != nil {
			b.Fatal(err)
		}
	}
}

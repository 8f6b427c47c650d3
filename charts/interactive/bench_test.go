package interactive

import (
	"path/filepath"
	"testing"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/labels"
)

// BenchmarkBuild computes the map's data, every step of the supporter
// history and of each instrument, as the report does.
func BenchmarkBuild(b *testing.B) {
	set, err := datasets.Open(filepath.Join(testenv.Root(b), "datasets"))
	if err != nil {
		b.Fatal(err)
	}
	shapes, err := set.Shapes()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Build(set, shapes, labels.ID, datasets.ChapterAccessDate); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFragment writes the map's HTML from its data: the page's share.
func BenchmarkFragment(b *testing.B) {
	_, d := load(b)
	for b.Loop() {
		if _, err := d.Fragment(); err != nil {
			b.Fatal(err)
		}
	}
}

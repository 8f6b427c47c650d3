package report

import (
	"bytes"
	"sync"
	"testing"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/labels"
)

// TestMadeAndLazyGeometry builds the report as reproduce does, the geometry
// read by Build itself and every file handed over as it is made, and checks
// it against a build given the geometry: the same bytes, each file handed
// over once.
func TestMadeAndLazyGeometry(t *testing.T) {
	in := inputs(t)
	o := Options{AsOf: datasets.ChapterAccessDate, Lang: labels.EN}
	want, err := Build(in, o)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	made := map[string]int{}
	got := map[string][]byte{}
	o.Made = func(name string, b []byte) {
		mu.Lock()
		defer mu.Unlock()
		made[name]++
		got[name] = b
	}
	in.Shapes = nil
	files, err := Build(in, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(want) || len(got) != len(want) {
		t.Fatalf("%d files returned and %d handed over, want %d", len(files), len(got), len(want))
	}
	for name, b := range want {
		if made[name] != 1 {
			t.Errorf("%s handed over %d times", name, made[name])
		}
		if !bytes.Equal(got[name], b) || !bytes.Equal(files[name], b) {
			t.Errorf("%s differs when the geometry is read by Build", name)
		}
	}
}

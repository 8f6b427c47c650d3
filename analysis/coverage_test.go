package analysis

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

func TestJaccard(t *testing.T) {
	for _, tt := range []struct {
		a, b []bool
		want float64
	}{
		{[]bool{true, true, false}, []bool{true, false, false}, 0.5},
		{[]bool{true, false}, []bool{false, true}, 0},
		{[]bool{false, false}, []bool{false, false}, 1},
		{[]bool{true, true, true}, []bool{true, true, true}, 1},
	} {
		if got := Jaccard(tt.a, tt.b); got != tt.want {
			t.Errorf("Jaccard(%v, %v) = %g, want %g", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCluster(t *testing.T) {
	// Two pairs, close within, far between.
	sim := [][]float64{{1, 0.9, 0.1, 0.2}, {0.9, 1, 0.2, 0.1}, {0.1, 0.2, 1, 0.8}, {0.2, 0.1, 0.8, 1}}
	order, merges := Cluster(sim)
	if !reflect.DeepEqual(order, []int{0, 1, 2, 3}) {
		t.Errorf("order %v", order)
	}
	if len(merges) != 3 || fmt.Sprintf("%.2f %.2f %.2f", merges[0].Distance, merges[1].Distance, merges[2].Distance) != "0.10 0.20 0.85" {
		t.Errorf("merges %+v", merges)
	}
}

func TestChapterCoverage(t *testing.T) {
	set, err := datasets.Open(filepath.Join(testenv.Root(t), "datasets"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := CoverageOf(set)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(c.PrincipleCounts()); got != "[6 6 4 6 3 4 5 1 1]" {
		t.Errorf("principle counts %s", got)
	}
	if got := fmt.Sprint(c.FrameworkCounts()); got != "[9 6 5 5 7 4]" {
		t.Errorf("framework counts %s", got)
	}
	if got := fmt.Sprint(c.Neglected(1)); got != "[8 9]" {
		t.Errorf("neglected %s", got)
	}
	if got := c.Frameworks[c.Nearest(0)]; got != "Tech Accord" {
		t.Errorf("nearest to the Paris Call: %s", got)
	}
	effects := c.Sensitivity("paris-call", 1)
	if len(effects) != 45 {
		t.Errorf("%d effects, want the 45 cells of the five other frameworks", len(effects))
	}
	for _, e := range effects {
		changed := fmt.Sprint(e.Changes)
		// Another framework covering principle 8 or 9 ends its being the Call's alone.
		if (e.Principle == 8 || e.Principle == 9) != strings.Contains(changed, "neglected principles") {
			t.Errorf("%s × %d: %s", e.Framework, e.Principle, changed)
		}
	}
}

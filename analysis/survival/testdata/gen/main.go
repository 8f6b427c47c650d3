// Command gen writes the synthetic inputs of the survival tests: integer
// times with ties, late entries, censoring, three groups and two
// covariates, from a fixed seed. Run from the package directory:
//
//	go run ./testdata/gen
package main

import (
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"strings"
)

func main() {
	r := rand.New(rand.NewPCG(2018, 1112))
	var counting, right strings.Builder
	header := "id,start,stop,event,group,x1,x2\n"
	counting.WriteString(header)
	right.WriteString(header)
	groups := []string{"a", "b", "c"}
	effect := map[string]float64{"a": 0, "b": 0.4, "c": -0.5}
	for i := range 150 {
		g := groups[i%3]
		x1 := math.Round(r.NormFloat64()*100) / 100
		x2 := 0
		if r.Float64() < 0.4 {
			x2 = 1
		}
		// Hazards that change over time for x2, so the proportional-hazards
		// test has something to find.
		rate := math.Exp(0.5*x1+effect[g]) / 60
		t := r.ExpFloat64() / rate
		if x2 == 1 {
			t = math.Pow(t, 0.8) * 2
		}
		event := 1
		c := 20 + r.Float64()*220
		if c < t {
			t, event = c, 0
		}
		stop := math.Ceil(t)
		start := 0.0
		if r.Float64() < 0.35 {
			start = math.Floor(r.Float64() * stop)
		}
		fmt.Fprintf(&right, "%d,0,%g,%d,%s,%.2f,%d\n", i+1, stop, event, g, x1, x2)
		if start < stop {
			fmt.Fprintf(&counting, "%d,%g,%g,%d,%s,%.2f,%d\n", i+1, start, stop, event, g, x1, x2)
		}
	}
	for name, b := range map[string]string{"testdata/counting.csv": counting.String(), "testdata/right.csv": right.String()} {
		if err := os.WriteFile(name, []byte(b), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

package charts

import (
	"bytes"
	"math"
	"regexp"
	"strconv"
	"testing"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// points reads path data of M, L, l and Z commands as absolute points, with
// the subpath closings as NaN points.
func points(t *testing.T, d string) [][2]float64 {
	t.Helper()
	var out [][2]float64
	var x, y, x0, y0 float64
	num := regexp.MustCompile(`-?[0-9]*\.?[0-9]+`)
	for _, m := range regexp.MustCompile(`[MLlZ][^MLlZ]*`).FindAllString(d, -1) {
		cmd, args := m[0], num.FindAllString(m[1:], -1)
		if cmd == 'Z' {
			out = append(out, [2]float64{math.NaN(), math.NaN()})
			x, y = x0, y0
			continue
		}
		if len(args)%2 != 0 || len(args) == 0 {
			t.Fatalf("odd arguments in %q", m)
		}
		for i := 0; i < len(args); i += 2 {
			a, _ := strconv.ParseFloat(args[i], 64)
			b, _ := strconv.ParseFloat(args[i+1], 64)
			if cmd == 'l' {
				a, b = x+a, y+b
			}
			x, y = a, b
			if cmd == 'M' {
				x0, y0 = a, b
			}
			out = append(out, [2]float64{x, y})
		}
	}
	return out
}

// The compacted paths of every report figure draw the same points, each
// within half a hundredth of a point, and the rest of the SVG is unchanged.
func TestCompactPaths(t *testing.T) {
	figs := figures(t)
	attr := regexp.MustCompile(` d="([^"]*)"`)
	for _, name := range chartNames {
		p := figs[name]
		s := SizeOf(p)
		c := vgsvg.NewWith(vgsvg.UseWH(s.W, s.H))
		p.Draw(draw.New(c))
		var raw bytes.Buffer
		if _, err := c.WriteTo(&raw); err != nil {
			t.Fatal(err)
		}
		got := compactPaths(raw.Bytes())
		before, after := attr.FindAllStringSubmatch(raw.String(), -1), attr.FindAllStringSubmatch(string(got), -1)
		if len(before) != len(after) || len(before) == 0 {
			t.Fatalf("%s: %d paths, %d after", name, len(before), len(after))
		}
		if attr.ReplaceAllString(raw.String(), "") != attr.ReplaceAllString(string(got), "") {
			t.Errorf("%s: more than the path data changed", name)
		}
		for i := range before {
			a, b := points(t, before[i][1]), points(t, after[i][1])
			if len(a) != len(b) {
				t.Fatalf("%s path %d: %d points, %d after", name, i, len(a), len(b))
			}
			for k := range a {
				if math.IsNaN(a[k][0]) != math.IsNaN(b[k][0]) || math.Abs(a[k][0]-b[k][0]) > 0.005+1e-9 || math.Abs(a[k][1]-b[k][1]) > 0.005+1e-9 {
					t.Fatalf("%s path %d point %d: %v, was %v", name, i, k, b[k], a[k])
				}
			}
		}
		t.Logf("%s: %d bytes, %d before", name, len(got), raw.Len())
	}
}

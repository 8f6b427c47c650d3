package interactive

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"

	"github.com/cybernorms/cybernorms/charts"
)

// The static map is drawn in a box of staticW units, on the projection and
// framing the interactive map uses, so that a page without JavaScript (a
// notebook on GitHub, a reader with scripts off) shows the map of the start
// date, and the page shows it while Vega loads.
const (
	staticW   = 1000
	staticPad = 2
	// staticTolerance is the Douglas-Peucker tolerance in degrees: 0.25°,
	// under a unit of the box, as the box is drawn at most about a thousand
	// pixels wide.
	staticTolerance = 0.25
)

// StaticSVG returns the map of step i as an SVG element: every shape, the
// supporter states filled, the small ones marked with a dot as on the
// interactive map.
func (d *Data) StaticSVG(i int) string {
	const ex, ey = 2.7066, 1.3174 // the projection's half extents
	k := (staticW/2 - staticPad) / ex
	h := int(math.Ceil(2*ey*k)) + 2*staticPad
	pt := func(lon, lat float64) (int, int) {
		x, y := charts.EqualEarth(lon, lat)
		return int(math.Round(staticW/2 + x*k)), int(math.Round(float64(h)/2 - y*k))
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="cn-static" viewBox="0 0 %d %d" preserveAspectRatio="xMidYMid meet" aria-hidden="true" focusable="false">`, staticW, h)
	// The sphere's outline: the meridians ±180°.
	b.WriteString(`<path class="s" d="`)
	for j, lat := 0, -90.0; lat <= 90; j, lat = j+1, lat+5 {
		x, y := pt(180, lat)
		fmt.Fprintf(&b, "%s%d %d", map[bool]string{true: "M", false: "L"}[j == 0], x, y)
	}
	for lat := 90.0; lat >= -90; lat -= 5 {
		x, y := pt(-180, lat)
		fmt.Fprintf(&b, "L%d %d", x, y)
	}
	b.WriteString(`Z"/>`)
	byM49 := map[string]Country{}
	for _, c := range d.Countries {
		byM49[c.M49] = c
	}
	dp := simplify.DouglasPeucker(staticTolerance)
	var dots []Country
	for _, s := range d.Shapes {
		c, ok := byM49[s.ID]
		yes := ok && c.State[i]
		var path strings.Builder
		for _, poly := range s.Geometry {
			for _, r := range poly {
				if s := dp.Ring(r.Clone()); len(s) >= 4 {
					r = s
				}
				writeRing(&path, r, pt)
			}
		}
		if yes && c.Small {
			dots = append(dots, c)
		}
		if path.Len() == 0 {
			continue
		}
		if yes {
			fmt.Fprintf(&b, `<path class="y" data-a3="%s" d="`, c.Alpha3)
		} else {
			b.WriteString(`<path d="`)
		}
		b.WriteString(path.String())
		b.WriteString(`"/>`)
	}
	for _, c := range dots {
		x, y := pt(c.Centroid[0], c.Centroid[1])
		fmt.Fprintf(&b, `<circle class="y" data-a3="%s" cx="%d" cy="%d" r="3.5"/>`, c.Alpha3, x, y)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// writeRing writes a ring as a path of relative moves in whole units,
// dropping positions that round onto the one before; a ring under two units
// across is left out (a small state has its dot).
func writeRing(b *strings.Builder, r orb.Ring, pt func(lon, lat float64) (int, int)) {
	var xs, ys []int
	for _, p := range r {
		x, y := pt(p[0], p[1])
		if n := len(xs); n > 0 && xs[n-1] == x && ys[n-1] == y {
			continue
		}
		xs, ys = append(xs, x), append(ys, y)
	}
	if len(xs) < 3 || (slices.Max(xs)-slices.Min(xs) < 2 && slices.Max(ys)-slices.Min(ys) < 2) {
		return
	}
	fmt.Fprintf(b, "M%d %d", xs[0], ys[0])
	b.WriteByte('l')
	for j := 1; j < len(xs); j++ {
		if j > 1 && xs[j]-xs[j-1] >= 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(b, "%d", xs[j]-xs[j-1])
		if ys[j]-ys[j-1] >= 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(b, "%d", ys[j]-ys[j-1])
	}
	b.WriteByte('z')
}

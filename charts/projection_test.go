package charts

import (
	"math"
	"testing"
)

// WGS 84 / Equal Earth Greenwich (EPSG:8857) projects the ellipsoid through
// its authalic sphere, of radius 6371007.1809 m. EPSG gives the projected
// extent of the world as x = ±17243959.06 m, y = ±8392927.60 m.
func TestEqualEarthPublishedExtent(t *testing.T) {
	const R = 6371007.1809
	for _, tt := range []struct{ lon, lat, x, y float64 }{
		{180, 0, 17243959.06, 0},
		{-180, 0, -17243959.06, 0},
		{0, 90, 0, 8392927.60},
		{0, -90, 0, -8392927.60},
		{0, 0, 0, 0},
	} {
		x, y := EqualEarth(tt.lon, tt.lat)
		if math.Abs(x*R-tt.x) > 0.01 || math.Abs(y*R-tt.y) > 0.01 {
			t.Errorf("EqualEarth(%g, %g) = %.2f, %.2f m; EPSG:8857 gives %.2f, %.2f", tt.lon, tt.lat, x*R, y*R, tt.x, tt.y)
		}
	}
}

func TestEqualEarthInverse(t *testing.T) {
	for lon := -180.0; lon <= 180; lon += 15 {
		for lat := -89.0; lat <= 89; lat += 7 {
			x, y := EqualEarth(lon, lat)
			l, p := EqualEarthInverse(x, y)
			if math.Abs(l-lon) > 1e-9 || math.Abs(p-lat) > 1e-9 {
				t.Fatalf("inverse of EqualEarth(%g, %g) = %g, %g", lon, lat, l, p)
			}
		}
	}
}

// The projection is equal-area: a cell of 1° × 1° covers, on the map, the
// area it covers on the unit sphere, at every latitude. A wrong coefficient
// breaks this.
func TestEqualEarthIsEqualArea(t *testing.T) {
	for lat := -85.0; lat < 85; lat += 10 {
		lon := 30.0
		sphere := (1.0 * math.Pi / 180) * (math.Sin((lat+1)*math.Pi/180) - math.Sin(lat*math.Pi/180))
		// The cell's image, as a polygon of many points along each edge.
		var xs, ys []float64
		add := func(lo, la float64) { x, y := EqualEarth(lo, la); xs, ys = append(xs, x), append(ys, y) }
		const n = 50
		for i := 0; i <= n; i++ {
			add(lon+float64(i)/n, lat)
		}
		for i := 0; i <= n; i++ {
			add(lon+1, lat+float64(i)/n)
		}
		for i := 0; i <= n; i++ {
			add(lon+1-float64(i)/n, lat+1)
		}
		for i := 0; i <= n; i++ {
			add(lon, lat+1-float64(i)/n)
		}
		area := 0.0
		for i := range xs {
			j := (i + 1) % len(xs)
			area += xs[i]*ys[j] - xs[j]*ys[i]
		}
		area = math.Abs(area) / 2
		if math.Abs(area/sphere-1) > 1e-4 {
			t.Errorf("cell at %g°: projected area %.8g, sphere %.8g (ratio %.6f)", lat, area, sphere, area/sphere)
		}
	}
}

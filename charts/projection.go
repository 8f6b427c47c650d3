package charts

import "math"

// Equal Earth projection (Šavrič, Patterson and Jenny 2018, "The Equal Earth
// map projection", IJGIS 33(3)), on the unit sphere. It is equal-area, so a
// country's painted area is proportional to its real area, as a choropleth
// needs.
const (
	eeA1 = 1.340264
	eeA2 = -0.081106
	eeA3 = 0.000893
	eeA4 = 0.003796
)

var eeM = math.Sqrt(3) / 2

// EqualEarth projects longitude and latitude in degrees to x, y on the unit
// sphere: x in about ±2.7066, y in about ±1.3174.
func EqualEarth(lon, lat float64) (x, y float64) {
	l := lon * math.Pi / 180
	p := lat * math.Pi / 180
	t := math.Asin(eeM * math.Sin(p))
	t2 := t * t
	t6 := t2 * t2 * t2
	x = 2 * math.Sqrt(3) * l * math.Cos(t) / (3 * (9*eeA4*t6*t2 + 7*eeA3*t6 + 3*eeA2*t2 + eeA1))
	y = t * (eeA4*t6*t2 + eeA3*t6 + eeA2*t2 + eeA1)
	return x, y
}

// EqualEarthInverse returns the longitude and latitude of a projected point,
// by Newton's method on the polynomial in θ, as in the paper.
func EqualEarthInverse(x, y float64) (lon, lat float64) {
	t := y
	for i := 0; i < 12; i++ {
		t2 := t * t
		t6 := t2 * t2 * t2
		f := t*(eeA4*t6*t2+eeA3*t6+eeA2*t2+eeA1) - y
		df := 9*eeA4*t6*t2 + 7*eeA3*t6 + 3*eeA2*t2 + eeA1
		d := f / df
		t -= d
		if math.Abs(d) < 1e-12 {
			break
		}
	}
	t2 := t * t
	t6 := t2 * t2 * t2
	l := eeM * x * (9*eeA4*t6*t2 + 7*eeA3*t6 + 3*eeA2*t2 + eeA1) / math.Cos(t)
	p := math.Asin(math.Sin(t) / eeM)
	return l * 180 / math.Pi, p * 180 / math.Pi
}

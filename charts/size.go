package charts

import (
	"runtime"
	"sync"
	"weak"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Size is the width and height a figure is drawn at.
type Size struct{ W, H vg.Length }

// The sizes the figures are designed for.
var (
	MapSize        = Size{24 * vg.Centimeter, 13.5 * vg.Centimeter}
	CoverageSize   = Size{24 * vg.Centimeter, 10.5 * vg.Centimeter}
	CyberPowerSize = Size{20 * vg.Centimeter, 9.5 * vg.Centimeter}
	GrowthSize     = Size{24 * vg.Centimeter, 12 * vg.Centimeter}
	TimelineSize   = Size{26 * vg.Centimeter, 11 * vg.Centimeter}
	HeatmapSize    = Size{17 * vg.Centimeter, 12 * vg.Centimeter}
	// RegionsSize is StatesByRegion's: five regions.
	RegionsSize = Size{20 * vg.Centimeter, 7 * vg.Centimeter}
)

// BarsSize is the size of a bar chart of n bars: 0.65 cm a bar below a
// title and legend, 6 cm at least.
func BarsSize(n int) Size {
	return Size{20 * vg.Centimeter, max(6*vg.Centimeter, 2.5*vg.Centimeter+vg.Length(n)*0.65*vg.Centimeter)}
}

// Each builder records the size its plot is designed for, so that a caller
// can draw a figure with one call (figure.Plot(charts.Growth(d))). Plots
// are keyed weakly: the record goes with the plot.
var sizes sync.Map // weak.Pointer[plot.Plot] → Size

func sized(p *plot.Plot, s Size) *plot.Plot {
	k := weak.Make(p)
	sizes.Store(k, s)
	runtime.AddCleanup(p, func(k weak.Pointer[plot.Plot]) { sizes.Delete(k) }, k)
	return p
}

// SizeOf returns the size p's builder designed it for, or a 20 × 12 cm
// default for a plot this package did not build.
func SizeOf(p *plot.Plot) Size {
	if s, ok := sizes.Load(weak.Make(p)); ok {
		return s.(Size)
	}
	return Size{20 * vg.Centimeter, 12 * vg.Centimeter}
}

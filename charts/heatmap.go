package charts

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Heatmap draws a square matrix of values in [0, 1] (a similarity), rows and
// columns in the given order, each cell coloured by its value (from the
// smallest value shown to 1) and labelled with it.
func Heatmap(title string, labels []string, m [][]float64, order []int) (*plot.Plot, error) {
	if len(m) != len(labels) {
		return nil, fmt.Errorf("heatmap: %d labels for a %d × %d matrix", len(labels), len(m), len(m))
	}
	if order == nil {
		for i := range labels {
			order = append(order, i)
		}
	}
	p := newPlot(title)
	p.HideAxes()
	p.Add(&heatmap{labels: labels, m: m, order: order})
	return sized(p, HeatmapSize), nil
}

type heatmap struct {
	labels []string
	m      [][]float64
	order  []int
}

// shade maps [0, 1] from paper to a deep blue.
func shade(v float64) color.Color {
	deep := color.RGBA{0x08, 0x45, 0x94, 0xff}
	return blend(color.RGBA{0xf7, 0xfb, 0xff, 0xff}, deep, v)
}

func (h *heatmap) Plot(c draw.Canvas, _ *plot.Plot) {
	r := c.Rectangle
	sty := textStyle(9, false, Ink)
	left := vg.Length(0)
	for _, l := range h.labels {
		left = max(left, sty.Width(l))
	}
	left += vg.Points(8)
	n := len(h.order)
	top := lineHeight(sty) * 2.5
	cell := min((r.Size().X-left)/vg.Length(n), (r.Size().Y-top)/vg.Length(n))
	x0, y0 := r.Min.X+left, r.Max.Y-top
	// The colour scale runs from the smallest value shown to 1.
	lo := 1.0
	for _, row := range h.m {
		for _, v := range row {
			lo = min(lo, v)
		}
	}
	scale := func(v float64) float64 {
		if lo >= 1 {
			return 1
		}
		return (v - lo) / (1 - lo)
	}
	for row, i := range h.order {
		y := y0 - vg.Length(row+1)*cell
		ls := sty
		ls.XAlign, ls.YAlign = draw.XRight, draw.YCenter
		c.FillText(ls, vg.Point{X: x0 - vg.Points(5), Y: y + cell/2}, h.labels[i])
		for col, j := range h.order {
			x := x0 + vg.Length(col)*cell
			v := h.m[i][j]
			fillRect(c, shade(scale(v)), x+0.5, y+0.5, x+cell-0.5, y+cell-0.5)
			vs := sty
			vs.XAlign, vs.YAlign = draw.XCenter, draw.YCenter
			if scale(v) > 0.55 {
				vs.Color = Paper
			}
			c.FillText(vs, vg.Point{X: x + cell/2, Y: y + cell/2}, fmt.Sprintf("%.2f", v))
		}
	}
	for col, j := range h.order {
		ls := sty
		ls.XAlign, ls.YAlign = draw.XCenter, draw.YBottom
		lines := wrap(h.labels[j], ls, cell-vg.Points(4))
		for k, line := range lines {
			c.FillText(ls, vg.Point{X: x0 + (vg.Length(col)+0.5)*cell, Y: y0 + vg.Points(3) + vg.Length(len(lines)-1-k)*lineHeight(ls)}, line)
		}
	}
}

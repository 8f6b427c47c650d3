package charts

import (
	"image/color"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// drawCheck draws a tick centred on pt, about size wide.
func drawCheck(c draw.Canvas, pt vg.Point, size vg.Length, clr color.Color) {
	s := size / 2
	c.StrokeLines(draw.LineStyle{Color: clr, Width: size / 7},
		[]vg.Point{{X: pt.X - 0.8*s, Y: pt.Y + 0.05*s}, {X: pt.X - 0.25*s, Y: pt.Y - 0.55*s}, {X: pt.X + 0.85*s, Y: pt.Y + 0.65*s}})
}

// drawCross draws a cross centred on pt, about size wide.
func drawCross(c draw.Canvas, pt vg.Point, size vg.Length, clr color.Color) {
	s := size * 0.32
	sty := draw.LineStyle{Color: clr, Width: size / 9}
	c.StrokeLines(sty, []vg.Point{{X: pt.X - s, Y: pt.Y - s}, {X: pt.X + s, Y: pt.Y + s}})
	c.StrokeLines(sty, []vg.Point{{X: pt.X - s, Y: pt.Y + s}, {X: pt.X + s, Y: pt.Y - s}})
}

// fillRect fills a rectangle given by its corners.
func fillRect(c draw.Canvas, clr color.Color, x0, y0, x1, y1 vg.Length) {
	c.FillPolygon(clr, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
}

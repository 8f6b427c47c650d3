package charts

import (
	"image"
	"image/color"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// Rectangles filled by the raster canvas's own path match gonum's canvas
// to within the rounding of an edge pixel, at whole and fractional
// positions, opaque or not, moved or not; a rotated one is left to gonum's
// canvas and matches it exactly.
func TestPNGCanvasFillsRectanglesAsGonum(t *testing.T) {
	w, h := 3*vg.Inch, 2*vg.Inch
	rects := []struct {
		x0, y0, x1, y1 vg.Length
		clr            color.Color
		rotate         bool
	}{
		{0, 0, w, h, color.White, false},                                      // a whole background
		{10.3, 20.7, 100.1, 51.25, color.RGBA{0x00, 0x72, 0xb2, 0xff}, false}, // fractional edges
		{-5, 30, 40.5, 300, color.RGBA{0x40, 0x20, 0x00, 0x80}, false},        // translucent, past the edges
		{50, 50, 50.2, 80, color.RGBA{0xa0, 0x3c, 0x3c, 0xff}, false},         // thinner than a pixel
		{30.5, 10.25, 60.75, 40.5, color.RGBA{0x00, 0x9e, 0x73, 0xff}, true},  // rotated: gonum's
		{72, 72, 144, 108, color.NRGBA{0xe6, 0x9f, 0x00, 0x99}, false},        // whole pixels
	}
	for i, r := range rects {
		ours := newPNGCanvas(w, h, 150)
		theirs := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(150))
		for _, c := range []vg.Canvas{ours, theirs} {
			c.SetColor(color.RGBA{0xf3, 0xf7, 0xfa, 0xff})
			var bg vg.Path
			bg.Move(vg.Point{X: 0, Y: 0})
			bg.Line(vg.Point{X: 7, Y: 0})
			bg.Line(vg.Point{X: 7, Y: 300})
			bg.Close() // a triangle: gonum's path on both
			c.Fill(bg)
			c.Push()
			c.Translate(vg.Point{X: 3.3, Y: 1.7})
			if r.rotate {
				c.Rotate(0.5)
			}
			c.SetColor(r.clr)
			var p vg.Path
			p.Move(vg.Point{X: r.x0, Y: r.y0})
			p.Line(vg.Point{X: r.x1, Y: r.y0})
			p.Line(vg.Point{X: r.x1, Y: r.y1})
			p.Line(vg.Point{X: r.x0, Y: r.y1})
			p.Close()
			c.Fill(p)
			c.Pop()
		}
		a, b := ours.img, theirs.Image().(*image.RGBA)
		worst := 0
		for j := range a.Pix {
			worst = max(worst, abs(int(a.Pix[j])-int(b.Pix[j])))
		}
		if tol := map[bool]int{false: 3, true: 0}[r.rotate]; worst > tol {
			t.Errorf("rectangle %d: a channel differs by %d from gonum's canvas (at most %d)", i, worst, tol)
		}
	}
}

package charts

import (
	"image"
	"image/color"
	"reflect"
	"testing"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// pathRecorder is a canvas that keeps a copy of each path it fills and
// strokes, and draws nothing.
type pathRecorder struct {
	record       bool
	fills, lines []vg.Path
}

func (r *pathRecorder) Fill(p vg.Path) {
	if r.record {
		r.fills = append(r.fills, append(vg.Path(nil), p...))
	}
}

func (r *pathRecorder) Stroke(p vg.Path) {
	if r.record {
		r.lines = append(r.lines, append(vg.Path(nil), p...))
	}
}
func (*pathRecorder) SetLineWidth(vg.Length)                 {}
func (*pathRecorder) SetLineDash([]vg.Length, vg.Length)     {}
func (*pathRecorder) SetColor(color.Color)                   {}
func (*pathRecorder) Rotate(float64)                         {}
func (*pathRecorder) Translate(vg.Point)                     {}
func (*pathRecorder) Scale(float64, float64)                 {}
func (*pathRecorder) Push()                                  {}
func (*pathRecorder) Pop()                                   {}
func (*pathRecorder) FillString(font.Face, vg.Point, string) {}
func (*pathRecorder) DrawImage(vg.Rectangle, image.Image)    {}

// Each ring is filled and stroked as its own closed path though one path
// holds them all in turn, and drawing them allocates that one path, not a
// path per ring.
func TestFillAndStrokeReusesOnePath(t *testing.T) {
	rings := []mapRing{
		{fill: color.Black, pts: []vg.Point{{X: 0, Y: 0}, {X: 10, Y: 0}, {X: 10, Y: 10}, {X: 0, Y: 0}}},
		{fill: color.White, pts: []vg.Point{{X: 1, Y: 1}, {X: 2, Y: 1}, {X: 2, Y: 2}, {X: 1, Y: 3}, {X: 1, Y: 1}}},
		{fill: color.Black, pts: []vg.Point{{X: 5, Y: 5}, {X: 6, Y: 5}, {X: 5, Y: 6}}},
	}
	rec := &pathRecorder{record: true}
	fillAndStroke(rec, rings, draw.LineStyle{Width: 1})
	if len(rec.fills) != len(rings) || !reflect.DeepEqual(rec.fills, rec.lines) {
		t.Fatalf("%d fills, %d strokes", len(rec.fills), len(rec.lines))
	}
	for i, r := range rings {
		var want vg.Path
		want.Move(r.pts[0])
		for _, pt := range r.pts[1:] {
			want.Line(pt)
		}
		want.Close()
		if !reflect.DeepEqual(rec.fills[i], want) {
			t.Errorf("ring %d drawn as %v, want %v", i, rec.fills[i], want)
		}
	}
	quiet := &pathRecorder{}
	if n := testing.AllocsPerRun(20, func() { fillAndStroke(quiet, rings, draw.LineStyle{Width: 1}) }); n > 1 {
		t.Errorf("%v allocations for %d rings", n, len(rings))
	}
}

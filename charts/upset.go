package charts

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// UpSetData is what an UpSet chart shows: sets (here instruments), each
// with its size, and the exact combinations of sets with their counts.
type UpSetData struct {
	Title string
	// Sets name the matrix's rows, top to bottom; Sizes are how many
	// members each set has in all (the bars beside the names).
	Sets  []string
	Sizes []int
	// Combinations are the matrix's columns, left to right (largest first,
	// as a reader expects).
	Combinations []UpSetCombination
	// CountLabel names the combinations' counts ("states"), SizeLabel the
	// sets' sizes ("states in all").
	CountLabel, SizeLabel string
}

// UpSetCombination is one exact combination: In holds the indexes of the
// sets its members belong to, and to no other.
type UpSetCombination struct {
	In    []int
	Count int
}

// UpSetSize is the size of an UpSet chart of sets rows and combinations
// columns: the bars above take a fixed height, the matrix 0.75 cm a row;
// the width grows with the columns, from 20 cm (room for a title) to 26 cm.
func UpSetSize(sets, combinations int) Size {
	w := min(26*vg.Centimeter, max(20*vg.Centimeter, 10*vg.Centimeter+vg.Length(combinations)*1.3*vg.Centimeter))
	return Size{w, 9*vg.Centimeter + vg.Length(sets)*0.75*vg.Centimeter}
}

// UpSet draws an UpSet chart: one vertical bar per combination, with the
// dot matrix below saying which sets it is, and each set's size as a
// horizontal bar beside its name. It is the readable form of a Venn
// diagram of more than three sets.
func UpSet(d UpSetData) (*plot.Plot, error) {
	if len(d.Sets) == 0 {
		return nil, errors.New("upset chart: no set")
	}
	if len(d.Sizes) != len(d.Sets) {
		return nil, fmt.Errorf("upset chart: %d sizes for %d sets", len(d.Sizes), len(d.Sets))
	}
	if len(d.Combinations) == 0 {
		return nil, errors.New("upset chart: no combination")
	}
	for i, n := range d.Sizes {
		if n < 0 {
			return nil, fmt.Errorf("upset chart: set %q has size %d", d.Sets[i], n)
		}
	}
	for j, c := range d.Combinations {
		if c.Count < 0 {
			return nil, fmt.Errorf("upset chart: combination %d has count %d", j, c.Count)
		}
		if len(c.In) == 0 {
			return nil, fmt.Errorf("upset chart: combination %d is in no set", j)
		}
		seen := map[int]bool{}
		for _, i := range c.In {
			if i < 0 || i >= len(d.Sets) || seen[i] {
				return nil, fmt.Errorf("upset chart: combination %d names set %d, not one of %d sets once", j, i, len(d.Sets))
			}
			seen[i] = true
		}
	}
	p := newPlot(d.Title)
	p.HideAxes()
	p.Add(&upset{d: d})
	// A long title (a long language) widens the chart rather than being cut.
	size := UpSetSize(len(d.Sets), len(d.Combinations))
	size.W = max(size.W, p.Title.TextStyle.Width(d.Title)+vg.Centimeter)
	return sized(p, size), nil
}

type upset struct{ d UpSetData }

func (u *upset) Plot(c draw.Canvas, _ *plot.Plot) {
	d := u.d
	r := c.Rectangle
	sty := textStyle(9, false, Ink)
	small := textStyle(8, false, Muted)
	rowH := vg.Points(0.75 * 28.3465)
	matrixH := vg.Length(len(d.Sets)) * rowH
	nameW := vg.Length(0)
	for _, s := range d.Sets {
		nameW = max(nameW, sty.Width(s))
	}
	nameW += vg.Points(10)
	maxSize := 1
	for _, n := range d.Sizes {
		maxSize = max(maxSize, n)
	}
	// Left: the sets' sizes as bars growing leftwards to their names.
	sizeW := 3.5 * vg.Centimeter
	numW := small.Width(strconv.Itoa(maxSize)) + vg.Points(4)
	matrixX := r.Min.X + sizeW + nameW
	colW := (r.Max.X - matrixX) / vg.Length(len(d.Combinations))
	colW = min(colW, 2*vg.Centimeter)
	// Few columns: centred in the room right of the names, which the
	// shaded rows still reach.
	namesEnd := matrixX
	matrixX += (r.Max.X - matrixX - colW*vg.Length(len(d.Combinations))) / 2
	dot := min(rowH, colW) * 0.32
	top := r.Max.Y - lineHeight(sty) - vg.Points(4) // room for the axis label
	matrixTop := r.Min.Y + matrixH
	barsBottom := matrixTop + vg.Points(6)
	barsH := top - barsBottom - lineHeight(small)
	maxCount := 1
	for _, cb := range d.Combinations {
		maxCount = max(maxCount, cb.Count)
	}
	barFill := SupporterClr
	// The count label, above the bars.
	lab := sty
	lab.Color = Muted
	c.FillText(lab, vg.Point{X: matrixX, Y: r.Max.Y}, d.CountLabel)
	sl := small
	sl.XAlign, sl.YAlign = draw.XRight, draw.YBottom
	c.FillText(sl, vg.Point{X: r.Min.X + sizeW - vg.Points(2), Y: matrixTop + vg.Points(3)}, d.SizeLabel)
	// Shade every other row, so a row is followed across the columns.
	for i := range d.Sets {
		y1 := matrixTop - vg.Length(i)*rowH
		if i%2 == 0 {
			fillRect(c, blend(Paper, HeaderFill, 0.8), r.Min.X+sizeW, y1-rowH, max(namesEnd, matrixX+colW*vg.Length(len(d.Combinations))), y1)
		}
		yc := y1 - rowH/2
		t := sty
		t.YAlign = draw.YCenter
		t.XAlign = draw.XLeft
		c.FillText(t, vg.Point{X: r.Min.X + sizeW + vg.Points(6), Y: yc}, d.Sets[i])
		// The set's size.
		w := (sizeW - numW - vg.Points(6)) * vg.Length(d.Sizes[i]) / vg.Length(maxSize)
		x1 := r.Min.X + sizeW - vg.Points(2)
		fillRect(c, blend(Paper, Muted, 0.55), x1-w, yc-dot, x1, yc+dot)
		n := small
		n.YAlign, n.XAlign = draw.YCenter, draw.XRight
		c.FillText(n, vg.Point{X: x1 - w - vg.Points(2), Y: yc}, strconv.Itoa(d.Sizes[i]))
	}
	for j, cb := range d.Combinations {
		xc := matrixX + (vg.Length(j)+0.5)*colW
		// The bar and its count.
		h := barsH * vg.Length(cb.Count) / vg.Length(maxCount)
		bw := colW * 0.62
		fillRect(c, barFill, xc-bw/2, barsBottom, xc+bw/2, barsBottom+h)
		n := small
		n.Color, n.XAlign, n.YAlign = Ink, draw.XCenter, draw.YBottom
		c.FillText(n, vg.Point{X: xc, Y: barsBottom + h + vg.Points(2)}, strconv.Itoa(cb.Count))
		// The matrix: a dot per set, filled where the combination is in it,
		// joined by a line from its first set to its last.
		in := map[int]bool{}
		lo, hi := len(d.Sets), -1
		for _, i := range cb.In {
			in[i] = true
			lo, hi = min(lo, i), max(hi, i)
		}
		yOf := func(i int) vg.Length { return matrixTop - (vg.Length(i)+0.5)*rowH }
		if hi > lo {
			c.StrokeLine2(draw.LineStyle{Color: Ink, Width: vg.Points(1.6)}, xc, yOf(lo), xc, yOf(hi))
		}
		for i := range d.Sets {
			clr := color.Color(blend(Paper, Rule, 0.7))
			if in[i] {
				clr = Ink
			}
			c.SetColor(clr)
			c.Fill(circle(vg.Point{X: xc, Y: yOf(i)}, dot))
		}
	}
}

// circle is a closed path around pt.
func circle(pt vg.Point, radius vg.Length) vg.Path {
	var path vg.Path
	path.Move(vg.Point{X: pt.X + radius, Y: pt.Y})
	path.Arc(pt, radius, 0, 2*math.Pi)
	path.Close()
	return path
}

// NoData is a figure that says, under its title, why there is nothing to
// draw (no state joined, no instrument joined on the day), so that a data
// set without the rows an exhibit reads still gets its report.
func NoData(title, message string) *plot.Plot {
	p := newPlot(title)
	p.HideAxes()
	p.Add(noData(message))
	return sized(p, Size{20 * vg.Centimeter, 5 * vg.Centimeter})
}

type noData string

func (m noData) Plot(c draw.Canvas, _ *plot.Plot) {
	sty := textStyle(10, false, Muted)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	c.FillText(sty, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: (c.Min.Y + c.Max.Y) / 2}, string(m))
}

package charts

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/labels"
)

// Note marks a date on a time chart.
type Note struct {
	Date civil.Date
	Text string
}

// GrowthData is what the growth chart shows: series analysis computed.
type GrowthData struct {
	// Series are the categories to draw, in order (analysis.GrowthByCategory).
	Series []analysis.CategorySeries
	// End is the last date of the history: the lines run to it and the
	// legend counts on it.
	End civil.Date
	// Censored is the date of the first record and CensoredCount how many
	// supporters it already lists: they joined on or before it, so the
	// curves start too high there.
	Censored      civil.Date
	CensoredCount int
	Notes         []Note
	// AsOf, when set, is the date the rest of the report is for: marked
	// with a solid line.
	AsOf civil.Date
	Lang labels.Lang
}

func unix(d civil.Date) float64 { return float64(d.Time().Unix()) }

// Growth draws the number of supporters present over time, one step line
// per category, with the left censoring of the first record and the notes
// marked.
func Growth(d GrowthData) (*plot.Plot, error) {
	l := d.Lang
	p := newPlot(l.T("chart.growth.title"))
	p.Y.Label.Text = l.T("chart.growth.y")
	p.Y.Min = 0
	p.X.Tick.Marker = yearTicks{}
	p.Legend.Top, p.Legend.Left = false, false
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(6), vg.Points(40)
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = blend(Paper, Rule, 0.5), blend(Paper, Rule, 0.5)
	p.Add(grid)
	last := d.End
	end := unix(last)
	top := 0.0
	// The legend's counts are those of the last date: it says so.
	p.Legend.Add(l.T("chart.growth.count", l.LongDate(last)))
	for _, cs := range d.Series {
		var xys plotter.XYs
		for i, day := range cs.Dates {
			xys = append(xys, plotter.XY{X: unix(day), Y: float64(cs.Counts[i])})
		}
		if len(xys) == 0 {
			continue
		}
		xys = append(xys, plotter.XY{X: end, Y: xys[len(xys)-1].Y})
		for _, xy := range xys {
			top = max(top, xy.Y)
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		line.StepStyle = plotter.PostStep
		line.Color = CategoryColors[cs.Category]
		line.Width = vg.Points(1.6)
		p.Add(line)
		p.Legend.Add(fmt.Sprintf("%s (%d)", l.Category(cs.Category), cs.Last()), line)
	}
	notes := d.Notes
	if !d.Censored.IsZero() {
		n := d.CensoredCount
		notes = append([]Note{{Date: d.Censored, Text: l.T("chart.growth.censored", n)}}, notes...)
	}
	marks := &vlines{}
	for i, n := range notes {
		marks.lines = append(marks.lines, vline{x: unix(n.Date), text: n.Text, row: i})
	}
	if !d.AsOf.IsZero() {
		date := l.LongDate(d.AsOf)
		marks.lines = append(marks.lines, vline{x: unix(d.AsOf), text: l.T("chart.growth.asof", date), row: len(notes), solid: true})
	}
	// Headroom above the curves for the labels.
	p.Y.Max = top * (1 + 0.055*float64(len(marks.lines)+1))
	p.Add(marks)
	return sized(p, GrowthSize), nil
}

// vlines marks dates with vertical lines and labels: every line first, then
// every label on a paper box, so that no line strikes through a label.
type vlines struct{ lines []vline }

func (v *vlines) Plot(c draw.Canvas, p *plot.Plot) {
	for i := range v.lines {
		v.lines[i].line(c, p)
	}
	for i := range v.lines {
		v.lines[i].label(c, p)
	}
}

// DataRange makes the vertical lines part of the plot's x range.
func (v *vlines) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	for _, l := range v.lines {
		xmin, xmax = min(xmin, l.x), max(xmax, l.x)
	}
	return xmin, xmax, 0, 0
}

// vline marks a date with a dashed (or solid) line and a label.
type vline struct {
	x     float64
	text  string
	row   int
	solid bool
}

func (v *vline) line(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(v.x)
	sty := draw.LineStyle{Color: Muted, Width: 0.6, Dashes: []vg.Length{vg.Points(3), vg.Points(2)}}
	if v.solid {
		sty = draw.LineStyle{Color: Ink, Width: 0.9}
	}
	c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
}

func (v *vline) label(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(v.x)
	ts := textStyle(7.5, false, Muted)
	if v.solid {
		ts = textStyle(7.5, true, Ink)
	}
	ts.XAlign = draw.XLeft
	if x > (c.Min.X+c.Max.X)/2 {
		ts.XAlign = draw.XRight
		x -= vg.Points(3)
	} else {
		x += vg.Points(3)
	}
	pt := vg.Point{X: x, Y: c.Max.Y - vg.Points(2) - vg.Length(v.row)*lineHeight(ts)}
	box := ts.Rectangle(v.text).Add(pt)
	fillRect(c, Paper, box.Min.X-1, box.Min.Y, box.Max.X+1, box.Max.Y)
	c.FillText(ts, pt, v.text)
}

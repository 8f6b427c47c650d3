package charts

import (
	"fmt"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/labels"
)

// Coverage draws Tabel 2.1: frameworks (rows, in the table's order) by the
// nine principles (columns), a tick where the chapter prints one and a cross
// where it prints X. Labels are the chapter's (labels.ID, and quoted in
// labels.FR, which has no official titles here) or the Call's English
// titles (labels.EN).
func Coverage(principles []datasets.Principle, frameworks []datasets.Framework, cells []datasets.Cell, l labels.Lang) (*plot.Plot, error) {
	covered := map[string]map[int]bool{}
	for _, c := range cells {
		if covered[c.Framework] == nil {
			covered[c.Framework] = map[int]bool{}
		}
		covered[c.Framework][c.Principle] = c.Covered
	}
	t := &coverageTable{lang: l}
	for _, p := range principles {
		label := p.NameEN
		if l == labels.ID || l == labels.FR {
			label = p.LabelIDTable
		}
		t.cols = append(t.cols, label)
	}
	for _, f := range frameworks {
		row := make([]bool, len(principles))
		for i, p := range principles {
			v, ok := covered[f.ID][p.ID]
			if !ok {
				return nil, fmt.Errorf("coverage: no cell for %s × principle %d", f.ID, p.ID)
			}
			row[i] = v
		}
		name := f.NameAsPrinted
		t.rows = append(t.rows, name)
		t.cells = append(t.cells, row)
	}
	// The chapter's caption, verbatim in Indonesian, translated otherwise.
	p := newPlot(l.T("chart.coverage.title"))
	p.HideAxes()
	p.Add(t)
	return sized(p, CoverageSize), nil
}

type coverageTable struct {
	lang  labels.Lang
	cols  []string
	rows  []string
	cells [][]bool
}

func (t *coverageTable) Plot(c draw.Canvas, _ *plot.Plot) {
	r := c.Rectangle
	r.Max.X -= vg.Points(8) // a right margin: the header band does not run off the page
	head := textStyle(8.5, false, Ink)
	bold := textStyle(9.5, true, Ink)
	small := textStyle(7.5, false, Muted)
	pad := vg.Points(5)

	left := vg.Length(0)
	for _, n := range t.rows {
		if w := bold.Width(n); w > left {
			left = w
		}
	}
	left += 2 * pad
	colW := (r.Size().X - left) / vg.Length(len(t.cols))
	// A word cannot be wrapped: shrink the header font until the longest
	// word of any label fits its column.
	for _, h := range t.cols {
		for _, w := range strings.Fields(h) {
			for head.Width(w) > colW-2*pad && head.Font.Size > 6 {
				head.Font.Size -= 0.25
			}
		}
	}
	lines := make([][]string, len(t.cols))
	headLines := 0
	for i, h := range t.cols {
		lines[i] = wrap(h, head, colW-2*pad)
		if len(lines[i]) > headLines {
			headLines = len(lines[i])
		}
	}
	span := lineHeight(bold) + pad
	headH := vg.Length(headLines)*lineHeight(head) + 2*pad
	foot := lineHeight(small) + pad
	top := r.Max.Y
	gridTop := top - span - headH
	rowH := (gridTop - r.Min.Y - foot) / vg.Length(len(t.rows))

	// The spanning header and the column labels, as the table prints them.
	fillRect(c, HeaderFill, r.Min.X, gridTop, r.Max.X, top)
	name := t.lang.T("chart.coverage.name")
	c.FillText(bold, vg.Point{X: r.Min.X + pad, Y: top - pad/2}, name)
	c.FillText(bold, vg.Point{X: r.Min.X + left + pad, Y: top - pad/2}, t.lang.T("chart.coverage.principles"))
	for i := range t.cols {
		x := r.Min.X + left + vg.Length(i)*colW
		drawLines(c, head, vg.Point{X: x + pad, Y: top - span - pad}, lines[i])
	}
	rule := draw.LineStyle{Color: Rule, Width: 0.5}
	c.StrokeLine2(rule, r.Min.X+left, top-span, r.Max.X, top-span)

	for j, row := range t.rows {
		y1 := gridTop - vg.Length(j)*rowH
		y0 := y1 - rowH
		sty := bold
		sty.YAlign = draw.YCenter
		c.FillText(sty, vg.Point{X: r.Min.X + pad, Y: (y0 + y1) / 2}, row)
		for i, ok := range t.cells[j] {
			x0 := r.Min.X + left + vg.Length(i)*colW
			clr := NoFill
			if ok {
				clr = YesFill
			}
			fillRect(c, clr, x0+1, y0+1, x0+colW-1, y1-1)
			mid := vg.Point{X: x0 + colW/2, Y: (y0 + y1) / 2}
			size := min(colW, rowH) * 0.5
			if ok {
				drawCheck(c, mid, size, YesMark)
			} else {
				drawCross(c, mid, size*0.8, NoMark)
			}
		}
		c.StrokeLine2(rule, r.Min.X, y0, r.Max.X, y0)
	}
	src := t.lang.T("chart.coverage.source")
	c.FillText(small, vg.Point{X: r.Min.X, Y: r.Min.Y + lineHeight(small)}, src)
}

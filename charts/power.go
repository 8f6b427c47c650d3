package charts

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/labels"
)

// CyberPower draws Tabel 2.2, Nye's matrix: information and physical
// instruments (rows) by effects inside and outside cyberspace (columns), each
// cell with its hard- and soft-power example.
func CyberPower(cells []datasets.PowerCell, l labels.Lang) (*plot.Plot, error) {
	t := &powerTable{lang: l}
	at := map[[3]string]datasets.PowerCell{}
	for _, c := range cells {
		at[[3]string{c.Instrument, c.Locus, c.Power}] = c
	}
	for i, inst := range []string{"information", "physical"} {
		for j, locus := range []string{"intra", "extra"} {
			for k, power := range []string{"hard", "soft"} {
				c, ok := at[[3]string{inst, locus, power}]
				if !ok {
					return nil, fmt.Errorf("cyber power: no cell %s × %s × %s", inst, locus, power)
				}
				t.examples[i][j][k] = l.Pick(c.ExampleID, c.ExampleEN)
				t.rows[i] = l.Pick(c.InstrumentLabelID, c.InstrumentLabelEN)
				t.cols[j] = l.Pick(c.LocusLabelID, c.LocusLabelEN)
			}
		}
	}
	// The chapter's caption, verbatim in Indonesian, translated otherwise.
	p := newPlot(l.T("chart.power.title"))
	p.HideAxes()
	p.Add(t)
	return sized(p, CyberPowerSize), nil
}

type powerTable struct {
	lang     labels.Lang
	rows     [2]string
	cols     [2]string
	examples [2][2][2]string // instrument, locus, hard/soft
}

func (t *powerTable) Plot(c draw.Canvas, _ *plot.Plot) {
	r := c.Rectangle
	r.Max.X -= vg.Points(8) // a right margin: the header band does not run off the page
	pad := vg.Points(7)
	bold := textStyle(10, true, Ink)
	body := textStyle(10, false, Ink)
	small := textStyle(7.5, false, Muted)
	left := max(bold.Width(t.rows[0]), bold.Width(t.rows[1])) + 2*pad
	left = min(left, r.Size().X/4)
	foot := lineHeight(small) + pad
	headH := lineHeight(bold) + 2*pad
	colW := (r.Size().X - left) / 2
	rowH := (r.Size().Y - headH - foot) / 2
	top := r.Max.Y
	rule := draw.LineStyle{Color: Rule, Width: 0.5}

	fillRect(c, HeaderFill, r.Min.X, top-headH, r.Max.X, top)
	fillRect(c, HeaderFill, r.Min.X, top-headH-2*rowH, r.Min.X+left, top-headH)
	for j, h := range t.cols {
		sty := bold
		sty.XAlign = draw.XCenter
		c.FillText(sty, vg.Point{X: r.Min.X + left + (vg.Length(j)+0.5)*colW, Y: top - pad}, h)
	}
	hard, soft := "Hard", "Soft"
	for i, h := range t.rows {
		y1 := top - headH - vg.Length(i)*rowH
		drawLines(c, bold, vg.Point{X: r.Min.X + pad, Y: y1 - pad}, wrap(h, bold, left-2*pad))
		for j := range t.cols {
			x := r.Min.X + left + vg.Length(j)*colW + pad
			y := y1 - pad
			for k, label := range []string{hard, soft} {
				c.FillText(bold, vg.Point{X: x, Y: y}, label+":")
				y -= lineHeight(bold)
				y -= drawLines(c, body, vg.Point{X: x + pad, Y: y}, wrap(t.examples[i][j][k], body, colW-3*pad))
				if k == 0 {
					y -= pad / 2
				}
			}
		}
		c.StrokeLine2(rule, r.Min.X, y1-rowH, r.Max.X, y1-rowH)
	}
	c.StrokeLine2(rule, r.Min.X, top-headH, r.Max.X, top-headH)
	c.StrokeLine2(rule, r.Min.X+left+colW, top, r.Min.X+left+colW, top-headH-2*rowH)
	c.StrokeLine2(rule, r.Min.X+left, top, r.Min.X+left, top-headH-2*rowH)
	src := t.lang.T("chart.power.source")
	c.FillText(small, vg.Point{X: r.Min.X, Y: r.Min.Y + lineHeight(small)}, src)
}

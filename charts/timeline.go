package charts

import (
	"fmt"
	"image/color"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/labels"
)

// KindGlyphs are the markers of the timeline's kinds of event.
var KindGlyphs = map[string]draw.GlyphDrawer{
	"institution": draw.CircleGlyph{},
	"policy":      draw.BoxGlyph{},
	"report":      draw.TriangleGlyph{},
	"incident":    draw.CrossGlyph{},
	"agreement":   draw.PyramidGlyph{},
}

var kindColors = map[string]color.Color{
	"institution": color.RGBA{0x00, 0x72, 0xb2, 0xff},
	"policy":      color.RGBA{0x00, 0x9e, 0x73, 0xff},
	"report":      color.RGBA{0xcc, 0x79, 0xa7, 0xff},
	"incident":    color.RGBA{0xd5, 0x5e, 0x00, 0xff},
	"agreement":   color.RGBA{0x56, 0x3d, 0x7c, 0xff},
}

// Timeline draws the doctrine timeline: a lane for domestic events above a
// lane for international ones, each event a marker by kind at its date with
// its label, labels stacked in rows so that none overlaps another.
func Timeline(events []datasets.Event, l labels.Lang) (*plot.Plot, error) {
	t := &timeline{lang: l}
	for _, e := range events {
		if e.Date.IsZero() {
			return nil, fmt.Errorf("timeline: event %s has no date", e.ID)
		}
		d := e.Date.Time()
		x := float64(d.Year()) + float64(d.YearDay()-1)/365.25
		if e.Precision == "year" {
			x += 0.5
		}
		lane := 1
		if e.Level == "international" {
			lane = 0
		}
		label := l.Pick(e.LabelID, e.LabelEN) + " " + e.DateISO
		if e.CorrectedDateISO != "" {
			// The chapter's date stays where it puts the event; the sources' date is said.
			label += l.T("chart.timeline.sources", e.CorrectedDateISO)
			t.corrected = true
		}
		t.events = append(t.events, tlEvent{x: x, lane: lane, kind: e.Kind, label: label, corrected: e.CorrectedDateISO != ""})
	}
	sort.SliceStable(t.events, func(i, j int) bool { return t.events[i].x < t.events[j].x })
	p := newPlot(l.T("chart.timeline.title"))
	p.HideAxes()
	p.Add(t)
	return sized(p, TimelineSize), nil
}

type tlEvent struct {
	x         float64
	lane      int
	kind      string
	label     string
	corrected bool // public sources date it outside the chapter's period
}

type timeline struct {
	lang      labels.Lang
	events    []tlEvent
	corrected bool
}

// Corrected marks the events whose chapter date public sources contradict.
var Corrected = color.RGBA{0xc0, 0x1c, 0x28, 0xff}

func (t *timeline) Plot(c draw.Canvas, _ *plot.Plot) {
	r := c.Rectangle
	sty := textStyle(7.5, false, Ink)
	sty.YAlign = draw.YCenter
	laneSty := textStyle(9, true, Ink)
	small := textStyle(7.5, false, Muted)
	// A broken axis: 1940–1985 holds four events, 1985–2020 sixteen.
	from, brk, to := 1940.0, 1985.0, 2020.0
	left := vg.Points(8)
	axisH := lineHeight(small) + vg.Points(8)
	legendH := lineHeight(small) + vg.Points(6)
	width := r.Size().X - 2*left
	xOf := func(x float64) vg.Length {
		f := 0.16 * (x - from) / (brk - from)
		if x >= brk {
			f = 0.19 + 0.81*(x-brk)/(to-brk)
		}
		return r.Min.X + left + vg.Length(f)*width
	}
	rowH := lineHeight(sty) * 1.05
	laneH := (r.Size().Y - axisH - legendH) / 2
	// Labels go in rows above each lane's line; a label takes the first row
	// where it overlaps nothing.
	type placed struct{ x0, x1 vg.Length }
	rows := map[int][][]placed{}
	for _, e := range t.events {
		base := r.Min.Y + axisH + legendH + vg.Length(e.lane)*laneH + vg.Points(14)
		mark := xOf(e.x)
		w := sty.Width(e.label) + vg.Points(6)
		// A label goes right of its marker, or left of it near the end.
		x := mark
		if x+w > r.Max.X {
			x = mark - w
		}
		row := 0
		for ; ; row++ {
			if row >= len(rows[e.lane]) {
				rows[e.lane] = append(rows[e.lane], nil)
			}
			free := true
			for _, p := range rows[e.lane][row] {
				if x < p.x1 && x+w > p.x0 {
					free = false
					break
				}
			}
			if free {
				break
			}
		}
		rows[e.lane][row] = append(rows[e.lane][row], placed{x, x + w})
		y := base + vg.Length(row+1)*rowH
		clr := kindColors[e.kind]
		c.StrokeLine2(draw.LineStyle{Color: blend(Paper, clr, 0.5), Width: 0.5}, mark, base, mark, y)
		c.DrawGlyphNoClip(draw.GlyphStyle{Color: clr, Radius: vg.Points(3.2), Shape: KindGlyphs[e.kind]}, vg.Point{X: mark, Y: base})
		ts := sty
		if e.kind == "incident" {
			ts.Color = clr
		}
		if e.corrected {
			c.DrawGlyphNoClip(draw.GlyphStyle{Color: Corrected, Radius: vg.Points(5.5), Shape: draw.RingGlyph{}}, vg.Point{X: mark, Y: base})
			ts.Color = Corrected
		}
		tx := mark + vg.Points(3)
		if x < mark {
			ts.XAlign = draw.XRight
			tx = mark - vg.Points(3)
		}
		c.FillText(ts, vg.Point{X: tx, Y: y}, e.label)
	}
	for lane, name := range []string{t.lang.T("chart.timeline.international"), t.lang.T("chart.timeline.domestic")} {
		base := r.Min.Y + axisH + legendH + vg.Length(lane)*laneH + vg.Points(14)
		c.StrokeLine2(draw.LineStyle{Color: Rule, Width: 0.8}, xOf(from), base, xOf(brk-0.01), base)
		c.StrokeLine2(draw.LineStyle{Color: Rule, Width: 0.8}, xOf(brk), base, xOf(to), base)
		ls := laneSty
		ls.YAlign = draw.YTop
		c.FillText(ls, vg.Point{X: r.Min.X, Y: base + laneH - vg.Points(16)}, name)
	}
	// The time axis, every decade.
	ay := r.Min.Y + legendH + axisH - vg.Points(2)
	axis := draw.LineStyle{Color: Rule, Width: 0.5}
	c.StrokeLine2(axis, xOf(from), ay, xOf(brk-0.01), ay)
	c.StrokeLine2(axis, xOf(brk), ay, xOf(to), ay)
	for _, bx := range []vg.Length{xOf(brk - 0.01), xOf(brk)} { // the break mark
		c.StrokeLine2(axis, bx-vg.Points(2), ay-vg.Points(3), bx+vg.Points(2), ay+vg.Points(3))
	}
	ax := small
	ax.XAlign, ax.YAlign = draw.XCenter, draw.YTop
	for _, y := range []float64{1940, 1960, 1980, 1990, 2000, 2010, 2020} {
		c.StrokeLine2(axis, xOf(y), ay, xOf(y), ay-vg.Points(3))
		c.FillText(ax, vg.Point{X: xOf(y), Y: ay - vg.Points(4)}, fmt.Sprint(int(y)))
	}
	// Legend of kinds.
	x := r.Min.X
	ly := r.Min.Y + legendH/2
	lsty := small
	lsty.YAlign = draw.YCenter
	for _, k := range []string{"institution", "policy", "report", "incident", "agreement"} {
		c.DrawGlyphNoClip(draw.GlyphStyle{Color: kindColors[k], Radius: vg.Points(3), Shape: KindGlyphs[k]}, vg.Point{X: x + vg.Points(4), Y: ly})
		label := t.lang.T(k)
		c.FillText(lsty, vg.Point{X: x + vg.Points(10), Y: ly}, label)
		x += vg.Points(20) + lsty.Width(label)
	}
	if t.corrected {
		c.DrawGlyphNoClip(draw.GlyphStyle{Color: Corrected, Radius: vg.Points(4), Shape: draw.RingGlyph{}}, vg.Point{X: x + vg.Points(4), Y: ly})
		cs := lsty
		cs.Color = Corrected
		c.FillText(cs, vg.Point{X: x + vg.Points(10), Y: ly}, t.lang.T("chart.timeline.contradicted"))
	}
}

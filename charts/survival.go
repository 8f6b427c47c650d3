package charts

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/labels"
)

// SurvivalSize is the size of a Kaplan–Meier chart.
var SurvivalSize = Size{22 * vg.Centimeter, 12 * vg.Centimeter}

// SurvivalStep is a Kaplan–Meier estimate after Time (days from the
// curve's origin), with its confidence bounds (NaN where undefined).
type SurvivalStep struct {
	Time, Survival, Lower, Upper float64
}

// SurvivalCurve is one group's estimate: it starts at 1 on day Start (the
// first entry) and steps at each of Steps.
type SurvivalCurve struct {
	Label string
	Start float64
	Steps []SurvivalStep
	Color color.Color
	Band  bool // draw the confidence band
}

// SurvivalData is what the Kaplan–Meier chart shows.
type SurvivalData struct {
	Title, YLabel string
	// Origin is day 0: the x axis shows dates.
	Origin civil.Date
	Curves []SurvivalCurve
	// Cumulative draws 1 - S, the share that has had the event (joined),
	// rising from 0, with the bounds turned over.
	Cumulative bool
	Lang       labels.Lang
}

// Survival draws Kaplan–Meier estimates as step functions, each with its
// confidence interval as a shaded band where asked.
func Survival(d SurvivalData) (*plot.Plot, error) {
	if len(d.Curves) == 0 {
		return nil, errors.New("survival chart: no curve")
	}
	if d.Origin.IsZero() {
		return nil, errors.New("survival chart: no origin date")
	}
	l := d.Lang
	p := newPlot(d.Title)
	p.Y.Label.Text = d.YLabel
	p.X.Tick.Marker = yearTicks{}
	p.Legend.Top, p.Legend.Left = !d.Cumulative, true
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(8), vg.Points(-4)
	if d.Cumulative {
		p.Legend.YOffs = vg.Points(0)
		p.Legend.Top = true
	}
	p.Legend.Padding = vg.Points(2.5)
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = blend(Paper, Rule, 0.5), blend(Paper, Rule, 0.5)
	p.Add(grid)
	x := func(days float64) float64 { return unix(d.Origin) + days*86400 }
	y := func(s float64) float64 {
		if d.Cumulative {
			return 1 - s
		}
		return s
	}
	top, bottom := 0.0, 1.0
	for _, c := range d.Curves {
		if len(c.Steps) == 0 {
			return nil, fmt.Errorf("survival chart: curve %s has no step", c.Label)
		}
		// The curve: 1 from Start, then a step at each time.
		line := plotter.XYs{{X: x(c.Start), Y: y(1)}}
		var upper, lower plotter.XYs
		prevLo, prevHi := 1.0, 1.0
		upper = append(upper, plotter.XY{X: x(c.Start), Y: y(1)})
		lower = append(lower, plotter.XY{X: x(c.Start), Y: y(1)})
		for _, s := range c.Steps {
			if s.Time < c.Start {
				return nil, fmt.Errorf("survival chart: curve %s steps at day %g, before its start %g", c.Label, s.Time, c.Start)
			}
			line = append(line, plotter.XY{X: x(s.Time), Y: y(s.Survival)})
			lo, hi := s.Lower, s.Upper
			if math.IsNaN(lo) || math.IsNaN(hi) {
				lo, hi = s.Survival, s.Survival
			}
			upper = append(upper, plotter.XY{X: x(s.Time), Y: y(prevHi)}, plotter.XY{X: x(s.Time), Y: y(hi)})
			lower = append(lower, plotter.XY{X: x(s.Time), Y: y(prevLo)}, plotter.XY{X: x(s.Time), Y: y(lo)})
			prevLo, prevHi = lo, hi
			vs := []float64{y(s.Survival)}
			if c.Band {
				vs = append(vs, y(lo), y(hi))
			}
			for _, v := range vs {
				top, bottom = max(top, v), min(bottom, v)
			}
		}
		if c.Band {
			ring := append(plotter.XYs{}, upper...)
			for i := len(lower) - 1; i >= 0; i-- {
				ring = append(ring, lower[i])
			}
			poly, err := plotter.NewPolygon(ring)
			if err != nil {
				return nil, err
			}
			poly.Color = blend(Paper, c.Color, 0.22)
			poly.LineStyle.Width = 0
			p.Add(poly)
		}
		ln, err := plotter.NewLine(line)
		if err != nil {
			return nil, err
		}
		ln.StepStyle = plotter.PostStep
		ln.Color = c.Color
		ln.Width = vg.Points(1.6)
		p.Add(ln)
		label := c.Label
		if c.Band {
			label += " " + l.T("survival.band", "95")
		}
		p.Legend.Add(label, ln)
	}
	if d.Cumulative {
		p.Y.Min, p.Y.Max = 0, math.Min(1, top*1.25+0.02)
	} else {
		p.Y.Min, p.Y.Max = math.Max(0, bottom-0.05), 1.005
	}
	return sized(p, SurvivalSize), nil
}

// JoiningCurve reads one group's Kaplan–Meier estimate from the joining_km
// table (group "all" for every party), starting at the group's first entry
// in the joining table and labelled with the parties at risk then. It
// returns the curve's origin too.
func JoiningCurve(set *datasets.Set, instrument, outcome, group, label string) (SurvivalCurve, civil.Date, error) {
	c := SurvivalCurve{Label: label}
	var origin civil.Date
	num := func(v string) (float64, error) {
		if v == "" {
			return math.NaN(), nil
		}
		return strconv.ParseFloat(v, 64)
	}
	jt := set.Tables["joining"]
	c.Start = math.Inf(1)
	for _, r := range jt.Rows {
		g := func(n string) string { return jt.Table.Get(r, n) }
		if g("instrument") != instrument || g("outcome") != outcome || (group != "all" && g("group") != group) {
			continue
		}
		e, err := num(g("entry_days"))
		if err != nil {
			return c, origin, fmt.Errorf("joining: entry_days: %w", err)
		}
		c.Start = math.Min(c.Start, e)
		if origin, err = civil.Parse(g("origin")); err != nil {
			return c, origin, fmt.Errorf("joining: origin: %w", err)
		}
	}
	if math.IsInf(c.Start, 1) {
		return c, origin, fmt.Errorf("joining: no %s %s rows for group %s", instrument, outcome, group)
	}
	km := set.Tables["joining_km"]
	for _, r := range km.Rows {
		g := func(n string) string { return km.Table.Get(r, n) }
		if g("instrument") != instrument || g("outcome") != outcome || g("group") != group {
			continue
		}
		if len(c.Steps) == 0 {
			c.Label += " (" + g("n_risk") + ")"
		}
		var st SurvivalStep
		for _, f := range []struct {
			name string
			to   *float64
		}{{"time_days", &st.Time}, {"survival", &st.Survival}, {"ci_lower", &st.Lower}, {"ci_upper", &st.Upper}} {
			v, err := num(g(f.name))
			if err != nil {
				return c, origin, fmt.Errorf("joining_km: %s: %w", f.name, err)
			}
			*f.to = v
		}
		c.Steps = append(c.Steps, st)
	}
	return c, origin, nil
}

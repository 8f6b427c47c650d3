package charts

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Stack is one bar made of parts, keyed like the chart's keys.
type Stack struct {
	Label string
	Parts map[string]float64
}

// StackedBars draws horizontal bars, one per stack from top to bottom, each
// divided into parts in the order of keys, with the total at the end.
func StackedBars(title string, stacks []Stack, keys []string, colors map[string]color.Color, labels map[string]string) (*plot.Plot, error) {
	for _, s := range stacks {
		for k, v := range s.Parts {
			if !slices.Contains(keys, k) {
				return nil, fmt.Errorf("bars %q: bar %q has a part %q that is not a key", title, s.Label, k)
			}
			if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("bars %q: bar %q, part %q: %v is not a count", title, s.Label, k, v)
			}
		}
	}
	for _, k := range keys {
		if colors[k] == nil {
			return nil, fmt.Errorf("bars %q: key %q has no colour", title, k)
		}
	}
	p := newPlot(title)
	p.HideAxes()
	p.Add(&stackedBars{stacks: stacks, keys: keys, colors: colors, labels: labels})
	return sized(p, BarsSize(len(stacks))), nil
}

// Bars draws one horizontal bar per label.
func Bars(title string, labels []string, values []float64, clr color.Color) (*plot.Plot, error) {
	if len(labels) != len(values) {
		return nil, fmt.Errorf("bars %q: %d labels for %d values", title, len(labels), len(values))
	}
	stacks := make([]Stack, len(labels))
	for i := range labels {
		stacks[i] = Stack{Label: labels[i], Parts: map[string]float64{"": values[i]}}
	}
	return StackedBars(title, stacks, []string{""}, map[string]color.Color{"": clr}, nil)
}

type stackedBars struct {
	stacks []Stack
	keys   []string
	colors map[string]color.Color
	labels map[string]string
}

func (b *stackedBars) Plot(c draw.Canvas, _ *plot.Plot) {
	r := c.Rectangle
	sty := textStyle(9, false, Ink)
	sty.YAlign = draw.YCenter
	left := vg.Length(0)
	maxTotal := 0.0
	for _, s := range b.stacks {
		left = max(left, sty.Width(s.Label))
		t := 0.0
		for _, v := range s.Parts {
			t += v
		}
		maxTotal = max(maxTotal, t)
	}
	left += vg.Points(8)
	legendH := vg.Length(0)
	if len(b.keys) > 1 {
		legendH = lineHeight(sty) + vg.Points(6)
	}
	right := sty.Width(strconv.Itoa(int(maxTotal))) + vg.Points(6)
	if maxTotal == 0 {
		maxTotal = 1
	}
	rowH := (r.Size().Y - legendH) / vg.Length(max(1, len(b.stacks)))
	barH := min(rowH*0.7, vg.Points(18))
	scale := (r.Size().X - left - right) / vg.Length(maxTotal)
	for i, s := range b.stacks {
		y := r.Max.Y - legendH - (vg.Length(i)+0.5)*rowH
		c.FillText(sty, vg.Point{X: r.Min.X, Y: y}, s.Label)
		x := r.Min.X + left
		total := 0.0
		for _, k := range b.keys {
			v := s.Parts[k]
			if v <= 0 {
				continue
			}
			w := vg.Length(v) * scale
			fillRect(c, b.colors[k], x, y-barH/2, x+w, y+barH/2)
			x += w
			total += v
		}
		c.FillText(sty, vg.Point{X: x + vg.Points(4), Y: y}, trimFloat(total))
	}
	if len(b.keys) > 1 {
		x := r.Min.X + left
		y := r.Max.Y - legendH/2
		sw := vg.Points(8)
		for _, k := range b.keys {
			fillRect(c, b.colors[k], x, y-sw/2, x+sw, y+sw/2)
			label := b.labels[k]
			if label == "" {
				label = k
			}
			c.FillText(sty, vg.Point{X: x + sw + vg.Points(3), Y: y}, label)
			x += sw + vg.Points(3) + sty.Width(label) + vg.Points(12)
		}
	}
}

func trimFloat(v float64) string {
	if v == float64(int64(v)) {
		return strconv.FormatInt(int64(v), 10)
	}
	return fmt.Sprintf("%.2f", v)
}

// Package figure shows gonum plots in GoNB notebooks, as PNG images with
// their text alternative, drawn by the study's charts.
//
// It is a package of its own so that a cell that shows no figure does not
// link the charts.
package figure

import (
	"math"

	"github.com/janpfeifer/gonb/gonbui/protocol"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/notebooks/display"
)

// DPI is the figures' resolution: 1.5 image pixels for each CSS pixel of
// the size a figure is designed for (96 CSS pixels to the inch), sharp on
// most screens, with 56 % of the pixels of 2x.
const DPI = 144

// PlotData renders p at size s as the display Plot sends: a PNG, shown at
// the size the chart is designed for, and alt, its text alternative, as
// text/plain (the title when alt is empty).
//
// A figure is sent as PNG alone, without the SVG it could also be. A
// notebook's readers see it exported by nbconvert or rendered by a code
// host, not only in Jupyter: nbconvert picks image/svg+xml before image/png
// whenever both are there, and its HTML exporter passes the SVG through an
// HTML cleaner that drops every element inside <svg> (nbconvert 6.5 and
// 7.0, jupyter/nbconvert#1849) or, since, the style attributes a gonum SVG
// draws with (#1894), leaving an empty box; code hosts' notebook viewers
// have dropped SVG outputs too. A PNG is rendered by all of them.
func PlotData(p *plot.Plot, s charts.Size, alt string) (*protocol.DisplayData, error) {
	png, err := charts.Render(p, s, "png", charts.Options{DPI: DPI})
	if err != nil {
		return nil, err
	}
	if alt == "" {
		alt = p.Title.Text
	}
	return &protocol.DisplayData{
		Data: map[protocol.MIMEType]any{protocol.MIMEImagePNG: png, protocol.MIMETextPlain: alt},
		// Jupyter's image metadata: the width and height in CSS pixels, in
		// a type GoNB's pipe (gob) has registered: with any other the
		// pipe closes, and every later display of the cell is lost.
		Metadata: map[string]any{string(protocol.MIMEImagePNG): map[string]int{
			"width": cssPixels(s.W), "height": cssPixels(s.H),
		}},
	}, nil
}

// cssPixels is a length in CSS pixels, 96 to the inch.
func cssPixels(l vg.Length) int { return int(math.Round(l.Points() * 96 / 72)) }

// Plot shows what a chart builder returns, at the size the chart is
// designed for, or the builder's error as one line:
//
//	figure.Plot(charts.Bars(title, names, values, colour))
func Plot(p *plot.Plot, err error) {
	if err != nil {
		display.Error(err)
		return
	}
	PlotAt(p, charts.SizeOf(p))
}

// PlotAt shows p at size s.
func PlotAt(p *plot.Plot, s charts.Size) {
	d, err := PlotData(p, s, "")
	if err != nil {
		display.Error(err)
		return
	}
	display.Send(d)
}

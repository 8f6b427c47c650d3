package charts

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Formats are the file formats Render writes.
var Formats = []string{"svg", "png", "pdf"}

// Options control rendering.
type Options struct {
	// DPI of PNG output; 0 means 150.
	DPI int
	// Date is written as the PDF's creation date, which otherwise would be
	// the time of rendering and make every PDF different.
	Date time.Time
}

// Render draws p at size s in format "svg", "png" or "pdf". The same plot and
// options give the same bytes.
func Render(p *plot.Plot, s Size, format string, o Options) ([]byte, error) {
	w, h := s.W, s.H
	var c interface {
		vg.CanvasWriterTo
	}
	switch format {
	case "svg":
		c = vgsvg.NewWith(vgsvg.UseWH(w, h))
	case "png":
		dpi := o.DPI
		if dpi == 0 {
			dpi = 150
		}
		c = newPNGCanvas(w, h, dpi)
	case "pdf":
		d := o.Date
		if d.IsZero() {
			d = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		c = newPDF(w, h, d)
	default:
		return nil, fmt.Errorf("unknown format %q (want svg, png or pdf)", format)
	}
	p.Draw(draw.New(c))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, err
	}
	if format == "svg" {
		return compactPaths(b.Bytes()), nil
	}
	return b.Bytes(), nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

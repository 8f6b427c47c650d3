package charts

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"sync"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
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

var pdfDates sync.Mutex

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
		c = fastPNG{vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))}
	case "pdf":
		// fpdf reads its creation date and whether to sort its resource
		// catalogue (otherwise in map order) from package defaults when the
		// canvas is made.
		pdfDates.Lock()
		fpdf.SetDefaultCatalogSort(true)
		d := o.Date
		if d.IsZero() {
			d = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		fpdf.SetDefaultCreationDate(d)
		fpdf.SetDefaultModificationDate(d)
		c = newPDF(w, h)
		pdfDates.Unlock()
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

// fastPNG writes PNG with the fastest deflate level (the default level took
// a third of reproduce's time, for files a quarter smaller) and one fixed row
// filter, pngFilter, in place of image/png's per-row search.
type fastPNG struct{ *vgimg.Canvas }

func (c fastPNG) WriteTo(w io.Writer) (int64, error) {
	cw := &countingWriter{w: w}
	m, ok := c.Image().(*image.RGBA)
	if !ok {
		err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(cw, c.Image())
		return cw.n, err
	}
	err := encodePNG(cw, m, pngFilter)
	return cw.n, err
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

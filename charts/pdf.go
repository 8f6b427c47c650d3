// The canvas follows gonum/plot's vg/vgpdf (Copyright ©2015 The Gonum
// Authors, BSD-3-Clause, as gonum/plot is distributed), drawing through a
// writer of its own.

package charts

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"io"
	"math"
	"strconv"
	"sync"
	"time"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cybernorms/cybernorms/charts/internal/pdf"
)

// pdfCanvas draws to a PDF as gonum/plot's vgpdf does, through the small
// writer of charts/internal/pdf: each face is embedded once per document
// as a subset of the glyphs the page uses, its program read once per
// process. vgpdf embeds the whole font program (412 KB of LiberationSans)
// in every PDF, builds it anew for every size and selects bold faces under
// a style it never registered; a general PDF library parses the program
// again for every document. The canvas writes a change of colour, opacity,
// width or dash only when it changes what the page's state holds.
type pdfCanvas struct {
	doc   *pdf.Document
	w, h  vg.Length
	stack []pdfState
	buf   sfnt.Buffer
}

// pdfState is the graphics state the page holds, saved and restored with
// it.
type pdfState struct {
	width vg.Length // as vg's canvas holds it: nothing is stroked at 0
	// What has been written: the colour (valid once set), the opacity
	// (1 until set), the width and the dash pattern as written.
	rgb   color.NRGBA
	set   bool
	alpha uint8
	w     float64
	dash  string
}

func newPDF(w, h vg.Length, date time.Time) *pdfCanvas {
	c := &pdfCanvas{
		doc:   pdf.New(w.Points(), h.Points(), date),
		w:     w,
		h:     h,
		stack: []pdfState{{alpha: 0xff, w: 1}},
	}
	vg.Initialize(c)
	return c
}

func (c *pdfCanvas) Size() (w, h vg.Length) { return c.w, c.h }

func (c *pdfCanvas) top() *pdfState { return &c.stack[len(c.stack)-1] }

func (c *pdfCanvas) SetLineWidth(w vg.Length) {
	s := c.top()
	s.width = w
	if p := w.Points(); p >= 0 && p != s.w {
		c.doc.LineWidth(p)
		s.w = p
	}
}

func (c *pdfCanvas) SetLineDash(dashes []vg.Length, offs vg.Length) {
	ds := make([]float64, len(dashes))
	for i, d := range dashes {
		ds[i] = d.Points()
	}
	key := fmt.Sprint(ds, offs.Points())
	if len(ds) == 0 {
		key = ""
	}
	if s := c.top(); key != s.dash {
		c.doc.Dash(ds, offs.Points())
		s.dash = key
	}
}

func (c *pdfCanvas) SetColor(clr color.Color) {
	if clr == nil {
		clr = color.Black
	}
	n := color.NRGBAModel.Convert(clr).(color.NRGBA)
	s := c.top()
	if rgb := (color.NRGBA{R: n.R, G: n.G, B: n.B}); !s.set || rgb != s.rgb {
		c.doc.Color(rgb)
		s.rgb, s.set = rgb, true
	}
	c.setAlpha(n.A)
}

func (c *pdfCanvas) setAlpha(a uint8) {
	if s := c.top(); a != s.alpha {
		c.doc.Alpha(float64(a) / 255)
		s.alpha = a
	}
}

func (c *pdfCanvas) Rotate(r float64) {
	sin, cos := math.Sincos(r)
	c.doc.Transform(cos, sin, -sin, cos, 0, 0)
}

func (c *pdfCanvas) Translate(pt vg.Point) {
	c.doc.Transform(1, 0, 0, 1, pt.X.Points(), pt.Y.Points())
}

func (c *pdfCanvas) Scale(x, y float64) { c.doc.Transform(x, 0, 0, y, 0, 0) }

func (c *pdfCanvas) Push() {
	c.stack = append(c.stack, *c.top())
	c.doc.Save()
}

func (c *pdfCanvas) Pop() {
	if len(c.stack) == 1 {
		c.doc.Fail(fmt.Errorf("charts: a canvas popped more than pushed"))
		return
	}
	c.stack = c.stack[:len(c.stack)-1]
	c.doc.Restore()
}

func (c *pdfCanvas) Stroke(p vg.Path) {
	if c.top().width > 0 && c.path(p) {
		c.doc.Stroke()
	}
}

func (c *pdfCanvas) Fill(p vg.Path) {
	if c.path(p) {
		c.doc.Fill()
	}
}

// path writes a path's segments, and whether there were any.
func (c *pdfCanvas) path(path vg.Path) bool {
	var start, cur vg.Point // of the subpath, and the current point
	open := false
	for _, comp := range path {
		switch comp.Type {
		case vg.MoveComp:
			c.doc.MoveTo(comp.Pos.X.Points(), comp.Pos.Y.Points())
			start, cur, open = comp.Pos, comp.Pos, true
		case vg.LineComp:
			c.doc.LineTo(comp.Pos.X.Points(), comp.Pos.Y.Points())
			cur = comp.Pos
		case vg.ArcComp:
			cur = c.arc(comp, open)
			if !open {
				start = comp.Pos.Add(vg.Point{X: comp.Radius * vg.Length(math.Cos(comp.Start)), Y: comp.Radius * vg.Length(math.Sin(comp.Start))})
			}
			open = true
		case vg.CurveComp:
			p := comp.Pos
			var a, b vg.Point
			switch len(comp.Control) {
			case 1:
				// A quadratic curve as the cubic it is: each control two
				// thirds of the way from an end to the quadratic's.
				q := comp.Control[0]
				a = cur.Add(q.Sub(cur).Scale(2.0 / 3))
				b = p.Add(q.Sub(p).Scale(2.0 / 3))
			case 2:
				a, b = comp.Control[0], comp.Control[1]
			default:
				c.doc.Fail(fmt.Errorf("charts: a curve with %d control points", len(comp.Control)))
				return false
			}
			c.doc.CurveTo(a.X.Points(), a.Y.Points(), b.X.Points(), b.Y.Points(), p.X.Points(), p.Y.Points())
			cur = p
		case vg.CloseComp:
			c.doc.ClosePath()
			cur = start
		default:
			c.doc.Fail(fmt.Errorf("charts: unknown path component %d", comp.Type))
			return false
		}
	}
	return len(path) > 0
}

// arc draws an arc as cubic Bézier curves of at most a quarter turn each,
// joined by a line to the current point if there is one, and returns
// where it ends.
func (c *pdfCanvas) arc(comp vg.PathComp, open bool) vg.Point {
	cx, cy, r := comp.Pos.X.Points(), comp.Pos.Y.Points(), comp.Radius.Points()
	at := func(a float64) (float64, float64) { return cx + r*math.Cos(a), cy + r*math.Sin(a) }
	x0, y0 := at(comp.Start)
	if open {
		c.doc.LineTo(x0, y0)
	} else {
		c.doc.MoveTo(x0, y0)
	}
	n := int(math.Ceil(math.Abs(comp.Angle) / (math.Pi / 2)))
	step := comp.Angle / float64(n)
	// The control points lie along the tangents, k radii from the ends.
	k := 4.0 / 3 * math.Tan(step/4)
	for i := range n {
		a, b := comp.Start+float64(i)*step, comp.Start+float64(i+1)*step
		xa, ya := at(a)
		xb, yb := at(b)
		c.doc.CurveTo(xa-k*r*math.Sin(a), ya+k*r*math.Cos(a), xb+k*r*math.Sin(b), yb-k*r*math.Cos(b), xb, yb)
	}
	x1, y1 := at(comp.Start + comp.Angle)
	return vg.Point{X: vg.Points(x1), Y: vg.Points(y1)}
}

// FillString sets s in the face's font with its baseline's left end at pt,
// kerned as gonum/plot measures it.
func (c *pdfCanvas) FillString(f font.Face, pt vg.Point, s string) {
	if f.Font.Size == 0 {
		return
	}
	ft, err := pdfFont(f)
	if err != nil {
		c.doc.Fail(err)
		return
	}
	upm := f.Face.UnitsPerEm()
	glyphs := make([]pdf.Glyph, 0, len(s))
	var prev sfnt.GlyphIndex
	for i, r := range s {
		g, err := f.Face.GlyphIndex(&c.buf, r)
		if err != nil {
			c.doc.Fail(fmt.Errorf("charts: %s: glyph of %q: %w", f.Name(), r, err))
			return
		}
		var kern float64
		if i > 0 {
			k, err := f.Face.Kern(&c.buf, prev, g, fixed.Int26_6(upm), xfont.HintingNone)
			if err == nil {
				kern = float64(k) * 1000 / float64(upm)
			}
		}
		glyphs = append(glyphs, pdf.Glyph{ID: uint16(g), Text: string(r), Kern: kern})
		prev = g
	}
	c.doc.Text(ft, f.Font.Size.Points(), pt.X.Points(), pt.Y.Points(), glyphs)
}

func (c *pdfCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	sz := rect.Size()
	c.doc.Image(img, rect.Min.X.Points(), rect.Min.Y.Points(), sz.X.Points(), sz.Y.Points())
}

// WriteTo writes the document; the canvas is closed after.
func (c *pdfCanvas) WriteTo(w io.Writer) (int64, error) {
	n, err := c.doc.WriteTo(w)
	if err != nil {
		return n, fmt.Errorf("pdf: %w", err)
	}
	return n, nil
}

// drawRings writes the map's rings straight into the page, each filled
// and stroked by one operator, at integer coordinates in quarters of a point
// (0.09 mm, a third of the white border's width; a tenth of a point took a
// digit more a coordinate for nothing the eye sees at the 0.75 pt the rings
// are simplified to): through the canvas's paths, a ring's points come once
// to fill it and once more to stroke it, each coordinate with two decimals.
// The rings are deflated on another core while the rest of the page is
// drawn.
func (c *pdfCanvas) drawRings(rings []mapRing, border draw.LineStyle) {
	opaque := len(border.Dashes) == 0
	for _, r := range rings {
		if _, _, _, a := r.fill.RGBA(); a != 0xffff {
			opaque = false
		}
	}
	if _, _, _, a := border.Color.RGBA(); a != 0xffff || !opaque {
		fillAndStroke(c, rings, border)
		return
	}
	const unit = 4 // per point
	// Opaque rings on whatever opacity the last colour left set.
	c.setAlpha(0xff)
	b := make([]byte, 0, 1<<16)
	rgb := func(clr color.Color, op string) {
		r, g, bl, _ := clr.RGBA()
		for _, v := range []uint32{r, g, bl} {
			b = strconv.AppendFloat(b, math.Round(float64(v>>8)/255*1000)/1000, 'f', -1, 64)
			b = append(b, ' ')
		}
		b = append(b, op...)
		b = append(b, '\n')
	}
	// Within q and Q: the state the canvas keeps track of is left as it
	// was found.
	b = append(b, "q "...)
	b = strconv.AppendFloat(b, 1.0/unit, 'f', -1, 64)
	b = append(b, " 0 0 "...)
	b = strconv.AppendFloat(b, 1.0/unit, 'f', -1, 64)
	b = append(b, " 0 0 cm\n"...)
	b = strconv.AppendFloat(b, math.Round(border.Width.Points()*unit*1000)/1000, 'f', -1, 64)
	b = append(b, " w\n"...)
	rgb(border.Color, "RG")
	var last color.Color
	var q [][2]int64
	for _, r := range rings {
		if r.fill != last {
			rgb(r.fill, "rg")
			last = r.fill
		}
		// The ring on the grid, without a point that repeats the one
		// before it, nor the first at the end: b closes the path itself.
		q = q[:0]
		for _, pt := range r.pts {
			p := [2]int64{int64(math.Round(pt.X.Points() * unit)), int64(math.Round(pt.Y.Points() * unit))}
			if len(q) == 0 || p != q[len(q)-1] {
				q = append(q, p)
			}
		}
		for len(q) > 1 && q[len(q)-1] == q[0] {
			q = q[:len(q)-1]
		}
		for i, p := range q {
			b = strconv.AppendInt(b, p[0], 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, p[1], 10)
			if i == 0 {
				b = append(b, " m "...)
			} else {
				b = append(b, " l "...)
			}
		}
		b = append(b, "b\n"...)
	}
	b = append(b, 'Q')
	c.doc.Part(b)
}

// pdfFonts holds each face's font program as PDFs embed it, read once a
// process.
var pdfFonts sync.Map // face name → pdfFontEntry

type pdfFontEntry struct {
	once sync.Once
	font *pdf.Font
	err  error
}

// pdfFont is f's font program without its hinting (see pdf.Unhinted), read;
// a program that cannot be read without hinting is read as it is.
func pdfFont(f font.Face) (*pdf.Font, error) {
	v, _ := pdfFonts.LoadOrStore(f.Name(), &pdfFontEntry{})
	e := v.(*pdfFontEntry)
	e.once.Do(func() {
		var src bytes.Buffer
		if _, err := f.Face.WriteSourceTo(nil, &src); err != nil {
			e.err = fmt.Errorf("charts: font %s: %w", f.Name(), err)
			return
		}
		b := src.Bytes()
		if u, err := pdf.Unhinted(b); err == nil {
			b = u
		}
		if e.font, e.err = pdf.ParseTrueType(b); e.err != nil {
			e.err = fmt.Errorf("charts: font %s: %w", f.Name(), e.err)
		}
	})
	return e.font, e.err
}

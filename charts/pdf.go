// This file adapts gonum/plot's vg/vgpdf canvas (Copyright ©2015 The Gonum
// Authors, BSD-3-Clause, as gonum/plot is distributed) to embed fonts as
// fpdf's UTF-8 fonts.

package charts

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"strconv"
	"sync"

	"codeberg.org/go-pdf/fpdf"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// pdfCanvas draws to a PDF as gonum/plot's vgpdf does, but embeds each face
// as an fpdf UTF-8 font, registered once under its own name and cut at
// output to the glyphs the page uses. vgpdf embeds the whole font program
// (412 KB of LiberationSans) in every PDF, builds it anew for every size,
// through a temporary directory of fpdf's makefont, and selects bold faces
// under a style it never registered; here a chart's PDF holds a few dozen
// glyphs of each face it draws, bold included.
type pdfCanvas struct {
	doc   *fpdf.Fpdf
	w, h  vg.Length
	stack []pdfContext
	fonts map[string]bool
	n     int // images drawn
}

type pdfContext struct{ width vg.Length }

const pdfDPI = 72

func newPDF(w, h vg.Length) *pdfCanvas {
	c := &pdfCanvas{
		doc:   fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: w.Points(), Ht: h.Points()}}),
		w:     w,
		h:     h,
		stack: make([]pdfContext, 1),
		fonts: map[string]bool{},
	}
	c.doc.SetMargins(0, 0, 0)
	c.doc.AddPage()
	c.Push()
	c.Translate(vg.Point{X: 0, Y: c.h})
	c.Scale(1, -1)
	vg.Initialize(c)
	return c
}

func (c *pdfCanvas) Size() (w, h vg.Length) { return c.w, c.h }

func (c *pdfCanvas) unit(l vg.Length) float64 { return l.Dots(pdfDPI) }

func (c *pdfCanvas) point(p vg.Point) (float64, float64) { return c.unit(p.X), c.unit(p.Y) }

func (c *pdfCanvas) SetLineWidth(w vg.Length) {
	c.stack[len(c.stack)-1].width = w
	c.doc.SetLineWidth(c.unit(w))
}

func (c *pdfCanvas) SetLineDash(dashes []vg.Length, offs vg.Length) {
	ds := make([]float64, len(dashes))
	for i, d := range dashes {
		ds[i] = c.unit(d)
	}
	c.doc.SetDashPattern(ds, c.unit(offs))
}

func (c *pdfCanvas) SetColor(clr color.Color) {
	if clr == nil {
		clr = color.Black
	}
	r, g, b, a := clr.RGBA()
	c.doc.SetFillColor(int(r>>8), int(g>>8), int(b>>8))
	c.doc.SetDrawColor(int(r>>8), int(g>>8), int(b>>8))
	c.doc.SetTextColor(int(r>>8), int(g>>8), int(b>>8))
	c.doc.SetAlpha(float64(a)/math.MaxUint16, "Normal")
}

func (c *pdfCanvas) Rotate(r float64) { c.doc.TransformRotate(-r*180/math.Pi, 0, 0) }

func (c *pdfCanvas) Translate(pt vg.Point) {
	x, y := c.point(pt)
	c.doc.TransformTranslate(x, y)
}

func (c *pdfCanvas) Scale(x, y float64) { c.doc.TransformScale(x*100, y*100, 0, 0) }

func (c *pdfCanvas) Push() {
	c.stack = append(c.stack, c.stack[len(c.stack)-1])
	c.doc.TransformBegin()
}

func (c *pdfCanvas) Pop() {
	c.doc.TransformEnd()
	c.stack = c.stack[:len(c.stack)-1]
}

func (c *pdfCanvas) Stroke(p vg.Path) {
	if c.stack[len(c.stack)-1].width > 0 {
		c.path(p, "D")
	}
}

func (c *pdfCanvas) Fill(p vg.Path) { c.path(p, "F") }

func (c *pdfCanvas) path(path vg.Path, style string) {
	var x0, y0 float64
	for _, comp := range path {
		switch comp.Type {
		case vg.MoveComp:
			x0, y0 = c.point(comp.Pos)
			c.doc.MoveTo(x0, y0)
		case vg.LineComp:
			c.doc.LineTo(c.point(comp.Pos))
		case vg.ArcComp:
			c.arc(comp, style)
		case vg.CurveComp:
			px, py := c.point(comp.Pos)
			switch len(comp.Control) {
			case 1:
				cx, cy := c.point(comp.Control[0])
				c.doc.CurveTo(cx, cy, px, py)
			case 2:
				cx, cy := c.point(comp.Control[0])
				dx, dy := c.point(comp.Control[1])
				c.doc.CurveBezierCubicTo(cx, cy, dx, dy, px, py)
			default:
				panic("charts: a curve with " + fmt.Sprint(len(comp.Control)) + " control points")
			}
		case vg.CloseComp:
			c.doc.LineTo(x0, y0)
			c.doc.ClosePath()
		default:
			panic(fmt.Sprintf("charts: unknown path component %d", comp.Type))
		}
	}
	c.doc.DrawPath(style)
}

func (c *pdfCanvas) arc(comp vg.PathComp, style string) {
	x0 := comp.Pos.X + comp.Radius*vg.Length(math.Cos(comp.Start))
	y0 := comp.Pos.Y + comp.Radius*vg.Length(math.Sin(comp.Start))
	c.doc.LineTo(c.unit(x0), c.unit(y0))
	r := c.unit(comp.Radius)
	const deg = 180 / math.Pi
	beg := comp.Start * deg
	c.doc.Arc(c.unit(comp.Pos.X), c.unit(comp.Pos.Y), r, r, comp.Angle*deg, beg, beg+comp.Angle*deg, style)
	x1 := comp.Pos.X + comp.Radius*vg.Length(math.Cos(comp.Start+comp.Angle))
	y1 := comp.Pos.Y + comp.Radius*vg.Length(math.Sin(comp.Start+comp.Angle))
	c.doc.MoveTo(c.unit(x1), c.unit(y1))
}

// FillString sets s in the face's own font, registered on first use.
func (c *pdfCanvas) FillString(f font.Face, pt vg.Point, s string) {
	if f.Font.Size == 0 {
		return
	}
	name := f.Name()
	if !c.fonts[name] {
		c.doc.AddUTF8FontFromBytes(name, "", pdfFont(f))
		c.fonts[name] = true
	}
	size := c.unit(f.Font.Size)
	c.doc.SetFont(name, "", size)
	c.Push()
	defer c.Pop()
	c.Translate(pt)
	c.Scale(1, -1) // fpdf's origin is the top left corner
	d := c.doc.GetFontDesc(name, "")
	top := 0.81 * size
	if d.Ascent != d.Descent {
		top = -float64(d.Ascent) * size / float64(d.Ascent-d.Descent)
	}
	c.doc.MoveTo(-c.doc.GetCellMargin(), top)
	c.doc.CellFormat(c.doc.GetStringWidth(s), size, s, "", 0, "BL", false, 0, "")
}

func (c *pdfCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	opts := fpdf.ImageOptions{ImageType: "png", ReadDpi: true}
	c.n++
	name := fmt.Sprintf("image_%03d.png", c.n)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(fmt.Sprintf("charts: image in a PDF: %v", err))
	}
	c.doc.RegisterImageOptionsReader(name, opts, &buf)
	x, y := c.point(rect.Min)
	w, h := c.point(rect.Size())
	c.doc.ImageOptions(name, x, y, w, h, false, opts, 0, "")
}

// WriteTo writes the document; the canvas is closed after.
func (c *pdfCanvas) WriteTo(w io.Writer) (int64, error) {
	c.Pop()
	c.doc.Close()
	cw := &countingWriter{w: w}
	b := bufio.NewWriter(cw)
	if err := c.doc.Output(b); err != nil {
		return cw.n, err
	}
	return cw.n, b.Flush()
}

// drawRings writes the map's rings straight into the page, each filled
// and stroked by one operator, at integer coordinates in tenths of a point
// (0.035 mm): fpdf writes a path's points once to fill it and once more to
// stroke it, each coordinate with two decimals, which made the map's PDF
// ten times the size of any other chart's.
func (c *pdfCanvas) drawRings(rings []mapRing, border draw.LineStyle) {
	opaque := len(border.Dashes) == 0
	for _, r := range rings {
		if _, _, _, a := r.fill.RGBA(); a != 0xffff {
			opaque = false
		}
	}
	if _, _, _, a := border.Color.RGBA(); a != 0xffff || !opaque {
		for _, r := range rings {
			var p vg.Path
			p.Move(r.pts[0])
			for _, pt := range r.pts[1:] {
				p.Line(pt)
			}
			p.Close()
			c.SetColor(r.fill)
			c.Fill(p)
			c.SetLineWidth(border.Width)
			c.SetColor(border.Color)
			c.Stroke(p)
		}
		return
	}
	const unit = 10 // per point
	// Opaque rings on whatever opacity the last colour left set.
	c.doc.SetAlpha(1, "Normal")
	h := c.h.Points()
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
	// Within q and Q: the graphics state fpdf keeps track of is left as it
	// was found.
	b = append(b, "q 0.1 0 0 0.1 0 0 cm\n"...)
	b = strconv.AppendFloat(b, math.Round(border.Width.Points()*unit*1000)/1000, 'f', -1, 64)
	b = append(b, " w\n"...)
	rgb(border.Color, "RG")
	var last color.Color
	for _, r := range rings {
		if r.fill != last {
			rgb(r.fill, "rg")
			last = r.fill
		}
		var px, py int64
		for i, pt := range r.pts {
			x, y := int64(math.Round(pt.X.Points()*unit)), int64(math.Round((h-pt.Y.Points())*unit))
			if i > 0 && x == px && y == py {
				continue
			}
			b = strconv.AppendInt(b, x, 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, y, 10)
			if i == 0 {
				b = append(b, " m "...)
			} else {
				b = append(b, " l "...)
			}
			px, py = x, y
		}
		b = append(b, "b\n"...)
	}
	b = append(b, 'Q')
	c.doc.RawWriteStr(string(b))
}

// pdfFonts holds each face's font program as PDFs embed it, made once.
var pdfFonts sync.Map // face name → []byte

// pdfFont is f's font program without its hinting (see unhinted); a
// program that cannot be read so is embedded as it is.
func pdfFont(f font.Face) []byte {
	name := f.Name()
	if b, ok := pdfFonts.Load(name); ok {
		return b.([]byte)
	}
	var src bytes.Buffer
	if _, err := f.Face.WriteSourceTo(nil, &src); err != nil {
		panic(fmt.Sprintf("charts: font %s: %v", name, err))
	}
	b := src.Bytes()
	if u, err := unhinted(b); err == nil {
		b = u
	}
	b2, _ := pdfFonts.LoadOrStore(name, b)
	return b2.([]byte)
}

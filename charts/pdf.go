// This file adapts gonum/plot's vg/vgpdf canvas (Copyright ©2015 The Gonum
// Authors, BSD-3-Clause, as gonum/plot is distributed) to embed fonts as
// fpdf's UTF-8 fonts.

package charts

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/adler32"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"sort"
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
	// parts are runs of the page written apart (the map's rings), each
	// deflated on its own core while the rest of the page is drawn; the
	// page holds a marker line for each, which the document's writing
	// replaces.
	parts []*pdfPart
}

// pdfPart is a run of the page's content deflated apart: raw deflate
// ending on a sync flush, so that it joins the deflate of the text around
// it as one stream.
type pdfPart struct {
	raw  []byte
	z    []byte
	err  error
	done chan struct{}
}

// partMarker is the line that stands in the page for part i: a comment, in
// case it were ever left.
func partMarker(i int) string { return fmt.Sprintf("%%part %d", i) }

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
	// The page is compressed once, better than fpdf's fastest level, as
	// the document is written (see deflateStreams).
	c.doc.SetCompression(false)
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
	var buf bytes.Buffer
	if err := c.doc.Output(&buf); err != nil {
		return 0, err
	}
	out, err := deflateStreams(buf.Bytes(), c.parts)
	if err != nil {
		return 0, fmt.Errorf("pdf: %w", err)
	}
	n, err := w.Write(out)
	return int64(n), err
}

// pdfLevel is the deflate level of the page's content. The map's paths,
// where each border comes twice as the same text, compress at level 4 to a
// sixth less than at fpdf's fastest level, which finds few of the repeats,
// in about as little time (1.9 ms against 1.5 ms for the map's page, and
// the rings are deflated on another core while the rest is drawn); the best
// level would take 1 KB more off for 5 ms more.
const pdfLevel = 4

// pdfDeflaters holds flate.Writers at pdfLevel: each holds the better part
// of a megabyte of tables, which cost more to allocate for a chart's page
// than to compress it.
var pdfDeflaters sync.Pool

// deflateStreams compresses every stream of a PDF written by fpdf that has
// no filter (the page's content, written uncompressed) at pdfLevel, and
// writes the cross-reference table again for the objects' new offsets.
// It reads what fpdf writes: a classic cross-reference table, one object
// per entry, each stream's length given directly.
func deflateStreams(pdf []byte, parts []*pdfPart) ([]byte, error) {
	i := bytes.LastIndex(pdf, []byte("startxref\n"))
	if i < 0 {
		return nil, fmt.Errorf("no startxref")
	}
	end := bytes.IndexByte(pdf[i+10:], '\n')
	if end < 0 {
		return nil, fmt.Errorf("startxref unterminated")
	}
	xref, err := strconv.Atoi(string(pdf[i+10 : i+10+end]))
	if err != nil || xref <= 0 || xref >= i {
		return nil, fmt.Errorf("startxref %q", pdf[i+10:i+10+end])
	}
	table := pdf[xref:i]
	lines := bytes.Split(table, []byte("\n"))
	var count int
	if len(lines) < 3 || string(lines[0]) != "xref" {
		return nil, fmt.Errorf("no cross-reference table at %d", xref)
	}
	if _, err := fmt.Sscanf(string(lines[1]), "0 %d", &count); err != nil || count < 1 || len(lines) < 2+count {
		return nil, fmt.Errorf("cross-reference table %q", lines[1])
	}
	offs := make([]int, count)
	for k := 1; k < count; k++ {
		l := lines[2+k]
		if len(l) < 18 || l[17] != 'n' {
			return nil, fmt.Errorf("cross-reference entry %d %q", k, l)
		}
		o, err := strconv.Atoi(string(l[:10]))
		if err != nil || o <= 0 || o >= xref {
			return nil, fmt.Errorf("cross-reference entry %d %q", k, l)
		}
		offs[k] = o
	}
	order := make([]int, 0, count-1)
	for k := 1; k < count; k++ {
		order = append(order, k)
	}
	sort.Slice(order, func(a, b int) bool { return offs[order[a]] < offs[order[b]] })
	out := make([]byte, 0, len(pdf))
	out = append(out, pdf[:offs[order[0]]]...)
	newOffs := make([]int, count)
	spliced := 0
	for n, k := range order {
		next := xref
		if n+1 < len(order) {
			next = offs[order[n+1]]
		}
		newOffs[k] = len(out)
		obj, err := deflateObject(pdf[offs[k]:next], parts, &spliced)
		if err != nil {
			return nil, fmt.Errorf("object %d: %w", k, err)
		}
		out = append(out, obj...)
	}
	if spliced != len(parts) {
		return nil, fmt.Errorf("%d of %d parts of the page written", spliced, len(parts))
	}
	at := len(out)
	out = fmt.Appendf(out, "xref\n0 %d\n0000000000 65535 f \n", count)
	for k := 1; k < count; k++ {
		out = fmt.Appendf(out, "%010d 00000 n \n", newOffs[k])
	}
	// The trailer, which names objects, not offsets.
	out = append(out, bytes.Join(lines[2+count:], []byte("\n"))...)
	out = fmt.Appendf(out, "startxref\n%d\n", at)
	return append(out, pdf[i+10+end+1:]...), nil
}

// deflateObject compresses an object's stream if it has no filter, with
// the parts deflated apart in place of their markers.
func deflateObject(obj []byte, parts []*pdfPart, spliced *int) ([]byte, error) {
	s := bytes.Index(obj, []byte(">>\nstream\n"))
	if s < 0 {
		return obj, nil
	}
	dict := obj[:s+2]
	if bytes.Contains(dict, []byte("/Filter")) {
		return obj, nil
	}
	const key = "/Length "
	k := bytes.Index(dict, []byte(key))
	if k < 0 {
		return nil, fmt.Errorf("a stream without a length")
	}
	e := k + len(key)
	for e < len(dict) && dict[e] >= '0' && dict[e] <= '9' {
		e++
	}
	n, err := strconv.Atoi(string(dict[k+len(key) : e]))
	data := s + len(">>\nstream\n")
	if err != nil || data+n > len(obj) || !bytes.HasPrefix(obj[data+n:], []byte("\nendstream")) {
		return nil, fmt.Errorf("stream length %q", dict[k:e])
	}
	// The parts go into the page that holds their markers.
	if len(parts) > 0 && !bytes.Contains(obj[data:data+n], []byte(partMarker(0)+"\n")) {
		parts = nil
	}
	z, err := deflatePage(obj[data:data+n], parts)
	if err != nil {
		return nil, err
	}
	*spliced += len(parts)
	out := make([]byte, 0, len(obj)-n+len(z)+32)
	out = append(out, dict[:k]...)
	out = fmt.Appendf(out, "/Filter /FlateDecode /Length %d", len(z))
	out = append(out, obj[e:data]...)
	out = append(out, z...)
	return append(out, obj[data+n:]...), nil
}

// deflatePage is the zlib stream of a page's content: the text between the
// parts' markers deflated here, each part's own deflate spliced in (deflate
// blocks from fresh compressors join, each on a sync flush but the last),
// and the Adler-32 of the whole content as it reads.
func deflatePage(page []byte, parts []*pdfPart) ([]byte, error) {
	// The zlib header of pdfLevel (RFC 1950: deflate, 32 KB window, FLEVEL 1).
	z := make([]byte, 2, len(page)/3+64)
	z[0], z[1] = 0x78, 0x5e
	sum := adler32.New()
	rest := page
	for i, p := range parts {
		m := []byte(partMarker(i) + "\n")
		at := bytes.Index(rest, m)
		if at < 0 {
			return nil, fmt.Errorf("part %d not in the page", i)
		}
		var err error
		if z, err = deflateRaw(z, rest[:at], false); err != nil {
			return nil, err
		}
		sum.Write(rest[:at])
		<-p.done
		if p.err != nil {
			return nil, p.err
		}
		z = append(z, p.z...)
		sum.Write(p.raw)
		// The marker's line end stays: the part's last line has none.
		rest = rest[at+len(m)-1:]
	}
	z, err := deflateRaw(z, rest, true)
	if err != nil {
		return nil, err
	}
	sum.Write(rest)
	return binary.BigEndian.AppendUint32(z, sum.Sum32()), nil
}

// deflateRaw appends b deflated at pdfLevel to dst, ending on a sync
// flush, or on the final block if last.
func deflateRaw(dst, b []byte, last bool) ([]byte, error) {
	buf := bytes.NewBuffer(dst)
	w, ok := pdfDeflaters.Get().(*flate.Writer)
	if ok {
		w.Reset(buf)
	} else {
		var err error
		if w, err = flate.NewWriter(buf, pdfLevel); err != nil {
			return nil, err
		}
	}
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	end := w.Flush
	if last {
		end = w.Close
	}
	if err := end(); err != nil {
		return nil, err
	}
	pdfDeflaters.Put(w)
	return buf.Bytes(), nil
}

// drawRings writes the map's rings straight into the page, each filled
// and stroked by one operator, at integer coordinates in quarters of a point
// (0.09 mm, a third of the white border's width; a tenth of a point took a
// digit more a coordinate for nothing the eye sees at the 0.75 pt the rings
// are simplified to): fpdf writes a path's points once to fill it and once
// more to stroke it, each coordinate with two decimals, which made the
// map's PDF ten times the size of any other chart's.
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
			p := [2]int64{int64(math.Round(pt.X.Points() * unit)), int64(math.Round((h - pt.Y.Points()) * unit))}
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
	part := &pdfPart{raw: b, done: make(chan struct{})}
	go func() {
		defer close(part.done)
		part.z, part.err = deflateRaw(nil, part.raw, false)
	}()
	c.doc.RawWriteStr(partMarker(len(c.parts)))
	c.parts = append(c.parts, part)
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

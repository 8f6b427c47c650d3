package pdf

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/adler32"
	"image"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Document is a one-page PDF being drawn: its page's content, and the
// resources the content names (opacities, fonts, images), each numbered in
// the order of its first use. The drawing methods record the first error,
// which WriteTo returns; after it, they do nothing.
type Document struct {
	w, h   float64
	date   time.Time
	segs   []segment
	cur    []byte
	depth  int // q without its Q
	alphas []float64
	fonts  []*docFont
	images []*docImage
	err    error
	done   bool
}

// segment is a run of the page's content: text, or a part deflated apart.
type segment struct {
	text []byte
	part *part
}

// part is content deflated on its own goroutine while the rest of the page
// is drawn: raw deflate ending on a sync flush, so that it joins the deflate
// of the text around it as one stream.
type part struct {
	raw  []byte
	z    []byte
	err  error
	done chan struct{}
}

type docFont struct {
	font  *Font
	text  map[uint16]string // what each glyph used reads as
	glyph []uint16          // used, in order of first use
}

type docImage struct {
	w, h        int
	rgb, alpha  []byte // deflated
	translucent bool
}

// New starts a document of one page w by h points, dated date.
func New(w, h float64, date time.Time) *Document {
	d := &Document{w: w, h: h, date: date, cur: make([]byte, 0, 4096)}
	if !finite(w, h) || w <= 0 || h <= 0 || w > 14400 || h > 14400 {
		d.fail(fmt.Errorf("page of %v by %v points", w, h))
	}
	return d
}

func (d *Document) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

// Fail records an error met by the caller in drawing, which WriteTo
// returns unless an earlier one.
func (d *Document) Fail(err error) { d.fail(err) }

// Err is the first error met in drawing.
func (d *Document) Err() error { return d.err }

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// op appends numbers, each rounded to prec decimals, then an operator.
func (d *Document) op(prec int, op string, vs ...float64) {
	if d.err != nil {
		return
	}
	if d.done {
		d.fail(errors.New("drawing on a document already written"))
		return
	}
	if !finite(vs...) {
		d.fail(fmt.Errorf("%s: a number that is not finite in %v", op, vs))
		return
	}
	for _, v := range vs {
		d.cur = appendNum(d.cur, v, prec)
		d.cur = append(d.cur, ' ')
	}
	d.cur = append(d.cur, op...)
	d.cur = append(d.cur, '\n')
}

// appendNum appends v rounded to prec decimals, without trailing zeros.
func appendNum(b []byte, v float64, prec int) []byte {
	p := math.Pow10(prec)
	v = math.Round(v*p) / p
	if v == 0 {
		return append(b, '0')
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// Coordinates are written to a hundredth of a point, colours and widths to
// a thousandth, the terms of a transformation that turn to a hundred
// thousandth.
const (
	precPos   = 2
	precLevel = 3
	precTurn  = 5
)

// Save pushes the graphics state (q).
func (d *Document) Save() {
	d.op(0, "q")
	d.depth++
}

// Restore pops the graphics state (Q).
func (d *Document) Restore() {
	if d.depth == 0 {
		d.fail(errors.New("a graphics state restored that was not saved"))
		return
	}
	d.op(0, "Q")
	d.depth--
}

// Transform concatenates [a b c d e f] to the current transformation (cm).
func (d *Document) Transform(a, b, c, dd, e, f float64) {
	if !finite(a, b, c, dd) {
		d.fail(errors.New("cm: a number that is not finite"))
		return
	}
	if d.err != nil {
		return
	}
	for _, v := range []float64{a, b, c, dd} {
		d.cur = appendNum(d.cur, v, precTurn)
		d.cur = append(d.cur, ' ')
	}
	d.op(precPos, "cm", e, f)
}

// LineWidth sets the line width (w).
func (d *Document) LineWidth(w float64) {
	if w < 0 {
		d.fail(fmt.Errorf("line width %v", w))
		return
	}
	d.op(precLevel, "w", w)
}

// Dash sets the dash pattern (d); none for a solid line.
func (d *Document) Dash(dashes []float64, phase float64) {
	if d.err != nil {
		return
	}
	if !finite(dashes...) || !finite(phase) {
		d.fail(errors.New("d: a number that is not finite"))
		return
	}
	d.cur = append(d.cur, '[')
	for i, v := range dashes {
		if v < 0 {
			d.fail(fmt.Errorf("dash of %v", v))
			return
		}
		if i > 0 {
			d.cur = append(d.cur, ' ')
		}
		d.cur = appendNum(d.cur, v, precPos)
	}
	d.cur = append(d.cur, "] "...)
	d.op(precPos, "d", phase)
}

// Color sets the fill and stroke colours (rg, RG), c's opacity dropped,
// its red, green and blue as they would be over black.
func (d *Document) Color(c color.Color) {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	r, g, b := float64(n.R)/255, float64(n.G)/255, float64(n.B)/255
	d.op(precLevel, "rg", r, g, b)
	d.op(precLevel, "RG", r, g, b)
}

// Alpha sets the opacity of fills and strokes, through a graphics state
// shared by every use of the same opacity (gs).
func (d *Document) Alpha(a float64) {
	if !finite(a) || a < 0 || a > 1 {
		d.fail(fmt.Errorf("opacity %v", a))
		return
	}
	a = math.Round(a*1000) / 1000
	i := slices.Index(d.alphas, a)
	if i < 0 {
		i = len(d.alphas)
		d.alphas = append(d.alphas, a)
	}
	d.op(0, "/A"+strconv.Itoa(i+1)+" gs")
}

// MoveTo starts a subpath (m).
func (d *Document) MoveTo(x, y float64) { d.op(precPos, "m", x, y) }

// LineTo adds a line (l).
func (d *Document) LineTo(x, y float64) { d.op(precPos, "l", x, y) }

// CurveTo adds a cubic Bézier curve (c).
func (d *Document) CurveTo(x1, y1, x2, y2, x3, y3 float64) {
	d.op(precPos, "c", x1, y1, x2, y2, x3, y3)
}

// ClosePath closes the subpath (h).
func (d *Document) ClosePath() { d.op(0, "h") }

// Fill fills the path, nonzero winding (f).
func (d *Document) Fill() { d.op(0, "f") }

// Stroke strokes the path (S).
func (d *Document) Stroke() { d.op(0, "S") }

// Glyph is a glyph set in a run of text: its ID in the font, the text it
// stands for, and the space before it, in thousandths of an em, beyond the
// advance of the glyph before it (kerning; negative brings them closer).
type Glyph struct {
	ID   uint16
	Text string
	Kern float64
}

// Text sets glyphs of font f at size points with the baseline's origin at
// (x, y), in the fill colour (BT … TJ ET).
func (d *Document) Text(f *Font, size, x, y float64, glyphs []Glyph) {
	if d.err != nil {
		return
	}
	if f == nil {
		d.fail(errors.New("text without a font"))
		return
	}
	if len(glyphs) == 0 {
		return
	}
	if !finite(size, x, y) || size <= 0 {
		d.fail(fmt.Errorf("text at size %v", size))
		return
	}
	i := slices.IndexFunc(d.fonts, func(df *docFont) bool { return df.font == f })
	if i < 0 {
		i = len(d.fonts)
		d.fonts = append(d.fonts, &docFont{font: f, text: map[uint16]string{}})
	}
	df := d.fonts[i]
	for _, g := range glyphs {
		if int(g.ID) >= f.numGlyphs {
			d.fail(fmt.Errorf("glyph %d of a font of %d", g.ID, f.numGlyphs))
			return
		}
		if !finite(g.Kern) {
			d.fail(errors.New("a kerning that is not finite"))
			return
		}
	}
	d.op(0, "BT")
	d.op(precLevel, "/F"+strconv.Itoa(i+1)+" "+strconv.FormatFloat(math.Round(size*1000)/1000, 'f', -1, 64)+" Tf")
	d.op(precPos, "Td", x, y)
	d.cur = append(d.cur, "[<"...)
	for k, g := range glyphs {
		if _, ok := df.text[g.ID]; !ok {
			df.text[g.ID] = g.Text
			df.glyph = append(df.glyph, g.ID)
		}
		if adj := math.Round(g.Kern*100) / 100; k > 0 && adj != 0 {
			// TJ moves left by a positive number.
			d.cur = append(d.cur, "> "...)
			d.cur = appendNum(d.cur, -adj, 2)
			d.cur = append(d.cur, " <"...)
		}
		d.cur = fmt.Appendf(d.cur, "%04X", g.ID)
	}
	d.cur = append(d.cur, ">] TJ\nET\n"...)
}

// Image draws img into the rectangle (x, y, w, h), its top row at y+h.
func (d *Document) Image(img image.Image, x, y, w, h float64) {
	if d.err != nil {
		return
	}
	r := img.Bounds()
	if r.Empty() {
		return
	}
	rgb := make([]byte, 0, 3*r.Dx()*r.Dy())
	alpha := make([]byte, 0, r.Dx()*r.Dy())
	translucent := false
	for py := r.Min.Y; py < r.Max.Y; py++ {
		for px := r.Min.X; px < r.Max.X; px++ {
			c := color.NRGBAModel.Convert(img.At(px, py)).(color.NRGBA)
			rgb = append(rgb, c.R, c.G, c.B)
			alpha = append(alpha, c.A)
			translucent = translucent || c.A != 0xff
		}
	}
	im := &docImage{w: r.Dx(), h: r.Dy(), translucent: translucent}
	var err error
	if im.rgb, err = zlibBytes(rgb, imageLevel); err != nil {
		d.fail(err)
		return
	}
	if translucent {
		if im.alpha, err = zlibBytes(alpha, imageLevel); err != nil {
			d.fail(err)
			return
		}
	}
	d.images = append(d.images, im)
	d.Save()
	d.Transform(w, 0, 0, h, x, y)
	d.op(0, "/I"+strconv.Itoa(len(d.images))+" Do")
	d.Restore()
}

// Part adds content (whole lines of operators, the last without its line
// end) deflated on another goroutine while the drawing goes on.
func (d *Document) Part(content []byte) {
	if d.err != nil {
		return
	}
	if d.done {
		d.fail(errors.New("drawing on a document already written"))
		return
	}
	p := &part{raw: content, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		p.z, p.err = deflateRaw(nil, p.raw, false, contentLevel)
	}()
	d.segs = append(d.segs, segment{text: d.cur}, segment{part: p})
	d.cur = []byte{'\n'}
}

// Deflate levels. The map's page, 84 KB of operators where each border
// comes twice as the same text, deflates at level 4 to 25.4 KB in 1.3 ms;
// at the fastest level to 29.1 KB in 0.7 ms, at level 6 to 24.2 KB in
// 4 ms, at the best to 24.2 KB in 7.4 ms. A font subset is small and
// written once per document: at the best level a subset of 40 glyphs
// (7.8 KB) deflates to 5,217 bytes in about 0.2 ms, at level 4 to 5,245 in
// as long.
const (
	contentLevel = 4
	fontLevel    = flate.BestCompression
	imageLevel   = 6
)

// deflaters holds flate.Writers by level: each holds the better part of a
// megabyte of tables, which cost more to allocate for a chart's page than
// to compress it.
var deflaters [flate.BestCompression + 1]sync.Pool

// deflateRaw appends b deflated at level to dst, ending on a sync flush,
// or on the final block if last.
func deflateRaw(dst, b []byte, last bool, level int) ([]byte, error) {
	buf := bytes.NewBuffer(dst)
	w, ok := deflaters[level].Get().(*flate.Writer)
	if ok {
		w.Reset(buf)
	} else {
		var err error
		if w, err = flate.NewWriter(buf, level); err != nil {
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
	deflaters[level].Put(w)
	return buf.Bytes(), nil
}

// zlibHeader is the two bytes that open a zlib stream (RFC 1950: deflate,
// a 32 KB window, and the level in FLEVEL).
func zlibHeader(level int) []byte {
	flevel := byte(2)
	switch {
	case level >= 1 && level <= 5:
		flevel = 1
	case level >= 7:
		flevel = 3
	}
	h := uint16(0x78)<<8 | uint16(flevel)<<6
	h += 31 - h%31
	return []byte{byte(h >> 8), byte(h)}
}

// zlibBytes is b as one zlib stream.
func zlibBytes(b []byte, level int) ([]byte, error) {
	z, err := deflateRaw(zlibHeader(level), b, true, level)
	if err != nil {
		return nil, err
	}
	return binary.BigEndian.AppendUint32(z, adler32.Checksum(b)), nil
}

// content is the page's content as one zlib stream: the text deflated
// here, the parts' own deflate spliced in (deflate blocks from fresh
// compressors join, each on a sync flush but the last), and the Adler-32
// of the whole content as it reads.
func (d *Document) content() ([]byte, int, error) {
	z := zlibHeader(contentLevel)
	sum := adler32.New()
	n := 0
	for _, s := range d.segs {
		if s.part != nil {
			<-s.part.done
			if s.part.err != nil {
				return nil, 0, s.part.err
			}
			z = append(z, s.part.z...)
			sum.Write(s.part.raw)
			n += len(s.part.raw)
			continue
		}
		var err error
		if z, err = deflateRaw(z, s.text, false, contentLevel); err != nil {
			return nil, 0, err
		}
		sum.Write(s.text)
		n += len(s.text)
	}
	z, err := deflateRaw(z, d.cur, true, contentLevel)
	if err != nil {
		return nil, 0, err
	}
	sum.Write(d.cur)
	return binary.BigEndian.AppendUint32(z, sum.Sum32()), n + len(d.cur), nil
}

// WriteTo writes the document. Drawing ends here: the parts are waited for
// whatever happens.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	defer func() {
		for _, s := range d.segs {
			if s.part != nil {
				<-s.part.done
			}
		}
	}()
	if d.err != nil {
		return 0, d.err
	}
	if d.done {
		return 0, errors.New("the document is already written")
	}
	if d.depth != 0 {
		return 0, fmt.Errorf("%d graphics states saved and not restored", d.depth)
	}
	d.done = true
	page, _, err := d.content()
	if err != nil {
		return 0, err
	}
	o := &objects{b: make([]byte, 0, len(page)+16384)}
	o.b = append(o.b, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"...)
	// Objects 1 to 5, then each opacity's graphics state, each font's five
	// objects and each image's one or two, in the order of first use.
	next := 6
	gsAt := next
	next += len(d.alphas)
	fontAt := next
	next += 5 * len(d.fonts)
	imageAt := make([]int, len(d.images))
	for i, im := range d.images {
		imageAt[i] = next
		next++
		if im.translucent {
			next++
		}
	}
	o.start(1)
	o.b = append(o.b, "<< /Type /Catalog /Pages 2 0 R >>"...)
	o.end()
	o.start(2)
	o.b = append(o.b, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"...)
	o.end()
	o.start(3)
	o.b = append(o.b, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 "...)
	o.b = appendNum(o.b, d.w, precPos)
	o.b = append(o.b, ' ')
	o.b = appendNum(o.b, d.h, precPos)
	o.b = append(o.b, "] /Resources <<"...)
	if len(d.alphas) > 0 {
		o.b = append(o.b, " /ExtGState <<"...)
		for i := range d.alphas {
			o.b = fmt.Appendf(o.b, " /A%d %d 0 R", i+1, gsAt+i)
		}
		o.b = append(o.b, " >>"...)
	}
	if len(d.fonts) > 0 {
		o.b = append(o.b, " /Font <<"...)
		for i := range d.fonts {
			o.b = fmt.Appendf(o.b, " /F%d %d 0 R", i+1, fontAt+5*i)
		}
		o.b = append(o.b, " >>"...)
	}
	if len(d.images) > 0 {
		o.b = append(o.b, " /XObject <<"...)
		for i := range d.images {
			o.b = fmt.Appendf(o.b, " /I%d %d 0 R", i+1, imageAt[i])
		}
		o.b = append(o.b, " >>"...)
	}
	o.b = append(o.b, " >> /Contents 4 0 R >>"...)
	o.end()
	o.stream(4, "", page)
	o.start(5)
	date := d.date.UTC().Format("20060102150405")
	o.b = fmt.Appendf(o.b, "<< /CreationDate (D:%sZ) /ModDate (D:%sZ) >>", date, date)
	o.end()
	for i, a := range d.alphas {
		o.start(gsAt + i)
		o.b = append(o.b, "<< /Type /ExtGState /ca "...)
		o.b = appendNum(o.b, a, precLevel)
		o.b = append(o.b, " /CA "...)
		o.b = appendNum(o.b, a, precLevel)
		o.b = append(o.b, " >>"...)
		o.end()
	}
	for i, df := range d.fonts {
		if err := o.font(fontAt+5*i, df); err != nil {
			return 0, err
		}
	}
	for i, im := range d.images {
		at := imageAt[i]
		dict := fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8", im.w, im.h)
		if im.translucent {
			o.stream(at, dict+fmt.Sprintf(" /SMask %d 0 R", at+1), im.rgb)
			o.stream(at+1, fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8", im.w, im.h), im.alpha)
		} else {
			o.stream(at, dict, im.rgb)
		}
	}
	xref := len(o.b)
	o.b = fmt.Appendf(o.b, "xref\n0 %d\n0000000000 65535 f \n", len(o.offs)+1)
	for i, off := range o.offs {
		if off == 0 {
			return 0, fmt.Errorf("object %d not written", i+1)
		}
		o.b = fmt.Appendf(o.b, "%010d 00000 n \n", off)
	}
	o.b = fmt.Appendf(o.b, "trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(o.offs)+1, xref)
	if len(o.offs) != next-1 {
		return 0, fmt.Errorf("%d objects written, %d numbered", len(o.offs), next-1)
	}
	n, err := w.Write(o.b)
	return int64(n), err
}

// objects is a document's bytes as its objects are written, with where
// each starts.
type objects struct {
	b    []byte
	offs []int // of object i+1
}

func (o *objects) start(n int) {
	for len(o.offs) < n {
		o.offs = append(o.offs, 0)
	}
	o.offs[n-1] = len(o.b)
	o.b = fmt.Appendf(o.b, "%d 0 obj\n", n)
}

func (o *objects) end() { o.b = append(o.b, "\nendobj\n"...) }

// stream writes object n, a zlib-compressed stream with dict's entries.
func (o *objects) stream(n int, dict string, z []byte) {
	o.start(n)
	o.b = append(o.b, "<< "...)
	if dict != "" {
		o.b = append(o.b, dict...)
		o.b = append(o.b, ' ')
	}
	o.b = fmt.Appendf(o.b, "/Filter /FlateDecode /Length %d >>\nstream\n", len(z))
	o.b = append(o.b, z...)
	o.b = append(o.b, "\nendstream"...)
	o.end()
}

// font writes a font as objects n to n+4: the Type0 font, its CIDFontType2
// descendant (glyph IDs as CIDs, Identity-H), its descriptor, its subset
// program and its map to Unicode.
func (o *objects) font(n int, df *docFont) error {
	f := df.font
	used := slices.Clone(df.glyph)
	slices.Sort(used)
	name := subsetTag(f.name, used) + "+" + f.name
	scale := func(v int16) float64 { return float64(v) * 1000 / float64(f.unitsPerEm) }
	o.start(n)
	o.b = fmt.Appendf(o.b, "<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", name, n+1, n+4)
	o.end()
	o.start(n + 1)
	o.b = fmt.Appendf(o.b, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /CIDToGIDMap /Identity /W [", name, n+2)
	// Runs of consecutive glyphs: first [w w …].
	for i := 0; i < len(used); {
		j := i + 1
		for j < len(used) && used[j] == used[j-1]+1 {
			j++
		}
		o.b = fmt.Appendf(o.b, "%d [", used[i])
		for k := i; k < j; k++ {
			if k > i {
				o.b = append(o.b, ' ')
			}
			o.b = appendNum(o.b, f.Advance(used[k]), 1)
		}
		o.b = append(o.b, "] "...)
		i = j
	}
	o.b = append(o.b, "] >>"...)
	o.end()
	o.start(n + 2)
	o.b = fmt.Appendf(o.b, "<< /Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [", name, f.flags)
	for i, v := range f.bbox {
		if i > 0 {
			o.b = append(o.b, ' ')
		}
		o.b = appendNum(o.b, scale(v), 0)
	}
	o.b = append(o.b, "] /ItalicAngle "...)
	o.b = appendNum(o.b, f.italic, 2)
	o.b = append(o.b, " /Ascent "...)
	o.b = appendNum(o.b, scale(f.ascent), 0)
	o.b = append(o.b, " /Descent "...)
	o.b = appendNum(o.b, scale(f.descent), 0)
	o.b = append(o.b, " /CapHeight "...)
	o.b = appendNum(o.b, scale(f.capHeight), 0)
	o.b = fmt.Appendf(o.b, " /StemV 80 /FontFile2 %d 0 R >>", n+3)
	o.end()
	program := f.Subset(used)
	z, err := zlibBytes(program, fontLevel)
	if err != nil {
		return err
	}
	o.stream(n+3, fmt.Sprintf("/Length1 %d", len(program)), z)
	z, err = zlibBytes(toUnicode(used, df.text), contentLevel)
	if err != nil {
		return err
	}
	o.stream(n+4, "", z)
	return nil
}

// toUnicode is the CMap that maps each glyph used to the text it stands
// for, so that a reader can extract and search the text.
func toUnicode(used []uint16, text map[uint16]string) []byte {
	b := []byte("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var mapped []uint16
	for _, g := range used {
		if text[g] != "" {
			mapped = append(mapped, g)
		}
	}
	for len(mapped) > 0 {
		chunk := mapped[:min(100, len(mapped))]
		mapped = mapped[len(chunk):]
		b = fmt.Appendf(b, "%d beginbfchar\n", len(chunk))
		for _, g := range chunk {
			b = fmt.Appendf(b, "<%04X> <", g)
			for _, r := range text[g] {
				if r > 0xffff {
					r -= 0x10000
					b = fmt.Appendf(b, "%04X%04X", 0xd800+(r>>10), 0xdc00+(r&0x3ff))
				} else {
					b = fmt.Appendf(b, "%04X", r)
				}
			}
			b = append(b, ">\n"...)
		}
		b = append(b, "endbfchar\n"...)
	}
	return append(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"...)
}

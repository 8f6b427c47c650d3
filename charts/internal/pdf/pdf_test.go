package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
)

var date = time.Date(2021, 1, 18, 0, 0, 0, 0, time.UTC)

func sans(t testing.TB) *Font {
	t.Helper()
	f, err := ParseTrueType(liberationsansregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// streams are a PDF's streams, inflated, by object number.
func streams(t *testing.T, pdf []byte) map[int][]byte {
	t.Helper()
	out := map[int][]byte{}
	for _, m := range regexp.MustCompile(`(?s)(\d+) 0 obj\n<<([^\n]*)/Length (\d+) >>\nstream\n`).FindAllSubmatchIndex(pdf, -1) {
		n, _ := strconv.Atoi(string(pdf[m[2]:m[3]]))
		l, _ := strconv.Atoi(string(pdf[m[6]:m[7]]))
		data := pdf[m[1] : m[1]+l]
		if !bytes.HasPrefix(pdf[m[1]+l:], []byte("\nendstream\nendobj\n")) {
			t.Fatalf("object %d: a stream of %d bytes does not end there", n, l)
		}
		r, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("object %d: %v", n, err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("object %d: %v", n, err)
		}
		out[n] = b
	}
	return out
}

// checkXref checks that each entry of the cross-reference table points at
// its object.
func checkXref(t *testing.T, pdf []byte) int {
	t.Helper()
	m := regexp.MustCompile(`trailer\n<< /Size (\d+) /Root 1 0 R /Info 5 0 R >>\nstartxref\n(\d+)\n%%EOF\n$`).FindSubmatch(pdf)
	if m == nil {
		t.Fatalf("no trailer at the end:\n%s", pdf[max(0, len(pdf)-200):])
	}
	size, _ := strconv.Atoi(string(m[1]))
	at, _ := strconv.Atoi(string(m[2]))
	if !bytes.HasPrefix(pdf[at:], fmt.Appendf(nil, "xref\n0 %d\n0000000000 65535 f \n", size)) {
		t.Fatalf("startxref %d does not point at a table of %d", at, size)
	}
	entries := regexp.MustCompile(`(\d{10}) 00000 n \n`).FindAllSubmatch(pdf[at:], -1)
	if len(entries) != size-1 {
		t.Fatalf("%d entries, /Size %d", len(entries), size)
	}
	for i, e := range entries {
		off, _ := strconv.Atoi(string(e[1]))
		if want := fmt.Sprintf("%d 0 obj\n", i+1); !bytes.HasPrefix(pdf[off:], []byte(want)) {
			t.Errorf("object %d: offset %d holds %q", i+1, off, pdf[off:min(off+12, len(pdf))])
		}
	}
	return size - 1
}

// drawing draws a page of every kind of content.
func drawing(d *Document, f *Font) {
	d.Save()
	d.Transform(1, 0, 0, 1, 10, 20)
	d.LineWidth(0.5)
	d.Dash([]float64{2, 1}, 0.5)
	d.Color(color.NRGBA{R: 0xff, G: 0x80, A: 0xff})
	d.MoveTo(0, 0)
	d.LineTo(100, 0)
	d.CurveTo(100, 50, 50, 100, 0, 100)
	d.ClosePath()
	d.Stroke()
	d.Alpha(0.5)
	d.Part([]byte("0 0 m 10 0 l 10 10 l b"))
	d.Alpha(1)
	d.Restore()
	d.Alpha(0.5)
	d.Text(f, 12, 10, 200, []Glyph{{ID: 51, Text: "P"}, {ID: 68, Text: "a", Kern: -20}, {ID: 0}})
	d.Text(f, 12, 10, 180, []Glyph{{ID: 51, Text: "P"}, {ID: 3, Text: " "}, {ID: 3, Text: "x"}})
	img := image.NewNRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.NRGBA{R: 0xff, A: 0x80})
	d.Image(img, 300, 300, 20, 20)
	d.Fill()
}

// A page of every kind of content: each object where the table says it
// is, the content as drawn (a part deflated apart joined in its place),
// one graphics state for each opacity, one font, its widths and its map
// to Unicode, the image with its mask; the same drawing, the same bytes.
func TestDocument(t *testing.T) {
	f := sans(t)
	d := New(400, 300, date)
	drawing(d, f)
	var b bytes.Buffer
	if _, err := d.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	pdf := b.Bytes()
	if !bytes.HasPrefix(pdf, []byte("%PDF-1.4\n")) {
		t.Errorf("starts %q", pdf[:10])
	}
	// 5 objects, 2 graphics states, 5 for the font, 2 for the image.
	if n := checkXref(t, pdf); n != 14 {
		t.Errorf("%d objects, want 14", n)
	}
	s := streams(t, pdf)
	page := string(s[4])
	for _, want := range []string{
		"q\n1 0 0 1 10 20 cm\n0.5 w\n[2 1] 0.5 d\n1 0.502 0 rg\n1 0.502 0 RG\n0 0 m\n100 0 l\n100 50 50 100 0 100 c\nh\nS\n/A1 gs\n",
		"/A1 gs\n0 0 m 10 0 l 10 10 l b\n/A2 gs\nQ\n",
		"BT\n/F1 12 Tf\n10 200 Td\n[<0033> 20 <00440000>] TJ\nET\n",
		"q\n20 0 0 20 300 300 cm\n/I1 Do\nQ\nf\n",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks\n%s\nit is\n%s", want, page)
		}
	}
	for _, want := range []string{
		"/Resources << /ExtGState << /A1 6 0 R /A2 7 0 R >> /Font << /F1 8 0 R >> /XObject << /I1 13 0 R >> >>",
		"6 0 obj\n<< /Type /ExtGState /ca 0.5 /CA 0.5 >>",
		"7 0 obj\n<< /Type /ExtGState /ca 1 /CA 1 >>",
		"/Subtype /Type0", "/Encoding /Identity-H", "/Subtype /CIDFontType2", "/CIDToGIDMap /Identity",
		"/W [0 [750] 3 [277.8] 51 [667] 68 [556.2] ]", // .notdef, space, P and a: runs of consecutive IDs
		"/CreationDate (D:20210118000000Z) /ModDate (D:20210118000000Z)",
		"/SMask 14 0 R",
	} {
		if !bytes.Contains(pdf, []byte(want)) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if m := regexp.MustCompile(`/BaseFont /([A-Z]{6})\+LiberationSans /Encoding`).FindSubmatch(pdf); m == nil {
		t.Error("the font is not named as a tagged subset")
	}
	// .notdef maps to nothing; the space to the first text set with it.
	cmap := string(s[12])
	if !strings.Contains(cmap, "3 beginbfchar\n<0003> <0020>\n<0033> <0050>\n<0044> <0061>\nendbfchar") {
		t.Errorf("the map to Unicode:\n%s", cmap)
	}
	if _, err := ParseTrueType(s[11]); err != nil {
		t.Errorf("the embedded program: %v", err)
	}
	if !bytes.Contains(pdf, fmt.Appendf(nil, "/Length1 %d ", len(s[11]))) {
		t.Error("the program's /Length1 is not its length")
	}
	if got := s[13]; !bytes.Equal(got, []byte{0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}) {
		t.Errorf("the image's colours: %v", got)
	}
	if got := s[14]; !bytes.Equal(got, []byte{0x80, 0, 0, 0}) {
		t.Errorf("the image's mask: %v", got)
	}
	d2 := New(400, 300, date)
	drawing(d2, f)
	var b2 bytes.Buffer
	if _, err := d2.WriteTo(&b2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pdf, b2.Bytes()) {
		t.Error("the same drawing gives other bytes")
	}
}

// A character beyond the Basic Multilingual Plane maps to its surrogate
// pair.
func TestToUnicodeSurrogates(t *testing.T) {
	got := string(toUnicode([]uint16{5}, map[uint16]string{5: "a😀"}))
	if !strings.Contains(got, "<0005> <0061D83DDE00>") {
		t.Errorf("%s", got)
	}
}

// What the PDF could not hold, or a reader would refuse, is an error from
// WriteTo, not a page drawn wrong.
func TestDocumentRejects(t *testing.T) {
	f := sans(t)
	for name, draw := range map[string]func(d *Document){
		"restored more than saved": func(d *Document) { d.Restore() },
		"saved and not restored":   func(d *Document) { d.Save() },
		"a coordinate not a number": func(d *Document) {
			d.MoveTo(math.NaN(), 0)
		},
		"an infinite turn":   func(d *Document) { d.Transform(math.Inf(1), 0, 0, 1, 0, 0) },
		"a negative width":   func(d *Document) { d.LineWidth(-1) },
		"a negative dash":    func(d *Document) { d.Dash([]float64{1, -1}, 0) },
		"an opacity above 1": func(d *Document) { d.Alpha(1.5) },
		"a glyph the font lacks": func(d *Document) {
			d.Text(f, 10, 0, 0, []Glyph{{ID: uint16(f.NumGlyphs())}})
		},
		"text without a font": func(d *Document) { d.Text(nil, 10, 0, 0, []Glyph{{ID: 1}}) },
		"text of no size":     func(d *Document) { d.Text(f, 0, 0, 0, []Glyph{{ID: 1}}) },
		"the caller's error":  func(d *Document) { d.Fail(errors.New("x")) },
	} {
		d := New(100, 100, date)
		draw(d)
		if _, err := d.WriteTo(io.Discard); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := New(0, 100, date).WriteTo(io.Discard); err == nil {
		t.Error("a page of no width: no error")
	}
	if _, err := New(100, math.NaN(), date).WriteTo(io.Discard); err == nil {
		t.Error("a page of no number height: no error")
	}
	// A document is written once; drawing after is an error too.
	d := New(100, 100, date)
	d.Part([]byte("0 0 m"))
	if _, err := d.WriteTo(io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := d.WriteTo(io.Discard); err == nil {
		t.Error("written twice: no error")
	}
	d.MoveTo(1, 1)
	if d.Err() == nil {
		t.Error("drawn on after writing: no error")
	}
}

// The zlib header names the level and checks as RFC 1950 says.
func TestZlibHeader(t *testing.T) {
	for _, l := range []int{1, 4, 6, 9} {
		h := zlibHeader(l)
		if h[0] != 0x78 || (uint16(h[0])<<8|uint16(h[1]))%31 != 0 {
			t.Errorf("level %d: header %x", l, h)
		}
	}
}

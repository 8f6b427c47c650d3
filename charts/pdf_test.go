package charts

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"image/color"
	"io"
	"regexp"
	"strconv"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// pageContent is the decompressed content of a one-page PDF's page: the
// first stream fpdf writes.
func pageContent(t *testing.T, pdf []byte) []byte {
	t.Helper()
	m := regexp.MustCompile(`(?s)stream\n(.*?)\nendstream`).FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no stream in the PDF")
	}
	r, err := zlib.NewReader(bytes.NewReader(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The map's PDF writes each ring once, filled and stroked by one operator,
// in quarters of a point, within a saved graphics state, without the point
// that closes it; it is at most 40 KB, like every chart's PDF (it was 256 KB
// when fpdf wrote every ring twice, 55 KB before the rings were cut into
// shared arcs and the page compressed at deflate's best level).
func TestMapPDF(t *testing.T) {
	p := figures(t)["map"]
	pdf, err := Render(p, SizeOf(p), "pdf", Options{})
	if err != nil {
		t.Fatal(err)
	}
	page := pageContent(t, pdf)
	i := bytes.Index(page, []byte("q 0.25 0 0 0.25 0 0 cm\n"))
	if i < 0 {
		t.Fatal("the rings are not written by the canvas")
	}
	// The rings are deflated on their own and joined to the rest of the
	// page in place of their marker.
	if bytes.Contains(page, []byte(partMarker(0))) {
		t.Error("the rings' marker is left in the page")
	}
	rings := page[i:]
	rings = rings[:bytes.IndexByte(rings, 'Q')]
	if n := bytes.Count(rings, []byte(" b\n")); n < 500 {
		t.Errorf("%d rings filled and stroked, want the map's several hundred", n)
	}
	// The border: 0.3 pt, white.
	if !bytes.HasPrefix(rings, []byte("q 0.25 0 0 0.25 0 0 cm\n1.2 w\n1 1 1 RG\n")) {
		t.Errorf("the rings start %q", rings[:40])
	}
	if n := regexp.MustCompile(`\d\.\d+ \d+(\.\d+)? [ml] `).FindAll(rings, 1); n != nil {
		t.Errorf("a ring's point has decimals: %q", n[0])
	}
	for _, ring := range regexp.MustCompile(`(\d+ \d+) m [^b]* (\d+ \d+) l b\n`).FindAllSubmatch(rings, -1) {
		if bytes.Equal(ring[1], ring[2]) {
			t.Fatalf("a ring ends on its first point %q, which b closes to itself", ring[1])
		}
	}
	if len(pdf) > 40_000 {
		t.Errorf("the map's PDF is %d bytes, want at most 40 KB", len(pdf))
	}
}

// A ring with a colour that is not opaque goes through fpdf's own path, so
// that its opacity is written.
func TestPDFRingsTranslucent(t *testing.T) {
	c := newPDF(100, 100)
	c.SetColor(color.RGBA{0, 0, 0x80, 0x80}) // leaves a translucent state
	rings := []mapRing{
		{fill: color.RGBA{0x00, 0x72, 0xb2, 0xff}, pts: []vg.Point{{X: 10, Y: 10}, {X: 50, Y: 10}, {X: 50, Y: 50}, {X: 10, Y: 10}}},
	}
	c.drawRings(rings, draw.LineStyle{Color: Paper, Width: 0.3})
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	page := pageContent(t, b.Bytes())
	i := bytes.Index(page, []byte("q 0.25 0 0 0.25 0 0 cm"))
	if i < 0 {
		t.Fatal("an opaque ring is not written by the canvas")
	}
	// The canvas starts opaque (fpdf names each opacity once, in order):
	// the state set last before the rings is that one again.
	gs := regexp.MustCompile(`/GS\d+ gs`).FindAll(page[:i], -1)
	if len(gs) < 3 || !bytes.Equal(gs[len(gs)-1], gs[0]) {
		t.Errorf("the opacity before the rings is %q, not the opaque %q", gs[len(gs)-1], gs[0])
	}
	c = newPDF(100, 100)
	rings[0].fill = color.RGBA{0x00, 0x39, 0x59, 0x80}
	c.drawRings(rings, draw.LineStyle{Color: Paper, Width: 0.3})
	b.Reset()
	if _, err := c.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if page := pageContent(t, b.Bytes()); bytes.Contains(page, []byte("q 0.25 0 0 0.25 0 0 cm")) {
		t.Error("a translucent ring is written by the canvas, without its opacity")
	}
}

// Every stream the PDF holds is compressed, and the cross-reference table
// gives each object's offset in the file as written: a reader finds every
// object where the table says it is.
func TestPDFStreamsDeflated(t *testing.T) {
	p := figures(t)["map"]
	pdf, err := Render(p, SizeOf(p), "pdf", Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkXref(t, pdf)
	for _, m := range regexp.MustCompile(`(?s)<<([^>]*)>>\nstream\n`).FindAllSubmatchIndex(pdf, -1) {
		if !bytes.Contains(pdf[m[2]:m[3]], []byte("/Filter /FlateDecode")) {
			t.Errorf("a stream without a filter: %q", pdf[m[2]:m[3]])
		}
	}
	// The page compressed at the best level, not fpdf's fastest.
	page := pageContent(t, pdf)
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	zw.Write(page)
	zw.Close()
	m := regexp.MustCompile(`(?s)stream\n(.*?)\nendstream`).FindSubmatch(pdf)
	if len(m[1]) >= z.Len() {
		t.Errorf("the page is %d bytes compressed, not less than the %d of deflate's fastest level", len(m[1]), z.Len())
	}
	pdf2, err := Render(p, SizeOf(p), "pdf", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pdf, pdf2) {
		t.Error("the map's PDF differs from one rendering to the next")
	}
}

// checkXref checks that each in-use entry of the cross-reference table
// points at its object, and startxref at the table.
func checkXref(t *testing.T, pdf []byte) {
	t.Helper()
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n?$`).FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no startxref at the end")
	}
	at, _ := strconv.Atoi(string(m[1]))
	if !bytes.HasPrefix(pdf[at:], []byte("xref\n0 ")) {
		t.Fatalf("startxref %d does not point at the table: %q", at, pdf[at:min(at+20, len(pdf))])
	}
	entries := regexp.MustCompile(`(\d{10}) 00000 n `).FindAllSubmatch(pdf[at:], -1)
	if len(entries) < 5 {
		t.Fatalf("%d objects in the table", len(entries))
	}
	for i, e := range entries {
		off, _ := strconv.Atoi(string(e[1]))
		if want := fmt.Sprintf("%d 0 obj\n", i+1); !bytes.HasPrefix(pdf[off:], []byte(want)) {
			t.Errorf("object %d: offset %d holds %q", i+1, off, pdf[off:min(off+12, len(pdf))])
		}
	}
}

// deflateStreams refuses what it cannot read, rather than write a table
// that points nowhere.
func TestDeflateStreamsRejects(t *testing.T) {
	c := newPDF(100, 100)
	c.SetColor(Ink)
	c.Fill(vg.Path{{Type: vg.MoveComp, Pos: vg.Point{X: 1, Y: 1}}, {Type: vg.LineComp, Pos: vg.Point{X: 9, Y: 1}}, {Type: vg.CloseComp}})
	c.Pop()
	c.doc.Close()
	var b bytes.Buffer
	if err := c.doc.Output(&b); err != nil {
		t.Fatal(err)
	}
	good := b.Bytes() // as fpdf writes it: the page uncompressed
	if !bytes.Contains(good, []byte("<</Length ")) {
		t.Fatalf("fpdf compressed the page itself:\n%s", good)
	}
	out, err := deflateStreams(good, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkXref(t, out)
	if bytes.Contains(out, []byte("<</Length ")) {
		t.Error("the page is left uncompressed")
	}
	for name, pdf := range map[string][]byte{
		"no startxref":  bytes.Replace(good, []byte("startxref"), []byte("startxreg"), 1),
		"bad offset":    regexp.MustCompile(`startxref\n\d+`).ReplaceAll(bytes.Clone(good), []byte("startxref\n7")),
		"short length":  regexp.MustCompile(`<</Length \d+>>`).ReplaceAll(bytes.Clone(good), []byte("<</Length 1>>")),
		"no length":     regexp.MustCompile(`<</Length \d+>>`).ReplaceAll(bytes.Clone(good), []byte("<</Lenght 1>>")),
		"no xref table": bytes.Replace(good, []byte("xref\n0 "), []byte("xrex\n0 "), 1),
	} {
		if _, err := deflateStreams(pdf, nil); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// A part of the page deflated apart whose marker is not in the page.
	lost := &pdfPart{raw: []byte("0 0 m"), done: make(chan struct{})}
	close(lost.done)
	if _, err := deflateStreams(good, []*pdfPart{lost}); err == nil {
		t.Error("a part missing from the page: no error")
	}
}

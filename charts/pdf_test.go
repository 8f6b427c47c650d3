package charts

import (
	"bytes"
	"compress/zlib"
	"image/color"
	"io"
	"regexp"
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
// in tenths of a point, within a saved graphics state; it stays far below
// the 256 KB it was when fpdf wrote every ring twice.
func TestMapPDF(t *testing.T) {
	p := figures(t)["map"]
	pdf, err := Render(p, SizeOf(p), "pdf", Options{})
	if err != nil {
		t.Fatal(err)
	}
	page := pageContent(t, pdf)
	i := bytes.Index(page, []byte("q 0.1 0 0 0.1 0 0 cm\n"))
	if i < 0 {
		t.Fatal("the rings are not written by the canvas")
	}
	rings := page[i:]
	rings = rings[:bytes.IndexByte(rings, 'Q')]
	if n := bytes.Count(rings, []byte(" b\n")); n < 500 {
		t.Errorf("%d rings filled and stroked, want the map's several hundred", n)
	}
	// The border: 0.3 pt, white.
	if !bytes.HasPrefix(rings, []byte("q 0.1 0 0 0.1 0 0 cm\n3 w\n1 1 1 RG\n")) {
		t.Errorf("the rings start %q", rings[:40])
	}
	if n := regexp.MustCompile(`\d\.\d+ \d+(\.\d+)? [ml] `).FindAll(rings, 1); n != nil {
		t.Errorf("a ring's point has decimals: %q", n[0])
	}
	if len(pdf) > 80<<10 {
		t.Errorf("the map's PDF is %d bytes, want at most 80 KB", len(pdf))
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
	i := bytes.Index(page, []byte("q 0.1 0 0 0.1 0 0 cm"))
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
	if page := pageContent(t, b.Bytes()); bytes.Contains(page, []byte("q 0.1 0 0 0.1 0 0 cm")) {
		t.Error("a translucent ring is written by the canvas, without its opacity")
	}
}

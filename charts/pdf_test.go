package charts

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/labels"
)

// pageContent is the decompressed content of a one-page PDF's page: the
// first stream the writer writes.
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
// shared arcs and the page compressed at a better level, 38 KB with fpdf's
// font subsets).
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
	// The rings, deflated on another core, join the rest of the page: the
	// text drawn after them follows them.
	if !bytes.Contains(page[i:], []byte("Tj")) && !bytes.Contains(page[i:], []byte("TJ")) {
		t.Error("nothing written after the rings")
	}
	if len(pdf) > 40_000 {
		t.Errorf("the map's PDF is %d bytes, want at most 40 KB", len(pdf))
	}
}

// A ring with a colour that is not opaque goes through the canvas's own
// paths, so that its opacity is written; opaque rings drawn after a
// translucent colour are drawn opaque.
func TestPDFRingsTranslucent(t *testing.T) {
	c := newPDF(100, 100, time.Time{})
	c.SetColor(color.NRGBA{0, 0, 0x80, 0x80}) // leaves a translucent state
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
	gs := regexp.MustCompile(`/(A\d+) gs`).FindAllSubmatch(page[:i], -1)
	if len(gs) < 2 {
		t.Fatalf("%d opacities set before the rings, want the translucent one and the opaque", len(gs))
	}
	if a := opacity(t, b.Bytes(), string(gs[len(gs)-1][1])); a != "1" {
		t.Errorf("the opacity before the rings is %s, not 1", a)
	}
	if a := opacity(t, b.Bytes(), string(gs[0][1])); a != "0.502" {
		t.Errorf("the translucent colour's opacity is %s, want 0.502", a)
	}
	c = newPDF(100, 100, time.Time{})
	rings[0].fill = color.NRGBA{0x00, 0x72, 0xb2, 0x80}
	c.drawRings(rings, draw.LineStyle{Color: Paper, Width: 0.3})
	b.Reset()
	if _, err := c.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	page = pageContent(t, b.Bytes())
	if bytes.Contains(page, []byte("q 0.25 0 0 0.25 0 0 cm")) {
		t.Error("a translucent ring is written by the canvas, without its opacity")
	}
	// Its colour as it is, not as premultiplied by its opacity.
	if !bytes.Contains(page, []byte("0 0.447 0.698 rg")) {
		t.Errorf("the translucent ring's colour is not written unpremultiplied:\n%s", page)
	}
}

// opacity is the fill opacity of the graphics state a page names name.
func opacity(t *testing.T, pdf []byte, name string) string {
	t.Helper()
	m := regexp.MustCompile(`/` + name + ` (\d+) 0 R`).FindSubmatch(pdf)
	if m == nil {
		t.Fatalf("no graphics state %s among the resources", name)
	}
	d := regexp.MustCompile(`(?m)^` + string(m[1]) + ` 0 obj\n<< /Type /ExtGState /ca ([\d.]+) /CA ([\d.]+) >>`).FindSubmatch(pdf)
	if d == nil || !bytes.Equal(d[1], d[2]) {
		t.Fatalf("graphics state %s: %q", name, d)
	}
	return string(d[1])
}

// Every stream the PDF holds is compressed, and the cross-reference table
// gives each object's offset in the file as written: a reader finds every
// object where the table says it is.
func TestPDFStreamsDeflated(t *testing.T) {
	for name, p := range figures(t) {
		pdf, err := Render(p, SizeOf(p), "pdf", Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkXref(t, pdf)
		for _, m := range regexp.MustCompile(`(?s)<<([^\n]*)>>\nstream\n`).FindAllSubmatchIndex(pdf, -1) {
			if !bytes.Contains(pdf[m[2]:m[3]], []byte("/Filter /FlateDecode")) {
				t.Errorf("%s: a stream without a filter: %q", name, pdf[m[2]:m[3]])
			}
		}
		if name != "map" {
			continue
		}
		// The page compressed at a better level than deflate's fastest.
		page := pageContent(t, pdf)
		var z bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
		zw.Write(page)
		zw.Close()
		m := regexp.MustCompile(`(?s)stream\n(.*?)\nendstream`).FindSubmatch(pdf)
		if len(m[1]) >= z.Len() {
			t.Errorf("the page is %d bytes compressed, not less than the %d of deflate's fastest level", len(m[1]), z.Len())
		}
	}
}

// The same figure gives the same bytes, drawn again and drawn on one core
// or two, and its date is the one given.
func TestPDFDeterministic(t *testing.T) {
	figs := figures(t)
	date := time.Date(2021, 1, 18, 9, 30, 0, 0, time.UTC)
	for _, name := range chartNames {
		p := figs[name]
		var out [][]byte
		for _, procs := range []int{1, 2, 2} {
			prev := runtime.GOMAXPROCS(procs)
			b, err := Render(p, SizeOf(p), "pdf", Options{Date: date})
			runtime.GOMAXPROCS(prev)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, b)
		}
		if !bytes.Equal(out[0], out[1]) || !bytes.Equal(out[1], out[2]) {
			t.Errorf("%s: the PDF differs from one rendering to the next", name)
		}
		if !bytes.Contains(out[0], []byte("/CreationDate (D:20210118093000Z) /ModDate (D:20210118093000Z)")) {
			t.Errorf("%s: the PDF is not dated as given", name)
		}
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

// A canvas that pops more than it pushed, or a path the PDF cannot hold,
// makes an error from WriteTo, not a page that a reader would refuse.
func TestPDFCanvasRejects(t *testing.T) {
	for name, draw := range map[string]func(c *pdfCanvas){
		"popped more than pushed": func(c *pdfCanvas) { c.Pop() },
		"pushed and not popped":   func(c *pdfCanvas) { c.Push() },
		"a point not a number": func(c *pdfCanvas) {
			c.Fill(vg.Path{{Type: vg.MoveComp, Pos: vg.Point{X: vg.Length(nan())}}, {Type: vg.LineComp}})
		},
		"a curve of three controls": func(c *pdfCanvas) {
			c.Fill(vg.Path{{Type: vg.MoveComp}, {Type: vg.CurveComp, Control: make([]vg.Point, 3)}})
		},
	} {
		c := newPDF(100, 100, time.Time{})
		draw(c)
		if _, err := c.WriteTo(io.Discard); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func nan() float64 { z := 0.0; return z / z }

// The PDF's arcs are the circles vg draws: a closed circle's curves end
// where they began, a quarter turn at a time.
func TestPDFArc(t *testing.T) {
	c := newPDF(100, 100, time.Time{})
	var p vg.Path
	p.Move(vg.Point{X: 60, Y: 50})
	p.Arc(vg.Point{X: 50, Y: 50}, 10, 0, 2*3.141592653589793)
	p.Close()
	c.Fill(p)
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	page := string(pageContent(t, b.Bytes()))
	want := "60 50 m\n60 50 l\n60 55.52 55.52 60 50 60 c\n44.48 60 40 55.52 40 50 c\n40 44.48 44.48 40 50 40 c\n55.52 40 60 44.48 60 50 c\nh\nf\n"
	if !strings.Contains(page, want) {
		t.Errorf("the circle is written\n%s\nwant\n%s", page, want)
	}
}

// poppler returns the path of one of Poppler's tools, skipping the test
// without it (failing it under CI).
func poppler(t *testing.T, tool string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		testenv.Missing(t, "%s (Debian's poppler-utils) is not installed: the PDFs are not read by an independent reader", tool)
	}
	return p
}

// runTool runs a tool and returns its standard output; anything on its
// standard error fails the test.
func runTool(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	var out, errb bytes.Buffer
	c := exec.Command(name, args...)
	c.Stdout, c.Stderr = &out, &errb
	if err := c.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, errb.Bytes())
	}
	if errb.Len() > 0 {
		t.Errorf("%s %s warns:\n%s", filepath.Base(name), strings.Join(args, " "), errb.Bytes())
	}
	return out.Bytes()
}

// pdfTexts is the text a chart sets that a reader must find in its PDF:
// its title and axis labels.
func pdfTexts(p *plot.Plot) []string {
	var out []string
	for _, s := range []string{p.Title.Text, p.X.Label.Text, p.Y.Label.Text} {
		if s = strings.Join(strings.Fields(s), " "); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// The mean absolute difference, over every channel of every block of 8 by
// 8 pixels, that a chart's PDF as Poppler renders it at 72 dpi may have
// from the chart's own PNG at 72 dpi. Two rasterisers differ in
// anti-aliasing and in placing glyphs and rules (the PNG's on whole pixels
// or quarters of one): 0.9–2.4 levels of 255 for these charts. Text left
// out of the PDF makes 4.1–10.6 levels, colours gone wrong 3.1–18.5
// (TestPDFPopplerSeesBreakage).
const pdfPixelTolerance = 2.75

// Every chart's PDF, read by Poppler: it opens without a warning, its fonts
// are embedded as subsets of Type0/CIDFontType2 fonts with maps to Unicode,
// its title and labels are extracted as text, and at 72 dpi it looks like
// the chart's PNG.
func TestPDFPoppler(t *testing.T) {
	info, fonts, text, toppm := poppler(t, "pdfinfo"), poppler(t, "pdffonts"), poppler(t, "pdftotext"), poppler(t, "pdftoppm")
	figs := figures(t)
	others := otherCharts(t)
	names := append(slices.Clone(chartNames), slices.Sorted(maps.Keys(others))...)
	maps.Copy(figs, others)
	dir := t.TempDir()
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			p := figs[name]
			b, err := Render(p, SizeOf(p), "pdf", Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(b) > 40_000 {
				t.Errorf("%d bytes, want at most 40 KB", len(b))
			}
			file := filepath.Join(dir, name+".pdf")
			if err := os.WriteFile(file, b, 0o644); err != nil {
				t.Fatal(err)
			}
			if out := runTool(t, info, file); !regexp.MustCompile(`(?m)^Pages:\s+1$`).Match(out) {
				t.Errorf("pdfinfo:\n%s", out)
			}
			checkFonts(t, runTool(t, fonts, file))
			got := strings.Join(strings.Fields(string(runTool(t, text, file, "-"))), " ")
			for _, s := range pdfTexts(p) {
				if !strings.Contains(got, s) {
					t.Errorf("%q not in the text extracted:\n%s", s, got)
				}
			}
			if d := pdfDiff(t, toppm, p, b); d > pdfPixelTolerance {
				t.Errorf("rendered by Poppler, the PDF differs from the PNG by %.2f levels a channel, more than %v", d, pdfPixelTolerance)
			} else {
				t.Logf("%d bytes; differs from the PNG by %.2f levels a channel", len(b), d)
			}
		})
	}
}

// otherCharts are a chart of each kind the report's figures do not show,
// with their examples' data: circles (UpSet's dots), bands (Kaplan–Meier),
// a timeline's markers and rotated labels, a heatmap.
func otherCharts(t *testing.T) map[string]*plot.Plot {
	t.Helper()
	s, _ := load(t)
	curve, origin, err := JoiningCurve(s, "paris-call", "joining", "all", "All states at risk")
	if err != nil {
		t.Fatal(err)
	}
	curve.Color, curve.Band = Ink, true
	build := map[string]func() (*plot.Plot, error){
		"upset": func() (*plot.Plot, error) {
			return UpSet(UpSetData{
				Title: "States by the instruments they have joined",
				Sets:  []string{"Paris Call", "Budapest Convention", "Second Protocol (CETS 224)"},
				Sizes: []int{81, 46, 43},
				Combinations: []UpSetCombination{
					{In: []int{0}, Count: 34}, {In: []int{0, 1, 2}, Count: 28}, {In: []int{0, 2}, Count: 10},
					{In: []int{0, 1}, Count: 9}, {In: []int{1}, Count: 5}, {In: []int{1, 2}, Count: 4}, {In: []int{2}, Count: 1},
				},
				CountLabel: "states",
				SizeLabel:  "in all",
			})
		},
		"survival": func() (*plot.Plot, error) {
			return Survival(SurvivalData{Title: "States joining the Paris Call", YLabel: "share joined", Origin: origin, Curves: []SurvivalCurve{curve}, Cumulative: true, Lang: labels.EN})
		},
		"timeline": func() (*plot.Plot, error) { return Timeline(s.Timeline(), labels.EN) },
		"heatmap": func() (*plot.Plot, error) {
			return Heatmap("Similarity", []string{"Paris Call", "ENISA", "Tech Accord"}, [][]float64{{1, 0.67, 0.78}, {0.67, 1, 0.86}, {0.78, 0.86, 1}}, []int{0, 2, 1})
		},
	}
	out := map[string]*plot.Plot{}
	for name, f := range build {
		p, err := f()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = p
	}
	return out
}

// checkFonts checks pdffonts' table: at least one font, every one a
// subset (with its tag) of a TrueType program embedded as a CIDFontType2
// under a Type0 font, with a map to Unicode.
func checkFonts(t *testing.T, out []byte) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 3 {
		t.Fatalf("no font in the PDF:\n%s", out)
	}
	row := regexp.MustCompile(`^[A-Z]{6}\+\S+\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes\s+\d+\s+0$`)
	for _, l := range lines[2:] {
		if !row.MatchString(l) {
			t.Errorf("a font not embedded as a tagged CID TrueType subset with a map to Unicode: %q", l)
		}
	}
}

// pdfDiff renders a PDF with pdftoppm at 72 dpi and returns its mean
// absolute difference from p's PNG at 72 dpi, in levels of 255 a channel.
func pdfDiff(t *testing.T, toppm string, p *plot.Plot, pdf []byte) float64 {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "chart.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	runTool(t, toppm, "-r", "72", "-png", "-singlefile", file, filepath.Join(dir, "chart"))
	got := decodePNG(t, filepath.Join(dir, "chart.png"))
	b, err := Render(p, SizeOf(p), "png", Options{DPI: 72})
	if err != nil {
		t.Fatal(err)
	}
	want, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	g, w := got.Bounds(), want.Bounds()
	if d := g.Size().Sub(w.Size()); d.X < -1 || d.X > 1 || d.Y < -1 || d.Y > 1 {
		t.Fatalf("Poppler's page is %v pixels, the PNG %v", g.Size(), w.Size())
	}
	// Each image averaged over blocks of 8 by 8 pixels: the two
	// rasterisers place a glyph's edge a pixel apart, which this forgives,
	// where a glyph left out or a colour gone wrong stays.
	const block = 8
	var sum, n float64
	for by := 0; by+block <= min(g.Dy(), w.Dy()); by += block {
		for bx := 0; bx+block <= min(g.Dx(), w.Dx()); bx += block {
			var s1, s2 [3]uint32
			for y := by; y < by+block; y++ {
				for x := bx; x < bx+block; x++ {
					r1, g1, b1, _ := got.At(g.Min.X+x, g.Min.Y+y).RGBA()
					r2, g2, b2, _ := want.At(w.Min.X+x, w.Min.Y+y).RGBA()
					s1[0], s1[1], s1[2] = s1[0]+r1>>8, s1[1]+g1>>8, s1[2]+b1>>8
					s2[0], s2[1], s2[2] = s2[0]+r2>>8, s2[1]+g2>>8, s2[2]+b2>>8
				}
			}
			for i := range s1 {
				sum += absDiff(s1[i], s2[i]) / (block * block)
				n++
			}
		}
	}
	return sum / n
}

func absDiff(a, b uint32) float64 {
	if a > b {
		return float64(a - b)
	}
	return float64(b - a)
}

func decodePNG(t *testing.T, file string) image.Image {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// brokenPDF is a PDF canvas made wrong on purpose, to show that the
// comparison with the PNG sees it.
type brokenPDF struct {
	*pdfCanvas
	noText  bool
	swapRGB bool
}

func (c brokenPDF) FillString(f font.Face, pt vg.Point, s string) {
	if !c.noText {
		c.pdfCanvas.FillString(f, pt, s)
	}
}

func (c brokenPDF) SetColor(clr color.Color) {
	if c.swapRGB && clr != nil {
		n := color.NRGBAModel.Convert(clr).(color.NRGBA)
		clr = color.NRGBA{R: n.B, G: n.R, B: n.G, A: n.A}
	}
	c.pdfCanvas.SetColor(clr)
}

// A PDF with its text left out, or its colours wrong, is not within the
// tolerance of the PNG: the comparison of TestPDFPoppler can fail.
func TestPDFPopplerSeesBreakage(t *testing.T) {
	toppm := poppler(t, "pdftoppm")
	figs := figures(t)
	for _, name := range []string{"coverage", "by-region", "growth", "power"} {
		for _, broken := range []brokenPDF{{noText: true}, {swapRGB: true}} {
			p := figs[name]
			s := SizeOf(p)
			broken.pdfCanvas = newPDF(s.W, s.H, time.Time{})
			p.Draw(draw.New(broken))
			var b bytes.Buffer
			if _, err := broken.WriteTo(&b); err != nil {
				t.Fatal(err)
			}
			d := pdfDiff(t, toppm, p, b.Bytes())
			t.Logf("%s, text left out %v, colours wrong %v: %.2f levels", name, broken.noText, broken.swapRGB, d)
			if d <= pdfPixelTolerance {
				t.Errorf("%s, text left out %v, colours wrong %v: differs from the PNG by only %.2f levels", name, broken.noText, broken.swapRGB, d)
			}
		}
	}
}

// BenchmarkPDF writes the PDF of the map and of a simple bar chart.
func BenchmarkPDF(b *testing.B) {
	figs := figures(b)
	for _, fig := range []string{"map", "by-region"} {
		b.Run(fig, func(b *testing.B) {
			p := figs[fig]
			var n int
			for b.Loop() {
				out, err := Render(p, SizeOf(p), "pdf", Options{})
				if err != nil {
					b.Fatal(err)
				}
				n = len(out)
			}
			b.ReportMetric(float64(n), "bytes")
		})
	}
}

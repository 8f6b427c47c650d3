package charts

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/labels"
)

// figures builds the report's figures, as reproduce draws them, by name.
func figures(tb testing.TB) map[string]*plot.Plot {
	tb.Helper()
	s, shapes := load(tb)
	build := map[string]func() (*plot.Plot, error){
		"map": func() (*plot.Plot, error) {
			return SupporterMap(MapData{Shapes: shapes, Supporters: analysis.StateCodes(s, datasets.ChapterAccessDate), AsOf: datasets.ChapterAccessDate, Lang: labels.ID, Source: "source"})
		},
		"coverage": func() (*plot.Plot, error) { return Coverage(s.Principles(), s.Frameworks(), s.Coverage(), labels.ID) },
		"power":    func() (*plot.Plot, error) { return CyberPower(s.CyberPower(), labels.ID) },
		"growth": func() (*plot.Plot, error) {
			return Growth(GrowthData{Series: analysis.GrowthByCategory(s.Supporters()), End: s.Span.Last, Censored: s.Span.First, AsOf: datasets.ChapterAccessDate, Lang: labels.ID})
		},
		"by-region": func() (*plot.Plot, error) {
			names := map[string]string{}
			for _, c := range s.Countries() {
				names[c.RegionEN] = c.RegionID
			}
			return StatesByRegion(analysis.CountOn(s, datasets.ChapterAccessDate, vocab.State), names, labels.ID)
		},
	}
	out := map[string]*plot.Plot{}
	for name, f := range build {
		p, err := f()
		if err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		out[name] = p
	}
	return out
}

var chartNames = []string{"map", "coverage", "power", "growth", "by-region"}

// raster draws p as the PNG path does, at 150 dpi.
func raster(p *plot.Plot) *image.RGBA {
	s := SizeOf(p)
	c := vgimg.NewWith(vgimg.UseWH(s.W, s.H), vgimg.UseDPI(150))
	p.Draw(draw.New(c))
	return c.Image().(*image.RGBA)
}

// The PNG writer keeps every pixel, with each filter, opaque or not.
func TestEncodePNGKeepsPixels(t *testing.T) {
	p := figures(t)["coverage"]
	img := raster(p)
	translucent := image.NewRGBA(image.Rect(0, 0, 37, 23))
	for i := 0; i < len(translucent.Pix); i += 4 {
		a := byte(i * 5)
		translucent.Pix[i], translucent.Pix[i+1], translucent.Pix[i+2], translucent.Pix[i+3] = a/3, a/2, a, a
	}
	for _, m := range []*image.RGBA{img, translucent} {
		var ref bytes.Buffer
		if err := png.Encode(&ref, m); err != nil {
			t.Fatal(err)
		}
		want, err := png.Decode(&ref)
		if err != nil {
			t.Fatal(err)
		}
		for f := byte(filterNone); f <= filterPaeth; f++ {
			var b bytes.Buffer
			if err := encodePNG(&b, m, f); err != nil {
				t.Fatal(err)
			}
			got, err := png.Decode(&b)
			if err != nil {
				t.Fatalf("filter %d: %v", f, err)
			}
			if got.ColorModel() != want.ColorModel() {
				t.Errorf("filter %d, opaque %v: colour model differs from image/png's", f, m.Opaque())
			}
			for y := m.Rect.Min.Y; y < m.Rect.Max.Y; y++ {
				for x := m.Rect.Min.X; x < m.Rect.Max.X; x++ {
					if got.At(x, y) != want.At(x, y) {
						t.Fatalf("filter %d, opaque %v: pixel (%d,%d) = %v, image/png's %v", f, m.Opaque(), x, y, got.At(x, y), want.At(x, y))
					}
				}
			}
		}
	}
}

// BenchmarkPNGFilters encodes each report figure with each fixed filter and
// with image/png's adaptive choice, all at the fastest deflate level, and
// reports the bytes written: the evidence for pngFilter.
func BenchmarkPNGFilters(b *testing.B) {
	figs := figures(b)
	enc := map[string]func(*bytes.Buffer, *image.RGBA) error{
		"adaptive": func(w *bytes.Buffer, m *image.RGBA) error {
			return (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(w, m)
		},
	}
	for f, name := range []string{"none", "sub", "up", "average", "paeth"} {
		enc[name] = func(w *bytes.Buffer, m *image.RGBA) error { return encodePNG(w, m, byte(f)) }
	}
	for _, fig := range chartNames {
		img := raster(figs[fig])
		for _, e := range []string{"adaptive", "none", "sub", "up", "average", "paeth"} {
			b.Run(fmt.Sprintf("%s/%s", fig, e), func(b *testing.B) {
				var w bytes.Buffer
				for b.Loop() {
					w.Reset()
					if err := enc[e](&w, img); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(w.Len()), "bytes")
			})
		}
	}
}

// BenchmarkRender draws each report figure in each format, as reproduce does.
func BenchmarkRender(b *testing.B) {
	figs := figures(b)
	for _, fig := range chartNames {
		for _, f := range Formats {
			b.Run(fig+"/"+f, func(b *testing.B) {
				var n int
				for b.Loop() {
					out, err := Render(figs[fig], SizeOf(figs[fig]), f, Options{})
					if err != nil {
						b.Fatal(err)
					}
					n = len(out)
				}
				b.ReportMetric(float64(n), "bytes")
			})
		}
	}
}

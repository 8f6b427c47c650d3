package figure

import (
	"bytes"
	"encoding/gob"
	"image/png"
	"io"
	"slices"
	"testing"

	"github.com/janpfeifer/gonb/gonbui/protocol"
	"gonum.org/v1/plot/vg"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/labels"
)

// A figure is sent as a PNG alone, with its text alternative and the size
// it is designed for: nbconvert would pick an SVG beside it, and empty it.
func TestPlotData(t *testing.T) {
	s := datasets.MustLoad()
	p, err := charts.Coverage(s.Principles(), s.Frameworks(), s.Coverage(), labels.EN)
	if err != nil {
		t.Fatal(err)
	}
	size := charts.Size{W: 20 * vg.Centimeter, H: 8 * vg.Centimeter}
	for _, alt := range []string{"Nine principles, six frameworks.", ""} {
		d, err := PlotData(p, size, alt)
		if err != nil {
			t.Fatal(err)
		}
		if got := keys(d.Data); !slices.Equal(got, []string{"image/png", "text/plain"}) {
			t.Errorf("a figure is sent as %v, want image/png and text/plain", got)
		}
		want := alt
		if alt == "" {
			want = p.Title.Text
		}
		if got := d.Data[protocol.MIMETextPlain]; got != want || want == "" {
			t.Errorf("text/plain = %q, want %q", got, want)
		}
		img, err := png.Decode(bytes.NewReader(d.Data[protocol.MIMEImagePNG].([]byte)))
		if err != nil {
			t.Fatal(err)
		}
		// 20 cm is 756 CSS pixels, drawn with 1.5 image pixels each.
		// What GoNB's pipe can carry: it encodes a display with gob.
		if err := gob.NewEncoder(io.Discard).Encode(d); err != nil {
			t.Errorf("GoNB cannot send the display: %v", err)
		}
		meta := d.Metadata["image/png"].(map[string]int)
		if meta["width"] != 756 || meta["height"] != 302 || img.Bounds().Dx() != 1134 || img.Bounds().Dy() != 454 {
			t.Errorf("shown at %vx%v CSS px from %v image px, want 756x302 from 1134x454", meta["width"], meta["height"], img.Bounds().Size())
		}
	}
}

func keys(m map[protocol.MIMEType]any) (k []string) {
	for x := range m {
		k = append(k, string(x))
	}
	slices.Sort(k)
	return
}

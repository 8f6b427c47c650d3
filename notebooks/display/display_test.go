package display

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"html"
	"image/png"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/janpfeifer/gonb/gonbui/protocol"
	"gonum.org/v1/plot/vg"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/cite"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/labels"
	"github.com/cybernorms/cybernorms/notebooks/frames"
)

func set(t *testing.T) *datasets.Set {
	s, err := datasets.Open(filepath.Join(testenv.Root(t), "datasets"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestFrameHTML(t *testing.T) {
	s := set(t)
	h := FrameHTML(frames.Must(s, "principles"), "Principles")
	for _, want := range []string{"<caption>Principles</caption>", "<th>label_id</th>", `<td class="num">9</td>`, "Melindungi individu dan infrastruktur", "9 rows × 6 columns"} {
		if !strings.Contains(h, want) {
			t.Errorf("principles table lacks %q", want)
		}
	}
	// The supporters as the datasets decode them, not through the frame;
	// 1230 in the committed history, more after a refresh.
	n := len(s.Supporters())
	if s.Span.Last.String() == "2024-01-19" && n != 1230 {
		t.Errorf("%d supporters in the committed history, want 1230", n)
	}
	h = FrameHTML(frames.Must(s, "supporters"), "")
	if !strings.Contains(h, fmt.Sprintf("%s rows not shown", labels.EN.Int(n-30))) || !strings.Contains(h, fmt.Sprintf("%s rows × 22 columns", labels.EN.Int(n))) {
		t.Error("long tables are not elided")
	}
	if strings.Count(h, "<tr>") != MaxRows+2 {
		t.Errorf("%d rows shown", strings.Count(h, "<tr>"))
	}
}

// TestHelpersSpeakEveryLanguage shows a long table, the claims table and a
// citation in every language of the catalogue: a word missing from one
// panics (labels.T), and each shows its own words, none of English's.
func TestHelpersSpeakEveryLanguage(t *testing.T) {
	s := set(t)
	defer func(l labels.Lang) { Lang = l }(Lang)
	it := cite.Pin{Package: "paris-call-cybernorms", Version: "3.0.0", AsOf: "2021-01-18", Commit: "0123456789abcdef", Year: "2024"}.Of("tables/coverage.csv", "Tabel 2.1", where, []byte("x"))
	keys := []string{"nb.rows", "nb.rows.hidden", "nb.cite", "nb.cite.formats", "t.claim", "t.check"}
	// The longest fixed part of a message, as a page shows it.
	fixed := func(l labels.Lang, k string) string {
		var f string
		for _, p := range strings.Split(l.T(k), "%s") {
			if p = strings.TrimSpace(p); len(p) > len(f) {
				f = p
			}
		}
		return html.EscapeString(f)
	}
	for _, l := range labels.All {
		Lang = l
		c, err := CitationHTML(it)
		if err != nil {
			t.Fatal(err)
		}
		h := FrameHTML(frames.Must(s, "supporters"), "") + ClaimsHTML(s) + c
		for _, k := range keys {
			if f := fixed(l, k); !strings.Contains(h, f) {
				t.Errorf("%s: %s (%q) not shown", l, k, f)
			}
			if e := fixed(labels.EN, k); l != labels.EN && e != fixed(l, k) && strings.Contains(h, e) {
				t.Errorf("%s: shows the English %s (%q)", l, k, e)
			}
		}
	}
}

func TestClaimsHTML(t *testing.T) {
	h := ClaimsHTML(set(t))
	if !strings.Contains(h, `<td class="holds">holds</td>`) || !strings.Contains(h, `<td class="fails">does not hold</td>`) || !strings.Contains(h, `<td class="transcribed">transcribed only</td>`) {
		t.Error("verdicts are not coloured")
	}
}

// A figure is sent as a PNG alone, with its text alternative and the size
// it is designed for: nbconvert would pick an SVG beside it, and empty it.
func TestPlotData(t *testing.T) {
	s := set(t)
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

func TestFormatFloat(t *testing.T) {
	for in, want := range map[string]string{"9.000000": "9", "0.777778": "0.778", "-3": "-3", "x": "x"} {
		if got := formatFloat(in); got != want {
			t.Errorf("formatFloat(%q) = %q, want %q", in, got, want)
		}
	}
}

package nbrun

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"reflect"
	"testing"
)

func pngData(t *testing.T, draw bool) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 4))
	for y := 0; y < 4; y++ {
		for x := 0; x < 8; x++ {
			img.Set(x, y, color.White)
		}
	}
	if draw {
		img.Set(3, 2, color.Black)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

// The figures of an export are found as nbconvert writes them, and one
// that shows nothing is told from one that is drawn: an SVG whose elements
// an HTML cleaner removed (what nbconvert 6.5 leaves of a gonum SVG), a
// blank or broken PNG.
func TestExportedFigures(t *testing.T) {
	lab := func(class, body string) string {
		return `<div class="jp-OutputArea-child"><div class="jp-OutputPrompt jp-OutputArea-prompt"></div>` +
			`<div class="` + class + ` jp-OutputArea-output " data-mime-type="image/svg+xml">` + body + "\n</div></div>\n"
	}
	page := `<html><body>` +
		lab("jp-RenderedSVG", "\n<svg width=\"566.93pt\" height=\"198.43pt\">\n  Supporter states by region Europe 40 \n</svg>") +
		lab("jp-RenderedSVG", "\n<svg viewBox=\"0 0 10 10\"><g><path d=\"M0,0l5,5\"/></g></svg>") +
		lab("jp-RenderedImage", "\n<img src=\"data:image/png;base64,"+pngData(t, true)+"\"\nwidth=756\nclass=\"\"\n>") +
		lab("jp-RenderedImage", "\n<img src=\"data:image/png;base64,"+pngData(t, false)+"\"\nclass=\"\"\n>") +
		lab("jp-RenderedImage", "\n<img src=\"data:image/png;base64,iVBORw0KGgo=\"\n>") +
		lab("jp-RenderedImage", "\n<img src=\"figure.png\">") +
		`<div class="output_svg output_subarea "><svg><rect width="1" height="1"/></svg></div>` +
		// An image inside an HTML output is not an image output.
		`<div class="jp-RenderedHTMLCommon jp-RenderedHTML"><img src="data:image/png;base64,` + pngData(t, true) + `"></div>` +
		`</body></html>`
	got := ExportedFigures([]byte(page))
	want := []Figure{
		{"svg", false, "an <svg> with no drawing element (88 bytes)"},
		{"svg", true, ""},
		{"png", true, ""},
		{"png", false, "a blank 8x4 PNG"},
		{"png", false, "PNG: unexpected EOF"},
		{"png", false, "no embedded PNG"},
		{"svg", true, ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("figures:\n got %+v\nwant %+v", got, want)
	}
}

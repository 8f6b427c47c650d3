package report

import (
	"image/color"
	"math"
	"regexp"
	"strconv"
	"testing"

	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

// Colour-vision deficiency, simulated with the matrices of Machado, Oliveira
// and Fernandes, "A Physiologically-based Model for Simulation of Color
// Vision Deficiency", IEEE TVCG 15(6), 2009, at severity 1.0 (dichromacy),
// applied in linear sRGB.
var deficiencies = map[string][3][3]float64{
	"protanopia":   {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}},
	"deuteranopia": {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}},
	"tritanopia":   {{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}},
	"none":         {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
}

func linear(c uint32) float64 {
	v := float64(c>>8) / 255
	if v <= 0.04045 {
		return v / 12.92
	}
	return math.Pow((v+0.055)/1.055, 2.4)
}

// lab returns the CIELAB coordinates (D65) of c as seen with deficiency m.
func lab(c color.Color, m [3][3]float64) [3]float64 {
	r, g, b, _ := c.RGBA()
	in := [3]float64{linear(r), linear(g), linear(b)}
	var s [3]float64
	for i := range s {
		s[i] = math.Min(1, math.Max(0, m[i][0]*in[0]+m[i][1]*in[1]+m[i][2]*in[2]))
	}
	x := (0.4124*s[0] + 0.3576*s[1] + 0.1805*s[2]) / 0.95047
	y := 0.2126*s[0] + 0.7152*s[1] + 0.0722*s[2]
	z := (0.0193*s[0] + 0.1192*s[1] + 0.9505*s[2]) / 1.08883
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
}

// minDistance is the smallest CIE76 ΔE between two colours of the palette as
// seen with each deficiency, and where.
func minDistance(palette map[string]color.Color) (float64, string) {
	best, where := math.Inf(1), ""
	for name, m := range deficiencies {
		for a, ca := range palette {
			for b, cb := range palette {
				if a >= b {
					continue
				}
				la, lb := lab(ca, m), lab(cb, m)
				d := math.Sqrt((la[0]-lb[0])*(la[0]-lb[0]) + (la[1]-lb[1])*(la[1]-lb[1]) + (la[2]-lb[2])*(la[2]-lb[2]))
				if d < best {
					best, where = d, name+": "+a+" vs "+b
				}
			}
		}
	}
	return best, where
}

// cssColour reads a colour variable of the report's style sheet.
func cssColour(t *testing.T, name string) color.Color {
	m := regexp.MustCompile(name + `: #([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2});`).FindStringSubmatch(pageTemplate)
	if m == nil {
		t.Fatalf("no %s in the style sheet", name)
	}
	var c [3]uint8
	for i := range c {
		v, _ := strconv.ParseUint(m[i+1], 16, 8)
		c[i] = uint8(v)
	}
	return color.RGBA{c[0], c[1], c[2], 0xff}
}

// The colours that carry meaning stay apart for readers with protanopia,
// deuteranopia or tritanopia: every pair at least ΔE 10 (CIE76) apart. The
// categories use the Okabe–Ito palette; the map, supporter blue on grey land.
func TestPaletteUnderColourVisionDeficiency(t *testing.T) {
	const threshold = 10
	cats := map[string]color.Color{}
	for _, c := range vocab.Categories {
		cats[c] = charts.CategoryColors[c]
	}
	for what, palette := range map[string]map[string]color.Color{
		"categories":             cats,
		"map (supporter, land)":  {"supporter": charts.SupporterClr, "other land": charts.OtherLand},
		"map (supporter, ocean)": {"supporter": charts.SupporterClr, "ocean": charts.Ocean},
		// The report's verdict colours; their words are shown too.
		"verdicts": {"holds": cssColour(t, "--holds"), "fails": cssColour(t, "--fails"), "unchecked": cssColour(t, "--unchecked")},
	} {
		d, where := minDistance(palette)
		t.Logf("%s: smallest ΔE %.1f (%s)", what, d, where)
		if d < threshold {
			t.Errorf("%s: %s are only ΔE %.1f apart", what, where, d)
		}
	}
	// The check can fail: red and green of equal lightness merge for a
	// deuteranope.
	if d, _ := minDistance(map[string]color.Color{"red": color.RGBA{0xd0, 0x40, 0x40, 0xff}, "green": color.RGBA{0x60, 0x90, 0x30, 0xff}}); d >= threshold {
		t.Errorf("red and green are ΔE %.1f apart for a deuteranope: the simulation is not working", d)
	}
}

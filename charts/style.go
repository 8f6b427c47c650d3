package charts

import (
	"image/color"
	"strconv"
	"strings"
	"time"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Colours. The categorical ones are the Okabe-Ito palette, distinguishable
// with the common forms of colour blindness.
var (
	Ink          = color.RGBA{0x22, 0x22, 0x22, 0xff}
	Muted        = color.RGBA{0x66, 0x66, 0x66, 0xff}
	Rule         = color.RGBA{0xbb, 0xbb, 0xbb, 0xff}
	Paper        = color.White
	SupporterClr = color.RGBA{0x00, 0x72, 0xb2, 0xff}
	OtherLand    = color.RGBA{0xdd, 0xdd, 0xdd, 0xff}
	Uncoded      = color.RGBA{0xe3, 0xcf, 0x9b, 0xff} // areas with no ISO 3166 code, drawn apart
	Ocean        = color.RGBA{0xf3, 0xf7, 0xfa, 0xff}
	YesFill      = color.RGBA{0xd9, 0xee, 0xdc, 0xff}
	YesMark      = color.RGBA{0x00, 0x7a, 0x3d, 0xff}
	NoFill       = color.RGBA{0xf2, 0xf2, 0xf2, 0xff}
	NoMark       = color.RGBA{0xa0, 0x3c, 0x3c, 0xff}
	HeaderFill   = color.RGBA{0xe8, 0xee, 0xf4, 0xff}
)

// CategoryColors are the supporter categories' colours.
var CategoryColors = map[string]color.Color{
	"state":            color.RGBA{0x00, 0x72, 0xb2, 0xff},
	"public-authority": color.RGBA{0x00, 0x9e, 0x73, 0xff},
	"private-sector":   color.RGBA{0xe6, 0x9f, 0x00, 0xff},
	"civil-society":    color.RGBA{0xcc, 0x79, 0xa7, 0xff},
	"undefined":        color.RGBA{0x55, 0x55, 0x55, 0xff}, // dark: apart from the reddish purple for every colour vision
}

func sans(size vg.Length, bold bool) font.Font {
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return f
}

// textStyle is a plain text style in the project's font.
func textStyle(size vg.Length, bold bool, c color.Color) text.Style {
	return text.Style{Color: c, Font: sans(size, bold), Handler: plot.DefaultTextHandler, XAlign: draw.XLeft, YAlign: draw.YTop}
}

// newPlot returns an empty plot with the project's title style.
func newPlot(title string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle = textStyle(13, true, Ink)
	p.Title.TextStyle.XAlign = draw.XCenter
	p.Title.Padding = vg.Points(8)
	p.BackgroundColor = Paper
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(9, false)
		a.Label.TextStyle.Color = Ink
		a.Tick.Label.Font = sans(8, false)
		a.Tick.Label.Color = Muted
		a.Color, a.Tick.Color = Rule, Rule
	}
	p.Legend.TextStyle.Font = sans(8.5, false)
	p.Legend.TextStyle.Color = Ink
	return p
}

// yearTicks marks 1 January of each year (labelled) and 1 July (not), on a
// time axis in Unix seconds.
type yearTicks struct{}

func (yearTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	from := time.Unix(int64(min), 0).UTC().Year()
	to := time.Unix(int64(max), 0).UTC().Year()
	for y := from; y <= to+1; y++ {
		for _, m := range []time.Month{time.January, time.July} {
			t := float64(time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).Unix())
			if t < min || t > max {
				continue
			}
			label := ""
			if m == time.January {
				label = strconv.Itoa(y)
			}
			ticks = append(ticks, plot.Tick{Value: t, Label: label})
		}
	}
	return ticks
}

// wrap breaks txt into lines no wider than width.
func wrap(txt string, sty text.Style, width vg.Length) []string {
	var lines []string
	for _, para := range strings.Split(txt, "\n") {
		words := strings.Fields(para)
		line := ""
		for _, w := range words {
			try := w
			if line != "" {
				try = line + " " + w
			}
			if line != "" && sty.Width(try) > width {
				lines = append(lines, line)
				line = w
				continue
			}
			line = try
		}
		lines = append(lines, line)
	}
	return lines
}

// lineHeight is the distance between baselines of sty.
func lineHeight(sty text.Style) vg.Length { return sty.Font.Size * 1.25 }

// drawLines draws lines of text from the top-left point pt, and returns the
// height used.
func drawLines(c draw.Canvas, sty text.Style, pt vg.Point, lines []string) vg.Length {
	sty.YAlign = draw.YTop
	for i, l := range lines {
		c.FillText(sty, vg.Point{X: pt.X, Y: pt.Y - vg.Length(i)*lineHeight(sty)}, l)
	}
	return vg.Length(len(lines)) * lineHeight(sty)
}

// blend mixes a and b, t of the way from a to b.
func blend(a, b color.Color, t float64) color.Color {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	mix := func(x, y uint32) uint8 { return uint8((float64(x)*(1-t) + float64(y)*t) / 257) }
	return color.RGBA{mix(ar, br), mix(ag, bg), mix(ab, bb), 0xff}
}

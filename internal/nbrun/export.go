package nbrun

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"os/exec"
	"regexp"
	"strings"
)

// Export converts a notebook to HTML as a reader does, with
// `jupyter nbconvert --to html`, and returns the page. With sanitize the
// outputs' HTML is cleaned first, as nbconvert does for a viewer of
// untrusted notebooks (--HTMLExporter.sanitize_html=True): the nearest a
// test can come offline to a code host's notebook renderer.
func Export(ctx context.Context, path string, sanitize bool) ([]byte, error) {
	args := []string{"--to", "html", "--stdout", "--log-level=ERROR"}
	if sanitize {
		args = append(args, "--HTMLExporter.sanitize_html=True")
	}
	cmd := exec.CommandContext(ctx, "jupyter-nbconvert", append(args, path)...)
	var out, errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errs
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("nbconvert %s: %v: %s", path, err, strings.TrimSpace(errs.String()))
	}
	return out.Bytes(), nil
}

// Figure is an image output of a notebook exported to HTML.
type Figure struct {
	Format string // "png" or "svg"
	// Drawn says the figure shows something: a PNG that decodes to an
	// image of more than one colour, an SVG holding a drawing element.
	Drawn bool
	// Why says what is wrong with a figure that is not drawn.
	Why string
}

// nbconvert's HTML templates mark an image output by the class of its
// container: jp-RenderedImage or jp-RenderedSVG (lab, the default),
// output_png or output_svg (classic).
var (
	figureStart = regexp.MustCompile(`<div class="(?:jp-RenderedImage|jp-RenderedSVG|output_png|output_svg)[ "]`)
	pngSrc      = regexp.MustCompile(`^\s*<img\s+src="data:image/png;base64,([^"]*)"`)
	svgElement  = regexp.MustCompile(`(?s)^\s*<svg\b.*?</svg>`)
	// The SVG elements that paint; text alone left inside an <svg> is what
	// an HTML cleaner leaves of a figure.
	svgPaint = regexp.MustCompile(`<(?:path|rect|line|polyline|polygon|circle|ellipse|image|use|text)\b`)
)

// ExportedFigures lists the image outputs of a notebook exported to HTML by
// nbconvert, in order, and whether each is drawn.
func ExportedFigures(page []byte) []Figure {
	var out []Figure
	for _, loc := range figureStart.FindAllIndex(page, -1) {
		body := page[loc[1]:]
		if i := bytes.IndexByte(body, '>'); i >= 0 {
			body = body[i+1:]
		}
		cls := string(page[loc[0]:loc[1]])
		if strings.Contains(cls, "SVG") || strings.Contains(cls, "svg") {
			out = append(out, svgFigure(body))
		} else {
			out = append(out, pngFigure(body))
		}
	}
	return out
}

func svgFigure(body []byte) Figure {
	f := Figure{Format: "svg"}
	el := svgElement.Find(body)
	switch {
	case el == nil:
		f.Why = "no <svg> element"
	case !svgPaint.Match(el):
		f.Why = fmt.Sprintf("an <svg> with no drawing element (%d bytes)", len(el))
	default:
		f.Drawn = true
	}
	return f
}

func pngFigure(body []byte) Figure {
	f := Figure{Format: "png"}
	m := pngSrc.FindSubmatch(body)
	if m == nil {
		f.Why = "no embedded PNG"
		return f
	}
	b, err := base64.StdEncoding.DecodeString(string(m[1]))
	if err != nil {
		f.Why = "PNG: " + err.Error()
		return f
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		f.Why = "PNG: " + err.Error()
		return f
	}
	if uniform(img) {
		f.Why = fmt.Sprintf("a blank %dx%d PNG", img.Bounds().Dx(), img.Bounds().Dy())
		return f
	}
	f.Drawn = true
	return f
}

// uniform reports whether every pixel of img has the same colour.
func uniform(img image.Image) bool {
	r := img.Bounds()
	if r.Empty() {
		return true
	}
	r0, g0, b0, a0 := img.At(r.Min.X, r.Min.Y).RGBA()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if r1, g1, b1, a1 := img.At(x, y).RGBA(); r1 != r0 || g1 != g0 || b1 != b0 || a1 != a0 {
				return false
			}
		}
	}
	return true
}

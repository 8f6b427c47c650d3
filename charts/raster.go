package charts

import (
	"image"
	"image/color"
	"image/draw"
	"io"
	"math"
	"sync"

	"git.sr.ht/~sbinet/gg"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// pngCanvas is gonum's raster canvas with two changes that the profile of
// a whole reproduce asked for. Its text is set from a cache of rasterised
// glyphs, composited at whole pixels: vgimg rasterises every glyph of every
// string anew and resamples it through a general affine transform, which
// took a sixth of reproduce's processor time for a few hundred distinct
// glyphs. Its pixels come from a pool, so that each figure does not pay for
// clearing a fresh raster the size of a page.
type pngCanvas struct {
	*vgimg.Canvas
	ctx    *gg.Context
	img    *image.RGBA
	w, h   vg.Length     // vgimg's own size is the raster's, rounded to whole pixels
	colors []color.Color // the current colour, pushed and popped with the context
}

// rasters holds the pixel buffers of figures already written.
var rasters sync.Pool

func newPNGCanvas(w, h vg.Length, dpi int) *pngCanvas {
	wd := int(w/vg.Inch*vg.Length(dpi) + 0.5)
	ht := int(h/vg.Inch*vg.Length(dpi) + 0.5)
	n := 4 * wd * ht
	var pix []byte
	if b, ok := rasters.Get().(*[]byte); ok && cap(*b) >= n {
		pix = (*b)[:n]
	} else {
		pix = make([]byte, n)
	}
	img := &image.RGBA{Pix: pix, Stride: 4 * wd, Rect: image.Rect(0, 0, wd, ht)}
	ctx := gg.NewContextForRGBA(img)
	// As vgimg.NewWith sets up a context of its own; it then paints the
	// whole raster with the (white) background, so nothing of a pooled
	// buffer's last figure is left.
	ctx.SetLineCapButt()
	ctx.InvertY()
	c := vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(dpi))
	return &pngCanvas{Canvas: c, ctx: ctx, img: img, w: w, h: h, colors: []color.Color{color.Black}}
}

func (c *pngCanvas) Size() (w, h vg.Length) { return c.w, c.h }

// release gives the pixels back to the pool: the canvas is not used after.
func (c *pngCanvas) release() {
	pix := c.img.Pix
	c.img = nil
	rasters.Put(&pix)
}

func (c *pngCanvas) SetColor(clr color.Color) {
	if clr == nil {
		clr = color.Black
	}
	c.Canvas.SetColor(clr)
	c.colors[len(c.colors)-1] = clr
}

func (c *pngCanvas) Push() {
	c.Canvas.Push()
	c.colors = append(c.colors, c.colors[len(c.colors)-1])
}

func (c *pngCanvas) Pop() {
	c.Canvas.Pop()
	c.colors = c.colors[:len(c.colors)-1]
}

// FillString sets s with its baseline's left end at pt. Text the canvas
// only moves (every label but the rotated ones) is composited from the
// glyph cache at the nearest quarter pixel; rotated or scaled text is left
// to vgimg.
func (c *pngCanvas) FillString(f font.Face, pt vg.Point, s string) {
	if f.Font.Size == 0 {
		return
	}
	ox, oy := c.ctx.TransformPoint(0, 0)
	xx, xy := c.ctx.TransformPoint(1, 0)
	yx, yy := c.ctx.TransformPoint(0, 1)
	if xx != ox+1 || xy != oy || yx != ox || yy != oy-1 {
		c.Canvas.FillString(f, pt, s)
		return
	}
	dpi := c.DPI()
	// The canvas's y axis points up and the raster's down.
	x, y := ox+pt.X.Dots(dpi), oy-pt.Y.Dots(dpi)
	gf := glyphFaceOf(f, dpi)
	src := image.NewUniform(c.colors[len(c.colors)-1])
	// The baseline goes to the nearest whole pixel, each glyph to the
	// nearest quarter of one.
	dot := fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.I(int(math.Round(y)))}
	prev := rune(-1)
	for _, r := range s {
		dot.X += gf.kern(prev, r)
		q := quarter(dot.X)
		g := gf.glyph(r, q&63)
		if g.mask != nil {
			at := g.mask.Rect.Add(image.Point{X: q.Floor(), Y: dot.Y.Floor()})
			draw.DrawMask(c.img, at, src, image.Point{}, g.mask, g.mask.Rect.Min, draw.Over)
		}
		dot.X += g.advance
		prev = r
	}
}

// quarter rounds a position to a quarter of a pixel: glyphs are cached at
// four horizontal positions within a pixel, a difference no one can see.
func quarter(v fixed.Int26_6) fixed.Int26_6 { return (v + 8) &^ 15 }

// glyph is a rasterised glyph: its mask, placed relative to the whole pixel
// of the dot it was drawn at, and its advance.
type glyph struct {
	mask    *image.Alpha // nil for a glyph with nothing to draw (a space)
	advance fixed.Int26_6
}

type faceKey struct {
	face *opentype.Font
	font font.Font
	dpi  float64
}

type glyphKey struct {
	r    rune
	frac fixed.Int26_6 // the dot's quarter pixel
}

// glyphFace rasterises one face at one size and resolution, once for each
// glyph and quarter pixel; an x/image face is not safe for concurrent use,
// so the figures drawn at once share it under a lock.
type glyphFace struct {
	mu     sync.Mutex
	face   xfont.Face
	glyphs map[glyphKey]glyph
	kerns  map[[2]rune]fixed.Int26_6
}

var glyphFaces sync.Map // faceKey → *glyphFace

func glyphFaceOf(f font.Face, dpi float64) *glyphFace {
	k := faceKey{f.Face, f.Font, dpi}
	if gf, ok := glyphFaces.Load(k); ok {
		return gf.(*glyphFace)
	}
	gf, _ := glyphFaces.LoadOrStore(k, &glyphFace{face: f.FontFace(dpi), glyphs: map[glyphKey]glyph{}, kerns: map[[2]rune]fixed.Int26_6{}})
	return gf.(*glyphFace)
}

// kern is the kerning between prev and r (none if prev < 0).
func (gf *glyphFace) kern(prev, r rune) fixed.Int26_6 {
	if prev < 0 {
		return 0
	}
	gf.mu.Lock()
	defer gf.mu.Unlock()
	k, ok := gf.kerns[[2]rune{prev, r}]
	if !ok {
		k = gf.face.Kern(prev, r)
		gf.kerns[[2]rune{prev, r}] = k
	}
	return k
}

// glyph returns r's glyph rasterised with its dot at frac, a quarter of a
// pixel right of the origin.
func (gf *glyphFace) glyph(r rune, frac fixed.Int26_6) glyph {
	gf.mu.Lock()
	defer gf.mu.Unlock()
	key := glyphKey{r: r, frac: frac}
	if g, ok := gf.glyphs[key]; ok {
		return g
	}
	var g glyph
	dr, mask, maskp, advance, ok := gf.face.Glyph(fixed.Point26_6{X: frac}, r)
	g.advance = advance
	if ok && !dr.Empty() {
		// The face reuses its mask: the glyph keeps a copy, placed at dr,
		// relative to the whole pixel of the dot.
		a := image.NewAlpha(dr)
		draw.Draw(a, dr, mask, maskp, draw.Src)
		g.mask = a
	}
	gf.glyphs[key] = g
	return g
}

// WriteTo writes the PNG and gives the raster back to the pool.
func (c *pngCanvas) WriteTo(w io.Writer) (int64, error) {
	cw := &countingWriter{w: w}
	err := encodePNG(cw, c.img, pngFilter)
	c.release()
	return cw.n, err
}

package charts

import (
	"bytes"
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

// pngCanvas is gonum's raster canvas with three changes that profiles of
// a whole reproduce asked for. Its text is set from a cache of rasterised
// glyphs, composited at whole pixels: vgimg rasterises every glyph of every
// string anew and resamples it through a general affine transform, which
// took a twelfth of reproduce's processor time for a few hundred distinct
// glyphs. Its rectangles are filled by Fill below. Its pixels come from a
// pool, so that each figure does not pay for clearing a fresh raster the
// size of a page.
type pngCanvas struct {
	*vgimg.Canvas
	ctx    *gg.Context
	img    *image.RGBA
	w, h   vg.Length     // vgimg's own size is the raster's, rounded to whole pixels
	colors []color.Color // the current colour, pushed and popped with the context
}

// rasters holds the pixel buffers of figures already written, for the next
// figures to draw on. It is a short list searched for the smallest buffer
// that fits, not a sync.Pool: a pool hands back whichever buffer it holds,
// and one too small for the figure at hand was dropped and a new one made.
// It holds as many as figures are drawn at once, the largest kept.
var rasters struct {
	sync.Mutex
	free [][]byte
}

// maxRasters bounds the buffers kept: a report draws three figures at once.
const maxRasters = 3

// takeRaster returns a buffer of n bytes, the smallest kept that holds n, or
// a new one. Its pixels are whatever the last figure left.
func takeRaster(n int) []byte {
	rasters.Lock()
	defer rasters.Unlock()
	best := -1
	for i, b := range rasters.free {
		if cap(b) >= n && (best < 0 || cap(b) < cap(rasters.free[best])) {
			best = i
		}
	}
	if best < 0 {
		return make([]byte, n)
	}
	b := rasters.free[best]
	rasters.free = append(rasters.free[:best], rasters.free[best+1:]...)
	return b[:n]
}

// giveRaster keeps b for a later figure, in place of the smallest kept if
// the list is full and b is larger.
func giveRaster(b []byte) {
	rasters.Lock()
	defer rasters.Unlock()
	if len(rasters.free) < maxRasters {
		rasters.free = append(rasters.free, b)
		return
	}
	small := 0
	for i, f := range rasters.free {
		if cap(f) < cap(rasters.free[small]) {
			small = i
		}
	}
	if cap(b) > cap(rasters.free[small]) {
		rasters.free[small] = b
	}
}

func newPNGCanvas(w, h vg.Length, dpi int) *pngCanvas {
	wd := int(w/vg.Inch*vg.Length(dpi) + 0.5)
	ht := int(h/vg.Inch*vg.Length(dpi) + 0.5)
	pix := takeRaster(4 * wd * ht)
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
	giveRaster(pix)
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
	defer c.release()
	// A buffer is handed on as it is, for the encoder to grow it once to
	// the file's length.
	if b, ok := w.(*bytes.Buffer); ok {
		n := b.Len()
		err := encodePNG(b, c.img, pngFilter)
		return int64(b.Len() - n), err
	}
	cw := &countingWriter{w: w}
	err := encodePNG(cw, c.img, pngFilter)
	return cw.n, err
}

// Fill fills p. A rectangle the canvas only moves (a plot's background, a
// bar, a table's cell) is filled here, its inner pixels at once and its
// edge pixels by the share of each they cover: the general rasteriser
// painted it pixel by pixel, every chart's background included, which was
// the largest part of drawing most charts.
func (c *pngCanvas) Fill(p vg.Path) {
	if r, ok := c.rect(p); ok {
		c.fillRect(r, c.colors[len(c.colors)-1])
		return
	}
	c.Canvas.Fill(p)
}

// rect returns p's rectangle in the raster's pixels, if p is a rectangle
// whose sides stay parallel to the raster's.
func (c *pngCanvas) rect(p vg.Path) ([4]float64, bool) {
	n := len(p)
	if n > 0 && p[n-1].Type == vg.CloseComp {
		n--
	}
	if n != 4 && n != 5 || p[0].Type != vg.MoveComp {
		return [4]float64{}, false
	}
	ox, oy := c.ctx.TransformPoint(0, 0)
	xx, xy := c.ctx.TransformPoint(1, 0)
	yx, yy := c.ctx.TransformPoint(0, 1)
	if xx != ox+1 || xy != oy || yx != ox || yy != oy-1 {
		return [4]float64{}, false
	}
	for _, comp := range p[1:n] {
		if comp.Type != vg.LineComp {
			return [4]float64{}, false
		}
	}
	pts := make([]vg.Point, 0, 5)
	for _, comp := range p[:n] {
		pts = append(pts, comp.Pos)
	}
	if n == 5 && pts[4] != pts[0] {
		return [4]float64{}, false
	}
	pts = append(pts[:4], pts[0])
	for i := range 4 {
		a, b := pts[i], pts[i+1]
		if (a.X != b.X) == (a.Y != b.Y) { // diagonal, or no length
			return [4]float64{}, false
		}
		if i > 0 && (a.X == b.X) == (pts[i-1].X == a.X) { // two sides the same way
			return [4]float64{}, false
		}
	}
	dpi := c.DPI()
	x0, x1 := ox+pts[0].X.Dots(dpi), ox+pts[2].X.Dots(dpi)
	y0, y1 := oy-pts[0].Y.Dots(dpi), oy-pts[2].Y.Dots(dpi)
	return [4]float64{min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)}, true
}

// fillRect composites clr over the pixels of r (x0, y0, x1, y1, in
// pixels), each by the area of it that r covers.
func (c *pngCanvas) fillRect(r [4]float64, clr color.Color) {
	x0, y0, x1, y1 := r[0], r[1], r[2], r[3]
	b := c.img.Bounds()
	outer := image.Rect(int(math.Floor(x0)), int(math.Floor(y0)), int(math.Ceil(x1)), int(math.Ceil(y1))).Intersect(b)
	// Not image.Rect, which would swap the sides of a rectangle narrower
	// than a pixel.
	inner := image.Rectangle{
		Min: image.Point{X: int(math.Ceil(x0)), Y: int(math.Ceil(y0))},
		Max: image.Point{X: int(math.Floor(x1)), Y: int(math.Floor(y1))},
	}.Intersect(b)
	src := image.NewUniform(clr)
	if inner.Empty() {
		inner = image.Rectangle{}
	} else {
		draw.Draw(c.img, inner, src, image.Point{}, draw.Over)
	}
	sr, sg, sb, sa := clr.RGBA()
	const m = 1<<16 - 1
	cover := func(lo, hi float64, i int) float64 {
		return max(0, min(hi, float64(i+1))-max(lo, float64(i)))
	}
	for y := outer.Min.Y; y < outer.Max.Y; y++ {
		cy := cover(y0, y1, y)
		for x := outer.Min.X; x < outer.Max.X; x++ {
			if (image.Point{X: x, Y: y}).In(inner) {
				x = inner.Max.X - 1
				continue
			}
			ma := uint32(cy*cover(x0, x1, x)*m + 0.5)
			if ma == 0 {
				continue
			}
			// Porter-Duff over with a mask, as image/draw composites.
			a := (m - (sa * ma / m)) * 0x101
			d := c.img.Pix[c.img.PixOffset(x, y):][:4:4]
			d[0] = uint8((uint32(d[0])*a + sr*ma) / m >> 8)
			d[1] = uint8((uint32(d[1])*a + sg*ma) / m >> 8)
			d[2] = uint8((uint32(d[2])*a + sb*ma) / m >> 8)
			d[3] = uint8((uint32(d[3])*a + sa*ma) / m >> 8)
		}
	}
}

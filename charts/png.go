package charts

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"hash/adler32"
	"hash/crc32"
	"image"
	"image/color"
	"io"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/klauspost/compress/flate"
	"golang.org/x/sync/errgroup"
)

// PNG row filters (PNG specification, section 9.2).
const (
	filterNone = iota
	filterSub
	filterUp
	filterAverage
	filterPaeth
)

// pngFilter is the row filter every chart's PNG is written with. Go's
// image/png tries the five filters on every row and keeps the one whose
// bytes sum least, which cost as much CPU as the deflate after it. At the
// fastest deflate level these charts (flat fills, thin rules, anti-aliased
// text) compress best unfiltered: 4–12 % smaller than the adaptive choice
// for each of the report's figures (BenchmarkPNGFilters reports the bytes).
const pngFilter = filterNone

// encodePNG writes an RGBA image as an 8-bit PNG, truecolour when it is
// opaque (as image/png does), every row filtered with filter and the whole
// deflated at the fastest level.
func encodePNG(w io.Writer, m *image.RGBA, filter byte) error {
	// A chart is drawn over an opaque background, so it is written as
	// opaque while its alpha is checked on the way, and again with alpha
	// only if a pixel is not: a separate check read every pixel once more.
	// Nothing is written until every band is deflated and checked, so the
	// first try needs no buffer of its own to be thrown away.
	ok, err := encodePNGAs(w, m, filter, true)
	if err != nil || ok {
		return err
	}
	_, err = encodePNGAs(w, m, filter, false)
	return err
}

// pngBand is the number of rows deflated as one piece: the pieces of an
// image are deflated at once, one per core, each ending on a byte boundary
// (a sync flush), and joined into one zlib stream. The band is fixed, not
// the number of cores, so that the bytes do not depend on the machine.
const pngBand = 128

// deflaters are BestSpeed flate writers, kept to be reset: a new one
// clears more memory than a band's worth of compressing costs. They are
// klauspost's compress/flate, which the Parquet writer's codecs already
// bring: at its fastest level it deflates these charts in 40–55 % of the
// time the standard library's takes, to within −1 % to +12 % of its bytes
// (the map and four charts, BenchmarkPNGFilters -cpu 1). bands are
// the buffers a band is deflated into, kept for the same reason: one grown
// by doubling from nothing for every band of every figure was a tenth of
// what the PNGs allocated.
var deflaters, bands sync.Pool

// encodePNGAs writes m as encodePNG does, opaque (truecolour) or not; as
// opaque, it stops and reports false if a pixel is not.
func encodePNGAs(w io.Writer, m *image.RGBA, filter byte, opaque bool) (bool, error) {
	b := m.Bounds()
	width, height := b.Dx(), b.Dy()
	bpp := 4
	colorType := byte(6)
	if opaque {
		bpp, colorType = 3, 2
	}
	rowLen := 1 + bpp*width
	// row writes row y of m, unfiltered, into cur[1:], and reports whether
	// it is opaque where opacity is asked for.
	row := func(cur []byte, y int) bool {
		pix := m.Pix[m.PixOffset(b.Min.X, y):][:4*width]
		if opaque {
			alpha := byte(0xff)
			r := cur[1:]
			for x := 0; x < width; x++ {
				p := pix[4*x : 4*x+4 : 4*x+4]
				q := r[3*x : 3*x+3 : 3*x+3]
				q[0], q[1], q[2] = p[0], p[1], p[2]
				alpha &= p[3]
			}
			return alpha == 0xff
		}
		// PNG stores straight alpha; image.RGBA holds it premultiplied.
		for x, i := 0, 1; x < width; x, i = x+1, i+4 {
			p := pix[4*x : 4*x+4]
			c := color.NRGBAModel.Convert(color.RGBA{p[0], p[1], p[2], p[3]}).(color.NRGBA)
			cur[i], cur[i+1], cur[i+2], cur[i+3] = c.R, c.G, c.B, c.A
		}
		return true
	}
	nb := (height + pngBand - 1) / pngBand
	out := make([]*bytes.Buffer, nb)
	defer func() {
		for _, b := range out {
			if b != nil {
				b.Reset()
				bands.Put(b)
			}
		}
	}()
	sums := make([]uint32, nb)
	var translucent atomic.Bool
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i := range nb {
		g.Go(func() error {
			y0, y1 := b.Min.Y+i*pngBand, min(b.Min.Y+(i+1)*pngBand, b.Max.Y)
			rows := make([]byte, 3*rowLen)
			cur, prev, filtered := rows[:rowLen], rows[rowLen:2*rowLen], rows[2*rowLen:]
			if y0 > b.Min.Y {
				row(prev, y0-1) // the row above, for the filters that read it
			}
			buf, _ := bands.Get().(*bytes.Buffer)
			if buf == nil {
				buf = new(bytes.Buffer)
			}
			out[i] = buf
			fw, _ := deflaters.Get().(*flate.Writer)
			if fw == nil {
				fw, _ = flate.NewWriter(buf, flate.BestSpeed)
			} else {
				fw.Reset(buf)
			}
			defer deflaters.Put(fw)
			sum := adler32.New()
			for y := y0; y < y1; y++ {
				if !row(cur, y) {
					translucent.Store(true)
					return nil
				}
				filterRow(filtered, cur, prev, bpp, filter)
				fw.Write(filtered) // to a bytes.Buffer: no error
				sum.Write(filtered)
				cur, prev = prev, cur
			}
			if i == nb-1 {
				fw.Close()
			} else {
				fw.Flush()
			}
			sums[i] = sum.Sum32()
			return nil
		})
	}
	g.Wait()
	if translucent.Load() {
		return false, nil
	}
	// The zlib header of deflate at the fastest level, as compress/zlib
	// writes it, the bands, and the checksum of the whole.
	var sum uint32 = 1
	idat := make([][]byte, 0, nb+2)
	idat = append(idat, []byte{0x78, 0x01})
	for i, o := range out {
		idat = append(idat, o.Bytes())
		n := pngBand
		if i == nb-1 {
			n = height - i*pngBand
		}
		sum = adler32Combine(sum, sums[i], n*rowLen)
	}
	idat = append(idat, binary.BigEndian.AppendUint32(nil, sum))
	size := 0
	for _, p := range idat {
		size += len(p)
	}
	// The file's length is known: a buffer grows once to hold it (and
	// another writer gets few large writes).
	const maxChunk = 64 << 10
	total := 8 + 12 + 13 + 12*((size+maxChunk-1)/maxChunk) + size + 12
	var bw interface {
		io.Writer
		Flush() error
	}
	if bb, ok := w.(*bytes.Buffer); ok {
		bb.Grow(total)
		bw = bufferFlusher{bb}
	} else {
		bw = bufio.NewWriterSize(w, min(total, maxChunk))
	}
	if _, err := io.WriteString(bw, "\x89PNG\r\n\x1a\n"); err != nil {
		return false, err
	}
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(height))
	ihdr[8], ihdr[9] = 8, colorType // bit depth, colour type; compression, filter and interlace methods 0
	if err := writeChunk(bw, "IHDR", ihdr[:]); err != nil {
		return false, err
	}
	if err := writeChunks(bw, "IDAT", idat, size, maxChunk); err != nil {
		return false, err
	}
	if err := writeChunk(bw, "IEND", nil); err != nil {
		return false, err
	}
	return true, bw.Flush()
}

// adler32Combine is the Adler-32 checksum of two pieces of data joined,
// from the checksums of each and the length of the second (zlib's
// adler32_combine).
func adler32Combine(a1, a2 uint32, len2 int) uint32 {
	const base = 65521
	rem := uint32(len2 % base)
	s1 := a1 & 0xffff
	s2 := (rem * s1) % base
	s1 += (a2 & 0xffff) + base - 1
	s2 += (a1 >> 16) + (a2 >> 16) + base - rem
	if s1 >= base {
		s1 -= base
	}
	if s1 >= base {
		s1 -= base
	}
	if s2 >= 2*base {
		s2 -= 2 * base
	}
	if s2 >= base {
		s2 -= base
	}
	return s1 | s2<<16
}

// filterRow writes into out the filter byte and cur[1:] filtered against
// the previous row's pixels, prev[1:] (zero above the first row).
func filterRow(out, cur, prev []byte, bpp int, filter byte) {
	out[0] = filter
	c, p, o := cur[1:], prev[1:], out[1:]
	switch filter {
	case filterNone:
		copy(o, c)
	case filterSub:
		copy(o[:bpp], c[:bpp])
		for i := bpp; i < len(c); i++ {
			o[i] = c[i] - c[i-bpp]
		}
	case filterUp:
		for i := range c {
			o[i] = c[i] - p[i]
		}
	case filterAverage:
		for i := 0; i < bpp; i++ {
			o[i] = c[i] - p[i]/2
		}
		for i := bpp; i < len(c); i++ {
			o[i] = c[i] - byte((int(c[i-bpp])+int(p[i]))/2)
		}
	case filterPaeth:
		for i := 0; i < bpp; i++ {
			o[i] = c[i] - paeth(0, p[i], 0)
		}
		for i := bpp; i < len(c); i++ {
			o[i] = c[i] - paeth(c[i-bpp], p[i], p[i-bpp])
		}
	}
}

// paeth is the Paeth predictor of a pixel from its left (a), upper (b) and
// upper-left (c) neighbours.
func paeth(a, b, c byte) byte {
	pa, pb, pc := abs(int(b)-int(c)), abs(int(a)-int(c)), abs(int(a)+int(b)-2*int(c))
	if pa <= pb && pa <= pc {
		return a
	}
	if pb <= pc {
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func writeChunk(w io.Writer, typ string, data []byte) error {
	var hdr [8]byte
	binary.BigEndian.PutUint32(hdr[:4], uint32(len(data)))
	copy(hdr[4:], typ)
	crc := crc32.NewIEEE()
	crc.Write(hdr[4:])
	crc.Write(data)
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], crc.Sum32())
	for _, b := range [][]byte{hdr[:], data, sum[:]} {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// writeChunks writes the pieces, size bytes in all, as chunks of type typ
// of up to limit bytes each, cut where the bytes reach each multiple of
// limit: the chunks are written from the pieces, not copied into one buffer
// first.
func writeChunks(w io.Writer, typ string, pieces [][]byte, size, limit int) error {
	for size > 0 {
		n := min(size, limit)
		size -= n
		var hdr [8]byte
		binary.BigEndian.PutUint32(hdr[:4], uint32(n))
		copy(hdr[4:], typ)
		if _, err := w.Write(hdr[:]); err != nil {
			return err
		}
		crc := crc32.Update(0, crc32.IEEETable, hdr[4:])
		for n > 0 {
			p := pieces[0]
			k := min(n, len(p))
			if _, err := w.Write(p[:k]); err != nil {
				return err
			}
			crc = crc32.Update(crc, crc32.IEEETable, p[:k])
			n -= k
			if k == len(p) {
				pieces = pieces[1:]
			} else {
				pieces[0] = p[k:]
			}
		}
		if _, err := w.Write(binary.BigEndian.AppendUint32(hdr[:0], crc)); err != nil {
			return err
		}
	}
	return nil
}

// bufferFlusher is a bytes.Buffer as a writer with nothing to flush.
type bufferFlusher struct{ *bytes.Buffer }

func (bufferFlusher) Flush() error { return nil }

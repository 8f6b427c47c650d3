package charts

import (
	"bytes"
	"image"
	"image/png"
	"io"
	"testing"
)

// A figure drawn on a kept raster, whatever its last figure left, writes
// the bytes it writes on a fresh one: every pixel is painted anew.
func TestReusedRasterDrawsAsFresh(t *testing.T) {
	figs := figures(t)
	for _, name := range chartNames {
		p := figs[name]
		rasters.Lock()
		rasters.free = nil
		rasters.Unlock()
		fresh, err := Render(p, SizeOf(p), "png", Options{})
		if err != nil {
			t.Fatal(err)
		}
		dirty := make([]byte, 8<<20)
		for i := range dirty {
			dirty[i] = byte(i*7 + 3)
		}
		rasters.Lock()
		rasters.free = [][]byte{dirty}
		rasters.Unlock()
		reused, err := Render(p, SizeOf(p), "png", Options{})
		if err != nil {
			t.Fatal(err)
		}
		rasters.Lock()
		kept := len(rasters.free) == 1 && &rasters.free[0][0] == &dirty[0]
		rasters.Unlock()
		if !kept {
			t.Fatalf("%s: the dirty raster was not the one drawn on", name)
		}
		if !bytes.Equal(fresh, reused) {
			t.Errorf("%s: %d bytes on a kept raster, %d on a fresh one, and not the same", name, len(reused), len(fresh))
		}
	}
}

// A raster is the smallest kept that fits, or a new one; the list keeps
// the largest when it is full.
func TestRasterFreeList(t *testing.T) {
	defer func() {
		rasters.Lock()
		rasters.free = nil
		rasters.Unlock()
	}()
	rasters.Lock()
	rasters.free = nil
	rasters.Unlock()
	for _, n := range []int{100, 300, 200} {
		giveRaster(make([]byte, n))
	}
	if b := takeRaster(150); len(b) != 150 || cap(b) != 200 {
		t.Errorf("takeRaster(150): cap %d, want the 200", cap(b))
	}
	if b := takeRaster(400); cap(b) != 400 {
		t.Errorf("takeRaster(400): cap %d, want a new one", cap(b))
	}
	giveRaster(make([]byte, 50))  // room left: kept
	giveRaster(make([]byte, 500)) // full: replaces the 50
	giveRaster(make([]byte, 10))  // full, smaller than all: dropped
	var caps []int
	for _, b := range rasters.free {
		caps = append(caps, cap(b))
	}
	if len(caps) != maxRasters || caps[0] != 100 || caps[1] != 300 || caps[2] != 500 {
		t.Errorf("kept %v, want [100 300 500]", caps)
	}
}

// The encoder's kept band buffers and deflaters carry nothing from one
// image to the next: an image written after another is written as when
// first; a buffer and any other writer get the same bytes.
func TestEncodePNGReusesNothingVisible(t *testing.T) {
	figs := figures(t)
	a, b := raster(figs["map"]), raster(figs["coverage"])
	first := encoded(t, &bytes.Buffer{}, a)
	encoded(t, &bytes.Buffer{}, b)
	if again := encoded(t, &bytes.Buffer{}, a); !bytes.Equal(first, again) {
		t.Error("the map written after another figure differs from the map written first")
	}
	var w onlyWriter
	encoded(t, &w, a)
	if !bytes.Equal(first, w.b.Bytes()) {
		t.Error("a writer that is not a buffer gets other bytes")
	}
	if _, err := png.Decode(bytes.NewReader(first)); err != nil {
		t.Fatal(err)
	}
	// Into a buffer already large enough, the band buffers and deflaters
	// kept: a few allocations per band (its rows, its checksum, its task),
	// none per row or chunk; a band's buffer grown from nothing took
	// several more.
	out := bytes.NewBuffer(make([]byte, 0, 4*len(first)))
	bandsOf := (a.Rect.Dy() + pngBand - 1) / pngBand
	if n := testing.AllocsPerRun(5, func() {
		out.Reset()
		if err := encodePNG(out, a, pngFilter); err != nil {
			t.Fatal(err)
		}
	}); n > float64(5*bandsOf+10) {
		t.Errorf("%v allocations for %d bands", n, bandsOf)
	}
}

type onlyWriter struct{ b bytes.Buffer }

func (w *onlyWriter) Write(p []byte) (int, error) { return w.b.Write(p) }

func encoded(t *testing.T, w io.Writer, m *image.RGBA) []byte {
	t.Helper()
	if err := encodePNG(w, m, pngFilter); err != nil {
		t.Fatal(err)
	}
	if b, ok := w.(*bytes.Buffer); ok {
		return b.Bytes()
	}
	return nil
}

// Chunks are cut at every multiple of the limit across pieces of any
// length, empty ones included, as if the pieces were one.
func TestWriteChunks(t *testing.T) {
	var whole []byte
	var pieces [][]byte
	for i, n := range []int{2, 0, 9, 1, 17, 0, 5, 4} {
		p := bytes.Repeat([]byte{byte(i + 1)}, n)
		pieces, whole = append(pieces, p), append(whole, p...)
	}
	for _, limit := range []int{1, 4, 7, 38, 100} {
		var got, want bytes.Buffer
		if err := writeChunks(&got, "IDAT", append([][]byte(nil), pieces...), len(whole), limit); err != nil {
			t.Fatal(err)
		}
		for rest := whole; len(rest) > 0; {
			k := min(len(rest), limit)
			if err := writeChunk(&want, "IDAT", rest[:k]); err != nil {
				t.Fatal(err)
			}
			rest = rest[k:]
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("limit %d: chunks differ", limit)
		}
	}
}

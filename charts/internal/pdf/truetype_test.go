package pdf

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"
	"testing"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// glyphsOf maps text to the font's glyph IDs, as the charts do.
func glyphsOf(t testing.TB, f *sfnt.Font, s string) []uint16 {
	t.Helper()
	var buf sfnt.Buffer
	var out []uint16
	for _, r := range s {
		g, err := f.GlyphIndex(&buf, r)
		if err != nil || g == 0 {
			t.Fatalf("no glyph for %q: %v", r, err)
		}
		out = append(out, uint16(g))
	}
	return out
}

// A subset keeps every glyph used, with the components of composites
// (é is e and an accent), outline for outline and advance for advance, at
// its own glyph ID; the glyphs between are empty, those after dropped; it
// is a small fraction of the program, and it sums as a font must.
func TestSubset(t *testing.T) {
	src := liberationsansregular.TTF
	f, err := ParseTrueType(src)
	if err != nil {
		t.Fatal(err)
	}
	orig, err := sfnt.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	used := glyphsOf(t, orig, "Paris Call é→≥")
	eacute := glyphsOf(t, orig, "é")[0]
	if len(f.components[eacute]) == 0 {
		t.Fatal("é is not a composite glyph here: the components are not tested")
	}
	sub := f.Subset(used)
	got, err := sfnt.Parse(sub)
	if err != nil {
		t.Fatalf("the subset does not parse: %v", err)
	}
	if len(sub) > len(src)/10 {
		t.Errorf("the subset is %d bytes of the program's %d", len(sub), len(src))
	}
	if sum := checksum(sub); sum != 0xB1B0AFBA {
		t.Errorf("the subset sums to %#x, want 0xB1B0AFBA", sum)
	}
	keep := f.closure(used)
	if want := int(slices.Max(keep)) + 1; got.NumGlyphs() != want {
		t.Errorf("%d glyphs, want %d", got.NumGlyphs(), want)
	}
	for _, c := range f.components[eacute] {
		if !slices.Contains(keep, c) {
			t.Errorf("é's component %d not kept", c)
		}
	}
	var b1, b2 sfnt.Buffer
	ppem := fixed.I(f.unitsPerEm)
	for g := range got.NumGlyphs() {
		gi := sfnt.GlyphIndex(g)
		s2, err2 := got.LoadGlyph(&b2, gi, ppem, nil)
		if !slices.Contains(keep, uint16(g)) {
			if err2 != nil || len(s2) != 0 {
				t.Errorf("glyph %d, not used, is not empty: %d segments, %v", g, len(s2), err2)
			}
			continue
		}
		s1, err1 := orig.LoadGlyph(&b1, gi, ppem, nil)
		if err1 != nil || err2 != nil {
			t.Fatalf("glyph %d: %v, %v", g, err1, err2)
		}
		if !slices.Equal(s1, s2) {
			t.Errorf("glyph %d's outline differs", g)
		}
		a1, _ := orig.GlyphAdvance(&b1, gi, ppem, 0)
		a2, _ := got.GlyphAdvance(&b2, gi, ppem, 0)
		if a1 != a2 {
			t.Errorf("glyph %d advances %v, want %v", g, a2, a1)
		}
	}
	if f.name != "LiberationSans" {
		t.Errorf("PostScript name %q", f.name)
	}
	// The same glyphs give the same bytes and tag; others another tag.
	if !bytes.Equal(sub, f.Subset(slices.Clone(used))) {
		t.Error("the same subset differs")
	}
	tag := subsetTag(f.name, keep)
	if len(tag) != 6 || strings.Trim(tag, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		t.Errorf("tag %q", tag)
	}
	if subsetTag(f.name, keep[1:]) == tag {
		t.Error("another subset has the same tag")
	}
}

// tinyFont is a TrueType program of three glyphs: an empty .notdef, a
// triangle, and a composite of the triangle whose component is comp.
func tinyFont(comp uint16) map[string][]byte {
	head := make([]byte, 54)
	binary.BigEndian.PutUint32(head, 0x00010000)
	binary.BigEndian.PutUint32(head[12:], 0x5F0F3CF5)
	binary.BigEndian.PutUint16(head[18:], 1000)
	binary.BigEndian.PutUint16(head[50:], 0) // short offsets
	hhea := make([]byte, 36)
	binary.BigEndian.PutUint32(hhea, 0x00010000)
	binary.BigEndian.PutUint16(hhea[4:], 800)
	binary.BigEndian.PutUint16(hhea[6:], 0xff38) // -200
	binary.BigEndian.PutUint16(hhea[34:], 2)
	maxp := []byte{0, 0, 0x50, 0, 0, 3}
	// A triangle: one contour of three on-curve points.
	tri := []byte{0, 1, 0, 0, 0, 0, 0, 100, 0, 100, 0, 2, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 100, 0, 0xce, 0, 0, 0, 0, 0, 100, 0xff, 0x9c}
	for len(tri)%4 != 0 {
		tri = append(tri, 0)
	}
	composite := []byte{0xff, 0xff, 0, 0, 0, 0, 0, 100, 0, 100, 0, 0x02, byte(comp >> 8), byte(comp), 0, 0}
	glyf := append(slices.Clone(tri), composite...)
	loca := []byte{0, 0, 0, 0, 0, byte(len(tri) / 2), 0, byte(len(glyf) / 2)}
	hmtx := []byte{0x01, 0xf4, 0, 0, 0x02, 0x58, 0, 0, 0, 0}
	return map[string][]byte{"head": head, "hhea": hhea, "maxp": maxp, "loca": loca, "glyf": glyf, "hmtx": hmtx}
}

func writeTables(m map[string][]byte) []byte {
	var ts []table
	for _, tag := range []string{"glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"} {
		if d, ok := m[tag]; ok {
			ts = append(ts, table{tag, d})
		}
	}
	return WriteSFNT(0x00010000, ts)
}

// A font made by hand reads, and its subset with the composite keeps the
// component; a composite that names itself does not loop.
func TestTinyFont(t *testing.T) {
	f, err := ParseTrueType(writeTables(tinyFont(1)))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.closure([]uint16{2}); !slices.Equal(got, []uint16{0, 1, 2}) {
		t.Errorf("closure of the composite: %v", got)
	}
	if a := f.Advance(1); a != 600 {
		t.Errorf("advance of glyph 1: %v", a)
	}
	if a := f.Advance(2); a != 600 {
		t.Errorf("advance of glyph 2, after the long metrics: %v", a)
	}
	self, err := ParseTrueType(writeTables(tinyFont(2)))
	if err != nil {
		t.Fatal(err)
	}
	if got := self.closure([]uint16{2}); !slices.Equal(got, []uint16{0, 2}) {
		t.Errorf("closure of a composite of itself: %v", got)
	}
	sub := self.Subset([]uint16{2})
	if _, err := ParseTrueType(sub); err != nil {
		t.Errorf("the subset does not read: %v", err)
	}
}

// A damaged program is refused with an error, never a panic, and what
// would make cutting a subset fail is found when it is read.
func TestParseTrueTypeRejects(t *testing.T) {
	good := tinyFont(1)
	damage := map[string]func(m map[string][]byte){
		"no glyf":               func(m map[string][]byte) { delete(m, "glyf") },
		"head cut short":        func(m map[string][]byte) { m["head"] = m["head"][:40] },
		"no glyphs":             func(m map[string][]byte) { m["maxp"] = []byte{0, 0, 0x50, 0, 0, 0} },
		"units per em":          func(m map[string][]byte) { m["head"][18], m["head"][19] = 0, 0 },
		"loca backwards":        func(m map[string][]byte) { m["loca"][3] = 200 },
		"loca past glyf":        func(m map[string][]byte) { m["loca"][7] = 250 },
		"loca cut short":        func(m map[string][]byte) { m["loca"] = m["loca"][:6] },
		"hmtx cut short":        func(m map[string][]byte) { m["hmtx"] = m["hmtx"][:8] },
		"no long metrics":       func(m map[string][]byte) { m["hhea"][35] = 0 },
		"component out of font": func(m map[string][]byte) { m["glyf"][len(m["glyf"])-3] = 9 },
		"component cut short": func(m map[string][]byte) {
			m["glyf"] = m["glyf"][:len(m["glyf"])-4]
			m["loca"][7] -= 2
		},
	}
	for name, d := range damage {
		m := map[string][]byte{}
		for k, v := range good {
			m[k] = slices.Clone(v)
		}
		d(m)
		_, err := ParseTrueType(writeTables(m))
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		t.Logf("%s: %v", name, err)
	}
	b := writeTables(good)
	for _, n := range []int{0, 11, 12 + 16*3} {
		if _, err := ParseTrueType(b[:n]); err == nil {
			t.Errorf("a font cut at %d bytes accepted", n)
		}
	}
	if _, err := ParseTrueType(append([]byte("OTTO"), b[4:]...)); err == nil {
		t.Error("a CFF font accepted")
	}
}

// Whatever the bytes, ParseTrueType returns a font or an error, and a
// font it returns can be cut to any of its glyphs into a program that
// reads again.
func FuzzParseTrueType(f *testing.F) {
	f.Add(writeTables(tinyFont(1)), uint16(2))
	f.Add(writeTables(tinyFont(2)), uint16(1))
	f.Add(liberationsansregular.TTF, uint16(36))
	f.Fuzz(func(t *testing.T, b []byte, g uint16) {
		font, err := ParseTrueType(b)
		if err != nil {
			return
		}
		sub := font.Subset([]uint16{g % uint16(font.NumGlyphs()), g})
		if _, err := ParseTrueType(sub); err != nil {
			t.Fatalf("the subset does not read: %v", err)
		}
	})
}

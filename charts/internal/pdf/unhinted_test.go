package pdf

import (
	"bytes"
	"encoding/binary"
	"testing"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Without its hinting, each face the charts use keeps every glyph's
// outline and advance, its character map and its names; the hinting
// tables are gone, and the program is smaller.
func TestUnhintedKeepsOutlines(t *testing.T) {
	for name, ttf := range map[string][]byte{"LiberationSans": liberationsansregular.TTF, "LiberationSans-Bold": liberationsansbold.TTF} {
		src := bytes.NewBuffer(ttf)
		u, err := Unhinted(src.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		orig, err := sfnt.Parse(src.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		got, err := sfnt.Parse(u)
		if err != nil {
			t.Fatalf("%s: the font without hinting does not parse: %v", name, err)
		}
		if len(u) >= src.Len()*9/10 {
			t.Errorf("%s: %d bytes without hinting, %d with", name, len(u), src.Len())
		}
		before, after := tableTags(src.Bytes()), tableTags(u)
		for _, tag := range []string{"fpgm", "prep", "cvt "} {
			if !before[tag] {
				t.Fatalf("%s: the original has no %q table: this test would prove nothing", name, tag)
			}
			if after[tag] {
				t.Errorf("%s: %q kept", name, tag)
			}
		}
		for tag := range before {
			if !after[tag] && !map[string]bool{"fpgm": true, "prep": true, "cvt ": true, "hdmx": true, "LTSH": true, "VDMX": true, "DSIG": true}[tag] {
				t.Errorf("%s: %q dropped", name, tag)
			}
		}
		if composites(t, src.Bytes()) == 0 {
			t.Fatalf("%s: no composite glyph: that path is not tested", name)
		}
		if got.NumGlyphs() != orig.NumGlyphs() {
			t.Fatalf("%s: %d glyphs, want %d", name, got.NumGlyphs(), orig.NumGlyphs())
		}
		var b1, b2 sfnt.Buffer
		ppem := fixed.I(64)
		for g := range sfnt.GlyphIndex(orig.NumGlyphs()) {
			s1, err1 := orig.LoadGlyph(&b1, g, ppem, nil)
			s2, err2 := got.LoadGlyph(&b2, g, ppem, nil)
			if (err1 == nil) != (err2 == nil) {
				t.Fatalf("%s: glyph %d: %v, want %v", name, g, err2, err1)
			}
			if len(s1) != len(s2) {
				t.Fatalf("%s: glyph %d: %d segments, want %d", name, g, len(s2), len(s1))
			}
			for i := range s1 {
				if s1[i] != s2[i] {
					t.Fatalf("%s: glyph %d: segment %d is %v, want %v", name, g, i, s2[i], s1[i])
				}
			}
			a1, _ := orig.GlyphAdvance(&b1, g, ppem, xfont.HintingNone)
			a2, _ := got.GlyphAdvance(&b2, g, ppem, xfont.HintingNone)
			if a1 != a2 {
				t.Fatalf("%s: glyph %d advances %v, want %v", name, g, a2, a1)
			}
		}
		for _, r := range "Aé–→≥ŞĞ" {
			i1, _ := orig.GlyphIndex(&b1, r)
			i2, _ := got.GlyphIndex(&b2, r)
			if i1 != i2 {
				t.Errorf("%s: %q maps to glyph %d, want %d", name, r, i2, i1)
			}
		}
		n1, _ := orig.Name(&b1, sfnt.NameIDPostScript)
		n2, _ := got.Name(&b2, sfnt.NameIDPostScript)
		if n1 != n2 || n1 == "" {
			t.Errorf("%s: PostScript name %q, want %q", name, n2, n1)
		}
	}
}

// A glyph's data cut short is an error, not a panic.
func TestUnhintedRejectsDamage(t *testing.T) {
	src := bytes.NewBuffer(liberationsansregular.TTF)
	for _, n := range []int{0, 11, 12 + 16*3, src.Len() / 2} {
		if _, err := Unhinted(src.Bytes()[:n]); err == nil {
			t.Errorf("a font cut at %d bytes accepted", n)
		}
	}
}

// tableTags are the tags of a font's tables.
func tableTags(ttf []byte) map[string]bool {
	tags := map[string]bool{}
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	for i := range n {
		tags[string(ttf[12+16*i:][:4])] = true
	}
	return tags
}

// composites counts a font's composite glyphs.
func composites(t *testing.T, ttf []byte) int {
	t.Helper()
	var loca, glyf, head []byte
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	for i := range n {
		r := ttf[12+16*i:]
		off, size := binary.BigEndian.Uint32(r[8:]), binary.BigEndian.Uint32(r[12:])
		switch string(r[:4]) {
		case "loca":
			loca = ttf[off : off+size]
		case "glyf":
			glyf = ttf[off : off+size]
		case "head":
			head = ttf[off : off+size]
		}
	}
	long := binary.BigEndian.Uint16(head[50:]) == 1
	count := 0
	for i := 0; ; i++ {
		var start, end int
		if long {
			if 4*(i+2) > len(loca) {
				break
			}
			start, end = int(binary.BigEndian.Uint32(loca[4*i:])), int(binary.BigEndian.Uint32(loca[4*i+4:]))
		} else {
			if 2*(i+2) > len(loca) {
				break
			}
			start, end = 2*int(binary.BigEndian.Uint16(loca[2*i:])), 2*int(binary.BigEndian.Uint16(loca[2*i+2:]))
		}
		if end > start && int16(binary.BigEndian.Uint16(glyf[start:])) < 0 {
			count++
		}
	}
	return count
}

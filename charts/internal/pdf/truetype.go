package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
)

// Font is a TrueType font program read once, to be embedded in any number
// of documents as subsets of its glyphs.
type Font struct {
	name       string // PostScript name, as a PDF name may hold it
	unitsPerEm int
	numGlyphs  int
	tables     map[string][]byte // head, hhea, maxp and post, as read
	glyf       []byte
	loca       []int // numGlyphs+1 offsets into glyf
	advances   []uint16
	lsbs       []int16
	components [][]uint16 // of each composite glyph
	bbox       [4]int16
	ascent     int16
	descent    int16
	capHeight  int16
	italic     float64
	flags      int
}

// The tables a font must have to be subset and embedded.
var required = []string{"head", "hhea", "maxp", "loca", "glyf", "hmtx"}

// ParseTrueType reads a TrueType font program (glyphs as quadratic outlines
// in a glyf table). Everything a subset will be cut from is checked here,
// so that cutting one cannot fail.
func ParseTrueType(b []byte) (*Font, error) {
	tables, err := tablesOf(b)
	if err != nil {
		return nil, err
	}
	for _, tag := range required {
		if tables[tag] == nil {
			return nil, fmt.Errorf("font: no %s table", tag)
		}
	}
	head, hhea, maxp := tables["head"], tables["hhea"], tables["maxp"]
	if len(head) < 54 {
		return nil, errors.New("font: head cut short")
	}
	if len(hhea) < 36 {
		return nil, errors.New("font: hhea cut short")
	}
	if len(maxp) < 6 {
		return nil, errors.New("font: maxp cut short")
	}
	f := &Font{
		name:       "Font",
		unitsPerEm: int(binary.BigEndian.Uint16(head[18:])),
		numGlyphs:  int(binary.BigEndian.Uint16(maxp[4:])),
		tables:     map[string][]byte{"head": head, "hhea": hhea, "maxp": maxp},
		glyf:       tables["glyf"],
		ascent:     int16(binary.BigEndian.Uint16(hhea[4:])),
		descent:    int16(binary.BigEndian.Uint16(hhea[6:])),
		flags:      32, // nonsymbolic: Latin text
	}
	if f.unitsPerEm < 16 || f.unitsPerEm > 16384 {
		return nil, fmt.Errorf("font: %d units per em", f.unitsPerEm)
	}
	if f.numGlyphs < 1 {
		return nil, errors.New("font: no glyphs")
	}
	for i := range f.bbox {
		f.bbox[i] = int16(binary.BigEndian.Uint16(head[36+2*i:]))
	}
	f.capHeight = f.ascent
	if os2 := tables["OS/2"]; len(os2) >= 90 && binary.BigEndian.Uint16(os2) >= 2 {
		f.capHeight = int16(binary.BigEndian.Uint16(os2[88:]))
	}
	if post := tables["post"]; len(post) >= 32 {
		f.tables["post"] = post
		f.italic = float64(int32(binary.BigEndian.Uint32(post[4:]))) / 65536
		if binary.BigEndian.Uint32(post[12:]) != 0 {
			f.flags |= 1 // fixed pitch
		}
	}
	if f.italic != 0 {
		f.flags |= 64
	}
	if name := postScriptName(tables["name"]); name != "" {
		f.name = name
	}
	if f.loca, err = glyphOffsets(head, tables["loca"], f.numGlyphs, len(f.glyf)); err != nil {
		return nil, err
	}
	// Advances and left side bearings: the last advance repeats.
	hmtx := tables["hmtx"]
	long_ := int(binary.BigEndian.Uint16(hhea[34:]))
	if long_ < 1 || long_ > f.numGlyphs || len(hmtx) < 4*long_+2*(f.numGlyphs-long_) {
		return nil, fmt.Errorf("font: hmtx of %d bytes for %d metrics of %d glyphs", len(hmtx), long_, f.numGlyphs)
	}
	f.advances = make([]uint16, f.numGlyphs)
	f.lsbs = make([]int16, f.numGlyphs)
	for g := range f.numGlyphs {
		if g < long_ {
			f.advances[g] = binary.BigEndian.Uint16(hmtx[4*g:])
			f.lsbs[g] = int16(binary.BigEndian.Uint16(hmtx[4*g+2:]))
		} else {
			f.advances[g] = f.advances[long_-1]
			f.lsbs[g] = int16(binary.BigEndian.Uint16(hmtx[4*long_+2*(g-long_):]))
		}
	}
	// The components of composite glyphs, which a subset must keep.
	f.components = make([][]uint16, f.numGlyphs)
	for g := range f.numGlyphs {
		d := f.glyf[f.loca[g]:f.loca[g+1]]
		if len(d) == 0 {
			continue
		}
		if len(d) < 10 {
			return nil, fmt.Errorf("font: glyph %d: header cut short", g)
		}
		if int16(binary.BigEndian.Uint16(d)) >= 0 {
			continue
		}
		cs, err := componentsOf(d)
		if err != nil {
			return nil, fmt.Errorf("font: glyph %d: %w", g, err)
		}
		for _, c := range cs {
			if int(c) >= f.numGlyphs {
				return nil, fmt.Errorf("font: glyph %d: component %d of %d glyphs", g, c, f.numGlyphs)
			}
		}
		f.components[g] = cs
	}
	return f, nil
}

// tablesOf reads a TrueType font's table directory: each table by its tag.
func tablesOf(b []byte) (map[string][]byte, error) {
	if len(b) < 12 {
		return nil, errors.New("font: too short")
	}
	if v := binary.BigEndian.Uint32(b); v != 0x00010000 && v != 0x74727565 {
		return nil, fmt.Errorf("font: version %#x is not TrueType", v)
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	if len(b) < 12+16*n {
		return nil, errors.New("font: table directory cut short")
	}
	tables := map[string][]byte{}
	for i := range n {
		r := b[12+16*i:]
		tag := string(r[:4])
		off, size := uint64(binary.BigEndian.Uint32(r[8:])), uint64(binary.BigEndian.Uint32(r[12:]))
		if off+size > uint64(len(b)) {
			return nil, fmt.Errorf("font: table %q outside the file", tag)
		}
		tables[tag] = b[off : off+size]
	}
	return tables, nil
}

// glyphOffsets reads the loca table (short or long, as head says) into the
// n+1 offsets of n glyphs in a glyf table of glyfLen bytes.
func glyphOffsets(head, loca []byte, n, glyfLen int) ([]int, error) {
	long := binary.BigEndian.Uint16(head[50:]) == 1
	offs := make([]int, n+1)
	for i := range offs {
		if long {
			if len(loca) < 4*(i+1) {
				return nil, errors.New("font: loca cut short")
			}
			offs[i] = int(binary.BigEndian.Uint32(loca[4*i:]))
		} else {
			if len(loca) < 2*(i+1) {
				return nil, errors.New("font: loca cut short")
			}
			offs[i] = 2 * int(binary.BigEndian.Uint16(loca[2*i:]))
		}
		if offs[i] > glyfLen || i > 0 && offs[i] < offs[i-1] {
			return nil, fmt.Errorf("font: glyph %d outside glyf", i)
		}
	}
	return offs, nil
}

// componentsOf lists the glyphs a composite glyph is made of.
func componentsOf(d []byte) ([]uint16, error) {
	var out []uint16
	_, err := walkComponents(d, func(at int) { out = append(out, binary.BigEndian.Uint16(d[at+2:])) })
	return out, err
}

// walkComponents calls visit with the offset of each component record of
// the composite glyph d (its flags, then its glyph ID) and returns where
// the last one ends.
func walkComponents(d []byte, visit func(at int)) (int, error) {
	const (
		argsAreWords = 0x0001
		haveScale    = 0x0008
		more         = 0x0020
		haveXYScale  = 0x0040
		haveTwoByTwo = 0x0080
	)
	for i := 10; ; {
		if len(d) < i+4 {
			return 0, errors.New("component cut short")
		}
		flags := binary.BigEndian.Uint16(d[i:])
		visit(i)
		i += 4
		if flags&argsAreWords != 0 {
			i += 4
		} else {
			i += 2
		}
		switch {
		case flags&haveScale != 0:
			i += 2
		case flags&haveXYScale != 0:
			i += 4
		case flags&haveTwoByTwo != 0:
			i += 8
		}
		if len(d) < i {
			return 0, errors.New("component cut short")
		}
		if flags&more == 0 {
			return i, nil
		}
	}
}

// postScriptName is the font's PostScript name (name ID 6) from its name
// table, kept to the characters a PDF name may hold without escapes.
func postScriptName(name []byte) string {
	if len(name) < 6 {
		return ""
	}
	count := int(binary.BigEndian.Uint16(name[2:]))
	strs := int(binary.BigEndian.Uint16(name[4:]))
	for i := range count {
		r := name[min(6+12*i, len(name)):]
		if len(r) < 12 {
			return ""
		}
		platform, id := binary.BigEndian.Uint16(r), binary.BigEndian.Uint16(r[6:])
		length, off := int(binary.BigEndian.Uint16(r[8:])), int(binary.BigEndian.Uint16(r[10:]))
		if id != 6 || strs+off+length > len(name) {
			continue
		}
		s := name[strs+off : strs+off+length]
		var b strings.Builder
		for k := 0; k < len(s); k++ {
			c := s[k]
			if platform == 3 || platform == 0 { // UTF-16BE: ASCII in the low bytes
				if k%2 == 0 {
					continue
				}
			}
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
				b.WriteByte(c)
			}
		}
		if b.Len() > 0 && b.Len() <= 63 {
			return b.String()
		}
	}
	return ""
}

// NumGlyphs is the number of glyphs in the font.
func (f *Font) NumGlyphs() int { return f.numGlyphs }

// Advance is glyph g's advance in thousandths of an em, 0 for a glyph the
// font does not have.
func (f *Font) Advance(g uint16) float64 {
	if int(g) >= f.numGlyphs {
		return 0
	}
	return float64(f.advances[g]) * 1000 / float64(f.unitsPerEm)
}

// closure is the glyphs a subset of used holds: used, .notdef and the
// components of every composite among them, sorted.
func (f *Font) closure(used []uint16) []uint16 {
	keep := make([]bool, f.numGlyphs)
	todo := append([]uint16{0}, used...)
	for len(todo) > 0 {
		g := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if int(g) >= f.numGlyphs || keep[g] {
			continue
		}
		keep[g] = true
		for _, c := range f.components[g] {
			if !keep[c] {
				todo = append(todo, c)
			}
		}
	}
	var out []uint16
	for g, k := range keep {
		if k {
			out = append(out, uint16(g))
		}
	}
	return out
}

// Subset is the font program cut to the glyphs used (and what they are made
// of), each keeping its glyph ID: the glyphs in between are left empty and
// without advance, those after the last dropped (for the charts' Latin text
// the empty slots cost 140–290 bytes a subset once deflated, less than a
// map from CIDs to new glyph IDs would), and the tables a PDF reader
// does not use from an embedded CIDFontType2 program (names, kerning,
// layout) are left out. The text is read by glyph ID, through the PDF's
// own maps: the character map is left empty, there for readers of fonts
// that insist on one.
func (f *Font) Subset(used []uint16) []byte {
	keep := f.closure(used)
	n := int(keep[len(keep)-1]) + 1
	var glyf []byte
	offs := make([]int, n+1)
	k := 0
	for g := range n {
		offs[g] = len(glyf)
		if k < len(keep) && int(keep[k]) == g {
			k++
			glyf = append(glyf, f.glyf[f.loca[g]:f.loca[g+1]]...)
			for len(glyf)%4 != 0 {
				glyf = append(glyf, 0)
			}
		}
	}
	offs[n] = len(glyf)
	short := len(glyf) <= 2*0xffff
	var loca []byte
	for _, o := range offs {
		if short {
			loca = binary.BigEndian.AppendUint16(loca, uint16(o/2))
		} else {
			loca = binary.BigEndian.AppendUint32(loca, uint32(o))
		}
	}
	hmtx := make([]byte, 4*n)
	for _, g := range keep {
		binary.BigEndian.PutUint16(hmtx[4*int(g):], f.advances[g])
		binary.BigEndian.PutUint16(hmtx[4*int(g)+2:], uint16(f.lsbs[g]))
	}
	head := slices.Clone(f.tables["head"])
	binary.BigEndian.PutUint32(head[8:], 0) // checkSumAdjustment, set below
	if short {
		binary.BigEndian.PutUint16(head[50:], 0)
	} else {
		binary.BigEndian.PutUint16(head[50:], 1)
	}
	hhea := slices.Clone(f.tables["hhea"])
	binary.BigEndian.PutUint16(hhea[34:], uint16(n))
	maxp := slices.Clone(f.tables["maxp"])
	binary.BigEndian.PutUint16(maxp[4:], uint16(n))
	tables := []table{{"cmap", emptyCmap}, {"glyf", glyf}, {"head", head}, {"hhea", hhea}, {"hmtx", hmtx}, {"loca", loca}, {"maxp", maxp}}
	if p := f.tables["post"]; p != nil {
		// Version 3: no glyph names.
		post := slices.Clone(p[:32])
		binary.BigEndian.PutUint32(post, 0x00030000)
		tables = append(tables, table{"post", post})
	}
	out := WriteSFNT(0x00010000, tables)
	// The whole font sums to 0xB1B0AFBA with head's adjustment.
	at := tableOffset(out, "head")
	binary.BigEndian.PutUint32(out[at+8:], 0xB1B0AFBA-checksum(out))
	return out
}

// emptyCmap is a character map that maps no character: one Windows
// Unicode subtable of format 4 with only the segment that ends at 0xFFFF.
var emptyCmap = []byte{
	0, 0, 0, 1, // version, one subtable
	0, 3, 0, 1, 0, 0, 0, 12, // Windows, Unicode BMP, at 12
	0, 4, 0, 24, 0, 0, // format 4, 24 bytes, language
	0, 2, 0, 2, 0, 0, 0, 0, // one segment: its search fields
	0xff, 0xff, 0, 0, 0xff, 0xff, // end, pad, start
	0, 1, 0, 0, // delta, range offset
}

// table is one table of an sfnt font.
type table struct {
	tag  string
	data []byte
}

// WriteSFNT writes an sfnt font of the given version and tables, sorted by
// tag, each 4-byte aligned and checksummed.
func WriteSFNT(version uint32, tables []table) []byte {
	tables = slices.Clone(tables)
	slices.SortFunc(tables, func(a, b table) int { return strings.Compare(a.tag, b.tag) })
	n := len(tables)
	entry := 0
	for 1<<(entry+1) <= n {
		entry++
	}
	out := make([]byte, 12+16*n)
	binary.BigEndian.PutUint32(out, version)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(16<<entry))
	binary.BigEndian.PutUint16(out[8:], uint16(entry))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-16<<entry))
	for i, t := range tables {
		r := out[12+16*i:]
		copy(r, t.tag)
		binary.BigEndian.PutUint32(r[4:], checksum(t.data))
		binary.BigEndian.PutUint32(r[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(r[12:], uint32(len(t.data)))
		out = append(out, t.data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
}

// tableOffset is where a table of a font written by WriteSFNT starts.
func tableOffset(font []byte, tag string) int {
	n := int(binary.BigEndian.Uint16(font[4:]))
	for i := range n {
		r := font[12+16*i:]
		if string(r[:4]) == tag {
			return int(binary.BigEndian.Uint32(r[8:]))
		}
	}
	return -1
}

// checksum is a table's sfnt checksum: the sum of its big-endian 32-bit
// words, the last padded with zeros.
func checksum(d []byte) uint32 {
	var s uint32
	for i := 0; i < len(d); i += 4 {
		var w [4]byte
		copy(w[:], d[i:])
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}

// subsetTag is the six capital letters that name a subset (ISO 32000-1,
// 9.6.4), drawn from the font's name and the glyphs it holds, so that the
// same subset has the same tag in every document.
func subsetTag(name string, glyphs []uint16) string {
	h := fnv.New64a()
	h.Write([]byte(name))
	for _, g := range glyphs {
		h.Write([]byte{byte(g >> 8), byte(g)})
	}
	v := h.Sum64()
	var tag [6]byte
	for i := range tag {
		tag[i] = 'A' + byte(v%26)
		v /= 26
	}
	return string(tag[:])
}

package charts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
)

// unhinted returns a TrueType font program without its hinting: the
// programs that fit outlines to a screen's pixel grid (the fpgm, prep and
// cvt tables and every glyph's instructions) and the tables of device
// metrics computed with them (hdmx, LTSH, VDMX), and without a digital
// signature that would no longer hold (DSIG). Outlines, metrics, names and
// character maps are kept as they are. A PDF is printed or scaled; fpdf
// copies the hinting tables whole into every font subset, where they were
// 6.7 of the regular face's 11 KB in the map's PDF.
func unhinted(ttf []byte) ([]byte, error) {
	if len(ttf) < 12 {
		return nil, errors.New("font: too short")
	}
	if v := binary.BigEndian.Uint32(ttf); v != 0x00010000 && v != 0x74727565 { // TrueType outlines
		return nil, fmt.Errorf("font: version %#x is not TrueType", v)
	}
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	if len(ttf) < 12+16*n {
		return nil, errors.New("font: table directory cut short")
	}
	tables := map[string][]byte{}
	for i := range n {
		r := ttf[12+16*i:]
		tag := string(r[:4])
		off, size := int(binary.BigEndian.Uint32(r[8:])), int(binary.BigEndian.Uint32(r[12:]))
		if off < 0 || size < 0 || off+size > len(ttf) {
			return nil, fmt.Errorf("font: table %q outside the file", tag)
		}
		tables[tag] = ttf[off : off+size]
	}
	head, maxp, loca, glyf := tables["head"], tables["maxp"], tables["loca"], tables["glyf"]
	if len(head) < 54 || len(maxp) < 6 || loca == nil || glyf == nil {
		return nil, errors.New("font: no head, maxp, loca or glyf table")
	}
	glyphs := int(binary.BigEndian.Uint16(maxp[4:]))
	long := binary.BigEndian.Uint16(head[50:]) == 1
	at := func(i int) (int, error) {
		if long {
			if len(loca) < 4*(i+1) {
				return 0, errors.New("font: loca cut short")
			}
			return int(binary.BigEndian.Uint32(loca[4*i:])), nil
		}
		if len(loca) < 2*(i+1) {
			return 0, errors.New("font: loca cut short")
		}
		return 2 * int(binary.BigEndian.Uint16(loca[2*i:])), nil
	}
	var newGlyf []byte
	newLoca := make([]byte, 4*(glyphs+1))
	for g := range glyphs {
		start, err := at(g)
		if err != nil {
			return nil, err
		}
		end, err := at(g + 1)
		if err != nil {
			return nil, err
		}
		if start > end || end > len(glyf) {
			return nil, fmt.Errorf("font: glyph %d outside glyf", g)
		}
		binary.BigEndian.PutUint32(newLoca[4*g:], uint32(len(newGlyf)))
		d, err := withoutInstructions(glyf[start:end])
		if err != nil {
			return nil, fmt.Errorf("font: glyph %d: %w", g, err)
		}
		newGlyf = append(newGlyf, d...)
		for len(newGlyf)%4 != 0 {
			newGlyf = append(newGlyf, 0)
		}
	}
	binary.BigEndian.PutUint32(newLoca[4*glyphs:], uint32(len(newGlyf)))
	newHead := append([]byte(nil), head...)
	binary.BigEndian.PutUint16(newHead[50:], 1) // long offsets
	tables["head"], tables["loca"], tables["glyf"] = newHead, newLoca, newGlyf
	for _, tag := range []string{"cvt ", "fpgm", "prep", "hdmx", "LTSH", "VDMX", "DSIG"} {
		delete(tables, tag)
	}
	return writeFont(binary.BigEndian.Uint32(ttf), tables), nil
}

// withoutInstructions returns a glyph's data without its instructions.
func withoutInstructions(d []byte) ([]byte, error) {
	if len(d) == 0 {
		return d, nil
	}
	if len(d) < 10 {
		return nil, errors.New("header cut short")
	}
	contours := int16(binary.BigEndian.Uint16(d))
	if contours >= 0 { // a simple glyph: its instructions follow the ends of its contours
		i := 10 + 2*int(contours)
		if len(d) < i+2 {
			return nil, errors.New("contours cut short")
		}
		k := int(binary.BigEndian.Uint16(d[i:]))
		if len(d) < i+2+k {
			return nil, errors.New("instructions cut short")
		}
		out := make([]byte, 0, len(d)-k)
		out = append(out, d[:i]...)
		out = append(out, 0, 0)
		return append(out, d[i+2+k:]...), nil
	}
	// A composite glyph: its instructions, if any, follow the last
	// component, flagged by WE_HAVE_INSTRUCTIONS.
	out := append([]byte(nil), d...)
	const (
		argsAreWords  = 0x0001
		haveScale     = 0x0008
		more          = 0x0020
		haveXYScale   = 0x0040
		haveTwoByTwo  = 0x0080
		instructions_ = 0x0100
	)
	i := 10
	for {
		if len(out) < i+4 {
			return nil, errors.New("component cut short")
		}
		flags := binary.BigEndian.Uint16(out[i:])
		binary.BigEndian.PutUint16(out[i:], flags&^instructions_)
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
		if flags&more == 0 {
			break
		}
	}
	if len(out) < i {
		return nil, errors.New("component cut short")
	}
	return out[:i], nil
}

// writeFont writes an sfnt font of the given version and tables, each
// 4-byte aligned and checksummed, in the order of their tags.
func writeFont(version uint32, tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
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
	for i, t := range tags {
		d := tables[t]
		r := out[12+16*i:]
		copy(r, t)
		binary.BigEndian.PutUint32(r[4:], checksum(d))
		binary.BigEndian.PutUint32(r[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(r[12:], uint32(len(d)))
		out = append(out, d...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out
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

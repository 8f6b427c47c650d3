package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Unhinted returns a TrueType font program without its hinting: the
// programs that fit outlines to a screen's pixel grid (the fpgm, prep and
// cvt tables and every glyph's instructions) and the tables of device
// metrics computed with them (hdmx, LTSH, VDMX), and without a digital
// signature that would no longer hold (DSIG). Outlines, metrics, names and
// character maps are kept as they are. A PDF is printed or scaled, and the
// hinting tables were 6.7 of the regular face's 11 KB in the map's PDF.
func Unhinted(ttf []byte) ([]byte, error) {
	tables, err := tablesOf(ttf)
	if err != nil {
		return nil, err
	}
	head, maxp, loca, glyf := tables["head"], tables["maxp"], tables["loca"], tables["glyf"]
	if len(head) < 54 || len(maxp) < 6 || loca == nil || glyf == nil {
		return nil, errors.New("font: no head, maxp, loca or glyf table")
	}
	glyphs := int(binary.BigEndian.Uint16(maxp[4:]))
	offs, err := glyphOffsets(head, loca, glyphs, len(glyf))
	if err != nil {
		return nil, err
	}
	var newGlyf []byte
	newLoca := make([]byte, 4*(glyphs+1))
	for g := range glyphs {
		binary.BigEndian.PutUint32(newLoca[4*g:], uint32(len(newGlyf)))
		d, err := withoutInstructions(glyf[offs[g]:offs[g+1]])
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
	var kept []table
	for tag, d := range tables {
		switch tag {
		case "cvt ", "fpgm", "prep", "hdmx", "LTSH", "VDMX", "DSIG":
		default:
			kept = append(kept, table{tag, d})
		}
	}
	return WriteSFNT(binary.BigEndian.Uint32(ttf), kept), nil
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
	// component, flagged by WE_HAVE_INSTRUCTIONS, which is cleared.
	const haveInstructions = 0x0100
	out := append([]byte(nil), d...)
	end, err := walkComponents(out, func(at int) {
		flags := binary.BigEndian.Uint16(out[at:])
		binary.BigEndian.PutUint16(out[at:], flags&^haveInstructions)
	})
	if err != nil {
		return nil, err
	}
	return out[:end], nil
}

package geo

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// The reader below is Load's decoder: one pass over the bytes, no reflection,
// coordinates parsed straight into orb's slices. It gives what encoding/json
// gave when it decoded into the struct Load used to declare (the tests keep
// that decoder and compare the two on arbitrary input), so it follows that
// decoder's rules where GeoJSON is silent: keys match case-insensitively,
// the last of duplicate keys wins, null leaves a value as it was (but clears
// an id or the features), a point's elements past the second are skipped,
// and unknown keys are skipped but must be valid JSON. Everything else is refused with one error
// giving its line and column.

// maxDepth is encoding/json's limit on nesting: deeper input is refused, as
// it was, whatever key it is under.
const maxDepth = 10000

type decoder struct {
	b     []byte
	i     int
	depth int
	feat  int // index of the feature being read, or -1
	feats []feature

	// Scratch for the coordinates of one geometry, copied out at its end.
	pts   []orb.Point
	rings []part
	polys []part
}

// part ends a ring (in pts) or a polygon (in rings); null marks one given
// as null, which encoding/json left a nil slice.
type part struct {
	end  int
	null bool
}

// feature is what the collection says of one feature so far: a later key,
// or a later "features" array, may still change it (encoding/json decoded a
// second array into the elements of the first).
type feature struct {
	start   int // offset of the feature's last object
	idKind  byte
	idPos   int
	idRaw   []byte // the id's JSON text, for messages
	id      string
	idNum   float64
	name    string
	gtype   string
	typePos int
	coords  coords
}

// Kinds of id.
const (
	idNone byte = iota
	idString
	idNumber
	idOther
)

// coords is the span of a geometry's last "coordinates" value, and the
// geometry read from it as the type known then, if that read succeeded.
type coords struct {
	set        bool
	start, end int
	depth      int
	as         string
	mp         orb.MultiPolygon
}

// readError is a problem at an offset of the input. A syntax error ends the
// read at once; a value of the wrong type inside coordinates read ahead of
// their geometry's final type does not.
type readError struct {
	pos    int
	syntax bool
	msg    string
}

func (e *readError) Error() string { return e.msg }

func (d *decoder) syntaxf(pos int, format string, a ...any) error {
	return &readError{pos: pos, syntax: true, msg: fmt.Sprintf(format, a...)}
}

func (d *decoder) valuef(pos int, format string, a ...any) error {
	return &readError{pos: pos, msg: fmt.Sprintf(format, a...)}
}

// unexpected describes the byte at pos for a syntax error.
func (d *decoder) unexpected(pos int, want string) error {
	if pos >= len(d.b) {
		return d.syntaxf(pos, "unexpected end of input, want %s", want)
	}
	return d.syntaxf(pos, "unexpected %q, want %s", rune(d.b[pos]), want)
}

// located turns err into Load's error: where in the input, which feature,
// which field.
func (d *decoder) located(err error, field string) error {
	re, ok := err.(*readError)
	if !ok {
		return err
	}
	line, col := position(d.b, re.pos)
	s := fmt.Sprintf("geometry: line %d, column %d: ", line, col)
	if d.feat >= 0 {
		s += "feature " + strconv.Itoa(d.feat)
		if name := d.nameOf(d.feat); name != "" {
			s += " (" + oneLine(name) + ")"
		}
		s += ": "
	}
	if field != "" {
		s += field + ": "
	}
	return fmt.Errorf("%s%s", s, re.msg)
}

// nameOf is the name of feature i for a message: read ahead in its object
// when its properties come after the error.
func (d *decoder) nameOf(i int) string {
	if i >= len(d.feats) {
		return ""
	}
	f := &d.feats[i]
	// A feature's object never starts at 0, the collection's does.
	if f.start > 0 {
		if name, ok := nameAhead(d.b, f.start); ok {
			return name
		}
	}
	return f.name
}

// oneLine keeps text quoted in a message to one short line.
func oneLine(s string) string {
	const most = 60
	if len(s) > most {
		s = strings.ToValidUTF8(s[:most], "") + "…"
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == utf8.RuneError }) {
		return strconv.Quote(s)
	}
	return s
}

// position is the 1-based line and column (in bytes) of offset pos.
func position(b []byte, pos int) (line, col int) {
	pos = min(pos, len(b))
	line = 1 + bytes.Count(b[:pos], []byte{'\n'})
	return line, pos - bytes.LastIndexByte(b[:pos], '\n')
}

func (d *decoder) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *decoder) peek() byte {
	if d.i < len(d.b) {
		return d.b[d.i]
	}
	return 0
}

// open enters an array or object at d.i.
func (d *decoder) open() error {
	d.depth++
	if d.depth > maxDepth {
		return d.syntaxf(d.i, "nested more than %d deep", maxDepth)
	}
	d.i++
	return nil
}

// next is called after an element: it consumes the comma before the next
// one and reports false at the closing byte, consumed too.
func (d *decoder) next(closing byte) (bool, error) {
	d.ws()
	switch d.peek() {
	case ',':
		d.i++
		d.ws()
		return true, nil
	case closing:
		d.i++
		d.depth--
		return false, nil
	}
	if closing == ']' {
		return false, d.unexpected(d.i, "',' or ']' after an array element")
	}
	return false, d.unexpected(d.i, "',' or '}' after an object value")
}

// first is called after the opening byte: false for an empty container,
// whose closing byte it consumes.
func (d *decoder) first(closing byte) bool {
	d.ws()
	if d.peek() == closing {
		d.i++
		d.depth--
		return false
	}
	return true
}

// key reads an object key and its colon; the key is unquoted only when it
// must be.
func (d *decoder) key() ([]byte, error) {
	if d.peek() != '"' {
		return nil, d.unexpected(d.i, "a string key")
	}
	k, err := d.str()
	if err != nil {
		return nil, err
	}
	d.ws()
	if d.peek() != ':' {
		return nil, d.unexpected(d.i, "':' after an object key")
	}
	d.i++
	d.ws()
	return k, nil
}

// is matches a key as encoding/json matched a field name: exactly, or else
// under Unicode case folding.
func is(key []byte, name string) bool {
	return string(key) == name || bytes.EqualFold(key, []byte(name))
}

// str reads the string at d.i and returns its value, a slice of the input
// when no escape or invalid UTF-8 needs rewriting.
func (d *decoder) str() ([]byte, error) {
	start := d.i + 1
	plain := true
	i := start
	for {
		if i >= len(d.b) {
			return nil, d.syntaxf(i, "unexpected end of input in a string")
		}
		c := d.b[i]
		switch {
		case c == '"':
			d.i = i + 1
			s := d.b[start:i]
			if plain {
				return s, nil
			}
			t, ok := unquote(s)
			if !ok {
				return nil, d.syntaxf(start, "malformed string")
			}
			return t, nil
		case c == '\\':
			plain = false
			if i+1 >= len(d.b) {
				return nil, d.syntaxf(i+1, "unexpected end of input in a string")
			}
			switch d.b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				for k := 2; k < 6; k++ {
					if i+k >= len(d.b) {
						return nil, d.syntaxf(i+k, "unexpected end of input in a string")
					}
					if !isHex(d.b[i+k]) {
						return nil, d.syntaxf(i+k, "invalid character %q in a \\u escape", rune(d.b[i+k]))
					}
				}
				i += 6
			default:
				return nil, d.syntaxf(i+1, "invalid escape \\%c in a string", rune(d.b[i+1]))
			}
		case c < 0x20:
			return nil, d.syntaxf(i, "control character %q in a string", rune(c))
		case c < utf8.RuneSelf:
			i++
		default:
			r, n := utf8.DecodeRune(d.b[i:])
			if r == utf8.RuneError && n == 1 {
				plain = false
			}
			i += n
		}
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// unquote decodes the escapes of a string's content already checked by str,
// replacing invalid UTF-8 and unpaired surrogates with U+FFFD, as
// encoding/json does.
func unquote(s []byte) ([]byte, bool) {
	b := make([]byte, 0, len(s)+utf8.UTFMax)
	for r := 0; r < len(s); {
		switch c := s[r]; {
		case c == '\\':
			if r+1 >= len(s) {
				return nil, false
			}
			switch s[r+1] {
			case '"', '\\', '/':
				b = append(b, s[r+1])
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				rr := u4(s[r:])
				if rr < 0 {
					return nil, false
				}
				r += 6
				if utf16.IsSurrogate(rr) {
					if dec := utf16.DecodeRune(rr, u4(s[r:])); dec != unicode.ReplacementChar {
						r += 6
						b = utf8.AppendRune(b, dec)
						continue
					}
					rr = unicode.ReplacementChar
				}
				b = utf8.AppendRune(b, rr)
				continue
			default:
				return nil, false
			}
			r += 2
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, n := utf8.DecodeRune(s[r:])
			b = utf8.AppendRune(b, rr)
			r += n
		}
	}
	return b, true
}

// u4 reads the rune of a \uXXXX escape at the start of s, or -1.
func u4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// number reads the number at d.i: JSON's grammar, then the value as
// strconv.ParseFloat gives it, which refuses one beyond float64's range.
// A decimal of at most 15 digits without exponent (every coordinate this
// project writes) is computed as ParseFloat's own exact path computes it:
// the digits as an integer, exact in a float64, divided by a power of ten
// that is exact too, which IEEE division rounds correctly.
func (d *decoder) number() (float64, error) {
	b, s := d.b, d.i
	i := s
	neg := i < len(b) && b[i] == '-'
	if neg {
		i++
	}
	var mant uint64
	digits, frac := 0, 0
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for ; i < len(b) && '0' <= b[i] && b[i] <= '9'; i++ {
			mant = mant*10 + uint64(b[i]-'0')
			digits++
		}
	default:
		return 0, d.unexpected(i, "a digit")
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return 0, d.unexpected(i, "a digit after the decimal point")
		}
		for ; i < len(b) && '0' <= b[i] && b[i] <= '9'; i++ {
			mant = mant*10 + uint64(b[i]-'0')
			digits++
			frac++
		}
	}
	exact := digits <= 15
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		exact = false
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return 0, d.unexpected(i, "a digit in the exponent")
		}
		for i++; i < len(b) && '0' <= b[i] && b[i] <= '9'; i++ {
		}
	}
	d.i = i
	if exact {
		f := float64(mant)
		if neg {
			f = -f
		}
		return f / pow10[frac], nil
	}
	f, err := strconv.ParseFloat(string(b[s:i]), 64)
	if err != nil {
		return 0, d.valuef(s, "%s is out of range for a 64-bit float", b[s:i])
	}
	return f, nil
}

// pow10 holds the powers of ten number divides by, all exact in a float64.
var pow10 = [16]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// literal reads true, false or null at d.i.
func (d *decoder) literal() error {
	for _, w := range []string{"true", "false", "null"} {
		if bytes.HasPrefix(d.b[d.i:], []byte(w)) {
			d.i += len(w)
			return nil
		}
	}
	return d.unexpected(d.i, "a value")
}

// null reads null at d.i, or reports false.
func (d *decoder) null() (bool, error) {
	if d.peek() != 'n' {
		return false, nil
	}
	if !bytes.HasPrefix(d.b[d.i:], []byte("null")) {
		return false, d.unexpected(d.i, "a value")
	}
	d.i += 4
	return true, nil
}

// optString reads a string into dst, and its offset into pos; null leaves
// both as they were.
func (d *decoder) optString(dst *string, pos *int, want string) error {
	if null, err := d.null(); err != nil || null {
		return err
	}
	if d.peek() != '"' {
		return d.wrongType(want)
	}
	if pos != nil {
		*pos = d.i
	}
	s, err := d.str()
	if err == nil {
		*dst = string(s)
	}
	return err
}

// kind names the JSON value starting at d.i, for a message.
func (d *decoder) kind() string {
	switch c := d.peek(); c {
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case '[':
		return "an array"
	case '{':
		return "an object"
	default:
		if c == '-' || '0' <= c && c <= '9' {
			return "a number"
		}
	}
	return ""
}

// wrongType refuses the value at d.i for a field that wants another type,
// once it is known to be a value at all.
func (d *decoder) wrongType(want string) error {
	k := d.kind()
	if k == "" {
		return d.unexpected(d.i, "a value")
	}
	return d.valuef(d.i, "%s where %s belongs", k, want)
}

// skip reads a value of any type, checking its syntax and depth; with
// numbers set, it also refuses a number beyond float64's range (as
// encoding/json did for an id it decoded into an interface).
func (d *decoder) skip(numbers bool) error {
	switch c := d.peek(); {
	case c == '"':
		_, err := d.str()
		return err
	case c == '-' || '0' <= c && c <= '9':
		_, err := d.number()
		if err != nil && !numbers {
			if re, ok := err.(*readError); ok && !re.syntax {
				return nil
			}
		}
		return err
	case c == '[':
		if err := d.open(); err != nil {
			return err
		}
		for more := d.first(']'); more; {
			if err := d.skip(numbers); err != nil {
				return err
			}
			var err error
			if more, err = d.next(']'); err != nil {
				return err
			}
		}
		return nil
	case c == '{':
		if err := d.open(); err != nil {
			return err
		}
		for more := d.first('}'); more; {
			if _, err := d.key(); err != nil {
				return err
			}
			if err := d.skip(numbers); err != nil {
				return err
			}
			var err error
			if more, err = d.next('}'); err != nil {
				return err
			}
		}
		return nil
	}
	return d.literal()
}

// decode reads a feature collection into shapes, in the order of its
// features.
func decode(b []byte) ([]Shape, error) {
	d := &decoder{b: b, feat: -1}
	typ, typePos, err := d.collection()
	if err != nil {
		return nil, d.located(err, "")
	}
	d.feat = -1
	if typ != "FeatureCollection" {
		return nil, d.located(d.valuef(typePos, "type %q is not a FeatureCollection", typ), "")
	}
	shapes := make([]Shape, 0, len(d.feats))
	for i := range d.feats {
		d.feat = i
		s, field, err := d.shape(&d.feats[i])
		if err != nil {
			return nil, d.located(err, field)
		}
		shapes = append(shapes, s)
	}
	return shapes, nil
}

// collection reads the top-level value and checks that nothing follows it.
func (d *decoder) collection() (typ string, typePos int, err error) {
	d.ws()
	switch d.peek() {
	case '{':
		if err := d.open(); err != nil {
			return "", 0, err
		}
		for more := d.first('}'); more; {
			k, err := d.key()
			if err != nil {
				return "", 0, err
			}
			switch {
			case is(k, "type"):
				err = d.optString(&typ, &typePos, "a string (the type)")
			case is(k, "features"):
				err = d.features()
			default:
				err = d.skip(false)
			}
			if err != nil {
				return "", 0, err
			}
			if more, err = d.next('}'); err != nil {
				return "", 0, err
			}
		}
	case 'n':
		if _, err := d.null(); err != nil {
			return "", 0, err
		}
		typePos = d.i - 4
	default:
		if d.i >= len(d.b) {
			return "", 0, d.syntaxf(d.i, "no JSON value")
		}
		return "", 0, d.wrongType("an object (a feature collection)")
	}
	d.ws()
	if d.i < len(d.b) {
		return "", 0, d.unexpected(d.i, "nothing after the feature collection")
	}
	return typ, typePos, nil
}

// features reads the "features" array into d.feats as encoding/json decoded
// an array into a slice: element i of a second array into what the first
// left there, even past a shorter array in between.
func (d *decoder) features() error {
	if null, err := d.null(); err != nil || null {
		if null {
			d.feats = nil
		}
		return err
	}
	if d.peek() != '[' {
		return d.wrongType("an array (the features)")
	}
	if err := d.open(); err != nil {
		return err
	}
	n := 0
	for more := d.first(']'); more; n++ {
		if n < cap(d.feats) {
			d.feats = d.feats[:max(len(d.feats), n+1)]
		} else {
			d.feats = append(d.feats, feature{})
		}
		d.feat = n
		if err := d.feature(&d.feats[n]); err != nil {
			return err
		}
		var err error
		if more, err = d.next(']'); err != nil {
			return err
		}
	}
	d.feat = -1
	if n == 0 {
		d.feats = []feature{}
	}
	d.feats = d.feats[:n]
	return nil
}

// feature reads one element of the features array into f.
func (d *decoder) feature(f *feature) error {
	if null, err := d.null(); err != nil || null {
		return err
	}
	if d.peek() != '{' {
		return d.wrongType("an object (a feature)")
	}
	f.start = d.i
	if err := d.open(); err != nil {
		return err
	}
	for more := d.first('}'); more; {
		k, err := d.key()
		if err != nil {
			return err
		}
		switch {
		case is(k, "id"):
			err = d.id(f)
		case is(k, "properties"):
			err = d.object(func(k []byte) (bool, error) {
				if !is(k, "name") {
					return false, nil
				}
				return true, d.optString(&f.name, nil, "a string (properties.name)")
			}, "an object (the properties)")
		case is(k, "geometry"):
			err = d.object(func(k []byte) (bool, error) {
				switch {
				case is(k, "type"):
					return true, d.optString(&f.gtype, &f.typePos, "a string (geometry.type)")
				case is(k, "coordinates"):
					return true, d.coordinates(f)
				}
				return false, nil
			}, "an object (the geometry)")
		default:
			err = d.skip(false)
		}
		if err != nil {
			return err
		}
		if more, err = d.next('}'); err != nil {
			return err
		}
	}
	return nil
}

// object reads an object (or null, which changes nothing) whose keys read
// reads the values of, skipping the others.
func (d *decoder) object(read func(key []byte) (bool, error), want string) error {
	if null, err := d.null(); err != nil || null {
		return err
	}
	if d.peek() != '{' {
		return d.wrongType(want)
	}
	if err := d.open(); err != nil {
		return err
	}
	for more := d.first('}'); more; {
		k, err := d.key()
		if err != nil {
			return err
		}
		done, err := read(k)
		if err == nil && !done {
			err = d.skip(false)
		}
		if err != nil {
			return err
		}
		if more, err = d.next('}'); err != nil {
			return err
		}
	}
	return nil
}

// id reads a feature's id: a string, a number, or null, which clears it;
// another value is refused once the feature is final.
func (d *decoder) id(f *feature) error {
	start := d.i
	f.idPos = start
	switch c := d.peek(); {
	case c == '"':
		s, err := d.str()
		if err != nil {
			return err
		}
		f.idKind, f.id = idString, string(s)
	case c == '-' || '0' <= c && c <= '9':
		x, err := d.number()
		if err != nil {
			return err
		}
		f.idKind, f.idNum = idNumber, x
	case c == 'n':
		if _, err := d.null(); err != nil {
			return err
		}
		f.idKind = idNone
	default:
		if err := d.skip(true); err != nil {
			return err
		}
		f.idKind = idOther
	}
	f.idRaw = d.b[start:d.i]
	return nil
}

// coordinates reads a geometry's coordinates as the type given so far, or
// only checks their syntax when that type is not yet a polygon's or the
// values do not fit it: shape reads them again as the final type.
func (d *decoder) coordinates(f *feature) error {
	start, depth := d.i, d.depth
	if f.gtype == "Polygon" || f.gtype == "MultiPolygon" {
		mp, err := d.geometry(f.gtype)
		if err == nil {
			f.coords = coords{set: true, start: start, end: d.i, depth: depth, as: f.gtype, mp: mp}
			return nil
		}
		if re, ok := err.(*readError); !ok || re.syntax {
			return err
		}
		d.i, d.depth = start, depth
	}
	if err := d.skip(false); err != nil {
		return err
	}
	f.coords = coords{set: true, start: start, end: d.i, depth: depth}
	return nil
}

// shape makes the Shape of a feature read to the end of the collection;
// field names where a problem is.
func (d *decoder) shape(f *feature) (Shape, string, error) {
	s := Shape{Name: f.name}
	switch f.idKind {
	case idString:
		s.ID = f.id
	case idNumber:
		s.ID = fmt.Sprintf("%03d", int(f.idNum))
	case idOther:
		return s, "id", d.valuef(f.idPos, "%s is neither a string nor a number", oneLine(string(f.idRaw)))
	}
	if f.gtype != "Polygon" && f.gtype != "MultiPolygon" {
		pos := f.typePos
		if f.gtype == "" {
			pos = f.start
		}
		return s, "geometry.type", d.valuef(pos, "%q is not a polygon", f.gtype)
	}
	if !f.coords.set {
		return s, "geometry.coordinates", d.valuef(f.start, "a %s without coordinates", f.gtype)
	}
	s.Geometry = f.coords.mp
	if f.coords.as != f.gtype {
		d.i, d.depth = f.coords.start, f.coords.depth
		mp, err := d.geometry(f.gtype)
		if err != nil {
			return s, "geometry.coordinates", err
		}
		s.Geometry = mp
	}
	for j, p := range s.Geometry {
		for k, r := range p {
			if len(r) < 4 {
				return s, "geometry.coordinates", d.valuef(f.coords.start, "polygon %d, ring %d: a ring of %d points; a closed ring has at least 4", j, k, len(r))
			}
		}
	}
	return s, "", nil
}

// geometry reads the coordinates at d.i as a Polygon's or a MultiPolygon's.
func (d *decoder) geometry(typ string) (orb.MultiPolygon, error) {
	d.pts, d.rings, d.polys = d.pts[:0], d.rings[:0], d.polys[:0]
	if typ == "Polygon" {
		if err := d.polygon(); err != nil {
			return nil, err
		}
		return d.build(), nil
	}
	null, err := d.array("an array of polygons", d.polygon)
	if err != nil || null {
		return nil, err
	}
	return d.build(), nil
}

// array reads an array (or null, reported) whose every element elem reads;
// want names the array in an error.
func (d *decoder) array(want string, elem func() error) (null bool, err error) {
	if null, err = d.null(); err != nil || null {
		return null, err
	}
	if d.peek() != '[' {
		return false, d.wrongType(want)
	}
	if err := d.open(); err != nil {
		return false, err
	}
	for more := d.first(']'); more; {
		if err := elem(); err != nil {
			return false, err
		}
		if more, err = d.next(']'); err != nil {
			return false, err
		}
	}
	return false, nil
}

// polygon reads an array of rings (or null) into the scratch.
func (d *decoder) polygon() error {
	null, err := d.array("an array of rings", d.ring)
	if err != nil {
		return err
	}
	d.polys = append(d.polys, part{end: len(d.rings), null: null})
	return nil
}

// ring reads an array of points (or null) into the scratch.
func (d *decoder) ring() error {
	null, err := d.array("an array of points", d.point)
	if err != nil {
		return err
	}
	d.rings = append(d.rings, part{end: len(d.pts), null: null})
	return nil
}

// point reads [x, y] into the scratch. As encoding/json read a [2]float64,
// null is the point (0, 0), a missing or null coordinate is 0, and values
// past the second are skipped (GeoJSON's altitude among them).
func (d *decoder) point() error {
	var p orb.Point
	null, err := d.null()
	if err != nil {
		return err
	}
	if !null {
		if d.peek() != '[' {
			return d.wrongType("a point [x, y]")
		}
		if err := d.open(); err != nil {
			return err
		}
		n := 0
		for more := d.first(']'); more; n++ {
			switch c := d.peek(); {
			case n >= 2:
				err = d.skip(false)
			case c == '-' || '0' <= c && c <= '9':
				p[n], err = d.number()
			case c == 'n':
				_, err = d.null()
			default:
				err = d.wrongType("a number (a coordinate)")
			}
			if err != nil {
				return err
			}
			if more, err = d.next(']'); err != nil {
				return err
			}
		}
	}
	d.pts = append(d.pts, p)
	return nil
}

// build copies the scratch out: one array for the points, one for the rings,
// one for the polygons, each slice capped at its length so that appending to
// one never writes over the next.
func (d *decoder) build() orb.MultiPolygon {
	pts := make([]orb.Point, len(d.pts))
	copy(pts, d.pts)
	rings := make([]orb.Ring, len(d.rings))
	from := 0
	for i, r := range d.rings {
		if !r.null {
			rings[i] = pts[from:r.end:r.end]
		}
		from = r.end
	}
	polys := make([]orb.Polygon, len(d.polys))
	from = 0
	for i, p := range d.polys {
		if !p.null {
			polys[i] = rings[from:p.end:p.end]
		}
		from = p.end
	}
	return orb.MultiPolygon(polys)
}

// nameAhead reads properties.name from the feature object at start,
// skipping everything else; false if the object does not read.
func nameAhead(b []byte, start int) (string, bool) {
	d := &decoder{b: b, i: start, depth: 2, feat: -1}
	name := ""
	err := d.object(func(k []byte) (bool, error) {
		if !is(k, "properties") {
			return false, nil
		}
		return true, d.object(func(k []byte) (bool, error) {
			if !is(k, "name") || d.peek() != '"' {
				return false, nil
			}
			s, err := d.str()
			name = string(s)
			return true, err
		}, "")
	}, "")
	return name, err == nil
}

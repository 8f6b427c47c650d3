package arrowcodec

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/cybernorms/cybernorms/pipeline/parquet"
)

// fb reads flatbuffers with every offset checked: a damaged file gives an
// error, never a panic or an allocation beyond its size.
type fb struct {
	b   []byte
	err error
}

func (r *fb) fail(format string, a ...any) {
	if r.err == nil {
		r.err = fmt.Errorf(format, a...)
	}
}

func (r *fb) u32(at int) uint32 {
	if r.err != nil || at < 0 || at > len(r.b)-4 {
		r.fail("flatbuffer: offset %d outside %d bytes", at, len(r.b))
		return 0
	}
	return binary.LittleEndian.Uint32(r.b[at:])
}

func (r *fb) u16(at int) uint16 {
	if r.err != nil || at < 0 || at > len(r.b)-2 {
		r.fail("flatbuffer: offset %d outside %d bytes", at, len(r.b))
		return 0
	}
	return binary.LittleEndian.Uint16(r.b[at:])
}

func (r *fb) i64(at int) int64 {
	if r.err != nil || at < 0 || at > len(r.b)-8 {
		r.fail("flatbuffer: offset %d outside %d bytes", at, len(r.b))
		return 0
	}
	return int64(binary.LittleEndian.Uint64(r.b[at:]))
}

// root is the position of the buffer's root table.
func (r *fb) root() int { return int(r.u32(0)) }

// slot is the position of a table's field, or 0 when absent.
func (r *fb) slot(table, n int) int {
	vt := table - int(int32(r.u32(table)))
	vlen := int(r.u16(vt))
	if r.err != nil || 4+2*n+2 > vlen {
		return 0
	}
	o := int(r.u16(vt + 4 + 2*n))
	if o == 0 {
		return 0
	}
	return table + o
}

func (r *fb) int(table, n int, size int, def int64) int64 {
	p := r.slot(table, n)
	if p == 0 || r.err != nil {
		return def
	}
	if p+size > len(r.b) {
		r.fail("flatbuffer: field at %d outside %d bytes", p, len(r.b))
		return def
	}
	switch size {
	case 1:
		return int64(r.b[p])
	case 2:
		return int64(int16(binary.LittleEndian.Uint16(r.b[p:])))
	case 4:
		return int64(int32(binary.LittleEndian.Uint32(r.b[p:])))
	}
	return int64(binary.LittleEndian.Uint64(r.b[p:]))
}

// ref follows an offset field to its table, vector or string; 0 if absent.
func (r *fb) ref(table, n int) int {
	p := r.slot(table, n)
	if p == 0 {
		return 0
	}
	t := p + int(r.u32(p))
	if r.err == nil && (t <= 0 || t >= len(r.b)) {
		r.fail("flatbuffer: reference to %d outside %d bytes", t, len(r.b))
		return 0
	}
	return t
}

func (r *fb) str(table, n int) string {
	v := r.ref(table, n)
	if v == 0 {
		return ""
	}
	l := int(r.u32(v))
	if r.err != nil || l > len(r.b)-v-4 {
		r.fail("flatbuffer: string of %d bytes at %d", l, v)
		return ""
	}
	return string(r.b[v+4 : v+4+l])
}

// vector returns the position of a vector's first element and its length;
// elem is the element size, to check the vector lies in the buffer.
func (r *fb) vector(table, n, elem int) (int, int) {
	v := r.ref(table, n)
	if v == 0 {
		return 0, 0
	}
	l := int(r.u32(v))
	if r.err != nil || l < 0 || l > (len(r.b)-v-4)/elem {
		r.fail("flatbuffer: vector of %d elements at %d", l, v)
		return 0, 0
	}
	return v + 4, l
}

// table returns the i-th table of a vector of tables starting at v.
func (r *fb) table(v, i int) int {
	p := v + 4*i
	t := p + int(r.u32(p))
	if r.err == nil && (t <= 0 || t >= len(r.b)) {
		r.fail("flatbuffer: table at %d outside %d bytes", t, len(r.b))
		return 0
	}
	return t
}

// readSchema reads a Schema table.
func (r *fb) readSchema(t int) []Field {
	v, n := r.vector(t, 1, 4)
	var out []Field
	for i := 0; i < n && r.err == nil; i++ {
		f := r.table(v, i)
		fd := Field{Name: r.str(f, 0), Nullable: r.int(f, 1, 1, 0) != 0}
		typ := r.ref(f, 3)
		switch tt := r.int(f, 2, 1, 0); {
		case tt == fbTypeUtf8:
			fd.Type = "utf8"
		case tt == fbTypeBool:
			fd.Type = "bool"
		case tt == fbTypeInt && typ != 0 && r.int(typ, 0, 4, 0) == 64 && r.int(typ, 1, 1, 0) != 0:
			fd.Type = "int64"
		case tt == fbTypeFloatingPoint && typ != 0 && r.int(typ, 0, 2, 0) == fbPrecisionDouble:
			fd.Type = "float64"
		case tt == fbTypeDate && typ != 0 && r.int(typ, 0, 2, 1) == fbDateUnitDay:
			fd.Type = "date32"
		default:
			r.fail("field %q: Arrow type %d is not one the datasets use", fd.Name, tt)
		}
		if r.slot(f, 4) != 0 {
			r.fail("field %q: dictionary encoded (not read)", fd.Name)
		}
		if _, k := r.vector(f, 5, 4); k != 0 {
			r.fail("field %q: nested (not read)", fd.Name)
		}
		mv, mn := r.vector(f, 6, 4)
		for j := 0; j < mn; j++ {
			kv := r.table(mv, j)
			if r.str(kv, 0) == "description" {
				fd.Description = r.str(kv, 1)
			}
		}
		out = append(out, fd)
	}
	return out
}

// readMessage reads the framed message at b[at:]: its flatbuffer, the
// position of its header table and its header type.
func readMessage(b []byte, at int) (*fb, int, int64, error) {
	if at < 0 || at > len(b)-8 || binary.LittleEndian.Uint32(b[at:]) != 0xffffffff {
		return nil, 0, 0, fmt.Errorf("no IPC message at byte %d", at)
	}
	n := int(binary.LittleEndian.Uint32(b[at+4:]))
	if n <= 0 || n > len(b)-at-8 {
		return nil, 0, 0, fmt.Errorf("message of %d bytes at byte %d", n, at)
	}
	r := &fb{b: b[at+8 : at+8+n]}
	m := r.root()
	typ := r.int(m, 1, 1, 0)
	hdr := r.ref(m, 2)
	if r.err == nil && hdr == 0 {
		r.fail("message at byte %d has no header", at)
	}
	return r, hdr, typ, r.err
}

// schemaFromStream reads the schema of an IPC stream (the ARROW:schema key).
func schemaFromStream(b []byte) ([]Field, error) {
	r, hdr, typ, err := readMessage(b, 0)
	if err != nil {
		return nil, err
	}
	if typ != fbHeaderSchema {
		return nil, fmt.Errorf("first message is of type %d, not a schema", typ)
	}
	fs := r.readSchema(hdr)
	return fs, r.err
}

// DecodeArrow reads an Arrow IPC file of the types the datasets use,
// uncompressed and without dictionaries, as EncodeArrow writes it.
func DecodeArrow(b []byte) (Decoded, error) {
	d, err := decodeArrow(b)
	if err != nil {
		return Decoded{}, fmt.Errorf("arrow: %w", err)
	}
	return d, nil
}

func decodeArrow(b []byte) (Decoded, error) {
	if len(b) < 18 || !bytes.Equal(b[:6], arrowMagic) || !bytes.Equal(b[len(b)-6:], arrowMagic) {
		return Decoded{}, errors.New("not an Arrow IPC file (no ARROW1 at both ends)")
	}
	n := int(int32(binary.LittleEndian.Uint32(b[len(b)-10:])))
	if n <= 0 || n > len(b)-18 {
		return Decoded{}, fmt.Errorf("footer of %d bytes in a file of %d", n, len(b))
	}
	r := &fb{b: b[len(b)-10-n : len(b)-10]}
	foot := r.root()
	out := Decoded{Fields: r.readSchema(r.ref(foot, 1))}
	if _, k := r.vector(foot, 2, 24); k != 0 {
		r.fail("%d dictionary batches (not read)", k)
	}
	v, blocks := r.vector(foot, 3, 24)
	if r.err != nil {
		return Decoded{}, fmt.Errorf("footer: %w", r.err)
	}
	for i := range blocks {
		p := v + 24*i
		off, meta, body := r.i64(p), int64(int32(r.u32(p+8))), r.i64(p+16)
		if r.err != nil || off < 8 || meta < 8 || body < 0 || off > int64(len(b)) || meta > int64(len(b))-off || body > int64(len(b))-off-meta {
			return Decoded{}, fmt.Errorf("record batch %d: block (%d, %d, %d) outside the file", i, off, meta, body)
		}
		rows, err := readBatch(b, int(off), b[off+meta:off+meta+body], out.Fields)
		if err != nil {
			return Decoded{}, fmt.Errorf("record batch %d: %w", i, err)
		}
		out.Rows = append(out.Rows, rows...)
	}
	return out, nil
}

// readBatch reads the record batch whose message starts at b[at:] and
// whose body is body.
func readBatch(b []byte, at int, body []byte, fs []Field) ([][]string, error) {
	r, rec, typ, err := readMessage(b, at)
	if err != nil {
		return nil, err
	}
	if typ != fbHeaderRecordBatch {
		return nil, fmt.Errorf("message of type %d, not a record batch", typ)
	}
	if r.slot(rec, 3) != 0 {
		return nil, errors.New("compressed body (not read)")
	}
	length := r.int(rec, 0, 8, 0)
	nv, nn := r.vector(rec, 1, 16)
	bv, nb := r.vector(rec, 2, 16)
	if r.err != nil {
		return nil, r.err
	}
	// Every field's buffers must fit the body before rows are allocated.
	need := int64(0)
	for _, f := range fs {
		switch f.Type {
		case "bool":
			need += (length + 7) / 8
		case "int64", "float64":
			need += 8 * length
		case "date32":
			need += 4 * length
		case "utf8":
			need += 4 * length
		}
	}
	if length < 0 || length > 8*int64(len(body)) || need > int64(len(body)) || length*int64(len(fs)) > parquet.MaxCells(len(b)) {
		return nil, fmt.Errorf("%d rows of %d fields in a body of %d bytes", length, len(fs), len(body))
	}
	if nn != len(fs) {
		return nil, fmt.Errorf("%d field nodes for %d fields", nn, len(fs))
	}
	rows := int(length)
	out := make([][]string, rows)
	for k := range out {
		out[k] = make([]string, len(fs))
	}
	next := 0
	buffer := func() ([]byte, error) {
		if next >= nb {
			return nil, fmt.Errorf("%d buffers for %d fields", nb, len(fs))
		}
		p := bv + 16*next
		next++
		off, l := r.i64(p), r.i64(p+8)
		if off < 0 || l < 0 || off > int64(len(body)) || l > int64(len(body))-off {
			return nil, fmt.Errorf("buffer %d (%d, %d) outside a body of %d bytes", next-1, off, l, len(body))
		}
		return body[off : off+l], nil
	}
	for i, f := range fs {
		p := nv + 16*i
		if n, nulls := r.i64(p), r.i64(p+8); n != length || nulls < 0 || nulls > n {
			return nil, fmt.Errorf("field %s: %d values, %d nulls, for %d rows", f.Name, n, nulls, length)
		}
		nulls := int(r.i64(p + 8))
		valid, err := buffer()
		if err != nil {
			return nil, err
		}
		isNull := func(k int) bool { return false }
		if nulls > 0 {
			if len(valid) < (rows+7)/8 {
				return nil, fmt.Errorf("field %s: validity bitmap of %d bytes for %d rows", f.Name, len(valid), rows)
			}
			count := 0
			for k := range rows {
				if valid[k/8]>>(k%8)&1 == 0 {
					count++
				}
			}
			if count != nulls {
				return nil, fmt.Errorf("field %s: %d nulls in the bitmap, %d in the node", f.Name, count, nulls)
			}
			isNull = func(k int) bool { return valid[k/8]>>(k%8)&1 == 0 }
		}
		vals, err := buffer()
		if err != nil {
			return nil, err
		}
		width := map[string]int{"int64": 8, "float64": 8, "date32": 4}[f.Type]
		switch {
		case f.Type == "bool" && len(vals) < (rows+7)/8, width > 0 && len(vals) < width*rows:
			return nil, fmt.Errorf("field %s: %d bytes of values for %d rows", f.Name, len(vals), rows)
		}
		var data []byte
		if f.Type == "utf8" {
			if data, err = buffer(); err != nil {
				return nil, err
			}
			if rows > 0 && len(vals) < 4*(rows+1) {
				return nil, fmt.Errorf("field %s: %d bytes of offsets for %d rows", f.Name, len(vals), rows)
			}
		}
		for k := range rows {
			if isNull(k) {
				continue
			}
			var s string
			switch f.Type {
			case "utf8":
				lo, hi := binary.LittleEndian.Uint32(vals[4*k:]), binary.LittleEndian.Uint32(vals[4*k+4:])
				if lo > hi || int64(hi) > int64(len(data)) {
					return nil, fmt.Errorf("field %s row %d: offsets %d..%d outside %d bytes", f.Name, k+1, lo, hi, len(data))
				}
				s = string(data[lo:hi])
			case "int64":
				s = strconv.FormatInt(int64(binary.LittleEndian.Uint64(vals[8*k:])), 10)
			case "float64":
				s = strconv.FormatFloat(math.Float64frombits(binary.LittleEndian.Uint64(vals[8*k:])), 'g', -1, 64)
			case "bool":
				s = strconv.FormatBool(vals[k/8]>>(k%8)&1 == 1)
			case "date32":
				s = dateString(int32(binary.LittleEndian.Uint32(vals[4*k:])))
			}
			out[k][i] = s
		}
	}
	return out, nil
}

// dateString is a date32 (days since 1970-01-01) as YYYY-MM-DD.
func dateString(days int32) string {
	return time.Unix(int64(days)*86400, 0).UTC().Format(time.DateOnly)
}

// date32 is a YYYY-MM-DD date as days since 1970-01-01.
func date32(s string) (int32, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, err
	}
	return int32(t.Unix() / 86400), nil
}

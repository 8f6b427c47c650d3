package parquet

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// Thrift compact protocol types, as Parquet's footer and page headers use them.
const (
	tBoolTrue  = 1
	tBoolFalse = 2
	tByte      = 3
	tI16       = 4
	tI32       = 5
	tI64       = 6
	tDouble    = 7
	tBinary    = 8
	tList      = 9
	tSet       = 10
	tMap       = 11
	tStruct    = 12
)

// enc writes one Thrift compact struct; nested structs push the last field id.
type enc struct {
	b    []byte
	last []int16
}

func (e *enc) begin()           { e.last = append(e.last, 0) }
func (e *enc) end()             { e.b = append(e.b, 0); e.last = e.last[:len(e.last)-1] }
func (e *enc) uvarint(u uint64) { e.b = binary.AppendUvarint(e.b, u) }
func (e *enc) zigzag(v int64)   { e.uvarint(uint64(v<<1) ^ uint64(v>>63)) }

func (e *enc) field(id int16, typ byte) {
	top := &e.last[len(e.last)-1]
	if d := id - *top; d > 0 && d <= 15 {
		e.b = append(e.b, byte(d)<<4|typ)
	} else {
		e.b = append(e.b, typ)
		e.zigzag(int64(id))
	}
	*top = id
}

func (e *enc) i32(id int16, v int32) { e.field(id, tI32); e.zigzag(int64(v)) }
func (e *enc) i64(id int16, v int64) { e.field(id, tI64); e.zigzag(v) }
func (e *enc) str(id int16, s string) {
	e.field(id, tBinary)
	e.uvarint(uint64(len(s)))
	e.b = append(e.b, s...)
}
func (e *enc) bool(id int16, v bool) {
	t := byte(tBoolFalse)
	if v {
		t = tBoolTrue
	}
	e.field(id, t)
}
func (e *enc) byte(id int16, v int8) { e.field(id, tByte); e.b = append(e.b, byte(v)) }

// list writes a list header; the caller writes n elements of type typ.
func (e *enc) list(id int16, typ byte, n int) {
	e.field(id, tList)
	if n < 15 {
		e.b = append(e.b, byte(n)<<4|typ)
	} else {
		e.b = append(e.b, 0xf0|typ)
		e.uvarint(uint64(n))
	}
}

// structField opens a struct-valued field; close it with end.
func (e *enc) structField(id int16) { e.field(id, tStruct); e.begin() }

// value is a decoded Thrift value: int64, []byte, bool, []value or
// fields (a struct).
type value any

type fields map[int16]value

// Limits on what a footer or page header may hold, so that a hostile file
// cannot make the reader allocate without bound.
const (
	maxDepth = 16
	maxItems = 1 << 20
)

var errShort = errors.New("truncated thrift data")

// dec reads Thrift compact data from b.
type dec struct {
	b     []byte
	i     int
	items int
}

func (d *dec) byte1() (byte, error) {
	if d.i >= len(d.b) {
		return 0, errShort
	}
	c := d.b[d.i]
	d.i++
	return c, nil
}

func (d *dec) uvarint() (uint64, error) {
	u, n := binary.Uvarint(d.b[d.i:])
	if n <= 0 {
		return 0, errShort
	}
	d.i += n
	return u, nil
}

func (d *dec) zigzag() (int64, error) {
	u, err := d.uvarint()
	return int64(u>>1) ^ -int64(u&1), err
}

func (d *dec) count(n uint64) error {
	if n > uint64(len(d.b)-d.i) || d.items+int(n) > maxItems {
		return fmt.Errorf("thrift: %d items at byte %d exceed the data", n, d.i)
	}
	d.items += int(n)
	return nil
}

// readStruct reads the fields of a struct up to its stop byte.
func (d *dec) readStruct(depth int) (fields, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("thrift: nested deeper than %d", maxDepth)
	}
	out := fields{}
	var last int16
	for {
		h, err := d.byte1()
		if err != nil {
			return nil, err
		}
		if h == 0 {
			return out, nil
		}
		typ := h & 0x0f
		id := last + int16(h>>4)
		if h>>4 == 0 {
			v, err := d.zigzag()
			if err != nil {
				return nil, err
			}
			if v < math.MinInt16 || v > math.MaxInt16 {
				return nil, fmt.Errorf("thrift: field id %d", v)
			}
			id = int16(v)
		}
		last = id
		var v value
		switch typ {
		case tBoolTrue, tBoolFalse:
			v = typ == tBoolTrue
		default:
			if v, err = d.readValue(typ, depth); err != nil {
				return nil, err
			}
		}
		out[id] = v
	}
}

func (d *dec) readValue(typ byte, depth int) (value, error) {
	switch typ {
	case tBoolTrue, tBoolFalse:
		c, err := d.byte1()
		return c == tBoolTrue, err
	case tByte:
		c, err := d.byte1()
		return int64(int8(c)), err
	case tI16, tI32, tI64:
		return d.zigzag()
	case tDouble:
		if len(d.b)-d.i < 8 {
			return nil, errShort
		}
		d.i += 8
		return math.Float64frombits(binary.LittleEndian.Uint64(d.b[d.i-8:])), nil
	case tBinary:
		n, err := d.uvarint()
		if err != nil {
			return nil, err
		}
		if n > uint64(len(d.b)-d.i) {
			return nil, errShort
		}
		d.i += int(n)
		return d.b[d.i-int(n) : d.i], nil
	case tList, tSet:
		h, err := d.byte1()
		if err != nil {
			return nil, err
		}
		n, et := uint64(h>>4), h&0x0f
		if n == 15 {
			if n, err = d.uvarint(); err != nil {
				return nil, err
			}
		}
		if err := d.count(n); err != nil {
			return nil, err
		}
		out := make([]value, n)
		for k := range out {
			if out[k], err = d.readValue(et, depth+1); err != nil {
				return nil, err
			}
		}
		return out, nil
	case tMap:
		n, err := d.uvarint()
		if err != nil || n == 0 {
			return nil, err
		}
		kv, err := d.byte1()
		if err != nil {
			return nil, err
		}
		if err := d.count(2 * n); err != nil {
			return nil, err
		}
		for range n {
			if _, err := d.readValue(kv>>4, depth+1); err != nil {
				return nil, err
			}
			if _, err := d.readValue(kv&0x0f, depth+1); err != nil {
				return nil, err
			}
		}
		return nil, nil
	case tStruct:
		return d.readStruct(depth + 1)
	}
	return nil, fmt.Errorf("thrift: unknown type %d at byte %d", typ, d.i)
}

// Typed accessors: a missing or mistyped field is an error naming it.

func (f fields) int(id int16, what string) (int64, error) {
	v, ok := f[id].(int64)
	if !ok {
		return 0, fmt.Errorf("%s missing", what)
	}
	return v, nil
}

func (f fields) optInt(id int16, def int64) int64 {
	if v, ok := f[id].(int64); ok {
		return v
	}
	return def
}

func (f fields) bytes(id int16, what string) ([]byte, error) {
	v, ok := f[id].([]byte)
	if !ok {
		return nil, fmt.Errorf("%s missing", what)
	}
	return v, nil
}

func (f fields) list(id int16) []value {
	v, _ := f[id].([]value)
	return v
}

func (f fields) sub(id int16) fields {
	v, _ := f[id].(fields)
	return v
}

package parquet

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/klauspost/compress/zstd"
)

// Kind is a column's type: its Parquet physical and logical type.
type Kind int

const (
	String  Kind = iota // BYTE_ARRAY, logical STRING (converted UTF8)
	Int64               // INT64, logical INTEGER(64, signed)
	Double              // DOUBLE
	Boolean             // BOOLEAN
	Date                // INT32, logical DATE: days since 1970-01-01
)

func (k Kind) String() string {
	switch k {
	case String:
		return "string"
	case Int64:
		return "int64"
	case Double:
		return "double"
	case Boolean:
		return "boolean"
	case Date:
		return "date"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Column is one column of a table.
type Column struct {
	Name     string
	Kind     Kind
	Required bool
	// Null marks each row whose value is missing; nil means none is.
	Null []bool
	// Values holds the present values in row order: []string, []int64,
	// []float64, []bool or []int32 (Date), by Kind.
	Values any
}

// KeyValue is an entry of the file's key-value metadata.
type KeyValue struct{ Key, Value string }

// File is a table as a Parquet file holds it.
type File struct {
	Rows    int
	Columns []Column
	Meta    []KeyValue
}

// Parquet's enumerations, as parquet.thrift numbers them.
const (
	typeBoolean   = 0
	typeInt32     = 1
	typeInt64     = 2
	typeDouble    = 5
	typeByteArray = 6

	repRequired = 0
	repOptional = 1

	convUTF8  = 0
	convDate  = 6
	convInt64 = 18

	encPlain = 0
	encRLE   = 3

	codecUncompressed = 0
	codecZstd         = 6

	pageData = 0
)

var magic = []byte("PAR1")

func physical(k Kind) int32 {
	switch k {
	case Int64:
		return typeInt64
	case Double:
		return typeDouble
	case Boolean:
		return typeBoolean
	case Date:
		return typeInt32
	}
	return typeByteArray
}

// encoder is shared: zstd's encoder is safe for concurrent EncodeAll calls,
// and with one goroutine its output depends only on its input. These are
// the options arrow-go's Parquet writer uses.
var encoder, _ = zstd.NewWriter(nil, zstd.WithZeroFrames(true), zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(1))

// Write encodes a table of rows rows: one row group, each column one
// PLAIN-encoded data page (version 1), zstd compressed, with its null count;
// meta goes to the file's key-value metadata as given. createdBy names the
// writer in the footer.
func Write(rows int, cols []Column, meta []KeyValue, createdBy string) ([]byte, error) {
	out := append([]byte(nil), magic...)
	type chunk struct {
		offset, compressed, uncompressed, nulls int64
		optional                                bool
	}
	chunks := make([]chunk, len(cols))
	for i, c := range cols {
		page, nulls, err := encodePage(rows, c)
		if err != nil {
			return nil, fmt.Errorf("parquet: column %s: %w", c.Name, err)
		}
		if len(page) > math.MaxInt32 {
			return nil, fmt.Errorf("parquet: column %s: a page of %d bytes", c.Name, len(page))
		}
		body := encoder.EncodeAll(page, nil)
		var h enc
		h.begin()
		h.i32(1, pageData)
		h.i32(2, int32(len(page)))
		h.i32(3, int32(len(body)))
		h.structField(5)
		h.i32(1, int32(rows))
		h.i32(2, encPlain)
		h.i32(3, encRLE)
		h.i32(4, encRLE)
		h.end()
		h.end()
		chunks[i] = chunk{
			offset:       int64(len(out)),
			compressed:   int64(len(h.b) + len(body)),
			uncompressed: int64(len(h.b) + len(page)),
			nulls:        int64(nulls),
			optional:     !c.Required,
		}
		out = append(append(out, h.b...), body...)
	}

	var m enc
	m.begin()
	m.i32(1, 2)
	m.list(2, tStruct, len(cols)+1)
	m.begin()
	m.str(4, "schema")
	m.i32(5, int32(len(cols)))
	m.end()
	for _, c := range cols {
		m.begin()
		m.i32(1, physical(c.Kind))
		rep := int32(repOptional)
		if c.Required {
			rep = repRequired
		}
		m.i32(3, rep)
		m.str(4, c.Name)
		switch c.Kind {
		case String:
			m.i32(6, convUTF8)
			m.structField(10)
			m.structField(1) // STRING
			m.end()
			m.end()
		case Date:
			m.i32(6, convDate)
			m.structField(10)
			m.structField(6) // DATE
			m.end()
			m.end()
		case Int64:
			m.i32(6, convInt64)
			m.structField(10)
			m.structField(10) // INTEGER
			m.byte(1, 64)
			m.bool(2, true)
			m.end()
			m.end()
		}
		m.end()
	}
	m.i64(3, int64(rows))
	m.list(4, tStruct, 1)
	m.begin()
	m.list(1, tStruct, len(cols))
	var total, compressed int64
	for i, c := range cols {
		ch := chunks[i]
		total += ch.uncompressed
		compressed += ch.compressed
		m.begin()
		m.i64(2, ch.offset)
		m.structField(3)
		m.i32(1, physical(c.Kind))
		if ch.optional {
			m.list(2, tI32, 2)
			m.zigzag(encPlain)
			m.zigzag(encRLE)
		} else {
			m.list(2, tI32, 1)
			m.zigzag(encPlain)
		}
		m.list(3, tBinary, 1)
		m.uvarint(uint64(len(c.Name)))
		m.b = append(m.b, c.Name...)
		m.i32(4, codecZstd)
		m.i64(5, int64(rows))
		m.i64(6, ch.uncompressed)
		m.i64(7, ch.compressed)
		m.i64(9, ch.offset)
		m.structField(12)
		m.i64(3, ch.nulls)
		m.end()
		m.end()
		m.end()
	}
	m.i64(2, total)
	m.i64(3, int64(rows))
	if len(cols) > 0 {
		m.i64(5, chunks[0].offset)
	}
	m.i64(6, compressed)
	m.end()
	if len(meta) > 0 {
		m.list(5, tStruct, len(meta))
		for _, kv := range meta {
			m.begin()
			m.str(1, kv.Key)
			m.str(2, kv.Value)
			m.end()
		}
	}
	m.str(6, createdBy)
	m.end()
	out = append(out, m.b...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(m.b)))
	return append(out, magic...), nil
}

// encodePage is a data page's uncompressed content: the definition levels
// of an optional column (a length, then RLE runs of bit width 1), then the
// present values, PLAIN. It returns the number of nulls.
func encodePage(rows int, c Column) ([]byte, int, error) {
	if c.Null != nil && len(c.Null) != rows {
		return nil, 0, fmt.Errorf("%d null marks for %d rows", len(c.Null), rows)
	}
	nulls := 0
	for _, n := range c.Null {
		if n {
			nulls++
		}
	}
	if c.Required && nulls > 0 {
		return nil, 0, fmt.Errorf("required column with %d nulls", nulls)
	}
	var b []byte
	if !c.Required {
		b = make([]byte, 4)
		for r := 0; r < rows; {
			run := 1
			for r+run < rows && isNull(c.Null, r+run) == isNull(c.Null, r) {
				run++
			}
			b = binary.AppendUvarint(b, uint64(run)<<1)
			if isNull(c.Null, r) {
				b = append(b, 0)
			} else {
				b = append(b, 1)
			}
			r += run
		}
		binary.LittleEndian.PutUint32(b, uint32(len(b)-4))
	}
	present := rows - nulls
	n := -1
	switch v := c.Values.(type) {
	case []string:
		if c.Kind == String {
			n = len(v)
			for _, s := range v {
				b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
				b = append(b, s...)
			}
		}
	case []int64:
		if c.Kind == Int64 {
			n = len(v)
			for _, x := range v {
				b = binary.LittleEndian.AppendUint64(b, uint64(x))
			}
		}
	case []float64:
		if c.Kind == Double {
			n = len(v)
			for _, x := range v {
				b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
			}
		}
	case []int32:
		if c.Kind == Date {
			n = len(v)
			for _, x := range v {
				b = binary.LittleEndian.AppendUint32(b, uint32(x))
			}
		}
	case []bool:
		if c.Kind == Boolean {
			n = len(v)
			packed := make([]byte, (len(v)+7)/8)
			for k, x := range v {
				if x {
					packed[k/8] |= 1 << (k % 8)
				}
			}
			b = append(b, packed...)
		}
	}
	if n < 0 {
		return nil, 0, fmt.Errorf("values %T for a %s column", c.Values, c.Kind)
	}
	if n != present {
		return nil, 0, fmt.Errorf("%d values for %d present rows", n, present)
	}
	return b, nulls, nil
}

func isNull(null []bool, r int) bool { return null != nil && null[r] }

// maxPage bounds a page's uncompressed size, so that a hostile header
// cannot make the reader allocate without bound.
const maxPage = 64 << 20

// maxInflated bounds the uncompressed pages of a file together (a
// variable for the tests).
var maxInflated int64 = 256 << 20

// MaxCells bounds the cells (rows times columns) a reader accepts from a
// file of n bytes: run-length encoding lets a few bytes claim millions of
// nulls, and a damaged footer can point many columns at the same page.
func MaxCells(n int) int64 { return max(1<<22, 64*int64(n)) }

var decoder, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(maxPage))

// Read decodes a flat Parquet file of the kinds Write writes: any number of
// row groups and data pages (version 1, PLAIN, uncompressed or zstd). Other
// encodings, codecs and nested schemas are refused with an error, as is
// any inconsistency between the footer and the pages.
func Read(b []byte) (*File, error) {
	f, err := read(b)
	if err != nil {
		return nil, fmt.Errorf("parquet: %w", err)
	}
	return f, nil
}

func read(b []byte) (*File, error) {
	if len(b) < 12 || !bytes.Equal(b[:4], magic) || !bytes.Equal(b[len(b)-4:], magic) {
		return nil, errors.New("not a Parquet file (no PAR1 at both ends)")
	}
	n := binary.LittleEndian.Uint32(b[len(b)-8:])
	if uint64(n) > uint64(len(b)-12) {
		return nil, fmt.Errorf("footer of %d bytes in a file of %d", n, len(b))
	}
	foot := b[len(b)-8-int(n) : len(b)-8]
	d := dec{b: foot}
	md, err := d.readStruct(0)
	if err != nil {
		return nil, fmt.Errorf("footer: %w", err)
	}
	schema := md.list(2)
	if len(schema) == 0 {
		return nil, errors.New("footer: no schema")
	}
	root, _ := schema[0].(fields)
	if nc := root.optInt(5, -1); nc != int64(len(schema)-1) {
		return nil, fmt.Errorf("footer: the root has %d children, the schema %d leaves (nested schemas are not read)", nc, len(schema)-1)
	}
	rows, err := md.int(3, "footer: num_rows")
	if err != nil {
		return nil, err
	}
	if rows < 0 || rows > int64(len(b))*8 || rows*int64(len(schema)-1) > MaxCells(len(b)) {
		return nil, fmt.Errorf("footer: %d rows of %d columns in %d bytes", rows, len(schema)-1, len(b))
	}
	out := &File{Rows: int(rows), Columns: make([]Column, len(schema)-1)}
	for i, v := range schema[1:] {
		el, _ := v.(fields)
		name, err := el.bytes(4, fmt.Sprintf("footer: column %d name", i+1))
		if err != nil {
			return nil, err
		}
		c := &out.Columns[i]
		c.Name = string(name)
		if el.optInt(5, 0) != 0 {
			return nil, fmt.Errorf("column %s: nested (not read)", c.Name)
		}
		switch el.optInt(3, -1) {
		case repRequired:
			c.Required = true
		case repOptional:
		default:
			return nil, fmt.Errorf("column %s: repetition %d (only required and optional are read)", c.Name, el.optInt(3, -1))
		}
		lt := el.sub(10)
		conv := el.optInt(6, -1)
		switch t := el.optInt(1, -1); {
		case t == typeByteArray:
			c.Kind, c.Values = String, []string{}
		case t == typeInt64:
			c.Kind, c.Values = Int64, []int64{}
		case t == typeDouble:
			c.Kind, c.Values = Double, []float64{}
		case t == typeBoolean:
			c.Kind, c.Values = Boolean, []bool{}
		case t == typeInt32 && (conv == convDate || lt.sub(6) != nil):
			c.Kind, c.Values = Date, []int32{}
		default:
			return nil, fmt.Errorf("column %s: physical type %d, logical %v (not read)", c.Name, t, lt)
		}
		if !c.Required {
			c.Null = []bool{}
		}
	}
	var seen, inflated int64
	for g, v := range md.list(4) {
		rg, _ := v.(fields)
		grows, err := rg.int(3, fmt.Sprintf("row group %d: num_rows", g))
		if err != nil {
			return nil, err
		}
		if grows < 0 || grows > rows-seen {
			return nil, fmt.Errorf("row group %d: %d rows, %d left of %d", g, grows, rows-seen, rows)
		}
		chunks := rg.list(1)
		if len(chunks) != len(out.Columns) {
			return nil, fmt.Errorf("row group %d: %d column chunks for %d columns", g, len(chunks), len(out.Columns))
		}
		for i, cv := range chunks {
			cc, _ := cv.(fields)
			c := &out.Columns[i]
			if err := readChunk(b[:len(b)-8-int(n)], cc.sub(3), grows, c, &inflated); err != nil {
				return nil, fmt.Errorf("row group %d column %s: %w", g, c.Name, err)
			}
		}
		seen += grows
	}
	if seen != rows {
		return nil, fmt.Errorf("row groups hold %d rows, the footer says %d", seen, rows)
	}
	for _, v := range md.list(5) {
		kv, _ := v.(fields)
		k, err := kv.bytes(1, "footer: metadata key")
		if err != nil {
			return nil, err
		}
		val, _ := kv[2].([]byte)
		out.Meta = append(out.Meta, KeyValue{string(k), string(val)})
	}
	return out, nil
}

// readChunk appends a column chunk's rows to c; b is the file up to the
// footer.
func readChunk(b []byte, cm fields, rows int64, c *Column, inflated *int64) error {
	if cm == nil {
		return errors.New("no column metadata")
	}
	if t := cm.optInt(1, -1); t != int64(physical(c.Kind)) {
		return fmt.Errorf("physical type %d, the schema says %d", t, physical(c.Kind))
	}
	codec := cm.optInt(4, -1)
	if codec != codecUncompressed && codec != codecZstd {
		return fmt.Errorf("codec %d (only uncompressed and zstd are read)", codec)
	}
	if cm.optInt(5, -1) != rows {
		return fmt.Errorf("%d values for %d rows (repeated or inconsistent)", cm.optInt(5, -1), rows)
	}
	if _, ok := cm[11]; ok {
		return errors.New("dictionary page (only PLAIN is read)")
	}
	start, size := cm.optInt(9, -1), cm.optInt(7, -1)
	if start < 4 || size < 0 || start > int64(len(b)) || size > int64(len(b))-start {
		return fmt.Errorf("chunk at %d of %d bytes outside the file", start, size)
	}
	d := dec{b: b[start : start+size]}
	got := int64(0)
	for d.i < len(d.b) {
		h, err := d.readStruct(0)
		if err != nil {
			return fmt.Errorf("page header at %d: %w", start+int64(d.i), err)
		}
		if t := h.optInt(1, -1); t != pageData {
			return fmt.Errorf("page type %d (only version 1 data pages are read)", t)
		}
		usize, csize := h.optInt(2, -1), h.optInt(3, -1)
		if usize < 0 || usize > maxPage || csize < 0 || csize > int64(len(d.b)-d.i) {
			return fmt.Errorf("page of %d bytes (%d compressed) at %d", usize, csize, start+int64(d.i))
		}
		if *inflated += usize; *inflated > maxInflated {
			return fmt.Errorf("pages of more than %d bytes uncompressed", maxInflated)
		}
		body := d.b[d.i : d.i+int(csize)]
		d.i += int(csize)
		if codec == codecZstd {
			if body, err = decoder.DecodeAll(body, make([]byte, 0, usize)); err != nil {
				return fmt.Errorf("page at %d: %w", start+int64(d.i)-csize, err)
			}
		}
		if int64(len(body)) != usize {
			return fmt.Errorf("page of %d bytes, its header says %d", len(body), usize)
		}
		dp := h.sub(5)
		nv := dp.optInt(1, -1)
		if nv < 0 || nv > rows-got {
			return fmt.Errorf("page of %d values, %d rows left", nv, rows-got)
		}
		if e := dp.optInt(2, -1); e != encPlain {
			return fmt.Errorf("encoding %d (only PLAIN is read)", e)
		}
		if err := decodePage(body, int(nv), c); err != nil {
			return err
		}
		got += nv
	}
	if got != rows {
		return fmt.Errorf("pages hold %d values for %d rows", got, rows)
	}
	return nil
}

// decodePage appends n rows from a page's uncompressed content to c.
func decodePage(b []byte, n int, c *Column) error {
	present := n
	if !c.Required {
		if len(b) < 4 {
			return errors.New("page shorter than its definition levels")
		}
		l := binary.LittleEndian.Uint32(b)
		if uint64(l) > uint64(len(b)-4) {
			return fmt.Errorf("definition levels of %d bytes in a page of %d", l, len(b))
		}
		levels := b[4 : 4+l]
		b = b[4+l:]
		present = 0
		for k := 0; k < n; {
			h, m := binary.Uvarint(levels)
			if m <= 0 {
				return errors.New("definition levels end early")
			}
			levels = levels[m:]
			if h&1 == 0 {
				run := h >> 1
				if run == 0 || run > uint64(n-k) || len(levels) < 1 || levels[0] > 1 {
					return fmt.Errorf("definition level run of %d at row %d", run, k)
				}
				for range run {
					c.Null = append(c.Null, levels[0] == 0)
				}
				if levels[0] == 1 {
					present += int(run)
				}
				levels = levels[1:]
				k += int(run)
				continue
			}
			groups := h >> 1
			if groups == 0 || groups > uint64(len(levels)) {
				return fmt.Errorf("bit-packed definition levels of %d groups at row %d", groups, k)
			}
			for j := 0; j < int(groups)*8 && k < n; j++ {
				set := levels[j/8]>>(j%8)&1 == 1
				c.Null = append(c.Null, !set)
				if set {
					present++
				}
				k++
			}
			levels = levels[groups:]
		}
	}
	bad := func() error {
		return fmt.Errorf("%d bytes of values for %d present rows of %s", len(b), present, c.Kind)
	}
	switch c.Kind {
	case String:
		vs := c.Values.([]string)
		for range present {
			if len(b) < 4 || uint64(binary.LittleEndian.Uint32(b)) > uint64(len(b)-4) {
				return bad()
			}
			l := binary.LittleEndian.Uint32(b)
			vs = append(vs, string(b[4:4+l]))
			b = b[4+l:]
		}
		c.Values = vs
	case Int64, Double:
		if len(b) != 8*present {
			return bad()
		}
		if c.Kind == Int64 {
			vs := c.Values.([]int64)
			for k := range present {
				vs = append(vs, int64(binary.LittleEndian.Uint64(b[8*k:])))
			}
			c.Values = vs
		} else {
			vs := c.Values.([]float64)
			for k := range present {
				vs = append(vs, math.Float64frombits(binary.LittleEndian.Uint64(b[8*k:])))
			}
			c.Values = vs
		}
		b = nil
	case Date:
		if len(b) != 4*present {
			return bad()
		}
		vs := c.Values.([]int32)
		for k := range present {
			vs = append(vs, int32(binary.LittleEndian.Uint32(b[4*k:])))
		}
		c.Values = vs
		b = nil
	case Boolean:
		if len(b) != (present+7)/8 {
			return bad()
		}
		vs := c.Values.([]bool)
		for k := range present {
			vs = append(vs, b[k/8]>>(k%8)&1 == 1)
		}
		c.Values = vs
		b = nil
	}
	if len(b) != 0 {
		return fmt.Errorf("%d bytes after the values", len(b))
	}
	return nil
}

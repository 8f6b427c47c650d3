package arrowcodec

import (
	"encoding/binary"
	"fmt"
	"math"

	flatbuffers "github.com/google/flatbuffers/go"

	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/pipeline/parquet"
)

// The Arrow IPC format (https://arrow.apache.org/docs/format/Columnar.html),
// written with the flatbuffers builder in the order arrow-go's writer uses,
// so that the files are the bytes arrow-go v18 wrote for the same tables.

var (
	arrowMagic = []byte("ARROW1")
	eos        = []byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0}
)

// Flatbuffers enumerations of Schema.fbs and Message.fbs.
const (
	fbTypeInt           = 2
	fbTypeFloatingPoint = 3
	fbTypeUtf8          = 5
	fbTypeBool          = 6
	fbTypeDate          = 8

	fbPrecisionDouble = 2
	fbDateUnitDay     = 0

	fbHeaderSchema      = 1
	fbHeaderRecordBatch = 3

	fbMetadataV5 = 4
)

// Field is a field of an Arrow schema as the codec writes and reads it.
type Field struct {
	Name        string
	Type        string // ArrowType's name
	Nullable    bool
	Description string
}

// ArrowType is the name of the Arrow type of a schema type, as arrow-go
// prints it: utf8, int64, float64, bool or date32.
func ArrowType(t schema.Type) string {
	switch t {
	case schema.Integer:
		return "int64"
	case schema.Number:
		return "float64"
	case schema.Boolean:
		return "bool"
	case schema.Date:
		return "date32"
	}
	return "utf8"
}

// arrowSchema is a table's fields and its name, title and description, in
// the order they are stored.
func arrowSchema(t *schema.Table) ([]Field, []parquet.KeyValue) {
	fs := make([]Field, len(t.Fields))
	for i, f := range t.Fields {
		fs[i] = Field{Name: f.Name, Type: ArrowType(f.Type), Nullable: !f.Required, Description: f.Description}
	}
	return fs, []parquet.KeyValue{{Key: "name", Value: t.Name}, {Key: "title", Value: t.Title}, {Key: "description", Value: t.Description}}
}

func keyValue(b *flatbuffers.Builder, k, v string) flatbuffers.UOffsetT {
	kk := b.CreateString(k)
	vv := b.CreateString(v)
	b.StartObject(2)
	b.PrependUOffsetTSlot(0, kk, 0)
	b.PrependUOffsetTSlot(1, vv, 0)
	return b.EndObject()
}

func offsetVector(b *flatbuffers.Builder, offs []flatbuffers.UOffsetT) flatbuffers.UOffsetT {
	b.StartVector(4, len(offs), 4)
	for i := len(offs) - 1; i >= 0; i-- {
		b.PrependUOffsetT(offs[i])
	}
	return b.EndVector(len(offs))
}

func fbField(b *flatbuffers.Builder, f Field) flatbuffers.UOffsetT {
	name := b.CreateString(f.Name)
	var typ byte
	var off flatbuffers.UOffsetT
	switch f.Type {
	case "bool":
		typ = fbTypeBool
		b.StartObject(0)
		off = b.EndObject()
	case "int64":
		typ = fbTypeInt
		b.StartObject(2)
		b.PrependInt32Slot(0, 64, 0)
		b.PrependBoolSlot(1, true, false)
		off = b.EndObject()
	case "float64":
		typ = fbTypeFloatingPoint
		b.StartObject(1)
		b.PrependInt16Slot(0, fbPrecisionDouble, 0)
		off = b.EndObject()
	case "date32":
		typ = fbTypeDate
		b.StartObject(1)
		b.PrependInt16Slot(0, fbDateUnitDay, 1)
		off = b.EndObject()
	default:
		typ = fbTypeUtf8
		b.StartObject(0)
		off = b.EndObject()
	}
	kids := offsetVector(b, nil)
	meta := offsetVector(b, []flatbuffers.UOffsetT{keyValue(b, "description", f.Description)})
	b.StartObject(7)
	b.PrependUOffsetTSlot(0, name, 0)
	b.PrependBoolSlot(1, f.Nullable, false)
	b.PrependByteSlot(2, typ, 0)
	b.PrependUOffsetTSlot(3, off, 0)
	b.PrependUOffsetTSlot(5, kids, 0)
	b.PrependUOffsetTSlot(6, meta, 0)
	return b.EndObject()
}

func fbSchema(b *flatbuffers.Builder, fs []Field, meta []parquet.KeyValue) flatbuffers.UOffsetT {
	offs := make([]flatbuffers.UOffsetT, len(fs))
	for i, f := range fs {
		offs[i] = fbField(b, f)
	}
	fields := offsetVector(b, offs)
	var md flatbuffers.UOffsetT
	if len(meta) > 0 {
		kvs := make([]flatbuffers.UOffsetT, len(meta))
		for i, kv := range meta {
			kvs[i] = keyValue(b, kv.Key, kv.Value)
		}
		md = offsetVector(b, kvs)
	}
	b.StartObject(4)
	b.PrependUOffsetTSlot(1, fields, 0)
	b.PrependUOffsetTSlot(2, md, 0)
	return b.EndObject()
}

// message finishes a Message around a header and frames it: the
// continuation token, the padded length and the flatbuffer, padded to 8.
func message(b *flatbuffers.Builder, typ byte, hdr flatbuffers.UOffsetT, body int64) []byte {
	b.StartObject(5)
	b.PrependInt16Slot(0, fbMetadataV5, 0)
	b.PrependByteSlot(1, typ, 0)
	b.PrependUOffsetTSlot(2, hdr, 0)
	b.PrependInt64Slot(3, body, 0)
	b.Finish(b.EndObject())
	fb := b.FinishedBytes()
	n := (len(fb) + 8 + 7) &^ 7
	out := make([]byte, 8, n)
	binary.LittleEndian.PutUint32(out, 0xffffffff)
	binary.LittleEndian.PutUint32(out[4:], uint32(n-8))
	out = append(out, fb...)
	return append(out, make([]byte, n-len(out))...)
}

// schemaStream is an IPC stream of the schema and no batches: what the
// ARROW:schema key of a Parquet file holds.
func schemaStream(fs []Field, meta []parquet.KeyValue) []byte {
	b := flatbuffers.NewBuilder(1024)
	return append(message(b, fbHeaderSchema, fbSchema(b, fs, meta), 0), eos...)
}

// pad8 is a body buffer's length padded to 8 bytes, as the body holds it.
func pad8(n int) int { return (n + 7) &^ 7 }

// encodeIPC writes columns as an Arrow IPC file of one record batch.
func encodeIPC(rows int, fs []Field, meta []parquet.KeyValue, cols []parquet.Column) ([]byte, error) {
	out := append(append([]byte(nil), arrowMagic...), 0, 0)
	b := flatbuffers.NewBuilder(1024)
	out = append(out, message(b, fbHeaderSchema, fbSchema(b, fs, meta), 0)...)

	type node struct{ length, nulls int64 }
	var (
		nodes []node
		bufs  [][]byte
	)
	for _, c := range cols {
		nulls := 0
		var validity []byte
		for _, n := range c.Null {
			if n {
				nulls++
			}
		}
		if nulls > 0 {
			validity = make([]byte, validityLen(rows, nulls, c.Kind))
			for r, n := range c.Null {
				if !n {
					validity[r/8] |= 1 << (r % 8)
				}
			}
		}
		nodes = append(nodes, node{int64(rows), int64(nulls)})
		bufs = append(bufs, validity)
		// Values at every row, zero (or empty) where null.
		k := 0
		next := func(r int) (int, bool) {
			if c.Null != nil && c.Null[r] {
				return 0, false
			}
			k++
			return k - 1, true
		}
		switch vs := c.Values.(type) {
		case []string:
			offs := make([]byte, 0, 4*(rows+1))
			var data []byte
			offs = binary.LittleEndian.AppendUint32(offs, 0)
			for r := range rows {
				if i, ok := next(r); ok {
					data = append(data, vs[i]...)
				}
				if len(data) > math.MaxInt32 {
					return nil, fmt.Errorf("column %s: more than 2 GiB of strings", c.Name)
				}
				offs = binary.LittleEndian.AppendUint32(offs, uint32(len(data)))
			}
			bufs = append(bufs, offs, data)
		case []int64:
			v := make([]byte, 8*rows)
			for r := range rows {
				if i, ok := next(r); ok {
					binary.LittleEndian.PutUint64(v[8*r:], uint64(vs[i]))
				}
			}
			bufs = append(bufs, v)
		case []float64:
			v := make([]byte, 8*rows)
			for r := range rows {
				if i, ok := next(r); ok {
					binary.LittleEndian.PutUint64(v[8*r:], math.Float64bits(vs[i]))
				}
			}
			bufs = append(bufs, v)
		case []int32:
			v := make([]byte, 4*rows)
			for r := range rows {
				if i, ok := next(r); ok {
					binary.LittleEndian.PutUint32(v[4*r:], uint32(vs[i]))
				}
			}
			bufs = append(bufs, v)
		case []bool:
			v := make([]byte, (rows+7)/8)
			for r := range rows {
				if i, ok := next(r); ok && vs[i] {
					v[r/8] |= 1 << (r % 8)
				}
			}
			bufs = append(bufs, v)
		default:
			return nil, fmt.Errorf("column %s: values %T", c.Name, c.Values)
		}
	}
	var body int64
	type bufMeta struct{ offset, length int64 }
	metas := make([]bufMeta, len(bufs))
	for i, buf := range bufs {
		metas[i] = bufMeta{body, int64(len(buf))}
		body += int64(pad8(len(buf)))
	}
	b = flatbuffers.NewBuilder(0)
	b.StartVector(16, len(nodes), 8)
	for i := len(nodes) - 1; i >= 0; i-- {
		b.Prep(8, 16)
		b.PrependInt64(nodes[i].nulls)
		b.PrependInt64(nodes[i].length)
	}
	nodesFB := b.EndVector(len(nodes))
	b.StartVector(16, len(metas), 8)
	for i := len(metas) - 1; i >= 0; i-- {
		b.Prep(8, 16)
		b.PrependInt64(metas[i].length)
		b.PrependInt64(metas[i].offset)
	}
	bufsFB := b.EndVector(len(metas))
	b.StartObject(5)
	b.PrependInt64Slot(0, int64(rows), 0)
	b.PrependUOffsetTSlot(1, nodesFB, 0)
	b.PrependUOffsetTSlot(2, bufsFB, 0)
	rec := b.EndObject()
	blockOffset := int64(len(out))
	msg := message(b, fbHeaderRecordBatch, rec, body)
	out = append(out, msg...)
	for _, buf := range bufs {
		out = append(out, buf...)
		out = append(out, make([]byte, pad8(len(buf))-len(buf))...)
	}
	out = append(out, eos...)

	b = flatbuffers.NewBuilder(1024)
	sc := fbSchema(b, fs, meta)
	b.StartVector(24, 0, 8)
	dicts := b.EndVector(0)
	b.StartVector(24, 1, 8)
	b.Prep(8, 24)
	b.PrependInt64(body)
	b.Pad(4)
	b.PrependInt32(int32(len(msg)))
	b.PrependInt64(blockOffset)
	recs := b.EndVector(1)
	b.StartObject(5)
	b.PrependInt16Slot(0, fbMetadataV5, 0)
	b.PrependUOffsetTSlot(1, sc, 0)
	b.PrependUOffsetTSlot(2, dicts, 0)
	b.PrependUOffsetTSlot(3, recs, 0)
	b.Finish(b.EndObject())
	foot := b.FinishedBytes()
	out = append(out, foot...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(foot)))
	return append(out, arrowMagic...), nil
}

func pad64(n int) int { return (n + 63) &^ 63 }

// validityLen is the length of a validity bitmap as arrow-go's builders
// leave it: the builder's capacity in bits (32 at first, but the rows
// themselves for a string builder's first two, then powers of two) rounded
// to bytes, cut to the bytes the rows need padded to 64 when that is
// shorter; for a column of nulls only, the latter.
func validityLen(rows, nulls int, k parquet.Kind) int {
	need := pad64((rows + 7) / 8)
	if nulls == rows {
		return need
	}
	capacity := 32
	if k == parquet.String && rows <= 2 {
		capacity = rows
	}
	for capacity < rows {
		capacity *= 2
	}
	return min((capacity+7)/8, need)
}

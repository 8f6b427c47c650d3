// Package arrowcodec is the Arrow and Parquet codec of the datasets: it
// encodes checked table data as Arrow IPC and Parquet files with arrow-go, and
// decodes both back to the canonical strings the CSV holds.
//
// The Arrow schema is derived from the table's schema.Table: strings as utf8,
// integers as int64, booleans as bool, dates as date32, empty cells as nulls,
// and each field's description kept in the field metadata.
package arrowcodec

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strconv"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/metadata"
	pqschema "github.com/apache/arrow-go/v18/parquet/schema"

	"github.com/cybernorms/cybernorms/datasets/schema"
)

// ArrowType is the Arrow type of a schema type.
func ArrowType(t schema.Type) arrow.DataType {
	switch t {
	case schema.Integer:
		return arrow.PrimitiveTypes.Int64
	case schema.Number:
		return arrow.PrimitiveTypes.Float64
	case schema.Boolean:
		return arrow.FixedWidthTypes.Boolean
	case schema.Date:
		return arrow.FixedWidthTypes.Date32
	default:
		return arrow.BinaryTypes.String
	}
}

// Schema is the Arrow schema of a table.
func Schema(t *schema.Table) *arrow.Schema {
	fields := make([]arrow.Field, len(t.Fields))
	for i, f := range t.Fields {
		fields[i] = arrow.Field{
			Name: f.Name, Type: ArrowType(f.Type), Nullable: !f.Required,
			Metadata: arrow.NewMetadata([]string{"description"}, []string{f.Description}),
		}
	}
	md := arrow.NewMetadata([]string{"name", "title", "description"}, []string{t.Name, t.Title, t.Description})
	return arrow.NewSchema(fields, &md)
}

// record builds an Arrow record from checked data. The caller releases it.
func record(d schema.Data) (arrow.RecordBatch, error) {
	b := array.NewRecordBuilder(memory.DefaultAllocator, Schema(d.Table))
	defer b.Release()
	for r, row := range d.Rows {
		for i, f := range d.Table.Fields {
			v := row[i]
			fb := b.Field(i)
			if v == "" {
				fb.AppendNull()
				continue
			}
			bad := func(err error) error {
				return fmt.Errorf("%s row %d field %s: %w", d.Table.Name, r+1, f.Name, err)
			}
			switch f.Type {
			case schema.Integer:
				n, err := strconv.ParseInt(v, 10, 64)
				if err != nil {
					return nil, bad(err)
				}
				fb.(*array.Int64Builder).Append(n)
			case schema.Number:
				x, err := strconv.ParseFloat(v, 64)
				if err != nil {
					return nil, bad(err)
				}
				fb.(*array.Float64Builder).Append(x)
			case schema.Boolean:
				fb.(*array.BooleanBuilder).Append(v == "true")
			case schema.Date:
				t, err := time.Parse(time.DateOnly, v)
				if err != nil {
					return nil, bad(err)
				}
				fb.(*array.Date32Builder).Append(arrow.Date32FromTime(t))
			default:
				fb.(*array.StringBuilder).Append(v)
			}
		}
	}
	return b.NewRecordBatch(), nil
}

// EncodeArrow returns the data as an Arrow IPC file.
func EncodeArrow(d schema.Data) ([]byte, error) {
	rec, err := record(d)
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	var buf bytes.Buffer
	w, err := ipc.NewFileWriter(&buf, ipc.WithSchema(rec.Schema()), ipc.WithAllocator(memory.DefaultAllocator))
	if err != nil {
		return nil, err
	}
	if err := w.Write(rec); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// EncodeParquet returns the data as a Parquet file: one row group, zstd
// compressed, with the Arrow schema stored so types round-trip exactly.
// created_by is fixed so that the bytes depend only on the data.
//
// It writes through arrow-go's column writers rather than pqarrow, whose
// schema serialisation links the Flight RPC (gRPC and protobuf, a third of the
// CLI's packages) though nothing here speaks it; the bytes are pqarrow's.
func EncodeParquet(d schema.Data) ([]byte, error) {
	sc := Schema(d.Table)
	nodes := make(pqschema.FieldList, len(d.Table.Fields))
	for i, f := range d.Table.Fields {
		phys, logical := parquetType(f.Type)
		rep := parquet.Repetitions.Optional
		if f.Required {
			rep = parquet.Repetitions.Required
		}
		n, err := pqschema.NewPrimitiveNodeLogical(f.Name, rep, logical, phys, -1, -1)
		if err != nil {
			return nil, fmt.Errorf("%s field %s: %w", d.Table.Name, f.Name, err)
		}
		nodes[i] = n
	}
	props := parquet.NewWriterProperties(
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithCreatedBy("cybernorms"),
		parquet.WithVersion(parquet.V2_6),
	)
	root, err := pqschema.NewGroupNode(props.RootName(), props.RootRepetition(), nodes, -1)
	if err != nil {
		return nil, err
	}
	stored, err := serializeSchema(sc)
	if err != nil {
		return nil, err
	}
	meta := make(metadata.KeyValueMetadata, 0, 4)
	md := sc.Metadata()
	for i, k := range md.Keys() {
		meta.Append(k, md.Values()[i])
	}
	meta.Append("ARROW:schema", base64.StdEncoding.EncodeToString(stored))

	var buf bytes.Buffer
	w, err := file.NewParquetWriterWithError(&buf, root, file.WithWriterProps(props), file.WithWriteMetadata(meta))
	if err != nil {
		return nil, err
	}
	rg, err := w.AppendRowGroupChecked()
	if err != nil {
		return nil, err
	}
	for i, f := range d.Table.Fields {
		cw, err := rg.NextColumn()
		if err != nil {
			return nil, err
		}
		if err := writeColumn(cw, d, i); err != nil {
			return nil, fmt.Errorf("%s field %s: %w", d.Table.Name, f.Name, err)
		}
		if err := cw.Close(); err != nil {
			return nil, err
		}
	}
	if err := rg.Close(); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// parquetType is the physical and logical Parquet type pqarrow gives the
// Arrow type of a schema type.
func parquetType(t schema.Type) (parquet.Type, pqschema.LogicalType) {
	switch t {
	case schema.Integer:
		return parquet.Types.Int64, pqschema.NewIntLogicalType(64, true)
	case schema.Number:
		return parquet.Types.Double, pqschema.NoLogicalType{}
	case schema.Boolean:
		return parquet.Types.Boolean, pqschema.NoLogicalType{}
	case schema.Date:
		return parquet.Types.Int32, pqschema.DateLogicalType{}
	default:
		return parquet.Types.ByteArray, pqschema.StringLogicalType{}
	}
}

// serializeSchema is the Arrow schema as the ARROW:schema key holds it: an IPC
// stream of the schema message and no batches, as Arrow's C++, Python and Go
// writers store it.
func serializeSchema(sc *arrow.Schema) ([]byte, error) {
	var buf bytes.Buffer
	w := ipc.NewWriter(&buf, ipc.WithSchema(sc), ipc.WithAllocator(memory.DefaultAllocator))
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeColumn writes field i of every row: the present values, and for an
// optional field a definition level per row (1 present, 0 null).
func writeColumn(cw file.ColumnChunkWriter, d schema.Data, i int) error {
	f := d.Table.Fields[i]
	var def []int16
	if !f.Required {
		def = make([]int16, len(d.Rows))
	}
	present := make([]string, 0, len(d.Rows))
	rowOf := make([]int, 0, len(d.Rows))
	for r, row := range d.Rows {
		if row[i] == "" {
			if f.Required {
				return fmt.Errorf("row %d: empty required value", r+1)
			}
			continue
		}
		if def != nil {
			def[r] = 1
		}
		present = append(present, row[i])
		rowOf = append(rowOf, r)
	}
	bad := func(k int, err error) error { return fmt.Errorf("row %d: %w", rowOf[k]+1, err) }
	var err error
	switch w := cw.(type) {
	case *file.Int64ColumnChunkWriter:
		vs := make([]int64, len(present))
		for r, v := range present {
			if vs[r], err = strconv.ParseInt(v, 10, 64); err != nil {
				return bad(r, err)
			}
		}
		_, err = w.WriteBatch(vs, def, nil)
	case *file.Float64ColumnChunkWriter:
		vs := make([]float64, len(present))
		for r, v := range present {
			if vs[r], err = strconv.ParseFloat(v, 64); err != nil {
				return bad(r, err)
			}
		}
		_, err = w.WriteBatch(vs, def, nil)
	case *file.BooleanColumnChunkWriter:
		vs := make([]bool, len(present))
		for r, v := range present {
			vs[r] = v == "true"
		}
		_, err = w.WriteBatch(vs, def, nil)
	case *file.Int32ColumnChunkWriter:
		vs := make([]int32, len(present))
		for r, v := range present {
			t, perr := time.Parse(time.DateOnly, v)
			if perr != nil {
				return bad(r, perr)
			}
			vs[r] = int32(arrow.Date32FromTime(t))
		}
		_, err = w.WriteBatch(vs, def, nil)
	case *file.ByteArrayColumnChunkWriter:
		vs := make([]parquet.ByteArray, len(present))
		for r, v := range present {
			vs[r] = parquet.ByteArray(v)
		}
		_, err = w.WriteBatch(vs, def, nil)
	default:
		return fmt.Errorf("unexpected column writer %T", cw)
	}
	return err
}

// Decoded is a table read back from Arrow or Parquet, as canonical strings.
type Decoded struct {
	Schema *arrow.Schema
	Rows   [][]string
}

// DecodeArrow reads an Arrow IPC file.
func DecodeArrow(b []byte) (Decoded, error) {
	r, err := ipc.NewFileReader(bytes.NewReader(b), ipc.WithAllocator(memory.DefaultAllocator))
	if err != nil {
		return Decoded{}, err
	}
	defer r.Close()
	out := Decoded{Schema: r.Schema()}
	for i := 0; i < r.NumRecords(); i++ {
		rec, err := r.RecordBatch(i)
		if err != nil {
			return Decoded{}, err
		}
		rows, err := cells(rec)
		if err != nil {
			return Decoded{}, err
		}
		out.Rows = append(out.Rows, rows...)
	}
	return out, nil
}

// DecodeParquet reads a Parquet file written by EncodeParquet (or any writer
// that stores the Arrow schema, as pqarrow does): its Arrow schema comes from
// the ARROW:schema key, and each column must have the Parquet type that schema
// implies.
func DecodeParquet(b []byte) (Decoded, error) {
	r, err := file.NewParquetReader(bytes.NewReader(b))
	if err != nil {
		return Decoded{}, err
	}
	defer r.Close()
	sc, err := storedSchema(r.MetaData().KeyValueMetadata())
	if err != nil {
		return Decoded{}, err
	}
	cols := r.MetaData().Schema
	if cols.NumColumns() != sc.NumFields() {
		return Decoded{}, fmt.Errorf("parquet: %d columns, Arrow schema has %d fields", cols.NumColumns(), sc.NumFields())
	}
	for i, f := range sc.Fields() {
		c := cols.Column(i)
		if c.Name() != f.Name || c.MaxRepetitionLevel() != 0 || c.MaxDefinitionLevel() > 1 || !sameType(c, f.Type) {
			return Decoded{}, fmt.Errorf("parquet: column %d (%s %s) does not hold Arrow field %s %s", i+1, c.Name(), c.PhysicalType(), f.Name, f.Type)
		}
	}
	out := Decoded{Schema: sc}
	for g := 0; g < r.NumRowGroups(); g++ {
		rg := r.RowGroup(g)
		n := rg.NumRows()
		if n < 0 || n > int64(len(b)) {
			return Decoded{}, fmt.Errorf("parquet: row group %d claims %d rows", g, n)
		}
		rows := make([][]string, n)
		for k := range rows {
			rows[k] = make([]string, sc.NumFields())
		}
		for i := 0; i < sc.NumFields(); i++ {
			cr, err := rg.Column(i)
			if err != nil {
				return Decoded{}, err
			}
			if err := readColumn(cr, rows, i); err != nil {
				return Decoded{}, fmt.Errorf("parquet: column %s: %w", sc.Field(i).Name, err)
			}
		}
		out.Rows = append(out.Rows, rows...)
	}
	return out, nil
}

// storedSchema decodes the ARROW:schema key.
func storedSchema(kv metadata.KeyValueMetadata) (*arrow.Schema, error) {
	v := kv.FindValue("ARROW:schema")
	if v == nil {
		return nil, fmt.Errorf("parquet: no stored Arrow schema (ARROW:schema)")
	}
	raw, err := base64.StdEncoding.DecodeString(*v)
	if err != nil {
		// Some writers store it without padding.
		if raw, err = base64.RawStdEncoding.DecodeString(*v); err != nil {
			return nil, fmt.Errorf("parquet: ARROW:schema: %w", err)
		}
	}
	rd, err := ipc.NewReader(bytes.NewReader(raw), ipc.WithAllocator(memory.DefaultAllocator))
	if err != nil {
		return nil, fmt.Errorf("parquet: ARROW:schema: %w", err)
	}
	defer rd.Release()
	return rd.Schema(), nil
}

// sameType reports whether a Parquet column holds the Arrow type as
// EncodeParquet writes it.
func sameType(c *pqschema.Column, t arrow.DataType) bool {
	switch t.ID() {
	case arrow.INT64:
		return c.PhysicalType() == parquet.Types.Int64
	case arrow.FLOAT64:
		return c.PhysicalType() == parquet.Types.Double
	case arrow.BOOL:
		return c.PhysicalType() == parquet.Types.Boolean
	case arrow.DATE32:
		return c.PhysicalType() == parquet.Types.Int32 && c.LogicalType().Equals(pqschema.DateLogicalType{})
	case arrow.STRING:
		return c.PhysicalType() == parquet.Types.ByteArray
	}
	return false
}

// readColumn fills field i of rows from one column chunk, leaving nulls
// empty; it fails unless the chunk holds exactly one value or null per row.
func readColumn(cr file.ColumnChunkReader, rows [][]string, i int) error {
	n := len(rows)
	def := make([]int16, n)
	var defs []int16
	if cr.Descriptor().MaxDefinitionLevel() > 0 {
		defs = def
	}
	var (
		total  int64
		values int
		err    error
		str    []string
	)
	switch c := cr.(type) {
	case *file.Int64ColumnChunkReader:
		vs := make([]int64, n)
		total, values, err = c.ReadBatch(int64(n), vs, defs, nil)
		for _, v := range vs[:values] {
			str = append(str, strconv.FormatInt(v, 10))
		}
	case *file.Float64ColumnChunkReader:
		vs := make([]float64, n)
		total, values, err = c.ReadBatch(int64(n), vs, defs, nil)
		for _, v := range vs[:values] {
			str = append(str, strconv.FormatFloat(v, 'g', -1, 64))
		}
	case *file.BooleanColumnChunkReader:
		vs := make([]bool, n)
		total, values, err = c.ReadBatch(int64(n), vs, defs, nil)
		for _, v := range vs[:values] {
			str = append(str, strconv.FormatBool(v))
		}
	case *file.Int32ColumnChunkReader:
		vs := make([]int32, n)
		total, values, err = c.ReadBatch(int64(n), vs, defs, nil)
		for _, v := range vs[:values] {
			str = append(str, arrow.Date32(v).ToTime().Format(time.DateOnly))
		}
	case *file.ByteArrayColumnChunkReader:
		vs := make([]parquet.ByteArray, n)
		total, values, err = c.ReadBatch(int64(n), vs, defs, nil)
		for _, v := range vs[:values] {
			str = append(str, string(v))
		}
	default:
		return fmt.Errorf("unexpected column reader %T", cr)
	}
	if err != nil {
		return err
	}
	if total != int64(n) || cr.HasNext() {
		return fmt.Errorf("%d values for %d rows", total, n)
	}
	k := 0
	for r := range rows {
		if defs != nil && def[r] == 0 {
			continue
		}
		if k >= len(str) {
			return fmt.Errorf("fewer values than definition levels")
		}
		rows[r][i] = str[k]
		k++
	}
	if k != len(str) {
		return fmt.Errorf("%d values for %d present rows", len(str), k)
	}
	return nil
}

func cells(rec arrow.RecordBatch) ([][]string, error) {
	n := int(rec.NumRows())
	rows := make([][]string, n)
	for r := range rows {
		rows[r] = make([]string, rec.NumCols())
	}
	for c := 0; c < int(rec.NumCols()); c++ {
		col := rec.Column(c)
		for r := 0; r < n; r++ {
			if col.IsNull(r) {
				continue
			}
			switch a := col.(type) {
			case *array.String:
				rows[r][c] = a.Value(r)
			case *array.Int64:
				rows[r][c] = strconv.FormatInt(a.Value(r), 10)
			case *array.Float64:
				rows[r][c] = strconv.FormatFloat(a.Value(r), 'g', -1, 64)
			case *array.Boolean:
				rows[r][c] = strconv.FormatBool(a.Value(r))
			case *array.Date32:
				rows[r][c] = a.Value(r).ToTime().Format(time.DateOnly)
			default:
				return nil, fmt.Errorf("column %s: unexpected Arrow type %s", rec.ColumnName(c), col.DataType())
			}
		}
	}
	return rows, nil
}

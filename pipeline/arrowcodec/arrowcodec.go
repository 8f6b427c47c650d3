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
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

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
func EncodeParquet(d schema.Data) ([]byte, error) {
	rec, err := record(d)
	if err != nil {
		return nil, err
	}
	defer rec.Release()
	tbl := array.NewTableFromRecords(rec.Schema(), []arrow.RecordBatch{rec})
	defer tbl.Release()
	props := parquet.NewWriterProperties(
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithCreatedBy("cybernorms"),
		parquet.WithVersion(parquet.V2_6),
	)
	var buf bytes.Buffer
	arrProps := pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema())
	if err := pqarrow.WriteTable(tbl, &buf, int64(len(d.Rows))+1, props, arrProps); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
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

// DecodeParquet reads a Parquet file.
func DecodeParquet(b []byte) (Decoded, error) {
	tbl, err := pqarrow.ReadTable(context.Background(), bytes.NewReader(b), parquet.NewReaderProperties(memory.DefaultAllocator),
		pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		return Decoded{}, err
	}
	defer tbl.Release()
	out := Decoded{Schema: tbl.Schema()}
	tr := array.NewTableReader(tbl, 1<<20)
	defer tr.Release()
	for tr.Next() {
		rows, err := cells(tr.RecordBatch())
		if err != nil {
			return Decoded{}, err
		}
		out.Rows = append(out.Rows, rows...)
	}
	return out, tr.Err()
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

// Package arrowcodec is the Arrow and Parquet codec of the datasets: it
// encodes checked table data as Arrow IPC and Parquet files, and decodes both
// back to the canonical strings the CSV holds.
//
// The Arrow schema is derived from the table's schema.Table: strings as utf8,
// integers as int64, numbers as float64, booleans as bool, dates as date32,
// empty cells as nulls, and each field's description kept in the field
// metadata. The Arrow files are written byte for byte as arrow-go v18 writes
// them (a test compares the two), by a writer of the types these tables use
// rather than by arrow-go, whose packages were two fifths of the command's
// compile time; the Parquet files by pipeline/parquet, for the same reason.
package arrowcodec

import (
	"encoding/base64"
	"fmt"
	"strconv"

	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/pipeline/parquet"
)

// Decoded is a table read back from Arrow or Parquet, as canonical strings.
type Decoded struct {
	Fields []Field
	Rows   [][]string
}

// columns are the table's fields as typed columns.
func columns(d schema.Data) ([]parquet.Column, error) {
	cols := make([]parquet.Column, len(d.Table.Fields))
	for i, f := range d.Table.Fields {
		c, err := column(d, i)
		if err != nil {
			return nil, fmt.Errorf("%s field %s: %w", d.Table.Name, f.Name, err)
		}
		cols[i] = c
	}
	return cols, nil
}

// EncodeArrow returns the data as an Arrow IPC file of one record batch.
func EncodeArrow(d schema.Data) ([]byte, error) {
	cols, err := columns(d)
	if err != nil {
		return nil, err
	}
	fs, meta := arrowSchema(d.Table)
	b, err := encodeIPC(len(d.Rows), fs, meta, cols)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.Table.Name, err)
	}
	return b, nil
}

// EncodeParquet returns the data as a Parquet file: one row group, one
// PLAIN-encoded zstd-compressed page per column, with the Arrow schema stored
// (ARROW:schema, as pqarrow stores it) so that Arrow readers get the exact
// types and the fields' descriptions back. Its bytes depend only on the data.
func EncodeParquet(d schema.Data) ([]byte, error) {
	cols, err := columns(d)
	if err != nil {
		return nil, err
	}
	fs, meta := arrowSchema(d.Table)
	meta = append(meta, parquet.KeyValue{Key: "ARROW:schema", Value: base64.StdEncoding.EncodeToString(schemaStream(fs, meta))})
	b, err := parquet.Write(len(d.Rows), cols, meta, "cybernorms")
	if err != nil {
		return nil, fmt.Errorf("%s: %w", d.Table.Name, err)
	}
	return b, nil
}

// parquetKind is the Parquet column kind of a schema type, the one pqarrow
// gives its Arrow type.
func parquetKind(t schema.Type) parquet.Kind {
	switch t {
	case schema.Integer:
		return parquet.Int64
	case schema.Number:
		return parquet.Double
	case schema.Boolean:
		return parquet.Boolean
	case schema.Date:
		return parquet.Date
	}
	return parquet.String
}

// column is field i of every row as a typed column: the present values, and
// for an optional field which rows are null.
func column(d schema.Data, i int) (parquet.Column, error) {
	f := d.Table.Fields[i]
	c := parquet.Column{Name: f.Name, Kind: parquetKind(f.Type), Required: f.Required}
	if !f.Required {
		c.Null = make([]bool, len(d.Rows))
	}
	present := make([]string, 0, len(d.Rows))
	rowOf := make([]int, 0, len(d.Rows))
	for r, row := range d.Rows {
		if row[i] == "" {
			if f.Required {
				return c, fmt.Errorf("row %d: empty required value", r+1)
			}
			c.Null[r] = true
			continue
		}
		present = append(present, row[i])
		rowOf = append(rowOf, r)
	}
	bad := func(k int, err error) error { return fmt.Errorf("row %d: %w", rowOf[k]+1, err) }
	var err error
	switch c.Kind {
	case parquet.Int64:
		vs := make([]int64, len(present))
		for r, v := range present {
			if vs[r], err = strconv.ParseInt(v, 10, 64); err != nil {
				return c, bad(r, err)
			}
		}
		c.Values = vs
	case parquet.Double:
		vs := make([]float64, len(present))
		for r, v := range present {
			if vs[r], err = strconv.ParseFloat(v, 64); err != nil {
				return c, bad(r, err)
			}
		}
		c.Values = vs
	case parquet.Boolean:
		vs := make([]bool, len(present))
		for r, v := range present {
			vs[r] = v == "true"
		}
		c.Values = vs
	case parquet.Date:
		vs := make([]int32, len(present))
		for r, v := range present {
			if vs[r], err = date32(v); err != nil {
				return c, bad(r, err)
			}
		}
		c.Values = vs
	default:
		c.Values = present
	}
	return c, nil
}

// DecodeParquet reads a Parquet file written by EncodeParquet (or a flat,
// PLAIN-encoded file of any writer that stores the Arrow schema, as pqarrow
// does): its Arrow schema comes from the ARROW:schema key, and each column
// must have the Parquet type that schema implies.
func DecodeParquet(b []byte) (Decoded, error) {
	f, err := parquet.Read(b)
	if err != nil {
		return Decoded{}, err
	}
	fs, err := storedSchema(f.Meta)
	if err != nil {
		return Decoded{}, err
	}
	if len(f.Columns) != len(fs) {
		return Decoded{}, fmt.Errorf("parquet: %d columns, Arrow schema has %d fields", len(f.Columns), len(fs))
	}
	rows := make([][]string, f.Rows)
	for r := range rows {
		rows[r] = make([]string, len(f.Columns))
	}
	for i, fd := range fs {
		c := f.Columns[i]
		if c.Name != fd.Name || arrowTypeOf(c.Kind) != fd.Type {
			return Decoded{}, fmt.Errorf("parquet: column %d (%s %s) does not hold Arrow field %s %s", i+1, c.Name, c.Kind, fd.Name, fd.Type)
		}
		var str []string
		switch vs := c.Values.(type) {
		case []int64:
			for _, v := range vs {
				str = append(str, strconv.FormatInt(v, 10))
			}
		case []float64:
			for _, v := range vs {
				str = append(str, strconv.FormatFloat(v, 'g', -1, 64))
			}
		case []bool:
			for _, v := range vs {
				str = append(str, strconv.FormatBool(v))
			}
		case []int32:
			for _, v := range vs {
				str = append(str, dateString(v))
			}
		case []string:
			str = vs
		}
		k := 0
		for r := range rows {
			if c.Null != nil && c.Null[r] {
				continue
			}
			rows[r][i] = str[k]
			k++
		}
	}
	return Decoded{Fields: fs, Rows: rows}, nil
}

// arrowTypeOf is the Arrow type EncodeParquet stores for a column kind.
func arrowTypeOf(k parquet.Kind) string {
	switch k {
	case parquet.Int64:
		return "int64"
	case parquet.Double:
		return "float64"
	case parquet.Boolean:
		return "bool"
	case parquet.Date:
		return "date32"
	}
	return "utf8"
}

// storedSchema decodes the ARROW:schema key.
func storedSchema(kv []parquet.KeyValue) ([]Field, error) {
	var v *string
	for i := range kv {
		if kv[i].Key == "ARROW:schema" {
			v = &kv[i].Value
		}
	}
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
	fs, err := schemaFromStream(raw)
	if err != nil {
		return nil, fmt.Errorf("parquet: ARROW:schema: %w", err)
	}
	return fs, nil
}

package parquet

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	apq "github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/schema"
)

// table has every kind, required and optional, with nulls at the ends, in
// runs and alone.
func table() (int, []Column) {
	return 5, []Column{
		{Name: "s", Kind: String, Required: true, Values: []string{"Émirats", "", "✓, \"q\"", "x", "y"}},
		{Name: "n", Kind: Int64, Null: []bool{true, false, false, true, true}, Values: []int64{-1, 1 << 62}},
		{Name: "x", Kind: Double, Null: []bool{false, true, false, false, false}, Values: []float64{0.8333333333333334, -1.5e-07, 0, 1e300}},
		{Name: "b", Kind: Boolean, Null: []bool{false, false, false, false, true}, Values: []bool{true, false, true, true}},
		{Name: "d", Kind: Date, Values: []int32{18645, -10227, 0, 1, 19741}},
		{Name: "e", Kind: String, Null: []bool{true, true, true, true, true}, Values: []string{}},
	}
}

var meta = []KeyValue{{"name", "t"}, {"ARROW:schema", "c2NoZW1h"}}

func TestRoundTrip(t *testing.T) {
	rows, cols := table()
	b, err := Write(rows, cols, meta, "test")
	if err != nil {
		t.Fatal(err)
	}
	again, err := Write(rows, cols, meta, "test")
	if err != nil || !bytes.Equal(b, again) {
		t.Fatalf("two writes differ (%v)", err)
	}
	f, err := Read(b)
	if err != nil {
		t.Fatal(err)
	}
	if f.Rows != rows || !reflect.DeepEqual(f.Meta, meta) {
		t.Errorf("rows %d meta %v", f.Rows, f.Meta)
	}
	for i, c := range cols {
		want := c
		if !c.Required && want.Null == nil {
			want.Null = make([]bool, rows)
		}
		if !reflect.DeepEqual(f.Columns[i], want) {
			t.Errorf("column %s = %+v, want %+v", c.Name, f.Columns[i], want)
		}
	}
}

func TestEmptyTable(t *testing.T) {
	b, err := Write(0, []Column{{Name: "s", Kind: String, Values: []string{}, Null: []bool{}}}, nil, "test")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Read(b)
	if err != nil || f.Rows != 0 || len(f.Columns) != 1 {
		t.Fatalf("%+v %v", f, err)
	}
	r, err := file.NewParquetReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if r.NumRows() != 0 {
		t.Errorf("arrow-go reads %d rows", r.NumRows())
	}
}

func TestWriteRefuses(t *testing.T) {
	for name, c := range map[string]Column{
		"null in required": {Name: "s", Kind: String, Required: true, Null: []bool{true, false}, Values: []string{"a"}},
		"too few values":   {Name: "n", Kind: Int64, Required: true, Values: []int64{1}},
		"too many values":  {Name: "n", Kind: Int64, Null: []bool{true, false}, Values: []int64{1, 2}},
		"wrong type":       {Name: "n", Kind: Int64, Required: true, Values: []int32{1, 2}},
		"short null marks": {Name: "n", Kind: Int64, Null: []bool{false}, Values: []int64{1}},
	} {
		if _, err := Write(2, []Column{c}, nil, "test"); err == nil {
			t.Errorf("%s: written", name)
		}
	}
}

// arrow-go's reader, which shares no code with this package, reads the
// file: schema, logical types, null counts and every value.
func TestArrowGoReads(t *testing.T) {
	rows, cols := table()
	b, err := Write(rows, cols, meta, "test")
	if err != nil {
		t.Fatal(err)
	}
	r, err := file.NewParquetReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	md := r.MetaData()
	if v := md.KeyValueMetadata().FindValue("name"); v == nil || *v != "t" {
		t.Errorf("metadata name = %v", v)
	}
	logical := map[string]schema.LogicalType{
		"s": schema.StringLogicalType{}, "n": schema.NewIntLogicalType(64, true), "x": schema.NoLogicalType{},
		"b": schema.NoLogicalType{}, "d": schema.DateLogicalType{}, "e": schema.StringLogicalType{},
	}
	for i, c := range cols {
		col := md.Schema.Column(i)
		if col.Name() != c.Name || !col.LogicalType().Equals(logical[c.Name]) || (col.MaxDefinitionLevel() == 0) != c.Required {
			t.Errorf("column %d: %s %s def %d", i, col.Name(), col.LogicalType(), col.MaxDefinitionLevel())
		}
		cc, err := r.RowGroup(0).MetaData().ColumnChunk(i)
		if err != nil {
			t.Fatal(err)
		}
		st, err := cc.Statistics()
		if err != nil || st == nil {
			t.Fatalf("column %s statistics: %v", c.Name, err)
		}
		nulls := 0
		for _, n := range c.Null {
			if n {
				nulls++
			}
		}
		if st.NullCount() != int64(nulls) {
			t.Errorf("column %s: null count %d, want %d", c.Name, st.NullCount(), nulls)
		}
		cr, err := r.RowGroup(0).Column(i)
		if err != nil {
			t.Fatal(err)
		}
		got, null := readAll(t, cr, rows)
		if !reflect.DeepEqual(got, c.Values) {
			t.Errorf("column %s: arrow-go reads %v, want %v", c.Name, got, c.Values)
		}
		if c.Null != nil && !reflect.DeepEqual(null, c.Null) {
			t.Errorf("column %s: arrow-go reads nulls %v, want %v", c.Name, null, c.Null)
		}
	}
}

func readAll(t *testing.T, cr file.ColumnChunkReader, n int) (any, []bool) {
	t.Helper()
	def := make([]int16, n)
	var (
		total  int64
		values int
		err    error
		out    any
	)
	switch c := cr.(type) {
	case *file.Int64ColumnChunkReader:
		vs := make([]int64, n)
		total, values, err = c.ReadBatch(int64(n), vs, def, nil)
		out = vs[:values]
	case *file.Float64ColumnChunkReader:
		vs := make([]float64, n)
		total, values, err = c.ReadBatch(int64(n), vs, def, nil)
		out = vs[:values]
	case *file.BooleanColumnChunkReader:
		vs := make([]bool, n)
		total, values, err = c.ReadBatch(int64(n), vs, def, nil)
		out = vs[:values]
	case *file.Int32ColumnChunkReader:
		vs := make([]int32, n)
		total, values, err = c.ReadBatch(int64(n), vs, def, nil)
		out = vs[:values]
	case *file.ByteArrayColumnChunkReader:
		vs := make([]apq.ByteArray, n)
		total, values, err = c.ReadBatch(int64(n), vs, def, nil)
		s := []string{}
		for _, v := range vs[:values] {
			s = append(s, string(v))
		}
		out = s
	default:
		t.Fatalf("reader %T", cr)
	}
	if err != nil || total != int64(n) {
		t.Fatalf("%d of %d rows: %v", total, n, err)
	}
	null := make([]bool, n)
	for r := range def {
		null[r] = def[r] == 0
	}
	return out, null
}

// A file of arrow-go's default writer, dictionary encoded, is refused with
// a reason, not misread.
func TestReadRefusesDictionary(t *testing.T) {
	node, _ := schema.NewPrimitiveNodeLogical("s", apq.Repetitions.Required, schema.StringLogicalType{}, apq.Types.ByteArray, -1, -1)
	root, _ := schema.NewGroupNode("schema", apq.Repetitions.Required, schema.FieldList{node}, -1)
	var buf bytes.Buffer
	w := file.NewParquetWriter(&buf, root, file.WithWriterProps(apq.NewWriterProperties(apq.WithCompression(compress.Codecs.Zstd))))
	rg := w.AppendRowGroup()
	cw, _ := rg.NextColumn()
	if _, err := cw.(*file.ByteArrayColumnChunkWriter).WriteBatch([]apq.ByteArray{apq.ByteArray("a"), apq.ByteArray("a")}, nil, nil); err != nil {
		t.Fatal(err)
	}
	cw.Close()
	rg.Close()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(buf.Bytes()); err == nil || !strings.Contains(err.Error(), "dictionary") {
		t.Errorf("err = %v, want a dictionary page refused", err)
	}
}

// Damaged files are refused, each with an error: never a panic.
func TestReadRefusesDamage(t *testing.T) {
	rows, cols := table()
	b, err := Write(rows, cols, meta, "test")
	if err != nil {
		t.Fatal(err)
	}
	for k := range len(b) {
		for _, delta := range []byte{1, 0x80} {
			c := bytes.Clone(b)
			c[k] ^= delta
			if _, err := Read(c); err != nil && !strings.HasPrefix(err.Error(), "parquet: ") {
				t.Fatalf("byte %d: error %q without the prefix", k, err)
			}
		}
	}
	for _, n := range []int{0, 4, 11, len(b) / 2, len(b) - 1} {
		if _, err := Read(b[:n]); err == nil {
			t.Errorf("the first %d bytes read", n)
		}
	}
	// A footer claiming more rows than the pages hold.
	c := bytes.Clone(b)
	i := bytes.LastIndex(c, []byte{0x16, 0x0a}) // field 3 (i64) = 5 rows, zigzag 10
	if i < 0 {
		t.Fatal("num_rows not found")
	}
	c[i+1] = 0x0c
	if _, err := Read(c); err == nil {
		t.Error("a footer claiming 6 rows read")
	}
}

func FuzzRead(f *testing.F) {
	rows, cols := table()
	b, err := Write(rows, cols, meta, "test")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte("PAR1\x00\x00\x00\x00PAR1"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := Read(b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "parquet: ") {
				t.Fatal(err)
			}
			return
		}
		// What was read is a consistent table: it writes again.
		if _, err := Write(got.Rows, got.Columns, got.Meta, "fuzz"); err != nil {
			t.Fatalf("read a table that cannot be written: %v", err)
		}
	})
}

// A few bytes of run-length encoded nulls can claim many rows, in as many
// columns as the footer names: the reader refuses more cells than the
// file's size allows, though each column's rows fit it.
func TestReadBoundsCells(t *testing.T) {
	rows := 100_000
	null := make([]bool, rows)
	for i := range null {
		null[i] = true
	}
	var cols []Column
	for i := range 200 {
		cols = append(cols, Column{Name: fmt.Sprintf("c%d", i), Kind: String, Null: null, Values: []string{}})
	}
	b, err := Write(rows, cols, nil, "test")
	if err != nil {
		t.Fatal(err)
	}
	if int64(rows) > 8*int64(len(b)) || int64(rows*len(cols)) <= MaxCells(len(b)) {
		t.Fatalf("%d rows of %d columns in %d bytes: not the case the bound alone refuses", rows, len(cols), len(b))
	}
	if _, err := Read(b); err == nil || !strings.Contains(err.Error(), "rows") {
		t.Errorf("err = %v, want the rows refused", err)
	}
}

func TestReadBoundsInflated(t *testing.T) {
	rows, cols := table()
	b, err := Write(rows, cols, meta, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer func(m int64) { maxInflated = m }(maxInflated)
	maxInflated = 64
	if _, err := Read(b); err == nil || !strings.Contains(err.Error(), "uncompressed") {
		t.Errorf("err = %v, want the pages refused", err)
	}
}

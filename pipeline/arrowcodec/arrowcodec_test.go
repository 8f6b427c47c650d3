package arrowcodec

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/pipeline/parquet"
)

var testTable = &schema.Table{
	Name: "t", Title: "T", Description: "every type",
	Fields: []schema.Field{
		{Name: "s", Type: schema.String, Required: true, Description: "a string"},
		{Name: "n", Type: schema.Integer, Description: "an integer"},
		{Name: "b", Type: schema.Boolean, Description: "a boolean"},
		{Name: "d", Type: schema.Date, Description: "a date"},
		{Name: "x", Type: schema.Number, Description: "a number"},
		{Name: "o", Type: schema.String, Description: "an optional string"},
	},
}

var testData = schema.Data{Table: testTable, Rows: [][]string{
	{"Émirats Arabes Unis", "79", "true", "2021-01-18", "0.8333333333333334", ""},
	{"✓, \"quoted\"", "", "", "", "", "o"},
	{"x", "-1", "false", "1942-01-01", "-1.5e-07", ""},
}}

func TestRoundTrip(t *testing.T) {
	for name, codec := range map[string]struct {
		enc func(schema.Data) ([]byte, error)
		dec func([]byte) (Decoded, error)
	}{
		"arrow":   {EncodeArrow, DecodeArrow},
		"parquet": {EncodeParquet, DecodeParquet},
	} {
		t.Run(name, func(t *testing.T) {
			b1, err := codec.enc(testData)
			if err != nil {
				t.Fatal(err)
			}
			b2, err := codec.enc(testData)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b1, b2) {
				t.Error("two encodings of the same data differ")
			}
			got, err := codec.dec(b1)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Rows, testData.Rows) {
				t.Errorf("rows = %q, want %q", got.Rows, testData.Rows)
			}
			want := []string{"utf8", "int64", "bool", "date32", "float64", "utf8"}
			for i, f := range got.Fields {
				if f.Type != want[i] || f.Description != testTable.Fields[i].Description || f.Nullable == testTable.Fields[i].Required {
					t.Errorf("field %+v, want type %s", f, want[i])
				}
			}
		})
	}
}

// arrowGo encodes the data with arrow-go's builders and IPC writer, as the
// datasets were encoded before the codec wrote the format itself.
func arrowGo(t *testing.T, d schema.Data) []byte {
	t.Helper()
	fields := make([]arrow.Field, len(d.Table.Fields))
	for i, f := range d.Table.Fields {
		var typ arrow.DataType = arrow.BinaryTypes.String
		switch f.Type {
		case schema.Integer:
			typ = arrow.PrimitiveTypes.Int64
		case schema.Number:
			typ = arrow.PrimitiveTypes.Float64
		case schema.Boolean:
			typ = arrow.FixedWidthTypes.Boolean
		case schema.Date:
			typ = arrow.FixedWidthTypes.Date32
		}
		fields[i] = arrow.Field{Name: f.Name, Type: typ, Nullable: !f.Required,
			Metadata: arrow.NewMetadata([]string{"description"}, []string{f.Description})}
	}
	md := arrow.NewMetadata([]string{"name", "title", "description"}, []string{d.Table.Name, d.Table.Title, d.Table.Description})
	sc := arrow.NewSchema(fields, &md)
	b := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer b.Release()
	for _, row := range d.Rows {
		for i, f := range d.Table.Fields {
			v, fb := row[i], b.Field(i)
			if v == "" {
				fb.AppendNull()
				continue
			}
			switch f.Type {
			case schema.Integer, schema.Number, schema.Boolean:
				if err := fb.AppendValueFromString(v); err != nil {
					t.Fatal(err)
				}
			case schema.Date:
				tm, err := time.Parse(time.DateOnly, v)
				if err != nil {
					t.Fatal(err)
				}
				fb.(*array.Date32Builder).Append(arrow.Date32FromTime(tm))
			default:
				fb.(*array.StringBuilder).Append(v)
			}
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	var buf bytes.Buffer
	w, err := ipc.NewFileWriter(&buf, ipc.WithSchema(sc), ipc.WithAllocator(memory.DefaultAllocator))
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// synthetic is a table of n rows of every type whose optional cells are
// null by pattern: none, every k-th, or all.
func synthetic(n int, pattern string) schema.Data {
	d := schema.Data{Table: testTable}
	for r := range n {
		null := map[string]bool{"none": false, "all": true, "some": r%3 == 1 || r%7 == 0}[pattern]
		cell := func(v string) string {
			if null {
				return ""
			}
			return v
		}
		d.Rows = append(d.Rows, []string{
			"é" + strings.Repeat("x", r%5), cell(fmt.Sprint(r * 7919)), cell(fmt.Sprint(r%2 == 0)),
			cell(time.Date(1900+r%200, 1, 1+r%28, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)),
			cell(fmt.Sprint(float64(r) / 3)), cell(strings.Repeat("x", r%3)),
		})
	}
	return d
}

// The Arrow files are arrow-go's bytes, for tables of every size around
// its builders' capacities and every pattern of nulls; so arrow-go's reader
// reads them, and the decoder reads what arrow-go writes.
func TestArrowBytesAsArrowGo(t *testing.T) {
	for _, n := range []int{0, 1, 2, 3, 4, 5, 8, 31, 32, 33, 54, 64, 65, 200, 511, 512, 513, 600, 1100, 5000} {
		for _, pattern := range []string{"none", "some", "all"} {
			d := synthetic(n, pattern)
			want := arrowGo(t, d)
			got, err := EncodeArrow(d)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%d rows, nulls %s: %d bytes, arrow-go %d", n, pattern, len(got), len(want))
			}
			dec, err := DecodeArrow(want)
			if err != nil {
				t.Fatal(err)
			}
			if len(dec.Rows) != n || (n > 0 && !reflect.DeepEqual(dec.Rows, d.Rows)) {
				t.Errorf("%d rows, nulls %s: decoded rows differ", n, pattern)
			}
		}
	}
}

// TestPublished encodes every derived table's published CSV and compares
// the result with the published Arrow and Parquet files; both decode to the
// CSV's rows, and the Parquet file's stored Arrow schema is the one
// arrow-go's reader reads.
func TestPublished(t *testing.T) {
	for _, tb := range schema.Derived {
		t.Run(tb.Name, func(t *testing.T) {
			dir := filepath.Join("..", "..", "datasets")
			f, err := os.Open(filepath.Join(dir, tb.CSV()))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			d, err := schema.ReadCSV(f, tb.CSV(), tb)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				ext string
				enc func(schema.Data) ([]byte, error)
				dec func([]byte) (Decoded, error)
			}{{".arrow", EncodeArrow, DecodeArrow}, {".parquet", EncodeParquet, DecodeParquet}} {
				want, err := os.ReadFile(filepath.Join(dir, tb.Path+c.ext))
				if err != nil {
					t.Fatal(err)
				}
				got, err := c.enc(d)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s%s: %d bytes, published %d bytes differ", tb.Path, c.ext, len(got), len(want))
				}
				dec, err := c.dec(want)
				if err != nil {
					t.Fatal(err)
				}
				if len(d.Rows)+len(dec.Rows) > 0 && !reflect.DeepEqual(dec.Rows, d.Rows) {
					t.Errorf("%s%s: decoded rows differ from the CSV", tb.Path, c.ext)
				}
			}
			b, err := EncodeParquet(d)
			if err != nil {
				t.Fatal(err)
			}
			pf, err := parquet.Read(b)
			if err != nil {
				t.Fatal(err)
			}
			var stored string
			for _, kv := range pf.Meta {
				if kv.Key == "ARROW:schema" {
					stored = kv.Value
				}
			}
			raw, err := base64.StdEncoding.DecodeString(stored)
			if err != nil {
				t.Fatal(err)
			}
			r, err := ipc.NewReader(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			defer r.Release()
			sc := r.Schema()
			if v, _ := sc.Metadata().GetValue("title"); v != tb.Title || sc.NumFields() != len(tb.Fields) {
				t.Fatalf("stored schema %s", sc)
			}
			for i, f := range sc.Fields() {
				if f.Name != tb.Fields[i].Name || f.Type.String() != ArrowType(tb.Fields[i].Type) || f.Nullable == tb.Fields[i].Required {
					t.Errorf("stored field %s", f)
				}
				if v, _ := f.Metadata.GetValue("description"); v != tb.Fields[i].Description {
					t.Errorf("stored field %s description %q", f.Name, v)
				}
			}
		})
	}
}

// Damaged Arrow files are refused with an error, never a panic.
func TestDecodeArrowRefusesDamage(t *testing.T) {
	b, err := EncodeArrow(testData)
	if err != nil {
		t.Fatal(err)
	}
	for k := range len(b) {
		for _, delta := range []byte{1, 0x80, 0xff} {
			c := bytes.Clone(b)
			c[k] ^= delta
			if _, err := DecodeArrow(c); err != nil && !strings.HasPrefix(err.Error(), "arrow: ") {
				t.Fatalf("byte %d: error %q without the prefix", k, err)
			}
		}
	}
	for _, n := range []int{0, 6, 17, len(b) / 2, len(b) - 1} {
		if _, err := DecodeArrow(b[:n]); err == nil {
			t.Errorf("the first %d bytes read", n)
		}
	}
}

func FuzzDecodeArrow(f *testing.F) {
	b, err := EncodeArrow(testData)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := DecodeArrow(b); err != nil && !strings.HasPrefix(err.Error(), "arrow: ") {
			t.Fatal(err)
		}
	})
}

// A record batch claiming more rows than its buffers hold is refused
// before rows are allocated.
func TestDecodeArrowBoundsRows(t *testing.T) {
	b, err := EncodeArrow(testData)
	if err != nil {
		t.Fatal(err)
	}
	n := int(int32(binary.LittleEndian.Uint32(b[len(b)-10:])))
	r := &fb{b: b[len(b)-10-n : len(b)-10]}
	v, _ := r.vector(r.root(), 3, 24)
	at := int(r.i64(v))
	m, rec, _, err := readMessage(b, at)
	if err != nil {
		t.Fatal(err)
	}
	p := m.slot(rec, 0)
	if p == 0 || m.int(rec, 0, 8, 0) != int64(len(testData.Rows)) {
		t.Fatal("record batch length not found")
	}
	for _, rows := range []uint64{4, 1 << 20, 1 << 40} {
		c := bytes.Clone(b)
		binary.LittleEndian.PutUint64(c[at+8+p:], rows)
		if _, err := DecodeArrow(c); err == nil || !strings.Contains(err.Error(), "rows") {
			t.Errorf("%d rows: err = %v, want the rows refused", rows, err)
		}
	}
}

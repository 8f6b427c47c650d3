package arrowcodec

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/cybernorms/cybernorms/datasets/schema"
)

var testTable = &schema.Table{
	Name: "t", Title: "T", Description: "every type",
	Fields: []schema.Field{
		{Name: "s", Type: schema.String, Required: true, Description: "a string"},
		{Name: "n", Type: schema.Integer, Description: "an integer"},
		{Name: "b", Type: schema.Boolean, Description: "a boolean"},
		{Name: "d", Type: schema.Date, Description: "a date"},
		{Name: "x", Type: schema.Number, Description: "a number"},
	},
}

var testData = schema.Data{Table: testTable, Rows: [][]string{
	{"Émirats Arabes Unis", "79", "true", "2021-01-18", "0.8333333333333334"},
	{"✓, \"quoted\"", "", "", "", ""},
	{"x", "-1", "false", "1942-01-01", "-1.5e-07"},
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
			want := []arrow.DataType{arrow.BinaryTypes.String, arrow.PrimitiveTypes.Int64, arrow.FixedWidthTypes.Boolean, arrow.FixedWidthTypes.Date32, arrow.PrimitiveTypes.Float64}
			for i, f := range got.Schema.Fields() {
				if !arrow.TypeEqual(f.Type, want[i]) {
					t.Errorf("field %s type %s, want %s", f.Name, f.Type, want[i])
				}
				if d, ok := f.Metadata.GetValue("description"); !ok || d != testTable.Fields[i].Description {
					t.Errorf("field %s description %q", f.Name, d)
				}
				if f.Nullable == testTable.Fields[i].Required {
					t.Errorf("field %s nullable = %v", f.Name, f.Nullable)
				}
			}
		})
	}
}

// TestParquetBytesAsPublished encodes every derived table's published CSV and
// compares the result with the published Parquet file, which pqarrow wrote:
// the column writers must give the same bytes, and the decoder must read them.
func TestParquetBytesAsPublished(t *testing.T) {
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
			want, err := os.ReadFile(filepath.Join(dir, tb.Path+".parquet"))
			if err != nil {
				t.Fatal(err)
			}
			got, err := EncodeParquet(d)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s.parquet: %d bytes, published %d bytes differ", tb.Path, len(got), len(want))
			}
			dec, err := DecodeParquet(want)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Rows) == 0 && len(dec.Rows) == 0 {
				return
			}
			if !reflect.DeepEqual(dec.Rows, d.Rows) {
				t.Errorf("decoded rows differ from the CSV")
			}
		})
	}
}

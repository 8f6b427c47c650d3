package schema

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// FuzzReadCSV reads arbitrary bytes as each curated table: a located error
// or rows that pass the table's checks and write back to themselves.
func FuzzReadCSV(f *testing.F) {
	tables := []*Table{CuratedClaims, CuratedCoverage, CuratedPrinciples, CuratedTimeline, NationalityCrosswalk}
	for i, t := range tables {
		if b, err := os.ReadFile(filepath.Join("..", t.Path+".csv")); err == nil {
			f.Add(uint8(i), b)
		}
	}
	f.Add(uint8(1), []byte("framework_id,principle_id,mark,source\nenisa,2,✓\n"))
	f.Fuzz(func(t *testing.T, which uint8, b []byte) {
		tab := tables[int(which)%len(tables)]
		d, err := ReadCSV(bytes.NewReader(b), "curated.csv", tab)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "curated.csv") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if err := d.Check("curated.csv"); err != nil {
			t.Fatalf("read rows fail the table's own check: %v", err)
		}
		out, err := d.EncodeCSV()
		if err != nil {
			t.Fatal(err)
		}
		again, err := ReadCSV(bytes.NewReader(out), "again.csv", tab)
		if err != nil || !reflect.DeepEqual(again.Rows, d.Rows) && !(len(again.Rows) == 0 && len(d.Rows) == 0) {
			t.Fatalf("rows do not write back: %v", err)
		}
	})
}

package schema

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// records reads every record of b, the line each starts on, and the line
// and error of the record that does not read, with encoding/csv (the
// reference) or with the scanner.
type records struct {
	rows    [][]string
	lines   []int
	errLine int
	err     error
}

func referenceRecords(b []byte) records {
	var out records
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				panic(err)
			}
			out.errLine, out.err = pe.Line, pe.Err
			return out
		}
		line, _ := cr.FieldPos(0)
		out.rows, out.lines = append(out.rows, rec), append(out.lines, line)
	}
}

func scannedRecords(b []byte) records {
	var out records
	c := newCSVScanner(b)
	hint := 0 // as ParseCSV does, the header's length for the records
	for {
		rec, line, err := c.next(hint)
		hint = len(rec)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			re := err.(*recordError)
			out.errLine, out.err = re.Line, re.Err
			return out
		}
		out.rows, out.lines = append(out.rows, rec), append(out.lines, line)
	}
}

func sameRecords(t *testing.T, b []byte) {
	t.Helper()
	got, want := scannedRecords(b), referenceRecords(b)
	if len(got.rows) != len(want.rows) || got.errLine != want.errLine || got.err != want.err {
		t.Fatalf("%q: %d records, error %v on line %d; encoding/csv: %d records, error %v on line %d",
			b, len(got.rows), got.err, got.errLine, len(want.rows), want.err, want.errLine)
	}
	for i := range got.rows {
		if strings.Join(got.rows[i], "\x00") != strings.Join(want.rows[i], "\x00") || len(got.rows[i]) != len(want.rows[i]) || got.lines[i] != want.lines[i] {
			t.Fatalf("%q: record %d is %q on line %d; encoding/csv: %q on line %d", b, i, got.rows[i], got.lines[i], want.rows[i], want.lines[i])
		}
	}
}

// csvCases are the corners of encoding/csv's rules.
var csvCases = []string{
	"", "\n", "\r\n", "\r", "a", "a\n", "a\r\n", "a\r", "a\rb\n", "a\r\r\n", "\n\na,b\n\n\nc\n", "a,b,c\nd,e,f\n",
	",", ",\n", "a,\n", ",a", ",,\r\n", `"a"`, `"a"` + "\n", `"a",`, `"a",` + "\n", `"a","b"`, `"a""b"`, `""`, `""""`, `"""`,
	`"a` + "\n" + `b"`, `"a` + "\r\n" + `b"`, `"a` + "\r\n\r\n" + `b",c` + "\r\n", `"a` + "\n\n" + `b"` + "\nc", `"a` + "\r" + `b"`,
	`"a`, `"a` + "\n", `"a` + "\r", `"a` + "\n\r", `"a` + "\n\n", `"a"b`, `"a" ,b`, `a"b`, `a,"b`, "a,b\"\n", `"a""` + "\n" + `"`,
	"x\n\"a\nb\nc\n", "x\n\"a\nb\"\"c\"d\n", "é,\xff\"\n", `"é""",ü`, "a,b\n\"c\n\n\nd\"\ne\n", "\"\"\"\n\"\n",
}

func TestScannerIsEncodingCSV(t *testing.T) {
	for _, c := range csvCases {
		sameRecords(t, []byte(c))
	}
}

// FuzzCSVScanner reads arbitrary bytes with the scanner and with
// encoding/csv: the same records on the same lines, or the same error on
// the same line.
func FuzzCSVScanner(f *testing.F) {
	for _, c := range csvCases {
		f.Add([]byte(c))
	}
	for _, t := range []*Table{CuratedClaims, CuratedCoverage, CuratedTimeline, NationalityCrosswalk, CategoryCrosswalk} {
		if b, err := os.ReadFile(filepath.Join("..", t.Path+".csv")); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		sameRecords(t, b)
	})
}

// BenchmarkScan reads the records of the largest derived tables with
// encoding/csv and with the scanner, for benchstat -col /reader.
func BenchmarkScan(b *testing.B) {
	for _, name := range []string{"supporters", "adherence_events"} {
		data, err := os.ReadFile(filepath.Join("..", name+".csv"))
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range []struct {
			name string
			read func([]byte) records
		}{{"encoding-csv", referenceRecords}, {"own", scannedRecords}} {
			b.Run("table="+name+"/reader="+r.name, func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					if out := r.read(data); out.err != nil {
						b.Fatal(out.err)
					}
				}
			})
		}
	}
}

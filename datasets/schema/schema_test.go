package schema

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

var pair = &Table{Name: "pair", Fields: []Field{{Name: "a", Type: String}, {Name: "b", Type: Integer}}}

// reversed is pair with its fields in the other order.
var reversed = &Table{Name: "pair", Fields: []Field{pair.Fields[1], pair.Fields[0]}}

// A row given by name lands in the columns of its fields, whatever their order.
func TestAppendByName(t *testing.T) {
	for _, tt := range []struct {
		table *Table
		want  []string
	}{
		{pair, []string{"x", "1"}},
		{reversed, []string{"1", "x"}},
	} {
		d := Data{Table: tt.table}
		if err := d.Append(Values{"a": "x", "b": "1"}); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(d.Rows, [][]string{tt.want}) {
			t.Errorf("%v: rows %q, want %q", tt.table.Header(), d.Rows, [][]string{tt.want})
		}
		if got := tt.table.Get(d.Rows[0], "b"); got != "1" {
			t.Errorf("%v: Get(b) = %q, want 1", tt.table.Header(), got)
		}
	}
}

// A row that leaves a field out or names one the table does not have is
// refused, naming the table and the field.
func TestAppendRefusesIncompleteOrForeignRows(t *testing.T) {
	for _, tt := range []struct {
		v    Values
		want string
	}{
		{Values{"a": "x"}, "pair: field b: no value given"},
		{Values{"a": "x", "b": "1", "c": "2"}, "pair: field c: not a field of the table"},
	} {
		d := Data{Table: pair}
		err := d.Append(tt.v)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Append(%v) = %v, want %q", tt.v, err, tt.want)
		}
		if len(d.Rows) != 0 {
			t.Errorf("Append(%v) added a row despite the error", tt.v)
		}
	}
}

func TestPickByName(t *testing.T) {
	got := reversed.Pick("a", "b")
	if got[0].Name != "a" || got[1].Name != "b" || got[1].Type != Integer {
		t.Errorf("Pick(a, b) = %+v", got)
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), `table pair has no field "c"`) {
			t.Errorf("Field(c) recovered %v, want a panic naming table and field", r)
		}
	}()
	pair.Field("c")
}

// The curated tables take their shared fields from the published ones by
// name: the same description, whatever the position.
func TestCuratedFieldsAreThePublishedOnes(t *testing.T) {
	for _, c := range []struct{ curated, published *Table }{
		{CuratedCoverage, Coverage}, {CuratedTimeline, DoctrineTimeline}, {CuratedClaims, Claims},
	} {
		for _, f := range c.curated.Fields {
			if c.published.Index(f.Name) < 0 || f.Name == "date" {
				continue // a field of the transcription only, or typed differently
			}
			if !reflect.DeepEqual(f, c.published.Field(f.Name)) {
				t.Errorf("%s.%s differs from %s.%s", c.curated.Name, f.Name, c.published.Name, f.Name)
			}
		}
	}
	if got := strings.Join(CuratedCoverage.Header(), ","); got != "framework_id,principle_id,mark,source" {
		t.Errorf("curated coverage header %s", got)
	}
}

// A CSV whose columns are reordered or renamed is refused with one line
// naming the file and the field; the crosswalks are published as they are,
// so a file in another order would publish another file.
func TestReadCSVRefusesReorderedOrRenamedColumns(t *testing.T) {
	for _, tt := range []struct{ csv, want string }{
		{"b,a\n1,x\n", `p.csv:1: field a: header column 1 is "b", want "a" (columns reordered: write them as a,b)`},
		{"a,bee\nx,1\n", `p.csv:1: field b: header column 2 is "bee", want "b"`},
		{"a\nx\n", `p.csv:1: field b: header has 1 columns, want 2: a,b (missing)`},
		{"a,b,c\nx,1,2\n", `p.csv:1: field c: header has 3 columns, want 2: a,b (not a field of the table)`},
		{"a,b,a\nx,1,2\n", `p.csv:1: header has 3 columns, want 2: a,b`},
	} {
		_, err := ReadCSV(strings.NewReader(tt.csv), "p.csv", pair)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ReadCSV(%q) = %v, want %q", tt.csv, err, tt.want)
		}
	}
	d, err := ReadCSV(strings.NewReader("\ufeffa,b\nx,1\n"), "p.csv", pair)
	if err != nil || pair.Get(d.Rows[0], "b") != "1" {
		t.Errorf("ReadCSV in order = %v, %v", d.Rows, err)
	}
}

func TestNumberValues(t *testing.T) {
	f := Field{Name: "x", Type: Number}
	for v, ok := range map[string]bool{"0.5": true, "-1.5e-07": true, "3": true, "": true, "NaN": false, "Inf": false, "-Inf": false, "0,5": false, "x": false} {
		if err := f.CheckValue(v, nil); (err == nil) != ok {
			t.Errorf("number %q: error %v, want ok=%v", v, err, ok)
		}
	}
}

// TestIsDateIsTimeParse compares the date check with time.Parse on every
// day of four centuries, the edges of every month of every year, and
// strings near a date.
func TestIsDateIsTimeParse(t *testing.T) {
	same := func(v string) {
		t.Helper()
		_, err := time.Parse(time.DateOnly, v)
		if isDate(v) != (err == nil) {
			t.Fatalf("isDate(%q) = %v; time.Parse: %v", v, isDate(v), err)
		}
	}
	for year := 0; year <= 9999; year++ {
		for month := 0; month <= 13; month++ {
			for _, day := range []int{0, 1, 28, 29, 30, 31, 32} {
				same(fmt.Sprintf("%04d-%02d-%02d", year, month, day))
			}
		}
	}
	for d := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2300; d = d.AddDate(0, 0, 1) {
		same(d.Format(time.DateOnly))
	}
	for _, v := range []string{"", "2024-1-05", "2024-01-5", "24-01-05", "2024/01/05", "2024-01-05 ", " 2024-01-05", "+024-01-05", "-024-01-05",
		"2024-+1-05", "2024-01-+5", "2024-01-0a", "２０２４-01-05", "2024-01-05T00:00:00Z", "99999-01-01", "2024-00-10", "2024-13-01", "2024-99-99"} {
		same(v)
	}
}

// A cell that is not UTF-8 is refused on its line, whether the file is
// checked whole or cell by cell.
func TestReadCSVRefusesInvalidUTF8(t *testing.T) {
	tab := &Table{Name: "t", Fields: []Field{{Name: "a", Type: String}, {Name: "b", Type: String}}}
	_, err := ReadCSV(strings.NewReader("a,b\nx,y\nz,\"w\xff\"\n"), "t.csv", tab)
	if err == nil || err.Error() != "t.csv:3: field b: not valid UTF-8" {
		t.Fatalf("ReadCSV: %v", err)
	}
	if _, err := ReadCSV(strings.NewReader("a,b\nx,é\n"), "t.csv", tab); err != nil {
		t.Fatal(err)
	}
}

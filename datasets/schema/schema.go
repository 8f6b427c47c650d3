// Package schema describes every table of the datasets once: fields, types,
// descriptions, keys and constraints, and checks data against them.
//
// CSV parsing, Arrow and Parquet encoding, datapackage.json and validate all
// derive from these descriptions, so a table cannot be documented one way and
// written another.
package schema

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Type is a Frictionless Table Schema field type.
type Type string

const (
	String   Type = "string"
	Integer  Type = "integer"
	Number   Type = "number" // a finite decimal, written as Go's shortest form (strconv 'g', -1)
	Boolean  Type = "boolean"
	Date     Type = "date"
	DateTime Type = "datetime" // RFC 3339 with offset; used by the raw snapshot only
)

// Field describes one column.
type Field struct {
	Name        string
	Type        Type
	Description string
	Required    bool
	Unique      bool
	Enum        []string
	Pattern     string
	Minimum     *int64
	Maximum     *int64
}

// ForeignKey says that Fields refer to RefFields of another table.
type ForeignKey struct {
	Fields    []string
	Resource  string
	RefFields []string
}

// Source is a provenance entry.
type Source struct {
	Title string `json:"title"`
	Path  string `json:"path,omitempty"`
}

// Table describes one table.
type Table struct {
	Name        string
	Title       string
	Description string
	// Path is where the table lives below datasets/, without extension.
	Path        string
	Fields      []Field
	PrimaryKey  []string
	ForeignKeys []ForeignKey
	Sources     []Source
	// Derived tables are written as CSV, Arrow IPC and Parquet; the others
	// (curated inputs, the raw snapshot) are CSV files edited or fetched.
	Derived bool
}

// CSV is the path of the table's CSV file below datasets/, with slashes.
func (t *Table) CSV() string { return t.Path + ".csv" }

// Index returns the position of the named field, or -1.
func (t *Table) Index(name string) int {
	for i, f := range t.Fields {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// Field returns the description of the named field. Tables are declared in
// code, so a name a table does not have is a mistake in the code, not in the
// data: it panics, naming both.
func (t *Table) Field(name string) Field { return t.Fields[t.pos(name)] }

// Pick returns the descriptions of the named fields, in the order named.
func (t *Table) Pick(names ...string) []Field {
	out := make([]Field, len(names))
	for i, n := range names {
		out[i] = t.Field(n)
	}
	return out
}

// Get returns the cell of the named field in row, a row of t. As with Field,
// a name t does not have panics.
func (t *Table) Get(row []string, name string) string { return row[t.pos(name)] }

func (t *Table) pos(name string) int {
	i := t.Index(name)
	if i < 0 {
		panic(fmt.Sprintf("schema: table %s has no field %q", t.Name, name))
	}
	return i
}

// Header returns the field names.
func (t *Table) Header() []string {
	h := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		h[i] = f.Name
	}
	return h
}

// Data is a table's rows as canonical strings: "" is null, booleans are
// "true"/"false", dates are YYYY-MM-DD. This is exactly the CSV content; Arrow
// and Parquet are typed encodings of the same cells.
type Data struct {
	Table *Table
	Rows  [][]string
}

// Values is one row by field name; "" is null.
type Values map[string]string

// Append adds a row given by field name. Every field of the table must be
// given and no other: a row built by name cannot shift when the table's
// fields are reordered, and a field added to the table cannot be left out.
func (d *Data) Append(v Values) error {
	row := make([]string, len(d.Table.Fields))
	for i, f := range d.Table.Fields {
		c, ok := v[f.Name]
		if !ok {
			return fmt.Errorf("%s: field %s: no value given", d.Table.Name, f.Name)
		}
		row[i] = c
	}
	if len(v) != len(row) {
		for name := range v {
			if d.Table.Index(name) < 0 {
				return fmt.Errorf("%s: field %s: not a field of the table", d.Table.Name, name)
			}
		}
	}
	d.Rows = append(d.Rows, row)
	return nil
}

// Col returns the values of one column.
func (d Data) Col(name string) []string {
	i := d.Table.Index(name)
	out := make([]string, len(d.Rows))
	for r, row := range d.Rows {
		out[r] = row[i]
	}
	return out
}

// Error locates a violation: file, line (1 is the header), field.
type Error struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (e *Error) Error() string {
	s := e.File
	if e.Line > 0 {
		s += ":" + strconv.Itoa(e.Line)
	}
	if e.Field != "" {
		s += ": field " + e.Field
	}
	return s + ": " + e.Msg
}

// ReadCSV parses and checks a CSV file against the table. name is used in
// errors. The header must list the fields in order.
func ReadCSV(r io.Reader, name string, t *Table) (Data, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return Data{}, &Error{File: name, Line: 1, Msg: "empty file, no header"}
	}
	if err != nil {
		return Data{}, csvError(name, err)
	}
	want := t.Header()
	if len(head) != len(want) {
		e := &Error{File: name, Line: 1, Msg: fmt.Sprintf("header has %d columns, want %d: %s", len(head), len(want), strings.Join(want, ","))}
		// Name the first field missing, or else the first one not expected.
		have := map[string]bool{}
		for _, h := range head {
			have[strings.TrimPrefix(h, "\ufeff")] = true
		}
		for _, w := range want {
			if !have[w] {
				e.Field, e.Msg = w, e.Msg+" (missing)"
				return Data{}, e
			}
		}
		for _, h := range head {
			if h = strings.TrimPrefix(h, "\ufeff"); t.Index(h) < 0 {
				e.Field, e.Msg = h, e.Msg+" (not a field of the table)"
				return Data{}, e
			}
		}
		return Data{}, e
	}
	for i := range want {
		if strings.TrimPrefix(head[i], "\ufeff") != want[i] {
			msg := fmt.Sprintf("header column %d is %q, want %q", i+1, head[i], want[i])
			if t.Index(strings.TrimPrefix(head[i], "\ufeff")) >= 0 {
				// The descriptor publishes the columns in this order, and the
				// crosswalks are published as they are: the file must follow it.
				msg += " (columns reordered: write them as " + strings.Join(want, ",") + ")"
			}
			return Data{}, &Error{File: name, Line: 1, Field: want[i], Msg: msg}
		}
	}
	d := Data{Table: t}
	var lines []int
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Data{}, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(want) {
			return Data{}, &Error{File: name, Line: line, Msg: fmt.Sprintf("row has %d columns, want %d (%s)", len(rec), len(want), strings.Join(want, ","))}
		}
		d.Rows = append(d.Rows, rec)
		lines = append(lines, line)
	}
	if err := d.check(name, lines); err != nil {
		return Data{}, err
	}
	return d, nil
}

// Check validates every cell and the keys. Lines are taken to be one per row
// after the header, as in files this package writes.
func (d Data) Check(name string) error { return d.check(name, nil) }

func (d Data) check(name string, lines []int) error {
	t := d.Table
	lineOf := func(r int) int {
		if lines != nil {
			return lines[r]
		}
		return r + 2
	}
	patterns := make([]*regexp.Regexp, len(t.Fields))
	for i, f := range t.Fields {
		if f.Pattern != "" {
			patterns[i] = compiled(f.Pattern)
		}
	}
	uniq := make([]map[string]int, len(t.Fields))
	for i, f := range t.Fields {
		if f.Unique {
			uniq[i] = make(map[string]int, len(d.Rows))
		}
	}
	pk := make([]int, len(t.PrimaryKey))
	for i, k := range t.PrimaryKey {
		pk[i] = t.Index(k)
	}
	keys := make(map[string]int, len(d.Rows))
	var parts []string
	for r, row := range d.Rows {
		if len(row) != len(t.Fields) {
			return &Error{File: name, Line: lineOf(r), Msg: fmt.Sprintf("row has %d columns, want %d", len(row), len(t.Fields))}
		}
		for i, f := range t.Fields {
			if err := f.CheckValue(row[i], patterns[i]); err != nil {
				return &Error{File: name, Line: lineOf(r), Field: f.Name, Msg: err.Error()}
			}
			if uniq[i] != nil && row[i] != "" {
				if first, dup := uniq[i][row[i]]; dup {
					return &Error{File: name, Line: lineOf(r), Field: f.Name, Msg: fmt.Sprintf("duplicate value %q (first on line %d)", row[i], first)}
				}
				uniq[i][row[i]] = lineOf(r)
			}
		}
		if len(pk) > 0 {
			parts = parts[:0]
			for _, c := range pk {
				parts = append(parts, row[c])
			}
			k := parts[0]
			if len(parts) > 1 {
				k = strings.Join(parts, "\x00")
			}
			if first, dup := keys[k]; dup {
				return &Error{File: name, Line: lineOf(r), Field: strings.Join(t.PrimaryKey, "+"), Msg: fmt.Sprintf("duplicate key %s (first on line %d)", strings.Join(parts, ", "), first)}
			}
			keys[k] = lineOf(r)
		}
	}
	return nil
}

// CheckValue validates one cell.
func (f Field) CheckValue(v string, pattern *regexp.Regexp) error {
	if v == "" {
		if f.Required {
			return errors.New("required value is empty")
		}
		return nil
	}
	if !utf8.ValidString(v) {
		return errors.New("not valid UTF-8")
	}
	switch f.Type {
	case Integer:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("%q is not an integer", v)
		}
		if f.Minimum != nil && n < *f.Minimum {
			return fmt.Errorf("%d is below the minimum %d", n, *f.Minimum)
		}
		if f.Maximum != nil && n > *f.Maximum {
			return fmt.Errorf("%d is above the maximum %d", n, *f.Maximum)
		}
	case Number:
		if x, err := strconv.ParseFloat(v, 64); err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
			return fmt.Errorf("%q is not a finite number", v)
		}
	case Boolean:
		if v != "true" && v != "false" {
			return fmt.Errorf("%q is not true or false", v)
		}
	case Date:
		if !isDate(v) {
			return fmt.Errorf("%q is not a date (YYYY-MM-DD)", v)
		}
	case DateTime:
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			return fmt.Errorf("%q is not an RFC 3339 date-time", v)
		}
	}
	if len(f.Enum) > 0 {
		ok := false
		for _, e := range f.Enum {
			if v == e {
				ok = true
				break
			}
		}
		if !ok {
			return fmt.Errorf("%q is not one of %s", v, strings.Join(f.Enum, ", "))
		}
	}
	if pattern == nil && f.Pattern != "" {
		pattern = compiled(f.Pattern)
	}
	if pattern != nil && !pattern.MatchString(v) {
		return fmt.Errorf("%q does not match %s", v, f.Pattern)
	}
	return nil
}

// patterns holds each field pattern compiled, anchored, once per process
// rather than once per check: the tables are checked on every read.
var patterns sync.Map // string -> *regexp.Regexp

func compiled(pattern string) *regexp.Regexp {
	if re, ok := patterns.Load(pattern); ok {
		return re.(*regexp.Regexp)
	}
	re, _ := patterns.LoadOrStore(pattern, regexp.MustCompile("^(?:"+pattern+")$"))
	return re.(*regexp.Regexp)
}

// isDate reports whether time.Parse(time.DateOnly, v) succeeds, without its
// cost: four digits, a dash, a month of two digits, a dash, a day of two
// digits within that month of that (proleptic Gregorian) year.
func isDate(v string) bool {
	if len(v) != 10 || v[4] != '-' || v[7] != '-' {
		return false
	}
	n := [8]int{}
	for i, j := range [8]int{0, 1, 2, 3, 5, 6, 8, 9} {
		c := v[j]
		if c < '0' || c > '9' {
			return false
		}
		n[i] = int(c - '0')
	}
	year := n[0]*1000 + n[1]*100 + n[2]*10 + n[3]
	month, day := n[4]*10+n[5], n[6]*10+n[7]
	if month < 1 || month > 12 || day < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[month]
	if month == 2 && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		days = 29
	}
	return day <= days
}

// EncodeCSV writes the data as CSV with LF line ends.
func (d Data) EncodeCSV() ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(d.Table.Header()); err != nil {
		return nil, err
	}
	if err := w.WriteAll(d.Rows); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{File: name, Line: pe.Line, Msg: pe.Err.Error()}
	}
	return fmt.Errorf("%s: %w", name, err)
}

// CheckForeignKeys verifies every foreign key of the tables present in data.
func CheckForeignKeys(data map[string]Data, fileOf func(*Table) string) error {
	for _, d := range data {
		t := d.Table
		for _, fk := range t.ForeignKeys {
			ref, ok := data[fk.Resource]
			if !ok {
				return fmt.Errorf("%s: foreign key to missing table %s", fileOf(t), fk.Resource)
			}
			have := map[string]bool{}
			ri := make([]int, len(fk.RefFields))
			for i, f := range fk.RefFields {
				ri[i] = ref.Table.Index(f)
			}
			for _, row := range ref.Rows {
				have[join(row, ri)] = true
			}
			fi := make([]int, len(fk.Fields))
			for i, f := range fk.Fields {
				fi[i] = t.Index(f)
			}
			for r, row := range d.Rows {
				k := join(row, fi)
				if strings.Trim(k, "\x00") == "" {
					continue // null reference
				}
				if !have[k] {
					return &Error{File: fileOf(t), Line: r + 2, Field: strings.Join(fk.Fields, "+"),
						Msg: fmt.Sprintf("%s not found in %s.%s", strings.ReplaceAll(k, "\x00", ", "), fk.Resource, strings.Join(fk.RefFields, "+"))}
				}
			}
		}
	}
	return nil
}

func join(row []string, idx []int) string {
	parts := make([]string, len(idx))
	for i, c := range idx {
		parts[i] = row[c]
	}
	return strings.Join(parts, "\x00")
}

package snapshot

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cybernorms/cybernorms/datasets/schema"
)

// Kind is what happened to a supporter file in one change.
type Kind string

const (
	Added    Kind = "added"
	Removed  Kind = "removed"
	Renamed  Kind = "renamed" // the file moved; its fields may also have changed
	Modified Kind = "modified"
)

// Kinds lists every Kind in the order rows of one change are sorted by.
var Kinds = []Kind{Added, Renamed, Modified, Removed}

// KnownFields are the front-matter keys the upstream has used. Any other key
// is kept in Change.Other and reported as drift.
var KnownFields = []string{"name", "category", "nature", "nationality", "date_signed", "alliance", "website", "twitter", "linkedin"}

// RequiredFields must be present in every supporter file.
var RequiredFields = []string{"name", "category"}

// Change is one row of the snapshot.
type Change struct {
	Seq     int       // position of the upstream commit in first-parent order, 0 = oldest
	Date    time.Time // committer date of that commit, in the upstream's own offset
	Kind    Kind
	Path    string // path inside the upstream repository
	OldPath string // for renames, the path before

	// Fields holds the known front-matter values as written; for a removal,
	// those of the version removed. Keys lists every key present, in file order,
	// so that an absent field can be told from an empty one.
	Fields map[string]string
	Keys   []string
	Other  map[string]string // keys outside KnownFields

	Problem string // why the file could not be read, if it could not
	Subject string // the upstream commit's subject line

	Line int // line in the snapshot file it was read from (not written)
}

// Has reports whether the file had the key.
func (c Change) Has(key string) bool {
	for _, k := range c.Keys {
		if k == key {
			return true
		}
	}
	return false
}

// Header is the CSV header of the snapshot file, as the schema describes it.
var Header = schema.SupporterChanges.Header()

// col is the position of each column in Header. Rows are read and written
// by these names, so the schema's order is the only order.
var col = columns()

func columns() map[string]int {
	col := map[string]int{}
	for i, h := range Header {
		col[h] = i
	}
	// Every column this package reads and writes, and no other: a column
	// added to the schema without code to fill it stops every use at once.
	names := append(append([]string{"seq", "date", "change", "path", "old_path"}, KnownFields...), "keys", "other_fields", "problem", "subject")
	for _, n := range names {
		if _, ok := col[n]; !ok {
			panic(fmt.Sprintf("snapshot: schema %s has no column %q", schema.SupporterChanges.Name, n))
		}
	}
	if len(names) != len(Header) {
		panic(fmt.Sprintf("snapshot: schema %s has %d columns, the snapshot writes %d", schema.SupporterChanges.Name, len(Header), len(names)))
	}
	return col
}

// DateLayout is how dates are written: RFC 3339 with the upstream's offset.
const DateLayout = time.RFC3339

// Sort orders changes by commit, then kind, then path, which is the order
// they are written in.
func Sort(cs []Change) {
	rank := map[Kind]int{}
	for i, k := range Kinds {
		rank[k] = i
	}
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.Seq != b.Seq {
			return a.Seq < b.Seq
		}
		if a.Kind != b.Kind {
			return rank[a.Kind] < rank[b.Kind]
		}
		return a.Path < b.Path
	})
}

// Write writes changes as CSV, in the order given.
func Write(w io.Writer, cs []Change) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Header); err != nil {
		return err
	}
	rec := make([]string, len(Header))
	for _, c := range cs {
		rec[col["seq"]], rec[col["date"]], rec[col["change"]] = strconv.Itoa(c.Seq), c.Date.Format(DateLayout), string(c.Kind)
		rec[col["path"]], rec[col["old_path"]] = c.Path, c.OldPath
		for _, f := range KnownFields {
			rec[col[f]] = c.Fields[f]
		}
		other := ""
		if len(c.Other) > 0 {
			b, err := json.Marshal(c.Other) // map keys are sorted: deterministic
			if err != nil {
				return err
			}
			other = string(b)
		}
		rec[col["keys"]], rec[col["other_fields"]] = strings.Join(c.Keys, " "), other
		rec[col["problem"]], rec[col["subject"]] = c.Problem, c.Subject
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Encode returns the CSV bytes of changes.
func Encode(cs []Change) ([]byte, error) {
	var b bytes.Buffer
	err := Write(&b, cs)
	return b.Bytes(), err
}

// ParseError locates a problem in a snapshot file: file, line, field, as
// every reader of the contract's files reports one.
type ParseError = schema.Error

// Read parses a snapshot CSV. name is used in error messages. Every row is
// checked: column count, types, kinds, and that no file appears twice in one
// change.
func Read(r io.Reader, name string) ([]Change, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(Header)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, csvError(name, err)
	}
	for i, h := range Header {
		if head[i] != h {
			return nil, &ParseError{File: name, Line: 1, Field: h, Msg: fmt.Sprintf("header column %d is %q, want %q", i+1, head[i], h)}
		}
	}
	var out []Change
	type key struct {
		seq  int
		path string
	}
	seen := map[key]int{}
	prevSeq := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		bad := func(field, format string, a ...any) error {
			return &ParseError{File: name, Line: line, Field: field, Msg: fmt.Sprintf(format, a...)}
		}
		var c Change
		get := func(name string) string { return rec[col[name]] }
		if c.Seq, err = strconv.Atoi(get("seq")); err != nil || c.Seq < 0 {
			return nil, bad("seq", "%q is not a non-negative integer", get("seq"))
		}
		if c.Seq < prevSeq {
			return nil, bad("seq", "%d comes after %d: rows must be in commit order", c.Seq, prevSeq)
		}
		prevSeq = c.Seq
		if c.Date, err = time.Parse(DateLayout, get("date")); err != nil {
			return nil, bad("date", "%q is not an RFC 3339 date-time", get("date"))
		}
		c.Kind = Kind(get("change"))
		switch c.Kind {
		case Added, Removed, Renamed, Modified:
		default:
			return nil, bad("change", "%q is not one of added, removed, renamed, modified", get("change"))
		}
		c.Path, c.OldPath = get("path"), get("old_path")
		if c.Path == "" {
			return nil, bad("path", "empty")
		}
		if (c.Kind == Renamed) != (c.OldPath != "") {
			return nil, bad("old_path", "must be set exactly for renamed rows")
		}
		k := key{c.Seq, c.Path}
		if first, dup := seen[k]; dup {
			return nil, bad("path", "duplicate supporter file %s in change %d (first on line %d)", c.Path, c.Seq, first)
		}
		seen[k] = line
		c.Fields = make(map[string]string, len(KnownFields))
		for _, f := range KnownFields {
			if v := get(f); v != "" {
				c.Fields[f] = v
			}
		}
		if keys := get("keys"); keys != "" {
			c.Keys = strings.Split(keys, " ")
		}
		if other := get("other_fields"); other != "" {
			if err := json.Unmarshal([]byte(other), &c.Other); err != nil {
				return nil, bad("other_fields", "not a JSON object of strings: %v", err)
			}
		}
		c.Problem, c.Subject = get("problem"), get("subject")
		c.Line = line
		if c.Problem == "" && c.Kind != Removed {
			for _, f := range RequiredFields {
				if !c.Has(f) {
					return nil, bad(f, "missing from %s", c.Path)
				}
			}
		}
		out = append(out, c)
	}
	return out, nil
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			msg = fmt.Sprintf("wrong number of fields: want %d (%s)", len(Header), strings.Join(Header, ","))
		}
		return &ParseError{File: name, Line: pe.Line, Msg: msg}
	}
	if errors.Is(err, io.EOF) {
		return &ParseError{File: name, Line: 1, Msg: "empty file, no header"}
	}
	return fmt.Errorf("%s: %w", name, err)
}

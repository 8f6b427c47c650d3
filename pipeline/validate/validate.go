// Package validate checks published datasets against their datapackage.json
// and the invariants the project relies on, and lists what a reader should
// know (nationalities that name no country, unreadable upstream versions).
//
// It reads the descriptor as data rather than trusting the code that wrote
// it, so a stale descriptor, an edited file or a diverging Arrow or Parquet
// copy is reported.
package validate

import (
	"bytes"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/geo"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/pipeline/arrowcodec"
	"github.com/cybernorms/cybernorms/pipeline/sidecar"
)

// Report is the outcome of Run.
type Report struct {
	Version    string
	Resources  int
	Rows       int
	Violations []string
	Notes      []string
}

// OK reports whether nothing was violated.
func (r *Report) OK() bool { return len(r.Violations) == 0 }

// transcribed are the tables transcribed from the chapter: an empty one is a
// lost transcription (the claims and the reviewed links may be empty).
var transcribed = map[string]bool{"principles": true, "frameworks": true, "coverage": true, "cyber_power": true, "doctrine_timeline": true, "named_countries": true}

// Run validates the datasets in dir and, when dir is in a repository, that
// the files describing the package from outside it agree with it
// (CITATION.cff, the README, the notebooks' outputs).
func Run(dir string) (*Report, error) {
	r, err := run(dir, func(rel string) ([]byte, error) { return datasets.ReadResource(dir, rel) })
	if err != nil {
		return r, err
	}
	if root := sidecar.Root(dir); root != "" {
		b, err := datasets.ReadResource(dir, "datapackage.json")
		if err != nil {
			return r, err
		}
		pkg, err := sidecar.ReadPackage(b)
		if err != nil {
			return r, err
		}
		problems, err := sidecar.Check(root, pkg)
		if err != nil {
			return r, err
		}
		for _, p := range problems {
			r.Violations = append(r.Violations, p.String())
		}
	}
	return r, nil
}

// Staged validates the datasets in dir as they would be with the files of
// staged (by slash-separated path) written: what a writer checks before it
// commits.
func Staged(dir string, staged map[string][]byte) (*Report, error) {
	return run(dir, func(rel string) ([]byte, error) {
		if b, ok := staged[rel]; ok {
			return b, nil
		}
		return datasets.ReadResource(dir, rel)
	})
}

func run(dir string, read func(rel string) ([]byte, error)) (*Report, error) {
	r := &Report{}
	dp := filepath.Join(dir, "datapackage.json")
	b, err := read("datapackage.json")
	if err != nil {
		return nil, err
	}
	d, err := schema.ParseDescriptor(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dp, err)
	}
	r.Version = d.Version
	violate := func(format string, a ...any) { r.Violations = append(r.Violations, fmt.Sprintf(format, a...)) }
	data := map[string]schema.Data{}
	kn := schema.Published()
	seen := map[string]bool{}
	var shapes []geo.Shape
	for _, res := range d.Resources {
		r.Resources++
		seen[res.Name] = true
		if res.Name == schema.GeometryName {
			p := filepath.Join(dir, filepath.FromSlash(res.Path))
			b, err := read(res.Path)
			if err != nil {
				violate("%v", err)
				continue
			}
			if len(b) != res.Bytes || vocab.Checksum(b) != res.Hash {
				violate("%s: content differs from datapackage.json: edited after build?", p)
			}
			if shapes, err = geo.Load(b); err != nil {
				violate("%s: %v", p, err)
			}
			continue
		}
		t := res.Table
		if t == nil {
			violate("%s: resource %s has no schema", dp, res.Name)
			continue
		}
		// Only a table of the known schema is checked further by field
		// name: a field the invariants ask for may be missing from another.
		known := false
		if want, ok := kn[res.Name]; !ok {
			violate("%s: resource %s is unknown to this version of cybernorms", dp, res.Name)
		} else if !schema.SameSchema(t, want) {
			violate("%s: resource %s: schema differs from this version of cybernorms (run build)", dp, res.Name)
		} else {
			known = true
		}
		p := filepath.Join(dir, filepath.FromSlash(res.Path))
		csvb, err := read(res.Path)
		if err != nil {
			violate("%v", err)
			continue
		}
		if len(csvb) != res.Bytes || vocab.Checksum(csvb) != res.Hash {
			violate("%s: content differs from datapackage.json (%d bytes, %s; descriptor says %d, %s): edited after build?", p, len(csvb), short(vocab.Checksum(csvb)), res.Bytes, short(res.Hash))
		}
		td, err := schema.ReadCSV(bytes.NewReader(csvb), p, t)
		if err != nil {
			violate("%v", err)
			continue
		}
		r.Rows += len(td.Rows)
		if len(td.Rows) == 0 && transcribed[res.Name] {
			violate("%s: no rows: the chapter's tables are never empty", p)
		}
		if len(td.Rows) != res.Rows {
			violate("%s: %d rows, datapackage.json says %d", p, len(td.Rows), res.Rows)
		}
		if known {
			data[res.Name] = td
		}
		for _, alt := range res.Alternates {
			checkAlternate(dir, alt, td, read, violate)
		}
	}
	for name := range kn {
		if !seen[name] {
			violate("%s: no resource %s", dp, name)
		}
	}
	if !seen[schema.GeometryName] {
		violate("%s: no resource %s (run geo, then build)", dp, schema.GeometryName)
	}
	if err := schema.CheckForeignKeys(data, func(t *schema.Table) string { return filepath.Join(dir, t.Path+".csv") }); err != nil {
		violate("%v", err)
	}
	invariants(dir, data, r)
	mappable(dir, data, shapes, r)
	return r, nil
}

// mappable checks that every state supporter has a shape on the map.
func mappable(dir string, data map[string]schema.Data, shapes []geo.Shape, r *Report) {
	s, c := data["supporters"], data["countries"]
	if shapes == nil || s.Table == nil || c.Table == nil {
		return
	}
	has := map[string]bool{}
	for _, sh := range shapes {
		has[sh.ID] = true
	}
	m49 := map[string]string{}
	for _, row := range c.Rows {
		m49[c.Table.Get(row, "alpha3")] = c.Table.Get(row, "m49")
	}
	for i, row := range s.Rows {
		if s.Table.Get(row, "category") != vocab.State {
			continue
		}
		if code := m49[s.Table.Get(row, "country")]; !has[code] {
			r.Violations = append(r.Violations, fmt.Sprintf("%s:%d: state %s (M49 %s) has no shape in %s", filepath.Join(dir, "supporters.csv"), i+2,
				s.Table.Get(row, "name"), code, schema.GeometryPath))
		}
	}
}

func short(h string) string {
	if len(h) > 19 {
		return h[:19] + "…"
	}
	return h
}

// checkAlternate verifies an Arrow or Parquet copy: checksum, column names
// and types, and every cell equal to the CSV's.
func checkAlternate(dir string, alt schema.File, csv schema.Data, read func(string) ([]byte, error), violate func(string, ...any)) {
	p := filepath.Join(dir, filepath.FromSlash(alt.Path))
	b, err := read(alt.Path)
	if err != nil {
		violate("%v", err)
		return
	}
	if len(b) != alt.Bytes || vocab.Checksum(b) != alt.Hash {
		violate("%s: content differs from datapackage.json: edited after build?", p)
	}
	var dec arrowcodec.Decoded
	switch alt.Format {
	case "arrow":
		dec, err = arrowcodec.DecodeArrow(b)
	case "parquet":
		dec, err = arrowcodec.DecodeParquet(b)
	default:
		violate("%s: unknown format %q", p, alt.Format)
		return
	}
	if err != nil {
		violate("%s: cannot be read: %v", p, err)
		return
	}
	fs := dec.Fields
	if len(fs) != len(csv.Table.Fields) {
		violate("%s: %d columns, the CSV has %d", p, len(fs), len(csv.Table.Fields))
		return
	}
	for i, f := range csv.Table.Fields {
		if fs[i].Name != f.Name || fs[i].Type != arrowcodec.ArrowType(f.Type) {
			violate("%s: column %d is %s %s, want %s %s", p, i+1, fs[i].Name, fs[i].Type, f.Name, arrowcodec.ArrowType(f.Type))
			return
		}
	}
	if len(dec.Rows) != len(csv.Rows) {
		violate("%s: %d rows, the CSV has %d", p, len(dec.Rows), len(csv.Rows))
		return
	}
	for i := range csv.Rows {
		if !reflect.DeepEqual(dec.Rows[i], csv.Rows[i]) {
			violate("%s: row %d differs from the CSV", p, i+1)
			return
		}
	}
}

// invariants checks what the tables' meaning requires beyond their schema.
func invariants(dir string, data map[string]schema.Data, r *Report) {
	violate := func(format string, a ...any) { r.Violations = append(r.Violations, fmt.Sprintf(format, a...)) }
	get := func(d schema.Data, row []string, f string) string { return d.Table.Get(row, f) }
	file := func(name string) string { return filepath.Join(dir, name+".csv") }

	if p, ok := data["principles"]; ok {
		ids := map[string]bool{}
		for _, row := range p.Rows {
			ids[get(p, row, "id")] = true
		}
		for i := 1; i <= 9; i++ {
			if !ids[fmt.Sprint(i)] {
				violate("%s: principle %d is missing", file("principles"), i)
			}
		}
	}
	if c, ok := data["coverage"]; ok {
		want := len(data["frameworks"].Rows) * len(data["principles"].Rows)
		if len(c.Rows) != want {
			violate("%s: %d cells, want every framework × principle (%d)", file("coverage"), len(c.Rows), want)
		}
		for i, row := range c.Rows {
			if (get(c, row, "covered") == "true") != (get(c, row, "mark") == "✓") {
				violate("%s:%d: covered and mark disagree", file("coverage"), i+2)
			}
		}
	}
	s, ok := data["supporters"]
	if !ok {
		return
	}
	files := map[string]int{}
	first := ""
	if f, ok := data["supporter_files"]; ok {
		for i, row := range f.Rows {
			files[get(f, row, "supporter_id")]++
			a, rm := get(f, row, "added_on"), get(f, row, "removed_on")
			if rm != "" && rm < a {
				violate("%s:%d: removed_on %s is before added_on %s", file("supporter_files"), i+2, rm, a)
			}
			if first == "" || a < first {
				first = a
			}
		}
	}
	noCountry := map[string][]string{}
	for i, row := range s.Rows {
		at := func(f string) string { return get(s, row, f) }
		line := fmt.Sprintf("%s:%d", file("supporters"), i+2)
		if at("category") == vocab.State && at("country") == "" {
			violate("%s: state %s (nationality %q) has no ISO country code", line, at("name"), at("nationality"))
		}
		if (at("category") == vocab.State) != (at("eu_member") != "") {
			violate("%s: eu_member must be set for states and only for them", line)
		}
		if rm := at("removed_on"); rm != "" && rm < at("first_seen") {
			violate("%s: removed_on %s is before first_seen %s", line, rm, at("first_seen"))
		}
		// A supporter added by a later commit of the history's first day is
		// not in the first commit, though first seen that day.
		if at("in_first_commit") == "true" && at("first_seen") != first {
			violate("%s: in_first_commit disagrees with first_seen %s (history starts %s)", line, at("first_seen"), first)
		}
		if n := files[at("supporter_id")]; fmt.Sprint(n) != at("files") {
			violate("%s: files = %s, but supporter_files has %d", line, at("files"), n)
		}
		m := at("country_method")
		if (at("country") != "") != (m == "iso" || m == "crosswalk" || m == "name") {
			violate("%s: country %q disagrees with country_method %s", line, at("country"), m)
		}
		if at("country") == "" {
			k := fmt.Sprintf("%q (%s)", at("nationality"), m)
			noCountry[k] = append(noCountry[k], at("supporter_id"))
		}
	}
	keys := make([]string, 0, len(noCountry))
	for k := range noCountry {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		ids := noCountry[k]
		r.Notes = append(r.Notes, fmt.Sprintf("nationality %s resolves to no country: %d supporter(s): %s", k, len(ids), strings.Join(ids, ", ")))
	}
	if ch, ok := data["supporter_changes"]; ok {
		for i, row := range ch.Rows {
			if p := get(ch, row, "problem"); p != "" {
				r.Notes = append(r.Notes, fmt.Sprintf("%s:%d: upstream %s on %s could not be read: %s", filepath.Join(dir, "snapshot/supporter_changes.csv"), i+2,
					get(ch, row, "path"), get(ch, row, "date")[:10], p))
			}
		}
	}
}

// RejectedError is a set of files a writer staged that validate rejects.
type RejectedError struct{ Violations []string }

func (e *RejectedError) Error() string {
	return fmt.Sprintf("the new datasets would not validate, nothing written (%d violation(s)); first: %s", len(e.Violations), e.Violations[0])
}

// CheckStaged is what every writer runs before it commits: the datasets of
// dir with staged written must pass every check Run makes.
func CheckStaged(dir string, staged map[string][]byte) error {
	rep, err := Staged(dir, staged)
	if err != nil {
		return fmt.Errorf("the new datasets would not validate, nothing written: %w", err)
	}
	if !rep.OK() {
		return &RejectedError{Violations: rep.Violations}
	}
	return nil
}

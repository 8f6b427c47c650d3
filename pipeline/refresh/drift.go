package refresh

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cybernorms/cybernorms/support/textsafe"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/pipeline/build"
	"github.com/cybernorms/cybernorms/pipeline/countries"
	"github.com/cybernorms/cybernorms/pipeline/snapshot"
)

// Finding is something in the upstream the pipeline does not know.
type Finding struct {
	Date  string // YYYY-MM-DD of the upstream change
	Path  string
	Field string
	Value string
	What  string
}

func (f Finding) String() string {
	s := fmt.Sprintf("%s %s", f.Date, textsafe.Escape(f.Path))
	if f.Field != "" {
		s += ": field " + textsafe.Escape(f.Field)
	}
	if f.Value != "" || f.Field != "" {
		s += fmt.Sprintf(" %q", f.Value)
	}
	return s + ": " + textsafe.Escape(f.What)
}

// Knowledge is what the pipeline knows of the upstream's vocabulary.
type Knowledge struct {
	Categories map[string]bool
	Resolver   *countries.Resolver
}

// LoadKnowledge reads the curated crosswalks of dir, with the upstream's
// country list just read.
func LoadKnowledge(dir string, countryCodes []byte) (*Knowledge, error) {
	read := func(t *schema.Table, b []byte) (schema.Data, error) {
		p := build.File(dir, t)
		if b == nil {
			var err error
			if b, err = datasets.ReadResource(dir, t.CSV()); err != nil {
				return schema.Data{}, err
			}
		}
		return schema.ReadCSV(bytes.NewReader(b), p, t)
	}
	cats, err := read(schema.CategoryCrosswalk, nil)
	if err != nil {
		return nil, err
	}
	cw, err := read(schema.NationalityCrosswalk, nil)
	if err != nil {
		return nil, err
	}
	codes, err := read(schema.UpstreamCountryCodes, countryCodes)
	if err != nil {
		return nil, err
	}
	k := &Knowledge{Categories: map[string]bool{}}
	for _, r := range cats.Rows {
		k.Categories[cats.Table.Get(r, "published")] = true
	}
	if k.Resolver, err = countries.ResolverFromTables(cw, codes, build.File(dir, schema.NationalityCrosswalk)); err != nil {
		return nil, err
	}
	return k, nil
}

// key identifies a row independently of commit numbering, which a rewritten
// upstream history may shift.
func key(c snapshot.Change) string {
	return strings.Join([]string{c.Date.Format(snapshot.DateLayout), string(c.Kind), c.Path, c.OldPath}, "\x00")
}

// Drift lists what the pipeline does not know in the rows of changes that
// are not already in the committed snapshot old.
func Drift(changes, old []snapshot.Change, k *Knowledge) []Finding {
	known := map[string]bool{}
	for _, c := range old {
		known[key(c)] = true
	}
	var out []Finding
	for _, c := range changes {
		if known[key(c)] || c.Kind == snapshot.Removed {
			continue
		}
		f := Finding{Date: c.Date.Format(time.DateOnly), Path: c.Path}
		if c.Problem != "" {
			f.What = "cannot be read: " + c.Problem
			out = append(out, f)
			continue
		}
		for _, key := range sortedKeys(c.Other) {
			g := f
			g.Field, g.Value, g.What = key, c.Other[key], "front-matter field unknown to the pipeline"
			out = append(out, g)
		}
		if cat := strings.TrimSpace(c.Fields["category"]); !k.Categories[cat] {
			g := f
			g.Field, g.Value, g.What = "category", c.Fields["category"], "category not in "+schema.CategoryCrosswalk.CSV()
			out = append(out, g)
		}
		if r := k.Resolver.Resolve(c.Fields["nationality"]); r.Method == countries.Unresolved {
			g := f
			g.Field, g.Value, g.What = "nationality", c.Fields["nationality"], "not an ISO code, a crosswalk entry or a country name"
			out = append(out, g)
		}
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

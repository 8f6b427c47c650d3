package build

import (
	"fmt"
	"strings"

	"github.com/cybernorms/cybernorms/datasets/schema"
)

// curatedSource maps a derived table to the curated table it copies row for
// row, for the checks whose errors must name the line a person edits.
var curatedSource = map[string]*schema.Table{
	schema.Principles.Name: schema.CuratedPrinciples, schema.Frameworks.Name: schema.CuratedFrameworks,
	schema.Coverage.Name: schema.CuratedCoverage, schema.CyberPower.Name: schema.CuratedCyberPower,
	schema.NamedCountries.Name: schema.CuratedNamedCountries,
}

// checkCuratedReferences checks, on the curated files, the foreign keys
// between derived tables that are copies of curated ones, so that a bad
// reference is reported at its line in datasets/curated/, not at the line
// the derived, re-sorted table would have.
func checkCuratedReferences(in *Inputs) error {
	for _, t := range schema.Derived {
		src, ok := curatedSource[t.Name]
		if !ok {
			continue
		}
		d := in.Curated[src.Name]
		for _, fk := range t.ForeignKeys {
			ref, ok := curatedSource[fk.Resource]
			if !ok {
				continue // a table build derives: checked on the derived tables
			}
			rd := in.Curated[ref.Name]
			cols, refCols := columns(d.Table, fk.Fields), columns(rd.Table, fk.RefFields)
			if cols == nil || refCols == nil {
				continue
			}
			keys := map[string]bool{}
			for _, r := range rd.Rows {
				keys[pick(r, refCols)] = true
			}
			for i, r := range d.Rows {
				if v := pick(r, cols); !keys[v] {
					return &schema.Error{File: File(in.Dir, src), Line: i + 2, Field: strings.Join(fk.Fields, ","),
						Msg: fmt.Sprintf("%q matches no %s in %s", v, strings.Join(fk.RefFields, ","), File(in.Dir, ref))}
				}
			}
		}
	}
	return nil
}

func columns(t *schema.Table, fields []string) []int {
	var out []int
	for _, f := range fields {
		i := t.Index(f)
		if i < 0 {
			return nil
		}
		out = append(out, i)
	}
	return out
}

func pick(row []string, cols []int) string {
	var parts []string
	for _, c := range cols {
		parts = append(parts, row[c])
	}
	return strings.Join(parts, "\x00")
}

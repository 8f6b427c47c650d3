package build

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/cybernorms/cybernorms/datasets/schema"
)

func carry(t, from *schema.Table, row []string) schema.Values {
	v := schema.Values{}
	for _, f := range from.Fields {
		if t.Index(f.Name) >= 0 {
			v[f.Name] = from.Get(row, f.Name)
		}
	}
	return v
}

// project writes the rows of a curated table as rows of t, field by field.
func project(t *schema.Table, in schema.Data) (schema.Data, error) {
	d := schema.Data{Table: t}
	for _, r := range in.Rows {
		if err := d.Append(carry(t, in.Table, r)); err != nil {
			return d, err
		}
	}
	return d, nil
}

// ints reads an integer field of every row; file names in in errors.
func ints(in schema.Data, field, file string) ([]int, error) {
	out := make([]int, len(in.Rows))
	for i, r := range in.Rows {
		n, err := strconv.Atoi(in.Table.Get(r, field))
		if err != nil {
			return nil, &schema.Error{File: file, Line: i + 2, Field: field, Msg: fmt.Sprintf("%q is not an integer", in.Table.Get(r, field))}
		}
		out[i] = n
	}
	return out, nil
}

// sortedByInt is the curated table in as t, ordered by an integer field.
func sortedByInt(t *schema.Table, in schema.Data, field, file string) (schema.Data, error) {
	keys, err := ints(in, field, file)
	if err != nil {
		return schema.Data{}, err
	}
	order := make([]int, len(in.Rows))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return keys[order[a]] < keys[order[b]] })
	return project(t, schema.Data{Table: in.Table, Rows: permute(in.Rows, order)})
}

func permute(rows [][]string, order []int) [][]string {
	out := make([][]string, len(order))
	for i, o := range order {
		out[i] = rows[o]
	}
	return out
}

// sortedByEnums is the curated table in as t, ordered by the enum order of
// the given fields.
func sortedByEnums(t *schema.Table, in schema.Data, fields ...string) (schema.Data, error) {
	d, err := project(t, in)
	if err != nil {
		return d, err
	}
	rank := func(row []string, f string) int {
		v := t.Get(row, f)
		enum := t.Field(f).Enum
		for n, e := range enum {
			if e == v {
				return n
			}
		}
		return len(enum)
	}
	sort.SliceStable(d.Rows, func(i, j int) bool {
		for _, f := range fields {
			if ra, rb := rank(d.Rows[i], f), rank(d.Rows[j], f); ra != rb {
				return ra < rb
			}
		}
		return false
	})
	return d, nil
}

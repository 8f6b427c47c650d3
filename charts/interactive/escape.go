package interactive

import (
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/support/textsafe"
)

// displayed names the tables and fields of upstream text the interactive map
// shows (tooltips, a country's panel, the table of states).
var displayed = map[string]string{"supporters": "name", "supporter_published": "name"}

// forDisplay returns set with the names the interactive map shows escaped as
// textsafe does: a browser would apply a bidirectional override in a name to
// the text around it, and JSON leaves such characters (and C1 controls) raw.
// A set with nothing to escape, as the real upstream's, is returned as it is.
func forDisplay(set *datasets.Set) *datasets.Set {
	var out *datasets.Set
	for table, field := range displayed {
		d, ok := set.Tables[table]
		if !ok || d.Table == nil {
			continue
		}
		col := d.Table.Index(field)
		if col < 0 {
			continue
		}
		var rows [][]string
		for i, r := range d.Rows {
			if e := textsafe.Escape(r[col]); e != r[col] {
				if rows == nil {
					rows = append(make([][]string, 0, len(d.Rows)), d.Rows...)
				}
				rows[i] = append([]string(nil), r...)
				rows[i][col] = e
			}
		}
		if rows == nil {
			continue
		}
		if out == nil {
			cp := *set
			cp.Tables = make(map[string]schema.Data, len(set.Tables))
			for k, v := range set.Tables {
				cp.Tables[k] = v
			}
			out = &cp
		}
		d.Rows = rows
		out.Tables[table] = d
	}
	if out == nil {
		return set
	}
	return out
}

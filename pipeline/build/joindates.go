package build

import (
	"strconv"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/schema"
)

// joinDates is the join_dates table.
func joinDates(set *datasets.Set) schema.Data {
	d := schema.Data{Table: schema.JoinDates}
	for _, j := range analysis.JoinDates(set.Supporters()) {
		signed := ""
		if !j.DateSigned.IsZero() {
			signed = j.DateSigned.String()
		}
		d.Rows = append(d.Rows, []string{j.ID, signed, strconv.FormatBool(j.Placeholder), j.Date.String(), j.Method, strconv.FormatBool(j.Censored)})
	}
	return d
}

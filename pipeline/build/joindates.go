package build

import (
	"strconv"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/schema"
)

// joinDates is the join_dates table.
func joinDates(set *datasets.Set) (schema.Data, error) {
	d := schema.Data{Table: schema.JoinDates}
	for _, j := range analysis.JoinDates(set.Supporters()) {
		signed := ""
		if !j.DateSigned.IsZero() {
			signed = j.DateSigned.String()
		}
		if err := d.Append(schema.Values{"supporter_id": j.ID, "date_signed": signed, "date_signed_placeholder": strconv.FormatBool(j.Placeholder),
			"join_date": j.Date.String(), "join_method": j.Method, "left_censored": strconv.FormatBool(j.Censored)}); err != nil {
			return d, err
		}
	}
	return d, nil
}

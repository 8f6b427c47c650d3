package build

import (
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/pipeline/countries"
)

func coverage(in, frameworks schema.Data, file string) (schema.Data, error) {
	ft := frameworks.Table
	pos := map[string]int{}
	positions, err := ints(frameworks, "position", frameworks.Table.CSV())
	if err != nil {
		return schema.Data{}, err
	}
	for i, r := range frameworks.Rows {
		pos[ft.Get(r, "id")] = positions[i]
	}
	principle, err := ints(in, "principle_id", file)
	if err != nil {
		return schema.Data{}, err
	}
	type cell struct {
		pos, principle int
		values         schema.Values
	}
	cells := make([]cell, len(in.Rows))
	for i, r := range in.Rows {
		v := carry(schema.Coverage, in.Table, r)
		v["covered"] = strconv.FormatBool(v["mark"] == "✓")
		cells[i] = cell{pos[v["framework_id"]], principle[i], v}
	}
	sort.SliceStable(cells, func(i, j int) bool {
		if cells[i].pos != cells[j].pos {
			return cells[i].pos < cells[j].pos
		}
		return cells[i].principle < cells[j].principle
	})
	d := schema.Data{Table: schema.Coverage}
	for _, c := range cells {
		if err := d.Append(c.values); err != nil {
			return d, err
		}
	}
	return d, nil
}

func timeline(in schema.Data, file string) (schema.Data, error) {
	d := schema.Data{Table: schema.DoctrineTimeline}
	for i, r := range in.Rows {
		date, endDate := in.Table.Get(r, "date"), in.Table.Get(r, "end_date")
		start, precision, err := parsePartialDate(date)
		if err != nil {
			return d, &schema.Error{File: file, Line: i + 2, Field: "date", Msg: err.Error()}
		}
		if endDate != "" {
			end, _, err := parsePartialDate(endDate)
			if err != nil {
				return d, &schema.Error{File: file, Line: i + 2, Field: "end_date", Msg: err.Error()}
			}
			if end.Before(start) {
				return d, &schema.Error{File: file, Line: i + 2, Field: "end_date", Msg: fmt.Sprintf("%s is before the date %s", endDate, date)}
			}
		}
		v := carry(d.Table, in.Table, r)
		v["date"], v["date_iso"], v["precision"] = start.String(), date, precision
		v["year"], v["end_date_iso"] = strconv.Itoa(start.Year()), endDate
		// Corrections from public sources are filled in once the claims are checked.
		v["corrected_date_iso"], v["correction_claim"], v["correction_source"] = "", "", ""
		if err := d.Append(v); err != nil {
			return d, err
		}
	}
	t := d.Table
	sort.SliceStable(d.Rows, func(i, j int) bool {
		a, b := d.Rows[i], d.Rows[j]
		if t.Get(a, "date") != t.Get(b, "date") {
			return t.Get(a, "date") < t.Get(b, "date")
		}
		return t.Get(a, "id") < t.Get(b, "id")
	})
	return d, nil
}

// parsePartialDate reads a date of a day, a month or a year and returns its
// first day and its precision.
func parsePartialDate(s string) (civil.Date, string, error) {
	for _, f := range []struct{ layout, precision string }{{time.DateOnly, "day"}, {"2006-01", "month"}, {"2006", "year"}} {
		if len(s) == len(f.layout) {
			t, err := time.Parse(f.layout, s)
			if err != nil {
				return civil.Date{}, "", fmt.Errorf("%q is not a valid %s", s, f.precision)
			}
			return civil.Of(t), f.precision, nil
		}
	}
	return civil.Date{}, "", fmt.Errorf("%q is not YYYY, YYYY-MM or YYYY-MM-DD", s)
}

// namedCountries checks each transcribed mention: the code must be a country,
// and a printed name CLDR knows must name that same country.
func namedCountries(in schema.Data, res *countries.Resolver, file string) (schema.Data, error) {
	for i, r := range in.Rows {
		code, printed := in.Table.Get(r, "country"), in.Table.Get(r, "name_as_printed")
		if _, ok := countries.Lookup(code); !ok {
			return in, &schema.Error{File: file, Line: i + 2, Field: "country", Msg: fmt.Sprintf("%q is not a current ISO 3166-1 alpha-3 code", code)}
		}
		if got := res.Resolve(printed); got.Alpha3 != "" && got.Alpha3 != code {
			return in, &schema.Error{File: file, Line: i + 2, Field: "country", Msg: fmt.Sprintf("%s, but CLDR reads %q as %s", code, printed, got.Alpha3)}
		}
	}
	return project(schema.NamedCountries, in)
}

// Package frames gives the published tables and the analyses' views of them
// as gota DataFrames, for the notebooks.
//
// It is a package of its own so that the contract and the producers, which
// read the same tables as typed rows, do not link gota.
package frames

import (
	"fmt"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/schema"
)

// Of returns a table of set as a DataFrame, typed by its schema: integers as
// Int, booleans as Bool, strings and dates as String (ISO dates sort as text).
func Of(set *datasets.Set, name string) (dataframe.DataFrame, error) {
	d, ok := set.Tables[name]
	if !ok {
		return dataframe.DataFrame{}, fmt.Errorf("datasets: no table %q", name)
	}
	return FromData(d), nil
}

// Must is Of for notebooks: it panics on an unknown table name.
func Must(set *datasets.Set, name string) dataframe.DataFrame {
	df, err := Of(set, name)
	if err != nil {
		panic(err)
	}
	return df
}

// FromData converts checked table data to a DataFrame.
func FromData(d schema.Data) dataframe.DataFrame {
	types := map[string]series.Type{}
	for _, f := range d.Table.Fields {
		switch f.Type {
		case schema.Integer:
			types[f.Name] = series.Int
		case schema.Boolean:
			types[f.Name] = series.Bool
		default:
			types[f.Name] = series.String
		}
	}
	records := append([][]string{d.Table.Header()}, d.Rows...)
	return dataframe.LoadRecords(records, dataframe.DetectTypes(false), dataframe.DefaultType(series.String), dataframe.WithTypes(types), dataframe.HasHeader(true))
}

// Present is the supporters table limited to the supporters listed on day d
// of the given categories (all when none), with the name, category,
// nationality and country the site published that day: the report's view.
func Present(set *datasets.Set, d civil.Date, categories ...string) dataframe.DataFrame {
	return PresentWith(set, d, analysis.Published, categories...)
}

// PresentWith is Present with the classification c.
func PresentWith(set *datasets.Set, d civil.Date, c analysis.Classification, categories ...string) dataframe.DataFrame {
	var rows []int
	var present []datasets.Supporter
	for i, s := range analysis.Classified(set, d, c) {
		if analysis.PresentOn(s, d) && (len(categories) == 0 || contains(categories, s.Category)) {
			rows, present = append(rows, i), append(present, s)
		}
	}
	df := Must(set, datasets.Supporters)
	if len(rows) == 0 {
		return df.Filter(dataframe.F{Colname: "supporter_id", Comparator: series.In, Comparando: []string{}})
	}
	df = df.Subset(rows)
	for name, f := range map[string]func(datasets.Supporter) string{
		"name":        func(s datasets.Supporter) string { return s.Name },
		"category":    func(s datasets.Supporter) string { return s.Category },
		"nationality": func(s datasets.Supporter) string { return s.Nationality },
		"country":     func(s datasets.Supporter) string { return s.Country },
	} {
		col := make([]string, len(present))
		for i, s := range present {
			col[i] = f(s)
		}
		df = df.Mutate(series.New(col, series.String, name))
	}
	return df
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

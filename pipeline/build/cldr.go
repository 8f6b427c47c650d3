package build

import (
	"fmt"
	"github.com/cybernorms/cybernorms/datasets/schema"
)

// cldrNames replaces the country and region names of the countries table by
// those of the committed CLDR reference file: golang.org/x/text ships an old
// CLDR, whose names have since changed (North Macedonia, Türkiye, Czechia…).
// Every code the table uses must be named there.
func (in *Inputs) cldrNames(countries schema.Data) error {
	ref := in.Curated[schema.CLDRTerritories.Name]
	names := map[string][]string{}
	for _, r := range ref.Rows {
		names[ref.Table.Get(r, "code")] = []string{ref.Table.Get(r, "name_en"), ref.Table.Get(r, "name_fr"), ref.Table.Get(r, "name_id")}
	}
	file := File(in.Dir, ref.Table)
	t := countries.Table
	set := func(row []string, code string, fields ...string) error {
		n, ok := names[code]
		if !ok {
			return fmt.Errorf("%s: no CLDR name for %s (run cybernorms cldr)", file, code)
		}
		for i, f := range fields {
			row[t.Index(f)] = n[i]
		}
		return nil
	}
	for _, row := range countries.Rows {
		if err := set(row, t.Get(row, "alpha2"), "name_en", "name_fr", "name_id"); err != nil {
			return err
		}
		if err := set(row, t.Get(row, "region_m49"), "region_en", "region_fr", "region_id"); err != nil {
			return err
		}
		if err := set(row, t.Get(row, "subregion_m49"), "subregion_en", "subregion_fr", "subregion_id"); err != nil {
			return err
		}
	}
	return nil
}

// cldrVersion is the CLDR release the reference file was derived from.
func (in *Inputs) cldrVersion() string {
	ref := in.Curated[schema.CLDRTerritories.Name]
	if len(ref.Rows) == 0 {
		return "(no reference file)"
	}
	return ref.Table.Get(ref.Rows[0], "cldr_version")
}

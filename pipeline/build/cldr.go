package build

import (
	"fmt"

	"github.com/cybernorms/cybernorms/datasets/schema"
)

// cldrNames sets the regions and the country and region names of the
// countries table from the committed CLDR reference file: golang.org/x/text
// ships CLDR 32 (2017), whose names have since changed (North Macedonia,
// Türkiye, Czechia…), and the regions follow the same release as the names.
// Every country the table holds must have a region there, and every code a
// name.
func (in *Inputs) cldrNames(countries schema.Data) error {
	ref := in.Curated[schema.CLDRTerritories.Name]
	type entry struct{ names, region []string }
	byCode := map[string]entry{}
	for _, r := range ref.Rows {
		g := func(f string) string { return ref.Table.Get(r, f) }
		e := entry{region: []string{g("region_m49"), g("subregion_m49")}}
		for _, l := range schema.NameLanguages {
			e.names = append(e.names, g("name_"+l.Tag))
		}
		byCode[g("code")] = e
	}
	// Each name field of the countries table, in the order of the languages.
	fieldsOf := func(prefix string) []string {
		out := make([]string, len(schema.NameLanguages))
		for i, l := range schema.NameLanguages {
			out[i] = prefix + "_" + l.Tag
		}
		return out
	}
	file := File(in.Dir, ref.Table)
	t := countries.Table
	set := func(row []string, code string, fields ...string) error {
		e, ok := byCode[code]
		if !ok {
			return fmt.Errorf("%s: no CLDR name for %s (run cybernorms cldr)", file, code)
		}
		for i, f := range fields {
			row[t.Index(f)] = e.names[i]
		}
		return nil
	}
	for _, row := range countries.Rows {
		a2 := t.Get(row, "alpha2")
		if e, ok := byCode[a2]; ok {
			if e.region[0] == "" || e.region[1] == "" {
				return fmt.Errorf("%s: no UN M49 region and sub-region for %s (%s) (run cybernorms cldr)", file, a2, t.Get(row, "alpha3"))
			}
			row[t.Index("region_m49")], row[t.Index("subregion_m49")] = e.region[0], e.region[1]
		}
		if err := set(row, a2, fieldsOf("name")...); err != nil {
			return err
		}
		if err := set(row, t.Get(row, "region_m49"), fieldsOf("region")...); err != nil {
			return err
		}
		if err := set(row, t.Get(row, "subregion_m49"), fieldsOf("subregion")...); err != nil {
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

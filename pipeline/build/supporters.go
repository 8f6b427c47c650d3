package build

import (
	"sort"
	"strconv"
	"time"

	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/pipeline/countries"
	"github.com/cybernorms/cybernorms/pipeline/supporters"
)

func supporterTables(sr *supporters.Result) (st, ft schema.Data, err error) {
	st = schema.Data{Table: schema.Supporters}
	ft = schema.Data{Table: schema.SupporterFiles}
	day := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return supporters.Day(t)
	}
	for _, s := range sr.Supporters {
		eu := ""
		if s.EUMember != nil {
			eu = strconv.FormatBool(*s.EUMember)
		}
		err := st.Append(schema.Values{
			"supporter_id": s.ID, "name": s.Name, "category": s.Category, "category_published": s.CategoryPublished,
			"category_in_file_name": s.CategoryInFileName, "nature": s.Nature, "nationality": s.Nationality,
			"country": s.Country, "country_method": string(s.CountryMethod), "eu_member": eu,
			"first_seen": day(s.FirstSeen), "removed_on": day(s.RemovedOn), "in_first_commit": strconv.FormatBool(s.InFirstCommit),
			"date_signed": s.DateSigned, "alliance": s.Alliance, "website": s.Website, "twitter": s.Twitter, "linkedin": s.LinkedIn,
			"path": s.Path, "files": strconv.Itoa(len(s.Lineages)), "versions": strconv.Itoa(s.Versions), "fields_from": s.FieldsFrom,
		})
		if err != nil {
			return st, ft, err
		}
		for _, l := range s.Lineages {
			err := ft.Append(schema.Values{
				"supporter_id": s.ID, "first_path": l.FirstPath, "last_path": l.LastPath,
				"added_on": day(l.Added), "removed_on": day(l.Removed), "renames": strconv.Itoa(l.Renames), "linked_by": l.LinkedBy,
			})
			if err != nil {
				return st, ft, err
			}
		}
	}
	t := ft.Table
	sort.SliceStable(ft.Rows, func(i, j int) bool {
		a, b := ft.Rows[i], ft.Rows[j]
		for _, k := range []string{"supporter_id", "added_on", "first_path"} {
			if t.Get(a, k) != t.Get(b, k) {
				return t.Get(a, k) < t.Get(b, k)
			}
		}
		return false
	})
	return st, ft, nil
}

func countryTable(sup, named schema.Data, more ...string) (schema.Data, error) {
	codes := map[string]bool{}
	for _, c := range more {
		codes[c] = true
	}
	for _, c := range sup.Col("country") {
		if c != "" {
			codes[c] = true
		}
	}
	for _, c := range named.Col("country") {
		codes[c] = true
	}
	d := schema.Data{Table: schema.Countries}
	for _, c := range countries.All() {
		if !codes[c.Alpha3] {
			continue
		}
		v := schema.Values{"alpha3": c.Alpha3, "alpha2": c.Alpha2, "m49": c.M49, "region_m49": "", "subregion_m49": ""}
		// Names and regions come from the CLDR reference file (cldrNames).
		for _, l := range schema.NameLanguages {
			v["name_"+l.Tag], v["region_"+l.Tag], v["subregion_"+l.Tag] = "", "", ""
		}
		err := d.Append(v)
		if err != nil {
			return d, err
		}
	}
	return d, nil
}

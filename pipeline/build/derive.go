package build

import (
	"fmt"

	"github.com/cybernorms/cybernorms/analysis/claims"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/pipeline/supporters"
)

// Output is what build derives.
type Output struct {
	Tables     map[string]schema.Data
	Supporters *supporters.Result
	Version    string
}

// Derive computes every table. Rows are read and written by field name, so
// a table whose fields are reordered is still read and written correctly.
func Derive(in *Inputs) (*Output, error) {
	if err := checkCuratedReferences(in); err != nil {
		return nil, err
	}
	res, err := in.Resolver()
	if err != nil {
		return nil, err
	}
	c := in.Curated
	cats := map[string]string{}
	cw := c[schema.CategoryCrosswalk.Name]
	for _, r := range cw.Rows {
		cats[cw.Table.Get(r, "published")] = cw.Table.Get(r, "category")
	}
	var links []supporters.Link
	sl := c[schema.SupporterLinks.Name]
	for i, r := range sl.Rows {
		links = append(links, supporters.Link{From: sl.Table.Get(r, "from_path"), To: sl.Table.Get(r, "to_path"), Line: i + 2})
	}
	sr, err := supporters.Build(in.History, supporters.Config{
		Categories: cats, Resolver: res, Links: links,
		Source: File(in.Dir, schema.SupporterChanges), LinksSource: File(in.Dir, schema.SupporterLinks),
	})
	if err != nil {
		return nil, err
	}
	out := &Output{Tables: map[string]schema.Data{}, Supporters: sr, Version: in.Version}
	file := func(t *schema.Table) string { return File(in.Dir, t) }

	if out.Tables[schema.Principles.Name], err = sortedByInt(schema.Principles, c[schema.CuratedPrinciples.Name], "id", file(schema.CuratedPrinciples)); err != nil {
		return nil, err
	}
	frameworks, err := sortedByInt(schema.Frameworks, c[schema.CuratedFrameworks.Name], "position", file(schema.CuratedFrameworks))
	if err != nil {
		return nil, err
	}
	out.Tables[schema.Frameworks.Name] = frameworks
	if out.Tables[schema.Coverage.Name], err = coverage(c[schema.CuratedCoverage.Name], frameworks, file(schema.CuratedCoverage)); err != nil {
		return nil, err
	}
	if out.Tables[schema.CyberPower.Name], err = sortedByEnums(schema.CyberPower, c[schema.CuratedCyberPower.Name], "instrument", "locus", "power"); err != nil {
		return nil, err
	}
	if out.Tables[schema.DoctrineTimeline.Name], err = timeline(c[schema.CuratedTimeline.Name], file(schema.CuratedTimeline)); err != nil {
		return nil, err
	}
	named, err := namedCountries(c[schema.CuratedNamedCountries.Name], res, file(schema.CuratedNamedCountries))
	if err != nil {
		return nil, err
	}
	out.Tables[schema.NamedCountries.Name] = named
	if out.Tables[schema.Supporters.Name], out.Tables[schema.SupporterFiles.Name], err = supporterTables(sr); err != nil {
		return nil, err
	}
	published, err := supporters.PublishedHistory(sr, supporters.Config{Categories: cats, Resolver: res, Source: file(schema.SupporterChanges)})
	if err != nil {
		return nil, err
	}
	if out.Tables[schema.SupporterPublished.Name], out.Tables[schema.CategoryChanges.Name], err = publishedTables(published); err != nil {
		return nil, err
	}
	panelStates, err := in.panelStates(res)
	if err != nil {
		return nil, err
	}
	if out.Tables[schema.Countries.Name], err = countryTable(out.Tables[schema.Supporters.Name], named, panelStates...); err != nil {
		return nil, err
	}
	if err := in.cldrNames(out.Tables[schema.Countries.Name]); err != nil {
		return nil, err
	}
	set := datasets.FromTables(out.Tables, in.Version)
	if out.Tables[schema.Duplicates.Name], out.Tables[schema.Misfilings.Name], err = in.duplicates(set); err != nil {
		return nil, err
	}
	if out.Tables[schema.JoinDates.Name], err = joinDates(set); err != nil {
		return nil, err
	}
	if err := in.panel(out, set); err != nil {
		return nil, err
	}
	if err := in.joiningTables(set, out.Tables); err != nil {
		return nil, err
	}
	if out.Tables[schema.Claims.Name], err = claims.Table(set, c[schema.CuratedClaims.Name], claims.ParseEvidence(c[schema.Evidence.Name]), datasets.ChapterAccessDate, set.Span.Last, file(schema.CuratedClaims)); err != nil {
		return nil, err
	}
	if err := in.checkSources(out); err != nil {
		return nil, err
	}
	if out.Tables[vocab.Errata], err = in.errata(out); err != nil {
		return nil, err
	}
	if out.Tables[schema.ClaimLedger.Name], err = in.ledger(set); err != nil {
		return nil, err
	}

	for _, t := range schema.Derived {
		if err := out.Tables[t.Name].Check(t.CSV()); err != nil {
			return nil, fmt.Errorf("derived table does not match its schema: %w", err)
		}
	}
	if err := schema.CheckForeignKeys(out.Tables, func(t *schema.Table) string { return t.CSV() }); err != nil {
		return nil, fmt.Errorf("derived tables: %w", err)
	}
	return out, nil
}

// carry returns the cells of row, a row of from, of the fields t also has.

package build

import (
	"fmt"

	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/pipeline/arrowcodec"
)

// Encode returns every output file, by path relative to the data directory.
func Encode(in *Inputs, out *Output) (map[string][]byte, error) {
	files := map[string][]byte{}
	hash := vocab.Checksum
	pkg := schema.Package{
		Profile: schema.PackageProfile, Name: "paris-call-cybernorms",
		Title:       "The Paris Call for Trust and Security in Cyberspace: chapter facts and supporter history",
		Description: "Tables transcribed from a thesis chapter on French cyber doctrine and the Paris Call (principles, Tabel 2.1, Tabel 2.2, doctrine timeline), and the Call's supporters derived from the full git history of its official site.",
		Version:     out.Version,
		Keywords:    []string{"Paris Call", "cyber norms", "cybersecurity", "France", "international relations"},
		Licenses:    schema.PackageLicenses,
		Sources: []schema.Source{
			{Title: "Chapter II (BAB II) of a thesis on French cyber doctrine and the Paris Call (Indonesian)"},
			{Title: "Paris Call site repository, supporter files and history", Path: vocab.UpstreamURL},
			{Title: "Unicode CLDR via golang.org/x/text (ISO 3166-1 and M49 codes)", Path: "https://pkg.go.dev/golang.org/x/text"},
			{Title: "Unicode CLDR " + in.cldrVersion() + " JSON (country and region names, UN M49 regions)", Path: "https://github.com/unicode-org/cldr-json"},
		},
	}
	provenance(&pkg, in)
	for _, t := range schema.Derived {
		d := out.Tables[t.Name]
		csvb, err := d.EncodeCSV()
		if err != nil {
			return nil, err
		}
		arrowb, err := arrowcodec.EncodeArrow(d)
		if err != nil {
			return nil, fmt.Errorf("%s.arrow: %w", t.Path, err)
		}
		parq, err := arrowcodec.EncodeParquet(d)
		if err != nil {
			return nil, fmt.Errorf("%s.parquet: %w", t.Path, err)
		}
		files[t.CSV()], files[t.Path+".arrow"], files[t.Path+".parquet"] = csvb, arrowb, parq
		alts := []schema.File{
			{Path: t.Path + ".arrow", Format: "arrow", Mediatype: "application/vnd.apache.arrow.file", Bytes: len(arrowb), Hash: hash(arrowb)},
			{Path: t.Path + ".parquet", Format: "parquet", Mediatype: "application/vnd.apache.parquet", Bytes: len(parq), Hash: hash(parq)},
		}
		// Each resource's licence follows from its sources.
		pkg.Resources = append(pkg.Resources, schema.NewResource(t, schema.File{Path: t.CSV(), Bytes: len(csvb), Hash: hash(csvb)}, len(d.Rows), alts, schema.LicensesFor(t.Sources)))
	}
	raw := []struct {
		t    *schema.Table
		rows int
	}{
		{schema.SupporterChanges, len(in.History)},
		{schema.UpstreamCountryCodes, len(in.UpstreamCodes.Rows)},
		{schema.NationalityCrosswalk, len(in.Curated[schema.NationalityCrosswalk.Name].Rows)},
		{schema.CategoryCrosswalk, len(in.Curated[schema.CategoryCrosswalk.Name].Rows)},
		{schema.SupporterLinks, len(in.Curated[schema.SupporterLinks.Name].Rows)},
		{schema.Evidence, len(in.Curated[schema.Evidence.Name].Rows)},
		{schema.NotCheckable, len(in.Curated[schema.NotCheckable.Name].Rows)},
		{schema.DuplicateReview, len(in.Curated[schema.DuplicateReview.Name].Rows)},
		{schema.CLDRTerritories, len(in.Curated[schema.CLDRTerritories.Name].Rows)},
	}
	for _, r := range raw {
		b := in.raw[r.t.CSV()]
		pkg.Resources = append(pkg.Resources, schema.NewResource(r.t, schema.File{Path: r.t.CSV(), Bytes: len(b), Hash: hash(b)}, r.rows, nil, schema.LicensesFor(r.t.Sources)))
	}
	if g := in.raw[schema.GeometryPath]; g != nil {
		pkg.Resources = append(pkg.Resources, schema.NewFileResource(schema.GeometryName, schema.GeometryTitle, schema.GeometryDescription,
			schema.File{Path: schema.GeometryPath, Format: "geojson", Mediatype: "application/geo+json", Bytes: len(g), Hash: hash(g)},
			schema.GeometrySources, schema.GeometryLicenses))
		pkg.Sources = append(pkg.Sources, schema.GeometrySources[0])
	}
	desc, err := pkg.Encode()
	if err != nil {
		return nil, err
	}
	files[DescriptorFile] = desc
	return files, nil
}

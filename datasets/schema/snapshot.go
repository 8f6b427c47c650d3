package schema

// SupporterChanges describes the raw snapshot written by refresh.
var SupporterChanges = &Table{
	Name: "supporter_changes", Path: "snapshot/supporter_changes",
	Title: "Supporter file history as published (raw snapshot)",
	Description: "One row per supporter file per change along the first-parent history of the upstream's default branch, " +
		"with the front-matter fields exactly as written. Renames are paired within a change when the content, the file-name slug " +
		"or the name is the same. Written by refresh; the input of build.",
	Fields: []Field{
		{Name: "seq", Type: Integer, Required: true, Minimum: i64(0), Description: "Position of the upstream commit in first-parent order, 0 = oldest."},
		{Name: "date", Type: DateTime, Required: true, Description: "Committer date of that commit with the upstream's own offset: when the change was published."},
		{Name: "change", Type: String, Required: true, Enum: []string{"added", "removed", "renamed", "modified"}, Description: "What happened to the file."},
		{Name: "path", Type: String, Required: true, Description: "File path in the upstream repository (after a rename)."},
		{Name: "old_path", Type: String, Description: "Path before a rename."},
		{Name: "name", Type: String, Description: "name field as written (for a removal, of the version removed)."},
		{Name: "category", Type: String, Description: "category field as written."},
		{Name: "nature", Type: String, Description: "nature field as written."},
		{Name: "nationality", Type: String, Description: "nationality field as written."},
		{Name: "date_signed", Type: String, Description: "date_signed field as written."},
		{Name: "alliance", Type: String, Description: "alliance field as written (2019 entries)."},
		{Name: "website", Type: String, Description: "website field as written."},
		{Name: "twitter", Type: String, Description: "twitter field as written."},
		{Name: "linkedin", Type: String, Description: "linkedin field as written."},
		{Name: "keys", Type: String, Description: "Every front-matter key present, in file order, space-separated: tells an absent field from an empty one."},
		{Name: "other_fields", Type: String, Description: "Keys outside the known fields, as a JSON object."},
		{Name: "problem", Type: String, Description: "Why the file could not be read (malformed front matter, symbolic link…), if it could not."},
		{Name: "subject", Type: String, Description: "Subject line of the upstream commit."},
	},
	PrimaryKey: []string{"seq", "path"},
	Sources:    []Source{{Title: "Supporter files of the Paris Call site, full git history", Path: upstreamRepo}},
}

// UpstreamCountryCodes describes the upstream's own country list, kept as
// published because its French names resolve 2019 nationality values.
var UpstreamCountryCodes = &Table{
	Name: "upstream_country_codes", Path: "snapshot/country_codes",
	Title:       "The upstream's country list (_data/country-codes.csv), as published",
	Description: "Copied verbatim from the upstream's default branch by refresh. Its French and English names help resolve the French country names of 2019 entries; its codes are the upstream's, not all ISO.",
	Fields: []Field{
		{Name: "ISO-3166-1-alpha-3", Type: String, Unique: true, Description: "Code as the upstream writes it (empty for the Palestinian Territories)."},
		{Name: "official-fr", Type: String, Required: true, Unique: true, Description: "Official French name: the key, as the one code left empty cannot be."},
		{Name: "usual-fr", Type: String, Description: "Usual French name."},
		{Name: "usual-en", Type: String, Description: "Usual English name."},
		{Name: "article-fr", Type: String, Description: "French article."},
	},
	PrimaryKey: []string{"official-fr"},
	Sources:    []Source{{Title: "Paris Call site repository, _data/country-codes.csv", Path: upstreamRepo}},
}

// World geometry, a non-tabular resource.
const (
	GeometryName        = "world_geometry"
	GeometryPath        = "geo/countries.geojson"
	GeometryTitle       = "Country boundaries for world maps"
	GeometryDescription = "Natural Earth 4.1.0 admin-0 countries at 1:50m (world-atlas 2.0.2), simplified (Douglas-Peucker, 0.02°) and rounded to 0.001° by `cybernorms geo`; polygons smaller than 0.08° kept whole. Features keyed by ISO 3166-1 numeric code (countries.m49); disputed areas have no id."
)

// GeometrySources and GeometryLicenses are the geometry's provenance.
var (
	GeometrySources  = []Source{{Title: "Natural Earth 1:50m Cultural Vectors, Admin 0 – Countries, version 4.1.0", Path: "https://www.naturalearthdata.com/"}, {Title: "world-atlas 2.0.2 (TopoJSON of Natural Earth)", Path: "https://github.com/topojson/world-atlas"}}
	GeometryLicenses = []License{{Name: "public-domain", Title: "Public domain (Natural Earth terms of use)", Path: "https://www.naturalearthdata.com/about/terms-of-use/"}}
)

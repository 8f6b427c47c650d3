// Package build derives the normalized tables from the committed snapshot and
// the curated transcriptions, offline and deterministically, and writes them
// as CSV, Arrow IPC and Parquet with a Frictionless datapackage.json.
//
// Everything is computed and encoded in memory first and then written as one
// transaction, so a build that fails leaves the previous datasets untouched.
package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cybernorms/cybernorms/analysis/claims"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/internal/atomicfs"
	"github.com/cybernorms/cybernorms/pipeline/arrowcodec"
	"github.com/cybernorms/cybernorms/pipeline/countries"
	"github.com/cybernorms/cybernorms/pipeline/snapshot"
	"github.com/cybernorms/cybernorms/pipeline/supporters"
)

// ChangelogFile records each data release; its newest heading is the version.
const ChangelogFile = "CHANGELOG.md"

// DescriptorFile is the Frictionless descriptor.
const DescriptorFile = "datapackage.json"

// Inputs is everything build reads.
type Inputs struct {
	Dir           string
	Curated       map[string]schema.Data // by table name
	History       []snapshot.Change
	UpstreamCodes schema.Data
	Version       string
	raw           map[string][]byte // input files published as they are
}

// Output is what build derives.
type Output struct {
	Tables     map[string]schema.Data
	Supporters *supporters.Result
	Version    string
}

var curatedTables = []*schema.Table{
	schema.CuratedPrinciples, schema.CuratedFrameworks, schema.CuratedCoverage, schema.CuratedCyberPower,
	schema.CuratedTimeline, schema.CuratedNamedCountries, schema.CuratedClaims,
	schema.NationalityCrosswalk, schema.CategoryCrosswalk, schema.SupporterLinks,
}

// File returns the path of a table's CSV below dir, for reading and messages.
func File(dir string, t *schema.Table) string { return filepath.Join(dir, filepath.FromSlash(t.CSV())) }

// LoadInputs reads and checks every input file.
func LoadInputs(dir string) (*Inputs, error) { return LoadInputsWith(dir, nil) }

// LoadInputsWith is LoadInputs with some files, by path relative to dir,
// taken from overlay instead of the disk: refresh builds from the snapshot it
// has just read before writing anything.
func LoadInputsWith(dir string, overlay map[string][]byte) (*Inputs, error) {
	in := &Inputs{Dir: dir, Curated: map[string]schema.Data{}, raw: map[string][]byte{}}
	readFile := func(rel string) ([]byte, error) {
		if b, ok := overlay[rel]; ok {
			return b, nil
		}
		return os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	}
	read := func(t *schema.Table) (schema.Data, error) {
		p := File(dir, t)
		b, err := readFile(t.CSV())
		if err != nil {
			return schema.Data{}, fmt.Errorf("%s: %w", p, unwrapPathError(err))
		}
		in.raw[t.CSV()] = b
		return schema.ReadCSV(strings.NewReader(string(b)), p, t)
	}
	for _, t := range curatedTables {
		d, err := read(t)
		if err != nil {
			return nil, err
		}
		in.Curated[t.Name] = d
	}
	codes, err := read(schema.UpstreamCountryCodes)
	if err != nil {
		return nil, err
	}
	in.UpstreamCodes = codes
	p := File(dir, schema.SupporterChanges)
	b, err := readFile(schema.SupporterChanges.CSV())
	if err != nil {
		return nil, fmt.Errorf("%s: %w (run refresh first)", p, unwrapPathError(err))
	}
	in.raw[schema.SupporterChanges.CSV()] = b
	if in.History, err = snapshot.Read(strings.NewReader(string(b)), p); err != nil {
		return nil, err
	}
	cl, err := readFile(ChangelogFile)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, ChangelogFile), unwrapPathError(err))
	}
	if in.Version, err = ParseVersion(cl, filepath.Join(dir, ChangelogFile)); err != nil {
		return nil, err
	}
	// The map geometry is an input of the charts, not of any table; build
	// only describes it in datapackage.json.
	if g, err := readFile(schema.GeometryPath); err == nil {
		in.raw[schema.GeometryPath] = g
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return in, nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

var versionRE = regexp.MustCompile(`(?m)^## (\d+\.\d+\.\d+)\b`)

// ParseVersion returns the newest version in a changelog read from path.
func ParseVersion(changelog []byte, path string) (string, error) {
	m := versionRE.FindSubmatch(changelog)
	if m == nil {
		return "", fmt.Errorf("%s: no \"## X.Y.Z\" release heading", path)
	}
	return string(m[1]), nil
}

// Resolver builds the nationality resolver from the inputs.
func (in *Inputs) Resolver() (*countries.Resolver, error) {
	return countries.ResolverFromTables(in.Curated[schema.NationalityCrosswalk.Name], in.UpstreamCodes, File(in.Dir, schema.NationalityCrosswalk))
}

// Derive computes every table. Rows are read and written by field name, so
// a table whose fields are reordered is still read and written correctly.
func Derive(in *Inputs) (*Output, error) {
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
	if out.Tables[schema.Countries.Name], err = countryTable(out.Tables[schema.Supporters.Name], named); err != nil {
		return nil, err
	}
	set := datasets.FromTables(out.Tables, in.Version)
	if out.Tables[schema.Claims.Name], err = claims.Table(set, c[schema.CuratedClaims.Name], datasets.ChapterAccessDate, set.Last, file(schema.CuratedClaims)); err != nil {
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
func carry(t, from *schema.Table, row []string) schema.Values {
	v := schema.Values{}
	for _, f := range from.Fields {
		if t.Index(f.Name) >= 0 {
			v[f.Name] = from.Get(row, f.Name)
		}
	}
	return v
}

// project writes the rows of a curated table as rows of t, field by field.
func project(t *schema.Table, in schema.Data) (schema.Data, error) {
	d := schema.Data{Table: t}
	for _, r := range in.Rows {
		if err := d.Append(carry(t, in.Table, r)); err != nil {
			return d, err
		}
	}
	return d, nil
}

// ints reads an integer field of every row; file names in in errors.
func ints(in schema.Data, field, file string) ([]int, error) {
	out := make([]int, len(in.Rows))
	for i, r := range in.Rows {
		n, err := strconv.Atoi(in.Table.Get(r, field))
		if err != nil {
			return nil, &schema.Error{File: file, Line: i + 2, Field: field, Msg: fmt.Sprintf("%q is not an integer", in.Table.Get(r, field))}
		}
		out[i] = n
	}
	return out, nil
}

// sortedByInt is the curated table in as t, ordered by an integer field.
func sortedByInt(t *schema.Table, in schema.Data, field, file string) (schema.Data, error) {
	keys, err := ints(in, field, file)
	if err != nil {
		return schema.Data{}, err
	}
	order := make([]int, len(in.Rows))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return keys[order[a]] < keys[order[b]] })
	return project(t, schema.Data{Table: in.Table, Rows: permute(in.Rows, order)})
}

func permute(rows [][]string, order []int) [][]string {
	out := make([][]string, len(order))
	for i, o := range order {
		out[i] = rows[o]
	}
	return out
}

// sortedByEnums is the curated table in as t, ordered by the enum order of
// the given fields.
func sortedByEnums(t *schema.Table, in schema.Data, fields ...string) (schema.Data, error) {
	d, err := project(t, in)
	if err != nil {
		return d, err
	}
	rank := func(row []string, f string) int {
		v := t.Get(row, f)
		enum := t.Field(f).Enum
		for n, e := range enum {
			if e == v {
				return n
			}
		}
		return len(enum)
	}
	sort.SliceStable(d.Rows, func(i, j int) bool {
		for _, f := range fields {
			if ra, rb := rank(d.Rows[i], f), rank(d.Rows[j], f); ra != rb {
				return ra < rb
			}
		}
		return false
	})
	return d, nil
}

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
		v["date"], v["date_iso"], v["precision"] = start.Format(time.DateOnly), date, precision
		v["year"], v["end_date_iso"] = strconv.Itoa(start.Year()), endDate
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

func parsePartialDate(s string) (time.Time, string, error) {
	for _, f := range []struct{ layout, precision string }{{"2006-01-02", "day"}, {"2006-01", "month"}, {"2006", "year"}} {
		if len(s) == len(f.layout) {
			t, err := time.Parse(f.layout, s)
			if err != nil {
				return t, "", fmt.Errorf("%q is not a valid %s", s, f.precision)
			}
			return t, f.precision, nil
		}
	}
	return time.Time{}, "", fmt.Errorf("%q is not YYYY, YYYY-MM or YYYY-MM-DD", s)
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

func countryTable(sup, named schema.Data) (schema.Data, error) {
	codes := map[string]bool{}
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
		err := d.Append(schema.Values{
			"alpha3": c.Alpha3, "alpha2": c.Alpha2, "m49": c.M49, "name_en": c.NameEN, "name_fr": c.NameFR, "name_id": c.NameID,
			"region_m49": c.Region.M49, "region_en": c.Region.NameEN, "region_fr": c.Region.NameFR, "region_id": c.Region.NameID,
			"subregion_m49": c.Subregion.M49, "subregion_en": c.Subregion.NameEN, "subregion_fr": c.Subregion.NameFR, "subregion_id": c.Subregion.NameID,
		})
		if err != nil {
			return d, err
		}
	}
	return d, nil
}

// Encode returns every output file, by path relative to the data directory.
func Encode(in *Inputs, out *Output) (map[string][]byte, error) {
	files := map[string][]byte{}
	hash := vocab.Checksum
	pkg := schema.Package{
		Profile: "tabular-data-package", Name: "paris-call-cybernorms",
		Title:       "The Paris Call for Trust and Security in Cyberspace: chapter facts and supporter history",
		Description: "Tables transcribed from a thesis chapter on French cyber doctrine and the Paris Call (principles, Tabel 2.1, Tabel 2.2, doctrine timeline), and the Call's supporters derived from the full git history of its official site.",
		Version:     out.Version,
		Keywords:    []string{"Paris Call", "cyber norms", "cybersecurity", "France", "international relations"},
		Licenses:    []schema.License{{Name: "CC-BY-4.0", Path: "https://creativecommons.org/licenses/by/4.0/", Title: "Creative Commons Attribution 4.0 (the project's transcriptions and derived tables)"}},
		Sources: []schema.Source{
			{Title: "Chapter II (BAB II) of a thesis on French cyber doctrine and the Paris Call (Indonesian)"},
			{Title: "Paris Call site repository, supporter files and history", Path: vocab.UpstreamURL},
			{Title: "Unicode CLDR via golang.org/x/text", Path: "https://pkg.go.dev/golang.org/x/text"},
		},
	}
	upstreamTerms := []schema.License{{Title: "Published by the Paris Call site; see the upstream repository for its terms", Path: vocab.UpstreamURL}}
	cldr := []schema.License{{Name: "Unicode-3.0", Path: "https://www.unicode.org/license.txt", Title: "Unicode License v3 (CLDR names and regions)"}}
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
		var lic []schema.License
		switch t {
		case schema.Supporters, schema.SupporterFiles:
			lic = upstreamTerms
		case schema.Countries:
			lic = cldr
		}
		pkg.Resources = append(pkg.Resources, schema.NewResource(t, schema.File{Path: t.CSV(), Bytes: len(csvb), Hash: hash(csvb)}, len(d.Rows), alts, lic))
	}
	raw := []struct {
		t    *schema.Table
		rows int
		lic  []schema.License
	}{
		{schema.SupporterChanges, len(in.History), upstreamTerms},
		{schema.UpstreamCountryCodes, len(in.UpstreamCodes.Rows), upstreamTerms},
		{schema.NationalityCrosswalk, len(in.Curated[schema.NationalityCrosswalk.Name].Rows), nil},
		{schema.CategoryCrosswalk, len(in.Curated[schema.CategoryCrosswalk.Name].Rows), nil},
		{schema.SupporterLinks, len(in.Curated[schema.SupporterLinks.Name].Rows), nil},
	}
	for _, r := range raw {
		b := in.raw[r.t.CSV()]
		pkg.Resources = append(pkg.Resources, schema.NewResource(r.t, schema.File{Path: r.t.CSV(), Bytes: len(b), Hash: hash(b)}, r.rows, nil, r.lic))
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

// Options configure Run.
type Options struct {
	Dir string
	// FailBefore is a test hook passed to the file transaction.
	FailBefore func(step, rel string) error
}

// Report says what Run did.
type Report struct {
	Output    *Output
	Written   []string
	Unchanged []string
}

// Run builds the datasets in opts.Dir.
func Run(opts Options) (*Report, error) {
	// Read the committed inputs, not the half of a killed run's.
	if err := atomicfs.Recover(opts.Dir); err != nil {
		return nil, err
	}
	in, err := LoadInputs(opts.Dir)
	if err != nil {
		return nil, err
	}
	out, err := Derive(in)
	if err != nil {
		return nil, err
	}
	files, err := Encode(in, out)
	if err != nil {
		return nil, err
	}
	tx := atomicfs.New(opts.Dir)
	for rel, b := range files {
		tx.Add(rel, b)
	}
	if opts.FailBefore != nil {
		tx.FailBefore(opts.FailBefore)
	}
	res, err := tx.Commit()
	if err != nil {
		return nil, err
	}
	return &Report{Output: out, Written: res.Written, Unchanged: res.Unchanged}, nil
}

// Package build derives the normalized tables from the committed snapshot and
// the curated transcriptions, offline and deterministically, and writes them
// as CSV, Arrow IPC and Parquet with a Frictionless datapackage.json.
//
// Everything is computed and encoded in memory first and then written as one
// transaction, so a build that fails leaves the previous datasets untouched.
package build

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
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
	"github.com/cybernorms/cybernorms/internal/atomicfs"
	"github.com/cybernorms/cybernorms/pipeline/countries"
	"github.com/cybernorms/cybernorms/pipeline/snapshot"
	"github.com/cybernorms/cybernorms/pipeline/supporters"
	"github.com/cybernorms/cybernorms/pipeline/tables"
	"github.com/cybernorms/cybernorms/pipeline/validate"
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
func File(dir string, t *schema.Table) string { return filepath.Join(dir, t.Path+".csv") }

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
		b, err := readFile(t.Path + ".csv")
		if err != nil {
			return schema.Data{}, fmt.Errorf("%s: %w", p, unwrapPathError(err))
		}
		in.raw[t.Path+".csv"] = b
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
	b, err := readFile(schema.SupporterChanges.Path + ".csv")
	if err != nil {
		return nil, fmt.Errorf("%s: %w (run refresh first)", p, unwrapPathError(err))
	}
	in.raw[schema.SupporterChanges.Path+".csv"] = b
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

// ReadVersion returns the newest version in dir's changelog.
func ReadVersion(dir string) (string, error) {
	p := filepath.Join(dir, ChangelogFile)
	b, err := os.ReadFile(p)
	if err != nil {
		return "", fmt.Errorf("%s: %w", p, unwrapPathError(err))
	}
	return ParseVersion(b, p)
}

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
	cw := in.Curated[schema.NationalityCrosswalk.Name]
	var entries []countries.Crosswalk
	for _, r := range cw.Rows {
		entries = append(entries, countries.Crosswalk{Published: r[0], Alpha3: r[1], Note: r[2]})
	}
	var names [][2]string
	for _, r := range in.UpstreamCodes.Rows {
		for _, n := range r[1:4] {
			if n != "" {
				names = append(names, [2]string{r[0], n})
			}
		}
	}
	res, err := countries.NewResolver(entries, names)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", File(in.Dir, schema.NationalityCrosswalk), err)
	}
	return res, nil
}

// Derive computes every table.
func Derive(in *Inputs) (*Output, error) {
	if err := checkCuratedReferences(in); err != nil {
		return nil, err
	}
	res, err := in.Resolver()
	if err != nil {
		return nil, err
	}
	cats := map[string]string{}
	for _, r := range in.Curated[schema.CategoryCrosswalk.Name].Rows {
		cats[r[0]] = r[1]
	}
	var links []supporters.Link
	for i, r := range in.Curated[schema.SupporterLinks.Name].Rows {
		links = append(links, supporters.Link{From: r[0], To: r[1], Reason: r[2], Line: i + 2})
	}
	sr, err := supporters.Build(in.History, supporters.Config{
		Categories: cats, Resolver: res, Links: links,
		Source: File(in.Dir, schema.SupporterChanges), LinksSource: File(in.Dir, schema.SupporterLinks),
	})
	if err != nil {
		return nil, err
	}
	out := &Output{Tables: map[string]schema.Data{}, Supporters: sr, Version: in.Version}
	c := in.Curated

	out.Tables["principles"] = sortedCopy(schema.Principles, c["curated_principles"], func(a, b []string) bool { return atoi(a[0]) < atoi(b[0]) })
	frameworks := sortedCopy(schema.Frameworks, c["curated_frameworks"], func(a, b []string) bool { return atoi(a[1]) < atoi(b[1]) })
	out.Tables["frameworks"] = frameworks
	out.Tables["coverage"] = coverage(c["curated_coverage"], frameworks)
	out.Tables["cyber_power"] = sortedCopy(schema.CyberPower, c["curated_cyber_power"], byEnums(schema.CyberPower, "instrument", "locus", "power"))
	if out.Tables["doctrine_timeline"], err = timeline(c["curated_doctrine_timeline"], File(in.Dir, schema.CuratedTimeline)); err != nil {
		return nil, err
	}
	named, err := namedCountries(c["curated_named_countries"], res, File(in.Dir, schema.CuratedNamedCountries))
	if err != nil {
		return nil, err
	}
	out.Tables["named_countries"] = named
	out.Tables["supporters"], out.Tables["supporter_files"] = supporterTables(sr)
	out.Tables["countries"] = countryTable(out.Tables["supporters"], named)
	set := datasets.FromTables(out.Tables, in.Version)
	if out.Tables["claims"], err = claims.Table(set, c["curated_claims"], datasets.ChapterAccessDate, set.Last, File(in.Dir, schema.CuratedClaims)); err != nil {
		return nil, err
	}

	for _, t := range schema.Derived {
		if err := out.Tables[t.Name].Check(t.Path + ".csv"); err != nil {
			return nil, fmt.Errorf("derived table does not match its schema: %w", err)
		}
	}
	if err := schema.CheckForeignKeys(out.Tables, func(t *schema.Table) string { return t.Path + ".csv" }); err != nil {
		return nil, fmt.Errorf("derived tables: %w", err)
	}
	return out, nil
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func sortedCopy(t *schema.Table, d schema.Data, less func(a, b []string) bool) schema.Data {
	rows := make([][]string, len(d.Rows))
	copy(rows, d.Rows)
	sort.SliceStable(rows, func(i, j int) bool { return less(rows[i], rows[j]) })
	return schema.Data{Table: t, Rows: rows}
}

// byEnums orders rows by the enum order of the given fields.
func byEnums(t *schema.Table, fields ...string) func(a, b []string) bool {
	rank := func(row []string, f string) int {
		i := t.Index(f)
		for n, e := range t.Fields[i].Enum {
			if e == row[i] {
				return n
			}
		}
		return len(t.Fields[i].Enum)
	}
	return func(a, b []string) bool {
		for _, f := range fields {
			if ra, rb := rank(a, f), rank(b, f); ra != rb {
				return ra < rb
			}
		}
		return false
	}
}

func coverage(in schema.Data, frameworks schema.Data) schema.Data {
	pos := map[string]int{}
	for _, r := range frameworks.Rows {
		pos[r[0]] = atoi(r[1])
	}
	d := schema.Data{Table: schema.Coverage}
	for _, r := range in.Rows {
		d.Rows = append(d.Rows, []string{r[0], r[1], strconv.FormatBool(r[2] == "✓"), r[2], r[3]})
	}
	sort.SliceStable(d.Rows, func(i, j int) bool {
		a, b := d.Rows[i], d.Rows[j]
		if pos[a[0]] != pos[b[0]] {
			return pos[a[0]] < pos[b[0]]
		}
		return atoi(a[1]) < atoi(b[1])
	})
	return d
}

func timeline(in schema.Data, file string) (schema.Data, error) {
	d := schema.Data{Table: schema.DoctrineTimeline}
	for i, r := range in.Rows {
		start, precision, err := parsePartialDate(r[1])
		if err != nil {
			return d, &schema.Error{File: file, Line: i + 2, Field: "date", Msg: err.Error()}
		}
		if r[2] != "" {
			end, _, err := parsePartialDate(r[2])
			if err != nil {
				return d, &schema.Error{File: file, Line: i + 2, Field: "end_date", Msg: err.Error()}
			}
			if end.Before(start) {
				return d, &schema.Error{File: file, Line: i + 2, Field: "end_date", Msg: fmt.Sprintf("%s is before the date %s", r[2], r[1])}
			}
		}
		d.Rows = append(d.Rows, append([]string{r[0], start.Format(time.DateOnly), r[1], precision, strconv.Itoa(start.Year()), r[2]}, r[3:]...))
	}
	sort.SliceStable(d.Rows, func(i, j int) bool {
		if d.Rows[i][1] != d.Rows[j][1] {
			return d.Rows[i][1] < d.Rows[j][1]
		}
		return d.Rows[i][0] < d.Rows[j][0]
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
		if _, ok := countries.Lookup(r[0]); !ok {
			return in, &schema.Error{File: file, Line: i + 2, Field: "country", Msg: fmt.Sprintf("%q is not a current ISO 3166-1 alpha-3 code", r[0])}
		}
		if got := res.Resolve(r[1]); got.Alpha3 != "" && got.Alpha3 != r[0] {
			return in, &schema.Error{File: file, Line: i + 2, Field: "country", Msg: fmt.Sprintf("%s, but CLDR reads %q as %s", r[0], r[1], got.Alpha3)}
		}
	}
	return schema.Data{Table: schema.NamedCountries, Rows: in.Rows}, nil
}

func supporterTables(sr *supporters.Result) (schema.Data, schema.Data) {
	st := schema.Data{Table: schema.Supporters}
	ft := schema.Data{Table: schema.SupporterFiles}
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
		st.Rows = append(st.Rows, []string{
			s.ID, s.Name, s.Category, s.CategoryPublished, s.CategoryInFileName, s.Nature, s.Nationality,
			s.Country, string(s.CountryMethod), eu, day(s.FirstSeen), day(s.RemovedOn), strconv.FormatBool(s.InFirstCommit),
			s.DateSigned, s.Alliance, s.Website, s.Twitter, s.LinkedIn, s.Path,
			strconv.Itoa(len(s.Lineages)), strconv.Itoa(s.Versions), s.FieldsFrom,
		})
		for _, l := range s.Lineages {
			ft.Rows = append(ft.Rows, []string{s.ID, l.FirstPath, l.LastPath, day(l.Added), day(l.Removed), strconv.Itoa(l.Renames), l.LinkedBy})
		}
	}
	sort.SliceStable(ft.Rows, func(i, j int) bool {
		a, b := ft.Rows[i], ft.Rows[j]
		for _, k := range []int{0, 3, 1} {
			if a[k] != b[k] {
				return a[k] < b[k]
			}
		}
		return false
	})
	return st, ft
}

func countryTable(sup, named schema.Data) schema.Data {
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
		d.Rows = append(d.Rows, []string{
			c.Alpha3, c.Alpha2, c.M49, c.NameEN, c.NameFR, c.NameID,
			c.Region.M49, c.Region.NameEN, c.Region.NameFR, c.Region.NameID,
			c.Subregion.M49, c.Subregion.NameEN, c.Subregion.NameFR, c.Subregion.NameID,
		})
	}
	return d
}

// Encode returns every output file, by path relative to the data directory.
func Encode(in *Inputs, out *Output) (map[string][]byte, error) {
	files := map[string][]byte{}
	hash := func(b []byte) string {
		s := sha256.Sum256(b)
		return "sha256:" + hex.EncodeToString(s[:])
	}
	pkg := schema.Package{
		Profile: "tabular-data-package", Name: "paris-call-cybernorms",
		Title:       "The Paris Call for Trust and Security in Cyberspace: chapter facts and supporter history",
		Description: "Tables transcribed from a thesis chapter on French cyber doctrine and the Paris Call (principles, Tabel 2.1, Tabel 2.2, doctrine timeline), and the Call's supporters derived from the full git history of its official site.",
		Version:     out.Version,
		Keywords:    []string{"Paris Call", "cyber norms", "cybersecurity", "France", "international relations"},
		Licenses:    []schema.License{{Name: "CC-BY-4.0", Path: "https://creativecommons.org/licenses/by/4.0/", Title: "Creative Commons Attribution 4.0 (the project's transcriptions and derived tables)"}},
		Sources: []schema.Source{
			{Title: "Chapter II (BAB II) of a thesis on French cyber doctrine and the Paris Call (Indonesian)"},
			{Title: "Paris Call site repository, supporter files and history", Path: "https://github.com/ambanum/pariscall.international"},
			{Title: "Unicode CLDR via golang.org/x/text", Path: "https://pkg.go.dev/golang.org/x/text"},
		},
	}
	upstreamTerms := []schema.License{{Title: "Published by the Paris Call site; see the upstream repository for its terms", Path: "https://github.com/ambanum/pariscall.international"}}
	cldr := []schema.License{{Name: "Unicode-3.0", Path: "https://www.unicode.org/license.txt", Title: "Unicode License v3 (CLDR names and regions)"}}
	for _, t := range schema.Derived {
		d := out.Tables[t.Name]
		csvb, err := d.EncodeCSV()
		if err != nil {
			return nil, err
		}
		arrowb, err := tables.EncodeArrow(d)
		if err != nil {
			return nil, fmt.Errorf("%s.arrow: %w", t.Path, err)
		}
		parq, err := tables.EncodeParquet(d)
		if err != nil {
			return nil, fmt.Errorf("%s.parquet: %w", t.Path, err)
		}
		files[t.Path+".csv"], files[t.Path+".arrow"], files[t.Path+".parquet"] = csvb, arrowb, parq
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
		pkg.Resources = append(pkg.Resources, schema.NewResource(t, schema.File{Path: t.Path + ".csv", Bytes: len(csvb), Hash: hash(csvb)}, len(d.Rows), alts, lic))
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
		b := in.raw[r.t.Path+".csv"]
		pkg.Resources = append(pkg.Resources, schema.NewResource(r.t, schema.File{Path: r.t.Path + ".csv", Bytes: len(b), Hash: hash(b)}, r.rows, nil, r.lic))
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
	// Context, when set, stops the build at its next safe point once done.
	Context context.Context
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
	if err := validate.CheckStaged(opts.Dir, files); err != nil {
		return nil, err
	}
	tx := atomicfs.New(opts.Dir)
	if opts.Context != nil {
		if err := context.Cause(opts.Context); err != nil {
			return nil, err
		}
		tx.StopOn(opts.Context)
	}
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

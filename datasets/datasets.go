// Package datasets loads the published tables of this directory for the
// charts, the notebooks and the report: checked against their schema, as typed
// rows (package frames has them as gota DataFrames).
//
// It reads what build wrote and never writes; Find locates the directory from
// anywhere inside the repository, so notebooks need no machine-specific path.
package datasets

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/geo"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

// ChapterAccessDate is the day the chapter's author read the supporters page
// (footnote 4 of section 2.5.1): the chapter's own "as of" date.
var ChapterAccessDate = civil.MustParse(vocab.ChapterAccessDate)

// Table names, for Frame.
const (
	Principles       = vocab.Principles
	Frameworks       = vocab.Frameworks
	Coverage         = vocab.Coverage
	CyberPower       = vocab.CyberPower
	DoctrineTimeline = vocab.DoctrineTimeline
	Countries        = vocab.Countries
	Supporters       = vocab.Supporters
	SupporterFiles   = vocab.SupporterFiles
	NamedCountries   = vocab.NamedCountries
	Claims           = vocab.Claims
)

// Set is the loaded datasets.
type Set struct {
	Dir     string
	Version string
	Tables  map[string]schema.Data
	// Span runs from the first to the last record of the supporter history.
	Span civil.Span
	// Descriptor is the datapackage.json every file read was verified
	// against: its checksums are those of the bytes read.
	Descriptor []byte
	verified   map[string][]byte
}

// Find returns the datasets directory: $CYBERNORMS_DATA if set, else a
// "datasets" directory holding datapackage.json in the notebook's directory
// ($GONB_DIR, under GoNB) or the working directory, or one of their parents.
func Find() (string, error) {
	if d := os.Getenv("CYBERNORMS_DATA"); d != "" {
		return d, nil
	}
	wd := os.Getenv("GONB_DIR")
	if wd == "" {
		var err error
		if wd, err = os.Getwd(); err != nil {
			return "", err
		}
	}
	for d := wd; ; d = filepath.Dir(d) {
		p := filepath.Join(d, "datasets")
		if _, err := os.Stat(filepath.Join(p, "datapackage.json")); err == nil {
			return p, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no datasets/datapackage.json in %s or its parents (set CYBERNORMS_DATA)", wd)
		}
	}
}

// Load finds and opens the datasets.
func Load() (*Set, error) {
	d, err := Find()
	if err != nil {
		return nil, err
	}
	return Open(d)
}

// MustLoad is Load for notebooks: it panics with Load's error.
func MustLoad() *Set {
	s, err := Load()
	if err != nil {
		panic(err)
	}
	return s
}

// Open reads every derived table of dir and checks it against its schema.
func Open(dir string) (*Set, error) {
	s := &Set{Dir: dir, Tables: map[string]schema.Data{}}
	b, err := ReadResource(dir, "datapackage.json")
	if err != nil {
		return nil, fmt.Errorf("datasets: %w (run build)", err)
	}
	var pkg struct{ Version string }
	if err := json.Unmarshal(b, &pkg); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "datapackage.json"), err)
	}
	s.Version = pkg.Version
	if s.verified, err = verify(dir, b); err != nil {
		return nil, err
	}
	s.Descriptor = b
	for _, t := range schema.Derived {
		p := filepath.Join(dir, t.Path+".csv")
		d, err := schema.ReadCSV(bytes.NewReader(s.verified[t.Path+".csv"]), p, t)
		if err != nil {
			return nil, err
		}
		s.Tables[t.Name] = d
	}
	s.span()
	return s, nil
}

// FromTables makes a Set of tables already in memory (as build has them).
func FromTables(tables map[string]schema.Data, version string) *Set {
	s := &Set{Tables: tables, Version: version}
	s.span()
	return s
}

// span sets Span from the supporter files.
func (s *Set) span() {
	for _, f := range s.SupporterFiles() {
		if s.Span.First.IsZero() || f.AddedOn.Before(s.Span.First) {
			s.Span.First = f.AddedOn
		}
		for _, d := range []civil.Date{f.AddedOn, f.RemovedOn} {
			if d.After(s.Span.Last) {
				s.Span.Last = d
			}
		}
	}
}

// Date parses an as-of date at the edge (a flag, a notebook parameter) and
// refuses one outside the supporter history, naming its span.
func (s *Set) Date(v string) (civil.Date, error) { return s.Span.ParseIn(v) }

// MustDate is Date for a notebook's parameter cell.
func (s *Set) MustDate(v string) civil.Date {
	d, err := s.Date(v)
	if err != nil {
		panic(err)
	}
	return d
}

// rows maps each row of a table to a value of T by field name.
func rows[T any](s *Set, table string, f func(get func(string) string) T) []T {
	d := s.Tables[table]
	// Field positions are resolved once per table, not once per cell: the
	// supporters table alone has thousands of rows of seventeen fields.
	index := make(map[string]int, len(d.Table.Fields))
	for i, fd := range d.Table.Fields {
		index[fd.Name] = i
	}
	out := make([]T, 0, len(d.Rows))
	for _, r := range d.Rows {
		out = append(out, f(func(name string) string {
			i, ok := index[name]
			if !ok {
				panic("datasets: no field " + name + " in " + table)
			}
			return r[i]
		}))
	}
	return out
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// day reads a date cell the schema has already checked; "" is no date.
func day(s string) civil.Date { d, _ := civil.ParseOptional(s); return d }

// Principle is a row of principles.
type Principle struct {
	ID                                  int
	Slug, NameEN, LabelID, LabelIDTable string
}

// Principles returns the nine principles in order.
func (s *Set) Principles() []Principle {
	return rows(s, "principles", func(g func(string) string) Principle {
		return Principle{ID: atoi(g("id")), Slug: g("slug"), NameEN: g("name_en"), LabelID: g("label_id"), LabelIDTable: g("label_id_table")}
	})
}

// Framework is a row of frameworks.
type Framework struct {
	ID, Name, NameAsPrinted, Kind, Initiator, InitiatorName string
	Position, Year                                          int
}

// Frameworks returns the frameworks in Tabel 2.1 order.
func (s *Set) Frameworks() []Framework {
	return rows(s, "frameworks", func(g func(string) string) Framework {
		return Framework{ID: g("id"), Position: atoi(g("position")), Name: g("name"), NameAsPrinted: g("name_as_printed"),
			Kind: g("kind"), Initiator: g("initiator"), InitiatorName: g("initiator_name"), Year: atoi(g("year"))}
	})
}

// Cell is a row of coverage.
type Cell struct {
	Framework string
	Principle int
	Covered   bool
	Mark      string
}

// Coverage returns Tabel 2.1, framework by framework.
func (s *Set) Coverage() []Cell {
	return rows(s, "coverage", func(g func(string) string) Cell {
		return Cell{Framework: g("framework_id"), Principle: atoi(g("principle_id")), Covered: g("covered") == "true", Mark: g("mark")}
	})
}

// PowerCell is a row of cyber_power.
type PowerCell struct {
	Instrument, Locus, Power             string
	ExampleID, ExampleEN                 string
	InstrumentLabelID, InstrumentLabelEN string
	LocusLabelID, LocusLabelEN           string
}

// CyberPower returns Tabel 2.2.
func (s *Set) CyberPower() []PowerCell {
	return rows(s, "cyber_power", func(g func(string) string) PowerCell {
		return PowerCell{Instrument: g("instrument"), Locus: g("locus"), Power: g("power"), ExampleID: g("example_id"), ExampleEN: g("example_en"),
			InstrumentLabelID: g("instrument_label_id"), InstrumentLabelEN: g("instrument_label_en"), LocusLabelID: g("locus_label_id"), LocusLabelEN: g("locus_label_en")}
	})
}

// Event is a row of doctrine_timeline.
type Event struct {
	ID                             string
	Date                           civil.Date // first day of the period the event is dated to
	DateISO, Precision, EndDateISO string
	Year                           int
	Level, Kind                    string
	LabelEN, LabelID               string
	DescriptionID, DescriptionEN   string
	Citation, Section, DateNote    string
	// CorrectedDateISO is the date public sources give where it falls outside
	// the chapter's; CorrectionSource names that source.
	CorrectedDateISO, CorrectionClaim, CorrectionSource string
}

// Timeline returns the doctrine timeline by date.
func (s *Set) Timeline() []Event {
	return rows(s, "doctrine_timeline", func(g func(string) string) Event {
		return Event{ID: g("id"), Date: day(g("date")), DateISO: g("date_iso"), Precision: g("precision"), Year: atoi(g("year")), EndDateISO: g("end_date_iso"),
			Level: g("level"), Kind: g("kind"), LabelEN: g("label_en"), LabelID: g("label_id"), DescriptionID: g("description_id"), DescriptionEN: g("description_en"),
			Citation: g("citation"), Section: g("section"), DateNote: g("date_note"),
			CorrectedDateISO: g("corrected_date_iso"), CorrectionClaim: g("correction_claim"), CorrectionSource: g("correction_source")}
	})
}

// Country is a row of countries.
type Country struct {
	Alpha3, Alpha2, M49                     string
	NameEN, NameFR, NameID                  string
	RegionM49, RegionEN, RegionFR, RegionID string
	SubregionM49, SubregionEN, SubregionFR  string
	SubregionID                             string
}

// Countries returns the countries by alpha-3 code.
func (s *Set) Countries() map[string]Country {
	m := map[string]Country{}
	for _, c := range rows(s, "countries", func(g func(string) string) Country {
		return Country{Alpha3: g("alpha3"), Alpha2: g("alpha2"), M49: g("m49"), NameEN: g("name_en"), NameFR: g("name_fr"), NameID: g("name_id"),
			RegionM49: g("region_m49"), RegionEN: g("region_en"), RegionFR: g("region_fr"), RegionID: g("region_id"),
			SubregionM49: g("subregion_m49"), SubregionEN: g("subregion_en"), SubregionFR: g("subregion_fr"), SubregionID: g("subregion_id")}
	}) {
		m[c.Alpha3] = c
	}
	return m
}

// NamedCountry is a row of named_countries.
type NamedCountry struct{ Country, NameAsPrinted, Context, Section string }

// NamedCountries returns the chapter's country mentions in the order printed.
func (s *Set) NamedCountries() []NamedCountry {
	return rows(s, "named_countries", func(g func(string) string) NamedCountry {
		return NamedCountry{Country: g("country"), NameAsPrinted: g("name_as_printed"), Context: g("context"), Section: g("section")}
	})
}

// CheckedClaim is a row of claims: a statement of the chapter, its check,
// and what was observed on the chapter's access date and on the latest data.
type CheckedClaim struct {
	ID, Section, Kind, Quote, ClaimEN, Check string
	ObservedAccess, VerdictAccess            string
	ObservedLatest, VerdictLatest            string
}

// Claims returns the checked claims in the chapter's order.
func (s *Set) Claims() []CheckedClaim {
	return rows(s, "claims", func(g func(string) string) CheckedClaim {
		return CheckedClaim{ID: g("id"), Section: g("section"), Kind: g("kind"), Quote: g("quote"), ClaimEN: g("claim_en"), Check: g("check"),
			ObservedAccess: g("observed_access"), VerdictAccess: g("verdict_access"), ObservedLatest: g("observed_latest"), VerdictLatest: g("verdict_latest")}
	})
}

// Erratum is a row of errata: a statement of the chapter that does not hold
// on its own date, and what is found instead.
type Erratum struct {
	ClaimID, Section, Kind, ChapterSays, ClaimEN string
	Expected, Found, SourcesSay, Source, Event   string
}

// Errata returns the chapter's errata in the chapter's order.
func (s *Set) Errata() []Erratum {
	return rows(s, "errata", func(g func(string) string) Erratum {
		return Erratum{ClaimID: g("claim_id"), Section: g("section"), Kind: g("kind"), ChapterSays: g("chapter_says"), ClaimEN: g("claim_en"),
			Expected: g("expected"), Found: g("found"), SourcesSay: g("sources_say"), Source: g("source"), Event: g("event")}
	})
}

// LedgerEntry is a row of claim_ledger.
type LedgerEntry struct {
	ClaimID, HoldsOn, ShareHeld, Deciding string
	DaysHeld, MarginAccess                int
}

// Ledger returns the claim ledger in the chapter's order.
func (s *Set) Ledger() []LedgerEntry {
	return rows(s, "claim_ledger", func(g func(string) string) LedgerEntry {
		return LedgerEntry{ClaimID: g("claim_id"), HoldsOn: g("holds_on"), ShareHeld: g("share_held"), Deciding: g("deciding"),
			DaysHeld: atoi(g("days_held")), MarginAccess: atoi(g("margin_access"))}
	})
}

// Supporter is a row of supporters.
type Supporter struct {
	ID, Name, Category, CategoryPublished string
	Nature, Nationality, Country          string
	CountryMethod                         string
	EUMember                              bool // a state that is a member of the EU
	FirstSeen, RemovedOn                  civil.Date
	InFirstCommit                         bool
	DateSigned                            civil.Date
	Alliance                              string
	Website, LinkedIn                     string
	Path                                  string
	Files, Versions                       int
}

// Supporters returns every supporter, present or removed.
func (s *Set) Supporters() []Supporter {
	return rows(s, "supporters", func(g func(string) string) Supporter {
		return Supporter{ID: g("supporter_id"), Name: g("name"), Category: g("category"), CategoryPublished: g("category_published"),
			Nature: g("nature"), Nationality: g("nationality"), Country: g("country"), CountryMethod: g("country_method"),
			EUMember: g("eu_member") == "true", FirstSeen: day(g("first_seen")), RemovedOn: day(g("removed_on")), InFirstCommit: g("in_first_commit") == "true",
			DateSigned: day(g("date_signed")), Alliance: g("alliance"), Website: g("website"), LinkedIn: g("linkedin"), Path: g("path"), Files: atoi(g("files")), Versions: atoi(g("versions"))}
	})
}

// Classification is a row of supporter_published: a supporter's name,
// category and nationality as its files carried them from ValidFrom until
// ValidTo (exclusive; zero while current).
type Classification struct {
	SupporterID, Name, Category, CategoryPublished string
	Nationality, Country, Path                     string
	ValidFrom, ValidTo                             civil.Date
}

// Published returns every supporter's classifications over time, by
// supporter and date.
func (s *Set) Published() []Classification {
	return rows(s, "supporter_published", func(g func(string) string) Classification {
		return Classification{SupporterID: g("supporter_id"), Name: g("name"), Category: g("category"), CategoryPublished: g("category_published"),
			Nationality: g("nationality"), Country: g("country"), Path: g("path"), ValidFrom: day(g("valid_from")), ValidTo: day(g("valid_to"))}
	})
}

// CategoryChange is a row of category_changes.
type CategoryChange struct {
	SupporterID, Name, From, To, FromPublished, ToPublished string
	Date                                                    civil.Date
}

// CategoryChanges returns every change of a supporter's published category.
func (s *Set) CategoryChanges() []CategoryChange {
	return rows(s, "category_changes", func(g func(string) string) CategoryChange {
		return CategoryChange{SupporterID: g("supporter_id"), Name: g("name"), From: g("from_category"), To: g("to_category"),
			FromPublished: g("from_published"), ToPublished: g("to_published"), Date: day(g("date"))}
	})
}

// Duplicate is a row of duplicates: two supporters that share a website, a
// LinkedIn page or a normalised name, and the review's verdict.
type Duplicate struct{ A, B, Matches, Verdict, Evidence string }

// Duplicates returns the reviewed duplicate candidates.
func (s *Set) Duplicates() []Duplicate {
	return rows(s, "duplicates", func(g func(string) string) Duplicate {
		return Duplicate{A: g("supporter_a"), B: g("supporter_b"), Matches: g("matches"), Verdict: g("verdict"), Evidence: g("evidence")}
	})
}

// SupporterFile is a row of supporter_files.
type SupporterFile struct {
	SupporterID, FirstPath, LastPath, LinkedBy string
	AddedOn, RemovedOn                         civil.Date
	Renames                                    int
}

// SupporterFiles returns the file lineages of every supporter.
func (s *Set) SupporterFiles() []SupporterFile {
	return rows(s, "supporter_files", func(g func(string) string) SupporterFile {
		return SupporterFile{SupporterID: g("supporter_id"), FirstPath: g("first_path"), LastPath: g("last_path"),
			AddedOn: day(g("added_on")), RemovedOn: day(g("removed_on")), Renames: atoi(g("renames")), LinkedBy: g("linked_by")}
	})
}

// Shapes loads the world geometry the maps are drawn with.
func (s *Set) Shapes() ([]geo.Shape, error) {
	b, ok := s.verified[geo.File]
	var err error
	if !ok {
		b, err = os.ReadFile(filepath.Join(s.Dir, filepath.FromSlash(geo.File)))
	}
	if err != nil {
		return nil, fmt.Errorf("datasets: %w (run cybernorms geo)", err)
	}
	return geo.Load(b)
}

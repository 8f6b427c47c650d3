// Package datasets loads the published tables of this directory for the
// charts, the notebooks and the report: checked against their schema, as typed
// rows (package notebooks/frames has them as gota DataFrames).
//
// It reads what build wrote and never writes; Find locates the directory from
// anywhere inside the repository, so notebooks need no machine-specific path.
package datasets

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/geo"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

// ChapterAccessDate is the day the chapter's author read the supporters page
// (footnote 4 of section 2.5.1): the chapter's own "as of" date.
var ChapterAccessDate = civil.MustParse(vocab.ChapterAccessDate)

// Table names, for frames and Tables.
const (
	Principles         = vocab.Principles
	Frameworks         = vocab.Frameworks
	Coverage           = vocab.Coverage
	CyberPower         = vocab.CyberPower
	DoctrineTimeline   = vocab.DoctrineTimeline
	Countries          = vocab.Countries
	Supporters         = vocab.Supporters
	SupporterFiles     = vocab.SupporterFiles
	SupporterPublished = vocab.SupporterPublished
	CategoryChanges    = vocab.CategoryChanges
	Duplicates         = vocab.Duplicates
	Misfilings         = vocab.Misfilings
	JoinDates          = vocab.JoinDates
	NamedCountries     = vocab.NamedCountries
	Claims             = vocab.Claims
	ClaimLedger        = vocab.ClaimLedger
	Errata             = vocab.Errata
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
	d, err := schema.ParseDescriptor(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "datapackage.json"), err)
	}
	s.Version = d.Version
	if s.verified, s.Tables, err = verify(dir, d); err != nil {
		return nil, err
	}
	s.Descriptor = b
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

// decode reads the rows of table as values of T: each field of T tagged
// `field:"name"` from the column of that name, as the schema has checked it
// (an integer, a boolean, a date or text). The tags are the one statement
// of which column a field holds; a test checks them against the schema. The
// option ",text" marks a date read from a column the schema keeps as text.
func decode[T any](s *Set, table string) []T {
	d := s.Tables[table]
	cols := columnsOf(reflect.TypeFor[T](), d.Table, table)
	out := make([]T, len(d.Rows))
	days := map[string]civil.Date{} // a table repeats its dates
	for i, r := range d.Rows {
		v := reflect.ValueOf(&out[i]).Elem()
		for _, c := range cols {
			store(v.Field(c.field), c.kind, r[c.column], days)
		}
	}
	return out
}

// column is where a field of a row type is read from, and what it holds.
type column struct {
	field, column int
	kind          cellKind
}

// cellKind is what a field of a row type holds.
type cellKind uint8

const (
	textCell cellKind = iota
	intCell
	boolCell
	dateCell
)

// columnsOf resolves the tagged fields of t to columns of table once, not
// once per cell: the supporters table alone has thousands of rows.
func columnsOf(t reflect.Type, table *schema.Table, name string) []column {
	index := map[string]int{}
	if table != nil {
		for i, f := range table.Fields {
			index[f.Name] = i
		}
	}
	var out []column
	for i := range t.NumField() {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("field"), ",")
		if tag == "" {
			continue
		}
		j, ok := index[tag]
		if !ok {
			panic("datasets: no field " + tag + " in " + name)
		}
		out = append(out, column{i, j, kindOf(t.Field(i).Type)})
	}
	return out
}

var dateType = reflect.TypeFor[civil.Date]()

// kindOf says what a field of type t holds, or panics if no cell converts
// to it.
func kindOf(t reflect.Type) cellKind {
	switch {
	case t == dateType:
		return dateCell
	case t.Kind() == reflect.Int:
		return intCell
	case t.Kind() == reflect.Bool:
		return boolCell
	case t.Kind() == reflect.String:
		return textCell
	}
	panic("datasets: a field of type " + t.String() + " cannot hold a cell")
}

// set stores a checked cell in a field of a row type.
func set(f reflect.Value, cell string) { store(f, kindOf(f.Type()), cell, nil) }

// store is set for a field whose kind is known; days, if not nil, keeps the
// dates already read.
func store(f reflect.Value, k cellKind, cell string, days map[string]civil.Date) {
	switch k {
	case dateCell:
		d, ok := days[cell]
		if !ok {
			d = day(cell)
			if days != nil {
				days[cell] = d
			}
		}
		// Through a pointer: a civil.Date set as a reflect.Value would be
		// boxed, an allocation per cell.
		*f.Addr().Interface().(*civil.Date) = d
	case intCell:
		f.SetInt(int64(atoi(cell)))
	case boolCell:
		f.SetBool(cell == "true")
	default:
		f.SetString(cell)
	}
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// day reads a date cell the schema has already checked; "" is no date.
func day(s string) civil.Date { d, _ := civil.ParseOptional(s); return d }

// Principle is a row of principles.
type Principle struct {
	ID           int    `field:"id"`
	Slug         string `field:"slug"`
	NameEN       string `field:"name_en"`
	LabelID      string `field:"label_id"`
	LabelIDTable string `field:"label_id_table"`
}

// Principles returns the nine principles in order.
func (s *Set) Principles() []Principle {
	return decode[Principle](s, Principles)
}

// Framework is a row of frameworks.
type Framework struct {
	ID            string `field:"id"`
	Position      int    `field:"position"`
	Name          string `field:"name"`
	NameAsPrinted string `field:"name_as_printed"`
	Kind          string `field:"kind"`
	Initiator     string `field:"initiator"`
	InitiatorName string `field:"initiator_name"`
	Year          int    `field:"year"`
}

// Frameworks returns the frameworks in Tabel 2.1 order.
func (s *Set) Frameworks() []Framework {
	return decode[Framework](s, Frameworks)
}

// Cell is a row of coverage.
type Cell struct {
	Framework string `field:"framework_id"`
	Principle int    `field:"principle_id"`
	Covered   bool   `field:"covered"`
	Mark      string `field:"mark"`
}

// Coverage returns Tabel 2.1, framework by framework.
func (s *Set) Coverage() []Cell {
	return decode[Cell](s, Coverage)
}

// PowerCell is a row of cyber_power.
type PowerCell struct {
	Instrument        string `field:"instrument"`
	Locus             string `field:"locus"`
	Power             string `field:"power"`
	ExampleID         string `field:"example_id"`
	ExampleEN         string `field:"example_en"`
	InstrumentLabelID string `field:"instrument_label_id"`
	InstrumentLabelEN string `field:"instrument_label_en"`
	LocusLabelID      string `field:"locus_label_id"`
	LocusLabelEN      string `field:"locus_label_en"`
}

// CyberPower returns Tabel 2.2.
func (s *Set) CyberPower() []PowerCell {
	return decode[PowerCell](s, CyberPower)
}

// Event is a row of doctrine_timeline.
type Event struct {
	ID            string     `field:"id"`
	Date          civil.Date `field:"date"` // first day of the period the event is dated to
	DateISO       string     `field:"date_iso"`
	Precision     string     `field:"precision"`
	Year          int        `field:"year"`
	EndDateISO    string     `field:"end_date_iso"`
	Level         string     `field:"level"`
	Kind          string     `field:"kind"`
	LabelEN       string     `field:"label_en"`
	LabelID       string     `field:"label_id"`
	DescriptionID string     `field:"description_id"`
	DescriptionEN string     `field:"description_en"`
	Citation      string     `field:"citation"`
	Section       string     `field:"section"`
	DateNote      string     `field:"date_note"`
	// CorrectedDateISO is the date public sources give where it falls outside
	// the chapter's; CorrectionSource names that source.
	CorrectedDateISO string `field:"corrected_date_iso"`
	CorrectionClaim  string `field:"correction_claim"`
	CorrectionSource string `field:"correction_source"`
}

// Timeline returns the doctrine timeline by date.
func (s *Set) Timeline() []Event {
	return decode[Event](s, DoctrineTimeline)
}

// Country is a row of countries.
type Country struct {
	Alpha3       string `field:"alpha3"`
	Alpha2       string `field:"alpha2"`
	M49          string `field:"m49"`
	NameEN       string `field:"name_en"`
	NameFR       string `field:"name_fr"`
	NameID       string `field:"name_id"`
	NameES       string `field:"name_es"`
	RegionM49    string `field:"region_m49"`
	RegionEN     string `field:"region_en"`
	RegionFR     string `field:"region_fr"`
	RegionID     string `field:"region_id"`
	RegionES     string `field:"region_es"`
	SubregionM49 string `field:"subregion_m49"`
	SubregionEN  string `field:"subregion_en"`
	SubregionFR  string `field:"subregion_fr"`
	SubregionID  string `field:"subregion_id"`
	SubregionES  string `field:"subregion_es"`
}

// Name is the country's CLDR name in lang (a BCP 47 tag of
// schema.NameLanguages), the English one in a language the table does not
// name countries in.
func (c Country) Name(lang string) string { return c.in("name", lang) }

// Region is the country's UN M49 region in lang, as Name.
func (c Country) Region(lang string) string { return c.in("region", lang) }

// Subregion is the country's UN M49 sub-region in lang, as Name.
func (c Country) Subregion(lang string) string { return c.in("subregion", lang) }

// in reads field prefix_lang by its tag, so that a language added to the
// contract needs no code here beyond its fields.
func (c Country) in(prefix, lang string) string {
	v := reflect.ValueOf(c)
	for _, tag := range []string{prefix + "_" + lang, prefix + "_en"} {
		if i, ok := countryField[tag]; ok {
			return v.Field(i).String()
		}
	}
	return ""
}

// countryField is the index of each tagged field of Country.
var countryField = func() map[string]int {
	t := reflect.TypeFor[Country]()
	m := map[string]int{}
	for i := range t.NumField() {
		m[t.Field(i).Tag.Get("field")] = i
	}
	return m
}()

// Countries returns the countries by alpha-3 code.
func (s *Set) Countries() map[string]Country {
	m := map[string]Country{}
	for _, c := range decode[Country](s, Countries) {
		m[c.Alpha3] = c
	}
	return m
}

// NamedCountry is a row of named_countries.
type NamedCountry struct {
	Country       string `field:"country"`
	NameAsPrinted string `field:"name_as_printed"`
	Context       string `field:"context"`
	Section       string `field:"section"`
}

// NamedCountries returns the chapter's country mentions in the order printed.
func (s *Set) NamedCountries() []NamedCountry {
	return decode[NamedCountry](s, NamedCountries)
}

// CheckedClaim is a row of claims: a statement of the chapter, its check,
// and what was observed on the chapter's access date and on the latest data.
type CheckedClaim struct {
	ID             string `field:"id"`
	Section        string `field:"section"`
	Kind           string `field:"kind"`
	Quote          string `field:"quote"`
	ClaimEN        string `field:"claim_en"`
	Check          string `field:"check"`
	ObservedAccess string `field:"observed_access"`
	VerdictAccess  string `field:"verdict_access"`
	ObservedLatest string `field:"observed_latest"`
	VerdictLatest  string `field:"verdict_latest"`
}

// Claims returns the checked claims in the chapter's order.
func (s *Set) Claims() []CheckedClaim {
	return decode[CheckedClaim](s, Claims)
}

// Erratum is a row of errata: a statement of the chapter that does not hold
// on its own date, and what is found instead.
type Erratum struct {
	ClaimID     string `field:"claim_id"`
	Section     string `field:"section"`
	Kind        string `field:"kind"`
	ChapterSays string `field:"chapter_says"`
	ClaimEN     string `field:"claim_en"`
	Expected    string `field:"expected"`
	Found       string `field:"found"`
	SourcesSay  string `field:"sources_say"`
	Source      string `field:"source"`
	Event       string `field:"event"`
}

// Errata returns the chapter's errata in the chapter's order.
func (s *Set) Errata() []Erratum {
	return decode[Erratum](s, Errata)
}

// LedgerEntry is a row of claim_ledger.
type LedgerEntry struct {
	ClaimID      string `field:"claim_id"`
	HoldsOn      string `field:"holds_on"`
	ShareHeld    string `field:"share_held"`
	Deciding     string `field:"deciding"`
	DaysHeld     int    `field:"days_held"`
	MarginAccess int    `field:"margin_access"`
}

// Ledger returns the claim ledger in the chapter's order.
func (s *Set) Ledger() []LedgerEntry {
	return decode[LedgerEntry](s, ClaimLedger)
}

// Supporter is a row of supporters.
type Supporter struct {
	ID                string     `field:"supporter_id"`
	Name              string     `field:"name"`
	Category          string     `field:"category"`
	CategoryPublished string     `field:"category_published"`
	Nature            string     `field:"nature"`
	Nationality       string     `field:"nationality"`
	Country           string     `field:"country"`
	CountryMethod     string     `field:"country_method"`
	EUMember          bool       `field:"eu_member"` // a state that is a member of the EU
	FirstSeen         civil.Date `field:"first_seen"`
	RemovedOn         civil.Date `field:"removed_on"`
	InFirstCommit     bool       `field:"in_first_commit"`
	DateSigned        civil.Date `field:"date_signed,text"` // a text column: a value that is no date is none
	Alliance          string     `field:"alliance"`
	Website           string     `field:"website"`
	LinkedIn          string     `field:"linkedin"`
	Path              string     `field:"path"`
	Files             int        `field:"files"`
	Versions          int        `field:"versions"`
}

// Supporters returns every supporter, present or removed.
func (s *Set) Supporters() []Supporter {
	return decode[Supporter](s, Supporters)
}

// Classification is a row of supporter_published: a supporter's name,
// category and nationality as its files carried them from ValidFrom until
// ValidTo (exclusive; zero while current).
type Classification struct {
	SupporterID       string     `field:"supporter_id"`
	Name              string     `field:"name"`
	Category          string     `field:"category"`
	CategoryPublished string     `field:"category_published"`
	Nationality       string     `field:"nationality"`
	Country           string     `field:"country"`
	Path              string     `field:"path"`
	ValidFrom         civil.Date `field:"valid_from"`
	ValidTo           civil.Date `field:"valid_to"`
}

// Published returns every supporter's classifications over time, by
// supporter and date.
func (s *Set) Published() []Classification {
	return decode[Classification](s, SupporterPublished)
}

// CategoryChange is a row of category_changes.
type CategoryChange struct {
	SupporterID   string     `field:"supporter_id"`
	Name          string     `field:"name"`
	From          string     `field:"from_category"`
	To            string     `field:"to_category"`
	FromPublished string     `field:"from_published"`
	ToPublished   string     `field:"to_published"`
	Date          civil.Date `field:"date"`
}

// CategoryChanges returns every change of a supporter's published category.
func (s *Set) CategoryChanges() []CategoryChange {
	return decode[CategoryChange](s, CategoryChanges)
}

// Duplicate is a row of duplicates: two supporters that share a website, a
// LinkedIn page or a normalised name, and the review's verdict.
type Duplicate struct {
	A        string `field:"supporter_a"`
	B        string `field:"supporter_b"`
	Matches  string `field:"matches"`
	Verdict  string `field:"verdict"`
	Evidence string `field:"evidence"`
}

// Duplicates returns the reviewed duplicate candidates.
func (s *Set) Duplicates() []Duplicate {
	return decode[Duplicate](s, Duplicates)
}

// SupporterFile is a row of supporter_files.
type SupporterFile struct {
	SupporterID string     `field:"supporter_id"`
	FirstPath   string     `field:"first_path"`
	LastPath    string     `field:"last_path"`
	AddedOn     civil.Date `field:"added_on"`
	RemovedOn   civil.Date `field:"removed_on"`
	Renames     int        `field:"renames"`
	LinkedBy    string     `field:"linked_by"`
}

// SupporterFiles returns the file lineages of every supporter.
func (s *Set) SupporterFiles() []SupporterFile {
	return decode[SupporterFile](s, SupporterFiles)
}

// Shapes loads the world geometry the maps are drawn with.
func (s *Set) Shapes() ([]geo.Shape, error) {
	b, ok := s.verified[geo.File]
	var err error
	if !ok {
		b, err = ReadResource(s.Dir, geo.File)
	}
	if err != nil {
		return nil, fmt.Errorf("datasets: %w (run cybernorms geo)", err)
	}
	shapes, err := geo.Load(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(s.Dir, filepath.FromSlash(geo.File)), err)
	}
	return shapes, nil
}

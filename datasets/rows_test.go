package datasets

import (
	"reflect"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

// rowTypes are the typed rows and the table each is read from.
var rowTypes = []struct {
	t     reflect.Type
	table string
}{
	{reflect.TypeFor[Principle](), Principles},
	{reflect.TypeFor[Framework](), Frameworks},
	{reflect.TypeFor[Cell](), Coverage},
	{reflect.TypeFor[PowerCell](), CyberPower},
	{reflect.TypeFor[Event](), DoctrineTimeline},
	{reflect.TypeFor[Country](), Countries},
	{reflect.TypeFor[NamedCountry](), NamedCountries},
	{reflect.TypeFor[CheckedClaim](), Claims},
	{reflect.TypeFor[Erratum](), Errata},
	{reflect.TypeFor[LedgerEntry](), ClaimLedger},
	{reflect.TypeFor[Supporter](), Supporters},
	{reflect.TypeFor[Classification](), SupporterPublished},
	{reflect.TypeFor[CategoryChange](), CategoryChanges},
	{reflect.TypeFor[Duplicate](), Duplicates},
	{reflect.TypeFor[SupporterFile](), SupporterFiles},
}

// Each field of a typed row names, by its tag, a column of its table's
// schema of the type it holds: the tags and the schema say one thing.
func TestRowTagsEqualTheSchema(t *testing.T) {
	tables := map[string]*schema.Table{}
	for _, tb := range schema.Derived {
		tables[tb.Name] = tb
	}
	want := map[reflect.Kind]schema.Type{reflect.Int: schema.Integer, reflect.Bool: schema.Boolean, reflect.String: schema.String}
	for _, rt := range rowTypes {
		tb, ok := tables[rt.table]
		if !ok {
			t.Errorf("%s: no published table %q", rt.t.Name(), rt.table)
			continue
		}
		fields := map[string]schema.Type{}
		for _, f := range tb.Fields {
			fields[f.Name] = f.Type
		}
		for i := range rt.t.NumField() {
			f := rt.t.Field(i)
			tag, opt, _ := strings.Cut(f.Tag.Get("field"), ",")
			typ, ok := fields[tag]
			w := want[f.Type.Kind()]
			if f.Type == reflect.TypeFor[civil.Date]() {
				w = schema.Date
			}
			switch {
			case tag == "":
				t.Errorf("%s.%s has no field tag", rt.t.Name(), f.Name)
			case !ok:
				t.Errorf("%s.%s reads %q, not a field of %s", rt.t.Name(), f.Name, tag, rt.table)
			case typ != w && !(w == schema.String && typ == schema.Date) && !(w == schema.Date && typ == schema.String && opt == "text"):
				t.Errorf("%s.%s (%s) reads %s.%s, a %s", rt.t.Name(), f.Name, f.Type, rt.table, tag, typ)
			}
		}
	}
}

// Every table name the contract states is a published table.
func TestTableNamesArePublished(t *testing.T) {
	tables := map[string]bool{}
	for _, tb := range schema.Derived {
		tables[tb.Name] = true
	}
	for _, n := range []string{Principles, Frameworks, Coverage, CyberPower, DoctrineTimeline, Countries, Supporters, SupporterFiles,
		SupporterPublished, CategoryChanges, Duplicates, Misfilings, JoinDates, NamedCountries, Claims, ClaimLedger, vocab.Errata} {
		if !tables[n] {
			t.Errorf("%q is no published table", n)
		}
	}
}

// A field of a type no cell converts to is refused, not left empty.
func TestDecodeRefusesAnUnknownFieldType(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	var f struct{ X float64 }
	set(reflect.ValueOf(&f).Elem().Field(0), "1")
}

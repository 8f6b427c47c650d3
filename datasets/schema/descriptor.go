package schema

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
)

// DescriptorResource is a resource of datapackage.json as validate and
// refresh read it back.
type DescriptorResource struct {
	Name       string
	Path       string
	Bytes      int
	Hash       string
	Rows       int `json:"x-rows"`
	Schema     json.RawMessage
	Alternates []File `json:"x-alternates"`
	// Table is the resource's schema as a Table (nil for a file resource).
	Table *Table `json:"-"`
}

// Descriptor is a parsed datapackage.json.
type Descriptor struct {
	Version   string
	Resources []DescriptorResource
}

// ParseDescriptor reads datapackage.json, with each tabular resource's
// schema as a Table.
func ParseDescriptor(b []byte) (*Descriptor, error) {
	var d Descriptor
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, err
	}
	for i := range d.Resources {
		r := &d.Resources[i]
		if len(r.Schema) == 0 {
			continue
		}
		var sj struct {
			Fields []struct {
				Name        string
				Type        Type
				Description string
				Constraints *struct {
					Required, Unique bool
					Enum             []string
					Pattern          string
					Minimum, Maximum *int64
				}
			}
			PrimaryKey  []string
			ForeignKeys []struct {
				Fields    []string
				Reference struct {
					Resource string
					Fields   []string
				}
			}
		}
		if err := json.Unmarshal(r.Schema, &sj); err != nil {
			return nil, err
		}
		t := &Table{Name: r.Name, Path: strings.TrimSuffix(r.Path, ".csv"), PrimaryKey: sj.PrimaryKey}
		for _, f := range sj.Fields {
			sf := Field{Name: f.Name, Type: f.Type, Description: f.Description}
			if c := f.Constraints; c != nil {
				sf.Required, sf.Unique, sf.Enum, sf.Pattern, sf.Minimum, sf.Maximum = c.Required, c.Unique, c.Enum, c.Pattern, c.Minimum, c.Maximum
			}
			t.Fields = append(t.Fields, sf)
		}
		for _, fk := range sj.ForeignKeys {
			t.ForeignKeys = append(t.ForeignKeys, ForeignKey{Fields: fk.Fields, Resource: fk.Reference.Resource, RefFields: fk.Reference.Fields})
		}
		r.Table = t
	}
	return &d, nil
}

// SameSchema reports whether two tables have the same fields, constraints
// and keys. Descriptions do not count: rewording one is not a schema change.
func SameSchema(a, b *Table) bool {
	strip := func(fs []Field) []Field {
		out := make([]Field, len(fs))
		for i, f := range fs {
			f.Description = ""
			out[i] = f
		}
		return out
	}
	return reflect.DeepEqual(strip(a.Fields), strip(b.Fields)) && reflect.DeepEqual(a.PrimaryKey, b.PrimaryKey) &&
		len(a.ForeignKeys) == len(b.ForeignKeys) && (len(a.ForeignKeys) == 0 || reflect.DeepEqual(a.ForeignKeys, b.ForeignKeys))
}

// Published are every table datapackage.json describes, by name.
func Published() map[string]*Table {
	m := map[string]*Table{}
	for _, t := range append(append([]*Table{}, Derived...), SupporterChanges, UpstreamCountryCodes, NationalityCrosswalk, CategoryCrosswalk, SupporterLinks, Evidence, NotCheckable, DuplicateReview, CLDRTerritories) {
		m[t.Name] = t
	}
	return m
}

// ChangedSchemas lists the tables whose schema in the descriptor differs
// from this code's, or that one of them lacks.
func ChangedSchemas(d *Descriptor) []string {
	code := Published()
	var out []string
	seen := map[string]bool{}
	for _, r := range d.Resources {
		if r.Table == nil {
			continue
		}
		seen[r.Name] = true
		if t, ok := code[r.Name]; !ok || !SameSchema(r.Table, t) {
			out = append(out, r.Name)
		}
	}
	for name := range code {
		if !seen[name] {
			out = append(out, name)
		}
	}
	sort.Strings(out) // the changelog entry lists them
	return out
}

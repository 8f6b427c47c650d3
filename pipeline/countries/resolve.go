package countries

import (
	"fmt"
	"strings"

	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/pipeline/snapshot"
)

// Method says how a published value was resolved.
type Method string

const (
	ByISO       Method = "iso"         // already a current ISO 3166-1 alpha-3 code
	ByCrosswalk Method = "crosswalk"   // an explicit entry of the curated crosswalk
	ByName      Method = "name"        // a country name known to CLDR or to the upstream's own code list
	NotCountry  Method = "not-country" // the crosswalk says it names no country (EU, International)
	Blank       Method = "blank"
	Unresolved  Method = "unresolved"
)

// Crosswalk is one explicit mapping of a published value. An empty Alpha3
// means the value names no country. (The note saying why stays in the
// crosswalk file, which is published as it is.)
type Crosswalk struct {
	Published string
	Alpha3    string
}

// Resolution is the outcome for one published value.
type Resolution struct {
	Alpha3 string
	Method Method
}

// Resolver maps published nationality values to ISO alpha-3 codes.
type Resolver struct {
	crosswalk map[string]Crosswalk
	names     map[string]string // NameKey → alpha-3
}

// ResolverFromTables builds the resolver from the curated nationality
// crosswalk and the upstream's country list, read by field name. file names
// the crosswalk in errors.
func ResolverFromTables(crosswalk, codes schema.Data, file string) (*Resolver, error) {
	cw := crosswalk.Table
	entries := make([]Crosswalk, 0, len(crosswalk.Rows))
	for _, r := range crosswalk.Rows {
		entries = append(entries, Crosswalk{Published: cw.Get(r, "published"), Alpha3: cw.Get(r, "alpha3")})
	}
	// The upstream's French and English names of each code.
	ct := codes.Table
	var names [][2]string
	for _, r := range codes.Rows {
		code := ct.Get(r, "ISO-3166-1-alpha-3")
		for _, f := range []string{"official-fr", "usual-fr", "usual-en"} {
			if n := ct.Get(r, f); n != "" {
				names = append(names, [2]string{code, n})
			}
		}
	}
	res, err := NewResolver(entries, names)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return res, nil
}

// NewResolver builds a resolver from the crosswalk and extra (code, name)
// pairs, such as the upstream's own country list. Names come from CLDR in
// English, French and Indonesian, plus the extra names; a name that two
// countries share is left out, so it can only resolve through the crosswalk.
func NewResolver(crosswalk []Crosswalk, extraNames [][2]string) (*Resolver, error) {
	r := &Resolver{crosswalk: map[string]Crosswalk{}, names: map[string]string{}}
	for _, c := range crosswalk {
		if _, dup := r.crosswalk[c.Published]; dup {
			return nil, fmt.Errorf("crosswalk: %q is mapped twice", c.Published)
		}
		if c.Alpha3 != "" {
			if _, ok := Lookup(c.Alpha3); !ok {
				return nil, fmt.Errorf("crosswalk: %q maps to %q, which is not a current ISO 3166-1 alpha-3 code", c.Published, c.Alpha3)
			}
		}
		if _, ok := Lookup(c.Published); ok {
			return nil, fmt.Errorf("crosswalk: %q is already a valid ISO code; the crosswalk may not override it", c.Published)
		}
		r.crosswalk[c.Published] = c
	}
	ambiguous := map[string]bool{}
	add := func(name, a3 string) {
		k := snapshot.NameKey(name)
		if k == "" || ambiguous[k] {
			return
		}
		if prev, ok := r.names[k]; ok && prev != a3 {
			delete(r.names, k)
			ambiguous[k] = true
			return
		}
		r.names[k] = a3
	}
	for _, c := range All() {
		add(c.NameEN, c.Alpha3)
		add(c.NameFR, c.Alpha3)
		add(c.NameID, c.Alpha3)
	}
	for _, p := range extraNames {
		code := p[0]
		if c, ok := r.crosswalk[code]; ok {
			code = c.Alpha3
		}
		if _, ok := Lookup(code); ok {
			add(p[1], code)
		}
	}
	return r, nil
}

// Resolve maps one published value.
func (r *Resolver) Resolve(published string) Resolution {
	v := strings.TrimSpace(published)
	if v == "" {
		return Resolution{Method: Blank}
	}
	if c, ok := r.crosswalk[v]; ok {
		if c.Alpha3 == "" {
			return Resolution{Method: NotCountry}
		}
		return Resolution{Alpha3: c.Alpha3, Method: ByCrosswalk}
	}
	if _, ok := Lookup(v); ok {
		return Resolution{Alpha3: v, Method: ByISO}
	}
	if a3, ok := r.names[snapshot.NameKey(v)]; ok {
		return Resolution{Alpha3: a3, Method: ByName}
	}
	return Resolution{Method: Unresolved}
}

// Package countries is the country reference of the project: ISO 3166-1 codes,
// UN M49 numbers and regions, and names in English, French and Indonesian, all
// from the CLDR data in golang.org/x/text.
//
// It also resolves the nationality values the upstream published (ISO codes,
// legacy codes such as ROM, French country names) to ISO alpha-3 codes, through
// CLDR and an explicit crosswalk, and says how each was resolved.
package countries

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Country is one row of the countries table.
type Country struct {
	Alpha3, Alpha2, M49    string
	NameEN, NameFR, NameID string
	Region, Subregion      Region
}

// Region is a UN M49 area with its names.
type Region struct {
	M49                    string
	NameEN, NameFR, NameID string
}

var (
	namers = [3]display.Namer{display.English.Regions(), display.French.Regions(), display.Indonesian.Regions()}
)

// Lookup returns the country with ISO 3166-1 alpha-3 code a3. It accepts only
// current, assigned country codes: not groupings (EU), not user-assigned codes
// (XK, QO), not withdrawn ones (SCG, which CLDR still parses but no longer names).
func Lookup(a3 string) (Country, bool) {
	if len(a3) != 3 || strings.ToUpper(a3) != a3 {
		return Country{}, false
	}
	r, err := language.ParseRegion(a3)
	if err != nil || !r.IsCountry() || r.IsPrivateUse() || r.ISO3() != a3 {
		return Country{}, false
	}
	if namers[0].Name(r) == "" || r.Canonicalize() != r {
		return Country{}, false
	}
	return fromRegion(r), true
}

func fromRegion(r language.Region) Country {
	c := Country{
		Alpha3: r.ISO3(), Alpha2: r.String(), M49: fmt.Sprintf("%03d", r.M49()),
		NameEN: namers[0].Name(r), NameFR: namers[1].Name(r), NameID: namers[2].Name(r),
	}
	h := hierarchy()
	for _, g := range h.continents {
		if g.Contains(r) {
			c.Region = named(g)
			// The finest M49 area below the continent that holds the country:
			// Eastern Africa rather than Sub-Saharan Africa, Central America
			// rather than Latin America.
			best, size := language.Region{}, 0
			for _, s := range h.below[g] {
				if s.Contains(r) && (size == 0 || h.size[s] < size) {
					best, size = s, h.size[s]
				}
			}
			if size > 0 {
				c.Subregion = named(best)
			}
		}
	}
	return c
}

func named(r language.Region) Region {
	return Region{M49: fmt.Sprintf("%03d", r.M49()), NameEN: namers[0].Name(r), NameFR: namers[1].Name(r), NameID: namers[2].Name(r)}
}

type tree struct {
	continents []language.Region
	below      map[language.Region][]language.Region
	size       map[language.Region]int
	countries  []language.Region
}

var hierarchy = sync.OnceValue(func() tree {
	var groups, countries []language.Region
	for n := 1; n < 1000; n++ {
		r, err := language.EncodeM49(n)
		if err != nil {
			continue
		}
		if r.IsGroup() {
			groups = append(groups, r)
		}
	}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err == nil && r.IsCountry() && !r.IsPrivateUse() && r.String() == string([]rune{a, b}) && namers[0].Name(r) != "" {
				countries = append(countries, r)
			}
		}
	}
	world := language.MustParseRegion("001")
	t := tree{below: map[language.Region][]language.Region{}, size: map[language.Region]int{}, countries: countries}
	for _, g := range groups {
		for _, c := range countries {
			if g.Contains(c) {
				t.size[g]++
			}
		}
	}
	// Continents are the M49 areas that only the World contains and that
	// contain other areas: Africa, Americas, Asia, Europe, Oceania. That
	// excludes groupings such as the European Union.
	for _, g := range groups {
		if g == world {
			continue
		}
		inner, outer := false, false
		for _, h := range groups {
			if h == g {
				continue
			}
			if g.Contains(h) {
				inner = true
			}
			if h != world && h.Contains(g) {
				outer = true
			}
		}
		if inner && !outer {
			t.continents = append(t.continents, g)
		}
	}
	for _, c := range t.continents {
		for _, g := range groups {
			if g != c && c.Contains(g) {
				t.below[c] = append(t.below[c], g)
			}
		}
	}
	return t
})

// Continents returns the UN M49 continental regions, by M49 code.
func Continents() []Region {
	var out []Region
	for _, g := range hierarchy().continents {
		out = append(out, named(g))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].M49 < out[j].M49 })
	return out
}

// All returns every current ISO 3166-1 country CLDR knows, by alpha-3 code.
func All() []Country {
	var out []Country
	for _, r := range hierarchy().countries {
		if c, ok := Lookup(r.ISO3()); ok {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Alpha3 < out[j].Alpha3 })
	return out
}

// Package countries is the country reference of the project: ISO 3166-1 codes
// and UN M49 numbers from the CLDR data in golang.org/x/text, and, from the
// current CLDR JSON release (DeriveCLDR), names in English, French and
// Indonesian and UN M49 regions.
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
	return Country{
		Alpha3: r.ISO3(), Alpha2: r.String(), M49: fmt.Sprintf("%03d", r.M49()),
		NameEN: namers[0].Name(r), NameFR: namers[1].Name(r), NameID: namers[2].Name(r),
	}
}

// assigned is every current ISO 3166-1 alpha-2 code x/text names.
var assigned = sync.OnceValue(func() []language.Region {
	var countries []language.Region
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err == nil && r.IsCountry() && !r.IsPrivateUse() && r.String() == string([]rune{a, b}) && namers[0].Name(r) != "" {
				countries = append(countries, r)
			}
		}
	}
	return countries
})

// All returns every current ISO 3166-1 country CLDR knows, by alpha-3 code.
func All() []Country {
	var out []Country
	for _, r := range assigned() {
		if c, ok := Lookup(r.ISO3()); ok {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Alpha3 < out[j].Alpha3 })
	return out
}

package countries

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"github.com/cybernorms/cybernorms/datasets/schema"
)

// CLDRLocales are the languages the reference file names territories in:
// the contract's name languages.
var CLDRLocales = func() []string {
	out := make([]string, len(schema.NameLanguages))
	for i, l := range schema.NameLanguages {
		out[i] = l.Tag
	}
	return out
}()

// CLDRHeader is the reference file's header: the contract's fields.
var CLDRHeader = func() []string {
	out := make([]string, len(schema.CLDRTerritories.Fields))
	for i, f := range schema.CLDRTerritories.Fields {
		out[i] = f.Name
	}
	return out
}()

var territoryCode = regexp.MustCompile(`^([A-Z]{2}|[0-9]{3})$`)

// DeriveCLDR reads the CLDR JSON packages installed in modules (the
// node_modules directory holding cldr-core and cldr-localenames-full) and
// returns the reference file: every country and UN M49 area CLDR names, with
// its name in each of CLDRLocales, the UN M49 region and sub-region that
// contain it (see containment) and the CLDR version, sorted by code.
// Short and variant names (keys with -alt-) are not taken.
func DeriveCLDR(modules string) ([]byte, error) {
	var pkg struct{ Version string }
	p := filepath.Join(modules, "cldr-core", "package.json")
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &pkg); err != nil || pkg.Version == "" {
		return nil, fmt.Errorf("%s: no version: %v", p, err)
	}
	names := map[string][]string{}
	for i, loc := range CLDRLocales {
		p := filepath.Join(modules, "cldr-localenames-full", "main", loc, "territories.json")
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var doc struct {
			Main map[string]struct {
				LocaleDisplayNames struct {
					Territories map[string]string `json:"territories"`
				} `json:"localeDisplayNames"`
			} `json:"main"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		ts := doc.Main[loc].LocaleDisplayNames.Territories
		if len(ts) == 0 {
			return nil, fmt.Errorf("%s: no territories for %s", p, loc)
		}
		for code, name := range ts {
			if !territoryCode.MatchString(code) {
				continue
			}
			if names[code] == nil {
				names[code] = make([]string, len(CLDRLocales))
			}
			names[code][i] = name
		}
	}
	region, err := containment(modules)
	if err != nil {
		return nil, err
	}
	codes := make([]string, 0, len(names))
	for c := range names {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	w.Write(CLDRHeader)
	for _, c := range codes {
		r := region[c]
		w.Write(append(append([]string{c}, names[c]...), r[0], r[1], pkg.Version))
	}
	w.Flush()
	return out.Bytes(), w.Error()
}

var m49Code = regexp.MustCompile(`^[0-9]{3}$`)

// containment reads CLDR's territory containment and returns, for every
// territory below a UN M49 region, that region (Africa, Americas, Asia,
// Europe, Oceania: the areas the World 001 contains) and its sub-region: the
// finest M49 area strictly between the two (Eastern Africa, Central America),
// empty for an area directly below its region. Only the M49 tree is followed:
// the file also holds groupings (EU, EZ, UN; Latin America 419, Sub-Saharan
// Africa 202, marked _grouping), deprecated codes (keys with -status-) and
// Outlying Oceania (QO), which are not UN M49 areas; a territory contained
// only by those (Antarctica, in QO) has no region, as in M49 itself, and
// neither has QO.
func containment(modules string) (map[string][2]string, error) {
	p := filepath.Join(modules, "cldr-core", "supplemental", "territoryContainment.json")
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Supplemental struct {
			TerritoryContainment map[string]struct {
				Contains []string `json:"_contains"`
				Grouping string   `json:"_grouping"`
			} `json:"territoryContainment"`
		} `json:"supplemental"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	tc := doc.Supplemental.TerritoryContainment
	parent := map[string]string{}
	for area, c := range tc {
		if !m49Code.MatchString(area) || c.Grouping == "true" {
			continue
		}
		for _, child := range c.Contains {
			if _, isArea := tc[child]; isArea && !m49Code.MatchString(child) {
				continue // Outlying Oceania (QO): a CLDR area, not an M49 one
			}
			if prev, ok := parent[child]; ok && prev != area {
				return nil, fmt.Errorf("%s: %s is contained by both %s and %s", p, child, prev, area)
			}
			parent[child] = area
		}
	}
	const world = "001"
	if len(tc[world].Contains) == 0 {
		return nil, fmt.Errorf("%s: no areas contained by the World (%s)", p, world)
	}
	out := map[string][2]string{}
	for t := range parent {
		// Walk up to the area the World contains; the first area met on the
		// way is the finest one above t.
		var path []string
		a := parent[t]
		for ; a != world; a = parent[a] {
			if a == "" {
				break
			}
			if len(path) > len(parent) {
				return nil, fmt.Errorf("%s: containment of %s loops", p, t)
			}
			path = append(path, a)
		}
		if a != world || len(path) == 0 {
			continue // the World itself, a region, or an area outside the tree
		}
		r := [2]string{path[len(path)-1], ""}
		if len(path) > 1 {
			r[1] = path[0]
		}
		out[t] = r
	}
	return out, nil
}

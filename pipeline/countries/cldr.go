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
)

// CLDRLocales are the languages the reference file names territories in.
var CLDRLocales = []string{"en", "fr", "id"}

// CLDRHeader is the reference file's header.
var CLDRHeader = []string{"code", "name_en", "name_fr", "name_id", "cldr_version"}

var territoryCode = regexp.MustCompile(`^([A-Z]{2}|[0-9]{3})$`)

// DeriveCLDR reads the CLDR JSON packages installed in modules (the
// node_modules directory holding cldr-core and cldr-localenames-full) and
// returns the reference file: every country and UN M49 area CLDR names, with
// its name in each of CLDRLocales and the CLDR version, sorted by code.
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
	codes := make([]string, 0, len(names))
	for c := range names {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	w.Write(CLDRHeader)
	for _, c := range codes {
		w.Write(append(append([]string{c}, names[c]...), pkg.Version))
	}
	w.Flush()
	return out.Bytes(), w.Error()
}

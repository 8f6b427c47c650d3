package schema

import "strings"

// The licences of the data package. What the project made is under CC BY
// 4.0; what derives from the Paris Call site's repository is under that
// repository's licence, the EUPL v1.2, whose copyleft (Article 5) keeps
// copies and derivative works under it and whose appendix does not list
// CC BY 4.0 among the licences it is compatible with.
var (
	LicenseCCBY = License{Name: "CC-BY-4.0", Path: "https://creativecommons.org/licenses/by/4.0/",
		Title: "Creative Commons Attribution 4.0 (the project's transcriptions and tables that take nothing from the Paris Call site's repository)"}
	LicenseEUPL = License{Name: "EUPL-1.2", Path: "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12",
		Title: "European Union Public Licence v1.2, the licence of the Paris Call site's repository, for what derives from it (text: LICENSE-EUPL-1.2.txt)"}
	LicenseUnicode = License{Name: "Unicode-3.0", Path: "https://www.unicode.org/license.txt", Title: "Unicode License v3 (CLDR names and regions)"}
)

// PackageLicenses are the licences of the package as a whole; each
// resource names the one that applies to it.
var PackageLicenses = []License{LicenseCCBY, LicenseEUPL}

// LicensesFor returns the licence of a resource from its sources: the EUPL
// v1.2 when the Paris Call site's repository is among them, whatever else
// is; the Unicode License when every source is the Unicode CLDR; CC BY 4.0
// otherwise (the chapter, read under the quotation exception, and the
// project's own work).
func LicensesFor(sources []Source) []License {
	cldr := len(sources) > 0
	for _, s := range sources {
		if s.Path == upstreamRepo {
			return []License{LicenseEUPL}
		}
		cldr = cldr && (strings.HasPrefix(s.Path, "https://github.com/unicode-org/") || strings.HasPrefix(s.Path, "https://pkg.go.dev/golang.org/x/text"))
	}
	if cldr {
		return []License{LicenseUnicode}
	}
	return []License{LicenseCCBY}
}

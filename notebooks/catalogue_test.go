package notebooks_test

import (
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/cybernorms/cybernorms/exhibits"
)

// byName is the catalogue's exhibits by the name a cell gives them.
var byName = map[string]*exhibits.Exhibit{
	"SupporterMap": exhibits.SupporterMap, "SupporterStates": exhibits.SupporterStates,
	"CoverageFigure": exhibits.CoverageFigure, "CoverageTable": exhibits.CoverageTable,
	"CyberPowerFigure": exhibits.CyberPowerFigure, "CyberPowerTable": exhibits.CyberPowerTable,
	"Claims": exhibits.Claims, "ClaimKinds": exhibits.ClaimKinds, "Errata": exhibits.Errata, "ClaimLedger": exhibits.ClaimLedger,
	"Growth": exhibits.Growth, "StatesByRegion": exhibits.StatesByRegion, "SupportersByRegion": exhibits.SupportersByRegion,
	"Timeline": exhibits.Timeline, "PrincipleCoverage": exhibits.PrincipleCoverage, "PrincipleCoverageTable": exhibits.PrincipleCoverageTable,
	"FrameworkSimilarity": exhibits.FrameworkSimilarity, "TimelineFigure": exhibits.TimelineFigure,
}

var citeRE = regexp.MustCompile(`display\.Cite\(\w+, exhibits\.(\w+)\)`)

// A notebook cites an exhibit only through the catalogue, and exactly the
// exhibits the catalogue says it shows: the README's list is right.
func TestNotebooksShowTheCatalogue(t *testing.T) {
	for _, e := range exhibits.All() {
		found := false
		for _, x := range byName {
			found = found || x == e
		}
		if !found {
			t.Fatalf("exhibit %s (%s) has no name in this test", e.ID, e.Kind)
		}
	}
	shown := map[*exhibits.Exhibit][]string{}
	for _, p := range notebooks(t) {
		nb := filepath.Base(p)[:2]
		for _, c := range cells(t, p) {
			if regexp.MustCompile(`display\.Cite\(\w+, "`).MatchString(c.Source) {
				t.Errorf("notebook %s cites an exhibit by a string, not from the catalogue", nb)
			}
			for _, m := range citeRE.FindAllStringSubmatch(c.Source, -1) {
				e, ok := byName[m[1]]
				if !ok {
					t.Errorf("notebook %s cites exhibits.%s, not in the catalogue", nb, m[1])
					continue
				}
				if !slices.Contains(shown[e], nb) {
					shown[e] = append(shown[e], nb)
				}
			}
		}
	}
	for _, e := range exhibits.All() {
		if got := shown[e]; !slices.Equal(got, e.Notebooks) {
			t.Errorf("%s %s: shown by notebooks %v, the catalogue says %v", e.Kind, e.ID, got, e.Notebooks)
		}
	}
}

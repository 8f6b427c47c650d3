package analysis

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

func TestNormalisers(t *testing.T) {
	for in, want := range map[string]string{"EGERIE Software": "egerie", "EGERIE": "egerie", "Penta Hospitals CZ, s.r.o.": "penta hospitals cz",
		"Dell Technologies": "dell", "Société Générale": "societe generale", "Inc.": ""} {
		if got := NormalisedName(in); got != want {
			t.Errorf("NormalisedName(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"https://www.egerie.eu/fr/": "egerie.eu", "http://grayteq.com": "grayteq.com", "https://www.linkedin.com/company/x": "", "": ""} {
		if got := WebsiteDomain(in); got != want {
			t.Errorf("WebsiteDomain(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"https://fr.linkedin.com/company/egerie-software/": "linkedin.com/company/egerie-software",
		"https://www.linkedin.com/company/emc/mycompany": "linkedin.com/company/emc", "https://example.com": "", "https://www.linkedin.com/": ""} {
		if got := LinkedInPage(in); got != want {
			t.Errorf("LinkedInPage(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDuplicateCandidates(t *testing.T) {
	ss := []datasets.Supporter{
		{ID: "b", Name: "EGERIE Software", Category: "private-sector"},
		{ID: "a", Name: "EGERIE", Category: "private-sector", Website: "https://egerie.eu"},
		{ID: "c", Name: "Other", Category: "civil-society", Website: "http://www.egerie.eu/about"},
		{ID: "d", Name: "France", Category: "state"},
		{ID: "e", Name: "France", Category: "state"},
	}
	got := DuplicateCandidates(ss)
	want := []DuplicateCandidate{{"a", "b", []string{"name=egerie"}}, {"a", "c", []string{"website=egerie.eu"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("candidates = %v, want %v", got, want)
	}
}

func TestMisfilings(t *testing.T) {
	ss := []datasets.Supporter{
		{ID: "law", Name: "Cabinet X", Category: "civil-society", Nature: "Entreprise"},
		{ID: "tt", Name: "Institute", Category: "private-sector", Nature: "Think tank "},
		{ID: "sro", Name: "NEMOS PLUS s.r.o.", Category: "civil-society"},
		{ID: "ok", Name: "ACME Inc.", Category: "private-sector", Nature: "Entreprise"},
		{ID: "assoc", Name: "Syntec", Category: "private-sector", Nature: "Association professionnelle"},
	}
	var ids []string
	for _, m := range Misfilings(ss) {
		ids = append(ids, m.ID+":"+m.Rule)
	}
	if want := []string{"law:nature", "tt:nature", "sro:legal-form"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("misfilings = %v, want %v", ids, want)
	}
}

// EGERIE is listed twice from 2020-03-19; the Penta Hospitals pair never on
// the same day.
func TestSecondListings(t *testing.T) {
	set, err := datasets.Open(filepath.Join(testenv.Root(t), "datasets"))
	if err != nil {
		t.Fatal(err)
	}
	for d, want := range map[string]int{"2020-03-18": 0, "2020-03-19": 1, "2021-01-18": 1} {
		if got := SecondListings(set, civil.MustParse(d), ""); got != want {
			t.Errorf("second listings on %s = %d, want %d", d, got, want)
		}
	}
	if got := SecondListings(set, civil.MustParse("2021-01-18"), "state"); got != 0 {
		t.Errorf("second listings among states = %d", got)
	}
}

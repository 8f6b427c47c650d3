package countries

import (
	"fmt"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	valid := []string{"FRA", "ROU", "MNE", "SRB", "USA", "TWN", "VAT", "PSE"}
	invalid := []string{"ROM", "MTG", "SCG", "FR", "EU", "QUU", "XKK", "XKX", "ZZZ", "fra", "", "FRAN"}
	for _, c := range valid {
		if _, ok := Lookup(c); !ok {
			t.Errorf("Lookup(%q) failed", c)
		}
	}
	for _, c := range invalid {
		if got, ok := Lookup(c); ok {
			t.Errorf("Lookup(%q) = %+v, want no country", c, got)
		}
	}
	if n := len(All()); n < 240 || n > 260 {
		t.Errorf("All() has %d countries, want the ~249 of ISO 3166-1", n)
	}
}

func TestResolver(t *testing.T) {
	r, err := NewResolver([]Crosswalk{
		{Published: "ROM", Alpha3: "ROU"},
		{Published: "SCG", Alpha3: "SRB"},
		{Published: "UE"},
	}, [][2]string{{"SCG", "République de Serbie"}, {"ARM", "République d'Arménie"}, {"XXX", "Nowhere"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in     string
		alpha3 string
		method Method
	}{
		{"FRA", "FRA", ByISO},
		{"ROM", "ROU", ByCrosswalk},
		{"UE", "", NotCountry},
		{"", "", Blank},
		{"  ", "", Blank},
		{"Suède", "SWE", ByName},
		{"Etats-Unis", "USA", ByName},
		{"Royaume-Uni", "GBR", ByName},
		{"Korea Selatan", "KOR", ByName},
		{"République de Serbie", "SRB", ByName},
		{"République d'Arménie", "ARM", ByName},
		{"Nowhere", "", Unresolved},
		{"Kosovo", "", Unresolved},
		{"Urugay", "", Unresolved},
	}
	for _, tt := range tests {
		got := r.Resolve(tt.in)
		if got.Alpha3 != tt.alpha3 || got.Method != tt.method {
			t.Errorf("Resolve(%q) = %+v, want %s %s", tt.in, got, tt.alpha3, tt.method)
		}
	}
}

func TestResolverRejectsBadCrosswalks(t *testing.T) {
	for _, tt := range []struct {
		cw   []Crosswalk
		want string
	}{
		{[]Crosswalk{{Published: "FRA", Alpha3: "DEU"}}, `"FRA" is already a valid ISO code`},
		{[]Crosswalk{{Published: "ROM", Alpha3: "ROM"}}, `maps to "ROM", which is not a current ISO 3166-1 alpha-3 code`},
		{[]Crosswalk{{Published: "X", Alpha3: "FRA"}, {Published: "X", Alpha3: "DEU"}}, `"X" is mapped twice`},
	} {
		if _, err := NewResolver(tt.cw, nil); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewResolver(%v) error = %v, want %q", tt.cw, err, tt.want)
		}
	}
}

func ExampleResolver_Resolve() {
	r, err := NewResolver([]Crosswalk{{Published: "MTG", Alpha3: "MNE"}}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range []string{"MNE", "MTG", "Monténégro", "International"} {
		res := r.Resolve(v)
		fmt.Printf("%-14q %s (%s)\n", v, res.Alpha3, res.Method)
	}
	// Output:
	// "MNE"          MNE (iso)
	// "MTG"          MNE (crosswalk)
	// "Monténégro"   MNE (name)
	// "International"  (unresolved)
}

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

// The UN M49 assignments below are from the UN Statistics Division's
// "Standard country or area codes for statistical use"; the sub-region is
// the finest level (the intermediate region where there is one).
func TestRegions(t *testing.T) {
	tests := []struct{ a3, alpha2, m49, nameID, region, subregion string }{
		{"FRA", "FR", "250", "Prancis", "150 Europe", "155 Western Europe"},
		{"GBR", "GB", "826", "Inggris Raya", "150 Europe", "154 Northern Europe"},
		{"KEN", "KE", "404", "Kenya", "002 Africa", "014 Eastern Africa"},
		{"MAR", "MA", "504", "Maroko", "002 Africa", "015 Northern Africa"},
		{"SEN", "SN", "686", "Senegal", "002 Africa", "011 Western Africa"},
		{"MEX", "MX", "484", "Meksiko", "019 Americas", "013 Central America"},
		{"USA", "US", "840", "Amerika Serikat", "019 Americas", "021 Northern America"},
		{"COL", "CO", "170", "Kolombia", "019 Americas", "005 South America"},
		{"DOM", "DO", "214", "Republik Dominika", "019 Americas", "029 Caribbean"},
		{"JPN", "JP", "392", "Jepang", "142 Asia", "030 Eastern Asia"},
		{"QAT", "QA", "634", "Qatar", "142 Asia", "145 Western Asia"},
		{"CYP", "CY", "196", "Siprus", "142 Asia", "145 Western Asia"},
		{"NZL", "NZ", "554", "Selandia Baru", "009 Oceania", "053 Australia and New Zealand"},
		{"PNG", "PG", "598", "Papua Nugini", "009 Oceania", "054 Melanesia"},
	}
	for _, tt := range tests {
		c, ok := Lookup(tt.a3)
		if !ok {
			t.Errorf("Lookup(%s) failed", tt.a3)
			continue
		}
		got := fmt.Sprintf("%s %s %s %s | %s %s | %s %s", c.Alpha2, c.M49, c.NameID, c.Region.M49, c.Region.NameEN, c.Subregion.M49, c.Subregion.NameEN, "")
		want := fmt.Sprintf("%s %s %s %s | %s %s | %s %s", tt.alpha2, tt.m49, tt.nameID, tt.region[:3], tt.region[4:], tt.subregion[:3], tt.subregion[4:], "")
		// CLDR spells two sub-regions its own way.
		got = strings.NewReplacer("Australasia", "Australia and New Zealand").Replace(got)
		if got != want {
			t.Errorf("%s:\n got  %s\n want %s", tt.a3, got, want)
		}
	}
	var codes []string
	for _, r := range Continents() {
		codes = append(codes, r.M49+" "+r.NameEN)
	}
	if got := strings.Join(codes, ", "); got != "002 Africa, 009 Oceania, 019 Americas, 142 Asia, 150 Europe" {
		t.Errorf("Continents() = %s", got)
	}
	for _, c := range All() {
		if c.Region.M49 == "" && c.Alpha3 != "ATA" {
			t.Errorf("%s %s has no region", c.Alpha3, c.NameEN)
		}
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

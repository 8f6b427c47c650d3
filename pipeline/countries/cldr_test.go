package countries

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDeriveCLDR(t *testing.T) {
	got, err := DeriveCLDR(filepath.Join("testdata", "cldr"))
	if err != nil {
		t.Fatal(err)
	}
	// Short and variant names (-alt-) are not taken. Regions follow the M49
	// tree only: not the EU, Sub-Saharan Africa (202, a grouping) or
	// Outlying Oceania (QO), so Antarctica has none.
	want := `code,name_en,name_fr,name_id,name_es,region_m49,subregion_m49,cldr_version
002,Africa,Afrique,Afrika,África,,,48.2.0
009,Oceania,Océanie,Oseania,Oceanía,,,48.2.0
011,Western Africa,Afrique occidentale,Afrika Bagian Barat,África occidental,002,,48.2.0
039,Southern Europe,Europe du Sud,Eropa Bagian Selatan,Europa meridional,150,,48.2.0
150,Europe,Europe,Eropa,Europa,,,48.2.0
202,Sub-Saharan Africa,Afrique subsaharienne,Afrika Sub-Sahara,África subsahariana,,,48.2.0
AQ,Antarctica,Antarctique,Antarktika,Antártida,,,48.2.0
EU,European Union,Union européenne,Uni Eropa,Unión Europea,,,48.2.0
MK,North Macedonia,Macédoine du Nord,Makedonia Utara,Macedonia del Norte,150,039,48.2.0
QO,Outlying Oceania,régions éloignées de l’Océanie,Oseania Luar,Territorios alejados de Oceanía,,,48.2.0
SN,Senegal,Sénégal,Senegal,Senegal,002,011,48.2.0
`
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if _, err := DeriveCLDR(t.TempDir()); err == nil || !strings.Contains(err.Error(), "package.json") {
		t.Errorf("no packages: err = %v", err)
	}
}

// withContainment copies the test packages into a directory whose
// territoryContainment.json is doc.
func withContainment(t *testing.T, doc string) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join("testdata", "cldr")
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if filepath.Base(p) == "territoryContainment.json" {
			b = []byte(doc)
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestDeriveCLDRContainmentErrors(t *testing.T) {
	wrap := func(tc string) string { return `{"supplemental":{"territoryContainment":{` + tc + `}}}` }
	tests := []struct{ name, doc, want string }{
		{"two parents", wrap(`"001":{"_contains":["150","002"]},"150":{"_contains":["039"]},"002":{"_contains":["039"]},"039":{"_contains":["MK"]}`), "039 is contained by both"},
		{"no world", wrap(`"150":{"_contains":["039"]},"039":{"_contains":["MK"]}`), "no areas contained by the World"},
		{"loop", wrap(`"001":{"_contains":["150"]},"039":{"_contains":["MK","151"]},"151":{"_contains":["039"]}`), "loops"},
		{"not JSON", `{"supplemental":`, "territoryContainment.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DeriveCLDR(withContainment(t, tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
	dir := withContainment(t, "")
	os.Remove(filepath.Join(dir, "cldr-core", "supplemental", "territoryContainment.json"))
	if _, err := DeriveCLDR(dir); err == nil || !strings.Contains(err.Error(), "territoryContainment.json") {
		t.Errorf("no containment file: err = %v", err)
	}
}

// The committed reference file is what the pinned packages give, when they
// are installed (.ci/cldr: npm ci).
func TestCommittedCLDRMatchesPackages(t *testing.T) {
	modules := filepath.Join("..", "..", ".ci", "cldr", "node_modules")
	if _, err := os.Stat(filepath.Join(modules, "cldr-core")); err != nil {
		t.Skip("CLDR packages not installed (npm ci in .ci/cldr)")
	}
	got, err := DeriveCLDR(modules)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "datasets", "reference", "cldr_territories.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Error("datasets/reference/cldr_territories.csv differs from the installed CLDR packages: run cybernorms cldr")
	}
}

// The committed reference places countries as the UN Statistics Division's
// "Standard country or area codes for statistical use" (M49) does; the
// sub-region is the finest level (the intermediate region where there is
// one). Every country x/text knows has a region, except those CLDR places
// only in Outlying Oceania (QO), not an M49 area: Antarctica, which M49
// places in no region, and four codes ISO 3166 reserves but assigns to no
// country (Ascension Island, Clipperton Island, Diego Garcia, Tristan da
// Cunha).
func TestCommittedCLDRRegions(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "datasets", "reference", "cldr_territories.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	row := map[string][]string{}
	for _, r := range recs[1:] {
		row[r[col["code"]]] = r
	}
	area := func(code string) string {
		if code == "" {
			return ""
		}
		return code + " " + row[code][col["name_en"]]
	}
	tests := []struct{ alpha2, region, subregion string }{
		{"FR", "150 Europe", "155 Western Europe"},
		{"GB", "150 Europe", "154 Northern Europe"},
		{"MK", "150 Europe", "039 Southern Europe"},
		{"KE", "002 Africa", "014 Eastern Africa"},
		{"MA", "002 Africa", "015 Northern Africa"},
		{"SN", "002 Africa", "011 Western Africa"},
		{"MX", "019 Americas", "013 Central America"},
		{"US", "019 Americas", "021 Northern America"},
		{"CO", "019 Americas", "005 South America"},
		{"DO", "019 Americas", "029 Caribbean"},
		{"JP", "142 Asia", "030 Eastern Asia"},
		{"QA", "142 Asia", "145 Western Asia"},
		{"CY", "142 Asia", "145 Western Asia"},
		{"NZ", "009 Oceania", "053 Australasia"},
		{"PG", "009 Oceania", "054 Melanesia"},
	}
	for _, tt := range tests {
		r, ok := row[tt.alpha2]
		if !ok {
			t.Errorf("%s: not in the reference", tt.alpha2)
			continue
		}
		if got := area(r[col["region_m49"]]); got != tt.region {
			t.Errorf("%s region = %q, want %q", tt.alpha2, got, tt.region)
		}
		if got := area(r[col["subregion_m49"]]); got != tt.subregion {
			t.Errorf("%s sub-region = %q, want %q", tt.alpha2, got, tt.subregion)
		}
	}
	for _, c := range All() {
		r, ok := row[c.Alpha2]
		if !ok {
			t.Errorf("%s %s: not in the reference", c.Alpha2, c.NameEN)
			continue
		}
		outlying := strings.Contains(" AQ AC CP DG TA ", " "+c.Alpha2+" ")
		if (r[col["region_m49"]] == "") != outlying {
			t.Errorf("%s %s: region %q", c.Alpha2, c.NameEN, r[col["region_m49"]])
		}
	}
}

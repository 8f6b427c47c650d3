package snapshot

import (
	"strings"
	"testing"
	"time"
)

func TestFileName(t *testing.T) {
	tests := []struct{ in, slug, category, code string }{
		{"_supporters/abb.md", "abb", "", ""},
		{"_supporters/abb-private-sector-SWE.md", "abb", "private-sector", "SWE"},
		{"_supporters/tuya-inc-private-sector-CHN.md", "tuya-inc", "private-sector", "CHN"},
		{"_supporters/strateg_east-undefined-civil-society-USA.md", "strateg_east-undefined", "civil-society", "USA"},
		{"_supporters/number_resource_organization_nro-civil-society-.md", "number_resource_organization_nro", "civil-society", ""},
		{"_supporters/interpol-international-organization.md", "interpol", "international-organization", ""},
		{"_supporters/uipath-private-sector-USA", "uipath", "private-sector", "USA"},
		{"_supporters/bumrungrad_international_hospital-private-sector-THA.md.", "bumrungrad_international_hospital", "private-sector", "THA"},
		{"_supporters/CASMU-private-sector-URY.md", "casmu", "private-sector", "URY"},
		{"_supporters/rimac_seguros-private-society-PER.md", "rimac_seguros", "private-society", "PER"},
		{`_supporters/--- name: "Accenture" category: private-sector nature: "Entreprise" nationality: FRA ---`, `--- name: "accenture" category: private-sector nature: "entreprise" nationality: fra ---`, "", ""},
	}
	for _, tt := range tests {
		slug, cat, code := FileName(tt.in)
		if slug != tt.slug || cat != tt.category || code != tt.code {
			t.Errorf("FileName(%q) = %q, %q, %q; want %q, %q, %q", tt.in, slug, cat, code, tt.slug, tt.category, tt.code)
		}
	}
}

func TestNameKey(t *testing.T) {
	same := [][2]string{
		{"ACN (Alliance pour la Confiance Numérique)", "Alliance pour la Confiance Numérique (ACN)"},
		{"Coalition of services industries", "The Coalition of Services Industries"},
		{"Emirats Arabe Unis", "emirats arabe unis"},
		{"Émirats Arabes Unis", "Emirats Arabes Unis"},
		{"ABB**", "ABB"},
	}
	for _, p := range same {
		if NameKey(p[0]) != NameKey(p[1]) {
			t.Errorf("NameKey(%q) = %q != NameKey(%q) = %q", p[0], NameKey(p[0]), p[1], NameKey(p[1]))
		}
	}
	different := [][2]string{
		{"American Chamber of Commerce in Bulgaria", "American Chamber of Commerce in Norway"},
		{"Europol", "INTERPOL"},
		{"Emirats Arabe Unis", "Émirats Arabes Unis"}, // a spelling fix is not a reordering
	}
	for _, p := range different {
		if NameKey(p[0]) == NameKey(p[1]) {
			t.Errorf("NameKey(%q) == NameKey(%q) = %q", p[0], p[1], NameKey(p[0]))
		}
	}
}

func sample() []Change {
	d := time.Date(2019, 11, 10, 19, 51, 26, 0, time.FixedZone("", 3600))
	return []Change{
		{Seq: 3, Date: d, Kind: Renamed, Path: "_supporters/abb-private-sector-SWE.md", OldPath: "_supporters/abb.md",
			Fields: map[string]string{"name": "ABB", "category": "private-sector", "nature": "Entreprise", "nationality": "SWE"},
			Keys:   []string{"name", "category", "nature", "nationality"}, Subject: "Unify supporter filenames"},
		{Seq: 3, Date: d, Kind: Added, Path: "_supporters/x, \"quoted\".md",
			Fields: map[string]string{"name": "X ", "category": "state"}, Keys: []string{"name", "category", "mood"},
			Other: map[string]string{"mood": "hopeful"}, Subject: "Line one"},
	}
}

func TestRoundTrip(t *testing.T) {
	cs := sample()
	Sort(cs)
	if cs[0].Kind != Added {
		t.Fatalf("Sort: added rows come first within a change, got %v", cs[0].Kind)
	}
	b, err := Encode(cs)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Read(strings.NewReader(string(b)), "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	b2, err := Encode(got)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != string(b2) {
		t.Fatalf("round trip changed the file:\n%s\n---\n%s", b, b2)
	}
	if got[0].Other["mood"] != "hopeful" || got[0].Fields["name"] != "X " || !got[0].Date.Equal(cs[0].Date) {
		t.Errorf("round trip lost values: %+v", got[0])
	}
	if _, off := got[0].Date.Zone(); off != 3600 {
		t.Errorf("offset lost: %d", off)
	}
}

func TestReadErrors(t *testing.T) {
	good, err := Encode(sample())
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(good), "\n"), "\n")
	row := lines[1]
	tests := []struct {
		name string
		body string
		want string
	}{
		{"empty", "", "s.csv:1: empty file, no header"},
		{"wrong header", strings.Replace(lines[0], "nature", "natur", 1) + "\n", `s.csv:1: field nature: header column 8 is "natur", want "nature"`},
		{"short row", lines[0] + "\n1,2,3\n", "s.csv:2: wrong number of fields: want 18 (" + strings.Join(Header, ",") + ")"},
		{"bad kind", lines[0] + "\n" + strings.Replace(row, ",renamed,", ",moved,", 1) + "\n", `s.csv:2: field change: "moved" is not one of added, removed, renamed, modified`},
		{"bad date", lines[0] + "\n" + strings.Replace(row, "2019-11-10T19:51:26+01:00", "10/11/2019", 1) + "\n", `s.csv:2: field date: "10/11/2019" is not an RFC 3339 date-time`},
		{"duplicate", lines[0] + "\n" + row + "\n" + row + "\n", "s.csv:3: field path: duplicate supporter file _supporters/abb-private-sector-SWE.md in change 3 (first on line 2)"},
		{"missing name", lines[0] + "\n" + strings.Replace(row, "name category", "category", 1) + "\n", "s.csv:2: field name: missing from _supporters/abb-private-sector-SWE.md"},
		{"order", lines[0] + "\n" + row + "\n" + strings.Replace(strings.Replace(row, "3,", "2,", 1), "abb-", "abc-", 1) + "\n", "s.csv:3: field seq: 2 comes after 3: rows must be in commit order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tt.body), "s.csv")
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v\nwant  %s", err, tt.want)
			}
		})
	}
}

// The front-matter fields the snapshot keeps are the published schema's
// columns between old_path and keys, in order.
func TestKnownFieldsAreTheSchemas(t *testing.T) {
	h := strings.Join(Header, ",")
	if want := "seq,date,change,path,old_path," + strings.Join(KnownFields, ",") + ",keys,other_fields,problem,subject"; h != want {
		t.Errorf("snapshot header %s, want %s", h, want)
	}
}

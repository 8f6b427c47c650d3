package cite

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestPinOf(t *testing.T) {
	tests := []struct{ desc, want, err string }{
		{`{"name": "pkg", "version": "1.2.3", "x-upstream": {"commit": "04c7d960db4648000e11fb78662e6281a38bdcfe"}}`,
			"{pkg 1.2.3 2021-01-18 04c7d960db4648000e11fb78662e6281a38bdcfe}", ""},
		{`{"name": "pkg", "version": "1.0.0"}`, "{pkg 1.0.0 2021-01-18 not recorded}", ""},
		{`{"name": `, "", "datapackage.json"},
	}
	for _, tt := range tests {
		p, err := PinOf([]byte(tt.desc), "2021-01-18")
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: err = %v", tt.desc, err)
			}
			continue
		}
		if got := fmt.Sprint(p); err != nil || got != tt.want {
			t.Errorf("%s: %s, %v; want %s", tt.desc, got, err, tt.want)
		}
	}
}

func TestCitationFormats(t *testing.T) {
	pin := Pin{Package: "pkg", Version: "1.2.3", AsOf: "2024-01-19", Commit: "04c7d96"}
	svg, csv := []byte("<svg/>"), []byte("x\n1\n")
	items := []Item{
		pin.Of("figures/a.svg", "Tabel 2.1 & 100% {coverage}", "a notebook", svg),
		pin.Of("tables/b_c.csv", "B", "the report", csv),
	}
	want := fmt.Sprintf("File figures/a.svg of a notebook; data package pkg version 1.2.3; as of 2024-01-19; supporter history read at upstream commit 04c7d96; sha256 %x", sha256.Sum256(svg))
	if items[0].Note() != want {
		t.Errorf("note %q\nwant %q", items[0].Note(), want)
	}
	bib := string(BibTeX(items...))
	for _, w := range []string{"@misc{cybernorms-figures-a-svg,", `title = {Tabel 2.1 \& 100\% \{coverage\}}`, `howpublished = {tables/b\_c.csv}`, items[1].SHA256, "\n\n@misc{cybernorms-tables-b_c-csv,"} {
		if !strings.Contains(bib, w) {
			t.Errorf("BibTeX lacks %q:\n%s", w, bib)
		}
	}
	b, err := CSL(items...)
	if err != nil {
		t.Fatal(err)
	}
	var got []struct{ ID, Type, Title, Version, Medium, Note string }
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("CSL-JSON: %v\n%s", err, b)
	}
	if len(got) != 2 || got[0].Type != "figure" || got[1].Type != "dataset" || got[0].Title != items[0].Title || got[1].Note != items[1].Note() || got[0].ID != items[0].Key {
		t.Errorf("CSL items %+v", got)
	}
}

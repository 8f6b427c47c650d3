package report

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/cite"
)

func TestCitations(t *testing.T) {
	desc := []byte(`{"name": "pkg", "version": "1.2.3", "x-upstream": {"commit": "04c7d960db4648000e11fb78662e6281a38bdcfe"}}`)
	files := map[string][]byte{"figures/a.svg": []byte("<svg/>"), "tables/b_c.csv": []byte("x\n1\n"), "index.html": nil}
	titles := map[string]string{"figures/a.svg": "Tabel 2.1 & 100% {coverage}", "tables/b_c.csv": "B"}
	sums := map[string]string{}
	for n, b := range files {
		sums[n] = fmt.Sprintf("%x", sha256.Sum256(b))
	}
	pin, err := cite.PinOf(desc, "2024-01-19")
	if err != nil {
		t.Fatal(err)
	}
	bib, csl, err := citations(pin, titles, sums)
	if err != nil {
		t.Fatal(err)
	}
	var items []struct{ ID, Type, Title, Version, Medium, Note string }
	if err := json.Unmarshal(csl, &items); err != nil {
		t.Fatalf("CSL-JSON: %v\n%s", err, csl)
	}
	if len(items) != 3 || items[0].ID != cite.ChapterKey || !strings.HasPrefix(string(bib), "@misc{"+cite.ChapterKey+",") {
		t.Fatalf("the chapter is not cited first: %+v\n%s", items, bib)
	}
	items = items[1:]
	if len(items) != 2 || items[0].Type != "figure" || items[1].Type != "dataset" || items[0].Title != titles["figures/a.svg"] {
		t.Fatalf("items %+v", items)
	}
	for _, it := range items {
		sum := fmt.Sprintf("%x", sha256.Sum256(files[it.Medium]))
		for _, want := range []string{"version 1.2.3", "as of 2024-01-19", "upstream commit 04c7d960db4648000e11fb78662e6281a38bdcfe", "sha256 " + sum} {
			if !strings.Contains(it.Note, want) {
				t.Errorf("%s: note %q lacks %q", it.Medium, it.Note, want)
			}
		}
		if it.Version != "1.2.3" || !strings.Contains(string(bib), "@misc{"+it.ID+",") || !strings.Contains(string(bib), sum) {
			t.Errorf("%s: not cited in BibTeX with its version and sha256:\n%s", it.Medium, bib)
		}
	}
	if !strings.Contains(string(bib), `title = {Tabel 2.1 \& 100\% \{coverage\}}`) || !strings.Contains(string(bib), `tables/b\_c.csv`) {
		t.Errorf("TeX markup not escaped:\n%s", bib)
	}
	if _, _, err := citations(pin, map[string]string{"figures/none.svg": "x"}, sums); err == nil {
		t.Error("a citation of a file the report lacks was made")
	}
	bare, _ := cite.PinOf([]byte(`{"version": "1.0.0"}`), "2021-01-18")
	if _, csl, _ := citations(bare, titles, sums); !strings.Contains(string(csl), "upstream commit not recorded") {
		t.Errorf("without x-upstream: %s", csl)
	}
}

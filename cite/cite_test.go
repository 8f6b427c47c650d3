package cite

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

func TestPinOf(t *testing.T) {
	tests := []struct{ desc, want, err string }{
		{`{"name": "pkg", "version": "1.2.3", "x-upstream": {"commit": "04c7d960db4648000e11fb78662e6281a38bdcfe"}}`,
			"{pkg 1.2.3 2021-01-18 04c7d960db4648000e11fb78662e6281a38bdcfe    }", ""},
		{`{"name": "pkg", "version": "1.2.3", "x-upstream": {"commit": "04c7d96", "read_on": "2026-11-24", "public_repository": "https://github.com/o/r", "public_commit": "fbdf676"}}`,
			"{pkg 1.2.3 2021-01-18 04c7d96 fbdf676 https://github.com/o/r 2026 https://github.com/o/r/tree/fbdf676}", ""},
		{`{"name": "pkg", "version": "1.2.3", "homepage": "https://example.org/p", "x-upstream": {"commit": "04c7d96", "public_repository": "https://github.com/o/r", "public_commit": "fbdf676"}}`,
			"{pkg 1.2.3 2021-01-18 04c7d96 fbdf676 https://github.com/o/r  https://example.org/p}", ""},
		{`{"name": "pkg", "version": "1.0.0"}`, "{pkg 1.0.0 2021-01-18 not recorded    }", ""},
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
	want := fmt.Sprintf("File figures/a.svg of a notebook; data package pkg version 1.2.3; as of 2024-01-19; supporter history read at upstream commit 04c7d96; chapter facts from %s; sha256 %x", ChapterKey, sha256.Sum256(svg))
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

// TestPublicCommitNamedFirst: a reader is given the commit they can find,
// and the reference copy's only beside it.
func TestPublicCommitNamedFirst(t *testing.T) {
	tests := []struct {
		pin  Pin
		want string
	}{
		{Pin{Commit: "04c7d96"}, "04c7d96"},
		{Pin{Commit: "fbdf676", PublicCommit: "fbdf676", PublicRepository: "https://github.com/o/r"}, "fbdf676 of https://github.com/o/r"},
		{Pin{Commit: "04c7d96", PublicCommit: "fbdf676", PublicRepository: "https://github.com/o/r"}, "fbdf676 of https://github.com/o/r (reference copy's commit 04c7d96)"},
	}
	for _, tt := range tests {
		if got := tt.pin.Upstream(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.pin, got, tt.want)
		}
	}
}

// TestBibTeXYearAndURL: an entry has a year and a URL when the descriptor
// records them, and none made up when it does not.
func TestBibTeXYearAndURL(t *testing.T) {
	pin := Pin{Package: "pkg", Version: "1.2.3", AsOf: "2024-01-19", Commit: "04c7d96", Year: "2026", URL: "https://github.com/o/r/tree/fbdf676"}
	bib := string(BibTeX(pin.Of("figures/a.svg", "A", "the report", nil)))
	for _, w := range []string{"  year = {2026},\n", "  url = {https://github.com/o/r/tree/fbdf676},\n"} {
		if !strings.Contains(bib, w) {
			t.Errorf("BibTeX lacks %q:\n%s", w, bib)
		}
	}
	pin.Year, pin.URL = "", ""
	if bib := string(BibTeX(pin.Of("figures/a.svg", "A", "the report", nil))); strings.Contains(bib, "year =") || strings.Contains(bib, "url =") {
		t.Errorf("a year or URL not recorded was written:\n%s", bib)
	}
}

// TestBibliographyLeadsWithTheChapter: a file of citations cites the
// chapter, once, before the exhibits, in both formats.
func TestBibliographyLeadsWithTheChapter(t *testing.T) {
	pin := Pin{Package: "pkg", Version: "1.2.3", AsOf: "2024-01-19", Commit: "04c7d96"}
	bib, csl, err := Bibliography(pin.Of("figures/a.svg", "A", "the report", nil), pin.Of("tables/b.csv", "B", "the report", nil))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(bib), "@misc{"+ChapterKey+",") || strings.Count(string(bib), "@misc{") != 3 || !strings.Contains(string(bib), "Novanto") {
		t.Errorf("BibTeX:\n%s", bib)
	}
	var got []struct{ ID, Type, Note string }
	if err := json.Unmarshal(csl, &got); err != nil {
		t.Fatalf("CSL-JSON: %v\n%s", err, csl)
	}
	if len(got) != 3 || got[0].ID != ChapterKey || got[0].Type != "thesis" || got[1].ID != "cybernorms-figures-a-svg" || !strings.Contains(got[0].Note, ArticleURL) {
		t.Errorf("CSL items %+v", got)
	}
	if _, csl, _ := Bibliography(); !json.Valid(csl) {
		t.Errorf("no items: %s", csl)
	}
}

// TestChapterNamesItsWriter: the chapter's entry names the writer the
// chapter credits, in both formats, and the chapter's text holds the two
// passages the note quotes.
func TestChapterNamesItsWriter(t *testing.T) {
	if bib := string(ChapterBibTeX()); !strings.Contains(bib, "  author = {Novanto, Diko Catur},\n") {
		t.Errorf("BibTeX names no writer:\n%s", bib)
	}
	b, err := ChapterCSL()
	if err != nil {
		t.Fatal(err)
	}
	var csl struct {
		Author []struct{ Family, Given string }
	}
	if err := json.Unmarshal(b, &csl); err != nil || len(csl.Author) != 1 || csl.Author[0].Family != "Novanto" || csl.Author[0].Given != "Diko Catur" {
		t.Errorf("CSL-JSON author %+v (%v):\n%s", csl.Author, err, b)
	}
	seeds, err := filepath.Glob(filepath.Join(testenv.Shared(t), "seed", "*.txt"))
	if err != nil || len(seeds) != 1 {
		testenv.Missing(t, "want one chapter text in shared/seed, found %d (%v)", len(seeds), err)
	}
	text, err := os.ReadFile(seeds[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, quoted := range []string{"Map: " + ChapterAuthorGiven + " " + ChapterAuthorFamily + " •", "Map Data dibuat oleh Penulis sendiri"} {
		if !strings.Contains(string(text), quoted) || !strings.Contains(ChapterNote, strings.TrimSuffix(quoted, " •")) {
			t.Errorf("%q is not both in the chapter and in the note", quoted)
		}
	}
}
